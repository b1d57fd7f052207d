/*
 * sign_sshsig.c - checking many SSH signatures with few ssh-keygen runs
 * (sign.h).
 *
 * An armored signature is the SSHSIG blob of OpenSSH's PROTOCOL.sshsig:
 * "SSHSIG", version 1, the public key, the namespace, a reserved string,
 * the hash algorithm and the signature over
 *     "SSHSIG" || string(namespace) || string(reserved) ||
 *     string(hash_algorithm) || string(H(message)).
 * For ed25519, ECDSA (nistp256/384/521) and RSA (rsa-sha2-256/512) keys
 * that mathematics is checked here with libcrypto; whether the key may
 * sign for the principal at that time is always ssh-keygen's verdict
 * (sign.h). Other keys (FIDO, certificates) are checked by ssh-keygen
 * one signature at a time.
 */
#include <errno.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/proc.h"
#include "irt/xalloc.h"
#include "sign_internal.h"

#define ARMOR_BEGIN "-----BEGIN SSH SIGNATURE-----"
#define ARMOR_END   "-----END SSH SIGNATURE-----"

/* A length-prefixed string inside a blob: a view, not a copy. */
struct bytes {
	const unsigned char *p;
	size_t len;
};

struct reader {
	const unsigned char *p;
	size_t left;
	int bad;
};

static struct bytes take(struct reader *r, size_t len)
{
	struct bytes b = {NULL, 0};

	if (r->bad || len > r->left) {
		r->bad = 1;
		return b;
	}
	b.p = r->p;
	b.len = len;
	r->p += len;
	r->left -= len;
	return b;
}

static uint32_t take_u32(struct reader *r)
{
	struct bytes b = take(r, 4);

	if (!b.p)
		return 0;
	return (uint32_t)b.p[0] << 24 | (uint32_t)b.p[1] << 16 |
	       (uint32_t)b.p[2] << 8 | b.p[3];
}

static struct bytes take_string(struct reader *r)
{
	return take(r, take_u32(r));
}

static int is(struct bytes b, const char *s)
{
	return b.p && b.len == strlen(s) && memcmp(b.p, s, b.len) == 0;
}

/* A parsed signature; the views point into blob. */
struct sshsig {
	unsigned char *blob;
	size_t blob_len;
	struct bytes key, ns, reserved, hash_alg, sig_type, sig;
	int extra; /* bytes after the signature (FIDO flags and counter) */
};

static void sshsig_free(struct sshsig *s)
{
	free(s->blob);
	memset(s, 0, sizeof *s);
}

/* Decodes the armored text into s. 0 on success. */
static int sshsig_parse(const char *armored, struct sshsig *s)
{
	const char *begin = armored ? strstr(armored, ARMOR_BEGIN) : NULL;
	const char *end = begin ? strstr(begin, ARMOR_END) : NULL;
	char *b64;
	size_t n = 0;
	int len;
	struct reader r, in;
	struct bytes magic, sig;

	memset(s, 0, sizeof *s);
	if (!begin || !end)
		return -1;
	begin += strlen(ARMOR_BEGIN);
	b64 = xmalloc((size_t)(end - begin) + 1);
	for (const char *p = begin; p < end; p++)
		if (*p != '\n' && *p != '\r' && *p != ' ')
			b64[n++] = *p;
	b64[n] = '\0';
	if (n == 0 || n % 4 != 0) {
		free(b64);
		return -1;
	}
	s->blob = xmalloc(n / 4 * 3 + 1);
	len = EVP_DecodeBlock(s->blob, (unsigned char *)b64, (int)n);
	if (len >= 0) {
		/* DecodeBlock counts the padding as data. */
		if (n >= 1 && b64[n - 1] == '=')
			len--;
		if (n >= 2 && b64[n - 2] == '=')
			len--;
	}
	free(b64);
	if (len < 0) {
		sshsig_free(s);
		return -1;
	}
	s->blob_len = (size_t)len;
	r = (struct reader){s->blob, s->blob_len, 0};
	magic = take(&r, 6);
	if (!magic.p || memcmp(magic.p, "SSHSIG", 6) != 0 ||
	    take_u32(&r) != 1) {
		sshsig_free(s);
		return -1;
	}
	s->key = take_string(&r);
	s->ns = take_string(&r);
	s->reserved = take_string(&r);
	s->hash_alg = take_string(&r);
	sig = take_string(&r);
	if (r.bad || r.left) {
		sshsig_free(s);
		return -1;
	}
	in = (struct reader){sig.p, sig.len, 0};
	s->sig_type = take_string(&in);
	s->sig = take_string(&in);
	s->extra = in.left > 0;
	if (in.bad) {
		sshsig_free(s);
		return -1;
	}
	return 0;
}

/* "SHA256:" and the unpadded base64 of the key blob's SHA-256. */
static void key_fingerprint(struct bytes key, char *buf, size_t size)
{
	unsigned char digest[32];
	unsigned char b64[64];
	int n;

	if (!EVP_Digest(key.p, key.len, digest, NULL, EVP_sha256(), NULL)) {
		snprintf(buf, size, "%s", "");
		return;
	}
	n = EVP_EncodeBlock(b64, digest, sizeof digest);
	while (n > 0 && b64[n - 1] == '=')
		n--;
	snprintf(buf, size, "SHA256:%.*s", n, (const char *)b64);
}

void sign_fingerprint(const char *signature, char *buf, size_t size)
{
	struct sshsig s;

	if (!size)
		return;
	buf[0] = '\0';
	if (sshsig_parse(signature, &s) != 0)
		return;
	key_fingerprint(s.key, buf, size);
	sshsig_free(&s);
}

/* ---- the mathematics ---------------------------------------------- */

static EVP_PKEY *from_params(const char *type, OSSL_PARAM_BLD *bld)
{
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	EVP_PKEY *pkey = NULL;

	if (params && ctx && EVP_PKEY_fromdata_init(ctx) > 0)
		if (EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY,
		                      params) <= 0)
			pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return pkey;
}

/* The public key of a key blob, and the digest its signatures use (NULL
 * for ed25519). NULL when the type is not one checked here. */
static EVP_PKEY *public_key(struct bytes blob, struct bytes sig_type,
                            const EVP_MD **md)
{
	struct reader r = {blob.p, blob.len, 0};
	struct bytes type = take_string(&r);
	EVP_PKEY *pkey = NULL;

	*md = NULL;
	if (is(type, "ssh-ed25519")) {
		struct bytes pk = take_string(&r);

		if (!r.bad && !r.left && pk.len == 32 &&
		    is(sig_type, "ssh-ed25519"))
			pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519,
			                                   NULL, pk.p, 32);
	} else if (is(type, "ssh-rsa")) {
		struct bytes e = take_string(&r), n = take_string(&r);
		OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
		BIGNUM *bn_e = BN_bin2bn(e.p, (int)e.len, NULL);
		BIGNUM *bn_n = BN_bin2bn(n.p, (int)n.len, NULL);

		if (is(sig_type, "rsa-sha2-256"))
			*md = EVP_sha256();
		else if (is(sig_type, "rsa-sha2-512"))
			*md = EVP_sha512();
		if (*md && !r.bad && !r.left && bld && bn_e && bn_n &&
		    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) &&
		    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e))
			pkey = from_params("RSA", bld);
		BN_free(bn_e);
		BN_free(bn_n);
		OSSL_PARAM_BLD_free(bld);
	} else if (type.p && type.len > 19 &&
	           memcmp(type.p, "ecdsa-sha2-", 11) == 0) {
		struct bytes curve = take_string(&r), q = take_string(&r);
		const char *group = NULL;
		OSSL_PARAM_BLD *bld;

		if (is(curve, "nistp256")) {
			group = "prime256v1";
			*md = EVP_sha256();
		} else if (is(curve, "nistp384")) {
			group = "secp384r1";
			*md = EVP_sha384();
		} else if (is(curve, "nistp521")) {
			group = "secp521r1";
			*md = EVP_sha512();
		}
		if (!group || r.bad || r.left || sig_type.len != type.len ||
		    memcmp(sig_type.p, type.p, type.len) != 0)
			return NULL;
		bld = OSSL_PARAM_BLD_new();
		if (bld &&
		    OSSL_PARAM_BLD_push_utf8_string(
		        bld, OSSL_PKEY_PARAM_GROUP_NAME, group, 0) &&
		    OSSL_PARAM_BLD_push_octet_string(
		        bld, OSSL_PKEY_PARAM_PUB_KEY, q.p, q.len))
			pkey = from_params("EC", bld);
		OSSL_PARAM_BLD_free(bld);
	}
	return pkey;
}

/* An SSH ECDSA signature (mpint r, mpint s) as DER (malloc'd). */
static unsigned char *ecdsa_der(struct bytes sig, int *der_len)
{
	struct reader r = {sig.p, sig.len, 0};
	struct bytes br = take_string(&r), bs = take_string(&r);
	ECDSA_SIG *es;
	BIGNUM *bn_r, *bn_s;
	unsigned char *der = NULL;

	*der_len = 0;
	if (r.bad || r.left)
		return NULL;
	es = ECDSA_SIG_new();
	bn_r = BN_bin2bn(br.p, (int)br.len, NULL);
	bn_s = BN_bin2bn(bs.p, (int)bs.len, NULL);
	if (!es || !bn_r || !bn_s || !ECDSA_SIG_set0(es, bn_r, bn_s)) {
		BN_free(bn_r);
		BN_free(bn_s);
		ECDSA_SIG_free(es);
		return NULL;
	}
	*der_len = i2d_ECDSA_SIG(es, &der);
	ECDSA_SIG_free(es);
	if (*der_len <= 0) {
		OPENSSL_free(der);
		return NULL;
	}
	return der;
}

enum math { MATH_GOOD, MATH_BAD, MATH_UNKNOWN };

/* Whether s is a signature of message in namespace ns by its key. */
static enum math check_math(const struct sshsig *s, const char *ns,
                            const char *message, size_t len)
{
	const EVP_MD *hash_md = is(s->hash_alg, "sha512")   ? EVP_sha512()
	                        : is(s->hash_alg, "sha256") ? EVP_sha256()
	                                                    : NULL;
	unsigned char h[64], *data, *der = NULL;
	unsigned int h_len = 0;
	size_t data_len = 0, ns_len = strlen(ns);
	const EVP_MD *md;
	EVP_PKEY *pkey;
	EVP_MD_CTX *ctx;
	const unsigned char *sig = s->sig.p;
	size_t sig_len = s->sig.len;
	enum math verdict = MATH_BAD;
	int der_len;

	if (!is(s->ns, ns) || !hash_md)
		return MATH_BAD;
	if (s->extra)
		return MATH_UNKNOWN;
	pkey = public_key(s->key, s->sig_type, &md);
	if (!pkey)
		return MATH_UNKNOWN;
	if (!EVP_Digest(message, len, h, &h_len, hash_md, NULL)) {
		EVP_PKEY_free(pkey);
		return MATH_UNKNOWN;
	}
	data = xmalloc(6 + 4 + ns_len + 4 + s->reserved.len + 4 +
	               s->hash_alg.len + 4 + h_len);
#define PUT_STRING(ptr, n)                                                     \
	do {                                                                   \
		data[data_len++] = (unsigned char)((n) >> 24);                 \
		data[data_len++] = (unsigned char)((n) >> 16);                 \
		data[data_len++] = (unsigned char)((n) >> 8);                  \
		data[data_len++] = (unsigned char)(n);                         \
		memcpy(data + data_len, (ptr), (n));                           \
		data_len += (n);                                               \
	} while (0)
	memcpy(data, "SSHSIG", 6);
	data_len = 6;
	PUT_STRING(ns, ns_len);
	PUT_STRING(s->reserved.p, s->reserved.len);
	PUT_STRING(s->hash_alg.p, s->hash_alg.len);
	PUT_STRING(h, h_len);
#undef PUT_STRING
	if (EVP_PKEY_get_base_id(pkey) == EVP_PKEY_EC) {
		der = ecdsa_der(s->sig, &der_len);
		sig = der;
		sig_len = der ? (size_t)der_len : 0;
	}
	ctx = EVP_MD_CTX_new();
	if (sig && ctx && EVP_DigestVerifyInit(ctx, NULL, md, NULL, pkey) > 0)
		verdict =
		    EVP_DigestVerify(ctx, sig, sig_len, data, data_len) == 1
		        ? MATH_GOOD
		        : MATH_BAD;
	EVP_MD_CTX_free(ctx);
	OPENSSL_free(der);
	free(data);
	EVP_PKEY_free(pkey);
	return verdict;
}

/* ---- the verifier ------------------------------------------------- */

/* How many lines of the allowed-signers file name the key (its base64
 * appears on them). */
static int key_lines(const char *allowed_text, struct bytes key)
{
	unsigned char *b64 = xmalloc(key.len / 3 * 4 + 8);
	int n = 0;
	const char *p = allowed_text;

	EVP_EncodeBlock(b64, key.p, (int)key.len);
	while ((p = strstr(p, (const char *)b64)) != NULL) {
		n++;
		p = strchr(p, '\n');
		if (!p)
			break;
	}
	free(b64);
	return n;
}

/* One key signing for one principal, and ssh-keygen's verdict on it. */
struct group {
	unsigned char *key; /* the key blob */
	size_t key_len;
	char *principal;
	int64_t min_at, max_at;
	struct sign_check ends[2]; /* the earliest and latest signature */
	int lines;                 /* lines of the file naming the key */
	int each;                  /* ssh-keygen for every signature */
	int ok;                    /* both ends allowed (when !each) */
};

struct sign_verifier {
	char *allowed;
	char *allowed_text;
	char *ns;
	char *dir;
	struct group *groups;
	size_t n_groups, cap_groups;
};

static void end_set(struct sign_check *end, const struct sign_check *c)
{
	free((char *)end->message);
	free((char *)end->signature);
	*end = *c;
	end->message = xmalloc(c->len + 1);
	memcpy((char *)end->message, c->message, c->len);
	((char *)end->message)[c->len] = '\0';
	end->signature = xstrdup(c->signature);
	end->principal = NULL; /* the group's */
}

static struct group *find_group(struct sign_verifier *v, struct bytes key,
                                const char *principal, int add)
{
	struct group *g;

	for (size_t i = 0; i < v->n_groups; i++) {
		g = &v->groups[i];
		if (g->key_len == key.len &&
		    memcmp(g->key, key.p, key.len) == 0 &&
		    strcmp(g->principal, principal) == 0)
			return g;
	}
	if (!add)
		return NULL;
	if (v->n_groups == v->cap_groups) {
		v->cap_groups = v->cap_groups ? v->cap_groups * 2 : 8;
		v->groups =
		    xrealloc(v->groups, v->cap_groups * sizeof *v->groups);
	}
	g = &v->groups[v->n_groups++];
	memset(g, 0, sizeof *g);
	g->key = xmalloc(key.len ? key.len : 1);
	memcpy(g->key, key.p, key.len);
	g->key_len = key.len;
	g->principal = xstrdup(principal);
	g->lines = key_lines(v->allowed_text, key);
	return g;
}

enum irt_status sign_verifier_new(const char *allowed_signers, const char *ns,
                                  struct sign_verifier **out,
                                  struct irt_err *err)
{
	struct sign_verifier *v;
	FILE *f = fopen(allowed_signers, "r");
	size_t len = 0, cap = 0, r;

	*out = NULL;
	if (!f)
		return irt_err_set(
		    err, IRT_ERR_IO,
		    "cannot read the allowed-signers file %s: %s",
		    allowed_signers, strerror(errno));
	v = xcalloc(1, sizeof *v);
	do {
		if (len + 4097 > cap) {
			cap = cap ? cap * 2 : 8192;
			v->allowed_text = xrealloc(v->allowed_text, cap);
		}
		r = fread(v->allowed_text + len, 1, cap - len - 1, f);
		len += r;
	} while (r > 0);
	v->allowed_text[len] = '\0';
	fclose(f);
	v->allowed = xstrdup(allowed_signers);
	v->ns = xstrdup(ns);
	v->dir = proc_scratch_dir("sign", err);
	if (!v->dir) {
		sign_verifier_free(v);
		return IRT_ERR_IO;
	}
	*out = v;
	return IRT_OK;
}

void sign_verifier_note(struct sign_verifier *v, const struct sign_check *c)
{
	struct sshsig s;
	struct group *g;

	if (!c->signature || !c->signature[0] ||
	    sshsig_parse(c->signature, &s) != 0)
		return;
	g = find_group(v, s.key, c->principal, 1);
	if (!g->ends[0].signature || c->at_ms < g->min_at) {
		g->min_at = c->at_ms;
		end_set(&g->ends[0], c);
	}
	if (!g->ends[1].signature || c->at_ms > g->max_at) {
		g->max_at = c->at_ms;
		end_set(&g->ends[1], c);
	}
	sshsig_free(&s);
}

enum irt_status sign_verifier_prepare(struct sign_verifier *v,
                                      struct irt_err *err)
{
	for (size_t i = 0; i < v->n_groups; i++) {
		struct group *g = &v->groups[i];

		g->each = g->lines > 1;
		if (g->lines == 0 || g->each)
			continue;
		for (int e = 0; e < 2; e++) {
			int rc;

			g->ends[e].principal = g->principal;
			rc = sign_keygen_verify(v->allowed, v->ns, &g->ends[e],
			                        v->dir);
			if (rc == 127)
				return irt_err_set(err, IRT_ERR_IO, "%s",
				                   g->ends[e].problem);
			/* A failing end: each signature is judged alone. */
			g->each |= rc != 0;
		}
		g->ok = !g->each;
	}
	return IRT_OK;
}

void sign_verifier_check(struct sign_verifier *v, struct sign_check *c)
{
	struct sshsig s;
	struct group *g;
	enum math math;

	c->ok = 0;
	c->fp[0] = c->problem[0] = '\0';
	if (!c->signature || !c->signature[0]) {
		snprintf(c->problem, sizeof c->problem, "unsigned");
		return;
	}
	if (sshsig_parse(c->signature, &s) != 0) {
		snprintf(c->problem, sizeof c->problem,
		         "the signature does not parse as an SSH signature");
		return;
	}
	key_fingerprint(s.key, c->fp, sizeof c->fp);
	math = check_math(&s, v->ns, c->message, c->len);
	g = find_group(v, s.key, c->principal, 0);
	if (math == MATH_BAD) {
		snprintf(c->problem, sizeof c->problem,
		         "the signature is not of this entry (%s): altered "
		         "after signing, or signed over something else",
		         is(s.ns, v->ns) ? "bad signature" : "wrong namespace");
	} else if (g && g->lines == 0 && math == MATH_GOOD) {
		snprintf(c->problem, sizeof c->problem,
		         "signed by %s, a key the allowed-signers file does "
		         "not list",
		         c->fp);
	} else if (g && !g->each && math == MATH_GOOD &&
	           c->at_ms >= g->min_at && c->at_ms <= g->max_at) {
		c->ok = g->ok;
	} else {
		c->ok = sign_keygen_verify(v->allowed, v->ns, c, v->dir) == 0;
	}
	sshsig_free(&s);
}

void sign_verifier_free(struct sign_verifier *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n_groups; i++) {
		struct group *g = &v->groups[i];

		for (int e = 0; e < 2; e++) {
			free((char *)g->ends[e].message);
			free((char *)g->ends[e].signature);
		}
		free(g->key);
		free(g->principal);
	}
	free(v->groups);
	if (v->dir)
		proc_scratch_remove(v->dir);
	free(v->allowed);
	free(v->allowed_text);
	free(v->ns);
	free(v);
}

enum irt_status sign_verify(const char *allowed_signers, const char *ns,
                            struct sign_check *checks, size_t n,
                            struct irt_err *err)
{
	struct sign_verifier *v;
	enum irt_status status =
	    sign_verifier_new(allowed_signers, ns, &v, err);

	if (status != IRT_OK)
		return status;
	for (size_t i = 0; i < n; i++)
		sign_verifier_note(v, &checks[i]);
	status = sign_verifier_prepare(v, err);
	for (size_t i = 0; i < n && status == IRT_OK; i++)
		sign_verifier_check(v, &checks[i]);
	sign_verifier_free(v);
	return status;
}
