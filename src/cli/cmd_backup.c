/*
 * cmd_backup.c - the database itself: `irt init [PATH]` creates it (and
 * with --roles, on a server, its roles), `irt backup FILE` makes a
 * consistent online copy, safe while other irt processes write: of an
 * SQLite file, SQLite's online backup; of a server, its whole record
 * copied into a new SQLite file as `irt copy` does, verified.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "irt/config.h"
#include "irt/copy.h"
#include "irt/db.h"
#include "irt/xalloc.h"

/* `init --roles`: the server's roles, as the schema owner. */
static int init_roles(const char *path)
{
	struct irt_err err;
	struct db *db;
	int created;

	if (!db_is_server(path)) {
		cli_error("--roles is for a PostgreSQL server (--db "
		          "postgresql://... or pg:SERVICE): %s is an SQLite "
		          "file, which has no database roles (its file mode, "
		          "0600, says who may use it); nothing was done",
		          path);
		return 2;
	}
	if (db_open(path, DB_OPEN_CREATE, &db, &err) != IRT_OK)
		return cli_fail(&err);
	if (db_roles(db, &created, &err) != IRT_OK) {
		db_close(db);
		return cli_fail(&err);
	}
	db_close(db);
	printf("%s the roles irt_responder (reads and appends) and "
	       "irt_auditor (reads only) on %s, with their grants; give "
	       "each person one:\n"
	       "  CREATE ROLE alice LOGIN IN ROLE irt_responder;\n"
	       "  CREATE ROLE audrey LOGIN IN ROLE irt_auditor;\n",
	       created ? "created" : "updated", path);
	return 0;
}

/* --roles has no short form: its value is not a letter getopt knows. */
enum { OPT_ROLES = CLI_OPT_FIRST_FREE };

static const struct cli_opt init_opts[] = {
    {"roles", 0, CLI_ARG_NONE, OPT_ROLES}, {0}};
static const enum cli_arg init_args[] = {CLI_ARG_DB, CLI_ARG_NONE};

static int init_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct irt_err err;
	struct db *db;
	char *path;
	int c, existed, roles = 0, rc;

	while ((c = cli_getopt(ctx, &cli_cmd_init, argc, argv)) != -1) {
		if (c == OPT_ROLES)
			roles = 1;
		else
			return c == 'h' ? 0 : 2;
	}
	if (optind + 1 < argc)
		return cli_usage(&cli_cmd_init, "one PATH at most");
	if (config_db_path(optind < argc ? argv[optind] : ctx->db_path, &path,
	                   &err) != IRT_OK)
		return cli_fail(&err);
	if (roles) {
		rc = init_roles(path);
		free(path);
		return rc;
	}
	/* Whether irt's database is there already: a file, or a server's
	 * database with the schema irt (opened read-only, so nothing is
	 * made by asking). */
	existed = db_open(path, DB_OPEN_READONLY, &db, &err) == IRT_OK;
	if (existed)
		db_close(db);
	if (db_open(path, DB_OPEN_CREATE, &db, &err) != IRT_OK) {
		free(path);
		return cli_fail(&err);
	}
	db_close(db);
	if (existed)
		fprintf(stderr, "irt: %s is already an irt database\n", path);
	free(path);
	return 0;
}

const struct cli_cmd cli_cmd_init = {
    "init",
    "[PATH] [--roles]",
    "Create an empty database (at PATH, --db, $IRT_DB or the default)",
    "  PATH     where to create it (default: --db, $IRT_DB, else\n"
    "           $XDG_DATA_HOME/irt/irt.db); missing folders are made\n"
    "           (0700), the file is 0600. An irt database already there\n"
    "           is left as it is. Commands that only read never create a\n"
    "           database; the first change, the terminal interface and\n"
    "           this command do. A PostgreSQL URI (postgresql://...,\n"
    "           pg:SERVICE) gets irt's schema.\n"
    "  --roles  on a PostgreSQL server, run as the schema owner: create\n"
    "           the group roles irt_responder (may read and append, never\n"
    "           rewrite) and irt_auditor (may only read) and grant them\n"
    "           exactly that (data/pg/roles.sql); again after an upgrade.\n"
    "           Refused on an SQLite file.\n",
    init_exec,
    init_opts,
    init_args,
    NULL,
};

/* A server's backup: its record copied (copy_run) into a new SQLite
 * file beside FILE, which replaces FILE only once it verifies. */
static enum irt_status server_backup(struct db *src, const char *file,
                                     struct irt_err *err)
{
	char *tmp = xasprintf("%s.tmp-XXXXXX", file);
	struct copy_outcome outcome;
	struct verify_report report;
	struct db *dst = NULL;
	enum irt_status status;
	int fd = mkstemp(tmp);

	if (fd < 0) {
		status = irt_err_set(err, IRT_ERR_IO, "cannot create %s: %s",
		                     tmp, strerror(errno));
		free(tmp);
		return status;
	}
	close(fd);
	status = db_open(tmp, DB_OPEN_CREATE, &dst, err);
	if (status == IRT_OK) {
		status = copy_run(src, dst, &outcome, &report, err);
		if (status != IRT_OK)
			cli_verify_print(&report);
		verify_report_free(&report);
	}
	db_close(dst);
	if (status == IRT_OK && rename(tmp, file) != 0)
		status =
		    irt_err_set(err, IRT_ERR_IO, "cannot rename %s to %s: %s",
		                tmp, file, strerror(errno));
	if (status != IRT_OK) {
		unlink(tmp);
		/* SQLite's files beside it, had it made them. */
		for (int i = 0; i < 2; i++) {
			char *side =
			    xasprintf("%s%s", tmp, i ? "-shm" : "-wal");

			unlink(side);
			free(side);
		}
	}
	free(tmp);
	return status;
}

static const enum cli_arg file_args[] = {CLI_ARG_FILE, CLI_ARG_NONE};

static int backup_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct irt_err err;
	struct db *db;
	int c;

	while ((c = cli_getopt(ctx, &cli_cmd_backup, argc, argv)) != -1)
		return c == 'h' ? 0 : 2;
	if (optind + 1 != argc)
		return cli_usage(&cli_cmd_backup, "give one FILE");
	if (cli_db_read(ctx, &db, &err) != IRT_OK)
		return cli_fail(&err);
	if (db_is_server(db_path(db))
	        ? server_backup(db, argv[optind], &err) != IRT_OK
	        : db_backup(db, argv[optind], &err) != IRT_OK)
		return cli_fail(&err);
	return 0;
}

const struct cli_cmd cli_cmd_backup = {
    "backup",
    "FILE",
    "Write a consistent copy of the database to FILE (online)",
    "Copies the whole database with SQLite's backup API while other irt\n"
    "processes keep working. FILE appears only once the copy is complete.\n"
    "To restore: stop irt, check the copy with 'irt --db FILE verify',\n"
    "then move FILE to the database path (removing any -wal and -shm\n"
    "files left beside the old database).\n",
    backup_exec,
    NULL,
    file_args,
    NULL,
};
