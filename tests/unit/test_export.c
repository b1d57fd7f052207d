/*
 * test_export.c - the export renderers on a temporary database holding
 * hostile text: each format read back by an independent parser (jansson
 * for JSON, cmark's own parser for the Markdown), stored text coming out
 * inert and intact, the post-mortem's sections, and the atomic file
 * write.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmark.h>
#include <cmocka.h>
#include <jansson.h>

#include "irt/db.h"
#include "irt/export.h"
#include "irt/postmortem.h"
#include "irt/tracker.h"
#include "irt/xalloc.h"

#define TITLE_HOSTILE "<script>alert(1)</script> | *bold* [x](http://e) #"
#define NOTE_MD       "# not a heading\n- not a list\n<b>raw</b> & `code` \\ |x|"
#define NOTE_FORMULA  "=HYPERLINK(\"http://x\",\"y\")"
#define NOTE_ESC      "red \x1b[31m text"

struct fixture {
	char path[600];
	char dir[512];
	struct db *db;
	struct tracker t;
	long id;
	char *big; /* a 1 MiB note */
};

static void note(struct fixture *fx, const char *text)
{
	struct irt_err err;

	assert_int_equal(tracker_note(&fx->t, fx->id, 0, "", text, &err),
	                 IRT_OK);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	const char *tmp = getenv("IRT_TEST_TMP");
	struct new_incident spec = {0};
	struct irt_err err;

	snprintf(fx->dir, sizeof fx->dir, "%s/export-%d-XXXXXX",
	         tmp ? tmp : "/tmp", (int)getpid());
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof fx->path, "%s/irt.db", fx->dir);
	assert_int_equal(db_open(fx->path, DB_OPEN_CREATE, &fx->db, &err),
	                 IRT_OK);
	fx->t.db = fx->db;
	fx->t.actor = "tester";
	spec.field[FIELD_TITLE] = TITLE_HOSTILE;
	spec.field[FIELD_SEVERITY] = "high";
	spec.owner = "alice";
	assert_int_equal(tracker_new(&fx->t, &spec, &fx->id, &err), IRT_OK);
	note(fx, NOTE_MD);
	note(fx, NOTE_FORMULA);
	note(fx, "+1 -1 @sum");
	note(fx, NOTE_ESC);
	fx->big = malloc(1 << 20);
	memset(fx->big, 'a', (1 << 20) - 1);
	memcpy(fx->big + 1000, "<i>|", 4);
	fx->big[(1 << 20) - 1] = '\0';
	note(fx, fx->big);
	assert_int_equal(tracker_set(&fx->t, fx->id, 0, FIELD_SUMMARY,
	                             "Line one\n\n## injected\n    code?",
	                             &err),
	                 IRT_OK);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[600];

	db_close(fx->db);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(fx->big);
	free(fx);
	return 0;
}

static char *render(struct fixture *fx, enum export_format f, size_t *len)
{
	struct export_doc doc;
	struct irt_err err;
	char *buf;
	size_t n;

	assert_int_equal(export_load(fx->db, fx->id, 1, &doc, &err), IRT_OK);
	assert_int_equal(export_render(&doc, f, &buf, &n, &err), IRT_OK);
	export_doc_free(&doc);
	if (len)
		*len = n;
	return buf;
}

static void test_format_names(void **state)
{
	(void)state;
	assert_int_equal(export_format_parse("md"), EXPORT_MARKDOWN);
	assert_int_equal(export_format_parse("Markdown"), EXPORT_MARKDOWN);
	assert_int_equal(export_format_parse("JSON"), EXPORT_JSON);
	assert_int_equal(export_format_parse("pdf"), EXPORT_PDF);
	assert_int_equal(export_format_parse("docx"), -1);
	assert_string_equal(export_format_name(EXPORT_CSV), "csv");
}

static void test_json_complete_and_exact(void **state)
{
	struct fixture *fx = *state;
	size_t len;
	char *buf = render(fx, EXPORT_JSON, &len);
	json_error_t jerr;
	json_t *root = json_loadb(buf, len, 0, &jerr), *events, *inc;
	size_t n;

	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(root, "format")),
	                    "irt-incident/1");
	inc = json_object_get(root, "incident");
	assert_string_equal(json_string_value(json_object_get(inc, "title")),
	                    TITLE_HOSTILE);
	events = json_object_get(root, "events");
	n = json_array_size(events);
	assert_int_equal(n, json_integer_value(json_object_get(inc, "events")));
	assert_string_equal(
	    json_string_value(
	        json_object_get(json_array_get(events, n - 1), "hash")),
	    json_string_value(json_object_get(inc, "head_hash")));
	/* Control characters and the 1 MiB note survive exactly. */
	assert_string_equal(json_string_value(json_object_get(
	                        json_array_get(events, 6), "text")),
	                    NOTE_ESC);
	assert_string_equal(json_string_value(json_object_get(
	                        json_array_get(events, 7), "text")),
	                    fx->big);
	assert_true(strstr(buf, "\\u001b[31m") || strstr(buf, "\\u001B[31m"));
	assert_non_null(json_object_get(root, "deadlines"));
	assert_non_null(json_object_get(inc, "stage_intervals"));
	assert_non_null(json_object_get(inc, "response_times_ms"));
	/* Rendering twice gives the same bytes. */
	{
		size_t len2;
		char *again = render(fx, EXPORT_JSON, &len2);

		assert_int_equal(len, len2);
		assert_memory_equal(buf, again, len);
		free(again);
	}
	json_decref(root);
	free(buf);
}

/* Concatenated literal text of a node's subtree, softbreaks as '\n'. */
static void node_text(cmark_node *node, FILE *out)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);

		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			fputs(cmark_node_get_literal(n), out);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			fputc('\n', out);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

/* Number of '|' in line that are not backslash-escaped. */
static int unescaped_pipes(const char *line, size_t n)
{
	int pipes = 0;

	for (size_t i = 0; i < n; i++) {
		if (line[i] == '\\') {
			i++;
			continue;
		}
		pipes += line[i] == '|';
	}
	return pipes;
}

static void test_markdown_parses_inert(void **state)
{
	static const char *const sections[] = {
	    "Summary",
	    "Impact",
	    "Severity and CVSS",
	    "Trigger",
	    "Detection",
	    "Timeline",
	    "Response and recovery",
	    "Root cause",
	    "Resolution",
	    "Responders",
	    "Lessons learned",
	    "Corrective actions",
	    "Notifications",
	    "Deadlines",
	    "Verification",
	    "Appendix: the complete change log"};
	struct fixture *fx = *state;
	size_t len, n_h1 = 0, found = 0, table_rows = 0;
	char *md = render(fx, EXPORT_MARKDOWN, &len);
	cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	int in_timeline = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(n);
		char *text = NULL;
		size_t tlen = 0;
		FILE *mem;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		/* Nothing stored may become markup. */
		assert_int_not_equal(type, CMARK_NODE_HTML_BLOCK);
		/* The only inline HTML is the export's own line break in
		 * table cells. */
		if (type == CMARK_NODE_HTML_INLINE)
			assert_string_equal(cmark_node_get_literal(n), "<br>");
		assert_int_not_equal(type, CMARK_NODE_LINK);
		assert_int_not_equal(type, CMARK_NODE_IMAGE);
		assert_int_not_equal(type, CMARK_NODE_LIST);
		assert_int_not_equal(type, CMARK_NODE_BLOCK_QUOTE);
		if (type != CMARK_NODE_HEADING && type != CMARK_NODE_PARAGRAPH)
			continue;
		mem = open_memstream(&text, &tlen);
		node_text(n, mem);
		fclose(mem);
		if (type == CMARK_NODE_HEADING &&
		    cmark_node_get_heading_level(n) == 1) {
			n_h1++;
			/* The hostile title is there, as text. */
			assert_non_null(strstr(text, TITLE_HOSTILE));
		} else if (type == CMARK_NODE_HEADING &&
		           cmark_node_get_heading_level(n) == 2) {
			for (size_t s = 0;
			     s < sizeof sections / sizeof *sections; s++)
				if (strcmp(text, sections[s]) == 0)
					found |= (size_t)1 << s;
			in_timeline = strncmp(text, "Appendix", 8) == 0;
		} else if (type == CMARK_NODE_PARAGRAPH && in_timeline &&
		           strncmp(text, "| # | When |", 12) == 0) {
			/* The table: one line per event plus two. */
			for (const char *p = text; p; p = strchr(p + 1, '\n'))
				table_rows++;
			/* Stored text is intact in the parsed cells. */
			assert_non_null(strstr(text, NOTE_FORMULA));
			assert_non_null(strstr(text, "red ^[[31m text"));
			assert_non_null(
			    strstr(text, "<b>raw</b> & `code` \\ |x|"));
		}
		free(text);
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	assert_int_equal(n_h1, 1);
	assert_int_equal(found, ((size_t)1 << 16) - 1);
	assert_int_equal(table_rows, 2 + 9);
	/* Every table line has exactly its columns' pipes, whatever the
	 * cells hold; and no raw ESC byte is left. */
	for (const char *line = md; *line;) {
		const char *eol = strchr(line, '\n');
		size_t n = eol ? (size_t)(eol - line) : strlen(line);

		if (strncmp(line, "| ", 2) == 0 && n > 2) {
			int pipes = unescaped_pipes(line, n);

			assert_true(pipes == 3 || pipes == 4 || pipes == 5 ||
			            pipes == 6 || pipes == 7);
		}
		line += n + (eol != NULL);
	}
	assert_null(memchr(md, 0x1b, len));
	free(md);
}

static void test_html_inert(void **state)
{
	struct fixture *fx = *state;
	size_t len;
	char *html = render(fx, EXPORT_HTML, &len);

	assert_non_null(strstr(html, "<!DOCTYPE html>"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<b>raw"));
	assert_null(strstr(html, "<i>|"));
	assert_null(strstr(html, "href="));
	assert_null(strstr(html, "http://e\""));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(html, "&lt;b&gt;raw&lt;/b&gt;"));
	assert_non_null(strstr(html, "<table class=\"moments\">"));
	assert_non_null(strstr(html, "<table class=\"changelog\">"));
	assert_non_null(
	    strstr(html, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	assert_non_null(strstr(html, "@media print"));
	/* Self-contained: nothing to fetch. */
	assert_null(strstr(html, "src=\"http"));
	assert_null(strstr(html, "<link"));
	assert_null(memchr(html, 0x1b, len));
	free(html);
}

static void test_csv_neutralised(void **state)
{
	struct fixture *fx = *state;
	size_t len;
	char *csv = render(fx, EXPORT_CSV, &len);

	assert_true(strncmp(csv, "seq,at,recorded,", 16) == 0);
	assert_non_null(strstr(csv, "\r\n"));
	assert_non_null(
	    strstr(csv, ",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","));
	assert_non_null(strstr(csv, ",\"'+1 -1 @sum\","));
	assert_null(strstr(csv, ",=HYPERLINK"));
	assert_null(memchr(csv, 0x1b, len));
	free(csv);
}

static void test_save_file_atomic(void **state)
{
	struct fixture *fx = *state;
	char path[600], bad[700], buf[16] = {0};
	struct irt_err err;
	struct stat st;
	FILE *f;

	snprintf(path, sizeof path, "%s/out.md", fx->dir);
	assert_int_equal(export_save_file(path, "old", 3, &err), IRT_OK);
	chmod(path, 0640);
	assert_int_equal(export_save_file(path, "new text", 8, &err), IRT_OK);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fread(buf, 1, sizeof buf, f), 8);
	fclose(f);
	assert_string_equal(buf, "new text");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	/* A directory that does not exist: an error, nothing left over. */
	snprintf(bad, sizeof bad, "%s/missing/out.md", fx->dir);
	assert_int_equal(export_save_file(bad, "x", 1, &err), IRT_ERR_IO);
	/* Over a directory: refused, the directory untouched. */
	snprintf(bad, sizeof bad, "%s", fx->dir);
	assert_int_equal(export_save_file(bad, "x", 1, &err), IRT_ERR_IO);
}

static void test_response_times(void **state)
{
	struct incident inc;

	(void)state;
	memset(&inc, 0, sizeof inc);
	inc.reported_ms = 1000;
	assert_int_equal(export_response_time(&inc, MEASURE_ACKNOWLEDGE), -1);
	inc.acked_ms = 61000;
	assert_int_equal(export_response_time(&inc, MEASURE_ACKNOWLEDGE),
	                 60000);
	/* Left contain by closing (fix never entered): not contained. */
	inc.entered_ms[STAGE_CONTAIN] = 2000;
	inc.left_ms[STAGE_CONTAIN] = 5000;
	assert_int_equal(export_response_time(&inc, MEASURE_CONTAIN), -1);
	inc.entered_ms[STAGE_FIX] = 5000;
	assert_int_equal(export_response_time(&inc, MEASURE_CONTAIN), 4000);
	assert_int_equal(export_response_time(&inc, MEASURE_FIX), -1);
}

#define HOUR ((int64_t)3600 * 1000)
#define T0   ((int64_t)1772352000000) /* 2026-03-01T08:00:00Z */

static void push(struct export_doc *doc, const char *kind, const char *field,
                 const char *new_value, int64_t at_ms)
{
	struct event *ev = event_list_push(&doc->events);

	ev->seq = (long)doc->events.count;
	ev->at_ms = ev->recorded_ms = at_ms;
	event_set(&ev->actor, "alice");
	event_set(&ev->kind, kind);
	event_set(&ev->field, field);
	event_set(&ev->new_value, new_value);
	event_set(&ev->text, "");
	event_set(&ev->data, "");
}

static const struct pm_chart *find_chart(const struct pm_doc *pm,
                                         enum pm_chart_kind kind)
{
	for (size_t i = 0; i < pm->n_blocks; i++)
		if (pm->blocks[i].kind == PM_CHART &&
		    pm->blocks[i].chart.kind == kind)
			return &pm->blocks[i].chart;
	return NULL;
}

/* The model of a closed incident reported at T0, contained at +2h,
 * fixed at +5h and closed at +7h; its acknowledgement deadline at +1h
 * (inside), its remediation deadline 30 days on (far). */
static void test_model_charts(void **state)
{
	static const int64_t round_units[] = {
	    60000,      120000,     300000,    600000,     900000,
	    1800000,    HOUR,       2 * HOUR,  3 * HOUR,   6 * HOUR,
	    12 * HOUR,  24 * HOUR,  48 * HOUR, 168 * HOUR, 336 * HOUR,
	    720 * HOUR, 2160 * HOUR};
	struct export_doc doc;
	struct pm_doc pm;
	const struct pm_chart *c;
	int round = 0, hints = 0, has_hash = 0;

	(void)state;
	memset(&doc, 0, sizeof doc);
	incident_init(&doc.inc);
	doc.inc.id = 4;
	doc.inc.reported_ms = T0;
	doc.inc.acked_ms = T0 + HOUR / 2;
	doc.inc.stage = STAGE_CLOSED;
	doc.inc.prev_stage = STAGE_REVIEW;
	doc.inc.entered_ms[STAGE_CLOSED] = T0 + 7 * HOUR;
	doc.now_ms = T0 + 100 * HOUR;
	push(&doc, "create", "", "", T0);
	push(&doc, "advance", "", "contain", T0 + HOUR);
	push(&doc, "advance", "", "fix", T0 + 2 * HOUR);
	push(&doc, "close", "fixed", "", T0 + 7 * HOUR);
	snprintf(doc.events.items[3].hash, sizeof doc.events.items[3].hash,
	         "%s",
	         "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12"
	         "ab12ab12ab12");
	doc.deadlines.item[DEADLINE_ACK].state = DEADLINE_MET;
	doc.deadlines.item[DEADLINE_ACK].due_ms = T0 + HOUR;
	doc.deadlines.item[DEADLINE_ACK].stopped_ms = T0 + HOUR / 2;
	doc.deadlines.item[DEADLINE_REMEDIATE].state = DEADLINE_MET;
	doc.deadlines.item[DEADLINE_REMEDIATE].due_ms = T0 + 30 * 24 * HOUR;
	doc.deadlines.item[DEADLINE_REMEDIATE].stopped_ms = T0 + 7 * HOUR;
	postmortem_build(&doc, &pm);

	c = find_chart(&pm, PM_CHART_STAGES);
	assert_non_null(c);
	/* The axis spans the incident: from the report to the close. */
	assert_int_equal(c->from_ms, T0);
	assert_int_equal(c->to_ms, T0 + 7 * HOUR);
	for (size_t i = 0; i < sizeof round_units / sizeof *round_units; i++)
		round |= c->tick_ms == round_units[i];
	assert_true(round);
	assert_true((c->to_ms - c->from_ms) / c->tick_ms <= 8);
	assert_int_equal(c->tick_ms, HOUR);
	/* detect, contain, fix; the fix bar ends at the close. */
	assert_int_equal(c->n_bars, 3);
	assert_string_equal(c->bars[2].label, "fix");
	assert_int_equal(c->bars[2].end_ms, T0 + 7 * HOUR);
	/* The near deadline is drawn, the far one is not. */
	assert_int_equal(c->n_markers, 1);
	assert_int_equal(c->markers[0].at_ms, T0 + HOUR);
	assert_int_equal(c->markers[0].state, PM_MARK_MET);
	assert_non_null(c->alt);

	/* The response chart: durations from 0, against both windows. */
	c = find_chart(&pm, PM_CHART_RESPONSE);
	assert_non_null(c);
	assert_int_equal(c->from_ms, 0);
	assert_int_equal(c->bars[0].end_ms, HOUR / 2);
	assert_int_equal(c->n_markers, 2);
	assert_true(c->to_ms >= 30 * 24 * HOUR);
	assert_true(c->to_ms / c->tick_ms <= 8);

	for (size_t i = 0; i < pm.n_blocks; i++) {
		const struct pm_block *b = &pm.blocks[i];

		if (b->kind == PM_HINT && b->command &&
		    strcmp(b->command, "irt set 4 went-well TEXT") == 0)
			hints++;
		if (b->kind == PM_TABLE &&
		    strcmp(b->table.cls, "changelog") == 0)
			for (size_t r = 0; r < b->table.n_rows; r++)
				has_hash |=
				    strcmp(b->table.cells[r * 6 + 5],
				           doc.events.items[3].hash) == 0;
	}
	assert_int_equal(hints, 1);
	assert_true(has_hash);
	postmortem_free(&pm);
	postmortem_free(NULL);
	export_doc_free(&doc);
}

/* The span that follows the plain text `label` in the paragraph after
 * the heading `anchor` (its first PM_PARAGRAPH), or NULL. */
static const struct pm_span *span_after(const struct pm_doc *pm,
                                        const char *anchor, const char *label)
{
	size_t i = 0;

	while (i < pm->n_blocks && !(pm->blocks[i].kind == PM_HEADING &&
	                             strcmp(pm->blocks[i].anchor, anchor) == 0))
		i++;
	while (i < pm->n_blocks && pm->blocks[i].kind != PM_PARAGRAPH)
		i++;
	if (i == pm->n_blocks)
		return NULL;
	for (size_t s = 0; s + 1 < pm->blocks[i].para.n_spans; s++) {
		const char *text = pm->blocks[i].para.spans[s].text;
		size_t len = strlen(text), n = strlen(label);

		if (len >= n && strcmp(text + len - n, label) == 0)
			return &pm->blocks[i].para.spans[s + 1];
	}
	return NULL;
}

static const struct pm_block *find_hint(const struct pm_doc *pm,
                                        const char *command)
{
	for (size_t i = 0; i < pm->n_blocks; i++)
		if (pm->blocks[i].kind == PM_HINT && pm->blocks[i].command &&
		    strcmp(pm->blocks[i].command, command) == 0)
			return &pm->blocks[i];
	return NULL;
}

/* Time to detect: from the start to the report when the start is known
 * (and the impact from the start), a hint and its command when not; the
 * corrective actions' tickets in a column renderers may link. */
static void test_model_detection(void **state)
{
	struct export_doc doc;
	struct pm_doc pm;
	const struct pm_span *sp;
	const struct pm_table *actions = NULL;
	struct action *a;

	(void)state;
	memset(&doc, 0, sizeof doc);
	incident_init(&doc.inc);
	doc.inc.id = 4;
	doc.inc.reported_ms = T0;
	doc.inc.acked_ms = T0 + HOUR / 2;
	doc.inc.stage = STAGE_CLOSED;
	doc.inc.prev_stage = STAGE_REVIEW;
	doc.inc.entered_ms[STAGE_CLOSED] = T0 + 7 * HOUR;
	doc.now_ms = T0 + 100 * HOUR;
	push(&doc, "create", "", "", T0);
	push(&doc, "close", "fixed", "", T0 + 7 * HOUR);

	/* No start recorded: no time to detect, the hint, and the impact
	 * from the report. */
	postmortem_build(&doc, &pm);
	assert_null(span_after(&pm, "detection", "time to detect: "));
	assert_non_null(find_hint(&pm, "irt set 4 started TIME"));
	sp = span_after(&pm, "impact", "Duration: ");
	assert_non_null(sp);
	assert_int_equal(sp->style, PM_STRONG);
	assert_string_equal(sp->text, "7h 00m");
	postmortem_free(&pm);

	/* Started 14 hours before the report (2026-02-28T18:00Z). */
	free(doc.inc.field[FIELD_STARTED]);
	doc.inc.field[FIELD_STARTED] = xstrdup("2026-02-28T18:00:00.000Z");
	doc.inc.actions = xcalloc(2, sizeof *doc.inc.actions);
	doc.inc.n_actions = 2;
	for (size_t i = 0; i < 2; i++) {
		a = &doc.inc.actions[i];
		a->n = (long)i + 1;
		a->title = xstrdup(i ? "Alert on it" : "Scrub the logs");
		a->type = xstrdup("corrective");
		a->owner = xstrdup("");
		a->ticket = xstrdup(i ? "" : "https://t.example/SEC-1");
	}
	postmortem_build(&doc, &pm);
	sp = span_after(&pm, "detection", "time to detect: ");
	assert_non_null(sp);
	assert_int_equal(sp->style, PM_STRONG);
	assert_string_equal(sp->text, "14h 00m");
	assert_null(find_hint(&pm, "irt set 4 started TIME"));
	sp = span_after(&pm, "impact", "Duration: ");
	assert_non_null(sp);
	assert_string_equal(sp->text, "21h 00m");
	for (size_t i = 0; i < pm.n_blocks; i++)
		if (pm.blocks[i].kind == PM_TABLE &&
		    strcmp(pm.blocks[i].table.cls, "actions") == 0)
			actions = &pm.blocks[i].table;
	assert_non_null(actions);
	assert_int_equal(actions->n_cols, 7);
	assert_string_equal(actions->head[6], "Ticket");
	assert_true(actions->link[6]);
	assert_false(actions->link[1]);
	assert_int_equal(actions->n_rows, 2);
	assert_string_equal(actions->cells[6], "https://t.example/SEC-1");
	assert_string_equal(actions->cells[7 + 6], "-");
	postmortem_free(&pm);
	export_doc_free(&doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format_names),
	    cmocka_unit_test(test_response_times),
	    cmocka_unit_test(test_model_charts),
	    cmocka_unit_test(test_model_detection),
	    cmocka_unit_test_setup_teardown(test_json_complete_and_exact, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_markdown_parses_inert, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_html_inert, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_csv_neutralised, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_save_file_atomic, setup,
	                                    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
