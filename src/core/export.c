/*
 * export.c - what every export format shares: loading an incident,
 * dispatching to a renderer, the atomic file write behind `-o FILE`,
 * the stage intervals and the response times, and the per-format text
 * escaping. The renderers are export_json.c and export_csv.c (the
 * record), export_md.c, export_html.c and export_pdf.c (the
 * post-mortem, each drawing the model postmortem.c builds), and
 * export_csaf.c and export_osv.c (the advisories, on the pieces of
 * export_advisory.c); no renderer calls another.
 */
#include "export_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "irt/config.h"
#include "irt/export_pdf.h"
#include "irt/sanitize.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

static const char *const format_names[EXPORT_FORMAT_COUNT] = {
    "json", "md", "html", "csv", "pdf", "csaf", "osv"};

const char *export_format_name(enum export_format f)
{
	return (unsigned)f < EXPORT_FORMAT_COUNT ? format_names[f] : "";
}

int export_format_parse(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < EXPORT_FORMAT_COUNT; i++)
		if (strcasecmp(name, format_names[i]) == 0)
			return i;
	if (strcasecmp(name, "markdown") == 0)
		return EXPORT_MARKDOWN;
	return -1;
}

int export_format_public(enum export_format f)
{
	return f == EXPORT_CSAF || f == EXPORT_OSV;
}

int export_embargoed(const struct incident *inc, int64_t now_ms,
                     int64_t *until_ms)
{
	const char *embargo = inc->field[FIELD_EMBARGO];
	int64_t until = 0;
	int under = 0;

	if (embargo && embargo[0]) {
		if (timeutil_parse(embargo, 0, &until, NULL) != IRT_OK) {
			until = -1;
			under = 1;
		} else {
			under = until > now_ms;
		}
	}
	if (until_ms)
		*until_ms = under ? until : 0;
	return under;
}

enum irt_status export_load(struct db *db, long id, int64_t now_ms,
                            struct export_doc *doc, struct irt_err *err)
{
	enum irt_status status;

	memset(doc, 0, sizeof *doc);
	doc->now_ms = now_ms;
	status = db_read_begin(db, err);
	if (status != IRT_OK)
		return status;
	status = db_incident_load(db, id, &doc->inc, err);
	if (status == IRT_OK)
		status = db_events_load(db, id, &doc->events, err);
	if (status == IRT_OK)
		status = db_policy_events(db, &doc->policy_events, err);
	if (status == IRT_OK)
		status = policy_history_replay(&doc->history,
		                               &doc->policy_events, err);
	db_read_end(db);
	if (status != IRT_OK)
		return status;
	doc->policy = *policy_history_current(&doc->history);
	/* An unknown zone leaves the acknowledgement deadline "none", as
	 * list and show do; it is not a reason to refuse the export. */
	deadline_of_incident(&doc->inc, &doc->history, now_ms, &doc->deadlines,
	                     NULL);
	return IRT_OK;
}

void export_doc_free(struct export_doc *doc)
{
	if (!doc)
		return;
	incident_clear(&doc->inc);
	event_list_free(&doc->events);
	event_list_free(&doc->policy_events);
	policy_history_free(&doc->history);
	memset(doc, 0, sizeof *doc);
}

static const char *const paper_names[] = {"a4", "letter"};

const char *export_paper_name(enum export_paper paper)
{
	return (unsigned)paper < 2 ? paper_names[paper] : "";
}

int export_paper_parse(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < 2; i++)
		if (strcasecmp(name, paper_names[i]) == 0)
			return i;
	return -1;
}

enum irt_status export_write(const struct export_doc *doc, enum export_format f,
                             FILE *out, struct irt_err *err)
{
	struct pm_doc pm;
	int rc;

	switch (f) {
	case EXPORT_JSON:
		rc = export_json_write(doc, out);
		break;
	case EXPORT_MARKDOWN:
		postmortem_build(doc, &pm);
		rc = export_md_write(&pm, out);
		postmortem_free(&pm);
		break;
	case EXPORT_HTML:
		postmortem_build(doc, &pm);
		rc = export_html_write(&pm, out);
		postmortem_free(&pm);
		break;
	case EXPORT_CSV:
		rc = export_csv_write(doc, out);
		break;
	case EXPORT_CSAF:
	case EXPORT_OSV:
		if (export_advisory_check(doc, f, err) != IRT_OK)
			return err->status;
		rc = f == EXPORT_CSAF ? export_csaf_write(doc, out)
		                      : export_osv_write(doc, out);
		break;
	case EXPORT_PDF:
		if (export_pdf_load(err) != IRT_OK)
			return err->status;
		postmortem_build(doc, &pm);
		rc = export_pdf_write(&pm, doc->paper, out);
		postmortem_free(&pm);
		break;
	default:
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "unknown export format");
	}
	if (rc != 0 || ferror(out))
		return irt_err_set(err, IRT_ERR_IO,
		                   "cannot write the export: %s",
		                   strerror(errno ? errno : EIO));
	return IRT_OK;
}

enum irt_status export_render(const struct export_doc *doc,
                              enum export_format f, char **buf, size_t *len,
                              struct irt_err *err)
{
	FILE *mem;
	enum irt_status status;

	*buf = NULL;
	*len = 0;
	mem = open_memstream(buf, len);
	if (!mem)
		return irt_err_set(err, IRT_ERR_NOMEM,
		                   "cannot render the export: out of memory");
	status = export_write(doc, f, mem, err);
	if (fclose(mem) != 0 && status == IRT_OK)
		status = irt_err_set(err, IRT_ERR_NOMEM,
		                     "cannot render the export: out of memory");
	if (status != IRT_OK) {
		free(*buf);
		*buf = NULL;
		*len = 0;
	}
	return status;
}

/* Writes all of data to fd. Returns 0 or -1 (errno set). */
static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

enum irt_status export_save_file(const char *path, const char *data, size_t len,
                                 struct irt_err *err)
{
	char *copy = xstrdup(path), *dir = dirname(copy);
	char *tmp =
	    xasprintf("%s/.%s.XXXXXX", dir,
	              strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	struct stat st;
	mode_t mode, mask;
	enum irt_status status = IRT_OK;
	int fd, dfd, saved;

	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			status = irt_err_set(err, IRT_ERR_IO,
			                     "%s is not a regular file", path);
			goto out;
		}
		mode = st.st_mode & 07777;
	} else {
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		status = irt_err_set(err, IRT_ERR_IO,
		                     "cannot create a file in %s: %s", dir,
		                     strerror(errno));
		goto out;
	}
	if (fchmod(fd, mode) != 0 || write_all(fd, data, len) != 0 ||
	    fsync(fd) != 0) {
		saved = errno;
		close(fd);
		unlink(tmp);
		status = irt_err_set(err, IRT_ERR_IO, "cannot write %s: %s",
		                     path, strerror(saved));
		goto out;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		saved = errno;
		unlink(tmp);
		status = irt_err_set(err, IRT_ERR_IO, "cannot write %s: %s",
		                     path, strerror(saved));
		goto out;
	}
	/* The rename itself must survive a crash. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
out:
	free(tmp);
	free(copy);
	return status;
}

size_t export_stage_intervals(const struct export_doc *doc,
                              struct stage_interval **out)
{
	struct stage_interval *iv = NULL;
	size_t n = 0;

	for (size_t i = 0; i < doc->events.count; i++) {
		const struct event *ev = &doc->events.items[i];
		int to = -1;

		if (strcmp(ev->kind, "create") == 0)
			to = STAGE_DETECT;
		else if (strcmp(ev->kind, "advance") == 0 ||
		         strcmp(ev->kind, "reopen") == 0)
			to = stage_parse(ev->new_value);
		else if (strcmp(ev->kind, "close") == 0)
			to = STAGE_CLOSED;
		if (to < 0)
			continue;
		if (n)
			iv[n - 1].left_ms = ev->at_ms;
		iv = xrealloc(iv, (n + 1) * sizeof *iv);
		iv[n].stage = (enum stage)to;
		iv[n].entered_ms = ev->at_ms;
		iv[n].left_ms = 0;
		n++;
	}
	*out = iv;
	return n;
}

static const char *const measure_names[MEASURE_COUNT] = {
    "acknowledge", "contain", "fix", "notify"};

const char *export_measure_name(enum response_measure m)
{
	return (unsigned)m < MEASURE_COUNT ? measure_names[m] : "";
}

int64_t export_response_time(const struct incident *inc,
                             enum response_measure m)
{
	/* The stage whose completion the measure is, and the stage that
	 * must have been entered after it (closing early is no completion). */
	static const enum stage done[MEASURE_COUNT] = {
	    STAGE_DETECT, STAGE_CONTAIN, STAGE_FIX, STAGE_NOTIFY};
	int64_t end;

	if ((unsigned)m >= MEASURE_COUNT || !inc->reported_ms)
		return -1;
	if (m == MEASURE_ACKNOWLEDGE) {
		end = inc->acked_ms;
	} else {
		enum stage st = done[m];

		if (!inc->entered_ms[st + 1] || !inc->left_ms[st])
			return -1;
		end = inc->left_ms[st];
	}
	if (!end)
		return -1;
	return end > inc->reported_ms ? end - inc->reported_ms : 0;
}

/* ---- text escaping ------------------------------------------------- */

/* Characters Markdown could read as inline syntax anywhere in a line. */
static int md_special(char c)
{
	return c && strchr("\\`*_[]<&|~#", c) != NULL;
}

/* Characters that start a block when first on a line. */
static int md_line_start_special(char c)
{
	return c && strchr("-+=>", c) != NULL;
}

static void md_line(FILE *out, const char *p, size_t n, int escape_start)
{
	size_t i = 0;

	if (escape_start) {
		/* Leading blanks would make an indented code block. */
		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (i < n && md_line_start_special(p[i])) {
			fputc('\\', out);
		} else {
			/* "1." or "1)" starts an ordered list. */
			size_t d = i;

			while (d < n && p[d] >= '0' && p[d] <= '9')
				d++;
			if (d > i && d < n && (p[d] == '.' || p[d] == ')')) {
				fwrite(p + i, 1, d - i, out);
				fputc('\\', out);
				i = d;
			}
		}
	}
	for (; i < n; i++) {
		if (p[i] == '\t') {
			fputc(' ', out);
			continue;
		}
		if (md_special(p[i]))
			fputc('\\', out);
		fputc(p[i], out);
	}
}

void export_md_text(FILE *out, const char *s, enum md_mode mode)
{
	char *safe = sanitize_terminal(s, SANITIZE_KEEP_NEWLINES);
	const char *p = safe;
	int first = 1, blank_run = 0;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		int blank = strspn(p, " \t") >= n;

		if (mode == MD_SPAN) {
			/* Continues a line: the first piece is no line
			 * start; later lines are, after a hard break. */
			if (!blank) {
				if (!first)
					fputs("\\\n", out);
				md_line(out, p, n, !first);
				first = 0;
			}
		} else if (mode == MD_PROSE) {
			if (blank) {
				blank_run = !first;
			} else {
				if (!first)
					fputs(blank_run ? "\n\n" : "\\\n", out);
				md_line(out, p, n, 1);
				first = 0;
				blank_run = 0;
			}
		} else {
			if (!first)
				fputs(mode == MD_CELL ? "<br>" : " ", out);
			md_line(out, p, n, 0);
			first = 0;
		}
		p += n + (nl != NULL);
	}
	free(safe);
}

void export_html_text(FILE *out, const char *s, int br)
{
	char *safe = sanitize_terminal(s, SANITIZE_KEEP_NEWLINES);

	for (const char *p = safe; *p; p++) {
		switch (*p) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		case '\n':
			fputs(br ? "<br>\n" : " ", out);
			break;
		default:
			fputc(*p, out);
		}
	}
	free(safe);
}

void export_set_publisher(struct export_doc *doc, const struct config *cfg)
{
	if (!cfg)
		return;
	doc->publisher.name = cfg->publisher_name;
	doc->publisher.namespace_url = cfg->publisher_namespace;
	doc->publisher.category = cfg->publisher_category;
}
