/*
 * cmd_cvss.c - `irt cvss VECTOR... | irt cvss - [--json]`: score CVSS
 * vectors without touching the database.
 *
 * Each vector gives one result, in input order: "SCORE BAND VECTOR" (the
 * normalised vector, whose prefix names the version), or with --json one
 * object in the irt-cvss/1 envelope. A vector that does not parse gives
 * an error in its place, on stdout so that output lines still match input
 * lines, and on stderr as "irt: ..."; the rest are scored and the command
 * exits 2 at the end. With "-", vectors are read one per line from stdin
 * (blank lines skipped, line numbers counting every line) and results are
 * written as they come, so any number of vectors runs in constant memory.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "irt/cvss.h"
#include "irt/xalloc.h"

enum { OPT_JSON = CLI_OPT_FIRST_FREE };

#define FORMAT "irt-cvss/1"
/* Scores have one decimal and at most three digits. */
#define JSON_FLAGS (JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(3))

struct cvss_out {
	int json;
	size_t n_results; /* written so far, for the JSON commas */
	int n_invalid;
};

/* The length of the well-formed UTF-8 sequence at s[0..avail), or 0. */
static size_t utf8_len(const unsigned char *s, size_t avail)
{
	unsigned long cp, min;
	size_t need;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0)
		need = 2, cp = s[0] & 0x1f, min = 0x80;
	else if ((s[0] & 0xf0) == 0xe0)
		need = 3, cp = s[0] & 0x0f, min = 0x800;
	else if ((s[0] & 0xf8) == 0xf0)
		need = 4, cp = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (need > avail)
		return 0;
	for (size_t k = 1; k < need; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[k] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need;
}

/*
 * A malloc'd copy of s[0..len) that is valid UTF-8, each byte that does
 * not start a well-formed sequence replaced by U+FFFD, for quoting input
 * in JSON (jansson refuses invalid UTF-8). *out_len gets its length.
 */
static char *utf8_copy(const char *s, size_t len, size_t *out_len)
{
	const unsigned char *u = (const unsigned char *)s;
	char *out = xmalloc(len * 3 + 1);
	size_t n = 0;

	for (size_t i = 0; i < len;) {
		size_t k = utf8_len(u + i, len - i);

		if (k) {
			memcpy(out + n, s + i, k);
			n += k;
			i += k;
		} else {
			memcpy(out + n, "\xef\xbf\xbd", 3);
			n += 3;
			i++;
		}
	}
	out[n] = '\0';
	*out_len = n;
	return out;
}

/* Writes one JSON result object, after a comma when not the first. */
static void put_json(struct cvss_out *o, json_t *obj)
{
	if (o->n_results++)
		fputs(",\n", stdout);
	out_json_dump(stdout, obj, JSON_FLAGS);
	json_decref(obj);
}

static void put_result(struct cvss_out *o, const struct cvss_result *r)
{
	json_t *obj;

	if (!o->json) {
		/* Scores are k / 10 for k in 0..100: print k's digits. */
		int tenths = (int)(r->score * 10 + 0.5);

		printf("%d.%d %s %s\n", tenths / 10, tenths % 10,
		       severity_name(r->band), r->vector);
		return;
	}
	obj = json_pack("{s:s, s:s, s:f, s:f}", "vector", r->vector, "version",
	                cvss_version_name(r->version), "score", r->score,
	                "base", r->base);
	if (r->temporal >= 0)
		json_object_set_new(obj, "temporal", json_real(r->temporal));
	if (r->environmental >= 0)
		json_object_set_new(obj, "environmental",
		                    json_real(r->environmental));
	json_object_set_new(obj, "band", json_string(severity_name(r->band)));
	put_json(o, obj);
}

/* An input that did not score: `where` is "line 3" or "argument 2". */
static void put_error(struct cvss_out *o, const char *where, const char *input,
                      size_t input_len, const char *msg)
{
	o->n_invalid++;
	cli_error("%s: %s", where, msg);
	if (o->json) {
		size_t len;
		char *text = utf8_copy(input, input_len, &len);

		put_json(o, json_pack("{s:s%, s:s}", "input", text, len,
		                      "error", msg));
		free(text);
	} else {
		printf("error: %s: %s\n", where, msg);
	}
}

/* Scores text[0..len) (len counts any NUL bytes in it). */
static void score_one(struct cvss_out *o, const char *where, const char *text,
                      size_t len)
{
	struct cvss_result r;
	struct irt_err err;

	if (strlen(text) != len)
		put_error(o, where, text, len, "a NUL byte in the vector");
	else if (cvss_score(text, &r, &err) != IRT_OK)
		put_error(o, where, text, len, err.msg);
	else
		put_result(o, &r);
}

/* Whether s[0..len) holds only blanks (a NUL byte is not blank). */
static int is_blank_line(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
		    s[i] != '\v' && s[i] != '\f')
			return 0;
	return 1;
}

/* Scores every non-blank line of stdin. Returns 0, or 1 on a read error. */
static int score_stdin(struct cvss_out *o)
{
	char *line = NULL, where[32];
	size_t cap = 0;
	ssize_t len;
	long n = 0;
	int rc = 0;

	while ((len = getline(&line, &cap, stdin)) != -1) {
		n++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (is_blank_line(line, (size_t)len))
			continue;
		snprintf(where, sizeof where, "line %ld", n);
		score_one(o, where, line, (size_t)len);
	}
	if (ferror(stdin)) {
		cli_error("cannot read standard input");
		rc = 1;
	}
	free(line);
	return rc;
}

static const struct cli_opt cvss_opts[] = {{"json", 0, CLI_ARG_NONE, OPT_JSON},
                                           {0}};
static const enum cli_arg cvss_args[] = {CLI_ARG_CVSS, CLI_ARG_NONE};

static int cvss_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct cvss_out o = {0};
	int c, rc = 0;

	while ((c = cli_getopt(ctx, &cli_cmd_cvss, argc, argv)) != -1) {
		if (c != OPT_JSON)
			return c == 'h' ? 0 : 2;
		o.json = 1;
	}
	if (optind >= argc)
		return cli_usage(&cli_cmd_cvss, "give a vector, or - to read "
		                                "them from standard input");
	for (int i = optind; i < argc; i++)
		if (strcmp(argv[i], "-") == 0 && argc - optind > 1)
			return cli_usage(&cli_cmd_cvss,
			                 "- reads every vector from standard "
			                 "input: give no other");

	if (o.json)
		fputs("{\"format\": \"" FORMAT "\", \"results\": [\n", stdout);
	if (strcmp(argv[optind], "-") == 0) {
		rc = score_stdin(&o);
	} else {
		for (int i = optind; i < argc; i++) {
			char where[32];

			snprintf(where, sizeof where, "argument %d",
			         i - optind + 1);
			score_one(&o, where, argv[i], strlen(argv[i]));
		}
	}
	if (o.json)
		fputs(o.n_results ? "\n]}\n" : "]}\n", stdout);
	if (rc == 0 && o.n_invalid)
		rc = 2;
	return rc;
}

const struct cli_cmd cli_cmd_cvss = {
    "cvss",
    "VECTOR... | - [--json]",
    "Score CVSS v3.0, v3.1 and v4.0 vectors",
    "Prints one line per vector, in order: the score, its band and the\n"
    "normalised vector (metrics in specification order, X dropped but\n"
    "for E:X or CR:X where a v3 group is named only as X), e.g.\n"
    "  9.8 critical CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n"
    "The score is v3's environmental score when the vector names any\n"
    "environmental metric (even as X), else its temporal score when it\n"
    "names a temporal one, else its base score; for v4.0 the score of the\n"
    "whole vector.\n"
    "\n"
    "  -              read vectors from standard input, one per line\n"
    "                 (blank lines skipped)\n"
    "  --json         JSON (format irt-cvss/1): {\"format\", \"results\"},\n"
    "                 one object per vector with vector, version, score,\n"
    "                 base, temporal and environmental (v3, when the\n"
    "                 vector names a metric of the group) and band, or\n"
    "                 input and error\n"
    "\n"
    "v3 metrics may come in any order; v4.0 metrics must come in the\n"
    "specification's order, and a v4.0 vector out of order is refused with\n"
    "the vector in order in the message.\n"
    "\n"
    "A vector that does not parse prints \"error: line N: MESSAGE\" (or\n"
    "\"argument N\") in its place and on standard error; the others are\n"
    "still scored and the exit status is then 2. No database is used.\n",
    cvss_exec,
    cvss_opts,
    cvss_args,
    NULL,
};
