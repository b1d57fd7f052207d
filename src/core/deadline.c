/*
 * deadline.c - acknowledgement and remediation deadlines, computed on
 * every read from an incident's severity, report time and stage times
 * under the policy history (rules in deadline.h). Keeps no state.
 */
#include "irt/deadline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/timeutil.h"
#include "irt/xalloc.h"

#define MS_PER_DAY (24LL * 3600 * 1000)

static const char *const kind_names[DEADLINE_KIND_COUNT] = {"acknowledge",
                                                            "remediate"};
static const char *const kind_labels[DEADLINE_KIND_COUNT] = {"ack", "fix"};
static const char *const state_names[DEADLINE_STATE_COUNT] = {
    "none", "met", "missed", "open", "due-soon", "overdue"};

const char *deadline_kind_name(enum deadline_kind k)
{
	return (unsigned)k < DEADLINE_KIND_COUNT ? kind_names[k] : "";
}

const char *deadline_kind_label(enum deadline_kind k)
{
	return (unsigned)k < DEADLINE_KIND_COUNT ? kind_labels[k] : "";
}

const char *deadline_state_name(enum deadline_state s)
{
	return (unsigned)s < DEADLINE_STATE_COUNT ? state_names[s] : "";
}

int deadline_state_running(enum deadline_state s)
{
	return s == DEADLINE_OPEN || s == DEADLINE_DUE_SOON ||
	       s == DEADLINE_OVERDUE;
}

void deadline_facts_of_incident(const struct incident *inc,
                                struct deadline_facts *f)
{
	memset(f, 0, sizeof *f);
	f->severity = inc->severity;
	f->stage = inc->stage;
	f->reported_ms = inc->reported_ms;
	f->acked_ms = inc->acked_ms;
	f->fix_left_ms = inc->left_ms[STAGE_FIX];
	if (inc->stage == STAGE_CLOSED)
		f->closed_ms = inc->entered_ms[STAGE_CLOSED];
}

void deadline_facts_of_row(const struct incident_row *row,
                           struct deadline_facts *f)
{
	memset(f, 0, sizeof *f);
	f->severity = row->severity;
	f->stage = row->stage;
	f->reported_ms = row->reported_ms;
	f->acked_ms = row->acked_ms;
	f->fix_left_ms = row->fix_left_ms;
	if (row->stage == STAGE_CLOSED)
		f->closed_ms = row->stage_entered_ms;
}

/* When the acknowledgement clock stopped, or 0 while it runs. */
static int64_t ack_stopped(const struct deadline_facts *f)
{
	if (f->acked_ms)
		return f->acked_ms;
	return f->stage == STAGE_CLOSED ? f->closed_ms : 0;
}

/* When the remediation clock stopped, or 0 while it runs. */
static int64_t remediate_stopped(const struct deadline_facts *f)
{
	if (f->stage == STAGE_FIX || f->stage < STAGE_FIX)
		return 0;
	if (f->fix_left_ms)
		return f->fix_left_ms;
	return f->stage == STAGE_CLOSED ? f->closed_ms : 0;
}

/* The state of a deadline due at due_ms, stopped at stopped_ms (0 =
 * running), at now_ms. */
static enum deadline_state judge(int64_t due_ms, int64_t stopped_ms,
                                 int64_t now_ms, int64_t due_soon_ms)
{
	if (stopped_ms)
		return stopped_ms <= due_ms ? DEADLINE_MET : DEADLINE_MISSED;
	if (now_ms > due_ms)
		return DEADLINE_OVERDUE;
	if (due_soon_ms > 0 && due_ms - now_ms <= due_soon_ms)
		return DEADLINE_DUE_SOON;
	return DEADLINE_OPEN;
}

/* deadline_compute, counting business days in the zone z has entered
 * when the version's zone is that one (z may be NULL). */
static enum irt_status compute(const struct deadline_facts *f,
                               const struct policy_history *h, int64_t now_ms,
                               const struct timeutil_zone *z,
                               struct deadlines *out, struct irt_err *err)
{
	enum irt_status status = IRT_OK;
	const struct policy_version *v;
	const struct policy *p;
	struct deadline *d;
	int64_t due_soon_ms = policy_history_current(h)->due_soon_ms;

	memset(out, 0, sizeof *out);
	out->item[DEADLINE_ACK].kind = DEADLINE_ACK;
	out->item[DEADLINE_REMEDIATE].kind = DEADLINE_REMEDIATE;
	irt_err_clear(err);
	/* One version for both: the one in force when it was reported. */
	v = policy_history_in_force(h, f->reported_ms);
	p = &v->policy;
	out->policy = v;
	for (int k = 0; k < DEADLINE_KIND_COUNT; k++)
		out->item[k].policy_seq = v->seq;
	if (f->reported_ms == 0)
		return IRT_OK;

	d = &out->item[DEADLINE_ACK];
	d->stopped_ms = ack_stopped(f);
	if (p->ack_business_days > 0) {
		if (timeutil_zone_is(z, p->zone))
			status = timeutil_zone_add_business_days(
			    z, f->reported_ms, p->ack_business_days,
			    p->holidays, p->n_holidays, &d->due_ms, err);
		else
			status = timeutil_add_business_days(
			    f->reported_ms, p->ack_business_days, p->zone,
			    p->holidays, p->n_holidays, &d->due_ms, err);
		if (status == IRT_OK) {
			d->days = p->ack_business_days;
			d->state = judge(d->due_ms, d->stopped_ms, now_ms,
			                 due_soon_ms);
		} else {
			d->due_ms = 0;
		}
	}
	if (d->state == DEADLINE_NONE)
		d->stopped_ms = 0;

	d = &out->item[DEADLINE_REMEDIATE];
	d->stopped_ms = remediate_stopped(f);
	if (f->severity > SEVERITY_NONE && f->severity < SEVERITY_COUNT &&
	    p->remediate_days[f->severity] > 0) {
		d->days = p->remediate_days[f->severity];
		d->due_ms = f->reported_ms + d->days * MS_PER_DAY;
		d->state = judge(d->due_ms, d->stopped_ms, now_ms, due_soon_ms);
	} else {
		d->stopped_ms = 0;
	}
	return status;
}

enum irt_status deadline_compute(const struct deadline_facts *f,
                                 const struct policy_history *h, int64_t now_ms,
                                 struct deadlines *out, struct irt_err *err)
{
	return compute(f, h, now_ms, NULL, out, err);
}

enum irt_status deadline_of_incident(const struct incident *inc,
                                     const struct policy_history *h,
                                     int64_t now_ms, struct deadlines *out,
                                     struct irt_err *err)
{
	struct deadline_facts f;

	deadline_facts_of_incident(inc, &f);
	return deadline_compute(&f, h, now_ms, out, err);
}

enum irt_status deadline_of_row(const struct incident_row *row,
                                const struct policy_history *h, int64_t now_ms,
                                struct deadlines *out, struct irt_err *err)
{
	struct deadline_facts f;

	deadline_facts_of_row(row, &f);
	return deadline_compute(&f, h, now_ms, out, err);
}

enum irt_status deadline_of_report_row(const struct report_row *row,
                                       const struct policy_history *h,
                                       int64_t now_ms, struct deadlines *out,
                                       struct irt_err *err)
{
	struct deadline_facts f;

	memset(&f, 0, sizeof f);
	f.severity = row->severity;
	f.stage = row->stage;
	f.reported_ms = row->reported_ms;
	f.acked_ms = row->acked_ms;
	f.fix_left_ms = row->left_ms[STAGE_FIX];
	if (row->stage == STAGE_CLOSED)
		f.closed_ms = row->entered_ms[STAGE_CLOSED];
	return deadline_compute(&f, h, now_ms, out, err);
}

enum irt_status deadline_of_rows(const struct incident_rows *rows,
                                 const struct policy_history *h, int64_t now_ms,
                                 struct deadlines *out, struct irt_err *err)
{
	const char *zone = policy_history_current(h)->zone;
	struct timeutil_zone z = {0};
	enum irt_status status = IRT_OK;

	irt_err_clear(err);
	/* An unknown zone is entered by none: each row then reports it. */
	if (rows->count > 1 && zone[0])
		(void)timeutil_zone_enter(&z, zone, NULL);
	for (size_t i = 0; i < rows->count; i++) {
		struct deadline_facts f;
		struct irt_err row_err;
		enum irt_status s;

		deadline_facts_of_row(&rows->items[i], &f);
		s = compute(&f, h, now_ms, &z, &out[i], &row_err);
		if (s != IRT_OK && status == IRT_OK) {
			status = s;
			if (err)
				*err = row_err;
		}
	}
	timeutil_zone_leave(&z);
	return status;
}

void deadline_policy_text(const struct deadlines *d, char *buf, size_t size)
{
	char from[TIMEUTIL_BUFSZ + 8] = "the defaults";
	char *holidays;
	const struct policy_version *v = d->policy;

	if (size == 0)
		return;
	if (!v) {
		buf[0] = '\0';
		return;
	}
	if (v->seq) {
		memcpy(from, "from ", 6);
		timeutil_format_local_short(v->from_ms, from + 5,
		                            sizeof from - 5);
	}
	holidays = xmalloc(POLICY_VALUE_MAX);
	policy_format_value(&v->policy, POLICY_KEY_HOLIDAYS, holidays,
	                    POLICY_VALUE_MAX);
	snprintf(buf, size, "version %ld (%s; zone %s; holidays %s)", v->seq,
	         from, v->policy.zone[0] ? v->policy.zone : "UTC", holidays);
	free(holidays);
}

const struct deadline *deadline_next(const struct deadlines *d)
{
	const struct deadline *next = NULL;

	for (int k = 0; k < DEADLINE_KIND_COUNT; k++) {
		const struct deadline *x = &d->item[k];

		if (deadline_state_running(x->state) &&
		    (!next || x->due_ms < next->due_ms))
			next = x;
	}
	return next;
}

enum deadline_state deadline_summary(const struct deadlines *d)
{
	const struct deadline *next = deadline_next(d);
	enum deadline_state s = DEADLINE_NONE;

	if (next)
		return next->state;
	for (int k = 0; k < DEADLINE_KIND_COUNT; k++) {
		if (d->item[k].state == DEADLINE_MISSED)
			return DEADLINE_MISSED;
		if (d->item[k].state == DEADLINE_MET)
			s = DEADLINE_MET;
	}
	return s;
}

int deadline_compare_due(const struct deadlines *a, long id_a,
                         const struct deadlines *b, long id_b)
{
	const struct deadline *na = deadline_next(a);
	const struct deadline *nb = deadline_next(b);

	if (na && nb && na->due_ms != nb->due_ms)
		return na->due_ms < nb->due_ms ? -1 : 1;
	if (!na != !nb)
		return na ? -1 : 1;
	return id_a > id_b ? -1 : id_a < id_b;
}

void deadline_format_due(const struct deadlines *d, int64_t now_ms, char *buf,
                         size_t size)
{
	const struct deadline *next = deadline_next(d);
	char span[TIMEUTIL_BUFSZ];
	enum deadline_state s;

	if (size == 0)
		return;
	if (!next) {
		s = deadline_summary(d);
		snprintf(buf, size, "%s",
		         s == DEADLINE_NONE ? "-" : deadline_state_name(s));
		return;
	}
	timeutil_format_duration(next->due_ms - now_ms, span, sizeof span);
	snprintf(buf, size, "%s %s%s", deadline_kind_label(next->kind), span,
	         next->state == DEADLINE_OVERDUE ? " overdue" : "");
}
