/*
 * lineedit.c - the one-line editor.
 *
 * The text is a gap buffer: buf holds cap characters, the cur characters
 * before the cursor at the start, the len - cur after it at the end, and
 * the gap between them. Typing, pasting and deleting at the cursor move
 * no other text, so each costs the same however long the text is; moving
 * the cursor moves only the characters it passes. Drawing measures only
 * what shows: the columns back from the cursor that fit, then one row.
 *
 * Invariants: cur <= len <= cap; left <= cur after drawing. Typed
 * characters are only printable ones; control characters from loaded or
 * pasted text are shown as "^X" (and newlines as "↵"), never sent raw.
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

/* Character i of the text (i < len). */
static wchar_t at(const struct lineedit *e, size_t i)
{
	return i < e->cur ? e->buf[i] : e->buf[i + (e->cap - e->len)];
}

/* Makes room for n more characters in the gap. */
static void reserve(struct lineedit *e, size_t n)
{
	size_t cap = e->cap, after = e->len - e->cur;

	if (e->len + n <= cap)
		return;
	while (cap < e->len + n)
		cap = cap ? cap * 2 : 64;
	e->buf = xrealloc(e->buf, cap * sizeof *e->buf);
	/* The text after the cursor moves to the new end. */
	memmove(e->buf + cap - after, e->buf + e->cap - after,
	        after * sizeof *e->buf);
	e->cap = cap;
}

/* Puts the cursor (and the gap) at character pos. */
static void move_to(struct lineedit *e, size_t pos)
{
	size_t gap = e->cap - e->len;

	if (pos > e->len)
		pos = e->len;
	if (pos < e->cur)
		memmove(e->buf + pos + gap, e->buf + pos,
		        (e->cur - pos) * sizeof *e->buf);
	else if (pos > e->cur)
		memmove(e->buf + e->cur, e->buf + e->cur + gap,
		        (pos - e->cur) * sizeof *e->buf);
	e->cur = pos;
}

void lineedit_set(struct lineedit *e, const char *utf8)
{
	const char *s = utf8 ? utf8 : "";
	size_t n = strlen(s);
	mbstate_t st;

	memset(&st, 0, sizeof st);
	e->len = e->cur = 0;
	reserve(e, n);
	while (*s) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s, n, &st);

		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			wc = 0xfffd;
			k = 1;
			memset(&st, 0, sizeof st);
		}
		e->buf[e->cur++] = wc;
		e->len++;
		s += k;
		n -= k;
	}
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
		size_t k = wcrtomb(out + o, at(e, i), &st);

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
		if (!iswspace((wint_t)at(e, i)))
			return 0;
	return 1;
}

void lineedit_insert(struct lineedit *e, const wchar_t *text, size_t n)
{
	size_t o = 0;

	reserve(e, n);
	for (size_t i = 0; i < n; i++)
		if (text[i] != 0)
			e->buf[e->cur + o++] = text[i];
	e->cur += o;
	e->len += o;
}

/* Deletes n characters before the cursor. */
static void cut_before(struct lineedit *e, size_t n)
{
	if (n > e->cur)
		n = e->cur;
	e->cur -= n;
	e->len -= n;
	if (e->left > e->cur)
		e->left = e->cur;
}

/* Deletes n characters after the cursor. */
static void cut_after(struct lineedit *e, size_t n)
{
	if (n > e->len - e->cur)
		n = e->len - e->cur;
	e->len -= n;
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
	wchar_t wc;
	size_t i;

	switch (key) {
	case APP_KEY_FN | KEY_LEFT:
		if (e->cur > 0)
			move_to(e, e->cur - 1);
		return 1;
	case APP_KEY_FN | KEY_RIGHT:
		if (e->cur < e->len)
			move_to(e, e->cur + 1);
		return 1;
	case APP_KEY_CTRL_A:
	case APP_KEY_FN | KEY_HOME:
		move_to(e, 0);
		return 1;
	case APP_KEY_FN | KEY_END:
		move_to(e, e->len);
		return 1;
	case APP_KEY_FN | KEY_BACKSPACE:
	case APP_KEY_DEL:
	case APP_KEY_CTRL_H:
		cut_before(e, 1);
		return 1;
	case APP_KEY_FN | KEY_DC:
	case APP_KEY_CTRL_D:
		cut_after(e, 1);
		return 1;
	case APP_KEY_CTRL_U:
		cut_before(e, e->cur);
		return 1;
	case APP_KEY_CTRL_K:
		cut_after(e, e->len - e->cur);
		return 1;
	case APP_KEY_CTRL_W:
		i = e->cur;
		while (i > 0 && iswspace((wint_t)e->buf[i - 1]))
			i--;
		while (i > 0 && !iswspace((wint_t)e->buf[i - 1]))
			i--;
		cut_before(e, e->cur - i);
		return 1;
	default:
		if (!printable(key))
			return 0;
		wc = (wchar_t)key;
		lineedit_insert(e, &wc, 1);
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
	size_t first;

	if (cols < 2)
		cols = 2;
	if (e->left > e->cur)
		e->left = e->cur;
	/* Scroll right only as far as the cursor (and one cell after it)
	 * needs: walk back from the cursor over what fits. */
	first = e->cur;
	while (first > e->left) {
		w = shown(at(e, first - 1), cell);
		if (used + w >= cols)
			break;
		used += w;
		first--;
	}
	e->left = first;
	used = 0;
	move(y, x);
	for (int i = 0; i < cols; i++)
		addch(' ');
	move(y, x);
	for (size_t i = e->left; i <= e->len; i++) {
		if (i == e->cur)
			cursor_x = x + used;
		if (i == e->len)
			break;
		w = shown(at(e, i), cell);
		if (used + w > cols)
			break;
		addnwstr(cell, (int)wcslen(cell));
		used += w;
	}
	return cursor_x;
}
