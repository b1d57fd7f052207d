/*
 * export.h - an incident rendered for people and for other programs
 * (DESIGN §7): JSON (the complete record, "irt-incident/1", which
 * `irt import` reads back), a Markdown post-mortem, the same post-mortem
 * as one self-contained HTML page or as a PDF document (export_pdf.h),
 * the timeline as CSV, and the public security advisory as CSAF 2.0 or
 * as an OSV record.
 *
 * Rendering never changes the database. Every renderer treats stored text
 * as data: JSON escapes it, Markdown backslash-escapes it, HTML
 * entity-escapes it, CSV quotes it and neutralises cells a spreadsheet
 * would take for a formula. Control characters and invalid UTF-8 reach
 * no format except JSON (which escapes them); the others show them in
 * the visible forms of sanitize.h ("^[" for ESC). The advisories
 * (CSAF, OSV) are JSON too, but published for other people's tools to
 * show: their text is in those visible forms as well, then escaped.
 *
 * The advisories are public documents. They carry the fields a customer
 * may read (title, summary, impact, product, versions, CVE, CVSS,
 * containment, fix) and never the internal ones (description, repro,
 * poc, root cause, notes). An incident whose embargo lies in the future
 * is embargoed: export_embargoed() says so, and the command line refuses
 * the public formats for it (export_format_public()) unless forced.
 */
#ifndef IRT_EXPORT_H
#define IRT_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "irt/db.h"
#include "irt/deadline.h"
#include "irt/event.h"
#include "irt/incident.h"
#include "irt/policy.h"
#include "irt/status.h"

enum export_format {
	EXPORT_JSON,
	EXPORT_MARKDOWN,
	EXPORT_HTML,
	EXPORT_CSV,
	EXPORT_PDF,  /* binary: the post-mortem laid out on pages */
	EXPORT_CSAF, /* the security advisory, OASIS CSAF 2.0 */
	EXPORT_OSV,  /* the vulnerability, an OSV record (schema 1.6) */
	EXPORT_FORMAT_COUNT
};

/* "json", "md", "html", "csv", "pdf", "csaf", "osv". */
const char *export_format_name(enum export_format f);

/* The format named `name` ("json", "md" or "markdown", "html", "csv",
 * "pdf", "csaf", "osv"; case-insensitive), or -1. */
int export_format_parse(const char *name);

/* Whether format f is published to the world (csaf, osv) rather than
 * kept within the team (the record and the post-mortems). */
int export_format_public(enum export_format f);

/* Whether inc is under embargo at now_ms: its embargo field is a time
 * after now_ms (*until_ms, if not NULL, gets it; 0 when not embargoed).
 * An embargo that does not parse counts as in force (until_ms -1): the
 * safe reading of a field someone set. */
int export_embargoed(const struct incident *inc, int64_t now_ms,
                     int64_t *until_ms);

/* Who publishes the advisories (CSAF document.publisher): from the
 * [advisory] section of the personal settings (config.h). Pointers are
 * borrowed; NULL = not set. */
struct export_publisher {
	const char *name;
	const char *namespace_url;
	const char *category; /* NULL = "vendor" */
};

/* The page sizes of the PDF export (`irt export --paper`). */
enum export_paper {
	EXPORT_PAPER_A4,     /* 210 x 297 mm, the default */
	EXPORT_PAPER_LETTER, /* US Letter, 8.5 x 11 in */
};

/* "a4", "letter". */
const char *export_paper_name(enum export_paper paper);

/* The paper named `name` ("a4", "letter"; case-insensitive), or -1. */
int export_paper_parse(const char *name);

/* Everything an export is rendered from. */
struct export_doc {
	struct incident inc;             /* the stored projection */
	struct event_list events;        /* every event, in chain order */
	struct policy policy;            /* the team's current policy */
	struct policy_history history;   /* every version of it */
	struct event_list policy_events; /* the policy timeline it replays */
	struct deadlines deadlines;      /* inc's deadlines at now_ms */
	int64_t now_ms;                  /* "now" for open stages, deadlines */
	enum export_paper paper;         /* PDF page size (A4 after load) */
	struct export_publisher publisher; /* advisories; unset after load */
};

/*
 * Loads incident id, its events and the policy history into doc, and
 * computes its deadlines at now_ms (doc is freed by the caller with
 * export_doc_free, also on failure). IRT_ERR_NOTFOUND for an unknown
 * incident. A policy zone unknown on this system is no failure: the
 * acknowledgement deadline then shows as none, as everywhere else.
 */
enum irt_status export_load(struct db *db, long id, int64_t now_ms,
                            struct export_doc *doc, struct irt_err *err);

/* Frees what doc holds (not doc); doc may be NULL. */
void export_doc_free(struct export_doc *doc);

struct config;

/* Sets doc's publisher from cfg's [advisory] settings (cfg may be NULL:
 * none). */
void export_set_publisher(struct export_doc *doc, const struct config *cfg);

/*
 * Renders doc in format f to out. Returns IRT_OK, or IRT_ERR_IO when
 * writing fails (err says so). The advisories are first checked with
 * export_advisory_check, and nothing is written when it refuses. Output
 * is a function of doc alone: the JSON of an unchanged incident is
 * byte-for-byte the same each time.
 */
enum irt_status export_write(const struct export_doc *doc, enum export_format f,
                             FILE *out, struct irt_err *err);

/*
 * Whether doc holds what an advisory in format f (csaf, osv) must say,
 * IRT_OK for any other format: CSAF names its publisher (doc->publisher:
 * name, a namespace URL, a known category), the product (product or
 * component field) and an external reference (a CVE, or an advisory or
 * fix-ref link); OSV names a CVE (its id), the product and its
 * ecosystem. IRT_ERR_INVALID names what is missing and how to set it.
 */
enum irt_status export_advisory_check(const struct export_doc *doc,
                                      enum export_format f,
                                      struct irt_err *err);

/* As export_write, into a malloc'd NUL-terminated buffer *buf of *len
 * bytes (caller frees). */
enum irt_status export_render(const struct export_doc *doc,
                              enum export_format f, char **buf, size_t *len,
                              struct irt_err *err);

/*
 * Writes len bytes of data to path atomically: a temporary file in the
 * same directory, fsync, rename over path, fsync of the directory. Either
 * the whole new file is there or path is untouched; the temporary file is
 * removed on failure. A new file gets the mode a shell redirection would
 * give it (0666 less the umask); a replaced file keeps its mode.
 */
enum irt_status export_save_file(const char *path, const char *data, size_t len,
                                 struct irt_err *err);

/* ---- the pieces, for the renderers and for import ----------------- */

/* Writes s as one CSV cell (export_csv.c's rules: quoted when needed,
 * safe against formula injection, visible control characters), then ","
 * or, when last, CRLF. */
void export_csv_cell(FILE *out, const char *s, int last);

/*
 * The "irt-incident/1" JSON document of doc: {"format", "incident",
 * "deadlines", "events"}. New reference.
 */
json_t *export_json_doc(const struct export_doc *doc);

/* The document without "deadlines" (which depend on the policy and the
 * time of export): what follows from the timeline alone, which import
 * rebuilds from the events it verified and compares with the file.
 * New reference. */
json_t *export_json_timeline_part(const struct export_doc *doc);

/* One stage interval: the stage was entered at entered_ms and left at
 * left_ms (0 = still in it). */
struct stage_interval {
	enum stage stage;
	int64_t entered_ms;
	int64_t left_ms;
};

/*
 * Every stretch of time spent in a stage, in the order they happened,
 * from the advance, close and reopen events (a reopened incident spends
 * two stretches in a stage). *out is malloc'd; caller frees.
 */
size_t export_stage_intervals(const struct export_doc *doc,
                              struct stage_interval **out);

/* The response-time measures of the post-mortem and the report. */
enum response_measure {
	MEASURE_ACKNOWLEDGE, /* reported -> acknowledged */
	MEASURE_CONTAIN,     /* reported -> contain stage left for fix */
	MEASURE_FIX,         /* reported -> fix stage left for notify */
	MEASURE_NOTIFY,      /* reported -> notify stage left for review */
	MEASURE_COUNT
};

/* "acknowledge", "contain", "fix", "notify". */
const char *export_measure_name(enum response_measure m);

/*
 * The time from the report to measure m, in ms, or -1 when the incident
 * has not got that far (or skipped the stage by being closed). Computed
 * from the projection's stage times alone.
 */
int64_t export_response_time(const struct incident *inc,
                             enum response_measure m);

#endif
