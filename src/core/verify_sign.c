/*
 * verify_sign.c - a record's signatures against an allowed-signers file
 * (verify_sign.h).
 *
 * A database is read twice in one snapshot: first only to learn which
 * key signed for whom when (sign_verifier_note), then incident by
 * incident to judge each entry, so a whole database is never held.
 */
#include "irt/verify_sign.h"

#include <stdlib.h>
#include <string.h>

#include "irt/sanitize.h"
#include "irt/sign.h"
#include "irt/xalloc.h"

#define MAX_PROBLEMS 50

/* Adds entry seq of incident to s's runs. */
static void range_add(struct sign_signer *s, long incident, long seq)
{
	struct sign_run *r = s->n_runs ? &s->runs[s->n_runs - 1] : NULL;

	s->n++;
	if (r && r->incident == incident && r->last + 1 == seq) {
		r->last = seq;
		return;
	}
	s->runs = xrealloc(s->runs, (s->n_runs + 1) * sizeof *s->runs);
	s->runs[s->n_runs++] = (struct sign_run){incident, seq, seq};
}

/* "#4 1-12, 15; policy 1-2" */
static void print_runs(const struct sign_signer *s, FILE *out)
{
	for (size_t i = 0; i < s->n_runs; i++) {
		const struct sign_run *r = &s->runs[i];

		if (i == 0 || s->runs[i - 1].incident != r->incident) {
			if (i)
				fputs("; ", out);
			if (r->incident)
				fprintf(out, "#%ld ", r->incident);
			else
				fputs("policy ", out);
		} else {
			fputs(", ", out);
		}
		if (r->first == r->last)
			fprintf(out, "%ld", r->first);
		else
			fprintf(out, "%ld-%ld", r->first, r->last);
	}
}

static struct sign_signer *signer(struct sign_tally *t, const char *principal,
                                  const char *fp)
{
	struct sign_signer *s;

	for (size_t i = 0; i < t->n_signers; i++)
		if (strcmp(t->signers[i].principal, principal) == 0 &&
		    strcmp(t->signers[i].fp, fp) == 0)
			return &t->signers[i];
	t->signers =
	    xrealloc(t->signers, (t->n_signers + 1) * sizeof *t->signers);
	s = &t->signers[t->n_signers++];
	memset(s, 0, sizeof *s);
	s->principal = xstrdup(principal);
	snprintf(s->fp, sizeof s->fp, "%s", fp);
	return s;
}

static void tally(struct sign_tally *t, long incident, const struct event *ev,
                  const struct sign_check *c)
{
	t->n_entries++;
	if (c->ok) {
		t->n_good++;
		range_add(signer(t, ev->actor, c->fp), incident, ev->seq);
		return;
	}
	if (!ev->signature || !ev->signature[0]) {
		t->n_unsigned++;
		range_add(&t->unsigned_, incident, ev->seq);
		return;
	}
	t->n_bad++;
	if (t->n_problems < MAX_PROBLEMS) {
		t->problems = xrealloc(t->problems, (t->n_problems + 1) *
		                                        sizeof *t->problems);
		char where[40];

		if (incident)
			snprintf(where, sizeof where, "#%ld event %ld",
			         incident, ev->seq);
		else
			snprintf(where, sizeof where, "policy change %ld",
			         ev->seq);
		t->problems[t->n_problems++] =
		    xasprintf("%s (%s by %s): %s", where, ev->kind, ev->actor,
		              c->problem);
	}
}

static struct sign_check check_of(const struct event *ev)
{
	struct sign_check c;

	memset(&c, 0, sizeof c);
	c.principal = ev->actor;
	c.message = ev->hash;
	c.len = strlen(ev->hash);
	c.signature = ev->signature;
	c.at_ms = ev->recorded_ms;
	return c;
}

static void note_all(struct sign_verifier *v, const struct event_list *l)
{
	for (size_t i = 0; l && i < l->count; i++) {
		struct sign_check c = check_of(&l->items[i]);

		sign_verifier_note(v, &c);
	}
}

static void check_all(struct sign_verifier *v, long incident,
                      const struct event_list *l, struct sign_tally *t)
{
	for (size_t i = 0; l && i < l->count; i++) {
		struct sign_check c = check_of(&l->items[i]);

		sign_verifier_check(v, &c);
		tally(t, incident, &l->items[i], &c);
	}
}

enum irt_status verify_sign_lists(const char *allowed, long incident,
                                  const struct event_list *events,
                                  const struct event_list *policy,
                                  struct sign_tally *t, struct irt_err *err)
{
	struct sign_verifier *v;
	enum irt_status status =
	    sign_verifier_new(allowed, SIGN_NS_EVENT, &v, err);

	if (status != IRT_OK)
		return status;
	note_all(v, policy);
	note_all(v, events);
	status = sign_verifier_prepare(v, err);
	if (status == IRT_OK) {
		check_all(v, 0, policy, t);
		check_all(v, incident, events, t);
	}
	sign_verifier_free(v);
	return status;
}

/* Each incident's events, into fn (note or check). */
static enum irt_status each_incident(struct db *db, const long *ids, size_t n,
                                     struct sign_verifier *v,
                                     struct sign_tally *t, struct irt_err *err)
{
	enum irt_status status = IRT_OK;

	for (size_t i = 0; i < n && status == IRT_OK; i++) {
		struct event_list events = {0};

		status = db_events_load(db, ids[i], &events, err);
		if (status == IRT_OK) {
			if (t)
				check_all(v, ids[i], &events, t);
			else
				note_all(v, &events);
		}
		event_list_free(&events);
	}
	return status;
}

enum irt_status verify_sign_db(struct db *db, long id, const char *allowed,
                               struct sign_tally *t, struct irt_err *err)
{
	struct sign_verifier *v;
	struct event_list policy = {0};
	long *ids = NULL;
	size_t n = 0;
	enum irt_status status =
	    sign_verifier_new(allowed, SIGN_NS_EVENT, &v, err);

	if (status != IRT_OK)
		return status;
	status = db_read_begin(db, err);
	if (status == IRT_OK && !id)
		status = db_policy_events(db, &policy, err);
	if (status == IRT_OK && !id) {
		status = db_incident_ids(db, &ids, &n, err);
	} else if (status == IRT_OK) {
		ids = xmalloc(sizeof *ids);
		ids[0] = id;
		n = 1;
	}
	if (status == IRT_OK) {
		note_all(v, &policy);
		status = each_incident(db, ids, n, v, NULL, err);
	}
	if (status == IRT_OK)
		status = sign_verifier_prepare(v, err);
	if (status == IRT_OK) {
		check_all(v, 0, &policy, t);
		status = each_incident(db, ids, n, v, t, err);
	}
	db_read_end(db);
	event_list_free(&policy);
	free(ids);
	sign_verifier_free(v);
	return status;
}

int verify_sign_ok(const struct sign_tally *t)
{
	return t->n_good == t->n_entries;
}

void verify_sign_print(const struct sign_tally *t, FILE *out)
{
	fprintf(out, "signatures: %zu of %zu entries signed as required\n",
	        t->n_good, t->n_entries);
	for (size_t i = 0; i < t->n_signers; i++) {
		const struct sign_signer *s = &t->signers[i];

		char *who = sanitize_terminal(s->principal, 0);

		fprintf(out, "  signed by %s (%s): %zu entr%s: ", who, s->fp,
		        s->n, s->n == 1 ? "y" : "ies");
		free(who);
		print_runs(s, out);
		fputc('\n', out);
	}
	if (t->n_unsigned) {
		fprintf(out, "  UNSIGNED: %zu entr%s: ", t->n_unsigned,
		        t->n_unsigned == 1 ? "y" : "ies");
		print_runs(&t->unsigned_, out);
		fputc('\n', out);
	}
	for (size_t i = 0; i < t->n_problems; i++) {
		char *what = sanitize_terminal(t->problems[i], 0);

		fprintf(out, "  NOT AS REQUIRED: %s\n", what);
		free(what);
	}
	if (t->n_bad > t->n_problems)
		fprintf(out, "  ... and %zu more wrongly signed entries\n",
		        t->n_bad - t->n_problems);
}

void verify_sign_free(struct sign_tally *t)
{
	for (size_t i = 0; i < t->n_signers; i++) {
		free(t->signers[i].principal);
		free(t->signers[i].runs);
	}
	free(t->signers);
	free(t->unsigned_.runs);
	free(t->unsigned_.principal);
	for (size_t i = 0; i < t->n_problems; i++)
		free(t->problems[i]);
	free(t->problems);
	memset(t, 0, sizeof *t);
}
