/*
 * draft.h - notes that were being typed when the terminal went away
 * (SIGHUP, SIGTERM), kept until the note editor for the same incident
 * offers them back and they are recorded or discarded. One file per
 * incident: $XDG_DATA_HOME/irt/drafts/<incident uuid>.txt, mode 0600, in a
 * 0700 directory.
 */
#ifndef IRT_TUI_DRAFT_H
#define IRT_TUI_DRAFT_H

#include <stdint.h>

/* Saves text as the draft for key (an incident UUID), replacing any
 * earlier one, written in full before it replaces it. Returns 0 or -1. */
int draft_save(const char *key, const char *text);

/* The draft for key (malloc'd), or NULL when there is none; *saved_ms
 * (may be NULL) gets when it was saved. */
char *draft_load(const char *key, int64_t *saved_ms);

/* Removes the draft for key, if any. */
void draft_remove(const char *key);

#endif
