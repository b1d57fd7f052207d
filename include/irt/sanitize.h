/*
 * sanitize.h - making stored text safe to show on a terminal.
 *
 * Text from users is data: control characters (C0 except the ones kept on
 * request, DEL, C1) and anything that is not valid UTF-8 never reach the
 * terminal. Control characters become U+FFFD-free visible forms: "^[" for
 * ESC, "^A".. for C0, "<80>".. for C1; invalid bytes become "\xNN".
 */
#ifndef IRT_SANITIZE_H
#define IRT_SANITIZE_H

#include <stddef.h>

enum sanitize_flags {
	SANITIZE_KEEP_NEWLINES = 1, /* keep '\n' (multi-line notes) */
	SANITIZE_KEEP_TABS = 2,     /* keep '\t' (else a space) */
};

/* A malloc'd safe copy of s (NULL gives ""). Caller frees. */
char *sanitize_terminal(const char *s, int flags);

/* Whether s is entirely valid UTF-8. */
int sanitize_utf8_valid(const char *s, size_t len);

#endif
