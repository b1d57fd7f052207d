/*
 * cmd_copy.c - `irt copy --from SRC --to DST`: a whole database into
 * another, between SQLite files and PostgreSQL servers in either
 * direction, verified (copy.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "irt/config.h"
#include "irt/copy.h"
#include "irt/db.h"

enum { OPT_FROM = CLI_OPT_FIRST_FREE, OPT_TO };

/* Opens the source: an existing database, never created. */
static enum irt_status open_source(const char *path, struct db **db,
                                   struct irt_err *err)
{
	struct stat sb;

	if (!db_is_server(path) && stat(path, &sb) != 0 && errno == ENOENT)
		return irt_err_set(err, IRT_ERR_IO,
		                   "no irt database at %s to copy from", path);
	return db_open(path, 0, db, err);
}

static void print_outcome(const struct copy_outcome *o, const char *src,
                          const char *dst)
{
	const struct db_copy_counts *c = &o->copied;

	if (o->nothing_new) {
		printf("nothing to copy: %s already holds all that %s holds "
		       "(%ld ledger entries, %zu incidents, %ld events); it "
		       "verifies; nothing was written\n",
		       dst, src, o->src_ledger, o->n_incidents, o->n_events);
		return;
	}
	printf("copied %ld ledger entr%s from %s to %s%s: %ld event%s, %ld "
	       "policy change%s, %ld import record%s, %ld signature%s, %ld "
	       "incident%s written\n",
	       c->ledger, c->ledger == 1 ? "y" : "ies", src, dst,
	       o->dst_before ? " (the entries it lacked)" : "", c->events,
	       c->events == 1 ? "" : "s", c->policy, c->policy == 1 ? "" : "s",
	       c->imports, c->imports == 1 ? "" : "s", c->signatures,
	       c->signatures == 1 ? "" : "s", c->incidents,
	       c->incidents == 1 ? "" : "s");
	printf("%s verifies and matches %s: %ld ledger entries, %zu "
	       "incidents, %ld events\n",
	       dst, src, o->src_ledger, o->n_incidents, o->n_events);
}

static const struct cli_opt copy_opts[] = {
    {"from", 0, CLI_ARG_DB, OPT_FROM}, {"to", 0, CLI_ARG_DB, OPT_TO}, {0}};

static int copy_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct copy_outcome outcome;
	struct verify_report report;
	struct irt_err err;
	struct db *src = NULL, *dst = NULL;
	const char *from = NULL, *to = NULL;
	char *configured = NULL, *src_path, *dst_path;
	int c, rc;

	while ((c = cli_getopt(ctx, &cli_cmd_copy, argc, argv)) != -1) {
		if (c == OPT_FROM)
			from = optarg;
		else if (c == OPT_TO)
			to = optarg;
		else
			return c == 'h' ? 0 : 2;
	}
	if (optind < argc)
		return cli_usage(&cli_cmd_copy, "unexpected argument \"%.40s\"",
		                 argv[optind]);
	if (!from && !to)
		return cli_usage(&cli_cmd_copy,
		                 "give --from SRC, --to DST or both (the one "
		                 "left out is --db, $IRT_DB or the default)");
	if ((!from || !to) &&
	    config_db_path(ctx->db_path, &configured, &err) != IRT_OK)
		return cli_fail(&err);
	src_path = from ? (char *)from : configured;
	dst_path = to ? (char *)to : configured;
	if (strcmp(src_path, dst_path) == 0) {
		free(configured);
		return cli_usage(&cli_cmd_copy,
		                 "the source and the destination are both %s",
		                 src_path);
	}
	if (open_source(src_path, &src, &err) != IRT_OK ||
	    db_open(dst_path, DB_OPEN_CREATE, &dst, &err) != IRT_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (copy_run(src, dst, &outcome, &report, &err) != IRT_OK) {
		cli_verify_print(&report);
		rc = cli_fail(&err);
	} else {
		print_outcome(&outcome, src_path, dst_path);
		rc = 0;
	}
	verify_report_free(&report);
out:
	db_close(dst);
	db_close(src);
	free(configured);
	return rc;
}

const struct cli_cmd cli_cmd_copy = {
    "copy",
    "--from SRC --to DST",
    "Copy a whole database to another, SQLite or PostgreSQL, verified",
    "Copies every incident, event, policy change, import record, ledger\n"
    "entry and signature of SRC into DST as they are stored: the same\n"
    "numbers, UUIDs, hashes, times, actors and signatures (nothing is\n"
    "recorded again, unlike import). SRC and DST are SQLite files or\n"
    "PostgreSQL URIs (postgresql://..., pg:SERVICE), in any direction;\n"
    "DST is created when it does not exist. One transaction on DST: it is\n"
    "verified as irt verify does and compared with SRC before the commit;\n"
    "on any failure DST is left as it was.\n"
    "  A DST that holds an earlier copy of SRC gets only what is new; with\n"
    "nothing new, nothing is written, and irt says so. A DST holding a\n"
    "record of its own (an entry SRC lacks, or different) is refused.\n"
    "  --from SRC   the database to copy (default: --db, $IRT_DB or the\n"
    "               default database, when --to is given)\n"
    "  --to DST     the database to copy into (default: as --from)\n",
    copy_exec,
    copy_opts,
    NULL,
    NULL,
};
