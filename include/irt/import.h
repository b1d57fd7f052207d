/*
 * import.h - reading an "irt-incident/1" JSON export back into a database
 * (DESIGN §7), idempotently by the incident's UUID.
 *
 * The file is trusted for nothing: every event is rebuilt from its
 * members and must serialise back to exactly the object in the file, the
 * hash chain is recomputed and every event replayed under the rule book
 * (verify_events, rules.h; gates judged by this database's policy), and
 * the incident part of the file must equal what that replay gives. A
 * file that agrees with itself is not enough: an event that breaks a rule
 * is refused with the rule named. Any changed byte in an event or in the
 * incident part is refused with a message naming what differs. "deadlines" are
 * not compared: they follow from the importing database's policy and are
 * recomputed there.
 *
 * Then, in one write transaction:
 *   - UUID unknown here: the events are stored as they are (same UUIDs,
 *     times, actors, hashes) under the next free local number, with the
 *     replayed projection.                                 IMPORT_ADDED
 *   - UUID known, same chain head: nothing changes.        IMPORT_PRESENT
 *   - UUID known, the file is an earlier state of the same chain (its
 *     events are a prefix of the local ones): nothing changes.
 *                                                          IMPORT_OLDER
 *   - UUID known, the local chain is a prefix of the file's (the
 *     incident went on elsewhere): the newer events are appended and the
 *     projection rewritten.                                IMPORT_EXTENDED
 *   - UUID known, the chains differ at some event: refused
 *     (IRT_ERR_INVALID), naming the first event that differs.
 * An import that adds events records where they came from in the ledger
 * (ledger.h): the file's SHA-256, when, by whom, which events; `irt show`
 * lists these records.
 */
#ifndef IRT_IMPORT_H
#define IRT_IMPORT_H

#include <stddef.h>

#include "irt/db.h"
#include "irt/event.h"
#include "irt/incident.h"
#include "irt/policy.h"
#include "irt/status.h"

enum import_result {
	IMPORT_ADDED,
	IMPORT_PRESENT,
	IMPORT_OLDER,
	IMPORT_EXTENDED,
};

struct import_outcome {
	enum import_result result;
	long id;       /* the local incident number */
	long n_events; /* events in the file */
	long n_added;  /* events stored by this import: the last n_added */
	char file_sha256[65]; /* of the bytes read */
};

/*
 * Imports the export held in text (len bytes). Returns IRT_OK with
 * *outcome filled; IRT_ERR_INVALID for a file that is not an
 * irt-incident/1 export or that conflicts with the local chain;
 * IRT_ERR_TAMPERED for one whose events or incident do not verify (the
 * message names the event); a database error otherwise. Nothing is
 * written unless IRT_OK is returned.
 */
enum irt_status import_json_text(struct db *db, const char *text, size_t len,
                                 const char *actor,
                                 struct import_outcome *outcome,
                                 struct irt_err *err);

/* import_json_text on the contents of the file at path ("-" = stdin),
 * `actor` recorded as who imported it. IRT_ERR_IO when it cannot be
 * read. */
enum irt_status import_file(struct db *db, const char *path, const char *actor,
                            struct import_outcome *outcome,
                            struct irt_err *err);

/* An export read without a database (import and `irt verify --file`). */
struct import_parsed {
	char uuid[EVENT_UUID_LEN + 1];   /* the incident's */
	long id;                         /* its number where it was exported */
	struct event_list events;        /* its events, in the file's order */
	struct event_list policy_events; /* the policy timeline it carries */
	int has_policy;                  /* "policy_events" was present */
	void *root; /* the document (json_t), less its events and policy
	             * changes: each is dropped once read */
};

/*
 * Reads an export: every event (and policy change) rebuilt from its
 * members and required to serialise back to exactly the object in the
 * file; signatures carried, not checked. IRT_ERR_INVALID or
 * IRT_ERR_TAMPERED naming the problem. Free f with import_parsed_free,
 * also on failure.
 */
enum irt_status import_parse(const char *text, size_t len,
                             struct import_parsed *f, struct irt_err *err);

/*
 * Recomputes the chain, replays every event under the rule book with
 * policy, and compares the incident part of the document with the
 * replay. rebuilt is initialised here (clear it either way).
 */
enum irt_status import_check_timeline(const struct import_parsed *f,
                                      const struct policy_history *policy,
                                      struct incident *rebuilt,
                                      struct irt_err *err);

void import_parsed_free(struct import_parsed *f);

/* The whole of path ("-": standard input) into *text (malloc'd), *len
 * bytes. IRT_ERR_IO naming the file when it cannot be read. */
enum irt_status import_read(const char *path, char **text, size_t *len,
                            struct irt_err *err);

#endif
