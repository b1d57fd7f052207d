/*
 * verify_file.c - an export verified without a database (verify_file.h).
 */
#include "irt/verify_file.h"

#include <stdlib.h>
#include <string.h>

#include "irt/import.h"
#include "irt/policy.h"
#include "irt/sanitize.h"
#include "irt/verify_sign.h"

/* The policy the file carries, its chain checked, into h. 0 when it is
 * sound (or absent: the defaults); -1 with why in what. */
static int file_policy(const struct import_parsed *f, struct policy_history *h,
                       char *what, size_t size)
{
	struct policy p;
	struct irt_err err;

	if (f->has_policy &&
	    policy_timeline_check(&f->policy_events, NULL, what, size) != 0)
		return -1;
	if (f->has_policy && f->policy_events.count) {
		if (policy_history_replay(h, &f->policy_events, &err) !=
		    IRT_OK) {
			snprintf(what, size, "%.500s", err.msg);
			return -1;
		}
		return 0;
	}
	policy_defaults(&p);
	policy_history_init(h, &p);
	return 0;
}

static void say_policy(const struct import_parsed *f, FILE *out)
{
	if (!f->has_policy)
		fprintf(out, "policy: none in the file (an older export); "
		             "gates judged by the built-in defaults\n");
	else if (!f->policy_events.count)
		fprintf(out, "policy: the built-in defaults (no change "
		             "recorded)\n");
	else
		fprintf(out,
		        "policy: %zu change%s carried in the file, chain "
		        "verified\n",
		        f->policy_events.count,
		        f->policy_events.count == 1 ? "" : "s");
}

enum irt_status verify_file(const char *path, const char *allowed, FILE *out,
                            int *ok, struct irt_err *err)
{
	struct import_parsed f;
	struct policy_history h = {0};
	struct incident rebuilt;
	struct sign_tally tally = {0};
	struct irt_err why;
	char *text, *safe, what[512];
	size_t len;
	int sound = 0, rebuilt_init = 0;
	enum irt_status status = import_read(path, &text, &len, err);

	*ok = 0;
	if (status != IRT_OK)
		return status;
	safe = sanitize_terminal(path, 0);
	fprintf(out, "file: %s\n", safe);
	free(safe);
	if (import_parse(text, len, &f, &why) != IRT_OK) {
		fprintf(out, "NOT VERIFIED: %s\n", why.msg);
	} else if (file_policy(&f, &h, what, sizeof what) != 0) {
		fprintf(out, "NOT VERIFIED: the file's policy timeline: %s\n",
		        what);
	} else {
		rebuilt_init = 1;
		if (import_check_timeline(&f, &h, &rebuilt, &why) != IRT_OK) {
			fprintf(out, "NOT VERIFIED: %s\n", why.msg);
		} else {
			safe = sanitize_terminal(rebuilt.field[FIELD_TITLE], 0);
			fprintf(out,
			        "incident: #%ld \"%s\" (%s), %zu events: "
			        "chain, rules and state verified\n",
			        f.id, safe, f.uuid, f.events.count);
			free(safe);
			say_policy(&f, out);
			sound = 1;
		}
	}
	if (sound && allowed) {
		status = verify_sign_lists(allowed, f.id, &f.events,
		                           &f.policy_events, &tally, err);
		if (status == IRT_OK) {
			verify_sign_print(&tally, out);
			sound = verify_sign_ok(&tally);
		}
	} else if (sound && policy_history_current(&h)->sign_required) {
		fprintf(out, "signatures: NOT CHECKED, but the file's policy "
		             "requires them: give --allowed-signers FILE\n");
		sound = 0;
	} else if (sound) {
		fprintf(out, "signatures: not checked (no --allowed-signers "
		             "FILE)\n");
	}
	if (status == IRT_OK) {
		fprintf(out, "verdict: %s\n",
		        sound ? "VERIFIED" : "NOT VERIFIED");
		*ok = sound;
	}
	if (rebuilt_init)
		incident_clear(&rebuilt);
	verify_sign_free(&tally);
	policy_history_free(&h);
	import_parsed_free(&f);
	free(text);
	return status;
}
