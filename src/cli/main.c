/*
 * main.c - irt's command line as a whole: global options, the command
 * table, and the TUI when no command is given. The process's main() is
 * src/main.c's, which calls cli_main(); everything else here is linked
 * into the unit tests of the table too.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "irt/config.h"
#include "irt/db.h"
#include "irt/timeutil.h"
#include "irt/version.h"
#include "tui/tui.h"

const struct cli_cmd *const cli_commands[] = {
    &cli_cmd_new,
    &cli_cmd_list,
    &cli_cmd_show,
    &cli_cmd_timeline,
    &cli_cmd_note,
    &cli_cmd_ack,
    &cli_cmd_assign,
    &cli_cmd_severity,
    &cli_cmd_set,
    &cli_cmd_advance,
    &cli_cmd_close,
    &cli_cmd_reopen,
    &cli_cmd_action,
    &cli_cmd_search,
    &cli_cmd_verify,
    &cli_cmd_checkpoint,
    &cli_cmd_init,
    &cli_cmd_backup,
    &cli_cmd_copy,
    &cli_cmd_export,
    &cli_cmd_import,
    &cli_cmd_policy,
    &cli_cmd_notify,
    &cli_cmd_report,
    &cli_cmd_cvss,
    &cli_cmd_demo,
    &cli_cmd_due,
    &cli_cmd_hooks,
    &cli_cmd_help,
    &cli_cmd_completion,
    NULL,
};

static const struct cli_cmd *const *const commands = cli_commands;

const struct cli_cmd *cli_find_command(const char *name)
{
	for (size_t i = 0; commands[i]; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

static void print_overview(FILE *out)
{
	fprintf(out, "usage: irt [--db PATH] [--actor NAME] [--sign-key KEY] "
	             "[COMMAND [ARGS]]\n\n"
	             "irt tracks security and operational incidents from "
	             "report to review.\nWithout a command it starts the "
	             "terminal interface.\n\nCommands:\n");
	for (size_t i = 0; commands[i]; i++)
		fprintf(out, "  %-10s %s\n", commands[i]->name,
		        commands[i]->summary);
	fprintf(out, "\n'irt help COMMAND' or 'irt COMMAND --help' for "
	             "details; irt(1) for the manual.\n");
}

static int help_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_cmd *cmd;

	(void)ctx;
	if (argc < 2) {
		print_overview(stdout);
		return 0;
	}
	/* `irt help --help` (or -h): help about help, as every command has. */
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cli_print_help(&cli_cmd_help, stdout);
		return 0;
	}
	cmd = cli_find_command(argv[1]);
	if (!cmd) {
		cli_error("no command \"%.40s\"; 'irt help' lists them",
		          argv[1]);
		return 2;
	}
	cli_print_help(cmd, stdout);
	return 0;
}

static const enum cli_arg help_args[] = {CLI_ARG_CMD_NAME, CLI_ARG_NONE};

const struct cli_cmd cli_cmd_help = {
    "help",    "[COMMAND]", "Show help for irt or one command",
    NULL,      help_exec,   NULL,
    help_args, NULL,
};

/* `irt --version`: irt's version, then each library it runs with and
 * the version loaded (not the one built against); the modules' libraries
 * are named, and loaded only when needed. */
static void print_version(FILE *out)
{
	struct version_lib libs[VERSION_LIBS_MAX];
	size_t n = version_libs(libs);

	fprintf(out, "irt %s\n", IRT_VERSION);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s %s\n", libs[i].name, libs[i].version);
	fprintf(out, "%s\n", tui_curses_version());
	fprintf(out, "libpq: loaded on demand (irt-pg.so, PostgreSQL "
	             "databases)\n"
	             "Pango, Cairo: loaded on demand (irt-pdf.so, PDF "
	             "export)\n");
}

int cli_main(int argc, char **argv)
{
	struct cli_ctx ctx = {0};
	struct config cfg;
	struct irt_err err;
	const struct cli_cmd *cmd = NULL;
	char *actor;
	const char *actor_from;
	int i, rc;

	setlocale(LC_ALL, "");
	/* Global options before the command. */
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--version") == 0) {
			print_version(stdout);
			return fflush(stdout) == 0 ? 0 : 1;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			print_overview(stdout);
			return 0;
		} else if ((strcmp(a, "--db") == 0 ||
		            strcmp(a, "--actor") == 0) &&
		           i + 1 < argc) {
			*(a[2] == 'd' ? &ctx.db_path : &ctx.actor_opt) =
			    argv[++i];
		} else if (strcmp(a, "--sign-key") == 0 && i + 1 < argc) {
			ctx.sign_key_opt = argv[++i];
		} else if (strncmp(a, "--sign-key=", 11) == 0) {
			ctx.sign_key_opt = a + 11;
		} else if (strncmp(a, "--db=", 5) == 0) {
			ctx.db_path = a + 5;
		} else if (strncmp(a, "--actor=", 8) == 0) {
			ctx.actor_opt = a + 8;
		} else if (a[0] == '-' && a[1]) {
			cli_error("unknown option %s ('irt --help' lists "
			          "them)",
			          a);
			return 2;
		} else {
			break;
		}
	}
	if (i < argc) {
		cmd = cli_find_command(argv[i]);
		if (!cmd) {
			cli_error("no command \"%.40s\"; 'irt help' lists "
			          "them",
			          argv[i]);
			return 2;
		}
	}
	if (config_load(&cfg, &err) != IRT_OK) {
		rc = cli_fail(&err);
		config_free(&cfg);
		return rc;
	}
	ctx.config = &cfg;
	ctx.now_ms = timeutil_now_ms();
	actor = config_actor(ctx.actor_opt, &cfg, &actor_from);
	ctx.actor = actor;
	if (config_check_actor(actor, actor_from, &err) != IRT_OK) {
		rc = cli_fail(&err);
		free(actor);
		config_free(&cfg);
		return rc;
	}
	if (cmd) {
		optind = 0;
		rc = cmd->exec(&ctx, argc - i, argv + i);
	} else {
		rc = tui_main(&ctx);
	}
	if (fflush(stdout) != 0 && rc == 0) {
		cli_error("cannot write output");
		rc = 1;
	}
	db_close(ctx.db);
	free(ctx.hooks_dir);
	free(actor);
	config_free(&cfg);
	return rc;
}
