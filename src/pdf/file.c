/*
 * file.c -- the PDF file (see file.h): its bytes, its object numbers, its
 * cross-reference rows and the cross-reference stream that ends it.
 *
 * The cross-reference table is a compressed cross-reference stream
 * (ISO 32000-1, 7.5.8) with the PNG "up" predictor, instead of 20 bytes an
 * object; each field is as narrow as the largest value in it.
 *
 * A file in memory (a document) keeps its rows in an array.  A file on
 * disk (a spool: a mailing's print file, tens of thousands of pages and
 * millions of objects) writes them to a temporary file beside it, each at
 * 8 x its number, and reads them back in order at the end; its memory is
 * a run of consecutive rows waiting to be written.  A classic
 * cross-reference table written as the file grows was the other way to
 * keep rows out of memory, but it cannot point into object streams, and
 * objects in object streams are what keep a print file small.
 */
#include "file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leaflet/files.h"

enum {
  RUN_ROWS = 4096,      /* rows gathered before they go to the spill file */
  LENGTH_ROOM = 20      /* characters left for a spilled stream's /Length */
};

/* The header, and a comment of bytes above 127 marking the file binary. */
static const char header[] = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";

struct lf_pdf_file {
  lf_buf memory;              /* a file in memory: its bytes */
  int fd;                     /* a file on disk, or -1 */
  char *path, *temp;          /* its name, and its name until committed */
  int error;                  /* errno of the first failed write */
  uint64_t offset;            /* bytes written */
  uint32_t next;              /* the next object number */
  lf_pdf_xref_row *rows;      /* in memory: row n for object n */
  size_t row_cap;
  int spill;                  /* on disk: the rows' file, or -1 */
  lf_pdf_xref_row *run;       /* on disk: rows run_first.. not yet spilled */
  uint32_t run_first;
  size_t run_count;
  uint64_t widest, most;      /* the largest 'where' and 'index' of a row */
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
  file->spill = -1;
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

/* 'lf_pdf_file_reserve()' - The next number, taken now. */
uint32_t lf_pdf_file_reserve(lf_pdf_file *file) { return file->next++; }

/*
 * 'memory_rows()' - The rows of a file in memory, with room up to object
 * 'last' (new rows free, type 0).
 */
static lf_pdf_xref_row *memory_rows(lf_pdf_file *file, size_t last) {
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
 * 'failed_with()' - Record the first failure's errno; -1.
 */
static int failed_with(lf_pdf_file *file, int error) {
  if (!file->error)
    file->error = error ? error : EIO;
  return -1;
}

/*
 * 'spill_run()' - Write the gathered run of rows to the spill file (made
 * on first use beside the file, and unlinked at once).
 */
static int spill_run(lf_pdf_file *file) {
  if (!file->run_count)
    return 0;
  if (file->spill < 0) {
    char *temp;
    file->spill = lf_temp_open(file->path, 0600, &temp);
    if (file->spill < 0)
      return failed_with(file, errno);
    unlink(temp);
    free(temp);
  }
  const char *bytes = (const char *)file->run;
  size_t size = file->run_count * sizeof *file->run;
  off_t at = (off_t)file->run_first * (off_t)sizeof *file->run;
  while (size) {
    ssize_t n = pwrite(file->spill, bytes, size, at);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return failed_with(file, n < 0 ? errno : EIO);
    bytes += n;
    size -= (size_t)n;
    at += n;
  }
  file->run_count = 0;
  return 0;
}

/*
 * 'lf_pdf_file_row()' - In memory, into the array; on disk, onto the run
 * of consecutive rows, which goes to the spill file when it is full or the
 * next row does not follow it.
 */
int lf_pdf_file_row(lf_pdf_file *file, uint32_t number, lf_pdf_xref_row row) {
  if (file->error)
    return -1;
  if (row.where > file->widest)
    file->widest = row.where;
  if (row.index > file->most)
    file->most = row.index;
  if (file->fd < 0) {
    lf_pdf_xref_row *rows = memory_rows(file, number);
    if (!rows)
      return failed_with(file, ENOMEM);
    rows[number] = row;
    return 0;
  }
  if (!file->run && !(file->run = malloc(RUN_ROWS * sizeof *file->run)))
    return failed_with(file, ENOMEM);
  if (file->run_count &&
      (number != file->run_first + file->run_count || file->run_count == RUN_ROWS) &&
      spill_run(file))
    return -1;
  if (!file->run_count)
    file->run_first = number;
  file->run[file->run_count++] = row;
  return 0;
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
 * 'encode_row()' - Row 'row' as its W fields, filtered with the PNG "up"
 * predictor against the row before ('last', updated), into 'at' (1 +
 * w[0] + w[1] + w[2] bytes).
 */
static void encode_row(unsigned char *at, lf_pdf_xref_row row, int w2, int w3,
                       unsigned char *last) {
  int width = 1 + w2 + w3;
  unsigned char line[24] = {0};
  line[0] = row.type;
  put_field(line + 1, row.where, w2);
  put_field(line + 1 + w2, row.index, w3);
  at[0] = 2; /* PNG "up" */
  for (int i = 0; i < width; i++)
    at[1 + i] = (unsigned char)(line[i] - last[i]);
  memcpy(last, line, (size_t)width);
}

/*
 * 'xref_head()' - The cross-reference stream's dictionary up to its
 * /Length: object 'own', 'size' rows of fields 1, w2, w3 wide.
 */
static void xref_head(lf_buf *out, size_t own, int w2, int w3, const char *trailer) {
  lf_buf_printf(out, "%zu 0 obj\n<</Type/XRef/Size %zu/W[1 %d %d]", own, own + 1, w2,
                w3);
  lf_buf_str(out, trailer);
  lf_buf_str(out, "/Length ");
}

/*
 * 'xref_rest()' - What follows the dictionary's /Length: the filter, the
 * predictor, the start of the stream.
 */
static void xref_rest(lf_buf *out, int row_width) {
  lf_buf_printf(out, "/Filter/FlateDecode/DecodeParms<</Predictor 12/Columns %d>>>>\n"
                     "stream\n", row_width);
}

/*
 * 'xref_end()' - After the stream's bytes: the end of the object,
 * startxref at 'own_offset' and %%EOF.
 */
static void xref_end(lf_buf *out, uint64_t own_offset) {
  lf_buf_printf(out, "\nendstream\nendobj\nstartxref\n%llu\n%%%%EOF\n",
                (unsigned long long)own_offset);
}

/*
 * 'end_in_memory()' - The rows encoded and deflated in one piece.
 */
static int end_in_memory(lf_pdf_file *file, size_t own, int w2, int w3,
                         const char *trailer, lf_pdf_deflater *z) {
  size_t size = own + 1, row = (size_t)(1 + w2 + w3);
  lf_pdf_xref_row *table = memory_rows(file, own);
  unsigned char *rows = table ? calloc(size, row + 1) : NULL;
  unsigned char last[24] = {0};
  if (!rows)
    return failed_with(file, ENOMEM);
  for (size_t n = 0; n < size; n++)
    encode_row(rows + n * (row + 1), table[n], w2, w3, last);
  int rc = lf_pdf_deflate(z, rows, size * (row + 1), LF_PDF_STREAMS_LEVEL);
  free(rows);
  if (rc)
    return failed_with(file, ENOMEM);
  lf_buf out = {NULL, 0, 0, 0};
  uint64_t at = file->offset;
  xref_head(&out, own, w2, w3, trailer);
  lf_buf_printf(&out, "%zu", z->packed.length);
  xref_rest(&out, (int)row);
  lf_buf_put(&out, z->packed.data, z->packed.length);
  xref_end(&out, at);
  rc = out.failed ? failed_with(file, ENOMEM)
                  : lf_pdf_file_append(file, out.data, out.length, (uint32_t)own + 1);
  lf_buf_free(&out);
  return rc;
}

/*
 * 'read_rows()' - Up to 'count' spilled rows from object 'first' into
 * 'rows' (rows never written, past the end of the spill file, are free).
 */
static int read_rows(lf_pdf_file *file, size_t first, lf_pdf_xref_row *rows,
                     size_t count) {
  memset(rows, 0, count * sizeof *rows);
  if (file->spill < 0)
    return 0;
  char *bytes = (char *)rows;
  size_t size = count * sizeof *rows;
  off_t at = (off_t)first * (off_t)sizeof *rows;
  while (size) {
    ssize_t n = pread(file->spill, bytes, size, at);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return failed_with(file, errno);
    if (n == 0)
      break; /* the rest is free */
    bytes += n;
    size -= (size_t)n;
    at += n;
  }
  return 0;
}

/*
 * 'deflate_into_file()' - Feed 'size' bytes to the stream compressor
 * (finishing with 'finish'), appending what comes out to the file through
 * 'out'; '*packed' counts it.
 */
static int deflate_into_file(lf_pdf_file *file, z_stream *zs, const unsigned char *data,
                             size_t size, int finish, unsigned char *out, size_t room,
                             size_t *packed) {
  zs->next_in = (Bytef *)data;
  zs->avail_in = (uInt)size;
  for (;;) {
    zs->next_out = out;
    zs->avail_out = (uInt)room;
    int rc = deflate(zs, finish ? Z_FINISH : Z_NO_FLUSH);
    if (rc == Z_STREAM_ERROR)
      return failed_with(file, ENOMEM);
    size_t made = room - zs->avail_out;
    if (made && lf_pdf_file_append(file, out, made, file->next))
      return -1;
    *packed += made;
    if (finish ? rc == Z_STREAM_END : zs->avail_in == 0 && zs->avail_out != 0)
      return 0;
  }
}

/*
 * 'end_on_disk()' - The spilled rows read back a piece at a time, encoded
 * and deflated into the file, after a dictionary whose /Length is
 * written last, into room left for it.
 */
static int end_on_disk(lf_pdf_file *file, size_t own, int w2, int w3,
                       const char *trailer) {
  enum { PIECE = 8192, OUT = 1 << 16 };
  size_t row = (size_t)(1 + w2 + w3);
  uint64_t at = file->offset;
  lf_pdf_xref_row *rows = malloc(PIECE * sizeof *rows);
  unsigned char *encoded = malloc(PIECE * (row + 1)), *out = malloc(OUT);
  unsigned char last[24] = {0};
  lf_buf head = {NULL, 0, 0, 0};
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  int ready = 0, rc = -1;
  if (!rows || !encoded || !out ||
      !(ready = deflateInit(&zs, LF_PDF_STREAMS_LEVEL) == Z_OK)) {
    failed_with(file, ENOMEM);
    goto done;
  }
  xref_head(&head, own, w2, w3, trailer);
  uint64_t length_at = at + head.length;
  lf_buf_printf(&head, "%*s", LENGTH_ROOM, "");
  xref_rest(&head, (int)row);
  if (head.failed) {
    failed_with(file, ENOMEM);
    goto done;
  }
  if (lf_pdf_file_append(file, head.data, head.length, file->next))
    goto done;
  size_t packed = 0;
  for (size_t first = 0; first <= own; first += PIECE) {
    size_t count = own + 1 - first < PIECE ? own + 1 - first : PIECE;
    if (read_rows(file, first, rows, count))
      goto done;
    if (first + count == own + 1) /* its own row, never spilled */
      rows[count - 1] = (lf_pdf_xref_row){at, 0, 1};
    if (first == 0)
      rows[0] = (lf_pdf_xref_row){0, 0, 0};
    for (size_t i = 0; i < count; i++)
      encode_row(encoded + i * (row + 1), rows[i], w2, w3, last);
    if (deflate_into_file(file, &zs, encoded, count * (row + 1), first + count == own + 1,
                          out, OUT, &packed))
      goto done;
  }
  head.length = 0;
  xref_end(&head, at);
  if (head.failed) {
    failed_with(file, ENOMEM);
    goto done;
  }
  if (lf_pdf_file_append(file, head.data, head.length, (uint32_t)own + 1))
    goto done;
  char length[LENGTH_ROOM + 1];
  int n = snprintf(length, sizeof length, "%zu", packed);
  if (pwrite(file->fd, length, (size_t)n, (off_t)length_at) != n) {
    failed_with(file, errno);
    goto done;
  }
  rc = 0;
done:
  if (ready)
    deflateEnd(&zs);
  lf_buf_free(&head);
  free(rows);
  free(encoded);
  free(out);
  return rc;
}

/*
 * 'lf_pdf_file_end()' - Rows are (type, offset or object stream,
 * generation or index), each field as narrow as it can be, filtered with
 * the PNG "up" predictor, deflated.
 */
int lf_pdf_file_end(lf_pdf_file *file, const char *trailer, lf_pdf_deflater *z) {
  if (file->error)
    return -1;
  size_t own = file->next;
  lf_pdf_xref_row self = {file->offset, 0, 1};
  if (file->fd < 0) {
    if (lf_pdf_file_row(file, (uint32_t)own, self))
      return -1;
    file->rows[0] = (lf_pdf_xref_row){0, 0, 0};
  } else if (spill_run(file)) {
    return -1;
  }
  uint64_t widest = file->widest > self.where ? file->widest : self.where;
  int w2 = width_of(widest), w3 = width_of(file->most);
  return file->fd < 0 ? end_in_memory(file, own, w2, w3, trailer, z)
                      : end_on_disk(file, own, w2, w3, trailer);
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
  if (file->spill >= 0)
    close(file->spill);
  lf_buf_free(&file->memory);
  free(file->path);
  free(file->rows);
  free(file->run);
  free(file);
}
