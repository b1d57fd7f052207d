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
	struct dbq *st;
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
	dbq_bind_int64(st, 1, since_ms);
	dbq_bind_int64(st, 2, until_ms);
	while ((rc = dbq_step(st)) == DBQ_ROW) {
		struct report_row *r;
		int c = 0;

		if (rows->count == cap) {
			cap = cap ? cap * 2 : 64;
			rows->items = xrealloc(rows->items, cap * sizeof *r);
		}
		r = &rows->items[rows->count++];
		r->id = (long)dbq_int64(st, c++);
		r->title = db_col_str(st, c++);
		r->severity = (enum severity)dbq_int(st, c++);
		r->stage = (enum stage)dbq_int(st, c++);
		r->prev_stage = (enum stage)dbq_int(st, c++);
		r->resolution = (enum resolution)dbq_int(st, c++);
		r->reported_ms = dbq_int64(st, c++);
		r->acked_ms = dbq_int64(st, c++);
		for (int s = 0; s < STAGE_COUNT; s++)
			r->entered_ms[s] = dbq_int64(st, c++);
		for (int s = 0; s < STAGE_COUNT; s++)
			r->left_ms[s] = dbq_int64(st, c++);
	}
	if (rc != DBQ_DONE) {
		status =
		    db_fail(db, rc, "reading incidents for the report", err);
		report_rows_free(rows);
	}
	dbq_finalize(st);
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
