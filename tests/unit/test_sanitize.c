/*
 * test_sanitize.c - stored text made safe for a terminal, JSON text made
 * free of raw control characters, and display widths of UTF-8 text.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "irt/sanitize.h"
#include "irt/textcol.h"

static void expect(const char *in, int flags, const char *want)
{
	char *out = sanitize_terminal(in, flags);

	assert_string_equal(out, want);
	free(out);
}

static void test_controls_made_visible(void **state)
{
	(void)state;
	expect("plain text", 0, "plain text");
	expect("\033[31mred\033[0m", 0, "^[[31mred^[[0m");
	expect("title\033]0;pwned\007", 0, "title^[]0;pwned^G");
	expect("a\nb", 0, "a^Jb");
	expect("a\nb", SANITIZE_KEEP_NEWLINES, "a\nb");
	expect("a\tb", 0, "a b");
	expect("a\tb", SANITIZE_KEEP_TABS, "a\tb");
	expect("del\177", 0, "del^?");
	expect("cr\r", 0, "cr^M");
	/* C1 controls (CSI as U+009B) and invalid bytes. */
	expect("x\xc2\x9b"
	       "31m",
	       0, "x<9b>31m");
	expect("bad\xff\xfe", 0, "bad\\xff\\xfe");
	expect("overlong\xc0\xaf", 0, "overlong\\xc0\\xaf");
	expect("surrogate\xed\xa0\x80", 0, "surrogate\\xed\\xa0\\x80");
	expect("cut\xe2\x82", 0, "cut\\xe2\\x82");
	expect(NULL, 0, "");
}

static void test_invisible_made_visible(void **state)
{
	(void)state;
	/* "Trojan Source": an override makes "txt.exe" display as
	 * "exe.txt"; every one shows as its code point instead. */
	expect("invoice\xe2\x80\xaetxt.exe", 0, "invoice<U+202E>txt.exe");
	expect("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", 0,
	       "<U+202A><U+202B><U+202C><U+202D>");
	expect("\xe2\x81\xa6"
	       "a\xe2\x81\xa7"
	       "b\xe2\x81\xa8"
	       "c\xe2\x81\xa9",
	       0, "<U+2066>a<U+2067>b<U+2068>c<U+2069>");
	expect("ad\xe2\x80\x8bmin\xe2\x80\x8c\xe2\x80\x8d\xe2\x80\x8e\xe2"
	       "\x80\x8f",
	       0, "ad<U+200B>min<U+200C><U+200D><U+200E><U+200F>");
	/* Line and paragraph separators would break a line on some
	 * terminals even where newlines are not kept. */
	expect("one\xe2\x80\xa8two\xe2\x80\xa9", SANITIZE_KEEP_NEWLINES,
	       "one<U+2028>two<U+2029>");
	expect("\xef\xbb\xbftitle", 0, "<U+FEFF>title");
	expect("\xd8\x9c\xe2\x81\xa0", 0, "<U+061C><U+2060>");
	/* Neighbours of the ranges are ordinary text. */
	expect("\xe2\x80\x8a\xe2\x80\x90\xe2\x80\xaf\xe2\x81\xa5\xef\xbb"
	       "\xbe",
	       0,
	       "\xe2\x80\x8a\xe2\x80\x90\xe2\x80\xaf\xe2\x81\xa5\xef\xbb\xbe");
	assert_true(sanitize_invisible(0x202e));
	assert_false(sanitize_invisible(0x202f));
	assert_false(sanitize_invisible('a'));
	/* The worst case for the output's size: all 2-byte invisibles. */
	expect("\xd8\x9c\xd8\x9c", 0, "<U+061C><U+061C>");
}

static void expect_json(const char *in, const char *want)
{
	char *out = sanitize_json(in);

	assert_string_equal(out, want);
	free(out);
}

static void test_json_controls_escaped(void **state)
{
	(void)state;
	expect_json("{\"a\": \"del\x7f\"}", "{\"a\": \"del\\u007F\"}");
	expect_json("\"\xc2\x80\xc2\x85\xc2\x9b\xc2\x9f\"",
	            "\"\\u0080\\u0085\\u009B\\u009F\"");
	/* Other two-byte characters, NBSP and the invisibles stay. */
	expect_json("\"caf\xc3\xa9 \xc2\xa0 \xe2\x80\xae \xc2\xbf\"",
	            "\"caf\xc3\xa9 \xc2\xa0 \xe2\x80\xae \xc2\xbf\"");
	expect_json("", "");
	expect_json("\x7f\x7f", "\\u007F\\u007F");
}

static void test_utf8_kept(void **state)
{
	(void)state;
	expect("café 日本語 🔥", 0, "café 日本語 🔥");
	assert_true(sanitize_utf8_valid("café 🔥", strlen("café 🔥")));
	assert_false(sanitize_utf8_valid("\xff", 1));
	assert_false(sanitize_utf8_valid("\xe2\x82", 2));
}

static void test_widths(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(textcol_width("abc"), 3);
	assert_int_equal(textcol_width("日本"), 4);
	assert_int_equal(textcol_width("🔥x"), 3);
	assert_int_equal(textcol_width("e\xcc\x81"), 1); /* e + combining */
	assert_int_equal(textcol_fit("abcdef", 4, 0, out, sizeof out), 4);
	assert_string_equal(out, "abc…");
	assert_int_equal(textcol_fit("日本語", 5, 1, out, sizeof out), 5);
	/* Three wide characters need 6: two and the ellipsis fill 5. */
	assert_string_equal(out, "日本…");
	assert_int_equal(textcol_fit("日本語", 4, 1, out, sizeof out), 4);
	assert_string_equal(out, "日… ");
	assert_int_equal(textcol_fit("ab", 4, 1, out, sizeof out), 4);
	assert_string_equal(out, "ab  ");
	assert_int_equal(textcol_fit("日本", 4, 0, out, sizeof out), 4);
	assert_string_equal(out, "日本");
	/* A wide character never split across the limit. */
	assert_int_equal(textcol_fit("a日本", 3, 1, out, sizeof out), 3);
	assert_string_equal(out, "a… ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_controls_made_visible),
	    cmocka_unit_test(test_invisible_made_visible),
	    cmocka_unit_test(test_json_controls_escaped),
	    cmocka_unit_test(test_utf8_kept),
	    cmocka_unit_test(test_widths),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
