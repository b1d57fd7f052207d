/*
 * view_incident.h - one incident: a header (title, severity and CVSS,
 * owner, deadlines), the stage track, and four panes: timeline (by when
 * things happened, newest or oldest first), corrective actions,
 * notifications and details (every field). One key per action.
 */
#ifndef IRT_TUI_VIEW_INCIDENT_H
#define IRT_TUI_VIEW_INCIDENT_H

#include "tui/app.h"

/* view_incident_ops.open takes the incident number (const long *). */
extern const struct view_ops view_incident_ops;

/* Opens incident id on top of the stack. Returns 0 or -1. */
int view_incident_open(struct app *app, long id);

#endif
