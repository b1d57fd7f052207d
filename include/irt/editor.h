/*
 * editor.h - long text written in the user's editor ($VISUAL/$EDITOR).
 * The caller restores/suspends the terminal around it if it drew one.
 *
 * editor_edit() does it all in one call. A caller that must not lose
 * what is being written when it is told to stop (the TUI on a hang-up)
 * takes the steps itself: editor_start(), editor_wait() with a stop
 * flag, then editor_stop() and editor_read() for what the file holds,
 * and editor_end() (keeping the file until the text is safe elsewhere).
 */
#ifndef IRT_EDITOR_H
#define IRT_EDITOR_H

#include <signal.h>

#include "irt/status.h"

/* An editor running on a temporary file. */
struct editor_run {
	char *path;      /* the temporary file (malloc'd), or NULL */
	const char *cmd; /* the command (the caller's string) */
	long pid;        /* the editor while it runs, else 0 */
};

/*
 * Opens `command` (a shell command line, e.g. "vim" or "code --wait") on a
 * private temporary file holding `initial` (may be NULL), waits, and reads
 * the result into *out (malloc'd, trailing whitespace removed). An editor
 * that fails gives IRT_ERR_IO; an empty result IRT_ERR_CANCELLED. The
 * temporary file is removed in every case.
 */
enum irt_status editor_edit(const char *command, const char *initial,
                            char **out, struct irt_err *err);

/*
 * Writes initial (may be NULL) to a new private temporary file (mode
 * 0600, in $TMPDIR or /tmp) and starts command on it. run is filled in
 * every case; call editor_end() on it afterwards. Returns IRT_OK, or
 * IRT_ERR_IO when the file cannot be made or the editor started.
 */
enum irt_status editor_start(struct editor_run *run, const char *command,
                             const char *initial, struct irt_err *err);

/*
 * Waits for the editor to exit: IRT_OK when it exited with status 0,
 * IRT_ERR_IO when it failed. With stop (may be NULL: wait however long)
 * it also returns IRT_ERR_INTERRUPTED as soon as *stop is non-zero (a
 * flag a signal handler sets; there is no window in which a signal is
 * missed), leaving the editor running, or when *stop is set by the time
 * the editor has ended (a hang-up ends both). Other signals that
 * interrupt the wait are handled by their handlers and the wait goes
 * on.
 */
enum irt_status editor_wait(struct editor_run *run,
                            const volatile sig_atomic_t *stop,
                            struct irt_err *err);

/* Sends a still-running editor signal sig and waits up to wait_ms for
 * it to end (it is left alone if it does not). */
void editor_stop(struct editor_run *run, int sig, int wait_ms);

/*
 * What the file holds now (malloc'd into *out, trailing whitespace
 * removed). IRT_ERR_CANCELLED when that is nothing, IRT_ERR_IO when the
 * file cannot be read; *out is then NULL.
 */
enum irt_status editor_read(const struct editor_run *run, char **out,
                            struct irt_err *err);

/* Removes the temporary file (unless the caller took run->path, setting
 * it to NULL) and frees what run holds. An editor that still runs (one
 * editor_stop() could not end) is left alone. */
void editor_end(struct editor_run *run);

#endif
