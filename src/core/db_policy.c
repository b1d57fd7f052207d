/*
 * db_policy.c - the team's policy as stored in the database.
 */
#include "db_internal.h"

enum irt_status db_policy_load(struct db *db, struct policy *p,
			       struct irt_err *err)
{
	(void)db;
	(void)err;
	policy_defaults(p);
	return IRT_OK;
}
