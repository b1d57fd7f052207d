/*
 * db_event.c - the timeline table: appending events, reading an
 * incident's chain, and full-text search of timeline text.
 *
 * A search hit's snippet is computed here, by the FTS5 auxiliary function
 * irt_snippet (registered on a connection at its first search), not by
 * FTS5's snippet(): that one scores every window of the note against
 * every match, so its time grows with the square of the note's length (a
 * 2 MiB note took most of a minute). irt_snippet takes the first match
 * from the index's position lists, tokenizes the note only up to the end
 * of a window of SNIPPET_TOKENS tokens around it, and shows at most
 * SNIPPET_PIECE_MAX bytes of any one token or gap between tokens: its
 * time and its output are bounded whatever the note's size.
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

/* Tokens shown around the first match (what snippet(..., 12) showed). */
#define SNIPPET_TOKENS 12
/* Bytes shown of any one token or gap between tokens. */
#define SNIPPET_PIECE_MAX 80
/* Tokens read around the first match: any window holding it. */
#define SNIPPET_SCAN (2 * SNIPPET_TOKENS + 1)

/* Tokens lo..hi of the note, read from the tokenizer. */
struct snippet_scan {
	const char *text;
	int lo, hi;
	int pos; /* position of the next token */
	int n;   /* tokens read: positions lo..lo+n-1 */
	int start[SNIPPET_SCAN], end[SNIPPET_SCAN]; /* byte offsets */
	unsigned char sentence[SNIPPET_SCAN];       /* starts a sentence */
};

/* The snippet as it is built. */
struct snippet_buf {
	char *p;
	size_t len, cap;
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
		return DBQ_DONE; /* the rest is not read */
	if (scan->pos >= scan->lo) {
		scan->sentence[scan->n] =
		    scan->pos == 0 || snippet_sentence(scan->text, start);
		scan->start[scan->n] = start;
		scan->end[scan->n] = end;
		scan->n++;
	}
	scan->pos++;
	return SQLITE_OK;
}

static void snippet_put(struct snippet_buf *b, const char *p, size_t n)
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
static void snippet_ellipsis(struct snippet_buf *b)
{
	if (b->len < 3 || memcmp(b->p + b->len - 3, "...", 3) != 0)
		snippet_put(b, "...", 3);
}

/* Appends text[from, to), or when it is longer than SNIPPET_PIECE_MAX
 * its last bytes (tail: before the first match) or its first ones, with
 * "..." for the rest, cut at a character boundary. */
static void snippet_piece(struct snippet_buf *b, const char *text, int from,
                          int to, int tail)
{
	int cut;

	if (to - from <= SNIPPET_PIECE_MAX) {
		snippet_put(b, text + from, (size_t)(to - from));
	} else if (tail) {
		cut = to - SNIPPET_PIECE_MAX;
		while (cut < to && (text[cut] & 0xc0) == 0x80)
			cut++;
		snippet_ellipsis(b);
		snippet_put(b, text + cut, (size_t)(to - cut));
	} else {
		cut = from + SNIPPET_PIECE_MAX;
		while (cut > from && (text[cut] & 0xc0) == 0x80)
			cut--;
		snippet_put(b, text + from, (size_t)(cut - from));
		snippet_ellipsis(b);
	}
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
	int match_end[SNIPPET_TOKENS], n_inst = 0, in_match = -1, seen = 0;
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
		if (last < 0 || first >= n)
			continue;
		if (first < 0)
			first = 0;
		if (last >= n)
			last = n - 1;
		if (last > match_end[first])
			match_end[first] = last;
	}
	if (from > 0)
		snippet_ellipsis(b);
	else
		snippet_piece(b, text, 0, scan->start[k], 1);
	for (int i = 0; i < n; i++) {
		if (i)
			snippet_piece(b, text, scan->end[k + i - 1],
			              scan->start[k + i], !seen);
		if (in_match < 0 && match_end[i] >= 0) {
			snippet_put(b, "[", 1);
			in_match = match_end[i];
			seen = 1;
		} else if (in_match >= 0 && match_end[i] > in_match) {
			in_match = match_end[i];
		}
		snippet_piece(b, text, scan->start[k + i], scan->end[k + i],
		              !seen);
		if (in_match == i) {
			snippet_put(b, "]", 1);
			in_match = -1;
		}
	}
	if (more)
		snippet_ellipsis(b);
	else
		snippet_piece(b, text, scan->end[k + n - 1], len, 0);
}

/*
 * irt_snippet(notes_fts): the note around its first match, the matched
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
	} else {
		scan.hi = SNIPPET_TOKENS;
	}
	if (rc == SQLITE_OK)
		rc = api->xTokenize(fts, scan.text, len, &scan, snippet_token);
	if (rc != SQLITE_OK && rc != DBQ_DONE) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	from = 0;
	if (first >= 0) {
		if (api->xColumnSize(fts, 0, &n_doc) != SQLITE_OK)
			n_doc = -1;
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
		snippet_piece(&b, scan.text, 0, len, 0);
	if (!b.p)
		snippet_put(&b, "", 0);
	sqlite3_result_text(ctx, b.p, (int)b.len, free);
}

/* Makes irt_snippet known to FTS5 on this connection, once. */
static enum irt_status snippet_register(struct db *db, struct irt_err *err)
{
	fts5_api *fts5 = NULL;
	sqlite3_stmt *st;
	int rc;

	if (db->snippet_ready)
		return IRT_OK;
	rc = sqlite3_prepare_v2(db->conn, "SELECT fts5(?1)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "searching", err);
	sqlite3_bind_pointer(st, 1, &fts5, "fts5_api_ptr", NULL);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, "searching", err);
	if (!fts5 || fts5->iVersion < 2)
		return irt_err_set(err, IRT_ERR_DB,
		                   "searching: this SQLite has no FTS5");
	rc = fts5->xCreateFunction(fts5, "irt_snippet", NULL, snippet_function,
	                           NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "searching", err);
	db->snippet_ready = 1;
	return IRT_OK;
}

enum irt_status db_search(struct db *db, const char *query, size_t limit,
                          struct search_hits *hits, struct irt_err *err)
{
	struct dbq *st;
	enum irt_status status;
	size_t cap = 0;
	int rc;

	if (db->engine->search)
		return db->engine->search(db, query, limit, hits, err);
	memset(hits, 0, sizeof *hits);
	status = snippet_register(db, err);
	if (status == IRT_OK)
		status = db_prepare(
		    db,
		    "SELECT e.incident_id, e.seq, e.at_ms, i.title, e.kind, "
		    "irt_snippet(notes_fts) FROM notes_fts JOIN events e ON "
		    "e.id = notes_fts.rowid JOIN incidents i ON i.id = "
		    "e.incident_id WHERE notes_fts MATCH ? ORDER BY e.at_ms "
		    "DESC, e.id DESC LIMIT ?",
		    &st, err);
	if (status != IRT_OK)
		return status;
	dbq_bind_text_own(st, 1, db_fts_query(query));
	dbq_bind_int64(st, 2, (int64_t)limit);
	while ((rc = dbq_step(st)) == DBQ_ROW) {
		struct search_hit *h;

		if (hits->count == cap) {
			cap = cap ? cap * 2 : 32;
			hits->items = xrealloc(hits->items, cap * sizeof *h);
		}
		h = &hits->items[hits->count++];
		h->incident = (long)dbq_int64(st, 0);
		h->seq = (long)dbq_int64(st, 1);
		h->at_ms = dbq_int64(st, 2);
		h->title = db_col_str(st, 3);
		h->kind = db_col_str(st, 4);
		h->snippet = db_col_str(st, 5);
	}
	if (rc != DBQ_DONE) {
		status = db_fail(db, rc, "searching", err);
		search_hits_free(hits);
	}
	dbq_finalize(st);
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
