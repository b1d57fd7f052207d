/*
 * testdb.c - temporary databases for the unit tests.
 */
#include "testdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct db *testdb_open(char *path, size_t size, const char *name)
{
	const char *tmp = getenv("IRT_TEST_TMP");
	struct irt_err err;
	struct db *db;
	int fd;

	snprintf(path, size, "%s/%s-%d-XXXXXX", tmp ? tmp : "/tmp", name,
	         (int)getpid());
	fd = mkstemp(path);
	if (fd < 0) {
		perror(path);
		abort();
	}
	close(fd);
	unlink(path);
	if (db_open(path, DB_OPEN_CREATE, &db, &err) != IRT_OK) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		abort();
	}
	return db;
}

void testdb_close(struct db *db, const char *path)
{
	char side[1024];

	db_close(db);
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}
