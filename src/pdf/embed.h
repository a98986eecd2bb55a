/*
 * embed.h -- the fonts of a document (embed.c): which font shows each
 * face and under which resource name, the codes each font has shown
 * (codes.h), the /Resources dictionary the pages share, and the embedded
 * fonts themselves: subset by glyph, widths, CIDToGIDMap, descriptor and
 * ToUnicode.
 *
 * A font state is filled as pages are drawn (lf_pdf_fonts_show()) and
 * embedded once every page is drawn, when the codes are known.  A document
 * of its own has one; a spool keeps one across its parts and embeds it
 * when it closes.
 */
#ifndef LEAFLET_PDF_EMBED_H
#define LEAFLET_PDF_EMBED_H

#include <stdint.h>

#include "cff.h"
#include "codes.h"
#include "leaflet/display.h"
#include "leaflet/fonts.h"
#include "leaflet/pdf.h"
#include "objects.h"

/* How the fonts are named. */
typedef enum lf_pdf_font_naming {
  LF_PDF_FONT_PER_FILE, /* one font per face of a font file, F1, F2 ... in
                           order of first use: a document of its own */
  LF_PDF_FONT_PER_FACE  /* one per face of the set, F1 regular, F2 bold, F3
                           and F4 their fallbacks, F5 on the script faces:
                           a spool, whose parts name the fonts alike before
                           any font is made */
} lf_pdf_font_naming;

/* The composite glyphs a font's subset is to make (a shaped cluster drawn
 * as one glyph), each named by a glyph id past the font's last. */
typedef struct lf_pdf_made {
  lf_subset_component *parts;    /* every composite's glyphs, in turn */
  size_t part_count, part_cap;
  struct lf_pdf_made_glyph {
    size_t first, count;         /* its glyphs in 'parts' */
    uint32_t advance;            /* font units */
    uint64_t hash;
  } *glyphs;
  size_t count, cap;
} lf_pdf_made;

/* A font of the document and the codes shown in it. */
typedef struct lf_pdf_font {
  const lf_font *metrics;        /* the face it comes from; NULL: unused */
  lf_pdf_obj *dict;              /* its Type0 dictionary, once made */
  char resource[8];              /* its name in the pages' /Font, "F1" */
  lf_pdf_codes *codes;           /* its (glyph, text) pairs and their codes */
  int cff;                       /* CFF outlines: a CIDFontType0, whose
                                    codes are the CIDs of its glyphs */
  lf_pdf_cff cff_table;          /* its CFF table, read (CFF only) */
  long carrier;                  /* a glyph that draws nothing and takes no
                                    room (-1: none; -2: not looked for) */
  lf_pdf_made made;              /* composites its subset makes (TrueType) */
  struct lf_pdf_recent *recent;  /* codes of glyphs shown for one character,
                                    by glyph (a memo; NULL until needed) */
} lf_pdf_font;

typedef struct lf_pdf_fonts {
  const lf_fontset *set;
  lf_pdf_font_naming naming;
  int face_font[LF_FACE_MAX];    /* index into 'fonts' per face, or -1 */
  lf_pdf_font fonts[LF_FACE_MAX];
  size_t font_count;             /* fonts[0 .. font_count) are in use */
  lf_pdf_obj *resources;         /* the pages' /Resources, once made */
} lf_pdf_fonts;

/* 'lf_pdf_fonts_new()' - No fonts yet, named as 'naming' says; NULL when
 * out of memory. */
lf_pdf_fonts *lf_pdf_fonts_new(const lf_fontset *set, lf_pdf_font_naming naming);

/* 'lf_pdf_fonts_free()' - Free a font state (NULL is allowed). */
void lf_pdf_fonts_free(lf_pdf_fonts *fonts);

/* 'lf_pdf_fonts_use()' - Give a font to every face the text of 'display'
 * uses.  Returns 0, or -1 (recorded in 'doc') for a face the set lacks or
 * a CFF font whose table cannot be read. */
int lf_pdf_fonts_use(lf_pdf_fonts *fonts, const lf_display *display,
                     lf_pdf_doc *doc);

/*
 * 'lf_pdf_fonts_show()' - The code that shows 'glyph' of font 'index' for
 * the 'len' bytes of UTF-8 'text' (codes.h), noted as shown.  '*other_text'
 * is set when the code shows other text (put this text in /ActualText).
 * -1 when it found no code (recorded in 'doc').
 */
long lf_pdf_fonts_show(lf_pdf_fonts *fonts, int index, uint32_t glyph,
                       const char *text, size_t len, int *other_text,
                       lf_pdf_doc *doc);

/*
 * 'lf_pdf_fonts_composite()' - A glyph of font 'index' standing for the
 * 'count' glyphs 'parts' drawn at their offsets, advancing 'advance' font
 * units: a composite its subset will make (the same glyphs at the same
 * offsets are the same composite).  -1 when the font cannot have one (CFF
 * outlines, too many glyphs, offsets out of range) or out of memory
 * (recorded in 'doc').
 */
long lf_pdf_fonts_composite(lf_pdf_fonts *fonts, int index, const lf_subset_component *parts,
                            size_t count, uint32_t advance, lf_pdf_doc *doc);

/* 'lf_pdf_fonts_width()' - The /W width of glyph 'glyph' of font 'index'
 * (a composite's too), in 1/1000 em. */
int lf_pdf_fonts_width(const lf_pdf_fonts *fonts, int index, uint32_t glyph);

/* 'lf_pdf_fonts_carrier()' - A glyph of font 'index' that draws nothing
 * and takes no room (the font's zero-width space or joiner), to carry text
 * that has no glyph of its own; -1 when the font has none. */
long lf_pdf_fonts_carrier(lf_pdf_fonts *fonts, int index);

/* 'lf_pdf_fonts_objects()' - The /Resources dictionary naming every font
 * in use, and an empty Type0 dictionary for each (pages refer to them
 * before they are filled in). */
int lf_pdf_fonts_objects(lf_pdf_fonts *fonts, lf_pdf_doc *doc);

/* 'lf_pdf_fonts_embed()' - Fill in every font: subset, widths,
 * CIDToGIDMap, descriptor and ToUnicode. */
int lf_pdf_fonts_embed(lf_pdf_fonts *fonts, lf_pdf_doc *doc);

#endif
