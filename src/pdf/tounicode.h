/*
 * tounicode.h -- the ToUnicode CMap of a font (tounicode.c): each code the
 * font has shown mapped to the text of its glyph (codes.h).
 */
#ifndef LEAFLET_PDF_TOUNICODE_H
#define LEAFLET_PDF_TOUNICODE_H

#include "codes.h"
#include "leaflet/buffer.h"

/* 'lf_pdf_to_unicode()' - A ToUnicode CMap mapping every code of 'codes'
 * that has text to that text, in UTF-16 (a code with no text is left
 * out). */
void lf_pdf_to_unicode(lf_buf *out, const lf_pdf_codes *codes);

#endif
