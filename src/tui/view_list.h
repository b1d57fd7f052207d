/*
 * view_list.h - the incident list, irt's home screen: number, severity,
 * stage, title, owner, age and the time left to the next deadline, for
 * open, all or closed incidents, filtered by text and sorted four ways.
 * The empty database shows how to begin.
 */
#ifndef IRT_TUI_VIEW_LIST_H
#define IRT_TUI_VIEW_LIST_H

#include "tui/app.h"

/* view_list_ops.open takes NULL. */
extern const struct view_ops view_list_ops;

#endif
