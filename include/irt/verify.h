/*
 * verify.h - checking that the timeline is intact: every incident's hash
 * chain recomputed from its events, and its projection rebuilt from the
 * events and compared with the stored one (DESIGN §4).
 */
#ifndef IRT_VERIFY_H
#define IRT_VERIFY_H

#include <stddef.h>
#include <stdio.h>

#include "irt/db.h"
#include "irt/event.h"
#include "irt/incident.h"

/* One problem found. */
struct verify_problem {
	long incident; /* 0 for the policy timeline */
	long seq;      /* the event concerned, 0 for the incident as a whole */
	char what[256];
};

struct verify_report {
	size_t n_incidents;
	size_t n_events;
	struct verify_problem *problems;
	size_t n_problems;
};

/*
 * Checks the chain of `events` (in seq order, of one incident whose stored
 * uuid is incident_uuid) and replays them into *rebuilt (initialised here;
 * caller clears). Appends problems to report. Used for stored incidents
 * and for imported ones alike.
 */
void verify_events(long incident, const char *incident_uuid,
                   const struct event_list *events, struct incident *rebuilt,
                   struct verify_report *report);

/*
 * Verifies incident id, or every incident and the policy timeline when
 * id is 0. Returns IRT_OK
 * when the check ran (problems, if any, are in report), IRT_ERR_NOTFOUND
 * for an unknown id, or a database error. Free with verify_report_free.
 */
enum irt_status verify_run(struct db *db, long id, struct verify_report *report,
                           struct irt_err *err);

void verify_report_free(struct verify_report *report);

#endif
