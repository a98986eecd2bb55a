/*
 * truetype.h -- TrueType outline records ('loca' offsets and 'glyf'
 * composite components), read by the layout's font checker (fonts.c) and
 * the PDF backend's subsetter (subset.c), so that both read a glyph the
 * same way.
 *
 * The caller checks that 'loca' holds the font's glyph count plus one
 * offsets.
 */
#ifndef LEAFLET_TRUETYPE_H
#define LEAFLET_TRUETYPE_H

#include <stddef.h>

#include "leaflet/bytes.h"

/* Component flags of a composite glyph (OpenType 'glyf'). */
enum {
  LF_GLYF_ARG_1_AND_2_ARE_WORDS = 0x0001,
  LF_GLYF_ARGS_ARE_XY_VALUES = 0x0002,
  LF_GLYF_WE_HAVE_A_SCALE = 0x0008,
  LF_GLYF_MORE_COMPONENTS = 0x0020,
  LF_GLYF_WE_HAVE_AN_X_AND_Y_SCALE = 0x0040,
  LF_GLYF_WE_HAVE_A_TWO_BY_TWO = 0x0080
};

/*
 * 'lf_loca_range()' - Where glyph 'g' lies in a 'glyf' table of
 * 'glyf_length' bytes, by 'loca' (long offsets when 'long_loca'): sets
 * '*start' and '*end'.  Returns 0, or -1 when loca puts it outside glyf.
 */
static inline int lf_loca_range(const unsigned char *loca, int long_loca, size_t glyf_length,
                                unsigned g, size_t *start, size_t *end) {
  if (long_loca) {
    *start = lf_be32(loca + 4 * (size_t)g);
    *end = lf_be32(loca + 4 * (size_t)g + 4);
  } else {
    *start = 2 * (size_t)lf_be16(loca + 2 * (size_t)g);
    *end = 2 * (size_t)lf_be16(loca + 2 * (size_t)g + 2);
  }
  return *start <= *end && *end <= glyf_length ? 0 : -1;
}

/*
 * 'lf_component_length()' - The bytes of the composite glyph's component
 * record at 'p' (flags, glyph index, arguments and transform), or 0 when
 * it runs past 'end'.
 */
static inline size_t lf_component_length(const unsigned char *p, const unsigned char *end) {
  if (end - p < 4)
    return 0;
  unsigned flags = lf_be16(p);
  size_t n = 4 + ((flags & LF_GLYF_ARG_1_AND_2_ARE_WORDS) ? 4 : 2);
  if (flags & LF_GLYF_WE_HAVE_A_SCALE)
    n += 2;
  else if (flags & LF_GLYF_WE_HAVE_AN_X_AND_Y_SCALE)
    n += 4;
  else if (flags & LF_GLYF_WE_HAVE_A_TWO_BY_TWO)
    n += 8;
  return (size_t)(end - p) >= n ? n : 0;
}

#endif
