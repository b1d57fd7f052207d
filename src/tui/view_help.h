/*
 * view_help.h - the help page: every key of the view it was opened from
 * (the arg of open is that view's `const struct view_ops *`), then the
 * keys that work everywhere.
 */
#ifndef IRT_TUI_VIEW_HELP_H
#define IRT_TUI_VIEW_HELP_H

#include "tui/app.h"

extern const struct view_ops view_help_ops;

#endif
