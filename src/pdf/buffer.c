/*
 * buffer.c -- the growing byte buffer the PDF backend writes content
 * streams, CMaps and the file itself into, and the number and name forms it
 * writes them with.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_internal.h"

/*
 * 'lf_pdf_buf_room()' - Make room for 'more' bytes at the end; returns a
 * pointer to them, or NULL (and the buffer marked failed) when out of
 * memory.
 */
unsigned char *lf_pdf_buf_room(lf_pdf_buf *buf, size_t more) {
  if (buf->failed)
    return NULL;
  if (more > buf->cap - buf->length) {
    size_t cap = buf->cap ? buf->cap : 1024;
    while (cap - buf->length < more) {
      if (cap > ((size_t)-1) / 2) {
        buf->failed = 1;
        return NULL;
      }
      cap *= 2;
    }
    unsigned char *data = realloc(buf->data, cap);
    if (!data) {
      buf->failed = 1;
      return NULL;
    }
    buf->data = data;
    buf->cap = cap;
  }
  return buf->data + buf->length;
}

/* 'lf_pdf_buf_put()' - Append 'size' bytes. */
void lf_pdf_buf_put(lf_pdf_buf *buf, const void *data, size_t size) {
  unsigned char *at = lf_pdf_buf_room(buf, size);
  if (at && size) {
    memcpy(at, data, size);
    buf->length += size;
  }
}

/* 'lf_pdf_buf_str()' - Append a NUL-terminated string. */
void lf_pdf_buf_str(lf_pdf_buf *buf, const char *text) {
  lf_pdf_buf_put(buf, text, strlen(text));
}

/* 'lf_pdf_buf_printf()' - Append formatted text. */
void lf_pdf_buf_printf(lf_pdf_buf *buf, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    buf->failed = 1;
    return;
  }
  if ((size_t)n < sizeof small) {
    lf_pdf_buf_put(buf, small, (size_t)n);
    return;
  }
  unsigned char *at = lf_pdf_buf_room(buf, (size_t)n + 1);
  if (!at)
    return;
  va_start(ap, fmt);
  vsnprintf((char *)at, (size_t)n + 1, fmt, ap);
  va_end(ap);
  buf->length += (size_t)n;
}

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
 * 'lf_pdf_buf_number()' - Append a number given in units of
 * 1/LF_PDF_FIXED_ONE in its shortest form: "12", "-0.5", "104.88189".
 */
void lf_pdf_buf_number(lf_pdf_buf *buf, long fixed) {
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
  lf_pdf_buf_put(buf, p, (size_t)(text + sizeof text - p));
}

/*
 * 'lf_pdf_buf_name()' - Append "/name", with '#xx' for the bytes a PDF
 * name may not hold as they are.
 */
void lf_pdf_buf_name(lf_pdf_buf *buf, const char *name) {
  static const char hex[] = "0123456789ABCDEF";
  lf_pdf_buf_put(buf, "/", 1);
  for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
    if (*p < 0x21 || *p > 0x7E || strchr("#()<>[]{}/%", *p)) {
      char escaped[3] = {'#', hex[*p >> 4], hex[*p & 15]};
      lf_pdf_buf_put(buf, escaped, 3);
    } else {
      lf_pdf_buf_put(buf, p, 1);
    }
  }
}

/* 'lf_pdf_buf_free()' - Free the bytes and empty the buffer. */
void lf_pdf_buf_free(lf_pdf_buf *buf) {
  free(buf->data);
  memset(buf, 0, sizeof *buf);
}
