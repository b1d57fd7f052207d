/*
 * test_timeutil.c - the time module: every input form in several zones,
 * DST gaps and repeated hours, bad input, formatting and round trips,
 * durations, business days in a policy zone, and the clock: one set with
 * timeutil_set_clock, and $IRT_NOW as the test hooks (src/testhooks,
 * linked into this test) read it.
 *
 * Expected instants come from timegm() on the UTC wall clock (checked
 * against zdump and GNU date when written), never from the module itself.
 * Each test starts in TZ=UTC, on the test hooks' clock without $IRT_NOW,
 * and sets its own zone.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "irt/timeutil.h"
#include "testhooks.h"

#define SEC  1000LL
#define MIN  (60 * SEC)
#define HOUR (60 * MIN)
#define DAY  (24 * HOUR)

/* A sentinel that no parse below produces; bad input must leave it. */
#define UNTOUCHED INT64_C(-7777777)

static void use_tz(const char *zone)
{
	if (zone)
		setenv("TZ", zone, 1);
	else
		unsetenv("TZ");
	tzset();
}

static int setup(void **state)
{
	(void)state;
	use_tz("UTC");
	timeutil_set_clock(testhooks_now_ms);
	unsetenv("IRT_NOW");
	unsetenv("TZDIR");
	return 0;
}

/* UTC ms of a UTC wall-clock time, by the C library's timegm. */
static int64_t utc_ms(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = {0};

	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return (int64_t)timegm(&tm) * SEC;
}

/* Parses text, which must succeed, and returns the instant. */
static int64_t parse_ok(const char *text, int64_t now_ms)
{
	struct irt_err err = {IRT_ERR_DB, "stale"};
	int64_t ms = UNTOUCHED;
	enum irt_status st = timeutil_parse(text, now_ms, &ms, &err);

	if (st != IRT_OK)
		print_error("parse of \"%s\" failed: %s\n", text, err.msg);
	assert_int_equal(st, IRT_OK);
	assert_int_equal(err.status, IRT_OK);
	assert_string_equal(err.msg, "");
	return ms;
}

/*
 * Parses text, which must fail with IRT_ERR_INVALID, leave the output
 * alone and say `needle` (if given) in its message.
 */
static void parse_bad(const char *text, int64_t now_ms, const char *needle)
{
	struct irt_err err = {IRT_OK, ""};
	int64_t ms = UNTOUCHED;
	enum irt_status st = timeutil_parse(text, now_ms, &ms, &err);

	if (st != IRT_ERR_INVALID)
		print_error("\"%s\" was accepted as %lld\n",
		            text ? text : "(null)", (long long)ms);
	assert_int_equal(st, IRT_ERR_INVALID);
	assert_int_equal(err.status, IRT_ERR_INVALID);
	assert_true(ms == UNTOUCHED);
	assert_true(err.msg[0] != '\0');
	if (needle && !strstr(err.msg, needle)) {
		print_error("message for \"%s\" lacks \"%s\": %s\n", text,
		            needle, err.msg);
		fail();
	}
}

/* 2026-11-29 (a Sunday) 12:00:00Z: the fixed "now" of most tests. */
static int64_t fixed_now(void)
{
	return utc_ms(2026, 11, 29, 12, 0, 0);
}

/* --- parsing ----------------------------------------------------------- */

static void test_parse_utc_forms(void **state)
{
	int64_t now = fixed_now();
	int64_t at = utc_ms(2026, 11, 29, 3, 12, 0);

	(void)state;
	assert_true(parse_ok("2026-11-29", now) ==
	            utc_ms(2026, 11, 29, 0, 0, 0));
	assert_true(parse_ok("2026-11-29T03:12", now) == at);
	assert_true(parse_ok("2026-11-29t03:12", now) == at);
	assert_true(parse_ok("2026-11-29 03:12", now) == at);
	assert_true(parse_ok("2026-11-29 03:12:45", now) == at + 45 * SEC);
	assert_true(parse_ok("2026-11-29T03:12:45.123", now) ==
	            at + 45 * SEC + 123);
	assert_true(parse_ok("2026-11-29T03:12:45.123Z", now) ==
	            at + 45 * SEC + 123);
	assert_true(parse_ok("2026-11-29T03:12Z", now) == at);
	assert_true(parse_ok("2026-11-29T03:12z", now) == at);
	assert_true(parse_ok("1970-01-01T00:00:00.000Z", now) == 0);
	assert_true(parse_ok("9999-12-31T23:59:59.999Z", now) ==
	            INT64_C(253402300799999));
}

static void test_parse_offsets(void **state)
{
	int64_t now = fixed_now();
	int64_t at = utc_ms(2026, 11, 29, 3, 12, 45);

	(void)state;
	/* An explicit offset wins over $TZ, whatever it is. */
	use_tz("Asia/Kolkata");
	assert_true(parse_ok("2026-11-29T03:12:45+01:00", now) == at - HOUR);
	assert_true(parse_ok("2026-11-29T03:12:45+0100", now) == at - HOUR);
	assert_true(parse_ok("2026-11-29T03:12:45+01", now) == at - HOUR);
	assert_true(parse_ok("2026-11-29T03:12:45-05:00", now) ==
	            at + 5 * HOUR);
	assert_true(parse_ok("2026-11-29T03:12:45-0500", now) == at + 5 * HOUR);
	assert_true(parse_ok("2026-11-29T03:12:45+05:30", now) ==
	            at - 5 * HOUR - 30 * MIN);
	assert_true(parse_ok("2026-11-29T03:12:45+12:45", now) ==
	            at - 12 * HOUR - 45 * MIN);
	assert_true(parse_ok("2026-11-29T03:12:45-00:00", now) == at);
	assert_true(parse_ok("2026-11-29T03:12:45+23:59", now) ==
	            at - 23 * HOUR - 59 * MIN);
	assert_true(parse_ok("2026-11-29 03:12:45.5-05:00", now) ==
	            at + 5 * HOUR + 500);
	/* As timeutil_format_local prints it: a space before the offset. */
	assert_true(parse_ok("2026-11-29 03:12:45 +01:00", now) == at - HOUR);
	assert_true(parse_ok("2026-11-29 03:12:45 -00:44:30", now) ==
	            at + 44 * MIN + 30 * SEC);
	assert_true(parse_ok("2026-11-29 03:12 Z", now) ==
	            utc_ms(2026, 11, 29, 3, 12, 0));
	/* Before the epoch by the offset: allowed, the written year is 1970. */
	assert_true(parse_ok("1970-01-01T00:00+01:00", now) == -HOUR);
}

static void test_parse_fraction(void **state)
{
	int64_t at = utc_ms(2026, 11, 29, 3, 12, 45);

	(void)state;
	assert_true(parse_ok("2026-11-29T03:12:45.1Z", 0) == at + 100);
	assert_true(parse_ok("2026-11-29T03:12:45.12Z", 0) == at + 120);
	assert_true(parse_ok("2026-11-29T03:12:45.012Z", 0) == at + 12);
	assert_true(parse_ok("2026-11-29T03:12:45.999Z", 0) == at + 999);
	/* Cut, not rounded, to the millisecond. */
	assert_true(parse_ok("2026-11-29T03:12:45.123999999Z", 0) == at + 123);
	parse_bad("2026-11-29T03:12:45.1234567890Z", 0, NULL);
	parse_bad("2026-11-29T03:12:45.Z", 0, NULL);
	parse_bad("2026-11-29T03:12.5Z", 0, NULL);
}

struct zone_case {
	const char *zone;
	const char *text;
	int y, mo, d, h, mi, s; /* the expected UTC wall clock */
};

static void test_parse_local_zones(void **state)
{
	static const struct zone_case cases[] = {
	    {"UTC", "2026-11-29 03:12", 2026, 11, 29, 3, 12, 0},
	    {"Europe/Berlin", "2026-11-29 03:12", 2026, 11, 29, 2, 12, 0},
	    {"Europe/Berlin", "2026-07-01T12:00:30", 2026, 7, 1, 10, 0, 30},
	    {"Europe/Berlin", "2026-11-29", 2026, 11, 28, 23, 0, 0},
	    {"America/New_York", "2026-11-29 03:12", 2026, 11, 29, 8, 12, 0},
	    {"America/New_York", "2026-07-04", 2026, 7, 4, 4, 0, 0},
	    {"Asia/Kolkata", "2026-11-29 03:12", 2026, 11, 28, 21, 42, 0},
	    {"Asia/Kolkata", "2026-11-29", 2026, 11, 28, 18, 30, 0},
	    {"Pacific/Chatham", "2026-11-29 03:12", 2026, 11, 28, 13, 27, 0},
	    {"Pacific/Chatham", "2026-06-29 03:12", 2026, 6, 28, 14, 27, 0},
	    {"Australia/Lord_Howe", "2026-11-29 03:12", 2026, 11, 28, 16, 12,
	     0},
	    {"Australia/Lord_Howe", "2026-06-29 03:12", 2026, 6, 28, 16, 42, 0},
	    /* Liberia's odd offset, -00:44:30, until 1972. */
	    {"Africa/Monrovia", "1971-01-01 00:00", 1971, 1, 1, 0, 44, 30},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct zone_case *c = &cases[i];
		int64_t want = utc_ms(c->y, c->mo, c->d, c->h, c->mi, c->s);
		int64_t got;

		use_tz(c->zone);
		got = parse_ok(c->text, fixed_now());
		if (got != want)
			print_error("%s in %s: got %lld, want %lld\n", c->text,
			            c->zone, (long long)got, (long long)want);
		assert_true(got == want);
	}
}

static void test_parse_dst_gap_refused(void **state)
{
	(void)state;
	use_tz("Europe/Berlin");
	parse_bad("2026-03-29 02:30", 0,
	          "2026-03-29 02:30 does not exist in the local time zone");
	parse_bad("2026-03-29T02:00", 0, "DST");
	parse_bad("2026-03-29T02:59:59.999", 0, "does not exist");
	/* Either side of the gap is fine. */
	assert_true(parse_ok("2026-03-29 01:59:59", 0) ==
	            utc_ms(2026, 3, 29, 0, 59, 59));
	assert_true(parse_ok("2026-03-29 03:00", 0) ==
	            utc_ms(2026, 3, 29, 1, 0, 0));
	/* With an offset, the same wall clock is a plain instant. */
	assert_true(parse_ok("2026-03-29 02:30+01:00", 0) ==
	            utc_ms(2026, 3, 29, 1, 30, 0));

	use_tz("America/New_York");
	parse_bad("2026-03-08 02:30", 0, "2026-03-08 02:30 does not exist");
	assert_true(parse_ok("2026-03-08 03:00", 0) ==
	            utc_ms(2026, 3, 8, 7, 0, 0));

	/* A 30-minute gap. */
	use_tz("Australia/Lord_Howe");
	parse_bad("2026-10-04 02:15", 0, "does not exist");
	assert_true(parse_ok("2026-10-04 02:30", 0) ==
	            utc_ms(2026, 10, 3, 15, 30, 0));
	assert_true(parse_ok("2026-10-04 01:59", 0) ==
	            utc_ms(2026, 10, 3, 15, 29, 0));

	/* A gap that is not DST at all: Liberia moved to GMT in 1972. */
	use_tz("Africa/Monrovia");
	parse_bad("1972-01-07 00:20", 0, "does not exist");
}

static void test_parse_ambiguous_takes_earlier(void **state)
{
	(void)state;
	use_tz("Europe/Berlin");
	/* 02:00-02:59 happens first in CEST (+02), then in CET (+01). */
	assert_true(parse_ok("2026-10-25 02:30", 0) ==
	            utc_ms(2026, 10, 25, 0, 30, 0));
	assert_true(parse_ok("2026-10-25 02:00", 0) ==
	            utc_ms(2026, 10, 25, 0, 0, 0));
	assert_true(parse_ok("2026-10-25 02:59:59", 0) ==
	            utc_ms(2026, 10, 25, 0, 59, 59));
	assert_true(parse_ok("2026-10-25 03:00", 0) ==
	            utc_ms(2026, 10, 25, 2, 0, 0));
	assert_true(parse_ok("2026-10-25 01:59", 0) ==
	            utc_ms(2026, 10, 24, 23, 59, 0));
	/* The later one is reachable with an explicit offset. */
	assert_true(parse_ok("2026-10-25 02:30+01:00", 0) ==
	            utc_ms(2026, 10, 25, 1, 30, 0));

	use_tz("America/New_York");
	/* 01:00-01:59 first in EDT (-04), then in EST (-05). */
	assert_true(parse_ok("2026-11-01 01:30", 0) ==
	            utc_ms(2026, 11, 1, 5, 30, 0));
	assert_true(parse_ok("2026-11-01 02:00", 0) ==
	            utc_ms(2026, 11, 1, 7, 0, 0));

	use_tz("Australia/Lord_Howe");
	/* 01:30-01:59 first at +11:00, then at +10:30. */
	assert_true(parse_ok("2026-04-05 01:45", 0) ==
	            utc_ms(2026, 4, 4, 14, 45, 0));
}

static void test_parse_date_with_skipped_midnight(void **state)
{
	(void)state;
	/* Chile springs forward at 00:00: 2026-09-06 starts at 01:00 -03. */
	use_tz("America/Santiago");
	assert_true(parse_ok("2026-09-06", 0) == utc_ms(2026, 9, 6, 4, 0, 0));
	parse_bad("2026-09-06 00:30", 0, "does not exist");
	assert_true(parse_ok("2026-09-05", 0) == utc_ms(2026, 9, 5, 4, 0, 0));

	/* Liberia's 1972 change skipped 00:00-00:44:29. */
	use_tz("Africa/Monrovia");
	assert_true(parse_ok("1972-01-07", 0) == utc_ms(1972, 1, 7, 0, 44, 30));
}

static void test_parse_now(void **state)
{
	int64_t now = fixed_now() + 321;

	(void)state;
	assert_true(parse_ok("now", now) == now);
	assert_true(parse_ok("NOW", now) == now);
	assert_true(parse_ok("Now", now) == now);
	parse_bad("nowx", now, NULL);
	parse_bad("no", now, NULL);
	parse_bad("now ", now, NULL);
	parse_bad(" now", now, NULL);
}

static void test_parse_relative(void **state)
{
	int64_t now = fixed_now() + 321;

	(void)state;
	assert_true(parse_ok("-30s", now) == now - 30 * SEC);
	assert_true(parse_ok("-15m", now) == now - 15 * MIN);
	assert_true(parse_ok("-2h", now) == now - 2 * HOUR);
	assert_true(parse_ok("-3d", now) == now - 3 * DAY);
	assert_true(parse_ok("-1w", now) == now - 7 * DAY);
	assert_true(parse_ok("+2d", now) == now + 2 * DAY);
	assert_true(parse_ok("+90m", now) == now + 90 * MIN);
	assert_true(parse_ok("-0m", now) == now);
	assert_true(parse_ok("-007m", now) == now - 7 * MIN);
	assert_true(parse_ok("-1440m", now) == now - DAY);
	/* Exactly to the limits of 1970..9999. */
	assert_true(parse_ok("-1s", 1000) == 0);
	assert_true(parse_ok("+1s", INT64_C(253402300798999)) ==
	            INT64_C(253402300799999));

	/* Days are 24 hours, even across a DST change. */
	use_tz("Europe/Berlin");
	now = utc_ms(2026, 3, 30, 12, 0, 0);
	assert_true(parse_ok("-3d", now) == now - 72 * HOUR);
}

static void test_parse_relative_bad(void **state)
{
	int64_t now = fixed_now();

	(void)state;
	parse_bad("-5x", now, "unknown unit 'x'");
	parse_bad("-m", now, "needs a number");
	parse_bad("-", now, "needs a number");
	parse_bad("+", now, "needs a number");
	parse_bad("-5", now, "needs a unit");
	parse_bad("-5M", now, "unknown unit 'M'");
	parse_bad("-5mm", now, "unexpected text");
	parse_bad("-5m ", now, "unexpected text");
	parse_bad("--5m", now, NULL);
	parse_bad("-+5m", now, NULL);
	parse_bad("- 5m", now, NULL);
	parse_bad("-1.5h", now, NULL);
	parse_bad("-99999999999999d", now, "too far");
	parse_bad("+99999999999999d", now, "too far");
	parse_bad("-99999999999999999999999d", now, "too large");
	parse_bad("-9223372036854775807s", now, "too far");
	parse_bad("+9999999w", now, "too far");
	/* Out of 1970..9999 by a little. */
	parse_bad("-2s", 1000, "before 1970");
	parse_bad("+1s", INT64_C(253402300799999), "after year 9999");
	/* A now far outside the range does not overflow anything. */
	parse_bad("-1s", INT64_MIN, "before 1970");
	parse_bad("+1s", INT64_MAX, "after year 9999");
}

static void test_parse_clock_today(void **state)
{
	int64_t now;

	(void)state;
	/* 2026-11-28 20:00Z is already the 29th (09:45 +13:45) in Chatham. */
	use_tz("Pacific/Chatham");
	now = utc_ms(2026, 11, 28, 20, 0, 0);
	assert_true(parse_ok("03:12", now) == utc_ms(2026, 11, 28, 13, 27, 0));
	assert_true(parse_ok("3:12", now) == utc_ms(2026, 11, 28, 13, 27, 0));
	assert_true(parse_ok("03:12:45", now) ==
	            utc_ms(2026, 11, 28, 13, 27, 45));
	/* Later today is yesterday: the most recent 23:59 is the 28th's. */
	assert_true(parse_ok("23:59", now) == utc_ms(2026, 11, 28, 10, 14, 0));
	assert_true(parse_ok("00:00", now) == utc_ms(2026, 11, 28, 10, 15, 0));

	/* 2026-11-29 05:00Z is still the 28th (21:00 -08:00) in LA. */
	use_tz("America/Los_Angeles");
	now = utc_ms(2026, 11, 29, 5, 0, 0);
	assert_true(parse_ok("03:12", now) == utc_ms(2026, 11, 28, 11, 12, 0));

	/* Half-hour zone. */
	use_tz("Asia/Kolkata");
	now = utc_ms(2026, 11, 28, 19, 0, 0); /* 29th 00:30 local */
	assert_true(parse_ok("00:15", now) == utc_ms(2026, 11, 28, 18, 45, 0));

	/* Today's gap and repeated hour follow the same rules. */
	use_tz("Europe/Berlin");
	parse_bad("02:30", utc_ms(2026, 3, 29, 12, 0, 0),
	          "2026-03-29 02:30 does not exist");
	assert_true(parse_ok("02:30", utc_ms(2026, 10, 25, 12, 0, 0)) ==
	            utc_ms(2026, 10, 25, 0, 30, 0));

	use_tz("UTC");
	now = fixed_now();
	parse_bad("25:00", now, "hour 25");
	parse_bad("24:00", now, "hour 24");
	parse_bad("12:60", now, "minute 60");
	parse_bad("12:30:60", now, "second 60");
	parse_bad("12:3", now, NULL);
	parse_bad("123:30", now, NULL);
	parse_bad("12:30Z", now, NULL);
	parse_bad("12:30 ", now, NULL);
	parse_bad("12:30:45.", now, NULL);
	assert_true(parse_ok("11:30:45.5", now) ==
	            utc_ms(2026, 11, 29, 11, 30, 45) + 500);
	assert_true(parse_ok("12:30:45.5", now) ==
	            utc_ms(2026, 11, 28, 12, 30, 45) + 500);
	parse_bad(":30", now, NULL);
}

/* HH:MM is the most recent such time that is not in the future. */
static void test_parse_clock_after_midnight(void **state)
{
	int64_t now;

	(void)state;
	use_tz("UTC");
	now = utc_ms(2026, 11, 29, 0, 30, 0); /* just after midnight */
	assert_true(parse_ok("23:50", now) == utc_ms(2026, 11, 28, 23, 50, 0));
	assert_true(parse_ok("00:10", now) == utc_ms(2026, 11, 29, 0, 10, 0));
	/* Now itself is today; a second later is yesterday. */
	assert_true(parse_ok("00:30", now) == now);
	assert_true(parse_ok("00:30:01", now) ==
	            utc_ms(2026, 11, 28, 0, 30, 1));
	/* Across a month and a year. */
	now = utc_ms(2027, 1, 1, 0, 5, 0);
	assert_true(parse_ok("23:58", now) == utc_ms(2026, 12, 31, 23, 58, 0));

	/*
	 * Europe/Berlin, the night summer time ends: 2026-10-25 03:00 CEST
	 * becomes 02:00 CET (01:00Z). At 00:30 CEST (2026-10-24 22:30Z),
	 * "23:50" is the 24th's 23:50 CEST (21:50Z).
	 */
	use_tz("Europe/Berlin");
	now = utc_ms(2026, 10, 24, 22, 30, 0);
	assert_true(parse_ok("23:50", now) == utc_ms(2026, 10, 24, 21, 50, 0));
	assert_true(parse_ok("00:10", now) == utc_ms(2026, 10, 24, 22, 10, 0));
	/* "02:30" is later tonight: yesterday's 02:30 CEST. */
	assert_true(parse_ok("02:30", now) == utc_ms(2026, 10, 24, 0, 30, 0));
	/* At 02:10 CET (01:10Z), the second time round: the first 02:30
	 * (CEST, 00:30Z) is past, and is the one meant. */
	now = utc_ms(2026, 10, 25, 1, 10, 0);
	assert_true(parse_ok("02:30", now) == utc_ms(2026, 10, 25, 0, 30, 0));

	/*
	 * The night summer time starts: 2026-03-29 02:00 CET becomes 03:00
	 * CEST (01:00Z). At 00:30 CET (2026-03-28 23:30Z), "23:50" is the
	 * 28th's (22:50Z), and "02:30", skipped tonight but later than now,
	 * is the 28th's 02:30 CET (01:30Z).
	 */
	now = utc_ms(2026, 3, 28, 23, 30, 0);
	assert_true(parse_ok("23:50", now) == utc_ms(2026, 3, 28, 22, 50, 0));
	assert_true(parse_ok("02:30", now) == utc_ms(2026, 3, 28, 1, 30, 0));
	/* At 03:30 CEST (01:30Z) the skipped 02:30 was earlier today:
	 * refused, not moved to yesterday. */
	parse_bad("02:30", utc_ms(2026, 3, 29, 1, 30, 0),
	          "2026-03-29 02:30 does not exist");
	/* The day after: at 00:30 CEST on the 30th, "02:30" is the
	 * skipped 02:30 of the 29th, refused. */
	parse_bad("02:30", utc_ms(2026, 3, 29, 22, 30, 0),
	          "2026-03-29 02:30 does not exist");
}

static void test_parse_calendar_ranges(void **state)
{
	(void)state;
	/* Leap years: every 4th, not every 100th, but every 400th. */
	assert_true(parse_ok("2028-02-29", 0) == utc_ms(2028, 2, 29, 0, 0, 0));
	assert_true(parse_ok("2000-02-29", 0) == utc_ms(2000, 2, 29, 0, 0, 0));
	parse_bad("2026-02-29", 0, "February 2026 has 28 days");
	parse_bad("2100-02-29", 0, "February 2100 has 28 days");
	parse_bad("2028-02-30", 0, "February 2028 has 29 days");
	parse_bad("2026-02-30", 0, "February 2026 has 28 days");
	parse_bad("2026-04-31", 0, "April 2026 has 30 days");
	assert_true(parse_ok("2026-12-31", 0) == utc_ms(2026, 12, 31, 0, 0, 0));
	parse_bad("2026-12-32", 0, "December 2026 has 31 days");
	parse_bad("2026-11-00", 0, "has 30 days, not 0");
	parse_bad("2026-13-01", 0, "month 13");
	parse_bad("2026-00-10", 0, "month 0");
	parse_bad("1969-12-31", 0, "year 1969");
	parse_bad("0000-01-01", 0, "year 0");
	parse_bad("10000-01-01", 0, NULL);
	parse_bad("2026-11-29 24:00", 0, "hour 24");
	parse_bad("2026-11-29T23:60", 0, "minute 60");
	parse_bad("2026-11-29T03:12:60", 0, "second 60");
	parse_bad("2026-11-29T03:12+25:00", 0, "offset +25:00");
	parse_bad("2026-11-29T03:12-24:00", 0, "offset -24:00");
	parse_bad("2026-11-29T03:12+01:60", 0, "offset +01:60");
	parse_bad("2026-11-29T03:12+01:00:60", 0, "out of range");
}

static void test_parse_garbage(void **state)
{
	static const char *const bad[] = {
	    "",
	    " ",
	    "yesterday",
	    "nowadays",
	    "12",
	    "2026",
	    "2026-11",
	    "2026-1-29",
	    "2026-11-9",
	    "26-11-29",
	    "2026/11/29",
	    "2026.11.29",
	    "29.11.2026",
	    "2026-11-29x",
	    "2026-11-29 ",
	    " 2026-11-29",
	    "2026-11-29\n",
	    "2026-11-29T",
	    "2026-11-29T03",
	    "2026-11-29T3:12",
	    "2026-11-29T03:1",
	    "2026-11-29T0312",
	    "2026-11-29T03:12:4",
	    "2026-11-29T03:12Zjunk",
	    "2026-11-29T03:12ZZ",
	    "2026-11-29T03:12+1",
	    "2026-11-29T03:12+01:0",
	    "2026-11-29T03:12+010",
	    "2026-11-29T03:12 +",
	    "2026-11-29T03:12  +01:00",
	    "2026-11-29T03:12 x",
	    "2026-11-29T03:12:45,123",
	    "2026-11-29  03:12",
	    "2026-11-29Z",
	    "2026-11-29+01:00",
	    "2026-11-29T03:12:45.123Z ",
	    "2026-11-29T03:12:45.123Zx",
	    "\xc3\xa9t\xc3\xa9",
	    "-",
	    "+",
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		parse_bad(bad[i], fixed_now(), NULL);
	parse_bad(NULL, fixed_now(), "no time given");
	parse_bad("", fixed_now(), "no time given");
}

static void test_parse_messages(void **state)
{
	struct irt_err err;
	int64_t ms = UNTOUCHED;
	char text[10000];
	char want[80];
	const char *q;

	(void)state;
	/* The message quotes the text and lists the accepted forms. */
	parse_bad("yesterday", 0, "\"yesterday\"");
	parse_bad("yesterday", 0, "accepted: now, -15m, +2d");
	parse_bad("yesterday", 0, "2026-11-29 03:12");
	parse_bad("2026-02-30", 0, "\"2026-02-30\"");

	/* A very long text is cut to 60 bytes and marked. */
	memset(text, 'a', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	text[60] = 'B'; /* just past the cut */
	assert_int_equal(timeutil_parse(text, 0, &ms, &err), IRT_ERR_INVALID);
	assert_true(ms == UNTOUCHED);
	memset(want, 'a', 60);
	memcpy(want + 60, "...\"", 5);
	q = strchr(err.msg, '"');
	assert_non_null(q);
	assert_memory_equal(q + 1, want, strlen(want));
	assert_null(strchr(err.msg, 'B'));
	assert_true(strlen(err.msg) < 400);

	/* The cut does not split a UTF-8 character: é sits at bytes 59-60. */
	memset(text, 'a', 59);
	memcpy(text + 59, "\xc3\xa9zzz", 6);
	assert_int_equal(timeutil_parse(text, 0, &ms, &err), IRT_ERR_INVALID);
	assert_non_null(strstr(err.msg, "aaa...\""));
	assert_null(strchr(err.msg, '\xc3'));

	/* Control characters and quotes cannot reach the terminal raw. */
	assert_int_equal(timeutil_parse("\x1b[31m\"x\"\\", 0, &ms, &err),
	                 IRT_ERR_INVALID);
	assert_null(strchr(err.msg, '\x1b'));
	assert_non_null(strstr(err.msg, "\"?[31m\\\"x\\\"\\\\\""));

	/* err may be NULL. */
	assert_int_equal(timeutil_parse("bad", 0, &ms, NULL), IRT_ERR_INVALID);
	assert_int_equal(timeutil_parse("now", 5, &ms, NULL), IRT_OK);
	assert_true(ms == 5);
}

/* --- now --------------------------------------------------------------- */

static void test_now_ms(void **state)
{
	int64_t real, got;

	(void)state;
	real = (int64_t)time(NULL) * SEC;
	got = timeutil_now_ms();
	assert_true(got >= real - 2 * SEC && got <= real + 2 * SEC);

	setenv("IRT_NOW", "2026-11-29T03:12:45.678Z", 1);
	assert_true(timeutil_now_ms() == utc_ms(2026, 11, 29, 3, 12, 45) + 678);

	/* Local, per $TZ. */
	use_tz("Europe/Berlin");
	setenv("IRT_NOW", "2026-11-29 03:12", 1);
	assert_true(timeutil_now_ms() == utc_ms(2026, 11, 29, 2, 12, 0));
	use_tz("UTC");

	/* Relative to the real clock. */
	setenv("IRT_NOW", "-1h", 1);
	real = (int64_t)time(NULL) * SEC;
	got = timeutil_now_ms();
	assert_true(got >= real - HOUR - 2 * SEC &&
	            got <= real - HOUR + 2 * SEC);

	/* Garbage and empty are ignored. */
	setenv("IRT_NOW", "soon", 1);
	real = (int64_t)time(NULL) * SEC;
	got = timeutil_now_ms();
	assert_true(got >= real - 2 * SEC && got <= real + 2 * SEC);
	setenv("IRT_NOW", "", 1);
	got = timeutil_now_ms();
	assert_true(got >= real - 2 * SEC && got <= real + 2 * SEC);
	unsetenv("IRT_NOW");
}

/* 2026-11-29T03:40:00Z. */
static int64_t fixed_now_ms(void)
{
	return INT64_C(1795923600000);
}

static void test_set_clock(void **state)
{
	int64_t real, got;

	(void)state;
	timeutil_set_clock(fixed_now_ms);
	assert_true(timeutil_now_ms() == utc_ms(2026, 11, 29, 3, 40, 0));

	/* NULL: the real clock again, which $IRT_NOW does not move. */
	timeutil_set_clock(NULL);
	setenv("IRT_NOW", "2020-01-01T00:00:00Z", 1);
	real = (int64_t)time(NULL) * SEC;
	got = timeutil_now_ms();
	assert_true(got >= real - 2 * SEC && got <= real + 2 * SEC);
	got = timeutil_real_now_ms();
	assert_true(got >= real - 2 * SEC && got <= real + 2 * SEC);
	unsetenv("IRT_NOW");
}

/* --- formatting -------------------------------------------------------- */

static void test_format_utc(void **state)
{
	char buf[TIMEUTIL_BUFSZ];

	(void)state;
	timeutil_format_utc(utc_ms(2026, 11, 29, 2, 18, 57) + 123, buf,
	                    sizeof buf);
	assert_string_equal(buf, "2026-11-29T02:18:57.123Z");
	timeutil_format_utc(0, buf, sizeof buf);
	assert_string_equal(buf, "1970-01-01T00:00:00.000Z");
	timeutil_format_utc(utc_ms(2028, 2, 29, 23, 59, 59) + 7, buf,
	                    sizeof buf);
	assert_string_equal(buf, "2028-02-29T23:59:59.007Z");
	timeutil_format_utc(INT64_C(253402300799999), buf, sizeof buf);
	assert_string_equal(buf, "9999-12-31T23:59:59.999Z");
	/* Before 1970: floor, not truncation toward zero. */
	timeutil_format_utc(-1, buf, sizeof buf);
	assert_string_equal(buf, "1969-12-31T23:59:59.999Z");
	timeutil_format_utc(-HOUR - 500, buf, sizeof buf);
	assert_string_equal(buf, "1969-12-31T22:59:59.500Z");
	/* The extremes do not crash and stay terminated. */
	timeutil_format_utc(INT64_MIN, buf, sizeof buf);
	assert_true(strlen(buf) > 0 && strlen(buf) < sizeof buf);
	timeutil_format_utc(INT64_MAX, buf, sizeof buf);
	assert_true(strlen(buf) > 0 && strlen(buf) < sizeof buf);
	/* Small buffers are cut, and size 0 writes nothing. */
	timeutil_format_utc(0, buf, 5);
	assert_string_equal(buf, "1970");
	buf[0] = 'x';
	timeutil_format_utc(0, buf, 0);
	assert_int_equal(buf[0], 'x');
}

static void test_format_utc_round_trip(void **state)
{
	static const int64_t fixed[] = {
	    0,
	    1,
	    999,
	    1000,
	    INT64_C(68169599999),     /* 1972-02-29T23:59:59.999Z */
	    INT64_C(951782400000),    /* 2000-02-29 */
	    INT64_C(1795921965123),   /* 2026-11-29T03:12:45.123Z */
	    INT64_C(4107542399999),   /* 2100-02-28T23:59:59.999Z */
	    INT64_C(253402300799999), /* the last instant */
	};
	uint64_t seed = 0x2545F4914F6CDD1DULL;
	char buf[TIMEUTIL_BUFSZ], want[TIMEUTIL_BUFSZ];

	(void)state;
	use_tz("America/New_York"); /* must not matter */
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		timeutil_format_utc(fixed[i], buf, sizeof buf);
		assert_true(parse_ok(buf, 0) == fixed[i]);
	}
	/* Many instants over 1970..9999, also checked against gmtime_r. */
	for (int i = 0; i < 5000; i++) {
		int64_t ms;
		time_t t;
		struct tm tm;

		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		ms = (int64_t)(seed % UINT64_C(253402300800000));
		timeutil_format_utc(ms, buf, sizeof buf);
		t = (time_t)(ms / SEC);
		assert_non_null(gmtime_r(&t, &tm));
		snprintf(want, sizeof want,
		         "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
		         tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		         tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % SEC));
		assert_string_equal(buf, want);
		assert_true(parse_ok(buf, 0) == ms);
	}
}

struct local_case {
	const char *zone;
	int64_t ms;
	const char *full, *brief;
};

static void test_format_local(void **state)
{
	const struct local_case cases[] = {
	    {"UTC", utc_ms(2026, 11, 29, 3, 12, 45) + 999,
	     "2026-11-29 03:12:45 +00:00", "2026-11-29 03:12"},
	    {"Europe/Berlin", utc_ms(2026, 11, 29, 2, 12, 45),
	     "2026-11-29 03:12:45 +01:00", "2026-11-29 03:12"},
	    {"Europe/Berlin", utc_ms(2026, 7, 1, 10, 0, 0),
	     "2026-07-01 12:00:00 +02:00", "2026-07-01 12:00"},
	    {"America/New_York", utc_ms(2026, 11, 29, 3, 12, 45),
	     "2026-11-28 22:12:45 -05:00", "2026-11-28 22:12"},
	    {"Asia/Kolkata", utc_ms(2026, 11, 28, 21, 42, 0),
	     "2026-11-29 03:12:00 +05:30", "2026-11-29 03:12"},
	    {"Pacific/Chatham", utc_ms(2026, 11, 28, 13, 27, 0),
	     "2026-11-29 03:12:00 +13:45", "2026-11-29 03:12"},
	    {"Pacific/Chatham", utc_ms(2026, 6, 28, 14, 27, 0),
	     "2026-06-29 03:12:00 +12:45", "2026-06-29 03:12"},
	    {"Australia/Lord_Howe", utc_ms(2026, 11, 28, 16, 12, 0),
	     "2026-11-29 03:12:00 +11:00", "2026-11-29 03:12"},
	    {"Australia/Lord_Howe", utc_ms(2026, 6, 28, 16, 42, 0),
	     "2026-06-29 03:12:00 +10:30", "2026-06-29 03:12"},
	    /* The second 02:30 of the night, in CET. */
	    {"Europe/Berlin", utc_ms(2026, 10, 25, 1, 30, 0),
	     "2026-10-25 02:30:00 +01:00", "2026-10-25 02:30"},
	    {"Africa/Monrovia", utc_ms(1971, 1, 1, 0, 0, 0),
	     "1970-12-31 23:15:30 -00:44:30", "1970-12-31 23:15"},
	    {"UTC", -1, "1969-12-31 23:59:59 +00:00", "1969-12-31 23:59"},
	    {"America/New_York", -1, "1969-12-31 18:59:59 -05:00",
	     "1969-12-31 18:59"},
	};
	char buf[TIMEUTIL_BUFSZ];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct local_case *c = &cases[i];

		use_tz(c->zone);
		timeutil_format_local(c->ms, buf, sizeof buf);
		assert_string_equal(buf, c->full);
		timeutil_format_local_short(c->ms, buf, sizeof buf);
		assert_string_equal(buf, c->brief);
		/* What is shown reads back to the same second. */
		if (c->ms >= 0) {
			timeutil_format_local(c->ms, buf, sizeof buf);
			assert_true(parse_ok(buf, 0) ==
			            c->ms - ((c->ms % SEC + SEC) % SEC));
		}
	}
	/* Extremes do not crash; small buffers are cut and terminated. */
	use_tz("Europe/Berlin");
	timeutil_format_local(INT64_MIN, buf, sizeof buf);
	assert_true(strlen(buf) < sizeof buf);
	timeutil_format_local(INT64_MAX, buf, sizeof buf);
	assert_true(strlen(buf) < sizeof buf);
	timeutil_format_local_short(INT64_MIN, buf, sizeof buf);
	assert_true(strlen(buf) < sizeof buf);
	timeutil_format_local(0, buf, 8);
	assert_string_equal(buf, "1970-01");
	buf[0] = 'x';
	timeutil_format_local(0, buf, 0);
	timeutil_format_local_short(0, buf, 0);
	assert_int_equal(buf[0], 'x');
}

/* Chart ticks: one exact unit, the largest ("7d", not "7d 0h"), and
 * the usual form for anything not round. */
static void test_format_duration_tick(void **state)
{
	static const struct {
		int64_t ms;
		const char *want;
	} cases[] = {
	    {7 * 24 * HOUR, "7d"},    {14 * 24 * HOUR, "14d"},
	    {12 * HOUR, "12h"},       {30 * MIN, "30m"},
	    {45000, "45s"},           {0, "0s"},
	    {HOUR + 30 * MIN, "90m"}, {1500, "1s"},
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		timeutil_format_duration_tick(cases[i].ms, buf, sizeof buf);
		assert_string_equal(buf, cases[i].want);
	}
}

static void test_format_duration(void **state)
{
	static const struct {
		int64_t ms;
		const char *text;
	} cases[] = {
	    {0, "0s"},
	    {999, "0s"},
	    {-999, "0s"},
	    {1000, "1s"},
	    {45 * SEC, "45s"},
	    {59 * SEC + 999, "59s"},
	    {MIN, "1m"},
	    {12 * MIN + 59 * SEC, "12m"},
	    {HOUR - 1, "59m"},
	    {HOUR, "1h 00m"},
	    {3 * HOUR + 5 * MIN + 59 * SEC, "3h 05m"},
	    {3 * HOUR + 45 * MIN, "3h 45m"},
	    {DAY - 1, "23h 59m"},
	    {DAY, "1d 0h"},
	    {2 * DAY + 4 * HOUR + 59 * MIN, "2d 4h"},
	    {9 * DAY + 23 * HOUR, "9d 23h"},
	    {10 * DAY - 1, "9d 23h"},
	    {10 * DAY, "10d"},
	    {41 * DAY + 23 * HOUR, "41d"},
	    {365 * DAY, "365d"},
	    {-45 * SEC, "-45s"},
	    {-1000, "-1s"},
	    {-12 * MIN, "-12m"},
	    {-(3 * HOUR + 5 * MIN), "-3h 05m"},
	    {-(2 * DAY + 4 * HOUR), "-2d 4h"},
	    {-41 * DAY, "-41d"},
	    {INT64_MAX, "106751991167d"},
	    {INT64_MIN, "-106751991167d"},
	};
	char buf[TIMEUTIL_BUFSZ];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		timeutil_format_duration(cases[i].ms, buf, sizeof buf);
		assert_string_equal(buf, cases[i].text);
	}
	timeutil_format_duration(3 * HOUR + 5 * MIN, buf, 3);
	assert_string_equal(buf, "3h");
	buf[0] = 'x';
	timeutil_format_duration(0, buf, 0);
	assert_int_equal(buf[0], 'x');
}

/* --- business days ----------------------------------------------------- */

/* Adds business days, which must succeed. */
static int64_t add_ok(int64_t start, int days, const char *zone,
                      const int32_t *holidays, size_t n_holidays)
{
	struct irt_err err = {IRT_ERR_DB, "stale"};
	int64_t out = UNTOUCHED;
	enum irt_status st = timeutil_add_business_days(
	    start, days, zone, holidays, n_holidays, &out, &err);

	if (st != IRT_OK)
		print_error("add_business_days failed: %s\n", err.msg);
	assert_int_equal(st, IRT_OK);
	assert_int_equal(err.status, IRT_OK);
	return out;
}

static void add_bad(int64_t start, int days, const char *zone,
                    const int32_t *holidays, size_t n_holidays,
                    const char *needle)
{
	struct irt_err err = {IRT_OK, ""};
	int64_t out = UNTOUCHED;

	assert_int_equal(timeutil_add_business_days(start, days, zone, holidays,
	                                            n_holidays, &out, &err),
	                 IRT_ERR_INVALID);
	assert_true(out == UNTOUCHED);
	if (needle && !strstr(err.msg, needle)) {
		print_error("message lacks \"%s\": %s\n", needle, err.msg);
		fail();
	}
}

static void test_business_days_weekdays(void **state)
{
	/* 2026-11-23 is a Monday. */
	int64_t mon = utc_ms(2026, 11, 23, 10, 0, 0);

	(void)state;
	assert_true(add_ok(mon, 0, "UTC", NULL, 0) == mon);
	assert_true(add_ok(mon, 1, "UTC", NULL, 0) == mon + DAY);
	assert_true(add_ok(mon, 2, "UTC", NULL, 0) == mon + 2 * DAY);
	assert_true(add_ok(mon, 4, "UTC", NULL, 0) == mon + 4 * DAY);
	/* Fri + 1 = Mon; Mon + 5 = next Mon; Thu + 2 = Mon. */
	assert_true(add_ok(mon, 5, "UTC", NULL, 0) == mon + 7 * DAY);
	assert_true(add_ok(mon, 10, "UTC", NULL, 0) == mon + 14 * DAY);
	assert_true(add_ok(mon + 3 * DAY, 2, "UTC", NULL, 0) == mon + 7 * DAY);
	assert_true(add_ok(mon + 4 * DAY, 1, "UTC", NULL, 0) == mon + 7 * DAY);
	assert_true(add_ok(mon + 4 * DAY, 2, "UTC", NULL, 0) == mon + 8 * DAY);
	/* The time of day is kept to the millisecond. */
	assert_true(add_ok(mon + 4 * DAY + 59 * MIN + 123, 2, "UTC", NULL, 0) ==
	            mon + 8 * DAY + 59 * MIN + 123);
	/* Late on Friday is still Friday. */
	assert_true(add_ok(utc_ms(2026, 11, 27, 23, 59, 59), 1, "UTC", NULL,
	                   0) == utc_ms(2026, 11, 30, 23, 59, 59));
	/* NULL and "" mean the local zone (UTC here). */
	assert_true(add_ok(mon, 2, NULL, NULL, 0) == mon + 2 * DAY);
	assert_true(add_ok(mon, 2, "", NULL, 0) == mon + 2 * DAY);
	/* About 20 years of weekdays: 5200 business days = 1040 weeks. */
	assert_true(add_ok(mon, 5200, "UTC", NULL, 0) == mon + 7280 * DAY);
}

static void test_business_days_weekend_start(void **state)
{
	/* 2026-11-28 is a Saturday; Monday the 30th starts the count. */
	int64_t sat = utc_ms(2026, 11, 28, 15, 0, 0);
	int64_t mon0 = utc_ms(2026, 11, 30, 0, 0, 0);

	(void)state;
	assert_true(add_ok(sat, 0, "UTC", NULL, 0) == mon0);
	assert_true(add_ok(sat, 1, "UTC", NULL, 0) == mon0 + DAY);
	assert_true(add_ok(sat, 2, "UTC", NULL, 0) == mon0 + 2 * DAY);
	/* Sunday, a moment before Monday. */
	assert_true(add_ok(mon0 - 1, 2, "UTC", NULL, 0) == mon0 + 2 * DAY);
	assert_true(add_ok(utc_ms(2026, 11, 28, 0, 0, 0), 2, "UTC", NULL, 0) ==
	            mon0 + 2 * DAY);
	/* Monday 00:00 itself is a business day start: the same answer. */
	assert_true(add_ok(mon0, 2, "UTC", NULL, 0) == mon0 + 2 * DAY);
}

static void test_business_days_holidays(void **state)
{
	/* Thu 24 and Fri 25 December 2026, plus Sat 26 (no extra effect). */
	static const int32_t holidays[] = {20261224, 20261225, 20261226};
	static const int32_t new_year[] = {20270101};
	int64_t wed = utc_ms(2026, 12, 23, 8, 0, 0); /* 09:00 in Berlin */

	(void)state;
	assert_true(add_ok(wed, 2, "Europe/Berlin", holidays, 3) ==
	            utc_ms(2026, 12, 29, 8, 0, 0));
	assert_true(add_ok(wed, 1, "Europe/Berlin", holidays, 3) ==
	            utc_ms(2026, 12, 28, 8, 0, 0));
	/* Without the holidays: Thu and Fri count. */
	assert_true(add_ok(wed, 2, "Europe/Berlin", NULL, 0) ==
	            utc_ms(2026, 12, 25, 8, 0, 0));
	/* A start on a holiday counts from the next business day's 00:00. */
	assert_true(add_ok(utc_ms(2026, 12, 24, 8, 0, 0), 1, "Europe/Berlin",
	                   holidays, 3) == utc_ms(2026, 12, 28, 23, 0, 0));
	assert_true(add_ok(utc_ms(2026, 12, 24, 8, 0, 0), 0, "Europe/Berlin",
	                   holidays, 3) == utc_ms(2026, 12, 27, 23, 0, 0));
	/* Holidays are dates in the policy zone: 23:30Z on the 23rd is
	 * 00:30 on the 24th in Berlin (a holiday), still the 23rd in UTC. */
	assert_true(add_ok(utc_ms(2026, 12, 23, 23, 30, 0), 1, "Europe/Berlin",
	                   holidays, 3) == utc_ms(2026, 12, 28, 23, 0, 0));
	assert_true(add_ok(utc_ms(2026, 12, 23, 23, 30, 0), 1, "UTC", holidays,
	                   3) == utc_ms(2026, 12, 28, 23, 30, 0));
	/* Across a year end: Thu 31 Dec + 1, with 1 Jan off = Mon 4 Jan. */
	assert_true(add_ok(utc_ms(2026, 12, 31, 10, 0, 0), 1, "UTC", new_year,
	                   1) == utc_ms(2027, 1, 4, 10, 0, 0));
}

static void test_business_days_zone_differs_from_user(void **state)
{
	/* Friday 2026-11-27 16:00 in Los Angeles = Saturday 01:00 in Berlin. */
	int64_t start = utc_ms(2026, 11, 28, 0, 0, 0);
	char buf[TIMEUTIL_BUFSZ];

	(void)state;
	use_tz("America/Los_Angeles");
	/* By the policy's Berlin calendar it is a Saturday: counting starts
	 * Monday 00:00 Berlin and ends Wednesday 00:00 Berlin. */
	assert_true(add_ok(start, 2, "Europe/Berlin", NULL, 0) ==
	            utc_ms(2026, 12, 1, 23, 0, 0));
	/* By the user's own zone it is a Friday afternoon: Tuesday 16:00. */
	assert_true(add_ok(start, 2, NULL, NULL, 0) ==
	            utc_ms(2026, 12, 2, 0, 0, 0));
	/* The user's zone is back, exactly. */
	assert_string_equal(getenv("TZ"), "America/Los_Angeles");
	timeutil_format_local(start, buf, sizeof buf);
	assert_string_equal(buf, "2026-11-27 16:00:00 -08:00");

	/* Also after a failure. */
	add_bad(start, 2, "Nowhere/Special", NULL, 0, "unknown time zone");
	assert_string_equal(getenv("TZ"), "America/Los_Angeles");

	/* An unset TZ stays unset. */
	use_tz(NULL);
	(void)add_ok(start, 2, "Europe/Berlin", NULL, 0);
	assert_null(getenv("TZ"));
	(void)add_ok(start, 2, "UTC", NULL, 0);
	assert_null(getenv("TZ"));
	/* And an empty one stays empty. */
	use_tz("");
	(void)add_ok(start, 2, "Asia/Kolkata", NULL, 0);
	assert_string_equal(getenv("TZ"), "");
}

static void test_business_days_across_dst(void **state)
{
	(void)state;
	/* Fri 2026-03-27 10:00 CET + 2 = Tue 03-31 10:00 CEST: 4 days less
	 * one hour. */
	assert_true(add_ok(utc_ms(2026, 3, 27, 9, 0, 0), 2, "Europe/Berlin",
	                   NULL, 0) == utc_ms(2026, 3, 31, 8, 0, 0));
	assert_true(utc_ms(2026, 3, 31, 8, 0, 0) -
	                utc_ms(2026, 3, 27, 9, 0, 0) ==
	            4 * DAY - HOUR);
	/* Fri 2026-10-23 10:00 CEST + 2 = Tue 10-27 10:00 CET: one hour more.
	 */
	assert_true(add_ok(utc_ms(2026, 10, 23, 8, 0, 0), 2, "Europe/Berlin",
	                   NULL, 0) == utc_ms(2026, 10, 27, 9, 0, 0));
	/* New York changes two weeks earlier: Fri 03-06 10:00 EST + 1 =
	 * Mon 03-09 10:00 EDT. */
	assert_true(add_ok(utc_ms(2026, 3, 6, 15, 0, 0), 1, "America/New_York",
	                   NULL, 0) == utc_ms(2026, 3, 9, 14, 0, 0));
	/* A 30-minute change: Lord Howe, Fri 04-03 10:00 +11 + 1 = Mon 04-06
	 * 10:00 +10:30. */
	assert_true(add_ok(utc_ms(2026, 4, 2, 23, 0, 0), 1,
	                   "Australia/Lord_Howe", NULL,
	                   0) == utc_ms(2026, 4, 5, 23, 30, 0));
	/* The same span in the user's zone (UTC) is plain days. */
	assert_true(add_ok(utc_ms(2026, 3, 27, 9, 0, 0), 2, NULL, NULL, 0) ==
	            utc_ms(2026, 3, 31, 9, 0, 0));
}

static void test_business_days_result_in_gap_or_overlap(void **state)
{
	(void)state;
	/* Israel springs forward on Friday 2026-03-27, 02:00 -> 03:00. Wed
	 * 02:30 IST + 2 lands in the gap and moves on by its length, to
	 * 03:30 IDT (+03). */
	assert_true(add_ok(utc_ms(2026, 3, 25, 0, 30, 0), 2, "Asia/Jerusalem",
	                   NULL, 0) == utc_ms(2026, 3, 27, 0, 30, 0));
	/* Egypt springs forward at Friday 2026-04-24 00:00 -> 01:00: Thu
	 * 00:30 EET + 1 = Fri 01:30 EEST. */
	assert_true(add_ok(utc_ms(2026, 4, 22, 22, 30, 0), 1, "Africa/Cairo",
	                   NULL, 0) == utc_ms(2026, 4, 23, 22, 30, 0));
	/* Egypt falls back on Thursday 2026-10-29, 24:00 -> 23:00, so
	 * 23:00-23:59 that Thursday happens twice: Wed 23:30 EEST + 1 takes
	 * the earlier Thursday 23:30, still EEST (+03), not 21:30Z. */
	assert_true(add_ok(utc_ms(2026, 10, 28, 20, 30, 0), 1, "Africa/Cairo",
	                   NULL, 0) == utc_ms(2026, 10, 29, 20, 30, 0));
	/* A start in the second, EET, 23:30 is still Thursday 23:30: Fri. */
	assert_true(add_ok(utc_ms(2026, 10, 29, 21, 30, 0), 1, "Africa/Cairo",
	                   NULL, 0) == utc_ms(2026, 10, 30, 21, 30, 0));
}

static void test_business_days_bad(void **state)
{
	static const int32_t holidays[] = {20261224};
	int64_t mon = utc_ms(2026, 11, 23, 10, 0, 0);

	(void)state;
	add_bad(mon, -1, "UTC", NULL, 0, "0..36500, not -1");
	add_bad(mon, TIMEUTIL_MAX_BUSINESS_DAYS + 1, "UTC", NULL, 0, NULL);
	add_bad(mon, 2, "Mars/Olympus_Mons", NULL, 0,
	        "unknown time zone \"Mars/Olympus_Mons\"");
	add_bad(mon, 2, "../../../etc/passwd", NULL, 0, "unknown time zone");
	add_bad(mon, 2, "/usr/share/zoneinfo/UTC", NULL, 0, NULL);
	add_bad(mon, 2, "UTC", NULL, 1, "holidays");
	add_bad(mon, -5, "UTC", holidays, 1, NULL);
	/* 9999-12-31 is a Friday: one more business day is past the end. */
	add_bad(utc_ms(9999, 12, 30, 10, 0, 0), 2, "UTC", NULL, 0, "9999");
	assert_true(add_ok(utc_ms(9999, 12, 30, 10, 0, 0), 1, "UTC", NULL, 0) ==
	            utc_ms(9999, 12, 31, 10, 0, 0));
	/* The output is untouched by a failure, and err may be NULL. */
	assert_int_equal(
	    timeutil_add_business_days(mon, -1, "UTC", NULL, 0, &mon, NULL),
	    IRT_ERR_INVALID);
	assert_true(mon == utc_ms(2026, 11, 23, 10, 0, 0));
}

/* --- long spans, against counting one day at a time -------------------- */

/* The day number (days since 1970-01-01) of a date, by timegm. */
static int64_t day_of_date(int y, int mo, int d)
{
	return utc_ms(y, mo, d, 0, 0, 0) / DAY;
}

/* Whether a day number is a business day: no weekend, not listed. */
static int ref_business(int64_t day, const int32_t *holidays, size_t n)
{
	time_t t = (time_t)(day * 86400);
	struct tm tm;
	int32_t ymd;

	gmtime_r(&t, &tm);
	if (tm.tm_wday == 0 || tm.tm_wday == 6)
		return 0;
	ymd = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
	for (size_t i = 0; i < n; i++)
		if (holidays[i] == ymd)
			return 0;
	return 1;
}

/*
 * Checks add_ok(start, days, zone, holidays) against the rule of
 * timeutil.h followed one day at a time with the C library's calendar:
 * the start's date and time in zone; from 00:00 of the next business day
 * if that date is none; `days` business days stepped one by one; the
 * result must read that date and time in zone, to the millisecond. (In
 * the zones used here clocks change on Sundays only, so the wall time
 * of a result exists exactly once.)
 */
static void check_against_days(int64_t start, int days, const char *zone,
                               const int32_t *holidays, size_t n)
{
	time_t t = (time_t)(start / SEC);
	int64_t ms = start % SEC, day, out;
	int hms;
	struct tm tm;
	char *user = getenv("TZ") ? strdup(getenv("TZ")) : NULL;

	use_tz(zone);
	localtime_r(&t, &tm);
	day = day_of_date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	hms = tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	use_tz(user);
	if (!ref_business(day, holidays, n)) {
		hms = 0;
		ms = 0;
		do
			day++;
		while (!ref_business(day, holidays, n));
	}
	for (int i = 0; i < days; i++) {
		do
			day++;
		while (!ref_business(day, holidays, n));
	}
	out = add_ok(start, days, zone, holidays, n);
	/* The caller's zone is back. */
	if (user)
		assert_string_equal(getenv("TZ"), user);
	else
		assert_null(getenv("TZ"));
	use_tz(zone);
	t = (time_t)(out / SEC);
	localtime_r(&t, &tm);
	use_tz(user);
	if (day_of_date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) != day ||
	    tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec != hms ||
	    out % SEC != ms) {
		print_error("%s: %" PRId64 " + %d business days = %" PRId64
		            ", want day %" PRId64 " at %ds + %" PRId64 " ms\n",
		            zone, start, days, out, day, hms, ms);
		fail();
	}
	free(user);
}

/* Public holidays of Berlin and New York, 2025-2028, with some on
 * weekends (which change nothing), one listed twice and one date that
 * does not exist (which names no day). Sorted, as the policy keeps them. */
static const int32_t long_holidays[] = {
    20250101, 20250120, 20250418, 20250421, 20250501, 20250526, 20250529,
    20250704, 20251003, 20251127, 20251225, 20251226, 20260101, 20260119,
    20260231, 20260403, 20260406, 20260501, 20260514, 20260525, 20260525,
    20260704, 20261003, 20261126, 20261225, 20261226, 20270101, 20270326,
    20270329, 20270506, 20270517, 20270705, 20271003, 20271125, 20271224,
    20271225, 20280101, 20280414, 20280417, 20280501, 20280525, 20280605,
    20280704, 20281003, 20281123, 20281225, 20281226};

static void test_business_days_long_spans(void **state)
{
	static const char *const zones[] = {"Europe/Berlin",
	                                    "America/New_York"};
	static const int spans[] = {0,   1,   2,   3,   4,    5,   6,
	                            9,   10,  23,  44,  60,   125, 250,
	                            261, 365, 512, 777, 1000, 2500};
	/* Berlin's changes (01:00Z), then New York's (07:00Z, 06:00Z). */
	const int64_t changes[] = {
	    utc_ms(2025, 3, 30, 1, 0, 0), utc_ms(2025, 10, 26, 1, 0, 0),
	    utc_ms(2026, 3, 29, 1, 0, 0), utc_ms(2026, 10, 25, 1, 0, 0),
	    utc_ms(2025, 3, 9, 7, 0, 0),  utc_ms(2025, 11, 2, 6, 0, 0),
	    utc_ms(2026, 3, 8, 7, 0, 0),  utc_ms(2026, 11, 1, 6, 0, 0)};
	size_t n = sizeof long_holidays / sizeof long_holidays[0];
	int32_t reversed[sizeof long_holidays / sizeof long_holidays[0]];

	(void)state;
	for (size_t i = 0; i < n; i++)
		reversed[i] = long_holidays[n - 1 - i];
	use_tz("Asia/Tokyo"); /* the user's zone is neither */
	for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
		/* Every 61 h 7 min 7.5 s from late 2024 to 2027: every
		 * weekday and hour, DST change days (Sundays here) and the
		 * days around them, holidays and the days before. */
		for (int64_t start = utc_ms(2024, 12, 20, 0, 0, 0);
		     start < utc_ms(2027, 3, 1, 0, 0, 0);
		     start += 61 * HOUR + 7 * MIN + 7 * SEC + 500) {
			for (size_t k = 0; k < sizeof spans / sizeof spans[0];
			     k++) {
				check_against_days(start, spans[k], zones[z],
				                   long_holidays, n);
				/* Unsorted, the same answer. */
				assert_true(add_ok(start, spans[k], zones[z],
				                   reversed, n) ==
				            add_ok(start, spans[k], zones[z],
				                   long_holidays, n));
			}
		}
		/* Exactly on the DST changes and a moment before. */
		for (size_t c = 0; c < sizeof changes / sizeof changes[0]; c++)
			for (size_t k = 0; k < sizeof spans / sizeof spans[0];
			     k++) {
				check_against_days(changes[c], spans[k],
				                   zones[z], long_holidays, n);
				check_against_days(changes[c] - 1, spans[k],
				                   zones[z], long_holidays, n);
			}
	}
	/* Without holidays too, and the longest span allowed. */
	check_against_days(utc_ms(2026, 3, 27, 9, 0, 0), 5000, "Europe/Berlin",
	                   NULL, 0);
	check_against_days(utc_ms(2026, 3, 27, 9, 0, 0), 5001,
	                   "America/New_York", long_holidays, n);
	check_against_days(utc_ms(2026, 3, 27, 9, 0, 0),
	                   TIMEUTIL_MAX_BUSINESS_DAYS, "Europe/Berlin",
	                   long_holidays, n);
}

static void test_zone_entered(void **state)
{
	static const int32_t holidays[] = {20261224, 20261225, 20261231};
	struct timeutil_zone z;
	struct irt_err err;
	int64_t out = UNTOUCHED;

	(void)state;
	use_tz("America/Los_Angeles");
	assert_int_equal(timeutil_zone_enter(&z, "Europe/Berlin", &err),
	                 IRT_OK);
	assert_string_equal(getenv("TZ"), "Europe/Berlin");
	assert_true(timeutil_zone_is(&z, "Europe/Berlin"));
	assert_false(timeutil_zone_is(&z, "Europe/Paris"));
	assert_false(timeutil_zone_is(&z, ""));
	/* The same answers as switching for each count. */
	for (int64_t start = utc_ms(2026, 3, 20, 7, 30, 0);
	     start < utc_ms(2027, 1, 10, 0, 0, 0); start += 29 * HOUR + 17) {
		for (int days = 0; days < 30; days += 7) {
			int64_t alone;

			assert_int_equal(
			    timeutil_zone_add_business_days(
			        &z, start, days, holidays, 3, &out, &err),
			    IRT_OK);
			alone =
			    add_ok(start, days, "Europe/Berlin", holidays, 3);
			assert_true(out == alone);
			/* add_ok switched for itself and back. */
			assert_string_equal(getenv("TZ"), "Europe/Berlin");
		}
	}
	/* The same refusals. */
	assert_int_equal(
	    timeutil_zone_add_business_days(&z, out, -1, NULL, 0, &out, &err),
	    IRT_ERR_INVALID);
	assert_non_null(strstr(err.msg, "0..36500, not -1"));
	assert_int_equal(
	    timeutil_zone_add_business_days(&z, out, 1, NULL, 2, &out, &err),
	    IRT_ERR_INVALID);
	timeutil_zone_leave(&z);
	assert_string_equal(getenv("TZ"), "America/Los_Angeles");
	assert_false(timeutil_zone_is(&z, "Europe/Berlin"));
	timeutil_zone_leave(&z); /* twice: nothing more */
	assert_string_equal(getenv("TZ"), "America/Los_Angeles");
	assert_int_equal(
	    timeutil_zone_add_business_days(&z, out, 1, NULL, 0, &out, &err),
	    IRT_ERR_INVALID);

	/* An unknown zone: refused, nothing switched. */
	assert_int_equal(timeutil_zone_enter(&z, "Nowhere/Atlantis", &err),
	                 IRT_ERR_INVALID);
	assert_non_null(strstr(err.msg, "Nowhere/Atlantis"));
	assert_string_equal(getenv("TZ"), "America/Los_Angeles");
	timeutil_zone_leave(&z);
	assert_string_equal(getenv("TZ"), "America/Los_Angeles");

	/* An unset TZ is unset again after. */
	use_tz(NULL);
	assert_int_equal(timeutil_zone_enter(&z, "America/New_York", &err),
	                 IRT_OK);
	assert_string_equal(getenv("TZ"), "America/New_York");
	timeutil_zone_leave(&z);
	assert_null(getenv("TZ"));
}

static void test_zone_valid(void **state)
{
	static const char *const good[] = {
	    "UTC",
	    "Etc/UTC",
	    "Europe/Berlin",
	    "America/New_York",
	    "America/Argentina/Buenos_Aires",
	    "Asia/Kolkata",
	    "Pacific/Chatham",
	    "Australia/Lord_Howe",
	    "Etc/GMT+5",
	};
	static const char *const bad[] = {
	    "",
	    "Mars/Olympus",
	    "Europe", /* a directory */
	    "Europe/",
	    "Europe//Berlin",
	    "Europe/Berlin/",
	    "europe/berlin", /* names are case-sensitive */
	    "/usr/share/zoneinfo/UTC",
	    "/etc/passwd",
	    "../zoneinfo/UTC",
	    "Europe/../Europe/Berlin",
	    "./UTC",
	    "..",
	    ".",
	    "zone.tab", /* a file, but not a zone */
	    "iso3166.tab",
	    "tzdata.zi",
	    "right/UTC", /* leap-second zones */
	    "Europe/Berlin ",
	    "Europe/Berlin\n",
	    "CET;rm -rf",
	    "UTC0", /* a POSIX TZ string, not a name */
	    "<+03>-3",
	};
	char long_name[400];

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		if (!timeutil_zone_valid(good[i]))
			print_error("\"%s\" refused\n", good[i]);
		assert_true(timeutil_zone_valid(good[i]));
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (timeutil_zone_valid(bad[i]))
			print_error("\"%s\" accepted\n", bad[i]);
		assert_false(timeutil_zone_valid(bad[i]));
	}
	assert_false(timeutil_zone_valid(NULL));
	memset(long_name, 'A', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	assert_false(timeutil_zone_valid(long_name));

	/* $TZDIR is where the C library looks too; "UTC" is always fine. */
	setenv("TZDIR", "/nonexistent-tzdir", 1);
	assert_false(timeutil_zone_valid("Europe/Berlin"));
	assert_true(timeutil_zone_valid("UTC"));
	unsetenv("TZDIR");
	assert_true(timeutil_zone_valid("Europe/Berlin"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_parse_utc_forms, setup),
	    cmocka_unit_test_setup(test_parse_offsets, setup),
	    cmocka_unit_test_setup(test_parse_fraction, setup),
	    cmocka_unit_test_setup(test_parse_local_zones, setup),
	    cmocka_unit_test_setup(test_parse_dst_gap_refused, setup),
	    cmocka_unit_test_setup(test_parse_ambiguous_takes_earlier, setup),
	    cmocka_unit_test_setup(test_parse_date_with_skipped_midnight,
	                           setup),
	    cmocka_unit_test_setup(test_parse_now, setup),
	    cmocka_unit_test_setup(test_parse_relative, setup),
	    cmocka_unit_test_setup(test_parse_relative_bad, setup),
	    cmocka_unit_test_setup(test_parse_clock_today, setup),
	    cmocka_unit_test_setup(test_parse_clock_after_midnight, setup),
	    cmocka_unit_test_setup(test_parse_calendar_ranges, setup),
	    cmocka_unit_test_setup(test_parse_garbage, setup),
	    cmocka_unit_test_setup(test_parse_messages, setup),
	    cmocka_unit_test_setup(test_now_ms, setup),
	    cmocka_unit_test_setup(test_set_clock, setup),
	    cmocka_unit_test_setup(test_format_utc, setup),
	    cmocka_unit_test_setup(test_format_utc_round_trip, setup),
	    cmocka_unit_test_setup(test_format_local, setup),
	    cmocka_unit_test_setup(test_format_duration, setup),
	    cmocka_unit_test_setup(test_format_duration_tick, setup),
	    cmocka_unit_test_setup(test_business_days_weekdays, setup),
	    cmocka_unit_test_setup(test_business_days_weekend_start, setup),
	    cmocka_unit_test_setup(test_business_days_holidays, setup),
	    cmocka_unit_test_setup(test_business_days_zone_differs_from_user,
	                           setup),
	    cmocka_unit_test_setup(test_business_days_across_dst, setup),
	    cmocka_unit_test_setup(test_business_days_result_in_gap_or_overlap,
	                           setup),
	    cmocka_unit_test_setup(test_business_days_bad, setup),
	    cmocka_unit_test_setup(test_business_days_long_spans, setup),
	    cmocka_unit_test_setup(test_zone_entered, setup),
	    cmocka_unit_test_setup(test_zone_valid, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
