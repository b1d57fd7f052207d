/*
 * sanitize.c - control characters, invisible and direction-changing
 * characters and invalid UTF-8 turned into visible, inert text before
 * anything is shown to a person; and the C1 controls and DEL that jansson
 * leaves raw escaped in JSON text.
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

/* The code point of the valid len-byte UTF-8 sequence at s. */
static unsigned utf8_code_point(const unsigned char *s, size_t len)
{
	static const unsigned char lead_mask[] = {0, 0x7f, 0x1f, 0x0f, 0x07};
	unsigned cp = s[0] & lead_mask[len];

	for (size_t i = 1; i < len; i++)
		cp = cp << 6 | (s[i] & 0x3f);
	return cp;
}

int sanitize_invisible(unsigned cp)
{
	return cp == 0x061c ||                   /* Arabic letter mark */
	       (cp >= 0x200b && cp <= 0x200f) || /* zero widths, LRM, RLM */
	       cp == 0x2028 || cp == 0x2029 ||   /* line, paragraph sep. */
	       (cp >= 0x202a && cp <= 0x202e) || /* embeddings, overrides */
	       (cp >= 0x2060 && cp <= 0x2064) || /* word joiner, invisibles */
	       (cp >= 0x2066 && cp <= 0x2069) || /* isolates */
	       cp == 0xfeff;                     /* BOM, zero width no-break */
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
		} else if (k > 1 &&
		           sanitize_invisible(utf8_code_point(p + i, k))) {
			/* At most 8 bytes for at least 2: within 4 * n. */
			o += (size_t)sprintf(out + o, "<U+%04X>",
			                     utf8_code_point(p + i, k));
			i += k;
		} else {
			memcpy(out + o, p + i, k);
			o += k;
			i += k;
		}
	}
	out[o] = '\0';
	return out;
}

/* Whether the byte at p starts a C1 control (U+0080..U+009F). */
static int is_c1(const unsigned char *p)
{
	return p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0;
}

char *sanitize_json(const char *json)
{
	const unsigned char *p = (const unsigned char *)json;
	size_t n = strlen(json), size = n + 1, o = 0;
	char *out;

	/* "\u007F" is 5 bytes more than DEL, "\u0080" 4 more than C2 80. */
	for (size_t i = 0; i < n; i++)
		size += p[i] == 0x7f ? 5 : is_c1(p + i) ? 4 : 0;
	out = xmalloc(size);
	for (size_t i = 0; i < n; i++) {
		if (p[i] == 0x7f) {
			memcpy(out + o, "\\u007F", 6);
			o += 6;
		} else if (is_c1(p + i)) {
			o += (size_t)sprintf(out + o, "\\u%04X", p[++i]);
		} else {
			out[o++] = (char)p[i];
		}
	}
	out[o] = '\0';
	return out;
}
