/*
 * imagefile.h -- the picture files figures show (content/images/): a PNG
 * or JPEG file read whole, within limits, and its structure checked before
 * anything is laid out, so that a bad picture is an error at the place in
 * the content that names it; or an SVG drawing, read into shapes
 * (drawing.h), its faults errors at their line and column in the file.
 *
 * What is checked without decoding a pixel (lf_image_parse()):
 *   - the file is a PNG or a JPEG by its bytes, whatever its name says (a
 *     GIF, BMP, WebP, TIFF or PDF is named as what it is; an SVG file is a
 *     drawing, read by lf_image_read());
 *   - PNG: every chunk whole and its CRC right, IHDR first and sound, a
 *     palette where the colour type needs one, image data, and IEND;
 *   - JPEG: every marker segment whole, a frame of a kind PDF readers show
 *     (baseline, extended or progressive Huffman, 8 bits a sample, grey or
 *     colour; CMYK, 12-bit, lossless, hierarchical and arithmetic-coded
 *     JPEGs are refused), its scans, and the end-of-image marker;
 *   - the size: at most LF_IMAGE_MAX_SIDE pixels either way and
 *     LF_IMAGE_MAX_PIXELS in all, so that decoding it (src/pdf/images.c)
 *     takes bounded memory and time.
 * 16-bit, interlaced, palette and transparent PNGs are accepted (the PDF
 * backend brings them to 8 bits, grey or RGB, on white); so are
 * progressive JPEGs.
 */
#ifndef LEAFLET_IMAGEFILE_H
#define LEAFLET_IMAGEFILE_H

#include <stddef.h>

#include "leaflet/arena.h"
#include "leaflet/diag.h"

#define LF_IMAGE_MAX_BYTES ((size_t)16 << 20) /* a picture file */
#define LF_IMAGE_MAX_SIDE 10000u              /* pixels, across or down */
#define LF_IMAGE_MAX_PIXELS 16000000u         /* width x height */

typedef enum lf_image_format { LF_IMAGE_PNG, LF_IMAGE_JPEG, LF_IMAGE_SVG } lf_image_format;

struct lf_drawing;

typedef struct lf_image {
  const char *name;            /* as the content names it ('src:') */
  lf_pos pos;                  /* where it is named: the picture's errors go there */
  lf_image_format format;
  const unsigned char *data;   /* the file's bytes */
  size_t size;
  unsigned width, height;      /* pixels */
  int channels;                /* as printed: 1 (grey) or 3 (RGB) */
  int bit_depth;               /* bits a sample as stored (PNG: 1, 2, 4, 8, 16) */
  int colour_type;             /* PNG: 0 grey, 2 RGB, 3 palette, 4 grey+alpha,
                                  6 RGB+alpha; JPEG: its components */
  int interlaced;              /* PNG Adam7, or a progressive JPEG */
  int transparent;             /* PNG: a tRNS chunk (a colour or palette
                                  entries see-through) */
  double ppi_x, ppi_y;         /* the resolution the file states; 0: none */
  size_t palette_at;           /* PNG colour type 3: where its PLTE chunk's
                                  RGB triples start in 'data' (an offset, so
                                  a copy's bytes carry it too) */
  unsigned palette_size;       /* entries in the palette (1 to 256); 0: none */
  const struct lf_drawing *drawing; /* SVG: its shapes (drawing.h); 'width' and
                                  'height' are then 0 and its size is its own */
} lf_image;

/*
 * 'lf_image_parse()' - Check 'size' bytes of 'data' as a PNG or JPEG file
 * and fill in '*out' (all but 'name' and 'pos'; 'data' points into the
 * bytes given).  Returns 0, or -1 with what is wrong in 'why' (a phrase
 * that follows the picture's name: "is cut short: ...", "is a GIF file,
 * not a PNG or JPEG ...").  Pure: no files, no allocation.
 */
int lf_image_parse(const unsigned char *data, size_t size, lf_image *out, char *why,
                   size_t why_size);

/*
 * 'lf_image_read()' - Read the picture 'name' from the folder 'dir' into
 * 'arena' and check it (lf_image_parse()), or read it as a drawing when it
 * is an SVG file (lf_drawing_parse(); its errors are at their line and
 * column in the file).  Returns 0, or -1 after
 * reporting an error at 'pos' naming the picture and what is wrong (no
 * such file, a folder, too big, not a picture, damaged, too many pixels).
 * 'name' must be a plain relative path: no "..", no leading '/'.
 */
int lf_image_read(lf_arena *arena, const char *dir, const char *name, lf_pos pos,
                  lf_image *out, lf_diags *diags);

/* 'lf_image_copy()' - A deep copy of 'image' (its bytes too) in 'arena';
 * NULL when out of memory. */
lf_image *lf_image_copy(lf_arena *arena, const lf_image *image);

#endif
