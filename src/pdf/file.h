/*
 * file.h -- the PDF file: where a PDF's bytes go (memory, or a temporary
 * file beside its target renamed into place when complete), the object
 * numbers it has handed out, a cross-reference row per object, and the
 * cross-reference stream that ends it; with the zlib compressor the
 * object layer compresses streams with.  It knows nothing of objects:
 * objects.c numbers and serializes them and gives it their bytes.
 *
 * A file may be written by one save (a document) or by many (a spool's
 * parts, then its close): its next number, its offset and its rows carry
 * over from one save to the next, and a save may write objects under
 * numbers handed out earlier (lf_pdf_file_reserve()).  A file on disk
 * keeps its rows on disk too, so that a file of any length is written in
 * the same memory.
 */
#ifndef LEAFLET_PDF_FILE_H
#define LEAFLET_PDF_FILE_H

#include <stddef.h>
#include <stdint.h>

#include <zlib.h>

#include "leaflet/buffer.h"
#include "leaflet/diag.h"

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

/* One compressor, reused for every stream of a save. */
typedef struct lf_pdf_deflater {
  z_stream zlib;
  int ready;          /* deflateInit() done */
  lf_buf packed;      /* the last output */
} lf_pdf_deflater;

/* 'lf_pdf_deflate()' - Deflate 'size' bytes at 'level' into z->packed
 * (replacing what it held).  Returns 0, or -1 when out of memory. */
int lf_pdf_deflate(lf_pdf_deflater *z, const unsigned char *data, size_t size,
                   int level);

/* 'lf_pdf_deflater_end()' - Free a compressor. */
void lf_pdf_deflater_end(lf_pdf_deflater *z);

/* One row of the cross-reference stream: type 1, the object at byte
 * 'where'; type 2, object 'index' of object stream 'where'; type 0, free. */
typedef struct lf_pdf_xref_row {
  uint64_t where : 40;  /* files up to a terabyte */
  uint64_t index : 22;  /* object streams of up to 4 million objects */
  uint64_t type : 2;
} lf_pdf_xref_row;

typedef struct lf_pdf_file lf_pdf_file;

/* 'lf_pdf_file_memory()' - A file in memory, its header written; NULL when
 * out of memory. */
lf_pdf_file *lf_pdf_file_memory(void);

/*
 * 'lf_pdf_file_create()' - A file to be renamed to 'path' (created with
 * 'mode') when committed, its header written, whose objects are numbered
 * from 'reserved' + 1: numbers 1 to 'reserved' are left to objects pinned
 * to them.  NULL after reporting an error at 'path'.
 */
lf_pdf_file *lf_pdf_file_create(const char *path, unsigned mode,
                                uint32_t reserved, lf_diags *diags);

/* 'lf_pdf_file_next()' - The next object number the file gives. */
uint32_t lf_pdf_file_next(const lf_pdf_file *file);

/* 'lf_pdf_file_offset()' - Bytes in the file so far. */
uint64_t lf_pdf_file_offset(const lf_pdf_file *file);

/*
 * 'lf_pdf_file_reserve()' - A number for an object a later save writes
 * (pinned to it): the file's next number, handed out now.
 */
uint32_t lf_pdf_file_reserve(lf_pdf_file *file);

/*
 * 'lf_pdf_file_row()' - The cross-reference row of object 'number'.  A
 * file in memory keeps its rows in memory; a file on disk writes them to
 * a temporary file of its own (unlinked as soon as it is made, so nothing
 * is left behind), 8 bytes an object at the object's place, so the memory
 * a spool needs does not grow with the objects it writes.  Returns 0, or
 * -1 (lf_pdf_file_error() says why).
 */
int lf_pdf_file_row(lf_pdf_file *file, uint32_t number, lf_pdf_xref_row row);

/* 'lf_pdf_file_append()' - Append bytes holding objects numbered up to
 * 'next' - 1.  Returns 0, or -1 (lf_pdf_file_error() says why). */
int lf_pdf_file_append(lf_pdf_file *file, const void *data, size_t size,
                       uint32_t next);

/* 'lf_pdf_file_error()' - The errno of the first failed write, or 0. */
int lf_pdf_file_error(const lf_pdf_file *file);

/*
 * 'lf_pdf_file_end()' - Append the cross-reference stream of every row
 * (its own the last, numbered the file's next number), with 'trailer' (the
 * trailer's /Root, /Info and /ID, written) in its dictionary, then
 * startxref and the end of the file; 'z' compresses it.  A file in memory
 * compresses it in one piece; a file on disk reads its rows back and
 * compresses them a piece at a time into the file, then writes the
 * stream's /Length into the room left for it.  Returns 0, or -1 (out of
 * memory, or lf_pdf_file_error()).
 */
int lf_pdf_file_end(lf_pdf_file *file, const char *trailer, lf_pdf_deflater *z);

/* 'lf_pdf_file_take()' - A file in memory: its bytes, malloc'd, for the
 * caller to free (NULL when out of memory); the file is left empty. */
unsigned char *lf_pdf_file_take(lf_pdf_file *file, size_t *size);

/* 'lf_pdf_file_commit()' - A file on disk: close it and rename it into
 * place.  Returns 0, or -1 with errno set (the file removed). */
int lf_pdf_file_commit(lf_pdf_file *file);

/* 'lf_pdf_file_free()' - Free a file, removing it from the disk unless it
 * was committed (NULL is allowed). */
void lf_pdf_file_free(lf_pdf_file *file);

#endif
