/*
 * app.h - the terminal interface's state and its one loop.
 *
 * `struct app` is passed to every view; nothing is shared through
 * globals. Views sit on a stack: the top one gets the keys, and drawing
 * starts at the highest full-screen view and goes up through the
 * overlays (forms, dialogs) above it. The loop is: read a key, let the top
 * view's handler change state (handlers never draw), redraw everything
 * from state once, doupdate(). Another process's change is noticed by
 * polling db_data_version(); the TUI's own writes call app_changed().
 */
#ifndef IRT_TUI_APP_H
#define IRT_TUI_APP_H

#include <stddef.h>
#include <stdint.h>

#include "irt/db.h"
#include "irt/policy.h"
#include "irt/status.h"
#include "irt/tracker.h"

struct cli_ctx;
struct app;
struct view;

/*
 * A key: a character's code point, or APP_KEY_FN plus a curses KEY_*
 * code (KEY_UP, KEY_RESIZE, ...), so the two never collide.
 */
enum {
	APP_KEY_FN = 1 << 24,
	APP_KEY_CTRL_A = 1,
	APP_KEY_CTRL_B = 2,
	APP_KEY_CTRL_D = 4,
	APP_KEY_CTRL_E = 5,
	APP_KEY_CTRL_F = 6,
	APP_KEY_CTRL_H = 8,
	APP_KEY_TAB = 9,
	APP_KEY_ENTER = 10,
	APP_KEY_CTRL_K = 11,
	APP_KEY_CTRL_L = 12,
	APP_KEY_RETURN = 13,
	APP_KEY_CTRL_U = 21,
	APP_KEY_CTRL_W = 23,
	APP_KEY_ESC = 27,
	APP_KEY_DEL = 127,
};

/* One line of a view's help: the keys and what they do. */
struct key_help {
	const char *keys;
	const char *what;
};

/*
 * What a view is. open() builds v->state from arg (what arg points to is
 * the view's own affair) and returns 0, or -1 after setting the status
 * line. close() frees the state. reload() is called when the data may
 * have changed; hangup() when the terminal is going away (save typed
 * text; it returns 0, or -1 when what was typed could not be kept).
 * unsaved() says whether leaving now would lose what was typed or picked
 * (hangup() would not keep it); a pane below the smallest size then does
 * not quit on q.
 * paste() gets a bracketed paste, the text as it came (newlines as
 * '\n'), as one insertion: none of it is taken for keys. All three may
 * be NULL (a view without paste() ignores pastes). keys lists the view's
 * keys for the help view, ending with {NULL, NULL}; hint is the status
 * line's default text.
 */
struct view_ops {
	const char *name;
	int overlay; /* drawn over the view beneath */
	int (*open)(struct app *app, struct view *v, const void *arg);
	void (*draw)(struct app *app, struct view *v);
	void (*key)(struct app *app, struct view *v, int key);
	void (*close)(struct app *app, struct view *v);
	void (*reload)(struct app *app, struct view *v);
	int (*hangup)(struct app *app, struct view *v);
	int (*unsaved)(const struct app *app, const struct view *v);
	void (*paste)(struct app *app, struct view *v, const wchar_t *text,
	              size_t n);
	const struct key_help *keys;
	const char *hint;
	/* When set, writes the status line's default text for the view as
	 * it is now (stage, selection) into buf, instead of hint. */
	void (*hint_for)(struct app *app, struct view *v, char *buf, size_t n);
};

struct view {
	const struct view_ops *ops;
	void *state;
};

#define APP_MAX_VIEWS 16

/*
 * Pane sizes. From APP_FULL_COLS x APP_FULL_ROWS everything is usable;
 * down to APP_MIN_COLS x APP_MIN_ROWS the views degrade (columns drop,
 * the incident header folds, dialogs lose their spacing and scroll);
 * below that only a one-line notice is drawn, and q still quits.
 */
#define APP_FULL_COLS 60
#define APP_FULL_ROWS 12
#define APP_MIN_COLS  40
#define APP_MIN_ROWS  8

/* What the status line says while a write waits for another process's
 * lock (app_wait_hook). */
#define APP_WAITING "waiting for another irt\xe2\x80\xa6 (Esc cancels)"

struct app {
	struct cli_ctx *ctx;
	struct db *db;
	struct tracker tracker;
	/* The hooks of the TUI's writes: in the background, their output
	 * and outcomes in hooks_log (docs/hooks.md). */
	struct hooks hooks;
	char *hooks_dir, *hooks_log;
	struct policy policy;          /* the current policy (gates) */
	struct policy_history history; /* every version (deadlines) */
	char *editor;                  /* the $VISUAL/$EDITOR command line */
	int color;                     /* colour pairs are in use */
	int ascii; /* the locale is not UTF-8: only ASCII is drawn */
	int rows, cols;
	struct view *views[APP_MAX_VIEWS];
	size_t n_views;
	int dirty;             /* a redraw is due */
	int reload_after_draw; /* reload every view once this redraw is out */
	int quit;              /* leave the loop */
	int signal;            /* the signal that ended the loop, or 0 */
	int64_t data_version;
	int64_t polled_ms;
	int64_t drawn_minute;
	int64_t now_ms; /* the clock at the current redraw */
	char status[1100];
	int status_error;
	int cursor_y, cursor_x; /* set by draw for a text field; -1 none */
	/* The editor's file, left in place by a hang-up while the editor
	 * ran until what it holds is kept (app_edit_text); and whether
	 * something typed could not be kept. */
	char *editor_file;
	int unkept;
	int running; /* curses is up and the loop runs (the wait hook draws) */
	int waited;  /* a write waited for another process's lock */
	int db_lost; /* the database server stopped answering */
};

/* Installs the signal handlers (before curses starts): SIGHUP, SIGTERM
 * and SIGINT only set a flag the loop reads. */
void app_signals_install(void);

/*
 * Bracketed paste: defines the terminal's paste markers as keys (terminfo
 * PS and PE, else xterm's ESC[200~ and ESC[201~) and switches the mode on
 * (BE, else ESC[?2004h), so that a paste is read as one insertion. Call
 * once after curses starts. app_paste_off() switches it off again (BD,
 * else ESC[?2004l); call it before every endwin(), fatal paths included.
 * Both send at once, between redraws.
 */
void app_paste_on(void);
void app_paste_off(void);

/* Fills app for ctx and db (already open); curses is not started here.
 * Returns the policy load status (app is usable either way; free it). */
enum irt_status app_init(struct app *app, struct cli_ctx *ctx, struct db *db,
                         struct irt_err *err);

/* Closes every view and frees what app owns (not db). */
void app_free(struct app *app);

/* Runs the loop until a view sets quit or a signal arrives. */
void app_run(struct app *app);

/* Re-reads the terminal size (after KEY_RESIZE) and marks a full redraw. */
void app_layout(struct app *app);

/* Whether the terminal is below APP_MIN_COLS x APP_MIN_ROWS: only the
 * one-line notice shows. */
int app_too_small(const struct app *app);

/*
 * Opens a view of ops with arg and puts it on top. Returns 0, or -1 when
 * the stack is full or the view refused to open (the status line says
 * why).
 */
int app_push(struct app *app, const struct view_ops *ops, const void *arg);

/* Closes view v and takes it off the stack wherever it is; v is freed,
 * so the caller must not touch it afterwards. */
void app_remove(struct app *app, struct view *v);

/* The view directly beneath v, or NULL. */
struct view *app_below(struct app *app, struct view *v);

/* Says something on the status line (until the next key). */
void app_status(struct app *app, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Shows err's message on the status line as an error. */
void app_error(struct app *app, const struct irt_err *err);

/* The TUI changed data itself: every view reloads. */
void app_changed(struct app *app);

/*
 * Lets the user write text in $VISUAL/$EDITOR, starting from initial
 * (may be NULL). The terminal is given back to the shell while the
 * editor runs and restored afterwards. On IRT_OK *out is malloc'd text.
 *
 * A hang-up or SIGTERM while the editor runs returns at once with
 * IRT_ERR_INTERRUPTED: the editor is sent the same signal, *out is what
 * its file holds then (malloc'd, or NULL when it is empty) for the
 * caller to keep (a form field, which the hang-up saves as a draft, or a
 * draft), and the file stays until the loop has let every view save
 * (it is removed then, or named on stderr when something could not be
 * kept). The terminal is not taken back: the loop ends next.
 */
enum irt_status app_edit_text(struct app *app, const char *initial, char **out,
                              struct irt_err *err);

/* The tracker acting as the user on the database. */
struct tracker *app_tracker(struct app *app);

#endif
