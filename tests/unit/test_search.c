/*
 * test_search.c - db_search on a temporary database: newest first and
 * --limit, by rank the best `limit` of many matches (the same as the
 * head of the whole ranking, equal scores newest first), no hits for a
 * limit of 0, and a search inside a caller's read snapshot leaves that
 * snapshot in force.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "irt/db.h"
#include "irt/tracker.h"
#include "testdb.h"

struct fixture {
	char path[512];
	struct db *db;
	struct tracker t;
	long id;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct new_incident spec = {0};
	struct irt_err err;

	fx->db = testdb_open(fx->path, sizeof fx->path, "search");
	fx->t.db = fx->db;
	fx->t.actor = "tester";
	spec.field[FIELD_TITLE] = "Searched";
	assert_int_equal(tracker_new(&fx->t, &spec, &fx->id, &err), IRT_OK);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	testdb_close(fx->db, fx->path);
	free(fx);
	return 0;
}

static void note(struct tracker *t, long id, const char *text)
{
	struct irt_err err;

	if (tracker_note(t, id, 0, "note", text, &err) != IRT_OK)
		fail_msg("note: %s", err.msg);
}

static void search(struct db *db, const char *query, enum search_order order,
                   size_t limit, struct search_hits *hits)
{
	struct irt_err err;

	if (db_search(db, query, order, limit, hits, &err) != IRT_OK)
		fail_msg("search: %s", err.msg);
}

static void test_newest_and_limit(void **state)
{
	struct fixture *fx = *state;
	struct search_hits hits;

	note(&fx->t, fx->id, "alpha one");   /* seq 2 */
	note(&fx->t, fx->id, "alpha two");   /* seq 3 */
	note(&fx->t, fx->id, "alpha three"); /* seq 4 */
	search(fx->db, "alpha", SEARCH_NEWEST, 2, &hits);
	assert_int_equal(hits.count, 2);
	assert_int_equal(hits.items[0].seq, 4);
	assert_int_equal(hits.items[1].seq, 3);
	assert_string_equal(hits.items[0].snippet, "[alpha] three");
	assert_string_equal(hits.items[0].title, "Searched");
	assert_string_equal(hits.items[0].kind, "note");
	search_hits_free(&hits);
	search(fx->db, "alpha", SEARCH_NEWEST, 0, &hits);
	assert_int_equal(hits.count, 0);
	assert_null(hits.items);
	search(fx->db, "alpha", SEARCH_RANK, 0, &hits);
	assert_int_equal(hits.count, 0);
	search(fx->db, "omega", SEARCH_RANK, 10, &hits);
	assert_int_equal(hits.count, 0);
	search_hits_free(&hits);
}

/* Notes of one length holding "gamma" 1 to 4 times, so that scores
 * repeat: the best 7 kept while ranking are the first 7 of the whole
 * ranking, and each run of equal scores goes newest first. */
static void test_rank_keeps_the_best(void **state)
{
	struct fixture *fx = *state;
	static const char *const texts[] = {
	    "gamma pad pad pad", "gamma gamma pad pad", "gamma gamma gamma pad",
	    "gamma gamma gamma gamma"};
	struct search_hits all, best;
	const int n = 40;

	for (int i = 0; i < n; i++)
		note(&fx->t, fx->id, texts[(i * 7) % 4]);
	search(fx->db, "gamma", SEARCH_RANK, 1000, &all);
	assert_int_equal(all.count, n);
	for (size_t i = 1; i < all.count; i++) {
		/* The same number of gammas: the same score, newer first. */
		if (strcmp(all.items[i - 1].snippet, all.items[i].snippet) == 0)
			assert_true(all.items[i - 1].seq > all.items[i].seq);
		/* More gammas first. */
		assert_true(strlen(all.items[i - 1].snippet) >=
		            strlen(all.items[i].snippet));
	}
	assert_string_equal(all.items[0].snippet,
	                    "[gamma] [gamma] [gamma] [gamma]");
	for (size_t limit = 1; limit <= 12; limit += 5) {
		search(fx->db, "gamma", SEARCH_RANK, limit, &best);
		assert_int_equal(best.count, limit);
		for (size_t i = 0; i < limit; i++)
			assert_int_equal(best.items[i].seq, all.items[i].seq);
		search_hits_free(&best);
	}
	search_hits_free(&all);
}

/* A search inside the caller's read snapshot does not end it: what
 * another connection writes meanwhile stays unseen until the caller
 * ends it. */
static void test_search_keeps_snapshot(void **state)
{
	struct fixture *fx = *state;
	struct tracker other = {.actor = "other"};
	struct search_hits hits;
	struct irt_err err;

	note(&fx->t, fx->id, "delta before");
	assert_int_equal(db_open(fx->path, 0, &other.db, &err), IRT_OK);
	assert_int_equal(db_read_begin(fx->db, &err), IRT_OK);
	search(fx->db, "delta", SEARCH_NEWEST, 10, &hits);
	assert_int_equal(hits.count, 1);
	search_hits_free(&hits);
	note(&other, fx->id, "delta written meanwhile");
	search(fx->db, "delta", SEARCH_RANK, 10, &hits);
	assert_int_equal(hits.count, 1);
	search_hits_free(&hits);
	search(fx->db, "delta", SEARCH_NEWEST, 10, &hits);
	assert_int_equal(hits.count, 1);
	search_hits_free(&hits);
	db_read_end(fx->db);
	search(fx->db, "delta", SEARCH_NEWEST, 10, &hits);
	assert_int_equal(hits.count, 2);
	assert_string_equal(hits.items[0].snippet, "[delta] written meanwhile");
	search_hits_free(&hits);
	db_close(other.db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_newest_and_limit, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_rank_keeps_the_best, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_search_keeps_snapshot, setup,
	                                    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
