/*
 * cmd_verify.c - `irt verify [ID]`: recompute every hash chain and
 * projection and report each mismatch.
 */
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "irt/config.h"
#include "irt/verify.h"
#include "irt/verify_file.h"
#include "irt/verify_sign.h"

enum { OPT_FILE = CLI_OPT_FIRST_FREE, OPT_ALLOWED };

/* `verify --file`: the export alone, no database. */
static int verify_export(const char *path, const char *allowed)
{
	struct irt_err err;
	int ok;

	if (verify_file(path, allowed, stdout, &ok, &err) != IRT_OK)
		return cli_fail(&err);
	return ok ? 0 : 1;
}

/* The database's signatures, when an allowed-signers file is given or
 * the policy requires signatures. Returns 0, 1 (not as required) or the
 * failure's status. */
static int verify_db_signatures(struct db *db, const char *allowed)
{
	struct sign_tally tally = {0};
	struct policy p;
	struct irt_err err;
	int rc;

	if (!allowed) {
		if (db_policy_load(db, &p, &err) != IRT_OK)
			return cli_fail(&err);
		if (!p.sign_required)
			return 0;
		cli_error("the policy requires signed entries "
		          "(sign.required): give --allowed-signers FILE (or "
		          "[sign] allowed-signers) to check them");
		return 1;
	}
	if (verify_sign_db(db, allowed, &tally, &err) != IRT_OK)
		return cli_fail(&err);
	verify_sign_print(&tally, stdout);
	rc = verify_sign_ok(&tally) ? 0 : 1;
	verify_sign_free(&tally);
	return rc;
}

static int verify_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"file", required_argument, NULL, OPT_FILE},
	    {"allowed-signers", required_argument, NULL, OPT_ALLOWED},
	    {0, 0, 0, 0}};
	struct verify_report report;
	struct irt_err err;
	struct db *db;
	const char *file = NULL, *allowed_opt = NULL;
	char *allowed;
	long id = 0;
	int c, rc, sign_rc;

	while ((c = cli_getopt(ctx, &cli_cmd_verify, argc, argv, "", opts)) !=
	       -1) {
		if (c == OPT_FILE)
			file = optarg;
		else if (c == OPT_ALLOWED)
			allowed_opt = optarg;
		else
			return c == 'h' ? 0 : 2;
	}
	if (optind < argc &&
	    (rc = cli_id_arg(&cli_cmd_verify, argc, argv, &id)) != 0)
		return rc;
	if (optind < argc)
		return cli_usage(&cli_cmd_verify, "one ID at most");
	if (file && id)
		return cli_usage(&cli_cmd_verify,
		                 "--file checks an export: no ID with it");
	allowed = config_allowed_signers(allowed_opt, ctx->config);
	if (file) {
		rc = verify_export(file, allowed);
		free(allowed);
		return rc;
	}
	if (cli_db_read(ctx, &db, &err) != IRT_OK ||
	    verify_run(db, id, &report, &err) != IRT_OK) {
		free(allowed);
		return cli_fail(&err);
	}
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
	sign_rc = verify_db_signatures(db, allowed);
	free(allowed);
	return rc ? rc : sign_rc;
}

const struct cli_cmd cli_cmd_verify = {
    "verify",
    "[ID] [--allowed-signers FILE] | --file EXPORT [--allowed-signers FILE]",
    "Check the whole record: chains, rules, ledger (exit 0 only when intact)",
    "Recomputes each incident's SHA-256 chain, replays every event under\n"
    "the rule book, rebuilds every stored state from the events and\n"
    "compares it in full; walks the database's ledger beside the tables\n"
    "it records; checks the policy timeline and that the schema and its\n"
    "append-only triggers are irt's. With ID, that incident alone (its\n"
    "chain, rules and state). Reports each problem by incident and\n"
    "event. Exit status 1 when anything does not verify.\n"
    "  --allowed-signers FILE  also check every entry's SSH signature: each\n"
    "                  must be by a key FILE (ssh-keygen's allowed-signers\n"
    "                  format) allows for its actor when it was recorded;\n"
    "                  prints who signed which entries (default: [sign]\n"
    "                  allowed-signers in the config)\n"
    "  --file EXPORT   check a JSON export alone, with no database: its\n"
    "                  chain, rules, state and (with --allowed-signers)\n"
    "                  signatures; prints a verdict, exit 0 only when\n"
    "                  VERIFIED\n",
    verify_exec,
};
