/*
 * cmd_action.c - corrective actions from the review: action add, done,
 * list, none.
 */
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "irt/incident_json.h"
#include "irt/tracker.h"

enum {
	OPT_OWNER = CLI_OPT_FIRST_FREE,
	OPT_DUE,
	OPT_TYPE,
	OPT_JSON,
	OPT_AT,
	OPT_FORCE,
	OPT_REASON,
	OPT_TICKET
};

/* The options of done and none: --at TIME, and for done (reason not
 * NULL) --force --reason TEXT. Returns 0 to go on, or the exit status
 * (help printed: 0 with *stop set). */
static const struct cli_opt add_opts[] = {
    {"owner", 0, CLI_ARG_NAME, OPT_OWNER},
    {"due", 0, CLI_ARG_TIME, OPT_DUE},
    {"type", 0, CLI_ARG_ACTION_TYPE, OPT_TYPE},
    {"ticket", 0, CLI_ARG_TEXT, OPT_TICKET},
    {"at", 0, CLI_ARG_TIME, OPT_AT},
    {0}};
static const struct cli_opt done_opts[] = {
    {"at", 0, CLI_ARG_TIME, OPT_AT},
    {"force", 0, CLI_ARG_NONE, OPT_FORCE},
    {"reason", 0, CLI_ARG_TEXT, OPT_REASON},
    {0}};
static const struct cli_opt list_opts[] = {{"json", 0, CLI_ARG_NONE, OPT_JSON},
                                           {0}};
static const struct cli_opt none_opts[] = {{"at", 0, CLI_ARG_TIME, OPT_AT},
                                           {0}};

static const enum cli_arg add_args[] = {CLI_ARG_ID, CLI_ARG_TEXT, CLI_ARG_NONE};
static const enum cli_arg done_args[] = {CLI_ARG_ID, CLI_ARG_NUMBER,
                                         CLI_ARG_NONE};
static const enum cli_arg list_args[] = {CLI_ARG_ID, CLI_ARG_NONE};
static const enum cli_arg none_args[] = {CLI_ARG_ID, CLI_ARG_TEXT,
                                         CLI_ARG_NONE};

static const struct cli_sub action_subs[] = {{"add", add_opts, add_args},
                                             {"done", done_opts, done_args},
                                             {"list", list_opts, list_args},
                                             {"none", none_opts, none_args},
                                             {0}};

static int at_only(struct cli_ctx *ctx, int argc, char **argv, int64_t *at_ms,
                   const char **reason, int *stop)
{
	struct irt_err err;
	const char *given = NULL;
	int c, force = 0;

	*stop = 1;
	while ((c = cli_getopt_opts(ctx, &cli_cmd_action,
	                            reason ? done_opts : none_opts, argc,
	                            argv)) != -1) {
		if (c == 'h')
			return 0;
		if (c == OPT_FORCE) {
			force = 1;
		} else if (c == OPT_REASON) {
			given = optarg;
		} else if (c != OPT_AT) {
			return 2;
		} else if (cli_time(ctx, optarg, at_ms, &err) != IRT_OK) {
			return cli_fail(&err);
		}
	}
	if (cli_force_check(&cli_cmd_action, force, given, 0) != 0)
		return 2;
	if (reason)
		*reason = force ? given : NULL;
	*stop = 0;
	return 0;
}

static int action_add(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *owner = NULL, *type = NULL, *ticket = NULL;
	struct irt_err err;
	struct tracker t;
	struct db *db;
	int64_t due_ms = 0, at_ms = 0;
	long id, n;
	int c, rc;

	while ((c = cli_getopt_opts(ctx, &cli_cmd_action, add_opts, argc,
	                            argv)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case OPT_OWNER:
			owner = optarg;
			break;
		case OPT_TYPE:
			type = optarg;
			break;
		case OPT_TICKET:
			ticket = optarg;
			break;
		case OPT_DUE:
			if (cli_time(ctx, optarg, &due_ms, &err) != IRT_OK)
				return cli_fail(&err);
			break;
		case OPT_AT:
			if (cli_time(ctx, optarg, &at_ms, &err) != IRT_OK)
				return cli_fail(&err);
			break;
		default:
			return 2;
		}
	}
	if ((rc = cli_id_arg(&cli_cmd_action, argc, argv, &id)) != 0)
		return rc;
	if (optind + 1 != argc)
		return cli_usage(&cli_cmd_action, "give one TITLE");
	if (cli_db(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	cli_tracker(ctx, &t);
	if (tracker_action_add(&t, id, at_ms, argv[optind], type, owner, due_ms,
	                       ticket, &n, &err) != IRT_OK)
		return cli_fail(&err);
	printf("%ld\n", n);
	return 0;
}

static int action_done(struct cli_ctx *ctx, int argc, char **argv)
{
	struct irt_err err;
	struct tracker t;
	struct db *db;
	const char *reason = NULL;
	int64_t at_ms = 0;
	long id, n;
	int rc, stop;

	if ((rc = at_only(ctx, argc, argv, &at_ms, &reason, &stop)) != 0 ||
	    stop)
		return rc;
	if ((rc = cli_id_arg(&cli_cmd_action, argc, argv, &id)) != 0)
		return rc;
	if (optind + 1 != argc || cli_parse_id(argv[optind], &n) != 0)
		return cli_usage(&cli_cmd_action, "give the action's number");
	if (cli_db(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	cli_tracker(ctx, &t);
	t.time_reason = reason;
	return tracker_action_done(&t, id, at_ms, n, &err) == IRT_OK
	           ? 0
	           : cli_fail(&err);
}

static int action_none(struct cli_ctx *ctx, int argc, char **argv)
{
	struct irt_err err;
	struct tracker t;
	struct db *db;
	int64_t at_ms = 0;
	long id;
	int rc, stop;

	if ((rc = at_only(ctx, argc, argv, &at_ms, NULL, &stop)) != 0 || stop)
		return rc;
	if ((rc = cli_id_arg(&cli_cmd_action, argc, argv, &id)) != 0)
		return rc;
	if (optind + 1 != argc)
		return cli_usage(&cli_cmd_action,
		                 "say why no action is needed (one REASON)");
	if (cli_db(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	cli_tracker(ctx, &t);
	return tracker_actions_none(&t, id, at_ms, argv[optind], &err) == IRT_OK
	           ? 0
	           : cli_fail(&err);
}

static int action_list(struct cli_ctx *ctx, int argc, char **argv)
{
	struct incident inc;
	struct irt_err err;
	struct db *db;
	int c, rc, json = 0;
	long id;

	while ((c = cli_getopt_opts(ctx, &cli_cmd_action, list_opts, argc,
	                            argv)) != -1) {
		if (c == 'h')
			return 0;
		if (c != OPT_JSON)
			return 2;
		json = 1;
	}
	if ((rc = cli_id_arg(&cli_cmd_action, argc, argv, &id)) != 0)
		return rc;
	if (cli_db_read(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	if (db_incident_load(db, id, &inc, &err) != IRT_OK) {
		incident_clear(&inc);
		return cli_fail(&err);
	}
	if (json) {
		json_t *whole = incident_json(&inc);
		json_t *actions =
		    json_incref(json_object_get(whole, "actions"));

		json_decref(whole);
		incident_clear(&inc);
		return out_json(stdout, "irt-actions/1", "actions", actions);
	}
	for (size_t i = 0; i < inc.n_actions; i++) {
		const struct action *a = &inc.actions[i];

		printf("%3ld  %-4s  %-10s  ", a->n,
		       a->done_ms ? "done" : "open", a->type);
		out_cell(stdout, a->owner[0] ? a->owner : "-", 12);
		printf("  ");
		out_time(stdout, a->due_ms);
		printf("  ");
		out_text(stdout, a->title, 0);
		if (a->ticket[0]) {
			printf("  ticket ");
			out_text(stdout, a->ticket, 0);
		}
		putchar('\n');
	}
	if (inc.actions_none[0]) {
		printf("no corrective action needed: ");
		out_text(stdout, inc.actions_none, 0);
		putchar('\n');
	}
	incident_clear(&inc);
	return 0;
}

static int action_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct cli_ctx *, int, char **);
	} subs[] = {{"add", action_add},
	            {"done", action_done},
	            {"list", action_list},
	            {"none", action_none}};

	if (argc < 2) {
		return cli_usage(&cli_cmd_action, "missing add, done, list or "
		                                  "none");
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cli_print_help(&cli_cmd_action, stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].fn(ctx, argc - 1, argv + 1);
	return cli_usage(&cli_cmd_action, "unknown action command \"%.40s\"",
	                 argv[1]);
}

const struct cli_cmd cli_cmd_action = {
    "action",
    "add ID TITLE [--owner N] [--due DATE] [--type T] [--ticket URL] "
    "[--at TIME] | "
    "done ID N [--at TIME] [--force --reason TEXT] | list ID [--json] | "
    "none ID REASON [--at TIME]",
    "Corrective actions from the review",
    "  add ID TITLE   add an action; prints its number\n"
    "    --owner N    who does it\n"
    "    --due DATE   when it is due\n"
    "    --type T     corrective (default), preventive or detective\n"
    "    --ticket URL the issue it is followed in (a URL or a key)\n"
    "  done ID N      mark action N done\n"
    "    --force --reason TEXT  record it done before it was added\n"
    "                 (history kept elsewhere), with the reason\n"
    "  list ID        list the actions (--json: format irt-actions/1)\n"
    "  none ID REASON record that no corrective action is needed\n"
    "  --at TIME      (add, done, none) when it happened (default: now)\n",
    action_exec,
    NULL,
    NULL,
    action_subs,
};
