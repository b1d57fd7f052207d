/*
 * db_internal.h - shared by the storage module's files (db*.c) only.
 */
#ifndef IRT_DB_INTERNAL_H
#define IRT_DB_INTERNAL_H

#include <sqlite3.h>

#include "irt/db.h"
#include "irt/ledger.h"

struct db_engine;
struct db_pg;

struct db {
	const struct db_engine *engine;
	sqlite3 *conn;    /* the SQLite engine's connection */
	struct db_pg *pg; /* the PostgreSQL engine's (db_pg.c) */
	char *path;
	int in_write;
	int in_read;
	struct dbq *insert_event; /* cached: bulk writes and imports */
	struct dbq *insert_ledger;
	int ready;            /* migrated: the ledger exists */
	int snippet_ready;    /* irt_snippet registered (db_search) */
	int64_t write_now_ms; /* the current write's time (db_write_time) */
	/* The ledger's head, read once per write (0 seq: not read yet). */
	long ledger_seq;
	int64_t ledger_recorded_ms;
	char ledger_hash[65];
	/* Signing (db_sign.c): the key, and the hashes of this write's
	 * entries that it is still to sign. */
	char *sign_key;
	char (*sign_pending)[65];
	size_t n_sign_pending, cap_sign_pending;
	/* How long to wait for another process's lock, and the hook told
	 * about each wait (db_set_wait_hook); wait_cancelled is set when
	 * the hook gave up, until the next statement that waits. */
	int busy_timeout_ms;
	int (*wait_hook)(void *arg, int waited_ms);
	void *wait_arg;
	int wait_cancelled;
};

/* After an entry is stored: its signature, when it carries one (an
 * import), is stored with it; else, with a signing key set, its hash
 * waits for db_sign_flush. In a write. */
enum irt_status db_sign_entry(struct db *db, const struct event *ev,
                              struct irt_err *err);

/* What follows the insert of ev's row: its signature (db_sign_entry)
 * and its ledger entry. In the write that inserted it. */
enum irt_status db_event_inserted(struct db *db, const struct event *ev,
                                  struct irt_err *err);

/* Inserts the rows of events[0..n) (chained, of incidents whose rows
 * exist) into the timeline, many rows per statement, and sets each id;
 * nothing else: no signature, no ledger entry (db_import_events adds
 * them, db_copy.c copies the source's). In a write. */
enum irt_status db_events_insert_rows(struct db *db, struct event *events,
                                      size_t n, struct irt_err *err);

/* Signs every waiting hash with one ssh-keygen run and stores the
 * signatures; before the commit. On failure the write must roll back. */
enum irt_status db_sign_flush(struct db *db, struct irt_err *err);

/* Reads the ledger's head into the cache above, unless it is there
 * (ledger_seq >= 0). */
enum irt_status db_ledger_head(struct db *db, struct irt_err *err);

/* Appends a ledger entry for what the current write records: e's seq,
 * recorded time, prev_hash and hash are filled here. In a write. */
enum irt_status db_ledger_append(struct db *db, struct ledger_entry *e,
                                 struct irt_err *err);

/* Ledger entries for everything a database of schema 2 held, in the
 * order it was recorded (the migration to schema 3). In a write. */
enum irt_status db_ledger_backfill(struct db *db, struct irt_err *err);

/*
 * Statements, the one way the storage module's files run SQL, on
 * whichever engine the database is on (db_stmt.c). SQL is written once,
 * with ? placeholders numbered from 1 as SQLite has them; the engine
 * behind a statement is never seen above this layer.
 *
 * dbq_step returns DBQ_ROW while there is a row, DBQ_DONE at the end,
 * or an SQLite result code (an engine that is not SQLite maps its
 * errors to the nearest code) for db_fail, which names the error in
 * the words of db_errmsg. Text a statement is bound to must stay valid
 * until the statement is reset or finalised (dbq_bind_text_own takes
 * the string and frees it). A column's text is valid until the next
 * step, reset or finalise; a NULL column reads as NULL text and 0.
 */
#define DBQ_ROW  SQLITE_ROW
#define DBQ_DONE SQLITE_DONE

/* A statement; each engine's own begins with this. */
struct dbq {
	struct db *db;
};

/* Prepares sql; on failure fills err (IRT_ERR_DB) and returns non-OK. */
enum irt_status db_prepare(struct db *db, const char *sql, struct dbq **q,
                           struct irt_err *err);
void dbq_bind_int64(struct dbq *q, int i, int64_t v);
void dbq_bind_double(struct dbq *q, int i, double v);
void dbq_bind_text(struct dbq *q, int i, const char *s);
void dbq_bind_text_own(struct dbq *q, int i, char *s);
void dbq_bind_null(struct dbq *q, int i);
int dbq_step(struct dbq *q);
int64_t dbq_int64(struct dbq *q, int i);
int dbq_int(struct dbq *q, int i);
double dbq_double(struct dbq *q, int i);
const char *dbq_text(struct dbq *q, int i);
size_t dbq_bytes(struct dbq *q, int i);
/* Makes q ready to run again, its bindings kept (as sqlite3_reset). */
void dbq_reset(struct dbq *q);
void dbq_finalize(struct dbq *q);

/*
 * INSERTs rows [0, n) of n_cols columns, head being "INSERT INTO t
 * (columns) VALUES ", DB_ROWS_PER_INSERT rows to a statement: each
 * statement that feeds the full-text index makes FTS5 flush what it
 * holds into a new segment, so a statement per event would cost a
 * segment per note; 14 parameters a row stay well below SQLite's limit
 * of 32766.
 * bind binds row i from parameter at + 1; stored (may be NULL) is told
 * of the k rows from first on after their statement stored them, while
 * db_last_id is the last one's.
 */
#define DB_ROWS_PER_INSERT 200
typedef void (*db_bind_row_fn)(struct dbq *st, int at, const void *rows,
                               size_t i);
typedef void (*db_rows_stored_fn)(struct db *db, void *rows, size_t first,
                                  size_t k);
enum irt_status db_insert_rows(struct db *db, const char *head, int n_cols,
                               void *rows, size_t n, db_bind_row_fn bind,
                               db_rows_stored_fn stored, const char *what,
                               struct irt_err *err);

/* The id the last INSERT on db gave its row. */
int64_t db_last_id(struct db *db);

/* The engine's message for the last error on db. */
const char *db_errmsg(struct db *db);

/*
 * An engine: the statements above, and what a connection does that SQL
 * common to the engines cannot say. db.c calls these; nothing outside
 * the storage module sees them.
 */
struct db_engine {
	enum irt_status (*prepare)(struct db *db, const char *sql,
	                           struct dbq **q, struct irt_err *err);
	void (*bind_int64)(struct dbq *q, int i, int64_t v);
	void (*bind_double)(struct dbq *q, int i, double v);
	/* own: s is the statement's to free */
	void (*bind_text)(struct dbq *q, int i, const char *s, int own);
	void (*bind_null)(struct dbq *q, int i);
	int (*step)(struct dbq *q);
	int64_t (*col_int64)(struct dbq *q, int i);
	double (*col_double)(struct dbq *q, int i);
	const char *(*col_text)(struct dbq *q, int i);
	size_t (*col_bytes)(struct dbq *q, int i);
	void (*reset)(struct dbq *q);
	void (*finalize)(struct dbq *q);
	int64_t (*last_id)(struct db *db);
	const char *(*errmsg)(struct db *db);
	/* SQL without results, such as a migration's. */
	enum irt_status (*exec)(struct db *db, const char *sql,
	                        struct irt_err *err);
	/* A write (write != 0: takes the write lock at once, waiting up to
	 * the busy timeout) or a read snapshot. */
	enum irt_status (*begin)(struct db *db, int write, struct irt_err *err);
	enum irt_status (*commit)(struct db *db, struct irt_err *err);
	/* Ends a transaction if one is open; harmless if none is. */
	void (*rollback)(struct db *db);
	void (*close)(struct db *db);
	int64_t (*data_version)(struct db *db);
	int (*schema_check)(struct db *db, char *what, size_t size);
	enum irt_status (*backup)(struct db *db, const char *path,
	                          struct irt_err *err);
	/* Before and after one pass over everything (the ledger walk); may
	 * be NULL. */
	void (*scan_begin)(struct db *db);
	void (*scan_end)(struct db *db);
	/* The incident list's text filter: SQL true for a row whose title,
	 * component, description, owner or CVE holds ?5 (a LIKE pattern,
	 * ASCII case-insensitive) or one of whose timeline texts matches
	 * ?6, which is text_query() of the user's words. */
	const char *list_text_sql;
	char *(*text_query)(const char *text);
	/* db_search on this engine, or NULL for db_event.c's (FTS5). */
	enum irt_status (*search)(struct db *db, const char *query,
	                          enum search_order order, size_t limit,
	                          struct search_hits *hits,
	                          struct irt_err *err);
	/* Creates or brings up to date the server's roles (db_roles);
	 * NULL: the engine has none. */
	enum irt_status (*roles)(struct db *db, struct irt_err *err);
	int has_file; /* the database is a file of its own (and -wal...) */
};

/* The words of an event's text e.text as the GIN index notes_fts has
 * them (data/pg/002-notes-words.sql, which must say the same): every run
 * of characters that are not part of a word (db_search_pg.c's
 * token_char) one space, then the 'simple' configuration's words. A
 * search must use this exact expression to use the index. */
#define DB_PG_NOTES_TSVECTOR                                                   \
	"to_tsvector('simple', regexp_replace(e.text, '"                       \
	"[^0-9A-Za-z\\u00AA\\u00B2\\u00B3\\u00B5\\u00B9\\u00BA\\u00BC"         \
	"-\\u00BE\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u1FFF\\u2070"         \
	"-\\u209F\\u20D0-\\u218F\\u2C00-\\u2FFF\\u3040-\\uFE2F\\uFE50"         \
	"-\\uFEFE\\uFF10-\\uFF19\\uFF21-\\uFFFC\\uFFFE-\\U0001EFFF\\U"         \
	"0001FB00-\\U0010FFFF]+"                                               \
	"', ' ', 'g'))"

/* Opens db->path on a PostgreSQL server (db_open's flags): connects,
 * checks the schema is irt's and not newer, migrates. Sets db->engine.
 * The entry point of the module DB_PG_MODULE (src/pg/db_pg.c). */
#define DB_PG_MODULE "irt-pg.so"
#define DB_PG_ENTRY  "db_pg_open"
enum irt_status db_pg_open(struct db *db, int flags, struct irt_err *err);

/* The PostgreSQL engine's search (db_search_pg.c): db_search's results
 * from the GIN index notes_fts, snippets as db_event.c makes them. */
enum irt_status db_pg_search(struct db *db, const char *query,
                             enum search_order order, size_t limit,
                             struct search_hits *hits, struct irt_err *err);

/* The user's words as a tsquery text for to_tsquery('simple', ...): each
 * word a phrase of its tokens, all required. Caller frees. */
char *db_pg_text_query(const char *text);

/* Opens db->path as an SQLite file (db_open's flags): checks it is
 * irt's and not newer, sets the pragmas and migrates. Sets db->engine. */
enum irt_status db_sqlite_open(struct db *db, int flags, struct irt_err *err);

/* Maps an SQLite result code to a status with a message naming `what`. */
enum irt_status db_fail(struct db *db, int rc, const char *what,
                        struct irt_err *err);

/* Runs SQL without results. */
enum irt_status db_exec(struct db *db, const char *sql, struct irt_err *err);

/* Column i into buf (size bytes), cut to fit; NULL becomes "". */
void db_col_copy(struct dbq *q, int i, char *buf, size_t size);

/* A malloc'd copy of column i (NULL becomes ""). */
char *db_col_str(struct dbq *q, int i);

/* ---- where long notes' tokens start (db_search_marks.c) ---- */

/* Notes this long (bytes) or longer get marks. */
#define SEARCH_MARKS_MIN 8192

/* FTS5's API on db's connection (SQLite engine). */
enum irt_status db_fts5_api(struct db *db, fts5_api **out, struct irt_err *err);

/* Stores the marks of those of the n events just inserted (ids set)
 * whose text is SEARCH_MARKS_MIN bytes or longer; nothing on an engine
 * with its own search. */
enum irt_status db_search_marks_add(struct db *db, const struct event *events,
                                    size_t n, struct irt_err *err);

/* The marks of every long note already stored (the migration that adds
 * search_marks). */
enum irt_status db_search_marks_backfill(struct db *db, struct irt_err *err);

/* Whether every note of SEARCH_MARKS_MIN bytes or more has the marks its
 * text gives, and no other note has any: 0, or -1 with the first that
 * does not in `what`. */
int db_search_marks_check(struct db *db, char *what, size_t size);

/* The last mark at or before token `token` of the note under key (text,
 * len bytes, n_doc tokens as the index has it): sets *pos to its token
 * and *byte to where it starts and returns 1, or returns 0 when there is
 * none to trust (read the note from its start). */
int db_search_marks_find(struct db *db, int64_t key, const char *text, int len,
                         int n_doc, int token, int *pos, int *byte);

/* ---- search snippets, the same on either engine ---- */

/* Tokens shown around the first match (what FTS5's snippet(..., 12)
 * showed), and bytes shown of any one token or gap between tokens. */
#define SNIPPET_TOKENS    12
#define SNIPPET_PIECE_MAX 80

/* A snippet as it is built. */
struct snippet_buf {
	char *p;
	size_t len, cap;
};

void db_snippet_put(struct snippet_buf *b, const char *p, size_t n);
/* "...", unless the snippet already ends with one. */
void db_snippet_ellipsis(struct snippet_buf *b);
/* Appends text[from, to), or when it is longer than SNIPPET_PIECE_MAX
 * its last bytes (tail: before the first match) or its first ones, with
 * "..." for the rest, cut at a character boundary. */
void db_snippet_piece(struct snippet_buf *b, const char *text, int from, int to,
                      int tail);
/* Marks a match of tokens first..last (window positions, clipped to the
 * window of n) in match_end, for db_snippet_window. */
void db_snippet_mark(int *match_end, int n, int first, int last);
/* Writes the window of n tokens (byte offsets start[i], end[i] in text,
 * len bytes): the text between them kept, a match in brackets from token
 * i to match_end[i] (-1: none starts there; overlapping ones share a
 * pair), "..." where text is left out: before the first token when
 * cut_before (else the text before it), after the last when more (else
 * the rest of the note). */
void db_snippet_window(struct snippet_buf *b, const char *text, int len,
                       const int *start, const int *end, int n,
                       const int *match_end, int cut_before, int more);

/* The user's words as a safe FTS5 query: each word a quoted string, all
 * required. Caller frees. */
char *db_fts_query(const char *text);

#endif
