/*
 * test_sanitize.c - stored text made safe for a terminal, and display
 * widths of UTF-8 text.
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
	    cmocka_unit_test(test_utf8_kept),
	    cmocka_unit_test(test_widths),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
