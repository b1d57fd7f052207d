/*
 * db_stmt.c - statements (db_internal.h's dbq) on SQLite.
 *
 * A thin layer: each call is the SQLite call it names, so the storage
 * module's code reads the same whichever engine runs it.
 */
#include "db_internal.h"

#include <stdlib.h>

#include "irt/xalloc.h"

struct dbq {
	struct db *db;
	sqlite3_stmt *st;
};

enum irt_status db_prepare(struct db *db, const char *sql, struct dbq **q,
                           struct irt_err *err)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->conn, sql, -1, &st, NULL);

	*q = NULL;
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "preparing a query", err);
	*q = xmalloc(sizeof **q);
	(*q)->db = db;
	(*q)->st = st;
	return IRT_OK;
}

void dbq_bind_int64(struct dbq *q, int i, int64_t v)
{
	sqlite3_bind_int64(q->st, i, v);
}

void dbq_bind_double(struct dbq *q, int i, double v)
{
	sqlite3_bind_double(q->st, i, v);
}

void dbq_bind_text(struct dbq *q, int i, const char *s)
{
	sqlite3_bind_text(q->st, i, s, -1, SQLITE_STATIC);
}

void dbq_bind_text_own(struct dbq *q, int i, char *s)
{
	sqlite3_bind_text(q->st, i, s, -1, free);
}

void dbq_bind_null(struct dbq *q, int i)
{
	sqlite3_bind_null(q->st, i);
}

int dbq_step(struct dbq *q)
{
	return sqlite3_step(q->st);
}

int64_t dbq_int64(struct dbq *q, int i)
{
	return sqlite3_column_int64(q->st, i);
}

int dbq_int(struct dbq *q, int i)
{
	return sqlite3_column_int(q->st, i);
}

double dbq_double(struct dbq *q, int i)
{
	return sqlite3_column_double(q->st, i);
}

const char *dbq_text(struct dbq *q, int i)
{
	return (const char *)sqlite3_column_text(q->st, i);
}

size_t dbq_bytes(struct dbq *q, int i)
{
	return (size_t)sqlite3_column_bytes(q->st, i);
}

void dbq_reset(struct dbq *q)
{
	sqlite3_reset(q->st);
	sqlite3_clear_bindings(q->st);
}

void dbq_finalize(struct dbq *q)
{
	if (!q)
		return;
	sqlite3_finalize(q->st);
	free(q);
}

int64_t db_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->conn);
}

const char *db_errmsg(struct db *db)
{
	return sqlite3_errmsg(db->conn);
}
