/*
 * fuzz_timeutil.c - libFuzzer target for timeutil_parse: any bytes must
 * give IRT_OK or IRT_ERR_INVALID with a message, never a crash or
 * undefined behaviour. An accepted time must format (UTC) and parse back
 * to the same instant, and the local formats must not overflow.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "irt/timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* 2026-11-29T03:40:00Z, a fixed "now". */
	const int64_t now = 1795930800000LL;
	char *text = malloc(size + 1), buf[TIMEUTIL_BUFSZ];
	struct irt_err err;
	enum irt_status st;
	int64_t ms = 0, again = 0;

	memcpy(text, data, size);
	text[size] = '\0';
	st = timeutil_parse(text, now, &ms, &err);
	check(st == IRT_OK || st == IRT_ERR_INVALID);
	if (st == IRT_OK) {
		timeutil_format_utc(ms, buf, sizeof buf);
		check(timeutil_parse(buf, now, &again, NULL) == IRT_OK);
		check(again == ms);
		timeutil_format_local(ms, buf, sizeof buf);
		timeutil_format_local_short(ms, buf, sizeof buf);
		timeutil_format_duration(ms - now, buf, sizeof buf);
	} else {
		check(err.msg[0] != '\0');
		check(strlen(err.msg) < sizeof err.msg);
	}
	free(text);
	return 0;
}
