/*
 * test_bidi.c -- embedding levels (FriBidi) and the visual order of a
 * line's runs (rule L2), bidi.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "leaflet/utf8.h"
#include "leaflet/bidi.h"
#include "leaflet/fonts.h"

/* 'decode()' - UTF-8 to code points; returns how many. */
static size_t decode(const char *text, uint32_t *cps, size_t cap) {
  size_t n = 0;
  const char *p = text, *end = text + strlen(text);
  while (p < end && n < cap) {
    int32_t cp = lf_utf8_next(&p, end);
    assert_true(cp >= 0);
    cps[n++] = (uint32_t)cp;
  }
  return n;
}

/*
 * 'test_urdu_with_a_drug_name()' - In an Urdu paragraph (right to left)
 * the Urdu letters are at level 1, the Latin drug name and the digits of a
 * dose at level 2, so that they read left to right inside it; the spaces
 * between Urdu words stay at the paragraph's level.
 */
static void test_urdu_with_a_drug_name(void **state) {
  (void)state;
  /* "you take Sunitinib 50 mg" in Urdu word order */
  const char *text = "آپ Sunitinib 50 mg لیتے ہیں";
  uint32_t cps[64];
  size_t n = decode(text, cps, 64);
  uint8_t levels[64];
  assert_int_equal(lf_bidi_levels(cps, n, 1, levels), 0);
  for (size_t i = 0; i < n; i++) {
    if (cps[i] >= 0x0600 && cps[i] <= 0x06FF)
      assert_int_equal(levels[i], 1);
    else if ((cps[i] >= 'A' && cps[i] <= 'z') || (cps[i] >= '0' && cps[i] <= '9'))
      assert_int_equal(levels[i], 2);
  }
  /* the space between the Latin words is inside the LTR run */
  assert_int_equal(levels[3 + 9], 2);   /* after "Sunitinib" */
  assert_int_equal(levels[2], 1);       /* between Urdu and Latin */
  assert_int_equal(levels[n - 4], 1);   /* between the last two Urdu words */
}

/*
 * 'test_phone_number()' - A phone number in groups inside Urdu is one
 * left-to-right run: the spaces between its groups are at its level (the
 * algorithm alone puts them at the paragraph's, and the groups would show
 * in reverse order); the spaces around it stay at the paragraph's.
 */
static void test_phone_number(void **state) {
  (void)state;
  const char *text = "پر 0808 157 0192 کال";
  uint32_t cps[64];
  size_t n = decode(text, cps, 64);
  uint8_t levels[64];
  assert_int_equal(lf_bidi_levels(cps, n, 1, levels), 0);
  for (size_t i = 3; i < 3 + 13; i++)
    assert_int_equal(levels[i], 2);
  assert_int_equal(levels[2], 1);
  assert_int_equal(levels[16], 1);
  uint8_t runs[] = {1, 2, 1};
  size_t order[3];
  lf_bidi_visual_order(runs, 3, order);
  assert_int_equal(order[1], 1); /* the number, whole, between the words */
}

/*
 * 'test_phone_numbers_written_otherwise()' - In Arabic, a number with a
 * leading '+' or its area code in brackets is one left-to-right run too,
 * all of it at its digits' level (the '+' was left at the far end and
 * "(020)" after the number); brackets and spaces around a number, and a
 * '(' it does not close, stay the paragraph's.
 */
static void test_phone_numbers_written_otherwise(void **state) {
  (void)state;
  const char *numbers[] = {"+44 20 7123 4567", "(020) 7123 4567", "+44 (0)20 7123 4567",
                           "+(44) 20 7123"};
  for (size_t k = 0; k < sizeof numbers / sizeof *numbers; k++) {
    char text[128];
    snprintf(text, sizeof text, "اتصل على %s الآن", numbers[k]);
    uint32_t cps[128], number[64];
    size_t n = decode(text, cps, 128), len = decode(numbers[k], number, 64);
    uint8_t levels[128];
    assert_int_equal(lf_bidi_levels(cps, n, 1, levels), 0);
    size_t at = 9; /* after "اتصل على " */
    assert_memory_equal(cps + at, number, len * sizeof *number);
    for (size_t i = at; i < at + len; i++)
      assert_int_equal(levels[i], 2);
    assert_int_equal(levels[at - 1], 1);
    assert_int_equal(levels[at + len], 1);
  }
  /* around a number, and a '(' it does not close: the paragraph's */
  const char *text = "(اتصل 0808 800 4040) و (020 7123";
  uint32_t cps[64];
  size_t n = decode(text, cps, 64);
  uint8_t levels[64];
  assert_int_equal(lf_bidi_levels(cps, n, 1, levels), 0);
  for (size_t i = 0; i < n; i++)
    if (cps[i] == '(' || cps[i] == ')')
      assert_int_equal(levels[i], 1);
    else if (cps[i] >= '0' && cps[i] <= '9')
      assert_int_equal(levels[i], 2);
}

/*
 * 'test_english_with_arabic()' - In an English paragraph, an Arabic word is
 * at level 1 and everything else at 0; with no right-to-left text, all is
 * at the paragraph's level.
 */
static void test_english_with_arabic(void **state) {
  (void)state;
  uint32_t cps[64];
  size_t n = decode("Say سلام now.", cps, 64);
  uint8_t levels[64];
  assert_int_equal(lf_bidi_levels(cps, n, 0, levels), 0);
  uint8_t want[] = {0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0};
  assert_int_equal(n, sizeof want);
  assert_memory_equal(levels, want, n);
  n = decode("Plain text.", cps, 64);
  assert_int_equal(lf_bidi_levels(cps, n, 0, levels), 0);
  for (size_t i = 0; i < n; i++)
    assert_int_equal(levels[i], 0);
  /* brackets pair: "(Sunitinib)" in Urdu keeps its brackets with the name */
  n = decode("دوا (Sunitinib) لیں", cps, 64);
  assert_int_equal(lf_bidi_levels(cps, n, 1, levels), 0);
  assert_int_equal(levels[4], 1);  /* '(' takes the paragraph's direction */
  assert_int_equal(levels[5], 2);  /* S */
}

/* 'order_of()' - The visual order of runs at 'levels', as digits. */
static const char *order_of(const uint8_t *levels, size_t n) {
  static char out[32];
  size_t order[16];
  lf_bidi_visual_order(levels, n, order);
  for (size_t i = 0; i < n; i++)
    out[i] = (char)('0' + order[i]);
  out[n] = '\0';
  return out;
}

/*
 * 'test_visual_order()' - Rule L2 on runs: a right-to-left line shows its
 * runs from the last; a left-to-right run inside it keeps its place as a
 * whole; nested levels reverse twice.
 */
static void test_visual_order(void **state) {
  (void)state;
  uint8_t ltr[] = {0, 0, 0};
  assert_string_equal(order_of(ltr, 3), "012");
  uint8_t rtl[] = {1, 1, 1};
  assert_string_equal(order_of(rtl, 3), "210");
  /* Urdu, a drug name, Urdu: the name stays between them */
  uint8_t urdu[] = {1, 2, 1};
  assert_string_equal(order_of(urdu, 3), "210");
  /* Urdu, two Latin runs (a name and a bold dose), Urdu */
  uint8_t two[] = {1, 2, 2, 1};
  assert_string_equal(order_of(two, 4), "3120");
  /* English with an Arabic word of two runs */
  uint8_t english[] = {0, 1, 1, 0};
  assert_string_equal(order_of(english, 4), "0213");
  /* numbers inside Arabic inside English: 0 1 2 1 0 */
  uint8_t nested[] = {0, 1, 2, 1, 0};
  assert_string_equal(order_of(nested, 5), "03214");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_urdu_with_a_drug_name),
      cmocka_unit_test(test_phone_number),
      cmocka_unit_test(test_phone_numbers_written_otherwise),
      cmocka_unit_test(test_english_with_arabic),
      cmocka_unit_test(test_visual_order),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
