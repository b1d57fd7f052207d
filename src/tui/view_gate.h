/*
 * view_gate.h - the gate checklist shown when advancing: every item of
 * the current stage's exit gate, met or not. Enter advances (the tracker
 * checks the gate again and refuses with the unmet items); f asks for a
 * reason and forces the advance (the reason and the unmet items are
 * recorded); Esc cancels.
 */
#ifndef IRT_TUI_VIEW_GATE_H
#define IRT_TUI_VIEW_GATE_H

#include "tui/app.h"

/* What view_gate_ops.open takes: the incident number (const long *). */
extern const struct view_ops view_gate_ops;

#endif
