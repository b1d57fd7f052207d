/*
 * test_incident_json.c - the documented JSON shapes, streamed, are byte
 * for byte what jansson writes for the trees that `irt import` compares
 * (json_dumps, then sanitize_json: the text of every --json output and
 * of the export before they were streamed), on an incident whose text is
 * hostile: control characters, DEL and C1 controls, quotes and
 * backslashes, invisible characters, CJK and emoji, and a CVSS score (a
 * real, written with 4 digits by the commands and 17 by the export).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "irt/deadline_json.h"
#include "irt/export.h"
#include "irt/incident_json.h"
#include "irt/jsonw.h"
#include "irt/sanitize.h"
#include "irt/timeutil.h"
#include "irt/tracker.h"
#include "testdb.h"

#define HOSTILE                                                                \
	"q\" b\\ /\t\n\r\b\f esc\x1b[31m bell\a del\x7f c1\xc2\x85\xc2\x9b "   \
	"nbsp\xc2\xa0 rlo\xe2\x80\xae zw\xe2\x80\x8b 漏洞 🔥"

/* The flags of the commands' envelopes, of list rows, of the export. */
#define SHOW_FLAGS                                                             \
	(JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4))
#define ROW_FLAGS    (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4))
#define EXPORT_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER)

struct fixture {
	char path[512];
	struct db *db;
	long id;
	int64_t now_ms;
	struct export_doc doc;
};

/* Fails the test with the error's message unless status is IRT_OK. */
static void ok(enum irt_status status, const struct irt_err *err)
{
	if (status != IRT_OK)
		fail_msg("%s", err->msg);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct tracker t = {0};
	struct new_incident spec = {0};
	struct notification_spec ns = {0};
	const char *to[] = {"sec@vendor.example", "\"q\"@x.example"};
	struct irt_err err;
	long n;

	fx->db = testdb_open(fx->path, sizeof fx->path, "incident_json");
	t.db = fx->db;
	t.actor = "t\"ester\\" HOSTILE;
	spec.field[FIELD_TITLE] = HOSTILE;
	spec.field[FIELD_DESCRIPTION] = HOSTILE;
	spec.owner = "李雷 \"o\"";
	ok(tracker_new(&t, &spec, &fx->id, &err), &err);
	ok(tracker_severity(&t, fx->id, 0, 0,
	                    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
	                    &err),
	   &err);
	ok(tracker_note(&t, fx->id, 0, "", HOSTILE, &err), &err);
	ok(tracker_set(&t, fx->id, 0, FIELD_COMPONENT, "comp\x01" HOSTILE,
	               &err),
	   &err);
	ok(tracker_ack(&t, fx->id, 0, &err), &err);
	ok(tracker_action_add(&t, fx->id, 0, HOSTILE, "preventive", "o\"wn", 0,
	                      "T-1 \"q\" 漏洞", &n, &err),
	   &err);
	ns.audience = AUDIENCE_PLATFORM;
	ns.channel = "e\"mail";
	ns.to = to;
	ns.n_to = 2;
	ns.subject = HOSTILE;
	ns.status = "recorded";
	ns.message = HOSTILE;
	ok(tracker_notification(&t, fx->id, &ns, &err), &err);
	fx->now_ms = timeutil_now_ms();
	assert_int_equal(
	    export_load(fx->db, fx->id, fx->now_ms, &fx->doc, &err), IRT_OK);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	export_doc_free(&fx->doc);
	testdb_close(fx->db, fx->path);
	free(fx);
	return 0;
}

/* The reference: tree (reference taken) dumped by jansson, sanitised. */
static char *reference(json_t *tree, size_t flags)
{
	char *text, *safe;

	assert_non_null(tree);
	text = json_dumps(tree, flags);
	assert_non_null(text);
	safe = sanitize_json(text);
	free(text);
	json_decref(tree);
	return safe;
}

/* A text writer into memory; finish with written(). */
struct mem {
	char *text;
	size_t len;
	FILE *f;
};

static struct jsonw *mem_writer(struct mem *m, size_t flags)
{
	m->text = NULL;
	m->f = open_memstream(&m->text, &m->len);
	assert_non_null(m->f);
	return jsonw_new_text(m->f, flags);
}

static char *written(struct mem *m, struct jsonw *w)
{
	assert_int_equal(jsonw_free(w), 0);
	fclose(m->f);
	return m->text;
}

static void assert_same(char *got, char *want)
{
	assert_string_equal(got, want);
	free(got);
	free(want);
}

static void test_events(void **state)
{
	struct fixture *fx = *state;
	const struct event_list *evs = &fx->doc.events;

	/* Notes, a CVSS score in the data, an action, a notification. */
	assert_true(evs->count >= 7);
	for (size_t i = 0; i < evs->count; i++) {
		for (int f = 0; f < 2; f++) {
			size_t flags = f ? ROW_FLAGS : SHOW_FLAGS;
			struct mem m;
			struct jsonw *w = mem_writer(&m, flags);

			incident_json_write_event(w, &evs->items[i]);
			assert_same(
			    written(&m, w),
			    reference(incident_json_event(&evs->items[i]),
			              flags));
		}
	}
}

/* irt show --json's incident: members, deadlines. */
static void test_show_shape(void **state)
{
	struct fixture *fx = *state;
	struct mem m;
	struct jsonw *w = mem_writer(&m, SHOW_FLAGS);
	json_t *tree = incident_json(&fx->doc.inc);

	jsonw_object_begin(w);
	incident_json_write_members(w, &fx->doc.inc, 0);
	jsonw_key(w, "deadlines");
	deadline_json_write(w, &fx->doc.deadlines, fx->now_ms, 1);
	jsonw_object_end(w);
	json_object_set_new(tree, "deadlines",
	                    deadline_json(&fx->doc.deadlines, fx->now_ms));
	assert_same(written(&m, w), reference(tree, SHOW_FLAGS));
}

/* irt list --json's rows. */
static void test_rows(void **state)
{
	struct fixture *fx = *state;
	struct list_filter f = {.closed = 2, .stage = -1, .severity = -1};
	struct incident_rows rows;
	struct deadlines d[1];
	struct irt_err err;

	assert_int_equal(db_incident_list(fx->db, &f, &rows, &err), IRT_OK);
	assert_int_equal(rows.count, 1);
	deadline_of_rows(&rows, &fx->doc.history, fx->now_ms, d, &err);
	{
		struct mem m;
		struct jsonw *w = mem_writer(&m, ROW_FLAGS);
		json_t *tree = incident_json_row(&rows.items[0]);

		jsonw_object_begin(w);
		incident_json_write_row_members(w, &rows.items[0]);
		jsonw_key(w, "deadlines");
		deadline_json_write(w, &d[0], fx->now_ms, 1);
		jsonw_object_end(w);
		json_object_set_new(tree, "deadlines",
		                    deadline_json(&d[0], fx->now_ms));
		assert_same(written(&m, w), reference(tree, ROW_FLAGS));
	}
	incident_rows_free(&rows);
}

/* The export streamed is the export tree dumped, and the tree import
 * rebuilds from the timeline is that file's, read back. */
static void test_export(void **state)
{
	struct fixture *fx = *state;
	struct irt_err err;
	char *buf, *want;
	size_t len;
	json_t *file, *part;

	assert_int_equal(export_render(&fx->doc, EXPORT_JSON, &buf, &len, &err),
	                 IRT_OK);
	want = reference(export_json_doc(&fx->doc), EXPORT_FLAGS);
	assert_int_equal(len, strlen(want) + 1);
	assert_memory_equal(buf, want, len - 1);
	assert_int_equal(buf[len - 1], '\n');
	/* 17 digits for the score in the export, as ever. */
	assert_non_null(strstr(buf, "\"score\": 9.8000000000000007"));
	assert_non_null(strstr(buf, "c1\\u0085\\u009B"));
	file = json_loadb(buf, len, 0, NULL);
	assert_non_null(file);
	part = export_json_timeline_part(&fx->doc);
	assert_true(json_equal(json_object_get(part, "incident"),
	                       json_object_get(file, "incident")));
	assert_true(json_equal(json_object_get(part, "events"),
	                       json_object_get(file, "events")));
	assert_string_equal(json_string_value(json_object_get(
	                        json_object_get(file, "incident"), "title")),
	                    HOSTILE);
	json_decref(part);
	json_decref(file);
	free(want);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_events),
	    cmocka_unit_test(test_show_shape),
	    cmocka_unit_test(test_rows),
	    cmocka_unit_test(test_export),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
