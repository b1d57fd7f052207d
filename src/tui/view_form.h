/*
 * view_form.h - a dialog of labelled fields (free text or a choice), used
 * for every prompt: a new incident, a note, a field, the owner, the
 * severity, closing, reopening, a corrective action...
 *
 * Keys: typing edits the focused field; Tab/Down and Shift-Tab/Up move
 * between fields; Left/Right (or Space) change a choice; Ctrl-E opens
 * $VISUAL/$EDITOR on the focused text field; a paste goes into the
 * focused text field whole; Enter checks and submits; Esc cancels,
 * asking first when something was typed. A refused submit keeps the form
 * open with the reason shown and the cursor on the field to fix
 * (validation in place).
 */
#ifndef IRT_TUI_VIEW_FORM_H
#define IRT_TUI_VIEW_FORM_H

#include "irt/status.h"
#include "tui/app.h"

#define FORM_MAX_FIELDS 8

struct form_field {
	const char *label;
	const char *value;          /* initial text or choice (copied) */
	const char *const *choices; /* NULL-terminated, or NULL: free text */
	int required;
	const char *hint; /* shown while the field has the focus */
};

#define FORM_MAX_SUGGEST 8

struct form_spec {
	const char *title;
	const char *intro; /* a line or two above the fields, or NULL */
	struct form_field fields[FORM_MAX_FIELDS];
	size_t n_fields;
	const char *submit_label; /* "create", "record", ... */
	long id;                  /* the incident it is about (0: none) */
	long n;                   /* e.g. an action number */
	/* When set (an incident UUID): what was typed (field 0 as the main
	 * text, the others by label) is kept as a draft (draft.h) when the
	 * terminal goes away, a saved draft is offered back on open, and
	 * field 0 must be a text field. */
	const char *draft_key;
	/* Bit i set: field i is a time as timeutil_parse() reads it, which a
	 * draft keeps as the time it meant when it was saved when it is a
	 * relative one ("-20m", "03:12"). */
	unsigned time_fields;
	/* Bit i set: field i's initial text is selected, so the first
	 * character typed replaces it (Backspace clears it; a movement key
	 * keeps it for editing). */
	unsigned replace_fields;
	/* Earlier values to offer for field i (NULL-terminated, copied; at
	 * most FORM_MAX_SUGGEST), or NULL: Ctrl-N and Ctrl-P put the next
	 * or previous one in the field, and its hint lists them. */
	const char *const *suggest[FORM_MAX_FIELDS];
	/*
	 * Records the values (one per field; a choice as its text). On
	 * failure returns the status with err set and *bad_field the field
	 * to fix (or -1); the form stays open. On success the form closes;
	 * the callback may push another view first.
	 */
	enum irt_status (*submit)(struct app *app, const struct form_spec *spec,
	                          char *const *values, int *bad_field,
	                          struct irt_err *err);
};

/* What view_form_ops.open takes: a struct form_spec (copied). */
extern const struct view_ops view_form_ops;

/* Opens a form: app_push(app, &view_form_ops, spec). */
int view_form_open(struct app *app, const struct form_spec *spec);

#endif
