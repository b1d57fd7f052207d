/*
 * proc.c - child processes with files for their standard streams, and
 * the scratch directories those files live in (proc.h).
 */
#include "irt/proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "irt/xalloc.h"

/* In the child: fd `to` becomes path opened with flags, or /dev/null. */
static int redirect(const char *path, int flags, int to)
{
	int fd = open(path ? path : "/dev/null", flags | O_CLOEXEC, 0600);

	if (fd < 0)
		return -1;
	if (fd == to)
		return fcntl(fd, F_SETFD, 0);
	if (dup2(fd, to) < 0)
		return -1;
	close(fd);
	return 0;
}

int proc_run(char *const *argv, const char *in_path, const char *out_path,
             const char *err_path)
{
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (in_path && redirect(in_path, O_RDONLY, 0) != 0)
			_exit(127);
		if (redirect(out_path, O_WRONLY | O_CREAT | O_TRUNC, 1) != 0 ||
		    redirect(err_path, O_WRONLY | O_CREAT | O_TRUNC, 2) != 0)
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

char *proc_scratch_dir(const char *what, struct irt_err *err)
{
	const char *tmp = getenv("TMPDIR");
	char *dir =
	    xasprintf("%s/irt-%s.XXXXXX", tmp && tmp[0] ? tmp : "/tmp", what);

	if (!mkdtemp(dir)) {
		irt_err_set(err, IRT_ERR_IO,
		            "cannot make a temporary directory (%s): %s", dir,
		            strerror(errno));
		free(dir);
		return NULL;
	}
	return dir;
}

void proc_scratch_remove(char *dir)
{
	DIR *d;
	struct dirent *de;

	if (!dir)
		return;
	d = opendir(dir);
	if (d) {
		while ((de = readdir(d)) != NULL) {
			char *path;

			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			path = xasprintf("%s/%s", dir, de->d_name);
			unlink(path);
			free(path);
		}
		closedir(d);
	}
	rmdir(dir);
	free(dir);
}

int proc_write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	const char *p = data;
	size_t done = 0;

	if (fd < 0)
		return -1;
	while (done < len) {
		ssize_t w = write(fd, p + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int saved = errno;

			close(fd);
			errno = w < 0 ? saved : EIO;
			return -1;
		}
		done += (size_t)w;
	}
	return close(fd);
}

char *proc_read_file(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, r;

	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = xrealloc(buf, cap);
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
	} while (r > 0 && n <= max);
	if (ferror(f) || n > max) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static int64_t monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* In the child of proc_run_bounded: streams, environment, signals, exec.
 * Reports exec's errno on report_fd (close-on-exec) and never returns. */
static void bounded_child(const struct proc_spec *spec, int report_fd)
{
	static const int reset[] = {SIGPIPE, SIGINT,  SIGQUIT, SIGTERM,
	                            SIGHUP,  SIGCHLD, SIGTSTP, SIGWINCH,
	                            SIGTTIN, SIGTTOU, SIGALRM, SIGUSR1};
	sigset_t none;
	int e;

	setpgid(0, 0);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (size_t i = 0; i < sizeof reset / sizeof *reset; i++)
		signal(reset[i], SIG_DFL);
	if (redirect(spec->in_path, O_RDONLY, 0) != 0)
		goto fail;
	if (spec->out_fd >= 0) {
		if (dup2(spec->out_fd, 1) < 0 || dup2(spec->out_fd, 2) < 0)
			goto fail;
	} else if (redirect(NULL, O_WRONLY, 1) != 0 ||
	           redirect(NULL, O_WRONLY, 2) != 0) {
		goto fail;
	}
	for (char *const *v = spec->env; v && *v; v++)
		putenv(*v);
	execv(spec->argv[0], spec->argv);
fail:
	e = errno;
	if (write(report_fd, &e, sizeof e) < 0)
		_exit(127);
	_exit(127);
}

/* Waits for pid until deadline_ms (monotonic; 0: for ever). 1 when it
 * ended (*status set), 0 at the deadline. */
static int wait_until(pid_t pid, int64_t deadline_ms, int *status)
{
	for (;;) {
		pid_t r = waitpid(pid, status, deadline_ms ? WNOHANG : 0);
		struct timespec pause = {0, 10 * 1000 * 1000};

		if (r == pid)
			return 1;
		if (r < 0 && errno != EINTR) {
			*status = 0;
			return 1; /* not ours to wait for: gone */
		}
		if (r == 0 && monotonic_ms() >= deadline_ms)
			return 0;
		if (r == 0)
			nanosleep(&pause, NULL);
	}
}

void proc_run_bounded(const struct proc_spec *spec, struct proc_outcome *out)
{
	int64_t start = monotonic_ms();
	int report[2], status = 0, e = 0;
	pid_t pid;
	ssize_t n;

	memset(out, 0, sizeof *out);
	if (pipe2(report, O_CLOEXEC) != 0) {
		out->not_run = errno;
		return;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		out->not_run = errno;
		close(report[0]);
		close(report[1]);
		return;
	}
	if (pid == 0) {
		close(report[0]);
		bounded_child(spec, report[1]);
	}
	setpgid(pid, pid); /* as the child does: whichever runs first */
	close(report[1]);
	while ((n = read(report[0], &e, sizeof e)) < 0 && errno == EINTR)
		;
	close(report[0]);
	if (n == (ssize_t)sizeof e) {
		wait_until(pid, 0, &status);
		out->not_run = e ? e : ENOEXEC;
		return;
	}
	if (!wait_until(pid, start + spec->timeout_ms, &status)) {
		out->timed_out = 1;
		kill(-pid, SIGTERM);
		if (!wait_until(pid, monotonic_ms() + PROC_GRACE_MS, &status)) {
			kill(-pid, SIGKILL);
			wait_until(pid, 0, &status);
		}
	}
	/* What the program left running in its group goes with it when
	 * it was killed. */
	if (out->timed_out)
		kill(-pid, SIGKILL);
	out->ms = monotonic_ms() - start;
	if (WIFSIGNALED(status))
		out->signal = WTERMSIG(status);
	else
		out->exit_status = WEXITSTATUS(status);
}
