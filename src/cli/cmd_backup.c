/*
 * cmd_backup.c - `irt backup FILE`: a consistent online copy of the
 * database, safe while other irt processes write.
 */
#include "cli/cli.h"
#include "cli/commands.h"
#include "irt/db.h"

static int backup_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct irt_err err;
	struct db *db;
	int c;

	while ((c = cli_getopt(ctx, &cli_cmd_backup, argc, argv, "", NULL)) !=
	       -1)
		return c == 'h' ? 0 : 2;
	if (optind + 1 != argc)
		return cli_usage(&cli_cmd_backup, "give one FILE");
	if (cli_db(ctx, &db, &err) != IRT_OK ||
	    db_backup(db, argv[optind], &err) != IRT_OK)
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
};
