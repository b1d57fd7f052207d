/*
 * cmd_incident.c - creating and reading incidents: new, list, show,
 * timeline, search.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "irt/config.h"
#include "irt/db.h"
#include "irt/deadline.h"
#include "irt/deadline_json.h"
#include "irt/incident_json.h"
#include "irt/timeutil.h"
#include "irt/tracker.h"
#include "irt/xalloc.h"

/* ---- new ---------------------------------------------------------- */

/* Options that set an incident field carry OPT_FIELD + the field. */
enum {
	OPT_OWNER = CLI_OPT_FIRST_FREE,
	OPT_SEVERITY,
	OPT_JSON,
	OPT_ALL,
	OPT_CLOSED,
	OPT_STAGE,
	OPT_OVERDUE,
	OPT_SEARCH,
	OPT_SORT,
	OPT_REPRO_FILE,
	OPT_POC_FILE,
	OPT_RANK,
	OPT_LIMIT,
	OPT_FIELD
};

/*
 * Reads the whole of FILE ("-": standard input) into *out (malloc'd),
 * exactly as it is: a proof of concept is data, kept byte for byte. A
 * NUL byte (no text of irt's can carry one) and a read error are refused
 * with the option named; invalid UTF-8 is refused later, as for any
 * field.
 */
static enum irt_status read_text_file(const char *path, const char *option,
                                      char **out, struct irt_err *err)
{
	FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	size_t len = 0, cap = 8192, n;
	char *buf;
	int failed;

	*out = NULL;
	if (!in)
		return irt_err_set(err, IRT_ERR_USAGE, "%s %.200s: %s", option,
		                   path, strerror(errno));
	buf = xmalloc(cap);
	while ((n = fread(buf + len, 1, cap - len - 1, in)) > 0) {
		len += n;
		if (len + 1 >= cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	buf[len] = '\0';
	failed = ferror(in);
	if (in != stdin)
		fclose(in);
	if (failed) {
		free(buf);
		return irt_err_set(err, IRT_ERR_IO, "%s %.200s: cannot read it",
		                   option, path);
	}
	if (memchr(buf, '\0', len)) {
		free(buf);
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "%s %.200s holds a NUL byte: fields are "
		                   "text (encode a binary proof of concept, "
		                   "e.g. base64); nothing was recorded",
		                   option, path);
	}
	*out = buf;
	return IRT_OK;
}

static const struct cli_opt new_opts[] = {
    {"severity", 0, CLI_ARG_SEVERITY, OPT_FIELD + FIELD_SEVERITY},
    {"cvss", 0, CLI_ARG_CVSS, OPT_FIELD + FIELD_CVSS},
    {"owner", 0, CLI_ARG_NAME, OPT_OWNER},
    {"component", 0, CLI_ARG_TEXT, OPT_FIELD + FIELD_COMPONENT},
    {"reporter", 0, CLI_ARG_TEXT, OPT_FIELD + FIELD_REPORTER},
    {"channel", 0, CLI_ARG_TEXT, OPT_FIELD + FIELD_CHANNEL},
    {"source", 0, CLI_ARG_SOURCE, OPT_FIELD + FIELD_SOURCE},
    {"reported", 0, CLI_ARG_TIME, OPT_FIELD + FIELD_REPORTED},
    {"started", 0, CLI_ARG_TIME, OPT_FIELD + FIELD_STARTED},
    {"description", 0, CLI_ARG_TEXT, OPT_FIELD + FIELD_DESCRIPTION},
    {"cve", 0, CLI_ARG_TEXT, OPT_FIELD + FIELD_CVE},
    {"repro", 0, CLI_ARG_TEXT, OPT_FIELD + FIELD_REPRO},
    {"poc", 0, CLI_ARG_TEXT, OPT_FIELD + FIELD_POC},
    {"repro-file", 0, CLI_ARG_FILE, OPT_REPRO_FILE},
    {"poc-file", 0, CLI_ARG_FILE, OPT_POC_FILE},
    {0}};
static const enum cli_arg new_args[] = {CLI_ARG_TEXT, CLI_ARG_NONE};

static int new_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct new_incident spec = {0};
	char times[2][TIMEUTIL_BUFSZ];
	static const enum field time_fields[2] = {FIELD_REPORTED,
	                                          FIELD_STARTED};
	const char *repro_file = NULL, *poc_file = NULL;
	char *repro = NULL, *poc = NULL;
	struct tracker t;
	struct irt_err err;
	struct db *db;
	long id;
	int c, rc = 0;

	while ((c = cli_getopt(ctx, &cli_cmd_new, argc, argv)) != -1) {
		if (c == 'h')
			return 0;
		if (c == OPT_OWNER)
			spec.owner = optarg;
		else if (c == OPT_REPRO_FILE)
			repro_file = optarg;
		else if (c == OPT_POC_FILE)
			poc_file = optarg;
		else if (c >= OPT_FIELD && c < OPT_FIELD + FIELD_COUNT)
			spec.field[c - OPT_FIELD] = optarg;
		else
			return 2;
	}
	if (optind >= argc)
		return cli_usage(&cli_cmd_new, "missing TITLE");
	if (optind + 1 < argc)
		return cli_usage(&cli_cmd_new,
		                 "one TITLE only (quote it: irt new \"...\")");
	if (spec.field[FIELD_SEVERITY] && spec.field[FIELD_CVSS])
		return cli_usage(&cli_cmd_new,
		                 "give --severity or --cvss, not both");
	if (repro_file && spec.field[FIELD_REPRO])
		return cli_usage(&cli_cmd_new,
		                 "give --repro or --repro-file, not both");
	if (poc_file && spec.field[FIELD_POC])
		return cli_usage(&cli_cmd_new,
		                 "give --poc or --poc-file, not both");
	if (repro_file && poc_file && strcmp(repro_file, "-") == 0 &&
	    strcmp(poc_file, "-") == 0)
		return cli_usage(&cli_cmd_new,
		                 "only one of --repro-file and --poc-file can "
		                 "read standard input");
	spec.field[FIELD_TITLE] = argv[optind];
	/* Relative times count from this run's "now", like every --at. */
	for (size_t i = 0; i < 2; i++) {
		enum field f = time_fields[i];
		int64_t ms;

		if (!spec.field[f] || !spec.field[f][0])
			continue;
		if (cli_time(ctx, spec.field[f], &ms, &err) != IRT_OK)
			return cli_fail(&err);
		timeutil_format_utc(ms, times[i], sizeof times[i]);
		spec.field[f] = times[i];
	}
	if (repro_file &&
	    read_text_file(repro_file, "--repro-file", &repro, &err) != IRT_OK)
		return cli_fail(&err);
	if (poc_file &&
	    read_text_file(poc_file, "--poc-file", &poc, &err) != IRT_OK) {
		free(repro);
		return cli_fail(&err);
	}
	if (repro)
		spec.field[FIELD_REPRO] = repro;
	if (poc)
		spec.field[FIELD_POC] = poc;
	if (cli_db(ctx, &db, &err) != IRT_OK)
		rc = cli_fail(&err);
	if (rc == 0) {
		cli_tracker(ctx, &t);
		if (tracker_new(&t, &spec, &id, &err) != IRT_OK)
			rc = cli_fail(&err);
		else
			printf("%ld\n", id);
	}
	free(repro);
	free(poc);
	return rc;
}

const struct cli_cmd cli_cmd_new = {
    "new",
    "TITLE [--severity L | --cvss V] [--owner N] [--component C] "
    "[--reporter R] [--channel C] [--source S] [--reported TIME] "
    "[--started TIME] [--description TEXT] [--cve ID] "
    "[--repro TEXT | --repro-file FILE] [--poc TEXT | --poc-file FILE]",
    "Record a new incident; prints its number",
    "  --severity L       none, low, medium, high or critical\n"
    "  --cvss VECTOR      a CVSS v3.0, v3.1 or v4.0 vector (sets the "
    "severity)\n"
    "  --owner NAME       owner of the detect stage (incident commander)\n"
    "  --component C      the affected component\n"
    "  --reporter R       who reported it\n"
    "  --channel C        how to reach the reporter (e.g. an address)\n"
    "  --source S         email, bounty, internal, monitoring or other\n"
    "  --reported TIME    when it was reported (default: now)\n"
    "  --started TIME     when the incident began (not after the "
    "report)\n"
    "  --description TEXT what was reported\n"
    "  --cve ID           CVE identifier\n"
    "  --repro TEXT       the reproduction steps\n"
    "  --repro-file FILE  the reproduction steps from FILE (- for stdin)\n"
    "  --poc TEXT         the proof of concept (kept as data, internal\n"
    "                     only: never in an outside audience's message)\n"
    "  --poc-file FILE    the proof of concept from FILE (- for stdin),\n"
    "                     byte for byte; a NUL byte is refused\n",
    new_exec,
    new_opts,
    new_args,
    NULL,
};

/* ---- deadlines (list and show) ------------------------------------ */

#define SGR_OVERDUE  "\033[1;31m"
#define SGR_MISSED   "\033[31m"
#define SGR_DUE_SOON "\033[33m"
#define SGR_RESET    "\033[0m"

/* Whether to colour stdout: a terminal, and colour allowed (NO_COLOR,
 * [ui] color). */
static int use_color(const struct cli_ctx *ctx)
{
	return isatty(STDOUT_FILENO) && config_color(ctx->config);
}

/* The escape sequence for a deadline state, or NULL for plain text. */
static const char *state_sgr(enum deadline_state s)
{
	switch (s) {
	case DEADLINE_OVERDUE:
		return SGR_OVERDUE;
	case DEADLINE_DUE_SOON:
		return SGR_DUE_SOON;
	case DEADLINE_MISSED:
		return SGR_MISSED;
	default:
		return NULL;
	}
}

/*
 * The policy history deadlines are judged by. A damaged policy timeline
 * or an unknown zone must not hide the incidents: warn once on stderr and
 * go on (with the versions that could be read, or no acknowledgement
 * deadline).
 */
static void load_history(struct db *db, struct policy_history *h)
{
	struct irt_err err;

	if (db_policy_history_load(db, h, &err) != IRT_OK)
		cli_error("warning: %s; deadlines use the policy as far as it "
		          "could be read ('irt policy log' checks it)",
		          err.msg);
}

static void warn_deadline(enum irt_status status, const struct irt_err *err,
                          int *warned)
{
	if (status == IRT_OK || *warned)
		return;
	*warned = 1;
	cli_error("warning: acknowledgement deadlines not computed: %s",
	          err->msg);
}

/* Sorts rows by their next running deadline, soonest (most overdue)
 * first; rows with none after, newest first. */
struct due_row {
	const struct incident_row *row;
	const struct deadlines *d; /* the row's, in list_exec's array */
};

static int compare_due(const void *a, const void *b)
{
	const struct due_row *x = a, *y = b;

	return deadline_compare_due(x->d, x->row->id, y->d, y->row->id);
}

/* ---- list --------------------------------------------------------- */

static const struct cli_opt list_opts[] = {
    {"all", 0, CLI_ARG_NONE, OPT_ALL},
    {"closed", 0, CLI_ARG_NONE, OPT_CLOSED},
    {"stage", 0, CLI_ARG_STAGE, OPT_STAGE},
    {"severity", 0, CLI_ARG_SEVERITY, OPT_SEVERITY},
    {"owner", 0, CLI_ARG_NAME, OPT_OWNER},
    {"search", 0, CLI_ARG_TEXT, OPT_SEARCH},
    {"sort", 0, CLI_ARG_SORT, OPT_SORT},
    {"overdue", 0, CLI_ARG_NONE, OPT_OVERDUE},
    {"json", 0, CLI_ARG_NONE, OPT_JSON},
    {0}};

/* --sort keys: enum list_sort's, in its order, then "due". */
const char *const cli_list_sorts[] = {"number", "severity", "updated",
                                      "stage",  "due",      NULL};

static int list_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *const *sorts = cli_list_sorts;
	struct list_filter f = {.closed = 0, .stage = -1, .severity = -1};
	struct incident_rows rows;
	struct policy_history history;
	struct due_row *due;
	struct deadlines *computed;
	struct irt_err err;
	struct db *db;
	size_t n_due = 0;
	int c, json = 0, tty = isatty(STDOUT_FILENO), color = use_color(ctx);
	int overdue = 0, by_due = 0, warned = 0;

	while ((c = cli_getopt(ctx, &cli_cmd_list, argc, argv)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case OPT_ALL:
			f.closed = 2;
			break;
		case OPT_CLOSED:
			f.closed = 1;
			break;
		case OPT_STAGE:
			f.stage = stage_parse(optarg);
			if (f.stage < 0)
				return cli_usage(&cli_cmd_list,
				                 "unknown stage \"%.40s\"",
				                 optarg);
			if (f.stage == STAGE_CLOSED)
				f.closed = 1;
			break;
		case OPT_SEVERITY:
			f.severity = severity_parse(optarg);
			if (f.severity <= 0)
				return cli_usage(&cli_cmd_list,
				                 "unknown severity \"%.40s\"",
				                 optarg);
			break;
		case OPT_OWNER:
			f.owner = optarg;
			break;
		case OPT_SEARCH:
			f.text = optarg;
			break;
		case OPT_SORT:
			f.sort = LIST_SORT_COUNT;
			by_due = strcmp(optarg, "due") == 0;
			if (by_due)
				f.sort = LIST_SORT_NUMBER; /* then by due */
			for (int i = 0; i < LIST_SORT_COUNT; i++)
				if (strcmp(optarg, sorts[i]) == 0)
					f.sort = (enum list_sort)i;
			if (f.sort == LIST_SORT_COUNT)
				return cli_usage(
				    &cli_cmd_list,
				    "unknown sort \"%.40s\" (number, "
				    "severity, updated, stage, due)",
				    optarg);
			break;
		case OPT_OVERDUE:
			overdue = 1;
			break;
		case OPT_JSON:
			json = 1;
			break;
		default:
			return 2;
		}
	}
	if (optind < argc)
		return cli_usage(&cli_cmd_list, "unexpected argument \"%.40s\"",
		                 argv[optind]);
	if (cli_db_read(ctx, &db, &err) != IRT_OK ||
	    db_incident_list(db, &f, &rows, &err) != IRT_OK)
		return cli_fail(&err);
	/* computed[] points into history, due[] into both: all three are
	 * freed together at the end. */
	load_history(db, &history);
	computed = xcalloc(rows.count + 1, sizeof *computed);
	warn_deadline(
	    deadline_of_rows(&rows, &history, ctx->now_ms, computed, &err),
	    &err, &warned);
	due = xcalloc(rows.count + 1, sizeof *due);
	for (size_t i = 0; i < rows.count; i++) {
		if (overdue &&
		    deadline_summary(&computed[i]) != DEADLINE_OVERDUE)
			continue;
		due[n_due].row = &rows.items[i];
		due[n_due++].d = &computed[i];
	}
	if (by_due)
		qsort(due, n_due, sizeof *due, compare_due);
	if (json) {
		struct jsonw *w =
		    out_json_array_begin(stdout, "irt-list/1", "incidents");

		for (size_t i = 0; i < n_due; i++) {
			out_json_array_next(w, i);
			jsonw_object_begin(w);
			incident_json_write_row_members(w, due[i].row);
			jsonw_key(w, "deadlines");
			deadline_json_write(w, due[i].d, ctx->now_ms, 1);
			jsonw_object_end(w);
		}
		free(due);
		free(computed);
		policy_history_free(&history);
		incident_rows_free(&rows);
		return out_json_array_end(w);
	}
	if (n_due == 0 && tty)
		fprintf(stderr,
		        "No %sincidents%s. 'irt new TITLE' records one; "
		        "'irt demo' loads examples.\n",
		        overdue ? "overdue " : "",
		        f.closed == 0 ? " open" : "");
	if (n_due && tty)
		printf("%5s  %-8s  %-7s  %-40s  %-12s  %-7s  %s\n", "#",
		       "SEVERITY", "STAGE", "TITLE", "OWNER", "AGE", "DUE");
	for (size_t i = 0; i < n_due; i++) {
		const struct incident_row *r = due[i].row;
		const char *sgr =
		    color ? state_sgr(deadline_summary(due[i].d)) : NULL;
		char age[TIMEUTIL_BUFSZ], when[64];

		timeutil_format_duration(ctx->now_ms - r->reported_ms, age,
		                         sizeof age);
		deadline_format_due(due[i].d, ctx->now_ms, when, sizeof when);
		if (tty) {
			printf("%5ld  %-8s  %-7s  ", r->id,
			       r->severity ? severity_name(r->severity) : "-",
			       stage_name(r->stage));
			out_cell(stdout, r->title, 40);
			fputs("  ", stdout);
			out_cell(stdout, r->owner[0] ? r->owner : "-", 12);
			printf("  %-7s  %s%s%s\n", age, sgr ? sgr : "", when,
			       sgr ? SGR_RESET : "");
		} else {
			/* One line per incident, every column whole and
			 * tab-separated; the title and owner with tabs and
			 * control characters made visible or spaces. */
			printf("%ld\t%s\t%s\t", r->id,
			       r->severity ? severity_name(r->severity) : "-",
			       stage_name(r->stage));
			out_text(stdout, r->title, 0);
			fputc('\t', stdout);
			out_text(stdout, r->owner[0] ? r->owner : "-", 0);
			printf("\t%s\t%s\n", age, when);
		}
	}
	free(due);
	free(computed);
	policy_history_free(&history);
	incident_rows_free(&rows);
	return 0;
}

const struct cli_cmd cli_cmd_list = {
    "list",
    "[--all | --closed] [--stage S] [--severity L] [--owner N] "
    "[--overdue] [--search TEXT] [--sort KEY] [--json]",
    "List incidents (open ones by default)",
    "  --all            open and closed incidents\n"
    "  --closed         closed incidents only\n"
    "  --stage S        detect, contain, fix, notify, review or closed\n"
    "  --severity L     none, low, medium, high or critical\n"
    "  --owner N        whose incidents\n"
    "  --overdue        only incidents with a deadline past due\n"
    "  --search TEXT    in titles, fields and notes\n"
    "  --sort KEY       number (default), severity, updated, stage, or "
    "due\n"
    "                   (next deadline first)\n"
    "  --json           JSON (format irt-list/1)\n"
    "DUE is the time left to the next deadline (ack: acknowledgement, "
    "fix:\n"
    "remediation), or how long it is overdue; met, missed or - when no "
    "clock runs.\n",
    list_exec,
    list_opts,
    NULL,
    NULL,
};

/* ---- show --------------------------------------------------------- */

static int load(struct cli_ctx *ctx, long id, struct incident *inc,
                struct irt_err *err)
{
	struct db *db;

	incident_init(inc);
	if (cli_db_read(ctx, &db, err) != IRT_OK)
		return -1;
	incident_clear(inc);
	return db_incident_load(db, id, inc, err) == IRT_OK ? 0 : -1;
}

static void print_track(const struct incident *inc)
{
	for (int s = 0; s < STAGE_WORK_COUNT; s++) {
		const char *mark = "\xe2\x97\x8b"; /* ○ */

		if (inc->stage == STAGE_CLOSED || s < (int)inc->stage)
			mark = "\xe2\x9c\x93"; /* ✓ */
		else if (s == (int)inc->stage)
			mark = "\xe2\x97\x8f"; /* ● */
		if (inc->stage == STAGE_CLOSED && s > (int)inc->prev_stage)
			mark = "-";
		printf("%s%s %s", s ? " \xe2\x94\x80 " : "",
		       stage_name((enum stage)s), mark);
	}
	putchar('\n');
}

static void print_field(const char *label, const char *value)
{
	if (!value || !value[0])
		return;
	printf("  %-12s ", label);
	out_text(stdout, value, 0);
	putchar('\n');
}

/* Why deadline d of inc stopped: "acknowledged", "fix left", "closed". */
static const char *stop_reason(const struct incident *inc,
                               const struct deadline *d)
{
	if (d->kind == DEADLINE_ACK)
		return d->stopped_ms == inc->acked_ms ? "acknowledged"
		                                      : "closed";
	return d->stopped_ms == inc->left_ms[STAGE_FIX] ? "fix left" : "closed";
}

/*
 * One line of `show` per deadline:
 *   acknowledge  due 2026-03-10 10:00  met (acknowledged 2026-03-06 11:00)
 *   remediate    due 2026-03-20 10:00  overdue by 2d 4h
 */
static void print_deadline(const struct incident *inc, const struct deadline *d,
                           int64_t now_ms, int color)
{
	const char *sgr = color ? state_sgr(d->state) : NULL;
	char span[TIMEUTIL_BUFSZ];

	printf("  %-12s ", deadline_kind_name(d->kind));
	if (d->state == DEADLINE_NONE) {
		if (d->kind == DEADLINE_ACK)
			printf("none (the policy sets no acknowledgement "
			       "deadline)\n");
		else if (inc->severity == SEVERITY_UNSET)
			printf("none until a severity is set\n");
		else if (inc->severity == SEVERITY_NONE)
			printf("none for severity none\n");
		else
			printf("none (the policy sets none for %s)\n",
			       severity_name(inc->severity));
		return;
	}
	printf("due ");
	out_time(stdout, d->due_ms);
	printf("  %s", sgr ? sgr : "");
	switch (d->state) {
	case DEADLINE_MET:
	case DEADLINE_MISSED:
		printf("%s", deadline_state_name(d->state));
		if (d->state == DEADLINE_MISSED) {
			timeutil_format_duration(d->stopped_ms - d->due_ms,
			                         span, sizeof span);
			printf(" by %s", span);
		}
		printf(" (%s ", stop_reason(inc, d));
		out_time(stdout, d->stopped_ms);
		putchar(')');
		break;
	case DEADLINE_OVERDUE:
		timeutil_format_duration(now_ms - d->due_ms, span, sizeof span);
		printf("overdue by %s", span);
		break;
	case DEADLINE_DUE_SOON:
	case DEADLINE_OPEN:
		timeutil_format_duration(d->due_ms - now_ms, span, sizeof span);
		printf("%s%s left",
		       d->state == DEADLINE_DUE_SOON ? "due soon: " : "", span);
		break;
	default:
		break;
	}
	printf("%s\n", sgr ? SGR_RESET : "");
}

/* Where the incident's events came from, when imported: JSON. */
static json_t *imports_json(const struct import_records *r)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < r->count; i++) {
		json_t *o = json_object();
		json_t *data = json_loads(r->items[i].data, 0, NULL);

		incident_json_time(o, "imported", r->items[i].recorded_ms);
		json_object_set_new(o, "by", json_string(r->items[i].actor));
		json_object_set_new(o, "file_sha256",
		                    json_string(r->items[i].file_sha256));
		if (json_is_object(data))
			json_object_update(o, data);
		json_decref(data);
		json_array_append_new(arr, o);
	}
	return arr;
}

static void print_imports(const struct import_records *r)
{
	for (size_t i = 0; i < r->count; i++) {
		json_t *data = json_loads(r->items[i].data, 0, NULL);
		const char *file =
		    json_string_value(json_object_get(data, "file"));

		printf("  %-12s ", "imported");
		out_time(stdout, r->items[i].recorded_ms);
		printf(" by ");
		out_text(stdout, r->items[i].actor, 0);
		printf(": events %lld-%lld",
		       (long long)json_integer_value(
		           json_object_get(data, "first_seq")),
		       (long long)json_integer_value(
		           json_object_get(data, "last_seq")));
		if (file && file[0]) {
			printf(" from ");
			out_text(stdout, file, 0);
		}
		printf(" (sha256 %.16s)\n", r->items[i].file_sha256);
		json_decref(data);
	}
}

static const struct cli_opt json_opts[] = {{"json", 0, CLI_ARG_NONE, OPT_JSON},
                                           {0}};
static const enum cli_arg id_args[] = {CLI_ARG_ID, CLI_ARG_NONE};

static int show_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct import_records imports;
	struct incident inc;
	struct policy_history history;
	struct deadlines deadlines;
	struct irt_err err;
	int c, json = 0, rc, warned = 0;
	long id;

	while ((c = cli_getopt(ctx, &cli_cmd_show, argc, argv)) != -1) {
		if (c == 'h')
			return 0;
		if (c != OPT_JSON)
			return 2;
		json = 1;
	}
	if ((rc = cli_id_arg(&cli_cmd_show, argc, argv, &id)) != 0)
		return rc;
	if (load(ctx, id, &inc, &err) != 0) {
		incident_clear(&inc);
		return cli_fail(&err);
	}
	load_history(ctx->db, &history);
	/* deadlines points into history: freed after the last use. */
	warn_deadline(
	    deadline_of_incident(&inc, &history, ctx->now_ms, &deadlines, &err),
	    &err, &warned);
	if (db_imports_load(ctx->db, inc.uuid, &imports, &err) != IRT_OK) {
		policy_history_free(&history);
		incident_clear(&inc);
		return cli_fail(&err);
	}
	if (json) {
		struct jsonw *w =
		    out_json_begin(stdout, "irt-show/1", "incident");

		jsonw_object_begin(w);
		incident_json_write_members(w, &inc, 0);
		jsonw_key(w, "deadlines");
		deadline_json_write(w, &deadlines, ctx->now_ms, 1);
		jsonw_key(w, "imports");
		jsonw_value_new(w, imports_json(&imports));
		jsonw_object_end(w);
		rc = out_json_end(w);
		import_records_free(&imports);
		policy_history_free(&history);
		incident_clear(&inc);
		return rc;
	}
	printf("#%ld  ", inc.id);
	out_text(stdout, inc.field[FIELD_TITLE], 0);
	printf("\n  ");
	print_track(&inc);
	printf("  %-12s %s", "stage", stage_name(inc.stage));
	if (inc.stage == STAGE_CLOSED)
		printf(" (%s, from %s)", resolution_name(inc.resolution),
		       stage_name(inc.prev_stage));
	printf(" since ");
	out_time(stdout, inc.entered_ms[inc.stage]);
	printf("\n  %-12s %s", "severity",
	       inc.severity ? severity_name(inc.severity) : "(not set)");
	if (inc.cvss_score >= 0)
		printf("  CVSS %s %.1f  %s", inc.cvss_version, inc.cvss_score,
		       inc.field[FIELD_CVSS]);
	printf("\n  %-12s ", "owner");
	out_text(stdout,
	         incident_owner(&inc, inc.stage)[0]
	             ? incident_owner(&inc, inc.stage)
	             : "(none)",
	         0);
	printf("\n  %-12s ", "reported");
	out_time(stdout, inc.reported_ms);
	printf("\n  %-12s ", "acknowledged");
	out_time(stdout, inc.acked_ms);
	putchar('\n');
	for (int k = 0; k < DEADLINE_KIND_COUNT; k++)
		print_deadline(&inc, &deadlines.item[k], ctx->now_ms,
		               use_color(ctx));
	if (inc.reported_ms) {
		/* Both deadlines are judged by the same version. */
		char *policy = xmalloc(DEADLINE_POLICY_TEXT_MAX);

		deadline_policy_text(&deadlines, policy,
		                     DEADLINE_POLICY_TEXT_MAX);
		printf("  %-12s ", "policy");
		out_text(stdout, policy, 0);
		putchar('\n');
		free(policy);
	}
	policy_history_free(&history);
	for (int f = 0; f < FIELD_COUNT; f++) {
		if (f == FIELD_TITLE || f == FIELD_SEVERITY ||
		    f == FIELD_CVSS || f == FIELD_REPORTED)
			continue;
		print_field(incident_fields[f].name, inc.field[f]);
	}
	for (int s = 0; s < STAGE_WORK_COUNT; s++)
		if (inc.owner[s][0]) {
			char label[32];

			snprintf(label, sizeof label, "owner/%s",
			         stage_name((enum stage)s));
			print_field(label, inc.owner[s]);
		}
	if (inc.n_actions) {
		printf("  actions\n");
		for (size_t i = 0; i < inc.n_actions; i++) {
			const struct action *a = &inc.actions[i];

			printf("    %ld. [%s] ", a->n, a->done_ms ? "x" : " ");
			out_text(stdout, a->title, 0);
			printf(" (%s", a->type);
			if (a->owner[0]) {
				printf(", ");
				out_text(stdout, a->owner, 0);
			}
			if (a->due_ms) {
				printf(", due ");
				out_time(stdout, a->due_ms);
			}
			printf(")\n");
		}
	}
	print_field("no-actions", inc.actions_none);
	for (size_t i = 0; i < inc.n_notifications; i++) {
		printf("  notified     %s ", inc.notifications[i].audience);
		out_time(stdout, inc.notifications[i].at_ms);
		printf(" (%s)\n", inc.notifications[i].status);
	}
	print_imports(&imports);
	printf("  %-12s %ld, head %.16s\n", "events", inc.n_events,
	       inc.head_hash);
	import_records_free(&imports);
	incident_clear(&inc);
	return 0;
}

const struct cli_cmd cli_cmd_show = {
    "show",
    "ID [--json]",
    "Show an incident's state",
    "  --json   JSON (format irt-show/1)\n",
    show_exec,
    json_opts,
    id_args,
    NULL,
};

/* ---- timeline ----------------------------------------------------- */

static int compare_at(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->at_ms != y->at_ms)
		return x->at_ms < y->at_ms ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int timeline_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct event_list events = {0};
	struct irt_err err;
	struct db *db;
	int c, json = 0, rc;
	long id;
	struct incident inc;

	while ((c = cli_getopt(ctx, &cli_cmd_timeline, argc, argv)) != -1) {
		if (c == 'h')
			return 0;
		if (c != OPT_JSON)
			return 2;
		json = 1;
	}
	if ((rc = cli_id_arg(&cli_cmd_timeline, argc, argv, &id)) != 0)
		return rc;
	if (load(ctx, id, &inc, &err) != 0) {
		incident_clear(&inc);
		return cli_fail(&err);
	}
	incident_clear(&inc);
	db = ctx->db;
	if (db_events_load(db, id, &events, &err) != IRT_OK)
		return cli_fail(&err);
	/* Chain order is entry order; people read by when it happened. */
	qsort(events.items, events.count, sizeof *events.items, compare_at);
	if (json) {
		struct jsonw *w =
		    out_json_begin(stdout, "irt-timeline/1", "incident");

		jsonw_integer(w, id);
		jsonw_key(w, "events");
		jsonw_array_begin(w);
		for (size_t i = 0; i < events.count; i++)
			incident_json_write_event(w, &events.items[i]);
		jsonw_array_end(w);
		event_list_free(&events);
		return out_json_end(w);
	}
	for (size_t i = 0; i < events.count; i++) {
		const struct event *ev = &events.items[i];
		char *what = event_describe(ev);

		out_time(stdout, ev->at_ms);
		printf("  ");
		out_cell(stdout, ev->actor, 10);
		printf("  %-12s ", ev->kind);
		out_text(stdout, what, 1);
		if (event_is_backdated(ev)) {
			printf("  [reconstructed; recorded ");
			out_time(stdout, ev->recorded_ms);
			putchar(']');
		}
		putchar('\n');
		free(what);
	}
	event_list_free(&events);
	return 0;
}

const struct cli_cmd cli_cmd_timeline = {
    "timeline",
    "ID [--json]",
    "Show an incident's timeline, ordered by when things happened",
    "  --json   JSON with every event's hashes (format irt-timeline/1)\n",
    timeline_exec,
    json_opts,
    id_args,
    NULL,
};

/* ---- search ------------------------------------------------------- */

/* Hits shown when --limit is not given. */
#define SEARCH_DEFAULT_LIMIT 200

/* --limit N: a whole number from 1 up. Returns 0 and sets *limit, or -1. */
static int search_limit(const char *text, size_t *limit)
{
	char *end;
	long v;

	if (!text || *text < '0' || *text > '9')
		return -1;
	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || *end || v <= 0)
		return -1;
	*limit = (size_t)v;
	return 0;
}

static const struct cli_opt search_opts[] = {
    {"json", 0, CLI_ARG_NONE, OPT_JSON},
    {"rank", 0, CLI_ARG_NONE, OPT_RANK},
    {"limit", 0, CLI_ARG_NUMBER, OPT_LIMIT},
    {0}};
static const enum cli_arg search_args[] = {CLI_ARG_TEXT, CLI_ARG_NONE};

static int search_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	enum search_order order = SEARCH_NEWEST;
	size_t limit = SEARCH_DEFAULT_LIMIT;
	struct search_hits hits;
	struct irt_err err;
	struct db *db;
	int c, json = 0;
	char *query;
	size_t len = 0;

	while ((c = cli_getopt(ctx, &cli_cmd_search, argc, argv)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_RANK:
			order = SEARCH_RANK;
			break;
		case OPT_LIMIT:
			if (search_limit(optarg, &limit) != 0)
				return cli_usage(&cli_cmd_search,
				                 "--limit \"%.40s\" is not a "
				                 "number of hits (1 or more)",
				                 optarg);
			break;
		default:
			return 2;
		}
	}
	if (optind >= argc)
		return cli_usage(&cli_cmd_search, "missing TEXT");
	for (int i = optind; i < argc; i++)
		len += strlen(argv[i]) + 1;
	query = xcalloc(1, len + 1);
	for (int i = optind; i < argc; i++) {
		strcat(query, argv[i]);
		strcat(query, " ");
	}
	if (cli_db_read(ctx, &db, &err) != IRT_OK ||
	    db_search(db, query, order, limit, &hits, &err) != IRT_OK) {
		free(query);
		return cli_fail(&err);
	}
	if (json) {
		json_t *arr = json_array();

		for (size_t i = 0; i < hits.count; i++) {
			json_t *h = json_object();

			json_object_set_new(
			    h, "incident",
			    json_integer(hits.items[i].incident));
			json_object_set_new(h, "event",
			                    json_integer(hits.items[i].seq));
			json_object_set_new(h, "title",
			                    json_string(hits.items[i].title));
			json_object_set_new(h, "kind",
			                    json_string(hits.items[i].kind));
			incident_json_time(h, "at", hits.items[i].at_ms);
			json_object_set_new(h, "snippet",
			                    json_string(hits.items[i].snippet));
			json_array_append_new(arr, h);
		}
		search_hits_free(&hits);
		free(query);
		return out_json(stdout, "irt-search/1", "hits", arr);
	}
	for (size_t i = 0; i < hits.count; i++) {
		printf("#%-5ld ", hits.items[i].incident);
		out_time(stdout, hits.items[i].at_ms);
		printf("  ");
		out_cell(stdout, hits.items[i].title, 30);
		printf("  ");
		out_text(stdout, hits.items[i].snippet, 0);
		putchar('\n');
	}
	if (hits.count == 0 && isatty(STDOUT_FILENO))
		fprintf(stderr, "No notes match.\n");
	search_hits_free(&hits);
	free(query);
	return 0;
}

const struct cli_cmd cli_cmd_search = {
    "search",
    "TEXT [--rank] [--limit N] [--json]",
    "Search notes and timeline text",
    "  --rank      best matches first (FTS5's bm25), not newest first\n"
    "  --limit N   at most N hits (default 200)\n"
    "  --json      JSON (format irt-search/1)\n",
    search_exec,
    search_opts,
    search_args,
    NULL,
};
