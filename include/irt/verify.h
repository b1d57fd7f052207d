/*
 * verify.h - checking that the record is what irt wrote (DESIGN §4):
 * every incident's hash chain recomputed and every event replayed under
 * the rule book (rules.h), every projection rebuilt from the events and
 * compared in full, the database-wide ledger (ledger.h) walked beside
 * the tables it records, the policy timeline replayed, the schema and
 * its append-only triggers compared with what this irt creates, and the
 * search index checked against the timeline it is made from.
 */
#ifndef IRT_VERIFY_H
#define IRT_VERIFY_H

#include <stddef.h>
#include <stdio.h>

#include "irt/db.h"
#include "irt/event.h"
#include "irt/incident.h"
#include "irt/policy.h"

enum verify_scope {
	VERIFY_INCIDENT, /* incident `incident` (event `seq`, 0 = as a whole) */
	VERIFY_POLICY,   /* the policy timeline (change `seq`) */
	VERIFY_LEDGER,   /* the ledger (entry `seq`) */
	VERIFY_SCHEMA,   /* the tables, triggers and schema version */
	VERIFY_SEARCH,   /* the search index (derived: no record changed) */
};

/* One problem found, about one event or a run of them (seq..seq_to). */
struct verify_problem {
	enum verify_scope scope;
	long incident;
	long seq;    /* 0 for the incident or table as a whole */
	long seq_to; /* the last of a run of events alike; = seq for one */
	int code;    /* problems of one code and incident merge into runs */
	char what[256];
};

struct verify_report {
	size_t n_incidents;
	size_t n_events;
	size_t n_ledger;
	struct verify_problem *problems;
	size_t n_problems;
};

/*
 * Checks the chain of `events` (in seq order, of one incident whose
 * stored uuid is incident_uuid) and replays them under the rule book into
 * *rebuilt (initialised here; caller clears), each event's gate judged by
 * the version of `policy` in force when it was recorded. Appends problems
 * to report. Verify and import call this; the writer too, with policy
 * NULL: then the rules are not applied to the history (an incident whose
 * past breaks a rule, as irt 0.1 allowed, stays writable and verify
 * names the event), only the chain and the replay.
 */
void verify_events(long incident, const char *incident_uuid,
                   const struct event_list *events,
                   const struct policy_history *policy,
                   struct incident *rebuilt, struct verify_report *report);

/* Compares a stored projection (as db_incident_load gives it) with the
 * one rebuilt from its events, every column; appends problems. */
void verify_compare(const struct incident *stored,
                    const struct incident *rebuilt,
                    struct verify_report *report);

/*
 * Verifies incident id (its chain, rules and projection), or, when id is
 * 0, the whole database: the schema, the ledger, the policy timeline and
 * every incident. Returns IRT_OK when the check ran (problems, if any,
 * are in report), IRT_ERR_NOTFOUND for an unknown id, or a database
 * error. Free with verify_report_free.
 */
enum irt_status verify_run(struct db *db, long id, struct verify_report *report,
                           struct irt_err *err);

/* One problem as a line for people, without a trailing newline:
 * "#4 event 7: ...", "#4 events 7-12: ...", "ledger entry 9: ...". */
void verify_problem_format(const struct verify_problem *p, char *buf,
                           size_t size);

void verify_report_free(struct verify_report *report);

#endif
