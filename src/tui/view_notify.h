/*
 * view_notify.h - the notify action: pick an audience (and recipients),
 * read the draft the notify module renders from that audience's
 * template, then send it through the configured command (recorded as
 * sent only when the command succeeds, as `irt notify --send` does),
 * record it as made by other means, or cancel.
 */
#ifndef IRT_TUI_VIEW_NOTIFY_H
#define IRT_TUI_VIEW_NOTIFY_H

#include "irt/incident.h"
#include "tui/app.h"

/* The draft page (opened by the audience form's submit). */
extern const struct view_ops view_notify_ops;

/* Starts the notify action for inc: the audience form, whose submit
 * opens the draft page. */
void view_notify_start(struct app *app, const struct incident *inc);

#endif
