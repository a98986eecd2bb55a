/*
 * meta.h -- what a PDF says about itself (meta.c): the Info dictionary,
 * the catalog's /Lang, /ViewerPreferences and page mode, the XMP metadata
 * stream, bookmarks, and a deterministic /ID.
 */
#ifndef LEAFLET_PDF_META_H
#define LEAFLET_PDF_META_H

#include <stddef.h>
#include <stdint.h>

#include "leaflet/display.h"
#include "objects.h"

/* 'lf_pdf_write_info()' - The Info dictionary from 'meta'. */
int lf_pdf_write_info(lf_pdf_doc *doc, const lf_metadata *meta);

/* 'lf_pdf_write_catalog()' - /Lang, /ViewerPreferences, /PageMode when
 * 'has_outline', and the XMP metadata from 'meta'. */
int lf_pdf_write_catalog(lf_pdf_doc *doc, const lf_metadata *meta,
                         int has_outline);

/* 'lf_pdf_write_outline()' - A bookmark per entry of 'outline', each
 * opening its page of 'pages' (pages 'page_height' pt high). */
int lf_pdf_write_outline(lf_pdf_doc *doc, const lf_outline_entry *outline,
                         size_t count, lf_pdf_obj *const *pages,
                         double page_height);

/* A bookmark of a document saved in parts (a spool), written as an
 * object of its own: each is written once the next one's number is known. */
typedef struct lf_pdf_bookmark {
  const char *title;
  uint32_t number;              /* its own, handed out in advance */
  uint32_t parent, prev, next;  /* 0: none */
  uint32_t page;                /* the page it opens */
  double top;                   /* at this height, at 100 % zoom */
} lf_pdf_bookmark;

/* 'lf_pdf_write_bookmark()' - Bookmark 'b' pinned to its number. */
int lf_pdf_write_bookmark(lf_pdf_doc *doc, const lf_pdf_bookmark *b);

/* 'lf_pdf_write_outline_root()' - The outline's root, pinned to 'number',
 * over 'count' bookmarks from 'first' to 'last', in the catalog's
 * /Outlines. */
int lf_pdf_write_outline_root(lf_pdf_doc *doc, uint32_t number, uint32_t first,
                              uint32_t last, size_t count);

/* The 128-bit hash behind /ID: two 64-bit lanes, fed eight bytes at a
 * time. */
typedef struct lf_pdf_id_hash {
  uint64_t lo, hi;
} lf_pdf_id_hash;

/* 'lf_pdf_id_start()' - A hash for /ID, started from the identifier. */
void lf_pdf_id_start(lf_pdf_id_hash *h, const char *identifier);

/* 'lf_pdf_id_page()' - Add a page's content stream (as written, before
 * compression). */
void lf_pdf_id_page(lf_pdf_id_hash *h, const unsigned char *content,
                    size_t length);

/* 'lf_pdf_id_write()' - Finish the hash and write it as the trailer's
 * /ID. */
int lf_pdf_id_write(lf_pdf_doc *doc, const lf_pdf_id_hash *h);

#endif
