/*
 * file.c -- the PDF file (see file.h): its bytes, its object numbers, its
 * cross-reference rows and the cross-reference stream that ends it.
 *
 * The cross-reference table is a compressed cross-reference stream
 * (ISO 32000-1, 7.5.8) with the PNG "up" predictor, instead of 20 bytes an
 * object; each field is as narrow as the largest value in it.
 */
#include "file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet/files.h"

/* The header, and a comment of bytes above 127 marking the file binary. */
static const char header[] = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";

struct lf_pdf_file {
  lf_buf memory;              /* a file in memory: its bytes */
  int fd;                     /* a file on disk, or -1 */
  char *path, *temp;          /* its name, and its name until committed */
  int error;                  /* errno of the first failed write */
  uint64_t offset;            /* bytes written */
  uint32_t next;              /* the next object number */
  lf_pdf_xref_row *rows;      /* row n for object n */
  size_t row_cap;
};

/*
 * 'lf_pdf_deflate()' - Deflate with the one compressor of a save: made on
 * first use, reset for each stream after.
 */
int lf_pdf_deflate(lf_pdf_deflater *z, const unsigned char *data, size_t size,
                   int level) {
  if (!z->ready) {
    if (deflateInit(&z->zlib, level) != Z_OK)
      return -1;
    z->ready = 1;
  } else if (deflateReset(&z->zlib) != Z_OK ||
             deflateParams(&z->zlib, level, Z_DEFAULT_STRATEGY) != Z_OK) {
    return -1;
  }
  z->packed.length = 0;
  size_t bound = deflateBound(&z->zlib, (uLong)size);
  unsigned char *out = lf_buf_room(&z->packed, bound);
  if (!out)
    return -1;
  z->zlib.next_in = (Bytef *)data;
  z->zlib.avail_in = (uInt)size;
  z->zlib.next_out = out;
  z->zlib.avail_out = (uInt)bound;
  if (deflate(&z->zlib, Z_FINISH) != Z_STREAM_END)
    return -1;
  z->packed.length = bound - z->zlib.avail_out;
  return 0;
}

/* 'lf_pdf_deflater_end()' - Free the compressor and its output. */
void lf_pdf_deflater_end(lf_pdf_deflater *z) {
  if (z->ready)
    deflateEnd(&z->zlib);
  z->ready = 0;
  lf_buf_free(&z->packed);
}

/*
 * 'new_file()' - An empty file numbering its objects from 'reserved' + 1.
 */
static lf_pdf_file *new_file(uint32_t reserved) {
  lf_pdf_file *file = calloc(1, sizeof *file);
  if (!file)
    return NULL;
  file->fd = -1;
  file->next = reserved + 1;
  return file;
}

/*
 * 'lf_pdf_file_memory()' - A file in memory, starting with the header.
 */
lf_pdf_file *lf_pdf_file_memory(void) {
  lf_pdf_file *file = new_file(0);
  if (!file)
    return NULL;
  if (lf_pdf_file_append(file, header, sizeof header - 1, file->next)) {
    lf_pdf_file_free(file);
    return NULL;
  }
  return file;
}

/*
 * 'lf_pdf_file_create()' - A temporary file beside 'path', starting with
 * the header.
 */
lf_pdf_file *lf_pdf_file_create(const char *path, unsigned mode,
                                uint32_t reserved, lf_diags *diags) {
  lf_pdf_file *file = new_file(reserved);
  if (!file || !(file->path = strdup(path))) {
    lf_error(diags, (lf_pos){path, 0, 0}, "cannot write PDF: out of memory");
    free(file);
    return NULL;
  }
  file->fd = lf_temp_open(path, mode, &file->temp);
  if (file->fd < 0 ||
      lf_pdf_file_append(file, header, sizeof header - 1, file->next)) {
    int error = file->fd < 0 ? errno : file->error;
    lf_error(diags, (lf_pos){path, 0, 0}, "cannot write PDF: %s", strerror(error));
    lf_pdf_file_free(file);
    return NULL;
  }
  return file;
}

/* 'lf_pdf_file_next()' - The next object number. */
uint32_t lf_pdf_file_next(const lf_pdf_file *file) { return file->next; }

/* 'lf_pdf_file_offset()' - Bytes written so far. */
uint64_t lf_pdf_file_offset(const lf_pdf_file *file) { return file->offset; }

/* 'lf_pdf_file_error()' - Why a write failed, or 0. */
int lf_pdf_file_error(const lf_pdf_file *file) { return file->error; }

/*
 * 'lf_pdf_file_rows()' - The rows, with room up to object 'last' (new rows
 * free, type 0).
 */
lf_pdf_xref_row *lf_pdf_file_rows(lf_pdf_file *file, size_t last) {
  if (last + 1 > file->row_cap) {
    size_t cap = file->row_cap ? file->row_cap : 64;
    while (cap < last + 1)
      cap *= 2;
    lf_pdf_xref_row *rows = realloc(file->rows, cap * sizeof *rows);
    if (!rows)
      return NULL;
    memset(rows + file->row_cap, 0, (cap - file->row_cap) * sizeof *rows);
    file->rows = rows;
    file->row_cap = cap;
  }
  return file->rows;
}

/*
 * 'lf_pdf_file_append()' - Append bytes: to memory, or written through to
 * the disk.
 */
int lf_pdf_file_append(lf_pdf_file *file, const void *data, size_t size,
                       uint32_t next) {
  if (file->error)
    return -1;
  if (file->fd >= 0) {
    if (lf_write_all(file->fd, data, size) != 0) {
      file->error = errno ? errno : EIO;
      return -1;
    }
  } else {
    lf_buf_put(&file->memory, data, size);
    if (file->memory.failed) {
      file->error = ENOMEM;
      return -1;
    }
  }
  file->offset += size;
  file->next = next;
  return 0;
}

/* 'width_of()' - Bytes needed to hold 'value' (at least 1). */
static int width_of(uint64_t value) {
  int width = 1;
  while (value >>= 8)
    width++;
  return width;
}

/*
 * 'put_field()' - 'value' big-endian in 'width' bytes.
 */
static void put_field(unsigned char *at, uint64_t value, int width) {
  for (int i = width - 1; i >= 0; i--, value >>= 8)
    at[i] = (unsigned char)value;
}

/*
 * 'lf_pdf_xref_stream()' - Rows are (type, offset or object stream,
 * generation or index), each field as narrow as it can be, filtered with
 * the PNG "up" predictor, deflated.
 */
int lf_pdf_xref_stream(lf_buf *out, const lf_pdf_xref_row *table, size_t size,
                       uint64_t own, const char *trailer, lf_pdf_deflater *z) {
  uint64_t widest = 0, most = 0;
  for (size_t n = 0; n < size; n++) {
    if (table[n].where > widest)
      widest = table[n].where;
    if (table[n].index > most)
      most = table[n].index;
  }
  int w2 = width_of(widest);
  int w3 = width_of(most);
  int row = 1 + w2 + w3;
  unsigned char *rows = calloc(size, (size_t)row + 1);
  unsigned char *last = calloc(1, (size_t)row);
  if (!rows || !last) {
    free(rows);
    free(last);
    return -1;
  }
  for (size_t n = 0; n < size; n++) {
    unsigned char line[24] = {0};
    line[0] = table[n].type;
    put_field(line + 1, table[n].where, w2);
    put_field(line + 1 + w2, table[n].index, w3);
    unsigned char *at = rows + n * ((size_t)row + 1);
    at[0] = 2; /* PNG "up" */
    for (int i = 0; i < row; i++)
      at[1 + i] = (unsigned char)(line[i] - last[i]);
    memcpy(last, line, (size_t)row);
  }
  int rc = lf_pdf_deflate(z, rows, size * ((size_t)row + 1), LF_PDF_STREAMS_LEVEL);
  free(rows);
  free(last);
  if (rc)
    return -1;
  lf_buf_printf(out, "%zu 0 obj\n<</Type/XRef/Size %zu/W[1 %d %d]", size - 1, size,
                w2, w3);
  lf_buf_str(out, trailer);
  lf_buf_printf(out,
                "/Length %zu/Filter/FlateDecode"
                "/DecodeParms<</Predictor 12/Columns %d>>>>\nstream\n",
                z->packed.length, row);
  lf_buf_put(out, z->packed.data, z->packed.length);
  lf_buf_printf(out, "\nendstream\nendobj\nstartxref\n%llu\n%%%%EOF\n",
                (unsigned long long)own);
  return out->failed ? -1 : 0;
}

/*
 * 'lf_pdf_file_take()' - Hand over the bytes of a file in memory.
 */
unsigned char *lf_pdf_file_take(lf_pdf_file *file, size_t *size) {
  unsigned char *data = file->memory.data;
  *size = file->memory.length;
  file->memory = (lf_buf){NULL, 0, 0, 0};
  return data;
}

/*
 * 'lf_pdf_file_commit()' - Close the file and rename it into place.
 */
int lf_pdf_file_commit(lf_pdf_file *file) {
  int rc = lf_temp_commit(file->fd, file->temp, file->path);
  file->fd = -1;
  file->temp = NULL; /* freed by lf_temp_commit(), either way */
  return rc;
}

/*
 * 'lf_pdf_file_free()' - Free the file; one on disk not committed is
 * removed.
 */
void lf_pdf_file_free(lf_pdf_file *file) {
  if (!file)
    return;
  if (file->temp)
    lf_temp_discard(file->fd, file->temp);
  lf_buf_free(&file->memory);
  free(file->path);
  free(file->rows);
  free(file);
}
