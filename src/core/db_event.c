/*
 * db_event.c - the timeline table: appending events, reading an
 * incident's chain, and full-text search of timeline text.
 *
 * Searching reads search_fts (009-search-time.sql), whose keys sort as
 * the events do by when they happened: the newest matches are the
 * index's last, read from its top down, so a search costs the hits it
 * shows, not the notes that match. A search by rank needs every match's
 * bm25 score, which FTS5 computes per match; only the best are kept.
 *
 * A search hit's snippet is computed here, by the FTS5 auxiliary function
 * irt_snippet (registered on a connection at its first search), not by
 * FTS5's snippet(): that one scores every window of the note against
 * every match, so its time grows with the square of the note's length (a
 * 2 MiB note took most of a minute). irt_snippet takes the first match
 * from the index's position lists, tokenizes the note only from the
 * last of its marks before it (db_search_marks.c), or without marks from
 * its nearer end, to a window of SNIPPET_TOKENS tokens around it, and
 * shows at most SNIPPET_PIECE_MAX bytes of any one token or gap between
 * tokens:
 * its output is bounded whatever the note's size, and so is its time.
 */
#include "db_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/xalloc.h"

enum irt_status db_event_insert(struct db *db, struct event *ev,
                                struct irt_err *err)
{
	struct dbq *st = db->insert_event;
	enum irt_status status = IRT_OK;
	int rc;

	if (!st) {
		status = db_prepare(
		    db,
		    "INSERT INTO events (incident_id, seq, uuid, at_ms, "
		    "recorded_ms, actor, kind, field, old_value, new_value, "
		    "text, data, prev_hash, hash) VALUES "
		    "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
		    &st, err);
		if (status != IRT_OK)
			return status;
		db->insert_event = st;
	}
	dbq_bind_int64(st, 1, ev->incident);
	dbq_bind_int64(st, 2, ev->seq);
	dbq_bind_text(st, 3, ev->uuid);
	dbq_bind_int64(st, 4, ev->at_ms);
	dbq_bind_int64(st, 5, ev->recorded_ms);
	dbq_bind_text(st, 6, ev->actor);
	dbq_bind_text(st, 7, ev->kind);
	dbq_bind_text(st, 8, ev->field);
	dbq_bind_text(st, 9, ev->old_value);
	dbq_bind_text(st, 10, ev->new_value);
	dbq_bind_text(st, 11, ev->text);
	dbq_bind_text(st, 12, ev->data);
	dbq_bind_text(st, 13, ev->prev_hash);
	dbq_bind_text(st, 14, ev->hash);
	rc = dbq_step(st);
	if (rc == DBQ_DONE)
		ev->id = db_last_id(db);
	else
		status = db_fail(db, rc, "recording the event", err);
	dbq_reset(st);
	if (status == IRT_OK)
		status = db_search_marks_add(db, ev, 1, err);
	if (status == IRT_OK)
		status = db_event_inserted(db, ev, err);
	return status;
}

enum irt_status db_event_inserted(struct db *db, const struct event *ev,
                                  struct irt_err *err)
{
	enum irt_status status = db_sign_entry(db, ev, err);
	struct ledger_entry e;

	if (status != IRT_OK)
		return status;
	memset(&e, 0, sizeof e);
	e.kind = LEDGER_EVENT;
	e.recorded_ms = ev->recorded_ms;
	memcpy(e.incident_uuid, ev->incident_uuid, sizeof e.incident_uuid);
	e.incident = ev->incident;
	memcpy(e.ref_uuid, ev->uuid, sizeof e.ref_uuid);
	e.ref_seq = ev->seq;
	memcpy(e.ref_hash, ev->hash, sizeof e.ref_hash);
	return db_ledger_append(db, &e, err);
}

enum irt_status db_events_load(struct db *db, long id, struct event_list *list,
                               struct irt_err *err)
{
	struct dbq *st;
	enum irt_status status = db_prepare(
	    db,
	    "SELECT e.id, e.seq, i.uuid, e.uuid, e.at_ms, e.recorded_ms, "
	    "e.actor, e.kind, e.field, e.old_value, e.new_value, e.text, "
	    "e.data, e.prev_hash, e.hash, s.signature FROM events e JOIN "
	    "incidents i ON i.id = e.incident_id LEFT JOIN signatures s ON "
	    "s.hash = e.hash WHERE e.incident_id = ? ORDER BY e.seq",
	    &st, err);
	int rc;

	if (status != IRT_OK)
		return status;
	dbq_bind_int64(st, 1, id);
	while ((rc = dbq_step(st)) == DBQ_ROW) {
		struct event *ev = event_list_push(list);

		ev->id = dbq_int64(st, 0);
		ev->incident = id;
		ev->seq = (long)dbq_int64(st, 1);
		db_col_copy(st, 2, ev->incident_uuid, sizeof ev->incident_uuid);
		db_col_copy(st, 3, ev->uuid, sizeof ev->uuid);
		ev->at_ms = dbq_int64(st, 4);
		ev->recorded_ms = dbq_int64(st, 5);
		ev->actor = db_col_str(st, 6);
		ev->kind = db_col_str(st, 7);
		ev->field = db_col_str(st, 8);
		ev->old_value = db_col_str(st, 9);
		ev->new_value = db_col_str(st, 10);
		ev->text = db_col_str(st, 11);
		ev->data = db_col_str(st, 12);
		db_col_copy(st, 13, ev->prev_hash, sizeof ev->prev_hash);
		db_col_copy(st, 14, ev->hash, sizeof ev->hash);
		ev->signature = db_col_str(st, 15);
	}
	if (rc != DBQ_DONE)
		status = db_fail(db, rc, "reading the timeline", err);
	dbq_finalize(st);
	return status;
}

char *db_fts_query(const char *text)
{
	size_t n = strlen(text);
	char *q = xmalloc(3 * n + 8), *o = q;
	const char *p = text;

	while (*p) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (o != q)
			*o++ = ' ';
		*o++ = '"';
		while (*p && !isspace((unsigned char)*p)) {
			if (*p == '"')
				*o++ = '"';
			*o++ = *p++;
		}
		*o++ = '"';
	}
	if (o == q) {
		memcpy(q, "\"\"", 2);
		o = q + 2;
	}
	*o = '\0';
	return q;
}

/* ---- snippets ------------------------------------------------------ */

/* Tokens read around the first match: any window holding it. */
#define SNIPPET_SCAN (2 * SNIPPET_TOKENS + 1)

/* A note this long (bytes) or longer whose first match is near its end
 * is read from the end (snippet_scan_tail). */
#define SNIPPET_TAIL_MIN 4096

/* Tokens lo..hi of the note, read from the tokenizer. */
struct snippet_scan {
	const char *text;
	int base; /* where in text the tokenizer was given it */
	int lo, hi;
	int pos; /* position of the next token */
	int n;   /* tokens read: positions lo..lo+n-1 */
	int start[SNIPPET_SCAN], end[SNIPPET_SCAN]; /* byte offsets */
	unsigned char sentence[SNIPPET_SCAN];       /* starts a sentence */
};

/* Whether the token at byte offset start of text begins a sentence: it
 * follows "." or ":" and blanks (as FTS5's snippet() has it). */
static int snippet_sentence(const char *text, int start)
{
	int i = start - 1;

	while (i >= 0 && (text[i] == ' ' || text[i] == '\t' ||
	                  text[i] == '\r' || text[i] == '\n'))
		i--;
	return i >= 0 && i != start - 1 && (text[i] == '.' || text[i] == ':');
}

static int snippet_token(void *ctx, int tflags, const char *token, int n,
                         int start, int end)
{
	struct snippet_scan *scan = ctx;

	(void)token;
	(void)n;
	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK; /* a synonym: same position */
	if (scan->pos > scan->hi)
		return SQLITE_DONE; /* the rest is not read */
	if (scan->pos >= scan->lo) {
		start += scan->base;
		scan->sentence[scan->n] =
		    scan->pos == 0 || snippet_sentence(scan->text, start);
		scan->start[scan->n] = start;
		scan->end[scan->n] = scan->base + end;
		scan->n++;
	}
	scan->pos++;
	return SQLITE_OK;
}

static int snippet_count(void *ctx, int tflags, const char *token, int n,
                         int start, int end)
{
	(void)token;
	(void)n;
	(void)start;
	(void)end;
	if (!(tflags & FTS5_TOKEN_COLOCATED))
		++*(int *)ctx;
	return SQLITE_OK;
}

/*
 * Reads tokens lo..hi of a note of n_doc tokens and len bytes from its
 * end, in time bounded by the text from token lo on: its last `back`
 * bytes are tokenized and their tokens counted; the first may be a cut
 * piece of a token but still counts as one, so the last of them is token
 * n_doc - 1 of the note, and so back. The piece grows until it reaches
 * token lo. Returns SQLITE_OK with scan filled, SQLITE_NOTFOUND when the
 * piece would be most of the note (read it from the start instead), or
 * the tokenizer's error.
 */
static int snippet_scan_tail(const Fts5ExtensionApi *api, Fts5Context *fts,
                             struct snippet_scan *scan, int len, int n_doc)
{
	for (int back = SNIPPET_TAIL_MIN; back < len / 2; back *= 8) {
		int b = len - back, count = 0, rc;

		while (b < len && (scan->text[b] & 0xc0) == 0x80)
			b++; /* the first byte of a character */
		rc = api->xTokenize(fts, scan->text + b, len - b, &count,
		                    snippet_count);
		if (rc != SQLITE_OK)
			return rc;
		if (count > n_doc)
			return SQLITE_NOTFOUND; /* not the text indexed */
		if (count < 2 || n_doc - count >= scan->lo)
			continue; /* the first (maybe cut) not before lo */
		scan->base = b;
		scan->pos = n_doc - count;
		rc = api->xTokenize(fts, scan->text + b, len - b, scan,
		                    snippet_token);
		return rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	return SQLITE_NOTFOUND;
}

void db_snippet_put(struct snippet_buf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* "...", unless the snippet already ends with one. */
void db_snippet_ellipsis(struct snippet_buf *b)
{
	if (b->len < 3 || memcmp(b->p + b->len - 3, "...", 3) != 0)
		db_snippet_put(b, "...", 3);
}

/* Appends text[from, to), or when it is longer than SNIPPET_PIECE_MAX
 * its last bytes (tail: before the first match) or its first ones, with
 * "..." for the rest, cut at a character boundary. */
void db_snippet_piece(struct snippet_buf *b, const char *text, int from, int to,
                      int tail)
{
	int cut;

	if (to - from <= SNIPPET_PIECE_MAX) {
		db_snippet_put(b, text + from, (size_t)(to - from));
	} else if (tail) {
		cut = to - SNIPPET_PIECE_MAX;
		while (cut < to && (text[cut] & 0xc0) == 0x80)
			cut++;
		db_snippet_ellipsis(b);
		db_snippet_put(b, text + cut, (size_t)(to - cut));
	} else {
		cut = from + SNIPPET_PIECE_MAX;
		while (cut > from && (text[cut] & 0xc0) == 0x80)
			cut--;
		db_snippet_put(b, text + from, (size_t)(cut - from));
		db_snippet_ellipsis(b);
	}
}

void db_snippet_mark(int *match_end, int n, int first, int last)
{
	if (last < 0 || first >= n)
		return;
	if (first < 0)
		first = 0;
	if (last >= n)
		last = n - 1;
	if (last > match_end[first])
		match_end[first] = last;
}

void db_snippet_window(struct snippet_buf *b, const char *text, int len,
                       const int *start, const int *end, int n,
                       const int *match_end, int cut_before, int more)
{
	int in_match = -1, seen = 0;

	if (cut_before)
		db_snippet_ellipsis(b);
	else
		db_snippet_piece(b, text, 0, start[0], 1);
	for (int i = 0; i < n; i++) {
		if (i)
			db_snippet_piece(b, text, end[i - 1], start[i], !seen);
		if (in_match < 0 && match_end[i] >= 0) {
			db_snippet_put(b, "[", 1);
			in_match = match_end[i];
			seen = 1;
		} else if (in_match >= 0 && match_end[i] > in_match) {
			in_match = match_end[i];
		}
		db_snippet_piece(b, text, start[i], end[i], !seen);
		if (in_match == i) {
			db_snippet_put(b, "]", 1);
			in_match = -1;
		}
	}
	if (more)
		db_snippet_ellipsis(b);
	else
		db_snippet_piece(b, text, end[n - 1], len, 0);
}

/* The first match in the note: its token position (-1 for none) and its
 * phrase's length in tokens. */
static int snippet_first_match(const Fts5ExtensionApi *api, Fts5Context *fts,
                               int *first, int *size)
{
	int n_inst = 0, rc = api->xInstCount(fts, &n_inst);

	*first = -1;
	*size = 1;
	for (int i = 0; rc == SQLITE_OK && i < n_inst; i++) {
		int phrase, col, off;

		rc = api->xInst(fts, i, &phrase, &col, &off);
		if (rc == SQLITE_OK && col == 0 &&
		    (*first < 0 || off < *first)) {
			*first = off;
			*size = api->xPhraseSize(fts, phrase);
		}
	}
	if (*size < 1)
		*size = 1;
	if (*size > SNIPPET_TOKENS)
		*size = SNIPPET_TOKENS;
	return rc;
}

/*
 * Writes tokens [from, from + n) of scan: the text between them kept, the
 * matches in brackets (overlapping ones share a pair), "..." where text
 * is left out, which it is before the first token unless that starts the
 * note, and after the last unless more is 0 (the note ends there).
 */
static void snippet_write(const Fts5ExtensionApi *api, Fts5Context *fts,
                          const struct snippet_scan *scan, int from, int n,
                          int more, int len, struct snippet_buf *b)
{
	/* Per window token: the last token of a match starting there. */
	int match_end[SNIPPET_TOKENS], n_inst = 0;
	const char *text = scan->text;
	const int k = from - scan->lo; /* scan index of the first token */

	for (int i = 0; i < n; i++)
		match_end[i] = -1;
	api->xInstCount(fts, &n_inst);
	for (int i = 0; i < n_inst; i++) {
		int phrase, col, off, first, last;

		if (api->xInst(fts, i, &phrase, &col, &off) != SQLITE_OK ||
		    col != 0)
			continue;
		first = off - from;
		last = first + api->xPhraseSize(fts, phrase) - 1;
		db_snippet_mark(match_end, n, first, last);
	}
	db_snippet_window(b, text, len, scan->start + k, scan->end + k, n,
	                  match_end, from > 0, more);
}

/*
 * irt_snippet(search_fts): the note around its first match, the matched
 * phrases in [brackets], "..." where text is left out. As with FTS5's
 * snippet(..., 12), the window of 12 tokens starts at the start of the
 * match's sentence when that is before the match and the match fits in
 * the window (in a note longer than the window), else is centred on the
 * match, inside the note.
 */
static void snippet_function(const Fts5ExtensionApi *api, Fts5Context *fts,
                             sqlite3_context *ctx, int n_args,
                             sqlite3_value **args)
{
	struct snippet_scan scan;
	struct snippet_buf b = {0};
	const char *text = NULL;
	int len = 0, n_doc = 0, first = -1, size = 1, from, n, rc;

	(void)n_args;
	(void)args;
	rc = api->xColumnText(fts, 0, &text, &len);
	if (rc == SQLITE_OK)
		rc = snippet_first_match(api, fts, &first, &size);
	memset(&scan, 0, sizeof scan);
	scan.text = text ? text : "";
	if (first >= 0) {
		scan.lo = first + size - SNIPPET_TOKENS;
		scan.lo = scan.lo < 0 ? 0 : scan.lo;
		scan.hi = first + SNIPPET_TOKENS;
		if (api->xColumnSize(fts, 0, &n_doc) != SQLITE_OK)
			n_doc = -1;
	} else {
		scan.hi = SNIPPET_TOKENS;
	}
	/* A long note is read from its last mark before the window
	 * (db_search_marks.c), or without one from whichever end is nearer
	 * the match: the end when the tokens after lo are much fewer than
	 * those up to hi (reading from the end tokenizes its piece twice,
	 * and may grow). */
	if (rc == SQLITE_OK && first >= 0 && n_doc > 0 &&
	    db_search_marks_find(api->xUserData(fts), api->xRowid(fts),
	                         scan.text, len, n_doc, scan.lo, &scan.pos,
	                         &scan.base)) {
		rc = api->xTokenize(fts, scan.text + scan.base, len - scan.base,
		                    &scan, snippet_token);
		if (rc == SQLITE_OK)
			rc = SQLITE_DONE; /* read */
	} else if (rc == SQLITE_OK && first >= 0 && len >= SNIPPET_TAIL_MIN &&
	           n_doc > 0 && 4 * (n_doc - scan.lo) < scan.hi) {
		rc = snippet_scan_tail(api, fts, &scan, len, n_doc);
		if (rc == SQLITE_NOTFOUND) {
			scan.base = scan.pos = scan.n = 0;
			rc = SQLITE_OK;
		} else if (rc == SQLITE_OK) {
			rc = SQLITE_DONE; /* read */
		}
	}
	if (rc == SQLITE_OK)
		rc = api->xTokenize(fts, scan.text, len, &scan, snippet_token);
	if (rc != SQLITE_OK && rc != SQLITE_DONE) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	from = 0;
	if (first >= 0) {
		from = first - (SNIPPET_TOKENS - size) / 2;
		if (n_doc >= 0 && from + SNIPPET_TOKENS > n_doc)
			from = n_doc - SNIPPET_TOKENS;
		if (from < scan.lo)
			from = scan.lo;
		/* The match's sentence, when it starts before the match and
		 * the match fits in a window from there. */
		for (int p = first; n_doc > SNIPPET_TOKENS && p >= scan.lo;
		     p--) {
			if (p - scan.lo < scan.n &&
			    scan.sentence[p - scan.lo]) {
				from = p < first ? p : from;
				break;
			}
		}
	}
	n = scan.lo + scan.n - from;
	if (n > SNIPPET_TOKENS)
		n = SNIPPET_TOKENS;
	if (n > 0)
		snippet_write(api, fts, &scan, from, n,
		              scan.lo + scan.n > from + n, len, &b);
	else
		db_snippet_piece(&b, scan.text, 0, len, 0);
	if (!b.p)
		db_snippet_put(&b, "", 0);
	sqlite3_result_text(ctx, b.p, (int)b.len, free);
}

/* Makes irt_snippet known to FTS5 on this connection, once. */
static enum irt_status snippet_register(struct db *db, struct irt_err *err)
{
	fts5_api *fts5 = NULL;
	enum irt_status status;
	int rc;

	if (db->snippet_ready)
		return IRT_OK;
	status = db_fts5_api(db, &fts5, err);
	if (status != IRT_OK)
		return status;
	rc = fts5->xCreateFunction(fts5, "irt_snippet", db, snippet_function,
	                           NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "searching", err);
	db->snippet_ready = 1;
	return IRT_OK;
}

/* ---- searching ----------------------------------------------------- */

/*
 * search_fts's keys (009-search-time.sql): at_ms * 2^SEARCH_SLOT_BITS +
 * n for an event that fits, so that the keys sort as the events do (by
 * at_ms, then by id); from SEARCH_SPILL up, in entry order, for the few
 * that do not. The two strings are the same numbers for SQL.
 */
#define SEARCH_SLOT_BITS 14
#define SEARCH_SPILL     4611686018427387904LL /* 2^62 */
#define SEARCH_SPILL_SQL "4611686018427387904"

/* The columns of a hit (and its event's id), joined from the match's key;
 * irt_snippet needs the MATCH on search_fts in the same statement. */
#define SEARCH_HIT_SQL                                                         \
	"SELECT e.incident_id, e.seq, e.at_ms, i.title, e.kind, "              \
	"irt_snippet(search_fts), e.id FROM search_fts CROSS JOIN "            \
	"search_keys k ON k.key = search_fts.rowid CROSS JOIN events e ON "    \
	"e.id = k.event_id CROSS JOIN incidents i ON i.id = e.incident_id "    \
	"WHERE search_fts MATCH ?1 "

/*
 * Newest first: the keyed matches as the index holds them, from the top
 * down, stopping after `limit` (snippets are made for those alone), with
 * any matches above SEARCH_SPILL placed among them by their time.
 */
static const char search_newest_sql[] =
    "SELECT * FROM (" SEARCH_HIT_SQL "AND search_fts.rowid < " SEARCH_SPILL_SQL
    " ORDER BY search_fts.rowid DESC LIMIT ?2) UNION ALL "
    "SELECT * FROM (" SEARCH_HIT_SQL "AND search_fts.rowid >= " SEARCH_SPILL_SQL
    ") ORDER BY 3 DESC, 7 DESC LIMIT ?2";

/* By rank: every match's bm25, newest first so that, of equal scores,
 * the newest are kept (search_rank); then each kept hit. */
static const char search_scores_sql[] =
    "SELECT rowid, bm25(search_fts) FROM search_fts WHERE search_fts MATCH "
    "?1 ORDER BY rowid DESC";
static const char search_hit_sql[] = SEARCH_HIT_SQL "AND search_fts.rowid = ?2";
static const char search_spill_time_sql[] =
    "SELECT e.at_ms FROM search_keys k JOIN events e ON e.id = k.event_id "
    "WHERE k.key = ?1";

/* A match being ranked. */
struct ranked {
	int64_t key;
	int64_t at_ms;
	double score; /* bm25: lower is better */
};

/* Whether a ranks before b: a better score, or an equal one and newer
 * (at_ms, then entry order). */
static int ranked_before(const struct ranked *a, const struct ranked *b)
{
	if (a->score != b->score)
		return a->score < b->score;
	if (a->at_ms != b->at_ms)
		return a->at_ms > b->at_ms;
	/* At one at_ms, a key from SEARCH_SPILL up is an event entered
	 * after every keyed one there (their slots were full). */
	return a->key > b->key;
}

/* A keyed match's at_ms: its key divided by 2^SEARCH_SLOT_BITS, rounded
 * down (keys below zero are times before 1970). */
static int64_t search_key_at_ms(int64_t key)
{
	const int64_t slots = (int64_t)1 << SEARCH_SLOT_BITS;

	return key >= 0 ? key / slots : -((-key - 1) / slots) - 1;
}

/* The heap of the best `n` matches so far: the worst of them on top. */
static void ranked_sift_down(struct ranked *h, size_t n, size_t i)
{
	for (;;) {
		size_t worst = i, l = 2 * i + 1, r = l + 1;
		struct ranked t;

		if (l < n && ranked_before(&h[worst], &h[l]))
			worst = l;
		if (r < n && ranked_before(&h[worst], &h[r]))
			worst = r;
		if (worst == i)
			return;
		t = h[i];
		h[i] = h[worst];
		h[worst] = t;
		i = worst;
	}
}

static void ranked_sift_up(struct ranked *h, size_t i)
{
	while (i > 0) {
		size_t up = (i - 1) / 2;
		struct ranked t;

		if (!ranked_before(&h[up], &h[i]))
			return;
		t = h[i];
		h[i] = h[up];
		h[up] = t;
		i = up;
	}
}

static int ranked_compare(const void *a, const void *b)
{
	if (ranked_before(a, b))
		return -1;
	return ranked_before(b, a) ? 1 : 0;
}

/* Appends the hit of the row st is on (a SEARCH_HIT_SQL row). */
static void search_hit_add(struct search_hits *hits, size_t *cap,
                           struct dbq *st)
{
	struct search_hit *h;

	if (hits->count == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		hits->items = xrealloc(hits->items, *cap * sizeof *h);
	}
	h = &hits->items[hits->count++];
	h->incident = (long)dbq_int64(st, 0);
	h->seq = (long)dbq_int64(st, 1);
	h->at_ms = dbq_int64(st, 2);
	h->title = db_col_str(st, 3);
	h->kind = db_col_str(st, 4);
	h->snippet = db_col_str(st, 5);
}

static enum irt_status search_newest(struct db *db, const char *fts,
                                     size_t limit, struct search_hits *hits,
                                     struct irt_err *err)
{
	struct dbq *st;
	enum irt_status status = db_prepare(db, search_newest_sql, &st, err);
	size_t cap = 0;
	int rc;

	if (status != IRT_OK)
		return status;
	dbq_bind_text(st, 1, fts);
	dbq_bind_int64(st, 2, (int64_t)limit);
	while ((rc = dbq_step(st)) == DBQ_ROW)
		search_hit_add(hits, &cap, st);
	if (rc != DBQ_DONE)
		status = db_fail(db, rc, "searching", err);
	dbq_finalize(st);
	return status;
}

/*
 * The best `limit` matches by bm25 into *best (sorted, best first) and
 * their number into *n. FTS5 scores every match; only the best are kept,
 * in a heap, so memory is bounded by limit, not by the matches.
 */
static enum irt_status search_scores(struct db *db, const char *fts,
                                     size_t limit, struct ranked **best,
                                     size_t *n, struct irt_err *err)
{
	struct dbq *st = NULL, *spill = NULL;
	struct ranked *h = NULL, r;
	size_t cap = 0;
	enum irt_status status;
	int rc;

	*best = NULL;
	*n = 0;
	status = db_prepare(db, search_scores_sql, &st, err);
	if (status != IRT_OK)
		goto out;
	dbq_bind_text(st, 1, fts);
	while ((rc = dbq_step(st)) == DBQ_ROW) {
		r.key = dbq_int64(st, 0);
		r.score = dbq_double(st, 1);
		if (*n == limit && r.score > h[0].score)
			continue; /* worse than the worst kept */
		if (r.key < SEARCH_SPILL) {
			r.at_ms = search_key_at_ms(r.key);
		} else {
			if (!spill &&
			    (status = db_prepare(db, search_spill_time_sql,
			                         &spill, err)) != IRT_OK)
				goto out;
			dbq_bind_int64(spill, 1, r.key);
			rc = dbq_step(spill);
			r.at_ms = rc == DBQ_ROW ? dbq_int64(spill, 0) : 0;
			dbq_reset(spill);
			if (rc != DBQ_ROW && rc != DBQ_DONE)
				break;
		}
		if (*n < limit) {
			if (*n == cap) {
				cap = cap ? cap * 2 : 256;
				h = xrealloc(h, cap * sizeof *h);
			}
			h[(*n)++] = r;
			ranked_sift_up(h, *n - 1);
		} else if (ranked_before(&r, &h[0])) {
			h[0] = r;
			ranked_sift_down(h, *n, 0);
		}
	}
	if (rc != DBQ_DONE)
		status = db_fail(db, rc, "searching", err);
	else if (*n)
		qsort(h, *n, sizeof *h, ranked_compare);
out:
	dbq_finalize(st);
	dbq_finalize(spill);
	if (status != IRT_OK) {
		free(h);
		h = NULL;
		*n = 0;
	}
	*best = h;
	return status;
}

static enum irt_status search_rank(struct db *db, const char *fts, size_t limit,
                                   struct search_hits *hits,
                                   struct irt_err *err)
{
	struct ranked *best;
	struct dbq *st = NULL;
	size_t n, cap = 0;
	enum irt_status status = search_scores(db, fts, limit, &best, &n, err);
	int rc = DBQ_DONE;

	if (status == IRT_OK && n)
		status = db_prepare(db, search_hit_sql, &st, err);
	if (status != IRT_OK || !st)
		goto out;
	dbq_bind_text(st, 1, fts);
	for (size_t i = 0; i < n; i++) {
		dbq_bind_int64(st, 2, best[i].key);
		rc = dbq_step(st);
		if (rc == DBQ_ROW)
			search_hit_add(hits, &cap, st);
		else if (rc != DBQ_DONE)
			break;
		dbq_reset(st);
		rc = DBQ_DONE;
	}
	if (rc != DBQ_DONE)
		status = db_fail(db, rc, "searching", err);
out:
	dbq_finalize(st);
	free(best);
	return status;
}

enum irt_status db_search(struct db *db, const char *query,
                          enum search_order order, size_t limit,
                          struct search_hits *hits, struct irt_err *err)
{
	enum irt_status status;
	char *fts;
	int began;

	memset(hits, 0, sizeof *hits);
	if (limit == 0)
		return IRT_OK;
	if (db->engine->search)
		return db->engine->search(db, query, order, limit, hits, err);
	status = snippet_register(db, err);
	if (status != IRT_OK)
		return status;
	fts = db_fts_query(query);
	/* By rank, the scores and then the hits are read: one snapshot. */
	began = !db->in_read;
	status = db_read_begin(db, err);
	if (status == IRT_OK) {
		status = order == SEARCH_RANK
		             ? search_rank(db, fts, limit, hits, err)
		             : search_newest(db, fts, limit, hits, err);
		if (began)
			db_read_end(db);
	}
	if (status != IRT_OK)
		search_hits_free(hits);
	free(fts);
	return status;
}

void search_hits_free(struct search_hits *hits)
{
	if (!hits)
		return;
	for (size_t i = 0; i < hits->count; i++) {
		free(hits->items[i].title);
		free(hits->items[i].kind);
		free(hits->items[i].snippet);
	}
	free(hits->items);
	memset(hits, 0, sizeof *hits);
}
