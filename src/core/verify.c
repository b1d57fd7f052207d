/*
 * verify.c - recomputes every hash chain, replays every event under the
 * rule book, rebuilds every projection and walks the ledger, and lists
 * each place where the stored record disagrees (verify.h).
 *
 * Nothing stored is believed for agreeing with itself: the projection is
 * compared with the events, the events with the rules and with the
 * ledger, the ledger with its own chain, and the schema with the one this
 * irt creates.
 */
#include "irt/verify.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/chain.h"
#include "irt/ledger.h"
#include "irt/rules.h"
#include "irt/xalloc.h"

/* Codes of problems that merge into runs of consecutive events. */
enum {
	CODE_SINGLE,
	CODE_LEDGER_MISSING,
	CODE_NOT_IN_LEDGER,
	CODE_RENUMBERED,
	CODE_NO_INCIDENT,
	CODE_MOVED,
};

static struct verify_problem *add(struct verify_report *r,
                                  enum verify_scope scope, long incident,
                                  long seq, int code)
{
	struct verify_problem *p;

	if (code != CODE_SINGLE) {
		/* Extend a run of the same kind of problem, if one ends at
		 * seq - 1 among the last few problems. */
		for (size_t i = r->n_problems, k = 0; i > 0 && k < 8;
		     i--, k++) {
			p = &r->problems[i - 1];
			if (p->scope == scope && p->incident == incident &&
			    p->code == code && p->seq_to + 1 == seq) {
				p->seq_to = seq;
				return NULL;
			}
		}
	}
	r->problems =
	    xrealloc(r->problems, (r->n_problems + 1) * sizeof *r->problems);
	p = &r->problems[r->n_problems++];
	memset(p, 0, sizeof *p);
	p->scope = scope;
	p->incident = incident;
	p->seq = p->seq_to = seq;
	p->code = code;
	return p;
}

static void problem(struct verify_report *r, enum verify_scope scope,
                    long incident, long seq, int code, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void problem(struct verify_report *r, enum verify_scope scope,
                    long incident, long seq, int code, const char *fmt, ...)
{
	struct verify_problem *p = add(r, scope, incident, seq, code);
	va_list ap;

	if (!p)
		return;
	va_start(ap, fmt);
	vsnprintf(p->what, sizeof p->what, fmt, ap);
	va_end(ap);
}

#define INC_PROBLEM(r, id, seq, ...)                                           \
	problem(r, VERIFY_INCIDENT, id, seq, CODE_SINGLE, __VA_ARGS__)

void verify_events(long incident, const char *incident_uuid,
                   const struct event_list *events,
                   const struct policy_history *policy,
                   struct incident *rebuilt, struct verify_report *report)
{
	const char *prev = chain_genesis;
	char hash[EVENT_HASH_LEN + 1];
	struct irt_err err;
	int replay_ok = 1, rules_ok = policy != NULL;

	incident_init(rebuilt);
	rebuilt->id = incident;
	for (size_t i = 0; i < events->count; i++) {
		const struct event *ev = &events->items[i];

		report->n_events++;
		if (ev->seq != (long)i + 1)
			INC_PROBLEM(report, incident, ev->seq,
			            "event %ld is out of sequence (expected "
			            "%zu): an event was removed or inserted",
			            ev->seq, i + 1);
		if (strcmp(ev->incident_uuid, incident_uuid) != 0)
			INC_PROBLEM(report, incident, ev->seq,
			            "event belongs to another incident");
		if (strcmp(ev->prev_hash, prev) != 0)
			INC_PROBLEM(report, incident, ev->seq,
			            "previous-hash link broken: an earlier "
			            "event was changed, removed or inserted");
		chain_hash(ev, hash);
		if (strcmp(hash, ev->hash) != 0)
			INC_PROBLEM(report, incident, ev->seq,
			            "content does not match its hash: the "
			            "event (%.20s by %.40s) was edited",
			            ev->kind, ev->actor);
		prev = ev->hash;
		if (!replay_ok)
			continue;
		/* The first broken rule is reported; the replay goes on
		 * without the rules, so the stored state is still compared
		 * with what the events make of it. */
		if (rules_ok &&
		    rules_check(rebuilt, ev,
		                policy_history_at(policy, ev->recorded_ms),
		                &err) != IRT_OK) {
			INC_PROBLEM(report, incident, ev->seq,
			            "breaks a rule (%.20s by %.40s): %s",
			            ev->kind, ev->actor, err.msg);
			rules_ok = 0;
		}
		if (incident_apply(rebuilt, ev, &err) != IRT_OK) {
			INC_PROBLEM(report, incident, ev->seq,
			            "cannot replay: %s", err.msg);
			replay_ok = 0;
		}
	}
	if (rules_ok && replay_ok && events->count &&
	    rules_check_end(rebuilt, &err) != IRT_OK)
		INC_PROBLEM(report, incident, 0, "breaks a rule: %s", err.msg);
}

static int same_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static int same_action(const struct action *a, const struct action *b)
{
	return a->n == b->n && same_str(a->title, b->title) &&
	       same_str(a->owner, b->owner) && same_str(a->type, b->type) &&
	       same_str(a->ticket, b->ticket) && a->due_ms == b->due_ms &&
	       a->created_ms == b->created_ms && a->done_ms == b->done_ms;
}

static int same_notification(const struct notification *a,
                             const struct notification *b)
{
	return a->seq == b->seq && same_str(a->audience, b->audience) &&
	       same_str(a->channel, b->channel) &&
	       same_str(a->recipients, b->recipients) &&
	       same_str(a->subject, b->subject) &&
	       same_str(a->status, b->status) && a->at_ms == b->at_ms;
}

void verify_compare(const struct incident *stored, const struct incident *re,
                    struct verify_report *r)
{
	long id = stored->id;

	if (!same_str(stored->uuid, re->uuid) && re->n_events)
		INC_PROBLEM(r, id, 0,
		            "stored UUID differs from the timeline's");
	for (int f = 0; f < FIELD_COUNT; f++)
		if (!same_str(stored->field[f], re->field[f]))
			INC_PROBLEM(r, id, 0,
			            "stored %s differs from the timeline's",
			            incident_fields[f].name);
	for (int s = 0; s < STAGE_WORK_COUNT; s++)
		if (!same_str(stored->owner[s], re->owner[s]))
			INC_PROBLEM(r, id, 0,
			            "stored %s owner differs from the "
			            "timeline's",
			            stage_name((enum stage)s));
	if (stored->listed_owner &&
	    !same_str(stored->listed_owner, incident_owner(re, re->stage)))
		INC_PROBLEM(r, id, 0,
		            "stored current owner (\"%.40s\", which lists "
		            "filter on) differs from the timeline's",
		            stored->listed_owner);
	if (stored->stage != re->stage ||
	    stored->prev_stage != re->prev_stage ||
	    stored->resolution != re->resolution)
		INC_PROBLEM(r, id, 0,
		            "stored stage differs from the timeline's");
	if (stored->severity != re->severity ||
	    stored->cvss_score != re->cvss_score ||
	    !same_str(stored->cvss_version, re->cvss_version))
		INC_PROBLEM(r, id, 0,
		            "stored severity or CVSS score differs from the "
		            "timeline's");
	for (int s = 0; s < STAGE_COUNT; s++)
		if (stored->entered_ms[s] != re->entered_ms[s] ||
		    stored->left_ms[s] != re->left_ms[s])
			INC_PROBLEM(r, id, 0,
			            "stored %s stage times differ from the "
			            "timeline's",
			            stage_name((enum stage)s));
	if (stored->acked_ms != re->acked_ms ||
	    stored->reported_ms != re->reported_ms ||
	    stored->created_ms != re->created_ms ||
	    stored->updated_ms != re->updated_ms)
		INC_PROBLEM(r, id, 0,
		            "stored times differ from the timeline's");
	if (!same_str(stored->actions_none, re->actions_none))
		INC_PROBLEM(r, id, 0, "stored review decision differs");
	if (stored->n_events != re->n_events ||
	    strcmp(stored->head_hash, re->head_hash) != 0)
		INC_PROBLEM(r, id, 0,
		            "stored chain head (%ld events) differs from the "
		            "timeline (%ld events)",
		            stored->n_events, re->n_events);
	if (stored->n_actions != re->n_actions)
		INC_PROBLEM(r, id, 0,
		            "stored actions (%zu) differ from the timeline's "
		            "(%zu)",
		            stored->n_actions, re->n_actions);
	else
		for (size_t i = 0; i < re->n_actions; i++)
			if (!same_action(&stored->actions[i], &re->actions[i]))
				INC_PROBLEM(
				    r, id, 0,
				    "stored action %ld differs from the "
				    "timeline's",
				    re->actions[i].n);
	if (stored->n_notifications != re->n_notifications)
		INC_PROBLEM(r, id, 0,
		            "stored notifications (%zu) differ from the "
		            "timeline's (%zu)",
		            stored->n_notifications, re->n_notifications);
	else
		for (size_t i = 0; i < re->n_notifications; i++)
			if (!same_notification(&stored->notifications[i],
			                       &re->notifications[i]))
				INC_PROBLEM(
				    r, id, 0,
				    "stored notification of event %ld (%.20s, "
				    "%.20s) differs from the timeline's",
				    re->notifications[i].seq,
				    re->notifications[i].audience,
				    re->notifications[i].status);
}

static enum irt_status verify_one(struct db *db, long id,
                                  const struct policy_history *policy,
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
		verify_events(id, stored.uuid, &events, policy, &rebuilt,
		              report);
		verify_compare(&stored, &rebuilt, report);
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
		problem(report, VERIFY_POLICY, 0, 0, CODE_SINGLE, "%s",
		        load_err.msg);
	else if (policy_timeline_check(&events, &stored, what, sizeof what) !=
	         0)
		problem(report, VERIFY_POLICY, 0, 0, CODE_SINGLE, "%s", what);
	event_list_free(&events);
	return IRT_OK;
}

/* ---- the ledger ---------------------------------------------------- */

/* incident number -> the last event sequence number the ledger named
 * for it: open addressing, grown at half full. */
struct last_seqs {
	long *keys; /* 0 = empty slot (incident numbers start at 1) */
	long *values;
	size_t cap, count;
};

static long *last_seq_slot(struct last_seqs *m, long key)
{
	size_t i;

	if (2 * (m->count + 1) > m->cap) {
		struct last_seqs old = *m;

		m->cap = m->cap ? 2 * m->cap : 1024;
		m->keys = xcalloc(m->cap, sizeof *m->keys);
		m->values = xcalloc(m->cap, sizeof *m->values);
		m->count = 0;
		for (size_t j = 0; j < old.cap; j++)
			if (old.keys[j])
				*last_seq_slot(m, old.keys[j]) = old.values[j];
		free(old.keys);
		free(old.values);
	}
	i = ((unsigned long)key * 2654435761u) & (m->cap - 1);
	while (m->keys[i] && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	if (!m->keys[i]) {
		m->keys[i] = key;
		m->count++;
	}
	return &m->values[i];
}

struct ledger_walk {
	struct verify_report *report;
	long seq;
	int64_t recorded_ms;
	char hash[EVENT_HASH_LEN + 1];
	struct last_seqs last;
};

static void check_entry(void *ctx, const struct ledger_row *row)
{
	struct ledger_walk *w = ctx;
	struct verify_report *r = w->report;
	const struct ledger_entry *e = &row->e;
	char hash[EVENT_HASH_LEN + 1];

	r->n_ledger++;
	if (e->seq != w->seq + 1)
		problem(r, VERIFY_LEDGER, 0, e->seq, CODE_SINGLE,
		        "out of sequence (expected %ld): entries were removed "
		        "or inserted",
		        w->seq + 1);
	if (strcmp(e->prev_hash, w->hash) != 0)
		problem(r, VERIFY_LEDGER, 0, e->seq, CODE_SINGLE,
		        "previous-hash link broken: an earlier entry was "
		        "changed, removed or inserted");
	ledger_hash(e, hash);
	if (strcmp(hash, e->hash) != 0)
		problem(r, VERIFY_LEDGER, 0, e->seq, CODE_SINGLE,
		        "content does not match its hash: the entry was "
		        "edited");
	if (e->recorded_ms < w->recorded_ms)
		problem(r, VERIFY_LEDGER, 0, e->seq, CODE_SINGLE,
		        "recorded before the entry before it: recorded times "
		        "never go backwards");
	w->seq = e->seq;
	w->recorded_ms = e->recorded_ms;
	memcpy(w->hash, e->hash, sizeof w->hash);
	if (!row->kind_known) {
		problem(r, VERIFY_LEDGER, 0, e->seq, CODE_SINGLE,
		        "unknown kind of entry");
		return;
	}
	if (e->kind == LEDGER_POLICY) {
		if (!row->found)
			problem(r, VERIFY_POLICY, 0, e->ref_seq,
			        CODE_LEDGER_MISSING,
			        "recorded in the ledger but missing: the "
			        "policy timeline was cut or emptied");
		else if (strcmp(row->found_hash, e->ref_hash) != 0 ||
		         row->found_seq != e->ref_seq)
			problem(r, VERIFY_POLICY, 0, e->ref_seq, CODE_SINGLE,
			        "differs from the change the ledger recorded");
		return;
	}
	if (e->kind != LEDGER_EVENT)
		return;
	if (!row->found) {
		problem(r, VERIFY_INCIDENT, e->incident, e->ref_seq,
		        CODE_LEDGER_MISSING,
		        "recorded in the ledger but missing: the incident was "
		        "deleted or its timeline cut");
		return;
	}
	if (strcmp(row->found_hash, e->ref_hash) != 0 ||
	    row->found_seq != e->ref_seq)
		problem(r, VERIFY_INCIDENT, row->found_incident, row->found_seq,
		        CODE_SINGLE,
		        "differs from the event the ledger recorded (as event "
		        "%ld of #%ld)",
		        e->ref_seq, e->incident);
	if (!row->found_incident_uuid[0])
		problem(r, VERIFY_INCIDENT, row->found_incident, row->found_seq,
		        CODE_NO_INCIDENT, "its incident is missing");
	else if (strcmp(row->found_incident_uuid, e->incident_uuid) != 0)
		problem(r, VERIFY_INCIDENT, row->found_incident, row->found_seq,
		        CODE_MOVED,
		        "moved from another incident (the ledger records it "
		        "as #%ld's)",
		        e->incident);
	else if (row->found_incident != e->incident)
		problem(r, VERIFY_INCIDENT, row->found_incident, row->found_seq,
		        CODE_RENUMBERED,
		        "renumbered: the ledger records this incident as #%ld",
		        e->incident);
	if (e->incident > 0) {
		long *last = last_seq_slot(&w->last, e->incident);

		if (e->ref_seq != *last + 1)
			problem(r, VERIFY_LEDGER, 0, e->seq, CODE_SINGLE,
			        "#%ld's events are out of order in the ledger "
			        "(event %ld after %ld)",
			        e->incident, e->ref_seq, *last);
		*last = e->ref_seq;
	}
}

static void check_unlisted(void *ctx, long incident, long seq,
                           enum db_unlisted_kind kind)
{
	struct verify_report *r = ctx;

	switch (kind) {
	case DB_UNLISTED_EVENT:
		problem(r, VERIFY_INCIDENT, incident, seq, CODE_NOT_IN_LEDGER,
		        "not in the ledger: added outside irt");
		break;
	case DB_UNLISTED_POLICY:
		problem(r, VERIFY_POLICY, 0, seq, CODE_NOT_IN_LEDGER,
		        "not in the ledger: added outside irt");
		break;
	case DB_ORPHAN_ACTION:
		problem(r, VERIFY_INCIDENT, incident, 0, CODE_SINGLE,
		        "stored action %ld belongs to no incident", seq);
		break;
	case DB_ORPHAN_NOTIFICATION:
		problem(r, VERIFY_INCIDENT, incident, 0, CODE_SINGLE,
		        "stored notification of event %ld belongs to no "
		        "incident",
		        seq);
		break;
	}
}

static enum irt_status verify_ledger(struct db *db, struct verify_report *r,
                                     struct irt_err *err)
{
	struct ledger_walk w;
	enum irt_status status;

	memset(&w, 0, sizeof w);
	w.report = r;
	memcpy(w.hash, chain_genesis, sizeof w.hash);
	status = db_ledger_walk(db, check_entry, &w, err);
	free(w.last.keys);
	free(w.last.values);
	if (status == IRT_OK)
		status = db_ledger_unlisted(db, check_unlisted, r, err);
	return status;
}

enum irt_status verify_run(struct db *db, long id, struct verify_report *report,
                           struct irt_err *err)
{
	struct policy_history policy;
	long *ids = NULL;
	size_t n = 0;
	char what[256];
	enum irt_status status = IRT_OK;

	memset(report, 0, sizeof *report);
	/* One snapshot: writers may go on, the check sees one state. */
	status = db_read_begin(db, err);
	if (status != IRT_OK)
		return status;
	if (db_policy_history_load(db, &policy, err) != IRT_OK) {
		problem(report, VERIFY_POLICY, 0, 0, CODE_SINGLE,
		        "cannot be replayed: %s", err->msg);
		irt_err_clear(err);
	}
	if (id) {
		status = verify_one(db, id, &policy, report, err);
		goto out;
	}
	if (db_schema_check(db, what, sizeof what) != 0)
		problem(report, VERIFY_SCHEMA, 0, 0, CODE_SINGLE, "%s", what);
	else if (db_search_check(db, what, sizeof what) != 0)
		problem(report, VERIFY_SEARCH, 0, 0, CODE_SINGLE, "%s", what);
	status = verify_ledger(db, report, err);
	if (status == IRT_OK)
		status = verify_policy(db, report, err);
	if (status == IRT_OK)
		status = db_incident_ids(db, &ids, &n, err);
	for (size_t i = 0; i < n && status == IRT_OK; i++)
		status = verify_one(db, ids[i], &policy, report, err);
out:
	db_read_end(db);
	/* FTS5's own check of the index runs as a write: after the
	 * snapshot, when the schema is irt's. */
	if (status == IRT_OK && !id && report->n_problems == 0) {
		int bad = 0;

		status =
		    db_search_index_check(db, &bad, what, sizeof what, err);
		if (status == IRT_OK && bad)
			problem(report, VERIFY_SEARCH, 0, 0, CODE_SINGLE, "%s",
			        what);
	}
	policy_history_free(&policy);
	free(ids);
	return status;
}

void verify_problem_format(const struct verify_problem *p, char *buf,
                           size_t size)
{
	char where[96] = "";
	const char *unit = "event", *units = "events";

	switch (p->scope) {
	case VERIFY_INCIDENT:
		snprintf(where, sizeof where, "#%ld", p->incident);
		break;
	case VERIFY_POLICY:
		snprintf(where, sizeof where, "policy timeline");
		unit = "change";
		units = "changes";
		break;
	case VERIFY_LEDGER:
		snprintf(where, sizeof where, "ledger");
		unit = "entry";
		units = "entries";
		break;
	case VERIFY_SCHEMA:
		snprintf(where, sizeof where, "schema");
		break;
	case VERIFY_SEARCH:
		snprintf(where, sizeof where, "search index");
		break;
	}
	if (p->seq && p->seq_to > p->seq)
		snprintf(buf, size, "%s %s %ld-%ld: %s", where, units, p->seq,
		         p->seq_to, p->what);
	else if (p->seq)
		snprintf(buf, size, "%s %s %ld: %s", where, unit, p->seq,
		         p->what);
	else
		snprintf(buf, size, "%s: %s", where, p->what);
}

void verify_report_free(struct verify_report *report)
{
	if (!report)
		return;
	free(report->problems);
	memset(report, 0, sizeof *report);
}
