/*
 * editor.h - long text written in the user's editor ($VISUAL/$EDITOR).
 * The caller restores/suspends the terminal around it if it drew one.
 */
#ifndef IRT_EDITOR_H
#define IRT_EDITOR_H

#include "irt/status.h"

/*
 * Opens `command` (a shell command line, e.g. "vim" or "code --wait") on a
 * private temporary file holding `initial` (may be NULL), waits, and reads
 * the result into *out (malloc'd, trailing whitespace removed). An editor
 * that fails gives IRT_ERR_IO; an empty result IRT_ERR_CANCELLED. The
 * temporary file is removed in every case.
 */
enum irt_status editor_edit(const char *command, const char *initial,
                            char **out, struct irt_err *err);

#endif
