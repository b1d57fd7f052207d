/*
 * db_pg.c - the PostgreSQL engine (db_internal.h's struct db_engine), for
 * a team server: `--db postgresql://user@host/dbname`, `postgres://...`
 * or `pg:SERVICE` (an entry of pg_service.conf). libpq connects, with
 * its usual password sources (~/.pgpass, $PGPASSWORD) and TLS settings;
 * a URI that carries a password is refused before anything is sent.
 *
 * Everything is in the schema irt (data/pg/001-init.sql), migrated
 * forward from data/pg/NNN-*.sql, compiled in; a newer schema is
 * refused untouched.
 *
 * Statements: the layer's SQL, written once with SQLite's ? and ?NNN
 * placeholders, becomes $N (outside quoted strings and identifiers);
 * parameters are sent as text with their types (bigint, double
 * precision, text; NULL and unbound ones as text). A statement that
 * returns rows (SELECT, WITH) is read through a cursor, a batch of rows
 * at a time, so that neither a 1,000,000-event verify nor a long
 * timeline is ever held whole, and other statements can run while one
 * is read (the ledger walk's and chain heads' callbacks do). A cursor
 * lives in a transaction: outside a read or a write, the first one
 * opens a read-only snapshot that ends when the last open cursor is
 * done.
 *
 * Transactions. A write takes the writers' lock of 001-init.sql,
 * LOCK TABLE irt.incidents IN SHARE ROW EXCLUSIVE MODE, at once. That
 * lock and not an advisory one: it needs UPDATE on incidents, so an
 * auditor (who may read but not write) cannot hold every writer up, as
 * anyone could with pg_advisory_xact_lock; and it conflicts with any
 * change to incidents by a writer that skipped it. It waits at most the
 * busy timeout (lock_timeout), telling the wait hook about every 20 ms,
 * as SQLite's busy handler does; the hook giving up cancels the wait.
 * A read is a snapshot: REPEATABLE READ READ ONLY.
 *
 * Changes: every connection LISTENs on irt_changes; a write NOTIFYs it
 * (delivered when it commits), and data_version grows with each
 * notification from another connection.
 *
 * Errors carry libpq's message and map to the SQLite code db_fail knows
 * best (a lock timeout SQLITE_BUSY, a full disk SQLITE_FULL, a lost
 * connection SQLITE_IOERR naming the server, ...), in one line.
 */
#include "db_internal.h"

#include <ctype.h>
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "irt/embedded.h"
#include "irt/xalloc.h"

/* pg_type OIDs (catalog/pg_type_d.h, stable). */
#define PG_BOOLOID   16
#define PG_INT8OID   20
#define PG_TEXTOID   25
#define PG_FLOAT8OID 701

/* The advisory lock migrators take (001-init.sql): "irt" in ASCII. */
#define PG_MIGRATE_LOCK "6910580"
/* The channel writers notify. */
#define PG_CHANNEL "irt_changes"
/* How often a waiting lock tells the wait hook, in ms. */
#define PG_WAIT_STEP_MS 20
/* Rows fetched from a cursor at first, and at most (the batch grows
 * while rows are small). */
#define PG_BATCH_MIN   32
#define PG_BATCH_MAX   1024
#define PG_BATCH_BYTES (1 << 20)

static const struct db_engine pg_engine;
static int reconnect(struct db *db, int polling);

enum pg_tx { PG_TX_NONE, PG_TX_IMPLICIT, PG_TX_READ, PG_TX_WRITE };

struct db_pg {
	PGconn *conn;
	char errmsg[1024];
	enum pg_tx tx;
	unsigned tx_gen;   /* grows as each transaction ends */
	int n_implicit;    /* cursors open in the implicit read */
	unsigned n_cursor; /* names cursors */
	int64_t data_version;
	int64_t last_id;    /* the id the last INSERT ... RETURNING id gave */
	char *settings;     /* the session's SET commands (reconnect) */
	int64_t retried_ms; /* the last attempt to connect again */
};

struct pg_param {
	Oid type;
	const char *value; /* NULL: SQL NULL */
	char *own;         /* freed on reset */
	char buf[32];      /* numbers */
};

enum pg_state { PG_IDLE, PG_ROWS, PG_DONE };

/* A statement: the layer's part first. */
struct pg_q {
	struct dbq q;
	char *sql;        /* with $N */
	int returns_rows; /* read through a cursor */
	int returning_id; /* an INSERT that reports its last row's id */
	int n_params;
	struct pg_param *params;
	enum pg_state state;
	PGresult *res; /* the current batch */
	int row, n_rows, batch, last;
	char cursor[32];
	unsigned gen; /* tx_gen when the cursor was opened */
	int implicit; /* it opened or joined the implicit read */
};

#define PQ(q) ((struct pg_q *)(q))

/* ---- errors -------------------------------------------------------- */

/* msg into db's message on one line: newlines and tabs as spaces, no
 * trailing blanks, no "ERROR:  " prefix. */
static void set_msg(struct db *db, const char *msg)
{
	char *o = db->pg->errmsg, *end = o + sizeof db->pg->errmsg - 1;
	const char *p = msg ? msg : "unknown error";

	if (strncmp(p, "ERROR:  ", 8) == 0)
		p += 8;
	while (*p && o < end) {
		char c = *p++;

		if (c == '\n' || c == '\t' || c == '\r') {
			if (o > db->pg->errmsg && o[-1] != ' ')
				*o++ = ' ';
			continue;
		}
		*o++ = c;
	}
	while (o > db->pg->errmsg && o[-1] == ' ')
		o--;
	*o = '\0';
}

/* The server as people name it: "host:port/dbname" (a socket's
 * directory as its host). */
static void server_name(PGconn *conn, char *buf, size_t size)
{
	const char *host = conn ? PQhost(conn) : NULL;
	const char *port = conn ? PQport(conn) : NULL;
	const char *name = conn ? PQdb(conn) : NULL;

	snprintf(buf, size, "%s:%s/%s", host && *host ? host : "localhost",
	         port && *port ? port : "5432", name ? name : "");
}

/* The connection is gone: the message names the server. */
static int lost(struct db *db)
{
	char server[512], msg[768];

	server_name(db->pg->conn, server, sizeof server);
	snprintf(msg, sizeof msg,
	         "the connection to the PostgreSQL server %s was lost: %s",
	         server, PQerrorMessage(db->pg->conn));
	set_msg(db, msg);
	return SQLITE_IOERR;
}

/*
 * The SQLite code for a failed result (res may be NULL: libpq's own
 * failure), with its message in db's. Lock timeouts, serialisation
 * failures and deadlocks are SQLITE_BUSY; a cancelled wait too (db_fail
 * then says cancelled); a full disk SQLITE_FULL; the connection's loss,
 * a shutdown or a statement timeout an I/O error; a refused privilege
 * or a read-only transaction SQLITE_READONLY; constraints
 * SQLITE_CONSTRAINT; the rest SQLITE_ERROR.
 */
static int fail_rc(struct db *db, PGresult *res)
{
	const char *state =
	    res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg =
	    res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;

	if (PQstatus(db->pg->conn) == CONNECTION_BAD)
		return lost(db);
	set_msg(db, msg ? msg : PQerrorMessage(db->pg->conn));
	if (!state)
		return SQLITE_ERROR;
	if (strcmp(state, "55P03") == 0 || strcmp(state, "40001") == 0 ||
	    strcmp(state, "40P01") == 0)
		return SQLITE_BUSY;
	if (strcmp(state, "57014") == 0) /* query_canceled */
		return db->wait_cancelled ? SQLITE_BUSY : SQLITE_IOERR;
	if (strcmp(state, "53100") == 0) /* disk_full */
		return SQLITE_FULL;
	if (strcmp(state, "53200") == 0)
		return SQLITE_NOMEM;
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
	    strncmp(state, "53", 2) == 0 || strncmp(state, "58", 2) == 0)
		return SQLITE_IOERR;
	if (strcmp(state, "42501") == 0) {
		/* A role the schema's grants (roles.sql) let read only. */
		char line[sizeof db->pg->errmsg];

		snprintf(line, sizeof line,
		         "%.600s: the role %.64s lacks the privilege (members "
		         "of irt_responder read and append, members of "
		         "irt_auditor only read); nothing was written",
		         db->pg->errmsg, PQuser(db->pg->conn));
		set_msg(db, line);
		return SQLITE_READONLY;
	}
	if (strcmp(state, "25006") == 0)
		return SQLITE_READONLY;
	if (strncmp(state, "23", 2) == 0)
		return SQLITE_CONSTRAINT;
	if (strncmp(state, "XX", 2) == 0)
		return SQLITE_CORRUPT;
	return SQLITE_ERROR;
}

static int ok_result(PGresult *res)
{
	ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

/* Runs sql (no parameters; several statements are fine): SQLITE_OK or
 * a code with the message in db's. */
static int run(struct db *db, const char *sql)
{
	PGresult *res = PQexec(db->pg->conn, sql);
	int rc = ok_result(res) ? SQLITE_OK : fail_rc(db, res);

	PQclear(res);
	return rc;
}

/* An error inside the implicit read ends it (its cursors with it). */
static void end_implicit(struct db *db, int commit)
{
	struct db_pg *pg = db->pg;

	if (pg->tx != PG_TX_IMPLICIT)
		return;
	if (PQstatus(pg->conn) == CONNECTION_OK) {
		PGresult *res =
		    PQexec(pg->conn, commit ? "COMMIT" : "ROLLBACK");
		PQclear(res);
	}
	pg->tx = PG_TX_NONE;
	pg->n_implicit = 0;
	pg->tx_gen++;
}

/* ---- statements ---------------------------------------------------- */

/*
 * sql with SQLite's placeholders as PostgreSQL's: ?NNN as $NNN, a bare ?
 * as one more than the largest number so far (SQLite's rule); text in
 * '...', "..." and -- comments is left as it is. *n_params: the largest
 * number. Caller frees.
 */
static char *translate(const char *sql, int *n_params)
{
	size_t n = strlen(sql);
	char *out = xmalloc(n * 4 + 16), *o = out;
	const char *p = sql;
	int max = 0;

	while (*p) {
		if (*p == '\'' || *p == '"') {
			char quote = *p;

			*o++ = *p++;
			while (*p) {
				if (*p == quote && p[1] == quote) {
					*o++ = *p++;
					*o++ = *p++;
				} else if (*p == quote) {
					*o++ = *p++;
					break;
				} else {
					*o++ = *p++;
				}
			}
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				*o++ = *p++;
		} else if (*p == '?') {
			int num = 0;

			p++;
			if (isdigit((unsigned char)*p)) {
				while (isdigit((unsigned char)*p))
					num = num * 10 + (*p++ - '0');
			} else {
				num = max + 1;
			}
			if (num > max)
				max = num;
			o += sprintf(o, "$%d", num);
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	*n_params = max;
	return out;
}

/* Whether sql returns rows: it starts with SELECT or WITH. */
static int returns_rows(const char *sql)
{
	while (isspace((unsigned char)*sql))
		sql++;
	return strncasecmp(sql, "SELECT", 6) == 0 ||
	       strncasecmp(sql, "WITH", 4) == 0;
}

static enum irt_status pg_prepare(struct db *db, const char *sql,
                                  struct dbq **out, struct irt_err *err)
{
	struct pg_q *q = xcalloc(1, sizeof *q);

	(void)err;
	q->q.db = db;
	q->sql = translate(sql, &q->n_params);
	q->returns_rows = returns_rows(sql);
	/* The timelines' row ids, for db_last_id: returned by the INSERT
	 * itself, as lastval() would need a privilege on the identity's
	 * sequence that no role of roles.sql has. */
	if (strncmp(sql, "INSERT INTO events ", 19) == 0 ||
	    strncmp(sql, "INSERT INTO policy_events ", 26) == 0) {
		char *with = xasprintf("%s RETURNING id", q->sql);

		free(q->sql);
		q->sql = with;
		q->returning_id = 1;
	}
	q->params = xcalloc((size_t)q->n_params + 1, sizeof *q->params);
	for (int i = 0; i < q->n_params; i++)
		q->params[i].type = PG_TEXTOID;
	*out = &q->q;
	return IRT_OK;
}

/* Parameter i (from 1), its old value dropped; NULL when out of range. */
static struct pg_param *param(struct dbq *dq, int i)
{
	struct pg_q *q = PQ(dq);
	struct pg_param *p;

	if (i < 1 || i > q->n_params)
		return NULL;
	p = &q->params[i - 1];
	free(p->own);
	p->own = NULL;
	p->value = NULL;
	return p;
}

static void pg_bind_int64(struct dbq *q, int i, int64_t v)
{
	struct pg_param *p = param(q, i);

	if (!p)
		return;
	snprintf(p->buf, sizeof p->buf, "%lld", (long long)v);
	p->type = PG_INT8OID;
	p->value = p->buf;
}

static void pg_bind_double(struct dbq *q, int i, double v)
{
	struct pg_param *p = param(q, i);

	if (!p)
		return;
	snprintf(p->buf, sizeof p->buf, "%.17g", v);
	p->type = PG_FLOAT8OID;
	p->value = p->buf;
}

static void pg_bind_text(struct dbq *q, int i, const char *s, int own)
{
	struct pg_param *p = param(q, i);

	if (!p) {
		if (own)
			free((char *)s);
		return;
	}
	p->type = PG_TEXTOID;
	p->value = s;
	if (own)
		p->own = (char *)s;
}

/* NULL as text: every NULL irt binds stands for a text (an owner, a
 * filter's pattern), and an untyped one next to `IS NULL` leaves
 * PostgreSQL unable to tell its type. */
static void pg_bind_null(struct dbq *q, int i)
{
	struct pg_param *p = param(q, i);

	if (p)
		p->type = PG_TEXTOID;
}

/* Runs q's SQL (prefix before it, e.g. a cursor's DECLARE) with its
 * parameters. */
static PGresult *exec_params(struct pg_q *q, const char *prefix)
{
	struct db *db = q->q.db;
	Oid *types = xcalloc((size_t)q->n_params + 1, sizeof *types);
	const char **values = xcalloc((size_t)q->n_params + 1, sizeof *values);
	char *sql = prefix ? xasprintf("%s%s", prefix, q->sql) : q->sql;
	PGresult *res;

	for (int i = 0; i < q->n_params; i++) {
		types[i] = q->params[i].type;
		values[i] = q->params[i].value;
	}
	res = PQexecParams(db->pg->conn, sql, q->n_params, types, values, NULL,
	                   NULL, 0);
	if (sql != q->sql)
		free(sql);
	free(types);
	free(values);
	return res;
}

/* Closes q's cursor, if open, and ends the implicit read when it was the
 * last of it. */
static void close_cursor(struct pg_q *q)
{
	struct db *db = q->q.db;
	struct db_pg *pg = db->pg;

	PQclear(q->res);
	q->res = NULL;
	if (q->state == PG_ROWS && q->gen == pg->tx_gen) {
		if (q->implicit && pg->tx == PG_TX_IMPLICIT &&
		    --pg->n_implicit == 0) {
			end_implicit(db, 1); /* closes the cursor too */
		} else if (PQstatus(pg->conn) == CONNECTION_OK) {
			char sql[64];

			snprintf(sql, sizeof sql, "CLOSE %s", q->cursor);
			PQclear(PQexec(pg->conn, sql));
		}
	}
	q->implicit = 0;
}

/* A failure of q: the implicit read it is in ends. */
static int step_fail(struct pg_q *q, PGresult *res)
{
	struct db *db = q->q.db;
	int rc = fail_rc(db, res);

	PQclear(res);
	if (q->state == PG_ROWS)
		close_cursor(q);
	if (db->pg->tx == PG_TX_IMPLICIT)
		end_implicit(db, 0);
	q->state = PG_DONE;
	return rc;
}

static int open_cursor(struct pg_q *q)
{
	struct db *db = q->q.db;
	struct db_pg *pg = db->pg;
	PGresult *res;
	char prefix[96];

	if (pg->tx == PG_TX_NONE) {
		int rc = reconnect(db, 0);

		if (rc == SQLITE_OK)
			rc = run(db, "BEGIN ISOLATION LEVEL REPEATABLE READ "
			             "READ ONLY");

		if (rc != SQLITE_OK)
			return rc;
		pg->tx = PG_TX_IMPLICIT;
		pg->n_implicit = 0;
	}
	if (pg->tx == PG_TX_IMPLICIT) {
		pg->n_implicit++;
		q->implicit = 1;
	}
	snprintf(q->cursor, sizeof q->cursor, "irt_c%u", ++pg->n_cursor);
	snprintf(prefix, sizeof prefix, "DECLARE %s NO SCROLL CURSOR FOR ",
	         q->cursor);
	q->gen = pg->tx_gen;
	q->state = PG_ROWS;
	res = exec_params(q, prefix);
	if (!ok_result(res))
		return step_fail(q, res);
	PQclear(res);
	q->batch = PG_BATCH_MIN;
	q->last = 0;
	q->row = q->n_rows = 0;
	return SQLITE_OK;
}

/* The next batch of q's rows into q->res. */
static int fetch(struct pg_q *q)
{
	struct db *db = q->q.db;
	PGresult *res;
	char sql[96];
	size_t bytes = 0;

	PQclear(q->res);
	q->res = NULL;
	snprintf(sql, sizeof sql, "FETCH FORWARD %d FROM %s", q->batch,
	         q->cursor);
	res = PQexec(db->pg->conn, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return step_fail(q, res);
	q->res = res;
	q->n_rows = PQntuples(res);
	q->row = -1;
	q->last = q->n_rows < q->batch;
	/* Larger batches while rows are small: fewer round trips. */
	for (int r = 0; r < q->n_rows && bytes < PG_BATCH_BYTES; r++)
		for (int c = 0; c < PQnfields(res); c++)
			bytes += (size_t)PQgetlength(res, r, c);
	if (bytes < PG_BATCH_BYTES / 4 && q->batch < PG_BATCH_MAX)
		q->batch *= 2;
	else if (bytes > PG_BATCH_BYTES && q->batch > 1)
		q->batch /= 2;
	return SQLITE_OK;
}

static int pg_step(struct dbq *dq)
{
	struct pg_q *q = PQ(dq);
	struct db *db = dq->db;
	int rc;

	if (q->state == PG_DONE)
		return DBQ_DONE;
	if (PQstatus(db->pg->conn) != CONNECTION_OK) {
		/* A read of its own may connect again; a statement of a
		 * transaction that was lost fails with it. */
		if (q->state != PG_IDLE || !q->returns_rows ||
		    (db->pg->tx != PG_TX_NONE &&
		     db->pg->tx != PG_TX_IMPLICIT) ||
		    reconnect(db, 0) != SQLITE_OK) {
			q->state = PG_DONE;
			return lost(db);
		}
	}
	if (!q->returns_rows) {
		PGresult *res = exec_params(q, NULL);

		if (!ok_result(res))
			return step_fail(q, res);
		if (q->returning_id && PQresultStatus(res) == PGRES_TUPLES_OK &&
		    PQntuples(res) > 0)
			db->pg->last_id = strtoll(
			    PQgetvalue(res, PQntuples(res) - 1, 0), NULL, 10);
		PQclear(res);
		q->state = PG_DONE;
		return DBQ_DONE;
	}
	if (q->state == PG_IDLE) {
		rc = open_cursor(q);
		if (rc != SQLITE_OK)
			return rc;
	}
	if (q->gen != db->pg->tx_gen) {
		/* Its transaction ended under it (a write began). */
		q->state = PG_DONE;
		set_msg(db, "the read this statement was in has ended");
		return SQLITE_MISUSE;
	}
	if (q->res && q->row + 1 < q->n_rows) {
		q->row++;
		return DBQ_ROW;
	}
	if (!q->res || !q->last) {
		rc = fetch(q);
		if (rc != SQLITE_OK)
			return rc;
		if (q->n_rows > 0) {
			q->row = 0;
			return DBQ_ROW;
		}
	}
	close_cursor(q);
	q->state = PG_DONE;
	return DBQ_DONE;
}

/* Column i of the current row, or NULL (no row, or SQL NULL). */
static const char *value(struct dbq *dq, int i)
{
	struct pg_q *q = PQ(dq);

	if (!q->res || q->row < 0 || q->row >= q->n_rows || i < 0 ||
	    i >= PQnfields(q->res) || PQgetisnull(q->res, q->row, i))
		return NULL;
	return PQgetvalue(q->res, q->row, i);
}

static int64_t pg_col_int64(struct dbq *dq, int i)
{
	const char *v = value(dq, i);

	if (!v)
		return 0;
	if (PQftype(PQ(dq)->res, i) == PG_BOOLOID)
		return v[0] == 't';
	if (strchr(v, '.') || strchr(v, 'e'))
		return (int64_t)strtod(v, NULL); /* numeric, as SQLite casts */
	return strtoll(v, NULL, 10);
}

static double pg_col_double(struct dbq *dq, int i)
{
	const char *v = value(dq, i);

	if (!v)
		return 0;
	if (PQftype(PQ(dq)->res, i) == PG_BOOLOID)
		return v[0] == 't';
	return strtod(v, NULL);
}

static const char *pg_col_text(struct dbq *dq, int i)
{
	return value(dq, i);
}

static size_t pg_col_bytes(struct dbq *dq, int i)
{
	struct pg_q *q = PQ(dq);

	return value(dq, i) ? (size_t)PQgetlength(q->res, q->row, i) : 0;
}

static void pg_reset(struct dbq *dq)
{
	struct pg_q *q = PQ(dq);

	if (q->state == PG_ROWS)
		close_cursor(q);
	PQclear(q->res);
	q->res = NULL;
	q->state = PG_IDLE;
}

static void pg_finalize(struct dbq *dq)
{
	struct pg_q *q = PQ(dq);

	pg_reset(dq);
	for (int i = 1; i <= q->n_params; i++)
		pg_bind_null(dq, i); /* frees what the statement owns */
	free(q->params);
	free(q->sql);
	free(q);
}

static int64_t pg_last_id(struct db *db)
{
	return db->pg->last_id;
}

static const char *pg_errmsg(struct db *db)
{
	return db->pg ? db->pg->errmsg : "not open";
}

/* ---- transactions -------------------------------------------------- */

static enum irt_status pg_exec(struct db *db, const char *sql,
                               struct irt_err *err)
{
	int rc = run(db, sql);

	return rc == SQLITE_OK ? IRT_OK : db_fail(db, rc, "database", err);
}

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000 +
	       (now.tv_nsec - since->tv_nsec) / 1000000;
}

/*
 * Runs sql, a statement that may wait for another connection's lock
 * (the server ends the wait at lock_timeout, the busy timeout): while
 * it waits, the wait hook is told about every PG_WAIT_STEP_MS, with how
 * long it has waited (0 the first time); when it returns nonzero the
 * statement is cancelled and db->wait_cancelled set.
 */
static int run_waiting(struct db *db, const char *sql)
{
	PGconn *conn = db->pg->conn;
	struct timespec start;
	PGresult *res, *last = NULL;
	int first = 1, rc;

	db->wait_cancelled = 0;
	if (!PQsendQuery(conn, sql))
		return fail_rc(db, NULL);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct pollfd pfd = {PQsocket(conn), POLLIN, 0};

		if (!PQconsumeInput(conn))
			break;
		if (!PQisBusy(conn))
			break;
		if (poll(&pfd, 1, first ? 2 : PG_WAIT_STEP_MS) < 0 &&
		    errno != EINTR)
			break;
		if (pfd.revents)
			continue;
		if (db->wait_hook && !db->wait_cancelled &&
		    db->wait_hook(db->wait_arg,
		                  first ? 0 : (int)elapsed_ms(&start)) != 0) {
			PGcancel *cancel = PQgetCancel(conn);
			char buf[256];

			db->wait_cancelled = 1;
			if (cancel) {
				PQcancel(cancel, buf, sizeof buf);
				PQfreeCancel(cancel);
			}
		}
		first = 0;
	}
	while ((res = PQgetResult(conn)) != NULL) {
		if (last && ok_result(last)) {
			PQclear(last);
			last = res;
		} else if (last) {
			PQclear(res); /* keep the first failure */
		} else {
			last = res;
		}
	}
	rc = ok_result(last) ? SQLITE_OK : fail_rc(db, last);
	PQclear(last);
	return rc;
}

static int64_t mono_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/*
 * After the connection was lost (the server restarted, a network cut),
 * outside any transaction: connects again with the same parameters
 * (PQreset), and sets the session up as db_pg_open did. Whatever was in
 * flight when it was lost failed and was rolled back by the server;
 * statements of the transaction it was in are ended. A poll (polling)
 * tries at most once every RECONNECT_MS; a read or a write someone
 * asked for always tries. SQLITE_OK when connected (or it was), else
 * SQLITE_IOERR with the message.
 */
#define RECONNECT_MS 500
static int reconnect(struct db *db, int polling)
{
	struct db_pg *pg = db->pg;
	int64_t now = mono_ms();
	int rc;

	if (PQstatus(pg->conn) == CONNECTION_OK)
		return SQLITE_OK;
	if (pg->tx != PG_TX_NONE) {
		pg->tx = PG_TX_NONE;
		pg->n_implicit = 0;
		pg->tx_gen++;
	}
	if (polling && pg->retried_ms && now - pg->retried_ms < RECONNECT_MS)
		return lost(db);
	pg->retried_ms = now;
	PQreset(pg->conn);
	if (PQstatus(pg->conn) != CONNECTION_OK)
		return lost(db);
	if (PQsetClientEncoding(pg->conn, "UTF8") != 0)
		return lost(db);
	rc = run(db, pg->settings);
	if (rc == SQLITE_OK)
		rc = run(db, "LISTEN " PG_CHANNEL);
	if (rc != SQLITE_OK)
		return rc;
	pg->retried_ms = 0;
	/* What others wrote meanwhile went unheard: readers look again. */
	pg->data_version++;
	return SQLITE_OK;
}

static enum irt_status pg_begin(struct db *db, int write, struct irt_err *err)
{
	struct db_pg *pg = db->pg;
	int rc;

	if (PQstatus(pg->conn) != CONNECTION_OK &&
	    (rc = reconnect(db, 0)) != SQLITE_OK)
		return db_fail(db, rc,
		               write ? "starting a write" : "starting a read",
		               err);

	if (!write && pg->tx == PG_TX_IMPLICIT) {
		/* The snapshot an open statement began becomes the read's. */
		pg->tx = PG_TX_READ;
		pg->n_implicit = 0;
		return IRT_OK;
	}
	end_implicit(db, 1);
	if (write) {
		rc = run(db, "BEGIN ISOLATION LEVEL READ COMMITTED");
		if (rc == SQLITE_OK) {
			pg->tx = PG_TX_WRITE;
			rc =
			    run_waiting(db, "LOCK TABLE irt.incidents IN SHARE "
			                    "ROW EXCLUSIVE MODE");
		}
	} else {
		rc = run(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
		if (rc == SQLITE_OK)
			pg->tx = PG_TX_READ;
	}
	if (rc == SQLITE_OK)
		return IRT_OK;
	if (pg->tx != PG_TX_NONE) {
		char msg[sizeof pg->errmsg];

		memcpy(msg, pg->errmsg, sizeof msg);
		PQclear(PQexec(pg->conn, "ROLLBACK"));
		memcpy(pg->errmsg, msg, sizeof msg);
		pg->tx = PG_TX_NONE;
		pg->tx_gen++;
	}
	return db_fail(db, rc, write ? "starting a write" : "starting a read",
	               err);
}

static enum irt_status pg_commit(struct db *db, struct irt_err *err)
{
	struct db_pg *pg = db->pg;
	PGresult *res;
	int rc = SQLITE_OK;

	if (pg->tx == PG_TX_WRITE)
		rc = run(db, "NOTIFY " PG_CHANNEL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "saving", err);
	res = PQexec(pg->conn, "COMMIT");
	if (!ok_result(res)) {
		rc = fail_rc(db, res);
	} else if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
		/* An earlier failure: the server rolled it back. */
		set_msg(db, "the transaction failed and was rolled back");
		rc = SQLITE_ERROR;
	}
	PQclear(res);
	if (rc == SQLITE_OK || PQstatus(pg->conn) != CONNECTION_OK) {
		pg->tx = PG_TX_NONE;
		pg->tx_gen++;
	}
	return rc == SQLITE_OK ? IRT_OK : db_fail(db, rc, "saving", err);
}

static void pg_rollback(struct db *db)
{
	struct db_pg *pg = db->pg;

	if (pg->tx == PG_TX_NONE || pg->tx == PG_TX_IMPLICIT)
		return;
	if (PQstatus(pg->conn) == CONNECTION_OK)
		PQclear(PQexec(pg->conn, "ROLLBACK"));
	pg->tx = PG_TX_NONE;
	pg->tx_gen++;
}

/* ---- connecting, the schema and its migrations ------------------------ */

/* Migrations in order: data/pg/NNN-*.sql, embedded at build time. */
static size_t migrations(const struct embedded_file **out, size_t max)
{
	size_t n = 0;

	for (const struct embedded_file *f = embedded_files; f->name; f++)
		if (strncmp(f->name, "pg/", 3) == 0 &&
		    isdigit((unsigned char)f->name[3]) &&
		    isdigit((unsigned char)f->name[4]) &&
		    isdigit((unsigned char)f->name[5]) && f->name[6] == '-' &&
		    n < max)
			out[n++] = f; /* the table is sorted by name */
	return n;
}

/* The first value of sql's one row as a number into *v (-1: NULL). */
static int query_int(struct db *db, const char *sql, int64_t *v)
{
	PGresult *res = PQexec(db->pg->conn, sql);
	int rc = SQLITE_OK;

	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		rc = PQresultStatus(res) == PGRES_TUPLES_OK ? SQLITE_ERROR
		                                            : fail_rc(db, res);
	else
		*v = PQgetisnull(res, 0, 0)
		         ? -1
		         : strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return rc;
}

/* The schema's version into *version: 0 for a database without irt,
 * -1 for a schema irt that is not irt's (no schema_version). */
static int schema_version(struct db *db, int64_t *version)
{
	int64_t has_table = 0, has_schema = 0;
	int rc = query_int(db,
	                   "SELECT (to_regclass('irt.schema_version') IS NOT "
	                   "NULL)::int",
	                   &has_table);

	if (rc == SQLITE_OK && !has_table)
		rc = query_int(db,
		               "SELECT count(*) FROM pg_catalog.pg_namespace "
		               "WHERE nspname = 'irt'",
		               &has_schema);
	if (rc != SQLITE_OK)
		return rc;
	if (!has_table) {
		*version = has_schema ? -1 : 0;
		return SQLITE_OK;
	}
	rc = query_int(db,
	               "SELECT coalesce(max(version), 0) FROM "
	               "irt.schema_version",
	               version);
	return rc;
}

static enum irt_status refuse_version(struct db *db, int64_t version, int n,
                                      struct irt_err *err)
{
	if (version < 0)
		return irt_err_set(err, IRT_ERR_CORRUPT,
		                   "%s has a schema irt that is not irt's (no "
		                   "schema_version); it was not touched",
		                   db->path);
	if (version > n)
		return irt_err_set(
		    err, IRT_ERR_NEWER,
		    "%s was written by a newer irt (schema %lld; "
		    "this irt knows up to %d): upgrade irt; the "
		    "database was not touched",
		    db->path, (long long)version, n);
	return IRT_OK;
}

/* Applies the migrations the database lacks, under the migrators' lock,
 * in one transaction. */
static enum irt_status migrate(struct db *db, struct irt_err *err)
{
	const struct embedded_file *m[64];
	int n = (int)migrations(m, 64), rc;
	int64_t version = 0;
	enum irt_status status;

	rc = run(db, "BEGIN ISOLATION LEVEL READ COMMITTED");
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "migrating the database", err);
	db->pg->tx = PG_TX_WRITE;
	rc = run_waiting(db,
	                 "SELECT pg_advisory_xact_lock(" PG_MIGRATE_LOCK ")");
	/* Another process may have migrated while we waited. */
	if (rc == SQLITE_OK)
		rc = schema_version(db, &version);
	if (rc != SQLITE_OK) {
		status = db_fail(db, rc, "migrating the database", err);
		goto out;
	}
	status = refuse_version(db, version, n, err);
	for (int i = (int)version; status == IRT_OK && i < n; i++) {
		rc = run(db, m[i]->data);
		if (rc != SQLITE_OK)
			status = db_fail(db, rc, m[i]->name, err);
	}
	if (status == IRT_OK)
		return pg_commit(db, err);
out:
	pg_rollback(db);
	return status;
}

static void no_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Refuses a connection string that carries a password: irt never takes
 * one on its command line or in its configuration. */
static enum irt_status refuse_password(struct db *db, const char *conninfo,
                                       struct irt_err *err)
{
	char *msg = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo, &msg);
	enum irt_status status = IRT_OK;

	if (!opts) {
		set_msg(db, msg ? msg : "out of memory");
		PQfreemem(msg);
		return irt_err_set(
		    err, IRT_ERR_INVALID,
		    "%s is not a usable PostgreSQL connection: %s", db->path,
		    db->pg->errmsg);
	}
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val && o->val[0])
			status = irt_err_set(
			    err, IRT_ERR_INVALID,
			    "the database URI carries a password: irt never "
			    "takes one on its command line or in its "
			    "configuration; remove it and put it in ~/.pgpass "
			    "(or $PGPASSFILE, or $PGPASSWORD)");
	PQconninfoFree(opts);
	return status;
}

enum irt_status db_pg_open(struct db *db, int flags, struct irt_err *err)
{
	const struct embedded_file *m[64];
	int n = (int)migrations(m, 64), rc;
	char *conninfo, *settings;
	const char *keys[4], *values[4];
	int k = 0;
	int64_t version = 0;
	enum irt_status status;
	char server[512];

	db->engine = &pg_engine;
	db->pg = xcalloc(1, sizeof *db->pg);
	conninfo = strncmp(db->path, "pg:", 3) == 0
	               ? xasprintf("service=%s", db->path + 3)
	               : xstrdup(db->path);
	status = refuse_password(db, conninfo, err);
	if (status != IRT_OK) {
		free(conninfo);
		return status;
	}
	/* A server that does not answer is given up after 10 s unless the
	 * URI or $PGCONNECT_TIMEOUT says otherwise (the URI comes later and
	 * wins). */
	if (!getenv("PGCONNECT_TIMEOUT")) {
		keys[k] = "connect_timeout";
		values[k++] = "10";
	}
	keys[k] = "fallback_application_name";
	values[k++] = "irt";
	keys[k] = "dbname";
	values[k++] = conninfo;
	keys[k] = NULL;
	values[k] = NULL;
	db->pg->conn = PQconnectdbParams(keys, values, 1);
	free(conninfo);
	if (!db->pg->conn)
		return irt_err_set(err, IRT_ERR_NOMEM,
		                   "out of memory connecting to %s", db->path);
	if (PQstatus(db->pg->conn) != CONNECTION_OK) {
		set_msg(db, PQerrorMessage(db->pg->conn));
		return irt_err_set(err, IRT_ERR_IO,
		                   "cannot connect to the database %s: %s",
		                   db->path, db->pg->errmsg);
	}
	PQsetNoticeProcessor(db->pg->conn, no_notices, NULL);
	server_name(db->pg->conn, server, sizeof server);
	if (PQsetClientEncoding(db->pg->conn, "UTF8") != 0) {
		set_msg(db, PQerrorMessage(db->pg->conn));
		return irt_err_set(err, IRT_ERR_IO, "%s: %s", server,
		                   db->pg->errmsg);
	}
	/* Every connection: irt's schema first, floats that round-trip,
	 * the busy timeout for every lock, and never a write when opened
	 * read-only. */
	settings =
	    xasprintf("SET search_path = irt; SET extra_float_digits = 3; "
	              "SET lock_timeout = %d%s",
	              db->busy_timeout_ms,
	              flags & DB_OPEN_READONLY
	                  ? "; SET default_transaction_read_only = on"
	                  : "");
	rc = run(db, settings);
	db->pg->settings = settings;
	if (rc == SQLITE_OK)
		rc = schema_version(db, &version);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "opening the database", err);
	status = refuse_version(db, version, n, err);
	if (status != IRT_OK)
		return status;
	if (version == 0 && !(flags & DB_OPEN_CREATE))
		return irt_err_set(err, IRT_ERR_IO,
		                   "no irt database at %s (the database has no "
		                   "schema irt); nothing was created",
		                   db->path);
	if (version < n && !(flags & DB_OPEN_READONLY)) {
		status = migrate(db, err);
		if (status != IRT_OK)
			return status;
	}
	rc = run(db, "LISTEN " PG_CHANNEL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "opening the database", err);
	return IRT_OK;
}

static void pg_close(struct db *db)
{
	if (!db->pg)
		return;
	end_implicit(db, 0);
	PQfinish(db->pg->conn);
	free(db->pg->settings);
	free(db->pg);
	db->pg = NULL;
}

static int64_t pg_data_version(struct db *db)
{
	struct db_pg *pg = db->pg;
	PGnotify *note;

	if (PQstatus(pg->conn) != CONNECTION_OK || !PQconsumeInput(pg->conn)) {
		/* Lost: connected again (when no transaction is open), the
		 * version moves on; else -1 until it can be. */
		if (pg->tx != PG_TX_NONE && pg->tx != PG_TX_IMPLICIT)
			return -1;
		if (reconnect(db, 1) != SQLITE_OK)
			return -1;
		return pg->data_version;
	}
	while ((note = PQnotifies(pg->conn)) != NULL) {
		if (note->be_pid != PQbackendPID(pg->conn))
			pg->data_version++;
		PQfreemem(note);
	}
	return pg->data_version;
}

/* ---- the schema check ---------------------------------------------- */

/*
 * The catalog's description of the schema irt, one line a thing
 * ("KIND NAME\tDETAIL"), sorted: data/pg/schema-lines.sql, whose output
 * on a database this irt's migrations made is data/pg/schema.txt
 * (tools/pg-schema-lines.sh writes it, tests/pg/test_engine.sh checks).
 */
static int schema_lines(struct db *db, char ***lines, size_t *n)
{
	const struct embedded_file *sql = embedded_find("pg/schema-lines.sql");
	PGresult *res;

	*lines = NULL;
	*n = 0;
	if (!sql)
		return -1;
	/* Names qualified as they are with nothing of irt's on the path
	 * (as schema.txt was written). */
	PQclear(PQexec(db->pg->conn, "SET search_path = pg_catalog"));
	res = PQexec(db->pg->conn, sql->data);
	PQclear(PQexec(db->pg->conn, "SET search_path = irt"));
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		return -1;
	}
	*n = (size_t)PQntuples(res);
	*lines = xcalloc(*n + 1, sizeof **lines);
	for (size_t i = 0; i < *n; i++)
		(*lines)[i] = xstrdup(PQgetvalue(res, (int)i, 0));
	PQclear(res);
	return 0;
}

static int has_line(char **lines, size_t n, const char *line, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(lines[i]) == len && memcmp(lines[i], line, len) == 0)
			return 1;
	return 0;
}

static int pg_schema_check(struct db *db, char *what, size_t size)
{
	const struct embedded_file *m[64];
	const struct embedded_file *want = embedded_find("pg/schema.txt");
	int n = (int)migrations(m, 64), result = 0;
	int64_t version = -1, count = -1;
	char **got = NULL, **want_lines = NULL;
	size_t n_got = 0, n_want = 0;
	const char *p;

	snprintf(what, size, "the schema cannot be read");
	if (!want || schema_version(db, &version) != SQLITE_OK ||
	    query_int(db, "SELECT count(*) FROM irt.schema_version", &count) !=
	        SQLITE_OK)
		return -1;
	if (version != n || count != n) {
		snprintf(what, size,
		         "the schema version is %lld, not %d (schema_version "
		         "was changed)",
		         (long long)version, n);
		return -1;
	}
	if (schema_lines(db, &got, &n_got) != 0)
		return -1;
	for (p = want->data; *p;) {
		size_t len = strcspn(p, "\n");

		want_lines =
		    xrealloc(want_lines, (n_want + 1) * sizeof *want_lines);
		want_lines[n_want++] = xasprintf("%.*s", (int)len, p);
		p += len + (p[len] == '\n');
	}
	for (size_t i = 0; i < n_want && result == 0; i++)
		if (!has_line(got, n_got, want_lines[i],
		              strlen(want_lines[i]))) {
			snprintf(what, size,
			         "%.*s is missing or was changed (an "
			         "append-only guard or table of irt's)",
			         (int)strcspn(want_lines[i], "\t"),
			         want_lines[i]);
			result = -1;
		}
	for (size_t i = 0; i < n_got && result == 0; i++)
		if (!has_line(want_lines, n_want, got[i], strlen(got[i]))) {
			snprintf(what, size, "%.*s is not irt's",
			         (int)strcspn(got[i], "\t"), got[i]);
			result = -1;
		}
	for (size_t i = 0; i < n_got; i++)
		free(got[i]);
	for (size_t i = 0; i < n_want; i++)
		free(want_lines[i]);
	free(got);
	free(want_lines);
	return result;
}

/* data/pg/roles.sql in one transaction. Its refusals are RAISEd as
 * "irt: ...": the message keeps what follows. */
static enum irt_status pg_roles(struct db *db, struct irt_err *err)
{
	const struct embedded_file *sql = embedded_find("pg/roles.sql");
	struct db_pg *pg = db->pg;
	const char *msg;
	int rc;

	if (!sql)
		return irt_err_set(err, IRT_ERR_IO,
		                   "roles.sql is missing from this irt");
	end_implicit(db, 1);
	rc = run(db, "BEGIN ISOLATION LEVEL READ COMMITTED");
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "setting up the roles", err);
	pg->tx = PG_TX_WRITE;
	rc = run(db, sql->data);
	if (rc == SQLITE_OK)
		return pg_commit(db, err);
	pg_rollback(db);
	msg = pg->errmsg;
	if (strncmp(msg, "irt: ", 5) == 0)
		msg += 5;
	if (rc == SQLITE_IOERR)
		return irt_err_set(err, IRT_ERR_IO, "%s", msg);
	return irt_err_set(err, IRT_ERR_DB,
	                   "the roles were not set up on %s: %s; nothing was "
	                   "changed",
	                   db->path, msg);
}

/* irt backup writes an SQLite file with SQLite's online backup; a
 * server's database is backed up with the server's tools. */
static enum irt_status pg_backup(struct db *db, const char *path,
                                 struct irt_err *err)
{
	(void)path;
	return irt_err_set(err, IRT_ERR_INVALID,
	                   "irt backup copies an SQLite database file, and "
	                   "%s is a PostgreSQL server: back it up with "
	                   "pg_dump (pg_dump --schema=irt --format=custom "
	                   "--file=FILE DBNAME) or the server's own backups",
	                   db->path);
}

static const struct db_engine pg_engine = {
    .prepare = pg_prepare,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_int64 = pg_col_int64,
    .col_double = pg_col_double,
    .col_text = pg_col_text,
    .col_bytes = pg_col_bytes,
    .reset = pg_reset,
    .finalize = pg_finalize,
    .last_id = pg_last_id,
    .errmsg = pg_errmsg,
    .exec = pg_exec,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .close = pg_close,
    .data_version = pg_data_version,
    .schema_check = pg_schema_check,
    .backup = pg_backup,
    .roles = pg_roles,
    .scan_begin = NULL,
    .scan_end = NULL,
    /* ILIKE: SQLite's LIKE folds ASCII case, and so does ILIKE in the C
     * locale a team server's database is made with. */
    .list_text_sql =
        "title ILIKE ?5 ESCAPE '\\' OR component ILIKE ?5 ESCAPE '\\' OR "
        "description ILIKE ?5 ESCAPE '\\' OR owner ILIKE ?5 ESCAPE '\\' OR "
        "cve ILIKE ?5 ESCAPE '\\' OR id IN (SELECT e.incident_id FROM "
        "events e WHERE " DB_PG_NOTES_TSVECTOR " @@ to_tsquery('simple', ?6))",
    .text_query = db_pg_text_query,
    .search = db_pg_search,
    .has_file = 0,
};
