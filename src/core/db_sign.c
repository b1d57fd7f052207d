/*
 * db_sign.c - signatures stored with the entries they sign (db.h
 * db_sign_set, migration 004).
 */
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "irt/sign.h"
#include "irt/xalloc.h"

void db_sign_set(struct db *db, const char *key_path)
{
	free(db->sign_key);
	db->sign_key = key_path ? xstrdup(key_path) : NULL;
}

const char *db_sign_key(const struct db *db)
{
	return db->sign_key;
}

static enum irt_status store(struct db *db, const char *hash,
                             const char *signature, struct irt_err *err)
{
	struct dbq *st;
	enum irt_status status = db_prepare(
	    db, "INSERT INTO signatures (hash, signature) VALUES (?, ?)", &st,
	    err);
	int rc;

	if (status != IRT_OK)
		return status;
	dbq_bind_text(st, 1, hash);
	dbq_bind_text(st, 2, signature);
	rc = dbq_step(st);
	if (rc != DBQ_DONE)
		status = db_fail(db, rc, "storing a signature", err);
	dbq_finalize(st);
	return status;
}

enum irt_status db_sign_entry(struct db *db, const struct event *ev,
                              struct irt_err *err)
{
	if (ev->signature && ev->signature[0])
		return store(db, ev->hash, ev->signature, err);
	if (!db->sign_key)
		return IRT_OK;
	if (db->n_sign_pending == db->cap_sign_pending) {
		db->cap_sign_pending =
		    db->cap_sign_pending ? db->cap_sign_pending * 2 : 8;
		db->sign_pending =
		    xrealloc(db->sign_pending,
		             db->cap_sign_pending * sizeof *db->sign_pending);
	}
	memcpy(db->sign_pending[db->n_sign_pending++], ev->hash, 65);
	return IRT_OK;
}

enum irt_status db_sign_flush(struct db *db, struct irt_err *err)
{
	size_t n = db->n_sign_pending;
	const char **msgs;
	size_t *lens;
	char **sigs;
	enum irt_status status;

	if (n == 0)
		return IRT_OK;
	msgs = xcalloc(n, sizeof *msgs);
	lens = xcalloc(n, sizeof *lens);
	sigs = xcalloc(n, sizeof *sigs);
	for (size_t i = 0; i < n; i++) {
		msgs[i] = db->sign_pending[i];
		lens[i] = strlen(db->sign_pending[i]);
	}
	status = sign_messages(db->sign_key, SIGN_NS_EVENT, msgs, lens, n, sigs,
	                       err);
	if (status == IRT_OK) {
		for (size_t i = 0; i < n && status == IRT_OK; i++)
			status = store(db, db->sign_pending[i], sigs[i], err);
	} else {
		/* Say what was not done. */
		char why[sizeof err->msg];

		memcpy(why, err->msg, sizeof why);
		irt_err_set(err, status, "%.900s; nothing was recorded", why);
	}
	for (size_t i = 0; i < n; i++)
		free(sigs[i]);
	free(sigs);
	free(lens);
	free(msgs);
	db->n_sign_pending = 0;
	return status;
}
