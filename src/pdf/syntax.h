/*
 * syntax.h -- how PDF spells a number and a name (ISO 32000-1, 7.3), for
 * whatever writes PDF text into a byte buffer: page content, marked
 * content, ToUnicode maps, dictionaries the object layer writes itself.  The ground floor
 * of the PDF backend: it calls nothing else of it.
 */
#ifndef LEAFLET_PDF_SYNTAX_H
#define LEAFLET_PDF_SYNTAX_H

#include "leaflet/buffer.h"

/* Numbers in content streams: fixed point with five decimals. */
#define LF_PDF_FIXED_ONE 100000
#define LF_PDF_FIXED_DIGITS 5

/* Places on the page are written to LF_PDF_PLACE_ONE-ths of a point. */
#define LF_PDF_PLACE_ONE 100

/* 'lf_pdf_fixed()' - 'value' in units of 1/LF_PDF_FIXED_ONE, rounded. */
long lf_pdf_fixed(double value);

/* 'lf_pdf_place()' - A place on the page, 'pt' points, rounded to
 * 1/LF_PDF_PLACE_ONE pt, in units of 1/LF_PDF_FIXED_ONE. */
long lf_pdf_place(double pt);

/* 'lf_pdf_buf_number()' - Append a number given in units of
 * 1/LF_PDF_FIXED_ONE, in its shortest form. */
void lf_pdf_buf_number(lf_buf *buf, long fixed);

/* 'lf_pdf_buf_name()' - Append a PDF name ("/" and the escaped bytes). */
void lf_pdf_buf_name(lf_buf *buf, const char *name);

/* 'lf_pdf_buf_utf16()' - Append UTF-8 'text' as hexadecimal UTF-16BE
 * digits (surrogate pairs past U+FFFF), without the < and >; bytes that
 * are not UTF-8 are left out. */
void lf_pdf_buf_utf16(lf_buf *buf, const char *text, size_t len);

#endif
