/*
 * db_search_marks.c - where a long note's tokens start (search_marks,
 * 012-search-marks.sql), so that a search hit's snippet is cut from
 * around its match without tokenizing the note up to it.
 *
 * A note of SEARCH_MARKS_MIN bytes or more gets one blob, under its
 * search_keys key: its token count, the step, and the byte offset of
 * token step, 2 * step, ... (each a little-endian uint32), as search_fts's
 * tokenizer (FTS5's unicode61, its default) splits it. The blob is
 * written with the event, in its transaction, on the SQLite engine only
 * (the server's search has its own words). It is derived data, not part
 * of the record: db_search_marks_find trusts a blob only when it fits its
 * note (marks_fit: the note's token count as the index has it, marks in
 * order and where tokens of their numbers can start); anything else and
 * the snippet is found the slow way. Like an edit of search_fts itself, a
 * forged blob that fits can move a snippet's window within its note; it
 * cannot change the record, which irt verify checks.
 */
#include "db_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/xalloc.h"

/* Tokens between marks: a snippet tokenizes at most this many before
 * the window it shows. */
#define MARKS_STEP 512
#define MARKS_HEAD 8 /* token count, step */

struct marks_build {
	unsigned char *p;
	size_t len, cap;
	uint32_t tokens;
};

static void put_u32(struct marks_build *m, uint32_t v)
{
	if (m->len + 4 > m->cap) {
		m->cap = m->cap ? m->cap * 2 : 256;
		m->p = xrealloc(m->p, m->cap);
	}
	for (int i = 0; i < 4; i++)
		m->p[m->len++] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static int marks_token(void *ctx, int tflags, const char *token, int n,
                       int start, int end)
{
	struct marks_build *m = ctx;

	(void)token;
	(void)n;
	(void)end;
	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	if (m->tokens && m->tokens % MARKS_STEP == 0)
		put_u32(m, (uint32_t)start);
	m->tokens++;
	return SQLITE_OK;
}

enum irt_status db_fts5_api(struct db *db, fts5_api **out, struct irt_err *err)
{
	fts5_api *fts5 = NULL;
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->conn, "SELECT fts5(?1)", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return db_fail(db, rc, "reaching the full-text index", err);
	sqlite3_bind_pointer(st, 1, &fts5, "fts5_api_ptr", NULL);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, "reaching the full-text index", err);
	if (!fts5 || fts5->iVersion < 2)
		return irt_err_set(err, IRT_ERR_DB, "this SQLite has no FTS5");
	*out = fts5;
	return IRT_OK;
}

/* The marks of text (len bytes) into *m, as search_fts's tokenizer has
 * them. */
static enum irt_status marks_build(struct db *db, const char *text, int len,
                                   struct marks_build *m, struct irt_err *err)
{
	fts5_api *fts5;
	fts5_tokenizer tok;
	Fts5Tokenizer *t = NULL;
	void *ud = NULL;
	enum irt_status status = db_fts5_api(db, &fts5, err);
	int rc;

	if (status != IRT_OK)
		return status;
	rc = fts5->xFindTokenizer(fts5, "unicode61", &ud, &tok);
	if (rc == SQLITE_OK)
		rc = tok.xCreate(ud, NULL, 0, &t);
	memset(m, 0, sizeof *m);
	put_u32(m, 0);
	put_u32(m, MARKS_STEP);
	if (rc == SQLITE_OK)
		rc = tok.xTokenize(t, m, FTS5_TOKENIZE_DOCUMENT, text, len,
		                   marks_token);
	if (t)
		tok.xDelete(t);
	if (rc != SQLITE_OK) {
		free(m->p);
		m->p = NULL;
		return db_fail(db, rc, "indexing a long note", err);
	}
	for (int i = 0; i < 4; i++)
		m->p[i] = (unsigned char)(m->tokens >> (8 * i));
	return IRT_OK;
}

/* Stores the marks of event_id's text under its key. */
static enum irt_status marks_store(struct db *db, int64_t event_id,
                                   const char *text, int len,
                                   struct irt_err *err)
{
	struct marks_build m;
	sqlite3_stmt *st;
	enum irt_status status = marks_build(db, text, len, &m, err);
	int rc;

	if (status != IRT_OK)
		return status;
	rc = sqlite3_prepare_v2(db->conn,
	                        "INSERT INTO search_marks (key, marks) SELECT "
	                        "key, ?2 FROM search_keys WHERE event_id = ?1",
	                        -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, event_id);
		sqlite3_bind_blob(st, 2, m.p, (int)m.len, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
	}
	free(m.p);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "indexing a long note", err);
	return IRT_OK;
}

enum irt_status db_search_marks_add(struct db *db, const struct event *events,
                                    size_t n, struct irt_err *err)
{
	enum irt_status status = IRT_OK;

	if (db->engine->search)
		return IRT_OK; /* the server's search: no marks */
	for (size_t i = 0; i < n && status == IRT_OK; i++) {
		const char *text = events[i].text;
		size_t len = text ? strlen(text) : 0;

		if (len >= SEARCH_MARKS_MIN && len < INT32_MAX)
			status =
			    marks_store(db, events[i].id, text, (int)len, err);
	}
	return status;
}

enum irt_status db_search_marks_backfill(struct db *db, struct irt_err *err)
{
	sqlite3_stmt *st;
	enum irt_status status = IRT_OK;
	int rc = sqlite3_prepare_v2(
	    db->conn,
	    "SELECT e.id, e.text FROM search_keys k JOIN events e ON e.id = "
	    "k.event_id WHERE length(CAST(e.text AS BLOB)) >= ?1 ORDER BY "
	    "k.key",
	    -1, &st, NULL);

	if (rc != SQLITE_OK)
		return db_fail(db, rc, "indexing the long notes", err);
	sqlite3_bind_int(st, 1, SEARCH_MARKS_MIN);
	while (status == IRT_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		status = marks_store(db, sqlite3_column_int64(st, 0),
		                     (const char *)sqlite3_column_text(st, 1),
		                     sqlite3_column_bytes(st, 1), err);
	sqlite3_finalize(st);
	if (status == IRT_OK && rc != SQLITE_DONE)
		status = db_fail(db, rc, "indexing the long notes", err);
	return status;
}

int db_search_marks_check(struct db *db, char *what, size_t size)
{
	sqlite3_stmt *st;
	struct irt_err err;
	int rc, result = 0;

	/* Every long note's marks as its text gives them, and marks of
	 * nothing else: one pass over the keyed notes, long or marked. */
	rc = sqlite3_prepare_v2(
	    db->conn,
	    "SELECT k.key, e.text, m.marks FROM search_keys k JOIN events e ON "
	    "e.id = k.event_id LEFT JOIN search_marks m ON m.key = k.key WHERE "
	    "m.key IS NOT NULL OR length(CAST(e.text AS BLOB)) >= ?1 UNION ALL "
	    "SELECT m.key, NULL, m.marks FROM search_marks m WHERE NOT EXISTS "
	    "(SELECT 1 FROM search_keys k WHERE k.key = m.key)",
	    -1, &st, NULL);
	if (rc != SQLITE_OK) {
		snprintf(what, size, "its marks cannot be read: %s",
		         sqlite3_errmsg(db->conn));
		return -1;
	}
	sqlite3_bind_int(st, 1, SEARCH_MARKS_MIN);
	while (result == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long key = sqlite3_column_int64(st, 0);
		const char *text = (const char *)sqlite3_column_text(st, 1);
		int len = sqlite3_column_bytes(st, 1);
		const void *got = sqlite3_column_blob(st, 2);
		int got_len = sqlite3_column_bytes(st, 2);
		struct marks_build m;

		if (!text || len < SEARCH_MARKS_MIN) {
			snprintf(
			    what, size,
			    "marks for a note that is not long or not there "
			    "(key %lld)",
			    key);
			result = -1;
		} else if (!got) {
			snprintf(what, size,
			         "no marks for a long note (key %lld)", key);
			result = -1;
		} else if (marks_build(db, text, len, &m, &err) != IRT_OK) {
			snprintf(what, size, "%s", err.msg);
			result = -1;
		} else {
			if ((size_t)got_len != m.len ||
			    memcmp(got, m.p, m.len) != 0) {
				snprintf(
				    what, size,
				    "the marks of a long note were changed "
				    "(key %lld)",
				    key);
				result = -1;
			}
			free(m.p);
		}
	}
	if (result == 0 && rc != SQLITE_DONE) {
		snprintf(what, size, "its marks cannot be read: %s",
		         sqlite3_errmsg(db->conn));
		result = -1;
	}
	sqlite3_finalize(st);
	return result;
}

/*
 * Whether the blob p (size bytes) can be the marks of a note of len
 * bytes and n_doc tokens: its count is n_doc, it has a mark per step
 * tokens, and each mark lies where a token of its number can start.
 * Tokens are separated by at least one byte, so token j starts at byte
 * 2j or later, and marks step tokens apart are 2 * step bytes apart or
 * more; the last lies inside the note.
 */
static int marks_fit(const unsigned char *p, int size, int len, int n_doc)
{
	uint32_t step, count, prev = 0;

	if (!p || size < MARKS_HEAD || (size - MARKS_HEAD) % 4 != 0 ||
	    n_doc <= 0 || get_u32(p) != (uint32_t)n_doc)
		return 0;
	step = get_u32(p + 4);
	count = (uint32_t)(size - MARKS_HEAD) / 4;
	if (step < 2 || step > (1u << 20) ||
	    count != ((uint32_t)n_doc - 1) / step)
		return 0;
	for (uint32_t k = 1; k <= count; k++) {
		uint32_t off = get_u32(p + MARKS_HEAD + 4 * (k - 1));

		if (off >= (uint32_t)len || (uint64_t)off < 2ull * k * step ||
		    (k > 1 && (uint64_t)off < (uint64_t)prev + 2ull * step))
			return 0;
		prev = off;
	}
	return 1;
}

/* Whether a token can start at byte off of text: not inside a
 * character, nor right after an ASCII letter or digit. */
static int token_start(const char *text, uint32_t off)
{
	unsigned char c = (unsigned char)text[off];
	unsigned char b = off ? (unsigned char)text[off - 1] : ' ';

	return (c & 0xc0) != 0x80 && !(b < 0x80 && isalnum(b));
}

int db_search_marks_find(struct db *db, int64_t key, const char *text, int len,
                         int n_doc, int token, int *pos, int *byte)
{
	sqlite3_stmt *st;
	const unsigned char *p;
	int size, found = 0;
	uint32_t step, k, off;

	if (len < SEARCH_MARKS_MIN || token < 2 ||
	    sqlite3_prepare_v2(db->conn,
	                       "SELECT marks FROM search_marks WHERE key = ?1",
	                       -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW) {
		p = sqlite3_column_blob(st, 0);
		size = sqlite3_column_bytes(st, 0);
		if (marks_fit(p, size, len, n_doc) &&
		    (k = (uint32_t)token / (step = get_u32(p + 4))) > 0 &&
		    k <= (uint32_t)(size - MARKS_HEAD) / 4) {
			off = get_u32(p + MARKS_HEAD + 4 * (k - 1));
			if (token_start(text, off)) {
				*pos = (int)(k * step);
				*byte = (int)off;
				found = 1;
			}
		}
	}
	sqlite3_finalize(st);
	return found;
}
