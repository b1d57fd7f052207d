/*
 * export_internal.h - shared by export.c and the renderers (export_*.c)
 * only: text escaping per format, and each renderer's entry point, which
 * export.c dispatches to. The post-mortem renderers draw the document
 * model of postmortem.h, built once by export.c, and call no other
 * renderer: a new format is one new file and one line in export.c.
 */
#ifndef IRT_EXPORT_INTERNAL_H
#define IRT_EXPORT_INTERNAL_H

#include <stdio.h>

#include "irt/export.h"
#include "irt/postmortem.h"

/* ---- text ---------------------------------------------------------- */

enum md_mode {
	MD_INLINE, /* one line: newlines become spaces (headings) */
	MD_CELL,   /* a table cell: newlines become <br> */
	MD_PROSE,  /* paragraphs: line breaks kept, blank lines split */
	MD_SPAN,   /* within a paragraph's line: line breaks kept */
};

/* Writes s as Markdown text that renders as exactly s (after the
 * visible forms of control characters): every character Markdown could
 * take as syntax is backslash-escaped. */
void export_md_text(FILE *out, const char *s, enum md_mode mode);

/* Writes s HTML-escaped (& < > " '); with br, newlines become <br>. */
void export_html_text(FILE *out, const char *s, int br);

/* ---- the renderers ------------------------------------------------- */

/* Each returns 0, or -1 when writing to out failed. The record formats
 * render the loaded incident; the post-mortem formats render the model
 * export.c built from it. */
int export_json_write(const struct export_doc *doc, FILE *out);
int export_csv_write(const struct export_doc *doc, FILE *out);
int export_md_write(const struct pm_doc *pm, FILE *out);
int export_html_write(const struct pm_doc *pm, FILE *out);

#endif
