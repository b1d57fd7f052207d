/*
 * textcol.h - measuring and cutting UTF-8 text by display columns
 * (wcwidth), never by bytes, so CJK and emoji line up. Call
 * setlocale(LC_ALL, "") first; in a non-UTF-8 locale each character
 * counts as one column.
 */
#ifndef IRT_TEXTCOL_H
#define IRT_TEXTCOL_H

#include <stddef.h>

/* Display columns of s (invalid bytes count 1 each). */
int textcol_width(const char *s);

/*
 * Copies into out (size bytes) the longest prefix of s that fits in
 * `cols` columns; when s is cut, the last column shows "…". With pad,
 * spaces fill up to `cols`. Returns the columns used.
 */
int textcol_fit(const char *s, int cols, int pad, char *out, size_t size);

/*
 * The length in bytes of the longest prefix of s that fits in `cols`
 * columns, never cutting a character; *used (may be NULL) gets its
 * width. For wrapping text into lines.
 */
size_t textcol_prefix(const char *s, int cols, int *used);

#endif
