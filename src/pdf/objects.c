/*
 * objects.c -- the PDF object layer (see objects.h): the only file of
 * leaflet that names libharu.
 *
 * libharu 2.3.0 holds the objects (dictionaries, arrays, strings, numbers,
 * streams, pages, annotations, bookmarks, the catalog and the Info
 * dictionary) and writes each object's value (HPDF_Obj_Write), so values
 * come out exactly as libharu writes them.  The file around them is
 * written here rather than by HPDF_SaveToStream(), so that it can use what
 * PDF 1.5 and later offer and libharu 2.3.0 does not write:
 *
 *   - every object that is not a stream goes into one compressed object
 *     stream (ISO 32000-1, 7.5.7), instead of sitting uncompressed in the
 *     file: dictionaries of the structure tree, pages, fonts, annotations
 *     and bookmarks are most of a tagged leaflet's objects;
 *   - the cross-reference table is a compressed cross-reference stream
 *     (file.c);
 *   - stream lengths are written directly instead of as separate objects;
 *   - streams are compressed by zlib, with one compressor reused for the
 *     whole save; a stream found in the cache the document was made with
 *     (cache.c) is copied, not compressed again: a leaflet's pages, and its
 *     font subsets when the covering letter adds no character, are the same
 *     in every request of a mailing.
 *
 * Objects are numbered afresh in the order libharu created them, leaving
 * out the numbers libharu gave to stream lengths, and those pinned,
 * written elsewhere or omitted (objects.h).
 *
 * libharu's public calls do not hand out the document's memory manager,
 * cross-reference table, catalog, Info dictionary, trailer and page tree,
 * a page's content stream, a dictionary's entries or a stream's filter,
 * and libharu writes a reference from the number in the object's header.
 * Every reach into a libharu struct for these is in one section below,
 * "what hpdf.h does not hand out", a helper each, saying why; nothing else
 * in leaflet reaches into libharu at all.
 */
#include "objects.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "cache.h"
#include "leaflet/buffer.h"
#include "leaflet/utf8.h"
#include "syntax.h"

_Static_assert(LF_PDF_MIN_PAGE_SIZE == HPDF_MIN_PAGE_WIDTH &&
                   LF_PDF_MIN_PAGE_SIZE == HPDF_MIN_PAGE_HEIGHT &&
                   LF_PDF_MAX_PAGE_SIZE == HPDF_MAX_PAGE_WIDTH &&
                   LF_PDF_MAX_PAGE_SIZE == HPDF_MAX_PAGE_HEIGHT,
               "page sizes as libharu accepts them");
_Static_assert(LF_PDF_MAX_FONT_SIZE == HPDF_MAX_FONTSIZE &&
                   LF_PDF_MAX_LINE_WIDTH == HPDF_MAX_LINEWIDTH,
               "font sizes and line widths as libharu accepts them");
_Static_assert(LF_PDF_MAX_NAME == HPDF_LIMIT_MAX_NAME_LEN,
               "names as long as libharu takes them");
_Static_assert(LF_PDF_MAX_OBJECT < HPDF_OTYPE_HIDDEN,
               "object numbers below the flags of libharu's header");

/* An object with a number given in advance (objects.h): written under it
 * ('write'), or only referred to by it, or, numbered 0, neither. */
typedef struct pinned {
  void *object;
  uint32_t number;
  int write;
} pinned;

struct lf_pdf_doc {
  HPDF_Doc pdf;
  HPDF_STATUS error_no;     /* first error the handler saw, or 0 */
  HPDF_STATUS error_detail;
  char message[300];        /* a failure of our own, or "" */
  lf_pos message_pos;       /* where in the content it lies (file NULL: none) */
  lf_pdf_cache *cache;      /* compressed streams shared, or NULL */
  pinned *pins;
  size_t pin_count, pin_cap;
};

/* An opaque object is a libharu object. */
#define OBJ(x) ((lf_pdf_obj *)(void *)(x))

/* ---- what hpdf.h does not hand out ------------------------------------ */
/*
 * Every reach into a libharu struct is in this section, each saying why
 * it is needed; the rest of the file uses these helpers.  They hold for
 * libharu 2.3.0, whose structs hpdf.h installs (hpdf_objects.h,
 * hpdf_doc.h, hpdf_pages.h, hpdf_streams.h).
 */

/* 'mmgr_of()' - The document's memory manager: libharu makes objects only
 * through it. */
static HPDF_MMgr mmgr_of(const lf_pdf_doc *doc) { return doc->pdf->mmgr; }

/* 'xref_of()' - The document's cross-reference table: an object becomes
 * indirect by being added to it, and saving walks it for every object. */
static HPDF_Xref xref_of(const lf_pdf_doc *doc) { return doc->pdf->xref; }

/* 'xref_size()' - Entries in the table (entry 0 is the free head), or 0
 * when it has grown a second section, which saving cannot number. */
static size_t xref_size(HPDF_Xref xref) {
  return xref->prev ? 0 : xref->entries->count;
}

/* 'xref_object()' - The object of entry 'i', in the order made. */
static void *xref_object(HPDF_Xref xref, size_t i) {
  return HPDF_Xref_GetEntry(xref, (HPDF_UINT)i)->obj;
}

/* The objects libharu makes with a document and keeps in it: the catalog,
 * the Info dictionary (made with the /Producer), the trailer (where the
 * /ID goes) and the root of the page tree its pages hang under. */
static HPDF_Dict catalog_of(const lf_pdf_doc *doc) { return doc->pdf->catalog; }
static HPDF_Dict info_of(const lf_pdf_doc *doc) { return doc->pdf->info; }
static HPDF_Dict trailer_of(const lf_pdf_doc *doc) { return doc->pdf->trailer; }
static HPDF_Pages page_root_of(const lf_pdf_doc *doc) { return doc->pdf->root_pages; }

/* 'header_of()' - An object's header: its class, and the number libharu
 * writes references to it with, which saving rewrites. */
static HPDF_Obj_Header *header_of(const void *object) {
  return (HPDF_Obj_Header *)object;
}

/* 'number_of()' - The number in an object's header. */
static uint32_t number_of(const void *object) {
  return header_of(object)->obj_id & LF_PDF_MAX_OBJECT;
}

/* 'renumber()' - Write 'object' under 'number' from now on. */
static void renumber(void *object, uint32_t number) {
  HPDF_Obj_Header *header = header_of(object);
  header->obj_id = (header->obj_id & ~(HPDF_UINT32)LF_PDF_MAX_OBJECT) | (HPDF_UINT32)number;
  header->gen_no = 0;
}

/* 'target_of()' - The object a reference (a libharu proxy, what a
 * dictionary or array holds for an indirect object) stands for; any other
 * object itself. */
static const void *target_of(const void *object) {
  const HPDF_Obj_Header *header = header_of(object);
  if (header && header->obj_class == HPDF_OCLASS_PROXY)
    return ((const HPDF_Proxy_Rec *)object)->obj;
  return object;
}

/* 'stream_of()' - The memory stream of a stream object, NULL for any
 * other object: a dictionary with a stream attached. */
static HPDF_Stream stream_of(const void *object) {
  if ((header_of(object)->obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_DICT)
    return NULL;
  return ((HPDF_Dict)object)->stream;
}

/* 'set_deflated()' - Whether a stream is Flate-compressed when saved: a
 * field of the dictionary, which libharu 2.3.0 sets by call only on a
 * page. */
static void set_deflated(HPDF_Dict stream, int deflated) {
  stream->filter = deflated ? HPDF_STREAM_FILTER_FLATE_DECODE
                            : HPDF_STREAM_FILTER_NONE;
}

/* 'is_deflated()' - Whether it is. */
static int is_deflated(HPDF_Dict stream) {
  return (stream->filter & HPDF_STREAM_FILTER_FLATE_DECODE) != 0;
}

/* 'page_stream()' - The memory stream a page's content goes to, in the
 * page's private attributes. */
static HPDF_Stream page_stream(HPDF_Page page) {
  return ((HPDF_PageAttr)page->attr)->stream;
}

/* 'element_count()', 'element_key()', 'element_value()' - A dictionary's
 * entries in the order they were put: saving writes a stream's dictionary
 * itself, leaving out the /Length and /Filter libharu gives it. */
static HPDF_UINT element_count(HPDF_Dict dict) { return dict->list->count; }
static const char *element_key(HPDF_Dict dict, HPDF_UINT k) {
  return ((HPDF_DictElement)HPDF_List_ItemAt(dict->list, k))->key;
}
static void *element_value(HPDF_Dict dict, HPDF_UINT k) {
  return ((HPDF_DictElement)HPDF_List_ItemAt(dict->list, k))->value;
}

/* 'is_hidden()' - Whether a value is one libharu never writes. */
static int is_hidden(const void *value) {
  return (header_of(value)->obj_id & HPDF_OTYPE_HIDDEN) != 0;
}

/* 'writer_buf()' - The lf_buf a callback stream was made with (libharu
 * keeps it as the stream's attributes). */
static lf_buf *writer_buf(HPDF_Stream stream) { return stream->attr; }

/* ---- the document and its failure -------------------------------------- */

/*
 * 'on_libharu_error()' - libharu's error handler: keep the first error of
 * this document (user_data is the document).
 */
static void HPDF_STDCALL on_libharu_error(HPDF_STATUS error_no,
                                          HPDF_STATUS detail_no,
                                          void *user_data) {
  lf_pdf_doc *doc = user_data;
  if (!doc->error_no) {
    doc->error_no = error_no;
    doc->error_detail = detail_no;
  }
}

/*
 * 'lf_pdf_doc_new()' - A libharu document whose streams are compressed
 * (saving writes the header).
 */
lf_pdf_doc *lf_pdf_doc_new(lf_pdf_cache *cache) {
  lf_pdf_doc *doc = calloc(1, sizeof *doc);
  if (!doc)
    return NULL;
  doc->cache = cache;
  doc->pdf = HPDF_New(on_libharu_error, doc);
  if (!doc->pdf)
    lf_pdf_fail(doc, "cannot create a libharu document");
  else if (HPDF_SetCompressionMode(doc->pdf, HPDF_COMP_ALL) != HPDF_OK)
    lf_pdf_fail(doc, "setting up the document");
  return doc;
}

/* 'lf_pdf_doc_cache()' - The document's cache of streams. */
lf_pdf_cache *lf_pdf_doc_cache(const lf_pdf_doc *doc) { return doc ? doc->cache : NULL; }

/*
 * 'lf_pdf_doc_free()' - Free the libharu document and what we kept.
 */
void lf_pdf_doc_free(lf_pdf_doc *doc) {
  if (!doc)
    return;
  if (doc->pdf)
    HPDF_Free(doc->pdf);
  free(doc->pins);
  free(doc);
}

/*
 * 'lf_pdf_failed()' - Whether libharu has reported an error, through the
 * handler or only in the document's error state (some calls set the error
 * without calling the handler, and some return HPDF_OK after one).  A
 * reason of our own is not counted: whoever records one returns -1.
 */
int lf_pdf_failed(const lf_pdf_doc *doc) {
  return !doc->pdf || doc->error_no != HPDF_OK ||
         HPDF_GetError(doc->pdf) != HPDF_OK;
}

/*
 * 'lf_pdf_fail()' - Record what we were doing when something failed (the
 * first reason wins); returns -1.
 */
int lf_pdf_fail(lf_pdf_doc *doc, const char *fmt, ...) {
  if (!doc->message[0]) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(doc->message, sizeof doc->message, fmt, ap);
    va_end(ap);
  }
  return -1;
}

/*
 * 'lf_pdf_fail_at()' - Record a failure that lies in the content at 'pos'
 * (a damaged picture), unless one was recorded first; returns -1.
 */
int lf_pdf_fail_at(lf_pdf_doc *doc, lf_pos pos, const char *fmt, ...) {
  if (!doc->message[0]) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(doc->message, sizeof doc->message, fmt, ap);
    va_end(ap);
    doc->message_pos = pos;
  }
  return -1;
}

/*
 * 'lf_pdf_report()' - Turn the document's failure into one diagnostic at
 * 'path': libharu's error code with our reason, or our reason alone; a
 * failure that lies in the content, at its place there.
 */
void lf_pdf_report(const lf_pdf_doc *doc, const char *path, lf_diags *diags) {
  lf_pos pos = {path, 0, 0};
  if (!doc) {
    lf_error(diags, pos, "cannot write PDF: out of memory");
    return;
  }
  if (doc->message_pos.file && doc->message[0]) {
    lf_error(diags, doc->message_pos, "%s", doc->message);
    return;
  }
  HPDF_STATUS no = doc->error_no, detail = doc->error_detail;
  if (!no && doc->pdf) {
    no = HPDF_GetError(doc->pdf);
    detail = HPDF_GetErrorDetail(doc->pdf);
  }
  if (no)
    lf_error(diags, pos, "cannot write PDF: libharu error 0x%04lX (detail %lu)%s%s",
             (unsigned long)no, (unsigned long)detail,
             doc->message[0] ? " while " : "", doc->message);
  else
    lf_error(diags, pos, "cannot write PDF: %s",
             doc->message[0] ? doc->message : "unknown failure");
}

/* ---- objects ------------------------------------------------------------ */

/* 'lf_pdf_dict()' - A direct dictionary. */
lf_pdf_obj *lf_pdf_dict(lf_pdf_doc *doc) {
  return OBJ(HPDF_Dict_New(mmgr_of(doc)));
}

/* 'lf_pdf_array()' - A direct array. */
lf_pdf_obj *lf_pdf_array(lf_pdf_doc *doc) {
  return OBJ(HPDF_Array_New(mmgr_of(doc)));
}

/*
 * 'indirect()' - Make a new object indirect; NULL when that fails
 * (HPDF_Xref_Add() has then freed it).
 */
static lf_pdf_obj *indirect(lf_pdf_doc *doc, void *object) {
  if (object && HPDF_Xref_Add(xref_of(doc), object) != HPDF_OK)
    return NULL;
  return OBJ(object);
}

/* 'lf_pdf_indirect_dict()' - A dictionary that is an object of its own. */
lf_pdf_obj *lf_pdf_indirect_dict(lf_pdf_doc *doc) {
  return indirect(doc, HPDF_Dict_New(mmgr_of(doc)));
}

/* 'lf_pdf_indirect_array()' - An array that is an object of its own. */
lf_pdf_obj *lf_pdf_indirect_array(lf_pdf_doc *doc) {
  return indirect(doc, HPDF_Array_New(mmgr_of(doc)));
}

/*
 * 'lf_pdf_stream()' - A stream object with 'size' bytes of 'data'.
 */
lf_pdf_obj *lf_pdf_stream(lf_pdf_doc *doc, const void *data, size_t size,
                          int compress) {
  HPDF_Dict stream = HPDF_DictStream_New(mmgr_of(doc), xref_of(doc));
  if (!stream)
    return NULL;
  set_deflated(stream, compress);
  if (size && HPDF_Stream_Write(stream_of(stream), data, (HPDF_UINT)size) !=
                  HPDF_OK)
    return NULL;
  return OBJ(stream);
}

/*
 * 'lf_pdf_text()' - A PDF text string for UTF-8 'text': a literal string
 * when it is all printable ASCII (the same bytes in PDFDocEncoding), else
 * UTF-16BE with a byte order mark (characters beyond U+FFFF as surrogate
 * pairs, malformed bytes as U+FFFD).  NULL when out of memory.
 */
lf_pdf_obj *lf_pdf_text(lf_pdf_doc *doc, const char *text) {
  size_t length = strlen(text);
  int ascii = length < HPDF_LIMIT_MAX_STRING_LEN;
  for (size_t i = 0; i < length && ascii; i++)
    ascii = text[i] >= 0x20 && text[i] < 0x7F;
  if (ascii)
    return OBJ(HPDF_String_New(mmgr_of(doc), text, NULL));

  unsigned char *utf16 = malloc(2 + 4 * length);
  if (!utf16)
    return NULL;
  size_t at = 0;
  utf16[at++] = 0xFE;
  utf16[at++] = 0xFF;
  for (const char *p = text, *end = text + length; p < end;) {
    int32_t cp = lf_utf8_next(&p, end);
    if (cp < 0)
      cp = 0xFFFD;
    if (cp > 0xFFFF) {
      uint32_t v = (uint32_t)cp - 0x10000;
      unsigned high = 0xD800 + (v >> 10), low = 0xDC00 + (v & 0x3FF);
      utf16[at++] = (unsigned char)(high >> 8);
      utf16[at++] = (unsigned char)high;
      utf16[at++] = (unsigned char)(low >> 8);
      utf16[at++] = (unsigned char)low;
    } else {
      utf16[at++] = (unsigned char)(cp >> 8);
      utf16[at++] = (unsigned char)cp;
    }
  }
  HPDF_Binary string = HPDF_Binary_New(mmgr_of(doc), utf16, (HPDF_UINT)at);
  free(utf16);
  return OBJ(string);
}

/* 'lf_pdf_string()' - A literal string of 'text' as it is. */
lf_pdf_obj *lf_pdf_string(lf_pdf_doc *doc, const char *text) {
  return OBJ(HPDF_String_New(mmgr_of(doc), text, NULL));
}

/* 'status()' - A libharu status as 0 or -1. */
static int status(HPDF_STATUS rc) { return rc == HPDF_OK ? 0 : -1; }

/* 'lf_pdf_dict_put()' - Put an object in a dictionary. */
int lf_pdf_dict_put(lf_pdf_obj *dict, const char *key, lf_pdf_obj *value) {
  return dict ? status(HPDF_Dict_Add((HPDF_Dict)dict, key, value)) : -1;
}

/* 'lf_pdf_dict_name()' - Put a name in a dictionary. */
int lf_pdf_dict_name(lf_pdf_obj *dict, const char *key, const char *name) {
  return dict ? status(HPDF_Dict_AddName((HPDF_Dict)dict, key, name)) : -1;
}

/* 'lf_pdf_dict_int()' - Put an integer in a dictionary. */
int lf_pdf_dict_int(lf_pdf_obj *dict, const char *key, long value) {
  return dict ? status(HPDF_Dict_AddNumber((HPDF_Dict)dict, key, (HPDF_INT32)value))
              : -1;
}

/* 'lf_pdf_dict_real()' - Put a real number in a dictionary. */
int lf_pdf_dict_real(lf_pdf_obj *dict, const char *key, double value) {
  return dict ? status(HPDF_Dict_AddReal((HPDF_Dict)dict, key, (HPDF_REAL)value)) : -1;
}

/* 'lf_pdf_dict_bool()' - Put a boolean in a dictionary. */
int lf_pdf_dict_bool(lf_pdf_obj *dict, const char *key, int value) {
  return dict ? status(HPDF_Dict_AddBoolean((HPDF_Dict)dict, key,
                                            value ? HPDF_TRUE : HPDF_FALSE))
              : -1;
}

/* 'lf_pdf_array_put()' - Append an object to an array. */
int lf_pdf_array_put(lf_pdf_obj *array, lf_pdf_obj *value) {
  return array ? status(HPDF_Array_Add((HPDF_Array)array, value)) : -1;
}

/* 'lf_pdf_array_name()' - Append a name to an array. */
int lf_pdf_array_name(lf_pdf_obj *array, const char *name) {
  return array ? status(HPDF_Array_AddName((HPDF_Array)array, name)) : -1;
}

/* 'lf_pdf_array_int()' - Append an integer to an array. */
int lf_pdf_array_int(lf_pdf_obj *array, long value) {
  return array ? status(HPDF_Array_AddNumber((HPDF_Array)array, (HPDF_INT32)value))
               : -1;
}

/* 'lf_pdf_array_real()' - Append a real number (single precision, as
 * libharu holds it) to an array. */
int lf_pdf_array_real(lf_pdf_obj *array, double value) {
  return array ? status(HPDF_Array_AddReal((HPDF_Array)array, (HPDF_REAL)value))
               : -1;
}

/* ---- the document's own objects ---------------------------------------- */

/* 'lf_pdf_catalog()' - The catalog libharu made with the document. */
lf_pdf_obj *lf_pdf_catalog(lf_pdf_doc *doc) { return OBJ(catalog_of(doc)); }

/* 'lf_pdf_add_page()' - A page of libharu's, under its page tree. */
lf_pdf_obj *lf_pdf_add_page(lf_pdf_doc *doc, double width, double height) {
  HPDF_Page page = HPDF_AddPage(doc->pdf);
  if (!page)
    return NULL;
  HPDF_Page_SetWidth(page, (HPDF_REAL)width);
  HPDF_Page_SetHeight(page, (HPDF_REAL)height);
  return OBJ(page);
}

/*
 * 'lf_pdf_page_content()' - Append to the memory stream libharu's page
 * operators write to (none is used: page content is ours).
 */
int lf_pdf_page_content(lf_pdf_obj *page, const void *data, size_t size) {
  return status(HPDF_Stream_Write(page_stream((HPDF_Page)page), data,
                                  (HPDF_UINT)size));
}

/* 'lf_pdf_add_uri_link()' - libharu's URI link annotation, without the
 * border it draws by default. */
lf_pdf_obj *lf_pdf_add_uri_link(lf_pdf_doc *doc, lf_pdf_obj *page, double left,
                                double bottom, double right, double top,
                                const char *uri) {
  (void)doc;
  HPDF_Rect rect = {(HPDF_REAL)left, (HPDF_REAL)bottom, (HPDF_REAL)right,
                    (HPDF_REAL)top};
  HPDF_Annotation annot =
      HPDF_Page_CreateURILinkAnnot((HPDF_Page)page, rect, uri);
  if (annot)
    HPDF_LinkAnnot_SetBorderStyle(annot, 0, 0, 0);
  return OBJ(annot);
}

/* 'lf_pdf_add_bookmark()' - libharu's outline item (it keeps /First,
 * /Last, /Next, /Prev and /Count), without the /Type /Outlines it gives
 * every item: only the outline's root has one (ISO 32000-1, table 153). */
lf_pdf_obj *lf_pdf_add_bookmark(lf_pdf_doc *doc, lf_pdf_obj *parent) {
  HPDF_Outline item = HPDF_CreateOutline(doc->pdf, (HPDF_Outline)parent, "", NULL);
  if (item)
    HPDF_Dict_RemoveElement(item, "Type");
  return OBJ(item);
}

/*
 * 'lf_pdf_info_text()' - A text string in the Info dictionary (put there
 * directly: HPDF_SetInfoAttr() takes only strings in an encoding of
 * libharu's, not UTF-16).
 */
int lf_pdf_info_text(lf_pdf_doc *doc, const char *key, const char *text) {
  HPDF_Dict info = info_of(doc);
  if (!info)
    return lf_pdf_fail(doc, "writing the Info dictionary");
  return status(HPDF_Dict_Add(info, key, lf_pdf_text(doc, text)));
}

/* 'lf_pdf_info_dates()' - Both dates, written by libharu with the offset
 * "+00'00'" (for UTC it writes a malformed "Z00'00'"); libharu checks the
 * day against the month. */
int lf_pdf_info_dates(lf_pdf_doc *doc, int year, int month, int day) {
  HPDF_Date date = {year, month, day, 0, 0, 0, '+', 0, 0};
  HPDF_STATUS rc = HPDF_SetInfoDateAttr(doc->pdf, HPDF_INFO_CREATION_DATE, date);
  if (rc == HPDF_OK)
    rc = HPDF_SetInfoDateAttr(doc->pdf, HPDF_INFO_MOD_DATE, date);
  return status(rc);
}

/* 'lf_pdf_producer()' - libharu's /Producer. */
const char *lf_pdf_producer(lf_pdf_doc *doc) {
  return HPDF_GetInfoAttr(doc->pdf, HPDF_INFO_PRODUCER);
}

/* 'lf_pdf_open_outline()' - /PageMode /UseOutlines. */
int lf_pdf_open_outline(lf_pdf_doc *doc) {
  return status(HPDF_SetPageMode(doc->pdf, HPDF_PAGE_MODE_USE_OUTLINE));
}

/*
 * 'lf_pdf_set_id()' - /ID [<id> <id>] in the trailer libharu made with the
 * document, where saving finds it.
 */
int lf_pdf_set_id(lf_pdf_doc *doc, const unsigned char id[16]) {
  HPDF_MMgr mmgr = mmgr_of(doc);
  HPDF_Array array = HPDF_Array_New(mmgr);
  if (array && HPDF_Dict_Add(trailer_of(doc), "ID", array) == HPDF_OK) {
    HPDF_Array_Add(array, HPDF_Binary_New(mmgr, (HPDF_BYTE *)id, 16));
    HPDF_Array_Add(array, HPDF_Binary_New(mmgr, (HPDF_BYTE *)id, 16));
  }
  return !array || lf_pdf_failed(doc) ? -1 : 0;
}

/* ---- numbers ------------------------------------------------------------ */

/*
 * 'pin()' - Give 'object' a number in advance.
 */
static int pin(lf_pdf_doc *doc, lf_pdf_obj *object, uint32_t number, int write) {
  if (!object)
    return lf_pdf_fail(doc, "numbering an object that was not made");
  if (doc->pin_count == doc->pin_cap) {
    size_t cap = doc->pin_cap ? doc->pin_cap * 2 : 64;
    pinned *grown = realloc(doc->pins, cap * sizeof *grown);
    if (!grown)
      return lf_pdf_fail(doc, "out of memory");
    doc->pins = grown;
    doc->pin_cap = cap;
  }
  doc->pins[doc->pin_count++] = (pinned){object, number, write};
  return 0;
}

/* 'lf_pdf_pin()' - Written here, under 'number'. */
int lf_pdf_pin(lf_pdf_doc *doc, lf_pdf_obj *object, uint32_t number) {
  return pin(doc, object, number, 1);
}

/* 'lf_pdf_elsewhere()' - Written elsewhere, under 'number'. */
int lf_pdf_elsewhere(lf_pdf_doc *doc, lf_pdf_obj *object, uint32_t number) {
  return pin(doc, object, number, 0);
}

/* 'lf_pdf_omit()' - Not written at all. */
int lf_pdf_omit(lf_pdf_doc *doc, lf_pdf_obj *object) {
  return pin(doc, object, 0, 0);
}

/*
 * 'lf_pdf_ref()' - A stand-in for object 'number': an indirect null (the
 * smallest object libharu has), referred to by that number, never written.
 */
lf_pdf_obj *lf_pdf_ref(lf_pdf_doc *doc, uint32_t number) {
  lf_pdf_obj *null = indirect(doc, HPDF_Null_New(mmgr_of(doc)));
  if (!null || lf_pdf_elsewhere(doc, null, number))
    return NULL;
  return null;
}

/*
 * 'lf_pdf_part_of()' - libharu's page tree root, which its pages hang
 * under, the catalog and the Info dictionary libharu made with the
 * document are omitted: the caller gives each page a /Parent of the
 * file's own page tree, and the last save writes the file's Info.
 */
int lf_pdf_part_of(lf_pdf_doc *doc) {
  return lf_pdf_omit(doc, OBJ(page_root_of(doc))) ||
                 lf_pdf_omit(doc, lf_pdf_catalog(doc)) ||
                 (info_of(doc) && lf_pdf_omit(doc, OBJ(info_of(doc))))
             ? -1
             : 0;
}

/*
 * 'lf_pdf_pages_elsewhere()' - The catalog's /Pages refers to object
 * 'number', in place of libharu's root (which counts only the pages
 * libharu made, and is omitted).
 */
int lf_pdf_pages_elsewhere(lf_pdf_doc *doc, uint32_t number) {
  if (lf_pdf_dict_put(lf_pdf_catalog(doc), "Pages", lf_pdf_ref(doc, number)) ||
      lf_pdf_omit(doc, OBJ(page_root_of(doc))))
    return lf_pdf_fail(doc, "writing the page tree");
  return 0;
}

/*
 * 'lf_pdf_number()' - The number of an object, or of the object a
 * reference (libharu's proxy) stands for.
 */
uint32_t lf_pdf_number(const lf_pdf_obj *object) {
  const void *target = object ? target_of(object) : NULL;
  return target ? number_of(target) : 0;
}

/* ---- saving ------------------------------------------------------------- */

/* What saving works with. */
typedef struct saver {
  lf_pdf_doc *doc;
  lf_buf out;               /* the objects' bytes, for the file */
  lf_buf raw;               /* a stream's bytes before compression */
  lf_buf values;            /* objects as libharu writes them */
  lf_pdf_deflater z;        /* the one compressor */
  HPDF_Stream to_values;    /* libharu stream appending to 'values' */
  size_t base;              /* numbers given go on from base + 1 */
  size_t object_count;      /* objects written, 1..object_count */
  void **objects;           /* object n at objects[n] */
  uint32_t *number;         /* object n's number in the file */
  size_t stream_number;     /* the object stream's */
  unsigned char *in_stream; /* 1 when object n goes in the object stream */
  uint32_t *offset;         /* offset in 'out' (in_stream: index in the stream) */
} saver;

/*
 * 'append_to_buf()' - libharu write callback: append to the lf_buf the
 * stream was created with.
 */
static HPDF_STATUS append_to_buf(HPDF_Stream stream, const HPDF_BYTE *data,
                                 HPDF_UINT size) {
  lf_buf *buf = writer_buf(stream);
  lf_buf_put(buf, data, size);
  return buf->failed ? HPDF_FAILD_TO_ALLOC_MEM : HPDF_OK;
}

/*
 * 'by_address()' - Order pinned objects by address (qsort, bsearch).
 */
static int by_address(const void *a, const void *b) {
  uintptr_t x = (uintptr_t)((const pinned *)a)->object;
  uintptr_t y = (uintptr_t)((const pinned *)b)->object;
  return x < y ? -1 : x > y;
}

/*
 * 'number_objects()' - Number the document's objects on from s->base + 1,
 * in the order libharu created them (the order of its cross-reference
 * table), skipping the /Length objects of streams and the objects pinned,
 * and note which go in the object stream.  libharu writes a reference
 * from the number in the object's header, so that is where the number
 * goes.
 */
static int number_objects(saver *s) {
  HPDF_Xref xref = xref_of(s->doc);
  size_t count = xref_size(xref);
  if (!count)
    return lf_pdf_fail(s->doc, "saving: more than one cross-reference section");

  unsigned char *skip = calloc(count + 1, 1);
  s->objects = calloc(count + 3, sizeof *s->objects);
  s->in_stream = calloc(count + 3, 1);
  s->offset = calloc(count + 3, sizeof *s->offset);
  s->number = calloc(count + 3, sizeof *s->number);
  if (!skip || !s->objects || !s->in_stream || !s->offset || !s->number) {
    free(skip);
    return lf_pdf_fail(s->doc, "out of memory");
  }
  /* a stream's /Length: the proxy in its dictionary's element list */
  for (size_t i = 1; i < count; i++) {
    HPDF_Dict dict = xref_object(xref, i);
    if (!stream_of(dict))
      continue;
    for (HPDF_UINT k = 0; k < element_count(dict); k++) {
      const void *value = element_value(dict, k);
      const void *length = target_of(value);
      if (strcmp(element_key(dict, k), "Length") == 0 && length != value) {
        unsigned id = number_of(length);
        if (id < count)
          skip[id] = 1;
      }
    }
  }
  /* objects with numbers given in advance, found by address */
  pinned *pins = s->doc->pins;
  size_t pin_count = s->doc->pin_count;
  if (pin_count)
    qsort(pins, pin_count, sizeof *pins, by_address);
  size_t next = s->base;
  for (size_t i = 1; i < count; i++) {
    if (skip[i])
      continue;
    void *object = xref_object(xref, i);
    pinned key = {object, 0, 0};
    const pinned *pin_of =
        pin_count ? bsearch(&key, pins, pin_count, sizeof *pins, by_address) : NULL;
    size_t number = pin_of ? pin_of->number : ++next;
    if (number > LF_PDF_MAX_OBJECT) {
      free(skip);
      return lf_pdf_fail(s->doc, "more than %d objects in one file", LF_PDF_MAX_OBJECT);
    }
    renumber(object, (uint32_t)number);
    if (pin_of && !pin_of->write)
      continue; /* written elsewhere, or not at all */
    size_t n = ++s->object_count;
    s->number[n] = (uint32_t)number;
    s->objects[n] = object;
    s->in_stream[n] = !stream_of(object);
  }
  free(skip);
  s->stream_number = ++next;
  if (next + 1 > LF_PDF_MAX_OBJECT)
    return lf_pdf_fail(s->doc, "more than %d objects in one file", LF_PDF_MAX_OBJECT);
  return 0;
}

/*
 * 'write_stream_object()' - A stream object: its dictionary without the
 * /Length and /Filter libharu gave it, the real length, the filter, and
 * the (compressed) bytes of its memory stream.
 */
static int write_stream_object(saver *s, size_t n) {
  HPDF_Dict dict = s->objects[n];
  HPDF_Stream stream = stream_of(dict);
  int deflated = is_deflated(dict);

  s->raw.length = 0;
  HPDF_UINT buffers = HPDF_MemStream_GetBufCount(stream);
  for (HPDF_UINT b = 0; b < buffers; b++) {
    HPDF_UINT len = 0;
    HPDF_BYTE *bytes = HPDF_MemStream_GetBufPtr(stream, b, &len);
    if (bytes)
      lf_buf_put(&s->raw, bytes, len);
  }
  const lf_buf *body = &s->raw;
  if (deflated) {
    lf_pdf_cache *cache = s->doc->cache;
    if (!lf_pdf_cache_find(cache, s->raw.data, s->raw.length, &s->z.packed)) {
      if (lf_pdf_deflate(&s->z, s->raw.data, s->raw.length, LF_PDF_STREAMS_LEVEL))
        return lf_pdf_fail(s->doc, "compressing a stream");
      lf_pdf_cache_put(cache, s->raw.data, s->raw.length, s->z.packed.data,
                       s->z.packed.length);
    }
    body = &s->z.packed;
  }

  s->offset[n] = (uint32_t)s->out.length;
  lf_buf_printf(&s->out, "%u 0 obj\n<<", (unsigned)s->number[n]);
  for (HPDF_UINT k = 0; k < element_count(dict); k++) {
    const char *key = element_key(dict, k);
    void *value = element_value(dict, k);
    /* a stream compressed here gets its /Filter below; one whose bytes
     * come encoded (a JPEG) keeps its own */
    if (!value || is_hidden(value) || strcmp(key, "Length") == 0 ||
        (deflated && strcmp(key, "Filter") == 0))
      continue;
    lf_pdf_buf_name(&s->out, key);
    lf_buf_put(&s->out, " ", 1);
    s->values.length = 0;
    if (HPDF_Obj_Write(value, s->to_values, NULL) != HPDF_OK)
      return lf_pdf_fail(s->doc, "writing object %zu", n);
    lf_buf_put(&s->out, s->values.data, s->values.length);
  }
  lf_buf_printf(&s->out, "/Length %zu%s>>\nstream\n", body->length,
                deflated ? "/Filter/FlateDecode" : "");
  lf_buf_put(&s->out, body->data, body->length);
  lf_buf_str(&s->out, "\nendstream\nendobj\n");
  return 0;
}

/*
 * 'write_object_stream()' - Every other object, in one object stream
 * numbered s->stream_number (local index 'local'): "n offset" pairs, then
 * the objects.
 */
static int write_object_stream(saver *s, size_t local) {
  lf_buf index = {NULL, 0, 0, 0};
  size_t count = 0;

  s->values.length = 0;
  for (size_t n = 1; n <= s->object_count; n++) {
    if (!s->in_stream[n])
      continue;
    lf_buf_printf(&index, "%u %zu ", (unsigned)s->number[n], s->values.length);
    if (HPDF_Obj_WriteValue(s->objects[n], s->to_values, NULL) != HPDF_OK) {
      lf_buf_free(&index);
      return lf_pdf_fail(s->doc, "writing object %zu", n);
    }
    lf_buf_put(&s->values, "\n", 1);
    s->offset[n] = (uint32_t)count++;
  }
  size_t first = index.length;
  lf_buf_put(&index, s->values.data, s->values.length);
  int level = index.length > LF_PDF_OBJECTS_LARGE ? LF_PDF_STREAMS_LEVEL
                                                  : LF_PDF_OBJECTS_LEVEL;
  int rc = index.failed || lf_pdf_deflate(&s->z, index.data, index.length, level);
  lf_buf_free(&index);
  if (rc)
    return lf_pdf_fail(s->doc, "out of memory");
  s->offset[local] = (uint32_t)s->out.length;
  lf_buf_printf(&s->out,
                "%zu 0 obj\n<</Type/ObjStm/N %zu/First %zu/Length %zu"
                "/Filter/FlateDecode>>\nstream\n",
                s->stream_number, count, first, s->z.packed.length);
  lf_buf_put(&s->out, s->z.packed.data, s->z.packed.length);
  lf_buf_str(&s->out, "\nendstream\nendobj\n");
  return 0;
}

/*
 * 'fill_rows()' - The rows of this save's objects and its object stream
 * (local number 'stream'), whose bytes start at file offset 'at'.
 */
static int fill_rows(const saver *s, lf_pdf_file *file, size_t stream, uint64_t at) {
  for (size_t n = 1; n <= s->object_count; n++) {
    lf_pdf_xref_row row = s->in_stream[n]
                              ? (lf_pdf_xref_row){s->stream_number, s->offset[n], 2}
                              : (lf_pdf_xref_row){at + s->offset[n], 0, 1};
    if (lf_pdf_file_row(file, s->number[n], row))
      return -1;
  }
  return lf_pdf_file_row(file, (uint32_t)s->stream_number,
                         (lf_pdf_xref_row){at + s->offset[stream], 0, 1});
}

/*
 * 'write_trailer()' - The trailer's entries, written into 'out': /Root the
 * catalog, /Info, and the /ID lf_pdf_set_id() left in libharu's trailer
 * dictionary.
 */
static int write_trailer(saver *s, lf_buf *out) {
  lf_pdf_doc *doc = s->doc;
  lf_buf_printf(out, "/Root %u 0 R", (unsigned)number_of(catalog_of(doc)));
  if (info_of(doc))
    lf_buf_printf(out, "/Info %u 0 R", (unsigned)number_of(info_of(doc)));
  void *id = HPDF_Dict_GetItem(trailer_of(doc), "ID", HPDF_OCLASS_ARRAY);
  if (id) {
    s->values.length = 0;
    lf_buf_str(out, "/ID");
    if (HPDF_Obj_Write(id, s->to_values, NULL) != HPDF_OK)
      return lf_pdf_fail(s->doc, "writing the document /ID");
    lf_buf_put(out, s->values.data, s->values.length);
  }
  lf_buf_put(out, "", 1); /* a string */
  return out->failed ? lf_pdf_fail(s->doc, "out of memory") : 0;
}

/*
 * 'saved()' - Whether every buffer of the saver grew as asked, else fail.
 */
static int saved(saver *s) {
  if (s->out.failed || s->raw.failed || s->z.packed.failed || s->values.failed ||
      lf_pdf_failed(s->doc))
    return lf_pdf_fail(s->doc, "saving the document");
  return 0;
}

/*
 * 'saver_free()' - Free what saving used.
 */
static void saver_free(saver *s) {
  lf_pdf_deflater_end(&s->z);
  if (s->to_values)
    HPDF_Stream_Free(s->to_values);
  lf_buf_free(&s->out);
  lf_buf_free(&s->raw);
  lf_buf_free(&s->values);
  free(s->objects);
  free(s->in_stream);
  free(s->offset);
  free(s->number);
}

/*
 * 'lf_pdf_save()' - Number the objects, write the stream objects and the
 * object stream (numbered after them) and their rows; with 'last', then
 * the cross-reference stream.
 */
int lf_pdf_save(lf_pdf_doc *doc, lf_pdf_file *file, int last) {
  saver s;
  lf_buf trailer = {NULL, 0, 0, 0};
  memset(&s, 0, sizeof s);
  s.doc = doc;
  s.base = lf_pdf_file_next(file) - 1;
  int rc = -1;
  if (lf_pdf_failed(doc)) {
    lf_pdf_fail(doc, "saving the document");
    goto done;
  }
  s.to_values = HPDF_CallbackWriter_New(mmgr_of(doc), append_to_buf, &s.values);
  if (!s.to_values || number_objects(&s))
    goto done;
  for (size_t n = 1; n <= s.object_count; n++)
    if (!s.in_stream[n] && write_stream_object(&s, n))
      goto done;
  size_t stream = s.object_count + 1;
  if (write_object_stream(&s, stream) || (last && write_trailer(&s, &trailer)) ||
      saved(&s))
    goto done;
  if (fill_rows(&s, file, stream, lf_pdf_file_offset(file)) ||
      lf_pdf_file_append(file, s.out.data, s.out.length, (uint32_t)s.stream_number + 1) ||
      (last && lf_pdf_file_end(file, (const char *)trailer.data, &s.z))) {
    int error = lf_pdf_file_error(file);
    lf_pdf_fail(doc, "writing the file: %s", strerror(error ? error : ENOMEM));
    goto done;
  }
  rc = 0;
done:
  lf_buf_free(&trailer);
  saver_free(&s);
  return rc;
}
