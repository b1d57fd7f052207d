/*
 * export_json.c - the complete incident as JSON, "irt-incident/1"
 * (docs/exports.md documents the shape). Everything but "deadlines" and
 * "policy_events" is a function of the timeline alone, so `irt import`
 * can rebuild that part from the events it verified and compare it with
 * the file.
 *
 * The document is written once, through a jsonw: streamed as text by
 * export_json_write (an event at a time, never a tree or a string of the
 * whole), built as a tree by export_json_doc and
 * export_json_timeline_part for import. Text is kept exactly; DEL and the
 * C1 controls are written as \u007F and \u0080..\u009F (jsonw.h), so the
 * file holds no raw control character and still reads back as the same
 * strings. Reals have jansson's default precision (17 digits), as the
 * export always had.
 */
#include "export_internal.h"

#include <stdlib.h>

#include "irt/deadline_json.h"
#include "irt/incident_json.h"
#include "irt/jsonw.h"

static void write_intervals(struct jsonw *w, const struct export_doc *doc)
{
	struct stage_interval *iv;
	size_t n_iv = export_stage_intervals(doc, &iv);

	jsonw_key(w, "stage_intervals");
	jsonw_array_begin(w);
	for (size_t i = 0; i < n_iv; i++) {
		jsonw_object_begin(w);
		jsonw_key(w, "stage");
		jsonw_string(w, stage_name(iv[i].stage));
		incident_json_write_time(w, "entered", iv[i].entered_ms);
		incident_json_write_time(w, "left", iv[i].left_ms);
		jsonw_key(w, "duration_ms");
		if (iv[i].left_ms)
			jsonw_integer(w, iv[i].left_ms - iv[i].entered_ms);
		else
			jsonw_null(w);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	free(iv);
}

static void write_incident(struct jsonw *w, const struct export_doc *doc)
{
	jsonw_object_begin(w);
	/* Each stage with its duration: from its last entry to its last
	 * exit. */
	incident_json_write_members(w, &doc->inc, 1);
	write_intervals(w, doc);
	jsonw_key(w, "response_times_ms");
	jsonw_object_begin(w);
	for (int m = 0; m < MEASURE_COUNT; m++) {
		int64_t ms =
		    export_response_time(&doc->inc, (enum response_measure)m);

		jsonw_key(w, export_measure_name((enum response_measure)m));
		if (ms >= 0)
			jsonw_integer(w, ms);
		else
			jsonw_null(w);
	}
	jsonw_object_end(w);
	jsonw_object_end(w);
}

static void write_events(struct jsonw *w, const char *key,
                         const struct event_list *events)
{
	jsonw_key(w, key);
	jsonw_array_begin(w);
	for (size_t i = 0; i < events->count; i++)
		incident_json_write_event(w, &events->items[i]);
	jsonw_array_end(w);
}

/* The document; without whole, the timeline part alone. */
static void write_doc(struct jsonw *w, const struct export_doc *doc, int whole)
{
	jsonw_object_begin(w);
	jsonw_key(w, "format");
	jsonw_string(w, "irt-incident/1");
	jsonw_key(w, "incident");
	write_incident(w, doc);
	if (whole) {
		/* Running clocks are judged at the time of export, but the
		 * export carries no "time left": so two exports of an
		 * unchanged incident are identical unless a deadline has
		 * changed state in between. */
		jsonw_key(w, "deadlines");
		deadline_json_write(w, &doc->deadlines, doc->now_ms, 0);
		/* The policy timeline the deadlines and gates were judged
		 * by, with its chain (and signatures): `irt verify --file`
		 * replays it. */
		write_events(w, "policy_events", &doc->policy_events);
	}
	/* The long "events" array last, for people reading. */
	write_events(w, "events", &doc->events);
	jsonw_object_end(w);
}

json_t *export_json_timeline_part(const struct export_doc *doc)
{
	struct jsonw *w = jsonw_new_tree();

	write_doc(w, doc, 0);
	return jsonw_take_tree(w);
}

json_t *export_json_doc(const struct export_doc *doc)
{
	struct jsonw *w = jsonw_new_tree();

	write_doc(w, doc, 1);
	return jsonw_take_tree(w);
}

int export_json_write(const struct export_doc *doc, FILE *out)
{
	struct jsonw *w = jsonw_new_text(out, JSON_INDENT(2));

	write_doc(w, doc, 1);
	jsonw_raw(w, "\n");
	return jsonw_free(w);
}
