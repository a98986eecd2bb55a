/*
 * test_imagefile.c -- picture files (src/content/imagefile.c) and their
 * decoding (src/pdf/images.c): PNG and JPEG files built here byte by byte,
 * sound and hostile.  A header claiming too many pixels is refused from
 * its header; a file cut short, damaged or of a kind PDF readers cannot
 * show is named as such; the kinds that print (16-bit, interlaced,
 * palette, transparent) decode; a PNG whose chunks are sound but whose
 * compressed rows are not fails the PDF at the picture's place.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <zlib.h>

#include "leaflet/document.h"
#include "leaflet/imagefile.h"
#include "leaflet/layout.h"
#include "leaflet/pdf.h"
#include "layout_fixture.h"
#include "../../src/pdf/cache.h"

/* ---- PNG and JPEG files, made here ------------------------------------- */

typedef struct bytes {
  unsigned char data[1 << 16];
  size_t n;
} bytes;

static void put(bytes *b, const void *p, size_t n) {
  memcpy(b->data + b->n, p, n);
  b->n += n;
}

static void put32(bytes *b, unsigned long v) {
  unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                        (unsigned char)(v >> 8), (unsigned char)v};
  put(b, x, 4);
}

static void chunk(bytes *b, const char *type, const unsigned char *data, size_t n) {
  put32(b, n);
  size_t at = b->n;
  put(b, type, 4);
  if (n)
    put(b, data, n);
  put32(b, crc32(0, b->data + at, (uInt)(n + 4)));
}

/* A PNG of w x h pixels of 'colour' type and 'depth' whose rows (filter 0)
 * are 'row' bytes of 'value' each; 'interlace' 1 for Adam7 (8-bit only,
 * every pixel alike so the passes are rows of 'value' too). */
static void png(bytes *b, unsigned long w, unsigned long h, int colour, int depth,
                int interlace, size_t row, unsigned char value) {
  static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  b->n = 0;
  put(b, sig, 8);
  unsigned char ihdr[13] = {(unsigned char)(w >> 24), (unsigned char)(w >> 16),
                            (unsigned char)(w >> 8), (unsigned char)w,
                            (unsigned char)(h >> 24), (unsigned char)(h >> 16),
                            (unsigned char)(h >> 8), (unsigned char)h,
                            (unsigned char)depth, (unsigned char)colour, 0, 0,
                            (unsigned char)interlace};
  chunk(b, "IHDR", ihdr, 13);
  if (colour == 3) {
    static const unsigned char plte[6] = {200, 30, 40, 20, 60, 160};
    chunk(b, "PLTE", plte, 6);
    static const unsigned char trns[1] = {0};
    chunk(b, "tRNS", trns, 1);
  }
  static unsigned char raw[1 << 15], packed[1 << 15];
  /* a header claiming more than the buffer holds gets one row: the data
   * is never read when the header is refused */
  size_t rows = h <= 64 ? h : 1, bpp = w && row / w ? row / w : 1, n = 0;
  if (interlace) { /* Adam7: the passes' rows, each pixel alike */
    static const int x0[7] = {0, 4, 0, 2, 0, 1, 0}, y0[7] = {0, 0, 4, 0, 2, 0, 1};
    static const int dx[7] = {8, 8, 4, 4, 2, 2, 1}, dy[7] = {8, 8, 8, 4, 4, 2, 2};
    for (int p = 0; p < 7; p++) {
      size_t cols = w > (size_t)x0[p] ? (w - x0[p] + dx[p] - 1) / dx[p] : 0;
      if (!cols)
        continue;
      for (size_t y = y0[p]; y < h; y += dy[p]) {
        raw[n++] = 0;
        memset(raw + n, value, cols * bpp);
        n += cols * bpp;
      }
    }
  } else {
    for (size_t y = 0; y < rows; y++) {
      raw[n++] = 0;
      memset(raw + n, value, row);
      n += row;
    }
  }
  uLongf len = sizeof packed;
  compress(packed, &len, raw, n);
  chunk(b, "IDAT", packed, len);
  chunk(b, "IEND", NULL, 0);
}

/* A JPEG's markers with no real image data: SOI, a frame of 'marker'
 * (0xC0 baseline, 0xC2 progressive ...), 'precision', 'comps'
 * components, a scan, then EOI when 'whole'. */
static void jpeg_frame(bytes *b, unsigned marker, int precision, int comps, int whole) {
  b->n = 0;
  static const unsigned char soi[2] = {0xFF, 0xD8};
  put(b, soi, 2);
  unsigned char sof[4 + 6 + 12] = {0xFF, (unsigned char)marker, 0, (unsigned char)(8 + 3 * comps),
                                   (unsigned char)precision, 0, 16, 0, 24,
                                   (unsigned char)comps};
  for (int c = 0; c < comps; c++) {
    sof[10 + 3 * c] = (unsigned char)(c + 1);
    sof[11 + 3 * c] = 0x11;
  }
  put(b, sof, 10 + 3 * (size_t)comps);
  static const unsigned char sos[10] = {0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0};
  put(b, sos, 10);
  static const unsigned char data[6] = {0x12, 0x34, 0xFF, 0x00, 0x56, 0x78};
  put(b, data, 6);
  static const unsigned char eoi[2] = {0xFF, 0xD9};
  if (whole)
    put(b, eoi, 2);
}

static int parse(const bytes *b, lf_image *img, char *why) {
  return lf_image_parse(b->data, b->n, img, why, 256);
}

/* ---- parsing ------------------------------------------------------------- */

static void test_png_sound(void **state) {
  (void)state;
  bytes b;
  lf_image img;
  char why[256];
  png(&b, 40, 30, 2, 8, 0, 120, 77);
  assert_int_equal(parse(&b, &img, why), 0);
  assert_int_equal(img.format, LF_IMAGE_PNG);
  assert_int_equal(img.width, 40);
  assert_int_equal(img.height, 30);
  assert_int_equal(img.channels, 3);
  assert_int_equal(img.bit_depth, 8);
  assert_false(img.interlaced);
  png(&b, 40, 30, 0, 16, 0, 80, 77);
  assert_int_equal(parse(&b, &img, why), 0);
  assert_int_equal(img.channels, 1);
  assert_int_equal(img.bit_depth, 16);
}

static void test_png_too_many_pixels_refused_from_its_header(void **state) {
  (void)state;
  bytes b;
  lf_image img;
  char why[256];
  png(&b, 100000, 100000, 2, 8, 0, 3, 0); /* the data is a few bytes */
  assert_int_equal(parse(&b, &img, why), -1);
  assert_true(tu_has(why, "is 100000 x 100000 pixels, too many to print"));
  png(&b, 5000, 5000, 2, 8, 0, 3, 0); /* 25 million: over the total */
  assert_int_equal(parse(&b, &img, why), -1);
  assert_true(tu_has(why, "too many to print"));
  png(&b, 0, 10, 2, 8, 0, 3, 0);
  assert_int_equal(parse(&b, &img, why), -1);
  assert_true(tu_has(why, "is damaged: it says it is 0 x 10 pixels"));
}

static void test_png_cut_short_or_damaged(void **state) {
  (void)state;
  bytes b;
  lf_image img;
  char why[256];
  png(&b, 40, 30, 2, 8, 0, 120, 77);
  size_t whole = b.n;
  for (size_t cut = 8; cut < whole; cut += 7) { /* cut anywhere: never read past it */
    b.n = cut;
    assert_int_equal(parse(&b, &img, why), -1);
    assert_true(tu_has(why, "cut short"));
  }
  b.n = whole;
  b.data[45] ^= 0x55; /* a byte of the image data: its CRC fails */
  assert_int_equal(parse(&b, &img, why), -1);
  assert_true(tu_has(why, "fails its checksum"));
  png(&b, 4, 4, 5, 8, 0, 12, 0); /* colour type 5 does not exist */
  assert_int_equal(parse(&b, &img, why), -1);
  assert_true(tu_has(why, "colour type 5 is not one PNG has"));
}

static void test_other_formats_named(void **state) {
  (void)state;
  lf_image img;
  char why[256];
  static const unsigned char gif[] = "GIF89a\x01\x00\x01\x00\x00\x00\x00;";
  assert_int_equal(lf_image_parse(gif, sizeof gif - 1, &img, why, sizeof why), -1);
  assert_true(tu_has(why, "is a GIF file, not a PNG or JPEG"));
  static const unsigned char svg[] = "<?xml version=\"1.0\"?><svg xmlns=\"x\"/>";
  assert_int_equal(lf_image_parse(svg, sizeof svg - 1, &img, why, sizeof why), -1);
  assert_true(tu_has(why, "is an SVG drawing, not a picture"));
  static const unsigned char page[] = "<html><body><svg xmlns=\"x\"/></body></html>";
  assert_int_equal(lf_image_parse(page, sizeof page - 1, &img, why, sizeof why), -1);
  assert_true(tu_has(why, "does not start as an SVG drawing"));
  assert_int_equal(lf_image_parse(svg, 0, &img, why, sizeof why), -1);
  assert_true(tu_has(why, "is empty"));
}

static void test_jpeg_frames(void **state) {
  (void)state;
  bytes b;
  lf_image img;
  char why[256];
  jpeg_frame(&b, 0xC0, 8, 3, 1);
  assert_int_equal(parse(&b, &img, why), 0);
  assert_int_equal(img.format, LF_IMAGE_JPEG);
  assert_int_equal(img.width, 24);
  assert_int_equal(img.height, 16);
  assert_int_equal(img.channels, 3);
  jpeg_frame(&b, 0xC2, 8, 1, 1);
  assert_int_equal(parse(&b, &img, why), 0);
  assert_true(img.interlaced);
  assert_int_equal(img.channels, 1);
  jpeg_frame(&b, 0xC0, 8, 4, 1);
  assert_int_equal(parse(&b, &img, why), -1);
  assert_true(tu_has(why, "is a CMYK JPEG"));
  jpeg_frame(&b, 0xC1, 12, 3, 1);
  assert_int_equal(parse(&b, &img, why), -1);
  assert_true(tu_has(why, "has 12 bits a sample"));
  jpeg_frame(&b, 0xC9, 8, 3, 1);
  assert_int_equal(parse(&b, &img, why), -1);
  assert_true(tu_has(why, "arithmetic-coded"));
  jpeg_frame(&b, 0xC3, 8, 3, 1);
  assert_int_equal(parse(&b, &img, why), -1);
  assert_true(tu_has(why, "lossless"));
  jpeg_frame(&b, 0xC0, 8, 3, 0);
  assert_int_equal(parse(&b, &img, why), -1);
  assert_true(tu_has(why, "cut short"));
}

/* ---- decoding, through a leaflet and the PDF backend ----------------------- */

/* Write 'b' as images/pic.png, lay out a leaflet showing it and render it
 * (through 'cache', which may be NULL); returns what lf_pdf_render() does,
 * the diagnostics in 'diags'. */
static int render_cached(const bytes *b, lf_pdf_cache *cache, lf_diags *diags) {
  char *dir = write_fixture();
  char path[1100];
  snprintf(path, sizeof path, "%s/images", dir);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/images/pic.png", dir);
  FILE *fp = fopen(path, "wb");
  fwrite(b->data, 1, b->n, fp);
  fclose(fp);
  tu_write(dir, "leaflets/one.yaml",
           "id: one\ntitle: One\nreview: {last_reviewed: 2027-01-01, next_review: 2030-01-01}\n"
           "body:\n  - figure:\n      src: pic.png\n      alt: A picture.\n");
  lf_arena *arena = lf_arena_new(0);
  lf_fontset fonts;
  assert_int_equal(lf_fontset_load(&fonts, layout_font_paths, diags), 0);
  lf_content *c = lf_content_load(arena, dir, diags);
  lf_document doc;
  int rc = -1;
  if (c && lf_resolve_edition(arena, c, lf_content_leaflet(c, "one"), 0, &doc, diags) == 0) {
    lf_display *d = lf_layout_document(arena, &doc, lf_content_format(c, "standard"), &fonts,
                                       diags);
    unsigned char *pdf = NULL;
    size_t size = 0;
    if (d)
      rc = lf_pdf_render_cached(d, cache, &pdf, &size, diags);
    free(pdf);
  }
  lf_fontset_free(&fonts);
  lf_arena_free(arena);
  tu_rmtree(dir);
  return rc;
}

static int render_picture(const bytes *b, lf_diags *diags) {
  return render_cached(b, NULL, diags);
}

static void test_kinds_that_print_decode(void **state) {
  (void)state;
  struct { int colour, depth, interlace; size_t row; } kinds[] = {
      {2, 16, 0, 240}, /* 16-bit RGB */
      {2, 8, 1, 120},  /* interlaced */
      {3, 8, 0, 40},   /* palette, with a transparent entry */
      {6, 8, 0, 160},  /* RGB and alpha */
      {0, 2, 0, 10},   /* 2-bit grey */
      {0, 8, 0, 40},   /* grey: its rows go in as they are */
  };
  for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
    bytes b;
    lf_diags diags;
    lf_diags_init(&diags);
    png(&b, 40, 30, kinds[k].colour, kinds[k].depth, kinds[k].interlace, kinds[k].row, 1);
    int rc = render_picture(&b, &diags);
    char text[4096];
    if (rc != 0)
      fprintf(stderr, "kind %zu: %s\n", k, tu_diags_text(&diags, text, sizeof text));
    assert_int_equal(rc, 0);
    lf_diags_free(&diags);
  }
}

static void test_sound_chunks_damaged_rows_fail_at_the_figure(void **state) {
  (void)state;
  bytes b;
  for (int as_is = 0; as_is < 2; as_is++) {
    /* the compressed rows replaced by bytes that will not inflate, each
     * chunk's CRC right: a 16-bit file is decoded again, an 8-bit grey
     * one goes in as it is, inflated once to prove it */
    png(&b, 40, 30, 0, as_is ? 8 : 16, 0, as_is ? 40 : 80, 7);
    size_t idat = 8 + 25;
    static const unsigned char junk[64] = {0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    b.n = idat;
    chunk(&b, "IDAT", junk, sizeof junk);
    chunk(&b, "IEND", NULL, 0);
    lf_diags diags;
    lf_diags_init(&diags);
    assert_int_equal(render_picture(&b, &diags), -1);
    char text[4096];
    assert_true(tu_has(tu_diags_text(&diags, text, sizeof text),
                       "one.yaml:6:12: error: picture 'pic.png' is damaged: "));
    lf_diags_free(&diags);
  }
}

static void test_bytes_after_iend_are_not_the_picture(void **state) {
  (void)state;
  /* PNG readers stop at IEND, and so does the checker; the decoder must
   * too.  After IEND: a whole IDAT chunk of bytes that will not inflate
   * (the picture's rows are still its own), then a chunk header claiming
   * 2 GB, more than the file holds (found by fuzz_image: the rows were
   * copied from past the file's end, a crash or "out of memory") */
  for (int as_is = 0; as_is < 2; as_is++) {
    bytes b;
    png(&b, 40, 30, 0, as_is ? 8 : 16, 0, as_is ? 40 : 80, 5);
    static const unsigned char junk[32] = {0xFF, 0xFF, 0xFF, 0xFF, 0x01};
    chunk(&b, "IDAT", junk, sizeof junk);
    put32(&b, 0x7FFFFFF0ul);
    put(&b, "IDAT", 4);
    put(&b, junk, 8);
    lf_image img;
    char why[256];
    assert_int_equal(parse(&b, &img, why), 0);
    lf_diags diags;
    lf_diags_init(&diags);
    int rc = render_picture(&b, &diags);
    char text[4096];
    if (rc != 0)
      fprintf(stderr, "%s\n", tu_diags_text(&diags, text, sizeof text));
    assert_int_equal(rc, 0);
    lf_diags_free(&diags);
  }
}

static void test_picture_made_once_per_run(void **state) {
  (void)state;
  /* a 16-bit PNG: decoded and compressed the first time; what was made
   * is then in the run's cache under the file's bytes, for every other
   * document (which gives the same bytes) */
  bytes b;
  png(&b, 40, 30, 2, 16, 0, 240, 9);
  lf_pdf_cache *cache = lf_pdf_cache_new((size_t)4 << 20);
  lf_buf made = {0};
  assert_int_equal(lf_pdf_cache_find(cache, b.data, b.n, &made), 0);
  lf_diags diags;
  lf_diags_init(&diags);
  assert_int_equal(render_cached(&b, cache, &diags), 0);
  assert_int_equal(lf_pdf_cache_find(cache, b.data, b.n, &made), 1);
  assert_true(made.length > 2 && made.data[0] == 0x78); /* a zlib stream */
  assert_int_equal(render_cached(&b, cache, &diags), 0);
  lf_buf_free(&made);
  lf_diags_free(&diags);
  lf_pdf_cache_free(cache);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_png_sound),
      cmocka_unit_test(test_png_too_many_pixels_refused_from_its_header),
      cmocka_unit_test(test_png_cut_short_or_damaged),
      cmocka_unit_test(test_other_formats_named),
      cmocka_unit_test(test_jpeg_frames),
      cmocka_unit_test(test_kinds_that_print_decode),
      cmocka_unit_test(test_sound_chunks_damaged_rows_fail_at_the_figure),
      cmocka_unit_test(test_bytes_after_iend_are_not_the_picture),
      cmocka_unit_test(test_picture_made_once_per_run),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
