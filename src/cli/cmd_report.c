/*
 * cmd_report.c - `irt report`: the audit report over a period, as text,
 * JSON ("irt-report/2"), CSV (the evidence table) or Markdown; the
 * renderings are the core's (report_write.c).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "irt/report.h"
#include "irt/timeutil.h"

enum { OPT_SINCE = CLI_OPT_FIRST_FREE, OPT_UNTIL, OPT_JSON, OPT_FORMAT };

static const struct cli_opt report_opts[] = {
    {"since", 0, CLI_ARG_TIME, OPT_SINCE},
    {"until", 0, CLI_ARG_TIME, OPT_UNTIL},
    {"json", 0, CLI_ARG_NONE, OPT_JSON},
    {"format", 0, CLI_ARG_REPORT_FORMAT, OPT_FORMAT},
    {0}};

static int report_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct report r;
	struct irt_err err;
	struct db *db;
	int64_t since = 0, until = 0;
	int c, format = REPORT_TEXT, rc;

	while ((c = cli_getopt(ctx, &cli_cmd_report, argc, argv)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case OPT_SINCE:
			if (cli_time(ctx, optarg, &since, &err) != IRT_OK)
				return cli_fail(&err);
			break;
		case OPT_UNTIL:
			if (cli_time(ctx, optarg, &until, &err) != IRT_OK)
				return cli_fail(&err);
			break;
		case OPT_JSON:
			format = REPORT_JSON;
			break;
		case OPT_FORMAT:
			format = report_format_parse(optarg);
			if (format < 0)
				return cli_usage(
				    &cli_cmd_report,
				    "unknown format \"%.40s\" (text, "
				    "json, csv or md)",
				    optarg);
			break;
		default:
			return 2;
		}
	}
	if (optind < argc)
		return cli_usage(&cli_cmd_report,
		                 "unexpected argument \"%.40s\"", argv[optind]);
	if (since && until && until <= since)
		return cli_usage(&cli_cmd_report,
		                 "--until must be later than --since");
	if (cli_db_read(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	if (report_build(db, since, until, ctx->now_ms, &r, &err) != IRT_OK) {
		report_free(&r);
		return cli_fail(&err);
	}
	rc = 0;
	if (format == REPORT_JSON)
		rc = out_json(stdout, REPORT_JSON_FORMAT, "report",
		              report_json(&r));
	else if (report_write(&r, (enum report_format)format, stdout, &err) !=
	         IRT_OK)
		rc = cli_fail(&err);
	report_free(&r);
	return rc;
}

const struct cli_cmd cli_cmd_report = {
    "report",
    "[--since DATE] [--until DATE] [--format text|json|csv|md] [--json]",
    "Audit report: compliance, notifications, actions, evidence",
    "  --since DATE     incidents reported at or after DATE\n"
    "  --until DATE     incidents reported before DATE\n"
    "  --format FORMAT  text (default), json (irt-report/2), csv (the\n"
    "                   evidence table, one row per incident) or md\n"
    "  --json           the same as --format json\n"
    "\n"
    "Times run from the report to the acknowledgement and to the end of\n"
    "the contain, fix and notify stages; an incident counts for a\n"
    "measure once it has got that far. Deadlines are judged now, each\n"
    "incident's by the policy version in force when it was reported;\n"
    "compliance is met / (met + missed + overdue). Incidents closed as\n"
    "rejected, duplicate or not-applicable are counted apart and left\n"
    "out of remediation and notification compliance.\n",
    report_exec,
    report_opts,
    NULL,
    NULL,
};
