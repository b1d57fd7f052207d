/*
 * cmd_hooks.c - the team's hooks (hooks.h, docs/hooks.md): `irt hooks
 * list` shows which run, `irt hooks test KIND ID` runs them by hand, and
 * `irt due`, for cron, lists what is overdue or due soon and fires the
 * overdue hooks once per incident and deadline.
 *
 * `irt due` exits 0 only when it has looked at every open incident and
 * found nothing: anything listed is 1, and so is a failure (DESIGN §5),
 * with its message on stderr, so `irt due || page-someone` pages for
 * both and never takes a failure for "nothing due".
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "irt/db.h"
#include "irt/deadline.h"
#include "irt/hooks.h"
#include "irt/incident_json.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

enum { OPT_JSON = CLI_OPT_FIRST_FREE, OPT_WITHIN, OPT_NO_HOOKS };

/* The current policy, or a failure printed (exit status returned). */
static int load_policy(struct db *db, struct policy_history *h)
{
	struct irt_err err;

	if (db_policy_history_load(db, h, &err) != IRT_OK) {
		policy_history_free(h);
		return cli_fail(&err);
	}
	return 0;
}

/* ---- hooks list ---------------------------------------------------- */

static int hooks_list(struct cli_ctx *ctx, int argc, char **argv)
{
	struct policy_history h = {0};
	struct hook_list list;
	struct irt_err err;
	struct db *db;
	int c, rc = 0;

	while ((c = cli_getopt(ctx, &cli_cmd_hooks, argc, argv)) != -1)
		return c == 'h' ? 0 : 2;
	if (optind < argc)
		return cli_usage(&cli_cmd_hooks, "list takes no arguments");
	if (cli_db_read(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	if ((rc = load_policy(db, &h)) != 0)
		return rc;
	if (hooks_find(cli_hooks(ctx), policy_history_current(&h), &list,
	               &err) != IRT_OK)
		rc = cli_fail(&err);
	for (size_t i = 0; i < list.count; i++) {
		out_text(stdout, list.paths[i], 0);
		putchar('\n');
	}
	hook_list_free(&list);
	policy_history_free(&h);
	return rc;
}

/* ---- hooks test ---------------------------------------------------- */

static void print_result(void *arg, const struct hook_result *r)
{
	char line[512];

	hooks_describe(r, *(const int64_t *)arg, line, sizeof line);
	out_text(stdout, line, 0);
	putchar('\n');
}

/* Fills job for `hooks test KIND ID`: the incident's latest entry of the
 * kind, or for overdue its next running deadline. */
static enum irt_status test_job(struct db *db, const char *kind, long id,
                                const struct policy_history *h, int64_t now_ms,
                                struct hook_job *job, struct irt_err *err)
{
	struct incident inc;
	struct event_list events = {0};
	struct deadlines d;
	const char *event_kind = hooks_event_of_kind(kind);
	const struct event *ev = NULL;
	const struct deadline *next;
	enum irt_status status = db_incident_load(db, id, &inc, err);

	if (status == IRT_OK)
		status = db_events_load(db, id, &events, err);
	if (status != IRT_OK)
		goto out;
	deadline_of_incident(&inc, h, now_ms, &d, NULL);
	if (event_kind) {
		for (size_t i = events.count; i-- > 0 && !ev;)
			if (strcmp(events.items[i].kind, event_kind) == 0)
				ev = &events.items[i];
		if (!ev)
			status =
			    irt_err_set(err, IRT_ERR_INVALID,
			                "#%ld has no %s entry to run the %s "
			                "hooks with",
			                id, event_kind, kind);
		else
			hooks_job(job, kind, &inc, &d, now_ms, ev, NULL);
	} else {
		next = deadline_next(&d);
		if (!next)
			status =
			    irt_err_set(err, IRT_ERR_INVALID,
			                "#%ld has no running deadline to run "
			                "the overdue hooks with",
			                id);
		else
			hooks_job(job, kind, &inc, &d, now_ms, NULL, next);
	}
out:
	event_list_free(&events);
	incident_clear(&inc);
	return status;
}

static int hooks_test(struct cli_ctx *ctx, int argc, char **argv)
{
	struct policy_history h = {0};
	struct hook_list list = {0};
	struct hook_job job = {0};
	struct irt_err err;
	struct db *db;
	const struct hooks *hooks;
	const char *kind;
	int64_t timeout;
	int c, rc;
	long id;

	while ((c = cli_getopt(ctx, &cli_cmd_hooks, argc, argv)) != -1)
		return c == 'h' ? 0 : 2;
	if (optind >= argc)
		return cli_usage(&cli_cmd_hooks, "test needs KIND and ID");
	kind = argv[optind++];
	if (!hooks_kind_known(kind))
		return cli_usage(&cli_cmd_hooks,
		                 "unknown hook kind \"%.40s\" (one of %s)",
		                 kind, hooks_kind_list());
	if ((rc = cli_id_arg(&cli_cmd_hooks, argc, argv, &id)) != 0)
		return rc;
	if (optind < argc)
		return cli_usage(&cli_cmd_hooks,
		                 "unexpected argument \"%.40s\"", argv[optind]);
	if (cli_db_read(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	if ((rc = load_policy(db, &h)) != 0)
		return rc;
	hooks = cli_hooks(ctx);
	if (test_job(db, kind, id, &h, ctx->now_ms, &job, &err) != IRT_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (hooks_find(hooks, policy_history_current(&h), &list, &err) !=
	    IRT_OK)
		rc = cli_fail(&err);
	if (!list.count && rc == 0)
		printf("no hooks to run ('irt hooks list'; docs/hooks.md)\n");
	timeout = hooks_timeout_ms(hooks, policy_history_current(&h));
	{
		/* Each result once, on stdout, not twice on stderr too. */
		struct hooks quiet = *hooks;

		quiet.report = NULL;
		if (hooks_run(&quiet, policy_history_current(&h), &list, &job,
		              1, print_result, &timeout) > 0)
			rc = 1;
	}
out:
	hook_job_clear(&job);
	hook_list_free(&list);
	policy_history_free(&h);
	return rc;
}

static const enum cli_arg hooks_test_args[] = {CLI_ARG_HOOK_KIND, CLI_ARG_ID,
                                               CLI_ARG_NONE};
static const struct cli_sub hooks_subs[] = {
    {"list", NULL, NULL}, {"test", NULL, hooks_test_args}, {0}};

static int hooks_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2)
		return hooks_list(ctx, argc, argv);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cli_print_help(&cli_cmd_hooks, stdout);
		return 0;
	}
	if (strcmp(argv[1], "list") == 0)
		return hooks_list(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "test") == 0)
		return hooks_test(ctx, argc - 1, argv + 1);
	return cli_usage(&cli_cmd_hooks, "unknown hooks command \"%.40s\"",
	                 argv[1]);
}

const struct cli_cmd cli_cmd_hooks = {
    "hooks",
    "[list] | test KIND ID",
    "Show or try the hooks run after each change",
    "  list           the hooks that run, in order: the policy's\n"
    "                 hooks.dir, then ~/.config/irt/hooks (the default)\n"
    "  test KIND ID   run the KIND hooks now with incident ID and its\n"
    "                 latest entry of that kind (overdue: its next\n"
    "                 running deadline); records nothing; prints each\n"
    "                 hook's outcome, exit 1 when one failed\n"
    "Kinds: created, field-changed, owner-changed, acknowledged,\n"
    "  stage-changed, closed, reopened, noted, action-added, action-done,\n"
    "  actions-none, notified, overdue (irt due). See docs/hooks.md.\n",
    hooks_exec,
    NULL,
    NULL,
    hooks_subs,
};

/* ---- due ----------------------------------------------------------- */

struct due_item {
	const struct incident_row *row;
	const struct deadline *d;
};

/* Oldest due time first. */
static int by_due_time(const void *a, const void *b)
{
	const struct due_item *x = a, *y = b;

	if (x->d->due_ms != y->d->due_ms)
		return x->d->due_ms < y->d->due_ms ? -1 : 1;
	return x->row->id < y->row->id ? -1 : x->row->id > y->row->id;
}

static void print_due(const struct due_item *items, size_t n, int64_t now_ms)
{
	int tty = isatty(STDOUT_FILENO);

	if (n && tty)
		printf("%5s  %-11s  %-8s  %-19s  %-12s  %-12s  %s\n", "#",
		       "DEADLINE", "STATE", "DUE", "LEFT", "OWNER", "TITLE");
	for (size_t i = 0; i < n; i++) {
		const struct deadline *d = items[i].d;
		const struct incident_row *r = items[i].row;
		char due[TIMEUTIL_BUFSZ], span[TIMEUTIL_BUFSZ], left[64];
		int64_t ms = d->due_ms - now_ms;

		timeutil_format_local(d->due_ms, due, sizeof due);
		timeutil_format_duration(ms < 0 ? -ms : ms, span, sizeof span);
		snprintf(left, sizeof left, "%s%s", ms < 0 ? "-" : "", span);
		if (tty) {
			printf("%5ld  %-11s  %-8s  %-19.19s  %-12s  ", r->id,
			       deadline_kind_name(d->kind),
			       deadline_state_name(d->state), due, left);
			out_cell(stdout, r->owner[0] ? r->owner : "-", 12);
			fputs("  ", stdout);
			out_text(stdout, r->title, 0);
		} else {
			printf("%ld\t%s\t%s\t%s\t%s\t", r->id,
			       deadline_kind_name(d->kind),
			       deadline_state_name(d->state), due, left);
			out_text(stdout, r->owner[0] ? r->owner : "-", 0);
			fputc('\t', stdout);
			out_text(stdout, r->title, 0);
		}
		putchar('\n');
	}
}

static int print_due_json(const struct due_item *items, size_t n,
                          int64_t now_ms)
{
	struct jsonw *w = out_json_array_begin(stdout, "irt-due/1", "due");

	for (size_t i = 0; i < n; i++) {
		const struct deadline *d = items[i].d;

		out_json_array_next(w, i);
		jsonw_object_begin(w);
		incident_json_write_row_members(w, items[i].row);
		jsonw_key(w, "deadline");
		jsonw_string(w, deadline_kind_name(d->kind));
		jsonw_key(w, "state");
		jsonw_string(w, deadline_state_name(d->state));
		incident_json_write_time(w, "due", d->due_ms);
		jsonw_key(w, "left_ms");
		jsonw_integer(w, d->due_ms - now_ms);
		jsonw_object_end(w);
	}
	return out_json_array_end(w);
}

/*
 * Runs the overdue hooks for item, unless they ran for this incident,
 * deadline and due time before (db_hook_claim). Returns 0, or 1 when
 * it could not claim or load (said on stderr).
 */
static int fire_overdue(struct cli_ctx *ctx, struct db *db,
                        const struct policy_history *h,
                        const struct hook_list *list,
                        const struct due_item *item)
{
	struct incident inc;
	struct deadlines d;
	struct hook_job job;
	struct irt_err err;
	const struct deadline *mine;
	int claimed = 0;

	if (db_incident_load(db, item->row->id, &inc, &err) != IRT_OK) {
		incident_clear(&inc);
		cli_error("the overdue hooks of #%ld did not run: %s",
		          item->row->id, err.msg);
		return 1;
	}
	if (db_hook_claim(db, inc.uuid, "overdue",
	                  deadline_kind_name(item->d->kind), item->d->due_ms,
	                  ctx->actor, &claimed, &err) != IRT_OK) {
		cli_error("the overdue hooks of #%ld did not run: %s",
		          item->row->id, err.msg);
		incident_clear(&inc);
		return 1;
	}
	if (claimed) {
		deadline_of_incident(&inc, h, ctx->now_ms, &d, NULL);
		mine = &d.item[item->d->kind];
		hooks_job(&job, "overdue", &inc, &d, ctx->now_ms, NULL, mine);
		hooks_run(cli_hooks(ctx), policy_history_current(h), list, &job,
		          1, NULL, NULL);
		hook_job_clear(&job);
	}
	incident_clear(&inc);
	return 0;
}

static const struct cli_opt due_opts[] = {
    {"within", 0, CLI_ARG_TEXT, OPT_WITHIN},
    {"json", 0, CLI_ARG_NONE, OPT_JSON},
    {"no-hooks", 0, CLI_ARG_NONE, OPT_NO_HOOKS},
    {0}};

static int due_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct list_filter f = {.closed = 0, .stage = -1, .severity = -1};
	struct incident_rows rows = {0};
	struct policy_history h = {0};
	struct deadlines *computed = NULL;
	struct due_item *items = NULL;
	struct hook_list list = {0};
	struct irt_err err;
	struct db *db;
	const char *within_text = NULL;
	int64_t within = -1;
	size_t n = 0;
	int c, json = 0, no_hooks = 0, failed = 0, rc;

	while ((c = cli_getopt(ctx, &cli_cmd_due, argc, argv)) != -1) {
		switch (c) {
		case OPT_WITHIN:
			within_text = optarg;
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_NO_HOOKS:
			no_hooks = 1;
			break;
		case 'h':
			return 0;
		default:
			return 2;
		}
	}
	if (optind < argc)
		return cli_usage(&cli_cmd_due, "unexpected argument \"%.40s\"",
		                 argv[optind]);
	if (within_text && policy_parse_duration(within_text, &within) != 0)
		return cli_usage(
		    &cli_cmd_due,
		    "--within \"%.40s\" is not a duration (0, 12h, "
		    "1d, 2w; at most 365d)",
		    within_text);
	if (cli_db_read(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	if ((rc = load_policy(db, &h)) != 0)
		return rc;
	if (within < 0)
		within = policy_history_current(&h)->due_soon_ms;
	if (db_incident_list(db, &f, &rows, &err) != IRT_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	computed = xcalloc(rows.count + 1, sizeof *computed);
	/* A deadline not computed might be one due: say so, and fail. */
	if (deadline_of_rows(&rows, &h, ctx->now_ms, computed, &err) !=
	    IRT_OK) {
		cli_error("not every deadline could be computed: %s", err.msg);
		failed = 1;
	}
	items = xcalloc(rows.count * DEADLINE_KIND_COUNT + 1, sizeof *items);
	for (size_t i = 0; i < rows.count; i++)
		for (int k = 0; k < DEADLINE_KIND_COUNT; k++) {
			const struct deadline *d = &computed[i].item[k];

			if (!deadline_state_running(d->state) ||
			    (d->state != DEADLINE_OVERDUE &&
			     d->due_ms - ctx->now_ms > within))
				continue;
			items[n].row = &rows.items[i];
			items[n++].d = d;
		}
	qsort(items, n, sizeof *items, by_due_time);
	if (json)
		failed |= print_due_json(items, n, ctx->now_ms);
	else
		print_due(items, n, ctx->now_ms);
	fflush(stdout);
	if (!no_hooks) {
		if (hooks_find(cli_hooks(ctx), policy_history_current(&h),
		               &list, &err) != IRT_OK) {
			cli_error("%s", err.msg);
			failed = 1;
		}
		for (size_t i = 0; list.count && i < n; i++)
			if (items[i].d->state == DEADLINE_OVERDUE)
				failed |=
				    fire_overdue(ctx, db, &h, &list, &items[i]);
	}
	rc = n || failed ? 1 : 0;
out:
	hook_list_free(&list);
	free(items);
	free(computed);
	incident_rows_free(&rows);
	policy_history_free(&h);
	return rc;
}

const struct cli_cmd cli_cmd_due = {
    "due",
    "[--within DURATION] [--json] [--no-hooks]",
    "List overdue and due-soon deadlines; exit 1 when there are any",
    "  --within DURATION  also list deadlines due within DURATION (12h,\n"
    "                     1d, 2w; 0: overdue only; default: the\n"
    "                     policy's due-soon)\n"
    "  --json             JSON (format irt-due/1)\n"
    "  --no-hooks         list only; run no overdue hooks\n"
    "Each open incident's running deadlines, oldest due first. The\n"
    "overdue hooks run once per incident, deadline and due time.\n"
    "Exit status: 0 nothing listed, 1 something listed or a failure,\n"
    "2 usage.\n",
    due_exec,
    due_opts,
    NULL,
    NULL,
};
