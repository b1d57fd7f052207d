/*
 * export_json.c - the complete incident as JSON, "irt-incident/1"
 * (docs/exports.md documents the shape). Everything but "deadlines" is a
 * function of the timeline alone, so `irt import` can rebuild that part
 * from the events it verified and compare it with the file.
 *
 * Text is kept exactly; DEL and the C1 controls are written as \u007F and
 * \u0080..\u009F (sanitize_json), so the file holds no raw control
 * character and still reads back as the same strings.
 */
#include "export_internal.h"

#include <stdlib.h>

#include "irt/deadline_json.h"
#include "irt/incident_json.h"
#include "irt/sanitize.h"

static json_t *ms_or_null(int64_t ms)
{
	return ms >= 0 ? json_integer(ms) : json_null();
}

json_t *export_json_timeline_part(const struct export_doc *doc)
{
	json_t *root = json_object(), *inc = incident_json(&doc->inc);
	json_t *stages = json_object_get(inc, "stages"), *st;
	json_t *intervals = json_array(), *times = json_object();
	json_t *events = json_array();
	struct stage_interval *iv;
	size_t n_iv, i;

	/* Each stage's duration: from its last entry to its last exit. */
	json_array_foreach(stages, i, st)
	{
		int64_t in = doc->inc.entered_ms[i], out = doc->inc.left_ms[i];

		json_object_set_new(st, "duration_ms",
		                    in && out ? json_integer(out - in)
		                              : json_null());
	}
	n_iv = export_stage_intervals(doc, &iv);
	for (i = 0; i < n_iv; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "stage",
		                    json_string(stage_name(iv[i].stage)));
		incident_json_time(o, "entered", iv[i].entered_ms);
		incident_json_time(o, "left", iv[i].left_ms);
		json_object_set_new(
		    o, "duration_ms",
		    iv[i].left_ms
		        ? json_integer(iv[i].left_ms - iv[i].entered_ms)
		        : json_null());
		json_array_append_new(intervals, o);
	}
	free(iv);
	json_object_set_new(inc, "stage_intervals", intervals);
	for (int m = 0; m < MEASURE_COUNT; m++)
		json_object_set_new(
		    times, export_measure_name((enum response_measure)m),
		    ms_or_null(export_response_time(&doc->inc,
		                                    (enum response_measure)m)));
	json_object_set_new(inc, "response_times_ms", times);

	json_object_set_new(root, "format", json_string("irt-incident/1"));
	json_object_set_new(root, "incident", inc);
	for (i = 0; i < doc->events.count; i++)
		json_array_append_new(
		    events, incident_json_event(&doc->events.items[i]));
	json_object_set_new(root, "events", events);
	return root;
}

json_t *export_json_doc(const struct export_doc *doc)
{
	json_t *root = export_json_timeline_part(doc);
	json_t *events = json_incref(json_object_get(root, "events"));
	json_t *dl = deadline_json(&doc->deadlines, doc->now_ms);

	/* Running clocks are judged at the time of export, but the export
	 * carries no "time left": so two exports of an unchanged incident
	 * are identical unless a deadline has changed state in between. */
	for (int k = 0; k < DEADLINE_KIND_COUNT; k++)
		json_object_del(json_object_get(dl, deadline_kind_name(
		                                        (enum deadline_kind)k)),
		                "left_ms");
	json_t *policy = json_array();

	/* The policy timeline the deadlines and gates were judged by, with
	 * its chain (and signatures): `irt verify --file` replays it. */
	for (size_t i = 0; i < doc->policy_events.count; i++)
		json_array_append_new(
		    policy, incident_json_event(&doc->policy_events.items[i]));
	/* "deadlines" before the long "events" array, for people reading. */
	json_object_del(root, "events");
	json_object_set_new(root, "deadlines", dl);
	json_object_set_new(root, "policy_events", policy);
	json_object_set_new(root, "events", events);
	return root;
}

int export_json_write(const struct export_doc *doc, FILE *out)
{
	json_t *root = export_json_doc(doc);
	/* One string, one write: much faster than json_dumpf's many small
	 * writes into a memory stream. */
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	char *safe = text ? sanitize_json(text) : NULL;
	int rc = -1;

	json_decref(root);
	if (safe && fputs(safe, out) != EOF && fputc('\n', out) != EOF)
		rc = 0;
	free(safe);
	free(text);
	return rc;
}
