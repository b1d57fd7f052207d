/*
 * chain.c - canonical forms of an event and of a ledger entry and their
 * SHA-256 chain hashes (formats documented in chain.h, ledger.h and
 * irt(1)).
 */
#include "irt/chain.h"

#include <inttypes.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/ledger.h"
#include "irt/xalloc.h"

const char chain_genesis[EVENT_HASH_LEN + 1] =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct buf {
	char *data;
	size_t len, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 256;
		b->data = xrealloc(b->data, b->cap);
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* Appends the decimal digits of v. */
static void buf_decimal(struct buf *b, uint64_t v)
{
	char digits[24];
	size_t n = 0;

	do {
		digits[sizeof digits - ++n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	buf_add(b, digits + sizeof digits - n, n);
}

/* "name=<len>:<value>\n" (no printf: this runs for every field of every
 * event that is hashed). */
static void buf_field_n(struct buf *b, const char *name, const char *value,
                        size_t n)
{
	buf_add(b, name, strlen(name));
	buf_add(b, "=", 1);
	buf_decimal(b, n);
	buf_add(b, ":", 1);
	buf_add(b, value, n);
	buf_add(b, "\n", 1);
}

static void buf_field(struct buf *b, const char *name, const char *value)
{
	buf_field_n(b, name, value, strlen(value));
}

static void buf_number(struct buf *b, const char *name, int64_t value)
{
	struct buf num = {0};
	char small[32];

	/* Render the number first: its length prefixes it. */
	num.data = small;
	num.cap = sizeof small;
	if (value < 0) {
		small[num.len++] = '-';
		buf_decimal(&num, (uint64_t)0 - (uint64_t)value);
	} else {
		buf_decimal(&num, (uint64_t)value);
	}
	buf_field_n(b, name, small, num.len);
}

char *chain_canonical(const struct event *ev, size_t *len)
{
	struct buf b = {0};

	buf_add(&b, "irt-event/1\n", 12);
	buf_field(&b, "incident", ev->incident_uuid);
	buf_field(&b, "uuid", ev->uuid);
	buf_number(&b, "seq", ev->seq);
	buf_number(&b, "at", ev->at_ms);
	buf_number(&b, "recorded", ev->recorded_ms);
	buf_field(&b, "actor", ev->actor);
	buf_field(&b, "kind", ev->kind);
	buf_field(&b, "field", ev->field);
	buf_field(&b, "old", ev->old_value);
	buf_field(&b, "new", ev->new_value);
	buf_field(&b, "text", ev->text);
	buf_field(&b, "data", ev->data);
	*len = b.len;
	return b.data;
}

void chain_link_hash(const char *prev_hash, const char *canon, size_t len,
                     char out[EVENT_HASH_LEN + 1])
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int digest_len = 0;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	static const char hex[] = "0123456789abcdef";

	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL) ||
	    !EVP_DigestUpdate(md, prev_hash, strlen(prev_hash)) ||
	    !EVP_DigestUpdate(md, "\n", 1) ||
	    !EVP_DigestUpdate(md, canon, len) ||
	    !EVP_DigestFinal_ex(md, digest, &digest_len))
		xfatal("SHA-256 failed (libcrypto)");
	EVP_MD_CTX_free(md);
	for (unsigned int i = 0; i < digest_len && i < EVENT_HASH_LEN / 2;
	     i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[EVENT_HASH_LEN] = '\0';
}

void chain_hash(const struct event *ev, char out[EVENT_HASH_LEN + 1])
{
	size_t len;
	char *canon = chain_canonical(ev, &len);

	chain_link_hash(ev->prev_hash, canon, len, out);
	free(canon);
}

void chain_sha256_hex(const void *data, size_t len,
                      char out[EVENT_HASH_LEN + 1])
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int digest_len = 0;
	static const char hex[] = "0123456789abcdef";

	if (!EVP_Digest(data, len, digest, &digest_len, EVP_sha256(), NULL))
		xfatal("SHA-256 failed (libcrypto)");
	for (unsigned int i = 0; i < digest_len && i < EVENT_HASH_LEN / 2;
	     i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[EVENT_HASH_LEN] = '\0';
}

/* ---- the ledger (ledger.h) ---------------------------------------- */

static const char *const ledger_kinds[] = {"event", "policy", "import"};

const char *ledger_kind_name(enum ledger_kind k)
{
	return (unsigned)k < 3 ? ledger_kinds[k] : "";
}

int ledger_kind_parse(const char *name)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(name, ledger_kinds[i]) == 0)
			return i;
	return -1;
}

void ledger_hash(const struct ledger_entry *e, char out[EVENT_HASH_LEN + 1])
{
	struct buf b = {0};

	buf_add(&b, "irt-ledger/1\n", 13);
	buf_number(&b, "seq", e->seq);
	buf_number(&b, "recorded", e->recorded_ms);
	buf_field(&b, "kind", ledger_kind_name(e->kind));
	buf_field(&b, "incident", e->incident_uuid);
	buf_number(&b, "number", e->incident);
	buf_field(&b, "ref", e->ref_uuid);
	buf_number(&b, "ref_seq", e->ref_seq);
	buf_field(&b, "ref_hash", e->ref_hash);
	buf_field(&b, "actor", e->actor ? e->actor : "");
	buf_field(&b, "data", e->data ? e->data : "");
	chain_link_hash(e->prev_hash, b.data, b.len, out);
	free(b.data);
}
