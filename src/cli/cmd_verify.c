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
	if (cli_db_read(ctx, &db, &err) != IRT_OK ||
	    verify_run(db, id, &report, &err) != IRT_OK)
		return cli_fail(&err);
	for (size_t i = 0; i < report.n_problems; i++) {
		char line[512];

		verify_problem_format(&report.problems[i], line, sizeof line);
		fprintf(stderr, "irt: %s\n", line);
	}
	if (report.n_problems) {
		fprintf(stderr,
		        "irt: %zu problem%s (%zu incident%s, %zu events, %zu "
		        "ledger entries checked): the record was changed "
		        "outside irt\n",
		        report.n_problems, report.n_problems == 1 ? "" : "s",
		        report.n_incidents, report.n_incidents == 1 ? "" : "s",
		        report.n_events, report.n_ledger);
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
    "Check the whole record: chains, rules, ledger (exit 0 only when intact)",
    "Recomputes each incident's SHA-256 chain, replays every event under\n"
    "the rule book, rebuilds every stored state from the events and\n"
    "compares it in full; walks the database's ledger beside the tables\n"
    "it records; checks the policy timeline and that the schema and its\n"
    "append-only triggers are irt's. With ID, that incident alone (its\n"
    "chain, rules and state). Reports each problem by incident and\n"
    "event. Exit status 1 when anything does not verify.\n",
    verify_exec,
};
