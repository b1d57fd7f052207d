/*
 * db.c - the SQLite connection: opening with the right pragmas and file
 * modes, forward-only migrations compiled in from data/migrations, and
 * write transactions.
 *
 * Invariants: PRAGMA foreign_keys=ON, journal_mode=WAL, synchronous=FULL
 * and a busy timeout on every connection; user_version equals the number
 * of migrations applied; a database whose user_version is above ours is
 * never written to.
 */
#include "db_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "irt/chain.h"
#include "irt/embedded.h"
#include "irt/rules.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

#define DEFAULT_BUSY_TIMEOUT_MS 5000

/* Migrations in order: data/migrations/NNN-*.sql, embedded at build time. */
static size_t migrations(const struct embedded_file **out, size_t max)
{
	size_t n = 0;

	for (const struct embedded_file *f = embedded_files; f->name; f++)
		if (strncmp(f->name, "migrations/", 11) == 0 && n < max)
			out[n++] = f; /* the table is sorted by name */
	return n;
}

int db_schema_version(void)
{
	const struct embedded_file *m[64];

	return (int)migrations(m, 64);
}

enum irt_status db_fail(struct db *db, int rc, const char *what,
                        struct irt_err *err)
{
	const char *msg = db && db->conn ? db_errmsg(db) : sqlite3_errstr(rc);

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
	int rc = sqlite3_exec(db->conn, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? IRT_OK : db_fail(db, rc, "database", err);
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

/* Creates the directories of path that are missing, each 0700. */
static enum irt_status make_parent_dirs(const char *path, struct irt_err *err)
{
	char *copy = xstrdup(path);
	char *dir = dirname(copy);
	enum irt_status status = IRT_OK;

	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			status = irt_err_set(err, IRT_ERR_IO,
			                     "cannot create directory %s: %s",
			                     dir, strerror(errno));
			goto out;
		}
		*p = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		status = irt_err_set(err, IRT_ERR_IO,
		                     "cannot create directory %s: %s", dir,
		                     strerror(errno));
out:
	free(copy);
	return status;
}

/* Creates the database file 0600 if it does not exist yet. */
static enum irt_status create_file(const char *path, struct irt_err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd >= 0) {
		close(fd);
		return IRT_OK;
	}
	if (errno == EEXIST)
		return IRT_OK;
	return irt_err_set(err, IRT_ERR_IO, "cannot create database %s: %s",
	                   path, strerror(errno));
}

/*
 * SQLite needs to write the database and, in WAL mode, files beside it;
 * say so plainly instead of failing later with "unable to open".
 */
static enum irt_status check_writable(const char *path, struct irt_err *err)
{
	char *copy = xstrdup(path);
	const char *dir = dirname(copy);
	enum irt_status status = IRT_OK;

	if (access(path, W_OK) != 0 || access(dir, W_OK) != 0)
		status = irt_err_set(err, IRT_ERR_IO,
		                     "%s or its directory is read-only (%s): "
		                     "irt needs to write both; nothing was "
		                     "changed",
		                     path, strerror(errno));
	free(copy);
	return status;
}

static enum irt_status pragma_int(struct db *db, const char *sql, int *value,
                                  struct irt_err *err)
{
	struct dbq *st;
	enum irt_status status = db_prepare(db, sql, &st, err);
	int rc;

	if (status != IRT_OK)
		return status;
	rc = dbq_step(st);
	if (rc == DBQ_ROW)
		*value = dbq_int(st, 0);
	else
		status = db_fail(db, rc, "reading the database", err);
	dbq_finalize(st);
	return status;
}

static enum irt_status migrate(struct db *db, struct irt_err *err)
{
	const struct embedded_file *m[64];
	int n = (int)migrations(m, 64), version = 0, tables = 0;
	enum irt_status status;
	char sql[64];

	status = pragma_int(db, "PRAGMA user_version", &version, err);
	if (status != IRT_OK)
		return status;
	if (version > n)
		return irt_err_set(err, IRT_ERR_NEWER,
		                   "%s was written by a newer irt (schema %d; "
		                   "this irt knows up to %d): upgrade irt; the "
		                   "database was not touched",
		                   db->path, version, n);
	if (version == n)
		return IRT_OK;
	status = db_write_begin(db, err);
	if (status != IRT_OK)
		return status;
	/* Another process may have migrated while we waited for the lock. */
	status = pragma_int(db, "PRAGMA user_version", &version, err);
	if (status != IRT_OK)
		goto out;
	if (version == 0) {
		status = pragma_int(db, "SELECT count(*) FROM sqlite_schema",
		                    &tables, err);
		if (status != IRT_OK)
			goto out;
		if (tables > 0) {
			status = irt_err_set(err, IRT_ERR_CORRUPT,
			                     "%s is an SQLite database but "
			                     "not irt's; it was not touched",
			                     db->path);
			goto out;
		}
	}
	for (int i = version; i < n; i++) {
		int rc = sqlite3_exec(db->conn, m[i]->data, NULL, NULL, NULL);

		if (rc != SQLITE_OK) {
			status = db_fail(db, rc, m[i]->name, err);
			goto out;
		}
		/* Schema 3 adds the ledger: entries for what is there. */
		if (i == 2 && version > 0)
			status = db_ledger_backfill(db, err);
		if (status != IRT_OK)
			goto out;
	}
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", n);
	status = db_exec(db, sql, err);
	if (status == IRT_OK)
		return db_write_commit(db, err);
out:
	db_write_rollback(db);
	return status;
}

/* "type name|table|sql" for each schema row, sorted; into *lines. */
static int schema_lines(sqlite3 *conn, char ***lines, size_t *n)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(
	    conn,
	    "SELECT type || ' ' || name, tbl_name || '|' || coalesce(sql, '') "
	    "FROM sqlite_schema ORDER BY type, name",
	    -1, &st, NULL);

	*lines = NULL;
	*n = 0;
	if (rc != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*lines = xrealloc(*lines, (*n + 1) * sizeof **lines);
		(*lines)[(*n)++] =
		    xasprintf("%s\t%s", sqlite3_column_text(st, 0),
		              sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void lines_free(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

static int has_line(char **lines, size_t n, const char *line)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(lines[i], line) == 0)
			return 1;
	return 0;
}

int db_schema_check(struct db *db, char *what, size_t size)
{
	const struct embedded_file *m[64];
	int n = (int)migrations(m, 64), version = -1, result = -1;
	sqlite3 *ref = NULL;
	char **want = NULL, **got = NULL;
	size_t n_want = 0, n_got = 0;

	snprintf(what, size, "the schema cannot be read");
	if (pragma_int(db, "PRAGMA user_version", &version, NULL) != IRT_OK)
		return -1;
	if (version != n) {
		snprintf(what, size,
		         "the schema version is %d, not %d (user_version was "
		         "changed)",
		         version, n);
		return -1;
	}
	if (sqlite3_open(":memory:", &ref) != SQLITE_OK)
		goto out;
	for (int i = 0; i < n; i++)
		if (sqlite3_exec(ref, m[i]->data, NULL, NULL, NULL) !=
		    SQLITE_OK)
			goto out;
	if (schema_lines(ref, &want, &n_want) != 0 ||
	    schema_lines(db->conn, &got, &n_got) != 0)
		goto out;
	result = 0;
	for (size_t i = 0; i < n_want && result == 0; i++)
		if (!has_line(got, n_got, want[i])) {
			snprintf(what, size,
			         "%.*s is missing or was changed (an "
			         "append-only guard or table of irt's)",
			         (int)strcspn(want[i], "\t"), want[i]);
			result = -1;
		}
	for (size_t i = 0; i < n_got && result == 0; i++)
		if (!has_line(want, n_want, got[i])) {
			snprintf(what, size, "%.*s is not irt's",
			         (int)strcspn(got[i], "\t"), got[i]);
			result = -1;
		}
out:
	lines_free(want, n_want);
	lines_free(got, n_got);
	sqlite3_close(ref);
	return result;
}

/* Refuses, before anything is written, a database of a newer irt or of
 * another program. */
static enum irt_status check_ours(struct db *db, struct irt_err *err)
{
	int version = 0, tables = 0;
	enum irt_status status =
	    pragma_int(db, "PRAGMA user_version", &version, err);

	if (status == IRT_OK && version == 0)
		status = pragma_int(db, "SELECT count(*) FROM sqlite_schema",
		                    &tables, err);
	if (status != IRT_OK)
		return status;
	if (version > db_schema_version())
		return irt_err_set(err, IRT_ERR_NEWER,
		                   "%s was written by a newer irt (schema %d; "
		                   "this irt knows up to %d): upgrade irt; the "
		                   "database was not touched",
		                   db->path, version, db_schema_version());
	if (version == 0 && tables > 0)
		return irt_err_set(err, IRT_ERR_CORRUPT,
		                   "%s is an SQLite database but not irt's; it "
		                   "was not touched",
		                   db->path);
	return IRT_OK;
}

/* The busy timeout db_open gives each new connection, in ms. */
static int busy_timeout_ms = DEFAULT_BUSY_TIMEOUT_MS;

void db_set_default_busy_timeout(int ms)
{
	busy_timeout_ms = ms > 0 ? ms : DEFAULT_BUSY_TIMEOUT_MS;
}

/* How long the busy handler sleeps between tries, in ms. */
#define BUSY_STEP_MS 20

/*
 * SQLite's busy handler: sleeps BUSY_STEP_MS at a time until the busy
 * timeout has passed (then SQLITE_BUSY), telling the wait hook, if any,
 * before each sleep; a hook that returns nonzero ends the wait at once
 * and marks it cancelled for db_fail.
 */
static int on_busy(void *arg, int n_tries)
{
	struct db *db = arg;
	int waited_ms = n_tries * BUSY_STEP_MS;

	if (n_tries == 0)
		db->wait_cancelled = 0;
	if (waited_ms >= db->busy_timeout_ms)
		return 0;
	if (db->wait_hook && db->wait_hook(db->wait_arg, waited_ms) != 0) {
		db->wait_cancelled = 1;
		return 0;
	}
	sqlite3_sleep(BUSY_STEP_MS);
	return 1;
}

void db_set_wait_hook(struct db *db, int (*hook)(void *arg, int waited_ms),
                      void *arg)
{
	db->wait_hook = hook;
	db->wait_arg = arg;
}

enum irt_status db_open(const char *path, int flags, struct db **out,
                        struct irt_err *err)
{
	struct db *db = xcalloc(1, sizeof *db);
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	enum irt_status status;
	int rc, wal = 0;
	struct stat sb;

	*out = NULL;
	db->path = xstrdup(path);
	if (flags & DB_OPEN_READONLY) {
		oflags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
	} else if (flags & DB_OPEN_CREATE) {
		status = make_parent_dirs(path, err);
		if (status == IRT_OK)
			status = create_file(path, err);
		if (status != IRT_OK)
			goto fail;
	}
	if (stat(path, &sb) != 0) {
		status =
		    irt_err_set(err, IRT_ERR_IO, "cannot open database %s: %s",
		                path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(sb.st_mode)) {
		status = irt_err_set(err, IRT_ERR_IO,
		                     "%s is not a regular file", path);
		goto fail;
	}
	if (!(flags & DB_OPEN_READONLY)) {
		status = check_writable(path, err);
		if (status != IRT_OK)
			goto fail;
	}
	rc = sqlite3_open_v2(path, &db->conn, oflags, NULL);
	if (rc != SQLITE_OK) {
		status = db_fail(db, rc, "opening the database", err);
		goto fail;
	}
	sqlite3_extended_result_codes(db->conn, 1);
	db->busy_timeout_ms = busy_timeout_ms;
	sqlite3_busy_handler(db->conn, on_busy, db);
	/* The first read tells a non-database file from a database; then
	 * look before changing anything (even the journal mode): a newer
	 * irt's database or another program's is refused byte for byte as
	 * it was. */
	status = pragma_int(db, "PRAGMA user_version", &wal, err);
	if (status == IRT_OK)
		status = check_ours(db, err);
	if (status != IRT_OK)
		goto fail;
	status = db_exec(db, "PRAGMA foreign_keys = ON", err);
	if (status == IRT_OK && !(flags & DB_OPEN_READONLY)) {
		status = db_exec(db, "PRAGMA journal_mode = WAL", err);
		if (status == IRT_OK)
			status = db_exec(db, "PRAGMA synchronous = FULL", err);
		if (status == IRT_OK)
			status = migrate(db, err);
	}
	if (status != IRT_OK)
		goto fail;
	db->ready = 1;
	*out = db;
	return IRT_OK;
fail:
	db_close(db);
	return status;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	if (db->in_write)
		db_write_rollback(db);
	db_read_end(db);
	dbq_finalize(db->insert_event);
	dbq_finalize(db->insert_ledger);
	sqlite3_close(db->conn);
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
	int version = 0;

	if (pragma_int(db, "PRAGMA data_version", &version, NULL) != IRT_OK)
		return -1;
	return version;
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
	int rc;

	db_read_end(db);
	db->wait_cancelled = 0;
	rc = sqlite3_exec(db->conn, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "starting a write", err);
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
	int rc;

	if (db_sign_flush(db, err) != IRT_OK) {
		db_write_rollback(db);
		return err->status;
	}
	rc = sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		enum irt_status status = db_fail(db, rc, "saving", err);

		db_write_rollback(db);
		return status;
	}
	db->in_write = 0;
	return IRT_OK;
}

enum irt_status db_read_begin(struct db *db, struct irt_err *err)
{
	int rc;

	if (db->in_write || db->in_read)
		return IRT_OK;
	rc = sqlite3_exec(db->conn, "BEGIN DEFERRED", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "starting a read", err);
	db->in_read = 1;
	return IRT_OK;
}

void db_read_end(struct db *db)
{
	if (!db->in_read)
		return;
	/* A read-only transaction: rolling back just ends the snapshot. */
	sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
	db->in_read = 0;
}

void db_write_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
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
	char *tmp;
	sqlite3 *dest = NULL;
	sqlite3_backup *bk;
	enum irt_status status = db_refuse_own_file(db, path, err);
	int fd, rc;

	if (status != IRT_OK)
		return status;
	tmp = xasprintf("%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		status = irt_err_set(err, IRT_ERR_IO, "cannot create %s: %s",
		                     tmp, strerror(errno));
		free(tmp);
		return status;
	}
	close(fd);
	rc = sqlite3_open_v2(tmp, &dest, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		status = irt_err_set(err, IRT_ERR_IO, "cannot open %s: %s", tmp,
		                     sqlite3_errstr(rc));
		goto out;
	}
	bk = sqlite3_backup_init(dest, "main", db->conn, "main");
	if (!bk) {
		status = irt_err_set(err, IRT_ERR_DB, "backup: %s",
		                     sqlite3_errmsg(dest));
		goto out;
	}
	/* Copy in steps so writers are never blocked for long; a write by
	 * another connection restarts the copy, which stays consistent. */
	do {
		rc = sqlite3_backup_step(bk, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(10);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		status = irt_err_set(
		    err, rc == SQLITE_FULL ? IRT_ERR_IO : IRT_ERR_DB,
		    "backup to %s failed: %s", path, sqlite3_errstr(rc));
		goto out;
	}
	rc = sqlite3_exec(dest, "PRAGMA journal_mode = DELETE", NULL, NULL,
	                  NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_close(dest);
	dest = NULL;
	if (rc != SQLITE_OK) {
		status = irt_err_set(err, IRT_ERR_IO, "backup to %s failed: %s",
		                     path, sqlite3_errstr(rc));
		goto out;
	}
	if (rename(tmp, path) != 0)
		status =
		    irt_err_set(err, IRT_ERR_IO, "cannot rename %s to %s: %s",
		                tmp, path, strerror(errno));
out:
	if (dest)
		sqlite3_close(dest);
	if (status != IRT_OK)
		unlink(tmp);
	free(tmp);
	return status;
}
