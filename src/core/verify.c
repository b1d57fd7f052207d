/*
 * verify.c - recomputes every hash chain and every projection from the
 * events alone, and lists each place where the stored data disagrees.
 * Any edit made behind irt's back (an event changed, removed, inserted or
 * reordered, or a projection changed) shows up here.
 */
#include "irt/verify.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/chain.h"
#include "irt/xalloc.h"

static void problem(struct verify_report *r, long incident, long seq,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void problem(struct verify_report *r, long incident, long seq,
                    const char *fmt, ...)
{
	struct verify_problem *p;
	va_list ap;

	r->problems =
	    xrealloc(r->problems, (r->n_problems + 1) * sizeof *r->problems);
	p = &r->problems[r->n_problems++];
	p->incident = incident;
	p->seq = seq;
	va_start(ap, fmt);
	vsnprintf(p->what, sizeof p->what, fmt, ap);
	va_end(ap);
}

void verify_events(long incident, const char *incident_uuid,
                   const struct event_list *events, struct incident *rebuilt,
                   struct verify_report *report)
{
	const char *prev = chain_genesis;
	char hash[EVENT_HASH_LEN + 1];
	struct irt_err err;
	int replay_ok = 1;

	incident_init(rebuilt);
	rebuilt->id = incident;
	for (size_t i = 0; i < events->count; i++) {
		const struct event *ev = &events->items[i];

		report->n_events++;
		if (ev->seq != (long)i + 1)
			problem(report, incident, ev->seq,
			        "event %ld is out of sequence (expected %zu): "
			        "an event was removed or inserted",
			        ev->seq, i + 1);
		if (strcmp(ev->incident_uuid, incident_uuid) != 0)
			problem(report, incident, ev->seq,
			        "event belongs to another incident");
		if (strcmp(ev->prev_hash, prev) != 0)
			problem(report, incident, ev->seq,
			        "previous-hash link broken: an earlier event "
			        "was changed, removed or inserted");
		chain_hash(ev, hash);
		if (strcmp(hash, ev->hash) != 0)
			problem(report, incident, ev->seq,
			        "content does not match its hash: the event "
			        "(%s by %.40s) was edited",
			        ev->kind, ev->actor);
		prev = ev->hash;
		if (replay_ok && incident_apply(rebuilt, ev, &err) != IRT_OK) {
			problem(report, incident, ev->seq, "cannot replay: %s",
			        err.msg);
			replay_ok = 0;
		}
	}
}

static int same_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Compares the stored projection with the rebuilt one. */
static void compare(const struct incident *stored, const struct incident *re,
                    struct verify_report *r)
{
	long id = stored->id;

	for (int f = 0; f < FIELD_COUNT; f++)
		if (!same_str(stored->field[f], re->field[f]))
			problem(r, id, 0,
			        "stored %s differs from the timeline's",
			        incident_fields[f].name);
	for (int s = 0; s < STAGE_WORK_COUNT; s++)
		if (!same_str(stored->owner[s], re->owner[s]))
			problem(r, id, 0,
			        "stored %s owner differs from the timeline's",
			        stage_name((enum stage)s));
	if (stored->stage != re->stage ||
	    stored->prev_stage != re->prev_stage ||
	    stored->resolution != re->resolution)
		problem(r, id, 0, "stored stage differs from the timeline's");
	if (stored->severity != re->severity ||
	    stored->cvss_score != re->cvss_score)
		problem(r, id, 0,
		        "stored severity differs from the timeline's");
	for (int s = 0; s < STAGE_COUNT; s++)
		if (stored->entered_ms[s] != re->entered_ms[s] ||
		    stored->left_ms[s] != re->left_ms[s])
			problem(r, id, 0,
			        "stored %s stage times differ from the "
			        "timeline's",
			        stage_name((enum stage)s));
	if (stored->acked_ms != re->acked_ms ||
	    stored->reported_ms != re->reported_ms ||
	    stored->created_ms != re->created_ms)
		problem(r, id, 0, "stored times differ from the timeline's");
	if (!same_str(stored->actions_none, re->actions_none))
		problem(r, id, 0, "stored review decision differs");
	if (stored->n_events != re->n_events ||
	    strcmp(stored->head_hash, re->head_hash) != 0)
		problem(r, id, 0,
		        "stored chain head (%ld events) differs from the "
		        "timeline (%ld events)",
		        stored->n_events, re->n_events);
	if (stored->n_actions != re->n_actions) {
		problem(r, id, 0, "stored actions differ from the timeline's");
	} else {
		for (size_t i = 0; i < re->n_actions; i++) {
			const struct action *a = &stored->actions[i],
			                    *b = &re->actions[i];

			if (a->n != b->n || !same_str(a->title, b->title) ||
			    !same_str(a->owner, b->owner) ||
			    !same_str(a->type, b->type) ||
			    a->due_ms != b->due_ms || a->done_ms != b->done_ms)
				problem(r, id, 0,
				        "stored action %ld differs from the "
				        "timeline's",
				        a->n);
		}
	}
	if (stored->n_notifications != re->n_notifications)
		problem(r, id, 0,
		        "stored notifications differ from the timeline's");
}

static enum irt_status verify_one(struct db *db, long id,
                                  struct verify_report *report,
                                  struct irt_err *err)
{
	struct incident stored, rebuilt;
	struct event_list events = {0};
	enum irt_status status = db_incident_load(db, id, &stored, err);

	if (status != IRT_OK) {
		incident_clear(&stored);
		return status;
	}
	status = db_events_load(db, id, &events, err);
	if (status == IRT_OK) {
		report->n_incidents++;
		verify_events(id, stored.uuid, &events, &rebuilt, report);
		compare(&stored, &rebuilt, report);
		incident_clear(&rebuilt);
	}
	event_list_free(&events);
	incident_clear(&stored);
	return status;
}

/* The policy timeline: its chain, and the stored policy it explains. */
static enum irt_status
verify_policy(struct db *db, struct verify_report *report, struct irt_err *err)
{
	struct event_list events = {0};
	struct policy stored;
	struct irt_err load_err;
	char what[256];
	enum irt_status status = db_policy_events(db, &events, err);

	if (status != IRT_OK)
		return status;
	if (db_policy_load(db, &stored, &load_err) != IRT_OK)
		problem(report, 0, 0, "%s", load_err.msg);
	else if (policy_timeline_check(&events, &stored, what, sizeof what) !=
	         0)
		problem(report, 0, 0, "%s", what);
	event_list_free(&events);
	return IRT_OK;
}

enum irt_status verify_run(struct db *db, long id, struct verify_report *report,
                           struct irt_err *err)
{
	long *ids = NULL;
	size_t n = 0;
	enum irt_status status = IRT_OK;

	memset(report, 0, sizeof *report);
	/* One snapshot: writers may go on, the check sees one state. */
	status = db_read_begin(db, err);
	if (status != IRT_OK)
		return status;
	if (id) {
		status = verify_one(db, id, report, err);
		db_read_end(db);
		return status;
	}
	status = verify_policy(db, report, err);
	if (status == IRT_OK)
		status = db_incident_ids(db, &ids, &n, err);
	for (size_t i = 0; i < n && status == IRT_OK; i++)
		status = verify_one(db, ids[i], report, err);
	db_read_end(db);
	free(ids);
	return status;
}

void verify_report_free(struct verify_report *report)
{
	if (!report)
		return;
	free(report->problems);
	memset(report, 0, sizeof *report);
}
