/*
 * policy.c - the reference policy's defaults, the policy's keys with their
 * text forms (parsed and printed), its history of versions, and the check
 * of the policy timeline's chain. Storing the policy is the storage
 * module's job (db_policy.c); changing it, tracker_policy.c's.
 *
 * Invariants: a struct policy built here always holds values in range
 * (the limits in policy.h), holidays sorted and unique, and every value
 * printed by policy_format_value() reads back to the same policy.
 */
#include "irt/policy.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/chain.h"
#include "irt/rules.h"
#include "irt/sanitize.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

void policy_defaults(struct policy *p)
{
	memset(p, 0, sizeof *p);
	p->ack_business_days = 2;
	p->remediate_days[SEVERITY_CRITICAL] = 14;
	p->remediate_days[SEVERITY_HIGH] = 28;
	p->remediate_days[SEVERITY_MEDIUM] = 42;
	p->remediate_days[SEVERITY_LOW] = 90;
	strcpy(p->zone, "UTC");
	p->due_soon_ms = 24LL * 3600 * 1000;
	p->hooks_timeout_ms = POLICY_HOOKS_TIMEOUT_MS;
	/* "We commit to notifying customers and Atlassian in the event of a
	 * critical vulnerability": platform and customers for critical and
	 * high; the platform for medium. */
	p->notify_required[SEVERITY_CRITICAL] =
	    1u << AUDIENCE_PLATFORM | 1u << AUDIENCE_CUSTOMERS;
	p->notify_required[SEVERITY_HIGH] =
	    1u << AUDIENCE_PLATFORM | 1u << AUDIENCE_CUSTOMERS;
	p->notify_required[SEVERITY_MEDIUM] = 1u << AUDIENCE_PLATFORM;
}

static const char *const intake_names[INTAKE_COUNT] = {
    "description", "component", "repro", "poc"};

const char *policy_intake_name(enum intake_field i)
{
	return (unsigned)i < INTAKE_COUNT ? intake_names[i] : "";
}

int policy_requires(const struct policy *p, enum severity sev, enum audience a)
{
	if ((unsigned)sev >= SEVERITY_COUNT || (unsigned)a >= AUDIENCE_COUNT)
		return 0;
	return (p->notify_required[sev] >> a) & 1u;
}

int policy_equal(const struct policy *a, const struct policy *b)
{
	if (a->ack_business_days != b->ack_business_days ||
	    strcmp(a->zone, b->zone) != 0 || a->n_holidays != b->n_holidays ||
	    a->due_soon_ms != b->due_soon_ms ||
	    a->sign_required != b->sign_required ||
	    a->intake_required != b->intake_required ||
	    strcmp(a->hooks_dir, b->hooks_dir) != 0 ||
	    a->hooks_timeout_ms != b->hooks_timeout_ms)
		return 0;
	for (int s = 0; s < SEVERITY_COUNT; s++)
		if (a->remediate_days[s] != b->remediate_days[s] ||
		    a->notify_required[s] != b->notify_required[s])
			return 0;
	for (size_t i = 0; i < a->n_holidays; i++)
		if (a->holidays[i] != b->holidays[i])
			return 0;
	return 1;
}

/* ---- keys --------------------------------------------------------- */

static const struct {
	const char *name;
	const char *help;
} keys[POLICY_KEY_COUNT] = {
#define POLICY_KEY_INFO(e, name, help) {name, help},
    POLICY_KEYS(POLICY_KEY_INFO)
#undef POLICY_KEY_INFO
};

const char *policy_key_name(enum policy_key k)
{
	return (unsigned)k < POLICY_KEY_COUNT ? keys[k].name : "";
}

const char *policy_key_help(enum policy_key k)
{
	return (unsigned)k < POLICY_KEY_COUNT ? keys[k].help : "";
}

int policy_key_parse(const char *name)
{
	for (int k = 0; name && k < POLICY_KEY_COUNT; k++)
		if (strcmp(name, keys[k].name) == 0)
			return k;
	return -1;
}

/* The band a remediate.* or notify.* key is about. */
static enum severity key_band(enum policy_key k)
{
	switch (k) {
	case POLICY_KEY_REMEDIATE_CRITICAL:
	case POLICY_KEY_NOTIFY_CRITICAL:
		return SEVERITY_CRITICAL;
	case POLICY_KEY_REMEDIATE_HIGH:
	case POLICY_KEY_NOTIFY_HIGH:
		return SEVERITY_HIGH;
	case POLICY_KEY_REMEDIATE_MEDIUM:
	case POLICY_KEY_NOTIFY_MEDIUM:
		return SEVERITY_MEDIUM;
	case POLICY_KEY_REMEDIATE_LOW:
	case POLICY_KEY_NOTIFY_LOW:
		return SEVERITY_LOW;
	default:
		return SEVERITY_NONE;
	}
}

/* ---- values ------------------------------------------------------- */

/* A terminal-safe, shortened copy of a user's value for messages. */
static void quote(const char *value, char *out, size_t size)
{
	char *safe = sanitize_terminal(value, 0);
	size_t n = strlen(safe);

	if (n > 40) {
		n = 40;
		while (n > 0 && ((unsigned char)safe[n] & 0xc0) == 0x80)
			n--; /* do not cut a UTF-8 sequence */
		snprintf(out, size, "%.*s...", (int)n, safe);
	} else {
		snprintf(out, size, "%s", safe);
	}
	free(safe);
}

static enum irt_status bad_value(struct irt_err *err, enum policy_key k,
                                 const char *value, const char *accepted)
{
	char q[200];

	quote(value, q, sizeof q);
	return irt_err_set(err, IRT_ERR_INVALID, "bad value \"%s\" for %s: %s",
	                   q, keys[k].name, accepted);
}

/* A trimmed copy of s (caller frees). */
static char *trimmed(const char *s)
{
	const char *end;

	while (*s && isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	return xasprintf("%.*s", (int)(end - s), s);
}

/* Whether s holds a C0 control character or DEL. */
static int has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

static int is_none(const char *s)
{
	return strcmp(s, "none") == 0;
}

/* A whole number 0..max (digits only), or "none" for 0. */
static int parse_count(const char *s, int max, int *out)
{
	long n = 0;

	if (is_none(s)) {
		*out = 0;
		return 0;
	}
	if (!*s || strlen(s) > 9)
		return -1;
	for (const char *p = s; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return -1;
		n = n * 10 + (*p - '0');
	}
	if (n > max)
		return -1;
	*out = (int)n;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
	                           31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* "YYYY-MM-DD" exactly, a real date in 1970..9999, as YYYYMMDD. */
static int parse_date(const char *s, int32_t *out)
{
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return -1;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*out = y * 10000 + m * 100 + d;
	return 0;
}

static int compare_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

/* Sorts and removes duplicates. */
static size_t sort_unique(int32_t *d, size_t n)
{
	size_t j = 0;

	qsort(d, n, sizeof *d, compare_i32);
	for (size_t i = 0; i < n; i++)
		if (j == 0 || d[i] != d[j - 1])
			d[j++] = d[i];
	return j;
}

/*
 * Comma-separated dates into d (at most max, counting duplicates once).
 * "none" or "" is the empty list. Returns the count, or -1 with the bad
 * item in bad[], or -2 when there are too many.
 */
static long parse_dates(const char *s, int32_t *d, size_t max, char *bad,
                        size_t bad_size)
{
	char *copy = xstrdup(s), *save = NULL, *item;
	size_t n = 0;
	long rc = 0;

	if (is_none(s) || !*s) {
		free(copy);
		return 0;
	}
	for (item = strtok_r(copy, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		char *t = trimmed(item);
		int32_t ymd;

		if (parse_date(t, &ymd) != 0) {
			snprintf(bad, bad_size, "%s", t);
			free(t);
			rc = -1;
			goto out;
		}
		free(t);
		if (n == max) {
			n = sort_unique(d, n);
			if (n == max) {
				rc = -2;
				goto out;
			}
		}
		d[n++] = ymd;
	}
	/* "2026-12-25,,2026-12-26" or a trailing comma: an empty item. */
	if (strstr(s, ",,") || s[0] == ',' || s[strlen(s) - 1] == ',') {
		snprintf(bad, bad_size, "%s", "(an empty item)");
		rc = -1;
		goto out;
	}
	rc = (long)sort_unique(d, n);
out:
	free(copy);
	return rc;
}

/* "36h", "1d12h", "2w", "90m", "0", "none" into ms (0..max). */
static int parse_duration(const char *s, int64_t *out)
{
	int64_t total = 0;
	const char *p = s;

	if (is_none(s) || strcmp(s, "0") == 0) {
		*out = 0;
		return 0;
	}
	if (!*s)
		return -1;
	while (*p) {
		int64_t n = 0, unit;
		int digits = 0;

		while (isdigit((unsigned char)*p)) {
			if (++digits > 9)
				return -1;
			n = n * 10 + (*p++ - '0');
		}
		if (!digits)
			return -1;
		switch (*p++) {
		case 's':
			unit = 1000;
			break;
		case 'm':
			unit = 60 * 1000;
			break;
		case 'h':
			unit = 3600 * 1000;
			break;
		case 'd':
			unit = 24LL * 3600 * 1000;
			break;
		case 'w':
			unit = 7 * 24LL * 3600 * 1000;
			break;
		default:
			return -1;
		}
		total += n * unit;
		if (total > POLICY_MAX_DUE_SOON_MS)
			return -1;
	}
	*out = total;
	return 0;
}

static void format_duration(int64_t ms, char *buf, size_t size)
{
	static const struct {
		char unit;
		int64_t ms;
	} units[] = {{'d', 24LL * 3600 * 1000},
	             {'h', 3600 * 1000},
	             {'m', 60 * 1000},
	             {'s', 1000}};
	size_t len = 0;

	if (ms <= 0) {
		snprintf(buf, size, "0");
		return;
	}
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
		int64_t n = ms / units[i].ms;

		if (n == 0)
			continue;
		ms -= n * units[i].ms;
		if (len < size)
			len +=
			    (size_t)snprintf(buf + len, size - len,
			                     "%" PRId64 "%c", n, units[i].unit);
	}
	/* Below a second is never produced by parse_duration. */
}

/* The bit of an intake field name, or -1. */
static int intake_bit(const char *name)
{
	for (int i = 0; i < INTAKE_COUNT; i++)
		if (strcmp(name, intake_names[i]) == 0)
			return i;
	return -1;
}

/* A comma-separated set of names, each given its bit by bit_of, or
 * "none". 0 with *out set, or -1 with the bad item in bad. */
static int parse_set(const char *s, int (*bit_of)(const char *), unsigned *out,
                     char *bad, size_t bad_size)
{
	char *copy, *save = NULL, *item;
	unsigned bits = 0;
	int rc = 0;

	if (is_none(s)) {
		*out = 0;
		return 0;
	}
	if (!*s || s[0] == ',' || s[strlen(s) - 1] == ',' || strstr(s, ",,")) {
		snprintf(bad, bad_size, "(an empty item)");
		return -1;
	}
	copy = xstrdup(s);
	for (item = strtok_r(copy, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		char *t = trimmed(item);
		int bit = bit_of(t);

		if (bit < 0) {
			snprintf(bad, bad_size, "%s", t);
			free(t);
			rc = -1;
			break;
		}
		free(t);
		bits |= 1u << bit;
	}
	free(copy);
	if (rc == 0)
		*out = bits;
	return rc;
}

enum irt_status policy_set_value(struct policy *p, enum policy_key k,
                                 const char *value, struct irt_err *err)
{
	char *v = trimmed(value ? value : "");
	char bad[64] = "", q[200], msg[300];
	enum irt_status status = IRT_OK;
	int32_t dates[POLICY_MAX_HOLIDAYS];
	unsigned bits;
	int64_t ms;
	long n;
	int count;

	switch (k) {
	case POLICY_KEY_ACK_BUSINESS_DAYS:
		if (parse_count(v, POLICY_MAX_ACK_DAYS, &count) != 0)
			status = bad_value(err, k, value,
			                   "business days, a whole number "
			                   "0..365 (0 or none: no deadline)");
		else
			p->ack_business_days = count;
		break;
	case POLICY_KEY_REMEDIATE_CRITICAL:
	case POLICY_KEY_REMEDIATE_HIGH:
	case POLICY_KEY_REMEDIATE_MEDIUM:
	case POLICY_KEY_REMEDIATE_LOW:
		if (parse_count(v, POLICY_MAX_REMEDIATE_DAYS, &count) != 0)
			status = bad_value(err, k, value,
			                   "days, a whole number 0..3650 (0 "
			                   "or none: no deadline)");
		else
			p->remediate_days[key_band(k)] = count;
		break;
	case POLICY_KEY_ZONE:
		if (strlen(v) >= sizeof p->zone || !timeutil_zone_valid(v))
			status = bad_value(err, k, value,
			                   "not a time zone this system knows "
			                   "(a tzdata name such as "
			                   "Europe/Berlin, or UTC)");
		else
			snprintf(p->zone, sizeof p->zone, "%s", v);
		break;
	case POLICY_KEY_HOLIDAYS:
		n = parse_dates(v, dates, POLICY_MAX_HOLIDAYS, bad, sizeof bad);
		if (n == -2) {
			status = irt_err_set(err, IRT_ERR_INVALID,
			                     "too many holidays: at most %d",
			                     POLICY_MAX_HOLIDAYS);
		} else if (n < 0) {
			quote(bad, q, sizeof q);
			snprintf(msg, sizeof msg,
			         "\"%s\" is not a date; give comma-separated "
			         "YYYY-MM-DD dates, or none",
			         q);
			status = bad_value(err, k, value, msg);
		} else {
			memcpy(p->holidays, dates, (size_t)n * sizeof *dates);
			p->n_holidays = (size_t)n;
		}
		break;
	case POLICY_KEY_DUE_SOON:
		if (parse_duration(v, &ms) != 0)
			status = bad_value(err, k, value,
			                   "a duration such as 24h, 3d, 1d12h "
			                   "or 2w (at most 365d; 0 or none: "
			                   "off)");
		else
			p->due_soon_ms = ms;
		break;
	case POLICY_KEY_NOTIFY_CRITICAL:
	case POLICY_KEY_NOTIFY_HIGH:
	case POLICY_KEY_NOTIFY_MEDIUM:
	case POLICY_KEY_NOTIFY_LOW:
	case POLICY_KEY_NOTIFY_NONE:
		if (parse_set(v, audience_parse, &bits, bad, sizeof bad) != 0) {
			quote(bad, q, sizeof q);
			snprintf(msg, sizeof msg,
			         "unknown audience \"%s\"; give "
			         "comma-separated platform, customers, "
			         "internal, reporter, or none",
			         q);
			status = bad_value(err, k, value, msg);
		} else {
			p->notify_required[key_band(k)] = bits;
		}
		break;
	case POLICY_KEY_SIGN_REQUIRED:
		if (strcmp(v, "yes") == 0)
			p->sign_required = 1;
		else if (strcmp(v, "no") == 0)
			p->sign_required = 0;
		else
			status = bad_value(err, k, value, "yes or no");
		break;
	case POLICY_KEY_INTAKE_REQUIRE:
		if (parse_set(v, intake_bit, &bits, bad, sizeof bad) != 0) {
			quote(bad, q, sizeof q);
			snprintf(msg, sizeof msg,
			         "unknown intake field \"%s\"; give "
			         "comma-separated description, component, "
			         "repro, poc, or none",
			         q);
			status = bad_value(err, k, value, msg);
		} else {
			p->intake_required = bits;
		}
		break;
	case POLICY_KEY_HOOKS_DIR:
		if (is_none(v))
			p->hooks_dir[0] = '\0';
		else if (v[0] != '/' || strlen(v) >= sizeof p->hooks_dir ||
		         !sanitize_utf8_valid(v, strlen(v)) || has_control(v))
			status =
			    bad_value(err, k, value,
			              "an absolute directory path, or none");
		else
			snprintf(p->hooks_dir, sizeof p->hooks_dir, "%s", v);
		break;
	case POLICY_KEY_HOOKS_TIMEOUT:
		if (parse_duration(v, &ms) != 0 || ms < 1000 ||
		    ms > POLICY_MAX_HOOKS_TIMEOUT_MS)
			status = bad_value(err, k, value,
			                   "a duration from 1s to 1h, such as "
			                   "10s, 90s or 2m");
		else
			p->hooks_timeout_ms = ms;
		break;
	default:
		status =
		    irt_err_set(err, IRT_ERR_INVALID, "unknown policy key");
		break;
	}
	free(v);
	return status;
}

enum irt_status policy_load_value(struct policy *p, enum policy_key k,
                                  const char *value, struct irt_err *err)
{
	if (k == POLICY_KEY_ZONE && value && value[0] &&
	    strlen(value) < sizeof p->zone) {
		snprintf(p->zone, sizeof p->zone, "%s", value);
		return IRT_OK;
	}
	return policy_set_value(p, k, value, err);
}

void policy_format_value(const struct policy *p, enum policy_key k, char *buf,
                         size_t size)
{
	size_t len = 0;
	unsigned bits;

	if (size == 0)
		return;
	buf[0] = '\0';
	switch (k) {
	case POLICY_KEY_ACK_BUSINESS_DAYS:
		snprintf(buf, size, "%d", p->ack_business_days);
		break;
	case POLICY_KEY_REMEDIATE_CRITICAL:
	case POLICY_KEY_REMEDIATE_HIGH:
	case POLICY_KEY_REMEDIATE_MEDIUM:
	case POLICY_KEY_REMEDIATE_LOW:
		snprintf(buf, size, "%d", p->remediate_days[key_band(k)]);
		break;
	case POLICY_KEY_ZONE:
		snprintf(buf, size, "%s", p->zone[0] ? p->zone : "UTC");
		break;
	case POLICY_KEY_HOLIDAYS:
		if (p->n_holidays == 0)
			snprintf(buf, size, "none");
		for (size_t i = 0; i < p->n_holidays && len < size; i++) {
			int32_t d = p->holidays[i];

			len += (size_t)snprintf(
			    buf + len, size - len, "%s%04d-%02d-%02d",
			    i ? "," : "", (int)(d / 10000),
			    (int)(d / 100 % 100), (int)(d % 100));
		}
		break;
	case POLICY_KEY_DUE_SOON:
		format_duration(p->due_soon_ms, buf, size);
		break;
	case POLICY_KEY_NOTIFY_CRITICAL:
	case POLICY_KEY_NOTIFY_HIGH:
	case POLICY_KEY_NOTIFY_MEDIUM:
	case POLICY_KEY_NOTIFY_LOW:
	case POLICY_KEY_NOTIFY_NONE:
		bits = p->notify_required[key_band(k)];
		if (!bits)
			snprintf(buf, size, "none");
		for (int a = 0; a < AUDIENCE_COUNT && len < size; a++)
			if (bits >> a & 1u)
				len += (size_t)snprintf(
				    buf + len, size - len, "%s%s",
				    len ? "," : "",
				    audience_name((enum audience)a));
		break;
	case POLICY_KEY_SIGN_REQUIRED:
		snprintf(buf, size, "%s", p->sign_required ? "yes" : "no");
		break;
	case POLICY_KEY_INTAKE_REQUIRE:
		bits = p->intake_required;
		if (!bits)
			snprintf(buf, size, "none");
		for (int i = 0; i < INTAKE_COUNT && len < size; i++)
			if (bits >> i & 1u)
				len += (size_t)snprintf(buf + len, size - len,
				                        "%s%s", len ? "," : "",
				                        intake_names[i]);
		break;
	case POLICY_KEY_HOOKS_DIR:
		snprintf(buf, size, "%s",
		         p->hooks_dir[0] ? p->hooks_dir : "none");
		break;
	case POLICY_KEY_HOOKS_TIMEOUT:
		format_duration(p->hooks_timeout_ms, buf, size);
		break;
	default:
		break;
	}
}

int policy_parse_duration(const char *text, int64_t *ms)
{
	return parse_duration(text, ms);
}

/* holidays.add / holidays.remove: the current list changed by dates. */
static enum irt_status edit_holidays(struct policy *p, int add,
                                     const char *value, struct irt_err *err)
{
	int32_t dates[POLICY_MAX_HOLIDAYS], merged[2 * POLICY_MAX_HOLIDAYS];
	char *v = trimmed(value ? value : "");
	char bad[64] = "", q[200];
	size_t n_merged = 0;
	long n = is_none(v) ? -1
	                    : parse_dates(v, dates, POLICY_MAX_HOLIDAYS, bad,
	                                  sizeof bad);

	if (n == -1 || n == 0) {
		quote(n == 0 || !bad[0] ? value : bad, q, sizeof q);
		free(v);
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "bad date \"%s\" for holidays.%s: give one "
		                   "or more comma-separated YYYY-MM-DD dates",
		                   q, add ? "add" : "remove");
	}
	free(v);
	if (n == -2)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "too many holidays: at most %d",
		                   POLICY_MAX_HOLIDAYS);
	if (add) {
		memcpy(merged, p->holidays, p->n_holidays * sizeof *merged);
		memcpy(merged + p->n_holidays, dates,
		       (size_t)n * sizeof *dates);
		n_merged = sort_unique(merged, p->n_holidays + (size_t)n);
		if (n_merged > POLICY_MAX_HOLIDAYS)
			return irt_err_set(err, IRT_ERR_INVALID,
			                   "too many holidays: at most %d",
			                   POLICY_MAX_HOLIDAYS);
	} else {
		for (long i = 0; i < n; i++)
			if (!bsearch(&dates[i], p->holidays, p->n_holidays,
			             sizeof *dates, compare_i32))
				return irt_err_set(
				    err, IRT_ERR_INVALID,
				    "%04d-%02d-%02d is not a holiday of "
				    "the policy ('irt policy show "
				    "holidays' lists them)",
				    (int)(dates[i] / 10000),
				    (int)(dates[i] / 100 % 100),
				    (int)(dates[i] % 100));
		for (size_t i = 0; i < p->n_holidays; i++)
			if (!bsearch(&p->holidays[i], dates, (size_t)n,
			             sizeof *dates, compare_i32))
				merged[n_merged++] = p->holidays[i];
	}
	memcpy(p->holidays, merged, n_merged * sizeof *merged);
	p->n_holidays = n_merged;
	return IRT_OK;
}

enum irt_status policy_edit(struct policy *p, const char *key,
                            const char *value, enum policy_key *k,
                            struct irt_err *err)
{
	int key_id = policy_key_parse(key);
	char q[200], list[1024];
	size_t len = 0;

	if (key && (strcmp(key, "holidays.add") == 0 ||
	            strcmp(key, "holidays.remove") == 0)) {
		*k = POLICY_KEY_HOLIDAYS;
		return edit_holidays(p, key[9] == 'a', value, err);
	}
	if (key_id >= 0) {
		*k = (enum policy_key)key_id;
		return policy_set_value(p, *k, value, err);
	}
	for (int i = 0; i < POLICY_KEY_COUNT; i++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s, ",
		                        keys[i].name);
	quote(key ? key : "", q, sizeof q);
	return irt_err_set(err, IRT_ERR_INVALID,
	                   "unknown policy key \"%s\" (keys: %sholidays.add, "
	                   "holidays.remove)",
	                   q, list);
}

/* ---- history ------------------------------------------------------ */

void policy_history_init(struct policy_history *h, const struct policy *p)
{
	h->items = xcalloc(1, sizeof *h->items);
	h->count = 1;
	h->items[0].policy = *p;
}

enum irt_status policy_history_replay(struct policy_history *h,
                                      const struct event_list *events,
                                      struct irt_err *err)
{
	struct policy p;

	policy_defaults(&p);
	policy_history_init(h, &p);
	h->items = xrealloc(h->items, (events->count + 1) * sizeof *h->items);
	for (size_t i = 0; i < events->count; i++) {
		const struct event *ev = &events->items[i];
		int k = policy_key_parse(ev->field);
		struct policy_version *v = &h->items[h->count];

		if (k < 0)
			continue; /* a key of a newer irt: not ours to apply */
		if (policy_load_value(&p, (enum policy_key)k, ev->new_value,
		                      NULL) != IRT_OK)
			return irt_err_set(err, IRT_ERR_CORRUPT,
			                   "policy change %ld: %s cannot be "
			                   "\"%.40s\" (on this system)",
			                   ev->seq, ev->field, ev->new_value);
		v->from_ms = ev->at_ms;
		v->recorded_ms = ev->recorded_ms;
		v->seq = ev->seq;
		v->policy = p;
		h->count++;
	}
	return IRT_OK;
}

void policy_history_free(struct policy_history *h)
{
	if (!h)
		return;
	free(h->items);
	h->items = NULL;
	h->count = 0;
}

const struct policy *policy_history_at(const struct policy_history *h,
                                       int64_t ms)
{
	/* The newest change recorded at or before ms; the defaults if none.
	 * Times ascend with seq unless hosts' clocks disagree; then the
	 * later change (by seq) that is not after ms wins. */
	for (size_t i = h->count; i-- > 1;)
		if (h->items[i].recorded_ms <= ms)
			return &h->items[i].policy;
	return &h->items[0].policy;
}

const struct policy_version *
policy_history_in_force(const struct policy_history *h, int64_t ms)
{
	/* Effective dates ascend with seq (tracker_policy_set refuses
	 * one before its predecessor's); the same tie rule as above. */
	for (size_t i = h->count; i-- > 1;)
		if (h->items[i].from_ms <= ms)
			return &h->items[i];
	return &h->items[0];
}

const struct policy_version *
policy_history_version(const struct policy_history *h, long seq)
{
	for (size_t i = 0; i < h->count; i++)
		if (h->items[i].seq == seq)
			return &h->items[i];
	return NULL;
}

const struct policy *policy_history_current(const struct policy_history *h)
{
	return &h->items[h->count - 1].policy;
}

int policy_timeline_check(const struct event_list *events,
                          const struct policy *stored, char *what, size_t size)
{
	struct policy p;
	char prev[EVENT_HASH_LEN + 1], hash[EVENT_HASH_LEN + 1];
	char *old = xmalloc(POLICY_VALUE_MAX);
	int64_t prev_at = 0;
	int rc = -1;

	policy_defaults(&p);
	memcpy(prev, chain_genesis, sizeof prev);
	for (size_t i = 0; i < events->count; i++) {
		const struct event *ev = &events->items[i];
		int k = policy_key_parse(ev->field);

		if (ev->seq != (long)i + 1) {
			snprintf(what, size,
			         "policy change %zu: sequence number %ld",
			         i + 1, ev->seq);
			goto out;
		}
		if (strcmp(ev->prev_hash, prev) != 0) {
			snprintf(what, size,
			         "policy change %ld: does not follow the one "
			         "before it (a change was removed or "
			         "inserted)",
			         ev->seq);
			goto out;
		}
		chain_hash(ev, hash);
		if (strcmp(hash, ev->hash) != 0) {
			snprintf(what, size,
			         "policy change %ld: its content does not "
			         "match its hash (edited after it was "
			         "recorded)",
			         ev->seq);
			goto out;
		}
		if (strcmp(ev->kind, "policy") != 0 ||
		    strcmp(ev->incident_uuid, POLICY_CHAIN_UUID) != 0) {
			snprintf(what, size,
			         "policy change %ld: not a policy change",
			         ev->seq);
			goto out;
		}
		if (ev->at_ms > ev->recorded_ms + RULES_SKEW_MS) {
			snprintf(what, size,
			         "policy change %ld: effective after it was "
			         "recorded (in the future)",
			         ev->seq);
			goto out;
		}
		/* A back-dated version may not reach under the one before
		 * it (policy.h). Versions recorded as they took effect are
		 * not held to it: hosts' clocks may disagree a little. */
		if (ev->at_ms < ev->recorded_ms && ev->at_ms < prev_at) {
			snprintf(what, size,
			         "policy change %ld: effective before change "
			         "%ld, the one before it",
			         ev->seq, ev->seq - 1);
			goto out;
		}
		prev_at = ev->at_ms;
		if (k < 0) {
			/* A key of a newer irt: its hash is checked above;
			 * its values are not ours to judge. */
			memcpy(prev, ev->hash, sizeof prev);
			continue;
		}
		policy_format_value(&p, (enum policy_key)k, old,
		                    POLICY_VALUE_MAX);
		if (strcmp(old, ev->old_value) != 0) {
			snprintf(what, size,
			         "policy change %ld: %s was \"%.40s\" before "
			         "it, not \"%.40s\"",
			         ev->seq, ev->field, old, ev->old_value);
			goto out;
		}
		if (policy_load_value(&p, (enum policy_key)k, ev->new_value,
		                      NULL) != IRT_OK) {
			snprintf(what, size,
			         "policy change %ld: %s cannot be \"%.40s\"",
			         ev->seq, ev->field, ev->new_value);
			goto out;
		}
		memcpy(prev, ev->hash, sizeof prev);
	}
	if (stored && !policy_equal(&p, stored)) {
		snprintf(what, size,
		         "the stored policy differs from its timeline (changed "
		         "behind irt's back)");
		goto out;
	}
	rc = 0;
out:
	free(old);
	return rc;
}
