/*
 * sanitize.c - control characters and invalid UTF-8 turned into visible,
 * inert text before anything is shown on a terminal.
 */
#include "irt/sanitize.h"

#include <stdio.h>
#include <string.h>

#include "irt/xalloc.h"

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

int sanitize_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < len;) {
		size_t k = utf8_len(p + i, len - i);

		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

char *sanitize_terminal(const char *s, int flags)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p), o = 0;
	char *out = xmalloc(4 * n + 1);

	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		size_t k = utf8_len(p + i, n - i);

		if (c == '\n' && (flags & SANITIZE_KEEP_NEWLINES)) {
			out[o++] = '\n';
			i++;
		} else if (c == '\t') {
			out[o++] = (flags & SANITIZE_KEEP_TABS) ? '\t' : ' ';
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			out[o++] = '^';
			out[o++] = c == 0x7f ? '?' : (char)(c + '@');
			i++;
		} else if (k == 0) {
			o += (size_t)sprintf(out + o, "\\x%02x", c);
			i++;
		} else if (k == 2 && c == 0xc2 && p[i + 1] < 0xa0) {
			/* C1 control (U+0080..U+009F). */
			o += (size_t)sprintf(out + o, "<%02x>", p[i + 1]);
			i += 2;
		} else {
			memcpy(out + o, p + i, k);
			o += k;
			i += k;
		}
	}
	out[o] = '\0';
	return out;
}
