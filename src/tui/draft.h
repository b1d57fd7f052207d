/*
 * draft.h - what was being typed in a form (a note, its When and its
 * Kind) when the terminal went away (SIGHUP, SIGTERM, Ctrl-C), kept until
 * the form for the same incident offers it back and it is recorded or
 * discarded. One file per incident: $XDG_DATA_HOME/irt/drafts/<incident
 * uuid>.txt, mode 0600, in a 0700 directory, written whole before it
 * replaces the last one. The file is text a person can read:
 *
 *     irt draft 1
 *     When: 2026-11-29 03:12:00 +01:00
 *     Kind: decision
 *
 *     The note as typed, on as many lines as it has.
 *
 * a first line naming the format, a line "Label: value" for each field
 * but the main one (a backslash, CR and newline in a value written as
 * \\, \r and \n), a blank line, and the main text as it is. A file
 * without that first line (from an earlier irt) is all main text.
 */
#ifndef IRT_TUI_DRAFT_H
#define IRT_TUI_DRAFT_H

#include <stddef.h>
#include <stdint.h>

#define DRAFT_MAX_FIELDS 8

struct draft {
	char *text; /* the main text (malloc'd), or NULL: none */
	size_t n_fields;
	char *label[DRAFT_MAX_FIELDS]; /* the other fields (malloc'd) */
	char *value[DRAFT_MAX_FIELDS];
	int64_t saved_ms; /* when it was saved (draft_load) */
};

/* Starts d empty. */
void draft_init(struct draft *d);

/* Frees what d holds and leaves it empty; d may be NULL. */
void draft_free(struct draft *d);

/* Sets the main text (copied). */
void draft_set_text(struct draft *d, const char *text);

/* Adds field label with value (both copied), replacing one of the same
 * label; beyond DRAFT_MAX_FIELDS fields it is left out. */
void draft_set(struct draft *d, const char *label, const char *value);

/* The value of field label, or NULL. */
const char *draft_get(const struct draft *d, const char *label);

/* Saves d as the draft for key (an incident UUID), replacing any earlier
 * one, written in full before it replaces it. Returns 0 or -1. */
int draft_save(const char *key, const struct draft *d);

/* Loads the draft for key into d (which need not be initialised: it is
 * filled afresh; draft_free it either way). Returns 0, or -1 when there
 * is none. */
int draft_load(const char *key, struct draft *d);

/* Whether a draft for key is waiting (without reading it). */
int draft_exists(const char *key);

/* Removes the draft for key, if any. */
void draft_remove(const char *key);

#endif
