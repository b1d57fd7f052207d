/*
 * export_pdf.c - the PDF renderer, the module irt-pdf.so
 * (src/pdf/export_pdf.c), loaded the first time a PDF is exported.
 */
#include "irt/export_pdf.h"

#include "irt/module.h"

typedef int (*render_fn)(const struct pm_doc *, enum export_paper, FILE *);

static render_fn render;

enum irt_status export_pdf_load(struct irt_err *err)
{
	void *p;

	if (render)
		return IRT_OK;
	p = module_symbol(EXPORT_PDF_MODULE, EXPORT_PDF_ENTRY,
	                  "cannot export a PDF", err);
	if (!p)
		return err->status;
	*(void **)&render = p;
	return IRT_OK;
}

int export_pdf_write(const struct pm_doc *pm, enum export_paper paper,
                     FILE *out)
{
	return render ? render(pm, paper, out) : -1;
}
