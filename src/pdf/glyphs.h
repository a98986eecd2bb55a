/*
 * glyphs.h -- a text item's glyphs as a page shows them (glyphs.c): in the
 * order they are drawn, each with its code (embed.h) and where it goes,
 * so that its text comes back exactly, in reading order, from any reader.
 *
 * Extraction tools read a page's text in the order it is drawn, or sort it
 * by position, and take each glyph's text from the ToUnicode CMap;
 * shaping breaks the "one glyph, one character" that assumes.  So:
 *
 *   - a cluster's text is spread over its glyphs: in reading order, one
 *     character a glyph, the rest on the last (a cluster with more glyphs
 *     than characters is decomposed first, NFD: Bengali and Tamil vowels
 *     drawn in two parts come back as their two parts, which NFC puts
 *     together again);
 *   - left-to-right glyphs are drawn left to right, whatever their
 *     clusters (an Indic vowel sign drawn before its consonant carries the
 *     consonant's text, so that the glyphs read in order say it right);
 *   - right-to-left glyphs are drawn in reading order, right to left, and
 *     a cluster with more characters than glyphs (Arabic lam-alef) gives
 *     each character past the first to a carrier: the font's zero-width
 *     glyph (which draws nothing), at the cluster's left edge, so that a reader
 *     that sorts by position and one that keeps the drawing order both
 *     read one character at a time, in order;
 *   - where that cannot be done (a glyph left without a character, or a
 *     CFF glyph already coded for other text) the cluster goes in a span
 *     with /ActualText.
 */
#ifndef LEAFLET_PDF_GLYPHS_H
#define LEAFLET_PDF_GLYPHS_H

#include <stddef.h>
#include <stdint.h>

#include "embed.h"
#include "leaflet/display.h"
#include "objects.h"

/* A glyph as drawn. */
typedef struct lf_pdf_glyph {
  uint16_t code;
  int64_t x;          /* its origin, in 1/1,000,000 em right of the item's x */
  int32_t width;      /* its code's /W, in 1/1000 em */
  int32_t rise;       /* how far above the baseline, in font units */
  size_t span;        /* 0, or 1 + the span (/ActualText) it is in */
} lf_pdf_glyph;

/* Glyphs drawn as one /ActualText span: [first, end) of the drawing. */
typedef struct lf_pdf_span {
  size_t first, end;
  const char *text;   /* UTF-8, 'len' bytes, in the item's text */
  size_t len;
} lf_pdf_span;

/* The glyphs of one item, and room reused from item to item. */
typedef struct lf_pdf_drawing {
  lf_pdf_glyph *glyphs;
  size_t count, cap;
  lf_pdf_span *spans;
  size_t span_count, span_cap;
  unsigned units_per_em;
  uint32_t *clusters;           /* scratch */
  size_t cluster_cap;
  char *chars;                  /* scratch: a cluster's characters, decomposed */
  size_t chars_cap;
} lf_pdf_drawing;

/*
 * 'lf_pdf_glyphs_of()' - The glyphs of text item 'item', set in font
 * 'index' of 'fonts', in the order to draw them, into 'out' (replacing what
 * it held).  Returns 0, or -1 (recorded in 'doc') when a glyph found no
 * code or out of memory.
 */
int lf_pdf_glyphs_of(lf_pdf_fonts *fonts, int index, const lf_item *item,
                     lf_pdf_doc *doc, lf_pdf_drawing *out);

/* 'lf_pdf_drawing_free()' - Free what a drawing holds. */
void lf_pdf_drawing_free(lf_pdf_drawing *drawing);

#endif
