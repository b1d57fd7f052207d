/*
 * cmd_demo.c - `irt demo`: loads sample incidents at different stages,
 * with notes and owners, by running the irt commands in data/demo.irt
 * (compiled in) through the ordinary command table. The demo is loaded
 * once, without running hooks (hooks.h): a database that already holds an
 * incident titled as one of the demo's is told so and left as it is (exit 0,
 * nothing added).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "irt/db.h"
#include "irt/embedded.h"
#include "irt/xalloc.h"

#define MAX_WORDS 64

/* Splits line into words (double quotes group, \" escapes) in place. */
static int split(char *line, char **words)
{
	int n = 0;
	char *p = line, *o;

	while (*p && n < MAX_WORDS - 1) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		words[n++] = o = p;
		while (*p && *p != ' ' && *p != '\t') {
			if (*p == '"') {
				for (p++; *p && *p != '"'; p++) {
					if (*p == '\\' && p[1])
						p++;
					*o++ = *p;
				}
				if (*p)
					p++;
			} else {
				*o++ = *p++;
			}
		}
		if (*p)
			p++;
		*o = '\0';
	}
	words[n] = NULL;
	return n;
}

static int run_line(struct cli_ctx *ctx, char *line, long *last_id, int lineno)
{
	char *words[MAX_WORDS], idbuf[24];
	const struct cli_cmd *cmd;
	struct irt_err err;
	struct db *db;
	int n = split(line, words), first = 0, rc, saved;
	const char *actor = ctx->actor;

	if (n == 0)
		return 0;
	if (words[0][0] == '@') {
		ctx->actor = words[0] + 1;
		first = 1;
	}
	cmd = first < n ? cli_find_command(words[first]) : NULL;
	if (!cmd) {
		cli_error("demo line %d: no command", lineno);
		return 1;
	}
	if (strcmp(cmd->name, "new") == 0) {
		if (cli_db(ctx, &db, &err) != IRT_OK ||
		    db_next_incident_id(db, last_id, &err) != IRT_OK)
			return cli_fail(&err);
	}
	snprintf(idbuf, sizeof idbuf, "%ld", *last_id);
	for (int i = first; i < n; i++)
		if (strcmp(words[i], "%") == 0)
			words[i] = idbuf;
	/* The commands print numbers for scripts; the demo stays quiet. */
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	{
		int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);

		dup2(devnull, STDOUT_FILENO);
		close(devnull);
	}
	optind = 0;
	rc = cmd->exec(ctx, n - first, words + first);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	ctx->actor = actor;
	if (rc != 0)
		cli_error("demo line %d (%s) failed", lineno, cmd->name);
	return rc;
}

/* Whether an incident titled as one of the script's `new` lines is in db;
 * its numbers go into found (as "#1, #2"). Returns 1, 0, or -1 with err
 * set. */
static int demo_present(struct db *db, const char *script, char *found,
                        size_t size, struct irt_err *err)
{
	struct list_filter filter = {.closed = 2, .stage = -1, .severity = -1};
	struct incident_rows rows = {0};
	char *copy = xstrdup(script), *line, *save = NULL;
	size_t used = 0;
	int hits = 0;

	found[0] = '\0';
	if (db_incident_list(db, &filter, &rows, err) != IRT_OK) {
		free(copy);
		return -1;
	}
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *words[MAX_WORDS];
		int n = split(line, words), first = n && words[0][0] == '@';

		if (line[0] == '#' || first + 1 >= n ||
		    strcmp(words[first], "new") != 0)
			continue;
		for (size_t i = 0; i < rows.count; i++) {
			if (strcmp(rows.items[i].title, words[first + 1]) != 0)
				continue;
			if (used < size)
				used += (size_t)snprintf(
				    found + used, size - used, "%s#%ld",
				    hits ? ", " : "", rows.items[i].id);
			hits++;
		}
	}
	incident_rows_free(&rows);
	free(copy);
	return hits > 0;
}

static int demo_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct embedded_file *script = embedded_find("demo.irt");
	char *copy, *line, *save = NULL;
	long last_id = 0, first_id = 0;
	int c, rc = 0, lineno = 0, present;
	struct irt_err err;
	struct db *db;
	char found[256];

	while ((c = cli_getopt(ctx, &cli_cmd_demo, argc, argv)) != -1)
		return c == 'h' ? 0 : 2;
	if (optind < argc)
		return cli_usage(&cli_cmd_demo, "no arguments expected");
	if (!script) {
		cli_error("this irt was built without its demo data");
		return 1;
	}
	if (cli_db(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	/* Sample incidents are no news for the team's tools. */
	ctx->no_hooks = 1;
	present = demo_present(db, script->data, found, sizeof found, &err);
	if (present < 0)
		return cli_fail(&err);
	if (present) {
		printf("The demo incidents are already in %s (%s); nothing "
		       "was added.\nTry 'irt list' or just 'irt'.\n",
		       db_path(db), found);
		return 0;
	}
	if (db_next_incident_id(db, &first_id, &err) != IRT_OK)
		return cli_fail(&err);
	copy = xstrdup(script->data);
	for (line = strtok_r(copy, "\n", &save); line && rc == 0;
	     line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		if (line[0] == '#')
			continue;
		rc = run_line(ctx, line, &last_id, lineno);
	}
	free(copy);
	if (rc == 0)
		printf(
		    "Loaded demo incidents #%ld-#%ld into %s.\nTry 'irt list', "
		    "'irt show %ld' or just 'irt'.\n",
		    first_id, last_id, db_path(db), first_id);
	return rc;
}

const struct cli_cmd cli_cmd_demo = {
    "demo",
    "",
    "Load sample incidents to explore irt",
    "Adds a handful of realistic incidents at different stages, with\n"
    "notes, owners and actions, to the database, each step dated when it\n"
    "happened. Once: on a database that already holds them it says so,\n"
    "adds nothing and exits 0.\n",
    demo_exec,
    NULL,
    NULL,
    NULL,
};
