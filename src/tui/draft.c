/*
 * draft.c - unsent form text kept on disk.
 *
 * Keys are incident UUIDs; anything else is refused, so a key can never
 * name a path outside the drafts directory. A draft reads back exactly
 * as it was saved: field values are escaped, the main text is written
 * as it is after the header.
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

/* The first line of a draft with fields. */
#define DRAFT_MAGIC "irt draft 1\n"

/* The largest draft read back. */
#define DRAFT_MAX_BYTES (16 * 1024 * 1024)

static int key_ok(const char *key)
{
	size_t n = strlen(key);

	if (n == 0 || n > 64)
		return 0;
	return strspn(key, "0123456789abcdef-") == n;
}

void draft_init(struct draft *d)
{
	memset(d, 0, sizeof *d);
}

void draft_free(struct draft *d)
{
	if (!d)
		return;
	free(d->text);
	for (size_t i = 0; i < d->n_fields; i++) {
		free(d->label[i]);
		free(d->value[i]);
	}
	draft_init(d);
}

void draft_set_text(struct draft *d, const char *text)
{
	free(d->text);
	d->text = xstrdup(text);
}

void draft_set(struct draft *d, const char *label, const char *value)
{
	for (size_t i = 0; i < d->n_fields; i++) {
		if (strcmp(d->label[i], label) == 0) {
			free(d->value[i]);
			d->value[i] = xstrdup(value);
			return;
		}
	}
	if (d->n_fields == DRAFT_MAX_FIELDS)
		return;
	d->label[d->n_fields] = xstrdup(label);
	d->value[d->n_fields++] = xstrdup(value);
}

const char *draft_get(const struct draft *d, const char *label)
{
	for (size_t i = 0; i < d->n_fields; i++)
		if (strcmp(d->label[i], label) == 0)
			return d->value[i];
	return NULL;
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

/* The path of key's draft (malloc'd), or NULL. */
static char *draft_path(const char *key, int create)
{
	char *dir, *path;

	if (!key_ok(key) || !(dir = drafts_dir(create)))
		return NULL;
	path = xasprintf("%s/%s.txt", dir, key);
	free(dir);
	return path;
}

/* Appends s (n bytes) to a growing buffer. */
static void put(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		while (*len + n + 1 > *cap)
			*cap = *cap ? *cap * 2 : 256;
		*buf = xrealloc(*buf, *cap);
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
}

/* Appends value with backslash, CR and newline escaped. */
static void put_escaped(char **buf, size_t *len, size_t *cap, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			put(buf, len, cap, "\\\\", 2);
		else if (*s == '\n')
			put(buf, len, cap, "\\n", 2);
		else if (*s == '\r')
			put(buf, len, cap, "\\r", 2);
		else
			put(buf, len, cap, s, 1);
	}
}

/* The file's content for d (malloc'd; *len its length). */
static char *format_draft(const struct draft *d, size_t *len)
{
	char *buf = NULL;
	size_t cap = 0;

	*len = 0;
	put(&buf, len, &cap, DRAFT_MAGIC, strlen(DRAFT_MAGIC));
	for (size_t i = 0; i < d->n_fields; i++) {
		put(&buf, len, &cap, d->label[i], strlen(d->label[i]));
		put(&buf, len, &cap, ": ", 2);
		put_escaped(&buf, len, &cap, d->value[i]);
		put(&buf, len, &cap, "\n", 1);
	}
	put(&buf, len, &cap, "\n", 1);
	if (d->text)
		put(&buf, len, &cap, d->text, strlen(d->text));
	return buf;
}

int draft_save(const char *key, const struct draft *d)
{
	char *dir, *path, *tmp, *content;
	size_t len = 0;
	int fd = -1, rc = -1;

	if (!key_ok(key) || !(dir = drafts_dir(1)))
		return -1;
	path = xasprintf("%s/%s.txt", dir, key);
	tmp = xasprintf("%s/.%s.tmp", dir, key);
	free(dir);
	content = format_draft(d, &len);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		goto out;
	for (size_t off = 0; off < len;) {
		ssize_t n = write(fd, content + off, len - off);

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
	free(content);
	free(tmp);
	free(path);
	return rc;
}

/* Undoes put_escaped in place. */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			*o++ = *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/* Reads the header and text of a draft file's content into d. */
static void parse_draft(char *content, struct draft *d)
{
	char *p = content;

	if (strncmp(p, DRAFT_MAGIC, strlen(DRAFT_MAGIC)) != 0) {
		draft_set_text(d, content);
		return;
	}
	p += strlen(DRAFT_MAGIC);
	while (*p && *p != '\n') {
		char *eol = strchr(p, '\n'), *colon;

		if (eol)
			*eol = '\0';
		colon = strstr(p, ": ");
		if (colon) {
			*colon = '\0';
			unescape(colon + 2);
			draft_set(d, p, colon + 2);
		}
		if (!eol) {
			p += strlen(p);
			break;
		}
		p = eol + 1;
	}
	draft_set_text(d, *p == '\n' ? p + 1 : p);
}

int draft_load(const char *key, struct draft *d)
{
	char *path = draft_path(key, 0), *content = NULL;
	struct stat sb;
	FILE *f = NULL;
	size_t n;
	int rc = -1;

	draft_init(d);
	if (!path)
		return -1;
	f = fopen(path, "re");
	if (!f || fstat(fileno(f), &sb) != 0 || sb.st_size <= 0 ||
	    sb.st_size > DRAFT_MAX_BYTES)
		goto out;
	content = xmalloc((size_t)sb.st_size + 1);
	n = fread(content, 1, (size_t)sb.st_size, f);
	content[n] = '\0';
	parse_draft(content, d);
	d->saved_ms =
	    (int64_t)sb.st_mtim.tv_sec * 1000 + sb.st_mtim.tv_nsec / 1000000;
	rc = 0;
out:
	if (f)
		fclose(f);
	free(content);
	free(path);
	return rc;
}

int draft_exists(const char *key)
{
	char *path = draft_path(key, 0);
	struct stat sb;
	int exists;

	if (!path)
		return 0;
	exists = stat(path, &sb) == 0 && sb.st_size > 0;
	free(path);
	return exists;
}

void draft_remove(const char *key)
{
	char *path = draft_path(key, 0);

	if (!path)
		return;
	unlink(path);
	free(path);
}
