/*
 * test_shaper.c -- shaping with HarfBuzz and the cache of shaped words
 * (shaper.h, shapecache.h), on the real fonts.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "leaflet/utf8.h"
#include "leaflet/diag.h"
#include "leaflet/fonts.h"
#include "leaflet/shapecache.h"
#include "leaflet/shaper.h"

#define ATKINSON "fonts/AtkinsonHyperlegible-Regular.ttf"
#define NEXT "fonts/AtkinsonHyperlegibleNext-Regular.ttf"
#define NEXT_BOLD "fonts/AtkinsonHyperlegibleNext-Bold.ttf"
#define NOTO "/usr/share/fonts/truetype/noto/"
#define NASKH NOTO "NotoNaskhArabic-Regular.ttf"
#define DEVANAGARI NOTO "NotoSansDevanagari-Regular.ttf"
#define BENGALI NOTO "NotoSansBengali-Regular.ttf"

/* 'load()' - A font the test needs. */
static lf_font *load(const char *path) {
  lf_diags diags;
  lf_diags_init(&diags);
  lf_font *font = lf_font_load(path, &diags);
  if (!font)
    lf_diags_print(&diags, stderr);
  assert_non_null(font);
  lf_diags_free(&diags);
  return font;
}

/* 'shape()' - Shape 'text' with no cache into a fresh buffer. */
static lf_glyph_buf shape(const lf_font *font, const char *text, lf_script_tag script,
                          int rtl, const char *language) {
  lf_glyph_buf buf = {0};
  assert_int_equal(lf_shape(NULL, font, text, strlen(text), script, rtl, language, &buf), 0);
  return buf;
}

/* 'total()' - The advances summed. */
static long total(const lf_glyph_buf *buf) {
  long sum = 0;
  for (size_t i = 0; i < buf->count; i++)
    sum += buf->items[i].advance;
  return sum;
}

/*
 * 'test_kerning()' - "AV" and "To" are narrower shaped than their
 * characters' advances from hmtx, by the font's kerning; a pair the font
 * does not kern ("nn") is not.
 */
static void test_kerning(void **state) {
  (void)state;
  lf_font *font = load(ATKINSON);
  const char *pairs[] = {"AV", "To", "nn"};
  for (int i = 0; i < 3; i++) {
    lf_glyph_buf buf = shape(font, pairs[i], LF_SCRIPT_LATIN, 0, "en");
    assert_int_equal(buf.count, 2);
    long unkerned = lf_font_advance(font, (uint32_t)pairs[i][0]) +
                    lf_font_advance(font, (uint32_t)pairs[i][1]);
    if (i < 2) {
      if (total(&buf) >= unkerned)
        fail_msg("'%s' shaped %ld units, unkerned %ld: not kerned", pairs[i], total(&buf),
                 unkerned);
      /* the kern is taken off the first glyph's advance */
      assert_true(buf.items[0].advance < lf_font_advance(font, (uint32_t)pairs[i][0]));
      assert_int_equal(buf.items[1].advance, lf_font_advance(font, (uint32_t)pairs[i][1]));
    } else {
      assert_int_equal(total(&buf), unkerned);
    }
    assert_int_equal(buf.items[0].id, lf_font_glyph(font, (uint32_t)pairs[i][0]));
    assert_int_equal(buf.items[0].cluster, 0);
    assert_int_equal(buf.items[1].cluster, 1);
    lf_glyph_buf_free(&buf);
  }
  lf_font_free(font);
}

/* 'glyph_of_cluster()' - The id of the (only) glyph of cluster 'at'. */
static uint32_t glyph_of_cluster(const lf_glyph_buf *buf, uint32_t at) {
  for (size_t i = 0; i < buf->count; i++)
    if (buf->items[i].cluster == at)
      return buf->items[i].id;
  fail_msg("no glyph for cluster %u", at);
  return 0;
}

/*
 * 'test_arabic_joins()' - "سلام" shaped right to left takes joined forms:
 * seen (initial) and lam (medial) are not the glyphs of their letters shaped
 * alone; meem follows alef, which never joins the letter after it, so it
 * stays isolated, as Arabic is written.  The glyphs come out left to right
 * (clusters decreasing); with spaces between, every letter is isolated.
 */
static void test_arabic_joins(void **state) {
  (void)state;
  lf_font *font = load(NASKH);
  const char *word = "\u0633\u0644\u0627\u0645"; /* seen, lam, alef, meem */
  lf_glyph_buf joined = shape(font, word, LF_SCRIPT_ARABIC, 1, "ar");
  assert_int_equal(joined.count, 4);
  for (size_t i = 1; i < joined.count; i++)
    assert_true(joined.items[i].cluster < joined.items[i - 1].cluster);
  assert_int_equal(joined.items[0].cluster, 6);
  assert_int_equal(joined.items[3].cluster, 0);
  for (uint32_t at = 0; at < 8; at += 2) {
    char letter[4] = {word[at], word[at + 1], 0};
    lf_glyph_buf alone = shape(font, letter, LF_SCRIPT_ARABIC, 1, "ar");
    assert_int_equal(alone.count, 1);
    if (at < 4) /* seen, lam: joined forms */
      assert_int_not_equal(glyph_of_cluster(&joined, at), alone.items[0].id);
    else if (at == 6) /* meem after alef: isolated */
      assert_int_equal(glyph_of_cluster(&joined, at), alone.items[0].id);
    lf_glyph_buf_free(&alone);
  }
  lf_glyph_buf apart = shape(font, "\u0633 \u0644 \u0627 \u0645", LF_SCRIPT_ARABIC, 1, "ar");
  assert_int_equal(apart.count, 7);
  lf_glyph_buf seen = shape(font, "\u0633", LF_SCRIPT_ARABIC, 1, "ar");
  assert_int_equal(apart.items[6].id, seen.items[0].id);
  lf_glyph_buf_free(&seen);
  lf_glyph_buf_free(&apart);
  lf_glyph_buf_free(&joined);
  lf_font_free(font);
}

/*
 * 'test_joins_across_a_change_of_face()' - "بالطبيب" with its first letter
 * in one face and the rest in another (bold from the second letter, as an
 * author marks a noun after its prefix): each piece shaped with the other
 * as context takes the forms of the unbroken word, beh initial and alef
 * final, clusters counted from the piece; shaped alone, beh was isolated
 * and the word read as two.
 */
static void test_joins_across_a_change_of_face(void **state) {
  (void)state;
  lf_font *font = load(NASKH);
  const char *word = "\u0628\u0627\u0644\u0637\u0628\u064a\u0628";
  size_t len = strlen(word);
  lf_glyph_buf whole = shape(font, word, LF_SCRIPT_ARABIC, 1, "ar");
  lf_glyph_buf first = {0}, rest = {0};
  assert_int_equal(lf_shape_in(font, word, 2, 0, len - 2, LF_SCRIPT_ARABIC, 1, "ar", &first), 0);
  assert_int_equal(lf_shape_in(font, word + 2, len - 2, 2, 0, LF_SCRIPT_ARABIC, 1, "ar", &rest),
                   0);
  assert_int_equal(first.count, 1);
  assert_int_equal(first.items[0].cluster, 0);
  assert_int_equal(first.items[0].id, glyph_of_cluster(&whole, 0));
  assert_int_equal(rest.count + 1, whole.count);
  for (size_t i = 0; i < rest.count; i++)
    assert_int_equal(rest.items[i].id, glyph_of_cluster(&whole, rest.items[i].cluster + 2));
  lf_glyph_buf alone = shape(font, "\u0628", LF_SCRIPT_ARABIC, 1, "ar");
  assert_int_not_equal(first.items[0].id, alone.items[0].id);
  lf_glyph_buf_free(&alone);
  lf_glyph_buf_free(&first);
  lf_glyph_buf_free(&rest);
  lf_glyph_buf_free(&whole);
  lf_font_free(font);
}

/*
 * 'test_devanagari_clusters()' - In "कि" the vowel sign i is drawn before
 * the consonant it follows in the text: the first glyph is the sign, and
 * both glyphs belong to one cluster at byte 0.  In "क्ष" the conjunct is one
 * glyph for three characters (nine bytes).  "हिन्दी" has three clusters.
 */
static void test_devanagari_clusters(void **state) {
  (void)state;
  lf_font *font = load(DEVANAGARI);
  lf_glyph_buf ki = shape(font, "\u0915\u093F", LF_SCRIPT_DEVANAGARI, 0, "hi");
  assert_int_equal(ki.count, 2);
  assert_int_equal(ki.items[0].cluster, 0);
  assert_int_equal(ki.items[1].cluster, 0);
  assert_int_equal(ki.items[1].id, lf_font_glyph(font, 0x0915)); /* ka second */
  assert_int_not_equal(ki.items[0].id, lf_font_glyph(font, 0x093F)); /* the sign's left form */
  lf_glyph_buf_free(&ki);

  lf_glyph_buf kssa = shape(font, "\u0915\u094D\u0937", LF_SCRIPT_DEVANAGARI, 0, "hi");
  assert_int_equal(kssa.count, 1);
  assert_int_equal(kssa.items[0].cluster, 0);
  assert_int_not_equal(kssa.items[0].id, lf_font_glyph(font, 0x0915));
  lf_glyph_buf_free(&kssa);

  const char *hindi = "\u0939\u093F\u0928\u094D\u0926\u0940";
  lf_glyph_buf h = shape(font, hindi, LF_SCRIPT_DEVANAGARI, 0, "hi");
  uint32_t clusters[8];
  size_t distinct = 0;
  for (size_t i = 0; i < h.count; i++)
    if (distinct == 0 || clusters[distinct - 1] != h.items[i].cluster)
      clusters[distinct++] = h.items[i].cluster;
  assert_int_equal(distinct, 3);
  assert_int_equal(clusters[0], 0);  /* hi */
  assert_int_equal(clusters[1], 6);  /* n + virama */
  assert_int_equal(clusters[2], 12); /* dii */
  lf_glyph_buf_free(&h);
  lf_font_free(font);
}

/*
 * 'test_bengali_reorders()' - The Bengali vowel sign e (U+09C7) is drawn
 * before its consonant: "কে" is one cluster, the sign's glyph first.
 */
static void test_bengali_reorders(void **state) {
  (void)state;
  lf_font *font = load(BENGALI);
  lf_glyph_buf ke = shape(font, "\u0995\u09C7", LF_SCRIPT_TAG('B', 'e', 'n', 'g'), 0, "bn");
  assert_int_equal(ke.count, 2);
  assert_int_equal(ke.items[0].cluster, 0);
  assert_int_equal(ke.items[1].cluster, 0);
  assert_int_equal(ke.items[1].id, lf_font_glyph(font, 0x0995));
  lf_glyph_buf_free(&ke);
  lf_font_free(font);
}

/*
 * 'test_cache_returns_the_same()' - A word shaped through the cache the
 * second time comes from it (a hit), glyph for glyph as shaped; a word
 * that differs only in direction, script, language or face is another
 * entry.
 */
static void test_cache_returns_the_same(void **state) {
  (void)state;
  lf_font *font = load(ATKINSON);
  lf_font *other = load(NASKH);
  lf_shape_cache *cache = lf_shape_cache_new(1 << 20);
  assert_non_null(cache);
  lf_glyph_buf first = {0}, second = {0};
  assert_int_equal(lf_shape(cache, font, "Today", 5, LF_SCRIPT_LATIN, 0, "en", &first), 0);
  lf_shape_cache_stats st = lf_shape_cache_stats_get(cache);
  assert_int_equal(st.hits, 0);
  assert_int_equal(st.misses, 1);
  assert_int_equal(st.entries, 1);
  assert_int_equal(lf_shape(cache, font, "Today", 5, LF_SCRIPT_LATIN, 0, "en", &second), 0);
  st = lf_shape_cache_stats_get(cache);
  assert_int_equal(st.hits, 1);
  assert_int_equal(second.count, first.count);
  assert_memory_equal(second.items, first.items, first.count * sizeof(lf_glyph));
  /* appended, not replaced */
  assert_int_equal(lf_shape(cache, font, "Today", 5, LF_SCRIPT_LATIN, 0, "en", &second), 0);
  assert_int_equal(second.count, 2 * first.count);
  assert_memory_equal(second.items + first.count, first.items, first.count * sizeof(lf_glyph));

  lf_glyph_buf scratch = {0};
  assert_int_equal(lf_shape(cache, font, "Today", 5, LF_SCRIPT_LATIN, 1, "en", &scratch), 0);
  assert_int_equal(lf_shape(cache, font, "Today", 5, LF_SCRIPT_LATIN, 0, "cy", &scratch), 0);
  assert_int_equal(lf_shape(cache, font, "Today", 5, LF_SCRIPT_COMMON, 0, "en", &scratch), 0);
  assert_int_equal(lf_shape(cache, other, "Today", 5, LF_SCRIPT_LATIN, 0, "en", &scratch), 0);
  assert_int_equal(lf_shape(cache, font, "Today", 5, LF_SCRIPT_LATIN, 0, NULL, &scratch), 0);
  assert_int_equal(lf_shape(cache, font, "Toda", 4, LF_SCRIPT_LATIN, 0, "en", &scratch), 0);
  st = lf_shape_cache_stats_get(cache);
  assert_int_equal(st.misses, 7);
  assert_int_equal(st.entries, 7);
  assert_int_equal(st.hits, 2);
  lf_glyph_buf_free(&scratch);
  lf_glyph_buf_free(&first);
  lf_glyph_buf_free(&second);
  lf_shape_cache_free(cache);
  lf_font_free(other);
  lf_font_free(font);
}

/*
 * 'test_cache_bound()' - Ten thousand different words in a cache of 64 KiB
 * never take it past its bound (it empties shards as it goes), and every
 * word still shapes right, from the cache or not.
 */
static void test_cache_bound(void **state) {
  (void)state;
  lf_font *font = load(ATKINSON);
  size_t bound = 64 << 10;
  lf_shape_cache *cache = lf_shape_cache_new(bound);
  lf_glyph_buf buf = {0}, plain = {0};
  for (int i = 0; i < 10000; i++) {
    char word[32];
    int len = snprintf(word, sizeof word, "word%dTo", i);
    buf.count = plain.count = 0;
    assert_int_equal(lf_shape(cache, font, word, (size_t)len, LF_SCRIPT_LATIN, 0, "en", &buf), 0);
    assert_int_equal(lf_shape(NULL, font, word, (size_t)len, LF_SCRIPT_LATIN, 0, "en", &plain), 0);
    assert_int_equal(buf.count, plain.count);
    assert_memory_equal(buf.items, plain.items, buf.count * sizeof(lf_glyph));
    lf_shape_cache_stats st = lf_shape_cache_stats_get(cache);
    assert_true(st.bytes <= bound + 16 * 4096 * sizeof(void *));
  }
  lf_shape_cache_stats st = lf_shape_cache_stats_get(cache);
  assert_true(st.evictions > 0);
  assert_true(st.entries < 10000);
  lf_glyph_buf_free(&buf);
  lf_glyph_buf_free(&plain);
  lf_shape_cache_free(cache);
  lf_font_free(font);
}

/* What one thread of test_cache_threads() shapes, and what it found. */
typedef struct worker {
  lf_shape_cache *cache;
  const lf_font *font;
  int seed;
  int wrong;
} worker;

/* 'shape_many()' - Thread body: shape words many threads share, checking
 * each against shaping without the cache. */
static void *shape_many(void *arg) {
  worker *w = arg;
  lf_glyph_buf buf = {0}, plain = {0};
  for (int i = 0; i < 3000; i++) {
    char word[32];
    int len = snprintf(word, sizeof word, "AVTo%d", (i * 7 + w->seed) % 500);
    buf.count = plain.count = 0;
    if (lf_shape(w->cache, w->font, word, (size_t)len, LF_SCRIPT_LATIN, 0, "en", &buf) != 0 ||
        lf_shape(NULL, w->font, word, (size_t)len, LF_SCRIPT_LATIN, 0, "en", &plain) != 0 ||
        buf.count != plain.count ||
        memcmp(buf.items, plain.items, buf.count * sizeof(lf_glyph)) != 0)
      w->wrong++;
  }
  lf_glyph_buf_free(&buf);
  lf_glyph_buf_free(&plain);
  return NULL;
}

/*
 * 'test_cache_threads()' - Four threads shaping the same words through one
 * small cache (so that shards empty under them) all get the right glyphs.
 */
static void test_cache_threads(void **state) {
  (void)state;
  lf_font *font = load(ATKINSON);
  lf_shape_cache *cache = lf_shape_cache_new(32 << 10);
  pthread_t threads[4];
  worker workers[4];
  for (int i = 0; i < 4; i++) {
    workers[i] = (worker){cache, font, i * 13, 0};
    assert_int_equal(pthread_create(&threads[i], NULL, shape_many, &workers[i]), 0);
  }
  for (int i = 0; i < 4; i++) {
    assert_int_equal(pthread_join(threads[i], NULL), 0);
    assert_int_equal(workers[i].wrong, 0);
  }
  lf_shape_cache_stats st = lf_shape_cache_stats_get(cache);
  assert_true(st.hits > 0);
  assert_int_equal(st.hits + st.misses, 4 * 3000);
  lf_shape_cache_free(cache);
  lf_font_free(font);
}

/*
 * 'test_welsh_from_the_body_face()' - Atkinson Hyperlegible Next, the body
 * face, has the Welsh letters with circumflex, grave, acute and diaeresis
 * as glyphs of its own: each shapes to the one glyph its cmap names, in
 * regular and bold, so it is drawn as the designer drew it.  Atkinson
 * Hyperlegible had none of them (they fell back to DejaVu one by one).
 */
static void test_welsh_from_the_body_face(void **state) {
  (void)state;
  static const uint32_t welsh[] = {0x0175, 0x0177, 0x0174, 0x0176, 0x1E81,
                                   0x1E83, 0x1E85, 0x1EF3};
  lf_font *old = load(ATKINSON);
  const char *faces[] = {NEXT, NEXT_BOLD};
  for (int f = 0; f < 2; f++) {
    lf_font *font = load(faces[f]);
    for (size_t i = 0; i < sizeof welsh / sizeof *welsh; i++) {
      char text[8];
      size_t len = lf_utf8_put(welsh[i], text);
      text[len] = '\0';
      assert_int_not_equal(lf_font_glyph(font, welsh[i]), 0);
      if (f == 0)
        assert_int_equal(lf_font_glyph(old, welsh[i]), 0);
      lf_glyph_buf buf = shape(font, text, LF_SCRIPT_LATIN, 0, "cy");
      assert_int_equal(buf.count, 1);
      assert_int_equal(buf.items[0].id, lf_font_glyph(font, welsh[i]));
      assert_int_equal(buf.items[0].x_offset, 0);
      assert_int_equal(buf.items[0].y_offset, 0);
      lf_glyph_buf_free(&buf);
    }
    lf_font_free(font);
  }
  lf_font_free(old);
}

/* 'test_scripts()' - Script properties the itemizer relies on. */
static void test_scripts(void **state) {
  (void)state;
  assert_int_equal(lf_script_of('a'), LF_SCRIPT_LATIN);
  assert_int_equal(lf_script_of(0x0175), LF_SCRIPT_LATIN); /* ŵ */
  assert_int_equal(lf_script_of(0x0633), LF_SCRIPT_ARABIC);
  assert_int_equal(lf_script_of(0x4E2D), LF_SCRIPT_HAN);
  assert_int_equal(lf_script_of(' '), LF_SCRIPT_COMMON);
  assert_int_equal(lf_script_of('7'), LF_SCRIPT_COMMON);
  assert_int_equal(lf_script_of(0x0301), LF_SCRIPT_INHERITED);
  assert_false(lf_script_is_real(LF_SCRIPT_COMMON));
  assert_false(lf_script_is_real(LF_SCRIPT_INHERITED));
  assert_true(lf_script_is_real(LF_SCRIPT_DEVANAGARI));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_kerning),
      cmocka_unit_test(test_arabic_joins),
      cmocka_unit_test(test_joins_across_a_change_of_face),
      cmocka_unit_test(test_devanagari_clusters),
      cmocka_unit_test(test_bengali_reorders),
      cmocka_unit_test(test_cache_returns_the_same),
      cmocka_unit_test(test_cache_bound),
      cmocka_unit_test(test_cache_threads),
      cmocka_unit_test(test_welsh_from_the_body_face),
      cmocka_unit_test(test_scripts),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
