/*
 * report.c - the audit report: counts, response times, deadline and
 * notification compliance, corrective actions and per-incident evidence
 * over the incidents reported in a period, and its JSON (report.h). The
 * other renderings are report_write.c.
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

int report_rate_permille(const size_t *c)
{
	size_t due =
	    c[COMPLIANCE_MET] + c[COMPLIANCE_MISSED] + c[COMPLIANCE_OVERDUE];

	if (!due)
		return -1;
	/* Rounded half up to a tenth of a percent. */
	return (int)((c[COMPLIANCE_MET] * 2000 + due) / (2 * due));
}

static int cmp_miss(const void *a, const void *b)
{
	const struct report_miss *x = a, *y = b;

	if (x->due_ms != y->due_ms)
		return x->due_ms < y->due_ms ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static enum report_compliance compliance_of(enum deadline_state s)
{
	switch (s) {
	case DEADLINE_MET:
		return COMPLIANCE_MET;
	case DEADLINE_MISSED:
		return COMPLIANCE_MISSED;
	case DEADLINE_OPEN:
	case DEADLINE_DUE_SOON:
		return COMPLIANCE_OPEN;
	case DEADLINE_OVERDUE:
		return COMPLIANCE_OVERDUE;
	default:
		return COMPLIANCE_COUNT;
	}
}

static void tally_deadlines(struct report *r, const struct incident *inc,
                            const struct report_evidence *ev)
{
	for (int k = 0; k < DEADLINE_KIND_COUNT; k++) {
		const struct deadline *dl = &ev->deadlines.item[k];
		enum report_compliance c = compliance_of(dl->state);
		struct report_miss *m;

		if (c == COMPLIANCE_COUNT ||
		    (unsigned)inc->severity >= SEVERITY_COUNT)
			continue;
		/* Closed without a fix: no remediation to judge. */
		if (k == DEADLINE_REMEDIATE && ev->apart)
			continue;
		r->compliance[inc->severity][k][c]++;
		if (c != COMPLIANCE_MISSED && c != COMPLIANCE_OVERDUE)
			continue;
		r->misses = xrealloc(r->misses, (r->n_misses + 1) * sizeof *m);
		m = &r->misses[r->n_misses++];
		m->id = inc->id;
		m->title = xstrdup(inc->field[FIELD_TITLE]);
		m->severity = inc->severity;
		m->kind = (enum deadline_kind)k;
		m->state = dl->state;
		m->due_ms = dl->due_ms;
		m->stopped_ms = dl->stopped_ms;
		m->policy_seq = dl->policy_seq;
	}
}

/* Values collected for a measure, then summed up. */
struct sample {
	int64_t *values;
	size_t n, cap;
};

static void sample_add(struct sample *s, int64_t v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->values = xrealloc(s->values, s->cap * sizeof *s->values);
	}
	s->values[s->n++] = v;
}

static void sample_measure(struct sample *s, struct report_measure *t)
{
	int64_t quot = 0, rem = 0;

	t->n = s->n;
	t->max_ms = 0;
	/* The mean without summing: no overflow however many. */
	for (size_t i = 0; i < s->n; i++) {
		quot += s->values[i] / (int64_t)s->n;
		rem += s->values[i] % (int64_t)s->n;
		if (i == 0 || s->values[i] > t->max_ms)
			t->max_ms = s->values[i];
	}
	t->mean_ms = s->n ? quot + rem / (int64_t)s->n : 0;
	t->median_ms = report_median(s->values, s->n);
	free(s->values);
	memset(s, 0, sizeof *s);
}

static int is_apart(enum resolution res)
{
	return res == RESOLUTION_REJECTED || res == RESOLUTION_DUPLICATE ||
	       res == RESOLUTION_NOT_APPLICABLE;
}

/* The first notification per audience, not counting failed sends. */
static void first_notified(const struct incident *inc, int64_t *out)
{
	for (int a = 0; a < AUDIENCE_COUNT; a++)
		out[a] = 0;
	for (size_t i = 0; i < inc->n_notifications; i++) {
		const struct notification *n = &inc->notifications[i];
		int a = audience_parse(n->audience);

		if (a < 0 || strcmp(n->status, "failed") == 0)
			continue;
		if (!out[a] || n->at_ms < out[a])
			out[a] = n->at_ms;
	}
}

static void tally_one(struct report *r, const struct incident *inc,
                      const struct policy_history *h, struct sample *times,
                      struct sample *after_fix)
{
	struct report_evidence *ev;
	const struct policy *p;

	r->evidence =
	    xrealloc(r->evidence, (r->n_evidence + 1) * sizeof *r->evidence);
	ev = &r->evidence[r->n_evidence++];
	memset(ev, 0, sizeof *ev);
	ev->id = inc->id;
	ev->title = xstrdup(inc->field[FIELD_TITLE]);
	ev->severity = inc->severity;
	ev->stage = inc->stage;
	ev->resolution = inc->resolution;
	ev->apart = inc->stage == STAGE_CLOSED && is_apart(inc->resolution);
	ev->reported_ms = inc->reported_ms;
	ev->acked_ms = inc->acked_ms;
	if (inc->entered_ms[STAGE_FIX])
		ev->contained_ms = inc->left_ms[STAGE_CONTAIN];
	if (inc->entered_ms[STAGE_NOTIFY])
		ev->fixed_ms = inc->left_ms[STAGE_FIX];
	first_notified(inc, ev->notified_ms);
	/* An unknown policy zone leaves the acknowledgement deadline
	 * "none", as everywhere else. */
	deadline_of_incident(inc, h, r->now_ms, &ev->deadlines, NULL);
	p = &ev->deadlines.policy->policy;

	r->n_incidents++;
	if (inc->stage == STAGE_CLOSED)
		r->n_closed++;
	else
		r->n_open++;
	if ((unsigned)inc->severity < SEVERITY_COUNT)
		r->by_severity[inc->severity]++;
	if ((unsigned)inc->stage < STAGE_COUNT)
		r->by_stage[inc->stage]++;
	if (ev->apart && (unsigned)inc->resolution < RESOLUTION_COUNT)
		r->closed_apart[inc->resolution]++;
	for (int m = 0; m < MEASURE_COUNT; m++) {
		int64_t ms =
		    export_response_time(inc, (enum response_measure)m);

		if (ms >= 0)
			sample_add(&times[m], ms);
	}
	tally_deadlines(r, inc, ev);

	for (int a = 0; a < REPORT_AUDIENCES && !ev->apart; a++) {
		struct report_notify *n = &r->notify[a];

		if (inc->severity == SEVERITY_UNSET ||
		    !policy_requires(p, inc->severity, (enum audience)a))
			continue;
		ev->notify_required |= 1u << a;
		n->required++;
		if (ev->notified_ms[a]) {
			n->notified++;
			if (ev->fixed_ms)
				sample_add(&after_fix[a],
				           ev->notified_ms[a] - ev->fixed_ms);
		} else if (inc->stage <= STAGE_NOTIFY) {
			n->pending++;
		} else {
			n->missing++;
		}
	}
	for (size_t i = 0; i < inc->n_actions; i++) {
		const struct action *act = &inc->actions[i];

		r->actions.total++;
		if (act->done_ms) {
			r->actions.done++;
			if (act->due_ms && act->done_ms > act->due_ms)
				r->actions.done_late++;
		} else {
			r->actions.open++;
			if (act->due_ms && act->due_ms < r->now_ms)
				r->actions.overdue++;
		}
	}
}

enum irt_status report_build(struct db *db, int64_t since_ms, int64_t until_ms,
                             int64_t now_ms, struct report *r,
                             struct irt_err *err)
{
	struct report_rows rows = {0};
	struct policy_history *history = &r->history;
	struct sample times[MEASURE_COUNT], after_fix[REPORT_AUDIENCES];
	enum irt_status status;

	memset(r, 0, sizeof *r);
	memset(times, 0, sizeof times);
	memset(after_fix, 0, sizeof after_fix);
	r->since_ms = since_ms;
	r->until_ms = until_ms;
	r->now_ms = now_ms;
	status = db_read_begin(db, err);
	if (status != IRT_OK)
		return status;
	status = db_policy_history_load(db, history, err);
	if (status == IRT_OK)
		status = db_report_rows(db, since_ms, until_ms, &rows, err);
	for (size_t i = 0; status == IRT_OK && i < rows.count; i++) {
		struct incident inc;

		status = db_incident_load(db, rows.items[i].id, &inc, err);
		if (status == IRT_OK)
			tally_one(r, &inc, history, times, after_fix);
		incident_clear(&inc);
	}
	db_read_end(db);
	for (int m = 0; m < MEASURE_COUNT; m++)
		sample_measure(&times[m], &r->times[m]);
	for (int a = 0; a < REPORT_AUDIENCES; a++)
		sample_measure(&after_fix[a], &r->notify[a].after_fix);
	if (r->n_misses)
		qsort(r->misses, r->n_misses, sizeof *r->misses, cmp_miss);
	report_rows_free(&rows);
	return status;
}

void report_free(struct report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_misses; i++)
		free(r->misses[i].title);
	free(r->misses);
	for (size_t i = 0; i < r->n_evidence; i++)
		free(r->evidence[i].title);
	free(r->evidence);
	policy_history_free(&r->history);
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

static json_t *measure_json(const struct report_measure *t, int with_max)
{
	json_t *o = json_pack(
	    "{s:I, s:o, s:o}", "n", (json_int_t)t->n, "mean_ms",
	    t->n ? json_integer(t->mean_ms) : json_null(), "median_ms",
	    t->n ? json_integer(t->median_ms) : json_null());

	if (with_max)
		json_object_set_new(
		    o, "max_ms", t->n ? json_integer(t->max_ms) : json_null());
	return o;
}

/* {"met", "missed", "open", "overdue", "due", "rate_percent"}. */
static json_t *counts_json(const size_t *c)
{
	json_t *o = json_object();
	int rate = report_rate_permille(c);

	for (int i = 0; i < COMPLIANCE_COUNT; i++)
		json_object_set_new(
		    o, report_compliance_name((enum report_compliance)i),
		    json_integer((json_int_t)c[i]));
	json_object_set_new(
	    o, "due",
	    json_integer((json_int_t)(c[COMPLIANCE_MET] + c[COMPLIANCE_MISSED] +
	                              c[COMPLIANCE_OVERDUE])));
	json_object_set_new(o, "rate_percent",
	                    rate < 0 ? json_null() : json_real(rate / 10.0));
	return o;
}

static json_t *evidence_json(const struct report_evidence *ev, int64_t now_ms)
{
	json_t *o = json_object(), *notified = json_object();
	json_t *dl = deadline_json(&ev->deadlines, now_ms);

	json_object_set_new(o, "id", json_integer(ev->id));
	json_object_set_new(o, "title", str(ev->title));
	json_object_set_new(o, "severity",
	                    ev->severity == SEVERITY_UNSET
	                        ? json_null()
	                        : str(severity_name(ev->severity)));
	json_object_set_new(o, "stage", str(stage_name(ev->stage)));
	json_object_set_new(o, "resolution",
	                    ev->resolution == RESOLUTION_NONE
	                        ? json_null()
	                        : str(resolution_name(ev->resolution)));
	json_object_set_new(o, "closed_without_fix", json_boolean(ev->apart));
	incident_json_time(o, "reported", ev->reported_ms);
	incident_json_time(o, "acknowledged", ev->acked_ms);
	incident_json_time(o, "contained", ev->contained_ms);
	incident_json_time(o, "fixed", ev->fixed_ms);
	for (int a = 0; a < REPORT_AUDIENCES; a++) {
		json_t *n = json_object();

		json_object_set_new(
		    n, "required", json_boolean(ev->notify_required >> a & 1u));
		incident_json_time(n, "at", ev->notified_ms[a]);
		json_object_set_new(notified, audience_name((enum audience)a),
		                    n);
	}
	json_object_set_new(o, "notified", notified);
	json_object_set_new(o, "policy", deadline_policy_json(&ev->deadlines));
	json_object_set_new(o, "deadlines", dl);
	return o;
}

json_t *report_json(const struct report *r)
{
	json_t *root = json_object(), *sev = json_object(), *st = json_object();
	json_t *times = json_object(), *comp = json_object();
	json_t *misses = json_array(), *apart = json_object();
	json_t *notify = json_object(), *evidence = json_array();

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
	for (int res = RESOLUTION_REJECTED; res < RESOLUTION_COUNT; res++)
		json_object_set_new(
		    apart, resolution_name((enum resolution)res),
		    json_integer((json_int_t)r->closed_apart[res]));
	json_object_set_new(root, "closed_without_fix", apart);
	for (int m = 0; m < MEASURE_COUNT; m++)
		json_object_set_new(
		    times, export_measure_name((enum response_measure)m),
		    measure_json(&r->times[m], 1));
	json_object_set_new(root, "response_times", times);
	for (int s = SEVERITY_COUNT - 1; s >= SEVERITY_UNSET; s--) {
		json_t *band = json_object();

		for (int k = 0; k < DEADLINE_KIND_COUNT; k++)
			json_object_set_new(
			    band, deadline_kind_name((enum deadline_kind)k),
			    counts_json(r->compliance[s][k]));
		json_object_set_new(comp, band_key(s), band);
	}
	json_object_set_new(root, "deadline_compliance", comp);
	for (int a = 0; a < REPORT_AUDIENCES; a++) {
		const struct report_notify *n = &r->notify[a];
		int rate = n->required
		               ? (int)((n->notified * 2000 + n->required) /
		                       (2 * n->required))
		               : -1;

		json_object_set_new(
		    notify, audience_name((enum audience)a),
		    json_pack("{s:I, s:I, s:I, s:I, s:o, s:o}", "required",
		              (json_int_t)n->required, "notified",
		              (json_int_t)n->notified, "pending",
		              (json_int_t)n->pending, "missing",
		              (json_int_t)n->missing, "rate_percent",
		              rate < 0 ? json_null() : json_real(rate / 10.0),
		              "after_fix", measure_json(&n->after_fix, 1)));
	}
	json_object_set_new(root, "notification_compliance", notify);
	json_object_set_new(root, "corrective_actions",
	                    json_pack("{s:I, s:I, s:I, s:I, s:I}", "total",
	                              (json_int_t)r->actions.total, "done",
	                              (json_int_t)r->actions.done, "open",
	                              (json_int_t)r->actions.open, "overdue",
	                              (json_int_t)r->actions.overdue,
	                              "done_late",
	                              (json_int_t)r->actions.done_late));
	for (size_t i = 0; i < r->n_misses; i++) {
		const struct report_miss *m = &r->misses[i];
		json_t *o = json_object();

		json_object_set_new(o, "id", json_integer(m->id));
		json_object_set_new(o, "title", str(m->title));
		json_object_set_new(o, "severity", str(band_key(m->severity)));
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
		json_object_set_new(o, "policy_version",
		                    json_integer(m->policy_seq));
		json_array_append_new(misses, o);
	}
	json_object_set_new(root, "missed", misses);
	for (size_t i = 0; i < r->n_evidence; i++)
		json_array_append_new(
		    evidence, evidence_json(&r->evidence[i], r->now_ms));
	json_object_set_new(root, "evidence", evidence);
	return root;
}
