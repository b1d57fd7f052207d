/*
 * test_import.c - import of JSON exports between two temporary
 * databases: the round trip is byte-identical, importing again changes
 * nothing, newer events of the same chain are appended, a diverged chain
 * and every kind of tampering are refused with nothing written.
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

#include "irt/db.h"
#include "irt/export.h"
#include "irt/import.h"
#include "irt/tracker.h"
#include "irt/verify.h"

struct fixture {
	char dir[512];
	struct db *a, *b;
	struct tracker ta, tb;
	long id;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	const char *tmp = getenv("IRT_TEST_TMP");
	struct new_incident spec = {0};
	struct irt_err err;
	char path[600];

	snprintf(fx->dir, sizeof fx->dir, "%s/import-%d-XXXXXX",
	         tmp ? tmp : "/tmp", (int)getpid());
	assert_non_null(mkdtemp(fx->dir));
	snprintf(path, sizeof path, "%s/a.db", fx->dir);
	assert_int_equal(db_open(path, DB_OPEN_CREATE, &fx->a, &err), IRT_OK);
	snprintf(path, sizeof path, "%s/b.db", fx->dir);
	assert_int_equal(db_open(path, DB_OPEN_CREATE, &fx->b, &err), IRT_OK);
	fx->ta = (struct tracker){.db = fx->a, .actor = "alice"};
	fx->tb = (struct tracker){.db = fx->b, .actor = "bob"};
	spec.field[FIELD_TITLE] = "Token leak \"quoted\" <b>x</b>";
	spec.field[FIELD_CVSS] = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
	spec.owner = "alice";
	assert_int_equal(tracker_new(&fx->ta, &spec, &fx->id, &err), IRT_OK);
	assert_int_equal(tracker_ack(&fx->ta, fx->id, 0, &err), IRT_OK);
	assert_int_equal(
	    tracker_note(&fx->ta, fx->id, 0, "", "esc \x1b[0m\ttab", &err),
	    IRT_OK);
	assert_int_equal(
	    tracker_advance(&fx->ta, fx->id, 0, "go", 0, NULL, NULL, &err),
	    IRT_OK);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[600];

	db_close(fx->a);
	db_close(fx->b);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(fx);
	return 0;
}

static char *export_json(struct db *db, long id, size_t *len)
{
	struct export_doc doc;
	struct irt_err err;
	char *buf;

	assert_int_equal(export_load(db, id, 1000, &doc, &err), IRT_OK);
	assert_int_equal(export_render(&doc, EXPORT_JSON, &buf, len, &err),
	                 IRT_OK);
	export_doc_free(&doc);
	return buf;
}

static long n_incidents(struct db *db)
{
	long *ids;
	size_t n;
	struct irt_err err;

	assert_int_equal(db_incident_ids(db, &ids, &n, &err), IRT_OK);
	free(ids);
	return (long)n;
}

static void test_round_trip_identical(void **state)
{
	struct fixture *fx = *state;
	struct import_outcome out;
	struct irt_err err;
	struct verify_report r;
	size_t len, len2;
	char *a = export_json(fx->a, fx->id, &len), *b;

	assert_int_equal(import_json_text(fx->b, a, len, "tester", &out, &err),
	                 IRT_OK);
	assert_int_equal(out.result, IMPORT_ADDED);
	assert_int_equal(out.id, 1);
	b = export_json(fx->b, out.id, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(a, b, len);
	/* The imported incident verifies like a local one. */
	assert_int_equal(verify_run(fx->b, 0, &r, &err), IRT_OK);
	assert_int_equal(r.n_problems, 0);
	verify_report_free(&r);
	/* Again: nothing changes. */
	assert_int_equal(import_json_text(fx->b, a, len, "tester", &out, &err),
	                 IRT_OK);
	assert_int_equal(out.result, IMPORT_PRESENT);
	assert_int_equal(out.n_added, 0);
	assert_int_equal(n_incidents(fx->b), 1);
	free(a);
	free(b);
}

static void test_new_number_when_taken(void **state)
{
	struct fixture *fx = *state;
	struct new_incident spec = {0};
	struct import_outcome out;
	struct irt_err err;
	struct incident inc;
	size_t len;
	char *a = export_json(fx->a, fx->id, &len);
	long other;

	spec.field[FIELD_TITLE] = "Local one";
	assert_int_equal(tracker_new(&fx->tb, &spec, &other, &err), IRT_OK);
	assert_int_equal(import_json_text(fx->b, a, len, "tester", &out, &err),
	                 IRT_OK);
	assert_int_equal(out.id, 2);
	assert_int_equal(db_incident_load(fx->b, 2, &inc, &err), IRT_OK);
	assert_string_equal(inc.field[FIELD_TITLE],
	                    "Token leak \"quoted\" <b>x</b>");
	assert_int_equal(inc.stage, STAGE_CONTAIN);
	incident_clear(&inc);
	free(a);
}

static void test_newer_events_appended(void **state)
{
	struct fixture *fx = *state;
	struct import_outcome out;
	struct irt_err err;
	size_t len, len2;
	char *a = export_json(fx->a, fx->id, &len), *a2;

	assert_int_equal(import_json_text(fx->b, a, len, "tester", &out, &err),
	                 IRT_OK);
	assert_int_equal(tracker_note(&fx->ta, fx->id, 0, "", "later", &err),
	                 IRT_OK);
	a2 = export_json(fx->a, fx->id, &len2);
	assert_int_equal(
	    import_json_text(fx->b, a2, len2, "tester", &out, &err), IRT_OK);
	assert_int_equal(out.result, IMPORT_EXTENDED);
	assert_int_equal(out.n_added, 1);
	/* The older file now changes nothing. */
	assert_int_equal(import_json_text(fx->b, a, len, "tester", &out, &err),
	                 IRT_OK);
	assert_int_equal(out.result, IMPORT_OLDER);
	free(a);
	free(a2);
}

static void test_diverged_refused(void **state)
{
	struct fixture *fx = *state;
	struct import_outcome out;
	struct irt_err err;
	struct incident inc;
	size_t len;
	char *a = export_json(fx->a, fx->id, &len), *a2;

	assert_int_equal(import_json_text(fx->b, a, len, "tester", &out, &err),
	                 IRT_OK);
	assert_int_equal(tracker_note(&fx->tb, out.id, 0, "", "here", &err),
	                 IRT_OK);
	assert_int_equal(tracker_note(&fx->ta, fx->id, 0, "", "there", &err),
	                 IRT_OK);
	a2 = export_json(fx->a, fx->id, &len);
	assert_int_equal(import_json_text(fx->b, a2, len, "tester", &out, &err),
	                 IRT_ERR_INVALID);
	assert_non_null(strstr(err.msg, "event 8 differs"));
	assert_int_equal(db_incident_load(fx->b, 1, &inc, &err), IRT_OK);
	assert_int_equal(inc.n_events, 8);
	incident_clear(&inc);
	free(a);
	free(a2);
}

/* Replaces the first occurrence of from with to (same length) in buf.
 * Not inlined: gcc 12 at -O2 then warns of a dangling pointer that is
 * not there. */
static __attribute__((noinline)) void patch(char *buf, const char *from,
                                            const char *to)
{
	const char *at = strstr(buf, from);
	size_t offset = at ? (size_t)(at - buf) : 0;

	if (!at || strlen(from) != strlen(to))
		fail_msg("cannot patch \"%s\" into \"%s\"", from, to);
	memcpy(buf + offset, to, strlen(to));
}

static void refused(struct fixture *fx, const char *from, const char *to,
                    const char *expect)
{
	struct import_outcome out;
	struct irt_err err;
	size_t len;
	char *a = export_json(fx->a, fx->id, &len);

	patch(a, from, to);
	assert_int_equal(import_json_text(fx->b, a, len, "tester", &out, &err),
	                 IRT_ERR_TAMPERED);
	if (!strstr(err.msg, expect))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, expect);
	assert_int_equal(n_incidents(fx->b), 0);
	free(a);
}

static void test_tampering_refused(void **state)
{
	struct fixture *fx = *state;

	/* A note's text (hash no longer matches). */
	refused(fx, "esc \\u001B[0m", "esc \\u001B[1m", "event 6");
	/* A redundant member alone: the ISO time of event 1. */
	refused(fx, "\"at\": \"2", "\"at\": \"1", "event 1");
	/* The incident part, not the events. */
	refused(fx, "\"owner\": \"alice\"", "\"owner\": \"alicf\"",
	        "\"owner\"");
	/* The actor of an event. */
	refused(fx, "\"actor\": \"alice\"", "\"actor\": \"alicx\"", "event 1");
}

static void test_not_an_export(void **state)
{
	struct fixture *fx = *state;
	struct import_outcome out;
	struct irt_err err;

	assert_int_equal(import_json_text(fx->b, "{", 1, "tester", &out, &err),
	                 IRT_ERR_INVALID);
	assert_int_equal(import_json_text(fx->b, "{\"format\":\"irt-list/1\"}",
	                                  23, "tester", &out, &err),
	                 IRT_ERR_INVALID);
	assert_int_equal(
	    import_file(fx->b, "/nonexistent/x.json", "tester", &out, &err),
	    IRT_ERR_IO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_round_trip_identical, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_new_number_when_taken, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_newer_events_appended, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_diverged_refused, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_tampering_refused, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_not_an_export, setup,
	                                    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
