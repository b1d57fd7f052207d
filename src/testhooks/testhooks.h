/*
 * testhooks.h - the clock of test builds (testhooks.c): irt-test and the
 * unit tests that pin "now" link it; irt never does.
 */
#ifndef IRT_TESTHOOKS_H
#define IRT_TESTHOOKS_H

#include <stdint.h>

/*
 * "Now" as $IRT_NOW pins it, read afresh at every call: any form
 * timeutil_parse reads, relative to the real clock ("-1h" runs an hour
 * behind it). Unset, empty or not parsing: the real clock. The start-up
 * of a test build installs it with timeutil_set_clock; a test that
 * replaced the clock puts it back the same way.
 */
int64_t testhooks_now_ms(void);

#endif
