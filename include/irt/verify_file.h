/*
 * verify_file.h - `irt verify --file EXPORT`: an irt-incident/1 export
 * checked with no database, as an auditor who trusts nobody checks it.
 *
 * Trusted: nothing in the file. Checked: every event rebuilt from its
 * members and serialising back to the file's bytes, the hash chain, every
 * event replayed under the rule book with gates judged by the policy
 * timeline the file carries (its own chain checked first; a file without
 * one is judged by the built-in defaults, and the verdict says so), the
 * incident part equal to the replay, and, with an allowed-signers file
 * the verifier supplies, every entry's signature (verify_sign.h).
 */
#ifndef IRT_VERIFY_FILE_H
#define IRT_VERIFY_FILE_H

#include <stdio.h>

#include "irt/status.h"

/*
 * Verifies the export at path (allowed: an allowed-signers file, or NULL
 * to leave signatures unchecked) and writes the verdict to out. *ok is 1
 * only when all is as required: chain, rules and state verified, and
 * with allowed, every entry signed by a key allowed for its actor; a
 * policy in the file that requires signatures requires allowed too.
 * Returns IRT_OK when the check could be made (*ok says how it came
 * out); an error when it could not (unreadable file, no ssh-keygen).
 */
enum irt_status verify_file(const char *path, const char *allowed, FILE *out,
                            int *ok, struct irt_err *err);

#endif
