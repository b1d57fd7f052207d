/*
 * tracker_policy.c - audited changes to the team's policy.
 *
 * Same discipline as tracker.c: take the write lock first, read, check,
 * build the change as a chained event, store the event and the new
 * projection (the policy table), commit; on any failure nothing is
 * written. Two processes changing the policy at once serialise, and
 * neither's change is lost or recorded against a stale old value.
 */
#include "irt/tracker_policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/chain.h"
#include "irt/db.h"
#include "irt/sanitize.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

enum irt_status tracker_policy_set(struct tracker *t, const char *key,
                                   const char *value, const char *reason,
                                   struct policy_change *out,
                                   struct irt_err *err)
{
	struct policy_change local;
	struct policy current, next;
	struct event_list events = {0};
	struct event ev;
	enum irt_status status;
	int64_t now_ms;

	if (!out)
		out = &local;
	memset(out, 0, sizeof *out);
	if (reason && !sanitize_utf8_valid(reason, strlen(reason)))
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "the reason is not valid UTF-8; nothing was "
		                   "recorded");
	if (!sanitize_utf8_valid(value, strlen(value)))
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "the value is not valid UTF-8; nothing was "
		                   "recorded");
	event_init(&ev);
	status = db_write_begin(t->db, err);
	if (status != IRT_OK)
		goto out_free;
	now_ms = db_write_time(t->db);
	status = db_policy_load(t->db, &current, err);
	if (status != IRT_OK)
		goto out;
	next = current;
	status = policy_edit(&next, key, value, &out->key, err);
	if (status != IRT_OK)
		goto out;
	policy_format_value(&current, out->key, out->old_value,
	                    sizeof out->old_value);
	policy_format_value(&next, out->key, out->new_value,
	                    sizeof out->new_value);
	if (strcmp(out->old_value, out->new_value) == 0)
		goto out; /* nothing to record; rolled back below */
	status = db_policy_events(t->db, &events, err);
	if (status != IRT_OK)
		goto out;
	ev.incident = 0;
	ev.seq = events.count ? events.items[events.count - 1].seq + 1 : 1;
	snprintf(ev.incident_uuid, sizeof ev.incident_uuid, "%s",
	         POLICY_CHAIN_UUID);
	event_new_uuid(ev.uuid);
	ev.at_ms = ev.recorded_ms = now_ms;
	event_set(&ev.actor, t->actor);
	event_set(&ev.kind, "policy");
	event_set(&ev.field, policy_key_name(out->key));
	event_set(&ev.old_value, out->old_value);
	event_set(&ev.new_value, out->new_value);
	event_set(&ev.text, reason ? reason : "");
	memcpy(ev.prev_hash,
	       events.count ? events.items[events.count - 1].hash
	                    : chain_genesis,
	       sizeof ev.prev_hash);
	chain_hash(&ev, ev.hash);
	status = db_policy_event_insert(t->db, &ev, err);
	if (status == IRT_OK)
		status = db_policy_save(t->db, &next, err);
	if (status == IRT_OK) {
		status = db_write_commit(t->db, err);
		if (status == IRT_OK)
			out->seq = ev.seq;
		goto out_free;
	}
out:
	db_write_rollback(t->db);
out_free:
	event_clear(&ev);
	event_list_free(&events);
	return status;
}
