/*
 * view_list.c - the incident list.
 *
 * The rows are every incident matching the filter (db_incident_list is
 * fast even for 10,000); only the rows on screen are formatted and drawn.
 * A reload keeps the cursor on the same incident number when it is still
 * listed.
 */
#include "tui/view_list.h"

#include <stdlib.h>
#include <string.h>

#include "irt/textcol.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"
#include "tui/draw.h"
#include "tui/due.h"
#include "tui/forms.h"
#include "tui/lineedit.h"
#include "tui/provide_curses.h"
#include "tui/view_help.h"
#include "tui/view_incident.h"
#include "tui/vlist.h"

static const char *const sort_names[LIST_SORT_COUNT] = {"number", "severity",
                                                        "updated", "stage"};
static const char *const show_names[3] = {"open", "closed", "all"};

struct list_view {
	struct list_filter filter;
	char *text; /* the filter text, or NULL */
	struct incident_rows rows;
	struct vlist list;
	int any;     /* the database holds at least one incident */
	int partial; /* only the first screenful is loaded yet */
	int filtering;
	struct lineedit edit;
	char *text_before; /* the filter before / was pressed */
};

/* Column widths (the title takes what is left). */
enum {
	COL_ID = 6,
	COL_SEV = 9,
	COL_STAGE = 8,
	COL_OWNER = 10,
	COL_AGE = 7,
	COL_DUE = 13
};

static int body_top(void)
{
	return 2;
}

static int body_height(const struct app *app, const struct list_view *l)
{
	return app->rows - 3 - (l->filtering ? 1 : 0);
}

static void reload(struct app *app, struct list_view *l)
{
	long keep = l->rows.count ? l->rows.items[l->list.sel].id : 0;
	struct irt_err err;

	incident_rows_free(&l->rows);
	l->filter.text = l->text;
	if (db_incident_list(app->db, &l->filter, &l->rows, &err) != IRT_OK) {
		app_error(app, &err);
		return;
	}
	l->partial = l->filter.limit && l->rows.count == l->filter.limit;
	l->list.count = l->rows.count;
	for (size_t i = 0; keep && i < l->rows.count; i++)
		if (l->rows.items[i].id == keep) {
			l->list.sel = i;
			break;
		}
	vlist_clamp(&l->list, body_height(app, l));
	l->any = l->rows.count > 0;
	if (!l->any) {
		long *ids = NULL;
		size_t n = 0;

		if (db_incident_ids(app->db, &ids, &n, &err) == IRT_OK)
			l->any = n > 0;
		free(ids);
	}
}

static int list_open(struct app *app, struct view *v, const void *arg)
{
	struct list_view *l = xcalloc(1, sizeof *l);

	(void)arg;
	l->filter.closed = 0;
	l->filter.stage = -1;
	l->filter.severity = -1;
	l->filter.sort = LIST_SORT_NUMBER;
	v->state = l;
	/* A screenful first, so something shows at once even with 10,000
	 * incidents; the whole list is loaded right after the first draw
	 * (before any key is read). */
	l->filter.limit = (size_t)(app->rows > 3 ? app->rows - 3 : 1);
	reload(app, l);
	l->filter.limit = 0;
	if (l->partial)
		app->reload_after_draw = 1;
	return 0;
}

static void list_close(struct app *app, struct view *v)
{
	struct list_view *l = v->state;

	(void)app;
	incident_rows_free(&l->rows);
	lineedit_free(&l->edit);
	free(l->text);
	free(l->text_before);
	free(l);
}

static void list_reload(struct app *app, struct view *v)
{
	reload(app, v->state);
}

static void set_text(struct list_view *l, const char *text)
{
	free(l->text);
	l->text = text && text[0] ? xstrdup(text) : NULL;
}

static void filter_key(struct app *app, struct list_view *l, int key)
{
	switch (key) {
	case APP_KEY_ENTER:
	case APP_KEY_RETURN:
	case APP_KEY_FN | KEY_ENTER:
		l->filtering = 0;
		break;
	case APP_KEY_ESC:
		l->filtering = 0;
		set_text(l, l->text_before);
		reload(app, l);
		break;
	default:
		if (lineedit_key(&l->edit, key)) {
			char *text = lineedit_text(&l->edit);

			set_text(l, text);
			free(text);
			reload(app, l);
		}
		break;
	}
	if (!l->filtering) {
		free(l->text_before);
		l->text_before = NULL;
	}
}

/* A paste while filtering goes into the filter, which applies once. */
static void list_paste(struct app *app, struct view *v, const wchar_t *text,
                       size_t n)
{
	struct list_view *l = v->state;
	char *filter;

	if (!l->filtering)
		return;
	lineedit_insert(&l->edit, text, n);
	filter = lineedit_text(&l->edit);
	set_text(l, filter);
	free(filter);
	reload(app, l);
}

static void list_key(struct app *app, struct view *v, int key)
{
	struct list_view *l = v->state;
	int height = body_height(app, l);

	if (l->filtering) {
		filter_key(app, l, key);
		return;
	}
	if (vlist_key(&l->list, key, height))
		return;
	switch (key) {
	case APP_KEY_ENTER:
	case APP_KEY_RETURN:
	case APP_KEY_FN | KEY_ENTER:
	case 'l':
	case APP_KEY_FN | KEY_RIGHT:
		if (l->rows.count)
			view_incident_open(app, l->rows.items[l->list.sel].id);
		break;
	case '/':
		l->filtering = 1;
		free(l->text_before);
		l->text_before = l->text ? xstrdup(l->text) : NULL;
		lineedit_free(&l->edit);
		lineedit_init(&l->edit, l->text);
		break;
	case APP_KEY_ESC:
		if (l->text) {
			set_text(l, NULL);
			reload(app, l);
			app_status(app, "Filter cleared");
		}
		break;
	case 'a':
		l->filter.closed = (l->filter.closed + 2) % 3;
		reload(app, l);
		app_status(app, "Showing %s incidents",
		           show_names[l->filter.closed]);
		break;
	case 's':
	case 'S':
		l->filter.sort = (enum list_sort)(
		    (l->filter.sort + (key == 's' ? 1 : -1) + LIST_SORT_COUNT) %
		    LIST_SORT_COUNT);
		reload(app, l);
		app_status(app, "Sorted by %s", sort_names[l->filter.sort]);
		break;
	case 'N':
		forms_new_incident(app);
		break;
	case '?':
		app_push(app, &view_help_ops, v->ops);
		break;
	case 'q':
		app->quit = 1;
		break;
	default:
		app_status(app, "Unknown key; ? lists the keys");
		break;
	}
}

/* The incident's age: since it was reported. */
static void age_cell(const struct app *app, const struct incident_row *r,
                     char *buf, size_t size)
{
	timeutil_format_duration(app->now_ms - r->reported_ms, buf, size);
}

static void draw_row(struct app *app, int y, const struct incident_row *r,
                     int selected, int title_w)
{
	char id[24], age[TIMEUTIL_BUFSZ], due[64];
	enum style due_style, base = selected ? STYLE_SELECTED : STYLE_NORMAL;
	int x = 0;

	snprintf(id, sizeof id, "%5ld", r->id);
	age_cell(app, r, age, sizeof age);
	due_row(app, r, due, sizeof due, &due_style);
	draw_fill(app, y, 0, app->cols, base);
	x += draw_text(app, y, x, COL_ID, id, base, 1);
	x += draw_text(app, y, x, COL_SEV,
	               r->severity ? severity_name(r->severity) : "-",
	               selected ? base : draw_severity_style(r->severity), 1);
	x += draw_text(app, y, x, COL_STAGE, stage_name(r->stage), base, 1);
	x += draw_text(app, y, x, title_w, r->title, base, 1) + 1;
	x += draw_text(app, y, x, COL_OWNER - 1, r->owner[0] ? r->owner : "-",
	               base, 1) +
	     1;
	x += draw_text(app, y, x, COL_AGE, age, base, 1);
	draw_text(app, y, x, app->cols - x, due, selected ? base : due_style,
	          0);
}

static void draw_empty(struct app *app, const struct list_view *l)
{
	static const char *const welcome[] = {
	    "Welcome to irt. No incidents are recorded yet.",
	    "",
	    "Press N to report the first incident.",
	    "Or run  irt demo  in a shell to load example incidents.",
	    "",
	    "? lists the keys; q quits.",
	};
	static const char *const none_match[] = {
	    "No incidents match.",
	    "",
	    "Esc clears the filter; a shows open, closed or all incidents;",
	    "N reports a new one.",
	};

	if (!l->any && !l->text)
		draw_centered(app, body_top(), app->rows - 1, welcome,
		              sizeof welcome / sizeof *welcome, STYLE_NORMAL);
	else
		draw_centered(app, body_top(), app->rows - 1, none_match,
		              sizeof none_match / sizeof *none_match,
		              STYLE_NORMAL);
}

static void list_draw(struct app *app, struct view *v)
{
	struct list_view *l = v->state;
	int height = body_height(app, l);
	int title_w = app->cols - (COL_ID + COL_SEV + COL_STAGE + COL_OWNER +
	                           COL_AGE + COL_DUE + 1);
	char *left, right[96];

	if (l->partial)
		left = xasprintf(
		    "irt \xe2\x80\x94 %s incidents (loading\xe2\x80\xa6)",
		    show_names[l->filter.closed]);
	else
		left = xasprintf("irt \xe2\x80\x94 %zu %s incident%s%s%s%s",
		                 l->rows.count, show_names[l->filter.closed],
		                 l->rows.count == 1 ? "" : "s",
		                 l->text ? " matching \"" : "",
		                 l->text ? l->text : "", l->text ? "\"" : "");
	snprintf(right, sizeof right, "sort: %s", sort_names[l->filter.sort]);
	draw_titlebar(app, left, right);
	free(left);
	{
		int x = 0;

		draw_fill(app, 1, 0, app->cols, STYLE_HEADER);
		x += draw_text(app, 1, x, COL_ID, "    #", STYLE_HEADER, 1);
		x += draw_text(app, 1, x, COL_SEV, "SEVERITY", STYLE_HEADER, 1);
		x += draw_text(app, 1, x, COL_STAGE, "STAGE", STYLE_HEADER, 1);
		x +=
		    draw_text(app, 1, x, title_w, "TITLE", STYLE_HEADER, 1) + 1;
		x += draw_text(app, 1, x, COL_OWNER, "OWNER", STYLE_HEADER, 1);
		x += draw_text(app, 1, x, COL_AGE, "AGE", STYLE_HEADER, 1);
		draw_text(app, 1, x, app->cols - x, "DUE", STYLE_HEADER, 0);
	}
	vlist_clamp(&l->list, height);
	if (l->rows.count == 0)
		draw_empty(app, l);
	for (int r = 0; r < height; r++) {
		size_t i = l->list.top + (size_t)r;

		if (i >= l->rows.count)
			break;
		draw_row(app, body_top() + r, &l->rows.items[i],
		         i == l->list.sel, title_w);
	}
	if (l->filtering) {
		int y = app->rows - 2, cx;

		draw_fill(app, y, 0, app->cols, STYLE_NORMAL);
		draw_text(app, y, 0, 8, "Filter:", STYLE_BOLD, 0);
		draw_style(app, STYLE_FIELD);
		cx = lineedit_draw(&l->edit, y, 8, app->cols - 9);
		draw_style(app, STYLE_NORMAL);
		app->cursor_y = y;
		app->cursor_x = cx;
	}
}

static const struct key_help list_keys[] = {
    {"j k, Down Up", "move"},
    {"PgDn PgUp, Space, Ctrl-F Ctrl-B", "a page down / up"},
    {"g G, Home End", "first / last incident"},
    {"Enter, l, Right", "open the incident"},
    {"/", "filter by text (title, fields, notes); Enter keeps it, Esc "
          "undoes it"},
    {"Esc", "clear the filter"},
    {"a", "show open, closed or all incidents (cycles)"},
    {"s S", "next / previous sort: number, severity, updated, stage"},
    {"N", "report a new incident"},
    {"?", "this help"},
    {"q", "quit"},
    {NULL, NULL},
};

const struct view_ops view_list_ops = {
    .name = "list",
    .open = list_open,
    .draw = list_draw,
    .key = list_key,
    .close = list_close,
    .reload = list_reload,
    .paste = list_paste,
    .keys = list_keys,
    .hint = "Enter open  N new  / filter  a open/all  s sort  ? help  "
            "q quit",
};
