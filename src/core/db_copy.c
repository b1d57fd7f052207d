/*
 * db_copy.c - what `irt copy` needs from storage (db.h, copy.h): the
 * ledger entries of one database after a given one appended to another,
 * byte for byte, with the events, policy changes and signatures they
 * record and the projections they change; and the two signature tables
 * compared. Either database may be on either engine: everything goes
 * through the statement layer.
 *
 * Invariants: nothing is re-recorded (no hash computed, no time taken,
 * no signature made): every value written is one read from the source.
 * Rows are written in ledger order, the ledger's own in seq order, many
 * rows to a statement; the source is read in one pass, a batch held at a
 * time (bounded in rows and bytes), never whole.
 */
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/xalloc.h"

/* The entries, and the bytes of text, a batch may hold before it is
 * written (a few long notes). */
#define COPY_ROWS  DB_ROWS_PER_INSERT
#define COPY_BYTES (4u << 20)

/* One ledger entry as read, its strings owned. */
struct copy_entry {
	long seq;
	int64_t recorded_ms;
	char *kind;
	char *incident_uuid;
	int64_t incident;
	char *ref_uuid;
	int64_t ref_seq;
	char *ref_hash;
	char *actor;
	char *data;
	char *prev_hash;
	char *hash;
};

/* A signature to store, its strings owned. */
struct copy_sig {
	char *hash;
	char *signature;
};

/* What is read but not yet written. */
struct copy_batch {
	struct copy_entry *entries;
	size_t n_entries;
	struct event_list events;
	struct event_list policy;
	struct copy_sig *sigs;
	size_t n_sigs;
	size_t bytes;
};

static void batch_clear(struct copy_batch *b)
{
	for (size_t i = 0; i < b->n_entries; i++) {
		struct copy_entry *e = &b->entries[i];

		free(e->kind);
		free(e->incident_uuid);
		free(e->ref_uuid);
		free(e->ref_hash);
		free(e->actor);
		free(e->data);
		free(e->prev_hash);
		free(e->hash);
	}
	for (size_t i = 0; i < b->n_sigs; i++) {
		free(b->sigs[i].hash);
		free(b->sigs[i].signature);
	}
	b->n_entries = 0;
	b->n_sigs = 0;
	b->bytes = 0;
	event_list_free(&b->events);
	event_list_free(&b->policy);
}

static void bind_entry(struct dbq *st, int at, const void *rows, size_t i)
{
	const struct copy_entry *e = &((const struct copy_entry *)rows)[i];

	dbq_bind_int64(st, at + 1, e->seq);
	dbq_bind_int64(st, at + 2, e->recorded_ms);
	dbq_bind_text(st, at + 3, e->kind);
	dbq_bind_text(st, at + 4, e->incident_uuid);
	dbq_bind_int64(st, at + 5, e->incident);
	dbq_bind_text(st, at + 6, e->ref_uuid);
	dbq_bind_int64(st, at + 7, e->ref_seq);
	dbq_bind_text(st, at + 8, e->ref_hash);
	dbq_bind_text(st, at + 9, e->actor);
	dbq_bind_text(st, at + 10, e->data);
	dbq_bind_text(st, at + 11, e->prev_hash);
	dbq_bind_text(st, at + 12, e->hash);
}

static void bind_policy(struct dbq *st, int at, const void *rows, size_t i)
{
	const struct event *ev = &((const struct event *)rows)[i];

	dbq_bind_int64(st, at + 1, ev->seq);
	dbq_bind_text(st, at + 2, ev->uuid);
	dbq_bind_int64(st, at + 3, ev->at_ms);
	dbq_bind_int64(st, at + 4, ev->recorded_ms);
	dbq_bind_text(st, at + 5, ev->actor);
	dbq_bind_text(st, at + 6, ev->field);
	dbq_bind_text(st, at + 7, ev->old_value);
	dbq_bind_text(st, at + 8, ev->new_value);
	dbq_bind_text(st, at + 9, ev->text);
	dbq_bind_text(st, at + 10, ev->prev_hash);
	dbq_bind_text(st, at + 11, ev->hash);
}

static void bind_sig(struct dbq *st, int at, const void *rows, size_t i)
{
	const struct copy_sig *s = &((const struct copy_sig *)rows)[i];

	dbq_bind_text(st, at + 1, s->hash);
	dbq_bind_text(st, at + 2, s->signature);
}

/* Writes what b holds: events, policy changes, signatures, then the
 * ledger entries that record them; b is emptied. */
static enum irt_status flush(struct db *dst, struct copy_batch *b,
                             struct db_copy_counts *counts, struct irt_err *err)
{
	enum irt_status status = IRT_OK;

	if (b->events.count)
		status = db_events_insert_rows(dst, b->events.items,
		                               b->events.count, err);
	if (status == IRT_OK && b->policy.count)
		status = db_insert_rows(
		    dst,
		    "INSERT INTO policy_events (seq, uuid, at_ms, "
		    "recorded_ms, actor, key, old_value, new_value, reason, "
		    "prev_hash, hash) VALUES ",
		    11, b->policy.items, b->policy.count, bind_policy, NULL,
		    "copying the policy changes", err);
	if (status == IRT_OK && b->n_sigs)
		status = db_insert_rows(
		    dst, "INSERT INTO signatures (hash, signature) VALUES ", 2,
		    b->sigs, b->n_sigs, bind_sig, NULL,
		    "copying the signatures", err);
	if (status == IRT_OK && b->n_entries)
		status = db_insert_rows(
		    dst,
		    "INSERT INTO ledger (seq, recorded_ms, kind, "
		    "incident_uuid, incident_id, ref_uuid, ref_seq, ref_hash, "
		    "actor, data, prev_hash, hash) VALUES ",
		    12, b->entries, b->n_entries, bind_entry, NULL,
		    "copying the ledger", err);
	if (status == IRT_OK) {
		counts->ledger += (long)b->n_entries;
		counts->events += (long)b->events.count;
		counts->policy += (long)b->policy.count;
		counts->signatures += (long)b->n_sigs;
	}
	batch_clear(b);
	return status;
}

/* The columns the entries' query reads, after the ledger's twelve. */
enum {
	C_EVENT = 12,  /* events: incident_id, seq, uuid, ... hash (14) */
	C_POLICY = 26, /* policy_events: seq ... hash (11) */
	C_SIG = 37,
	C_FOUND = 38, /* 1 the event, 2 the policy change, 0 neither */
};

/* Column i as an owned string, its bytes added to *bytes. */
static char *col(struct dbq *st, int i, size_t *bytes)
{
	*bytes += dbq_bytes(st, i);
	return db_col_str(st, i);
}

/* Reads the row st is on into b. */
static enum irt_status read_row(struct dbq *st, struct copy_batch *b,
                                long *imports, struct irt_err *err)
{
	struct copy_entry *e;
	int found = dbq_int(st, C_FOUND);

	b->entries = xrealloc(b->entries, (b->n_entries + 1) * sizeof *e);
	e = &b->entries[b->n_entries++];
	e->seq = (long)dbq_int64(st, 0);
	e->recorded_ms = dbq_int64(st, 1);
	e->kind = col(st, 2, &b->bytes);
	e->incident_uuid = col(st, 3, &b->bytes);
	e->incident = dbq_int64(st, 4);
	e->ref_uuid = col(st, 5, &b->bytes);
	e->ref_seq = dbq_int64(st, 6);
	e->ref_hash = col(st, 7, &b->bytes);
	e->actor = col(st, 8, &b->bytes);
	e->data = col(st, 9, &b->bytes);
	e->prev_hash = col(st, 10, &b->bytes);
	e->hash = col(st, 11, &b->bytes);
	if (strcmp(e->kind, "import") == 0) {
		(*imports)++;
		return IRT_OK;
	}
	if (found == 1 && strcmp(e->kind, "event") == 0) {
		struct event *ev = event_list_push(&b->events);
		int c = C_EVENT;

		ev->incident = (long)dbq_int64(st, c++);
		ev->seq = (long)dbq_int64(st, c++);
		db_col_copy(st, c++, ev->uuid, sizeof ev->uuid);
		ev->at_ms = dbq_int64(st, c++);
		ev->recorded_ms = dbq_int64(st, c++);
		ev->actor = col(st, c++, &b->bytes);
		ev->kind = col(st, c++, &b->bytes);
		ev->field = col(st, c++, &b->bytes);
		ev->old_value = col(st, c++, &b->bytes);
		ev->new_value = col(st, c++, &b->bytes);
		ev->text = col(st, c++, &b->bytes);
		ev->data = col(st, c++, &b->bytes);
		db_col_copy(st, c++, ev->prev_hash, sizeof ev->prev_hash);
		db_col_copy(st, c++, ev->hash, sizeof ev->hash);
		ev->signature = xstrdup("");
	} else if (found == 2 && strcmp(e->kind, "policy") == 0) {
		struct event *ev = event_list_push(&b->policy);
		int c = C_POLICY;

		ev->seq = (long)dbq_int64(st, c++);
		db_col_copy(st, c++, ev->uuid, sizeof ev->uuid);
		ev->at_ms = dbq_int64(st, c++);
		ev->recorded_ms = dbq_int64(st, c++);
		ev->actor = col(st, c++, &b->bytes);
		ev->field = col(st, c++, &b->bytes);
		ev->old_value = col(st, c++, &b->bytes);
		ev->new_value = col(st, c++, &b->bytes);
		ev->text = col(st, c++, &b->bytes);
		db_col_copy(st, c++, ev->prev_hash, sizeof ev->prev_hash);
		db_col_copy(st, c++, ev->hash, sizeof ev->hash);
		ev->kind = xstrdup("policy");
		ev->data = xstrdup("");
		ev->signature = xstrdup("");
	} else {
		return irt_err_set(err, IRT_ERR_TAMPERED,
		                   "ledger entry %ld of %s names %s %.40s, "
		                   "which %s does not hold: it does not verify "
		                   "(irt verify names what is wrong); nothing "
		                   "was copied",
		                   e->seq, db_path(st->db), e->kind,
		                   e->ref_uuid, db_path(st->db));
	}
	if (dbq_text(st, C_SIG)) {
		const struct event *signed_ev =
		    found == 1 ? &b->events.items[b->events.count - 1]
		               : &b->policy.items[b->policy.count - 1];
		struct copy_sig *s;

		b->sigs = xrealloc(b->sigs, (b->n_sigs + 1) * sizeof *s);
		s = &b->sigs[b->n_sigs++];
		s->hash = xstrdup(signed_ev->hash);
		s->signature = col(st, C_SIG, &b->bytes);
	}
	return IRT_OK;
}

/* The projections of the incidents the entries after `after` add to,
 * from src to dst. */
static enum irt_status copy_projections(struct db *src, struct db *dst,
                                        long after,
                                        struct db_copy_counts *counts,
                                        struct irt_err *err)
{
	struct dbq *st;
	long *ids = NULL;
	size_t n = 0;
	enum irt_status status =
	    db_prepare(src,
	               "SELECT DISTINCT incident_id FROM ledger WHERE seq > ? "
	               "AND kind = 'event' ORDER BY incident_id",
	               &st, err);
	int rc;

	if (status != IRT_OK)
		return status;
	dbq_bind_int64(st, 1, after);
	while ((rc = dbq_step(st)) == DBQ_ROW) {
		ids = xrealloc(ids, (n + 1) * sizeof *ids);
		ids[n++] = (long)dbq_int64(st, 0);
	}
	if (rc != DBQ_DONE)
		status = db_fail(src, rc, "reading the ledger", err);
	dbq_finalize(st);
	for (size_t i = 0; i < n && status == IRT_OK; i++) {
		struct incident inc;

		status = db_incident_load(src, ids[i], &inc, err);
		if (status == IRT_OK)
			status = db_incident_save(dst, &inc, err);
		incident_clear(&inc);
		counts->incidents++;
	}
	free(ids);
	return status;
}

/* The policy table, from src to dst. */
static enum irt_status copy_policy_table(struct db *src, struct db *dst,
                                         struct irt_err *err)
{
	struct dbq *rd, *wr;
	enum irt_status status = db_prepare(
	    src, "SELECT key, value FROM policy ORDER BY key", &rd, err);
	int rc;

	if (status != IRT_OK)
		return status;
	status = db_prepare(dst,
	                    "INSERT INTO policy (key, value) VALUES (?, ?) ON "
	                    "CONFLICT (key) DO UPDATE SET value = "
	                    "excluded.value",
	                    &wr, err);
	if (status != IRT_OK) {
		dbq_finalize(rd);
		return status;
	}
	while (status == IRT_OK && (rc = dbq_step(rd)) == DBQ_ROW) {
		int wrc;

		dbq_bind_text(wr, 1, dbq_text(rd, 0));
		dbq_bind_text(wr, 2, dbq_text(rd, 1));
		wrc = dbq_step(wr);
		if (wrc != DBQ_DONE)
			status = db_fail(dst, wrc, "copying the policy", err);
		dbq_reset(wr);
	}
	if (status == IRT_OK && rc != DBQ_DONE)
		status = db_fail(src, rc, "reading the policy", err);
	dbq_finalize(wr);
	dbq_finalize(rd);
	return status;
}

enum irt_status db_copy_entries(struct db *src, struct db *dst, long after,
                                struct db_copy_counts *counts,
                                struct irt_err *err)
{
	struct copy_batch b;
	struct dbq *st;
	enum irt_status status;
	int rc;

	memset(counts, 0, sizeof *counts);
	memset(&b, 0, sizeof b);
	status = copy_projections(src, dst, after, counts, err);
	if (status != IRT_OK)
		return status;
	status = db_prepare(
	    src,
	    "SELECT l.seq, l.recorded_ms, l.kind, l.incident_uuid, "
	    "l.incident_id, l.ref_uuid, l.ref_seq, l.ref_hash, l.actor, "
	    "l.data, l.prev_hash, l.hash, "
	    "e.incident_id, e.seq, e.uuid, e.at_ms, e.recorded_ms, e.actor, "
	    "e.kind, e.field, e.old_value, e.new_value, e.text, e.data, "
	    "e.prev_hash, e.hash, "
	    "p.seq, p.uuid, p.at_ms, p.recorded_ms, p.actor, p.key, "
	    "p.old_value, p.new_value, p.reason, p.prev_hash, p.hash, "
	    "s.signature, "
	    "CASE WHEN e.id IS NOT NULL THEN 1 WHEN p.id IS NOT NULL THEN 2 "
	    "ELSE 0 END "
	    "FROM ledger l "
	    "LEFT JOIN events e ON l.kind = 'event' AND e.uuid = l.ref_uuid "
	    "LEFT JOIN policy_events p ON l.kind = 'policy' AND p.uuid = "
	    "l.ref_uuid "
	    "LEFT JOIN signatures s ON s.hash = coalesce(e.hash, p.hash) "
	    "WHERE l.seq > ? ORDER BY l.seq",
	    &st, err);
	if (status != IRT_OK)
		return status;
	dbq_bind_int64(st, 1, after);
	if (src->engine->scan_begin)
		src->engine->scan_begin(src);
	while (status == IRT_OK && (rc = dbq_step(st)) == DBQ_ROW) {
		status = read_row(st, &b, &counts->imports, err);
		if (status == IRT_OK &&
		    (b.n_entries >= COPY_ROWS || b.bytes >= COPY_BYTES))
			status = flush(dst, &b, counts, err);
	}
	if (status == IRT_OK && rc != DBQ_DONE)
		status = db_fail(src, rc, "reading the ledger", err);
	if (status == IRT_OK)
		status = flush(dst, &b, counts, err);
	if (src->engine->scan_end)
		src->engine->scan_end(src);
	dbq_finalize(st);
	batch_clear(&b);
	free(b.entries);
	free(b.sigs);
	if (status == IRT_OK && counts->policy)
		status = copy_policy_table(src, dst, err);
	/* The ledger's head moved under the cache. */
	dst->ledger_seq = -1;
	return status;
}

/* ---- signatures compared ------------------------------------------ */

static void note_difference(struct db_sig_compare *c, const char *hash,
                            int kind)
{
	if (c->first[0])
		return;
	snprintf(c->first, sizeof c->first, "%s", hash);
	c->first_kind = kind;
}

enum irt_status db_signatures_compare(struct db *a, struct db *b,
                                      struct db_sig_compare *c,
                                      struct irt_err *err)
{
	static const char sql[] =
	    "SELECT hash, signature FROM signatures ORDER BY hash";
	struct dbq *qa = NULL, *qb = NULL;
	enum irt_status status;
	int ra, rb;

	memset(c, 0, sizeof *c);
	status = db_prepare(a, sql, &qa, err);
	if (status == IRT_OK)
		status = db_prepare(b, sql, &qb, err);
	if (status != IRT_OK)
		goto out;
	ra = dbq_step(qa);
	rb = dbq_step(qb);
	while (ra == DBQ_ROW || rb == DBQ_ROW) {
		int cmp = ra != DBQ_ROW ? 1
		          : rb != DBQ_ROW
		              ? -1
		              : strcmp(dbq_text(qa, 0), dbq_text(qb, 0));

		if (cmp < 0) {
			c->n_a++;
			c->only_a++;
			note_difference(c, dbq_text(qa, 0), 1);
			ra = dbq_step(qa);
		} else if (cmp > 0) {
			c->n_b++;
			c->only_b++;
			note_difference(c, dbq_text(qb, 0), 2);
			rb = dbq_step(qb);
		} else {
			c->n_a++;
			c->n_b++;
			if (strcmp(dbq_text(qa, 1), dbq_text(qb, 1)) != 0) {
				c->differ++;
				note_difference(c, dbq_text(qa, 0), 3);
			}
			ra = dbq_step(qa);
			rb = dbq_step(qb);
		}
	}
	if (ra != DBQ_DONE)
		status = db_fail(a, ra, "reading the signatures", err);
	else if (rb != DBQ_DONE)
		status = db_fail(b, rb, "reading the signatures", err);
out:
	dbq_finalize(qa);
	dbq_finalize(qb);
	return status;
}
