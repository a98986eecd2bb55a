/*
 * display.h -- the display list: pages of positioned items, the end of
 * layout and the whole input of an output backend.
 *
 * Coordinates are PDF points with the origin at the page's bottom-left.
 * Each item belongs to a structure element (an index into 'elements') or is
 * an artifact (element -1: footers, page numbers, box outlines).
 *
 * Every change to a display list goes through the operations below
 * (src/layout/display.c): make one, add pages, items, structure elements
 * and outline entries, copy, join, pad and retag.  Everything is allocated
 * in the arena given; a list never frees anything on its own.
 *
 * Text items are single-face, single-size, single-direction stretches of UTF-8, in
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

#include "leaflet/arena.h"
#include "leaflet/diag.h"
#include "leaflet/fonts.h"
#include "leaflet/imagefile.h"
#include "leaflet/shapecache.h"

typedef enum lf_item_kind {
  LF_ITEM_TEXT,   /* glyphs on a baseline */
  LF_ITEM_RECT,   /* a filled and/or stroked rectangle */
  LF_ITEM_LINE,   /* a stroked line from (x, y) to (x2, y2) */
  LF_ITEM_LINK,   /* a clickable area (no marks) */
  LF_ITEM_IMAGE,  /* a picture filling the rectangle (x, y, w, h) */
  LF_ITEM_RECTS   /* filled rectangles as one shape (a QR code's modules),
                     each placed from (x, y) */
} lf_item_kind;

/* A rectangle: its bottom-left corner and size, in pt. */
typedef struct lf_rect {
  double x, y, w, h;
} lf_rect;

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
  /* IMAGE: the picture, its file's bytes checked (imagefile.h) */
  const lf_image *image;
  /* RECTS: 'rect_count' rectangles, each from (x, y), filled in 'colour' */
  const lf_rect *rects;
  size_t rect_count;
} lf_item;

typedef struct lf_page {
  lf_item *items;
  size_t count, cap;
} lf_page;

/* Structure element types, in PDF's standard names. */
typedef enum lf_element_type {
  LF_EL_DOCUMENT, LF_EL_H1, LF_EL_H2, LF_EL_H3, LF_EL_H4, LF_EL_P,
  LF_EL_L, LF_EL_LI, LF_EL_LBL, LF_EL_LBODY, LF_EL_LINK, LF_EL_SECT,
  LF_EL_DIV, LF_EL_SPAN,
  LF_EL_TABLE, LF_EL_THEAD, LF_EL_TBODY, LF_EL_TR, LF_EL_TH, LF_EL_TD,
  LF_EL_CAPTION, LF_EL_FIGURE,
  LF_EL_TYPE_COUNT      /* not a type: how many there are */
} lf_element_type;

/* Which cells a table header cell (LF_EL_TH) heads: its /Scope. */
typedef enum lf_scope { LF_SCOPE_NONE, LF_SCOPE_COLUMN, LF_SCOPE_ROW } lf_scope;

typedef struct lf_element {
  lf_element_type type;
  int parent;           /* -1 for the root */
  const char *role;     /* a custom name mapped to 'type' (e.g. "Callout"), or NULL */
  const char *alt;      /* LF_EL_LINK: the link's /Contents; LF_EL_FIGURE:
                           its /Alt; or NULL */
  const char *actual_text; /* what a screen reader says in place of the
                              element's text ("[deleted: ...]"), or NULL */
  const char *title;    /* for headings: the plain text */
  const char *lang;     /* BCP 47 /Lang when the element's language differs
                           from the document's ('language'), else NULL */
  lf_scope scope;       /* LF_EL_TH: the cells it heads */
  int has_bbox;         /* LF_EL_FIGURE: where it is drawn on its page, */
  lf_rect bbox;         /* for its /BBox */
} lf_element;

typedef struct lf_outline_entry {
  int level;            /* 1..4 */
  const char *title;    /* UTF-8 */
  int page;             /* 0-based */
  double y;             /* top of the heading on that page */
} lf_outline_entry;

/*
 * What a document says about itself, written into a PDF's Info dictionary
 * and XMP metadata (and its /ID).  Any field may be NULL: it is then left
 * out.
 */
typedef struct lf_metadata {
  const char *title, *author, *subject, *keywords;
  const char *language;        /* BCP 47, "en-GB" */
  const char *creation_date;   /* "YYYY-MM-DD" from the content */
  const char *version;         /* the leaflet's version, or NULL */
  const char *last_reviewed;   /* "YYYY-MM-DD", or NULL */
  const char *next_review;     /* "YYYY-MM-DD", or NULL */
  const char *identifier;      /* stable id for /ID (the output stem + format) */
  const char *duplex;          /* the print dialog's preset, a /Duplex name
                                  ("DuplexFlipShortEdge" for a booklet), or NULL */
} lf_metadata;

typedef struct lf_display {
  double page_width, page_height;
  lf_page *pages;
  size_t page_count, page_cap;
  lf_element *elements;
  size_t element_count, element_cap;
  lf_outline_entry *outline;
  size_t outline_count, outline_cap;
  const lf_fontset *fonts;     /* the faces text items name */
  lf_metadata meta;            /* what the document says about itself */
  /* clear-print rules layout could not keep (each also a warning) */
  size_t words_split;          /* words wider than the line, split */
  size_t blocks_split;         /* unbreakable runs taller than a page, split */
} lf_display;

/*
 * 'lf_display_create()' - An empty display list of pages 'page_width' by
 * 'page_height' points whose text is set in 'fonts': no pages, elements,
 * outline or metadata.  NULL when out of memory.
 */
lf_display *lf_display_create(lf_arena *arena, double page_width, double page_height,
                              const lf_fontset *fonts);

/*
 * 'lf_display_new_page()' - Append an empty page.  The page (and every
 * page before it) may move when the next page is added.  NULL when out of
 * memory.
 */
lf_page *lf_display_new_page(lf_arena *arena, lf_display *d);

/*
 * 'lf_page_add_item()' - Append an item of 'kind' belonging to structure
 * element 'element' (-1: an artifact), every other field zero.  The item
 * (and every item before it) may move when the next item is added.  NULL
 * when out of memory.
 */
lf_item *lf_page_add_item(lf_arena *arena, lf_page *page, lf_item_kind kind, int element);

/*
 * 'lf_display_add_element()' - Append a structure element of 'type' under
 * 'parent' (-1: a root) with the custom role 'role' (or NULL).  Returns its
 * index, or -1 when out of memory.
 */
int lf_display_add_element(lf_arena *arena, lf_display *d, lf_element_type type, int parent,
                           const char *role);

/*
 * 'lf_display_add_outline()' - Append an outline entry (a bookmark) at
 * 'level' (1..4) titled 'title', to the top 'y' of page 'page'.  Returns its
 * index (for the page breaker to fill in the page and y later), or -1 when
 * out of memory.
 */
int lf_display_add_outline(lf_arena *arena, lf_display *d, int level, const char *title,
                           int page, double y);

/*
 * 'lf_display_like()' - An empty display list with a Document element, the
 * page size, fonts and metadata of 'like'.  NULL when out of memory.
 */
lf_display *lf_display_like(lf_arena *arena, const lf_display *like);

/*
 * 'lf_display_append()' - Add the pages of 'src' after those of 'dst':
 * items are copied with their structure elements renumbered; 'src''s
 * elements join 'dst''s (a root Document of 'src' becomes a Sect under
 * 'dst''s Document), and its outline entries follow, on their new pages.
 * Text, titles and addresses are shared, not copied: 'src' must live as
 * long as 'dst'.  Both must use the same fonts and page size.  Returns 0,
 * or -1 after reporting an error.
 */
int lf_display_append(lf_arena *arena, lf_display *dst, const lf_display *src,
                      lf_diags *diags);

/*
 * 'lf_display_copy()' - A deep copy of 'src' in 'arena' (pages, elements,
 * outline and every string they hold), so that the arena it was laid out
 * in, with everything the layout needed on the way, can be freed.  NULL
 * when out of memory.
 */
lf_display *lf_display_copy(lf_arena *arena, const lf_display *src);

/*
 * 'lf_display_pad_pages()' - Add blank pages until the page count is a
 * multiple of 'multiple' (2: the next document starts on a new sheet when
 * printed duplex).  Returns the pages added, or -1 when out of memory.
 */
int lf_display_pad_pages(lf_arena *arena, lf_display *d, size_t multiple);

/*
 * 'lf_display_retag_root()' - Give every root structure element (one with
 * no parent) the type 'type': LF_EL_SECT for a list that becomes one
 * section of a larger document (a part of a print file).
 */
void lf_display_retag_root(lf_display *d, lf_element_type type);

/*
 * 'lf_page_add_artifacts()' - Add the marks of 'from' (text, rectangles and
 * lines, pictures; not link areas, which paper cannot click) to 'to',
 * moved 'dx' points to the right and 'dy' up, as artifacts: for output that is printed only and
 * carries no structure (a booklet's imposed sheets).  Returns 0, or -1
 * when out of memory.
 */
int lf_page_add_artifacts(lf_arena *arena, lf_page *to, const lf_page *from, double dx,
                          double dy);

#endif
