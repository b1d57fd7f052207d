/*
 * output.h - printing for the command line: terminal-safe text, JSON
 * envelopes, and the tables list/show/timeline share.
 *
 * Every --json output goes through here and jsonw (jsonw.h): text as
 * jansson's json_dumps writes it, with DEL and the C1 controls escaped
 * as jansson escapes C0 (\u007F, \u0080..\u009F), so no raw control
 * character reaches a terminal and the values read back unchanged.
 */
#ifndef IRT_OUTPUT_H
#define IRT_OUTPUT_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "irt/jsonw.h"

/* Prints s with control characters made visible (sanitize.h). Newlines
 * are kept when multiline is set. */
void out_text(FILE *out, const char *s, int multiline);

/* Prints s cut/padded to cols display columns, sanitised, one line. */
void out_cell(FILE *out, const char *s, int cols);

/* Writes value as JSON text with jansson's json_dumps flags (nothing,
 * as jansson, for a value that is not an object or array without
 * JSON_ENCODE_ANY); value stays the caller's. Returns 0, or 1 when it
 * cannot be written. */
int out_json_dump(FILE *out, json_t *value, size_t flags);

/* Writes {"format": format, key: value} as indented JSON plus a newline;
 * takes ownership of value. Returns 0, or 1 on a write error. */
int out_json(FILE *out, const char *format, const char *key, json_t *value);

/*
 * The same envelope, streamed: begin writes {"format": format, key: and
 * returns the writer, with which the caller writes key's value and any
 * further members; end closes the document with a newline and frees the
 * writer, returning 0, or 1 on a write error.
 */
struct jsonw *out_json_begin(FILE *out, const char *format, const char *key);
int out_json_end(struct jsonw *w);

/*
 * The envelope of a long array with each item on one line (compact):
 * begin, then before each item out_json_array_next and one value
 * written with the writer, then end, which frees the writer and returns
 * 0, or 1 on a write error.
 */
struct jsonw *out_json_array_begin(FILE *out, const char *format,
                                   const char *key);
void out_json_array_next(struct jsonw *w, size_t index);
int out_json_array_end(struct jsonw *w);

/* Local short time, or "-" for 0. */
void out_time(FILE *out, int64_t ms);

#endif
