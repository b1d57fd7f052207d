/*
 * tsa.h - RFC 3161 time-stamps through the openssl command-line tool
 * (`openssl ts`), as sign.h signs through ssh-keygen.
 *
 * A time-stamp here is the DER TimeStampResp an authority (TSA) returns
 * for a query over the SHA-256 digest of some bytes. irt makes the query
 * (`openssl ts -query -sha256 -cert -digest HEX`: with a nonce, asking
 * for the authority's certificate in the reply), gives it on standard
 * input to a command the user names (run with /bin/sh -c; it talks to
 * the authority, e.g. curl to an HTTP TSA), and reads the reply on the
 * command's standard output. The reply is checked at once to be granted
 * and over that digest.
 *
 * Whether a reply is a good time-stamp of a digest is decided by
 * `openssl ts -verify` against CA certificates the verifier trusts,
 * never by anything in the reply alone: the authority's signature, its
 * certificate's chain to the CA file (as of now) and its time-stamping
 * purpose, and the digest.
 */
#ifndef IRT_TSA_H
#define IRT_TSA_H

#include <stddef.h>
#include <stdint.h>

#include "irt/status.h"

/* What a reply says (as `openssl ts -reply -text` shows it). */
struct tsa_info {
	char time[64];   /* the authority's time, "Dec  1 14:00:14 2026 GMT" */
	int64_t time_ms; /* the same in UTC ms; 0 when it did not parse */
};

/*
 * Asks for a time-stamp of digest_hex (64 hex digits, SHA-256) through
 * command. On success *reply is the DER reply (malloc'd; caller frees),
 * *len its size, and info what it says. Fails, with err naming the
 * reason (openssl missing, the command failing or writing no reply, the
 * authority refusing, a reply over another digest), returning nothing.
 */
enum irt_status tsa_stamp(const char *command, const char *digest_hex,
                          unsigned char **reply, size_t *len,
                          struct tsa_info *info, struct irt_err *err);

/*
 * Checks that reply (len bytes of DER) is a good time-stamp of
 * digest_hex by an authority whose certificate leads to one in ca_file.
 * Returns 0 and fills info; otherwise -1 with the reason in problem
 * (size bytes), in words.
 */
int tsa_check(const char *ca_file, const char *digest_hex,
              const unsigned char *reply, size_t len, struct tsa_info *info,
              char *problem, size_t size);

/* Parses openssl's "Dec  1 14:00:14 2026 GMT" (seconds may carry a
 * fraction) into UTC ms. 0 on success, -1 otherwise. */
int tsa_parse_time(const char *text, int64_t *ms);

#endif
