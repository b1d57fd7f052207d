/*
 * checkpoint.c - taking, writing, reading and checking checkpoints
 * (checkpoint.h).
 *
 * The statement is built in one place (statement_add_*) when taken, and
 * read back line by line, each field parsed strictly and re-formatted to
 * the same bytes, so what is checked is exactly what was signed. The
 * reader is a state machine fed one line at a time from a bounded
 * buffer: no input, however long or malformed, is held whole or makes
 * it read past its end.
 */
#include "irt/checkpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "irt/chain.h"
#include "irt/sanitize.h"
#include "irt/sign.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

#define BEGIN_LINE     "-----BEGIN IRT CHECKPOINT-----"
#define END_LINE       "-----END IRT CHECKPOINT-----"
#define SIG_BEGIN      "-----BEGIN SSH SIGNATURE-----"
#define SIG_END        "-----END SSH SIGNATURE-----"
#define STAMP_BEGIN    "-----BEGIN RFC3161 TIME-STAMP REPLY-----"
#define STAMP_END      "-----END RFC3161 TIME-STAMP REPLY-----"
#define STAMP_MAX      (1 << 20)
#define LABEL_MAX      1024 /* bytes of the database path kept */
#define ACTOR_MAX      256
#define BASE64_COLUMNS 64

/* ---- a growing buffer --------------------------------------------- */

struct buf {
	char *p;
	size_t len, cap;
};

static void buf_add(struct buf *b, const char *data, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap = b->cap ? 2 * b->cap : 256;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		xfatal("out of memory");
	va_end(ap);
	buf_add(b, s, strlen(s));
	free(s);
}

/* The buffer's text, handed over (NULL for an empty buffer). */
static char *buf_take(struct buf *b, size_t *len)
{
	char *p = b->p;

	if (len)
		*len = b->len;
	memset(b, 0, sizeof *b);
	return p;
}

/* ---- the fields' forms -------------------------------------------- */

static int is_hash(const char *s, size_t n)
{
	if (n != EVENT_HASH_LEN)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdef", s[i]) || !s[i])
			return 0;
	return 1;
}

static int is_uuid(const char *s, size_t n)
{
	if (n != EVENT_UUID_LEN)
		return 0;
	for (size_t i = 0; i < n; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-'
		         : !s[i] || !strchr("0123456789abcdef", s[i]))
			return 0;
	}
	return 1;
}

static int has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 1;
	return 0;
}

/* ---- taking ------------------------------------------------------- */

/* The database path for the "database:" line: control characters as
 * '?', at most LABEL_MAX bytes, not cut inside a UTF-8 character. */
static char *label(const char *path)
{
	size_t n = strlen(path);
	char *s;

	if (n > LABEL_MAX) {
		n = LABEL_MAX;
		while (n > 0 && ((unsigned char)path[n] & 0xC0) == 0x80)
			n--;
	}
	s = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)path[i];

		s[i] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
	}
	s[n] = '\0';
	return s;
}

struct heads {
	struct checkpoint *c;
	size_t cap;
};

static void add_head(void *ctx, const struct db_chain_point *head)
{
	struct heads *h = ctx;
	struct checkpoint *c = h->c;
	struct checkpoint_incident *inc;

	if (c->n_incidents == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 64;
		c->incidents =
		    xrealloc(c->incidents, h->cap * sizeof *c->incidents);
	}
	inc = &c->incidents[c->n_incidents++];
	memset(inc, 0, sizeof *inc);
	snprintf(inc->uuid, sizeof inc->uuid, "%s", head->incident_uuid);
	inc->number = head->incident;
	inc->n_events = head->n_events;
	snprintf(inc->hash, sizeof inc->hash, "%s",
	         head->hash[0] ? head->hash : chain_genesis);
}

/* Every UUID and hash as irt writes them, so the statement reads back:
 * else the database was changed outside irt. */
static enum irt_status check_heads(const struct checkpoint *c,
                                   struct irt_err *err)
{
	if (!is_hash(c->ledger_hash, strlen(c->ledger_hash)))
		return irt_err_set(err, IRT_ERR_CORRUPT,
		                   "the ledger's last hash is not one irt "
		                   "writes: the database was changed outside "
		                   "irt (irt verify)");
	for (size_t i = 0; i < c->n_incidents; i++) {
		const struct checkpoint_incident *inc = &c->incidents[i];

		if (!is_uuid(inc->uuid, strlen(inc->uuid)) ||
		    !is_hash(inc->hash, strlen(inc->hash)))
			return irt_err_set(
			    err, IRT_ERR_CORRUPT,
			    "#%ld's UUID or head hash is not one "
			    "irt writes: the database was changed "
			    "outside irt (irt verify)",
			    inc->number);
	}
	return IRT_OK;
}

/* The statement of c's fields, as checkpoint.h lays it out. */
static void build_statement(struct checkpoint *c)
{
	struct buf b = {0};
	char at[TIMEUTIL_BUFSZ];

	timeutil_format_utc(c->at_ms, at, sizeof at);
	buf_addf(&b, "%s\ndatabase: %s\nat: %s\nby: %s\nledger: %ld %s\n",
	         CHECKPOINT_FORMAT, c->database, at, c->by, c->n_ledger,
	         c->ledger_hash);
	for (size_t i = 0; i < c->n_incidents; i++) {
		const struct checkpoint_incident *inc = &c->incidents[i];

		buf_addf(&b, "incident %s #%ld %ld %s\n", inc->uuid,
		         inc->number, inc->n_events, inc->hash);
	}
	free(c->statement);
	c->statement = buf_take(&b, &c->statement_len);
}

enum irt_status checkpoint_take(struct db *db, const char *actor, int64_t at_ms,
                                struct checkpoint *c, struct irt_err *err)
{
	struct heads heads = {c, 0};
	enum irt_status status;

	memset(c, 0, sizeof *c);
	if (!actor[0] || strlen(actor) > ACTOR_MAX || has_control(actor))
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "the actor name must be 1 to %d bytes "
		                   "without control characters to sign a "
		                   "checkpoint",
		                   ACTOR_MAX);
	c->database = label(db_path(db));
	c->by = xstrdup(actor);
	c->at_ms = at_ms;
	status = db_read_begin(db, err);
	if (status != IRT_OK)
		return status;
	status = db_ledger_point(db, 0, &c->n_ledger, c->ledger_hash, err);
	if (status == IRT_OK && !c->ledger_hash[0])
		snprintf(c->ledger_hash, sizeof c->ledger_hash, "%s",
		         chain_genesis);
	if (status == IRT_OK)
		status = db_chain_heads(db, add_head, &heads, err);
	db_read_end(db);
	if (status == IRT_OK)
		status = check_heads(c, err);
	if (status == IRT_OK)
		build_statement(c);
	return status;
}

enum irt_status checkpoint_sign(struct checkpoint *c, const char *key_path,
                                struct irt_err *err)
{
	const char *msg = c->statement;
	char *sig = NULL;
	enum irt_status status =
	    sign_messages(key_path, SIGN_NS_CHECKPOINT, &msg, &c->statement_len,
	                  1, &sig, err);

	if (status != IRT_OK)
		return status;
	free(c->signature);
	c->signature = sig;
	return IRT_OK;
}

enum irt_status checkpoint_stamp(struct checkpoint *c, const char *command,
                                 struct tsa_info *info, struct irt_err *err)
{
	char digest[EVENT_HASH_LEN + 1];
	unsigned char *reply;
	size_t len;
	enum irt_status status;

	chain_sha256_hex(c->statement, c->statement_len, digest);
	status = tsa_stamp(command, digest, &reply, &len, info, err);
	if (status != IRT_OK)
		return status;
	free(c->stamp);
	c->stamp = reply;
	c->stamp_len = len;
	return IRT_OK;
}

/* ---- writing ------------------------------------------------------ */

static void add_base64(struct buf *b, const unsigned char *data, size_t len)
{
	size_t n = 4 * ((len + 2) / 3);
	unsigned char *text = xmalloc(n + 1);

	EVP_EncodeBlock(text, data, (int)len);
	for (size_t i = 0; i < n; i += BASE64_COLUMNS) {
		size_t w = n - i < BASE64_COLUMNS ? n - i : BASE64_COLUMNS;

		buf_add(b, (const char *)text + i, w);
		buf_add(b, "\n", 1);
	}
	free(text);
}

char *checkpoint_format(const struct checkpoint *c, size_t *len)
{
	struct buf b = {0};
	size_t sig_len = c->signature ? strlen(c->signature) : 0;

	buf_add(&b, BEGIN_LINE "\n", strlen(BEGIN_LINE) + 1);
	buf_add(&b, c->statement, c->statement_len);
	if (sig_len) {
		buf_add(&b, c->signature, sig_len);
		if (c->signature[sig_len - 1] != '\n')
			buf_add(&b, "\n", 1);
	}
	if (c->stamp) {
		buf_add(&b, STAMP_BEGIN "\n", strlen(STAMP_BEGIN) + 1);
		add_base64(&b, c->stamp, c->stamp_len);
		buf_add(&b, STAMP_END "\n", strlen(STAMP_END) + 1);
	}
	buf_add(&b, END_LINE "\n", strlen(END_LINE) + 1);
	return buf_take(&b, len);
}

/* Whether the file open at fd is empty or ends in a newline. */
static int ends_in_newline(int fd)
{
	struct stat st;
	char last;

	if (fstat(fd, &st) != 0 || st.st_size == 0)
		return 1;
	return pread(fd, &last, 1, st.st_size - 1) != 1 || last == '\n';
}

enum irt_status checkpoint_append(const char *path, const char *text,
                                  size_t len, struct irt_err *err)
{
	int fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
	struct buf b = {0};
	struct stat before, after;
	enum irt_status status = IRT_OK;
	ssize_t w;

	if (fd < 0)
		return irt_err_set(err, IRT_ERR_IO, "cannot open %s: %s", path,
		                   strerror(errno));
	if (fstat(fd, &before) != 0 || !S_ISREG(before.st_mode)) {
		close(fd);
		return irt_err_set(err, IRT_ERR_IO,
		                   "%s is not a regular file to append to",
		                   path);
	}
	if (!ends_in_newline(fd))
		buf_add(&b, "\n", 1);
	buf_add(&b, text, len);
	do
		w = write(fd, b.p, b.len);
	while (w < 0 && errno == EINTR);
	if (w != (ssize_t)b.len) {
		int saved = w < 0 ? errno : ENOSPC;

		/* Take back a part written, unless another process has
		 * appended since. */
		if (w > 0 && fstat(fd, &after) == 0 &&
		    after.st_size == before.st_size + w)
			if (ftruncate(fd, before.st_size) != 0)
				saved = errno;
		status = irt_err_set(err, IRT_ERR_IO, "cannot append to %s: %s",
		                     path, strerror(saved));
	} else if (fsync(fd) != 0) {
		status = irt_err_set(err, IRT_ERR_IO, "cannot write %s: %s",
		                     path, strerror(errno));
	}
	if (close(fd) != 0 && status == IRT_OK)
		status = irt_err_set(err, IRT_ERR_IO, "cannot write %s: %s",
		                     path, strerror(errno));
	free(b.p);
	return status;
}

/* ---- reading ------------------------------------------------------ */

enum part {
	PART_OUTSIDE,  /* between checkpoints */
	PART_FORMAT,   /* after BEGIN: the format line */
	PART_DATABASE, /* the header, field by field */
	PART_AT,
	PART_BY,
	PART_LEDGER,
	PART_INCIDENTS, /* incident lines, until the signature */
	PART_SIGNATURE, /* inside the armored signature */
	PART_AFTER_SIG, /* a time-stamp or END */
	PART_STAMP,     /* inside the time-stamp */
	PART_END,       /* END */
};

struct reader {
	const char *name;
	long line;
	enum part part;
	struct checkpoint cur;
	size_t cap_incidents;
	struct buf statement, signature, stamp;
	struct checkpoint_list got;
};

static enum irt_status bad(struct reader *r, struct irt_err *err,
                           const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum irt_status bad(struct reader *r, struct irt_err *err,
                           const char *fmt, ...)
{
	char what[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return irt_err_set(err, IRT_ERR_INVALID, "%s:%ld: %s", r->name, r->line,
	                   what);
}

/* The value of "name: value", or NULL when line is not that field. */
static const char *field(const char *line, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(line, name, n) != 0 || line[n] != ':' || line[n + 1] != ' ')
		return NULL;
	return line + n + 2;
}

/* A decimal count (no sign, no leading zero, at most 18 digits) of n
 * bytes into *v. 0 on success. */
static int parse_count(const char *s, size_t n, long *v)
{
	long x = 0;

	if (n == 0 || n > 18 || (n > 1 && s[0] == '0'))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 0;
}

/* Splits line at single spaces into words (views). The number of
 * words, or -1 for an empty word (two spaces, a space at either end) or
 * more than max of them. */
static int words(const char *line, const char **w, size_t *wl, int max)
{
	int n = 0;

	for (const char *p = line;;) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);

		if (len == 0 || n == max)
			return -1;
		w[n] = p;
		wl[n++] = len;
		if (!sp)
			return n;
		p = sp + 1;
	}
}

static enum irt_status read_ledger(struct reader *r, const char *v,
                                   struct irt_err *err)
{
	const char *w[3];
	size_t wl[3];

	if (words(v, w, wl, 3) != 2 ||
	    parse_count(w[0], wl[0], &r->cur.n_ledger) != 0 ||
	    !is_hash(w[1], wl[1]))
		return bad(r, err,
		           "\"ledger:\" must be an entry count and a "
		           "64-digit hash");
	memcpy(r->cur.ledger_hash, w[1], EVENT_HASH_LEN);
	r->cur.ledger_hash[EVENT_HASH_LEN] = '\0';
	return IRT_OK;
}

static enum irt_status read_incident(struct reader *r, const char *line,
                                     struct irt_err *err)
{
	struct checkpoint *c = &r->cur;
	struct checkpoint_incident inc;
	const char *w[6];
	size_t wl[6];

	memset(&inc, 0, sizeof inc);
	if (words(line, w, wl, 6) != 5 || wl[0] != 8 ||
	    memcmp(w[0], "incident", 8) != 0 || !is_uuid(w[1], wl[1]) ||
	    w[2][0] != '#' || parse_count(w[2] + 1, wl[2] - 1, &inc.number) ||
	    inc.number <= 0 || parse_count(w[3], wl[3], &inc.n_events) ||
	    !is_hash(w[4], wl[4]))
		return bad(r, err,
		           "expected \"incident UUID #NUMBER EVENTS HASH\" or "
		           "the signature");
	memcpy(inc.uuid, w[1], EVENT_UUID_LEN);
	memcpy(inc.hash, w[4], EVENT_HASH_LEN);
	if (c->n_incidents == r->cap_incidents) {
		r->cap_incidents = r->cap_incidents ? 2 * r->cap_incidents : 64;
		c->incidents = xrealloc(c->incidents, r->cap_incidents *
		                                          sizeof *c->incidents);
	}
	c->incidents[c->n_incidents++] = inc;
	return IRT_OK;
}

/* One line of the statement's header or body. */
static enum irt_status read_statement_line(struct reader *r, const char *line,
                                           size_t len, struct irt_err *err)
{
	struct checkpoint *c = &r->cur;
	const char *v;
	char at[TIMEUTIL_BUFSZ];

	switch (r->part) {
	case PART_FORMAT:
		if (strcmp(line, CHECKPOINT_FORMAT) != 0)
			return bad(r, err,
			           strncmp(line, "irt-checkpoint/", 15) == 0
			               ? "a checkpoint format this irt does "
			                 "not read (it reads " CHECKPOINT_FORMAT
			                 "): written by a newer irt?"
			               : "expected \"" CHECKPOINT_FORMAT "\"");
		break;
	case PART_DATABASE:
		if (!(v = field(line, "database")) || has_control(v))
			return bad(r, err, "expected \"database: PATH\"");
		c->database = xstrdup(v);
		break;
	case PART_AT:
		if (!(v = field(line, "at")) ||
		    timeutil_parse(v, 0, &c->at_ms, NULL) != IRT_OK ||
		    (timeutil_format_utc(c->at_ms, at, sizeof at),
		     strcmp(at, v) != 0))
			return bad(r, err,
			           "expected \"at: TIME\" in UTC, as "
			           "2026-12-01T13:52:11.000Z");
		break;
	case PART_BY:
		if (!(v = field(line, "by")) || !v[0] || has_control(v) ||
		    strlen(v) > ACTOR_MAX)
			return bad(r, err, "expected \"by: ACTOR\"");
		c->by = xstrdup(v);
		break;
	case PART_LEDGER:
		if (!(v = field(line, "ledger")))
			return bad(r, err, "expected \"ledger: ENTRIES HASH\"");
		if (read_ledger(r, v, err) != IRT_OK)
			return err->status;
		break;
	default:
		if (read_incident(r, line, err) != IRT_OK)
			return err->status;
		break;
	}
	buf_add(&r->statement, line, len);
	buf_add(&r->statement, "\n", 1);
	if (r->part != PART_INCIDENTS)
		r->part++;
	return IRT_OK;
}

static int is_base64_line(const char *line)
{
	if (!line[0])
		return 0;
	for (const char *p = line; *p; p++)
		if (!strchr(
		        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		        "0123456789+/=",
		        *p))
			return 0;
	return 1;
}

/* The time-stamp's base64 in r->stamp decoded into the checkpoint. */
static enum irt_status decode_stamp(struct reader *r, struct irt_err *err)
{
	size_t n = r->stamp.len;
	const char *text = r->stamp.p, *eq;
	unsigned char *der;
	int len;

	if (n == 0 || n % 4 != 0)
		return bad(r, err, "the time-stamp is not whole base64");
	der = xmalloc(n / 4 * 3 + 1);
	len = EVP_DecodeBlock(der, (const unsigned char *)text, (int)n);
	eq = strchr(text, '=');
	if (len < 0 || (eq && eq < text + n - 2)) {
		free(der);
		return bad(r, err, "the time-stamp is not base64");
	}
	len -= (text[n - 1] == '=') + (text[n - 2] == '=');
	r->cur.stamp = der;
	r->cur.stamp_len = (size_t)len;
	return IRT_OK;
}

/* The checkpoint read so far is whole: keep it, start the next. */
static void finish(struct reader *r)
{
	struct checkpoint_list *l = &r->got;

	r->cur.statement = buf_take(&r->statement, &r->cur.statement_len);
	r->cur.signature = buf_take(&r->signature, NULL);
	l->items = xrealloc(l->items, (l->count + 1) * sizeof *l->items);
	l->items[l->count++] = r->cur;
	memset(&r->cur, 0, sizeof r->cur);
	r->cap_incidents = 0;
	free(buf_take(&r->stamp, NULL));
	r->part = PART_OUTSIDE;
}

static enum irt_status read_line(struct reader *r, const char *line, size_t len,
                                 struct irt_err *err)
{
	switch (r->part) {
	case PART_OUTSIDE:
		if (len == 0)
			return IRT_OK;
		if (strcmp(line, BEGIN_LINE) != 0)
			return bad(r, err,
			           "not part of a checkpoint (expected "
			           "\"" BEGIN_LINE "\")");
		r->cur.file = xstrdup(r->name);
		r->cur.line = r->line;
		r->part = PART_FORMAT;
		return IRT_OK;
	case PART_INCIDENTS:
		if (strcmp(line, SIG_BEGIN) == 0) {
			buf_add(&r->signature, line, len);
			buf_add(&r->signature, "\n", 1);
			r->part = PART_SIGNATURE;
			return IRT_OK;
		}
		/* fall through */
	case PART_FORMAT:
	case PART_DATABASE:
	case PART_AT:
	case PART_BY:
	case PART_LEDGER:
		return read_statement_line(r, line, len, err);
	case PART_SIGNATURE:
		if (strcmp(line, SIG_END) != 0 && !is_base64_line(line))
			return bad(r, err, "the SSH signature is not base64");
		buf_add(&r->signature, line, len);
		buf_add(&r->signature, "\n", 1);
		if (strcmp(line, SIG_END) == 0)
			r->part = PART_AFTER_SIG;
		return IRT_OK;
	case PART_AFTER_SIG:
		if (strcmp(line, STAMP_BEGIN) == 0) {
			r->part = PART_STAMP;
			return IRT_OK;
		}
		/* fall through */
	case PART_END:
		if (strcmp(line, END_LINE) != 0)
			return bad(r, err, "expected \"" END_LINE "\"");
		finish(r);
		return IRT_OK;
	case PART_STAMP:
		if (strcmp(line, STAMP_END) == 0) {
			r->part = PART_END;
			return decode_stamp(r, err);
		}
		if (!is_base64_line(line))
			return bad(r, err, "the time-stamp is not base64");
		if (r->stamp.len + len > STAMP_MAX * 4 / 3 + 4)
			return bad(r, err, "the time-stamp is over 1 MiB");
		buf_add(&r->stamp, line, len);
		return IRT_OK;
	}
	return IRT_OK;
}

/* Reads one line into line (CHECKPOINT_LINE_MAX + 2 bytes), without its
 * newline or a "\r" before it. 1 for a line, 0 at the end, -1 for a line
 * too long or holding a NUL byte (why says which). */
static int next_line(FILE *f, char *line, size_t *len, const char **why)
{
	size_t n = 0;
	int ch;

	while ((ch = getc(f)) != EOF && ch != '\n') {
		if (ch == '\0') {
			*why = "holds a NUL byte: not a checkpoint";
			return -1;
		}
		if (n == CHECKPOINT_LINE_MAX + 1) {
			*why = "is too long for a checkpoint";
			return -1;
		}
		line[n++] = (char)ch;
	}
	if (ch == EOF && n == 0)
		return 0;
	if (n > 0 && line[n - 1] == '\r')
		n--;
	if (n > CHECKPOINT_LINE_MAX) {
		*why = "is too long for a checkpoint";
		return -1;
	}
	line[n] = '\0';
	*len = n;
	return 1;
}

enum irt_status checkpoint_read(FILE *f, const char *name,
                                struct checkpoint_list *list,
                                struct irt_err *err)
{
	struct reader r;
	char *line = xmalloc(CHECKPOINT_LINE_MAX + 2);
	const char *why = NULL;
	enum irt_status status = IRT_OK;
	size_t len;
	int got;

	memset(&r, 0, sizeof r);
	r.name = name;
	r.part = PART_OUTSIDE;
	while (status == IRT_OK && (got = next_line(f, line, &len, &why))) {
		r.line++;
		if (got < 0)
			status = bad(&r, err, "the line %s", why);
		else
			status = read_line(&r, line, len, err);
	}
	if (status == IRT_OK && ferror(f))
		status = irt_err_set(err, IRT_ERR_IO, "cannot read %s: %s",
		                     name, strerror(errno));
	if (status == IRT_OK && r.part != PART_OUTSIDE)
		status = irt_err_set(err, IRT_ERR_INVALID,
		                     "%s:%ld: the file ends inside the "
		                     "checkpoint begun there: it was cut short",
		                     name, r.cur.line);
	if (status == IRT_OK && r.got.count == 0)
		status = irt_err_set(err, IRT_ERR_INVALID,
		                     "%s holds no checkpoint", name);
	if (status == IRT_OK) {
		list->items =
		    xrealloc(list->items,
		             (list->count + r.got.count) * sizeof *list->items);
		memcpy(list->items + list->count, r.got.items,
		       r.got.count * sizeof *r.got.items);
		list->count += r.got.count;
		free(r.got.items);
	} else {
		checkpoint_list_free(&r.got);
	}
	checkpoint_clear(&r.cur);
	free(buf_take(&r.statement, NULL));
	free(buf_take(&r.signature, NULL));
	free(buf_take(&r.stamp, NULL));
	free(line);
	return status;
}

void checkpoint_clear(struct checkpoint *c)
{
	if (!c)
		return;
	free(c->database);
	free(c->by);
	free(c->incidents);
	free(c->statement);
	free(c->signature);
	free(c->stamp);
	free(c->file);
	memset(c, 0, sizeof *c);
}

void checkpoint_list_free(struct checkpoint_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->count; i++)
		checkpoint_clear(&list->items[i]);
	free(list->items);
	memset(list, 0, sizeof *list);
}

/* ---- checking ----------------------------------------------------- */

static void missing(struct checkpoint_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void missing(struct checkpoint_result *r, const char *fmt, ...)
{
	va_list ap;

	if (r->n_missing < CHECKPOINT_PROBLEMS_MAX) {
		va_start(ap, fmt);
		if (vasprintf(&r->missing[r->n_missing], fmt, ap) < 0)
			xfatal("out of memory");
		va_end(ap);
	}
	r->n_missing++;
}

static enum irt_status cover_ledger(struct db *db, const struct checkpoint *c,
                                    struct checkpoint_result *r,
                                    struct irt_err *err)
{
	char hash[EVENT_HASH_LEN + 1];
	long n_entries;
	enum irt_status status;

	if (c->n_ledger == 0)
		return IRT_OK;
	status = db_ledger_point(db, c->n_ledger, &n_entries, hash, err);
	if (status != IRT_OK)
		return status;
	if (n_entries < c->n_ledger)
		missing(r,
		        "the ledger has %ld entr%s; the checkpoint covered "
		        "%ld: entries were removed from its end, or an older "
		        "copy was restored",
		        n_entries, n_entries == 1 ? "y" : "ies", c->n_ledger);
	else if (!hash[0])
		missing(r, "ledger entry %ld is missing", c->n_ledger);
	else if (strcmp(hash, c->ledger_hash) != 0)
		missing(r,
		        "ledger entry %ld differs from the checkpoint's: the "
		        "ledger was rewritten",
		        c->n_ledger);
	return IRT_OK;
}

static void cover_incident(const struct checkpoint_incident *inc,
                           const struct db_chain_point *p,
                           struct checkpoint_result *r)
{
	if (!p->incident) {
		missing(r,
		        "#%ld (%s) is missing: deleted, or an older copy "
		        "without it was restored",
		        inc->number, inc->uuid);
		return;
	}
	if (p->incident != inc->number)
		missing(r, "#%ld is numbered #%ld here: renumbered",
		        inc->number, p->incident);
	if (inc->n_events == 0)
		return;
	if (p->n_events < inc->n_events)
		missing(r,
		        "#%ld has %ld event%s; the checkpoint covered %ld: its "
		        "timeline was cut, or an older copy was restored",
		        inc->number, p->n_events, p->n_events == 1 ? "" : "s",
		        inc->n_events);
	else if (!p->hash[0])
		missing(r, "#%ld event %ld is missing", inc->number,
		        inc->n_events);
	else if (strcmp(p->hash, inc->hash) != 0)
		missing(r,
		        "#%ld event %ld differs from the checkpoint's: its "
		        "timeline was rewritten",
		        inc->number, inc->n_events);
}

/* Whether db holds everything c covers; what it lacks into r. */
static enum irt_status cover(struct db *db, const struct checkpoint *c,
                             struct checkpoint_result *r, struct irt_err *err)
{
	struct db_chain_point *points;
	enum irt_status status = cover_ledger(db, c, r, err);

	if (status != IRT_OK || c->n_incidents == 0)
		return status;
	points = xcalloc(c->n_incidents, sizeof *points);
	for (size_t i = 0; i < c->n_incidents; i++) {
		memcpy(points[i].incident_uuid, c->incidents[i].uuid,
		       sizeof points[i].incident_uuid);
		points[i].seq = c->incidents[i].n_events;
	}
	status = db_chain_points(db, points, c->n_incidents, err);
	for (size_t i = 0; status == IRT_OK && i < c->n_incidents; i++)
		cover_incident(&c->incidents[i], &points[i], r);
	free(points);
	return status;
}

static void check_stamp(const struct checkpoint *c, const char *tsa_ca,
                        struct checkpoint_result *r)
{
	char digest[EVENT_HASH_LEN + 1];

	if (!tsa_ca) {
		r->stamp = c->stamp ? CHECKPOINT_STAMP_UNCHECKED
		                    : CHECKPOINT_STAMP_NONE;
		return;
	}
	if (!c->stamp) {
		r->stamp = CHECKPOINT_STAMP_BAD;
		snprintf(r->problem, sizeof r->problem,
		         "not time-stamped, and a time-stamp was asked for");
		return;
	}
	chain_sha256_hex(c->statement, c->statement_len, digest);
	r->stamp = tsa_check(tsa_ca, digest, c->stamp, c->stamp_len,
	                     &r->stamp_info, r->problem, sizeof r->problem) == 0
	               ? CHECKPOINT_STAMP_OK
	               : CHECKPOINT_STAMP_BAD;
}

/* Each checkpoint's signature, and time-stamp when signed, into
 * results (zeroed here). */
static enum irt_status judge(const struct checkpoint *cs, size_t n,
                             const char *allowed_signers, const char *tsa_ca,
                             struct checkpoint_result *results,
                             struct irt_err *err)
{
	struct sign_check *checks = xcalloc(n ? n : 1, sizeof *checks);
	enum irt_status status;

	if (n)
		memset(results, 0, n * sizeof *results);
	for (size_t i = 0; i < n; i++) {
		checks[i].principal = cs[i].by;
		checks[i].message = cs[i].statement;
		checks[i].len = cs[i].statement_len;
		checks[i].signature = cs[i].signature;
		checks[i].at_ms = cs[i].at_ms;
	}
	status =
	    sign_verify(allowed_signers, SIGN_NS_CHECKPOINT, checks, n, err);
	for (size_t i = 0; status == IRT_OK && i < n; i++) {
		results[i].signed_ok = checks[i].ok;
		memcpy(results[i].fp, checks[i].fp, sizeof results[i].fp);
		if (!checks[i].ok)
			snprintf(results[i].problem, sizeof results[i].problem,
			         "%s", checks[i].problem);
		else
			check_stamp(&cs[i], tsa_ca, &results[i]);
	}
	free(checks);
	return status;
}

enum irt_status checkpoint_verify(struct db *db, const struct checkpoint *cs,
                                  size_t n, const char *allowed_signers,
                                  const char *tsa_ca,
                                  struct checkpoint_result *results,
                                  struct irt_err *err)
{
	enum irt_status status =
	    judge(cs, n, allowed_signers, tsa_ca, results, err);

	if (status == IRT_OK)
		status = db_read_begin(db, err);
	if (status != IRT_OK)
		return status;
	for (size_t i = 0; status == IRT_OK && i < n; i++)
		if (results[i].signed_ok)
			status = cover(db, &cs[i], &results[i], err);
	db_read_end(db);
	return status;
}

/* Whether events (of the incident uuid, numbered incident) hold what c
 * covers of it; what they lack into r. */
static void cover_export(const char *uuid, long incident,
                         const struct event_list *events,
                         const struct checkpoint *c,
                         struct checkpoint_result *r)
{
	const struct checkpoint_incident *inc = NULL;
	const struct event *last;

	r->of_export = 1;
	r->incident = incident;
	for (size_t i = 0; i < c->n_incidents && !inc; i++)
		if (strcmp(c->incidents[i].uuid, uuid) == 0)
			inc = &c->incidents[i];
	if (!inc)
		return;
	r->names_incident = 1;
	r->n_covered = inc->n_events;
	if (inc->number != incident)
		missing(r, "#%ld is numbered #%ld in the export: renumbered",
		        inc->number, incident);
	if (inc->n_events == 0)
		return;
	if (events->count < (size_t)inc->n_events) {
		missing(r,
		        "#%ld has %zu events in the export; the checkpoint "
		        "covered %ld: its timeline was cut, or exported from "
		        "an older copy",
		        inc->number, events->count, inc->n_events);
		return;
	}
	last = &events->items[inc->n_events - 1];
	if (last->seq != inc->n_events || strcmp(last->hash, inc->hash) != 0)
		missing(r,
		        "#%ld event %ld differs from the checkpoint's: its "
		        "timeline was rewritten",
		        inc->number, inc->n_events);
}

enum irt_status checkpoint_verify_export(
    const char *incident_uuid, long incident, const struct event_list *events,
    const struct checkpoint *cs, size_t n, const char *allowed_signers,
    const char *tsa_ca, struct checkpoint_result *results, struct irt_err *err)
{
	enum irt_status status =
	    judge(cs, n, allowed_signers, tsa_ca, results, err);

	for (size_t i = 0; status == IRT_OK && i < n; i++)
		if (results[i].signed_ok)
			cover_export(incident_uuid, incident, events, &cs[i],
			             &results[i]);
	return status;
}

int checkpoint_result_ok(const struct checkpoint_result *r)
{
	return r->signed_ok && r->stamp != CHECKPOINT_STAMP_BAD &&
	       r->n_missing == 0;
}

void checkpoint_result_clear(struct checkpoint_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_missing && i < CHECKPOINT_PROBLEMS_MAX; i++)
		free(r->missing[i]);
	memset(r, 0, sizeof *r);
}

void checkpoint_describe(const struct checkpoint *c,
                         const struct checkpoint_result *r, char *buf,
                         size_t size)
{
	char at[TIMEUTIL_BUFSZ], stamped[TIMEUTIL_BUFSZ + 80] = "";
	char *by = sanitize_terminal(c->by, 0);
	char *problem = sanitize_terminal(r->problem, 0);
	char fp[80] = "";

	timeutil_format_local_short(c->at_ms, at, sizeof at);
	if (r->fp[0])
		snprintf(fp, sizeof fp, " (%s)", r->fp);
	if (r->stamp == CHECKPOINT_STAMP_OK && r->stamp_info.time_ms) {
		char when[TIMEUTIL_BUFSZ];

		timeutil_format_local(r->stamp_info.time_ms, when, sizeof when);
		snprintf(stamped, sizeof stamped, ", time-stamped %s", when);
	} else if (r->stamp == CHECKPOINT_STAMP_OK) {
		snprintf(stamped, sizeof stamped, ", time-stamped %s",
		         r->stamp_info.time);
	} else if (r->stamp == CHECKPOINT_STAMP_UNCHECKED) {
		snprintf(stamped, sizeof stamped,
		         ", time-stamp not checked (no TSA CA certificate "
		         "given)");
	}
	if (!r->signed_ok)
		snprintf(buf, size,
		         "checkpoint %s by %s%s: not trusted, the signature "
		         "does not verify: %s",
		         at, by, fp, problem);
	else if (r->stamp == CHECKPOINT_STAMP_BAD)
		snprintf(buf, size,
		         "checkpoint %s by %s%s: the time-stamp does not "
		         "verify: %s%s",
		         at, by, fp, problem,
		         r->n_missing ? "; and not covered:" : "");
	else if (r->n_missing)
		snprintf(buf, size, "checkpoint %s by %s%s%s: NOT covered:", at,
		         by, fp, stamped);
	else if (r->of_export && !r->names_incident)
		snprintf(buf, size,
		         "checkpoint %s by %s%s%s: does not name #%ld, so says "
		         "nothing about it",
		         at, by, fp, stamped, r->incident);
	else if (r->of_export)
		snprintf(
		    buf, size,
		    "checkpoint %s by %s%s%s: covered: #%ld, its first %ld "
		    "event%s (an export holds no ledger)",
		    at, by, fp, stamped, r->incident, r->n_covered,
		    r->n_covered == 1 ? "" : "s");
	else
		snprintf(buf, size,
		         "checkpoint %s by %s%s%s: covered: %zu incident%s, "
		         "%ld ledger entr%s",
		         at, by, fp, stamped, c->n_incidents,
		         c->n_incidents == 1 ? "" : "s", c->n_ledger,
		         c->n_ledger == 1 ? "y" : "ies");
	free(by);
	free(problem);
}
