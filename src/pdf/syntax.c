/*
 * syntax.c -- numbers, names and UTF-16 text as PDF writes them (see
 * syntax.h).
 */
#include "syntax.h"

#include <stdint.h>
#include <string.h>

#include "leaflet/utf8.h"

/*
 * 'lf_pdf_fixed()' - A number in units of 1/LF_PDF_FIXED_ONE, rounded half
 * away from zero.  Coordinates, sizes and colours are written to five
 * decimals, as libharu writes them: positions then land exactly where they
 * did when libharu wrote the page (a renderer draws the same pixels).
 */
long lf_pdf_fixed(double value) {
  double scaled = value * LF_PDF_FIXED_ONE;
  return (long)(scaled < 0 ? scaled - 0.5 : scaled + 0.5);
}

/*
 * 'lf_pdf_place()' - A place on the page (a coordinate, a width) rounded
 * to 1/LF_PDF_PLACE_ONE pt, 3.5 micrometres, finer than any printer puts
 * a dot, in units of 1/LF_PDF_FIXED_ONE.  Five decimals of a point were
 * a quarter of every page's compressed text positions (Td) and outlines.
 * Scales, colours, line widths and font sizes keep the five decimals.
 */
long lf_pdf_place(double pt) {
  double scaled = pt * LF_PDF_PLACE_ONE;
  long places = (long)(scaled < 0 ? scaled - 0.5 : scaled + 0.5);
  return places * (LF_PDF_FIXED_ONE / LF_PDF_PLACE_ONE);
}

/*
 * 'lf_pdf_buf_number()' - Append a number given in units of
 * 1/LF_PDF_FIXED_ONE in its shortest form: "12", "-0.5", "104.88189".
 */
void lf_pdf_buf_number(lf_buf *buf, long fixed) {
  char text[40], *p = text + sizeof text;
  unsigned long magnitude = fixed < 0 ? 0ul - (unsigned long)fixed
                                      : (unsigned long)fixed;
  unsigned long fraction = magnitude % LF_PDF_FIXED_ONE;
  unsigned long whole = magnitude / LF_PDF_FIXED_ONE;
  if (fraction) {
    int digits = LF_PDF_FIXED_DIGITS;
    while (fraction % 10 == 0) {
      fraction /= 10;
      digits--;
    }
    for (int i = 0; i < digits; i++) {
      *--p = (char)('0' + fraction % 10);
      fraction /= 10;
    }
    *--p = '.';
  }
  do {
    *--p = (char)('0' + whole % 10);
    whole /= 10;
  } while (whole);
  if (fixed < 0)
    *--p = '-';
  lf_buf_put(buf, p, (size_t)(text + sizeof text - p));
}

/*
 * 'lf_pdf_buf_name()' - Append "/name", with '#xx' for the bytes a PDF
 * name may not hold as they are.
 */
void lf_pdf_buf_name(lf_buf *buf, const char *name) {
  static const char hex[] = "0123456789ABCDEF";
  lf_buf_put(buf, "/", 1);
  for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
    if (*p < 0x21 || *p > 0x7E || strchr("#()<>[]{}/%", *p)) {
      char escaped[3] = {'#', hex[*p >> 4], hex[*p & 15]};
      lf_buf_put(buf, escaped, 3);
    } else {
      lf_buf_put(buf, p, 1);
    }
  }
}

/*
 * 'lf_pdf_buf_utf16()' - Append 'text' as hexadecimal UTF-16BE, for a
 * text string or a ToUnicode map; bytes that are not UTF-8 are left out.
 */
void lf_pdf_buf_utf16(lf_buf *buf, const char *text, size_t len) {
  for (const char *at = text, *end = text + len; at < end;) {
    int32_t cp = lf_utf8_next(&at, end);
    if (cp < 0)
      continue;
    if (cp > 0xFFFF) {
      uint32_t v = (uint32_t)cp - 0x10000;
      lf_buf_printf(buf, "%04X%04X", (unsigned)(0xD800 + (v >> 10)),
                    (unsigned)(0xDC00 + (v & 0x3FF)));
    } else {
      lf_buf_printf(buf, "%04X", (unsigned)cp);
    }
  }
}
