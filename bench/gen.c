/*
 * gen.c - builds large irt databases for benchmarks.
 *
 *   irt-bench-gen DB INCIDENTS EVENTS [BIG]
 *
 * writes INCIDENTS incidents holding EVENTS events in all (real events:
 * UUIDs, hash chain, projection, full-text index), and, with BIG, one more
 * incident with BIG events. It uses the same core functions as irt, but
 * many events per transaction, so `irt verify` passes on the result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/chain.h"
#include "irt/db.h"
#include "irt/incident.h"

static const char *const words[] = {
    "rollback", "latency", "database", "failover", "token",       "webhook",
    "customer", "deploy",  "alert",    "cache",    "replica",     "timeout",
    "checkout", "login",   "queue",    "disk",     "certificate", "dns",
};
#define N_WORDS (sizeof words / sizeof *words)

static unsigned long rng = 88172645463325252UL;

static unsigned long next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void die(const struct irt_err *err)
{
	fprintf(stderr, "irt-bench-gen: %s\n", err->msg);
	exit(1);
}

static void append(struct db *db, struct incident *inc, struct event *ev,
                   int64_t at_ms)
{
	struct irt_err err;

	ev->incident = inc->id;
	ev->seq = inc->n_events + 1;
	memcpy(ev->incident_uuid, inc->uuid, sizeof ev->incident_uuid);
	event_new_uuid(ev->uuid);
	ev->at_ms = at_ms;
	ev->recorded_ms = at_ms;
	memcpy(ev->prev_hash, inc->head_hash, sizeof ev->prev_hash);
	chain_hash(ev, ev->hash);
	if (incident_apply(inc, ev, &err) != IRT_OK)
		die(&err);
	if (ev->seq == 1 && db_incident_save(db, inc, &err) != IRT_OK)
		die(&err);
	if (db_event_insert(db, ev, &err) != IRT_OK)
		die(&err);
	event_clear(ev);
}

static void one(struct db *db, long id, long n_events, int64_t start_ms)
{
	static const char *const sev[] = {"low", "medium", "high", "critical"};
	struct incident inc;
	struct event ev;
	struct irt_err err;
	char text[160];
	int64_t at = start_ms;

	incident_init(&inc);
	inc.id = id;
	event_new_uuid(inc.uuid);
	event_init(&ev);
	event_set(&ev.actor, "gen");
	event_set(&ev.kind, "create");
	snprintf(text, sizeof text, "Incident %ld: %s %s on %s", id,
	         words[next() % N_WORDS], words[next() % N_WORDS],
	         words[next() % N_WORDS]);
	event_set(&ev.new_value, text);
	append(db, &inc, &ev, at);
	if (n_events > 1) {
		event_init(&ev);
		event_set(&ev.actor, "gen");
		event_set(&ev.kind, "set");
		event_set(&ev.field, "severity");
		event_set(&ev.new_value, sev[next() % 4]);
		append(db, &inc, &ev, at += 1000);
	}
	if (n_events > 2) {
		event_init(&ev);
		event_set(&ev.actor, "gen");
		event_set(&ev.kind, "owner");
		event_set(&ev.field, "detect");
		snprintf(text, sizeof text, "owner%lu", next() % 40);
		event_set(&ev.new_value, text);
		append(db, &inc, &ev, at += 1000);
	}
	for (long i = 3; i < n_events; i++) {
		event_init(&ev);
		event_set(&ev.actor, "gen");
		event_set(&ev.kind, "note");
		event_set(&ev.field, "note");
		snprintf(text, sizeof text, "note %ld: %s %s %s", i,
		         words[next() % N_WORDS], words[next() % N_WORDS],
		         words[next() % N_WORDS]);
		event_set(&ev.text, text);
		append(db, &inc, &ev, at += 60000);
	}
	if (db_incident_save(db, &inc, &err) != IRT_OK)
		die(&err);
	incident_clear(&inc);
}

int main(int argc, char **argv)
{
	struct db *db;
	struct irt_err err;
	long n_inc, n_ev, big = 0, id = 1;
	int64_t start = 1767225600000LL; /* 2026-01-01 */

	if (argc < 4) {
		fprintf(stderr,
		        "usage: irt-bench-gen DB INCIDENTS EVENTS [BIG]\n");
		return 2;
	}
	n_inc = atol(argv[2]);
	n_ev = atol(argv[3]);
	if (argc > 4)
		big = atol(argv[4]);
	if (db_open(argv[1], DB_OPEN_CREATE, &db, &err) != IRT_OK)
		die(&err);
	if (db_write_begin(db, &err) != IRT_OK)
		die(&err);
	for (long i = 0; i < n_inc; i++, id++) {
		long n = n_ev / n_inc + (i < n_ev % n_inc);

		one(db, id, n, start + i * 600000);
		if (i % 500 == 499) {
			if (db_write_commit(db, &err) != IRT_OK ||
			    db_write_begin(db, &err) != IRT_OK)
				die(&err);
		}
	}
	if (big)
		one(db, id, big, start);
	if (db_write_commit(db, &err) != IRT_OK)
		die(&err);
	db_close(db);
	return 0;
}
