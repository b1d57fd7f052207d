/*
 * view_cvss.c - the CVSS calculator.
 *
 * The view keeps one picked value per metric of the version shown (a
 * mandatory metric may be unpicked; an optional one is X, Not Defined,
 * until picked). Every key that changes a pick rebuilds the vector and
 * scores it with cvss_score(), so the score, band and normalised vector
 * on screen are always the core's, never computed here; the metric
 * tables below only name the metrics and values for people. The picks
 * are the user's own: a reload (another process's change) does not
 * touch them. Enter stores the vector through tracker_severity().
 */
#include "tui/view_cvss.h"

#include <stdlib.h>
#include <string.h>

#include "irt/cvss.h"
#include "irt/tracker.h"
#include "irt/xalloc.h"
#include "tui/draw.h"
#include "tui/provide_curses.h"
#include "tui/view_help.h"

enum metric_kind { KIND_BASE, KIND_THREAT, KIND_ENV, KIND_SUPPLEMENTAL };

struct cvss_value {
	const char *code; /* as in the vector: "N", "Clear" */
	const char *name; /* for people: "Network" */
};

struct cvss_metric {
	const char *code;  /* "AV" */
	const char *label; /* "Attack Vector" */
	const char *group; /* the heading of its group */
	enum metric_kind kind;
	int optional; /* values[0] is X, Not Defined */
	struct cvss_value values[6];
};

#define NOT_DEFINED                                                            \
	{                                                                      \
		"X", "Not Defined"                                             \
	}
#define IMPACT_VALUES                                                          \
	{"N", "None"}, {"L", "Low"},                                           \
	{                                                                      \
		"H", "High"                                                    \
	}
#define REQUIREMENT_VALUES                                                     \
	NOT_DEFINED, {"L", "Low"}, {"M", "Medium"},                            \
	{                                                                      \
		"H", "High"                                                    \
	}

static const char v3_base[] = "Base metrics";
static const char v3_temporal[] = "Temporal metrics";
static const char v3_req[] = "Environmental: security requirements";
static const char v3_mod[] = "Environmental: modified base metrics";

/* v3.0 and v3.1 share their metrics; the order is the vector's. */
static const struct cvss_metric v3_metrics[] = {
    {"AV",
     "Attack Vector",
     v3_base,
     KIND_BASE,
     0,
     {{"N", "Network"}, {"A", "Adjacent"}, {"L", "Local"}, {"P", "Physical"}}},
    {"AC",
     "Attack Complexity",
     v3_base,
     KIND_BASE,
     0,
     {{"L", "Low"}, {"H", "High"}}},
    {"PR",
     "Privileges Required",
     v3_base,
     KIND_BASE,
     0,
     {{"N", "None"}, {"L", "Low"}, {"H", "High"}}},
    {"UI",
     "User Interaction",
     v3_base,
     KIND_BASE,
     0,
     {{"N", "None"}, {"R", "Required"}}},
    {"S",
     "Scope",
     v3_base,
     KIND_BASE,
     0,
     {{"U", "Unchanged"}, {"C", "Changed"}}},
    {"C", "Confidentiality", v3_base, KIND_BASE, 0, {IMPACT_VALUES}},
    {"I", "Integrity", v3_base, KIND_BASE, 0, {IMPACT_VALUES}},
    {"A", "Availability", v3_base, KIND_BASE, 0, {IMPACT_VALUES}},
    {"E",
     "Exploit Code Maturity",
     v3_temporal,
     KIND_THREAT,
     1,
     {NOT_DEFINED,
      {"U", "Unproven"},
      {"P", "Proof-of-Concept"},
      {"F", "Functional"},
      {"H", "High"}}},
    {"RL",
     "Remediation Level",
     v3_temporal,
     KIND_THREAT,
     1,
     {NOT_DEFINED,
      {"O", "Official Fix"},
      {"T", "Temporary Fix"},
      {"W", "Workaround"},
      {"U", "Unavailable"}}},
    {"RC",
     "Report Confidence",
     v3_temporal,
     KIND_THREAT,
     1,
     {NOT_DEFINED, {"U", "Unknown"}, {"R", "Reasonable"}, {"C", "Confirmed"}}},
    {"CR", "Confidentiality", v3_req, KIND_ENV, 1, {REQUIREMENT_VALUES}},
    {"IR", "Integrity", v3_req, KIND_ENV, 1, {REQUIREMENT_VALUES}},
    {"AR", "Availability", v3_req, KIND_ENV, 1, {REQUIREMENT_VALUES}},
    {"MAV",
     "Attack Vector",
     v3_mod,
     KIND_ENV,
     1,
     {NOT_DEFINED,
      {"N", "Network"},
      {"A", "Adjacent"},
      {"L", "Local"},
      {"P", "Physical"}}},
    {"MAC",
     "Attack Complexity",
     v3_mod,
     KIND_ENV,
     1,
     {NOT_DEFINED, {"L", "Low"}, {"H", "High"}}},
    {"MPR",
     "Privileges Required",
     v3_mod,
     KIND_ENV,
     1,
     {NOT_DEFINED, {"N", "None"}, {"L", "Low"}, {"H", "High"}}},
    {"MUI",
     "User Interaction",
     v3_mod,
     KIND_ENV,
     1,
     {NOT_DEFINED, {"N", "None"}, {"R", "Required"}}},
    {"MS",
     "Scope",
     v3_mod,
     KIND_ENV,
     1,
     {NOT_DEFINED, {"U", "Unchanged"}, {"C", "Changed"}}},
    {"MC",
     "Confidentiality",
     v3_mod,
     KIND_ENV,
     1,
     {NOT_DEFINED, IMPACT_VALUES}},
    {"MI", "Integrity", v3_mod, KIND_ENV, 1, {NOT_DEFINED, IMPACT_VALUES}},
    {"MA", "Availability", v3_mod, KIND_ENV, 1, {NOT_DEFINED, IMPACT_VALUES}},
};

static const char v4_exploit[] = "Base: exploitability";
static const char v4_vuln[] = "Base: vulnerable system impact";
static const char v4_sub[] = "Base: subsequent system impact";
static const char v4_threat[] = "Threat metrics";
static const char v4_req[] = "Environmental: security requirements";
static const char v4_mexploit[] = "Environmental: modified exploitability";
static const char v4_mvuln[] = "Environmental: modified vulnerable system";
static const char v4_msub[] = "Environmental: modified subsequent system";
static const char v4_supp[] = "Supplemental metrics (do not change the score)";

static const struct cvss_metric v4_metrics[] = {
    {"AV",
     "Attack Vector",
     v4_exploit,
     KIND_BASE,
     0,
     {{"N", "Network"}, {"A", "Adjacent"}, {"L", "Local"}, {"P", "Physical"}}},
    {"AC",
     "Attack Complexity",
     v4_exploit,
     KIND_BASE,
     0,
     {{"L", "Low"}, {"H", "High"}}},
    {"AT",
     "Attack Requirements",
     v4_exploit,
     KIND_BASE,
     0,
     {{"N", "None"}, {"P", "Present"}}},
    {"PR",
     "Privileges Required",
     v4_exploit,
     KIND_BASE,
     0,
     {{"N", "None"}, {"L", "Low"}, {"H", "High"}}},
    {"UI",
     "User Interaction",
     v4_exploit,
     KIND_BASE,
     0,
     {{"N", "None"}, {"P", "Passive"}, {"A", "Active"}}},
    {"VC", "Confidentiality", v4_vuln, KIND_BASE, 0, {IMPACT_VALUES}},
    {"VI", "Integrity", v4_vuln, KIND_BASE, 0, {IMPACT_VALUES}},
    {"VA", "Availability", v4_vuln, KIND_BASE, 0, {IMPACT_VALUES}},
    {"SC", "Confidentiality", v4_sub, KIND_BASE, 0, {IMPACT_VALUES}},
    {"SI", "Integrity", v4_sub, KIND_BASE, 0, {IMPACT_VALUES}},
    {"SA", "Availability", v4_sub, KIND_BASE, 0, {IMPACT_VALUES}},
    {"E",
     "Exploit Maturity",
     v4_threat,
     KIND_THREAT,
     1,
     {NOT_DEFINED,
      {"U", "Unreported"},
      {"P", "Proof-of-Concept"},
      {"A", "Attacked"}}},
    {"CR", "Confidentiality", v4_req, KIND_ENV, 1, {REQUIREMENT_VALUES}},
    {"IR", "Integrity", v4_req, KIND_ENV, 1, {REQUIREMENT_VALUES}},
    {"AR", "Availability", v4_req, KIND_ENV, 1, {REQUIREMENT_VALUES}},
    {"MAV",
     "Attack Vector",
     v4_mexploit,
     KIND_ENV,
     1,
     {NOT_DEFINED,
      {"N", "Network"},
      {"A", "Adjacent"},
      {"L", "Local"},
      {"P", "Physical"}}},
    {"MAC",
     "Attack Complexity",
     v4_mexploit,
     KIND_ENV,
     1,
     {NOT_DEFINED, {"L", "Low"}, {"H", "High"}}},
    {"MAT",
     "Attack Requirements",
     v4_mexploit,
     KIND_ENV,
     1,
     {NOT_DEFINED, {"N", "None"}, {"P", "Present"}}},
    {"MPR",
     "Privileges Required",
     v4_mexploit,
     KIND_ENV,
     1,
     {NOT_DEFINED, {"N", "None"}, {"L", "Low"}, {"H", "High"}}},
    {"MUI",
     "User Interaction",
     v4_mexploit,
     KIND_ENV,
     1,
     {NOT_DEFINED, {"N", "None"}, {"P", "Passive"}, {"A", "Active"}}},
    {"MVC",
     "Confidentiality",
     v4_mvuln,
     KIND_ENV,
     1,
     {NOT_DEFINED, IMPACT_VALUES}},
    {"MVI", "Integrity", v4_mvuln, KIND_ENV, 1, {NOT_DEFINED, IMPACT_VALUES}},
    {"MVA",
     "Availability",
     v4_mvuln,
     KIND_ENV,
     1,
     {NOT_DEFINED, IMPACT_VALUES}},
    {"MSC",
     "Confidentiality",
     v4_msub,
     KIND_ENV,
     1,
     {NOT_DEFINED, IMPACT_VALUES}},
    {"MSI",
     "Integrity",
     v4_msub,
     KIND_ENV,
     1,
     {NOT_DEFINED, IMPACT_VALUES, {"S", "Safety"}}},
    {"MSA",
     "Availability",
     v4_msub,
     KIND_ENV,
     1,
     {NOT_DEFINED, IMPACT_VALUES, {"S", "Safety"}}},
    {"S",
     "Safety",
     v4_supp,
     KIND_SUPPLEMENTAL,
     1,
     {NOT_DEFINED, {"N", "Negligible"}, {"P", "Present"}}},
    {"AU",
     "Automatable",
     v4_supp,
     KIND_SUPPLEMENTAL,
     1,
     {NOT_DEFINED, {"N", "No"}, {"Y", "Yes"}}},
    {"R",
     "Recovery",
     v4_supp,
     KIND_SUPPLEMENTAL,
     1,
     {NOT_DEFINED, {"A", "Automatic"}, {"U", "User"}, {"I", "Irrecoverable"}}},
    {"V",
     "Value Density",
     v4_supp,
     KIND_SUPPLEMENTAL,
     1,
     {NOT_DEFINED, {"D", "Diffuse"}, {"C", "Concentrated"}}},
    {"RE",
     "Response Effort",
     v4_supp,
     KIND_SUPPLEMENTAL,
     1,
     {NOT_DEFINED, {"L", "Low"}, {"M", "Moderate"}, {"H", "High"}}},
    {"U",
     "Provider Urgency",
     v4_supp,
     KIND_SUPPLEMENTAL,
     1,
     {NOT_DEFINED,
      {"Clear", "Clear"},
      {"Green", "Green"},
      {"Amber", "Amber"},
      {"Red", "Red"}}},
};

#define N_V3        (sizeof v3_metrics / sizeof v3_metrics[0])
#define N_V4        (sizeof v4_metrics / sizeof v4_metrics[0])
#define MAX_METRICS N_V4
#define MAX_ROWS    (2 * MAX_METRICS)

/* The versions in the order the version key cycles through them. */
static const struct {
	enum cvss_version version;
	const char *prefix;
	const struct cvss_metric *metrics;
	size_t n_metrics;
} versions[] = {
    {CVSS_V31, "CVSS:3.1", v3_metrics, N_V3},
    {CVSS_V40, "CVSS:4.0", v4_metrics, N_V4},
    {CVSS_V30, "CVSS:3.0", v3_metrics, N_V3},
};

#define N_VERSIONS (sizeof versions / sizeof versions[0])

/* A row of the list: a group's heading or a metric. */
struct row {
	int metric; /* index into the metrics, or -1 for a heading */
	const char *heading;
};

struct cvss_view {
	long id;
	char *title;
	size_t version; /* index into versions[] */
	const struct cvss_metric *metrics;
	size_t n_metrics;
	int value[MAX_METRICS]; /* index into values, or -1: not picked */
	struct row rows[MAX_ROWS];
	size_t n_rows;
	size_t sel;    /* the metric with the focus */
	size_t top;    /* the first row shown */
	char *initial; /* the vector when the view opened */
	char built[1024];
	struct cvss_result result;
	int scored;         /* result holds the score of built */
	char problem[1100]; /* why built is not scored */
	int confirming;     /* asking whether to discard the picks */
};

/*
 * Where things go, by the pane's height. From 20 rows: the vector on up
 * to three lines, the message, the list, a blank line and the focused
 * metric's name and values. From APP_FULL_ROWS: the vector on one line
 * (cut with an ellipsis) and no blank line. Below: no vector and only
 * the values of the focused metric. The score line and the focused
 * metric are always on screen.
 */
struct cvss_layout {
	int vector_lines; /* from row 2 */
	int message_y;
	int list_top, list_h;
	int foot_y, foot_lines;
};

static void cvss_layout(const struct app *app, struct cvss_layout *l)
{
	int blank = app->rows >= 20;

	l->vector_lines = app->rows >= 20 ? 3 : app->rows >= APP_FULL_ROWS;
	l->foot_lines = app->rows >= APP_FULL_ROWS ? 2 : 1;
	l->message_y = 2 + l->vector_lines;
	l->list_top = l->message_y + 1;
	l->foot_y = app->rows - 1 - l->foot_lines;
	l->list_h = l->foot_y - blank - l->list_top;
	if (l->list_h < 1)
		l->list_h = 1;
}

static int list_height(const struct app *app)
{
	struct cvss_layout l;

	cvss_layout(app, &l);
	return l.list_h;
}

static size_t n_values(const struct cvss_metric *m)
{
	size_t n = 0;

	while (n < sizeof m->values / sizeof m->values[0] && m->values[n].code)
		n++;
	return n;
}

static int find_value(const struct cvss_metric *m, const char *code, size_t len)
{
	for (size_t j = 0; j < n_values(m); j++)
		if (strlen(m->values[j].code) == len &&
		    strncmp(m->values[j].code, code, len) == 0)
			return (int)j;
	return -1;
}

/* Rebuilds the vector from the picks and scores it. */
static void rescore(struct cvss_view *cv)
{
	struct irt_err err;
	size_t len;

	len = (size_t)snprintf(cv->built, sizeof cv->built, "%s",
	                       versions[cv->version].prefix);
	for (size_t i = 0; i < cv->n_metrics; i++) {
		const struct cvss_metric *m = &cv->metrics[i];

		if (cv->value[i] < 0 || (m->optional && cv->value[i] == 0))
			continue;
		len += (size_t)snprintf(cv->built + len, sizeof cv->built - len,
		                        "/%s:%s", m->code,
		                        m->values[cv->value[i]].code);
	}
	cv->scored = cvss_score(cv->built, &cv->result, &err) == IRT_OK;
	if (!cv->scored)
		snprintf(cv->problem, sizeof cv->problem, "%s", err.msg);
	else
		cv->problem[0] = '\0';
}

/* Shows version index ver; with keep, carries over every pick whose
 * metric and value the new version has too (AV:N from v3.1 to v4.0). */
static void set_version(struct cvss_view *cv, size_t ver, int keep)
{
	const struct cvss_metric *old = cv->metrics;
	size_t n_old = cv->n_metrics;
	int old_value[MAX_METRICS];
	const char *last_group = NULL;
	const char *sel_code = old ? old[cv->sel].code : NULL;

	memcpy(old_value, cv->value, sizeof old_value);
	cv->version = ver;
	cv->metrics = versions[ver].metrics;
	cv->n_metrics = versions[ver].n_metrics;
	cv->n_rows = 0;
	cv->sel = 0;
	for (size_t i = 0; i < cv->n_metrics; i++) {
		const struct cvss_metric *m = &cv->metrics[i];

		cv->value[i] = m->optional ? 0 : -1;
		for (size_t k = 0; keep && old && k < n_old; k++) {
			if (strcmp(old[k].code, m->code) != 0)
				continue;
			if (old_value[k] >= 0) {
				const char *code =
				    old[k].values[old_value[k]].code;
				int j = find_value(m, code, strlen(code));

				if (j >= 0)
					cv->value[i] = j;
			}
		}
		if (sel_code && strcmp(sel_code, m->code) == 0)
			cv->sel = i;
		if (m->group != last_group) {
			cv->rows[cv->n_rows++] = (struct row){-1, m->group};
			last_group = m->group;
		}
		cv->rows[cv->n_rows++] = (struct row){(int)i, NULL};
	}
	cv->top = 0;
	rescore(cv);
}

/* Picks the values of a stored vector (normalised, so well-formed);
 * anything not understood is left unpicked. */
static void load_vector(struct cvss_view *cv, const char *vector)
{
	size_t ver = 0;
	const char *p;

	for (size_t k = 0; k < N_VERSIONS; k++) {
		size_t n = strlen(versions[k].prefix);

		if (strncmp(vector, versions[k].prefix, n) == 0 &&
		    vector[n] == '/')
			ver = k;
	}
	set_version(cv, ver, 0);
	p = strchr(vector, '/');
	while (p && *p) {
		const char *name = p + 1, *colon, *end;

		end = strchr(name, '/');
		if (!end)
			end = name + strlen(name);
		colon = memchr(name, ':', (size_t)(end - name));
		if (colon) {
			for (size_t i = 0; i < cv->n_metrics; i++) {
				const struct cvss_metric *m = &cv->metrics[i];
				int j;

				if (strlen(m->code) != (size_t)(colon - name) ||
				    strncmp(m->code, name,
				            (size_t)(colon - name)) != 0)
					continue;
				j = find_value(m, colon + 1,
				               (size_t)(end - colon - 1));
				if (j >= 0)
					cv->value[i] = j;
			}
		}
		p = *end ? end : NULL;
	}
	rescore(cv);
}

static size_t row_of(const struct cvss_view *cv, size_t metric)
{
	for (size_t r = 0; r < cv->n_rows; r++)
		if (cv->rows[r].metric == (int)metric)
			return r;
	return 0;
}

/* Scrolls so that the focused metric (and its group's heading, when it
 * is the group's first) is among the rows shown. */
static void scroll_to_sel(struct cvss_view *cv, int height)
{
	size_t h = (size_t)height, r = row_of(cv, cv->sel);
	size_t first = r > 0 && cv->rows[r - 1].metric < 0 ? r - 1 : r;

	if (first < cv->top)
		cv->top = first;
	if (r >= cv->top + h)
		cv->top = r - h + 1;
	if (cv->top + h > cv->n_rows)
		cv->top = cv->n_rows > h ? cv->n_rows - h : 0;
}

static int cvss_open(struct app *app, struct view *v, const void *arg)
{
	const struct incident *inc = arg;
	struct cvss_view *cv = xcalloc(1, sizeof *cv);

	(void)app;
	cv->id = inc->id;
	cv->title = xstrdup(inc->field[FIELD_TITLE]);
	if (inc->field[FIELD_CVSS][0])
		load_vector(cv, inc->field[FIELD_CVSS]);
	else
		set_version(cv, 0, 0);
	cv->initial = xstrdup(cv->built);
	v->state = cv;
	return 0;
}

int view_cvss_open(struct app *app, const struct incident *inc)
{
	return app_push(app, &view_cvss_ops, inc);
}

static void cvss_close(struct app *app, struct view *v)
{
	struct cvss_view *cv = v->state;

	(void)app;
	free(cv->title);
	free(cv->initial);
	free(cv);
}

static int changed(const struct cvss_view *cv)
{
	return strcmp(cv->built, cv->initial) != 0;
}

/* Picks that leaving would lose. */
static int cvss_unsaved(const struct app *app, const struct view *v)
{
	(void)app;
	return changed(v->state);
}

/* "N, A, L or P" for metric m. */
static void value_list(const struct cvss_metric *m, char *buf, size_t size)
{
	size_t n = n_values(m), len = 0;

	buf[0] = '\0';
	for (size_t j = 0; j < n && len < size; j++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
		                        j == 0       ? ""
		                        : j == n - 1 ? " or "
		                                     : ", ",
		                        m->values[j].code);
}

static void save(struct app *app, struct view *v)
{
	struct cvss_view *cv = v->state;
	struct irt_err err;
	char done[CVSS_VECTOR_MAX + 64];
	long id = cv->id;

	if (!cv->scored) {
		app_status(app, "Not saved: %s", cv->problem);
		app->status_error = 1;
		return;
	}
	if (!changed(cv)) {
		app_remove(app, v);
		app_status(app, "CVSS of #%ld unchanged", id);
		return;
	}
	if (tracker_severity(app_tracker(app), id, 0, -1, cv->result.vector,
	                     &err) != IRT_OK) {
		app_error(app, &err);
		return;
	}
	snprintf(done, sizeof done, "Severity of #%ld set: CVSS %s %.1f %s", id,
	         cvss_version_name(cv->result.version), cv->result.score,
	         severity_name(cv->result.band));
	app_remove(app, v);
	app_changed(app);
	app_status(app, "%s", done);
}

static void pick(struct app *app, struct cvss_view *cv, int key)
{
	const struct cvss_metric *m = &cv->metrics[cv->sel];
	int n = (int)n_values(m), *val = &cv->value[cv->sel];
	char list[128];

	switch (key) {
	case APP_KEY_FN | KEY_LEFT:
	case 'h':
		*val = *val < 0 ? n - 1 : (*val + n - 1) % n;
		break;
	case APP_KEY_FN | KEY_RIGHT:
	case 'l':
	case ' ':
		*val = *val < 0 ? 0 : (*val + 1) % n;
		break;
	case 'x':
	case APP_KEY_DEL:
	case APP_KEY_CTRL_H:
	case APP_KEY_FN | KEY_BACKSPACE:
	case APP_KEY_FN | KEY_DC:
		*val = m->optional ? 0 : -1;
		break;
	default:
		for (int j = 0; j < n; j++) {
			if (m->values[j].code[0] == key) {
				*val = j;
				rescore(cv);
				return;
			}
		}
		value_list(m, list, sizeof list);
		app_status(app, "%s takes %s", m->code, list);
		app->status_error = 1;
		return;
	}
	rescore(cv);
}

/* Moves the focus to the first metric of the next (dir 1) or previous
 * (dir -1) group. */
static void jump_group(struct cvss_view *cv, int dir)
{
	size_t i = cv->sel;
	const char *group = cv->metrics[i].group;

	if (dir > 0) {
		while (i + 1 < cv->n_metrics && cv->metrics[i].group == group)
			i++;
		if (cv->metrics[i].group == group)
			i = 0; /* from the last group back to the first */
	} else {
		/* The start of this group; from there, of the one before. */
		while (i > 0 && cv->metrics[i - 1].group == group)
			i--;
		if (i == cv->sel) {
			if (i == 0)
				i = cv->n_metrics - 1;
			else
				i--;
			group = cv->metrics[i].group;
			while (i > 0 && cv->metrics[i - 1].group == group)
				i--;
		}
	}
	cv->sel = i;
}

static void cvss_key(struct app *app, struct view *v, int key)
{
	struct cvss_view *cv = v->state;
	int h = list_height(app);
	size_t page = h > 2 ? (size_t)h - 2 : 1;

	if (cv->confirming) {
		cv->confirming = 0;
		if (key == 'y' || key == 'Y') {
			long id = cv->id;

			app_remove(app, v);
			app_status(app, "CVSS of #%ld not changed", id);
		}
		return;
	}
	switch (key) {
	case 'j':
	case APP_KEY_FN | KEY_DOWN:
		if (cv->sel + 1 < cv->n_metrics)
			cv->sel++;
		break;
	case 'k':
	case APP_KEY_FN | KEY_UP:
		if (cv->sel > 0)
			cv->sel--;
		break;
	case APP_KEY_FN | KEY_NPAGE:
	case APP_KEY_CTRL_F:
		cv->sel = cv->sel + page < cv->n_metrics ? cv->sel + page
		                                         : cv->n_metrics - 1;
		break;
	case APP_KEY_FN | KEY_PPAGE:
	case APP_KEY_CTRL_B:
		cv->sel = cv->sel > page ? cv->sel - page : 0;
		break;
	case 'g':
	case APP_KEY_FN | KEY_HOME:
		cv->sel = 0;
		break;
	case APP_KEY_FN | KEY_END:
		cv->sel = cv->n_metrics - 1;
		break;
	case APP_KEY_TAB:
		jump_group(cv, 1);
		break;
	case APP_KEY_FN | KEY_BTAB:
		jump_group(cv, -1);
		break;
	case 'v':
		set_version(cv, (cv->version + 1) % N_VERSIONS, 1);
		app_status(app,
		           "CVSS %s: picks with the same metric and value "
		           "kept",
		           cvss_version_name(versions[cv->version].version));
		break;
	case APP_KEY_ENTER:
	case APP_KEY_RETURN:
	case APP_KEY_FN | KEY_ENTER:
		save(app, v);
		return;
	case 'q':
	case APP_KEY_ESC:
		if (changed(cv)) {
			cv->confirming = 1;
			return;
		}
		app_remove(app, v);
		return;
	case '?':
	case APP_KEY_FN | KEY_F(1):
		app_push(app, &view_help_ops, v->ops);
		return;
	default:
		if (key == 'h' || key == 'l' || key == ' ' || key == 'x' ||
		    (key >= 'A' && key <= 'Z') || key == APP_KEY_DEL ||
		    key == APP_KEY_CTRL_H || key == (APP_KEY_FN | KEY_LEFT) ||
		    key == (APP_KEY_FN | KEY_RIGHT) ||
		    key == (APP_KEY_FN | KEY_BACKSPACE) ||
		    key == (APP_KEY_FN | KEY_DC))
			pick(app, cv, key);
		else
			app_status(app, "Unknown key; ? lists the keys");
		break;
	}
	scroll_to_sel(cv, h);
}

/* ---- drawing ------------------------------------------------------ */

static void seg(struct app *app, int y, int *x, const char *text, enum style st)
{
	if (*x >= app->cols - 1)
		return;
	*x += draw_text(app, y, *x, app->cols - 1 - *x, text, st, 0);
}

static void draw_score(struct app *app, const struct cvss_view *cv)
{
	const struct cvss_result *r = &cv->result;
	char buf[128];
	int x = 1;

	snprintf(buf, sizeof buf, "CVSS %s",
	         cvss_version_name(versions[cv->version].version));
	seg(app, 1, &x, buf, STYLE_BOLD);
	seg(app, 1, &x, "   Score ", STYLE_DIM);
	if (!cv->scored) {
		seg(app, 1, &x, "-  (not scored yet)", STYLE_BAD);
		return;
	}
	snprintf(buf, sizeof buf, "%.1f", r->score);
	seg(app, 1, &x, buf, STYLE_BOLD);
	seg(app, 1, &x, " ", STYLE_NORMAL);
	seg(app, 1, &x, severity_name(r->band), draw_severity_style(r->band));
	if (r->version == CVSS_V40) {
		int threat = 0, env = 0;

		for (size_t i = 0; i < cv->n_metrics; i++) {
			int given = cv->value[i] > 0;

			threat |= given && cv->metrics[i].kind == KIND_THREAT;
			env |= given && cv->metrics[i].kind == KIND_ENV;
		}
		snprintf(buf, sizeof buf, "   (CVSS-B%s%s; base %.1f)",
		         threat ? "T" : "", env ? "E" : "", r->base);
	} else {
		char t[16] = "-", e[16] = "-";

		if (r->temporal >= 0)
			snprintf(t, sizeof t, "%.1f", r->temporal);
		if (r->environmental >= 0)
			snprintf(e, sizeof e, "%.1f", r->environmental);
		snprintf(buf, sizeof buf,
		         "   (base %.1f, temporal %s, environmental %s)",
		         r->base, t, e);
	}
	seg(app, 1, &x, buf, STYLE_DIM);
}

/* The vector, broken after a metric (at a '/') to fit the width; the
 * vector is ASCII, so bytes are columns. Three lines hold the longest. */
static void draw_vector(struct app *app, const struct cvss_view *cv,
                        int max_lines)
{
	const char *vector = cv->scored ? cv->result.vector : cv->built;
	size_t width = app->cols > 10 ? (size_t)app->cols - 9 : 1;
	enum style st = cv->scored ? STYLE_NORMAL : STYLE_DIM;
	char line[CVSS_VECTOR_MAX * 2];
	int y = 2;

	if (max_lines < 1)
		return;
	draw_text(app, 2, 1, 7, "Vector", STYLE_DIM, 0);
	while (*vector && y < 2 + max_lines) {
		size_t n = strlen(vector), cut = n;

		if (n > width && y == 1 + max_lines) {
			/* The last line shown: the rest, cut with "…". */
			draw_text(app, y++, 8, app->cols - 9, vector, st, 0);
			break;
		}
		if (n > width) {
			/* The last '/' that keeps the line within width. */
			cut = width;
			while (cut > 0 && vector[cut] != '/')
				cut--;
			if (cut == 0)
				cut = width;
		}
		if (cut >= sizeof line)
			cut = sizeof line - 1;
		memcpy(line, vector, cut);
		line[cut] = '\0';
		draw_text(app, y++, 8, app->cols - 9, line, st, 0);
		vector += cut;
	}
}

static void draw_metric(struct app *app, const struct cvss_view *cv, int y,
                        size_t i)
{
	const struct cvss_metric *m = &cv->metrics[i];
	/* Below APP_FULL_COLS the label goes (the foot names the focused
	 * metric) so the values keep their room. */
	int narrow = app->cols < APP_FULL_COLS;
	int focus = i == cv->sel, x = narrow ? 8 : 31, val = cv->value[i];
	size_t n = n_values(m);

	draw_text(app, y, 1, 2, focus ? "\xe2\x96\xb8" : " ", STYLE_BOLD,
	          0); /* ▸ */
	draw_text(app, y, 3, 5, m->code, focus ? STYLE_BOLD : STYLE_DIM, 0);
	if (!narrow)
		draw_text(app, y, 8, 22, m->label,
		          focus ? STYLE_BOLD : STYLE_NORMAL, 0);
	for (size_t j = 0; j < n && x < app->cols - 1; j++) {
		int on = (int)j == val;
		char *text = xasprintf("%s%s%s", on ? "[" : " ",
		                       m->values[j].code, on ? "]" : " ");

		x += draw_text(app, y, x, app->cols - 1 - x, text,
		               on ? STYLE_SELECTED : STYLE_NORMAL, 0);
		free(text);
	}
	if (x < 62 && !narrow)
		x = 62;
	else
		x++;
	if (x >= app->cols - 1)
		return;
	if (val < 0)
		draw_text(app, y, x, app->cols - 1 - x, "(pick one)", STYLE_BAD,
		          0);
	else
		draw_text(app, y, x, app->cols - 1 - x, m->values[val].name,
		          m->optional && val == 0 ? STYLE_DIM : STYLE_BOLD, 0);
}

static void draw_foot(struct app *app, const struct cvss_view *cv,
                      const struct cvss_layout *l)
{
	const struct cvss_metric *m = &cv->metrics[cv->sel];
	char line[512];
	size_t len = 0, n = n_values(m);
	int y = l->foot_y - (l->foot_lines < 2);

	snprintf(line, sizeof line, "%s (%s)%s", m->label, m->code,
	         m->kind == KIND_BASE     ? ""
	         : m->kind == KIND_THREAT ? ": optional"
	         : m->kind == KIND_ENV    ? ": optional, environmental"
	                                  : ": optional, supplemental");
	if (l->foot_lines >= 2)
		draw_text(app, y, 1, app->cols - 2, line, STYLE_BOLD, 0);
	line[0] = '\0';
	for (size_t j = 0; j < n && len < sizeof line; j++) {
		const struct cvss_value *cvv = &m->values[j];

		if (strcmp(cvv->code, cvv->name) == 0)
			len +=
			    (size_t)snprintf(line + len, sizeof line - len,
			                     "%s%s", j ? "  " : "", cvv->code);
		else
			len += (size_t)snprintf(line + len, sizeof line - len,
			                        "%s%s %s", j ? "  " : "",
			                        cvv->code, cvv->name);
	}
	draw_text(app, y + 1, 1, app->cols - 2, line, STYLE_NORMAL, 0);
}

static void cvss_draw(struct app *app, struct view *v)
{
	struct cvss_view *cv = v->state;
	struct cvss_layout l;
	int h;
	char *left, *right;

	cvss_layout(app, &l);
	h = l.list_h;
	left = xasprintf("irt \xe2\x80\x94 CVSS calculator: #%ld %s", cv->id,
	                 cv->title);
	right = xasprintf("CVSS %s (v switches)",
	                  cvss_version_name(versions[cv->version].version));
	draw_titlebar(app, left, right);
	free(left);
	free(right);
	draw_score(app, cv);
	draw_vector(app, cv, l.vector_lines);
	if (cv->confirming)
		draw_text(app, l.message_y, 1, app->cols - 2,
		          "Discard your picks? y discards them, any other key "
		          "keeps editing",
		          STYLE_ERROR, 0);
	else if (!cv->scored)
		draw_text(app, l.message_y, 1, app->cols - 2, cv->problem,
		          STYLE_BAD, 0);
	else if (changed(cv))
		draw_text(
		    app, l.message_y, 1, app->cols - 2,
		    "Enter saves this vector as the severity; Esc cancels",
		    STYLE_BOLD, 0);
	else
		draw_text(app, l.message_y, 1, app->cols - 2,
		          "The incident's vector as stored; pick values to "
		          "change it",
		          STYLE_DIM, 0);
	scroll_to_sel(cv, h);
	for (int r = 0; r < h && cv->top + (size_t)r < cv->n_rows; r++) {
		const struct row *row = &cv->rows[cv->top + (size_t)r];

		if (row->metric < 0)
			draw_text(app, l.list_top + r, 1, app->cols - 2,
			          row->heading, STYLE_HEADER, 0);
		else
			draw_metric(app, cv, l.list_top + r,
			            (size_t)row->metric);
	}
	draw_foot(app, cv, &l);
}

static const struct key_help cvss_keys[] = {
    {"j k, Down Up", "previous / next metric"},
    {"PgDn PgUp, g, Home End", "a page / first / last metric"},
    {"Tab, Shift-Tab", "next / previous group of metrics"},
    {"Left Right, h l, Space", "previous / next value of the metric"},
    {"A-Z", "pick the value with that letter (N for Network, ...)"},
    {"x, Backspace, Delete", "clear the metric (X, Not Defined)"},
    {"v", "switch version: 3.1, 4.0, 3.0 (same picks kept)"},
    {"Enter", "save the vector as the incident's severity"},
    {"Esc, q", "cancel (asks first when something changed)"},
    {NULL, NULL},
};

const struct view_ops view_cvss_ops = {
    .name = "CVSS calculator",
    .open = cvss_open,
    .draw = cvss_draw,
    .key = cvss_key,
    .close = cvss_close,
    .unsaved = cvss_unsaved,
    .keys = cvss_keys,
    .hint = "\xe2\x86\x90\xe2\x86\x92 or letter: value  "
            "\xe2\x86\x91\xe2\x86\x93 metric  Tab group  v version  "
            "Enter save  Esc cancel",
};
