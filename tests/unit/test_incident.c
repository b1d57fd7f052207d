/*
 * test_incident.c - fields, the projection built by incident_apply, and
 * stage gates, without a database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "irt/chain.h"
#include "irt/incident.h"

static void add(struct incident *inc, const char *kind, const char *field,
                const char *old_value, const char *new_value, int64_t at)
{
	struct event ev;
	struct irt_err err;

	event_init(&ev);
	ev.seq = inc->n_events + 1;
	strcpy(ev.incident_uuid, "11111111-2222-3333-4444-555555555555");
	event_new_uuid(ev.uuid);
	ev.at_ms = at;
	ev.recorded_ms = at;
	event_set(&ev.kind, kind);
	event_set(&ev.field, field);
	event_set(&ev.old_value, old_value);
	event_set(&ev.new_value, new_value);
	memcpy(ev.prev_hash, inc->head_hash, sizeof ev.prev_hash);
	chain_hash(&ev, ev.hash);
	if (incident_apply(inc, &ev, &err) != IRT_OK)
		fail_msg("apply %s: %s", kind, err.msg);
	event_clear(&ev);
}

static void test_field_names(void **state)
{
	(void)state;
	assert_int_equal(incident_field_parse("root-cause"), FIELD_ROOT_CAUSE);
	assert_int_equal(incident_field_parse("root_cause"), FIELD_ROOT_CAUSE);
	assert_int_equal(incident_field_parse("fix-ref"), FIELD_FIX_REF);
	assert_int_equal(incident_field_parse("colour"), -1);
	assert_int_equal(incident_field_parse(""), -1);
	assert_false(incident_fields[FIELD_SEVERITY].settable);
	assert_true(incident_fields[FIELD_CONTAINMENT].settable);
}

static void test_normalise(void **state)
{
	struct irt_err err;
	char *out;

	(void)state;
	assert_int_equal(
	    incident_field_normalise(FIELD_SOURCE, "EMAIL", 0, &out, &err),
	    IRT_OK);
	assert_string_equal(out, "email");
	free(out);
	assert_int_equal(
	    incident_field_normalise(FIELD_SOURCE, "fax", 0, &out, &err),
	    IRT_ERR_INVALID);
	assert_non_null(strstr(err.msg, "fax"));
	assert_int_equal(
	    incident_field_normalise(FIELD_CVE, "cve-2026-1234", 0, &out, &err),
	    IRT_OK);
	assert_string_equal(out, "CVE-2026-1234");
	free(out);
	assert_int_equal(
	    incident_field_normalise(FIELD_CVE, "CVE-2026-12", 0, &out, &err),
	    IRT_ERR_INVALID);
	assert_int_equal(incident_field_normalise(
	                     FIELD_EMBARGO, "2026-12-01T10:00Z", 0, &out, &err),
	                 IRT_OK);
	assert_string_equal(out, "2026-12-01T10:00:00.000Z");
	free(out);
	assert_int_equal(
	    incident_field_normalise(FIELD_TITLE, "", 0, &out, &err),
	    IRT_ERR_INVALID);
	assert_int_equal(
	    incident_field_normalise(FIELD_SCOPE, "", 0, &out, &err), IRT_OK);
	assert_string_equal(out, "");
	free(out);
}

static void test_projection_and_gates(void **state)
{
	struct incident inc;
	struct gate_report r;
	struct policy p;

	(void)state;
	policy_defaults(&p);
	incident_init(&inc);
	add(&inc, "create", "", "", "Leak", 1000);
	assert_int_equal(inc.stage, STAGE_DETECT);
	assert_int_equal(inc.reported_ms, 1000);
	assert_int_equal(incident_gate(&inc, &p, &r), 3);
	add(&inc, "set", "severity", "", "high", 2000);
	add(&inc, "owner", "detect", "", "dana", 2000);
	add(&inc, "ack", "", "", "1970-01-01T00:00:03.000Z", 3000);
	assert_int_equal(inc.acked_ms, 3000);
	assert_int_equal(incident_gate(&inc, &p, &r), 0);
	add(&inc, "advance", "", "detect", "contain", 4000);
	assert_int_equal(inc.stage, STAGE_CONTAIN);
	assert_int_equal(inc.left_ms[STAGE_DETECT], 4000);
	assert_int_equal(inc.entered_ms[STAGE_CONTAIN], 4000);
	assert_string_equal(incident_owner(&inc, STAGE_CONTAIN), "dana");
	add(&inc, "advance", "forced", "contain", "fix", 5000);
	add(&inc, "advance", "forced", "fix", "notify", 6000);
	/* high: the default policy wants platform and customers told. */
	assert_int_equal(incident_gate(&inc, &p, &r), 2);
	assert_non_null(strstr(r.items[0].text, "platform"));
	assert_non_null(strstr(r.items[1].text, "customers"));
	add(&inc, "close", "rejected", "notify", "closed", 7000);
	assert_int_equal(inc.stage, STAGE_CLOSED);
	assert_int_equal(inc.prev_stage, STAGE_NOTIFY);
	assert_int_equal(incident_gate(&inc, &p, &r), -1);
	add(&inc, "reopen", "", "closed", "notify", 8000);
	assert_int_equal(inc.stage, STAGE_NOTIFY);
	assert_int_equal(inc.resolution, RESOLUTION_NONE);
	assert_int_equal(inc.n_events, 9);
	incident_clear(&inc);
}

/* Any two times, even the ends of int64 from a hostile file, compare
 * without overflow (the sanitizers abort on the old subtraction). */
static void test_backdated_extremes(void **state)
{
	struct event ev;

	(void)state;
	event_init(&ev);
	ev.at_ms = INT64_MIN;
	ev.recorded_ms = INT64_MAX;
	assert_true(event_is_backdated(&ev));
	ev.at_ms = INT64_MAX;
	ev.recorded_ms = INT64_MIN;
	assert_false(event_is_backdated(&ev));
	ev.at_ms = 1000;
	ev.recorded_ms = 1000 + 5 * 60 * 1000;
	assert_false(event_is_backdated(&ev));
	ev.recorded_ms++;
	assert_true(event_is_backdated(&ev));
	event_clear(&ev);
}

static void test_apply_refuses_nonsense(void **state)
{
	struct incident inc;
	struct event ev;
	struct irt_err err;

	(void)state;
	incident_init(&inc);
	event_init(&ev);
	ev.seq = 1;
	event_set(&ev.kind, "note");
	assert_int_equal(incident_apply(&inc, &ev, &err), IRT_ERR_CORRUPT);
	event_set(&ev.kind, "create");
	ev.seq = 2;
	assert_int_equal(incident_apply(&inc, &ev, &err), IRT_ERR_CORRUPT);
	assert_non_null(strstr(err.msg, "out of order"));
	ev.seq = 1;
	assert_int_equal(incident_apply(&inc, &ev, &err), IRT_OK);
	ev.seq = 2;
	event_set(&ev.kind, "teleport");
	assert_int_equal(incident_apply(&inc, &ev, &err), IRT_ERR_CORRUPT);
	event_set(&ev.kind, "set");
	event_set(&ev.field, "colour");
	assert_int_equal(incident_apply(&inc, &ev, &err), IRT_ERR_CORRUPT);
	event_set(&ev.field, "severity");
	event_set(&ev.new_value, "apocalyptic");
	assert_int_equal(incident_apply(&inc, &ev, &err), IRT_ERR_CORRUPT);
	event_clear(&ev);
	incident_clear(&inc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_field_names),
	    cmocka_unit_test(test_normalise),
	    cmocka_unit_test(test_projection_and_gates),
	    cmocka_unit_test(test_apply_refuses_nonsense),
	    cmocka_unit_test(test_backdated_extremes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
