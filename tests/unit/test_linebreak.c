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

#include "leaflet/utf8.h"
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
  /* before a full-width bracket after a Latin word (UAX #14 since Unicode
   * 13; libunibreak 1.1 held them together), not before a narrow one */
  assert_string_equal(breaks("和everolimus（Afinitor）。", "zh-Hans"),
                      "和|everolimus|（Afinitor）。");
  assert_string_equal(breaks("和everolimus(Afinitor)。", "zh-Hans"), "和|everolimus(Afinitor)。");
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

/*
 * 'test_numbers_held_together()' - No break at a space between two digits:
 * a phone number's groups stay on one line, in any script's digits and
 * inside Chinese; other numbers in prose break as words do.
 */
static void test_numbers_held_together(void **state) {
  (void)state;
  assert_string_equal(breaks("call 0808 800 4040 today", "en-GB"),
                      "call |0808 800 4040 |today");
  assert_string_equal(breaks("take 2 or 3", "en-GB"), "take |2 |or |3");
  assert_string_equal(breaks("فون ۰۸۰۸ ۸۰۰ کریں", "ur"),
                      "فون |۰۸۰۸ ۸۰۰ |کریں");
  assert_string_equal(breaks("电话0808 800 4040，联系", "zh-Hans"),
                      "电|话|0808 800 4040，|联|系");
}

/*
 * 'test_single_letters_held()' - In Polish, Czech and Slovak a one-letter
 * word ("i", "w", "z"; Czech "k", "s", "v") stays with the next word, as
 * their typesetters keep it off a line's end; not in English ("a", "I"),
 * and not a letter ending a longer word.
 */
static void test_single_letters_held(void **state) {
  (void)state;
  assert_string_equal(breaks("Leki celowane i immunoterapia w leczeniu z nami", "pl"),
                      "Leki |celowane |i immunoterapia |w leczeniu |z nami");
  assert_string_equal(breaks("(w domu) O tym", "pl-PL"), "(w domu) |O tym");
  assert_string_equal(breaks("jdu k doktorovi s mámou", "cs"), "jdu |k doktorovi |s mámou");
  assert_string_equal(breaks("take a tablet if I can", "en-GB"), "take |a |tablet |if |I |can");
  assert_string_equal(breaks("dom i", "pl"), "dom |i");
  /* the shortcut and libunibreak whole agree here too */
  const char *text = "Leki celowane i immunoterapia w leczeniu";
  uint32_t cps[64];
  size_t n = 0;
  for (const char *p = text, *end = text + strlen(text); p < end;)
    cps[n++] = (uint32_t)lf_utf8_next(&p, end);
  uint8_t a[64], b[64];
  assert_int_equal(lf_line_breaks(cps, n, "pl", a), 0);
  assert_int_equal(lf_line_breaks_whole(cps, n, "pl", b), 0);
  assert_memory_equal(a, b, n);
}

/*
 * 'test_shortcut_agrees()' - For text that can break only at spaces,
 * lf_line_breaks() takes a shortcut: on a hundred thousand random strings
 * of letters, digits, spaces and punctuation of every UAX #14 class that
 * matters beside a space (opening and closing brackets, quotation marks,
 * infix separators, slashes, dashes, non-starters, no-break spaces, marks,
 * Arabic and Hebrew letters), it gives exactly what libunibreak gives.
 */
static void test_shortcut_agrees(void **state) {
  (void)state;
  static const uint32_t palette[] = {
      'a', 'Z', '7', ' ', ' ', ' ', '(', ')', '[', ']', '{', '}', '"', '\'', '!', '?',
      ',', '.', ':', ';', '/', '-', '%', '$', '+', '#', '&', '*', '=', '<', '>', '|',
      0x00A0, 0x00AB, 0x00BB, 0x00A3, 0x00B0, 0x00D7, 0x2018, 0x2019, 0x201C, 0x201D,
      0x2013, 0x2014, 0x2026, 0x2022, 0x00AD, 0x0301, 0x0300, 0x00E9, 0x0175, 0x0633,
      0x0644, 0x060C, 0x06D4, 0x0661, 0x05E9, 0x0915, 0x093F, 0x0995, 0x0BA4, 0x0A15,
      0x2030, 0x20AC, 0x2060, 0x203C, 0x2044, 0x00BF, 0x00A1, 0x3001, 0x2E80, 0x0E01,
      0x200B, '\t', 0x17D4, 0x1680, 0x2028, 0x0F0B, 0x1361, 0x0022, 0x2039, 0x203A};
  static const char *const languages[] = {"en-GB", "cy", "ur", "de", NULL, "fr", "ru-RU"};
  unsigned seed = 14;
  uint32_t cps[24];
  uint8_t quick[24], whole[24];
  size_t shortcuts = 0;
  for (int round = 0; round < 100000; round++) {
    seed = seed * 1103515245u + 12345u;
    size_t n = 1 + (seed >> 16) % 24;
    for (size_t i = 0; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      /* mostly the characters beside spaces in prose; sometimes anything */
      size_t pick = (seed >> 16) % (sizeof palette / sizeof *palette);
      cps[i] = (seed >> 8) % 64 == 0 ? palette[pick] : palette[pick % 72];
    }
    const char *language = languages[round % 7];
    assert_int_equal(lf_line_breaks(cps, n, language, quick), 0);
    assert_int_equal(lf_line_breaks_whole(cps, n, language, whole), 0);
    if (memcmp(quick, whole, n) != 0) {
      char text[200] = "";
      for (size_t i = 0; i < n; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "%04X ", cps[i]);
      fail_msg("shortcut and libunibreak differ on %s(%s)", text, language ? language : "-");
    }
    int simple = 1;
    for (size_t i = 0; i < n; i++)
      simple &= cps[i] == ' ' || (cps[i] > 0x20 && cps[i] < 0x2E80 && cps[i] != 0x200B &&
                                  cps[i] != 0x2028 && cps[i] != 0x1680);
    shortcuts += (size_t)simple;
  }
  /* most of the strings were ones the shortcut can answer */
  assert_true(shortcuts > 50000);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_chinese_between_characters),
      cmocka_unit_test(test_latin_only_at_spaces),
      cmocka_unit_test(test_numbers_held_together),
      cmocka_unit_test(test_single_letters_held),
      cmocka_unit_test(test_other_scripts_at_spaces),
      cmocka_unit_test(test_shortcut_agrees),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
