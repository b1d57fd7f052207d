/*
 * view_menu.c - the pick-one dialog.
 *
 * The box stays inside the pane, between the title bar and the status
 * line; a list taller than that scrolls with the selection kept in view
 * and its position ("3/17") on the bottom frame.
 */
#include "tui/view_menu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/textcol.h"
#include "irt/xalloc.h"
#include "tui/draw.h"
#include "tui/provide_curses.h"
#include "tui/view_help.h"
#include "tui/vlist.h"

struct menu {
	struct menu_spec spec; /* strings owned */
	struct vlist list;
};

static int menu_open(struct app *app, struct view *v, const void *arg)
{
	struct menu *m = xcalloc(1, sizeof *m);

	m->spec = *(const struct menu_spec *)arg;
	if (m->spec.n_items > MENU_MAX_ITEMS)
		m->spec.n_items = MENU_MAX_ITEMS;
	m->spec.title = xstrdup(m->spec.title);
	for (size_t i = 0; i < m->spec.n_items; i++) {
		m->spec.items[i].label = xstrdup(m->spec.items[i].label);
		m->spec.items[i].detail = xstrdup(m->spec.items[i].detail);
	}
	m->list.count = m->spec.n_items;
	m->list.sel = m->spec.sel < m->spec.n_items ? m->spec.sel : 0;
	vlist_clamp(&m->list, app->rows > 6 ? app->rows - 6 : 1);
	v->state = m;
	return 0;
}

static void menu_close(struct app *app, struct view *v)
{
	struct menu *m = v->state;

	(void)app;
	free((char *)m->spec.title);
	for (size_t i = 0; i < m->spec.n_items; i++) {
		free((char *)m->spec.items[i].label);
		free((char *)m->spec.items[i].detail);
	}
	free(m);
}

/*
 * The box: *h rows including the frame, inside the pane between the
 * title bar and the status line; returns the list height. When every
 * item fits, a blank line and the key line follow the list; otherwise
 * they go (the status line has the keys) and the list scrolls.
 */
static int geometry(const struct app *app, const struct menu *m, int *y0,
                    int *x0, int *h, int *w, int *keyline)
{
	int list_h = (int)m->spec.n_items, room = app->rows - 4;

	*keyline = list_h + 2 <= room;
	if (!*keyline && list_h > room)
		list_h = room;
	if (list_h < 1)
		list_h = 1;
	*h = list_h + (*keyline ? 4 : 2);
	*w = app->cols - 4 < 72 ? app->cols - 4 : 72;
	*y0 = (app->rows - *h) / 2;
	if (*y0 < 1)
		*y0 = 1;
	*x0 = (app->cols - *w) / 2;
	return list_h;
}

static void menu_draw(struct app *app, struct view *v)
{
	struct menu *m = v->state;
	int y0, x0, h, w, keyline, label_w = 0;
	int list_h = geometry(app, m, &y0, &x0, &h, &w, &keyline);

	vlist_clamp(&m->list, list_h);
	for (size_t i = 0; i < m->spec.n_items; i++) {
		int lw = textcol_width(m->spec.items[i].label);

		if (lw > label_w)
			label_w = lw;
	}
	label_w += 2;
	draw_box(app, y0, x0, h, w, m->spec.title);
	for (int r = 0; r < list_h; r++) {
		size_t i = m->list.top + (size_t)r;
		const struct menu_item *it;
		int sel = i == m->list.sel;

		if (i >= m->spec.n_items)
			break;
		it = &m->spec.items[i];
		draw_fill(app, y0 + 1 + r, x0 + 1, w - 2,
		          sel ? STYLE_SELECTED : STYLE_NORMAL);
		draw_text(app, y0 + 1 + r, x0 + 2, label_w, it->label,
		          sel ? STYLE_SELECTED : STYLE_BOLD, 0);
		draw_text(app, y0 + 1 + r, x0 + 2 + label_w, w - 4 - label_w,
		          it->detail ? it->detail : "",
		          sel ? STYLE_SELECTED : STYLE_DIM, 0);
	}
	if (keyline) {
		draw_text(app, y0 + h - 2, x0 + 2, w - 4,
		          "Enter pick  j/k move  a letter jumps  Esc cancel",
		          STYLE_DIM, 0);
	} else if ((size_t)list_h < m->spec.n_items) {
		/* Scrolled: where the selection is, on the bottom frame. */
		char pos[48];

		snprintf(pos, sizeof pos, " %zu/%zu ", m->list.sel + 1,
		         m->spec.n_items);
		draw_text(app, y0 + h - 1, x0 + w - 2 - textcol_width(pos),
		          textcol_width(pos), pos, STYLE_DIM, 0);
	}
}

/* Whether item i's label starts with the letter key, in either case. */
static int starts_with(const struct menu *m, size_t i, int key)
{
	const char *label = m->spec.items[i].label;

	return label[0] && (label[0] | 0x20) == (key | 0x20);
}

/*
 * A letter no key of the menu takes (not j k g G q h l) that starts some
 * item's label: selects the first such item, or, when the selection
 * already starts with it, the next one (wrapping), so pressing it again
 * steps through them. Returns 1 when it did.
 */
static int jump(struct menu *m, int key)
{
	size_t n = m->spec.n_items, from = 0;

	if (key > 0x7f ||
	    !((key >= 'a' && key <= 'z') || (key >= 'A' && key <= 'Z')) ||
	    strchr("jkgGqhl", key))
		return 0;
	if (m->list.sel < n && starts_with(m, m->list.sel, key))
		from = m->list.sel + 1;
	for (size_t k = 0; k < n; k++) {
		size_t i = (from + k) % n;

		if (starts_with(m, i, key)) {
			m->list.sel = i;
			return 1;
		}
	}
	return 0;
}

static void menu_key(struct app *app, struct view *v, int key)
{
	struct menu *m = v->state;
	int y0, x0, h, w, keyline;
	int list_h = geometry(app, m, &y0, &x0, &h, &w, &keyline);

	if (jump(m, key)) {
		vlist_clamp(&m->list, list_h);
		return;
	}
	if (vlist_key(&m->list, key, list_h))
		return;
	switch (key) {
	case APP_KEY_ENTER:
	case APP_KEY_RETURN:
	case APP_KEY_FN | KEY_ENTER:
	case 'l':
	case APP_KEY_FN | KEY_RIGHT:
		if (m->list.sel < m->spec.n_items)
			m->spec.pick(app, &m->spec,
			             &m->spec.items[m->list.sel]);
		app_remove(app, v);
		break;
	case 'q':
	case APP_KEY_ESC:
	case 'h':
	case APP_KEY_FN | KEY_LEFT:
		app_remove(app, v);
		break;
	case '?':
	case APP_KEY_FN | KEY_F(1):
		app_push(app, &view_help_ops, v->ops);
		break;
	default:
		break;
	}
}

static const struct key_help menu_keys[] = {
    {"j k, Down Up", "move"},
    {"g G, Home End", "first / last"},
    {"a-z", "the first item starting with that letter; again: the next "
            "(not j k g q h l)"},
    {"Enter, l, Right", "pick"},
    {"Esc, q, h, Left", "cancel"},
    {NULL, NULL},
};

const struct view_ops view_menu_ops = {
    .name = "menu",
    .overlay = 1,
    .open = menu_open,
    .draw = menu_draw,
    .key = menu_key,
    .close = menu_close,
    .keys = menu_keys,
    .hint = "Enter pick  j/k move  Esc cancel",
};
