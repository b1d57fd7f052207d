/*
 * db_hooks.c - the hook state (data/migrations/013-hook-state.sql): which
 * incident's deadline has had its overdue hooks run. Outside the record:
 * no chain, no ledger, no signature.
 */
#include "db_internal.h"

#include <string.h>

enum irt_status db_hook_claim(struct db *db, const char *incident_uuid,
                              const char *kind, const char *deadline,
                              int64_t due_ms, const char *actor, int *claimed,
                              struct irt_err *err)
{
	struct dbq *st = NULL;
	enum irt_status status;
	int rc;

	*claimed = 0;
	status = db_write_begin(db, err);
	if (status != IRT_OK)
		return status;
	status = db_prepare(db,
	                    "SELECT count(*) FROM hook_fired WHERE "
	                    "incident_uuid = ? AND kind = ? AND deadline = ? "
	                    "AND due_ms = ?",
	                    &st, err);
	if (status != IRT_OK)
		goto out;
	dbq_bind_text(st, 1, incident_uuid);
	dbq_bind_text(st, 2, kind);
	dbq_bind_text(st, 3, deadline);
	dbq_bind_int64(st, 4, due_ms);
	rc = dbq_step(st);
	if (rc != DBQ_ROW) {
		status = db_fail(db, rc, "reading the hook state", err);
		goto out;
	}
	if (dbq_int64(st, 0) > 0)
		goto out; /* fired before, here or elsewhere */
	dbq_finalize(st);
	st = NULL;
	status = db_prepare(db,
	                    "INSERT INTO hook_fired (incident_uuid, kind, "
	                    "deadline, due_ms, fired_ms, actor) VALUES (?, ?, "
	                    "?, ?, ?, ?)",
	                    &st, err);
	if (status != IRT_OK)
		goto out;
	dbq_bind_text(st, 1, incident_uuid);
	dbq_bind_text(st, 2, kind);
	dbq_bind_text(st, 3, deadline);
	dbq_bind_int64(st, 4, due_ms);
	dbq_bind_int64(st, 5, db_write_time(db));
	dbq_bind_text(st, 6, actor ? actor : "");
	rc = dbq_step(st);
	if (rc != DBQ_DONE) {
		status = db_fail(db, rc, "recording the hook state", err);
		goto out;
	}
	*claimed = 1;
out:
	dbq_finalize(st);
	if (status == IRT_OK) {
		status = db_write_commit(db, err);
		if (status != IRT_OK)
			*claimed = 0;
	} else {
		db_write_rollback(db);
	}
	return status;
}
