/*
 * fonts.c -- a small OpenType reader: the metrics layout needs (see fonts.h).
 *
 * The whole file is mapped (at most LF_FONT_MAX_BYTES; only the pages read
 * are loaded: a Chinese leaflet reads a few hundred KB of a 19 MB
 * collection) and every table the layout uses is checked against the
 * file's end before it is read.
 * A font is TrueType-flavoured (glyf outlines) or CFF-flavoured ('OTTO'),
 * alone in its file or one face of a collection ('ttcf', whose faces' table
 * offsets count from the start of the file).  HarfBuzz reads the same bytes
 * for shaping: each font holds a HarfBuzz font made when it is loaded and
 * immutable after, which any number of threads may shape with at once.
 * Widths are kept per glyph in 1/1000 em, advance * 1000 / unitsPerEm in
 * unsigned integer arithmetic (truncated): the PDF backend writes exactly
 * these in /W.  Vertical metrics are value * 1000 / unitsPerEm truncated
 * toward zero.  What only a PDF needs of a font (its cap height, whether
 * its licence allows embedding it) is read by the backend's font embedder,
 * through lf_font_table().
 *
 * Code points map to glyphs through a two-level table for the Basic
 * Multilingual Plane (a block of 256 glyph ids for each 256 code points the
 * font has any of: a Latin font needs a few kilobytes, not 128) and a
 * sorted array of cmap format 12 groups for the planes beyond it.
 */
#include "leaflet/fonts.h"

#include <harfbuzz/hb.h>
#include <harfbuzz/hb-ot.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leaflet/bytes.h"
#include "leaflet/truetype.h"
#include "leaflet/files.h"
#include "leaflet/shapecache.h"

/* The largest font file accepted. */
#define LF_FONT_MAX_BYTES ((size_t)32 << 20)

/* Code points in the Basic Multilingual Plane. */
#define BMP_SIZE 0x10000u

/* A run of consecutive code points beyond the BMP mapped to consecutive
 * glyphs (cmap format 12 group, clipped to start at U+10000). */
typedef struct astral_group {
  uint32_t first_cp, last_cp;
  uint32_t first_glyph;
} astral_group;

struct lf_font {
  char *path;
  const unsigned char *data;    /* the whole file, mapped (files.h) */
  size_t size;
  unsigned index;               /* face in a collection, 0 for a lone font */
  size_t directory;             /* where its table directory starts */
  int cff;                      /* CFF outlines ('OTTO'), not glyf */
  int long_loca;                /* glyf: loca in its long form */
  hb_blob_t *hb_blob;           /* HarfBuzz's view of 'data' */
  hb_face_t *hb_face;
  hb_font_t *hb_font;           /* scaled to font units, immutable */
  unsigned units_per_em;
  unsigned glyph_count;
  uint8_t bmp_block[256];       /* per high byte: 1 + index into bmp, or 0 */
  uint16_t (*bmp)[256];         /* blocks of glyph ids */
  size_t bmp_count;
  int bmp_failed;               /* out of memory making a block */
  astral_group *astral;         /* sorted by first_cp, non-overlapping */
  size_t astral_count;
  uint16_t *advance;            /* glyph_count widths in 1/1000 em */
  int ascent, descent;
};

/*
 * 'bmp_get()' - The glyph for BMP code point 'cp' (0 when none).
 */
static uint16_t bmp_get(const lf_font *font, uint32_t cp) {
  unsigned block = font->bmp_block[cp >> 8];
  return block ? font->bmp[block - 1][cp & 255] : 0;
}

/*
 * 'bmp_set()' - Map BMP code point 'cp' to 'glyph', making its block on
 * first use (a failure is noted in bmp_failed).
 */
static void bmp_set(lf_font *font, uint32_t cp, uint16_t glyph) {
  unsigned block = font->bmp_block[cp >> 8];
  if (!block) {
    if (glyph == 0 || font->bmp_failed)
      return;
    uint16_t (*grown)[256] = realloc(font->bmp, (font->bmp_count + 1) * sizeof *grown);
    if (!grown) {
      font->bmp_failed = 1;
      return;
    }
    font->bmp = grown;
    memset(grown[font->bmp_count], 0, sizeof *grown);
    block = (unsigned)++font->bmp_count;
    font->bmp_block[cp >> 8] = (uint8_t)block;
  }
  font->bmp[block - 1][cp & 255] = glyph;
}

/* One entry of the table directory. */
typedef struct table_ref {
  size_t offset, length;
} table_ref;

/* What load_font() works with while it parses. */
typedef struct font_reader {
  const char *path;
  lf_diags *diags;
  const unsigned char *data;
  size_t size;
  size_t directory;   /* offset of the face's table directory in 'data' */
  int cff;            /* set by check_directory(): CFF outlines */
} font_reader;

/* 'font_error()' - Report a problem with the font file as a whole. */
static void font_error(const font_reader *reader, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void font_error(const font_reader *reader, const char *fmt, ...) {
  if (!reader->diags)
    return;
  va_list ap;
  va_start(ap, fmt);
  lf_diag_vadd(reader->diags, LF_ERROR, (lf_pos){reader->path, 0, 0}, fmt,
               ap);
  va_end(ap);
}

/* 'scale_signed()' - Font units to 1/1000 em, truncated toward zero. */
static int scale_signed(int value, unsigned units_per_em) {
  return (int)((int32_t)value * 1000 / (int32_t)units_per_em);
}

/*
 * 'report_read_fault()' - Report why the font file could not be opened or
 * read.
 */
static void report_read_fault(const font_reader *reader, const lf_read_status *how) {
  switch (how->fault) {
  case LF_READ_CANNOT_OPEN:
    font_error(reader, "cannot open font file: %s (expected a TrueType or OpenType font)",
               strerror(how->error));
    break;
  case LF_READ_NOT_REGULAR:
    font_error(reader, "cannot read font file: not a regular file (expected "
                       "a TrueType or OpenType font)");
    break;
  case LF_READ_TOO_BIG:
    if (how->file_size > (long long)LF_FONT_MAX_BYTES) {
      font_error(reader, "font file is too large (%lld bytes; expected at most 32 MiB)",
                 how->file_size);
      break;
    }
    font_error(reader, "cannot read font file: it changed while being read");
    break;
  case LF_READ_FAILED:
    if (how->error == ENOMEM)
      font_error(reader, "out of memory reading font file");
    else
      font_error(reader, "cannot read font file: %s", strerror(how->error));
    break;
  case LF_READ_OK:
    break;
  }
}

/*
 * 'open_font_file()' - Open a regular file of at most LF_FONT_MAX_BYTES for
 * reading (files.h).  Returns the descriptor and its size in '*size', or
 * -1 after reporting why not.
 */
static int open_font_file(font_reader *reader, size_t *size) {
  lf_read_status how;
  int fd = lf_open_file(reader->path, LF_FONT_MAX_BYTES, LF_READ_REGULAR, &how);
  if (fd < 0) {
    report_read_fault(reader, &how);
    return -1;
  }
  *size = (size_t)how.file_size;
  return fd;
}

/*
 * 'read_exactly()' - Read 'want' bytes at 'offset' of 'fd' into 'data'.
 * Returns 0, or -1 after reporting a read error or a file that is shorter
 * than it was.
 */
static int read_exactly(font_reader *reader, int fd, unsigned char *data,
                        size_t want, off_t offset) {
  size_t got = 0;
  while (got < want) {
    ssize_t n = pread(fd, data + got, want - got, offset + (off_t)got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      font_error(reader, "cannot read font file: %s",
                 n < 0 ? strerror(errno) : "it changed while being read");
      return -1;
    }
    got += (size_t)n;
  }
  return 0;
}

/*
 * 'map_file()' - Map a whole font file (files.h: only the pages the
 * tables read and the subsetter copies are loaded).  Returns NULL after
 * reporting why not.
 */
static const unsigned char *map_file(font_reader *reader, size_t *size) {
  lf_read_status how;
  const unsigned char *data = lf_map_file(reader->path, LF_FONT_MAX_BYTES, &how);
  if (!data) {
    report_read_fault(reader, &how);
    return NULL;
  }
  *size = how.size;
  return data;
}

/*
 * 'find_table()' - Find the table tagged 'tag' in the directory.  Returns 1
 * and fills 'out' when it is present and lies inside the file, 0 when it is
 * absent, -1 (reported) when it runs past the end of the file.
 */
static int find_table(const font_reader *reader, const char *tag,
                      table_ref *out) {
  const unsigned char *dir = reader->data + reader->directory;
  unsigned count = lf_be16(dir + 4);
  for (unsigned i = 0; i < count; i++) {
    const unsigned char *rec = dir + 12 + (size_t)i * 16;
    if (memcmp(rec, tag, 4) != 0)
      continue;
    uint64_t offset = lf_be32(rec + 8), length = lf_be32(rec + 12);
    if (offset > reader->size || length > reader->size - offset) {
      font_error(reader, "truncated '%s' table", tag);
      return -1;
    }
    out->offset = (size_t)offset;
    out->length = (size_t)length;
    return 1;
  }
  return 0;
}

/*
 * 'need_table()' - Find a table that must be there, at least 'min_length'
 * bytes long.  Returns 0, or -1 after reporting it missing or truncated.
 */
static int need_table(const font_reader *reader, const char *tag,
                      size_t min_length, table_ref *out) {
  int found = find_table(reader, tag, out);
  if (found < 0)
    return -1;
  if (found == 0) {
    font_error(reader, "font has no '%s' table (expected a complete %s font)",
               tag, reader->cff ? "CFF OpenType" : "TrueType");
    return -1;
  }
  if (out->length < min_length) {
    font_error(reader, "truncated '%s' table", tag);
    return -1;
  }
  return 0;
}

/*
 * 'fill_format4()' - Map the BMP through a cmap format 4 subtable that
 * starts at 'sub' and may use 'avail' bytes.  Segments are clipped so that
 * each code point is visited once however the segments overlap.  Returns 0,
 * or -1 (reported) when the subtable is truncated.
 */
static int fill_format4(const font_reader *reader, const unsigned char *sub,
                        size_t avail, lf_font *font) {
  if (avail < 14) {
    font_error(reader, "truncated 'cmap' table");
    return -1;
  }
  size_t seg_count = lf_be16(sub + 6) / 2;
  if (seg_count == 0 || avail < 16 + 8 * seg_count) {
    font_error(reader, "truncated 'cmap' table");
    return -1;
  }
  const unsigned char *end_codes = sub + 14;
  const unsigned char *start_codes = end_codes + 2 * seg_count + 2;
  const unsigned char *deltas = start_codes + 2 * seg_count;
  const unsigned char *range_offsets = deltas + 2 * seg_count;
  const unsigned char *sub_end = sub + avail;
  uint32_t next_free = 0; /* code points below this are already mapped */

  for (size_t seg = 0; seg < seg_count; seg++) {
    uint32_t first = lf_be16(start_codes + 2 * seg);
    uint32_t last = lf_be16(end_codes + 2 * seg);
    unsigned delta = lf_be16(deltas + 2 * seg);
    unsigned range_offset = lf_be16(range_offsets + 2 * seg);
    if (first < next_free)
      first = next_free;
    if (first > last)
      continue;
    next_free = last + 1;
    for (uint32_t cp = first; cp <= last; cp++) {
      unsigned glyph;
      if (range_offset == 0) {
        glyph = (cp + delta) & 0xFFFFu;
      } else {
        /* 'first' may have been clipped: index from the segment's start */
        const unsigned char *at =
            range_offsets + 2 * seg + range_offset +
            2 * (size_t)(cp - lf_be16(start_codes + 2 * seg));
        if (at + 2 > sub_end) {
          font_error(reader, "truncated 'cmap' table");
          return -1;
        }
        glyph = lf_be16(at);
        if (glyph != 0)
          glyph = (glyph + delta) & 0xFFFFu;
      }
      if (cp < BMP_SIZE && glyph < font->glyph_count)
        bmp_set(font, cp, (uint16_t)glyph);
    }
  }
  return 0;
}

/*
 * 'fill_format12()' - Map code points through a cmap format 12 subtable:
 * the BMP into the flat table, the rest into sorted groups.  Groups are
 * clipped to be increasing and disjoint.  Returns 0, or -1 (reported).
 */
static int fill_format12(const font_reader *reader, const unsigned char *sub,
                         size_t avail, lf_font *font) {
  if (avail < 16) {
    font_error(reader, "truncated 'cmap' table");
    return -1;
  }
  uint64_t group_count = lf_be32(sub + 12);
  if (group_count > (avail - 16) / 12) {
    font_error(reader, "truncated 'cmap' table");
    return -1;
  }
  size_t astral_count = 0;
  astral_group *astral =
      group_count ? calloc((size_t)group_count, sizeof *astral) : NULL;
  if (group_count && !astral) {
    font_error(reader, "out of memory reading 'cmap' table");
    return -1;
  }
  uint64_t next_free = 0;
  for (uint64_t g = 0; g < group_count; g++) {
    const unsigned char *rec = sub + 16 + 12 * g;
    uint64_t first = lf_be32(rec), last = lf_be32(rec + 4);
    uint64_t first_glyph = lf_be32(rec + 8);
    if (last > 0x10FFFF)
      last = 0x10FFFF;
    if (first < next_free) {
      first_glyph += next_free - first;
      first = next_free;
    }
    if (first > last)
      continue;
    next_free = last + 1;
    for (uint64_t cp = first; cp <= last && cp < BMP_SIZE; cp++) {
      uint64_t glyph = first_glyph + (cp - first);
      if (glyph < font->glyph_count)
        bmp_set(font, (uint32_t)cp, (uint16_t)glyph);
    }
    if (last >= BMP_SIZE) {
      if (first < BMP_SIZE) {
        first_glyph += BMP_SIZE - first;
        first = BMP_SIZE;
      }
      if (first_glyph < font->glyph_count) {
        astral[astral_count].first_cp = (uint32_t)first;
        astral[astral_count].last_cp = (uint32_t)last;
        astral[astral_count].first_glyph = (uint32_t)first_glyph;
        astral_count++;
      }
    }
  }
  if (astral_count == 0) {
    free(astral);
    astral = NULL;
  }
  font->astral = astral;
  font->astral_count = astral_count;
  return 0;
}

/*
 * 'read_cmap()' - Choose the Unicode cmap subtable (Windows UCS-4 format 12,
 * then Windows BMP format 4, then a Unicode-platform format 12 or 4) and
 * build the lookup tables from it.  Returns 0, or -1 (reported).
 */
static int read_cmap(const font_reader *reader, lf_font *font) {
  table_ref cmap;
  if (need_table(reader, "cmap", 4, &cmap) < 0)
    return -1;
  const unsigned char *base = reader->data + cmap.offset;
  size_t count = lf_be16(base + 2);
  if (cmap.length < 4 + 8 * count) {
    font_error(reader, "truncated 'cmap' table");
    return -1;
  }
  int best_rank = 0;
  size_t best_offset = 0;
  unsigned best_format = 0;
  for (size_t i = 0; i < count; i++) {
    const unsigned char *rec = base + 4 + 8 * i;
    unsigned platform = lf_be16(rec), encoding = lf_be16(rec + 2);
    uint32_t offset = lf_be32(rec + 4);
    if (offset > cmap.length || cmap.length - offset < 2)
      continue;
    unsigned format = lf_be16(base + offset);
    int rank = 0;
    if (platform == 3 && encoding == 10 && format == 12)
      rank = 5;
    else if (platform == 3 && encoding == 1 && format == 4)
      rank = 4;
    else if (platform == 0 && format == 12)
      rank = 3;
    else if (platform == 0 && format == 4)
      rank = 2;
    if (rank > best_rank) {
      best_rank = rank;
      best_offset = offset;
      best_format = format;
    }
  }
  if (best_rank == 0) {
    font_error(reader, "font has no Unicode cmap (expected a Windows or "
                       "Unicode cmap subtable of format 4 or 12)");
    return -1;
  }
  if (best_format == 12)
    return fill_format12(reader, base + best_offset, cmap.length - best_offset,
                         font);
  return fill_format4(reader, base + best_offset, cmap.length - best_offset,
                      font);
}

/*
 * 'read_widths()' - Read hhea and hmtx into per-glyph advances in 1/1000 em
 * (libharu's rounding), and the ascent and descent.  Returns 0 or -1.
 */
static int read_widths(const font_reader *reader, lf_font *font) {
  table_ref hhea, hmtx;
  if (need_table(reader, "hhea", 36, &hhea) < 0 ||
      need_table(reader, "hmtx", 0, &hmtx) < 0)
    return -1;
  const unsigned char *h = reader->data + hhea.offset;
  font->ascent = scale_signed(lf_be16s(h + 4), font->units_per_em);
  font->descent = scale_signed(lf_be16s(h + 6), font->units_per_em);
  size_t metric_count = lf_be16(h + 34);
  if (metric_count == 0 || metric_count > font->glyph_count) {
    font_error(reader,
               "inconsistent 'hhea' table (numberOfHMetrics %zu; expected 1 "
               "to the %u glyphs of 'maxp')",
               metric_count, font->glyph_count);
    return -1;
  }
  if (hmtx.length < 4 * metric_count + 2 * (font->glyph_count - metric_count)) {
    font_error(reader, "truncated 'hmtx' table");
    return -1;
  }
  font->advance = malloc(font->glyph_count * sizeof *font->advance);
  if (!font->advance) {
    font_error(reader, "out of memory reading 'hmtx' table");
    return -1;
  }
  const unsigned char *m = reader->data + hmtx.offset;
  unsigned last = 0;
  for (size_t g = 0; g < font->glyph_count; g++) {
    if (g < metric_count)
      last = (unsigned)((unsigned long)lf_be16(m + 4 * g) * 1000u /
                        font->units_per_em);
    font->advance[g] = (uint16_t)last;
  }
  return 0;
}

/*
 * 'find_face()' - Where face 'index' of the file starts: 0 for a lone font
 * (which must be asked for as face 0), else the collection's offset for
 * that face.  'have' bytes of the file are in 'reader->data'.  Returns 0
 * and sets reader->directory, 1 when more of the file must be read first
 * ('*need' bytes), or -1 (reported).
 */
static int find_face(font_reader *reader, size_t have, unsigned index,
                     size_t *need) {
  reader->directory = 0;
  if (have < 4 || memcmp(reader->data, "ttcf", 4) != 0) {
    if (index == 0)
      return 0;
    font_error(reader, "not a font collection, so it has no face %u (expected "
                       "face 0, or a .ttc file)", index);
    return -1;
  }
  if (reader->size < 12) {
    font_error(reader, "truncated font collection header");
    return -1;
  }
  if (have < 12) {
    *need = 12;
    return 1;
  }
  uint64_t faces = lf_be32(reader->data + 8);
  if (faces == 0 || 12 + 4 * faces > reader->size) {
    font_error(reader, "truncated font collection header");
    return -1;
  }
  if (index >= faces) {
    font_error(reader, "the font collection has %llu faces, so no face %u "
                       "(expected 0 to %llu)",
               (unsigned long long)faces, index,
               (unsigned long long)faces - 1);
    return -1;
  }
  if (have < 12 + 4 * ((size_t)index + 1)) {
    *need = 12 + 4 * ((size_t)index + 1);
    return 1;
  }
  uint64_t at = lf_be32(reader->data + 12 + 4 * (size_t)index);
  if (at > reader->size || reader->size - at < 12) {
    font_error(reader, "truncated font collection: face %u lies past the end "
                       "of the file", index);
    return -1;
  }
  reader->directory = (size_t)at;
  return 0;
}

/*
 * 'check_directory()' - Check the face's signature and table directory: a
 * TrueType (glyf) or CFF OpenType font whose required tables lie inside the
 * file.  'reader->data' need hold only the bytes up to the end of the
 * directory; 'reader->size' is the file's size.  Sets reader->cff.  Returns
 * 0, or -1 (reported).
 */
static int check_directory(font_reader *reader, size_t have) {
  const unsigned char *dir = reader->data + reader->directory;
  size_t left = have - reader->directory;
  if (left < 12 || (lf_be32(dir) != 0x00010000u && memcmp(dir, "true", 4) != 0 &&
                    memcmp(dir, "OTTO", 4) != 0)) {
    font_error(reader, "not a TrueType or OpenType font (expected a .ttf, .otf "
                       "or .ttc file)");
    return -1;
  }
  reader->cff = memcmp(dir, "OTTO", 4) == 0;
  size_t table_count = lf_be16(dir + 4);
  if (reader->size - reader->directory < 12 + 16 * table_count ||
      left < 12 + 16 * table_count) {
    font_error(reader, "truncated table directory");
    return -1;
  }
  /* checked in this order, so that the first problem reported is the
   * same for every font whatever its outlines */
  static const char *const required[] = {"head", "maxp", "", "hhea", "hmtx", "cmap"};
  table_ref ref;
  for (size_t i = 0; i < sizeof required / sizeof *required; i++) {
    if (required[i][0]) {
      if (need_table(reader, required[i], 0, &ref) < 0)
        return -1;
    } else if (!reader->cff) {
      if (need_table(reader, "loca", 0, &ref) < 0 || need_table(reader, "glyf", 0, &ref) < 0)
        return -1;
    } else {
      int cff = find_table(reader, "CFF ", &ref), cff2 = find_table(reader, "CFF2", &ref);
      if (cff < 0 || cff2 < 0)
        return -1;
      if (cff == 0 && cff2 == 0) {
        font_error(reader, "font has no 'CFF ' table (expected a complete CFF "
                           "OpenType font)");
        return -1;
      }
    }
  }
  return 0;
}

/* How deep composite glyphs may nest (TrueType's maxComponentDepth is
 * rarely above 3). */
#define COMPONENT_DEPTH_MAX 16

/* The glyph outlines, for check_composites(). */
typedef struct outlines {
  const unsigned char *loca, *glyf;
  size_t loca_length, glyf_length;
  int long_loca;
  unsigned glyphs;
  unsigned char *state; /* a glyph: 0 not seen, 1 being followed, 2 sound */
} outlines;

/*
 * 'glyph_bytes()' - Glyph 'g''s outline, or NULL for an empty one or one
 * loca puts outside glyf ('*bad' set).
 */
static const unsigned char *glyph_bytes(const outlines *o, unsigned g, size_t *length, int *bad) {
  size_t start, end;
  if (lf_loca_range(o->loca, o->long_loca, o->glyf_length, g, &start, &end) != 0) {
    *bad = 1;
    return NULL;
  }
  *length = end - start;
  return end > start ? o->glyf + start : NULL;
}

/*
 * 'follow()' - Whether glyph 'g' draws: its components, and theirs, name
 * glyphs of the font and never lead back to it.  Returns 0, or the glyph
 * that goes wrong plus one.
 */
static unsigned follow(outlines *o, unsigned g, int depth) {
  if (o->state[g] == 2)
    return 0;
  if (o->state[g] == 1 || depth > COMPONENT_DEPTH_MAX)
    return g + 1;
  int bad = 0;
  size_t length = 0;
  const unsigned char *p = glyph_bytes(o, g, &length, &bad);
  if (bad)
    return g + 1;
  if (!p || length < 10 || (int16_t)lf_be16(p) >= 0) {
    o->state[g] = 2;
    return 0;
  }
  o->state[g] = 1;
  const unsigned char *at = p + 10, *end = p + length;
  for (;;) {
    if (end - at < 4)
      return g + 1;
    unsigned flags = lf_be16(at), component = lf_be16(at + 2);
    if (component >= o->glyphs)
      return g + 1;
    unsigned wrong = follow(o, component, depth + 1);
    if (wrong)
      return wrong;
    if (!(flags & LF_GLYF_MORE_COMPONENTS))
      break;
    size_t size = lf_component_length(at, end);
    if (!size)
      return g + 1;
    at += size;
  }
  o->state[g] = 2;
  return 0;
}

/*
 * 'check_composites()' - Every composite glyph of a TrueType font names
 * glyphs the font has and never itself, through however many components:
 * a glyph made of itself draws nothing, and text set with it would be
 * invisible with no error anywhere.  Returns 0, or -1 (reported).
 */
static int check_composites(font_reader *reader, lf_font *font) {
  table_ref loca, glyf;
  if (need_table(reader, "loca", 0, &loca) < 0 || need_table(reader, "glyf", 0, &glyf) < 0)
    return -1;
  outlines o = {reader->data + loca.offset, reader->data + glyf.offset, loca.length,
                glyf.length, font->long_loca, font->glyph_count, NULL};
  if (loca.length < (o.long_loca ? 4u : 2u) * ((size_t)o.glyphs + 1)) {
    font_error(reader, "bad 'loca' table (shorter than its %u glyphs need)", o.glyphs);
    return -1;
  }
  if (!(o.state = calloc(o.glyphs, 1))) {
    font_error(reader, "out of memory loading font");
    return -1;
  }
  unsigned wrong = 0;
  for (unsigned g = 0; g < o.glyphs && !wrong; g++)
    wrong = follow(&o, g, 0);
  free(o.state);
  if (wrong) {
    font_error(reader, "glyph %u is damaged: its outline lies outside 'glyf', or its "
               "components name a glyph the font lacks, lead back to it or nest more than %d "
               "deep (expected a sound font)", wrong - 1, COMPONENT_DEPTH_MAX);
    return -1;
  }
  return 0;
}

/*
 * 'parse_font()' - Check the file's signature and directory and read every
 * table the layout needs.  Returns 0, or -1 (reported).
 */
static int parse_font(font_reader *reader, lf_font *font) {
  size_t need = 0;
  if (find_face(reader, reader->size, font->index, &need) != 0 ||
      check_directory(reader, reader->size) < 0)
    return -1;
  font->directory = reader->directory;
  font->cff = reader->cff;

  table_ref head, maxp;
  if (need_table(reader, "head", 54, &head) < 0 ||
      need_table(reader, "maxp", 6, &maxp) < 0)
    return -1;
  const unsigned char *h = reader->data + head.offset;
  font->units_per_em = lf_be16(h + 18);
  if (font->units_per_em < 16 || font->units_per_em > 16384) {
    font_error(reader,
               "bad 'head' table (unitsPerEm %u; expected 16 to 16384)",
               font->units_per_em);
    return -1;
  }
  font->glyph_count = lf_be16(reader->data + maxp.offset + 4);
  if (font->glyph_count == 0) {
    font_error(reader, "bad 'maxp' table (no glyphs)");
    return -1;
  }
  if (!reader->cff) {
    unsigned format = lf_be16(h + 50);
    if (format > 1) {
      font_error(reader, "bad 'head' table (indexToLocFormat %u; expected 0 or 1)", format);
      return -1;
    }
    font->long_loca = format == 1;
    if (check_composites(reader, font) < 0)
      return -1;
  }

  if (read_widths(reader, font) < 0 || read_cmap(reader, font) < 0)
    return -1;
  /* A font without a no-break space sets U+00A0 with the space glyph. */
  if (bmp_get(font, 0xA0) == 0)
    bmp_set(font, 0xA0, bmp_get(font, 0x20));
  if (font->bmp_failed) {
    font_error(reader, "out of memory reading font");
    return -1;
  }
  if (font->astral_count == 0) {
    int any = 0;
    for (size_t b = 0; b < font->bmp_count && !any; b++)
      for (size_t i = 0; i < 256 && !any; i++)
        any = font->bmp[b][i] != 0;
    if (!any) {
      font_error(reader, "font has no Unicode cmap (its cmap maps no "
                         "character to a glyph)");
      return -1;
    }
  }
  return 0;
}

/*
 * 'make_shaper_font()' - HarfBuzz's face and font over the bytes in memory,
 * scaled so that positions come out in font units, made immutable so that
 * threads may share it.  Returns 0, or -1 (reported) when out of memory.
 */
static int make_shaper_font(const font_reader *reader, lf_font *font) {
  font->hb_blob = hb_blob_create((const char *)font->data, (unsigned)font->size,
                                 HB_MEMORY_MODE_READONLY, NULL, NULL);
  font->hb_face = hb_face_create(font->hb_blob, font->index);
  font->hb_font = hb_font_create(font->hb_face);
  if (font->hb_font == hb_font_get_empty()) {
    font_error(reader, "out of memory loading font");
    return -1;
  }
  hb_font_set_scale(font->hb_font, (int)font->units_per_em, (int)font->units_per_em);
  hb_font_make_immutable(font->hb_font);
  return 0;
}

/*
 * 'lf_font_load()' - Face 0 of a font file (see lf_font_load_face()).
 */
lf_font *lf_font_load(const char *path, lf_diags *diags) {
  return lf_font_load_face(path, 0, diags);
}

/*
 * 'lf_font_load_face()' - Map a font file, build face
 * 'index''s width and code point tables and its HarfBuzz font.
 */
lf_font *lf_font_load_face(const char *path, unsigned index, lf_diags *diags) {
  font_reader reader = {path ? path : "(no font path)", diags, NULL, 0, 0, 0};
  if (!path) {
    font_error(&reader, "no font file given (expected a path to a .ttf, .otf "
                        "or .ttc file)");
    return NULL;
  }
  lf_font *font = calloc(1, sizeof *font);
  if (!font) {
    font_error(&reader, "out of memory loading font");
    return NULL;
  }
  font->index = index;
  font->path = strdup(path);
  font->data = font->path ? map_file(&reader, &font->size) : NULL;
  if (!font->data) {
    if (!font->path)
      font_error(&reader, "out of memory loading font");
    lf_font_free(font);
    return NULL;
  }
  reader.data = font->data;
  reader.size = font->size;
  if (parse_font(&reader, font) < 0 || make_shaper_font(&reader, font) < 0) {
    lf_font_free(font);
    return NULL;
  }
  return font;
}

/*
 * 'lf_font_free()' - Free a font and everything it holds.
 */
void lf_font_free(lf_font *font) {
  if (!font)
    return;
  hb_font_destroy(font->hb_font);
  hb_face_destroy(font->hb_face);
  hb_blob_destroy(font->hb_blob);
  free(font->path);
  lf_unmap_file(font->data, font->size);
  free(font->bmp);
  free(font->astral);
  free(font->advance);
  free(font);
}

/*
 * 'lf_font_glyph()' - The glyph for 'cp': a table look-up in the BMP, a
 * binary search of the groups beyond it.
 */
uint16_t lf_font_glyph(const lf_font *font, uint32_t cp) {
  if (cp < BMP_SIZE)
    return bmp_get(font, cp);
  size_t low = 0, high = font->astral_count;
  while (low < high) {
    size_t mid = low + (high - low) / 2;
    const astral_group *g = &font->astral[mid];
    if (cp < g->first_cp)
      high = mid;
    else if (cp > g->last_cp)
      low = mid + 1;
    else {
      uint32_t glyph = g->first_glyph + (cp - g->first_cp);
      return glyph < font->glyph_count ? (uint16_t)glyph : 0;
    }
  }
  return 0;
}

/*
 * 'lf_font_advance()' - The advance of 'cp' in 1/1000 em; a missing
 * character measures as glyph 0 (.notdef), as in libharu.
 */
int lf_font_advance(const lf_font *font, uint32_t cp) {
  return font->advance[lf_font_glyph(font, cp)];
}

/* 'lf_font_glyph_width()' - A glyph's advance in 1/1000 em. */
int lf_font_glyph_width(const lf_font *font, uint32_t glyph) {
  return glyph < font->glyph_count ? font->advance[glyph] : 0;
}

/* 'lf_font_ascent()' - hhea ascender in 1/1000 em. */
int lf_font_ascent(const lf_font *font) { return font->ascent; }

/* 'lf_font_descent()' - hhea descender in 1/1000 em (negative). */
int lf_font_descent(const lf_font *font) { return font->descent; }

/* 'lf_font_path()' - The file the font was read from. */
const char *lf_font_path(const lf_font *font) { return font->path; }

/* 'lf_font_face_index()' - Which face of its file the font is. */
unsigned lf_font_face_index(const lf_font *font) { return font->index; }

/* 'lf_font_is_cff()' - Whether its outlines are CFF. */
int lf_font_is_cff(const lf_font *font) { return font->cff; }

/* 'lf_font_units_per_em()' - The design units of an em. */
unsigned lf_font_units_per_em(const lf_font *font) { return font->units_per_em; }

/* 'lf_font_glyph_count()' - How many glyphs the font has. */
unsigned lf_font_glyph_count(const lf_font *font) { return font->glyph_count; }

/* 'lf_font_hb()' - The HarfBuzz font shaping uses. */
struct hb_font_t *lf_font_hb(const lf_font *font) { return font->hb_font; }

/* 'lf_font_data()' - The whole file, for embedding. */
const unsigned char *lf_font_data(const lf_font *font, size_t *size) {
  if (size)
    *size = font->size;
  return font->data;
}

/* What a font set loads on first need: the fallback and script faces. */
struct lf_fontset_lazy {
  pthread_mutex_t lock;
  atomic_int state[LF_FACE_MAX]; /* 0 not tried, 1 loaded, 2 failed */
  lf_diags problems;             /* why a face failed to load */
};

/*
 * 'probe_font()' - Check, without reading its tables, that 'path' is a
 * regular file holding a TrueType or OpenType face 'index' whose table
 * directory is whole.  Returns 0, or -1 (reported).
 */
static int probe_font(const char *path, unsigned index, lf_diags *diags) {
  font_reader reader = {path, diags, NULL, 0, 0, 0};
  int fd = open_font_file(&reader, &reader.size);
  if (fd < 0)
    return -1;
  /* read as much of the file's start as the face's directory needs: the
   * collection header, the face's offset, then its directory */
  size_t have = 0, want = reader.size < 12 ? reader.size : 12;
  unsigned char *data = NULL;
  int rc = 0;
  for (int step = 0; step < 4 && rc == 0; step++) {
    if (want > have) {
      unsigned char *grown = realloc(data, want);
      if (!grown) {
        font_error(&reader, "out of memory reading font");
        rc = -1;
        break;
      }
      data = grown;
      if ((rc = read_exactly(&reader, fd, data + have, want - have, (off_t)have)) != 0)
        break;
      have = want;
    }
    reader.data = data;
    size_t need = 0;
    int found = find_face(&reader, have, index, &need);
    if (found < 0) {
      rc = -1;
    } else if (found == 1) {
      want = need;
    } else {
      size_t at = reader.directory;
      size_t length = have >= at + 12 ? 12 + 16 * (size_t)lf_be16(data + at + 4) : 12;
      if (at + length <= have || at + length > reader.size) {
        rc = check_directory(&reader, have);
        break;
      }
      want = at + length;
    }
  }
  free(data);
  close(fd);
  return rc;
}

/*
 * 'init_lazy()' - The lock, states and problem list of a set whose faces
 * are in place.  Returns 0, or -1 (reported) when out of memory.
 */
static int init_lazy(lf_fontset *set, const char *where, lf_diags *diags) {
  if (!(set->lazy = calloc(1, sizeof *set->lazy)) ||
      !(set->shapes = lf_shape_cache_new(LF_SHAPE_CACHE_BYTES))) {
    lf_error(diags, (lf_pos){where, 0, 0}, "out of memory loading fonts");
    return -1;
  }
  pthread_mutex_init(&set->lazy->lock, NULL);
  for (int f = 0; f < LF_FACE_MAX; f++)
    atomic_init(&set->lazy->state[f], 0);
  lf_diags_init(&set->lazy->problems);
  return 0;
}

/*
 * 'lf_fontset_load()' - Load the regular and bold faces and probe the
 * fallbacks.  A NULL fallback path leaves that fallback empty; the regular
 * and bold faces are required.  On failure everything is freed.
 */
int lf_fontset_load(lf_fontset *set, const char *const paths[LF_FACE_COUNT],
                    lf_diags *diags) {
  memset(set, 0, sizeof *set);
  int failed = 0;
  for (int face = 0; face < LF_FACE_COUNT && !failed; face++) {
    if (!paths[face] && face >= LF_FACE_FALLBACK_REGULAR)
      continue;
    if (!paths[face]) {
      set->face[face] = lf_font_load(NULL, diags);
      failed = 1;
      break;
    }
    if (!(set->path[face] = strdup(paths[face]))) {
      lf_error(diags, (lf_pos){paths[face], 0, 0}, "out of memory loading font");
      failed = 1;
    } else if (face < LF_FACE_FALLBACK_REGULAR) {
      failed = !(set->face[face] = lf_font_load(paths[face], diags));
    } else {
      failed = probe_font(paths[face], 0, diags) != 0;
    }
  }
  if (failed || init_lazy(set, paths[0], diags) != 0) {
    lf_fontset_free(set);
    return -1;
  }
  return 0;
}

/*
 * 'lf_fontset_add_script()' - Probe the files of script slot 'slot' and
 * note them to be loaded on first need.
 */
int lf_fontset_add_script(lf_fontset *set, int slot, const char *const paths[2],
                          unsigned index, lf_diags *diags) {
  if (slot < 0 || slot >= LF_SCRIPT_SLOTS || !paths[0]) {
    lf_error(diags, (lf_pos){paths[0], 0, 0},
             "no script slot %d (expected 0 to %d, with a regular face)", slot,
             LF_SCRIPT_SLOTS - 1);
    return -1;
  }
  for (int bold = 0; bold < 2; bold++) {
    int face = LF_FACE_SCRIPT + 2 * slot + bold;
    if (!paths[bold])
      continue;
    if (probe_font(paths[bold], index, diags) != 0)
      return -1;
    free(set->path[face]);
    if (!(set->path[face] = strdup(paths[bold]))) {
      lf_error(diags, (lf_pos){paths[bold], 0, 0}, "out of memory loading font");
      return -1;
    }
    set->index[face] = index;
  }
  return 0;
}

/* 'lf_fontset_free()' - Free the faces and empty the set. */
void lf_fontset_free(lf_fontset *set) {
  for (int face = 0; face < LF_FACE_MAX; face++) {
    lf_font_free(set->face[face]);
    set->face[face] = NULL;
    free(set->path[face]);
    set->path[face] = NULL;
  }
  if (set->lazy) {
    pthread_mutex_destroy(&set->lazy->lock);
    lf_diags_free(&set->lazy->problems);
    free(set->lazy);
    set->lazy = NULL;
  }
  lf_shape_cache_free(set->shapes);
  set->shapes = NULL;
}

/*
 * 'lazy_face()' - Face 'face' (a fallback or a script face), loading it on
 * first need; NULL when the set has none or it failed to load (noted in
 * the set's problems).  The set is shared by threads: the face is written
 * once, under the lock, before its state says it is loaded.
 */
static const lf_font *lazy_face(const lf_fontset *set, int face) {
  lf_fontset_lazy *lazy = set->lazy;
  if (!lazy || !set->path[face])
    return set->face[face];
  atomic_int *state = &lazy->state[face];
  int now = atomic_load_explicit(state, memory_order_acquire);
  if (now == 0) {
    pthread_mutex_lock(&lazy->lock);
    now = atomic_load_explicit(state, memory_order_relaxed);
    if (now == 0) {
      /* the set is not const where it was made: lf_fontset_load() */
      lf_font *font = lf_font_load_face(set->path[face], set->index[face],
                                        &lazy->problems);
      ((lf_fontset *)set)->face[face] = font;
      now = font ? 1 : 2;
      atomic_store_explicit(state, now, memory_order_release);
    }
    pthread_mutex_unlock(&lazy->lock);
  }
  return now == 1 ? set->face[face] : NULL;
}

/*
 * 'lf_fontset_face()' - A face of the set, a fallback or script face loaded
 * on first need.
 */
const lf_font *lf_fontset_face(const lf_fontset *set, lf_face face) {
  if ((int)face < 0 || (int)face >= LF_FACE_MAX)
    return NULL;
  return (int)face >= LF_FACE_FALLBACK_REGULAR ? lazy_face(set, (int)face)
                                               : set->face[face];
}

/*
 * 'lf_fontset_problems()' - Copy the errors of faces that failed to load
 * into 'diags'.
 */
size_t lf_fontset_problems(const lf_fontset *set, lf_diags *diags) {
  if (!set->lazy)
    return 0;
  pthread_mutex_lock(&set->lazy->lock);
  const lf_diags *p = &set->lazy->problems;
  for (size_t i = 0; i < p->count; i++)
    lf_diag_add(diags, p->items[i].severity, p->items[i].pos, "%s",
                p->items[i].message);
  size_t count = p->count;
  pthread_mutex_unlock(&set->lazy->lock);
  return count;
}

/*
 * 'lf_fontset_pick()' - 'want' when it has 'cp', else its fallback when
 * that has it, else -1.
 */
int lf_fontset_pick(const lf_fontset *set, lf_face want, uint32_t cp) {
  if (want != LF_FACE_REGULAR && want != LF_FACE_BOLD)
    return -1;
  const lf_font *first = set->face[want];
  if (first && lf_font_glyph(first, cp) != 0)
    return (int)want;
  const lf_font *fallback = lazy_face(set, (int)want + 2);
  if (fallback && lf_font_glyph(fallback, cp) != 0)
    return (int)want + 2;
  return -1;
}

/*
 * 'lf_font_table()' - Look 'tag' up in the table directory of the file in
 * memory; a table that runs past the end of the file counts as absent.
 */
const unsigned char *lf_font_table(const lf_font *font, const char *tag,
                                   size_t *length) {
  if (length)
    *length = 0;
  if (!font || !tag || font->size < font->directory + 12)
    return NULL;
  const unsigned char *dir = font->data + font->directory;
  size_t count = lf_be16(dir + 4);
  for (size_t i = 0; i < count && font->directory + 12 + 16 * (i + 1) <= font->size; i++) {
    const unsigned char *rec = dir + 12 + 16 * i;
    if (memcmp(rec, tag, 4) != 0)
      continue;
    uint64_t offset = lf_be32(rec + 8), size = lf_be32(rec + 12);
    if (offset > font->size || size > font->size - offset)
      return NULL;
    if (length)
      *length = (size_t)size;
    return font->data + offset;
  }
  return NULL;
}

