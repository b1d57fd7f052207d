/*
 * cmd_checkpoint.c - `irt checkpoint`: a signed statement of the
 * database's ledger head and every incident's head, to keep elsewhere
 * (checkpoint.h). `irt verify --checkpoint` checks them (cmd_verify.c).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "irt/checkpoint.h"
#include "irt/config.h"
#include "irt/db.h"
#include "irt/export.h"
#include "irt/verify.h"

enum { OPT_APPEND_TO = CLI_OPT_FIRST_FREE, OPT_TIMESTAMP_COMMAND };

/* Refuses to vouch for a database that does not verify. */
static int verified(struct db *db)
{
	struct verify_report report;
	struct irt_err err;
	size_t n;

	if (verify_run(db, 0, &report, &err) != IRT_OK)
		return cli_fail(&err);
	n = cli_verify_print(&report);
	verify_report_free(&report);
	if (n) {
		cli_error("the database does not verify, so no checkpoint was "
		          "written: it would vouch for a record changed "
		          "outside irt");
		return 1;
	}
	return 0;
}

/* Writes the checkpoint where it goes: a file, a log, or stdout. */
static enum irt_status put(const char *out, const char *append_to,
                           const char *text, size_t len, struct irt_err *err)
{
	if (out)
		return export_save_file(out, text, len, err);
	if (append_to)
		return checkpoint_append(append_to, text, len, err);
	if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
		return irt_err_set(err, IRT_ERR_IO,
		                   "cannot write the checkpoint to standard "
		                   "output");
	return IRT_OK;
}

static const struct cli_opt checkpoint_opts[] = {
    {"output", 'o', CLI_ARG_FILE, 'o'},
    {"append-to", 0, CLI_ARG_FILE, OPT_APPEND_TO},
    {"timestamp-command", 0, CLI_ARG_COMMAND, OPT_TIMESTAMP_COMMAND},
    {0}};

static int checkpoint_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *out = NULL, *append_to = NULL, *stamp_opt = NULL;
	const char *stamp_cmd, *target;
	struct checkpoint cp;
	struct tsa_info info;
	struct irt_err err;
	struct db *db;
	char *key, *text = NULL;
	size_t len = 0;
	enum irt_status status;
	int c, rc;

	while ((c = cli_getopt(ctx, &cli_cmd_checkpoint, argc, argv)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case 'o':
			out = optarg;
			break;
		case OPT_APPEND_TO:
			append_to = optarg;
			break;
		case OPT_TIMESTAMP_COMMAND:
			stamp_opt = optarg;
			break;
		default:
			return 2;
		}
	}
	if (optind < argc)
		return cli_usage(&cli_cmd_checkpoint,
		                 "unexpected argument \"%.40s\"", argv[optind]);
	if (out && append_to)
		return cli_usage(&cli_cmd_checkpoint,
		                 "-o and --append-to: one place at a time");
	target = out ? out : append_to;
	if (target && !target[0])
		return cli_usage(&cli_cmd_checkpoint, "%s needs a file name",
		                 out ? "-o" : "--append-to");
	key = config_sign_key(ctx->sign_key_opt, ctx->config);
	if (!key) {
		cli_error("a checkpoint must be signed, and no key is set: "
		          "give one with --sign-key KEY, $IRT_SIGN_KEY or "
		          "[sign] key in the config");
		return 2;
	}
	stamp_cmd = config_timestamp_command(stamp_opt, ctx->config);
	if (cli_db_read(ctx, &db, &err) != IRT_OK ||
	    (target && db_refuse_own_file(db, target, &err) != IRT_OK)) {
		free(key);
		return cli_fail(&err);
	}
	/* Taken first, verified after: what it covers was there when the
	 * whole record verified. */
	status = checkpoint_take(db, ctx->actor, ctx->now_ms, &cp, &err);
	if (status == IRT_OK && (rc = verified(db)) != 0) {
		checkpoint_clear(&cp);
		free(key);
		return rc;
	}
	if (status == IRT_OK)
		status = checkpoint_sign(&cp, key, &err);
	if (status == IRT_OK && stamp_cmd)
		status = checkpoint_stamp(&cp, stamp_cmd, &info, &err);
	if (status == IRT_OK) {
		text = checkpoint_format(&cp, &len);
		status = put(out, append_to, text, len, &err);
	}
	free(text);
	checkpoint_clear(&cp);
	free(key);
	return status == IRT_OK ? 0 : cli_fail(&err);
}

const struct cli_cmd cli_cmd_checkpoint = {
    "checkpoint",
    "[-o FILE | --append-to FILE] [--timestamp-command CMD]",
    "Write a signed checkpoint of the whole record, to keep elsewhere",
    "Writes a small statement of the ledger's head and every incident's\n"
    "event count and head hash, signed with your SSH key (--sign-key,\n"
    "$IRT_SIGN_KEY or [sign] key; required). Kept elsewhere, it lets\n"
    "'irt verify --checkpoint FILE' prove later that the database still\n"
    "holds everything it covered. Refused when the database does not\n"
    "verify. Standard output unless:\n"
    "  -o, --output FILE       write to FILE (atomically)\n"
    "  --append-to FILE        append to the log FILE (one write)\n"
    "  --timestamp-command CMD have it time-stamped (RFC 3161): CMD\n"
    "                          reads the query on standard input and\n"
    "                          writes the authority's reply (default\n"
    "                          [sign] timestamp-command; \"\" for none)\n",
    checkpoint_exec,
    checkpoint_opts,
    NULL,
    NULL,
};
