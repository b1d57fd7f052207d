/*
 * export_md.c - the post-mortem (postmortem.h's model) as CommonMark
 * with GitHub-style pipe tables. It draws the model and nothing else:
 * headings, paragraphs of styled spans, tables, hints (in emphasis, the
 * command as code), and each chart as its alt text.
 *
 * Stored text only ever enters the Markdown through export_md_text
 * (backslash-escaped) or as a code span fenced by more backticks than it
 * holds, so a title or note cannot add headings, links, HTML or table
 * columns. The only HTML written is the <br> of a line break in a cell.
 */
#include "export_internal.h"

#include <stdlib.h>
#include <string.h>

#include "irt/sanitize.h"

/* A code span holding s on one line, fenced by one backtick more than
 * the longest run in s (CommonMark: backslashes do not escape there). */
static void md_code(FILE *out, const char *s)
{
	char *safe = sanitize_terminal(s, 0);
	size_t run = 0, longest = 0, len = strlen(safe);
	int pad;

	for (char *p = safe; *p; p++) {
		if (*p == '\n' || *p == '\r')
			*p = ' ';
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	pad = len && (safe[0] == '`' || safe[len - 1] == '`' ||
	              safe[0] == ' ' || safe[len - 1] == ' ');
	for (size_t i = 0; i <= longest; i++)
		fputc('`', out);
	fputs(pad ? " " : "", out);
	fputs(safe, out);
	fputs(pad ? " " : "", out);
	for (size_t i = 0; i <= longest; i++)
		fputc('`', out);
	free(safe);
}

static void md_para(FILE *out, const struct pm_para *p)
{
	for (size_t i = 0; i < p->n_spans; i++) {
		const struct pm_span *s = &p->spans[i];
		enum md_mode mode = i ? MD_SPAN : MD_PROSE;

		switch (s->style) {
		case PM_CODE:
			md_code(out, s->text);
			break;
		case PM_STRONG:
			fputs("**", out);
			export_md_text(out, s->text, MD_SPAN);
			fputs("**", out);
			break;
		case PM_EMPH:
			fputc('*', out);
			export_md_text(out, s->text, MD_SPAN);
			fputc('*', out);
			break;
		default:
			export_md_text(out, s->text, mode);
		}
	}
	fputs("\n\n", out);
}

static void md_table(FILE *out, const struct pm_table *t)
{
	for (size_t c = 0; c < t->n_cols; c++) {
		fputs("| ", out);
		export_md_text(out, t->head[c], MD_CELL);
		fputc(' ', out);
	}
	fputs("|\n", out);
	for (size_t c = 0; c < t->n_cols; c++)
		fputs("| --- ", out);
	fputs("|\n", out);
	for (size_t r = 0; r < t->n_rows; r++) {
		for (size_t c = 0; c < t->n_cols; c++) {
			fputs("| ", out);
			export_md_text(out, t->cells[r * t->n_cols + c],
			               MD_CELL);
			fputc(' ', out);
		}
		fputs("|\n", out);
	}
	fputc('\n', out);
}

static void md_block(FILE *out, const struct pm_block *b)
{
	switch (b->kind) {
	case PM_HEADING:
		for (int i = 0; i < b->level; i++)
			fputc('#', out);
		fputc(' ', out);
		export_md_text(out, b->text, MD_INLINE);
		fputs("\n\n", out);
		break;
	case PM_PARAGRAPH:
		md_para(out, &b->para);
		break;
	case PM_LIST:
		for (size_t i = 0; i < b->n_items; i++) {
			fputs("- ", out);
			md_para(out, &b->items[i]);
		}
		break;
	case PM_TABLE:
		md_table(out, &b->table);
		break;
	case PM_HINT:
		fputc('*', out);
		export_md_text(out, b->text, MD_INLINE);
		fputs("* ", out);
		if (b->command)
			md_code(out, b->command);
		fputs("\n\n", out);
		break;
	case PM_CHART:
		fputc('*', out);
		export_md_text(out, b->chart.alt ? b->chart.alt : "",
		               MD_INLINE);
		fputs("*\n\n", out);
		break;
	}
}

int export_md_write(const struct pm_doc *pm, FILE *out)
{
	fputs("# ", out);
	export_md_text(out, pm->title, MD_INLINE);
	fputs("\n\n", out);
	if (pm->subtitle) {
		export_md_text(out, pm->subtitle, MD_PROSE);
		fputs("\n\n", out);
	}
	for (size_t i = 0; i < pm->n_blocks; i++)
		md_block(out, &pm->blocks[i]);
	return ferror(out) ? -1 : 0;
}
