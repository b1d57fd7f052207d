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
int export_csaf_write(const struct export_doc *doc, FILE *out);
int export_osv_write(const struct export_doc *doc, FILE *out);

/* ---- the advisories' pieces (export_advisory.c) --------------------- */

/* Public text of one line (names, titles): control characters in their
 * visible forms, newlines and tabs as spaces, blanks trimmed at both
 * ends. Malloc'd; caller frees. */
char *export_advisory_line(const char *s);

/* Public prose: the same, but line breaks kept. Malloc'd. */
char *export_advisory_text(const char *s);

/* Whether s is one absolute http(s) URL (no blanks or controls), which
 * an advisory may carry as a reference. */
int export_advisory_is_url(const char *s);

/* The product's name as the advisory gives it: the product field, else
 * the component; "" when neither is set. Points into inc. */
const char *export_advisory_product(const struct incident *inc);

/* The affected versions: the versions field split at commas, each
 * trimmed (export_advisory_line), empty ones and repeats dropped.
 * *out is a malloc'd array of malloc'd strings; free with
 * export_advisory_versions_free. Returns the count. */
size_t export_advisory_versions(const struct incident *inc, char ***out);
void export_advisory_versions_free(char **versions, size_t n);

/* Whether ev is a revision of the advisory: the incident's creation, or
 * a change of a field the advisory carries (docs/exports.md). */
int export_advisory_revision(const struct event *ev);

#endif
