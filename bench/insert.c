/*
 * insert.c - the bare-SQLite limit for `irt import` (bench/export.sh).
 *
 *   irt-bench-insert FRESH_DB SOURCE_DB INCIDENT_ID
 *
 * creates FRESH_DB from irt's own migrations (data/migrations/NNN-*.sql,
 * run in order as irt runs them, so the events table has the same
 * columns, indexes and triggers, the full-text trigger included), with
 * the pragmas irt sets on every connection (WAL, synchronous=FULL,
 * foreign keys), then copies incident INCIDENT_ID of SOURCE_DB into it:
 * its incidents row and its events, one prepared INSERT per event with
 * the columns irt's writer binds, all in one transaction (one commit, one
 * fsync). Nothing irt adds to an import is done here: no JSON, no hash
 * chain, no rule book, no ledger, no comparison. It is what an import of
 * those rows cannot beat.
 *
 * A benchmark tool, not part of irt: it talks to SQLite directly.
 */
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_EVENT_COLUMNS 14

static const char *const event_columns =
    "incident_id, seq, uuid, at_ms, recorded_ms, actor, kind, field, "
    "old_value, new_value, text, data, prev_hash, hash";

static void die(sqlite3 *conn, const char *what)
{
	fprintf(stderr, "irt-bench-insert: %s: %s\n", what,
	        conn ? sqlite3_errmsg(conn) : "out of memory");
	exit(1);
}

static void exec(sqlite3 *conn, const char *sql)
{
	if (sqlite3_exec(conn, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(conn, sql);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every NNN-*.sql of dir, in name order, run in one transaction. */
static void migrate(sqlite3 *conn, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL, path[4096];
	size_t n = 0;

	if (!d) {
		perror(dir);
		exit(1);
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (len > 4 && strcmp(de->d_name + len - 4, ".sql") == 0) {
			names = realloc(names, (n + 1) * sizeof *names);
			names[n++] = strdup(de->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	exec(conn, "BEGIN IMMEDIATE");
	for (size_t i = 0; i < n; i++) {
		FILE *f;
		char *sql;
		long size;

		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		f = fopen(path, "rb");
		if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0) {
			perror(path);
			exit(1);
		}
		rewind(f);
		sql = calloc(1, (size_t)size + 1);
		if (fread(sql, 1, (size_t)size, f) != (size_t)size) {
			perror(path);
			exit(1);
		}
		fclose(f);
		exec(conn, sql);
		free(sql);
		free(names[i]);
	}
	free(names);
	exec(conn, "COMMIT");
}

int main(int argc, char **argv)
{
	sqlite3 *conn = NULL;
	sqlite3_stmt *read, *write;
	char sql[512];
	long id, n = 0;
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: irt-bench-insert FRESH_DB SOURCE_DB "
		                "INCIDENT_ID\n");
		return 2;
	}
	id = atol(argv[3]);
	if (sqlite3_open_v2(argv[1], &conn,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                        SQLITE_OPEN_URI,
	                    NULL) != SQLITE_OK)
		die(conn, argv[1]);
	exec(conn, "PRAGMA foreign_keys = ON");
	exec(conn, "PRAGMA journal_mode = WAL");
	exec(conn, "PRAGMA synchronous = FULL");
	migrate(conn, IRT_MIGRATIONS_DIR);
	/* Read-only: the source is never changed. */
	snprintf(sql, sizeof sql, "ATTACH 'file:%s?mode=ro' AS src", argv[2]);
	exec(conn, sql);

	exec(conn, "BEGIN IMMEDIATE");
	snprintf(sql, sizeof sql,
	         "INSERT INTO main.incidents SELECT * FROM src.incidents "
	         "WHERE id = %ld",
	         id);
	exec(conn, sql);
	snprintf(sql, sizeof sql,
	         "SELECT %s FROM src.events WHERE incident_id = %ld ORDER BY "
	         "seq",
	         event_columns, id);
	if (sqlite3_prepare_v2(conn, sql, -1, &read, NULL) != SQLITE_OK)
		die(conn, "reading the events");
	snprintf(sql, sizeof sql,
	         "INSERT INTO main.events (%s) VALUES "
	         "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	         event_columns);
	if (sqlite3_prepare_v2(conn, sql, -1, &write, NULL) != SQLITE_OK)
		die(conn, "preparing the insert");
	while ((rc = sqlite3_step(read)) == SQLITE_ROW) {
		for (int c = 0; c < N_EVENT_COLUMNS; c++)
			sqlite3_bind_value(write, c + 1,
			                   sqlite3_column_value(read, c));
		if (sqlite3_step(write) != SQLITE_DONE)
			die(conn, "inserting an event");
		sqlite3_reset(write);
		n++;
	}
	if (rc != SQLITE_DONE)
		die(conn, "reading the events");
	sqlite3_finalize(read);
	sqlite3_finalize(write);
	exec(conn, "COMMIT");
	sqlite3_close(conn);
	printf("%ld\n", n);
	return 0;
}
