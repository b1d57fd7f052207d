/*
 * chain.h - the tamper-evident hash chain over an incident's events.
 *
 * hash(e) = hex(SHA-256(prev_hash(e) || "\n" || canonical(e))), where
 * prev_hash of the first event is 64 '0' characters, and canonical(e) is
 *
 *   irt-event/1\n
 *   incident=<len>:<incident uuid>\n
 *   uuid=<len>:<event uuid>\n
 *   seq=<len>:<decimal>\n
 *   at=<len>:<decimal UTC ms>\n
 *   recorded=<len>:<decimal UTC ms>\n
 *   actor=<len>:<bytes>\n
 *   kind=<len>:<bytes>\n
 *   field=<len>:<bytes>\n
 *   old=<len>:<bytes>\n
 *   new=<len>:<bytes>\n
 *   text=<len>:<bytes>\n
 *   data=<len>:<bytes>\n
 *
 * with <len> the decimal byte length of the value, so no value can be
 * confused with a neighbour whatever bytes it holds. Hex is lower-case.
 */
#ifndef IRT_CHAIN_H
#define IRT_CHAIN_H

#include <stddef.h>

#include "irt/event.h"

/* The prev_hash of every chain's first event: 64 '0' characters. */
extern const char chain_genesis[EVENT_HASH_LEN + 1];

/* Computes ev's hash from ev->prev_hash and its canonical form into out. */
void chain_hash(const struct event *ev, char out[EVENT_HASH_LEN + 1]);

/* hex(SHA-256(prev_hash || "\n" || canon[0..len))) into out: one link
 * of any of irt's chains. */
void chain_link_hash(const char *prev_hash, const char *canon, size_t len,
                     char out[EVENT_HASH_LEN + 1]);

/* hex(SHA-256(data[0..len))) into out. */
void chain_sha256_hex(const void *data, size_t len,
                      char out[EVENT_HASH_LEN + 1]);

/* Returns a malloc'd canonical form of ev (caller frees) and its length. */
char *chain_canonical(const struct event *ev, size_t *len);

#endif
