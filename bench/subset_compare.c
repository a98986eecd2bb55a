/*
 * subset_compare.c -- our TrueType subsetter (src/pdf/subset.c) against
 * HarfBuzz's hb-subset, by measurement: bytes, time and robustness.
 *
 * Usage: subset_compare TEXT FONT [FONT ...]
 *
 * For each font that loads and has glyf outlines: the glyphs of TEXT's
 * characters (as the PDF backend asks for them: glyph ids in order)
 * subset 200 times by each, with the tables the PDF draws with (our
 * LF_SUBSET_MINIMAL; hb-subset with cmap, OS/2, name and post dropped too,
 * and no hinting), the subset's bytes raw and deflated (zlib level 6, as
 * the PDF's streams are), and the median time of one subset.  Then, over
 * every FONT (damaged ones included: the fuzz corpus, the hostile fonts),
 * how many each subset, how many each refused with an error, and whether
 * one gave bytes the other refused.  Built by `make subset-compare`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <harfbuzz/hb-subset.h>
#include <harfbuzz/hb.h>
#include <zlib.h>

#include "leaflet/diag.h"
#include "leaflet/fonts.h"
#include "leaflet/pdf.h"
#include "leaflet/utf8.h"

enum { RUNS = 200, MAX_GLYPHS = 512 };

/* Tables hb-subset is told to drop: all but what a CIDFontType2 draws with. */
static const char *const dropped[] = {
    "GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "VORG", "vhea", "vmtx", "DSIG",
    "STAT", "kern", "morx", "kerx", "gasp", "hdmx", "LTSH", "VDMX", "FFTM", "meta",
    "cvt ", "fpgm", "prep", "COLR", "CPAL", "SVG ", "sbix", "CBDT", "CBLC", "EBDT",
    "EBLC", "EBSC", "feat", "trak", "fvar", "avar", "gvar", "HVAR", "MVAR", "VVAR",
    "cvar", "cmap", "OS/2", "name", "post"};

/* 'now()' - Seconds on the monotonic clock. */
static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* 'by_double()' - qsort order of doubles. */
static int by_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* 'by_glyph()' - qsort order of glyph ids. */
static int by_glyph(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

/* 'deflated()' - The size of 'size' bytes compressed at zlib level 6. */
static unsigned long deflated(const unsigned char *data, size_t size) {
  uLongf out = compressBound((uLong)size);
  unsigned char *buf = malloc(out);
  if (!buf || compress2(buf, &out, data, (uLong)size, 6) != Z_OK)
    out = 0;
  free(buf);
  return (unsigned long)out;
}

/* 'hb_subset_of()' - hb-subset's subset of the glyphs; its bytes (NULL
 * when it refused), 'size' set. */
static hb_blob_t *hb_subset_of(const lf_font *font, const uint32_t *glyphs, size_t count) {
  hb_face_t *face = hb_font_get_face(lf_font_hb(font));
  hb_subset_input_t *input = hb_subset_input_create_or_fail();
  if (!input)
    return NULL;
  hb_set_t *keep = hb_subset_input_glyph_set(input);
  hb_set_add(keep, 0);
  for (size_t i = 0; i < count; i++)
    hb_set_add(keep, glyphs[i]);
  hb_set_t *drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (size_t i = 0; i < sizeof dropped / sizeof *dropped; i++)
    hb_set_add(drop, hb_tag_from_string(dropped[i], 4));
  hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING);
  hb_face_t *made = hb_subset_or_fail(face, input);
  hb_subset_input_destroy(input);
  if (!made)
    return NULL;
  hb_blob_t *blob = hb_face_reference_blob(made);
  hb_face_destroy(made);
  if (!hb_blob_get_length(blob)) {
    hb_blob_destroy(blob);
    return NULL;
  }
  return blob;
}

/*
 * 'main()' - Measure each font, then count what each subsetter did.
 */
int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: subset_compare TEXT FONT [FONT ...]\n");
    return 2;
  }
  const char *text = argv[1];
  int fonts = 0, loaded = 0, ours_ok = 0, ours_refused = 0, hb_ok = 0, hb_refused = 0;
  int only_ours = 0, only_hb = 0;
  for (int a = 2; a < argc; a++) {
    fonts++;
    lf_diags diags;
    lf_diags_init(&diags);
    lf_font *font = lf_font_load(argv[a], &diags);
    lf_diags_free(&diags);
    if (!font || lf_font_is_cff(font)) {
      lf_font_free(font);
      continue;
    }
    loaded++;
    uint32_t glyphs[MAX_GLYPHS];
    size_t count = 0;
    for (const char *p = text, *end = text + strlen(text); p < end && count < MAX_GLYPHS;) {
      int32_t cp = lf_utf8_next(&p, end);
      uint32_t g = cp > 0 ? lf_font_glyph(font, (uint32_t)cp) : 0;
      int seen = !g;
      for (size_t i = 0; i < count && !seen; i++)
        seen = glyphs[i] == g;
      if (!seen)
        glyphs[count++] = g;
    }
    qsort(glyphs, count, sizeof *glyphs, by_glyph); /* as embed.c asks */
    uint16_t ids[MAX_GLYPHS];
    lf_font_subset_request request = {glyphs, NULL, count, NULL, 0, LF_SUBSET_MINIMAL};
    lf_font_subset ours;
    char why[300];
    int ours_made = lf_font_subset_make(font, &request, ids, &ours, why, sizeof why) == 0;
    hb_blob_t *theirs = hb_subset_of(font, glyphs, count);
    ours_ok += ours_made;
    ours_refused += !ours_made;
    hb_ok += theirs != NULL;
    hb_refused += theirs == NULL;
    only_ours += ours_made && !theirs;
    only_hb += !ours_made && theirs;
    if (argc <= 4 && ours_made && theirs) { /* the measured fonts */
      double t_ours[RUNS], t_hb[RUNS];
      for (int r = 0; r < RUNS; r++) {
        lf_font_subset again;
        double t0 = now();
        lf_font_subset_make(font, &request, ids, &again, why, sizeof why);
        t_ours[r] = now() - t0;
        lf_font_subset_free(&again);
        t0 = now();
        hb_blob_t *b = hb_subset_of(font, glyphs, count);
        t_hb[r] = now() - t0;
        hb_blob_destroy(b);
      }
      qsort(t_ours, RUNS, sizeof *t_ours, by_double);
      qsort(t_hb, RUNS, sizeof *t_hb, by_double);
      unsigned hb_size;
      const unsigned char *hb_data = (const unsigned char *)hb_blob_get_data(theirs, &hb_size);
      printf("%s: %zu glyphs\n", argv[a], count);
      printf("  ours:      %6zu bytes, %6lu deflated, %7.1f us a subset (median of %d)\n",
             ours.size, deflated(ours.data, ours.size), t_ours[RUNS / 2] * 1e6, RUNS);
      printf("  hb-subset: %6u bytes, %6lu deflated, %7.1f us a subset (median of %d)\n",
             hb_size, deflated(hb_data, hb_size), t_hb[RUNS / 2] * 1e6, RUNS);
    }
    if (ours_made)
      lf_font_subset_free(&ours);
    hb_blob_destroy(theirs);
    lf_font_free(font);
  }
  printf("%d files, %d loaded as TrueType: ours subset %d and refused %d; hb-subset subset %d "
         "and refused %d; only ours %d, only hb-subset %d\n",
         fonts, loaded, ours_ok, ours_refused, hb_ok, hb_refused, only_ours, only_hb);
  return 0;
}
