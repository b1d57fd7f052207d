/*
 * view_notify.c - the notify action: the audience form, the draft page,
 * and sending or recording what it shows.
 *
 * The draft is rendered once, by notify_render() on a fresh export of
 * the incident, when the audience form is submitted; the page owns it
 * and shows it in the pager. Sending follows `irt notify --send` step by
 * step: no recipients, no send; the message goes to the [notify] command
 * of the config file (default "sendmail -t -oi"); the attempt is recorded
 * with the command's exit status, as "sent" only when it exited 0 and as
 * "failed" otherwise (the notify gate does not count a failed one); a
 * command that cannot be started records nothing. Recording a
 * notification made by other means is a form prefilled from the draft.
 */
#include "tui/view_notify.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "irt/config.h"
#include "irt/export.h"
#include "irt/notify.h"
#include "irt/timeutil.h"
#include "irt/tracker.h"
#include "irt/xalloc.h"
#include "tui/forms.h"
#include "tui/provide_curses.h"
#include "tui/view_form.h"
#include "tui/view_help.h"
#include "tui/view_pager.h"

#define MAX_TO 64

static const char *const audiences[] = {"platform", "customers", "internal",
                                        "reporter", NULL};

/* What the draft page opens with; the draft moves into the page. */
struct notify_arg {
	long id;
	enum audience audience;
	struct notify_draft *draft;
};

struct notify_page {
	long id;
	enum audience audience;
	struct notify_draft draft;
	struct pager pager;
	int confirming; /* asked whether to send */
};

/*
 * Splits text (changed in place) at commas and blanks into at most max
 * recipients in list. Returns how many, or -1 when there are more.
 */
static int split_recipients(char *text, const char **list, size_t max)
{
	char *save = NULL;
	size_t n = 0;

	for (char *tok = strtok_r(text, ", \t", &save); tok;
	     tok = strtok_r(NULL, ", \t", &save)) {
		if (n == max)
			return -1;
		list[n++] = tok;
	}
	return (int)n;
}

/* The recipients, comma-separated (malloc'd). */
static char *join_recipients(const struct notify_draft *d)
{
	size_t len = 1;
	char *out;

	for (size_t i = 0; i < d->n_to; i++)
		len += strlen(d->to[i]) + 2;
	out = xmalloc(len);
	out[0] = '\0';
	for (size_t i = 0; i < d->n_to; i++) {
		if (i)
			strcat(out, ", ");
		strcat(out, d->to[i]);
	}
	return out;
}

static const char *send_command(const struct app *app)
{
	return config_notify_command(app->ctx ? app->ctx->config : NULL);
}

/* Takes every draft page off the stack (after the notification is
 * recorded, from the form above it). */
static void remove_pages(struct app *app)
{
	for (size_t i = app->n_views; i-- > 0;)
		if (app->views[i]->ops == &view_notify_ops)
			app_remove(app, app->views[i]);
}

/* ---- editing the draft -------------------------------------------- */

/*
 * Opens the draft in $VISUAL/$EDITOR; what the editor leaves becomes the
 * message (and its Subject and To headers the subject and recipients).
 * A failing editor leaves the draft as it was and says so. Returns 0, or
 * -1 when the terminal is going away (the loop ends next).
 */
static int edit_draft(struct app *app, struct notify_draft *d)
{
	struct irt_err err;
	char *text = NULL;
	enum irt_status status = app_edit_text(app, d->message, &text, &err);

	if (status == IRT_ERR_INTERRUPTED) {
		free(text);
		return -1;
	}
	if (status == IRT_OK)
		status = notify_draft_set_message(d, text, &err);
	free(text);
	if (status != IRT_OK) {
		app_status(app,
		           "%.600s: the draft is as rendered; e edits it, s "
		           "sends it as shown",
		           err.msg);
		app->status_error = 1;
		return 0;
	}
	app_status(app, "Your edited draft: s sends it, r records it, e "
	                "edits it again, q cancels");
	return 0;
}

/* ---- the audience form -------------------------------------------- */

/* Its fields: the recipients first, since the audience offered is
 * usually the one wanted and the recipients are what is typed. */
enum { AUD_TO, AUD_AUDIENCE, AUD_COUNT };

static enum irt_status submit_audience(struct app *app,
                                       const struct form_spec *spec,
                                       char *const *v, int *bad,
                                       struct irt_err *err)
{
	struct export_doc doc;
	struct notify_draft draft = {0};
	struct notify_arg arg;
	const char *to[MAX_TO];
	char *list = xstrdup(v[AUD_TO]);
	int n_to = split_recipients(list, to, MAX_TO);
	int a = audience_parse(v[AUD_AUDIENCE]);
	enum irt_status status;

	if (n_to < 0 || a < 0) {
		free(list);
		*bad = n_to < 0 ? AUD_TO : AUD_AUDIENCE;
		if (n_to < 0)
			return irt_err_set(err, IRT_ERR_INVALID,
			                   "at most %d recipients", MAX_TO);
		return irt_err_set(err, IRT_ERR_INVALID, "unknown audience");
	}
	status = export_load(app->db, spec->id, timeutil_now_ms(), &doc, err);
	if (status == IRT_OK)
		status = notify_render(&doc, (enum audience)a, to, (size_t)n_to,
		                       app->tracker.actor, &draft, err);
	export_doc_free(&doc);
	free(list);
	if (status != IRT_OK) {
		if (status == IRT_ERR_INVALID && n_to > 0)
			*bad = AUD_TO;
		notify_draft_free(&draft);
		return status;
	}
	/* A person reads and edits the message before anything is sent
	 * or recorded; what is sent is what they leave. */
	if (edit_draft(app, &draft) != 0) {
		notify_draft_free(&draft);
		return IRT_OK;
	}
	arg = (struct notify_arg){spec->id, (enum audience)a, &draft};
	app_push(app, &view_notify_ops, &arg);
	notify_draft_free(&draft); /* empty unless the page did not open */
	return IRT_OK;
}

void view_notify_start(struct app *app, const struct incident *inc)
{
	struct form_spec spec = {
	    .n_fields = AUD_COUNT,
	    .submit_label = "show the draft",
	    .id = inc->id,
	    .submit = submit_audience,
	};
	const char *audience = audience_name(AUDIENCE_PLATFORM);
	char *title = xasprintf("Notify for #%ld", inc->id);

	/* The first audience the policy still wants told. */
	for (int a = AUDIENCE_COUNT; a-- > 0;)
		if (policy_requires(&app->policy, inc->severity,
		                    (enum audience)a) &&
		    !incident_notified(inc, (enum audience)a))
			audience = audience_name((enum audience)a);
	spec.title = title;
	spec.intro = "The draft comes from the audience's template; next you "
	             "send it, record it as made by other means, or cancel.";
	spec.fields[AUD_TO] = (struct form_field){
	    "To", NULL, NULL, 0,
	    "Recipients, separated by commas; blank = the template's To"};
	spec.fields[AUD_AUDIENCE] =
	    (struct form_field){"Audience", audience, audiences, 0,
	                        "platform vendor, affected customers, "
	                        "internal, or the reporter"};
	view_form_open(app, &spec);
	free(title);
}

/* ---- recording a notification made by other means ----------------- */

static enum irt_status submit_record(struct app *app,
                                     const struct form_spec *spec,
                                     char *const *v, int *bad,
                                     struct irt_err *err)
{
	struct notification_spec ns = {0};
	const char *to[MAX_TO];
	char *list = xstrdup(v[1]);
	int n_to = split_recipients(list, to, MAX_TO);
	enum audience a = (enum audience)spec->n;
	int64_t at_ms;
	enum irt_status status = forms_when(v, 3, &at_ms, bad, err);

	if (status != IRT_OK) {
		free(list);
		return status;
	}
	if (n_to < 0) {
		free(list);
		*bad = 1;
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "at most %d recipients", MAX_TO);
	}
	ns.audience = a;
	ns.channel = v[0];
	ns.to = to;
	ns.n_to = (size_t)n_to;
	ns.subject = v[2];
	ns.status = "recorded";
	ns.message = v[4];
	ns.at_ms = at_ms;
	status = tracker_notification(app_tracker(app), spec->id, &ns, err);
	free(list);
	if (status != IRT_OK)
		return status;
	remove_pages(app);
	app_changed(app);
	app_status(app, "Notification of %s recorded on #%ld (not sent by irt)",
	           audience_name(a), spec->id);
	return IRT_OK;
}

static void record_form(struct app *app, struct notify_page *np)
{
	struct form_spec spec = {
	    .n_fields = 5,
	    .submit_label = "record",
	    .id = np->id,
	    .n = np->audience,
	    .submit = submit_record,
	};
	char *title = xasprintf("Record a notification of %s for #%ld",
	                        audience_name(np->audience), np->id);
	char *to = join_recipients(&np->draft);

	spec.title = title;
	spec.intro = "Records a notification made by other means (phone, a "
	             "ticket, a mail you sent yourself); irt sends nothing.";
	spec.fields[0] = (struct form_field){"Channel", "email", NULL, 1,
	                                     "email, status page, phone, ..."};
	spec.fields[1] = (struct form_field){"To", to, NULL, 0,
	                                     "Recipients, separated by commas"};
	spec.fields[2] =
	    (struct form_field){"Subject", np->draft.subject, NULL, 0, NULL};
	spec.fields[3] = forms_when_field();
	spec.fields[4] = (struct form_field){
	    "Message", np->draft.message, NULL, 0,
	    "What was said, as recorded in the timeline (Ctrl-E edits it)"};
	view_form_open(app, &spec);
	free(to);
	free(title);
}

/* ---- sending ------------------------------------------------------ */

static void send(struct app *app, struct view *v)
{
	struct notify_page *np = v->state;
	struct notification_spec ns = {0};
	struct irt_err err;
	const char *command = send_command(app);
	enum irt_status status;
	int exit_status;
	long id = np->id;
	size_t n_to = np->draft.n_to;

	status = notify_send(command, np->draft.message, &exit_status, &err);
	/* The command shares the terminal: paint everything again. */
	app_layout(app);
	if (status != IRT_OK) {
		app_status(app, "%s; nothing was sent or recorded", err.msg);
		app->status_error = 1;
		return;
	}
	ns.audience = np->audience;
	ns.channel = "email";
	ns.to = (const char *const *)np->draft.to;
	ns.n_to = np->draft.n_to;
	ns.subject = np->draft.subject;
	ns.message = np->draft.message;
	ns.command = command;
	ns.exit_status = exit_status;
	ns.status = exit_status == 0 ? "sent" : "failed";
	status = tracker_notification(app_tracker(app), id, &ns, &err);
	if (exit_status != 0) {
		if (status == IRT_OK)
			app_changed(app);
		app_status(app, "Not sent: exit status %d from \"%s\"; %s",
		           exit_status, command,
		           status == IRT_OK ? "recorded as a failed attempt"
		                            : "nothing recorded");
		app->status_error = 1;
		return;
	}
	if (status != IRT_OK) {
		app_status(app,
		           "The message WAS sent, but recording it failed "
		           "(%s); r records it",
		           err.msg);
		app->status_error = 1;
		return;
	}
	app_remove(app, v);
	app_changed(app);
	app_status(app, "Sent to %zu recipient%s and recorded on #%ld", n_to,
	           n_to == 1 ? "" : "s", id);
}

/* ---- the page ----------------------------------------------------- */

/* (Re)fills the pager with the draft's message. */
static void page_text(struct notify_page *np)
{
	char *title =
	    xasprintf("irt \xe2\x80\x94 #%ld draft to %s (%s)", np->id,
	              audience_name(np->audience), np->draft.origin);

	pager_free(&np->pager);
	pager_init(&np->pager, title, np->draft.message);
	free(title);
}

static int page_open(struct app *app, struct view *v, const void *arg)
{
	const struct notify_arg *a = arg;
	struct notify_page *np = xcalloc(1, sizeof *np);

	(void)app;
	np->id = a->id;
	np->audience = a->audience;
	np->draft = *a->draft;
	memset(a->draft, 0, sizeof *a->draft);
	pager_init(&np->pager, "", "");
	page_text(np);
	v->state = np;
	return 0;
}

static void page_close(struct app *app, struct view *v)
{
	struct notify_page *np = v->state;

	(void)app;
	pager_free(&np->pager);
	notify_draft_free(&np->draft);
	free(np);
}

static void page_draw(struct app *app, struct view *v)
{
	struct notify_page *np = v->state;

	pager_draw(app, &np->pager);
}

static void page_key(struct app *app, struct view *v, int key)
{
	struct notify_page *np = v->state;

	if (np->confirming) {
		np->confirming = 0;
		if (key == 'y' || key == 'Y')
			send(app, v);
		else
			app_status(app, "Not sent");
		return;
	}
	if (pager_key(app, &np->pager, key))
		return;
	switch (key) {
	case 's':
		if (np->draft.n_to == 0) {
			app_status(app, "No recipients: the draft's To is "
			                "empty; q, then give them in To");
			app->status_error = 1;
			break;
		}
		{
			char *to = join_recipients(&np->draft);

			np->confirming = 1;
			app_status(app,
			           "Send? y sends it to %s with \"%s\"; any "
			           "other key does not",
			           to, send_command(app));
			free(to);
		}
		break;
	case 'r':
		record_form(app, np);
		break;
	case 'e':
		if (edit_draft(app, &np->draft) == 0)
			page_text(np);
		break;
	case 'q':
	case APP_KEY_ESC:
	case 'h':
	case APP_KEY_FN | KEY_LEFT:
		app_remove(app, v);
		app_status(app, "Nothing sent or recorded");
		break;
	case '?':
		app_push(app, &view_help_ops, v->ops);
		break;
	default:
		app_status(app, "s sends, e edits, r records it as made by "
		                "other means, q cancels");
		break;
	}
}

static const struct key_help page_keys[] = {
    {"s", "send it through the [notify] command (asks first)"},
    {"r", "record it as made by other means (channel, recipients, the "
          "message)"},
    {"e", "edit the message again in $VISUAL/$EDITOR"},
    {"j k, Space b, g G", "scroll"},
    {"q, Esc", "cancel: nothing sent or recorded"},
    {NULL, NULL},
};

const struct view_ops view_notify_ops = {
    .name = "notification draft",
    .open = page_open,
    .draw = page_draw,
    .key = page_key,
    .close = page_close,
    .keys = page_keys,
    .hint = "s send  e edit  r record as made by other means  j/k scroll  q "
            "cancel",
};
