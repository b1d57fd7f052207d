/*
 * view_menu.h - a dialog to pick one item of a list (which field to
 * edit, ...): j/k or arrows move, a letter jumps to the first item
 * whose label starts with it (typed again, to the next one), Enter
 * picks, Esc cancels.
 */
#ifndef IRT_TUI_VIEW_MENU_H
#define IRT_TUI_VIEW_MENU_H

#include <stddef.h>

#include "tui/app.h"

#define MENU_MAX_ITEMS 32

struct menu_item {
	const char *label;
	const char *detail; /* shown dim after the label, or NULL */
	int tag;            /* the caller's own number for the item */
};

struct menu_spec {
	const char *title;
	struct menu_item items[MENU_MAX_ITEMS];
	size_t n_items;
	long id;    /* the incident it is about */
	size_t sel; /* the item selected when it opens */
	/* Called with the item picked; the menu closes afterwards (the
	 * callback may push another view first). */
	void (*pick)(struct app *app, const struct menu_spec *spec,
	             const struct menu_item *item);
};

/* What view_menu_ops.open takes: a struct menu_spec (strings copied). */
extern const struct view_ops view_menu_ops;

#endif
