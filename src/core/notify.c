/*
 * notify.c - notification drafts from templates, and sending them
 * through a command. notify.h describes the template language and what
 * keeps stored text from adding headers to a message.
 */
#include "irt/notify.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>

#include "irt/config.h"
#include "irt/embedded.h"
#include "irt/sanitize.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

const char *const notify_placeholders[] = {
    "id",           "uuid",        "title",    "severity",
    "cvss",         "cvss_vector", "cve",      "component",
    "description",  "impact",      "scope",    "containment",
    "root_cause",   "fix_ref",     "advisory", "embargo",
    "reporter",     "stage",       "owner",    "reported",
    "acknowledged", "contained",   "fixed",    "remediation_due",
    "to",           "from",        "date",     "severity_line",
    "repro",        "poc",         NULL};

#define N_PLACEHOLDERS (sizeof notify_placeholders / sizeof(char *) - 1)

static char *text_or(const char *s, const char *none)
{
	return xstrdup(s && s[strspn(s, " \t\r\n")] ? s : none);
}

static char *time_or(int64_t ms, const char *none)
{
	char buf[TIMEUTIL_BUFSZ];

	if (!ms)
		return xstrdup(none);
	timeutil_format_local(ms, buf, sizeof buf);
	return xstrdup(buf);
}

/* "Sun, 29 Nov 2026 02:18:57 +0000" (RFC 5322 §3.3), in UTC, whatever
 * the locale. */
static char *rfc5322_date(int64_t ms)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed",
	                                   "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr",
	                                     "May", "Jun", "Jul", "Aug",
	                                     "Sep", "Oct", "Nov", "Dec"};
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	return xasprintf("%s, %02d %s %04d %02d:%02d:%02d +0000",
	                 days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	                 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* An addr-spec as this module accepts one for a To header: one '@', a
 * local part and a dotted domain, printable ASCII without blanks, commas,
 * quotes or angle brackets. */
static int plain_address(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);
	const char *dot;

	if (!at || at == s || memchr(at + 1, '@', n - (size_t)(at - s) - 1))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c >= 0x7f || strchr(",;:<>()[]\\\"", c))
			return 0;
	}
	dot = memchr(at + 1, '.', n - (size_t)(at - s) - 1);
	return dot && dot > at + 1 && s[n - 1] != '.';
}

char *notify_reporter_address(const char *reporter)
{
	const char *s = reporter ? reporter : "", *open, *close;
	size_t n;

	s += strspn(s, " \t");
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	/* "Jane Doe <jane@example.org>": the address in the brackets. */
	open = memchr(s, '<', n);
	close = open ? memchr(open, '>', n - (size_t)(open - s)) : NULL;
	if (open && close && close == s + n - 1 && !memchr(s, ',', n) &&
	    !memchr(s, '\n', n) && !memchr(s, '\r', n)) {
		s = open + 1;
		n = (size_t)(close - open - 1);
	}
	if (!plain_address(s, n))
		return xstrdup("");
	return strndup(s, n);
}

/* The value of every placeholder, in notify_placeholders' order. */
static void values(const struct export_doc *doc, const char *const *to,
                   size_t n_to, const char *actor, char **v)
{
	const struct incident *inc = &doc->inc;
	const struct deadline *fix = &doc->deadlines.item[DEADLINE_REMEDIATE];
	size_t len = 1, i = 0;
	char *list;

	v[i++] = xasprintf("%ld", inc->id);
	v[i++] = xstrdup(inc->uuid);
	v[i++] = xstrdup(inc->field[FIELD_TITLE]);
	v[i++] = xstrdup(inc->severity ? severity_name(inc->severity)
	                               : "not yet rated");
	v[i++] = inc->cvss_score >= 0
	             ? xasprintf("%.1f (CVSS %s)", inc->cvss_score,
	                         inc->cvss_version)
	             : xstrdup("not scored");
	v[i++] = text_or(inc->field[FIELD_CVSS], "none");
	v[i++] = text_or(inc->field[FIELD_CVE], "not assigned");
	v[i++] = text_or(inc->field[FIELD_COMPONENT], "not yet determined");
	v[i++] = text_or(inc->field[FIELD_DESCRIPTION], "not recorded");
	v[i++] = text_or(inc->field[FIELD_IMPACT], "still being assessed");
	v[i++] = text_or(inc->field[FIELD_SCOPE], "still being assessed");
	v[i++] = text_or(inc->field[FIELD_CONTAINMENT], "in progress");
	v[i++] = text_or(inc->field[FIELD_ROOT_CAUSE], "under investigation");
	v[i++] = text_or(inc->field[FIELD_FIX_REF], "in progress");
	v[i++] = text_or(inc->field[FIELD_ADVISORY], "to follow");
	v[i++] = text_or(inc->field[FIELD_EMBARGO], "none");
	v[i++] = text_or(inc->field[FIELD_REPORTER], "not recorded");
	v[i++] = xstrdup(stage_name(inc->stage));
	v[i++] = text_or(incident_owner(inc, inc->stage), "the response team");
	v[i++] = time_or(inc->reported_ms, "not recorded");
	v[i++] = time_or(inc->acked_ms, "not yet");
	v[i++] = time_or(
	    inc->entered_ms[STAGE_FIX] ? inc->left_ms[STAGE_CONTAIN] : 0,
	    "not yet");
	v[i++] =
	    time_or(inc->entered_ms[STAGE_NOTIFY] ? inc->left_ms[STAGE_FIX] : 0,
	            "not yet");
	v[i++] =
	    time_or(fix->state != DEADLINE_NONE ? fix->due_ms : 0, "none set");
	for (size_t k = 0; k < n_to; k++)
		len += strlen(to[k]) + 2;
	list = xcalloc(1, len);
	for (size_t k = 0; k < n_to; k++) {
		if (k)
			strcat(list, ", ");
		strcat(list, to[k]);
	}
	v[i++] = list;
	v[i++] = xstrdup(actor ? actor : "");
	v[i++] = rfc5322_date(doc->now_ms);
	/* "CVSS 3.1 8.7 (high)", or the level alone when not scored. */
	v[i++] = inc->cvss_score >= 0
	             ? xasprintf("CVSS %s %.1f (%s)", inc->cvss_version,
	                         inc->cvss_score,
	                         inc->severity ? severity_name(inc->severity)
	                                       : "not yet rated")
	             : xasprintf("%s (not scored)",
	                         inc->severity ? severity_name(inc->severity)
	                                       : "not yet rated");
	v[i++] = text_or(inc->field[FIELD_REPRO], "not recorded");
	v[i++] = text_or(inc->field[FIELD_POC], "not recorded");
}

/* A value made safe for a header line: one line, no control, invisible
 * or direction-changing characters (their visible forms instead). */
static char *header_safe(const char *s)
{
	char *flat = xstrdup(s), *safe;

	for (char *p = flat; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	safe = sanitize_terminal(flat, 0);
	free(flat);
	return safe;
}

/* Appends part (n bytes) with its placeholders replaced. */
static enum irt_status substitute(FILE *out, const char *part, size_t n,
                                  char *const *v, int header,
                                  const char *origin, struct irt_err *err)
{
	const char *p = part, *end = part + n;

	while (p < end) {
		const char *open = memmem(p, (size_t)(end - p), "{{", 2);
		const char *close;
		char name[64];
		size_t k, name_len;

		if (!open) {
			fwrite(p, 1, (size_t)(end - p), out);
			break;
		}
		close = memmem(open + 2, (size_t)(end - open - 2), "}}", 2);
		if (!close) {
			fwrite(p, 1, (size_t)(end - p), out);
			break;
		}
		fwrite(p, 1, (size_t)(open - p), out);
		name_len = (size_t)(close - open - 2);
		if (name_len >= sizeof name) {
			return irt_err_set(err, IRT_ERR_INVALID,
			                   "template %s: unknown placeholder "
			                   "{{%.40s...}}",
			                   origin, open + 2);
		}
		memcpy(name, open + 2, name_len);
		name[name_len] = '\0';
		for (k = 0; k < N_PLACEHOLDERS; k++)
			if (strcmp(name, notify_placeholders[k]) == 0)
				break;
		if (k == N_PLACEHOLDERS)
			return irt_err_set(err, IRT_ERR_INVALID,
			                   "template %s: unknown placeholder "
			                   "{{%s}} (irt notify --help lists "
			                   "them)",
			                   origin, name);
		if (header) {
			char *safe = header_safe(v[k]);

			fputs(safe, out);
			free(safe);
		} else {
			char *safe = sanitize_terminal(
			    v[k], SANITIZE_KEEP_NEWLINES | SANITIZE_KEEP_TABS);

			fputs(safe, out);
			free(safe);
		}
		p = close + 2;
	}
	return IRT_OK;
}

/* The value of header `name` in the header block, or NULL (malloc'd). */
/*
 * text with CRLF line ends made LF (malloc'd into *clean), and where its
 * headers end: *split at the blank line after them. -1 (nothing
 * allocated) when it does not start with headers, a blank line and a
 * body.
 */
static int split_message(const char *text, char **clean, char **split)
{
	char *c = xmalloc(strlen(text) + 1);
	size_t o = 0;

	for (const char *p = text; *p; p++)
		if (!(p[0] == '\r' && p[1] == '\n'))
			c[o++] = *p;
	c[o] = '\0';
	*split = strstr(c, "\n\n");
	if (!*split || !strchr(c, ':') || strchr(c, ':') > *split) {
		free(c);
		return -1;
	}
	*clean = c;
	return 0;
}

static char *header_value(const char *headers, const char *name)
{
	size_t n = strlen(name);
	const char *line = headers;

	while (line && *line) {
		if (strncasecmp(line, name, n) == 0 && line[n] == ':') {
			const char *v = line + n + 1, *eol = strchr(v, '\n');

			v += strspn(v, " \t");
			return eol ? strndup(v, (size_t)(eol - v)) : xstrdup(v);
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return NULL;
}

static int has_header(const char *headers, const char *name)
{
	char *v = header_value(headers, name);

	free(v);
	return v != NULL;
}

/* Splits a To value at commas into draft->to. */
static void split_to(const char *value, struct notify_draft *draft)
{
	char *copy = xstrdup(value), *save = NULL;

	for (char *tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		size_t n;

		tok += strspn(tok, " \t");
		n = strlen(tok);
		while (n && (tok[n - 1] == ' ' || tok[n - 1] == '\t'))
			tok[--n] = '\0';
		if (!n)
			continue;
		draft->to =
		    xrealloc(draft->to, (draft->n_to + 1) * sizeof *draft->to);
		draft->to[draft->n_to++] = xstrdup(tok);
	}
	free(copy);
}

enum irt_status notify_render_template(const struct export_doc *doc,
                                       const char *tmpl, const char *const *to,
                                       size_t n_to, const char *actor,
                                       struct notify_draft *draft,
                                       struct irt_err *err)
{
	char *v[N_PLACEHOLDERS], *clean, *split, *headers = NULL, *body = NULL;
	size_t hlen = 0, blen = 0;
	FILE *hf = NULL, *bf = NULL, *mf;
	char *subject, *to_value, *date;
	enum irt_status status = IRT_OK;
	const char *origin = draft->origin ? draft->origin : "(given)";
	size_t mlen = 0;

	for (size_t k = 0; k < n_to; k++)
		if (!to[k][0] || strpbrk(to[k], "\r\n") ||
		    !sanitize_utf8_valid(to[k], strlen(to[k])))
			return irt_err_set(err, IRT_ERR_INVALID,
			                   "recipient \"%.60s\" is empty or "
			                   "holds a line break",
			                   to[k]);
	/* An address that would not show as itself (a control, a C1
	 * control, an invisible or direction-changing character) is
	 * refused rather than sent somewhere no one can read. */
	for (size_t k = 0; k < n_to; k++) {
		char *shown = sanitize_terminal(to[k], 0);
		int same = strcmp(shown, to[k]) == 0;

		free(shown);
		if (!same)
			return irt_err_set(err, IRT_ERR_INVALID,
			                   "recipient holds a control or "
			                   "invisible character");
	}
	/* Template files may have CRLF line ends; messages use LF. */
	if (split_message(tmpl, &clean, &split) != 0)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "template %s: it must start with headers "
		                   "(To:, Subject:), then a blank line, then "
		                   "the body",
		                   origin);
	values(doc, to, n_to, actor, v);
	hf = open_memstream(&headers, &hlen);
	bf = open_memstream(&body, &blen);
	if (!hf || !bf)
		xfatal("out of memory");
	status = substitute(hf, clean, (size_t)(split - clean) + 1, v, 1,
	                    origin, err);
	if (status == IRT_OK)
		status = substitute(bf, split + 2, strlen(split + 2), v, 0,
		                    origin, err);
	fclose(hf);
	fclose(bf);
	for (size_t k = 0; k < N_PLACEHOLDERS; k++)
		free(v[k]);
	free(clean);
	if (status != IRT_OK)
		goto out;
	subject = header_value(headers, "Subject");
	to_value = header_value(headers, "To");
	draft->subject = subject ? subject : xstrdup("");
	if (n_to) {
		for (size_t k = 0; k < n_to; k++) {
			draft->to = xrealloc(draft->to, (draft->n_to + 1) *
			                                    sizeof *draft->to);
			draft->to[draft->n_to++] = xstrdup(to[k]);
		}
	} else if (to_value) {
		split_to(to_value, draft);
	}
	free(to_value);
	mf = open_memstream(&draft->message, &mlen);
	if (!mf)
		xfatal("out of memory");
	fputs(headers, mf);
	if (!has_header(headers, "Date")) {
		date = rfc5322_date(doc->now_ms);
		fprintf(mf, "Date: %s\n", date);
		free(date);
	}
	if (!has_header(headers, "MIME-Version"))
		fputs("MIME-Version: 1.0\n", mf);
	if (!has_header(headers, "Content-Type"))
		fputs("Content-Type: text/plain; charset=UTF-8\n", mf);
	if (!has_header(headers, "Content-Transfer-Encoding"))
		fputs("Content-Transfer-Encoding: 8bit\n", mf);
	fprintf(mf, "\n%s", body);
	if (blen && body[blen - 1] != '\n')
		fputc('\n', mf);
	fclose(mf);
out:
	free(headers);
	free(body);
	return status;
}

int notify_missing(const struct incident *inc, enum audience a, char *buf,
                   size_t n)
{
	static const enum field customer_fields[] = {
	    FIELD_IMPACT, FIELD_SCOPE, FIELD_FIX_REF, FIELD_ADVISORY};
	size_t used = 0;
	int missing = 0;

	if (n)
		buf[0] = '\0';
	if (a != AUDIENCE_CUSTOMERS)
		return 0;
	for (size_t i = 0; i < sizeof customer_fields / sizeof *customer_fields;
	     i++) {
		const char *v = inc->field[customer_fields[i]];
		int w;

		if (v && v[strspn(v, " \t\r\n")])
			continue;
		w = snprintf(buf + used, used < n ? n - used : 0, "%s%s",
		             missing ? ", " : "",
		             incident_fields[customer_fields[i]].name);
		if (w > 0 && used + (size_t)w < n)
			used += (size_t)w;
		missing++;
	}
	return missing;
}

enum irt_status notify_template(enum audience a, char **text, char **origin,
                                struct irt_err *err)
{
	char *dir = config_dir(), *path = NULL;
	const struct embedded_file *f;
	char name[64];
	FILE *in;

	*text = NULL;
	*origin = NULL;
	snprintf(name, sizeof name, "%s.txt", audience_name(a));
	if (dir) {
		path = xasprintf("%s/templates/%s", dir, name);
		free(dir);
		in = fopen(path, "rb");
		if (in) {
			char *buf = NULL;
			size_t len = 0;
			FILE *mem = open_memstream(&buf, &len);
			char chunk[8192];
			size_t n;

			if (!mem)
				xfatal("out of memory");
			while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
				fwrite(chunk, 1, n, mem);
			fclose(mem);
			if (ferror(in) || memchr(buf, '\0', len) ||
			    !sanitize_utf8_valid(buf, len)) {
				enum irt_status st = irt_err_set(
				    err,
				    ferror(in) ? IRT_ERR_IO : IRT_ERR_INVALID,
				    ferror(in)
				        ? "cannot read template %s"
				        : "template %s is not UTF-8 text "
				          "(it holds a NUL byte or invalid "
				          "UTF-8)",
				    path);

				fclose(in);
				free(buf);
				free(path);
				return st;
			}
			fclose(in);
			*text = buf;
			*origin = path;
			return IRT_OK;
		}
		if (errno != ENOENT) {
			enum irt_status s = irt_err_set(
			    err, IRT_ERR_IO, "cannot read template %s: %s",
			    path, strerror(errno));

			free(path);
			return s;
		}
		free(path);
	}
	snprintf(name, sizeof name, "templates/%s.txt", audience_name(a));
	f = embedded_find(name);
	if (!f)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "no template for audience %s",
		                   audience_name(a));
	*text = xstrdup(f->data);
	*origin = xstrdup("built-in");
	return IRT_OK;
}

enum irt_status notify_render(const struct export_doc *doc, enum audience a,
                              const char *const *to, size_t n_to,
                              const char *actor, struct notify_draft *draft,
                              struct irt_err *err)
{
	char *tmpl, *origin;
	enum irt_status status;

	memset(draft, 0, sizeof *draft);
	status = notify_template(a, &tmpl, &origin, err);
	if (status != IRT_OK)
		return status;
	/* Reproduction steps and a proof of concept are for the team
	 * alone: no template of an outside audience may carry them. */
	if (a != AUDIENCE_INTERNAL &&
	    (strstr(tmpl, "{{repro}}") || strstr(tmpl, "{{poc}}"))) {
		status = irt_err_set(err, IRT_ERR_INVALID,
		                     "template %s: {{repro}} and {{poc}} are "
		                     "for the internal audience only, never "
		                     "for %s",
		                     origin, audience_name(a));
		free(tmpl);
		free(origin);
		return status;
	}
	draft->origin = origin;
	/* The reporter is told at the address the report came from. */
	if (a == AUDIENCE_REPORTER && n_to == 0) {
		char *address =
		    notify_reporter_address(doc->inc.field[FIELD_REPORTER]);
		const char *list[1] = {address};

		status = notify_render_template(
		    doc, tmpl, list, address[0] ? 1 : 0, actor, draft, err);
		free(address);
	} else {
		status = notify_render_template(doc, tmpl, to, n_to, actor,
		                                draft, err);
	}
	free(tmpl);
	return status;
}

void notify_draft_free(struct notify_draft *draft)
{
	if (!draft)
		return;
	free(draft->message);
	free(draft->subject);
	for (size_t k = 0; k < draft->n_to; k++)
		free(draft->to[k]);
	free(draft->to);
	free(draft->origin);
	memset(draft, 0, sizeof *draft);
}

enum irt_status notify_draft_set_message(struct notify_draft *draft,
                                         const char *message,
                                         struct irt_err *err)
{
	char *clean, *split, *subject, *to;

	if (split_message(message, &clean, &split) != 0)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "the message must start with headers (To:, "
		                   "Subject:), then a blank line, then the "
		                   "body");
	split[1] = '\0';
	subject = header_value(clean, "Subject");
	to = header_value(clean, "To");
	split[1] = '\n';
	free(draft->subject);
	draft->subject = subject ? subject : xstrdup("");
	if (to) {
		for (size_t k = 0; k < draft->n_to; k++)
			free(draft->to[k]);
		free(draft->to);
		draft->to = NULL;
		draft->n_to = 0;
		split_to(to, draft);
		free(to);
	}
	free(draft->message);
	draft->message = clean;
	return IRT_OK;
}

enum irt_status notify_send(const char *command, const char *message,
                            int *exit_status, struct irt_err *err)
{
	struct sigaction ignore = {.sa_handler = SIG_IGN}, old;
	size_t len = strlen(message);
	FILE *p;
	int status, write_failed;

	*exit_status = -1;
	/* A command that exits without reading must not kill irt. */
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGPIPE, &ignore, &old);
	fflush(NULL);
	p = popen(command, "w");
	if (!p) {
		sigaction(SIGPIPE, &old, NULL);
		return irt_err_set(err, IRT_ERR_IO, "cannot run \"%.200s\": %s",
		                   command, strerror(errno));
	}
	write_failed = fwrite(message, 1, len, p) != len || fflush(p) != 0;
	status = pclose(p);
	sigaction(SIGPIPE, &old, NULL);
	if (status == -1)
		return irt_err_set(err, IRT_ERR_IO,
		                   "cannot wait for \"%.200s\": %s", command,
		                   strerror(errno));
	if (WIFEXITED(status))
		*exit_status = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		*exit_status = 128 + WTERMSIG(status);
	/* A command that stopped reading early yet exited 0 did not take
	 * the whole message: not a successful send. */
	if (write_failed && *exit_status == 0)
		*exit_status = 141;
	return IRT_OK;
}
