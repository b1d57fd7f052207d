/*
 * export_pdf.c - the post-mortem (postmortem.h's document model) as a
 * PDF document, laid out with Pango and drawn with Cairo onto a PDF
 * surface that writes to the caller's FILE as it goes.
 *
 * Built as the module irt-pdf.so, loaded by irt only to export a PDF
 * (src/core/export_pdf.c): Pango, Cairo and the libraries they bring are
 * most of irt's, and loading them took about half of the start-up of
 * every other command. The module calls the core's functions in the
 * program that loaded it.
 *
 * The document is laid out twice: once onto a context that draws
 * nothing, to learn the number of pages for the "page N of M" footers,
 * then onto the PDF page by page, each page written out when it is done.
 * Both passes break pages at the same places, as they lay out the same
 * text the same way. Memory stays that of one page (holding every page's
 * drawing for one pass instead took 125 MB for a 10,000-event export);
 * a code column (hashes) cut into lines by character count and a cell
 * not laid out again when it repeats the row above keep the second
 * pass cheap.
 *
 * Invariants: stored text is never Pango markup. Every string of the
 * model passes through sanitize_terminal (control and invisible
 * characters in their visible forms) and reaches Pango only through
 * pango_layout_set_text, styled by attribute lists. Paragraphs and lists
 * break between lines; a table row moves whole to the next page unless
 * it is taller than a page, and every page a table reaches starts with
 * its header row; a chart and a hint box are never split. The chain head
 * hash and the command that verifies it close the last page.
 */
#include "irt/export_pdf.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "irt/postmortem.h"
#include "irt/sanitize.h"
#include "irt/stage.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

#define MM           (72.0 / 25.4)
#define FAMILY_SANS  "DejaVu Sans,sans-serif"
#define FAMILY_MONO  "DejaVu Sans Mono,monospace"
#define CELL_PAD     3.0
#define LIST_INDENT  14.0
#define CHART_LABEL  96.0
#define CHART_ROW    15.0
#define CHART_BAR    9.0
#define CHART_AXIS   26.0
#define CHART_LEGEND 11.0

enum font {
	FONT_BODY,
	FONT_MONO,
	FONT_TITLE,
	FONT_H1,
	FONT_H2,
	FONT_H3,
	FONT_CELL,
	FONT_CELL_HEAD,
	FONT_SMALL,
	FONT_CODE,
	FONT_COUNT
};

static const char *const font_specs[FONT_COUNT] = {
    FAMILY_SANS " 10",      FAMILY_MONO " 9",       FAMILY_SANS " Bold 20",
    FAMILY_SANS " Bold 16", FAMILY_SANS " Bold 13", FAMILY_SANS " Bold 11",
    FAMILY_SANS " 8",       FAMILY_SANS " Bold 8",  FAMILY_SANS " 7.5",
    FAMILY_MONO " 7",
};

/* The layout state of one pass. */
struct pdf {
	const struct pm_doc *pm;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *pango;
	PangoLayout *layout; /* for text drawn at once (headings, lines) */
	PangoLayout *foot;   /* the footer's own, drawn between others */
	PangoFontDescription *font[FONT_COUNT];
	double page_w, page_h;
	double left, width; /* the text column */
	double top, bottom; /* the body of each page */
	double y;           /* where the next block starts */
	int page;           /* the current page, from 1 */
	int n_pages;        /* known after the first pass */
	int counting;       /* the first pass: nothing is drawn */
	cairo_t *pdf_cr;    /* on the PDF surface itself */
	cairo_t *null_cr;   /* the first pass's, clipped to nothing */
	int outline[4];     /* the bookmark of the last heading per level */
};

/* ---- text ---------------------------------------------------------- */

/* Sets l to the plain text s (sanitised) in font fd, wrapped at width
 * points (0: no wrapping). */
static void set_plain(PangoLayout *l, const char *s,
                      const PangoFontDescription *fd, double width)
{
	char *safe = sanitize_terminal(s, SANITIZE_KEEP_NEWLINES);
	PangoAttrList *attrs = pango_attr_list_new();

	/* A hash or a command broken inside must not gain a hyphen. */
	pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
	pango_layout_set_font_description(l, fd);
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	pango_layout_set_width(l,
	                       width > 0 ? pango_units_from_double(width) : -1);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_NONE);
	pango_layout_set_text(l, safe, -1);
	free(safe);
}

/* Sets the text of l, set up by set_plain before, to s (sanitised):
 * what a table row changes from one row to the next. */
static void set_plain_text(PangoLayout *l, const char *s)
{
	char *safe = sanitize_terminal(s, SANITIZE_KEEP_NEWLINES);

	pango_layout_set_text(l, safe, -1);
	free(safe);
}

/* Sets l to the spans of para, each styled by an attribute over its
 * bytes: strong bold, code monospace, emphasis italic. */
static void set_spans(PangoLayout *l, const struct pm_para *para,
                      const PangoFontDescription *fd, double width)
{
	PangoAttrList *attrs = pango_attr_list_new();
	GString *text = g_string_new(NULL);

	pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
	for (size_t i = 0; i < para->n_spans; i++) {
		const struct pm_span *sp = &para->spans[i];
		char *safe =
		    sanitize_terminal(sp->text, SANITIZE_KEEP_NEWLINES);
		size_t start = text->len;
		PangoAttribute *a[2] = {NULL, NULL};

		g_string_append(text, safe);
		free(safe);
		switch (sp->style) {
		case PM_STRONG:
			a[0] = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
			break;
		case PM_CODE:
			a[0] = pango_attr_family_new(FAMILY_MONO);
			a[1] = pango_attr_scale_new(0.9);
			break;
		case PM_EMPH:
			a[0] = pango_attr_style_new(PANGO_STYLE_ITALIC);
			break;
		case PM_PLAIN:
			break;
		}
		for (int k = 0; k < 2 && a[k]; k++) {
			a[k]->start_index = (guint)start;
			a[k]->end_index = (guint)text->len;
			pango_attr_list_insert(attrs, a[k]);
		}
	}
	pango_layout_set_font_description(l, fd);
	pango_layout_set_width(l, pango_units_from_double(width));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_NONE);
	pango_layout_set_text(l, text->str, (int)text->len);
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	g_string_free(text, TRUE);
}

/* The height of l in points. */
static double layout_height(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return pango_units_to_double(h);
}

static void set_gray(struct pdf *p, double g)
{
	cairo_set_source_rgb(p->cr, g, g, g);
}

/* ---- pages --------------------------------------------------------- */

/* The footer of the current page: the title, and "page N of M". */
static void footer(struct pdf *p)
{
	char buf[64];
	double y = p->bottom + 6 * MM;

	set_gray(p, 0.4);
	set_plain(p->foot, p->pm->title ? p->pm->title : "",
	          p->font[FONT_SMALL], p->width * 0.7);
	pango_layout_set_ellipsize(p->foot, PANGO_ELLIPSIZE_END);
	pango_layout_set_wrap(p->foot, PANGO_WRAP_WORD);
	pango_layout_set_height(p->foot, 0); /* one line */
	cairo_move_to(p->cr, p->left, y);
	pango_cairo_show_layout(p->cr, p->foot);
	pango_layout_set_height(p->foot, -1);

	snprintf(buf, sizeof buf, "page %d of %d", p->page, p->n_pages);
	set_plain(p->foot, buf, p->font[FONT_SMALL], p->width);
	pango_layout_set_alignment(p->foot, PANGO_ALIGN_RIGHT);
	cairo_move_to(p->cr, p->left, y);
	pango_cairo_show_layout(p->cr, p->foot);
	pango_layout_set_alignment(p->foot, PANGO_ALIGN_LEFT);
	cairo_set_line_width(p->cr, 0.4);
	cairo_move_to(p->cr, p->left, y - 2);
	cairo_line_to(p->cr, p->left + p->width, y - 2);
	cairo_stroke(p->cr);
	set_gray(p, 0);
}

/* Ends the current page: in the second pass, its footer is drawn and
 * the page written out. */
static void end_page(struct pdf *p)
{
	if (p->counting)
		return;
	footer(p);
	cairo_show_page(p->cr);
}

static void new_page(struct pdf *p)
{
	end_page(p);
	p->page++;
	p->y = p->top;
}

static int at_page_top(const struct pdf *p)
{
	return p->y <= p->top + 0.5;
}

/* Starts a new page unless h points fit below y (or y is already the
 * top of a page, where waiting would not help). */
static void need(struct pdf *p, double h)
{
	if (p->y + h > p->bottom && !at_page_top(p))
		new_page(p);
}

/* Adds vertical space, not carried over to a new page. */
static void space(struct pdf *p, double h)
{
	if (!at_page_top(p))
		p->y += h;
}

/*
 * Draws the lines of l from line *line on, the first of them with its
 * top at y, as many as end above limit (at least one). Sets *line to the
 * first line not drawn and *used to the height drawn. Returns whether
 * lines remain.
 */
static int draw_lines(struct pdf *p, PangoLayout *l, int *line, double x,
                      double y, double limit, double *used)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	int i = 0, more = 0;
	double base = 0, end = 0;

	do {
		PangoRectangle r;
		double bottom;

		if (i < *line) {
			i++;
			continue;
		}
		pango_layout_iter_get_line_extents(it, NULL, &r);
		if (i == *line)
			base = pango_units_to_double(r.y);
		bottom = pango_units_to_double(r.y + r.height) - base;
		if (y + bottom > limit && i > *line) {
			more = 1;
			break;
		}
		cairo_move_to(p->cr, x + pango_units_to_double(r.x),
		              y - base +
		                  pango_units_to_double(
		                      pango_layout_iter_get_baseline(it)));
		pango_cairo_show_layout_line(
		    p->cr, pango_layout_iter_get_line_readonly(it));
		end = bottom;
		i++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	*line = i;
	*used = end;
	return more;
}

/* Draws l at x from y on, breaking pages between its lines. */
static void flow(struct pdf *p, PangoLayout *l, double x)
{
	int line = 0;
	double used;

	while (draw_lines(p, l, &line, x, p->y, p->bottom, &used)) {
		new_page(p);
	}
	p->y += used;
}

/* ---- blocks -------------------------------------------------------- */

/* A heading, kept on one page with the first keep points of what
 * follows it. */
static void heading(struct pdf *p, int level, const char *text, double keep)
{
	static const enum font fonts[] = {FONT_H1, FONT_H1, FONT_H2, FONT_H3};
	static const double before[] = {14, 14, 10, 7};
	double h;

	if (level < 1)
		level = 1;
	if (level > 3)
		level = 3;
	space(p, before[level]);
	set_plain(p->layout, text, p->font[fonts[level]], p->width);
	h = layout_height(p->layout);
	need(p, h + keep);
	char *safe = sanitize_terminal(text, 0);
	char *link =
	    xasprintf("page=%d pos=[%.1f %.1f]", p->page, p->left, p->y);
	int parent = level > 1 ? p->outline[level - 1] : 0;

	if (!p->counting) {
		p->outline[level] = cairo_pdf_surface_add_outline(
		    p->surface, parent, safe, link, 0);
		for (int k = level + 1; k < 4; k++)
			p->outline[k] = p->outline[level];
	}
	free(link);
	free(safe);
	flow(p, p->layout, p->left);
	if (level == 1) {
		cairo_set_line_width(p->cr, 0.6);
		set_gray(p, 0.6);
		cairo_move_to(p->cr, p->left, p->y + 2);
		cairo_line_to(p->cr, p->left + p->width, p->y + 2);
		cairo_stroke(p->cr);
		set_gray(p, 0);
	}
	p->y += level == 1 ? 7 : 4;
}

/* A paragraph; one that introduces a table or a chart (keep > 0) is
 * kept on one page with keep points of it. */
static void paragraph(struct pdf *p, const struct pm_para *para, double keep)
{
	set_spans(p->layout, para, p->font[FONT_BODY], p->width);
	if (keep > 0)
		need(p, layout_height(p->layout) + keep);
	flow(p, p->layout, p->left);
	p->y += 5;
}

static void list(struct pdf *p, const struct pm_block *b)
{
	for (size_t i = 0; i < b->n_items; i++) {
		PangoLayoutLine *first;
		PangoRectangle r;
		double baseline;

		set_spans(p->layout, &b->items[i], p->font[FONT_BODY],
		          p->width - LIST_INDENT);
		first = pango_layout_get_line_readonly(p->layout, 0);
		pango_layout_line_get_extents(first, NULL, &r);
		need(p, pango_units_to_double(r.height));
		baseline =
		    pango_units_to_double(pango_layout_get_baseline(p->layout));
		cairo_new_sub_path(p->cr);
		cairo_arc(p->cr, p->left + 5, p->y + baseline - 3, 1.6, 0,
		          6.2832);
		cairo_fill(p->cr);
		flow(p, p->layout, p->left + LIST_INDENT);
		p->y += 2;
	}
	p->y += 4;
}

/* A shaded box: what to fill in, and the command that fills it. */
static void hint(struct pdf *p, const struct pm_block *b)
{
	PangoLayout *cmd = pango_layout_new(p->pango);
	double pad = 6, inner = p->width - 2 * pad - 3, th, ch = 0, h;

	set_plain(p->layout, b->text ? b->text : "", p->font[FONT_BODY], inner);
	th = layout_height(p->layout);
	if (b->command && b->command[0]) {
		set_plain(cmd, b->command, p->font[FONT_MONO], inner);
		ch = layout_height(cmd) + 3;
	}
	h = th + ch + 2 * pad;
	space(p, 2);
	if (h > p->bottom - p->top) {
		/* Too long for a box on one page: plain text. */
		flow(p, p->layout, p->left);
		if (ch > 0)
			flow(p, cmd, p->left + pad);
	} else {
		need(p, h);
		cairo_set_source_rgb(p->cr, 0.94, 0.95, 0.97);
		cairo_rectangle(p->cr, p->left, p->y, p->width, h);
		cairo_fill(p->cr);
		cairo_set_source_rgb(p->cr, 0.45, 0.55, 0.75);
		cairo_rectangle(p->cr, p->left, p->y, 3, h);
		cairo_fill(p->cr);
		set_gray(p, 0.2);
		cairo_move_to(p->cr, p->left + 3 + pad, p->y + pad);
		pango_cairo_show_layout(p->cr, p->layout);
		if (ch > 0) {
			set_gray(p, 0);
			cairo_move_to(p->cr, p->left + 3 + pad,
			              p->y + pad + th + 3);
			pango_cairo_show_layout(p->cr, cmd);
		}
		set_gray(p, 0);
		p->y += h;
	}
	p->y += 6;
	g_object_unref(cmd);
}

/* The layouts of one table row and where its columns are. */
struct row {
	PangoLayout **cell;
	double *x, *w;
	int *code;     /* a code column: its characters per line, else 0 */
	double code_h; /* the height of a line of the code font */
	char **last;   /* the text each cell was last set to */
	size_t n;
};

/* The lines of at most n characters the code s takes. */
static long code_lines(const char *s, int n)
{
	long len = g_utf8_strlen(s, -1);

	return len ? (len + n - 1) / n : 1;
}

/* Sets l to the code safe (sanitised) cut into lines of at most n
 * characters, as even as they can be: in a fixed-width font it then
 * never needs Pango's line breaking, which shapes a word it cannot
 * break at a space again for every line. */
static void set_code_text(PangoLayout *l, const char *safe, int n)
{
	GString *text = g_string_sized_new(strlen(safe) + strlen(safe) / 8);
	long len = g_utf8_strlen(safe, -1);
	long lines = code_lines(safe, n);
	int col = 0;

	/* Lines of even length: a hash in two halves. */
	if (lines > 1)
		n = (int)((len + lines - 1) / lines);

	for (const char *c = safe; *c; c = g_utf8_next_char(c)) {
		if (col == n) {
			g_string_append_c(text, '\n');
			col = 0;
		}
		g_string_append_len(text, c, g_utf8_next_char(c) - c);
		col++;
	}
	pango_layout_set_text(l, text->str, (int)text->len);
	g_string_free(text, TRUE);
}

/* Sets the cells of row r to texts (n of them); returns its height. A
 * cell whose text is the same as in the row before is not laid out
 * again. A code cell's height is its number of lines of the code font,
 * the same in both passes; the first, which draws nothing, does not lay
 * it out at all. */
static double row_set(const struct pdf *p, struct row *r, char *const *texts)
{
	double h = 0;

	for (size_t i = 0; i < r->n; i++) {
		const char *text = texts[i] ? texts[i] : "";
		double ch;

		if (r->code[i]) {
			char *safe = sanitize_terminal(text, 0);

			ch = (double)code_lines(safe, r->code[i]) * r->code_h;
			if (ch > h)
				h = ch;
			if (!p->counting)
				set_code_text(r->cell[i], safe, r->code[i]);
			free(safe);
			continue;
		}
		if (!r->last[i] || strcmp(r->last[i], text) != 0) {
			set_plain_text(r->cell[i], text);
			free(r->last[i]);
			r->last[i] = xstrdup(text);
		}
		ch = layout_height(r->cell[i]);
		if (ch > h)
			h = ch;
	}
	return h + 2 * CELL_PAD;
}

/* Draws the row set in r, h high, at y; lines between rows. */
static void row_draw(struct pdf *p, struct row *r, double h, int head)
{
	if (head) {
		cairo_set_source_rgb(p->cr, 0.88, 0.9, 0.93);
		cairo_rectangle(p->cr, p->left, p->y, p->width, h);
		cairo_fill(p->cr);
		set_gray(p, 0);
	}
	for (size_t i = 0; i < r->n; i++) {
		cairo_move_to(p->cr, r->x[i] + CELL_PAD, p->y + CELL_PAD);
		pango_cairo_show_layout(p->cr, r->cell[i]);
	}
	set_gray(p, 0.78);
	cairo_set_line_width(p->cr, 0.4);
	cairo_move_to(p->cr, p->left, p->y + h);
	cairo_line_to(p->cr, p->left + p->width, p->y + h);
	cairo_stroke(p->cr);
	set_gray(p, 0);
}

/* A row taller than a page: its cells flow line by line over as many
 * pages as they need, each page starting with the header row. */
static void row_split(struct pdf *p, struct row *r, struct row *head,
                      char *const *head_texts)
{
	int *line = xcalloc(r->n, sizeof *line);
	int more;

	do {
		double tallest = 0;

		more = 0;
		for (size_t i = 0; i < r->n; i++) {
			double used = 0;

			if (draw_lines(p, r->cell[i], &line[i],
			               r->x[i] + CELL_PAD, p->y + CELL_PAD,
			               p->bottom - CELL_PAD, &used))
				more = 1;
			if (used > tallest)
				tallest = used;
		}
		p->y += tallest + 2 * CELL_PAD;
		if (more) {
			double hh;

			new_page(p);
			hh = row_set(p, head, head_texts);
			row_draw(p, head, hh, 1);
			p->y += hh;
		}
	} while (more);
	set_gray(p, 0.78);
	cairo_move_to(p->cr, p->left, p->y);
	cairo_line_to(p->cr, p->left + p->width, p->y);
	cairo_stroke(p->cr);
	set_gray(p, 0);
	free(line);
}

/* The characters of the code font that fit in width points. */
static int code_chars(struct pdf *p, double width)
{
	int w, h, n;

	set_plain(p->layout, "0123456789", p->font[FONT_CODE], 0);
	pango_layout_get_size(p->layout, &w, &h);
	n = (int)(width / (pango_units_to_double(w) / 10));
	return n > 0 ? n : 1;
}

/* The height of one line of the code font. */
static double code_line_height(struct pdf *p)
{
	set_plain(p->layout, "0", p->font[FONT_CODE], 0);
	return layout_height(p->layout);
}

/* The layouts of a row of t, in font f (a code column's body in the
 * code font): set up once, then only their texts change (row_set). */
static void row_init(struct pdf *p, struct row *r, const struct pm_table *t,
                     enum font f)
{
	int sum = 0;
	double x = p->left;

	r->n = t->n_cols;
	r->cell = xcalloc(r->n, sizeof *r->cell);
	r->x = xcalloc(r->n, sizeof *r->x);
	r->w = xcalloc(r->n, sizeof *r->w);
	r->code = xcalloc(r->n, sizeof *r->code);
	r->last = xcalloc(r->n, sizeof *r->last);
	for (size_t i = 0; i < r->n && i < 8; i++)
		sum += t->weight[i] > 0 ? t->weight[i] : 0;
	if (r->n > 8)
		sum = 0;
	for (size_t i = 0; i < r->n; i++) {
		r->cell[i] = pango_layout_new(p->pango);
		r->x[i] = x;
		r->w[i] =
		    sum ? p->width * (t->weight[i] > 0 ? t->weight[i] : 0) / sum
		        : p->width / (double)r->n;
		if (r->w[i] < 2 * CELL_PAD + 8)
			r->w[i] = 2 * CELL_PAD + 8;
		if (f == FONT_CELL && i < sizeof t->code && t->code[i]) {
			r->code[i] = code_chars(p, r->w[i] - 2 * CELL_PAD);
			r->code_h = code_line_height(p);
			set_plain(r->cell[i], "", p->font[FONT_CODE], 0);
		} else {
			set_plain(r->cell[i], "", p->font[f],
			          r->w[i] - 2 * CELL_PAD);
		}
		x += r->w[i];
	}
}

static void row_free(struct row *r)
{
	for (size_t i = 0; i < r->n; i++) {
		g_object_unref(r->cell[i]);
		free(r->last[i]);
	}
	free(r->cell);
	free(r->code);
	free(r->last);
	free(r->x);
	free(r->w);
}

static void table(struct pdf *p, const struct pm_table *t)
{
	struct row head, body;
	double hh;
	int need_head = 1;

	if (!t->n_cols)
		return;
	row_init(p, &head, t, FONT_CELL_HEAD);
	row_init(p, &body, t, FONT_CELL);
	hh = row_set(p, &head, t->head);
	space(p, 2);
	if (!t->n_rows) {
		need(p, hh);
		row_draw(p, &head, hh, 1);
		p->y += hh;
	}
	for (size_t i = 0; i < t->n_rows; i++) {
		char *const *texts = t->cells + i * t->n_cols;
		double rh = row_set(p, &body, texts);
		double full = p->bottom - p->top - hh;

		if (p->y + (need_head ? hh : 0) + rh > p->bottom &&
		    !at_page_top(p)) {
			new_page(p);
			need_head = 1;
		}
		if (need_head) {
			/* The body layouts stay set: the header has its own. */
			row_draw(p, &head, hh, 1);
			p->y += hh;
			need_head = 0;
		}
		if (rh > full) {
			row_split(p, &body, &head, t->head);
			continue;
		}
		row_draw(p, &body, rh, 0);
		p->y += rh;
	}
	p->y += 8;
	row_free(&head);
	row_free(&body);
}

/* ---- charts -------------------------------------------------------- */

static void mark_color(struct pdf *p, enum pm_mark m)
{
	switch (m) {
	case PM_MARK_MET:
		cairo_set_source_rgb(p->cr, 0.15, 0.55, 0.2);
		break;
	case PM_MARK_MISSED:
		cairo_set_source_rgb(p->cr, 0.8, 0.1, 0.1);
		break;
	case PM_MARK_OPEN:
		cairo_set_source_rgb(p->cr, 0.9, 0.6, 0.0);
		break;
	}
}

/* The colour of bar i: each stage's own, as the HTML chart draws it
 * (#c0392b, #d68910, #2874a6, #7d3c98, #1e8449); grey otherwise. */
static void bar_color(struct pdf *p, const struct pm_chart *chart, size_t i,
                      double alpha)
{
	static const double stage_rgb[STAGE_WORK_COUNT][3] = {
	    {0.753, 0.224, 0.169},
	    {0.839, 0.537, 0.063},
	    {0.157, 0.455, 0.651},
	    {0.490, 0.235, 0.596},
	    {0.118, 0.518, 0.286}};
	static const double grey[3] = {0.333, 0.333, 0.333};
	int st = chart->kind == PM_CHART_STAGES
	             ? stage_parse(chart->bars[i].label)
	             : (int)(i % STAGE_WORK_COUNT);
	const double *c =
	    st >= 0 && st < STAGE_WORK_COUNT ? stage_rgb[st] : grey;

	cairo_set_source_rgba(p->cr, c[0], c[1], c[2], alpha);
}

/* The label of the tick at ms: a date and time on the stage chart's time
 * axis, a duration on the response chart's. */
static void tick_label(const struct pm_chart *c, int64_t ms, char *buf,
                       size_t size)
{
	if (c->kind == PM_CHART_RESPONSE) {
		timeutil_format_duration_tick(ms, buf, size);
	} else {
		time_t s = (time_t)(ms / 1000);
		struct tm tm;

		if (!localtime_r(&s, &tm) ||
		    !strftime(buf, size, "%m-%d\n%H:%M", &tm))
			snprintf(buf, size, "?");
	}
}

/* Where time ms falls on the axis of c drawn from x0 to x1 (clamped). */
static double chart_x(const struct pm_chart *c, double x0, double x1,
                      int64_t ms)
{
	if (ms < c->from_ms)
		ms = c->from_ms;
	if (ms > c->to_ms)
		ms = c->to_ms;
	return x0 + (double)(ms - c->from_ms) /
	                (double)(c->to_ms - c->from_ms) * (x1 - x0);
}

static void chart(struct pdf *p, const struct pm_chart *c)
{
	double title_h, h, x0 = p->left + CHART_LABEL,
	                   x1 = p->left + p->width - 14, top, rows_end;
	int64_t from = c->from_ms, to = c->to_ms, tick = c->tick_ms;

	if (!c->n_bars || to <= from) {
		set_plain(p->layout, c->alt ? c->alt : "", p->font[FONT_BODY],
		          p->width);
		flow(p, p->layout, p->left);
		p->y += 5;
		return;
	}
	set_plain(p->layout, c->title ? c->title : "", p->font[FONT_H3],
	          p->width);
	title_h = layout_height(p->layout);
	h = title_h + 6 + (double)c->n_bars * CHART_ROW + CHART_AXIS +
	    (double)c->n_markers * CHART_LEGEND + 6;
	space(p, 4);
	need(p, h);
	cairo_move_to(p->cr, p->left, p->y);
	pango_cairo_show_layout(p->cr, p->layout);
	top = p->y + title_h + 6;
	rows_end = top + (double)c->n_bars * CHART_ROW;
	p->y += h;

	for (size_t i = 0; i < c->n_bars; i++) {
		const struct pm_bar *b = &c->bars[i];
		double y = top + (double)i * CHART_ROW;
		double bx0 = chart_x(c, x0, x1, b->start_ms);
		double bx1 = chart_x(c, x0, x1, b->end_ms ? b->end_ms : to);

		set_plain(p->layout, b->label ? b->label : "",
		          p->font[FONT_CELL], CHART_LABEL - 6);
		pango_layout_set_ellipsize(p->layout, PANGO_ELLIPSIZE_END);
		pango_layout_set_height(p->layout, 0);
		set_gray(p, 0.1);
		cairo_move_to(p->cr, p->left, y + 2);
		pango_cairo_show_layout(p->cr, p->layout);
		pango_layout_set_height(p->layout, -1);
		if (bx1 - bx0 < 1.5)
			bx1 = bx0 + 1.5;
		bar_color(p, c, i, b->end_ms ? 1.0 : 0.35);
		cairo_rectangle(p->cr, bx0, y + (CHART_ROW - CHART_BAR) / 2,
		                bx1 - bx0, CHART_BAR);
		cairo_fill(p->cr);
	}
	/* The axis and its ticks. */
	set_gray(p, 0.3);
	cairo_set_line_width(p->cr, 0.6);
	cairo_move_to(p->cr, x0, rows_end);
	cairo_line_to(p->cr, x1, rows_end);
	cairo_stroke(p->cr);
	if (tick <= 0)
		tick = (to - from) / 6 > 0 ? (to - from) / 6 : 1;
	while ((to - from) / tick > 10)
		tick *= 2;
	{
		int64_t t = from % tick == 0 ? from : from - from % tick + tick;
		double last_end = -1e9;

		if (from < 0 && from % tick != 0)
			t = from - from % tick;
		for (; t <= to; t += tick) {
			double x = chart_x(c, x0, x1, t);
			char buf[64];
			int w, lh;

			set_gray(p, 0.3);
			cairo_move_to(p->cr, x, rows_end);
			cairo_line_to(p->cr, x, rows_end + 3);
			cairo_stroke(p->cr);
			set_gray(p, 0.85);
			cairo_set_line_width(p->cr, 0.3);
			cairo_move_to(p->cr, x, top);
			cairo_line_to(p->cr, x, rows_end);
			cairo_stroke(p->cr);
			cairo_set_line_width(p->cr, 0.6);
			tick_label(c, t, buf, sizeof buf);
			set_plain(p->layout, buf, p->font[FONT_SMALL], 0);
			pango_layout_set_alignment(p->layout,
			                           PANGO_ALIGN_CENTER);
			pango_layout_get_size(p->layout, &w, &lh);
			if (x - pango_units_to_double(w) / 2 > last_end + 2) {
				set_gray(p, 0.3);
				cairo_move_to(p->cr,
				              x - pango_units_to_double(w) / 2,
				              rows_end + 4);
				pango_cairo_show_layout(p->cr, p->layout);
				last_end = x + pango_units_to_double(w) / 2;
			}
			pango_layout_set_alignment(p->layout, PANGO_ALIGN_LEFT);
		}
	}
	/* The deadlines: dashed lines, named in a legend below. */
	for (size_t i = 0; i < c->n_markers; i++) {
		const struct pm_marker *m = &c->markers[i];
		double x = chart_x(c, x0, x1, m->at_ms);
		double y0 = top, y1 = rows_end;
		double dash[] = {3, 2};
		double ly = rows_end + CHART_AXIS + (double)i * CHART_LEGEND;

		if (m->row >= 0 && (size_t)m->row < c->n_bars) {
			y0 = top + (double)m->row * CHART_ROW;
			y1 = y0 + CHART_ROW;
		}
		mark_color(p, m->state);
		cairo_set_line_width(p->cr, 1.2);
		cairo_set_dash(p->cr, dash, 2, 0);
		cairo_move_to(p->cr, x, y0);
		cairo_line_to(p->cr, x, y1);
		cairo_stroke(p->cr);
		cairo_move_to(p->cr, x0, ly + 5);
		cairo_line_to(p->cr, x0 + 16, ly + 5);
		cairo_stroke(p->cr);
		cairo_set_dash(p->cr, NULL, 0, 0);
		set_plain(p->layout, m->label ? m->label : "",
		          p->font[FONT_SMALL], x1 - x0 - 22);
		pango_layout_set_ellipsize(p->layout, PANGO_ELLIPSIZE_END);
		pango_layout_set_height(p->layout, 0);
		set_gray(p, 0.15);
		cairo_move_to(p->cr, x0 + 22, ly);
		pango_cairo_show_layout(p->cr, p->layout);
		pango_layout_set_height(p->layout, -1);
	}
	cairo_set_line_width(p->cr, 1);
	set_gray(p, 0);
}

/* ---- the document -------------------------------------------------- */

/* The chain head and how to verify it, boxed, closing the last page. */
static void verification(struct pdf *p)
{
	const struct pm_doc *pm = p->pm;
	PangoLayout *hash = pango_layout_new(p->pango);
	PangoLayout *cmd = pango_layout_new(p->pango);
	PangoLayout *label = pango_layout_new(p->pango);
	double pad = 7, inner = p->width - 2 * pad, lh, hh, ch, h;

	set_plain(label,
	          "Chain head (SHA-256), and the command that verifies it:",
	          p->font[FONT_CELL_HEAD], inner);
	set_plain(hash,
	          pm->head_hash && pm->head_hash[0] ? pm->head_hash
	                                            : "(no events)",
	          p->font[FONT_MONO], inner);
	set_plain(cmd, pm->verify ? pm->verify : "", p->font[FONT_MONO], inner);
	lh = layout_height(label);
	hh = layout_height(hash);
	ch = layout_height(cmd);
	h = lh + hh + ch + 8 + 2 * pad;
	space(p, 10);
	need(p, h);
	set_gray(p, 0.5);
	cairo_set_line_width(p->cr, 0.6);
	cairo_rectangle(p->cr, p->left, p->y, p->width, h);
	cairo_stroke(p->cr);
	set_gray(p, 0);
	cairo_move_to(p->cr, p->left + pad, p->y + pad);
	pango_cairo_show_layout(p->cr, label);
	cairo_move_to(p->cr, p->left + pad, p->y + pad + lh + 4);
	pango_cairo_show_layout(p->cr, hash);
	cairo_move_to(p->cr, p->left + pad, p->y + pad + lh + hh + 8);
	pango_cairo_show_layout(p->cr, cmd);
	p->y += h;
	g_object_unref(label);
	g_object_unref(hash);
	g_object_unref(cmd);
}

/* The start of a table or a chart kept with what introduces it: its
 * header and about a first row. */
#define KEEP_START 40.0

/* How much of block i (and what it introduces) the block before it
 * keeps on its page: a paragraph whole, with the start of the table or
 * chart after it; anything else, its start. */
static double keep_of(struct pdf *p, size_t i)
{
	const struct pm_doc *pm = p->pm;
	const struct pm_block *b = i < pm->n_blocks ? &pm->blocks[i] : NULL;
	double keep;

	if (!b || b->kind != PM_PARAGRAPH)
		return KEEP_START;
	keep = i + 1 < pm->n_blocks && (pm->blocks[i + 1].kind == PM_TABLE ||
	                                pm->blocks[i + 1].kind == PM_CHART)
	           ? KEEP_START
	           : 0;
	set_spans(p->layout, &b->para, p->font[FONT_BODY], p->width);
	return layout_height(p->layout) + 5 + keep;
}

static void render_pass(struct pdf *p)
{
	const struct pm_doc *pm = p->pm;
	size_t i = 0;
	enum pm_kind next;

	p->cr = p->counting ? p->null_cr : p->pdf_cr;
	p->page = 1;
	p->y = p->top;
	memset(p->outline, 0, sizeof p->outline);
	set_plain(p->layout, pm->title ? pm->title : "Post-incident review",
	          p->font[FONT_TITLE], p->width);
	flow(p, p->layout, p->left);
	/* The model may open with the same title as a heading. */
	if (pm->n_blocks && pm->blocks[0].kind == PM_HEADING &&
	    pm->blocks[0].level == 1 && pm->title && pm->blocks[0].text &&
	    strcmp(pm->blocks[0].text, pm->title) == 0)
		i = 1;
	if (pm->subtitle && pm->subtitle[0]) {
		p->y += 3;
		set_plain(p->layout, pm->subtitle, p->font[FONT_BODY],
		          p->width);
		set_gray(p, 0.35);
		flow(p, p->layout, p->left);
		set_gray(p, 0);
	}
	p->y += 8;
	for (; i < pm->n_blocks; i++) {
		const struct pm_block *b = &pm->blocks[i];

		switch (b->kind) {
		case PM_HEADING:
			heading(p, b->level, b->text ? b->text : "",
			        keep_of(p, i + 1));
			break;
		case PM_PARAGRAPH:
			next = i + 1 < pm->n_blocks ? pm->blocks[i + 1].kind
			                            : PM_PARAGRAPH;
			paragraph(p, &b->para,
			          next == PM_TABLE || next == PM_CHART
			              ? KEEP_START
			              : 0);
			break;
		case PM_LIST:
			list(p, b);
			break;
		case PM_TABLE:
			table(p, &b->table);
			break;
		case PM_HINT:
			hint(p, b);
			break;
		case PM_CHART:
			chart(p, &b->chart);
			break;
		}
	}
	verification(p);
	end_page(p);
}

static cairo_status_t write_out(void *closure, const unsigned char *data,
                                unsigned int length)
{
	FILE *out = closure;

	return fwrite(data, 1, length, out) == length
	           ? CAIRO_STATUS_SUCCESS
	           : CAIRO_STATUS_WRITE_ERROR;
}

int export_pdf_render(const struct pm_doc *pm, enum export_paper paper,
                      FILE *out)
{
	struct pdf p = {0};
	cairo_surface_t *null;
	cairo_status_t status;
	char *title;

	p.pm = pm;
	if (paper == EXPORT_PAPER_LETTER) {
		p.page_w = 8.5 * 72;
		p.page_h = 11 * 72;
	} else {
		p.page_w = 210 * MM;
		p.page_h = 297 * MM;
	}
	p.left = 18 * MM;
	p.width = p.page_w - 2 * p.left;
	p.top = 18 * MM;
	p.bottom = p.page_h - 22 * MM;
	p.surface = cairo_pdf_surface_create_for_stream(write_out, out,
	                                                p.page_w, p.page_h);
	p.pdf_cr = cairo_create(p.surface);
	title = sanitize_terminal(pm->title, 0);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE,
	                               title);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR,
	                               "irt " IRT_VERSION);
	free(title);
	p.pango = pango_cairo_create_context(p.pdf_cr);
	/* The PDF's unit is the point: font sizes are in points too. */
	pango_cairo_context_set_resolution(p.pango, 72);
	p.layout = pango_layout_new(p.pango);
	p.foot = pango_layout_new(p.pango);
	for (int i = 0; i < FONT_COUNT; i++)
		p.font[i] = pango_font_description_from_string(font_specs[i]);

	/* The first pass counts the pages, drawing on a surface of one
	 * pixel through a clip that lets nothing through. */
	null = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
	p.null_cr = cairo_create(null);
	cairo_new_path(p.null_cr);
	cairo_rectangle(p.null_cr, 0, 0, 0, 0);
	cairo_clip(p.null_cr);
	p.counting = 1;
	render_pass(&p);
	p.n_pages = p.page;
	p.counting = 0;
	render_pass(&p);
	cairo_destroy(p.null_cr);
	cairo_surface_destroy(null);

	for (int i = 0; i < FONT_COUNT; i++)
		pango_font_description_free(p.font[i]);
	g_object_unref(p.layout);
	g_object_unref(p.foot);
	g_object_unref(p.pango);
	cairo_destroy(p.pdf_cr);
	cairo_surface_finish(p.surface);
	status = cairo_surface_status(p.surface);
	cairo_surface_destroy(p.surface);
	return status == CAIRO_STATUS_SUCCESS && !ferror(out) ? 0 : -1;
}
