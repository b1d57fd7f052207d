/*
 * proc.c - child processes with files for their standard streams, and
 * the scratch directories those files live in (proc.h).
 */
#include "irt/proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
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
