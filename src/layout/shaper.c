/*
 * shaper.c -- HarfBuzz shaping with a cache of words (see shaper.h).
 *
 * Each word is shaped in a buffer of its own with its script, direction
 * and language set (never guessed), as hb-shape does with --script,
 * --direction and --language, and the font's default features.  The font
 * is scaled to its design units (fonts.c), so advances and offsets come out
 * in font units, exact, whatever size the text is set at.
 */
#include "leaflet/shaper.h"

#include <harfbuzz/hb.h>
#include <string.h>

/* The longest text shaped at once (HarfBuzz counts in unsigned int; a
 * paragraph is far shorter). */
#define SHAPE_MAX_BYTES ((size_t)64 << 20)

/*
 * 'shape_word()' - Shape with HarfBuzz and append the glyphs to 'out';
 * the 'before' bytes before 'text' and 'after' after it are context only
 * (joining across a change of face inside a word), not shaped.  Returns 0
 * or -1 (out of memory).
 */
static int shape_word(const lf_font *font, const char *text, size_t len, size_t before,
                      size_t after, lf_script_tag script, int rtl, const char *language,
                      lf_glyph_buf *out) {
  hb_buffer_t *buf = hb_buffer_create();
  if (!hb_buffer_allocation_successful(buf)) {
    hb_buffer_destroy(buf);
    return -1;
  }
  hb_buffer_add_utf8(buf, text - before, (int)(before + len + after), (int)before, (int)len);
  hb_buffer_set_direction(buf, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
  hb_buffer_set_script(buf, (hb_script_t)script);
  if (language && *language)
    hb_buffer_set_language(buf, hb_language_from_string(language, -1));
  hb_buffer_set_flags(buf, (before ? 0 : HB_BUFFER_FLAG_BOT) | (after ? 0 : HB_BUFFER_FLAG_EOT));
  hb_shape(lf_font_hb(font), buf, NULL, 0);
  unsigned count = 0;
  const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &count);
  const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
  int rc = hb_buffer_allocation_successful(buf) ? 0 : -1;
  if (rc == 0 && lf_glyph_buf_reserve(out, count) != 0)
    rc = -1;
  if (rc == 0) {
    for (unsigned i = 0; i < count; i++)
      out->items[out->count + i] = (lf_glyph){
          .id = info[i].codepoint, .cluster = info[i].cluster - (uint32_t)before,
          .advance = pos[i].x_advance, .x_offset = pos[i].x_offset,
          .y_offset = pos[i].y_offset};
    out->count += count;
  }
  hb_buffer_destroy(buf);
  return rc;
}

/*
 * 'lf_shape_in()' - A piece of a word shaped with the word around it as
 * context; never cached (a change of face inside a word is rare).
 */
int lf_shape_in(const lf_font *font, const char *text, size_t len, size_t before,
                size_t after, lf_script_tag script, int rtl, const char *language,
                lf_glyph_buf *out) {
  if (len > SHAPE_MAX_BYTES || before > SHAPE_MAX_BYTES || after > SHAPE_MAX_BYTES)
    return -1;
  if (len == 0)
    return 0;
  return shape_word(font, text, len, before, after, script, rtl, language, out);
}

/*
 * 'lf_shape()' - A word from the cache, or shaped and then kept.
 */
int lf_shape(lf_shape_cache *cache, const lf_font *font, const char *text,
             size_t len, lf_script_tag script, int rtl, const char *language,
             lf_glyph_buf *out) {
  if (len > SHAPE_MAX_BYTES)
    return -1;
  if (len == 0)
    return 0;
  lf_shape_key key = {font, text, len, script, rtl ? 1 : 0, language};
  int found = lf_shape_cache_get(cache, &key, out);
  if (found != 0)
    return found < 0 ? -1 : 0;
  size_t first = out->count;
  if (shape_word(font, text, len, 0, 0, script, rtl, language, out) != 0)
    return -1;
  lf_shape_cache_put(cache, &key, out->items + first, out->count - first);
  return 0;
}

/*
 * 'lf_script_of()' - HarfBuzz's Unicode script property of 'cp'.
 */
lf_script_tag lf_script_of(uint32_t cp) {
  return (lf_script_tag)hb_unicode_script(hb_unicode_funcs_get_default(), cp);
}

/*
 * 'lf_script_is_real()' - Not Common, Inherited or Unknown.
 */
int lf_script_is_real(lf_script_tag script) {
  return script != LF_SCRIPT_COMMON && script != LF_SCRIPT_INHERITED &&
         script != LF_SCRIPT_UNKNOWN && script != 0;
}
