/*
 * cmd_verify.c - `irt verify [ID]`: recompute every hash chain and
 * projection and report each mismatch.
 */
#include "cli/cli.h"
#include "cli/commands.h"
#include "irt/verify.h"

static int verify_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct verify_report report;
	struct irt_err err;
	struct db *db;
	long id = 0;
	int c, rc;

	while ((c = cli_getopt(ctx, &cli_cmd_verify, argc, argv, "", NULL)) !=
	       -1)
		return c == 'h' ? 0 : 2;
	if (optind < argc &&
	    (rc = cli_id_arg(&cli_cmd_verify, argc, argv, &id)) != 0)
		return rc;
	if (optind < argc)
		return cli_usage(&cli_cmd_verify, "one ID at most");
	if (cli_db(ctx, &db, &err) != IRT_OK ||
	    verify_run(db, id, &report, &err) != IRT_OK)
		return cli_fail(&err);
	for (size_t i = 0; i < report.n_problems; i++) {
		const struct verify_problem *p = &report.problems[i];

		if (p->incident == 0)
			fprintf(stderr, "irt: policy timeline: %s\n", p->what);
		else if (p->seq)
			fprintf(stderr, "irt: #%ld event %ld: %s\n",
			        p->incident, p->seq, p->what);
		else
			fprintf(stderr, "irt: #%ld: %s\n", p->incident,
			        p->what);
	}
	if (report.n_problems) {
		fprintf(stderr,
		        "irt: %zu problem%s in %zu incident%s: the timeline "
		        "was changed outside irt\n",
		        report.n_problems, report.n_problems == 1 ? "" : "s",
		        report.n_incidents, report.n_incidents == 1 ? "" : "s");
		rc = 1;
	} else {
		rc = 0;
	}
	verify_report_free(&report);
	return rc;
}

const struct cli_cmd cli_cmd_verify = {
    "verify",
    "[ID]",
    "Check every hash chain and projection (exit 0 only when intact)",
    "Recomputes each incident's SHA-256 chain from its events and\n"
    "rebuilds its state from them; reports each mismatch by incident\n"
    "number and event. Exit status 1 when anything does not verify.\n",
    verify_exec,
};
