/*
 * editor.c - runs the user's editor on a private temporary file.
 */
#include "irt/editor.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "irt/xalloc.h"

enum irt_status editor_edit(const char *command, const char *initial,
                            char **out, struct irt_err *err)
{
	const char *tmpdir = getenv("TMPDIR");
	char *path = xasprintf("%s/irt-note-XXXXXX.md",
	                       tmpdir && tmpdir[0] ? tmpdir : "/tmp");
	char *shell = NULL, *text = NULL;
	enum irt_status status = IRT_OK;
	size_t len = 0, cap = 0;
	int fd, rc;
	FILE *f;

	*out = NULL;
	fd = mkstemps(path, 3);
	if (fd < 0) {
		status = irt_err_set(err, IRT_ERR_IO,
		                     "cannot create a temporary file: %s",
		                     strerror(errno));
		free(path);
		return status;
	}
	if (initial && write(fd, initial, strlen(initial)) < 0)
		status = irt_err_set(err, IRT_ERR_IO, "cannot write %s: %s",
		                     path, strerror(errno));
	close(fd);
	if (status != IRT_OK)
		goto out;
	/* The command is the user's own setting; the file name is passed as
	 * a positional parameter, never spliced into the command. */
	shell = xasprintf("%s \"$1\"", command);
	rc = fork();
	if (rc == 0) {
		execl("/bin/sh", "sh", "-c", shell, "sh", path, (char *)NULL);
		_exit(127);
	}
	if (rc < 0) {
		status =
		    irt_err_set(err, IRT_ERR_IO, "cannot start the editor");
		goto out;
	}
	{
		int wstatus;

		while (waitpid(rc, &wstatus, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
			status = irt_err_set(err, IRT_ERR_IO,
			                     "the editor (%s) failed; nothing "
			                     "was recorded",
			                     command);
			goto out;
		}
	}
	f = fopen(path, "r");
	if (!f) {
		status = irt_err_set(err, IRT_ERR_IO, "cannot read %s: %s",
		                     path, strerror(errno));
		goto out;
	}
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
		status = irt_err_set(err, IRT_ERR_INVALID,
		                     "the edited text holds a NUL byte: it is "
		                     "not text; nothing was recorded");
		free(text);
		goto out;
	}
	while (len > 0 && strchr(" \t\r\n", text[len - 1]))
		text[--len] = '\0';
	if (len == 0) {
		status = irt_err_set(err, IRT_ERR_CANCELLED,
		                     "empty text: nothing was recorded");
		free(text);
		text = NULL;
	}
	*out = text;
out:
	unlink(path);
	free(path);
	free(shell);
	return status;
}
