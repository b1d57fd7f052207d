/*
 * postmortem.c - the post-mortem's document model (postmortem.h), built
 * once from an export_doc and drawn by every renderer (export_md.c,
 * export_html.c, export_pdf.c) without any renderer calling another.
 *
 * The sections follow the post-incident templates engineers use (Google
 * SRE, PagerDuty, Atlassian): summary, impact, trigger, detection, the
 * key moments, response and recovery, root cause and contributing
 * factors, resolution, responders, lessons (what went well, what went
 * wrong, where we got lucky), corrective actions, the messages sent in
 * full, the deadlines and their verdicts, verification, and the complete
 * change log with every hash in an appendix.
 *
 * Invariants: every string is plain text exactly as stored (no markup of
 * any format: renderers escape); every section is present, and a section
 * whose content only people know and nobody recorded is a PM_HINT naming
 * the command that fills it; times are local with their offset, the
 * zone named once in the timeline; charts are data whose axes span the
 * incident and whose ticks are round units.
 */
#include "irt/postmortem.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "irt/timeutil.h"
#include "irt/xalloc.h"

/* ---- building blocks ----------------------------------------------- */

static struct pm_block *add(struct pm_doc *pm, enum pm_kind kind)
{
	struct pm_block *b;

	pm->blocks = xrealloc(pm->blocks, (pm->n_blocks + 1) * sizeof *b);
	b = &pm->blocks[pm->n_blocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	return b;
}

static void heading(struct pm_doc *pm, int level, const char *anchor,
                    const char *text)
{
	struct pm_block *b = add(pm, PM_HEADING);

	b->level = level;
	b->anchor = xstrdup(anchor);
	b->text = xstrdup(text);
}

static void span_add(struct pm_para *p, enum pm_style style, char *text)
{
	p->spans = xrealloc(p->spans, (p->n_spans + 1) * sizeof *p->spans);
	p->spans[p->n_spans].style = style;
	p->spans[p->n_spans].text = text;
	p->n_spans++;
}

static void span(struct pm_para *p, enum pm_style style, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void span(struct pm_para *p, enum pm_style style, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		xfatal("out of memory");
	va_end(ap);
	span_add(p, style, s);
}

/* A new paragraph block; spans are added to the pointer returned, which
 * stays valid until the next block is added. */
static struct pm_para *para(struct pm_doc *pm)
{
	return &add(pm, PM_PARAGRAPH)->para;
}

static int blank(const char *s)
{
	return !s || !s[strspn(s, " \t\r\n")];
}

static int blank_n(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n", s[i]))
			return 0;
	return 1;
}

/* Whether the line starting at s holds only blanks (or s is at the
 * text's end). */
static int blank_line(const char *s)
{
	size_t n = strcspn(s, "\n");

	return blank_n(s, n);
}

/* Free text as paragraphs: split at blank lines, line breaks inside a
 * paragraph kept in its text. */
static void prose(struct pm_doc *pm, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *end = p, *next;
		size_t n;

		/* Find the end of this paragraph: a line that is blank. */
		for (;;) {
			const char *nl = strchr(end, '\n');

			if (!nl) {
				end += strlen(end);
				next = end;
				break;
			}
			if (blank_line(nl + 1)) {
				next = nl + 1;
				end = nl;
				break;
			}
			end = nl + 1;
		}
		n = (size_t)(end - p);
		if (!blank_n(p, n)) {
			char *s = xmalloc(n + 1);

			memcpy(s, p, n);
			s[n] = '\0';
			span_add(para(pm), PM_PLAIN, s);
		}
		/* Skip the blank lines. */
		while (*next && blank_line(next)) {
			const char *nl = strchr(next, '\n');

			next = nl ? nl + 1 : next + strlen(next);
		}
		p = next;
	}
}

static void hint(struct pm_doc *pm, const char *text, char *command)
{
	struct pm_block *b = add(pm, PM_HINT);

	b->text = xstrdup(text);
	b->command = command;
}

/* A field people fill in: its text, or the hint and the command. */
static void field_or_hint(struct pm_doc *pm, const struct incident *inc,
                          enum field f, const char *question)
{
	if (!blank(inc->field[f]))
		prose(pm, inc->field[f]);
	else
		hint(pm, question,
		     xasprintf("irt set %ld %s TEXT", inc->id,
		               incident_fields[f].name));
}

static struct pm_table *table(struct pm_doc *pm, const char *cls, size_t n_cols,
                              const char *const *head)
{
	struct pm_block *b = add(pm, PM_TABLE);

	b->table.cls = cls;
	b->table.n_cols = n_cols;
	b->table.head = xmalloc(n_cols * sizeof *b->table.head);
	for (size_t c = 0; c < n_cols; c++)
		b->table.head[c] = xstrdup(head[c]);
	return &b->table;
}

/* Appends a row; takes ownership of the n_cols malloc'd cells. */
static void row(struct pm_table *t, char **cells)
{
	t->cells =
	    xrealloc(t->cells, (t->n_rows + 1) * t->n_cols * sizeof *t->cells);
	memcpy(t->cells + t->n_rows * t->n_cols, cells,
	       t->n_cols * sizeof *cells);
	t->n_rows++;
}

static void kv(struct pm_table *t, const char *key, char *value)
{
	char *cells[2] = {xstrdup(key), value};

	row(t, cells);
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

	timeutil_format_duration_full(ms < 0 ? 0 : ms, buf, sizeof buf);
	return xstrdup(buf);
}

/* ---- chart helpers ------------------------------------------------- */

#define MINUTE_MS ((int64_t)60 * 1000)
#define HOUR_MS   (60 * MINUTE_MS)
#define DAY_MS    (24 * HOUR_MS)

/* The smallest round unit that cuts span into at most max_ticks steps:
 * 1, 2, 5, 10, 15, 30 minutes; 1, 2, 3, 6, 12 hours; 1, 2, 7, 14, 30,
 * 90, 365 days (and whole years beyond). */
static int64_t round_tick(int64_t span, int max_ticks)
{
	static const int64_t steps[] = {
	    MINUTE_MS,      2 * MINUTE_MS,  5 * MINUTE_MS, 10 * MINUTE_MS,
	    15 * MINUTE_MS, 30 * MINUTE_MS, HOUR_MS,       2 * HOUR_MS,
	    3 * HOUR_MS,    6 * HOUR_MS,    12 * HOUR_MS,  DAY_MS,
	    2 * DAY_MS,     7 * DAY_MS,     14 * DAY_MS,   30 * DAY_MS,
	    90 * DAY_MS,    365 * DAY_MS};
	size_t n = sizeof steps / sizeof *steps;

	for (size_t i = 0; i < n; i++)
		if (span <= steps[i] * max_ticks)
			return steps[i];
	return (span / max_ticks / (365 * DAY_MS) + 1) * 365 * DAY_MS;
}

static void bar(struct pm_chart *c, const char *label, int64_t start,
                int64_t end)
{
	c->bars = xrealloc(c->bars, (c->n_bars + 1) * sizeof *c->bars);
	c->bars[c->n_bars].label = xstrdup(label);
	c->bars[c->n_bars].start_ms = start;
	c->bars[c->n_bars].end_ms = end;
	c->n_bars++;
}

static void marker(struct pm_chart *c, char *label, int64_t at,
                   enum pm_mark state, int row_of)
{
	c->markers =
	    xrealloc(c->markers, (c->n_markers + 1) * sizeof *c->markers);
	c->markers[c->n_markers].label = label;
	c->markers[c->n_markers].at_ms = at;
	c->markers[c->n_markers].state = state;
	c->markers[c->n_markers].row = row_of;
	c->n_markers++;
}

static enum pm_mark mark_of(enum deadline_state s)
{
	if (s == DEADLINE_MET)
		return PM_MARK_MET;
	if (s == DEADLINE_MISSED || s == DEADLINE_OVERDUE)
		return PM_MARK_MISSED;
	return PM_MARK_OPEN;
}

/* When the incident ends for the charts: its close, or now. */
static int64_t end_of(const struct export_doc *doc)
{
	if (doc->inc.stage == STAGE_CLOSED && doc->inc.entered_ms[STAGE_CLOSED])
		return doc->inc.entered_ms[STAGE_CLOSED];
	return doc->now_ms;
}

static void stage_chart(struct pm_doc *pm, const struct export_doc *doc)
{
	struct pm_chart *c = &add(pm, PM_CHART)->chart;
	struct stage_interval *iv;
	size_t n_iv = export_stage_intervals(doc, &iv);
	int64_t from = doc->inc.reported_ms, to = end_of(doc), span_ms;
	FILE *alt;
	size_t alt_len;
	char when[TIMEUTIL_BUFSZ], until[TIMEUTIL_BUFSZ];

	c->kind = PM_CHART_STAGES;
	c->title = xstrdup("Stages over time");
	for (size_t i = 0; i < n_iv; i++)
		if (iv[i].entered_ms && (!from || iv[i].entered_ms < from))
			from = iv[i].entered_ms;
	for (size_t i = 0; i < n_iv; i++) {
		if (iv[i].stage >= STAGE_WORK_COUNT)
			continue;
		if (iv[i].left_ms > to)
			to = iv[i].left_ms;
		if (iv[i].entered_ms > to)
			to = iv[i].entered_ms;
		bar(c, stage_name(iv[i].stage), iv[i].entered_ms,
		    iv[i].left_ms);
	}
	if (to <= from)
		to = from + HOUR_MS;
	span_ms = to - from;
	/* Deadlines inside the incident's span or near it (within a tenth of
	 * it); a deadline far away would squeeze the incident to a sliver. */
	for (int k = 0; k < DEADLINE_KIND_COUNT; k++) {
		const struct deadline *d = &doc->deadlines.item[k];

		if (d->state == DEADLINE_NONE || !d->due_ms)
			continue;
		if (d->due_ms < from - span_ms / 10 ||
		    d->due_ms > to + span_ms / 10)
			continue;
		marker(c,
		       xasprintf("%s due (%s)",
		                 deadline_kind_label((enum deadline_kind)k),
		                 deadline_state_name(d->state)),
		       d->due_ms, mark_of(d->state), -1);
	}
	c->from_ms = from;
	c->to_ms = to;
	for (size_t m = 0; m < c->n_markers; m++) {
		if (c->markers[m].at_ms < c->from_ms)
			c->from_ms = c->markers[m].at_ms;
		if (c->markers[m].at_ms > c->to_ms)
			c->to_ms = c->markers[m].at_ms;
	}
	c->tick_ms = round_tick(c->to_ms - c->from_ms, 8);
	alt = open_memstream(&c->alt, &alt_len);
	if (!alt)
		xfatal("out of memory");
	fputs("Stages over time:", alt);
	for (size_t i = 0; i < c->n_bars; i++) {
		timeutil_format_local_short(c->bars[i].start_ms, when,
		                            sizeof when);
		if (c->bars[i].end_ms)
			timeutil_format_local_short(c->bars[i].end_ms, until,
			                            sizeof until);
		fprintf(alt, "%s %s from %s to %s", i ? ";" : "",
		        c->bars[i].label, when,
		        c->bars[i].end_ms ? until : "now (still open)");
	}
	for (size_t m = 0; m < c->n_markers; m++) {
		timeutil_format_local_short(c->markers[m].at_ms, when,
		                            sizeof when);
		fprintf(alt, "; %s at %s", c->markers[m].label, when);
	}
	fputc('.', alt);
	fclose(alt);
	free(iv);
}

static const char *const measure_label[MEASURE_COUNT] = {
    "Time to acknowledge", "Time to contain", "Time to fix", "Time to notify"};

static void response_chart(struct pm_doc *pm, const struct export_doc *doc)
{
	const struct incident *inc = &doc->inc;
	struct pm_chart *c = &add(pm, PM_CHART)->chart;
	int open = inc->stage != STAGE_CLOSED;
	int fix_row = -1;
	int64_t to = 0;
	FILE *alt;
	size_t alt_len;
	char span_buf[TIMEUTIL_BUFSZ];

	c->kind = PM_CHART_RESPONSE;
	c->title = xstrdup("Response times against the policy");
	for (int m = 0; m < MEASURE_COUNT; m++) {
		int64_t ms =
		    export_response_time(inc, (enum response_measure)m);

		if (ms < 0 && !open)
			continue;
		if (m == MEASURE_FIX)
			fix_row = (int)c->n_bars;
		bar(c, export_measure_name((enum response_measure)m), 0,
		    ms >= 0 ? (ms ? ms : 1) : 0);
		if (ms > to)
			to = ms;
	}
	if (open && doc->now_ms - inc->reported_ms > to)
		to = doc->now_ms - inc->reported_ms;
	for (int k = 0; k < DEADLINE_KIND_COUNT; k++) {
		const struct deadline *d = &doc->deadlines.item[k];
		int64_t window = d->due_ms - inc->reported_ms;

		if (d->state == DEADLINE_NONE || !d->due_ms || window < 0)
			continue;
		marker(c,
		       xasprintf("%s window (%s)",
		                 deadline_kind_label((enum deadline_kind)k),
		                 deadline_state_name(d->state)),
		       window, mark_of(d->state),
		       k == DEADLINE_ACK ? (c->n_bars ? 0 : -1) : fix_row);
		if (window > to)
			to = window;
	}
	c->from_ms = 0;
	c->to_ms = to > 0 ? to : HOUR_MS;
	c->tick_ms = round_tick(c->to_ms, 8);
	alt = open_memstream(&c->alt, &alt_len);
	if (!alt)
		xfatal("out of memory");
	fputs("Response times:", alt);
	for (size_t i = 0; i < c->n_bars; i++) {
		if (c->bars[i].end_ms)
			timeutil_format_duration_full(
			    c->bars[i].end_ms, span_buf, sizeof span_buf);
		fprintf(alt, "%s %s %s", i ? ";" : "", c->bars[i].label,
		        c->bars[i].end_ms ? span_buf : "not reached yet");
	}
	for (size_t m = 0; m < c->n_markers; m++) {
		timeutil_format_duration_full(c->markers[m].at_ms, span_buf,
		                              sizeof span_buf);
		fprintf(alt, "; %s %s", c->markers[m].label, span_buf);
	}
	fputc('.', alt);
	fclose(alt);
}

/* ---- the sections -------------------------------------------------- */

/* When the incident began (its "started" field), or 0 when nobody
 * recorded it. The rule book keeps it at or before the report. */
static int64_t started_ms(const struct incident *inc)
{
	int64_t ms = 0;

	if (inc->field[FIELD_STARTED][0] &&
	    timeutil_parse(inc->field[FIELD_STARTED], 0, &ms, NULL) != IRT_OK)
		ms = 0;
	return ms;
}

static const char *const head_kv[] = {"Field", "Value"};

static void facts(struct pm_doc *pm, const struct export_doc *doc)
{
	const struct incident *inc = &doc->inc;
	struct pm_table *t = table(pm, "fields", 2, head_kv);
	const char *owner = incident_owner(inc, inc->stage);

	kv(t, "Incident", xasprintf("#%ld (%s)", inc->id, inc->uuid));
	if (inc->stage == STAGE_CLOSED)
		kv(t, "Stage",
		   xasprintf("closed (%s) from %s",
		             resolution_name(inc->resolution),
		             stage_name(inc->prev_stage)));
	else
		kv(t, "Stage", xstrdup(stage_name(inc->stage)));
	kv(t, "Severity",
	   xstrdup(inc->severity ? severity_name(inc->severity) : "not set"));
	if (inc->cvss_score >= 0)
		kv(t, "CVSS",
		   xasprintf("%.1f (CVSS %s) %s", inc->cvss_score,
		             inc->cvss_version, inc->field[FIELD_CVSS]));
	kv(t, "Owner", xstrdup(owner[0] ? owner : "none"));
	kv(t, "Component",
	   xstrdup(inc->field[FIELD_COMPONENT][0] ? inc->field[FIELD_COMPONENT]
	                                          : "not recorded"));
	if (started_ms(inc))
		kv(t, "Started", time_str(started_ms(inc)));
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

static void summary(struct pm_doc *pm, const struct incident *inc)
{
	heading(pm, 2, "summary", "Summary");
	field_or_hint(pm, inc, FIELD_SUMMARY,
	              "What happened, in a few sentences?");
}

static void impact(struct pm_doc *pm, const struct export_doc *doc)
{
	const struct incident *inc = &doc->inc;
	struct pm_para *p;
	char *from, *to;
	int64_t start = started_ms(inc);
	const char *since = start ? "the start" : "the report";

	if (!start)
		start = inc->reported_ms;
	heading(pm, 2, "impact", "Impact");
	p = para(pm);
	from = time_str(start);
	to = time_str(end_of(doc));
	span(p, PM_PLAIN, "Duration: ");
	span_add(p, PM_STRONG, span_str(end_of(doc) - start));
	if (inc->stage == STAGE_CLOSED)
		span(p, PM_PLAIN, ", from %s (%s) to the close (%s).", since,
		     from, to);
	else
		span(p, PM_PLAIN,
		     ", from %s (%s) until this export (%s); still open.",
		     since, from, to);
	free(from);
	free(to);
	field_or_hint(pm, inc, FIELD_IMPACT,
	              "Who and what was affected, and how badly?");
	heading(pm, 3, "scope", "Scope");
	field_or_hint(pm, inc, FIELD_SCOPE,
	              "Which systems, versions, customers or data were in "
	              "scope?");
	heading(pm, 2, "severity", "Severity and CVSS");
	if (!inc->severity) {
		hint(pm, "How severe is it?",
		     xasprintf("irt severity %ld LEVEL|CVSS-VECTOR", inc->id));
		return;
	}
	p = para(pm);
	span(p, PM_PLAIN, "Severity: ");
	span(p, PM_STRONG, "%s", severity_name(inc->severity));
	if (inc->cvss_score >= 0) {
		span(p, PM_PLAIN, ". CVSS %s base score %.1f, vector ",
		     inc->cvss_version, inc->cvss_score);
		span(p, PM_CODE, "%s", inc->field[FIELD_CVSS]);
		span(p, PM_PLAIN, ".");
	} else {
		span(p, PM_PLAIN, ". Set as a level, without a CVSS vector.");
	}
}

static void trigger(struct pm_doc *pm, const struct incident *inc)
{
	heading(pm, 2, "trigger", "Trigger");
	field_or_hint(pm, inc, FIELD_TRIGGER,
	              "What triggered it (the change, request or event that "
	              "set it off)?");
}

static void detection(struct pm_doc *pm, const struct incident *inc)
{
	struct pm_para *p;
	char *when;
	int64_t start = started_ms(inc);

	heading(pm, 2, "detection", "Detection");
	p = para(pm);
	when = time_str(inc->reported_ms);
	span(p, PM_PLAIN, "Reported %s", when);
	free(when);
	if (inc->field[FIELD_REPORTER][0])
		span(p, PM_PLAIN, " by %s", inc->field[FIELD_REPORTER]);
	if (inc->field[FIELD_SOURCE][0])
		span(p, PM_PLAIN, " via %s", inc->field[FIELD_SOURCE]);
	if (inc->field[FIELD_CHANNEL][0])
		span(p, PM_PLAIN, " (%s)", inc->field[FIELD_CHANNEL]);
	span(p, PM_PLAIN, ".");
	if (start) {
		when = time_str(start);
		span(p, PM_PLAIN, " Started %s; time to detect: ", when);
		span_add(p, PM_STRONG, span_str(inc->reported_ms - start));
		span(p, PM_PLAIN, ".");
		free(when);
	}
	if (inc->acked_ms) {
		when = time_str(inc->acked_ms);
		span(p, PM_PLAIN,
		     " Acknowledged %s; time to acknowledge: ", when);
		span_add(p, PM_STRONG,
		         span_str(inc->acked_ms - inc->reported_ms));
		span(p, PM_PLAIN, ".");
		free(when);
	} else {
		span(p, PM_PLAIN, " Not acknowledged.");
	}
	if (!start)
		hint(pm,
		     "When did it begin? The time to detect is from then to "
		     "the report.",
		     xasprintf("irt set %ld started TIME", inc->id));
	if (!inc->field[FIELD_SOURCE][0])
		hint(pm, "How was it detected?",
		     xasprintf("irt set %ld source "
		               "email|bounty|internal|monitoring|other",
		               inc->id));
	heading(pm, 3, "description", "Description");
	field_or_hint(pm, inc, FIELD_DESCRIPTION,
	              "What was reported, as the reporter described it?");
}

/* The zone times are shown in, for the reader. */
static const char *zone_name(void)
{
	const char *tz = getenv("TZ");

	if (tz && tz[0])
		return tz[0] == ':' ? tz + 1 : tz;
	tzset();
	return tzname[0] && tzname[0][0] ? tzname[0] : "the system's zone";
}

static int by_at(const void *a, const void *b)
{
	const struct event *x = *(const struct event *const *)a;
	const struct event *y = *(const struct event *const *)b;

	if (x->at_ms != y->at_ms)
		return x->at_ms < y->at_ms ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The events ordered by when they happened (then by entry order);
 * caller frees the array (not the events). */
static const struct event **by_time(const struct export_doc *doc)
{
	size_t n = doc->events.count;
	const struct event **order = xmalloc((n ? n : 1) * sizeof *order);

	for (size_t i = 0; i < n; i++)
		order[i] = &doc->events.items[i];
	qsort(order, n, sizeof *order, by_at);
	return order;
}

/* The key moment ev is, in words, or NULL when it is none. */
static char *moment(const struct export_doc *doc, const struct event *ev)
{
	const char *k = ev->kind;

	if (strcmp(k, "create") == 0)
		return xstrdup("Recorded in irt");
	if (strcmp(k, "ack") == 0)
		return xstrdup("Acknowledged");
	if (strcmp(k, "advance") == 0)
		return xasprintf("Entered the %s stage", ev->new_value);
	if (strcmp(k, "reopen") == 0)
		return xasprintf("Reopened, in the %s stage", ev->new_value);
	if (strcmp(k, "close") == 0)
		return xasprintf("Closed as %s%s%s", ev->field,
		                 ev->text && ev->text[0] ? ": " : "",
		                 ev->text ? ev->text : "");
	if (strcmp(k, "notify") == 0) {
		for (size_t i = 0; i < doc->inc.n_notifications; i++) {
			const struct notification *n =
			    &doc->inc.notifications[i];

			if (n->seq == ev->seq)
				return xasprintf(
				    "Notified %s (%s, %s)%s%s", n->audience,
				    n->channel, n->status,
				    n->subject[0] ? ": " : "", n->subject);
		}
		return xstrdup("Notification");
	}
	if (strcmp(k, "note") == 0 && ev->field &&
	    strcmp(ev->field, "milestone") == 0)
		return xasprintf("Milestone: %s", ev->text ? ev->text : "");
	return NULL;
}

static const char *const head_moments[] = {"When", "Moment", "Who"};

/* Whether a note of kind "milestone" was recorded. */
static int has_milestone(const struct export_doc *doc)
{
	for (size_t i = 0; i < doc->events.count; i++) {
		const struct event *ev = &doc->events.items[i];

		if (strcmp(ev->kind, "note") == 0 &&
		    strcmp(ev->field, "milestone") == 0)
			return 1;
	}
	return 0;
}

static void timeline(struct pm_doc *pm, const struct export_doc *doc)
{
	const struct incident *inc = &doc->inc;
	const struct event **order = by_time(doc);
	struct pm_table *t;
	struct pm_para *p;
	int reported_done = 0;

	heading(pm, 2, "timeline", "Timeline");
	p = para(pm);
	span(p, PM_PLAIN,
	     "The key moments: the report, the acknowledgement, each stage "
	     "entered, the notifications and the milestones noted. Times "
	     "are local (%s) with their UTC offset; every entry, with its "
	     "hash, is in the appendix.",
	     zone_name());
	stage_chart(pm, doc);
	t = table(pm, "moments", 3, head_moments);
	for (size_t i = 0; i <= doc->events.count; i++) {
		const struct event *ev =
		    i < doc->events.count ? order[i] : NULL;
		char *what;

		/* The report comes in its place, which may be before the
		 * incident was recorded. */
		if (!reported_done && inc->reported_ms &&
		    (!ev || ev->at_ms >= inc->reported_ms)) {
			char *cells[3] = {
			    time_str(inc->reported_ms), xstrdup("Reported"),
			    xstrdup(inc->field[FIELD_REPORTER][0]
			                ? inc->field[FIELD_REPORTER]
			                : "-")};

			row(t, cells);
			reported_done = 1;
		}
		if (!ev)
			break;
		what = moment(doc, ev);
		if (what) {
			char *cells[3] = {time_str(ev->at_ms), what,
			                  xstrdup(ev->actor)};

			row(t, cells);
		}
	}
	free(order);
	if (!has_milestone(doc))
		hint(pm,
		     "A moment worth telling (service restored, cause found)?",
		     xasprintf("irt note %ld TEXT --kind milestone [--at TIME]",
		               inc->id));
}

static const char *const head_times[] = {"Measure", "Time", "Reached"};
static const char *const head_stages[] = {"Stage", "Owner", "Entered", "Left",
                                          "Duration"};

static void response(struct pm_doc *pm, const struct export_doc *doc)
{
	const struct incident *inc = &doc->inc;
	struct pm_table *t;

	heading(pm, 2, "response", "Response and recovery");
	field_or_hint(pm, inc, FIELD_RESPONSE,
	              "How did the team respond and recover, in its own "
	              "words?");
	heading(pm, 3, "containment", "Containment");
	field_or_hint(pm, inc, FIELD_CONTAINMENT,
	              "What stopped the harm from spreading?");
	heading(pm, 3, "response-times", "Response times");
	span(para(pm), PM_PLAIN,
	     "From the report to the acknowledgement, and to the end of the "
	     "contain, fix and notify stages.");
	t = table(pm, "times", 3, head_times);
	for (int m = 0; m < MEASURE_COUNT; m++) {
		int64_t ms =
		    export_response_time(inc, (enum response_measure)m);
		char *cells[3];

		cells[0] = xstrdup(measure_label[m]);
		cells[1] = ms >= 0 ? span_str(ms) : xstrdup("not reached");
		cells[2] =
		    ms >= 0 ? time_str(inc->reported_ms + ms) : xstrdup("-");
		row(t, cells);
	}
	response_chart(pm, doc);
	span(para(pm), PM_PLAIN,
	     "Stages (the last time each was entered and left):");
	t = table(pm, "stages", 5, head_stages);
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

static void root_cause(struct pm_doc *pm, const struct incident *inc)
{
	heading(pm, 2, "root-cause", "Root cause");
	field_or_hint(pm, inc, FIELD_ROOT_CAUSE,
	              "What was the underlying cause?");
	heading(pm, 3, "contributing-factors", "Contributing factors");
	field_or_hint(pm, inc, FIELD_CONTRIBUTING,
	              "What made it possible, worse or slower to fix?");
}

/* The reason given when the incident was last closed, or "". */
static const char *close_reason(const struct export_doc *doc)
{
	for (size_t i = doc->events.count; i-- > 0;)
		if (strcmp(doc->events.items[i].kind, "close") == 0)
			return doc->events.items[i].text;
	return "";
}

static void resolution(struct pm_doc *pm, const struct export_doc *doc)
{
	const struct incident *inc = &doc->inc;
	struct pm_para *p;

	heading(pm, 2, "resolution", "Resolution");
	heading(pm, 3, "fix", "Fix");
	if (inc->field[FIELD_FIX_REF][0]) {
		p = para(pm);
		span(p, PM_PLAIN, "Fix reference: ");
		span(p, PM_CODE, "%s", inc->field[FIELD_FIX_REF]);
	} else {
		hint(pm, "Where is the fix (commit, release, advisory)?",
		     xasprintf("irt set %ld fix-ref TEXT", inc->id));
	}
	heading(pm, 3, "outcome", "Outcome");
	p = para(pm);
	if (inc->stage == STAGE_CLOSED) {
		span(p, PM_PLAIN, "Closed as ");
		span(p, PM_STRONG, "%s", resolution_name(inc->resolution));
		span(p, PM_PLAIN, " from the %s stage",
		     stage_name(inc->prev_stage));
		if (close_reason(doc)[0])
			span(p, PM_PLAIN, ": %s", close_reason(doc));
		span(p, PM_PLAIN, ".");
	} else {
		span(p, PM_PLAIN, "Open, in the %s stage.",
		     stage_name(inc->stage));
	}
}

/* ---- responders ---------------------------------------------------- */

struct person {
	char *name;
	long entries;
	char roles[256];
	char stages[128];
};

static struct person *person(struct person **list, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*list)[i].name, name) == 0)
			return &(*list)[i];
	*list = xrealloc(*list, (*n + 1) * sizeof **list);
	memset(&(*list)[*n], 0, sizeof **list);
	(*list)[*n].name = xstrdup(name);
	return &(*list)[(*n)++];
}

/* Appends word to the comma-separated list in buf, once. */
static void once(char *buf, size_t size, const char *word)
{
	size_t len = strlen(buf), wl = strlen(word);

	for (const char *p = buf; (p = strstr(p, word)); p += wl)
		if ((p == buf || p[-1] == ' ') && (p[wl] == ',' || !p[wl]))
			return;
	snprintf(buf + len, size - len, "%s%s", len ? ", " : "", word);
}

static const char *role_of(const struct event *ev)
{
	static const struct {
		const char *kind, *role;
	} roles[] = {
	    {"create", "opened the incident"},
	    {"ack", "acknowledged"},
	    {"advance", "moved stages"},
	    {"reopen", "reopened"},
	    {"close", "closed"},
	    {"notify", "notified"},
	    {"set", "recorded findings"},
	    {"owner", "assigned owners"},
	    {"action", "added corrective actions"},
	    {"action-done", "completed actions"},
	    {"actions-none", "recorded why no action"},
	    {"note", "wrote notes"},
	};

	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
		if (strcmp(ev->kind, roles[i].kind) == 0)
			return roles[i].role;
	return ev->kind;
}

static const char *const head_people[] = {"Person", "Owner of", "Did",
                                          "Entries"};

static void responders(struct pm_doc *pm, const struct export_doc *doc)
{
	const struct incident *inc = &doc->inc;
	struct person *people = NULL;
	size_t n = 0;
	struct pm_table *t;

	heading(pm, 2, "responders", "Responders");
	span(para(pm), PM_PLAIN,
	     "Everyone who recorded something on the timeline or owned a "
	     "stage.");
	for (size_t i = 0; i < doc->events.count; i++) {
		const struct event *ev = &doc->events.items[i];
		struct person *who = person(&people, &n, ev->actor);

		who->entries++;
		once(who->roles, sizeof who->roles, role_of(ev));
	}
	for (int s = 0; s < STAGE_WORK_COUNT; s++) {
		if (!inc->owner[s] || !inc->owner[s][0])
			continue;
		once(person(&people, &n, inc->owner[s])->stages,
		     sizeof people->stages, stage_name((enum stage)s));
	}
	t = table(pm, "responders", 4, head_people);
	for (size_t i = 0; i < n; i++) {
		char *cells[4] = {
		    people[i].name,
		    xstrdup(people[i].stages[0] ? people[i].stages : "-"),
		    xstrdup(people[i].roles[0] ? people[i].roles : "-"),
		    xasprintf("%ld", people[i].entries)};

		row(t, cells);
	}
	free(people);
}

static void lessons(struct pm_doc *pm, const struct incident *inc)
{
	heading(pm, 2, "lessons", "Lessons learned");
	if (!blank(inc->field[FIELD_LESSONS]))
		prose(pm, inc->field[FIELD_LESSONS]);
	heading(pm, 3, "went-well", "What went well");
	field_or_hint(pm, inc, FIELD_WENT_WELL,
	              "What went well, and should be kept?");
	heading(pm, 3, "went-wrong", "What went wrong");
	field_or_hint(pm, inc, FIELD_WENT_WRONG,
	              "What went wrong, or slower than it should have?");
	heading(pm, 3, "lucky", "Where we got lucky");
	field_or_hint(pm, inc, FIELD_LUCKY,
	              "Where did luck, not design, keep it from being worse?");
}

static const char *const head_actions[] = {"#",   "Action", "Type",  "Owner",
                                           "Due", "Status", "Ticket"};

/* Sets t's relative column widths, n of them (layout hints). */
static void weigh(struct pm_table *t, const int *w, size_t n)
{
	for (size_t i = 0; i < n && i < sizeof t->weight / sizeof *t->weight;
	     i++)
		t->weight[i] = w[i];
}

static void actions(struct pm_doc *pm, const struct export_doc *doc)
{
	const struct incident *inc = &doc->inc;
	struct pm_table *t;

	heading(pm, 2, "actions", "Corrective actions");
	if (!inc->n_actions) {
		if (inc->actions_none[0]) {
			struct pm_para *p = para(pm);

			span(p, PM_PLAIN, "None needed: %s", inc->actions_none);
		} else {
			hint(
			    pm,
			    "What will stop it happening again, or catch it "
			    "sooner?",
			    xasprintf("irt action add %ld TITLE --type "
			              "corrective|preventive|detective --owner "
			              "NAME --due DATE",
			              inc->id));
		}
		return;
	}
	t = table(pm, "actions", 7, head_actions);
	t->link[6] = 1;
	/* Titles and ticket URLs need the room; numbers and types less. */
	weigh(t, (const int[]){1, 6, 3, 3, 4, 3, 5}, 7);
	for (size_t i = 0; i < inc->n_actions; i++) {
		const struct action *a = &inc->actions[i];
		char *cells[7];

		cells[0] = xasprintf("%ld", a->n);
		cells[1] = xstrdup(a->title);
		cells[2] = xstrdup(a->type);
		cells[3] = xstrdup(a->owner[0] ? a->owner : "-");
		cells[4] = time_str(a->due_ms);
		if (a->done_ms) {
			char *done = time_str(a->done_ms);

			cells[5] = xasprintf("done %s", done);
			free(done);
		} else if (a->due_ms && a->due_ms < doc->now_ms) {
			cells[5] = xstrdup("open, overdue");
		} else {
			cells[5] = xstrdup("open");
		}
		cells[6] = xstrdup(a->ticket[0] ? a->ticket : "-");
		row(t, cells);
	}
}

static const char *const head_notes[] = {"When",       "Audience", "Channel",
                                         "Recipients", "Subject",  "Status"};

static void notifications(struct pm_doc *pm, const struct export_doc *doc)
{
	const struct incident *inc = &doc->inc;
	struct pm_table *t;
	struct pm_para *p = NULL;

	heading(pm, 2, "notifications", "Notifications");
	for (int a = 0; a < AUDIENCE_COUNT; a++) {
		int done;

		if (!policy_requires(&doc->policy, inc->severity,
		                     (enum audience)a))
			continue;
		done = incident_notified(inc, (enum audience)a);
		if (!p) {
			p = para(pm);
			span(p, PM_PLAIN,
			     "The policy requires for this severity: ");
		} else {
			span(p, PM_PLAIN, "; ");
		}
		span(p, PM_PLAIN, "%s: ", audience_name((enum audience)a));
		span(p, done ? PM_PLAIN : PM_STRONG, "%s",
		     done ? "notified" : "not notified");
	}
	if (p)
		span(p, PM_PLAIN, ".");
	if (!inc->n_notifications) {
		hint(pm, "Who was told, and what?",
		     xasprintf("irt notify %ld --audience AUDIENCE --draft",
		               inc->id));
		return;
	}
	t = table(pm, "notifications", 6, head_notes);
	for (size_t i = 0; i < inc->n_notifications; i++) {
		const struct notification *n = &inc->notifications[i];
		char *cells[6] = {time_str(n->at_ms),  xstrdup(n->audience),
		                  xstrdup(n->channel), xstrdup(n->recipients),
		                  xstrdup(n->subject), xstrdup(n->status)};

		row(t, cells);
	}
	/* Each message as it was sent or recorded: the notify event's text,
	 * whole. */
	for (size_t i = 0; i < inc->n_notifications; i++) {
		const struct notification *n = &inc->notifications[i];

		for (size_t k = 0; k < doc->events.count; k++) {
			const struct event *ev = &doc->events.items[k];
			char *title, *when;

			if (ev->seq != n->seq || !ev->text || !ev->text[0])
				continue;
			when = time_str(n->at_ms);
			title = xasprintf("Message to %s (%s, %s)", n->audience,
			                  n->status, when);
			heading(pm, 3, "message", title);
			free(title);
			free(when);
			prose(pm, ev->text);
		}
	}
}

static const char *const head_deadlines[] = {"Deadline", "Due", "Verdict",
                                             "Clock stopped", "Policy"};

static void deadlines(struct pm_doc *pm, const struct export_doc *doc)
{
	struct pm_table *t;
	struct pm_para *p;
	char *policy, *as_of;
	int any = 0;

	heading(pm, 2, "deadlines", "Deadlines");
	for (int k = 0; k < DEADLINE_KIND_COUNT; k++)
		any |= doc->deadlines.item[k].state != DEADLINE_NONE;
	if (!any) {
		hint(pm,
		     "No deadline applies: no severity is set, or the policy "
		     "sets none for it.",
		     xasprintf("irt severity %ld LEVEL|CVSS-VECTOR",
		               doc->inc.id));
		return;
	}
	policy = xmalloc(DEADLINE_POLICY_TEXT_MAX);
	deadline_policy_text(&doc->deadlines, policy, DEADLINE_POLICY_TEXT_MAX);
	as_of = time_str(doc->now_ms);
	p = para(pm);
	span(p, PM_PLAIN,
	     "As of %s, judged by the team's policy %s: the "
	     "version in force when the incident was reported.",
	     as_of, policy);
	free(as_of);
	free(policy);
	t = table(pm, "deadlines", 5, head_deadlines);
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
		} else if (d->state == DEADLINE_MISSED && d->stopped_ms) {
			char late[TIMEUTIL_BUFSZ];

			timeutil_format_duration(d->stopped_ms - d->due_ms,
			                         late, sizeof late);
			cells[2] = xasprintf("missed by %s", late);
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

static void verification(struct pm_doc *pm, const struct incident *inc)
{
	struct pm_para *p;

	heading(pm, 2, "verification", "Verification");
	p = para(pm);
	span(p, PM_PLAIN,
	     "The timeline holds %ld events, each chained to the one before "
	     "by SHA-256. The head of the chain is ",
	     inc->n_events);
	span(p, PM_CODE, "%s", inc->head_hash);
	span(p, PM_PLAIN, ".");
	p = para(pm);
	span(p, PM_PLAIN, "To check this record: ");
	span(p, PM_CODE, "irt verify %ld", inc->id);
	span(p, PM_PLAIN,
	     " in the database it came from recomputes every "
	     "hash; or export it with ");
	span(p, PM_CODE, "irt export %ld --format json -o incident.json",
	     inc->id);
	span(p, PM_PLAIN, " and run ");
	span(p, PM_CODE, "irt --db check.db import incident.json");
	span(p, PM_PLAIN,
	     " on any machine, which refuses a file whose events were "
	     "altered. The head hash above must match the imported "
	     "incident's (");
	span(p, PM_CODE, "irt --db check.db show 1 --json");
	span(p, PM_PLAIN, ").");
}

static const char *const head_log[] = {"#",     "When",    "Who",
                                       "Event", "Details", "Hash"};

static void appendix(struct pm_doc *pm, const struct export_doc *doc)
{
	const struct event **order = by_time(doc);
	struct pm_table *t;

	heading(pm, 2, "changelog", "Appendix: the complete change log");
	span(para(pm), PM_PLAIN,
	     "Every entry of the timeline, ordered by when each thing "
	     "happened, with its SHA-256 hash. Reconstructed entries were "
	     "recorded more than five minutes after the time they give.");
	t = table(pm, "changelog", 6, head_log);
	/* Room for a 5-digit number, a date over its time and zone, and
	 * the hash in two lines of 32. */
	weigh(t, (const int[]){7, 16, 10, 10, 28, 29}, 6);
	t->code[5] = 1;
	for (size_t i = 0; i < doc->events.count; i++) {
		const struct event *ev = order[i];
		char when[TIMEUTIL_BUFSZ], rec[TIMEUTIL_BUFSZ];
		char *cells[6];

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
		cells[5] = xstrdup(ev->hash);
		row(t, cells);
	}
	free(order);
}

/* ---- the document -------------------------------------------------- */

void postmortem_build(const struct export_doc *doc, struct pm_doc *pm)
{
	const struct incident *inc = &doc->inc;
	char when[TIMEUTIL_BUFSZ];

	memset(pm, 0, sizeof *pm);
	pm->title = xasprintf("Post-incident review: #%ld %s", inc->id,
	                      inc->field[FIELD_TITLE]);
	timeutil_format_local_short(doc->now_ms, when, sizeof when);
	pm->subtitle = xasprintf("#%ld, exported %s", inc->id, when);
	pm->head_hash = xstrdup(inc->head_hash);
	pm->verify = xasprintf("irt verify %ld", inc->id);
	facts(pm, doc);
	summary(pm, inc);
	impact(pm, doc);
	trigger(pm, inc);
	detection(pm, inc);
	timeline(pm, doc);
	response(pm, doc);
	root_cause(pm, inc);
	resolution(pm, doc);
	responders(pm, doc);
	lessons(pm, inc);
	actions(pm, doc);
	notifications(pm, doc);
	deadlines(pm, doc);
	verification(pm, inc);
	appendix(pm, doc);
}

static void para_free(struct pm_para *p)
{
	for (size_t i = 0; i < p->n_spans; i++)
		free(p->spans[i].text);
	free(p->spans);
}

void postmortem_free(struct pm_doc *pm)
{
	if (!pm)
		return;
	for (size_t i = 0; i < pm->n_blocks; i++) {
		struct pm_block *b = &pm->blocks[i];
		struct pm_table *t = &b->table;
		struct pm_chart *c = &b->chart;

		free(b->text);
		free(b->command);
		free(b->anchor);
		para_free(&b->para);
		for (size_t k = 0; k < b->n_items; k++)
			para_free(&b->items[k]);
		free(b->items);
		if (t->head)
			for (size_t k = 0; k < t->n_cols; k++)
				free(t->head[k]);
		free(t->head);
		for (size_t k = 0; k < t->n_rows * t->n_cols; k++)
			free(t->cells[k]);
		free(t->cells);
		free(c->title);
		for (size_t k = 0; k < c->n_bars; k++)
			free(c->bars[k].label);
		free(c->bars);
		for (size_t k = 0; k < c->n_markers; k++)
			free(c->markers[k].label);
		free(c->markers);
		free(c->alt);
	}
	free(pm->blocks);
	free(pm->title);
	free(pm->subtitle);
	free(pm->head_hash);
	free(pm->verify);
	memset(pm, 0, sizeof *pm);
}
