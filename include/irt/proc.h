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
