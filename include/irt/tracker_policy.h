/*
 * tracker_policy.h - changing the team's policy: one key at a time, each
 * change and its audit entry (who, when, key, old, new, reason) on the
 * hash-chained policy timeline written in one transaction (policy.h).
 */
#ifndef IRT_TRACKER_POLICY_H
#define IRT_TRACKER_POLICY_H

#include "irt/policy.h"
#include "irt/status.h"
#include "irt/tracker.h"

/* What tracker_policy_set did. */
struct policy_change {
	enum policy_key key; /* the key changed */
	char old_value[POLICY_VALUE_MAX];
	char new_value[POLICY_VALUE_MAX];
	long seq; /* its number on the policy timeline; 0 when unchanged */
};

/*
 * Sets policy `key` (a key of policy.h, or holidays.add/.remove) to value
 * as t->actor, with an optional reason (NULL or ""). Takes the write lock,
 * reads the current policy, applies the change, and when the value
 * differs appends the change to the policy timeline and stores the new
 * policy, in one transaction. A value equal to the current one records
 * nothing (out->seq = 0) and returns IRT_OK. out may be NULL.
 * IRT_ERR_INVALID for an unknown key or a bad value (nothing written).
 */
enum irt_status tracker_policy_set(struct tracker *t, const char *key,
                                   const char *value, const char *reason,
                                   struct policy_change *out,
                                   struct irt_err *err);

#endif
