/*
 * sign_internal.h - what sign.c and sign_sshsig.c share (not installed).
 */
#ifndef IRT_SIGN_INTERNAL_H
#define IRT_SIGN_INTERNAL_H

#include "irt/sign.h"

/* One `ssh-keygen -Y verify` of c at its time, with files in dir: 0 when
 * good; otherwise c->problem says why. */
int sign_keygen_verify(const char *allowed, const char *ns,
                       struct sign_check *c, const char *dir);

#endif
