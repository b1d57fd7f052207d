/*
 * ledger.h - one hash chain over everything the database records
 * (DESIGN §4).
 *
 * Each incident's events chain among themselves (chain.h); the ledger
 * chains the database as a whole. Every incident event, every policy
 * change and every import appends one entry, in the same transaction as
 * what it records, naming it by UUID, sequence number and hash, and for
 * incident events the incident's UUID and number. `irt verify` walks the
 * ledger and the tables side by side, so a deleted incident, a chain cut
 * short, an incident renumbered or swapped with another, an emptied
 * policy timeline or an event slipped in unrecorded is named.
 *
 * What it cannot see: entries removed from the very end of the ledger
 * together with what they record, or a database rewritten whole with
 * every hash recomputed. Both need a ledger head kept elsewhere
 * (checkpoint.h) or signatures.
 *
 * hash(entry) = hex(SHA-256(prev_hash || "\n" || canonical)), with
 * prev_hash of the first entry 64 '0' characters and canonical
 *
 *   irt-ledger/1\n
 *   seq=<len>:<decimal>\n
 *   recorded=<len>:<decimal UTC ms>\n
 *   kind=<len>:event|policy|import\n
 *   incident=<len>:<incident uuid, "" for policy>\n
 *   number=<len>:<incident number, 0 for policy>\n
 *   ref=<len>:<uuid of the event, policy change or import>\n
 *   ref_seq=<len>:<its sequence number; for an import, the last event>\n
 *   ref_hash=<len>:<its hash; for an import, the file's SHA-256>\n
 *   actor=<len>:<who imported; "" otherwise>\n
 *   data=<len>:<import details, JSON; "" otherwise>\n
 *
 * Recorded times (when the entry was made in this database) never go
 * backwards along the ledger.
 */
#ifndef IRT_LEDGER_H
#define IRT_LEDGER_H

#include <stdint.h>

#include "irt/event.h"

enum ledger_kind { LEDGER_EVENT, LEDGER_POLICY, LEDGER_IMPORT };

struct ledger_entry {
	long seq; /* 1, 2, ... along the database */
	int64_t recorded_ms;
	enum ledger_kind kind;
	char incident_uuid[EVENT_UUID_LEN + 1];
	long incident;
	char ref_uuid[EVENT_UUID_LEN + 1];
	long ref_seq;
	char ref_hash[EVENT_HASH_LEN + 1];
	const char *actor; /* not owned */
	const char *data;  /* not owned */
	char prev_hash[EVENT_HASH_LEN + 1];
	char hash[EVENT_HASH_LEN + 1];
};

/* "event", "policy", "import". */
const char *ledger_kind_name(enum ledger_kind k);

/* The kind named `name`, or -1. */
int ledger_kind_parse(const char *name);

/* Computes e's hash from e->prev_hash and its canonical form into out. */
void ledger_hash(const struct ledger_entry *e, char out[EVENT_HASH_LEN + 1]);

#endif
