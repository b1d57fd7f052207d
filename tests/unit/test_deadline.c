/*
 * test_deadline.c - acknowledgement and remediation deadlines: business
 * days across weekends, holidays, the policy's zone against the user's
 * TZ and DST changes; remediation per band; met, missed, open, due-soon
 * and overdue; clocks stopping on acknowledgement, on leaving fix and on
 * close, and running again after a reopen; which policy version judges a
 * clock; and, through the tracker on a temporary database, deadlines
 * following severity and report-time changes, with list rows agreeing
 * with loaded incidents. "Now" is pinned with $IRT_NOW, which the test
 * hooks linked into this test honour (src/testhooks).
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

#include "testdb.h"

#include "irt/db.h"
#include "irt/deadline.h"
#include "irt/deadline_json.h"
#include "irt/timeutil.h"
#include "irt/tracker.h"
#include "irt/tracker_policy.h"

#define HOUR (3600LL * 1000)
#define DAY  (24 * HOUR)

static int64_t at(const char *text)
{
	int64_t ms = 0;
	struct irt_err err;

	if (timeutil_parse(text, 0, &ms, &err) != IRT_OK)
		fail_msg("bad time %s: %s", text, err.msg);
	return ms;
}

static void assert_time(int64_t got, const char *want)
{
	char buf[TIMEUTIL_BUFSZ];

	timeutil_format_utc(got, buf, sizeof buf);
	if (got != at(want))
		fail_msg("got %s, expected %s", buf, want);
}

/* Facts of an open incident in detect, reported at `reported`. */
static struct deadline_facts facts(const char *reported, enum severity sev)
{
	struct deadline_facts f = {0};

	f.severity = sev;
	f.stage = STAGE_DETECT;
	f.reported_ms = at(reported);
	return f;
}

static struct deadlines compute_with(const struct deadline_facts *f,
                                     const struct policy *p, int64_t now)
{
	struct policy_history h;
	struct deadlines d;
	struct irt_err err;

	policy_history_init(&h, p);
	if (deadline_compute(f, &h, now, &d, &err) != IRT_OK)
		fail_msg("deadline_compute: %s", err.msg);
	policy_history_free(&h);
	d.policy = NULL; /* it pointed into h */
	return d;
}

/* The acknowledgement due time of a report at `reported` under p. */
static int64_t ack_due(const char *reported, const struct policy *p)
{
	struct deadline_facts f = facts(reported, SEVERITY_HIGH);
	struct deadlines d = compute_with(&f, p, f.reported_ms);

	assert_int_not_equal(d.item[DEADLINE_ACK].state, DEADLINE_NONE);
	return d.item[DEADLINE_ACK].due_ms;
}

static void test_ack_weekend(void **state)
{
	struct policy p;

	(void)state;
	policy_defaults(&p);
	/* Friday 10:00 + 2 business days = Tuesday 10:00. */
	assert_time(ack_due("2026-03-06T10:00:00Z", &p),
	            "2026-03-10T10:00:00Z");
	/* Wednesday + 2 = Friday, no weekend in between. */
	assert_time(ack_due("2026-03-04T10:00:00Z", &p),
	            "2026-03-06T10:00:00Z");
	/* Saturday: counting starts Monday 00:00, so all of Monday and
	 * Tuesday: Wednesday 00:00. */
	assert_time(ack_due("2026-03-07T15:00:00Z", &p),
	            "2026-03-11T00:00:00Z");
	/* Sunday just before midnight: the same. */
	assert_time(ack_due("2026-03-08T23:59:00Z", &p),
	            "2026-03-11T00:00:00Z");
	p.ack_business_days = 5;
	/* Thursday + 5 = next Thursday. */
	assert_time(ack_due("2026-03-05T09:30:00Z", &p),
	            "2026-03-12T09:30:00Z");
}

static void test_ack_holidays(void **state)
{
	struct policy p;
	struct irt_err err;

	(void)state;
	policy_defaults(&p);
	assert_int_equal(
	    policy_set_value(&p, POLICY_KEY_HOLIDAYS, "2026-03-09", &err),
	    IRT_OK);
	/* Friday + 2 skipping the weekend and Monday's holiday. */
	assert_time(ack_due("2026-03-06T10:00:00Z", &p),
	            "2026-03-11T10:00:00Z");
	/* A report on the holiday counts from Tuesday 00:00. */
	assert_time(ack_due("2026-03-09T11:00:00Z", &p),
	            "2026-03-12T00:00:00Z");
	/* Christmas: Thursday 24th + 2 with the 25th and 26th off. */
	assert_int_equal(policy_set_value(&p, POLICY_KEY_HOLIDAYS,
	                                  "2026-12-25,2026-12-26", &err),
	                 IRT_OK);
	assert_time(ack_due("2026-12-24T16:00:00Z", &p),
	            "2026-12-29T16:00:00Z");
}

static void test_ack_policy_zone_not_user_tz(void **state)
{
	struct policy p;
	struct irt_err err;
	const char *old = getenv("TZ");
	char *saved = old ? strdup(old) : NULL;
	int64_t utc_due, tokyo_due;

	(void)state;
	policy_defaults(&p);
	/* Friday 20:00 UTC is already Saturday 05:00 in Tokyo. */
	utc_due = ack_due("2026-03-06T20:00:00Z", &p);
	assert_time(utc_due, "2026-03-10T20:00:00Z");
	assert_int_equal(
	    policy_set_value(&p, POLICY_KEY_ZONE, "Asia/Tokyo", &err), IRT_OK);
	tokyo_due = ack_due("2026-03-06T20:00:00Z", &p);
	/* Counting from Monday 00:00 JST: Wednesday 00:00 JST. */
	assert_time(tokyo_due, "2026-03-11T00:00:00+09:00");
	/* The user's own zone changes nothing, and is left as it was. */
	setenv("TZ", "America/Los_Angeles", 1);
	assert_int_equal(ack_due("2026-03-06T20:00:00Z", &p), tokyo_due);
	assert_string_equal(getenv("TZ"), "America/Los_Angeles");
	setenv("TZ", "Pacific/Kiritimati", 1);
	assert_int_equal(ack_due("2026-03-06T20:00:00Z", &p), tokyo_due);
	/* Holidays are dates of the policy's zone: Monday 9 March in
	 * Tokyo starts on Sunday 15:00 UTC. */
	assert_int_equal(
	    policy_set_value(&p, POLICY_KEY_HOLIDAYS, "2026-03-09", &err),
	    IRT_OK);
	assert_time(ack_due("2026-03-06T20:00:00Z", &p),
	            "2026-03-12T00:00:00+09:00");
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	free(saved);
}

static void test_ack_dst(void **state)
{
	struct policy p;
	struct irt_err err;
	int64_t start, due;

	(void)state;
	policy_defaults(&p);
	assert_int_equal(
	    policy_set_value(&p, POLICY_KEY_ZONE, "Europe/Berlin", &err),
	    IRT_OK);
	/* Spring forward on Sunday 29 March: Friday 10:00 CET + 2 business
	 * days = Tuesday 10:00 CEST, one hour less than 4 x 24 h. */
	start = at("2026-03-27T10:00:00+01:00");
	due = ack_due("2026-03-27T10:00:00+01:00", &p);
	assert_time(due, "2026-03-31T10:00:00+02:00");
	assert_int_equal(due - start, 4 * DAY - HOUR);
	/* Fall back on Sunday 25 October: one hour more. */
	start = at("2026-10-23T10:00:00+02:00");
	due = ack_due("2026-10-23T10:00:00+02:00", &p);
	assert_time(due, "2026-10-27T10:00:00+01:00");
	assert_int_equal(due - start, 4 * DAY + HOUR);
	/* In UTC the same report has no DST: exactly 4 days. */
	policy_defaults(&p);
	assert_int_equal(ack_due("2026-03-27T09:00:00Z", &p) -
	                     at("2026-03-27T09:00:00Z"),
	                 4 * DAY);
}

static void test_ack_none(void **state)
{
	struct policy p;
	struct deadline_facts f = facts("2026-03-06T10:00:00Z", SEVERITY_LOW);
	struct deadlines d;

	(void)state;
	policy_defaults(&p);
	p.ack_business_days = 0;
	d = compute_with(&f, &p, f.reported_ms);
	assert_int_equal(d.item[DEADLINE_ACK].state, DEADLINE_NONE);
	assert_int_equal(d.item[DEADLINE_ACK].due_ms, 0);
	/* An acknowledgement with no deadline is not "met". */
	f.acked_ms = f.reported_ms + HOUR;
	d = compute_with(&f, &p, f.reported_ms);
	assert_int_equal(d.item[DEADLINE_ACK].state, DEADLINE_NONE);
	assert_int_equal(d.item[DEADLINE_ACK].stopped_ms, 0);
}

static void test_remediate_bands(void **state)
{
	static const struct {
		enum severity sev;
		int64_t days; /* 0: no deadline */
	} cases[] = {
	    {SEVERITY_CRITICAL, 14}, {SEVERITY_HIGH, 28}, {SEVERITY_MEDIUM, 42},
	    {SEVERITY_LOW, 90},      {SEVERITY_NONE, 0},  {SEVERITY_UNSET, 0},
	};
	struct policy p;

	(void)state;
	policy_defaults(&p);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct deadline_facts f =
		    facts("2026-03-06T10:00:00Z", cases[i].sev);
		struct deadlines d = compute_with(&f, &p, f.reported_ms);
		const struct deadline *r = &d.item[DEADLINE_REMEDIATE];

		if (!cases[i].days) {
			assert_int_equal(r->state, DEADLINE_NONE);
			assert_int_equal(r->due_ms, 0);
			/* Band none still has to be acknowledged. */
			assert_int_equal(d.item[DEADLINE_ACK].state,
			                 DEADLINE_OPEN);
			continue;
		}
		assert_int_equal(r->state, DEADLINE_OPEN);
		assert_int_equal(r->days, cases[i].days);
		assert_int_equal(r->due_ms,
		                 f.reported_ms + cases[i].days * DAY);
	}
	/* Calendar days: weekends count. Critical reported Friday is due
	 * two weeks later on Friday, same time. */
	{
		struct deadline_facts f =
		    facts("2026-03-06T10:00:00Z", SEVERITY_CRITICAL);
		struct deadlines d = compute_with(&f, &p, f.reported_ms);

		assert_time(d.item[DEADLINE_REMEDIATE].due_ms,
		            "2026-03-20T10:00:00Z");
	}
	/* A band the policy gives 0 days has no deadline. */
	p.remediate_days[SEVERITY_LOW] = 0;
	{
		struct deadline_facts f =
		    facts("2026-03-06T10:00:00Z", SEVERITY_LOW);
		struct deadlines d = compute_with(&f, &p, f.reported_ms);

		assert_int_equal(d.item[DEADLINE_REMEDIATE].state,
		                 DEADLINE_NONE);
	}
}

static enum deadline_state remediate_state(struct deadline_facts f,
                                           const struct policy *p, int64_t now)
{
	return compute_with(&f, p, now).item[DEADLINE_REMEDIATE].state;
}

static void test_states(void **state)
{
	struct policy p;
	struct deadline_facts f =
	    facts("2026-03-06T10:00:00Z", SEVERITY_CRITICAL);
	int64_t due = f.reported_ms + 14 * DAY;

	(void)state;
	policy_defaults(&p); /* due soon: 1 day */
	assert_int_equal(remediate_state(f, &p, due - DAY - 1), DEADLINE_OPEN);
	assert_int_equal(remediate_state(f, &p, due - DAY), DEADLINE_DUE_SOON);
	assert_int_equal(remediate_state(f, &p, due), DEADLINE_DUE_SOON);
	assert_int_equal(remediate_state(f, &p, due + 1), DEADLINE_OVERDUE);
	assert_int_equal(remediate_state(f, &p, due + 90 * DAY),
	                 DEADLINE_OVERDUE);
	p.due_soon_ms = 0; /* due-soon off */
	assert_int_equal(remediate_state(f, &p, due - 1), DEADLINE_OPEN);
	p.due_soon_ms = 3 * DAY;
	assert_int_equal(remediate_state(f, &p, due - 2 * DAY),
	                 DEADLINE_DUE_SOON);

	/* Stopped: met up to and at the due time, missed after; "now" no
	 * longer matters. */
	f.stage = STAGE_NOTIFY;
	f.fix_left_ms = due;
	assert_int_equal(remediate_state(f, &p, due + 100 * DAY), DEADLINE_MET);
	f.fix_left_ms = due + 1;
	assert_int_equal(remediate_state(f, &p, due + 100 * DAY),
	                 DEADLINE_MISSED);
	f.fix_left_ms = f.reported_ms + HOUR;
	assert_int_equal(remediate_state(f, &p, f.reported_ms + 2 * HOUR),
	                 DEADLINE_MET);
}

static void test_clock_stops(void **state)
{
	struct policy p;
	struct deadline_facts f =
	    facts("2026-03-06T10:00:00Z", SEVERITY_CRITICAL);
	int64_t r = f.reported_ms, now = r + 30 * DAY;
	struct deadlines d;

	(void)state;
	policy_defaults(&p);
	/* Acknowledged Monday: stopped there, met. */
	f.acked_ms = at("2026-03-09T09:00:00Z");
	d = compute_with(&f, &p, now);
	assert_int_equal(d.item[DEADLINE_ACK].state, DEADLINE_MET);
	assert_int_equal(d.item[DEADLINE_ACK].stopped_ms, f.acked_ms);
	/* Acknowledged Wednesday: missed, and stays missed. */
	f.acked_ms = at("2026-03-11T09:00:00Z");
	d = compute_with(&f, &p, now);
	assert_int_equal(d.item[DEADLINE_ACK].state, DEADLINE_MISSED);

	/* Remediation runs through detect, contain and fix. */
	f.acked_ms = r + HOUR;
	for (int st = STAGE_DETECT; st <= STAGE_FIX; st++) {
		f.stage = (enum stage)st;
		d = compute_with(&f, &p, now);
		assert_int_equal(d.item[DEADLINE_REMEDIATE].state,
		                 DEADLINE_OVERDUE);
		assert_int_equal(d.item[DEADLINE_REMEDIATE].stopped_ms, 0);
	}
	/* Leaving fix on day 10 stops it: met, in notify, review, closed. */
	f.fix_left_ms = r + 10 * DAY;
	for (int st = STAGE_NOTIFY; st <= STAGE_CLOSED; st++) {
		f.stage = (enum stage)st;
		f.closed_ms = st == STAGE_CLOSED ? r + 12 * DAY : 0;
		d = compute_with(&f, &p, now);
		assert_int_equal(d.item[DEADLINE_REMEDIATE].state,
		                 DEADLINE_MET);
		assert_int_equal(d.item[DEADLINE_REMEDIATE].stopped_ms,
		                 r + 10 * DAY);
	}
	/* Reopened into fix (entering fix clears its exit): the clock runs
	 * again against the same due time, so it is overdue at once. */
	f.stage = STAGE_FIX;
	f.fix_left_ms = 0;
	f.closed_ms = 0;
	d = compute_with(&f, &p, now);
	assert_int_equal(d.item[DEADLINE_REMEDIATE].state, DEADLINE_OVERDUE);
	assert_int_equal(d.item[DEADLINE_REMEDIATE].due_ms, r + 14 * DAY);

	/* Closed (rejected, say) while still in contain: both clocks stop
	 * at the close. */
	f = facts("2026-03-06T10:00:00Z", SEVERITY_CRITICAL);
	f.stage = STAGE_CLOSED;
	f.closed_ms = r + DAY;
	d = compute_with(&f, &p, now);
	assert_int_equal(d.item[DEADLINE_ACK].state, DEADLINE_MET);
	assert_int_equal(d.item[DEADLINE_ACK].stopped_ms, r + DAY);
	assert_int_equal(d.item[DEADLINE_REMEDIATE].state, DEADLINE_MET);
	assert_int_equal(d.item[DEADLINE_REMEDIATE].stopped_ms, r + DAY);
	f.closed_ms = r + 20 * DAY;
	d = compute_with(&f, &p, now);
	assert_int_equal(d.item[DEADLINE_ACK].state, DEADLINE_MISSED);
	assert_int_equal(d.item[DEADLINE_REMEDIATE].state, DEADLINE_MISSED);
	/* Reopened back into contain: both run again. */
	f.stage = STAGE_CONTAIN;
	f.closed_ms = 0;
	d = compute_with(&f, &p, now);
	assert_int_equal(d.item[DEADLINE_ACK].state, DEADLINE_OVERDUE);
	assert_int_equal(d.item[DEADLINE_REMEDIATE].state, DEADLINE_OVERDUE);

	/* No report time, no deadlines. */
	f.reported_ms = 0;
	d = compute_with(&f, &p, now);
	assert_int_equal(d.item[DEADLINE_ACK].state, DEADLINE_NONE);
	assert_int_equal(d.item[DEADLINE_REMEDIATE].state, DEADLINE_NONE);
}

static void test_policy_versions(void **state)
{
	struct policy_history h;
	struct event_list events = {0};
	struct event *ev;
	struct deadline_facts f =
	    facts("2026-03-01T10:00:00Z", SEVERITY_CRITICAL);
	int64_t change = at("2026-03-20T00:00:00Z");
	struct deadlines d;
	struct irt_err err;

	(void)state;
	/* On 20 March critical goes from 14 to 30 days. */
	ev = event_list_push(&events);
	ev->seq = 1;
	ev->at_ms = change;
	event_set(&ev->field, "remediate.critical");
	event_set(&ev->new_value, "30");
	assert_int_equal(policy_history_replay(&h, &events, &err), IRT_OK);

	/* Reported 1 March, under the 14 days in force then: left fix on
	 * 18 March (day 17), missed, though the policy now allows 30. */
	f.stage = STAGE_REVIEW;
	f.fix_left_ms = at("2026-03-18T10:00:00Z");
	assert_int_equal(deadline_compute(&f, &h, change + DAY, &d, &err),
	                 IRT_OK);
	assert_int_equal(d.item[DEADLINE_REMEDIATE].state, DEADLINE_MISSED);
	assert_int_equal(d.item[DEADLINE_REMEDIATE].days, 14);
	assert_int_equal(d.item[DEADLINE_REMEDIATE].policy_seq, 0);
	/* Still running: still the version of the report, 14 days. */
	f.stage = STAGE_FIX;
	f.fix_left_ms = 0;
	assert_int_equal(deadline_compute(&f, &h, change + DAY, &d, &err),
	                 IRT_OK);
	assert_int_equal(d.item[DEADLINE_REMEDIATE].state, DEADLINE_OVERDUE);
	assert_int_equal(d.item[DEADLINE_REMEDIATE].days, 14);
	/* Reported on the 20th itself: the new version, 30 days. */
	f.reported_ms = change;
	assert_int_equal(deadline_compute(&f, &h, change + DAY, &d, &err),
	                 IRT_OK);
	assert_int_equal(d.item[DEADLINE_REMEDIATE].state, DEADLINE_OPEN);
	assert_int_equal(d.item[DEADLINE_REMEDIATE].days, 30);
	assert_int_equal(d.item[DEADLINE_REMEDIATE].policy_seq, 1);
	assert_int_equal(d.item[DEADLINE_ACK].policy_seq, 1);
	assert_ptr_equal(d.policy, policy_history_version(&h, 1));
	assert_int_equal(d.policy->seq, 1);
	assert_int_equal(d.policy->from_ms, change);
	assert_time(d.item[DEADLINE_REMEDIATE].due_ms, "2026-04-19T00:00:00Z");
	policy_history_free(&h);
	event_list_free(&events);
}

static void test_next_and_format(void **state)
{
	struct policy p;
	struct deadline_facts f =
	    facts("2026-03-06T10:00:00Z", SEVERITY_CRITICAL);
	int64_t r = f.reported_ms;
	struct deadlines d;
	char buf[64];

	(void)state;
	policy_defaults(&p);
	/* Both running: the acknowledgement (Tuesday) comes first. */
	d = compute_with(&f, &p, r + HOUR);
	assert_ptr_equal(deadline_next(&d), &d.item[DEADLINE_ACK]);
	deadline_format_due(&d, r + HOUR, buf, sizeof buf);
	assert_string_equal(buf, "ack 3d 23h");
	assert_int_equal(deadline_summary(&d), DEADLINE_OPEN);
	/* Acknowledgement overdue by two hours. */
	d = compute_with(&f, &p, at("2026-03-10T12:00:00Z"));
	deadline_format_due(&d, at("2026-03-10T12:00:00Z"), buf, sizeof buf);
	assert_string_equal(buf, "ack -2h 00m overdue");
	assert_int_equal(deadline_summary(&d), DEADLINE_OVERDUE);
	/* Acknowledged: remediation is next. */
	f.acked_ms = r + HOUR;
	d = compute_with(&f, &p, r + 2 * DAY);
	assert_ptr_equal(deadline_next(&d), &d.item[DEADLINE_REMEDIATE]);
	deadline_format_due(&d, r + 2 * DAY, buf, sizeof buf);
	assert_string_equal(buf, "fix 12d");
	deadline_format_due(&d, r + 13 * DAY + HOUR, buf, sizeof buf);
	assert_string_equal(buf, "fix 23h 00m");
	d = compute_with(&f, &p, r + 13 * DAY + HOUR);
	assert_int_equal(deadline_summary(&d), DEADLINE_DUE_SOON);
	/* Nothing running: met, or missed if any was. */
	f.stage = STAGE_REVIEW;
	f.fix_left_ms = r + 5 * DAY;
	d = compute_with(&f, &p, r + 30 * DAY);
	assert_null(deadline_next(&d));
	deadline_format_due(&d, r + 30 * DAY, buf, sizeof buf);
	assert_string_equal(buf, "met");
	f.acked_ms = r + 5 * DAY;
	d = compute_with(&f, &p, r + 30 * DAY);
	deadline_format_due(&d, r + 30 * DAY, buf, sizeof buf);
	assert_string_equal(buf, "missed");
	/* No deadline at all. */
	p.ack_business_days = 0;
	f.severity = SEVERITY_NONE;
	d = compute_with(&f, &p, r);
	deadline_format_due(&d, r, buf, sizeof buf);
	assert_string_equal(buf, "-");
	assert_int_equal(deadline_summary(&d), DEADLINE_NONE);
}

static void test_json(void **state)
{
	struct policy p;
	struct policy_history h;
	struct deadline_facts f =
	    facts("2026-03-06T10:00:00Z", SEVERITY_CRITICAL);
	struct deadlines d;
	struct irt_err err;
	json_t *j, *ack, *rem, *pol;
	int64_t now = at("2026-03-10T12:00:00Z");
	char text[DEADLINE_POLICY_TEXT_MAX];

	(void)state;
	policy_defaults(&p);
	assert_int_equal(policy_set_value(&p, POLICY_KEY_HOLIDAYS,
	                                  "2026-12-25,2026-04-03", &err),
	                 IRT_OK);
	f.severity = SEVERITY_NONE;
	policy_history_init(&h, &p);
	assert_int_equal(deadline_compute(&f, &h, now, &d, &err), IRT_OK);
	/* The version judged by, read through the deadlines while the
	 * history lives. */
	j = deadline_json(&d, now);
	pol = json_object_get(json_object_get(j, "acknowledge"), "policy");
	assert_int_equal(json_integer_value(json_object_get(pol, "version")),
	                 0);
	assert_string_equal(json_string_value(json_object_get(pol, "zone")),
	                    "UTC");
	assert_int_equal(json_array_size(json_object_get(pol, "holidays")), 2);
	assert_string_equal(json_string_value(json_array_get(
	                        json_object_get(pol, "holidays"), 0)),
	                    "2026-04-03");
	deadline_policy_text(&d, text, sizeof text);
	assert_string_equal(text, "version 0 (the defaults; zone UTC; "
	                          "holidays 2026-04-03,2026-12-25)");
	json_decref(j);
	policy_history_free(&h);

	policy_defaults(&p);
	d = compute_with(&f, &p, now);
	j = deadline_json(&d, now);
	ack = json_object_get(j, "acknowledge");
	rem = json_object_get(j, "remediate");
	assert_string_equal(json_string_value(json_object_get(ack, "state")),
	                    "overdue");
	assert_string_equal(json_string_value(json_object_get(ack, "due")),
	                    "2026-03-10T10:00:00.000Z");
	assert_int_equal(json_integer_value(json_object_get(ack, "left_ms")),
	                 -2 * HOUR);
	assert_true(json_is_null(json_object_get(ack, "stopped")));
	assert_int_equal(
	    json_integer_value(json_object_get(ack, "business_days")), 2);
	assert_string_equal(json_string_value(json_object_get(rem, "state")),
	                    "none");
	assert_true(json_is_null(json_object_get(rem, "due")));
	assert_true(json_is_null(json_object_get(rem, "days")));
	assert_string_equal(json_string_value(json_object_get(j, "next")),
	                    "acknowledge");
	json_decref(j);
}

static void test_unknown_zone(void **state)
{
	struct policy p;
	struct policy_history h;
	struct deadline_facts f =
	    facts("2026-03-06T10:00:00Z", SEVERITY_CRITICAL);
	struct deadlines d;
	struct irt_err err;

	(void)state;
	policy_defaults(&p);
	/* A zone valid where it was set but unknown here. */
	strcpy(p.zone, "Nowhere/Atlantis");
	policy_history_init(&h, &p);
	assert_int_equal(deadline_compute(&f, &h, f.reported_ms, &d, &err),
	                 IRT_ERR_INVALID);
	assert_non_null(strstr(err.msg, "Nowhere/Atlantis"));
	assert_int_equal(d.item[DEADLINE_ACK].state, DEADLINE_NONE);
	assert_int_equal(d.item[DEADLINE_REMEDIATE].state, DEADLINE_OPEN);
	policy_history_free(&h);
}

/* One policy change of the history test_rows_across_zones replays. */
static void push_change(struct event_list *events, long seq, const char *from,
                        const char *key, const char *value)
{
	struct event *ev = event_list_push(events);

	ev->seq = seq;
	ev->at_ms = at(from);
	ev->recorded_ms = ev->at_ms;
	event_set(&ev->field, key);
	event_set(&ev->new_value, value);
}

static void test_rows_across_zones(void **state)
{
	struct event_list events = {0};
	struct policy_history h;
	struct incident_rows rows = {0};
	struct deadlines *batch;
	struct irt_err err;
	int64_t now = at("2027-06-01T12:00:00Z");
	size_t n_berlin = 0, n_york = 0;

	(void)state;
	/* Berlin with holidays and 60 business days from 2025; New York
	 * (the current zone, which the batch enters) from 2026-06-01. */
	push_change(&events, 1, "2025-01-01T00:00:00Z", "zone",
	            "Europe/Berlin");
	push_change(&events, 2, "2025-01-01T00:00:00Z", "holidays",
	            "2025-04-18,2025-04-21,2025-12-25,2025-12-26,2026-01-01,"
	            "2026-04-03,2026-04-06,2026-05-25,2026-07-03,2026-11-26,"
	            "2026-12-25,2027-01-01");
	push_change(&events, 3, "2025-01-01T00:00:00Z", "ack-business-days",
	            "60");
	push_change(&events, 4, "2026-06-01T00:00:00Z", "zone",
	            "America/New_York");
	assert_int_equal(policy_history_replay(&h, &events, &err), IRT_OK);
	/* Reports every 31 h 7 min over two years, so across DST changes
	 * and holidays in both zones; some acknowledged, some closed. */
	for (int64_t r = at("2025-01-01T00:00:00Z");
	     r < at("2027-01-15T00:00:00Z"); r += 31 * HOUR + 7 * 60000) {
		struct incident_row *row;

		rows.items =
		    realloc(rows.items, (rows.count + 1) * sizeof *rows.items);
		row = &rows.items[rows.count];
		memset(row, 0, sizeof *row);
		row->id = (long)++rows.count;
		row->severity = (enum severity)(rows.count % SEVERITY_COUNT);
		row->stage = (enum stage)(rows.count % STAGE_COUNT);
		row->reported_ms = r;
		row->stage_entered_ms = r + 3 * DAY;
		if (rows.count % 3 == 0)
			row->acked_ms = r + (int64_t)(rows.count % 90) * DAY;
		if (row->stage > STAGE_FIX)
			row->fix_left_ms = r + 20 * DAY;
	}
	setenv("TZ", "Asia/Tokyo", 1);
	batch = calloc(rows.count, sizeof *batch);
	assert_int_equal(deadline_of_rows(&rows, &h, now, batch, &err), IRT_OK);
	assert_string_equal(getenv("TZ"), "Asia/Tokyo");
	for (size_t i = 0; i < rows.count; i++) {
		struct deadlines alone;
		struct deadline_facts f;
		const struct deadline *ack = &batch[i].item[DEADLINE_ACK];
		int64_t due;

		assert_int_equal(
		    deadline_of_row(&rows.items[i], &h, now, &alone, &err),
		    IRT_OK);
		assert_memory_equal(&batch[i], &alone, sizeof alone);
		/* And the due time is 60 business days in the version's
		 * own zone, with its holidays. */
		deadline_facts_of_row(&rows.items[i], &f);
		assert_int_equal(
		    timeutil_add_business_days(
		        f.reported_ms, 60, batch[i].policy->policy.zone,
		        batch[i].policy->policy.holidays,
		        batch[i].policy->policy.n_holidays, &due, &err),
		    IRT_OK);
		assert_true(ack->due_ms == due);
		assert_int_equal(ack->days, 60);
		if (strcmp(batch[i].policy->policy.zone, "Europe/Berlin") == 0)
			n_berlin++;
		else if (strcmp(batch[i].policy->policy.zone,
		                "America/New_York") == 0)
			n_york++;
	}
	/* Both kinds of row were there. */
	assert_true(n_berlin > 100 && n_york > 100);
	assert_int_equal(n_berlin + n_york, rows.count);
	setenv("TZ", "UTC", 1);
	free(batch);
	incident_rows_free(&rows);
	policy_history_free(&h);
	event_list_free(&events);
}

/* ---- through the tracker ------------------------------------------ */

struct fixture {
	char path[512];
	struct db *db;
	struct tracker t;
	struct policy_history h;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct irt_err err;

	fx->db = testdb_open(fx->path, sizeof fx->path, "deadline");
	fx->t.db = fx->db;
	fx->t.actor = "tester";
	assert_int_equal(db_policy_history_load(fx->db, &fx->h, &err), IRT_OK);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	unsetenv("IRT_NOW");
	policy_history_free(&fx->h);
	testdb_close(fx->db, fx->path);
	free(fx);
	return 0;
}

static long new_reported(struct fixture *fx, const char *reported,
                         const char *severity)
{
	struct new_incident spec = {0};
	struct irt_err err;
	long id = 0;

	spec.field[FIELD_TITLE] = "login bypass";
	spec.field[FIELD_REPORTED] = reported;
	spec.field[FIELD_SEVERITY] = severity;
	spec.owner = "alice";
	if (tracker_new(&fx->t, &spec, &id, &err) != IRT_OK)
		fail_msg("tracker_new: %s", err.msg);
	return id;
}

static struct deadlines of(struct fixture *fx, long id, int64_t now)
{
	struct incident inc;
	struct deadlines d;
	struct irt_err err;

	assert_int_equal(db_incident_load(fx->db, id, &inc, &err), IRT_OK);
	assert_int_equal(deadline_of_incident(&inc, &fx->h, now, &d, &err),
	                 IRT_OK);
	incident_clear(&inc);
	return d;
}

static void test_recompute_on_change(void **state)
{
	struct fixture *fx = *state;
	int64_t now = at("2026-03-06T12:00:00Z");
	struct irt_err err;
	struct deadlines d;
	long id;

	/* Written on 10 March (so the report can be moved to the 9th),
	 * judged as of `now`. */
	setenv("IRT_NOW", "2026-03-10T12:00:00Z", 1);
	id = new_reported(fx, "2026-03-06T10:00:00Z", "high");
	d = of(fx, id, now);
	assert_time(d.item[DEADLINE_ACK].due_ms, "2026-03-10T10:00:00Z");
	assert_time(d.item[DEADLINE_REMEDIATE].due_ms, "2026-04-03T10:00:00Z");
	assert_int_equal(d.item[DEADLINE_REMEDIATE].days, 28);

	/* Raised to critical: 14 days. */
	assert_int_equal(
	    tracker_severity(&fx->t, id, 0, SEVERITY_CRITICAL, NULL, &err),
	    IRT_OK);
	d = of(fx, id, now);
	assert_time(d.item[DEADLINE_REMEDIATE].due_ms, "2026-03-20T10:00:00Z");
	/* Lowered to medium: 42 days. */
	assert_int_equal(
	    tracker_severity(&fx->t, id, 0, SEVERITY_MEDIUM, NULL, &err),
	    IRT_OK);
	d = of(fx, id, now);
	assert_time(d.item[DEADLINE_REMEDIATE].due_ms, "2026-04-17T10:00:00Z");
	/* The report was really on Monday: both move. */
	assert_int_equal(tracker_set(&fx->t, id, 0, FIELD_REPORTED,
	                             "2026-03-09T10:00:00Z", &err),
	                 IRT_OK);
	d = of(fx, id, now);
	assert_time(d.item[DEADLINE_ACK].due_ms, "2026-03-11T10:00:00Z");
	assert_time(d.item[DEADLINE_REMEDIATE].due_ms, "2026-04-20T10:00:00Z");
	/* Band none: no remediation deadline any more. */
	assert_int_equal(
	    tracker_severity(&fx->t, id, 0, SEVERITY_NONE, NULL, &err), IRT_OK);
	d = of(fx, id, now);
	assert_int_equal(d.item[DEADLINE_REMEDIATE].state, DEADLINE_NONE);
	assert_int_equal(d.item[DEADLINE_ACK].state, DEADLINE_OPEN);

	/* A policy version effective from now does not apply to an
	 * incident reported before it; one back-dated to before the
	 * report does. */
	assert_int_equal(
	    tracker_severity(&fx->t, id, 0, SEVERITY_HIGH, NULL, &err), IRT_OK);
	assert_int_equal(tracker_policy_set(&fx->t, "remediate.high", "14", 0,
	                                    NULL, NULL, &err),
	                 IRT_OK);
	policy_history_free(&fx->h);
	assert_int_equal(db_policy_history_load(fx->db, &fx->h, &err), IRT_OK);
	d = of(fx, id, now);
	assert_time(d.item[DEADLINE_REMEDIATE].due_ms, "2026-04-06T10:00:00Z");
	assert_int_equal(d.item[DEADLINE_REMEDIATE].policy_seq, 0);
	/* Not before the version before it. */
	assert_int_equal(tracker_policy_set(&fx->t, "remediate.high", "7",
	                                    at("2026-03-01T00:00:00Z"), NULL,
	                                    NULL, &err),
	                 IRT_ERR_INVALID);
	assert_non_null(strstr(err.msg, "version 1"));
	assert_int_equal(tracker_policy_set(&fx->t, "remediate.high", "7",
	                                    at("2026-03-10T12:00:00Z"), NULL,
	                                    NULL, &err),
	                 IRT_OK);
	/* Nor in the future. */
	assert_int_equal(tracker_policy_set(&fx->t, "remediate.high", "9",
	                                    at("2026-03-11T12:00:00Z"), NULL,
	                                    NULL, &err),
	                 IRT_ERR_INVALID);
	/* Moving the report under version 2 (from 10 March 12:00). */
	assert_int_equal(tracker_set(&fx->t, id, 0, FIELD_REPORTED,
	                             "2026-03-10T12:00:00Z", &err),
	                 IRT_OK);
	policy_history_free(&fx->h);
	assert_int_equal(db_policy_history_load(fx->db, &fx->h, &err), IRT_OK);
	d = of(fx, id, now);
	assert_time(d.item[DEADLINE_REMEDIATE].due_ms, "2026-03-17T12:00:00Z");
	assert_int_equal(d.item[DEADLINE_REMEDIATE].policy_seq, 2);
	assert_int_equal(d.item[DEADLINE_ACK].policy_seq, 2);
}

/* Advances id one stage at `when`, forced (gates are not the point). */
static void advance_at(struct fixture *fx, long id, const char *when)
{
	struct irt_err err;

	if (tracker_advance(&fx->t, id, at(when), NULL, 1, "test", NULL,
	                    &err) != IRT_OK)
		fail_msg("advance: %s", err.msg);
}

static void test_stop_on_leaving_fix(void **state)
{
	struct fixture *fx = *state;
	struct irt_err err;
	struct deadlines d;
	long fast, slow;

	/* Written on day 10, each step back-dated to when it happened. */
	setenv("IRT_NOW", "2026-03-16T10:00:00Z", 1);
	fast = new_reported(fx, "2026-03-06T10:00:00Z", "critical");
	slow = new_reported(fx, "2026-03-06T10:00:00Z", "critical");
	assert_int_equal(
	    tracker_ack(&fx->t, fast, at("2026-03-06T11:00:00Z"), &err),
	    IRT_OK);
	advance_at(fx, fast, "2026-03-07T10:00:00Z"); /* contain */
	advance_at(fx, fast, "2026-03-08T10:00:00Z"); /* fix */
	advance_at(fx, slow, "2026-03-07T10:00:00Z");
	advance_at(fx, slow, "2026-03-08T10:00:00Z");

	/* Day 10: both in fix, running, due soon 4 days later. */
	d = of(fx, fast, at("2026-03-16T10:00:00Z"));
	assert_int_equal(d.item[DEADLINE_REMEDIATE].state, DEADLINE_OPEN);
	assert_int_equal(d.item[DEADLINE_ACK].state, DEADLINE_MET);
	d = of(fx, slow, at("2026-03-16T10:00:00Z"));
	/* slow was never acknowledged. */
	assert_int_equal(d.item[DEADLINE_ACK].state, DEADLINE_OVERDUE);

	/* fast leaves fix on day 10: met, and stays met on day 40. */
	advance_at(fx, fast, "2026-03-16T10:00:00Z");
	d = of(fx, fast, at("2026-04-15T10:00:00Z"));
	assert_int_equal(d.item[DEADLINE_REMEDIATE].state, DEADLINE_MET);
	assert_time(d.item[DEADLINE_REMEDIATE].stopped_ms,
	            "2026-03-16T10:00:00Z");

	/* slow is closed from fix on day 20: the close stops both clocks,
	 * late. */
	setenv("IRT_NOW", "2026-03-26T10:00:00Z", 1);
	assert_int_equal(tracker_close(&fx->t, slow, 0, RESOLUTION_RESOLVED,
	                               "patched", &err),
	                 IRT_OK);
	d = of(fx, slow, at("2026-04-15T10:00:00Z"));
	assert_int_equal(d.item[DEADLINE_REMEDIATE].state, DEADLINE_MISSED);
	assert_time(d.item[DEADLINE_REMEDIATE].stopped_ms,
	            "2026-03-26T10:00:00Z");
	assert_int_equal(d.item[DEADLINE_ACK].state, DEADLINE_MISSED);

	/* Reopened into fix: the fix did not hold, the clock runs again
	 * and is overdue; so is the acknowledgement. */
	setenv("IRT_NOW", "2026-03-27T10:00:00Z", 1);
	assert_int_equal(tracker_reopen(&fx->t, slow, 0, "regressed", &err),
	                 IRT_OK);
	d = of(fx, slow, at("2026-03-27T10:00:00Z"));
	assert_int_equal(d.item[DEADLINE_REMEDIATE].state, DEADLINE_OVERDUE);
	assert_int_equal(d.item[DEADLINE_ACK].state, DEADLINE_OVERDUE);
	/* Leaving fix again, a day later, stops it again. */
	setenv("IRT_NOW", "2026-03-28T10:00:00Z", 1);
	advance_at(fx, slow, "2026-03-28T10:00:00Z");
	d = of(fx, slow, at("2026-04-15T10:00:00Z"));
	assert_int_equal(d.item[DEADLINE_REMEDIATE].state, DEADLINE_MISSED);
	assert_time(d.item[DEADLINE_REMEDIATE].stopped_ms,
	            "2026-03-28T10:00:00Z");

	/* fast: closed from notify and reopened back to notify; the
	 * remediation stop of day 10 stands. */
	assert_int_equal(
	    tracker_close(&fx->t, fast, 0, RESOLUTION_RESOLVED, "done", &err),
	    IRT_OK);
	assert_int_equal(
	    tracker_reopen(&fx->t, fast, 0, "one more notice", &err), IRT_OK);
	d = of(fx, fast, at("2026-04-15T10:00:00Z"));
	assert_int_equal(d.item[DEADLINE_REMEDIATE].state, DEADLINE_MET);
	assert_time(d.item[DEADLINE_REMEDIATE].stopped_ms,
	            "2026-03-16T10:00:00Z");
}

static void test_rows_agree(void **state)
{
	struct fixture *fx = *state;
	struct list_filter filter = {.closed = 2, .stage = -1, .severity = -1};
	struct incident_rows rows;
	struct deadlines *batch;
	struct irt_err err;
	int64_t now = at("2026-03-20T09:00:00Z");
	long id;

	setenv("IRT_NOW", "2026-03-06T12:00:00Z", 1);
	new_reported(fx, "2026-03-06T10:00:00Z", "critical");
	new_reported(fx, "2026-03-02T10:00:00Z", "");
	new_reported(fx, "2026-03-01T10:00:00Z", "none");
	id = new_reported(fx, "2026-03-05T10:00:00Z", "low");
	assert_int_equal(tracker_ack(&fx->t, id, 0, &err), IRT_OK);
	advance_at(fx, id, "2026-03-06T10:00:00Z");
	advance_at(fx, id, "2026-03-06T11:00:00Z");
	advance_at(fx, id, "2026-03-06T11:30:00Z");
	id = new_reported(fx, "2026-03-04T10:00:00Z", "high");
	setenv("IRT_NOW", "2026-03-10T12:00:00Z", 1);
	assert_int_equal(tracker_close(&fx->t, id, 0, RESOLUTION_DUPLICATE,
	                               "same as #1", &err),
	                 IRT_OK);

	/* A policy zone other than the user's, as the batch switches it. */
	assert_int_equal(tracker_policy_set(&fx->t, "zone", "Asia/Tokyo",
	                                    at("2026-03-01T00:00:00Z"), NULL,
	                                    NULL, &err),
	                 IRT_OK);
	policy_history_free(&fx->h);
	assert_int_equal(db_policy_history_load(fx->db, &fx->h, &err), IRT_OK);
	setenv("TZ", "America/New_York", 1);

	assert_int_equal(db_incident_list(fx->db, &filter, &rows, &err),
	                 IRT_OK);
	assert_int_equal(rows.count, 5);
	batch = calloc(rows.count, sizeof *batch);
	assert_int_equal(deadline_of_rows(&rows, &fx->h, now, batch, &err),
	                 IRT_OK);
	assert_string_equal(getenv("TZ"), "America/New_York");
	for (size_t i = 0; i < rows.count; i++) {
		struct deadlines from_row, from_inc;

		assert_int_equal(deadline_of_row(&rows.items[i], &fx->h, now,
		                                 &from_row, &err),
		                 IRT_OK);
		from_inc = of(fx, rows.items[i].id, now);
		assert_memory_equal(&from_row, &from_inc, sizeof from_row);
		assert_memory_equal(&batch[i], &from_inc, sizeof from_row);
	}
	/* The first, critical, reported Friday 19:00 in Tokyo: due Tuesday
	 * 19:00 there (rows are newest first). */
	assert_int_equal(rows.items[4].id, 1);
	assert_time(batch[4].item[DEADLINE_ACK].due_ms,
	            "2026-03-10T19:00:00+09:00");
	free(batch);
	incident_rows_free(&rows);
	/* With $TZ unset before, it is unset after. */
	unsetenv("TZ");
	assert_int_equal(db_incident_list(fx->db, &filter, &rows, &err),
	                 IRT_OK);
	batch = calloc(rows.count, sizeof *batch);
	assert_int_equal(deadline_of_rows(&rows, &fx->h, now, batch, &err),
	                 IRT_OK);
	assert_null(getenv("TZ"));
	setenv("TZ", "UTC", 1);
	free(batch);
	incident_rows_free(&rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ack_weekend),
	    cmocka_unit_test(test_ack_holidays),
	    cmocka_unit_test(test_ack_policy_zone_not_user_tz),
	    cmocka_unit_test(test_ack_dst),
	    cmocka_unit_test(test_ack_none),
	    cmocka_unit_test(test_remediate_bands),
	    cmocka_unit_test(test_states),
	    cmocka_unit_test(test_clock_stops),
	    cmocka_unit_test(test_policy_versions),
	    cmocka_unit_test(test_next_and_format),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_unknown_zone),
	    cmocka_unit_test(test_rows_across_zones),
	    cmocka_unit_test_setup_teardown(test_recompute_on_change, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_stop_on_leaving_fix, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_rows_agree, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
