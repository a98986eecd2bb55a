/*
 * display.h -- the display list: pages of positioned items, the end of
 * layout and the whole input of an output backend.
 *
 * Coordinates are PDF points with the origin at the page's bottom-left.
 * Each item belongs to a structure element (an index into 'elements') or is
 * an artifact (element -1: footers, page numbers, box outlines).  Text items
 * are single-face, single-size, single-direction stretches of UTF-8, in
 * logical (reading) order, with their shaped glyphs and measured width.
 *
 * Shaped text: a text item's 'glyphs' are what HarfBuzz made of its text in
 * its face (shapecache.h: glyph id, advance, offsets in the face's design
 * units, cluster), in visual order, left to right, starting at (x, y): the
 * pen starts at x and moves right by each advance * size / units_per_em
 * (lf_font_units_per_em() of the face), and the glyph is drawn x_offset
 * right of the pen and y_offset above the baseline, in the same scale.
 * The advances add up to 'w'.  A glyph's cluster is the byte offset in
 * 'text' of the first character of its cluster; the cluster's text runs to
 * the next larger cluster offset of the item (or to the end of the text the
 * glyphs cover).  In a right-to-left item ('rtl') the clusters decrease
 * from left to right.  'text' may go on one byte past what the glyphs cover:
 * the space where a line broke, kept so that text read in structure order
 * keeps its words apart, and not drawn.
 */
#ifndef LEAFLET_DISPLAY_H
#define LEAFLET_DISPLAY_H

#include <stddef.h>

#include "leaflet/fonts.h"
#include "leaflet/shapecache.h"

typedef enum lf_item_kind {
  LF_ITEM_TEXT,   /* glyphs on a baseline */
  LF_ITEM_RECT,   /* a filled and/or stroked rectangle */
  LF_ITEM_LINE,   /* a stroked line from (x, y) to (x2, y2) */
  LF_ITEM_LINK    /* a clickable area (no marks) */
} lf_item_kind;

typedef struct lf_item {
  lf_item_kind kind;
  int element;          /* structure element index, or -1 for an artifact */
  double x, y;          /* TEXT: baseline start; RECT/LINK: bottom-left */
  double w, h;          /* TEXT: advance width, h = 0; RECT/LINK: size */
  double x2, y2;        /* LINE: end point */
  /* TEXT */
  const char *text;     /* UTF-8, not NUL-terminated, logical order */
  size_t len;
  lf_face face;         /* fonts->face[face]: may be a script face */
  double size;          /* pt */
  unsigned colour;      /* 0xRRGGBB: text and stroke colour */
  const lf_glyph *glyphs; /* shaped, visual order (see above) */
  size_t glyph_count;
  int rtl;              /* the text runs right to left */
  /* RECT */
  unsigned fill;        /* 0xRRGGBB */
  int filled, stroked;
  double line_width;
  /* LINK */
  const char *uri;
} lf_item;

typedef struct lf_page {
  lf_item *items;
  size_t count, cap;
} lf_page;

/* Structure element types, in PDF's standard names. */
typedef enum lf_element_type {
  LF_EL_DOCUMENT, LF_EL_H1, LF_EL_H2, LF_EL_H3, LF_EL_H4, LF_EL_P,
  LF_EL_L, LF_EL_LI, LF_EL_LBL, LF_EL_LBODY, LF_EL_LINK, LF_EL_SECT,
  LF_EL_DIV, LF_EL_SPAN
} lf_element_type;

typedef struct lf_element {
  lf_element_type type;
  int parent;           /* -1 for the root */
  const char *role;     /* a custom name mapped to 'type' (e.g. "Callout"), or NULL */
  const char *alt;      /* LF_EL_LINK: the link's /Contents, or NULL */
  const char *title;    /* for headings: the plain text */
  const char *lang;     /* BCP 47 /Lang when the element's language differs
                           from the document's ('language'), else NULL */
} lf_element;

typedef struct lf_outline_entry {
  int level;            /* 1..4 */
  const char *title;    /* UTF-8 */
  int page;             /* 0-based */
  double y;             /* top of the heading on that page */
} lf_outline_entry;

typedef struct lf_display {
  double page_width, page_height;
  lf_page *pages;
  size_t page_count, page_cap;
  lf_element *elements;
  size_t element_count, element_cap;
  lf_outline_entry *outline;
  size_t outline_count, outline_cap;
  const lf_fontset *fonts;     /* the faces text items name */
  /* metadata */
  const char *title, *author, *subject, *keywords, *language;
  const char *creation_date;   /* "YYYY-MM-DD" from the content */
  const char *identifier;      /* stable id for /ID (the output stem + format) */
  /* clear-print rules layout could not keep (each also a warning) */
  size_t words_split;          /* words wider than the line, split */
  size_t blocks_split;         /* unbreakable runs taller than a page, split */
} lf_display;

#endif
