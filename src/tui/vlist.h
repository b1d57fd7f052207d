/*
 * vlist.h - a virtual list: the position in a list of `count` rows shown
 * `height` at a time. Only rows [top, top + height) are drawn; the owner
 * fetches them by index. One clamp function keeps sel and top valid.
 */
#ifndef IRT_TUI_VLIST_H
#define IRT_TUI_VLIST_H

#include <stddef.h>

struct vlist {
	size_t count; /* rows in the list */
	size_t top;   /* first row shown */
	size_t sel;   /* the selected row (0 when count is 0) */
};

/* Brings sel into [0, count) and top so that sel is among the `height`
 * rows shown, with no empty space below the last row when avoidable. */
void vlist_clamp(struct vlist *l, int height);

/*
 * Moves for a movement key (arrows, j/k, PgUp/PgDn, Ctrl-F/B, space,
 * g/G, Home/End) and clamps. Returns 1 when the key was one of those.
 */
int vlist_key(struct vlist *l, int key, int height);

/* Selects row i (clamped). */
void vlist_select(struct vlist *l, size_t i, int height);

#endif
