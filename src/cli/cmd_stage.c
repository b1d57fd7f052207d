/*
 * cmd_stage.c - moving an incident through its lifecycle: advance, close,
 * reopen.
 */
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "irt/tracker.h"

enum {
	OPT_AT = CLI_OPT_FIRST_FREE,
	OPT_NOTE,
	OPT_FORCE,
	OPT_REASON,
	OPT_RESOLUTION
};

static void print_gate(const struct gate_report *r)
{
	fprintf(stderr, "Gate %s -> %s:\n", stage_name(r->from),
	        stage_name(r->to));
	for (size_t i = 0; i < r->count; i++)
		fprintf(stderr, "  [%s] %s\n", r->items[i].met ? "x" : " ",
		        r->items[i].text);
	fprintf(stderr, "Meet the unchecked items, or skip the gate with "
	                "--force --reason TEXT (recorded).\n");
}

static const enum cli_arg id_args[] = {CLI_ARG_ID, CLI_ARG_NONE};

static const struct cli_opt advance_opts[] = {
    {"at", 0, CLI_ARG_TIME, OPT_AT},
    {"note", 0, CLI_ARG_TEXT, OPT_NOTE},
    {"force", 0, CLI_ARG_NONE, OPT_FORCE},
    {"reason", 0, CLI_ARG_TEXT, OPT_REASON},
    {0}};

static int advance_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *note = NULL, *reason = NULL;
	struct gate_report report;
	struct irt_err err;
	struct tracker t;
	struct db *db;
	int64_t at_ms = 0;
	int c, rc, force = 0;
	enum irt_status status;
	long id;

	while ((c = cli_getopt(ctx, &cli_cmd_advance, argc, argv)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case OPT_AT:
			if (cli_time(ctx, optarg, &at_ms, &err) != IRT_OK)
				return cli_fail(&err);
			break;
		case OPT_NOTE:
			note = optarg;
			break;
		case OPT_FORCE:
			force = 1;
			break;
		case OPT_REASON:
			reason = optarg;
			break;
		default:
			return 2;
		}
	}
	if ((rc = cli_id_arg(&cli_cmd_advance, argc, argv, &id)) != 0)
		return rc;
	if (optind < argc)
		return cli_usage(&cli_cmd_advance,
		                 "unexpected argument \"%.40s\"", argv[optind]);
	if ((rc = cli_force_check(&cli_cmd_advance, force, reason, 0)) != 0)
		return rc;
	if (cli_db(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	cli_tracker(ctx, &t);
	status =
	    tracker_advance(&t, id, at_ms, note, force, reason, &report, &err);
	if (status == IRT_ERR_GATE) {
		rc = cli_fail(&err);
		print_gate(&report);
		return rc;
	}
	return status == IRT_OK ? 0 : cli_fail(&err);
}

const struct cli_cmd cli_cmd_advance = {
    "advance",
    "ID [--at TIME] [--note TEXT] [--force --reason TEXT]",
    "Move to the next stage when its gate is met",
    "Stages: detect -> contain -> fix -> notify -> review -> closed.\n"
    "A refused advance lists every unmet gate item and exits 3.\n"
    "  --at TIME       when the stage was left\n"
    "  --note TEXT     a note kept with the stage change\n"
    "  --force         skip an unmet gate, or record a time the ordering\n"
    "                  rules refuse (history kept elsewhere); needs\n"
    "                  --reason, recorded with it\n"
    "  --reason TEXT   why the gate was skipped or the time is out of order\n",
    advance_exec,
    advance_opts,
    id_args,
    NULL,
};

static const struct cli_opt close_opts[] = {
    {"resolution", 0, CLI_ARG_RESOLUTION, OPT_RESOLUTION},
    {"reason", 0, CLI_ARG_TEXT, OPT_REASON},
    {"at", 0, CLI_ARG_TIME, OPT_AT},
    {"force", 0, CLI_ARG_NONE, OPT_FORCE},
    {0}};

static int close_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *reason = NULL;
	struct irt_err err;
	struct tracker t;
	struct db *db;
	int64_t at_ms = 0;
	int c, rc, resolution = -1, force = 0;
	long id;

	while ((c = cli_getopt(ctx, &cli_cmd_close, argc, argv)) != -1) {
		if (c == 'h')
			return 0;
		if (c == OPT_REASON) {
			reason = optarg;
		} else if (c == OPT_FORCE) {
			force = 1;
		} else if (c == OPT_AT) {
			if (cli_time(ctx, optarg, &at_ms, &err) != IRT_OK)
				return cli_fail(&err);
		} else if (c == OPT_RESOLUTION) {
			resolution = resolution_parse(optarg);
			if (resolution < 0)
				return cli_usage(&cli_cmd_close,
				                 "unknown resolution \"%.40s\" "
				                 "(resolved, rejected, "
				                 "duplicate, not-applicable)",
				                 optarg);
		} else {
			return 2;
		}
	}
	if ((rc = cli_id_arg(&cli_cmd_close, argc, argv, &id)) != 0)
		return rc;
	if (optind < argc)
		return cli_usage(&cli_cmd_close,
		                 "unexpected argument \"%.40s\"", argv[optind]);
	if (resolution < 0)
		return cli_usage(&cli_cmd_close, "missing --resolution");
	if (!reason || !reason[0])
		return cli_usage(&cli_cmd_close, "missing --reason");
	if (cli_db(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	cli_tracker(ctx, &t);
	if (force)
		t.time_reason = reason;
	return tracker_close(&t, id, at_ms, (enum resolution)resolution, reason,
	                     &err) == IRT_OK
	           ? 0
	           : cli_fail(&err);
}

const struct cli_cmd cli_cmd_close = {
    "close",
    "ID --resolution R --reason TEXT [--at TIME] [--force]",
    "Close an incident from any stage",
    "  --resolution R  resolved, rejected, duplicate or not-applicable\n"
    "  --reason TEXT   why (recorded)\n"
    "  --at TIME       when it was closed (default now)\n"
    "  --force         record a time the ordering rules refuse (history\n"
    "                  kept elsewhere); the reason is recorded with it\n",
    close_exec,
    close_opts,
    id_args,
    NULL,
};

static const struct cli_opt reopen_opts[] = {
    {"reason", 0, CLI_ARG_TEXT, OPT_REASON},
    {"at", 0, CLI_ARG_TIME, OPT_AT},
    {"force", 0, CLI_ARG_NONE, OPT_FORCE},
    {0}};

static int reopen_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *reason = NULL;
	struct irt_err err;
	struct tracker t;
	struct db *db;
	int64_t at_ms = 0;
	int c, rc, force = 0;
	long id;

	while ((c = cli_getopt(ctx, &cli_cmd_reopen, argc, argv)) != -1) {
		if (c == 'h')
			return 0;
		if (c == OPT_FORCE) {
			force = 1;
			continue;
		}
		if (c == OPT_AT) {
			if (cli_time(ctx, optarg, &at_ms, &err) != IRT_OK)
				return cli_fail(&err);
			continue;
		}
		if (c != OPT_REASON)
			return 2;
		reason = optarg;
	}
	if ((rc = cli_id_arg(&cli_cmd_reopen, argc, argv, &id)) != 0)
		return rc;
	if (optind < argc)
		return cli_usage(&cli_cmd_reopen,
		                 "unexpected argument \"%.40s\"", argv[optind]);
	if (!reason || !reason[0])
		return cli_usage(&cli_cmd_reopen, "missing --reason");
	if (cli_db(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	cli_tracker(ctx, &t);
	if (force)
		t.time_reason = reason;
	return tracker_reopen(&t, id, at_ms, reason, &err) == IRT_OK
	           ? 0
	           : cli_fail(&err);
}

const struct cli_cmd cli_cmd_reopen = {
    "reopen",
    "ID --reason TEXT [--at TIME] [--force]",
    "Bring a closed incident back to the stage it left",
    "  --reason TEXT   why (recorded)\n"
    "  --at TIME       when it was reopened (default now)\n"
    "  --force         record a time the ordering rules refuse (history\n"
    "                  kept elsewhere); the reason is recorded with it\n",
    reopen_exec,
    reopen_opts,
    id_args,
    NULL,
};
