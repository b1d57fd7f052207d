/*
 * db_import.c - what `irt import` needs from storage beyond the usual
 * writes: finding an incident by its UUID, and storing the events of a
 * verified file many rows to a statement (import.c stores the projection
 * with db_incident_save, in the same write).
 *
 * Invariant: an imported event is stored exactly as db_event_insert
 * stores one (the same columns, its signature, its ledger entry, in
 * timeline order); only the number of rows per INSERT differs.
 */
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/xalloc.h"

enum irt_status db_incident_find_uuid(struct db *db, const char *uuid, long *id,
                                      struct irt_err *err)
{
	struct dbq *st;
	enum irt_status status =
	    db_prepare(db, "SELECT id FROM incidents WHERE uuid = ?", &st, err);
	int rc;

	if (status != IRT_OK)
		return status;
	dbq_bind_text(st, 1, uuid);
	rc = dbq_step(st);
	if (rc == DBQ_ROW)
		*id = (long)dbq_int64(st, 0);
	else if (rc == DBQ_DONE)
		status = irt_err_set(err, IRT_ERR_NOTFOUND,
		                     "no incident with UUID %.40s", uuid);
	else
		status = db_fail(db, rc, "looking up the incident", err);
	dbq_finalize(st);
	return status;
}

/*
 * Rows per INSERT. Each statement that writes to the full-text index
 * (the events_fts trigger) makes FTS5 flush what it holds into a new
 * segment, so a statement per event costs a segment per note; 14
 * parameters a row stay well below SQLite's limit of 32766.
 */
#define ROWS_PER_INSERT 200
#define EVENT_COLUMNS   14

/* "INSERT INTO events (...) VALUES (?,...),...": n rows. Malloc'd. */
static char *insert_sql(size_t n)
{
	static const char head[] =
	    "INSERT INTO events (incident_id, seq, uuid, at_ms, recorded_ms, "
	    "actor, kind, field, old_value, new_value, text, data, "
	    "prev_hash, hash) VALUES ";
	static const char row[] = "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
	char *sql = xmalloc(sizeof head + n * sizeof row);
	char *p = sql + sizeof head - 1;

	memcpy(sql, head, sizeof head - 1);
	for (size_t i = 0; i < n; i++) {
		if (i)
			*p++ = ',';
		memcpy(p, row, sizeof row - 1);
		p += sizeof row - 1;
	}
	*p = '\0';
	return sql;
}

static void bind_event(struct dbq *st, int at, const struct event *ev)
{
	dbq_bind_int64(st, at + 1, ev->incident);
	dbq_bind_int64(st, at + 2, ev->seq);
	dbq_bind_text(st, at + 3, ev->uuid);
	dbq_bind_int64(st, at + 4, ev->at_ms);
	dbq_bind_int64(st, at + 5, ev->recorded_ms);
	dbq_bind_text(st, at + 6, ev->actor);
	dbq_bind_text(st, at + 7, ev->kind);
	dbq_bind_text(st, at + 8, ev->field);
	dbq_bind_text(st, at + 9, ev->old_value);
	dbq_bind_text(st, at + 10, ev->new_value);
	dbq_bind_text(st, at + 11, ev->text);
	dbq_bind_text(st, at + 12, ev->data);
	dbq_bind_text(st, at + 13, ev->prev_hash);
	dbq_bind_text(st, at + 14, ev->hash);
}

enum irt_status db_events_insert_rows(struct db *db, struct event *events,
                                      size_t n, struct irt_err *err)
{
	struct dbq *full = NULL, *st;
	enum irt_status status = IRT_OK;
	size_t done = 0;

	while (done < n && status == IRT_OK) {
		size_t k =
		    n - done < ROWS_PER_INSERT ? n - done : ROWS_PER_INSERT;
		char *sql = NULL;
		int rc;

		/* Full batches share one statement; the last, shorter one
		 * has its own. */
		if (k == ROWS_PER_INSERT && full) {
			st = full;
		} else {
			sql = insert_sql(k);
			status = db_prepare(db, sql, &st, err);
			free(sql);
			if (status != IRT_OK)
				break;
			if (k == ROWS_PER_INSERT)
				full = st;
		}
		for (size_t i = 0; i < k; i++)
			bind_event(st, (int)(i * EVENT_COLUMNS),
			           &events[done + i]);
		rc = dbq_step(st);
		if (rc == DBQ_DONE) {
			/* The rows took consecutive ids (writes serialise),
			 * the last one's the last inserted. */
			int64_t last = db_last_id(db);

			for (size_t i = 0; i < k; i++)
				events[done + i].id =
				    last - (int64_t)(k - 1 - i);
		} else {
			status = db_fail(db, rc, "recording the events", err);
		}
		dbq_reset(st);
		if (st != full)
			dbq_finalize(st);
		done += k;
	}
	dbq_finalize(full);
	return status;
}

enum irt_status db_import_events(struct db *db, struct event *events, size_t n,
                                 struct irt_err *err)
{
	enum irt_status status = db_events_insert_rows(db, events, n, err);

	for (size_t i = 0; i < n && status == IRT_OK; i++)
		status = db_event_inserted(db, &events[i], err);
	return status;
}
