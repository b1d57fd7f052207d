/*
 * test_chain.c - the canonical form and SHA-256 chain of events.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "irt/chain.h"

static void fill(struct event *ev)
{
	event_init(ev);
	strcpy(ev->incident_uuid, "11111111-2222-3333-4444-555555555555");
	strcpy(ev->uuid, "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
	ev->seq = 1;
	ev->at_ms = 1000;
	ev->recorded_ms = 2000;
	event_set(&ev->actor, "dana");
	event_set(&ev->kind, "note");
	event_set(&ev->field, "note");
	event_set(&ev->text, "rolled back");
	strcpy(ev->prev_hash, chain_genesis);
}

static void test_canonical_form(void **state)
{
	struct event ev;
	size_t len;
	char *c;

	(void)state;
	fill(&ev);
	c = chain_canonical(&ev, &len);
	assert_string_equal(c,
	                    "irt-event/1\n"
	                    "incident=36:11111111-2222-3333-4444-555555555555\n"
	                    "uuid=36:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\n"
	                    "seq=1:1\nat=4:1000\nrecorded=4:2000\n"
	                    "actor=4:dana\nkind=4:note\nfield=4:note\n"
	                    "old=0:\nnew=0:\ntext=11:rolled back\ndata=0:\n");
	assert_int_equal(len, strlen(c));
	free(c);
	event_clear(&ev);
}

static void test_hash_known_value(void **state)
{
	struct event ev;
	char hash[EVENT_HASH_LEN + 1];

	(void)state;
	fill(&ev);
	chain_hash(&ev, hash);
	/* sha256(64 zeros + "\n" + canonical form), computed independently
	 * with sha256sum. */
	assert_string_equal(
	    hash,
	    "fa6d534685b5b97a3047175f8faacffd627dce3761c4838600fa36e84eb00252");
	event_clear(&ev);
}

static void test_every_member_changes_the_hash(void **state)
{
	struct event ev;
	char base[EVENT_HASH_LEN + 1], h[EVENT_HASH_LEN + 1];

	(void)state;
	fill(&ev);
	chain_hash(&ev, base);
	ev.at_ms++;
	chain_hash(&ev, h);
	assert_string_not_equal(base, h);
	ev.at_ms--;
	event_set(&ev.actor, "dan");
	chain_hash(&ev, h);
	assert_string_not_equal(base, h);
	event_set(&ev.actor, "dana");
	ev.prev_hash[0] = '1';
	chain_hash(&ev, h);
	assert_string_not_equal(base, h);
	ev.prev_hash[0] = '0';
	chain_hash(&ev, h);
	assert_string_equal(base, h);
	event_clear(&ev);
}

static void test_no_ambiguity_between_members(void **state)
{
	struct event a, b;
	char ha[EVENT_HASH_LEN + 1], hb[EVENT_HASH_LEN + 1];

	(void)state;
	/* Moving bytes from one member to its neighbour must change the
	 * hash: lengths prefix every value. */
	fill(&a);
	fill(&b);
	event_set(&a.field, "ab");
	event_set(&a.old_value, "c");
	event_set(&b.field, "a");
	event_set(&b.old_value, "bc");
	chain_hash(&a, ha);
	chain_hash(&b, hb);
	assert_string_not_equal(ha, hb);
	event_set(&a.text, "x\nnew=1:y");
	chain_hash(&a, ha);
	event_set(&a.text, "x");
	event_set(&a.new_value, "y");
	chain_hash(&a, hb);
	assert_string_not_equal(ha, hb);
	event_clear(&a);
	event_clear(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_canonical_form),
	    cmocka_unit_test(test_hash_known_value),
	    cmocka_unit_test(test_every_member_changes_the_hash),
	    cmocka_unit_test(test_no_ambiguity_between_members),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
