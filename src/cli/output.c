/*
 * output.c - terminal-safe text and JSON envelopes for the commands.
 */
#include "cli/output.h"

#include <stdlib.h>

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

int out_json_dump(FILE *out, json_t *value, size_t flags)
{
	/* One string, one write: json_dumpf writes token by token. */
	char *text = json_dumps(value, flags), *safe;
	int rc;

	if (!text)
		return 1;
	safe = sanitize_json(text);
	rc = fputs(safe, out) == EOF;
	free(safe);
	free(text);
	return rc;
}

int out_json(FILE *out, const char *format, const char *key, json_t *value)
{
	json_t *root = json_object();
	int rc;

	json_object_set_new(root, "format", json_string(format));
	json_object_set_new(root, key, value);
	rc = out_json_dump(out, root,
	                   JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	                       JSON_REAL_PRECISION(4));
	fputc('\n', out);
	json_decref(root);
	return rc;
}

void out_json_array_begin(FILE *out, const char *format, const char *key)
{
	json_t *f = json_string(format), *k = json_string(key);

	fputs("{\n  \"format\": ", out);
	out_json_dump(out, f, JSON_ENCODE_ANY);
	fputs(",\n  ", out);
	out_json_dump(out, k, JSON_ENCODE_ANY);
	fputs(": [", out);
	json_decref(f);
	json_decref(k);
}

void out_json_array_item(FILE *out, json_t *item, size_t index)
{
	fputs(index ? ",\n    " : "\n    ", out);
	out_json_dump(out, item,
	              JSON_COMPACT | JSON_PRESERVE_ORDER |
	                  JSON_REAL_PRECISION(4));
	json_decref(item);
}

int out_json_array_end(FILE *out)
{
	fputs("\n  ]\n}\n", out);
	return ferror(out) != 0;
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
