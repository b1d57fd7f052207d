/*
 * event.h - one timeline entry, the source of truth (DESIGN §4).
 *
 * Events are append-only. Each belongs to one incident, has a sequence
 * number there (1, 2, ...), a UUID, the time it happened (`at_ms`, which
 * may be back-dated) and the time it was recorded, and is chained to its
 * predecessor by a SHA-256 hash (chain.h).
 *
 * Kinds and what their members mean:
 *   create        new = title
 *   set           field = field name (incident.h), old -> new
 *   owner         field = stage name, old -> new
 *   ack           new = acknowledgement time (UTC ISO 8601)
 *   advance       old -> new stage; text = note; field = "forced" when a
 *                 gate was skipped, data {"reason":..., "unmet":[...]}
 *   close         field = resolution, old = stage left, new = "closed",
 *                 text = reason
 *   reopen        old = "closed", new = stage returned to, text = reason
 *   note          field = note kind, text = the note
 *   action        field = action number, new = title,
 *                 data {"type":..., "owner":..., "due":...} and, only
 *                 when the action is followed elsewhere, "ticket":
 *                 where (an issue URL or key; no control characters)
 *   action-done   field = action number
 *   actions-none  text = why no corrective action is needed
 *   notify        field = audience, text = message, data {"channel":...,
 *                 "to":[...], "subject":..., "status":...}
 * An ack, advance, close, reopen, action-done or set of "reported" whose
 * time an ordering rule refuses may carry a time exception in its data,
 * {"forced_time": reason} (rules.h). Unused string members are "" (never
 * NULL once loaded or built).
 */
#ifndef IRT_EVENT_H
#define IRT_EVENT_H

#include <stddef.h>
#include <stdint.h>

#define EVENT_UUID_LEN 36
#define EVENT_HASH_LEN 64

struct event {
	int64_t id;    /* storage row id; 0 before it is stored */
	long incident; /* incident number */
	long seq;      /* 1-based position in the incident's chain */
	char incident_uuid[EVENT_UUID_LEN + 1];
	char uuid[EVENT_UUID_LEN + 1];
	int64_t at_ms;
	int64_t recorded_ms;
	char *actor;
	char *kind;
	char *field;
	char *old_value;
	char *new_value;
	char *text;
	char *data; /* JSON object text, or "" */
	char prev_hash[EVENT_HASH_LEN + 1];
	char hash[EVENT_HASH_LEN + 1];
	/* The armored SSH signature of hash by the actor's key (sign.h), or
	 * "" (or NULL, in a list being filled) when unsigned. Never part of
	 * the canonical form or the chain. */
	char *signature;
};

struct event_list {
	struct event *items;
	size_t count;
	size_t cap;
};

/* Sets every string member of ev to a fresh "" and numbers to 0. */
void event_init(struct event *ev);

/* Frees ev's strings (not ev itself); ev may be NULL. */
void event_clear(struct event *ev);

/* Replaces *slot with a copy of value (NULL becomes ""). Aborts on OOM. */
void event_set(char **slot, const char *value);

/* Appends a zeroed event (string members NULL: the caller fills them
 * all, or calls event_init) to list and returns it. */
struct event *event_list_push(struct event_list *list);

/* Frees every event and the array; list may be NULL. */
void event_list_free(struct event_list *list);

/* A fresh random UUID (libuuid), lower-case, into out[37]. */
void event_new_uuid(char out[EVENT_UUID_LEN + 1]);

/*
 * Whether an event was entered well after it happened and so is shown as
 * reconstructed rather than observed: recorded more than 5 minutes after
 * `at`.
 */
int event_is_backdated(const struct event *ev);

/*
 * One line saying what ev did, for people: "severity: (none) -> high",
 * "stage detect -> contain (gate skipped: REASON)", "note: TEXT", ...
 * Time-valued fields (reported, started, embargo) show both values in the local
 * zone ("reported: 2026-11-27 08:00:00 +01:00 -> 2026-11-27 09:00:00
 * +01:00"); they are stored as UTC ISO. Malloc'd; caller frees. Not
 * sanitised for terminals.
 */
char *event_describe(const struct event *ev);

#endif
