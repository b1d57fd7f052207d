/*
 * lineedit.c - the one-line editor.
 *
 * Invariant: buf[len] == 0, cur <= len, left <= cur after drawing.
 * Typed characters are only printable ones; control characters from
 * loaded text are shown as "^X" (and newlines as "↵"), never sent raw.
 * In an ASCII-only terminal (lineedit_ascii) every other character is
 * shown as '?' per column and newlines as '|'.
 */
#include "tui/lineedit.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "irt/xalloc.h"
#include "tui/app.h"
#include "tui/provide_curses.h"

static void reserve(struct lineedit *e, size_t n)
{
	if (n + 1 <= e->cap)
		return;
	while (e->cap < n + 1)
		e->cap = e->cap ? e->cap * 2 : 64;
	e->buf = xrealloc(e->buf, e->cap * sizeof *e->buf);
}

void lineedit_set(struct lineedit *e, const char *utf8)
{
	const char *s = utf8 ? utf8 : "";
	size_t n = strlen(s);
	mbstate_t st;

	memset(&st, 0, sizeof st);
	e->len = 0;
	reserve(e, n);
	while (*s) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s, n, &st);

		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			wc = 0xfffd;
			k = 1;
			memset(&st, 0, sizeof st);
		}
		e->buf[e->len++] = wc;
		s += k;
		n -= k;
	}
	e->buf[e->len] = 0;
	e->cur = e->len;
	e->left = 0;
}

void lineedit_init(struct lineedit *e, const char *utf8)
{
	memset(e, 0, sizeof *e);
	lineedit_set(e, utf8);
}

void lineedit_free(struct lineedit *e)
{
	if (!e)
		return;
	free(e->buf);
	memset(e, 0, sizeof *e);
}

char *lineedit_text(const struct lineedit *e)
{
	char *out = xmalloc(e->len * MB_LEN_MAX + 1);
	size_t o = 0;
	mbstate_t st;

	memset(&st, 0, sizeof st);
	for (size_t i = 0; i < e->len; i++) {
		size_t k = wcrtomb(out + o, e->buf[i], &st);

		if (k == (size_t)-1) {
			out[o++] = '?';
			memset(&st, 0, sizeof st);
		} else {
			o += k;
		}
	}
	out[o] = '\0';
	return out;
}

int lineedit_blank(const struct lineedit *e)
{
	for (size_t i = 0; i < e->len; i++)
		if (!iswspace((wint_t)e->buf[i]))
			return 0;
	return 1;
}

static void insert(struct lineedit *e, wchar_t wc)
{
	reserve(e, e->len + 1);
	memmove(e->buf + e->cur + 1, e->buf + e->cur,
	        (e->len - e->cur + 1) * sizeof *e->buf);
	e->buf[e->cur++] = wc;
	e->len++;
}

/* Deletes characters [from, to). */
static void cut(struct lineedit *e, size_t from, size_t to)
{
	memmove(e->buf + from, e->buf + to, (e->len - to + 1) * sizeof *e->buf);
	e->len -= to - from;
	if (e->cur > to)
		e->cur -= to - from;
	else if (e->cur > from)
		e->cur = from;
	if (e->left > e->len)
		e->left = 0;
}

static int printable(int key)
{
	if (key & APP_KEY_FN || key < 0x20 || key == 0x7f ||
	    (key >= 0x80 && key < 0xa0))
		return 0;
	return iswprint((wint_t)key) || wcwidth((wchar_t)key) >= 0;
}

int lineedit_key(struct lineedit *e, int key)
{
	size_t i;

	switch (key) {
	case APP_KEY_FN | KEY_LEFT:
		if (e->cur > 0)
			e->cur--;
		return 1;
	case APP_KEY_FN | KEY_RIGHT:
		if (e->cur < e->len)
			e->cur++;
		return 1;
	case APP_KEY_CTRL_A:
	case APP_KEY_FN | KEY_HOME:
		e->cur = 0;
		return 1;
	case APP_KEY_FN | KEY_END:
		e->cur = e->len;
		return 1;
	case APP_KEY_FN | KEY_BACKSPACE:
	case APP_KEY_DEL:
	case APP_KEY_CTRL_H:
		if (e->cur > 0)
			cut(e, e->cur - 1, e->cur);
		return 1;
	case APP_KEY_FN | KEY_DC:
	case APP_KEY_CTRL_D:
		if (e->cur < e->len)
			cut(e, e->cur, e->cur + 1);
		return 1;
	case APP_KEY_CTRL_U:
		cut(e, 0, e->cur);
		return 1;
	case APP_KEY_CTRL_K:
		cut(e, e->cur, e->len);
		return 1;
	case APP_KEY_CTRL_W:
		i = e->cur;
		while (i > 0 && iswspace((wint_t)e->buf[i - 1]))
			i--;
		while (i > 0 && !iswspace((wint_t)e->buf[i - 1]))
			i--;
		cut(e, i, e->cur);
		return 1;
	default:
		if (!printable(key))
			return 0;
		insert(e, (wchar_t)key);
		return 1;
	}
}

/* Only ASCII is sent (the locale is not UTF-8). */
static int ascii_only;

void lineedit_ascii(int on)
{
	ascii_only = on;
}

/* How character wc is shown: into out (NUL-terminated); returns its
 * width in columns. */
static int shown(wchar_t wc, wchar_t out[5])
{
	int w;

	if (wc == L'\n') {
		out[0] = ascii_only ? L'|' : 0x21b5; /* ↵ */
		out[1] = 0;
		return 1;
	}
	if (wc < 0x20 || wc == 0x7f) {
		out[0] = L'^';
		out[1] = wc == 0x7f ? L'?' : (wchar_t)(wc + L'@');
		out[2] = 0;
		return 2;
	}
	if (wc >= 0x80 && wc < 0xa0) {
		out[0] = L'^';
		out[1] = L'?';
		out[2] = 0;
		return 2;
	}
	w = wcwidth(wc);
	if (w < 0) {
		out[0] = ascii_only ? L'?' : 0xfffd;
		out[1] = 0;
		return 1;
	}
	if (ascii_only && wc >= 0x80) {
		for (int i = 0; i < w; i++)
			out[i] = L'?';
		out[w] = 0;
		return w;
	}
	out[0] = wc;
	out[1] = 0;
	return w;
}

int lineedit_draw(struct lineedit *e, int y, int x, int cols)
{
	wchar_t cell[5];
	int used = 0, cursor_x = x, w;

	if (cols < 2)
		cols = 2;
	if (e->left > e->cur)
		e->left = e->cur;
	/* Scroll right until the cursor (and one cell after it) fits. */
	for (;;) {
		int width = 0;

		for (size_t i = e->left; i < e->cur; i++)
			width += shown(e->buf[i], cell);
		if (width < cols || e->left >= e->cur)
			break;
		e->left++;
	}
	move(y, x);
	for (int i = 0; i < cols; i++)
		addch(' ');
	move(y, x);
	for (size_t i = e->left; i <= e->len; i++) {
		if (i == e->cur)
			cursor_x = x + used;
		if (i == e->len)
			break;
		w = shown(e->buf[i], cell);
		if (used + w > cols)
			break;
		addnwstr(cell, (int)wcslen(cell));
		used += w;
	}
	return cursor_x;
}
