/*
 * view_cvss.h - the CVSS calculator: every metric of a CVSS version
 * (v3.1 by default, v4.0 and v3.0 a key away) with its allowed values;
 * the score, band and normalised vector follow every pick, as
 * cvss_score() computes them. Enter stores the vector on the incident
 * (tracker_severity); Esc cancels, asking first when something changed.
 */
#ifndef IRT_TUI_VIEW_CVSS_H
#define IRT_TUI_VIEW_CVSS_H

#include "irt/incident.h"
#include "tui/app.h"

/* view_cvss_ops.open takes the incident (const struct incident *); it
 * starts from the incident's vector when it has one. */
extern const struct view_ops view_cvss_ops;

/* Opens the calculator for inc on top of the stack. Returns 0 or -1. */
int view_cvss_open(struct app *app, const struct incident *inc);

#endif
