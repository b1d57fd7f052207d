/*
 * jsonw.c - JSON written as it goes (jsonw.h), as text or as a tree.
 *
 * Why not jansson alone: jansson only writes whole trees. Building one
 * per list row or event and dumping it, even straight to the stream with
 * json_dump_callback, left `irt list --json` at 3.8x and `irt timeline
 * --json` at 4.4x their text forms on the benchmark database (10,000
 * rows, 10,000 events; medians of wall time, release build): the trees,
 * not the writing, were the cost. So the text is written here directly,
 * into one buffer, with jansson's exact layout:
 *
 *   - after "{" or "[" of a container with members, and after each ",",
 *     a newline and depth * indent spaces when indenting, else a space
 *     after "," unless JSON_COMPACT; before the closing bracket of a
 *     container with members, a newline and the outer depth's spaces;
 *     empty containers are "{}" and "[]";
 *   - ": " between key and value, ":" with JSON_COMPACT;
 *   - strings escape '"', '\\', \b \f \n \r \t, the other C0 controls
 *     as \u00XX (uppercase hex), and then, as sanitize_json does after
 *     jansson, DEL and U+0080..U+009F as \u007F, \u0080..\u009F; all
 *     else (non-ASCII included, '/' too) is written as it is;
 *   - integers in decimal; reals as jansson's jsonp_dtostr: "%.*g" with
 *     the flags' precision (17 when 0), the locale's decimal point made
 *     '.', ".0" added when there is neither '.' nor 'e', and the
 *     exponent's '+' and leading zeros dropped.
 *
 * tests/unit/test_jsonw.c compares this text with json_dumps and
 * sanitize_json over the same trees, hostile strings and reals among
 * them, so a change of either side is caught.
 *
 * The tree writer keeps a stack of the open containers; each value is
 * appended to the innermost, under the pending key for an object.
 */
#include "irt/jsonw.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "irt/sanitize.h"
#include "irt/xalloc.h"

/* jansson keeps the indent in the low 5 bits of the dump flags and the
 * real precision in bits 11..15 (JSON_INDENT, JSON_REAL_PRECISION). */
#define FLAGS_INDENT(f)    ((int)((f)&JSON_MAX_INDENT))
#define FLAGS_PRECISION(f) ((int)(((f) >> 11) & 0x1f))

static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

struct jsonw {
	int tree; /* 1: building a tree, 0: writing text */

	/* text */
	FILE *out;
	int indent, compact, precision, failed;
	char point;    /* the locale's decimal point, for reals */
	int depth;     /* open containers */
	int first;     /* the innermost container has no member yet */
	int after_key; /* a key was written; its value comes next */
	size_t len;
	char *buf;
	unsigned flushes; /* how many times buf was written out */
	/* jsonw_memo: the bytes of the value last written under memo_key
	 * (memo_len 0: none), and where one being recorded began. */
	const void *memo_key, *rec_key;
	char *memo;
	size_t memo_len, rec_start;
	unsigned rec_flushes;

	/* tree */
	json_t *root;
	json_t **stack;
	size_t n_stack, cap_stack;
	char *key; /* the pending key, in a buffer kept for the next */
	size_t key_size;
};

/* ---- text ------------------------------------------------------------ */

static void flush(struct jsonw *w)
{
	if (w->len && fwrite(w->buf, 1, w->len, w->out) != w->len)
		w->failed = 1;
	w->len = 0;
	w->flushes++;
}

static void put(struct jsonw *w, const char *s, size_t n)
{
	if (w->len + n > JSONW_BUFSZ) {
		flush(w);
		if (n > JSONW_BUFSZ) {
			if (fwrite(s, 1, n, w->out) != n)
				w->failed = 1;
			return;
		}
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

static void put_char(struct jsonw *w, char c)
{
	if (w->len == JSONW_BUFSZ)
		flush(w);
	w->buf[w->len++] = c;
}

/* jansson's dump_indent: a newline and depth levels of spaces when
 * indenting, else one space when asked and not compact. */
static void put_indent(struct jsonw *w, int depth, int space)
{
	static const char spaces[] = "                                ";

	if (w->indent) {
		size_t n = (size_t)depth * (size_t)w->indent;

		put_char(w, '\n');
		while (n) {
			size_t k =
			    n < sizeof spaces - 1 ? n : sizeof spaces - 1;

			put(w, spaces, k);
			n -= k;
		}
	} else if (space && !w->compact) {
		put_char(w, ' ');
	}
}

/* What comes before a member of the innermost container: nothing at the
 * top, else the indent of the first member or a comma and the next. */
static void put_separator(struct jsonw *w)
{
	if (!w->depth)
		return;
	if (w->first) {
		put_indent(w, w->depth, 0);
		w->first = 0;
	} else {
		put_char(w, ',');
		put_indent(w, w->depth, 1);
	}
}

static void before_value(struct jsonw *w)
{
	if (w->after_key)
		w->after_key = 0;
	else
		put_separator(w);
}

/* Whether byte c is written as it is: printable ASCII but '"' and '\\',
 * and every byte of a multi-byte character but the lead 0xC2, which may
 * start a C1 control. */
static int plain(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\' && c != 0x7f && c != 0xc2;
}

/* Whether the 8 bytes at p are all plain ASCII (plain(), below 0x80):
 * the common run of text, copied 8 bytes at a time. Each test finds a
 * zero byte in v ^ pattern (or a byte below 0x20) the classic way; a
 * lane can only be flagged falsely above a byte that was itself
 * flagged, so "none flagged" is exact. */
static int plain8(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	uint64_t v, quote, slash, del;

	memcpy(&v, p, 8);
	quote = v ^ (ones * '"');
	slash = v ^ (ones * '\\');
	del = v ^ (ones * 0x7f);
	return ((v | ((v - ones * 0x20) & ~v) | ((quote - ones) & ~quote) |
	         ((slash - ones) & ~slash) | ((del - ones) & ~del)) &
	        high) == 0;
}

/* Writes the escape of byte c at o (the C1 control's second byte for
 * 0xC2); returns its end. */
static char *put_escape(char *o, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";

	*o++ = '\\';
	switch (c) {
	case '"':
	case '\\':
		*o++ = (char)c;
		break;
	case '\b':
		*o++ = 'b';
		break;
	case '\f':
		*o++ = 'f';
		break;
	case '\n':
		*o++ = 'n';
		break;
	case '\r':
		*o++ = 'r';
		break;
	case '\t':
		*o++ = 't';
		break;
	default:
		*o++ = 'u';
		*o++ = '0';
		*o++ = '0';
		*o++ = hex[c >> 4];
		*o++ = hex[c & 0xf];
		break;
	}
	return o;
}

/* Writes the valid UTF-8 s[0..n) as a JSON string, into the buffer at
 * once when its longest escaping (6 bytes a byte) fits, else in pieces. */
static void put_string(struct jsonw *w, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	char esc[8], *o;
	size_t i, run = 0;

	if (n <= (JSONW_BUFSZ - 2) / 6) {
		if (w->len + 6 * n + 2 > JSONW_BUFSZ)
			flush(w);
		o = w->buf + w->len;
		*o++ = '"';
		for (i = 0; i < n; i++) {
			unsigned char c;

			while (i + 8 <= n && plain8(p + i)) {
				memcpy(o, p + i, 8);
				o += 8;
				i += 8;
			}
			if (i == n)
				break;
			c = p[i];

			if (plain(c) ||
			    (c == 0xc2 && (i + 1 == n || p[i + 1] >= 0xa0)))
				*o++ = (char)c;
			else
				o = put_escape(o, c == 0xc2 ? p[++i] : c);
		}
		*o++ = '"';
		w->len = (size_t)(o - w->buf);
		return;
	}
	put_char(w, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = p[i];

		if (plain(c) || (c == 0xc2 && (i + 1 == n || p[i + 1] >= 0xa0)))
			continue;
		put(w, s + run, i - run);
		if (c == 0xc2) /* C1: U+0080..U+009F is its 2nd byte */
			c = p[++i];
		put(w, esc, (size_t)(put_escape(esc, c) - esc));
		run = i + 1;
	}
	put(w, s + run, n - run);
	put_char(w, '"');
}

/* A string as jsonw_string writes it: NULL as "", invalid UTF-8 whole
 * as U+FFFD. */
static void put_text(struct jsonw *w, const char *s)
{
	size_t n, i = 0;

	if (!s)
		s = "";
	n = strlen(s);
	while (i < n && !((unsigned char)s[i] & 0x80))
		i++;
	if (i < n && !sanitize_utf8_valid(s + i, n - i))
		put_string(w, replacement, sizeof replacement - 1);
	else
		put_string(w, s, n);
}

static void put_integer(struct jsonw *w, int64_t v)
{
	char digits[24], *end = digits + sizeof digits, *d = end;
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		*--d = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag);
	if (v < 0)
		*--d = '-';
	put(w, d, (size_t)(end - d));
}

static void put_real(struct jsonw *w, double v)
{
	char buf[64], *e;
	int n = snprintf(buf, sizeof buf, "%.*g",
	                 w->precision ? w->precision : 17, v);
	size_t len;

	if (n < 0 || (size_t)n >= sizeof buf - 3 || !isfinite(v)) {
		put(w, "null", 4);
		return;
	}
	len = (size_t)n;
	if (w->point != '.' && (e = strchr(buf, w->point)) != NULL)
		*e = '.';
	if (!strchr(buf, '.') && !strchr(buf, 'e')) {
		memcpy(buf + len, ".0", 3);
		len += 2;
	}
	e = strchr(buf, 'e');
	if (e) {
		char *start = e + 1, *end = start + 1;

		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, len - (size_t)(end - buf));
			len -= (size_t)(end - start);
		}
	}
	put(w, buf, len);
}

static void put_key(struct jsonw *w, const char *key, size_t n)
{
	put_separator(w);
	put_string(w, key, n);
	put(w, ": ", w->compact ? 1 : 2);
	w->after_key = 1;
}

/* Writes the jansson value v (borrowed) as text. */
static void put_value(struct jsonw *w, json_t *v)
{
	void *it;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		jsonw_object_begin(w);
		for (it = json_object_iter(v); it;
		     it = json_object_iter_next(v, it)) {
			put_key(w, json_object_iter_key(it),
			        json_object_iter_key_len(it));
			put_value(w, json_object_iter_value(it));
		}
		jsonw_object_end(w);
		break;
	case JSON_ARRAY:
		jsonw_array_begin(w);
		for (i = 0; i < json_array_size(v); i++)
			put_value(w, json_array_get(v, i));
		jsonw_array_end(w);
		break;
	case JSON_STRING:
		before_value(w);
		put_string(w, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		jsonw_integer(w, json_integer_value(v));
		break;
	case JSON_REAL:
		jsonw_real(w, json_real_value(v));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		jsonw_bool(w, json_is_true(v));
		break;
	case JSON_NULL:
		jsonw_null(w);
		break;
	}
}

/* ---- tree ------------------------------------------------------------ */

/* Adds v (reference taken) to the innermost container, or as the root. */
static void tree_add(struct jsonw *w, json_t *v)
{
	json_t *top = w->n_stack ? w->stack[w->n_stack - 1] : NULL;

	if (!top) {
		if (!w->root)
			w->root = v;
		else
			json_decref(v);
	} else if (json_is_array(top)) {
		json_array_append_new(top, v);
	} else {
		/* As json_object_set_new: a NULL value sets nothing. */
		json_object_set_new(top, w->key ? w->key : "", v);
	}
	if (w->key)
		w->key[0] = '\0';
}

static void tree_open(struct jsonw *w, json_t *container)
{
	tree_add(w, container);
	if (w->n_stack == w->cap_stack) {
		w->cap_stack = w->cap_stack ? 2 * w->cap_stack : 16;
		w->stack = xrealloc(w->stack, w->cap_stack * sizeof *w->stack);
	}
	w->stack[w->n_stack++] = container;
}

/* ---- the interface --------------------------------------------------- */

struct jsonw *jsonw_new_text(FILE *out, size_t flags)
{
	struct jsonw *w = xcalloc(1, sizeof *w);
	const struct lconv *lc = localeconv();

	w->out = out;
	w->indent = FLAGS_INDENT(flags);
	w->compact = (flags & JSON_COMPACT) != 0;
	w->precision = FLAGS_PRECISION(flags);
	w->point = lc && lc->decimal_point[0] ? lc->decimal_point[0] : '.';
	w->buf = xmalloc(JSONW_BUFSZ);
	return w;
}

struct jsonw *jsonw_new_tree(void)
{
	struct jsonw *w = xcalloc(1, sizeof *w);

	w->tree = 1;
	return w;
}

json_t *jsonw_take_tree(struct jsonw *w)
{
	json_t *root = w->root;

	w->root = NULL;
	jsonw_free(w);
	return root;
}

int jsonw_free(struct jsonw *w)
{
	int rc = 0;

	if (!w)
		return 0;
	if (!w->tree) {
		flush(w);
		rc = w->failed ? -1 : 0;
	}
	json_decref(w->root);
	free(w->stack);
	free(w->key);
	free(w->buf);
	free(w->memo);
	free(w);
	return rc;
}

/* A memo is kept for compact text only, a value after its key: its
 * bytes then never depend on where it is written. */
static int memo_fits(const struct jsonw *w)
{
	return !w->tree && w->compact && !w->indent && w->after_key;
}

int jsonw_memo_replay(struct jsonw *w, const void *key)
{
	if (!memo_fits(w) || !w->memo_len || w->memo_key != key)
		return 0;
	before_value(w);
	put(w, w->memo, w->memo_len);
	w->first = 0;
	return 1;
}

void jsonw_memo_begin(struct jsonw *w, const void *key)
{
	w->rec_key = NULL;
	if (!memo_fits(w))
		return;
	if (w->len > JSONW_BUFSZ / 2)
		flush(w); /* room for the value, so it stays in buf */
	w->rec_key = key;
	w->rec_start = w->len;
	w->rec_flushes = w->flushes;
}

void jsonw_memo_end(struct jsonw *w)
{
	size_t n;

	if (!w->rec_key || w->flushes != w->rec_flushes)
		return; /* not recorded, or written out half-way */
	n = w->len - w->rec_start;
	w->memo = xrealloc(w->memo, n ? n : 1);
	memcpy(w->memo, w->buf + w->rec_start, n);
	w->memo_len = n;
	w->memo_key = w->rec_key;
	w->rec_key = NULL;
}

void jsonw_object_begin(struct jsonw *w)
{
	if (w->tree) {
		tree_open(w, json_object());
		return;
	}
	before_value(w);
	put_char(w, '{');
	w->depth++;
	w->first = 1;
}

void jsonw_object_end(struct jsonw *w)
{
	if (w->tree) {
		if (w->n_stack)
			w->n_stack--;
		return;
	}
	if (!w->first)
		put_indent(w, w->depth - 1, 0);
	w->depth--;
	w->first = 0;
	put_char(w, '}');
}

void jsonw_array_begin(struct jsonw *w)
{
	if (w->tree) {
		tree_open(w, json_array());
		return;
	}
	before_value(w);
	put_char(w, '[');
	w->depth++;
	w->first = 1;
}

void jsonw_array_end(struct jsonw *w)
{
	if (w->tree) {
		if (w->n_stack)
			w->n_stack--;
		return;
	}
	if (!w->first)
		put_indent(w, w->depth - 1, 0);
	w->depth--;
	w->first = 0;
	put_char(w, ']');
}

void jsonw_key(struct jsonw *w, const char *key)
{
	size_t n = strlen(key);

	if (w->tree) {
		if (n + 1 > w->key_size) {
			w->key_size = n + 1 > 64 ? n + 1 : 64;
			w->key = xrealloc(w->key, w->key_size);
		}
		memcpy(w->key, key, n + 1);
		return;
	}
	put_key(w, key, n);
}

void jsonw_string(struct jsonw *w, const char *s)
{
	if (w->tree) {
		json_t *v = json_string(s ? s : "");

		tree_add(w,
		         v ? v
		           : json_stringn(replacement, sizeof replacement - 1));
		return;
	}
	before_value(w);
	put_text(w, s);
}

void jsonw_integer(struct jsonw *w, int64_t v)
{
	if (w->tree) {
		tree_add(w, json_integer(v));
		return;
	}
	before_value(w);
	put_integer(w, v);
}

void jsonw_real(struct jsonw *w, double v)
{
	if (w->tree) {
		tree_add(w, json_real(v));
		return;
	}
	before_value(w);
	put_real(w, v);
}

void jsonw_bool(struct jsonw *w, int v)
{
	if (w->tree) {
		tree_add(w, json_boolean(v));
		return;
	}
	before_value(w);
	if (v)
		put(w, "true", 4);
	else
		put(w, "false", 5);
}

void jsonw_null(struct jsonw *w)
{
	if (w->tree) {
		tree_add(w, json_null());
		return;
	}
	before_value(w);
	put(w, "null", 4);
}

void jsonw_value_new(struct jsonw *w, json_t *value)
{
	if (w->tree) {
		tree_add(w, value ? value : json_null());
		return;
	}
	if (value)
		put_value(w, value);
	else
		jsonw_null(w);
	json_decref(value);
}

void jsonw_raw(struct jsonw *w, const char *text)
{
	if (!w->tree)
		put(w, text, strlen(text));
}
