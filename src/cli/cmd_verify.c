/*
 * cmd_verify.c - `irt verify [ID]`: recompute every hash chain and
 * projection and report each mismatch; with --allowed-signers, check
 * every entry's signature; --file checks an export with no database;
 * --checkpoint FILE... proves that the database (or the export) still
 * holds what each checkpoint covered (checkpoint.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "irt/checkpoint.h"
#include "irt/config.h"
#include "irt/import.h"
#include "irt/verify.h"
#include "irt/verify_file.h"
#include "irt/verify_sign.h"
#include "irt/xalloc.h"

enum { OPT_FILE = CLI_OPT_FIRST_FREE, OPT_ALLOWED, OPT_CHECKPOINT, OPT_TSA_CA };

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
 * the policy requires signatures: incident id's (0: every entry of the
 * database, the policy's too). Returns 0, 1 (not as required) or the
 * failure's status. */
static int verify_db_signatures(struct db *db, long id, const char *allowed)
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
	if (verify_sign_db(db, id, allowed, &tally, &err) != IRT_OK)
		return cli_fail(&err);
	verify_sign_print(&tally, stdout);
	rc = verify_sign_ok(&tally) ? 0 : 1;
	verify_sign_free(&tally);
	return rc;
}

/* ---- --checkpoint ------------------------------------------------- */

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

/* One line per checkpoint on stdout, and a closing line on stderr when
 * any failed. 0 when every one verified, else 1. */
static int print_results(const struct checkpoint_list *list,
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
	if (n_bad)
		cli_error("%zu of %zu checkpoint%s %s not verify", n_bad,
		          list->count, list->count == 1 ? "" : "s",
		          n_bad == 1 ? "does" : "do");
	return n_bad ? 1 : 0;
}

/* The entries' own signatures, in --checkpoint mode: checked when the
 * policy requires them (the allowed-signers file judges checkpoints;
 * `verify --allowed-signers` alone checks every entry). */
static int policy_signatures(struct db *db, const char *allowed)
{
	struct policy p;
	struct irt_err err;

	if (db_policy_load(db, &p, &err) != IRT_OK)
		return cli_fail(&err);
	return p.sign_required ? verify_db_signatures(db, 0, allowed) : 0;
}

/* The checkpoints against the database. */
static int checkpoints_db(struct cli_ctx *ctx, const struct checkpoint_list *l,
                          const char *allowed, const char *tsa_ca)
{
	struct checkpoint_result *results = xcalloc(l->count, sizeof *results);
	struct verify_report report;
	struct irt_err err;
	struct db *db;
	int rc = 0;
	enum irt_status status = cli_db_read(ctx, &db, &err);

	if (status == IRT_OK)
		status = verify_run(db, 0, &report, &err);
	if (status == IRT_OK) {
		rc = cli_verify_print(&report) ? 1 : 0;
		verify_report_free(&report);
		status = checkpoint_verify(db, l->items, l->count, allowed,
		                           tsa_ca, results, &err);
	}
	if (status == IRT_OK) {
		rc |= print_results(l, results);
		rc = policy_signatures(db, allowed) ? 1 : rc;
	}
	for (size_t i = 0; i < l->count; i++)
		checkpoint_result_clear(&results[i]);
	free(results);
	return status == IRT_OK ? rc : cli_fail(&err);
}

/* Whether the policy an export carries requires signed entries. */
static int export_requires_signatures(const struct import_parsed *f)
{
	struct policy_history h;
	struct irt_err err;
	int required = 0;

	if (!f->has_policy || !f->policy_events.count)
		return 0;
	if (policy_history_replay(&h, &f->policy_events, &err) == IRT_OK)
		required = policy_history_current(&h)->sign_required;
	policy_history_free(&h);
	return required;
}

/* The checkpoints against an export: its verdict (verify_file.h), then a
 * line per checkpoint; at least one trusted checkpoint must name its
 * incident. */
static int checkpoints_export(const char *path, const struct checkpoint_list *l,
                              const char *allowed, const char *tsa_ca)
{
	struct checkpoint_result *results = xcalloc(l->count, sizeof *results);
	struct import_parsed f;
	struct irt_err err;
	char *text = NULL;
	size_t len, named = 0;
	int rc, required;

	memset(&f, 0, sizeof f);
	if (import_read(path, &text, &len, &err) != IRT_OK) {
		free(results);
		return cli_fail(&err);
	}
	/* An export that does not parse gets its verdict alone. */
	if (import_parse(text, len, &f, &err) != IRT_OK) {
		rc = verify_export(path, NULL) ? 1 : 0;
		goto out;
	}
	required = export_requires_signatures(&f);
	rc = verify_export(path, required ? allowed : NULL);
	if (!required)
		printf("(with --checkpoint the allowed-signers file judges the "
		       "checkpoints; the entries' signatures are checked when "
		       "the policy requires them)\n");
	if (checkpoint_verify_export(f.uuid, f.id, &f.events, l->items,
	                             l->count, allowed, tsa_ca, results,
	                             &err) != IRT_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	rc |= print_results(l, results);
	for (size_t i = 0; i < l->count; i++)
		named += results[i].signed_ok && results[i].names_incident;
	if (!named) {
		cli_error("no trusted checkpoint names #%ld (%s): nothing "
		          "vouches for the export",
		          f.id, f.uuid);
		rc = 1;
	}
out:
	for (size_t i = 0; i < l->count; i++)
		checkpoint_result_clear(&results[i]);
	free(results);
	import_parsed_free(&f);
	free(text);
	return rc;
}

/* `verify --checkpoint FILE...` (argv[optind..]), against the database
 * or, with export, an export. */
static int verify_checkpoints(struct cli_ctx *ctx, const char *export,
                              const char *allowed, const char *tsa_ca, int argc,
                              char **argv)
{
	struct checkpoint_list list = {0};
	struct irt_err err;
	int rc;

	if (tsa_ca && access(tsa_ca, R_OK) != 0) {
		cli_error("cannot read the time-stamp CA certificates %s: %s",
		          tsa_ca, strerror(errno));
		return 1;
	}
	if (read_files(argc, argv, optind, &list, &err) != IRT_OK) {
		checkpoint_list_free(&list);
		return cli_fail(&err);
	}
	rc = export ? checkpoints_export(export, &list, allowed, tsa_ca)
	            : checkpoints_db(ctx, &list, allowed, tsa_ca);
	checkpoint_list_free(&list);
	return rc;
}

/* ---- the command -------------------------------------------------- */

static const struct cli_opt verify_opts[] = {
    {"file", 0, CLI_ARG_FILE, OPT_FILE},
    {"allowed-signers", 0, CLI_ARG_FILE, OPT_ALLOWED},
    {"checkpoint", 0, CLI_ARG_NONE, OPT_CHECKPOINT},
    {"tsa-ca", 0, CLI_ARG_FILE, OPT_TSA_CA},
    {0}};
static const enum cli_arg verify_args[] = {CLI_ARG_ID, CLI_ARG_NONE};

static int verify_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct verify_report report;
	struct irt_err err;
	struct db *db;
	const char *file = NULL, *allowed_opt = NULL, *tsa_ca = NULL;
	char *allowed;
	long id = 0;
	int c, rc, sign_rc, checkpoints = 0;

	while ((c = cli_getopt(ctx, &cli_cmd_verify, argc, argv)) != -1) {
		if (c == OPT_FILE)
			file = optarg;
		else if (c == OPT_ALLOWED)
			allowed_opt = optarg;
		else if (c == OPT_CHECKPOINT)
			checkpoints = 1;
		else if (c == OPT_TSA_CA)
			tsa_ca = optarg;
		else
			return c == 'h' ? 0 : 2;
	}
	if (tsa_ca && !checkpoints)
		return cli_usage(&cli_cmd_verify,
		                 "--tsa-ca goes with --checkpoint");
	allowed = config_allowed_signers(allowed_opt, ctx->config);
	if (checkpoints) {
		if (optind >= argc)
			rc = cli_usage(&cli_cmd_verify,
			               "--checkpoint needs one FILE or more");
		else if (!allowed)
			rc = cli_usage(&cli_cmd_verify,
			               "--checkpoint needs the allowed-signers "
			               "file that says whose signatures count: "
			               "--allowed-signers FILE or [sign] "
			               "allowed-signers in the config");
		else
			rc = verify_checkpoints(ctx, file, allowed, tsa_ca,
			                        argc, argv);
		free(allowed);
		return rc;
	}
	if (optind < argc &&
	    (rc = cli_id_arg(&cli_cmd_verify, argc, argv, &id)) != 0) {
		free(allowed);
		return rc;
	}
	if (optind < argc || (file && id)) {
		free(allowed);
		return cli_usage(&cli_cmd_verify,
		                 file ? "--file checks an export: no ID with it"
		                      : "one ID at most");
	}
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
	rc = cli_verify_print(&report) ? 1 : 0;
	verify_report_free(&report);
	sign_rc = verify_db_signatures(db, id, allowed);
	free(allowed);
	return rc ? rc : sign_rc;
}

const struct cli_cmd cli_cmd_verify = {
    "verify",
    "[ID] [--allowed-signers FILE] | --file EXPORT [--allowed-signers FILE]"
    " | [--file EXPORT] --checkpoint FILE... [--allowed-signers FILE]"
    " [--tsa-ca FILE]",
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
    "                  VERIFIED\n"
    "  --checkpoint    the arguments are checkpoint files (irt checkpoint;\n"
    "                  - is standard input): besides the record (or the\n"
    "                  --file export), check each one's signature against\n"
    "                  the allowed-signers file (required) and that all it\n"
    "                  covered is still there; one line each. Entries'\n"
    "                  own signatures are checked when the policy\n"
    "                  requires them (sign.required)\n"
    "  --tsa-ca FILE   with --checkpoint: check every checkpoint's RFC 3161\n"
    "                  time-stamp against these CA certificates (one\n"
    "                  without a time-stamp fails)\n",
    verify_exec,
    verify_opts,
    verify_args,
    NULL,
};
