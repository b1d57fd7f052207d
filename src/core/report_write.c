/*
 * report_write.c - the audit report rendered as text, JSON, CSV or
 * Markdown (report.h). Every figure comes from struct report alone, so the
 * formats agree; durations are never truncated
 * (timeutil_format_duration_full), and stored text (titles) is escaped for
 * the format: visible control characters in text, backslash escapes in
 * Markdown, quoting and formula neutralising in CSV.
 */
#include "export_internal.h"
#include "irt/report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "irt/sanitize.h"
#include "irt/textcol.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

static const char *const format_names[REPORT_FORMAT_COUNT] = {"text", "json",
                                                              "csv", "md"};

const char *report_format_name(enum report_format f)
{
	return (unsigned)f < REPORT_FORMAT_COUNT ? format_names[f] : "";
}

int report_format_parse(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < REPORT_FORMAT_COUNT; i++)
		if (strcasecmp(name, format_names[i]) == 0)
			return i;
	if (strcasecmp(name, "markdown") == 0)
		return REPORT_MD;
	return -1;
}

static const char *band_label(int s)
{
	return s == SEVERITY_UNSET ? "unrated" : severity_name(s);
}

static void span(int64_t ms, int have, char *buf, size_t size)
{
	if (!have)
		snprintf(buf, size, "-");
	else
		timeutil_format_duration_full(ms, buf, size);
}

static void rate_text(int permille, char *buf, size_t size)
{
	if (permille < 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%d.%d%%", permille / 10, permille % 10);
}

static int notify_permille(const struct report_notify *n)
{
	return n->required ? (int)((n->notified * 2000 + n->required) /
	                           (2 * n->required))
	                   : -1;
}

/* "met", "missed 1d 2h", "overdue 3h 00m", "open", "-". */
static void verdict(const struct deadline *d, int64_t now_ms, char *buf,
                    size_t size)
{
	char late[TIMEUTIL_BUFSZ];

	switch (d->state) {
	case DEADLINE_NONE:
		snprintf(buf, size, "-");
		break;
	case DEADLINE_MISSED:
		timeutil_format_duration_full(d->stopped_ms - d->due_ms, late,
		                              sizeof late);
		snprintf(buf, size, "missed by %s", late);
		break;
	case DEADLINE_OVERDUE:
		timeutil_format_duration_full(now_ms - d->due_ms, late,
		                              sizeof late);
		snprintf(buf, size, "overdue by %s", late);
		break;
	default:
		snprintf(buf, size, "%s", deadline_state_name(d->state));
		break;
	}
}

static void local_time(int64_t ms, char *buf, size_t size)
{
	if (!ms)
		snprintf(buf, size, "-");
	else
		timeutil_format_local_short(ms, buf, size);
}

static void utc_time(int64_t ms, char *buf, size_t size)
{
	if (!ms)
		buf[0] = '\0';
	else
		timeutil_format_utc(ms, buf, size);
}

/* The earliest notification of the audiences the policy required, or of
 * any when none was required (the reporter's acknowledgement is not a
 * notification of the incident, unless the policy requires it). */
static int64_t notified_at(const struct report_evidence *ev)
{
	int64_t at = 0;

	for (int a = 0; a < AUDIENCE_COUNT; a++) {
		int64_t t = ev->notified_ms[a];

		if (ev->notify_required && !(ev->notify_required >> a & 1u))
			continue;
		if (!ev->notify_required && a == AUDIENCE_REPORTER)
			continue;
		if (t && (!at || t < at))
			at = t;
	}
	return at;
}

/* Each distinct policy version the evidence used, in words, once. */
static void policies_used(const struct report *r, FILE *out, const char *prefix,
                          int md)
{
	char *text = xmalloc(DEADLINE_POLICY_TEXT_MAX);
	long *seen = xcalloc(r->n_evidence + 1, sizeof *seen);
	size_t n_seen = 0;

	for (size_t i = 0; i < r->n_evidence; i++) {
		const struct deadlines *d = &r->evidence[i].deadlines;
		size_t j;

		for (j = 0; j < n_seen && seen[j] != d->policy->seq; j++)
			;
		if (j < n_seen)
			continue;
		seen[n_seen++] = d->policy->seq;
		deadline_policy_text(d, text, DEADLINE_POLICY_TEXT_MAX);
		fputs(prefix, out);
		if (md)
			export_md_text(out, text, MD_INLINE);
		else
			fputs(text, out);
		fputc('\n', out);
	}
	free(seen);
	free(text);
}

/* ---- text ----------------------------------------------------------- */

/* title cut to width display columns, controls made visible. */
static void text_title(FILE *out, const char *title, int width)
{
	char *safe = sanitize_terminal(title, 0);
	size_t size = 4 * (size_t)width + 16;
	char *cell = xmalloc(size);

	textcol_fit(safe, width, 0, cell, size);
	fputs(cell, out);
	free(cell);
	free(safe);
}

static void write_text(const struct report *r, FILE *out)
{
	static const char *const labels[MEASURE_COUNT] = {
	    "acknowledge", "contain", "fix", "notify"};
	char a[TIMEUTIL_BUFSZ], b[TIMEUTIL_BUFSZ], c[TIMEUTIL_BUFSZ];
	char rate[16];

	timeutil_format_local_short(r->since_ms, a, sizeof a);
	timeutil_format_local_short(r->until_ms, b, sizeof b);
	fprintf(out,
	        "Incidents reported %s%s%s%s%s: %zu (%zu open, %zu closed)\n",
	        r->since_ms ? "from " : "", r->since_ms ? a : "",
	        r->until_ms ? " until " : "", r->until_ms ? b : "",
	        r->since_ms || r->until_ms ? "" : "at any time", r->n_incidents,
	        r->n_open, r->n_closed);
	timeutil_format_local_short(r->now_ms, a, sizeof a);
	fprintf(out,
	        "As of %s. Each incident is judged by the policy "
	        "version in force when it was reported:\n",
	        a);
	policies_used(r, out, "  ", 0);
	fprintf(out, "\nBy severity: ");
	for (int s = SEVERITY_COUNT - 1; s >= 0; s--)
		fprintf(out, " %s %zu", band_label(s), r->by_severity[s]);
	fprintf(out, "\nBy stage:    ");
	for (int s = 0; s < STAGE_COUNT; s++)
		fprintf(out, " %s %zu", stage_name((enum stage)s),
		        r->by_stage[s]);
	fprintf(out, "\nClosed without a fix (left out of remediation and "
	             "notification):");
	for (int res = RESOLUTION_REJECTED; res < RESOLUTION_COUNT; res++)
		fprintf(out, " %s %zu", resolution_name((enum resolution)res),
		        r->closed_apart[res]);
	fprintf(out, "\n\nTime from report to      n       median         "
	             "mean          max\n");
	for (int m = 0; m < MEASURE_COUNT; m++) {
		const struct report_measure *t = &r->times[m];

		span(t->median_ms, t->n > 0, a, sizeof a);
		span(t->mean_ms, t->n > 0, b, sizeof b);
		span(t->max_ms, t->n > 0, c, sizeof c);
		fprintf(out, "  %-18s %5zu  %11s  %11s  %11s\n", labels[m],
		        t->n, a, b, c);
	}
	fprintf(out, "\nDeadline compliance      met  missed    open  overdue  "
	             "compliance\n");
	for (int k = 0; k < DEADLINE_KIND_COUNT; k++) {
		fprintf(out, "  %s\n",
		        deadline_kind_name((enum deadline_kind)k));
		for (int s = SEVERITY_COUNT - 1; s >= SEVERITY_UNSET; s--) {
			const size_t *n = r->compliance[s][k];

			if (k == DEADLINE_REMEDIATE &&
			    (s == SEVERITY_UNSET || s == SEVERITY_NONE))
				continue; /* never a remediation deadline */
			rate_text(report_rate_permille(n), rate, sizeof rate);
			fprintf(out, "    %-18s %5zu %7zu %7zu %8zu  %10s\n",
			        band_label(s), n[COMPLIANCE_MET],
			        n[COMPLIANCE_MISSED], n[COMPLIANCE_OPEN],
			        n[COMPLIANCE_OVERDUE], rate);
		}
	}
	fprintf(out, "  (compliance: met / (met + missed + overdue); open: "
	             "running, not yet due)\n");
	fprintf(out, "\nNotification compliance  required  notified  pending  "
	             "missing  compliance  after fix: median / max\n");
	for (int i = 0; i < REPORT_AUDIENCES; i++) {
		const struct report_notify *n = &r->notify[i];

		rate_text(notify_permille(n), rate, sizeof rate);
		span(n->after_fix.median_ms, n->after_fix.n > 0, a, sizeof a);
		span(n->after_fix.max_ms, n->after_fix.n > 0, b, sizeof b);
		fprintf(out, "  %-22s %8zu  %8zu  %7zu  %7zu  %10s  %s / %s\n",
		        audience_name((enum audience)i), n->required,
		        n->notified, n->pending, n->missing, rate, a, b);
	}
	fprintf(out,
	        "\nCorrective actions: %zu (%zu done, %zu open, %zu overdue; "
	        "%zu done late)\n",
	        r->actions.total, r->actions.done, r->actions.open,
	        r->actions.overdue, r->actions.done_late);
	fprintf(out, "\nMissed and overdue deadlines: %s\n",
	        r->n_misses ? "" : "none");
	for (size_t i = 0; i < r->n_misses; i++) {
		const struct report_miss *m = &r->misses[i];
		int64_t late =
		    (m->stopped_ms ? m->stopped_ms : r->now_ms) - m->due_ms;

		timeutil_format_local_short(m->due_ms, a, sizeof a);
		timeutil_format_duration_full(late, b, sizeof b);
		fprintf(out, "  #%-5ld %-8s %-11s due %s, %s %s (policy %ld)  ",
		        m->id, band_label(m->severity),
		        deadline_kind_name(m->kind), a,
		        m->state == DEADLINE_OVERDUE ? "overdue by"
		                                     : "missed by",
		        b, m->policy_seq);
		text_title(out, m->title, 40);
		fputc('\n', out);
	}
	fprintf(out,
	        "\nEvidence\n  %-6s %-8s %-16s %-16s %-16s %-16s %-16s "
	        "%-22s %-22s %s\n",
	        "#", "severity", "reported", "acknowledged", "contained",
	        "fixed", "notified", "acknowledge", "remediate", "policy");
	for (size_t i = 0; i < r->n_evidence; i++) {
		const struct report_evidence *ev = &r->evidence[i];
		char t[5][TIMEUTIL_BUFSZ], v[2][64];

		local_time(ev->reported_ms, t[0], sizeof t[0]);
		local_time(ev->acked_ms, t[1], sizeof t[1]);
		local_time(ev->contained_ms, t[2], sizeof t[2]);
		local_time(ev->fixed_ms, t[3], sizeof t[3]);
		local_time(notified_at(ev), t[4], sizeof t[4]);
		for (int k = 0; k < DEADLINE_KIND_COUNT; k++)
			verdict(&ev->deadlines.item[k], r->now_ms, v[k],
			        sizeof v[k]);
		if (ev->apart)
			snprintf(v[1], sizeof v[1], "(%s)",
			         resolution_name(ev->resolution));
		fprintf(out,
		        "  #%-5ld %-8s %-16s %-16s %-16s %-16s %-16s %-22s "
		        "%-22s %ld\n",
		        ev->id,
		        ev->severity == SEVERITY_UNSET
		            ? "unrated"
		            : severity_name(ev->severity),
		        t[0], t[1], t[2], t[3], t[4], v[0], v[1],
		        ev->deadlines.policy->seq);
	}
}

/* ---- CSV: the evidence table ------------------------------------------ */

static void write_csv(const struct report *r, FILE *out)
{
	static const char *const head[] = {
	    "id",
	    "title",
	    "severity",
	    "stage",
	    "resolution",
	    "closed_without_fix",
	    "reported",
	    "acknowledged",
	    "contained",
	    "fixed",
	    "notified_platform",
	    "notified_customers",
	    "notify_required",
	    "acknowledge_due",
	    "acknowledge_state",
	    "acknowledge_stopped",
	    "remediate_due",
	    "remediate_state",
	    "remediate_stopped",
	    "policy_version",
	    "policy_from",
	    "policy_zone",
	    "policy_holidays",
	};
	const size_t n_head = sizeof head / sizeof *head;
	char *holidays = xmalloc(POLICY_VALUE_MAX);

	for (size_t i = 0; i < n_head; i++)
		export_csv_cell(out, head[i], i + 1 == n_head);
	for (size_t i = 0; i < r->n_evidence; i++) {
		const struct report_evidence *ev = &r->evidence[i];
		const struct policy_version *v = ev->deadlines.policy;
		char buf[TIMEUTIL_BUFSZ], req[64] = "";
		size_t len = 0;

		snprintf(buf, sizeof buf, "%ld", ev->id);
		export_csv_cell(out, buf, 0);
		export_csv_cell(out, ev->title, 0);
		export_csv_cell(out,
		                ev->severity == SEVERITY_UNSET
		                    ? ""
		                    : severity_name(ev->severity),
		                0);
		export_csv_cell(out, stage_name(ev->stage), 0);
		export_csv_cell(out, resolution_name(ev->resolution), 0);
		export_csv_cell(out, ev->apart ? "yes" : "no", 0);
		utc_time(ev->reported_ms, buf, sizeof buf);
		export_csv_cell(out, buf, 0);
		utc_time(ev->acked_ms, buf, sizeof buf);
		export_csv_cell(out, buf, 0);
		utc_time(ev->contained_ms, buf, sizeof buf);
		export_csv_cell(out, buf, 0);
		utc_time(ev->fixed_ms, buf, sizeof buf);
		export_csv_cell(out, buf, 0);
		for (int a = 0; a < REPORT_AUDIENCES; a++) {
			utc_time(ev->notified_ms[a], buf, sizeof buf);
			export_csv_cell(out, buf, 0);
			if (ev->notify_required >> a & 1u)
				len += (size_t)snprintf(
				    req + len, sizeof req - len, "%s%s",
				    len ? " " : "",
				    audience_name((enum audience)a));
		}
		export_csv_cell(out, req, 0);
		for (int k = 0; k < DEADLINE_KIND_COUNT; k++) {
			const struct deadline *d = &ev->deadlines.item[k];

			utc_time(d->due_ms, buf, sizeof buf);
			export_csv_cell(out, buf, 0);
			export_csv_cell(out,
			                k == DEADLINE_REMEDIATE && ev->apart
			                    ? "excluded"
			                    : deadline_state_name(d->state),
			                0);
			utc_time(d->stopped_ms, buf, sizeof buf);
			export_csv_cell(out, buf, 0);
		}
		snprintf(buf, sizeof buf, "%ld", v->seq);
		export_csv_cell(out, buf, 0);
		utc_time(v->from_ms, buf, sizeof buf);
		export_csv_cell(out, buf, 0);
		export_csv_cell(out, v->policy.zone[0] ? v->policy.zone : "UTC",
		                0);
		policy_format_value(&v->policy, POLICY_KEY_HOLIDAYS, holidays,
		                    POLICY_VALUE_MAX);
		export_csv_cell(out, holidays, 1);
	}
	free(holidays);
}

/* ---- Markdown --------------------------------------------------------- */

static void md_cell(FILE *out, const char *s)
{
	fputs(" ", out);
	export_md_text(out, s, MD_INLINE);
	fputs(" |", out);
}

static void write_md(const struct report *r, FILE *out)
{
	static const char *const labels[MEASURE_COUNT] = {
	    "Acknowledge", "Contain", "Fix", "Notify"};
	char a[TIMEUTIL_BUFSZ], b[TIMEUTIL_BUFSZ], c[TIMEUTIL_BUFSZ];
	char rate[16], n_text[32];

	fprintf(out, "# Incident response audit report\n\n");
	timeutil_format_local(r->now_ms, a, sizeof a);
	fprintf(out, "- Period (by report time): ");
	if (r->since_ms || r->until_ms) {
		local_time(r->since_ms, b, sizeof b);
		local_time(r->until_ms, c, sizeof c);
		fprintf(out, "from %s until %s (exclusive)\n", b, c);
	} else {
		fprintf(out, "all\n");
	}
	fprintf(out, "- As of: %s\n", a);
	fprintf(out, "- Incidents: %zu (%zu open, %zu closed)\n",
	        r->n_incidents, r->n_open, r->n_closed);
	fprintf(out, "- Closed without a fix (left out of remediation and "
	             "notification):");
	for (int res = RESOLUTION_REJECTED; res < RESOLUTION_COUNT; res++)
		fprintf(out, " %s %zu", resolution_name((enum resolution)res),
		        r->closed_apart[res]);
	fprintf(out, "\n\nEach incident is judged by the policy version in "
	             "force when it was reported:\n\n");
	policies_used(r, out, "- ", 1);

	fprintf(out, "\n## Response times\n\n| Time from report to | n | "
	             "Median | Mean | Max |\n|---|---:|---:|---:|---:|\n");
	for (int m = 0; m < MEASURE_COUNT; m++) {
		const struct report_measure *t = &r->times[m];

		span(t->median_ms, t->n > 0, a, sizeof a);
		span(t->mean_ms, t->n > 0, b, sizeof b);
		span(t->max_ms, t->n > 0, c, sizeof c);
		fprintf(out, "| %s | %zu | %s | %s | %s |\n", labels[m], t->n,
		        a, b, c);
	}

	fprintf(out,
	        "\n## Deadline compliance\n\nCompliance is met / (met + "
	        "missed + overdue); open deadlines are running and not "
	        "yet due.\n\n| Deadline | Band | Met | Missed | Open | "
	        "Overdue | Compliance |\n|---|---|---:|---:|---:|---:|---:|"
	        "\n");
	for (int k = 0; k < DEADLINE_KIND_COUNT; k++)
		for (int s = SEVERITY_COUNT - 1; s >= SEVERITY_UNSET; s--) {
			const size_t *n = r->compliance[s][k];

			if (k == DEADLINE_REMEDIATE &&
			    (s == SEVERITY_UNSET || s == SEVERITY_NONE))
				continue;
			rate_text(report_rate_permille(n), rate, sizeof rate);
			fprintf(out,
			        "| %s | %s | %zu | %zu | %zu | %zu | %s |\n",
			        deadline_kind_name((enum deadline_kind)k),
			        band_label(s), n[COMPLIANCE_MET],
			        n[COMPLIANCE_MISSED], n[COMPLIANCE_OPEN],
			        n[COMPLIANCE_OVERDUE], rate);
		}

	fprintf(out, "\n## Notification compliance\n\n| Audience | Required | "
	             "Notified | Pending | Missing | Compliance | After fix: "
	             "median | mean | max |\n|---|---:|---:|---:|---:|---:|---:"
	             "|---:|---:|\n");
	for (int i = 0; i < REPORT_AUDIENCES; i++) {
		const struct report_notify *n = &r->notify[i];

		rate_text(notify_permille(n), rate, sizeof rate);
		span(n->after_fix.median_ms, n->after_fix.n > 0, a, sizeof a);
		span(n->after_fix.mean_ms, n->after_fix.n > 0, b, sizeof b);
		span(n->after_fix.max_ms, n->after_fix.n > 0, c, sizeof c);
		fprintf(out,
		        "| %s | %zu | %zu | %zu | %zu | %s | %s | %s | %s "
		        "|\n",
		        audience_name((enum audience)i), n->required,
		        n->notified, n->pending, n->missing, rate, a, b, c);
	}

	fprintf(out,
	        "\n## Corrective actions\n\n| Total | Done | Open | "
	        "Overdue | Done late |\n|---:|---:|---:|---:|---:|\n| %zu "
	        "| %zu | %zu | %zu | %zu |\n",
	        r->actions.total, r->actions.done, r->actions.open,
	        r->actions.overdue, r->actions.done_late);

	fprintf(out,
	        "\n## Evidence\n\n| # | Title | Severity | Reported | "
	        "Acknowledged | Contained | Fixed | Notified | "
	        "Acknowledge | Remediate | Policy |\n|---:|---|---|---|---|"
	        "---|---|---|---|---|---:|\n");
	for (size_t i = 0; i < r->n_evidence; i++) {
		const struct report_evidence *ev = &r->evidence[i];
		char t[TIMEUTIL_BUFSZ], v[64];

		fprintf(out, "| %ld |", ev->id);
		md_cell(out, ev->title);
		md_cell(out, ev->severity == SEVERITY_UNSET
		                 ? "unrated"
		                 : severity_name(ev->severity));
		local_time(ev->reported_ms, t, sizeof t);
		md_cell(out, t);
		local_time(ev->acked_ms, t, sizeof t);
		md_cell(out, t);
		local_time(ev->contained_ms, t, sizeof t);
		md_cell(out, t);
		local_time(ev->fixed_ms, t, sizeof t);
		md_cell(out, t);
		local_time(notified_at(ev), t, sizeof t);
		md_cell(out, t);
		for (int k = 0; k < DEADLINE_KIND_COUNT; k++) {
			verdict(&ev->deadlines.item[k], r->now_ms, v, sizeof v);
			if (k == DEADLINE_REMEDIATE && ev->apart)
				snprintf(v, sizeof v, "(%s)",
				         resolution_name(ev->resolution));
			md_cell(out, v);
		}
		snprintf(n_text, sizeof n_text, "%ld",
		         ev->deadlines.policy->seq);
		md_cell(out, n_text);
		fputc('\n', out);
	}
}

enum irt_status report_write(const struct report *r, enum report_format f,
                             FILE *out, struct irt_err *err)
{
	json_t *root;
	int rc = 0;

	switch (f) {
	case REPORT_TEXT:
		write_text(r, out);
		break;
	case REPORT_JSON:
		root = json_object();
		json_object_set_new(root, "format",
		                    json_string(REPORT_JSON_FORMAT));
		json_object_set_new(root, "report", report_json(r));
		rc = json_dumpf(root, out,
		                JSON_INDENT(2) | JSON_PRESERVE_ORDER |
		                    JSON_REAL_PRECISION(6));
		fputc('\n', out);
		json_decref(root);
		break;
	case REPORT_CSV:
		write_csv(r, out);
		break;
	case REPORT_MD:
		write_md(r, out);
		break;
	default:
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "unknown report format");
	}
	if (rc != 0 || fflush(out) != 0 || ferror(out))
		return irt_err_set(err, IRT_ERR_IO,
		                   "cannot write the report: %s",
		                   strerror(errno ? errno : EIO));
	return IRT_OK;
}
