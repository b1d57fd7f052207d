/*
 * test_editor.c - the editor on a temporary file: what it wrote comes
 * back (trailing blanks cut), a failing or empty edit says so, and a
 * stop flag set while the editor runs ends the wait at once, leaving the
 * file (and what the editor wrote in it) until editor_end().
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "irt/editor.h"

static char tmpdir[4096];

static int setup(void **state)
{
	const char *base = getenv("IRT_TEST_TMP");

	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "%s/editor-XXXXXX",
	         base && base[0] ? base : "/tmp");
	if (!mkdtemp(tmpdir))
		return -1;
	setenv("TMPDIR", tmpdir, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return rmdir(tmpdir);
}

static void test_edit(void **state)
{
	struct irt_err err;
	char *text = NULL;

	(void)state;
	/* The editor gets the initial text and what it writes comes back,
	 * trailing blanks cut. */
	assert_int_equal(
	    editor_edit("f() { printf ', edited\\n\\n' >>\"$1\"; }; f", "typed",
	                &text, &err),
	    IRT_OK);
	assert_string_equal(text, "typed, edited");
	free(text);
	assert_int_equal(editor_edit("false", "typed", &text, &err),
	                 IRT_ERR_IO);
	assert_null(text);
	assert_non_null(strstr(err.msg, "the editor (false) failed"));
	assert_int_equal(
	    editor_edit("f() { : >\"$1\"; }; f", "typed", &text, &err),
	    IRT_ERR_CANCELLED);
	assert_null(text);
}

static volatile sig_atomic_t stop;

static void on_usr1(int sig)
{
	stop = sig;
}

static void test_stop_while_running(void **state)
{
	struct sigaction sa;
	struct editor_run run;
	struct irt_err err;
	char *text = NULL, *path;

	(void)state;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	/* The editor writes, tells the test (as a hang-up would), and
	 * goes on running. */
	assert_int_equal(editor_start(&run,
	                              "f() { printf 'written\\n' >\"$1\"; kill "
	                              "-USR1 $PPID; exec sleep 30; }; f",
	                              "initial", &err),
	                 IRT_OK);
	assert_int_equal(editor_wait(&run, &stop, &err), IRT_ERR_INTERRUPTED);
	assert_true(run.pid != 0);
	editor_stop(&run, SIGTERM, 1000);
	assert_int_equal(run.pid, 0);
	assert_int_equal(editor_read(&run, &text, &err), IRT_OK);
	assert_string_equal(text, "written");
	free(text);
	/* The file stays until editor_end(), unless the caller takes it. */
	path = strdup(run.path);
	assert_int_equal(access(path, F_OK), 0);
	editor_end(&run);
	assert_int_not_equal(access(path, F_OK), 0);
	free(path);
	assert_null(run.path);

	/* A flag already set: the wait ends at once; a caller that takes
	 * the path keeps the file. */
	assert_int_equal(
	    editor_start(&run, "f() { exec sleep 30; }; f", "kept", &err),
	    IRT_OK);
	assert_int_equal(editor_wait(&run, &stop, &err), IRT_ERR_INTERRUPTED);
	editor_stop(&run, SIGTERM, 1000);
	path = run.path;
	run.path = NULL;
	editor_end(&run);
	assert_int_equal(access(path, F_OK), 0);
	unlink(path);
	free(path);
	stop = 0;
	signal(SIGUSR1, SIG_DFL);
}

static void test_stop_after_the_editor_ended(void **state)
{
	struct editor_run run;
	struct irt_err err;
	siginfo_t info;
	char *text = NULL;

	(void)state;
	/* A hang-up ends the editor as well: however it ended (here it has
	 * exited, failing, before the wait looks), the stop is what is
	 * reported, and the text is still there to keep. */
	assert_int_equal(editor_start(&run,
	                              "f() { printf 'last words' >\"$1\"; "
	                              "exit 1; }; f",
	                              NULL, &err),
	                 IRT_OK);
	assert_int_equal(waitid(P_PID, (id_t)run.pid, &info, WEXITED | WNOWAIT),
	                 0);
	stop = 1;
	assert_int_equal(editor_wait(&run, &stop, &err), IRT_ERR_INTERRUPTED);
	assert_int_equal(run.pid, 0);
	assert_int_equal(editor_read(&run, &text, &err), IRT_OK);
	assert_string_equal(text, "last words");
	free(text);
	editor_end(&run);
	stop = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_edit),
	    cmocka_unit_test(test_stop_while_running),
	    cmocka_unit_test(test_stop_after_the_editor_ended),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
