/*
 * rules.h - the rule book: what makes an event a legitimate next step of
 * its incident (DESIGN §4).
 *
 * One piece of code, run three times: by the writer before it stores an
 * event (tracker.c), by `irt verify` replaying every stored event from the
 * first, and by `irt import` replaying every event of a file. A record is
 * never believed because it agrees with itself: an event is accepted only
 * when it follows from the state its predecessors built under these rules.
 *
 * The rules, checked against `inc`, the fold of every earlier event:
 *   - every text is valid UTF-8; the actor is named; data is "" or a JSON
 *     object of the shape its kind defines (event.h);
 *   - the first event is the only create;
 *   - recorded times never go backwards within the chain; nothing
 *     happened (at) more than RULES_SKEW_MS after it was recorded;
 *   - acknowledgements, stage changes and closes are not before the
 *     report; no stage is left before it was entered; no action is done
 *     before it was added; a report time is not moved past a step. These
 *     ordering rules (and only they) yield to a time exception: an event
 *     whose data records {"forced_time": REASON} is accepted out of
 *     order, and only an event a rule would otherwise refuse may carry
 *     one (history kept elsewhere, entered with --force --reason);
 *   - an incident does not start after it is reported: a "started"
 *     later than the report time, or a report time moved before the
 *     start, is refused (no time exception: it is a fact, not timing);
 *   - a set event's old value is the current value and its new value is
 *     a valid, normalised value of the field;
 *   - a CVSS vector's score and version are computed from the vector (the
 *     stored score must be that score), and the severity follows the
 *     vector's band: the event after a vector that changes the band must
 *     set it, and a level set while a vector stands must be its band;
 *   - stages advance one at a time in the lifecycle's order, each advance
 *     meeting its gate under the policy in force, or recording a force
 *     with its reason; a close names a resolution and a reason, a reopen
 *     returns to the stage that was left;
 *   - owners, actions and notifications refer to stages, numbers and
 *     audiences that exist, in order, once each where once is the rule.
 * The rules say nothing about which events exist: a record cut short, or
 * one replaced whole, is caught by the ledger (ledger.h), not here.
 */
#ifndef IRT_RULES_H
#define IRT_RULES_H

#include <stdint.h>

#include "irt/event.h"
#include "irt/incident.h"
#include "irt/policy.h"
#include "irt/status.h"

/* How far "when it happened" may lie after "when it was recorded": clock
 * skew between the machines people read their times from. */
#define RULES_SKEW_MS (5 * 60 * 1000)

/*
 * Checks that ev may follow inc (the state after events 1..ev->seq-1),
 * with the advance gates judged under policy p. Returns IRT_OK, or
 * IRT_ERR_INVALID with the broken rule in err, in words that name it.
 * inc and ev are not changed.
 */
enum irt_status rules_check(const struct incident *inc, const struct event *ev,
                            const struct policy *p, struct irt_err *err);

/*
 * The ordering rules alone, ignoring any time exception ev records:
 * IRT_OK when they hold, else IRT_ERR_INVALID with the rule in err. The
 * writer asks this to know when a time exception is wanted.
 */
enum irt_status rules_time_order(const struct incident *inc,
                                 const struct event *ev, struct irt_err *err);

/*
 * Checks the state after an incident's last event: a complete change
 * leaves no CVSS vector whose band differs from the severity. IRT_OK or
 * IRT_ERR_INVALID as above.
 */
enum irt_status rules_check_end(const struct incident *inc,
                                struct irt_err *err);

/*
 * Folds ev into inc after rules_check: the one step the writer, verify
 * and import all take. On failure inc is unchanged when the rule check
 * failed (err names the rule) and undefined when the fold itself did.
 */
enum irt_status rules_apply(struct incident *inc, const struct event *ev,
                            const struct policy *p, struct irt_err *err);

#endif
