/*
 * commands.h - every command's table entry, defined in the cmd_*.c files
 * (one file per command group).
 */
#ifndef IRT_COMMANDS_H
#define IRT_COMMANDS_H

#include "cli/cli.h"

/* cmd_incident.c */
extern const struct cli_cmd cli_cmd_new, cli_cmd_list, cli_cmd_show,
    cli_cmd_timeline, cli_cmd_search;
/* `irt list --sort` keys, NULL after the last. */
extern const char *const cli_list_sorts[];
/* cmd_record.c */
extern const struct cli_cmd cli_cmd_note, cli_cmd_ack, cli_cmd_assign,
    cli_cmd_severity, cli_cmd_set;
/* cmd_stage.c */
extern const struct cli_cmd cli_cmd_advance, cli_cmd_close, cli_cmd_reopen;
/* cmd_action.c */
extern const struct cli_cmd cli_cmd_action;
/* cmd_verify.c */
extern const struct cli_cmd cli_cmd_verify;
struct verify_report;
/* Prints report's problems on stderr as `irt verify` does, with a
 * closing count when there are any; returns how many. */
size_t cli_verify_print(const struct verify_report *report);
/* cmd_checkpoint.c */
extern const struct cli_cmd cli_cmd_checkpoint;
/* cmd_backup.c */
extern const struct cli_cmd cli_cmd_init, cli_cmd_backup;
/* cmd_copy.c */
extern const struct cli_cmd cli_cmd_copy;
/* cmd_export.c */
extern const struct cli_cmd cli_cmd_export, cli_cmd_import;
/* cmd_notify.c */
extern const struct cli_cmd cli_cmd_notify;
/* cmd_report.c */
extern const struct cli_cmd cli_cmd_report;
/* cmd_policy.c */
extern const struct cli_cmd cli_cmd_policy;
/* cmd_cvss.c */
extern const struct cli_cmd cli_cmd_cvss;
/* cmd_hooks.c */
extern const struct cli_cmd cli_cmd_hooks, cli_cmd_due;
/* cmd_demo.c */
extern const struct cli_cmd cli_cmd_demo;
/* cmd_completion.c */
extern const struct cli_cmd cli_cmd_completion;
/* The name completion scripts give kind ("stage", "id", ...). */
const char *cli_arg_name(enum cli_arg kind);
/* The i-th value of kind, from the core's tables ("detect" for
 * CLI_ARG_STAGE, 0), or NULL past the last and for kinds without a fixed
 * set (text, times, files, incident IDs). */
const char *cli_arg_value(enum cli_arg kind, size_t i);
/* main.c */
extern const struct cli_cmd cli_cmd_help;
/* The whole of irt after the process starts (src/main.c calls it):
 * global options, then a command or the terminal interface. Returns the
 * exit status. */
int cli_main(int argc, char **argv);

/* The command called `name`, or NULL (main.c). */
const struct cli_cmd *cli_find_command(const char *name);

#endif
