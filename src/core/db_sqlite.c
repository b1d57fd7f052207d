/*
 * db_sqlite.c - the SQLite engine (db_internal.h's struct db_engine): a
 * database in one file, opened with the right pragmas and file modes,
 * forward-only migrations compiled in from data/migrations, the
 * statements of the storage module, and backups with SQLite's online
 * backup.
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

#include "irt/embedded.h"
#include "irt/xalloc.h"

static const struct db_engine sqlite_engine;

/* ---- statements ---------------------------------------------------- */

/* A statement: the layer's part first. */
struct sqlite_q {
	struct dbq q;
	sqlite3_stmt *st;
};

#define ST(q) (((struct sqlite_q *)(q))->st)

static enum irt_status sqlite_prepare(struct db *db, const char *sql,
                                      struct dbq **out, struct irt_err *err)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->conn, sql, -1, &st, NULL);
	struct sqlite_q *q;

	*out = NULL;
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "preparing a query", err);
	q = xcalloc(1, sizeof *q);
	q->q.db = db;
	q->st = st;
	*out = &q->q;
	return IRT_OK;
}

static void sqlite_bind_int64(struct dbq *q, int i, int64_t v)
{
	sqlite3_bind_int64(ST(q), i, v);
}

static void sqlite_bind_double(struct dbq *q, int i, double v)
{
	sqlite3_bind_double(ST(q), i, v);
}

static void sqlite_bind_text(struct dbq *q, int i, const char *s, int own)
{
	sqlite3_bind_text(ST(q), i, s, -1, own ? free : SQLITE_STATIC);
}

static void sqlite_bind_null(struct dbq *q, int i)
{
	sqlite3_bind_null(ST(q), i);
}

static int sqlite_step(struct dbq *q)
{
	return sqlite3_step(ST(q));
}

static int64_t sqlite_col_int64(struct dbq *q, int i)
{
	return sqlite3_column_int64(ST(q), i);
}

static double sqlite_col_double(struct dbq *q, int i)
{
	return sqlite3_column_double(ST(q), i);
}

static const char *sqlite_col_text(struct dbq *q, int i)
{
	return (const char *)sqlite3_column_text(ST(q), i);
}

static size_t sqlite_col_bytes(struct dbq *q, int i)
{
	return (size_t)sqlite3_column_bytes(ST(q), i);
}

static void sqlite_reset(struct dbq *q)
{
	sqlite3_reset(ST(q));
}

static void sqlite_finalize(struct dbq *q)
{
	sqlite3_finalize(ST(q));
	free(q);
}

static int64_t sqlite_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->conn);
}

static const char *sqlite_errmsg(struct db *db)
{
	return db->conn ? sqlite3_errmsg(db->conn) : "not open";
}

/* ---- transactions -------------------------------------------------- */

static enum irt_status sqlite_exec(struct db *db, const char *sql,
                                   struct irt_err *err)
{
	int rc = sqlite3_exec(db->conn, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? IRT_OK : db_fail(db, rc, "database", err);
}

/* A write takes the write lock at once (BEGIN IMMEDIATE), so two
 * writers serialise; a read is a snapshot. */
static enum irt_status sqlite_begin(struct db *db, int write,
                                    struct irt_err *err)
{
	int rc =
	    sqlite3_exec(db->conn, write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED",
	                 NULL, NULL, NULL);

	return rc == SQLITE_OK
	           ? IRT_OK
	           : db_fail(db, rc,
	                     write ? "starting a write" : "starting a read",
	                     err);
}

static enum irt_status sqlite_commit(struct db *db, struct irt_err *err)
{
	int rc = sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);

	return rc == SQLITE_OK ? IRT_OK : db_fail(db, rc, "saving", err);
}

static void sqlite_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- the file and its schema --------------------------------------- */

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
		/* search_marks: those of the long notes there are. */
		if (strstr(m[i]->name, "-search-marks.sql") && version > 0)
			status = db_search_marks_backfill(db, err);
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

static int sqlite_schema_check(struct db *db, char *what, size_t size)
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

enum irt_status db_sqlite_open(struct db *db, int flags, struct irt_err *err)
{
	const char *path = db->path;
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	enum irt_status status;
	int rc, wal = 0;
	struct stat sb;

	db->engine = &sqlite_engine;
	if (flags & DB_OPEN_READONLY) {
		oflags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
	} else if (flags & DB_OPEN_CREATE) {
		status = make_parent_dirs(path, err);
		if (status == IRT_OK)
			status = create_file(path, err);
		if (status != IRT_OK)
			return status;
	}
	if (stat(path, &sb) != 0)
		return irt_err_set(err, IRT_ERR_IO,
		                   "cannot open database %s: %s", path,
		                   strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return irt_err_set(err, IRT_ERR_IO, "%s is not a regular file",
		                   path);
	if (!(flags & DB_OPEN_READONLY)) {
		status = check_writable(path, err);
		if (status != IRT_OK)
			return status;
	}
	rc = sqlite3_open_v2(path, &db->conn, oflags, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "opening the database", err);
	sqlite3_extended_result_codes(db->conn, 1);
	sqlite3_busy_handler(db->conn, on_busy, db);
	/* The first read tells a non-database file from a database; then
	 * look before changing anything (even the journal mode): a newer
	 * irt's database or another program's is refused byte for byte as
	 * it was. */
	status = pragma_int(db, "PRAGMA user_version", &wal, err);
	if (status == IRT_OK)
		status = check_ours(db, err);
	if (status != IRT_OK)
		return status;
	status = db_exec(db, "PRAGMA foreign_keys = ON", err);
	if (status == IRT_OK && !(flags & DB_OPEN_READONLY)) {
		status = db_exec(db, "PRAGMA journal_mode = WAL", err);
		if (status == IRT_OK)
			status = db_exec(db, "PRAGMA synchronous = FULL", err);
		if (status == IRT_OK)
			status = migrate(db, err);
	}
	return status;
}

static void sqlite_close(struct db *db)
{
	sqlite3_close(db->conn);
	db->conn = NULL;
}

static int64_t sqlite_data_version(struct db *db)
{
	int version = 0;

	if (pragma_int(db, "PRAGMA data_version", &version, NULL) != IRT_OK)
		return -1;
	return version;
}

static enum irt_status sqlite_backup(struct db *db, const char *path,
                                     struct irt_err *err)
{
	char *tmp;
	sqlite3 *dest = NULL;
	sqlite3_backup *bk;
	enum irt_status status = IRT_OK;
	int fd, rc;

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

/* One pass over the whole database, with a lookup of each entry's event
 * by UUID (pages all over the file). Not mapped: every page touched in a
 * mapping stays in the process's resident memory, the whole database by
 * the end (740 MB for 1,000,000 events); a page cache of 32 MiB instead
 * (the default is 2 MiB) keeps most of the index lookups from reading the
 * same pages again. */
static void sqlite_scan_begin(struct db *db)
{
	db_exec(db, "PRAGMA cache_size = -32768", NULL);
}

static void sqlite_scan_end(struct db *db)
{
	db_exec(db, "PRAGMA cache_size = -2000", NULL); /* the default */
}

static const struct db_engine sqlite_engine = {
    .prepare = sqlite_prepare,
    .bind_int64 = sqlite_bind_int64,
    .bind_double = sqlite_bind_double,
    .bind_text = sqlite_bind_text,
    .bind_null = sqlite_bind_null,
    .step = sqlite_step,
    .col_int64 = sqlite_col_int64,
    .col_double = sqlite_col_double,
    .col_text = sqlite_col_text,
    .col_bytes = sqlite_col_bytes,
    .reset = sqlite_reset,
    .finalize = sqlite_finalize,
    .last_id = sqlite_last_id,
    .errmsg = sqlite_errmsg,
    .exec = sqlite_exec,
    .begin = sqlite_begin,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .close = sqlite_close,
    .data_version = sqlite_data_version,
    .schema_check = sqlite_schema_check,
    .backup = sqlite_backup,
    .scan_begin = sqlite_scan_begin,
    .scan_end = sqlite_scan_end,
    .list_text_sql =
        "title LIKE ?5 ESCAPE '\\' OR component LIKE ?5 ESCAPE '\\' OR "
        "description LIKE ?5 ESCAPE '\\' OR owner LIKE ?5 ESCAPE '\\' OR "
        "cve LIKE ?5 ESCAPE '\\' OR id IN (SELECT k.incident_id FROM "
        "search_fts CROSS JOIN search_keys k ON k.key = search_fts.rowid "
        "WHERE search_fts MATCH ?6)",
    .text_query = db_fts_query,
    .has_file = 1,
};

const char *db_sqlite_version(void)
{
	return sqlite3_libversion();
}
