/*
 * output.c - terminal-safe text and JSON envelopes for the commands.
 */
#include "cli/output.h"

#include <stdlib.h>

#include "irt/jsonw.h"
#include "irt/sanitize.h"
#include "irt/textcol.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

void out_text(FILE *out, const char *s, int multiline)
{
	char *safe =
	    sanitize_terminal(s, multiline ? SANITIZE_KEEP_NEWLINES : 0);

	fputs(safe, out);
	free(safe);
}

void out_cell(FILE *out, const char *s, int cols)
{
	char *safe = sanitize_terminal(s, 0);
	size_t size = 4 * (size_t)cols + 16;
	char *cell = xmalloc(size);

	textcol_fit(safe, cols, 1, cell, size);
	fputs(cell, out);
	free(cell);
	free(safe);
}

/* The flags of every indented envelope: reals with 4 significant digits
 * (CVSS scores are one decimal below 10). */
#define ENVELOPE_FLAGS                                                         \
	(JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4))

int out_json_dump(FILE *out, json_t *value, size_t flags)
{
	struct jsonw *w;

	/* What json_dumps refuses. */
	if (!value || (!(flags & JSON_ENCODE_ANY) && !json_is_object(value) &&
	               !json_is_array(value)))
		return 1;
	w = jsonw_new_text(out, flags);
	jsonw_value_new(w, json_incref(value));
	return jsonw_free(w) != 0;
}

int out_json(FILE *out, const char *format, const char *key, json_t *value)
{
	struct jsonw *w = out_json_begin(out, format, key);

	jsonw_value_new(w, value);
	return out_json_end(w);
}

struct jsonw *out_json_begin(FILE *out, const char *format, const char *key)
{
	struct jsonw *w = jsonw_new_text(out, ENVELOPE_FLAGS);

	jsonw_object_begin(w);
	jsonw_key(w, "format");
	jsonw_string(w, format);
	jsonw_key(w, key);
	return w;
}

int out_json_end(struct jsonw *w)
{
	jsonw_object_end(w);
	jsonw_raw(w, "\n");
	return jsonw_free(w) != 0;
}

struct jsonw *out_json_array_begin(FILE *out, const char *format,
                                   const char *key)
{
	struct jsonw *w = jsonw_new_text(
	    out, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4));

	jsonw_raw(w, "{\n  \"format\": ");
	jsonw_string(w, format);
	jsonw_raw(w, ",\n  ");
	jsonw_string(w, key);
	jsonw_raw(w, ": [");
	return w;
}

void out_json_array_next(struct jsonw *w, size_t index)
{
	jsonw_raw(w, index ? ",\n    " : "\n    ");
}

int out_json_array_end(struct jsonw *w)
{
	jsonw_raw(w, "\n  ]\n}\n");
	return jsonw_free(w) != 0;
}

void out_time(FILE *out, int64_t ms)
{
	char buf[TIMEUTIL_BUFSZ];

	if (!ms) {
		fputs("-", out);
		return;
	}
	timeutil_format_local_short(ms, buf, sizeof buf);
	fputs(buf, out);
}
