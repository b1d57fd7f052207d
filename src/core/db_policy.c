/*
 * db_policy.c - the team's policy as stored in the database: the policy
 * table (current value of each key, canonical text) and the append-only
 * policy timeline (policy_events, hash-chained; policy.h describes it).
 *
 * Keys absent from the table take the defaults; keys this irt does not
 * know (written by a newer one) are ignored on load.
 */
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/xalloc.h"

enum irt_status db_policy_load(struct db *db, struct policy *p,
                               struct irt_err *err)
{
	struct dbq *st;
	enum irt_status status;
	int rc;

	policy_defaults(p);
	status = db_prepare(db, "SELECT key, value FROM policy", &st, err);
	if (status != IRT_OK)
		return status;
	while ((rc = dbq_step(st)) == DBQ_ROW) {
		const char *key = dbq_text(st, 0);
		const char *value = dbq_text(st, 1);
		int k = policy_key_parse(key);
		struct irt_err detail;

		if (k < 0)
			continue;
		if (policy_load_value(p, (enum policy_key)k, value ? value : "",
		                      &detail) != IRT_OK) {
			status = irt_err_set(err, IRT_ERR_CORRUPT,
			                     "the stored policy is damaged: %s",
			                     detail.msg);
			break;
		}
	}
	if (status == IRT_OK && rc != DBQ_DONE)
		status = db_fail(db, rc, "reading the policy", err);
	dbq_finalize(st);
	if (status != IRT_OK)
		policy_defaults(p);
	return status;
}

enum irt_status db_policy_save(struct db *db, const struct policy *p,
                               struct irt_err *err)
{
	struct dbq *st;
	enum irt_status status = db_prepare(
	    db,
	    "INSERT INTO policy (key, value) VALUES (?, ?) ON CONFLICT "
	    "(key) DO UPDATE SET value = excluded.value",
	    &st, err);
	char *value = xmalloc(POLICY_VALUE_MAX);

	for (int k = 0; k < POLICY_KEY_COUNT && status == IRT_OK; k++) {
		int rc;

		policy_format_value(p, (enum policy_key)k, value,
		                    POLICY_VALUE_MAX);
		dbq_bind_text(st, 1, policy_key_name((enum policy_key)k));
		dbq_bind_text(st, 2, value);
		rc = dbq_step(st);
		if (rc != DBQ_DONE)
			status = db_fail(db, rc, "saving the policy", err);
		dbq_reset(st);
	}
	dbq_finalize(st);
	free(value);
	return status;
}

enum irt_status db_policy_event_insert(struct db *db, struct event *ev,
                                       struct irt_err *err)
{
	struct dbq *st;
	enum irt_status status = db_prepare(
	    db,
	    "INSERT INTO policy_events (seq, uuid, at_ms, recorded_ms, "
	    "actor, key, old_value, new_value, reason, prev_hash, hash) "
	    "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
	    &st, err);
	int rc;

	if (status != IRT_OK)
		return status;
	dbq_bind_int64(st, 1, ev->seq);
	dbq_bind_text(st, 2, ev->uuid);
	dbq_bind_int64(st, 3, ev->at_ms);
	dbq_bind_int64(st, 4, ev->recorded_ms);
	dbq_bind_text(st, 5, ev->actor);
	dbq_bind_text(st, 6, ev->field);
	dbq_bind_text(st, 7, ev->old_value);
	dbq_bind_text(st, 8, ev->new_value);
	dbq_bind_text(st, 9, ev->text);
	dbq_bind_text(st, 10, ev->prev_hash);
	dbq_bind_text(st, 11, ev->hash);
	rc = dbq_step(st);
	if (rc == DBQ_DONE)
		ev->id = db_last_id(db);
	else
		status = db_fail(db, rc, "recording the policy change", err);
	dbq_finalize(st);
	if (status == IRT_OK)
		status = db_sign_entry(db, ev, err);
	if (status == IRT_OK) {
		struct ledger_entry e;

		memset(&e, 0, sizeof e);
		e.kind = LEDGER_POLICY;
		e.recorded_ms = ev->recorded_ms;
		memcpy(e.ref_uuid, ev->uuid, sizeof e.ref_uuid);
		e.ref_seq = ev->seq;
		memcpy(e.ref_hash, ev->hash, sizeof e.ref_hash);
		status = db_ledger_append(db, &e, err);
	}
	return status;
}

enum irt_status db_policy_events(struct db *db, struct event_list *list,
                                 struct irt_err *err)
{
	struct dbq *st;
	enum irt_status status =
	    db_prepare(db,
	               "SELECT p.id, p.seq, p.uuid, p.at_ms, p.recorded_ms, "
	               "p.actor, p.key, p.old_value, p.new_value, p.reason, "
	               "p.prev_hash, p.hash, s.signature FROM policy_events p "
	               "LEFT JOIN signatures s ON s.hash = p.hash ORDER BY "
	               "p.seq",
	               &st, err);
	int rc;

	if (status != IRT_OK)
		return status;
	while ((rc = dbq_step(st)) == DBQ_ROW) {
		struct event *ev = event_list_push(list);

		ev->id = dbq_int64(st, 0);
		ev->incident = 0;
		ev->seq = (long)dbq_int64(st, 1);
		snprintf(ev->incident_uuid, sizeof ev->incident_uuid, "%s",
		         POLICY_CHAIN_UUID);
		snprintf(ev->uuid, sizeof ev->uuid, "%s", dbq_text(st, 2));
		ev->at_ms = dbq_int64(st, 3);
		ev->recorded_ms = dbq_int64(st, 4);
		event_set(&ev->actor, dbq_text(st, 5));
		event_set(&ev->kind, "policy");
		event_set(&ev->field, dbq_text(st, 6));
		event_set(&ev->old_value, dbq_text(st, 7));
		event_set(&ev->new_value, dbq_text(st, 8));
		event_set(&ev->text, dbq_text(st, 9));
		event_set(&ev->data, "");
		snprintf(ev->prev_hash, sizeof ev->prev_hash, "%s",
		         dbq_text(st, 10));
		snprintf(ev->hash, sizeof ev->hash, "%s", dbq_text(st, 11));
		ev->signature = db_col_str(st, 12);
	}
	if (rc != DBQ_DONE)
		status = db_fail(db, rc, "reading the policy timeline", err);
	dbq_finalize(st);
	return status;
}

enum irt_status db_policy_history_load(struct db *db, struct policy_history *h,
                                       struct irt_err *err)
{
	struct event_list events = {0};
	enum irt_status status = db_policy_events(db, &events, err);

	if (status == IRT_OK) {
		status = policy_history_replay(h, &events, err);
	} else {
		struct policy p;

		policy_defaults(&p);
		policy_history_init(h, &p);
	}
	event_list_free(&events);
	return status;
}
