/*
 * sign.c - SSH signatures through ssh-keygen (sign.h).
 *
 * Messages and signatures pass through files in a private temporary
 * directory (mode 0700), as ssh-keygen reads and writes them; the
 * directory is removed before returning.
 */
#include "irt/sign.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "irt/proc.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"
#include "sign_internal.h"

/* Signatures and messages are small; anything larger is not ours. */
#define SIGN_FILE_MAX (1 << 20)

/* The first line of ssh-keygen's message in err_path, for errors. */
static void last_words(const char *err_path, char *buf, size_t size)
{
	char *text = proc_read_file(err_path, SIGN_FILE_MAX, NULL);
	char *line, *save = NULL;

	buf[0] = '\0';
	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		/* Progress lines are not the reason. */
		if (strncmp(line, "Signing file", 12) == 0 ||
		    strncmp(line, "Write signature", 15) == 0)
			continue;
		snprintf(buf, size, "%s", line);
		break;
	}
	free(text);
}

/* ---- signing ------------------------------------------------------ */

enum irt_status sign_messages(const char *key_path, const char *ns,
                              const char *const *msgs, const size_t *lens,
                              size_t n, char **sigs, struct irt_err *err)
{
	char *dir, *err_path, **argv;
	char why[200];
	size_t argc = 0;
	int rc;
	enum irt_status status = IRT_OK;

	for (size_t i = 0; i < n; i++)
		sigs[i] = NULL;
	if (n == 0)
		return IRT_OK;
	if (access(key_path, R_OK) != 0)
		return irt_err_set(err, IRT_ERR_IO,
		                   "cannot read the signing key %s: %s",
		                   key_path, strerror(errno));
	dir = proc_scratch_dir("sign", err);
	if (!dir)
		return IRT_ERR_IO;
	err_path = xasprintf("%s/err", dir);
	argv = xcalloc(n + 9, sizeof *argv);
	argv[argc++] = xstrdup("ssh-keygen");
	argv[argc++] = xstrdup("-q");
	argv[argc++] = xstrdup("-Y");
	argv[argc++] = xstrdup("sign");
	argv[argc++] = xstrdup("-n");
	argv[argc++] = xstrdup(ns);
	argv[argc++] = xstrdup("-f");
	argv[argc++] = xstrdup(key_path);
	for (size_t i = 0; i < n && status == IRT_OK; i++) {
		argv[argc] = xasprintf("%s/m%zu", dir, i);
		if (proc_write_file(argv[argc], msgs[i], lens[i]) != 0)
			status =
			    irt_err_set(err, IRT_ERR_IO, "cannot write %s: %s",
			                argv[argc], strerror(errno));
		argc++;
	}
	if (status == IRT_OK) {
		rc = proc_run(argv, NULL, NULL, err_path);
		if (rc != 0) {
			last_words(err_path, why, sizeof why);
			status = irt_err_set(
			    err, IRT_ERR_IO,
			    rc == 127 ? "cannot run ssh-keygen (install "
			                "openssh-client) to sign with %s%s%s"
			              : "ssh-keygen could not sign with %s%s%s",
			    key_path, why[0] ? ": " : "", why);
		}
	}
	for (size_t i = 0; i < n && status == IRT_OK; i++) {
		char *path = xasprintf("%s/m%zu.sig", dir, i);

		sigs[i] = proc_read_file(path, SIGN_FILE_MAX, NULL);
		free(path);
		if (!sigs[i])
			status = irt_err_set(err, IRT_ERR_IO,
			                     "ssh-keygen wrote no signature");
	}
	if (status != IRT_OK)
		for (size_t i = 0; i < n; i++) {
			free(sigs[i]);
			sigs[i] = NULL;
		}
	for (size_t i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	free(err_path);
	proc_scratch_remove(dir);
	return status;
}

/* ---- checking ----------------------------------------------------- */

/* "20261201135211", the form ssh-keygen's verify-time takes (UTC). */
static void verify_time(int64_t ms, char *buf, size_t size)
{
	char iso[TIMEUTIL_BUFSZ];

	timeutil_format_utc(ms, iso, sizeof iso);
	/* 2026-12-01T13:52:11.000Z */
	snprintf(buf, size, "%.4s%.2s%.2s%.2s%.2s%.2sZ", iso, iso + 5, iso + 8,
	         iso + 11, iso + 14, iso + 17);
}

int sign_keygen_verify(const char *allowed, const char *ns,
                       struct sign_check *c, const char *dir)
{
	char *msg = xasprintf("%s/msg", dir), *sig = xasprintf("%s/sig", dir);
	char *err_path = xasprintf("%s/err", dir);
	char when[40], opt[64];
	char *argv[] = {"ssh-keygen",
	                "-Y",
	                "verify",
	                "-f",
	                (char *)allowed,
	                "-I",
	                (char *)c->principal,
	                "-n",
	                (char *)ns,
	                "-s",
	                sig,
	                "-O",
	                opt,
	                NULL};
	int rc = -1;

	verify_time(c->at_ms, when, sizeof when);
	snprintf(opt, sizeof opt, "verify-time=%s", when);
	if (proc_write_file(msg, c->message, c->len) == 0 &&
	    proc_write_file(sig, c->signature, strlen(c->signature)) == 0)
		rc = proc_run(argv, msg, NULL, err_path);
	if (rc == 127) {
		snprintf(c->problem, sizeof c->problem,
		         "cannot run ssh-keygen (install openssh-client)");
	} else if (rc != 0) {
		char why[200];

		last_words(err_path, why, sizeof why);
		/* "allowed:3: key is not yet valid: ..." names the file's
		 * line; keep ssh-keygen's reason after it. */
		snprintf(c->problem, sizeof c->problem, "%s",
		         why[0] ? why
		                : "not a good signature by a key "
		                  "allowed for its actor");
	}
	free(msg);
	free(sig);
	free(err_path);
	return rc;
}
