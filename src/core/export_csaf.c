/*
 * export_csaf.c - the incident as a security advisory in OASIS CSAF 2.0
 * (category csaf_security_advisory), written through a jsonw. The shape
 * and where each member comes from are in docs/exports.md; in short:
 *
 *   document      the publisher (doc->publisher), the title, a summary
 *                 note, references (the CVE record, the advisory and
 *                 fix links), TLP:WHITE (AMBER while embargoed), and
 *                 tracking: the id "irt-UUID", the revision history
 *                 (one revision per event export_advisory_revision
 *                 takes, dated when it was recorded: recorded times never
 *                 go backwards, so dates and numbers ascend together),
 *                 status final once the incident reached notify, else
 *                 draft;
 *   product_tree  vendor (the publisher) -> product_name (product, else
 *                 component) -> product_version (each affected version,
 *                 and the fixed one), product ids CSAFPID-0001...;
 *   vulnerabilities[0]  the CVE, notes (impact, else the summary), the
 *                 product status (known_affected, fixed), remediations
 *                 (vendor_fix from fix-ref and fixed-version, mitigation
 *                 from containment) and a CVSS v3 score (baseScore and
 *                 baseSeverity of cvss.c). CSAF 2.0 has no CVSS v4.0
 *                 score object (cvss_v4 came with CSAF 2.1): a v4.0
 *                 vector is given in a note instead.
 *
 * The output is a function of doc alone, as every export's is.
 */
#include "export_internal.h"

#include <stdlib.h>
#include <string.h>

#include "irt/cvss.h"
#include "irt/jsonw.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

/* The products of the tree: their ids and full names. */
struct csaf_products {
	char **affected; /* product ids known to be affected */
	size_t n_affected;
	char *fixed;  /* the fixed version's product id, or NULL */
	char **names; /* versions of the product_version branches */
	size_t n_names;
	char *fixed_version; /* public form of fixed-version, or "" */
};

static void key_string(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	jsonw_string(w, s);
}

/* key: the public one-line form of raw. */
static void key_line(struct jsonw *w, const char *key, const char *raw)
{
	char *line = export_advisory_line(raw);

	key_string(w, key, line);
	free(line);
}

static void key_time(struct jsonw *w, const char *key, int64_t ms)
{
	char buf[TIMEUTIL_BUFSZ];

	timeutil_format_utc(ms, buf, sizeof buf);
	key_string(w, key, buf);
}

static void product_ids(struct jsonw *w, const char *key,
                        const struct csaf_products *p)
{
	jsonw_key(w, key);
	jsonw_array_begin(w);
	for (size_t i = 0; i < p->n_affected; i++)
		jsonw_string(w, p->affected[i]);
	jsonw_array_end(w);
}

static void products_build(const struct incident *inc, struct csaf_products *p)
{
	char *fixed = export_advisory_line(inc->field[FIELD_FIXED_VERSION]);
	size_t next = 1;

	memset(p, 0, sizeof *p);
	p->n_names = export_advisory_versions(inc, &p->names);
	p->fixed_version = fixed;
	if (!p->n_names) {
		/* No version named: the product as a whole is affected. */
		p->affected = xmalloc(sizeof *p->affected);
		p->affected[p->n_affected++] = xasprintf("CSAFPID-%04zu", next);
		return;
	}
	p->affected = xmalloc(p->n_names * sizeof *p->affected);
	for (size_t i = 0; i < p->n_names; i++)
		p->affected[p->n_affected++] =
		    xasprintf("CSAFPID-%04zu", next++);
	if (fixed[0]) {
		/* A fixed version that is listed as affected too says
		 * nothing the status could carry without contradiction. */
		for (size_t i = 0; i < p->n_names; i++)
			if (strcmp(p->names[i], fixed) == 0)
				return;
		p->fixed = xasprintf("CSAFPID-%04zu", next);
	}
}

static void products_free(struct csaf_products *p)
{
	for (size_t i = 0; i < p->n_affected; i++)
		free(p->affected[i]);
	free(p->affected);
	free(p->fixed);
	export_advisory_versions_free(p->names, p->n_names);
	free(p->fixed_version);
}

static void write_full_name(struct jsonw *w, const char *vendor,
                            const char *product, const char *version,
                            const char *id)
{
	char *name = version ? xasprintf("%s %s %s", vendor, product, version)
	                     : xasprintf("%s %s", vendor, product);

	jsonw_key(w, "product");
	jsonw_object_begin(w);
	key_string(w, "name", name);
	key_string(w, "product_id", id);
	jsonw_object_end(w);
	free(name);
}

static void write_version_branch(struct jsonw *w, const char *vendor,
                                 const char *product, const char *version,
                                 const char *id)
{
	jsonw_object_begin(w);
	key_string(w, "category", "product_version");
	key_string(w, "name", version);
	write_full_name(w, vendor, product, version, id);
	jsonw_object_end(w);
}

static void write_product_tree(struct jsonw *w, const struct export_doc *doc,
                               const struct csaf_products *p)
{
	char *vendor = export_advisory_line(doc->publisher.name);
	char *product =
	    export_advisory_line(export_advisory_product(&doc->inc));

	jsonw_key(w, "product_tree");
	jsonw_object_begin(w);
	jsonw_key(w, "branches");
	jsonw_array_begin(w);
	jsonw_object_begin(w);
	key_string(w, "category", "vendor");
	key_string(w, "name", vendor);
	jsonw_key(w, "branches");
	jsonw_array_begin(w);
	jsonw_object_begin(w);
	key_string(w, "category", "product_name");
	key_string(w, "name", product);
	if (!p->n_names) {
		write_full_name(w, vendor, product, NULL, p->affected[0]);
	} else {
		jsonw_key(w, "branches");
		jsonw_array_begin(w);
		for (size_t i = 0; i < p->n_names; i++)
			write_version_branch(w, vendor, product, p->names[i],
			                     p->affected[i]);
		if (p->fixed)
			write_version_branch(w, vendor, product,
			                     p->fixed_version, p->fixed);
		jsonw_array_end(w);
	}
	jsonw_object_end(w);
	jsonw_array_end(w);
	jsonw_object_end(w);
	jsonw_array_end(w);
	jsonw_object_end(w);
	free(product);
	free(vendor);
}

static void write_note(struct jsonw *w, const char *category, const char *title,
                       const char *raw)
{
	char *text = export_advisory_text(raw);

	jsonw_object_begin(w);
	key_string(w, "category", category);
	key_string(w, "text", text);
	key_string(w, "title", title);
	jsonw_object_end(w);
	free(text);
}

static void write_reference(struct jsonw *w, const char *category,
                            const char *summary, const char *url)
{
	jsonw_object_begin(w);
	key_string(w, "category", category);
	key_string(w, "summary", summary);
	key_string(w, "url", url);
	jsonw_object_end(w);
}

/* One revision of the advisory: the revision events one command
 * recorded (the same recorded time), e.g. an incident created with its
 * component and CVSS vector. */
struct revision {
	int64_t date;
	char *summary;
	int initial; /* the creation: its fields are the first version */
};

static size_t revisions_collect(const struct export_doc *doc,
                                struct revision **out)
{
	struct revision *r = NULL;
	size_t n = 0;

	for (size_t i = 0; i < doc->events.count; i++) {
		const struct event *ev = &doc->events.items[i];
		char *more;

		if (!export_advisory_revision(ev))
			continue;
		if (n && r[n - 1].date == ev->recorded_ms) {
			if (r[n - 1].initial)
				continue;
			more = xasprintf("%s, %s", r[n - 1].summary, ev->field);
			free(r[n - 1].summary);
			r[n - 1].summary = more;
			continue;
		}
		r = xrealloc(r, (n + 1) * sizeof *r);
		r[n].date = ev->recorded_ms;
		r[n].initial = strcmp(ev->kind, "create") == 0;
		r[n].summary = r[n].initial
		                   ? xstrdup("Initial version")
		                   : xasprintf("Updated: %s", ev->field);
		n++;
	}
	*out = r;
	return n;
}

static void write_tracking(struct jsonw *w, const struct export_doc *doc)
{
	const struct incident *inc = &doc->inc;
	struct revision *revs;
	size_t n = revisions_collect(doc, &revs);
	int64_t first = n ? revs[0].date : inc->created_ms;
	int64_t last = n ? revs[n - 1].date : inc->created_ms;
	char *id = xasprintf("irt-%s", inc->uuid), *version;

	jsonw_key(w, "tracking");
	jsonw_object_begin(w);
	key_time(w, "current_release_date", last);
	jsonw_key(w, "generator");
	jsonw_object_begin(w);
	jsonw_key(w, "engine");
	jsonw_object_begin(w);
	key_string(w, "name", "irt");
	key_string(w, "version", IRT_VERSION);
	jsonw_object_end(w);
	jsonw_object_end(w);
	key_string(w, "id", id);
	key_time(w, "initial_release_date", first);
	jsonw_key(w, "revision_history");
	jsonw_array_begin(w);
	for (size_t i = 0; i < n; i++) {
		char *number = xasprintf("%zu", i + 1);

		jsonw_object_begin(w);
		key_time(w, "date", revs[i].date);
		key_string(w, "number", number);
		key_string(w, "summary", revs[i].summary);
		jsonw_object_end(w);
		free(number);
		free(revs[i].summary);
	}
	free(revs);
	jsonw_array_end(w);
	key_string(w, "status",
	           inc->entered_ms[STAGE_NOTIFY] ? "final" : "draft");
	version = xasprintf("%zu", n ? n : 1);
	key_string(w, "version", version);
	jsonw_object_end(w);
	free(version);
	free(id);
}

static void write_document(struct jsonw *w, const struct export_doc *doc)
{
	const struct incident *inc = &doc->inc;
	const struct export_publisher *pub = &doc->publisher;
	int64_t until = 0;
	int embargoed = export_embargoed(inc, doc->now_ms, &until);
	const char *summary = inc->field[FIELD_SUMMARY][0]
	                          ? inc->field[FIELD_SUMMARY]
	                          : inc->field[FIELD_TITLE];

	jsonw_key(w, "document");
	jsonw_object_begin(w);
	if (inc->severity > SEVERITY_UNSET) {
		jsonw_key(w, "aggregate_severity");
		jsonw_object_begin(w);
		key_string(w, "text", severity_name(inc->severity));
		jsonw_object_end(w);
	}
	key_string(w, "category", "csaf_security_advisory");
	key_string(w, "csaf_version", "2.0");
	jsonw_key(w, "distribution");
	jsonw_object_begin(w);
	if (embargoed) {
		char buf[TIMEUTIL_BUFSZ];
		char *text;

		if (until > 0)
			timeutil_format_utc(until, buf, sizeof buf);
		text = until > 0 ? xasprintf("Under embargo until %s: not for "
		                             "publication before then.",
		                             buf)
		                 : xstrdup("Under embargo: not for "
		                           "publication.");
		key_string(w, "text", text);
		free(text);
	}
	jsonw_key(w, "tlp");
	jsonw_object_begin(w);
	key_string(w, "label", embargoed ? "AMBER" : "WHITE");
	key_string(w, "url", "https://www.first.org/tlp/");
	jsonw_object_end(w);
	jsonw_object_end(w);
	key_string(w, "lang", "en");
	jsonw_key(w, "notes");
	jsonw_array_begin(w);
	write_note(w, "summary", "Summary", summary);
	jsonw_array_end(w);
	jsonw_key(w, "publisher");
	jsonw_object_begin(w);
	key_string(w, "category", pub->category ? pub->category : "vendor");
	key_line(w, "name", pub->name);
	key_string(w, "namespace", pub->namespace_url);
	jsonw_object_end(w);
	jsonw_key(w, "references");
	jsonw_array_begin(w);
	if (inc->field[FIELD_CVE][0]) {
		char *url = xasprintf("https://www.cve.org/CVERecord?id=%s",
		                      inc->field[FIELD_CVE]);

		write_reference(w, "external", inc->field[FIELD_CVE], url);
		free(url);
	}
	if (export_advisory_is_url(inc->field[FIELD_ADVISORY]))
		write_reference(w, "self", "The advisory",
		                inc->field[FIELD_ADVISORY]);
	if (export_advisory_is_url(inc->field[FIELD_FIX_REF]))
		write_reference(w, "external", "The fix",
		                inc->field[FIELD_FIX_REF]);
	jsonw_array_end(w);
	key_line(w, "title", inc->field[FIELD_TITLE]);
	write_tracking(w, doc);
	jsonw_object_end(w);
}

/* The CVSS v3 score object (CVSS v3.x JSON schema: version,
 * vectorString, baseScore, baseSeverity) of the affected products. */
static void write_score(struct jsonw *w, const struct cvss_result *cv,
                        const struct csaf_products *p)
{
	const char *name = severity_name(severity_from_score(cv->base));
	char band[16];
	size_t i;

	for (i = 0; name[i] && i + 1 < sizeof band; i++)
		band[i] = (char)(name[i] >= 'a' && name[i] <= 'z'
		                     ? name[i] - 'a' + 'A'
		                     : name[i]);
	band[i] = '\0';
	jsonw_key(w, "scores");
	jsonw_array_begin(w);
	jsonw_object_begin(w);
	jsonw_key(w, "cvss_v3");
	jsonw_object_begin(w);
	key_string(w, "version", cvss_version_name(cv->version));
	key_string(w, "vectorString", cv->vector);
	jsonw_key(w, "baseScore");
	jsonw_real(w, cv->base);
	key_string(w, "baseSeverity", band);
	jsonw_object_end(w);
	product_ids(w, "products", p);
	jsonw_object_end(w);
	jsonw_array_end(w);
}

static void write_vulnerability(struct jsonw *w, const struct export_doc *doc,
                                const struct csaf_products *p)
{
	const struct incident *inc = &doc->inc;
	struct cvss_result cv;
	int scored = inc->field[FIELD_CVSS][0] &&
	             cvss_score(inc->field[FIELD_CVSS], &cv, NULL) == IRT_OK;
	const char *fix = inc->field[FIELD_FIX_REF];

	jsonw_key(w, "vulnerabilities");
	jsonw_array_begin(w);
	jsonw_object_begin(w);
	if (inc->field[FIELD_CVE][0])
		key_string(w, "cve", inc->field[FIELD_CVE]);
	jsonw_key(w, "notes");
	jsonw_array_begin(w);
	if (inc->field[FIELD_IMPACT][0])
		write_note(w, "description", "Impact",
		           inc->field[FIELD_IMPACT]);
	else
		write_note(w, "summary", "Summary",
		           inc->field[FIELD_SUMMARY][0]
		               ? inc->field[FIELD_SUMMARY]
		               : inc->field[FIELD_TITLE]);
	if (scored && cv.version == CVSS_V40) {
		char *text = xasprintf("%s (score %.1f, %s)", cv.vector,
		                       cv.score, severity_name(cv.band));

		write_note(w, "other", "CVSS v4.0", text);
		free(text);
	}
	jsonw_array_end(w);
	jsonw_key(w, "product_status");
	jsonw_object_begin(w);
	if (p->fixed) {
		jsonw_key(w, "fixed");
		jsonw_array_begin(w);
		jsonw_string(w, p->fixed);
		jsonw_array_end(w);
	}
	product_ids(w, "known_affected", p);
	jsonw_object_end(w);
	if (fix[0] || p->fixed_version[0] || inc->field[FIELD_CONTAINMENT][0]) {
		jsonw_key(w, "remediations");
		jsonw_array_begin(w);
		if (fix[0] || p->fixed_version[0]) {
			char *ref = export_advisory_text(fix);
			char *details =
			    p->fixed_version[0] && ref[0]
			        ? xasprintf("Fixed in %s: %s", p->fixed_version,
			                    ref)
			    : p->fixed_version[0]
			        ? xasprintf("Fixed in %s.", p->fixed_version)
			        : xstrdup(ref);

			jsonw_object_begin(w);
			key_string(w, "category", "vendor_fix");
			key_string(w, "details", details);
			product_ids(w, "product_ids", p);
			if (export_advisory_is_url(fix))
				key_string(w, "url", fix);
			jsonw_object_end(w);
			free(details);
			free(ref);
		}
		if (inc->field[FIELD_CONTAINMENT][0]) {
			char *details =
			    export_advisory_text(inc->field[FIELD_CONTAINMENT]);

			jsonw_object_begin(w);
			key_string(w, "category", "mitigation");
			key_string(w, "details", details);
			product_ids(w, "product_ids", p);
			jsonw_object_end(w);
			free(details);
		}
		jsonw_array_end(w);
	}
	if (scored && cv.version != CVSS_V40)
		write_score(w, &cv, p);
	key_line(w, "title", inc->field[FIELD_TITLE]);
	jsonw_object_end(w);
	jsonw_array_end(w);
}

int export_csaf_write(const struct export_doc *doc, FILE *out)
{
	/* Scores with 15 digits: 9.8, not 9.8000000000000007. */
	struct jsonw *w =
	    jsonw_new_text(out, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	struct csaf_products p;

	products_build(&doc->inc, &p);
	jsonw_object_begin(w);
	write_document(w, doc);
	write_product_tree(w, doc, &p);
	write_vulnerability(w, doc, &p);
	jsonw_object_end(w);
	jsonw_raw(w, "\n");
	products_free(&p);
	return jsonw_free(w);
}
