/*
 * view_pager.c - a scrollable page of text.
 *
 * The text is kept as given and wrapped again whenever the width
 * changes; wrapping sanitises it (draw_wrap), so stored text is shown
 * harmlessly.
 */
#include "tui/view_pager.h"

#include <stdlib.h>
#include <string.h>

#include "irt/xalloc.h"
#include "tui/draw.h"
#include "tui/provide_curses.h"
#include "tui/view_help.h"

void pager_init(struct pager *p, const char *title, const char *text)
{
	memset(p, 0, sizeof *p);
	p->title = xstrdup(title);
	p->text = xstrdup(text);
}

void pager_free(struct pager *p)
{
	if (!p)
		return;
	draw_wrap_free(p->lines, p->n_lines);
	free(p->title);
	free(p->text);
	memset(p, 0, sizeof *p);
}

static int body_height(const struct app *app)
{
	return app->rows - 2;
}

/* Wraps for the current width (when it changed) and clamps top. */
static void layout(struct app *app, struct pager *p)
{
	int width = app->cols - 2;
	size_t h = (size_t)body_height(app);

	if (width != p->width) {
		draw_wrap_free(p->lines, p->n_lines);
		p->lines = draw_wrap(p->text, width, &p->n_lines);
		p->width = width;
	}
	if (p->top + h > p->n_lines)
		p->top = p->n_lines > h ? p->n_lines - h : 0;
}

void pager_draw(struct app *app, struct pager *p)
{
	int h = body_height(app);
	char pos[64];

	layout(app, p);
	if (p->n_lines > (size_t)h)
		snprintf(pos, sizeof pos, "lines %zu-%zu of %zu", p->top + 1,
		         p->top + (size_t)h, p->n_lines);
	else
		pos[0] = '\0';
	draw_titlebar(app, p->title, pos);
	for (int r = 0; r < h && p->top + (size_t)r < p->n_lines; r++)
		draw_text(app, 1 + r, 1, app->cols - 2, p->lines[p->top + r],
		          STYLE_NORMAL, 0);
}

int pager_key(struct app *app, struct pager *p, int key)
{
	size_t h = (size_t)body_height(app), page = h > 1 ? h - 1 : 1;

	layout(app, p);
	switch (key) {
	case 'j':
	case APP_KEY_ENTER:
	case APP_KEY_FN | KEY_DOWN:
		p->top++;
		break;
	case 'k':
	case APP_KEY_FN | KEY_UP:
		p->top = p->top ? p->top - 1 : 0;
		break;
	case ' ':
	case APP_KEY_CTRL_F:
	case APP_KEY_FN | KEY_NPAGE:
		p->top += page;
		break;
	case 'b':
	case APP_KEY_CTRL_B:
	case APP_KEY_FN | KEY_PPAGE:
		p->top = p->top > page ? p->top - page : 0;
		break;
	case 'g':
	case APP_KEY_FN | KEY_HOME:
		p->top = 0;
		break;
	case 'G':
	case APP_KEY_FN | KEY_END:
		p->top = p->n_lines;
		break;
	default:
		return 0;
	}
	layout(app, p);
	return 1;
}

static int pager_open(struct app *app, struct view *v, const void *arg)
{
	const struct pager_arg *a = arg;
	struct pager *p = xcalloc(1, sizeof *p);

	(void)app;
	pager_init(p, a->title, a->text);
	v->state = p;
	return 0;
}

static void pager_view_draw(struct app *app, struct view *v)
{
	pager_draw(app, v->state);
}

static void pager_view_key(struct app *app, struct view *v, int key)
{
	if (pager_key(app, v->state, key))
		return;
	switch (key) {
	case 'q':
	case APP_KEY_ESC:
	case 'h':
	case APP_KEY_FN | KEY_LEFT:
		app_remove(app, v);
		break;
	case '?':
		app_push(app, &view_help_ops, v->ops);
		break;
	default:
		app_status(app, "q goes back; ? lists the keys");
		break;
	}
}

static void pager_close(struct app *app, struct view *v)
{
	(void)app;
	pager_free(v->state);
	free(v->state);
}

static const struct key_help pager_keys[] = {
    {"j k, Down Up", "scroll a line"},
    {"Space b, PgDn PgUp", "scroll a page"},
    {"g G, Home End", "first / last line"},
    {"q, Esc", "back"},
    {NULL, NULL},
};

const struct view_ops view_pager_ops = {
    .name = "page",
    .open = pager_open,
    .draw = pager_view_draw,
    .key = pager_view_key,
    .close = pager_close,
    .keys = pager_keys,
    .hint = "j/k scroll  Space/b page  g/G ends  q back",
};
