/*
 * cli.h - the command table and helpers shared by the command files.
 *
 * Each command group lives in its own file (cmd_*.c) and exports one
 * `const struct cli_cmd` per command; main.c lists them. A command's exec
 * gets argv with argv[0] = the command name, parses its own options with
 * getopt_long (cli_getopt adds the global --db, --actor and --help), and
 * returns the process exit status (DESIGN §5).
 */
#ifndef IRT_CLI_H
#define IRT_CLI_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "irt/hooks.h"
#include "irt/status.h"

struct db;
struct config;

enum { CLI_OPT_DB = 1000, CLI_OPT_ACTOR, CLI_OPT_SIGN_KEY, CLI_OPT_FIRST_FREE };

struct tracker;

struct cli_ctx {
	const char *db_path;      /* --db, or NULL */
	const char *actor_opt;    /* --actor, or NULL */
	const char *sign_key_opt; /* --sign-key, or NULL */
	const char *actor;        /* resolved actor (set before exec runs) */
	struct config *config;    /* personal settings (config.h) */
	struct db *db;            /* opened on first cli_db() */
	int64_t now_ms;           /* "now" for this run */
	int json;                 /* --json given (commands that take it) */
	int no_hooks;             /* the writes run no hooks (irt demo) */
	/* The hooks of this run's writes (cli_hooks), and what they point
	 * to; main frees hooks_dir. */
	struct hooks hooks;
	char *hooks_dir;
	int hooks_ready;
};

struct cli_cmd {
	const char *name;
	const char *usage;   /* "ID [--at TIME] ..." (after "irt NAME ") */
	const char *summary; /* one line for `irt help` */
	const char *help;    /* option list for `irt NAME --help`, or NULL */
	int (*exec)(struct cli_ctx *ctx, int argc, char **argv);
};

/* Prints "irt: message" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints err's message as "irt: ..." and returns its exit status. */
int cli_fail(const struct irt_err *err);

/* Prints a usage error for cmd ("irt: MSG" then "usage: irt NAME USAGE")
 * and returns 2. */
int cli_usage(const struct cli_cmd *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints `irt NAME --help` for cmd to stdout. */
void cli_print_help(const struct cli_cmd *cmd, FILE *out);

/*
 * getopt_long over the command's own options plus the global ones:
 * --db, --actor and --help are handled here (--help prints the command's
 * help and returns 'h'). Options may follow arguments. Returns as
 * getopt_long does; '?' after printing the usage (exit 2). Long options
 * without a short form use values from CLI_OPT_FIRST_FREE on. main()
 * resets optind before each command.
 */
int cli_getopt(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
               char **argv, const char *shortopts,
               const struct option *longopts);

/* Opens the database on first use (path resolution as DESIGN §4),
 * creating it when it does not exist: for commands that record. Its
 * writes are signed with the key config_sign_key() names, if any. */
enum irt_status cli_db(struct cli_ctx *ctx, struct db **out,
                       struct irt_err *err);

/* The same for commands that only read: a database that does not exist
 * is refused (IRT_ERR_IO, "no irt database at PATH"), nothing created. */
enum irt_status cli_db_read(struct cli_ctx *ctx, struct db **out,
                            struct irt_err *err);

/* Parses "42" or "#42". Returns 0 and sets *id, or -1. */
int cli_parse_id(const char *text, long *id);

/* Takes argv[optind] as the incident ID (and advances optind). Returns 0,
 * or prints the usage error and returns 2. */
int cli_id_arg(const struct cli_cmd *cmd, int argc, char **argv, long *id);

/* Parses a time argument relative to ctx->now_ms. */
enum irt_status cli_time(struct cli_ctx *ctx, const char *text, int64_t *ms,
                         struct irt_err *err);

/* A tracker acting as ctx->actor on ctx->db (open it first), running
 * the hooks (cli_hooks) after each write unless ctx->no_hooks. */
void cli_tracker(struct cli_ctx *ctx, struct tracker *t);

/* How this run's hooks run (hooks.h): the user's directory, the
 * config's timeout, output and failures ("irt: hook ...") on standard
 * error. Points into ctx; open the database first. */
const struct hooks *cli_hooks(struct cli_ctx *ctx);

/* The help line of --force on the commands whose times the ordering
 * rules check. */
#define CLI_FORCE_TIME_HELP                                                    \
	"  --force        record a time the ordering rules refuse (history\n"  \
	"                 kept elsewhere), with --reason as why (recorded)\n"

/*
 * Checks --force and --reason TEXT as given to cmd: force needs a reason
 * that is not blank; a reason alone, where it only goes with force
 * (reason_alone 0), is a usage error too. Returns 0, or prints the usage
 * error and returns 2. With force the command then sets its tracker's
 * time_reason (tracker.h) to the reason.
 */
int cli_force_check(const struct cli_cmd *cmd, int force, const char *reason,
                    int reason_alone);

#endif
