/*
 * rules.c - the rule book (rules.h): whether an event may follow the
 * state its predecessors built.
 *
 * Every check reads the state before the event and the event alone, so
 * the writer, verify and import reach the same verdict on the same
 * history. Messages name the rule in the words irt(1) uses for it.
 */
#include "irt/rules.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/cvss.h"
#include "irt/sanitize.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

#define BROKEN(err, ...) irt_err_set(err, IRT_ERR_INVALID, __VA_ARGS__)

static int blank(const char *s)
{
	return !s[strspn(s, " \t\r\n")];
}

static int utf8(const char *s)
{
	return sanitize_utf8_valid(s, strlen(s));
}

/* "2026-11-27 09:00:00 UTC+01:00"-like local time, for messages. */
static const char *when(int64_t ms, char *buf, size_t size)
{
	timeutil_format_local(ms, buf, size);
	return buf;
}

/* The severity a standing vector gives, or SEVERITY_UNSET when none. */
static enum severity vector_band(const struct incident *inc)
{
	if (!inc->field[FIELD_CVSS][0] || inc->cvss_score < 0)
		return SEVERITY_UNSET;
	return severity_from_score(inc->cvss_score);
}

static int severity_pending(const struct incident *inc)
{
	enum severity band = vector_band(inc);

	return band != SEVERITY_UNSET && band != inc->severity;
}

/* The event's data as a JSON object (NULL when "" or not an object). */
static json_t *data_object(const struct event *ev)
{
	json_t *data;

	if (!ev->data[0])
		return NULL;
	data = json_loads(ev->data, JSON_REJECT_DUPLICATES, NULL);
	if (data && !json_is_object(data)) {
		json_decref(data);
		return NULL;
	}
	return data;
}

/* Every member of obj is one of the NULL-terminated keys. */
static int only_keys(json_t *obj, const char *const *keys)
{
	const char *key;
	json_t *value;

	json_object_foreach(obj, key, value)
	{
		size_t i = 0;

		while (keys[i] && strcmp(keys[i], key) != 0)
			i++;
		if (!keys[i])
			return 0;
	}
	return 1;
}

static int is_str(json_t *obj, const char *key)
{
	return json_is_string(json_object_get(obj, key));
}

/* The key of a time exception: an event the ordering rules would refuse,
 * recorded anyway (`--force --reason`), carries its reason here. */
#define FORCED_TIME "forced_time"

/* The event records a time exception with a reason. */
static int time_forced(const struct event *ev)
{
	json_t *data = data_object(ev);
	const char *reason =
	    json_string_value(json_object_get(data, FORCED_TIME));
	int forced = reason && !blank(reason);

	json_decref(data);
	return forced;
}

/* The event's data is "" or holds a time exception alone. */
static int data_at_most_forced_time(const struct event *ev)
{
	static const char *const keys[] = {FORCED_TIME, NULL};
	json_t *data;
	int ok;

	if (!ev->data[0])
		return 1;
	data = data_object(ev);
	ok = data && only_keys(data, keys) && time_forced(ev);
	json_decref(data);
	return ok;
}

static enum irt_status check_cvss(const struct event *ev, struct irt_err *err)
{
	static const char *const keys[] = {"score", "version", NULL};
	struct cvss_result res;
	struct irt_err detail;
	json_t *data;
	enum irt_status status = IRT_OK;
	char want[16], got[16], v01[16];

	if (!ev->new_value[0])
		return ev->data[0] ? BROKEN(err, "clearing the CVSS vector "
		                                 "carries no score")
		                   : IRT_OK;
	if (cvss_score(ev->new_value, &res, &detail) != IRT_OK)
		return BROKEN(err, "the CVSS vector is invalid: %s",
		              detail.msg);
	if (strcmp(res.vector, ev->new_value) != 0)
		return BROKEN(err,
		              "the CVSS vector is not in its normal form "
		              "(%.120s)",
		              res.vector);
	data = data_object(ev);
	if (!data || !only_keys(data, keys) ||
	    !json_is_number(json_object_get(data, "score")) ||
	    !is_str(data, "version")) {
		json_decref(data);
		return BROKEN(err, "a CVSS vector must carry its score and "
		                   "version");
	}
	snprintf(want, sizeof want, "%.1f", res.score);
	snprintf(got, sizeof got, "%.1f",
	         json_number_value(json_object_get(data, "score")));
	snprintf(v01, sizeof v01, "%.1f", res.score_v01);
	/* irt 0.1 rounded v4.0 scores without the reference's epsilon: its
	 * events carry that score, computed too, and still verify. */
	if (strcmp(want, got) != 0 && strcmp(v01, got) != 0)
		status =
		    BROKEN(err,
		           "the stored CVSS score %s is not the vector's "
		           "score %s (scores are computed, never believed)",
		           got, want);
	else if (strcmp(json_string_value(json_object_get(data, "version")),
	                cvss_version_name(res.version)) != 0)
		status = BROKEN(err,
		                "the stored CVSS version is not the "
		                "vector's (%s)",
		                cvss_version_name(res.version));
	json_decref(data);
	return status;
}

/* The earliest acknowledgement or stage change after detect: a report
 * time may not move past it. 0 when none. */
static int64_t first_step(const struct incident *inc)
{
	int64_t first = inc->acked_ms;

	for (int s = STAGE_CONTAIN; s < STAGE_COUNT; s++)
		if (inc->entered_ms[s] &&
		    (!first || inc->entered_ms[s] < first))
			first = inc->entered_ms[s];
	return first;
}

/* The report time a set of "reported" gives. */
static int64_t reported_value(const struct incident *inc,
                              const struct event *ev)
{
	int64_t t = inc->created_ms;

	if (ev->new_value[0])
		timeutil_parse(ev->new_value, 0, &t, NULL);
	return t;
}

/* When the incident began (its "started" field), or 0 when unknown. */
static int64_t started_value(const struct incident *inc)
{
	int64_t t = 0;

	if (inc->field[FIELD_STARTED][0] &&
	    timeutil_parse(inc->field[FIELD_STARTED], 0, &t, NULL) != IRT_OK)
		t = 0;
	return t;
}

/* An incident begins before it is reported, or when it is: a start
 * after the report, or a report moved before the start, is refused
 * (a fact about the incident, not an entry's timing, so no time
 * exception lets it through). */
static enum irt_status check_started(const struct incident *inc,
                                     const struct event *ev, enum field f,
                                     struct irt_err *err)
{
	char a[TIMEUTIL_BUFSZ], b[TIMEUTIL_BUFSZ];
	int64_t started, reported;

	if (f == FIELD_STARTED) {
		if (!ev->new_value[0] ||
		    timeutil_parse(ev->new_value, 0, &started, NULL) !=
		        IRT_OK ||
		    started <= inc->reported_ms)
			return IRT_OK;
		return BROKEN(err,
		              "the incident cannot have started (%s) after "
		              "it was reported (%s)",
		              when(started, a, sizeof a),
		              when(inc->reported_ms, b, sizeof b));
	}
	started = started_value(inc);
	reported = reported_value(inc, ev);
	if (f != FIELD_REPORTED || !started || started <= reported)
		return IRT_OK;
	return BROKEN(err,
	              "the report time %s would come before the incident "
	              "started (%s)",
	              when(reported, a, sizeof a), when(started, b, sizeof b));
}

static enum irt_status check_set(const struct incident *inc,
                                 const struct event *ev, struct irt_err *err)
{
	int f = incident_field_parse(ev->field);
	char *norm = NULL;
	struct irt_err detail;
	enum irt_status status = IRT_OK;
	char a[TIMEUTIL_BUFSZ];

	if (f < 0)
		return BROKEN(err, "unknown field \"%.40s\"", ev->field);
	/* A report time never set is the create event's: a change records
	 * that as its old value (older entries
	 * recorded "", which still verify). */
	if (strcmp(ev->old_value, inc->field[f]) != 0 &&
	    strcmp(ev->old_value,
	           incident_field_value(inc, (enum field)f, a, sizeof a)) != 0)
		return BROKEN(err,
		              "the old value of %s is not its value at the "
		              "time",
		              incident_fields[f].name);
	if (f == FIELD_CVSS)
		return check_cvss(ev, err);
	if (f == FIELD_REPORTED ? !data_at_most_forced_time(ev) : !!ev->data[0])
		return BROKEN(err, "a change of %s carries no data",
		              incident_fields[f].name);
	if (incident_field_normalise((enum field)f, ev->new_value, 0, &norm,
	                             &detail) != IRT_OK)
		return BROKEN(err, "%s", detail.msg);
	if (strcmp(norm, ev->new_value) != 0)
		status = BROKEN(err, "the new %s is not in its normal form",
		                incident_fields[f].name);
	free(norm);
	if (status != IRT_OK)
		return status;
	if (f == FIELD_SEVERITY) {
		enum severity band = vector_band(inc);

		if (band != SEVERITY_UNSET &&
		    strcmp(ev->new_value, severity_name(band)) != 0)
			return BROKEN(
			    err,
			    "the severity must be %s, the band of the "
			    "CVSS vector that stands",
			    severity_name(band));
	}
	if (check_started(inc, ev, (enum field)f, err) != IRT_OK)
		return IRT_ERR_INVALID;
	if (f == FIELD_REPORTED) {
		int64_t t = reported_value(inc, ev);

		if (t > ev->recorded_ms + RULES_SKEW_MS)
			return BROKEN(err,
			              "the report time %s is in the "
			              "future of its entry",
			              when(t, a, sizeof a));
	}
	return IRT_OK;
}

static enum irt_status check_advance(const struct incident *inc,
                                     const struct event *ev,
                                     const struct policy *p,
                                     struct irt_err *err)
{
	static const char *const keys[] = {"reason", "unmet", FORCED_TIME,
	                                   NULL};
	struct gate_report gate;
	int unmet;
	json_t *data;
	enum irt_status status = IRT_OK;

	if (inc->stage == STAGE_CLOSED)
		return BROKEN(err, "a closed incident cannot advance");
	if (strcmp(ev->old_value, stage_name(inc->stage)) != 0 ||
	    strcmp(ev->new_value, stage_name((enum stage)(inc->stage + 1))) !=
	        0)
		return BROKEN(err,
		              "stages advance one at a time: from %s only to "
		              "%s, not %.20s -> %.20s",
		              stage_name(inc->stage),
		              stage_name((enum stage)(inc->stage + 1)),
		              ev->old_value, ev->new_value);
	unmet = incident_gate(inc, p, &gate);
	if (strcmp(ev->field, "forced") != 0) {
		if (ev->field[0] || !data_at_most_forced_time(ev))
			return BROKEN(err, "an advance is plain or forced");
		if (unmet > 0)
			return BROKEN(err,
			              "the gate of %s was not met (%d of %zu "
			              "items) and no force was recorded",
			              stage_name(inc->stage), unmet,
			              gate.count);
		return IRT_OK;
	}
	data = data_object(ev);
	if (!data || !only_keys(data, keys) || !is_str(data, "reason") ||
	    blank(json_string_value(json_object_get(data, "reason"))) ||
	    !json_is_array(json_object_get(data, "unmet")))
		status = BROKEN(err, "a forced advance must record its "
		                     "reason and the unmet gate items");
	json_decref(data);
	return status;
}

/* A control character (C0, DEL, C1) in s, which is valid UTF-8. */
static int has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f ||
		    (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return 1;
	return 0;
}

/* An action's optional "ticket": absent (older entries, and actions
 * followed nowhere else), or a non-blank string without control
 * characters. */
static int ticket_ok(json_t *data)
{
	json_t *ticket = json_object_get(data, "ticket");
	const char *s = json_string_value(ticket);

	if (!ticket)
		return 1;
	return s && !blank(s) && utf8(s) && !has_control(s);
}

static enum irt_status check_action(const struct incident *inc,
                                    const struct event *ev, struct irt_err *err)
{
	static const char *const keys[] = {"type", "owner", "due", "ticket",
	                                   NULL};
	long next = 1;
	char num[24];
	json_t *data;
	const char *due;
	int64_t ms;
	enum irt_status status = IRT_OK;

	for (size_t i = 0; i < inc->n_actions; i++)
		if (inc->actions[i].n >= next)
			next = inc->actions[i].n + 1;
	snprintf(num, sizeof num, "%ld", next);
	if (strcmp(ev->field, num) != 0)
		return BROKEN(err,
		              "actions are numbered in order: this one "
		              "is %s",
		              num);
	if (blank(ev->new_value))
		return BROKEN(err, "an action needs a title");
	data = data_object(ev);
	if (!data || !only_keys(data, keys) || !is_str(data, "type") ||
	    !is_str(data, "owner") || !is_str(data, "due") ||
	    action_type_parse(
	        json_string_value(json_object_get(data, "type"))) < 0) {
		json_decref(data);
		return BROKEN(err, "an action records its type, owner and due "
		                   "date");
	}
	if (!ticket_ok(data)) {
		json_decref(data);
		return BROKEN(err, "an action's ticket, when recorded, is text "
		                   "without control characters");
	}
	due = json_string_value(json_object_get(data, "due"));
	if (due[0] && (timeutil_parse(due, 0, &ms, NULL) != IRT_OK ||
	               !timeutil_recordable(ms)))
		status = BROKEN(err, "the action's due date is not a time in "
		                     "1990..9999");
	json_decref(data);
	return status;
}

static enum irt_status check_notify(const struct event *ev, struct irt_err *err)
{
	static const char *const keys[] = {
	    "channel", "to", "subject", "status", "command", "exit", NULL};
	json_t *data, *to, *item;
	const char *status_text;
	size_t i;
	int ok;

	if (audience_parse(ev->field) < 0)
		return BROKEN(err, "unknown audience \"%.40s\"", ev->field);
	data = data_object(ev);
	to = json_object_get(data, "to");
	ok = data && only_keys(data, keys) && is_str(data, "channel") &&
	     is_str(data, "subject") && is_str(data, "status") &&
	     json_is_array(to) &&
	     (!json_object_get(data, "command") || is_str(data, "command")) &&
	     (!json_object_get(data, "exit") ||
	      json_is_integer(json_object_get(data, "exit")));
	json_array_foreach(to, i, item) ok = ok && json_is_string(item);
	status_text =
	    ok ? json_string_value(json_object_get(data, "status")) : "";
	if (ok && strcmp(status_text, "sent") != 0 &&
	    strcmp(status_text, "recorded") != 0 &&
	    strcmp(status_text, "failed") != 0)
		ok = 0;
	json_decref(data);
	if (!ok)
		return BROKEN(err, "a notification records its channel, "
		                   "recipients, subject and a status of sent, "
		                   "recorded or failed");
	return IRT_OK;
}

/* The rules every event obeys, whatever its kind. */
static enum irt_status check_common(const struct incident *inc,
                                    const struct event *ev, struct irt_err *err)
{
	const char *texts[] = {ev->actor,     ev->kind,      ev->field,
	                       ev->old_value, ev->new_value, ev->text,
	                       ev->data};
	char a[TIMEUTIL_BUFSZ], b[TIMEUTIL_BUFSZ];

	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		if (!utf8(texts[i]))
			return BROKEN(err, "its text is not valid UTF-8");
	if (blank(ev->actor))
		return BROKEN(err, "it names no actor");
	if (!timeutil_recordable(ev->at_ms) ||
	    !timeutil_recordable(ev->recorded_ms))
		return BROKEN(err, "its times lie outside 1990..9999");
	if (ev->seq > 1 && ev->recorded_ms < inc->updated_ms)
		return BROKEN(err,
		              "recorded times never go backwards: recorded "
		              "%s, before the previous entry (%s)",
		              when(ev->recorded_ms, a, sizeof a),
		              when(inc->updated_ms, b, sizeof b));
	if (ev->at_ms > ev->recorded_ms + RULES_SKEW_MS)
		return BROKEN(err,
		              "nothing is recorded before it happens: it "
		              "happened at %s, recorded at %s",
		              when(ev->at_ms, a, sizeof a),
		              when(ev->recorded_ms, b, sizeof b));
	if (ev->data[0]) {
		json_t *data = data_object(ev);

		if (!data)
			return BROKEN(err, "its data is not a JSON object");
		json_decref(data);
	}
	return IRT_OK;
}

/* Acknowledgements and stage changes: not before the report, and (for
 * a stage left) not before the stage was entered. */
static enum irt_status step_order(const struct incident *inc,
                                  const struct event *ev, enum stage left,
                                  struct irt_err *err)
{
	char a[TIMEUTIL_BUFSZ], b[TIMEUTIL_BUFSZ];

	if (ev->at_ms < inc->reported_ms)
		return BROKEN(err, "it happened at %s, before the report (%s)",
		              when(ev->at_ms, a, sizeof a),
		              when(inc->reported_ms, b, sizeof b));
	if (left < STAGE_COUNT && ev->at_ms < inc->entered_ms[left])
		return BROKEN(err,
		              "%s is left at %s, before it was entered (%s)",
		              stage_name(left), when(ev->at_ms, a, sizeof a),
		              when(inc->entered_ms[left], b, sizeof b));
	return IRT_OK;
}

enum irt_status rules_time_order(const struct incident *inc,
                                 const struct event *ev, struct irt_err *err)
{
	const char *k = ev->kind;
	char a[TIMEUTIL_BUFSZ], b[TIMEUTIL_BUFSZ];

	if (strcmp(k, "ack") == 0)
		return step_order(inc, ev, STAGE_COUNT, err);
	if (strcmp(k, "advance") == 0 || strcmp(k, "close") == 0)
		return step_order(
		    inc, ev,
		    inc->stage < STAGE_CLOSED ? inc->stage : STAGE_COUNT, err);
	if (strcmp(k, "reopen") == 0)
		return step_order(inc, ev, STAGE_CLOSED, err);
	if (strcmp(k, "action-done") == 0) {
		long num = strtol(ev->field, NULL, 10);

		for (size_t i = 0; i < inc->n_actions; i++)
			if (inc->actions[i].n == num &&
			    ev->at_ms < inc->actions[i].created_ms)
				return BROKEN(err,
				              "action %ld is done before it "
				              "was added",
				              num);
		return IRT_OK;
	}
	if (strcmp(k, "set") == 0 &&
	    strcmp(ev->field, incident_fields[FIELD_REPORTED].name) == 0) {
		int64_t t = reported_value(inc, ev), first = first_step(inc);

		if (first && t > first)
			return BROKEN(err,
			              "the report time %s would follow the "
			              "acknowledgement or stage change at %s",
			              when(t, a, sizeof a),
			              when(first, b, sizeof b));
	}
	return IRT_OK;
}

/* The ordering rules, or the time exception the event records instead:
 * an exception only where a rule would refuse. */
static enum irt_status check_order(const struct incident *inc,
                                   const struct event *ev, struct irt_err *err)
{
	enum irt_status status = rules_time_order(inc, ev, err);

	if (!time_forced(ev))
		return status;
	return status == IRT_OK ? BROKEN(err, "a time exception is recorded "
	                                      "only where an ordering rule "
	                                      "refuses the time")
	                        : IRT_OK;
}

static enum irt_status check_kind(const struct incident *inc,
                                  const struct event *ev,
                                  const struct policy *p, struct irt_err *err)
{
	const char *k = ev->kind;
	int n;

	if (strcmp(k, "create") == 0)
		return blank(ev->new_value)
		           ? BROKEN(err, "an incident needs a title")
		           : IRT_OK;
	if (strcmp(k, "set") == 0)
		return check_set(inc, ev, err) != IRT_OK
		           ? IRT_ERR_INVALID
		           : check_order(inc, ev, err);
	if (strcmp(k, "advance") == 0)
		return check_advance(inc, ev, p, err) != IRT_OK
		           ? IRT_ERR_INVALID
		           : check_order(inc, ev, err);
	if (strcmp(k, "action") == 0)
		return check_action(inc, ev, err);
	if (strcmp(k, "notify") == 0)
		return check_notify(ev, err);
	/* The kinds below carry no data, but for a time exception on
	 * those the ordering rules date. */
	if (!data_at_most_forced_time(ev) ||
	    (ev->data[0] && strcmp(k, "ack") != 0 && strcmp(k, "close") != 0 &&
	     strcmp(k, "reopen") != 0 && strcmp(k, "action-done") != 0))
		return BROKEN(err, "%s events carry no data", k);
	if (strcmp(k, "owner") == 0) {
		n = stage_parse(ev->field);
		if (n < 0 || n >= STAGE_WORK_COUNT)
			return BROKEN(err, "owner of unknown stage \"%.20s\"",
			              ev->field);
		if (strcmp(ev->old_value, inc->owner[n]) != 0)
			return BROKEN(err,
			              "the old %s owner is not the owner "
			              "at the time",
			              ev->field);
		return blank(ev->new_value) ? BROKEN(err, "the owner is empty")
		                            : IRT_OK;
	}
	if (strcmp(k, "ack") == 0) {
		char canon[TIMEUTIL_BUFSZ];

		if (inc->acked_ms)
			return BROKEN(err, "a report is acknowledged once");
		timeutil_format_utc(ev->at_ms, canon, sizeof canon);
		if (strcmp(canon, ev->new_value) != 0)
			return BROKEN(err, "the acknowledgement time is not "
			                   "the time it happened");
		return check_order(inc, ev, err);
	}
	if (strcmp(k, "close") == 0) {
		if (inc->stage == STAGE_CLOSED)
			return BROKEN(err, "the incident is already closed");
		if (resolution_parse(ev->field) <= RESOLUTION_NONE)
			return BROKEN(err, "unknown resolution \"%.30s\"",
			              ev->field);
		if (strcmp(ev->old_value, stage_name(inc->stage)) != 0 ||
		    strcmp(ev->new_value, stage_name(STAGE_CLOSED)) != 0)
			return BROKEN(err,
			              "a close goes from the current "
			              "stage (%s) to closed",
			              stage_name(inc->stage));
		if (blank(ev->text))
			return BROKEN(err, "a close needs a reason");
		return check_order(inc, ev, err);
	}
	if (strcmp(k, "reopen") == 0) {
		if (inc->stage != STAGE_CLOSED)
			return BROKEN(err, "only a closed incident reopens");
		if (strcmp(ev->old_value, stage_name(STAGE_CLOSED)) != 0 ||
		    strcmp(ev->new_value, stage_name(inc->prev_stage)) != 0)
			return BROKEN(err,
			              "a reopen returns to the stage that was "
			              "left (%s)",
			              stage_name(inc->prev_stage));
		if (blank(ev->text))
			return BROKEN(err, "a reopen needs a reason");
		return check_order(inc, ev, err);
	}
	if (strcmp(k, "note") == 0)
		return blank(ev->field) || blank(ev->text)
		           ? BROKEN(err, "a note needs a kind and text")
		           : IRT_OK;
	if (strcmp(k, "action-done") == 0) {
		long num = strtol(ev->field, NULL, 10);

		for (size_t i = 0; i < inc->n_actions; i++) {
			const struct action *a = &inc->actions[i];

			if (a->n != num)
				continue;
			if (a->done_ms)
				return BROKEN(err, "action %ld is already done",
				              num);
			return check_order(inc, ev, err);
		}
		return BROKEN(err, "there is no action %.20s", ev->field);
	}
	if (strcmp(k, "actions-none") == 0)
		return blank(ev->text) ? BROKEN(err, "say why no corrective "
		                                     "action is needed")
		                       : IRT_OK;
	return BROKEN(err, "unknown kind \"%.20s\"", k);
}

enum irt_status rules_check(const struct incident *inc, const struct event *ev,
                            const struct policy *p, struct irt_err *err)
{
	int is_create = strcmp(ev->kind, "create") == 0;

	if (ev->seq == 1 && !is_create)
		return BROKEN(err, "the first event must create the incident");
	if (ev->seq != 1 && is_create)
		return BROKEN(err, "an incident is created once");
	if (check_common(inc, ev, err) != IRT_OK)
		return IRT_ERR_INVALID;
	if (severity_pending(inc) &&
	    !(strcmp(ev->kind, "set") == 0 &&
	      strcmp(ev->field, incident_fields[FIELD_SEVERITY].name) == 0))
		return BROKEN(err,
		              "the CVSS vector gives %s, but the severity "
		              "was not set to it",
		              severity_name(vector_band(inc)));
	return check_kind(inc, ev, p, err);
}

enum irt_status rules_check_end(const struct incident *inc, struct irt_err *err)
{
	if (severity_pending(inc))
		return BROKEN(err,
		              "the CVSS vector gives %s, but the severity is "
		              "%s",
		              severity_name(vector_band(inc)),
		              inc->severity ? severity_name(inc->severity)
		                            : "unset");
	return IRT_OK;
}

enum irt_status rules_apply(struct incident *inc, const struct event *ev,
                            const struct policy *p, struct irt_err *err)
{
	enum irt_status status = rules_check(inc, ev, p, err);

	return status != IRT_OK ? status : incident_apply(inc, ev, err);
}
