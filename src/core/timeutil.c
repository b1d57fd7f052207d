/*
 * timeutil.c - reading, showing and counting time (DESIGN §2, §3).
 *
 * Instants are UTC milliseconds since the epoch. Calendar arithmetic on
 * them is done here with proleptic Gregorian day numbers (days_from_civil,
 * civil_from_days), so UTC never depends on the C library. Only the local
 * zone needs localtime_r, and the one hard direction - local wall clock to
 * instant - goes through local_to_utc, which looks at every UTC offset in
 * force within a day either side and keeps the candidates whose wall clock
 * really reads the wanted time. That finds gaps and repeated hours for any
 * kind of zone change (DST or not, an hour or 30 minutes), which mktime's
 * tm_isdst guess does not.
 *
 * No state is kept between calls but the clock timeutil_now_ms reads,
 * which only test builds replace (timeutil_set_clock). $TZ is changed
 * only inside timeutil_add_business_days, and always restored before it
 * returns, and between timeutil_zone_enter and timeutil_zone_leave.
 *
 * Business days are counted on day numbers of the zone's wall calendar;
 * only the start and the result are converted between instants and wall
 * clock. Whole weeks are stepped at once and the holidays passed counted
 * by a binary search in the sorted list, so a span of months or years
 * costs about as much as one of two days.
 */
#include "irt/timeutil.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MS_PER_S   1000
#define S_PER_MIN  60
#define S_PER_HOUR 3600
#define S_PER_DAY  86400
#define MIN_YEAR   1970
#define MAX_YEAR   9999
/* 9999-12-31T23:59:59.999Z, the last instant irt reads. */
#define MAX_MS 253402300799999LL
/* How many bytes of a bad input are quoted back in a message. */
#define QUOTE_MAX 60

#define FORMS                                                                  \
	"now, -15m, +2d (units s m h d w), 03:12, 2026-11-29, "                \
	"2026-11-29 03:12[:45[.123]] with optional Z or +01:00"

/* Floor division and its non-negative remainder; b > 0. No overflow. */
static int64_t floor_div(int64_t a, int64_t b, int64_t *rem)
{
	int64_t q = a / b;
	int64_t r = a % b;

	if (r < 0) {
		q--;
		r += b;
	}
	if (rem)
		*rem = r;
	return q;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The date of a day number from days_from_civil. */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30,
	                              31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

static const char *month_name(int m)
{
	static const char *const names[12] = {
	    "January",   "February", "March",    "April",
	    "May",       "June",     "July",     "August",
	    "September", "October",  "November", "December",
	};

	return names[m - 1];
}

/*
 * The wall clock of the local zone at instant t, as seconds since
 * 1970-01-01 00:00 of the wall calendar (so wall - t is the UTC offset).
 * Returns 0, or -1 if the C library cannot represent t.
 */
static int wall_of(int64_t t, int64_t *wall)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if ((int64_t)tt != t || !localtime_r(&tt, &tm))
		return -1;
	*wall =
	    days_from_civil(tm.tm_year + 1900LL, tm.tm_mon + 1, tm.tm_mday) *
	        S_PER_DAY +
	    tm.tm_hour * S_PER_HOUR + tm.tm_min * S_PER_MIN + tm.tm_sec;
	return 0;
}

enum local_result {
	LOCAL_OK,   /* the wall time exists; *out_s is its (earlier) instant */
	LOCAL_GAP,  /* skipped; *out_s is the wall time moved past the gap */
	LOCAL_FAIL, /* the C library could not say */
};

/*
 * The instant (UTC seconds) at which the local wall clock reads `wall`.
 * Offsets never exceed a day, so every candidate offset is in force at
 * some hour within 27 hours of wall; each candidate t = wall - offset is
 * kept only if the clock at t really reads wall. Of two (a repeated hour)
 * the earlier wins. With none (a gap), *out_s is the first candidate that
 * lands after the gap: wall minus the offset from before the change, which
 * is where a clock not set forward would be.
 */
static enum local_result local_to_utc(int64_t wall, int64_t *out_s)
{
	int64_t offsets[64];
	size_t n_offsets = 0;
	int64_t best = 0, after_gap = 0;
	int have_best = 0, have_after = 0;
	int64_t w0, w1;

	/* Fast path: the same offset a day either side means no zone change
	 * near this wall-clock time, so it maps to exactly one instant. (The
	 * full search below costs some 60 localtime calls; deadlines of a
	 * 10,000-incident list need this to be cheap.) */
	if (!wall_of(wall - 27 * S_PER_HOUR, &w0) &&
	    !wall_of(wall + 27 * S_PER_HOUR, &w1) &&
	    w0 - (wall - 27 * S_PER_HOUR) == w1 - (wall + 27 * S_PER_HOUR)) {
		int64_t offset = w0 - (wall - 27 * S_PER_HOUR), w;

		if (!wall_of(wall - offset, &w) && w == wall) {
			*out_s = wall - offset;
			return LOCAL_OK;
		}
	}
	for (int h = -27; h <= 27; h++) {
		int64_t t = wall + (int64_t)h * S_PER_HOUR, w;
		size_t i;

		if (wall_of(t, &w))
			continue;
		for (i = 0; i < n_offsets; i++)
			if (offsets[i] == w - t)
				break;
		if (i == n_offsets &&
		    n_offsets < sizeof offsets / sizeof offsets[0])
			offsets[n_offsets++] = w - t;
	}
	for (size_t i = 0; i < n_offsets; i++) {
		int64_t t = wall - offsets[i], w;

		if (wall_of(t, &w))
			continue;
		if (w == wall) {
			if (!have_best || t < best)
				best = t;
			have_best = 1;
		} else if (w > wall) {
			if (!have_after || t < after_gap)
				after_gap = t;
			have_after = 1;
		}
	}
	if (have_best) {
		*out_s = best;
		return LOCAL_OK;
	}
	if (have_after) {
		*out_s = after_gap;
		return LOCAL_GAP;
	}
	return LOCAL_FAIL;
}

/*
 * Copies text for quoting in a message: at most QUOTE_MAX bytes, cut on a
 * UTF-8 character boundary with "..." added, control characters shown as
 * '?', and '"' and '\' escaped. out must hold 2 * QUOTE_MAX + 4 bytes.
 */
static void quote(const char *text, char *out, size_t size)
{
	size_t len = strlen(text), cut = len, o = 0;

	if (len > QUOTE_MAX) {
		cut = QUOTE_MAX;
		while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
			cut--;
	}
	for (size_t i = 0; i < cut && o + 3 < size; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c < 0x20 || c == 0x7f) {
			out[o++] = '?';
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	if (cut < len && o + 4 <= size)
		memcpy(out + o, "...", 4);
}

/* IRT_ERR_INVALID for text, with the reason and the accepted forms. */
static enum irt_status bad_time(struct irt_err *err, const char *text,
                                const char *reason)
{
	char q[2 * QUOTE_MAX + 4];

	quote(text, q, sizeof q);
	return irt_err_set(err, IRT_ERR_INVALID,
	                   "invalid time \"%s\": %s; accepted: " FORMS, q,
	                   reason);
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads exactly n digits at *p into *out and advances; 0 or -1. */
static int read_digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!is_digit((*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

/* Whether s equals the lower-case ASCII word, ignoring ASCII case. */
static int equals_word(const char *s, const char *word)
{
	for (; *s && *word; s++, word++) {
		char c = *s;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *word)
			return 0;
	}
	return *s == '\0' && *word == '\0';
}

/* "-15m", "+2d": now_ms plus or minus a count of units. */
static enum irt_status parse_relative(const char *text, int64_t now_ms,
                                      int64_t *out_ms, struct irt_err *err)
{
	const char *p = text + 1;
	int64_t n = 0, unit_ms, delta;
	char reason[96];

	if (!is_digit(*p))
		return bad_time(
		    err, text, "a relative time needs a number after the sign");
	for (; is_digit(*p); p++) {
		if (n > (INT64_MAX - (*p - '0')) / 10)
			return bad_time(err, text, "the number is too large");
		n = n * 10 + (*p - '0');
	}
	switch (*p) {
	case 's':
		unit_ms = MS_PER_S;
		break;
	case 'm':
		unit_ms = (int64_t)S_PER_MIN * MS_PER_S;
		break;
	case 'h':
		unit_ms = (int64_t)S_PER_HOUR * MS_PER_S;
		break;
	case 'd':
		unit_ms = (int64_t)S_PER_DAY * MS_PER_S;
		break;
	case 'w':
		unit_ms = 7LL * S_PER_DAY * MS_PER_S;
		break;
	case '\0':
		return bad_time(err, text,
		                "a relative time needs a unit (s m h d w)");
	default:
		if ((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f)
			snprintf(reason, sizeof reason,
			         "unknown unit '%c' (use s m h d w)", *p);
		else
			snprintf(reason, sizeof reason,
			         "unknown unit (use s m h d w)");
		return bad_time(err, text, reason);
	}
	if (p[1] != '\0')
		return bad_time(err, text, "unexpected text after the unit");
	if (n > MAX_MS / unit_ms)
		return bad_time(err, text, "too far from now");
	delta = n * unit_ms;
	if (text[0] == '+') {
		if (now_ms > MAX_MS - delta)
			return bad_time(err, text,
			                "too far from now (after year 9999)");
		*out_ms = now_ms + delta;
	} else {
		if (now_ms < delta)
			return bad_time(err, text,
			                "too far from now (before 1970)");
		*out_ms = now_ms - delta;
	}
	return IRT_OK;
}

/* The parts of a written time, filled in by the parsers below. */
struct fields {
	int year, month, day;
	int hour, minute, second, milli;
	int has_time;   /* a time of day was given */
	int has_offset; /* an explicit offset (Z, +01:00) was given */
	int offset_s;   /* east of UTC */
};

/* Checks the ranges of f; 0, or -1 with a reason. */
static int check_fields(const struct fields *f, char *reason, size_t size)
{
	if (f->year < MIN_YEAR || f->year > MAX_YEAR) {
		snprintf(reason, size, "year %d is not in %d..%d", f->year,
		         MIN_YEAR, MAX_YEAR);
		return -1;
	}
	if (f->month < 1 || f->month > 12) {
		snprintf(reason, size, "month %d is not 1..12", f->month);
		return -1;
	}
	if (f->day < 1 || f->day > days_in_month(f->year, f->month)) {
		snprintf(reason, size, "%s %d has %d days, not %d",
		         month_name(f->month), f->year,
		         days_in_month(f->year, f->month), f->day);
		return -1;
	}
	if (f->hour > 23) {
		snprintf(reason, size, "hour %d is not 0..23", f->hour);
		return -1;
	}
	if (f->minute > 59) {
		snprintf(reason, size, "minute %d is not 0..59", f->minute);
		return -1;
	}
	if (f->second > 59) {
		snprintf(reason, size, "second %d is not 0..59", f->second);
		return -1;
	}
	return 0;
}

/*
 * Reads "HH:MM[:SS[.fff]]" at *p (the hour 1 or 2 digits if short_hour).
 * Returns 0, or -1 if the text does not have that shape.
 */
static int read_clock(const char **p, int short_hour, struct fields *f)
{
	const char *s = *p;

	if (short_hour && is_digit(s[0]) && s[1] == ':') {
		f->hour = s[0] - '0';
		s++;
	} else if (read_digits(&s, 2, &f->hour)) {
		return -1;
	}
	if (*s++ != ':' || read_digits(&s, 2, &f->minute))
		return -1;
	f->second = 0;
	f->milli = 0;
	if (*s == ':') {
		s++;
		if (read_digits(&s, 2, &f->second))
			return -1;
		if (*s == '.') {
			int n = 0;

			s++;
			for (; is_digit(*s); s++, n++) {
				if (n >= 9)
					return -1;
				if (n < 3)
					f->milli = f->milli * 10 + (*s - '0');
			}
			if (n == 0)
				return -1;
			for (; n < 3; n++)
				f->milli *= 10;
		}
	}
	f->has_time = 1;
	*p = s;
	return 0;
}

/*
 * Reads an optional offset at *p: "Z", "z", "+HH:MM", "+HH:MM:SS",
 * "+HHMM", "+HH" (or '-'). Returns 0 (nothing there is fine), -1 for a
 * malformed one, or -2 for one out of range (reason set).
 */
static int read_offset(const char **p, struct fields *f, char *reason,
                       size_t size)
{
	const char *s = *p;
	int sign, oh, om = 0, os = 0;

	if (*s == 'Z' || *s == 'z') {
		f->has_offset = 1;
		f->offset_s = 0;
		*p = s + 1;
		return 0;
	}
	if (*s != '+' && *s != '-')
		return 0;
	sign = *s++ == '-' ? -1 : 1;
	if (read_digits(&s, 2, &oh))
		return -1;
	if (*s == ':') {
		s++;
		if (read_digits(&s, 2, &om))
			return -1;
		/* "-00:44:30", as timeutil_format_local shows old offsets. */
		if (*s == ':') {
			s++;
			if (read_digits(&s, 2, &os))
				return -1;
		}
	} else if (is_digit(*s)) {
		if (read_digits(&s, 2, &om))
			return -1;
	}
	if (oh > 23 || om > 59 || os > 59) {
		snprintf(reason, size, "offset %c%02d:%02d is out of range",
		         sign < 0 ? '-' : '+', oh, om);
		return -2;
	}
	f->has_offset = 1;
	f->offset_s = sign * (oh * S_PER_HOUR + om * S_PER_MIN + os);
	*p = s;
	return 0;
}

/*
 * Turns checked fields into UTC ms: with their offset, or as local time
 * (a date alone moves past a gap; a time in a gap is refused).
 */
static enum irt_status resolve_fields(const char *text, const struct fields *f,
                                      int64_t *out_ms, struct irt_err *err)
{
	int64_t wall = days_from_civil(f->year, f->month, f->day) * S_PER_DAY +
	               f->hour * S_PER_HOUR + f->minute * S_PER_MIN + f->second;
	int64_t t;
	char q[2 * QUOTE_MAX + 4];

	if (f->has_offset) {
		*out_ms = (wall - f->offset_s) * MS_PER_S + f->milli;
		return IRT_OK;
	}
	switch (local_to_utc(wall, &t)) {
	case LOCAL_OK:
		break;
	case LOCAL_GAP:
		if (!f->has_time)
			break;
		quote(text, q, sizeof q);
		return irt_err_set(
		    err, IRT_ERR_INVALID,
		    "invalid time \"%s\": %04d-%02d-%02d "
		    "%02d:%02d does not exist in the local time "
		    "zone (the clocks skip it at a DST or zone change)",
		    q, f->year, f->month, f->day, f->hour, f->minute);
	case LOCAL_FAIL:
	default:
		return bad_time(err, text,
		                "the local time zone cannot convert it");
	}
	*out_ms = t * MS_PER_S + f->milli;
	return IRT_OK;
}

/*
 * "03:12" or "3:12:45": the most recent such local time that is not after
 * now_ms: that time on now_ms's local date, or on the day before when it
 * lies after now_ms (strictly; the clock skew irt allows elsewhere plays no
 * part). At 00:30, "23:50" is yesterday. A time skipped by a DST change
 * today counts as later than now when its wall clock is later than now's.
 */
static enum irt_status parse_clock(const char *text, int64_t now_ms,
                                   int64_t *out_ms, struct irt_err *err)
{
	struct fields f = {0};
	const char *p = text;
	char reason[96];
	int64_t wall, day, clock_s, ms;
	int64_t year;
	enum irt_status st;

	if (read_clock(&p, 1, &f) || *p != '\0')
		return bad_time(err, text, "not a time this program reads");
	if (wall_of(floor_div(now_ms, MS_PER_S, NULL), &wall))
		return bad_time(err, text, "today's date is out of range");
	day = floor_div(wall, S_PER_DAY, NULL);
	clock_s = f.hour * S_PER_HOUR + f.minute * S_PER_MIN + f.second;
	civil_from_days(day, &year, &f.month, &f.day);
	f.year = (int)year;
	if (check_fields(&f, reason, sizeof reason))
		return bad_time(err, text, reason);
	st = resolve_fields(text, &f, &ms, err);
	if ((st == IRT_OK && ms <= now_ms) ||
	    (st != IRT_OK && clock_s <= wall - day * S_PER_DAY)) {
		if (st == IRT_OK)
			*out_ms = ms;
		return st;
	}
	/* Later than now today: the same time yesterday. */
	civil_from_days(day - 1, &year, &f.month, &f.day);
	f.year = (int)year;
	if (check_fields(&f, reason, sizeof reason))
		return bad_time(err, text, reason);
	return resolve_fields(text, &f, out_ms, err);
}

/* "2026-11-29", "2026-11-29T03:12:45.123+01:00" and the forms between. */
static enum irt_status parse_iso(const char *text, int64_t *out_ms,
                                 struct irt_err *err)
{
	struct fields f = {0};
	const char *p = text;
	char reason[96];
	int rc;

	if (read_digits(&p, 4, &f.year) || *p++ != '-' ||
	    read_digits(&p, 2, &f.month) || *p++ != '-' ||
	    read_digits(&p, 2, &f.day))
		return bad_time(err, text, "not a time this program reads");
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (read_clock(&p, 0, &f))
			return bad_time(err, text,
			                "the time of day is not HH:MM[:SS]");
		/* "03:12:45 +01:00", as timeutil_format_local shows it. */
		if (*p == ' ' &&
		    (p[1] == '+' || p[1] == '-' || p[1] == 'Z' || p[1] == 'z'))
			p++;
		rc = read_offset(&p, &f, reason, sizeof reason);
		if (rc == -1)
			return bad_time(err, text,
			                "the offset is not Z, +HH:MM or +HHMM");
		if (rc == -2)
			return bad_time(err, text, reason);
	}
	if (*p != '\0')
		return bad_time(err, text, "unexpected text after the time");
	if (check_fields(&f, reason, sizeof reason))
		return bad_time(err, text, reason);
	return resolve_fields(text, &f, out_ms, err);
}

enum irt_status timeutil_parse(const char *text, int64_t now_ms,
                               int64_t *out_ms, struct irt_err *err)
{
	int64_t ms = 0;
	enum irt_status st;

	if (!text || !*text)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "no time given; accepted: " FORMS);
	tzset();
	if (equals_word(text, "now")) {
		ms = now_ms;
		st = IRT_OK;
	} else if (text[0] == '-' || text[0] == '+') {
		st = parse_relative(text, now_ms, &ms, err);
	} else if (is_digit(text[0]) &&
	           (text[1] == ':' || (is_digit(text[1]) && text[2] == ':'))) {
		st = parse_clock(text, now_ms, &ms, err);
	} else {
		st = parse_iso(text, &ms, err);
	}
	if (st == IRT_OK) {
		*out_ms = ms;
		irt_err_clear(err);
	}
	return st;
}

int timeutil_recordable(int64_t ms)
{
	return ms >= TIMEUTIL_RECORD_MIN_MS && ms <= TIMEUTIL_RECORD_MAX_MS;
}

enum irt_status timeutil_parse_record(const char *text, int64_t now_ms,
                                      int64_t *out_ms, struct irt_err *err)
{
	int64_t ms;
	enum irt_status st = timeutil_parse(text, now_ms, &ms, err);

	if (st != IRT_OK)
		return st;
	if (!timeutil_recordable(ms))
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "\"%.60s\" is before 1990: irt records no "
		                   "time that early",
		                   text);
	*out_ms = ms;
	return IRT_OK;
}

/* The clock timeutil_now_ms reads: NULL for the real one. */
static int64_t (*clock_now_ms)(void);

void timeutil_set_clock(int64_t (*now_ms)(void))
{
	clock_now_ms = now_ms;
}

int64_t timeutil_real_now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec * MS_PER_S + ts.tv_nsec / 1000000;
}

int64_t timeutil_now_ms(void)
{
	return clock_now_ms ? clock_now_ms() : timeutil_real_now_ms();
}

/* The local fields of ms and the UTC offset then; 0, or -1. */
static int local_fields(int64_t ms, struct tm *tm, int64_t *offset_s)
{
	int64_t t = floor_div(ms, MS_PER_S, NULL), wall;
	time_t tt = (time_t)t;

	/* No tzset() here: it stats the zone file on every call, and
	 * formatting runs once per timeline row. localtime_r initialises the
	 * zone on first use; whoever changes $TZ calls tzset(). */
	if ((int64_t)tt != t || !localtime_r(&tt, tm) || wall_of(t, &wall))
		return -1;
	*offset_s = wall - t;
	return 0;
}

void timeutil_format_local(int64_t ms, char *buf, size_t size)
{
	struct tm tm;
	int64_t off, mag;
	char sign;

	if (!buf || size == 0)
		return;
	if (local_fields(ms, &tm, &off)) {
		snprintf(buf, size, "(invalid time)");
		return;
	}
	sign = off < 0 ? '-' : '+';
	mag = off < 0 ? -off : off;
	if (mag % S_PER_MIN)
		snprintf(
		    buf, size, "%04d-%02d-%02d %02d:%02d:%02d %c%02d:%02d:%02d",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, sign, (int)(mag / S_PER_HOUR),
		    (int)(mag % S_PER_HOUR / S_PER_MIN),
		    (int)(mag % S_PER_MIN));
	else
		snprintf(buf, size, "%04d-%02d-%02d %02d:%02d:%02d %c%02d:%02d",
		         tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		         tm.tm_hour, tm.tm_min, tm.tm_sec, sign,
		         (int)(mag / S_PER_HOUR),
		         (int)(mag % S_PER_HOUR / S_PER_MIN));
}

void timeutil_format_local_short(int64_t ms, char *buf, size_t size)
{
	struct tm tm;
	int64_t off;

	if (!buf || size == 0)
		return;
	if (local_fields(ms, &tm, &off)) {
		snprintf(buf, size, "(invalid time)");
		return;
	}
	snprintf(buf, size, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900,
	         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
}

void timeutil_format_utc(int64_t ms, char *buf, size_t size)
{
	int64_t milli, secs, sod, year;
	int64_t days;
	int month, day;

	if (!buf || size == 0)
		return;
	secs = floor_div(ms, MS_PER_S, &milli);
	days = floor_div(secs, S_PER_DAY, &sod);
	civil_from_days(days, &year, &month, &day);
	if (year >= 0 && year <= 9999 && size > 24) {
		/* The digits written directly: JSON output formats several
		 * times per row, and printf was most of their cost. */
		int v[] = {(int)year,
		           month,
		           day,
		           (int)(sod / S_PER_HOUR),
		           (int)(sod % S_PER_HOUR / 60),
		           (int)(sod % 60),
		           (int)milli};
		static const char form[] = "0000-00-00T00:00:00.000Z";
		/* Where each value's last digit goes. */
		static const int last[] = {3, 6, 9, 12, 15, 18, 22};

		memcpy(buf, form, sizeof form);
		for (int i = 0; i < 7; i++)
			for (int k = last[i]; v[i]; k--, v[i] /= 10)
				buf[k] = (char)('0' + v[i] % 10);
		return;
	}
	snprintf(buf, size, "%04" PRId64 "-%02d-%02dT%02d:%02d:%02d.%03dZ",
	         year, month, day, (int)(sod / S_PER_HOUR),
	         (int)(sod % S_PER_HOUR / 60), (int)(sod % 60), (int)milli);
}

void timeutil_format_duration(int64_t ms, char *buf, size_t size)
{
	uint64_t mag = ms < 0 ? (uint64_t)0 - (uint64_t)ms : (uint64_t)ms;
	uint64_t s = mag / MS_PER_S;
	const char *sign = ms < 0 && s > 0 ? "-" : "";

	if (!buf || size == 0)
		return;
	if (s < S_PER_MIN)
		snprintf(buf, size, "%s%" PRIu64 "s", sign, s);
	else if (s < S_PER_HOUR)
		snprintf(buf, size, "%s%" PRIu64 "m", sign, s / S_PER_MIN);
	else if (s < S_PER_DAY)
		snprintf(buf, size, "%s%" PRIu64 "h %02" PRIu64 "m", sign,
		         s / S_PER_HOUR, s % S_PER_HOUR / S_PER_MIN);
	else if (s < 10 * S_PER_DAY)
		snprintf(buf, size, "%s%" PRIu64 "d %" PRIu64 "h", sign,
		         s / S_PER_DAY, s % S_PER_DAY / S_PER_HOUR);
	else
		snprintf(buf, size, "%s%" PRIu64 "d", sign, s / S_PER_DAY);
}

void timeutil_format_duration_tick(int64_t ms, char *buf, size_t size)
{
	static const struct {
		int64_t ms;
		const char *unit;
	} units[] = {{S_PER_DAY * MS_PER_S, "d"},
	             {S_PER_HOUR * MS_PER_S, "h"},
	             {S_PER_MIN * MS_PER_S, "m"},
	             {MS_PER_S, "s"}};

	if (!buf || size == 0)
		return;
	for (size_t i = 0; ms > 0 && i < sizeof units / sizeof *units; i++)
		if (ms % units[i].ms == 0) {
			snprintf(buf, size, "%" PRId64 "%s", ms / units[i].ms,
			         units[i].unit);
			return;
		}
	timeutil_format_duration(ms, buf, size);
}

void timeutil_format_duration_full(int64_t ms, char *buf, size_t size)
{
	uint64_t mag = ms < 0 ? (uint64_t)0 - (uint64_t)ms : (uint64_t)ms;
	uint64_t s = mag / MS_PER_S;

	if (s < 10 * S_PER_DAY) {
		timeutil_format_duration(ms, buf, size);
		return;
	}
	if (!buf || size == 0)
		return;
	snprintf(buf, size, "%s%" PRIu64 "d %" PRIu64 "h", ms < 0 ? "-" : "",
	         s / S_PER_DAY, s % S_PER_DAY / S_PER_HOUR);
}

int timeutil_zone_valid(const char *zone)
{
	const char *dir = getenv("TZDIR");
	char path[4096];
	char magic[4];
	struct stat st;
	size_t len;
	int fd, ok;

	if (!zone || !*zone)
		return 0;
	if (strcmp(zone, "UTC") == 0)
		return 1;
	len = strlen(zone);
	if (len > 255 || zone[0] == '/' || strncmp(zone, "right/", 6) == 0)
		return 0;
	for (const char *p = zone; *p; p++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      is_digit(c) || c == '/' || c == '_' || c == '-' ||
		      c == '+' || c == '.'))
			return 0;
	}
	/* Every component must be a name: not empty, not "." or "..". */
	for (const char *p = zone; *p;) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n;
		if (*p == '/') {
			p++;
			if (!*p)
				return 0;
		}
	}
	if (!dir || !*dir)
		dir = "/usr/share/zoneinfo";
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, zone) >=
	    sizeof path)
		return 0;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ok = read(fd, magic, sizeof magic) == (ssize_t)sizeof magic &&
	     memcmp(magic, "TZif", 4) == 0;
	close(fd);
	return ok;
}

/* $TZ as it was before tz_enter, to put back. */
struct tz_saved {
	char *value; /* a copy, or NULL if $TZ was unset */
};

/* Switches the local zone to `zone`, saving the old $TZ in *saved. */
static enum irt_status tz_enter(const char *zone, struct tz_saved *saved,
                                struct irt_err *err)
{
	const char *old = getenv("TZ");

	saved->value = NULL;
	if (old) {
		saved->value = strdup(old);
		if (!saved->value)
			return irt_err_set(err, IRT_ERR_NOMEM,
			                   "cannot save $TZ");
	}
	if (setenv("TZ", zone, 1) != 0) {
		free(saved->value);
		saved->value = NULL;
		return irt_err_set(err, IRT_ERR_NOMEM, "cannot set $TZ");
	}
	tzset();
	return IRT_OK;
}

/* Puts back the $TZ saved by tz_enter, exactly (unset stays unset). */
static void tz_leave(struct tz_saved *saved)
{
	if (saved->value) {
		/* Replacing a variable with a value as long needs no new
		 * memory in glibc; should it fail, the zone stays switched
		 * and there is nothing better to do. */
		(void)setenv("TZ", saved->value, 1);
		free(saved->value);
		saved->value = NULL;
	} else {
		unsetenv("TZ");
	}
	tzset();
}

/* The weekday of a day number: 0 Sunday .. 6 Saturday. */
static int weekday_of(int64_t day)
{
	int64_t weekday;

	floor_div(day + 4, 7, &weekday); /* 1970-01-01 was a Thursday */
	return (int)weekday;
}

static int is_weekend(int64_t day)
{
	int weekday = weekday_of(day);

	return weekday == 0 || weekday == 6;
}

/* The YYYYMMDD of a day number, as holidays are given. */
static int64_t ymd_of(int64_t day)
{
	int64_t year;
	int month, mday;

	civil_from_days(day, &year, &month, &mday);
	return year * 10000 + month * 100 + mday;
}

/* Whether day (days since 1970-01-01, in the zone) is a business day. */
static int is_business_day(int64_t day, const int32_t *holidays,
                           size_t n_holidays)
{
	int64_t ymd;

	if (is_weekend(day))
		return 0;
	if (n_holidays == 0)
		return 1;
	ymd = ymd_of(day);
	for (size_t i = 0; i < n_holidays; i++)
		if (holidays[i] == ymd)
			return 0;
	return 1;
}

/* The day `n` (>= 1) business days after `day`, counted one day at a
 * time: the definition the counting below must agree with, and what
 * unsorted holidays still get. */
static int64_t step_days(int64_t day, int64_t n, const int32_t *holidays,
                         size_t n_holidays)
{
	while (n-- > 0) {
		do
			day++;
		while (!is_business_day(day, holidays, n_holidays));
	}
	return day;
}

/* The day `n` (>= 1) weekdays after `day`: whole weeks (each holds five)
 * at once, the last one to five weekdays a day at a time. */
static int64_t step_weekdays(int64_t day, int64_t n)
{
	int64_t weeks = (n - 1) / 5;

	day += 7 * weeks;
	n -= 5 * weeks;
	while (n-- > 0) {
		do
			day++;
		while (is_weekend(day));
	}
	return day;
}

/* Whether holidays ascend (equal neighbours allowed), as the policy keeps
 * them; count_holidays needs it. */
static int holidays_sorted(const int32_t *holidays, size_t n_holidays)
{
	for (size_t i = 1; i < n_holidays; i++)
		if (holidays[i] < holidays[i - 1])
			return 0;
	return 1;
}

/*
 * How many of the days after `from` up to and including `to` are holidays
 * falling on a weekday: the sorted holidays between their dates, each
 * date once, and only real dates (a value such as 20260231 names no day
 * and so no holiday, as is_business_day never matches it).
 */
static int64_t count_holidays(int64_t from, int64_t to, const int32_t *holidays,
                              size_t n_holidays)
{
	int64_t ymd_from = ymd_of(from), ymd_to = ymd_of(to), count = 0;
	size_t lo = 0, hi = n_holidays;

	while (lo < hi) { /* the first holiday after from */
		size_t mid = lo + (hi - lo) / 2;

		if (holidays[mid] <= ymd_from)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < n_holidays && holidays[i] <= ymd_to; i++) {
		int32_t h = holidays[i];
		int64_t day =
		    days_from_civil(h / 10000, h / 100 % 100, h % 100);

		if (i > lo && h == holidays[i - 1])
			continue;
		if (h % 100 < 1 || h / 100 % 100 < 1 || h / 100 % 100 > 12 ||
		    ymd_of(day) != h)
			continue;
		if (!is_weekend(day))
			count++;
	}
	return count;
}

/*
 * The day `n` (>= 1) business days after `day`. Stepping over n weekdays
 * reaches the answer unless k of the days passed are holidays; then k
 * more business days are still to go from there, and so on until a stretch
 * passes none. Each holiday is passed once, so this takes at most one
 * round per holiday however long the span, instead of a round per day.
 */
static int64_t add_days(int64_t day, int64_t n, const int32_t *holidays,
                        size_t n_holidays)
{
	if (n_holidays > 0 && !holidays_sorted(holidays, n_holidays))
		return step_days(day, n, holidays, n_holidays);
	while (n > 0) {
		int64_t next = step_weekdays(day, n);

		n = n_holidays ? count_holidays(day, next, holidays, n_holidays)
		               : 0;
		day = next;
	}
	return day;
}

/* The counting of timeutil_add_business_days, in the current zone. */
static enum irt_status add_business_days(int64_t start_ms, int days,
                                         const int32_t *holidays,
                                         size_t n_holidays, int64_t *out_ms,
                                         struct irt_err *err)
{
	int64_t milli, secs = floor_div(start_ms, MS_PER_S, &milli);
	int64_t last_day = days_from_civil(MAX_YEAR, 12, 31);
	int64_t wall, day, tod, t, n = days;

	if (wall_of(secs, &wall))
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "the start time is out of range");
	day = floor_div(wall, S_PER_DAY, &tod);
	if (day > last_day)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "the start time is after year 9999");
	if (!is_business_day(day, holidays, n_holidays)) {
		/* From the start of the next business day: one more. */
		tod = 0;
		milli = 0;
		n++;
	} else if (days == 0) {
		*out_ms = start_ms;
		return IRT_OK;
	}
	day = add_days(day, n, holidays, n_holidays);
	if (day > last_day)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "the deadline would fall after year 9999");
	if (local_to_utc(day * S_PER_DAY + tod, &t) == LOCAL_FAIL)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "the time zone cannot convert the deadline");
	*out_ms = t * MS_PER_S + milli;
	return IRT_OK;
}

/* The checks timeutil_add_business_days makes before counting. */
static enum irt_status check_business_days(int days, const int32_t *holidays,
                                           size_t n_holidays,
                                           struct irt_err *err)
{
	if (days < 0 || days > TIMEUTIL_MAX_BUSINESS_DAYS)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "business days must be 0..%d, not %d",
		                   TIMEUTIL_MAX_BUSINESS_DAYS, days);
	if (n_holidays > 0 && !holidays)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "holidays counted but not given");
	return IRT_OK;
}

/* IRT_ERR_INVALID naming an unknown zone. */
static enum irt_status unknown_zone(const char *zone, struct irt_err *err)
{
	char q[2 * QUOTE_MAX + 4];

	quote(zone, q, sizeof q);
	return irt_err_set(err, IRT_ERR_INVALID,
	                   "unknown time zone \"%s\" (use a tzdata "
	                   "name such as Europe/Berlin, or UTC)",
	                   q);
}

enum irt_status timeutil_add_business_days(int64_t start_ms, int days,
                                           const char *zone,
                                           const int32_t *holidays,
                                           size_t n_holidays, int64_t *out_ms,
                                           struct irt_err *err)
{
	struct tz_saved saved = {0};
	int switched = zone && *zone;
	enum irt_status st;

	st = check_business_days(days, holidays, n_holidays, err);
	if (st != IRT_OK)
		return st;
	if (switched && !timeutil_zone_valid(zone))
		return unknown_zone(zone, err);
	if (switched) {
		st = tz_enter(zone, &saved, err);
		if (st != IRT_OK)
			return st;
	} else {
		tzset();
	}
	st = add_business_days(start_ms, days, holidays, n_holidays, out_ms,
	                       err);
	if (switched)
		tz_leave(&saved);
	if (st == IRT_OK)
		irt_err_clear(err);
	return st;
}

enum irt_status timeutil_zone_enter(struct timeutil_zone *z, const char *zone,
                                    struct irt_err *err)
{
	struct tz_saved saved;
	enum irt_status st;

	z->name = NULL;
	z->saved = NULL;
	if (!zone || !*zone || !timeutil_zone_valid(zone))
		return unknown_zone(zone ? zone : "", err);
	z->name = strdup(zone);
	if (!z->name)
		return irt_err_set(err, IRT_ERR_NOMEM, "cannot save the zone");
	st = tz_enter(zone, &saved, err);
	if (st != IRT_OK) {
		free(z->name);
		z->name = NULL;
		return st;
	}
	z->saved = saved.value;
	return IRT_OK;
}

void timeutil_zone_leave(struct timeutil_zone *z)
{
	struct tz_saved saved;

	if (!z || !z->name)
		return;
	saved.value = z->saved;
	tz_leave(&saved);
	free(z->name);
	z->name = NULL;
	z->saved = NULL;
}

int timeutil_zone_is(const struct timeutil_zone *z, const char *zone)
{
	return z && z->name && zone && strcmp(z->name, zone) == 0;
}

enum irt_status timeutil_zone_add_business_days(const struct timeutil_zone *z,
                                                int64_t start_ms, int days,
                                                const int32_t *holidays,
                                                size_t n_holidays,
                                                int64_t *out_ms,
                                                struct irt_err *err)
{
	enum irt_status st;

	if (!z || !z->name)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "no time zone entered");
	st = check_business_days(days, holidays, n_holidays, err);
	if (st != IRT_OK)
		return st;
	st = add_business_days(start_ms, days, holidays, n_holidays, out_ms,
	                       err);
	if (st == IRT_OK)
		irt_err_clear(err);
	return st;
}
