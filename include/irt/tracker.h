/*
 * tracker.h - every change to an incident, as one atomic write.
 *
 * Each function takes the write lock, loads the incident, checks what must
 * hold (gates, existence, valid input), builds the event(s), chains them,
 * folds them into the projection and stores both in one transaction. On
 * any failure nothing is written. After the commit, and only then, the
 * tracker's hooks run for the events written. The command line and the
 * TUI call these and nothing else to change data.
 *
 * Every function that records takes `at_ms`, when it happened (0 = now;
 * a notification's is in its spec); the recorded time is always now. The
 * rule book (rules.h) checks it: not in the future beyond the clock skew,
 * and for the steps it dates (acknowledgement, stage changes, close,
 * reopen) not before the report nor before the stage left was entered.
 */
#ifndef IRT_TRACKER_H
#define IRT_TRACKER_H

#include <stdint.h>

#include "irt/db.h"
#include "irt/hooks.h"
#include "irt/incident.h"
#include "irt/status.h"

struct tracker {
	struct db *db;
	const char *actor; /* who is making the change */
	/* Not NULL: a time the ordering rules refuse (a step before the
	 * report or before its stage was entered, an action done before it
	 * was added, a report time moved past a step) is recorded anyway,
	 * with this reason as its time exception (rules.h). Only events
	 * that need one carry it; the future is refused regardless. */
	const char *time_reason;
	/* Not NULL: after each write is committed, the hooks of its events,
	 * in their order (hooks.h). Their failures never change a write's
	 * status. */
	const struct hooks *hooks;
};

/* What `irt new` takes. Fields NULL or "" are left unset. */
struct new_incident {
	const char *field[FIELD_COUNT]; /* title required; severity/cvss ok */
	const char *owner;
	int64_t at_ms; /* when it was detected/created; 0 = now */
};

/* IRT_ERR_USAGE, saying how to sign, when the policy in force at now_ms
 * requires signed entries and t's database has no signing key
 * (db_sign_set). Every write checks it before recording anything. */
enum irt_status tracker_check_signing(const struct tracker *t,
                                      const struct policy_history *policy,
                                      int64_t now_ms, struct irt_err *err);

/* Creates an incident; *id gets its number. */
enum irt_status tracker_new(struct tracker *t, const struct new_incident *spec,
                            long *id, struct irt_err *err);

/* Adds a note of `kind` ("" = "note"). Empty text is refused. */
enum irt_status tracker_note(struct tracker *t, long id, int64_t at_ms,
                             const char *kind, const char *text,
                             struct irt_err *err);

/* Acknowledges the report (once; again is refused as already done). */
enum irt_status tracker_ack(struct tracker *t, long id, int64_t at_ms,
                            struct irt_err *err);

/* Sets the owner of stage st (-1: the current stage). */
enum irt_status tracker_assign(struct tracker *t, long id, int64_t at_ms,
                               int st, const char *owner, struct irt_err *err);

/* Sets field f (a settable field) to value, normalised. Setting the same
 * value again records nothing and returns IRT_OK. */
enum irt_status tracker_set(struct tracker *t, long id, int64_t at_ms,
                            enum field f, const char *value,
                            struct irt_err *err);

/* Sets the severity level, or with cvss_vector (not NULL) the vector,
 * its score and its band. */
enum irt_status tracker_severity(struct tracker *t, long id, int64_t at_ms,
                                 int level, const char *cvss_vector,
                                 struct irt_err *err);

/*
 * Advances to the next stage when the current stage's gate is met. With
 * force, a non-empty reason is required and the unmet items and reason are
 * recorded; the reason is also the time exception when t->time_reason is
 * NULL. On refusal returns IRT_ERR_GATE with `report` filled (every
 * item, met or not). report may be NULL.
 */
enum irt_status tracker_advance(struct tracker *t, long id, int64_t at_ms,
                                const char *note, int force, const char *reason,
                                struct gate_report *report,
                                struct irt_err *err);

/* Closes from any stage with a resolution and a reason, at at_ms. */
enum irt_status tracker_close(struct tracker *t, long id, int64_t at_ms,
                              enum resolution r, const char *reason,
                              struct irt_err *err);

/* Brings a closed incident back to the stage it left, at at_ms. */
enum irt_status tracker_reopen(struct tracker *t, long id, int64_t at_ms,
                               const char *reason, struct irt_err *err);

/* Adds a corrective action; *n gets its number. type "" = corrective.
 * ticket (NULL or "" = none) is where the action is followed (an issue
 * URL or key): text without control characters, else IRT_ERR_INVALID. */
enum irt_status tracker_action_add(struct tracker *t, long id, int64_t at_ms,
                                   const char *title, const char *type,
                                   const char *owner, int64_t due_ms,
                                   const char *ticket, long *n,
                                   struct irt_err *err);

/* Marks action n done. */
enum irt_status tracker_action_done(struct tracker *t, long id, int64_t at_ms,
                                    long n, struct irt_err *err);

/* Records that the review needs no corrective action, and why. */
enum irt_status tracker_actions_none(struct tracker *t, long id, int64_t at_ms,
                                     const char *reason, struct irt_err *err);

/* A notification to record (made by other means, or sent by irt). */
struct notification_spec {
	enum audience audience;
	const char *channel;
	const char *const *to; /* recipients */
	size_t n_to;
	const char *subject;
	const char *status; /* "sent", "recorded" */
	const char *message;
	int64_t at_ms;
	const char *command; /* the command irt sent it with, or NULL */
	int exit_status;     /* that command's exit status */
};

enum irt_status tracker_notification(struct tracker *t, long id,
                                     const struct notification_spec *spec,
                                     struct irt_err *err);

/*
 * Acknowledges the report by the message in spec (`irt ack --notify`):
 * when spec->status is "sent" (or "recorded"), the ack (at spec->at_ms,
 * 0 = now) and the notification are recorded together, in one
 * transaction, so the acknowledgement and the message that made it
 * cannot be apart; when it is "failed", only the failed attempt is
 * recorded and the report stays unacknowledged. Refused as
 * tracker_ack is when the report was already acknowledged.
 */
enum irt_status tracker_ack_notification(struct tracker *t, long id,
                                         const struct notification_spec *spec,
                                         struct irt_err *err);

#endif
