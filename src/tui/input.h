/*
 * input.h - reading keys from the terminal without losing characters.
 *
 * ncurses' get_wch reads a character's bytes one by one, and when the
 * rest of a multibyte character has not come within the timeout it gives
 * up and drops the bytes it read: with a timeout of 0 (keys taken while
 * they keep coming) a UTF-8 character the terminal or the network split
 * in two was lost, with whatever came after it in that read. input_key
 * keeps the bytes of a character begun until the rest arrive.
 */
#ifndef IRT_TUI_INPUT_H
#define IRT_TUI_INPUT_H

#include "tui/provide_curses.h"

/* How long the rest of a character begun is waited for before what came
 * of it is taken as one invalid character. */
#define INPUT_REST_MS 1000

/*
 * One key, as get_wch gives it: OK with a character in *wch, KEY_CODE_YES
 * with a function key (KEY_RESIZE, KEY_LEFT, ...), ERR when none came
 * within timeout_ms (0: only one already waiting; < 0: wait for one) or a
 * signal came. A character begun is waited for up to INPUT_REST_MS more;
 * bytes that make no character in the locale's encoding come as one
 * U+FFFD each.
 */
int input_key(int timeout_ms, wint_t *wch);

#endif
