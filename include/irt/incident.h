/*
 * incident.h - an incident's current state: the projection of its events.
 *
 * The state is never edited directly: incident_apply() folds one event
 * into it, so the same code builds the stored projection on write and
 * recomputes it on `irt verify`. Gates (what must be true to advance) are
 * checked here too, against a policy.
 */
#ifndef IRT_INCIDENT_H
#define IRT_INCIDENT_H

#include <stddef.h>
#include <stdint.h>

#include "irt/event.h"
#include "irt/policy.h"
#include "irt/severity.h"
#include "irt/stage.h"
#include "irt/status.h"

/*
 * The fields `irt set` changes: X(ENUM, cli name, storage column, type,
 * settable with `irt set`). Types: TEXT free text; SOURCE one of
 * email|bounty|internal|monitoring|other; TIME a time (stored as UTC ISO
 * 8601); CVE "CVE-YYYY-NNNN..."; SEVERITY and CVSS are set through
 * `irt severity`. repro (reproduction steps) and poc (a proof of
 * concept) are the intake fields the disclosure policy asks a report to
 * carry besides its description and component; they are internal data,
 * never put in a message to customers, the platform or the reporter.
 * started is when the incident began, as far as anyone can tell: never
 * after the report (the rule book); the post-mortem's time to detect is
 * the report time less it. product, versions (the affected ones,
 * comma-separated), fixed-version and ecosystem (a package ecosystem as
 * OSV names them: npm, PyPI, Debian, ...) name the affected software in
 * the security advisories (export_advisory.h).
 */
#define INCIDENT_FIELDS(X)                                                     \
	X(TITLE, "title", "title", FTYPE_TEXT, 1)                              \
	X(DESCRIPTION, "description", "description", FTYPE_TEXT, 1)            \
	X(COMPONENT, "component", "component", FTYPE_TEXT, 1)                  \
	X(SCOPE, "scope", "scope", FTYPE_TEXT, 1)                              \
	X(IMPACT, "impact", "impact", FTYPE_TEXT, 1)                           \
	X(CONTAINMENT, "containment", "containment", FTYPE_TEXT, 1)            \
	X(ROOT_CAUSE, "root-cause", "root_cause", FTYPE_TEXT, 1)               \
	X(FIX_REF, "fix-ref", "fix_ref", FTYPE_TEXT, 1)                        \
	X(SUMMARY, "summary", "summary", FTYPE_TEXT, 1)                        \
	X(LESSONS, "lessons", "lessons", FTYPE_TEXT, 1)                        \
	X(TRIGGER, "trigger", "triggered_by", FTYPE_TEXT, 1)                   \
	X(CONTRIBUTING, "contributing-factors", "contributing_factors",        \
	  FTYPE_TEXT, 1)                                                       \
	X(RESPONSE, "response", "response", FTYPE_TEXT, 1)                     \
	X(WENT_WELL, "went-well", "went_well", FTYPE_TEXT, 1)                  \
	X(WENT_WRONG, "went-wrong", "went_wrong", FTYPE_TEXT, 1)               \
	X(LUCKY, "lucky", "lucky", FTYPE_TEXT, 1)                              \
	X(REPORTER, "reporter", "reporter", FTYPE_TEXT, 1)                     \
	X(SOURCE, "source", "source", FTYPE_SOURCE, 1)                         \
	X(CHANNEL, "channel", "channel", FTYPE_TEXT, 1)                        \
	X(REPORTED, "reported", "reported", FTYPE_TIME, 1)                     \
	X(CVE, "cve", "cve", FTYPE_CVE, 1)                                     \
	X(EMBARGO, "embargo", "embargo", FTYPE_TIME, 1)                        \
	X(ADVISORY, "advisory", "advisory", FTYPE_TEXT, 1)                     \
	X(SEVERITY, "severity", "severity", FTYPE_SEVERITY, 0)                 \
	X(CVSS, "cvss", "cvss", FTYPE_CVSS, 0)                                 \
	X(REPRO, "repro", "repro", FTYPE_TEXT, 1)                              \
	X(POC, "poc", "poc", FTYPE_TEXT, 1)                                    \
	X(STARTED, "started", "started", FTYPE_TIME, 1)                        \
	X(PRODUCT, "product", "product", FTYPE_TEXT, 1)                        \
	X(VERSIONS, "versions", "versions", FTYPE_TEXT, 1)                     \
	X(FIXED_VERSION, "fixed-version", "fixed_version", FTYPE_TEXT, 1)      \
	X(ECOSYSTEM, "ecosystem", "ecosystem", FTYPE_TEXT, 1)

enum field_type {
	FTYPE_TEXT,
	FTYPE_SOURCE,
	FTYPE_TIME,
	FTYPE_CVE,
	FTYPE_SEVERITY,
	FTYPE_CVSS
};

enum field {
#define INCIDENT_FIELD_ENUM(e, name, col, type, settable) FIELD_##e,
	INCIDENT_FIELDS(INCIDENT_FIELD_ENUM)
#undef INCIDENT_FIELD_ENUM
	    FIELD_COUNT
};

struct field_info {
	const char *name;   /* as typed: "root-cause" */
	const char *column; /* storage column: "root_cause" */
	enum field_type type;
	int settable;
};

/* The field table, FIELD_COUNT entries. */
extern const struct field_info incident_fields[FIELD_COUNT];

/* The field named `name` ("root-cause" or "root_cause"), or -1. */
int incident_field_parse(const char *name);

/*
 * Checks and normalises a value for field f into *out (malloc'd; caller
 * frees): times become UTC ISO 8601, sources lower-case, CVE ids
 * upper-case. "" clears a field. IRT_ERR_INVALID names the problem.
 */
enum irt_status incident_field_normalise(enum field f, const char *value,
                                         int64_t now_ms, char **out,
                                         struct irt_err *err);

enum action_type {
	ACTION_CORRECTIVE,
	ACTION_PREVENTIVE,
	ACTION_DETECTIVE,
	ACTION_TYPE_COUNT
};

const char *action_type_name(enum action_type t);
/* The i-th name the source field takes ("email", "bounty", ...), or NULL
 * past the last. */
const char *incident_source_name(size_t i);
int action_type_parse(const char *name);

/* A corrective action from the review (DESIGN §7). */
struct action {
	long n; /* 1-based within the incident */
	char *title;
	char *type; /* action_type_name() */
	char *owner;
	char *ticket;       /* the tracker issue it is followed in, or "" */
	int64_t due_ms;     /* 0 = none */
	int64_t created_ms; /* at of the event that added it */
	int64_t done_ms;    /* 0 = open */
};

/* A recorded notification (notify stage). */
struct notification {
	long seq; /* the event that recorded it */
	char *audience;
	char *channel;
	char *recipients; /* comma-separated */
	char *subject;
	char *status; /* "sent", "recorded", ... */
	int64_t at_ms;
};

struct incident {
	long id; /* the short number */
	char uuid[EVENT_UUID_LEN + 1];
	char *field[FIELD_COUNT]; /* never NULL once loaded ("" = unset) */

	/* Derived from the fields by incident_apply. */
	enum severity severity;
	double cvss_score; /* -1 when no vector */
	char cvss_version[8];
	int64_t reported_ms;

	enum stage stage;
	enum stage prev_stage; /* the stage a closed incident left */
	enum resolution resolution;
	char *owner[STAGE_WORK_COUNT];   /* per stage; "" = inherits */
	int64_t entered_ms[STAGE_COUNT]; /* last entry into each stage */
	int64_t left_ms[STAGE_COUNT];    /* last exit; 0 = not left */
	int64_t acked_ms;                /* 0 = not acknowledged */
	int64_t created_ms;
	int64_t updated_ms; /* recorded time of the last event */
	char *actions_none; /* why no corrective action, or "" */

	struct action *actions;
	size_t n_actions;
	struct notification *notifications;
	size_t n_notifications;

	long n_events;
	char head_hash[EVENT_HASH_LEN + 1];

	/* Set by db_incident_load alone: the stored "owner" column that
	 * lists filter on (derived: incident_owner of the current stage);
	 * NULL otherwise. */
	char *listed_owner;
};

/* Initialises inc to the empty state before any event. */
void incident_init(struct incident *inc);

/* Frees everything inc owns (not inc); inc may be NULL. */
void incident_clear(struct incident *inc);

/*
 * The value field f has in inc, as a change of it records it as its old
 * value: inc->field[f], except the report time never set, which is the
 * create event's time (inc->created_ms, UTC ISO, written into buf of
 * size bytes, TIMEUTIL_BUFSZ enough). The result points into inc or buf.
 */
const char *incident_field_value(const struct incident *inc, enum field f,
                                 char *buf, size_t size);

/*
 * Folds ev into inc (ev's seq must be inc->n_events + 1 and its prev_hash
 * inc->head_hash). Returns IRT_ERR_CORRUPT with a message when the event
 * cannot apply (unknown kind or field, out of order).
 */
enum irt_status incident_apply(struct incident *inc, const struct event *ev,
                               struct irt_err *err);

/*
 * The owner responsible now: the owner of the current stage, or the
 * nearest earlier stage's (a new stage inherits the previous owner).
 * For a closed incident, the owner of the stage it left. Never NULL.
 */
const char *incident_owner(const struct incident *inc, enum stage st);

/* Number of open (not done) corrective actions. */
size_t incident_open_actions(const struct incident *inc);

/* Whether a notification for audience a has been recorded. */
int incident_notified(const struct incident *inc, enum audience a);

/* The field an intake field of the policy (intake.require) is. */
enum field incident_intake_field(enum intake_field i);

#define GATE_MAX_ITEMS 8 /* detect: 3 + the 4 intake fields */

/* The exit gate of a stage: each item and whether it is met. */
struct gate_report {
	enum stage from, to;
	size_t count;
	struct {
		char text[160];
		int met;
	} items[GATE_MAX_ITEMS];
};

/*
 * Fills report with the exit gate of inc's current stage under policy p.
 * Returns the number of unmet items (0: the incident may advance).
 * A closed incident has no next stage: report->count is 0 and -1 returned.
 */
int incident_gate(const struct incident *inc, const struct policy *p,
                  struct gate_report *report);

#endif
