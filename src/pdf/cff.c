/*
 * cff.c -- a CFF table's keying, ROS and charset (see cff.h), read as the
 * Compact Font Format specification (Adobe technical note 5176) lays them
 * out: a header, the Name, Top DICT and String INDEXes, and the charset
 * and CharStrings the Top DICT points at.
 */
#include "cff.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "leaflet/bytes.h"

/* Strings a CFF font names by SID without storing them (SIDs below this
 * are the specification's standard strings). */
enum { STANDARD_STRINGS = 391 };

/* Top DICT operators read here (two-byte ones as 1200 + second byte). */
enum { OP_CHARSET = 15, OP_CHARSTRINGS = 17, OP_ROS = 1230 };

/* An INDEX: 'count' objects, object i from data + offset[i] - 1 to data +
 * offset[i + 1] - 1. */
typedef struct cff_index {
  size_t start;        /* where its count is */
  unsigned count;
  unsigned off_size;
  size_t offsets;      /* where its offsets are */
  size_t data;         /* where its data starts, less one */
  size_t end;          /* the byte after it */
} cff_index;

/* 'read_offset()' - An offset of 'size' bytes at 'p'. */
static size_t read_offset(const unsigned char *p, unsigned size) {
  size_t v = 0;
  for (unsigned i = 0; i < size; i++)
    v = v << 8 | p[i];
  return v;
}

/*
 * 'read_index()' - The INDEX at 'at', checked to lie inside the table with
 * offsets that go up; with 'count_only', only its count and offset array
 * are checked (the CharStrings INDEX, whose objects are never read here:
 * 65,535 offsets of a CJK face, for every document).  Returns 0, or -1.
 */
static int read_index_as(const lf_pdf_cff *cff, size_t at, cff_index *index, int count_only) {
  memset(index, 0, sizeof *index);
  index->start = at;
  if (at > cff->size || cff->size - at < 2)
    return -1;
  index->count = lf_be16(cff->data + at);
  if (!index->count) {
    index->end = at + 2;
    return 0;
  }
  if (cff->size - at < 3)
    return -1;
  index->off_size = cff->data[at + 2];
  if (index->off_size < 1 || index->off_size > 4)
    return -1;
  index->offsets = at + 3;
  size_t table = ((size_t)index->count + 1) * index->off_size;
  if (cff->size - index->offsets < table)
    return -1;
  index->data = index->offsets + table - 1;
  if (count_only) {
    index->end = index->data;
    return 0;
  }
  size_t last = 1;
  for (unsigned i = 0; i <= index->count; i++) {
    size_t off = read_offset(cff->data + index->offsets + (size_t)i * index->off_size,
                             index->off_size);
    if (off < last || off > cff->size - index->data)
      return -1;
    last = off;
  }
  index->end = index->data + last;
  return 0;
}

/* 'read_index()' - read_index_as() checking every offset. */
static int read_index(const lf_pdf_cff *cff, size_t at, cff_index *index) {
  return read_index_as(cff, at, index, 0);
}

/* 'index_object()' - Where object 'i' of an INDEX starts and its length. */
static size_t index_object(const lf_pdf_cff *cff, const cff_index *index,
                           unsigned i, size_t *length) {
  const unsigned char *p = cff->data + index->offsets + (size_t)i * index->off_size;
  size_t from = read_offset(p, index->off_size);
  size_t to = read_offset(p + index->off_size, index->off_size);
  *length = to - from;
  return index->data + from;
}

/*
 * 'read_string()' - String 'sid' into 'out' (of 'size' bytes): a custom
 * string from the String INDEX; "" for a standard one (the names a ROS
 * gives, "Adobe" and its orderings, are custom strings).
 */
static void read_string(const lf_pdf_cff *cff, const cff_index *strings,
                        long sid, char *out, size_t size) {
  out[0] = '\0';
  if (sid < STANDARD_STRINGS || sid - STANDARD_STRINGS >= (long)strings->count)
    return;
  size_t length;
  size_t at = index_object(cff, strings, (unsigned)(sid - STANDARD_STRINGS), &length);
  size_t n = 0;
  for (size_t i = 0; i < length && n + 1 < size; i++) {
    unsigned char c = cff->data[at + i];
    if (c > 0x20 && c < 0x7F && c != '(' && c != ')' && c != '\\')
      out[n++] = (char)c;
  }
  out[n] = '\0';
}

/*
 * 'read_top_dict()' - The operands of the Top DICT operators read here:
 * the charset and CharStrings offsets, and the ROS.  Returns 0, or -1 for
 * a malformed DICT.
 */
static int read_top_dict(const unsigned char *p, size_t length, long *charset,
                         long *charstrings, long ros[3], int *has_ros) {
  long stack[48];
  int depth = 0;
  size_t i = 0;
  while (i < length) {
    unsigned b = p[i];
    if (b <= 21) {
      unsigned op = b;
      if (b == 12) {
        if (i + 1 >= length)
          return -1;
        op = 1200 + p[i + 1];
        i += 2;
      } else {
        i++;
      }
      if (op == OP_CHARSET && depth >= 1)
        *charset = stack[depth - 1];
      else if (op == OP_CHARSTRINGS && depth >= 1)
        *charstrings = stack[depth - 1];
      else if (op == OP_ROS && depth >= 3) {
        memcpy(ros, stack + depth - 3, 3 * sizeof *ros);
        *has_ros = 1;
      }
      depth = 0;
      continue;
    }
    long value;
    if (b == 28) {
      if (length - i < 3)
        return -1;
      value = (int16_t)lf_be16(p + i + 1);
      i += 3;
    } else if (b == 29) {
      if (length - i < 5)
        return -1;
      value = (int32_t)lf_be32(p + i + 1);
      i += 5;
    } else if (b == 30) { /* a real: skipped, counted as 0 */
      i++;
      while (i < length && (p[i] & 0x0F) != 0x0F && (p[i] >> 4) != 0x0F)
        i++;
      if (i++ >= length)
        return -1;
      value = 0;
    } else if (b >= 32 && b <= 246) {
      value = (long)b - 139;
      i++;
    } else if (b >= 247 && b <= 254) {
      if (length - i < 2)
        return -1;
      /* 247-250: +(b - 247) * 256 + b1 + 108; 251-254: the same, negative */
      long w = (long)(b <= 250 ? b - 247 : b - 251) * 256 + p[i + 1] + 108;
      value = b <= 250 ? w : -w;
      i += 2;
    } else {
      return -1;
    }
    if (depth == (int)(sizeof stack / sizeof *stack))
      return -1;
    stack[depth++] = value;
  }
  return 0;
}

/*
 * 'lf_pdf_cff_read()' - Header, Name INDEX (one font), Top DICT, String
 * INDEX, and the CharStrings count.
 */
int lf_pdf_cff_read(const unsigned char *data, size_t size, lf_pdf_cff *cff) {
  memset(cff, 0, sizeof *cff);
  cff->data = data;
  cff->size = size;
  if (!data || size < 4 || data[0] != 1 || data[2] < 4)
    return -1;
  cff_index names, tops, strings, charstrings;
  if (read_index(cff, data[2], &names) || names.count != 1 ||
      read_index(cff, names.end, &tops) || tops.count != 1 ||
      read_index(cff, tops.end, &strings))
    return -1;
  size_t length;
  size_t at = index_object(cff, &tops, 0, &length);
  long charset = 0, offset = -1, ros[3] = {0, 0, 0};
  if (read_top_dict(data + at, length, &charset, &offset, ros, &cff->cid_keyed) ||
      offset <= 0 || (size_t)offset >= size ||
      read_index_as(cff, (size_t)offset, &charstrings, 1) || !charstrings.count)
    return -1;
  cff->glyph_count = charstrings.count;
  if (charset < 0 || (size_t)charset >= size)
    return -1;
  cff->charset = charset > 2 ? (size_t)charset : 0;
  if (cff->cid_keyed) {
    if (!cff->charset)
      return -1; /* a CID font has a charset of its own */
    read_string(cff, &strings, ros[0], cff->registry, sizeof cff->registry);
    read_string(cff, &strings, ros[1], cff->ordering, sizeof cff->ordering);
    cff->supplement = ros[2];
  }
  return 0;
}

/*
 * 'lf_pdf_cff_cid()' - Walk the charset (format 0: a CID per glyph; 1 and
 * 2: ranges of consecutive CIDs) to 'glyph'.
 */
long lf_pdf_cff_cid(const lf_pdf_cff *cff, unsigned glyph) {
  if (glyph >= cff->glyph_count)
    return -1;
  if (!cff->cid_keyed || glyph == 0)
    return glyph;
  const unsigned char *d = cff->data;
  size_t at = cff->charset, size = cff->size;
  if (at >= size)
    return -1;
  unsigned format = d[at++];
  if (format == 0) {
    size_t entry = at + 2 * ((size_t)glyph - 1);
    return entry + 2 <= size ? (long)lf_be16(d + entry) : -1;
  }
  if (format != 1 && format != 2)
    return -1;
  size_t record = format == 1 ? 3 : 4;
  unsigned g = 1;
  while (at + record <= size && g < cff->glyph_count) {
    unsigned first = lf_be16(d + at);
    unsigned left = format == 1 ? d[at + 2] : lf_be16(d + at + 2);
    if (glyph <= g + left)
      return (long)first + (glyph - g);
    g += left + 1;
    at += record;
  }
  return -1;
}
