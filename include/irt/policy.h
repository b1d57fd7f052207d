/*
 * policy.h - the team's response policy (DESIGN §3): acknowledgement window,
 * remediation days per band, the policy's time zone and holidays, the
 * "due soon" threshold and which audiences must be notified per band.
 * Defaults follow the reference disclosure policy.
 *
 * The policy is team-wide and stored in the database (db.h): a table of
 * KEY = VALUE in the canonical text form below, and an append-only,
 * hash-chained policy timeline of every change (who, when, key, old, new,
 * reason). It is changed only through tracker_policy_set()
 * (tracker_policy.h), one audited change at a time. Keys never set take
 * the built-in defaults of policy_defaults().
 *
 * Keys and values, as `irt policy set KEY VALUE` takes them and
 * policy_format_value() prints them:
 *
 *   ack-business-days    0..365 business days to acknowledge a report;
 *                        0 or "none": no acknowledgement deadline
 *   remediate.critical   0..3650 calendar days to remediate, per band;
 *   remediate.high       0 or "none": no remediation deadline for that
 *   remediate.medium     band. (Band none never has one.)
 *   remediate.low
 *   zone                 an IANA zone (timeutil_zone_valid), e.g.
 *                        Europe/Berlin; business days are counted by the
 *                        calendar of this zone, whatever the user's $TZ
 *   holidays             comma-separated YYYY-MM-DD dates that are not
 *                        business days, or "none"; printed sorted and
 *                        without duplicates. policy_edit() also takes
 *                        "holidays.add" and "holidays.remove" with one or
 *                        more dates, which change the "holidays" key.
 *   due-soon             a duration: digits and a unit s, m, h, d or w,
 *                        one or more ("36h", "1d12h", "2w"); "0" or
 *                        "none" turns due-soon off; at most 365 days.
 *                        Printed in the largest exact units ("1d12h").
 *   notify.critical      comma-separated audiences the notify gate
 *   notify.high          requires for that band (platform, customers,
 *   notify.medium        internal), or "none"; printed in that fixed
 *   notify.low           order
 *   notify.none
 *   sign.required        yes or no (default): every entry written must
 *                        carry its actor's SSH signature (sign.h); a
 *                        write without a signing key is refused, and
 *                        verify then wants an allowed-signers file
 *   intake.require       comma-separated intake fields the detect gate
 *                        requires recorded (description, component,
 *                        repro, poc), or "none" (default); printed in
 *                        that fixed order
 *   hooks.dir            the team-wide hooks directory (hooks.h): an
 *                        absolute path, or "none" (default); its
 *                        executables run after every write, besides each
 *                        user's own in $XDG_CONFIG_HOME/irt/hooks
 *   hooks.timeout        how long a hook may run before it is killed: a
 *                        duration as due-soon takes, 1s to 1h (default
 *                        10s); a user's [hooks] timeout comes first
 *
 * Versions and effective dates. Every change makes a new version of the
 * whole policy (the one before with that key changed), numbered by the
 * change's seq on the policy timeline (the defaults are version 0).
 * `irt policy set KEY VALUE --from DATE` gives the version an effective
 * date: it applies from DATE on (default: the moment it is recorded). A
 * date may lie in the past (a team adopting irt, rebuilding last quarter
 * for an auditor) but not in the future (beyond RULES_SKEW_MS), and not
 * before the effective date of the version before it: versions apply in
 * the order they were made, each until the next one's date, so a change
 * never alters what a version already recorded says.
 *
 * Which version judges what:
 *   - a deadline (deadline.h), the version in force at the incident's
 *     report time (policy_history_in_force): "as the policy itself
 *     says", however late the policy or the incident was entered;
 *   - an advance's gate (rules.h), the version that was recorded when the
 *     advance was recorded (policy_history_at): what the writer checked,
 *     so verify and import replay the same decision whatever was
 *     back-dated afterwards.
 * struct policy_history holds every version for that.
 */
#ifndef IRT_POLICY_H
#define IRT_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "irt/event.h"
#include "irt/severity.h"
#include "irt/stage.h"
#include "irt/status.h"

#define POLICY_MAX_HOLIDAYS         256
#define POLICY_MAX_ACK_DAYS         365
#define POLICY_MAX_REMEDIATE_DAYS   3650
#define POLICY_MAX_DUE_SOON_MS      (365LL * 24 * 3600 * 1000)
#define POLICY_HOOKS_DIR_MAX        512
#define POLICY_MAX_HOOKS_TIMEOUT_MS (3600LL * 1000)
#define POLICY_HOOKS_TIMEOUT_MS     (10LL * 1000)

/* Large enough for any formatted value (256 holidays of 11 bytes). */
#define POLICY_VALUE_MAX 3072

/* The intake fields of a report (policy section 2: "a description,
 * affected component, reproduction steps, and any proof-of-concept")
 * that intake.require can make the detect gate ask for. */
enum intake_field {
	INTAKE_DESCRIPTION,
	INTAKE_COMPONENT,
	INTAKE_REPRO,
	INTAKE_POC,
	INTAKE_COUNT
};

/* "description", "component", "repro", "poc"; "" when out of range. */
const char *policy_intake_name(enum intake_field i);

struct policy {
	int ack_business_days;                 /* 2; 0 = no deadline */
	int remediate_days[SEVERITY_COUNT];    /* 0 = no deadline */
	char zone[64];                         /* IANA name; "" = UTC */
	int32_t holidays[POLICY_MAX_HOLIDAYS]; /* YYYYMMDD, sorted */
	size_t n_holidays;
	int64_t due_soon_ms; /* "due soon" threshold; 0 = off */
	unsigned notify_required[SEVERITY_COUNT]; /* bit (1 << audience) */
	int sign_required;        /* every entry must be signed (sign.h); 0 */
	unsigned intake_required; /* bit (1 << intake_field); 0 = none */
	char hooks_dir[POLICY_HOOKS_DIR_MAX]; /* absolute; "" = none */
	int64_t hooks_timeout_ms;             /* 10 s */
};

/* Fills p with the reference policy's defaults. */
void policy_defaults(struct policy *p);

/* Whether audience a must be notified for severity sev. */
int policy_requires(const struct policy *p, enum severity sev, enum audience a);

/* Whether a and b hold the same policy. */
int policy_equal(const struct policy *a, const struct policy *b);

/* X(ENUM, key name, one line of help), in the order `policy show` lists
 * them. */
#define POLICY_KEYS(X)                                                         \
	X(ACK_BUSINESS_DAYS, "ack-business-days",                              \
	  "business days to acknowledge (0: none)")                            \
	X(REMEDIATE_CRITICAL, "remediate.critical",                            \
	  "days to remediate critical (0: none)")                              \
	X(REMEDIATE_HIGH, "remediate.high",                                    \
	  "days to remediate high (0: none)")                                  \
	X(REMEDIATE_MEDIUM, "remediate.medium",                                \
	  "days to remediate medium (0: none)")                                \
	X(REMEDIATE_LOW, "remediate.low", "days to remediate low (0: none)")   \
	X(ZONE, "zone", "time zone of the business-day calendar")              \
	X(HOLIDAYS, "holidays", "dates that are not business days")            \
	X(DUE_SOON, "due-soon", "open deadlines this close: due soon")         \
	X(NOTIFY_CRITICAL, "notify.critical",                                  \
	  "audiences required for critical")                                   \
	X(NOTIFY_HIGH, "notify.high", "audiences required for high")           \
	X(NOTIFY_MEDIUM, "notify.medium", "audiences required for medium")     \
	X(NOTIFY_LOW, "notify.low", "audiences required for low")              \
	X(NOTIFY_NONE, "notify.none", "audiences required for severity none")  \
	X(SIGN_REQUIRED, "sign.required",                                      \
	  "every entry signed with its actor's SSH key (yes/no)")              \
	X(INTAKE_REQUIRE, "intake.require",                                    \
	  "report fields the detect gate requires recorded")                   \
	X(HOOKS_DIR, "hooks.dir", "team-wide hooks directory (none: none)")    \
	X(HOOKS_TIMEOUT, "hooks.timeout", "how long a hook may run")

enum policy_key {
#define POLICY_KEY_ENUM(e, name, help) POLICY_KEY_##e,
	POLICY_KEYS(POLICY_KEY_ENUM)
#undef POLICY_KEY_ENUM
	    POLICY_KEY_COUNT
};

/* "ack-business-days", ...; "" for an out-of-range key. */
const char *policy_key_name(enum policy_key k);

/* The key's one-line help; "" for an out-of-range key. */
const char *policy_key_help(enum policy_key k);

/* The key named `name` (exactly, lower-case), or -1. */
int policy_key_parse(const char *name);

/*
 * Parses value for key k (forms above) into p. Surrounding blanks are
 * ignored. On IRT_ERR_INVALID p is unchanged and err names the key, the
 * value and what is accepted.
 */
enum irt_status policy_set_value(struct policy *p, enum policy_key k,
                                 const char *value, struct irt_err *err);

/*
 * As policy_set_value, for a value read back from storage: a zone that
 * this system does not know is kept (it was valid where it was set;
 * computing a deadline in it then fails, naming it), so one host's
 * missing tzdata does not make the whole policy unreadable.
 */
enum irt_status policy_load_value(struct policy *p, enum policy_key k,
                                  const char *value, struct irt_err *err);

/*
 * A duration as due-soon takes it ("36h", "1d12h", "90s"; "0" or "none"
 * is 0) into *ms, at most 365 days. 0, or -1 when it does not parse.
 */
int policy_parse_duration(const char *text, int64_t *ms);

/* The canonical text of key k's value in p (what policy_set_value reads
 * back to the same policy), into buf; cut to size. */
void policy_format_value(const struct policy *p, enum policy_key k, char *buf,
                         size_t size);

/*
 * One change as `irt policy set` takes it: a key above, or
 * "holidays.add" / "holidays.remove" with one or more comma-separated
 * dates (removing a date that is not listed is refused). *k gets the key
 * whose value changed. p is unchanged on error (IRT_ERR_INVALID, with a
 * message listing the keys for an unknown key).
 */
enum irt_status policy_edit(struct policy *p, const char *key,
                            const char *value, enum policy_key *k,
                            struct irt_err *err);

/* ---- the policy timeline ------------------------------------------
 *
 * Each change is stored as a struct event (event.h) in a chain of its
 * own: incident 0, incident_uuid POLICY_CHAIN_UUID, kind "policy",
 * field = key, old_value / new_value = the canonical values before and
 * after, text = the reason given ("" if none), data "". seq, uuid, at
 * (= recorded), actor and the hashes as for incident events, with the
 * same canonical form and SHA-256 chain (chain.h). `at` is the version's
 * effective date and `recorded` when the change was made: equal unless
 * the change was set --from an earlier date.
 */
#define POLICY_CHAIN_UUID "00000000-0000-0000-0000-000000000000"

/* One version of the policy and from when it applied. */
struct policy_version {
	int64_t from_ms;     /* effective date; 0 for the defaults */
	int64_t recorded_ms; /* when it was made; 0 for the defaults */
	long seq;            /* the policy event that made it; 0 for defaults */
	struct policy policy;
};

struct policy_history {
	struct policy_version *items; /* by seq: items[0] the defaults */
	size_t count;
};

/* A history of one version, p, applying from the beginning of time. */
void policy_history_init(struct policy_history *h, const struct policy *p);

/*
 * Rebuilds the history from the policy timeline (events in seq order):
 * the defaults, then one version per event. Changes of keys this irt does
 * not know (a newer irt's) are skipped, as db_policy_load skips them.
 * IRT_ERR_CORRUPT when a value does not parse. h is initialised here;
 * free with policy_history_free either way.
 */
enum irt_status policy_history_replay(struct policy_history *h,
                                      const struct event_list *events,
                                      struct irt_err *err);

/* Frees h's versions; h may be NULL. */
void policy_history_free(struct policy_history *h);

/* The policy as it was recorded at ms: the last version made (recorded)
 * at or before ms, whatever its effective date. What the gates of events
 * recorded at ms were checked against (rules.h). */
const struct policy *policy_history_at(const struct policy_history *h,
                                       int64_t ms);

/* The version in force at ms: the last one (by seq) whose effective date
 * is at or before ms; items[0], the defaults, if none. What deadlines of
 * an incident reported at ms are judged by (deadline.h). */
const struct policy_version *
policy_history_in_force(const struct policy_history *h, int64_t ms);

/* The version numbered seq (0: the defaults), or NULL. */
const struct policy_version *
policy_history_version(const struct policy_history *h, long seq);

/* The newest version. */
const struct policy *policy_history_current(const struct policy_history *h);

/*
 * Checks the policy timeline: sequence numbers 1, 2, ..., every hash
 * recomputed from its canonical form and predecessor, each old value the
 * value before it (for the keys this irt knows), each effective date
 * (at) not after its recording beyond RULES_SKEW_MS and, when back-dated,
 * not before the effective date of the change before it, and the replayed
 * policy
 * equal to `stored` (the policy table; NULL skips that). Returns 0 when all
 * holds, or -1 with what is wrong in `what` (the first problem found).
 */
int policy_timeline_check(const struct event_list *events,
                          const struct policy *stored, char *what, size_t size);

#endif
