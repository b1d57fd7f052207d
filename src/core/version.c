/*
 * version.c - the run-time versions of the libraries the core links:
 * SQLite through the storage module (only it sees <sqlite3.h>), jansson,
 * cmark and libcrypto from their own version functions.
 */
#include "irt/version.h"

#include <cmark.h>
#include <jansson.h>
#include <openssl/crypto.h>

#include "irt/db.h"

size_t version_libs(struct version_lib *out)
{
	size_t n = 0;

	out[n++] = (struct version_lib){"SQLite", db_sqlite_version()};
	out[n++] = (struct version_lib){"jansson", jansson_version_str()};
	out[n++] = (struct version_lib){"cmark", cmark_version_string()};
#ifdef OPENSSL_VERSION_STRING
	out[n++] = (struct version_lib){
	    "OpenSSL", OpenSSL_version(OPENSSL_VERSION_STRING)};
#else
	out[n++] =
	    (struct version_lib){"OpenSSL", OpenSSL_version(OPENSSL_VERSION)};
#endif
	return n;
}
