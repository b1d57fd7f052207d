/*
 * incident_json.c - the JSON forms of incidents, events and list rows
 * (documented in irt(1) under JSON OUTPUT), each written once through a
 * jsonw: as text for the commands, as a tree for import.
 *
 * Text that is not valid UTF-8 (refused on input, but a hand-edited
 * database may hold it) is written as U+FFFD (jsonw_string), except in
 * the "cvss" object, which is left out then, as it always was.
 */
#include "irt/incident_json.h"

#include <stdio.h>
#include <string.h>

#include "irt/sanitize.h"
#include "irt/timeutil.h"

void incident_json_write_time(struct jsonw *w, const char *name, int64_t ms)
{
	char buf[TIMEUTIL_BUFSZ], key[64];
	size_t n = strlen(name);

	/* name + "_ms", without a printf per time of every row. */
	if (n > sizeof key - 4)
		n = sizeof key - 4;
	memcpy(key, name, n);
	memcpy(key + n, "_ms", 4);
	jsonw_key(w, name);
	if (!ms) {
		jsonw_null(w);
		jsonw_key(w, key);
		jsonw_null(w);
		return;
	}
	timeutil_format_utc(ms, buf, sizeof buf);
	jsonw_string(w, buf);
	jsonw_key(w, key);
	jsonw_integer(w, ms);
}

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

/* key: s, or null when s is NULL or "". */
static void string_or_null(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	if (s && s[0])
		jsonw_string(w, s);
	else
		jsonw_null(w);
}

static int utf8_valid(const char *s)
{
	return sanitize_utf8_valid(s, strlen(s));
}

static void write_cvss(struct jsonw *w, const struct incident *inc)
{
	/* A vector or version that is not UTF-8 leaves "cvss" out: the tree
	 * it came from was refused whole by json_pack. */
	if (inc->cvss_score >= 0 && !(utf8_valid(inc->field[FIELD_CVSS]) &&
	                              utf8_valid(inc->cvss_version)))
		return;
	jsonw_key(w, "cvss");
	if (inc->cvss_score < 0) {
		jsonw_null(w);
		return;
	}
	jsonw_object_begin(w);
	jsonw_key(w, "vector");
	jsonw_string(w, inc->field[FIELD_CVSS]);
	jsonw_key(w, "version");
	jsonw_string(w, inc->cvss_version);
	jsonw_key(w, "score");
	jsonw_real(w, inc->cvss_score);
	jsonw_object_end(w);
}

static void write_stage(struct jsonw *w, const struct incident *inc, int s,
                        int duration)
{
	int64_t in = inc->entered_ms[s], out = inc->left_ms[s];

	jsonw_object_begin(w);
	jsonw_key(w, "stage");
	jsonw_string(w, stage_name((enum stage)s));
	if (s < STAGE_WORK_COUNT) {
		jsonw_key(w, "owner");
		jsonw_string(w, inc->owner[s]);
	}
	incident_json_write_time(w, "entered", in);
	incident_json_write_time(w, "left", out);
	if (duration) {
		jsonw_key(w, "duration_ms");
		if (in && out)
			jsonw_integer(w, out - in);
		else
			jsonw_null(w);
	}
	jsonw_object_end(w);
}

static void write_action(struct jsonw *w, const struct action *a)
{
	jsonw_object_begin(w);
	jsonw_key(w, "n");
	jsonw_integer(w, a->n);
	jsonw_key(w, "title");
	jsonw_string(w, a->title);
	jsonw_key(w, "type");
	jsonw_string(w, a->type);
	jsonw_key(w, "owner");
	jsonw_string(w, a->owner);
	string_or_null(w, "ticket", a->ticket);
	incident_json_write_time(w, "due", a->due_ms);
	incident_json_write_time(w, "created", a->created_ms);
	incident_json_write_time(w, "done", a->done_ms);
	jsonw_object_end(w);
}

static void write_notification(struct jsonw *w, const struct notification *n)
{
	jsonw_object_begin(w);
	jsonw_key(w, "event");
	jsonw_integer(w, n->seq);
	jsonw_key(w, "audience");
	jsonw_string(w, n->audience);
	jsonw_key(w, "channel");
	jsonw_string(w, n->channel);
	jsonw_key(w, "recipients");
	jsonw_string(w, n->recipients);
	jsonw_key(w, "subject");
	jsonw_string(w, n->subject);
	jsonw_key(w, "status");
	jsonw_string(w, n->status);
	incident_json_write_time(w, "at", n->at_ms);
	jsonw_object_end(w);
}

void incident_json_write_members(struct jsonw *w, const struct incident *inc,
                                 int stage_durations)
{
	jsonw_key(w, "id");
	jsonw_integer(w, inc->id);
	jsonw_key(w, "uuid");
	jsonw_string(w, inc->uuid);
	jsonw_key(w, "title");
	jsonw_string(w, inc->field[FIELD_TITLE]);
	jsonw_key(w, "stage");
	jsonw_string(w, stage_name(inc->stage));
	string_or_null(w, "resolution",
	               inc->resolution ? resolution_name(inc->resolution)
	                               : NULL);
	string_or_null(w, "severity",
	               inc->severity ? severity_name(inc->severity) : NULL);
	write_cvss(w, inc);
	jsonw_key(w, "owner");
	jsonw_string(w, incident_owner(inc, inc->stage));
	jsonw_key(w, "fields");
	jsonw_object_begin(w);
	for (int f = 0; f < FIELD_COUNT; f++) {
		jsonw_key(w, incident_fields[f].name);
		jsonw_string(w, inc->field[f]);
	}
	jsonw_object_end(w);
	incident_json_write_time(w, "created", inc->created_ms);
	incident_json_write_time(w, "reported", inc->reported_ms);
	incident_json_write_time(w, "acknowledged", inc->acked_ms);
	incident_json_write_time(w, "updated", inc->updated_ms);
	jsonw_key(w, "stages");
	jsonw_array_begin(w);
	for (int s = 0; s < STAGE_COUNT; s++)
		write_stage(w, inc, s, stage_durations);
	jsonw_array_end(w);
	jsonw_key(w, "actions");
	jsonw_array_begin(w);
	for (size_t i = 0; i < inc->n_actions; i++)
		write_action(w, &inc->actions[i]);
	jsonw_array_end(w);
	string_or_null(w, "actions_none", inc->actions_none);
	jsonw_key(w, "notifications");
	jsonw_array_begin(w);
	for (size_t i = 0; i < inc->n_notifications; i++)
		write_notification(w, &inc->notifications[i]);
	jsonw_array_end(w);
	jsonw_key(w, "events");
	jsonw_integer(w, inc->n_events);
	jsonw_key(w, "head_hash");
	jsonw_string(w, inc->head_hash);
}

json_t *incident_json(const struct incident *inc)
{
	struct jsonw *w = jsonw_new_tree();

	jsonw_object_begin(w);
	incident_json_write_members(w, inc, 0);
	jsonw_object_end(w);
	return jsonw_take_tree(w);
}

void incident_json_write_event(struct jsonw *w, const struct event *ev)
{
	jsonw_object_begin(w);
	jsonw_key(w, "seq");
	jsonw_integer(w, ev->seq);
	jsonw_key(w, "uuid");
	jsonw_string(w, ev->uuid);
	incident_json_write_time(w, "at", ev->at_ms);
	incident_json_write_time(w, "recorded", ev->recorded_ms);
	jsonw_key(w, "backdated");
	jsonw_bool(w, event_is_backdated(ev));
	jsonw_key(w, "actor");
	jsonw_string(w, ev->actor);
	jsonw_key(w, "kind");
	jsonw_string(w, ev->kind);
	jsonw_key(w, "field");
	jsonw_string(w, ev->field);
	jsonw_key(w, "old");
	jsonw_string(w, ev->old_value);
	jsonw_key(w, "new");
	jsonw_string(w, ev->new_value);
	jsonw_key(w, "text");
	jsonw_string(w, ev->text);
	/* The one part that is JSON already: parsed, it is written with
	 * the document's layout (jansson refuses what is not an object or
	 * array at the top: null). */
	jsonw_key(w, "data");
	jsonw_value_new(w, ev->data[0] ? json_loads(ev->data, 0, NULL) : NULL);
	jsonw_key(w, "data_raw");
	jsonw_string(w, ev->data);
	jsonw_key(w, "prev_hash");
	jsonw_string(w, ev->prev_hash);
	jsonw_key(w, "hash");
	jsonw_string(w, ev->hash);
	if (ev->signature && ev->signature[0]) {
		jsonw_key(w, "signature");
		jsonw_string(w, ev->signature);
	}
	jsonw_object_end(w);
}

json_t *incident_json_event(const struct event *ev)
{
	struct jsonw *w = jsonw_new_tree();

	incident_json_write_event(w, ev);
	return jsonw_take_tree(w);
}

void incident_json_write_row_members(struct jsonw *w,
                                     const struct incident_row *r)
{
	jsonw_key(w, "id");
	jsonw_integer(w, r->id);
	jsonw_key(w, "title");
	jsonw_string(w, r->title);
	string_or_null(w, "severity",
	               r->severity ? severity_name(r->severity) : NULL);
	jsonw_key(w, "cvss_score");
	if (r->cvss_score >= 0)
		jsonw_real(w, r->cvss_score);
	else
		jsonw_null(w);
	jsonw_key(w, "stage");
	jsonw_string(w, stage_name(r->stage));
	string_or_null(w, "resolution",
	               r->resolution ? resolution_name(r->resolution) : NULL);
	jsonw_key(w, "owner");
	jsonw_string(w, r->owner);
	jsonw_key(w, "component");
	jsonw_string(w, r->component);
	incident_json_write_time(w, "reported", r->reported_ms);
	incident_json_write_time(w, "acknowledged", r->acked_ms);
	incident_json_write_time(w, "created", r->created_ms);
	incident_json_write_time(w, "updated", r->updated_ms);
	incident_json_write_time(w, "stage_entered", r->stage_entered_ms);
}

json_t *incident_json_row(const struct incident_row *r)
{
	struct jsonw *w = jsonw_new_tree();

	jsonw_object_begin(w);
	incident_json_write_row_members(w, r);
	jsonw_object_end(w);
	return jsonw_take_tree(w);
}
