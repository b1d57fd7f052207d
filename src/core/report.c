/*
 * report.c - the audit report: counts, response times and deadline
 * compliance over the incidents reported in a period (report.h).
 */
#include "irt/report.h"

#include <stdlib.h>
#include <string.h>

#include "irt/deadline_json.h"
#include "irt/incident_json.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

static const char *const compliance_names[COMPLIANCE_COUNT] = {
    "met", "missed", "open", "overdue"};

const char *report_compliance_name(enum report_compliance c)
{
	return (unsigned)c < COMPLIANCE_COUNT ? compliance_names[c] : "";
}

static int cmp_ms(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

int64_t report_median(int64_t *values, size_t n)
{
	if (!n)
		return 0;
	qsort(values, n, sizeof *values, cmp_ms);
	if (n % 2)
		return values[n / 2];
	/* Halves first: no overflow for any pair of times. */
	return values[n / 2 - 1] / 2 + values[n / 2] / 2 +
	       (values[n / 2 - 1] % 2 + values[n / 2] % 2) / 2;
}

static int cmp_miss(const void *a, const void *b)
{
	const struct report_miss *x = a, *y = b;

	if (x->due_ms != y->due_ms)
		return x->due_ms < y->due_ms ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The numeric part of an incident that response times and deadlines
 * read (no strings are set: only for those functions). */
static void as_incident(const struct report_row *row, struct incident *inc)
{
	memset(inc, 0, sizeof *inc);
	inc->id = row->id;
	inc->severity = row->severity;
	inc->stage = row->stage;
	inc->prev_stage = row->prev_stage;
	inc->resolution = row->resolution;
	inc->reported_ms = row->reported_ms;
	inc->acked_ms = row->acked_ms;
	memcpy(inc->entered_ms, row->entered_ms, sizeof inc->entered_ms);
	memcpy(inc->left_ms, row->left_ms, sizeof inc->left_ms);
}

static void tally_deadlines(struct report *r, const struct report_row *row,
                            const struct deadlines *d)
{
	for (int k = 0; k < DEADLINE_KIND_COUNT; k++) {
		const struct deadline *dl = &d->item[k];
		int c = -1;

		switch (dl->state) {
		case DEADLINE_MET:
			c = COMPLIANCE_MET;
			break;
		case DEADLINE_MISSED:
			c = COMPLIANCE_MISSED;
			break;
		case DEADLINE_OPEN:
		case DEADLINE_DUE_SOON:
			c = COMPLIANCE_OPEN;
			break;
		case DEADLINE_OVERDUE:
			c = COMPLIANCE_OVERDUE;
			break;
		default:
			break;
		}
		if (c < 0 || (unsigned)row->severity >= SEVERITY_COUNT)
			continue;
		r->compliance[row->severity][k][c]++;
		if (c == COMPLIANCE_MISSED || c == COMPLIANCE_OVERDUE) {
			struct report_miss *m;

			r->misses =
			    xrealloc(r->misses, (r->n_misses + 1) * sizeof *m);
			m = &r->misses[r->n_misses++];
			m->id = row->id;
			m->title = xstrdup(row->title);
			m->severity = row->severity;
			m->kind = (enum deadline_kind)k;
			m->state = dl->state;
			m->due_ms = dl->due_ms;
			m->stopped_ms = dl->stopped_ms;
		}
	}
}

enum irt_status report_build(struct db *db, int64_t since_ms, int64_t until_ms,
                             int64_t now_ms, struct report *r,
                             struct irt_err *err)
{
	struct report_rows rows;
	struct policy_history history = {0};
	int64_t *values[MEASURE_COUNT] = {0};
	enum irt_status status;

	memset(r, 0, sizeof *r);
	r->since_ms = since_ms;
	r->until_ms = until_ms;
	r->now_ms = now_ms;
	status = db_policy_history_load(db, &history, err);
	if (status != IRT_OK)
		goto out_history;
	status = db_report_rows(db, since_ms, until_ms, &rows, err);
	if (status != IRT_OK)
		goto out_history;
	for (int m = 0; m < MEASURE_COUNT; m++)
		values[m] =
		    xmalloc((rows.count ? rows.count : 1) * sizeof *values[m]);
	for (size_t i = 0; i < rows.count; i++) {
		const struct report_row *row = &rows.items[i];
		struct incident inc;
		struct deadlines d;

		r->n_incidents++;
		if (row->stage == STAGE_CLOSED)
			r->n_closed++;
		else
			r->n_open++;
		if ((unsigned)row->severity < SEVERITY_COUNT)
			r->by_severity[row->severity]++;
		if ((unsigned)row->stage < STAGE_COUNT)
			r->by_stage[row->stage]++;
		as_incident(row, &inc);
		for (int m = 0; m < MEASURE_COUNT; m++) {
			int64_t ms = export_response_time(
			    &inc, (enum response_measure)m);

			if (ms >= 0)
				values[m][r->times[m].n++] = ms;
		}
		/* An unknown policy zone leaves the acknowledgement deadline
		 * "none", as everywhere else. */
		deadline_of_incident(&inc, &history, now_ms, &d, NULL);
		tally_deadlines(r, row, &d);
	}
	for (int m = 0; m < MEASURE_COUNT; m++) {
		struct report_measure *t = &r->times[m];
		int64_t quot = 0, rem = 0;

		/* The mean without summing: no overflow however many. */
		for (size_t i = 0; i < t->n; i++) {
			quot += values[m][i] / (int64_t)t->n;
			rem += values[m][i] % (int64_t)t->n;
		}
		t->mean_ms = t->n ? quot + rem / (int64_t)t->n : 0;
		t->median_ms = report_median(values[m], t->n);
		free(values[m]);
	}
	if (r->n_misses)
		qsort(r->misses, r->n_misses, sizeof *r->misses, cmp_miss);
	report_rows_free(&rows);
out_history:
	policy_history_free(&history);
	return status;
}

void report_free(struct report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_misses; i++)
		free(r->misses[i].title);
	free(r->misses);
	memset(r, 0, sizeof *r);
}

static json_t *str(const char *s)
{
	json_t *v = json_string(s ? s : "");

	return v ? v : json_stringn("\xef\xbf\xbd", 3);
}

static const char *band_key(int sev)
{
	return sev == SEVERITY_UNSET ? "unrated" : severity_name(sev);
}

json_t *report_json(const struct report *r)
{
	json_t *root = json_object(), *sev = json_object(), *st = json_object();
	json_t *times = json_object(), *comp = json_object();
	json_t *misses = json_array();

	incident_json_time(root, "since", r->since_ms);
	incident_json_time(root, "until", r->until_ms);
	incident_json_time(root, "as_of", r->now_ms);
	json_object_set_new(root, "incidents",
	                    json_integer((json_int_t)r->n_incidents));
	json_object_set_new(root, "open", json_integer((json_int_t)r->n_open));
	json_object_set_new(root, "closed",
	                    json_integer((json_int_t)r->n_closed));
	for (int s = SEVERITY_COUNT - 1; s >= 0; s--)
		json_object_set_new(
		    sev, band_key(s),
		    json_integer((json_int_t)r->by_severity[s]));
	json_object_set_new(root, "by_severity", sev);
	for (int s = 0; s < STAGE_COUNT; s++)
		json_object_set_new(st, stage_name((enum stage)s),
		                    json_integer((json_int_t)r->by_stage[s]));
	json_object_set_new(root, "by_stage", st);
	for (int m = 0; m < MEASURE_COUNT; m++) {
		const struct report_measure *t = &r->times[m];

		json_object_set_new(
		    times, export_measure_name((enum response_measure)m),
		    json_pack("{s:I, s:o, s:o}", "n", (json_int_t)t->n,
		              "mean_ms",
		              t->n ? json_integer(t->mean_ms) : json_null(),
		              "median_ms",
		              t->n ? json_integer(t->median_ms) : json_null()));
	}
	json_object_set_new(root, "response_times", times);
	for (int s = SEVERITY_COUNT - 1; s > SEVERITY_UNSET; s--) {
		json_t *band = json_object();

		for (int k = 0; k < DEADLINE_KIND_COUNT; k++) {
			json_t *counts = json_object();

			for (int c = 0; c < COMPLIANCE_COUNT; c++)
				json_object_set_new(
				    counts,
				    report_compliance_name(
				        (enum report_compliance)c),
				    json_integer(
				        (json_int_t)r->compliance[s][k][c]));
			json_object_set_new(
			    band, deadline_kind_name((enum deadline_kind)k),
			    counts);
		}
		json_object_set_new(comp, severity_name((enum severity)s),
		                    band);
	}
	json_object_set_new(root, "deadline_compliance", comp);
	for (size_t i = 0; i < r->n_misses; i++) {
		const struct report_miss *m = &r->misses[i];
		json_t *o = json_object();

		json_object_set_new(o, "id", json_integer(m->id));
		json_object_set_new(o, "title", str(m->title));
		json_object_set_new(o, "severity",
		                    str(severity_name(m->severity)));
		json_object_set_new(o, "deadline",
		                    str(deadline_kind_name(m->kind)));
		json_object_set_new(o, "state",
		                    str(deadline_state_name(m->state)));
		incident_json_time(o, "due", m->due_ms);
		incident_json_time(o, "stopped", m->stopped_ms);
		json_object_set_new(
		    o, "late_ms",
		    json_integer((m->stopped_ms ? m->stopped_ms : r->now_ms) -
		                 m->due_ms));
		json_array_append_new(misses, o);
	}
	json_object_set_new(root, "missed", misses);
	return root;
}
