/*
 * test_cff.c -- the CFF reader (src/pdf/cff.c): tables built here byte by
 * byte, their Top DICT operands written in every form the Compact Font
 * Format allows (Adobe technical note 5176, table 3: one byte, two bytes
 * from 247 to 254, shortint 28, longint 29, a real), the charset in its
 * three formats.  A small CID-keyed font (a subset of Noto Sans CJK, say)
 * has its offsets in the two-byte forms; those were once decoded wrongly,
 * so such a font was refused as "not a CFF table that can be embedded".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/pdf/cff.h"

typedef struct table {
  unsigned char d[65536];
  size_t n;
} table;

static void byte(table *t, unsigned v) { t->d[t->n++] = (unsigned char)v; }

static void u16(table *t, unsigned v) {
  byte(t, v >> 8);
  byte(t, v & 0xFF);
}

/* An integer operand in 'form': 1 (one byte), 2 (247-254), 28, 29. */
static void operand(table *t, long v, int form) {
  if (form == 1) {
    assert_true(v >= -107 && v <= 107);
    byte(t, (unsigned)(v + 139));
  } else if (form == 2) {
    long m = v >= 0 ? v - 108 : -v - 108;
    assert_true(m >= 0 && m <= 1023);
    byte(t, (unsigned)((v >= 0 ? 247 : 251) + m / 256));
    byte(t, (unsigned)(m % 256));
  } else if (form == 28) {
    byte(t, 28);
    u16(t, (unsigned)(v & 0xFFFF));
  } else {
    byte(t, 29);
    u16(t, (unsigned)((unsigned long)v >> 16 & 0xFFFF));
    u16(t, (unsigned)(v & 0xFFFF));
  }
}

/* The shortest form of 'v', as font tools write it. */
static int shortest(long v) {
  return v >= -107 && v <= 107 ? 1 : v >= -1131 && v <= 1131 ? 2
         : v >= -32768 && v <= 32767 ? 28 : 29;
}

/* An INDEX of 'count' objects, each 'size' bytes of 'fill' (offsets in one
 * byte while they fit, else two). */
static void index_of(table *t, unsigned count, size_t size, const char *const *strings) {
  u16(t, count);
  if (!count)
    return;
  size_t total = 0;
  for (unsigned i = 0; i < count; i++)
    total += strings ? strlen(strings[i]) : size;
  unsigned off = total + 1 <= 255 ? 1 : 2;
  byte(t, off);
  size_t at = 1;
  for (unsigned i = 0; i <= count; i++) {
    if (off == 1)
      byte(t, (unsigned)at);
    else
      u16(t, (unsigned)at);
    if (i < count)
      at += strings ? strlen(strings[i]) : size;
  }
  for (unsigned i = 0; i < count; i++) {
    if (strings) {
      memcpy(t->d + t->n, strings[i], strlen(strings[i]));
      t->n += strlen(strings[i]);
    } else {
      memset(t->d + t->n, 14, size); /* endchar */
      t->n += size;
    }
  }
}

/*
 * 'build()' - A CFF table of 'glyphs' glyphs, CID-keyed (ROS Adobe-
 * Identity-'supplement') when 'cid', its charset in 'charset_format'
 * giving glyph g the CID 1000 + 3 g, placed 'charset_at' bytes in and its
 * CharStrings 'charstrings_at' bytes in (padding before each), every
 * offset written in 'form' (0: the shortest).  A real (a version, 2.004)
 * and negative numbers (a FontBBox) come first in the Top DICT.
 */
static void build(table *t, int cid, unsigned glyphs, int charset_format, long supplement,
                  size_t charset_at, size_t charstrings_at, int form) {
  memset(t, 0, sizeof *t);
  byte(t, 1); byte(t, 0); byte(t, 4); byte(t, 2); /* header */
  static const char *const name[1] = {"LeafletTest"};
  index_of(t, 1, 0, name);
  table dict = {.n = 0};
  operand(&dict, 391, 2);
  operand(&dict, 392, 2);
  operand(&dict, supplement, form ? form : shortest(supplement));
  if (cid) {
    byte(&dict, 12);
    byte(&dict, 30); /* ROS */
  }
  byte(&dict, 30); /* 2.004 as a real: nibbles 2 . 0 0 4 end */
  byte(&dict, 0x2A);
  byte(&dict, 0x00);
  byte(&dict, 0x4F);
  byte(&dict, 12);
  byte(&dict, 31); /* CIDFontVersion */
  operand(&dict, -120, form ? (form == 1 ? 2 : form) : shortest(-120));
  operand(&dict, -1100, form ? (form == 1 ? 2 : form) : shortest(-1100));
  operand(&dict, 972, form ? (form == 1 ? 2 : form) : shortest(972));
  operand(&dict, 880, form ? (form == 1 ? 2 : form) : shortest(880));
  byte(&dict, 5); /* FontBBox */
  operand(&dict, (long)charset_at, form ? form : shortest((long)charset_at));
  byte(&dict, 15); /* charset */
  operand(&dict, (long)charstrings_at, form ? form : shortest((long)charstrings_at));
  byte(&dict, 17); /* CharStrings */
  /* the Top DICT INDEX */
  u16(t, 1);
  byte(t, 1);
  byte(t, 1);
  byte(t, (unsigned)(dict.n + 1));
  memcpy(t->d + t->n, dict.d, dict.n);
  t->n += dict.n;
  static const char *const strings[2] = {"Adobe", "Identity"};
  index_of(t, 2, 0, strings);
  u16(t, 0); /* Global Subr INDEX */
  assert_true(t->n <= charset_at);
  t->n = charset_at;
  byte(t, (unsigned)charset_format);
  if (charset_format == 0) {
    for (unsigned g = 1; g < glyphs; g++)
      u16(t, 1000 + 3 * g);
  } else {
    /* ranges of one CID each (CIDs step by 3): format 1 or 2 alike */
    for (unsigned g = 1; g < glyphs; g++) {
      u16(t, 1000 + 3 * g);
      if (charset_format == 1)
        byte(t, 0);
      else
        u16(t, 0);
    }
  }
  assert_true(t->n <= charstrings_at);
  t->n = charstrings_at;
  index_of(t, glyphs, 1, NULL);
}

static void test_offsets_in_every_form(void **state) {
  (void)state;
  /* offsets a small font has: two-byte forms, both halves of 247-250 */
  static const size_t places[][2] = {{120, 300}, {400, 700}, {700, 1100}, {1000, 1131},
                                     {1200, 2000}, {5000, 40000}};
  static const int forms[] = {0, 2, 28, 29};
  for (size_t p = 0; p < sizeof places / sizeof *places; p++)
    for (size_t f = 0; f < sizeof forms / sizeof *forms; f++) {
      long charset = (long)places[p][0], charstrings = (long)places[p][1];
      int form = forms[f];
      if ((form == 2 && (charstrings > 1131 || charset < 108)) ||
          (form == 28 && charstrings > 32767))
        continue;
      static table t;
      build(&t, 1, 12, 0, 300, (size_t)charset, (size_t)charstrings, form);
      lf_pdf_cff cff;
      if (lf_pdf_cff_read(t.d, t.n, &cff) != 0)
        fail_msg("charset at %ld, CharStrings at %ld, form %d: refused", charset, charstrings,
                 form);
      assert_int_equal(cff.glyph_count, 12);
      assert_true(cff.cid_keyed);
      assert_int_equal(cff.charset, (size_t)charset);
      assert_string_equal(cff.registry, "Adobe");
      assert_string_equal(cff.ordering, "Identity");
      assert_int_equal(cff.supplement, 300);
      assert_int_equal(lf_pdf_cff_cid(&cff, 0), 0);
      for (unsigned g = 1; g < 12; g++)
        assert_int_equal(lf_pdf_cff_cid(&cff, g), 1000 + 3 * g);
      assert_int_equal(lf_pdf_cff_cid(&cff, 12), -1);
    }
}

static void test_charset_formats_and_name_keyed(void **state) {
  (void)state;
  static table t;
  for (int format = 0; format <= 2; format++) {
    build(&t, 1, 30, format, 6, 200, 600, 0);
    lf_pdf_cff cff;
    assert_int_equal(lf_pdf_cff_read(t.d, t.n, &cff), 0);
    for (unsigned g = 1; g < 30; g++)
      assert_int_equal(lf_pdf_cff_cid(&cff, g), 1000 + 3 * g);
    assert_int_equal(cff.supplement, 6);
  }
  /* keyed by name: a glyph's CID is its index */
  build(&t, 0, 30, 0, 6, 200, 600, 0);
  lf_pdf_cff cff;
  assert_int_equal(lf_pdf_cff_read(t.d, t.n, &cff), 0);
  assert_false(cff.cid_keyed);
  assert_int_equal(lf_pdf_cff_cid(&cff, 17), 17);
}

static void test_damaged_tables_refused(void **state) {
  (void)state;
  static table t;
  build(&t, 1, 12, 0, 300, 400, 700, 0);
  size_t whole = t.n;
  lf_pdf_cff cff;
  for (size_t cut = 0; cut < whole; cut += 13) /* cut anywhere: refused or read inside */
    if (lf_pdf_cff_read(t.d, cut, &cff) == 0)
      for (unsigned g = 0; g < cff.glyph_count; g++)
        (void)lf_pdf_cff_cid(&cff, g);
  assert_int_equal(lf_pdf_cff_read(t.d, 700, &cff), -1); /* CharStrings cut off */
  t.d[0] = 2; /* CFF2 */
  assert_int_equal(lf_pdf_cff_read(t.d, whole, &cff), -1);
  /* a CID font whose charset is a predefined one (offset 0) */
  build(&t, 1, 12, 0, 300, 400, 700, 0);
  assert_int_equal(lf_pdf_cff_read(t.d, t.n, &cff), 0);
  for (size_t i = 0; i + 2 < t.n; i++)
    if (t.d[i] == 0xF8 && t.d[i + 1] == (400 - 108 - 256) && t.d[i + 2] == 15) {
      t.d[i] = 139; /* charset 0 */
      t.d[i + 1] = 139;
    }
  assert_int_equal(lf_pdf_cff_read(t.d, t.n, &cff), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_offsets_in_every_form),
      cmocka_unit_test(test_charset_formats_and_name_keyed),
      cmocka_unit_test(test_damaged_tables_refused),
  };
  return cmocka_run_group_tests_name("cff", tests, NULL, NULL);
}
