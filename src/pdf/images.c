/*
 * images.c -- pictures as image XObjects (see images.h).
 *
 * PNG: a file whose compressed rows a PDF reader takes as they are (8-bit
 * grey or RGB, or a palette's indices under an /Indexed colour space; not
 * interlaced, nothing transparent: what drawing programs export) goes in
 * as it is, its IDAT data under /Predictor 15, inflated once to prove it
 * whole; that costs a fiftieth of decoding and compressing it again.  Any
 * other PNG: libpng decodes the file from memory (a transparent palette
 * expanded, grey brought to 8 bits, 16-bit samples cut to 8, the tRNS colour made
 * transparent), transparency is laid on white (a leaflet is printed on
 * white paper: no soft mask to carry), and the rows are Flate-compressed
 * twice, as they are and filtered as PNG filters them (each row by the
 * filter that leaves the least to store, as libpng chooses), for
 * /DecodeParms /Predictor 15; the smaller is kept.  Measured (README):
 * predictors shrink a photograph by a fifth but grow a flat-coloured
 * drawing, such as the content's own, by a quarter.  Interlaced files are
 * decoded whole (within the pixel limit of imagefile.h), others a row at
 * a time, so memory stays a few rows.
 *
 * JPEG: libjpeg decodes the whole file, a row at a time, to prove it
 * sound (any warning, such as data cut short, is an error), within 64 MiB
 * of its own memory; then the file's bytes are the stream, /DCTDecode.
 *
 * Each is done once per run: the result is kept in the document's cache
 * under the file's bytes (a PNG's compressed rows; for a JPEG, one byte
 * saying it decoded).  A picture is made once per document: pictures are
 * told apart by the SHA-256 of their bytes, so a spool's parts share one.
 */
#include "images.h"

#include <jpeglib.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "cache.h"
#include "drawings.h"
#include "file.h"
#include "leaflet/buffer.h"
#include "leaflet/sha256.h"

/* zlib's level for a picture's rows, as for every other stream: level 9
 * saves 6 % on the content's drawing for four times the work. */
#ifndef LF_PDF_IMAGE_LEVEL
#define LF_PDF_IMAGE_LEVEL LF_PDF_STREAMS_LEVEL
#endif

/* libjpeg's own memory for one picture (a progressive JPEG keeps its
 * coefficients whole). */
#define JPEG_MEMORY_MAX ((long)64 << 20)

/* One picture of the document (or spool). */
typedef struct image_entry {
  unsigned char digest[LF_SHA256_SIZE];
  char name[16];            /* its resource name, "Im1" */
  lf_pdf_obj *object;       /* made in the document being drawn, or NULL */
  uint32_t number;          /* written by an earlier save, or 0 */
} image_entry;

struct lf_pdf_images {
  image_entry *entries;
  size_t count, cap;
};

/* 'lf_pdf_images_new()' - An empty set. */
lf_pdf_images *lf_pdf_images_new(void) { return calloc(1, sizeof(lf_pdf_images)); }

/* 'lf_pdf_images_free()' - Free the set. */
void lf_pdf_images_free(lf_pdf_images *images) {
  if (!images)
    return;
  free(images->entries);
  free(images);
}

/* ---- PNG ----------------------------------------------------------------- */

/* What decoding a PNG works with. */
typedef struct png_job {
  const unsigned char *data;
  size_t size, at;
  char why[200];            /* libpng's complaint */
  jmp_buf jump;
} png_job;

/* 'png_read_bytes()' - libpng's reader over the file in memory. */
static void png_read_bytes(png_structp png, png_bytep out, size_t n) {
  png_job *job = png_get_io_ptr(png);
  if (n > job->size - job->at)
    png_error(png, "the file ends too soon");
  memcpy(out, job->data + job->at, n);
  job->at += n;
}

/* 'png_fail()' - libpng's error handler: keep the message, jump back. */
static void png_fail(png_structp png, png_const_charp message) {
  png_job *job = png_get_error_ptr(png);
  snprintf(job->why, sizeof job->why, "%s", message);
  longjmp(job->jump, 1);
}

/* 'png_quiet()' - libpng's warnings (an unknown colour profile, say)
 * change nothing printed. */
static void png_quiet(png_structp png, png_const_charp message) {
  (void)png;
  (void)message;
}

/* 'paeth()' - PNG's Paeth predictor. */
static int paeth(int a, int b, int c) {
  int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* 'cost()' - What a filtered byte costs: its size taken as signed. */
static inline unsigned cost(unsigned char v) { return v < 128 ? v : 256u - v; }

/*
 * 'filter_row()' - Filter 'row' ('n' bytes, 'bpp' a pixel; 'prior' the row
 * above, zeros for the first) by the PNG filter whose bytes, taken as
 * signed, add up least (libpng's choice), into 'out' + 1, its type in
 * out[0].  Each filter is summed in a loop of its own (the compiler makes
 * the simple ones vector code); only the winner is written.
 */
static void filter_row(const unsigned char *row, const unsigned char *prior, size_t n,
                       int bpp, unsigned char *out) {
  size_t b = (size_t)bpp < n ? (size_t)bpp : n;
  unsigned long sum[5] = {0, 0, 0, 0, 0};
  /* the first pixel has nothing to its left */
  for (size_t i = 0; i < b; i++) {
    sum[0] += cost(row[i]);
    sum[1] += cost(row[i]);
    sum[2] += cost((unsigned char)(row[i] - prior[i]));
    sum[3] += cost((unsigned char)(row[i] - prior[i] / 2));
    sum[4] += cost((unsigned char)(row[i] - prior[i]));
  }
  unsigned long s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0;
  for (size_t i = b; i < n; i++)
    s0 += cost(row[i]);
  for (size_t i = b; i < n; i++)
    s1 += cost((unsigned char)(row[i] - row[i - b]));
  for (size_t i = b; i < n; i++)
    s2 += cost((unsigned char)(row[i] - prior[i]));
  for (size_t i = b; i < n; i++)
    s3 += cost((unsigned char)(row[i] - ((row[i - b] + prior[i]) >> 1)));
  for (size_t i = b; i < n; i++)
    s4 += cost((unsigned char)(row[i] - paeth(row[i - b], prior[i], prior[i - b])));
  sum[0] += s0;
  sum[1] += s1;
  sum[2] += s2;
  sum[3] += s3;
  sum[4] += s4;
  int type = 0;
  for (int t = 1; t < 5; t++)
    if (sum[t] < sum[type])
      type = t;
  out[0] = (unsigned char)type;
  for (size_t i = 0; i < n; i++) {
    int a = i >= b ? row[i - b] : 0, c = i >= b ? prior[i - b] : 0, up = prior[i];
    int pred = type == 0 ? 0 : type == 1 ? a : type == 2 ? up : type == 3 ? (a + up) / 2
                                                                        : paeth(a, up, c);
    out[1 + i] = (unsigned char)(row[i] - pred);
  }
}

/* What the compressed rows go through. */
typedef struct row_sink {
  z_stream zlib;
  lf_buf out;
  int ok;
} row_sink;

/* 'sink_put()' - Deflate 'n' more bytes (Z_FINISH with 'last'). */
static void sink_put(row_sink *s, const unsigned char *data, size_t n, int last) {
  s->zlib.next_in = (Bytef *)data;
  s->zlib.avail_in = (uInt)n;
  do {
    unsigned char *room = lf_buf_room(&s->out, 65536);
    if (!room) {
      s->ok = 0;
      return;
    }
    s->zlib.next_out = room;
    s->zlib.avail_out = 65536;
    int rc = deflate(&s->zlib, last ? Z_FINISH : Z_NO_FLUSH);
    s->out.length += 65536 - s->zlib.avail_out;
    if (rc == Z_STREAM_ERROR) {
      s->ok = 0;
      return;
    }
    if (last && rc == Z_STREAM_END)
      return;
  } while (s->zlib.avail_out == 0 || (last && s->zlib.avail_in == 0));
}

/*
 * 'flatten()' - A decoded row of 'channels' (grey, grey+alpha, RGB or
 * RGBA) as 'colours' (1 or 3) on white.
 */
static void flatten(const unsigned char *in, int channels, unsigned width, unsigned char *out) {
  int colours = channels >= 3 ? 3 : 1, alpha = channels == 2 || channels == 4;
  if (!alpha) {
    memcpy(out, in, (size_t)width * colours);
    return;
  }
  for (unsigned x = 0; x < width; x++) {
    const unsigned char *px = in + (size_t)x * channels;
    unsigned a = alpha ? px[colours] : 255;
    for (int c = 0; c < colours; c++)
      out[(size_t)x * colours + c] = (unsigned char)((px[c] * a + 255 * (255 - a) + 127) / 255);
  }
}

/*
 * 'encode_png()' - Decode a PNG and compress its rows into 'packed' twice,
 * unfiltered and filtered (filter_row()), keeping the smaller: predictors
 * shrink a photograph by a fifth and grow a flat-coloured drawing by a
 * quarter (see the README).  '*colours' receives 1 or 3.  Returns 0, or -1
 * with the reason in job->why.
 */
static int encode_png(png_job *job, lf_buf *packed, int *colours_out) {
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, job, png_fail, png_quiet);
  png_infop info = png ? png_create_info_struct(png) : NULL;
  unsigned char *volatile whole = NULL, *volatile rows = NULL;
  png_bytep *volatile pointers = NULL;
  row_sink *volatile sinks = calloc(2, sizeof *sinks);
  int rc = -1;
  if (!png || !info || !sinks) {
    snprintf(job->why, sizeof job->why, "out of memory");
    goto done;
  }
  if (setjmp(job->jump))
    goto done;
  png_set_read_fn(png, job, png_read_bytes);
  png_set_user_limits(png, LF_IMAGE_MAX_SIDE, LF_IMAGE_MAX_SIDE);
  png_set_chunk_malloc_max(png, (png_alloc_size_t)8 << 20);
  png_read_info(png, info);
  int type = png_get_color_type(png, info), depth = png_get_bit_depth(png, info);
  unsigned width = png_get_image_width(png, info), height = png_get_image_height(png, info);
  if ((unsigned long long)width * height > LF_IMAGE_MAX_PIXELS)
    png_error(png, "too many pixels");
  if (type == PNG_COLOR_TYPE_PALETTE)
    png_set_palette_to_rgb(png);
  if (type == PNG_COLOR_TYPE_GRAY && depth < 8)
    png_set_expand_gray_1_2_4_to_8(png);
  if (png_get_valid(png, info, PNG_INFO_tRNS))
    png_set_tRNS_to_alpha(png);
  if (depth == 16)
    png_set_strip_16(png);
  int passes = png_set_interlace_handling(png);
  png_read_update_info(png, info);
  int channels = png_get_channels(png, info);
  size_t rowbytes = png_get_rowbytes(png, info);
  int colours = channels >= 3 ? 3 : 1;
  size_t n = (size_t)width * colours;
  if (rowbytes != (size_t)width * channels)
    png_error(png, "unexpected row size");
  /* a decoded row, the flattened row and the one above, a filtered row */
  rows = calloc(3 * n + rowbytes + 1, 1);
  if (!rows)
    png_error(png, "out of memory");
  unsigned char *decoded = rows, *row = rows + rowbytes, *prior = row + n,
                *filtered = prior + n;
  for (int k = 0; k < 2; k++) {
    if (deflateInit(&sinks[k].zlib, LF_PDF_IMAGE_LEVEL) != Z_OK)
      png_error(png, "out of memory");
    sinks[k].ok = 1;
  }
  if (passes > 1) {
    whole = malloc(rowbytes * height);
    pointers = malloc(height * sizeof *pointers);
    if (!whole || !pointers)
      png_error(png, "out of memory");
    for (unsigned y = 0; y < height; y++)
      pointers[y] = whole + rowbytes * y;
    png_read_image(png, pointers);
  }
  static const unsigned char none = 0;
  for (unsigned y = 0; y < height && sinks[0].ok && sinks[1].ok; y++) {
    const unsigned char *in = whole ? whole + rowbytes * y : decoded;
    if (!whole)
      png_read_row(png, decoded, NULL);
    flatten(in, channels, width, row);
    sink_put(&sinks[0], &none, 1, 0);
    sink_put(&sinks[0], row, n, 0);
    filter_row(row, prior, n, colours, filtered);
    sink_put(&sinks[1], filtered, n + 1, 0);
    memcpy(prior, row, n);
  }
  png_read_end(png, NULL);
  sink_put(&sinks[0], NULL, 0, 1);
  sink_put(&sinks[1], NULL, 0, 1);
  if (!sinks[0].ok || !sinks[1].ok)
    png_error(png, "out of memory");
  const row_sink *best = sinks[1].out.length < sinks[0].out.length ? &sinks[1] : &sinks[0];
  lf_buf_put(packed, best->out.data, best->out.length);
  *colours_out = colours;
  rc = packed->failed ? -1 : 0;
  if (rc)
    snprintf(job->why, sizeof job->why, "out of memory");
done:
  for (int k = 0; sinks && k < 2; k++) {
    deflateEnd(&sinks[k].zlib);
    lf_buf_free(&sinks[k].out);
  }
  free(sinks);
  free(rows);
  free(whole);
  free(pointers);
  png_destroy_read_struct(&png, &info, NULL);
  return rc;
}

/*
 * 'png_as_is()' - Whether a PNG's own compressed rows are what a PDF
 * reader can take as they are (FlateDecode, /Predictor 15): 8-bit grey or
 * RGB, or palette indices (an /Indexed colour space), not interlaced,
 * nothing transparent.
 */
static int png_as_is(const lf_image *image) {
  if (image->interlaced || image->transparent)
    return 0;
  return (image->bit_depth == 8 && (image->colour_type == 0 || image->colour_type == 2)) ||
         (image->colour_type == 3 && image->palette_size);
}

/*
 * 'png_row_bytes()' - The bytes of one of a PNG's rows as stored, its
 * filter byte first (as png_as_is() takes them: 8-bit grey or RGB, or
 * palette indices of 1 to 8 bits).
 */
static size_t png_row_bytes(const lf_image *image) {
  size_t samples = image->colour_type == 3 ? 1 : (size_t)image->channels;
  return 1 + ((size_t)image->width * samples * (size_t)image->bit_depth + 7) / 8;
}

/*
 * 'png_rows()' - A PNG's compressed rows (its IDAT chunks' data, joined)
 * into 'packed', inflated once to prove them whole: exactly the rows its
 * header gives, each with a filter type PNG has.  Returns 0, or -1 with
 * the reason in 'why'.
 */
static int png_rows(const lf_image *image, lf_buf *packed, char *why, size_t why_size) {
  const unsigned char *d = image->data;
  /* the chunks as lf_image_parse() walked them, up to IEND: what follows
   * it is not the picture's (and need not be whole) */
  for (size_t at = 8; image->size - at >= 12;) {
    size_t len = (size_t)d[at] << 24 | (size_t)d[at + 1] << 16 | (size_t)d[at + 2] << 8 |
                 d[at + 3];
    if (len > image->size - at - 12 || memcmp(d + at + 4, "IEND", 4) == 0)
      break;
    if (memcmp(d + at + 4, "IDAT", 4) == 0)
      lf_buf_put(packed, d + at + 8, len);
    at += 12 + len;
  }
  size_t row = png_row_bytes(image), rows = 0, in_row = 0;
  z_stream z;
  memset(&z, 0, sizeof z);
  if (packed->failed || inflateInit(&z) != Z_OK) {
    snprintf(why, why_size, "out of memory");
    return -1;
  }
  unsigned char buf[16384];
  z.next_in = packed->data;
  z.avail_in = (uInt)packed->length;
  int rc;
  const char *fault = NULL;
  do {
    z.next_out = buf;
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      fault = z.msg ? z.msg : "its image data will not decompress";
      break;
    }
    /* from row start to row start: each row's first byte is its filter */
    size_t got = sizeof buf - z.avail_out;
    for (size_t i = 0; i < got && !fault;) {
      if (in_row == 0 && buf[i] > 4)
        fault = "a row has a filter type PNG does not have";
      size_t take = row - in_row < got - i ? row - in_row : got - i;
      i += take;
      in_row += take;
      if (in_row == row) {
        in_row = 0;
        if (++rows > image->height)
          fault = "its image data holds more rows than its header gives";
      }
    }
  } while (!fault && rc != Z_STREAM_END && (z.avail_in > 0 || z.avail_out == 0));
  inflateEnd(&z);
  if (!fault && (rc != Z_STREAM_END || rows != image->height || in_row))
    fault = "its image data ends before its last row";
  if (fault) {
    snprintf(why, why_size, "%s", fault);
    return -1;
  }
  return 0;
}

/* ---- JPEG ---------------------------------------------------------------- */

/* libjpeg's error state: its message, and where to jump. */
typedef struct jpeg_fault {
  struct jpeg_error_mgr mgr;
  jmp_buf jump;
  char why[JMSG_LENGTH_MAX];
} jpeg_fault;

/* 'jpeg_stop()' - libjpeg's fatal error: keep the message, jump back. */
static void jpeg_stop(j_common_ptr cinfo) {
  jpeg_fault *fault = (jpeg_fault *)cinfo->err;
  cinfo->err->format_message(cinfo, fault->why);
  longjmp(fault->jump, 1);
}

/* 'jpeg_note()' - libjpeg's messages: a warning (data cut short or
 * corrupt) is as bad as an error here; traces are nothing. */
static void jpeg_note(j_common_ptr cinfo, int level) {
  if (level < 0)
    jpeg_stop(cinfo);
}

/*
 * 'decode_jpeg()' - Decode a JPEG whole to prove it sound.  Returns 0, or
 * -1 with libjpeg's reason in 'why'.
 */
static int decode_jpeg(const lf_image *image, char *why, size_t why_size) {
  struct jpeg_decompress_struct cinfo;
  jpeg_fault fault;
  JSAMPARRAY volatile line = NULL;
  memset(&cinfo, 0, sizeof cinfo);
  cinfo.err = jpeg_std_error(&fault.mgr);
  fault.mgr.error_exit = jpeg_stop;
  fault.mgr.emit_message = jpeg_note;
  fault.why[0] = '\0';
  if (setjmp(fault.jump)) {
    snprintf(why, why_size, "%s", fault.why[0] ? fault.why : "it will not decode");
    jpeg_destroy_decompress(&cinfo);
    return -1;
  }
  jpeg_create_decompress(&cinfo);
  cinfo.mem->max_memory_to_use = JPEG_MEMORY_MAX;
  jpeg_mem_src(&cinfo, (unsigned char *)image->data, (unsigned long)image->size);
  jpeg_read_header(&cinfo, TRUE);
  if (cinfo.image_width != image->width || cinfo.image_height != image->height) {
    snprintf(fault.why, sizeof fault.why, "its size is not the size its header gives");
    longjmp(fault.jump, 1);
  }
  jpeg_start_decompress(&cinfo);
  line = (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE,
                                    cinfo.output_width * cinfo.output_components, 1);
  while (cinfo.output_scanline < cinfo.output_height)
    jpeg_read_scanlines(&cinfo, line, 1);
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return 0;
}

/* ---- XObjects ------------------------------------------------------------ */

/*
 * 'make_xobject()' - The image XObject of a picture in 'doc', decoded and
 * compressed (or found made) once per run.  NULL after recording a
 * failure at the picture's place.
 */
static lf_pdf_obj *make_xobject(lf_pdf_doc *doc, const lf_image *image) {
  if (image->drawing)
    return lf_pdf_drawing_form(doc, image->drawing);
  lf_pdf_cache *cache = lf_pdf_doc_cache(doc);
  lf_buf packed = {0};
  int colours = image->channels;
  lf_pdf_obj *stream = NULL;
  char why[200] = "";
  if (image->format == LF_IMAGE_PNG) {
    colours = image->colour_type == 0 || image->colour_type == 4 ? 1 : 3;
    if (!lf_pdf_cache_find(cache, image->data, image->size, &packed)) {
      png_job job = {.data = image->data, .size = image->size};
      if (png_as_is(image) ? png_rows(image, &packed, job.why, sizeof job.why) != 0
                           : encode_png(&job, &packed, &colours) != 0)
        snprintf(why, sizeof why, "%s", job.why);
      else
        lf_pdf_cache_put(cache, image->data, image->size, packed.data, packed.length);
    }
    if (!why[0])
      stream = lf_pdf_stream(doc, packed.data, packed.length, 0);
  } else {
    static const unsigned char sound = 1;
    if (!lf_pdf_cache_find(cache, image->data, image->size, &packed)) {
      if (decode_jpeg(image, why, sizeof why) == 0)
        lf_pdf_cache_put(cache, image->data, image->size, &sound, 1);
    }
    if (!why[0])
      stream = lf_pdf_stream(doc, image->data, image->size, 0);
  }
  lf_buf_free(&packed);
  if (why[0]) {
    lf_pdf_fail_at(doc, image->pos, "picture '%s' is damaged: %s (expected a whole PNG or "
                   "JPEG file: save it again)", image->name ? image->name : "?", why);
    return NULL;
  }
  if (!stream) {
    lf_pdf_fail(doc, "out of memory");
    return NULL;
  }
  lf_pdf_dict_name(stream, "Type", "XObject");
  lf_pdf_dict_name(stream, "Subtype", "Image");
  lf_pdf_dict_int(stream, "Width", (long)image->width);
  lf_pdf_dict_int(stream, "Height", (long)image->height);
  int indexed = image->format == LF_IMAGE_PNG && png_as_is(image) && image->colour_type == 3;
  int bits = indexed ? image->bit_depth : 8;
  if (indexed) {
    /* [/Indexed /DeviceRGB hival lookup]: the palette padded with black
     * to every index the bits can hold, so no index is out of range */
    unsigned char lookup[256 * 3] = {0};
    size_t entries = (size_t)1 << bits;
    memcpy(lookup, image->data + image->palette_at, (size_t)image->palette_size * 3);
    lf_pdf_obj *space = lf_pdf_array(doc), *table = lf_pdf_stream(doc, lookup, entries * 3, 1);
    if (space && table && lf_pdf_dict_put(stream, "ColorSpace", space) == 0) {
      lf_pdf_array_name(space, "Indexed");
      lf_pdf_array_name(space, "DeviceRGB");
      lf_pdf_array_int(space, (long)entries - 1);
      lf_pdf_array_put(space, table);
    }
    colours = 1;
  } else {
    lf_pdf_dict_name(stream, "ColorSpace", colours == 1 ? "DeviceGray" : "DeviceRGB");
  }
  lf_pdf_dict_int(stream, "BitsPerComponent", bits);
  if (image->format == LF_IMAGE_PNG) {
    lf_pdf_dict_name(stream, "Filter", "FlateDecode");
    lf_pdf_obj *parms = lf_pdf_dict(doc);
    if (lf_pdf_dict_put(stream, "DecodeParms", parms) == 0) {
      lf_pdf_dict_int(parms, "Predictor", 15);
      lf_pdf_dict_int(parms, "Colors", colours);
      lf_pdf_dict_int(parms, "BitsPerComponent", bits);
      lf_pdf_dict_int(parms, "Columns", (long)image->width);
    }
  } else {
    lf_pdf_dict_name(stream, "Filter", "DCTDecode");
  }
  if (lf_pdf_failed(doc)) {
    lf_pdf_fail(doc, "making picture '%s'", image->name ? image->name : "?");
    return NULL;
  }
  return stream;
}

/*
 * 'lf_pdf_images_use()' - The picture's resource name, made the first time.
 */
const char *lf_pdf_images_use(lf_pdf_images *images, lf_pdf_doc *doc, const lf_image *image) {
  unsigned char digest[LF_SHA256_SIZE];
  lf_sha256 h;
  lf_sha256_init(&h);
  lf_sha256_update(&h, image->data, image->size);
  lf_sha256_final(&h, digest);
  for (size_t i = 0; i < images->count; i++) {
    image_entry *e = &images->entries[i];
    if (memcmp(e->digest, digest, sizeof digest) == 0)
      return e->name;
  }
  if (images->count == images->cap) {
    size_t cap = images->cap ? images->cap * 2 : 8;
    image_entry *grown = realloc(images->entries, cap * sizeof *grown);
    if (!grown) {
      lf_pdf_fail(doc, "out of memory");
      return NULL;
    }
    images->entries = grown;
    images->cap = cap;
  }
  lf_pdf_obj *object = make_xobject(doc, image);
  if (!object)
    return NULL;
  image_entry *e = &images->entries[images->count];
  memset(e, 0, sizeof *e);
  memcpy(e->digest, digest, sizeof digest);
  snprintf(e->name, sizeof e->name, "Im%zu", images->count + 1);
  e->object = object;
  images->count++;
  return e->name;
}

/*
 * 'lf_pdf_images_saved()' - The new XObjects' numbers, now that they are
 * written.
 */
void lf_pdf_images_saved(lf_pdf_images *images) {
  if (!images)
    return;
  for (size_t i = 0; i < images->count; i++)
    if (images->entries[i].object) {
      images->entries[i].number = lf_pdf_number(images->entries[i].object);
      images->entries[i].object = NULL;
    }
}

/*
 * 'lf_pdf_images_resources()' - /XObject in the pages' resources.
 */
int lf_pdf_images_resources(lf_pdf_images *images, lf_pdf_doc *doc, lf_pdf_obj *resources) {
  if (!images || images->count == 0)
    return 0;
  lf_pdf_obj *names = lf_pdf_dict(doc);
  if (!names || lf_pdf_dict_put(resources, "XObject", names))
    return lf_pdf_fail(doc, "naming the pictures");
  for (size_t i = 0; i < images->count; i++) {
    image_entry *e = &images->entries[i];
    lf_pdf_obj *object = e->object ? e->object : lf_pdf_ref(doc, e->number);
    if (!object || lf_pdf_dict_put(names, e->name, object))
      return lf_pdf_fail(doc, "naming the pictures");
  }
  return 0;
}
