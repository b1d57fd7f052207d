/*
 * incident_json.h - incidents and events as JSON values (jansson), the
 * pieces of every documented `--json` shape and of the JSON export.
 * Times appear twice: "<name>" as UTC ISO 8601 and "<name>_ms" as integer
 * milliseconds; unset times are null.
 */
#ifndef IRT_INCIDENT_JSON_H
#define IRT_INCIDENT_JSON_H

#include <jansson.h>

#include "irt/db.h"
#include "irt/event.h"
#include "irt/incident.h"

/* Sets obj[name] (ISO string or null) and obj[name_ms] (integer or null). */
void incident_json_time(json_t *obj, const char *name, int64_t ms);

/* The incident's fields, stages, owners, actions and notifications.
 * New reference; caller decrefs. */
json_t *incident_json(const struct incident *inc);

/* One event with its hashes. New reference. */
json_t *incident_json_event(const struct event *ev);

/* One list row. New reference. */
json_t *incident_json_row(const struct incident_row *row);

#endif
