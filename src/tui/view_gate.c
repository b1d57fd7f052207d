/*
 * view_gate.c - the advance dialog with its gate checklist.
 *
 * The checklist is computed from the stored incident and the current
 * policy, and recomputed on every reload, so an item met meanwhile (here
 * or in another process) is ticked at once. The advance itself goes
 * through tracker_advance, which checks again under the write lock.
 * A When line (blank: now; Tab or w edits it) dates the advance, plain
 * or forced, as the forms' When fields do.
 */
#include "tui/view_gate.h"

#include <stdlib.h>
#include <string.h>

#include "irt/notify.h"
#include "irt/timeutil.h"
#include "irt/tracker.h"
#include "irt/xalloc.h"
#include "tui/draw.h"
#include "tui/lineedit.h"
#include "tui/provide_curses.h"
#include "tui/view_help.h"

enum gate_mode { MODE_CHECKLIST, MODE_WHEN, MODE_REASON, MODE_CONFIRM };

struct gate {
	long id;
	struct gate_report report;
	int unmet;
	enum gate_mode mode;
	struct lineedit reason;
	struct lineedit when; /* when the stage was left; blank = now */
	char message[1100];
	int message_error;
};

/* Loads the incident and its gate; returns 0, or -1 with err set. */
static int gate_load(struct app *app, struct gate *g, struct irt_err *err)
{
	struct incident inc;
	int rc = -1;

	incident_init(&inc);
	incident_clear(&inc);
	if (db_incident_load(app->db, g->id, &inc, err) != IRT_OK)
		goto out;
	if (inc.stage == STAGE_CLOSED) {
		irt_err_set(err, IRT_ERR_INVALID,
		            "#%ld is closed: nothing to advance to (r reopens "
		            "it)",
		            g->id);
		goto out;
	}
	g->unmet = incident_gate(&inc, &app->policy, &g->report);
	rc = 0;
out:
	incident_clear(&inc);
	return rc;
}

static int gate_open(struct app *app, struct view *v, const void *arg)
{
	struct gate *g = xcalloc(1, sizeof *g);
	struct irt_err err;

	g->id = *(const long *)arg;
	lineedit_init(&g->reason, NULL);
	lineedit_init(&g->when, NULL);
	if (gate_load(app, g, &err) != 0) {
		app_error(app, &err);
		lineedit_free(&g->reason);
		lineedit_free(&g->when);
		free(g);
		return -1;
	}
	v->state = g;
	return 0;
}

static void gate_close(struct app *app, struct view *v)
{
	struct gate *g = v->state;

	(void)app;
	lineedit_free(&g->reason);
	lineedit_free(&g->when);
	free(g);
}

static void gate_reload(struct app *app, struct view *v)
{
	struct gate *g = v->state;
	struct irt_err err;

	if (gate_load(app, g, &err) != 0) {
		snprintf(g->message, sizeof g->message, "%s", err.msg);
		g->message_error = 1;
	}
}

static void say(struct gate *g, int error, const char *msg)
{
	snprintf(g->message, sizeof g->message, "%s", msg);
	g->message_error = error;
}

/* Tries the advance; returns 1 when done (v is gone). */
static int advance(struct app *app, struct view *v, int force)
{
	struct gate *g = v->state;
	struct gate_report report;
	struct irt_err err;
	enum irt_status status;
	char *reason = force ? lineedit_text(&g->reason) : NULL;
	char *when = lineedit_text(&g->when);
	const char *w = when + strspn(when, " \t");
	enum stage to = g->report.to;
	long id = g->id;
	int64_t at_ms = 0;

	memset(&report, 0, sizeof report);
	status = w[0]
	             ? timeutil_parse_record(w, timeutil_now_ms(), &at_ms, &err)
	             : IRT_OK;
	free(when);
	if (status != IRT_OK) {
		free(reason);
		g->mode = MODE_WHEN;
		say(g, 1, err.msg);
		return 0;
	}
	status = tracker_advance(app_tracker(app), id, at_ms, NULL, force,
	                         reason, &report, &err);
	free(reason);
	if (status == IRT_OK) {
		app_remove(app, v);
		app_changed(app);
		app_status(app, "#%ld advanced to %s%s", id, stage_name(to),
		           force ? " (gate skipped; the reason is recorded)"
		                 : "");
		return 1;
	}
	if (status == IRT_ERR_GATE && report.count) {
		g->report = report;
		g->unmet = 0;
		for (size_t i = 0; i < report.count; i++)
			g->unmet += !report.items[i].met;
	}
	say(g, 1, err.msg[0] ? err.msg : irt_status_str(status));
	app_error(app, &err);
	return 0;
}

/* A paste goes into the reason while one is being typed. */
static void gate_paste(struct app *app, struct view *v, const wchar_t *text,
                       size_t n)
{
	struct gate *g = v->state;

	(void)app;
	if (g->mode == MODE_REASON)
		lineedit_insert(&g->reason, text, n);
	else if (g->mode == MODE_WHEN)
		lineedit_insert(&g->when, text, n);
}

static void gate_key(struct app *app, struct view *v, int key)
{
	struct gate *g = v->state;

	if (g->mode == MODE_CONFIRM) {
		if (key == 'y' || key == 'Y') {
			lineedit_set(&g->reason, "");
			g->mode = MODE_CHECKLIST;
		} else {
			g->mode = MODE_REASON;
		}
		say(g, 0, "");
		return;
	}
	if (g->mode == MODE_WHEN) {
		switch (key) {
		case APP_KEY_ENTER:
		case APP_KEY_RETURN:
		case APP_KEY_FN | KEY_ENTER:
			advance(app, v, 0);
			return;
		case APP_KEY_TAB:
		case APP_KEY_FN | KEY_BTAB:
		case APP_KEY_ESC:
			g->mode = MODE_CHECKLIST;
			say(g, 0, "");
			return;
		case APP_KEY_FN | KEY_F(1):
			app_push(app, &view_help_ops, v->ops);
			return;
		default:
			lineedit_key(&g->when, key);
			return;
		}
	}
	if (g->mode == MODE_REASON) {
		switch (key) {
		case APP_KEY_ENTER:
		case APP_KEY_RETURN:
		case APP_KEY_FN | KEY_ENTER:
			if (lineedit_blank(&g->reason)) {
				say(g, 1,
				    "A reason is required to skip a "
				    "gate.");
				return;
			}
			advance(app, v, 1);
			return;
		case APP_KEY_FN | KEY_F(1):
			app_push(app, &view_help_ops, v->ops);
			return;
		case APP_KEY_ESC:
			g->mode = lineedit_blank(&g->reason) ? MODE_CHECKLIST
			                                     : MODE_CONFIRM;
			say(g, 0, "");
			return;
		default:
			lineedit_key(&g->reason, key);
			return;
		}
	}
	switch (key) {
	case APP_KEY_ENTER:
	case APP_KEY_RETURN:
	case APP_KEY_FN | KEY_ENTER:
	case 'a':
		advance(app, v, 0);
		break;
	case 'f':
	case 'F':
		g->mode = MODE_REASON;
		say(g, 0, "");
		break;
	case 'w':
	case APP_KEY_TAB:
		g->mode = MODE_WHEN;
		say(g, 0, "");
		break;
	case 'q':
	case APP_KEY_ESC:
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

/* The gate item's text without the command-line hint "(irt ...)". */
static char *item_text(const char *text)
{
	const char *hint = strstr(text, " (irt ");
	size_t n = hint ? (size_t)(hint - text) : strlen(text);
	char *out = xmalloc(n + 1);

	memcpy(out, text, n);
	out[n] = '\0';
	return out;
}

static void gate_draw(struct app *app, struct view *v)
{
	struct gate *g = v->state;
	int w = app->cols - 4 < 74 ? app->cols - 4 : 74;
	int h = (int)g->report.count + 9, y0, x0, y, inner = w - 4;
	/* A short pane: no heading, spacing or key line (the status line
	 * has the keys), and a message takes the summary's line. */
	int tight = h > app->rows - 1;
	int merged = tight && g->mode != MODE_REASON &&
	             (g->mode == MODE_CONFIRM || g->message[0]);
	char *title =
	    xasprintf("Advance #%ld: %s \xe2\x86\x92 %s", g->id,
	              stage_name(g->report.from), stage_name(g->report.to));
	char *line;
	/* Items shown; in a pane too short for them all, the unmet ones
	 * first and a "+N more" line. */
	size_t shown = g->report.count;

	if (tight)
		h -= g->mode == MODE_REASON && g->message[0] ? 4 : 5;
	if (tight && h > app->rows - 1 && g->report.count > 0) {
		size_t over = (size_t)(h - (app->rows - 1)) + 1;

		shown = over < g->report.count ? g->report.count - over : 0;
		h -= (int)(g->report.count - shown) - 1;
	}
	y0 = (app->rows - h) / 2;
	if (y0 < 0)
		y0 = 0;
	x0 = (app->cols - w) / 2;
	draw_box(app, y0, x0, h, w, title);
	free(title);
	y = y0 + 1;
	if (!tight) {
		line =
		    xasprintf("Gate to leave %s:", stage_name(g->report.from));
		draw_text(app, y++, x0 + 2, inner, line, STYLE_BOLD, 0);
		free(line);
		y++;
	}
	for (size_t k = 0, n = 0; k < 2 * g->report.count && n < shown; k++) {
		size_t i = k % g->report.count;
		char *text;
		int met = g->report.items[i].met;

		/* All in order; when cut, the unmet ones, then the met. */
		if (shown < g->report.count ? met != (k >= g->report.count)
		                            : k >= g->report.count)
			continue;
		text = item_text(g->report.items[i].text);
		draw_text(app, y, x0 + 2, 4, met ? "[x]" : "[ ]",
		          met ? STYLE_OK : STYLE_BAD, 0);
		draw_text(app, y, x0 + 6, inner - 4, text,
		          met ? STYLE_NORMAL : STYLE_BAD, 0);
		free(text);
		y++;
		n++;
	}
	if (shown < g->report.count) {
		line = xasprintf("+%zu more", g->report.count - shown);
		draw_text(app, y++, x0 + 2, inner, line, STYLE_DIM, 0);
		free(line);
	}
	if (g->report.count == 0)
		draw_text(app, y++, x0 + 2, inner, "(nothing to check)",
		          STYLE_DIM, 0);
	y += !tight;
	{
		int cx;

		draw_text(app, y, x0 + 2, 8, "When:", STYLE_BOLD, 0);
		if (g->mode != MODE_WHEN && lineedit_blank(&g->when)) {
			draw_text(app, y, x0 + 10, inner - 8,
			          "now (Tab or w: when it was left)", STYLE_DIM,
			          0);
		} else {
			draw_style(app, STYLE_FIELD);
			cx = lineedit_draw(&g->when, y, x0 + 10, inner - 8);
			draw_style(app, STYLE_NORMAL);
			if (g->mode == MODE_WHEN) {
				app->cursor_y = y;
				app->cursor_x = cx;
			}
		}
		y++;
	}
	if (merged) {
		/* The message, below, on the summary's line. */
	} else if (g->mode == MODE_CHECKLIST || g->mode == MODE_WHEN) {
		line = g->unmet ? xasprintf("%d of %zu unmet: meet them, or "
		                            "force with a reason.",
		                            g->unmet, g->report.count)
		                : xasprintf("All met: Enter advances to %s.",
		                            stage_name(g->report.to));
		draw_text(app, y, x0 + 2, inner, line,
		          g->unmet ? STYLE_BAD : STYLE_OK, 0);
		free(line);
	} else {
		int cx;

		draw_text(app, y, x0 + 2, 8, "Reason:", STYLE_BOLD, 0);
		draw_style(app, STYLE_FIELD);
		cx = lineedit_draw(&g->reason, y, x0 + 10, inner - 8);
		draw_style(app, STYLE_NORMAL);
		if (g->mode == MODE_REASON) {
			app->cursor_y = y;
			app->cursor_x = cx;
		}
	}
	if (!merged)
		y++;
	if (g->mode == MODE_CONFIRM)
		draw_text(app, y, x0 + 2, inner,
		          "Discard the reason? y discards it, any other key "
		          "keeps editing",
		          STYLE_ERROR, 0);
	else if (g->message[0])
		draw_text(app, y, x0 + 2, inner, g->message,
		          g->message_error ? STYLE_ERROR : STYLE_BOLD, 0);
	y++;
	if (tight)
		return;
	draw_text(app, y, x0 + 2, inner,
	          g->mode == MODE_CHECKLIST
	              ? "Enter advance  Tab when  f force with a reason  Esc "
	                "cancel"
	          : g->mode == MODE_WHEN
	              ? "Type when: 03:12, -20m, 2026-11-29 03:12  Enter "
	                "advance  Tab back"
	              : "Enter force the advance (reason recorded)  Esc "
	                "back",
	          STYLE_DIM, 0);
}

/* A reason or When typed that leaving would lose. */
static int gate_unsaved(const struct app *app, const struct view *v)
{
	const struct gate *g = v->state;

	(void)app;
	return !lineedit_blank(&g->reason) || !lineedit_blank(&g->when);
}

static const struct key_help gate_keys[] = {
    {"Enter, a", "advance (refused while an item is unmet)"},
    {"Tab, w", "when it was left (blank: now; 03:12, -20m, a date)"},
    {"f", "force: skip the gate with a reason (both recorded)"},
    {"Esc, q", "cancel"},
    {NULL, NULL},
};

const struct view_ops view_gate_ops = {
    .name = "advance",
    .overlay = 1,
    .open = gate_open,
    .draw = gate_draw,
    .key = gate_key,
    .close = gate_close,
    .reload = gate_reload,
    .paste = gate_paste,
    .unsaved = gate_unsaved,
    .keys = gate_keys,
    .hint = "Enter advance  Tab when  f force with a reason  Esc cancel",
};

/* ---- the next step, in the incident view -------------------------- */

int view_gate_item_key(const struct gate_report *r, size_t i, const char **key,
                       const char **name)
{
	static const char *const notify_names[AUDIENCE_COUNT] = {
	    "platform", "customers", "internal", "reporter"};

	if (i >= r->count)
		return -1;
	switch (r->from) {
	case STAGE_DETECT:
		*key = i == 0 ? "s" : i == 1 ? "o" : i == 2 ? "K" : "e";
		*name = i == 0   ? "severity"
		        : i == 1 ? "owner"
		        : i == 2 ? "acknowledge"
		                 : "intake field";
		/* "repro recorded (policy intake.require; ...)" */
		for (int f = 0; i > 2 && f < FIELD_COUNT; f++) {
			const char *fn = incident_fields[f].name;

			if (strncmp(r->items[i].text, fn, strlen(fn)) == 0 &&
			    r->items[i].text[strlen(fn)] == ' ')
				*name = fn;
		}
		return 0;
	case STAGE_CONTAIN:
		*key = "e";
		*name = "containment";
		return 0;
	case STAGE_FIX:
		*key = "e";
		*name = i == 0 ? "root-cause" : "fix-ref";
		return 0;
	case STAGE_NOTIFY:
		/* "customers notified (policy for high)" */
		*key = "m";
		*name = "notify";
		for (int a = 0; a < AUDIENCE_COUNT; a++) {
			const char *an = audience_name((enum audience)a);

			if (strncmp(r->items[i].text, an, strlen(an)) == 0)
				*name = notify_names[a];
		}
		return 0;
	case STAGE_REVIEW:
		*key = i == 0 ? "e" : "A/X";
		*name = i == 0 ? "summary" : "action or none";
		return 0;
	case STAGE_CLOSED:
	case STAGE_COUNT:
		break;
	}
	return -1;
}

/* Appends text to buf (n bytes) as far as it fits. */
static void append(char *buf, size_t n, const char *text)
{
	size_t used = strlen(buf);

	if (used < n)
		snprintf(buf + used, n - used, "%s", text);
}

void view_gate_draw_next(struct app *app, const struct incident *inc, int y)
{
	struct gate_report r;
	int unmet, x = 1, w = app->cols - 2;
	char missing[128];

	if (inc->stage == STAGE_CLOSED) {
		draw_text(app, y, x, w,
		          "Closed: r reopens it, x exports the post-mortem",
		          STYLE_DIM, 0);
		return;
	}
	unmet = incident_gate(inc, &app->policy, &r);
	x += draw_text(app, y, x, w, "Next: ", STYLE_BOLD, 0);
	if (!unmet) {
		char *line =
		    xasprintf("All met: a advances to %s   ", stage_name(r.to));

		x += draw_text(app, y, x, app->cols - 1 - x, line, STYLE_OK, 0);
		free(line);
	}
	/* Unmet items first, then the met ones. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < r.count; i++) {
			const char *key, *name;
			char item[96];

			if (r.items[i].met != pass ||
			    view_gate_item_key(&r, i, &key, &name) != 0)
				continue;
			snprintf(item, sizeof item, "[%s] %s %s  ",
			         pass ? "x" : " ", key, name);
			if (x < app->cols - 1)
				x += draw_text(app, y, x, app->cols - 1 - x,
				               item,
				               pass ? STYLE_OK : STYLE_BAD, 0);
		}
	}
	/* Not a gate item, but what the customers' message needs. */
	if (inc->stage == STAGE_NOTIFY &&
	    policy_requires(&app->policy, inc->severity, AUDIENCE_CUSTOMERS) &&
	    notify_missing(inc, AUDIENCE_CUSTOMERS, missing, sizeof missing) &&
	    x < app->cols - 1) {
		char *line = xasprintf("[ ] e %s  ", missing);

		x +=
		    draw_text(app, y, x, app->cols - 1 - x, line, STYLE_BAD, 0);
		free(line);
	}
	if (unmet && x < app->cols - 1) {
		char *tail =
		    xasprintf("then a advances to %s", stage_name(r.to));

		x +=
		    draw_text(app, y, x, app->cols - 1 - x, tail, STYLE_DIM, 0);
		free(tail);
	}
}

void view_gate_hint(struct app *app, const struct incident *inc, int pane,
                    char *buf, size_t n)
{
	struct gate_report r;
	int unmet;
	const char *seen[GATE_MAX_ITEMS];
	size_t n_seen = 0;

	buf[0] = '\0';
	if (inc->stage == STAGE_CLOSED) {
		snprintf(buf, n,
		         "r reopen  x export  n note  ? all keys  q back");
		return;
	}
	unmet = incident_gate(inc, &app->policy, &r);
	for (size_t i = 0; i < r.count; i++) {
		const char *key, *name;
		size_t k;
		char item[64];

		if (r.items[i].met || view_gate_item_key(&r, i, &key, &name))
			continue;
		for (k = 0; k < n_seen && strcmp(seen[k], key) != 0; k++)
			;
		if (k < n_seen)
			continue;
		seen[n_seen++] = key;
		snprintf(item, sizeof item, "%s %s  ", key, name);
		append(buf, n, item);
	}
	append(buf, n, unmet ? "a advance (gate)  " : "a advance  ");
	switch (pane) {
	case 1:
		append(buf, n, "d done  A add  ");
		break;
	case 2:
		append(buf, n, "Enter message  m notify  M record  ");
		break;
	case 3:
		append(buf, n, "f edit a field  ");
		break;
	default:
		append(buf, n, "n note  ");
		break;
	}
	append(buf, n, "? all keys  q back");
}
