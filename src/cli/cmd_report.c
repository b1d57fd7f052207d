/*
 * cmd_report.c - `irt report`: the audit report over a period, as text
 * or as JSON ("irt-report/1").
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "irt/report.h"
#include "irt/timeutil.h"

enum { OPT_SINCE = CLI_OPT_FIRST_FREE, OPT_UNTIL, OPT_JSON };

static void print_span(int64_t ms, int n)
{
	char buf[TIMEUTIL_BUFSZ];

	if (!n) {
		printf("  %9s", "-");
		return;
	}
	timeutil_format_duration(ms, buf, sizeof buf);
	printf("  %9s", buf);
}

static void print_text(const struct report *r)
{
	static const char *const labels[MEASURE_COUNT] = {
	    "acknowledge", "contain", "fix", "notify"};
	char a[TIMEUTIL_BUFSZ], b[TIMEUTIL_BUFSZ];

	timeutil_format_local_short(r->since_ms, a, sizeof a);
	timeutil_format_local_short(r->until_ms, b, sizeof b);
	printf("Incidents reported %s%s%s%s%s: %zu (%zu open, %zu closed)\n",
	       r->since_ms ? "from " : "", r->since_ms ? a : "",
	       r->until_ms ? " until " : "", r->until_ms ? b : "",
	       r->since_ms || r->until_ms ? "" : "at any time", r->n_incidents,
	       r->n_open, r->n_closed);
	printf("\nBy severity: ");
	for (int s = SEVERITY_COUNT - 1; s >= 0; s--)
		printf(" %s %zu",
		       s ? severity_name((enum severity)s) : "unrated",
		       r->by_severity[s]);
	printf("\nBy stage:    ");
	for (int s = 0; s < STAGE_COUNT; s++)
		printf(" %s %zu", stage_name((enum stage)s), r->by_stage[s]);
	printf("\n\nTime from report to      n     median       mean\n");
	for (int m = 0; m < MEASURE_COUNT; m++) {
		const struct report_measure *t = &r->times[m];

		printf("  %-18s %5zu", labels[m], t->n);
		print_span(t->median_ms, (int)(t->n > 0));
		print_span(t->mean_ms, (int)(t->n > 0));
		putchar('\n');
	}
	printf("\nDeadline compliance (met / missed / open / overdue)\n"
	       "  %-10s %-22s %s\n",
	       "band", "acknowledge", "remediate");
	for (int s = SEVERITY_COUNT - 1; s > SEVERITY_UNSET; s--) {
		char cell[DEADLINE_KIND_COUNT][64];

		for (int k = 0; k < DEADLINE_KIND_COUNT; k++) {
			const size_t *c = r->compliance[s][k];

			snprintf(cell[k], sizeof cell[k],
			         "%zu / %zu / %zu / %zu", c[COMPLIANCE_MET],
			         c[COMPLIANCE_MISSED], c[COMPLIANCE_OPEN],
			         c[COMPLIANCE_OVERDUE]);
		}
		printf("  %-10s %-22s %s\n", severity_name((enum severity)s),
		       cell[0], cell[1]);
	}
	printf("\nMissed and overdue deadlines: %s\n",
	       r->n_misses ? "" : "none");
	for (size_t i = 0; i < r->n_misses; i++) {
		const struct report_miss *m = &r->misses[i];
		int64_t late =
		    (m->stopped_ms ? m->stopped_ms : r->now_ms) - m->due_ms;

		timeutil_format_local_short(m->due_ms, a, sizeof a);
		timeutil_format_duration(late, b, sizeof b);
		printf(
		    "  #%-5ld %-8s %-11s due %s, %s %s  ", m->id,
		    severity_name(m->severity), deadline_kind_name(m->kind), a,
		    m->state == DEADLINE_OVERDUE ? "overdue by" : "missed by",
		    b);
		out_cell(stdout, m->title, 40);
		putchar('\n');
	}
}

static int report_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"since", required_argument, NULL, OPT_SINCE},
	    {"until", required_argument, NULL, OPT_UNTIL},
	    {"json", no_argument, NULL, OPT_JSON},
	    {0, 0, 0, 0}};
	struct report r;
	struct irt_err err;
	struct db *db;
	int64_t since = 0, until = 0;
	int c, json = 0, rc;

	while ((c = cli_getopt(ctx, &cli_cmd_report, argc, argv, "", opts)) !=
	       -1) {
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
			json = 1;
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
	if (json)
		rc =
		    out_json(stdout, "irt-report/1", "report", report_json(&r));
	else
		print_text(&r);
	report_free(&r);
	return rc;
}

const struct cli_cmd cli_cmd_report = {
    "report",
    "[--since DATE] [--until DATE] [--json]",
    "Audit report: counts, response times, deadline compliance",
    "  --since DATE   incidents reported at or after DATE\n"
    "  --until DATE   incidents reported before DATE\n"
    "  --json         JSON (format irt-report/1)\n"
    "\n"
    "Times run from the report to the acknowledgement and to the end of\n"
    "the contain, fix and notify stages; an incident counts for a\n"
    "measure once it has got that far. Deadlines are judged now under\n"
    "the policy (a met or missed one by the policy in force when its\n"
    "clock stopped).\n",
    report_exec,
};
