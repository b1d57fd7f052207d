/*
 * test_sign.c - SSH signatures made by ssh-keygen and checked in batches:
 * good ones by allowed keys pass whatever the key type; an altered
 * message, another namespace, a key not listed, a key listed for another
 * principal and a key outside its valid-after/valid-before window fail,
 * each with its reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "irt/sign.h"
#include "irt/xalloc.h"

#define T_2026 1796169600000LL /* 2026-12-02T00:00:00Z */
#define DAY    (24LL * 3600 * 1000)

struct fx {
	char dir[256];
	char allowed[300];
};

static void sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	assert_int_equal(system(cmd), 0);
}

/* Keys: alice (ed25519), bob (ECDSA P-256), carol (RSA), mallory (not
 * listed); alice's second key valid only in 2027. */
static int setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof *fx);
	const char *tmp = getenv("IRT_TEST_TMP");

	snprintf(fx->dir, sizeof fx->dir, "%s/sign.XXXXXX", tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(fx->dir));
	sh("cd %s && ssh-keygen -q -t ed25519 -N '' -f alice -C alice && "
	   "ssh-keygen -q -t ecdsa -b 256 -N '' -f bob -C bob && "
	   "ssh-keygen -q -t rsa -b 2048 -N '' -f carol -C carol && "
	   "ssh-keygen -q -t ed25519 -N '' -f mallory -C mallory && "
	   "ssh-keygen -q -t ed25519 -N '' -f alice27 -C alice27",
	   fx->dir);
	snprintf(fx->allowed, sizeof fx->allowed, "%s/allowed", fx->dir);
	sh("cd %s && { echo \"alice namespaces=\\\"irt\\\" $(cat alice.pub)\"; "
	   "echo \"bob $(cat bob.pub)\"; echo \"carol $(cat carol.pub)\"; "
	   "echo \"alice valid-after=\\\"20270101\\\","
	   "valid-before=\\\"20280101\\\" $(cat alice27.pub)\"; } >allowed",
	   fx->dir);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	sh("rm -rf %s", fx->dir);
	free(fx);
	return 0;
}

/* Signs n messages with key (a file in fx->dir). */
static void sign_all(struct fx *fx, const char *key, const char *const *msgs,
                     size_t n, char **sigs)
{
	char path[400];
	size_t lens[16];
	struct irt_err err;

	for (size_t i = 0; i < n; i++)
		lens[i] = strlen(msgs[i]);
	snprintf(path, sizeof path, "%s/%s", fx->dir, key);
	assert_int_equal(
	    sign_messages(path, SIGN_NS_EVENT, msgs, lens, n, sigs, &err),
	    IRT_OK);
}

static struct sign_check check_of(const char *principal, const char *msg,
                                  const char *sig, int64_t at)
{
	struct sign_check c;

	memset(&c, 0, sizeof c);
	c.principal = principal;
	c.message = msg;
	c.len = strlen(msg);
	c.signature = sig;
	c.at_ms = at;
	return c;
}

static void test_good_signatures_of_every_key_type(void **state)
{
	struct fx *fx = *state;
	const char *msgs[] = {"aaaa", "bbbb", "cccc"};
	char *a[3], *b[3], *c[3];
	struct sign_check checks[9];
	struct irt_err err;

	sign_all(fx, "alice", msgs, 3, a);
	sign_all(fx, "bob", msgs, 3, b);
	sign_all(fx, "carol", msgs, 3, c);
	assert_non_null(strstr(a[0], "-----BEGIN SSH SIGNATURE-----"));
	for (int i = 0; i < 3; i++) {
		checks[i] = check_of("alice", msgs[i], a[i], T_2026 + i * DAY);
		checks[3 + i] = check_of("bob", msgs[i], b[i], T_2026 + i);
		checks[6 + i] = check_of("carol", msgs[i], c[i], T_2026 + i);
	}
	assert_int_equal(
	    sign_verify(fx->allowed, SIGN_NS_EVENT, checks, 9, &err), IRT_OK);
	for (int i = 0; i < 9; i++) {
		assert_true(checks[i].ok);
		assert_memory_equal(checks[i].fp, "SHA256:", 7);
	}
	for (int i = 0; i < 3; i++) {
		free(a[i]);
		free(b[i]);
		free(c[i]);
	}
}

static void test_each_bad_signature_is_named(void **state)
{
	struct fx *fx = *state;
	const char *msgs[] = {"aaaa", "bbbb"};
	char *a[2], *m[2], *b[2], *late[2];
	struct sign_check checks[8];
	struct irt_err err;

	sign_all(fx, "alice", msgs, 2, a);
	sign_all(fx, "mallory", msgs, 2, m);
	sign_all(fx, "bob", msgs, 2, b);
	sign_all(fx, "alice27", msgs, 2, late);
	checks[0] = check_of("alice", "aaaa", a[0], T_2026);
	/* The message altered after signing. */
	checks[1] = check_of("alice", "bbbX", a[1], T_2026);
	/* A key the file does not list. */
	checks[2] = check_of("alice", "aaaa", m[0], T_2026);
	/* Bob's key signing as alice. */
	checks[3] = check_of("alice", "aaaa", b[0], T_2026);
	/* Alice's 2027 key used in 2026, and in 2027. */
	checks[4] = check_of("alice", "aaaa", late[0], T_2026);
	checks[5] = check_of("alice", "bbbb", late[1], T_2026 + 200 * DAY);
	/* Unsigned, and not a signature at all. */
	checks[6] = check_of("alice", "aaaa", "", T_2026);
	checks[7] = check_of("alice", "aaaa",
	                     "-----BEGIN SSH SIGNATURE-----\n"
	                     "AAAA\n-----END SSH SIGNATURE-----",
	                     T_2026);
	assert_int_equal(
	    sign_verify(fx->allowed, SIGN_NS_EVENT, checks, 8, &err), IRT_OK);
	assert_true(checks[0].ok);
	assert_false(checks[1].ok);
	assert_non_null(strstr(checks[1].problem, "not of this entry"));
	assert_false(checks[2].ok);
	assert_non_null(strstr(checks[2].problem, "does not list"));
	assert_false(checks[3].ok);
	assert_false(checks[4].ok);
	assert_non_null(strstr(checks[4].problem, "not yet valid"));
	assert_true(checks[5].ok);
	assert_false(checks[6].ok);
	assert_string_equal(checks[6].problem, "unsigned");
	assert_false(checks[7].ok);
	assert_non_null(strstr(checks[7].problem, "does not parse"));
	for (int i = 0; i < 2; i++) {
		free(a[i]);
		free(m[i]);
		free(b[i]);
		free(late[i]);
	}
}

static void test_namespace_is_checked(void **state)
{
	struct fx *fx = *state;
	const char *msgs[] = {"aaaa"};
	size_t lens[] = {4};
	char *sig[1], path[400];
	struct sign_check c;
	struct irt_err err;

	snprintf(path, sizeof path, "%s/bob", fx->dir);
	assert_int_equal(
	    sign_messages(path, SIGN_NS_CHECKPOINT, msgs, lens, 1, sig, &err),
	    IRT_OK);
	c = check_of("bob", "aaaa", sig[0], T_2026);
	assert_int_equal(sign_verify(fx->allowed, SIGN_NS_EVENT, &c, 1, &err),
	                 IRT_OK);
	assert_false(c.ok);
	assert_non_null(strstr(c.problem, "wrong namespace"));
	c = check_of("bob", "aaaa", sig[0], T_2026);
	assert_int_equal(
	    sign_verify(fx->allowed, SIGN_NS_CHECKPOINT, &c, 1, &err), IRT_OK);
	assert_true(c.ok);
	free(sig[0]);
}

static void test_signing_failures_say_why(void **state)
{
	struct fx *fx = *state;
	const char *msgs[] = {"aaaa"};
	size_t lens[] = {4};
	char *sig[1], path[400];
	struct irt_err err;
	struct sign_check c = check_of("alice", "aaaa", "", T_2026);

	snprintf(path, sizeof path, "%s/no-such-key", fx->dir);
	assert_int_equal(
	    sign_messages(path, SIGN_NS_EVENT, msgs, lens, 1, sig, &err),
	    IRT_ERR_IO);
	assert_non_null(strstr(err.msg, "no-such-key"));
	assert_null(sig[0]);
	snprintf(path, sizeof path, "%s/no-such-file", fx->dir);
	assert_int_equal(sign_verify(path, SIGN_NS_EVENT, &c, 1, &err),
	                 IRT_ERR_IO);
	assert_non_null(strstr(err.msg, "allowed-signers"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_signatures_of_every_key_type),
	    cmocka_unit_test(test_each_bad_signature_is_named),
	    cmocka_unit_test(test_namespace_is_checked),
	    cmocka_unit_test(test_signing_failures_say_why),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
