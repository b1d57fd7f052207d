/*
 * testhooks.c - the test-only environment overrides, linked into irt-test
 * and the unit tests that pin the clock, never into the installed irt
 * (docs/testing.md).
 *
 * A constructor runs before main and installs, through the core's API:
 *   IRT_NOW              the clock testhooks_now_ms (timeutil_set_clock),
 *                        which reads $IRT_NOW at every call, so a unit
 *                        test may change it between calls;
 *   IRT_BUSY_TIMEOUT_MS  the busy timeout of every database connection
 *                        (db_set_default_busy_timeout), read once: 1 to
 *                        599999 ms; anything else keeps the default.
 * Both are read exactly as irt read them before they were confined to
 * test builds, so the tests behave as they always did.
 */
#include "testhooks.h"

#include <stdlib.h>

#include "irt/db.h"
#include "irt/timeutil.h"

int64_t testhooks_now_ms(void)
{
	const char *pinned = getenv("IRT_NOW");
	int64_t real_ms = timeutil_real_now_ms(), ms;

	if (pinned && *pinned &&
	    timeutil_parse(pinned, real_ms, &ms, NULL) == IRT_OK)
		return ms;
	return real_ms;
}

__attribute__((constructor)) static void testhooks_install(void)
{
	const char *busy = getenv("IRT_BUSY_TIMEOUT_MS");
	long ms = busy ? strtol(busy, NULL, 10) : 0;

	timeutil_set_clock(testhooks_now_ms);
	if (ms > 0 && ms < 600000)
		db_set_default_busy_timeout((int)ms);
}
