/*
 * test_linebreak.c -- line-break opportunities (linebreak.h): UAX #14 as
 * leaflet keeps it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "leaflet/fonts.h"
#include "leaflet/linebreak.h"

/*
 * 'breaks()' - The text with '|' wherever a line may break, for 'language'
 * (into a static buffer).
 */
static const char *breaks(const char *text, const char *language) {
  static char out[1024];
  uint32_t cps[256] = {0};
  size_t starts[257] = {0}, n = 0;
  const char *p = text, *end = text + strlen(text);
  while (p < end) {
    starts[n] = (size_t)(p - text);
    int32_t cp = lf_utf8_next(&p, end);
    assert_true(cp >= 0 && n < 256);
    cps[n++] = (uint32_t)cp;
  }
  starts[n] = strlen(text);
  uint8_t after[256];
  memset(after, 7, sizeof after);
  assert_int_equal(lf_line_breaks(cps, n, language, after), 0);
  size_t at = 0;
  for (size_t i = 0; i < n; i++) {
    memcpy(out + at, text + starts[i], starts[i + 1] - starts[i]);
    at += starts[i + 1] - starts[i];
    assert_true(after[i] == 0 || after[i] == 1);
    if (after[i])
      out[at++] = '|';
  }
  out[at] = '\0';
  assert_int_equal(after[n - 1], 0);
  return out;
}

/*
 * 'test_chinese_between_characters()' - Chinese breaks between any two
 * characters, but never before closing punctuation (，。、！？）」) and
 * never after opening punctuation (（「).
 */
static void test_chinese_between_characters(void **state) {
  (void)state;
  assert_string_equal(breaks("靶向药物治疗", "zh-Hans"), "靶|向|药|物|治|疗");
  assert_string_equal(breaks("医生，护士。", "zh-Hans"), "医|生，|护|士。");
  assert_string_equal(breaks("请问（可以）吗？好的！", "zh-Hans"),
                      "请|问|（可|以）|吗？|好|的！");
  assert_string_equal(breaks("他说「好」、对", "zh-Hant"), "他|说|「好」、|对");
  /* Latin inside Chinese breaks at the script's edges, not inside the word */
  assert_string_equal(breaks("使用Sunitinib治疗", "zh-Hans"), "使|用|Sunitinib|治|疗");
}

/*
 * 'test_latin_only_at_spaces()' - Text in scripts written with spaces
 * breaks only after a space: not after a hyphen, a dash or a slash inside
 * a word (no word splitting), never at a no-break space.
 */
static void test_latin_only_at_spaces(void **state) {
  (void)state;
  assert_string_equal(breaks("a well-known side effect", "en-GB"),
                      "a |well-known |side |effect");
  assert_string_equal(breaks("and/or 10\u00a0mg", "en-GB"), "and/or |10\u00a0mg");
  assert_string_equal(breaks("x\u2014y z", "en"), "x\u2014y |z");
  assert_string_equal(breaks("Mae'r daflen hon", "cy"), "Mae'r |daflen |hon");
  /* an address breaks only at its spaces here: the line breaker has its
   * own rules for addresses too wide for a line */
  assert_string_equal(breaks("see https://www.example.org/a/b.html now", "en"),
                      "see |https://www.example.org/a/b.html |now");
  /* a zero width space is a break the author asked for */
  assert_string_equal(breaks("ab\u200bcd", "en"), "ab\u200b|cd");
}

/* 'test_other_scripts_at_spaces()' - Urdu, Bengali and Devanagari break at
 * spaces, never inside a word. */
static void test_other_scripts_at_spaces(void **state) {
  (void)state;
  assert_string_equal(breaks("یہ دوا روزانہ", "ur"), "یہ |دوا |روزانہ");
  assert_string_equal(breaks("আপনার ডাক্তার", "bn"), "আপনার |ডাক্তার");
  assert_string_equal(breaks("हिन्दी भाषा", "hi"), "हिन्दी |भाषा");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_chinese_between_characters),
      cmocka_unit_test(test_latin_only_at_spaces),
      cmocka_unit_test(test_other_scripts_at_spaces),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
