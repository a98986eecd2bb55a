/*
 * glyphs.c -- a text item's glyphs in the order a page draws them, with
 * their codes and places (see glyphs.h).
 *
 * Shaped glyphs come in visual order, left to right (display.h), each with
 * the byte offset of its cluster in the item's text.  A cluster's text runs
 * from its offset to the next larger one among the item's glyphs, or to
 * the end of the text (less the break space a line may end with, which has
 * no glyph: it is drawn past the line's end, with the font's space glyph).
 * Positions are kept in millionths of an em, so that a glyph
 * lands where shaping put it to well under a thousandth of a point.
 */
#include "glyphs.h"

#include <stdlib.h>
#include <string.h>

#include <harfbuzz/hb.h>

#include "leaflet/buffer.h"
#include "leaflet/utf8.h"

/* The most characters one code point decomposes into (NFD). */
enum { DECOMPOSED_MAX = 18 };

/* 'by_value()' - qsort order of cluster offsets. */
static int by_value(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

/*
 * 'to_micro_em()' - 'units' font units in millionths of an em, rounded to
 * the nearest.
 */
static int64_t to_micro_em(int64_t units, unsigned units_per_em) {
  int64_t scaled = units * 1000000;
  int64_t half = units_per_em / 2;
  return scaled >= 0 ? (scaled + half) / units_per_em : -((-scaled + half) / units_per_em);
}

/*
 * 'decompose()' - Append the canonical decomposition (NFD, without
 * reordering) of 'cp' to 'out' as UTF-8; returns the characters written.
 * 'depth' bounds the recursion.
 */
static size_t decompose(hb_unicode_funcs_t *funcs, uint32_t cp, char *out, size_t *len,
                        int depth) {
  hb_codepoint_t a, b;
  if (depth < 4 && hb_unicode_decompose(funcs, cp, &a, &b)) {
    size_t n = decompose(funcs, a, out, len, depth + 1);
    return b ? n + decompose(funcs, b, out, len, depth + 1) : n;
  }
  *len += lf_utf8_put(cp, out + *len);
  return 1;
}

/* A cluster's characters: where each starts in 'text', and how many. */
typedef struct cluster_chars {
  const char *text;
  size_t len;
  size_t starts[LF_PDF_CODE_TEXT_MAX + 1]; /* byte offset of each, and the end */
  size_t count;
} cluster_chars;

/*
 * 'split_chars()' - The characters of 'len' bytes at 'text' (malformed
 * bytes stay with the character before them).
 */
static void split_chars(const char *text, size_t len, cluster_chars *out) {
  out->text = text;
  out->len = len;
  out->count = 0;
  for (const char *at = text, *end = text + len; at < end && out->count < LF_PDF_CODE_TEXT_MAX;) {
    out->starts[out->count++] = (size_t)(at - text);
    lf_utf8_next(&at, end);
  }
  out->starts[out->count] = len;
}

/*
 * 'cluster_text()' - Decompose a cluster's characters into the drawing's
 * scratch when it has fewer than 'glyphs' characters and that gives it
 * more.  Returns 0, or -1 when out of memory.
 */
static int cluster_text(lf_pdf_drawing *d, cluster_chars *c, size_t glyphs) {
  if (c->count >= glyphs || c->count == 0)
    return 0;
  size_t want = c->count * DECOMPOSED_MAX * 4 + 1;
  if (lf_grow_array((void **)&d->chars, &d->chars_cap, want, 1))
    return -1;
  hb_unicode_funcs_t *funcs = hb_unicode_funcs_get_default();
  size_t len = 0, count = 0;
  for (size_t i = 0; i < c->count; i++) {
    const char *at = c->text + c->starts[i];
    int32_t cp = lf_utf8_next(&at, c->text + c->starts[i + 1]);
    if (cp < 0)
      return 0;
    count += decompose(funcs, (uint32_t)cp, d->chars, &len, 0);
  }
  if (count > c->count && len <= LF_PDF_CODE_TEXT_MAX)
    split_chars(d->chars, len, c);
  return 0;
}

/* 'add_span()' - A span of /ActualText over the glyphs from 'first' on. */
static int add_span(lf_pdf_drawing *d, size_t first, const char *text, size_t len) {
  if (lf_grow_array((void **)&d->spans, &d->span_cap, d->span_count + 1, sizeof *d->spans))
    return -1;
  d->spans[d->span_count++] = (lf_pdf_span){first, first, text, len};
  return 0;
}

/*
 * 'add_glyph()' - Draw glyph 'glyph' of the font for 'len' bytes of text
 * at 'x' (micro-em), 'rise' font units up.  '*other' is set when its code
 * shows other text.  Returns 0, or -1 (recorded).
 */
static int add_glyph(lf_pdf_drawing *d, lf_pdf_fonts *fonts, int index, uint32_t glyph,
                     const char *text, size_t len, int64_t x, int32_t rise, int *other,
                     lf_pdf_doc *doc) {
  if (lf_grow_array((void **)&d->glyphs, &d->cap, d->count + 1, sizeof *d->glyphs))
    return lf_pdf_fail(doc, "out of memory");
  int clash = 0;
  long code = lf_pdf_fonts_show(fonts, index, glyph, text, len, &clash, doc);
  if (code < 0)
    return -1;
  *other |= clash;
  d->glyphs[d->count++] = (lf_pdf_glyph){
      .code = (uint16_t)code, .x = x, .width = lf_pdf_fonts_width(fonts, index, glyph),
      .rise = rise};
  return 0;
}

/*
 * 'end_of_text()' - Where the text the glyphs cover ends: the item's text,
 * less a break space after the last cluster (which is no cluster of its
 * own, as a drawn space would be).
 */
static size_t end_of_text(const lf_item *item, uint32_t last_cluster) {
  size_t len = strnlen(item->text, item->len);
  if (len > last_cluster + 1 && item->text[len - 1] == ' ')
    len--;
  return len;
}

/*
 * 'nudge_rtl()' - Right to left, move the glyph just added left by a
 * millionth of an em when shaping gave it no advance: it starts where the glyph
 * before it (to its right) starts, and a reader that orders glyphs by
 * where they start (poppler) would otherwise be free to read it first.
 * The millionth is far below anything a page can show.
 */
static void nudge_rtl(lf_pdf_drawing *d, int rtl, int32_t advance) {
  if (rtl && advance == 0)
    d->glyphs[d->count - 1].x -= 1;
}

/*
 * 'draw_composite()' - Draw the glyphs [g0, g1) of a cluster as one glyph:
 * a composite of them at their shaped offsets (embed.h), carrying the
 * cluster's text, so that a reader finds one glyph and its text where the
 * pen is, not marks set back over their base.  Right to left, it carries
 * the first character, carriers the rest (nudged left one after another,
 * so that a reader sorting by position reads them in order).  Returns 1
 * when drawn, 0 when the font cannot (then the glyphs are drawn one by
 * one), -1 (recorded) on failure.
 */
static int draw_composite(lf_pdf_drawing *d, lf_pdf_fonts *fonts, int index,
                          const lf_item *item, size_t g0, size_t g1, const int64_t *pen,
                          const char *text, size_t len, lf_pdf_doc *doc) {
  lf_subset_component parts[LF_SUBSET_COMPONENTS_MAX];
  size_t k = g1 - g0;
  if (k > LF_SUBSET_COMPONENTS_MAX || !len || len > LF_PDF_CODE_TEXT_MAX)
    return 0;
  for (size_t i = 0; i < k; i++) {
    const lf_glyph *g = &item->glyphs[g0 + i];
    int64_t dx = pen[g0 + i] - pen[g0] + g->x_offset;
    if (dx < INT32_MIN || dx > INT32_MAX)
      return 0;
    parts[i] = (lf_subset_component){g->id, (int32_t)dx, g->y_offset};
  }
  int64_t advance = pen[g1 - 1] + item->glyphs[g1 - 1].advance - pen[g0];
  if (advance < 0 || advance > 0xFFFF)
    return 0;
  long made = lf_pdf_fonts_composite(fonts, index, parts, k, (uint32_t)advance, doc);
  if (made < 0)
    return lf_pdf_failed(doc) ? -1 : 0;
  cluster_chars c;
  split_chars(text, len, &c);
  int64_t x = to_micro_em(pen[g0], d->units_per_em);
  long carrier = item->rtl && c.count > 1 ? lf_pdf_fonts_carrier(fonts, index) : -1;
  size_t first = d->count;
  int other = 0;
  if (add_glyph(d, fonts, index, (uint32_t)made, text, carrier >= 0 ? c.starts[1] : len, x, 0,
                &other, doc))
    return -1;
  nudge_rtl(d, item->rtl, (int32_t)advance);
  for (size_t i = 1; carrier >= 0 && i < c.count; i++)
    if (add_glyph(d, fonts, index, (uint32_t)carrier, text + c.starts[i],
                  c.starts[i + 1] - c.starts[i], x - (int64_t)i, 0, &other, doc))
      return -1;
  if (other) { /* a CFF glyph shown for other text: cannot happen here */
    if (add_span(d, first, text, len))
      return lf_pdf_fail(doc, "out of memory");
    d->spans[d->span_count - 1].end = d->count;
    for (size_t i = first; i < d->count; i++)
      d->glyphs[i].span = d->span_count;
  }
  return 1;
}

/*
 * 'utf8_length()' - The bytes of the first character of 'len' bytes at
 * 'text' (0 when it is malformed).
 */
static size_t utf8_length(const char *text, size_t len) {
  const char *at = text;
  return lf_utf8_next(&at, text + len) < 0 ? 0 : (size_t)(at - text);
}

/*
 * 'draw_cluster()' - The glyphs [g0, g1) of the item (visual order), one
 * cluster, whose text is 'text' ('len' bytes): its characters spread over
 * them, in the order they are drawn.
 */
static int draw_cluster(lf_pdf_drawing *d, lf_pdf_fonts *fonts, int index,
                        const lf_item *item, size_t g0, size_t g1, const int64_t *x,
                        const int64_t *pen, const char *text, size_t len, lf_pdf_doc *doc) {
  size_t k = g1 - g0;
  int rtl = item->rtl;
  if (k > 1) {
    int drawn = draw_composite(d, fonts, index, item, g0, g1, pen, text, len, doc);
    if (drawn)
      return drawn < 0 ? -1 : 0;
  } else if (len && len <= LF_PDF_CODE_TEXT_MAX && (!rtl || len == utf8_length(text, len))) {
    /* one glyph for the cluster's text (right to left, one character):
     * most clusters */
    int other = 0;
    if (add_glyph(d, fonts, index, item->glyphs[g0].id, text, len, x[g0],
                  item->glyphs[g0].y_offset, &other, doc))
      return -1;
    nudge_rtl(d, rtl, item->glyphs[g0].advance);
    if (other) {
      if (add_span(d, d->count - 1, text, len))
        return lf_pdf_fail(doc, "out of memory");
      d->spans[d->span_count - 1].end = d->count;
      d->glyphs[d->count - 1].span = d->span_count;
    }
    return 0;
  }
  cluster_chars c;
  split_chars(text, len, &c);
  if (len > LF_PDF_CODE_TEXT_MAX || cluster_text(d, &c, k))
    c.count = 0; /* too long to map: all of it in /ActualText */
  long carrier = rtl && c.count > k ? lf_pdf_fonts_carrier(fonts, index) : -1;
  size_t first = d->count;
  int other = c.count < k; /* a glyph with no character of its own */
  for (size_t i = 0; i < k; i++) {
    size_t g = rtl ? g1 - 1 - i : g0 + i; /* right to left: reading order */
    size_t from = i < c.count ? c.starts[i] : c.len, to = from;
    if (i < c.count)
      to = i + 1 == k && carrier < 0 ? c.len : c.starts[i + 1];
    if (add_glyph(d, fonts, index, item->glyphs[g].id, c.text + from, to - from, x[g],
                  item->glyphs[g].y_offset, &other, doc))
      return -1;
    nudge_rtl(d, rtl, item->glyphs[g].advance);
  }
  /* right to left: each character left over on a carrier at the cluster's
   * left edge (the origin of the glyph drawn last) */
  for (size_t i = k; carrier >= 0 && i < c.count; i++) {
    if (add_glyph(d, fonts, index, (uint32_t)carrier, c.text + c.starts[i],
                  c.starts[i + 1] - c.starts[i], d->glyphs[d->count - 1].x,
                  d->glyphs[d->count - 1].rise, &other, doc))
      return -1;
    nudge_rtl(d, rtl, 0);
  }
  if (other) {
    if (add_span(d, first, text, len))
      return lf_pdf_fail(doc, "out of memory");
    d->spans[d->span_count - 1].end = d->count;
    for (size_t i = first; i < d->count; i++)
      d->glyphs[i].span = d->span_count;
  }
  return 0;
}

/*
 * 'lf_pdf_glyphs_of()' - The pen's path through the glyphs (visual order),
 * the clusters' extents, then each cluster in drawing order.
 */
int lf_pdf_glyphs_of(lf_pdf_fonts *fonts, int index, const lf_item *item,
                     lf_pdf_doc *doc, lf_pdf_drawing *d) {
  size_t n = item->glyph_count;
  d->count = 0;
  d->span_count = 0;
  d->units_per_em = lf_font_units_per_em(fonts->fonts[index].metrics);
  if (!n)
    return 0;
  int64_t *x = malloc(2 * n * sizeof *x), *pens = x ? x + n : NULL;
  unsigned char *told = calloc(n, 1); /* per distinct cluster: its text is out */
  if (!x || !told || lf_grow_array((void **)&d->clusters, &d->cluster_cap, n, sizeof *d->clusters)) {
    free(x);
    free(told);
    return lf_pdf_fail(doc, "out of memory");
  }
  int64_t pen = 0;
  for (size_t i = 0; i < n; i++) {
    d->clusters[i] = item->glyphs[i].cluster;
    pens[i] = pen;
    x[i] = to_micro_em(pen + item->glyphs[i].x_offset, d->units_per_em);
    pen += item->glyphs[i].advance;
  }
  /* shaping gives clusters in order, rising left to right, falling right
   * to left: sorted already, or reversed */
  int rising = 1, falling = 1;
  for (size_t i = 1; i < n && (rising || falling); i++) {
    rising &= d->clusters[i - 1] <= d->clusters[i];
    falling &= d->clusters[i - 1] >= d->clusters[i];
  }
  if (falling && !rising)
    for (size_t i = 0, j = n - 1; i < j; i++, j--) {
      uint32_t t = d->clusters[i];
      d->clusters[i] = d->clusters[j];
      d->clusters[j] = t;
    }
  else if (!rising)
    qsort(d->clusters, n, sizeof *d->clusters, by_value);
  size_t distinct = 0;
  for (size_t i = 0; i < n; i++)
    if (!distinct || d->clusters[distinct - 1] != d->clusters[i])
      d->clusters[distinct++] = d->clusters[i];
  size_t text_end = end_of_text(item, d->clusters[distinct - 1]);

  /* runs of glyphs with one cluster, in drawing order */
  int rc = 0;
  for (size_t r = 0; r < n && !rc;) {
    size_t g0, g1;
    if (!item->rtl) {
      g0 = r;
      g1 = r + 1;
      while (g1 < n && item->glyphs[g1].cluster == item->glyphs[g0].cluster)
        g1++;
    } else {
      g1 = n - r;
      g0 = g1 - 1;
      while (g0 > 0 && item->glyphs[g0 - 1].cluster == item->glyphs[g1 - 1].cluster)
        g0--;
    }
    r += g1 - g0;
    uint32_t from = item->glyphs[g0].cluster;
    size_t lo = 0, hi = distinct; /* where 'from' is among the clusters */
    while (hi - lo > 1) {
      size_t mid = lo + (hi - lo) / 2;
      if (d->clusters[mid] <= from)
        lo = mid;
      else
        hi = mid;
    }
    size_t j = lo;
    size_t to = j + 1 < distinct ? d->clusters[j + 1] : text_end;
    /* outside the text, or a cluster met again out of order (its text
     * told already): no text */
    if (from >= text_end || to > text_end || to < from || told[j])
      from = to = (uint32_t)text_end;
    told[j] = 1;
    rc = draw_cluster(d, fonts, index, item, g0, g1, x, pens, item->text + from, to - from, doc);
  }
  /* the space a line broke at, drawn with the font's space glyph past the
   * line's end (where it shows nothing), so that a reader of the text,
   * or of the structure, keeps the line's last word apart from the next
   * line's first */
  const lf_font *font = fonts->fonts[index].metrics;
  uint32_t space = lf_font_glyph(font, ' ');
  if (!rc && space && text_end < strnlen(item->text, item->len)) {
    int unused = 0;
    int64_t at = item->rtl ? -(int64_t)lf_font_glyph_width(font, space) * 1000
                           : to_micro_em(pen, d->units_per_em);
    rc = add_glyph(d, fonts, index, space, " ", 1, at, 0, &unused, doc);
  }
  free(x);
  free(told);
  return rc;
}

/* 'lf_pdf_drawing_free()' - Free the arrays. */
void lf_pdf_drawing_free(lf_pdf_drawing *d) {
  free(d->glyphs);
  free(d->spans);
  free(d->clusters);
  free(d->chars);
  memset(d, 0, sizeof *d);
}
