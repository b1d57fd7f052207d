/*
 * testdb.h - temporary databases for the unit tests.
 */
#ifndef IRT_TESTDB_H
#define IRT_TESTDB_H

#include <stddef.h>

#include "irt/db.h"

/*
 * Creates and opens a fresh irt database named after `name` in
 * $IRT_TEST_TMP (or /tmp); its path goes to path (size bytes). Aborts the
 * test on failure.
 */
struct db *testdb_open(char *path, size_t size, const char *name);

/* Closes db and removes its file and the WAL files beside it. */
void testdb_close(struct db *db, const char *path);

#endif
