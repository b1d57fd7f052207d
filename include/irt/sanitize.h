/*
 * sanitize.h - making stored text safe to show to a person: on a
 * terminal, in a post-mortem, a CSV file or a mail.
 *
 * Text from users is data: control characters (C0 except the ones kept on
 * request, DEL, C1) and anything that is not valid UTF-8 never reach the
 * terminal. Control characters become U+FFFD-free visible forms: "^[" for
 * ESC, "^A".. for C0, "<80>".. for C1; invalid bytes become "\xNN".
 * Characters that are invisible or change how the text around them is
 * shown (sanitize_invisible: bidirectional embeddings, overrides,
 * isolates and marks, zero-width characters, line and paragraph
 * separators, the byte order mark) become "<U+202E>" and the like, so a
 * title cannot display as something other than what is stored.
 *
 * JSON keeps the exact text; sanitize_json only makes its escaping
 * complete.
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

/* Whether code point cp is one sanitize_terminal shows as "<U+XXXX>":
 * U+061C, U+200B..U+200F, U+2028, U+2029, U+202A..U+202E,
 * U+2060..U+2064, U+2066..U+2069, U+FEFF. */
int sanitize_invisible(unsigned cp);

/*
 * A malloc'd copy of json, text written by jansson, with DEL and the C1
 * controls (U+0080..U+009F), which jansson leaves raw, escaped as
 * "\u007F" and "\u0080".."\u009F" (uppercase hex, as jansson writes
 * "\u001B"). Those bytes only occur inside JSON strings, so the value
 * read back is unchanged. Caller frees.
 */
char *sanitize_json(const char *json);

/* Whether s is entirely valid UTF-8. */
int sanitize_utf8_valid(const char *s, size_t len);

#endif
