/*
 * cvss.c - parsing, normalising and scoring CVSS v3.0, v3.1 and v4.0
 * vectors (cvss.h, DESIGN §3).
 *
 * One table-driven parser serves every version: each version has a table
 * of its metrics in specification order, with their allowed values and
 * whether they are mandatory. Parsing fills one byte per metric with the
 * first character of its value ('X' when absent), which is unique within
 * a metric, so the scoring code below reads like the specification's
 * tables. The normalised vector is written from the same table. A v4.0
 * vector must list its metrics in that order; that is checked once all
 * of it has parsed, so that the refusal can give the vector in order.
 *
 * The arithmetic follows the reference calculators operation by
 * operation (FIRST's cvsscalc30.js and cvsscalc31.js; for v4.0 cvss40.js
 * of RedHatProductSecurity/cvss-v4-calculator, the maintained reference
 * FIRST's v4.0 calculator comes from, whose tables are those of FIRST's
 * cvss_lookup.js, max_composed.js and max_severity.js), in IEEE double
 * precision as JavaScript does, so that scores agree with them to the
 * last digit and not merely with the formulas on paper. Where the order
 * of operations matters it is kept as in those files.
 *
 * Nothing here keeps state; messages go into the caller's struct irt_err.
 */
#include "irt/cvss.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* How many bytes of the input a message quotes at most. */
#define QUOTE_MAX 40
/* Enough for QUOTE_MAX bytes, each escaped as \xNN, and "...". */
#define QUOTE_BUFSZ (QUOTE_MAX * 4 + 8)
/* The most metrics a version has (v4.0: 32). */
#define MAX_METRICS 32

struct metric_def {
	const char *name;
	/* Allowed values, NULL-terminated; optional metrics start with X.
	 * Their first characters differ. */
	const char *values[6];
	bool mandatory;
};

struct version_def {
	enum cvss_version version;
	const char *name;   /* "3.1" */
	const char *prefix; /* "CVSS:3.1" */
	const struct metric_def *metrics;
	int n_metrics;
};

/* A parsed vector: per metric of def, its value's first character, or
 * 'X' when absent or Not Defined, and whether the vector names it (with
 * any value, X included); and the metrics named, in the vector's order
 * (each at most once, so there are at most MAX_METRICS). */
struct parsed {
	const struct version_def *def;
	char val[MAX_METRICS];
	bool named[MAX_METRICS];
	int order[MAX_METRICS];
	int n_named;
};

/* ---------------------------------------------------------------------
 * Metric tables, in the order of the vector string sections of the
 * specifications.
 */

// clang-format off
enum {
	V3_AV, V3_AC, V3_PR, V3_UI, V3_S, V3_C, V3_I, V3_A,
	V3_E, V3_RL, V3_RC,
	V3_CR, V3_IR, V3_AR, V3_MAV, V3_MAC, V3_MPR, V3_MUI, V3_MS,
	V3_MC, V3_MI, V3_MA,
	V3_COUNT
};
// clang-format on

static const struct metric_def v3_metrics[V3_COUNT] = {
    [V3_AV] = {"AV", {"N", "A", "L", "P"}, true},
    [V3_AC] = {"AC", {"L", "H"}, true},
    [V3_PR] = {"PR", {"N", "L", "H"}, true},
    [V3_UI] = {"UI", {"N", "R"}, true},
    [V3_S] = {"S", {"U", "C"}, true},
    [V3_C] = {"C", {"H", "L", "N"}, true},
    [V3_I] = {"I", {"H", "L", "N"}, true},
    [V3_A] = {"A", {"H", "L", "N"}, true},
    [V3_E] = {"E", {"X", "H", "F", "P", "U"}, false},
    [V3_RL] = {"RL", {"X", "U", "W", "T", "O"}, false},
    [V3_RC] = {"RC", {"X", "C", "R", "U"}, false},
    [V3_CR] = {"CR", {"X", "H", "M", "L"}, false},
    [V3_IR] = {"IR", {"X", "H", "M", "L"}, false},
    [V3_AR] = {"AR", {"X", "H", "M", "L"}, false},
    [V3_MAV] = {"MAV", {"X", "N", "A", "L", "P"}, false},
    [V3_MAC] = {"MAC", {"X", "L", "H"}, false},
    [V3_MPR] = {"MPR", {"X", "N", "L", "H"}, false},
    [V3_MUI] = {"MUI", {"X", "N", "R"}, false},
    [V3_MS] = {"MS", {"X", "U", "C"}, false},
    [V3_MC] = {"MC", {"X", "H", "L", "N"}, false},
    [V3_MI] = {"MI", {"X", "H", "L", "N"}, false},
    [V3_MA] = {"MA", {"X", "H", "L", "N"}, false},
};

/* The base metrics AV..SA and their modified forms MAV..MSA are in the
 * same order, so M(x) = x + V4_MODIFIED. */
// clang-format off
enum {
	V4_AV, V4_AC, V4_AT, V4_PR, V4_UI, V4_VC, V4_VI, V4_VA,
	V4_SC, V4_SI, V4_SA,
	V4_E,
	V4_CR, V4_IR, V4_AR,
	V4_MAV, V4_MAC, V4_MAT, V4_MPR, V4_MUI, V4_MVC, V4_MVI, V4_MVA,
	V4_MSC, V4_MSI, V4_MSA,
	V4_S, V4_AU, V4_R, V4_V, V4_RE, V4_U,
	V4_COUNT,
	V4_MODIFIED = V4_MAV - V4_AV
};
// clang-format on

static const struct metric_def v4_metrics[V4_COUNT] = {
    [V4_AV] = {"AV", {"N", "A", "L", "P"}, true},
    [V4_AC] = {"AC", {"L", "H"}, true},
    [V4_AT] = {"AT", {"N", "P"}, true},
    [V4_PR] = {"PR", {"N", "L", "H"}, true},
    [V4_UI] = {"UI", {"N", "P", "A"}, true},
    [V4_VC] = {"VC", {"H", "L", "N"}, true},
    [V4_VI] = {"VI", {"H", "L", "N"}, true},
    [V4_VA] = {"VA", {"H", "L", "N"}, true},
    [V4_SC] = {"SC", {"H", "L", "N"}, true},
    [V4_SI] = {"SI", {"H", "L", "N"}, true},
    [V4_SA] = {"SA", {"H", "L", "N"}, true},
    [V4_E] = {"E", {"X", "A", "P", "U"}, false},
    [V4_CR] = {"CR", {"X", "H", "M", "L"}, false},
    [V4_IR] = {"IR", {"X", "H", "M", "L"}, false},
    [V4_AR] = {"AR", {"X", "H", "M", "L"}, false},
    [V4_MAV] = {"MAV", {"X", "N", "A", "L", "P"}, false},
    [V4_MAC] = {"MAC", {"X", "L", "H"}, false},
    [V4_MAT] = {"MAT", {"X", "N", "P"}, false},
    [V4_MPR] = {"MPR", {"X", "N", "L", "H"}, false},
    [V4_MUI] = {"MUI", {"X", "N", "P", "A"}, false},
    [V4_MVC] = {"MVC", {"X", "H", "L", "N"}, false},
    [V4_MVI] = {"MVI", {"X", "H", "L", "N"}, false},
    [V4_MVA] = {"MVA", {"X", "H", "L", "N"}, false},
    [V4_MSC] = {"MSC", {"X", "H", "L", "N"}, false},
    [V4_MSI] = {"MSI", {"X", "S", "H", "L", "N"}, false},
    [V4_MSA] = {"MSA", {"X", "S", "H", "L", "N"}, false},
    [V4_S] = {"S", {"X", "N", "P"}, false},
    [V4_AU] = {"AU", {"X", "N", "Y"}, false},
    [V4_R] = {"R", {"X", "A", "U", "I"}, false},
    [V4_V] = {"V", {"X", "D", "C"}, false},
    [V4_RE] = {"RE", {"X", "L", "M", "H"}, false},
    [V4_U] = {"U", {"X", "Clear", "Green", "Amber", "Red"}, false},
};

static const struct version_def versions[] = {
    {CVSS_V30, "3.0", "CVSS:3.0", v3_metrics, V3_COUNT},
    {CVSS_V31, "3.1", "CVSS:3.1", v3_metrics, V3_COUNT},
    {CVSS_V40, "4.0", "CVSS:4.0", v4_metrics, V4_COUNT},
};

/* ---------------------------------------------------------------------
 * Parsing
 */

/* Writes at most QUOTE_MAX bytes of s[0..n) into buf (QUOTE_BUFSZ bytes)
 * with every byte outside printable ASCII, '"' and '\\' as \xNN, and
 * "..." when cut. */
static const char *quote(char *buf, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char *p = buf;

	for (size_t i = 0; i < n && i < QUOTE_MAX; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
			*p++ = '\\';
			*p++ = 'x';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 0xf];
		} else {
			*p++ = (char)c;
		}
	}
	if (n > QUOTE_MAX) {
		memcpy(p, "...", 3);
		p += 3;
	}
	*p = '\0';
	return buf;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/* Whether the NUL-terminated name is exactly s[0..n). */
static bool same(const char *name, const char *s, size_t n)
{
	return name[0] == s[0] && strncmp(name, s, n) == 0 && name[n] == '\0';
}

/* The index of the metric called name[0..n) in def, or -1. The search
 * starts at `from` and wraps around: vectors mostly come in specification
 * order, so starting after the previous metric usually finds the next
 * one at once. */
static int find_metric(const struct version_def *def, const char *name,
                       size_t n, int from)
{
	if (n == 0)
		return -1;
	for (int k = 0; k < def->n_metrics; k++) {
		int i = (from + k) % def->n_metrics;

		if (same(def->metrics[i].name, name, n))
			return i;
	}
	return -1;
}

/* The value value[0..n) of metric m, as its first character, or 0. */
static char find_value(const struct metric_def *m, const char *value, size_t n)
{
	if (n == 0)
		return 0;
	for (int i = 0; m->values[i]; i++)
		if (same(m->values[i], value, n))
			return value[0];
	return 0;
}

/* "N, A, L or P" for metric m into buf. */
static const char *list_values(char *buf, size_t size,
                               const struct metric_def *m)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; m->values[i]; i++) {
		const char *sep = i == 0             ? ""
		                  : m->values[i + 1] ? ", "
		                                     : " or ";

		len += (size_t)snprintf(buf + len, size - len, "%s%s", sep,
		                        m->values[i]);
		if (len >= size)
			break;
	}
	return buf;
}

/* Reads the prefix "CVSS:x.y" at text[0..n) into p->def; returns its
 * length. */
static enum irt_status parse_prefix(const char *text, size_t n,
                                    struct parsed *p, size_t *len,
                                    struct irt_err *err)
{
	char q[QUOTE_BUFSZ];
	size_t vlen;

	if (n < 5 || memcmp(text, "CVSS:", 5) != 0)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "missing CVSS prefix: a vector starts with "
		                   "CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/ "
		                   "(CVSS v2 is not supported)");
	for (vlen = 0; 5 + vlen < n && text[5 + vlen] != '/'; vlen++)
		;
	for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
		if (strlen(versions[i].name) == vlen &&
		    memcmp(versions[i].name, text + 5, vlen) == 0) {
			p->def = &versions[i];
			*len = 5 + vlen;
			return IRT_OK;
		}
	}
	return irt_err_set(err, IRT_ERR_INVALID,
	                   "wrong CVSS prefix: version \"%s\" is not 3.0, 3.1 "
	                   "or 4.0",
	                   quote(q, text + 5, vlen));
}

/* Reads one "METRIC:VALUE" component c[0..n) into p; *last is the index
 * of the metric read before, and then of this one. */
static enum irt_status parse_metric(const char *c, size_t n, struct parsed *p,
                                    int *last, struct irt_err *err)
{
	const struct version_def *def = p->def;
	char q[QUOTE_BUFSZ], values[64];
	const char *colon = memchr(c, ':', n);
	size_t name_len, value_len;
	int m;
	char v;

	if (n == 0)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "malformed CVSS vector: an empty metric "
		                   "(\"//\" or a \"/\" at the end)");
	if (!colon)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "malformed CVSS vector: \"%s\" is not "
		                   "METRIC:VALUE",
		                   quote(q, c, n));
	name_len = (size_t)(colon - c);
	value_len = n - name_len - 1;
	m = find_metric(def, c, name_len, *last + 1);
	if (m < 0)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "unknown metric \"%s\" in a CVSS %s vector",
		                   quote(q, c, name_len), def->name);
	if (p->val[m])
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "duplicated metric %s: it may be given "
		                   "only once",
		                   def->metrics[m].name);
	v = find_value(&def->metrics[m], colon + 1, value_len);
	if (!v)
		return irt_err_set(
		    err, IRT_ERR_INVALID,
		    "bad value \"%s\" for metric %s (it takes %s)",
		    quote(q, colon + 1, value_len), def->metrics[m].name,
		    list_values(values, sizeof values, &def->metrics[m]));
	p->val[m] = v;
	p->named[m] = true;
	p->order[p->n_named++] = m;
	*last = m;
	return IRT_OK;
}

/* Appends text to buf[*len..), keeping buf (CVSS_VECTOR_MAX bytes)
 * NUL-terminated; what does not fit is dropped (nothing is that long). */
static void append(char *buf, size_t *len, const char *text)
{
	size_t n = strlen(text);

	if (n > CVSS_VECTOR_MAX - 1 - *len)
		n = CVSS_VECTOR_MAX - 1 - *len;
	memcpy(buf + *len, text, n);
	*len += n;
	buf[*len] = '\0';
}

/* Appends "/NAME:VALUE" for metric m with the value whose first
 * character is v. */
static void append_metric(char *buf, size_t *len, const struct metric_def *m,
                          char v)
{
	for (int k = 0; m->values[k]; k++) {
		if (m->values[k][0] != v)
			continue;
		append(buf, len, "/");
		append(buf, len, m->name);
		append(buf, len, ":");
		append(buf, len, m->values[k]);
	}
}

/*
 * The first metric of p, in the vector's order, that is out of the
 * specification's order, or -1 when none is. The metrics of a longest
 * subsequence in specification order are in place, the others out of
 * place; of several such subsequences the one keeping later metrics is
 * taken, so that of two swapped neighbours the first is named, and a
 * metric moved far away is named rather than all those it jumped over.
 */
static int first_out_of_order(const struct parsed *p)
{
	const int *order = p->order;
	int n = p->n_named, longest = 0, prev = -1, from = 0;
	int run[MAX_METRICS]; /* longest in-order subsequence from i on */
	bool kept[MAX_METRICS] = {false};

	for (int i = n - 1; i >= 0; i--) {
		run[i] = 1;
		for (int j = i + 1; j < n; j++)
			if (order[j] > order[i] && run[j] + 1 > run[i])
				run[i] = run[j] + 1;
		if (run[i] > longest)
			longest = run[i];
	}
	if (longest == n)
		return -1;
	for (int need = longest; need > 0; need--) {
		int pick = from;

		for (int j = from; j < n; j++)
			if (order[j] > prev && run[j] == need)
				pick = j;
		kept[pick] = true;
		prev = order[pick];
		from = pick + 1;
	}
	for (int i = 0; i < n; i++)
		if (!kept[i])
			return order[i];
	return -1;
}

/*
 * A v4.0 vector must list its metrics in the specification's order
 * ("every other ordering is invalid", section 7; the reference calculator
 * refuses any other too). Refuses p when it does not, naming the first
 * metric out of place and giving the vector in order, with its metrics
 * and values as given, for the user to copy.
 */
static enum irt_status check_order(const struct parsed *p, struct irt_err *err)
{
	const struct version_def *def = p->def;
	char names[MAX_METRICS * 6] = "", in_order[CVSS_VECTOR_MAX] = "";
	size_t len = 0;
	int m = first_out_of_order(p);

	if (m < 0)
		return IRT_OK;
	for (int i = 0; i < def->n_metrics; i++) {
		strcat(names, i ? ", " : "");
		strcat(names, def->metrics[i].name);
	}
	append(in_order, &len, def->prefix);
	for (int i = 0; i < def->n_metrics; i++)
		if (p->named[i])
			append_metric(in_order, &len, &def->metrics[i],
			              p->val[i]);
	return irt_err_set(err, IRT_ERR_INVALID,
	                   "metric %s is out of order (the specification's "
	                   "order: %s); in order: %s",
	                   def->metrics[m].name, names, in_order);
}

/* Parses the whole vector text[0..n), blanks already trimmed. */
static enum irt_status parse(const char *text, size_t n, struct parsed *p,
                             struct irt_err *err)
{
	enum irt_status status;
	size_t pos = 0, n_missing = 0;
	int last = -1;
	char missing[MAX_METRICS * 4 + 1] = "";

	memset(p, 0, sizeof *p);
	if (n == 0)
		return irt_err_set(err, IRT_ERR_INVALID, "empty CVSS vector");
	status = parse_prefix(text, n, p, &pos, err);
	if (status != IRT_OK)
		return status;
	/* After the prefix: nothing, or "/" and components split by "/". */
	while (pos < n) {
		const char *c = text + pos + 1;
		const char *end = memchr(c, '/', n - pos - 1);
		size_t len = end ? (size_t)(end - c) : n - pos - 1;

		status = parse_metric(c, len, p, &last, err);
		if (status != IRT_OK)
			return status;
		pos += 1 + len;
	}
	for (int i = 0; i < p->def->n_metrics; i++) {
		if (p->val[i])
			continue;
		if (p->def->metrics[i].mandatory) {
			strcat(missing, n_missing ? ", " : "");
			strcat(missing, p->def->metrics[i].name);
			n_missing++;
		}
		p->val[i] = 'X';
	}
	if (n_missing)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "missing mandatory metric%s %s",
		                   n_missing > 1 ? "s" : "", missing);
	/* v3.x metrics may come in any order: the specifications require
	 * readers to accept that. */
	if (p->def->version == CVSS_V40)
		return check_order(p, err);
	return IRT_OK;
}

/* Whether p names any of the metrics first..last (X counts). */
static bool named_any(const struct parsed *p, int first, int last)
{
	for (int i = first; i <= last; i++)
		if (p->named[i])
			return true;
	return false;
}

/* Whether any of the metrics first..last of p has a value other than X. */
static bool given_any(const struct parsed *p, int first, int last)
{
	for (int i = first; i <= last; i++)
		if (p->val[i] != 'X')
			return true;
	return false;
}

/*
 * Whether the normalised vector keeps metric i of a v3 vector as X: the
 * first metric of the temporal or environmental group (E, CR) when the
 * group is named with X values alone. Naming a group gives the vector
 * that group's score (score_v3), so the normalised vector must still
 * name it; one X says so, and every way of naming it normalises alike.
 */
static bool v3_keeps_x(const struct parsed *p, int i)
{
	if (p->def->version == CVSS_V40)
		return false;
	if (i == V3_E)
		return named_any(p, V3_E, V3_RC) && !given_any(p, V3_E, V3_RC);
	if (i == V3_CR)
		return named_any(p, V3_CR, V3_MA) &&
		       !given_any(p, V3_CR, V3_MA);
	return false;
}

/* The normalised vector of p into buf (CVSS_VECTOR_MAX bytes). */
static void normalise(const struct parsed *p, char *buf)
{
	const struct version_def *def = p->def;
	size_t len = 0;

	buf[0] = '\0';
	append(buf, &len, def->prefix);
	for (int i = 0; i < def->n_metrics; i++) {
		const struct metric_def *m = &def->metrics[i];

		if (p->val[i] == 'X' && !v3_keeps_x(p, i))
			continue;
		append_metric(buf, &len, m, p->val[i]);
	}
}

/* ---------------------------------------------------------------------
 * CVSS v3.0 and v3.1 (the specifications' equations; cvsscalc30.js and
 * cvsscalc31.js)
 */

/* JavaScript's Math.round for the non-negative values met here: to the
 * nearest integer, halves up. (floor(x + 0.5) is wrong for the double
 * just below 0.5.) */
static double js_round(double x)
{
	double r = floor(x);

	return x - r >= 0.5 ? r + 1 : r;
}

/* v3.1 Appendix A: round up to one decimal, in integers, so that
 * 1 - 0.58 = 0.42000000000000004 does not round up to 0.5. */
static double roundup31(double x)
{
	long long i = (long long)js_round(x * 100000.0);

	if (i % 10000 == 0)
		return (double)i / 100000.0;
	return (double)(i / 10000 + 1) / 10.0;
}

/* v3.0's Round up: the smallest number, to one decimal, not below x. */
static double roundup30(double x)
{
	return ceil(x * 10.0) / 10.0;
}

static double w_av(char v)
{
	switch (v) {
	case 'N':
		return 0.85;
	case 'A':
		return 0.62;
	case 'L':
		return 0.55;
	default: /* P */
		return 0.2;
	}
}

static double w_ac(char v)
{
	return v == 'L' ? 0.77 : 0.44;
}

/* Privileges Required weighs more when the scope changes. */
static double w_pr(char v, char scope)
{
	switch (v) {
	case 'N':
		return 0.85;
	case 'L':
		return scope == 'C' ? 0.68 : 0.62;
	default: /* H */
		return scope == 'C' ? 0.5 : 0.27;
	}
}

static double w_ui(char v)
{
	return v == 'N' ? 0.85 : 0.62;
}

/* Confidentiality, Integrity and Availability impacts. */
static double w_cia(char v)
{
	return v == 'H' ? 0.56 : v == 'L' ? 0.22 : 0;
}

static double w_e(char v)
{
	switch (v) {
	case 'U':
		return 0.91;
	case 'P':
		return 0.94;
	case 'F':
		return 0.97;
	default: /* H, X */
		return 1;
	}
}

static double w_rl(char v)
{
	switch (v) {
	case 'O':
		return 0.95;
	case 'T':
		return 0.96;
	case 'W':
		return 0.97;
	default: /* U, X */
		return 1;
	}
}

static double w_rc(char v)
{
	return v == 'U' ? 0.92 : v == 'R' ? 0.96 : 1;
}

/* Confidentiality, Integrity and Availability Requirements. */
static double w_req(char v)
{
	return v == 'L' ? 0.5 : v == 'H' ? 1.5 : 1;
}

/* A modified metric's value, or its base metric's when Not Defined. */
static char v3_mod(const char *val, int modified, int base)
{
	return val[modified] != 'X' ? val[modified] : val[base];
}

static void score_v3(const struct parsed *p, struct cvss_result *out)
{
	const char *val = p->val;
	bool v31 = p->def->version == CVSS_V31;
	double (*roundup)(double) = v31 ? roundup31 : roundup30;
	char s = val[V3_S], ms = v3_mod(val, V3_MS, V3_S);
	double iss, impact, expl, base, miss, mimpact, mexpl, env, temporal;
	double e = w_e(val[V3_E]), rl = w_rl(val[V3_RL]), rc = w_rc(val[V3_RC]);

	/* Base score. */
	iss = 1 - ((1 - w_cia(val[V3_C])) * (1 - w_cia(val[V3_I])) *
	           (1 - w_cia(val[V3_A])));
	if (s == 'U')
		impact = 6.42 * iss;
	else
		impact = 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15);
	expl = 8.22 * w_av(val[V3_AV]) * w_ac(val[V3_AC]) *
	       w_pr(val[V3_PR], s) * w_ui(val[V3_UI]);
	if (impact <= 0)
		base = 0;
	else if (s == 'U')
		base = roundup(fmin(expl + impact, 10));
	else
		base = roundup(fmin(1.08 * (expl + impact), 10));

	/* Temporal score. */
	temporal = roundup(base * e * rl * rc);

	/* Environmental score: the modified metrics, weighted by the
	 * security requirements; v3.1 changed the scope-changed impact. */
	miss = fmin(
	    1 - ((1 - w_cia(v3_mod(val, V3_MC, V3_C)) * w_req(val[V3_CR])) *
	         (1 - w_cia(v3_mod(val, V3_MI, V3_I)) * w_req(val[V3_IR])) *
	         (1 - w_cia(v3_mod(val, V3_MA, V3_A)) * w_req(val[V3_AR]))),
	    0.915);
	if (ms == 'U')
		mimpact = 6.42 * miss;
	else if (v31)
		mimpact = 7.52 * (miss - 0.029) -
		          3.25 * pow(miss * 0.9731 - 0.02, 13);
	else
		mimpact = 7.52 * (miss - 0.029) - 3.25 * pow(miss - 0.02, 15);
	mexpl = 8.22 * w_av(v3_mod(val, V3_MAV, V3_AV)) *
	        w_ac(v3_mod(val, V3_MAC, V3_AC)) *
	        w_pr(v3_mod(val, V3_MPR, V3_PR), ms) *
	        w_ui(v3_mod(val, V3_MUI, V3_UI));
	if (mimpact <= 0)
		env = 0;
	else if (ms == 'U')
		env = roundup(roundup(fmin(mimpact + mexpl, 10)) * e * rl * rc);
	else
		env = roundup(roundup(fmin(1.08 * (mimpact + mexpl), 10)) * e *
		              rl * rc);

	/* A group's score is reported when the vector names any metric of
	 * it, even as X (FIRST's calculator always shows all three); the
	 * score is the most specific one reported. */
	out->base = base;
	out->temporal = -1;
	out->environmental = -1;
	out->score = base;
	if (named_any(p, V3_E, V3_RC))
		out->score = out->temporal = temporal;
	if (named_any(p, V3_CR, V3_MA))
		out->score = out->environmental = env;
}

/* ---------------------------------------------------------------------
 * CVSS v4.0 (the specification's MacroVector scoring; the reference
 * calculator's cvss40.js, with the tables of FIRST's cvss_lookup.js,
 * max_composed.js and max_severity.js)
 */

/* The score of each MacroVector, from cvss_lookup.js: the row is
 * ((EQ1 * 2 + EQ2) * 3 + EQ3) * 3 + EQ4 (the comment shows EQ1..EQ4), the
 * column EQ5 * 2 + EQ6. EQ3 = 2 with EQ6 = 0 cannot happen (EQ6 = 0
 * needs a High impact, which EQ3 = 2 rules out): NO_MV. */
#define NO_MV (-1.0)

// clang-format off
static const double v4_macro_scores[54][6] = {
	/* EQ1 EQ2 EQ3 EQ4; columns EQ5 EQ6 = 00, 01, 10, 11, 20, 21 */
	/* 0 0 0 0 */ { 10.0,   9.9,   9.8,   9.5,   9.5,   9.2},
	/* 0 0 0 1 */ { 10.0,   9.6,   9.3,   8.7,   9.1,   8.1},
	/* 0 0 0 2 */ {  9.3,   9.0,   8.9,   8.0,   8.1,   6.8},
	/* 0 0 1 0 */ {  9.8,   9.5,   9.5,   9.2,   9.0,   8.4},
	/* 0 0 1 1 */ {  9.3,   9.2,   8.9,   8.1,   8.1,   6.5},
	/* 0 0 1 2 */ {  8.8,   8.0,   7.8,   7.0,   6.9,   4.8},
	/* 0 0 2 0 */ {NO_MV,   9.2, NO_MV,   8.2, NO_MV,   7.2},
	/* 0 0 2 1 */ {NO_MV,   7.9, NO_MV,   6.9, NO_MV,   5.0},
	/* 0 0 2 2 */ {NO_MV,   6.9, NO_MV,   5.5, NO_MV,   2.7},
	/* 0 1 0 0 */ {  9.9,   9.7,   9.5,   9.2,   9.2,   8.5},
	/* 0 1 0 1 */ {  9.5,   9.1,   9.0,   8.3,   8.4,   7.1},
	/* 0 1 0 2 */ {  9.2,   8.1,   8.2,   7.1,   7.2,   5.3},
	/* 0 1 1 0 */ {  9.5,   9.3,   9.2,   8.5,   8.5,   7.3},
	/* 0 1 1 1 */ {  9.2,   8.2,   8.0,   7.2,   7.0,   5.9},
	/* 0 1 1 2 */ {  8.4,   7.0,   7.1,   5.2,   5.0,   3.0},
	/* 0 1 2 0 */ {NO_MV,   8.6, NO_MV,   7.5, NO_MV,   5.2},
	/* 0 1 2 1 */ {NO_MV,   7.1, NO_MV,   5.2, NO_MV,   2.9},
	/* 0 1 2 2 */ {NO_MV,   6.3, NO_MV,   2.9, NO_MV,   1.7},
	/* 1 0 0 0 */ {  9.8,   9.5,   9.4,   8.7,   9.1,   8.1},
	/* 1 0 0 1 */ {  9.4,   8.9,   8.6,   7.4,   7.7,   6.4},
	/* 1 0 0 2 */ {  8.7,   7.5,   7.4,   6.3,   6.3,   4.9},
	/* 1 0 1 0 */ {  9.4,   8.9,   8.8,   7.7,   7.6,   6.7},
	/* 1 0 1 1 */ {  8.6,   7.6,   7.4,   5.8,   5.9,   5.0},
	/* 1 0 1 2 */ {  7.2,   5.7,   5.7,   5.2,   5.2,   2.5},
	/* 1 0 2 0 */ {NO_MV,   8.3, NO_MV,   7.0, NO_MV,   5.4},
	/* 1 0 2 1 */ {NO_MV,   6.5, NO_MV,   5.8, NO_MV,   2.6},
	/* 1 0 2 2 */ {NO_MV,   5.3, NO_MV,   2.1, NO_MV,   1.3},
	/* 1 1 0 0 */ {  9.5,   9.0,   8.8,   7.6,   7.6,   7.0},
	/* 1 1 0 1 */ {  9.0,   7.7,   7.5,   6.2,   6.1,   5.3},
	/* 1 1 0 2 */ {  7.7,   6.6,   6.8,   5.9,   5.2,   3.0},
	/* 1 1 1 0 */ {  8.9,   7.8,   7.6,   6.7,   6.2,   5.8},
	/* 1 1 1 1 */ {  7.4,   5.9,   5.7,   5.7,   4.7,   2.3},
	/* 1 1 1 2 */ {  6.1,   5.2,   5.7,   2.9,   2.4,   1.6},
	/* 1 1 2 0 */ {NO_MV,   7.1, NO_MV,   5.9, NO_MV,   3.0},
	/* 1 1 2 1 */ {NO_MV,   5.8, NO_MV,   2.6, NO_MV,   1.5},
	/* 1 1 2 2 */ {NO_MV,   2.3, NO_MV,   1.3, NO_MV,   0.6},
	/* 2 0 0 0 */ {  9.3,   8.7,   8.6,   7.2,   7.5,   5.8},
	/* 2 0 0 1 */ {  8.6,   7.4,   7.4,   6.1,   5.6,   3.4},
	/* 2 0 0 2 */ {  7.0,   5.4,   5.2,   4.0,   4.0,   2.2},
	/* 2 0 1 0 */ {  8.5,   7.5,   7.4,   5.5,   6.2,   5.1},
	/* 2 0 1 1 */ {  7.2,   5.7,   5.5,   4.1,   4.6,   1.9},
	/* 2 0 1 2 */ {  5.3,   3.6,   3.4,   1.9,   1.9,   0.8},
	/* 2 0 2 0 */ {NO_MV,   6.4, NO_MV,   5.1, NO_MV,   2.0},
	/* 2 0 2 1 */ {NO_MV,   4.7, NO_MV,   2.1, NO_MV,   1.1},
	/* 2 0 2 2 */ {NO_MV,   2.4, NO_MV,   0.9, NO_MV,   0.4},
	/* 2 1 0 0 */ {  8.8,   7.5,   7.3,   5.3,   6.0,   5.0},
	/* 2 1 0 1 */ {  7.3,   5.5,   5.9,   4.0,   4.1,   2.0},
	/* 2 1 0 2 */ {  5.4,   4.3,   4.5,   2.2,   2.0,   1.1},
	/* 2 1 1 0 */ {  7.5,   5.5,   5.8,   4.5,   4.0,   2.1},
	/* 2 1 1 1 */ {  6.1,   5.1,   4.8,   1.8,   2.0,   0.9},
	/* 2 1 1 2 */ {  4.6,   1.8,   1.7,   0.7,   0.8,   0.2},
	/* 2 1 2 0 */ {NO_MV,   5.3, NO_MV,   2.4, NO_MV,   1.4},
	/* 2 1 2 1 */ {NO_MV,   2.4, NO_MV,   1.2, NO_MV,   0.5},
	/* 2 1 2 2 */ {NO_MV,   1.0, NO_MV,   0.3, NO_MV,   0.1},
};
// clang-format on

/* The MacroVector score for eq[0..5], or NO_MV when there is none (an EQ
 * level past its last, or EQ3 = 2 with EQ6 = 0). */
static double v4_macro_score(const int eq[6])
{
	static const int levels[6] = {3, 2, 3, 3, 3, 2};

	for (int i = 0; i < 6; i++)
		if (eq[i] >= levels[i])
			return NO_MV;
	return v4_macro_scores[((eq[0] * 2 + eq[1]) * 3 + eq[2]) * 3 + eq[3]]
	                      [eq[4] * 2 + eq[5]];
}

/* The highest-severity vectors of each MacroVector level
 * (max_composed.js), as metric values in the order of the comment. */
static const char *const v4_max_eq1[3][3] = {
    /* AV PR UI */
    {"NNN"},
    {"ANN", "NLN", "NNP"},
    {"PNN", "ALP"},
};
static const char *const v4_max_eq2[2][2] = {
    /* AC AT */
    {"LN"},
    {"HN", "LP"},
};
static const char *const v4_max_eq3eq6[3][2][5] = {
    /* VC VI VA CR IR AR, by EQ3 then EQ6 */
    {{"HHHHHH"}, {"HHLMMH", "HHHMMM"}},
    {{"LHHHHH", "HLHHHH"}, {"LHLHMH", "LHHHMM", "HLHMHM", "HLLMHH", "LLHHHM"}},
    {{NULL}, {"LLLHHH"}},
};
static const char *const v4_max_eq4[3] = {
    /* SC SI SA */
    "HSS",
    "HHH",
    "LLL",
};

/* The severity distance of max_severity.js, +1, in steps of 0.1, by EQ
 * level (EQ3 and EQ6 together). */
static const int v4_depth_eq1[3] = {1, 4, 5};
static const int v4_depth_eq2[2] = {1, 2};
static const int v4_depth_eq3eq6[3][2] = {{7, 6}, {8, 8}, {0, 10}};
static const int v4_depth_eq4[3] = {6, 5, 4};

/* The severity levels of the calculator: 0.0 the most severe value, then
 * 0.1 a step. The doubles are the calculator's, to give its sums. */
static double v4_level(int metric, char v)
{
	switch (metric) {
	case V4_AV:
		return v == 'N' ? 0.0 : v == 'A' ? 0.1 : v == 'L' ? 0.2 : 0.3;
	case V4_PR:
		return v == 'N' ? 0.0 : v == 'L' ? 0.1 : 0.2;
	case V4_UI:
		return v == 'N' ? 0.0 : v == 'P' ? 0.1 : 0.2;
	case V4_AC:
		return v == 'L' ? 0.0 : 0.1;
	case V4_AT:
		return v == 'N' ? 0.0 : 0.1;
	case V4_VC:
	case V4_VI:
	case V4_VA:
		return v == 'H' ? 0.0 : v == 'L' ? 0.1 : 0.2;
	case V4_SC:
		return v == 'H' ? 0.1 : v == 'L' ? 0.2 : 0.3;
	case V4_SI:
	case V4_SA:
		return v == 'S' ? 0.0 : v == 'H' ? 0.1 : v == 'L' ? 0.2 : 0.3;
	default: /* CR, IR, AR */
		return v == 'H' ? 0.0 : v == 'M' ? 0.1 : 0.2;
	}
}

/*
 * The value a v4.0 metric takes for scoring (the calculator's
 * getEffectiveMetricValue()): a
 * modified base metric when given, else the base one; E:X is E:A and
 * CR/IR/AR:X are H, the worst cases.
 */
static char v4_eff(const char *val, int metric)
{
	char v = val[metric];

	if (metric == V4_E)
		return v == 'X' ? 'A' : v;
	if (metric == V4_CR || metric == V4_IR || metric == V4_AR)
		return v == 'X' ? 'H' : v;
	if (metric <= V4_SA && val[metric + V4_MODIFIED] != 'X')
		return val[metric + V4_MODIFIED];
	return v;
}

/* The MacroVector: the levels of EQ1..EQ6 (v4.0 specification). */
static void v4_macro_vector(const char *m, int eq[6])
{
	bool av_n = m[V4_AV] == 'N', pr_n = m[V4_PR] == 'N';
	bool ui_n = m[V4_UI] == 'N';
	bool vc_h = m[V4_VC] == 'H', vi_h = m[V4_VI] == 'H';
	bool va_h = m[V4_VA] == 'H';

	/* EQ1: 0 AV:N and PR:N and UI:N; 1 one of them but not AV:P; 2
	 * AV:P or none of them. */
	if (av_n && pr_n && ui_n)
		eq[0] = 0;
	else if ((av_n || pr_n || ui_n) && m[V4_AV] != 'P')
		eq[0] = 1;
	else
		eq[0] = 2;
	/* EQ2: 0 AC:L and AT:N; 1 otherwise. */
	eq[1] = m[V4_AC] == 'L' && m[V4_AT] == 'N' ? 0 : 1;
	/* EQ3: 0 VC:H and VI:H; 1 one of VC, VI, VA High; 2 none. */
	eq[2] = vc_h && vi_h ? 0 : vc_h || vi_h || va_h ? 1 : 2;
	/* EQ4: 0 MSI:S or MSA:S; 1 one of SC, SI, SA High; 2 none. */
	if (m[V4_SI] == 'S' || m[V4_SA] == 'S')
		eq[3] = 0;
	else if (m[V4_SC] == 'H' || m[V4_SI] == 'H' || m[V4_SA] == 'H')
		eq[3] = 1;
	else
		eq[3] = 2;
	/* EQ5: E:A 0, E:P 1, E:U 2. */
	eq[4] = m[V4_E] == 'A' ? 0 : m[V4_E] == 'P' ? 1 : 2;
	/* EQ6: 0 a High impact with a High requirement; 1 otherwise. */
	eq[5] = (m[V4_CR] == 'H' && vc_h) || (m[V4_IR] == 'H' && vi_h) ||
	                (m[V4_AR] == 'H' && va_h)
	            ? 0
	            : 1;
}

/* The severity distances of one candidate highest vector: per metric,
 * the vector's level minus the candidate's. */
struct v4_distance {
	double av, pr, ui, ac, at, vc, vi, va, sc, si, sa, cr, ir, ar;
};

static bool v4_distance_ok(const struct v4_distance *d)
{
	return d->av >= 0 && d->pr >= 0 && d->ui >= 0 && d->ac >= 0 &&
	       d->at >= 0 && d->vc >= 0 && d->vi >= 0 && d->va >= 0 &&
	       d->sc >= 0 && d->si >= 0 && d->sa >= 0 && d->cr >= 0 &&
	       d->ir >= 0 && d->ar >= 0;
}

/*
 * Finds the first highest-severity vector of the MacroVector, in the
 * calculator's order, that the vector m does not exceed, and returns the
 * distances from it. As in the calculator, when none qualifies the last
 * one tried is used.
 */
static void v4_distances(const char *m, const int eq[6], struct v4_distance *d)
{
	const char *const *e1 = v4_max_eq1[eq[0]];
	const char *const *e2 = v4_max_eq2[eq[1]];
	const char *const *e36 = v4_max_eq3eq6[eq[2]][eq[5]];
	const char *e4 = v4_max_eq4[eq[3]];

	for (int a = 0; a < 3 && e1[a]; a++) {
		for (int b = 0; b < 2 && e2[b]; b++) {
			for (int c = 0; c < 5 && e36[c]; c++) {
				d->av = v4_level(V4_AV, m[V4_AV]) -
				        v4_level(V4_AV, e1[a][0]);
				d->pr = v4_level(V4_PR, m[V4_PR]) -
				        v4_level(V4_PR, e1[a][1]);
				d->ui = v4_level(V4_UI, m[V4_UI]) -
				        v4_level(V4_UI, e1[a][2]);
				d->ac = v4_level(V4_AC, m[V4_AC]) -
				        v4_level(V4_AC, e2[b][0]);
				d->at = v4_level(V4_AT, m[V4_AT]) -
				        v4_level(V4_AT, e2[b][1]);
				d->vc = v4_level(V4_VC, m[V4_VC]) -
				        v4_level(V4_VC, e36[c][0]);
				d->vi = v4_level(V4_VI, m[V4_VI]) -
				        v4_level(V4_VI, e36[c][1]);
				d->va = v4_level(V4_VA, m[V4_VA]) -
				        v4_level(V4_VA, e36[c][2]);
				d->cr = v4_level(V4_CR, m[V4_CR]) -
				        v4_level(V4_CR, e36[c][3]);
				d->ir = v4_level(V4_IR, m[V4_IR]) -
				        v4_level(V4_IR, e36[c][4]);
				d->ar = v4_level(V4_AR, m[V4_AR]) -
				        v4_level(V4_AR, e36[c][5]);
				d->sc = v4_level(V4_SC, m[V4_SC]) -
				        v4_level(V4_SC, e4[0]);
				d->si = v4_level(V4_SI, m[V4_SI]) -
				        v4_level(V4_SI, e4[1]);
				d->sa = v4_level(V4_SA, m[V4_SA]) -
				        v4_level(V4_SA, e4[2]);
				if (v4_distance_ok(d))
					return;
			}
		}
	}
}

/*
 * Rounds a v4.0 score to one decimal, halves up, as the reference
 * calculator's roundToDecimalPlaces() does: 1e-6 is added first, so that
 * a value whose exact result is a half but whose double falls just short
 * of it (8.6 - 7.15 = 1.4499999999999993) rounds up as in exact
 * arithmetic. Without it about one vector in 200 scores 0.1 low.
 */
static double v4_round(double x)
{
	return js_round((x + 1e-6) * 10) / 10;
}

/*
 * The score of a v4.0 vector (specification, cvss40.js): the
 * MacroVector's score, lowered by the mean over the EQs of the distance
 * to the next lower MacroVector times the vector's proportional severity
 * distance from the MacroVector's highest vector; rounded to one decimal.
 */
static double v4_score(const char *val, double *v01)
{
	static const int vuln_and_sub[] = {V4_VC, V4_VI, V4_VA,
	                                   V4_SC, V4_SI, V4_SA};
	char m[V4_COUNT];
	int eq[6], lower[6];
	struct v4_distance d = {0};
	double value, next[5], dist[5], depth[5], mean, sum = 0, score;
	int n_lower = 0;
	bool no_impact = true;

	for (int i = 0; i < V4_COUNT; i++)
		m[i] = v4_eff(val, i);
	for (size_t i = 0; i < sizeof vuln_and_sub / sizeof vuln_and_sub[0];
	     i++)
		if (m[vuln_and_sub[i]] != 'N')
			no_impact = false;
	if (no_impact)
		return 0.0;

	v4_macro_vector(m, eq);
	value = v4_macro_score(eq);

	/* The next lower MacroVector of each EQ; EQ3 and EQ6 move together
	 * (11 -> 21, 01 -> 11, 10 -> 11, 00 -> the higher of 01 and 10, and
	 * 21 has none). */
	for (int k = 0; k < 5; k++) {
		memcpy(lower, eq, sizeof lower);
		if (k < 2) {
			lower[k]++;
		} else if (k == 2) {
			if (eq[2] == 0 && eq[5] == 0) {
				double left, right;

				lower[5]++;
				left = v4_macro_score(lower);
				lower[5]--;
				lower[2]++;
				right = v4_macro_score(lower);
				next[k] = left > right ? left : right;
				continue;
			}
			if (eq[2] == 1 && eq[5] == 0)
				lower[5]++;
			else if (eq[2] == 2)
				lower[2]++, lower[5]++;
			else
				lower[2]++;
		} else {
			lower[k]++;
		}
		next[k] = v4_macro_score(lower);
	}

	/* The severity distance from the MacroVector's highest vector. */
	v4_distances(m, eq, &d);
	dist[0] = d.av + d.pr + d.ui;
	dist[1] = d.ac + d.at;
	dist[2] = d.vc + d.vi + d.va + d.cr + d.ir + d.ar;
	dist[3] = d.sc + d.si + d.sa;
	dist[4] = 0;
	depth[0] = v4_depth_eq1[eq[0]] * 0.1;
	depth[1] = v4_depth_eq2[eq[1]] * 0.1;
	depth[2] = v4_depth_eq3eq6[eq[2]][eq[5]] * 0.1;
	depth[3] = v4_depth_eq4[eq[3]] * 0.1;

	/* The mean of the available distances, each scaled by how far the
	 * vector lies into its MacroVector. EQ5 always adds 0. */
	for (int k = 0; k < 5; k++) {
		if (next[k] == NO_MV)
			continue;
		n_lower++;
		if (k < 4)
			sum += (value - next[k]) * (dist[k] / depth[k]);
	}
	mean = n_lower ? sum / n_lower : 0;

	score = value - mean;
	if (score < 0)
		score = 0.0;
	if (score > 10)
		score = 10.0;
	if (v01)
		*v01 = js_round(score * 10) / 10; /* irt 0.1: no epsilon */
	return v4_round(score);
}

static void score_v4(const struct parsed *p, struct cvss_result *out)
{
	char base_only[V4_COUNT];

	memcpy(base_only, p->val, sizeof base_only);
	for (int i = V4_E; i <= V4_MSA; i++)
		base_only[i] = 'X';
	out->base = v4_score(base_only, NULL);
	out->temporal = -1;
	out->environmental = -1;
	out->score = v4_score(p->val, &out->score_v01);
}

/* ---------------------------------------------------------------------
 * Entry points
 */

enum irt_status cvss_score(const char *vector, struct cvss_result *out,
                           struct irt_err *err)
{
	struct parsed p;
	enum irt_status status;
	size_t start = 0, end = strlen(vector);

	memset(out, 0, sizeof *out);
	out->base = out->temporal = out->environmental = out->score = -1;
	out->score_v01 = -1;
	out->band = SEVERITY_UNSET;
	while (start < end && is_blank(vector[start]))
		start++;
	while (end > start && is_blank(vector[end - 1]))
		end--;
	status = parse(vector + start, end - start, &p, err);
	if (status != IRT_OK)
		return status;
	out->version = p.def->version;
	if (p.def->version == CVSS_V40)
		score_v4(&p, out);
	else
		score_v3(&p, out);
	if (out->version != CVSS_V40)
		out->score_v01 = out->score;
	out->band = severity_from_score(out->score);
	normalise(&p, out->vector);
	irt_err_clear(err);
	return IRT_OK;
}

const char *cvss_version_name(enum cvss_version v)
{
	for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++)
		if (versions[i].version == v)
			return versions[i].name;
	return "";
}
