/*
 * save.c -- the document's bytes, written by the backend rather than by
 * HPDF_SaveToStream(), so that the file can use what PDF 1.5 and later
 * offer and libharu 2.3.0 does not write:
 *
 *   - every object that is not a stream goes into one compressed object
 *     stream (ISO 32000-1, 7.5.7), instead of sitting uncompressed in the
 *     file: dictionaries of the structure tree, pages, fonts, annotations
 *     and bookmarks are most of a tagged leaflet's objects;
 *   - the cross-reference table is a compressed cross-reference stream
 *     (7.5.8) with the PNG "up" predictor, instead of 20 bytes an object;
 *   - stream lengths are written directly instead of as separate objects;
 *   - streams are compressed by zlib (levels below), with one compressor
 *     reused for the whole document; a stream found in the cache the
 *     document was rendered with (cache.c) is copied, not compressed
 *     again: a leaflet's pages, and its font subsets when the covering
 *     letter adds no character, are the same in every request of a
 *     mailing.
 *
 * libharu still serializes each object's value (HPDF_Obj_Write), so the
 * objects the document holds are written exactly as libharu would.  Objects
 * are numbered afresh in the order libharu created them, leaving out the
 * numbers libharu gave to stream lengths.
 */
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "pdf_internal.h"

/* zlib levels (measured: see the README's Benchmark section): 7 for the
 * object stream, where it saves 2 % over 6 and 9 saves next to nothing
 * more; 6 for every other stream, where higher levels save a few bytes for
 * several times the work (level 9 is slowest on the long runs of zeros a
 * CIDToGIDMap has). */
#ifndef LF_PDF_OBJECTS_LEVEL
#define LF_PDF_OBJECTS_LEVEL 7
#endif
/* Past this many bytes (a mailing's print file, the structure of hundreds
 * of letters and leaflets) the object stream is compressed at the streams'
 * level: level 7's 2 % would cost a second of one core, in a task the
 * other workers wait for. */
#ifndef LF_PDF_OBJECTS_LARGE
#define LF_PDF_OBJECTS_LARGE ((size_t)1 << 20)
#endif
#ifndef LF_PDF_STREAMS_LEVEL
#define LF_PDF_STREAMS_LEVEL 6
#endif

/* What saving works with. */
typedef struct saver {
  lf_pdf_ctx *ctx;
  lf_pdf_buf file;          /* the PDF being written */
  lf_pdf_buf raw;           /* a stream's bytes before compression */
  lf_pdf_buf packed;        /* compressed bytes */
  lf_pdf_buf values;        /* objects as libharu writes them */
  z_stream zlib;
  int zlib_ready;
  HPDF_Stream to_values;    /* libharu stream appending to 'values' */
  size_t base;              /* numbers given go on from base + 1 (0, but
                               for a part of a spool) */
  size_t object_count;      /* objects written, 1..object_count */
  void **objects;           /* object n at objects[n] */
  uint32_t *number;         /* object n's number in the file */
  size_t stream_number;     /* the object stream's */
  unsigned char *in_stream; /* 1 when object n goes in the object stream */
  uint32_t *offset;         /* file offset (in_stream: index in the stream) */
} saver;

/*
 * 'append_to_buf()' - libharu write callback: append to the lf_pdf_buf the
 * stream was created with.
 */
static HPDF_STATUS append_to_buf(HPDF_Stream stream, const HPDF_BYTE *data,
                                 HPDF_UINT size) {
  lf_pdf_buf *buf = stream->attr;
  lf_pdf_buf_put(buf, data, size);
  return buf->failed ? HPDF_FAILD_TO_ALLOC_MEM : HPDF_OK;
}

/*
 * 'deflate_bytes()' - Deflate 'size' bytes at 'level' into s->packed
 * (replacing what it held), with the one compressor the document uses.
 * Returns 0, or -1 when out of memory.
 */
static int deflate_bytes(saver *s, const unsigned char *data, size_t size,
                         int level) {
  if (!s->zlib_ready) {
    if (deflateInit(&s->zlib, level) != Z_OK)
      return -1;
    s->zlib_ready = 1;
  } else if (deflateReset(&s->zlib) != Z_OK ||
             deflateParams(&s->zlib, level, Z_DEFAULT_STRATEGY) != Z_OK) {
    return -1;
  }
  s->packed.length = 0;
  size_t bound = deflateBound(&s->zlib, (uLong)size);
  unsigned char *out = lf_pdf_buf_room(&s->packed, bound);
  if (!out)
    return -1;
  s->zlib.next_in = (Bytef *)data;
  s->zlib.avail_in = (uInt)size;
  s->zlib.next_out = out;
  s->zlib.avail_out = (uInt)bound;
  if (deflate(&s->zlib, Z_FINISH) != Z_STREAM_END)
    return -1;
  s->packed.length = bound - s->zlib.avail_out;
  return 0;
}

/*
 * 'object_number()' - The number an object is written under (libharu
 * writes references from the number in its header).
 */
static unsigned object_number(const void *object) {
  return ((const HPDF_Obj_Header *)object)->obj_id & 0x00FFFFFFu;
}

/*
 * 'lf_pdf_number()' - The number of an object, or of the object a
 * reference (libharu's proxy) stands for.
 */
uint32_t lf_pdf_number(const void *object) {
  const HPDF_Obj_Header *header = object;
  if (header && header->obj_class == HPDF_OCLASS_PROXY)
    object = ((const HPDF_Proxy_Rec *)object)->obj;
  return object ? object_number(object) : 0;
}

/*
 * 'by_address()' - Order pinned objects by address (qsort, bsearch).
 */
static int by_address(const void *a, const void *b) {
  uintptr_t x = (uintptr_t)((const lf_pdf_pinned *)a)->object;
  uintptr_t y = (uintptr_t)((const lf_pdf_pinned *)b)->object;
  return x < y ? -1 : x > y;
}

/*
 * 'number_objects()' - Number the document's objects 1, 2 ... in the
 * order libharu created them, skipping the /Length objects of streams, and
 * note which go in the object stream.
 */
static int number_objects(saver *s) {
  HPDF_Xref xref = s->ctx->doc->xref;
  size_t count = xref->entries->count;
  if (xref->prev)
    return lf_pdf_fail(s->ctx, "saving: more than one cross-reference section");

  unsigned char *skip = calloc(count + 1, 1);
  s->objects = calloc(count + 3, sizeof *s->objects);
  s->in_stream = calloc(count + 3, 1);
  s->offset = calloc(count + 3, sizeof *s->offset);
  s->number = calloc(count + 3, sizeof *s->number);
  if (!skip || !s->objects || !s->in_stream || !s->offset || !s->number) {
    free(skip);
    return lf_pdf_fail(s->ctx, "out of memory");
  }
  for (size_t i = 1; i < count; i++) {
    HPDF_XrefEntry entry = HPDF_Xref_GetEntry(xref, (HPDF_UINT)i);
    HPDF_Obj_Header *header = entry->obj;
    if ((header->obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_DICT ||
        !((HPDF_Dict)entry->obj)->stream)
      continue;
    HPDF_Dict dict = entry->obj;
    for (HPDF_UINT k = 0; k < dict->list->count; k++) {
      HPDF_DictElement element = HPDF_List_ItemAt(dict->list, k);
      const HPDF_Obj_Header *value = element->value;
      if (strcmp(element->key, "Length") == 0 &&
          value->obj_class == HPDF_OCLASS_PROXY) {
        unsigned id = object_number(((const HPDF_Proxy_Rec *)value)->obj);
        if (id < count)
          skip[id] = 1;
      }
    }
  }
  /* objects with numbers given in advance, found by address */
  lf_pdf_pinned *pinned = s->ctx->fixed;
  size_t pinned_count = s->ctx->fixed_count;
  if (pinned_count)
    qsort(pinned, pinned_count, sizeof *pinned, by_address);
  size_t next = s->base;
  for (size_t i = 1; i < count; i++) {
    HPDF_XrefEntry entry = HPDF_Xref_GetEntry(xref, (HPDF_UINT)i);
    if (skip[i])
      continue;
    HPDF_Obj_Header *header = entry->obj;
    lf_pdf_pinned key = {entry->obj, 0, 0};
    const lf_pdf_pinned *pin =
        pinned_count ? bsearch(&key, pinned, pinned_count, sizeof *pinned, by_address) : NULL;
    size_t number = pin ? pin->number : ++next;
    header->obj_id = (header->obj_id & 0xFF000000u) | (HPDF_UINT32)number;
    header->gen_no = 0;
    if (pin && !pin->write)
      continue; /* written elsewhere, or not at all */
    size_t n = ++s->object_count;
    s->number[n] = (uint32_t)number;
    s->objects[n] = entry->obj;
    s->in_stream[n] = !((header->obj_class & HPDF_OCLASS_ANY) ==
                            HPDF_OCLASS_DICT &&
                        ((HPDF_Dict)entry->obj)->stream);
  }
  free(skip);
  s->stream_number = ++next;
  return 0;
}

/*
 * 'write_stream_object()' - A stream object: its dictionary without the
 * /Length and /Filter libharu gave it, the real length, the filter, and
 * the (compressed) bytes.
 */
static int write_stream_object(saver *s, size_t n) {
  HPDF_Dict dict = s->objects[n];
  HPDF_Stream stream = dict->stream;
  int deflated = (dict->filter & HPDF_STREAM_FILTER_FLATE_DECODE) != 0;

  s->raw.length = 0;
  HPDF_UINT buffers = HPDF_MemStream_GetBufCount(stream);
  for (HPDF_UINT b = 0; b < buffers; b++) {
    HPDF_UINT len = 0;
    HPDF_BYTE *bytes = HPDF_MemStream_GetBufPtr(stream, b, &len);
    if (bytes)
      lf_pdf_buf_put(&s->raw, bytes, len);
  }
  const lf_pdf_buf *body = &s->raw;
  if (deflated) {
    lf_pdf_cache *cache = s->ctx->cache;
    if (!lf_pdf_cache_find(cache, s->raw.data, s->raw.length, &s->packed)) {
      if (deflate_bytes(s, s->raw.data, s->raw.length, LF_PDF_STREAMS_LEVEL))
        return lf_pdf_fail(s->ctx, "compressing a stream");
      lf_pdf_cache_put(cache, s->raw.data, s->raw.length, s->packed.data,
                       s->packed.length);
    }
    body = &s->packed;
  }

  s->offset[n] = (uint32_t)s->file.length;
  lf_pdf_buf_printf(&s->file, "%u 0 obj\n<<", (unsigned)s->number[n]);
  for (HPDF_UINT k = 0; k < dict->list->count; k++) {
    HPDF_DictElement element = HPDF_List_ItemAt(dict->list, k);
    const HPDF_Obj_Header *value = element->value;
    if (!value || (value->obj_id & HPDF_OTYPE_HIDDEN) ||
        strcmp(element->key, "Length") == 0 ||
        strcmp(element->key, "Filter") == 0)
      continue;
    lf_pdf_buf_name(&s->file, element->key);
    lf_pdf_buf_put(&s->file, " ", 1);
    s->values.length = 0;
    if (HPDF_Obj_Write(element->value, s->to_values, NULL) != HPDF_OK)
      return lf_pdf_fail(s->ctx, "writing object %zu", n);
    lf_pdf_buf_put(&s->file, s->values.data, s->values.length);
  }
  lf_pdf_buf_printf(&s->file, "/Length %zu%s>>\nstream\n", body->length,
                    deflated ? "/Filter/FlateDecode" : "");
  lf_pdf_buf_put(&s->file, body->data, body->length);
  lf_pdf_buf_str(&s->file, "\nendstream\nendobj\n");
  return 0;
}

/*
 * 'write_object_stream()' - Every other object, in one object stream
 * numbered 'number': "n offset" pairs, then the objects.
 */
static int write_object_stream(saver *s, size_t number) {
  lf_pdf_buf index = {NULL, 0, 0, 0};
  size_t count = 0;

  s->values.length = 0;
  for (size_t n = 1; n <= s->object_count; n++) {
    if (!s->in_stream[n])
      continue;
    lf_pdf_buf_printf(&index, "%u %zu ", (unsigned)s->number[n], s->values.length);
    if (HPDF_Obj_WriteValue(s->objects[n], s->to_values, NULL) != HPDF_OK) {
      lf_pdf_buf_free(&index);
      return lf_pdf_fail(s->ctx, "writing object %zu", n);
    }
    lf_pdf_buf_put(&s->values, "\n", 1);
    s->offset[n] = (uint32_t)count++;
  }
  size_t first = index.length;
  lf_pdf_buf_put(&index, s->values.data, s->values.length);
  int level = index.length > LF_PDF_OBJECTS_LARGE ? LF_PDF_STREAMS_LEVEL
                                                  : LF_PDF_OBJECTS_LEVEL;
  int rc = index.failed || deflate_bytes(s, index.data, index.length, level);
  lf_pdf_buf_free(&index);
  if (rc)
    return lf_pdf_fail(s->ctx, "out of memory");
  s->offset[number] = (uint32_t)s->file.length;
  lf_pdf_buf_printf(&s->file,
                    "%zu 0 obj\n<</Type/ObjStm/N %zu/First %zu/Length %zu"
                    "/Filter/FlateDecode>>\nstream\n",
                    s->stream_number, count, first, s->packed.length);
  lf_pdf_buf_put(&s->file, s->packed.data, s->packed.length);
  lf_pdf_buf_str(&s->file, "\nendstream\nendobj\n");
  return 0;
}

/* 'width_of()' - Bytes needed to hold 'value' (at least 1). */
static int width_of(size_t value) {
  int width = 1;
  while (value >>= 8)
    width++;
  return width;
}

/*
 * 'put_field()' - 'value' big-endian in 'width' bytes.
 */
static void put_field(unsigned char *at, size_t value, int width) {
  for (int i = width - 1; i >= 0; i--, value >>= 8)
    at[i] = (unsigned char)value;
}

/*
 * 'write_xref_stream()' - The cross-reference stream of 'size' rows (the
 * last one its own, numbered size - 1, at file offset 'own'), with the
 * trailer's entries, then startxref and the end of the file.  Rows are
 * (type, offset or object stream, generation or index), each field as
 * narrow as it can be, filtered with the PNG "up" predictor.
 */
static int write_xref_stream(saver *s, const lf_pdf_xref_row *table,
                             size_t size, uint64_t own) {
  HPDF_Doc doc = s->ctx->doc;
  uint64_t widest = 0, most = 0;
  for (size_t n = 0; n < size; n++) {
    if (table[n].where > widest)
      widest = table[n].where;
    if (table[n].index > most)
      most = table[n].index;
  }
  int w2 = width_of((size_t)widest);
  int w3 = width_of((size_t)most);
  int row = 1 + w2 + w3;
  unsigned char *rows = calloc(size, (size_t)row + 1);
  unsigned char *last = calloc(1, (size_t)row);
  if (!rows || !last) {
    free(rows);
    free(last);
    return lf_pdf_fail(s->ctx, "out of memory");
  }
  for (size_t n = 0; n < size; n++) {
    unsigned char line[24] = {0};
    line[0] = table[n].type;
    put_field(line + 1, (size_t)table[n].where, w2);
    put_field(line + 1 + w2, table[n].index, w3);
    unsigned char *out = rows + n * ((size_t)row + 1);
    out[0] = 2; /* PNG "up" */
    for (int i = 0; i < row; i++)
      out[1 + i] = (unsigned char)(line[i] - last[i]);
    memcpy(last, line, (size_t)row);
  }
  int rc = deflate_bytes(s, rows, size * ((size_t)row + 1),
                         LF_PDF_STREAMS_LEVEL);
  free(rows);
  free(last);
  if (rc)
    return lf_pdf_fail(s->ctx, "out of memory");

  lf_pdf_buf_printf(&s->file,
                    "%zu 0 obj\n<</Type/XRef/Size %zu/W[1 %d %d]"
                    "/Root %u 0 R",
                    size - 1, size, w2, w3, object_number(doc->catalog));
  if (doc->info)
    lf_pdf_buf_printf(&s->file, "/Info %u 0 R", object_number(doc->info));
  void *id = HPDF_Dict_GetItem(doc->trailer, "ID", HPDF_OCLASS_ARRAY);
  if (id) {
    s->values.length = 0;
    lf_pdf_buf_str(&s->file, "/ID");
    if (HPDF_Obj_Write(id, s->to_values, NULL) != HPDF_OK)
      return lf_pdf_fail(s->ctx, "writing the document /ID");
    lf_pdf_buf_put(&s->file, s->values.data, s->values.length);
  }
  lf_pdf_buf_printf(&s->file,
                    "/Length %zu/Filter/FlateDecode"
                    "/DecodeParms<</Predictor 12/Columns %d>>>>\nstream\n",
                    s->packed.length, row);
  lf_pdf_buf_put(&s->file, s->packed.data, s->packed.length);
  lf_pdf_buf_printf(&s->file, "\nendstream\nendobj\nstartxref\n%llu\n%%%%EOF\n",
                    (unsigned long long)own);
  return 0;
}

/*
 * 'fill_rows()' - The rows of this saver's objects and its object stream
 * (local number 'stream'), whose bytes start at file offset 'at'.
 */
static void fill_rows(const saver *s, lf_pdf_xref_row *rows, size_t stream,
                      uint64_t at) {
  for (size_t n = 1; n <= s->object_count; n++) {
    lf_pdf_xref_row *r = &rows[s->number[n]];
    if (s->in_stream[n])
      *r = (lf_pdf_xref_row){s->stream_number, s->offset[n], 2};
    else
      *r = (lf_pdf_xref_row){at + s->offset[n], 0, 1};
  }
  rows[s->stream_number] = (lf_pdf_xref_row){at + s->offset[stream], 0, 1};
}

/*
 * 'write_objects()' - Number the objects from s->base + 1, then write the
 * stream objects and the object stream (numbered after them) to s->file.
 */
static int write_objects(saver *s) {
  s->to_values = HPDF_CallbackWriter_New(s->ctx->doc->mmgr, append_to_buf,
                                         &s->values);
  if (!s->to_values || number_objects(s))
    return -1;
  if (!s->ctx->spool)
    /* The header, and a comment of bytes above 127 marking the file
     * binary (a spool writes its own when it opens). */
    lf_pdf_buf_str(&s->file, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
  for (size_t n = 1; n <= s->object_count; n++)
    if (!s->in_stream[n] && write_stream_object(s, n))
      return -1;
  return write_object_stream(s, s->object_count + 1);
}

/*
 * 'saved()' - Whether every buffer of the saver grew as asked, else fail.
 */
static int saved(saver *s) {
  if (s->file.failed || s->raw.failed || s->packed.failed || s->values.failed ||
      lf_pdf_failed(s->ctx))
    return lf_pdf_fail(s->ctx, "saving the document");
  return 0;
}

/*
 * 'saver_free()' - Free what saving used.
 */
static void saver_free(saver *s) {
  if (s->zlib_ready)
    deflateEnd(&s->zlib);
  if (s->to_values)
    HPDF_Stream_Free(s->to_values);
  lf_pdf_buf_free(&s->file);
  lf_pdf_buf_free(&s->raw);
  lf_pdf_buf_free(&s->packed);
  lf_pdf_buf_free(&s->values);
  free(s->objects);
  free(s->in_stream);
  free(s->offset);
  free(s->number);
}

/*
 * 'lf_pdf_save()' - Header, stream objects, the object stream, the
 * cross-reference stream.
 */
int lf_pdf_save(lf_pdf_ctx *ctx, unsigned char **data, size_t *size) {
  saver s;
  memset(&s, 0, sizeof s);
  s.ctx = ctx;
  int rc = -1;
  lf_pdf_xref_row *rows = NULL;
  if (write_objects(&s))
    goto done;
  size_t stream = s.object_count + 1, count = s.stream_number + 2;
  rows = calloc(count, sizeof *rows);
  if (!rows) {
    lf_pdf_fail(ctx, "out of memory");
    goto done;
  }
  fill_rows(&s, rows, stream, 0);
  rows[count - 1] = (lf_pdf_xref_row){s.file.length, 0, 1};
  if (write_xref_stream(&s, rows, count, s.file.length) || saved(&s))
    goto done;
  *data = s.file.data;
  *size = s.file.length;
  s.file.data = NULL;
  rc = 0;
done:
  free(rows);
  saver_free(&s);
  return rc;
}

/*
 * 'save_spooled()' - Objects of a spooled document, numbered on from the
 * spool's, appended to its file with their cross-reference rows kept; the
 * 'last' ones (the close) followed by the cross-reference stream of the
 * whole file.
 */
static int save_spooled(lf_pdf_ctx *ctx, int last) {
  saver s;
  memset(&s, 0, sizeof s);
  s.ctx = ctx;
  s.base = lf_pdf_spool_next(ctx->spool) - 1;
  int rc = -1;
  if (write_objects(&s))
    goto done;
  size_t stream = s.object_count + 1;
  size_t count = s.stream_number + 1 + (last ? 1 : 0); /* rows, the xref's own */
  lf_pdf_xref_row *rows = lf_pdf_spool_rows(ctx->spool, count - 1);
  if (!rows) {
    lf_pdf_fail(ctx, "out of memory");
    goto done;
  }
  uint64_t at = lf_pdf_spool_offset(ctx->spool);
  fill_rows(&s, rows, stream, at);
  if (last) {
    rows[0] = (lf_pdf_xref_row){0, 0, 0};
    rows[count - 1] = (lf_pdf_xref_row){at + s.file.length, 0, 1};
    if (write_xref_stream(&s, rows, count, at + s.file.length))
      goto done;
  }
  if (saved(&s))
    goto done;
  rc = lf_pdf_spool_emit(ctx->spool, s.file.data, s.file.length, (uint32_t)count);
  if (rc)
    lf_pdf_fail(ctx, "writing the file");
done:
  saver_free(&s);
  return rc;
}

/*
 * 'lf_pdf_save_part()' - A part of a spooled document, appended to the
 * spool's file.
 */
int lf_pdf_save_part(lf_pdf_ctx *ctx) { return save_spooled(ctx, 0); }

/*
 * 'lf_pdf_save_last()' - The objects that close a spooled document, then
 * the cross-reference stream of the whole file.
 */
int lf_pdf_save_last(lf_pdf_ctx *ctx) { return save_spooled(ctx, 1); }
