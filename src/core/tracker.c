/*
 * tracker.c - changes to incidents as atomic, chained, projected writes.
 *
 * Every change follows one path: write_begin (write lock, load), checks,
 * write_event for each event (number, chain, fold into the projection,
 * insert), write_end (save the projection and commit, or roll back;
 * after a commit, the hooks of the events written). The
 * lock is taken before the incident is read, so two processes writing to
 * one incident serialise and neither loses an event.
 */
#include "irt/tracker.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "irt/chain.h"
#include "irt/cvss.h"
#include "irt/rules.h"
#include "irt/sanitize.h"
#include "irt/timeutil.h"
#include "irt/verify.h"
#include "irt/xalloc.h"

struct write {
	struct tracker *t;
	struct incident inc;
	struct policy_history policy; /* every version, as replayed */
	int64_t now_ms;
	int64_t at_ms;           /* when field changes happened; 0 = now */
	const char *time_reason; /* a time exception's reason, or NULL */
	int is_new;
	struct event_list written; /* for the hooks, once committed */
};

/*
 * Text is stored as UTF-8 so every export can carry it intact: refuse
 * anything else (NULL is fine) before taking the write lock.
 */
static enum irt_status check_text(const char *what, const char *text,
                                  struct irt_err *err)
{
	if (!text || sanitize_utf8_valid(text, strlen(text)))
		return IRT_OK;
	return irt_err_set(err, IRT_ERR_INVALID,
	                   "the %s is not valid UTF-8; nothing was recorded",
	                   what);
}

/*
 * Loads incident id as its events make it: the chain is checked, every
 * event replayed, and the stored projection must agree, so nothing a gate
 * reads comes from a table edited behind irt's back.
 */
static enum irt_status load_replayed(struct write *w, long id,
                                     struct irt_err *err)
{
	struct incident stored;
	struct event_list events = {0};
	struct verify_report report = {0};
	enum irt_status status = db_incident_load(w->t->db, id, &stored, err);

	if (status == IRT_OK)
		status = db_events_load(w->t->db, id, &events, err);
	if (status == IRT_OK) {
		incident_clear(&w->inc);
		/* The history's chain and replay, not its rules: a past
		 * that breaks one (irt 0.1 checked less) is verify's to
		 * report, and must not lock the incident. */
		verify_events(id, stored.uuid, &events, NULL, &w->inc, &report);
		if (!report.n_problems)
			verify_compare(&stored, &w->inc, &report);
		if (report.n_problems) {
			const struct verify_problem *p = &report.problems[0];
			char where[32] = "";

			if (p->seq)
				snprintf(where, sizeof where,
				         "event %ld: ", p->seq);
			status = irt_err_set(
			    err, IRT_ERR_TAMPERED,
			    "#%ld does not verify (%s%s): it was changed "
			    "outside irt; run irt verify; nothing was "
			    "recorded",
			    id, where, p->what);
		}
	}
	verify_report_free(&report);
	event_list_free(&events);
	incident_clear(&stored);
	return status;
}

enum irt_status tracker_check_signing(const struct tracker *t,
                                      const struct policy_history *policy,
                                      int64_t now_ms, struct irt_err *err)
{
	if (!policy_history_at(policy, now_ms)->sign_required ||
	    db_sign_key(t->db))
		return IRT_OK;
	return irt_err_set(err, IRT_ERR_USAGE,
	                   "the policy requires every entry to be signed "
	                   "(sign.required): give your SSH key with "
	                   "--sign-key KEY, $IRT_SIGN_KEY or [sign] key in "
	                   "the config; nothing was recorded");
}

static enum irt_status write_begin(struct tracker *t, long id, struct write *w,
                                   struct irt_err *err)
{
	enum irt_status status;

	memset(w, 0, sizeof *w);
	w->t = t;
	w->time_reason = t->time_reason;
	incident_init(&w->inc);
	if (t->time_reason &&
	    !t->time_reason[strspn(t->time_reason, " \t\r\n")])
		return irt_err_set(err, IRT_ERR_USAGE,
		                   "--force needs --reason TEXT: a time "
		                   "exception is recorded with its reason");
	if (check_text("reason", t->time_reason, err) != IRT_OK)
		return IRT_ERR_INVALID;
	status = db_write_begin(t->db, err);
	if (status != IRT_OK)
		goto fail;
	w->now_ms = db_write_time(t->db);
	status = db_policy_history_load(t->db, &w->policy, err);
	if (status == IRT_OK)
		status = tracker_check_signing(t, &w->policy, w->now_ms, err);
	if (status != IRT_OK)
		goto fail_rollback;
	if (id == 0) {
		w->is_new = 1;
		event_new_uuid(w->inc.uuid);
		status = db_next_incident_id(t->db, &w->inc.id, err);
	} else {
		status = load_replayed(w, id, err);
	}
	if (status == IRT_OK)
		return IRT_OK;
fail_rollback:
	db_write_rollback(t->db);
fail:
	incident_clear(&w->inc);
	policy_history_free(&w->policy);
	return status;
}

/* Adds a time exception with reason to ev's data. */
static void add_time_exception(struct event *ev, const char *reason)
{
	json_t *data =
	    ev->data[0] ? json_loads(ev->data, 0, NULL) : json_object();
	char *text;

	json_object_set_new(data, "forced_time", json_string(reason));
	text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
	event_set(&ev->data, text);
	free(text);
	json_decref(data);
}

/* Completes ev (numbering, actor, times, chain), checks it against the
 * rule book, folds it in, stores it. Frees ev's strings either way. An
 * ordering rule refusing its time is met by the write's time exception
 * when there is one; otherwise the refusal says how to make one. */
static enum irt_status write_event(struct write *w, struct event *ev,
                                   struct irt_err *err)
{
	enum irt_status status, order;
	struct irt_err rule;

	ev->incident = w->inc.id;
	ev->seq = w->inc.n_events + 1;
	memcpy(ev->incident_uuid, w->inc.uuid, sizeof ev->incident_uuid);
	event_new_uuid(ev->uuid);
	ev->recorded_ms = w->now_ms;
	if (ev->at_ms == 0)
		ev->at_ms = w->now_ms;
	event_set(&ev->actor, w->t->actor);
	order = rules_time_order(&w->inc, ev, &rule);
	if (order != IRT_OK && w->time_reason)
		add_time_exception(ev, w->time_reason);
	memcpy(ev->prev_hash, w->inc.head_hash, sizeof ev->prev_hash);
	chain_hash(ev, ev->hash);
	/* The policy version verify will judge it by: the one in force
	 * when it is recorded. */
	status = rules_check(
	    &w->inc, ev, policy_history_at(&w->policy, ev->recorded_ms), &rule);
	if (status != IRT_OK)
		status = irt_err_set(
		    err, status, "#%ld: %s; nothing was recorded%s", w->inc.id,
		    rule.msg,
		    order != IRT_OK && !w->time_reason
		        ? " (a time from a record kept elsewhere goes in "
		          "with --force --reason TEXT)"
		        : "");
	if (status == IRT_OK)
		status = incident_apply(&w->inc, ev, err);
	if (status == IRT_OK && w->is_new && ev->seq == 1) {
		/* The incident row must exist before its first event. */
		status = db_incident_save(w->t->db, &w->inc, err);
	}
	if (status == IRT_OK)
		status = db_event_insert(w->t->db, ev, err);
	if (status == IRT_OK && w->t->hooks)
		*event_list_push(&w->written) = *ev; /* the list owns it */
	else
		event_clear(ev);
	return status;
}

static enum irt_status write_end(struct write *w, enum irt_status status,
                                 struct irt_err *err)
{
	struct irt_err rule;

	if (status == IRT_OK && rules_check_end(&w->inc, &rule) != IRT_OK)
		status = irt_err_set(err, IRT_ERR_INVALID,
		                     "#%ld: %s; nothing was recorded",
		                     w->inc.id, rule.msg);
	if (status == IRT_OK)
		status = db_incident_save(w->t->db, &w->inc, err);
	if (status == IRT_OK)
		status = db_write_commit(w->t->db, err);
	else
		db_write_rollback(w->t->db);
	/* Committed: now, and never before, what was recorded goes to the
	 * hooks; nothing they do can change it or this status. */
	if (status == IRT_OK)
		hooks_after_write(w->t->hooks, &w->inc, &w->written, &w->policy,
		                  w->now_ms);
	event_list_free(&w->written);
	incident_clear(&w->inc);
	policy_history_free(&w->policy);
	return status;
}

static void ev_start(struct event *ev, const char *kind, int64_t at_ms)
{
	event_init(ev);
	event_set(&ev->kind, kind);
	ev->at_ms = at_ms;
}

static enum irt_status refuse_closed(struct write *w, const char *what,
                                     struct irt_err *err)
{
	if (w->inc.stage != STAGE_CLOSED)
		return IRT_OK;
	return irt_err_set(err, IRT_ERR_INVALID,
	                   "#%ld is closed; reopen it before %s", w->inc.id,
	                   what);
}

/* A "set" event for field f, from the current value to value (already
 * normalised). Nothing when unchanged. The report time's current value,
 * never set, is the create event's time (incident_field_value). */
static enum irt_status set_field(struct write *w, enum field f,
                                 const char *value, const char *data,
                                 struct irt_err *err)
{
	struct event ev;
	char buf[TIMEUTIL_BUFSZ];
	const char *old = incident_field_value(&w->inc, f, buf, sizeof buf);

	if (strcmp(old, value) == 0 && !data)
		return IRT_OK;
	ev_start(&ev, "set", w->at_ms);
	event_set(&ev.field, incident_fields[f].name);
	event_set(&ev.old_value, old);
	event_set(&ev.new_value, value);
	if (data)
		event_set(&ev.data, data);
	return write_event(w, &ev, err);
}

static enum irt_status set_owner(struct write *w, enum stage st,
                                 const char *owner, struct irt_err *err)
{
	struct event ev;

	if (strcmp(w->inc.owner[st], owner) == 0)
		return IRT_OK;
	ev_start(&ev, "owner", w->at_ms);
	event_set(&ev.field, stage_name(st));
	event_set(&ev.old_value, w->inc.owner[st]);
	event_set(&ev.new_value, owner);
	return write_event(w, &ev, err);
}

/* Sets the severity and, with a vector, the CVSS fields first. */
static enum irt_status set_severity(struct write *w, int level,
                                    const char *vector, struct irt_err *err)
{
	enum irt_status status;

	if (vector) {
		struct cvss_result res;
		char *data;

		status = cvss_score(vector, &res, err);
		if (status != IRT_OK)
			return status;
		data = xasprintf("{\"score\":%.1f,\"version\":\"%s\"}",
		                 res.score, cvss_version_name(res.version));
		status = set_field(w, FIELD_CVSS, res.vector, data, err);
		free(data);
		if (status != IRT_OK)
			return status;
		level = (int)res.band;
	} else if (w->inc.field[FIELD_CVSS][0]) {
		/* A level given by hand replaces the vector's band. */
		status = set_field(w, FIELD_CVSS, "", NULL, err);
		if (status != IRT_OK)
			return status;
	}
	return set_field(w, FIELD_SEVERITY, severity_name((enum severity)level),
	                 NULL, err);
}

enum irt_status tracker_new(struct tracker *t, const struct new_incident *spec,
                            long *id, struct irt_err *err)
{
	struct write w;
	struct event ev;
	enum irt_status status;
	char *norm[FIELD_COUNT] = {0};
	int level = -1;
	int64_t now = timeutil_now_ms();

	if (!spec->field[FIELD_TITLE] || !spec->field[FIELD_TITLE][0])
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "an incident needs a title");
	if (check_text("owner", spec->owner, err) != IRT_OK)
		return IRT_ERR_INVALID;
	/* Check every input before taking the lock. */
	for (int f = 0; f < FIELD_COUNT; f++) {
		if (!spec->field[f] || f == FIELD_CVSS)
			continue;
		status = incident_field_normalise((enum field)f, spec->field[f],
		                                  now, &norm[f], err);
		if (status != IRT_OK)
			goto out_free;
	}
	if (norm[FIELD_SEVERITY])
		level = severity_parse(norm[FIELD_SEVERITY]);
	status = write_begin(t, 0, &w, err);
	if (status != IRT_OK)
		goto out_free;
	/* An incident is opened when it is reported: a back-dated report
	 * back-dates the create event, and sets no separate field. */
	ev_start(&ev, "create", spec->at_ms);
	if (norm[FIELD_REPORTED] && norm[FIELD_REPORTED][0])
		timeutil_parse(norm[FIELD_REPORTED], 0, &ev.at_ms, NULL);
	event_set(&ev.new_value, norm[FIELD_TITLE]);
	/* What was known at the report is dated with the report. */
	w.at_ms = ev.at_ms;
	status = write_event(&w, &ev, err);
	for (int f = 0; f < FIELD_COUNT && status == IRT_OK; f++) {
		if (f == FIELD_TITLE || f == FIELD_SEVERITY ||
		    f == FIELD_REPORTED || !norm[f] || !norm[f][0])
			continue;
		status = set_field(&w, (enum field)f, norm[f], NULL, err);
	}
	if (status == IRT_OK && spec->owner && spec->owner[0])
		status = set_owner(&w, STAGE_DETECT, spec->owner, err);
	if (status == IRT_OK && (level > 0 || (spec->field[FIELD_CVSS] &&
	                                       spec->field[FIELD_CVSS][0])))
		status = set_severity(&w, level,
		                      spec->field[FIELD_CVSS] &&
		                              spec->field[FIELD_CVSS][0]
		                          ? spec->field[FIELD_CVSS]
		                          : NULL,
		                      err);
	*id = w.inc.id;
	status = write_end(&w, status, err);
out_free:
	for (int f = 0; f < FIELD_COUNT; f++)
		free(norm[f]);
	return status;
}

enum irt_status tracker_note(struct tracker *t, long id, int64_t at_ms,
                             const char *kind, const char *text,
                             struct irt_err *err)
{
	struct write w;
	struct event ev;
	enum irt_status status;

	if (!text || !text[strspn(text, " \t\r\n")])
		return irt_err_set(err, IRT_ERR_INVALID, "the note is empty");
	if (check_text("note", text, err) != IRT_OK ||
	    check_text("note kind", kind, err) != IRT_OK)
		return IRT_ERR_INVALID;
	status = write_begin(t, id, &w, err);
	if (status != IRT_OK)
		return status;
	ev_start(&ev, "note", at_ms);
	event_set(&ev.field, kind && kind[0] ? kind : "note");
	event_set(&ev.text, text);
	status = write_event(&w, &ev, err);
	return write_end(&w, status, err);
}

enum irt_status tracker_ack(struct tracker *t, long id, int64_t at_ms,
                            struct irt_err *err)
{
	struct write w;
	struct event ev;
	enum irt_status status = write_begin(t, id, &w, err);
	char when[TIMEUTIL_BUFSZ];

	if (status != IRT_OK)
		return status;
	if (w.inc.acked_ms) {
		timeutil_format_local(w.inc.acked_ms, when, sizeof when);
		status = irt_err_set(err, IRT_ERR_INVALID,
		                     "#%ld was already acknowledged at %s", id,
		                     when);
		return write_end(&w, status, err);
	}
	ev_start(&ev, "ack", at_ms ? at_ms : w.now_ms);
	timeutil_format_utc(ev.at_ms, when, sizeof when);
	event_set(&ev.new_value, when);
	status = write_event(&w, &ev, err);
	return write_end(&w, status, err);
}

enum irt_status tracker_assign(struct tracker *t, long id, int64_t at_ms,
                               int st, const char *owner, struct irt_err *err)
{
	struct write w;
	enum irt_status status;

	if (!owner || !owner[0])
		return irt_err_set(err, IRT_ERR_INVALID, "the owner is empty");
	if (check_text("owner", owner, err) != IRT_OK)
		return IRT_ERR_INVALID;
	status = write_begin(t, id, &w, err);
	if (status != IRT_OK)
		return status;
	w.at_ms = at_ms;
	if (st < 0)
		st = w.inc.stage == STAGE_CLOSED ? (int)w.inc.prev_stage
		                                 : (int)w.inc.stage;
	if (st >= STAGE_WORK_COUNT)
		status = irt_err_set(err, IRT_ERR_INVALID,
		                     "a closed incident has no owner to set");
	if (status == IRT_OK)
		status = set_owner(&w, (enum stage)st, owner, err);
	return write_end(&w, status, err);
}

enum irt_status tracker_set(struct tracker *t, long id, int64_t at_ms,
                            enum field f, const char *value,
                            struct irt_err *err)
{
	struct write w;
	enum irt_status status;
	char *norm = NULL;

	if ((unsigned)f >= FIELD_COUNT || !incident_fields[f].settable)
		return irt_err_set(
		    err, IRT_ERR_INVALID, "%s is set with `irt severity`",
		    (unsigned)f < FIELD_COUNT ? incident_fields[f].name
		                              : "that field");
	status =
	    incident_field_normalise(f, value, timeutil_now_ms(), &norm, err);
	if (status != IRT_OK)
		return status;
	status = write_begin(t, id, &w, err);
	if (status == IRT_OK) {
		w.at_ms = at_ms;
		status = set_field(&w, f, norm, NULL, err);
		status = write_end(&w, status, err);
	}
	free(norm);
	return status;
}

enum irt_status tracker_severity(struct tracker *t, long id, int64_t at_ms,
                                 int level, const char *cvss_vector,
                                 struct irt_err *err)
{
	struct write w;
	enum irt_status status;

	if (!cvss_vector &&
	    (level <= SEVERITY_UNSET || level >= SEVERITY_COUNT))
		return irt_err_set(err, IRT_ERR_INVALID, "no severity given");
	status = write_begin(t, id, &w, err);
	if (status != IRT_OK)
		return status;
	w.at_ms = at_ms;
	status = set_severity(&w, level, cvss_vector, err);
	return write_end(&w, status, err);
}

/* The gate's unmet items as a JSON array (caller frees). */
static json_t *unmet_items(const struct gate_report *r)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < r->count; i++)
		if (!r->items[i].met)
			json_array_append_new(arr,
			                      json_string(r->items[i].text));
	return arr;
}

enum irt_status tracker_advance(struct tracker *t, long id, int64_t at_ms,
                                const char *note, int force, const char *reason,
                                struct gate_report *report, struct irt_err *err)
{
	struct write w;
	struct event ev;
	struct gate_report local;
	enum irt_status status;
	int unmet;

	if (!report)
		report = &local;
	memset(report, 0, sizeof *report);
	if (force && (!reason || !reason[strspn(reason, " \t\r\n")]))
		return irt_err_set(err, IRT_ERR_USAGE,
		                   "--force needs --reason TEXT: overrides are "
		                   "recorded with their reason");
	if (check_text("note", note, err) != IRT_OK ||
	    check_text("reason", reason, err) != IRT_OK)
		return IRT_ERR_INVALID;
	status = write_begin(t, id, &w, err);
	if (status != IRT_OK)
		return status;
	if (force && !w.time_reason)
		w.time_reason = reason;
	unmet = incident_gate(&w.inc, policy_history_at(&w.policy, w.now_ms),
	                      report);
	if (unmet < 0) {
		status =
		    irt_err_set(err, IRT_ERR_INVALID,
		                "#%ld is closed; reopen it to continue", id);
		return write_end(&w, status, err);
	}
	if (unmet > 0 && !force) {
		status = irt_err_set(err, IRT_ERR_GATE,
		                     "#%ld cannot leave %s: %d of %zu gate "
		                     "items unmet",
		                     id, stage_name(w.inc.stage), unmet,
		                     report->count);
		return write_end(&w, status, err);
	}
	ev_start(&ev, "advance", at_ms);
	event_set(&ev.old_value, stage_name(w.inc.stage));
	event_set(&ev.new_value, stage_name(report->to));
	event_set(&ev.text, note ? note : "");
	if (force && unmet > 0) {
		json_t *data = json_pack("{s:s, s:o}", "reason", reason,
		                         "unmet", unmet_items(report));
		char *text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);

		event_set(&ev.field, "forced");
		event_set(&ev.data, text);
		free(text);
		json_decref(data);
	}
	status = write_event(&w, &ev, err);
	return write_end(&w, status, err);
}

enum irt_status tracker_close(struct tracker *t, long id, int64_t at_ms,
                              enum resolution r, const char *reason,
                              struct irt_err *err)
{
	struct write w;
	struct event ev;
	enum irt_status status;

	if (!reason || !reason[strspn(reason, " \t\r\n")])
		return irt_err_set(err, IRT_ERR_USAGE,
		                   "closing needs --reason TEXT");
	if (r <= RESOLUTION_NONE || r >= RESOLUTION_COUNT)
		return irt_err_set(err, IRT_ERR_USAGE,
		                   "closing needs --resolution");
	if (check_text("reason", reason, err) != IRT_OK)
		return IRT_ERR_INVALID;
	status = write_begin(t, id, &w, err);
	if (status != IRT_OK)
		return status;
	status = refuse_closed(&w, "closing it again", err);
	if (status == IRT_OK) {
		ev_start(&ev, "close", at_ms);
		event_set(&ev.field, resolution_name(r));
		event_set(&ev.old_value, stage_name(w.inc.stage));
		event_set(&ev.new_value, stage_name(STAGE_CLOSED));
		event_set(&ev.text, reason);
		status = write_event(&w, &ev, err);
	}
	return write_end(&w, status, err);
}

enum irt_status tracker_reopen(struct tracker *t, long id, int64_t at_ms,
                               const char *reason, struct irt_err *err)
{
	struct write w;
	struct event ev;
	enum irt_status status;

	if (!reason || !reason[strspn(reason, " \t\r\n")])
		return irt_err_set(err, IRT_ERR_USAGE,
		                   "reopening needs --reason TEXT");
	if (check_text("reason", reason, err) != IRT_OK)
		return IRT_ERR_INVALID;
	status = write_begin(t, id, &w, err);
	if (status != IRT_OK)
		return status;
	if (w.inc.stage != STAGE_CLOSED) {
		status = irt_err_set(err, IRT_ERR_INVALID,
		                     "#%ld is not closed (it is in %s)", id,
		                     stage_name(w.inc.stage));
		return write_end(&w, status, err);
	}
	ev_start(&ev, "reopen", at_ms);
	event_set(&ev.old_value, stage_name(STAGE_CLOSED));
	event_set(&ev.new_value, stage_name(w.inc.prev_stage));
	event_set(&ev.text, reason);
	status = write_event(&w, &ev, err);
	return write_end(&w, status, err);
}

enum irt_status tracker_action_add(struct tracker *t, long id, int64_t at_ms,
                                   const char *title, const char *type,
                                   const char *owner, int64_t due_ms,
                                   const char *ticket, long *n,
                                   struct irt_err *err)
{
	struct write w;
	struct event ev;
	enum irt_status status;
	int type_id = type && type[0] ? action_type_parse(type) : 0;
	char due[TIMEUTIL_BUFSZ] = "", num[24];
	json_t *data;
	char *text;

	if (!title || !title[strspn(title, " \t\r\n")])
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "the action needs a title");
	if (check_text("action title", title, err) != IRT_OK ||
	    check_text("owner", owner, err) != IRT_OK ||
	    check_text("ticket", ticket, err) != IRT_OK)
		return IRT_ERR_INVALID;
	if (ticket && ticket[0] && !ticket[strspn(ticket, " \t\r\n")])
		ticket = NULL;
	if (type_id < 0)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "unknown action type \"%.40s\" (use "
		                   "corrective, preventive or detective)",
		                   type);
	status = write_begin(t, id, &w, err);
	if (status != IRT_OK)
		return status;
	*n = 1;
	for (size_t i = 0; i < w.inc.n_actions; i++)
		if (w.inc.actions[i].n >= *n)
			*n = w.inc.actions[i].n + 1;
	if (due_ms)
		timeutil_format_utc(due_ms, due, sizeof due);
	data = json_pack("{s:s, s:s, s:s}", "type",
	                 action_type_name((enum action_type)type_id), "owner",
	                 owner ? owner : "", "due", due);
	/* Only an action followed elsewhere records where: older entries
	 * have no ticket, and one without it stays the same shape. */
	if (ticket && ticket[0])
		json_object_set_new(data, "ticket", json_string(ticket));
	text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
	snprintf(num, sizeof num, "%ld", *n);
	ev_start(&ev, "action", at_ms);
	event_set(&ev.field, num);
	event_set(&ev.new_value, title);
	event_set(&ev.data, text);
	free(text);
	json_decref(data);
	status = write_event(&w, &ev, err);
	return write_end(&w, status, err);
}

enum irt_status tracker_action_done(struct tracker *t, long id, int64_t at_ms,
                                    long n, struct irt_err *err)
{
	struct write w;
	struct event ev;
	enum irt_status status = write_begin(t, id, &w, err);
	const struct action *a = NULL;
	char num[24];

	if (status != IRT_OK)
		return status;
	for (size_t i = 0; i < w.inc.n_actions; i++)
		if (w.inc.actions[i].n == n)
			a = &w.inc.actions[i];
	if (!a)
		status = irt_err_set(err, IRT_ERR_INVALID,
		                     "#%ld has no action %ld", id, n);
	else if (a->done_ms)
		status =
		    irt_err_set(err, IRT_ERR_INVALID,
		                "action %ld of #%ld is already done", n, id);
	if (status == IRT_OK) {
		snprintf(num, sizeof num, "%ld", n);
		ev_start(&ev, "action-done", at_ms);
		event_set(&ev.field, num);
		status = write_event(&w, &ev, err);
	}
	return write_end(&w, status, err);
}

enum irt_status tracker_actions_none(struct tracker *t, long id, int64_t at_ms,
                                     const char *reason, struct irt_err *err)
{
	struct write w;
	struct event ev;
	enum irt_status status;

	if (!reason || !reason[strspn(reason, " \t\r\n")])
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "say why no corrective action is needed");
	if (check_text("reason", reason, err) != IRT_OK)
		return IRT_ERR_INVALID;
	status = write_begin(t, id, &w, err);
	if (status != IRT_OK)
		return status;
	ev_start(&ev, "actions-none", at_ms);
	event_set(&ev.text, reason);
	status = write_event(&w, &ev, err);
	return write_end(&w, status, err);
}

/* The data of spec's notify event as canonical JSON text (malloc'd), or
 * NULL with err set when a text is not valid. */
static char *notification_data(const struct notification_spec *spec,
                               struct irt_err *err)
{
	json_t *to = json_array(), *data;
	char *text;

	if (check_text("message", spec->message, err) != IRT_OK ||
	    check_text("channel", spec->channel, err) != IRT_OK ||
	    check_text("subject", spec->subject, err) != IRT_OK ||
	    check_text("command", spec->command, err) != IRT_OK) {
		json_decref(to);
		return NULL;
	}
	for (size_t i = 0; i < spec->n_to; i++)
		if (check_text("recipient", spec->to[i], err) != IRT_OK) {
			json_decref(to);
			return NULL;
		}
	if ((unsigned)spec->audience >= AUDIENCE_COUNT) {
		json_decref(to);
		irt_err_set(err, IRT_ERR_INVALID, "unknown audience");
		return NULL;
	}
	for (size_t i = 0; i < spec->n_to; i++)
		json_array_append_new(to, json_string(spec->to[i]));
	data = json_pack("{s:s, s:o, s:s, s:s}", "channel",
	                 spec->channel ? spec->channel : "", "to", to,
	                 "subject", spec->subject ? spec->subject : "",
	                 "status", spec->status ? spec->status : "recorded");
	if (!data) {
		irt_err_set(err, IRT_ERR_INVALID,
		            "notification text is not valid UTF-8");
		return NULL;
	}
	if (spec->command) {
		json_object_set_new(data, "command",
		                    json_string(spec->command));
		json_object_set_new(data, "exit",
		                    json_integer(spec->exit_status));
	}
	text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(data);
	return text;
}

static enum irt_status write_notification(struct write *w,
                                          const struct notification_spec *spec,
                                          const char *data, struct irt_err *err)
{
	struct event ev;

	ev_start(&ev, "notify", spec->at_ms);
	event_set(&ev.field, audience_name(spec->audience));
	event_set(&ev.data, data);
	event_set(&ev.text, spec->message ? spec->message : "");
	return write_event(w, &ev, err);
}

enum irt_status tracker_notification(struct tracker *t, long id,
                                     const struct notification_spec *spec,
                                     struct irt_err *err)
{
	struct write w;
	enum irt_status status;
	char *text = notification_data(spec, err);

	if (!text)
		return IRT_ERR_INVALID;
	status = write_begin(t, id, &w, err);
	if (status == IRT_OK) {
		status = write_notification(&w, spec, text, err);
		status = write_end(&w, status, err);
	}
	free(text);
	return status;
}

enum irt_status tracker_ack_notification(struct tracker *t, long id,
                                         const struct notification_spec *spec,
                                         struct irt_err *err)
{
	struct write w;
	struct event ev;
	enum irt_status status;
	char when[TIMEUTIL_BUFSZ];
	char *text = notification_data(spec, err);
	int sent = spec->status && strcmp(spec->status, "failed") != 0;

	if (!text)
		return IRT_ERR_INVALID;
	status = write_begin(t, id, &w, err);
	if (status != IRT_OK) {
		free(text);
		return status;
	}
	if (sent && w.inc.acked_ms) {
		timeutil_format_local(w.inc.acked_ms, when, sizeof when);
		status = irt_err_set(err, IRT_ERR_INVALID,
		                     "#%ld was already acknowledged at %s", id,
		                     when);
	}
	if (status == IRT_OK && sent) {
		ev_start(&ev, "ack", spec->at_ms ? spec->at_ms : w.now_ms);
		timeutil_format_utc(ev.at_ms, when, sizeof when);
		event_set(&ev.new_value, when);
		status = write_event(&w, &ev, err);
	}
	if (status == IRT_OK)
		status = write_notification(&w, spec, text, err);
	status = write_end(&w, status, err);
	free(text);
	return status;
}
