/*
 * db.c - the storage module's connection, whichever engine is behind it
 * (db_sqlite.c, or db_pg.c for a server URI): opening, write and read
 * transactions, the time of a write, and the statement layer's calls,
 * each passed to the engine.
 *
 * Invariants: a write holds the engine's write lock from db_write_begin
 * to its commit or rollback, so writes serialise; its time never goes
 * before the ledger's last entry.
 */
#include "db_internal.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "irt/module.h"
#include "irt/rules.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

#define DEFAULT_BUSY_TIMEOUT_MS 5000

/* ---- statements ---------------------------------------------------- */

enum irt_status db_prepare(struct db *db, const char *sql, struct dbq **q,
                           struct irt_err *err)
{
	return db->engine->prepare(db, sql, q, err);
}

void dbq_bind_int64(struct dbq *q, int i, int64_t v)
{
	q->db->engine->bind_int64(q, i, v);
}

void dbq_bind_double(struct dbq *q, int i, double v)
{
	q->db->engine->bind_double(q, i, v);
}

void dbq_bind_text(struct dbq *q, int i, const char *s)
{
	q->db->engine->bind_text(q, i, s, 0);
}

void dbq_bind_text_own(struct dbq *q, int i, char *s)
{
	q->db->engine->bind_text(q, i, s, 1);
}

void dbq_bind_null(struct dbq *q, int i)
{
	q->db->engine->bind_null(q, i);
}

int dbq_step(struct dbq *q)
{
	return q->db->engine->step(q);
}

int64_t dbq_int64(struct dbq *q, int i)
{
	return q->db->engine->col_int64(q, i);
}

int dbq_int(struct dbq *q, int i)
{
	return (int)q->db->engine->col_int64(q, i);
}

double dbq_double(struct dbq *q, int i)
{
	return q->db->engine->col_double(q, i);
}

const char *dbq_text(struct dbq *q, int i)
{
	return q->db->engine->col_text(q, i);
}

size_t dbq_bytes(struct dbq *q, int i)
{
	return q->db->engine->col_bytes(q, i);
}

void dbq_reset(struct dbq *q)
{
	q->db->engine->reset(q);
}

void dbq_finalize(struct dbq *q)
{
	if (q)
		q->db->engine->finalize(q);
}

int64_t db_last_id(struct db *db)
{
	return db->engine->last_id(db);
}

const char *db_errmsg(struct db *db)
{
	return db->engine->errmsg(db);
}

/* "HEAD (?,...),(?,...)": n_rows rows of n_cols marks. Caller frees. */
static char *rows_sql(const char *head, int n_cols, size_t n_rows)
{
	size_t row_len = (size_t)n_cols * 2 + 2;
	size_t len = strlen(head);
	char *sql = xmalloc(len + n_rows * (row_len + 1) + 1);
	char *p = sql + len;

	memcpy(sql, head, len);
	for (size_t r = 0; r < n_rows; r++) {
		if (r)
			*p++ = ',';
		*p++ = '(';
		for (int c = 0; c < n_cols; c++) {
			if (c)
				*p++ = ',';
			*p++ = '?';
		}
		*p++ = ')';
	}
	*p = '\0';
	return sql;
}

enum irt_status db_insert_rows(struct db *db, const char *head, int n_cols,
                               void *rows, size_t n, db_bind_row_fn bind,
                               db_rows_stored_fn stored, const char *what,
                               struct irt_err *err)
{
	struct dbq *full = NULL, *st;
	enum irt_status status = IRT_OK;

	for (size_t done = 0; done < n && status == IRT_OK;) {
		size_t k = n - done < DB_ROWS_PER_INSERT ? n - done
		                                         : DB_ROWS_PER_INSERT;
		int rc;

		/* Full batches share one statement; the last, shorter one
		 * has its own. */
		if (k == DB_ROWS_PER_INSERT && full) {
			st = full;
		} else {
			char *sql = rows_sql(head, n_cols, k);

			status = db_prepare(db, sql, &st, err);
			free(sql);
			if (status != IRT_OK)
				break;
			if (k == DB_ROWS_PER_INSERT)
				full = st;
		}
		for (size_t i = 0; i < k; i++)
			bind(st, (int)i * n_cols, rows, done + i);
		rc = dbq_step(st);
		if (rc != DBQ_DONE)
			status = db_fail(db, rc, what, err);
		else if (stored)
			stored(db, rows, done, k);
		dbq_reset(st);
		if (st != full)
			dbq_finalize(st);
		done += k;
	}
	dbq_finalize(full);
	return status;
}

/* ---- the connection ------------------------------------------------ */

enum irt_status db_fail(struct db *db, int rc, const char *what,
                        struct irt_err *err)
{
	const char *msg = db && db->engine ? db_errmsg(db) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		if (db && db->wait_cancelled)
			return irt_err_set(err, IRT_ERR_CANCELLED,
			                   "cancelled: nothing was written "
			                   "(another irt held the write lock, "
			                   "%s)",
			                   what);
		return irt_err_set(err, IRT_ERR_BUSY,
		                   "database busy: another irt holds the write "
		                   "lock (%s); try again",
		                   what);
	case SQLITE_FULL:
		return irt_err_set(err, IRT_ERR_IO,
		                   "%s: disk full; nothing was written", what);
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
	case SQLITE_IOERR:
		return irt_err_set(err, IRT_ERR_IO, "%s: %s", what, msg);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return irt_err_set(err, IRT_ERR_CORRUPT,
		                   "%s: %s is not a usable irt database (%s)",
		                   what, db && db->path ? db->path : "", msg);
	default:
		return irt_err_set(err, IRT_ERR_DB, "%s: %s", what, msg);
	}
}

enum irt_status db_exec(struct db *db, const char *sql, struct irt_err *err)
{
	return db->engine->exec(db, sql, err);
}

void db_col_copy(struct dbq *q, int i, char *buf, size_t size)
{
	const char *text = dbq_text(q, i);
	size_t n = text ? dbq_bytes(q, i) : 0;

	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(buf, text, n);
	buf[n] = '\0';
}

char *db_col_str(struct dbq *q, int i)
{
	return xstrdup(dbq_text(q, i));
}

/* The busy timeout db_open gives each new connection, in ms. */
static int busy_timeout_ms = DEFAULT_BUSY_TIMEOUT_MS;

void db_set_default_busy_timeout(int ms)
{
	busy_timeout_ms = ms > 0 ? ms : DEFAULT_BUSY_TIMEOUT_MS;
}

void db_set_wait_hook(struct db *db, int (*hook)(void *arg, int waited_ms),
                      void *arg)
{
	db->wait_hook = hook;
	db->wait_arg = arg;
}

int db_is_server(const char *path)
{
	return strncmp(path, "postgresql://", 13) == 0 ||
	       strncmp(path, "postgres://", 11) == 0 ||
	       strncmp(path, "pg:", 3) == 0;
}

/* The PostgreSQL engine is the module irt-pg.so (src/pg), loaded the
 * first time a server is opened (module.h): libpq and what it brings
 * (Kerberos, LDAP, TLS) are not loaded for a file. */
static enum irt_status pg_open(struct db *db, int flags, struct irt_err *err)
{
	enum irt_status (*open_fn)(struct db *, int, struct irt_err *);
	void *p = module_symbol(DB_PG_MODULE, DB_PG_ENTRY,
	                        "cannot open a PostgreSQL database", err);

	if (!p)
		return err->status;
	*(void **)&open_fn = p;
	return open_fn(db, flags, err);
}

enum irt_status db_open(const char *path, int flags, struct db **out,
                        struct irt_err *err)
{
	struct db *db = xcalloc(1, sizeof *db);
	enum irt_status status;

	*out = NULL;
	db->path = xstrdup(path);
	db->busy_timeout_ms = busy_timeout_ms;
	status = db_is_server(path) ? pg_open(db, flags, err)
	                            : db_sqlite_open(db, flags, err);
	if (status != IRT_OK) {
		db_close(db);
		return status;
	}
	db->ready = 1;
	*out = db;
	return IRT_OK;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	if (db->engine && db->in_write)
		db_write_rollback(db);
	if (db->engine)
		db_read_end(db);
	dbq_finalize(db->insert_event);
	dbq_finalize(db->insert_ledger);
	if (db->engine)
		db->engine->close(db);
	free(db->path);
	free(db->sign_key);
	free(db->sign_pending);
	free(db);
}

const char *db_path(const struct db *db)
{
	return db->path;
}

int64_t db_data_version(struct db *db)
{
	return db->engine->data_version(db);
}

/*
 * The time of this write: the clock, but never before the last entry of
 * the ledger, so recorded times never go backwards. A clock a little
 * behind (within the skew rules.h allows) is taken as that last time; a
 * clock further behind is refused rather than believed.
 */
static enum irt_status take_write_time(struct db *db, struct irt_err *err)
{
	int64_t now = timeutil_now_ms();
	enum irt_status status;
	char a[TIMEUTIL_BUFSZ], b[TIMEUTIL_BUFSZ];

	db->ledger_seq = -1; /* read it afresh: others may have written */
	status = db_ledger_head(db, err);
	if (status != IRT_OK)
		return status;
	if (now < db->ledger_recorded_ms) {
		if (db->ledger_recorded_ms - now > RULES_SKEW_MS) {
			timeutil_format_local(now, a, sizeof a);
			timeutil_format_local(db->ledger_recorded_ms, b,
			                      sizeof b);
			return irt_err_set(
			    err, IRT_ERR_IO,
			    "the system clock (%s) is behind the last entry "
			    "in %s (%s): recorded times never go backwards; "
			    "set the clock right; nothing was recorded",
			    a, db->path, b);
		}
		now = db->ledger_recorded_ms;
	}
	db->write_now_ms = now;
	return IRT_OK;
}

enum irt_status db_write_begin(struct db *db, struct irt_err *err)
{
	enum irt_status status;

	db_read_end(db);
	db->wait_cancelled = 0;
	status = db->engine->begin(db, 1, err);
	if (status != IRT_OK)
		return status;
	db->in_write = 1;
	db->ledger_seq = -1;
	if (!db->ready)
		return IRT_OK; /* migrating: no ledger yet */
	status = take_write_time(db, err);
	if (status != IRT_OK)
		db_write_rollback(db);
	return status;
}

int64_t db_write_time(const struct db *db)
{
	return db->write_now_ms;
}

enum irt_status db_write_commit(struct db *db, struct irt_err *err)
{
	enum irt_status status;

	if (db_sign_flush(db, err) != IRT_OK) {
		db_write_rollback(db);
		return err->status;
	}
	status = db->engine->commit(db, err);
	if (status != IRT_OK) {
		db_write_rollback(db);
		return status;
	}
	db->in_write = 0;
	return IRT_OK;
}

enum irt_status db_read_begin(struct db *db, struct irt_err *err)
{
	enum irt_status status;

	if (db->in_write || db->in_read)
		return IRT_OK;
	status = db->engine->begin(db, 0, err);
	if (status != IRT_OK)
		return status;
	db->in_read = 1;
	return IRT_OK;
}

void db_read_end(struct db *db)
{
	if (!db->in_read)
		return;
	/* A read-only transaction: rolling back just ends the snapshot. */
	db->engine->rollback(db);
	db->in_read = 0;
}

void db_write_rollback(struct db *db)
{
	db->engine->rollback(db);
	db->in_write = 0;
	db->ledger_seq = -1;
	db->n_sign_pending = 0;
}

/* path with its directory resolved (symlinks, "..") and, when path is a
 * symlink, the link followed as far as it goes; malloc'd, or NULL when
 * the directory does not exist. */
static char *canonical_name(const char *path)
{
	char *copy = xstrdup(path), *dir, *base, *real, *out = NULL;
	char link[4096];
	ssize_t n;
	int hops = 0;

	/* A dangling symlink names the file a write through it creates. */
	while (hops++ < 16 && (n = readlink(copy, link, sizeof link - 1)) > 0) {
		char *next;

		link[n] = '\0';
		if (link[0] == '/') {
			next = xstrdup(link);
		} else {
			char *d = xstrdup(copy);

			next = xasprintf("%s/%s", dirname(d), link);
			free(d);
		}
		free(copy);
		copy = next;
	}
	dir = xstrdup(copy);
	base = xstrdup(copy);
	real = realpath(dirname(dir), NULL);
	if (real)
		out = xasprintf("%s/%s", real, basename(base));
	free(real);
	free(dir);
	free(base);
	free(copy);
	return out;
}

enum irt_status db_refuse_own_file(const struct db *db, const char *path,
                                   struct irt_err *err)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char *target = canonical_name(path);
	struct stat ts, cs;
	int target_exists = stat(path, &ts) == 0, own = 0;
	size_t i;

	if (!db->engine->has_file) {
		free(target);
		return IRT_OK;
	}
	for (i = 0; i < sizeof suffixes / sizeof *suffixes && !own; i++) {
		char *c = xasprintf("%s%s", db->path, suffixes[i]);
		char *cc = canonical_name(c);

		/* The same file (a hard link too), or the same name. */
		if (target_exists && stat(c, &cs) == 0 &&
		    cs.st_dev == ts.st_dev && cs.st_ino == ts.st_ino)
			own = 1;
		if (target && cc && strcmp(target, cc) == 0)
			own = 1;
		free(cc);
		free(c);
	}
	free(target);
	if (!own)
		return IRT_OK;
	i--;
	return irt_err_set(err, IRT_ERR_INVALID,
	                   "%s is %s%s%s: refusing to write over it; choose "
	                   "another file",
	                   path, suffixes[i][0] ? "the " : "the database ",
	                   suffixes[i][0] ? suffixes[i] + 1 : db->path,
	                   suffixes[i][0] ? " file of the database" : "");
}

enum irt_status db_backup(struct db *db, const char *path, struct irt_err *err)
{
	enum irt_status status = db_refuse_own_file(db, path, err);

	return status == IRT_OK ? db->engine->backup(db, path, err) : status;
}

int db_schema_check(struct db *db, char *what, size_t size)
{
	return db->engine->schema_check(db, what, size);
}

enum irt_status db_roles(struct db *db, int *created, struct irt_err *err)
{
	struct dbq *st;
	enum irt_status status;
	int rc, before = 0;

	*created = 0;
	if (!db->engine->roles)
		return irt_err_set(
		    err, IRT_ERR_INVALID,
		    "%s is an SQLite file: it has no database roles (who may "
		    "read and write it is its file mode, 0600); roles are for "
		    "a PostgreSQL server (docs/team-server.md)",
		    db->path);
	status = db_prepare(db,
	                    "SELECT count(*) FROM pg_catalog.pg_roles WHERE "
	                    "rolname IN ('irt_responder', 'irt_auditor')",
	                    &st, err);
	if (status != IRT_OK)
		return status;
	rc = dbq_step(st);
	if (rc == DBQ_ROW)
		before = dbq_int(st, 0);
	else
		status = db_fail(db, rc, "reading the roles", err);
	dbq_finalize(st);
	if (status == IRT_OK)
		status = db->engine->roles(db, err);
	if (status == IRT_OK)
		*created = before < 2;
	return status;
}
