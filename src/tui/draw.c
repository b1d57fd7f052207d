/*
 * draw.c - styles and safe text output for the views.
 *
 * Invariant: every byte of stored text reaches curses through
 * draw_text(), which sanitises it (sanitize.h) and cuts it by display
 * columns (textcol.h), so escape sequences never reach the terminal and
 * CJK or emoji never overflow a column. Only the part of a text that can
 * show is looked at, so drawing a row costs the same for any length. When the
 * locale is not UTF-8 (app->ascii) only ASCII is drawn: the interface's own
 * marks become look-alikes and any other character '?' per column it would
 * take, so the layout is the same and no byte the terminal cannot show is sent.
 */
#include "tui/draw.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "irt/sanitize.h"
#include "irt/textcol.h"
#include "irt/xalloc.h"
#include "tui/app.h"
#include "tui/provide_curses.h"

struct style_def {
	attr_t mono;  /* attributes without colour */
	attr_t attr;  /* attributes with colour */
	short fg, bg; /* -1 = terminal default */
};

static const struct style_def styles[STYLE_COUNT] = {
    [STYLE_NORMAL] = {A_NORMAL, A_NORMAL, -1, -1},
    [STYLE_BOLD] = {A_BOLD, A_BOLD, -1, -1},
    [STYLE_TITLEBAR] = {A_REVERSE | A_BOLD, A_BOLD, COLOR_WHITE, COLOR_BLUE},
    [STYLE_HEADER] = {A_BOLD | A_UNDERLINE, A_BOLD, COLOR_CYAN, -1},
    [STYLE_SELECTED] = {A_REVERSE, A_REVERSE, -1, -1},
    [STYLE_DIM] = {A_DIM, A_DIM, -1, -1},
    [STYLE_ERROR] = {A_BOLD | A_REVERSE, A_BOLD, COLOR_RED, -1},
    [STYLE_OK] = {A_BOLD, A_NORMAL, COLOR_GREEN, -1},
    [STYLE_BAD] = {A_BOLD | A_UNDERLINE, A_BOLD, COLOR_RED, -1},
    [STYLE_FIELD] = {A_UNDERLINE, A_UNDERLINE, -1, -1},
    [STYLE_FOCUS] = {A_REVERSE, A_REVERSE, -1, -1},
    [STYLE_BOX] = {A_NORMAL, A_NORMAL, COLOR_CYAN, -1},
    [STYLE_SEV_UNSET] = {A_DIM, A_DIM, -1, -1},
    [STYLE_SEV_NONE] = {A_NORMAL, A_NORMAL, -1, -1},
    [STYLE_SEV_LOW] = {A_NORMAL, A_NORMAL, COLOR_GREEN, -1},
    [STYLE_SEV_MEDIUM] = {A_NORMAL, A_NORMAL, COLOR_YELLOW, -1},
    [STYLE_SEV_HIGH] = {A_BOLD, A_BOLD, COLOR_RED, -1},
    [STYLE_SEV_CRITICAL] = {A_BOLD | A_REVERSE, A_BOLD | A_REVERSE, COLOR_RED,
                            -1},
    [STYLE_DUE_OVERDUE] = {A_BOLD | A_REVERSE, A_BOLD, COLOR_RED, -1},
    [STYLE_DUE_SOON] = {A_BOLD, A_BOLD, COLOR_YELLOW, -1},
};

void draw_styles_init(struct app *app, int color_wanted)
{
	app->color = 0;
	if (!color_wanted || !has_colors() || start_color() == ERR)
		return;
	if (use_default_colors() == ERR)
		assume_default_colors(COLOR_WHITE, COLOR_BLACK);
	app->color = 1;
	for (int s = 0; s < STYLE_COUNT; s++)
		if (styles[s].fg != -1 || styles[s].bg != -1)
			init_pair((short)(s + 1), styles[s].fg, styles[s].bg);
}

void draw_style(struct app *app, enum style st)
{
	const struct style_def *d = &styles[st];

	if (!app->color) {
		attrset(d->mono);
		return;
	}
	if (d->fg != -1 || d->bg != -1)
		attrset(d->attr | COLOR_PAIR(st + 1));
	else
		attrset(d->attr);
}

enum style draw_severity_style(enum severity sev)
{
	switch (sev) {
	case SEVERITY_NONE:
		return STYLE_SEV_NONE;
	case SEVERITY_LOW:
		return STYLE_SEV_LOW;
	case SEVERITY_MEDIUM:
		return STYLE_SEV_MEDIUM;
	case SEVERITY_HIGH:
		return STYLE_SEV_HIGH;
	case SEVERITY_CRITICAL:
		return STYLE_SEV_CRITICAL;
	default:
		return STYLE_SEV_UNSET;
	}
}

char *draw_clean(const char *s)
{
	char *safe = sanitize_terminal(s, SANITIZE_KEEP_NEWLINES);
	size_t n = 0, o = 0;
	char *out;

	for (const char *p = safe; *p; p++)
		n += *p == '\n';
	if (n == 0)
		return safe;
	out = xmalloc(strlen(safe) + 2 * n + 1);
	for (const char *p = safe; *p; p++) {
		if (*p == '\n') {
			memcpy(out + o, "\xe2\x86\xb5", 3); /* ↵ */
			o += 3;
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';
	free(safe);
	return out;
}

/* The ASCII look-alike of a mark the interface draws, or 0. */
static char ascii_mark(wchar_t wc)
{
	static const struct {
		wchar_t wc;
		char ascii;
	} marks[] = {
	    {0x2013, '-'},  {0x2014, '-'},  {0x2500, '-'}, {0x2502, '|'},
	    {0x2026, '~'},  {0x21b5, '|'},  {0x2713, '+'}, {0x2714, '+'},
	    {0x2717, 'x'},  {0x25cf, '*'},  {0x2022, '*'}, {0x25cb, 'o'},
	    {0x25b8, '>'},  {0x25c2, '<'},  {0x2192, '>'}, {0x2190, '<'},
	    {0x2191, '^'},  {0x2193, 'v'},  {0x00b7, '.'}, {0x00a0, ' '},
	    {0x2018, '\''}, {0x2019, '\''}, {0x201c, '"'}, {0x201d, '"'},
	};

	for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
		if (marks[i].wc == wc)
			return marks[i].ascii;
	return 0;
}

/* Rewrites UTF-8 text s in place as ASCII of the same display width
 * (never longer in bytes). */
static void ascii_only(char *s)
{
	mbstate_t st;
	char *out = s;
	size_t n = strlen(s);

	memset(&st, 0, sizeof st);
	while (*s) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s, n, &st);
		int w;

		if ((unsigned char)*s < 0x80) {
			*out++ = *s++;
			n--;
			continue;
		}
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			/* sanitised text has none; one cell, to be safe */
			memset(&st, 0, sizeof st);
			*out++ = '?';
			s++;
			n--;
			continue;
		}
		w = wcwidth(wc);
		if (w == 1 && ascii_mark(wc))
			*out++ = ascii_mark(wc);
		else
			for (int i = 0; i < (w < 0 ? 1 : w) && i < (int)k; i++)
				*out++ = '?';
		s += k;
		n -= k;
	}
	*out = '\0';
}

/*
 * A copy of the part of s that can show in cols columns: the longest
 * prefix that fits and one character more, so that what is cut still
 * shows as cut (cleaning never makes a character narrower). A long note
 * then costs a row no more than a short one.
 */
static char *visible_part(const char *s, int cols)
{
	size_t n = textcol_prefix(s, cols, NULL);
	char *part;

	if (s[n]) {
		mbstate_t st;
		size_t k;

		memset(&st, 0, sizeof st);
		k = mbrlen(s + n, MB_CUR_MAX, &st);
		n += k == (size_t)-1 || k == (size_t)-2 || k == 0 ? 1 : k;
	}
	part = xmalloc(n + 1);
	memcpy(part, s, n);
	part[n] = '\0';
	return part;
}

int draw_text(struct app *app, int y, int x, int cols, const char *s,
              enum style st, int pad)
{
	char *part, *clean, *buf;
	size_t size;
	int used;

	if (cols <= 0)
		return 0;
	part = visible_part(s ? s : "", cols);
	clean = draw_clean(part);
	free(part);
	size = strlen(clean) + (size_t)cols + 8;
	buf = xmalloc(size);
	used = textcol_fit(clean, cols, pad, buf, size);
	if (app->ascii)
		ascii_only(buf);
	draw_style(app, st);
	mvaddstr(y, x, buf);
	draw_style(app, STYLE_NORMAL);
	free(buf);
	free(clean);
	return used;
}

void draw_fill(struct app *app, int y, int x, int cols, enum style st)
{
	if (cols <= 0)
		return;
	draw_style(app, st);
	move(y, x);
	/* addch applies the current attributes; hline would not. */
	for (int i = 0; i < cols; i++)
		addch(' ');
	draw_style(app, STYLE_NORMAL);
}

void draw_box(struct app *app, int y, int x, int h, int w, const char *title)
{
	/* ASCII only: curses may send line drawing as Unicode. */
	chtype hline = app->ascii ? '-' : ACS_HLINE;
	chtype vline = app->ascii ? '|' : ACS_VLINE;
	chtype corner = app->ascii ? '+' : 0;

	for (int r = 0; r < h; r++)
		draw_fill(app, y + r, x, w, STYLE_NORMAL);
	draw_style(app, STYLE_BOX);
	mvaddch(y, x, corner ? corner : ACS_ULCORNER);
	mvhline(y, x + 1, hline, w - 2);
	mvaddch(y, x + w - 1, corner ? corner : ACS_URCORNER);
	mvvline(y + 1, x, vline, h - 2);
	mvvline(y + 1, x + w - 1, vline, h - 2);
	mvaddch(y + h - 1, x, corner ? corner : ACS_LLCORNER);
	mvhline(y + h - 1, x + 1, hline, w - 2);
	mvaddch(y + h - 1, x + w - 1, corner ? corner : ACS_LRCORNER);
	draw_style(app, STYLE_NORMAL);
	if (title && title[0]) {
		char *t = xasprintf(" %s ", title);

		draw_text(app, y, x + 2, w - 4, t, STYLE_BOLD, 0);
		free(t);
	}
}

void draw_titlebar(struct app *app, const char *left, const char *right)
{
	int rw = right ? textcol_width(right) : 0;

	if (rw > app->cols / 2)
		rw = app->cols / 2;
	draw_fill(app, 0, 0, app->cols, STYLE_TITLEBAR);
	draw_text(app, 0, 1, app->cols - rw - 3, left, STYLE_TITLEBAR, 0);
	if (right && rw > 0)
		draw_text(app, 0, app->cols - rw - 1, rw, right, STYLE_TITLEBAR,
		          0);
}

void draw_centered(struct app *app, int top, int bottom,
                   const char *const *lines, size_t n, enum style st)
{
	int y = top + (bottom - top - (int)n) / 2;

	if (y < top)
		y = top;
	for (size_t i = 0; i < n && y + (int)i < bottom; i++) {
		int w = textcol_width(lines[i]);
		int x = w < app->cols ? (app->cols - w) / 2 : 0;

		draw_text(app, y + (int)i, x, app->cols - x, lines[i], st, 0);
	}
}

char **draw_wrap(const char *s, int width, size_t *n)
{
	char *safe = sanitize_terminal(s, SANITIZE_KEEP_NEWLINES);
	char **lines = NULL;
	size_t cap = 0;
	const char *p = safe;

	*n = 0;
	if (width < 1)
		width = 1;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t para = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xmalloc(para + 1);
		const char *q = line;

		memcpy(line, p, para);
		line[para] = '\0';
		do {
			size_t take = textcol_prefix(q, width, NULL), len;

			if (q[take] != '\0') {
				size_t sp = take;

				while (sp > 0 && q[sp - 1] != ' ')
					sp--;
				if (sp > 0)
					take = sp;
				else if (take == 0) /* one character wider than
				                       the line */
					for (take = 1; ((unsigned char)q[take] &
					                0xc0) == 0x80;
					     take++)
						;
			}
			len = take;
			while (len > 0 && q[len - 1] == ' ' && q[take] != '\0')
				len--;
			if (*n == cap) {
				cap = cap ? cap * 2 : 16;
				lines = xrealloc(lines, cap * sizeof *lines);
			}
			lines[*n] = xmalloc(len + 1);
			memcpy(lines[*n], q, len);
			lines[*n][len] = '\0';
			(*n)++;
			q += take;
		} while (*q);
		free(line);
		if (!nl)
			break;
		p = nl + 1;
	}
	free(safe);
	return lines;
}

void draw_wrap_free(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}
