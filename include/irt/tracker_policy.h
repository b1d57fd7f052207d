/*
 * tracker_policy.h - changing the team's policy: one key at a time, each
 * change and its audit entry (who, when, key, old, new, reason) on the
 * hash-chained policy timeline written in one transaction (policy.h).
 */
#ifndef IRT_TRACKER_POLICY_H
#define IRT_TRACKER_POLICY_H

#include "irt/deadline.h"
#include "irt/policy.h"
#include "irt/status.h"
#include "irt/tracker.h"

/* One deadline whose verdict the change moved: state or due time as
 * judged at the time of the change, before and after it. */
struct policy_verdict_change {
	long id; /* the incident */
	enum deadline_kind kind;
	enum deadline_state old_state, new_state;
	int64_t old_due_ms, new_due_ms; /* 0 for none */
	long old_seq, new_seq;          /* the policy versions judged by */
};

/* What tracker_policy_set did. */
struct policy_change {
	enum policy_key key; /* the key changed */
	char old_value[POLICY_VALUE_MAX];
	char new_value[POLICY_VALUE_MAX];
	long seq; /* its number on the policy timeline; 0 when unchanged */
	int64_t from_ms; /* its effective date */
	/* Every deadline whose verdict moved, by incident and kind; owned,
	 * freed by policy_change_clear. */
	struct policy_verdict_change *verdicts;
	size_t n_verdicts;
};

/* Frees out's verdicts (out itself is the caller's); out may be NULL. */
void policy_change_clear(struct policy_change *out);

/*
 * Sets policy `key` (a key of policy.h, or holidays.add/.remove) to value
 * as t->actor, effective from from_ms (0: now; policy.h says which dates
 * are accepted), with an optional reason (NULL or ""). Takes the write
 * lock, reads the current policy, applies the change, and when the value
 * differs appends the change to the policy timeline (at = from_ms,
 * recorded = now) and stores the new policy, in one transaction. A value
 * equal to the current one records nothing (out->seq = 0) and returns
 * IRT_OK. When recorded, out->verdicts lists every incident deadline
 * whose verdict (state or due time, now) the change moved: those of
 * incidents reported since from_ms. out may be NULL; otherwise the caller
 * frees it with policy_change_clear, also on failure.
 * IRT_ERR_INVALID for an unknown key, a bad value, an effective date in
 * the future or before the previous version's (nothing written).
 */
enum irt_status tracker_policy_set(struct tracker *t, const char *key,
                                   const char *value, int64_t from_ms,
                                   const char *reason,
                                   struct policy_change *out,
                                   struct irt_err *err);

#endif
