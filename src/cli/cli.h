/*
 * cli.h - the command table and helpers shared by the command files.
 *
 * Each command group lives in its own file (cmd_*.c) and exports one
 * `const struct cli_cmd` per command; main.c lists them. The entry is the
 * one source of what the command takes: its options (struct cli_opt, from
 * which cli_getopt builds getopt_long's array), its positional arguments
 * and its subcommands, each with the kind of value it takes (enum
 * cli_arg), from which `irt completion` writes the shell completions.
 * The usage line and the help text must name every option of the entry
 * and no other (tests/unit/test_cli_table.c checks it). A command's exec
 * gets argv with argv[0] = the command name, parses its options with
 * cli_getopt (which adds the global --db, --actor, --sign-key and
 * --help), and returns the process exit status (DESIGN §5).
 *
 * Converting a command that declares its own `struct option` array:
 * turn each {"name", has_arg, NULL, VAL} into {"name", LETTER, KIND, VAL}
 * (LETTER the short form or 0; KIND CLI_ARG_NONE for no_argument, else
 * the value's kind), move the array out of exec as `static const struct
 * cli_opt NAME_opts[]`, name it in the entry's .opts (and the
 * positional arguments' kinds in .args), and call
 * cli_getopt(ctx, &cli_cmd_NAME, argc, argv).
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

/*
 * The kind of value an option or a positional argument takes: what it
 * means, and what completion offers for it (complete.c). The value sets
 * come from the core's own tables (stage.h, severity.h, the audiences,
 * export formats, INCIDENT_FIELDS, ...).
 */
enum cli_arg {
	CLI_ARG_NONE,          /* an option: a flag; a list: its end */
	CLI_ARG_TEXT,          /* free text: nothing to complete */
	CLI_ARG_ID,            /* an incident number (the database's) */
	CLI_ARG_NUMBER,        /* another number (an action's, a count) */
	CLI_ARG_NAME,          /* a person: an owner, an actor */
	CLI_ARG_TIME,          /* a TIME or DATE (irt(1) TIME) */
	CLI_ARG_FILE,          /* a file name */
	CLI_ARG_DB,            /* a database: a file or a PostgreSQL URI */
	CLI_ARG_COMMAND,       /* a shell command line (run by irt) */
	CLI_ARG_CVSS,          /* a CVSS vector */
	CLI_ARG_STAGE,         /* stage_name(): detect ... closed */
	CLI_ARG_WORK_STAGE,    /* a stage with an owner: detect ... review */
	CLI_ARG_SEVERITY,      /* severity_name(): none ... critical */
	CLI_ARG_AUDIENCE,      /* audience_name(): platform, customers, ... */
	CLI_ARG_RESOLUTION,    /* resolution_name(): resolved, rejected, ... */
	CLI_ARG_FORMAT,        /* export_format_name(): md, html, json, ... */
	CLI_ARG_REPORT_FORMAT, /* report_format_name(): text, json, csv, md */
	CLI_ARG_PAPER,         /* export_paper_name(): a4, letter */
	CLI_ARG_SOURCE,        /* incident_source_name(): email, bounty, ... */
	CLI_ARG_ACTION_TYPE,   /* action_type_name(): corrective, ... */
	CLI_ARG_FIELD,         /* an incident field `irt set` takes */
	CLI_ARG_SORT,          /* a sort key of `irt list` (cli_list_sorts) */
	CLI_ARG_CMD_NAME,      /* an irt command's name (irt help) */
	CLI_ARG_SHELL,         /* bash, zsh or fish (irt completion) */
	CLI_ARG_HOOK_KIND,     /* hooks_kind_name(): created, ... overdue */
	CLI_ARG_POLICY_KEY,    /* policy_key_name(): ack-business-days, ... */
	CLI_ARG_COUNT
};

/*
 * One option of a command. getopt_long gets {name, has_arg, NULL, val},
 * has_arg being required_argument unless arg is CLI_ARG_NONE; letter,
 * when not 0, is the short form (-o) and is then also what val must be.
 * Long options without a short form take vals from CLI_OPT_FIRST_FREE on.
 * Arrays end with {0}.
 */
struct cli_opt {
	const char *name; /* long name without "--": "format" */
	int letter;       /* short form ('f' for -f), or 0 */
	enum cli_arg arg; /* the value it takes; CLI_ARG_NONE: a flag */
	int val;          /* what cli_getopt returns for it */
};

/* A subcommand (`irt action add`, `irt policy set`): its name, its own
 * options (NULL: none beyond the command's) and its positional
 * arguments after the name. Arrays end with {0}. */
struct cli_sub {
	const char *name;
	const struct cli_opt *opts; /* ends with {0}, or NULL */
	const enum cli_arg *args;   /* ends with CLI_ARG_NONE, or NULL */
};

struct cli_cmd {
	const char *name;
	const char *usage;   /* "ID [--at TIME] ..." (after "irt NAME ") */
	const char *summary; /* one line for `irt help` */
	const char *help;    /* option list for `irt NAME --help`, or NULL */
	int (*exec)(struct cli_ctx *ctx, int argc, char **argv);
	const struct cli_opt *opts; /* its options (ends {0}), or NULL */
	/* Its positional arguments' kinds, in order, ending CLI_ARG_NONE (or
	 * NULL: none); with subs, what follows the subcommand's name is the
	 * sub's args instead. */
	const enum cli_arg *args;
	const struct cli_sub *subs; /* its subcommands (ends {0}), or NULL */
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
 * getopt_long over the command's options (cmd->opts) plus the global
 * ones: --db, --actor, --sign-key and --help are handled here (--help
 * prints the command's help and returns 'h'). Options may follow
 * arguments. Returns as getopt_long does (an option's val, -1 at the
 * end); '?' after printing the usage (exit 2). main() resets optind
 * before each command.
 */
int cli_getopt(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
               char **argv);

/* The same over opts (a subcommand's, in cmd->subs) instead of
 * cmd->opts; errors and --help are still cmd's. */
int cli_getopt_opts(struct cli_ctx *ctx, const struct cli_cmd *cmd,
                    const struct cli_opt *opts, int argc, char **argv);

/* The command's table: every command, NULL after the last (main.c). */
extern const struct cli_cmd *const cli_commands[];

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
