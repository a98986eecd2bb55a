/*
 * fonts.h -- font metrics: what the layout knows of a font.
 *
 * A small OpenType reader (head, hhea, hmtx, cmap, OS/2, post) for
 * TrueType-flavoured (.ttf) and CFF-flavoured (.otf) fonts, alone in their
 * file or one face of a collection (.ttc), that gives advance widths in the
 * units a PDF uses (1/1000 of the font size, rounded the way libharu writes
 * them in /W).  Each font also carries the HarfBuzz font that shapes text
 * in it (shaper.h), in font units.
 *
 * A font set holds the faces of a print format: regular and bold, a
 * fallback of each for characters the first lacks, and a regular and bold
 * face for each script the format names a font for (LF_FACE_SCRIPT + 2 *
 * slot + bold; the slots are the content's lf_font_script).  The regular
 * and bold faces are read with the set; the others when first needed.
 * Font sets are loaded once per run and shared by the workers, with a cache
 * of shaped words (shapecache.h) that every document set in them shares.
 */
#ifndef LEAFLET_FONTS_H
#define LEAFLET_FONTS_H

#include <stddef.h>
#include <stdint.h>

#include "leaflet/diag.h"

/* Faces of a font set.  The first LF_FACE_COUNT are the Latin faces and
 * their fallbacks; script faces follow, two per slot (regular, bold). */
typedef enum lf_face {
  LF_FACE_REGULAR = 0,
  LF_FACE_BOLD = 1,
  LF_FACE_FALLBACK_REGULAR = 2,
  LF_FACE_FALLBACK_BOLD = 3,
  LF_FACE_COUNT = 4,
  LF_FACE_SCRIPT = 4     /* the regular face of script slot 0 */
} lf_face;

/* Script slots a font set has room for, and so the faces it may hold. */
#define LF_SCRIPT_SLOTS 12
#define LF_FACE_MAX (LF_FACE_SCRIPT + 2 * LF_SCRIPT_SLOTS)

/* The bound on the shaped-word cache of one font set, in bytes.  The whole
 * content's words in every script take a fraction of it; what fills it is
 * a mailing's names and addresses, each shaped once.  Measured with `python3
 * bench/mail_bench.py build/leaflet --scale 1000,20000`: at 16 MiB a
 * mailing's peak grew 12 MiB from 1,000 to 20,000 requests (and 21 MiB to
 * 100,000), at 2 MiB 2.7 MiB, with the same CPU time; a batch of 1,000
 * documents took 3.50 and 3.59 ms of CPU a document. */
#define LF_SHAPE_CACHE_BYTES ((size_t)2 << 20)

typedef struct lf_font lf_font;
typedef struct lf_shape_cache lf_shape_cache;

/*
 * 'lf_font_load()' - Read a TrueType or OpenType file (face 0 of a
 * collection).  Returns NULL after reporting an error at 'path' (missing,
 * unreadable, not a font, no Unicode cmap, truncated or inconsistent
 * tables).
 */
lf_font *lf_font_load(const char *path, lf_diags *diags);

/*
 * 'lf_font_load_face()' - As lf_font_load() for face 'index' of a font
 * collection (.ttc); 'index' must be 0 for a file holding one font.
 */
lf_font *lf_font_load_face(const char *path, unsigned index, lf_diags *diags);

/* 'lf_font_free()' - Free a font. */
void lf_font_free(lf_font *font);

/* 'lf_font_glyph()' - The glyph id for code point 'cp', 0 when missing. */
uint16_t lf_font_glyph(const lf_font *font, uint32_t cp);

/* 'lf_font_advance()' - Advance width of 'cp' in 1/1000 em, truncated. */
int lf_font_advance(const lf_font *font, uint32_t cp);

/* 'lf_font_glyph_width()' - Advance width of glyph 'glyph' in 1/1000 em,
 * truncated (0 for a glyph the font does not have). */
int lf_font_glyph_width(const lf_font *font, uint32_t glyph);

/* Vertical metrics (hhea) in 1/1000 em, truncated toward zero (ascent > 0,
 * descent < 0). */
int lf_font_ascent(const lf_font *font);
int lf_font_descent(const lf_font *font);

/* 'lf_font_path()' - The file the font was read from. */
const char *lf_font_path(const lf_font *font);

/* 'lf_font_face_index()' - Which face of its file (a collection) it is. */
unsigned lf_font_face_index(const lf_font *font);

/* 'lf_font_is_cff()' - 1 when its outlines are CFF ('OTTO'), 0 for glyf. */
int lf_font_is_cff(const lf_font *font);

/* 'lf_font_units_per_em()' - Design units per em (head.unitsPerEm): the
 * unit of shaped advances and offsets. */
unsigned lf_font_units_per_em(const lf_font *font);

/* 'lf_font_glyph_count()' - The number of glyphs (maxp.numGlyphs). */
unsigned lf_font_glyph_count(const lf_font *font);

/* 'lf_font_hb()' - The HarfBuzz font over the font's bytes, scaled to font
 * units and immutable (shaper.c shapes with it; threads may share it). */
struct hb_font_t *lf_font_hb(const lf_font *font);

/* 'lf_font_data()' - The whole file in memory (for embedding). */
const unsigned char *lf_font_data(const lf_font *font, size_t *size);

/* What a font set loads on first need (fonts.c). */
typedef struct lf_fontset_lazy lf_fontset_lazy;

/*
 * The faces of one print format.  The regular and bold faces are loaded
 * with the set; a fallback or script face is loaded the first time a
 * character needs it (most documents never do, and a font that covers many
 * scripts, or Chinese, is a large file), by whichever thread asks first:
 * lf_fontset_pick() and lf_fontset_face() are safe to call from several
 * threads at once.  face[f] may be read directly once lf_fontset_pick() has
 * returned f, or lf_fontset_face() has returned it.
 */
typedef struct lf_fontset {
  lf_font *face[LF_FACE_MAX];
  char *path[LF_FACE_MAX];     /* the files, NULL for a face not given */
  unsigned index[LF_FACE_MAX]; /* the face in a collection, else 0 */
  lf_fontset_lazy *lazy;
  lf_shape_cache *shapes;      /* shaped words, shared by the run (or NULL) */
} lf_fontset;

/*
 * 'lf_fontset_load()' - Load the regular and bold faces and check that each
 * fallback file is there and starts as a font (its tables are read when
 * first needed), and make the set's shaped-word cache; returns 0 or -1
 * (reported).
 */
int lf_fontset_load(lf_fontset *set, const char *const paths[LF_FACE_COUNT],
                    lf_diags *diags);

/*
 * 'lf_fontset_add_script()' - Give script slot 'slot' (0 to
 * LF_SCRIPT_SLOTS - 1) its regular face paths[0] and bold face paths[1]
 * (NULL: the regular face is used for bold too), face 'index' of each file
 * when they are collections.  The files are checked now and read when first
 * needed.  Returns 0 or -1 (reported).
 */
int lf_fontset_add_script(lf_fontset *set, int slot, const char *const paths[2],
                          unsigned index, lf_diags *diags);

/* 'lf_fontset_free()' - Free the faces. */
void lf_fontset_free(lf_fontset *set);

/*
 * 'lf_fontset_face()' - Face 'face' of the set, loading a fallback or
 * script face on first need; NULL when the set has no such face or it
 * would not load.
 */
const lf_font *lf_fontset_face(const lf_fontset *set, lf_face face);

/*
 * 'lf_fontset_problems()' - Copy into 'diags' the errors of fallback and
 * script faces that failed to load when first needed (so that a character
 * the layout could not set is explained); returns how many.
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
