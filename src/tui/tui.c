/*
 * tui.c - entry point of the terminal interface: opens the database,
 * starts curses, runs the loop over the list view, and gives the
 * terminal back on every way out (quit, a signal, a fatal error).
 */
#include "tui/tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "irt/config.h"
#include "irt/db.h"
#include "irt/xalloc.h"
#include "tui/app.h"
#include "tui/draw.h"
#include "tui/provide_curses.h"
#include "tui/view_list.h"

/* The fatal hook (xalloc.h): whatever happens, the terminal is restored
 * before irt aborts. */
static void restore_terminal(void)
{
	if (!isendwin())
		endwin();
}

int tui_main(struct cli_ctx *ctx)
{
	struct irt_err err;
	struct app app;
	struct db *db;
	SCREEN *screen;
	int rc = 0;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_error("the terminal interface needs a terminal; 'irt help' "
		          "lists the commands");
		return 2;
	}
	if (cli_db(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	if (app_init(&app, ctx, db, &err) != IRT_OK) {
		app_free(&app);
		return cli_fail(&err);
	}
	app_signals_install();
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		cli_error("cannot use the terminal (TERM=%s)",
		          getenv("TERM") ? getenv("TERM") : "");
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
	draw_styles_init(&app, config_color(ctx->config));
	getmaxyx(stdscr, app.rows, app.cols);
	if (app_push(&app, &view_list_ops, NULL) == 0)
		app_run(&app);
	else
		rc = 1;
	app_free(&app);
	endwin();
	delscreen(screen);
	xalloc_set_fatal_hook(NULL);
	if (app.signal)
		rc = 128 + app.signal;
	return rc;
}
