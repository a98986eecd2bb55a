/*
 * vlist.h -- the vertical list: what blocks.c makes of a document and
 * pages.c breaks into pages.  Private to layout.
 *
 * A document becomes a run of items stacked down the page: text lines,
 * gaps, and the edges of callout boxes.  Each item says whether a page may
 * break just before it; that is how keep rules (headings with what follows,
 * no widows or orphans, unsplit callouts) reach the page breaker.
 */
#ifndef LEAFLET_VLIST_H
#define LEAFLET_VLIST_H

#include "leaflet/layout.h"

typedef enum vitem_kind {
  VITEM_LINE,       /* a line of text */
  VITEM_GAP,        /* vertical space; dropped at the top of a page */
  VITEM_BOX_START,  /* the top edge (and padding) of a callout box */
  VITEM_BOX_END,    /* the bottom edge (and padding) of a callout box */
  VITEM_PAGE_BREAK  /* a break the author asked for */
} vitem_kind;

typedef struct vitem {
  vitem_kind kind;
  double height;        /* how far down the item takes the next one */
  int keep_before;      /* 1: no page break just before this item */
  /* VITEM_LINE */
  lf_line line;
  double x;             /* left edge of the text */
  int rtl;              /* the paragraph runs right to left */
  const char *lang;     /* its language (BCP 47), for the label too */
  double size;          /* pt */
  double baseline;      /* baseline below the item's top */
  unsigned colour;
  const int *run_elements; /* structure element of each run's text */
  const lf_inline *runs;   /* the runs, for link addresses */
  const char *label;    /* bullet or number, or NULL */
  double label_x;       /* where the label starts, or ends when label_right */
  int label_right;      /* right to left: the label ends at label_x */
  lf_face label_face;
  int label_element;    /* Lbl element */
  int outline;          /* outline entry this line starts, or -1 */
  int continues;        /* the paragraph goes on on the next line */
  int change_bar;       /* a proof's changed block: a bar in the margin */
  /* VITEM_BOX_START / VITEM_BOX_END */
  int box;              /* index of the box */
  double box_x, box_w;  /* box edges */
} vitem;

typedef struct vlist {
  vitem *items;
  size_t count, cap;
  size_t box_count;
} vlist;

/*
 * 'lf_build_vlist()' - Lay a document's blocks out as a vertical list,
 * creating its structure elements and outline entries in 'display'.
 * Returns 0, or -1 after reporting errors.
 */
int lf_build_vlist(lf_arena *arena, const lf_document *doc, const lf_format *format,
                   const lf_fontset *fonts, lf_display *display, vlist *out,
                   lf_diags *diags);

/*
 * 'lf_break_pages()' - Break a vertical list into the pages of 'display',
 * adding footers.  Returns 0, or -1 after reporting errors.
 */
int lf_break_pages(lf_arena *arena, const lf_document *doc, const lf_format *format,
                   const lf_fontset *fonts, const vlist *vl, lf_display *display,
                   lf_diags *diags);

/*
 * 'lf_add_footers()' - The footer (title or id, review date, "Page N of
 * M") on 'count' pages of 'display' from 'first', numbered from 'number'
 * of 'total'.  Returns 0, or -1 (reported).
 */
int lf_add_footers(lf_arena *arena, const lf_document *doc, const lf_format *format,
                   const lf_fontset *fonts, lf_display *display, size_t first, size_t count,
                   size_t number, size_t total, lf_diags *diags);

/*
 * 'lf_item_from_piece()' - Fill text item 'it' with piece 'pc' of a line:
 * its text, face, glyphs and direction, at baseline (x, y) (the piece's own
 * left edge), 'size' pt, in 'colour' (pages.c).
 */
void lf_item_from_piece(lf_item *it, const lf_piece *pc, double x, double y, double size,
                        unsigned colour);

/* 'lf_footer_height()' - Room the footer takes above the bottom margin. */
double lf_footer_height(const lf_format *format);

/* 'lf_display_new()' - An empty display list (lf_display_create()) of the
 * format's paper, with the document's metadata (layout.c). */
lf_display *lf_display_new(lf_arena *arena, const lf_document *doc, const lf_format *format,
                           const lf_fontset *fonts);


/* 'lf_text_width()' - Width in pt of UTF-8 text set as one line in 'want'
 * (with fallback and script faces as needed) at 'size', shaped left to
 * right; 0 when a character is in no font. */
double lf_text_width(const lf_fontset *fonts, lf_face want, const char *text,
                     size_t len, double size);

#endif
