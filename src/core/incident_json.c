/*
 * incident_json.c - the JSON forms of incidents, events and list rows
 * (documented in irt(1) under JSON OUTPUT).
 */
#include "irt/incident_json.h"

#include "irt/timeutil.h"

void incident_json_time(json_t *obj, const char *name, int64_t ms)
{
	char buf[TIMEUTIL_BUFSZ], key[64];

	snprintf(key, sizeof key, "%s_ms", name);
	if (!ms) {
		json_object_set_new(obj, name, json_null());
		json_object_set_new(obj, key, json_null());
		return;
	}
	timeutil_format_utc(ms, buf, sizeof buf);
	json_object_set_new(obj, name, json_string(buf));
	json_object_set_new(obj, key, json_integer(ms));
}

/* json_string that never fails on invalid UTF-8: such bytes were refused
 * on input, but a hand-edited database may hold them. */
static json_t *str(const char *s)
{
	json_t *v = json_string(s ? s : "");

	return v ? v : json_stringn("\xef\xbf\xbd", 3);
}

json_t *incident_json(const struct incident *inc)
{
	json_t *obj = json_object(), *fields = json_object();
	json_t *stages = json_array(), *actions = json_array();
	json_t *notes = json_array();

	json_object_set_new(obj, "id", json_integer(inc->id));
	json_object_set_new(obj, "uuid", str(inc->uuid));
	json_object_set_new(obj, "title", str(inc->field[FIELD_TITLE]));
	json_object_set_new(obj, "stage", str(stage_name(inc->stage)));
	json_object_set_new(obj, "resolution",
	                    inc->resolution
	                        ? str(resolution_name(inc->resolution))
	                        : json_null());
	json_object_set_new(obj, "severity",
	                    inc->severity ? str(severity_name(inc->severity))
	                                  : json_null());
	if (inc->cvss_score >= 0) {
		json_object_set_new(obj, "cvss",
		                    json_pack("{s:s, s:s, s:f}", "vector",
		                              inc->field[FIELD_CVSS], "version",
		                              inc->cvss_version, "score",
		                              inc->cvss_score));
	} else {
		json_object_set_new(obj, "cvss", json_null());
	}
	json_object_set_new(obj, "owner", str(incident_owner(inc, inc->stage)));
	for (int f = 0; f < FIELD_COUNT; f++)
		json_object_set_new(fields, incident_fields[f].name,
		                    str(inc->field[f]));
	json_object_set_new(obj, "fields", fields);
	incident_json_time(obj, "created", inc->created_ms);
	incident_json_time(obj, "reported", inc->reported_ms);
	incident_json_time(obj, "acknowledged", inc->acked_ms);
	incident_json_time(obj, "updated", inc->updated_ms);
	for (int s = 0; s < STAGE_COUNT; s++) {
		json_t *st = json_object();

		json_object_set_new(st, "stage",
		                    str(stage_name((enum stage)s)));
		if (s < STAGE_WORK_COUNT)
			json_object_set_new(st, "owner", str(inc->owner[s]));
		incident_json_time(st, "entered", inc->entered_ms[s]);
		incident_json_time(st, "left", inc->left_ms[s]);
		json_array_append_new(stages, st);
	}
	json_object_set_new(obj, "stages", stages);
	for (size_t i = 0; i < inc->n_actions; i++) {
		const struct action *a = &inc->actions[i];
		json_t *ja = json_object();

		json_object_set_new(ja, "n", json_integer(a->n));
		json_object_set_new(ja, "title", str(a->title));
		json_object_set_new(ja, "type", str(a->type));
		json_object_set_new(ja, "owner", str(a->owner));
		json_object_set_new(
		    ja, "ticket", a->ticket[0] ? str(a->ticket) : json_null());
		incident_json_time(ja, "due", a->due_ms);
		incident_json_time(ja, "created", a->created_ms);
		incident_json_time(ja, "done", a->done_ms);
		json_array_append_new(actions, ja);
	}
	json_object_set_new(obj, "actions", actions);
	json_object_set_new(obj, "actions_none",
	                    inc->actions_none[0] ? str(inc->actions_none)
	                                         : json_null());
	for (size_t i = 0; i < inc->n_notifications; i++) {
		const struct notification *n = &inc->notifications[i];
		json_t *jn = json_object();

		json_object_set_new(jn, "event", json_integer(n->seq));
		json_object_set_new(jn, "audience", str(n->audience));
		json_object_set_new(jn, "channel", str(n->channel));
		json_object_set_new(jn, "recipients", str(n->recipients));
		json_object_set_new(jn, "subject", str(n->subject));
		json_object_set_new(jn, "status", str(n->status));
		incident_json_time(jn, "at", n->at_ms);
		json_array_append_new(notes, jn);
	}
	json_object_set_new(obj, "notifications", notes);
	json_object_set_new(obj, "events", json_integer(inc->n_events));
	json_object_set_new(obj, "head_hash", str(inc->head_hash));
	return obj;
}

json_t *incident_json_event(const struct event *ev)
{
	json_t *obj = json_object();
	json_t *data = ev->data[0] ? json_loads(ev->data, 0, NULL) : NULL;

	json_object_set_new(obj, "seq", json_integer(ev->seq));
	json_object_set_new(obj, "uuid", str(ev->uuid));
	incident_json_time(obj, "at", ev->at_ms);
	incident_json_time(obj, "recorded", ev->recorded_ms);
	json_object_set_new(obj, "backdated",
	                    json_boolean(event_is_backdated(ev)));
	json_object_set_new(obj, "actor", str(ev->actor));
	json_object_set_new(obj, "kind", str(ev->kind));
	json_object_set_new(obj, "field", str(ev->field));
	json_object_set_new(obj, "old", str(ev->old_value));
	json_object_set_new(obj, "new", str(ev->new_value));
	json_object_set_new(obj, "text", str(ev->text));
	json_object_set_new(obj, "data", data ? data : json_null());
	json_object_set_new(obj, "data_raw", str(ev->data));
	json_object_set_new(obj, "prev_hash", str(ev->prev_hash));
	json_object_set_new(obj, "hash", str(ev->hash));
	if (ev->signature && ev->signature[0])
		json_object_set_new(obj, "signature", str(ev->signature));
	return obj;
}

json_t *incident_json_row(const struct incident_row *r)
{
	json_t *obj = json_object();

	json_object_set_new(obj, "id", json_integer(r->id));
	json_object_set_new(obj, "title", str(r->title));
	json_object_set_new(obj, "severity",
	                    r->severity ? str(severity_name(r->severity))
	                                : json_null());
	json_object_set_new(obj, "cvss_score",
	                    r->cvss_score >= 0 ? json_real(r->cvss_score)
	                                       : json_null());
	json_object_set_new(obj, "stage", str(stage_name(r->stage)));
	json_object_set_new(obj, "resolution",
	                    r->resolution ? str(resolution_name(r->resolution))
	                                  : json_null());
	json_object_set_new(obj, "owner", str(r->owner));
	json_object_set_new(obj, "component", str(r->component));
	incident_json_time(obj, "reported", r->reported_ms);
	incident_json_time(obj, "acknowledged", r->acked_ms);
	incident_json_time(obj, "created", r->created_ms);
	incident_json_time(obj, "updated", r->updated_ms);
	incident_json_time(obj, "stage_entered", r->stage_entered_ms);
	return obj;
}
