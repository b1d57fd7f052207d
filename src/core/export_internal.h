/*
 * export_internal.h - shared by the export renderers (export*.c) only:
 * text escaping per format and the post-mortem's document model, which
 * the Markdown and HTML renderers both draw from so they say the same.
 */
#ifndef IRT_EXPORT_INTERNAL_H
#define IRT_EXPORT_INTERNAL_H

#include <stdio.h>

#include "irt/export.h"

/* ---- text ---------------------------------------------------------- */

enum md_mode {
	MD_INLINE, /* one line: newlines become spaces (headings) */
	MD_CELL,   /* a table cell: newlines become <br> */
	MD_PROSE,  /* paragraphs: line breaks kept, blank lines split */
};

/* Writes s as Markdown text that renders as exactly s (after the
 * visible forms of control characters): every character Markdown could
 * take as syntax is backslash-escaped. */
void export_md_text(FILE *out, const char *s, enum md_mode mode);

/* Writes s HTML-escaped (& < > " '); with br, newlines become <br>. */
void export_html_text(FILE *out, const char *s, int br);

/* ---- the post-mortem ----------------------------------------------- */

enum pm_block_kind {
	PM_MARKDOWN, /* md holds Markdown text (headings, paragraphs) */
	PM_TABLE,    /* a table of plain-text cells */
	PM_CHART,    /* the stage chart (HTML only) */
};

struct pm_table {
	const char *cls; /* what it lists: "timeline", "fields", ... */
	size_t n_cols;
	const char *const *head; /* n_cols column titles (static) */
	char **cells;            /* n_rows * n_cols plain-text cells */
	size_t n_rows;
	size_t cap_rows;
};

struct pm_block {
	enum pm_block_kind kind;
	char *md;
	struct pm_table table;
};

struct postmortem {
	struct pm_block *blocks;
	size_t n_blocks;
	char *title; /* plain text, for the HTML <title> */
};

/* Builds the post-mortem of doc. Free with postmortem_free. */
void postmortem_build(const struct export_doc *doc, struct postmortem *pm);
void postmortem_free(struct postmortem *pm);

/* The renderers. Each returns 0, or -1 when writing to out failed. */
int export_json_write(const struct export_doc *doc, FILE *out);
int export_md_write(const struct export_doc *doc, FILE *out);
int export_html_write(const struct export_doc *doc, FILE *out);
int export_csv_write(const struct export_doc *doc, FILE *out);

#endif
