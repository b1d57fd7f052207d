/*
 * export_osv.c - the incident as an OSV record (ossf/osv-schema, schema
 * version 1.6.7), written through a jsonw; docs/exports.md has the shape.
 *
 * The id is the CVE (OSV ids carry the prefix of a known database, and
 * a team's tracker is none: export_advisory_check refuses an incident
 * without one). modified is the last event's recorded time, published
 * when the incident entered notify (left out before). The affected
 * package is the product (else the component) in the incident's
 * ecosystem, with its affected versions and, when a fixed version is
 * known, an ECOSYSTEM range from "0" to it. severity is the CVSS vector
 * (CVSS_V3 or CVSS_V4), as cvss.c normalises it. The references are
 * the advisory and fix links (when they are URLs) and the CVE record.
 */
#include "export_internal.h"

#include <stdlib.h>
#include <string.h>

#include "irt/cvss.h"
#include "irt/jsonw.h"
#include "irt/timeutil.h"
#include "irt/xalloc.h"

#define OSV_SCHEMA_VERSION "1.6.7"

static void key_string(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	jsonw_string(w, s);
}

static void key_time(struct jsonw *w, const char *key, int64_t ms)
{
	char buf[TIMEUTIL_BUFSZ];

	timeutil_format_utc(ms, buf, sizeof buf);
	key_string(w, key, buf);
}

static void write_reference(struct jsonw *w, const char *type, const char *url)
{
	jsonw_object_begin(w);
	key_string(w, "type", type);
	key_string(w, "url", url);
	jsonw_object_end(w);
}

/* details: the summary and the impact, as paragraphs. */
static char *details_text(const struct incident *inc)
{
	char *summary = export_advisory_text(inc->field[FIELD_SUMMARY]);
	char *impact = export_advisory_text(inc->field[FIELD_IMPACT]);
	char *details = summary[0] && impact[0]
	                    ? xasprintf("%s\n\nImpact: %s", summary, impact)
	                : impact[0] ? xasprintf("Impact: %s", impact)
	                            : xstrdup(summary);

	free(impact);
	free(summary);
	return details;
}

static void write_affected(struct jsonw *w, const struct incident *inc)
{
	char *name = export_advisory_line(export_advisory_product(inc));
	char *ecosystem = export_advisory_line(inc->field[FIELD_ECOSYSTEM]);
	char *fixed = export_advisory_line(inc->field[FIELD_FIXED_VERSION]);
	char **versions;
	size_t n = export_advisory_versions(inc, &versions);

	jsonw_key(w, "affected");
	jsonw_array_begin(w);
	jsonw_object_begin(w);
	jsonw_key(w, "package");
	jsonw_object_begin(w);
	key_string(w, "ecosystem", ecosystem);
	key_string(w, "name", name);
	jsonw_object_end(w);
	if (fixed[0]) {
		jsonw_key(w, "ranges");
		jsonw_array_begin(w);
		jsonw_object_begin(w);
		key_string(w, "type", "ECOSYSTEM");
		jsonw_key(w, "events");
		jsonw_array_begin(w);
		jsonw_object_begin(w);
		key_string(w, "introduced", "0");
		jsonw_object_end(w);
		jsonw_object_begin(w);
		key_string(w, "fixed", fixed);
		jsonw_object_end(w);
		jsonw_array_end(w);
		jsonw_object_end(w);
		jsonw_array_end(w);
	}
	if (n) {
		jsonw_key(w, "versions");
		jsonw_array_begin(w);
		for (size_t i = 0; i < n; i++)
			jsonw_string(w, versions[i]);
		jsonw_array_end(w);
	}
	jsonw_object_end(w);
	jsonw_array_end(w);
	export_advisory_versions_free(versions, n);
	free(fixed);
	free(ecosystem);
	free(name);
}

int export_osv_write(const struct export_doc *doc, FILE *out)
{
	const struct incident *inc = &doc->inc;
	struct jsonw *w = jsonw_new_text(out, JSON_INDENT(2));
	struct cvss_result cv;
	int scored = inc->field[FIELD_CVSS][0] &&
	             cvss_score(inc->field[FIELD_CVSS], &cv, NULL) == IRT_OK;
	char *summary = export_advisory_line(inc->field[FIELD_TITLE]);
	char *details = details_text(inc);
	char *cve_url = xasprintf("https://www.cve.org/CVERecord?id=%s",
	                          inc->field[FIELD_CVE]);

	jsonw_object_begin(w);
	key_string(w, "schema_version", OSV_SCHEMA_VERSION);
	key_string(w, "id", inc->field[FIELD_CVE]);
	key_time(w, "modified", inc->updated_ms);
	if (inc->entered_ms[STAGE_NOTIFY])
		key_time(w, "published", inc->entered_ms[STAGE_NOTIFY]);
	key_string(w, "summary", summary);
	if (details[0])
		key_string(w, "details", details);
	if (scored) {
		jsonw_key(w, "severity");
		jsonw_array_begin(w);
		jsonw_object_begin(w);
		key_string(w, "type",
		           cv.version == CVSS_V40 ? "CVSS_V4" : "CVSS_V3");
		key_string(w, "score", cv.vector);
		jsonw_object_end(w);
		jsonw_array_end(w);
	}
	write_affected(w, inc);
	jsonw_key(w, "references");
	jsonw_array_begin(w);
	if (export_advisory_is_url(inc->field[FIELD_ADVISORY]))
		write_reference(w, "ADVISORY", inc->field[FIELD_ADVISORY]);
	if (export_advisory_is_url(inc->field[FIELD_FIX_REF]))
		write_reference(w, "FIX", inc->field[FIELD_FIX_REF]);
	write_reference(w, "WEB", cve_url);
	jsonw_array_end(w);
	jsonw_object_end(w);
	jsonw_raw(w, "\n");
	free(cve_url);
	free(details);
	free(summary);
	return jsonw_free(w);
}
