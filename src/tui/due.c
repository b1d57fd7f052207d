/*
 * due.c - deadline cells for the views, from deadline.h under the
 * policy history the app holds.
 */
#include "tui/due.h"

#include <stdio.h>
#include <string.h>

#include "irt/deadline.h"
#include "irt/textcol.h"
#include "irt/timeutil.h"
#include "tui/app.h"

static enum style state_style(enum deadline_state s)
{
	switch (s) {
	case DEADLINE_OVERDUE:
		return STYLE_DUE_OVERDUE;
	case DEADLINE_DUE_SOON:
		return STYLE_DUE_SOON;
	case DEADLINE_MISSED:
		return STYLE_BAD;
	case DEADLINE_MET:
	case DEADLINE_NONE:
		return STYLE_DIM;
	default:
		return STYLE_NORMAL;
	}
}

void due_row(struct app *app, const struct incident_row *row, char *buf,
             size_t size, enum style *st)
{
	struct deadlines d;
	const struct deadline *next;

	deadline_of_row(row, &app->history, app->now_ms, &d, NULL);
	deadline_format_due(&d, app->now_ms, buf, size);
	next = deadline_next(&d);
	*st = state_style(next ? next->state : deadline_summary(&d));
}

/* The first unit of a span: "2d" of "2d 4h", "3h" of "3h 05m". */
static void coarse(int64_t ms, char *buf, size_t size)
{
	char *sp;

	timeutil_format_duration(ms, buf, size);
	sp = strchr(buf, ' ');
	if (sp)
		*sp = '\0';
}

void due_cell(struct app *app, const struct incident_row *row, int cols,
              char *buf, size_t size, enum style *st)
{
	struct deadlines d;
	const struct deadline *next;
	char forms[5][64], span[TIMEUTIL_BUFSZ];
	int n = 0;

	deadline_of_row(row, &app->history, app->now_ms, &d, NULL);
	next = deadline_next(&d);
	*st = state_style(next ? next->state : deadline_summary(&d));
	deadline_format_due(&d, app->now_ms, forms[n++], sizeof forms[0]);
	if (!next) {
		if (deadline_summary(&d) == DEADLINE_MISSED)
			snprintf(forms[n++], sizeof forms[0], "miss");
	} else if (next->state == DEADLINE_OVERDUE) {
		const char *label = deadline_kind_label(next->kind);

		coarse(app->now_ms - next->due_ms, span, sizeof span);
		snprintf(forms[n++], sizeof forms[0], "%s OVERDUE %s", label,
		         span);
		snprintf(forms[n++], sizeof forms[0], "OVERDUE %s", span);
		snprintf(forms[n++], sizeof forms[0], "OVERDUE");
		snprintf(forms[n++], sizeof forms[0], "!%s", span);
	} else {
		coarse(next->due_ms - app->now_ms, span, sizeof span);
		snprintf(forms[n++], sizeof forms[0], "%s %s",
		         deadline_kind_label(next->kind), span);
		snprintf(forms[n++], sizeof forms[0], "%s", span);
	}
	for (int i = 0; i < n; i++)
		if (textcol_width(forms[i]) <= cols || i == n - 1) {
			snprintf(buf, size, "%s", forms[i]);
			return;
		}
}

int due_incident(struct app *app, const struct incident *inc, char bufs[][128],
                 enum style *styles)
{
	struct deadlines d;
	int n = 0;

	deadline_of_incident(inc, &app->history, app->now_ms, &d, NULL);
	for (int k = 0; k < DEADLINE_KIND_COUNT; k++) {
		const struct deadline *dl = &d.item[k];
		const char *label = deadline_kind_label(dl->kind);
		char span[TIMEUTIL_BUFSZ];

		if (dl->state == DEADLINE_NONE)
			continue;
		switch (dl->state) {
		case DEADLINE_MET:
		case DEADLINE_MISSED:
			snprintf(bufs[n], 128, "%s %s", label,
			         deadline_state_name(dl->state));
			break;
		case DEADLINE_OVERDUE:
			timeutil_format_duration(app->now_ms - dl->due_ms, span,
			                         sizeof span);
			snprintf(bufs[n], 128, "%s OVERDUE by %s", label, span);
			break;
		default:
			timeutil_format_duration(dl->due_ms - app->now_ms, span,
			                         sizeof span);
			snprintf(bufs[n], 128, "%s %s left", label, span);
			break;
		}
		styles[n++] = state_style(dl->state);
	}
	return n;
}

int due_details(struct app *app, const struct incident *inc, char bufs[][128])
{
	struct deadlines d;
	int n = 0;

	deadline_of_incident(inc, &app->history, app->now_ms, &d, NULL);
	for (int k = 0; k < DEADLINE_KIND_COUNT; k++) {
		const struct deadline *dl = &d.item[k];
		char due[TIMEUTIL_BUFSZ], stopped[TIMEUTIL_BUFSZ];

		if (dl->state == DEADLINE_NONE)
			continue;
		timeutil_format_local_short(dl->due_ms, due, sizeof due);
		if (dl->stopped_ms) {
			timeutil_format_local_short(dl->stopped_ms, stopped,
			                            sizeof stopped);
			snprintf(bufs[n++], 128, "%s: %s, due %s, stopped %s",
			         deadline_kind_name(dl->kind),
			         deadline_state_name(dl->state), due, stopped);
		} else {
			snprintf(bufs[n++], 128, "%s: %s, due %s",
			         deadline_kind_name(dl->kind),
			         deadline_state_name(dl->state), due);
		}
	}
	return n;
}
