/*
 * export_csv.c - the timeline as CSV (RFC 4180): a header row, then one
 * row per event ordered by when it happened, CRLF line ends, every field
 * holding a comma, a double quote, CR or LF quoted with its quotes
 * doubled.
 *
 * Spreadsheets run a cell that starts with = + - @ (or TAB or CR before
 * one of them) as a formula; such cells get a leading apostrophe, as the
 * OWASP guidance on CSV injection advises, so the cell shows as text.
 * Control characters, invisible and direction-changing characters and
 * invalid UTF-8 appear in the visible forms of sanitize.h; the JSON
 * export keeps the exact text.
 */
#include "export_internal.h"

#include <stdlib.h>
#include <string.h>

#include "irt/sanitize.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

void export_csv_cell(FILE *out, const char *s, int last)
{
	char *safe =
	    sanitize_terminal(s, SANITIZE_KEEP_NEWLINES | SANITIZE_KEEP_TABS);
	int formula = safe[0] && strchr("=+-@\t\r", safe[0]) != NULL;

	if (formula || strpbrk(safe, ",\"\r\n")) {
		fputc('"', out);
		if (formula)
			fputc('\'', out);
		for (const char *p = safe; *p; p++) {
			if (*p == '"')
				fputc('"', out);
			fputc(*p, out);
		}
		fputc('"', out);
	} else {
		fputs(safe, out);
	}
	fputs(last ? "\r\n" : ",", out);
	free(safe);
}

static void cell(FILE *out, const char *s, int last)
{
	export_csv_cell(out, s, last);
}

static int by_at(const void *a, const void *b)
{
	const struct event *x = *(const struct event *const *)a;
	const struct event *y = *(const struct event *const *)b;

	if (x->at_ms != y->at_ms)
		return x->at_ms < y->at_ms ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int export_csv_write(const struct export_doc *doc, FILE *out)
{
	static const char *const head[] = {
	    "seq",  "at",      "recorded", "reconstructed", "actor",
	    "kind", "summary", "field",    "old",           "new",
	    "text", "data",    "hash"};
	const size_t n_head = sizeof head / sizeof *head;
	size_t n = doc->events.count;
	const struct event **order = xmalloc((n ? n : 1) * sizeof *order);

	for (size_t i = 0; i < n_head; i++)
		cell(out, head[i], i + 1 == n_head);
	for (size_t i = 0; i < n; i++)
		order[i] = &doc->events.items[i];
	qsort(order, n, sizeof *order, by_at);
	for (size_t i = 0; i < n; i++) {
		const struct event *ev = order[i];
		char seq[32], at[TIMEUTIL_BUFSZ], rec[TIMEUTIL_BUFSZ];
		char *summary = event_describe(ev);

		snprintf(seq, sizeof seq, "%ld", ev->seq);
		timeutil_format_utc(ev->at_ms, at, sizeof at);
		timeutil_format_utc(ev->recorded_ms, rec, sizeof rec);
		cell(out, seq, 0);
		cell(out, at, 0);
		cell(out, rec, 0);
		cell(out, event_is_backdated(ev) ? "yes" : "no", 0);
		cell(out, ev->actor, 0);
		cell(out, ev->kind, 0);
		cell(out, summary, 0);
		cell(out, ev->field, 0);
		cell(out, ev->old_value, 0);
		cell(out, ev->new_value, 0);
		cell(out, ev->text, 0);
		cell(out, ev->data, 0);
		cell(out, ev->hash, 1);
		free(summary);
	}
	free(order);
	return ferror(out) ? -1 : 0;
}
