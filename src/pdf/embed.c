/*
 * embed.c -- the document's fonts, written by the backend itself rather
 * than by libharu's TrueType support (which parses the whole file for each
 * document, searches its cmap linearly for all 65,536 codes, writes a
 * 128 KB CIDToGIDMap and embeds every table but the unused outlines).
 *
 * Each face text uses becomes a Type0 font with the Identity-H encoding:
 * the code shown is the character's Unicode value (U+0000 to U+FFFF), so
 * the ToUnicode CMap is the identity over those codes.  A character beyond
 * U+FFFF is shown with a code from the UTF-16 surrogates (0xD800 ...),
 * which no character has, given per document in order of first appearance
 * (lf_pdf_code()); the CMap maps it to the character's surrogate pair.  A
 * code means the same character in every font, so one CMap serves them
 * all.  Its descendant
 * is a CIDFontType2 whose font program is a subset with only the glyphs
 * shown (subset.c); /CIDToGIDMap maps each code to its glyph in the subset,
 * /W gives each code its advance exactly as the layout measured it (fonts.h),
 * and the descriptor has /CapHeight and /XHeight.
 *
 * A font's objects are created when drawing starts (pages refer to its
 * Type0 dictionary) and filled in once every page is drawn, when the codes
 * are known.
 */
#include <stdlib.h>
#include <string.h>

#include "leaflet/pdf.h"
#include "pdf_internal.h"

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
  int x_height;              /* 1/1000 em, 0 when unknown */
  int stem_v;
} face_facts;

/* 'get16()' - Big-endian unsigned 16-bit value. */
static unsigned get16(const unsigned char *p) {
  return ((unsigned)p[0] << 8) | p[1];
}

/* 'get_s16()' - Big-endian signed 16-bit value. */
static int get_s16(const unsigned char *p) {
  unsigned v = get16(p);
  return v >= 0x8000u ? (int)v - 0x10000 : (int)v;
}

/* 'scale()' - Font units to 1/1000 em, truncated toward zero as libharu
 * and the layout do. */
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
    size_t count = get16(n + 2), strings = get16(n + 4);
    for (size_t i = 0; i < count && 6 + 12 * (i + 1) <= length && !at; i++) {
      const unsigned char *r = n + 6 + 12 * i;
      unsigned platform = get16(r), id = get16(r + 6);
      size_t len = get16(r + 8), offset = strings + get16(r + 10);
      if (id != 6 || (platform != 1 && platform != 3) || offset > length ||
          len > length - offset)
        continue;
      size_t step = platform == 3 ? 2 : 1;
      for (size_t k = 0; k + step <= len && at + 1 < size; k += step) {
        unsigned c = platform == 3 ? get16(n + offset + k) : n[offset + k];
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
  if (get16(head + 50)) {
    if (loca_len < 4 * ((size_t)glyph + 1))
      return 0;
    const unsigned char *at = loca + 4 * (size_t)glyph;
    offset = ((size_t)get16(at) << 16) | get16(at + 2);
  } else {
    if (loca_len < 2 * ((size_t)glyph + 1))
      return 0;
    offset = 2 * (size_t)get16(loca + 2 * (size_t)glyph);
  }
  if (offset > glyf_len || glyf_len - offset < 10)
    return 0;
  return get_s16(glyf + offset + 8);
}

/*
 * 'read_facts()' - The descriptor's values: bounding box and style from
 * head, italic angle and pitch from post, family class, weight and x-height
 * from OS/2 (else the top of 'x').
 */
static void read_facts(const lf_font *font, face_facts *facts) {
  size_t length;
  const unsigned char *head = lf_font_table(font, "head", &length);
  unsigned units = 1000, mac_style = 0;

  memset(facts, 0, sizeof *facts);
  postscript_name(font, facts->postscript_name, sizeof facts->postscript_name);
  if (head && length >= 54) {
    units = get16(head + 18);
    if (units < 16)
      units = 1000;
    for (int i = 0; i < 4; i++)
      facts->bbox[i] = scale(get_s16(head + 36 + 2 * i), units);
    mac_style = get16(head + 44);
  }
  int flags = FLAG_NONSYMBOLIC;
  const unsigned char *post = lf_font_table(font, "post", &length);
  if (post && length >= 16) {
    long angle = (long)(int32_t)(((uint32_t)get16(post + 4) << 16) |
                                 get16(post + 6));
    facts->italic_angle = (int)(angle / 65536);
    if (get16(post + 12) || get16(post + 14))
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
    if (get16(os2 + 4) >= 100 && get16(os2 + 4) <= 1000)
      weight = get16(os2 + 4);
    if (get16(os2 + 62) & 0x20)
      flags |= FLAG_FORCE_BOLD;
    if (get16(os2) >= 2 && length >= 90)
      facts->x_height = scale(get_s16(os2 + 86), units);
  }
  if (facts->x_height <= 0)
    facts->x_height = scale(glyph_top(font, 'x'), units);
  facts->flags = flags;
  /* A common estimate of the dominant stem width from the weight class. */
  facts->stem_v = (int)(50 + weight * weight / 4225);
}

/*
 * 'new_dict()' - A dictionary that is an indirect object.
 */
static HPDF_Dict new_dict(lf_pdf_ctx *ctx) {
  HPDF_Dict dict = HPDF_Dict_New(ctx->doc->mmgr);
  if (dict && HPDF_Xref_Add(ctx->doc->xref, dict) != HPDF_OK)
    return NULL; /* HPDF_Xref_Add() has freed it */
  return dict;
}

/*
 * 'lf_pdf_fonts_begin()' - One font per distinct font file among the faces
 * text items use, an empty Type0 dictionary for each, and the /Resources
 * dictionary all pages share, naming them F1, F2 ...  In a part of a spool
 * each face is a font of its own, named by the face (F1 regular, F2 bold,
 * F3 and F4 their fallbacks) so that every part names it alike, and the
 * fonts and /Resources are the spool's, written when it closes.
 */
int lf_pdf_fonts_begin(lf_pdf_ctx *ctx) {
  const lf_display *d = ctx->display;
  int used[LF_FACE_COUNT] = {0};

  for (size_t p = 0; p < d->page_count; p++)
    for (size_t i = 0; i < d->pages[p].count; i++) {
      const lf_item *item = &d->pages[p].items[i];
      if (item->kind == LF_ITEM_TEXT && item->len)
        used[item->face] = 1;
    }
  ctx->fonts = calloc(LF_FACE_COUNT, sizeof *ctx->fonts);
  ctx->resources = new_dict(ctx);
  HPDF_Dict font_names = HPDF_Dict_New(ctx->doc->mmgr);
  if (!ctx->fonts || !ctx->resources || !font_names ||
      HPDF_Dict_Add(ctx->resources, "Font", font_names) != HPDF_OK ||
      (ctx->spool && lf_pdf_fix(ctx, ctx->resources, LF_PDF_SPOOL_RESOURCES)))
    return lf_pdf_fail(ctx, "out of memory");
  for (int f = 0; f < LF_FACE_COUNT; f++) {
    ctx->face_font[f] = -1;
    if (!used[f])
      continue;
    const lf_font *face = lf_fontset_face(d->fonts, (lf_face)f);
    const char *path = lf_font_path(face);
    size_t k = 0;
    if (ctx->spool) {
      lf_pdf_font *font = &ctx->fonts[f];
      font->metrics = face;
      snprintf(font->resource, sizeof font->resource, "F%d", f + 1);
      font->dict = new_dict(ctx);
      if (!font->dict || lf_pdf_fix(ctx, font->dict, 0))
        return lf_pdf_fail(ctx, "creating font %s", path ? path : "?");
      ctx->face_font[f] = f;
      ctx->font_count = LF_FACE_COUNT;
      continue;
    }
    while (k < ctx->font_count &&
           ctx->fonts[k].metrics != face &&
           !(path && lf_font_path(ctx->fonts[k].metrics) &&
             strcmp(lf_font_path(ctx->fonts[k].metrics), path) == 0))
      k++;
    if (k == ctx->font_count) {
      lf_pdf_font *font = &ctx->fonts[k];
      font->metrics = face;
      snprintf(font->resource, sizeof font->resource, "F%zu", k + 1);
      font->dict = new_dict(ctx);
      if (!font->dict ||
          HPDF_Dict_Add(font_names, font->resource, font->dict) != HPDF_OK)
        return lf_pdf_fail(ctx, "creating font %s", path ? path : "?");
      ctx->font_count++;
    }
    ctx->face_font[f] = (int)k;
  }
  return lf_pdf_failed(ctx) ? lf_pdf_fail(ctx, "creating the fonts") : 0;
}

/*
 * 'lf_pdf_code()' - The code of 'cp': itself in the Basic Multilingual
 * Plane, else the code it was given, or the next free one (looked up in an
 * open hash of the characters given codes so far).
 */
int lf_pdf_code(lf_pdf_ctx *ctx, uint32_t cp) {
  lf_pdf_astral *astral = &ctx->astral;
  if (cp <= 0xFFFF)
    return (int)cp;
  size_t slot = ((uint32_t)(cp * 2654435761u) >> 20) & (LF_PDF_ASTRAL_SLOTS - 1);
  while (astral->slots[slot]) {
    size_t index = astral->slots[slot] - 1u;
    if (astral->chars[index] == cp)
      return (int)(LF_PDF_ASTRAL_FIRST + index);
    slot = (slot + 1) & (LF_PDF_ASTRAL_SLOTS - 1);
  }
  if (astral->count == LF_PDF_ASTRAL_MAX) {
    astral->overflow = 1;
    return lf_pdf_fail(ctx,
                       "the text holds more than %d different characters "
                       "beyond U+FFFF (U+%04X is one too many; expected at "
                       "most %d in one document)",
                       LF_PDF_ASTRAL_MAX, (unsigned)cp, LF_PDF_ASTRAL_MAX);
  }
  astral->chars[astral->count] = cp;
  astral->slots[slot] = (uint16_t)++astral->count;
  return (int)(LF_PDF_ASTRAL_FIRST + astral->count - 1);
}

/*
 * 'lf_pdf_char()' - The character a code shows.
 */
uint32_t lf_pdf_char(const lf_pdf_astral *astral, unsigned code) {
  if (code >= LF_PDF_ASTRAL_FIRST &&
      code - LF_PDF_ASTRAL_FIRST < astral->count)
    return astral->chars[code - LF_PDF_ASTRAL_FIRST];
  return code;
}

/*
 * 'subset_tag()' - Six capital letters naming this subset (ISO 32000-1,
 * 9.6.4): a hash of the font's name and the characters it shows, so that
 * the same text always gives the same tag.
 */
static void subset_tag(const char *name, const uint32_t *chars, size_t count,
                       char tag[7]) {
  uint64_t h = 0xCBF29CE484222325u;
  for (const char *p = name; *p; p++)
    h = (h ^ (unsigned char)*p) * 0x100000001B3u;
  for (size_t i = 0; i < count; i++) {
    if (chars[i] > 0xFFFF)
      h = (h ^ (chars[i] >> 16)) * 0x100000001B3u;
    h = (h ^ ((chars[i] >> 8) & 0xFF)) * 0x100000001B3u;
    h = (h ^ (chars[i] & 0xFF)) * 0x100000001B3u;
  }
  for (int i = 0; i < 6; i++) {
    tag[i] = (char)('A' + h % 26);
    h /= 26;
  }
  tag[6] = '\0';
}

/*
 * 'add_widths()' - /W: for each run of consecutive codes, the first code
 * and the advances of the run's characters, in 1/1000 em as the layout
 * measured them.
 */
static int add_widths(lf_pdf_ctx *ctx, HPDF_Dict cid_font,
                      const lf_font *metrics, const uint16_t *codes,
                      const uint32_t *chars, size_t count) {
  HPDF_MMgr mmgr = ctx->doc->mmgr;
  HPDF_Array widths = HPDF_Array_New(mmgr);
  if (!widths || HPDF_Dict_Add(cid_font, "W", widths) != HPDF_OK)
    return -1;
  HPDF_Array run = NULL;
  for (size_t i = 0; i < count; i++) {
    if (!run || codes[i] != codes[i - 1] + 1) {
      run = HPDF_Array_New(mmgr);
      if (HPDF_Array_AddNumber(widths, codes[i]) != HPDF_OK || !run ||
          HPDF_Array_Add(widths, run) != HPDF_OK)
        return -1;
    }
    if (HPDF_Array_AddNumber(run, lf_font_advance(metrics, chars[i])) !=
        HPDF_OK)
      return -1;
  }
  return 0;
}

/*
 * 'add_cid_to_gid()' - /CIDToGIDMap: two bytes per code up to the last one
 * shown, each the glyph in the subset (0 for codes not shown).
 */
static int add_cid_to_gid(lf_pdf_ctx *ctx, HPDF_Dict cid_font,
                          const uint16_t *codes, const uint16_t *glyphs,
                          size_t count) {
  size_t size = count ? 2 * ((size_t)codes[count - 1] + 1) : 2;
  unsigned char *map = calloc(size, 1);
  if (!map)
    return lf_pdf_fail(ctx, "out of memory");
  for (size_t i = 0; i < count; i++) {
    map[2 * (size_t)codes[i]] = (unsigned char)(glyphs[i] >> 8);
    map[2 * (size_t)codes[i] + 1] = (unsigned char)glyphs[i];
  }
  HPDF_Dict stream = lf_pdf_new_stream(ctx, map, size, 1);
  free(map);
  if (!stream || HPDF_Dict_Add(cid_font, "CIDToGIDMap", stream) != HPDF_OK)
    return -1;
  return 0;
}

/*
 * 'add_descriptor()' - The FontDescriptor with the subset as /FontFile2.
 */
static int add_descriptor(lf_pdf_ctx *ctx, HPDF_Dict cid_font,
                          const lf_font *metrics, const face_facts *facts,
                          const char *base_font,
                          const lf_font_subset *subset) {
  HPDF_MMgr mmgr = ctx->doc->mmgr;
  HPDF_Dict file = lf_pdf_new_stream(ctx, subset->data, subset->size, 1);
  HPDF_Dict descriptor = new_dict(ctx);
  HPDF_Array bbox = HPDF_Array_New(mmgr);
  if (!file || !descriptor || !bbox)
    return -1;
  HPDF_STATUS rc = HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)subset->size);
  rc += HPDF_Dict_AddName(descriptor, "Type", "FontDescriptor");
  rc += HPDF_Dict_AddName(descriptor, "FontName", base_font);
  rc += HPDF_Dict_AddNumber(descriptor, "Flags", facts->flags);
  rc += HPDF_Dict_Add(descriptor, "FontBBox", bbox);
  for (int i = 0; i < 4; i++)
    rc += HPDF_Array_AddNumber(bbox, facts->bbox[i]);
  rc += HPDF_Dict_AddNumber(descriptor, "ItalicAngle", facts->italic_angle);
  rc += HPDF_Dict_AddNumber(descriptor, "Ascent", lf_font_ascent(metrics));
  rc += HPDF_Dict_AddNumber(descriptor, "Descent", lf_font_descent(metrics));
  rc += HPDF_Dict_AddNumber(descriptor, "CapHeight",
                            lf_font_cap_height(metrics));
  if (facts->x_height > 0)
    rc += HPDF_Dict_AddNumber(descriptor, "XHeight", facts->x_height);
  rc += HPDF_Dict_AddNumber(descriptor, "StemV", facts->stem_v);
  rc += HPDF_Dict_Add(descriptor, "FontFile2", file);
  rc += HPDF_Dict_Add(cid_font, "FontDescriptor", descriptor);
  return rc == HPDF_OK ? 0 : -1;
}

/*
 * 'embed_font()' - Fill in one font's Type0 dictionary and everything
 * under it.
 */
static int embed_font(lf_pdf_ctx *ctx, lf_pdf_font *font, HPDF_Dict to_unicode) {
  HPDF_MMgr mmgr = ctx->doc->mmgr;
  size_t count = 0;
  for (size_t i = 0; i < sizeof font->used; i++)
    for (unsigned bits = font->used[i]; bits; bits &= bits - 1)
      count++;
  uint16_t *codes = malloc((count ? count : 1) * sizeof *codes);
  uint32_t *chars = malloc((count ? count : 1) * sizeof *chars);
  uint16_t *glyphs = malloc((count ? count : 1) * sizeof *glyphs);
  lf_font_subset subset = {NULL, 0, 0};
  char why[160];
  const char *path = lf_font_path(font->metrics);
  int rc = -1;

  if (!codes || !chars || !glyphs) {
    free(codes);
    free(chars);
    free(glyphs);
    return lf_pdf_fail(ctx, "out of memory");
  }
  count = 0;
  for (unsigned i = 0; i < sizeof font->used; i++)
    for (unsigned bits = font->used[i], bit = 0; bits; bits >>= 1, bit++)
      if (bits & 1) {
        codes[count] = (uint16_t)(i * 8 + bit);
        chars[count] = lf_pdf_char(&ctx->astral, codes[count]);
        count++;
      }
  face_facts facts;
  read_facts(font->metrics, &facts);
  char tag[7], base_font[80];
  subset_tag(facts.postscript_name, chars, count, tag);
  snprintf(base_font, sizeof base_font, "%s+%s", tag, facts.postscript_name);

  if (lf_font_subset_make(font->metrics, chars, count, 0, glyphs, &subset,
                          why, sizeof why)) {
    lf_pdf_fail(ctx, "subsetting font %s: %s", path ? path : "?", why);
    goto done;
  }
  HPDF_Dict cid_font = new_dict(ctx);
  HPDF_Dict system_info = HPDF_Dict_New(mmgr);
  HPDF_Array descendants = HPDF_Array_New(mmgr);
  if (!cid_font || !system_info || !descendants)
    goto failed;
  HPDF_STATUS status = HPDF_Dict_AddName(font->dict, "Type", "Font");
  status += HPDF_Dict_AddName(font->dict, "Subtype", "Type0");
  status += HPDF_Dict_AddName(font->dict, "BaseFont", base_font);
  status += HPDF_Dict_AddName(font->dict, "Encoding", "Identity-H");
  status += HPDF_Dict_Add(font->dict, "DescendantFonts", descendants);
  status += HPDF_Array_Add(descendants, cid_font);
  status += HPDF_Dict_Add(font->dict, "ToUnicode", to_unicode);
  status += HPDF_Dict_AddName(cid_font, "Type", "Font");
  status += HPDF_Dict_AddName(cid_font, "Subtype", "CIDFontType2");
  status += HPDF_Dict_AddName(cid_font, "BaseFont", base_font);
  status += HPDF_Dict_Add(cid_font, "CIDSystemInfo", system_info);
  status += HPDF_Dict_Add(system_info, "Registry",
                          HPDF_String_New(mmgr, "Adobe", NULL));
  status += HPDF_Dict_Add(system_info, "Ordering",
                          HPDF_String_New(mmgr, "Identity", NULL));
  status += HPDF_Dict_AddNumber(system_info, "Supplement", 0);
  if (status != HPDF_OK ||
      add_descriptor(ctx, cid_font, font->metrics, &facts, base_font,
                     &subset) ||
      add_widths(ctx, cid_font, font->metrics, codes, chars, count) ||
      add_cid_to_gid(ctx, cid_font, codes, glyphs, count) ||
      lf_pdf_failed(ctx))
    goto failed;
  rc = 0;
  goto done;
failed:
  lf_pdf_fail(ctx, "embedding font %s", path ? path : "?");
done:
  lf_font_subset_free(&subset);
  free(codes);
  free(chars);
  free(glyphs);
  return rc;
}

/*
 * 'lf_pdf_fonts_finish()' - Embed every font the document uses.  As a code
 * means the same character in each font, one ToUnicode CMap over the codes
 * any font shows serves them all.
 */
int lf_pdf_fonts_finish(lf_pdf_ctx *ctx) {
  unsigned char used[65536 / 8];
  lf_pdf_buf cmap = {NULL, 0, 0, 0};

  if (ctx->astral.overflow)
    return -1; /* the reason was recorded when it happened */
  if (!ctx->font_count)
    return 0;
  memset(used, 0, sizeof used);
  for (size_t k = 0; k < ctx->font_count; k++)
    for (size_t i = 0; i < sizeof used; i++)
      used[i] |= ctx->fonts[k].used[i];
  lf_pdf_to_unicode(&cmap, used, &ctx->astral);
  HPDF_Dict to_unicode =
      cmap.failed ? NULL : lf_pdf_new_stream(ctx, cmap.data, cmap.length, 1);
  lf_pdf_buf_free(&cmap);
  if (!to_unicode)
    return lf_pdf_fail(ctx, "writing the ToUnicode CMap");
  for (size_t k = 0; k < ctx->font_count; k++)
    if (embed_font(ctx, &ctx->fonts[k], to_unicode))
      return -1;
  return 0;
}
