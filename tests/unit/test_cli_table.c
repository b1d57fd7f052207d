/*
 * test_cli_table.c - the command table is the one source of what each
 * command takes: every option in a command's table (and its
 * subcommands') is named in its usage line and in its --help, the usage
 * line names no option the table lacks, the getopt values are sound, and
 * the values completion offers are the core's own names.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "irt/export.h"
#include "irt/hooks.h"
#include "irt/incident.h"
#include "irt/policy.h"
#include "irt/report.h"
#include "irt/severity.h"
#include "irt/stage.h"

/* Whether text names the option word (e.g. "--channel" or "-o") as a
 * whole word: not followed by a letter, digit or '-'. */
static int names(const char *text, const char *word)
{
	size_t len = strlen(word);

	for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
		char before = p == text ? ' ' : p[-1];
		char after = p[len];

		if (before == '-' || isalnum((unsigned char)before))
			continue;
		if (after == '-' || after == '_' ||
		    isalnum((unsigned char)after))
			continue;
		return 1;
	}
	return 0;
}

static char *help_of(const struct cli_cmd *cmd)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	cli_print_help(cmd, out);
	fclose(out);
	return text;
}

/* Calls fn for each option list of cmd: its own, then each sub's. */
static void each_opts(const struct cli_cmd *cmd,
                      void (*fn)(const struct cli_cmd *, const struct cli_opt *,
                                 void *),
                      void *arg)
{
	fn(cmd, cmd->opts, arg);
	for (size_t k = 0; cmd->subs && cmd->subs[k].name; k++)
		fn(cmd, cmd->subs[k].opts, arg);
}

static void check_named(const struct cli_cmd *cmd, const struct cli_opt *opts,
                        void *help)
{
	for (size_t i = 0; opts && opts[i].name; i++) {
		char lng[64], shrt[4] = "";

		snprintf(lng, sizeof lng, "--%s", opts[i].name);
		if (opts[i].letter)
			snprintf(shrt, sizeof shrt, "-%c", opts[i].letter);
		if (!names(cmd->usage, lng) &&
		    !(shrt[0] && names(cmd->usage, shrt)))
			fail_msg("irt %s: %s is in the table but not in the "
			         "usage line \"%s\"",
			         cmd->name, lng, cmd->usage);
		if (!names(help, lng))
			fail_msg("irt %s: %s is in the table but not in "
			         "--help",
			         cmd->name, lng);
		if (shrt[0] && !names(help, shrt))
			fail_msg("irt %s: %s is in the table but not in "
			         "--help",
			         cmd->name, shrt);
	}
}

/* Whether word (an option as the usage line writes it) is in opts. */
static int in_opts(const struct cli_opt *opts, const char *word)
{
	for (size_t i = 0; opts && opts[i].name; i++) {
		if (word[1] == '-' && strcmp(word + 2, opts[i].name) == 0)
			return 1;
		if (word[1] != '-' && !word[2] && word[1] == opts[i].letter)
			return 1;
	}
	return 0;
}

static void test_usage_and_help_name_every_option(void **state)
{
	(void)state;
	for (size_t c = 0; cli_commands[c]; c++) {
		const struct cli_cmd *cmd = cli_commands[c];
		char *help = help_of(cmd);

		each_opts(cmd, check_named, help);
		for (size_t k = 0; cmd->subs && cmd->subs[k].name; k++)
			if (!names(cmd->usage, cmd->subs[k].name))
				fail_msg("irt %s: subcommand %s not in the "
				         "usage line",
				         cmd->name, cmd->subs[k].name);
		free(help);
	}
}

static void test_usage_names_no_other_option(void **state)
{
	(void)state;
	for (size_t c = 0; cli_commands[c]; c++) {
		const struct cli_cmd *cmd = cli_commands[c];
		const char *p = cmd->usage;

		while ((p = strchr(p, '-'))) {
			char word[64];
			size_t len = 0;
			int known;

			/* An option begins a word: "--x", "[--x", "|-o". */
			if (p != cmd->usage && !strchr(" [(|", p[-1])) {
				p++;
				continue;
			}
			while (
			    p[len] &&
			    (p[len] == '-' || isalnum((unsigned char)p[len])) &&
			    len + 1 < sizeof word)
				len++;
			memcpy(word, p, len);
			word[len] = '\0';
			p += len;
			if (len < 2 || (word[1] != '-' && len != 2))
				continue; /* "-" (standard input) */
			known = in_opts(cmd->opts, word);
			for (size_t k = 0; cmd->subs && cmd->subs[k].name; k++)
				known =
				    known || in_opts(cmd->subs[k].opts, word);
			if (!known)
				fail_msg(
				    "irt %s: the usage line names %s, which "
				    "is not in the table",
				    cmd->name, word);
		}
	}
}

static void check_values(const struct cli_cmd *cmd, const struct cli_opt *opts,
                         void *arg)
{
	(void)arg;
	for (size_t i = 0; opts && opts[i].name; i++) {
		const struct cli_opt *o = &opts[i];

		if (o->letter && o->val != o->letter)
			fail_msg("irt %s --%s: -%c must return '%c'", cmd->name,
			         o->name, o->letter, o->letter);
		if (!o->letter && o->val < CLI_OPT_FIRST_FREE)
			fail_msg("irt %s --%s: a long option's value starts at "
			         "CLI_OPT_FIRST_FREE",
			         cmd->name, o->name);
		if (o->letter == 'h')
			fail_msg("irt %s: -h is --help", cmd->name);
		for (size_t j = 0; j < i; j++)
			if (opts[j].val == o->val ||
			    strcmp(opts[j].name, o->name) == 0)
				fail_msg("irt %s: --%s and --%s clash",
				         cmd->name, opts[j].name, o->name);
		if ((unsigned)o->arg >= CLI_ARG_COUNT)
			fail_msg("irt %s --%s: no such kind", cmd->name,
			         o->name);
	}
}

static void test_option_values_sound(void **state)
{
	(void)state;
	for (size_t c = 0; cli_commands[c]; c++) {
		each_opts(cli_commands[c], check_values, NULL);
		assert_ptr_equal(cli_find_command(cli_commands[c]->name),
		                 cli_commands[c]);
	}
}

/* How many values kind has; each is checked by parse, which returns -1
 * for a name it does not know. */
static size_t count_values(enum cli_arg kind, int (*parse)(const char *))
{
	const char *v;
	size_t n = 0;

	for (; (v = cli_arg_value(kind, n)); n++)
		if (parse && parse(v) < 0)
			fail_msg("%s value \"%s\" is not one the core parses",
			         cli_arg_name(kind), v);
	return n;
}

static int field_parse(const char *name)
{
	int f = incident_field_parse(name);

	return f >= 0 && incident_fields[f].settable ? f : -1;
}

static int known_command(const char *name)
{
	return cli_find_command(name) ? 0 : -1;
}

static int work_stage_parse(const char *name)
{
	int st = stage_parse(name);

	return st >= 0 && st < STAGE_WORK_COUNT ? st : -1;
}

static int hook_kind_known(const char *name)
{
	return hooks_kind_known(name) ? 0 : -1;
}

static void test_values_are_the_cores(void **state)
{
	size_t settable = 0;

	(void)state;
	assert_int_equal(count_values(CLI_ARG_STAGE, stage_parse), STAGE_COUNT);
	assert_int_equal(count_values(CLI_ARG_WORK_STAGE, work_stage_parse),
	                 STAGE_WORK_COUNT);
	assert_int_equal(count_values(CLI_ARG_SEVERITY, severity_parse),
	                 SEVERITY_COUNT - 1);
	assert_int_equal(count_values(CLI_ARG_AUDIENCE, audience_parse),
	                 AUDIENCE_COUNT);
	assert_int_equal(count_values(CLI_ARG_RESOLUTION, resolution_parse),
	                 RESOLUTION_COUNT - 1);
	assert_int_equal(count_values(CLI_ARG_FORMAT, export_format_parse),
	                 EXPORT_FORMAT_COUNT);
	assert_int_equal(
	    count_values(CLI_ARG_REPORT_FORMAT, report_format_parse),
	    REPORT_FORMAT_COUNT);
	assert_int_equal(count_values(CLI_ARG_PAPER, export_paper_parse), 2);
	assert_int_equal(count_values(CLI_ARG_ACTION_TYPE, action_type_parse),
	                 ACTION_TYPE_COUNT);
	for (int f = 0; f < FIELD_COUNT; f++)
		settable += incident_fields[f].settable != 0;
	assert_int_equal(count_values(CLI_ARG_FIELD, field_parse), settable);
	assert_true(count_values(CLI_ARG_CMD_NAME, known_command) > 20);
	assert_int_equal(count_values(CLI_ARG_SOURCE, NULL), 5);
	assert_int_equal(count_values(CLI_ARG_SHELL, NULL), 3);
	assert_int_equal(count_values(CLI_ARG_HOOK_KIND, hook_kind_known), 13);
	assert_int_equal(count_values(CLI_ARG_POLICY_KEY, policy_key_parse),
	                 POLICY_KEY_COUNT);
	assert_int_equal(count_values(CLI_ARG_ID, NULL), 0);
	assert_int_equal(count_values(CLI_ARG_TEXT, NULL), 0);
}

/* The checker itself: it finds what is missing. */
static void test_names_whole_words(void **state)
{
	(void)state;
	assert_true(names("[--channel C]", "--channel"));
	assert_false(names("[--channel-id C]", "--channel"));
	assert_false(names("[--repro-file F]", "--repro"));
	assert_true(names("[--repro TEXT | --repro-file F]", "--repro"));
	assert_true(names("[-o FILE]", "-o"));
	assert_false(names("[--o FILE]", "-o"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names_whole_words),
	    cmocka_unit_test(test_usage_and_help_name_every_option),
	    cmocka_unit_test(test_usage_names_no_other_option),
	    cmocka_unit_test(test_option_values_sound),
	    cmocka_unit_test(test_values_are_the_cores),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
