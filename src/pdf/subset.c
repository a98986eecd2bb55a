/*
 * subset.c -- a TrueType subsetter (see pdf.h): the glyphs a document
 * shows, and only the tables a PDF viewer needs, as a new font program.
 *
 * The subset is built from the tables of the font in memory (fonts.h):
 *
 *   glyf, loca  the glyphs asked for and the components of composites,
 *               followed to any depth, renumbered; instructions dropped
 *               unless hinting is kept; then the composites asked for
 *               (a shaped cluster as one glyph); each glyph padded to an
 *               even length so that loca can use its short form when the
 *               table is small
 *   hmtx, hhea  a metric per glyph (trailing equal advances folded)
 *   maxp, head  copied, with the glyph count, the composite limits, loca
 *               format and checksum set
 *   cmap        format 4, one segment per run of characters whose glyphs
 *               are consecutive too; and format 12 (a group per such run)
 *               when some characters are beyond U+FFFF
 *   post        format 3 (no glyph names)
 *   name        copyright, family, style and PostScript names
 *   OS/2        copied, with the first and last character set
 *   cvt, fpgm, prep, gasp  copied only when hinting is kept
 *
 * LF_SUBSET_MINIMAL (the PDF backend's fonts) leaves out cmap, post, name
 * and OS/2 and empties .notdef: a CIDFontType2 draws glyphs by number
 * through the CIDToGIDMap and never shows .notdef.
 *
 * Every read from the font is checked against its table; a damaged font
 * gives an error, never a read outside the file.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet/buffer.h"
#include "leaflet/bytes.h"
#include "leaflet/pdf.h"
#include "leaflet/truetype.h"

/* Composite glyph flags (OpenType 'glyf') beyond truetype.h's. */
enum { WE_HAVE_INSTRUCTIONS = 0x0100 };

/* The most tables a subset has. */
enum { MAX_TABLES = 14 };

/* Names kept in the subset's name table: copyright, family, subfamily,
 * PostScript name. */
static const unsigned kept_names[] = {0, 1, 2, 6};

/* A table of the source font. */
typedef struct table {
  const unsigned char *data;
  size_t length;
} table;

/* A table of the subset being built. */
typedef struct out_table {
  char tag[5];
  lf_buf body;
} out_table;

/* Everything one lf_font_subset_make() call works with. */
typedef struct subsetter {
  const lf_font *font;
  unsigned options;
  char *why;
  size_t why_size;
  table head, hhea, hmtx, maxp, loca, glyf, name, os2, post;
  unsigned source_glyphs;   /* numGlyphs of the source */
  unsigned metric_count;    /* numberOfHMetrics of the source */
  int long_loca;            /* the source's loca format */
  uint16_t *new_id;         /* source glyph -> subset glyph + 1, 0 = absent */
  uint16_t *old_id;         /* subset glyph -> source glyph */
  unsigned count;           /* source glyphs in the subset so far */
  const lf_subset_composite *made; /* composites to make, after them */
  size_t made_count;
  out_table tables[MAX_TABLES];
  size_t table_count;
} subsetter;

/*
 * 'fail()' - Say why the subset cannot be made; returns -1.
 */
static int fail(subsetter *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int fail(subsetter *s, const char *fmt, ...) {
  if (s->why && s->why_size && !s->why[0]) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->why, s->why_size, fmt, ap);
    va_end(ap);
  }
  return -1;
}

/* 'put16()' - Append a big-endian 16-bit value. */
static void put16(lf_buf *b, unsigned value) {
  unsigned char *at = lf_buf_extend(b, 2);
  if (at)
    lf_be16_set(at, value);
}

/* 'put32()' - Append a big-endian 32-bit value. */
static void put32(lf_buf *b, uint32_t value) {
  unsigned char *at = lf_buf_extend(b, 4);
  if (at)
    lf_be32_set(at, value);
}

/* ---- the source font ------------------------------------------------------ */

/*
 * 'need()' - A table the subset cannot do without, at least 'min' bytes.
 */
static int need(subsetter *s, const char *tag, size_t min, table *out) {
  out->data = lf_font_table(s->font, tag, &out->length);
  if (!out->data || out->length < min)
    return fail(s, "the font's '%s' table is %s", tag,
                out->data ? "truncated" : "missing");
  return 0;
}

/*
 * 'read_source()' - Find the source's tables and the counts that size
 * everything else.
 */
static int read_source(subsetter *s) {
  if (need(s, "head", 54, &s->head) || need(s, "hhea", 36, &s->hhea) ||
      need(s, "maxp", 6, &s->maxp) || need(s, "hmtx", 4, &s->hmtx) ||
      need(s, "loca", 4, &s->loca) || need(s, "glyf", 0, &s->glyf))
    return -1;
  s->name.data = lf_font_table(s->font, "name", &s->name.length);
  s->os2.data = lf_font_table(s->font, "OS/2", &s->os2.length);
  s->post.data = lf_font_table(s->font, "post", &s->post.length);
  s->source_glyphs = lf_be16(s->maxp.data + 4);
  s->metric_count = lf_be16(s->hhea.data + 34);
  s->long_loca = lf_be16(s->head.data + 50) != 0;
  if (!s->source_glyphs)
    return fail(s, "the font has no glyphs");
  if (!s->metric_count || s->metric_count > s->source_glyphs ||
      s->hmtx.length < 4 * (size_t)s->metric_count +
                           2 * (size_t)(s->source_glyphs - s->metric_count))
    return fail(s, "the font's 'hmtx' table does not fit its glyph count");
  if (s->loca.length < (s->long_loca ? 4u : 2u) * (s->source_glyphs + 1u))
    return fail(s, "the font's 'loca' table is truncated");
  return 0;
}

/*
 * 'glyph_data()' - Where source glyph 'g' lies in glyf: sets '*data' and
 * '*length' (0 for an empty glyph).  Returns 0, or -1 when loca points
 * outside the table.
 */
static int glyph_data(subsetter *s, unsigned g, const unsigned char **data,
                      size_t *length) {
  size_t start, end;
  if (lf_loca_range(s->loca.data, s->long_loca, s->glyf.length, g, &start, &end) != 0)
    return fail(s, "glyph %u lies outside the font's 'glyf' table", g);
  *data = s->glyf.data + start;
  *length = end - start;
  if (*length && *length < 10)
    return fail(s, "glyph %u is truncated", g);
  return 0;
}

/* ---- choosing the glyphs -------------------------------------------------- */

/*
 * 'add_glyph()' - Give source glyph 'g' the next subset id, unless it has
 * one; returns its subset id.
 */
static unsigned add_glyph(subsetter *s, unsigned g) {
  if (!s->new_id[g]) {
    s->old_id[s->count] = (uint16_t)g;
    s->new_id[g] = (uint16_t)(++s->count);
  }
  return s->new_id[g] - 1u;
}

/*
 * 'add_components()' - Add the components of every composite glyph in the
 * subset, and theirs, in the order they are found.
 */
static int add_components(subsetter *s) {
  for (unsigned n = 0; n < s->count; n++) {
    const unsigned char *data;
    size_t length;
    if (glyph_data(s, s->old_id[n], &data, &length))
      return -1;
    if (!length || (int16_t)lf_be16(data) >= 0)
      continue;
    const unsigned char *p = data + 10, *end = data + length;
    for (;;) {
      size_t size = lf_component_length(p, end);
      if (!size)
        return fail(s, "composite glyph %u is truncated", s->old_id[n]);
      unsigned component = lf_be16(p + 2);
      if (component >= s->source_glyphs)
        return fail(s, "composite glyph %u names glyph %u of %u",
                    s->old_id[n], component, s->source_glyphs);
      add_glyph(s, component);
      if (!(lf_be16(p) & LF_GLYF_MORE_COMPONENTS))
        break;
      p += size;
    }
  }
  return 0;
}

/*
 * 'choose_glyphs()' - .notdef, each glyph asked for (writing its subset id
 * to 'new_ids'), the glyphs of the composites to make, then the components
 * of composites.
 */
static int choose_glyphs(subsetter *s, const uint32_t *glyphs, size_t count,
                         uint16_t *new_ids) {
  s->new_id = calloc(s->source_glyphs, sizeof *s->new_id);
  s->old_id = calloc(s->source_glyphs, sizeof *s->old_id);
  if (!s->new_id || !s->old_id)
    return fail(s, "out of memory");
  add_glyph(s, 0);
  for (size_t i = 0; i < count; i++) {
    if (glyphs[i] >= s->source_glyphs)
      return fail(s, "the font has no glyph %u", (unsigned)glyphs[i]);
    new_ids[i] = (uint16_t)add_glyph(s, glyphs[i]);
  }
  for (size_t c = 0; c < s->made_count; c++) {
    const lf_subset_composite *m = &s->made[c];
    if (!m->count || m->count > LF_SUBSET_COMPONENTS_MAX || m->advance > 0xFFFF)
      return fail(s, "a composite of %zu glyphs advancing %u units cannot be made",
                  m->count, (unsigned)m->advance);
    for (size_t k = 0; k < m->count; k++) {
      const lf_subset_component *part = &m->components[k];
      if (part->glyph >= s->source_glyphs)
        return fail(s, "the font has no glyph %u", (unsigned)part->glyph);
      if (part->dx < -32768 || part->dx > 32767 || part->dy < -32768 || part->dy > 32767)
        return fail(s, "a composite's glyph is placed too far away (%ld, %ld)",
                    (long)part->dx, (long)part->dy);
      add_glyph(s, part->glyph);
    }
  }
  if (add_components(s))
    return -1;
  if (s->count + s->made_count > 0xFFFF)
    return fail(s, "a subset of more than 65,535 glyphs");
  for (size_t c = 0; c < s->made_count; c++)
    new_ids[count + c] = (uint16_t)(s->count + c);
  return 0;
}

/* ---- the tables of the subset ----------------------------------------------- */

/*
 * 'new_table()' - Start the subset's table 'tag'; NULL when there are
 * already MAX_TABLES (which cannot happen).
 */
static lf_buf *new_table(subsetter *s, const char *tag) {
  if (s->table_count == MAX_TABLES)
    return NULL;
  out_table *t = &s->tables[s->table_count++];
  memcpy(t->tag, tag, 5);
  return &t->body;
}

/*
 * 'copy_table()' - A table of the subset that is the source's unchanged,
 * when the source has it.
 */
static void copy_table(subsetter *s, const char *tag) {
  size_t length;
  const unsigned char *data = lf_font_table(s->font, tag, &length);
  if (data) {
    lf_buf *b = new_table(s, tag);
    if (b)
      lf_buf_put(b, data, length);
  }
}

/*
 * 'put_simple_glyph()' - A simple glyph without its instructions.
 */
static int put_simple_glyph(subsetter *s, lf_buf *glyf, unsigned g,
                            const unsigned char *data, size_t length) {
  size_t contours = lf_be16(data);
  size_t at = 10 + 2 * contours; /* the instruction length */
  if (length < at + 2 || length - at - 2 < lf_be16(data + at))
    return fail(s, "glyph %u is truncated", g);
  size_t rest = at + 2 + lf_be16(data + at);
  lf_buf_put(glyf, data, at);
  put16(glyf, 0);
  lf_buf_put(glyf, data + rest, length - rest);
  return 0;
}

/*
 * 'put_composite_glyph()' - A composite glyph with its components'
 * subset ids, and without instructions unless hinting is kept.
 */
static int put_composite_glyph(subsetter *s, lf_buf *glyf, unsigned g,
                               const unsigned char *data, size_t length) {
  int hinting = s->options & LF_SUBSET_KEEP_HINTING;
  const unsigned char *p = data + 10, *end = data + length;
  lf_buf_put(glyf, data, 10);
  for (;;) {
    size_t size = lf_component_length(p, end);
    if (!size)
      return fail(s, "composite glyph %u is truncated", g);
    unsigned flags = lf_be16(p);
    unsigned char *at = lf_buf_extend(glyf, size);
    if (at) {
      memcpy(at, p, size);
      if (!hinting)
        lf_be16_set(at, flags & ~(unsigned)WE_HAVE_INSTRUCTIONS);
      lf_be16_set(at + 2, s->new_id[lf_be16(p + 2)] - 1u);
    }
    p += size;
    if (!(flags & LF_GLYF_MORE_COMPONENTS)) {
      if (hinting && (flags & WE_HAVE_INSTRUCTIONS))
        lf_buf_put(glyf, p, (size_t)(end - p));
      break;
    }
  }
  return 0;
}

/*
 * 'made_box()' - The bounding box of a composite to make: its glyphs'
 * boxes (from their headers) at their offsets; all zero when every one is
 * empty.  Returns 0, or -1 (reported).
 */
static int made_box(subsetter *s, const lf_subset_composite *m, int box[4]) {
  int any = 0;
  memset(box, 0, 4 * sizeof *box);
  for (size_t k = 0; k < m->count; k++) {
    const unsigned char *data;
    size_t length;
    if (glyph_data(s, m->components[k].glyph, &data, &length))
      return -1;
    if (!length)
      continue;
    int part[4] = {lf_be16s(data + 2) + m->components[k].dx, lf_be16s(data + 4) + m->components[k].dy,
                   lf_be16s(data + 6) + m->components[k].dx, lf_be16s(data + 8) + m->components[k].dy};
    for (int i = 0; i < 4; i++)
      if (!any || (i < 2 ? part[i] < box[i] : part[i] > box[i]))
        box[i] = part[i];
    any = 1;
  }
  for (int i = 0; i < 4; i++)
    if (box[i] < -32768 || box[i] > 32767)
      return fail(s, "a composite's glyphs reach too far (%d)", box[i]);
  return 0;
}

/*
 * 'put_made_glyph()' - A composite to make: its box, then each glyph with
 * its subset id and its offset (as words, x and y values).
 */
static int put_made_glyph(subsetter *s, lf_buf *glyf, const lf_subset_composite *m) {
  int box[4];
  if (made_box(s, m, box))
    return -1;
  put16(glyf, 0xFFFFu); /* numberOfContours -1: a composite */
  for (int i = 0; i < 4; i++)
    put16(glyf, (unsigned)box[i] & 0xFFFFu);
  for (size_t k = 0; k < m->count; k++) {
    unsigned flags = LF_GLYF_ARG_1_AND_2_ARE_WORDS | LF_GLYF_ARGS_ARE_XY_VALUES |
                     (k + 1 < m->count ? LF_GLYF_MORE_COMPONENTS : 0);
    put16(glyf, flags);
    put16(glyf, s->new_id[m->components[k].glyph] - 1u);
    put16(glyf, (unsigned)m->components[k].dx & 0xFFFFu);
    put16(glyf, (unsigned)m->components[k].dy & 0xFFFFu);
  }
  return 0;
}

/*
 * 'build_glyphs()' - glyf and loca, and the head fields that go with them.
 */
static int build_glyphs(subsetter *s, int *long_loca) {
  lf_buf *glyf = new_table(s, "glyf");
  lf_buf *loca = new_table(s, "loca");
  size_t total = s->count + s->made_count;
  uint32_t *offsets = malloc((total + 1) * sizeof *offsets);
  if (!glyf || !loca || !offsets) {
    free(offsets);
    return fail(s, "out of memory");
  }
  for (unsigned n = 0; n < s->count; n++) {
    unsigned g = s->old_id[n];
    const unsigned char *data;
    size_t length;
    offsets[n] = (uint32_t)glyf->length;
    if (glyph_data(s, g, &data, &length)) {
      free(offsets);
      return -1;
    }
    int rc = 0;
    if (!length || (n == 0 && (s->options & LF_SUBSET_MINIMAL)))
      ; /* empty, or .notdef, which a PDF never shows (PDF/UA forbids it) */
    else if ((int16_t)lf_be16(data) < 0)
      rc = put_composite_glyph(s, glyf, g, data, length);
    else if (s->options & LF_SUBSET_KEEP_HINTING)
      lf_buf_put(glyf, data, length);
    else
      rc = put_simple_glyph(s, glyf, g, data, length);
    if (rc) {
      free(offsets);
      return -1;
    }
    if (glyf->length & 1)
      lf_buf_extend(glyf, 1);
  }
  for (size_t c = 0; c < s->made_count; c++) {
    offsets[s->count + c] = (uint32_t)glyf->length;
    if (put_made_glyph(s, glyf, &s->made[c])) {
      free(offsets);
      return -1;
    }
  }
  offsets[total] = (uint32_t)glyf->length;
  *long_loca = glyf->length > 0x1FFFEu;
  for (size_t n = 0; n <= total; n++) {
    if (*long_loca)
      put32(loca, offsets[n]);
    else
      put16(loca, offsets[n] / 2);
  }
  free(offsets);
  return 0;
}

/*
 * 'source_metric()' - Advance width and left side bearing of source glyph
 * 'g' from hmtx.
 */
static void source_metric(const subsetter *s, unsigned g, unsigned *advance,
                          unsigned *lsb) {
  const unsigned char *m = s->hmtx.data;
  if (g < s->metric_count) {
    *advance = lf_be16(m + 4 * (size_t)g);
    *lsb = lf_be16(m + 4 * (size_t)g + 2);
  } else {
    *advance = lf_be16(m + 4 * (size_t)(s->metric_count - 1));
    *lsb = lf_be16(m + 4 * (size_t)s->metric_count +
                 2 * (size_t)(g - s->metric_count));
  }
}

/*
 * 'subset_metric()' - Advance and left side bearing of subset glyph 'n': a
 * source glyph's, or a made composite's own advance and its box's left.
 */
static void subset_metric(subsetter *s, size_t n, unsigned *advance, unsigned *lsb) {
  if (n < s->count) {
    source_metric(s, s->old_id[n], advance, lsb);
    return;
  }
  const lf_subset_composite *m = &s->made[n - s->count];
  int box[4];
  *advance = m->advance;
  *lsb = made_box(s, m, box) ? 0 : (unsigned)box[0] & 0xFFFFu;
}

/*
 * 'build_metrics()' - hmtx, then hhea with its metric count.
 */
static void build_metrics(subsetter *s) {
  lf_buf *hmtx = new_table(s, "hmtx");
  size_t total = s->count + s->made_count, metrics = total;
  unsigned advance, lsb, last;
  /* Glyphs at the end with the last full metric's advance need only a
   * left side bearing. */
  subset_metric(s, total - 1, &last, &lsb);
  while (metrics > 1) {
    subset_metric(s, metrics - 2, &advance, &lsb);
    if (advance != last)
      break;
    metrics--;
  }
  for (size_t n = 0; hmtx && n < total; n++) {
    subset_metric(s, n, &advance, &lsb);
    if (n < metrics)
      put16(hmtx, advance);
    put16(hmtx, lsb);
  }
  lf_buf *hhea = new_table(s, "hhea");
  if (hhea) {
    lf_buf_put(hhea, s->hhea.data, 36);
    if (!hhea->failed)
      lf_be16_set(hhea->data + 34, (unsigned)metrics);
  }
}

/*
 * 'made_limits()' - The most components a made composite has, and the
 * most points and contours one draws (a composite component counted at
 * the source's composite maxima), for maxp.
 */
static void made_limits(subsetter *s, unsigned *elements, unsigned *points,
                        unsigned *contours, int *nested) {
  *elements = *points = *contours = 0;
  *nested = 0;
  unsigned source_points = s->maxp.length >= 14 ? lf_be16(s->maxp.data + 10) : 0;
  unsigned source_contours = s->maxp.length >= 14 ? lf_be16(s->maxp.data + 12) : 0;
  for (size_t c = 0; c < s->made_count; c++) {
    const lf_subset_composite *m = &s->made[c];
    unsigned p = 0, n = 0;
    for (size_t k = 0; k < m->count; k++) {
      const unsigned char *data;
      size_t length;
      if (glyph_data(s, m->components[k].glyph, &data, &length) || length < 10)
        continue;
      int contours_here = (int16_t)lf_be16(data);
      if (contours_here < 0) {
        *nested = 1;
        p += source_points;
        n += source_contours;
      } else if (contours_here > 0 && length >= 10 + 2 * (size_t)contours_here) {
        p += lf_be16(data + 10 + 2 * (size_t)(contours_here - 1)) + 1u;
        n += (unsigned)contours_here;
      }
    }
    if (m->count > *elements)
      *elements = (unsigned)m->count;
    if (p > *points)
      *points = p;
    if (n > *contours)
      *contours = n;
  }
}

/*
 * 'build_fixed_tables()' - head (checksum adjustment zeroed until the file
 * is whole), maxp, post format 3.
 */
static void build_fixed_tables(subsetter *s, int long_loca) {
  lf_buf *head = new_table(s, "head");
  if (head) {
    lf_buf_put(head, s->head.data, 54);
    if (!head->failed) {
      lf_be32_set(head->data + 8, 0);
      lf_be16_set(head->data + 50, long_loca ? 1 : 0);
    }
  }
  lf_buf *maxp = new_table(s, "maxp");
  if (maxp) {
    lf_buf_put(maxp, s->maxp.data, s->maxp.length >= 32 ? 32 : 6);
    if (!maxp->failed)
      lf_be16_set(maxp->data + 4, (unsigned)(s->count + s->made_count));
    if (!maxp->failed && maxp->length >= 32 && s->made_count) {
      unsigned elements, points, contours;
      int nested;
      made_limits(s, &elements, &points, &contours, &nested);
      unsigned char *m = maxp->data;
      unsigned depth = nested ? lf_be16(m + 30) + 1u : 1u;
      if (points > lf_be16(m + 10))
        lf_be16_set(m + 10, points > 0xFFFF ? 0xFFFF : points);
      if (contours > lf_be16(m + 12))
        lf_be16_set(m + 12, contours > 0xFFFF ? 0xFFFF : contours);
      if (elements > lf_be16(m + 28))
        lf_be16_set(m + 28, elements);
      if (depth > lf_be16(m + 30))
        lf_be16_set(m + 30, depth);
    }
  }
  lf_buf *post = s->options & LF_SUBSET_MINIMAL ? NULL : new_table(s, "post");
  if (post) {
    unsigned char *p = lf_buf_extend(post, 32);
    if (p) {
      lf_be32_set(p, 0x00030000u);
      if (s->post.data && s->post.length >= 16)
        memcpy(p + 4, s->post.data + 4, 12); /* angle, underline, pitch */
    }
  }
}

/* A character and its glyph in the subset. */
typedef struct mapping {
  uint32_t code;
  uint16_t glyph;
} mapping;

/* 'compare_codes()' - qsort order of mappings: by code. */
static int compare_codes(const void *a, const void *b) {
  uint32_t x = ((const mapping *)a)->code, y = ((const mapping *)b)->code;
  return (x > y) - (x < y);
}

/*
 * 'follows()' - Whether mapping 'b' continues the run of 'a': the next
 * character, and the next glyph.
 */
static int follows(const mapping *a, const mapping *b) {
  return b->code == a->code + 1 && b->glyph == a->glyph + 1u;
}

/*
 * 'put_format12()' - A format 12 subtable of 'count' mappings (sorted, no
 * code twice): a group per run of characters whose glyphs follow on.
 */
static void put_format12(lf_buf *cmap, const mapping *map, size_t count) {
  size_t groups = 0;
  for (size_t i = 0; i < count; i++)
    groups += i == 0 || !follows(&map[i - 1], &map[i]);
  put16(cmap, 12);
  put16(cmap, 0); /* reserved */
  put32(cmap, (uint32_t)(16 + 12 * groups));
  put32(cmap, 0); /* language */
  put32(cmap, (uint32_t)groups);
  for (size_t i = 0; i < count;) {
    size_t end = i + 1;
    while (end < count && follows(&map[end - 1], &map[end]))
      end++;
    put32(cmap, map[i].code);
    put32(cmap, map[end - 1].code);
    put32(cmap, map[i].glyph);
    i = end;
  }
}

/*
 * 'build_cmap()' - A cmap of the characters that have glyphs: format 4
 * for those up to U+FFFE, a segment per run of consecutive codes with
 * consecutive glyphs and the closing 0xFFFF segment; and when there are
 * characters beyond U+FFFF, format 12 for all of them as well.  Sets the
 * first and last character mapped (at most 0xFFFF, as OS/2 has them).
 */
static int build_cmap(subsetter *s, const uint32_t *chars, size_t count,
                      const uint16_t *glyphs, unsigned *first_code,
                      unsigned *last_code) {
  mapping *map = malloc((count + 1) * sizeof *map);
  uint16_t *start = malloc((count + 1) * sizeof *start);
  uint16_t *end = malloc((count + 1) * sizeof *end);
  int16_t *delta = malloc((count + 1) * sizeof *delta);
  if (!map || !start || !end || !delta) {
    free(map);
    free(start);
    free(end);
    free(delta);
    return fail(s, "out of memory");
  }
  size_t mapped = 0, bmp = 0;
  for (size_t i = 0; i < count; i++)
    if (glyphs[i] && chars[i] && chars[i] != 0xFFFF)
      map[mapped++] = (mapping){chars[i], glyphs[i]};
  qsort(map, mapped, sizeof *map, compare_codes);
  /* A character given twice has the same glyph each time: keep one. */
  size_t kept = 0;
  for (size_t i = 0; i < mapped; i++)
    if (!kept || map[kept - 1].code != map[i].code)
      map[kept++] = map[i];
  mapped = kept;
  while (bmp < mapped && map[bmp].code < 0xFFFF)
    bmp++;

  /* Runs of codes and glyphs that both go up by one. */
  size_t segments = 0;
  for (size_t i = 0; i < bmp; i++) {
    unsigned code = map[i].code, glyph = map[i].glyph;
    if (segments && end[segments - 1] + 1u == code &&
        ((code + (unsigned)(uint16_t)delta[segments - 1]) & 0xFFFFu) == glyph)
      end[segments - 1] = (uint16_t)code;
    else {
      start[segments] = end[segments] = (uint16_t)code;
      delta[segments] = (int16_t)(uint16_t)((glyph - code) & 0xFFFFu);
      segments++;
    }
  }
  *first_code = bmp ? map[0].code : 0xFFFF;
  *last_code = mapped > bmp ? 0xFFFF : bmp ? map[bmp - 1].code : 0;
  start[segments] = end[segments] = 0xFFFF;
  delta[segments] = 1;
  segments++;

  lf_buf *cmap = new_table(s, "cmap");
  unsigned search = 1, selector = 0;
  while (search * 2 <= segments) {
    search *= 2;
    selector++;
  }
  if (cmap) {
    unsigned subtables = mapped > bmp ? 2 : 1;
    put16(cmap, 0);  /* version */
    put16(cmap, subtables);
    put16(cmap, 3);  /* Windows */
    put16(cmap, 1);  /*   Unicode BMP: format 4, right after this header */
    put32(cmap, 4 + 8 * subtables);
    if (subtables == 2) {
      put16(cmap, 3);  /* Windows */
      put16(cmap, 10); /*   Unicode full repertoire: format 12, after it */
      put32(cmap, (uint32_t)(4 + 8 * subtables + 16 + 8 * segments));
    }
    put16(cmap, 4);  /* format */
    put16(cmap, (unsigned)(16 + 8 * segments));
    put16(cmap, 0);  /* language */
    put16(cmap, (unsigned)(2 * segments));
    put16(cmap, 2 * search);
    put16(cmap, selector);
    put16(cmap, (unsigned)(2 * segments - 2 * search));
    for (size_t i = 0; i < segments; i++)
      put16(cmap, end[i]);
    put16(cmap, 0); /* reserved pad */
    for (size_t i = 0; i < segments; i++)
      put16(cmap, start[i]);
    for (size_t i = 0; i < segments; i++)
      put16(cmap, (uint16_t)delta[i]);
    for (size_t i = 0; i < segments; i++)
      put16(cmap, 0); /* idRangeOffset */
    if (subtables == 2)
      put_format12(cmap, map, mapped);
  }
  free(map);
  free(start);
  free(end);
  free(delta);
  return 0;
}

/*
 * 'build_name()' - The kept names: Windows records (or, in a font that has
 * none, Macintosh ones) of the names in kept_names[], in English where the
 * font has it.
 */
static void build_name(subsetter *s) {
  const unsigned char *n = s->name.data;
  if (!n || s->name.length < 6)
    return;
  size_t count = lf_be16(n + 2), strings = lf_be16(n + 4);
  if (s->name.length < 6 + 12 * count || strings > s->name.length)
    return;
  int platform = 3;
  size_t keep[sizeof kept_names / sizeof *kept_names];
  size_t kept = 0;
  for (int pass = 0; pass < 2 && !kept; pass++, platform = 1) {
    for (size_t k = 0; k < sizeof kept_names / sizeof *kept_names; k++) {
      size_t best = count;
      for (size_t i = 0; i < count; i++) {
        const unsigned char *r = n + 6 + 12 * i;
        if (lf_be16(r) != (unsigned)platform || lf_be16(r + 6) != kept_names[k] ||
            strings + lf_be16(r + 10) + lf_be16(r + 8) > s->name.length)
          continue;
        unsigned language = lf_be16(r + 4);
        if (best == count || language == (platform == 3 ? 0x409u : 0u))
          best = i;
      }
      if (best < count)
        keep[kept++] = best;
    }
  }
  if (!kept)
    return;
  lf_buf *name = new_table(s, "name");
  if (!name)
    return;
  put16(name, 0);
  put16(name, (unsigned)kept);
  put16(name, (unsigned)(6 + 12 * kept));
  size_t offset = 0;
  for (size_t k = 0; k < kept; k++) {
    const unsigned char *r = n + 6 + 12 * keep[k];
    lf_buf_put(name, r, 8); /* platform, encoding, language, name id */
    put16(name, lf_be16(r + 8));
    put16(name, (unsigned)offset);
    offset += lf_be16(r + 8);
  }
  for (size_t k = 0; k < kept; k++) {
    const unsigned char *r = n + 6 + 12 * keep[k];
    lf_buf_put(name, n + strings + lf_be16(r + 10), lf_be16(r + 8));
  }
}

/*
 * 'build_os2()' - OS/2 as in the source, with the first and last
 * character of the subset.
 */
static void build_os2(subsetter *s, unsigned first_code, unsigned last_code) {
  if (!s->os2.data || s->os2.length < 68)
    return;
  lf_buf *os2 = new_table(s, "OS/2");
  if (!os2)
    return;
  lf_buf_put(os2, s->os2.data, s->os2.length);
  if (!os2->failed && first_code <= last_code) {
    lf_be16_set(os2->data + 64, first_code);
    lf_be16_set(os2->data + 66, last_code);
  }
}

/* ---- the font file ------------------------------------------------------------ */

/*
 * 'checksum()' - The TrueType checksum of 'length' bytes (padded with
 * zeros to a multiple of four).
 */
static uint32_t checksum(const unsigned char *data, size_t length) {
  uint32_t sum = 0;
  size_t i = 0;
  for (; i + 4 <= length; i += 4)
    sum += lf_be32(data + i);
  if (i < length) {
    unsigned char last[4] = {0, 0, 0, 0};
    memcpy(last, data + i, length - i);
    sum += lf_be32(last);
  }
  return sum;
}

/*
 * 'compare_tags()' - qsort order of the table directory: by tag.
 */
static int compare_tags(const void *a, const void *b) {
  return memcmp(((const out_table *)a)->tag, ((const out_table *)b)->tag, 4);
}

/*
 * 'assemble()' - The offset table, the directory sorted by tag, the tables
 * each padded to four bytes, and head's checksum adjustment.
 */
static int assemble(subsetter *s, lf_font_subset *subset) {
  lf_buf file = {NULL, 0, 0, 0};
  size_t n = s->table_count;
  unsigned search = 1, selector = 0;

  for (size_t i = 0; i < n; i++)
    if (s->tables[i].body.failed)
      return fail(s, "out of memory");
  qsort(s->tables, n, sizeof *s->tables, compare_tags);
  while (search * 2 <= n) {
    search *= 2;
    selector++;
  }
  put32(&file, 0x00010000u);
  put16(&file, (unsigned)n);
  put16(&file, search * 16);
  put16(&file, selector);
  put16(&file, (unsigned)(n * 16 - search * 16));
  size_t offset = 12 + 16 * n;
  size_t head_at = 0;
  for (size_t i = 0; i < n; i++) {
    const lf_buf *b = &s->tables[i].body;
    lf_buf_put(&file, s->tables[i].tag, 4);
    put32(&file, checksum(b->data, b->length));
    put32(&file, (uint32_t)offset);
    put32(&file, (uint32_t)b->length);
    if (memcmp(s->tables[i].tag, "head", 4) == 0)
      head_at = offset;
    offset += (b->length + 3) & ~(size_t)3;
  }
  for (size_t i = 0; i < n; i++) {
    const lf_buf *b = &s->tables[i].body;
    lf_buf_put(&file, b->data, b->length);
    lf_buf_extend(&file, ((b->length + 3) & ~(size_t)3) - b->length);
  }
  if (file.failed) {
    free(file.data);
    return fail(s, "out of memory");
  }
  lf_be32_set(file.data + head_at + 8,
        0xB1B0AFBAu - checksum(file.data, file.length));
  subset->data = file.data;
  subset->size = file.length;
  subset->glyph_count = (unsigned)(s->count + s->made_count);
  return 0;
}

/*
 * 'lf_font_subset_make()' - Choose the glyphs, build each table, and put
 * them together as a font file.
 */
int lf_font_subset_make(const lf_font *font, const lf_font_subset_request *request,
                        uint16_t *new_ids, lf_font_subset *subset, char *why,
                        size_t why_size) {
  subsetter s;
  memset(&s, 0, sizeof s);
  s.font = font;
  s.options = request->options;
  s.made = request->composites;
  s.made_count = request->composites ? request->composite_count : 0;
  s.why = why;
  s.why_size = why_size;
  if (why && why_size)
    why[0] = '\0';
  memset(subset, 0, sizeof *subset);

  int long_loca = 0;
  unsigned first_code = 0, last_code = 0;
  const uint32_t *chars = request->chars;
  int rc = -1;
  if (!font)
    fail(&s, "no font");
  else if (!read_source(&s) && !choose_glyphs(&s, request->glyphs, request->count, new_ids) &&
           !build_glyphs(&s, &long_loca) &&
           ((s.options & LF_SUBSET_MINIMAL) ||
            !build_cmap(&s, chars, chars ? request->count : 0, new_ids, &first_code,
                        &last_code))) {
    build_metrics(&s);
    build_fixed_tables(&s, long_loca);
    if (!(s.options & LF_SUBSET_MINIMAL)) {
      build_name(&s);
      build_os2(&s, first_code, last_code);
    }
    if (s.options & LF_SUBSET_KEEP_HINTING) {
      copy_table(&s, "cvt ");
      copy_table(&s, "fpgm");
      copy_table(&s, "prep");
      copy_table(&s, "gasp");
    }
    rc = assemble(&s, subset);
  }
  for (size_t i = 0; i < s.table_count; i++)
    free(s.tables[i].body.data);
  free(s.new_id);
  free(s.old_id);
  return rc;
}

/*
 * 'lf_font_subset_free()' - Free a subset's bytes and empty it.
 */
void lf_font_subset_free(lf_font_subset *subset) {
  if (!subset)
    return;
  free(subset->data);
  subset->data = NULL;
  subset->size = 0;
  subset->glyph_count = 0;
}
