/*
 * embed.c -- the document's fonts (embed.h), written by the backend itself
 * rather than by libharu's TrueType support (which parses the whole file
 * for each document, searches its cmap linearly for all 65,536 codes,
 * writes a 128 KB CIDToGIDMap and embeds every table but the unused
 * outlines).
 *
 * Each font becomes a Type0 font with the Identity-H encoding, whose codes
 * are those of codes.h: one per (glyph, text) pair shown, so that its
 * ToUnicode CMap (tounicode.c) maps each code to exactly its glyph's text
 * (one CMap serves every font when their codes agree).
 * Its descendant is
 *
 *   TrueType  a CIDFontType2 whose font program (/FontFile2) is a subset
 *             of the glyphs shown (subset.c), with /CIDToGIDMap mapping
 *             each code to its glyph in the subset;
 *   CFF       a CIDFontType0 whose font program (/FontFile3, subtype
 *             CIDFontType0C) is the CFF table of a subset made by
 *             hb-subset (hbsubset.c), which keeps the font's CIDs: a
 *             code is its glyph's CID, so one glyph has one code, and
 *             text shown with a glyph other than its code's goes in
 *             /ActualText (content.c).  A CFF font keyed by name keeps its
 *             glyph ids instead, and its codes are those.
 *
 * /W gives each code its glyph's advance in 1/1000 em as the layout's
 * metrics have it (fonts.h); content.c places every glyph where shaping
 * put it from there.  The descriptor has /CapHeight and /XHeight.
 *
 * A font's objects are made before pages are drawn (pages refer to its
 * Type0 dictionary) and filled in once every page is drawn, when the codes
 * are known.  A font whose licence (OS/2 fsType) forbids embedding is
 * never embedded: lf_pdf_font_check() says so when fonts are loaded, and
 * embedding refuses it again.
 */
#include "embed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet/buffer.h"
#include "leaflet/bytes.h"
#include "leaflet/hash.h"
#include "leaflet/pdf.h"
#include "leaflet/utf8.h"
#include "cache.h"
#include "hbsubset.h"
#include "tounicode.h"

/* Font descriptor flags (ISO 32000-1, table 123). */
enum {
  FLAG_FIXED_PITCH = 1,
  FLAG_SERIF = 2,
  FLAG_SYMBOLIC = 4,
  FLAG_SCRIPT = 8,
  FLAG_NONSYMBOLIC = 32,
  FLAG_ITALIC = 64,
  FLAG_FORCE_BOLD = 1 << 18
};

/* What the font descriptor says about a face, read from its tables. */
typedef struct face_facts {
  char postscript_name[64];
  int bbox[4];               /* 1/1000 em */
  int italic_angle;          /* degrees */
  int flags;
  int cap_height;            /* 1/1000 em */
  int x_height;              /* 1/1000 em, 0 when unknown */
  int stem_v;
} face_facts;

/* 'scale()' - Font units to 1/1000 em, truncated toward zero as the
 * layout's metrics are (fonts.h). */
static int scale(int value, unsigned units_per_em) {
  return (int)((long)value * 1000 / (long)units_per_em);
}

/*
 * 'postscript_name()' - Name 6 of the name table (Windows or Macintosh
 * record), keeping only the characters a PDF name and a PostScript name
 * may both hold; "Font" when the font has none.
 */
static void postscript_name(const lf_font *font, char *out, size_t size) {
  size_t length, at = 0;
  const unsigned char *n = lf_font_table(font, "name", &length);
  if (n && length >= 6) {
    size_t count = lf_be16(n + 2), strings = lf_be16(n + 4);
    for (size_t i = 0; i < count && 6 + 12 * (i + 1) <= length && !at; i++) {
      const unsigned char *r = n + 6 + 12 * i;
      unsigned platform = lf_be16(r), id = lf_be16(r + 6);
      size_t len = lf_be16(r + 8), offset = strings + lf_be16(r + 10);
      if (id != 6 || (platform != 1 && platform != 3) || offset > length ||
          len > length - offset)
        continue;
      size_t step = platform == 3 ? 2 : 1;
      for (size_t k = 0; k + step <= len && at + 1 < size; k += step) {
        unsigned c = platform == 3 ? lf_be16(n + offset + k) : n[offset + k];
        if (c > 0x20 && c < 0x7F && !strchr("[](){}<>/%#", (int)c))
          out[at++] = (char)c;
      }
    }
  }
  if (!at)
    snprintf(out, size, "Font");
  else
    out[at] = '\0';
}

/*
 * 'glyph_top()' - The top of the glyph for 'cp' in font units, 0 when it
 * has none.
 */
static int glyph_top(const lf_font *font, uint32_t cp) {
  size_t head_len, loca_len, glyf_len;
  const unsigned char *head = lf_font_table(font, "head", &head_len);
  const unsigned char *loca = lf_font_table(font, "loca", &loca_len);
  const unsigned char *glyf = lf_font_table(font, "glyf", &glyf_len);
  unsigned glyph = lf_font_glyph(font, cp);
  if (!head || head_len < 54 || !loca || !glyf || !glyph)
    return 0;
  size_t offset;
  if (lf_be16(head + 50)) {
    if (loca_len < 4 * ((size_t)glyph + 1))
      return 0;
    const unsigned char *at = loca + 4 * (size_t)glyph;
    offset = lf_be32(at);
  } else {
    if (loca_len < 2 * ((size_t)glyph + 1))
      return 0;
    offset = 2 * (size_t)lf_be16(loca + 2 * (size_t)glyph);
  }
  if (offset > glyf_len || glyf_len - offset < 10)
    return 0;
  return lf_be16s(glyf + offset + 8);
}

/*
 * 'read_facts()' - The descriptor's values: bounding box and style from
 * head, italic angle and pitch from post, family class, weight, cap height
 * and x-height from OS/2 (else the tops of 'H' and 'x'; else, for the cap
 * height, 70 % of the ascent).
 */
static void read_facts(const lf_font *font, face_facts *facts) {
  size_t length;
  const unsigned char *head = lf_font_table(font, "head", &length);
  unsigned units = 1000, mac_style = 0;

  memset(facts, 0, sizeof *facts);
  postscript_name(font, facts->postscript_name, sizeof facts->postscript_name);
  if (head && length >= 54) {
    units = lf_be16(head + 18);
    if (units < 16)
      units = 1000;
    for (int i = 0; i < 4; i++)
      facts->bbox[i] = scale(lf_be16s(head + 36 + 2 * i), units);
    mac_style = lf_be16(head + 44);
  }
  int flags = FLAG_NONSYMBOLIC;
  const unsigned char *post = lf_font_table(font, "post", &length);
  if (post && length >= 16) {
    long angle = (long)(int32_t)lf_be32(post + 4);
    facts->italic_angle = (int)(angle / 65536);
    if (lf_be16(post + 12) || lf_be16(post + 14))
      flags |= FLAG_FIXED_PITCH;
  }
  if (mac_style & 2 || facts->italic_angle)
    flags |= FLAG_ITALIC;
  if (mac_style & 1)
    flags |= FLAG_FORCE_BOLD;
  unsigned weight = (mac_style & 1) ? 700 : 400;
  const unsigned char *os2 = lf_font_table(font, "OS/2", &length);
  if (os2 && length >= 68) {
    unsigned family = os2[30];
    if ((family >= 1 && family <= 5) || family == 7)
      flags |= FLAG_SERIF;
    else if (family == 10)
      flags |= FLAG_SCRIPT;
    else if (family == 12)
      flags = (flags & ~FLAG_NONSYMBOLIC) | FLAG_SYMBOLIC;
    if (lf_be16(os2 + 4) >= 100 && lf_be16(os2 + 4) <= 1000)
      weight = lf_be16(os2 + 4);
    if (lf_be16(os2 + 62) & 0x20)
      flags |= FLAG_FORCE_BOLD;
    if (lf_be16(os2) >= 2 && length >= 90) {
      facts->x_height = scale(lf_be16s(os2 + 86), units);
      facts->cap_height = scale(lf_be16s(os2 + 88), units);
    }
  }
  if (facts->x_height <= 0)
    facts->x_height = scale(glyph_top(font, 'x'), units);
  if (facts->cap_height <= 0)
    facts->cap_height = scale(glyph_top(font, 'H'), units);
  if (facts->cap_height <= 0)
    facts->cap_height = lf_font_ascent(font) * 7 / 10;
  facts->flags = flags;
  /* A common estimate of the dominant stem width from the weight class. */
  facts->stem_v = (int)(50 + weight * weight / 4225);
}

/*
 * 'embedding_forbidden()' - Why the font may not be embedded, or NULL: its
 * licence, OS/2 fsType, asks for restricted-licence embedding (bit 1) or
 * bitmap embedding only (bit 9), or, with bit 8, no subsetting; or its
 * OS/2 table is too short to say.  Writes the reason into 'why'.
 */
static const char *embedding_forbidden(const lf_font *font, char *why,
                                       size_t size) {
  size_t length;
  const unsigned char *os2 = lf_font_table(font, "OS/2", &length);
  if (!os2)
    return NULL;
  if (length < 10) {
    snprintf(why, size, "truncated 'OS/2' table");
    return why;
  }
  unsigned fs_type = lf_be16(os2 + 8);
  if (!(fs_type & (0x0002u | 0x0100u | 0x0200u)))
    return NULL;
  snprintf(why, size,
           "the font's licence forbids embedding it (OS/2 fsType 0x%04x; "
           "expected an installable or editable font)",
           fs_type);
  return why;
}

/*
 * 'lf_pdf_font_check()' - Refuse a font the PDF may not embed, with an
 * error at its file.
 */
int lf_pdf_font_check(const lf_font *font, lf_diags *diags) {
  char why[160];
  if (!font || !embedding_forbidden(font, why, sizeof why))
    return 0;
  lf_error(diags, (lf_pos){lf_font_path(font), 0, 0}, "%s", why);
  return -1;
}


/*
 * 'lf_pdf_fonts_new()' - An empty font state.
 */
lf_pdf_fonts *lf_pdf_fonts_new(const lf_fontset *set, lf_pdf_font_naming naming) {
  lf_pdf_fonts *fonts = calloc(1, sizeof *fonts);
  if (!fonts)
    return NULL;
  fonts->set = set;
  fonts->naming = naming;
  for (int f = 0; f < LF_FACE_MAX; f++)
    fonts->face_font[f] = -1;
  return fonts;
}

/* 'lf_pdf_fonts_free()' - Free a font state and its code tables (the
 * objects are the document's). */
void lf_pdf_fonts_free(lf_pdf_fonts *fonts) {
  if (!fonts)
    return;
  for (size_t k = 0; k < LF_FACE_MAX; k++) {
    lf_pdf_codes_free(fonts->fonts[k].codes);
    free(fonts->fonts[k].made.parts);
    free(fonts->fonts[k].made.glyphs);
    free(fonts->fonts[k].recent);
  }
  free(fonts);
}

/* 'same_face()' - Whether two faces are one face of one file. */
static int same_face(const lf_font *a, const lf_font *b) {
  if (a == b)
    return 1;
  const char *pa = lf_font_path(a), *pb = lf_font_path(b);
  return pa && pb && strcmp(pa, pb) == 0 && lf_font_face_index(a) == lf_font_face_index(b);
}

/*
 * 'start_font()' - A font for 'face' named 'F<k+1>': its code table, by
 * glyph for CFF outlines (whose table is read now), by pair for TrueType.
 */
static int start_font(lf_pdf_font *font, const lf_font *face, size_t k, lf_pdf_doc *doc) {
  const char *path = lf_font_path(face);
  font->metrics = face;
  font->carrier = -2;
  snprintf(font->resource, sizeof font->resource, "F%zu", k + 1);
  font->cff = lf_font_is_cff(face);
  if (font->cff) {
    size_t length;
    const unsigned char *table = lf_font_table(face, "CFF ", &length);
    if (!table || lf_pdf_cff_read(table, length, &font->cff_table) ||
        font->cff_table.glyph_count != lf_font_glyph_count(face))
      return lf_pdf_fail(doc,
                         "embedding font %s: its outlines are not a CFF table "
                         "that can be embedded (expected TrueType outlines or "
                         "a whole CFF table, not CFF2)",
                         path ? path : "?");
  }
  if (!(font->codes = lf_pdf_codes_new(font->cff)))
    return lf_pdf_fail(doc, "out of memory");
  return 0;
}

/*
 * 'lf_pdf_fonts_use()' - A font for each face the text items use that has
 * none yet.  Named per file: faces of the same face of a file share one,
 * named F1, F2 ... in face order.  Named per face: face f is font f,
 * "F<f+1>", whatever the display, so that every part of a spool names it
 * alike.
 */
int lf_pdf_fonts_use(lf_pdf_fonts *fonts, const lf_display *d, lf_pdf_doc *doc) {
  unsigned char used[LF_FACE_MAX] = {0};

  for (size_t p = 0; p < d->page_count; p++)
    for (size_t i = 0; i < d->pages[p].count; i++) {
      const lf_item *item = &d->pages[p].items[i];
      if (item->kind == LF_ITEM_TEXT && item->glyph_count)
        used[item->face] = 1;
    }
  for (int f = 0; f < LF_FACE_MAX; f++) {
    if (!used[f] || fonts->face_font[f] >= 0)
      continue;
    const lf_font *face = lf_fontset_face(fonts->set, (lf_face)f);
    if (!face)
      return lf_pdf_fail(doc, "no font for face %d", f);
    size_t k = 0;
    if (fonts->naming == LF_PDF_FONT_PER_FACE) {
      k = (size_t)f;
      if (fonts->font_count < k + 1)
        fonts->font_count = k + 1;
    } else {
      while (k < fonts->font_count && !same_face(fonts->fonts[k].metrics, face))
        k++;
      if (k == fonts->font_count)
        fonts->font_count++;
    }
    lf_pdf_font *font = &fonts->fonts[k];
    if (!font->metrics && start_font(font, face, k, doc))
      return -1;
    fonts->face_font[f] = (int)k;
  }
  return 0;
}

/*
 * 'own_char()' - The character 'text' is when it is one character up to
 * U+FFFF whose glyph in the font is 'glyph' (then it is its own code),
 * else -1.
 */
static long own_char(const lf_font *font, uint32_t glyph, const char *text, size_t len) {
  const char *at = text;
  int32_t cp = len ? lf_utf8_next(&at, text + len) : -1;
  if (cp <= 0 || cp > 0xFFFF || at != text + len || lf_font_glyph(font, (uint32_t)cp) != glyph)
    return -1;
  return cp;
}

/* A glyph last shown for one character, and the code that showed it: the
 * pair's code never changes, so the next time the code table need not be
 * searched (most glyphs of a page are shown again and again). */
struct lf_pdf_recent {
  uint32_t glyph_plus_one; /* 0: empty */
  uint32_t cp;
  uint16_t code;
};

enum { RECENT = 256 }; /* a power of two */

/*
 * 'lf_pdf_fonts_show()' - The code of the pair: by pair, the character
 * itself when the glyph is its own; by glyph, the glyph's CID.  A pair of
 * one character and its code are kept in the font's memo.
 */
long lf_pdf_fonts_show(lf_pdf_fonts *fonts, int index, uint32_t glyph,
                       const char *text, size_t len, int *other_text,
                       lf_pdf_doc *doc) {
  lf_pdf_font *font = &fonts->fonts[index];
  const char *end = text;
  int32_t cp = len ? lf_utf8_next(&end, text + len) : -1;
  struct lf_pdf_recent *memo = NULL;
  if (cp >= 0 && end == text + len) {
    if (!font->recent)
      font->recent = calloc(RECENT, sizeof *font->recent);
    memo = font->recent ? &font->recent[glyph & (RECENT - 1)] : NULL;
    if (memo && memo->glyph_plus_one == glyph + 1 && memo->cp == (uint32_t)cp) {
      *other_text = 0;
      return memo->code;
    }
  }
  long preferred = font->cff ? lf_pdf_cff_cid(&font->cff_table, glyph)
                             : own_char(font->metrics, glyph, text, len);
  long code = lf_pdf_codes_get(font->codes, glyph, text, len, preferred, other_text);
  if (code >= 0 && memo && !*other_text)
    *memo = (struct lf_pdf_recent){glyph + 1, (uint32_t)cp, (uint16_t)code};
  if (code < 0) {
    const char *path = lf_font_path(font->metrics);
    if (lf_pdf_codes_full(font->codes))
      lf_pdf_fail(doc,
                  "font %s shows more than 65,534 different glyphs and texts "
                  "(expected at most that many in one document)",
                  path ? path : "?");
    else if (font->cff && preferred < 0)
      lf_pdf_fail(doc, "font %s: glyph %u has no CID in its CFF charset", path ? path : "?",
                  (unsigned)glyph);
    else
      lf_pdf_fail(doc, "out of memory");
  }
  return code;
}

/*
 * 'lf_pdf_fonts_carrier()' - The first of the zero-width space, joiners and
 * word joiner that the font has with no advance, looked for once.
 */
long lf_pdf_fonts_carrier(lf_pdf_fonts *fonts, int index) {
  static const uint32_t candidates[] = {0x200B, 0x200D, 0x200C, 0x2060, 0xFEFF};
  lf_pdf_font *font = &fonts->fonts[index];
  if (font->carrier == -2) {
    font->carrier = -1;
    for (size_t i = 0; i < sizeof candidates / sizeof *candidates && font->carrier < 0; i++) {
      uint32_t glyph = lf_font_glyph(font->metrics, candidates[i]);
      if (glyph && lf_font_glyph_width(font->metrics, glyph) == 0 &&
          (!font->cff || lf_pdf_cff_cid(&font->cff_table, glyph) >= 0))
        font->carrier = glyph;
    }
  }
  return font->carrier;
}

/* 'font_width()' - lf_pdf_fonts_width() of a font of the state. */
static int font_width(const lf_pdf_font *font, uint32_t glyph) {
  unsigned base = lf_font_glyph_count(font->metrics);
  if (glyph < base)
    return lf_font_glyph_width(font->metrics, glyph);
  if (glyph - base >= font->made.count)
    return 0;
  return (int)((unsigned long)font->made.glyphs[glyph - base].advance * 1000u /
               lf_font_units_per_em(font->metrics));
}

/* 'same_parts()' - Whether two lists of composite glyphs are the same. */
static int same_parts(const lf_subset_component *a, const lf_subset_component *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (a[i].glyph != b[i].glyph || a[i].dx != b[i].dx || a[i].dy != b[i].dy)
      return 0;
  return 1;
}

/*
 * 'lf_pdf_fonts_composite()' - Look the composite up among those made
 * (a linear search of their hashes: a document makes a few hundred), else
 * note a new one.
 */
long lf_pdf_fonts_composite(lf_pdf_fonts *fonts, int index, const lf_subset_component *parts,
                            size_t count, uint32_t advance, lf_pdf_doc *doc) {
  lf_pdf_font *font = &fonts->fonts[index];
  lf_pdf_made *made = &font->made;
  unsigned base = lf_font_glyph_count(font->metrics);
  if (font->cff || !count || count > LF_SUBSET_COMPONENTS_MAX || advance > 0xFFFF ||
      base + made->count >= 0xFFFF)
    return -1;
  uint64_t h = lf_fnv_step(LF_FNV_OFFSET, advance);
  for (size_t i = 0; i < count; i++) {
    if (parts[i].dx < -16384 || parts[i].dx > 16384 || parts[i].dy < -16384 ||
        parts[i].dy > 16384 || parts[i].glyph >= base)
      return -1;
    h = lf_fnv_step(lf_fnv_step(lf_fnv_step(h, parts[i].glyph), (uint32_t)parts[i].dx),
                    (uint32_t)parts[i].dy);
  }
  for (size_t i = 0; i < made->count; i++) {
    const struct lf_pdf_made_glyph *m = &made->glyphs[i];
    if (m->hash == h && m->count == count && m->advance == advance &&
        same_parts(made->parts + m->first, parts, count))
      return (long)(base + i);
  }
  if (made->count == made->cap) {
    size_t cap = made->cap ? made->cap * 2 : 32;
    struct lf_pdf_made_glyph *grown = realloc(made->glyphs, cap * sizeof *grown);
    if (!grown)
      return lf_pdf_fail(doc, "out of memory");
    made->glyphs = grown;
    made->cap = cap;
  }
  if (made->part_count + count > made->part_cap) {
    size_t cap = made->part_cap ? made->part_cap * 2 : 128;
    while (cap < made->part_count + count)
      cap *= 2;
    lf_subset_component *grown = realloc(made->parts, cap * sizeof *grown);
    if (!grown)
      return lf_pdf_fail(doc, "out of memory");
    made->parts = grown;
    made->part_cap = cap;
  }
  memcpy(made->parts + made->part_count, parts, count * sizeof *parts);
  made->glyphs[made->count] = (struct lf_pdf_made_glyph){made->part_count, count, advance, h};
  made->part_count += count;
  return (long)(base + made->count++);
}

/*
 * 'lf_pdf_fonts_width()' - The layout's width of a glyph of the font, or
 * a composite's advance in the same unit (1/1000 em, truncated).
 */
int lf_pdf_fonts_width(const lf_pdf_fonts *fonts, int index, uint32_t glyph) {
  return font_width(&fonts->fonts[index], glyph);
}

/*
 * 'lf_pdf_fonts_objects()' - The /Resources dictionary, its /Font naming
 * each font in use, and each font's Type0 dictionary, still empty.
 */
int lf_pdf_fonts_objects(lf_pdf_fonts *fonts, lf_pdf_doc *doc) {
  fonts->resources = lf_pdf_indirect_dict(doc);
  lf_pdf_obj *names = lf_pdf_dict(doc);
  if (!fonts->resources || !names ||
      lf_pdf_dict_put(fonts->resources, "Font", names))
    return lf_pdf_fail(doc, "out of memory");
  for (size_t k = 0; k < fonts->font_count; k++) {
    lf_pdf_font *font = &fonts->fonts[k];
    if (!font->metrics)
      continue;
    const char *path = lf_font_path(font->metrics);
    font->dict = lf_pdf_indirect_dict(doc);
    if (!font->dict || lf_pdf_dict_put(names, font->resource, font->dict))
      return lf_pdf_fail(doc, "creating font %s", path ? path : "?");
  }
  return lf_pdf_failed(doc) ? lf_pdf_fail(doc, "creating the fonts") : 0;
}

/* What embedding one font works with: its pairs by code, and its glyphs. */
typedef struct font_plan {
  const lf_pdf_pair **by_code;   /* the pairs, in order of code */
  size_t count;
  uint32_t *glyphs;              /* the glyphs shown, in order, each once */
  uint32_t *chars;               /* each one's own character, or 0 */
  uint16_t *new_ids;             /* each one's id in the subset */
  size_t glyph_count;
} font_plan;

/* 'by_code()' / 'by_glyph()' - qsort orders. */
static int by_code(const void *a, const void *b) {
  unsigned x = (*(const lf_pdf_pair *const *)a)->code;
  unsigned y = (*(const lf_pdf_pair *const *)b)->code;
  return (x > y) - (x < y);
}

static int by_glyph(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

/*
 * 'plan_font()' - The pairs in code order, the glyphs in glyph order
 * (each with its own character, when a pair showed it), so that the same
 * text always gives the same subset.  Returns 0, or -1 when out of memory.
 */
static int plan_font(const lf_pdf_font *font, font_plan *plan) {
  size_t count;
  const lf_pdf_pair *pairs = lf_pdf_codes_pairs(font->codes, &count);
  memset(plan, 0, sizeof *plan);
  size_t n = count ? count : 1;
  plan->by_code = malloc(n * sizeof *plan->by_code);
  plan->glyphs = malloc(n * sizeof *plan->glyphs);
  plan->chars = calloc(n, sizeof *plan->chars);
  plan->new_ids = calloc(n, sizeof *plan->new_ids);
  if (!plan->by_code || !plan->glyphs || !plan->chars || !plan->new_ids)
    return -1;
  for (size_t i = 0; i < count; i++) {
    plan->by_code[i] = &pairs[i];
    plan->glyphs[i] = pairs[i].glyph;
  }
  plan->count = count;
  qsort(plan->by_code, count, sizeof *plan->by_code, by_code);
  qsort(plan->glyphs, count, sizeof *plan->glyphs, by_glyph);
  size_t kept = 0;
  for (size_t i = 0; i < count; i++)
    if (!kept || plan->glyphs[kept - 1] != plan->glyphs[i])
      plan->glyphs[kept++] = plan->glyphs[i];
  plan->glyph_count = kept;
  for (size_t i = 0; i < count; i++) {
    long own = own_char(font->metrics, pairs[i].glyph, lf_pdf_codes_text(font->codes, &pairs[i]),
                        pairs[i].len);
    if (own < 0)
      continue;
    const uint32_t *at = bsearch(&pairs[i].glyph, plan->glyphs, kept, sizeof *plan->glyphs,
                                 by_glyph);
    if (at && !plan->chars[at - plan->glyphs])
      plan->chars[at - plan->glyphs] = (uint32_t)own;
  }
  return 0;
}

/* 'plan_free()' - Free what plan_font() made. */
static void plan_free(font_plan *plan) {
  free(plan->by_code);
  free(plan->glyphs);
  free(plan->chars);
  free(plan->new_ids);
}

/* 'new_id_of()' - The subset id of source glyph 'glyph'. */
static unsigned new_id_of(const font_plan *plan, uint32_t glyph) {
  const uint32_t *at = bsearch(&glyph, plan->glyphs, plan->glyph_count, sizeof *plan->glyphs,
                               by_glyph);
  return at ? plan->new_ids[at - plan->glyphs] : 0;
}

/*
 * 'subset_tag()' - Six capital letters naming this subset (ISO 32000-1,
 * 9.6.4): an FNV-1a hash of the font's name and the glyphs it shows, so
 * that the same text always gives the same tag.
 */
static void subset_tag(const char *name, const font_plan *plan, char tag[7]) {
  uint64_t h = lf_fnv(LF_FNV_OFFSET, name, strlen(name));
  for (size_t i = 0; i < plan->glyph_count; i++) {
    h = lf_fnv_step(h, plan->glyphs[i] >> 8);
    h = lf_fnv_step(h, plan->glyphs[i] & 0xFF);
  }
  for (int i = 0; i < 6; i++) {
    tag[i] = (char)('A' + h % 26);
    h /= 26;
  }
  tag[6] = '\0';
}

/* The most elements a PDF array may hold (ISO 32000-1, annex C; libharu
 * refuses more). */
enum { ARRAY_MAX = 8191 };

/*
 * 'width_runs()' - How many runs /W needs when codes up to 'gap' apart
 * share a run (the codes between given width 0), no run longer than
 * ARRAY_MAX.
 */
static size_t width_runs(const font_plan *plan, unsigned gap) {
  size_t runs = 0, length = 0;
  for (size_t i = 0; i < plan->count; i++) {
    unsigned step = i ? plan->by_code[i]->code - plan->by_code[i - 1]->code : 0;
    if (!i || step > gap + 1u || length + step > ARRAY_MAX) {
      runs++;
      length = 1;
    } else {
      length += step;
    }
  }
  return runs;
}

/*
 * 'add_widths()' - /W: runs of codes, each its first code and the advances
 * of its glyphs, in 1/1000 em as the layout measured them.  Codes up to
 * two apart share a run (a code shown by nothing between them is given 0,
 * shorter than starting a run), and codes further apart when that keeps
 * the array within ARRAY_MAX elements.
 */
static int add_widths(lf_pdf_doc *doc, lf_pdf_obj *cid_font, const lf_pdf_font *font,
                      const font_plan *plan) {
  unsigned gap = 2; /* a zero for each of two codes between is shorter than a new run */
  while (gap < 0x10000u && width_runs(plan, gap) * 2 > ARRAY_MAX)
    gap = gap * 2 + 1;
  lf_pdf_obj *widths = lf_pdf_array(doc);
  if (!widths || lf_pdf_dict_put(cid_font, "W", widths))
    return -1;
  lf_pdf_obj *run = NULL;
  size_t length = 0;
  for (size_t i = 0; i < plan->count; i++) {
    const lf_pdf_pair *p = plan->by_code[i];
    unsigned step = i ? p->code - plan->by_code[i - 1]->code : 0;
    if (!run || step > gap + 1u || length + step > ARRAY_MAX) {
      run = lf_pdf_array(doc);
      if (lf_pdf_array_int(widths, p->code) || !run || lf_pdf_array_put(widths, run))
        return -1;
      length = 0;
      step = 1;
    }
    for (unsigned k = 1; k < step; k++)
      if (lf_pdf_array_int(run, 0))
        return -1;
    if (lf_pdf_array_int(run, font_width(font, p->glyph)))
      return -1;
    length += step;
  }
  return 0;
}

/*
 * 'add_cid_to_gid()' - /CIDToGIDMap: two bytes per code up to the last one
 * shown, each the glyph in the subset (0 for codes not shown).
 */
static int add_cid_to_gid(lf_pdf_doc *doc, lf_pdf_obj *cid_font, const font_plan *plan) {
  size_t size = plan->count ? 2 * ((size_t)plan->by_code[plan->count - 1]->code + 1) : 2;
  unsigned char *map = calloc(size, 1);
  if (!map)
    return lf_pdf_fail(doc, "out of memory");
  for (size_t i = 0; i < plan->count; i++)
    lf_be16_set(map + 2 * (size_t)plan->by_code[i]->code,
                new_id_of(plan, plan->by_code[i]->glyph));
  lf_pdf_obj *stream = lf_pdf_stream(doc, map, size, 1);
  free(map);
  if (!stream || lf_pdf_dict_put(cid_font, "CIDToGIDMap", stream))
    return -1;
  return 0;
}

/*
 * 'add_descriptor()' - The FontDescriptor with the subset as /FontFile2
 * (TrueType) or as a /FontFile3 of subtype CIDFontType0C (CFF).
 */
static int add_descriptor(lf_pdf_doc *doc, lf_pdf_obj *cid_font,
                          const lf_font *metrics, const face_facts *facts,
                          const char *base_font, const lf_font_subset *subset,
                          int cff) {
  lf_pdf_obj *file = lf_pdf_stream(doc, subset->data, subset->size, 1);
  lf_pdf_obj *descriptor = lf_pdf_indirect_dict(doc);
  lf_pdf_obj *bbox = lf_pdf_array(doc);
  if (!file || !descriptor || !bbox)
    return -1;
  int rc = cff ? lf_pdf_dict_name(file, "Subtype", "CIDFontType0C")
               : lf_pdf_dict_int(file, "Length1", (long)subset->size);
  rc |= lf_pdf_dict_name(descriptor, "Type", "FontDescriptor");
  rc |= lf_pdf_dict_name(descriptor, "FontName", base_font);
  rc |= lf_pdf_dict_int(descriptor, "Flags", facts->flags);
  rc |= lf_pdf_dict_put(descriptor, "FontBBox", bbox);
  for (int i = 0; i < 4; i++)
    rc |= lf_pdf_array_int(bbox, facts->bbox[i]);
  rc |= lf_pdf_dict_int(descriptor, "ItalicAngle", facts->italic_angle);
  rc |= lf_pdf_dict_int(descriptor, "Ascent", lf_font_ascent(metrics));
  rc |= lf_pdf_dict_int(descriptor, "Descent", lf_font_descent(metrics));
  rc |= lf_pdf_dict_int(descriptor, "CapHeight", facts->cap_height);
  if (facts->x_height > 0)
    rc |= lf_pdf_dict_int(descriptor, "XHeight", facts->x_height);
  rc |= lf_pdf_dict_int(descriptor, "StemV", facts->stem_v);
  rc |= lf_pdf_dict_put(descriptor, cff ? "FontFile3" : "FontFile2", file);
  rc |= lf_pdf_dict_put(cid_font, "FontDescriptor", descriptor);
  return rc;
}

/*
 * 'subset_truetype()' - Our own subsetter's subset of the plan's glyphs
 * (subset.c), with the composites the font is to make: the plan's glyphs
 * past the font's last.
 */
static int subset_truetype(const lf_pdf_font *font, font_plan *plan, lf_font_subset *subset,
                           char *why, size_t why_size) {
  unsigned base = lf_font_glyph_count(font->metrics);
  size_t real = 0;
  while (real < plan->glyph_count && plan->glyphs[real] < base)
    real++;
  size_t made = plan->glyph_count - real;
  lf_subset_composite *composites = calloc(made ? made : 1, sizeof *composites);
  if (!composites) {
    snprintf(why, why_size, "out of memory");
    return -1;
  }
  for (size_t i = 0; i < made; i++) {
    const struct lf_pdf_made_glyph *m = &font->made.glyphs[plan->glyphs[real + i] - base];
    composites[i] = (lf_subset_composite){font->made.parts + m->first, m->count, m->advance};
  }
  lf_font_subset_request request = {plan->glyphs, plan->chars, real, composites, made,
                                    LF_SUBSET_MINIMAL};
  int rc = lf_font_subset_make(font->metrics, &request, plan->new_ids, subset, why, why_size);
  free(composites);
  return rc;
}

/*
 * 'make_cff_subset()' - The CFF table of an hb-subset subset, checked to give
 * every code its glyph: a code is its glyph's CID in the subset's charset
 * (a CID-keyed font), or its glyph id, kept (a font keyed by name).
 */
static int make_cff_subset(const lf_pdf_font *font, font_plan *plan, lf_font_subset *subset,
                           char *why, size_t why_size) {
  int by_name = !font->cff_table.cid_keyed;
  if (lf_pdf_hb_subset(font->metrics, plan->glyphs, plan->glyph_count,
                       LF_HB_SUBSET_CFF | (by_name ? LF_HB_SUBSET_RETAIN_GIDS : 0),
                       plan->new_ids, subset, why, why_size))
    return -1;
  lf_pdf_cff made;
  if (lf_pdf_cff_read(subset->data, subset->size, &made) || made.cid_keyed == by_name) {
    snprintf(why, why_size, "HarfBuzz's CFF subset cannot be read back");
    return -1;
  }
  for (size_t i = 0; i < plan->count; i++) {
    const lf_pdf_pair *p = plan->by_code[i];
    if (lf_pdf_cff_cid(&made, new_id_of(plan, p->glyph)) != (long)p->code) {
      snprintf(why, why_size, "glyph %u lost its CID %u in HarfBuzz's CFF subset",
               (unsigned)p->glyph, p->code);
      return -1;
    }
  }
  return 0;
}

/*
 * 'cff_key()' - What a CFF subset is kept under in the run's cache of
 * streams (cache.h): a NUL (no content stream starts with one), the font's
 * file and face, then the glyphs.  0, or -1 when the font has no file.
 */
static int cff_key(const lf_pdf_font *font, const font_plan *plan, lf_buf *key) {
  const char *path = lf_font_path(font->metrics);
  if (!path)
    return -1;
  lf_buf_printf(key, "%cCFF subset%c%s%c%u%c", 0, 0, path, 0,
                lf_font_face_index(font->metrics), 0);
  for (size_t i = 0; i < plan->glyph_count; i++) {
    unsigned char *at = lf_buf_extend(key, 4);
    if (at)
      lf_be32_set(at, plan->glyphs[i]);
  }
  return key->failed ? -1 : 0;
}

/*
 * 'subset_cff()' - make_cff_subset(), once a run for each font and set of
 * glyphs: a mailing's letters show the same Chinese in every request, and
 * hb-subset plans over all of a CJK face's glyphs each time.  The cache
 * keeps the subset's glyph count, the new ids and the bytes.
 */
static int subset_cff(lf_pdf_doc *doc, const lf_pdf_font *font, font_plan *plan,
                      lf_font_subset *subset, char *why, size_t why_size) {
  lf_pdf_cache *cache = lf_pdf_doc_cache(doc);
  lf_buf key = {NULL, 0, 0, 0}, found = {NULL, 0, 0, 0};
  size_t ids = plan->glyph_count * sizeof *plan->new_ids;
  if (cache && !cff_key(font, plan, &key) &&
      lf_pdf_cache_find(cache, key.data, key.length, &found) && found.length >= 4 + ids) {
    memset(subset, 0, sizeof *subset);
    subset->size = found.length - 4 - ids;
    subset->data = malloc(subset->size ? subset->size : 1);
    if (subset->data) {
      subset->glyph_count = lf_be32(found.data);
      memcpy(plan->new_ids, found.data + 4, ids);
      memcpy(subset->data, found.data + 4 + ids, subset->size);
      lf_buf_free(&key);
      lf_buf_free(&found);
      return 0;
    }
  }
  int rc = make_cff_subset(font, plan, subset, why, why_size);
  if (!rc && cache && key.length && !key.failed) {
    found.length = 0;
    unsigned char *at = lf_buf_extend(&found, 4);
    if (at)
      lf_be32_set(at, subset->glyph_count);
    lf_buf_put(&found, plan->new_ids, ids);
    lf_buf_put(&found, subset->data, subset->size);
    if (!found.failed)
      lf_pdf_cache_put(cache, key.data, key.length, found.data, found.length);
  }
  lf_buf_free(&key);
  lf_buf_free(&found);
  return rc;
}

/*
 * 'add_system_info()' - /CIDSystemInfo: the character collection a CFF
 * CID font names (its ROS), else Adobe-Identity-0.
 */
static int add_system_info(lf_pdf_doc *doc, lf_pdf_obj *cid_font, const lf_pdf_font *font) {
  lf_pdf_obj *info = lf_pdf_dict(doc);
  if (!info || lf_pdf_dict_put(cid_font, "CIDSystemInfo", info))
    return -1;
  int ros = font->cff && font->cff_table.cid_keyed && font->cff_table.registry[0] &&
            font->cff_table.ordering[0];
  int rc = lf_pdf_dict_put(info, "Registry",
                           lf_pdf_string(doc, ros ? font->cff_table.registry : "Adobe"));
  rc |= lf_pdf_dict_put(info, "Ordering",
                        lf_pdf_string(doc, ros ? font->cff_table.ordering : "Identity"));
  rc |= lf_pdf_dict_int(info, "Supplement", ros ? font->cff_table.supplement : 0);
  return rc;
}

/*
 * 'embed_font()' - Fill in one font's Type0 dictionary and everything
 * under it.
 */
static int embed_font(lf_pdf_doc *doc, lf_pdf_font *font, lf_pdf_obj *to_unicode) {
  font_plan plan;
  lf_font_subset subset = {NULL, 0, 0};
  lf_buf cmap = {NULL, 0, 0, 0};
  char why[160];
  const char *path = lf_font_path(font->metrics);
  int rc = -1;

  if (plan_font(font, &plan)) {
    lf_pdf_fail(doc, "out of memory");
    goto done;
  }
  if (embedding_forbidden(font->metrics, why, sizeof why)) {
    lf_pdf_fail(doc, "embedding font %s: %s", path ? path : "?", why);
    goto done;
  }
  face_facts facts;
  read_facts(font->metrics, &facts);
  char tag[7], base_font[80];
  subset_tag(facts.postscript_name, &plan, tag);
  snprintf(base_font, sizeof base_font, "%s+%s", tag, facts.postscript_name);

  why[0] = '\0';
  if (font->cff ? subset_cff(doc, font, &plan, &subset, why, sizeof why)
                : subset_truetype(font, &plan, &subset, why, sizeof why)) {
    lf_pdf_fail(doc, "subsetting font %s: %s", path ? path : "?", why);
    goto done;
  }
  if (!to_unicode) {
    const lf_pdf_codes *own = font->codes;
    lf_pdf_to_unicode(&cmap, &own, 1);
    to_unicode = cmap.failed ? NULL : lf_pdf_stream(doc, cmap.data, cmap.length, 1);
  }
  lf_pdf_obj *cid_font = lf_pdf_indirect_dict(doc);
  lf_pdf_obj *descendants = lf_pdf_array(doc);
  if (!to_unicode || !cid_font || !descendants)
    goto failed;
  int status = lf_pdf_dict_name(font->dict, "Type", "Font");
  status |= lf_pdf_dict_name(font->dict, "Subtype", "Type0");
  status |= lf_pdf_dict_name(font->dict, "BaseFont", base_font);
  status |= lf_pdf_dict_name(font->dict, "Encoding", "Identity-H");
  status |= lf_pdf_dict_put(font->dict, "DescendantFonts", descendants);
  status |= lf_pdf_array_put(descendants, cid_font);
  status |= lf_pdf_dict_put(font->dict, "ToUnicode", to_unicode);
  status |= lf_pdf_dict_name(cid_font, "Type", "Font");
  status |= lf_pdf_dict_name(cid_font, "Subtype", font->cff ? "CIDFontType0" : "CIDFontType2");
  status |= lf_pdf_dict_name(cid_font, "BaseFont", base_font);
  if (status || add_system_info(doc, cid_font, font) ||
      add_descriptor(doc, cid_font, font->metrics, &facts, base_font, &subset, font->cff) ||
      add_widths(doc, cid_font, font, &plan) ||
      (!font->cff && add_cid_to_gid(doc, cid_font, &plan)) || lf_pdf_failed(doc))
    goto failed;
  rc = 0;
  goto done;
failed:
  lf_pdf_fail(doc, "embedding font %s", path ? path : "?");
done:
  lf_buf_free(&cmap);
  lf_font_subset_free(&subset);
  plan_free(&plan);
  return rc;
}

/*
 * 'lf_pdf_fonts_embed()' - Embed every font in use, with one ToUnicode CMap
 * for them all when their codes agree (a text in one script, each
 * character shown by its own glyph, as most documents are), else one each.
 */
int lf_pdf_fonts_embed(lf_pdf_fonts *fonts, lf_pdf_doc *doc) {
  const lf_pdf_codes *tables[LF_FACE_MAX];
  size_t used = 0;
  for (size_t k = 0; k < fonts->font_count; k++)
    if (fonts->fonts[k].metrics)
      tables[used++] = fonts->fonts[k].codes;
  lf_pdf_obj *shared = NULL;
  lf_buf cmap = {NULL, 0, 0, 0};
  if (used > 1 && lf_pdf_to_unicode(&cmap, tables, used) == 0) {
    if (cmap.failed || !(shared = lf_pdf_stream(doc, cmap.data, cmap.length, 1))) {
      lf_buf_free(&cmap);
      return lf_pdf_fail(doc, "writing the ToUnicode CMap");
    }
  }
  lf_buf_free(&cmap);
  for (size_t k = 0; k < fonts->font_count; k++)
    if (fonts->fonts[k].metrics && embed_font(doc, &fonts->fonts[k], shared))
      return -1;
  return 0;
}
