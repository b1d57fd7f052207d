/*
 * timeutil.h - time as irt stores, reads and shows it (DESIGN §2).
 *
 * Stored: UTC milliseconds since the epoch, int64_t. Shown: in the local
 * zone ($TZ), ISO-like. Read: ISO 8601 with or without an offset (no offset
 * means local time), a date alone (local midnight), "now", relative times
 * "-15m", "-2h", "-3d", "-1w", "-30s", and "HH:MM" (the most recent such
 * local time).
 *
 * Local times that do not exist (skipped by a DST change) are refused;
 * ambiguous ones (repeated by a DST change) take the earlier instant.
 * Nothing here keeps state between calls but the clock (which only test
 * builds replace); the caller owns every buffer.
 *
 * The local zone is whatever $TZ says at the time of the call (tzset() is
 * called on entry). timeutil_add_business_days switches $TZ while it
 * works and restores it before returning, timeutil_zone_enter until
 * timeutil_zone_leave, so none of this is thread-safe; irt is
 * single-threaded.
 */
#ifndef IRT_TIMEUTIL_H
#define IRT_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "irt/status.h"

/* Buffer size large enough for every format below. */
#define TIMEUTIL_BUFSZ 48

/* The most business days timeutil_add_business_days adds (~140 years). */
#define TIMEUTIL_MAX_BUSINESS_DAYS 36500

/*
 * The current time in UTC ms: the clock installed by timeutil_set_clock,
 * else the real clock (timeutil_real_now_ms). Nothing in the environment
 * changes it.
 */
int64_t timeutil_now_ms(void);

/* The real clock (CLOCK_REALTIME) in UTC ms; 0 if it cannot be read. */
int64_t timeutil_real_now_ms(void);

/*
 * Makes timeutil_now_ms return now_ms() from now on, for the whole
 * process; NULL restores the real clock. Only test builds call this
 * (src/testhooks/testhooks.c pins the clock from $IRT_NOW in irt-test
 * and the unit tests, see docs/testing.md); irt itself never does, so
 * the times it records are always the real ones.
 */
void timeutil_set_clock(int64_t (*now_ms)(void));

/*
 * Parses `text` into UTC ms in *out_ms. Relative forms and "HH:MM" are
 * taken relative to now_ms. Returns IRT_OK, or IRT_ERR_INVALID with a
 * message naming the text and the accepted forms; *out_ms is then left
 * alone. err may be NULL.
 *
 * Accepted, exactly (no surrounding blanks, nothing after):
 *   now                       any case; now_ms itself
 *   -30s -15m -2h -3d -1w     now_ms minus N seconds, minutes, hours, days
 *                             (of 24 h) or weeks; "+2d" etc. for the
 *                             future. The result must lie in 1970..9999.
 *   03:12  3:12  03:12:45.1   the most recent such local time that is not
 *                             after now_ms: that time on today's local date
 *                             (the date now_ms has in the local zone), or
 *                             on the day before when today's is after
 *                             now_ms, even by a second (at 00:30, "23:50"
 *                             is yesterday 23:50; the 5-minute skew the
 *                             rule book allows plays no part). A time the
 *                             clocks skipped today counts as later when
 *                             its wall clock is later than now's.
 *   2026-11-29                local midnight of that date
 *   2026-11-29T03:12          local time ('T', 't' or one space between)
 *   2026-11-29 03:12:45       with seconds
 *   2026-11-29 03:12:45.123   with a fraction (1-9 digits; cut to ms)
 *   ...Z  ...+01:00  ...+0100  ...+01  ...-05:00   an explicit offset
 *                             ('z' too; offsets up to +-23:59, or
 *                             +-HH:MM:SS; one space may come before the
 *                             offset, so what timeutil_format_local
 *                             prints reads back)
 * Years 1970..9999, months 1..12, days valid for the month (leap years
 * counted), hours 0..23, minutes and seconds 0..59 (POSIX time has no
 * leap seconds, so ":60" is refused).
 *
 * A local time skipped by a DST change ("2026-03-29 02:30" in Berlin) is
 * refused, saying so. A local time that occurs twice ("2026-10-25 02:30"
 * in Berlin) is the earlier of the two instants (the one still in summer
 * time). A date alone whose midnight is skipped (America/Santiago on
 * 2026-09-06) is moved forward by the length of the gap, i.e. to the first
 * instant of that day.
 */
enum irt_status timeutil_parse(const char *text, int64_t now_ms,
                               int64_t *out_ms, struct irt_err *err);

/*
 * The span of times irt records: from 1990-01-01T00:00Z (earlier times are
 * typing mistakes or a zero taken for a time) to the end of 9999.
 */
#define TIMEUTIL_RECORD_MIN_MS INT64_C(631152000000)
#define TIMEUTIL_RECORD_MAX_MS INT64_C(253402300799999)

/* Whether ms lies in that span. */
int timeutil_recordable(int64_t ms);

/* timeutil_parse, then IRT_ERR_INVALID naming the text when the time lies
 * outside the span irt records. Every time a person gives for the record
 * goes through here. */
enum irt_status timeutil_parse_record(const char *text, int64_t now_ms,
                                      int64_t *out_ms, struct irt_err *err);

/*
 * "2026-11-29 03:12:45 +01:00": local time with seconds and offset
 * (an offset with seconds, found only in old history, prints +HH:MM:SS).
 * Times before 1970 print the same way; out-of-range values print
 * "(invalid time)". Every format function writes nothing if size is 0
 * and otherwise always NUL-terminates, cutting if buf is too small.
 */
void timeutil_format_local(int64_t ms, char *buf, size_t size);

/* "2026-11-29 03:12": local time, to the minute (lists, tables). */
void timeutil_format_local_short(int64_t ms, char *buf, size_t size);

/* "2026-11-29T02:18:57.123Z": UTC, ISO 8601, exact to the millisecond.
 * The form used in JSON and in event values; timeutil_parse reads it back
 * to the same ms for every time in 1970..9999. */
void timeutil_format_utc(int64_t ms, char *buf, size_t size);

/*
 * A span of time for people: "45s", "12m", "3h 05m", "2d 4h", "41d".
 * Negative spans get a leading '-'. At most two units.
 *
 * The rule, on the magnitude truncated to whole seconds (never rounded up,
 * so a countdown does not show more time than is left):
 *   under 1 minute   "45s"     (also "0s")
 *   under 1 hour     "12m"     whole minutes
 *   under 1 day      "3h 05m"  hours, then minutes as two digits
 *   under 10 days    "2d 4h"   days, then hours ("1d 0h" keeps both)
 *   10 days or more  "41d"     whole days
 * A span that shows as "0s" gets no sign.
 */
void timeutil_format_duration(int64_t ms, char *buf, size_t size);

/* A round duration in its one largest exact unit ("7d", "12h", "30m",
 * "45s"), as chart ticks are labelled; any other as
 * timeutil_format_duration. */
void timeutil_format_duration_tick(int64_t ms, char *buf, size_t size);

/* As timeutil_format_duration, but 10 days or more keeps the hours too
 * ("34d 23h", never "34d"): for audits, where a truncated day counts. */
void timeutil_format_duration_full(int64_t ms, char *buf, size_t size);

/*
 * Adds `days` business days to `start_ms` in the IANA time zone `zone`
 * (NULL or "" for the local zone): Saturdays, Sundays and the dates in
 * `holidays` (each YYYYMMDD, as a calendar date in that zone) do not count.
 * The result keeps the wall-clock time of day of start_ms in that zone; a
 * start on a non-business day counts from the next business day's start.
 *
 * Exactly, with dates and times as the clock in `zone` shows them:
 *   - start on a business day D at time T: the result is T on the date
 *     reached by stepping `days` business days forward from D (days = 0
 *     gives start_ms itself). Friday 10:00 + 2 = Tuesday 10:00.
 *   - start on a non-business day: as if started at 00:00:00.000 of the
 *     next business day B. Saturday 15:00 + 2 = Wednesday 00:00 (all of
 *     Monday and Tuesday); + 0 = Monday 00:00.
 *   - a DST change in between keeps the wall-clock time, so the span in
 *     ms is an hour shorter or longer. If the resulting wall-clock time
 *     occurs twice, the earlier instant is taken; if it was skipped, it is
 *     moved forward by the length of the gap (02:30 -> 03:30).
 *
 * The zone is switched by setting $TZ and calling tzset(); the previous
 * $TZ (or its absence) is restored before returning. Not thread-safe.
 * Returns IRT_OK with *out_ms set, IRT_ERR_INVALID for an unknown zone,
 * days < 0 or > TIMEUTIL_MAX_BUSINESS_DAYS, or a result after 9999, and
 * IRT_ERR_NOMEM if $TZ cannot be saved or set. err may be NULL.
 */
enum irt_status timeutil_add_business_days(int64_t start_ms, int days,
                                           const char *zone,
                                           const int32_t *holidays,
                                           size_t n_holidays, int64_t *out_ms,
                                           struct irt_err *err);

/*
 * A time zone made the local zone for a run of business-day counts (the
 * deadlines of a whole list), so that each count neither checks the zone
 * nor switches $TZ to it and back, as timeutil_add_business_days does on
 * every call (checking a zone reads its file). Members are private.
 */
struct timeutil_zone {
	char *name;  /* the zone entered; NULL when none is */
	char *saved; /* $TZ before, or NULL when it was unset */
};

/*
 * Checks `zone` (timeutil_zone_valid) and makes it the local zone, as
 * timeutil_add_business_days would, until timeutil_zone_leave. Returns
 * IRT_OK; IRT_ERR_INVALID for an unknown or empty zone, IRT_ERR_NOMEM if
 * $TZ cannot be saved or set: then nothing is switched and *z is left
 * entered in no zone (timeutil_zone_leave is then a no-op).
 */
enum irt_status timeutil_zone_enter(struct timeutil_zone *z, const char *zone,
                                    struct irt_err *err);

/* Restores $TZ (or its absence) as it was before timeutil_zone_enter and
 * frees what z holds; z may be NULL or entered in no zone. */
void timeutil_zone_leave(struct timeutil_zone *z);

/* Whether z is entered in exactly the zone named `zone`. */
int timeutil_zone_is(const struct timeutil_zone *z, const char *zone);

/*
 * timeutil_add_business_days(start_ms, days, name of z, ...) while z is
 * entered and still the local zone (nothing has set $TZ since): the same
 * result and errors, without checking or switching the zone. Returns
 * IRT_ERR_INVALID when z is entered in no zone.
 */
enum irt_status timeutil_zone_add_business_days(const struct timeutil_zone *z,
                                                int64_t start_ms, int days,
                                                const int32_t *holidays,
                                                size_t n_holidays,
                                                int64_t *out_ms,
                                                struct irt_err *err);

/*
 * Whether `zone` names a time zone this system knows (tzdata): "UTC", or a
 * relative name such as "Europe/Berlin" of a TZif file under $TZDIR (when
 * set) or /usr/share/zoneinfo. Names with a leading '/', "." or ".."
 * components, characters other than letters, digits and "/_-+.", or the
 * leap-second "right/" zones are refused. Returns 1 or 0.
 */
int timeutil_zone_valid(const char *zone);

#endif
