/*
 * import.c - `irt import`: an irt-incident/1 export verified from its
 * events up and stored under a local number, idempotently by UUID
 * (import.h says what happens in each case).
 *
 * Invariant: nothing reaches the database unless every event in the file
 * serialises back to exactly its JSON object, the chain verifies, the
 * events replay, and the file's incident part equals the replayed one.
 */
#include "irt/import.h"

#include <errno.h>
#include <limits.h>
#include <jansson.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/chain.h"
#include "irt/export.h"
#include "irt/incident_json.h"
#include "irt/sanitize.h"
#include "irt/timeutil.h"
#include "irt/verify.h"
#include "irt/xalloc.h"

/* Whether key is one of skip (NULL-terminated; NULL: none). */
static int skipped(const char *key, const char *const *skip)
{
	for (; skip && *skip; skip++)
		if (strcmp(key, *skip) == 0)
			return 1;
	return 0;
}

/* The first member whose value differs between a and b (objects), or
 * NULL when they are equal; members named in skip (NULL-terminated, or
 * NULL) are left out on both sides. */
static const char *first_difference_but(json_t *a, json_t *b,
                                        const char *const *skip)
{
	const char *key;
	json_t *value;

	json_object_foreach(a, key, value)
	{
		if (!skipped(key, skip) &&
		    !json_equal(value, json_object_get(b, key)))
			return key;
	}
	json_object_foreach(b, key, value)
	{
		if (!skipped(key, skip) && !json_object_get(a, key))
			return key;
	}
	return NULL;
}

static const char *first_difference(json_t *a, json_t *b)
{
	return first_difference_but(a, b, NULL);
}

/* Likewise an action's "ticket", null in mine when its event has none. */
static void tolerate_unknown_action_members(json_t *mine_inc, json_t *file_inc)
{
	json_t *mine = json_object_get(mine_inc, "actions");
	json_t *theirs = json_object_get(file_inc, "actions");
	json_t *action;
	size_t i;

	if (!json_is_array(mine) || !json_is_array(theirs))
		return;
	json_array_foreach(mine, i, action)
	{
		json_t *their = json_array_get(theirs, i);

		if (json_is_object(their) &&
		    !json_object_get(their, "ticket") &&
		    json_is_null(json_object_get(action, "ticket")))
			json_object_del(action, "ticket");
	}
}

/* A file from an irt that knew fewer fields has no member for a field
 * added since; such a field is empty in what its events give, so it is
 * dropped from mine before comparing (a non-empty one still differs). */
static void tolerate_unknown_fields(json_t *mine_inc, json_t *file_inc)
{
	json_t *mine = json_object_get(mine_inc, "fields");
	json_t *theirs = json_object_get(file_inc, "fields");
	const char *key;
	json_t *value;
	void *tmp;

	tolerate_unknown_action_members(mine_inc, file_inc);

	if (!json_is_object(mine) || !json_is_object(theirs))
		return;
	json_object_foreach_safe(mine, tmp, key, value)
	{
		const char *s = json_string_value(value);

		if (!json_object_get(theirs, key) && s && !s[0])
			json_object_del(mine, key);
	}
}

static int get_str(json_t *obj, const char *key, const char **out)
{
	*out = json_string_value(json_object_get(obj, key));
	return *out ? 0 : -1;
}

static int get_int(json_t *obj, const char *key, int64_t *out)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_integer(v))
		return -1;
	*out = json_integer_value(v);
	return 0;
}

/* Rebuilds event i of the file into ev; IRT_ERR_INVALID or
 * IRT_ERR_TAMPERED naming the event when it cannot be, or when ev does
 * not serialise back to exactly obj. */
static enum irt_status read_event(json_t *obj, size_t i, const char *inc_uuid,
                                  struct event *ev, struct irt_err *err)
{
	static const char *const str_keys[] = {
	    "uuid", "actor", "kind",     "field",     "old",
	    "new",  "text",  "data_raw", "prev_hash", "hash"};
	const char *s[10];
	int64_t seq, at, rec;
	json_t *back;
	const char *diff;

	if (!json_is_object(obj))
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "event %zu of the file is not an object",
		                   i + 1);
	for (size_t k = 0; k < 10; k++)
		if (get_str(obj, str_keys[k], &s[k]) != 0)
			return irt_err_set(err, IRT_ERR_INVALID,
			                   "event %zu of the file: \"%s\" is "
			                   "missing or not a string",
			                   i + 1, str_keys[k]);
	if (get_int(obj, "seq", &seq) || get_int(obj, "at_ms", &at) ||
	    get_int(obj, "recorded_ms", &rec))
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "event %zu of the file: seq, at_ms or "
		                   "recorded_ms missing or not an integer",
		                   i + 1);
	/* Times within what the command line accepts, before anything
	 * computes with them. */
	if (!timeutil_recordable(at) || !timeutil_recordable(rec) || seq < 1 ||
	    seq > LONG_MAX / 2)
		return irt_err_set(
		    err, IRT_ERR_INVALID,
		    "event %zu of the file: seq, at_ms or "
		    "recorded_ms out of range (times must lie in "
		    "1990..9999)",
		    i + 1);
	if (strlen(s[0]) != EVENT_UUID_LEN || strlen(s[8]) != EVENT_HASH_LEN ||
	    strlen(s[9]) != EVENT_HASH_LEN)
		return irt_err_set(err, IRT_ERR_TAMPERED,
		                   "event %lld of the file has a malformed "
		                   "UUID or hash",
		                   (long long)seq);
	event_init(ev);
	ev->seq = (long)seq;
	ev->at_ms = at;
	ev->recorded_ms = rec;
	memcpy(ev->incident_uuid, inc_uuid, EVENT_UUID_LEN + 1);
	memcpy(ev->uuid, s[0], EVENT_UUID_LEN + 1);
	event_set(&ev->actor, s[1]);
	event_set(&ev->kind, s[2]);
	event_set(&ev->field, s[3]);
	event_set(&ev->old_value, s[4]);
	event_set(&ev->new_value, s[5]);
	event_set(&ev->text, s[6]);
	event_set(&ev->data, s[7]);
	memcpy(ev->prev_hash, s[8], EVENT_HASH_LEN + 1);
	memcpy(ev->hash, s[9], EVENT_HASH_LEN + 1);
	/* A signature is carried, never believed: verify checks it against
	 * the allowed signers the verifier trusts. */
	if (json_object_get(obj, "signature")) {
		const char *sig;

		if (get_str(obj, "signature", &sig) != 0 || !sig[0] ||
		    !sanitize_utf8_valid(sig, strlen(sig)))
			return irt_err_set(
			    err, IRT_ERR_INVALID,
			    "event %lld of the file: \"signature\" "
			    "is not a signature",
			    (long long)seq);
		event_set(&ev->signature, sig);
	}
	/* The redundant members (at, recorded, backdated, data) must say
	 * what the authoritative ones say: no byte may change unseen. */
	back = incident_json_event(ev);
	diff = first_difference(obj, back); /* a key owned by obj or back */
	if (diff)
		irt_err_set(err, IRT_ERR_TAMPERED,
		            "event %ld (%s) was altered: its \"%.40s\" does "
		            "not match the rest of the event",
		            ev->seq, ev->uuid, diff);
	json_decref(back);
	return diff ? IRT_ERR_TAMPERED : IRT_OK;
}

/* Checks the chain and the rules and replays it into *rebuilt
 * (initialised here). */
static enum irt_status check_chain(const char *inc_uuid,
                                   const struct event_list *events,
                                   const struct policy_history *policy,
                                   struct incident *rebuilt,
                                   struct irt_err *err)
{
	struct verify_report report = {0};
	enum irt_status status = IRT_OK;

	verify_events(0, inc_uuid, events, policy, rebuilt, &report);
	if (report.n_problems) {
		const struct verify_problem *p = &report.problems[0];
		const char *uuid = "";

		/* The event that says it is number p->seq: in a file with
		 * one removed or inserted, not the one at that place. */
		for (size_t i = 0; i < events->count && !uuid[0]; i++)
			if (p->seq > 0 && events->items[i].seq == p->seq)
				uuid = events->items[i].uuid;
		if (p->seq)
			status = irt_err_set(
			    err, IRT_ERR_TAMPERED,
			    "the file's timeline does not verify: event "
			    "%ld%s%s%s: %s%s; nothing imported",
			    p->seq, uuid[0] ? " (" : "", uuid,
			    uuid[0] ? ")" : "", p->what,
			    report.n_problems > 1
			        ? " (and more problems after it)"
			        : "");
		else
			status = irt_err_set(
			    err, IRT_ERR_TAMPERED,
			    "the file's timeline does not verify: after its "
			    "last event, %s; nothing imported",
			    p->what);
	} else if (events->count == 0) {
		status = irt_err_set(err, IRT_ERR_INVALID,
		                     "the file holds no events");
	}
	verify_report_free(&report);
	return status;
}

/*
 * Compares the file's document with the one the replayed timeline gives,
 * but for "deadlines" (this database's policy judges them) and
 * "policy_events" (checked on their own), and for "events": import_parse
 * compared each of those with what its rebuilt event serialises to, and
 * the document's "events" are those serialisations, in the same order.
 */
static enum irt_status check_document(json_t *root, struct incident *rebuilt,
                                      const struct event_list *events,
                                      struct irt_err *err)
{
	static const char *const not_compared[] = {"deadlines", "policy_events",
	                                           "events", NULL};
	struct export_doc doc;
	json_t *mine, *mine_inc;
	json_t *file_inc = json_object_get(root, "incident");
	const char *diff, *where = "incident's ";
	enum irt_status status = IRT_OK;

	memset(&doc, 0, sizeof doc);
	rebuilt->id = (long)json_integer_value(json_object_get(file_inc, "id"));
	doc.inc = *rebuilt;
	doc.events = *events;
	mine = export_json_timeline_part(&doc);
	/* Freed at once: half of what an import holds at its peak. */
	json_object_del(mine, "events");
	mine_inc = json_object_get(mine, "incident");
	tolerate_unknown_fields(mine_inc, file_inc);
	diff = first_difference(file_inc, mine_inc);
	if (!diff) {
		diff = first_difference_but(root, mine, not_compared);
		where = "";
	}
	if (diff)
		status = irt_err_set(err, IRT_ERR_TAMPERED,
		                     "the file was altered: the %s\"%.40s\" "
		                     "does not match its own timeline",
		                     where, diff);
	json_decref(mine);
	return status;
}

/* Stores events[from..] of incident id and its projection. In a write. */
static enum irt_status store(struct db *db, long id, struct incident *rebuilt,
                             struct event_list *events, size_t from,
                             struct irt_err *err)
{
	enum irt_status status;

	rebuilt->id = id;
	/* The incident row must exist before its events reference it. */
	status = db_incident_save(db, rebuilt, err);
	for (size_t i = from; i < events->count; i++)
		events->items[i].incident = id;
	if (status == IRT_OK)
		status = db_import_events(db, events->items + from,
		                          events->count - from, err);
	return status;
}

/* Under a policy that requires signed entries, every event the import
 * would add must carry a signature (verify checks whose). */
static enum irt_status check_signed(const struct policy_history *policy,
                                    int64_t now_ms,
                                    const struct event_list *events,
                                    size_t from, struct irt_err *err)
{
	if (!policy_history_at(policy, now_ms)->sign_required)
		return IRT_OK;
	for (size_t i = from; i < events->count; i++)
		if (!events->items[i].signature ||
		    !events->items[i].signature[0])
			return irt_err_set(
			    err, IRT_ERR_INVALID,
			    "the policy requires signed entries "
			    "(sign.required), and event %ld of the file is "
			    "unsigned; nothing imported",
			    events->items[i].seq);
	return IRT_OK;
}

/* Records in the ledger where events [from, count) of incident id came
 * from. In a write. */
static enum irt_status record_import(struct db *db, long id,
                                     const struct incident *rebuilt,
                                     const struct event_list *events,
                                     size_t from, enum import_result result,
                                     const char *actor, const char *name,
                                     const char *sha256, struct irt_err *err)
{
	struct ledger_entry e;
	json_t *data = json_pack(
	    "{s:s, s:I, s:I, s:s}", "result",
	    result == IMPORT_ADDED ? "added" : "extended", "first_seq",
	    (json_int_t)events->items[from].seq, "last_seq",
	    (json_int_t)events->items[events->count - 1].seq, "file",
	    name && sanitize_utf8_valid(name, strlen(name)) ? name : "");
	char *text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
	enum irt_status status;

	memset(&e, 0, sizeof e);
	memcpy(e.incident_uuid, rebuilt->uuid, sizeof e.incident_uuid);
	e.incident = id;
	event_new_uuid(e.ref_uuid);
	e.ref_seq = events->items[events->count - 1].seq;
	memcpy(e.ref_hash, sha256, sizeof e.ref_hash);
	e.actor = actor;
	e.data = text;
	status = db_ledger_import(db, &e, err);
	free(text);
	json_decref(data);
	return status;
}

/* What the file is, relative to the local chain of incident id. */
static enum irt_status compare_local(struct db *db, long id,
                                     const struct event_list *events,
                                     enum import_result *result, size_t *from,
                                     struct irt_err *err)
{
	struct event_list local = {0};
	enum irt_status status = db_events_load(db, id, &local, err);
	size_t common =
	    local.count < events->count ? local.count : events->count;

	if (status != IRT_OK)
		goto out;
	for (size_t i = 0; i < common; i++) {
		if (strcmp(local.items[i].hash, events->items[i].hash) != 0) {
			status = irt_err_set(
			    err, IRT_ERR_INVALID,
			    "#%ld here has the same UUID but a different "
			    "timeline: event %zu differs (here %.12s, in "
			    "the file %.12s); nothing imported",
			    id, i + 1, local.items[i].hash,
			    events->items[i].hash);
			goto out;
		}
	}
	*from = local.count;
	if (local.count == events->count)
		*result = IMPORT_PRESENT;
	else if (local.count > events->count)
		*result = IMPORT_OLDER;
	else
		*result = IMPORT_EXTENDED;
out:
	event_list_free(&local);
	return status;
}

void import_parsed_free(struct import_parsed *f)
{
	if (!f)
		return;
	event_list_free(&f->events);
	event_list_free(&f->policy_events);
	json_decref(f->root);
	memset(f, 0, sizeof *f);
}

/* The policy timeline the file carries ("policy_events"), each entry
 * rebuilt and checked as an event is. */
static enum irt_status read_policy_events(json_t *arr, struct import_parsed *f,
                                          struct irt_err *err)
{
	enum irt_status status = IRT_OK;

	f->has_policy = arr != NULL;
	if (arr && !json_is_array(arr))
		return irt_err_set(
		    err, IRT_ERR_INVALID,
		    "the file's \"policy_events\" is not a list");
	for (size_t i = 0; i < json_array_size(arr) && status == IRT_OK; i++) {
		struct event *ev = event_list_push(&f->policy_events);

		event_clear(ev);
		status = read_event(json_array_get(arr, i), i,
		                    POLICY_CHAIN_UUID, ev, err);
		if (status != IRT_OK) {
			/* A copy: err->msg cannot be both format argument and
			 * output. */
			char why[sizeof err->msg];

			memcpy(why, err->msg, sizeof why);
			irt_err_set(err, err->status, "policy change %zu: %s",
			            i + 1, why);
		} else {
			json_array_set_new(arr, i, json_null());
		}
	}
	return status;
}

enum irt_status import_parse(const char *text, size_t len,
                             struct import_parsed *f, struct irt_err *err)
{
	json_error_t jerr;
	json_t *inc_obj, *arr;
	const char *format, *uuid;
	enum irt_status status = IRT_OK;

	memset(f, 0, sizeof *f);
	f->root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!f->root)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "not a JSON export: %s (line %d)", jerr.text,
		                   jerr.line);
	format = json_string_value(json_object_get(f->root, "format"));
	inc_obj = json_object_get(f->root, "incident");
	arr = json_object_get(f->root, "events");
	if (!format || strcmp(format, "irt-incident/1") != 0)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "not an irt incident export (\"format\" "
		                   "must be \"irt-incident/1\"; make one "
		                   "with irt export ID --format json)");
	uuid = json_string_value(json_object_get(inc_obj, "uuid"));
	if (!uuid || strlen(uuid) != EVENT_UUID_LEN || !json_is_array(arr) ||
	    !json_is_integer(json_object_get(inc_obj, "id")))
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "the export lacks the incident's uuid "
		                   "and id or its events");
	memcpy(f->uuid, uuid, sizeof f->uuid);
	f->id = (long)json_integer_value(json_object_get(inc_obj, "id"));
	for (size_t i = 0; i < json_array_size(arr) && status == IRT_OK; i++) {
		struct event *ev = event_list_push(&f->events);

		event_clear(ev);
		status = read_event(json_array_get(arr, i), i, uuid, ev, err);
		/* Read and checked: its object is dropped from the document
		 * at once, so the file's events are never held twice. */
		if (status == IRT_OK)
			json_array_set_new(arr, i, json_null());
	}
	if (status == IRT_OK)
		status = read_policy_events(
		    json_object_get(f->root, "policy_events"), f, err);
	return status;
}

enum irt_status import_check_timeline(const struct import_parsed *f,
                                      const struct policy_history *policy,
                                      struct incident *rebuilt,
                                      struct irt_err *err)
{
	enum irt_status status =
	    check_chain(f->uuid, &f->events, policy, rebuilt, err);

	if (status == IRT_OK)
		status = check_document(f->root, rebuilt, &f->events, err);
	return status;
}

static enum irt_status import_text(struct db *db, const char *text, size_t len,
                                   const char *actor, const char *name,
                                   struct import_outcome *outcome,
                                   struct irt_err *err)
{
	struct policy_history policy = {0};
	struct import_parsed file;
	struct event_list *events = &file.events;
	struct incident rebuilt;
	const char *uuid = file.uuid;
	enum irt_status status = IRT_OK;
	size_t from = 0;
	long id;
	int rebuilt_init = 0, in_write = 0;
	/* Imported entries keep their own signatures (or none): the
	 * importer's key signs nothing of theirs. */
	char *key = db_sign_key(db) ? xstrdup(db_sign_key(db)) : NULL;

	memset(outcome, 0, sizeof *outcome);
	memset(&file, 0, sizeof file);
#ifdef __GLIBC__
	/* The file's tree is hundreds of thousands of small blocks, freed
	 * event by event as they are read. glibc keeps small freed blocks in
	 * "fast bins" unmerged until the next large request, then merges
	 * them all at once, walking memory long out of cache: a fifth of a
	 * 10,000-event import. Without fast bins each is merged as it is
	 * freed, beside its neighbours. */
	mallopt(M_MXFAST, 0);
#endif
	chain_sha256_hex(text, len, outcome->file_sha256);
	if (!actor || !actor[0] || !sanitize_utf8_valid(actor, strlen(actor))) {
		status = irt_err_set(err, IRT_ERR_INVALID,
		                     "the importing actor must be named in "
		                     "valid UTF-8");
		goto out;
	}
	status = import_parse(text, len, &file, err);
	if (status != IRT_OK)
		goto out;
	db_sign_set(db, NULL);

	/* The policy is this database's, read in the write that stores
	 * what it judged. */
	status = db_write_begin(db, err);
	if (status != IRT_OK)
		goto out;
	in_write = 1;
	status = db_policy_history_load(db, &policy, err);
	if (status != IRT_OK)
		goto out;
	status = import_check_timeline(&file, &policy, &rebuilt, err);
	rebuilt_init = 1;
	if (status != IRT_OK)
		goto out;
	status = db_incident_find_uuid(db, uuid, &id, err);
	if (status == IRT_ERR_NOTFOUND) {
		outcome->result = IMPORT_ADDED;
		status = db_next_incident_id(db, &id, err);
		from = 0;
	} else if (status == IRT_OK) {
		status =
		    compare_local(db, id, events, &outcome->result, &from, err);
	}
	if (status == IRT_OK && (outcome->result == IMPORT_ADDED ||
	                         outcome->result == IMPORT_EXTENDED))
		status =
		    check_signed(&policy, db_write_time(db), events, from, err);
	if (status == IRT_OK && (outcome->result == IMPORT_ADDED ||
	                         outcome->result == IMPORT_EXTENDED)) {
		status = store(db, id, &rebuilt, events, from, err);
		if (status == IRT_OK)
			status = record_import(db, id, &rebuilt, events, from,
			                       outcome->result, actor, name,
			                       outcome->file_sha256, err);
	}
	if (status == IRT_OK) {
		status = db_write_commit(db, err);
		in_write = 0;
	}
	if (status == IRT_OK) {
		outcome->id = id;
		outcome->n_events = (long)events->count;
		outcome->n_added = (outcome->result == IMPORT_ADDED ||
		                    outcome->result == IMPORT_EXTENDED)
		                       ? (long)(events->count - from)
		                       : 0;
	}
out:
	if (in_write)
		db_write_rollback(db);
	if (rebuilt_init)
		incident_clear(&rebuilt);
	policy_history_free(&policy);
	import_parsed_free(&file);
	db_sign_set(db, key);
	free(key);
	return status;
}

enum irt_status import_json_text(struct db *db, const char *text, size_t len,
                                 const char *actor,
                                 struct import_outcome *outcome,
                                 struct irt_err *err)
{
	return import_text(db, text, len, actor, "", outcome, err);
}

enum irt_status import_read(const char *path, char **text, size_t *len,
                            struct irt_err *err)
{
	FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n;
	enum irt_status status = IRT_OK;

	*text = NULL;
	*len = 0;
	if (!in)
		return irt_err_set(err, IRT_ERR_IO, "cannot read %s: %s", path,
		                   strerror(errno));
	do {
		if (cap - *len < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			buf = xrealloc(buf, cap);
		}
		n = fread(buf + *len, 1, cap - *len, in);
		*len += n;
	} while (n > 0);
	if (ferror(in)) {
		status = irt_err_set(err, IRT_ERR_IO, "cannot read %s: %s",
		                     path, strerror(errno));
		free(buf);
		buf = NULL;
	}
	if (in != stdin)
		fclose(in);
	*text = buf;
	return status;
}

enum irt_status import_file(struct db *db, const char *path, const char *actor,
                            struct import_outcome *outcome, struct irt_err *err)
{
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *buf;
	size_t len;
	enum irt_status status = import_read(path, &buf, &len, err);

	if (status == IRT_OK)
		status = import_text(db, buf, len, actor,
		                     strcmp(path, "-") == 0 ? "" : name,
		                     outcome, err);
	free(buf);
	return status;
}
