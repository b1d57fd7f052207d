/*
 * timeutil.h - time as irt stores, reads and shows it (DESIGN §2).
 *
 * Stored: UTC milliseconds since the epoch, int64_t. Shown: in the local
 * zone ($TZ), ISO-like. Read: ISO 8601 with or without an offset (no offset
 * means local time), a date alone (local midnight), "now", relative times
 * "-15m", "-2h", "-3d", "-1w", "-30s", and "HH:MM" (today, local).
 *
 * Local times that do not exist (skipped by a DST change) are refused;
 * ambiguous ones (repeated by a DST change) take the earlier instant.
 * Nothing here keeps state between calls; the caller owns every buffer.
 */
#ifndef IRT_TIMEUTIL_H
#define IRT_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "irt/status.h"

/* Buffer size large enough for every format below. */
#define TIMEUTIL_BUFSZ 48

/*
 * The current time in UTC ms. $IRT_NOW (any form timeutil_parse reads,
 * relative to the real clock) pins it, so tests and demos are repeatable.
 */
int64_t timeutil_now_ms(void);

/*
 * Parses `text` into UTC ms in *out_ms. Relative forms and "HH:MM" are
 * taken relative to now_ms. Returns IRT_OK, or IRT_ERR_INVALID with a
 * message naming the text and the accepted forms.
 */
enum irt_status timeutil_parse(const char *text, int64_t now_ms,
			       int64_t *out_ms, struct irt_err *err);

/* "2026-11-29 03:12:45 +01:00": local time with seconds and offset. */
void timeutil_format_local(int64_t ms, char *buf, size_t size);

/* "2026-11-29 03:12": local time, to the minute (lists, tables). */
void timeutil_format_local_short(int64_t ms, char *buf, size_t size);

/* "2026-11-29T02:18:57.123Z": UTC, ISO 8601, exact to the millisecond.
 * The form used in JSON and in event values; timeutil_parse reads it. */
void timeutil_format_utc(int64_t ms, char *buf, size_t size);

/*
 * A span of time for people: "45s", "12m", "3h 05m", "2d 4h", "41d".
 * Negative spans get a leading '-'. At most two units.
 */
void timeutil_format_duration(int64_t ms, char *buf, size_t size);

/*
 * Adds `days` business days to `start_ms` in the IANA time zone `zone`
 * (NULL or "" for the local zone): Saturdays, Sundays and the dates in
 * `holidays` (each YYYYMMDD, as a calendar date in that zone) do not count.
 * The result keeps the wall-clock time of day of start_ms in that zone; a
 * start on a non-business day counts from the next business day's start.
 * Returns IRT_ERR_INVALID for an unknown zone or days < 0.
 */
enum irt_status timeutil_add_business_days(int64_t start_ms, int days,
					   const char *zone,
					   const int32_t *holidays,
					   size_t n_holidays, int64_t *out_ms,
					   struct irt_err *err);

/* Whether `zone` names a time zone this system knows (tzdata). */
int timeutil_zone_valid(const char *zone);

#endif
