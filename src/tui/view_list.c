/*
 * view_list.c - the incident list.
 *
 * The rows are every incident matching the filter (db_incident_list is
 * fast even for 10,000); only the rows on screen are formatted and drawn.
 * A reload keeps the cursor on the same incident number when it is still
 * listed. The due sort and the overdue filter (as `irt list --sort due
 * --overdue`) work on the loaded rows through `order`, the rows listed
 * in the order shown.
 *
 * The columns degrade by priority as the pane narrows (layout()): AGE
 * goes first, then OWNER, then STAGE and SEVERITY shorten, then DUE
 * takes shorter forms (due.h), and only then does the title lose room.
 */
#include "tui/view_list.h"

#include <stdlib.h>
#include <string.h>

#include "irt/deadline.h"
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

/* The sorts: the database's (enum list_sort), then by due date. */
#define SORT_DUE   LIST_SORT_COUNT
#define SORT_COUNT (LIST_SORT_COUNT + 1)

static const char *const sort_names[SORT_COUNT] = {"number", "severity",
                                                   "updated", "stage", "due"};
static const char *const show_names[3] = {"open", "closed", "all"};

struct list_view {
	struct list_filter filter;
	char *text; /* the filter text, or NULL */
	struct incident_rows rows;
	size_t *order; /* rows.items indexes in the order listed */
	int sort;      /* 0 .. SORT_COUNT - 1 */
	int overdue;   /* only incidents with a deadline past due */
	struct vlist list;
	int any;     /* the database holds at least one incident */
	int partial; /* only the first screenful is loaded yet */
	int filtering;
	struct lineedit edit;
	char *text_before; /* the filter before / was pressed */
};

/* Column widths, each with the space after it (the title takes what
 * is left); 0 drops a column. */
struct layout {
	int id, sev, stage, title, owner, age, due;
};

enum {
	COL_ID = 6,
	COL_SEV = 9,
	COL_SEV_SHORT = 5,
	COL_STAGE = 8,
	COL_STAGE_SHORT = 6,
	COL_OWNER = 10,
	COL_AGE = 7,
	COL_DUE = 16,       /* "ack OVERDUE 36d", "ack 1d 23h" */
	COL_DUE_SHORT = 12, /* "OVERDUE 36d", "fix 38d" */
	TITLE_MIN = 16      /* what the title keeps before it gives way */
};

static int title_left(const struct app *app, const struct layout *c)
{
	return app->cols -
	       (c->id + c->sev + c->stage + c->owner + c->age + c->due + 1);
}

/* The columns for this width, degrading by priority. */
static struct layout layout(const struct app *app)
{
	struct layout c = {COL_ID,    COL_SEV, COL_STAGE, 0,
	                   COL_OWNER, COL_AGE, COL_DUE};
	int step = 0;

	if (app->cols >= 100)
		c.due = DUE_FULL_COLS;
	while (title_left(app, &c) < TITLE_MIN && step < 5) {
		switch (step++) {
		case 0:
			c.age = 0;
			break;
		case 1:
			c.owner = 0;
			break;
		case 2:
			c.stage = COL_STAGE_SHORT;
			break;
		case 3:
			c.sev = COL_SEV_SHORT;
			break;
		default:
			c.due = COL_DUE_SHORT;
			break;
		}
	}
	c.title = title_left(app, &c);
	if (c.title < 0)
		c.title = 0;
	return c;
}

static const char *short_severity(enum severity sev)
{
	if (!sev)
		return "-";
	if (sev == SEVERITY_CRITICAL)
		return "crit";
	if (sev == SEVERITY_MEDIUM)
		return "med";
	return severity_name(sev);
}

static const char *short_stage(enum stage st)
{
	static const char *const names[STAGE_COUNT] = {"det",  "cont", "fix",
	                                               "ntfy", "rev",  "clsd"};

	return (unsigned)st < STAGE_COUNT ? names[st] : "?";
}

static int body_top(void)
{
	return 2;
}

/* The rows of the list (the filter line takes one while typed). */
static int body_height(const struct app *app, const struct list_view *l)
{
	int h = app->rows - 3 - (l->filtering ? 1 : 0);

	return h > 1 ? h : 1;
}

/* The row listed at position i. */
static const struct incident_row *row_at(const struct list_view *l, size_t i)
{
	return &l->rows.items[l->order[i]];
}

struct due_key {
	size_t index;
	long id;
	struct deadlines d;
};

static int compare_due(const void *a, const void *b)
{
	const struct due_key *x = a, *y = b;

	return deadline_compare_due(&x->d, x->id, &y->d, y->id);
}

/* Fills l->order: every row, or the overdue ones, by due date when
 * that is the sort (as irt list --sort due --overdue). */
static void order_rows(struct app *app, struct list_view *l)
{
	struct deadlines *d;
	struct due_key *keys;
	size_t n = 0;

	free(l->order);
	l->order = xcalloc(l->rows.count + 1, sizeof *l->order);
	if (!l->overdue && l->sort != SORT_DUE) {
		for (size_t i = 0; i < l->rows.count; i++)
			l->order[i] = i;
		l->list.count = l->rows.count;
		return;
	}
	app->now_ms = timeutil_now_ms();
	d = xcalloc(l->rows.count + 1, sizeof *d);
	keys = xcalloc(l->rows.count + 1, sizeof *keys);
	deadline_of_rows(&l->rows, &app->history, app->now_ms, d, NULL);
	for (size_t i = 0; i < l->rows.count; i++) {
		if (l->overdue && deadline_summary(&d[i]) != DEADLINE_OVERDUE)
			continue;
		keys[n].index = i;
		keys[n].id = l->rows.items[i].id;
		keys[n++].d = d[i];
	}
	if (l->sort == SORT_DUE)
		qsort(keys, n, sizeof *keys, compare_due);
	for (size_t i = 0; i < n; i++)
		l->order[i] = keys[i].index;
	l->list.count = n;
	free(keys);
	free(d);
}

static void reload(struct app *app, struct list_view *l)
{
	long keep = l->list.count ? row_at(l, l->list.sel)->id : 0;
	struct irt_err err;

	incident_rows_free(&l->rows);
	l->list.count = 0;
	l->filter.text = l->text;
	l->filter.sort =
	    l->sort == SORT_DUE ? LIST_SORT_NUMBER : (enum list_sort)l->sort;
	if (db_incident_list(app->db, &l->filter, &l->rows, &err) != IRT_OK) {
		app_error(app, &err);
		return;
	}
	l->partial = l->filter.limit && l->rows.count == l->filter.limit;
	order_rows(app, l);
	for (size_t i = 0; keep && i < l->list.count; i++)
		if (row_at(l, i)->id == keep) {
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
	l->sort = LIST_SORT_NUMBER;
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
	free(l->order);
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
		if (l->list.count)
			view_incident_open(app, row_at(l, l->list.sel)->id);
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
		l->sort =
		    (l->sort + (key == 's' ? 1 : -1) + SORT_COUNT) % SORT_COUNT;
		reload(app, l);
		app_status(app, "Sorted by %s%s", sort_names[l->sort],
		           l->sort == SORT_DUE ? " (next deadline first)" : "");
		break;
	case 'O':
		l->overdue = !l->overdue;
		reload(app, l);
		app_status(app, l->overdue ? "Showing overdue incidents only"
		                           : "Showing overdue and on-time "
		                             "incidents");
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
                     int selected, const struct layout *c)
{
	char id[24], age[TIMEUTIL_BUFSZ], due[64];
	enum style due_style, base = selected ? STYLE_SELECTED : STYLE_NORMAL;
	int x = 0;

	snprintf(id, sizeof id, "%5ld", r->id);
	due_cell(app, r, c->due - 1, due, sizeof due, &due_style);
	draw_fill(app, y, 0, app->cols, base);
	x += draw_text(app, y, x, c->id, id, base, 1);
	x += draw_text(app, y, x, c->sev,
	               c->sev == COL_SEV
	                   ? (r->severity ? severity_name(r->severity) : "-")
	                   : short_severity(r->severity),
	               selected ? base : draw_severity_style(r->severity), 1);
	x += draw_text(app, y, x, c->stage,
	               c->stage == COL_STAGE ? stage_name(r->stage)
	                                     : short_stage(r->stage),
	               base, 1);
	x += draw_text(app, y, x, c->title, r->title, base, 1) + 1;
	if (c->owner)
		x += draw_text(app, y, x, c->owner - 1,
		               r->owner[0] ? r->owner : "-", base, 1) +
		     1;
	if (c->age) {
		age_cell(app, r, age, sizeof age);
		x += draw_text(app, y, x, c->age, age, base, 1);
	}
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
	    "O shows overdue and on-time ones; N reports a new one.",
	};

	if (!l->any && !l->text && !l->overdue)
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
	struct layout c = layout(app);
	const char *shown = show_names[l->filter.closed];
	char *left, right[96];

	if (l->partial)
		left = xasprintf(
		    "irt \xe2\x80\x94 %s%s incidents (loading\xe2\x80\xa6)",
		    l->overdue ? "overdue " : "", shown);
	else
		left = xasprintf("irt \xe2\x80\x94 %zu %s%s incident%s%s%s%s",
		                 l->list.count, l->overdue ? "overdue " : "",
		                 shown, l->list.count == 1 ? "" : "s",
		                 l->text ? " matching \"" : "",
		                 l->text ? l->text : "", l->text ? "\"" : "");
	snprintf(right, sizeof right, "%ssort: %s",
	         l->overdue ? "overdue only  " : "", sort_names[l->sort]);
	draw_titlebar(app, left, right);
	free(left);
	{
		int x = 0;

		draw_fill(app, 1, 0, app->cols, STYLE_HEADER);
		x += draw_text(app, 1, x, c.id, "    #", STYLE_HEADER, 1);
		x += draw_text(app, 1, x, c.sev,
		               c.sev == COL_SEV ? "SEVERITY" : "SEV",
		               STYLE_HEADER, 1);
		x += draw_text(app, 1, x, c.stage, "STAGE", STYLE_HEADER, 1);
		x +=
		    draw_text(app, 1, x, c.title, "TITLE", STYLE_HEADER, 1) + 1;
		if (c.owner)
			x += draw_text(app, 1, x, c.owner, "OWNER",
			               STYLE_HEADER, 1);
		if (c.age)
			x +=
			    draw_text(app, 1, x, c.age, "AGE", STYLE_HEADER, 1);
		draw_text(app, 1, x, app->cols - x, "DUE", STYLE_HEADER, 0);
	}
	vlist_clamp(&l->list, height);
	if (l->list.count == 0)
		draw_empty(app, l);
	for (int r = 0; r < height; r++) {
		size_t i = l->list.top + (size_t)r;

		if (i >= l->list.count)
			break;
		draw_row(app, body_top() + r, row_at(l, i), i == l->list.sel,
		         &c);
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
    {"s S", "next / previous sort: number, severity, updated, stage, "
            "due (next deadline first)"},
    {"O", "overdue incidents only, or all again (toggles)"},
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
    .hint = "Enter open  N new  / filter  a open/all  s sort  O overdue  "
            "? help  q quit",
};
