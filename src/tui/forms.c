/*
 * forms.c - the prompts of the action keys and what they record.
 *
 * Every submit callback changes data through one tracker_* call (one
 * atomic write), then calls app_changed() so all views reload, and says
 * what was done on the status line. A refusal is returned to the form,
 * which shows it in place.
 */
#include "tui/forms.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "irt/export.h"
#include "irt/timeutil.h"
#include "irt/tracker.h"
#include "irt/xalloc.h"
#include "tui/draft.h"
#include "tui/view_form.h"
#include "tui/view_incident.h"
#include "tui/view_menu.h"

static const char *const sources[] = {
    "", "email", "bounty", "internal", "monitoring", "other", NULL};
static const char *const stages[] = {"detect", "contain", "fix",
                                     "notify", "review",  NULL};
static const char *const resolutions[] = {"resolved", "rejected", "duplicate",
                                          "not-applicable", NULL};
static const char *const action_types[] = {"corrective", "preventive",
                                           "detective", NULL};
static const char *const audiences[] = {"platform", "customers", "internal",
                                        "reporter", NULL};
static const char *const note_kinds[] = {
    "note", "observation", "decision", "action", "comms", "milestone", NULL};
static const char *const export_formats[] = {"md",  "html", "pdf", "json",
                                             "csv", "csaf", "osv", NULL};

#define SEVERITY_HINT                                                          \
	"none, low, medium, high, critical, or a CVSS vector "                 \
	"(CVSS:3.1/AV:N/...)"

/* A copy of s without leading and trailing blanks (malloc'd). */
static char *trimmed(const char *s)
{
	size_t n;
	char *out;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	out = xmalloc(n + 1);
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

/*
 * Reads a severity as typed: a level name, or a CVSS vector (anything
 * starting "CVSS:"). Sets *level (or -1) and *vector (a pointer into
 * text, or NULL).
 */
static enum irt_status parse_severity(const char *text, int *level,
                                      const char **vector, struct irt_err *err)
{
	*level = -1;
	*vector = NULL;
	if (strncasecmp(text, "CVSS:", 5) == 0) {
		*vector = text;
		return IRT_OK;
	}
	*level = severity_parse(text);
	if (*level <= 0)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "unknown severity \"%.40s\": a level "
		                   "(none..critical) or a CVSS vector",
		                   text);
	return IRT_OK;
}

/* ---- when it happened --------------------------------------------- */

/* Every form that records something ends with this field: blank is now,
 * else a time as timeutil_parse_record() reads it (the rule book then
 * refuses the future, and steps before the report or the stage). */
#define WHEN_LABEL "When"
#define WHEN_HINT                                                              \
	"Blank = now; or when it happened: 03:12, -20m, 2026-11-29 03:12"

struct form_field forms_when_field(void)
{
	return (struct form_field){WHEN_LABEL, NULL, NULL, 0, WHEN_HINT};
}

/* When something happened, as typed (NULL or blank: now, 0). */
static enum irt_status form_time(const char *typed, int64_t *at_ms,
                                 struct irt_err *err)
{
	char *when = trimmed(typed ? typed : "");
	enum irt_status status = IRT_OK;

	*at_ms = 0;
	if (when[0])
		status =
		    timeutil_parse_record(when, timeutil_now_ms(), at_ms, err);
	free(when);
	return status;
}

enum irt_status forms_when(char *const *v, int i, int64_t *at_ms, int *bad,
                           struct irt_err *err)
{
	enum irt_status status = form_time(v[i], at_ms, err);

	if (status != IRT_OK)
		*bad = i;
	return status;
}

/* ---- new incident ------------------------------------------------- */

/* The fields in the order they are shown: the triage (severity, the
 * commander) right after the title, so reporting and triaging take
 * two Tabs; the details that can wait after them. */
enum {
	NEW_TITLE,
	NEW_SEVERITY,
	NEW_OWNER,
	NEW_DESCRIPTION,
	NEW_SOURCE,
	NEW_REPORTER,
	NEW_COMPONENT,
	NEW_REPORTED,
	NEW_COUNT
};

static enum irt_status submit_new(struct app *app, const struct form_spec *spec,
                                  char *const *v, int *bad, struct irt_err *err)
{
	struct new_incident ni = {0};
	char *severity = trimmed(v[NEW_SEVERITY]);
	enum irt_status status;
	char reported[TIMEUTIL_BUFSZ];
	int64_t at_ms;
	long id = 0;

	(void)spec;
	status = forms_when(v, NEW_REPORTED, &at_ms, bad, err);
	if (status == IRT_OK && at_ms) {
		timeutil_format_utc(at_ms, reported, sizeof reported);
		ni.field[FIELD_REPORTED] = reported;
	}
	ni.field[FIELD_TITLE] = v[NEW_TITLE];
	ni.field[FIELD_SOURCE] = v[NEW_SOURCE];
	ni.field[FIELD_REPORTER] = v[NEW_REPORTER];
	ni.field[FIELD_COMPONENT] = v[NEW_COMPONENT];
	ni.field[FIELD_DESCRIPTION] = v[NEW_DESCRIPTION];
	ni.owner = v[NEW_OWNER];
	if (status == IRT_OK && severity[0]) {
		int level;
		const char *vector;

		status = parse_severity(severity, &level, &vector, err);
		if (status != IRT_OK)
			*bad = NEW_SEVERITY;
		else if (vector)
			ni.field[FIELD_CVSS] = vector;
		else
			ni.field[FIELD_SEVERITY] = severity;
	}
	if (status == IRT_OK)
		status = tracker_new(app_tracker(app), &ni, &id, err);
	if (status == IRT_ERR_INVALID && *bad < 0 && ni.field[FIELD_CVSS])
		*bad = NEW_SEVERITY;
	else if (status == IRT_ERR_INVALID && *bad < 0 && at_ms)
		*bad = NEW_REPORTED;
	free(severity);
	if (status != IRT_OK)
		return status;
	app_changed(app);
	view_incident_open(app, id);
	app_status(app, "Recorded #%ld", id);
	return IRT_OK;
}

void forms_new_incident(struct app *app)
{
	struct form_spec spec = {
	    .title = "New incident",
	    .intro = "What was reported? Only the title is required; the "
	             "rest can be filled in later (e in the incident).",
	    .n_fields = NEW_COUNT,
	    .submit_label = "create",
	    .time_fields = 1u << NEW_REPORTED,
	    .submit = submit_new,
	};

	spec.fields[NEW_TITLE] =
	    (struct form_field){"Title", NULL, NULL, 1,
	                        "A short summary people will "
	                        "recognise"};
	spec.fields[NEW_SOURCE] =
	    (struct form_field){"Source", "", sources, 0, "How it reached us"};
	spec.fields[NEW_REPORTER] =
	    (struct form_field){"Reporter", NULL, NULL, 0, "Who reported it"};
	spec.fields[NEW_COMPONENT] = (struct form_field){
	    "Component", NULL, NULL, 0, "The affected component"};
	spec.fields[NEW_DESCRIPTION] =
	    (struct form_field){"Description", NULL, NULL, 0,
	                        "What was reported (Ctrl-E opens your editor)"};
	spec.fields[NEW_SEVERITY] =
	    (struct form_field){"Severity", NULL, NULL, 0, SEVERITY_HINT};
	spec.fields[NEW_OWNER] = (struct form_field){
	    "Owner", NULL, NULL, 0, "Incident commander (detect stage)"};
	spec.fields[NEW_REPORTED] = (struct form_field){
	    "Reported", NULL, NULL, 0,
	    "Blank = now; or when it was reported: 02:47, -2h, "
	    "2026-11-29 02:47"};
	view_form_open(app, &spec);
}

/* ---- note --------------------------------------------------------- */

/* The note form's fields; a draft names them by their labels. */
enum { NOTE_TEXT, NOTE_WHEN, NOTE_KIND, NOTE_COUNT };
#define NOTE_KIND_LABEL "Kind"

static enum irt_status submit_note(struct app *app,
                                   const struct form_spec *spec, char *const *v,
                                   int *bad, struct irt_err *err)
{
	int64_t at_ms = 0;
	enum irt_status status = forms_when(v, NOTE_WHEN, &at_ms, bad, err);

	if (status == IRT_OK)
		status = tracker_note(app_tracker(app), spec->id, at_ms,
		                      v[NOTE_KIND], v[NOTE_TEXT], err);
	if (status != IRT_OK)
		return status;
	app_changed(app);
	if (strcmp(v[NOTE_KIND], "note") == 0)
		app_status(app, "Note added to #%ld", spec->id);
	else
		app_status(app, "Note (%s) added to #%ld", v[NOTE_KIND],
		           spec->id);
	return IRT_OK;
}

void forms_note(struct app *app, const struct incident *inc)
{
	struct form_spec spec = {
	    .n_fields = NOTE_COUNT,
	    .submit_label = "record",
	    .id = inc->id,
	    .draft_key = inc->uuid,
	    .time_fields = 1u << NOTE_WHEN,
	    .submit = submit_note,
	};
	char *title = xasprintf("Note on #%ld", inc->id);

	spec.title = title;
	spec.fields[NOTE_TEXT] = (struct form_field){
	    "Note", NULL, NULL, 1,
	    "One line here; Ctrl-E opens your editor for long text"};
	spec.fields[NOTE_WHEN] = forms_when_field();
	spec.fields[NOTE_KIND] = (struct form_field){
	    NOTE_KIND_LABEL, "note", note_kinds, 0,
	    "note, observation, decision, action, comms or milestone (a key "
	    "moment of the post-mortem's timeline)"};
	view_form_open(app, &spec);
	free(title);
}

/* Keeps text as the note's draft for inc, with the fields d had;
 * returns 0 or -1. */
static int keep_note(const struct incident *inc, struct draft *d,
                     const char *text)
{
	draft_set_text(d, text);
	return draft_save(inc->uuid, d);
}

void forms_note_editor(struct app *app, const struct incident *inc)
{
	struct irt_err err;
	struct draft d;
	char *text = NULL;
	const char *kind;
	int had_draft = draft_load(inc->uuid, &d) == 0;
	int64_t at_ms = 0;
	enum irt_status status;

	/* An unsent draft is where the editor starts; its When and Kind go
	 * with the note. */
	status = app_edit_text(app, had_draft ? d.text : NULL, &text, &err);
	if (status == IRT_ERR_INTERRUPTED) {
		/* The terminal is going: what the editor held is kept. */
		if (text && keep_note(inc, &d, text) != 0)
			app->unkept = 1;
		goto out;
	}
	kind = draft_get(&d, NOTE_KIND_LABEL);
	if (status == IRT_OK)
		status = form_time(draft_get(&d, WHEN_LABEL), &at_ms, &err);
	if (status == IRT_OK)
		status = tracker_note(app_tracker(app), inc->id, at_ms,
		                      kind ? kind : "", text, &err);
	if (status != IRT_OK) {
		/* What was written and not recorded is not lost either. */
		if (text && keep_note(inc, &d, text) == 0) {
			char why[sizeof err.msg];

			snprintf(why, sizeof why, "%s", err.msg);
			irt_err_set(&err, status,
			            "%.900s; the note is kept as a draft (n "
			            "brings it back)",
			            why);
			app_changed(app);
		}
		app_error(app, &err);
		goto out;
	}
	if (had_draft)
		draft_remove(inc->uuid);
	app_changed(app);
	app_status(app, "Note added to #%ld", inc->id);
out:
	free(text);
	draft_free(&d);
}

/* ---- owner, severity, fields -------------------------------------- */

static enum irt_status submit_owner(struct app *app,
                                    const struct form_spec *spec,
                                    char *const *v, int *bad,
                                    struct irt_err *err)
{
	int st = stage_parse(v[1]);
	int64_t at_ms;
	enum irt_status status = forms_when(v, 2, &at_ms, bad, err);

	if (status == IRT_OK)
		status = tracker_assign(app_tracker(app), spec->id, at_ms, st,
		                        v[0], err);
	if (status != IRT_OK)
		return status;
	app_changed(app);
	app_status(app, "%s owner of #%ld set", v[1], spec->id);
	return IRT_OK;
}

/*
 * Up to FORM_MAX_SUGGEST owners to offer (malloc'd, NULL-terminated):
 * this incident's stage owners, then the owners of the incidents changed
 * most recently, each once. Free with free_names.
 */
static char **recent_owners(struct app *app, const struct incident *inc)
{
	struct list_filter filter = {.closed = 2,
	                             .stage = -1,
	                             .severity = -1,
	                             .sort = LIST_SORT_UPDATED,
	                             .limit = 50};
	struct incident_rows rows = {0};
	struct irt_err err;
	char **names = xcalloc(FORM_MAX_SUGGEST + 1, sizeof *names);
	size_t n = 0;
	const char *cand;

	for (size_t k = 0;; k++) {
		if (k < STAGE_WORK_COUNT)
			cand = inc->owner[k];
		else if (k - STAGE_WORK_COUNT < rows.count)
			cand = rows.items[k - STAGE_WORK_COUNT].owner;
		else if (k == STAGE_WORK_COUNT && !rows.items &&
		         db_incident_list(app->db, &filter, &rows, &err) ==
		             IRT_OK &&
		         rows.count)
			cand = rows.items[0].owner;
		else
			break;
		if (n == FORM_MAX_SUGGEST)
			break;
		if (!cand || !cand[0])
			continue;
		for (size_t j = 0; j < n; j++)
			if (strcmp(names[j], cand) == 0)
				cand = NULL;
		if (cand)
			names[n++] = xstrdup(cand);
	}
	incident_rows_free(&rows);
	return names;
}

static void free_names(char **names)
{
	for (size_t i = 0; names && names[i]; i++)
		free(names[i]);
	free(names);
}

void forms_owner(struct app *app, const struct incident *inc)
{
	char **recent = recent_owners(app, inc);
	enum stage st =
	    inc->stage == STAGE_CLOSED ? inc->prev_stage : inc->stage;
	struct form_spec spec = {
	    .n_fields = 3,
	    .submit_label = "assign",
	    .id = inc->id,
	    .submit = submit_owner,
	};
	char *title = xasprintf("Owner of #%ld", inc->id);

	spec.title = title;
	spec.fields[0] =
	    (struct form_field){"Owner", incident_owner(inc, st), NULL, 1,
	                        "Who is responsible for this stage"};
	spec.replace_fields = 1u;
	spec.suggest[0] = (const char *const *)recent;
	spec.fields[1] = (struct form_field){
	    "Stage", stage_name(st), stages, 0,
	    "detect: commander, fix: developer, notify: comms"};
	spec.fields[2] = forms_when_field();
	view_form_open(app, &spec);
	free(title);
	free_names(recent);
}

static enum irt_status submit_severity(struct app *app,
                                       const struct form_spec *spec,
                                       char *const *v, int *bad,
                                       struct irt_err *err)
{
	char *text = trimmed(v[0]);
	const char *vector;
	int level;
	int64_t at_ms;
	enum irt_status status = forms_when(v, 1, &at_ms, bad, err);

	if (status == IRT_OK)
		status = parse_severity(text, &level, &vector, err);
	if (status == IRT_OK)
		status = tracker_severity(app_tracker(app), spec->id, at_ms,
		                          level, vector, err);
	free(text);
	if (status != IRT_OK)
		return status;
	app_changed(app);
	app_status(app, "Severity of #%ld set", spec->id);
	return IRT_OK;
}

void forms_severity(struct app *app, const struct incident *inc)
{
	struct form_spec spec = {
	    .n_fields = 2,
	    .submit_label = "set",
	    .id = inc->id,
	    .submit = submit_severity,
	};
	char *title = xasprintf("Severity of #%ld", inc->id);

	spec.title = title;
	spec.intro = "A level for outages, or a CVSS v3.0/v3.1/v4.0 vector "
	             "that sets the level from its score. To build a vector "
	             "metric by metric, Esc and press v (CVSS calculator).";
	spec.fields[0] = (struct form_field){"Severity",
	                                     inc->field[FIELD_CVSS][0]
	                                         ? inc->field[FIELD_CVSS]
	                                         : severity_name(inc->severity),
	                                     NULL, 1, SEVERITY_HINT};
	spec.replace_fields = 1u;
	spec.fields[1] = forms_when_field();
	view_form_open(app, &spec);
	free(title);
}

static enum irt_status submit_field(struct app *app,
                                    const struct form_spec *spec,
                                    char *const *v, int *bad,
                                    struct irt_err *err)
{
	int64_t at_ms;
	enum irt_status status = forms_when(v, 1, &at_ms, bad, err);

	if (status == IRT_OK)
		status = tracker_set(app_tracker(app), spec->id, at_ms,
		                     (enum field)spec->n, v[0], err);
	if (status != IRT_OK)
		return status;
	app_changed(app);
	app_status(app, "%s of #%ld set", incident_fields[spec->n].name,
	           spec->id);
	return IRT_OK;
}

static const char *field_hint(enum field f)
{
	switch (incident_fields[f].type) {
	case FTYPE_TIME:
		return "A time: 2026-11-29 03:12, 03:12, -2h, now; blank "
		       "clears it";
	case FTYPE_CVE:
		return "CVE-YYYY-NNNN; blank clears it";
	case FTYPE_SOURCE:
		return "How it reached us";
	default:
		return "Blank clears it; Ctrl-E opens your editor";
	}
}

void forms_field(struct app *app, const struct incident *inc, enum field f)
{
	struct form_spec spec = {
	    .n_fields = 2,
	    .submit_label = "set",
	    .id = inc->id,
	    .n = f,
	    .submit = submit_field,
	};
	char *title = xasprintf("%s of #%ld", incident_fields[f].name, inc->id);

	spec.title = title;
	spec.fields[0] = (struct form_field){
	    incident_fields[f].name, inc->field[f],
	    incident_fields[f].type == FTYPE_SOURCE ? sources : NULL,
	    f == FIELD_TITLE, field_hint(f)};
	spec.fields[1] = forms_when_field();
	spec.fields[1].hint = "Blank = now; or when it changed: 03:12, -20m, "
	                      "2026-11-29 03:12";
	view_form_open(app, &spec);
	free(title);
}

static void pick_field(struct app *app, const struct menu_spec *spec,
                       const struct menu_item *item)
{
	struct incident inc;
	struct irt_err err;

	incident_init(&inc);
	incident_clear(&inc);
	if (db_incident_load(app->db, spec->id, &inc, &err) != IRT_OK)
		app_error(app, &err);
	else
		forms_field(app, &inc, (enum field)item->tag);
	incident_clear(&inc);
}

/* The field the current stage most needs filled in, or -1: the first
 * empty one its gate (in detect, the intake fields policy p requires;
 * in notify, the customers' message) asks for. */
static int wanted_field(const struct incident *inc, const struct policy *p)
{
	static const enum field contain[] = {FIELD_CONTAINMENT, FIELD_COUNT};
	static const enum field fix[] = {FIELD_ROOT_CAUSE, FIELD_FIX_REF,
	                                 FIELD_COUNT};
	static const enum field notify[] = {FIELD_IMPACT, FIELD_SCOPE,
	                                    FIELD_FIX_REF, FIELD_ADVISORY,
	                                    FIELD_COUNT};
	static const enum field review[] = {FIELD_SUMMARY, FIELD_LESSONS,
	                                    FIELD_COUNT};
	const enum field *want = inc->stage == STAGE_CONTAIN  ? contain
	                         : inc->stage == STAGE_FIX    ? fix
	                         : inc->stage == STAGE_NOTIFY ? notify
	                         : inc->stage == STAGE_REVIEW ? review
	                                                      : NULL;

	for (int i = 0; inc->stage == STAGE_DETECT && i < INTAKE_COUNT; i++) {
		enum field f = incident_intake_field((enum intake_field)i);

		if ((p->intake_required >> i & 1u) && !inc->field[f][0])
			return (int)f;
	}
	for (size_t i = 0; want && want[i] != FIELD_COUNT; i++)
		if (!inc->field[want[i]][0])
			return (int)want[i];
	return -1;
}

void forms_field_next(struct app *app, const struct incident *inc)
{
	int want = wanted_field(inc, &app->policy);

	if (want >= 0)
		forms_field(app, inc, (enum field)want);
	else
		forms_field_menu(app, inc);
}

void forms_field_menu(struct app *app, const struct incident *inc)
{
	struct menu_spec spec = {.id = inc->id, .pick = pick_field};
	char *title = xasprintf("Edit a field of #%ld", inc->id);
	char *details[FIELD_COUNT] = {0};
	int want = wanted_field(inc, &app->policy);

	spec.title = title;
	for (int f = 0; f < FIELD_COUNT && spec.n_items < MENU_MAX_ITEMS; f++) {
		if (!incident_fields[f].settable)
			continue;
		details[f] = xstrdup(inc->field[f]);
		if (f == want)
			spec.sel = spec.n_items;
		spec.items[spec.n_items++] =
		    (struct menu_item){incident_fields[f].name, details[f], f};
	}
	app_push(app, &view_menu_ops, &spec);
	for (int f = 0; f < FIELD_COUNT; f++)
		free(details[f]);
	free(title);
}

/* ---- close, reopen ------------------------------------------------ */

static enum irt_status submit_close(struct app *app,
                                    const struct form_spec *spec,
                                    char *const *v, int *bad,
                                    struct irt_err *err)
{
	int r = resolution_parse(v[0]);
	int64_t at_ms;
	enum irt_status status = forms_when(v, 2, &at_ms, bad, err);

	if (status == IRT_OK)
		status = tracker_close(app_tracker(app), spec->id, at_ms,
		                       (enum resolution)r, v[1], err);
	if (status != IRT_OK)
		return status;
	app_changed(app);
	app_status(app, "#%ld closed as %s", spec->id, v[0]);
	return IRT_OK;
}

void forms_close(struct app *app, const struct incident *inc)
{
	struct form_spec spec = {
	    .n_fields = 3,
	    .submit_label = "close",
	    .id = inc->id,
	    .submit = submit_close,
	};
	char *title = xasprintf("Close #%ld", inc->id);

	if (inc->stage == STAGE_CLOSED) {
		app_status(app, "#%ld is already closed; r reopens it",
		           inc->id);
		free(title);
		return;
	}
	spec.title = title;
	spec.intro = "Closing ends the incident from any stage; the reason "
	             "goes in the timeline.";
	spec.fields[0] =
	    (struct form_field){"Resolution", "resolved", resolutions, 0, NULL};
	spec.fields[1] = (struct form_field){"Reason", NULL, NULL, 1,
	                                     "Why it is closed (recorded)"};
	spec.fields[2] = forms_when_field();
	view_form_open(app, &spec);
	free(title);
}

static enum irt_status submit_reopen(struct app *app,
                                     const struct form_spec *spec,
                                     char *const *v, int *bad,
                                     struct irt_err *err)
{
	int64_t at_ms;
	enum irt_status status = forms_when(v, 1, &at_ms, bad, err);

	if (status == IRT_OK)
		status = tracker_reopen(app_tracker(app), spec->id, at_ms, v[0],
		                        err);
	if (status != IRT_OK)
		return status;
	app_changed(app);
	app_status(app, "#%ld reopened", spec->id);
	return IRT_OK;
}

void forms_reopen(struct app *app, const struct incident *inc)
{
	struct form_spec spec = {
	    .n_fields = 2,
	    .submit_label = "reopen",
	    .id = inc->id,
	    .submit = submit_reopen,
	};
	char *title = xasprintf("Reopen #%ld", inc->id);

	if (inc->stage != STAGE_CLOSED) {
		app_status(app, "#%ld is open; only a closed incident reopens",
		           inc->id);
		free(title);
		return;
	}
	spec.title = title;
	spec.fields[0] = (struct form_field){
	    "Reason", NULL, NULL, 1,
	    "Why it is reopened (recorded); it returns to the stage it "
	    "left"};
	spec.fields[1] = forms_when_field();
	view_form_open(app, &spec);
	free(title);
}

/* ---- corrective actions, notifications, acknowledgement ------------ */

static enum irt_status submit_action(struct app *app,
                                     const struct form_spec *spec,
                                     char *const *v, int *bad,
                                     struct irt_err *err)
{
	char *due = trimmed(v[3]);
	int64_t due_ms = 0, at_ms;
	enum irt_status status = forms_when(v, 5, &at_ms, bad, err);
	long n = 0;

	if (status == IRT_OK && due[0]) {
		status =
		    timeutil_parse_record(due, timeutil_now_ms(), &due_ms, err);
		if (status != IRT_OK)
			*bad = 3;
	}
	free(due);
	if (status == IRT_OK)
		status =
		    tracker_action_add(app_tracker(app), spec->id, at_ms, v[0],
		                       v[1], v[2], due_ms, v[4], &n, err);
	if (status != IRT_OK)
		return status;
	app_changed(app);
	app_status(app, "Action %ld added to #%ld", n, spec->id);
	return IRT_OK;
}

void forms_action(struct app *app, const struct incident *inc)
{
	struct form_spec spec = {
	    .n_fields = 6,
	    .submit_label = "add",
	    .id = inc->id,
	    .submit = submit_action,
	};
	char *title = xasprintf("Corrective action for #%ld", inc->id);

	spec.title = title;
	spec.fields[0] =
	    (struct form_field){"Action", NULL, NULL, 1, "What will be done"};
	spec.fields[1] = (struct form_field){
	    "Type", "corrective", action_types, 0,
	    "corrective fixes, preventive prevents, detective detects"};
	spec.fields[2] =
	    (struct form_field){"Owner", NULL, NULL, 0, "Who will do it"};
	spec.fields[3] = (struct form_field){
	    "Due", NULL, NULL, 0, "A date: 2026-12-15, +14d; blank = none"};
	spec.fields[4] = (struct form_field){
	    "Ticket", NULL, NULL, 0,
	    "Where it is followed: an issue URL or key; blank = none"};
	spec.fields[5] = forms_when_field();
	view_form_open(app, &spec);
	free(title);
}

static enum irt_status submit_action_done(struct app *app,
                                          const struct form_spec *spec,
                                          char *const *v, int *bad,
                                          struct irt_err *err)
{
	int64_t at_ms;
	enum irt_status status = forms_when(v, 0, &at_ms, bad, err);

	if (status == IRT_OK)
		status = tracker_action_done(app_tracker(app), spec->id, at_ms,
		                             spec->n, err);
	if (status != IRT_OK)
		return status;
	app_changed(app);
	app_status(app, "Action %ld of #%ld done", spec->n, spec->id);
	return IRT_OK;
}

void forms_action_done(struct app *app, const struct incident *inc, long n)
{
	struct form_spec spec = {
	    .n_fields = 1,
	    .submit_label = "done",
	    .id = inc->id,
	    .n = n,
	    .time_fields = 1u,
	    .submit = submit_action_done,
	};
	char *title = xasprintf("Action %ld of #%ld done", n, inc->id);

	spec.title = title;
	spec.intro = "Enter marks the action done (When blank: now); Esc "
	             "cancels and records nothing. It cannot be undone.";
	spec.fields[0] = forms_when_field();
	spec.fields[0].hint = "Blank = now; or when it was done: 03:12, -2h, "
	                      "2026-11-29 03:12";
	view_form_open(app, &spec);
	free(title);
}

static enum irt_status submit_none(struct app *app,
                                   const struct form_spec *spec, char *const *v,
                                   int *bad, struct irt_err *err)
{
	int64_t at_ms;
	enum irt_status status = forms_when(v, 1, &at_ms, bad, err);

	if (status == IRT_OK)
		status = tracker_actions_none(app_tracker(app), spec->id, at_ms,
		                              v[0], err);
	if (status != IRT_OK)
		return status;
	app_changed(app);
	app_status(app, "Recorded: #%ld needs no corrective action", spec->id);
	return IRT_OK;
}

void forms_actions_none(struct app *app, const struct incident *inc)
{
	struct form_spec spec = {
	    .n_fields = 2,
	    .submit_label = "record",
	    .id = inc->id,
	    .submit = submit_none,
	};
	char *title = xasprintf("No corrective action for #%ld", inc->id);

	spec.title = title;
	spec.intro = "The review needs a corrective action or an explicit "
	             "none. Say why none is needed.";
	spec.fields[0] = (struct form_field){"Reason", NULL, NULL, 1,
	                                     "Recorded in the timeline"};
	spec.fields[1] = forms_when_field();
	view_form_open(app, &spec);
	free(title);
}

static enum irt_status submit_notification(struct app *app,
                                           const struct form_spec *spec,
                                           char *const *v, int *bad,
                                           struct irt_err *err)
{
	struct notification_spec ns = {0};
	char *to = xstrdup(v[2]), *save = NULL;
	const char *list[32];
	enum irt_status status = forms_when(v, 3, &ns.at_ms, bad, err);

	if (status != IRT_OK) {
		free(to);
		return status;
	}
	ns.audience = (enum audience)audience_parse(v[0]);
	ns.channel = v[1];
	for (char *tok = strtok_r(to, ", ", &save); tok && ns.n_to < 32;
	     tok = strtok_r(NULL, ", ", &save))
		list[ns.n_to++] = tok;
	ns.to = list;
	ns.subject = "";
	ns.status = "recorded";
	ns.message = v[4];
	status = tracker_notification(app_tracker(app), spec->id, &ns, err);
	free(to);
	if (status != IRT_OK)
		return status;
	app_changed(app);
	app_status(app, "Notification of %s recorded on #%ld", v[0], spec->id);
	return IRT_OK;
}

void forms_notification(struct app *app, const struct incident *inc)
{
	struct form_spec spec = {
	    .n_fields = 5,
	    .submit_label = "record",
	    .id = inc->id,
	    .submit = submit_notification,
	};
	char *title = xasprintf("Notification sent for #%ld", inc->id);

	spec.title = title;
	spec.intro = "Records a notification made by other means (the "
	             "notify gate counts it).";
	spec.fields[0] =
	    (struct form_field){"Audience", "platform", audiences, 0, NULL};
	spec.fields[1] = (struct form_field){"Channel", "email", NULL, 0,
	                                     "email, status page, phone, ..."};
	spec.fields[2] = (struct form_field){"To", NULL, NULL, 0,
	                                     "Recipients, separated by commas"};
	spec.fields[3] = forms_when_field();
	spec.fields[3].hint = "Blank = now; or when it was made: 03:12, -2h, "
	                      "2026-11-29 03:12";
	spec.fields[4] = (struct form_field){
	    "Message", NULL, NULL, 0,
	    "What was said, kept in the timeline (Ctrl-E opens your editor)"};
	view_form_open(app, &spec);
	free(title);
}

static enum irt_status submit_ack(struct app *app, const struct form_spec *spec,
                                  char *const *v, int *bad, struct irt_err *err)
{
	int64_t at_ms;
	enum irt_status status = forms_when(v, 0, &at_ms, bad, err);

	if (status == IRT_OK)
		status = tracker_ack(app_tracker(app), spec->id, at_ms, err);
	if (status != IRT_OK)
		return status;
	app_changed(app);
	app_status(app, "#%ld acknowledged", spec->id);
	return IRT_OK;
}

void forms_ack(struct app *app, const struct incident *inc)
{
	struct form_spec spec = {
	    .n_fields = 1,
	    .submit_label = "acknowledge",
	    .id = inc->id,
	    .time_fields = 1u,
	    .submit = submit_ack,
	};
	char *title;

	if (inc->acked_ms) {
		char when[TIMEUTIL_BUFSZ];

		timeutil_format_local_short(inc->acked_ms, when, sizeof when);
		app_status(app, "#%ld was already acknowledged at %s", inc->id,
		           when);
		return;
	}
	title = xasprintf("Acknowledge #%ld", inc->id);
	spec.title = title;
	spec.intro = "Enter records that the report was acknowledged to "
	             "the reporter (When blank: now); Esc cancels and "
	             "records nothing. An acknowledgement cannot be undone.";
	spec.fields[0] = forms_when_field();
	spec.fields[0].hint = "Blank = now; or when it was acknowledged: "
	                      "03:12, -2h, 2026-11-29 03:12";
	view_form_open(app, &spec);
	free(title);
}

/* ---- export ------------------------------------------------------- */

/* The file an export goes to when none is named: ./incident-N.EXT, the
 * advisories ./incident-N.csaf.json and ./incident-N.osv.json. */
static char *default_export_path(long id, const char *format)
{
	int f = export_format_parse(format);

	return xasprintf("./incident-%ld.%s%s", id, format,
	                 f >= 0 && export_format_public((enum export_format)f)
	                     ? ".json"
	                     : "");
}

/* Whether path is the default name for some format (so that it follows
 * the format picked rather than keeping the extension shown). */
static int is_default_export_path(long id, const char *path)
{
	for (size_t i = 0; export_formats[i]; i++) {
		char *d = default_export_path(id, export_formats[i]);
		int same = strcmp(d, path) == 0;

		free(d);
		if (same)
			return 1;
	}
	return 0;
}

static enum irt_status submit_export(struct app *app,
                                     const struct form_spec *spec,
                                     char *const *v, int *bad,
                                     struct irt_err *err)
{
	struct export_doc doc;
	int format = export_format_parse(v[0]);
	char *typed = trimmed(v[1]), *path, *buf = NULL;
	const char *home = getenv("HOME");
	int64_t until = 0;
	size_t len = 0;
	enum irt_status status;

	if (!typed[0] || is_default_export_path(spec->id, typed))
		path = default_export_path(spec->id, v[0]);
	else if (strncmp(typed, "~/", 2) == 0 && home && home[0])
		path = xasprintf("%s%s", home, typed + 1);
	else
		path = xstrdup(typed);
	free(typed);
	if (format < 0) {
		free(path);
		*bad = 0;
		return irt_err_set(err, IRT_ERR_INVALID, "unknown format");
	}
	status = db_refuse_own_file(app->db, path, err);
	if (status != IRT_OK) {
		app_error(app, err);
		free(path);
		*bad = 1;
		return status;
	}
	status = export_load(app->db, spec->id, timeutil_now_ms(), &doc, err);
	export_set_publisher(&doc, app->ctx ? app->ctx->config : NULL);
	/* An advisory is public: under embargo it is refused here; the
	 * command line's --force --reason records why it goes out. */
	if (status == IRT_OK &&
	    export_format_public((enum export_format)format) &&
	    export_embargoed(&doc.inc, timeutil_now_ms(), &until)) {
		char when[TIMEUTIL_BUFSZ] = "a time that does not parse";

		if (until > 0)
			timeutil_format_local(until, when, sizeof when);
		status = irt_err_set(err, IRT_ERR_GATE,
		                     "Embargoed until %s (irt export --force "
		                     "--reason TEXT)",
		                     when);
	}
	if (status == IRT_OK)
		status = export_render(&doc, (enum export_format)format, &buf,
		                       &len, err);
	export_doc_free(&doc);
	if (status == IRT_OK) {
		status = export_save_file(path, buf, len, err);
		if (status != IRT_OK)
			*bad = 1;
	}
	free(buf);
	if (status != IRT_OK) {
		app_error(app, err);
		free(path);
		return status;
	}
	app_status(app, "#%ld exported as %s: written to %s (%zu bytes)",
	           spec->id, v[0], path, len);
	free(path);
	return IRT_OK;
}

void forms_export(struct app *app, const struct incident *inc)
{
	struct form_spec spec = {
	    .n_fields = 2,
	    .submit_label = "export",
	    .id = inc->id,
	    .submit = submit_export,
	};
	char *title = xasprintf("Export #%ld", inc->id);
	char *path = default_export_path(inc->id, export_formats[0]);

	spec.title = title;
	spec.intro = "md, html and pdf (A4): the post-mortem; json: the "
	             "complete record (irt import reads it); csv: the "
	             "timeline; csaf, osv: the public advisory.";
	spec.fields[0] =
	    (struct form_field){"Format", export_formats[0], export_formats, 0,
	                        "md, html, pdf, json, csv, csaf or osv"};
	spec.fields[1] = (struct form_field){
	    "File", path, NULL, 0,
	    "Written whole or not at all; ./incident-N.EXT follows the "
	    "format"};
	view_form_open(app, &spec);
	free(path);
	free(title);
}
