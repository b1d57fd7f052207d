/*
 * sign.h - SSH signatures, made and checked as git makes and checks
 * signed commits (gpg.format=ssh).
 *
 * Signing runs `ssh-keygen -Y sign -n NAMESPACE -f KEY` once for any
 * number of messages, so an ssh-agent key (KEY names its public half),
 * ed25519, ECDSA, RSA and FIDO/hardware keys all work as they do for
 * git. A signature is the armored text ssh-keygen writes
 * ("-----BEGIN SSH SIGNATURE-----" ...).
 *
 * Who may sign is decided by an allowed-signers file in ssh-keygen's
 * format (principal, options such as valid-after/valid-before and
 * namespaces, key), always supplied by the verifier, never read from a
 * database or an export. `ssh-keygen -Y verify` is the judge of that
 * file: for each key and principal it is asked about the earliest and
 * the latest time that key signed for that principal (a key on more than
 * one line of the file is asked about every time), and each signature's
 * mathematics is checked with libcrypto against the key ssh-keygen
 * accepted, so ten thousand signatures do not cost ten thousand
 * processes.
 *
 * Namespaces: SIGN_NS_EVENT for timeline entries (the message is the
 * entry's 64-hex-digit hash, chain.h), SIGN_NS_CHECKPOINT for
 * checkpoints (the message is the statement's text).
 */
#ifndef IRT_SIGN_H
#define IRT_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "irt/status.h"

#define SIGN_NS_EVENT      "irt"
#define SIGN_NS_CHECKPOINT "irt-checkpoint"

/*
 * Signs n messages (msgs[i], lens[i] bytes) with the key at key_path,
 * one ssh-keygen run for all; sigs[i] gets each armored signature
 * (malloc'd). On failure (no such key, ssh-keygen missing, refused, a
 * passphrase not given) nothing is returned and err says why, with
 * ssh-keygen's own message.
 */
enum irt_status sign_messages(const char *key_path, const char *ns,
                              const char *const *msgs, const size_t *lens,
                              size_t n, char **sigs, struct irt_err *err);

/* The key's "SHA256:..." fingerprint and type, as ssh-keygen -l prints
 * them, from an armored signature; "" when it does not parse. */
void sign_fingerprint(const char *signature, char *buf, size_t size);

/* One signature to check. */
struct sign_check {
	const char *principal; /* who it must be by (the entry's actor) */
	const char *message;   /* what it must sign */
	size_t len;
	const char *signature; /* armored; NULL or "" = unsigned */
	int64_t at_ms;         /* when it was made (valid-after/before) */
	/* Out: */
	int ok;            /* 1: a good signature by an allowed key */
	char fp[64];       /* the signing key's fingerprint, or "" */
	char problem[200]; /* when not ok: why, in words */
};

/*
 * Checks n signatures against the allowed-signers file: each is ok only
 * when it is a good signature of its message in namespace ns, by a key
 * the file allows for its principal (and namespace) at its time.
 * Returns IRT_OK when every check was decided (each check's ok says how);
 * an error only when checking could not be done at all (no such file,
 * ssh-keygen missing).
 */
enum irt_status sign_verify(const char *allowed_signers, const char *ns,
                            struct sign_check *checks, size_t n,
                            struct irt_err *err);

/*
 * The same in passes, for more entries than are held at once (a whole
 * database): note every check first (only its key, principal and time
 * are kept), prepare (ssh-keygen at each key's first and last time), then
 * check each one, in any order. A check not noted is judged by ssh-keygen
 * alone.
 */
struct sign_verifier;
enum irt_status sign_verifier_new(const char *allowed_signers, const char *ns,
                                  struct sign_verifier **out,
                                  struct irt_err *err);
void sign_verifier_note(struct sign_verifier *v, const struct sign_check *c);
enum irt_status sign_verifier_prepare(struct sign_verifier *v,
                                      struct irt_err *err);
void sign_verifier_check(struct sign_verifier *v, struct sign_check *c);
void sign_verifier_free(struct sign_verifier *v);

#endif
