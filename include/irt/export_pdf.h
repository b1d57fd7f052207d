/*
 * export_pdf.h - the post-mortem as a PDF document, laid out with Pango
 * on Cairo: A4 or US Letter, page numbers "page N of M", tables whose
 * header row repeats on every page they cross, the charts drawn as
 * vector graphics, and the chain head hash with the command that
 * verifies it on the last page.
 *
 * The renderer (src/pdf/export_pdf.c) is the module irt-pdf.so, loaded
 * only when a PDF is asked for (module.h), so that no other command pays
 * for loading Pango and Cairo.
 *
 * Stored text is never read as Pango markup: it is set as plain text and
 * styled with attribute lists, after sanitize_terminal has given control
 * and invisible characters their visible forms.
 */
#ifndef IRT_EXPORT_PDF_H
#define IRT_EXPORT_PDF_H

#include <stdio.h>

#include "irt/export.h"
#include "irt/postmortem.h"
#include "irt/status.h"

/* The module's file name, and the name of its entry point. */
#define EXPORT_PDF_MODULE "irt-pdf.so"
#define EXPORT_PDF_ENTRY  "export_pdf_render"

/* Loads the module once; IRT_ERR_IO with where it was looked for when it
 * cannot be loaded. */
enum irt_status export_pdf_load(struct irt_err *err);

/*
 * Draws the post-mortem pm (built by postmortem_build) as a PDF on
 * paper, written to out as it is produced, with the module export_pdf_load
 * loaded. Returns 0, or -1 when writing to out failed or cairo reported
 * an error. pm stays the caller's. export_write dispatches here for
 * EXPORT_PDF, with doc->paper.
 */
int export_pdf_write(const struct pm_doc *pm, enum export_paper paper,
                     FILE *out);

/* The module's entry point, what export_pdf_write calls. */
int export_pdf_render(const struct pm_doc *pm, enum export_paper paper,
                      FILE *out);

#endif
