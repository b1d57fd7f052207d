/*
 * main.c - the process entry point of irt and irt-test: all of the
 * command line is cli_main() (src/cli/main.c), so that the command table
 * can be linked into tests without a second main().
 */
#include "cli/commands.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
