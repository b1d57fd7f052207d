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

#endif
