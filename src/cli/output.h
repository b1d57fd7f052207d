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

/* Writes {"format": format, key: value} as indented JSON plus a newline;
 * takes ownership of value. Returns 0, or 1 on a write error. */
int out_json(FILE *out, const char *format, const char *key, json_t *value);

/* Local short time, or "-" for 0. */
void out_time(FILE *out, int64_t ms);

#endif
