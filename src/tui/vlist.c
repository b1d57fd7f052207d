/*
 * vlist.c - moving through a virtual list.
 */
#include "tui/vlist.h"

#include "tui/app.h"
#include "tui/provide_curses.h"

void vlist_clamp(struct vlist *l, int height)
{
	size_t h = height > 0 ? (size_t)height : 1;

	if (l->count == 0) {
		l->sel = l->top = 0;
		return;
	}
	if (l->sel >= l->count)
		l->sel = l->count - 1;
	if (l->top > l->sel)
		l->top = l->sel;
	if (l->sel >= l->top + h)
		l->top = l->sel - h + 1;
	if (l->top + h > l->count)
		l->top = l->count > h ? l->count - h : 0;
}

void vlist_select(struct vlist *l, size_t i, int height)
{
	l->sel = i;
	vlist_clamp(l, height);
}

int vlist_key(struct vlist *l, int key, int height)
{
	size_t page = height > 1 ? (size_t)height - 1 : 1;

	switch (key) {
	case 'j':
	case APP_KEY_FN | KEY_DOWN:
		if (l->sel + 1 < l->count)
			l->sel++;
		break;
	case 'k':
	case APP_KEY_FN | KEY_UP:
		if (l->sel > 0)
			l->sel--;
		break;
	case ' ':
	case APP_KEY_CTRL_F:
	case APP_KEY_FN | KEY_NPAGE:
		l->sel += page;
		l->top += page;
		if (l->count && l->sel >= l->count)
			l->sel = l->count - 1;
		break;
	case APP_KEY_CTRL_B:
	case APP_KEY_FN | KEY_PPAGE:
		l->sel = l->sel > page ? l->sel - page : 0;
		l->top = l->top > page ? l->top - page : 0;
		break;
	case 'g':
	case APP_KEY_FN | KEY_HOME:
		l->sel = 0;
		break;
	case 'G':
	case APP_KEY_FN | KEY_END:
		l->sel = l->count ? l->count - 1 : 0;
		break;
	default:
		return 0;
	}
	vlist_clamp(l, height);
	return 1;
}
