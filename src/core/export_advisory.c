/*
 * export_advisory.c - what the two security advisories (export_csaf.c,
 * export_osv.c) share: the check that an incident holds what they must
 * say, the public forms of its text, the affected product and versions,
 * and which timeline events are revisions of the advisory.
 *
 * An advisory carries only the fields a customer may read; the list of
 * them is public_fields below, and a change of one of them is a revision
 * (docs/exports.md). Text leaves here in the visible forms of sanitize.h:
 * the advisories are shown by other people's tools, which must not get
 * an escape sequence from a title.
 */
#include "export_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "irt/sanitize.h"
#include "irt/xalloc.h"

/* The fields an advisory says something with. */
static const enum field public_fields[] = {
    FIELD_TITLE,         FIELD_COMPONENT, FIELD_IMPACT,  FIELD_CONTAINMENT,
    FIELD_FIX_REF,       FIELD_SUMMARY,   FIELD_CVE,     FIELD_ADVISORY,
    FIELD_SEVERITY,      FIELD_CVSS,      FIELD_PRODUCT, FIELD_VERSIONS,
    FIELD_FIXED_VERSION, FIELD_ECOSYSTEM};

/* The CSAF 2.0 publisher categories (document.publisher.category). */
static const char *const publisher_categories[] = {
    "coordinator", "discoverer", "other", "translator", "user", "vendor"};

static char *trimmed(char *s)
{
	size_t n = strlen(s), start = strspn(s, " ");

	while (n > start && s[n - 1] == ' ')
		n--;
	memmove(s, s + start, n - start);
	s[n - start] = '\0';
	return s;
}

char *export_advisory_line(const char *s)
{
	char *safe = sanitize_terminal(s, SANITIZE_KEEP_NEWLINES);

	for (char *p = safe; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return trimmed(safe);
}

char *export_advisory_text(const char *s)
{
	char *safe = sanitize_terminal(s, SANITIZE_KEEP_NEWLINES);
	size_t n = strlen(safe);

	/* Trailing line breaks and blanks say nothing. */
	while (n && (safe[n - 1] == '\n' || safe[n - 1] == ' '))
		safe[--n] = '\0';
	return safe;
}

int export_advisory_is_url(const char *s)
{
	const char *host;

	if (strncasecmp(s, "https://", 8) == 0)
		host = s + 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		host = s + 7;
	else
		return 0;
	if (!*host || *host == '/')
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '"' || *p == '<' ||
		    *p == '>' || *p == '\\' || *p == '^' || *p == '`' ||
		    *p == '{' || *p == '|' || *p == '}' || *p >= 0x80)
			return 0;
	return 1;
}

const char *export_advisory_product(const struct incident *inc)
{
	if (inc->field[FIELD_PRODUCT][0])
		return inc->field[FIELD_PRODUCT];
	return inc->field[FIELD_COMPONENT];
}

size_t export_advisory_versions(const struct incident *inc, char ***out)
{
	char *copy = xstrdup(inc->field[FIELD_VERSIONS]), *save = NULL;
	char **v = NULL;
	size_t n = 0;

	for (char *tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *line = export_advisory_line(tok);
		int seen = !line[0];

		for (size_t i = 0; i < n && !seen; i++)
			seen = strcmp(v[i], line) == 0;
		if (seen) {
			free(line);
			continue;
		}
		v = xrealloc(v, (n + 1) * sizeof *v);
		v[n++] = line;
	}
	free(copy);
	*out = v;
	return n;
}

void export_advisory_versions_free(char **versions, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(versions[i]);
	free(versions);
}

int export_advisory_revision(const struct event *ev)
{
	int f;

	if (strcmp(ev->kind, "create") == 0)
		return 1;
	if (strcmp(ev->kind, "set") != 0)
		return 0;
	f = incident_field_parse(ev->field);
	for (size_t i = 0; i < sizeof public_fields / sizeof *public_fields;
	     i++)
		if ((int)public_fields[i] == f)
			return 1;
	return 0;
}

/* Whether s, once public (export_advisory_line), still says something. */
static int says_something(const char *s)
{
	char *line = export_advisory_line(s);
	int some = line[0] != '\0';

	free(line);
	return some;
}

static enum irt_status check_csaf(const struct export_doc *doc,
                                  struct irt_err *err)
{
	const struct incident *inc = &doc->inc;
	const struct export_publisher *pub = &doc->publisher;
	const char *cat = pub->category ? pub->category : "vendor";
	int known = 0;

	if (!pub->name || !says_something(pub->name))
		return irt_err_set(
		    err, IRT_ERR_INVALID,
		    "a CSAF advisory names its publisher: set "
		    "publisher and namespace under [advisory] in "
		    "irt's config file (~/.config/irt/config)");
	if (!pub->namespace_url || !export_advisory_is_url(pub->namespace_url))
		return irt_err_set(
		    err, IRT_ERR_INVALID,
		    "the publisher's namespace (namespace under "
		    "[advisory] in irt's config file) must be an "
		    "http(s) URL");
	for (size_t i = 0;
	     i < sizeof publisher_categories / sizeof *publisher_categories;
	     i++)
		known |= strcmp(cat, publisher_categories[i]) == 0;
	if (!known)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "unknown publisher category \"%.40s\" "
		                   "(category under [advisory]: coordinator, "
		                   "discoverer, other, translator, user or "
		                   "vendor)",
		                   cat);
	if (!says_something(export_advisory_product(inc)))
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "#%ld names no product: irt set %ld product "
		                   "NAME (or component)",
		                   inc->id, inc->id);
	if (!inc->field[FIELD_CVE][0] &&
	    !export_advisory_is_url(inc->field[FIELD_ADVISORY]) &&
	    !export_advisory_is_url(inc->field[FIELD_FIX_REF]))
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "#%ld has nothing a CSAF advisory can refer "
		                   "to: set its cve, or an advisory or fix-ref "
		                   "link (https://...)",
		                   inc->id);
	return IRT_OK;
}

static enum irt_status check_osv(const struct export_doc *doc,
                                 struct irt_err *err)
{
	const struct incident *inc = &doc->inc;

	if (!inc->field[FIELD_CVE][0])
		return irt_err_set(
		    err, IRT_ERR_INVALID,
		    "#%ld has no CVE id, which an OSV record is "
		    "identified by: irt set %ld cve CVE-YYYY-NNNN",
		    inc->id, inc->id);
	if (!says_something(export_advisory_product(inc)))
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "#%ld names no product: irt set %ld product "
		                   "NAME (or component)",
		                   inc->id, inc->id);
	if (!says_something(inc->field[FIELD_ECOSYSTEM]))
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "#%ld names no ecosystem, which an OSV "
		                   "record's package belongs to: irt set %ld "
		                   "ecosystem NAME (npm, PyPI, Debian, ...)",
		                   inc->id, inc->id);
	return IRT_OK;
}

enum irt_status export_advisory_check(const struct export_doc *doc,
                                      enum export_format f, struct irt_err *err)
{
	if (f == EXPORT_CSAF)
		return check_csaf(doc, err);
	if (f == EXPORT_OSV)
		return check_osv(doc, err);
	return IRT_OK;
}
