/*
 * test_export_pdf.c - the PDF renderer on a post-mortem model built by
 * hand (postmortem.h): every kind of block, hostile and non-ASCII text,
 * a table long enough to cross pages and a cell taller than a page, both
 * paper sizes, and a failing output. The command-line test
 * (tests/cli/test_pdf.sh) reads real exports back with poppler.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "irt/export_pdf.h"
#include "irt/postmortem.h"
#include "irt/xalloc.h"

#define HOSTILE "Token leak <script>alert(1)</script> & \"quotes\" <b>"

struct model {
	struct pm_doc pm;
	struct pm_block blocks[16];
	struct pm_span spans[4];
	struct pm_para items[2];
	char *cells[400 * 3];
	char *head[3];
	struct pm_bar bars[4];
	struct pm_marker markers[2];
	char *tall;
};

static struct pm_span span(enum pm_style style, const char *text)
{
	struct pm_span s = {style, (char *)text};

	return s;
}

static void model_build(struct model *m, size_t n_rows)
{
	size_t n = 0;
	struct pm_block *b;

	memset(m, 0, sizeof *m);
	m->pm.title = (char *)"Post-incident review: #1 " HOSTILE;
	m->pm.subtitle = (char *)"#1, exported 2026-12-01 14:50 +00:00";
	m->pm.head_hash = (char *)"3f1c0ffee0123456789abcdef0123456789abcdef"
	                          "0123456789abcdef012345";
	m->pm.verify = (char *)"irt verify 1";

	b = &m->blocks[n++];
	b->kind = PM_HEADING;
	b->level = 2;
	b->text = (char *)"Summary";

	m->spans[0] = span(PM_PLAIN, "Café naïve 日本語 \x1b[31m ");
	m->spans[1] = span(PM_STRONG, "<i>strong</i> ");
	m->spans[2] = span(PM_CODE, "irt show 1 ");
	m->spans[3] = span(PM_EMPH, "emphasis");
	b = &m->blocks[n++];
	b->kind = PM_PARAGRAPH;
	b->para.spans = m->spans;
	b->para.n_spans = 4;

	m->items[0].spans = &m->spans[0];
	m->items[0].n_spans = 2;
	m->items[1].spans = &m->spans[2];
	m->items[1].n_spans = 2;
	b = &m->blocks[n++];
	b->kind = PM_LIST;
	b->items = m->items;
	b->n_items = 2;

	b = &m->blocks[n++];
	b->kind = PM_HINT;
	b->text = (char *)"No root cause recorded.";
	b->command = (char *)"irt set 1 root-cause TEXT";

	b = &m->blocks[n++];
	b->kind = PM_HEADING;
	b->level = 2;
	b->text = (char *)"Timeline";

	m->bars[0] = (struct pm_bar){(char *)"detect", 0, 3600000};
	m->bars[1] = (struct pm_bar){(char *)"contain", 3600000, 7200000};
	m->bars[2] = (struct pm_bar){(char *)"fix", 7200000, 0};
	m->markers[0] = (struct pm_marker){(char *)"acknowledge due (met)",
	                                   1800000, PM_MARK_MET, 0};
	m->markers[1] = (struct pm_marker){(char *)"remediate due (open)",
	                                   9000000, PM_MARK_OPEN, -1};
	b = &m->blocks[n++];
	b->kind = PM_CHART;
	b->chart.kind = PM_CHART_STAGES;
	b->chart.title = (char *)"Stages over time";
	b->chart.from_ms = 0;
	b->chart.to_ms = 10800000;
	b->chart.tick_ms = 1800000;
	b->chart.bars = m->bars;
	b->chart.n_bars = 3;
	b->chart.markers = m->markers;
	b->chart.n_markers = 2;
	b->chart.alt = (char *)"detect 1h, contain 1h, fix open";

	m->head[0] = (char *)"#";
	m->head[1] = (char *)"when";
	m->head[2] = (char *)"details";
	/* A cell taller than a page: 400 lines. */
	{
		size_t len = 0;

		m->tall = xmalloc(400 * 12 + 1);
		for (int i = 0; i < 400; i++)
			len += (size_t)sprintf(m->tall + len, "line %4d\n", i);
	}
	for (size_t r = 0; r < n_rows; r++) {
		m->cells[r * 3] = xasprintf("%zu", r + 1);
		m->cells[r * 3 + 1] = xstrdup("2026-11-29 03:12 +00:00");
		m->cells[r * 3 + 2] =
		    r == 5 ? xstrdup(m->tall)
		           : xstrdup(
		                 "note: a longer piece of text that wraps "
		                 "at word boundaries inside its cell " HOSTILE);
	}
	b = &m->blocks[n++];
	b->kind = PM_TABLE;
	b->table.cls = "timeline";
	b->table.n_cols = 3;
	b->table.head = m->head;
	b->table.cells = m->cells;
	b->table.n_rows = n_rows;
	b->table.weight[0] = 1;
	b->table.weight[1] = 3;
	b->table.weight[2] = 8;

	m->pm.blocks = m->blocks;
	m->pm.n_blocks = n;
}

static void model_free(struct model *m)
{
	for (size_t i = 0; i < 400 * 3; i++)
		free(m->cells[i]);
	free(m->tall);
}

/* Renders m on paper into a malloc'd buffer. */
static char *render(struct model *m, enum export_paper paper, size_t *len)
{
	char *buf = NULL;
	FILE *mem = open_memstream(&buf, len);

	assert_non_null(mem);
	assert_int_equal(export_pdf_render(&m->pm, paper, mem), 0);
	assert_int_equal(fclose(mem), 0);
	return buf;
}

static size_t count(const char *buf, size_t len, const char *what)
{
	size_t n = 0, wl = strlen(what);

	for (size_t i = 0; i + wl <= len; i++)
		if (memcmp(buf + i, what, wl) == 0)
			n++;
	return n;
}

static void test_pdf_pages_and_paper(void **state)
{
	struct model m;
	size_t len, pages_a4;
	char *pdf;

	(void)state;
	model_build(&m, 300);
	pdf = render(&m, EXPORT_PAPER_A4, &len);
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF-", 5);
	assert_non_null(strstr(pdf + len - 8, "%%EOF"));
	/* 300 wrapped rows and a 400-line cell: many pages. */
	pages_a4 =
	    count(pdf, len, "/Type /Page\n") + count(pdf, len, "/Type /Page ");
	assert_true(pages_a4 > 10);
	assert_true(count(pdf, len, "595.27") > 0);
	/* $IRT_TEST_PDF_OUT: keep the A4 rendering there, to look at. */
	if (getenv("IRT_TEST_PDF_OUT")) {
		FILE *f = fopen(getenv("IRT_TEST_PDF_OUT"), "wb");

		assert_non_null(f);
		assert_int_equal(fwrite(pdf, 1, len, f), len);
		fclose(f);
	}
	free(pdf);

	pdf = render(&m, EXPORT_PAPER_LETTER, &len);
	assert_true(count(pdf, len, "612 792") > 0);
	free(pdf);
	model_free(&m);
}

static void test_pdf_empty_model(void **state)
{
	struct pm_doc pm = {0};
	char *buf = NULL;
	size_t len;
	FILE *mem = open_memstream(&buf, &len);

	(void)state;
	assert_int_equal(export_pdf_render(&pm, EXPORT_PAPER_A4, mem), 0);
	fclose(mem);
	assert_memory_equal(buf, "%PDF-", 5);
	free(buf);
}

static void test_pdf_write_failure(void **state)
{
	struct model m;
	FILE *full = fopen("/dev/full", "w");

	(void)state;
	if (!full)
		skip();
	model_build(&m, 20);
	assert_int_equal(export_pdf_render(&m.pm, EXPORT_PAPER_A4, full), -1);
	fclose(full);
	model_free(&m);
}

static void test_paper_names(void **state)
{
	(void)state;
	assert_int_equal(export_paper_parse("A4"), EXPORT_PAPER_A4);
	assert_int_equal(export_paper_parse("letter"), EXPORT_PAPER_LETTER);
	assert_int_equal(export_paper_parse("legal"), -1);
	assert_string_equal(export_paper_name(EXPORT_PAPER_LETTER), "letter");
	assert_int_equal(export_format_parse("PDF"), EXPORT_PDF);
	assert_string_equal(export_format_name(EXPORT_PDF), "pdf");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pdf_pages_and_paper),
	    cmocka_unit_test(test_pdf_empty_model),
	    cmocka_unit_test(test_pdf_write_failure),
	    cmocka_unit_test(test_paper_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
