/*
 * tounicode.c -- repairs to libharu 2.3.0's Type0 fonts, made once all text
 * is written and before the document is saved:
 *
 *   - libharu's ToUnicode CMap says "begincidrange <0000> <FFFF> 0", which
 *     is no ToUnicode CMap at all (poppler warns, PDF/UA checkers fail it).
 *     The stream is created with the font (hpdf_font_cid.c, CreateCMap());
 *     we empty the same stream object and write a valid CMap into it that
 *     maps exactly the codes shown.  With the UTF-8 encoder the code shown
 *     is the character's Unicode value, so each mapping is the identity.
 *
 *   - the FontDescriptor lacks /CapHeight.  libharu builds the descriptor
 *     only in the font's before-write hook at save time; we run that hook
 *     ourselves (it does the work once and is a no-op the second time) and
 *     add /CapHeight to the descriptor it made.
 */
#include <string.h>

#include "pdf_internal.h"

/* Entries per bfchar/bfrange block (the CMap format's limit). */
enum { CMAP_BLOCK = 100 };

/*
 * 'lf_pdf_utf8_step()' - Decode UTF-8 exactly as libharu 2.3.0's UTF-8
 * encoder does (hpdf_encoder_utf.c), so that the codes we note are the
 * codes it writes: a byte below 0x80 is a character; a lead byte announces
 * 2, 3 or 4 bytes whose continuation bits are not checked; any other byte
 * in lead position is dropped; characters beyond U+FFFF become a space.
 */
int lf_pdf_utf8_step(lf_pdf_utf8 *state, unsigned char byte, uint16_t *code) {
  if (state->have == 0) {
    state->bytes[0] = byte;
    if (!(byte & 0x80)) {
      *code = byte;
      return 1;
    }
    if ((byte & 0xF8) == 0xF0)
      state->need = 4;
    else if ((byte & 0xF0) == 0xE0)
      state->need = 3;
    else if ((byte & 0xE0) == 0xC0)
      state->need = 2;
    else
      return 0; /* dropped */
    state->have = 1;
    return 0;
  }
  state->bytes[state->have++] = byte;
  if (state->have < state->need)
    return 0;
  state->have = 0;

  const unsigned char *b = state->bytes;
  unsigned long value;
  if (state->need == 4) /* libharu leaves the second byte unmasked */
    value = ((unsigned long)(b[0] & 0x07) << 18) + ((unsigned long)b[1] << 12) +
            ((unsigned long)(b[2] & 0x3F) << 6) + (b[3] & 0x3F);
  else if (state->need == 3)
    value = ((unsigned long)(b[0] & 0x0F) << 12) +
            ((unsigned long)(b[1] & 0x3F) << 6) + (b[2] & 0x3F);
  else
    value = ((unsigned long)(b[0] & 0x1F) << 6) + (b[1] & 0x3F);
  *code = (uint16_t)(value > 0xFFFF ? 0x20 : value);
  return 1;
}

/*
 * 'lf_pdf_note_codes()' - Mark every code libharu will write for one
 * NUL-terminated string shown in 'font'.
 */
void lf_pdf_note_codes(lf_pdf_font *font, const char *text) {
  lf_pdf_utf8 state = {{0}, 0, 0};
  uint16_t code;
  for (const unsigned char *p = (const unsigned char *)text; *p; p++)
    if (lf_pdf_utf8_step(&state, *p, &code))
      font->used[code >> 3] |= (unsigned char)(1u << (code & 7));
}

/*
 * 'is_used()' - Whether code 'c' was written and can be mapped (UTF-16
 * surrogates alone are no characters, so they are left out).
 */
static int is_used(const lf_pdf_font *font, unsigned c) {
  if (c >= 0xD800 && c <= 0xDFFF)
    return 0;
  return (font->used[c >> 3] >> (c & 7)) & 1;
}

/*
 * 'run_end()' - The last code of the run of used codes starting at 'c'
 * that stays within one high byte (a bfrange may only vary the last byte).
 */
static unsigned run_end(const lf_pdf_font *font, unsigned c) {
  unsigned end = c;
  while ((end & 0xFF) != 0xFF && is_used(font, end + 1))
    end++;
  return end;
}

/*
 * 'write_block()' - Write one bfchar or bfrange block of 'count' entries.
 */
static int write_block(HPDF_Stream stream, const char *kind,
                       const char *entries, unsigned count) {
  char head[40];
  if (!count)
    return 0;
  snprintf(head, sizeof head, "%u begin%s\n", count, kind);
  if (HPDF_Stream_WriteStr(stream, head) != HPDF_OK ||
      HPDF_Stream_WriteStr(stream, entries) != HPDF_OK)
    return -1;
  snprintf(head, sizeof head, "end%s\n", kind);
  return HPDF_Stream_WriteStr(stream, head) == HPDF_OK ? 0 : -1;
}

/*
 * 'write_mappings()' - Write the used codes as bfchar entries (single
 * codes) or bfrange entries (runs), 'ranges' choosing which, in blocks of
 * at most CMAP_BLOCK.
 */
static int write_mappings(HPDF_Stream stream, const lf_pdf_font *font,
                          int ranges) {
  char entries[CMAP_BLOCK * 24 + 1];
  size_t at = 0;
  unsigned count = 0;

  entries[0] = '\0';
  for (unsigned c = 0; c <= 0xFFFF; c++) {
    if (!(c & 7) && !font->used[c >> 3]) {
      c += 7; /* none of these eight codes was used */
      continue;
    }
    if (!is_used(font, c))
      continue;
    unsigned end = run_end(font, c);
    if (ranges && end > c)
      at += (size_t)snprintf(entries + at, sizeof entries - at,
                             "<%04X> <%04X> <%04X>\n", c, end, c);
    else if (!ranges && end == c)
      at += (size_t)snprintf(entries + at, sizeof entries - at,
                             "<%04X> <%04X>\n", c, c);
    else {
      c = end;
      continue;
    }
    c = end;
    if (++count == CMAP_BLOCK) {
      if (write_block(stream, ranges ? "bfrange" : "bfchar", entries, count))
        return -1;
      at = 0;
      count = 0;
      entries[0] = '\0';
    }
  }
  return write_block(stream, ranges ? "bfrange" : "bfchar", entries, count);
}

/*
 * 'write_to_unicode()' - Replace the contents of the font's ToUnicode
 * stream with a valid CMap over the codes used, and drop the entries
 * libharu gave its dictionary for an encoding CMap.
 */
static int write_to_unicode(lf_pdf_ctx *ctx, lf_pdf_font *font) {
  HPDF_FontAttr attr = (HPDF_FontAttr)font->font->attr;
  HPDF_Dict cmap = attr ? attr->cmap_stream : NULL;
  static const char *const stale_keys[] = {"Type", "CMapName", "CIDSystemInfo",
                                           "WMode"};
  static const char head[] =
      "/CIDInit /ProcSet findresource begin\n"
      "12 dict begin\n"
      "begincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n"
      "/CMapType 2 def\n"
      "1 begincodespacerange\n"
      "<0000> <FFFF>\n"
      "endcodespacerange\n";
  static const char tail[] =
      "endcmap\n"
      "CMapName currentdict /CMap defineresource pop\n"
      "end\n"
      "end\n";

  if (!cmap || !cmap->stream ||
      HPDF_Dict_GetItem(font->font, "ToUnicode", HPDF_OCLASS_DICT) != cmap)
    return lf_pdf_fail(ctx, "font %s has no ToUnicode stream to replace",
                       attr ? attr->fontdef->base_font : "?");
  HPDF_MemStream_FreeData(cmap->stream);
  for (size_t k = 0; k < sizeof stale_keys / sizeof *stale_keys; k++)
    HPDF_Dict_RemoveElement(cmap, stale_keys[k]);
  if (HPDF_Stream_WriteStr(cmap->stream, head) != HPDF_OK ||
      write_mappings(cmap->stream, font, 0) ||
      write_mappings(cmap->stream, font, 1) ||
      HPDF_Stream_WriteStr(cmap->stream, tail) != HPDF_OK ||
      lf_pdf_failed(ctx))
    return lf_pdf_fail(ctx, "writing the ToUnicode CMap of %s",
                       attr->fontdef->base_font);
  return 0;
}

/*
 * 'add_cap_height()' - Have libharu build the font's descriptor now (its
 * before-write hook does that once) and give it /CapHeight in the same
 * units as /Ascent: the font's own value (OS/2) when it has one, else the
 * top of 'H' that libharu measured.
 */
static int add_cap_height(lf_pdf_ctx *ctx, lf_pdf_font *font) {
  HPDF_FontAttr attr = (HPDF_FontAttr)font->font->attr;
  HPDF_FontDef def = attr->fontdef;

  if (!def->descriptor) {
    if (!font->font->before_write_fn ||
        font->font->before_write_fn(font->font) != HPDF_OK || !def->descriptor)
      return lf_pdf_fail(ctx, "building the font descriptor of %s",
                         def->base_font);
  }
  int cap = font->metrics ? lf_font_cap_height(font->metrics) : 0;
  if (cap <= 0)
    cap = def->cap_height;
  if (HPDF_Dict_AddNumber(def->descriptor, "CapHeight", cap) != HPDF_OK ||
      lf_pdf_failed(ctx))
    return lf_pdf_fail(ctx, "adding /CapHeight to %s", def->base_font);
  return 0;
}

/*
 * 'lf_pdf_fix_fonts()' - Repair every font the document uses.
 */
int lf_pdf_fix_fonts(lf_pdf_ctx *ctx) {
  for (size_t k = 0; k < ctx->font_count; k++)
    if (write_to_unicode(ctx, &ctx->fonts[k]) ||
        add_cap_height(ctx, &ctx->fonts[k]))
      return -1;
  return 0;
}
