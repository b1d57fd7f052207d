/*
 * test_checkpoint.c - checkpoints without ssh-keygen: taking one of a
 * temporary database, writing it and reading it back to the same
 * statement byte for byte, the reader's refusals of malformed text, the
 * database points a checkpoint is checked against, and openssl's time
 * format. (Signing, verifying and time-stamping run real tools and are
 * covered by tests/cli/test_checkpoint.sh.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "irt/chain.h"
#include "irt/checkpoint.h"
#include "irt/tracker.h"
#include "irt/tsa.h"
#include "testdb.h"

/* An armored text of the SSH signature's shape (not a real one). */
static const char fake_signature[] = "-----BEGIN SSH SIGNATURE-----\n"
                                     "U1NIU0lHAAAAAQ==\n"
                                     "-----END SSH SIGNATURE-----\n";

struct fixture {
	char path[600];
	struct db *db;
	long ids[2];
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct tracker t;
	struct new_incident spec = {0};
	struct irt_err err;

	fx->db = testdb_open(fx->path, sizeof fx->path, "checkpoint");
	t = (struct tracker){.db = fx->db, .actor = "alice"};
	spec.field[FIELD_TITLE] = "First";
	assert_int_equal(tracker_new(&t, &spec, &fx->ids[0], &err), IRT_OK);
	assert_int_equal(tracker_note(&t, fx->ids[0], 0, "", "one", &err),
	                 IRT_OK);
	spec.field[FIELD_TITLE] = "Second";
	assert_int_equal(tracker_new(&t, &spec, &fx->ids[1], &err), IRT_OK);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	testdb_close(fx->db, fx->path);
	free(fx);
	return 0;
}

/* Reads text as a checkpoint file named "t"; the status, err filled. */
static enum irt_status read_text(const char *text, size_t len,
                                 struct checkpoint_list *list,
                                 struct irt_err *err)
{
	FILE *f = fmemopen((void *)text, len, "r");
	enum irt_status status;

	assert_non_null(f);
	status = checkpoint_read(f, "t", list, err);
	fclose(f);
	return status;
}

static void test_take_names_every_head(void **state)
{
	struct fixture *fx = *state;
	struct checkpoint c;
	struct event_list events = {0};
	struct irt_err err;

	assert_int_equal(
	    checkpoint_take(fx->db, "alice", 1796134200000, &c, &err), IRT_OK);
	assert_int_equal(c.n_incidents, 2);
	assert_int_equal(c.incidents[0].number, fx->ids[0]);
	assert_int_equal(db_events_load(fx->db, fx->ids[0], &events, &err),
	                 IRT_OK);
	assert_int_equal(c.incidents[0].n_events, (long)events.count);
	assert_string_equal(c.incidents[0].hash,
	                    events.items[events.count - 1].hash);
	{
		struct event_list second = {0};

		assert_int_equal(
		    db_events_load(fx->db, fx->ids[1], &second, &err), IRT_OK);
		/* Every event is one ledger entry; nothing else was
		 * recorded. */
		assert_int_equal(c.n_ledger,
		                 (long)(events.count + second.count));
		event_list_free(&second);
	}
	assert_non_null(strstr(c.statement, "irt-checkpoint/1\ndatabase: "));
	assert_non_null(
	    strstr(c.statement, "\nat: 2026-12-01T14:10:00.000Z\nby: alice\n"));
	assert_int_equal(c.statement_len, strlen(c.statement));
	event_list_free(&events);
	checkpoint_clear(&c);
	/* A name that could not be read back is refused. */
	assert_int_equal(checkpoint_take(fx->db, "", 1, &c, &err),
	                 IRT_ERR_INVALID);
	checkpoint_clear(&c);
}

static void test_round_trip(void **state)
{
	struct fixture *fx = *state;
	struct checkpoint c;
	struct checkpoint_list list = {0};
	struct irt_err err;
	unsigned char stamp[300];
	char *text, *two;
	size_t len;

	assert_int_equal(
	    checkpoint_take(fx->db, "alice", 1796134200000, &c, &err), IRT_OK);
	c.signature = strdup(fake_signature);
	for (size_t i = 0; i < sizeof stamp; i++)
		stamp[i] = (unsigned char)(i * 7);
	c.stamp = malloc(sizeof stamp);
	memcpy(c.stamp, stamp, sizeof stamp);
	c.stamp_len = sizeof stamp;
	text = checkpoint_format(&c, &len);
	/* Two in a row, with a blank line between, as a log. */
	assert_true(asprintf(&two, "%s\n%s", text, text) > 0);
	assert_int_equal(read_text(two, strlen(two), &list, &err), IRT_OK);
	assert_int_equal(list.count, 2);
	for (size_t k = 0; k < 2; k++) {
		const struct checkpoint *r = &list.items[k];

		assert_int_equal(r->statement_len, c.statement_len);
		assert_memory_equal(r->statement, c.statement, c.statement_len);
		assert_string_equal(r->signature, fake_signature);
		assert_int_equal(r->stamp_len, sizeof stamp);
		assert_memory_equal(r->stamp, stamp, sizeof stamp);
		assert_int_equal(r->at_ms, c.at_ms);
		assert_string_equal(r->by, "alice");
		assert_int_equal(r->n_ledger, c.n_ledger);
		assert_int_equal(r->n_incidents, 2);
		assert_string_equal(r->incidents[1].hash, c.incidents[1].hash);
		assert_string_equal(r->file, "t");
	}
	assert_int_equal(list.items[0].line, 1);
	assert_true(list.items[1].line > 1);
	free(two);
	free(text);
	checkpoint_list_free(&list);
	checkpoint_clear(&c);
}

/* A valid checkpoint's text with one line replaced: refused, naming the
 * line and containing `why`. */
static void expect_refused(const char *good, const char *old_line,
                           const char *new_line, const char *why)
{
	struct checkpoint_list list = {0};
	struct irt_err err;
	const char *at = strstr(good, old_line);
	char *text;

	assert_non_null(at);
	assert_true(asprintf(&text, "%.*s%s%s", (int)(at - good), good,
	                     new_line, at + strlen(old_line)) > 0);
	assert_int_equal(read_text(text, strlen(text), &list, &err),
	                 IRT_ERR_INVALID);
	if (!strstr(err.msg, why))
		fail_msg("\"%s\" lacks \"%s\"", err.msg, why);
	assert_int_equal(list.count, 0);
	free(text);
}

static void test_malformed(void **state)
{
	struct fixture *fx = *state;
	struct checkpoint c;
	struct checkpoint_list list = {0};
	struct irt_err err;
	char *good, *huge, *ledger_line;
	size_t len;

	assert_int_equal(
	    checkpoint_take(fx->db, "alice", 1796134200000, &c, &err), IRT_OK);
	c.signature = strdup(fake_signature);
	good = checkpoint_format(&c, &len);
	assert_true(asprintf(&ledger_line, "ledger: %ld %s\n", c.n_ledger,
	                     c.ledger_hash) > 0);
	expect_refused(good, "irt-checkpoint/1\n", "irt-checkpoint/2\n",
	               "t:2: a checkpoint format this irt does not read");
	expect_refused(good, "by: alice\n", "by: \n", "t:5: expected \"by:");
	expect_refused(good, "by: alice\n", "by: al\tice\n", "t:5:");
	expect_refused(good, "at: 2026-12-01T14:10:00.000Z\n",
	               "at: 2026-12-01T14:10:00Z\n", "t:4: expected \"at:");
	expect_refused(good, ledger_line, "ledger: 03 x\n",
	               "t:6: \"ledger:\" must be");
	expect_refused(good, ledger_line, "ledger:  3\n", "t:6:");
	expect_refused(good, "incident ", "incident  ",
	               "expected \"incident UUID #NUMBER EVENTS HASH\"");
	expect_refused(good, " #1 ", " #0 ", "expected \"incident UUID");
	expect_refused(good, " #1 ", " 1 ", "expected \"incident UUID");
	expect_refused(good, "U1NIU0lHAAAAAQ==\n", "U1NI U0lH\n",
	               "the SSH signature is not base64");
	expect_refused(good, "-----END IRT CHECKPOINT-----\n", "",
	               "t:1: the file ends inside the checkpoint");
	expect_refused(good, "-----END IRT CHECKPOINT-----\n",
	               "-----END IRT CHECKPOINT----\n", "expected \"-----END");
	expect_refused(good, "-----BEGIN IRT CHECKPOINT-----\n", "junk\n",
	               "t:1: not part of a checkpoint");
	/* Nothing, blank lines, an over-long line, a NUL byte. */
	assert_int_equal(read_text("", 0, &list, &err), IRT_ERR_INVALID);
	assert_non_null(strstr(err.msg, "t holds no checkpoint"));
	assert_int_equal(read_text("\n\r\n\n", 4, &list, &err),
	                 IRT_ERR_INVALID);
	huge = malloc(CHECKPOINT_LINE_MAX + 100);
	memset(huge, 'a', CHECKPOINT_LINE_MAX + 99);
	huge[CHECKPOINT_LINE_MAX + 99] = '\0';
	assert_int_equal(read_text(huge, strlen(huge), &list, &err),
	                 IRT_ERR_INVALID);
	assert_non_null(strstr(err.msg, "t:1: the line is too long"));
	assert_int_equal(read_text("-----BEGIN IRT CHECKPOINT-----\nirt\0x\n",
	                           36, &list, &err),
	                 IRT_ERR_INVALID);
	assert_non_null(strstr(err.msg, "t:2: the line holds a NUL byte"));
	/* A line of exactly the longest length is read (then refused for
	 * what it says, not for its length). */
	huge[CHECKPOINT_LINE_MAX] = '\0';
	assert_int_equal(read_text(huge, strlen(huge), &list, &err),
	                 IRT_ERR_INVALID);
	assert_non_null(strstr(err.msg, "not part of a checkpoint"));
	/* Every prefix of a good checkpoint is refused, none crashes. */
	for (size_t n = 1; n < len; n++)
		if (read_text(good, n, &list, &err) == IRT_OK)
			assert_true(n >= len - 1); /* only the final newline */
	checkpoint_list_free(&list);
	free(huge);
	free(ledger_line);
	free(good);
	checkpoint_clear(&c);
}

static void test_points(void **state)
{
	struct fixture *fx = *state;
	struct checkpoint c;
	struct db_chain_point p[2];
	struct irt_err err;
	char hash[EVENT_HASH_LEN + 1];
	long n;

	assert_int_equal(checkpoint_take(fx->db, "alice", 1, &c, &err), IRT_OK);
	memset(p, 0, sizeof p);
	strcpy(p[0].incident_uuid, c.incidents[0].uuid);
	p[0].seq = 1;
	strcpy(p[1].incident_uuid, "00000000-0000-4000-8000-000000000000");
	p[1].seq = 1;
	assert_int_equal(db_chain_points(fx->db, p, 2, &err), IRT_OK);
	assert_int_equal(p[0].incident, fx->ids[0]);
	assert_int_equal(p[0].n_events, c.incidents[0].n_events);
	assert_int_equal(strlen(p[0].hash), EVENT_HASH_LEN);
	assert_string_not_equal(p[0].hash, c.incidents[0].hash);
	assert_int_equal(p[1].incident, 0);
	assert_string_equal(p[1].hash, "");
	assert_int_equal(db_ledger_point(fx->db, 0, &n, hash, &err), IRT_OK);
	assert_int_equal(n, c.n_ledger);
	assert_string_equal(hash, c.ledger_hash);
	assert_int_equal(db_ledger_point(fx->db, n + 1, &n, hash, &err),
	                 IRT_OK);
	assert_string_equal(hash, "");
	checkpoint_clear(&c);
}

static void test_tsa_time(void **state)
{
	int64_t ms;

	(void)state;
	assert_int_equal(tsa_parse_time("Dec  1 14:00:14 2026 GMT", &ms), 0);
	assert_int_equal(ms, INT64_C(1796133614000));
	assert_int_equal(tsa_parse_time("Jan 31 00:00:00.25 2027 GMT", &ms), 0);
	assert_int_equal(ms % 1000, 250);
	assert_int_equal(tsa_parse_time("Foo  1 14:00:14 2026 GMT", &ms), -1);
	assert_int_equal(tsa_parse_time("Dec  1 14:00:14 2026", &ms), -1);
	assert_int_equal(tsa_parse_time("", &ms), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_take_names_every_head, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_points, setup, teardown),
	    cmocka_unit_test(test_tsa_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
