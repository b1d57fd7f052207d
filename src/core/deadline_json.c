/*
 * deadline_json.c - deadlines as JSON (shape in deadline_json.h).
 */
#include "irt/deadline_json.h"

#include <stdio.h>

#include "irt/incident_json.h"

json_t *deadline_policy_json(const struct deadlines *d)
{
	json_t *obj = json_object(), *holidays = json_array();
	const struct policy_version *v = &d->policy;

	json_object_set_new(obj, "version", json_integer(v->seq));
	incident_json_time(obj, "from", v->from_ms);
	json_object_set_new(
	    obj, "zone",
	    json_string(v->policy.zone[0] ? v->policy.zone : "UTC"));
	for (size_t i = 0; i < v->policy.n_holidays; i++) {
		int32_t ymd = v->policy.holidays[i];
		char date[16];

		snprintf(date, sizeof date, "%04d-%02d-%02d",
		         (int)(ymd / 10000), (int)(ymd / 100 % 100),
		         (int)(ymd % 100));
		json_array_append_new(holidays, json_string(date));
	}
	json_object_set_new(obj, "holidays", holidays);
	return obj;
}

static json_t *one(const struct deadlines *all, const struct deadline *d,
                   int64_t now_ms)
{
	json_t *obj = json_object();

	json_object_set_new(obj, "state",
	                    json_string(deadline_state_name(d->state)));
	incident_json_time(obj, "due", d->due_ms);
	incident_json_time(obj, "stopped", d->stopped_ms);
	json_object_set_new(obj, "left_ms",
	                    deadline_state_running(d->state)
	                        ? json_integer(d->due_ms - now_ms)
	                        : json_null());
	json_object_set_new(
	    obj, d->kind == DEADLINE_ACK ? "business_days" : "days",
	    d->state != DEADLINE_NONE ? json_integer(d->days) : json_null());
	json_object_set_new(obj, "policy", deadline_policy_json(all));
	return obj;
}

json_t *deadline_json(const struct deadlines *d, int64_t now_ms)
{
	json_t *obj = json_object();
	const struct deadline *next = deadline_next(d);

	for (int k = 0; k < DEADLINE_KIND_COUNT; k++)
		json_object_set_new(obj,
		                    deadline_kind_name((enum deadline_kind)k),
		                    one(d, &d->item[k], now_ms));
	json_object_set_new(obj, "next",
	                    next ? json_string(deadline_kind_name(next->kind))
	                         : json_null());
	return obj;
}
