/*
 * notify.h - notification drafts for the notify stage (DESIGN §7): an
 * RFC 5322 message per audience rendered from a template, and delivery
 * through a configured command (default `sendmail -t -oi`).
 *
 * Templates: data/templates/AUDIENCE.txt (compiled in), overridden by
 * $XDG_CONFIG_HOME/irt/templates/AUDIENCE.txt. A template is a header
 * block ("To:", "Subject:", any others), a blank line, then the body.
 * {{name}} placeholders are replaced by the incident's values (the list
 * is notify_placeholders); an unknown placeholder is an error naming it,
 * so a typo never reaches a customer. Values are inserted once (a value
 * holding "{{x}}" stays as it is). In the header block a value's line
 * breaks and tabs become spaces, so stored text cannot add a header;
 * there and in the body, other control characters and the invisible and
 * direction-changing characters take the visible forms of sanitize.h
 * ("^[", "<U+202E>"), so a Subject reads as what is stored. Missing
 * headers Date, MIME-Version, Content-Type (UTF-8) and
 * Content-Transfer-Encoding are added.
 *
 * The message is handed over as it is, LF line ends and no dot-stuffing
 * (an SMTP transport encoding, RFC 5321 4.5.2, which a local command
 * would deliver as doubled dots): the command must read its standard
 * input to the end and take every line literally. sendmail does with -i
 * or -oi, which the default command gives; without it a line holding
 * only "." in any field would end the message there.
 */
#ifndef IRT_NOTIFY_H
#define IRT_NOTIFY_H

#include <stddef.h>

#include "irt/export.h"
#include "irt/stage.h"
#include "irt/status.h"

/* Every placeholder a template may use, NULL-terminated. {{repro}} and
 * {{poc}} (reproduction steps, proof of concept) only in the internal
 * audience's template: notify_render refuses any other template that
 * holds them. */
extern const char *const notify_placeholders[];

struct notify_draft {
	char *message; /* the whole message: headers, blank line, body */
	char *subject; /* the Subject header's value */
	char **to;     /* recipients (--to, else the To header's list) */
	size_t n_to;
	char *origin; /* the template used: a path, or "built-in" */
};

/*
 * The customer-facing fields the audience's message draws on that inc
 * still leaves empty, as "impact, advisory" into buf (n bytes; "" when
 * none are, or for an audience without such fields). Customers: impact,
 * scope, fix-ref, advisory. Returns how many are empty.
 */
int notify_missing(const struct incident *inc, enum audience a, char *buf,
                   size_t n);

/*
 * The e-mail address in a reporter field (malloc'd): the whole value when
 * it is one plain address ("jane@example.org"), the bracketed part of
 * "Jane Doe <jane@example.org>", else "" (a name, a handle, several
 * addresses: then the reporter's message needs an explicit recipient).
 */
char *notify_reporter_address(const char *reporter);

/*
 * Loads the template for audience a into *text (malloc'd): the user's
 * override if there is one, else the built-in one; *origin (malloc'd)
 * says which. IRT_ERR_IO when an override exists but cannot be read.
 */
enum irt_status notify_template(enum audience a, char **text, char **origin,
                                struct irt_err *err);

/*
 * Renders the draft for audience a of doc's incident to the recipients
 * to[0..n_to) (which fill {{to}}), as `actor` at doc->now_ms. For the
 * reporter audience without recipients, the recipient is the address in
 * the reporter field (notify_reporter_address), if it holds one. Recipients
 * holding control characters or line breaks are refused
 * (IRT_ERR_INVALID), as is a template with an unknown placeholder or no
 * header block. Free the draft with notify_draft_free.
 */
enum irt_status notify_render(const struct export_doc *doc, enum audience a,
                              const char *const *to, size_t n_to,
                              const char *actor, struct notify_draft *draft,
                              struct irt_err *err);

/* As notify_render, from template text instead of the audience's. */
enum irt_status notify_render_template(const struct export_doc *doc,
                                       const char *tmpl, const char *const *to,
                                       size_t n_to, const char *actor,
                                       struct notify_draft *draft,
                                       struct irt_err *err);

void notify_draft_free(struct notify_draft *draft);

/*
 * Replaces the draft's message with message (copied; a person edited
 * it): the subject and the recipients follow its Subject and To headers
 * (a message without a To header keeps the recipients it had). LF line
 * ends; a message without a header block and a blank line is refused
 * (IRT_ERR_INVALID) and the draft is left as it was.
 */
enum irt_status notify_draft_set_message(struct notify_draft *draft,
                                         const char *message,
                                         struct irt_err *err);

/*
 * Runs `command` with /bin/sh -c, the message on its standard input
 * exactly as given, and waits for it. *exit_status gets its exit status
 * (128 + N when killed by signal N). Returns IRT_OK when the command ran
 * (whatever its status), IRT_ERR_IO when it could not be started.
 */
enum irt_status notify_send(const char *command, const char *message,
                            int *exit_status, struct irt_err *err);

#endif
