/*
 * view_incident.c - one incident with its stage track and panes.
 *
 * State is a loaded copy of the incident and its events, reloaded when
 * anything changes (here or in another process); each pane keeps its own
 * position, and the timeline keeps the selected entry across reloads.
 * Actions are one key each and go through forms.c (prompts) or straight
 * to the tracker.
 *
 * One pane shows at a time under a tab line. In a short pane the header
 * folds (header_rows()): four lines from 20 rows, two from 12, one
 * below; in a narrow one the stage track and the tab line take shorter
 * forms and the timeline drops the actor, then the date.
 */
#include "tui/view_incident.h"

#include <stdlib.h>
#include <string.h>

#include "irt/textcol.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"
#include "tui/draft.h"
#include "tui/draw.h"
#include "tui/due.h"
#include "tui/forms.h"
#include "tui/provide_curses.h"
#include "tui/view_cvss.h"
#include "tui/view_gate.h"
#include "tui/view_help.h"
#include "tui/view_notify.h"
#include "tui/view_pager.h"
#include "tui/vlist.h"

enum pane {
	PANE_TIMELINE,
	PANE_ACTIONS,
	PANE_NOTIFY,
	PANE_DETAILS,
	PANE_COUNT
};

static const char *const pane_names[PANE_COUNT] = {"Timeline", "Actions",
                                                   "Notifications", "Details"};

struct detail {
	char *label;
	char *value;
};

struct incident_view {
	long id;
	struct incident inc;
	struct event_list events; /* by when they happened, then entry */
	struct detail *details;
	size_t n_details, cap_details;
	int newest_first;
	enum pane pane;
	struct vlist lists[PANE_COUNT];
	int draft; /* an unsent note waits for this incident */
};

/* The header's lines between the title bar and the tab line, by the
 * pane's height: the incident, and (from 12 rows) the next step, the
 * current stage's gate with the keys that meet it (view_gate.h). */
static int header_lines(const struct app *app)
{
	return app->rows >= 20 ? 5 : app->rows >= 12 ? 3 : 1;
}

/* Rows above the pane body: title bar, header, tab line. */
static int header_rows(const struct app *app)
{
	return header_lines(app) + 2;
}

static int body_height(const struct app *app)
{
	int h = app->rows - header_rows(app) - (app->rows >= 20 ? 2 : 1);

	return h > 1 ? h : 1;
}

static int compare_at(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->at_ms != y->at_ms)
		return x->at_ms < y->at_ms ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The event shown in timeline row i. */
static const struct event *event_at(const struct incident_view *iv, size_t i)
{
	if (iv->newest_first)
		i = iv->events.count - 1 - i;
	return &iv->events.items[i];
}

static void details_free(struct incident_view *iv)
{
	for (size_t i = 0; i < iv->n_details; i++) {
		free(iv->details[i].label);
		free(iv->details[i].value);
	}
	free(iv->details);
	iv->details = NULL;
	iv->n_details = iv->cap_details = 0;
}

static void detail(struct incident_view *iv, const char *label, char *value)
{
	if (iv->n_details == iv->cap_details) {
		iv->cap_details = iv->cap_details ? iv->cap_details * 2 : 32;
		iv->details = xrealloc(iv->details,
		                       iv->cap_details * sizeof *iv->details);
	}
	iv->details[iv->n_details].label = xstrdup(label);
	iv->details[iv->n_details++].value = value;
}

static char *time_text(int64_t ms)
{
	char buf[TIMEUTIL_BUFSZ];

	if (!ms)
		return xstrdup("-");
	timeutil_format_local(ms, buf, sizeof buf);
	return xstrdup(buf);
}

static void build_details(struct app *app, struct incident_view *iv)
{
	const struct incident *inc = &iv->inc;

	details_free(iv);
	if (inc->stage == STAGE_CLOSED)
		detail(iv, "stage",
		       xasprintf("closed (%s) from %s",
		                 resolution_name(inc->resolution),
		                 stage_name(inc->prev_stage)));
	else
		detail(iv, "stage", xstrdup(stage_name(inc->stage)));
	detail(iv, "severity",
	       xstrdup(inc->severity ? severity_name(inc->severity)
	                             : "(not set)"));
	if (inc->cvss_score >= 0)
		detail(iv, "cvss",
		       xasprintf("%.1f (CVSS %s) %s", inc->cvss_score,
		                 inc->cvss_version, inc->field[FIELD_CVSS]));
	for (int s = 0; s < STAGE_WORK_COUNT; s++) {
		char label[32];

		snprintf(label, sizeof label, "owner/%s",
		         stage_name((enum stage)s));
		detail(
		    iv, label,
		    xstrdup(inc->owner[s][0] ? inc->owner[s] : "(inherits)"));
	}
	detail(iv, "reported", time_text(inc->reported_ms));
	detail(iv, "acknowledged", time_text(inc->acked_ms));
	{
		char dues[2][128];
		int n = due_details(app, inc, dues);

		for (int i = 0; i < n; i++)
			detail(iv, "deadline", xstrdup(dues[i]));
	}
	for (int f = 0; f < FIELD_COUNT; f++) {
		if (f == FIELD_SEVERITY || f == FIELD_CVSS ||
		    f == FIELD_REPORTED)
			continue;
		detail(iv, incident_fields[f].name, xstrdup(inc->field[f]));
	}
	for (int s = 0; s < STAGE_COUNT; s++) {
		char label[32];

		if (!inc->entered_ms[s])
			continue;
		snprintf(label, sizeof label, "in %s",
		         stage_name((enum stage)s));
		if (inc->left_ms[s]) {
			char *a = time_text(inc->entered_ms[s]);
			char *b = time_text(inc->left_ms[s]);

			detail(iv, label, xasprintf("%s to %s", a, b));
			free(a);
			free(b);
		} else {
			char *a = time_text(inc->entered_ms[s]);

			detail(iv, label, xasprintf("since %s", a));
			free(a);
		}
	}
	if (inc->actions_none[0])
		detail(iv, "no actions", xstrdup(inc->actions_none));
	detail(iv, "created", time_text(inc->created_ms));
	detail(iv, "updated", time_text(inc->updated_ms));
	detail(iv, "events", xasprintf("%ld", inc->n_events));
	detail(iv, "chain head", xstrdup(inc->head_hash));
	detail(iv, "uuid", xstrdup(inc->uuid));
}

/* Loads (again) the incident and its timeline; keeps each pane's
 * position and the selected timeline entry, except that a selection on
 * the newest entry (newest first) follows new ones as they arrive.
 * Returns 0 or -1. */
static int load(struct app *app, struct incident_view *iv)
{
	struct incident inc;
	struct event_list events = {0};
	struct irt_err err;
	long keep_seq = 0;

	if (iv->events.count &&
	    iv->lists[PANE_TIMELINE].sel < iv->events.count &&
	    !(iv->newest_first && iv->lists[PANE_TIMELINE].sel == 0))
		keep_seq = event_at(iv, iv->lists[PANE_TIMELINE].sel)->seq;
	incident_init(&inc);
	incident_clear(&inc);
	if (db_incident_load(app->db, iv->id, &inc, &err) != IRT_OK ||
	    db_events_load(app->db, iv->id, &events, &err) != IRT_OK) {
		incident_clear(&inc);
		event_list_free(&events);
		app_error(app, &err);
		return -1;
	}
	qsort(events.items, events.count, sizeof *events.items, compare_at);
	incident_clear(&iv->inc);
	event_list_free(&iv->events);
	iv->inc = inc;
	iv->events = events;
	build_details(app, iv);
	iv->lists[PANE_TIMELINE].count = iv->events.count;
	iv->lists[PANE_ACTIONS].count = iv->inc.n_actions;
	iv->lists[PANE_NOTIFY].count = iv->inc.n_notifications;
	iv->lists[PANE_DETAILS].count = iv->n_details;
	for (size_t i = 0; keep_seq && i < iv->events.count; i++)
		if (event_at(iv, i)->seq == keep_seq)
			iv->lists[PANE_TIMELINE].sel = i;
	for (int p = 0; p < PANE_COUNT; p++)
		vlist_clamp(&iv->lists[p], body_height(app));
	iv->draft = draft_exists(iv->inc.uuid);
	return 0;
}

static int incident_open(struct app *app, struct view *v, const void *arg)
{
	struct incident_view *iv = xcalloc(1, sizeof *iv);

	iv->id = *(const long *)arg;
	iv->newest_first = 1;
	incident_init(&iv->inc);
	if (load(app, iv) != 0) {
		incident_clear(&iv->inc);
		free(iv);
		return -1;
	}
	v->state = iv;
	if (iv->draft)
		app_status(app,
		           "An unsent note is waiting for #%ld: n brings "
		           "it back",
		           iv->id);
	return 0;
}

int view_incident_open(struct app *app, long id)
{
	return app_push(app, &view_incident_ops, &id);
}

static void incident_close(struct app *app, struct view *v)
{
	struct incident_view *iv = v->state;

	(void)app;
	incident_clear(&iv->inc);
	event_list_free(&iv->events);
	details_free(iv);
	free(iv);
}

static void incident_reload(struct app *app, struct view *v)
{
	load(app, v->state);
}

/* ---- keys --------------------------------------------------------- */

static void show_page(struct app *app, const char *title, const char *text)
{
	struct pager_arg arg = {title, text};

	app_push(app, &view_pager_ops, &arg);
}

/* The full text of the selected row, in the pager. */
static void open_row(struct app *app, struct incident_view *iv)
{
	const struct vlist *l = &iv->lists[iv->pane];
	char *title, *text = NULL;

	if (l->count == 0)
		return;
	title =
	    xasprintf("irt \xe2\x80\x94 #%ld %s", iv->id, pane_names[iv->pane]);
	if (iv->pane == PANE_TIMELINE) {
		const struct event *ev = event_at(iv, l->sel);
		char *what = event_describe(ev), *at = time_text(ev->at_ms);
		char *rec = time_text(ev->recorded_ms);

		text = xasprintf("%s  by %s  (%s)\n%s%s\n\n%s\n\nevent %ld, "
		                 "%s\nhash %s",
		                 at, ev->actor, ev->kind,
		                 event_is_backdated(ev)
		                     ? "reconstructed: recorded "
		                     : "recorded ",
		                 rec, what, ev->seq, ev->uuid, ev->hash);
		free(what);
		free(at);
		free(rec);
	} else if (iv->pane == PANE_ACTIONS) {
		const struct action *a = &iv->inc.actions[l->sel];
		char *due = time_text(a->due_ms), *done = time_text(a->done_ms);

		text = xasprintf("Action %ld (%s)\n\n%s\n\nowner: %s\ndue: "
		                 "%s\ndone: %s",
		                 a->n, a->type, a->title,
		                 a->owner[0] ? a->owner : "-", due, done);
		free(due);
		free(done);
	} else if (iv->pane == PANE_NOTIFY) {
		const struct notification *n = &iv->inc.notifications[l->sel];
		char *at = time_text(n->at_ms);
		const char *message = "";

		/* The message is the text of the event that recorded it. */
		for (size_t i = 0; i < iv->events.count; i++)
			if (iv->events.items[i].seq == n->seq &&
			    iv->events.items[i].text)
				message = iv->events.items[i].text;
		text = xasprintf(
		    "Notification of %s (%s)\n\nat: %s\nchannel: "
		    "%s\nto: %s\nsubject: %s\n\n%s",
		    n->audience, n->status, at, n->channel, n->recipients,
		    n->subject, message[0] ? message : "(no message recorded)");
		free(at);
	} else {
		const struct detail *d = &iv->details[l->sel];

		text = xasprintf("%s\n\n%s", d->label, d->value);
	}
	show_page(app, title, text);
	free(title);
	free(text);
}

static void mark_done(struct app *app, struct incident_view *iv)
{
	const struct vlist *l = &iv->lists[PANE_ACTIONS];

	if (iv->pane != PANE_ACTIONS) {
		iv->pane = PANE_ACTIONS;
		app_status(app, "Select an action, then d marks it done");
		return;
	}
	if (l->count == 0) {
		app_status(app, "No corrective actions yet; A adds one");
		return;
	}
	if (iv->inc.actions[l->sel].done_ms) {
		app_status(app, "Action %ld is already done",
		           iv->inc.actions[l->sel].n);
		return;
	}
	forms_action_done(app, &iv->inc, iv->inc.actions[l->sel].n);
}

static void incident_key(struct app *app, struct view *v, int key)
{
	struct incident_view *iv = v->state;
	const struct incident *inc = &iv->inc;

	if (vlist_key(&iv->lists[iv->pane], key, body_height(app)))
		return;
	switch (key) {
	case 'q':
	case APP_KEY_ESC:
	case 'h':
	case APP_KEY_FN | KEY_LEFT:
		app_remove(app, v);
		break;
	case APP_KEY_TAB:
		iv->pane = (enum pane)((iv->pane + 1) % PANE_COUNT);
		break;
	case APP_KEY_FN | KEY_BTAB:
		iv->pane =
		    (enum pane)((iv->pane + PANE_COUNT - 1) % PANE_COUNT);
		break;
	case '1':
	case '2':
	case '3':
	case '4':
		iv->pane = (enum pane)(key - '1');
		break;
	case APP_KEY_ENTER:
	case APP_KEY_RETURN:
	case APP_KEY_FN | KEY_ENTER:
	case 'l':
	case APP_KEY_FN | KEY_RIGHT:
		open_row(app, iv);
		break;
	case 't':
		iv->newest_first = !iv->newest_first;
		iv->lists[PANE_TIMELINE].sel =
		    iv->events.count
		        ? iv->events.count - 1 - iv->lists[PANE_TIMELINE].sel
		        : 0;
		vlist_clamp(&iv->lists[PANE_TIMELINE], body_height(app));
		app_status(app, "Timeline: %s first",
		           iv->newest_first ? "newest" : "oldest");
		break;
	case 'a':
		app_push(app, &view_gate_ops, &iv->id);
		break;
	case 'n':
		forms_note(app, inc);
		break;
	case 'E':
		forms_note_editor(app, inc);
		break;
	case 'o':
		forms_owner(app, inc);
		break;
	case 's':
		forms_severity(app, inc);
		break;
	case 'v':
		view_cvss_open(app, inc);
		break;
	case 'e':
		forms_field_next(app, inc);
		break;
	case 'f':
		forms_field_menu(app, inc);
		break;
	case 'K':
		forms_ack(app, inc);
		break;
	case 'c':
		forms_close(app, inc);
		break;
	case 'r':
		forms_reopen(app, inc);
		break;
	case 'A':
		forms_action(app, inc);
		break;
	case 'd':
		mark_done(app, iv);
		break;
	case 'X':
		forms_actions_none(app, inc);
		break;
	case 'm':
		view_notify_start(app, inc);
		break;
	case 'M':
		forms_notification(app, inc);
		break;
	case 'x':
		forms_export(app, inc);
		break;
	case '?':
		app_push(app, &view_help_ops, v->ops);
		break;
	default:
		app_status(app, "Unknown key; ? lists the keys");
		break;
	}
}

/* ---- drawing ------------------------------------------------------ */

/* Draws text at (y, *x) in what is left of the line; advances *x. */
static void seg(struct app *app, int y, int *x, const char *text, enum style st)
{
	if (*x >= app->cols - 1)
		return;
	*x += draw_text(app, y, *x, app->cols - 1 - *x, text, st, 0);
}

/* The stage track at y: "detect ✓ ─ contain ● ─ ...", or marks only
 * ("✓ ● ○ ○ ○ contain") when that does not fit. */
static void draw_track(struct app *app, int y, const struct incident *inc)
{
	int compact = app->cols < 56, x = 1;
	char buf[64];

	for (int s = 0; s < STAGE_WORK_COUNT; s++) {
		const char *mark = "\xe2\x97\x8b"; /* ○ */
		enum style style = STYLE_DIM;

		if (inc->stage == STAGE_CLOSED) {
			mark = s <= (int)inc->prev_stage ? "\xe2\x9c\x93" : "-";
			style =
			    s <= (int)inc->prev_stage ? STYLE_OK : STYLE_DIM;
		} else if (s < (int)inc->stage) {
			mark = "\xe2\x9c\x93"; /* ✓ */
			style = STYLE_OK;
		} else if (s == (int)inc->stage) {
			mark = "\xe2\x97\x8f"; /* ● */
			style = STYLE_BOLD;
		}
		if (s)
			seg(app, y, &x, compact ? " " : " \xe2\x94\x80 ",
			    STYLE_DIM); /* ─ */
		if (compact)
			snprintf(buf, sizeof buf, "%s", mark);
		else
			snprintf(buf, sizeof buf, "%s %s",
			         stage_name((enum stage)s), mark);
		seg(app, y, &x, buf, style);
	}
	if (inc->stage == STAGE_CLOSED) {
		snprintf(buf, sizeof buf, "   closed (%s)",
		         resolution_name(inc->resolution));
		seg(app, y, &x, buf, STYLE_BOLD);
	} else if (compact) {
		snprintf(buf, sizeof buf, "  %s", stage_name(inc->stage));
		seg(app, y, &x, buf, STYLE_BOLD);
	}
}

/* The deadlines at (y, *x): one phrase per running or stopped clock. */
static void draw_dues(struct app *app, int y, int *x,
                      const struct incident *inc, int max)
{
	char dues[2][128];
	enum style due_styles[2];
	int n_dues = due_incident(app, inc, dues, due_styles);

	for (int i = 0; i < n_dues && i < max; i++) {
		if (i)
			seg(app, y, x, "   ", STYLE_NORMAL);
		seg(app, y, x, dues[i], due_styles[i]);
	}
	if (n_dues == 0)
		seg(app, y, x,
		    inc->severity ? "none" : "none until the severity is set",
		    STYLE_DIM);
}

/* The tab line at y, in the longest form that fits: with counts and
 * the timeline's order, without them, or the current pane's name with
 * the others' numbers. */
static void draw_tabs(struct app *app, int y, const struct incident_view *iv)
{
	const struct incident *inc = &iv->inc;
	char buf[PANE_COUNT][96];
	int form, x, width;

	for (form = 0; form < 3; form++) {
		width = 1;
		for (int p = 0; p < PANE_COUNT; p++) {
			size_t count = p == PANE_TIMELINE  ? iv->events.count
			               : p == PANE_ACTIONS ? inc->n_actions
			               : p == PANE_NOTIFY ? inc->n_notifications
			                                  : 0;

			if (form == 2 && p != (int)iv->pane)
				snprintf(buf[p], sizeof buf[p], " %d ", p + 1);
			else if (form >= 1 || p == PANE_DETAILS)
				snprintf(buf[p], sizeof buf[p], " %d %s ",
				         p + 1, pane_names[p]);
			else if (p == PANE_TIMELINE)
				snprintf(
				    buf[p], sizeof buf[p], " %d %s (%s first) ",
				    p + 1, pane_names[p],
				    iv->newest_first ? "newest" : "oldest");
			else
				snprintf(buf[p], sizeof buf[p], " %d %s (%zu) ",
				         p + 1, pane_names[p], count);
			width += textcol_width(buf[p]) + 1;
		}
		/* (no separator after the last tab) */
		if (width - 1 <= app->cols - 1)
			break;
	}
	x = 1;
	for (int p = 0; p < PANE_COUNT; p++) {
		seg(app, y, &x, buf[p],
		    p == (int)iv->pane ? STYLE_SELECTED : STYLE_HEADER);
		seg(app, y, &x, " ", STYLE_NORMAL);
	}
}

static void draw_header(struct app *app, const struct incident_view *iv)
{
	const struct incident *inc = &iv->inc;
	enum stage st =
	    inc->stage == STAGE_CLOSED ? inc->prev_stage : inc->stage;
	const char *owner = incident_owner(inc, st);
	const char *sev =
	    inc->severity ? severity_name(inc->severity) : "not set";
	char buf[256], age[TIMEUTIL_BUFSZ];
	int x, lines = header_lines(app);
	char *left;

	left = xasprintf("irt \xe2\x80\x94 incident #%ld", inc->id);
	snprintf(
	    buf, sizeof buf, "%s%s",
	    iv->draft
	        ? (app->cols >= 60 ? "draft note waiting (n)  " : "draft (n)  ")
	        : "",
	    inc->stage == STAGE_CLOSED ? "closed" : stage_name(inc->stage));
	draw_titlebar(app, left, buf);
	free(left);

	if (lines == 1) {
		/* Severity, the next deadline, the title. */
		x = 1;
		seg(app, 1, &x, sev, draw_severity_style(inc->severity));
		seg(app, 1, &x, " ", STYLE_NORMAL);
		draw_dues(app, 1, &x, inc, 1);
		seg(app, 1, &x, "  ", STYLE_NORMAL);
		seg(app, 1, &x, inc->field[FIELD_TITLE], STYLE_BOLD);
		draw_tabs(app, 2, iv);
		return;
	}

	x = 1;
	snprintf(buf, sizeof buf, "#%ld ", inc->id);
	seg(app, 1, &x, buf, STYLE_BOLD);
	seg(app, 1, &x, inc->field[FIELD_TITLE], STYLE_BOLD);

	if (lines == 3) {
		/* Severity, owner, acknowledgement, deadlines; the stage is
		 * in the title bar. */
		x = 1;
		seg(app, 2, &x, sev, draw_severity_style(inc->severity));
		seg(app, 2, &x, "  ", STYLE_NORMAL);
		seg(app, 2, &x, owner[0] ? owner : "nobody",
		    owner[0] ? STYLE_NORMAL : STYLE_BAD);
		seg(app, 2, &x, inc->acked_ms ? "  acked  " : "  not acked  ",
		    inc->acked_ms ? STYLE_DIM : STYLE_BAD);
		draw_dues(app, 2, &x, inc, 2);
		view_gate_draw_next(app, inc, 3);
		draw_tabs(app, 4, iv);
		return;
	}

	x = 1;
	seg(app, 2, &x, "Severity ", STYLE_DIM);
	seg(app, 2, &x, sev, draw_severity_style(inc->severity));
	if (inc->cvss_score >= 0) {
		snprintf(buf, sizeof buf, " (CVSS %s %.1f)", inc->cvss_version,
		         inc->cvss_score);
		seg(app, 2, &x, buf, STYLE_NORMAL);
	}
	seg(app, 2, &x, "   Owner ", STYLE_DIM);
	seg(app, 2, &x, owner[0] ? owner : "nobody",
	    owner[0] ? STYLE_NORMAL : STYLE_BAD);
	timeutil_format_duration(app->now_ms - inc->reported_ms, age,
	                         sizeof age);
	seg(app, 2, &x, "   Reported ", STYLE_DIM);
	snprintf(buf, sizeof buf, "%s ago", age);
	seg(app, 2, &x, buf, STYLE_NORMAL);
	seg(app, 2, &x, "   Ack ", STYLE_DIM);
	seg(app, 2, &x, inc->acked_ms ? "yes" : "no",
	    inc->acked_ms ? STYLE_NORMAL : STYLE_BAD);

	/* Deadlines (deadline.h). */
	x = 1;
	seg(app, 3, &x, "Deadlines ", STYLE_DIM);
	draw_dues(app, 3, &x, inc, 2);

	draw_track(app, 4, inc);
	view_gate_draw_next(app, inc, 5);
	draw_tabs(app, 6, iv);
}

static void draw_timeline_row(struct app *app, int y, const struct event *ev,
                              enum style base)
{
	char when[TIMEUTIL_BUFSZ];
	char *what = event_describe(ev);
	int x = 1, when_w = 16;

	timeutil_format_local_short(ev->at_ms, when, sizeof when);
	if (app->cols < 50 && strlen(when) > 11) {
		/* "2026-11-29 03:12" -> "11-29 03:12" */
		memmove(when, when + 5, strlen(when + 5) + 1);
		when_w = 11;
	}
	x += draw_text(app, y, x, when_w, when, base, 1);
	x += draw_text(app, y, x, 3, event_is_backdated(ev) ? " ~ " : "   ",
	               base == STYLE_NORMAL ? STYLE_BAD : base, 1);
	if (app->cols >= APP_FULL_COLS)
		x += draw_text(app, y, x, 10, ev->actor,
		               base == STYLE_NORMAL ? STYLE_DIM : base, 1) +
		     1;
	draw_text(app, y, x, app->cols - 1 - x, what, base, 0);
	free(what);
}

static void draw_action_row(struct app *app, int y, const struct action *a,
                            enum style base)
{
	char due[TIMEUTIL_BUFSZ] = "";
	char *line;

	if (a->due_ms)
		timeutil_format_local_short(a->due_ms, due, sizeof due);
	line = xasprintf("%ld. [%s] %s  (%s%s%s%s%s)", a->n,
	                 a->done_ms ? "x" : " ", a->title, a->type,
	                 a->owner[0] ? ", " : "", a->owner,
	                 a->due_ms ? ", due " : "", due);
	draw_text(app, y, 1, app->cols - 2, line, base, 0);
	free(line);
}

static void draw_notification_row(struct app *app, int y,
                                  const struct notification *n, enum style base)
{
	char when[TIMEUTIL_BUFSZ];
	char *line;

	timeutil_format_local_short(n->at_ms, when, sizeof when);
	line =
	    xasprintf("%s  %-10s %s%s%s%s  (%s)", when, n->audience,
	              n->channel[0] ? "via " : "", n->channel,
	              n->recipients[0] ? " to " : "", n->recipients, n->status);
	draw_text(app, y, 1, app->cols - 2, line, base, 0);
	free(line);
}

static void draw_pane(struct app *app, struct incident_view *iv)
{
	struct vlist *l = &iv->lists[iv->pane];
	int height = body_height(app), y0 = header_rows(app);
	static const char *const empty[PANE_COUNT] = {
	    "No events.",
	    "No corrective actions: A adds one, X says none is needed.",
	    "No notifications: m drafts and sends one; M records one.",
	    "",
	};

	vlist_clamp(l, height);
	if (l->count == 0) {
		draw_text(app, y0 + 1, 2, app->cols - 3, empty[iv->pane],
		          STYLE_DIM, 0);
		return;
	}
	for (int r = 0; r < height; r++) {
		size_t i = l->top + (size_t)r;
		int sel = i == l->sel;
		enum style base = sel ? STYLE_SELECTED : STYLE_NORMAL;

		if (i >= l->count)
			break;
		if (sel)
			draw_fill(app, y0 + r, 0, app->cols, base);
		switch (iv->pane) {
		case PANE_TIMELINE:
			draw_timeline_row(app, y0 + r, event_at(iv, i), base);
			break;
		case PANE_ACTIONS:
			draw_action_row(app, y0 + r, &iv->inc.actions[i], base);
			break;
		case PANE_NOTIFY:
			draw_notification_row(app, y0 + r,
			                      &iv->inc.notifications[i], base);
			break;
		default: {
			const struct detail *d = &iv->details[i];

			int lw = app->cols >= APP_FULL_COLS ? 14 : 10;

			draw_text(app, y0 + r, 1, lw, d->label,
			          sel ? base : STYLE_DIM, 1);
			draw_text(app, y0 + r, lw + 2, app->cols - lw - 3,
			          d->value[0] ? d->value : "-", base, 0);
			break;
		}
		case PANE_COUNT:
			break;
		}
	}
}

static void incident_draw(struct app *app, struct view *v)
{
	struct incident_view *iv = v->state;

	draw_header(app, iv);
	draw_pane(app, iv);
}

static const struct key_help incident_keys[] = {
    {"j k, Down Up", "move in the pane"},
    {"PgDn PgUp, g G", "a page / first / last"},
    {"Tab, Shift-Tab, 1-4", "switch pane: timeline, actions, "
                            "notifications, details"},
    {"Enter, l", "show the whole entry, action or field"},
    {"t", "timeline newest or oldest first"},
    {"a", "advance to the next stage (shows the gate checklist)"},
    {"n", "add a note (one line; Ctrl-E in it opens $EDITOR)"},
    {"E", "write a note in $VISUAL/$EDITOR"},
    {"o", "set the owner of a stage"},
    {"K", "acknowledge the report"},
    {"s", "set the severity: a level or a CVSS vector"},
    {"v", "CVSS calculator: pick each metric, see the score live"},
    {"e", "edit the field the stage still wants (else pick one)"},
    {"f", "edit any field: pick it from the list (a letter jumps)"},
    {"A", "add a corrective action"},
    {"d", "mark the selected corrective action done"},
    {"X", "record that no corrective action is needed"},
    {"m", "notify: an audience's draft, then send, record or cancel"},
    {"M", "record a notification made by other means"},
    {"x", "export: post-mortem (md, html), JSON or CSV to a file"},
    {"c", "close with a resolution and a reason"},
    {"r", "reopen a closed incident"},
    {"q, Esc, h, Left", "back to the list"},
    {"?", "this help"},
    {NULL, NULL},
};

static void incident_hint(struct app *app, struct view *v, char *buf, size_t n)
{
	const struct incident_view *iv = v->state;

	view_gate_hint(app, &iv->inc, (int)iv->pane, buf, n);
}

const struct view_ops view_incident_ops = {
    .name = "incident",
    .open = incident_open,
    .draw = incident_draw,
    .key = incident_key,
    .close = incident_close,
    .reload = incident_reload,
    .keys = incident_keys,
    .hint_for = incident_hint,
    .hint = "a advance  n note  o owner  K ack  s severity  e edit  ? all keys "
            " q back",
};
