/*
 * test_tracker.c - changes through the tracker on a temporary database:
 * projection, gates, owners, close/reopen, actions, and that a refused or
 * failed change writes nothing.
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
#include "testdb.h"
#include "irt/tracker.h"
#include "irt/verify.h"

struct fixture {
	char path[512];
	struct db *db;
	struct tracker t;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	fx->db = testdb_open(fx->path, sizeof fx->path, "tracker");
	fx->t.db = fx->db;
	fx->t.actor = "tester";
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	testdb_close(fx->db, fx->path);
	free(fx);
	return 0;
}

static long new_incident(struct fixture *fx, const char *title,
                         const char *severity)
{
	struct new_incident spec = {0};
	struct irt_err err;
	long id = 0;

	spec.field[FIELD_TITLE] = title;
	spec.field[FIELD_SEVERITY] = severity;
	assert_int_equal(tracker_new(&fx->t, &spec, &id, &err), IRT_OK);
	return id;
}

static void load(struct fixture *fx, long id, struct incident *inc)
{
	struct irt_err err;

	assert_int_equal(db_incident_load(fx->db, id, inc, &err), IRT_OK);
}

static void assert_verifies(struct fixture *fx)
{
	struct verify_report r;
	struct irt_err err;

	assert_int_equal(verify_run(fx->db, 0, &r, &err), IRT_OK);
	if (r.n_problems)
		fail_msg("verify: #%ld event %ld: %s", r.problems[0].incident,
		         r.problems[0].seq, r.problems[0].what);
	verify_report_free(&r);
}

static void test_new_numbers_and_projection(void **state)
{
	struct fixture *fx = *state;
	struct incident inc;

	assert_int_equal(new_incident(fx, "First", "high"), 1);
	assert_int_equal(new_incident(fx, "Second", NULL), 2);
	load(fx, 1, &inc);
	assert_string_equal(inc.field[FIELD_TITLE], "First");
	assert_int_equal(inc.severity, SEVERITY_HIGH);
	assert_int_equal(inc.stage, STAGE_DETECT);
	assert_int_equal(inc.n_events, 2); /* create + severity */
	assert_int_equal(strlen(inc.uuid), 36);
	incident_clear(&inc);
	assert_verifies(fx);
}

static void test_gate_lists_every_unmet_item(void **state)
{
	struct fixture *fx = *state;
	struct gate_report r;
	struct irt_err err;
	struct incident inc;
	long id = new_incident(fx, "Gated", NULL);

	assert_int_equal(
	    tracker_advance(&fx->t, id, 0, NULL, 0, NULL, &r, &err),
	    IRT_ERR_GATE);
	assert_int_equal(r.count, 3);
	for (size_t i = 0; i < r.count; i++)
		assert_false(r.items[i].met);
	/* Nothing was written by the refusal. */
	load(fx, id, &inc);
	assert_int_equal(inc.n_events, 1);
	incident_clear(&inc);

	assert_int_equal(
	    tracker_severity(&fx->t, id, 0, SEVERITY_LOW, NULL, &err), IRT_OK);
	assert_int_equal(
	    tracker_advance(&fx->t, id, 0, NULL, 0, NULL, &r, &err),
	    IRT_ERR_GATE);
	assert_true(r.items[0].met);
	assert_false(r.items[1].met);
	assert_false(r.items[2].met);
}

static void test_force_needs_reason_and_is_recorded(void **state)
{
	struct fixture *fx = *state;
	struct event_list events = {0};
	struct irt_err err;
	struct incident inc;
	long id = new_incident(fx, "Forced", NULL);

	assert_int_equal(
	    tracker_advance(&fx->t, id, 0, NULL, 1, "", NULL, &err),
	    IRT_ERR_USAGE);
	assert_int_equal(
	    tracker_advance(&fx->t, id, 0, NULL, 1, "outage", NULL, &err),
	    IRT_OK);
	load(fx, id, &inc);
	assert_int_equal(inc.stage, STAGE_CONTAIN);
	incident_clear(&inc);
	assert_int_equal(db_events_load(fx->db, id, &events, &err), IRT_OK);
	assert_string_equal(events.items[1].kind, "advance");
	assert_string_equal(events.items[1].field, "forced");
	assert_non_null(strstr(events.items[1].data, "\"reason\":\"outage\""));
	assert_non_null(strstr(events.items[1].data, "owner assigned"));
	event_list_free(&events);
	assert_verifies(fx);
}

static void test_owner_inheritance(void **state)
{
	struct fixture *fx = *state;
	struct irt_err err;
	struct incident inc;
	long id = new_incident(fx, "Owners", "low");

	assert_int_equal(tracker_assign(&fx->t, id, 0, -1, "dana", &err),
	                 IRT_OK);
	assert_int_equal(tracker_ack(&fx->t, id, 0, &err), IRT_OK);
	assert_int_equal(
	    tracker_advance(&fx->t, id, 0, NULL, 0, NULL, NULL, &err), IRT_OK);
	load(fx, id, &inc);
	assert_string_equal(incident_owner(&inc, inc.stage), "dana");
	assert_string_equal(inc.owner[STAGE_CONTAIN], "");
	incident_clear(&inc);
	assert_int_equal(tracker_assign(&fx->t, id, 0, STAGE_FIX, "lee", &err),
	                 IRT_OK);
	load(fx, id, &inc);
	assert_string_equal(incident_owner(&inc, STAGE_CONTAIN), "dana");
	assert_string_equal(incident_owner(&inc, STAGE_FIX), "lee");
	assert_string_equal(incident_owner(&inc, STAGE_NOTIFY), "lee");
	incident_clear(&inc);
	assert_int_equal(tracker_assign(&fx->t, id, 0, -1, "", &err),
	                 IRT_ERR_INVALID);
}

static void test_close_and_reopen(void **state)
{
	struct fixture *fx = *state;
	struct irt_err err;
	struct incident inc;
	long id = new_incident(fx, "Close me", NULL);

	assert_int_equal(
	    tracker_advance(&fx->t, id, 0, NULL, 1, "skip", NULL, &err),
	    IRT_OK);
	assert_int_equal(
	    tracker_close(&fx->t, id, 0, RESOLUTION_REJECTED, "", &err),
	    IRT_ERR_USAGE);
	assert_int_equal(tracker_close(&fx->t, id, 0, RESOLUTION_REJECTED,
	                               "not a bug", &err),
	                 IRT_OK);
	load(fx, id, &inc);
	assert_int_equal(inc.stage, STAGE_CLOSED);
	assert_int_equal(inc.prev_stage, STAGE_CONTAIN);
	assert_int_equal(inc.resolution, RESOLUTION_REJECTED);
	assert_true(inc.left_ms[STAGE_CONTAIN] > 0);
	incident_clear(&inc);
	assert_int_equal(
	    tracker_close(&fx->t, id, 0, RESOLUTION_RESOLVED, "again", &err),
	    IRT_ERR_INVALID);
	assert_int_equal(tracker_note(&fx->t, id, 0, NULL, "still noted", &err),
	                 IRT_OK);
	assert_int_equal(tracker_reopen(&fx->t, id, 0, "new evidence", &err),
	                 IRT_OK);
	load(fx, id, &inc);
	assert_int_equal(inc.stage, STAGE_CONTAIN);
	assert_int_equal(inc.resolution, RESOLUTION_NONE);
	incident_clear(&inc);
	assert_int_equal(tracker_reopen(&fx->t, id, 0, "twice", &err),
	                 IRT_ERR_INVALID);
	assert_verifies(fx);
}

static void test_fields_and_actions(void **state)
{
	struct fixture *fx = *state;
	struct irt_err err;
	struct incident inc;
	long id = new_incident(fx, "Fields", NULL), n = 0;

	assert_int_equal(
	    tracker_set(&fx->t, id, 0, FIELD_SOURCE, "Bounty", &err), IRT_OK);
	assert_int_equal(
	    tracker_set(&fx->t, id, 0, FIELD_SOURCE, "pigeon", &err),
	    IRT_ERR_INVALID);
	assert_int_equal(
	    tracker_set(&fx->t, id, 0, FIELD_CVE, "cve-2026-12345", &err),
	    IRT_OK);
	assert_int_equal(
	    tracker_set(&fx->t, id, 0, FIELD_SEVERITY, "high", &err),
	    IRT_ERR_INVALID);
	assert_int_equal(tracker_set(&fx->t, id, 0, FIELD_TITLE, "", &err),
	                 IRT_ERR_INVALID);
	assert_int_equal(tracker_action_add(&fx->t, id, 0, "Add tests",
	                                    "preventive", "lee", 0, NULL, &n,
	                                    &err),
	                 IRT_OK);
	assert_int_equal(n, 1);
	assert_int_equal(tracker_action_add(&fx->t, id, 0, "Scan", "bogus", "",
	                                    0, NULL, &n, &err),
	                 IRT_ERR_INVALID);
	assert_int_equal(tracker_action_add(&fx->t, id, 0, "Scan", NULL, "", 0,
	                                    NULL, &n, &err),
	                 IRT_OK);
	assert_int_equal(n, 2);
	assert_int_equal(tracker_action_done(&fx->t, id, 0, 2, &err), IRT_OK);
	assert_int_equal(tracker_action_done(&fx->t, id, 0, 3, &err),
	                 IRT_ERR_INVALID);
	load(fx, id, &inc);
	assert_string_equal(inc.field[FIELD_SOURCE], "bounty");
	assert_string_equal(inc.field[FIELD_CVE], "CVE-2026-12345");
	assert_int_equal(inc.n_actions, 2);
	assert_string_equal(inc.actions[0].type, "preventive");
	assert_string_equal(inc.actions[1].type, "corrective");
	assert_int_equal(incident_open_actions(&inc), 1);
	/* Setting the same value records nothing. */
	{
		long before = inc.n_events;

		incident_clear(&inc);
		assert_int_equal(
		    tracker_set(&fx->t, id, 0, FIELD_SOURCE, "bounty", &err),
		    IRT_OK);
		load(fx, id, &inc);
		assert_int_equal(inc.n_events, before);
	}
	incident_clear(&inc);
	assert_verifies(fx);
}

static void test_unknown_incident(void **state)
{
	struct fixture *fx = *state;
	struct irt_err err;

	assert_int_equal(tracker_note(&fx->t, 77, 0, NULL, "x", &err),
	                 IRT_ERR_NOTFOUND);
	assert_int_equal(irt_status_exit(err.status), 4);
	assert_int_equal(tracker_note(&fx->t, 1, 0, NULL, "", &err),
	                 IRT_ERR_INVALID);
}

static void test_newer_database_refused(void **state)
{
	struct fixture *fx = *state;
	struct irt_err err;
	struct db *db2;

	(void)fx;
	/* db_schema_version is the number of compiled-in migrations. */
	assert_true(db_schema_version() >= 1);
	assert_int_equal(db_open("/nonexistent-dir-irt/x.db", 0, &db2, &err),
	                 IRT_ERR_IO);
	assert_null(db2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_new_numbers_and_projection,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_gate_lists_every_unmet_item,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_force_needs_reason_and_is_recorded, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_owner_inheritance, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_close_and_reopen, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_fields_and_actions, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_incident, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_newer_database_refused, setup,
	                                    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
