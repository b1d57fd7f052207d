/*
 * verify_sign.h - checking the signatures of a record against an
 * allowed-signers file the verifier supplies (sign.h), and the short
 * verdict an auditor pastes: who signed which entries, and every entry
 * unsigned or not signed as required, named.
 *
 * An entry is as required when it carries a good signature of its hash
 * (namespace SIGN_NS_EVENT) by a key the file allows for its actor at
 * the time it was recorded. With an allowed-signers file every entry must
 * be: an unsigned entry is a problem like a wrongly signed one.
 */
#ifndef IRT_VERIFY_SIGN_H
#define IRT_VERIFY_SIGN_H

#include <stddef.h>
#include <stdio.h>

#include "irt/db.h"
#include "irt/event.h"
#include "irt/status.h"

/* A run of consecutive entries of one chain (incident 0: the policy). */
struct sign_run {
	long incident, first, last;
};

/* Entries signed by one key for one principal (or unsigned), as runs. */
struct sign_signer {
	char *principal;
	char fp[64];
	size_t n;
	struct sign_run *runs;
	size_t n_runs;
};

struct sign_tally {
	size_t n_entries, n_good, n_unsigned, n_bad;
	struct sign_signer *signers; /* good signatures, by key */
	size_t n_signers;
	struct sign_signer unsigned_; /* ranges of unsigned entries */
	char **problems;              /* wrongly signed entries, in words */
	size_t n_problems;
};

/*
 * Checks every entry of the database (each incident's events, and the
 * policy timeline) against allowed, or with id the events of incident id
 * alone, adding to t (zeroed by the caller).
 * In one read snapshot. IRT_OK when checking could be done (t says how
 * it came out); an error when it could not (no file, no ssh-keygen).
 */
enum irt_status verify_sign_db(struct db *db, long id, const char *allowed,
                               struct sign_tally *t, struct irt_err *err);

/*
 * The same for one incident's events and a policy timeline held in
 * memory (an export). incident is the number shown for its events.
 */
enum irt_status verify_sign_lists(const char *allowed, long incident,
                                  const struct event_list *events,
                                  const struct event_list *policy,
                                  struct sign_tally *t, struct irt_err *err);

/* Whether every entry checked was signed as required. */
int verify_sign_ok(const struct sign_tally *t);

/* The verdict: a line per signer, the unsigned ranges, each problem. */
void verify_sign_print(const struct sign_tally *t, FILE *out);

void verify_sign_free(struct sign_tally *t);

#endif
