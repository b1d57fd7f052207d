/*
 * app.c - the view stack, the status line and the one loop.
 *
 * Invariants: handlers change state and set app->dirty; only app_draw()
 * draws, from state, once per pass, ending in doupdate(). Keys that are
 * already waiting (typing ahead, a paste the terminal does not bracket)
 * are all handled before the one redraw, so the cost of a redraw is paid
 * once per burst, not once per character. A bracketed paste is read
 * whole and given to the top view as one insertion. Signal handlers only
 * set a flag; the loop notices it within one getch timeout (the editor's
 * wait at once), lets every view save what was being typed, and leaves.
 */
#include "tui/app.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "irt/config.h"
#include "irt/editor.h"
#include "irt/textcol.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"
#include "tui/draw.h"
#include "tui/input.h"
#include "tui/provide_curses.h"

/* How often another process's changes are looked for, and how long
 * getch waits for a key before the loop looks again. */
#define POLL_MS 250

/* How long keys that keep coming may go without a redraw, so that the
 * screen still follows a long burst. */
#define BURST_MS 100

/* How long a bracketed paste may pause before what came is taken as
 * all of it (its end marker lost), and the most of it that is kept. */
#define PASTE_WAIT_MS 1000
#define PASTE_MAX     (1u << 20)

/* How long an editor gets to end after a hang-up is passed on to it. */
#define EDITOR_STOP_MS 1000

/* The keys curses reports for the paste markers (app_paste_on). */
#define KEY_PASTE_START (KEY_MAX + 1)
#define KEY_PASTE_END   (KEY_MAX + 2)

/* The last signal; a hang-up or SIGTERM (stop_signal) is never replaced
 * by a later SIGINT, which the editor may own. */
static volatile sig_atomic_t pending_signal, stop_signal;

static void on_signal(int sig)
{
	if (sig != SIGINT)
		stop_signal = sig;
	pending_signal = stop_signal ? stop_signal : sig;
}

void app_signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a waiting getch returns at once. */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

/* The terminal's bracketed-paste sequences (terminfo, else xterm's),
 * copied by app_paste_on(); empty until then. */
static char paste_on_seq[32], paste_off_seq[32];
static wchar_t paste_end[32];
static size_t paste_end_len;

static void paste_cap(char *out, size_t size, const char *name,
                      const char *fallback)
{
	const char *s = tigetstr(name);

	if (!s || s == (const char *)-1 || !s[0] || strlen(s) >= size)
		s = fallback;
	snprintf(out, size, "%s", s);
}

void app_paste_on(void)
{
	char start[32], end[32];

	paste_cap(paste_on_seq, sizeof paste_on_seq, "BE", "\033[?2004h");
	paste_cap(paste_off_seq, sizeof paste_off_seq, "BD", "\033[?2004l");
	paste_cap(start, sizeof start, "PS", "\033[200~");
	paste_cap(end, sizeof end, "PE", "\033[201~");
	define_key(start, KEY_PASTE_START);
	define_key(end, KEY_PASTE_END);
	for (paste_end_len = 0; end[paste_end_len]; paste_end_len++)
		paste_end[paste_end_len] = (unsigned char)end[paste_end_len];
	/* putp writes through stdio (curses does not buffer it). */
	putp(paste_on_seq);
	fflush(stdout);
}

void app_paste_off(void)
{
	if (!paste_off_seq[0])
		return;
	putp(paste_off_seq);
	fflush(stdout);
}

static void draw_status_line(struct app *app);

/* The current policy and its history (both change only through audited
 * commands, possibly in another process). */
static enum irt_status load_policy(struct app *app, struct irt_err *err)
{
	enum irt_status status;

	policy_history_free(&app->history);
	status = db_policy_history_load(app->db, &app->history, err);
	if (status == IRT_OK)
		status = db_policy_load(app->db, &app->policy, err);
	return status;
}

/*
 * The database's wait hook (db_set_wait_hook): a write finds another
 * process holding the lock. The status line says so at once (the one
 * place that draws outside app_draw: the loop is inside a handler and
 * cannot), and keys are read while it waits: Esc, or a signal, gives up
 * (nothing is written); a resize is redrawn after the write; other keys
 * are dropped.
 */
static int wait_hook(void *arg, int waited_ms)
{
	struct app *app = arg;
	int cancel = 0, rc;
	wint_t wch;

	if (!app->running)
		return 0;
	if (!app->waited || waited_ms == 0) {
		app->waited = 1;
		snprintf(app->status, sizeof app->status, "%s", APP_WAITING);
		app->status_error = 0;
		if (!app_too_small(app) && app->n_views) {
			draw_status_line(app);
			curs_set(0);
			wnoutrefresh(stdscr);
			doupdate();
		}
	}
	timeout(0);
	while (!cancel && (rc = get_wch(&wch)) != ERR) {
		if (rc == KEY_CODE_YES && wch == KEY_RESIZE)
			app_layout(app);
		else if (rc != KEY_CODE_YES && wch == APP_KEY_ESC)
			cancel = 1;
	}
	return cancel || pending_signal;
}

/*
 * The TUI's hooks run in the background, so that a slow or hanging hook
 * never holds the screen, and write what they print and how each ended
 * to $XDG_STATE_HOME/irt/hooks.log, never to the terminal. Without a
 * place for that log, no hooks run.
 */
static void init_hooks(struct app *app, struct cli_ctx *ctx, struct db *db)
{
	char *state = config_state_dir();

	if (!state)
		return;
	for (char *p = state + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(state, 0700);
		*p = '/';
	}
	mkdir(state, 0700);
	app->hooks_log = xasprintf("%s/hooks.log", state);
	free(state);
	app->hooks_dir = config_hooks_dir();
	app->hooks.personal_dir = app->hooks_dir;
	app->hooks.timeout_ms = ctx->config ? ctx->config->hooks_timeout_ms : 0;
	app->hooks.db_path = db_path(db);
	app->hooks.actor = ctx->actor;
	app->hooks.out_fd = -1;
	app->hooks.log_path = app->hooks_log;
	app->tracker.hooks = &app->hooks;
}

enum irt_status app_init(struct app *app, struct cli_ctx *ctx, struct db *db,
                         struct irt_err *err)
{
	memset(app, 0, sizeof *app);
	app->ctx = ctx;
	app->db = db;
	app->tracker.db = db;
	app->tracker.actor = ctx->actor;
	init_hooks(app, ctx, db);
	app->editor = config_editor(ctx->config);
	app->cursor_y = app->cursor_x = -1;
	app->data_version = db_data_version(db);
	db_set_wait_hook(db, wait_hook, app);
	return load_policy(app, err);
}

void app_free(struct app *app)
{
	while (app->n_views)
		app_remove(app, app->views[app->n_views - 1]);
	free(app->editor);
	app->editor = NULL;
	free(app->editor_file);
	app->editor_file = NULL;
	free(app->hooks_dir);
	free(app->hooks_log);
	app->hooks_dir = app->hooks_log = NULL;
	app->tracker.hooks = NULL;
	policy_history_free(&app->history);
}

struct tracker *app_tracker(struct app *app)
{
	return &app->tracker;
}

int app_too_small(const struct app *app)
{
	return app->cols < APP_MIN_COLS || app->rows < APP_MIN_ROWS;
}

void app_layout(struct app *app)
{
	getmaxyx(stdscr, app->rows, app->cols);
	clearok(curscr, TRUE);
	app->dirty = 1;
}

int app_push(struct app *app, const struct view_ops *ops, const void *arg)
{
	struct view *v;

	if (app->n_views == APP_MAX_VIEWS) {
		app_status(app, "too many views open; press q to go back");
		app->status_error = 1;
		return -1;
	}
	v = xcalloc(1, sizeof *v);
	v->ops = ops;
	if (ops->open(app, v, arg) != 0) {
		free(v);
		return -1;
	}
	app->views[app->n_views++] = v;
	app->dirty = 1;
	return 0;
}

void app_remove(struct app *app, struct view *v)
{
	size_t i;

	for (i = 0; i < app->n_views && app->views[i] != v; i++)
		;
	if (i == app->n_views)
		return;
	memmove(app->views + i, app->views + i + 1,
	        (app->n_views - i - 1) * sizeof *app->views);
	app->n_views--;
	v->ops->close(app, v);
	free(v);
	app->dirty = 1;
}

struct view *app_below(struct app *app, struct view *v)
{
	for (size_t i = 1; i < app->n_views; i++)
		if (app->views[i] == v)
			return app->views[i - 1];
	return NULL;
}

void app_status(struct app *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(app->status, sizeof app->status, fmt, ap);
	va_end(ap);
	app->status_error = 0;
	app->dirty = 1;
}

void app_error(struct app *app, const struct irt_err *err)
{
	snprintf(app->status, sizeof app->status, "%s",
	         err->msg[0] ? err->msg : irt_status_str(err->status));
	app->status_error = 1;
	app->dirty = 1;
}

static void reload_all(struct app *app)
{
	struct irt_err err;

	if (load_policy(app, &err) != IRT_OK)
		app_error(app, &err);
	for (size_t i = 0; i < app->n_views; i++)
		if (app->views[i]->ops->reload)
			app->views[i]->ops->reload(app, app->views[i]);
	app->dirty = 1;
}

void app_changed(struct app *app)
{
	/* Our own commits do not change our connection's data_version;
	 * read it again so the next poll does not reload twice. */
	app->data_version = db_data_version(app->db);
	app->db_lost = 0; /* it wrote: connected, and its message stands */
	reload_all(app);
}

enum irt_status app_edit_text(struct app *app, const char *initial, char **out,
                              struct irt_err *err)
{
	struct editor_run run;
	enum irt_status status;

	*out = NULL;
	def_prog_mode();
	app_paste_off();
	endwin();
	status = editor_start(&run, app->editor, initial, err);
	if (status == IRT_OK)
		status = editor_wait(&run, &stop_signal, err);
	if (status == IRT_ERR_INTERRUPTED) {
		/* The terminal is going away: so does the editor, and what
		 * its file holds now is handed back to be kept. The file
		 * stays until it is (app_run). */
		editor_stop(&run, stop_signal, EDITOR_STOP_MS);
		if (editor_read(&run, out, NULL) != IRT_OK)
			*out = NULL;
		free(app->editor_file);
		app->editor_file = run.path;
		run.path = NULL;
		editor_end(&run);
		return status;
	}
	if (status == IRT_OK)
		status = editor_read(&run, out, err);
	editor_end(&run);
	/* Ctrl-C typed at the editor is the editor's, not a request to
	 * leave irt. */
	if (pending_signal == SIGINT)
		pending_signal = 0;
	reset_prog_mode();
	app_paste_on();
	app_layout(app);
	return status;
}

static void draw_status_line(struct app *app)
{
	struct view *top = app->views[app->n_views - 1];
	int y = app->rows - 1;
	char hint[256];

	draw_fill(app, y, 0, app->cols, STYLE_NORMAL);
	if (app->status[0])
		draw_text(app, y, 0, app->cols - 1, app->status,
		          app->status_error ? STYLE_ERROR : STYLE_BOLD, 0);
	else if (top->ops->hint_for) {
		top->ops->hint_for(app, top, hint, sizeof hint);
		draw_text(app, y, 0, app->cols - 1, hint, STYLE_DIM, 0);
	} else if (top->ops->hint)
		draw_text(app, y, 0, app->cols - 1, top->ops->hint, STYLE_DIM,
		          0);
}

/* Whether some view holds typed text that leaving now would lose. */
static int unsaved(const struct app *app)
{
	for (size_t i = 0; i < app->n_views; i++)
		if (app->views[i]->ops->unsaved &&
		    app->views[i]->ops->unsaved(app, app->views[i]))
			return 1;
	return 0;
}

/* Below the smallest usable pane: one line, the longest form that
 * fits. With typed text that q would lose, q does not quit there, and
 * the notice says to enlarge the pane instead. */
static void draw_too_small(struct app *app)
{
	char forms[4][128];

	if (unsaved(app)) {
		snprintf(forms[0], sizeof forms[0],
		         "irt: this pane is %dx%d; enlarge it to %dx%d to "
		         "finish the form",
		         app->cols, app->rows, APP_MIN_COLS, APP_MIN_ROWS);
		snprintf(forms[1], sizeof forms[1],
		         "irt: too small; enlarge the pane to finish the form");
		snprintf(forms[2], sizeof forms[2],
		         "irt: enlarge to finish the form");
		snprintf(forms[3], sizeof forms[3], "irt: enlarge to finish");
		goto draw;
	}
	snprintf(forms[0], sizeof forms[0],
	         "irt: this pane is %dx%d; irt needs %dx%d. q quits", app->cols,
	         app->rows, APP_MIN_COLS, APP_MIN_ROWS);
	snprintf(forms[1], sizeof forms[1],
	         "irt: %dx%d too small (%dx%d); q quits", app->cols, app->rows,
	         APP_MIN_COLS, APP_MIN_ROWS);
	snprintf(forms[2], sizeof forms[2], "irt: too small; q quits");
	snprintf(forms[3], sizeof forms[3], "irt: q quits");
draw:
	for (int i = 0; i < 4; i++)
		if (textcol_width(forms[i]) <= app->cols || i == 3) {
			draw_text(app, 0, 0, app->cols, forms[i], STYLE_BOLD,
			          0);
			return;
		}
}

static void app_draw(struct app *app)
{
	size_t first;

	app->now_ms = timeutil_now_ms();
	app->drawn_minute = app->now_ms / 60000;
	app->cursor_y = app->cursor_x = -1;
	draw_style(app, STYLE_NORMAL);
	erase();
	if (app_too_small(app)) {
		draw_too_small(app);
	} else if (app->n_views) {
		first = app->n_views - 1;
		while (first > 0 && app->views[first]->ops->overlay)
			first--;
		for (size_t i = first; i < app->n_views; i++)
			app->views[i]->ops->draw(app, app->views[i]);
		draw_status_line(app);
	}
	if (app->cursor_y >= 0) {
		curs_set(1);
		move(app->cursor_y, app->cursor_x);
	} else {
		curs_set(0);
		move(app->rows - 1, 0);
	}
	wnoutrefresh(stdscr);
	doupdate();
	app->dirty = 0;
}

/* Looks for another process's change (at most every POLL_MS). */
static void poll_data(struct app *app)
{
	int64_t now = timeutil_now_ms(), version;

	if (now - app->polled_ms < POLL_MS && now >= app->polled_ms)
		return;
	app->polled_ms = now;
	version = db_data_version(app->db);
	if (version < 0 && !app->db_lost) {
		/* A server that went away: polling connects again when it
		 * answers (db_pg.c); forms keep what is typed meanwhile. */
		app->db_lost = 1;
		app_status(app, "The connection to the database was lost; "
		                "reconnecting (nothing typed is lost)");
		app->status_error = 1;
	} else if (version >= 0 && app->db_lost) {
		app->db_lost = 0;
		app_status(app, "Connected to the database again");
	}
	if (version != app->data_version && version >= 0) {
		app->data_version = version;
		reload_all(app);
	}
	if (now / 60000 != app->drawn_minute)
		app->dirty = 1; /* ages and times move on */
}

/* Lets every view keep what was being typed; then the editor's file
 * left by a hang-up goes, unless something could not be kept. */
static void hangup(struct app *app)
{
	for (size_t i = app->n_views; i-- > 0;)
		if (app->views[i]->ops->hangup &&
		    app->views[i]->ops->hangup(app, app->views[i]) != 0)
			app->unkept = 1;
	if (!app->editor_file)
		return;
	if (app->unkept)
		cli_error("what the editor wrote is kept in %s",
		          app->editor_file);
	else
		unlink(app->editor_file);
	free(app->editor_file);
	app->editor_file = NULL;
}

/* Appends wc to a paste being read. */
static void paste_add(wchar_t **buf, size_t *n, size_t *cap, wchar_t wc)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 4096;
		*buf = xrealloc(*buf, *cap * sizeof **buf);
	}
	(*buf)[(*n)++] = wc;
}

/* Whether the n characters read end with the paste's end marker. */
static int ends_paste(const wchar_t *buf, size_t n)
{
	if (n < paste_end_len)
		return 0;
	for (size_t i = 0; i < paste_end_len; i++)
		if (buf[n - paste_end_len + i] != paste_end[i])
			return 0;
	return 1;
}

/*
 * Reads a bracketed paste, its start marker read: everything up to the
 * end marker, raw (with the keypad off, so nothing in it is taken for a
 * key), and gives it to the top view as one insertion. The terminal
 * sends a newline as CR (or CR LF); it becomes '\n'. A paste whose end
 * never comes ends after PASTE_WAIT_MS of silence or a signal; beyond
 * PASTE_MAX characters the rest is read and left out.
 */
static void read_paste(struct app *app)
{
	struct view *top = app->views[app->n_views - 1];
	wchar_t *buf = NULL;
	size_t n = 0, cap = 0, o = 0, dropped = 0;
	int resized = 0, rc;
	wint_t wch;

	app->status[0] = '\0';
	app->status_error = 0;
	keypad(stdscr, FALSE);
	timeout(PASTE_WAIT_MS);
	while (!pending_signal && (rc = get_wch(&wch)) != ERR) {
		if (rc == KEY_CODE_YES) {
			resized |= wch == KEY_RESIZE;
			continue;
		}
		if (n == PASTE_MAX + paste_end_len) {
			/* Full: keep only a tail long enough to see the
			 * end marker in. */
			memmove(buf + PASTE_MAX, buf + PASTE_MAX + 1,
			        (paste_end_len - 1) * sizeof *buf);
			n--;
			dropped++;
		}
		paste_add(&buf, &n, &cap, (wchar_t)wch);
		if (ends_paste(buf, n)) {
			n -= paste_end_len;
			break;
		}
	}
	keypad(stdscr, TRUE);
	if (n > PASTE_MAX) {
		dropped += n - PASTE_MAX;
		n = PASTE_MAX;
	}
	for (size_t i = 0; i < n; i++) {
		if (buf[i] == L'\r') {
			if (i + 1 < n && buf[i + 1] == L'\n')
				continue;
			buf[i] = L'\n';
		}
		buf[o++] = buf[i];
	}
	if (top->ops->paste && o && !app_too_small(app))
		top->ops->paste(app, top, buf, o);
	if (dropped)
		app_status(app,
		           "Only the first %u characters of the paste were "
		           "taken",
		           PASTE_MAX);
	free(buf);
	if (resized)
		app_layout(app);
	app->dirty = 1;
}

void app_run(struct app *app)
{
	int64_t drawn_ms = 0;
	int burst = 0; /* a key was just read: more may be waiting */
	wint_t wch;
	int rc, key;

	app_layout(app);
	app->running = 1;
	while (!app->quit && app->n_views) {
		if (pending_signal) {
			app->signal = pending_signal;
			hangup(app);
			break;
		}
		poll_data(app);
		if (app->dirty &&
		    (!burst || timeutil_real_now_ms() - drawn_ms >= BURST_MS)) {
			app_draw(app);
			drawn_ms = timeutil_real_now_ms();
		}
		if (app->reload_after_draw) {
			/* A view drew a first screenful and wants the rest
			 * now that the user can see something. */
			app->reload_after_draw = 0;
			reload_all(app);
			continue;
		}
		/* In a burst, only keys already waiting are taken before
		 * the redraw. */
		rc = input_key(burst ? 0 : POLL_MS, &wch);
		burst = rc != ERR;
		if (rc == ERR)
			continue; /* timeout or a signal */
		key = rc == KEY_CODE_YES ? (int)(APP_KEY_FN | (int)wch)
		                         : (int)wch;
		if (key == (APP_KEY_FN | KEY_RESIZE)) {
			app_layout(app);
			continue;
		}
		if (key == (APP_KEY_FN | KEY_PASTE_END))
			continue; /* a stray marker */
		if (key == (APP_KEY_FN | KEY_PASTE_START)) {
			read_paste(app);
			continue;
		}
		if (key == APP_KEY_CTRL_L) {
			app_layout(app);
			continue;
		}
		app->dirty = 1;
		if (app_too_small(app)) {
			/* Nothing shown, nothing to act on, but q leaves
			 * (keeping a note being typed as a draft), unless
			 * that would lose other typed text. */
			if ((key == 'q' || key == 'Q') && !unsaved(app)) {
				hangup(app);
				app->quit = 1;
			}
			continue;
		}
		app->status[0] = '\0';
		app->status_error = 0;
		app->waited = 0;
		app->views[app->n_views - 1]->ops->key(
		    app, app->views[app->n_views - 1], key);
		if (app->waited && strcmp(app->status, APP_WAITING) == 0) {
			app->status[0] = '\0';
			app->status_error = 0;
		}
	}
	app->running = 0;
}
