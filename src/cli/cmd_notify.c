/*
 * cmd_notify.c - the notify stage's command: draft a notification from
 * the audience's template, send it through the configured command and
 * record it, or record one made by other means.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "irt/config.h"
#include "irt/export.h"
#include "irt/notify.h"
#include "irt/tracker.h"
#include "irt/xalloc.h"

#define MAX_TO 64

enum {
	OPT_AUDIENCE = CLI_OPT_FIRST_FREE,
	OPT_CHANNEL,
	OPT_TO,
	OPT_DRAFT,
	OPT_SEND,
	OPT_SUBJECT,
	OPT_AT
};

static int record(struct cli_ctx *ctx, long id, struct notification_spec *spec)
{
	struct tracker t;
	struct irt_err err;

	cli_tracker(ctx, &t);
	if (tracker_notification(&t, id, spec, &err) != IRT_OK)
		return cli_fail(&err);
	return 0;
}

static int draft_or_send(struct cli_ctx *ctx, long id, int send,
                         struct notification_spec *spec)
{
	struct export_doc doc;
	struct notify_draft draft = {0};
	struct irt_err err;
	const char *command;
	enum irt_status status;
	int rc = 0, exit_status;

	status = export_load(
	    ctx->db, id, spec->at_ms ? spec->at_ms : ctx->now_ms, &doc, &err);
	if (status == IRT_OK)
		status = notify_render(&doc, spec->audience, spec->to,
		                       spec->n_to, ctx->actor, &draft, &err);
	if (status == IRT_OK) {
		char missing[256];

		if (notify_missing(&doc.inc, spec->audience, missing,
		                   sizeof missing))
			fprintf(stderr,
			        "irt: still empty for %s: %s (irt set %ld "
			        "FIELD TEXT)\n",
			        audience_name(spec->audience), missing, id);
	}
	export_doc_free(&doc);
	if (status != IRT_OK) {
		notify_draft_free(&draft);
		return cli_fail(&err);
	}
	if (!send) {
		fputs(draft.message, stdout);
		notify_draft_free(&draft);
		return 0;
	}
	if (!draft.n_to) {
		notify_draft_free(&draft);
		return cli_usage(&cli_cmd_notify,
		                 "--send needs a recipient: give --to ADDR");
	}
	command = config_notify_command(ctx->config);
	if (notify_send(command, draft.message, &exit_status, &err) != IRT_OK) {
		cli_error("%s; nothing was sent or recorded", err.msg);
		notify_draft_free(&draft);
		return 1;
	}
	spec->to = (const char *const *)draft.to;
	spec->n_to = draft.n_to;
	spec->subject = draft.subject;
	spec->message = draft.message;
	spec->command = command;
	spec->exit_status = exit_status;
	spec->status = exit_status == 0 ? "sent" : "failed";
	if (!spec->channel)
		spec->channel = "email";
	rc = record(ctx, id, spec);
	if (exit_status != 0) {
		cli_error("sending failed: \"%s\" exited with status %d; the "
		          "attempt is on the timeline as failed, not as sent",
		          command, exit_status);
		rc = 1;
	} else if (rc == 0) {
		printf("Sent to %zu recipient%s and recorded on #%ld.\n",
		       draft.n_to, draft.n_to == 1 ? "" : "s", id);
	} else {
		cli_error("the message WAS sent, but recording it failed; "
		          "record it with: irt notify %ld --audience %s "
		          "--channel %s --to ...",
		          id, audience_name(spec->audience), spec->channel);
	}
	notify_draft_free(&draft);
	return rc;
}

static const struct cli_opt notify_opts[] = {
    {"audience", 0, CLI_ARG_AUDIENCE, OPT_AUDIENCE},
    {"channel", 0, CLI_ARG_TEXT, OPT_CHANNEL},
    {"to", 0, CLI_ARG_TEXT, OPT_TO},
    {"draft", 0, CLI_ARG_NONE, OPT_DRAFT},
    {"send", 0, CLI_ARG_NONE, OPT_SEND},
    {"subject", 0, CLI_ARG_TEXT, OPT_SUBJECT},
    {"at", 0, CLI_ARG_TIME, OPT_AT},
    {0}};
static const enum cli_arg notify_args[] = {CLI_ARG_ID, CLI_ARG_NONE};

static int notify_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *to[MAX_TO];
	struct notification_spec spec = {.audience = AUDIENCE_COUNT};
	struct irt_err err;
	struct db *db;
	int c, rc, draft = 0, send = 0, a;
	long id;

	while ((c = cli_getopt(ctx, &cli_cmd_notify, argc, argv)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case OPT_AUDIENCE:
			a = audience_parse(optarg);
			if (a < 0)
				return cli_usage(&cli_cmd_notify,
				                 "unknown audience \"%.40s\" "
				                 "(platform, customers, "
				                 "internal or reporter)",
				                 optarg);
			spec.audience = (enum audience)a;
			break;
		case OPT_CHANNEL:
			spec.channel = optarg;
			break;
		case OPT_TO:
			if (spec.n_to == MAX_TO)
				return cli_usage(&cli_cmd_notify,
				                 "at most %d --to", MAX_TO);
			to[spec.n_to++] = optarg;
			break;
		case OPT_DRAFT:
			draft = 1;
			break;
		case OPT_SEND:
			send = 1;
			break;
		case OPT_SUBJECT:
			spec.subject = optarg;
			break;
		case OPT_AT:
			if (cli_time(ctx, optarg, &spec.at_ms, &err) != IRT_OK)
				return cli_fail(&err);
			break;
		default:
			return 2;
		}
	}
	if ((rc = cli_id_arg(&cli_cmd_notify, argc, argv, &id)) != 0)
		return rc;
	if (optind < argc)
		return cli_usage(&cli_cmd_notify,
		                 "unexpected argument \"%.40s\"", argv[optind]);
	if (spec.audience == AUDIENCE_COUNT)
		return cli_usage(&cli_cmd_notify,
		                 "missing --audience (platform, customers, "
		                 "internal or reporter)");
	if (draft && send)
		return cli_usage(&cli_cmd_notify,
		                 "give --draft or --send, not both");
	if ((draft || send) && spec.subject)
		return cli_usage(&cli_cmd_notify,
		                 "--subject is for recording a notification "
		                 "made by other means");
	if (draft && spec.at_ms)
		return cli_usage(&cli_cmd_notify,
		                 "--draft records nothing: --at is for --send "
		                 "or recording");
	spec.to = to;
	if (cli_db(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	if (draft || send)
		return draft_or_send(ctx, id, send, &spec);
	if (!spec.channel || !spec.channel[0])
		return cli_usage(&cli_cmd_notify,
		                 "say how it was made: --channel C (email, "
		                 "phone, ticket, ...)");
	spec.status = "recorded";
	return record(ctx, id, &spec);
}

const struct cli_cmd cli_cmd_notify = {
    "notify",
    "ID --audience A [--channel C] [--to ADDR]... [--draft | --send] "
    "[--subject S] [--at TIME]",
    "Draft, send or record a notification (notify stage)",
    "  --audience A   platform (the platform vendor), customers,\n"
    "                 internal or reporter (the acknowledgement; its\n"
    "                 To is the reporter field when that is an e-mail\n"
    "                 address; irt ack --notify sends and acknowledges)\n"
    "  --to ADDR      a recipient; repeat for more\n"
    "  --draft        print the message from the audience's template\n"
    "                 (RFC 5322: headers, blank line, body)\n"
    "  --send         send it: the message goes to the [notify] command\n"
    "                 of the config file (default \"sendmail -t -oi\") on\n"
    "                 its standard input, and is recorded as sent when the\n"
    "                 command exits 0; a failure exits 1 and is recorded\n"
    "                 as failed, never as sent. The message is passed as\n"
    "                 it is: the command must read it to the end and not\n"
    "                 take a line holding only \".\" as its end\n"
    "  --channel C    how it was made (default with --send: email)\n"
    "  --subject S    with neither --draft nor --send: record a\n"
    "                 notification made by other means (--channel is\n"
    "                 then required) and its subject\n"
    "  --at TIME      when it was made (recording) or sent (--send;\n"
    "                 default: now)\n"
    "\n"
    "Templates: data/templates/AUDIENCE.txt, overridden by\n"
    "$XDG_CONFIG_HOME/irt/templates/AUDIENCE.txt. Placeholders:\n"
    "  {{id}} {{uuid}} {{title}} {{severity}} {{cvss}} {{cvss_vector}}\n"
    "  {{cve}} {{component}} {{description}} {{impact}} {{scope}}\n"
    "  {{containment}} {{root_cause}} {{fix_ref}} {{advisory}}\n"
    "  {{embargo}} {{reporter}} {{stage}} {{owner}} {{reported}}\n"
    "  {{acknowledged}} {{contained}} {{fixed}} {{remediation_due}}\n"
    "  {{to}} {{from}} {{date}} {{severity_line}}\n"
    "  {{repro}} {{poc}} (internal template only)\n",
    notify_exec,
    notify_opts,
    notify_args,
    NULL,
};
