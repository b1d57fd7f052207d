/*
 * postmortem.h - the post-mortem as a plain document model, built once
 * from an incident (export.h's export_doc) and drawn by each renderer
 * (Markdown, HTML, PDF) without any renderer calling another.
 *
 * Every string in the model is plain UTF-8 text exactly as recorded:
 * no markup of any format. Each renderer escapes it for its own format
 * (Markdown backslashes, HTML entities, Pango markup escaping) and shows
 * control characters in their visible form. Times are already formatted
 * (local time with the zone named); numbers in charts are milliseconds.
 *
 * The document is a sequence of blocks: headings (levels 1-3),
 * paragraphs (a run of spans, some strong or monospace), bullet lists,
 * tables (a header row and rows of cells, each cell a plain string),
 * hints (what to fill in an empty section, and the command that fills
 * it), and charts (as data: bars over a time axis, markers for
 * deadlines). A renderer that cannot draw a kind of block draws its
 * `alt` text instead.
 */
#ifndef IRT_POSTMORTEM_H
#define IRT_POSTMORTEM_H

#include <stddef.h>
#include <stdint.h>

#include "irt/export.h"

enum pm_kind {
	PM_HEADING,   /* level, text */
	PM_PARAGRAPH, /* spans */
	PM_LIST,      /* items: one paragraph (spans) each */
	PM_TABLE,     /* table */
	PM_HINT,      /* text: what to fill in; command: how */
	PM_CHART,     /* chart */
};

enum pm_style {
	PM_PLAIN,
	PM_STRONG,
	PM_CODE, /* monospace: hashes, commands, vectors */
	PM_EMPH,
};

struct pm_span {
	enum pm_style style;
	char *text;
};

struct pm_para {
	struct pm_span *spans;
	size_t n_spans;
};

struct pm_table {
	const char *cls; /* what it lists: "timeline", "fields", ... */
	size_t n_cols;
	char **head;  /* n_cols column titles */
	char **cells; /* n_rows * n_cols plain-text cells, row-major */
	size_t n_rows;
	/* Relative column weights for layout (0: even), n_cols of them;
	 * a renderer may ignore them. */
	int weight[8];
	/* Columns whose cells may be links (n_cols flags, at most 8): a
	 * renderer that can link makes a cell that is an http(s) URL one;
	 * any other cell, and every cell elsewhere, is plain text. */
	unsigned char link[8];
	/* Columns of codes (hashes: n_cols flags, at most 8): letters
	 * without words, which a renderer may set in a fixed-width font
	 * and break at any character. */
	unsigned char code[8];
};

/* A bar from start to end (end 0: still open, drawn to the axis end). */
struct pm_bar {
	char *label;
	int64_t start_ms, end_ms;
};

enum pm_mark { PM_MARK_OPEN, PM_MARK_MET, PM_MARK_MISSED };

/* A vertical marker (a deadline) at a time, on the row of bar `row`
 * (-1: across every row). */
struct pm_marker {
	char *label;
	int64_t at_ms;
	enum pm_mark state;
	int row;
};

enum pm_chart_kind {
	PM_CHART_STAGES,   /* one bar per stage stretch, on the time axis */
	PM_CHART_RESPONSE, /* one bar per measure from 0, against its window */
};

struct pm_chart {
	enum pm_chart_kind kind;
	char *title;
	/* The axis: from_ms .. to_ms (for PM_CHART_RESPONSE, durations: 0 ..
	 * to_ms), and the tick step the builder chose (readable units). */
	int64_t from_ms, to_ms, tick_ms;
	struct pm_bar *bars;
	size_t n_bars;
	struct pm_marker *markers;
	size_t n_markers;
	char *alt; /* the same in words, for renderers without charts */
};

struct pm_block {
	enum pm_kind kind;
	int level;           /* PM_HEADING: 1-3 */
	char *text;          /* PM_HEADING, PM_HINT */
	char *command;       /* PM_HINT: the irt command that fills it */
	char *anchor;        /* PM_HEADING: a stable id ("timeline") */
	struct pm_para para; /* PM_PARAGRAPH */
	struct pm_para *items;
	size_t n_items; /* PM_LIST */
	struct pm_table table;
	struct pm_chart chart;
};

struct pm_doc {
	char *title;     /* the document's title, plain text */
	char *subtitle;  /* "#4, exported 2026-12-01 14:50 +01:00" */
	char *head_hash; /* the chain head the document was built from */
	char *verify;    /* the command that verifies it */
	struct pm_block *blocks;
	size_t n_blocks;
};

/* Builds the post-mortem of doc into pm (freed with postmortem_free). */
void postmortem_build(const struct export_doc *doc, struct pm_doc *pm);
void postmortem_free(struct pm_doc *pm);

#endif
