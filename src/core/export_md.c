/*
 * export_md.c - the post-mortem: its document model, built once from an
 * incident, and its Markdown rendering. The shape follows the
 * post-incident templates engineers know (summary, impact, severity,
 * detection, timeline, response times, root cause, resolution,
 * notifications, corrective actions, lessons learned) and ends with the
 * chain's head hash and how to check it. A section with nothing recorded
 * says so rather than disappearing, so a reader can tell "none" from
 * "forgotten".
 *
 * Stored text only ever enters the Markdown through export_md_text (or
 * as a table cell, escaped when rendered), so a title or note cannot
 * add headings, links, HTML or table columns.
 */
#include "export_internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "irt/timeutil.h"
#include "irt/xalloc.h"

struct builder {
	struct postmortem *pm;
	FILE *md;
	char *buf;
	size_t len;
};

static struct pm_block *add_block(struct postmortem *pm,
                                  enum pm_block_kind kind)
{
	struct pm_block *b;

	pm->blocks = xrealloc(pm->blocks, (pm->n_blocks + 1) * sizeof *b);
	b = &pm->blocks[pm->n_blocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	return b;
}

static void flush(struct builder *b)
{
	if (!b->md)
		return;
	fclose(b->md);
	b->md = NULL;
	add_block(b->pm, PM_MARKDOWN)->md = b->buf;
	b->buf = NULL;
}

/* The Markdown text being written. */
static FILE *md(struct builder *b)
{
	if (!b->md) {
		b->md = open_memstream(&b->buf, &b->len);
		if (!b->md)
			xfatal("out of memory");
	}
	return b->md;
}

static void put(struct builder *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void put(struct builder *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(md(b), fmt, ap);
	va_end(ap);
}

static void text(struct builder *b, const char *s, enum md_mode mode)
{
	export_md_text(md(b), s, mode);
}

static struct pm_table *table(struct builder *b, const char *cls, size_t n_cols,
                              const char *const *head)
{
	struct pm_block *blk;

	flush(b);
	blk = add_block(b->pm, PM_TABLE);
	blk->table.cls = cls;
	blk->table.n_cols = n_cols;
	blk->table.head = head;
	return &blk->table;
}

/* Appends a row; takes ownership of the n_cols malloc'd cells. */
static void row(struct pm_table *t, char **cells)
{
	if (t->n_rows == t->cap_rows) {
		t->cap_rows = t->cap_rows ? t->cap_rows * 2 : 16;
		t->cells = xrealloc(t->cells,
		                    t->cap_rows * t->n_cols * sizeof *t->cells);
	}
	memcpy(t->cells + t->n_rows * t->n_cols, cells,
	       t->n_cols * sizeof *cells);
	t->n_rows++;
}

static char *time_str(int64_t ms)
{
	char buf[TIMEUTIL_BUFSZ];

	if (!ms)
		return xstrdup("-");
	timeutil_format_local(ms, buf, sizeof buf);
	return xstrdup(buf);
}

static char *span_str(int64_t ms)
{
	char buf[TIMEUTIL_BUFSZ];

	timeutil_format_duration(ms, buf, sizeof buf);
	return xstrdup(buf);
}

static void kv(struct pm_table *t, const char *key, char *value)
{
	char *cells[2] = {xstrdup(key), value};

	row(t, cells);
}

/* A section of free text, or the sentence saying there is none. */
static void prose_section(struct builder *b, const char *heading,
                          const char *value, const char *none)
{
	put(b, "## %s\n\n", heading);
	if (value && value[strspn(value, " \t\r\n")])
		text(b, value, MD_PROSE);
	else
		put(b, "*%s*", none);
	put(b, "\n\n");
}

static const char *const head_kv[] = {"Field", "Value"};

static void header(struct builder *b, const struct export_doc *doc)
{
	const struct incident *inc = &doc->inc;
	struct pm_table *t;
	char *s;

	put(b, "# Post-incident review: #%ld ", inc->id);
	text(b, inc->field[FIELD_TITLE], MD_INLINE);
	put(b, "\n\n");
	t = table(b, "fields", 2, head_kv);
	kv(t, "Incident", xasprintf("#%ld (%s)", inc->id, inc->uuid));
	if (inc->stage == STAGE_CLOSED)
		s = xasprintf("closed (%s) from %s",
		              resolution_name(inc->resolution),
		              stage_name(inc->prev_stage));
	else
		s = xstrdup(stage_name(inc->stage));
	kv(t, "Stage", s);
	kv(t, "Severity",
	   xstrdup(inc->severity ? severity_name(inc->severity) : "not set"));
	if (inc->cvss_score >= 0)
		kv(t, "CVSS",
		   xasprintf("%.1f (CVSS %s) %s", inc->cvss_score,
		             inc->cvss_version, inc->field[FIELD_CVSS]));
	kv(t, "Owner",
	   xstrdup(incident_owner(inc, inc->stage)[0]
	               ? incident_owner(inc, inc->stage)
	               : "none"));
	kv(t, "Component",
	   xstrdup(inc->field[FIELD_COMPONENT][0] ? inc->field[FIELD_COMPONENT]
	                                          : "not recorded"));
	kv(t, "Reported", time_str(inc->reported_ms));
	kv(t, "Acknowledged", time_str(inc->acked_ms));
	if (inc->field[FIELD_CVE][0])
		kv(t, "CVE", xstrdup(inc->field[FIELD_CVE]));
	if (inc->field[FIELD_ADVISORY][0])
		kv(t, "Advisory", xstrdup(inc->field[FIELD_ADVISORY]));
	if (inc->field[FIELD_EMBARGO][0])
		kv(t, "Embargo until", xstrdup(inc->field[FIELD_EMBARGO]));
	kv(t, "Timeline",
	   xasprintf("%ld events, head %.16s", inc->n_events, inc->head_hash));
}

static void severity_section(struct builder *b, const struct incident *inc)
{
	put(b, "## Severity and CVSS\n\n");
	if (!inc->severity) {
		put(b, "*No severity recorded.*\n\n");
		return;
	}
	put(b, "Severity: **%s**.", severity_name(inc->severity));
	if (inc->cvss_score >= 0) {
		put(b, " CVSS %s base score %.1f, vector ", inc->cvss_version,
		    inc->cvss_score);
		text(b, inc->field[FIELD_CVSS], MD_INLINE);
		put(b, ".");
	} else {
		put(b, " Set as a level, without a CVSS vector.");
	}
	put(b, "\n\n");
}

static void detection(struct builder *b, const struct incident *inc)
{
	char when[TIMEUTIL_BUFSZ], span[TIMEUTIL_BUFSZ];

	put(b, "## Detection\n\n");
	timeutil_format_local(inc->reported_ms, when, sizeof when);
	put(b, "Reported %s", when);
	if (inc->field[FIELD_REPORTER][0]) {
		put(b, " by ");
		text(b, inc->field[FIELD_REPORTER], MD_INLINE);
	}
	if (inc->field[FIELD_SOURCE][0]) {
		put(b, " via ");
		text(b, inc->field[FIELD_SOURCE], MD_INLINE);
	}
	if (inc->field[FIELD_CHANNEL][0]) {
		put(b, " (");
		text(b, inc->field[FIELD_CHANNEL], MD_INLINE);
		put(b, ")");
	}
	put(b, ".");
	if (inc->acked_ms) {
		timeutil_format_local(inc->acked_ms, when, sizeof when);
		timeutil_format_duration(inc->acked_ms - inc->reported_ms, span,
		                         sizeof span);
		put(b, " Acknowledged %s, %s after the report.", when, span);
	} else {
		put(b, " Not acknowledged.");
	}
	put(b, "\n\n");
	if (inc->field[FIELD_DESCRIPTION][0]) {
		text(b, inc->field[FIELD_DESCRIPTION], MD_PROSE);
		put(b, "\n\n");
	} else {
		put(b, "*No description recorded.*\n\n");
	}
}

static int by_at(const void *a, const void *b)
{
	const struct event *x = *(const struct event *const *)a;
	const struct event *y = *(const struct event *const *)b;

	if (x->at_ms != y->at_ms)
		return x->at_ms < y->at_ms ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static const char *const head_timeline[] = {"#", "When", "Who", "Event",
                                            "Details"};

static void timeline(struct builder *b, const struct export_doc *doc)
{
	const struct event **order;
	struct pm_table *t;
	size_t n = doc->events.count;

	put(b, "## Timeline\n\n");
	flush(b);
	add_block(b->pm, PM_CHART);
	put(b, "Ordered by when each thing happened; times are local with "
	       "their UTC offset. *Reconstructed* entries were recorded more "
	       "than five minutes after the time they give.\n\n");
	order = xmalloc((n ? n : 1) * sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = &doc->events.items[i];
	qsort(order, n, sizeof *order, by_at);
	t = table(b, "timeline", 5, head_timeline);
	for (size_t i = 0; i < n; i++) {
		const struct event *ev = order[i];
		char when[TIMEUTIL_BUFSZ], rec[TIMEUTIL_BUFSZ];
		char *cells[5];

		timeutil_format_local(ev->at_ms, when, sizeof when);
		cells[0] = xasprintf("%ld", ev->seq);
		if (event_is_backdated(ev)) {
			timeutil_format_local(ev->recorded_ms, rec, sizeof rec);
			cells[1] = xasprintf("%s (reconstructed; recorded %s)",
			                     when, rec);
		} else {
			cells[1] = xstrdup(when);
		}
		cells[2] = xstrdup(ev->actor);
		cells[3] = xstrdup(ev->kind);
		cells[4] = event_describe(ev);
		row(t, cells);
	}
	free(order);
}

static const char *const head_times[] = {"Measure", "Time", "Reached"};
static const char *const head_stages[] = {"Stage", "Owner", "Entered", "Left",
                                          "Duration"};

static void response_times(struct builder *b, const struct export_doc *doc)
{
	static const char *const labels[MEASURE_COUNT] = {
	    "Time to acknowledge", "Time to contain", "Time to fix",
	    "Time to notify"};
	const struct incident *inc = &doc->inc;
	struct pm_table *t;

	put(b, "## Response times\n\n"
	       "From the report to the acknowledgement, and to the end of "
	       "the contain, fix and notify stages.\n\n");
	t = table(b, "times", 3, head_times);
	for (int m = 0; m < MEASURE_COUNT; m++) {
		int64_t ms =
		    export_response_time(inc, (enum response_measure)m);
		char *cells[3];

		cells[0] = xstrdup(labels[m]);
		cells[1] = ms >= 0 ? span_str(ms) : xstrdup("not reached");
		cells[2] =
		    ms >= 0 ? time_str(inc->reported_ms + ms) : xstrdup("-");
		row(t, cells);
	}
	put(b, "Stages (the last time each was entered and left):\n\n");
	t = table(b, "stages", 5, head_stages);
	for (int s = 0; s < STAGE_COUNT; s++) {
		char *cells[5];

		if (!inc->entered_ms[s])
			continue;
		cells[0] = xstrdup(stage_name((enum stage)s));
		cells[1] = xstrdup(s < STAGE_WORK_COUNT
		                       ? incident_owner(inc, (enum stage)s)
		                       : "");
		cells[2] = time_str(inc->entered_ms[s]);
		cells[3] =
		    inc->left_ms[s]
		        ? time_str(inc->left_ms[s])
		        : xstrdup(s == (int)inc->stage ? "(current)" : "-");
		cells[4] = inc->left_ms[s]
		               ? span_str(inc->left_ms[s] - inc->entered_ms[s])
		               : xstrdup("-");
		row(t, cells);
	}
}

static const char *const head_deadlines[] = {"Deadline", "Due", "State",
                                             "Clock stopped", "Policy"};

static void deadlines(struct builder *b, const struct export_doc *doc)
{
	struct pm_table *t;
	char as_of[TIMEUTIL_BUFSZ];
	char *policy;
	int any = 0;

	put(b, "## Deadlines\n\n");
	for (int k = 0; k < DEADLINE_KIND_COUNT; k++)
		any |= doc->deadlines.item[k].state != DEADLINE_NONE;
	if (!any) {
		put(b, "*No deadline applies (no severity set, or the policy "
		       "sets none for it).*\n\n");
		return;
	}
	timeutil_format_local(doc->now_ms, as_of, sizeof as_of);
	policy = xmalloc(DEADLINE_POLICY_TEXT_MAX);
	deadline_policy_text(&doc->deadlines, policy, DEADLINE_POLICY_TEXT_MAX);
	put(b, "As of %s, judged by the team's policy ", as_of);
	text(b, policy, MD_INLINE);
	put(b, ": the version in force when the incident was reported.\n\n");
	free(policy);
	t = table(b, "deadlines", 5, head_deadlines);
	for (int k = 0; k < DEADLINE_KIND_COUNT; k++) {
		const struct deadline *d = &doc->deadlines.item[k];
		char *cells[5];

		cells[0] =
		    xstrdup(k == DEADLINE_ACK ? "Acknowledge" : "Remediate");
		cells[1] = time_str(d->due_ms);
		if (deadline_state_running(d->state) && d->due_ms) {
			char left[TIMEUTIL_BUFSZ];
			int64_t ms = d->due_ms - doc->now_ms;

			timeutil_format_duration(ms < 0 ? -ms : ms, left,
			                         sizeof left);
			cells[2] = xasprintf(
			    "%s (%s %s)", deadline_state_name(d->state), left,
			    ms < 0 ? "past due" : "left");
		} else {
			cells[2] = xstrdup(deadline_state_name(d->state));
		}
		cells[3] = time_str(d->stopped_ms);
		if (d->state == DEADLINE_NONE)
			cells[4] = xstrdup("-");
		else if (k == DEADLINE_ACK)
			cells[4] = xasprintf("%d business days", d->days);
		else
			cells[4] = xasprintf("%d days", d->days);
		row(t, cells);
	}
}

/* The reason given when the incident was last closed, or "". */
static const char *close_reason(const struct export_doc *doc)
{
	for (size_t i = doc->events.count; i-- > 0;)
		if (strcmp(doc->events.items[i].kind, "close") == 0)
			return doc->events.items[i].text;
	return "";
}

static void resolution(struct builder *b, const struct export_doc *doc)
{
	const struct incident *inc = &doc->inc;

	put(b, "## Resolution\n\n### Containment\n\n");
	if (inc->field[FIELD_CONTAINMENT][0])
		text(b, inc->field[FIELD_CONTAINMENT], MD_PROSE);
	else
		put(b, "*No containment recorded.*");
	put(b, "\n\n### Fix\n\n");
	if (inc->field[FIELD_FIX_REF][0]) {
		put(b, "Fix reference: ");
		text(b, inc->field[FIELD_FIX_REF], MD_INLINE);
	} else {
		put(b, "*No fix reference recorded.*");
	}
	put(b, "\n\n### Outcome\n\n");
	if (inc->stage == STAGE_CLOSED) {
		put(b, "Closed as **%s** from the %s stage",
		    resolution_name(inc->resolution),
		    stage_name(inc->prev_stage));
		if (close_reason(doc)[0]) {
			put(b, ": ");
			text(b, close_reason(doc), MD_INLINE);
		}
		put(b, ".");
	} else {
		put(b, "Open, in the %s stage.", stage_name(inc->stage));
	}
	put(b, "\n\n");
}

static const char *const head_notes[] = {"When",       "Audience", "Channel",
                                         "Recipients", "Subject",  "Status"};

static void notifications(struct builder *b, const struct export_doc *doc)
{
	const struct incident *inc = &doc->inc;
	struct pm_table *t;
	int any_required = 0;

	put(b, "## Notifications\n\n");
	for (int a = 0; a < AUDIENCE_COUNT; a++) {
		if (!policy_requires(&doc->policy, inc->severity,
		                     (enum audience)a))
			continue;
		put(b, "%s%s: %s",
		    any_required ? "; "
		                 : "The policy requires for this severity: ",
		    audience_name((enum audience)a),
		    incident_notified(inc, (enum audience)a)
		        ? "notified"
		        : "**not notified**");
		any_required = 1;
	}
	if (any_required)
		put(b, ".\n\n");
	if (!inc->n_notifications) {
		put(b, "*No notifications recorded.*\n\n");
		return;
	}
	t = table(b, "notifications", 6, head_notes);
	for (size_t i = 0; i < inc->n_notifications; i++) {
		const struct notification *n = &inc->notifications[i];
		char *cells[6] = {time_str(n->at_ms),  xstrdup(n->audience),
		                  xstrdup(n->channel), xstrdup(n->recipients),
		                  xstrdup(n->subject), xstrdup(n->status)};

		row(t, cells);
	}
	/* Each message as it was sent or recorded: the notify event's
	 * text, whole. */
	for (size_t i = 0; i < inc->n_notifications; i++) {
		const struct notification *n = &inc->notifications[i];

		for (size_t k = 0; k < doc->events.count; k++) {
			const struct event *ev = &doc->events.items[k];

			if (ev->seq != n->seq || !ev->text || !ev->text[0])
				continue;
			put(b, "### Message to %s (%s)\n\n", n->audience,
			    n->status);
			text(b, ev->text, MD_PROSE);
			put(b, "\n\n");
		}
	}
}

static const char *const head_actions[] = {"#",     "Action", "Type",
                                           "Owner", "Due",    "Status"};

static void actions(struct builder *b, const struct export_doc *doc)
{
	const struct incident *inc = &doc->inc;
	struct pm_table *t;

	put(b, "## Corrective actions\n\n");
	if (!inc->n_actions) {
		if (inc->actions_none[0]) {
			put(b, "None needed: ");
			text(b, inc->actions_none, MD_INLINE);
			put(b, "\n\n");
		} else {
			put(b, "*No corrective actions recorded.*\n\n");
		}
		return;
	}
	t = table(b, "actions", 6, head_actions);
	for (size_t i = 0; i < inc->n_actions; i++) {
		const struct action *a = &inc->actions[i];
		char *cells[6];

		cells[0] = xasprintf("%ld", a->n);
		cells[1] = xstrdup(a->title);
		cells[2] = xstrdup(a->type);
		cells[3] = xstrdup(a->owner[0] ? a->owner : "-");
		cells[4] = time_str(a->due_ms);
		if (a->done_ms) {
			char *t_done = time_str(a->done_ms);

			cells[5] = xasprintf("done %s", t_done);
			free(t_done);
		} else if (a->due_ms && a->due_ms < doc->now_ms) {
			cells[5] = xstrdup("open, overdue");
		} else {
			cells[5] = xstrdup("open");
		}
		row(t, cells);
	}
}

static void verification(struct builder *b, const struct incident *inc)
{
	put(b,
	    "## Verification\n\n"
	    "The timeline holds %ld events, each chained to the one "
	    "before by SHA-256. The head of the chain is\n\n"
	    "    %s\n\n"
	    "To check this record: `irt verify %ld` in the database it "
	    "came from recomputes every hash; or export it with "
	    "`irt export %ld --format json -o incident.json` and run "
	    "`irt --db check.db import incident.json` on any machine, "
	    "which refuses a file whose events were altered. The head "
	    "hash above must match the imported incident's "
	    "(`irt --db check.db show 1 --json`).\n\n",
	    inc->n_events, inc->head_hash, inc->id, inc->id);
}

void postmortem_build(const struct export_doc *doc, struct postmortem *pm)
{
	const struct incident *inc = &doc->inc;
	struct builder b = {.pm = pm};

	memset(pm, 0, sizeof *pm);
	pm->title = xasprintf("#%ld %s", inc->id, inc->field[FIELD_TITLE]);
	header(&b, doc);
	prose_section(&b, "Summary", inc->field[FIELD_SUMMARY],
	              "No summary recorded.");
	put(&b, "## Impact\n\n");
	if (inc->field[FIELD_IMPACT][0])
		text(&b, inc->field[FIELD_IMPACT], MD_PROSE);
	else
		put(&b, "*No impact recorded.*");
	put(&b, "\n\n");
	if (inc->field[FIELD_SCOPE][0]) {
		put(&b, "Scope: ");
		text(&b, inc->field[FIELD_SCOPE], MD_PROSE);
		put(&b, "\n\n");
	}
	severity_section(&b, inc);
	detection(&b, inc);
	timeline(&b, doc);
	response_times(&b, doc);
	deadlines(&b, doc);
	prose_section(&b, "Root cause", inc->field[FIELD_ROOT_CAUSE],
	              "No root cause recorded.");
	resolution(&b, doc);
	notifications(&b, doc);
	actions(&b, doc);
	prose_section(&b, "Lessons learned", inc->field[FIELD_LESSONS],
	              "No lessons recorded.");
	verification(&b, inc);
	flush(&b);
}

void postmortem_free(struct postmortem *pm)
{
	if (!pm)
		return;
	for (size_t i = 0; i < pm->n_blocks; i++) {
		struct pm_table *t = &pm->blocks[i].table;

		free(pm->blocks[i].md);
		for (size_t c = 0; c < t->n_rows * t->n_cols; c++)
			free(t->cells[c]);
		free(t->cells);
	}
	free(pm->blocks);
	free(pm->title);
	memset(pm, 0, sizeof *pm);
}

static void md_table(FILE *out, const struct pm_table *t)
{
	for (size_t c = 0; c < t->n_cols; c++)
		fprintf(out, "| %s ", t->head[c]);
	fputs("|\n", out);
	for (size_t c = 0; c < t->n_cols; c++)
		fputs("| --- ", out);
	fputs("|\n", out);
	for (size_t r = 0; r < t->n_rows; r++) {
		for (size_t c = 0; c < t->n_cols; c++) {
			fputs("| ", out);
			export_md_text(out, t->cells[r * t->n_cols + c],
			               MD_CELL);
			fputc(' ', out);
		}
		fputs("|\n", out);
	}
	fputc('\n', out);
}

int export_md_write(const struct export_doc *doc, FILE *out)
{
	struct postmortem pm;

	postmortem_build(doc, &pm);
	for (size_t i = 0; i < pm.n_blocks; i++) {
		const struct pm_block *blk = &pm.blocks[i];

		if (blk->kind == PM_MARKDOWN)
			fputs(blk->md, out);
		else if (blk->kind == PM_TABLE)
			md_table(out, &blk->table);
	}
	postmortem_free(&pm);
	return ferror(out) ? -1 : 0;
}
