/*
 * test_report.c - the audit report on a temporary database: counts by
 * severity and stage, medians and means of response times from stage
 * times, deadline compliance (met, missed, overdue) and the period.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "irt/db.h"
#include "irt/report.h"
#include "irt/timeutil.h"
#include "irt/tracker.h"

#define HOUR (3600LL * 1000)
#define DAY  (24 * HOUR)

struct fixture {
	char dir[512];
	struct db *db;
	struct tracker t;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	const char *tmp = getenv("IRT_TEST_TMP");
	struct irt_err err;
	char path[600];

	snprintf(fx->dir, sizeof fx->dir, "%s/report-%d-XXXXXX",
	         tmp ? tmp : "/tmp", (int)getpid());
	assert_non_null(mkdtemp(fx->dir));
	snprintf(path, sizeof path, "%s/irt.db", fx->dir);
	assert_int_equal(db_open(path, DB_OPEN_CREATE, &fx->db, &err), IRT_OK);
	fx->t = (struct tracker){.db = fx->db, .actor = "alice"};
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[600];

	db_close(fx->db);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(fx);
	return 0;
}

/* An incident reported at `reported`, acknowledged `ack` later, then
 * walked to fix and beyond `stages` times, each stage taking `step`. */
static long incident(struct fixture *fx, const char *sev, int64_t reported,
                     int64_t ack, int stages, int64_t step)
{
	struct new_incident spec = {0};
	struct irt_err err;
	char when[TIMEUTIL_BUFSZ];
	int64_t at = reported + ack;
	long id;

	timeutil_format_utc(reported, when, sizeof when);
	spec.field[FIELD_TITLE] = "Outage";
	spec.field[FIELD_SEVERITY] = sev;
	spec.field[FIELD_REPORTED] = when;
	spec.owner = "alice";
	assert_int_equal(tracker_new(&fx->t, &spec, &id, &err), IRT_OK);
	assert_int_equal(tracker_ack(&fx->t, id, at, &err), IRT_OK);
	for (int s = 0; s < stages; s++) {
		at += step;
		if (s == 1)
			assert_int_equal(tracker_set(&fx->t, id, 0,
			                             FIELD_CONTAINMENT,
			                             "rolled back", &err),
			                 IRT_OK);
		if (s == 2) {
			assert_int_equal(tracker_set(&fx->t, id, 0,
			                             FIELD_ROOT_CAUSE, "bug",
			                             &err),
			                 IRT_OK);
			assert_int_equal(tracker_set(&fx->t, id, 0,
			                             FIELD_FIX_REF, "v1.2.3",
			                             &err),
			                 IRT_OK);
		}
		assert_int_equal(
		    tracker_advance(&fx->t, id, at, NULL, 0, NULL, NULL, &err),
		    IRT_OK);
	}
	return id;
}

static void test_median(void **state)
{
	int64_t odd[] = {5, 1, 3}, even[] = {4, 1, 3, 2},
	        big[] = {INT64_MAX, INT64_MAX};

	(void)state;
	assert_int_equal(report_median(odd, 3), 3);
	assert_int_equal(report_median(even, 4), 2);
	assert_int_equal(report_median(big, 2), INT64_MAX);
	assert_int_equal(report_median(NULL, 0), 0);
}

static void test_counts_times_compliance(void **state)
{
	struct fixture *fx = *state;
	int64_t now = timeutil_now_ms(), t0 = now - 100 * DAY;
	struct report r;
	struct irt_err err;

	/* Reported 100 days ago; acked after 1h; each stage 1 day: fix
	 * left on day 3, within 28 days (high): met. */
	incident(fx, "high", t0, 1 * HOUR, 3, DAY);
	/* Acked after 3h; contain left after 2 days; fix never left:
	 * remediation (critical, 14 days) overdue. */
	incident(fx, "critical", t0, 3 * HOUR, 2, 2 * DAY);
	/* Acknowledged after 5 days, past the 2 business days: missed. */
	incident(fx, "low", t0, 5 * DAY, 0, 0);
	assert_int_equal(report_build(fx->db, 0, 0, now, &r, &err), IRT_OK);
	assert_int_equal(r.n_incidents, 3);
	assert_int_equal(r.n_open, 3);
	assert_int_equal(r.by_severity[SEVERITY_HIGH], 1);
	assert_int_equal(r.by_severity[SEVERITY_CRITICAL], 1);
	assert_int_equal(r.by_stage[STAGE_NOTIFY], 1);
	assert_int_equal(r.by_stage[STAGE_FIX], 1);
	assert_int_equal(r.by_stage[STAGE_DETECT], 1);
	assert_int_equal(r.times[MEASURE_ACKNOWLEDGE].n, 3);
	assert_int_equal(r.times[MEASURE_ACKNOWLEDGE].median_ms, 3 * HOUR);
	assert_int_equal(r.times[MEASURE_ACKNOWLEDGE].mean_ms,
	                 (1 * HOUR + 3 * HOUR + 5 * DAY) / 3);
	/* Contain: 1h + 2d (first), 3h + 4d (second). */
	assert_int_equal(r.times[MEASURE_CONTAIN].n, 2);
	assert_int_equal(r.times[MEASURE_CONTAIN].median_ms,
	                 ((1 * HOUR + 2 * DAY) + (3 * HOUR + 4 * DAY)) / 2);
	assert_int_equal(r.times[MEASURE_FIX].n, 1);
	assert_int_equal(r.times[MEASURE_FIX].mean_ms, 1 * HOUR + 3 * DAY);
	assert_int_equal(r.times[MEASURE_NOTIFY].n, 0);
	assert_int_equal(
	    r.compliance[SEVERITY_HIGH][DEADLINE_REMEDIATE][COMPLIANCE_MET], 1);
	assert_int_equal(r.compliance[SEVERITY_CRITICAL][DEADLINE_REMEDIATE]
	                             [COMPLIANCE_OVERDUE],
	                 1);
	assert_int_equal(
	    r.compliance[SEVERITY_LOW][DEADLINE_ACK][COMPLIANCE_MISSED], 1);
	/* ...and low remediation (90 days) is overdue too. */
	assert_int_equal(r.n_misses, 3);
	report_free(&r);
	/* The period selects by report time. */
	assert_int_equal(report_build(fx->db, now - DAY, 0, now, &r, &err),
	                 IRT_OK);
	assert_int_equal(r.n_incidents, 0);
	assert_int_equal(r.times[MEASURE_ACKNOWLEDGE].n, 0);
	report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_median),
	    cmocka_unit_test_setup_teardown(test_counts_times_compliance, setup,
	                                    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
