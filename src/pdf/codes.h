/*
 * codes.h -- the two-byte codes a font's glyphs are shown with (Identity-H:
 * a code is a CID), one per distinct (glyph, text) pair the document shows
 * in the font, so that the font's ToUnicode CMap can map each code to
 * exactly the text of its glyph (tounicode.h).
 *
 * A code table has one of two kinds:
 *
 *   by pair   (TrueType: /CIDToGIDMap maps any code to any glyph) each
 *             pair gets a code of its own: the code the caller prefers
 *             (the character, when the glyph is that character's own) if
 *             no other pair has it, else the next free one from U+E000
 *             (the private use area) on, round to U+0001;
 *   by glyph  (CFF: a code is the CID the font gives the glyph) a glyph's
 *             code is the one the caller gives, and its text the first
 *             text shown with it (a glyph shown with no text takes the
 *             first text it is shown with later); a glyph shown for other
 *             text is reported, for the caller to put the other text in
 *             /ActualText.
 *
 * A glyph with no text of its own (a cluster of more glyphs than
 * characters) is shown with empty text, which the caller puts in
 * /ActualText with the rest of its cluster; the ToUnicode CMap still maps
 * its code (tounicode.h).
 *
 * Codes go in order of first use, so the same document always gets the
 * same codes; a character shown by its own glyph gets the same code in
 * every document.
 */
#ifndef LEAFLET_PDF_CODES_H
#define LEAFLET_PDF_CODES_H

#include <stddef.h>
#include <stdint.h>

/* The first code given to a pair that has no code of its own. */
#define LF_PDF_FIRST_FREE_CODE 0xE000u

/* The longest text a code maps to, in bytes of UTF-8. */
#define LF_PDF_CODE_TEXT_MAX 96

/* A (glyph, text) pair shown, and its code. */
typedef struct lf_pdf_pair {
  uint32_t glyph;
  uint32_t text, len;   /* its text: 'len' bytes of UTF-8 at 'text' in the table */
  uint16_t code;
} lf_pdf_pair;

typedef struct lf_pdf_codes lf_pdf_codes;

/* 'lf_pdf_codes_new()' - An empty table, by glyph ('by_glyph' 1) or by
 * pair; NULL when out of memory. */
lf_pdf_codes *lf_pdf_codes_new(int by_glyph);

/* 'lf_pdf_codes_free()' - Free a table (NULL is allowed). */
void lf_pdf_codes_free(lf_pdf_codes *codes);

/*
 * 'lf_pdf_codes_get()' - The code that shows 'glyph' for the 'len' bytes of
 * UTF-8 'text' (at most LF_PDF_CODE_TEXT_MAX), given on first use: by
 * pair, 'preferred' (0 to 0xFFFF, or -1 for none) when it is free; by
 * glyph, 'preferred' itself.  '*other_text' is set to 1 when the code
 * shows other text (by glyph only), else 0.  -1 when out of memory, when
 * every code is taken, or (by glyph) without a preferred code.
 */
long lf_pdf_codes_get(lf_pdf_codes *codes, uint32_t glyph, const char *text,
                      size_t len, long preferred, int *other_text);

/* 'lf_pdf_codes_pairs()' - The pairs, in order of first use. */
const lf_pdf_pair *lf_pdf_codes_pairs(const lf_pdf_codes *codes, size_t *count);

/* 'lf_pdf_codes_text()' - The text of a pair of the table ('len' bytes,
 * then a NUL). */
const char *lf_pdf_codes_text(const lf_pdf_codes *codes, const lf_pdf_pair *pair);

/* 'lf_pdf_codes_full()' - Whether a pair found no code (every code taken). */
int lf_pdf_codes_full(const lf_pdf_codes *codes);

#endif
