/*
 * export_html.c - the post-mortem as one self-contained HTML page: the
 * Markdown parts rendered by cmark (CMARK_OPT_DEFAULT, never
 * CMARK_OPT_UNSAFE, so raw HTML is dropped even if some got in), tables
 * written here (CommonMark has no tables) with every cell escaped, the
 * stylesheet data/report.css inlined, and a chart of the stages over
 * time drawn as SVG.
 *
 * Nothing is fetched when the page is opened: no scripts, no external
 * style, font or image; a Content-Security-Policy forbids them anyway.
 * The chart is an inline <svg> element (HTML5 allows SVG in the page),
 * with a title for screen readers; only stage names, times and deadline
 * labels go into it.
 */
#include "export_internal.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "irt/embedded.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

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
			export_html_text(out, t->cells[r * t->n_cols + c], 1);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
}

/* ---- the stage chart ----------------------------------------------- */

#define CHART_W     760
#define CHART_LABEL 80
#define CHART_ROW   26
#define CHART_TOP   10
#define CHART_AXIS  34

static const char *const stage_colour[STAGE_WORK_COUNT] = {
    "#c0392b", "#d68910", "#2874a6", "#7d3c98", "#1e8449"};

struct chart {
	int64_t t0, t1;
	FILE *svg;
};

static double x_of(const struct chart *c, int64_t ms)
{
	double span = (double)(c->t1 - c->t0);

	return CHART_LABEL +
	       (CHART_W - CHART_LABEL - 10) * (double)(ms - c->t0) / span;
}

static void chart_svg(const struct export_doc *doc, FILE *svg)
{
	struct stage_interval *iv;
	size_t n_iv = export_stage_intervals(doc, &iv);
	struct chart c = {.svg = svg};
	int height = CHART_TOP + STAGE_WORK_COUNT * CHART_ROW + CHART_AXIS;
	const int64_t end = doc->inc.stage == STAGE_CLOSED
	                        ? doc->inc.entered_ms[STAGE_CLOSED]
	                        : doc->now_ms;

	c.t0 = doc->inc.reported_ms;
	c.t1 = end;
	for (size_t i = 0; i < n_iv; i++) {
		if (iv[i].entered_ms < c.t0)
			c.t0 = iv[i].entered_ms;
		if (iv[i].entered_ms > c.t1)
			c.t1 = iv[i].entered_ms;
		if (iv[i].left_ms > c.t1)
			c.t1 = iv[i].left_ms;
	}
	for (int k = 0; k < DEADLINE_KIND_COUNT; k++) {
		int64_t due = doc->deadlines.item[k].due_ms;

		if (due && due < c.t0)
			c.t0 = due;
		if (due > c.t1)
			c.t1 = due;
	}
	if (c.t1 <= c.t0)
		c.t1 = c.t0 + 3600 * 1000;
	fprintf(svg,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	        "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
	        "style=\"font-family: sans-serif; font-size: 11px\">\n"
	        "<title>Stages over time</title>\n"
	        "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
	        CHART_W, height, CHART_W, height, CHART_W, height);
	for (int s = 0; s < STAGE_WORK_COUNT; s++) {
		int y = CHART_TOP + s * CHART_ROW;

		fprintf(svg,
		        "<text x=\"4\" y=\"%d\" fill=\"#222\">%s</text>\n"
		        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		        "stroke=\"#ddd\"/>\n",
		        y + 16, stage_name((enum stage)s), CHART_LABEL,
		        y + CHART_ROW, CHART_W - 10, y + CHART_ROW);
	}
	for (size_t i = 0; i < n_iv; i++) {
		int64_t to = iv[i].left_ms ? iv[i].left_ms : end;
		double x0, x1;
		int y;

		if (iv[i].stage >= STAGE_WORK_COUNT)
			continue;
		y = CHART_TOP + (int)iv[i].stage * CHART_ROW + 5;
		x0 = x_of(&c, iv[i].entered_ms);
		x1 = x_of(&c, to);
		if (x1 - x0 < 2)
			x1 = x0 + 2;
		fprintf(
		    svg,
		    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
		    "fill=\"%s\"%s/>\n",
		    x0, y, x1 - x0, CHART_ROW - 10, stage_colour[iv[i].stage],
		    iv[i].left_ms ? "" : " fill-opacity=\"0.55\"");
	}
	/* Time axis: start, three ticks between, end. */
	for (int k = 0; k <= 4; k++) {
		int64_t ms = c.t0 + (c.t1 - c.t0) * k / 4;
		char when[TIMEUTIL_BUFSZ];
		double x = x_of(&c, ms);
		int y = CHART_TOP + STAGE_WORK_COUNT * CHART_ROW;

		timeutil_format_local_short(ms, when, sizeof when);
		fprintf(svg,
		        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
		        "stroke=\"#888\"/>\n<text x=\"%.1f\" y=\"%d\" "
		        "fill=\"#444\" text-anchor=\"%s\">%s</text>\n",
		        x, CHART_TOP, x, y + 4, x, y + 18,
		        k == 0   ? "start"
		        : k == 4 ? "end"
		                 : "middle",
		        when);
	}
	/* Deadlines: a dashed line at each due time, coloured by state. */
	for (int k = 0; k < DEADLINE_KIND_COUNT; k++) {
		const struct deadline *d = &doc->deadlines.item[k];
		const char *colour = "#b9770e";
		double x;

		if (d->state == DEADLINE_NONE || !d->due_ms)
			continue;
		if (d->state == DEADLINE_MET)
			colour = "#1e8449";
		else if (d->state == DEADLINE_MISSED ||
		         d->state == DEADLINE_OVERDUE)
			colour = "#c0392b";
		x = x_of(&c, d->due_ms);
		fprintf(svg,
		        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
		        "stroke=\"%s\" stroke-width=\"2\" "
		        "stroke-dasharray=\"5 3\"/>\n<text x=\"%.1f\" y=\"%d\" "
		        "fill=\"%s\" text-anchor=\"%s\">%s due (%s)</text>\n",
		        x, CHART_TOP, x,
		        CHART_TOP + STAGE_WORK_COUNT * CHART_ROW, colour,
		        x + (x > CHART_W / 2 ? -3 : 3),
		        CHART_TOP + STAGE_WORK_COUNT * CHART_ROW - 4 - 12 * k,
		        colour, x > CHART_W / 2 ? "end" : "start",
		        deadline_kind_label((enum deadline_kind)k),
		        deadline_state_name(d->state));
	}
	fputs("</svg>\n", svg);
	free(iv);
}

static void chart(const struct export_doc *doc, FILE *out)
{
	fputs("<div class=\"chart\">\n", out);
	chart_svg(doc, out);
	fputs("</div>\n", out);
	fputs("<p class=\"legend\">Each bar is a stretch of time spent in a "
	      "stage; a pale bar is a stage still open. Dashed lines mark "
	      "the deadlines: green met, red missed or overdue, amber "
	      "running.</p>\n",
	      out);
}

/* ---- the page ------------------------------------------------------ */

int export_html_write(const struct export_doc *doc, FILE *out)
{
	const struct embedded_file *css = embedded_find("report.css");
	struct postmortem pm;
	char when[TIMEUTIL_BUFSZ];

	postmortem_build(doc, &pm);
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
	fputs("<title>Post-incident review ", out);
	export_html_text(out, pm.title, 0);
	fputs("</title>\n<style>\n", out);
	if (css)
		fputs(css->data, out);
	fputs("</style>\n</head>\n<body>\n<div class=\"page\">\n", out);
	for (size_t i = 0; i < pm.n_blocks; i++) {
		const struct pm_block *blk = &pm.blocks[i];

		if (blk->kind == PM_MARKDOWN) {
			char *html = cmark_markdown_to_html(
			    blk->md, strlen(blk->md), CMARK_OPT_DEFAULT);

			fputs(html, out);
			free(html);
		} else if (blk->kind == PM_TABLE) {
			html_table(out, &blk->table);
		} else {
			chart(doc, out);
		}
	}
	timeutil_format_local(doc->now_ms, when, sizeof when);
	fprintf(out,
	        "<p class=\"generated\">Exported by irt %s on %s.</p>\n"
	        "</div>\n</body>\n</html>\n",
	        IRT_VERSION, when);
	postmortem_free(&pm);
	return ferror(out) ? -1 : 0;
}
