/*
 * tounicode.c -- the ToUnicode CMap of a font, or of fonts whose codes
 * agree (see tounicode.h).
 *
 * The codes are written in order.  A run of codes whose texts are single
 * characters as far apart as the codes (a character shown by its own glyph
 * has its own value as its code: every such run is one) is one bfrange
 * from its first code to its last, as long as the codes share their high
 * byte (a bfrange may only vary the last byte) and the characters do not
 * leave theirs; every other
 * code is a bfchar to its text, in UTF-16BE, a character beyond U+FFFF as
 * a surrogate pair.  A code with no text (a glyph whose cluster's text
 * is in /ActualText) maps to U+034F.  Blocks hold at most 100 entries (the
 * CMap format's limit).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet/utf8.h"
#include "syntax.h"
#include "tounicode.h"

enum { CMAP_BLOCK = 100 };

/* A code and the one character it maps to, or -1 for longer text. */
typedef struct entry {
  const lf_pdf_pair *pair;
  const char *text;
  size_t len;
  long single;
} entry;

/* What a code with no text maps to: U+034F COMBINING GRAPHEME JOINER,
 * which shows nothing, joins no letters and breaks no word or cluster
 * (PDF/UA wants every code mapped, to something other than nothing). */
static const char NO_TEXT[] = "\xCD\x8F";

/* 'by_code()' - qsort order of entries: by code, then text. */
static int by_code(const void *a, const void *b) {
  const entry *x = a, *y = b;
  if (x->pair->code != y->pair->code)
    return (x->pair->code > y->pair->code) - (x->pair->code < y->pair->code);
  if (x->len != y->len)
    return (x->len > y->len) - (x->len < y->len);
  return memcmp(x->text, y->text, x->len);
}

/*
 * 'put_utf16()' - The text as hexadecimal UTF-16BE, between < and >.
 */
static void put_utf16(lf_buf *out, const char *text, size_t len) {
  lf_buf_put(out, "<", 1);
  lf_pdf_buf_utf16(out, text, len);
  lf_buf_put(out, ">", 1);
}

/*
 * 'flush()' - Write a block of 'count' entries of 'kind' and empty it.
 */
static void flush(lf_buf *out, const char *kind, lf_buf *block, unsigned *count) {
  if (!*count)
    return;
  lf_buf_printf(out, "%u begin%s\n", *count, kind);
  lf_buf_put(out, block->data, block->length);
  lf_buf_printf(out, "end%s\n", kind);
  block->length = 0;
  *count = 0;
}

/*
 * 'run_length()' - How many entries from 'i' make one bfrange: the codes
 * that follow while each maps to the character as far from the first's as
 * the code is from the first code.  The codes between (no font shows them)
 * are mapped too, the same way, which is what they would mean.
 */
static size_t run_length(const entry *e, size_t i, size_t n) {
  size_t k = 1;
  if (e[i].single < 0 || e[i].single > 0xFFFF)
    return 1;
  while (i + k < n && e[i + k].single >= 0 &&
         (e[i + k].pair->code >> 8) == (e[i].pair->code >> 8) &&
         e[i + k].single - e[i].single ==
             (long)e[i + k].pair->code - (long)e[i].pair->code &&
         ((unsigned long)e[i + k].single >> 8) == ((unsigned long)e[i].single >> 8) &&
         (e[i].single < 0xD800 || e[i].single > 0xDFFF))
    k++;
  return k;
}

/*
 * 'lf_pdf_to_unicode()' - The whole CMap program, from every table's pairs
 * in code order, each code once.
 */
int lf_pdf_to_unicode(lf_buf *out, const lf_pdf_codes *const *tables, size_t count_of) {
  size_t total = 0;
  for (size_t t = 0; t < count_of; t++) {
    size_t n;
    lf_pdf_codes_pairs(tables[t], &n);
    total += n;
  }
  entry *e = malloc((total ? total : 1) * sizeof *e);
  if (!e) {
    out->failed = 1;
    return 0;
  }
  size_t n = 0;
  for (size_t t = 0; t < count_of; t++) {
    size_t count;
    const lf_pdf_pair *pairs = lf_pdf_codes_pairs(tables[t], &count);
    for (size_t i = 0; i < count; i++) {
      const char *text = lf_pdf_codes_text(tables[t], &pairs[i]), *at = text;
      size_t len = pairs[i].len;
      if (!len) {
        text = at = NO_TEXT;
        len = sizeof NO_TEXT - 1;
      }
      int32_t cp = lf_utf8_next(&at, text + len);
      e[n].pair = &pairs[i];
      e[n].text = text;
      e[n].len = len;
      e[n].single = at == text + len && cp >= 0 ? cp : -1;
      n++;
    }
  }
  qsort(e, n, sizeof *e, by_code);
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    if (kept && e[kept - 1].pair->code == e[i].pair->code) {
      if (by_code(&e[kept - 1], &e[i]) != 0) {
        free(e);
        return -1; /* one code, two texts */
      }
      continue;
    }
    e[kept++] = e[i];
  }
  n = kept;
  lf_buf_str(out,
             "/CIDInit /ProcSet findresource begin\n"
             "12 dict begin\n"
             "begincmap\n"
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
             "/Supplement 0 >> def\n"
             "/CMapName /Adobe-Identity-UCS def\n"
             "/CMapType 2 def\n"
             "1 begincodespacerange\n"
             "<0000> <FFFF>\n"
             "endcodespacerange\n");
  lf_buf chars = {NULL, 0, 0, 0}, ranges = {NULL, 0, 0, 0};
  unsigned char_count = 0, range_count = 0;
  for (size_t i = 0; i < n;) {
    size_t k = run_length(e, i, n);
    const lf_pdf_pair *p = e[i].pair;
    if (k > 1) {
      lf_buf_printf(&ranges, "<%04X> <%04X> <%04lX>\n", p->code, e[i + k - 1].pair->code,
                    e[i].single);
      if (++range_count == CMAP_BLOCK)
        flush(out, "bfrange", &ranges, &range_count);
    } else {
      lf_buf_printf(&chars, "<%04X> ", p->code);
      put_utf16(&chars, e[i].text, e[i].len);
      lf_buf_put(&chars, "\n", 1);
      if (++char_count == CMAP_BLOCK)
        flush(out, "bfchar", &chars, &char_count);
    }
    i += k;
  }
  flush(out, "bfchar", &chars, &char_count);
  flush(out, "bfrange", &ranges, &range_count);
  if (chars.failed || ranges.failed)
    out->failed = 1;
  lf_buf_free(&chars);
  lf_buf_free(&ranges);
  free(e);
  lf_buf_str(out, "endcmap\n"
                  "CMapName currentdict /CMap defineresource pop\n"
                  "end\n"
                  "end\n");
  return 0;
}
