/*
 * textcol.c - display width of UTF-8 text, and cutting it to a width.
 */
#include "irt/textcol.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Decodes one character at s: its byte length and its width. */
static size_t next_char(const char *s, int *width)
{
	mbstate_t st;
	wchar_t wc;
	size_t n;
	int w;

	memset(&st, 0, sizeof st);
	n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*width = 1;
		return 1;
	}
	w = wcwidth(wc);
	*width = w < 0 ? 1 : w;
	return n;
}

int textcol_width(const char *s)
{
	int total = 0, w;

	while (*s) {
		s += next_char(s, &w);
		total += w;
	}
	return total;
}

int textcol_fit(const char *s, int cols, int pad, char *out, size_t size)
{
	size_t o = 0;
	int used = 0, w;
	int fits = textcol_width(s) <= cols;
	int budget = fits ? cols : cols - 1; /* room for the ellipsis */

	if (size == 0)
		return 0;
	while (*s) {
		size_t n = next_char(s, &w);

		if (used + w > budget || o + n + 4 > size)
			break;
		memcpy(out + o, s, n);
		o += n;
		used += w;
		s += n;
	}
	if (!fits && cols > 0 && o + 4 <= size) {
		memcpy(out + o, "\xe2\x80\xa6", 3); /* … */
		o += 3;
		used++;
	}
	while (pad && used < cols && o + 2 <= size) {
		out[o++] = ' ';
		used++;
	}
	out[o] = '\0';
	return used;
}

size_t textcol_prefix(const char *s, int cols, int *used)
{
	size_t o = 0;
	int total = 0, w;

	while (s[o]) {
		size_t n = next_char(s + o, &w);

		if (total + w > cols)
			break;
		o += n;
		total += w;
	}
	if (used)
		*used = total;
	return o;
}
