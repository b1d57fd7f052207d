/*
 * cmd_record.c - recording facts about an incident: note, ack, assign,
 * severity, set.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "irt/config.h"
#include "irt/editor.h"
#include "irt/export.h"
#include "irt/notify.h"
#include "irt/timeutil.h"
#include "irt/tracker.h"
#include "irt/xalloc.h"

enum {
	OPT_AT = CLI_OPT_FIRST_FREE,
	OPT_KIND,
	OPT_STAGE,
	OPT_CVSS,
	OPT_FORCE,
	OPT_REASON,
	OPT_NOTIFY,
	OPT_TO,
	OPT_CHANNEL
};

/* Reads all of stdin (malloc'd); NULL when it holds a NUL byte, which
 * no text of irt's can carry (it would be cut there). */
static char *read_stdin(void)
{
	size_t len = 0, cap = 8192, n;
	char *buf = xmalloc(cap);

	while ((n = fread(buf + len, 1, cap - len - 1, stdin)) > 0) {
		len += n;
		if (len + 1 >= cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	buf[len] = '\0';
	if (memchr(buf, '\0', len)) {
		free(buf);
		return NULL;
	}
	while (len > 0 && strchr(" \t\r\n", buf[len - 1]))
		buf[--len] = '\0';
	return buf;
}

static const struct cli_opt note_opts[] = {
    {"at", 0, CLI_ARG_TIME, OPT_AT}, {"kind", 0, CLI_ARG_TEXT, OPT_KIND}, {0}};
static const enum cli_arg note_args[] = {CLI_ARG_ID, CLI_ARG_TEXT,
                                         CLI_ARG_NONE};

static int note_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *at = NULL, *kind = NULL;
	struct irt_err err;
	struct tracker t;
	struct db *db;
	int64_t at_ms = 0;
	char *text = NULL;
	long id;
	int c, rc;

	while ((c = cli_getopt(ctx, &cli_cmd_note, argc, argv)) != -1) {
		if (c == 'h')
			return 0;
		if (c == OPT_AT)
			at = optarg;
		else if (c == OPT_KIND)
			kind = optarg;
		else
			return 2;
	}
	if ((rc = cli_id_arg(&cli_cmd_note, argc, argv, &id)) != 0)
		return rc;
	if (optind + 1 < argc)
		return cli_usage(
		    &cli_cmd_note,
		    "one TEXT only (quote it, or use - for stdin)");
	if (at && cli_time(ctx, at, &at_ms, &err) != IRT_OK)
		return cli_fail(&err);
	if (kind && !kind[0])
		return cli_usage(&cli_cmd_note, "--kind is empty");
	if (cli_db(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	/* No TEXT and no terminal to edit on (a pipe, a script, cron):
	 * the note is standard input, as with "-", never an editor that
	 * cannot run there. */
	if ((optind < argc && strcmp(argv[optind], "-") == 0) ||
	    (optind >= argc && !isatty(STDIN_FILENO))) {
		text = read_stdin();
		if (!text) {
			irt_err_set(&err, IRT_ERR_INVALID,
			            "standard input holds a NUL byte: "
			            "notes are text; nothing was "
			            "recorded");
			return cli_fail(&err);
		}
	} else if (optind < argc) {
		text = xstrdup(argv[optind]);
	} else {
		char *editor = config_editor(ctx->config);
		enum irt_status status;

		/* Check the incident exists before the user types. */
		struct incident inc;

		status = db_incident_load(db, id, &inc, &err);
		incident_clear(&inc);
		if (status != IRT_OK) {
			free(editor);
			return cli_fail(&err);
		}
		status = editor_edit(editor, NULL, &text, &err);
		free(editor);
		if (status != IRT_OK)
			return cli_fail(&err);
	}
	cli_tracker(ctx, &t);
	rc = tracker_note(&t, id, at_ms, kind, text, &err) == IRT_OK
	         ? 0
	         : cli_fail(&err);
	free(text);
	return rc;
}

const struct cli_cmd cli_cmd_note = {
    "note",
    "ID [TEXT | -] [--at TIME] [--kind KIND]",
    "Add a note to the timeline (no TEXT: opens $VISUAL/$EDITOR, or reads "
    "standard input when it is not a terminal)",
    "  TEXT         the note; - reads it from standard input\n"
    "  --at TIME    when it happened (back-dating: \"rolled back at "
    "03:12\")\n"
    "  --kind KIND  a label such as observation, decision, action, "
    "comms\n",
    note_exec,
    note_opts,
    note_args,
    NULL,
};

/* --at TIME, --force and --reason TEXT, the options of set (cmd->opts).
 * Returns 0 to go on, or the exit status (help printed: 0, *stop set). */
static int time_opts(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
                     char **argv, int64_t *at_ms, int *force,
                     const char **reason, int *stop)
{
	struct irt_err err;
	int c;

	*stop = 0;
	while ((c = cli_getopt(ctx, cmd, argc, argv)) != -1) {
		if (c == 'h') {
			*stop = 1;
			return 0;
		}
		if (c == OPT_FORCE) {
			*force = 1;
		} else if (c == OPT_REASON) {
			*reason = optarg;
		} else if (c == OPT_AT) {
			if (cli_time(ctx, optarg, at_ms, &err) != IRT_OK) {
				*stop = 1;
				return cli_fail(&err);
			}
		} else {
			*stop = 1;
			return 2;
		}
	}
	*stop = cli_force_check(cmd, *force, *reason, 0) != 0;
	return *stop ? 2 : 0;
}

#define MAX_TO 64

/*
 * `irt ack ID --notify`: renders the reporter's message (to --to, else
 * the address in the reporter field), sends it through the [notify]
 * command as `irt notify --send` does, and records the acknowledgement
 * and the notification together. A failed send is recorded as failed and
 * acknowledges nothing.
 */
static int ack_notify(struct cli_ctx *ctx, long id, int64_t at_ms,
                      const char *const *to, size_t n_to, const char *channel,
                      const char *time_reason)
{
	struct notification_spec spec = {.audience = AUDIENCE_REPORTER};
	struct notify_draft draft = {0};
	struct export_doc doc;
	struct irt_err err;
	struct tracker t;
	const char *command;
	enum irt_status status;
	char when[TIMEUTIL_BUFSZ];
	int exit_status, rc;

	status =
	    export_load(ctx->db, id, at_ms ? at_ms : ctx->now_ms, &doc, &err);
	if (status != IRT_OK)
		return cli_fail(&err);
	if (doc.inc.acked_ms) {
		timeutil_format_local(doc.inc.acked_ms, when, sizeof when);
		export_doc_free(&doc);
		irt_err_set(&err, IRT_ERR_INVALID,
		            "#%ld was already acknowledged at %s; nothing was "
		            "sent",
		            id, when);
		return cli_fail(&err);
	}
	/* The message is the acknowledgement: it says when it was made. */
	doc.inc.acked_ms = at_ms ? at_ms : ctx->now_ms;
	status = notify_render(&doc, AUDIENCE_REPORTER, to, n_to, ctx->actor,
	                       &draft, &err);
	export_doc_free(&doc);
	if (status != IRT_OK) {
		notify_draft_free(&draft);
		return cli_fail(&err);
	}
	if (!draft.n_to) {
		notify_draft_free(&draft);
		return cli_usage(&cli_cmd_ack,
		                 "the reporter field holds no e-mail address: "
		                 "give --to ADDR");
	}
	command = config_notify_command(ctx->config);
	if (notify_send(command, draft.message, &exit_status, &err) != IRT_OK) {
		cli_error("%s; nothing was sent or recorded", err.msg);
		notify_draft_free(&draft);
		return 1;
	}
	spec.to = (const char *const *)draft.to;
	spec.n_to = draft.n_to;
	spec.subject = draft.subject;
	spec.message = draft.message;
	spec.command = command;
	spec.exit_status = exit_status;
	spec.status = exit_status == 0 ? "sent" : "failed";
	spec.channel = channel ? channel : "email";
	spec.at_ms = at_ms;
	cli_tracker(ctx, &t);
	t.time_reason = time_reason;
	rc = tracker_ack_notification(&t, id, &spec, &err) == IRT_OK
	         ? 0
	         : cli_fail(&err);
	if (exit_status != 0) {
		cli_error("sending failed: \"%s\" exited with status %d; the "
		          "attempt is on the timeline as failed and the report "
		          "is not acknowledged",
		          command, exit_status);
		rc = 1;
	} else if (rc == 0) {
		printf("Acknowledged #%ld; sent to %zu recipient%s and "
		       "recorded.\n",
		       id, draft.n_to, draft.n_to == 1 ? "" : "s");
	} else {
		cli_error("the message WAS sent, but recording it failed; "
		          "record it with: irt ack %ld, then irt notify %ld "
		          "--audience reporter --channel %s --to ...",
		          id, id, spec.channel);
	}
	notify_draft_free(&draft);
	return rc;
}

static const struct cli_opt ack_opts[] = {
    {"at", 0, CLI_ARG_TIME, OPT_AT},
    {"force", 0, CLI_ARG_NONE, OPT_FORCE},
    {"reason", 0, CLI_ARG_TEXT, OPT_REASON},
    {"notify", 0, CLI_ARG_NONE, OPT_NOTIFY},
    {"to", 0, CLI_ARG_TEXT, OPT_TO},
    {"channel", 0, CLI_ARG_TEXT, OPT_CHANNEL},
    {0}};
static const enum cli_arg id_args[] = {CLI_ARG_ID, CLI_ARG_NONE};

static int ack_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *to[MAX_TO];
	const char *reason = NULL, *channel = NULL;
	struct irt_err err;
	struct tracker t;
	struct db *db;
	size_t n_to = 0;
	int64_t at_ms = 0;
	long id;
	int c, rc, force = 0, notify = 0;

	while ((c = cli_getopt(ctx, &cli_cmd_ack, argc, argv)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case OPT_FORCE:
			force = 1;
			break;
		case OPT_REASON:
			reason = optarg;
			break;
		case OPT_AT:
			if (cli_time(ctx, optarg, &at_ms, &err) != IRT_OK)
				return cli_fail(&err);
			break;
		case OPT_NOTIFY:
			notify = 1;
			break;
		case OPT_TO:
			if (n_to == MAX_TO)
				return cli_usage(&cli_cmd_ack,
				                 "at most %d --to", MAX_TO);
			to[n_to++] = optarg;
			break;
		case OPT_CHANNEL:
			channel = optarg;
			break;
		default:
			return 2;
		}
	}
	if (cli_force_check(&cli_cmd_ack, force, reason, 0) != 0)
		return 2;
	if ((rc = cli_id_arg(&cli_cmd_ack, argc, argv, &id)) != 0)
		return rc;
	if (optind < argc)
		return cli_usage(&cli_cmd_ack, "unexpected argument \"%.40s\"",
		                 argv[optind]);
	if (!notify && (n_to || channel))
		return cli_usage(&cli_cmd_ack,
		                 "--to and --channel go with --notify");
	if (cli_db(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	if (notify)
		return ack_notify(ctx, id, at_ms, to, n_to, channel,
		                  force ? reason : NULL);
	cli_tracker(ctx, &t);
	if (force)
		t.time_reason = reason;
	return tracker_ack(&t, id, at_ms, &err) == IRT_OK ? 0 : cli_fail(&err);
}

const struct cli_cmd cli_cmd_ack = {
    "ack",
    "ID [--at TIME] [--notify [--to ADDR]... [--channel C]] "
    "[--force --reason TEXT]",
    "Acknowledge the report to the reporter",
    "  --at TIME      when it was acknowledged (default: "
    "now)\n" CLI_FORCE_TIME_HELP
    "  --reason TEXT  why the time is out of order\n"
    "  --notify       acknowledge by sending the reporter's message\n"
    "                 (template reporter.txt) through the [notify]\n"
    "                 command, as irt notify --send does; the ack and\n"
    "                 the reporter notification are recorded together.\n"
    "                 A failed send is recorded as failed and\n"
    "                 acknowledges nothing\n"
    "  --to ADDR      the recipient (default: the reporter field, when\n"
    "                 it holds an e-mail address); repeat for more\n"
    "  --channel C    how it was sent (default: email)\n",
    ack_exec,
    ack_opts,
    id_args,
    NULL,
};

static const struct cli_opt assign_opts[] = {
    {"stage", 0, CLI_ARG_WORK_STAGE, OPT_STAGE},
    {"at", 0, CLI_ARG_TIME, OPT_AT},
    {0}};
static const enum cli_arg assign_args[] = {CLI_ARG_ID, CLI_ARG_NAME,
                                           CLI_ARG_NONE};

static int assign_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct irt_err err;
	struct tracker t;
	struct db *db;
	int64_t at_ms = 0;
	int c, rc, stage = -1;
	long id;

	while ((c = cli_getopt(ctx, &cli_cmd_assign, argc, argv)) != -1) {
		if (c == 'h')
			return 0;
		if (c == OPT_AT) {
			if (cli_time(ctx, optarg, &at_ms, &err) != IRT_OK)
				return cli_fail(&err);
			continue;
		}
		if (c != OPT_STAGE)
			return 2;
		stage = stage_parse(optarg);
		if (stage < 0 || stage >= STAGE_WORK_COUNT)
			return cli_usage(&cli_cmd_assign,
			                 "unknown stage \"%.40s\" (detect, "
			                 "contain, fix, notify, review)",
			                 optarg);
	}
	if ((rc = cli_id_arg(&cli_cmd_assign, argc, argv, &id)) != 0)
		return rc;
	if (optind + 1 != argc)
		return cli_usage(&cli_cmd_assign, "give one OWNER");
	if (cli_db(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	cli_tracker(ctx, &t);
	return tracker_assign(&t, id, at_ms, stage, argv[optind], &err) ==
	               IRT_OK
	           ? 0
	           : cli_fail(&err);
}

const struct cli_cmd cli_cmd_assign = {
    "assign",
    "ID OWNER [--stage S] [--at TIME]",
    "Set the owner of the current stage (or of stage S)",
    "  --stage S   detect (commander), contain, fix (developer), notify "
    "(comms) or review\n"
    "  --at TIME   when the owner took over (default: now)\n",
    assign_exec,
    assign_opts,
    assign_args,
    NULL,
};

static const struct cli_opt severity_opts[] = {
    {"cvss", 0, CLI_ARG_CVSS, OPT_CVSS}, {"at", 0, CLI_ARG_TIME, OPT_AT}, {0}};
static const enum cli_arg severity_args[] = {CLI_ARG_ID, CLI_ARG_SEVERITY,
                                             CLI_ARG_NONE};

static int severity_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *vector = NULL;
	struct irt_err err;
	struct tracker t;
	struct db *db;
	int64_t at_ms = 0;
	int c, rc, level = -1;
	long id;

	while ((c = cli_getopt(ctx, &cli_cmd_severity, argc, argv)) != -1) {
		if (c == 'h')
			return 0;
		if (c == OPT_AT) {
			if (cli_time(ctx, optarg, &at_ms, &err) != IRT_OK)
				return cli_fail(&err);
			continue;
		}
		if (c != OPT_CVSS)
			return 2;
		vector = optarg;
	}
	if ((rc = cli_id_arg(&cli_cmd_severity, argc, argv, &id)) != 0)
		return rc;
	if (vector && optind < argc)
		return cli_usage(&cli_cmd_severity,
		                 "give a LEVEL or --cvss VECTOR, not both");
	if (!vector) {
		if (optind + 1 != argc)
			return cli_usage(&cli_cmd_severity,
			                 "give a LEVEL or --cvss VECTOR");
		level = severity_parse(argv[optind]);
		if (level <= 0 && strncmp(argv[optind], "CVSS:", 5) == 0) {
			cli_error("a CVSS vector goes with --cvss: irt "
			          "severity ID --cvss VECTOR");
			return 2;
		}
		if (level <= 0) {
			cli_error("unknown severity \"%.40s\" (none, low, "
			          "medium, high, critical)",
			          argv[optind]);
			return 2;
		}
	}
	if (cli_db(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	cli_tracker(ctx, &t);
	return tracker_severity(&t, id, at_ms, level, vector, &err) == IRT_OK
	           ? 0
	           : cli_fail(&err);
}

const struct cli_cmd cli_cmd_severity = {
    "severity",
    "ID (LEVEL | --cvss VECTOR) [--at TIME]",
    "Set the severity: a level, or a CVSS vector that sets it",
    "  LEVEL          none, low, medium, high or critical\n"
    "  --cvss VECTOR  CVSS:3.0/..., CVSS:3.1/... or CVSS:4.0/...\n"
    "  --at TIME      when it was rated (default: now)\n",
    severity_exec,
    severity_opts,
    severity_args,
    NULL,
};

/* "title, description, ..." : every field `irt set` takes, from the
 * field table (caller frees). */
static char *settable_names(void)
{
	size_t len = 0;
	char *s = NULL;
	FILE *mem = open_memstream(&s, &len);

	const char *sep = "";

	if (!mem)
		xfatal("out of memory");
	for (int f = 0; f < FIELD_COUNT; f++) {
		if (!incident_fields[f].settable)
			continue;
		fprintf(mem, "%s%s", sep, incident_fields[f].name);
		sep = ", ";
	}
	fclose(mem);
	return s;
}

static const struct cli_opt set_opts[] = {
    {"at", 0, CLI_ARG_TIME, OPT_AT},
    {"force", 0, CLI_ARG_NONE, OPT_FORCE},
    {"reason", 0, CLI_ARG_TEXT, OPT_REASON},
    {0}};
static const enum cli_arg set_args[] = {CLI_ARG_ID, CLI_ARG_FIELD, CLI_ARG_TEXT,
                                        CLI_ARG_NONE};

static int set_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct irt_err err;
	struct tracker t;
	struct db *db;
	const char *reason = NULL;
	int64_t at_ms = 0;
	char *value;
	long id;
	int rc, f, stop, force = 0;

	rc = time_opts(ctx, &cli_cmd_set, argc, argv, &at_ms, &force, &reason,
	               &stop);
	if (rc != 0 || stop)
		return rc;
	if ((rc = cli_id_arg(&cli_cmd_set, argc, argv, &id)) != 0)
		return rc;
	if (optind >= argc)
		return cli_usage(&cli_cmd_set, "missing FIELD");
	f = incident_field_parse(argv[optind]);
	if (f < 0 || !incident_fields[f].settable) {
		char *names = settable_names();

		cli_error("%s \"%.40s\"; fields: %s",
		          f < 0 ? "unknown field" : "use `irt severity` for",
		          argv[optind], names);
		free(names);
		return 2;
	}
	optind++;
	if (optind + 1 != argc)
		return cli_usage(&cli_cmd_set,
		                 "give one VALUE (quote it; - reads stdin)");
	value = strcmp(argv[optind], "-") == 0 ? read_stdin()
	                                       : xstrdup(argv[optind]);
	if (!value) {
		irt_err_set(&err, IRT_ERR_INVALID,
		            "standard input holds a NUL byte: fields are "
		            "text; nothing was recorded");
		return cli_fail(&err);
	}
	if (cli_db(ctx, &db, &err) != IRT_OK) {
		free(value);
		return cli_fail(&err);
	}
	cli_tracker(ctx, &t);
	if (force)
		t.time_reason = reason;
	rc = tracker_set(&t, id, at_ms, (enum field)f, value, &err) == IRT_OK
	         ? 0
	         : cli_fail(&err);
	free(value);
	return rc;
}

const struct cli_cmd cli_cmd_set = {
    "set",
    "ID FIELD VALUE [--at TIME] [--force --reason TEXT]",
    "Set a field (VALUE - reads stdin; \"\" clears it)",
    "  --at TIME      when it changed (default: now)\n" CLI_FORCE_TIME_HELP
    "  --reason TEXT  why a report time moves past a later step\n"
    "Fields: title, description, component, scope, impact, containment,\n"
    "root-cause, fix-ref, summary, lessons, trigger, contributing-factors,\n"
    "response, went-well, went-wrong, lucky, reporter, source (email,\n"
    "bounty, internal, monitoring, other), channel, reported (a time),\n"
    "cve (CVE-YYYY-NNNN), embargo (a time), advisory (a link), repro\n"
    "(reproduction steps), poc (a proof of concept; internal only),\n"
    "started (when the incident began, a time not after the report),\n"
    "product (the affected product), versions (the affected versions,\n"
    "comma-separated), fixed-version (the first fixed one), ecosystem\n"
    "(the package ecosystem an OSV record names: npm, PyPI, Debian, ...).\n",
    set_exec,
    set_opts,
    set_args,
    NULL,
};
