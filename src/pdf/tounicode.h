/*
 * tounicode.h -- the ToUnicode CMap of a font (tounicode.c): each code the
 * font has shown mapped to the text of its glyph (codes.h); one CMap may
 * serve several fonts whose codes agree (a character shown by its own
 * glyph is its own code in every font).
 */
#ifndef LEAFLET_PDF_TOUNICODE_H
#define LEAFLET_PDF_TOUNICODE_H

#include "codes.h"
#include "leaflet/buffer.h"

/*
 * 'lf_pdf_to_unicode()' - A ToUnicode CMap mapping every code of the
 * 'count' tables 'tables' to its text, in UTF-16 (a code with no text to
 * U+034F COMBINING GRAPHEME JOINER, which reads as nothing).  Returns 0, or -1 when two tables give one
 * code different texts (then nothing is written: each font needs its
 * own).  'out' is marked failed when out of memory.
 */
int lf_pdf_to_unicode(lf_buf *out, const lf_pdf_codes *const *tables, size_t count);

#endif
