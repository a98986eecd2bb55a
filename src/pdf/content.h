/*
 * content.h -- page content (content.c): a display list's pages drawn as
 * PDF pages, their content streams written by the backend itself, their
 * links as annotations, tagged as the structure tree says (tags.h) and
 * shown in the document's fonts (embed.h).
 */
#ifndef LEAFLET_PDF_CONTENT_H
#define LEAFLET_PDF_CONTENT_H

#include <stddef.h>

#include "embed.h"
#include "glyphs.h"
#include "images.h"
#include "leaflet/buffer.h"
#include "leaflet/display.h"
#include "meta.h"
#include "objects.h"
#include "tags.h"

/* What the content stream being written has set, so that unchanged
 * settings are not written again; -1 means not known yet. */
typedef struct lf_pdf_state {
  int font;                 /* index into the fonts */
  long font_size;           /* in 1/LF_PDF_FIXED_ONE pt */
  long fill, stroke;        /* 0xRRGGBB */
  long line_width;          /* in 1/LF_PDF_FIXED_ONE pt */
  long rise;                /* text rise (Ts), in 1/LF_PDF_FIXED_ONE pt */
  int in_text;              /* a text object (BT) is open */
  int text_element;         /* the element its text items belong to */
  long text_x, text_y;      /* where its last Td put the line's start */
} lf_pdf_state;

/* What drawing a display list's pages works with. */
typedef struct lf_pdf_painter {
  lf_pdf_doc *doc;
  const lf_display *display;
  lf_pdf_fonts *fonts;      /* the fonts text is shown in */
  lf_pdf_obj *resources;    /* the /Resources every page shares */
  lf_pdf_images *images;    /* the pictures pages show (NULL: none may) */
  lf_pdf_tags *tags;        /* NULL: untagged */
  lf_buf content;           /* the content stream of the last page drawn */
  lf_pdf_state state;
  lf_pdf_drawing drawing;   /* the glyphs of the text item being drawn */
} lf_pdf_painter;

/*
 * 'lf_pdf_check_display()' - Reject a display list the backend cannot
 * draw (a coordinate that is not a number, a size out of range, a face
 * the fonts lack, an element or outline entry out of place) before
 * anything is made.  Returns 0, or -1 (recorded).
 */
int lf_pdf_check_display(lf_pdf_doc *doc, const lf_display *display);

/*
 * 'lf_pdf_draw_page()' - Add page 'page_index' of the painter's display
 * and draw its items; the page's content stream stays in
 * painter->content until the next page.  The page, or NULL (recorded).
 */
lf_pdf_obj *lf_pdf_draw_page(lf_pdf_painter *painter, size_t page_index);

/*
 * 'lf_pdf_draw_pages()' - Every page of the painter's display, in order,
 * into 'pages' (one per display page), each page's content stream added
 * to the /ID hash 'id' as it is drawn.  Returns 0, or -1 (recorded).
 */
int lf_pdf_draw_pages(lf_pdf_painter *painter, lf_pdf_obj **pages,
                      lf_pdf_id_hash *id);

/* 'lf_pdf_painter_free()' - Free what drawing used. */
void lf_pdf_painter_free(lf_pdf_painter *painter);

#endif
