/*
 * embed.c -- the document's fonts (embed.h), written by the backend itself
 * rather than by libharu's TrueType support (which parses the whole file
 * for each document, searches its cmap linearly for all 65,536 codes,
 * writes a 128 KB CIDToGIDMap and embeds every table but the unused
 * outlines).
 *
 * Each font becomes a Type0 font with the Identity-H encoding: the code
 * shown is the character's Unicode value, or for a character beyond U+FFFF
 * a code from the surrogates (codes.h).  A code means the same character
 * in every font, so one ToUnicode CMap (tounicode.c) serves them all.  Its
 * descendant is a CIDFontType2 whose font program is a subset with only
 * the glyphs shown (subset.c); /CIDToGIDMap maps each code to its glyph in
 * the subset, /W gives each code its advance exactly as the layout
 * measured it (fonts.h), and the descriptor has /CapHeight and /XHeight.
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
  for (int f = 0; f < LF_FACE_COUNT; f++)
    fonts->face_font[f] = -1;
  return fonts;
}

/* 'lf_pdf_fonts_free()' - Free a font state (the objects are the
 * document's). */
void lf_pdf_fonts_free(lf_pdf_fonts *fonts) { free(fonts); }

/*
 * 'lf_pdf_fonts_use()' - A font for each face the text items use that has
 * none yet.  Named per file: faces of the same font file share one, named
 * F1, F2 ... in face order.  Named per face: face f is font f, "F<f+1>",
 * whatever the display, so that every part of a spool names it alike.
 */
int lf_pdf_fonts_use(lf_pdf_fonts *fonts, const lf_display *d, lf_pdf_doc *doc) {
  int used[LF_FACE_COUNT] = {0};

  for (size_t p = 0; p < d->page_count; p++)
    for (size_t i = 0; i < d->pages[p].count; i++) {
      const lf_item *item = &d->pages[p].items[i];
      if (item->kind == LF_ITEM_TEXT && item->len)
        used[item->face] = 1;
    }
  for (int f = 0; f < LF_FACE_COUNT; f++) {
    if (!used[f] || fonts->face_font[f] >= 0)
      continue;
    const lf_font *face = lf_fontset_face(fonts->set, (lf_face)f);
    if (!face)
      return lf_pdf_fail(doc, "no font for face %d", f);
    const char *path = lf_font_path(face);
    size_t k = 0;
    if (fonts->naming == LF_PDF_FONT_PER_FACE) {
      k = (size_t)f;
      fonts->font_count = LF_FACE_COUNT;
    } else {
      while (k < fonts->font_count && fonts->fonts[k].metrics != face &&
             !(path && lf_font_path(fonts->fonts[k].metrics) &&
               strcmp(lf_font_path(fonts->fonts[k].metrics), path) == 0))
        k++;
      if (k == fonts->font_count)
        fonts->font_count++;
    }
    lf_pdf_font *font = &fonts->fonts[k];
    if (!font->metrics) {
      font->metrics = face;
      snprintf(font->resource, sizeof font->resource, "F%zu", k + 1);
    }
    fonts->face_font[f] = (int)k;
  }
  return 0;
}

/*
 * 'lf_pdf_fonts_show()' - The code of 'cp', noted as shown in the font.
 */
int lf_pdf_fonts_show(lf_pdf_fonts *fonts, int index, uint32_t cp) {
  int code = lf_pdf_code(&fonts->astral, cp);
  if (code >= 0)
    fonts->fonts[index].used[code >> 3] |= (unsigned char)(1u << (code & 7));
  return code;
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

/*
 * 'subset_tag()' - Six capital letters naming this subset (ISO 32000-1,
 * 9.6.4): an FNV-1a hash of the font's name and the characters it shows
 * (their bytes, high to low, leaving out the zero top byte of those up to
 * U+FFFF), so that the same text always gives the same tag.
 */
static void subset_tag(const char *name, const uint32_t *chars, size_t count,
                       char tag[7]) {
  uint64_t h = lf_fnv(LF_FNV_OFFSET, name, strlen(name));
  for (size_t i = 0; i < count; i++) {
    if (chars[i] > 0xFFFF)
      h = lf_fnv_step(h, chars[i] >> 16);
    h = lf_fnv_step(h, (chars[i] >> 8) & 0xFF);
    h = lf_fnv_step(h, chars[i] & 0xFF);
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
static int add_widths(lf_pdf_doc *doc, lf_pdf_obj *cid_font,
                      const lf_font *metrics, const uint16_t *codes,
                      const uint32_t *chars, size_t count) {
  lf_pdf_obj *widths = lf_pdf_array(doc);
  if (!widths || lf_pdf_dict_put(cid_font, "W", widths))
    return -1;
  lf_pdf_obj *run = NULL;
  for (size_t i = 0; i < count; i++) {
    if (!run || codes[i] != codes[i - 1] + 1) {
      run = lf_pdf_array(doc);
      if (lf_pdf_array_int(widths, codes[i]) || !run ||
          lf_pdf_array_put(widths, run))
        return -1;
    }
    if (lf_pdf_array_int(run, lf_font_advance(metrics, chars[i])))
      return -1;
  }
  return 0;
}

/*
 * 'add_cid_to_gid()' - /CIDToGIDMap: two bytes per code up to the last one
 * shown, each the glyph in the subset (0 for codes not shown).
 */
static int add_cid_to_gid(lf_pdf_doc *doc, lf_pdf_obj *cid_font,
                          const uint16_t *codes, const uint16_t *glyphs,
                          size_t count) {
  size_t size = count ? 2 * ((size_t)codes[count - 1] + 1) : 2;
  unsigned char *map = calloc(size, 1);
  if (!map)
    return lf_pdf_fail(doc, "out of memory");
  for (size_t i = 0; i < count; i++)
    lf_be16_set(map + 2 * (size_t)codes[i], glyphs[i]);
  lf_pdf_obj *stream = lf_pdf_stream(doc, map, size, 1);
  free(map);
  if (!stream || lf_pdf_dict_put(cid_font, "CIDToGIDMap", stream))
    return -1;
  return 0;
}

/*
 * 'add_descriptor()' - The FontDescriptor with the subset as /FontFile2.
 */
static int add_descriptor(lf_pdf_doc *doc, lf_pdf_obj *cid_font,
                          const lf_font *metrics, const face_facts *facts,
                          const char *base_font,
                          const lf_font_subset *subset) {
  lf_pdf_obj *file = lf_pdf_stream(doc, subset->data, subset->size, 1);
  lf_pdf_obj *descriptor = lf_pdf_indirect_dict(doc);
  lf_pdf_obj *bbox = lf_pdf_array(doc);
  if (!file || !descriptor || !bbox)
    return -1;
  int rc = lf_pdf_dict_int(file, "Length1", (long)subset->size);
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
  rc |= lf_pdf_dict_put(descriptor, "FontFile2", file);
  rc |= lf_pdf_dict_put(cid_font, "FontDescriptor", descriptor);
  return rc;
}

/*
 * 'embed_font()' - Fill in one font's Type0 dictionary and everything
 * under it.
 */
static int embed_font(lf_pdf_doc *doc, const lf_pdf_astral *astral,
                      lf_pdf_font *font, lf_pdf_obj *to_unicode) {
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
    return lf_pdf_fail(doc, "out of memory");
  }
  if (embedding_forbidden(font->metrics, why, sizeof why)) {
    lf_pdf_fail(doc, "embedding font %s: %s", path ? path : "?", why);
    goto done;
  }
  count = 0;
  for (unsigned i = 0; i < sizeof font->used; i++)
    for (unsigned bits = font->used[i], bit = 0; bits; bits >>= 1, bit++)
      if (bits & 1) {
        codes[count] = (uint16_t)(i * 8 + bit);
        chars[count] = lf_pdf_char(astral, codes[count]);
        count++;
      }
  face_facts facts;
  read_facts(font->metrics, &facts);
  char tag[7], base_font[80];
  subset_tag(facts.postscript_name, chars, count, tag);
  snprintf(base_font, sizeof base_font, "%s+%s", tag, facts.postscript_name);

  if (lf_font_subset_make(font->metrics, chars, count, 0, glyphs, &subset,
                          why, sizeof why)) {
    lf_pdf_fail(doc, "subsetting font %s: %s", path ? path : "?", why);
    goto done;
  }
  lf_pdf_obj *cid_font = lf_pdf_indirect_dict(doc);
  lf_pdf_obj *system_info = lf_pdf_dict(doc);
  lf_pdf_obj *descendants = lf_pdf_array(doc);
  if (!cid_font || !system_info || !descendants)
    goto failed;
  int status = lf_pdf_dict_name(font->dict, "Type", "Font");
  status |= lf_pdf_dict_name(font->dict, "Subtype", "Type0");
  status |= lf_pdf_dict_name(font->dict, "BaseFont", base_font);
  status |= lf_pdf_dict_name(font->dict, "Encoding", "Identity-H");
  status |= lf_pdf_dict_put(font->dict, "DescendantFonts", descendants);
  status |= lf_pdf_array_put(descendants, cid_font);
  status |= lf_pdf_dict_put(font->dict, "ToUnicode", to_unicode);
  status |= lf_pdf_dict_name(cid_font, "Type", "Font");
  status |= lf_pdf_dict_name(cid_font, "Subtype", "CIDFontType2");
  status |= lf_pdf_dict_name(cid_font, "BaseFont", base_font);
  status |= lf_pdf_dict_put(cid_font, "CIDSystemInfo", system_info);
  status |= lf_pdf_dict_put(system_info, "Registry", lf_pdf_string(doc, "Adobe"));
  status |= lf_pdf_dict_put(system_info, "Ordering", lf_pdf_string(doc, "Identity"));
  status |= lf_pdf_dict_int(system_info, "Supplement", 0);
  if (status ||
      add_descriptor(doc, cid_font, font->metrics, &facts, base_font, &subset) ||
      add_widths(doc, cid_font, font->metrics, codes, chars, count) ||
      add_cid_to_gid(doc, cid_font, codes, glyphs, count) || lf_pdf_failed(doc))
    goto failed;
  rc = 0;
  goto done;
failed:
  lf_pdf_fail(doc, "embedding font %s", path ? path : "?");
done:
  lf_font_subset_free(&subset);
  free(codes);
  free(chars);
  free(glyphs);
  return rc;
}

/*
 * 'lf_pdf_fonts_embed()' - Embed every font in use.  As a code means the
 * same character in each font, one ToUnicode CMap over the codes any font
 * shows serves them all.
 */
int lf_pdf_fonts_embed(lf_pdf_fonts *fonts, lf_pdf_doc *doc) {
  unsigned char used[65536 / 8];
  lf_buf cmap = {NULL, 0, 0, 0};
  size_t in_use = 0;

  if (fonts->astral.overflow)
    return -1; /* the reason was recorded when it happened */
  memset(used, 0, sizeof used);
  for (size_t k = 0; k < fonts->font_count; k++) {
    if (!fonts->fonts[k].metrics)
      continue;
    in_use++;
    for (size_t i = 0; i < sizeof used; i++)
      used[i] |= fonts->fonts[k].used[i];
  }
  if (!in_use)
    return 0;
  lf_pdf_to_unicode(&cmap, used, &fonts->astral);
  lf_pdf_obj *to_unicode =
      cmap.failed ? NULL : lf_pdf_stream(doc, cmap.data, cmap.length, 1);
  lf_buf_free(&cmap);
  if (!to_unicode)
    return lf_pdf_fail(doc, "writing the ToUnicode CMap");
  for (size_t k = 0; k < fonts->font_count; k++)
    if (fonts->fonts[k].metrics &&
        embed_font(doc, &fonts->astral, &fonts->fonts[k], to_unicode))
      return -1;
  return 0;
}
