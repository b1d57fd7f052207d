/*
 * draft.c - unsent notes kept on disk.
 *
 * Keys are incident UUIDs; anything else is refused, so a key can never
 * name a path outside the drafts directory.
 */
#include "tui/draft.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "irt/config.h"
#include "irt/xalloc.h"

static int key_ok(const char *key)
{
	size_t n = strlen(key);

	if (n == 0 || n > 64)
		return 0;
	return strspn(key, "0123456789abcdef-") == n;
}

/* The drafts directory (malloc'd), created when create is set; NULL when
 * there is no data directory. */
static char *drafts_dir(int create)
{
	char *data = config_data_dir(), *dir;

	if (!data)
		return NULL;
	dir = xasprintf("%s/drafts", data);
	if (create) {
		/* The data directory's parents normally exist (the
		 * database lives there); make them if not. */
		for (char *p = dir + 1; *p; p++) {
			if (*p != '/')
				continue;
			*p = '\0';
			mkdir(dir, 0700);
			*p = '/';
		}
		mkdir(dir, 0700);
	}
	free(data);
	return dir;
}

int draft_save(const char *key, const char *text)
{
	char *dir, *path = NULL, *tmp = NULL;
	size_t len = strlen(text);
	int fd = -1, rc = -1;

	if (!key_ok(key) || !(dir = drafts_dir(1)))
		return -1;
	path = xasprintf("%s/%s.txt", dir, key);
	tmp = xasprintf("%s/.%s.tmp", dir, key);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		goto out;
	for (size_t off = 0; off < len;) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto out;
		off += (size_t)n;
	}
	if (fsync(fd) != 0)
		goto out;
	if (close(fd) != 0) {
		fd = -1;
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) == 0)
		rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	free(path);
	free(dir);
	return rc;
}

char *draft_load(const char *key, int64_t *saved_ms)
{
	char *dir, *path, *text = NULL;
	struct stat sb;
	FILE *f = NULL;
	size_t n;

	if (!key_ok(key) || !(dir = drafts_dir(0)))
		return NULL;
	path = xasprintf("%s/%s.txt", dir, key);
	f = fopen(path, "re");
	if (!f || fstat(fileno(f), &sb) != 0 || sb.st_size <= 0 ||
	    sb.st_size > 16 * 1024 * 1024)
		goto out;
	text = xmalloc((size_t)sb.st_size + 1);
	n = fread(text, 1, (size_t)sb.st_size, f);
	text[n] = '\0';
	if (saved_ms)
		*saved_ms = (int64_t)sb.st_mtim.tv_sec * 1000 +
		            sb.st_mtim.tv_nsec / 1000000;
out:
	if (f)
		fclose(f);
	free(path);
	free(dir);
	return text;
}

void draft_remove(const char *key)
{
	char *dir, *path;

	if (!key_ok(key) || !(dir = drafts_dir(0)))
		return;
	path = xasprintf("%s/%s.txt", dir, key);
	unlink(path);
	free(path);
	free(dir);
}
