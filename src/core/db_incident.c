/*
 * db_incident.c - reading and writing the incident projection (incidents,
 * actions, notifications) and the incident list.
 *
 * Column lists are built from the compiled-in field table, never from
 * input; every value is bound.
 */
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/xalloc.h"

/* The fixed columns after the field columns, in this order. */
static const char *const state_columns[] = {
    "severity_rank",  "cvss_score",     "cvss_version",    "reported_ms",
    "stage",          "prev_stage",     "resolution",      "owner",
    "owner_detect",   "owner_contain",  "owner_fix",       "owner_notify",
    "owner_review",   "entered_detect", "entered_contain", "entered_fix",
    "entered_notify", "entered_review", "entered_closed",  "left_detect",
    "left_contain",   "left_fix",       "left_notify",     "left_review",
    "left_closed",    "acked_ms",       "created_ms",      "updated_ms",
    "actions_none",   "n_events",       "head_hash",
};
#define N_STATE (sizeof state_columns / sizeof *state_columns)

/* "uuid, title, ..., head_hash" (caller frees). */
static char *column_list(void)
{
	size_t cap = 2048, len = 0;
	char *s = xmalloc(cap);

	len += (size_t)snprintf(s + len, cap - len, "uuid");
	for (int i = 0; i < FIELD_COUNT; i++)
		len += (size_t)snprintf(s + len, cap - len, ", %s",
		                        incident_fields[i].column);
	for (size_t i = 0; i < N_STATE; i++)
		len += (size_t)snprintf(s + len, cap - len, ", %s",
		                        state_columns[i]);
	return s;
}

enum irt_status db_next_incident_id(struct db *db, long *id,
                                    struct irt_err *err)
{
	sqlite3_stmt *st;
	enum irt_status status = db_prepare(
	    db, "SELECT coalesce(max(id), 0) + 1 FROM incidents", &st, err);
	int rc;

	if (status != IRT_OK)
		return status;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = (long)sqlite3_column_int64(st, 0);
	else
		status = db_fail(db, rc, "numbering the incident", err);
	sqlite3_finalize(st);
	return status;
}

static enum irt_status load_actions(struct db *db, struct incident *inc,
                                    struct irt_err *err)
{
	sqlite3_stmt *st;
	enum irt_status status = db_prepare(
	    db,
	    "SELECT n, title, type, owner, due_ms, created_ms, done_ms, "
	    "ticket FROM actions WHERE incident_id = ? ORDER BY n",
	    &st, err);
	int rc;

	if (status != IRT_OK)
		return status;
	sqlite3_bind_int64(st, 1, inc->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct action *a;

		inc->actions =
		    xrealloc(inc->actions, (inc->n_actions + 1) * sizeof *a);
		a = &inc->actions[inc->n_actions++];
		a->n = (long)sqlite3_column_int64(st, 0);
		a->title = db_col_str(st, 1);
		a->type = db_col_str(st, 2);
		a->owner = db_col_str(st, 3);
		a->due_ms = sqlite3_column_int64(st, 4);
		a->created_ms = sqlite3_column_int64(st, 5);
		a->done_ms = sqlite3_column_int64(st, 6);
		a->ticket = db_col_str(st, 7);
	}
	if (rc != SQLITE_DONE)
		status = db_fail(db, rc, "reading actions", err);
	sqlite3_finalize(st);
	return status;
}

static enum irt_status load_notifications(struct db *db, struct incident *inc,
                                          struct irt_err *err)
{
	sqlite3_stmt *st;
	enum irt_status status = db_prepare(
	    db,
	    "SELECT seq, audience, channel, recipients, subject, status, "
	    "at_ms FROM notifications WHERE incident_id = ? ORDER BY seq",
	    &st, err);
	int rc;

	if (status != IRT_OK)
		return status;
	sqlite3_bind_int64(st, 1, inc->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct notification *n;

		inc->notifications = xrealloc(
		    inc->notifications, (inc->n_notifications + 1) * sizeof *n);
		n = &inc->notifications[inc->n_notifications++];
		n->seq = (long)sqlite3_column_int64(st, 0);
		n->audience = db_col_str(st, 1);
		n->channel = db_col_str(st, 2);
		n->recipients = db_col_str(st, 3);
		n->subject = db_col_str(st, 4);
		n->status = db_col_str(st, 5);
		n->at_ms = sqlite3_column_int64(st, 6);
	}
	if (rc != SQLITE_DONE)
		status = db_fail(db, rc, "reading notifications", err);
	sqlite3_finalize(st);
	return status;
}

static void replace(char **slot, char *value)
{
	free(*slot);
	*slot = value;
}

enum irt_status db_incident_load(struct db *db, long id, struct incident *inc,
                                 struct irt_err *err)
{
	char *cols = column_list();
	char *sql = xasprintf("SELECT %s FROM incidents WHERE id = ?", cols);
	sqlite3_stmt *st = NULL;
	enum irt_status status;
	int rc, c = 0;

	incident_init(inc);
	status = db_prepare(db, sql, &st, err);
	if (status != IRT_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		status =
		    irt_err_set(err, IRT_ERR_NOTFOUND, "no incident #%ld", id);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		status = db_fail(db, rc, "reading the incident", err);
		goto out;
	}
	inc->id = id;
	snprintf(inc->uuid, sizeof inc->uuid, "%s",
	         (const char *)sqlite3_column_text(st, c++));
	for (int i = 0; i < FIELD_COUNT; i++)
		replace(&inc->field[i], db_col_str(st, c++));
	inc->severity = (enum severity)sqlite3_column_int(st, c++);
	inc->cvss_score = sqlite3_column_double(st, c++);
	snprintf(inc->cvss_version, sizeof inc->cvss_version, "%s",
	         (const char *)sqlite3_column_text(st, c++));
	inc->reported_ms = sqlite3_column_int64(st, c++);
	inc->stage = (enum stage)sqlite3_column_int(st, c++);
	inc->prev_stage = (enum stage)sqlite3_column_int(st, c++);
	inc->resolution = (enum resolution)sqlite3_column_int(st, c++);
	inc->listed_owner = db_col_str(st, c++); /* derived; verify checks */
	for (int i = 0; i < STAGE_WORK_COUNT; i++)
		replace(&inc->owner[i], db_col_str(st, c++));
	for (int i = 0; i < STAGE_COUNT; i++)
		inc->entered_ms[i] = sqlite3_column_int64(st, c++);
	for (int i = 0; i < STAGE_COUNT; i++)
		inc->left_ms[i] = sqlite3_column_int64(st, c++);
	inc->acked_ms = sqlite3_column_int64(st, c++);
	inc->created_ms = sqlite3_column_int64(st, c++);
	inc->updated_ms = sqlite3_column_int64(st, c++);
	replace(&inc->actions_none, db_col_str(st, c++));
	inc->n_events = (long)sqlite3_column_int64(st, c++);
	snprintf(inc->head_hash, sizeof inc->head_hash, "%s",
	         (const char *)sqlite3_column_text(st, c++));
	status = load_actions(db, inc, err);
	if (status == IRT_OK)
		status = load_notifications(db, inc, err);
out:
	sqlite3_finalize(st);
	free(sql);
	free(cols);
	return status;
}

static enum irt_status save_actions(struct db *db, const struct incident *inc,
                                    struct irt_err *err)
{
	sqlite3_stmt *st;
	enum irt_status status = db_prepare(
	    db,
	    "INSERT OR REPLACE INTO actions (incident_id, n, title, type, "
	    "owner, due_ms, created_ms, done_ms, ticket) "
	    "VALUES (?,?,?,?,?,?,?,?,?)",
	    &st, err);

	if (status != IRT_OK)
		return status;
	for (size_t i = 0; i < inc->n_actions && status == IRT_OK; i++) {
		const struct action *a = &inc->actions[i];
		int rc;

		sqlite3_bind_int64(st, 1, inc->id);
		sqlite3_bind_int64(st, 2, a->n);
		sqlite3_bind_text(st, 3, a->title, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, a->type, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, a->owner, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 6, a->due_ms);
		sqlite3_bind_int64(st, 7, a->created_ms);
		sqlite3_bind_int64(st, 8, a->done_ms);
		sqlite3_bind_text(st, 9, a->ticket, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc != SQLITE_DONE)
			status = db_fail(db, rc, "saving an action", err);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return status;
}

static enum irt_status save_notifications(struct db *db,
                                          const struct incident *inc,
                                          struct irt_err *err)
{
	sqlite3_stmt *st;
	enum irt_status status = db_prepare(
	    db,
	    "INSERT OR REPLACE INTO notifications (incident_id, seq, "
	    "audience, channel, recipients, subject, status, at_ms) "
	    "VALUES (?,?,?,?,?,?,?,?)",
	    &st, err);

	if (status != IRT_OK)
		return status;
	for (size_t i = 0; i < inc->n_notifications && status == IRT_OK; i++) {
		const struct notification *n = &inc->notifications[i];
		int rc;

		sqlite3_bind_int64(st, 1, inc->id);
		sqlite3_bind_int64(st, 2, n->seq);
		sqlite3_bind_text(st, 3, n->audience, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, n->channel, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, n->recipients, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, n->subject, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, n->status, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 8, n->at_ms);
		rc = sqlite3_step(st);
		if (rc != SQLITE_DONE)
			status = db_fail(db, rc, "saving a notification", err);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return status;
}

enum irt_status db_incident_save(struct db *db, const struct incident *inc,
                                 struct irt_err *err)
{
	char *cols = column_list();
	size_t n_cols = 2 + FIELD_COUNT + N_STATE;
	char *marks = xmalloc(n_cols * 2 + 1), *sql;
	sqlite3_stmt *st = NULL;
	enum irt_status status;
	int rc, c = 1;

	for (size_t i = 0; i < n_cols; i++)
		memcpy(marks + 2 * i, ",?", 2);
	marks[n_cols * 2] = '\0';
	sql = xasprintf("INSERT OR REPLACE INTO incidents (id, %s) VALUES (%s)",
	                cols, marks + 1);
	status = db_prepare(db, sql, &st, err);
	if (status != IRT_OK)
		goto out;
	sqlite3_bind_int64(st, c++, inc->id);
	sqlite3_bind_text(st, c++, inc->uuid, -1, SQLITE_STATIC);
	for (int i = 0; i < FIELD_COUNT; i++)
		sqlite3_bind_text(st, c++, inc->field[i], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, c++, (int)inc->severity);
	sqlite3_bind_double(st, c++, inc->cvss_score);
	sqlite3_bind_text(st, c++, inc->cvss_version, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, c++, inc->reported_ms);
	sqlite3_bind_int(st, c++, (int)inc->stage);
	sqlite3_bind_int(st, c++, (int)inc->prev_stage);
	sqlite3_bind_int(st, c++, (int)inc->resolution);
	sqlite3_bind_text(st, c++, incident_owner(inc, inc->stage), -1,
	                  SQLITE_STATIC);
	for (int i = 0; i < STAGE_WORK_COUNT; i++)
		sqlite3_bind_text(st, c++, inc->owner[i], -1, SQLITE_STATIC);
	for (int i = 0; i < STAGE_COUNT; i++)
		sqlite3_bind_int64(st, c++, inc->entered_ms[i]);
	for (int i = 0; i < STAGE_COUNT; i++)
		sqlite3_bind_int64(st, c++, inc->left_ms[i]);
	sqlite3_bind_int64(st, c++, inc->acked_ms);
	sqlite3_bind_int64(st, c++, inc->created_ms);
	sqlite3_bind_int64(st, c++, inc->updated_ms);
	sqlite3_bind_text(st, c++, inc->actions_none, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, c++, inc->n_events);
	sqlite3_bind_text(st, c++, inc->head_hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		status = db_fail(db, rc, "saving the incident", err);
		goto out;
	}
	status = save_actions(db, inc, err);
	if (status == IRT_OK)
		status = save_notifications(db, inc, err);
out:
	sqlite3_finalize(st);
	free(sql);
	free(marks);
	free(cols);
	return status;
}

enum irt_status db_incident_ids(struct db *db, long **ids, size_t *n,
                                struct irt_err *err)
{
	sqlite3_stmt *st;
	enum irt_status status =
	    db_prepare(db, "SELECT id FROM incidents ORDER BY id", &st, err);
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (status != IRT_OK)
		return status;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*ids = xrealloc(*ids, cap * sizeof **ids);
		}
		(*ids)[(*n)++] = (long)sqlite3_column_int64(st, 0);
	}
	if (rc != SQLITE_DONE)
		status = db_fail(db, rc, "listing incidents", err);
	sqlite3_finalize(st);
	return status;
}

static const char *const sort_sql[LIST_SORT_COUNT] = {
    "id DESC",
    "severity_rank DESC, cvss_score DESC, id DESC",
    "updated_ms DESC, id DESC",
    "stage, id DESC",
};

enum irt_status db_incident_list(struct db *db, const struct list_filter *f,
                                 struct incident_rows *rows,
                                 struct irt_err *err)
{
	char *sql;
	sqlite3_stmt *st = NULL;
	enum irt_status status;
	size_t cap = 0;
	int rc, b = 1;
	char *like = NULL;

	memset(rows, 0, sizeof *rows);
	sql = xasprintf(
	    "SELECT id, title, owner, component, severity_rank, cvss_score, "
	    "stage, resolution, reported_ms, acked_ms, created_ms, "
	    "updated_ms, CASE stage WHEN 0 THEN entered_detect WHEN 1 THEN "
	    "entered_contain WHEN 2 THEN entered_fix WHEN 3 THEN "
	    "entered_notify WHEN 4 THEN entered_review ELSE entered_closed "
	    "END, left_fix FROM incidents WHERE "
	    "(?1 = 2 OR (?1 = 1) = (stage = 5)) AND (?2 < 0 OR stage = ?2) "
	    "AND (?3 < 0 OR severity_rank = ?3) AND (?4 IS NULL OR owner = "
	    "?4) AND (?5 IS NULL OR title LIKE ?5 ESCAPE '\\' OR component "
	    "LIKE ?5 ESCAPE '\\' OR description LIKE ?5 ESCAPE '\\' OR "
	    "owner LIKE ?5 ESCAPE '\\' OR cve LIKE ?5 ESCAPE '\\' OR id IN "
	    "(SELECT k.incident_id FROM search_fts CROSS JOIN search_keys k "
	    "ON k.key = search_fts.rowid WHERE search_fts MATCH ?6)) "
	    "ORDER BY %s LIMIT ?7",
	    sort_sql[(unsigned)f->sort < LIST_SORT_COUNT ? f->sort : 0]);
	status = db_prepare(db, sql, &st, err);
	if (status != IRT_OK)
		goto out;
	sqlite3_bind_int(st, b++, f->closed);
	sqlite3_bind_int(st, b++, f->stage);
	sqlite3_bind_int(st, b++, f->severity);
	if (f->owner)
		sqlite3_bind_text(st, 4, f->owner, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, f->limit ? (sqlite3_int64)f->limit : -1);
	if (f->text && f->text[0]) {
		char *fts = db_fts_query(f->text);
		size_t n = strlen(f->text), j = 1;

		like = xmalloc(2 * n + 3);
		like[0] = '%';
		for (size_t i = 0; i < n; i++) {
			if (f->text[i] == '%' || f->text[i] == '_' ||
			    f->text[i] == '\\')
				like[j++] = '\\';
			like[j++] = f->text[i];
		}
		like[j++] = '%';
		like[j] = '\0';
		sqlite3_bind_text(st, 5, like, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, fts, -1, free);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct incident_row *r;

		if (rows->count == cap) {
			cap = cap ? cap * 2 : 64;
			rows->items = xrealloc(rows->items, cap * sizeof *r);
		}
		r = &rows->items[rows->count++];
		r->id = (long)sqlite3_column_int64(st, 0);
		r->title = db_col_str(st, 1);
		r->owner = db_col_str(st, 2);
		r->component = db_col_str(st, 3);
		r->severity = (enum severity)sqlite3_column_int(st, 4);
		r->cvss_score = sqlite3_column_double(st, 5);
		r->stage = (enum stage)sqlite3_column_int(st, 6);
		r->resolution = (enum resolution)sqlite3_column_int(st, 7);
		r->reported_ms = sqlite3_column_int64(st, 8);
		r->acked_ms = sqlite3_column_int64(st, 9);
		r->created_ms = sqlite3_column_int64(st, 10);
		r->updated_ms = sqlite3_column_int64(st, 11);
		r->stage_entered_ms = sqlite3_column_int64(st, 12);
		r->fix_left_ms = sqlite3_column_int64(st, 13);
	}
	if (rc != SQLITE_DONE)
		status = db_fail(db, rc, "listing incidents", err);
out:
	if (status != IRT_OK)
		incident_rows_free(rows);
	sqlite3_finalize(st);
	free(like);
	free(sql);
	return status;
}

void incident_rows_free(struct incident_rows *rows)
{
	if (!rows)
		return;
	for (size_t i = 0; i < rows->count; i++) {
		free(rows->items[i].title);
		free(rows->items[i].owner);
		free(rows->items[i].component);
	}
	free(rows->items);
	memset(rows, 0, sizeof *rows);
}
