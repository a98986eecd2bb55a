/*
 * tounicode.h -- the ToUnicode CMap the fonts of a document share
 * (tounicode.c).
 */
#ifndef LEAFLET_PDF_TOUNICODE_H
#define LEAFLET_PDF_TOUNICODE_H

#include "codes.h"
#include "leaflet/buffer.h"

/* 'lf_pdf_to_unicode()' - A ToUnicode CMap that maps every code marked in
 * 'used' to the character it shows: itself, or for a code of 'astral' its
 * character as a UTF-16 surrogate pair. */
void lf_pdf_to_unicode(lf_buf *out, const unsigned char used[65536 / 8],
                       const lf_pdf_astral *astral);

#endif
