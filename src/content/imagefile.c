/*
 * imagefile.c -- picture files for figures (see imagefile.h): read whole,
 * within limits, and their structure walked and checked without decoding
 * a pixel, so that every fault a file can have short of damaged
 * compressed data is found where the content names the picture.
 */
#include "leaflet/imagefile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "leaflet/drawing.h"
#include "leaflet/files.h"

/*
 * 'say()' - Put what is wrong into 'why'; returns -1.
 */
__attribute__((format(printf, 3, 4)))
static int say(char *why, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, size, fmt, ap);
  va_end(ap);
  return -1;
}

/* 'be32()' / 'be16()' - Big-endian integers. */
static unsigned long be32(const unsigned char *p) {
  return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}
static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }

/*
 * 'looks_like_svg()' - Whether a file is SVG by its first bytes: an XML
 * declaration, comments or white space, then <svg (a DOCTYPE is let
 * through to be refused by name).
 */
static int looks_like_svg(const unsigned char *d, size_t n) {
  size_t look = n < 4096 ? n : 4096;
  size_t i = 0;
  if (look >= 3 && d[0] == 0xef && d[1] == 0xbb && d[2] == 0xbf)
    i = 3; /* a UTF-8 byte order mark */
  while (i < look) {
    if (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r') {
      i++;
    } else if (look - i >= 4 && memcmp(d + i, "<svg", 4) == 0) {
      return 1;
    } else if (look - i >= 9 && memcmp(d + i, "<!DOCTYPE", 9) == 0) {
      /* an internal subset holds '>'s: an SVG if <svg follows at all */
      for (size_t j = i + 9; j + 4 <= look; j++)
        if (memcmp(d + j, "<svg", 4) == 0)
          return 1;
      return 0;
    } else if (look - i >= 4 && memcmp(d + i, "<!--", 4) == 0) {
      size_t j = i + 4;
      while (j + 3 <= look && memcmp(d + j, "-->", 3) != 0)
        j++;
      if (j + 3 > look)
        return 0;
      i = j + 3;
    } else if (look - i >= 2 && d[i] == '<' && (d[i + 1] == '?' || d[i + 1] == '!')) {
      const unsigned char *close = memchr(d + i, '>', look - i);
      if (!close)
        return 0;
      i = (size_t)(close - d) + 1;
    } else {
      return 0;
    }
  }
  return 0;
}

/*
 * 'other_format()' - The name of a picture format that is not PNG or
 * JPEG, recognised by its first bytes, or NULL.
 */
static const char *other_format(const unsigned char *d, size_t n) {
  if (n >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0))
    return "a GIF file";
  if (n >= 2 && memcmp(d, "BM", 2) == 0)
    return "a BMP file";
  if (n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
    return "a WebP file";
  if (n >= 4 && (memcmp(d, "II*\0", 4) == 0 || memcmp(d, "MM\0*", 4) == 0))
    return "a TIFF file";
  if (n >= 5 && memcmp(d, "%PDF-", 5) == 0)
    return "a PDF file";
  if (n >= 12 && memcmp(d + 4, "ftyp", 4) == 0)
    return "a HEIF or AVIF file";
  size_t look = n < 1024 ? n : 1024;
  for (size_t i = 0; i + 4 <= look; i++)
    if (memcmp(d + i, "<svg", 4) == 0)
      return "a file with <svg inside that does not start as an SVG drawing (a web page?)";
  return NULL;
}

/*
 * 'check_size()' - The limits on a picture's pixels.
 */
static int check_size(unsigned long w, unsigned long h, char *why, size_t size) {
  if (w == 0 || h == 0)
    return say(why, size, "is damaged: it says it is %lu x %lu pixels", w, h);
  if (w > LF_IMAGE_MAX_SIDE || h > LF_IMAGE_MAX_SIDE ||
      (unsigned long long)w * h > LF_IMAGE_MAX_PIXELS)
    return say(why, size,
               "is %lu x %lu pixels, too many to print (expected at most %u pixels a "
               "side and %u million in all; 300 pixels an inch is plenty for print: "
               "scale it down)",
               w, h, LF_IMAGE_MAX_SIDE, LF_IMAGE_MAX_PIXELS / 1000000);
  return 0;
}

/*
 * 'parse_png()' - Walk a PNG's chunks: each whole, its CRC right; IHDR
 * first and sound; PLTE before the data when the colour type needs it;
 * IDAT chunks together; IEND last.
 */
static int parse_png(const unsigned char *d, size_t n, lf_image *out, char *why, size_t ws) {
  size_t at = 8;
  int seen_ihdr = 0, seen_plte = 0, seen_idat = 0, idat_done = 0;
  unsigned palette = 0;
  while (1) {
    if (n - at < 12)
      return say(why, ws, "is cut short: the file ends %s (expected the whole PNG file, "
                 "ending with its IEND chunk)", seen_idat ? "inside its image data"
                                                          : "before its image data");
    unsigned long len = be32(d + at);
    const unsigned char *type = d + at + 4;
    char name[5] = {0};
    for (int i = 0; i < 4; i++)
      name[i] = (type[i] >= 'A' && type[i] <= 'Z') || (type[i] >= 'a' && type[i] <= 'z')
                    ? (char)type[i] : '?';
    if (len > 0x7FFFFFFFul || len > n - at - 12)
      return say(why, ws, "is cut short: the file ends inside its '%s' chunk (expected "
                 "the whole PNG file, ending with its IEND chunk)", name);
    const unsigned char *data = d + at + 8;
    unsigned long crc = crc32(0L, type, (uInt)(len + 4));
    if (crc != be32(data + len))
      return say(why, ws, "is damaged: its '%s' chunk fails its checksum", name);
    if (!seen_ihdr && memcmp(type, "IHDR", 4) != 0)
      return say(why, ws, "is damaged: it does not start with an IHDR chunk");
    if (memcmp(type, "IHDR", 4) == 0) {
      if (seen_ihdr || len != 13)
        return say(why, ws, "is damaged: its IHDR chunk is not one of 13 bytes");
      seen_ihdr = 1;
      unsigned long w = be32(data), h = be32(data + 4);
      int depth = data[8], colour = data[9];
      int ok_depth = 0;
      switch (colour) {
      case 0: ok_depth = depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16; break;
      case 3: ok_depth = depth == 1 || depth == 2 || depth == 4 || depth == 8; break;
      case 2: case 4: case 6: ok_depth = depth == 8 || depth == 16; break;
      default:
        return say(why, ws, "is damaged: colour type %d is not one PNG has", colour);
      }
      if (!ok_depth)
        return say(why, ws, "is damaged: %d bits a sample is not allowed in colour type %d",
                   depth, colour);
      if (data[10] != 0 || data[11] != 0 || data[12] > 1)
        return say(why, ws, "is damaged: its compression, filter or interlace method is "
                   "not one PNG has");
      if (check_size(w, h, why, ws))
        return -1;
      out->width = (unsigned)w;
      out->height = (unsigned)h;
      out->bit_depth = depth;
      out->colour_type = colour;
      out->channels = colour == 0 || colour == 4 ? 1 : 3;
      out->interlaced = data[12];
    } else if (memcmp(type, "PLTE", 4) == 0) {
      if (seen_idat || seen_plte || len == 0 || len % 3 || len / 3 > 256)
        return say(why, ws, "is damaged: its palette (PLTE chunk) is misplaced or the "
                   "wrong length");
      seen_plte = 1;
      palette = (unsigned)(len / 3);
      out->palette_at = (size_t)(data - d);
      out->palette_size = palette;
    } else if (memcmp(type, "IDAT", 4) == 0) {
      if (idat_done)
        return say(why, ws, "is damaged: its image data is not in one run of IDAT chunks");
      seen_idat = 1;
    } else if (memcmp(type, "IEND", 4) == 0) {
      if (!seen_idat)
        return say(why, ws, "is damaged: it has no image data (IDAT chunk)");
      break;
    } else {
      if (seen_idat)
        idat_done = 1;
      if (!(type[0] & 0x20))
        return say(why, ws, "uses a PNG chunk ('%s') this program does not know and may "
                   "not skip", name);
      if (memcmp(type, "tRNS", 4) == 0)
        out->transparent = 1;
      if (memcmp(type, "pHYs", 4) == 0 && len == 9 && data[8] == 1) {
        out->ppi_x = be32(data) * 0.0254;
        out->ppi_y = be32(data + 4) * 0.0254;
      }
    }
    at += 12 + len;
  }
  if (out->colour_type == 3 && !seen_plte)
    return say(why, ws, "is damaged: it is a palette image without a palette (PLTE chunk)");
  if (out->colour_type != 3) { /* a suggested palette for a true-colour PNG: not ours */
    out->palette_at = 0;
    out->palette_size = 0;
  }
  (void)palette; /* an index past the palette: the PDF's lookup is padded */
  return 0;
}

/*
 * 'parse_jpeg()' - Walk a JPEG's marker segments from SOI: the frame
 * (SOFn) before the first scan, each scan's entropy-coded data up to the
 * next marker, and EOI.
 */
static int parse_jpeg(const unsigned char *d, size_t n, lf_image *out, char *why, size_t ws) {
  size_t at = 2;
  int frame = 0, scans = 0;
  while (1) {
    /* a marker: 0xFF, fill bytes, its code */
    if (at >= n || d[at] != 0xFF)
      return at >= n ? say(why, ws, "is cut short: the file ends before its end-of-image "
                           "marker (expected the whole JPEG file)")
                     : say(why, ws, "is damaged: a marker is expected at byte %zu", at);
    while (at < n && d[at] == 0xFF)
      at++;
    if (at >= n)
      return say(why, ws, "is cut short: the file ends inside a marker");
    unsigned marker = d[at++];
    if (marker == 0xD9) { /* EOI */
      if (!frame || !scans)
        return say(why, ws, "is damaged: it ends before any image data");
      return 0;
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
      continue; /* no segment */
    if (marker == 0xD8 || marker == 0x00)
      return say(why, ws, "is damaged: marker 0x%02X where it cannot be", marker);
    if (n - at < 2 || be16(d + at) < 2 || be16(d + at) > n - at)
      return say(why, ws, "is cut short: the file ends inside marker segment 0x%02X", marker);
    unsigned len = be16(d + at);
    const unsigned char *seg = d + at + 2;
    unsigned seglen = len - 2;
    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
        marker != 0xCC) {
      if (frame)
        return say(why, ws, "is damaged: it has two frames (SOF markers)");
      if (marker == 0xC3 || marker == 0xC7 || marker == 0xCB || marker == 0xCF)
        return say(why, ws, "is a lossless JPEG, which PDF readers cannot show (expected a "
                   "baseline or progressive JPEG: save it again as one)");
      if (marker >= 0xC5 && marker <= 0xC7)
        return say(why, ws, "is a hierarchical JPEG, which PDF readers cannot show "
                   "(expected a baseline or progressive JPEG: save it again as one)");
      if (marker >= 0xC9)
        return say(why, ws, "is an arithmetic-coded JPEG, which many PDF readers cannot "
                   "show (expected a baseline or progressive JPEG: save it again as one)");
      if (seglen < 6)
        return say(why, ws, "is damaged: its frame header is too short");
      int precision = seg[0];
      unsigned h = be16(seg + 1), w = be16(seg + 3);
      int comps = seg[5];
      if (precision != 8)
        return say(why, ws, "has %d bits a sample (expected an 8-bit JPEG: save it again "
                   "for the screen)", precision);
      if (h == 0)
        return say(why, ws, "does not give its height in its frame header (expected a "
                   "JPEG that does: save it again)");
      if (comps == 4)
        return say(why, ws, "is a CMYK JPEG (expected an RGB or greyscale JPEG: a CMYK "
                   "file prints in the wrong colours without the press's colour "
                   "profile; export it in sRGB)");
      if (comps != 1 && comps != 3)
        return say(why, ws, "has %d colour components (expected 1, grey, or 3, colour)",
                   comps);
      if (seglen < 6u + 3u * (unsigned)comps)
        return say(why, ws, "is damaged: its frame header is too short");
      if (check_size(w, h, why, ws))
        return -1;
      frame = 1;
      out->width = w;
      out->height = h;
      out->bit_depth = 8;
      out->channels = comps;
      out->colour_type = comps;
      out->interlaced = marker == 0xC2;
    } else if (marker == 0xE0 && seglen >= 12 && memcmp(seg, "JFIF\0", 5) == 0) {
      unsigned units = seg[7], dx = be16(seg + 8), dy = be16(seg + 10);
      if (units == 1 || units == 2) {
        double k = units == 1 ? 1.0 : 2.54;
        out->ppi_x = dx * k;
        out->ppi_y = dy * k;
      }
    } else if (marker == 0xDA) { /* a scan: its data runs to the next marker */
      if (!frame)
        return say(why, ws, "is damaged: image data comes before the frame header");
      scans++;
      at += len;
      while (at < n) {
        if (d[at] == 0xFF && at + 1 < n && d[at + 1] != 0x00 &&
            !(d[at + 1] >= 0xD0 && d[at + 1] <= 0xD7) && d[at + 1] != 0xFF)
          break;
        at++;
      }
      if (at + 1 >= n)
        return say(why, ws, "is cut short: the file ends inside its image data (expected "
                   "the whole JPEG file, ending with its end-of-image marker)");
      continue;
    }
    at += len;
  }
}

/*
 * 'lf_image_parse()' - PNG or JPEG, by the bytes.
 */
int lf_image_parse(const unsigned char *data, size_t size, lf_image *out, char *why,
                   size_t why_size) {
  memset(out, 0, sizeof *out);
  out->data = data;
  out->size = size;
  static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (size >= 8 && memcmp(data, png, 8) == 0) {
    out->format = LF_IMAGE_PNG;
    return parse_png(data, size, out, why, why_size);
  }
  if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) {
    out->format = LF_IMAGE_JPEG;
    return parse_jpeg(data, size, out, why, why_size);
  }
  if (size == 0)
    return say(why, why_size, "is empty (expected an SVG drawing, a PNG or a JPEG file)");
  if (looks_like_svg(data, size))
    return say(why, why_size, "is an SVG drawing, not a picture (lf_image_read() reads "
               "it as a drawing)");
  const char *what = other_format(data, size);
  if (what)
    return say(why, why_size, "is %s, not a PNG or JPEG (expected an SVG drawing, or a PNG "
               "or JPEG file: save it as PNG)", what);
  return say(why, why_size, "is not an SVG drawing, a PNG or a JPEG file (it does not start "
             "as one)");
}

/*
 * 'plain_name()' - Whether a picture's name stays inside its folder: not
 * empty, not absolute, no ".." part, no backslash.
 */
static int plain_name(const char *name) {
  if (!name[0] || name[0] == '/' || strchr(name, '\\'))
    return 0;
  for (const char *p = name; *p;) {
    const char *slash = strchr(p, '/');
    size_t len = slash ? (size_t)(slash - p) : strlen(p);
    if (len == 0 || (len == 2 && p[0] == '.' && p[1] == '.'))
      return 0;
    p += len + (slash ? 1 : 0);
  }
  return 1;
}

/*
 * 'lf_image_read()' - Read and check one picture.
 */
int lf_image_read(lf_arena *arena, const char *dir, const char *name, lf_pos pos,
                  lf_image *out, lf_diags *diags) {
  memset(out, 0, sizeof *out);
  if (!plain_name(name)) {
    lf_error(diags, pos, "picture '%s' is not a file name inside %s/ (expected a name "
             "such as 'pancreas.png', with no '..' and no leading '/')", name, dir);
    return -1;
  }
  char *path = lf_arena_printf(arena, "%s/%s", dir, name);
  if (!path) {
    lf_error(diags, pos, "out of memory");
    return -1;
  }
  lf_read_status st;
  char *bytes = lf_read_file(path, LF_IMAGE_MAX_BYTES, LF_READ_REGULAR, &st);
  if (!bytes) {
    switch (st.fault) {
    case LF_READ_CANNOT_OPEN:
      if (st.error == ENOENT)
        lf_error(diags, pos, "no picture '%s' (expected the file %s)", name, path);
      else
        lf_error(diags, pos, "cannot read picture '%s': %s", name, strerror(st.error));
      break;
    case LF_READ_NOT_REGULAR:
      lf_error(diags, pos, "picture '%s' is not a file (expected an SVG, PNG or JPEG file at %s)",
               name, path);
      break;
    case LF_READ_TOO_BIG:
      lf_error(diags, pos, "picture '%s' is too big: more than %zu MiB (expected a "
               "picture for print, a few hundred kilobytes: scale it down)", name,
               LF_IMAGE_MAX_BYTES >> 20);
      break;
    default:
      lf_error(diags, pos, "cannot read picture '%s': %s", name,
               st.error ? strerror(st.error) : "out of memory");
    }
    return -1;
  }
  unsigned char *copy = lf_arena_alloc(arena, st.size ? st.size : 1);
  if (!copy) {
    free(bytes);
    lf_error(diags, pos, "out of memory");
    return -1;
  }
  memcpy(copy, bytes, st.size);
  free(bytes);
  char why[256];
  if (looks_like_svg(copy, st.size)) {
    int line, column;
    const lf_drawing *drawing = lf_drawing_parse(arena, copy, st.size, &line, &column, why,
                                                 sizeof why);
    if (!drawing) {
      if (line)
        lf_error(diags, (lf_pos){path, line, column}, "%s (in drawing '%s', the figure at "
                 "%s:%d)", why, name, pos.file ? pos.file : "?", pos.line);
      else
        lf_error(diags, pos, "drawing '%s': %s", name, why);
      return -1;
    }
    out->format = LF_IMAGE_SVG;
    out->data = copy;
    out->size = st.size;
    out->drawing = drawing;
    out->name = name;
    out->pos = pos;
    return 0;
  }
  if (lf_image_parse(copy, st.size, out, why, sizeof why) != 0) {
    lf_error(diags, pos, "picture '%s' %s", name, why);
    return -1;
  }
  out->name = name;
  out->pos = pos;
  return 0;
}

/*
 * 'lf_image_copy()' - A picture and its bytes, copied.
 */
lf_image *lf_image_copy(lf_arena *arena, const lf_image *image) {
  lf_image *copy = lf_arena_alloc(arena, sizeof *copy);
  unsigned char *bytes = lf_arena_alloc(arena, image->size ? image->size : 1);
  char *name = image->name ? lf_arena_strdup(arena, image->name) : NULL;
  char *file = image->pos.file ? lf_arena_strdup(arena, image->pos.file) : NULL;
  if (!copy || !bytes || (image->name && !name) || (image->pos.file && !file))
    return NULL;
  *copy = *image;
  if (image->drawing && !(copy->drawing = lf_drawing_copy(arena, image->drawing)))
    return NULL;
  memcpy(bytes, image->data, image->size);
  copy->data = bytes;
  copy->name = name;
  copy->pos.file = file;
  return copy;
}
