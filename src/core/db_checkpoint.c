/*
 * db_checkpoint.c - what checkpoints read (db.h, checkpoint.h): every
 * incident's chain head, the hash at given points of given chains, and
 * the ledger's length and the hash of one of its entries. Everything is
 * read from the events and ledger tables themselves, never from the
 * incidents table's stored head and count.
 */
#include "db_internal.h"

#include <string.h>

enum irt_status db_chain_heads(struct db *db, db_chain_fn fn, void *ctx,
                               struct irt_err *err)
{
	struct dbq *st;
	enum irt_status status = db_prepare(
	    db,
	    "SELECT i.uuid, i.id, coalesce(e.seq, 0), coalesce(e.hash, '') "
	    "FROM incidents i LEFT JOIN events e ON e.incident_id = i.id AND "
	    "e.seq = (SELECT max(seq) FROM events WHERE incident_id = i.id) "
	    "ORDER BY i.id",
	    &st, err);
	int rc;

	if (status != IRT_OK)
		return status;
	while ((rc = dbq_step(st)) == DBQ_ROW) {
		struct db_chain_point head;

		memset(&head, 0, sizeof head);
		db_col_copy(st, 0, head.incident_uuid,
		            sizeof head.incident_uuid);
		head.incident = (long)dbq_int64(st, 1);
		head.n_events = head.seq = (long)dbq_int64(st, 2);
		db_col_copy(st, 3, head.hash, sizeof head.hash);
		fn(ctx, &head);
	}
	if (rc != DBQ_DONE)
		status = db_fail(db, rc, "reading the chain heads", err);
	dbq_finalize(st);
	return status;
}

enum irt_status db_chain_points(struct db *db, struct db_chain_point *points,
                                size_t n, struct irt_err *err)
{
	struct dbq *st;
	enum irt_status status = db_prepare(
	    db,
	    "SELECT i.id, coalesce((SELECT max(seq) FROM events WHERE "
	    "incident_id = i.id), 0), coalesce((SELECT hash FROM events "
	    "WHERE incident_id = i.id AND seq = ?2), '') FROM incidents i "
	    "WHERE i.uuid = ?1",
	    &st, err);

	if (status != IRT_OK)
		return status;
	for (size_t i = 0; i < n && status == IRT_OK; i++) {
		struct db_chain_point *p = &points[i];
		int rc;

		p->incident = p->n_events = 0;
		p->hash[0] = '\0';
		dbq_bind_text(st, 1, p->incident_uuid);
		dbq_bind_int64(st, 2, p->seq);
		rc = dbq_step(st);
		if (rc == DBQ_ROW) {
			p->incident = (long)dbq_int64(st, 0);
			p->n_events = (long)dbq_int64(st, 1);
			db_col_copy(st, 2, p->hash, sizeof p->hash);
		} else if (rc != DBQ_DONE) {
			status = db_fail(db, rc, "reading a chain", err);
		}
		dbq_reset(st);
	}
	dbq_finalize(st);
	return status;
}

enum irt_status db_ledger_point(struct db *db, long seq, long *n_entries,
                                char hash[EVENT_HASH_LEN + 1],
                                struct irt_err *err)
{
	struct dbq *st;
	enum irt_status status = db_prepare(
	    db,
	    "SELECT coalesce((SELECT max(seq) FROM ledger), 0), "
	    "coalesce((SELECT hash FROM ledger WHERE seq = CASE WHEN ?1 > 0 "
	    "THEN ?1 ELSE (SELECT max(seq) FROM ledger) END), '')",
	    &st, err);
	int rc;

	*n_entries = 0;
	hash[0] = '\0';
	if (status != IRT_OK)
		return status;
	dbq_bind_int64(st, 1, seq);
	rc = dbq_step(st);
	if (rc == DBQ_ROW) {
		*n_entries = (long)dbq_int64(st, 0);
		db_col_copy(st, 1, hash, EVENT_HASH_LEN + 1);
	} else {
		status = db_fail(db, rc, "reading the ledger", err);
	}
	dbq_finalize(st);
	return status;
}
