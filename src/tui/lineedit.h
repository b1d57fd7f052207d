/*
 * lineedit.h - a one-line text editor for forms and prompts: wide
 * characters, a cursor, horizontal scrolling by display columns, and the
 * usual keys (arrows, Home/End, Backspace/Delete, Ctrl-A/Ctrl-U/Ctrl-K/
 * Ctrl-W). Text from elsewhere (the editor, a draft, a stored value, a
 * paste) may hold newlines or control characters; they are kept and
 * shown visibly. Editing at the cursor and drawing cost the same however
 * long the text is (lineedit.c).
 */
#ifndef IRT_TUI_LINEEDIT_H
#define IRT_TUI_LINEEDIT_H

#include <stddef.h>
#include <wchar.h>

struct app;

/* A gap buffer: only lineedit.c looks inside. */
struct lineedit {
	wchar_t *buf;    /* cap cells: the text before the cursor, a gap, the
	                    text after it */
	size_t len, cap; /* characters of text, cells of buf */
	size_t cur;      /* cursor: characters before it */
	size_t left;     /* first character shown */
};

/* Starts e holding utf8 (NULL = empty), cursor at the end. */
void lineedit_init(struct lineedit *e, const char *utf8);

/* Frees what e owns; e may be NULL. */
void lineedit_free(struct lineedit *e);

/* Replaces the text, cursor at the end. */
void lineedit_set(struct lineedit *e, const char *utf8);

/* The text as UTF-8 (malloc'd; caller frees). */
char *lineedit_text(const struct lineedit *e);

/* Whether the text is empty or only blanks. */
int lineedit_blank(const struct lineedit *e);

/* Inserts n characters of text at the cursor, as they are (NULs are
 * dropped), and leaves the cursor after them: one paste. */
void lineedit_insert(struct lineedit *e, const wchar_t *text, size_t n);

/* Applies an editing key; returns 1 when it was one (the text or the
 * cursor may have changed), 0 otherwise. */
int lineedit_key(struct lineedit *e, int key);

/*
 * Draws the visible part of the text in `cols` columns at (y, x) with
 * attributes of the current style, scrolling so the cursor shows.
 * Returns the screen column of the cursor.
 */
int lineedit_draw(struct lineedit *e, int y, int x, int cols);

/* With on, lineedit_draw sends only ASCII: characters outside it show
 * as '?' per column (the text itself is kept as typed). Set once at
 * start, when the locale is not UTF-8 (tui.c). */
void lineedit_ascii(int on);

#endif
