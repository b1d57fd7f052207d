/*
 * tui.h - the terminal interface's entry point (DESIGN §6).
 */
#ifndef IRT_TUI_H
#define IRT_TUI_H

#include "cli/cli.h"

/* Runs the full-screen interface until the user quits; returns the exit
 * status. Refuses with a message when stdin/stdout is not a terminal. */
int tui_main(struct cli_ctx *ctx);

/* The version of the curses library the interface runs with
 * ("ncurses 6.4.20221231"), as curses_version() gives it: static. */
const char *tui_curses_version(void);

#endif
