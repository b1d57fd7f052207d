/*
 * proc.h - running the programs irt hands work to (openssl, a
 * time-stamp command the user names, tsa.h; ssh-keygen, sign.h), with
 * files for their input and output, in private scratch directories.
 *
 * A scratch directory is made mode 0700 under $TMPDIR (else /tmp) and
 * holds only plain files; proc_scratch_remove removes them and it.
 * Nothing here keeps state between calls.
 */
#ifndef IRT_PROC_H
#define IRT_PROC_H

#include <stddef.h>
#include <stdint.h>

#include "irt/status.h"

/*
 * Runs argv (argv[0] looked up in $PATH) and waits for it: standard
 * input from in_path (NULL: irt's own), standard output to out_path and
 * standard error to err_path (each created mode 0600, or NULL:
 * /dev/null). Returns its exit status, 127 when it could not be run (or
 * in_path not opened), -1 when it did not exit (killed by a signal).
 */
int proc_run(char *const *argv, const char *in_path, const char *out_path,
             const char *err_path);

/* A program run with a time limit (proc_run_bounded): a hook. */
struct proc_spec {
	char *const *argv;   /* argv[0] a path, run as it is (no $PATH) */
	char *const *env;    /* "NAME=VALUE" added to the environment, NULL-
	                      * terminated; or NULL */
	const char *in_path; /* standard input; NULL: /dev/null */
	int out_fd;          /* standard output and error; -1: /dev/null */
	int64_t timeout_ms;  /* > 0 */
};

/* How it ended. */
struct proc_outcome {
	int exit_status; /* when it exited (signal and not_run 0) */
	int signal;      /* the signal that ended it, or 0 */
	int timed_out;   /* it ran past the timeout and was killed */
	int not_run;     /* errno of the failed fork or exec, or 0 */
	int64_t ms;      /* how long it ran */
};

/*
 * Runs spec->argv in a process group of its own and waits at most
 * spec->timeout_ms for it. Past that, the whole group gets SIGTERM, and
 * SIGKILL when the program has not ended within PROC_GRACE_MS (or when it
 * has, for what it left behind). Signals the caller ignores or blocks
 * are restored to their defaults in the child. Fills *out; never fails
 * otherwise.
 */
#define PROC_GRACE_MS 1000
void proc_run_bounded(const struct proc_spec *spec, struct proc_outcome *out);

/* A new private directory "$TMPDIR/irt-WHAT.XXXXXX" (malloc'd), or NULL
 * with err saying why. */
char *proc_scratch_dir(const char *what, struct irt_err *err);

/* Removes every file in dir, then dir, and frees dir. NULL is fine. */
void proc_scratch_remove(char *dir);

/* Writes len bytes to path (created 0600, truncated). 0, or -1 with
 * errno set. */
int proc_write_file(const char *path, const void *data, size_t len);

/*
 * The whole file at path, malloc'd and NUL-terminated (the NUL not
 * counted in *len, which may be NULL), or NULL when it cannot be read
 * or holds more than max bytes.
 */
char *proc_read_file(const char *path, size_t max, size_t *len);

#endif
