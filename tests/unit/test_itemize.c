/*
 * test_itemize.c -- the script of each character and the face chosen for
 * it by script and coverage (itemize.c), with the Noto faces a print
 * format names per script.
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
#include "leaflet/layout.h"

#define NOTO "/usr/share/fonts/truetype/noto/"
#define CJK "/usr/share/fonts/opentype/noto/NotoSansCJK-"

static const char *const base_paths[LF_FACE_COUNT] = {
    "fonts/AtkinsonHyperlegible-Regular.ttf", "fonts/AtkinsonHyperlegible-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"};

/* The face of script slot 'slot', bold or not. */
#define SCRIPT_FACE(slot, bold) (LF_FACE_SCRIPT + 2 * (slot) + (bold))

/* 'add()' - Give a set's slot its files, expecting success. */
static void add(lf_fontset *set, int slot, const char *regular, const char *bold,
                unsigned index) {
  const char *paths[2] = {regular, bold};
  lf_diags diags;
  lf_diags_init(&diags);
  int rc = lf_fontset_add_script(set, slot, paths, index, &diags);
  if (rc != 0)
    lf_diags_print(&diags, stderr);
  assert_int_equal(rc, 0);
  lf_diags_free(&diags);
}

/* 'setup()' - A set with Arabic (Naskh), Urdu (Nastaliq), Devanagari,
 * Bengali and both Chinese faces, as the shipped formats name them. */
static int setup(void **state) {
  lf_fontset *set = calloc(1, sizeof *set);
  lf_diags diags;
  lf_diags_init(&diags);
  if (!set || lf_fontset_load(set, base_paths, &diags) != 0)
    return -1;
  lf_diags_free(&diags);
  add(set, LF_FONT_SCRIPT_ARABIC, NOTO "NotoNaskhArabic-Regular.ttf",
      NOTO "NotoNaskhArabic-Bold.ttf", 0);
  add(set, LF_FONT_SCRIPT_URDU, NOTO "NotoNastaliqUrdu-Regular.ttf", NULL, 0);
  add(set, LF_FONT_SCRIPT_DEVANAGARI, NOTO "NotoSansDevanagari-Regular.ttf",
      NOTO "NotoSansDevanagari-Bold.ttf", 0);
  add(set, LF_FONT_SCRIPT_BENGALI, NOTO "NotoSansBengali-Regular.ttf", NULL, 0);
  add(set, LF_FONT_SCRIPT_CHINESE_SIMPLIFIED, CJK "Regular.ttc", CJK "Bold.ttc", 2);
  add(set, LF_FONT_SCRIPT_CHINESE_TRADITIONAL, CJK "Regular.ttc", CJK "Bold.ttc", 3);
  *state = set;
  return 0;
}

static int teardown(void **state) {
  lf_fontset_free(*state);
  free(*state);
  return 0;
}

/* 'scripts_of()' - Each character's resolved script, as its tag's first
 * letter ('L' Latin, 'A' Arabic, 'Z' Common ...). */
static const char *scripts_of(const char *text) {
  static char out[128];
  uint32_t cps[128] = {0};
  size_t n = 0;
  const char *p = text, *end = text + strlen(text);
  while (p < end && n < 127) {
    int32_t cp = lf_utf8_next(&p, end);
    assert_true(cp >= 0);
    cps[n++] = (uint32_t)cp;
  }
  lf_script_tag scripts[128];
  lf_resolve_scripts(cps, n, scripts);
  for (size_t i = 0; i < n; i++)
    out[i] = (char)(scripts[i] >> 24);
  out[n] = '\0';
  return out;
}

/*
 * 'test_scripts_resolve()' - Spaces, digits, punctuation and marks take the
 * script of the text before them, or at the start the first after them.
 */
static void test_scripts_resolve(void **state) {
  (void)state;
  assert_string_equal(scripts_of("Take 50 mg."), "LLLLLLLLLLL");
  assert_string_equal(scripts_of("50 mg"), "LLLLL");
  assert_string_equal(scripts_of("(\u0622\u067e 50)"), "AAAAAAA");
  assert_string_equal(scripts_of("ab \u0622\u067e 5"), "LLLAAAA");
  assert_string_equal(scripts_of("12 / 3"), "ZZZZZZ");
  assert_string_equal(scripts_of("e\u0301"), "LL"); /* a mark joins its letter */
}

/*
 * 'test_slot_by_script_and_language()' - Arabic takes Naskh, but Urdu the
 * Nastaliq the set names for it; Chinese takes the simplified face unless
 * the language is written in traditional characters; Latin has no slot.
 */
static void test_slot_by_script_and_language(void **state) {
  lf_fontset *set = *state;
  assert_int_equal(lf_script_slot(set, LF_SCRIPT_ARABIC, "ar"), LF_FONT_SCRIPT_ARABIC);
  assert_int_equal(lf_script_slot(set, LF_SCRIPT_ARABIC, "fa"), LF_FONT_SCRIPT_ARABIC);
  assert_int_equal(lf_script_slot(set, LF_SCRIPT_ARABIC, "ur"), LF_FONT_SCRIPT_URDU);
  assert_int_equal(lf_script_slot(set, LF_SCRIPT_ARABIC, "ur-PK"), LF_FONT_SCRIPT_URDU);
  assert_int_equal(lf_script_slot(set, LF_SCRIPT_HAN, "zh-Hans"),
                   LF_FONT_SCRIPT_CHINESE_SIMPLIFIED);
  assert_int_equal(lf_script_slot(set, LF_SCRIPT_HAN, "zh"), LF_FONT_SCRIPT_CHINESE_SIMPLIFIED);
  assert_int_equal(lf_script_slot(set, LF_SCRIPT_HAN, "zh-Hant"),
                   LF_FONT_SCRIPT_CHINESE_TRADITIONAL);
  assert_int_equal(lf_script_slot(set, LF_SCRIPT_HAN, "zh-TW"),
                   LF_FONT_SCRIPT_CHINESE_TRADITIONAL);
  assert_int_equal(lf_script_slot(set, LF_SCRIPT_HAN, "zh-Hans-HK"),
                   LF_FONT_SCRIPT_CHINESE_SIMPLIFIED);
  assert_int_equal(lf_script_slot(set, LF_SCRIPT_DEVANAGARI, "hi"), LF_FONT_SCRIPT_DEVANAGARI);
  assert_int_equal(lf_script_slot(set, LF_SCRIPT_LATIN, "en"), -1);
  assert_int_equal(lf_script_slot(set, LF_SCRIPT_TAG('T', 'a', 'm', 'l'), "ta"), -1);
}

/*
 * 'test_face_by_script_and_coverage()' - Each character goes to its
 * script's face (bold when the run is and the script has one), digits in
 * Arabic text to the Arabic face, a script the format names no font for to
 * the fallback that has it, a Bengali word in English to the Bengali face,
 * and a character no face has nowhere.  Script faces are read when first
 * needed.
 */
static void test_face_by_script_and_coverage(void **state) {
  lf_fontset *set = *state;
  assert_null(set->face[SCRIPT_FACE(LF_FONT_SCRIPT_ARABIC, 0)]);
  assert_int_equal(lf_pick_face(set, LF_FACE_REGULAR, 'a', LF_SCRIPT_LATIN, "en"),
                   LF_FACE_REGULAR);
  assert_int_equal(lf_pick_face(set, LF_FACE_BOLD, 'a', LF_SCRIPT_LATIN, "en"), LF_FACE_BOLD);
  assert_int_equal(lf_pick_face(set, LF_FACE_REGULAR, 0x0633, LF_SCRIPT_ARABIC, "ar"),
                   SCRIPT_FACE(LF_FONT_SCRIPT_ARABIC, 0));
  assert_non_null(set->face[SCRIPT_FACE(LF_FONT_SCRIPT_ARABIC, 0)]);
  assert_int_equal(lf_pick_face(set, LF_FACE_BOLD, 0x0633, LF_SCRIPT_ARABIC, "ar"),
                   SCRIPT_FACE(LF_FONT_SCRIPT_ARABIC, 1));
  assert_int_equal(lf_pick_face(set, LF_FACE_REGULAR, '5', LF_SCRIPT_ARABIC, "ar"),
                   SCRIPT_FACE(LF_FONT_SCRIPT_ARABIC, 0));
  /* Urdu: Nastaliq, which has no bold face: bold Urdu is set in it too */
  assert_int_equal(lf_pick_face(set, LF_FACE_REGULAR, 0x06CC, LF_SCRIPT_ARABIC, "ur"),
                   SCRIPT_FACE(LF_FONT_SCRIPT_URDU, 0));
  assert_int_equal(lf_pick_face(set, LF_FACE_BOLD, 0x06CC, LF_SCRIPT_ARABIC, "ur"),
                   SCRIPT_FACE(LF_FONT_SCRIPT_URDU, 0));
  /* a Latin drug name in Urdu stays in Atkinson */
  assert_int_equal(lf_pick_face(set, LF_FACE_REGULAR, 'S', LF_SCRIPT_LATIN, "ur"),
                   LF_FACE_REGULAR);
  /* Chinese: the simplified and traditional faces of one collection */
  int sc = lf_pick_face(set, LF_FACE_REGULAR, 0x4E2D, LF_SCRIPT_HAN, "zh-Hans");
  int tc = lf_pick_face(set, LF_FACE_REGULAR, 0x4E2D, LF_SCRIPT_HAN, "zh-Hant");
  assert_int_equal(sc, SCRIPT_FACE(LF_FONT_SCRIPT_CHINESE_SIMPLIFIED, 0));
  assert_int_equal(tc, SCRIPT_FACE(LF_FONT_SCRIPT_CHINESE_TRADITIONAL, 0));
  assert_int_equal(lf_font_face_index(lf_fontset_face(set, (lf_face)sc)), 2);
  assert_int_equal(lf_font_face_index(lf_fontset_face(set, (lf_face)tc)), 3);
  assert_true(lf_font_is_cff(lf_fontset_face(set, (lf_face)sc)));
  /* a Bengali word in an English leaflet */
  assert_int_equal(lf_pick_face(set, LF_FACE_REGULAR, 0x0995, LF_SCRIPT_TAG('B', 'e', 'n', 'g'),
                                "en-GB"),
                   SCRIPT_FACE(LF_FONT_SCRIPT_BENGALI, 0));
  /* Hebrew has no slot: the fallback has it */
  assert_int_equal(lf_pick_face(set, LF_FACE_REGULAR, 0x05E9, LF_SCRIPT_TAG('H', 'e', 'b', 'r'),
                                "he"),
                   LF_FACE_FALLBACK_REGULAR);
  /* Tamil: no slot named here and not in DejaVu */
  assert_int_equal(lf_pick_face(set, LF_FACE_REGULAR, 0x0B95, LF_SCRIPT_TAG('T', 'a', 'm', 'l'),
                                "ta"),
                   -1);
  assert_int_equal(lf_pick_face(set, LF_FACE_REGULAR, 0x0378, LF_SCRIPT_UNKNOWN, "en"), -1);
  /* an ideograph in a paragraph whose script resolution said Latin (a
   * stray character): no Latin face has it, a script face does */
  assert_int_equal(lf_pick_face(set, LF_FACE_REGULAR, 0x4E2D, LF_SCRIPT_LATIN, "en"),
                   SCRIPT_FACE(LF_FONT_SCRIPT_CHINESE_SIMPLIFIED, 0));
}

/* 'test_missing_script_font()' - A script font that is not there is
 * refused when the set is made, at its path. */
static void test_missing_script_font(void **state) {
  lf_fontset *set = *state;
  const char *paths[2] = {"/nonexistent/Noto.ttf", NULL};
  lf_diags diags;
  lf_diags_init(&diags);
  assert_int_equal(lf_fontset_add_script(set, LF_FONT_SCRIPT_TAMIL, paths, 0, &diags), -1);
  assert_int_equal(diags.errors, 1);
  assert_string_equal(diags.items[0].pos.file, "/nonexistent/Noto.ttf");
  const char *ttc[2] = {CJK "Regular.ttc", NULL};
  assert_int_equal(lf_fontset_add_script(set, LF_FONT_SCRIPT_TAMIL, ttc, 12, &diags), -1);
  assert_true(strstr(diags.items[1].message, "no face 12"));
  lf_diags_free(&diags);
  assert_null(set->path[SCRIPT_FACE(LF_FONT_SCRIPT_TAMIL, 0)]);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_scripts_resolve),
      cmocka_unit_test(test_slot_by_script_and_language),
      cmocka_unit_test(test_face_by_script_and_coverage),
      cmocka_unit_test(test_missing_script_font),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
