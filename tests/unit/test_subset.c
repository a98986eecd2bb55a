/*
 * test_subset.c -- the TrueType subsetter (lf_font_subset_make(), pdf.h),
 * checked by reading the subset back with a small sfnt reader of the test's
 * own: the tables a PDF needs and no others, valid checksums, the cmap and
 * widths of the characters given, every glyph's outline -- nested
 * composites included -- the same as in the source font, and glyphs that
 * no character maps to (the forms shaping makes) kept by their ids.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <harfbuzz/hb.h>

#include "leaflet/diag.h"
#include "leaflet/fonts.h"
#include "leaflet/pdf.h"
#include "leaflet/utf8.h"
#include "testutil.h"

#define ATKINSON "fonts/AtkinsonHyperlegible-Regular.ttf"
#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

/* An sfnt font in memory: a subset, or a source font's file. */
typedef struct sfnt {
  const unsigned char *data;
  size_t size;
} sfnt;

/* 'u16()' / 'u32()' - Big-endian values. */
static unsigned u16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static uint32_t u32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * 'table()' - The table 'tag' of 'font' (checked to lie inside it), or
 * NULL; its length in '*length'.
 */
static const unsigned char *table(const sfnt *font, const char *tag,
                                  size_t *length) {
  assert_true(font->size >= 12);
  for (unsigned i = 0; i < u16(font->data + 4); i++) {
    const unsigned char *rec = font->data + 12 + 16 * i;
    if (memcmp(rec, tag, 4) != 0)
      continue;
    uint32_t offset = u32(rec + 8), size = u32(rec + 12);
    assert_true(offset <= font->size && size <= font->size - offset);
    if (length)
      *length = size;
    return font->data + offset;
  }
  return NULL;
}

/* 'glyph_count()' - numGlyphs from maxp. */
static unsigned glyph_count(const sfnt *font) {
  const unsigned char *maxp = table(font, "maxp", NULL);
  assert_non_null(maxp);
  return u16(maxp + 4);
}

/*
 * 'glyph()' - The bytes of glyph 'g' (from loca and glyf); '*length' 0
 * for an empty glyph.
 */
static const unsigned char *glyph(const sfnt *font, unsigned g,
                                  size_t *length) {
  size_t loca_length, glyf_length;
  const unsigned char *head = table(font, "head", NULL);
  const unsigned char *loca = table(font, "loca", &loca_length);
  const unsigned char *glyf = table(font, "glyf", &glyf_length);
  assert_true(head && loca && glyf && g < glyph_count(font));
  size_t start, end;
  if (u16(head + 50)) {
    assert_true(loca_length >= 4 * ((size_t)g + 2));
    start = u32(loca + 4 * g);
    end = u32(loca + 4 * g + 4);
  } else {
    assert_true(loca_length >= 2 * ((size_t)g + 2));
    start = 2 * (size_t)u16(loca + 2 * g);
    end = 2 * (size_t)u16(loca + 2 * g + 2);
  }
  assert_true(start <= end && end <= glyf_length);
  *length = end - start;
  return glyf + start;
}

/*
 * 'cmap_glyph12()' - The glyph of 'code' through the font's Windows full
 * repertoire (3, 10) format 12 cmap, read the slow and obvious way;
 * -1 when the font has no such subtable.
 */
static long cmap_glyph12(const sfnt *font, uint32_t code) {
  const unsigned char *cmap = table(font, "cmap", NULL);
  assert_non_null(cmap);
  for (unsigned i = 0; i < u16(cmap + 2); i++) {
    const unsigned char *rec = cmap + 4 + 8 * i;
    if (u16(rec) != 3 || u16(rec + 2) != 10)
      continue;
    const unsigned char *sub = cmap + u32(rec + 4);
    assert_int_equal(u16(sub), 12);
    uint32_t groups = u32(sub + 12);
    assert_int_equal(u32(sub + 4), 16 + 12 * groups);
    for (uint32_t g = 0; g < groups; g++) {
      const unsigned char *group = sub + 16 + 12 * g;
      if (g > 0)
        assert_true(u32(group) > u32(group - 8)); /* sorted, apart */
      if (code >= u32(group) && code <= u32(group + 4))
        return (long)(u32(group + 8) + (code - u32(group)));
    }
    return 0;
  }
  return -1;
}

/*
 * 'cmap_glyph()' - The glyph of 'code' through the font's Windows BMP
 * (3, 1) format 4 cmap, read the slow and obvious way; for a character
 * beyond U+FFFF, through its format 12 cmap.
 */
static unsigned cmap_glyph(const sfnt *font, uint32_t code) {
  if (code > 0xFFFF) {
    long glyph = cmap_glyph12(font, code);
    assert_true(glyph >= 0);
    return (unsigned)glyph;
  }
  const unsigned char *cmap = table(font, "cmap", NULL);
  assert_non_null(cmap);
  for (unsigned i = 0; i < u16(cmap + 2); i++) {
    const unsigned char *rec = cmap + 4 + 8 * i;
    if (u16(rec) != 3 || u16(rec + 2) != 1)
      continue;
    const unsigned char *sub = cmap + u32(rec + 4);
    assert_int_equal(u16(sub), 4);
    unsigned segments = u16(sub + 6) / 2;
    const unsigned char *ends = sub + 14, *starts = ends + 2 * segments + 2;
    const unsigned char *deltas = starts + 2 * segments;
    const unsigned char *ranges = deltas + 2 * segments;
    for (unsigned s = 0; s < segments; s++) {
      if (code > u16(ends + 2 * s) || code < u16(starts + 2 * s))
        continue;
      unsigned range = u16(ranges + 2 * s);
      if (!range)
        return (code + u16(deltas + 2 * s)) & 0xFFFF;
      unsigned g = u16(ranges + 2 * s + range + 2 * (code - u16(starts + 2 * s)));
      return g ? (g + u16(deltas + 2 * s)) & 0xFFFF : 0;
    }
    return 0;
  }
  fail_msg("no Windows Unicode cmap");
  return 0;
}

/* 'advance()' - The advance width of glyph 'g' from hmtx. */
static unsigned advance(const sfnt *font, unsigned g) {
  const unsigned char *hhea = table(font, "hhea", NULL);
  const unsigned char *hmtx = table(font, "hmtx", NULL);
  unsigned metrics = u16(hhea + 34);
  return u16(hmtx + 4 * (g < metrics ? g : metrics - 1));
}

/*
 * 'instructions_at()' - Where a simple glyph's instruction length is: the
 * glyph is header, end points, instructions, outline.
 */
static size_t instructions_at(const unsigned char *data) {
  return 10 + 2 * (size_t)u16(data);
}

/*
 * 'same_glyph()' - Whether glyph 'a' of 'source' and glyph 'b' of 'subset'
 * draw the same thing: the same header and points for a simple glyph (the
 * instructions may have gone), the same components, each the same glyph,
 * for a composite.
 */
static void same_glyph(const sfnt *source, unsigned a, const sfnt *subset,
                       unsigned b, int hinting) {
  size_t la, lb;
  const unsigned char *ga = glyph(source, a, &la), *gb = glyph(subset, b, &lb);
  if (!la) {
    assert_int_equal(lb, 0);
    return;
  }
  assert_true(lb >= 10);
  assert_memory_equal(ga, gb, 10); /* contours and bounding box */
  if ((int16_t)u16(ga) >= 0) {
    size_t at = instructions_at(ga);
    assert_memory_equal(ga + 10, gb + 10, at - 10); /* end points */
    size_t ia = u16(ga + at), ib = u16(gb + at);
    assert_int_equal(ib, hinting ? ia : 0);
    size_t rest_a = la - at - 2 - ia;
    assert_true(lb - at - 2 - ib >= rest_a && lb - at - 2 - ib <= rest_a + 3);
    assert_memory_equal(ga + at + 2 + ia, gb + at + 2 + ib, rest_a);
    return;
  }
  const unsigned char *pa = ga + 10, *pb = gb + 10;
  for (;;) {
    unsigned flags_a = u16(pa), flags_b = u16(pb);
    assert_int_equal(flags_a & ~0x100u, flags_b & ~0x100u);
    same_glyph(source, u16(pa + 2), subset, u16(pb + 2), hinting);
    size_t n = 4 + ((flags_a & 1) ? 4 : 2) +
               ((flags_a & 8) ? 2 : (flags_a & 0x40) ? 4 : (flags_a & 0x80) ? 8 : 0);
    assert_memory_equal(pa + 4, pb + 4, n - 4); /* offsets and transform */
    pa += n;
    pb += n;
    if (!(flags_a & 0x20))
      break;
  }
}

/* 'load_font()' - Load a font the test needs. */
static lf_font *load_font(const char *path) {
  lf_diags diags;
  lf_diags_init(&diags);
  lf_font *font = lf_font_load(path, &diags);
  if (!font)
    lf_diags_print(&diags, stderr);
  assert_non_null(font);
  lf_diags_free(&diags);
  return font;
}

/*
 * 'codes_of()' - The UTF-8 text's code points, in order, into 'codes';
 * returns how many.
 */
static size_t codes_of(const char *text, uint32_t *codes, size_t max) {
  const char *p = text, *end = text + strlen(text);
  size_t n = 0;
  while (p < end && n < max) {
    int32_t cp = lf_utf8_next(&p, end);
    assert_true(cp >= 0);
    codes[n++] = (uint32_t)cp;
  }
  return n;
}

/*
 * 'subset_chars()' - Subset the glyphs of 'count' characters (each the
 * font's glyph for it, 0 for one it lacks), each character in the cmap.
 */
static int subset_chars(const lf_font *font, const uint32_t *codes, size_t count,
                        unsigned options, uint16_t *ids, lf_font_subset *out,
                        char *why, size_t size) {
  uint32_t source[256];
  assert_true(count <= 256);
  for (size_t i = 0; i < count; i++)
    source[i] = lf_font_glyph(font, codes[i]);
  lf_font_subset_request request = {source, codes, count, NULL, 0, options};
  return lf_font_subset_make(font, &request, ids, out, why, size);
}

/*
 * 'check_subset()' - Subset 'text' from 'path' and check it from the
 * outside: each character maps through the subset's cmap to the glyph
 * reported, with the source's advance and outline.
 */
static void check_subset(const char *path, const char *text, unsigned options,
                         lf_font_subset *out) {
  uint32_t codes[256];
  uint16_t glyphs[256];
  char why[200];
  lf_font *font = load_font(path);
  size_t count = codes_of(text, codes, 256);
  size_t source_size;
  const unsigned char *source_data = lf_font_data(font, &source_size);
  sfnt source = {source_data, source_size};

  assert_int_equal(subset_chars(font, codes, count, options, glyphs, out, why, sizeof why),
                   0);
  sfnt subset = {out->data, out->size};
  assert_int_equal(glyph_count(&subset), out->glyph_count);
  for (size_t i = 0; i < count; i++) {
    unsigned source_glyph = lf_font_glyph(font, codes[i]);
    assert_true(source_glyph != 0);
    assert_true(glyphs[i] != 0 && glyphs[i] < out->glyph_count);
    assert_int_equal(cmap_glyph(&subset, codes[i]), glyphs[i]);
    assert_int_equal(advance(&subset, glyphs[i]),
                     advance(&source, source_glyph));
    same_glyph(&source, source_glyph, &subset, glyphs[i],
               options & LF_SUBSET_KEEP_HINTING);
  }
  same_glyph(&source, 0, &subset, 0, options & LF_SUBSET_KEEP_HINTING);
  lf_font_free(font);
}

/*
 * 'test_tables()' - The tables a PDF needs and no others, each checksum
 * right and the whole font summing to 0xB1B0AFBA as head says.
 */
static void test_tables(void **state) {
  (void)state;
  lf_font_subset subset;
  check_subset(ATKINSON, "Take two tablets \xE2\x80\x93 twice a day.", 0,
               &subset);
  sfnt font = {subset.data, subset.size};
  static const char *const expected[] = {"OS/2", "cmap", "glyf", "head", "hhea",
                                         "hmtx", "loca", "maxp", "name", "post"};
  unsigned count = u16(font.data + 4);
  assert_int_equal(count, sizeof expected / sizeof *expected);
  uint32_t total = 0;
  for (unsigned i = 0; i < count; i++) {
    const unsigned char *rec = font.data + 12 + 16 * i;
    assert_memory_equal(rec, expected[i], 4); /* sorted by tag */
    uint32_t offset = u32(rec + 8), length = u32(rec + 12), sum = 0;
    assert_int_equal(offset % 4, 0);
    for (uint32_t at = 0; at < length; at += 4) {
      unsigned char word[4] = {0, 0, 0, 0};
      memcpy(word, font.data + offset + at, length - at < 4 ? length - at : 4);
      sum += u32(word);
    }
    if (memcmp(rec, "head", 4) == 0)
      sum -= u32(font.data + offset + 8);
    assert_int_equal(sum, u32(rec + 4));
  }
  for (size_t at = 0; at < font.size; at += 4)
    total += u32(font.data + at);
  assert_int_equal(total, 0xB1B0AFBAu);
  /* post format 3: no glyph names */
  assert_int_equal(u32(table(&font, "post", NULL)), 0x00030000u);
  /* .notdef and the 17 distinct characters: no other glyph */
  assert_int_equal(subset.glyph_count, 18);
  lf_font_subset_free(&subset);
  assert_null(subset.data);
}

/*
 * 'test_small()' - A subset is a small fraction of the font: a page of
 * text in Atkinson Hyperlegible (54 KB) is a few kilobytes.
 */
static void test_small(void **state) {
  (void)state;
  lf_font_subset subset;
  check_subset(ATKINSON,
               "Sunitinib is a type of targeted drug called a protein kinase "
               "inhibitor. You have it as capsules (0123456789).",
               0, &subset);
  assert_true(subset.size < 8000);
  lf_font_subset_free(&subset);
}

/*
 * 'test_nested_composites()' - DejaVu Sans builds U+01D6 (u with diaeresis
 * and macron) and U+1EBF (e with circumflex and acute) from composites of
 * composites: every level comes along, renumbered, and draws the same.
 */
static void test_nested_composites(void **state) {
  (void)state;
  lf_font_subset subset;
  check_subset(DEJAVU, "\xC7\x96\xE1\xBA\xBF", 0, &subset);
  /* After .notdef and the two characters come their components, at least
   * one of them a composite itself. */
  sfnt font = {subset.data, subset.size};
  int nested = 0;
  for (unsigned g = 3; g < subset.glyph_count; g++) {
    size_t length;
    const unsigned char *data = glyph(&font, g, &length);
    nested += length >= 10 && (int16_t)u16(data) < 0;
  }
  assert_true(nested > 0);
  lf_font_subset_free(&subset);
}

/*
 * 'test_hinting()' - With LF_SUBSET_KEEP_HINTING the hinting tables and
 * every glyph's instructions stay.
 */
static void test_hinting(void **state) {
  (void)state;
  lf_font_subset plain, hinted;
  check_subset(DEJAVU, "Hinted \xC7\x96", 0, &plain);
  check_subset(DEJAVU, "Hinted \xC7\x96", LF_SUBSET_KEEP_HINTING, &hinted);
  sfnt a = {plain.data, plain.size}, b = {hinted.data, hinted.size};
  assert_null(table(&a, "fpgm", NULL));
  assert_null(table(&a, "prep", NULL));
  assert_non_null(table(&b, "fpgm", NULL));
  assert_non_null(table(&b, "prep", NULL));
  assert_non_null(table(&b, "cvt ", NULL));
  assert_true(hinted.size > plain.size);
  lf_font_subset_free(&plain);
  lf_font_subset_free(&hinted);
}

/*
 * 'test_deterministic()' - The same characters give the same bytes; a
 * character the font lacks gets glyph 0 and no cmap entry; repeats are
 * one glyph.
 */
static void test_deterministic(void **state) {
  (void)state;
  lf_font *font = load_font(ATKINSON);
  uint32_t codes[] = {'a', 0x2192, 'b', 'a'};
  uint16_t glyphs[4], again[4];
  lf_font_subset one, two;
  char why[200];
  assert_int_equal(subset_chars(font, codes, 4, 0, glyphs, &one, why, sizeof why), 0);
  assert_int_equal(subset_chars(font, codes, 4, 0, again, &two, why, sizeof why), 0);
  assert_int_equal(one.size, two.size);
  assert_memory_equal(one.data, two.data, one.size);
  assert_memory_equal(glyphs, again, sizeof glyphs);
  /* Atkinson Hyperlegible has no arrow */
  assert_int_equal(glyphs[1], 0);
  assert_int_equal(glyphs[0], glyphs[3]);
  assert_int_equal(glyphs[0], 1);
  assert_int_equal(glyphs[2], 2);
  assert_int_equal(one.glyph_count, 3);
  sfnt subset = {one.data, one.size};
  assert_int_equal(cmap_glyph(&subset, 0x2192), 0);
  assert_int_equal(cmap_glyph(&subset, 'c'), 0);
  /* nothing beyond U+FFFF: the format 4 cmap alone, as ever */
  assert_int_equal(cmap_glyph12(&subset, 'a'), -1);
  lf_font_subset_free(&one);
  lf_font_subset_free(&two);
  lf_font_free(font);
}

/*
 * 'test_astral()' - Characters beyond U+FFFF (DejaVu Sans has U+1D538 and
 * U+1D7D8-U+1D7DA, double-struck A, 0, 1, 2) are subset with the others:
 * the format 4 cmap maps the BMP ones, a format 12 cmap maps all of them
 * in groups of consecutive characters and glyphs, and OS/2 says the last
 * character is 0xFFFF (as it must for a font beyond the BMP).
 */
static void test_astral(void **state) {
  (void)state;
  lf_font_subset subset;
  check_subset(DEJAVU, "x\xF0\x9D\x94\xB8\xF0\x9D\x9F\x98\xF0\x9D\x9F\x99"
               "\xF0\x9D\x9F\x9A\xF0\x9D\x94\xB8y", 0, &subset);
  sfnt font = {subset.data, subset.size};
  const unsigned char *cmap = table(&font, "cmap", NULL);
  assert_int_equal(u16(cmap + 2), 2); /* (3, 1) format 4 and (3, 10) format 12 */
  assert_int_equal(cmap_glyph12(&font, 'x'), 1);
  assert_int_equal(cmap_glyph12(&font, 0x1D538), 2);
  assert_int_equal(cmap_glyph12(&font, 0x1D7DA), 5);
  assert_int_equal(cmap_glyph12(&font, 0x1D7DB), 0);
  assert_int_equal(cmap_glyph(&font, 'y'), 6);
  /* groups by code: x, y, double-struck A, then double-struck 0 1 2 in
   * one (consecutive characters with consecutive glyphs) */
  const unsigned char *sub = cmap + u32(cmap + 4 + 8 + 4);
  assert_int_equal(u32(sub + 12), 4);
  const unsigned char *os2 = table(&font, "OS/2", NULL);
  assert_non_null(os2);
  assert_int_equal(u16(os2 + 64), 'x');
  assert_int_equal(u16(os2 + 66), 0xFFFF);
  lf_font_subset_free(&subset);
}

/*
 * 'test_damaged()' - A font whose loca points a glyph outside glyf is
 * refused with the reason, not read past its end: when it is loaded,
 * naming the font and the glyph (before, only the subset for the PDF
 * found it, with no place).
 */
static void test_damaged(void **state) {
  (void)state;
  lf_font *good = load_font(ATKINSON);
  size_t size;
  const unsigned char *data = lf_font_data(good, &size);
  unsigned char *copy = malloc(size);
  assert_non_null(copy);
  memcpy(copy, data, size);
  sfnt font = {copy, size};
  size_t loca_length;
  unsigned char *loca = (unsigned char *)table(&font, "loca", &loca_length);
  const unsigned char *head = table(&font, "head", NULL);
  unsigned g = lf_font_glyph(good, 'A');
  assert_true(g > 0);
  if (u16(head + 50)) { /* long offsets: glyph A ends far away */
    loca[4 * g + 4] = 0x7F;
  } else {
    loca[2 * g + 2] = 0xFF;
    loca[2 * g + 3] = 0xFF;
  }
  char *dir = tu_tempdir(), path[1100];
  assert_non_null(dir);
  snprintf(path, sizeof path, "%s/damaged.ttf", dir);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(copy, 1, size, f), size);
  fclose(f);
  free(copy);

  lf_diags diags;
  lf_diags_init(&diags);
  assert_null(lf_font_load(path, &diags));
  char text[1200], want[1200];
  tu_diags_text(&diags, text, sizeof text);
  snprintf(want, sizeof want, "%s: error: glyph %u is damaged: its outline lies outside 'glyf'",
           path, g);
  assert_true(tu_has(text, want));
  lf_diags_free(&diags);
  lf_font_free(good);
  tu_rmtree(dir);
}

/*
 * 'test_shaped_glyphs()' - A subset is made of glyph ids, not characters:
 * the conjunct HarfBuzz makes of Devanagari KA, VIRAMA, SSA (a glyph no
 * character maps to) comes along by its id, drawing what it drew, with no
 * cmap entry; a glyph id past the font's last is refused.
 */
static void test_shaped_glyphs(void **state) {
  (void)state;
  lf_font *font = load_font("/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf");
  hb_buffer_t *buf = hb_buffer_create();
  hb_buffer_add_utf8(buf, "\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7", -1, 0, -1);
  hb_buffer_guess_segment_properties(buf);
  hb_shape(lf_font_hb(font), buf, NULL, 0);
  unsigned n;
  const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
  assert_int_equal(n, 1);
  uint32_t conjunct = info[0].codepoint;
  hb_buffer_destroy(buf);
  for (uint32_t cp = 0x900; cp < 0x980; cp++)
    assert_int_not_equal(lf_font_glyph(font, cp), conjunct);

  uint32_t glyphs[] = {conjunct};
  uint16_t ids[1];
  lf_font_subset out;
  char why[200];
  lf_font_subset_request request = {glyphs, NULL, 1, NULL, 0, 0};
  assert_int_equal(lf_font_subset_make(font, &request, ids, &out, why, sizeof why), 0);
  assert_int_equal(ids[0], 1);
  assert_int_equal(out.glyph_count >= 2, 1);
  size_t source_size;
  const unsigned char *source_data = lf_font_data(font, &source_size);
  sfnt source = {source_data, source_size}, subset = {out.data, out.size};
  same_glyph(&source, conjunct, &subset, ids[0], 0);
  assert_int_equal(advance(&subset, ids[0]), advance(&source, conjunct));
  assert_int_equal(cmap_glyph(&subset, 0x915), 0);
  lf_font_subset_free(&out);

  glyphs[0] = lf_font_glyph_count(font);
  assert_int_equal(lf_font_subset_make(font, &request, ids, &out, why, sizeof why), -1);
  assert_true(tu_has(why, "has no glyph"));
  lf_font_free(font);
}

/*
 * 'test_minimal()' - LF_SUBSET_MINIMAL keeps only the tables a PDF draws
 * with and empties .notdef; the glyphs asked for draw as before.
 */
static void test_minimal(void **state) {
  (void)state;
  lf_font *font = load_font(ATKINSON);
  uint32_t codes[] = {'T', 'a', 'k', 'e'};
  uint16_t ids[4];
  lf_font_subset full, minimal;
  char why[200];
  assert_int_equal(subset_chars(font, codes, 4, 0, ids, &full, why, sizeof why), 0);
  assert_int_equal(subset_chars(font, codes, 4, LF_SUBSET_MINIMAL, ids, &minimal, why,
                                sizeof why), 0);
  sfnt font_full = {full.data, full.size}, font_min = {minimal.data, minimal.size};
  static const char *const expected[] = {"glyf", "head", "hhea", "hmtx", "loca", "maxp"};
  unsigned count = u16(font_min.data + 4);
  assert_int_equal(count, sizeof expected / sizeof *expected);
  for (unsigned i = 0; i < count; i++)
    assert_memory_equal(font_min.data + 12 + 16 * i, expected[i], 4);
  assert_int_equal(minimal.glyph_count, full.glyph_count);
  size_t length;
  glyph(&font_min, 0, &length);
  assert_int_equal(length, 0);
  for (unsigned i = 0; i < 4; i++) {
    same_glyph(&font_full, ids[i], &font_min, ids[i], 0);
    assert_int_equal(advance(&font_min, ids[i]), advance(&font_full, ids[i]));
  }
  assert_true(minimal.size < full.size);
  lf_font_subset_free(&full);
  lf_font_subset_free(&minimal);
  lf_font_free(font);
}

/*
 * 'test_composite()' - A composite asked for is made after the glyphs:
 * its components at their offsets, its own advance, its components in the
 * subset; an offset beyond a composite's 16 bits is refused.
 */
static void test_composite(void **state) {
  (void)state;
  lf_font *font = load_font(ATKINSON);
  uint32_t glyphs[] = {lf_font_glyph(font, 'a')};
  lf_subset_component parts[] = {{lf_font_glyph(font, 'f'), 0, 0},
                                 {lf_font_glyph(font, 'i'), 300, 10}};
  lf_subset_composite made = {parts, 2, 812};
  lf_font_subset_request request = {glyphs, NULL, 1, &made, 1, LF_SUBSET_MINIMAL};
  uint16_t ids[2];
  lf_font_subset out;
  char why[200];
  assert_int_equal(lf_font_subset_make(font, &request, ids, &out, why, sizeof why), 0);
  assert_int_equal(ids[0], 1);
  assert_true(ids[1] > ids[0] && ids[1] < out.glyph_count);
  sfnt subset = {out.data, out.size};
  assert_int_equal(advance(&subset, ids[1]), 812);
  size_t length;
  const unsigned char *data = glyph(&subset, ids[1], &length);
  assert_non_null(data);
  assert_true((int16_t)u16(data) < 0); /* a composite */
  /* two components as words and x, y offsets: f where the composite
   * starts, i 300 units right and 10 up, each drawing what it drew */
  size_t source_size;
  const unsigned char *source_data = lf_font_data(font, &source_size);
  sfnt source = {source_data, source_size};
  const unsigned char *c = data + 10;
  assert_int_equal(u16(c), 0x0001 | 0x0002 | 0x0020);
  assert_int_equal(u16(c + 4), 0);
  assert_int_equal(u16(c + 6), 0);
  same_glyph(&source, parts[0].glyph, &subset, u16(c + 2), 0);
  c += 8;
  assert_int_equal(u16(c), 0x0001 | 0x0002);
  assert_int_equal(u16(c + 4), 300);
  assert_int_equal(u16(c + 6), 10);
  same_glyph(&source, parts[1].glyph, &subset, u16(c + 2), 0);
  lf_font_subset_free(&out);

  parts[1].dx = 40000;
  assert_int_equal(lf_font_subset_make(font, &request, ids, &out, why, sizeof why), -1);
  assert_null(out.data);
  lf_font_free(font);
}

/*
 * 'main()' - Run the subsetter tests (from the top of the source tree,
 * where fonts/ is).
 */
int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tables),
      cmocka_unit_test(test_small),
      cmocka_unit_test(test_nested_composites),
      cmocka_unit_test(test_hinting),
      cmocka_unit_test(test_deterministic),
      cmocka_unit_test(test_astral),
      cmocka_unit_test(test_damaged),
      cmocka_unit_test(test_shaped_glyphs),
      cmocka_unit_test(test_minimal),
      cmocka_unit_test(test_composite),
  };
  return cmocka_run_group_tests_name("subset", tests, NULL, NULL);
}
