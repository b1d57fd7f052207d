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
#include "irt/rules.h"
#include "irt/sanitize.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

void policy_change_clear(struct policy_change *out)
{
	if (!out)
		return;
	free(out->verdicts);
	out->verdicts = NULL;
	out->n_verdicts = 0;
}

/* Appends to out every deadline of rows whose verdict at now_ms differs
 * between the histories before and after. */
static void verdicts_moved(const struct report_rows *rows,
                           const struct policy_history *before,
                           const struct policy_history *after, int64_t now_ms,
                           struct policy_change *out)
{
	for (size_t i = 0; i < rows->count; i++) {
		struct deadlines a, b;

		deadline_of_report_row(&rows->items[i], before, now_ms, &a,
		                       NULL);
		deadline_of_report_row(&rows->items[i], after, now_ms, &b,
		                       NULL);
		for (int k = 0; k < DEADLINE_KIND_COUNT; k++) {
			const struct deadline *x = &a.item[k], *y = &b.item[k];
			struct policy_verdict_change *v;

			if (x->state == y->state && x->due_ms == y->due_ms)
				continue;
			out->verdicts = xrealloc(
			    out->verdicts, (out->n_verdicts + 1) * sizeof *v);
			v = &out->verdicts[out->n_verdicts++];
			v->id = rows->items[i].id;
			v->kind = (enum deadline_kind)k;
			v->old_state = x->state;
			v->new_state = y->state;
			v->old_due_ms = x->due_ms;
			v->new_due_ms = y->due_ms;
			v->old_seq = x->policy_seq;
			v->new_seq = y->policy_seq;
		}
	}
}

enum irt_status tracker_policy_set(struct tracker *t, const char *key,
                                   const char *value, int64_t from_ms,
                                   const char *reason,
                                   struct policy_change *out,
                                   struct irt_err *err)
{
	struct policy_change local = {0};
	struct policy current, next;
	struct event_list events = {0};
	struct policy_history before = {0}, after = {0};
	struct report_rows rows = {0};
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
	if (!from_ms)
		from_ms = now_ms;
	if (from_ms > now_ms + RULES_SKEW_MS) {
		status = irt_err_set(err, IRT_ERR_INVALID,
		                     "--from lies in the future; a policy "
		                     "version applies from now or an earlier "
		                     "date; nothing was recorded");
		goto out;
	}
	if (events.count && from_ms < events.items[events.count - 1].at_ms) {
		char when[TIMEUTIL_BUFSZ];

		timeutil_format_local_short(
		    events.items[events.count - 1].at_ms, when, sizeof when);
		status = irt_err_set(
		    err, IRT_ERR_INVALID,
		    "--from is before %s, the effective date of policy "
		    "version %ld: versions apply in the order they were "
		    "made; nothing was recorded",
		    when, events.items[events.count - 1].seq);
		goto out;
	}
	status = policy_history_replay(&before, &events, err);
	if (status == IRT_OK)
		status = tracker_check_signing(t, &before, now_ms, err);
	if (status == IRT_OK)
		status = db_report_rows(t->db, 0, 0, &rows, err);
	if (status != IRT_OK)
		goto out;
	ev.incident = 0;
	ev.seq = events.count ? events.items[events.count - 1].seq + 1 : 1;
	snprintf(ev.incident_uuid, sizeof ev.incident_uuid, "%s",
	         POLICY_CHAIN_UUID);
	event_new_uuid(ev.uuid);
	ev.at_ms = from_ms;
	ev.recorded_ms = now_ms;
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
	if (status == IRT_OK)
		status = db_policy_history_load(t->db, &after, err);
	if (status == IRT_OK) {
		status = db_write_commit(t->db, err);
		if (status == IRT_OK) {
			out->seq = ev.seq;
			out->from_ms = from_ms;
			verdicts_moved(&rows, &before, &after, now_ms, out);
		}
		goto out_free;
	}
out:
	db_write_rollback(t->db);
out_free:
	event_clear(&ev);
	event_list_free(&events);
	policy_history_free(&before);
	policy_history_free(&after);
	report_rows_free(&rows);
	policy_change_clear(&local);
	return status;
}
