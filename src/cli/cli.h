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

#include "irt/status.h"

struct db;
struct config;

struct cli_ctx {
	const char *db_path;	/* --db, or NULL */
	const char *actor;	/* resolved actor (never NULL once running) */
	struct config *config;	/* personal settings (config.h) */
	struct db *db;		/* opened on first cli_db() */
	int64_t now_ms;		/* "now" for this run */
	int json;		/* --json given (commands that take it) */
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
 * help and returns 'h'). Returns as getopt_long does; '?' after printing
 * the usage. Call with optind = 0 set by the caller before the first call.
 */
int cli_getopt(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
	       char **argv, const char *shortopts,
	       const struct option *longopts);

/* Opens the database on first use (path resolution as DESIGN §4). */
enum irt_status cli_db(struct cli_ctx *ctx, struct db **out,
		       struct irt_err *err);

/* Parses "42" or "#42". Returns 0 and sets *id, or -1. */
int cli_parse_id(const char *text, long *id);

#endif
