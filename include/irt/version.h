/*
 * version.h - the versions of the libraries the core runs with, as `irt
 * --version` prints them: what each library reports at run time (the
 * shared library loaded), not the headers irt was built against.
 */
#ifndef IRT_VERSION_H
#define IRT_VERSION_H

#include <stddef.h>

struct version_lib {
	const char *name;    /* "SQLite" */
	const char *version; /* "3.40.1": static, never freed */
};

/* How many libraries version_libs() reports, at most. */
#define VERSION_LIBS_MAX 8

/* Fills out (room for VERSION_LIBS_MAX) with SQLite, jansson, cmark and
 * OpenSSL (libcrypto) and their run-time versions, in that order; returns
 * how many. Cannot fail. */
size_t version_libs(struct version_lib *out);

#endif
