/*
 * test_policy.c - the policy's keys and values (parse, print, refuse),
 * holidays edits, the history of versions, and audited changes through
 * tracker_policy_set on a temporary database: the policy timeline, its
 * chain, and that a refused change writes nothing.
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

#include "irt/chain.h"
#include "irt/db.h"
#include "testdb.h"
#include "irt/policy.h"
#include "irt/tracker_policy.h"

static void fmt(const struct policy *p, enum policy_key k, char *buf)
{
	policy_format_value(p, k, buf, POLICY_VALUE_MAX);
}

static void test_defaults_print(void **state)
{
	static const char *const want[POLICY_KEY_COUNT] = {"2",
	                                                   "14",
	                                                   "28",
	                                                   "42",
	                                                   "90",
	                                                   "UTC",
	                                                   "none",
	                                                   "1d",
	                                                   "platform,customers",
	                                                   "platform,customers",
	                                                   "platform",
	                                                   "none",
	                                                   "none",
	                                                   "no",
	                                                   "none",
	                                                   "none",
	                                                   "10s"};
	struct policy p;
	char buf[POLICY_VALUE_MAX];

	(void)state;
	policy_defaults(&p);
	for (int k = 0; k < POLICY_KEY_COUNT; k++) {
		fmt(&p, (enum policy_key)k, buf);
		assert_string_equal(buf, want[k]);
		assert_int_equal(
		    policy_key_parse(policy_key_name((enum policy_key)k)), k);
		assert_true(policy_key_help((enum policy_key)k)[0]);
	}
	assert_int_equal(policy_key_parse("remediate.none"), -1);
	assert_int_equal(policy_key_parse("Zone"), -1);
	assert_int_equal(policy_key_parse(""), -1);
}

/* Sets k to value, expecting it to be accepted and printed as want. */
static void accept(enum policy_key k, const char *value, const char *want)
{
	struct policy p;
	struct irt_err err;
	char buf[POLICY_VALUE_MAX];

	policy_defaults(&p);
	if (policy_set_value(&p, k, value, &err) != IRT_OK)
		fail_msg("%s = \"%s\" refused: %s", policy_key_name(k), value,
		         err.msg);
	fmt(&p, k, buf);
	assert_string_equal(buf, want);
	/* The printed form reads back to the same policy. */
	{
		struct policy q;

		policy_defaults(&q);
		assert_int_equal(policy_set_value(&q, k, buf, NULL), IRT_OK);
		assert_true(policy_equal(&p, &q));
	}
}

/* Expects value refused for k, p unchanged, the message naming the key. */
static void refuse(enum policy_key k, const char *value)
{
	struct policy p, before;
	struct irt_err err;

	policy_defaults(&p);
	before = p;
	if (policy_set_value(&p, k, value, &err) == IRT_OK)
		fail_msg("%s = \"%s\" accepted", policy_key_name(k), value);
	assert_int_equal(err.status, IRT_ERR_INVALID);
	assert_non_null(strstr(err.msg, policy_key_name(k)));
	assert_true(policy_equal(&p, &before));
}

static void test_counts(void **state)
{
	(void)state;
	accept(POLICY_KEY_ACK_BUSINESS_DAYS, "3", "3");
	accept(POLICY_KEY_ACK_BUSINESS_DAYS, " 5 ", "5");
	accept(POLICY_KEY_ACK_BUSINESS_DAYS, "none", "0");
	accept(POLICY_KEY_ACK_BUSINESS_DAYS, "365", "365");
	refuse(POLICY_KEY_ACK_BUSINESS_DAYS, "366");
	refuse(POLICY_KEY_ACK_BUSINESS_DAYS, "-1");
	refuse(POLICY_KEY_ACK_BUSINESS_DAYS, "2d");
	refuse(POLICY_KEY_ACK_BUSINESS_DAYS, "");
	refuse(POLICY_KEY_ACK_BUSINESS_DAYS, "1.5");
	refuse(POLICY_KEY_ACK_BUSINESS_DAYS, "99999999999999999999");
	accept(POLICY_KEY_REMEDIATE_CRITICAL, "7", "7");
	accept(POLICY_KEY_REMEDIATE_LOW, "0", "0");
	accept(POLICY_KEY_REMEDIATE_MEDIUM, "3650", "3650");
	refuse(POLICY_KEY_REMEDIATE_HIGH, "3651");
	refuse(POLICY_KEY_REMEDIATE_HIGH, "+3");
	refuse(POLICY_KEY_REMEDIATE_HIGH, "ten");
}

static void test_band_keys_touch_their_band(void **state)
{
	struct policy p;

	(void)state;
	policy_defaults(&p);
	assert_int_equal(
	    policy_set_value(&p, POLICY_KEY_REMEDIATE_HIGH, "5", NULL), IRT_OK);
	assert_int_equal(p.remediate_days[SEVERITY_HIGH], 5);
	assert_int_equal(p.remediate_days[SEVERITY_CRITICAL], 14);
	assert_int_equal(
	    policy_set_value(&p, POLICY_KEY_NOTIFY_LOW, "internal", NULL),
	    IRT_OK);
	assert_true(policy_requires(&p, SEVERITY_LOW, AUDIENCE_INTERNAL));
	assert_false(policy_requires(&p, SEVERITY_LOW, AUDIENCE_PLATFORM));
	assert_true(policy_requires(&p, SEVERITY_HIGH, AUDIENCE_CUSTOMERS));
	assert_int_equal(
	    policy_set_value(&p, POLICY_KEY_NOTIFY_NONE, "platform", NULL),
	    IRT_OK);
	assert_true(policy_requires(&p, SEVERITY_NONE, AUDIENCE_PLATFORM));
}

static void test_zone(void **state)
{
	(void)state;
	accept(POLICY_KEY_ZONE, "Europe/Berlin", "Europe/Berlin");
	accept(POLICY_KEY_ZONE, "America/New_York", "America/New_York");
	accept(POLICY_KEY_ZONE, "UTC", "UTC");
	refuse(POLICY_KEY_ZONE, "Mars/Olympus_Mons");
	refuse(POLICY_KEY_ZONE, "../../etc/passwd");
	refuse(POLICY_KEY_ZONE, "/usr/share/zoneinfo/UTC");
	refuse(POLICY_KEY_ZONE, "");
	refuse(POLICY_KEY_ZONE, "Europe/Berlin\x1b[31m");
}

static void test_holidays(void **state)
{
	(void)state;
	accept(POLICY_KEY_HOLIDAYS, "2026-12-25", "2026-12-25");
	accept(POLICY_KEY_HOLIDAYS, "2026-12-26, 2026-12-25,2026-12-25",
	       "2026-12-25,2026-12-26");
	accept(POLICY_KEY_HOLIDAYS, "2028-02-29", "2028-02-29");
	accept(POLICY_KEY_HOLIDAYS, "none", "none");
	refuse(POLICY_KEY_HOLIDAYS, "2026-02-29");
	refuse(POLICY_KEY_HOLIDAYS, "2026-13-01");
	refuse(POLICY_KEY_HOLIDAYS, "2026-1-5");
	refuse(POLICY_KEY_HOLIDAYS, "25.12.2026");
	refuse(POLICY_KEY_HOLIDAYS, "2026-12-25,");
	refuse(POLICY_KEY_HOLIDAYS, "2026-12-25,,2026-12-26");
	refuse(POLICY_KEY_HOLIDAYS, "1969-12-31");
}

static void test_holidays_limit(void **state)
{
	struct policy p;
	struct irt_err err;
	size_t cap = POLICY_MAX_HOLIDAYS * 12 + 16, len = 0;
	char *list = malloc(cap);
	enum policy_key k;

	(void)state;
	/* 256 distinct dates are fine; a 257th is refused. */
	for (int i = 0; i < POLICY_MAX_HOLIDAYS; i++)
		len += (size_t)snprintf(list + len, cap - len, "%s2%03d-01-01",
		                        i ? "," : "", i);
	policy_defaults(&p);
	assert_int_equal(policy_set_value(&p, POLICY_KEY_HOLIDAYS, list, &err),
	                 IRT_OK);
	assert_int_equal(p.n_holidays, POLICY_MAX_HOLIDAYS);
	/* Duplicates count once. */
	assert_int_equal(
	    policy_edit(&p, "holidays.add", "2000-01-01", &k, &err), IRT_OK);
	assert_int_equal(
	    policy_edit(&p, "holidays.add", "2999-01-01", &k, &err),
	    IRT_ERR_INVALID);
	assert_non_null(strstr(err.msg, "too many"));
	snprintf(list + len, cap - len, ",2999-01-01");
	assert_int_equal(policy_set_value(&p, POLICY_KEY_HOLIDAYS, list, &err),
	                 IRT_ERR_INVALID);
	free(list);
}

static void test_holidays_edit(void **state)
{
	struct policy p;
	struct irt_err err;
	enum policy_key k = POLICY_KEY_ZONE;
	char buf[POLICY_VALUE_MAX];

	(void)state;
	policy_defaults(&p);
	assert_int_equal(
	    policy_edit(&p, "holidays.add", "2026-12-25,2026-01-01", &k, &err),
	    IRT_OK);
	assert_int_equal(k, POLICY_KEY_HOLIDAYS);
	assert_int_equal(
	    policy_edit(&p, "holidays.add", "2026-12-26", &k, &err), IRT_OK);
	fmt(&p, POLICY_KEY_HOLIDAYS, buf);
	assert_string_equal(buf, "2026-01-01,2026-12-25,2026-12-26");
	assert_int_equal(
	    policy_edit(&p, "holidays.remove", "2026-12-25", &k, &err), IRT_OK);
	fmt(&p, POLICY_KEY_HOLIDAYS, buf);
	assert_string_equal(buf, "2026-01-01,2026-12-26");
	/* Removing a date that is not a holiday says so, changes nothing. */
	assert_int_equal(policy_edit(&p, "holidays.remove",
	                             "2026-12-26,2026-07-04", &k, &err),
	                 IRT_ERR_INVALID);
	assert_non_null(strstr(err.msg, "2026-07-04 is not a holiday"));
	fmt(&p, POLICY_KEY_HOLIDAYS, buf);
	assert_string_equal(buf, "2026-01-01,2026-12-26");
	assert_int_equal(policy_edit(&p, "holidays.add", "none", &k, &err),
	                 IRT_ERR_INVALID);
	assert_int_equal(policy_edit(&p, "holidays.add", "", &k, &err),
	                 IRT_ERR_INVALID);
	assert_int_equal(policy_edit(&p, "holidays.add", "tomorrow", &k, &err),
	                 IRT_ERR_INVALID);
	assert_non_null(strstr(err.msg, "tomorrow"));
	assert_int_equal(policy_edit(&p, "holidays", "none", &k, &err), IRT_OK);
	assert_int_equal(p.n_holidays, 0);
	/* Unknown keys list the real ones. */
	assert_int_equal(policy_edit(&p, "remediate.urgent", "3", &k, &err),
	                 IRT_ERR_INVALID);
	assert_non_null(strstr(err.msg, "unknown policy key"));
	assert_non_null(strstr(err.msg, "remediate.critical"));
	assert_non_null(strstr(err.msg, "holidays.add"));
}

static void test_intake_require(void **state)
{
	struct policy p;

	(void)state;
	accept(POLICY_KEY_INTAKE_REQUIRE, "none", "none");
	accept(POLICY_KEY_INTAKE_REQUIRE, "repro", "repro");
	/* Printed in the fixed order, once each. */
	accept(POLICY_KEY_INTAKE_REQUIRE, "poc, repro,poc", "repro,poc");
	accept(POLICY_KEY_INTAKE_REQUIRE, "poc,component,description,repro",
	       "description,component,repro,poc");
	refuse(POLICY_KEY_INTAKE_REQUIRE, "");
	refuse(POLICY_KEY_INTAKE_REQUIRE, "repro,");
	refuse(POLICY_KEY_INTAKE_REQUIRE, "title");
	refuse(POLICY_KEY_INTAKE_REQUIRE, "Repro");
	policy_defaults(&p);
	assert_int_equal(p.intake_required, 0);
	assert_string_equal(policy_intake_name(INTAKE_POC), "poc");
	assert_string_equal(policy_intake_name(INTAKE_COUNT), "");
}

static void test_due_soon(void **state)
{
	(void)state;
	accept(POLICY_KEY_DUE_SOON, "24h", "1d");
	accept(POLICY_KEY_DUE_SOON, "36h", "1d12h");
	accept(POLICY_KEY_DUE_SOON, "1d12h", "1d12h");
	accept(POLICY_KEY_DUE_SOON, "2w", "14d");
	accept(POLICY_KEY_DUE_SOON, "90m", "1h30m");
	accept(POLICY_KEY_DUE_SOON, "45s", "45s");
	accept(POLICY_KEY_DUE_SOON, "0", "0");
	accept(POLICY_KEY_DUE_SOON, "none", "0");
	accept(POLICY_KEY_DUE_SOON, "365d", "365d");
	refuse(POLICY_KEY_DUE_SOON, "366d");
	refuse(POLICY_KEY_DUE_SOON, "53w");
	refuse(POLICY_KEY_DUE_SOON, "3");
	refuse(POLICY_KEY_DUE_SOON, "3x");
	refuse(POLICY_KEY_DUE_SOON, "h");
	refuse(POLICY_KEY_DUE_SOON, "-3h");
	refuse(POLICY_KEY_DUE_SOON, "3 h");
	refuse(POLICY_KEY_DUE_SOON, "");
	refuse(POLICY_KEY_DUE_SOON, "9999999999h");
}

static void test_notify(void **state)
{
	(void)state;
	accept(POLICY_KEY_NOTIFY_HIGH, "platform", "platform");
	accept(POLICY_KEY_NOTIFY_HIGH, "internal, platform,internal",
	       "platform,internal");
	accept(POLICY_KEY_NOTIFY_HIGH, "customers,internal,platform",
	       "platform,customers,internal");
	accept(POLICY_KEY_NOTIFY_CRITICAL, "none", "none");
	refuse(POLICY_KEY_NOTIFY_HIGH, "press");
	refuse(POLICY_KEY_NOTIFY_HIGH, "platform,");
	refuse(POLICY_KEY_NOTIFY_HIGH, "");
	refuse(POLICY_KEY_NOTIFY_HIGH, "Platform");
}

static void test_history_at(void **state)
{
	struct policy_history h;
	struct event_list events = {0};
	struct event *ev;
	struct irt_err err;

	(void)state;
	ev = event_list_push(&events);
	ev->seq = 1;
	ev->at_ms = ev->recorded_ms = 1000;
	event_set(&ev->field, "remediate.critical");
	event_set(&ev->new_value, "7");
	ev = event_list_push(&events);
	ev->seq = 2;
	ev->at_ms = ev->recorded_ms = 2000;
	event_set(&ev->field, "remediate.critical");
	event_set(&ev->new_value, "3");
	assert_int_equal(policy_history_replay(&h, &events, &err), IRT_OK);
	assert_int_equal(h.count, 3);
	assert_int_equal(
	    policy_history_at(&h, 999)->remediate_days[SEVERITY_CRITICAL], 14);
	assert_int_equal(
	    policy_history_at(&h, 1000)->remediate_days[SEVERITY_CRITICAL], 7);
	assert_int_equal(
	    policy_history_at(&h, 1999)->remediate_days[SEVERITY_CRITICAL], 7);
	assert_int_equal(
	    policy_history_at(&h, 5000)->remediate_days[SEVERITY_CRITICAL], 3);
	assert_int_equal(
	    policy_history_current(&h)->remediate_days[SEVERITY_CRITICAL], 3);
	policy_history_free(&h);
	/* Change 2 recorded at 5000, effective from 1500: in force from
	 * 1500 for deadlines; the gates of events recorded before 5000
	 * still saw change 1. */
	ev->at_ms = 1500;
	ev->recorded_ms = 5000;
	assert_int_equal(policy_history_replay(&h, &events, &err), IRT_OK);
	assert_int_equal(policy_history_in_force(&h, 1499)->seq, 1);
	assert_int_equal(policy_history_in_force(&h, 1500)->seq, 2);
	assert_int_equal(policy_history_in_force(&h, 999)->seq, 0);
	assert_int_equal(policy_history_in_force(&h, 1600)
	                     ->policy.remediate_days[SEVERITY_CRITICAL],
	                 3);
	assert_int_equal(
	    policy_history_at(&h, 4999)->remediate_days[SEVERITY_CRITICAL], 7);
	assert_int_equal(
	    policy_history_at(&h, 5000)->remediate_days[SEVERITY_CRITICAL], 3);
	assert_ptr_equal(policy_history_version(&h, 2), &h.items[2]);
	assert_null(policy_history_version(&h, 3));
	policy_history_free(&h);
	ev->at_ms = ev->recorded_ms = 2000;
	/* A change of a key this irt does not know (a newer irt's) is
	 * skipped; a value that does not parse is damage, named. */
	event_set(&ev->field, "remediate.urgent");
	assert_int_equal(policy_history_replay(&h, &events, &err), IRT_OK);
	assert_int_equal(h.count, 2);
	assert_int_equal(
	    policy_history_current(&h)->remediate_days[SEVERITY_CRITICAL], 7);
	policy_history_free(&h);
	event_set(&ev->field, "remediate.critical");
	event_set(&ev->new_value, "soon");
	assert_int_equal(policy_history_replay(&h, &events, &err),
	                 IRT_ERR_CORRUPT);
	assert_non_null(strstr(err.msg, "soon"));
	policy_history_free(&h);
	event_list_free(&events);
}

/* ---- on a database ------------------------------------------------ */

struct fixture {
	char path[512];
	struct db *db;
	struct tracker t;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	fx->db = testdb_open(fx->path, sizeof fx->path, "policy");
	fx->t.db = fx->db;
	fx->t.actor = "alice";
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

static void test_db_defaults(void **state)
{
	struct fixture *fx = *state;
	struct policy p, d;
	struct event_list events = {0};
	struct irt_err err;

	assert_int_equal(db_schema_version() >= 2, 1);
	assert_int_equal(db_policy_load(fx->db, &p, &err), IRT_OK);
	policy_defaults(&d);
	assert_true(policy_equal(&p, &d));
	assert_int_equal(db_policy_events(fx->db, &events, &err), IRT_OK);
	assert_int_equal(events.count, 0);
	assert_int_equal(
	    policy_timeline_check(&events, &p, err.msg, sizeof err.msg), 0);
}

static void test_db_set_audited(void **state)
{
	struct fixture *fx = *state;
	struct policy_change ch;
	struct policy p;
	struct event_list events = {0};
	struct policy_history h;
	struct irt_err err;
	char what[256];

	assert_int_equal(tracker_policy_set(&fx->t, "remediate.critical", "7",
	                                    0, "regulator asks for a week", &ch,
	                                    &err),
	                 IRT_OK);
	assert_int_equal(ch.seq, 1);
	assert_int_equal(ch.key, POLICY_KEY_REMEDIATE_CRITICAL);
	assert_string_equal(ch.old_value, "14");
	assert_string_equal(ch.new_value, "7");
	fx->t.actor = "bob";
	assert_int_equal(tracker_policy_set(&fx->t, "holidays.add",
	                                    "2026-12-25", 0, NULL, &ch, &err),
	                 IRT_OK);
	assert_int_equal(ch.seq, 2);
	assert_string_equal(ch.old_value, "none");
	assert_string_equal(ch.new_value, "2026-12-25");
	/* The same value again records nothing. */
	assert_int_equal(tracker_policy_set(&fx->t, "remediate.critical", "7",
	                                    0, NULL, &ch, &err),
	                 IRT_OK);
	assert_int_equal(ch.seq, 0);
	/* A bad value or key writes nothing and says why. */
	assert_int_equal(tracker_policy_set(&fx->t, "zone", "Nowhere/Land", 0,
	                                    NULL, &ch, &err),
	                 IRT_ERR_INVALID);
	assert_non_null(strstr(err.msg, "Nowhere/Land"));
	assert_int_equal(
	    tracker_policy_set(&fx->t, "colour", "red", 0, NULL, NULL, &err),
	    IRT_ERR_INVALID);

	assert_int_equal(db_policy_load(fx->db, &p, &err), IRT_OK);
	assert_int_equal(p.remediate_days[SEVERITY_CRITICAL], 7);
	assert_int_equal(p.n_holidays, 1);
	assert_int_equal(p.holidays[0], 20261225);
	assert_int_equal(db_policy_events(fx->db, &events, &err), IRT_OK);
	assert_int_equal(events.count, 2);
	assert_string_equal(events.items[0].actor, "alice");
	assert_string_equal(events.items[0].field, "remediate.critical");
	assert_string_equal(events.items[0].old_value, "14");
	assert_string_equal(events.items[0].new_value, "7");
	assert_string_equal(events.items[0].text, "regulator asks for a week");
	assert_string_equal(events.items[0].prev_hash, chain_genesis);
	assert_string_equal(events.items[1].actor, "bob");
	assert_string_equal(events.items[1].field, "holidays");
	assert_string_equal(events.items[1].prev_hash, events.items[0].hash);
	assert_true(events.items[0].at_ms > 0);
	assert_int_equal(policy_timeline_check(&events, &p, what, sizeof what),
	                 0);

	/* The history replays to the stored policy. */
	assert_int_equal(db_policy_history_load(fx->db, &h, &err), IRT_OK);
	assert_int_equal(h.count, 3);
	assert_true(policy_equal(policy_history_current(&h), &p));
	assert_int_equal(
	    policy_history_at(&h, 0)->remediate_days[SEVERITY_CRITICAL], 14);
	policy_history_free(&h);

	/* Edits behind irt's back are found: a changed value breaks the
	 * hash; a stored policy that differs from the replay is named. */
	event_set(&events.items[0].new_value, "70");
	assert_int_equal(policy_timeline_check(&events, &p, what, sizeof what),
	                 -1);
	assert_non_null(strstr(what, "policy change 1"));
	event_set(&events.items[0].new_value, "7");
	p.remediate_days[SEVERITY_HIGH] = 1;
	assert_int_equal(policy_timeline_check(&events, &p, what, sizeof what),
	                 -1);
	assert_non_null(strstr(what, "stored policy differs"));
	/* A removed change breaks the chain. */
	p.remediate_days[SEVERITY_HIGH] = 28;
	event_clear(&events.items[0]);
	memmove(&events.items[0], &events.items[1], sizeof events.items[0]);
	events.count = 1;
	events.items[0].seq = 1;
	assert_int_equal(
	    policy_timeline_check(&events, NULL, what, sizeof what), -1);
	event_list_free(&events);
}

static void test_db_persists(void **state)
{
	struct fixture *fx = *state;
	struct policy p;
	struct irt_err err;
	struct db *other;

	assert_int_equal(tracker_policy_set(&fx->t, "zone", "Europe/Berlin", 0,
	                                    NULL, NULL, &err),
	                 IRT_OK);
	assert_int_equal(
	    tracker_policy_set(&fx->t, "due-soon", "36h", 0, NULL, NULL, &err),
	    IRT_OK);
	assert_int_equal(tracker_policy_set(&fx->t, "notify.high", "platform",
	                                    0, NULL, NULL, &err),
	                 IRT_OK);
	/* Another connection sees the change. */
	assert_int_equal(db_open(fx->path, 0, &other, &err), IRT_OK);
	assert_int_equal(db_policy_load(other, &p, &err), IRT_OK);
	db_close(other);
	assert_string_equal(p.zone, "Europe/Berlin");
	assert_int_equal(p.due_soon_ms, 36LL * 3600 * 1000);
	assert_true(policy_requires(&p, SEVERITY_HIGH, AUDIENCE_PLATFORM));
	assert_false(policy_requires(&p, SEVERITY_HIGH, AUDIENCE_CUSTOMERS));
	assert_true(policy_requires(&p, SEVERITY_CRITICAL, AUDIENCE_CUSTOMERS));
}

/* hooks.dir: an absolute path or none; hooks.timeout: 1s to 1h. */
static void test_hooks_keys(void **state)
{
	struct policy p;
	struct irt_err err;
	char buf[POLICY_VALUE_MAX];

	(void)state;
	policy_defaults(&p);
	assert_int_equal(
	    policy_set_value(&p, POLICY_KEY_HOOKS_DIR, "/srv/irt/hooks", &err),
	    IRT_OK);
	fmt(&p, POLICY_KEY_HOOKS_DIR, buf);
	assert_string_equal(buf, "/srv/irt/hooks");
	assert_int_equal(
	    policy_set_value(&p, POLICY_KEY_HOOKS_DIR, "hooks", &err),
	    IRT_ERR_INVALID);
	assert_int_equal(
	    policy_set_value(&p, POLICY_KEY_HOOKS_DIR, "/a\nb", &err),
	    IRT_ERR_INVALID);
	assert_string_equal(p.hooks_dir, "/srv/irt/hooks");
	assert_int_equal(
	    policy_set_value(&p, POLICY_KEY_HOOKS_DIR, "none", &err), IRT_OK);
	assert_string_equal(p.hooks_dir, "");
	assert_int_equal(
	    policy_set_value(&p, POLICY_KEY_HOOKS_TIMEOUT, "90s", &err),
	    IRT_OK);
	fmt(&p, POLICY_KEY_HOOKS_TIMEOUT, buf);
	assert_string_equal(buf, "1m30s");
	assert_int_equal(
	    policy_set_value(&p, POLICY_KEY_HOOKS_TIMEOUT, "0", &err),
	    IRT_ERR_INVALID);
	assert_int_equal(
	    policy_set_value(&p, POLICY_KEY_HOOKS_TIMEOUT, "2h", &err),
	    IRT_ERR_INVALID);
	assert_int_equal(p.hooks_timeout_ms, 90000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults_print),
	    cmocka_unit_test(test_hooks_keys),
	    cmocka_unit_test(test_counts),
	    cmocka_unit_test(test_band_keys_touch_their_band),
	    cmocka_unit_test(test_zone),
	    cmocka_unit_test(test_holidays),
	    cmocka_unit_test(test_holidays_limit),
	    cmocka_unit_test(test_holidays_edit),
	    cmocka_unit_test(test_due_soon),
	    cmocka_unit_test(test_intake_require),
	    cmocka_unit_test(test_notify),
	    cmocka_unit_test(test_history_at),
	    cmocka_unit_test_setup_teardown(test_db_defaults, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_db_set_audited, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_db_persists, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
