/*
 * report.h - the audit report over a period (DESIGN §7): incidents by
 * severity and stage, median and mean time to acknowledge, contain, fix
 * and notify, deadline compliance per severity band, and every missed or
 * overdue deadline.
 *
 * The period selects incidents by when they were reported: since_ms
 * inclusive, until_ms exclusive, 0 for no bound. Response times use the
 * projection's stage times (export_response_time): an incident counts
 * towards "time to contain" once it has left contain for fix, and so on;
 * one closed before reaching a stage does not count for it. Deadlines are
 * judged at now_ms under the policy history (deadline.h).
 */
#ifndef IRT_REPORT_H
#define IRT_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "irt/db.h"
#include "irt/deadline.h"
#include "irt/export.h"
#include "irt/status.h"

/* One response-time measure over the incidents that reached it. */
struct report_measure {
	size_t n;          /* incidents counted; 0 = no mean or median */
	int64_t mean_ms;   /* rounded down */
	int64_t median_ms; /* the mean of the middle two for an even n */
};

/* How deadlines stand, summed up for the report. */
enum report_compliance {
	COMPLIANCE_MET,
	COMPLIANCE_MISSED,
	COMPLIANCE_OPEN,    /* running, not yet due (includes due-soon) */
	COMPLIANCE_OVERDUE, /* running, past due */
	COMPLIANCE_COUNT
};

/* "met", "missed", "open", "overdue". */
const char *report_compliance_name(enum report_compliance c);

/* One deadline missed (stopped late) or overdue (running, past due). */
struct report_miss {
	long id;
	char *title;
	enum severity severity;
	enum deadline_kind kind;
	enum deadline_state state; /* DEADLINE_MISSED or DEADLINE_OVERDUE */
	int64_t due_ms;
	int64_t stopped_ms; /* 0 while overdue */
};

struct report {
	int64_t since_ms, until_ms, now_ms;
	size_t n_incidents, n_open, n_closed;
	size_t by_severity[SEVERITY_COUNT]; /* [SEVERITY_UNSET]: not rated */
	size_t by_stage[STAGE_COUNT];
	struct report_measure times[MEASURE_COUNT];
	/* compliance[band][kind][state] */
	size_t compliance[SEVERITY_COUNT][DEADLINE_KIND_COUNT]
	                 [COMPLIANCE_COUNT];
	struct report_miss *misses; /* by due time */
	size_t n_misses;
};

/* Builds the report. Free with report_free (also on failure). */
enum irt_status report_build(struct db *db, int64_t since_ms, int64_t until_ms,
                             int64_t now_ms, struct report *r,
                             struct irt_err *err);

void report_free(struct report *r);

/* The report as the "report" member of {"format": "irt-report/1", ...};
 * docs/exports.md documents it. New reference. */
json_t *report_json(const struct report *r);

/* The median of n values (sorted here, in place); 0 for n = 0. */
int64_t report_median(int64_t *values, size_t n);

#endif
