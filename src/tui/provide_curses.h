/*
 * provide_curses.h - the one place the TUI includes curses: the
 * wide-character ncursesw, so get_wch, add_wch and UTF-8 text work.
 * Every file under src/tui includes this instead of <curses.h>.
 */
#ifndef IRT_TUI_PROVIDE_CURSES_H
#define IRT_TUI_PROVIDE_CURSES_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <ncursesw/curses.h>

#endif
