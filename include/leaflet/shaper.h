/*
 * shaper.h -- text to glyphs: HarfBuzz, driven the way hb-shape drives it.
 *
 * A run of UTF-8 text in one face, script, direction and language becomes
 * glyph ids with advances and offsets in the font's design units, and
 * clusters that say which bytes of the text each glyph came from
 * (shapecache.h describes a glyph).  HarfBuzz's default features are on:
 * kerning, mark positioning, ligatures and the font's own forms for the
 * script (Arabic joining, Indic conjuncts and reordering ...).  Shaped
 * words are kept in the cache of the font set they were shaped for, which
 * the documents of a run share.
 *
 * Scripts are ISO 15924 tags as HarfBuzz spells them (LF_SCRIPT_TAG('A',
 * 'r', 'a', 'b') is hb_script_t HB_SCRIPT_ARABIC), so that layout needs no
 * HarfBuzz header.
 */
#ifndef LEAFLET_SHAPER_H
#define LEAFLET_SHAPER_H

#include <stddef.h>
#include <stdint.h>

#include "leaflet/fonts.h"
#include "leaflet/shapecache.h"

typedef uint32_t lf_script_tag;

#define LF_SCRIPT_TAG(a, b, c, d)                                              \
  ((lf_script_tag)(((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) |            \
                   ((uint32_t)(c) << 8) | (uint32_t)(d)))

#define LF_SCRIPT_COMMON LF_SCRIPT_TAG('Z', 'y', 'y', 'y')
#define LF_SCRIPT_INHERITED LF_SCRIPT_TAG('Z', 'i', 'n', 'h')
#define LF_SCRIPT_UNKNOWN LF_SCRIPT_TAG('Z', 'z', 'z', 'z')
#define LF_SCRIPT_LATIN LF_SCRIPT_TAG('L', 'a', 't', 'n')
#define LF_SCRIPT_ARABIC LF_SCRIPT_TAG('A', 'r', 'a', 'b')
#define LF_SCRIPT_HAN LF_SCRIPT_TAG('H', 'a', 'n', 'i')
#define LF_SCRIPT_DEVANAGARI LF_SCRIPT_TAG('D', 'e', 'v', 'a')

/*
 * 'lf_shape()' - Shape 'len' bytes of UTF-8 'text' in 'font' and append the
 * glyphs to 'out', clusters counted from 'text'.  'rtl' shapes right to left
 * (the glyphs still come out left to right: see lf_glyph).  'language' is
 * a BCP 47 tag or NULL.  The word is looked up in, and added to, 'cache'
 * (which may be NULL).  Returns 0, or -1 when out of memory or the text is
 * too long to shape (over 64 MiB).
 */
int lf_shape(lf_shape_cache *cache, const lf_font *font, const char *text,
             size_t len, lf_script_tag script, int rtl, const char *language,
             lf_glyph_buf *out);

/*
 * 'lf_shape_in()' - As lf_shape(), uncached, for a piece of a word whose
 * neighbours inside the word are in another face (a bold stretch inside an
 * Arabic word): the 'before' bytes before 'text' and the 'after' bytes
 * after it are given to HarfBuzz as context, not shaped, so that letters
 * join across the change as they do in the unbroken word.
 */
int lf_shape_in(const lf_font *font, const char *text, size_t len, size_t before,
                size_t after, lf_script_tag script, int rtl, const char *language,
                lf_glyph_buf *out);

/* 'lf_script_of()' - The Unicode script of 'cp' (LF_SCRIPT_COMMON for
 * spaces, digits and most punctuation, LF_SCRIPT_INHERITED for combining
 * marks). */
lf_script_tag lf_script_of(uint32_t cp);

/* 'lf_script_is_real()' - Whether a script names a writing system (not
 * Common, Inherited or Unknown): one whose runs need its own font. */
int lf_script_is_real(lf_script_tag script);

#endif
