/*
 * test_notify.c - notification drafts and sending: placeholders filled
 * from the incident, stored text unable to add headers, unknown
 * placeholders and bad recipients refused, the built-in templates
 * complete, and the send command's exit status reported.
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
#include "irt/notify.h"
#include "irt/xalloc.h"
#include "irt/tracker.h"

struct fixture {
	char dir[512];
	struct db *db;
	struct export_doc doc;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	const char *tmp = getenv("IRT_TEST_TMP");
	struct new_incident spec = {0};
	struct tracker t;
	struct irt_err err;
	char path[600];
	long id;

	snprintf(fx->dir, sizeof fx->dir, "%s/notify-%d-XXXXXX",
	         tmp ? tmp : "/tmp", (int)getpid());
	assert_non_null(mkdtemp(fx->dir));
	snprintf(path, sizeof path, "%s/irt.db", fx->dir);
	assert_int_equal(db_open(path, DB_OPEN_CREATE, &fx->db, &err), IRT_OK);
	t = (struct tracker){.db = fx->db, .actor = "alice"};
	spec.field[FIELD_TITLE] = "Leak\r\nBcc: evil@example.com";
	spec.field[FIELD_COMPONENT] = "billing-api";
	spec.field[FIELD_CVSS] = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
	spec.owner = "alice";
	assert_int_equal(tracker_new(&t, &spec, &id, &err), IRT_OK);
	assert_int_equal(tracker_set(&t, id, 0, FIELD_IMPACT,
	                             "Customer invoices readable\n\x1b[2J",
	                             &err),
	                 IRT_OK);
	assert_int_equal(export_load(fx->db, id, 1000, &fx->doc, &err), IRT_OK);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[600];

	export_doc_free(&fx->doc);
	db_close(fx->db);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(fx);
	return 0;
}

/* The header block of a message (up to the blank line). */
static char *headers_of(const char *msg)
{
	const char *end = strstr(msg, "\n\n");

	assert_non_null(end);
	return strndup(msg, (size_t)(end - msg) + 1);
}

static void test_builtin_templates(void **state)
{
	struct fixture *fx = *state;
	const char *to[] = {"a@example.com", "b@example.com"};

	for (int a = 0; a < AUDIENCE_COUNT; a++) {
		struct notify_draft d;
		struct irt_err err;
		char *h;

		assert_int_equal(notify_render(&fx->doc, (enum audience)a, to,
		                               2, "alice", &d, &err),
		                 IRT_OK);
		h = headers_of(d.message);
		assert_non_null(
		    strstr(h, "To: a@example.com, b@example.com\n"));
		assert_non_null(strstr(h, "\nSubject: "));
		assert_non_null(strstr(h, "\nDate: "));
		assert_non_null(strstr(h, "charset=UTF-8"));
		/* The title's line break did not start a header. */
		assert_null(strstr(h, "\nBcc:"));
		assert_non_null(
		    strstr(d.subject, "Leak  Bcc: evil@example.com"));
		/* Filled from the incident; nothing left unfilled. The
		 * reporter's acknowledgement tells no incident details. */
		if (a != AUDIENCE_REPORTER) {
			assert_non_null(strstr(d.message, "billing-api"));
			assert_non_null(strstr(d.message, "9.8"));
		}
		assert_null(strstr(d.message, "{{"));
		/* The body shows control characters, never sends them. */
		assert_null(strchr(d.message, 0x1b));
		assert_int_equal(d.n_to, 2);
		assert_string_equal(d.origin, "built-in");
		free(h);
		notify_draft_free(&d);
	}
}

static void test_template_errors(void **state)
{
	struct fixture *fx = *state;
	const char *bad_to[] = {"a@example.com\nBcc: x@y"};
	struct notify_draft d = {0};
	struct irt_err err;

	assert_int_equal(notify_render_template(&fx->doc,
	                                        "To: {{to}}\nSubject: {{tilte}}"
	                                        "\n\nbody\n",
	                                        NULL, 0, "a", &d, &err),
	                 IRT_ERR_INVALID);
	assert_non_null(strstr(err.msg, "{{tilte}}"));
	notify_draft_free(&d);
	assert_int_equal(notify_render_template(&fx->doc, "no headers here\n",
	                                        NULL, 0, "a", &d, &err),
	                 IRT_ERR_INVALID);
	notify_draft_free(&d);
	assert_int_equal(notify_render_template(&fx->doc, "To: {{to}}\n\nx\n",
	                                        bad_to, 1, "a", &d, &err),
	                 IRT_ERR_INVALID);
	notify_draft_free(&d);
	/* Recipients from the template when none are given; a value
	 * holding braces is not expanded again. */
	assert_int_equal(notify_render_template(
	                     &fx->doc,
	                     "To: x@example.com, y@example.com\r\n"
	                     "Subject: {{id}} {{from}}\r\n\r\nHi {{from}}\r\n",
	                     NULL, 0, "{{title}}", &d, &err),
	                 IRT_OK);
	assert_int_equal(d.n_to, 2);
	assert_string_equal(d.to[1], "y@example.com");
	assert_string_equal(d.subject, "1 {{title}}");
	assert_null(strchr(d.message, '\r'));
	notify_draft_free(&d);
}

static void test_reporter_address(void **state)
{
	static const struct {
		const char *reporter, *address;
	} cases[] = {
	    {"jane@example.org", "jane@example.org"},
	    {"  jane@example.org ", "jane@example.org"},
	    {"Jane Doe <jane@example.org>", "jane@example.org"},
	    {"Jane Doe", ""},
	    {"@jane on the bounty platform", ""},
	    {"a@example.org, b@example.org", ""},
	    {"jane@localhost", ""},
	    {"jane@example.org\nBcc: x@example.org", ""},
	    {"Jane <jane@example.org>\nBcc: x@example.org", ""},
	    {"j\xc3\xa4ne@example.org", ""},
	    {"", ""},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *got = notify_reporter_address(cases[i].reporter);

		assert_string_equal(got, cases[i].address);
		free(got);
	}
}

/* Reproduction steps and a proof of concept reach the internal message
 * alone; an outside audience's template may not ask for them. */
static void test_poc_internal_only(void **state)
{
	struct fixture *fx = *state;
	const char *to[] = {"a@example.com"};
	struct notify_draft d;
	struct irt_err err;

	free(fx->doc.inc.field[FIELD_POC]);
	fx->doc.inc.field[FIELD_POC] = xstrdup("POCMARKER \x1b]0;x\x07");
	for (int a = 0; a < AUDIENCE_COUNT; a++) {
		assert_int_equal(notify_render(&fx->doc, (enum audience)a, to,
		                               1, "alice", &d, &err),
		                 IRT_OK);
		if (a == AUDIENCE_INTERNAL)
			assert_non_null(
			    strstr(d.message, "POCMARKER ^[]0;x^G"));
		else
			assert_null(strstr(d.message, "POCMARKER"));
		notify_draft_free(&d);
	}
}

static void test_send_exit_status(void **state)
{
	struct fixture *fx = *state;
	struct irt_err err;
	char cmd[1200], path[700], buf[64] = {0};
	int status;
	FILE *f;

	snprintf(path, sizeof path, "%s/sent.txt", fx->dir);
	snprintf(cmd, sizeof cmd, "cat > '%s'", path);
	assert_int_equal(notify_send(cmd, "To: a@b\n\nhello\n", &status, &err),
	                 IRT_OK);
	assert_int_equal(status, 0);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fread(buf, 1, sizeof buf - 1, f), 15);
	fclose(f);
	assert_string_equal(buf, "To: a@b\n\nhello\n");
	assert_int_equal(
	    notify_send("cat >/dev/null; exit 75", "x\n", &status, &err),
	    IRT_OK);
	assert_int_equal(status, 75);
	assert_int_equal(notify_send("exit 3", "x\n", &status, &err), IRT_OK);
	assert_int_equal(status, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_builtin_templates, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_template_errors, setup,
	                                    teardown),
	    cmocka_unit_test(test_reporter_address),
	    cmocka_unit_test_setup_teardown(test_poc_internal_only, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_send_exit_status, setup,
	                                    teardown),
	};

	/* Only the built-in templates: no user overrides. */
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
