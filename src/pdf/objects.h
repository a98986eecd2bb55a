/*
 * objects.h -- the PDF object layer: the objects of a document being made,
 * their numbers, and their bytes.  The one part of leaflet that names
 * libharu: objects.c keeps a libharu document underneath and reaches into
 * it only there.  Above it, producers (content.c, embed.c, tags.c, meta.c)
 * make objects and drivers (document.c, spool.c) save them into a file
 * (file.h).
 *
 * An object is an opaque 'lf_pdf_obj': a dictionary, an array, a stream,
 * a page, or a value put into one of those.  A direct object (lf_pdf_dict(),
 * lf_pdf_array()) is written where it is put; an indirect one (every
 * object made with "indirect" in its name, streams, pages, annotations,
 * bookmarks) is written once, under a number, and referred to by it.
 *
 * Numbers are given when the document is saved: 1, 2 ... in the order the
 * objects were made (a file written by several saves numbers on from where
 * the last one stopped), except for objects given a number in advance:
 * lf_pdf_pin() writes one under a number of the caller's choosing,
 * lf_pdf_elsewhere() refers to one by a number but never writes it (another
 * save of the same file does), lf_pdf_omit() neither writes it nor lets
 * anything refer to it.
 *
 * Every call records its failure in the document, so a producer may make
 * many calls and ask lf_pdf_failed() once; lf_pdf_fail() adds a reason of
 * our own and lf_pdf_report() turns either into one diagnostic.  Putting a
 * NULL value fails without crashing, so an allocation that failed may be
 * passed straight on.
 */
#ifndef LEAFLET_PDF_OBJECTS_H
#define LEAFLET_PDF_OBJECTS_H

#include <stddef.h>
#include <stdint.h>

#include "leaflet/diag.h"
#include "leaflet/pdf.h"
#include "file.h"

typedef struct lf_pdf_doc lf_pdf_doc;
typedef struct lf_pdf_obj lf_pdf_obj;

/* What the library underneath accepts; a producer checks its input against
 * these before making anything (objects.c checks them against libharu's). */
#define LF_PDF_MIN_PAGE_SIZE 3        /* pt, a page's width or height */
#define LF_PDF_MAX_PAGE_SIZE 14400
#define LF_PDF_MAX_FONT_SIZE 600      /* pt */
#define LF_PDF_MAX_LINE_WIDTH 100     /* pt */
#define LF_PDF_MAX_NAME 127           /* bytes in a name */
#define LF_PDF_MAX_OBJECT 0xFFFFFF    /* object numbers: libharu keeps one in
                                         24 bits of an object's header */

/* ---- the document and its failure ---- */

/*
 * 'lf_pdf_doc_new()' - An empty document whose streams are compressed
 * (through 'cache', which may be NULL, when saved).  NULL when out of
 * memory; else check lf_pdf_failed(), as the library underneath may have
 * failed to start.  Free it with lf_pdf_doc_free().
 */
lf_pdf_doc *lf_pdf_doc_new(lf_pdf_cache *cache);

/* 'lf_pdf_doc_free()' - Free a document and every object of it (NULL is
 * allowed). */
void lf_pdf_doc_free(lf_pdf_doc *doc);

/* 'lf_pdf_fail()' - Record a failure of our own (the first reason wins);
 * returns -1. */
int lf_pdf_fail(lf_pdf_doc *doc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* 'lf_pdf_fail_at()' - Record a failure that lies in the content at 'pos'
 * (a damaged picture): lf_pdf_report() reports it there, as it is worded
 * (the first reason wins); returns -1. */
int lf_pdf_fail_at(lf_pdf_doc *doc, lf_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* 'lf_pdf_doc_cache()' - The cache the document was made with (NULL:
 * none), for a producer to keep what it made once for the run. */
lf_pdf_cache *lf_pdf_doc_cache(const lf_pdf_doc *doc);

/* 'lf_pdf_failed()' - Whether anything has failed so far. */
int lf_pdf_failed(const lf_pdf_doc *doc);

/* 'lf_pdf_report()' - The document's failure as one error at 'path'
 * ('doc' NULL: out of memory). */
void lf_pdf_report(const lf_pdf_doc *doc, const char *path, lf_diags *diags);

/* ---- objects ---- */

/* New objects; NULL after a failure (recorded). */
lf_pdf_obj *lf_pdf_dict(lf_pdf_doc *doc);
lf_pdf_obj *lf_pdf_indirect_dict(lf_pdf_doc *doc);
lf_pdf_obj *lf_pdf_array(lf_pdf_doc *doc);
lf_pdf_obj *lf_pdf_indirect_array(lf_pdf_doc *doc);

/* 'lf_pdf_stream()' - A stream of 'size' bytes of 'data', Flate-compressed
 * when saved unless 'compress' is 0 (then a /Filter put in its dictionary
 * is written: bytes that come encoded, a JPEG's DCT). */
lf_pdf_obj *lf_pdf_stream(lf_pdf_doc *doc, const void *data, size_t size,
                          int compress);

/* 'lf_pdf_text()' - A text string for UTF-8 'text': a literal string when
 * it is printable ASCII, else UTF-16BE with a byte order mark. */
lf_pdf_obj *lf_pdf_text(lf_pdf_doc *doc, const char *text);

/* 'lf_pdf_string()' - A literal string of the bytes of 'text', as they
 * are. */
lf_pdf_obj *lf_pdf_string(lf_pdf_doc *doc, const char *text);

/* Entries of a dictionary (a key put again replaces its value, in its
 * place); 0, or -1 (recorded).  A value put is the dictionary's. */
int lf_pdf_dict_put(lf_pdf_obj *dict, const char *key, lf_pdf_obj *value);
int lf_pdf_dict_name(lf_pdf_obj *dict, const char *key, const char *name);
int lf_pdf_dict_int(lf_pdf_obj *dict, const char *key, long value);
int lf_pdf_dict_bool(lf_pdf_obj *dict, const char *key, int value);
int lf_pdf_dict_real(lf_pdf_obj *dict, const char *key, double value);

/* Elements appended to an array; 0, or -1 (recorded).  A value put is the
 * array's. */
int lf_pdf_array_put(lf_pdf_obj *array, lf_pdf_obj *value);
int lf_pdf_array_name(lf_pdf_obj *array, const char *name);
int lf_pdf_array_int(lf_pdf_obj *array, long value);
int lf_pdf_array_real(lf_pdf_obj *array, double value);

/* ---- the document's own objects ---- */

/* 'lf_pdf_catalog()' - The document catalog. */
lf_pdf_obj *lf_pdf_catalog(lf_pdf_doc *doc);

/* 'lf_pdf_add_page()' - A new last page of 'width' x 'height' pt with an
 * empty content stream. */
lf_pdf_obj *lf_pdf_add_page(lf_pdf_doc *doc, double width, double height);

/* 'lf_pdf_page_content()' - Append 'size' bytes to a page's content
 * stream. */
int lf_pdf_page_content(lf_pdf_obj *page, const void *data, size_t size);

/* 'lf_pdf_add_uri_link()' - A link annotation on 'page' over the given
 * rectangle that opens 'uri', drawn with no border. */
lf_pdf_obj *lf_pdf_add_uri_link(lf_pdf_doc *doc, lf_pdf_obj *page, double left,
                                double bottom, double right, double top,
                                const char *uri);

/* 'lf_pdf_add_bookmark()' - A new last bookmark under 'parent' (NULL: at
 * the top of the outline), with an empty /Title. */
lf_pdf_obj *lf_pdf_add_bookmark(lf_pdf_doc *doc, lf_pdf_obj *parent);

/* 'lf_pdf_info_text()' - A text entry of the Info dictionary. */
int lf_pdf_info_text(lf_pdf_doc *doc, const char *key, const char *text);

/* 'lf_pdf_info_dates()' - /CreationDate and /ModDate: midnight, UTC, of
 * the given day. */
int lf_pdf_info_dates(lf_pdf_doc *doc, int year, int month, int day);

/* 'lf_pdf_producer()' - The Info dictionary's /Producer (the library's
 * name and version). */
const char *lf_pdf_producer(lf_pdf_doc *doc);

/* 'lf_pdf_open_outline()' - Have a viewer open the bookmarks (/PageMode
 * /UseOutlines). */
int lf_pdf_open_outline(lf_pdf_doc *doc);

/* 'lf_pdf_set_id()' - The trailer's /ID: two copies of 'id'. */
int lf_pdf_set_id(lf_pdf_doc *doc, const unsigned char id[16]);

/* ---- numbers ---- */

/* 'lf_pdf_pin()' - Write 'object' under 'number'. */
int lf_pdf_pin(lf_pdf_doc *doc, lf_pdf_obj *object, uint32_t number);

/* 'lf_pdf_elsewhere()' - Refer to 'object' as 'number', and never write it
 * (another save of the file writes that object). */
int lf_pdf_elsewhere(lf_pdf_doc *doc, lf_pdf_obj *object, uint32_t number);

/* 'lf_pdf_omit()' - Never write 'object', nor refer to it. */
int lf_pdf_omit(lf_pdf_doc *doc, lf_pdf_obj *object);

/* 'lf_pdf_ref()' - An object that stands for object 'number', written by
 * another save of the file: put it where that object is referred to. */
lf_pdf_obj *lf_pdf_ref(lf_pdf_doc *doc, uint32_t number);

/*
 * 'lf_pdf_part_of()' - Make 'doc' a part of a file that other saves write
 * too: it has no catalog, Info dictionary or page tree of its own, and
 * the caller puts in each of its pages a /Parent written elsewhere
 * (lf_pdf_ref()).
 */
int lf_pdf_part_of(lf_pdf_doc *doc);

/*
 * 'lf_pdf_pages_elsewhere()' - The document's page tree is object
 * 'number', written by other saves of the file: the catalog's /Pages
 * refers to it (the document's own pages, if any, are left out of it).
 */
int lf_pdf_pages_elsewhere(lf_pdf_doc *doc, uint32_t number);

/* 'lf_pdf_number()' - The number 'object' was written or referred to
 * under, once saved (0 for an omitted one; meaningless before saving). */
uint32_t lf_pdf_number(const lf_pdf_obj *object);

/* ---- saving ---- */

/*
 * 'lf_pdf_save()' - Number the document's objects on from the file's next
 * number and append them to 'file': streams compressed, every other object
 * in one compressed object stream; with 'last', then the cross-reference
 * stream of the whole file (the document's catalog, Info and /ID in its
 * trailer).  Returns 0, or -1 (recorded).
 */
int lf_pdf_save(lf_pdf_doc *doc, lf_pdf_file *file, int last);

#endif
