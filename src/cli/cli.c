/*
 * cli.c - helpers shared by the command files: errors, usage, option
 * parsing with the global options, opening the database, incident IDs.
 */
#include "cli/cli.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "irt/config.h"
#include "irt/db.h"
#include "irt/timeutil.h"
#include "irt/tracker.h"
#include "irt/xalloc.h"

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("irt: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_fail(const struct irt_err *err)
{
	cli_error("%s", err->msg[0] ? err->msg : irt_status_str(err->status));
	return irt_status_exit(err->status);
}

int cli_usage(const struct cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		fputs("irt: ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fprintf(stderr, "usage: irt %s %s\n", cmd->name, cmd->usage);
	fprintf(stderr, "Try 'irt %s --help' for more.\n", cmd->name);
	return 2;
}

void cli_print_help(const struct cli_cmd *cmd, FILE *out)
{
	fprintf(out, "usage: irt %s %s\n\n%s\n", cmd->name, cmd->usage,
	        cmd->summary);
	if (cmd->help)
		fprintf(out, "\n%s", cmd->help);
	fprintf(out, "\nGlobal options:\n"
	             "  --db PATH      database (default $IRT_DB, then "
	             "$XDG_DATA_HOME/irt/irt.db)\n"
	             "  --actor NAME   who is acting (default $IRT_ACTOR, "
	             "config, login name)\n"
	             "  --sign-key KEY SSH key to sign what is recorded "
	             "(default $IRT_SIGN_KEY,\n"
	             "                 then [sign] key in the config)\n"
	             "  --help         this help\n"
	             "\nSee irt(1) for details.\n");
}

int cli_getopt(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
               char **argv)
{
	return cli_getopt_opts(ctx, cmd, cmd->opts, argc, argv);
}

/* Room for a command's options and the four global ones. */
#define MAX_OPTS 64

int cli_getopt_opts(struct cli_ctx *ctx, const struct cli_cmd *cmd,
                    const struct cli_opt *opts, int argc, char **argv)
{
	struct option merged[MAX_OPTS + 5];
	char spec[2 * MAX_OPTS + 8];
	size_t n = 0, len = 0;
	int c;

	/* Options may follow arguments: no leading '+'. */
	spec[len++] = ':';
	for (; opts && opts[n].name && n < MAX_OPTS; n++) {
		int has_arg = opts[n].arg == CLI_ARG_NONE ? no_argument
		                                          : required_argument;

		merged[n] =
		    (struct option){opts[n].name, has_arg, NULL, opts[n].val};
		if (opts[n].letter) {
			spec[len++] = (char)opts[n].letter;
			if (has_arg == required_argument)
				spec[len++] = ':';
		}
	}
	spec[len++] = 'h';
	spec[len] = '\0';
	merged[n++] =
	    (struct option){"db", required_argument, NULL, CLI_OPT_DB};
	merged[n++] =
	    (struct option){"actor", required_argument, NULL, CLI_OPT_ACTOR};
	merged[n++] = (struct option){"sign-key", required_argument, NULL,
	                              CLI_OPT_SIGN_KEY};
	merged[n++] = (struct option){"help", no_argument, NULL, 'h'};
	merged[n] = (struct option){0, 0, 0, 0};
	for (;;) {
		c = getopt_long(argc, argv, spec, merged, NULL);
		switch (c) {
		case CLI_OPT_DB:
			ctx->db_path = optarg;
			continue;
		case CLI_OPT_ACTOR:
			ctx->actor_opt = optarg;
			if (optarg[0])
				ctx->actor = optarg;
			continue;
		case CLI_OPT_SIGN_KEY:
			ctx->sign_key_opt = optarg;
			continue;
		case 'h':
			cli_print_help(cmd, stdout);
			return 'h';
		case ':':
			cli_usage(cmd, "option %s needs a value",
			          argv[optind - 1]);
			return '?';
		case '?':
			if (optopt)
				cli_usage(cmd, "unknown option -%c", optopt);
			else
				cli_usage(cmd, "unknown option %s",
				          argv[optind - 1]);
			return '?';
		default:
			return c;
		}
	}
}

static enum irt_status open_db(struct cli_ctx *ctx, struct db **out, int create,
                               struct irt_err *err)
{
	char *path;
	enum irt_status status;
	struct stat sb;

	if (ctx->db) {
		*out = ctx->db;
		return IRT_OK;
	}
	status = config_db_path(ctx->db_path, &path, err);
	if (status != IRT_OK)
		return status;
	if (!create && !db_is_server(path) && stat(path, &sb) != 0 &&
	    errno == ENOENT)
		status =
		    irt_err_set(err, IRT_ERR_IO,
		                "no irt database at %s; nothing was created "
		                "(irt init creates one, and so does the "
		                "first change)",
		                path);
	else
		status =
		    db_open(path, create ? DB_OPEN_CREATE : 0, &ctx->db, err);
	free(path);
	if (status == IRT_OK) {
		char *key = config_sign_key(ctx->sign_key_opt, ctx->config);

		db_sign_set(ctx->db, key);
		free(key);
	}
	*out = ctx->db;
	return status;
}

enum irt_status cli_db(struct cli_ctx *ctx, struct db **out,
                       struct irt_err *err)
{
	return open_db(ctx, out, 1, err);
}

enum irt_status cli_db_read(struct cli_ctx *ctx, struct db **out,
                            struct irt_err *err)
{
	return open_db(ctx, out, 0, err);
}

int cli_parse_id(const char *text, long *id)
{
	char *end;
	long v;

	if (!text)
		return -1;
	if (text[0] == '#')
		text++;
	if (!*text || *text < '0' || *text > '9')
		return -1;
	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || *end || v <= 0)
		return -1;
	*id = v;
	return 0;
}

enum irt_status cli_time(struct cli_ctx *ctx, const char *text, int64_t *ms,
                         struct irt_err *err)
{
	return timeutil_parse_record(text, ctx->now_ms, ms, err);
}

int cli_id_arg(const struct cli_cmd *cmd, int argc, char **argv, long *id)
{
	if (optind >= argc)
		return cli_usage(cmd, "missing incident ID");
	if (cli_parse_id(argv[optind], id) != 0)
		return cli_usage(cmd,
		                 "\"%.40s\" is not an incident ID "
		                 "(42 or #42)",
		                 argv[optind]);
	optind++;
	return 0;
}

/* A hook's failure, on standard error. */
static void hook_report(void *arg, const char *line)
{
	(void)arg;
	cli_error("%s", line);
}

const struct hooks *cli_hooks(struct cli_ctx *ctx)
{
	if (!ctx->hooks_ready) {
		ctx->hooks_ready = 1;
		free(ctx->hooks_dir);
		ctx->hooks_dir = config_hooks_dir();
		ctx->hooks.personal_dir = ctx->hooks_dir;
		ctx->hooks.timeout_ms =
		    ctx->config ? ctx->config->hooks_timeout_ms : 0;
		ctx->hooks.actor = ctx->actor;
		ctx->hooks.out_fd = 2;
		ctx->hooks.log_path = NULL;
		ctx->hooks.report = hook_report;
		ctx->hooks.report_arg = NULL;
	}
	/* The actor may come from a command's own --actor. */
	ctx->hooks.actor = ctx->actor;
	ctx->hooks.db_path = ctx->db ? db_path(ctx->db) : NULL;
	return &ctx->hooks;
}

void cli_tracker(struct cli_ctx *ctx, struct tracker *t)
{
	t->db = ctx->db;
	t->actor = ctx->actor;
	t->time_reason = NULL;
	t->hooks = ctx->no_hooks ? NULL : cli_hooks(ctx);
}

int cli_force_check(const struct cli_cmd *cmd, int force, const char *reason,
                    int reason_alone)
{
	if (!force)
		return reason && !reason_alone
		           ? cli_usage(cmd, "--reason goes with --force")
		           : 0;
	if (!reason || !reason[strspn(reason, " \t\r\n")])
		return cli_usage(cmd, "--force needs --reason TEXT: the "
		                      "exception is recorded with its reason");
	return 0;
}
