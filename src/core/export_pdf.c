/*
 * export_pdf.c - finds and loads the PDF renderer, the module irt-pdf.so
 * (src/pdf/export_pdf.c), the first time a PDF is exported.
 *
 * Beside the running program first (a build tree, where irt and the
 * module are built side by side), then IRT_MODULEDIR, where irt is
 * installed; never a directory from the environment, so what renders a
 * PDF is always the module built with this irt.
 */
#include "irt/export_pdf.h"

#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "irt/xalloc.h"

typedef int (*render_fn)(const struct pm_doc *, enum export_paper, FILE *);

static render_fn render;

/* Loads path and takes its entry point; 0, or -1 with why in *why. */
static int load(const char *path, char **why)
{
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	render_fn fn;

	if (!h) {
		free(*why);
		*why = xstrdup(dlerror());
		return -1;
	}
	*(void **)&fn = dlsym(h, EXPORT_PDF_ENTRY);
	if (!fn) {
		free(*why);
		*why = xasprintf("%s has no %s", path, EXPORT_PDF_ENTRY);
		dlclose(h);
		return -1;
	}
	render = fn; /* kept loaded for the life of the process */
	return 0;
}

enum irt_status export_pdf_load(struct irt_err *err)
{
	char exe[PATH_MAX], *beside = NULL, *installed, *why = NULL;
	ssize_t n;
	enum irt_status status = IRT_OK;

	if (render)
		return IRT_OK;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		beside = xasprintf("%s/%s", dirname(exe), EXPORT_PDF_MODULE);
		if (access(beside, F_OK) == 0 && load(beside, &why) == 0)
			goto out;
	}
	installed = xasprintf("%s/%s", IRT_MODULEDIR, EXPORT_PDF_MODULE);
	if (load(installed, &why) != 0)
		status = irt_err_set(err, IRT_ERR_IO,
		                     "cannot export a PDF: its renderer cannot "
		                     "be loaded (%s); reinstall irt",
		                     why ? why : installed);
	free(installed);
out:
	free(beside);
	free(why);
	return status;
}

int export_pdf_write(const struct pm_doc *pm, enum export_paper paper,
                     FILE *out)
{
	return render ? render(pm, paper, out) : -1;
}
