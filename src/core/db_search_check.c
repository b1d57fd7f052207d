/*
 * db_search_check.c - whether the search index (search_keys, search_fts,
 * search_marks: 010-search-time.sql, 012-search-marks.sql) says what the
 * timeline says (db.h). The index is derived from the events, so an
 * edit of it changes no record, but it can hide a note from a search or
 * show one where it is not: irt verify names that.
 */
#include "db_internal.h"

#include <stdio.h>
#include <string.h>

/* Runs sql, which gives one row: a count and two numbers about the
 * first it counts. 1 with them set, or 0 on a read error. */
static int count_row(struct db *db, const char *sql, long *n, long *a, long *b)
{
	sqlite3_stmt *st;
	int ok = 0;

	if (sqlite3_prepare_v2(db->conn, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*n = (long)sqlite3_column_int64(st, 0);
		*a = (long)sqlite3_column_int64(st, 1);
		*b = (long)sqlite3_column_int64(st, 2);
		ok = 1;
	}
	sqlite3_finalize(st);
	return ok;
}

/* Each check: its count's SQL and what a count above 0 means. */
static const char *const checks[] = {
    /* Entries with text that have no key. */
    "SELECT count(*), min(e.incident_id), min(e.seq) FROM events e WHERE "
    "e.text <> '' AND NOT EXISTS (SELECT 1 FROM search_keys k WHERE "
    "k.event_id = e.id)",
    /* Keys that name no entry with text, or another incident or time. */
    "SELECT count(*), min(k.key), 0 FROM search_keys k LEFT JOIN events e "
    "ON e.id = k.event_id WHERE e.id IS NULL OR e.text = '' OR "
    "e.incident_id <> k.incident_id OR (k.key < 4611686018427387904 AND "
    "(k.key < e.at_ms * 16384 OR k.key >= e.at_ms * 16384 + 16384))",
    /* Keys whose note is not indexed. */
    "SELECT count(*), min(k.key), 0 FROM search_keys k WHERE NOT EXISTS "
    "(SELECT 1 FROM search_fts_docsize d WHERE d.id = k.key)",
    /* Indexed notes without a key. */
    "SELECT count(*), min(d.id), 0 FROM search_fts_docsize d WHERE NOT "
    "EXISTS (SELECT 1 FROM search_keys k WHERE k.key = d.id)",
};

static void describe(size_t check, long n, long a, long b, char *what,
                     size_t size)
{
	const char *s = n == 1 ? "" : "s";

	switch (check) {
	case 0:
		snprintf(what, size,
		         "%ld entr%s with text missing (#%ld event %ld is "
		         "one): a search does not find them",
		         n, n == 1 ? "y" : "ies", a, b);
		break;
	case 1:
		snprintf(what, size,
		         "%ld key%s naming no entry with text, or another "
		         "incident or time (key %ld)",
		         n, s, a);
		break;
	case 2:
		snprintf(what, size,
		         "%ld note%s keyed but not indexed (key %ld): a search "
		         "does not find them",
		         n, s, a);
		break;
	default:
		snprintf(what, size,
		         "%ld indexed note%s that no entry holds (key %ld): a "
		         "search can show what the timeline does not",
		         n, s, a);
		break;
	}
}

int db_search_check(struct db *db, char *what, size_t size)
{
	long n, a, b;

	if (db->engine->search)
		return 0; /* the server's index is the server's own */
	for (size_t i = 0; i < sizeof checks / sizeof *checks; i++) {
		if (!count_row(db, checks[i], &n, &a, &b)) {
			snprintf(what, size, "cannot be read: %s",
			         sqlite3_errmsg(db->conn));
			return -1;
		}
		if (n) {
			describe(i, n, a, b, what, size);
			return -1;
		}
	}
	return db_search_marks_check(db, what, size);
}

enum irt_status db_search_index_check(struct db *db, int *bad, char *what,
                                      size_t size, struct irt_err *err)
{
	enum irt_status status = IRT_OK;
	int own = !db->in_write && !db->in_read, rc;

	*bad = 0;
	if (db->engine->search)
		return IRT_OK;
	if (own && (status = db_write_begin(db, err)) != IRT_OK)
		return status;
	rc = sqlite3_exec(db->conn,
	                  "INSERT INTO search_fts (search_fts, rank) VALUES "
	                  "('integrity-check', 1)",
	                  NULL, NULL, NULL);
	if (rc == SQLITE_CORRUPT_VTAB || rc == SQLITE_CORRUPT) {
		*bad = 1;
		snprintf(
		    what, size,
		    "the full-text index does not match the notes it was "
		    "made from (search_fts was edited): a search can miss a "
		    "note or show one where it is not");
	} else if (rc != SQLITE_OK) {
		status = db_fail(db, rc, "checking the full-text index", err);
	}
	if (own)
		db_write_rollback(db);
	return status;
}
