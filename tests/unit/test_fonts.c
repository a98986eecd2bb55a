/*
 * test_fonts.c -- the TrueType reader and font sets.
 *
 * Widths are checked against libharu itself (HPDF_Font_TextWidth and its
 * glyph look-up) for every character of the Basic Multilingual Plane, so a
 * width measured for layout is the width printed in the PDF.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_fontdef.h>

#include "leaflet/diag.h"
#include "leaflet/fonts.h"
#include "leaflet/utf8.h"

#define ATKINSON_REGULAR "fonts/AtkinsonHyperlegible-Regular.ttf"
#define ATKINSON_BOLD "fonts/AtkinsonHyperlegible-Bold.ttf"
#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define DEJAVU_BOLD "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
#define NOTO_CJK "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
#define NOTO_NASKH "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf"

/* 'load_or_fail()' - Load a font the test needs, failing with the
 * diagnostics when it does not load. */
static lf_font *load_or_fail(const char *path) {
  lf_diags diags;
  lf_diags_init(&diags);
  lf_font *font = lf_font_load(path, &diags);
  if (!font)
    lf_diags_print(&diags, stderr);
  assert_non_null(font);
  assert_int_equal(diags.count, 0);
  lf_diags_free(&diags);
  return font;
}

/*
 * 'expect_load_error()' - Load 'path', expect NULL and exactly one error at
 * the file as a whole whose message contains 'fragment'.
 */
static void expect_load_error(const char *path, const char *fragment) {
  lf_diags diags;
  lf_diags_init(&diags);
  lf_font *font = lf_font_load(path, &diags);
  assert_null(font);
  assert_int_equal(diags.errors, 1);
  assert_int_equal(diags.count, 1);
  assert_string_equal(diags.items[0].pos.file, path);
  assert_int_equal(diags.items[0].pos.line, 0);
  if (!strstr(diags.items[0].message, fragment))
    fail_msg("message '%s' lacks '%s'", diags.items[0].message, fragment);
  lf_diags_free(&diags);
}

/* 'write_temp()' - Write 'size' bytes to a new temporary file whose name is
 * put in 'name' (at least 64 bytes). */
static void write_temp(const void *bytes, size_t size, char *name) {
  strcpy(name, "/tmp/lf_test_font_XXXXXX");
  int fd = mkstemp(name);
  assert_true(fd >= 0);
  FILE *fp = fdopen(fd, "wb");
  assert_non_null(fp);
  assert_int_equal(fwrite(bytes, 1, size, fp), size);
  assert_int_equal(fclose(fp), 0);
}

/* 'read_whole()' - Read a file the test needs into a malloc'd buffer. */
static unsigned char *read_whole(const char *path, size_t *size) {
  FILE *fp = fopen(path, "rb");
  assert_non_null(fp);
  assert_int_equal(fseek(fp, 0, SEEK_END), 0);
  long length = ftell(fp);
  assert_true(length > 0);
  rewind(fp);
  unsigned char *data = malloc((size_t)length);
  assert_non_null(data);
  assert_int_equal(fread(data, 1, (size_t)length, fp), (size_t)length);
  fclose(fp);
  *size = (size_t)length;
  return data;
}

/* 'test_atkinson_coverage()' - The characters Atkinson has and lacks. */
static void test_atkinson_coverage(void **state) {
  (void)state;
  lf_font *font = load_or_fail(ATKINSON_REGULAR);
  assert_int_not_equal(lf_font_glyph(font, 0x2019), 0); /* ' */
  assert_int_not_equal(lf_font_glyph(font, 0x2013), 0); /* - */
  assert_int_not_equal(lf_font_glyph(font, 0x00A3), 0); /* pound */
  assert_int_not_equal(lf_font_glyph(font, 0x00A0), 0); /* no-break space */
  assert_int_not_equal(lf_font_glyph(font, 'a'), 0);
  assert_int_equal(lf_font_glyph(font, 0x2192), 0);     /* arrow */
  assert_int_equal(lf_font_glyph(font, 0x2011), 0);     /* nb hyphen */
  assert_int_equal(lf_font_glyph(font, 0x1F600), 0);
  assert_int_equal(lf_font_glyph(font, 0x10FFFF), 0);
  assert_int_equal(lf_font_advance(font, 0x00A0), lf_font_advance(font, ' '));
  assert_true(lf_font_ascent(font) > 0);
  assert_true(lf_font_descent(font) < 0);
  assert_string_equal(lf_font_path(font), ATKINSON_REGULAR);
  size_t size = 0;
  const unsigned char *data = lf_font_data(font, &size);
  assert_int_equal(size, 53504);
  assert_memory_equal(data, "\0\1\0\0", 4);
  lf_font_free(font);
}

/* 'test_dejavu_coverage()' - DejaVu has the arrow Atkinson lacks. */
static void test_dejavu_coverage(void **state) {
  (void)state;
  lf_font *font = load_or_fail(DEJAVU);
  assert_int_not_equal(lf_font_glyph(font, 0x2192), 0);
  assert_int_not_equal(lf_font_glyph(font, 0x2019), 0);
  assert_int_not_equal(lf_font_glyph(font, 0x0416), 0); /* Cyrillic Zhe */
  lf_font_free(font);
}

/*
 * 'compare_with_libharu()' - For every BMP character, the glyph and width
 * must equal libharu's; so must a sample string's total, the ascent and the
 * descent.  Returns how many characters the font maps.
 */
static size_t compare_with_libharu(const char *path) {
  lf_font *font = load_or_fail(path);
  HPDF_Doc pdf = HPDF_New(NULL, NULL);
  assert_non_null(pdf);
  assert_int_equal(HPDF_UseUTFEncodings(pdf), HPDF_OK);
  const char *name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
  assert_non_null(name);
  HPDF_Font hfont = HPDF_GetFont(pdf, name, "UTF-8");
  assert_non_null(hfont);
  HPDF_FontDef fontdef = HPDF_GetFontDef(pdf, name);
  assert_non_null(fontdef);

  size_t mapped = 0, mismatches = 0;
  for (uint32_t cp = 1; cp < 0x10000; cp++) {
    if (cp >= 0xD800 && cp <= 0xDFFF)
      continue;
    char utf8[4];
    size_t len = lf_utf8_put(cp, utf8);
    HPDF_TextWidth tw = HPDF_Font_TextWidth(hfont, (const HPDF_BYTE *)utf8,
                                            (HPDF_UINT)len);
    unsigned ours_glyph = lf_font_glyph(font, cp);
    unsigned harus_glyph = HPDF_TTFontDef_GetGlyphid(fontdef, (HPDF_UINT16)cp);
    if (ours_glyph)
      mapped++;
    if ((int)tw.width != lf_font_advance(font, cp) ||
        ours_glyph != harus_glyph) {
      if (mismatches++ < 5)
        print_error("%s U+%04X: glyph %u/%u width %d/%u\n", path,
                    (unsigned)cp, ours_glyph, harus_glyph,
                    lf_font_advance(font, cp), (unsigned)tw.width);
    }
  }
  assert_int_equal(mismatches, 0);

  const char *sample = "Take one tablet \xe2\x80\x93 twice a day, "
                       "with food. You\xe2\x80\x99ll pay \xc2\xa3" "9.90.";
  HPDF_TextWidth tw = HPDF_Font_TextWidth(hfont, (const HPDF_BYTE *)sample,
                                          (HPDF_UINT)strlen(sample));
  long ours = 0;
  const char *p = sample, *end = sample + strlen(sample);
  while (p < end) {
    int32_t cp = lf_utf8_next(&p, end);
    assert_true(cp >= 0);
    ours += lf_font_advance(font, (uint32_t)cp);
  }
  assert_int_equal(ours, (long)tw.width);
  assert_true(ours > 0);

  assert_int_equal(lf_font_ascent(font), HPDF_Font_GetAscent(hfont));
  assert_int_equal(lf_font_descent(font), HPDF_Font_GetDescent(hfont));
  HPDF_Free(pdf);
  lf_font_free(font);
  return mapped;
}

/* 'test_widths_match_libharu()' - Atkinson regular and bold, DejaVu. */
static void test_widths_match_libharu(void **state) {
  (void)state;
  assert_true(compare_with_libharu(ATKINSON_REGULAR) > 300);
  assert_true(compare_with_libharu(ATKINSON_BOLD) > 300);
  assert_true(compare_with_libharu(DEJAVU) > 5000);
}

/* 'test_missing_file()' - A clear error naming the file. */
static void test_missing_file(void **state) {
  (void)state;
  expect_load_error("/nonexistent/dir/font.ttf", "No such file");
  expect_load_error("/tmp", "not a regular file");
  lf_diags diags;
  lf_diags_init(&diags);
  assert_null(lf_font_load(NULL, &diags));
  assert_int_equal(diags.errors, 1);
  lf_diags_free(&diags);
  assert_null(lf_font_load("/nonexistent/font.ttf", NULL)); /* no list */
}

/* 'test_named_pipe()' - A named pipe nobody writes to is refused at once,
 * not waited on (opening it used to block for ever). */
static void test_named_pipe(void **state) {
  (void)state;
  char dir[] = "/tmp/leaflet-test-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[64];
  snprintf(path, sizeof path, "%s/pipe.ttf", dir);
  assert_int_equal(mkfifo(path, 0600), 0);
  expect_load_error(path, "not a regular file");
  unlink(path);
  rmdir(dir);
}

/* 'test_truncated_font()' - The first 1000 bytes of a real font. */
static void test_truncated_font(void **state) {
  (void)state;
  size_t size;
  unsigned char *data = read_whole(ATKINSON_REGULAR, &size);
  char name[64];
  write_temp(data, 1000, name);
  expect_load_error(name, "truncated");
  unlink(name);
  /* every length: an error or (rarely) a load, never a crash */
  for (size_t length = 0; length < size; length += 211) {
    write_temp(data, length, name);
    lf_diags diags;
    lf_diags_init(&diags);
    lf_font *font = lf_font_load(name, &diags);
    assert_null(font);
    assert_int_equal(diags.errors, 1);
    lf_diags_free(&diags);
    unlink(name);
  }
  free(data);
}

/* 'test_corrupt_font()' - Random damage to a real font never crashes: it
 * loads, or fails with one error. */
static void test_corrupt_font(void **state) {
  (void)state;
  size_t size;
  unsigned char *data = read_whole(ATKINSON_REGULAR, &size);
  unsigned char *copy = malloc(size);
  assert_non_null(copy);
  char name[64];
  unsigned seed = 12345;
  for (int round = 0; round < 200; round++) {
    memcpy(copy, data, size);
    for (int hit = 0; hit < 8; hit++) {
      seed = seed * 1103515245u + 12345u;
      /* damage mostly the directory and small tables near the start */
      size_t at = (seed >> 8) % (round % 2 ? size : 1024);
      seed = seed * 1103515245u + 12345u;
      copy[at] = (unsigned char)(seed >> 16);
    }
    write_temp(copy, size, name);
    lf_diags diags;
    lf_diags_init(&diags);
    lf_font *font = lf_font_load(name, &diags);
    if (font) {
      assert_int_equal(diags.errors, 0);
      for (uint32_t cp = 0; cp < 0x10000; cp += 7)
        (void)lf_font_advance(font, cp);
      (void)lf_font_advance(font, 0x10FFFF);
      lf_font_free(font);
    } else {
      assert_int_equal(diags.errors, 1);
    }
    lf_diags_free(&diags);
    unlink(name);
  }
  free(copy);
  free(data);
}

/* 'test_otf_broken()' - A CFF OpenType file or a collection whose
 * directory is cut short is refused, saying what is wrong. */
static void test_otf_broken(void **state) {
  (void)state;
  unsigned char otf[256] = {'O', 'T', 'T', 'O', 0, 1};
  char name[64];
  write_temp(otf, sizeof otf, name);
  expect_load_error(name, "font has no 'head' table (expected a complete CFF OpenType font)");
  unlink(name);
  unsigned char ttc[64] = {'t', 't', 'c', 'f', 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 16};
  write_temp(ttc, sizeof ttc, name);
  expect_load_error(name, "not a TrueType or OpenType font");
  unlink(name);
  unsigned char few[12] = {'t', 't', 'c', 'f', 0, 1, 0, 0, 0, 0, 0, 9};
  write_temp(few, sizeof few, name);
  expect_load_error(name, "truncated font collection header");
  unlink(name);
}

/*
 * 'test_cff_collection()' - Noto Sans CJK is CFF in a collection: each face
 * loads by its index with the metrics of that face (the Simplified Chinese
 * face, 2, has the ideographs at a full em), the index past the last face
 * is refused, and face 1 of a lone font is refused too.
 */
static void test_cff_collection(void **state) {
  (void)state;
  lf_diags diags;
  lf_diags_init(&diags);
  lf_font *sc = lf_font_load_face(NOTO_CJK, 2, &diags);
  if (!sc)
    lf_diags_print(&diags, stderr);
  assert_non_null(sc);
  assert_int_equal(diags.count, 0);
  assert_true(lf_font_is_cff(sc));
  assert_int_equal(lf_font_face_index(sc), 2);
  assert_int_equal(lf_font_units_per_em(sc), 1000);
  assert_true(lf_font_glyph(sc, 0x4E2D) != 0);     /* 中 */
  assert_int_equal(lf_font_advance(sc, 0x4E2D), 1000);
  assert_true(lf_font_ascent(sc) > 800);
  assert_true(lf_font_descent(sc) < -100);
  assert_non_null(lf_font_table(sc, "CFF ", NULL));
  assert_null(lf_font_table(sc, "glyf", NULL));
  /* faces differ: the Japanese face (0) maps 直 to another glyph */
  lf_font *jp = lf_font_load_face(NOTO_CJK, 0, &diags);
  assert_non_null(jp);
  assert_int_not_equal(lf_font_glyph(jp, 0x76F4), lf_font_glyph(sc, 0x76F4));
  lf_font_free(jp);
  lf_font_free(sc);
  assert_null(lf_font_load_face(NOTO_CJK, 10, &diags));
  assert_int_equal(diags.errors, 1);
  assert_true(strstr(diags.items[0].message, "has 10 faces, so no face 10 (expected 0 to 9)"));
  assert_null(lf_font_load_face(NOTO_NASKH, 1, &diags));
  assert_int_equal(diags.errors, 2);
  assert_true(strstr(diags.items[1].message, "not a font collection, so it has no face 1"));
  /* a glyf font is not CFF */
  lf_font *naskh = load_or_fail(NOTO_NASKH);
  assert_false(lf_font_is_cff(naskh));
  assert_int_equal(lf_font_face_index(naskh), 0);
  lf_font_free(naskh);
  lf_diags_free(&diags);
}

/* 'test_random_bytes()' - Noise and an empty file are not fonts. */
static void test_random_bytes(void **state) {
  (void)state;
  unsigned char noise[4096];
  unsigned seed = 99;
  for (size_t i = 0; i < sizeof noise; i++) {
    seed = seed * 1103515245u + 12345u;
    noise[i] = (unsigned char)(seed >> 16);
  }
  char name[64];
  write_temp(noise, sizeof noise, name);
  expect_load_error(name, "not a TrueType or OpenType font (expected a .ttf, .otf or .ttc file)");
  unlink(name);
  write_temp("", 0, name);
  expect_load_error(name, "not a TrueType or OpenType font");
  unlink(name);
  /* a TrueType signature with a directory pointing far past the end */
  unsigned char fake[12 + 16] = {0, 1, 0, 0, 0, 1};
  memcpy(fake + 12, "head", 4);
  fake[12 + 8] = 0x7F; /* offset */
  fake[12 + 15] = 54;  /* length */
  write_temp(fake, sizeof fake, name);
  expect_load_error(name, "truncated 'head' table");
  unlink(name);
}

/* 'test_fontset_pick()' - Per-character fallback, and nothing found. */
static void test_fontset_pick(void **state) {
  (void)state;
  const char *const paths[LF_FACE_COUNT] = {ATKINSON_REGULAR, ATKINSON_BOLD,
                                            DEJAVU, DEJAVU_BOLD};
  lf_fontset set;
  lf_diags diags;
  lf_diags_init(&diags);
  assert_int_equal(lf_fontset_load(&set, paths, &diags), 0);
  assert_int_equal(diags.count, 0);
  assert_int_equal(lf_fontset_pick(&set, LF_FACE_REGULAR, 'a'),
                   LF_FACE_REGULAR);
  assert_int_equal(lf_fontset_pick(&set, LF_FACE_BOLD, 'a'), LF_FACE_BOLD);
  assert_int_equal(lf_fontset_pick(&set, LF_FACE_REGULAR, 0x2192),
                   LF_FACE_FALLBACK_REGULAR);
  assert_int_equal(lf_fontset_pick(&set, LF_FACE_BOLD, 0x2192),
                   LF_FACE_FALLBACK_BOLD);
  assert_int_equal(lf_fontset_pick(&set, LF_FACE_REGULAR, 0x00A0),
                   LF_FACE_REGULAR);
  assert_int_equal(lf_fontset_pick(&set, LF_FACE_REGULAR, 0x0378), -1);
  assert_int_equal(lf_fontset_pick(&set, LF_FACE_BOLD, 0x10FFFF), -1);
  lf_fontset_free(&set);
  for (int face = 0; face < LF_FACE_COUNT; face++)
    assert_null(set.face[face]);

  /* one bad face: -1, reported, nothing left loaded */
  const char *const bad[LF_FACE_COUNT] = {ATKINSON_REGULAR, ATKINSON_BOLD,
                                          "/nonexistent.ttf", DEJAVU_BOLD};
  assert_int_equal(lf_fontset_load(&set, bad, &diags), -1);
  assert_int_equal(diags.errors, 1);
  for (int face = 0; face < LF_FACE_COUNT; face++)
    assert_null(set.face[face]);
  lf_diags_free(&diags);
}

/* A fallback face a thread picks from the shared set. */
typedef struct picker {
  const lf_fontset *set;
  int face;
} picker;

/* 'pick_arrow()' - Thread body: pick the face for U+2192 (fallback only). */
static void *pick_arrow(void *arg) {
  picker *p = arg;
  p->face = lf_fontset_pick(p->set, LF_FACE_REGULAR, 0x2192);
  return NULL;
}

/*
 * 'test_fontset_lazy_fallback()' - Fallbacks are read on first need only,
 * once however many threads ask at once; one that turns out unreadable
 * then is reported through lf_fontset_problems().
 */
static void test_fontset_lazy_fallback(void **state) {
  (void)state;
  const char *const paths[LF_FACE_COUNT] = {ATKINSON_REGULAR, ATKINSON_BOLD,
                                            DEJAVU, DEJAVU_BOLD};
  lf_fontset set;
  lf_diags diags;
  lf_diags_init(&diags);
  assert_int_equal(lf_fontset_load(&set, paths, &diags), 0);
  assert_non_null(set.face[LF_FACE_REGULAR]);
  assert_null(set.face[LF_FACE_FALLBACK_REGULAR]);
  assert_null(set.face[LF_FACE_FALLBACK_BOLD]);
  assert_int_equal(lf_fontset_pick(&set, LF_FACE_REGULAR, 'a'), LF_FACE_REGULAR);
  assert_null(set.face[LF_FACE_FALLBACK_REGULAR]);

  /* two threads need the fallback at the same moment */
  pthread_t threads[2];
  picker pickers[2] = {{&set, 0}, {&set, 0}};
  for (int i = 0; i < 2; i++)
    assert_int_equal(pthread_create(&threads[i], NULL, pick_arrow, &pickers[i]), 0);
  for (int i = 0; i < 2; i++) {
    assert_int_equal(pthread_join(threads[i], NULL), 0);
    assert_int_equal(pickers[i].face, LF_FACE_FALLBACK_REGULAR);
  }
  assert_non_null(set.face[LF_FACE_FALLBACK_REGULAR]);
  assert_string_equal(lf_font_path(set.face[LF_FACE_FALLBACK_REGULAR]), DEJAVU);
  assert_null(set.face[LF_FACE_FALLBACK_BOLD]);
  const lf_font *bold = lf_fontset_face(&set, LF_FACE_FALLBACK_BOLD);
  assert_non_null(bold);
  assert_ptr_equal(bold, set.face[LF_FACE_FALLBACK_BOLD]);
  assert_int_equal(lf_fontset_problems(&set, &diags), 0);
  lf_fontset_free(&set);

  /* a fallback whose directory is sound but whose cmap is zeroed: the set
   * loads, the character is not found, and the reason is kept */
  size_t size;
  unsigned char *bytes = read_whole(ATKINSON_REGULAR, &size);
  unsigned tables = (unsigned)(bytes[4] << 8 | bytes[5]);
  int zeroed = 0;
  for (unsigned i = 0; i < tables; i++) {
    const unsigned char *rec = bytes + 12 + 16 * i;
    if (memcmp(rec, "cmap", 4) == 0) {
      size_t offset = (size_t)rec[8] << 24 | rec[9] << 16 | rec[10] << 8 | rec[11];
      size_t length = (size_t)rec[12] << 24 | rec[13] << 16 | rec[14] << 8 | rec[15];
      assert_true(offset + length <= size);
      memset(bytes + offset, 0, length);
      zeroed = 1;
    }
  }
  assert_true(zeroed);
  char name[64];
  write_temp(bytes, size, name);
  free(bytes);
  const char *const broken[LF_FACE_COUNT] = {ATKINSON_REGULAR, ATKINSON_BOLD, name,
                                             DEJAVU_BOLD};
  assert_int_equal(lf_fontset_load(&set, broken, &diags), 0);
  assert_int_equal(diags.count, 0);
  assert_int_equal(lf_fontset_pick(&set, LF_FACE_REGULAR, 0x2192), -1);
  assert_int_equal(lf_fontset_pick(&set, LF_FACE_REGULAR, 0x2192), -1);
  assert_int_equal(lf_fontset_problems(&set, &diags), 1);
  assert_int_equal(diags.errors, 1);
  assert_string_equal(diags.items[0].pos.file, name);
  assert_non_null(strstr(diags.items[0].message, "cmap"));
  lf_fontset_free(&set);
  unlink(name);
  lf_diags_free(&diags);
}

/* 'main()' - Run the font tests. */
int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_atkinson_coverage),
      cmocka_unit_test(test_dejavu_coverage),
      cmocka_unit_test(test_widths_match_libharu),
      cmocka_unit_test(test_missing_file),
      cmocka_unit_test(test_named_pipe),
      cmocka_unit_test(test_truncated_font),
      cmocka_unit_test(test_corrupt_font),
      cmocka_unit_test(test_otf_broken),
      cmocka_unit_test(test_cff_collection),
      cmocka_unit_test(test_random_bytes),
      cmocka_unit_test(test_fontset_pick),
      cmocka_unit_test(test_fontset_lazy_fallback),
  };
  return cmocka_run_group_tests_name("fonts", tests, NULL, NULL);
}
