/*
 * chain.c - canonical form of an event and its SHA-256 chain hash
 * (format documented in chain.h and irt(1)).
 */
#include "irt/chain.h"

#include <inttypes.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void buf_field(struct buf *b, const char *name, const char *value)
{
	char head[64];
	size_t n = strlen(value);
	int k = snprintf(head, sizeof head, "%s=%zu:", name, n);

	buf_add(b, head, (size_t)k);
	buf_add(b, value, n);
	buf_add(b, "\n", 1);
}

static void buf_number(struct buf *b, const char *name, int64_t value)
{
	char num[32];

	snprintf(num, sizeof num, "%" PRId64, value);
	buf_field(b, name, num);
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

void chain_hash(const struct event *ev, char out[EVENT_HASH_LEN + 1])
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int digest_len = 0;
	size_t len;
	char *canon = chain_canonical(ev, &len);
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL) ||
	    !EVP_DigestUpdate(md, ev->prev_hash, strlen(ev->prev_hash)) ||
	    !EVP_DigestUpdate(md, "\n", 1) ||
	    !EVP_DigestUpdate(md, canon, len) ||
	    !EVP_DigestFinal_ex(md, digest, &digest_len))
		xfatal("SHA-256 failed (libcrypto)");
	EVP_MD_CTX_free(md);
	free(canon);
	for (unsigned int i = 0; i < digest_len && i < EVENT_HASH_LEN / 2; i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
	out[EVENT_HASH_LEN] = '\0';
}
