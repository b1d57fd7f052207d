/*
 * incident_json.h - incidents and events as JSON, the pieces of every
 * documented `--json` shape and of the JSON export (irt(1), JSON OUTPUT).
 * Times appear twice: "<name>" as UTC ISO 8601 and "<name>_ms" as integer
 * milliseconds; unset times are null.
 *
 * Each shape is written once, through a struct jsonw (jsonw.h): streamed
 * as text by the commands and the export, or built as a jansson tree by
 * the *_json functions, which `irt import` compares with a file's.
 */
#ifndef IRT_INCIDENT_JSON_H
#define IRT_INCIDENT_JSON_H

#include <jansson.h>

#include "irt/db.h"
#include "irt/event.h"
#include "irt/incident.h"
#include "irt/jsonw.h"

/* Sets obj[name] (ISO string or null) and obj[name_ms] (integer or null). */
void incident_json_time(json_t *obj, const char *name, int64_t ms);

/* Writes the members name and name_ms, as incident_json_time sets them. */
void incident_json_write_time(struct jsonw *w, const char *name, int64_t ms);

/* Writes the incident's members (fields, stages, owners, actions,
 * notifications, events, head_hash) into the object open in w, which the
 * caller closes, so a command may add its own members after them. With
 * stage_durations each stage also gets "duration_ms", from its last entry
 * to its last exit (null while either is unset), as the export has it. */
void incident_json_write_members(struct jsonw *w, const struct incident *inc,
                                 int stage_durations);

/* The incident object of incident_json_write_members without durations.
 * New reference; caller decrefs. */
json_t *incident_json(const struct incident *inc);

/* Writes one event with its hashes (a whole object); its data, stored as
 * JSON text, is parsed and written as a value (null when empty or not an
 * object or array), beside data_raw, the text as stored. */
void incident_json_write_event(struct jsonw *w, const struct event *ev);

/* That event object. New reference. */
json_t *incident_json_event(const struct event *ev);

/* Writes one list row's members into the object open in w. */
void incident_json_write_row_members(struct jsonw *w,
                                     const struct incident_row *row);

/* That list row object. New reference. */
json_t *incident_json_row(const struct incident_row *row);

#endif
