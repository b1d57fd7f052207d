/*
 * fuzz_sanitize.c - libFuzzer target for the terminal sanitiser: for any
 * bytes, the result holds no control character (but newlines and tabs
 * when asked to keep them), is valid UTF-8, and is never longer than
 * four times the input. Display-width fitting must stay within its
 * buffer and its column budget.
 */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "irt/sanitize.h"
#include "irt/textcol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static void check_clean(const char *out, size_t in_len, int flags)
{
	size_t n = strlen(out);

	check(n <= 4 * in_len);
	check(sanitize_utf8_valid(out, n));
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)out[i];

		if (c == '\n')
			check(flags & SANITIZE_KEEP_NEWLINES);
		else if (c == '\t')
			check(flags & SANITIZE_KEEP_TABS);
		else
			check(c >= 0x20 && c != 0x7f);
		/* No C1 control (U+0080..U+009F, encoded C2 80..C2 9F). */
		if (c == 0xc2 && i + 1 < n)
			check((unsigned char)out[i + 1] >= 0xa0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int locale_set;
	char *text = malloc(size + 1), *out, cell[64];
	int cols = size ? data[0] % 40 : 0, used;

	if (!locale_set) {
		setlocale(LC_ALL, "C.UTF-8");
		locale_set = 1;
	}
	memcpy(text, data, size);
	text[size] = '\0';
	for (int flags = 0; flags < 4; flags++) {
		out = sanitize_terminal(text, flags);
		check_clean(out, strlen(text), flags);
		free(out);
	}
	out = sanitize_terminal(text, 0);
	used = textcol_fit(out, cols, 1, cell, sizeof cell);
	check(used <= cols || cols == 0);
	check(strlen(cell) < sizeof cell);
	check(textcol_width(out) >= 0);
	free(out);
	free(text);
	return 0;
}
