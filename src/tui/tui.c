/*
 * tui.c - entry point of the terminal interface.
 */
#include "tui/tui.h"

#include <stdio.h>

int tui_main(struct cli_ctx *ctx)
{
	(void)ctx;
	fprintf(stderr, "irt: the terminal interface is not built yet; "
			"'irt help' lists the commands\n");
	return 1;
}
