/*
 * incident.c - the projection of an incident's events, its fields and its
 * stage gates.
 *
 * incident_apply() is the only code that changes an incident's state, so
 * the projection written with each event and the one `irt verify`
 * rebuilds from the timeline cannot drift apart.
 */
#include "irt/incident.h"

#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "irt/chain.h"
#include "irt/cvss.h"
#include "irt/sanitize.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

const struct field_info incident_fields[FIELD_COUNT] = {
#define INCIDENT_FIELD_INFO(e, name, col, type, settable)                      \
	{name, col, type, settable},
    INCIDENT_FIELDS(INCIDENT_FIELD_INFO)
#undef INCIDENT_FIELD_INFO
};

static const char *const sources[] = {"email", "bounty", "internal",
                                      "monitoring", "other"};

static const char *const action_types[ACTION_TYPE_COUNT] = {
    "corrective", "preventive", "detective"};

const char *incident_source_name(size_t i)
{
	return i < sizeof sources / sizeof *sources ? sources[i] : NULL;
}

const char *action_type_name(enum action_type t)
{
	return (unsigned)t < ACTION_TYPE_COUNT ? action_types[t] : "";
}

int action_type_parse(const char *name)
{
	for (int i = 0; i < ACTION_TYPE_COUNT; i++)
		if (strcasecmp(name, action_types[i]) == 0)
			return i;
	return -1;
}

int incident_field_parse(const char *name)
{
	for (int i = 0; i < FIELD_COUNT; i++) {
		const char *a = incident_fields[i].name, *b = name;

		/* '-' and '_' are the same letter here. */
		while (*a && *b &&
		       (*a == *b || ((*a == '-' || *a == '_') &&
		                     (*b == '-' || *b == '_')))) {
			a++;
			b++;
		}
		if (!*a && !*b)
			return i;
	}
	return -1;
}

static int valid_cve(const char *s)
{
	size_t n = 0;

	if (strncasecmp(s, "CVE-", 4) != 0)
		return 0;
	s += 4;
	for (n = 0; n < 4; n++)
		if (!isdigit((unsigned char)s[n]))
			return 0;
	if (s[4] != '-')
		return 0;
	s += 5;
	for (n = 0; isdigit((unsigned char)s[n]); n++)
		;
	return n >= 4 && n <= 19 && s[n] == '\0';
}

const char *incident_field_value(const struct incident *inc, enum field f,
                                 char *buf, size_t size)
{
	if (f != FIELD_REPORTED || inc->field[f][0] || !inc->created_ms)
		return inc->field[f];
	timeutil_format_utc(inc->created_ms, buf, size);
	return buf;
}

enum irt_status incident_field_normalise(enum field f, const char *value,
                                         int64_t now_ms, char **out,
                                         struct irt_err *err)
{
	const struct field_info *info = &incident_fields[f];
	int64_t ms;
	char buf[TIMEUTIL_BUFSZ];

	*out = NULL;
	if (!sanitize_utf8_valid(value, strlen(value)))
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "the %s is not valid UTF-8; nothing was "
		                   "recorded",
		                   info->name);
	if (value[0] == '\0') {
		if (f == FIELD_TITLE)
			return irt_err_set(err, IRT_ERR_INVALID,
			                   "the title cannot be empty");
		*out = xstrdup("");
		return IRT_OK;
	}
	switch (info->type) {
	case FTYPE_SOURCE:
		for (size_t i = 0; i < sizeof sources / sizeof *sources; i++)
			if (strcasecmp(value, sources[i]) == 0) {
				*out = xstrdup(sources[i]);
				return IRT_OK;
			}
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "unknown source \"%.60s\" (use email, "
		                   "bounty, internal, monitoring or other)",
		                   value);
	case FTYPE_TIME:
		if (timeutil_parse_record(value, now_ms, &ms, err) != IRT_OK)
			return err ? err->status : IRT_ERR_INVALID;
		timeutil_format_utc(ms, buf, sizeof buf);
		*out = xstrdup(buf);
		return IRT_OK;
	case FTYPE_CVE:
		if (!valid_cve(value))
			return irt_err_set(err, IRT_ERR_INVALID,
			                   "\"%.60s\" is not a CVE ID "
			                   "(CVE-YYYY-NNNN)",
			                   value);
		*out = xstrdup(value);
		for (char *p = *out; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		return IRT_OK;
	case FTYPE_SEVERITY:
		if (severity_parse(value) < 0)
			return irt_err_set(
			    err, IRT_ERR_INVALID,
			    "unknown severity \"%.60s\" (use "
			    "none, low, medium, high or critical)",
			    value);
		*out = xstrdup(severity_name(severity_parse(value)));
		return IRT_OK;
	case FTYPE_TEXT:
	case FTYPE_CVSS:
		break;
	}
	*out = xstrdup(value);
	return IRT_OK;
}

void incident_init(struct incident *inc)
{
	memset(inc, 0, sizeof *inc);
	for (int i = 0; i < FIELD_COUNT; i++)
		inc->field[i] = xstrdup("");
	for (int i = 0; i < STAGE_WORK_COUNT; i++)
		inc->owner[i] = xstrdup("");
	inc->actions_none = xstrdup("");
	inc->cvss_score = -1;
	inc->stage = STAGE_DETECT;
	inc->prev_stage = STAGE_DETECT;
	strcpy(inc->head_hash, chain_genesis);
}

static void action_free(struct action *a)
{
	free(a->title);
	free(a->type);
	free(a->owner);
	free(a->ticket);
}

static void notification_free(struct notification *n)
{
	free(n->audience);
	free(n->channel);
	free(n->recipients);
	free(n->subject);
	free(n->status);
}

void incident_clear(struct incident *inc)
{
	if (!inc)
		return;
	for (int i = 0; i < FIELD_COUNT; i++)
		free(inc->field[i]);
	for (int i = 0; i < STAGE_WORK_COUNT; i++)
		free(inc->owner[i]);
	free(inc->actions_none);
	for (size_t i = 0; i < inc->n_actions; i++)
		action_free(&inc->actions[i]);
	free(inc->actions);
	for (size_t i = 0; i < inc->n_notifications; i++)
		notification_free(&inc->notifications[i]);
	free(inc->notifications);
	free(inc->listed_owner);
	memset(inc, 0, sizeof *inc);
}

static void set_str(char **slot, const char *value)
{
	char *copy = xstrdup(value);

	free(*slot);
	*slot = copy;
}

static const char *json_str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : "";
}

/* Whether ev, a CVSS change, carries the score irt 0.1 computed for its
 * vector (a v4.0 score rounded without the reference's epsilon) rather
 * than today's: then that computed score is the one its incident had. */
static int v01_scored(const struct event *ev, double v01)
{
	json_t *data = json_loads(ev->data, 0, NULL);
	json_t *score = json_object_get(data, "score");
	char a[16], b[16];
	int is_v01 = 0;

	if (json_is_number(score)) {
		snprintf(a, sizeof a, "%.1f", json_number_value(score));
		snprintf(b, sizeof b, "%.1f", v01);
		is_v01 = strcmp(a, b) == 0;
	}
	json_decref(data);
	return is_v01;
}

/* Updates the values derived from field f after it changed. */
static enum irt_status derive(struct incident *inc, enum field f,
                              const struct event *ev, struct irt_err *err)
{
	const char *value = inc->field[f];
	int64_t ms = 0;

	switch (f) {
	case FIELD_SEVERITY: {
		int sev = severity_parse(value);

		if (sev < 0)
			return irt_err_set(
			    err, IRT_ERR_CORRUPT,
			    "event %ld: unknown severity \"%.40s\"", ev->seq,
			    value);
		inc->severity = (enum severity)sev;
		break;
	}
	case FIELD_CVSS: {
		struct cvss_result res;

		/* The score is computed from the vector, never read from
		 * the event: a stored score is not believed. */
		inc->cvss_score = -1;
		inc->cvss_version[0] = '\0';
		if (!value[0])
			break;
		if (cvss_score(value, &res, NULL) != IRT_OK)
			return irt_err_set(err, IRT_ERR_CORRUPT,
			                   "event %ld: invalid CVSS vector",
			                   ev->seq);
		inc->cvss_score = res.score;
		if (res.score_v01 != res.score && v01_scored(ev, res.score_v01))
			inc->cvss_score = res.score_v01;
		snprintf(inc->cvss_version, sizeof inc->cvss_version, "%s",
		         cvss_version_name(res.version));
		break;
	}
	case FIELD_REPORTED:
		if (value[0] && timeutil_parse(value, 0, &ms, NULL) != IRT_OK)
			return irt_err_set(err, IRT_ERR_CORRUPT,
			                   "event %ld: bad time \"%.40s\"",
			                   ev->seq, value);
		inc->reported_ms = value[0] ? ms : inc->created_ms;
		break;
	default:
		break;
	}
	return IRT_OK;
}

static struct action *find_action(struct incident *inc, const char *n_text)
{
	long n = strtol(n_text, NULL, 10);

	for (size_t i = 0; i < inc->n_actions; i++)
		if (inc->actions[i].n == n)
			return &inc->actions[i];
	return NULL;
}

static enum irt_status apply_action(struct incident *inc,
                                    const struct event *ev, struct irt_err *err)
{
	json_t *data = json_loads(ev->data[0] ? ev->data : "{}", 0, NULL);
	struct action *a;
	int64_t due = 0;

	if (!data)
		return irt_err_set(err, IRT_ERR_CORRUPT,
		                   "event %ld: unreadable action data",
		                   ev->seq);
	if (json_str(data, "due")[0] &&
	    timeutil_parse(json_str(data, "due"), 0, &due, NULL) != IRT_OK)
		due = 0;
	inc->actions =
	    xrealloc(inc->actions, (inc->n_actions + 1) * sizeof *inc->actions);
	a = &inc->actions[inc->n_actions++];
	a->n = strtol(ev->field, NULL, 10);
	a->title = xstrdup(ev->new_value);
	a->type = xstrdup(json_str(data, "type")[0] ? json_str(data, "type")
	                                            : "corrective");
	a->owner = xstrdup(json_str(data, "owner"));
	a->ticket = xstrdup(json_str(data, "ticket"));
	a->due_ms = due;
	a->created_ms = ev->at_ms;
	a->done_ms = 0;
	json_decref(data);
	return IRT_OK;
}

static enum irt_status apply_notify(struct incident *inc,
                                    const struct event *ev, struct irt_err *err)
{
	json_t *data = json_loads(ev->data[0] ? ev->data : "{}", 0, NULL);
	struct notification *n;
	json_t *to, *item;
	size_t i;
	char *list = xstrdup("");

	if (!data)
		return irt_err_set(err, IRT_ERR_CORRUPT,
		                   "event %ld: unreadable notification data",
		                   ev->seq);
	to = json_object_get(data, "to");
	json_array_foreach(to, i, item)
	{
		char *next = xasprintf(
		    "%s%s%s", list, i ? "," : "",
		    json_string_value(item) ? json_string_value(item) : "");
		free(list);
		list = next;
	}
	inc->notifications =
	    xrealloc(inc->notifications,
	             (inc->n_notifications + 1) * sizeof *inc->notifications);
	n = &inc->notifications[inc->n_notifications++];
	n->seq = ev->seq;
	n->audience = xstrdup(ev->field);
	n->channel = xstrdup(json_str(data, "channel"));
	n->recipients = list;
	n->subject = xstrdup(json_str(data, "subject"));
	n->status =
	    xstrdup(json_str(data, "status")[0] ? json_str(data, "status")
	                                        : "recorded");
	n->at_ms = ev->at_ms;
	json_decref(data);
	return IRT_OK;
}

static void enter_stage(struct incident *inc, enum stage to, int64_t at_ms)
{
	inc->left_ms[inc->stage] = at_ms;
	inc->stage = to;
	inc->entered_ms[to] = at_ms;
	inc->left_ms[to] = 0;
}

enum irt_status incident_apply(struct incident *inc, const struct event *ev,
                               struct irt_err *err)
{
	const char *kind = ev->kind;
	int f, st;

	if (ev->seq != inc->n_events + 1)
		return irt_err_set(err, IRT_ERR_CORRUPT,
		                   "event %ld out of order (expected %ld)",
		                   ev->seq, inc->n_events + 1);
	if (strcmp(kind, "create") == 0) {
		if (ev->seq != 1)
			return irt_err_set(err, IRT_ERR_CORRUPT,
			                   "event %ld: a second create",
			                   ev->seq);
		snprintf(inc->uuid, sizeof inc->uuid, "%s", ev->incident_uuid);
		set_str(&inc->field[FIELD_TITLE], ev->new_value);
		inc->created_ms = ev->at_ms;
		inc->reported_ms = ev->at_ms;
		inc->stage = STAGE_DETECT;
		inc->entered_ms[STAGE_DETECT] = ev->at_ms;
	} else if (ev->seq == 1) {
		return irt_err_set(err, IRT_ERR_CORRUPT,
		                   "event 1 is \"%.20s\", not create", kind);
	} else if (strcmp(kind, "set") == 0) {
		f = incident_field_parse(ev->field);
		if (f < 0)
			return irt_err_set(err, IRT_ERR_CORRUPT,
			                   "event %ld: unknown field \"%.40s\"",
			                   ev->seq, ev->field);
		set_str(&inc->field[f], ev->new_value);
		if (derive(inc, (enum field)f, ev, err) != IRT_OK)
			return err ? err->status : IRT_ERR_CORRUPT;
	} else if (strcmp(kind, "owner") == 0) {
		st = stage_parse(ev->field);
		if (st < 0 || st >= STAGE_WORK_COUNT)
			return irt_err_set(err, IRT_ERR_CORRUPT,
			                   "event %ld: owner of unknown stage",
			                   ev->seq);
		set_str(&inc->owner[st], ev->new_value);
	} else if (strcmp(kind, "ack") == 0) {
		int64_t ms;

		if (timeutil_parse(ev->new_value, 0, &ms, NULL) != IRT_OK)
			return irt_err_set(err, IRT_ERR_CORRUPT,
			                   "event %ld: bad ack time", ev->seq);
		inc->acked_ms = ms;
	} else if (strcmp(kind, "advance") == 0 ||
	           strcmp(kind, "reopen") == 0) {
		st = stage_parse(ev->new_value);
		if (st < 0 || (st == STAGE_CLOSED && kind[0] == 'r'))
			return irt_err_set(err, IRT_ERR_CORRUPT,
			                   "event %ld: bad stage", ev->seq);
		if (st == STAGE_CLOSED) {
			inc->prev_stage = inc->stage;
			inc->resolution = RESOLUTION_RESOLVED;
		} else {
			inc->resolution = RESOLUTION_NONE;
		}
		enter_stage(inc, (enum stage)st, ev->at_ms);
	} else if (strcmp(kind, "close") == 0) {
		int r = resolution_parse(ev->field);

		if (r < 0)
			return irt_err_set(err, IRT_ERR_CORRUPT,
			                   "event %ld: unknown resolution",
			                   ev->seq);
		inc->prev_stage = inc->stage;
		inc->resolution = (enum resolution)r;
		enter_stage(inc, STAGE_CLOSED, ev->at_ms);
	} else if (strcmp(kind, "action") == 0) {
		if (apply_action(inc, ev, err) != IRT_OK)
			return err ? err->status : IRT_ERR_CORRUPT;
	} else if (strcmp(kind, "action-done") == 0) {
		struct action *a = find_action(inc, ev->field);

		if (!a)
			return irt_err_set(err, IRT_ERR_CORRUPT,
			                   "event %ld: no action %.20s",
			                   ev->seq, ev->field);
		a->done_ms = ev->at_ms;
	} else if (strcmp(kind, "actions-none") == 0) {
		set_str(&inc->actions_none, ev->text);
	} else if (strcmp(kind, "notify") == 0) {
		if (apply_notify(inc, ev, err) != IRT_OK)
			return err ? err->status : IRT_ERR_CORRUPT;
	} else if (strcmp(kind, "note") != 0) {
		return irt_err_set(err, IRT_ERR_CORRUPT,
		                   "event %ld: unknown kind \"%.20s\"", ev->seq,
		                   kind);
	}
	inc->n_events = ev->seq;
	inc->updated_ms = ev->recorded_ms;
	memcpy(inc->head_hash, ev->hash, sizeof inc->head_hash);
	return IRT_OK;
}

const char *incident_owner(const struct incident *inc, enum stage st)
{
	if (st >= STAGE_WORK_COUNT)
		st = inc->prev_stage < STAGE_WORK_COUNT ? inc->prev_stage
		                                        : STAGE_REVIEW;
	for (int i = (int)st; i >= 0; i--)
		if (inc->owner[i][0])
			return inc->owner[i];
	return "";
}

size_t incident_open_actions(const struct incident *inc)
{
	size_t n = 0;

	for (size_t i = 0; i < inc->n_actions; i++)
		n += inc->actions[i].done_ms == 0;
	return n;
}

int incident_notified(const struct incident *inc, enum audience a)
{
	for (size_t i = 0; i < inc->n_notifications; i++)
		if (strcmp(inc->notifications[i].audience, audience_name(a)) ==
		        0 &&
		    strcmp(inc->notifications[i].status, "failed") != 0)
			return 1;
	return 0;
}

enum field incident_intake_field(enum intake_field i)
{
	switch (i) {
	case INTAKE_DESCRIPTION:
		return FIELD_DESCRIPTION;
	case INTAKE_COMPONENT:
		return FIELD_COMPONENT;
	case INTAKE_REPRO:
		return FIELD_REPRO;
	case INTAKE_POC:
	case INTAKE_COUNT:
		break;
	}
	return FIELD_POC;
}

static void gate_item(struct gate_report *r, int met, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void gate_item(struct gate_report *r, int met, const char *fmt, ...)
{
	va_list ap;

	if (r->count >= GATE_MAX_ITEMS)
		return;
	va_start(ap, fmt);
	vsnprintf(r->items[r->count].text, sizeof r->items[r->count].text, fmt,
	          ap);
	va_end(ap);
	r->items[r->count++].met = met;
}

int incident_gate(const struct incident *inc, const struct policy *p,
                  struct gate_report *r)
{
	int unmet = 0;

	memset(r, 0, sizeof *r);
	r->from = inc->stage;
	if (inc->stage == STAGE_CLOSED)
		return -1;
	r->to = (enum stage)(inc->stage + 1);
	switch (inc->stage) {
	case STAGE_DETECT:
		gate_item(r, inc->severity != SEVERITY_UNSET,
		          "severity set (a level or a CVSS vector)");
		gate_item(r, incident_owner(inc, STAGE_DETECT)[0] != '\0',
		          "owner assigned");
		gate_item(r, inc->acked_ms != 0, "report acknowledged");
		for (int i = 0; i < INTAKE_COUNT; i++) {
			enum field f =
			    incident_intake_field((enum intake_field)i);

			if (p->intake_required >> i & 1u)
				gate_item(r, inc->field[f][0] != '\0',
				          "%s recorded (policy intake.require; "
				          "irt set ID %s TEXT)",
				          incident_fields[f].name,
				          incident_fields[f].name);
		}
		break;
	case STAGE_CONTAIN:
		gate_item(r, inc->field[FIELD_CONTAINMENT][0] != '\0',
		          "containment summary (irt set ID containment TEXT)");
		break;
	case STAGE_FIX:
		gate_item(r, inc->field[FIELD_ROOT_CAUSE][0] != '\0',
		          "root cause (irt set ID root-cause TEXT)");
		gate_item(r, inc->field[FIELD_FIX_REF][0] != '\0',
		          "fix reference: version, commit or deploy "
		          "(irt set ID fix-ref REF)");
		break;
	case STAGE_NOTIFY:
		for (int a = 0; a < AUDIENCE_COUNT; a++)
			if (policy_requires(p, inc->severity, (enum audience)a))
				gate_item(
				    r, incident_notified(inc, (enum audience)a),
				    "%s notified (policy for %s)",
				    audience_name((enum audience)a),
				    severity_name(inc->severity));
		break;
	case STAGE_REVIEW:
		gate_item(r, inc->field[FIELD_SUMMARY][0] != '\0',
		          "review summary (irt set ID summary TEXT)");
		gate_item(r, inc->n_actions > 0 || inc->actions_none[0],
		          "a corrective action, or an explicit none "
		          "(irt action none ID REASON)");
		break;
	case STAGE_CLOSED:
	case STAGE_COUNT:
		break;
	}
	for (size_t i = 0; i < r->count; i++)
		unmet += !r->items[i].met;
	return unmet;
}
