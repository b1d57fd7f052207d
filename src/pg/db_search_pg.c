/*
 * db_search_pg.c - full-text search of timeline text on PostgreSQL: the
 * engine's db_search and the incident list's text query.
 *
 * The server finds the events through the GIN index notes_fts
 * (DB_PG_NOTES_TSVECTOR, data/pg/002-notes-words.sql): the stored text
 * and the user's words are both cut into tokens as SQLite's FTS5
 * (unicode61) cuts them, runs of letters and digits (token_char below,
 * which the index's expression mirrors), each word a phrase of its
 * tokens, every word required; newest first (at_ms, then entry order), as on
 * SQLite. The snippet is made here as db_event.c makes it from FTS5's
 * positions: the 12 tokens around the first match, starting at its sentence
 * when that fits, matches in [brackets], "..." where text is left out, no piece
 * longer than 80 bytes. Its time is bounded by where the first match is: the
 * note is tokenized only to the end of the window.
 *
 * Where the engines differ (docs/team-server.md): case is folded for
 * ASCII only and diacritics are kept (the server's 'simple' parser in
 * the C locale does that).
 */
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/xalloc.h"

/* ---- tokens -------------------------------------------------------- */

/* The code point at s (n bytes left) and its length; a bad byte is one
 * byte of U+FFFD. */
static unsigned decode(const unsigned char *s, size_t n, int *len)
{
	unsigned c = s[0];
	int k = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;

	if (c < 0x80) {
		*len = 1;
		return c;
	}
	if (c < 0xc0 || (size_t)k > n) {
		*len = 1;
		return 0xfffd;
	}
	c &= 0xff >> (k + 1);
	for (int i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*len = 1;
			return 0xfffd;
		}
		c = c << 6 | (s[i] & 0x3f);
	}
	*len = k;
	return c;
}

/* Whether c is part of a token: letters and digits, as unicode61 has
 * them, near enough: ASCII letters and digits, and every other code
 * point but the punctuation, symbols and spaces of the common blocks.
 * DB_PG_NOTES_TSVECTOR's class is its complement: change both, and
 * notes_fts in a new migration. */
static int token_char(unsigned c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		       (c >= 'A' && c <= 'Z');
	if (c < 0xc0)
		return c == 0xaa || c == 0xb2 || c == 0xb3 || c == 0xb5 ||
		       c == 0xb9 || c == 0xba || (c >= 0xbc && c <= 0xbe);
	if (c == 0xd7 || c == 0xf7)
		return 0;
	if ((c >= 0x2000 && c <= 0x206f) || (c >= 0x20a0 && c <= 0x20cf) ||
	    (c >= 0x2190 && c <= 0x2bff) || (c >= 0x3000 && c <= 0x303f) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff0f) ||
	    (c >= 0xff1a && c <= 0xff20) || (c >= 0x1f000 && c <= 0x1faff) ||
	    c == 0xfeff || c == 0xfffd)
		return 0;
	return 1;
}

/* The next token of text[*pos, len): its bytes [*start, *end); 0 when
 * there is none. */
static int next_token(const char *text, size_t len, size_t *pos, int *start,
                      int *end)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t p = *pos;
	int k;

	while (p < len && !token_char(decode(s + p, len - p, &k)))
		p += (size_t)k;
	if (p >= len) {
		*pos = p;
		return 0;
	}
	*start = (int)p;
	while (p < len && token_char(decode(s + p, len - p, &k)))
		p += (size_t)k;
	*end = (int)p;
	*pos = p;
	return 1;
}

static int same_token(const char *a, int a_len, const char *b, int b_len)
{
	if (a_len != b_len)
		return 0;
	for (int i = 0; i < a_len; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return 1;
}

/* The query: each word a phrase of tokens (offsets into text). */
struct phrase {
	int n;
	int *start, *end;
};

struct query {
	const char *text;
	struct phrase *phrases;
	int n;
	int max_len;
};

static void query_parse(const char *text, struct query *q)
{
	size_t len = strlen(text), pos = 0;

	memset(q, 0, sizeof *q);
	q->text = text;
	while (pos < len) {
		size_t word_end;
		struct phrase ph = {0, NULL, NULL};
		int start, end;

		while (pos < len && (text[pos] == ' ' || text[pos] == '\t' ||
		                     text[pos] == '\n' || text[pos] == '\r' ||
		                     text[pos] == '\f' || text[pos] == '\v'))
			pos++;
		word_end = pos;
		while (word_end < len &&
		       !(text[word_end] == ' ' || text[word_end] == '\t' ||
		         text[word_end] == '\n' || text[word_end] == '\r' ||
		         text[word_end] == '\f' || text[word_end] == '\v'))
			word_end++;
		while (next_token(text, word_end, &pos, &start, &end)) {
			ph.start = xrealloc(ph.start,
			                    (size_t)(ph.n + 1) * sizeof(int));
			ph.end =
			    xrealloc(ph.end, (size_t)(ph.n + 1) * sizeof(int));
			ph.start[ph.n] = start;
			ph.end[ph.n++] = end;
		}
		pos = word_end;
		if (ph.n == 0)
			continue; /* no letters or digits: nothing to match */
		q->phrases =
		    xrealloc(q->phrases, (size_t)(q->n + 1) * sizeof ph);
		q->phrases[q->n++] = ph;
		if (ph.n > q->max_len)
			q->max_len = ph.n;
	}
}

static void query_free(struct query *q)
{
	for (int i = 0; i < q->n; i++) {
		free(q->phrases[i].start);
		free(q->phrases[i].end);
	}
	free(q->phrases);
}

char *db_pg_text_query(const char *text)
{
	struct query q;
	size_t cap = strlen(text) * 8 + 16, len = 0;
	char *out = xmalloc(cap);

	query_parse(text, &q);
	out[0] = '\0';
	for (int i = 0; i < q.n; i++)
		for (int t = 0; t < q.phrases[i].n; t++)
			len += (size_t)snprintf(
			    out + len, cap - len, "%s'%.*s'",
			    t   ? " <-> "
			    : i ? " & "
			        : "",
			    q.phrases[i].end[t] - q.phrases[i].start[t],
			    text + q.phrases[i].start[t]);
	query_free(&q);
	return out;
}

/* ---- snippets ------------------------------------------------------ */

/* A match: phrase `phrase` at token `off`. */
struct inst {
	int phrase, off;
};

static int snippet_sentence(const char *text, int start)
{
	int i = start - 1;

	while (i >= 0 && (text[i] == ' ' || text[i] == '\t' ||
	                  text[i] == '\r' || text[i] == '\n'))
		i--;
	return i >= 0 && i != start - 1 && (text[i] == '.' || text[i] == ':');
}

/* The note's tokens as far as the snippet needs them. */
struct doc {
	const char *text;
	int len;
	int n, cap;
	int *start, *end;
	struct inst *inst;
	int n_inst;
};

/* Whether phrase ph ends at the doc's token i. */
static int phrase_at(const struct query *q, const struct phrase *ph,
                     const struct doc *d, int i)
{
	int first = i - ph->n + 1;

	if (first < 0)
		return 0;
	for (int t = 0; t < ph->n; t++)
		if (!same_token(d->text + d->start[first + t],
		                d->end[first + t] - d->start[first + t],
		                q->text + ph->start[t],
		                ph->end[t] - ph->start[t]))
			return 0;
	return 1;
}

/*
 * Reads the note's tokens until the window around the first match is
 * known (and a few beyond, so a match running past it is seen): into
 * d, with every match found and *first, *size as db_event.c's
 * snippet_first_match gives them; *n_doc is the number of tokens when
 * all were read, else one more than were.
 */
static void doc_scan(const struct query *q, struct doc *d, int *first,
                     int *size, int *n_doc)
{
	size_t pos = 0;
	int start, end, stop = SNIPPET_TOKENS, done = 1;

	*first = -1;
	*size = 1;
	while (next_token(d->text, (size_t)d->len, &pos, &start, &end)) {
		int i = d->n;

		if (d->n == d->cap) {
			d->cap = d->cap ? d->cap * 2 : 64;
			d->start =
			    xrealloc(d->start, (size_t)d->cap * sizeof(int));
			d->end = xrealloc(d->end, (size_t)d->cap * sizeof(int));
		}
		d->start[i] = start;
		d->end[i] = end;
		d->n++;
		for (int p = 0; p < q->n; p++) {
			if (!phrase_at(q, &q->phrases[p], d, i))
				continue;
			d->inst = xrealloc(d->inst, (size_t)(d->n_inst + 1) *
			                                sizeof *d->inst);
			d->inst[d->n_inst].phrase = p;
			d->inst[d->n_inst++].off = i - q->phrases[p].n + 1;
			if (*first < 0 || i - q->phrases[p].n + 1 < *first) {
				*first = i - q->phrases[p].n + 1;
				*size = q->phrases[p].n;
				stop = *first + SNIPPET_TOKENS + q->max_len;
			}
		}
		if (i >= stop) {
			done = 0;
			break;
		}
	}
	if (*size > SNIPPET_TOKENS)
		*size = SNIPPET_TOKENS;
	*n_doc = done ? d->n : d->n + 1;
}

static void snippet_write(const struct query *q, const struct doc *d, int from,
                          int n, int more, struct snippet_buf *b)
{
	int match_end[SNIPPET_TOKENS];
	const char *text = d->text;

	for (int i = 0; i < n; i++)
		match_end[i] = -1;
	for (int i = 0; i < d->n_inst; i++) {
		int first = d->inst[i].off - from;
		int last = first + q->phrases[d->inst[i].phrase].n - 1;

		db_snippet_mark(match_end, n, first, last);
	}
	db_snippet_window(b, text, d->len, d->start + from, d->end + from, n,
	                  match_end, from > 0, more);
}

/* The snippet of text for q, as db_event.c's irt_snippet makes it. */
static char *snippet(const struct query *q, const char *text, size_t len)
{
	struct doc d;
	struct snippet_buf b = {0};
	int first, size, n_doc, lo = 0, hi, from = 0, n, scan_n;

	memset(&d, 0, sizeof d);
	d.text = text;
	d.len = (int)len;
	doc_scan(q, &d, &first, &size, &n_doc);
	if (first >= 0) {
		lo = first + size - SNIPPET_TOKENS;
		lo = lo < 0 ? 0 : lo;
		hi = first + SNIPPET_TOKENS;
	} else {
		hi = SNIPPET_TOKENS;
	}
	/* The tokens lo..hi that FTS5's scan would have read. */
	scan_n = (d.n < hi + 1 ? d.n : hi + 1) - lo;
	if (first >= 0) {
		from = first - (SNIPPET_TOKENS - size) / 2;
		if (from + SNIPPET_TOKENS > n_doc)
			from = n_doc - SNIPPET_TOKENS;
		if (from < lo)
			from = lo;
		for (int p = first; n_doc > SNIPPET_TOKENS && p >= lo; p--) {
			if (p - lo < scan_n &&
			    (p == 0 || snippet_sentence(text, d.start[p]))) {
				from = p < first ? p : from;
				break;
			}
		}
	}
	n = lo + scan_n - from;
	if (n > SNIPPET_TOKENS)
		n = SNIPPET_TOKENS;
	if (n > 0)
		snippet_write(q, &d, from, n, lo + scan_n > from + n, &b);
	else
		db_snippet_piece(&b, text, 0, (int)len, 0);
	if (!b.p)
		db_snippet_put(&b, "", 0);
	free(d.start);
	free(d.end);
	free(d.inst);
	return b.p;
}

/* ---- the search ---------------------------------------------------- */

enum irt_status db_pg_search(struct db *db, const char *query,
                             enum search_order order, size_t limit,
                             struct search_hits *hits, struct irt_err *err)
{
	struct query q;
	struct dbq *st;
	enum irt_status status;
	size_t cap = 0;
	int rc;

	memset(hits, 0, sizeof *hits);
	query_parse(query, &q);
	if (q.n == 0) {
		query_free(&q);
		return IRT_OK; /* no word to match */
	}
	/* By rank: PostgreSQL's ts_rank, not FTS5's bm25 (docs/team-server.md);
	 * equal scores newest first, as on SQLite. */
	status = db_prepare(
	    db,
	    order == SEARCH_RANK
	        ? "SELECT e.incident_id, e.seq, e.at_ms, i.title, e.kind, "
	          "e.text FROM events e JOIN incidents i ON i.id = "
	          "e.incident_id WHERE " DB_PG_NOTES_TSVECTOR " @@ "
	          "to_tsquery('simple', ?1) ORDER BY "
	          "ts_rank(" DB_PG_NOTES_TSVECTOR
	          ", to_tsquery('simple', ?1)) DESC, "
	          "e.at_ms DESC, e.id DESC LIMIT ?2"
	        : "SELECT e.incident_id, e.seq, e.at_ms, i.title, e.kind, "
	          "e.text FROM events e JOIN incidents i ON i.id = "
	          "e.incident_id WHERE " DB_PG_NOTES_TSVECTOR " @@ "
	          "to_tsquery('simple', ?1) ORDER BY e.at_ms DESC, e.id DESC "
	          "LIMIT ?2",
	    &st, err);
	if (status != IRT_OK) {
		query_free(&q);
		return status;
	}
	dbq_bind_text_own(st, 1, db_pg_text_query(query));
	dbq_bind_int64(st, 2, (int64_t)limit);
	while ((rc = dbq_step(st)) == DBQ_ROW) {
		struct search_hit *h;
		const char *text = dbq_text(st, 5);

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
		h->snippet = snippet(&q, text ? text : "", dbq_bytes(st, 5));
	}
	if (rc != DBQ_DONE) {
		status = db_fail(db, rc, "searching", err);
		search_hits_free(hits);
	}
	dbq_finalize(st);
	query_free(&q);
	return status;
}
