/*
 * fuzz_import.c - libFuzzer target for `irt import`: any bytes offered as
 * an export must be refused with a message or imported, never crash, leak
 * or leave the database failing `verify`. One database, in a temporary
 * directory, serves the whole run.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "irt/import.h"
#include "irt/verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct db *db;
static char path[256];
static unsigned long runs;

static void check(int ok)
{
	if (!ok)
		abort();
}

static void cleanup(void)
{
	char side[300];

	db_close(db);
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_outcome outcome;
	struct irt_err err;
	enum irt_status st;

	if (!db) {
		const char *tmp = getenv("TMPDIR");
		int fd;

		snprintf(path, sizeof path, "%s/irt-fuzz-import-XXXXXX",
		         tmp && tmp[0] ? tmp : "/tmp");
		fd = mkstemp(path);
		check(fd >= 0);
		close(fd);
		unlink(path);
		check(db_open(path, DB_OPEN_CREATE, &db, &err) == IRT_OK);
		atexit(cleanup);
	}
	st = import_json_text(db, (const char *)data, size, "fuzzer", &outcome,
	                      &err);
	if (st != IRT_OK)
		check(err.msg[0] != '\0');
	/* Whatever was accepted must verify, now and after more imports. */
	if (st == IRT_OK || ++runs % 256 == 0) {
		struct verify_report report;

		check(verify_run(db, 0, &report, &err) == IRT_OK);
		check(report.n_problems == 0);
		verify_report_free(&report);
	}
	return 0;
}
