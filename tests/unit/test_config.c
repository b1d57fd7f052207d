/*
 * test_config.c - database path resolution, the actor, the editor and
 * colour settings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "irt/config.h"

static void expect_path(const char *cli, const char *want)
{
	struct irt_err err;
	char *path;

	assert_int_equal(config_db_path(cli, &path, &err), IRT_OK);
	assert_string_equal(path, want);
	free(path);
}

static void test_db_path_precedence(void **state)
{
	struct irt_err err;
	char *path;

	(void)state;
	setenv("HOME", "/home/dana", 1);
	unsetenv("XDG_DATA_HOME");
	unsetenv("IRT_DB");
	expect_path(NULL, "/home/dana/.local/share/irt/irt.db");
	setenv("XDG_DATA_HOME", "/xdg/data", 1);
	expect_path(NULL, "/xdg/data/irt/irt.db");
	setenv("XDG_DATA_HOME", "relative/ignored", 1);
	expect_path(NULL, "/home/dana/.local/share/irt/irt.db");
	setenv("IRT_DB", "/env/irt.db", 1);
	expect_path(NULL, "/env/irt.db");
	expect_path("/opt/irt.db", "/opt/irt.db");
	unsetenv("IRT_DB");
	unsetenv("XDG_DATA_HOME");
	unsetenv("HOME");
	assert_int_equal(config_db_path(NULL, &path, &err), IRT_ERR_IO);
	assert_null(path);
}

static void test_actor_and_editor(void **state)
{
	struct config cfg = {0};
	char *s;

	(void)state;
	cfg.name = "from-config";
	setenv("IRT_ACTOR", "from-env", 1);
	s = config_actor("from-option", &cfg, NULL);
	assert_string_equal(s, "from-option");
	free(s);
	s = config_actor(NULL, &cfg, NULL);
	assert_string_equal(s, "from-env");
	free(s);
	unsetenv("IRT_ACTOR");
	s = config_actor(NULL, &cfg, NULL);
	assert_string_equal(s, "from-config");
	free(s);
	setenv("LOGNAME", "from-login", 1);
	s = config_actor(NULL, NULL, NULL);
	assert_string_equal(s, "from-login");
	free(s);

	setenv("VISUAL", "vis", 1);
	setenv("EDITOR", "ed", 1);
	s = config_editor(NULL);
	assert_string_equal(s, "vis");
	free(s);
	unsetenv("VISUAL");
	s = config_editor(NULL);
	assert_string_equal(s, "ed");
	free(s);
	cfg.editor = "nano";
	s = config_editor(&cfg);
	assert_string_equal(s, "nano");
	free(s);
	unsetenv("EDITOR");
	s = config_editor(NULL);
	assert_string_equal(s, "vi");
	free(s);
}

static void test_color_and_file(void **state)
{
	const char *tmp = getenv("IRT_TEST_TMP");
	char dir[512], file[600];
	struct config cfg;
	struct irt_err err;
	FILE *f;

	(void)state;
	snprintf(dir, sizeof dir, "%s/config-%d", tmp ? tmp : "/tmp",
	         (int)getpid());
	snprintf(file, sizeof file, "%s/irt", dir);
	mkdir(dir, 0700);
	mkdir(file, 0700);
	setenv("XDG_CONFIG_HOME", dir, 1);
	snprintf(file, sizeof file, "%s/irt/config", dir);
	f = fopen(file, "w");
	assert_non_null(f);
	fputs("[user]\nname = cfg-user\n[ui]\ncolor = never\neditor = nano\n"
	      "[sign]\ntimestamp-command = tsa-client --sha256\n"
	      "[future]\nkey = ignored\n",
	      f);
	fclose(f);
	assert_int_equal(config_load(&cfg, &err), IRT_OK);
	assert_string_equal(cfg.name, "cfg-user");
	assert_string_equal(cfg.editor, "nano");
	assert_int_equal(cfg.color, 0);
	assert_string_equal(cfg.timestamp_command, "tsa-client --sha256");
	unsetenv("NO_COLOR");
	assert_int_equal(config_color(&cfg), 0);
	cfg.color = 1;
	assert_int_equal(config_color(&cfg), 1);
	setenv("NO_COLOR", "", 1);
	assert_int_equal(config_color(&cfg), 1); /* empty: not set */
	setenv("NO_COLOR", "1", 1);
	assert_int_equal(config_color(&cfg), 0);
	config_free(&cfg);

	f = fopen(file, "w");
	fputs("[user\nname = x\n", f);
	fclose(f);
	assert_int_equal(config_load(&cfg, &err), IRT_ERR_INVALID);
	assert_non_null(strstr(err.msg, "line 1"));
	config_free(&cfg);
	unlink(file);
	assert_int_equal(config_load(&cfg, &err), IRT_OK); /* no file: fine */
	assert_null(cfg.name);
	config_free(&cfg);
	snprintf(file, sizeof file, "%s/irt", dir);
	rmdir(file);
	rmdir(dir);
}

static void test_notify_command(void **state)
{
	struct config cfg;
	char empty[] = "", own[] = "msmtp -t";

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	/* -oi: a line holding only "." does not end the message. */
	assert_string_equal(config_notify_command(NULL), "sendmail -t -oi");
	assert_string_equal(config_notify_command(&cfg), "sendmail -t -oi");
	cfg.notify_command = empty;
	assert_string_equal(config_notify_command(&cfg), "sendmail -t -oi");
	cfg.notify_command = own;
	assert_string_equal(config_notify_command(&cfg), "msmtp -t");
}

static void test_timestamp_command(void **state)
{
	struct config cfg;
	char own[] = "tsa-client";

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	assert_null(config_timestamp_command(NULL, NULL));
	assert_null(config_timestamp_command(NULL, &cfg));
	cfg.timestamp_command = own;
	assert_string_equal(config_timestamp_command(NULL, &cfg), "tsa-client");
	assert_string_equal(config_timestamp_command("other", &cfg), "other");
	/* An empty option turns the config's off. */
	assert_null(config_timestamp_command("", &cfg));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_db_path_precedence),
	    cmocka_unit_test(test_actor_and_editor),
	    cmocka_unit_test(test_color_and_file),
	    cmocka_unit_test(test_notify_command),
	    cmocka_unit_test(test_timestamp_command),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
