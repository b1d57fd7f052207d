/*
 * forms.h - the prompts behind the list's and the incident view's action
 * keys: each opens a form (view_form.h) or a menu prefilled from the
 * incident, and records what is submitted through the tracker, the same
 * functions the command line uses. Errors (invalid input, a busy
 * database) keep the form open with the reason; success reloads every
 * view and says what was done on the status line.
 */
#ifndef IRT_TUI_FORMS_H
#define IRT_TUI_FORMS_H

#include <stdint.h>

#include "irt/incident.h"
#include "irt/status.h"
#include "tui/app.h"
#include "tui/view_form.h"

/* The "When" field every form that records something ends with: blank is
 * now, else a time as timeutil_parse_record() reads it (03:12 is the most
 * recent 03:12 not in the future). */
struct form_field forms_when_field(void);

/* The time typed in field i of a submitted form (blank: 0, now); on a
 * time that does not parse *bad = i and err says why. */
enum irt_status forms_when(char *const *v, int i, int64_t *at_ms, int *bad,
                           struct irt_err *err);

/* New incident: title, severity (level or CVSS vector), owner,
 * description, source, reporter, component, when it was reported.
 * Opens the incident created. */
void forms_new_incident(struct app *app);

/* A note (one line; Ctrl-E for the editor), with an optional back-dated
 * time and a kind (note, observation, decision, action, comms). An
 * unsent draft for the incident is offered back. */
void forms_note(struct app *app, const struct incident *inc);

/* A note written in $VISUAL/$EDITOR straight away. */
void forms_note_editor(struct app *app, const struct incident *inc);

/* The owner of a stage (the current one by default). */
void forms_owner(struct app *app, const struct incident *inc);

/* The severity: a level or a CVSS vector. */
void forms_severity(struct app *app, const struct incident *inc);

/* Which field to edit (a menu), then its value. */
void forms_field_menu(struct app *app, const struct incident *inc);

/* The field the current stage's gate (or, in notify, the customers'
 * message) still wants, straight into its form; the field picker when
 * the stage wants none. */
void forms_field_next(struct app *app, const struct incident *inc);

/* The value of one field. */
void forms_field(struct app *app, const struct incident *inc, enum field f);

/* Close with a resolution and a reason. */
void forms_close(struct app *app, const struct incident *inc);

/* Reopen with a reason. */
void forms_reopen(struct app *app, const struct incident *inc);

/* A corrective action: title, type, owner, due date. */
void forms_action(struct app *app, const struct incident *inc);

/* Marks action n done (no form). */
void forms_action_done(struct app *app, const struct incident *inc, long n);

/* Records that no corrective action is needed, with the reason. */
void forms_actions_none(struct app *app, const struct incident *inc);

/* A notification made by other means: audience, channel, recipients. */
void forms_notification(struct app *app, const struct incident *inc);

/* Acknowledges the report now (no form). */
void forms_ack(struct app *app, const struct incident *inc);

/* Export: a format (md, html, json, csv) and a file (default
 * ./incident-N.EXT), written atomically (export_save_file); the status
 * line says where and how many bytes, or why not. */
void forms_export(struct app *app, const struct incident *inc);

#endif
