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

static void bind_event(struct dbq *st, int at, const void *rows, size_t i)
{
	const struct event *ev = &((const struct event *)rows)[i];

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

/* The rows of one INSERT took consecutive ids (writes serialise), the
 * last one's the last inserted. */
static void take_ids(struct db *db, void *rows, size_t first, size_t k)
{
	struct event *events = rows;
	int64_t last = db_last_id(db);

	for (size_t i = 0; i < k; i++)
		events[first + i].id = last - (int64_t)(k - 1 - i);
}

enum irt_status db_events_insert_rows(struct db *db, struct event *events,
                                      size_t n, struct irt_err *err)
{
	enum irt_status status = db_insert_rows(
	    db,
	    "INSERT INTO events (incident_id, seq, uuid, at_ms, recorded_ms, "
	    "actor, kind, field, old_value, new_value, text, data, prev_hash, "
	    "hash) VALUES ",
	    14, events, n, bind_event, take_ids, "recording the events", err);

	if (status == IRT_OK)
		status = db_search_marks_add(db, events, n, err);
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
