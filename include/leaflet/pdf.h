/*
 * pdf.h -- the PDF backend: a display list to tagged PDF bytes.
 *
 * Inside src/pdf, in layers that each call only the ones below:
 *
 *   drivers     document.c (a document of its own: lf_pdf_write(),
 *               lf_pdf_render()), spool.c (a document written part by
 *               part: lf_pdf_spool_*())
 *   producers   content.c (pages: content streams, links) over glyphs.c
 *               (a text item's glyphs as drawn), tags.c (the structure
 *               tree), meta.c (Info, catalog, XMP, bookmarks, /ID),
 *               embed.c (fonts) over tounicode.c (ToUnicode CMaps),
 *               subset.c (TrueType subsets), hbsubset.c (CFF subsets
 *               through hb-subset), cff.c (CFF charsets) and codes.c
 *               (the codes glyphs are shown with)
 *   objects     objects.c (the PDF object layer: objects, their numbers
 *               and their bytes; the only code that names libharu) over
 *               file.c (the file: bytes to memory or disk, cross-reference
 *               rows and stream), cache.c (compressed streams shared
 *               between documents) and syntax.c (PDF numbers and names)
 */
#ifndef LEAFLET_PDF_H
#define LEAFLET_PDF_H

#include <stddef.h>
#include <stdint.h>

#include "leaflet/diag.h"
#include "leaflet/display.h"
#include "leaflet/fonts.h"

/*
 * 'lf_pdf_write()' - Write 'display' as a PDF 1.7 file at 'path', atomically:
 * the bytes go to a temporary file beside it which is renamed into place
 * only when complete, so a failure leaves no partial file and any earlier
 * file untouched.  Fonts are embedded and subset, with a valid ToUnicode
 * map; the Info dictionary (display->meta), bookmarks and links come from
 * the display list.  Text is drawn from its shaped glyphs, each where
 * shaping put it, and copies out as the text it was shaped from (at most
 * 65,534 different glyph-and-text pairs in a font of one document, else
 * an error).
 * The output is a function of the display list alone (no clock, no random).
 * Returns 0, or -1 after reporting an error at 'path'.
 */
int lf_pdf_write(const lf_display *display, const char *path, lf_diags *diags);

/*
 * 'lf_pdf_render()' - As lf_pdf_write() into memory: '*data' receives a
 * malloc'd buffer of '*size' bytes that the caller frees.
 */
int lf_pdf_render(const lf_display *display, unsigned char **data,
                  size_t *size, lf_diags *diags);

/*
 * A cache of compressed page content that documents rendered one after
 * another, or at once from several threads, share: a page drawn the same
 * in many documents (a leaflet in every request of a mailing) is then
 * compressed once.  The bytes written are the same with or without it.
 */
typedef struct lf_pdf_cache lf_pdf_cache;

/* 'lf_pdf_cache_new()' - An empty cache that holds at most 'limit' bytes
 * (NULL when out of memory: rendering works without one). */
lf_pdf_cache *lf_pdf_cache_new(size_t limit);

/* 'lf_pdf_cache_free()' - Free a cache (NULL is allowed). */
void lf_pdf_cache_free(lf_pdf_cache *cache);

/*
 * 'lf_pdf_render_cached()' - lf_pdf_render() taking and keeping page
 * content in 'cache' (which may be NULL).
 */
int lf_pdf_render_cached(const lf_display *display, lf_pdf_cache *cache,
                         unsigned char **data, size_t *size, lf_diags *diags);

/*
 * A document written part by part, each part's pages, structure, links
 * and bookmark going to the file as soon as the part is added, with the
 * page tree, the structure tree and its ParentTree written as balanced
 * trees as the file grows and its cross-reference rows kept on disk, so
 * that memory holds one part at a time however many there are: a
 * mailing's print file, the letters and leaflets of thousands of
 * requests.  The fonts (subset to every character of every part), the
 * trees' last nodes and roots, the metadata and the cross-reference
 * stream are written when it closes.  The file is a temporary one beside
 * 'path' until then: closing renames it into place, a failure or
 * lf_pdf_spool_abort() removes it.
 */
typedef struct lf_pdf_spool lf_pdf_spool;

/*
 * 'lf_pdf_spool_open()' - Start a document at 'path' (created with 'mode')
 * whose parts are all set in 'fonts' on pages of 'width' x 'height' pt,
 * in 'language', named 'identifier' (for its /ID).  NULL after reporting.
 */
lf_pdf_spool *lf_pdf_spool_open(const char *path, unsigned mode,
                                const lf_fontset *fonts, double width,
                                double height, const char *language,
                                const char *identifier, lf_pdf_cache *cache,
                                lf_diags *diags);

/*
 * 'lf_pdf_spool_add()' - Append a part: its pages, tagged as its own
 * elements under the document's Document element (in a Part of at most 64
 * parts' elements when there are more), and a bookmark 'bookmark' to its
 * first page.  Returns 0, or -1 after reporting (the spool is then failed:
 * abort it).
 */
int lf_pdf_spool_add(lf_pdf_spool *spool, const lf_display *part,
                     const char *bookmark, lf_diags *diags);

/* 'lf_pdf_spool_pages()' - Pages added so far. */
size_t lf_pdf_spool_pages(const lf_pdf_spool *spool);

/*
 * 'lf_pdf_spool_close()' - Finish the document with the title, author,
 * subject, keywords and creation date of 'meta' (its language and
 * identifier are the ones the spool was opened with) and rename it into
 * place; the spool is freed either way.  Returns 0, or -1 after reporting
 * (nothing left).
 */
int lf_pdf_spool_close(lf_pdf_spool *spool, const lf_metadata *meta,
                       lf_diags *diags);

/* 'lf_pdf_spool_abort()' - Give up: remove the file, free the spool. */
void lf_pdf_spool_abort(lf_pdf_spool *spool);

/*
 * 'lf_pdf_font_check()' - Whether a PDF may embed 'font': not when its
 * licence forbids it (OS/2 fsType: restricted-licence or bitmap-only
 * embedding, or no subsetting, which every embedded font is).  The
 * embedder refuses such a font whenever it is asked to embed it; whoever
 * loads fonts to make PDFs calls this to refuse it at once.  Returns 0,
 * or -1 after reporting an error at the font's file.
 */
int lf_pdf_font_check(const lf_font *font, lf_diags *diags);

/*
 * The TrueType subsetter the backend embeds fonts with, declared here so
 * that it can be tested on its own.
 *
 * A subset holds glyph 0 (.notdef), the glyphs asked for and every glyph
 * their composites are built from (nested composites included),
 * renumbered from 1 in the order they are given, then components in the
 * order they are found, then the composites it is asked to make.  Its
 * tables are glyf, loca, hmtx, hhea, maxp and head; then, unless
 * LF_SUBSET_MINIMAL is given, a cmap of the characters given for the
 * glyphs (format 4, and format 12 as well when some are beyond U+FFFF),
 * post format 3, a name table of the font's copyright, family, style and
 * PostScript names, and OS/2.  Layout tables (GSUB, GPOS, kern ...) go;
 * so does hinting (fpgm, prep, cvt, gasp and each glyph's instructions)
 * unless LF_SUBSET_KEEP_HINTING is given.  The same input always gives the
 * same bytes.
 */
enum {
  LF_SUBSET_KEEP_HINTING = 1, /* keep fpgm, prep, cvt, gasp and instructions */
  LF_SUBSET_MINIMAL = 2       /* only what a PDF's CIDFontType2 draws with
                                 (ISO 32000-1, 9.9): glyf, loca, head, hhea,
                                 hmtx, maxp; no cmap, name, OS/2 or post,
                                 and .notdef empty (a PDF never shows it) */
};

typedef struct lf_font_subset {
  unsigned char *data;  /* the font program, malloc'd */
  size_t size;
  unsigned glyph_count; /* glyphs in the subset, .notdef included */
} lf_font_subset;

/* A glyph of a composite the subset makes: a source glyph placed 'dx'
 * right of and 'dy' above the composite's origin, in font units. */
typedef struct lf_subset_component {
  uint32_t glyph;
  int32_t dx, dy;
} lf_subset_component;

/* A composite glyph made for the subset from source glyphs (a shaped
 * cluster drawn as one glyph), advancing the pen 'advance' font units. */
typedef struct lf_subset_composite {
  const lf_subset_component *components;
  size_t count;               /* 1 to LF_SUBSET_COMPONENTS_MAX */
  uint32_t advance;
} lf_subset_composite;

#define LF_SUBSET_COMPONENTS_MAX 32

/* What a subset is to hold. */
typedef struct lf_font_subset_request {
  const uint32_t *glyphs;     /* source glyphs, in the order to number them */
  const uint32_t *chars;      /* or NULL: the character each glyph is the
                                 font's glyph for, put in the cmap (0: none) */
  size_t count;
  const lf_subset_composite *composites; /* glyphs to make, numbered after */
  size_t composite_count;
  unsigned options;           /* LF_SUBSET_KEEP_HINTING, LF_SUBSET_MINIMAL */
} lf_font_subset_request;

/*
 * 'lf_font_subset_make()' - A subset of the TrueType font 'font' with the
 * glyphs 'request' asks for (repeats are allowed), and a composite glyph
 * for each of its composites, each glyph of a composite at its offset and
 * the composite's own advance.  Writes the subset id of each glyph asked
 * for to 'new_ids[i]', then of each composite to 'new_ids[count + i]'.
 * Returns 0, or -1 with the reason in 'why' (a damaged font, a glyph it
 * lacks, an offset too large for a composite, or out of memory).
 */
int lf_font_subset_make(const lf_font *font, const lf_font_subset_request *request,
                        uint16_t *new_ids, lf_font_subset *subset, char *why,
                        size_t why_size);

/* 'lf_font_subset_free()' - Free a subset's bytes. */
void lf_font_subset_free(lf_font_subset *subset);

#endif
