/*
 * cmd_export.c - moving incidents out and in: export (JSON, Markdown
 * post-mortem, HTML, PDF, CSV, and the public advisories CSAF and OSV)
 * and import (a JSON export, verified).
 *
 * An incident under embargo (export_embargoed) is never published by
 * accident: the public formats are refused (exit 3, as a gate refuses)
 * unless --force --reason TEXT, and a forced one is recorded first, as
 * a note of kind "embargo-override" naming the format, the embargo and
 * the reason; when that cannot be recorded nothing is exported.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "irt/config.h"
#include "irt/db.h"
#include "irt/export.h"
#include "irt/import.h"
#include "irt/sanitize.h"
#include "irt/timeutil.h"
#include "irt/tracker.h"
#include "irt/xalloc.h"

enum { OPT_FORMAT = CLI_OPT_FIRST_FREE, OPT_PAPER, OPT_FORCE, OPT_REASON };

/* ---- export ------------------------------------------------------- */

/*
 * The embargo guard of a public format: IRT_OK when doc is not under
 * embargo, or when force is given and the override was recorded;
 * IRT_ERR_GATE (exit 3) naming the embargo otherwise. The advisory's own
 * check comes first, so that an override is never recorded for an export
 * that is then refused.
 */
static enum irt_status embargo_guard(struct cli_ctx *ctx, struct db *db,
                                     const struct export_doc *doc,
                                     enum export_format format, int force,
                                     const char *reason, struct irt_err *err)
{
	struct tracker t;
	int64_t until;
	char when[TIMEUTIL_BUFSZ];
	char *text;
	enum irt_status status;

	if (!export_embargoed(&doc->inc, ctx->now_ms, &until))
		return IRT_OK;
	if (until > 0)
		timeutil_format_local(until, when, sizeof when);
	else
		snprintf(when, sizeof when, "an unreadable time");
	if (!force)
		return irt_err_set(
		    err, IRT_ERR_GATE,
		    "#%ld is under embargo until %s: a %s export "
		    "is public; --force --reason TEXT exports it "
		    "anyway (recorded)",
		    doc->inc.id, when, export_format_name(format));
	status = export_advisory_check(doc, format, err);
	if (status != IRT_OK)
		return status;
	text = xasprintf("%s export under embargo (until %s): %s",
	                 export_format_name(format),
	                 doc->inc.field[FIELD_EMBARGO], reason);
	cli_tracker(ctx, &t);
	t.db = db;
	status =
	    tracker_note(&t, doc->inc.id, 0, "embargo-override", text, err);
	free(text);
	return status;
}

static const struct cli_opt export_opts[] = {
    {"format", 'f', CLI_ARG_FORMAT, 'f'},
    {"output", 'o', CLI_ARG_FILE, 'o'},
    {"paper", 0, CLI_ARG_PAPER, OPT_PAPER},
    {"force", 0, CLI_ARG_NONE, OPT_FORCE},
    {"reason", 0, CLI_ARG_TEXT, OPT_REASON},
    {0}};
static const enum cli_arg export_args[] = {CLI_ARG_ID, CLI_ARG_NONE};

static int export_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct export_doc doc;
	struct irt_err err;
	struct db *db;
	const char *path = NULL, *paper_name = NULL, *reason = NULL;
	enum export_format format = EXPORT_MARKDOWN;
	enum export_paper paper = EXPORT_PAPER_A4;
	enum irt_status status;
	char *buf = NULL;
	size_t len = 0;
	long id;
	int c, rc, f, force = 0;

	while ((c = cli_getopt(ctx, &cli_cmd_export, argc, argv)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case 'f':
			f = export_format_parse(optarg);
			if (f < 0)
				return cli_usage(
				    &cli_cmd_export,
				    "unknown format \"%.40s\" (md, "
				    "html, pdf, json, csv, csaf or osv)",
				    optarg);
			format = (enum export_format)f;
			break;
		case 'o':
			if (!optarg[0])
				return cli_usage(&cli_cmd_export,
				                 "-o needs a file name");
			path = optarg;
			break;
		case OPT_PAPER:
			f = export_paper_parse(optarg);
			if (f < 0)
				return cli_usage(
				    &cli_cmd_export,
				    "unknown paper \"%.40s\" (a4 or "
				    "letter)",
				    optarg);
			paper = (enum export_paper)f;
			paper_name = optarg;
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
	if ((rc = cli_id_arg(&cli_cmd_export, argc, argv, &id)) != 0)
		return rc;
	if (optind < argc)
		return cli_usage(&cli_cmd_export,
		                 "unexpected argument \"%.40s\"", argv[optind]);
	if (paper_name && format != EXPORT_PDF)
		return cli_usage(&cli_cmd_export,
		                 "--paper is for --format pdf, not %s",
		                 export_format_name(format));
	if ((rc = cli_force_check(&cli_cmd_export, force, reason, 0)) != 0)
		return rc;
	if (force && !export_format_public(format))
		return cli_usage(&cli_cmd_export,
		                 "--force is for the public formats (csaf, "
		                 "osv); %s is not one",
		                 export_format_name(format));
	/* A PDF is binary: it would only garble a terminal. */
	if (format == EXPORT_PDF && !path && isatty(STDOUT_FILENO))
		return cli_usage(&cli_cmd_export,
		                 "a PDF is binary: write it with -o FILE or "
		                 "redirect standard output");
	if (cli_db_read(ctx, &db, &err) != IRT_OK ||
	    (path && db_refuse_own_file(db, path, &err) != IRT_OK))
		return cli_fail(&err);
	status = export_load(db, id, ctx->now_ms, &doc, &err);
	doc.paper = paper;
	export_set_publisher(&doc, ctx->config);
	if (status == IRT_OK && export_format_public(format))
		status =
		    embargo_guard(ctx, db, &doc, format, force, reason, &err);
	if (status == IRT_OK && format == EXPORT_JSON && !path) {
		/* The record is streamed as it is written, never held whole:
		 * a long timeline's export is megabytes. */
		status = export_write(&doc, format, stdout, &err);
		export_doc_free(&doc);
		if (status == IRT_OK && fflush(stdout) != 0)
			status = irt_err_set(&err, IRT_ERR_IO,
			                     "cannot write the export to "
			                     "standard output");
		return status == IRT_OK ? 0 : cli_fail(&err);
	}
	if (status == IRT_OK)
		status = export_render(&doc, format, &buf, &len, &err);
	export_doc_free(&doc);
	if (status == IRT_OK) {
		if (path) {
			status = export_save_file(path, buf, len, &err);
		} else if (fwrite(buf, 1, len, stdout) != len ||
		           fflush(stdout) != 0) {
			status = irt_err_set(&err, IRT_ERR_IO,
			                     "cannot write the export to "
			                     "standard output");
		}
	}
	free(buf);
	return status == IRT_OK ? 0 : cli_fail(&err);
}

const struct cli_cmd cli_cmd_export = {
    "export",
    "ID [--format md|html|pdf|json|csv|csaf|osv] [--paper a4|letter] "
    "[-o FILE] [--force --reason TEXT]",
    "Export an incident: post-mortem (Markdown, HTML, PDF), JSON, CSV, or "
    "an advisory (CSAF, OSV)",
    "  -f, --format F   md (default): the post-mortem in Markdown\n"
    "                   html: the post-mortem as one self-contained page\n"
    "                   pdf: the post-mortem as a PDF document (binary:\n"
    "                        needs -o or a redirected standard output)\n"
    "                   json: the complete record, irt-incident/1 (for\n"
    "                         irt import and other programs)\n"
    "                   csv: the timeline, one row per event (RFC 4180)\n"
    "                   csaf: the security advisory, CSAF 2.0 (public;\n"
    "                         publisher from [advisory] in the config)\n"
    "                   osv: the vulnerability as an OSV record (public;\n"
    "                        needs cve, product and ecosystem)\n"
    "  -o, --output F   write to file F (atomically: all or nothing)\n"
    "                   instead of standard output\n"
    "      --paper P    the PDF's page size: a4 (default) or letter\n"
    "      --force      export csaf or osv of an incident under embargo\n"
    "                   (refused with exit 3 otherwise); recorded on its\n"
    "                   timeline with --reason, before it is written\n"
    "      --reason TEXT  why the embargo is broken (recorded)\n",
    export_exec,
    export_opts,
    export_args,
    NULL,
};

/* ---- import ------------------------------------------------------- */

/* Names each event an import appended to an incident already here. */
static void list_added(struct db *db, const struct import_outcome *out)
{
	struct event_list events = {0};
	struct irt_err err;

	fprintf(stderr, "irt: #%ld: %ld newer event%s added from the file:\n",
	        out->id, out->n_added, out->n_added == 1 ? "" : "s");
	if (db_events_load(db, out->id, &events, &err) == IRT_OK) {
		for (size_t i = events.count - (size_t)out->n_added;
		     i < events.count; i++) {
			const struct event *ev = &events.items[i];
			char *what = event_describe(ev);
			char *safe = sanitize_terminal(what, 0);
			char *actor = sanitize_terminal(ev->actor, 0);
			char when[TIMEUTIL_BUFSZ];

			timeutil_format_local(ev->at_ms, when, sizeof when);
			fprintf(stderr, "irt:   %ld  %s  %s  %s\n", ev->seq,
			        when, actor, safe);
			free(actor);
			free(safe);
			free(what);
		}
	}
	event_list_free(&events);
}

static const enum cli_arg import_args[] = {CLI_ARG_FILE, CLI_ARG_NONE};

static int import_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct import_outcome out;
	struct irt_err err;
	struct db *db;
	int c;

	while ((c = cli_getopt(ctx, &cli_cmd_import, argc, argv)) != -1) {
		if (c == 'h')
			return 0;
		return 2;
	}
	if (optind >= argc)
		return cli_usage(&cli_cmd_import, "missing FILE");
	if (optind + 1 < argc)
		return cli_usage(&cli_cmd_import, "one FILE at a time");
	if (cli_db(ctx, &db, &err) != IRT_OK ||
	    import_file(db, argv[optind], ctx->actor, &out, &err) != IRT_OK)
		return cli_fail(&err);
	if (out.result == IMPORT_EXTENDED)
		list_added(db, &out);
	else if (out.result == IMPORT_OLDER)
		fprintf(stderr,
		        "irt: #%ld here is newer than the file; nothing "
		        "changed\n",
		        out.id);
	printf("%ld\n", out.id);
	return 0;
}

const struct cli_cmd cli_cmd_import = {
    "import",
    "FILE",
    "Import an incident from a JSON export (verified; by UUID)",
    "  FILE     an export made by irt export ID --format json (- reads\n"
    "           standard input). The hash chain and every event are\n"
    "           verified first; an altered file is refused (exit 1)\n"
    "           naming the event. Prints the incident's local number.\n"
    "           Importing an incident already here changes nothing; a\n"
    "           file with newer events of it adds them; a file whose\n"
    "           timeline differs from the one here is refused (exit 2).\n",
    import_exec,
    NULL,
    import_args,
    NULL,
};
