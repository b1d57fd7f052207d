/*
 * checkpoint.h - signed statements of what a database held at a moment,
 * kept elsewhere, against rollback (DESIGN §4).
 *
 * A checkpoint names the ledger's length and head hash (ledger.h) and
 * every incident's event count and head hash (chain.h) at one moment,
 * signed with the taker's SSH key (sign.h, namespace "irt-checkpoint")
 * and optionally time-stamped by an RFC 3161 authority (tsa.h). Kept
 * outside the database (mailed, committed to a repository, attached to
 * a ticket), it lets a verifier prove that the database still contains
 * everything the checkpoint covered: the first <count> entries of the
 * ledger and of each incident's chain, unchanged. A restored older
 * backup, a chain cut short or rewritten, an incident deleted or the
 * ledger rebuilt all fail and are named. It says nothing about what was
 * written after it.
 *
 * The text of one checkpoint (lines end in "\n"; a "\r" before it is
 * ignored when reading, and blank lines between checkpoints are
 * allowed, nothing else):
 *
 *   -----BEGIN IRT CHECKPOINT-----
 *   irt-checkpoint/1                          \
 *   database: <the path it was taken of>       |
 *   at: <UTC, 2026-12-01T13:52:11.000Z>        | the statement:
 *   by: <actor>                                | exactly these bytes
 *   ledger: <entries> <head hash>              | are signed and
 *   incident <uuid> #<number> <events> <head>  | time-stamped
 *   ...  (one line per incident, by number)   /
 *   -----BEGIN SSH SIGNATURE-----
 *   <the armored signature of the statement, as ssh-keygen writes it>
 *   -----END SSH SIGNATURE-----
 *   -----BEGIN RFC3161 TIME-STAMP REPLY-----  \ optional: the DER reply
 *   <base64, 64 columns>                       | for the statement's
 *   -----END RFC3161 TIME-STAMP REPLY-----    / SHA-256, in base64
 *   -----END IRT CHECKPOINT-----
 *
 * A log is checkpoints one after another. "database" is informational;
 * "by" is the principal the signature must be allowed for at "at". A
 * chain with no events has count 0 and 64 zeros for its head, as the
 * empty ledger does.
 */
#ifndef IRT_CHECKPOINT_H
#define IRT_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "irt/db.h"
#include "irt/event.h"
#include "irt/status.h"
#include "irt/tsa.h"

#define CHECKPOINT_FORMAT "irt-checkpoint/1"
/* The longest line a checkpoint holds, without its newline. */
#define CHECKPOINT_LINE_MAX 4096
/* The most problems kept for one checkpoint (the rest are counted). */
#define CHECKPOINT_PROBLEMS_MAX 20

struct checkpoint_incident {
	char uuid[EVENT_UUID_LEN + 1];
	long number;
	long n_events;
	char hash[EVENT_HASH_LEN + 1];
};

struct checkpoint {
	char *database; /* informational */
	int64_t at_ms;
	char *by;
	long n_ledger;
	char ledger_hash[EVENT_HASH_LEN + 1];
	struct checkpoint_incident *incidents;
	size_t n_incidents;
	char *statement; /* exactly the bytes signed and time-stamped */
	size_t statement_len;
	char *signature;      /* armored SSH signature, or NULL */
	unsigned char *stamp; /* the RFC 3161 reply (DER), or NULL */
	size_t stamp_len;
	char *file; /* where it was read (checkpoint_read), or NULL */
	long line;  /* the line of its BEGIN there */
};

struct checkpoint_list {
	struct checkpoint *items;
	size_t count;
};

/*
 * Takes a checkpoint of db at at_ms by actor, in one read snapshot: the
 * ledger's head and every incident's head as the events and ledger
 * tables hold them, and the statement. c is initialised here; clear it
 * with checkpoint_clear. IRT_ERR_INVALID for an actor name too long for
 * a checkpoint line.
 */
enum irt_status checkpoint_take(struct db *db, const char *actor, int64_t at_ms,
                                struct checkpoint *c, struct irt_err *err);

/* Signs c's statement with the SSH key at key_path (sign.h). */
enum irt_status checkpoint_sign(struct checkpoint *c, const char *key_path,
                                struct irt_err *err);

/* Has c's statement time-stamped through command (tsa.h); info gets
 * what the authority says. */
enum irt_status checkpoint_stamp(struct checkpoint *c, const char *command,
                                 struct tsa_info *info, struct irt_err *err);

/* c as text, from its BEGIN line to its END line with newline
 * (malloc'd, NUL-terminated; *len its length). c must be signed. */
char *checkpoint_format(const struct checkpoint *c, size_t *len);

/*
 * Appends text (len bytes, a formatted checkpoint) to the log at path,
 * creating it (mode 0666 less the umask) when missing: opened O_APPEND
 * and written with one write, so checkpoints appended at once by
 * several processes do not interleave; a newline first when the file
 * does not end in one; then fsync. A write cut short is taken back when
 * nothing else was appended meanwhile, and fails.
 */
enum irt_status checkpoint_append(const char *path, const char *text,
                                  size_t len, struct irt_err *err);

/*
 * Reads every checkpoint in f (named `name` in messages and in each
 * checkpoint's file) and appends them to list (zeroed by the caller
 * before its first use). IRT_ERR_INVALID, naming the file and line and
 * what is wrong, for anything that is not checkpoints as above (garbage,
 * a file cut short, an over-long line, a NUL byte, a bad field); then
 * nothing from f is added. A file with no checkpoint is invalid too.
 */
enum irt_status checkpoint_read(FILE *f, const char *name,
                                struct checkpoint_list *list,
                                struct irt_err *err);

void checkpoint_clear(struct checkpoint *c);
void checkpoint_list_free(struct checkpoint_list *list);

enum checkpoint_stamp_state {
	CHECKPOINT_STAMP_NONE,      /* not time-stamped, none asked for */
	CHECKPOINT_STAMP_UNCHECKED, /* time-stamped; no CA to check it */
	CHECKPOINT_STAMP_OK,        /* a good time-stamp of the statement */
	CHECKPOINT_STAMP_BAD,       /* bad, or missing where one is asked */
};

/* What checking one checkpoint found. */
struct checkpoint_result {
	int signed_ok;     /* a good signature by an allowed key */
	char fp[64];       /* the signing key's fingerprint, or "" */
	char problem[300]; /* the signature's or time-stamp's problem */
	enum checkpoint_stamp_state stamp;
	struct tsa_info stamp_info;
	/* What the database lacks or holds differently (when signed). */
	char *missing[CHECKPOINT_PROBLEMS_MAX];
	size_t n_missing; /* all of them; the first few are in missing */
	/* Checked against an export (checkpoint_verify_export): */
	int of_export;
	int names_incident; /* the checkpoint lists the export's incident */
	long incident;      /* its number in the export */
	long n_covered;     /* how many of its events the checkpoint covers */
};

/*
 * Checks n checkpoints: each one's signature against allowed_signers
 * (principal its "by", at its "at"), its time-stamp against tsa_ca when
 * given (a checkpoint without one then fails), and, for each that is
 * signed, that db still holds everything it covers (one read snapshot):
 * the ledger has at least its entries and entry <entries> has its head
 * hash; each incident (by UUID) still has that number, at least its
 * events, and event <events> has its head hash. results[i] (zeroed
 * here; clear with checkpoint_result_clear) says what was found. An
 * error only when checking could not be done at all.
 */
enum irt_status checkpoint_verify(struct db *db, const struct checkpoint *cs,
                                  size_t n, const char *allowed_signers,
                                  const char *tsa_ca,
                                  struct checkpoint_result *results,
                                  struct irt_err *err);

/*
 * The same against an export instead of a database: the incident whose
 * UUID is incident_uuid, numbered incident there, with its events (in
 * seq order, their chain already checked: verify_file.h). Only that
 * incident can be checked (an export holds no ledger and no other
 * incident): a checkpoint that lists it must be covered by the events
 * (at least its count, the last of them with its head hash, the same
 * number); one that does not list it says nothing about it
 * (names_incident 0), and is no failure.
 */
enum irt_status checkpoint_verify_export(
    const char *incident_uuid, long incident, const struct event_list *events,
    const struct checkpoint *cs, size_t n, const char *allowed_signers,
    const char *tsa_ca, struct checkpoint_result *results, struct irt_err *err);

/* Whether r is a checkpoint that verified in every respect. */
int checkpoint_result_ok(const struct checkpoint_result *r);

void checkpoint_result_clear(struct checkpoint_result *r);

/*
 * One line for people about c and r, without a newline: "checkpoint
 * 2026-12-01 13:52 by alice (SHA256:...), time-stamped ...: covered: 3
 * incidents, 41 ledger entries", or what failed. Stored text is shown
 * safely (sanitize.h); times in the local zone.
 */
void checkpoint_describe(const struct checkpoint *c,
                         const struct checkpoint_result *r, char *buf,
                         size_t size);

#endif
