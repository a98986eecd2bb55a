/*
 * pdf_internal.h -- what the files of the PDF backend share (src/pdf only).
 *
 * One 'lf_pdf_ctx' lives on the stack of each lf_pdf_render() call and holds
 * the libharu document, the first libharu error, the fonts in use with the
 * codes written in each, and the tagging state.  Nothing here is global.
 *
 * Every step returns 0, or -1 when it failed; a failure is either a libharu
 * error (held in the document, and in 'error_no' by the error handler) or a
 * reason of our own written into 'message'.
 */
#ifndef LEAFLET_PDF_INTERNAL_H
#define LEAFLET_PDF_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "leaflet/display.h"
#include "leaflet/fonts.h"

/* A font the document uses, with a bit per 16-bit code written in it. */
typedef struct lf_pdf_font {
  HPDF_Font font;
  const lf_font *metrics;        /* the face it was loaded from */
  unsigned char used[65536 / 8]; /* codes shown, for the ToUnicode CMap */
} lf_pdf_font;

/* libharu's UTF-8 decoder state (see lf_pdf_utf8_step()). */
typedef struct lf_pdf_utf8 {
  unsigned char bytes[4];
  int have, need; /* bytes held, and the count that completes a character */
} lf_pdf_utf8;

typedef struct lf_pdf_tags lf_pdf_tags;

typedef struct lf_pdf_ctx {
  const lf_display *display;
  HPDF_Doc doc;
  HPDF_STATUS error_no;     /* first error the handler saw, or 0 */
  HPDF_STATUS error_detail;
  char message[200];        /* a failure of our own, or "" */
  HPDF_Encoder utf8;        /* the UTF-8 encoder (for strings and titles) */
  int face_font[LF_FACE_COUNT]; /* index into 'fonts' per face, or -1 */
  lf_pdf_font *fonts;       /* one per distinct font file used */
  size_t font_count;
  HPDF_Page *pages;         /* one per display page */
  char *text;               /* NUL-terminated copy of a text item's bytes */
  size_t text_cap;
  lf_pdf_tags *tags;        /* NULL when the display has no elements */
} lf_pdf_ctx;

/* writer.c */

/* 'lf_pdf_failed()' - Whether libharu has reported an error so far. */
int lf_pdf_failed(lf_pdf_ctx *ctx);

/* 'lf_pdf_fail()' - Record a failure of our own; returns -1. */
int lf_pdf_fail(lf_pdf_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* 'lf_pdf_page_stream()' - The content stream libharu writes a page into. */
HPDF_Stream lf_pdf_page_stream(HPDF_Page page);

/* 'lf_pdf_write_raw()' - Write operators of our own into a content stream. */
int lf_pdf_write_raw(lf_pdf_ctx *ctx, HPDF_Stream stream, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* tounicode.c */

/* 'lf_pdf_utf8_step()' - Feed one byte to libharu's UTF-8 decoder; returns 1
 * and sets '*code' when the byte completes a character. */
int lf_pdf_utf8_step(lf_pdf_utf8 *state, unsigned char byte, uint16_t *code);

/* 'lf_pdf_note_codes()' - Mark the codes libharu writes for 'text'. */
void lf_pdf_note_codes(lf_pdf_font *font, const char *text);

/* 'lf_pdf_fix_fonts()' - Give every font a valid ToUnicode CMap and a
 * /CapHeight, once all text is written. */
int lf_pdf_fix_fonts(lf_pdf_ctx *ctx);

/* meta.c */

/* 'lf_pdf_write_info()' - The Info dictionary. */
int lf_pdf_write_info(lf_pdf_ctx *ctx);

/* 'lf_pdf_write_catalog()' - /Lang, /ViewerPreferences, page mode, XMP. */
int lf_pdf_write_catalog(lf_pdf_ctx *ctx);

/* 'lf_pdf_write_outline()' - Bookmarks from the display's outline. */
int lf_pdf_write_outline(lf_pdf_ctx *ctx);

/* 'lf_pdf_write_id()' - The trailer's /ID from the identifier and pages. */
int lf_pdf_write_id(lf_pdf_ctx *ctx);

/* tags.c */

/* 'lf_pdf_tags_begin()' - Create the structure elements (when any). */
int lf_pdf_tags_begin(lf_pdf_ctx *ctx);

/* 'lf_pdf_tags_open()' - Start the marked content of a painted item. */
int lf_pdf_tags_open(lf_pdf_ctx *ctx, size_t page_index, const lf_item *item);

/* 'lf_pdf_tags_close()' - End the marked content 'lf_pdf_tags_open()'
 * started. */
int lf_pdf_tags_close(lf_pdf_ctx *ctx, size_t page_index);

/* 'lf_pdf_tags_end_page()' - Record the page's MCID owners. */
int lf_pdf_tags_end_page(lf_pdf_ctx *ctx, size_t page_index);

/* 'lf_pdf_tags_link()' - Tie a link annotation to its Link element. */
int lf_pdf_tags_link(lf_pdf_ctx *ctx, size_t page_index, const lf_item *item,
                     HPDF_Annotation annot);

/* 'lf_pdf_tags_finish()' - The StructTreeRoot, ParentTree and MarkInfo. */
int lf_pdf_tags_finish(lf_pdf_ctx *ctx);

/* 'lf_pdf_tags_free()' - Free the tagging state (libharu objects stay). */
void lf_pdf_tags_free(lf_pdf_ctx *ctx);

#endif
