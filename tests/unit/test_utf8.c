/*
 * test_utf8.c -- UTF-8 (src/core/utf8.c): every length of sequence and its
 * extremes decoded, every kind of ill-formed sequence refused one byte at
 * a time, and every code point encoded and decoded back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "leaflet/utf8.h"

/* 'decode_one()' - Decode the first sequence of 'len' bytes; 'used' gets
 * how many bytes were consumed. */
static int32_t decode_one(const char *bytes, size_t len, size_t *used) {
  const char *p = bytes;
  int32_t cp = lf_utf8_next(&p, bytes + len);
  *used = (size_t)(p - bytes);
  return cp;
}

/* 'test_utf8_valid()' - Each length of sequence, and the extremes. */
static void test_utf8_valid(void **state) {
  (void)state;
  size_t used;
  assert_int_equal(decode_one("a", 1, &used), 'a');
  assert_int_equal(used, 1);
  assert_int_equal(decode_one("\0", 1, &used), 0);
  assert_int_equal(decode_one("\xc2\xa0", 2, &used), 0xA0);
  assert_int_equal(used, 2);
  assert_int_equal(decode_one("\xc3\xa9x", 3, &used), 0xE9);
  assert_int_equal(used, 2);
  assert_int_equal(decode_one("\xe2\x80\x99", 3, &used), 0x2019);
  assert_int_equal(used, 3);
  assert_int_equal(decode_one("\xe0\xa0\x80", 3, &used), 0x800);
  assert_int_equal(decode_one("\xef\xbf\xbf", 3, &used), 0xFFFF);
  assert_int_equal(decode_one("\xed\x9f\xbf", 3, &used), 0xD7FF);
  assert_int_equal(decode_one("\xee\x80\x80", 3, &used), 0xE000);
  assert_int_equal(decode_one("\xf0\x90\x80\x80", 4, &used), 0x10000);
  assert_int_equal(used, 4);
  assert_int_equal(decode_one("\xf0\x9f\x98\x80", 4, &used), 0x1F600);
  assert_int_equal(decode_one("\xf4\x8f\xbf\xbf", 4, &used), 0x10FFFF);

  const char *text = "A\xc2\xa3\xe2\x80\x93\xf0\x9f\x98\x80.";
  const char *p = text, *end = text + strlen(text);
  int32_t expected[] = {'A', 0xA3, 0x2013, 0x1F600, '.'};
  for (size_t i = 0; i < 5; i++)
    assert_int_equal(lf_utf8_next(&p, end), expected[i]);
  assert_ptr_equal(p, end);
  assert_int_equal(lf_utf8_next(&p, end), -1);
  assert_ptr_equal(p, end);
}

/* 'test_utf8_invalid()' - Overlong forms, surrogates, too large, stray and
 * cut-off sequences: -1, skipping one byte. */
static void test_utf8_invalid(void **state) {
  (void)state;
  static const struct {
    const char *bytes;
    size_t len;
  } cases[] = {
      {"\x80", 1},             /* stray continuation */
      {"\xbf", 1},
      {"\xc0\x80", 2},         /* overlong NUL */
      {"\xc1\xbf", 2},         /* overlong */
      {"\xe0\x80\x80", 3},     /* overlong */
      {"\xe0\x9f\xbf", 3},     /* overlong */
      {"\xed\xa0\x80", 3},     /* surrogate */
      {"\xed\xbf\xbf", 3},     /* surrogate */
      {"\xf0\x80\x80\x80", 4}, /* overlong */
      {"\xf0\x8f\xbf\xbf", 4}, /* overlong */
      {"\xf4\x90\x80\x80", 4}, /* past U+10FFFF */
      {"\xf5\x80\x80\x80", 4},
      {"\xff", 1},
      {"\xfe", 1},
      {"\xc3", 1},             /* cut off */
      {"\xe2\x80", 2},         /* cut off */
      {"\xf0\x9f\x98", 3},     /* cut off */
      {"\xc3\x41", 2},         /* bad continuation */
      {"\xe2\x80\x41", 3},
      {"\xf0\x9f\x41\x80", 4},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t used;
    int32_t cp = decode_one(cases[i].bytes, cases[i].len, &used);
    if (cp != -1 || used != 1)
      fail_msg("case %zu: got %d using %zu bytes", i, (int)cp, used);
  }
  /* the end bounds the read even when the string goes on */
  size_t used;
  assert_int_equal(decode_one("\xe2\x80\x99", 2, &used), -1);
  assert_int_equal(used, 1);
}

/* 'test_utf8_put()' - Each length of sequence, byte for byte. */
static void test_utf8_put(void **state) {
  (void)state;
  static const struct {
    uint32_t cp;
    const char *bytes;
  } cases[] = {
      {'a', "a"},
      {0x7F, "\x7f"},
      {0x80, "\xc2\x80"},
      {0xE9, "\xc3\xa9"},
      {0x7FF, "\xdf\xbf"},
      {0x800, "\xe0\xa0\x80"},
      {0x2019, "\xe2\x80\x99"},
      {0xD7FF, "\xed\x9f\xbf"},
      {0xE000, "\xee\x80\x80"},
      {0xFFFF, "\xef\xbf\xbf"},
      {0x10000, "\xf0\x90\x80\x80"},
      {0x1F600, "\xf0\x9f\x98\x80"},
      {0x10FFFF, "\xf4\x8f\xbf\xbf"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char out[4];
    size_t len = lf_utf8_put(cases[i].cp, out);
    assert_int_equal(len, strlen(cases[i].bytes));
    assert_memory_equal(out, cases[i].bytes, len);
  }
  /* NUL is one byte, as any other ASCII character */
  char nul[4] = {'x', 'x', 'x', 'x'};
  assert_int_equal(lf_utf8_put(0, nul), 1);
  assert_int_equal(nul[0], '\0');
}

/* 'test_utf8_round_trip()' - Every scalar value encodes to a sequence that
 * decodes to it, using every byte written. */
static void test_utf8_round_trip(void **state) {
  (void)state;
  for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
    if (cp >= 0xD800 && cp <= 0xDFFF)
      continue;
    char out[4];
    size_t len = lf_utf8_put(cp, out);
    size_t used;
    int32_t back = decode_one(out, len, &used);
    if (back != (int32_t)cp || used != len)
      fail_msg("U+%04X: %zu bytes decoded as %d using %zu", (unsigned)cp, len, (int)back, used);
  }
}

/* 'main()' - Run the UTF-8 tests. */
int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_utf8_valid),
      cmocka_unit_test(test_utf8_invalid),
      cmocka_unit_test(test_utf8_put),
      cmocka_unit_test(test_utf8_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
