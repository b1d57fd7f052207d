/*
 * view_pager.h - a full-screen, scrollable page of text (less-like): the
 * full text of a timeline entry, a field, an action; and the help page,
 * which view_help builds on the same pager.
 */
#ifndef IRT_TUI_VIEW_PAGER_H
#define IRT_TUI_VIEW_PAGER_H

#include <stddef.h>

#include "tui/app.h"

/* What view_pager_ops.open takes: both strings are copied. */
struct pager_arg {
	const char *title;
	const char *text;
};

extern const struct view_ops view_pager_ops;

/* The pager itself, for views that show a page. */
struct pager {
	char *title;
	char *text;
	char **lines; /* text wrapped to `width` */
	size_t n_lines;
	int width;
	size_t top;
};

void pager_init(struct pager *p, const char *title, const char *text);
void pager_free(struct pager *p);
void pager_draw(struct app *app, struct pager *p);
/* Scrolls for a movement key; returns 1 when it was one. */
int pager_key(struct app *app, struct pager *p, int key);

#endif
