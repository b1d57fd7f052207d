/*
 * test_jsonw.c - the JSON writer: its text is byte for byte what
 * json_dumps writes for the same tree with the same flags, followed by
 * sanitize_json (the text every --json output and the JSON export were
 * before they were streamed), over hostile strings, integers at their
 * limits, reals, empty and nested containers and every flag set irt
 * uses; known tricky strings are also pinned as literal bytes, and the
 * tree writer builds the tree the text describes.
 */
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "irt/jsonw.h"
#include "irt/sanitize.h"

/* Every flag set an irt command dumps with. */
static const size_t flag_sets[] = {
    JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4),
    JSON_INDENT(2) | JSON_PRESERVE_ORDER,
    JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4),
    JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(3),
    JSON_ENCODE_ANY,
    JSON_INDENT(5) | JSON_REAL_PRECISION(17),
};
#define N_FLAG_SETS (sizeof flag_sets / sizeof flag_sets[0])

/* What the commands wrote before: json_dumps, then sanitize_json. */
static char *reference(json_t *v, size_t flags)
{
	char *text = json_dumps(v, flags | JSON_ENCODE_ANY), *safe;

	assert_non_null(text);
	safe = sanitize_json(text);
	free(text);
	return safe;
}

/* v written by jsonw_value_new with flags, as a malloc'd string. */
static char *streamed(json_t *v, size_t flags, size_t *len)
{
	char *text = NULL;
	FILE *mem = open_memstream(&text, len);
	struct jsonw *w;

	assert_non_null(mem);
	w = jsonw_new_text(mem, flags);
	jsonw_value_new(w, json_incref(v));
	assert_int_equal(jsonw_free(w), 0);
	fclose(mem);
	return text;
}

static void assert_same_text(json_t *v)
{
	for (size_t i = 0; i < N_FLAG_SETS; i++) {
		size_t len;
		char *want = reference(v, flag_sets[i]);
		char *got = streamed(v, flag_sets[i], &len);

		assert_int_equal(len, strlen(want));
		assert_string_equal(got, want);
		free(want);
		free(got);
	}
}

/* Strings that have broken JSON writers: every C0 control, DEL, the C1
 * controls and their neighbours, quotes, backslashes, slashes, text that
 * looks like an escape, invisible and direction-changing characters,
 * CJK, emoji (outside the BMP) and an embedded NUL. */
static json_t *hostile_strings(void)
{
	json_t *arr = json_array();
	char all[256];
	size_t n = 0;

	for (int c = 1; c < 0x80; c++)
		all[n++] = (char)c;
	json_array_append_new(arr, json_stringn(all, n));
	json_array_append_new(
	    arr, json_string("\xc2\x7f"
	                     "x\xc2\x80\xc2\x85\xc2\x9b\xc2\x9f\xc2\xa0\xc2"
	                     "\xbf\xc3\x80\xc3\xa9"));
	json_array_append_new(
	    arr, json_string("\"\\\"\\\\u0041 \\n / // </script>"));
	json_array_append_new(
	    arr, json_string("\xe2\x80\xae txt.exe \xe2\x80\x8b"
	                     "\xef\xbb\xbf \xe2\x80\xa8 \xd8\x9c"));
	json_array_append_new(arr,
	                      json_string("漏洞报告 日本語 한국어 🔥🚒 "
	                                  "\xf0\x9f\x91\xa9\xe2\x80\x8d"
	                                  "\xf0\x9f\x92\xbb \xf4\x8f\xbf\xbf"));
	json_array_append_new(arr, json_stringn("nul\0inside", 10));
	json_array_append_new(arr, json_string(""));
	json_array_append_new(arr,
	                      json_string("\x1b[31mred\x1b[0m\a\b\f\r\t\v"));
	return arr;
}

static void test_strings_as_jansson(void **state)
{
	json_t *arr = hostile_strings(), *obj = json_object();
	size_t i;
	json_t *s;

	(void)state;
	assert_same_text(arr);
	/* The same strings as keys. */
	json_array_foreach(arr, i, s)
	{
		if (strlen(json_string_value(s)) == json_string_length(s))
			json_object_set(obj, json_string_value(s), s);
	}
	assert_same_text(obj);
	json_decref(obj);
	json_decref(arr);
}

/* Plain text is copied 8 bytes at a time: every byte that needs an
 * escape (and a C1 control, and a multi-byte character) at every place
 * of strings of 1 to 40 bytes, so each lands in and across those words. */
static void test_escapes_at_every_offset(void **state)
{
	static const char *const specials[] = {
	    "\"",       "\\",       "\x01",     "\x1f",         "\x7f",
	    "\xc2\x85", "\xc2\xa0", "\xc3\xa9", "\xe6\x9d\xb1", " "};
	json_t *arr = json_array();

	(void)state;
	for (size_t k = 0; k < sizeof specials / sizeof *specials; k++)
		for (size_t len = 1; len <= 40; len++)
			for (size_t at = 0; at < len; at++) {
				char buf[64];
				size_t n = strlen(specials[k]);

				memset(buf, 'a', len);
				memcpy(buf + at, specials[k], n);
				buf[len > at + n ? len : at + n] = '\0';
				json_array_append_new(arr, json_string(buf));
			}
	assert_same_text(arr);
	json_decref(arr);
}

static void test_numbers_as_jansson(void **state)
{
	static const double reals[] = {
	    0.0,      -0.0,           8.1,
	    9.8,      10.0,           5.4,
	    0.1,      1.0 / 3,        2.0 / 3,
	    1e20,     1e21,           1e-5,
	    1e-7,     1.5e300,        -2e-300,
	    4.9e-324, 123456789012.0, 1e16,
	    99999.5,  0.00015,        6.25,
	    -7.75,    1e100,          3.14159265358979};
	static const int64_t ints[] = {
	    0, 1, -1, 42, INT64_MAX, INT64_MIN, 1767225600000, -28570826973};
	json_t *arr = json_array();

	(void)state;
	for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++)
		json_array_append_new(arr, json_real(reals[i]));
	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
		json_array_append_new(arr, json_integer(ints[i]));
	json_array_append_new(arr, json_true());
	json_array_append_new(arr, json_false());
	json_array_append_new(arr, json_null());
	assert_same_text(arr);
	json_decref(arr);
}

static void test_containers_as_jansson(void **state)
{
	json_t *v = json_loads(
	    "{\"a\": {}, \"b\": [], \"c\": [[], {}, [[]], {\"x\": {}}],"
	    " \"d\": {\"e\": [1, {\"f\": [2.5, \"g\", null]}, true]},"
	    " \"z\": 1, \"y\": 2, \"x\": 3}",
	    0, NULL);
	json_t *deep = json_array(), *top = deep;

	(void)state;
	assert_non_null(v);
	assert_same_text(v);
	/* Deeper than the spaces written at once. */
	for (int i = 0; i < 40; i++) {
		json_t *inner = json_object();

		json_array_append_new(top, inner);
		top = json_array();
		json_object_set_new(inner, "k", top);
	}
	json_array_append_new(top, json_string("bottom"));
	assert_same_text(deep);
	/* Bare values at the top (JSON_ENCODE_ANY). */
	assert_same_text(json_object_get(v, "z"));
	json_decref(deep);
	json_decref(v);
}

/* A document longer than the writer's buffer, escapes across its end. */
static void test_longer_than_buffer(void **state)
{
	size_t n = 3 * JSONW_BUFSZ + 17;
	char *big = malloc(n + 1);
	json_t *arr = json_array();

	(void)state;
	for (size_t i = 0; i < n; i++)
		big[i] = "ab\"\\\n\x7f"[i % 6];
	big[n] = '\0';
	json_array_append_new(arr, json_string(big));
	for (int i = 0; i < 5000; i++)
		json_array_append_new(arr, json_string("\xc2\x85 row"));
	assert_same_text(arr);
	json_decref(arr);
	free(big);
}

/* The text of one jsonw_string(s), compact. */
static char *one_string(const char *s)
{
	char *text = NULL;
	size_t len;
	FILE *mem = open_memstream(&text, &len);
	struct jsonw *w = jsonw_new_text(mem, JSON_COMPACT);

	jsonw_string(w, s);
	assert_int_equal(jsonw_free(w), 0);
	fclose(mem);
	return text;
}

static void expect_text(const char *s, const char *want)
{
	char *got = one_string(s);

	assert_string_equal(got, want);
	free(got);
}

/* Pinned bytes, so that a change to the escaper that jansson would
 * share (a newer jansson) is still caught. */
static void test_known_strings(void **state)
{
	(void)state;
	expect_text("plain", "\"plain\"");
	expect_text("q\"b\\s/", "\"q\\\"b\\\\s/\"");
	expect_text("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	expect_text("\x01\x1b\x1f\x0b", "\"\\u0001\\u001B\\u001F\\u000B\"");
	expect_text("del\x7f", "\"del\\u007F\"");
	expect_text("\xc2\x80\xc2\x85\xc2\x9b\xc2\x9f",
	            "\"\\u0080\\u0085\\u009B\\u009F\"");
	/* NBSP, the invisibles, CJK and emoji are kept as they are. */
	expect_text("\xc2\xa0\xe2\x80\xae漏洞🔥",
	            "\"\xc2\xa0\xe2\x80\xae漏洞🔥\"");
	/* Invalid UTF-8 is written whole as U+FFFD; NULL as "". */
	expect_text("A\xff"
	            "B",
	            "\"\xef\xbf\xbd\"");
	expect_text("overlong\xc0\xaf", "\"\xef\xbf\xbd\"");
	expect_text("surrogate\xed\xa0\x80", "\"\xef\xbf\xbd\"");
	expect_text("cut\xe2\x82", "\"\xef\xbf\xbd\"");
	expect_text("\xf4\x90\x80\x80", "\"\xef\xbf\xbd\"");
	expect_text(NULL, "\"\"");
}

/* One document written call by call, for both writers. */
static void write_doc(struct jsonw *w)
{
	jsonw_object_begin(w);
	jsonw_key(w, "format");
	jsonw_string(w, "irt-test/1");
	jsonw_key(w, "bad");
	jsonw_string(w, "x\xff");
	jsonw_key(w, "n");
	jsonw_integer(w, -7);
	jsonw_key(w, "score");
	jsonw_real(w, 9.8);
	jsonw_key(w, "flags");
	jsonw_array_begin(w);
	jsonw_bool(w, 1);
	jsonw_bool(w, 0);
	jsonw_null(w);
	jsonw_array_begin(w);
	jsonw_array_end(w);
	jsonw_object_begin(w);
	jsonw_object_end(w);
	jsonw_array_end(w);
	jsonw_key(w, "data");
	jsonw_value_new(w, json_loads("{\"a\":[1,2.5,\"\\u007f\"]}", 0, NULL));
	jsonw_key(w, "none");
	jsonw_value_new(w, NULL);
	jsonw_object_end(w);
}

static void test_tree_and_text_agree(void **state)
{
	struct jsonw *tw = jsonw_new_tree();
	json_t *tree;
	char *want, *got;
	size_t len;
	FILE *mem;

	(void)state;
	write_doc(tw);
	tree = jsonw_take_tree(tw);
	assert_non_null(tree);
	assert_string_equal(json_string_value(json_object_get(tree, "bad")),
	                    "\xef\xbf\xbd");
	for (size_t i = 0; i < N_FLAG_SETS; i++) {
		struct jsonw *w;

		got = NULL;
		mem = open_memstream(&got, &len);
		w = jsonw_new_text(mem, flag_sets[i]);
		write_doc(w);
		assert_int_equal(jsonw_free(w), 0);
		fclose(mem);
		want = reference(tree, flag_sets[i]);
		assert_string_equal(got, want);
		free(want);
		free(got);
	}
	json_decref(tree);
	assert_null(jsonw_take_tree(jsonw_new_tree()));
	assert_int_equal(jsonw_free(NULL), 0);
}

static void test_raw_and_failure(void **state)
{
	char *got = NULL;
	size_t len;
	FILE *mem = open_memstream(&got, &len), *full;
	struct jsonw *w = jsonw_new_text(mem, JSON_COMPACT);

	(void)state;
	jsonw_raw(w, "{\n  \"rows\": [\n    ");
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_integer(w, 1);
	jsonw_object_end(w);
	jsonw_raw(w, "\n  ]\n}\n");
	assert_int_equal(jsonw_free(w), 0);
	fclose(mem);
	assert_string_equal(got, "{\n  \"rows\": [\n    {\"id\":1}\n  ]\n}\n");
	free(got);

	/* A stream that cannot be written makes jsonw_free fail. */
	full = fopen("/dev/full", "w");
	if (full) {
		setvbuf(full, NULL, _IONBF, 0);
		w = jsonw_new_text(full, 0);
		jsonw_string(w, "lost");
		assert_int_equal(jsonw_free(w), -1);
		fclose(full);
	}
}

/* Under a locale whose decimal point is ',', reals still use '.', as
 * jansson writes them. Skipped when no such locale is installed. */
static void test_decimal_comma(void **state)
{
	static const char *const locales[] = {"de_DE.UTF-8", "de_DE.utf8",
	                                      "fr_FR.UTF-8", "nl_NL.UTF-8"};
	json_t *arr = json_pack("[f, f, f, f]", 8.1, 10.0, 1e-5, 0.5);
	const char *set = NULL;

	(void)state;
	for (size_t i = 0; !set && i < sizeof locales / sizeof locales[0]; i++)
		set = setlocale(LC_NUMERIC, locales[i]);
	if (!set) {
		json_decref(arr);
		skip();
	}
	assert_same_text(arr);
	setlocale(LC_NUMERIC, "C");
	json_decref(arr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_strings_as_jansson),
	    cmocka_unit_test(test_escapes_at_every_offset),
	    cmocka_unit_test(test_numbers_as_jansson),
	    cmocka_unit_test(test_containers_as_jansson),
	    cmocka_unit_test(test_longer_than_buffer),
	    cmocka_unit_test(test_known_strings),
	    cmocka_unit_test(test_tree_and_text_agree),
	    cmocka_unit_test(test_raw_and_failure),
	    cmocka_unit_test(test_decimal_comma),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
