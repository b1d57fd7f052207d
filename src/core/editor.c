/*
 * editor.c - runs the user's editor on a private temporary file.
 *
 * The file is made with mkstemps (mode 0600) and removed only by
 * editor_end(), after its text has been read, so a caller that is told
 * to stop while the editor runs can still keep what the file holds.
 */
#include "irt/editor.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "irt/xalloc.h"

enum irt_status editor_start(struct editor_run *run, const char *command,
                             const char *initial, struct irt_err *err)
{
	const char *tmpdir = getenv("TMPDIR");
	enum irt_status status = IRT_OK;
	char *shell;
	size_t len = initial ? strlen(initial) : 0;
	pid_t pid;
	int fd;

	run->cmd = command;
	run->pid = 0;
	run->path = xasprintf("%s/irt-note-XXXXXX.md",
	                      tmpdir && tmpdir[0] ? tmpdir : "/tmp");
	fd = mkstemps(run->path, 3);
	if (fd < 0) {
		status = irt_err_set(err, IRT_ERR_IO,
		                     "cannot create a temporary file: %s",
		                     strerror(errno));
		free(run->path);
		run->path = NULL;
		return status;
	}
	for (size_t off = 0; off < len;) {
		ssize_t n = write(fd, initial + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			status =
			    irt_err_set(err, IRT_ERR_IO, "cannot write %s: %s",
			                run->path, strerror(errno));
			break;
		}
		off += (size_t)n;
	}
	close(fd);
	if (status != IRT_OK)
		return status;
	/* The command is the user's own setting; the file name is passed as
	 * a positional parameter, never spliced into the command. */
	shell = xasprintf("%s \"$1\"", command);
	pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", shell, "sh", run->path,
		      (char *)NULL);
		_exit(127);
	}
	free(shell);
	if (pid < 0)
		return irt_err_set(err, IRT_ERR_IO, "cannot start the editor");
	run->pid = pid;
	return IRT_OK;
}

/* What the editor's exit status means. */
static enum irt_status exited(struct editor_run *run, int wstatus,
                              struct irt_err *err)
{
	run->pid = 0;
	if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0)
		return irt_err_set(err, IRT_ERR_IO,
		                   "the editor (%s) failed; nothing was "
		                   "recorded",
		                   run->cmd);
	return IRT_OK;
}

/* SIGCHLD only has to end sigsuspend(). */
static void on_child(int sig)
{
	(void)sig;
}

enum irt_status editor_wait(struct editor_run *run,
                            const volatile sig_atomic_t *stop,
                            struct irt_err *err)
{
	struct sigaction sa, old_chld;
	sigset_t all, old_mask, wait_mask;
	enum irt_status status = IRT_OK;
	int wstatus = 0;

	if (!run->pid)
		return irt_err_set(err, IRT_ERR_IO,
		                   "the editor is not running");
	if (!stop) {
		pid_t r;

		while ((r = waitpid((pid_t)run->pid, &wstatus, 0)) < 0 &&
		       errno == EINTR)
			;
		if (r < 0) {
			run->pid = 0;
			return irt_err_set(err, IRT_ERR_IO,
			                   "cannot wait for the editor: %s",
			                   strerror(errno));
		}
		return exited(run, wstatus, err);
	}
	/*
	 * Signals are blocked while *stop is looked at and let in only
	 * inside sigsuspend(), so one that sets it between the look and the
	 * wait still ends the wait. SIGCHLD gets a handler for the time of
	 * the wait so that the editor ending ends it too.
	 */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old_mask);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_child;
	sa.sa_flags = SA_NOCLDSTOP;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, &old_chld);
	wait_mask = old_mask;
	sigdelset(&wait_mask, SIGCHLD);
	for (;;) {
		pid_t r = waitpid((pid_t)run->pid, &wstatus, WNOHANG);

		if (r == (pid_t)run->pid) {
			status = exited(run, wstatus, err);
			break;
		}
		if (r < 0 && errno != EINTR) {
			run->pid = 0;
			status = irt_err_set(err, IRT_ERR_IO,
			                     "cannot wait for the editor: %s",
			                     strerror(errno));
			break;
		}
		if (*stop)
			break;
		sigsuspend(&wait_mask);
	}
	/* A hang-up ends the editor too (it shares the terminal): then the
	 * stop is what counts, however the editor ended. */
	if (*stop)
		status = irt_err_set(err, IRT_ERR_INTERRUPTED,
		                     "stopped while the editor ran");
	sigaction(SIGCHLD, &old_chld, NULL);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	return status;
}

void editor_stop(struct editor_run *run, int sig, int wait_ms)
{
	struct timespec tick = {0, 10 * 1000 * 1000};
	int wstatus;

	if (!run->pid)
		return;
	kill((pid_t)run->pid, sig);
	for (int waited = 0; waited <= wait_ms; waited += 10) {
		pid_t r = waitpid((pid_t)run->pid, &wstatus, WNOHANG);

		if (r == (pid_t)run->pid || (r < 0 && errno == ECHILD)) {
			run->pid = 0;
			return;
		}
		nanosleep(&tick, NULL);
	}
}

enum irt_status editor_read(const struct editor_run *run, char **out,
                            struct irt_err *err)
{
	char *text = NULL;
	size_t len = 0, cap = 0;
	FILE *f;

	*out = NULL;
	if (!run->path)
		return irt_err_set(err, IRT_ERR_IO, "no file to read");
	f = fopen(run->path, "re");
	if (!f)
		return irt_err_set(err, IRT_ERR_IO, "cannot read %s: %s",
		                   run->path, strerror(errno));
	for (;;) {
		size_t n;

		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			text = xrealloc(text, cap);
		}
		n = fread(text + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	fclose(f);
	text[len] = '\0';
	if (memchr(text, '\0', len)) {
		free(text);
		return irt_err_set(
		    err, IRT_ERR_INVALID,
		    "the edited text holds a NUL byte: it is not "
		    "text; nothing was recorded");
	}
	while (len > 0 && strchr(" \t\r\n", text[len - 1]))
		text[--len] = '\0';
	if (len == 0) {
		free(text);
		return irt_err_set(err, IRT_ERR_CANCELLED,
		                   "empty text: nothing was recorded");
	}
	*out = text;
	return IRT_OK;
}

void editor_end(struct editor_run *run)
{
	if (run->path)
		unlink(run->path);
	free(run->path);
	run->path = NULL;
	run->pid = 0;
}

enum irt_status editor_edit(const char *command, const char *initial,
                            char **out, struct irt_err *err)
{
	struct editor_run run;
	enum irt_status status;

	*out = NULL;
	status = editor_start(&run, command, initial, err);
	if (status == IRT_OK)
		status = editor_wait(&run, NULL, err);
	if (status == IRT_OK)
		status = editor_read(&run, out, err);
	editor_end(&run);
	return status;
}
