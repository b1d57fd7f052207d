/*
 * module.c - finding and loading irt's modules (module.h).
 */
#include "irt/module.h"

#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "irt/xalloc.h"

/* The module beside the running program, if there is one (malloc'd). */
static char *beside_program(const char *file)
{
	char exe[PATH_MAX], *path;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	path = xasprintf("%s/%s", dirname(exe), file);
	if (access(path, F_OK) == 0)
		return path;
	free(path);
	return NULL;
}

void *module_symbol(const char *file, const char *sym, const char *what,
                    struct irt_err *err)
{
	char *path = beside_program(file);
	void *h, *p = NULL;
	/* The Debian package that installs it is named as the file is. */
	int pkg = (int)strcspn(file, ".");

	if (!path)
		path = xasprintf("%s/%s", IRT_MODULEDIR, file);
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		irt_err_set(err, IRT_ERR_IO,
		            "%s: its module cannot be loaded (%s); install the "
		            "%.*s package, or reinstall irt",
		            what, dlerror(), pkg, file);
	else if (!(p = dlsym(h, sym)))
		irt_err_set(err, IRT_ERR_IO,
		            "%s: %s has no %s; install the %.*s package, or "
		            "reinstall irt",
		            what, path, sym, pkg, file);
	free(path);
	return p;
}
