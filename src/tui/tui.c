/*
 * tui.c - entry point of the terminal interface: checks the terminal,
 * opens the database, starts curses, runs the loop over the list view,
 * and gives the terminal back on every way out (quit, a signal, a fatal
 * error).
 *
 * Before anything is opened or drawn, the terminal must be one curses
 * can drive (TERM set, known to terminfo, able to move the cursor);
 * otherwise irt says why and exits 2 with the terminal and the database
 * untouched. In a locale that is not UTF-8 the interface still runs, but
 * only ASCII reaches the terminal (draw.h, lineedit.h): text is handled
 * as UTF-8 inside (LC_CTYPE C.UTF-8), so nothing stored is altered.
 */
#include "tui/tui.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "irt/config.h"
#include "irt/db.h"
#include "irt/sanitize.h"
#include "irt/xalloc.h"
#include "tui/app.h"
#include "tui/draw.h"
#include "tui/lineedit.h"
#include "tui/provide_curses.h"
#include "tui/view_list.h"

#include <ncursesw/term.h> /* after curses.h: setupterm, tigetstr */

/* The fatal hook (xalloc.h): whatever happens, the terminal is restored
 * (bracketed paste off too) before irt aborts. */
static void restore_terminal(void)
{
	if (!isendwin()) {
		app_paste_off();
		endwin();
	}
}

/*
 * Whether $TERM names a terminal curses can drive: set, in the terminfo
 * database, not a hardcopy one, with cursor addressing (TERM=dumb has
 * none). Nothing is written to the terminal. Returns 0, or prints why not
 * and returns 2.
 */
static int terminal_usable(void)
{
	const char *term = getenv("TERM");
	const char *fix = "set TERM to your terminal's type (e.g. "
	                  "TERM=xterm-256color); the commands ('irt help') "
	                  "work without one";
	char *name, *cup;
	int err = 0, rc = 2;

	if (!term || !term[0]) {
		cli_error("TERM is not set, so the terminal interface cannot "
		          "drive the terminal; %s",
		          fix);
		return 2;
	}
	name = sanitize_terminal(term, 0);
	if (strlen(name) > 60)
		strcpy(name + 57, "...");
	if (setupterm(term, STDOUT_FILENO, &err) != OK) {
		if (err == 1)
			cli_error("TERM=%s is a hardcopy terminal; %s", name,
			          fix);
		else if (err == 0)
			cli_error("unknown terminal type TERM=%s (not in the "
			          "terminfo database); %s",
			          name, fix);
		else
			cli_error("no terminfo database found for TERM=%s; "
			          "install ncurses-base or %s",
			          name, fix);
		goto out;
	}
	cup = tigetstr("cup");
	if (!cup || cup == (char *)-1) {
		cli_error("TERM=%s cannot move the cursor, which the terminal "
		          "interface needs; %s",
		          name, fix);
	} else {
		rc = 0;
	}
	del_curterm(cur_term);
out:
	free(name);
	return rc;
}

/*
 * Whether only ASCII may be sent: the locale's character set is not
 * UTF-8 (LANG=C, LC_ALL=POSIX, a Latin-1 locale, an uninstalled one).
 * Then text is still handled as UTF-8 inside (LC_CTYPE is switched to
 * C.UTF-8) and shown in ASCII. Returns 1 for ASCII, 0 for UTF-8, or -1
 * after printing why when no UTF-8 locale exists to handle text with.
 */
static int ascii_terminal(void)
{
	static const char *const utf8_locales[] = {"C.UTF-8", "C.utf8",
	                                           "en_US.UTF-8"};

	if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return 0;
	for (size_t i = 0; i < sizeof utf8_locales / sizeof *utf8_locales; i++)
		if (setlocale(LC_CTYPE, utf8_locales[i]))
			return 1;
	cli_error("the terminal interface needs a UTF-8 locale to handle "
	          "text, and none is installed (C.UTF-8 is missing)");
	return -1;
}

int tui_main(struct cli_ctx *ctx)
{
	struct irt_err err;
	struct app app;
	struct db *db;
	SCREEN *screen;
	int rc = 0, ascii;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_error("the terminal interface needs a terminal; 'irt help' "
		          "lists the commands");
		return 2;
	}
	if (terminal_usable() != 0)
		return 2;
	ascii = ascii_terminal();
	if (ascii < 0)
		return 2;
	if (cli_db(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	if (app_init(&app, ctx, db, &err) != IRT_OK) {
		app_free(&app);
		return cli_fail(&err);
	}
	app_signals_install();
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		cli_error("cannot start the terminal interface on this "
		          "terminal");
		app_free(&app);
		return 1;
	}
	xalloc_set_fatal_hook(restore_terminal);
	set_term(screen);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	set_escdelay(25);
	timeout(250);
	curs_set(0);
	app_paste_on();
	app.ascii = ascii;
	lineedit_ascii(ascii);
	draw_styles_init(&app, config_color(ctx->config));
	getmaxyx(stdscr, app.rows, app.cols);
	if (app_push(&app, &view_list_ops, NULL) == 0)
		app_run(&app);
	else
		rc = 1;
	app_free(&app);
	/* Already done when a hang-up came while the editor ran. */
	restore_terminal();
	delscreen(screen);
	xalloc_set_fatal_hook(NULL);
	if (app.signal)
		rc = 128 + app.signal;
	return rc;
}

const char *tui_curses_version(void)
{
	return curses_version();
}
