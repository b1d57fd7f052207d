/*
 * deadline.h - an incident's deadlines under the team's policy (DESIGN §3).
 *
 * Two deadlines, both counted from `reported` (the time of the report,
 * which may be back-dated):
 *
 *   acknowledge  policy.ack_business_days business days after reported,
 *                in the policy's zone, skipping Saturdays, Sundays and the
 *                policy's holidays (timeutil_add_business_days: a report
 *                on Friday 10:00 with 2 days is due Tuesday 10:00; one on
 *                Saturday is due at the end of Tuesday's count, i.e.
 *                Wednesday 00:00). None when the policy says 0.
 *   remediate    policy.remediate_days[severity] calendar days (of 24 h)
 *                after reported. None while the severity is unset, for
 *                band none, and for a band the policy gives 0.
 *
 * Nothing is stored: due times are computed on every read from the
 * incident's current severity and reported time, so they follow any
 * change of either at once (and so do the states below).
 *
 * When a clock stops (the time it is judged at):
 *   acknowledge  at the acknowledgement (`acked`, which may be
 *                back-dated); an incident closed without one stops it at
 *                the close.
 *   remediate    when the fix stage is left (advanced, forced or closed
 *                from fix); an incident closed before it reached fix
 *                stops it at the close. Reaching fix is the only way past
 *                it, so a stage after fix always has it stopped.
 *   reopen       a reopen brings the incident back to the stage it left.
 *                A clock that the close stopped runs again (against the
 *                same due time, so it may be overdue at once); one that
 *                was stopped before the close (acknowledged; fix left
 *                earlier) stays stopped. If the fix stage is entered
 *                again the remediation clock runs again until fix is
 *                left again: "met" is not kept for a fix that did not
 *                hold.
 *
 * States:
 *   none      no deadline (see above)
 *   met       stopped at or before the due time
 *   missed    stopped after the due time; stays so for audits
 *   open      running, more than policy.due_soon_ms before the due time
 *   due-soon  running, at most due_soon_ms before it (due_soon_ms 0: off)
 *   overdue   running, past the due time
 *
 * Which policy: both deadlines of an incident are judged by the policy
 * version in force at the incident's report time (policy_history_in_force:
 * the last version whose effective date is at or before `reported`),
 * whether the clock runs or has stopped. The policy says how an incident
 * reported under it is to be handled, so a later change applies to
 * incidents reported from its effective date on and never rewrites the
 * verdicts of those reported before; a version set --from a past date
 * (policy.h) re-judges the incidents reported since that date. Moving the
 * report time may move an incident under another version. Each deadline
 * names its version (policy_seq; 0 for the defaults); struct deadlines
 * points at it in the history it was computed from, so that history must
 * outlive the deadlines (policy_history_free them after the last read).
 * One exception: the due-soon threshold is a warning, not part of the
 * verdict, and always the current policy's.
 *
 * "The next deadline" is the running one due first; as an overdue clock
 * is due before any other running one, it is also the most urgent.
 */
#ifndef IRT_DEADLINE_H
#define IRT_DEADLINE_H

#include <stddef.h>
#include <stdint.h>

#include "irt/db.h"
#include "irt/incident.h"
#include "irt/policy.h"
#include "irt/status.h"

enum deadline_kind { DEADLINE_ACK, DEADLINE_REMEDIATE, DEADLINE_KIND_COUNT };

enum deadline_state {
	DEADLINE_NONE,
	DEADLINE_MET,
	DEADLINE_MISSED,
	DEADLINE_OPEN,
	DEADLINE_DUE_SOON,
	DEADLINE_OVERDUE,
	DEADLINE_STATE_COUNT
};

/* "acknowledge", "remediate". */
const char *deadline_kind_name(enum deadline_kind k);

/* "ack", "fix": the short labels of lists. */
const char *deadline_kind_label(enum deadline_kind k);

/* "none", "met", "missed", "open", "due-soon", "overdue". */
const char *deadline_state_name(enum deadline_state s);

/* Whether the clock is still running (open, due-soon or overdue). */
int deadline_state_running(enum deadline_state s);

/* What a deadline is computed from: an incident or a list row. */
struct deadline_facts {
	enum severity severity;
	enum stage stage;
	int64_t reported_ms;
	int64_t acked_ms;    /* 0 = not acknowledged */
	int64_t fix_left_ms; /* last exit from fix; 0 = not left */
	int64_t closed_ms;   /* when closed, for a closed incident */
};

void deadline_facts_of_incident(const struct incident *inc,
                                struct deadline_facts *f);
void deadline_facts_of_row(const struct incident_row *row,
                           struct deadline_facts *f);

struct deadline {
	enum deadline_kind kind;
	enum deadline_state state;
	int64_t due_ms;     /* 0 when state is none */
	int64_t stopped_ms; /* 0 while running or none */
	int days;           /* the policy's (business) days it was set by */
	long policy_seq;    /* the version judged by: its seq, 0 = defaults */
};

struct deadlines {
	struct deadline item[DEADLINE_KIND_COUNT];
	/* The version both were judged by (from, zone, holidays; the
	 * defaults when the incident has no report time): an item of the
	 * policy_history given to deadline_compute, not a copy (some 1.7 KB
	 * with its holidays, for every row of a list). Valid until that
	 * history is freed; NULL only in a deadlines never computed. */
	const struct policy_version *policy;
};

/*
 * Computes both deadlines of f at now_ms under the policy history h
 * (policy_history_init() makes one from a single policy); out->policy
 * then points into h, which the caller keeps until it is done with out.
 * Returns IRT_OK,
 * or IRT_ERR_INVALID when the policy's zone is unknown on this system:
 * the acknowledgement deadline is then state none, the rest is filled
 * and err names the zone.
 */
enum irt_status deadline_compute(const struct deadline_facts *f,
                                 const struct policy_history *h, int64_t now_ms,
                                 struct deadlines *out, struct irt_err *err);

/* deadline_compute for an incident / a list row. */
enum irt_status deadline_of_incident(const struct incident *inc,
                                     const struct policy_history *h,
                                     int64_t now_ms, struct deadlines *out,
                                     struct irt_err *err);
enum irt_status deadline_of_row(const struct incident_row *row,
                                const struct policy_history *h, int64_t now_ms,
                                struct deadlines *out, struct irt_err *err);
enum irt_status deadline_of_report_row(const struct report_row *row,
                                       const struct policy_history *h,
                                       int64_t now_ms, struct deadlines *out,
                                       struct irt_err *err);

/*
 * deadline_of_row for every row of rows, into out[0 .. rows->count - 1]:
 * the same results, faster for long lists. Business days are counted in
 * the policy's zone, which timeutil_add_business_days checks (reading its
 * file) and switches $TZ to and back on every call; so this enters the
 * current policy's zone once for the whole batch (timeutil_zone_enter),
 * counts every row judged by a version in that zone there, lets rows of a
 * version in another zone switch for themselves, as alone, and restores
 * $TZ, or its absence, before returning. Not thread-safe (timeutil.h).
 * Returns the first error of deadline_of_row; every row is computed
 * regardless.
 */
enum irt_status deadline_of_rows(const struct incident_rows *rows,
                                 const struct policy_history *h, int64_t now_ms,
                                 struct deadlines *out, struct irt_err *err);

/* Room for deadline_policy_text: every holiday and the rest. */
#define DEADLINE_POLICY_TEXT_MAX (POLICY_VALUE_MAX + 160)

/*
 * The policy version d was judged by, in words, into buf (cut to size):
 * "version 2 (from 2026-03-01 00:00 in your TZ; zone Europe/Berlin;
 * holidays 2026-04-03,2026-04-06)", or "version 0 (the defaults; zone
 * UTC; holidays none)".
 */
void deadline_policy_text(const struct deadlines *d, char *buf, size_t size);

/*
 * The order of `irt list --sort due`: the incident whose next running
 * deadline is due first (so the most overdue) comes first; incidents
 * with no running deadline after, newest (highest id) first. Returns
 * <0, 0 or >0 as qsort wants.
 */
int deadline_compare_due(const struct deadlines *a, long id_a,
                         const struct deadlines *b, long id_b);

/* The running deadline due first, or NULL when none runs. */
const struct deadline *deadline_next(const struct deadlines *d);

/*
 * The state that sums d up for a list: the next deadline's, else missed
 * if any was missed, else met if any was met, else none.
 */
enum deadline_state deadline_summary(const struct deadlines *d);

/*
 * The DUE cell of a list, into buf: the next deadline's label and time
 * left ("ack 1d 4h", "fix 12d"), or how long it is overdue
 * ("fix -2h 05m overdue"); else "missed", "met" or "-" (deadline_summary).
 */
void deadline_format_due(const struct deadlines *d, int64_t now_ms, char *buf,
                         size_t size);

#endif
