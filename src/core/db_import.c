/*
 * db_import.c - what `irt import` needs from storage beyond the usual
 * writes: finding an incident by its UUID. The import itself stores
 * events and the projection through db_event_insert and db_incident_save
 * inside one write (import.c).
 */
#include "db_internal.h"

enum irt_status db_incident_find_uuid(struct db *db, const char *uuid, long *id,
                                      struct irt_err *err)
{
	struct dbq *st;
	enum irt_status status =
	    db_prepare(db, "SELECT id FROM incidents WHERE uuid = ?", &st, err);
	int rc;

	if (status != IRT_OK)
		return status;
	dbq_bind_text(st, 1, uuid);
	rc = dbq_step(st);
	if (rc == DBQ_ROW)
		*id = (long)dbq_int64(st, 0);
	else if (rc == DBQ_DONE)
		status = irt_err_set(err, IRT_ERR_NOTFOUND,
		                     "no incident with UUID %.40s", uuid);
	else
		status = db_fail(db, rc, "looking up the incident", err);
	dbq_finalize(st);
	return status;
}
