/*
 * tsa.c - RFC 3161 time-stamps with `openssl ts` (tsa.h).
 *
 * Queries, replies and openssl's messages pass through files in a
 * private scratch directory (proc.h), removed before returning. What a
 * reply says is read from `openssl ts -reply -text`, whose layout has
 * been the same since OpenSSL 1.0: "Status: Granted.", "Hash Algorithm:",
 * "Message data:" with a hex dump, "Time stamp:".
 */
#include "irt/tsa.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "irt/proc.h"
#include "irt/xalloc.h"

#define REPLY_MAX (1 << 20) /* a reply is a few kilobytes */

/* A reply as `openssl ts -reply -text` describes it. */
struct reply_text {
	int granted;
	char status[200]; /* the status, its description, its failure */
	char hash_alg[32];
	char imprint[129]; /* hex of the message data */
	struct tsa_info info;
};

/* openssl's reason from its messages in err_path: the reason field of
 * its first error line ("...:error:CODE:LIB:FUNC:REASON:FILE:LINE:DATA"),
 * else its first line that is not "Using configuration from". */
static void openssl_reason(const char *err_path, char *buf, size_t size)
{
	char *text = proc_read_file(err_path, 65536, NULL);
	char *line, *save = NULL;

	buf[0] = '\0';
	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[9] = {0};
		char *p = line;
		size_t n = 0;

		if (strncmp(line, "Using configuration from", 24) == 0)
			continue;
		if (!buf[0])
			snprintf(buf, size, "%s", line);
		if (!strstr(line, ":error:"))
			continue;
		/* Split into the first eight fields and the rest. */
		while (n < 9 && p) {
			f[n++] = p;
			p = n < 9 ? strchr(p, ':') : NULL;
			if (p)
				*p++ = '\0';
		}
		if (n >= 6)
			snprintf(buf, size, "%s%s%s", f[5],
			         n == 9 && f[8][0] ? ": " : "",
			         n == 9 ? f[8] : "");
		break;
	}
	free(text);
}

int tsa_parse_time(const char *text, int64_t *ms)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char mon[4];
	int day, hh, mm, ss, year, used = 0, frac_ms = 0;
	const char *p, *m;
	struct tm tm;
	time_t t;

	if (sscanf(text, "%3s %d %d:%d:%d%n", mon, &day, &hh, &mm, &ss,
	           &used) != 5)
		return -1;
	p = text + used;
	if (*p == '.') {
		int scale = 100;

		for (p++; isdigit((unsigned char)*p); p++) {
			frac_ms += (*p - '0') * scale;
			scale /= 10;
		}
	}
	used = 0;
	if (sscanf(p, " %d GMT%n", &year, &used) != 1 || used == 0 ||
	    p[used] != '\0')
		return -1;
	m = strlen(mon) == 3 ? strstr(months, mon) : NULL;
	if (!m || (m - months) % 3 != 0 || day < 1 || day > 31 || hh > 23 ||
	    mm > 59 || ss > 60 || year < 1970 || year > 9999)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = year - 1900;
	tm.tm_mon = (int)((m - months) / 3);
	tm.tm_mday = day;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = ss;
	t = timegm(&tm);
	if (t == (time_t)-1)
		return -1;
	*ms = (int64_t)t * 1000 + frac_ms;
	return 0;
}

/* Appends the hex pairs of one dump line ("    0000 - 2c f2 ...-26 e8
 * ...   ,.M.") to hex. */
static void dump_line(const char *line, char *hex, size_t size)
{
	const char *p = strstr(line, " - ");
	size_t n = strlen(hex);

	if (!p)
		return;
	p += 3;
	for (int i = 0; i < 16; i++, p += 3) {
		if (!isxdigit((unsigned char)p[0]) ||
		    !isxdigit((unsigned char)p[1]) || n + 2 >= size)
			return;
		hex[n++] = (char)tolower((unsigned char)p[0]);
		hex[n++] = (char)tolower((unsigned char)p[1]);
		hex[n] = '\0';
		if (p[2] != ' ' && p[2] != '-')
			return;
	}
}

/* The value after "Name: " on a line that starts with it, or NULL. */
static const char *value_of(const char *line, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(line, name, n) != 0 || line[n] != ':')
		return NULL;
	line += n + 1;
	while (*line == ' ')
		line++;
	return line;
}

static void parse_reply_text(char *text, struct reply_text *r)
{
	char *line, *save = NULL;
	int in_dump = 0;
	const char *v;

	memset(r, 0, sizeof *r);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (in_dump && line[0] == ' ') {
			dump_line(line, r->imprint, sizeof r->imprint);
			continue;
		}
		in_dump = 0;
		if ((v = value_of(line, "Status"))) {
			r->granted = strncmp(v, "Granted", 7) == 0;
			snprintf(r->status, sizeof r->status, "%s", v);
		} else if ((v = value_of(line, "Failure info")) &&
		           strcmp(v, "unspecified") != 0) {
			size_t n = strlen(r->status);

			snprintf(r->status + n, sizeof r->status - n, " (%s)",
			         v);
		} else if ((v = value_of(line, "Hash Algorithm"))) {
			snprintf(r->hash_alg, sizeof r->hash_alg, "%s", v);
		} else if (value_of(line, "Message data")) {
			in_dump = 1;
		} else if ((v = value_of(line, "Time stamp"))) {
			snprintf(r->info.time, sizeof r->info.time, "%s", v);
			if (tsa_parse_time(v, &r->info.time_ms) != 0)
				r->info.time_ms = 0;
		}
	}
}

/* `openssl ts -reply -in reply -text` into r. 0, or -1 with why. */
static int describe(const char *dir, const char *reply_path,
                    struct reply_text *r, char *why, size_t size)
{
	char *out = xasprintf("%s/reply.txt", dir);
	char *err = xasprintf("%s/describe.err", dir);
	char *argv[] = {"openssl", "ts",   "-reply", "-in", (char *)reply_path,
	                "-text",   "-out", out,      NULL};
	int rc = proc_run(argv, NULL, NULL, err);
	char *text = NULL;

	if (rc == 127)
		snprintf(why, size, "cannot run openssl (install openssl)");
	else if (rc != 0)
		openssl_reason(err, why, size);
	else if (!(text = proc_read_file(out, REPLY_MAX, NULL)))
		snprintf(why, size, "openssl wrote no description");
	if (text)
		parse_reply_text(text, r);
	free(text);
	free(out);
	free(err);
	return text ? 0 : -1;
}

/* Whether r is a granted SHA-256 stamp of digest_hex; why when not. */
static int stamps(const struct reply_text *r, const char *digest_hex, char *why,
                  size_t size)
{
	if (!r->granted) {
		snprintf(why, size,
		         "the time-stamp authority did not grant it: %s",
		         r->status[0] ? r->status : "no status");
		return 0;
	}
	if (strcmp(r->hash_alg, "sha256") != 0 ||
	    strcmp(r->imprint, digest_hex) != 0) {
		snprintf(why, size,
		         "the time-stamp is of another digest (%s %.16s...), "
		         "not this statement's",
		         r->hash_alg[0] ? r->hash_alg : "unknown",
		         r->imprint[0] ? r->imprint : "none");
		return 0;
	}
	if (!r->info.time[0]) {
		snprintf(why, size, "the time-stamp holds no time");
		return 0;
	}
	return 1;
}

/* Runs the user's command: query on its stdin, reply from its stdout. */
static enum irt_status ask(const char *command, const char *dir,
                           const char *query, const char *reply,
                           struct irt_err *err)
{
	char *err_path = xasprintf("%s/command.err", dir);
	char *argv[] = {"/bin/sh", "-c", (char *)command, NULL};
	char why[300];
	int rc = proc_run(argv, query, reply, err_path);
	enum irt_status status = IRT_OK;

	if (rc != 0) {
		char *text = proc_read_file(err_path, 65536, NULL);
		char *nl;

		/* The command's last words: its first line. */
		snprintf(why, sizeof why, "%s", text ? text : "");
		if ((nl = strchr(why, '\n')))
			*nl = '\0';
		free(text);
		if (rc < 0)
			status = irt_err_set(err, IRT_ERR_IO,
			                     "the time-stamp command (%s) was "
			                     "killed",
			                     command);
		else
			status =
			    irt_err_set(err, IRT_ERR_IO,
			                "the time-stamp command (%s) failed "
			                "(exit status %d)%s%s",
			                command, rc, why[0] ? ": " : "", why);
	}
	free(err_path);
	return status;
}

enum irt_status tsa_stamp(const char *command, const char *digest_hex,
                          unsigned char **reply, size_t *len,
                          struct tsa_info *info, struct irt_err *err)
{
	char *dir = proc_scratch_dir("tsa", err);
	char *query, *reply_path, *err_path;
	char why[300];
	struct reply_text r;
	enum irt_status status = IRT_OK;
	int rc;

	*reply = NULL;
	*len = 0;
	if (!dir)
		return IRT_ERR_IO;
	query = xasprintf("%s/query.tsq", dir);
	reply_path = xasprintf("%s/reply.tsr", dir);
	err_path = xasprintf("%s/query.err", dir);
	{
		char *argv[] = {
		    "openssl", "ts",      "-query",           "-sha256",
		    "-cert",   "-digest", (char *)digest_hex, "-out",
		    query,     NULL};

		rc = proc_run(argv, NULL, NULL, err_path);
	}
	if (rc != 0) {
		openssl_reason(err_path, why, sizeof why);
		status = irt_err_set(
		    err, IRT_ERR_IO,
		    rc == 127 ? "cannot run openssl (install openssl) to "
		                "make a time-stamp query%s%s"
		              : "openssl could not make a time-stamp query%s%s",
		    why[0] && rc != 127 ? ": " : "", rc != 127 ? why : "");
		goto out;
	}
	status = ask(command, dir, query, reply_path, err);
	if (status != IRT_OK)
		goto out;
	*reply = (unsigned char *)proc_read_file(reply_path, REPLY_MAX, len);
	if (!*reply || *len == 0) {
		status = irt_err_set(err, IRT_ERR_IO,
		                     "the time-stamp command (%s) wrote no "
		                     "reply (or more than 1 MiB)",
		                     command);
		goto out;
	}
	if (describe(dir, reply_path, &r, why, sizeof why) != 0) {
		status = irt_err_set(err, IRT_ERR_IO,
		                     "the time-stamp command (%s) did not "
		                     "write an RFC 3161 reply: %s",
		                     command, why);
		goto out;
	}
	if (!stamps(&r, digest_hex, why, sizeof why)) {
		status = irt_err_set(err, IRT_ERR_IO, "%s", why);
		goto out;
	}
	*info = r.info;
out:
	if (status != IRT_OK) {
		free(*reply);
		*reply = NULL;
		*len = 0;
	}
	free(query);
	free(reply_path);
	free(err_path);
	proc_scratch_remove(dir);
	return status;
}

/* Words for openssl's reason a reply does not verify. */
static void verify_problem(const char *reason, const char *ca_file,
                           char *problem, size_t size)
{
	if (strstr(reason, "imprint mismatch"))
		snprintf(problem, size,
		         "the time-stamp is of another digest, not this "
		         "statement's: the statement was altered, or the "
		         "time-stamp belongs to another");
	else if (strstr(reason, "certificate verify error") ||
	         strstr(reason, "local issuer"))
		snprintf(problem, size,
		         "the time-stamp authority is not one %s vouches "
		         "for (%s)",
		         ca_file, reason);
	else if (strstr(reason, "asn1") || strstr(reason, "not enough data") ||
	         strstr(reason, "wrong tag") || strstr(reason, "header"))
		snprintf(problem, size,
		         "the time-stamp is not an RFC 3161 reply (%s)",
		         reason);
	else
		snprintf(problem, size,
		         "the time-stamp does not verify against %s%s%s",
		         ca_file, reason[0] ? ": " : "", reason);
}

int tsa_check(const char *ca_file, const char *digest_hex,
              const unsigned char *reply, size_t len, struct tsa_info *info,
              char *problem, size_t size)
{
	struct irt_err err;
	char *dir = proc_scratch_dir("tsa", &err);
	char *reply_path, *err_path;
	char why[300];
	struct reply_text r;
	int rc, ok = 0;

	memset(info, 0, sizeof *info);
	if (!dir) {
		snprintf(problem, size, "%s", err.msg);
		return -1;
	}
	reply_path = xasprintf("%s/reply.tsr", dir);
	err_path = xasprintf("%s/verify.err", dir);
	if (proc_write_file(reply_path, reply, len) != 0) {
		snprintf(problem, size, "cannot write %s", reply_path);
		goto out;
	}
	{
		char *argv[] = {
		    "openssl",          "ts",  "-verify",  "-digest",
		    (char *)digest_hex, "-in", reply_path, "-CAfile",
		    (char *)ca_file,    NULL};

		rc = proc_run(argv, NULL, NULL, err_path);
	}
	if (rc == 127) {
		snprintf(problem, size, "cannot run openssl (install openssl)");
		goto out;
	}
	if (rc != 0) {
		openssl_reason(err_path, why, sizeof why);
		verify_problem(why, ca_file, problem, size);
		goto out;
	}
	if (describe(dir, reply_path, &r, why, sizeof why) != 0) {
		snprintf(problem, size, "the time-stamp cannot be read: %s",
		         why);
		goto out;
	}
	if (!stamps(&r, digest_hex, problem, size))
		goto out;
	*info = r.info;
	ok = 1;
out:
	free(reply_path);
	free(err_path);
	proc_scratch_remove(dir);
	return ok ? 0 : -1;
}
