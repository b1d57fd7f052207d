/*
 * event.c - the event struct's lifetime helpers and UUIDs.
 */
#include "irt/event.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "irt/incident.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

#define BACKDATED_MS (5 * 60 * 1000)

void event_init(struct event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->actor = xstrdup("");
	ev->kind = xstrdup("");
	ev->field = xstrdup("");
	ev->old_value = xstrdup("");
	ev->new_value = xstrdup("");
	ev->text = xstrdup("");
	ev->data = xstrdup("");
	ev->signature = xstrdup("");
}

void event_clear(struct event *ev)
{
	if (!ev)
		return;
	free(ev->actor);
	free(ev->kind);
	free(ev->field);
	free(ev->old_value);
	free(ev->new_value);
	free(ev->text);
	free(ev->data);
	free(ev->signature);
	memset(ev, 0, sizeof *ev);
}

void event_set(char **slot, const char *value)
{
	char *copy = xstrdup(value);

	free(*slot);
	*slot = copy;
}

struct event *event_list_push(struct event_list *list)
{
	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 16;
		list->items =
		    xrealloc(list->items, list->cap * sizeof *list->items);
	}
	memset(&list->items[list->count], 0, sizeof *list->items);
	return &list->items[list->count++];
}

void event_list_free(struct event_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->count; i++)
		event_clear(&list->items[i]);
	free(list->items);
	memset(list, 0, sizeof *list);
}

void event_new_uuid(char out[EVENT_UUID_LEN + 1])
{
	uuid_t id;

	uuid_generate_random(id);
	uuid_unparse_lower(id, out);
}

int event_is_backdated(const struct event *ev)
{
	/* In unsigned arithmetic: any two int64 times, even from a hostile
	 * file, differ without overflow. */
	return ev->recorded_ms > ev->at_ms &&
	       (uint64_t)ev->recorded_ms - (uint64_t)ev->at_ms >
	           (uint64_t)BACKDATED_MS;
}

static const char *or_none(const char *s)
{
	return s && s[0] ? s : "(none)";
}

/* A stored time value (UTC ISO) in local time, into buf; anything else
 * (none, or text that is not a time) as it is. */
static const char *time_value(const char *value, char *buf, size_t size)
{
	int64_t ms;

	if (!value[0] || timeutil_parse(value, 0, &ms, NULL) != IRT_OK)
		return or_none(value);
	timeutil_format_local(ms, buf, size);
	return buf;
}

static char *describe_kind(const struct event *ev);

char *event_describe(const struct event *ev)
{
	char *s = describe_kind(ev);
	json_t *data;
	const char *reason;
	char *out;

	if (!strstr(ev->data, "forced_time"))
		return s;
	data = json_loads(ev->data, 0, NULL);
	reason = json_string_value(json_object_get(data, "forced_time"));
	out = reason ? xasprintf("%s (out of order, recorded anyway: %s)", s,
	                         reason)
	             : s;
	if (out != s)
		free(s);
	json_decref(data);
	return out;
}

static char *describe_kind(const struct event *ev)
{
	const char *k = ev->kind;

	if (strcmp(k, "create") == 0)
		return xasprintf("reported: %s", ev->new_value);
	if (strcmp(k, "set") == 0) {
		int f = incident_field_parse(ev->field);
		char a[TIMEUTIL_BUFSZ], b[TIMEUTIL_BUFSZ];

		if (f >= 0 && incident_fields[f].type == FTYPE_TIME)
			return xasprintf(
			    "%s: %s -> %s", ev->field,
			    time_value(ev->old_value, a, sizeof a),
			    time_value(ev->new_value, b, sizeof b));
		return xasprintf("%s: %s -> %s", ev->field,
		                 or_none(ev->old_value),
		                 or_none(ev->new_value));
	}
	if (strcmp(k, "owner") == 0)
		return xasprintf("%s owner: %s -> %s", ev->field,
		                 or_none(ev->old_value),
		                 or_none(ev->new_value));
	if (strcmp(k, "ack") == 0)
		return xstrdup("acknowledged");
	if (strcmp(k, "advance") == 0) {
		json_t *data = json_loads(ev->data, 0, NULL);
		const char *reason =
		    json_string_value(json_object_get(data, "reason"));
		char *s = xasprintf(
		    "stage %s -> %s%s%s%s%s%s", ev->old_value, ev->new_value,
		    reason ? " (gate forced: " : "", reason ? reason : "",
		    reason ? ")" : "", ev->text[0] ? ": " : "", ev->text);

		json_decref(data);
		return s;
	}
	if (strcmp(k, "close") == 0)
		return xasprintf("closed as %s from %s: %s", ev->field,
		                 ev->old_value, ev->text);
	if (strcmp(k, "reopen") == 0)
		return xasprintf("reopened to %s: %s", ev->new_value, ev->text);
	if (strcmp(k, "note") == 0)
		return strcmp(ev->field, "note") == 0
		           ? xstrdup(ev->text)
		           : xasprintf("[%s] %s", ev->field, ev->text);
	if (strcmp(k, "action") == 0)
		return xasprintf("action %s added: %s", ev->field,
		                 ev->new_value);
	if (strcmp(k, "action-done") == 0)
		return xasprintf("action %s done", ev->field);
	if (strcmp(k, "actions-none") == 0)
		return xasprintf("no corrective action: %s", ev->text);
	if (strcmp(k, "notify") == 0) {
		json_t *data = json_loads(ev->data, 0, NULL);
		const char *status =
		    json_string_value(json_object_get(data, "status"));
		json_t *code = json_object_get(data, "exit");
		char *s;

		if (status && strcmp(status, "failed") == 0)
			s = xasprintf("%s notification failed (command exit "
			              "status %lld)",
			              ev->field,
			              (long long)json_integer_value(code));
		else
			s = xasprintf("%s notified (%s)", ev->field,
			              status ? status : "recorded");
		json_decref(data);
		return s;
	}
	return xasprintf("%s", k);
}
