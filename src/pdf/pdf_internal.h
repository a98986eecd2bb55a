/*
 * pdf_internal.h -- what the files of the PDF backend share (src/pdf only).
 *
 * One 'lf_pdf_ctx' lives on the stack of each lf_pdf_render() call and holds
 * the libharu document, the first libharu error, the fonts in use with the
 * codes written in each, the content stream of the page being drawn, and
 * the tagging state.  Nothing here is global.
 *
 * libharu holds the document's objects; the backend writes page content,
 * fonts and the file itself (save.c) on its own.
 *
 * Every step returns 0, or -1 when it failed; a failure is either a libharu
 * error (held in the document, and in 'error_no' by the error handler) or a
 * reason of our own written into 'message'.
 */
#ifndef LEAFLET_PDF_INTERNAL_H
#define LEAFLET_PDF_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "leaflet/display.h"
#include "leaflet/fonts.h"
#include "leaflet/pdf.h"

/* A growing byte buffer; 'failed' once an allocation has failed. */
typedef struct lf_pdf_buf {
  unsigned char *data;
  size_t length, cap;
  int failed;
} lf_pdf_buf;

/* A font the document uses (one per distinct font file), with a bit per
 * 16-bit code shown in it (see lf_pdf_code() for what a code stands for). */
typedef struct lf_pdf_font {
  const lf_font *metrics;        /* the face it comes from */
  HPDF_Dict dict;                /* its Type0 font dictionary */
  char resource[8];              /* its name in the pages' /Font, "F1" */
  unsigned char used[65536 / 8]; /* codes shown */
} lf_pdf_font;

typedef struct lf_pdf_tags lf_pdf_tags;

/* Codes for characters beyond U+FFFF: the UTF-16 surrogates, which no
 * character has, handed out in order of first appearance in the document
 * (so the same display list always gives the same codes). */
#define LF_PDF_ASTRAL_FIRST 0xD800u
#define LF_PDF_ASTRAL_MAX 2048
#define LF_PDF_ASTRAL_SLOTS 4096 /* hash slots: a power of two, twice the max */

/* The characters beyond U+FFFF the document shows, by code. */
typedef struct lf_pdf_astral {
  uint32_t chars[LF_PDF_ASTRAL_MAX];     /* code LF_PDF_ASTRAL_FIRST + i -> character */
  uint16_t slots[LF_PDF_ASTRAL_SLOTS];   /* open hash of 'chars': index + 1, 0 empty */
  size_t count;
  int overflow;                          /* a character found no code */
} lf_pdf_astral;

/* What the content stream being written has set, so that unchanged
 * settings are not written again; -1 means not known yet. */
typedef struct lf_pdf_state {
  int font;                 /* index into 'fonts' */
  long font_size;           /* in 1/LF_PDF_FIXED_ONE pt */
  long fill, stroke;        /* 0xRRGGBB */
  long line_width;          /* in 1/LF_PDF_FIXED_ONE pt */
} lf_pdf_state;

/* One row of the cross-reference stream: type 1, the object at byte
 * 'where'; type 2, object 'index' of object stream 'where'; type 0, free. */
typedef struct lf_pdf_xref_row {
  uint64_t where : 40;  /* files up to a terabyte */
  uint64_t index : 22;  /* object streams of up to 4 million objects */
  uint64_t type : 2;
} lf_pdf_xref_row;

/* An object with a number given in advance: written under it ('write'),
 * or only referred to by it, being written elsewhere (a spool's shared
 * object in a part, a part's object in the spool's close), or, numbered 0,
 * never written nor referred to. */
typedef struct lf_pdf_pinned {
  void *object;
  uint32_t number;
  int write;
} lf_pdf_pinned;

/* The 128-bit hash behind /ID (meta.c): two 64-bit lanes, fed eight
 * bytes at a time. */
typedef struct lf_pdf_id_hash {
  uint64_t lo, hi;
} lf_pdf_id_hash;

typedef struct lf_pdf_ctx {
  const lf_display *display;
  HPDF_Doc doc;
  HPDF_STATUS error_no;     /* first error the handler saw, or 0 */
  HPDF_STATUS error_detail;
  char message[200];        /* a failure of our own, or "" */
  int face_font[LF_FACE_COUNT]; /* index into 'fonts' per face, or -1 */
  lf_pdf_font *fonts;       /* one per distinct font file used */
  size_t font_count;
  HPDF_Dict resources;      /* the /Resources every page shares */
  HPDF_Page *pages;         /* one per display page */
  lf_pdf_buf content;       /* content stream of the page being drawn */
  lf_pdf_state state;
  lf_pdf_tags *tags;        /* NULL when the display has no elements */
  lf_pdf_cache *cache;      /* compressed page content shared, or NULL */
  lf_pdf_astral astral;     /* codes of characters beyond U+FFFF */
  /* a part of a spooled document (spool.c), or the objects that close it */
  lf_pdf_spool *spool;      /* NULL for a document of its own */
  int closing;              /* 1: the spool's closing objects */
  size_t key_base;          /* the part's first ParentTree key */
  lf_pdf_pinned *fixed;     /* objects written elsewhere, by number */
  size_t fixed_count, fixed_cap;
} lf_pdf_ctx;

/* buffer.c */

/* 'lf_pdf_buf_room()' - Room for 'more' bytes at the end (not counted in
 * 'length' until the caller adds them), or NULL when out of memory. */
unsigned char *lf_pdf_buf_room(lf_pdf_buf *buf, size_t more);

/* 'lf_pdf_buf_put()' - Append bytes. */
void lf_pdf_buf_put(lf_pdf_buf *buf, const void *data, size_t size);

/* 'lf_pdf_buf_str()' - Append a string. */
void lf_pdf_buf_str(lf_pdf_buf *buf, const char *text);

/* 'lf_pdf_buf_printf()' - Append formatted text. */
void lf_pdf_buf_printf(lf_pdf_buf *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Numbers in content streams: fixed point with five decimals. */
#define LF_PDF_FIXED_ONE 100000
#define LF_PDF_FIXED_DIGITS 5

/* 'lf_pdf_fixed()' - 'value' in units of 1/LF_PDF_FIXED_ONE, rounded. */
long lf_pdf_fixed(double value);

/* 'lf_pdf_buf_number()' - Append a number given in units of
 * 1/LF_PDF_FIXED_ONE, in its shortest form. */
void lf_pdf_buf_number(lf_pdf_buf *buf, long fixed);

/* 'lf_pdf_buf_name()' - Append a PDF name ("/" and the escaped bytes). */
void lf_pdf_buf_name(lf_pdf_buf *buf, const char *name);

/* 'lf_pdf_buf_free()' - Free a buffer's bytes. */
void lf_pdf_buf_free(lf_pdf_buf *buf);

/* writer.c */

/* 'lf_pdf_failed()' - Whether libharu has reported an error so far. */
int lf_pdf_failed(lf_pdf_ctx *ctx);

/* 'lf_pdf_fail()' - Record a failure of our own; returns -1. */
int lf_pdf_fail(lf_pdf_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* 'lf_pdf_page_stream()' - The content stream of a page (filled when the
 * page is finished). */
HPDF_Stream lf_pdf_page_stream(HPDF_Page page);

/* 'lf_pdf_new_stream()' - A new stream object (compressed unless
 * 'compress' is 0) holding 'size' bytes of 'data'; NULL after an error. */
HPDF_Dict lf_pdf_new_stream(lf_pdf_ctx *ctx, const void *data, size_t size,
                            int compress);

/* 'lf_pdf_text_string()' - A text string object for UTF-8 'text': a
 * literal string when it is printable ASCII, else UTF-16BE with a BOM. */
void *lf_pdf_text_string(lf_pdf_ctx *ctx, const char *text);

/* embed.c */

/* 'lf_pdf_fonts_begin()' - A font per distinct font file that text uses,
 * and the shared /Resources that name them. */
int lf_pdf_fonts_begin(lf_pdf_ctx *ctx);

/* 'lf_pdf_fonts_finish()' - Embed every font: subset, widths, CIDToGIDMap,
 * descriptor and ToUnicode, once all text is written.  Fails when some
 * character found no code (see lf_pdf_code()). */
int lf_pdf_fonts_finish(lf_pdf_ctx *ctx);

/* 'lf_pdf_code()' - The two-byte code that shows character 'cp': its own
 * value up to U+FFFF, else a code from LF_PDF_ASTRAL_FIRST given on first
 * use.  -1 (the failure recorded) past LF_PDF_ASTRAL_MAX such characters. */
int lf_pdf_code(lf_pdf_ctx *ctx, uint32_t cp);

/* 'lf_pdf_char()' - The character that code 'code' shows (the inverse of
 * lf_pdf_code()). */
uint32_t lf_pdf_char(const lf_pdf_astral *astral, unsigned code);

/* tounicode.c */

/* 'lf_pdf_to_unicode()' - A ToUnicode CMap that maps every code marked in
 * 'used' to the character it shows: itself, or for a code of 'astral' its
 * character as a UTF-16 surrogate pair. */
void lf_pdf_to_unicode(lf_pdf_buf *out, const unsigned char used[65536 / 8],
                       const lf_pdf_astral *astral);

/* save.c */

/* 'lf_pdf_save()' - The document as PDF 1.7 bytes: streams compressed,
 * every other object in a compressed object stream, a cross-reference
 * stream.  '*data' is malloc'd. */
int lf_pdf_save(lf_pdf_ctx *ctx, unsigned char **data, size_t *size);

/* 'lf_pdf_save_part()' - A part of a spooled document, appended to the
 * spool's file. */
int lf_pdf_save_part(lf_pdf_ctx *ctx);

/* 'lf_pdf_save_last()' - The closing objects of a spooled document and the
 * cross-reference stream of the whole file. */
int lf_pdf_save_last(lf_pdf_ctx *ctx);

/* ---- writer.c ---- */

/* 'lf_pdf_begin()' - A context for 'display' with a new libharu document;
 * 0, or -1 (recorded).  Free it with lf_pdf_end() either way. */
int lf_pdf_begin(lf_pdf_ctx *ctx, const lf_display *display,
                 lf_pdf_cache *cache);

/* 'lf_pdf_draw()' - Check the display list and draw its fonts, pages and
 * structure; 0 or -1 (recorded). */
int lf_pdf_draw(lf_pdf_ctx *ctx);

/* 'lf_pdf_end()' - Free a context and its document. */
void lf_pdf_end(lf_pdf_ctx *ctx);

/* 'lf_pdf_report()' - The context's failure as one error at 'path'. */
void lf_pdf_report(const lf_pdf_ctx *ctx, const char *path, lf_diags *diags);

/* 'lf_pdf_number()' - The number an object (or the object a reference
 * stands for) is written under, once saving has numbered it. */
uint32_t lf_pdf_number(const void *object);

/* ---- tags.c, for a spool ---- */

/* 'lf_pdf_tags_to_spool()' - Tell the spool the numbers of the part's
 * top-level elements and of its ParentTree entries (after saving). */
int lf_pdf_tags_to_spool(lf_pdf_ctx *ctx);

/* ---- spool.c ---- */

/* Objects every part of a spool refers to, written when it closes under
 * these numbers. */
#define LF_PDF_SPOOL_PAGES 1u      /* the page tree's root */
#define LF_PDF_SPOOL_STRUCT 2u     /* the Document element parts go under */
#define LF_PDF_SPOOL_RESOURCES 3u  /* the /Resources every page shares */
#define LF_PDF_SPOOL_FIRST 4u      /* the first number parts use */

/* 'lf_pdf_spool_top()' - A top-level structure element of a part. */
int lf_pdf_spool_top(lf_pdf_spool *spool, uint32_t number);

/* 'lf_pdf_spool_key()' - ParentTree entry 'key' is object 'number'. */
int lf_pdf_spool_key(lf_pdf_spool *spool, size_t key, uint32_t number);

/* 'lf_pdf_fix()' - Refer to 'object' as 'number' and do not write it
 * (number 0: nothing may refer to it); 'lf_pdf_pin()' - write it under
 * 'number'.  Return 0 or -1 (out of memory, recorded). */
int lf_pdf_fix(lf_pdf_ctx *ctx, void *object, uint32_t number);
int lf_pdf_pin(lf_pdf_ctx *ctx, void *object, uint32_t number);

/* 'lf_pdf_spool_role()' - Note a role the part's structure uses (its
 * standard type 'standard'), for the closing /RoleMap. */
void lf_pdf_spool_role(lf_pdf_ctx *ctx, const char *role, const char *standard);

/* 'lf_pdf_spool_rows()' - Room for cross-reference rows up to object
 * 'last'; NULL when out of memory. */
lf_pdf_xref_row *lf_pdf_spool_rows(lf_pdf_spool *spool, size_t last);

/* 'lf_pdf_spool_next()' - The next object number the spool gives. */
uint32_t lf_pdf_spool_next(const lf_pdf_spool *spool);

/* 'lf_pdf_spool_offset()' - Bytes in the spool's file so far. */
uint64_t lf_pdf_spool_offset(const lf_pdf_spool *spool);

/* 'lf_pdf_spool_emit()' - Append a part's bytes to the spool's file; the
 * part numbered its objects up to 'next_number' - 1.  Returns 0 or -1. */
int lf_pdf_spool_emit(lf_pdf_spool *spool, const void *data, size_t size,
                      uint32_t next_number);

/* ---- meta.c (/ID) ---- */

/* 'lf_pdf_id_start()' - A hash for /ID, started from the identifier. */
void lf_pdf_id_start(lf_pdf_id_hash *h, const char *identifier);

/* 'lf_pdf_id_pages()' - Add the content of the document's pages. */
void lf_pdf_id_pages(lf_pdf_ctx *ctx, lf_pdf_id_hash *h);

/* 'lf_pdf_id_write()' - Finish the hash and write it as the trailer's /ID. */
int lf_pdf_id_write(lf_pdf_ctx *ctx, lf_pdf_id_hash *h);

/* ---- cache.c ---- */

/* 'lf_pdf_cache_find()' - The compressed form of 'raw' into 'out'; 1 when
 * the cache has it, else 0. */
int lf_pdf_cache_find(lf_pdf_cache *cache, const unsigned char *raw,
                      size_t length, lf_pdf_buf *out);

/* 'lf_pdf_cache_put()' - Keep 'packed' as the compressed form of 'raw'
 * (unless the cache is full). */
void lf_pdf_cache_put(lf_pdf_cache *cache, const unsigned char *raw,
                      size_t length, const unsigned char *packed,
                      size_t packed_length);

/* meta.c */

/* 'lf_pdf_write_info()' - The Info dictionary. */
int lf_pdf_write_info(lf_pdf_ctx *ctx);

/* 'lf_pdf_write_catalog()' - /Lang, /ViewerPreferences, page mode, XMP. */
int lf_pdf_write_catalog(lf_pdf_ctx *ctx);

/* 'lf_pdf_write_outline()' - Bookmarks from the display's outline. */
int lf_pdf_write_outline(lf_pdf_ctx *ctx);

/* 'lf_pdf_write_id()' - The trailer's /ID from the identifier and pages. */
int lf_pdf_write_id(lf_pdf_ctx *ctx);

/* tags.c */

/* 'lf_pdf_tags_begin()' - Create the structure elements (when any). */
int lf_pdf_tags_begin(lf_pdf_ctx *ctx);

/* 'lf_pdf_tags_open()' - Put a painted item in marked content: its
 * element's open sequence, or a new one. */
int lf_pdf_tags_open(lf_pdf_ctx *ctx, size_t page_index, const lf_item *item);

/* 'lf_pdf_tags_end_page()' - Close the page's marked content (before its
 * content stream is finished). */
int lf_pdf_tags_end_page(lf_pdf_ctx *ctx, size_t page_index);

/* 'lf_pdf_tags_link()' - Tie a link annotation to its Link element. */
int lf_pdf_tags_link(lf_pdf_ctx *ctx, size_t page_index, const lf_item *item,
                     HPDF_Annotation annot);

/* 'lf_pdf_tags_finish()' - The StructTreeRoot, ParentTree and MarkInfo. */
int lf_pdf_tags_finish(lf_pdf_ctx *ctx);

/* 'lf_pdf_tags_free()' - Free the tagging state (libharu objects stay). */
void lf_pdf_tags_free(lf_pdf_ctx *ctx);

#endif
