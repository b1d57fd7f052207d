/*
 * db_ledger.c - the ledger table (ledger.h): appending an entry with each
 * event, policy change and import; walking it beside the tables it
 * records for `irt verify`; the import records of an incident.
 *
 * Invariant: every row of events and policy_events was inserted in a
 * transaction that also appended its ledger entry (db_event_insert and
 * db_policy_event_insert call db_ledger_append themselves).
 */
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/chain.h"
#include "irt/xalloc.h"

enum irt_status db_ledger_head(struct db *db, struct irt_err *err)
{
	struct dbq *st;
	enum irt_status status;
	int rc;

	if (db->ledger_seq >= 0)
		return IRT_OK;
	status = db_prepare(db,
	                    "SELECT seq, recorded_ms, hash FROM ledger ORDER "
	                    "BY seq DESC LIMIT 1",
	                    &st, err);
	if (status != IRT_OK)
		return status;
	db->ledger_seq = 0;
	db->ledger_recorded_ms = 0;
	memcpy(db->ledger_hash, chain_genesis, sizeof db->ledger_hash);
	rc = dbq_step(st);
	if (rc == DBQ_ROW) {
		db->ledger_seq = (long)dbq_int64(st, 0);
		db->ledger_recorded_ms = dbq_int64(st, 1);
		db_col_copy(st, 2, db->ledger_hash, sizeof db->ledger_hash);
	} else if (rc != DBQ_DONE) {
		status = db_fail(db, rc, "reading the ledger", err);
	}
	dbq_finalize(st);
	return status;
}

enum irt_status db_ledger_append(struct db *db, struct ledger_entry *e,
                                 struct irt_err *err)
{
	struct dbq *st = db->insert_ledger;
	enum irt_status status = db_ledger_head(db, err);
	int rc;

	if (status != IRT_OK)
		return status;
	if (!st) {
		status = db_prepare(
		    db,
		    "INSERT INTO ledger (seq, recorded_ms, kind, "
		    "incident_uuid, incident_id, ref_uuid, ref_seq, ref_hash, "
		    "actor, data, prev_hash, hash) VALUES "
		    "(?,?,?,?,?,?,?,?,?,?,?,?)",
		    &st, err);
		if (status != IRT_OK)
			return status;
		db->insert_ledger = st;
	}
	e->seq = db->ledger_seq + 1;
	if (db->ready && db->write_now_ms > e->recorded_ms)
		e->recorded_ms = db->write_now_ms;
	if (e->recorded_ms < db->ledger_recorded_ms)
		e->recorded_ms = db->ledger_recorded_ms;
	memcpy(e->prev_hash, db->ledger_hash, sizeof e->prev_hash);
	ledger_hash(e, e->hash);
	dbq_bind_int64(st, 1, e->seq);
	dbq_bind_int64(st, 2, e->recorded_ms);
	dbq_bind_text(st, 3, ledger_kind_name(e->kind));
	dbq_bind_text(st, 4, e->incident_uuid);
	dbq_bind_int64(st, 5, e->incident);
	dbq_bind_text(st, 6, e->ref_uuid);
	dbq_bind_int64(st, 7, e->ref_seq);
	dbq_bind_text(st, 8, e->ref_hash);
	dbq_bind_text(st, 9, e->actor ? e->actor : "");
	dbq_bind_text(st, 10, e->data ? e->data : "");
	dbq_bind_text(st, 11, e->prev_hash);
	dbq_bind_text(st, 12, e->hash);
	rc = dbq_step(st);
	if (rc == DBQ_DONE) {
		db->ledger_seq = e->seq;
		db->ledger_recorded_ms = e->recorded_ms;
		memcpy(db->ledger_hash, e->hash, sizeof db->ledger_hash);
	} else {
		status = db_fail(db, rc, "recording in the ledger", err);
	}
	dbq_reset(st);
	return status;
}

enum irt_status db_ledger_import(struct db *db, struct ledger_entry *e,
                                 struct irt_err *err)
{
	e->kind = LEDGER_IMPORT;
	e->recorded_ms = db->write_now_ms;
	return db_ledger_append(db, e, err);
}

enum irt_status db_ledger_backfill(struct db *db, struct irt_err *err)
{
	struct dbq *st;
	enum irt_status status = db_prepare(
	    db,
	    "SELECT 'event', e.recorded_ms, i.uuid, e.incident_id, e.uuid, "
	    "e.seq, e.hash FROM events e JOIN incidents i ON i.id = "
	    "e.incident_id UNION ALL SELECT 'policy', recorded_ms, '', 0, "
	    "uuid, seq, hash FROM policy_events ORDER BY 2, 1, 4, 6",
	    &st, err);
	int rc;

	if (status != IRT_OK)
		return status;
	while (status == IRT_OK && (rc = dbq_step(st)) == DBQ_ROW) {
		struct ledger_entry e;

		memset(&e, 0, sizeof e);
		e.kind = ledger_kind_parse(dbq_text(st, 0)) == LEDGER_POLICY
		             ? LEDGER_POLICY
		             : LEDGER_EVENT;
		e.recorded_ms = dbq_int64(st, 1);
		db_col_copy(st, 2, e.incident_uuid, sizeof e.incident_uuid);
		e.incident = (long)dbq_int64(st, 3);
		db_col_copy(st, 4, e.ref_uuid, sizeof e.ref_uuid);
		e.ref_seq = (long)dbq_int64(st, 5);
		db_col_copy(st, 6, e.ref_hash, sizeof e.ref_hash);
		status = db_ledger_append(db, &e, err);
	}
	if (status == IRT_OK && rc != DBQ_DONE)
		status = db_fail(db, rc, "adding the ledger", err);
	dbq_finalize(st);
	return status;
}

enum irt_status db_ledger_walk(struct db *db, db_ledger_fn fn, void *ctx,
                               struct irt_err *err)
{
	struct dbq *st;
	enum irt_status status = db_prepare(
	    db,
	    "SELECT l.seq, l.recorded_ms, l.kind, l.incident_uuid, "
	    "l.incident_id, l.ref_uuid, l.ref_seq, l.ref_hash, l.actor, "
	    "l.data, l.prev_hash, l.hash, "
	    "CASE WHEN e.id IS NOT NULL OR p.id IS NOT NULL THEN 1 ELSE 0 END, "
	    "coalesce(e.incident_id, 0), coalesce(i.uuid, ''), "
	    "coalesce(e.seq, p.seq, 0), coalesce(e.hash, p.hash, '') "
	    "FROM ledger l "
	    "LEFT JOIN events e ON l.kind = 'event' AND e.uuid = l.ref_uuid "
	    "LEFT JOIN incidents i ON i.id = e.incident_id "
	    "LEFT JOIN policy_events p ON l.kind = 'policy' AND p.uuid = "
	    "l.ref_uuid ORDER BY l.seq",
	    &st, err);
	int rc;

	if (status != IRT_OK)
		return status;
	if (db->engine->scan_begin)
		db->engine->scan_begin(db);
	while ((rc = dbq_step(st)) == DBQ_ROW) {
		struct ledger_row r;
		int kind = ledger_kind_parse(dbq_text(st, 2));

		memset(&r, 0, sizeof r);
		r.e.seq = (long)dbq_int64(st, 0);
		r.e.recorded_ms = dbq_int64(st, 1);
		r.e.kind = kind < 0 ? LEDGER_EVENT : (enum ledger_kind)kind;
		r.kind_known = kind >= 0;
		db_col_copy(st, 3, r.e.incident_uuid, sizeof r.e.incident_uuid);
		r.e.incident = (long)dbq_int64(st, 4);
		db_col_copy(st, 5, r.e.ref_uuid, sizeof r.e.ref_uuid);
		r.e.ref_seq = (long)dbq_int64(st, 6);
		db_col_copy(st, 7, r.e.ref_hash, sizeof r.e.ref_hash);
		r.e.actor = dbq_text(st, 8);
		r.e.data = dbq_text(st, 9);
		db_col_copy(st, 10, r.e.prev_hash, sizeof r.e.prev_hash);
		db_col_copy(st, 11, r.e.hash, sizeof r.e.hash);
		r.found = dbq_int(st, 12);
		r.found_incident = (long)dbq_int64(st, 13);
		db_col_copy(st, 14, r.found_incident_uuid,
		            sizeof r.found_incident_uuid);
		r.found_seq = (long)dbq_int64(st, 15);
		db_col_copy(st, 16, r.found_hash, sizeof r.found_hash);
		fn(ctx, &r);
	}
	if (rc != DBQ_DONE)
		status = db_fail(db, rc, "reading the ledger", err);
	dbq_finalize(st);
	if (db->engine->scan_end)
		db->engine->scan_end(db);
	return status;
}

enum irt_status db_ledger_unlisted(struct db *db, db_unlisted_fn fn, void *ctx,
                                   struct irt_err *err)
{
	struct dbq *st;
	enum irt_status status = db_prepare(
	    db,
	    "SELECT e.incident_id, e.seq, 0 FROM events e WHERE NOT EXISTS "
	    "(SELECT 1 FROM ledger l WHERE l.ref_uuid = e.uuid) UNION ALL "
	    "SELECT 0, p.seq, 1 FROM policy_events p WHERE NOT EXISTS "
	    "(SELECT 1 FROM ledger l WHERE l.ref_uuid = p.uuid) UNION ALL "
	    "SELECT a.incident_id, a.n, 2 FROM actions a WHERE NOT EXISTS "
	    "(SELECT 1 FROM incidents i WHERE i.id = a.incident_id) UNION ALL "
	    "SELECT n.incident_id, n.seq, 3 FROM notifications n WHERE NOT "
	    "EXISTS (SELECT 1 FROM incidents i WHERE i.id = n.incident_id) "
	    "ORDER BY 3, 1, 2",
	    &st, err);
	int rc;

	if (status != IRT_OK)
		return status;
	while ((rc = dbq_step(st)) == DBQ_ROW)
		fn(ctx, (long)dbq_int64(st, 0), (long)dbq_int64(st, 1),
		   (enum db_unlisted_kind)dbq_int(st, 2));
	if (rc != DBQ_DONE)
		status = db_fail(db, rc, "reading the ledger", err);
	dbq_finalize(st);
	return status;
}

enum irt_status db_imports_load(struct db *db, const char *incident_uuid,
                                struct import_records *out, struct irt_err *err)
{
	struct dbq *st;
	enum irt_status status = db_prepare(
	    db,
	    "SELECT recorded_ms, actor, ref_hash, data FROM ledger WHERE "
	    "kind = 'import' AND incident_uuid = ? ORDER BY seq",
	    &st, err);
	int rc;

	memset(out, 0, sizeof *out);
	if (status != IRT_OK)
		return status;
	dbq_bind_text(st, 1, incident_uuid);
	while ((rc = dbq_step(st)) == DBQ_ROW) {
		struct import_record *r;

		out->items =
		    xrealloc(out->items, (out->count + 1) * sizeof *out->items);
		r = &out->items[out->count++];
		r->recorded_ms = dbq_int64(st, 0);
		r->actor = db_col_str(st, 1);
		r->file_sha256 = db_col_str(st, 2);
		r->data = db_col_str(st, 3);
	}
	if (rc != DBQ_DONE) {
		status = db_fail(db, rc, "reading the ledger", err);
		import_records_free(out);
	}
	dbq_finalize(st);
	return status;
}

void import_records_free(struct import_records *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->count; i++) {
		free(r->items[i].actor);
		free(r->items[i].file_sha256);
		free(r->items[i].data);
	}
	free(r->items);
	memset(r, 0, sizeof *r);
}
