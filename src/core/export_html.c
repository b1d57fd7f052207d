/*
 * export_html.c - the post-mortem (postmortem.h's model) as one
 * self-contained HTML page: every string of the model HTML-escaped as it
 * is written (export_html_text), the stylesheet data/report.css inlined,
 * and the charts drawn as inline SVG.
 *
 * Nothing is fetched when the page is opened: no scripts, no external
 * style, font or image; a Content-Security-Policy forbids them anyway.
 * Each chart is an inline <svg> element (HTML5 allows SVG in the page)
 * with a title for screen readers and its alt text as a caption; only
 * escaped labels and numbers go into it.
 */
#include "export_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "irt/embedded.h"
#include "irt/stage.h"
#include "irt/timeutil.h"

static void html_para(FILE *out, const struct pm_para *p)
{
	for (size_t i = 0; i < p->n_spans; i++) {
		static const char *const tag[] = {"", "strong", "code", "em"};
		const struct pm_span *s = &p->spans[i];
		const char *t = (unsigned)s->style < 4 ? tag[s->style] : "";

		if (t[0])
			fprintf(out, "<%s>", t);
		export_html_text(out, s->text, 1);
		if (t[0])
			fprintf(out, "</%s>", t);
	}
}

/* Whether s is an http(s) URL a page can link to as it stands: the
 * scheme, a host, and printable ASCII alone (no space, quote or angle
 * bracket, no control or invisible character), so the href is exactly
 * the text shown. */
static int linkable_url(const char *s)
{
	size_t skip;

	if (strncasecmp(s, "https://", 8) == 0)
		skip = 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		skip = 7;
	else
		return 0;
	if (!s[skip] || s[skip] == '/')
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '"' || *p == '<' ||
		    *p == '>' || *p == '\\' || *p == '`')
			return 0;
	return 1;
}

static void html_cell(FILE *out, const struct pm_table *t, size_t c,
                      const char *text)
{
	if (c < sizeof t->link && t->link[c] && linkable_url(text)) {
		fputs("<a href=\"", out);
		export_html_text(out, text, 0);
		fputs("\" rel=\"noopener noreferrer\">", out);
		export_html_text(out, text, 0);
		fputs("</a>", out);
		return;
	}
	export_html_text(out, text, 1);
}

static void html_table(FILE *out, const struct pm_table *t)
{
	fprintf(out, "<table class=\"%s\">\n<thead><tr>", t->cls);
	for (size_t c = 0; c < t->n_cols; c++) {
		fputs("<th>", out);
		export_html_text(out, t->head[c], 0);
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t r = 0; r < t->n_rows; r++) {
		fputs("<tr>", out);
		for (size_t c = 0; c < t->n_cols; c++) {
			fputs("<td>", out);
			html_cell(out, t, c, t->cells[r * t->n_cols + c]);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
}

/* ---- charts -------------------------------------------------------- */

#define CHART_W     760
#define CHART_LABEL 90
#define CHART_ROW   26
#define CHART_TOP   24
#define CHART_AXIS  34

struct axis {
	int64_t from, to;
};

static double x_of(const struct axis *a, int64_t ms)
{
	double span = (double)(a->to - a->from);

	if (ms < a->from)
		ms = a->from;
	if (ms > a->to)
		ms = a->to;
	return CHART_LABEL +
	       (CHART_W - CHART_LABEL - 14) * (double)(ms - a->from) / span;
}

static const char *bar_colour(const struct pm_chart *c, size_t i)
{
	static const char *const stage_colour[STAGE_WORK_COUNT] = {
	    "#c0392b", "#d68910", "#2874a6", "#7d3c98", "#1e8449"};
	int st = c->kind == PM_CHART_STAGES ? stage_parse(c->bars[i].label)
	                                    : (int)(i % STAGE_WORK_COUNT);

	return st >= 0 && st < STAGE_WORK_COUNT ? stage_colour[st] : "#555";
}

static const char *mark_colour(enum pm_mark m)
{
	return m == PM_MARK_MET      ? "#1e8449"
	       : m == PM_MARK_MISSED ? "#c0392b"
	                             : "#b9770e";
}

/* The label of the tick at ms: a time (the date at the first tick and
 * at each new day) or a duration. */
static void tick_label(const struct pm_chart *c, int64_t ms, int first,
                       char *buf, size_t size)
{
	char full[TIMEUTIL_BUFSZ];

	if (c->kind == PM_CHART_RESPONSE) {
		timeutil_format_duration_tick(ms, buf, size);
		return;
	}
	timeutil_format_local_short(ms, full, sizeof full);
	/* "2026-03-01 09:00": the time alone within a day. */
	if (!first && c->tick_ms < (int64_t)24 * 3600 * 1000 &&
	    strlen(full) >= 16 && strncmp(full + 11, "00:00", 5) != 0)
		snprintf(buf, size, "%.5s", full + 11);
	else if (c->tick_ms >= (int64_t)24 * 3600 * 1000)
		snprintf(buf, size, "%.10s", full);
	else
		snprintf(buf, size, "%s", full);
}

static void chart_svg(FILE *out, const struct pm_chart *c)
{
	struct axis a = {c->from_ms,
	                 c->to_ms > c->from_ms ? c->to_ms : c->from_ms + 1};
	size_t rows = c->n_bars ? c->n_bars : 1;
	int bottom = CHART_TOP + (int)rows * CHART_ROW;
	int height = bottom + CHART_AXIS;
	int64_t tick = c->tick_ms > 0 ? c->tick_ms : a.to - a.from;
	int64_t first;

	fprintf(out,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	        "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
	        "style=\"font-family: sans-serif; font-size: 11px\">\n"
	        "<title>",
	        CHART_W, height, CHART_W, height);
	export_html_text(out, c->title, 0);
	fprintf(out,
	        "</title>\n<rect width=\"%d\" height=\"%d\" "
	        "fill=\"#ffffff\"/>\n",
	        CHART_W, height);
	for (size_t i = 0; i < c->n_bars; i++) {
		const struct pm_bar *b = &c->bars[i];
		int y = CHART_TOP + (int)i * CHART_ROW;
		double x0 = x_of(&a, b->start_ms);
		double x1 = x_of(&a, b->end_ms ? b->end_ms : a.to);

		if (x1 - x0 < 2)
			x1 = x0 + 2;
		fprintf(out, "<text x=\"4\" y=\"%d\" fill=\"#222\">", y + 16);
		export_html_text(out, b->label, 0);
		fprintf(out,
		        "</text>\n<line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
		        "y2=\"%d\" stroke=\"#ddd\"/>\n"
		        "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
		        "height=\"%d\" fill=\"%s\"%s/>\n",
		        CHART_LABEL, y + CHART_ROW, CHART_W - 14, y + CHART_ROW,
		        x0, y + 5, x1 - x0, CHART_ROW - 10, bar_colour(c, i),
		        b->end_ms ? "" : " fill-opacity=\"0.55\"");
	}
	/* Ticks at whole multiples of the step. */
	first = (a.from + tick - 1) / tick * tick;
	for (int64_t ms = first; ms <= a.to; ms += tick) {
		char label[TIMEUTIL_BUFSZ];
		double x = x_of(&a, ms);

		tick_label(c, ms, ms == first, label, sizeof label);
		fprintf(out,
		        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
		        "stroke=\"#bbb\"/>\n<text x=\"%.1f\" y=\"%d\" "
		        "fill=\"#444\" text-anchor=\"middle\">",
		        x, CHART_TOP, x, bottom + 4, x, bottom + 18);
		export_html_text(out, label, 0);
		fputs("</text>\n", out);
	}
	for (size_t m = 0; m < c->n_markers; m++) {
		const struct pm_marker *mk = &c->markers[m];
		const char *colour = mark_colour(mk->state);
		double x = x_of(&a, mk->at_ms);
		int y0 = mk->row >= 0 && (size_t)mk->row < rows
		             ? CHART_TOP + mk->row * CHART_ROW
		             : CHART_TOP;
		int y1 = mk->row >= 0 && (size_t)mk->row < rows ? y0 + CHART_ROW
		                                                : bottom;

		fprintf(out,
		        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
		        "stroke=\"%s\" stroke-width=\"2\" "
		        "stroke-dasharray=\"5 3\"/>\n<text x=\"%.1f\" y=\"%d\" "
		        "fill=\"%s\" text-anchor=\"%s\">",
		        x, y0, x, y1, colour, x + (x > CHART_W / 2 ? -3 : 3),
		        CHART_TOP - 6 - 11 * (int)(m % 2), colour,
		        x > CHART_W / 2 ? "end" : "start");
		export_html_text(out, mk->label, 0);
		fputs("</text>\n", out);
	}
	fputs("</svg>\n", out);
}

static void chart(FILE *out, const struct pm_chart *c)
{
	fputs("<div class=\"chart\">\n", out);
	chart_svg(out, c);
	fputs("</div>\n<p class=\"legend\">", out);
	export_html_text(out, c->alt ? c->alt : "", 0);
	fputs(c->kind == PM_CHART_STAGES
	          ? " A pale bar is a stage still open; dashed lines mark "
	            "the deadlines: green met, red missed or overdue, amber "
	            "running."
	          : " Dashed lines mark the policy's windows: green met, red "
	            "missed or overdue, amber running.",
	      out);
	fputs("</p>\n", out);
}

/* ---- the page ------------------------------------------------------ */

static void block(FILE *out, const struct pm_block *b)
{
	switch (b->kind) {
	case PM_HEADING: {
		int level = b->level < 1 ? 1 : b->level > 3 ? 3 : b->level;

		fprintf(out, "<h%d", level);
		if (b->anchor && level == 2)
			fprintf(out, " id=\"%s\"", b->anchor);
		fputc('>', out);
		export_html_text(out, b->text, 0);
		fprintf(out, "</h%d>\n", level);
		break;
	}
	case PM_PARAGRAPH:
		fputs("<p>", out);
		html_para(out, &b->para);
		fputs("</p>\n", out);
		break;
	case PM_LIST:
		fputs("<ul>\n", out);
		for (size_t i = 0; i < b->n_items; i++) {
			fputs("<li>", out);
			html_para(out, &b->items[i]);
			fputs("</li>\n", out);
		}
		fputs("</ul>\n", out);
		break;
	case PM_TABLE:
		html_table(out, &b->table);
		break;
	case PM_HINT:
		fputs("<p class=\"hint\"><em>", out);
		export_html_text(out, b->text, 0);
		fputs("</em>", out);
		if (b->command) {
			fputs(" <code>", out);
			export_html_text(out, b->command, 0);
			fputs("</code>", out);
		}
		fputs("</p>\n", out);
		break;
	case PM_CHART:
		chart(out, &b->chart);
		break;
	}
}

int export_html_write(const struct pm_doc *pm, FILE *out)
{
	const struct embedded_file *css = embedded_find("report.css");

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" "
	      "content=\"default-src 'none'; style-src 'unsafe-inline'; "
	      "img-src data:\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, "
	      "initial-scale=1\">\n",
	      out);
	fprintf(out, "<meta name=\"generator\" content=\"irt %s\">\n",
	        IRT_VERSION);
	fputs("<title>", out);
	export_html_text(out, pm->title, 0);
	fputs("</title>\n<style>\n", out);
	if (css)
		fputs(css->data, out);
	fputs("</style>\n</head>\n<body>\n<div class=\"page\">\n<h1>", out);
	export_html_text(out, pm->title, 0);
	fputs("</h1>\n", out);
	for (size_t i = 0; i < pm->n_blocks; i++)
		block(out, &pm->blocks[i]);
	fputs("<p class=\"generated\">", out);
	export_html_text(out, pm->subtitle ? pm->subtitle : "", 0);
	fprintf(out, " by irt %s.</p>\n</div>\n</body>\n</html>\n",
	        IRT_VERSION);
	return ferror(out) ? -1 : 0;
}
