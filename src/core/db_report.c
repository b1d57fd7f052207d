/*
 * db_report.c - the rows `irt report` is computed from: each incident
 * reported in a period with its severity, stage and stage times.
 */
#include "db_internal.h"

#include <stdlib.h>
#include <string.h>

#include "irt/xalloc.h"

enum irt_status db_report_rows(struct db *db, int64_t since_ms,
                               int64_t until_ms, struct report_rows *rows,
                               struct irt_err *err)
{
	sqlite3_stmt *st;
	enum irt_status status = db_prepare(
	    db,
	    "SELECT id, title, severity_rank, stage, prev_stage, "
	    "resolution, reported_ms, acked_ms, entered_detect, "
	    "entered_contain, entered_fix, entered_notify, entered_review, "
	    "entered_closed, left_detect, left_contain, left_fix, "
	    "left_notify, left_review, left_closed FROM incidents WHERE "
	    "(?1 = 0 OR reported_ms >= ?1) AND (?2 = 0 OR reported_ms < ?2) "
	    "ORDER BY id",
	    &st, err);
	size_t cap = 0;
	int rc;

	memset(rows, 0, sizeof *rows);
	if (status != IRT_OK)
		return status;
	sqlite3_bind_int64(st, 1, since_ms);
	sqlite3_bind_int64(st, 2, until_ms);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct report_row *r;
		int c = 0;

		if (rows->count == cap) {
			cap = cap ? cap * 2 : 64;
			rows->items = xrealloc(rows->items, cap * sizeof *r);
		}
		r = &rows->items[rows->count++];
		r->id = (long)sqlite3_column_int64(st, c++);
		r->title = db_col_str(st, c++);
		r->severity = (enum severity)sqlite3_column_int(st, c++);
		r->stage = (enum stage)sqlite3_column_int(st, c++);
		r->prev_stage = (enum stage)sqlite3_column_int(st, c++);
		r->resolution = (enum resolution)sqlite3_column_int(st, c++);
		r->reported_ms = sqlite3_column_int64(st, c++);
		r->acked_ms = sqlite3_column_int64(st, c++);
		for (int s = 0; s < STAGE_COUNT; s++)
			r->entered_ms[s] = sqlite3_column_int64(st, c++);
		for (int s = 0; s < STAGE_COUNT; s++)
			r->left_ms[s] = sqlite3_column_int64(st, c++);
	}
	if (rc != SQLITE_DONE) {
		status =
		    db_fail(db, rc, "reading incidents for the report", err);
		report_rows_free(rows);
	}
	sqlite3_finalize(st);
	return status;
}

void report_rows_free(struct report_rows *rows)
{
	if (!rows)
		return;
	for (size_t i = 0; i < rows->count; i++)
		free(rows->items[i].title);
	free(rows->items);
	memset(rows, 0, sizeof *rows);
}
