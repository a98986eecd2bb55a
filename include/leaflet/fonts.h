/*
 * fonts.h -- font metrics: what the layout knows of a font.
 *
 * A small TrueType reader (head, hhea, hmtx, cmap, OS/2, post) that gives
 * advance widths in the units a PDF uses (1/1000 of the font size, rounded
 * the way libharu writes them in /W, so measured and printed widths agree).
 * A font set holds the faces of a print format: regular and bold, and a
 * fallback of each for characters the first lacks, chosen per character.
 * Font sets are loaded once per run and shared by the workers.
 */
#ifndef LEAFLET_FONTS_H
#define LEAFLET_FONTS_H

#include <stddef.h>
#include <stdint.h>

#include "leaflet/diag.h"

typedef enum lf_face {
  LF_FACE_REGULAR = 0,
  LF_FACE_BOLD = 1,
  LF_FACE_FALLBACK_REGULAR = 2,
  LF_FACE_FALLBACK_BOLD = 3,
  LF_FACE_COUNT = 4
} lf_face;

typedef struct lf_font lf_font;

/*
 * 'lf_font_load()' - Read a glyf-based TrueType file.  Returns NULL after
 * reporting an error at 'path' (missing, unreadable, not TrueType, no
 * Unicode cmap, truncated or inconsistent tables).
 */
lf_font *lf_font_load(const char *path, lf_diags *diags);

/* 'lf_font_free()' - Free a font. */
void lf_font_free(lf_font *font);

/* 'lf_font_glyph()' - The glyph id for code point 'cp', 0 when missing. */
uint16_t lf_font_glyph(const lf_font *font, uint32_t cp);

/* 'lf_font_advance()' - Advance width of 'cp' in 1/1000 em, as in /W. */
int lf_font_advance(const lf_font *font, uint32_t cp);

/* Vertical metrics in 1/1000 em (ascent > 0, descent < 0). */
int lf_font_ascent(const lf_font *font);
int lf_font_descent(const lf_font *font);
int lf_font_cap_height(const lf_font *font);

/* 'lf_font_path()' - The file the font was read from. */
const char *lf_font_path(const lf_font *font);

/* 'lf_font_data()' - The whole file in memory (for embedding). */
const unsigned char *lf_font_data(const lf_font *font, size_t *size);

/* What a font set loads on first need (fonts.c). */
typedef struct lf_fontset_lazy lf_fontset_lazy;

/*
 * The faces of one print format.  The regular and bold faces are loaded
 * with the set; a fallback face is loaded the first time a character needs
 * it (most documents never do, and a fallback that covers many scripts is
 * a large file), by whichever thread asks first: lf_fontset_pick() is safe
 * to call from several threads at once.  face[f] may be read directly once
 * lf_fontset_pick() has returned f.
 */
typedef struct lf_fontset {
  lf_font *face[LF_FACE_COUNT];
  char *path[LF_FACE_COUNT];   /* the files, NULL for a face not given */
  lf_fontset_lazy *lazy;
} lf_fontset;

/*
 * 'lf_fontset_load()' - Load the regular and bold faces and check that each
 * fallback file is there and starts as a TrueType font (its tables are
 * read when first needed); returns 0 or -1 (reported).
 */
int lf_fontset_load(lf_fontset *set, const char *const paths[LF_FACE_COUNT],
                    lf_diags *diags);

/* 'lf_fontset_free()' - Free the faces. */
void lf_fontset_free(lf_fontset *set);

/*
 * 'lf_fontset_face()' - Face 'face' of the set, loading a fallback on first
 * need; NULL when the set has no such face or it would not load.
 */
const lf_font *lf_fontset_face(const lf_fontset *set, lf_face face);

/*
 * 'lf_fontset_problems()' - Copy into 'diags' the errors of fallback faces
 * that failed to load when first needed (so that a character the layout
 * could not set is explained); returns how many.
 */
size_t lf_fontset_problems(const lf_fontset *set, lf_diags *diags);

/*
 * 'lf_fontset_pick()' - The face to set 'cp' in: 'want' (regular or bold) if
 * it has the glyph, else its fallback, else -1 (no font has it).
 */
int lf_fontset_pick(const lf_fontset *set, lf_face want, uint32_t cp);

/*
 * 'lf_font_table()' - The bytes of the table tagged 'tag' (four characters,
 * e.g. "glyf"), checked to lie inside the file, with its length in
 * '*length'; NULL (and 0) when the font has no such table.  For the PDF
 * backend's subsetter, which reads the outlines and metrics tables whole.
 */
const unsigned char *lf_font_table(const lf_font *font, const char *tag,
                                   size_t *length);

#endif
