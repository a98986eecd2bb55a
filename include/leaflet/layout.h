/*
 * layout.h -- a document, a print format and font metrics to a display list.
 *
 * Layout, a file a part (src/layout/):
 *   breaker.c  line breaking: a paragraph's runs to lines (lf_break_lines);
 *   blocks.c   blocks to a vertical list of boxes with keep rules;
 *   pages.c    the page breaker: boxes to pages, footers;
 *   layout.c   a document through blocks.c and pages.c (lf_layout_document);
 *   booklet.c  a document as an imposed booklet (lf_layout_booklet);
 *   letter.c   a covering letter (lf_layout_letter);
 *   display.c  every change to a display list, for all of them (display.h).
 * Layout knows fonts only through fonts.h.
 */
#ifndef LEAFLET_LAYOUT_H
#define LEAFLET_LAYOUT_H

#include <stddef.h>

#include "leaflet/arena.h"
#include "leaflet/diag.h"
#include "leaflet/display.h"
#include "leaflet/document.h"
#include "leaflet/fonts.h"
#include "leaflet/letters.h"
#include "leaflet/model.h"

/* ---- line breaking (breaker.c) ---------------------------------------- */

/* A piece of a line: text in one face and size, with its width. */
typedef struct lf_piece {
  const char *text;
  size_t len;
  lf_face face;
  double width;        /* pt */
  unsigned style;      /* LF_RUN_* of the run it came from */
  const char *href;    /* link target or NULL */
  size_t run;          /* index of the run in the paragraph */
} lf_piece;

typedef struct lf_line {
  lf_piece *pieces;
  size_t count;
  double width;        /* natural width, pt (trailing space excluded) */
} lf_line;

typedef struct lf_lines {
  lf_line *lines;
  size_t count;
  size_t forced_splits;   /* words that had to be split (reported) */
} lf_lines;

/*
 * 'lf_break_lines()' - Break a paragraph's runs into lines no wider than
 * 'measure' points at 'size' pt, ragged right, by total fit: the breaks of
 * the whole paragraph are chosen to make the right edge as even as possible
 * (Knuth and Plass, with no stretching or shrinking of spaces), avoiding a
 * last line of one short word where another choice exists.  Breaks fall
 * only at spaces (never at U+00A0); a web address may also break after '/'
 * or before '.'.  A word wider than the measure is split where it must be
 * and reported as a warning at 'pos' (of kind LF_DIAG_WORD_SPLIT: it
 * quotes the word).  Returns 0, or -1 (reported) when a character is in no
 * font.
 */
int lf_break_lines(lf_arena *arena, const lf_fontset *fonts,
                   const lf_inline *text, double size, double measure,
                   lf_pos pos, lf_lines *out, lf_diags *diags);

/* ---- the whole layout ---------------------------------------------------- */

/*
 * 'lf_layout_document()' - Lay out 'doc' in print format 'format' with 'fonts' into a
 * display list allocated in 'arena'.  Returns NULL after reporting errors.
 * Warnings (a forced word split, say) are reported and layout goes on.
 */
lf_display *lf_layout_document(lf_arena *arena, const lf_document *doc,
                               const lf_format *format, const lf_fontset *fonts,
                               lf_diags *diags);

/*
 * 'lf_layout_booklet()' - Lay out 'doc' as a saddle-stitched booklet for
 * printing: A5 pages (a cover with the title, tumour type and publisher;
 * the body; "Notes" pages with ruled lines to make the count a multiple of
 * four; a back page with the contact details, review dates, leaflet ID and
 * version), imposed two-up on A4 landscape sheets in the order that folds
 * into the booklet when printed duplex (flip on the short edge).  The
 * result is for printing only: it carries no structure tree (the page-per-
 * page PDF is the accessible one).  Returns NULL after reporting errors.
 */
lf_display *lf_layout_booklet(lf_arena *arena, const lf_document *doc,
                              const lf_format *format, const lf_fontset *fonts,
                              lf_diags *diags);

/* ---- covering letters (letter.c) ----------------------------------------- */

/*
 * 'lf_layout_letter()' - Typeset a letter in the body size, fonts and
 * margins of 'format': the address lines in the envelope window (at the
 * body size when they fit inside the padding, else at the largest size
 * down to 'min_address_size' that does), the sender's lines beside the
 * window when there is room (else at the head of the letter), then the
 * paragraphs from below the window, broken into lines by lf_break_lines()
 * and onto further pages as needed (never one line of a paragraph alone).
 * Every page has a footer: 'footer' and "Page N of M", as artifacts.
 * Tagged: a Document of P elements (the address a Div of P, role
 * "Address"; links as Link).  Returns NULL after reporting an error at
 * 'pos' (an address that cannot fit the window, a character in no font).
 * The letter's own errors are of kind LF_DIAG_LETTER (or
 * LF_DIAG_NO_MEMORY) and never quote its text, which holds personal data;
 * what the line breaker reports (lf_break_lines()) may quote it.
 */
lf_display *lf_layout_letter(lf_arena *arena, const lf_letter *letter,
                             const lf_format *format, const lf_fontset *fonts,
                             lf_diags *diags);

#endif
