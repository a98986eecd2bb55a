/*
 * layout.h -- a document, a print format and font metrics to a display list.
 *
 * Layout, a file a part (src/layout/):
 *   itemize.c  the script of each character and the face to set it in;
 *   breaker.c  a paragraph's runs to lines (lf_break_lines): bidi levels
 *              (bidi.h), shaping (shaper.h, shapecache.h), break
 *              opportunities (linebreak.h), total fit over shaped advances,
 *              and each line's runs put in visual order;
 *   blocks.c   blocks to a vertical list of boxes with keep rules;
 *   pages.c    the page breaker: boxes to pages, footers;
 *   table.c    the table layout: columns, stacking, rows (vlist.h);
 *   figures.c  figures, QR codes, write-in spaces, label boxes (vlist.h);
 *   vlist.c    growing a vertical list;
 *   layout.c   a document through blocks.c and pages.c (lf_layout_document);
 *   booklet.c  a document as an imposed booklet (lf_layout_booklet);
 *   letter.c   a covering letter (lf_layout_letter);
 *   display.c  every change to a display list, for all of them (display.h).
 * Layout knows fonts only through fonts.h and shaper.h.
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
#include "leaflet/shaper.h"

/* ---- scripts and faces (itemize.c) ------------------------------------- */

/*
 * 'lf_resolve_scripts()' - The script of each of 'count' code points, the
 * characters of no script of their own (Common, Inherited) taking the
 * script before them, or the first after them.
 */
void lf_resolve_scripts(const uint32_t *cps, size_t count, lf_script_tag *scripts);

/*
 * 'lf_script_slot()' - The script slot (lf_font_script) whose fonts set
 * text of 'script' in 'language', when 'fonts' has them: Arabic in Urdu
 * takes 'urdu' when named, Chinese in zh-Hant, zh-TW or zh-HK takes
 * 'chinese-traditional' ...; -1 when the set names none (Latin, say).
 */
int lf_script_slot(const lf_fontset *fonts, lf_script_tag script, const char *language);

/*
 * 'lf_pick_face()' - The face to set 'cp' in, 'want' being regular or bold
 * and 'script' its resolved script: its script's face when the format names
 * one that has it (bold when there is one), else 'want' or its fallback,
 * else any script face that has it; -1 when none has it.
 */
int lf_pick_face(const lf_fontset *fonts, lf_face want, uint32_t cp, lf_script_tag script,
                 const char *language);

/* ---- line breaking (breaker.c) ---------------------------------------- */

/*
 * A piece of a line: text in one face, size and direction, shaped.  The
 * pieces of a line are in logical (reading) order; 'x' places each in the
 * line's visual order.
 */
typedef struct lf_piece {
  const char *text;    /* UTF-8 in logical order */
  size_t len;
  lf_face face;        /* may be a script face (LF_FACE_SCRIPT + ...) */
  double width;        /* pt: the sum of the glyphs' advances */
  double x;            /* pt from the line's left edge to the piece's */
  unsigned style;      /* LF_RUN_* of the run it came from */
  const char *href;    /* link target or NULL */
  size_t run;          /* index of the run in the paragraph */
  const lf_glyph *glyphs; /* shaped, in visual order, clusters counted from 'text' */
  size_t glyph_count;
  unsigned level;      /* bidi embedding level: odd is right to left */
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
  int rtl;                /* the paragraph is right to left (by its language) */
  unsigned script_slots;  /* bit k: text set in the fonts of script slot k */
  double min_width;       /* pt: the narrowest measure that sets the paragraph
                             without splitting a word (its widest word, or
                             piece of a web address between its breaks) */
} lf_lines;

/*
 * 'lf_break_lines()' - Break a paragraph's runs in 'language' (BCP 47, or
 * NULL) into lines no wider than 'measure' points at 'size' pt, ragged, by
 * total fit: the breaks of the whole paragraph are chosen to make the
 * ragged edge as even as possible (Knuth and Plass, with no stretching or
 * shrinking of spaces), avoiding a last line of one short word where
 * another choice exists.  Each character is set in the face its script and
 * the fonts choose (lf_pick_face()); the text is shaped and measured by its
 * glyphs' advances (kerning included).  A paragraph in a right-to-left
 * language is set right to left, runs of the other direction kept in their
 * order inside (UAX #9), each line's pieces placed in visual order.  Breaks
 * fall at spaces (never at U+00A0) and where UAX #14 breaks between the
 * characters of a script written without spaces (linebreak.h); a web
 * address may also break after '/' or before '.'.  A word wider than the
 * measure is split where it must be (between clusters) and reported as a
 * warning at 'pos' (of kind LF_DIAG_WORD_SPLIT: it quotes the word).  Returns 0, or -1 (reported) when a character is in no
 * font.
 */
int lf_break_lines(lf_arena *arena, const lf_fontset *fonts,
                   const lf_inline *text, const char *language, double size,
                   double measure, lf_pos pos, lf_lines *out, lf_diags *diags);

/*
 * 'lf_set_line()' - 'len' bytes of UTF-8 'text' as one shaped line in face
 * 'want' (regular or bold, with fallback and script faces as needed), in
 * 'language' and its direction, at 'size'.  Returns 0, or -1 when a
 * character is in no font or memory runs out; it reports nothing (the text
 * may be personal data, which messages must not quote).
 */
int lf_set_line(lf_arena *arena, const lf_fontset *fonts, const char *text, size_t len,
                lf_face want, const char *language, double size, lf_line *out);

/* 'lf_text_width()' - Width in pt of UTF-8 text set as one line in 'want'
 * (with fallback and script faces as needed) at 'size', shaped left to
 * right; 0 when a character is in no font. */
double lf_text_width(const lf_fontset *fonts, lf_face want, const char *text, size_t len,
                     double size);

/* ---- the whole layout ---------------------------------------------------- */

/*
 * 'lf_layout_document()' - Lay out 'doc' in print format 'format' with 'fonts' into a
 * display list allocated in 'arena'.  Returns NULL after reporting errors.
 * Warnings (a forced word split, say) are reported and layout goes on.
 */
lf_display *lf_layout_document(lf_arena *arena, const lf_document *doc,
                               const lf_format *format, const lf_fontset *fonts,
                               lf_diags *diags);

/* The most sheets a saddle-stitched booklet is made of: 20 folded A4
 * sheets, 80 A5 pages.  Thicker, on 80 to 100 g/m2 paper, the staples of
 * ordinary finishing equipment no longer hold it closed at the spine, the
 * inner pages creep out past the trim by more than the margin allows for,
 * and the booklet will not lie flat: past this, a warning. */
#define LF_BOOKLET_SHEETS_MAX 20

/*
 * 'lf_layout_booklet()' - Lay out 'doc' as a saddle-stitched booklet for
 * printing: A5 pages (a cover with the title, tumour type and publisher;
 * the body; "Notes" pages with ruled lines to make the count a multiple of
 * four; a back page with the contact details, review dates, leaflet ID and
 * version), imposed two-up on A4 landscape sheets in the order that folds
 * into the booklet when printed duplex (flip on the short edge).  The
 * result is for printing only: it carries no structure tree (the page-per-
 * page PDF is the accessible one).  The cover is always one page (an
 * error where not even its title alone fits); a booklet of more than
 * LF_BOOKLET_SHEETS_MAX sheets gets a warning.  Returns NULL after
 * reporting errors.
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
