/*
 * output.h - printing for the command line: terminal-safe text, JSON
 * envelopes, and the tables list/show/timeline share.
 */
#ifndef IRT_OUTPUT_H
#define IRT_OUTPUT_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

/* Prints s with control characters made visible (sanitize.h). Newlines
 * are kept when multiline is set. */
void out_text(FILE *out, const char *s, int multiline);

/* Prints s cut/padded to cols display columns, sanitised, one line. */
void out_cell(FILE *out, const char *s, int cols);

/* Writes value as JSON text (jansson's json_dumps flags), with DEL and
 * the C1 controls escaped as jansson escapes C0 (sanitize_json); value
 * stays the caller's. Returns 0, or 1 when it cannot be written. Every
 * --json output goes through here. */
int out_json_dump(FILE *out, json_t *value, size_t flags);

/* Writes {"format": format, key: value} as indented JSON plus a newline;
 * takes ownership of value. Returns 0, or 1 on a write error. */
int out_json(FILE *out, const char *format, const char *key, json_t *value);

/*
 * The same envelope for long arrays, written as it goes so no tree of
 * thousands of objects is built: begin, one item per call (ownership
 * taken; each on one line), end. end returns 0, or 1 on a write error.
 */
void out_json_array_begin(FILE *out, const char *format, const char *key);
void out_json_array_item(FILE *out, json_t *item, size_t index);
int out_json_array_end(FILE *out);

/* Local short time, or "-" for 0. */
void out_time(FILE *out, int64_t ms);

#endif
