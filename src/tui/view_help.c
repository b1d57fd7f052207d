/*
 * view_help.c - the help page, built from the key table of the view
 * beneath (struct view_ops.keys), so it can never miss a key that view
 * lists.
 */
#include "tui/view_help.h"

#include <stdlib.h>
#include <string.h>

#include "irt/textcol.h"
#include "irt/xalloc.h"
#include "tui/provide_curses.h"
#include "tui/view_pager.h"

static const struct key_help global_keys[] = {
    {"?", "this help"},
    {"Ctrl-L", "redraw the screen"},
    {"Ctrl-C", "quit at once (a note being typed is kept as a draft)"},
    {NULL, NULL},
};

static void append(char **buf, size_t *len, const char *s)
{
	size_t n = strlen(s);

	*buf = xrealloc(*buf, *len + n + 1);
	memcpy(*buf + *len, s, n + 1);
	*len += n;
}

static void append_keys(char **buf, size_t *len, const struct key_help *k,
                        int width)
{
	for (; k && k->keys; k++) {
		int pad = width - textcol_width(k->keys);
		char *line = xasprintf("  %s%*s  %s\n", k->keys,
		                       pad > 0 ? pad : 0, "", k->what);

		append(buf, len, line);
		free(line);
	}
}

static int help_open(struct app *app, struct view *v, const void *arg)
{
	const struct view_ops *of = arg;
	struct pager *p = xcalloc(1, sizeof *p);
	char *text = NULL, *title;
	size_t len = 0;
	int width = 0;

	(void)app;
	for (const struct key_help *k = of->keys; k && k->keys; k++)
		if (textcol_width(k->keys) > width)
			width = textcol_width(k->keys);
	for (const struct key_help *k = global_keys; k->keys; k++)
		if (textcol_width(k->keys) > width)
			width = textcol_width(k->keys);
	title = xasprintf("Keys of the %s view", of->name);
	append(&text, &len, "");
	append(&text, &len, title);
	append(&text, &len, "\n\n");
	append_keys(&text, &len, of->keys, width);
	append(&text, &len, "\nEverywhere\n\n");
	append_keys(&text, &len, global_keys, width);
	append(&text, &len,
	       "\nq or Esc leaves this page. irt(1) is the full "
	       "manual.\n");
	free(title);
	title = xasprintf("irt \xe2\x80\x94 help: %s", of->name);
	pager_init(p, title, text);
	free(title);
	free(text);
	v->state = p;
	return 0;
}

static void help_draw(struct app *app, struct view *v)
{
	pager_draw(app, v->state);
}

static void help_key(struct app *app, struct view *v, int key)
{
	if (pager_key(app, v->state, key))
		return;
	if (key == 'q' || key == APP_KEY_ESC || key == '?' ||
	    key == (APP_KEY_FN | KEY_LEFT) || key == 'h')
		app_remove(app, v);
	else
		app_status(app, "q goes back");
}

static void help_close(struct app *app, struct view *v)
{
	(void)app;
	pager_free(v->state);
	free(v->state);
}

static const struct key_help help_keys[] = {
    {"j k, Down Up", "scroll a line"},
    {"Space b, PgDn PgUp", "scroll a page"},
    {"g G, Home End", "first / last line"},
    {"q, Esc, ?", "back"},
    {NULL, NULL},
};

const struct view_ops view_help_ops = {
    .name = "help",
    .open = help_open,
    .draw = help_draw,
    .key = help_key,
    .close = help_close,
    .keys = help_keys,
    .hint = "j/k scroll  q back",
};
