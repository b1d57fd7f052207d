/*
 * view_form.c - the dialog of fields behind every prompt.
 *
 * Invariants: the form owns copies of every string of its spec except
 * the choice lists (static tables); typed text is never dropped without
 * asking (Esc on a changed form asks) and, for forms with a draft key,
 * every field is saved as a draft when the terminal goes away, text the
 * editor held at that moment included.
 */
#include "tui/view_form.h"

#include <stdlib.h>
#include <string.h>

#include "irt/sanitize.h"
#include "irt/textcol.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"
#include "tui/draft.h"
#include "tui/draw.h"
#include "tui/lineedit.h"
#include "tui/provide_curses.h"
#include "tui/view_help.h"

#define MAX_INTRO_LINES 4

struct form {
	struct form_spec spec; /* strings point into owned[] */
	char *owned[4 + 2 * FORM_MAX_FIELDS];
	size_t n_owned;
	struct lineedit edit[FORM_MAX_FIELDS];
	char *initial[FORM_MAX_FIELDS];
	size_t choice[FORM_MAX_FIELDS];
	size_t initial_choice[FORM_MAX_FIELDS];
	size_t focus;
	char message[1100];
	int message_error;
	int confirming;                /* asking whether to discard */
	int selected[FORM_MAX_FIELDS]; /* the initial text is selected */
	char *suggest[FORM_MAX_FIELDS][FORM_MAX_SUGGEST + 1];
	size_t n_suggest[FORM_MAX_FIELDS];
	size_t suggest_at[FORM_MAX_FIELDS]; /* 0: none picked yet */
	char *suggest_hint[FORM_MAX_FIELDS];
};

static const char *own(struct form *f, const char *s)
{
	if (!s)
		return NULL;
	f->owned[f->n_owned] = xstrdup(s);
	return f->owned[f->n_owned++];
}

static size_t n_choices(const struct form_field *fd)
{
	size_t n = 0;

	while (fd->choices && fd->choices[n])
		n++;
	return n;
}

static int is_choice(const struct form *f, size_t i)
{
	return f->spec.fields[i].choices != NULL;
}

/* Puts a saved draft back into the fields, if there is one. */
static void restore_draft(struct form *f)
{
	char when[TIMEUTIL_BUFSZ];
	struct draft d;

	if (draft_load(f->spec.draft_key, &d) != 0) {
		draft_free(&d);
		return;
	}
	lineedit_set(&f->edit[0], d.text);
	for (size_t i = 1; i < f->spec.n_fields; i++) {
		const struct form_field *fd = &f->spec.fields[i];
		const char *value = draft_get(&d, fd->label);

		if (!value)
			continue;
		if (!is_choice(f, i)) {
			lineedit_set(&f->edit[i], value);
			continue;
		}
		for (size_t c = 0; fd->choices[c]; c++)
			if (strcmp(fd->choices[c], value) == 0)
				f->choice[i] = c;
	}
	timeutil_format_local_short(d.saved_ms, when, sizeof when);
	snprintf(f->message, sizeof f->message,
	         "Your unsent draft from %s is back: Enter records it, Esc "
	         "discards it.",
	         when);
	draft_free(&d);
}

static int form_open(struct app *app, struct view *v, const void *arg)
{
	const struct form_spec *spec = arg;
	struct form *f = xcalloc(1, sizeof *f);

	(void)app;
	f->spec = *spec;
	if (f->spec.n_fields > FORM_MAX_FIELDS)
		f->spec.n_fields = FORM_MAX_FIELDS;
	f->spec.title = own(f, spec->title);
	f->spec.intro = own(f, spec->intro);
	f->spec.submit_label =
	    own(f, spec->submit_label ? spec->submit_label : "save");
	f->spec.draft_key = own(f, spec->draft_key);
	for (size_t i = 0; i < f->spec.n_fields; i++) {
		struct form_field *fd = &f->spec.fields[i];
		const char *value = fd->value ? fd->value : "";

		fd->label = own(f, fd->label);
		fd->hint = own(f, fd->hint);
		fd->value = NULL;
		lineedit_init(&f->edit[i], is_choice(f, i) ? "" : value);
		f->initial[i] = xstrdup(is_choice(f, i) ? "" : value);
		for (size_t c = 0; fd->choices && fd->choices[c]; c++)
			if (strcmp(fd->choices[c], value) == 0)
				f->choice[i] = f->initial_choice[i] = c;
		f->selected[i] = (spec->replace_fields >> i & 1) && value[0] &&
		                 !is_choice(f, i);
		for (size_t k = 0; spec->suggest[i] && spec->suggest[i][k] &&
		                   f->n_suggest[i] < FORM_MAX_SUGGEST;
		     k++)
			f->suggest[i][f->n_suggest[i]++] =
			    xstrdup(spec->suggest[i][k]);
		f->spec.suggest[i] = NULL;
		if (f->n_suggest[i]) {
			size_t len = 64;
			char *h;

			for (size_t k = 0; k < f->n_suggest[i]; k++)
				len += strlen(f->suggest[i][k]) + 2;
			h = xmalloc(len);
			snprintf(h, len, "Recent (Ctrl-N/Ctrl-P): ");
			for (size_t k = 0; k < f->n_suggest[i]; k++) {
				if (k)
					strcat(h, ", ");
				strcat(h, f->suggest[i][k]);
			}
			f->suggest_hint[i] = h;
		}
	}
	if (f->spec.draft_key && f->spec.n_fields && !is_choice(f, 0))
		restore_draft(f);
	v->state = f;
	return 0;
}

static void form_close(struct app *app, struct view *v)
{
	struct form *f = v->state;

	(void)app;
	for (size_t i = 0; i < FORM_MAX_FIELDS; i++) {
		lineedit_free(&f->edit[i]);
		free(f->initial[i]);
		for (size_t k = 0; k < f->n_suggest[i]; k++)
			free(f->suggest[i][k]);
		free(f->suggest_hint[i]);
	}
	for (size_t i = 0; i < f->n_owned; i++)
		free(f->owned[i]);
	free(f);
}

static int form_dirty(const struct form *f)
{
	for (size_t i = 0; i < f->spec.n_fields; i++) {
		if (is_choice(f, i)) {
			if (f->choice[i] != f->initial_choice[i])
				return 1;
		} else {
			char *now = lineedit_text(&f->edit[i]);
			int changed = strcmp(now, f->initial[i]) != 0;

			free(now);
			if (changed)
				return 1;
		}
	}
	return 0;
}

static char *field_value(const struct form *f, size_t i)
{
	if (is_choice(f, i))
		return xstrdup(f->spec.fields[i].choices[f->choice[i]]);
	return lineedit_text(&f->edit[i]);
}

static void form_message(struct form *f, int error, const char *msg)
{
	snprintf(f->message, sizeof f->message, "%s", msg);
	f->message_error = error;
}

/* Returns 1 when the form was submitted and closed (v is gone). */
static int form_submit(struct app *app, struct view *v)
{
	struct form *f = v->state;
	char *values[FORM_MAX_FIELDS] = {0};
	struct irt_err err;
	enum irt_status status = IRT_OK;
	int bad = -1;

	irt_err_clear(&err);
	for (size_t i = 0; i < f->spec.n_fields; i++) {
		values[i] = field_value(f, i);
		if (status == IRT_OK && f->spec.fields[i].required &&
		    !is_choice(f, i) && lineedit_blank(&f->edit[i])) {
			status =
			    irt_err_set(&err, IRT_ERR_INVALID, "%s: required",
			                f->spec.fields[i].label);
			bad = (int)i;
		}
		if (status == IRT_OK &&
		    !sanitize_utf8_valid(values[i], strlen(values[i]))) {
			status = irt_err_set(&err, IRT_ERR_INVALID,
			                     "%s: not valid UTF-8",
			                     f->spec.fields[i].label);
			bad = (int)i;
		}
	}
	if (status == IRT_OK)
		status = f->spec.submit(app, &f->spec, values, &bad, &err);
	for (size_t i = 0; i < f->spec.n_fields; i++)
		free(values[i]);
	if (status == IRT_OK) {
		if (f->spec.draft_key) {
			draft_remove(f->spec.draft_key);
			app_changed(app); /* the draft marks go */
		}
		app_remove(app, v);
		return 1;
	}
	form_message(f, 1, err.msg[0] ? err.msg : irt_status_str(status));
	if (bad >= 0 && (size_t)bad < f->spec.n_fields)
		f->focus = (size_t)bad;
	return 0;
}

static void form_editor(struct app *app, struct form *f)
{
	struct irt_err err;
	char *initial, *text = NULL;
	enum irt_status status;

	if (is_choice(f, f->focus))
		return;
	initial = lineedit_text(&f->edit[f->focus]);
	status = app_edit_text(app, initial, &text, &err);
	free(initial);
	if (status == IRT_ERR_INTERRUPTED) {
		/* The terminal is going: what the editor held goes into the
		 * field, for the hang-up to keep with the others. */
		if (text)
			lineedit_set(&f->edit[f->focus], text);
		free(text);
		return;
	}
	if (status == IRT_OK) {
		lineedit_set(&f->edit[f->focus], text);
		form_message(f, 0, "Text from the editor; Enter records it.");
	} else {
		form_message(f, status != IRT_ERR_CANCELLED, err.msg);
	}
	free(text);
}

static void choice_key(struct form *f, int key)
{
	const struct form_field *fd = &f->spec.fields[f->focus];
	size_t n = n_choices(fd), *c = &f->choice[f->focus];

	if (n == 0)
		return;
	if (key == (APP_KEY_FN | KEY_RIGHT) || key == ' ') {
		*c = (*c + 1) % n;
	} else if (key == (APP_KEY_FN | KEY_LEFT)) {
		*c = (*c + n - 1) % n;
	} else if (key > ' ' && key < 0x7f) {
		/* The next choice that starts with the letter typed. */
		for (size_t k = 1; k <= n; k++) {
			size_t j = (*c + k) % n;

			if (fd->choices[j][0] == key) {
				*c = j;
				break;
			}
		}
	}
}

static void form_key(struct app *app, struct view *v, int key)
{
	struct form *f = v->state;
	size_t n = f->spec.n_fields;

	if (f->confirming) {
		f->confirming = 0;
		if (key == 'y' || key == 'Y') {
			if (f->spec.draft_key) {
				draft_remove(f->spec.draft_key);
				app_changed(app);
			}
			app_remove(app, v);
			return;
		}
		form_message(f, 0, "");
		return;
	}
	f->message[0] = '\0';
	f->message_error = 0;
	switch (key) {
	case APP_KEY_ESC:
		if (form_dirty(f)) {
			f->confirming = 1;
			return;
		}
		app_remove(app, v);
		return;
	case APP_KEY_ENTER:
	case APP_KEY_RETURN:
	case APP_KEY_FN | KEY_ENTER:
		form_submit(app, v);
		return;
	case APP_KEY_TAB:
	case APP_KEY_FN | KEY_DOWN:
		f->focus = (f->focus + 1) % n;
		return;
	case APP_KEY_FN | KEY_BTAB:
	case APP_KEY_FN | KEY_UP:
		f->focus = (f->focus + n - 1) % n;
		return;
	case APP_KEY_CTRL_E:
		form_editor(app, f);
		return;
	case APP_KEY_FN | KEY_F(1):
		app_push(app, &view_help_ops, v->ops);
		return;
	default:
		break;
	}
	if (is_choice(f, f->focus)) {
		choice_key(f, key);
		return;
	}
	if ((key == 14 || key == 16) && f->n_suggest[f->focus]) {
		/* Ctrl-N, Ctrl-P: the next or previous earlier value. */
		size_t n_s = f->n_suggest[f->focus],
		       *at = &f->suggest_at[f->focus];

		*at = key == 14 ? *at % n_s + 1 : (*at + n_s - 2) % n_s + 1;
		lineedit_set(&f->edit[f->focus], f->suggest[f->focus][*at - 1]);
		f->selected[f->focus] = 1;
		return;
	}
	if (f->selected[f->focus]) {
		f->selected[f->focus] = 0;
		/* Typing replaces the selected text; Backspace clears it. */
		if ((key >= ' ' && key != APP_KEY_DEL && !(key & APP_KEY_FN)) ||
		    key == APP_KEY_DEL || key == APP_KEY_CTRL_H ||
		    key == (APP_KEY_FN | KEY_BACKSPACE) ||
		    key == (APP_KEY_FN | KEY_DC)) {
			lineedit_set(&f->edit[f->focus], "");
			if (key >= ' ' && key != APP_KEY_DEL &&
			    !(key & APP_KEY_FN))
				lineedit_key(&f->edit[f->focus], key);
			return;
		}
	}
	lineedit_key(&f->edit[f->focus], key);
}

/*
 * The value of time field i to keep in a draft (malloc'd): a relative
 * time (one that means something else a day later: "-20m", "03:12",
 * "now") as the time it means now, anything else as typed.
 */
static char *kept_time(const struct form *f, size_t i)
{
	char *typed = lineedit_text(&f->edit[i]), *start = typed, *end;
	int64_t now = timeutil_now_ms(), at = 0, later = 0;
	char buf[TIMEUTIL_BUFSZ];

	while (*start == ' ' || *start == '\t')
		start++;
	end = start + strlen(start);
	while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	if (!start[0] || timeutil_parse(start, now, &at, NULL) != IRT_OK ||
	    timeutil_parse(start, now + 86400000, &later, NULL) != IRT_OK ||
	    at == later)
		return typed;
	timeutil_format_local(at, buf, sizeof buf);
	free(typed);
	return xstrdup(buf);
}

static int form_hangup(struct app *app, struct view *v)
{
	struct form *f = v->state;
	struct draft d;
	char *text;
	int rc;

	(void)app;
	if (!f->spec.draft_key || !f->spec.n_fields || is_choice(f, 0) ||
	    !form_dirty(f))
		return 0;
	draft_init(&d);
	text = lineedit_text(&f->edit[0]);
	draft_set_text(&d, text);
	free(text);
	for (size_t i = 1; i < f->spec.n_fields; i++) {
		char *value = (f->spec.time_fields >> i & 1) && !is_choice(f, i)
		                  ? kept_time(f, i)
		                  : field_value(f, i);

		draft_set(&d, f->spec.fields[i].label, value);
		free(value);
	}
	rc = draft_save(f->spec.draft_key, &d);
	draft_free(&d);
	return rc;
}

/* Typed text that leaving would lose: a changed form whose hang-up
 * does not keep it as a draft (only the note form has one). */
static int form_unsaved(const struct app *app, const struct view *v)
{
	const struct form *f = v->state;

	(void)app;
	return form_dirty(f) &&
	       (!f->spec.draft_key || !f->spec.n_fields || is_choice(f, 0));
}

/* A paste goes into the focused text field at the cursor, whole. */
static void form_paste(struct app *app, struct view *v, const wchar_t *text,
                       size_t n)
{
	struct form *f = v->state;

	(void)app;
	if (f->confirming)
		return;
	if (is_choice(f, f->focus)) {
		form_message(f, 1,
		             "A choice takes no text: Left/Right change it");
		return;
	}
	f->message[0] = '\0';
	f->message_error = 0;
	if (f->selected[f->focus]) {
		f->selected[f->focus] = 0;
		lineedit_set(&f->edit[f->focus], "");
	}
	lineedit_insert(&f->edit[f->focus], text, n);
}

static void form_draw(struct app *app, struct view *v)
{
	struct form *f = v->state;
	int w = app->cols - 4 < 78 ? app->cols - 4 : 78;
	int inner = w - 4, label_w = 0, h, y0, x0, y;
	int show_intro, intro_gap, gap = 1, key_line = 1, n_fields, avail;
	int first_field = 0;
	size_t n_intro = 0;
	char **intro = NULL;
	const char *keys;

	if (f->spec.intro)
		intro = draw_wrap(f->spec.intro, inner, &n_intro);
	for (size_t i = 0; i < f->spec.n_fields; i++) {
		/* "Label*: " */
		int lw = textcol_width(f->spec.fields[i].label) +
		         (f->spec.fields[i].required ? 3 : 2);

		if (lw > label_w)
			label_w = lw;
	}
	label_w += 1;
	if (label_w > inner / 2)
		label_w = inner / 2;
	/* What shows, giving way in a short pane in this order: the gap
	 * under the intro, the intro, the gap above the message, the key
	 * line; then the fields scroll to keep the focus in view. */
	show_intro =
	    (int)(n_intro < MAX_INTRO_LINES ? n_intro : MAX_INTRO_LINES);
	intro_gap = show_intro > 0;
	n_fields = (int)f->spec.n_fields;
	avail = app->rows - 1; /* the status line stays */
	for (;;) {
		h = 2 + show_intro + intro_gap + n_fields + gap + 1 + key_line;
		if (h <= avail)
			break;
		if (intro_gap)
			intro_gap = 0;
		else if (show_intro)
			show_intro--;
		else if (gap)
			gap = 0;
		else if (key_line)
			key_line = 0;
		else if (n_fields > 1)
			n_fields--;
		else
			break;
	}
	if ((int)f->focus >= n_fields)
		first_field = (int)f->focus - n_fields + 1;
	y0 = (app->rows - h) / 2;
	if (y0 < 1)
		y0 = h < avail ? 1 : 0;
	x0 = (app->cols - w) / 2;
	draw_box(app, y0, x0, h, w, f->spec.title);
	y = y0 + 1;
	for (int i = 0; i < show_intro; i++)
		draw_text(app, y++, x0 + 2, inner, intro[i], STYLE_NORMAL, 0);
	if (intro_gap)
		y++;
	draw_wrap_free(intro, n_intro);
	for (size_t i = (size_t)first_field;
	     i < (size_t)(first_field + n_fields); i++, y++) {
		const struct form_field *fd = &f->spec.fields[i];
		int focus = i == f->focus, x = x0 + 2 + label_w;
		int cols = inner - label_w;
		char *label =
		    xasprintf("%s%s:", fd->label, fd->required ? "*" : "");

		draw_text(app, y, x0 + 2, label_w - 1, label,
		          focus ? STYLE_BOLD : STYLE_NORMAL, 0);
		free(label);
		if (is_choice(f, i)) {
			const char *c = fd->choices[f->choice[i]];
			char *shown = xasprintf("\xe2\x97\x82 %s \xe2\x96\xb8",
			                        c[0] ? c : "(none)");

			draw_text(app, y, x, cols, shown,
			          focus ? STYLE_FOCUS : STYLE_NORMAL, 0);
			free(shown);
		} else {
			int cx;

			draw_style(app, f->selected[i] ? STYLE_SELECTED
			                               : STYLE_FIELD);
			cx = lineedit_draw(&f->edit[i], y, x, cols);
			draw_style(app, STYLE_NORMAL);
			if (focus && !f->confirming) {
				app->cursor_y = y;
				app->cursor_x = cx;
			}
		}
	}
	y += gap;
	if (f->confirming)
		draw_text(app, y, x0 + 2, inner,
		          "Discard what you typed? y discards it, any other "
		          "key keeps editing",
		          STYLE_ERROR, 0);
	else if (f->message[0])
		draw_text(app, y, x0 + 2, inner, f->message,
		          f->message_error ? STYLE_ERROR : STYLE_BOLD, 0);
	else if (f->suggest_hint[f->focus])
		draw_text(app, y, x0 + 2, inner, f->suggest_hint[f->focus],
		          STYLE_DIM, 0);
	else if (f->spec.fields[f->focus].hint)
		draw_text(app, y, x0 + 2, inner, f->spec.fields[f->focus].hint,
		          STYLE_DIM, 0);
	y++;
	if (!key_line)
		return;
	if (is_choice(f, f->focus))
		keys = f->spec.n_fields > 1
		           ? "Left/Right choose  Tab next field  Esc cancel"
		           : "Left/Right choose  Esc cancel";
	else
		keys = f->spec.n_fields > 1
		           ? "Tab next field  Ctrl-E editor  Esc cancel"
		           : "Ctrl-E editor  Esc cancel";
	{
		char *line =
		    xasprintf("Enter %s  %s", f->spec.submit_label, keys);

		draw_text(app, y, x0 + 2, inner, line, STYLE_DIM, 0);
		free(line);
	}
}

static const struct key_help form_keys[] = {
    {"(typing)", "edits the field with the cursor"},
    {"Enter", "check and submit (a refusal says why, in place)"},
    {"Tab, Down", "next field"},
    {"Shift-Tab, Up", "previous field"},
    {"Left Right, Space", "change a choice"},
    {"Ctrl-E", "edit the field in $VISUAL/$EDITOR (long text)"},
    {"(paste)", "inserts the text at the cursor, newlines and all"},
    {"Left Right, Home End", "move in a text field"},
    {"Ctrl-A Ctrl-U Ctrl-K Ctrl-W", "start of line, cut to start, cut to "
                                    "end, cut a word"},
    {"Esc", "cancel (asks first when something was typed)"},
    {NULL, NULL},
};

const struct view_ops view_form_ops = {
    .name = "form",
    .overlay = 1,
    .open = form_open,
    .draw = form_draw,
    .key = form_key,
    .close = form_close,
    .hangup = form_hangup,
    .unsaved = form_unsaved,
    .paste = form_paste,
    .keys = form_keys,
    .hint = "Enter submit  Tab next field  Ctrl-E editor  Esc cancel",
};

int view_form_open(struct app *app, const struct form_spec *spec)
{
	return app_push(app, &view_form_ops, spec);
}
