/*
 * db.h - the storage module: the only code that knows irt keeps its data
 * in SQLite or on a PostgreSQL server (DESIGN §4). Everything above it
 * sees plain structs and status codes, whichever engine is behind it.
 *
 * Connection (SQLite: WAL, foreign keys, a busy timeout,
 * synchronous=FULL; a server: db_pg.c's session settings); the
 * schema is migrated forward on open; a database from a newer irt is
 * refused untouched. Writes happen between db_write_begin() (which takes
 * the write lock at once, so two writers serialise) and db_write_commit();
 * an error anywhere rolls the whole write back.
 */
#ifndef IRT_DB_H
#define IRT_DB_H

#include <stddef.h>
#include <stdint.h>

#include "irt/event.h"
#include "irt/incident.h"
#include "irt/ledger.h"
#include "irt/policy.h"
#include "irt/status.h"

struct db;

/* The schema version this build writes (PRAGMA user_version). */
int db_schema_version(void);

enum db_open_flags {
	DB_OPEN_CREATE = 1,   /* create the file (and its directory) */
	DB_OPEN_READONLY = 2, /* never write, never migrate */
};

/*
 * Opens (and, with DB_OPEN_CREATE, creates with directory 0700 and file
 * 0600) the database at path, sets its pragmas and migrates it. A server
 * (db_is_server) is connected to; with DB_OPEN_CREATE the schema is
 * created in a database without it, else such a database is refused
 * (IRT_ERR_IO); a URI carrying a password is refused (IRT_ERR_INVALID). On
 * failure *out is NULL and err says why (IRT_ERR_NEWER for a database of
 * a newer irt, IRT_ERR_IO for an unusable path, IRT_ERR_CORRUPT for a file
 * that is not an irt database). Free with db_close().
 */
enum irt_status db_open(const char *path, int flags, struct db **out,
                        struct irt_err *err);

/*
 * Whether path names a database server (a PostgreSQL URI,
 * postgresql://... or postgres://..., or pg:SERVICE) rather than a file:
 * there is no file to look for before db_open, which asks the server.
 */
int db_is_server(const char *path);

/*
 * Sets how long connections opened from now on wait for another
 * process's lock before IRT_ERR_BUSY, in ms, for the whole process; 0 or
 * less restores the default (5000). Only test builds call this
 * (src/testhooks/testhooks.c sets it from $IRT_BUSY_TIMEOUT_MS in
 * irt-test, see docs/testing.md); irt itself always waits the default.
 */
void db_set_default_busy_timeout(int ms);

/*
 * While a statement on db waits for another process's lock, hook (when
 * not NULL) is called about every 20 ms with how long it has waited so
 * far (0 on the first call); returning nonzero stops the wait at once:
 * the statement fails and the write reports IRT_ERR_CANCELLED ("nothing
 * was written") instead of IRT_ERR_BUSY. The hook must not use db. An
 * interactive front end installs one to show that it waits and to let
 * the user give up; the wait still ends at the busy timeout.
 */
void db_set_wait_hook(struct db *db, int (*hook)(void *arg, int waited_ms),
                      void *arg);

/* Closes db (NULL is fine), rolling back an unfinished write. */
void db_close(struct db *db);

/* The path db was opened with. */
const char *db_path(const struct db *db);

/* The version of the SQLite library irt runs with ("3.40.1"), as
 * sqlite3_libversion() gives it: static, never freed. */
const char *db_sqlite_version(void);

/*
 * A number that changes when another connection commits a change
 * (PRAGMA data_version); cheap enough to poll every second.
 */
int64_t db_data_version(struct db *db);

/* Starts a write transaction (BEGIN IMMEDIATE; waits up to the busy
 * timeout, then IRT_ERR_BUSY). */
enum irt_status db_write_begin(struct db *db, struct irt_err *err);
/* Commits; on failure the write is rolled back. */
enum irt_status db_write_commit(struct db *db, struct irt_err *err);
/* Rolls back the current write, if any. */
void db_write_rollback(struct db *db);

/*
 * The time of the current write, taken once when it began: the clock,
 * never before the ledger's last entry (a clock behind it by more than
 * the skew rules.h allows makes db_write_begin fail with IRT_ERR_IO).
 * Everything a write records is recorded at this time.
 */
int64_t db_write_time(const struct db *db);

/*
 * Signs what the following writes record (every timeline entry and policy
 * change) with the SSH key at key_path, or stops signing (NULL). The
 * commit runs ssh-keygen once for all of a write's entries and stores
 * each signature in the same transaction; when it cannot sign, the write
 * is rolled back and fails with ssh-keygen's reason: nothing is recorded
 * unsigned. Entries that carry their own signature (imported) keep it.
 */
void db_sign_set(struct db *db, const char *key_path);

/* The key set by db_sign_set, or NULL. */
const char *db_sign_key(const struct db *db);

/*
 * Checks that the database's schema (tables, indexes, triggers, and
 * their exact SQL) and user_version are exactly what this irt's
 * migrations make. Returns 0 when they are, or -1 with the first
 * difference in `what`.
 */
int db_schema_check(struct db *db, char *what, size_t size);

/*
 * Checks that the search index says what the timeline says (SQLite; on
 * a server its index is the server's own): every event with text keyed
 * once, under its incident and time, and indexed; nothing else indexed;
 * each long note's marks as its text gives them (db_search_marks.c).
 * Read only, in the caller's snapshot. Returns 0, or -1 with the first
 * difference in `what`.
 */
int db_search_check(struct db *db, char *what, size_t size);

/*
 * FTS5's own check of the full-text index against the notes it was made
 * from (its 'integrity-check' with rank 1: every word of every note, in
 * the index, and nothing more). FTS5 runs it as a write, so it takes the
 * write lock for its time when no transaction is open (and rolls back:
 * nothing is written). IRT_OK with *bad 0 or 1 (what says how), or the
 * error that kept it from running.
 */
enum irt_status db_search_index_check(struct db *db, int *bad, char *what,
                                      size_t size, struct irt_err *err);

/*
 * A read snapshot: between db_read_begin() and db_read_end() every read
 * sees the database as it was at the first one, whatever other processes
 * commit meanwhile (several loads that must agree, such as an incident
 * and its events). Inside a write it does nothing.
 */
enum irt_status db_read_begin(struct db *db, struct irt_err *err);
void db_read_end(struct db *db);

/* The number the next new incident gets. */
enum irt_status db_next_incident_id(struct db *db, long *id,
                                    struct irt_err *err);

/*
 * Loads incident `id` with its actions and notifications into inc (which
 * the caller clears with incident_clear). IRT_ERR_NOTFOUND when absent.
 */
enum irt_status db_incident_load(struct db *db, long id, struct incident *inc,
                                 struct irt_err *err);

/* Writes inc's projection (row, actions, notifications). In a write. */
enum irt_status db_incident_save(struct db *db, const struct incident *inc,
                                 struct irt_err *err);

/* Appends ev (already chained) to the timeline; sets ev->id. In a write. */
enum irt_status db_event_insert(struct db *db, struct event *ev,
                                struct irt_err *err);

/* Every event of incident id in chain order (seq), into list. */
enum irt_status db_events_load(struct db *db, long id, struct event_list *list,
                               struct irt_err *err);

/* Every incident number, ascending. Caller frees *ids. */
enum irt_status db_incident_ids(struct db *db, long **ids, size_t *n,
                                struct irt_err *err);

/* One row of the incident list. Strings owned by the row. */
struct incident_row {
	long id;
	char *title;
	char *owner;
	char *component;
	enum severity severity;
	double cvss_score;
	enum stage stage;
	enum resolution resolution;
	int64_t reported_ms;
	int64_t acked_ms;
	int64_t created_ms;
	int64_t updated_ms;
	int64_t stage_entered_ms;
	int64_t fix_left_ms; /* when the fix stage was left (0 = not yet) */
};

enum list_sort {
	LIST_SORT_NUMBER,   /* newest first */
	LIST_SORT_SEVERITY, /* most severe first */
	LIST_SORT_UPDATED,  /* most recently changed first */
	LIST_SORT_STAGE,    /* earliest stage first */
	LIST_SORT_COUNT
};

struct list_filter {
	int closed;        /* 0 open only, 1 closed only, 2 all */
	int stage;         /* -1 any */
	int severity;      /* -1 any */
	const char *owner; /* NULL any */
	const char *text;  /* NULL any: in title, fields or notes */
	enum list_sort sort;
	size_t limit; /* at most this many rows (0: all), e.g. one screenful */
};

struct incident_rows {
	struct incident_row *items;
	size_t count;
};

/* The incidents matching filter, sorted. Free with incident_rows_free. */
enum irt_status db_incident_list(struct db *db, const struct list_filter *f,
                                 struct incident_rows *rows,
                                 struct irt_err *err);
void incident_rows_free(struct incident_rows *rows);

/* One full-text search hit in a note or other timeline text. */
struct search_hit {
	long incident;
	long seq;
	int64_t at_ms;
	char *title;   /* the incident's title */
	char *kind;    /* event kind */
	char *snippet; /* about 12 tokens around the first match, matches in
	                  [brackets], "..." where text is left out */
};

struct search_hits {
	struct search_hit *items;
	size_t count;
};

/* The order of search hits. */
enum search_order {
	/* Newest first: by when it happened (at_ms, backdated and imported
	 * events by theirs), then the last entered first; as timelines
	 * sort, reversed. */
	SEARCH_NEWEST,
	/* Best first by FTS5's bm25 (on a server, PostgreSQL's ts_rank);
	 * equal scores newest first. */
	SEARCH_RANK,
};

/*
 * Full-text search of timeline text (FTS5; on a server, a GIN index cut
 * into words the same way). The query is taken as plain
 * words (all must match), never as FTS syntax. At most `limit` hits (0:
 * none), in `order`, into *hits (free with search_hits_free; empty on
 * failure). Newest first costs time by the hits returned, however many
 * notes match; by rank, FTS5 scores every match. A snippet costs time
 * bounded by how far the first match is from the nearer end of its text,
 * not by the square of the text's size (FTS5's snippet() did), and holds
 * a bounded number of bytes.
 */
enum irt_status db_search(struct db *db, const char *query,
                          enum search_order order, size_t limit,
                          struct search_hits *hits, struct irt_err *err);
void search_hits_free(struct search_hits *hits);

/*
 * IRT_ERR_INVALID, saying so, when writing to path would write over the
 * database or its -wal, -shm or -journal file (by any name: a symlink, a
 * hard link, "..", a link that does not lead anywhere yet); else IRT_OK.
 * Exports and backups call it before they write.
 */
enum irt_status db_refuse_own_file(const struct db *db, const char *path,
                                   struct irt_err *err);

/*
 * Writes a consistent copy of the whole database to `path` with SQLite's
 * online backup API while other processes keep writing: first to a
 * temporary file beside it (mode 0600), then renamed into place, so `path`
 * is never a partial copy. An existing `path` is replaced, unless it is
 * the database itself or one of its files (db_refuse_own_file).
 */
enum irt_status db_backup(struct db *db, const char *path, struct irt_err *err);

/*
 * On a PostgreSQL server, as the schema owner: creates the group roles
 * irt_responder (reads, appends) and irt_auditor (reads only) when they
 * are missing and grants them what data/pg/roles.sql (compiled in) says,
 * revoking anything else, in one transaction; running it again changes
 * nothing. IRT_ERR_INVALID on an SQLite file, which has no roles; the
 * server's refusal (not the schema owner, a superuser, no CREATEROLE
 * the first time) as IRT_ERR_DB in one line. *created says whether the
 * group roles were made now (1) or existed (0).
 */
enum irt_status db_roles(struct db *db, int *created, struct irt_err *err);

/*
 * Claims the run of the hooks of kind (hooks.h: "overdue") for
 * incident_uuid's deadline ("acknowledge", "remediate") due at due_ms,
 * in a write of its own: *claimed is 1 when this call recorded it, 0
 * when it was recorded before (by any process on this database). Kept
 * beside the record, never in it (data/migrations/013-hook-state.sql).
 */
enum irt_status db_hook_claim(struct db *db, const char *incident_uuid,
                              const char *kind, const char *deadline,
                              int64_t due_ms, const char *actor, int *claimed,
                              struct irt_err *err);

/* The team's policy (defaults until changed), from the policy table.
 * IRT_ERR_CORRUPT (and p the defaults) when a stored value is unreadable. */
enum irt_status db_policy_load(struct db *db, struct policy *p,
                               struct irt_err *err);

/* Writes every key of p to the policy table. In a write. */
enum irt_status db_policy_save(struct db *db, const struct policy *p,
                               struct irt_err *err);

/* Appends ev (a policy change, already chained; policy.h) to the policy
 * timeline; sets ev->id. In a write. */
enum irt_status db_policy_event_insert(struct db *db, struct event *ev,
                                       struct irt_err *err);

/* Every policy change in seq order, into list (as policy.h describes). */
enum irt_status db_policy_events(struct db *db, struct event_list *list,
                                 struct irt_err *err);

/* Every version of the policy, replayed from the policy timeline, into h
 * (initialised here, even on failure: then the defaults alone). Free with
 * policy_history_free. */
enum irt_status db_policy_history_load(struct db *db, struct policy_history *h,
                                       struct irt_err *err);

/* ---- the ledger (db_ledger.c; ledger.h) -------------------------- */

/* One ledger entry as stored, beside what it names as found. */
struct ledger_row {
	struct ledger_entry e; /* actor and data valid during the call */
	int kind_known;        /* the stored kind is one ledger.h defines */
	int found;             /* the event or policy change it names exists */
	long found_incident;   /* the number of that event's incident */
	char found_incident_uuid[EVENT_UUID_LEN + 1]; /* "" if none */
	long found_seq;
	char found_hash[EVENT_HASH_LEN + 1];
};

typedef void (*db_ledger_fn)(void *ctx, const struct ledger_row *row);

/* Calls fn for every ledger entry in order (streamed: the whole ledger
 * is never in memory). Reads are tuned for one pass over everything. */
enum irt_status db_ledger_walk(struct db *db, db_ledger_fn fn, void *ctx,
                               struct irt_err *err);

enum db_unlisted_kind {
	DB_UNLISTED_EVENT,      /* an event with no ledger entry */
	DB_UNLISTED_POLICY,     /* a policy change with no ledger entry */
	DB_ORPHAN_ACTION,       /* an action of no incident */
	DB_ORPHAN_NOTIFICATION, /* a notification of no incident */
};

typedef void (*db_unlisted_fn)(void *ctx, long incident, long seq,
                               enum db_unlisted_kind kind);

/* Calls fn for every row the ledger does not account for. */
enum irt_status db_ledger_unlisted(struct db *db, db_unlisted_fn fn, void *ctx,
                                   struct irt_err *err);

/* Records an import in the ledger (kind, seq, times and hashes filled
 * here). In a write. */
enum irt_status db_ledger_import(struct db *db, struct ledger_entry *e,
                                 struct irt_err *err);

/* Where an incident came from: one import that added to it. */
struct import_record {
	int64_t recorded_ms;
	char *actor;
	char *file_sha256;
	char *data; /* JSON: {"result":..., "first_seq":..., "last_seq":...} */
};

struct import_records {
	struct import_record *items;
	size_t count;
};

/* The imports that added to the incident whose UUID is incident_uuid,
 * oldest first. Free with import_records_free. */
enum irt_status db_imports_load(struct db *db, const char *incident_uuid,
                                struct import_records *out,
                                struct irt_err *err);
void import_records_free(struct import_records *r);

/* ---- chain heads and points (db_checkpoint.c; checkpoint.h) ------ */

/* One incident's chain at one point: its head, or its event `seq`. */
struct db_chain_point {
	char incident_uuid[EVENT_UUID_LEN + 1];
	long incident; /* its number; 0 when there is no such incident */
	long n_events; /* the sequence number of its last event (0: none) */
	long seq;      /* the event the point is at */
	char hash[EVENT_HASH_LEN + 1]; /* that event's hash, "" if none */
};

typedef void (*db_chain_fn)(void *ctx, const struct db_chain_point *head);

/* Calls fn for every incident, by number, with its head as the events
 * table has it: seq = n_events, hash that event's ("" for none). */
enum irt_status db_chain_heads(struct db *db, db_chain_fn fn, void *ctx,
                               struct irt_err *err);

/* For each of the n points, whose incident_uuid and seq are given,
 * fills in incident, n_events and hash (one statement for all). */
enum irt_status db_chain_points(struct db *db, struct db_chain_point *points,
                                size_t n, struct irt_err *err);

/* The ledger: *n_entries the sequence number of its last entry (0 when
 * empty), and into hash that of entry seq, or of the last entry when seq
 * is 0; "" when there is no such entry. */
enum irt_status db_ledger_point(struct db *db, long seq, long *n_entries,
                                char hash[EVENT_HASH_LEN + 1],
                                struct irt_err *err);

/* ---- import (db_import.c) ----------------------------------------- */

/* The number of the incident whose UUID is uuid: IRT_OK with *id set,
 * or IRT_ERR_NOTFOUND. */
enum irt_status db_incident_find_uuid(struct db *db, const char *uuid, long *id,
                                      struct irt_err *err);

/* Appends events[0..n) (chained, verified, of one incident whose row
 * exists) to the timeline as db_event_insert would one by one, their
 * signatures and ledger entries included, many rows per statement; sets
 * each id. In a write. */
enum irt_status db_import_events(struct db *db, struct event *events, size_t n,
                                 struct irt_err *err);

/* ---- copying a database (db_copy.c; copy.h) ----------------------- */

/* What db_copy_entries wrote. */
struct db_copy_counts {
	long ledger;     /* ledger entries */
	long events;     /* incident events */
	long policy;     /* policy changes */
	long imports;    /* import records (ledger entries alone) */
	long signatures; /* signatures of the entries copied */
	long incidents;  /* incident projections written */
};

/*
 * Appends to dst, in its write, every ledger entry of src after entry
 * `after`, byte for byte (its seq, times, hashes, actor, data), with
 * what each records: the event or policy change (every column but the
 * row id, which dst gives in ledger order) and its signature. Before
 * them, the projections (incident row, actions, notifications) of every
 * incident those entries add to, as src holds them; after them, when
 * policy changes were copied, the policy table as src holds it. src is
 * read in one snapshot (db_read_begin). counts (zeroed here) says what
 * was written. Nothing is re-recorded: no hash is computed, no time
 * taken. On failure the caller rolls dst's write back.
 */
enum irt_status db_copy_entries(struct db *src, struct db *dst, long after,
                                struct db_copy_counts *counts,
                                struct irt_err *err);

/* Signatures of two databases compared by the hash they sign. */
struct db_sig_compare {
	long n_a, n_b;                  /* how many each holds */
	long only_a;                    /* hashes a signs and b does not */
	long only_b;                    /* hashes b signs and a does not */
	long differ;                    /* hashes both sign, differently */
	char first[EVENT_HASH_LEN + 1]; /* the first such hash ("" none) */
	int first_kind; /* 1 only in a, 2 only in b, 3 differs */
};

/* Compares the signatures table of a with b's, both read in order of
 * hash, one pass each (streamed). */
enum irt_status db_signatures_compare(struct db *a, struct db *b,
                                      struct db_sig_compare *c,
                                      struct irt_err *err);

/* ---- reports (db_report.c) ---------------------------------------- */

/* What `irt report` needs of one incident. */
struct report_row {
	long id;
	char *title;
	enum severity severity;
	enum stage stage;
	enum stage prev_stage;
	enum resolution resolution;
	int64_t reported_ms;
	int64_t acked_ms;
	int64_t entered_ms[STAGE_COUNT];
	int64_t left_ms[STAGE_COUNT];
};

struct report_rows {
	struct report_row *items;
	size_t count;
};

/* The incidents reported in [since_ms, until_ms) (0 = unbounded), by
 * number. Free with report_rows_free. */
enum irt_status db_report_rows(struct db *db, int64_t since_ms,
                               int64_t until_ms, struct report_rows *rows,
                               struct irt_err *err);
void report_rows_free(struct report_rows *rows);

#endif
