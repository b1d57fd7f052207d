/*
 * jsonw.h - JSON written as it goes, member by member, either as text to
 * a stream or as a jansson tree, from the same calls: each documented
 * JSON shape (incident_json.h, deadline_json.h, the export) is written
 * once, against a struct jsonw, and comes out as text for the commands
 * and as a tree for `irt import`, which compares trees.
 *
 * The text is byte for byte what json_dumps would write for the same
 * tree with the same flags (JSON_INDENT(n), JSON_COMPACT,
 * JSON_REAL_PRECISION(n); keys in the order written), followed by the
 * escaping of sanitize_json: DEL and the C1 controls are written as
 * \u007F and \u0080..\u009F. So the output stays what it was when every
 * document was a tree dumped by jansson, without building one: nothing is
 * held but a buffer of JSONW_BUFSZ bytes.
 *
 * Strings are C strings of UTF-8. One that is not valid UTF-8 (a
 * hand-edited database may hold one) is written whole as U+FFFD, as
 * incident_json always wrote such text; NULL is written as "". Keys are
 * written as given and must be valid UTF-8.
 *
 * Calls must nest as JSON does (a key before each value in an object,
 * none in an array); a document written out of order is a programming
 * error, not checked here.
 */
#ifndef IRT_JSONW_H
#define IRT_JSONW_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

/* Text is gathered in a buffer of this size before each fwrite. */
#define JSONW_BUFSZ 65536

struct jsonw;

/* A writer of text to out with jansson's dump flags (indent, compact,
 * real precision; others ignored). Free with jsonw_free, which writes
 * out what is buffered. */
struct jsonw *jsonw_new_text(FILE *out, size_t flags);

/* A writer that builds a jansson tree; take it with jsonw_take_tree. */
struct jsonw *jsonw_new_tree(void);

/* The tree written so far (the first value at the top) and frees w: a
 * new reference the caller decrefs, or NULL when nothing was written. */
json_t *jsonw_take_tree(struct jsonw *w);

/* Writes out what is buffered and frees w (NULL is accepted), and with
 * it any tree not taken. Returns 0, or -1 when any write to the stream
 * failed. */
int jsonw_free(struct jsonw *w);

void jsonw_object_begin(struct jsonw *w);
void jsonw_object_end(struct jsonw *w);
void jsonw_array_begin(struct jsonw *w);
void jsonw_array_end(struct jsonw *w);

/* The key of the next member of the open object. key is copied. */
void jsonw_key(struct jsonw *w, const char *key);

void jsonw_string(struct jsonw *w, const char *s);
void jsonw_integer(struct jsonw *w, int64_t v);
/* A real as jansson writes it ("%.17g", or the flags' precision, with
 * ".0" added when it would read back as an integer). Only finite values:
 * jansson has no other. */
void jsonw_real(struct jsonw *w, double v);
void jsonw_bool(struct jsonw *w, int v);
void jsonw_null(struct jsonw *w);

/* Writes value (any jansson value; NULL writes null) and decrefs it:
 * for parts that are jansson trees already, such as a parsed event's
 * data. */
void jsonw_value_new(struct jsonw *w, json_t *value);

/*
 * A value written again and again (the policy version each deadline of
 * a list was judged by), in compact text after its key: jsonw_memo_replay
 * writes the bytes the last value recorded under key had and returns 1;
 * else 0, and the caller writes the value between jsonw_memo_begin and
 * jsonw_memo_end, which record it when they can. key names something
 * that stays valid and unchanged while w lives. Elsewhere (trees,
 * indented text) nothing is recorded and replay always returns 0.
 */
int jsonw_memo_replay(struct jsonw *w, const void *key);
void jsonw_memo_begin(struct jsonw *w, const void *key);
void jsonw_memo_end(struct jsonw *w);

/* Text writers only: writes text as it is, for an envelope that is not
 * one JSON value (`irt list --json` writes each row on one line inside
 * an indented document). The caller keeps the result valid JSON. */
void jsonw_raw(struct jsonw *w, const char *text);

#endif
