/*
 * copy.c - `irt copy` (copy.h): the source's record appended to a
 * destination that holds nothing or a prefix of it, in one write, then
 * verified and compared with the source before the commit.
 *
 * Invariant: the destination's write is committed only when the
 * destination verifies and its ledger head, every chain head and its
 * signatures are the source's; on every other path it is rolled back.
 */
#include "irt/copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/xalloc.h"

/* Chain heads, collected (db_chain_heads). */
struct heads {
	struct db_chain_point *items;
	size_t count;
};

static void collect_head(void *ctx, const struct db_chain_point *head)
{
	struct heads *h = ctx;

	h->items = xrealloc(h->items, (h->count + 1) * sizeof *h->items);
	h->items[h->count++] = *head;
}

static enum irt_status load_heads(struct db *db, struct heads *h,
                                  struct irt_err *err)
{
	memset(h, 0, sizeof *h);
	return db_chain_heads(db, collect_head, h, err);
}

static enum irt_status diverged(struct db *src, struct db *dst,
                                struct irt_err *err, const char *what)
{
	return irt_err_set(err, IRT_ERR_DIVERGED,
	                   "%s holds a record of its own, not a copy of %s "
	                   "(%s): refusing to copy into it; nothing was "
	                   "written",
	                   db_path(dst), db_path(src), what);
}

/* The ledger: dst's is no longer than src's and ends where src's has
 * the same entry. */
static enum irt_status check_ledger(struct db *src, struct db *dst,
                                    struct copy_outcome *out,
                                    struct irt_err *err)
{
	char src_hash[EVENT_HASH_LEN + 1], dst_hash[EVENT_HASH_LEN + 1];
	char what[256];
	long n;
	enum irt_status status;

	status = db_ledger_point(src, 0, &out->src_ledger, src_hash, err);
	if (status == IRT_OK)
		status =
		    db_ledger_point(dst, 0, &out->dst_before, dst_hash, err);
	if (status != IRT_OK || out->dst_before == 0)
		return status;
	if (out->dst_before > out->src_ledger) {
		snprintf(what, sizeof what,
		         "its ledger has %ld entries, the source's %ld",
		         out->dst_before, out->src_ledger);
		return diverged(src, dst, err, what);
	}
	status = db_ledger_point(src, out->dst_before, &n, src_hash, err);
	if (status != IRT_OK)
		return status;
	if (strcmp(src_hash, dst_hash) != 0) {
		snprintf(what, sizeof what,
		         "ledger entry %ld differs: %.12s... there, %.12s... "
		         "in the source",
		         out->dst_before, dst_hash, src_hash);
		return diverged(src, dst, err, what);
	}
	return IRT_OK;
}

/* Every incident of dst is src's, under the same number, its chain a
 * prefix of src's. */
static enum irt_status check_chains(struct db *src, struct db *dst,
                                    struct irt_err *err)
{
	struct heads h;
	struct db_chain_point *points;
	enum irt_status status = load_heads(dst, &h, err);
	char what[256];

	if (status != IRT_OK || h.count == 0) {
		free(h.items);
		return status;
	}
	points = xcalloc(h.count, sizeof *points);
	for (size_t i = 0; i < h.count; i++) {
		memcpy(points[i].incident_uuid, h.items[i].incident_uuid,
		       sizeof points[i].incident_uuid);
		points[i].seq = h.items[i].n_events;
	}
	status = db_chain_points(src, points, h.count, err);
	for (size_t i = 0; i < h.count && status == IRT_OK; i++) {
		const struct db_chain_point *d = &h.items[i], *s = &points[i];

		what[0] = '\0';
		if (!s->incident)
			snprintf(what, sizeof what,
			         "its incident #%ld (%s) is not in the source",
			         d->incident, d->incident_uuid);
		else if (s->incident != d->incident)
			snprintf(what, sizeof what,
			         "its incident #%ld is #%ld in the source",
			         d->incident, s->incident);
		else if (s->n_events < d->n_events)
			snprintf(what, sizeof what,
			         "#%ld has %ld events there, %ld in the source",
			         d->incident, d->n_events, s->n_events);
		else if (strcmp(s->hash, d->hash) != 0)
			snprintf(what, sizeof what,
			         "#%ld event %ld differs from the source's",
			         d->incident, d->seq);
		if (what[0])
			status = diverged(src, dst, err, what);
	}
	free(points);
	free(h.items);
	return status;
}

/* dst's policy changes are src's first ones; *n_src and *n_dst say how
 * many each holds. */
static enum irt_status check_policy(struct db *src, struct db *dst,
                                    size_t *n_src, size_t *n_dst,
                                    struct irt_err *err)
{
	struct event_list s = {0}, d = {0};
	enum irt_status status = db_policy_events(src, &s, err);
	char what[256];

	if (status == IRT_OK)
		status = db_policy_events(dst, &d, err);
	*n_src = s.count;
	*n_dst = d.count;
	if (status == IRT_OK && d.count > s.count) {
		snprintf(what, sizeof what,
		         "it has %zu policy changes, the source %zu", d.count,
		         s.count);
		status = diverged(src, dst, err, what);
	}
	for (size_t i = 0; i < d.count && status == IRT_OK; i++)
		if (strcmp(d.items[i].uuid, s.items[i].uuid) != 0 ||
		    strcmp(d.items[i].hash, s.items[i].hash) != 0) {
			snprintf(what, sizeof what,
			         "policy change %ld differs from the source's",
			         d.items[i].seq);
			status = diverged(src, dst, err, what);
		}
	event_list_free(&s);
	event_list_free(&d);
	return status;
}

/* Every signature dst holds, src holds too, the same; *missing: how
 * many of src's dst lacks. */
static enum irt_status check_signatures(struct db *src, struct db *dst,
                                        long *missing, struct irt_err *err)
{
	struct db_sig_compare c;
	enum irt_status status = db_signatures_compare(src, dst, &c, err);
	char what[256];

	*missing = c.only_a;
	if (status != IRT_OK || (!c.only_b && !c.differ))
		return status;
	snprintf(what, sizeof what,
	         "%ld signature%s not in the source, %ld different from the "
	         "source's",
	         c.only_b, c.only_b == 1 ? "" : "s", c.differ);
	return diverged(src, dst, err, what);
}

/* After the copy: dst's ledger head, chain heads and signatures are
 * src's. */
static enum irt_status compare(struct db *src, struct db *dst,
                               struct copy_outcome *out, struct irt_err *err)
{
	struct heads hs = {0}, hd = {0};
	char hash_s[EVENT_HASH_LEN + 1], hash_d[EVENT_HASH_LEN + 1];
	long n_s = 0, n_d = 0, missing = 0;
	size_t p_s = 0, p_d = 0;
	enum irt_status status;
	const char *what = NULL;

	status = db_ledger_point(src, 0, &n_s, hash_s, err);
	if (status == IRT_OK)
		status = db_ledger_point(dst, 0, &n_d, hash_d, err);
	if (status == IRT_OK && (n_s != n_d || strcmp(hash_s, hash_d) != 0))
		what = "its ledger head is not the source's";
	if (status == IRT_OK && !what)
		status = load_heads(src, &hs, err);
	if (status == IRT_OK && !what)
		status = load_heads(dst, &hd, err);
	if (status == IRT_OK && !what && hs.count != hd.count)
		what = "it does not hold every incident of the source";
	for (size_t i = 0; status == IRT_OK && !what && i < hs.count; i++)
		if (hs.items[i].incident != hd.items[i].incident ||
		    hs.items[i].n_events != hd.items[i].n_events ||
		    strcmp(hs.items[i].incident_uuid,
		           hd.items[i].incident_uuid) != 0 ||
		    strcmp(hs.items[i].hash, hd.items[i].hash) != 0)
			what = "an incident's chain head is not the source's";
	if (status == IRT_OK && !what)
		status = check_policy(src, dst, &p_s, &p_d, err);
	if (status == IRT_OK && !what && p_s != p_d)
		what = "it does not hold every policy change of the source";
	if (status == IRT_OK && !what)
		status = check_signatures(src, dst, &missing, err);
	if (status == IRT_OK && !what && missing)
		what = "it lacks signatures the source holds";
	out->n_incidents = hd.count;
	free(hs.items);
	free(hd.items);
	if (status == IRT_OK && what)
		return irt_err_set(err, IRT_ERR_TAMPERED,
		                   "the copy in %s does not match %s: %s; "
		                   "nothing was written",
		                   db_path(dst), db_path(src), what);
	return status;
}

enum irt_status copy_run(struct db *src, struct db *dst,
                         struct copy_outcome *out, struct verify_report *report,
                         struct irt_err *err)
{
	enum irt_status status;
	size_t p_s = 0, p_d = 0;
	long missing = 0; /* compare() refuses a copy that still lacks any */

	memset(out, 0, sizeof *out);
	memset(report, 0, sizeof *report);
	status = db_read_begin(src, err);
	if (status != IRT_OK)
		return status;
	status = db_write_begin(dst, err);
	if (status != IRT_OK) {
		db_read_end(src);
		return status;
	}
	status = check_ledger(src, dst, out, err);
	if (status == IRT_OK)
		status = check_chains(src, dst, err);
	if (status == IRT_OK)
		status = check_policy(src, dst, &p_s, &p_d, err);
	if (status == IRT_OK)
		status = check_signatures(src, dst, &missing, err);
	if (status != IRT_OK)
		goto fail;
	out->nothing_new = out->dst_before == out->src_ledger;
	if (!out->nothing_new)
		status = db_copy_entries(src, dst, out->dst_before,
		                         &out->copied, err);
	if (status == IRT_OK)
		status = verify_run(dst, 0, report, err);
	if (status == IRT_OK && report->n_problems)
		status = irt_err_set(
		    err, IRT_ERR_TAMPERED,
		    "the copy in %s does not verify (%zu problem%s): nothing "
		    "was written",
		    db_path(dst), report->n_problems,
		    report->n_problems == 1 ? "" : "s");
	out->n_events = (long)report->n_events;
	if (status == IRT_OK)
		status = compare(src, dst, out, err);
	if (status != IRT_OK)
		goto fail;
	db_read_end(src);
	if (out->nothing_new) {
		db_write_rollback(dst);
		return IRT_OK;
	}
	return db_write_commit(dst, err);
fail:
	db_write_rollback(dst);
	db_read_end(src);
	return status;
}
