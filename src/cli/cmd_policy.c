/*
 * cmd_policy.c - the team's response policy: policy show, set, log.
 *
 * `set` goes through tracker_policy_set, so every change is one audited
 * entry on the policy timeline; `log` prints that timeline and checks its
 * hash chain against the stored policy (exit 1 when it does not verify).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "irt/db.h"
#include "irt/incident_json.h"
#include "irt/policy.h"
#include "irt/timeutil.h"
#include "irt/tracker_policy.h"
#include "irt/xalloc.h"

enum { OPT_JSON = CLI_OPT_FIRST_FREE, OPT_REASON, OPT_FROM };

/* The policy as JSON (format irt-policy/1). New reference. */
static json_t *policy_json(const struct policy *p)
{
	json_t *obj = json_object(), *rem = json_object();
	json_t *holidays = json_array(), *notify = json_object();
	json_t *settings = json_object();
	char value[POLICY_VALUE_MAX];
	static const enum severity bands[] = {SEVERITY_CRITICAL, SEVERITY_HIGH,
	                                      SEVERITY_MEDIUM, SEVERITY_LOW,
	                                      SEVERITY_NONE};

	json_object_set_new(obj, "ack_business_days",
	                    json_integer(p->ack_business_days));
	for (size_t i = 0; i < 4; i++)
		json_object_set_new(rem, severity_name(bands[i]),
		                    json_integer(p->remediate_days[bands[i]]));
	json_object_set_new(obj, "remediate_days", rem);
	json_object_set_new(obj, "zone",
	                    json_string(p->zone[0] ? p->zone : "UTC"));
	for (size_t i = 0; i < p->n_holidays; i++) {
		char date[16];

		snprintf(date, sizeof date, "%04d-%02d-%02d",
		         (int)(p->holidays[i] / 10000),
		         (int)(p->holidays[i] / 100 % 100),
		         (int)(p->holidays[i] % 100));
		json_array_append_new(holidays, json_string(date));
	}
	json_object_set_new(obj, "holidays", holidays);
	policy_format_value(p, POLICY_KEY_DUE_SOON, value, sizeof value);
	json_object_set_new(obj, "due_soon", json_string(value));
	json_object_set_new(obj, "due_soon_ms", json_integer(p->due_soon_ms));
	for (size_t i = 0; i < sizeof bands / sizeof *bands; i++) {
		json_t *list = json_array();

		for (int a = 0; a < AUDIENCE_COUNT; a++)
			if (policy_requires(p, bands[i], (enum audience)a))
				json_array_append_new(
				    list, json_string(
				              audience_name((enum audience)a)));
		json_object_set_new(notify, severity_name(bands[i]), list);
	}
	json_object_set_new(obj, "notify", notify);
	for (int k = 0; k < POLICY_KEY_COUNT; k++) {
		policy_format_value(p, (enum policy_key)k, value, sizeof value);
		json_object_set_new(settings,
		                    policy_key_name((enum policy_key)k),
		                    json_string(value));
	}
	json_object_set_new(obj, "settings", settings);
	return obj;
}

static int policy_show(struct cli_ctx *ctx, int argc, char **argv, int json)
{
	struct policy p;
	struct irt_err err;
	struct db *db;
	char value[POLICY_VALUE_MAX];
	int key = -1, tty = isatty(STDOUT_FILENO);

	if (argc > 1)
		return cli_usage(&cli_cmd_policy, "show takes at most one KEY");
	if (argc == 1) {
		key = policy_key_parse(argv[0]);
		if (key < 0) {
			cli_error("unknown policy key \"%.40s\"; 'irt policy "
			          "show' lists them",
			          argv[0]);
			return 2;
		}
	}
	if (cli_db_read(ctx, &db, &err) != IRT_OK ||
	    db_policy_load(db, &p, &err) != IRT_OK)
		return cli_fail(&err);
	if (json && key >= 0) {
		json_t *obj = json_object();

		policy_format_value(&p, (enum policy_key)key, value,
		                    sizeof value);
		json_object_set_new(obj, "key", json_string(argv[0]));
		json_object_set_new(obj, "value", json_string(value));
		return out_json(stdout, "irt-policy-value/1", "setting", obj);
	}
	if (json)
		return out_json(stdout, "irt-policy/1", "policy",
		                policy_json(&p));
	if (key >= 0) {
		policy_format_value(&p, (enum policy_key)key, value,
		                    sizeof value);
		out_text(stdout, value, 0);
		putchar('\n');
		return 0;
	}
	for (int k = 0; k < POLICY_KEY_COUNT; k++) {
		policy_format_value(&p, (enum policy_key)k, value,
		                    sizeof value);
		if (tty)
			printf("%-19s %-20s  %s\n",
			       policy_key_name((enum policy_key)k), value,
			       policy_key_help((enum policy_key)k));
		else
			printf("%s\t%s\n", policy_key_name((enum policy_key)k),
			       value);
	}
	return 0;
}

/* "missed (due 2026-03-04 09:00, policy 0)" into buf. */
static void verdict_text(enum deadline_state state, int64_t due_ms, long seq,
                         char *buf, size_t size)
{
	char due[TIMEUTIL_BUFSZ];

	if (!due_ms) {
		snprintf(buf, size, "%s (policy %ld)",
		         deadline_state_name(state), seq);
		return;
	}
	timeutil_format_local_short(due_ms, due, sizeof due);
	snprintf(buf, size, "%s (due %s, policy %ld)",
	         deadline_state_name(state), due, seq);
}

static json_t *verdicts_json(const struct policy_change *ch)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < ch->n_verdicts; i++) {
		const struct policy_verdict_change *v = &ch->verdicts[i];
		json_t *o = json_object(), *before = json_object(),
		       *after = json_object();

		json_object_set_new(
		    before, "state",
		    json_string(deadline_state_name(v->old_state)));
		incident_json_time(before, "due", v->old_due_ms);
		json_object_set_new(before, "policy_version",
		                    json_integer(v->old_seq));
		json_object_set_new(
		    after, "state",
		    json_string(deadline_state_name(v->new_state)));
		incident_json_time(after, "due", v->new_due_ms);
		json_object_set_new(after, "policy_version",
		                    json_integer(v->new_seq));
		json_object_set_new(o, "id", json_integer(v->id));
		json_object_set_new(o, "deadline",
		                    json_string(deadline_kind_name(v->kind)));
		json_object_set_new(o, "before", before);
		json_object_set_new(o, "after", after);
		json_array_append_new(arr, o);
	}
	return arr;
}

static int policy_set(struct cli_ctx *ctx, int argc, char **argv, int json,
                      const char *reason, int64_t from_ms)
{
	struct policy_change *ch;
	struct irt_err err;
	struct tracker t;
	struct db *db;
	char when[TIMEUTIL_BUFSZ];
	char a[TIMEUTIL_BUFSZ + 64], b[TIMEUTIL_BUFSZ + 64];
	int rc = 0;

	if (argc != 2)
		return cli_usage(&cli_cmd_policy,
		                 argc < 2 ? "set needs KEY and VALUE"
		                          : "set takes one KEY and one VALUE "
		                            "(quote a list: \"a, b\")");
	if (cli_db(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	cli_tracker(ctx, &t);
	ch = xcalloc(1, sizeof *ch);
	if (tracker_policy_set(&t, argv[0], argv[1], from_ms, reason, ch,
	                       &err) != IRT_OK) {
		policy_change_clear(ch);
		free(ch);
		return cli_fail(&err);
	}
	if (json) {
		json_t *obj = json_object();

		json_object_set_new(obj, "key",
		                    json_string(policy_key_name(ch->key)));
		json_object_set_new(obj, "old", json_string(ch->old_value));
		json_object_set_new(obj, "new", json_string(ch->new_value));
		json_object_set_new(obj, "changed", json_boolean(ch->seq != 0));
		json_object_set_new(
		    obj, "seq", ch->seq ? json_integer(ch->seq) : json_null());
		incident_json_time(obj, "effective", ch->seq ? ch->from_ms : 0);
		json_object_set_new(obj, "verdicts", verdicts_json(ch));
		rc = out_json(stdout, "irt-policy-change/1", "change", obj);
	} else if (ch->seq) {
		printf("%s: ", policy_key_name(ch->key));
		out_text(stdout, ch->old_value, 0);
		printf(" -> ");
		out_text(stdout, ch->new_value, 0);
		timeutil_format_local_short(ch->from_ms, when, sizeof when);
		printf("  (version %ld, from %s)\n", ch->seq, when);
		if (ch->n_verdicts)
			printf("Verdicts changed:\n");
		for (size_t i = 0; i < ch->n_verdicts; i++) {
			const struct policy_verdict_change *v =
			    &ch->verdicts[i];

			verdict_text(v->old_state, v->old_due_ms, v->old_seq, a,
			             sizeof a);
			verdict_text(v->new_state, v->new_due_ms, v->new_seq, b,
			             sizeof b);
			printf("  #%-5ld %-11s %s -> %s\n", v->id,
			       deadline_kind_name(v->kind), a, b);
		}
	} else {
		printf("%s is already ", policy_key_name(ch->key));
		out_text(stdout, ch->new_value, 0);
		printf("; nothing recorded\n");
	}
	policy_change_clear(ch);
	free(ch);
	return rc;
}

static int policy_log(struct cli_ctx *ctx, int argc, int json)
{
	struct event_list events = {0};
	struct policy stored;
	struct irt_err err;
	struct db *db;
	char what[1024];
	int ok, rc = 0;

	if (argc > 0)
		return cli_usage(&cli_cmd_policy, "log takes no arguments");
	if (cli_db_read(ctx, &db, &err) != IRT_OK ||
	    db_policy_events(db, &events, &err) != IRT_OK) {
		event_list_free(&events);
		return cli_fail(&err);
	}
	if (db_policy_load(db, &stored, &err) != IRT_OK) {
		/* Damaged values: the chain check names what and where. */
		ok = policy_timeline_check(&events, NULL, what, sizeof what) ==
		     0;
		if (ok)
			snprintf(what, sizeof what, "%s", err.msg);
		ok = 0;
	} else {
		ok = policy_timeline_check(&events, &stored, what,
		                           sizeof what) == 0;
	}
	if (json) {
		json_t *arr = json_array(), *root = json_object();

		for (size_t i = 0; i < events.count; i++) {
			const struct event *ev = &events.items[i];
			json_t *e = json_object();

			json_object_set_new(e, "seq", json_integer(ev->seq));
			json_object_set_new(e, "uuid", json_string(ev->uuid));
			incident_json_time(e, "at", ev->at_ms);
			incident_json_time(e, "effective", ev->at_ms);
			incident_json_time(e, "recorded", ev->recorded_ms);
			json_object_set_new(e, "actor", json_string(ev->actor));
			json_object_set_new(e, "key", json_string(ev->field));
			json_object_set_new(e, "old",
			                    json_string(ev->old_value));
			json_object_set_new(e, "new",
			                    json_string(ev->new_value));
			json_object_set_new(e, "reason", json_string(ev->text));
			json_object_set_new(e, "prev_hash",
			                    json_string(ev->prev_hash));
			json_object_set_new(e, "hash", json_string(ev->hash));
			json_array_append_new(arr, e);
		}
		json_object_set_new(root, "format",
		                    json_string("irt-policy-log/1"));
		json_object_set_new(root, "changes", arr);
		json_object_set_new(root, "verified", json_boolean(ok));
		json_object_set_new(root, "problem",
		                    ok ? json_null() : json_string(what));
		rc = out_json_dump(stdout, root,
		                   JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(root);
	} else {
		for (size_t i = 0; i < events.count; i++) {
			const struct event *ev = &events.items[i];

			out_time(stdout, ev->recorded_ms);
			printf("  ");
			out_cell(stdout, ev->actor, 10);
			printf("  ");
			out_cell(stdout, ev->field, 18);
			printf("  ");
			out_text(stdout, ev->old_value, 0);
			printf(" -> ");
			out_text(stdout, ev->new_value, 0);
			printf("  v%ld from ", ev->seq);
			out_time(stdout, ev->at_ms);
			if (ev->text[0]) {
				printf("  (");
				out_text(stdout, ev->text, 0);
				putchar(')');
			}
			putchar('\n');
		}
		if (events.count == 0 && isatty(STDOUT_FILENO))
			fprintf(stderr, "No policy changes; the defaults "
			                "apply ('irt policy show').\n");
	}
	event_list_free(&events);
	if (!ok) {
		cli_error("the policy timeline does not verify: %s", what);
		return 1;
	}
	return rc;
}

static const struct cli_opt policy_opts[] = {
    {"json", 0, CLI_ARG_NONE, OPT_JSON},
    {"reason", 0, CLI_ARG_TEXT, OPT_REASON},
    {"from", 0, CLI_ARG_TIME, OPT_FROM},
    {0}};
static const enum cli_arg show_args[] = {CLI_ARG_TEXT, CLI_ARG_NONE};
static const enum cli_arg set_args[] = {CLI_ARG_POLICY_KEY, CLI_ARG_TEXT,
                                        CLI_ARG_NONE};
/* Every option is the command's: --from and --reason are checked to go
 * with set. */
static const struct cli_sub policy_subs[] = {{"show", NULL, show_args},
                                             {"set", NULL, set_args},
                                             {"log", NULL, NULL},
                                             {0}};

static int policy_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *reason = NULL, *sub = "show", *from = NULL;
	int64_t from_ms = 0;
	struct irt_err err;
	int c, json = 0;

	while ((c = cli_getopt(ctx, &cli_cmd_policy, argc, argv)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_REASON:
			reason = optarg;
			break;
		case OPT_FROM:
			from = optarg;
			break;
		default:
			return 2;
		}
	}
	if (optind < argc)
		sub = argv[optind++];
	if (reason && strcmp(sub, "set") != 0)
		return cli_usage(&cli_cmd_policy, "--reason goes with set");
	if (from && strcmp(sub, "set") != 0)
		return cli_usage(&cli_cmd_policy, "--from goes with set");
	if (from && cli_time(ctx, from, &from_ms, &err) != IRT_OK)
		return cli_fail(&err);
	if (strcmp(sub, "show") == 0)
		return policy_show(ctx, argc - optind, argv + optind, json);
	if (strcmp(sub, "set") == 0)
		return policy_set(ctx, argc - optind, argv + optind, json,
		                  reason, from_ms);
	if (strcmp(sub, "log") == 0)
		return policy_log(ctx, argc - optind, json);
	return cli_usage(&cli_cmd_policy,
	                 "unknown policy command \"%.40s\" (show, set or log)",
	                 sub);
}

const struct cli_cmd cli_cmd_policy = {
    "policy",
    "[show [KEY] | set KEY VALUE [--from DATE] [--reason TEXT] | log] "
    "[--json]",
    "Show or change the team's response policy (deadlines, notify gate)",
    "  show [KEY]      every setting, or one KEY's value alone\n"
    "  set KEY VALUE   change one setting; recorded on the policy "
    "timeline\n"
    "    --from DATE   the new version applies from DATE (default: now;\n"
    "                  not before the previous version's, not in the\n"
    "                  future); prints the verdicts it changes\n"
    "    --reason TEXT why (recorded with the change)\n"
    "  log             the policy timeline: who changed what, when; "
    "checks its\n"
    "                  hash chain (exit 1 if it does not verify)\n"
    "  --json          JSON (irt-policy/1, irt-policy-change/1,\n"
    "                  irt-policy-log/1)\n"
    "\n"
    "Keys:\n"
    "  ack-business-days N      business days to acknowledge a report "
    "(0: none)\n"
    "  remediate.critical N     days to remediate, per band (also .high, "
    ".medium,\n"
    "                           .low; 0: no deadline)\n"
    "  zone ZONE                time zone of the business-day calendar\n"
    "                           (a tzdata name: Europe/Berlin, UTC)\n"
    "  holidays DATE,...        dates that are not business days "
    "(YYYY-MM-DD),\n"
    "                           or none\n"
    "  holidays.add DATE,...    add holidays; holidays.remove DATE,... "
    "removes them\n"
    "  due-soon DURATION        open deadlines this close are due soon "
    "(24h, 3d, 0)\n"
    "  notify.critical A,...    audiences the notify gate requires (also "
    ".high,\n"
    "                           .medium, .low, .none): platform, "
    "customers,\n"
    "                           internal, or none\n"
    "\n"
    "An incident's deadlines are judged by the policy version in force "
    "when it was\n"
    "reported, running or stopped.\n",
    policy_exec,
    policy_opts,
    NULL,
    policy_subs,
};
