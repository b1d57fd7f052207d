/*
 * deadline_json.c - deadlines as JSON (shape in deadline_json.h), written
 * once through a jsonw.
 */
#include "irt/deadline_json.h"

#include <stdio.h>
#include <string.h>

#include "irt/incident_json.h"
#include "irt/sanitize.h"

void deadline_json_write_policy(struct jsonw *w, const struct deadlines *d)
{
	const struct policy_version *v = d->policy;
	const char *zone;

	if (!v) {
		jsonw_null(w);
		return;
	}
	/* The same version for most deadlines of a list: its bytes once. */
	if (jsonw_memo_replay(w, v))
		return;
	jsonw_memo_begin(w, v);
	zone = v->policy.zone[0] ? v->policy.zone : "UTC";
	jsonw_object_begin(w);
	jsonw_key(w, "version");
	jsonw_integer(w, v->seq);
	incident_json_write_time(w, "from", v->from_ms);
	/* A zone that is not UTF-8 (only a hand-edited database holds
	 * one) has no "zone", as when jansson refused its string. */
	if (sanitize_utf8_valid(zone, strlen(zone))) {
		jsonw_key(w, "zone");
		jsonw_string(w, zone);
	}
	jsonw_key(w, "holidays");
	jsonw_array_begin(w);
	for (size_t i = 0; i < v->policy.n_holidays; i++) {
		int32_t ymd = v->policy.holidays[i];
		char date[16];

		snprintf(date, sizeof date, "%04d-%02d-%02d",
		         (int)(ymd / 10000), (int)(ymd / 100 % 100),
		         (int)(ymd % 100));
		jsonw_string(w, date);
	}
	jsonw_array_end(w);
	jsonw_object_end(w);
	jsonw_memo_end(w);
}

static void write_one(struct jsonw *w, const struct deadlines *all,
                      const struct deadline *d, int64_t now_ms,
                      int with_left_ms)
{
	jsonw_object_begin(w);
	jsonw_key(w, "state");
	jsonw_string(w, deadline_state_name(d->state));
	incident_json_write_time(w, "due", d->due_ms);
	incident_json_write_time(w, "stopped", d->stopped_ms);
	if (with_left_ms) {
		jsonw_key(w, "left_ms");
		if (deadline_state_running(d->state))
			jsonw_integer(w, d->due_ms - now_ms);
		else
			jsonw_null(w);
	}
	jsonw_key(w, d->kind == DEADLINE_ACK ? "business_days" : "days");
	if (d->state != DEADLINE_NONE)
		jsonw_integer(w, d->days);
	else
		jsonw_null(w);
	jsonw_key(w, "policy");
	deadline_json_write_policy(w, all);
	jsonw_object_end(w);
}

void deadline_json_write(struct jsonw *w, const struct deadlines *d,
                         int64_t now_ms, int with_left_ms)
{
	const struct deadline *next = deadline_next(d);

	jsonw_object_begin(w);
	for (int k = 0; k < DEADLINE_KIND_COUNT; k++) {
		jsonw_key(w, deadline_kind_name((enum deadline_kind)k));
		write_one(w, d, &d->item[k], now_ms, with_left_ms);
	}
	jsonw_key(w, "next");
	if (next)
		jsonw_string(w, deadline_kind_name(next->kind));
	else
		jsonw_null(w);
	jsonw_object_end(w);
}

json_t *deadline_policy_json(const struct deadlines *d)
{
	struct jsonw *w = jsonw_new_tree();

	deadline_json_write_policy(w, d);
	return jsonw_take_tree(w);
}

json_t *deadline_json(const struct deadlines *d, int64_t now_ms)
{
	struct jsonw *w = jsonw_new_tree();

	deadline_json_write(w, d, now_ms, 1);
	return jsonw_take_tree(w);
}
