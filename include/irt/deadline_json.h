/*
 * deadline_json.h - an incident's deadlines as JSON (jansson), as `show
 * --json`, `list --json` and the JSON export carry them:
 *
 *   "deadlines": {
 *     "acknowledge": {"state": "met", "due": ISO|null, "due_ms": N|null,
 *                     "stopped": ISO|null, "stopped_ms": N|null,
 *                     "left_ms": N|null, "business_days": 2,
 *                     "policy": {"version": 0, "from": ISO|null,
 *                                "zone": "UTC", "holidays": [DATE...]}},
 *     "remediate":   {"state": "overdue", "due": ..., "due_ms": ...,
 *                     "stopped": ..., "stopped_ms": ..., "left_ms": ...,
 *                     "days": 14},
 *     "next": "remediate" | "acknowledge" | null
 *   }
 *
 * state is one of deadline_state_name(); due is null only for state
 * "none"; stopped is set for met and missed; left_ms (due minus now,
 * negative when overdue) only while the clock runs; the days are the
 * policy's count the deadline was set by (null for none); policy is the
 * version it was judged by (deadline.h: the one in force at the report;
 * version 0 and from null for the defaults), its zone and holidays.
 *
 * Written once through a jsonw (jsonw.h): streamed by the commands, or
 * built as a tree by deadline_json and deadline_policy_json.
 */
#ifndef IRT_DEADLINE_JSON_H
#define IRT_DEADLINE_JSON_H

#include <jansson.h>
#include <stdint.h>

#include "irt/deadline.h"
#include "irt/jsonw.h"

/* The "policy" object of the deadlines (the version they were judged
 * by). New reference. */
json_t *deadline_policy_json(const struct deadlines *d);

/* The "deadlines" object of d at now_ms. New reference. */
json_t *deadline_json(const struct deadlines *d, int64_t now_ms);

/* Writes the "policy" object. */
void deadline_json_write_policy(struct jsonw *w, const struct deadlines *d);

/* Writes the "deadlines" object of d at now_ms; without with_left_ms,
 * the deadlines have no "left_ms" (the export's, which must not change
 * with the time it is made). */
void deadline_json_write(struct jsonw *w, const struct deadlines *d,
                         int64_t now_ms, int with_left_ms);

#endif
