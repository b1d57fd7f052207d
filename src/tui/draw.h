/*
 * draw.h - the drawing primitives every view uses: named styles (colour
 * when wanted and available, plain attributes otherwise), text that is
 * sanitised and cut by display columns before it reaches the terminal,
 * boxes for dialogs.
 */
#ifndef IRT_TUI_DRAW_H
#define IRT_TUI_DRAW_H

#include <stddef.h>

#include "irt/severity.h"

struct app;

enum style {
	STYLE_NORMAL,
	STYLE_BOLD,
	STYLE_TITLEBAR,
	STYLE_HEADER,
	STYLE_SELECTED,
	STYLE_DIM,
	STYLE_ERROR,
	STYLE_OK,
	STYLE_BAD,
	STYLE_FIELD,
	STYLE_FOCUS,
	STYLE_BOX,
	STYLE_SEV_UNSET,
	STYLE_SEV_NONE,
	STYLE_SEV_LOW,
	STYLE_SEV_MEDIUM,
	STYLE_SEV_HIGH,
	STYLE_SEV_CRITICAL,
	STYLE_DUE_OVERDUE,
	STYLE_DUE_SOON,
	STYLE_COUNT
};

/*
 * Decides whether colour is used (the config allows it, $NO_COLOR is
 * unset and the terminal has colours) and sets app->color; defines the
 * colour pairs. Call after curses has started.
 */
void draw_styles_init(struct app *app, int color_wanted);

/* Sets the attributes of style st for what is drawn next. */
void draw_style(struct app *app, enum style st);

/* The style for a severity level. */
enum style draw_severity_style(enum severity sev);

/*
 * A copy of s safe for the terminal (control characters made visible,
 * invalid UTF-8 escaped) with each newline shown as "↵". Malloc'd.
 */
char *draw_clean(const char *s);

/*
 * Draws s at (y, x), sanitised and cut to `cols` display columns (with
 * "…" when cut); with pad the rest of the cells are filled with spaces
 * in the same style. Returns the columns used.
 */
int draw_text(struct app *app, int y, int x, int cols, const char *s,
              enum style st, int pad);

/* Fills cols cells at (y, x) with spaces in style st. */
void draw_fill(struct app *app, int y, int x, int cols, enum style st);

/* Clears the rectangle and draws a frame round it, with title (may be
 * NULL) in the top edge. */
void draw_box(struct app *app, int y, int x, int h, int w, const char *title);

/* Draws the title bar (row 0): left text, and right text flush right. */
void draw_titlebar(struct app *app, const char *left, const char *right);

/*
 * Wraps s (sanitised first; newlines start new lines) into lines of at
 * most `width` columns, breaking at spaces where it can. Returns a
 * malloc'd array of *n malloc'd lines; free with draw_wrap_free.
 */
char **draw_wrap(const char *s, int width, size_t *n);
void draw_wrap_free(char **lines, size_t n);

/* Draws lines centred on the screen between rows top and bottom. */
void draw_centered(struct app *app, int top, int bottom,
                   const char *const *lines, size_t n, enum style st);

#endif
