/*
 * db_event.c - the timeline table: appending events, reading an
 * incident's chain, and full-text search of timeline text.
 */
#include "db_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/xalloc.h"

enum irt_status db_event_insert(struct db *db, struct event *ev,
                                struct irt_err *err)
{
	sqlite3_stmt *st = db->insert_event;
	enum irt_status status = IRT_OK;
	int rc;

	if (!st) {
		status = db_prepare(
		    db,
		    "INSERT INTO events (incident_id, seq, uuid, at_ms, "
		    "recorded_ms, actor, kind, field, old_value, new_value, "
		    "text, data, prev_hash, hash) VALUES "
		    "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
		    &st, err);
		if (status != IRT_OK)
			return status;
		db->insert_event = st;
	}
	sqlite3_bind_int64(st, 1, ev->incident);
	sqlite3_bind_int64(st, 2, ev->seq);
	sqlite3_bind_text(st, 3, ev->uuid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, ev->at_ms);
	sqlite3_bind_int64(st, 5, ev->recorded_ms);
	sqlite3_bind_text(st, 6, ev->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, ev->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, ev->field, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, ev->old_value, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, ev->new_value, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, ev->text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, ev->data, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, ev->prev_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, ev->hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		ev->id = sqlite3_last_insert_rowid(db->conn);
	else
		status = db_fail(db, rc, "recording the event", err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (status == IRT_OK) {
		struct ledger_entry e;

		memset(&e, 0, sizeof e);
		e.kind = LEDGER_EVENT;
		e.recorded_ms = ev->recorded_ms;
		memcpy(e.incident_uuid, ev->incident_uuid,
		       sizeof e.incident_uuid);
		e.incident = ev->incident;
		memcpy(e.ref_uuid, ev->uuid, sizeof e.ref_uuid);
		e.ref_seq = ev->seq;
		memcpy(e.ref_hash, ev->hash, sizeof e.ref_hash);
		status = db_ledger_append(db, &e, err);
	}
	return status;
}

enum irt_status db_events_load(struct db *db, long id, struct event_list *list,
                               struct irt_err *err)
{
	sqlite3_stmt *st;
	enum irt_status status = db_prepare(
	    db,
	    "SELECT e.id, e.seq, i.uuid, e.uuid, e.at_ms, e.recorded_ms, "
	    "e.actor, e.kind, e.field, e.old_value, e.new_value, e.text, "
	    "e.data, e.prev_hash, e.hash FROM events e JOIN incidents i ON "
	    "i.id = e.incident_id WHERE e.incident_id = ? ORDER BY e.seq",
	    &st, err);
	int rc;

	if (status != IRT_OK)
		return status;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct event *ev = event_list_push(list);

		ev->id = sqlite3_column_int64(st, 0);
		ev->incident = id;
		ev->seq = (long)sqlite3_column_int64(st, 1);
		db_col_copy(st, 2, ev->incident_uuid, sizeof ev->incident_uuid);
		db_col_copy(st, 3, ev->uuid, sizeof ev->uuid);
		ev->at_ms = sqlite3_column_int64(st, 4);
		ev->recorded_ms = sqlite3_column_int64(st, 5);
		ev->actor = db_col_str(st, 6);
		ev->kind = db_col_str(st, 7);
		ev->field = db_col_str(st, 8);
		ev->old_value = db_col_str(st, 9);
		ev->new_value = db_col_str(st, 10);
		ev->text = db_col_str(st, 11);
		ev->data = db_col_str(st, 12);
		db_col_copy(st, 13, ev->prev_hash, sizeof ev->prev_hash);
		db_col_copy(st, 14, ev->hash, sizeof ev->hash);
	}
	if (rc != SQLITE_DONE)
		status = db_fail(db, rc, "reading the timeline", err);
	sqlite3_finalize(st);
	return status;
}

char *db_fts_query(const char *text)
{
	size_t n = strlen(text);
	char *q = xmalloc(3 * n + 8), *o = q;
	const char *p = text;

	while (*p) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (o != q)
			*o++ = ' ';
		*o++ = '"';
		while (*p && !isspace((unsigned char)*p)) {
			if (*p == '"')
				*o++ = '"';
			*o++ = *p++;
		}
		*o++ = '"';
	}
	if (o == q) {
		memcpy(q, "\"\"", 2);
		o = q + 2;
	}
	*o = '\0';
	return q;
}

enum irt_status db_search(struct db *db, const char *query, size_t limit,
                          struct search_hits *hits, struct irt_err *err)
{
	sqlite3_stmt *st;
	enum irt_status status = db_prepare(
	    db,
	    "SELECT e.incident_id, e.seq, e.at_ms, i.title, e.kind, "
	    "snippet(notes_fts, 0, '[', ']', '...', 12) FROM notes_fts "
	    "JOIN events e ON e.id = notes_fts.rowid JOIN incidents i ON "
	    "i.id = e.incident_id WHERE notes_fts MATCH ? ORDER BY e.at_ms "
	    "DESC, e.id DESC LIMIT ?",
	    &st, err);
	size_t cap = 0;
	int rc;

	memset(hits, 0, sizeof *hits);
	if (status != IRT_OK)
		return status;
	sqlite3_bind_text(st, 1, db_fts_query(query), -1, free);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct search_hit *h;

		if (hits->count == cap) {
			cap = cap ? cap * 2 : 32;
			hits->items = xrealloc(hits->items, cap * sizeof *h);
		}
		h = &hits->items[hits->count++];
		h->incident = (long)sqlite3_column_int64(st, 0);
		h->seq = (long)sqlite3_column_int64(st, 1);
		h->at_ms = sqlite3_column_int64(st, 2);
		h->title = db_col_str(st, 3);
		h->kind = db_col_str(st, 4);
		h->snippet = db_col_str(st, 5);
	}
	if (rc != SQLITE_DONE) {
		status = db_fail(db, rc, "searching", err);
		search_hits_free(hits);
	}
	sqlite3_finalize(st);
	return status;
}

void search_hits_free(struct search_hits *hits)
{
	if (!hits)
		return;
	for (size_t i = 0; i < hits->count; i++) {
		free(hits->items[i].title);
		free(hits->items[i].kind);
		free(hits->items[i].snippet);
	}
	free(hits->items);
	memset(hits, 0, sizeof *hits);
}
