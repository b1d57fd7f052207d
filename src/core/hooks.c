/*
 * hooks.c - finding and running the hooks (hooks.h): the directories
 * listed, each document written once with the JSON writers of the
 * exports, each hook run bounded by proc_run_bounded.
 *
 * Nothing here reads or writes the database: the caller hands over what
 * was committed. In the background (the TUI) the documents are made
 * before the fork, and the detached process touches only files and
 * _exits, so it never uses the caller's connection.
 */
#include "irt/hooks.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "irt/deadline_json.h"
#include "irt/incident_json.h"
#include "irt/jsonw.h"
#include "irt/sanitize.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

static const struct {
	const char *kind, *event;
} kinds[] = {
#define HOOK_KIND_ROW(kind, event) {kind, event},
    HOOK_KINDS(HOOK_KIND_ROW)
#undef HOOK_KIND_ROW
};
#define N_KINDS (sizeof kinds / sizeof *kinds)

const char *hooks_kind_of_event(const char *event_kind)
{
	for (size_t i = 0; event_kind && i < N_KINDS; i++)
		if (kinds[i].event && strcmp(kinds[i].event, event_kind) == 0)
			return kinds[i].kind;
	return NULL;
}

const char *hooks_event_of_kind(const char *kind)
{
	for (size_t i = 0; kind && i < N_KINDS; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return kinds[i].event;
	return NULL;
}

int hooks_kind_known(const char *kind)
{
	for (size_t i = 0; kind && i < N_KINDS; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return 1;
	return 0;
}

const char *hooks_kind_name(size_t i)
{
	return i < N_KINDS ? kinds[i].kind : NULL;
}

const char *hooks_kind_list(void)
{
	static char list[256];

	if (!list[0])
		for (size_t i = 0; i < N_KINDS; i++)
			snprintf(list + strlen(list),
			         sizeof list - strlen(list), "%s%s",
			         i ? ", " : "", kinds[i].kind);
	return list;
}

/* ---- finding them ---------------------------------------------------- */

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n >= m && strcmp(s + n - m, tail) == 0;
}

/* Whether a file of this name is left out whatever its mode. */
static int skipped_name(const char *name)
{
	static const char *const tails[] = {"~",     ".swp", ".swo", ".bak",
	                                    ".orig", ".rej", ".tmp", ".sample"};
	size_t n = strlen(name);

	if (name[0] == '.' || name[0] == '\0')
		return 1;
	if (name[0] == '#' && n > 1 && name[n - 1] == '#')
		return 1;
	if (strstr(name, ".dpkg-") || strstr(name, ".ucf-"))
		return 1;
	for (size_t i = 0; i < sizeof tails / sizeof *tails; i++)
		if (ends_with(name, tails[i]))
			return 1;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends dir's hooks, sorted, to list. -1 with errno when dir cannot be
 * read. */
static int list_dir(const char *dir, struct hook_list *list)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)) != NULL) {
		char *path;
		struct stat sb;

		if (skipped_name(de->d_name))
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		/* Followed, as git follows a linked hook. */
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		    access(path, X_OK) != 0) {
			free(path);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			names = xrealloc(names, cap * sizeof *names);
		}
		names[n++] = path;
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	list->paths =
	    xrealloc(list->paths, (list->count + n + 1) * sizeof *list->paths);
	memcpy(list->paths + list->count, names, n * sizeof *names);
	list->count += n;
	free(names);
	return 0;
}

enum irt_status hooks_find(const struct hooks *h, const struct policy *p,
                           struct hook_list *out, struct irt_err *err)
{
	enum irt_status status = IRT_OK;

	memset(out, 0, sizeof *out);
	if (p && p->hooks_dir[0] && list_dir(p->hooks_dir, out) != 0)
		status = irt_err_set(err, IRT_ERR_IO,
		                     "cannot read the team's hooks directory "
		                     "%s (policy hooks.dir): %s",
		                     p->hooks_dir, strerror(errno));
	if (h && h->personal_dir && list_dir(h->personal_dir, out) != 0 &&
	    errno != ENOENT && status == IRT_OK)
		status = irt_err_set(err, IRT_ERR_IO,
		                     "cannot read the hooks directory %s: %s",
		                     h->personal_dir, strerror(errno));
	return status;
}

void hook_list_free(struct hook_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->count; i++)
		free(list->paths[i]);
	free(list->paths);
	memset(list, 0, sizeof *list);
}

/* ---- the documents --------------------------------------------------- */

void hooks_job(struct hook_job *job, const char *kind,
               const struct incident *inc, const struct deadlines *d,
               int64_t now_ms, const struct event *ev,
               const struct deadline *overdue)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	struct jsonw *w;

	if (!mem)
		xfatal("out of memory");
	w = jsonw_new_text(mem, JSON_COMPACT);
	memset(job, 0, sizeof *job);
	job->kind = xstrdup(kind);
	job->incident = inc->id;
	memcpy(job->incident_uuid, inc->uuid, sizeof job->incident_uuid);
	if (ev)
		memcpy(job->event_uuid, ev->uuid, sizeof job->event_uuid);
	jsonw_object_begin(w);
	jsonw_key(w, "format");
	jsonw_string(w, "irt-hook/1");
	jsonw_key(w, "kind");
	jsonw_string(w, kind);
	jsonw_key(w, "incident");
	jsonw_object_begin(w);
	incident_json_write_members(w, inc, 0);
	jsonw_key(w, "deadlines");
	deadline_json_write(w, d, now_ms, 1);
	jsonw_object_end(w);
	jsonw_key(w, "event");
	if (ev)
		incident_json_write_event(w, ev);
	else
		jsonw_null(w);
	jsonw_key(w, "deadline");
	if (overdue) {
		jsonw_object_begin(w);
		jsonw_key(w, "kind");
		jsonw_string(w, deadline_kind_name(overdue->kind));
		jsonw_key(w, "state");
		jsonw_string(w, deadline_state_name(overdue->state));
		incident_json_write_time(w, "due", overdue->due_ms);
		jsonw_object_end(w);
	} else {
		jsonw_null(w);
	}
	jsonw_object_end(w);
	jsonw_raw(w, "\n");
	jsonw_free(w);
	if (fclose(mem) != 0)
		xfatal("out of memory");
	job->doc = text;
}

void hook_job_clear(struct hook_job *job)
{
	if (!job)
		return;
	free(job->kind);
	free(job->doc);
	memset(job, 0, sizeof *job);
}

/* ---- running them ---------------------------------------------------- */

int64_t hooks_timeout_ms(const struct hooks *h, const struct policy *p)
{
	if (h && h->timeout_ms > 0)
		return h->timeout_ms;
	if (p && p->hooks_timeout_ms > 0)
		return p->hooks_timeout_ms;
	return POLICY_HOOKS_TIMEOUT_MS;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

void hooks_describe(const struct hook_result *r, int64_t timeout_ms, char *buf,
                    size_t size)
{
	const struct proc_outcome *o = &r->outcome;
	/* A file's name is anyone's text: shown inert. */
	char *name = sanitize_terminal(base_name(r->path), 0);
	int n = snprintf(buf, size, "hook %s (%s, #%ld) ", name, r->job->kind,
	                 r->job->incident);
	size_t at = n < 0 ? 0 : (size_t)n < size ? (size_t)n : size;

	free(name);

	if (o->not_run)
		snprintf(buf + at, size - at, "could not be run: %s",
		         strerror(o->not_run));
	else if (o->timed_out)
		snprintf(buf + at, size - at,
		         "timed out after %lld s and was killed",
		         (long long)(timeout_ms / 1000));
	else if (o->signal)
		snprintf(buf + at, size - at, "failed (killed by signal %d)",
		         o->signal);
	else if (o->exit_status)
		snprintf(buf + at, size - at, "failed (exit %d)",
		         o->exit_status);
	else
		snprintf(buf + at, size - at, "ran (%lld.%01lld s)",
		         (long long)(o->ms / 1000),
		         (long long)(o->ms % 1000 / 100));
}

size_t hooks_run(const struct hooks *h, const struct policy *p,
                 const struct hook_list *list, const struct hook_job *jobs,
                 size_t n_jobs,
                 void (*each)(void *arg, const struct hook_result *r),
                 void *arg)
{
	int64_t timeout = hooks_timeout_ms(h, p);
	size_t failed = 0;
	struct irt_err err;
	char *dir, *in = NULL;

	if (!list->count || !n_jobs)
		return 0;
	dir = proc_scratch_dir("hook", &err);
	if (dir)
		in = xasprintf("%s/event.json", dir);
	else if (h && h->report)
		h->report(h->report_arg, err.msg);
	for (size_t j = 0; j < n_jobs; j++) {
		const struct hook_job *job = &jobs[j];
		char *env[7];
		char line[512];

		env[0] = xasprintf("IRT_HOOK_KIND=%s", job->kind);
		env[1] = xasprintf("IRT_INCIDENT=%ld", job->incident);
		env[2] = xasprintf("IRT_INCIDENT_UUID=%s", job->incident_uuid);
		env[3] = xasprintf("IRT_EVENT_UUID=%s", job->event_uuid);
		env[4] =
		    xasprintf("IRT_ACTOR=%s", h && h->actor ? h->actor : "");
		env[5] =
		    xasprintf("IRT_DB=%s", h && h->db_path ? h->db_path : "");
		env[6] = NULL;
		if (in &&
		    proc_write_file(in, job->doc, strlen(job->doc)) != 0) {
			free(in);
			in = NULL;
		}
		for (size_t i = 0; i < list->count; i++) {
			char *argv[] = {list->paths[i], job->kind, NULL};
			struct proc_spec spec = {argv, env, in,
			                         h ? h->out_fd : -1, timeout};
			struct hook_result r = {list->paths[i], job, {0}, 0};

			if (in) {
				proc_run_bounded(&spec, &r.outcome);
			} else {
				r.outcome.not_run = errno ? errno : EIO;
			}
			r.failed = r.outcome.not_run || r.outcome.timed_out ||
			           r.outcome.signal || r.outcome.exit_status;
			if (r.failed) {
				failed++;
				if (h && h->report) {
					hooks_describe(&r, timeout, line,
					               sizeof line);
					h->report(h->report_arg, line);
				}
			}
			if (each)
				each(arg, &r);
		}
		for (size_t i = 0; i < 6; i++)
			free(env[i]);
	}
	free(in);
	proc_scratch_remove(dir);
	return failed;
}

/* ---- after a write --------------------------------------------------- */

/* Appends a dated line to the log (the background's report). */
static void log_line(void *arg, const char *line)
{
	int fd = *(const int *)arg;
	char when[TIMEUTIL_BUFSZ];
	char *text;

	timeutil_format_utc(timeutil_now_ms(), when, sizeof when);
	text = xasprintf("%s irt: %s\n", when, line);
	if (write(fd, text, strlen(text)) < 0) {
		/* Nowhere else to say it. */
	}
	free(text);
}

/* Every outcome in the log, not only failures. */
static void log_each(void *arg, const struct hook_result *r)
{
	char line[512];

	if (r->failed)
		return; /* log_line had it */
	hooks_describe(r, 0, line, sizeof line);
	log_line(arg, line);
}

/* In a detached grandchild: runs the hooks with their output and outcomes
 * in the log, and _exits without touching the caller's state. */
static void run_detached(const struct hooks *h, const struct policy *p,
                         const struct hook_list *list,
                         const struct hook_job *jobs, size_t n)
{
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		struct hooks bg = *h;
		int fd, null;

		if (fork() != 0)
			_exit(0); /* the grandchild is init's to reap */
		setsid();
		fd = open(h->log_path,
		          O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(fd >= 0 ? fd : null, 1);
			dup2(fd >= 0 ? fd : null, 2);
		}
		bg.out_fd = fd;
		bg.report = log_line;
		bg.report_arg = &fd;
		if (fd >= 0)
			hooks_run(&bg, p, list, jobs, n, log_each, &fd);
		else
			hooks_run(&bg, p, list, jobs, n, NULL, NULL);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
}

void hooks_after_write(const struct hooks *h, const struct incident *inc,
                       const struct event_list *events,
                       const struct policy_history *ph, int64_t now_ms)
{
	const struct policy *p = policy_history_current(ph);
	struct hook_list list;
	struct hook_job *jobs;
	struct deadlines d;
	struct irt_err err;
	size_t n = 0;

	if (!h || !events->count)
		return;
	if (hooks_find(h, p, &list, &err) != IRT_OK && h->report)
		h->report(h->report_arg, err.msg);
	if (!list.count) {
		hook_list_free(&list);
		return;
	}
	deadline_of_incident(inc, ph, now_ms, &d, NULL);
	jobs = xcalloc(events->count, sizeof *jobs);
	for (size_t i = 0; i < events->count; i++) {
		const struct event *ev = &events->items[i];
		const char *kind = hooks_kind_of_event(ev->kind);

		if (kind)
			hooks_job(&jobs[n++], kind, inc, &d, now_ms, ev, NULL);
	}
	if (h->log_path)
		run_detached(h, p, &list, jobs, n);
	else
		hooks_run(h, p, &list, jobs, n, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		hook_job_clear(&jobs[i]);
	free(jobs);
	hook_list_free(&list);
}
