/*
 * event.c - the event struct's lifetime helpers and UUIDs.
 */
#include "irt/event.h"

#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

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
		list->items = xrealloc(list->items, list->cap * sizeof *list->items);
	}
	event_init(&list->items[list->count]);
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
	return ev->recorded_ms - ev->at_ms > BACKDATED_MS;
}
