/*
 * sign_internal.h - what sign.c and sign_sshsig.c share (not installed).
 */
#ifndef IRT_SIGN_INTERNAL_H
#define IRT_SIGN_INTERNAL_H

#include "irt/sign.h"

/* Runs argv (argv[0] from $PATH), stdin from stdin_path (NULL: irt's own),
 * stdout to /dev/null, stderr to err_path. The exit status, 127 when it
 * could not be run, -1 when it did not exit. */
int sign_run(char *const *argv, const char *stdin_path, const char *err_path);

/* One `ssh-keygen -Y verify` of c at its time, with files in dir: 0 when
 * good; otherwise c->problem says why. */
int sign_keygen_verify(const char *allowed, const char *ns,
                       struct sign_check *c, const char *dir);

/* A private directory (mode 0700, malloc'd name) for ssh-keygen's
 * files, or NULL with err set; sign_scratch_remove removes it and frees
 * the name. */
char *sign_scratch_dir(struct irt_err *err);
void sign_scratch_remove(char *dir);

#endif
