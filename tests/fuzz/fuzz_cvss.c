/*
 * fuzz_cvss.c - libFuzzer target for cvss_score: any bytes, as a
 * NUL-terminated string, must give either a valid result or
 * IRT_ERR_INVALID with a printable message, never a crash, a leak or
 * undefined behaviour. A valid result must hold:
 *   - every score a multiple of 0.1 in 0.0..10.0 (or -1 where allowed),
 *     the band of the score, a prefix matching the version;
 *   - a normalised vector that scores the same and normalises to itself.
 * A broken invariant aborts, which libFuzzer reports as a crash.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "irt/cvss.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

/* A score: -1 if may_be_absent, else a multiple of 0.1 in 0..10 given as
 * the nearest double, as k / 10.0 makes it. */
static void check_score(double score, int may_be_absent)
{
	double tenths = score * 10;
	long k;

	if (may_be_absent && score == -1)
		return;
	check(score >= 0 && score <= 10);
	k = (long)(tenths + 0.5);
	check(score == (double)k / 10.0);
}

static void check_result(const struct cvss_result *r)
{
	static const char *const prefixes[] = {"CVSS:3.0/", "CVSS:3.1/",
	                                       "CVSS:4.0/"};
	struct cvss_result again;
	struct irt_err err;
	size_t len = strnlen(r->vector, sizeof r->vector);

	check((unsigned)r->version <= CVSS_V40);
	check(len < sizeof r->vector);
	check(strncmp(r->vector, prefixes[r->version], 9) == 0);
	check_score(r->base, 0);
	check_score(r->score, 0);
	check_score(r->temporal, 1);
	check_score(r->environmental, 1);
	if (r->version == CVSS_V40)
		check(r->temporal == -1 && r->environmental == -1);
	check(r->band == severity_from_score(r->score));

	check(cvss_score(r->vector, &again, &err) == IRT_OK);
	check(strcmp(again.vector, r->vector) == 0);
	check(again.version == r->version && again.score == r->score &&
	      again.base == r->base && again.temporal == r->temporal &&
	      again.environmental == r->environmental);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct cvss_result r;
	struct irt_err err;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (cvss_score(text, &r, &err) == IRT_OK) {
		check(err.status == IRT_OK && err.msg[0] == '\0');
		check_result(&r);
	} else {
		check(err.status == IRT_ERR_INVALID && err.msg[0] != '\0');
		for (const char *p = err.msg; *p; p++)
			check(*p >= 0x20 && *p < 0x7f);
		check(r.score == -1 && r.vector[0] == '\0');
	}
	free(text);
	return 0;
}
