/*
 * view_gate.h - the gate checklist shown when advancing: every item of
 * the current stage's exit gate, met or not. Enter advances (the tracker
 * checks the gate again and refuses with the unmet items); f asks for a
 * reason and forces the advance (the reason and the unmet items are
 * recorded); Esc cancels.
 */
#ifndef IRT_TUI_VIEW_GATE_H
#define IRT_TUI_VIEW_GATE_H

#include "irt/incident.h"
#include "tui/app.h"

/* What view_gate_ops.open takes: the incident number (const long *). */
extern const struct view_ops view_gate_ops;

/*
 * The key that meets item i of gate report r ("s", "o", "K",
 * "e", "m", "A/X") and a short name for it ("severity"); both static.
 * Returns 0, or -1 when there is no such item.
 */
int view_gate_item_key(const struct gate_report *r, size_t i, const char **key,
                       const char **name);

/*
 * Draws, on row y of the incident view, the current stage's gate as a
 * checklist, unmet items first, each with the key that meets it
 * ("Next: [ ] s severity  [ ] K acknowledge  [x] o owner"), or "All met:
 * a advances to contain"; in the notify stage, the customer-facing
 * fields the customers' message still lacks. policy is the one in force.
 */
void view_gate_draw_next(struct app *app, const struct incident *inc, int y);

/*
 * The incident view's key hint for inc: the keys of the unmet gate
 * items first, then a, then the keys of the pane shown (pane: 0
 * timeline, 1 actions, 2 notifications, 3 details). Into buf (n bytes).
 */
void view_gate_hint(struct app *app, const struct incident *inc, int pane,
                    char *buf, size_t n);

#endif
