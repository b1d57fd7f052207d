/*
 * due.h - deadlines as the views show them (deadline.h does the
 * computing): the DUE cell of a list row and the deadline lines of the
 * incident header, each with the style of its urgency (overdue, due
 * soon, missed).
 */
#ifndef IRT_TUI_DUE_H
#define IRT_TUI_DUE_H

#include <stddef.h>

#include "irt/db.h"
#include "irt/incident.h"
#include "tui/draw.h"

struct app;

/* The DUE cell for a list row ("ack 1d 4h", "fix -2h 05m overdue", "met",
 * "-") into buf, and its style. */
void due_row(struct app *app, const struct incident_row *row, char *buf,
             size_t size, enum style *st);

/* The widest DUE cell due_cell ever needs ("fix -9d 23h overdue"). */
#define DUE_FULL_COLS 20

/*
 * The DUE cell for a list row in at most `cols` display columns, into
 * buf, and its style: the longest form that fits, never a cut one. In
 * order: "ack 1d 4h" / "fix -2h 05m overdue"; "ack 1d" / "fix OVERDUE
 * 2h"; "1d" / "OVERDUE 2h"; "OVERDUE"; "!2h". With no clock running:
 * "met", "missed" ("miss" below 6 columns) or "-". cols below 3 may
 * still be too few for the shortest form.
 */
void due_cell(struct app *app, const struct incident_row *row, int cols,
              char *buf, size_t size, enum style *st);

/*
 * The deadlines of inc for the header, one short phrase per deadline
 * ("ack 1d 4h left", "fix OVERDUE by 2h 05m", "ack met"), into
 * bufs[0..1] with their styles. Returns how many were written.
 */
int due_incident(struct app *app, const struct incident *inc, char bufs[][128],
                 enum style *styles);

/* The same deadlines in full for the details pane ("remediate: open,
 * due 2027-02-26 02:54"). Returns how many were written. */
int due_details(struct app *app, const struct incident *inc, char bufs[][128]);

#endif
