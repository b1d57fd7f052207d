/*
 * test_hooks.c - the hooks module: kinds named from every event kind,
 * the directories listed as git lists hooks (team first, name order,
 * leftovers and non-executables skipped), documents that parse, a hook's
 * exit status, and a hanging one killed at its timeout with its group.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <signal.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "irt/hooks.h"
#include "irt/proc.h"
#include "irt/xalloc.h"

static char base[256];

static void write_exec(const char *dir, const char *name, const char *body,
                       int mode)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	assert_int_equal(chmod(path, (mode_t)mode), 0);
}

static int setup(void **state)
{
	const char *tmp = getenv("IRT_TEST_TMP");

	(void)state;
	snprintf(base, sizeof base, "%s/hooks-%d", tmp ? tmp : "/tmp",
	         (int)getpid());
	return mkdir(base, 0700);
}

static int teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_kinds(void **state)
{
	static const char *const events[] = {
	    "create",  "set",         "owner",        "ack",
	    "advance", "close",       "reopen",       "note",
	    "action",  "action-done", "actions-none", "notify"};

	(void)state;
	for (size_t i = 0; i < sizeof events / sizeof *events; i++) {
		const char *kind = hooks_kind_of_event(events[i]);

		assert_non_null(kind);
		assert_true(hooks_kind_known(kind));
		assert_string_equal(hooks_event_of_kind(kind), events[i]);
		assert_non_null(strstr(hooks_kind_list(), kind));
	}
	assert_string_equal(hooks_kind_of_event("advance"), "stage-changed");
	assert_true(hooks_kind_known("overdue"));
	assert_null(hooks_event_of_kind("overdue"));
	assert_null(hooks_kind_of_event("policy"));
	assert_false(hooks_kind_known("exploded"));
}

static void test_find(void **state)
{
	char team[300], mine[300];
	struct policy p;
	struct hooks h = {0};
	struct hook_list list;
	struct irt_err err;

	(void)state;
	snprintf(team, sizeof team, "%s/team", base);
	snprintf(mine, sizeof mine, "%s/mine", base);
	assert_int_equal(mkdir(team, 0700), 0);
	assert_int_equal(mkdir(mine, 0700), 0);
	write_exec(team, "20-b", "exit 0", 0700);
	write_exec(team, "10-a", "exit 0", 0700);
	write_exec(mine, "05-mine", "exit 0", 0700);
	write_exec(mine, "06-plain", "exit 0", 0600);
	write_exec(mine, "07-x~", "exit 0", 0700);
	write_exec(mine, ".08-dot", "exit 0", 0700);
	write_exec(mine, "09.sample", "exit 0", 0700);
	write_exec(mine, "10.swp", "exit 0", 0700);
	write_exec(mine, "#11#", "exit 0", 0700);
	write_exec(mine, "12.dpkg-old", "exit 0", 0700);
	policy_defaults(&p);
	snprintf(p.hooks_dir, sizeof p.hooks_dir, "%s", team);
	h.personal_dir = mine;
	assert_int_equal(hooks_find(&h, &p, &list, &err), IRT_OK);
	assert_int_equal(list.count, 3);
	assert_non_null(strstr(list.paths[0], "/team/10-a"));
	assert_non_null(strstr(list.paths[1], "/team/20-b"));
	assert_non_null(strstr(list.paths[2], "/mine/05-mine"));
	hook_list_free(&list);

	/* A missing personal directory has none; a missing team one is an
	 * error naming it, the personal hooks still listed. */
	h.personal_dir = "/nonexistent/irt/hooks";
	p.hooks_dir[0] = '\0';
	assert_int_equal(hooks_find(&h, &p, &list, &err), IRT_OK);
	assert_int_equal(list.count, 0);
	hook_list_free(&list);
	h.personal_dir = mine;
	snprintf(p.hooks_dir, sizeof p.hooks_dir, "%s/gone", base);
	assert_int_equal(hooks_find(&h, &p, &list, &err), IRT_ERR_IO);
	assert_non_null(strstr(err.msg, "/gone"));
	assert_int_equal(list.count, 1);
	hook_list_free(&list);
}

static void test_document(void **state)
{
	struct incident inc;
	struct event ev;
	struct deadlines d;
	struct policy p;
	struct policy_history h;
	struct hook_job job;
	json_t *doc;

	(void)state;
	incident_init(&inc);
	inc.id = 7;
	snprintf(inc.uuid, sizeof inc.uuid, "%s",
	         "11111111-2222-3333-4444-555555555555");
	event_init(&ev);
	event_set(&ev.kind, "note");
	event_set(&ev.text, "line\n\x01 quoted \"");
	policy_defaults(&p);
	policy_history_init(&h, &p);
	deadline_of_incident(&inc, &h, 1000, &d, NULL);
	hooks_job(&job, "noted", &inc, &d, 1000, &ev, NULL);
	doc = json_loads(job.doc, 0, NULL);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "format")),
	                    "irt-hook/1");
	assert_string_equal(json_string_value(json_object_get(doc, "kind")),
	                    "noted");
	assert_int_equal(json_integer_value(json_object_get(
	                     json_object_get(doc, "incident"), "id")),
	                 7);
	assert_string_equal(json_string_value(json_object_get(
	                        json_object_get(doc, "event"), "text")),
	                    "line\n\x01 quoted \"");
	assert_true(json_is_null(json_object_get(doc, "deadline")));
	assert_int_equal(job.incident, 7);
	json_decref(doc);
	hook_job_clear(&job);
	event_clear(&ev);
	incident_clear(&inc);
	policy_history_free(&h);
}

/* Whether pid runs (exists and is no zombie). */
static int running(int pid)
{
	char path[64], line[512] = "";
	FILE *f;
	int zombie;

	if (kill(pid, 0) != 0)
		return 0;
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	zombie = fgets(line, sizeof line, f) && strstr(line, ") Z ");
	fclose(f);
	return !zombie;
}

static void test_run_bounded(void **state)
{
	char script[600], marker[700];
	char *argv[] = {script, "noted", NULL};
	struct proc_spec spec = {argv, NULL, NULL, -1, 5000};
	struct proc_outcome out;
	struct timespec a, b;
	long ms;

	(void)state;
	write_exec(base, "exit3", "exit 3", 0700);
	snprintf(script, sizeof script, "%s/exit3", base);
	proc_run_bounded(&spec, &out);
	assert_int_equal(out.exit_status, 3);
	assert_false(out.timed_out);
	assert_int_equal(out.not_run, 0);

	/* A group that hangs: the shell and the sleep it started are both
	 * gone when the run returns, a second after the timeout at most. */
	snprintf(marker, sizeof marker, "%s/child.pid", base);
	{
		char body[900];

		snprintf(body, sizeof body, "sleep 1000 & echo $! >'%s'; wait",
		         marker);
		write_exec(base, "hang", body, 0700);
	}
	snprintf(script, sizeof script, "%s/hang", base);
	spec.timeout_ms = 300;
	clock_gettime(CLOCK_MONOTONIC, &a);
	proc_run_bounded(&spec, &out);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	assert_true(out.timed_out);
	assert_true(ms >= 300 && ms < 300 + PROC_GRACE_MS + 500);
	{
		FILE *f = fopen(marker, "r");
		int pid = 0;

		assert_non_null(f);
		assert_int_equal(fscanf(f, "%d", &pid), 1);
		fclose(f);
		/* Killed: gone, or a zombie its new parent has not reaped. */
		for (int i = 0; i < 100 && running(pid); i++)
			usleep(10000);
		assert_false(running(pid));
	}

	/* Not executable: not run, with why. */
	snprintf(script, sizeof script, "%s/nothing-here", base);
	proc_run_bounded(&spec, &out);
	assert_int_not_equal(out.not_run, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kinds),
	    cmocka_unit_test(test_find),
	    cmocka_unit_test(test_document),
	    cmocka_unit_test(test_run_bounded),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
