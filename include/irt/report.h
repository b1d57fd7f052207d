/*
 * report.h - the audit report over a period (DESIGN §7): incidents by
 * severity and stage, median and mean time to acknowledge, contain, fix
 * and notify, deadline compliance per severity band, notification
 * compliance, corrective actions, every missed or overdue deadline, and
 * one line of evidence per incident.
 *
 * The period selects incidents by when they were reported: since_ms
 * inclusive, until_ms exclusive, 0 for no bound. Response times use the
 * projection's stage times (export_response_time): an incident counts
 * towards "time to contain" once it has left contain for fix, and so on;
 * one closed before reaching a stage does not count for it. Deadlines are
 * judged at now_ms, each incident's by the policy version in force when
 * it was reported (deadline.h), which its evidence names.
 *
 * What is counted where:
 *   - compliance per band, unrated incidents (no severity yet) in a row
 *     of their own: their acknowledgements count, they have no
 *     remediation deadline;
 *   - incidents closed as rejected, duplicate or not-applicable are
 *     counted apart (closed_apart) and left out of remediation and
 *     notification compliance; their acknowledgements count;
 *   - a compliance rate is met / (met + missed + overdue): the share of
 *     the deadlines that have come due (or stopped) that were kept; open
 *     deadlines not yet due are not judged; no rate when none came due;
 *   - notification compliance, per audience the policy version requires
 *     for the band (platform, customers): required, notified, pending
 *     (not yet past the notify stage), missing (past it without one),
 *     and how long after the fix (fix stage left) the first
 *     notification to that audience was recorded;
 *   - corrective actions of the incidents: done, open, overdue (open and
 *     past their due date at now_ms), done late (after their due date).
 */
#ifndef IRT_REPORT_H
#define IRT_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "irt/db.h"
#include "irt/deadline.h"
#include "irt/export.h"
#include "irt/status.h"

/* The JSON format name; /2 since it names policies, counts unrated
 * incidents and leaves rejected ones out of remediation. */
#define REPORT_JSON_FORMAT "irt-report/2"

/* One response-time measure over the incidents that reached it. */
struct report_measure {
	size_t n;          /* incidents counted; 0 = no mean or median */
	int64_t mean_ms;   /* rounded down */
	int64_t median_ms; /* the mean of the middle two for an even n */
	int64_t max_ms;
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

/* The compliance rate of counts c (COMPLIANCE_COUNT of them) in tenths
 * of a percent (1000 = 100.0%), or -1 when nothing came due. */
int report_rate_permille(const size_t *c);

/* One deadline missed (stopped late) or overdue (running, past due). */
struct report_miss {
	long id;
	char *title;
	enum severity severity;
	enum deadline_kind kind;
	enum deadline_state state; /* DEADLINE_MISSED or DEADLINE_OVERDUE */
	int64_t due_ms;
	int64_t stopped_ms; /* 0 while overdue */
	long policy_seq;
};

/* The audiences notification compliance covers. */
#define REPORT_AUDIENCES 2 /* AUDIENCE_PLATFORM, AUDIENCE_CUSTOMERS */

struct report_notify {
	size_t required, notified, pending, missing;
	struct report_measure after_fix; /* notified - fixed, where both */
};

struct report_actions {
	size_t total, done, open, overdue, done_late;
};

/* One incident's evidence. */
struct report_evidence {
	long id;
	char *title;
	enum severity severity;
	enum stage stage;
	enum resolution resolution;
	int apart; /* closed rejected, duplicate or not-applicable */
	int64_t reported_ms, acked_ms;
	int64_t contained_ms; /* contain left for fix; 0 = not yet */
	int64_t fixed_ms;     /* fix left for notify; 0 = not yet */
	/* first notification per audience (AUDIENCE_*); 0 = none */
	int64_t notified_ms[AUDIENCE_COUNT];
	unsigned notify_required;   /* bit (1 << audience), by its version */
	struct deadlines deadlines; /* with the policy version judged by */
};

struct report {
	int64_t since_ms, until_ms, now_ms;
	size_t n_incidents, n_open, n_closed;
	size_t by_severity[SEVERITY_COUNT]; /* [SEVERITY_UNSET]: not rated */
	size_t by_stage[STAGE_COUNT];
	size_t closed_apart[RESOLUTION_COUNT]; /* rejected, duplicate, n/a */
	struct report_measure times[MEASURE_COUNT];
	/* compliance[band][kind][state]; band SEVERITY_UNSET: unrated */
	size_t compliance[SEVERITY_COUNT][DEADLINE_KIND_COUNT]
	                 [COMPLIANCE_COUNT];
	struct report_notify notify[REPORT_AUDIENCES];
	struct report_actions actions;
	struct report_miss *misses; /* by due time */
	size_t n_misses;
	struct report_evidence *evidence; /* by number */
	size_t n_evidence;
	/* The policy versions the evidence's deadlines point into; owned,
	 * freed by report_free. */
	struct policy_history history;
};

/* Builds the report. Free with report_free (also on failure). */
enum irt_status report_build(struct db *db, int64_t since_ms, int64_t until_ms,
                             int64_t now_ms, struct report *r,
                             struct irt_err *err);

void report_free(struct report *r);

/* The report as the "report" member of {"format": "irt-report/2", ...};
 * docs/exports.md documents it. New reference. */
json_t *report_json(const struct report *r);

/* The median of n values (sorted here, in place); 0 for n = 0. */
int64_t report_median(int64_t *values, size_t n);

/* ---- rendering (report_write.c) ----------------------------------- */

enum report_format {
	REPORT_TEXT,
	REPORT_JSON,
	REPORT_CSV, /* the evidence table, one row per incident */
	REPORT_MD,
	REPORT_FORMAT_COUNT
};

/* "text", "json", "csv", "md"; "" out of range. */
const char *report_format_name(enum report_format f);

/* The format named name ("markdown" for md too), or -1. */
int report_format_parse(const char *name);

/*
 * Writes r in format f to out: text for people (times in the user's TZ),
 * JSON (REPORT_JSON_FORMAT), CSV (RFC 4180, cells safe against formula
 * injection, times in UTC) or Markdown. IRT_OK, or IRT_ERR_IO when
 * writing failed.
 */
enum irt_status report_write(const struct report *r, enum report_format f,
                             FILE *out, struct irt_err *err);

#endif
