/*
 * cmd_verify.c - `irt verify [ID]`: recompute every hash chain and
 * projection and report each mismatch; with --checkpoint FILE..., also
 * prove that the database holds what each checkpoint covered
 * (checkpoint.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "irt/checkpoint.h"
#include "irt/config.h"
#include "irt/verify.h"
#include "irt/xalloc.h"

enum { OPT_CHECKPOINT = CLI_OPT_FIRST_FREE, OPT_ALLOWED_SIGNERS, OPT_TSA_CA };

size_t cli_verify_print(const struct verify_report *report)
{
	for (size_t i = 0; i < report->n_problems; i++) {
		char line[512];

		verify_problem_format(&report->problems[i], line, sizeof line);
		fprintf(stderr, "irt: %s\n", line);
	}
	if (report->n_problems)
		fprintf(stderr,
		        "irt: %zu problem%s (%zu incident%s, %zu events, %zu "
		        "ledger entries checked): the record was changed "
		        "outside irt\n",
		        report->n_problems, report->n_problems == 1 ? "" : "s",
		        report->n_incidents,
		        report->n_incidents == 1 ? "" : "s", report->n_events,
		        report->n_ledger);
	return report->n_problems;
}

/* Reads the checkpoints of every file named in argv[first..argc) ("-":
 * standard input). */
static enum irt_status read_files(int argc, char **argv, int first,
                                  struct checkpoint_list *list,
                                  struct irt_err *err)
{
	enum irt_status status = IRT_OK;

	for (int i = first; i < argc && status == IRT_OK; i++) {
		int is_stdin = strcmp(argv[i], "-") == 0;
		FILE *f = is_stdin ? stdin : fopen(argv[i], "r");

		if (!f)
			return irt_err_set(err, IRT_ERR_IO,
			                   "cannot read %s: %s", argv[i],
			                   strerror(errno));
		status = checkpoint_read(
		    f, is_stdin ? "(standard input)" : argv[i], list, err);
		if (!is_stdin)
			fclose(f);
	}
	return status;
}

/* One line per checkpoint on stdout; the number that failed. */
static size_t print_results(const struct checkpoint_list *list,
                            const struct checkpoint_result *results)
{
	size_t n_bad = 0;

	for (size_t i = 0; i < list->count; i++) {
		const struct checkpoint *c = &list->items[i];
		const struct checkpoint_result *r = &results[i];
		char line[1024];

		checkpoint_describe(c, r, line, sizeof line);
		printf("%s:%ld: %s\n", c->file, c->line, line);
		for (size_t k = 0; k < r->n_missing; k++) {
			if (k == CHECKPOINT_PROBLEMS_MAX) {
				printf("  ... and %zu more\n",
				       r->n_missing - k);
				break;
			}
			printf("  %s\n", r->missing[k]);
		}
		n_bad += !checkpoint_result_ok(r);
	}
	return n_bad;
}

/* Checks the checkpoints in files against the database. */
static int verify_checkpoints(struct cli_ctx *ctx, const char *allowed,
                              const char *tsa_ca, int argc, char **argv)
{
	struct checkpoint_list list = {0};
	struct checkpoint_result *results = NULL;
	struct verify_report report;
	struct irt_err err;
	struct db *db;
	size_t n_problems = 0, n_bad = 0;
	enum irt_status status;

	if (tsa_ca && access(tsa_ca, R_OK) != 0) {
		cli_error("cannot read the time-stamp CA certificates %s: %s",
		          tsa_ca, strerror(errno));
		return 1;
	}
	status = read_files(argc, argv, optind, &list, &err);
	if (status == IRT_OK)
		status = cli_db_read(ctx, &db, &err);
	if (status == IRT_OK)
		status = verify_run(db, 0, &report, &err);
	if (status == IRT_OK) {
		n_problems = cli_verify_print(&report);
		verify_report_free(&report);
		results = xcalloc(list.count, sizeof *results);
	}
	if (status == IRT_OK)
		status = checkpoint_verify(db, list.items, list.count, allowed,
		                           tsa_ca, results, &err);
	if (status == IRT_OK) {
		n_bad = print_results(&list, results);
		if (n_bad)
			cli_error("%zu of %zu checkpoint%s %s not verify",
			          n_bad, list.count, list.count == 1 ? "" : "s",
			          n_bad == 1 ? "does" : "do");
	}
	for (size_t i = 0; results && i < list.count; i++)
		checkpoint_result_clear(&results[i]);
	free(results);
	checkpoint_list_free(&list);
	if (status != IRT_OK)
		return cli_fail(&err);
	return n_problems || n_bad ? 1 : 0;
}

static int verify_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"checkpoint", no_argument, NULL, OPT_CHECKPOINT},
	    {"allowed-signers", required_argument, NULL, OPT_ALLOWED_SIGNERS},
	    {"tsa-ca", required_argument, NULL, OPT_TSA_CA},
	    {0, 0, 0, 0}};
	struct verify_report report;
	struct irt_err err;
	struct db *db;
	const char *allowed_opt = NULL, *tsa_ca = NULL;
	char *allowed;
	long id = 0;
	int c, rc, checkpoints = 0;

	while ((c = cli_getopt(ctx, &cli_cmd_verify, argc, argv, "", opts)) !=
	       -1) {
		switch (c) {
		case 'h':
			return 0;
		case OPT_CHECKPOINT:
			checkpoints = 1;
			break;
		case OPT_ALLOWED_SIGNERS:
			allowed_opt = optarg;
			break;
		case OPT_TSA_CA:
			tsa_ca = optarg;
			break;
		default:
			return 2;
		}
	}
	if (checkpoints) {
		if (optind >= argc)
			return cli_usage(&cli_cmd_verify,
			                 "--checkpoint needs one FILE or more");
		allowed = config_allowed_signers(allowed_opt, ctx->config);
		if (!allowed)
			return cli_usage(
			    &cli_cmd_verify,
			    "--checkpoint needs the allowed-signers "
			    "file that says whose signatures count: "
			    "--allowed-signers FILE or [sign] "
			    "allowed-signers in the config");
		rc = verify_checkpoints(ctx, allowed, tsa_ca, argc, argv);
		free(allowed);
		return rc;
	}
	if (allowed_opt || tsa_ca)
		return cli_usage(&cli_cmd_verify, "%s goes with --checkpoint",
		                 allowed_opt ? "--allowed-signers"
		                             : "--tsa-ca");
	if (optind < argc &&
	    (rc = cli_id_arg(&cli_cmd_verify, argc, argv, &id)) != 0)
		return rc;
	if (optind < argc)
		return cli_usage(&cli_cmd_verify, "one ID at most");
	if (cli_db_read(ctx, &db, &err) != IRT_OK ||
	    verify_run(db, id, &report, &err) != IRT_OK)
		return cli_fail(&err);
	rc = cli_verify_print(&report) ? 1 : 0;
	verify_report_free(&report);
	return rc;
}

const struct cli_cmd cli_cmd_verify = {
    "verify",
    "[ID] | --checkpoint FILE... [--allowed-signers FILE] [--tsa-ca FILE]",
    "Check the whole record: chains, rules, ledger (exit 0 only when intact)",
    "Recomputes each incident's SHA-256 chain, replays every event under\n"
    "the rule book, rebuilds every stored state from the events and\n"
    "compares it in full; walks the database's ledger beside the tables\n"
    "it records; checks the policy timeline and that the schema and its\n"
    "append-only triggers are irt's. With ID, that incident alone (its\n"
    "chain, rules and state). Reports each problem by incident and\n"
    "event. Exit status 1 when anything does not verify.\n"
    "  --checkpoint           the arguments are checkpoint files (irt\n"
    "                         checkpoint; - is standard input): besides\n"
    "                         the whole record, check each one's\n"
    "                         signature and that the database still\n"
    "                         holds all it covered; one line each\n"
    "  --allowed-signers FILE whose signatures count (ssh-keygen's\n"
    "                         format; default [sign] allowed-signers)\n"
    "  --tsa-ca FILE          check every checkpoint's RFC 3161\n"
    "                         time-stamp against these CA certificates\n"
    "                         (one without a time-stamp fails)\n",
    verify_exec,
};
