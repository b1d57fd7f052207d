/*
 * hooks.h - the team's own programs, run after irt records something, as
 * git runs its hooks (docs/hooks.md).
 *
 * A hook is an executable regular file in the team-wide directory the
 * policy names (hooks.dir) or in the user's own, $XDG_CONFIG_HOME/irt/hooks
 * (default ~/.config/irt/hooks). Both are read at every run: the team's
 * first, then the user's, each sorted by name (bytes, as ls in the C
 * locale). Skipped, as git and run-parts skip them: names that begin with
 * "." or end in "~", editor and package leftovers (#name#, *.swp, *.bak,
 * *.orig, *.rej, *.sample, *.dpkg-*), directories, and files that are not
 * executable.
 *
 * Each runs as `HOOK KIND` with one JSON document on standard input
 * (format irt-hook/1):
 *
 *   {"format": "irt-hook/1", "kind": KIND,
 *    "incident": the incident object of `irt show --json` (irt-show/1)
 *                as committed, with its deadlines and without imports,
 *    "event": the event (as in `irt timeline --json`), or null for
 *             overdue,
 *    "deadline": for overdue, {"kind": "acknowledge"|"remediate",
 *                "state": "overdue", "due": ISO, "due_ms": N}; else null}
 *
 * and in its environment IRT_HOOK_KIND, IRT_INCIDENT (the number),
 * IRT_INCIDENT_UUID, IRT_EVENT_UUID ("" for overdue), IRT_ACTOR and
 * IRT_DB. Its standard output and error go where the caller says (the
 * command line: irt's standard error; the TUI: a log file). Each may run
 * for the timeout ([hooks] timeout in the config, else the policy's
 * hooks.timeout, 10 s by default); then its whole process group gets
 * SIGTERM, and SIGKILL a second later (proc.h).
 *
 * Hooks run after the commit, never inside it: a hook sees only what is
 * recorded, and its failure or timeout is reported, never undoes the
 * record and never changes irt's exit status for it.
 */
#ifndef IRT_HOOKS_H
#define IRT_HOOKS_H

#include <stddef.h>
#include <stdint.h>

#include "irt/deadline.h"
#include "irt/event.h"
#include "irt/incident.h"
#include "irt/policy.h"
#include "irt/proc.h"
#include "irt/status.h"

/* The kinds, each from an event kind (event.h), in the order the manual
 * lists them; "overdue" is irt due's (no event). */
#define HOOK_KINDS(X)                                                          \
	X("created", "create")                                                 \
	X("field-changed", "set")                                              \
	X("owner-changed", "owner")                                            \
	X("acknowledged", "ack")                                               \
	X("stage-changed", "advance")                                          \
	X("closed", "close")                                                   \
	X("reopened", "reopen")                                                \
	X("noted", "note")                                                     \
	X("action-added", "action")                                            \
	X("action-done", "action-done")                                        \
	X("actions-none", "actions-none")                                      \
	X("notified", "notify")                                                \
	X("overdue", NULL)

/* The hook kind of an event kind, or NULL when it has none. */
const char *hooks_kind_of_event(const char *event_kind);

/* The event kind a hook kind is named from; NULL for overdue and for an
 * unknown kind. */
const char *hooks_event_of_kind(const char *kind);

/* Whether kind is one of HOOK_KINDS. */
int hooks_kind_known(const char *kind);

/* The i-th of HOOK_KINDS (from 0), or NULL past the last. */
const char *hooks_kind_name(size_t i);

/* The kinds as one comma-separated line, for messages. */
const char *hooks_kind_list(void);

/* How and where hooks run: the caller's part (the rest is the policy's). */
struct hooks {
	const char *personal_dir; /* NULL: none */
	int64_t timeout_ms;       /* > 0: instead of the policy's */
	const char *db_path;      /* IRT_DB */
	const char *actor;        /* IRT_ACTOR */
	/* Where the hooks' standard output and error go: out_fd (-1:
	 * /dev/null). */
	int out_fd;
	/* Not NULL: hooks_after_write runs them in a detached process, so
	 * the caller (the TUI) never waits, and writes their output and
	 * every outcome, dated, to this file (appended, created 0600). */
	const char *log_path;
	/* Told of each hook that failed, in a line without "irt: " (the
	 * foreground only); NULL: not told. */
	void (*report)(void *arg, const char *line);
	void *report_arg;
};

/* The hooks that run, in order: paths, malloc'd. */
struct hook_list {
	char **paths;
	size_t count;
};

/*
 * The hooks in policy p's directory and then h's personal one. A
 * personal directory that does not exist has none; a policy directory
 * that cannot be read is IRT_ERR_IO naming it (out holds the rest).
 * Free out with hook_list_free either way.
 */
enum irt_status hooks_find(const struct hooks *h, const struct policy *p,
                           struct hook_list *out, struct irt_err *err);
void hook_list_free(struct hook_list *list);

/* One run's input: a document for every hook of its kind. */
struct hook_job {
	char *kind;
	char *doc; /* the irt-hook/1 JSON text */
	long incident;
	char incident_uuid[EVENT_UUID_LEN + 1];
	char event_uuid[EVENT_UUID_LEN + 1]; /* "" for overdue */
};

/*
 * The job for kind about inc (committed, with deadlines d judged at
 * now_ms) and ev (NULL for overdue, then `overdue` is the deadline).
 * Fills job's malloc'd members; free with hook_job_clear.
 */
void hooks_job(struct hook_job *job, const char *kind,
               const struct incident *inc, const struct deadlines *d,
               int64_t now_ms, const struct event *ev,
               const struct deadline *overdue);
void hook_job_clear(struct hook_job *job);

/* What one hook did (hooks_run's callback). */
struct hook_result {
	const char *path;
	const struct hook_job *job;
	struct proc_outcome outcome;
	int failed; /* not exit status 0 */
};

/* One line about r without "irt: ": "hook NAME (KIND, #ID) failed (exit
 * 3)", "... timed out after 10 s and was killed", "... ran (0.1 s)". */
void hooks_describe(const struct hook_result *r, int64_t timeout_ms, char *buf,
                    size_t size);

/* The timeout a hook gets under h and p, in ms. */
int64_t hooks_timeout_ms(const struct hooks *h, const struct policy *p);

/*
 * Runs every hook of list for each job in order, in the foreground, each
 * with jobs' document on standard input (from a private scratch file).
 * Each failure goes to h->report; each result, when each is not NULL, to
 * each. Returns how many runs failed.
 */
size_t hooks_run(const struct hooks *h, const struct policy *p,
                 const struct hook_list *list, const struct hook_job *jobs,
                 size_t n_jobs,
                 void (*each)(void *arg, const struct hook_result *r),
                 void *arg);

/*
 * After a write was committed (tracker.c): the hooks of each of events'
 * kinds, in their order, about inc as committed, under the current
 * policy of ph, judged at now_ms. h NULL: nothing. In the foreground
 * unless h->log_path is set (struct hooks). Failures are reported, never
 * returned.
 */
void hooks_after_write(const struct hooks *h, const struct incident *inc,
                       const struct event_list *events,
                       const struct policy_history *ph, int64_t now_ms);

#endif
