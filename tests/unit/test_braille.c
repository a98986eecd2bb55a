/*
 * test_braille.c -- braille (src/braille): the page layout from blocks of
 * cells made by hand (line and page limits, the running head, page
 * numbers, words never divided, headings, paragraphs, list runovers, box
 * lines, parts on new pages), and translation through liblouis (contracted
 * UEB, the Welsh table for a Welsh block, bold and addresses, a language
 * with no table and a character with no braille refused at their place).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <liblouis/liblouis.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet/braille.h"
#include "leaflet/utf8.h"
#include "leaflet/words.h"
#include "testutil.h"

enum { WIDTH = 40, HEIGHT = 25 };

/* ---- helpers ------------------------------------------------------------ */

/*
 * 'braille_format()' - The braille format of content/styles/braille.yaml,
 * as the tests need it.
 */
static lf_format braille_format(void) {
  static lf_braille_table tables[] = {{"en", "en-ueb-g2.ctb", {"braille.yaml", 17, 9}},
                                      {"cy", "cy-cy-g2.ctb", {"braille.yaml", 18, 9}},
                                      {"zh", "zh-chn.ctb", {"braille.yaml", 19, 9}}};
  lf_format f = {.name = "braille", .file = "braille.yaml", .braille = 1};
  f.cells = (lf_braille_measures){WIDTH, HEIGHT, 1, 1, tables, 3};
  return f;
}

/* A laid-out file split into pages and lines. */
typedef struct pages {
  char *lines[64][HEIGHT + 8];
  size_t line_count[64];
  size_t count;
  char *copy;
} pages;

/*
 * 'split()' - A BRF file's pages (at form feeds) and lines (at line feeds).
 */
static void split(const lf_brf *brf, pages *p) {
  memset(p, 0, sizeof *p);
  p->copy = malloc(brf->size + 1);
  assert_non_null(p->copy);
  memcpy(p->copy, brf->data, brf->size);
  p->copy[brf->size] = 0;
  char *page = p->copy;
  for (;;) {
    char *ff = strchr(page, '\f');
    if (ff)
      *ff = 0;
    assert_true(p->count < 64);
    size_t n = 0;
    for (char *line = page; *line;) {
      char *nl = strchr(line, '\n');
      assert_non_null(nl); /* every line ends with a line feed */
      *nl = 0;
      assert_true(n < HEIGHT + 8);
      p->lines[p->count][n++] = line;
      line = nl + 1;
    }
    p->line_count[p->count++] = n;
    if (!ff)
      break;
    page = ff + 1;
  }
}

/*
 * 'block()' - A block of cells.
 */
static lf_brl_block block(lf_brl_kind kind, int level, int runover, const char *cells) {
  return (lf_brl_block){.kind = kind, .level = level, .runover = runover, .cells = cells,
                        .len = strlen(cells), .pos = {"x.yaml", 3, 5}};
}

/*
 * 'words()' - 'n' words "W1 W2 ..." of varying lengths (1 to 12 letters).
 */
static char *words(size_t n) {
  char *s = malloc(n * 16 + 1), *at = s;
  for (size_t i = 0; i < n; i++) {
    size_t len = 1 + (i * 7) % 12;
    if (i)
      *at++ = ' ';
    *at++ = 'W';
    for (size_t k = 1; k < len; k++)
      *at++ = (char)('A' + (i + k) % 26);
  }
  *at = 0;
  return s;
}

/*
 * 'lay_out_heads()' - Lay out one part with a running head and a short
 * one (either NULL).
 */
static void lay_out_heads(lf_brl_block *blocks, size_t n, const char *head,
                          const char *short_head, lf_brf *brf, lf_diags *diags) {
  lf_format f = braille_format();
  lf_braille_text t = {.blocks = blocks, .count = n, .running_head = head,
                       .head_len = head ? strlen(head) : 0, .short_head = short_head,
                       .short_len = short_head ? strlen(short_head) : 0};
  const lf_braille_text *parts[] = {&t};
  assert_int_equal(lf_brf_layout(parts, 1, &f, brf, diags), 0);
}

/*
 * 'lay_out()' - Lay out one part.
 */
static void lay_out(lf_brl_block *blocks, size_t n, const char *head, lf_brf *brf,
                    lf_diags *diags) {
  lay_out_heads(blocks, n, head, NULL, brf, diags);
}

/*
 * 'indent_of()' - Leading blanks of a line.
 */
static size_t indent_of(const char *line) {
  return strspn(line, " ");
}

/* ---- layout --------------------------------------------------------------- */

/*
 * 'test_limits()' - A long paragraph: every line at most 40 cells, every
 * page at most 25 lines and the full pages exactly 25, every byte a BRF
 * byte, a form feed between pages and none at the end.
 */
static void test_limits(void **state) {
  (void)state;
  char *text = words(1500);
  lf_brl_block b = block(LF_BRL_PARAGRAPH, 0, 0, text);
  lf_brf brf;
  lf_diags d;
  lf_diags_init(&d);
  lay_out(&b, 1, ",T>GET$ DRUGS", &brf, &d);
  assert_int_equal(d.count, 0);
  for (size_t i = 0; i < brf.size; i++)
    assert_true(lf_is_brf_byte((unsigned char)brf.data[i]));
  assert_int_not_equal(brf.data[brf.size - 1], '\f');
  pages p;
  split(&brf, &p);
  assert_int_equal(p.count, brf.pages);
  assert_true(brf.pages > 10);
  for (size_t k = 0; k < p.count; k++) {
    assert_true(p.line_count[k] <= HEIGHT);
    if (k + 1 < p.count)
      assert_int_equal(p.line_count[k], HEIGHT); /* a full page */
    for (size_t i = 0; i < p.line_count[k]; i++) {
      assert_true(strlen(p.lines[k][i]) <= WIDTH);
      size_t n = strlen(p.lines[k][i]);
      assert_true(n == 0 || p.lines[k][i][n - 1] != ' '); /* no trailing blanks */
    }
  }
  /* paragraph: cell 3, runovers cell 1 */
  assert_int_equal(indent_of(p.lines[0][1]), 2);
  assert_int_equal(indent_of(p.lines[0][2]), 0);
  free(p.copy);
  free(brf.data);
  free(text);
  lf_diags_free(&d);
}

/*
 * 'test_no_split_words()' - The words of the lines, in order, are the
 * words of the text: none divided at a line end, none lost.
 */
static void test_no_split_words(void **state) {
  (void)state;
  char *text = words(400);
  lf_brl_block b = block(LF_BRL_PARAGRAPH, 0, 0, text);
  lf_brf brf;
  lf_diags d;
  lf_diags_init(&d);
  lay_out(&b, 1, NULL, &brf, &d);
  assert_int_equal(brf.words_split, 0);
  pages p;
  split(&brf, &p);
  size_t len = strlen(text);
  char *joined = calloc(brf.size + 2, 1);
  for (size_t k = 0; k < p.count; k++)
    for (size_t i = 1; i < p.line_count[k]; i++) { /* past the page-number line */
      const char *line = p.lines[k][i] + indent_of(p.lines[k][i]);
      if (!*line)
        continue;
      if (*joined)
        strcat(joined, " ");
      strcat(joined, line);
    }
  assert_int_equal(strlen(joined), len);
  assert_string_equal(joined, text);
  /* and a line never ends where the next word would still have fitted */
  for (size_t k = 0; k < p.count; k++)
    for (size_t i = 1; i + 1 < p.line_count[k]; i++) {
      const char *next = p.lines[k][i + 1] + indent_of(p.lines[k][i + 1]);
      size_t word = strcspn(next, " ");
      assert_true(strlen(p.lines[k][i]) + 1 + word > WIDTH);
    }
  free(joined);
  free(p.copy);
  free(brf.data);
  free(text);
  lf_diags_free(&d);
}

/*
 * 'test_long_word()' - A word longer than a line is the one word divided,
 * counted, and a warning at its block that quotes no text.
 */
static void test_long_word(void **state) {
  (void)state;
  char text[128];
  memset(text, 'X', 50);
  strcpy(text + 50, " AND MORE");
  lf_brl_block b = block(LF_BRL_PARAGRAPH, 0, 0, text);
  lf_brf brf;
  lf_diags d;
  lf_diags_init(&d);
  lay_out(&b, 1, NULL, &brf, &d);
  assert_int_equal(brf.words_split, 1);
  char buf[1024];
  assert_string_equal(tu_diags_text(&d, buf, sizeof buf),
                      "x.yaml:3:5: warning: a word of this block is longer than a braille "
                      "line of 40 cells and was divided\n");
  pages p;
  split(&brf, &p);
  assert_int_equal(strlen(p.lines[0][1]), WIDTH);
  free(p.copy);
  free(brf.data);
  lf_diags_free(&d);
}

/*
 * 'test_page_numbers_and_head()' - The braille page number at the right
 * of the first line of every page, in order (#A, #B ... #J, #AJ); the
 * running head from the second page, centred, three blank cells at least
 * before the number, shortened at a word; none on the first page.
 */
static void test_page_numbers_and_head(void **state) {
  (void)state;
  char *text = words(2200);
  lf_brl_block b = block(LF_BRL_PARAGRAPH, 0, 0, text);
  const char *head = ",T>GET$ & IMMUNO!RAPY DRUGS = NEURO5DOCR9E C.ER"; /* 48 cells */
  lf_brf brf;
  lf_diags d;
  lf_diags_init(&d);
  lay_out(&b, 1, head, &brf, &d);
  pages p;
  split(&brf, &p);
  assert_true(p.count >= 12); /* #A ... #J, #AJ, #AA ... */
  for (size_t k = 0; k < p.count; k++) {
    char number[32] = "#", digits[24];
    snprintf(digits, sizeof digits, "%zu", k + 1);
    for (const char *c = digits; *c; c++)
      strncat(number, &"JABCDEFGHI"[*c - '0'], 1); /* 1 is a, 0 is j */
    const char *line = p.lines[k][0];
    size_t len = strlen(line);
    assert_int_equal(len, WIDTH); /* the number ends at the right margin */
    assert_string_equal(line + len - strlen(number), number);
    const char *end_of_head = line + len - strlen(number);
    if (k == 0) {
      assert_int_equal(indent_of(line), WIDTH - strlen(number)); /* no head */
      continue;
    }
    /* the head: its words, up to a whole word, then three blanks at least */
    assert_memory_equal(line + indent_of(line), ",T>GET$ & IMMUNO!RAPY DRUGS =", 29);
    assert_memory_equal(line + indent_of(line) + 29, "   ", 3);
    assert_true(end_of_head - (line + indent_of(line) + 29) >= 3);
  }
  /* a short head is centred on the line */
  lf_brf short_brf;
  lay_out(&b, 1, ",DRUGS", &short_brf, &d);
  pages q;
  split(&short_brf, &q);
  assert_int_equal(indent_of(q.lines[1][0]), (WIDTH - 6) / 2);
  free(q.copy);
  free(short_brf.data);
  free(p.copy);
  free(brf.data);
  free(text);
  lf_diags_free(&d);
}

/*
 * 'test_headings()' - The title centred with a blank line after it; a level
 * 2 heading centred with blank lines around it; level 3 in cell 5 and 4
 * in cell 7, runovers in the same cell, a blank line before.
 */
static void test_headings(void **state) {
  (void)state;
  lf_brl_block b[] = {
      block(LF_BRL_TITLE, 1, 0, ",DRUGS = ,,NET"),
      block(LF_BRL_PARAGRAPH, 0, 0, ",A P>AGRAPH4"),
      block(LF_BRL_HEADING, 2, 0, ",SIDE E6ECTS"),
      block(LF_BRL_PARAGRAPH, 0, 0, ",MORE4"),
      block(LF_BRL_HEADING, 3, 0,
            ",A LEVEL #C HEAD+ T IS LONG ENOUGH TO RUN OV] ONTO A SECOND L9E"),
      block(LF_BRL_PARAGRAPH, 0, 0, ",TEXT4"),
      block(LF_BRL_HEADING, 4, 0, ",LEVEL #D"),
      block(LF_BRL_PARAGRAPH, 0, 0, ",TEXT4"),
  };
  lf_brf brf;
  lf_diags d;
  lf_diags_init(&d);
  lay_out(b, sizeof b / sizeof *b, NULL, &brf, &d);
  pages p;
  split(&brf, &p);
  char **l = p.lines[0];
  assert_int_equal(indent_of(l[1]), (WIDTH - 14) / 2);
  assert_string_equal(l[1] + indent_of(l[1]), ",DRUGS = ,,NET");
  assert_string_equal(l[2], "");
  assert_string_equal(l[3], "  ,A P>AGRAPH4");
  assert_string_equal(l[4], "");
  assert_int_equal(indent_of(l[5]), (WIDTH - 12) / 2);
  assert_string_equal(l[6], "");
  assert_string_equal(l[7], "  ,MORE4");
  assert_string_equal(l[8], "");
  assert_int_equal(indent_of(l[9]), 4);
  assert_int_equal(indent_of(l[10]), 4); /* a runover in cell 5 too */
  assert_string_equal(l[11], "  ,TEXT4");
  assert_string_equal(l[12], "");
  assert_string_equal(l[13], "      ,LEVEL #D");
  free(p.copy);
  free(brf.data);
  lf_diags_free(&d);
}

/*
 * 'test_heading_kept_with_text()' - A heading that would be the last line
 * of a page goes to the next page with the text after it, and a blank line
 * is never the top of a page.
 */
static void test_heading_kept_with_text(void **state) {
  (void)state;
  lf_brl_block b[30];
  size_t n = 0;
  for (; n < 22; n++)
    b[n] = block(LF_BRL_PARAGRAPH, 0, 0, ",L9E4");
  b[n++] = block(LF_BRL_HEADING, 3, 0, ",HEAD+");
  b[n++] = block(LF_BRL_PARAGRAPH, 0, 0, ",TEXT AF ! HEAD+4");
  lf_brf brf;
  lf_diags d;
  lf_diags_init(&d);
  lay_out(b, n, NULL, &brf, &d);
  pages p;
  split(&brf, &p);
  assert_int_equal(p.count, 2);
  assert_int_equal(p.line_count[0], 23); /* the number line and 22 paragraphs */
  assert_string_equal(p.lines[1][1], "    ,HEAD+");
  assert_string_equal(p.lines[1][2], "  ,TEXT AF ! HEAD+4");
  free(p.copy);
  free(brf.data);
  lf_diags_free(&d);
}

/*
 * 'test_heading_kept_with_blank_lines()' - The blank lines between a
 * heading and its text count: a centred heading (a blank line after it)
 * or a cell-5 heading followed by a list (a blank line before the list)
 * that would end a page with the blank line goes to the next page with
 * its text.  A heading followed by a heading is kept with both.
 */
static void test_heading_kept_with_blank_lines(void **state) {
  (void)state;
  for (int k = 0; k < 3; k++) {
    lf_brl_block b[32];
    size_t n = 0;
    for (; n < 21; n++)
      b[n] = block(LF_BRL_PARAGRAPH, 0, 0, ",L9E4");
    b[n++] = block(LF_BRL_HEADING, k == 0 ? 2 : 3, 0, ",HEAD+");
    if (k == 1) {
      b[n++] = block(LF_BRL_LIST_START, 0, 0, "");
      b[n++] = block(LF_BRL_ITEM, 0, 0, "_4 ITEM");
      b[n++] = block(LF_BRL_LIST_END, 0, 0, "");
    } else {
      if (k == 2)
        b[n++] = block(LF_BRL_HEADING, 4, 0, ",SUB");
      b[n++] = block(LF_BRL_PARAGRAPH, 0, 0, ",TEXT4");
    }
    lf_brf brf;
    lf_diags d;
    lf_diags_init(&d);
    lay_out(b, n, NULL, &brf, &d);
    pages p;
    split(&brf, &p);
    assert_int_equal(p.count, 2);
    assert_int_equal(p.line_count[0], 22); /* the number line and 21 paragraphs */
    const char *head = p.lines[1][1];
    assert_string_equal(head + indent_of(head), ",HEAD+");
    free(p.copy);
    free(brf.data);
    lf_diags_free(&d);
  }
}

/*
 * 'test_running_head_short_title()' - A title too long for the running
 * head gives way to the short title, whole, as print's footer does; the
 * title is cut at a word only when there is no short title that fits.
 */
static void test_running_head_short_title(void **state) {
  (void)state;
  char *text = words(300);
  lf_brl_block b = block(LF_BRL_PARAGRAPH, 0, 0, text);
  lf_brf brf;
  lf_diags d;
  lf_diags_init(&d);
  lay_out_heads(&b, 1, ",T>GET$ & IMMUNO!RAPY DRUGS = LUNG NEURO5DOCR9E C.ER", ",T>GET$ DRUGS",
                &brf, &d);
  pages p;
  split(&brf, &p);
  assert_true(p.count >= 2);
  const char *line = p.lines[1][0];
  assert_int_equal(indent_of(line), (WIDTH - 13) / 2);
  assert_memory_equal(line + indent_of(line), ",T>GET$ DRUGS   ", 16);
  free(p.copy);
  free(brf.data);
  free(text);
  lf_diags_free(&d);
}

/*
 * 'test_table_entries()' - A table read a row at a time, as BANA's listed
 * tables: the row's first cell in cell 1, each further cell in cell 3,
 * every runover in cell 5, so that a new entry never starts where a
 * runover does.
 */
static void test_table_entries(void **state) {
  (void)state;
  lf_brl_block b[] = {
      block(LF_BRL_LIST_START, 0, 0, ""),
      block(LF_BRL_ITEM, 0, 1, ",DRUG3 ,SUNIT9IB"),
      block(LF_BRL_ENTRY, 0, 1, ",TYPE ( DRUG3 ,T>GET$ DRUG \"<PROTE9 K9ASE 9HIBITOR\">"),
      block(LF_BRL_ENTRY, 0, 1, ",AL CALL$3 ,SUT5T"),
      block(LF_BRL_LIST_END, 0, 0, ""),
  };
  lf_brf brf;
  lf_diags d;
  lf_diags_init(&d);
  lay_out(b, sizeof b / sizeof *b, NULL, &brf, &d);
  pages p;
  split(&brf, &p);
  char **l = p.lines[0];
  assert_string_equal(l[1], ",DRUG3 ,SUNIT9IB");
  assert_int_equal(indent_of(l[2]), 2);
  assert_memory_equal(l[2] + 2, ",TYPE ( DRUG3", 13);
  assert_int_equal(indent_of(l[3]), 4); /* its runover */
  assert_string_equal(l[4], "  ,AL CALL$3 ,SUT5T");
  free(p.copy);
  free(brf.data);
  lf_diags_free(&d);
}

/*
 * 'test_list_runovers()' - A simple list 1-3 with a blank line before and
 * after; a nested list 1-5 and 3-5; further paragraphs of an item at the
 * runover cell.
 */
static void test_list_runovers(void **state) {
  (void)state;
  const char *long_item = "_4 ,! F/ ITEM IS LONG ENOUGH TO RUN OV] ONTO A SECOND L9E ( BRL";
  lf_brl_block b[] = {
      block(LF_BRL_PARAGRAPH, 0, 0, ",LEAD9 TEXT3"),
      block(LF_BRL_LIST_START, 0, 0, ""),
      block(LF_BRL_ITEM, 0, 0, long_item),
      block(LF_BRL_ITEM_MORE, 0, 0, ",A FUR!R P>AGRAPH ( ! ITEM T RUNS ON OV] LINES4"),
      block(LF_BRL_ITEM, 0, 0, "_4 ,SHORT"),
      block(LF_BRL_LIST_END, 0, 0, ""),
      block(LF_BRL_PARAGRAPH, 0, 0, ",AF4"),
      block(LF_BRL_LIST_START, 0, 0, ""),
      block(LF_BRL_ITEM, 0, 1, long_item),
      block(LF_BRL_LIST_START, 1, 1, ""),
      block(LF_BRL_ITEM, 1, 1, long_item),
      block(LF_BRL_LIST_END, 1, 1, ""),
      block(LF_BRL_LIST_END, 0, 0, ""),
  };
  lf_brf brf;
  lf_diags d;
  lf_diags_init(&d);
  lay_out(b, sizeof b / sizeof *b, NULL, &brf, &d);
  pages p;
  split(&brf, &p);
  char **l = p.lines[0];
  assert_string_equal(l[1], "  ,LEAD9 TEXT3");
  assert_string_equal(l[2], "");                 /* blank before the list */
  assert_int_equal(indent_of(l[3]), 0);          /* item: cell 1 */
  assert_int_equal(indent_of(l[4]), 2);          /* runover: cell 3 */
  assert_int_equal(indent_of(l[5]), 2);          /* further paragraph: cell 3 */
  assert_int_equal(indent_of(l[6]), 2);
  assert_string_equal(l[7], "_4 ,SHORT");
  assert_string_equal(l[8], "");                 /* blank after the list */
  assert_string_equal(l[9], "  ,AF4");
  assert_string_equal(l[10], "");
  assert_int_equal(indent_of(l[11]), 0);         /* nested: 1-5 ... */
  assert_int_equal(indent_of(l[12]), 4);
  assert_int_equal(indent_of(l[13]), 2);         /* ... and 3-5, no blank line between */
  assert_int_equal(indent_of(l[14]), 4);
  for (size_t i = 1; i < p.line_count[0]; i++)
    assert_true(strlen(l[i]) <= WIDTH);
  free(p.copy);
  free(brf.data);
  /* nested past the line (20 deep): ten cells kept for text, none lost */
  lf_brl_block deep = block(LF_BRL_ITEM, 20, 20, long_item);
  lay_out(&deep, 1, NULL, &brf, &d);
  split(&brf, &p);
  size_t cells = 0;
  for (size_t i = 1; i < p.line_count[0]; i++) {
    assert_int_equal(indent_of(p.lines[0][i]), WIDTH - 10);
    assert_true(strlen(p.lines[0][i]) <= WIDTH);
    cells += strlen(p.lines[0][i]) - (WIDTH - 10);
  }
  /* every cell is there, but the blank at each of the line ends */
  assert_int_equal(cells + (p.line_count[0] - 2), strlen(long_item));
  free(p.copy);
  free(brf.data);
  lf_diags_free(&d);
}

/*
 * 'test_box_and_parts()' - A callout between a full line of dots 2356 and
 * one of dots 1245; a second part starts on a new sheet (after a one-page
 * letter, a blank back with its number alone, no running head), its pages
 * numbered on, its own running head, none on its first page.
 */
static void test_box_and_parts(void **state) {
  (void)state;
  lf_brl_block letter[] = {block(LF_BRL_PARAGRAPH, 0, 0, ",DE> ,M>Y")};
  lf_brl_block leaflet[] = {
      block(LF_BRL_TITLE, 1, 0, ",DRUGS"),
      block(LF_BRL_BOX_START, 0, 0, ""),
      block(LF_BRL_PARAGRAPH, 0, 0, ",CALL \\ NURSES4"),
      block(LF_BRL_BOX_END, 0, 0, ""),
  };
  lf_format f = braille_format();
  lf_braille_text a = {.blocks = letter, .count = 1, .running_head = ",\\R LR", .head_len = 6},
                  b = {.blocks = leaflet, .count = 4, .running_head = ",DRUGS", .head_len = 6};
  const lf_braille_text *parts[] = {&a, &b};
  lf_brf brf;
  lf_diags d;
  lf_diags_init(&d);
  assert_int_equal(lf_brf_layout(parts, 2, &f, &brf, &d), 0);
  pages p;
  split(&brf, &p);
  assert_int_equal(p.count, 3);
  assert_int_equal(brf.pages, 3);
  assert_string_equal(p.lines[0][1], "  ,DE> ,M>Y");
  assert_int_equal(p.line_count[1], 1); /* the letter's blank back: "#B" alone */
  assert_int_equal(indent_of(p.lines[1][0]), WIDTH - 2);
  assert_string_equal(p.lines[1][0] + WIDTH - 2, "#B");
  assert_int_equal(indent_of(p.lines[2][0]), WIDTH - 2); /* "#C" alone */
  assert_string_equal(p.lines[2][0] + WIDTH - 2, "#C");
  char top[WIDTH + 1], bottom[WIDTH + 1];
  memset(top, '7', WIDTH);
  memset(bottom, 'G', WIDTH);
  top[WIDTH] = bottom[WIDTH] = 0;
  assert_string_equal(p.lines[2][3], top);
  assert_string_equal(p.lines[2][4], "  ,CALL \\ NURSES4");
  assert_string_equal(p.lines[2][5], bottom);
  free(p.copy);
  free(brf.data);
  lf_diags_free(&d);
}

/* ---- translation ----------------------------------------------------------- */

/*
 * 'louis_brf()' - 'text' through liblouis directly (uppercase BRF), as the
 * expected cells of a block.
 */
static void louis_brf(const char *table, const char *text, char *out, size_t size) {
  widechar in[256], brl[512];
  int inlen = 0, outlen = 512;
  for (const char *s = text; *s && inlen < 256;)
    in[inlen++] = (widechar)lf_utf8_next(&s, s + strlen(s));
  assert_int_not_equal(lou_translateString(table, in, &inlen, brl, &outlen, NULL, NULL, 0), 0);
  size_t n = 0;
  for (int i = 0; i < outlen && n + 1 < size; i++) {
    int c = (int)brl[i];
    out[n++] = (char)(c >= 0x60 && c <= 0x7E ? c - 0x20 : c);
  }
  out[n] = 0;
}

/* A document of blocks made by hand. */
typedef struct test_doc {
  lf_document doc;
  lf_block blocks[8];
  lf_run runs[8];
} test_doc;

/*
 * 'add_block()' - A block holding one run of 'text' in 'style'.
 */
static lf_block *add_block(test_doc *t, lf_block_kind kind, int level, const char *text,
                           unsigned style, int line) {
  size_t i = t->doc.body.count++;
  t->runs[i] = (lf_run){.text = text, .len = strlen(text), .style = style};
  t->blocks[i] = (lf_block){.kind = kind, .level = level, .pos = {"l.yaml", line, 5}};
  t->blocks[i].text = (lf_inline){&t->runs[i], 1};
  return &t->blocks[i];
}

/*
 * 'new_doc()' - An English document titled "Drugs".
 */
static void new_doc(test_doc *t) {
  memset(t, 0, sizeof *t);
  t->doc.title = "Drugs";
  t->doc.language = "en-GB";
  t->doc.language_pos = (lf_pos){"l.yaml", 3, 11};
  t->doc.body.items = t->blocks;
  add_block(t, LF_BLOCK_HEADING, 1, "Drugs", 0, 2);
}

/*
 * 'translated()' - The braille of a document made by hand, which must
 * translate with no diagnostic; in 'arena'.
 */
static lf_braille_text translated(lf_arena *arena, const test_doc *t) {
  lf_format f = braille_format();
  lf_braille_text out;
  lf_diags d;
  lf_diags_init(&d);
  assert_int_equal(lf_braille_translate(arena, &t->doc, &f, &out, &d), 0);
  if (d.count)
    lf_diags_print(&d, stderr);
  assert_int_equal(d.count, 0);
  lf_diags_free(&d);
  return out;
}

/*
 * 'paragraph_cells()' - The braille of one paragraph of the 'n' runs
 * 'runs' (at most 7) in the English document new_doc() makes; in 'arena'.
 */
static const char *paragraph_cells(lf_arena *arena, const lf_run *runs, size_t n) {
  test_doc *t = lf_arena_alloc(arena, sizeof *t);
  assert_non_null(t);
  new_doc(t);
  lf_block *p = add_block(t, LF_BLOCK_PARAGRAPH, 0, "", 0, 4);
  memcpy(&t->runs[1], runs, n * sizeof *runs);
  p->text.count = n;
  return translated(arena, t).blocks[1].cells;
}

/*
 * 'test_translate_english_and_welsh()' - English in contracted UEB, a
 * Welsh block in the Welsh table (which contracts "mae", the English table
 * does not) after a transcriber's note naming Welsh in UEB (a UEB reader
 * met a code switch with no warning), the running head from the title.
 */
static void test_translate_english_and_welsh(void **state) {
  (void)state;
  test_doc t;
  new_doc(&t);
  add_block(&t, LF_BLOCK_PARAGRAPH, 0, "The cat and the dog.", 0, 4);
  lf_block *cy = add_block(&t, LF_BLOCK_PARAGRAPH, 0, "Mae gennych chi hawl", 0, 5);
  cy->language = "cy";
  cy->language_pos = (lf_pos){"l.yaml", 6, 11};
  /* a second Welsh block straight after: no second note (one a run) */
  lf_block *cy2 = add_block(&t, LF_BLOCK_PARAGRAPH, 0, "Mae gennych chi hawl", 0, 6);
  cy2->language = "cy";
  cy2->language_pos = (lf_pos){"l.yaml", 7, 11};
  lf_arena *arena = lf_arena_new(0);
  lf_braille_text out = translated(arena, &t);
  assert_int_equal(out.count, 4);
  assert_int_equal(out.blocks[0].kind, LF_BRL_TITLE);
  assert_string_equal(out.blocks[0].cells, ",DRUGS");
  assert_string_equal(out.blocks[1].cells, ",! CAT & ! DOG4");
  char welsh[256], english[256];
  louis_brf("cy-cy-g2.ctb", "Mae gennych chi hawl", welsh, sizeof welsh);
  louis_brf("en-ueb-g2.ctb", "Mae gennych chi hawl", english, sizeof english);
  assert_string_not_equal(welsh, english);
  /* after UEB's transcriber's note naming the language: the code changes */
  char noted[300];
  snprintf(noted, sizeof noted, "@.<,WEL%%@.> %s", welsh);
  assert_string_equal(out.blocks[2].cells, noted);
  assert_string_equal(out.blocks[3].cells, welsh);
  assert_string_equal(out.running_head, ",DRUGS");
  lf_arena_free(arena);
}

/*
 * 'test_translate_marks()' - Strong text gets UEB bold indicators; a web
 * address after its link text, uncontracted; list items their bullets
 * and numbers, with list markers around them.
 */
static void test_translate_marks(void **state) {
  (void)state;
  test_doc t;
  new_doc(&t);
  add_block(&t, LF_BLOCK_PARAGRAPH, 0, "important", LF_RUN_STRONG, 4);
  lf_block *p = add_block(&t, LF_BLOCK_PARAGRAPH, 0, "our website", LF_RUN_LINK, 5);
  t.runs[2].href = "https://www.cancerresearchuk.org/about-cancer";
  lf_block items[2];
  lf_run item_runs[2] = {{.text = "first", .len = 5}, {.text = "second", .len = 6}};
  lf_blocks item_lists[2];
  for (int i = 0; i < 2; i++) {
    items[i] = (lf_block){.kind = LF_BLOCK_PARAGRAPH, .pos = {"l.yaml", 7 + i, 9}};
    items[i].text = (lf_inline){&item_runs[i], 1};
    item_lists[i] = (lf_blocks){&items[i], 1};
  }
  lf_block *list = &t.blocks[t.doc.body.count++];
  *list = (lf_block){.kind = LF_BLOCK_LIST, .ordered = 1, .list_items = item_lists,
                     .list_count = 2, .pos = {"l.yaml", 7, 5}};
  (void)p;
  lf_arena *arena = lf_arena_new(0);
  lf_format f = braille_format();
  lf_braille_text out;
  lf_diags d;
  lf_diags_init(&d);
  assert_int_equal(lf_braille_translate(arena, &t.doc, &f, &out, &d), 0);
  assert_int_equal(out.count, 7);
  assert_string_equal(out.blocks[1].cells, "^1IMPORTANT"); /* bold word: dots 45, 2 */
  char contracted[256];
  louis_brf("en-ueb-g2.ctb", "https://www.cancerresearchuk.org", contracted, sizeof contracted);
  assert_non_null(strstr(out.blocks[2].cells, "HTTPS3_/_/WWW4CANCERRESEARCHUK4ORG"));
  assert_null(strstr(out.blocks[2].cells, contracted)); /* not contracted */
  assert_int_equal(out.blocks[3].kind, LF_BRL_LIST_START);
  assert_int_equal(out.blocks[4].kind, LF_BRL_ITEM);
  assert_string_equal(out.blocks[4].cells, "#A4 F/");
  assert_string_equal(out.blocks[5].cells, "#B4 SECOND");
  assert_int_equal(out.blocks[6].kind, LF_BRL_LIST_END);
  lf_diags_free(&d);
  lf_arena_free(arena);
}

/*
 * 'test_bullets_where_the_table_has_them()' - A bulleted list: in English
 * each item after UEB's bullet; in Welsh, whose table has no braille for
 * the bullet, each item without it (a line of its own still marks it), not
 * an error the author could do nothing about.
 */
static void test_bullets_where_the_table_has_them(void **state) {
  (void)state;
  static const char *const languages[] = {"en-GB", "cy"};
  for (int k = 0; k < 2; k++) {
    test_doc t;
    new_doc(&t);
    t.doc.language = languages[k];
    lf_block item = {.kind = LF_BLOCK_PARAGRAPH, .pos = {"l.yaml", 7, 9}};
    lf_run run = {.text = "eich iechyd", .len = 11};
    item.text = (lf_inline){&run, 1};
    lf_blocks items = {&item, 1};
    lf_block *list = &t.blocks[t.doc.body.count++];
    *list = (lf_block){.kind = LF_BLOCK_LIST, .list_items = &items, .list_count = 1,
                       .pos = {"l.yaml", 7, 5}};
    lf_arena *arena = lf_arena_new(0);
    lf_braille_text out = translated(arena, &t);
    assert_int_equal(out.blocks[2].kind, LF_BRL_ITEM);
    char want[256];
    louis_brf(k ? "cy-cy-g2.ctb" : "en-ueb-g2.ctb", k ? "eich iechyd" : "\u2022 eich iechyd",
              want, sizeof want);
    assert_string_equal(out.blocks[2].cells, want);
    assert_true(k || strncmp(want, "_4 ", 3) == 0); /* UEB's bullet, dots 456 256 */
    lf_arena_free(arena);
  }
}

/*
 * 'test_table_in_its_language()' - A table that names its language
 * ('lang: cy' beside it) in an English leaflet: its cells, which name
 * none, are read in the Welsh table, as print tags them (they take the
 * table's /Lang); the words outside it stay English, after a note saying
 * so.
 */
static void test_table_in_its_language(void **state) {
  (void)state;
  test_doc t;
  new_doc(&t);
  static const char *const words[2][2] = {{"Ffôn", "Mae gennych chi hawl"},
                                          {"Oriau", "naw tan bump"}};
  lf_block cells[2][2];
  lf_blocks cell_lists[2][2];
  lf_run runs[2][2];
  lf_table_row rows[2];
  for (int r = 0; r < 2; r++) {
    for (int c = 0; c < 2; c++) {
      runs[r][c] = (lf_run){.text = words[r][c], .len = strlen(words[r][c])};
      cells[r][c] = (lf_block){.kind = LF_BLOCK_PARAGRAPH, .pos = {"l.yaml", 8 + r, 9}};
      cells[r][c].text = (lf_inline){&runs[r][c], 1};
      cell_lists[r][c] = (lf_blocks){&cells[r][c], 1};
    }
    rows[r] = (lf_table_row){.cells = cell_lists[r], .pos = {"l.yaml", 8 + r, 7}};
  }
  lf_table table = {.columns = 2, .rows = rows, .row_count = 2, .row_headers = 1};
  lf_block *b = &t.blocks[t.doc.body.count++];
  *b = (lf_block){.kind = LF_BLOCK_TABLE, .table = &table, .pos = {"l.yaml", 7, 5},
                  .language = "cy", .language_pos = {"l.yaml", 7, 11}};
  add_block(&t, LF_BLOCK_PARAGRAPH, 0, "The cat and the dog.", 0, 10);
  lf_arena *arena = lf_arena_new(0);
  lf_braille_text out = translated(arena, &t);
  char welsh[256], english[256];
  louis_brf("cy-cy-g2.ctb", "Ffôn: Mae gennych chi hawl", welsh, sizeof welsh);
  louis_brf("en-ueb-g2.ctb", "Ffôn: Mae gennych chi hawl", english, sizeof english);
  assert_string_not_equal(welsh, english);
  /* the first row after the note naming Welsh, the second without it: one
   * note before the run of Welsh blocks, not one a block */
  char noted[300];
  snprintf(noted, sizeof noted, "@.<,WEL%%@.> %s", welsh);
  size_t found = 0;
  for (size_t i = 0; i < out.count; i++)
    if (out.blocks[i].kind == LF_BRL_ITEM) {
      assert_string_equal(out.blocks[i].cells, found == 0 ? noted : out.blocks[i].cells);
      if (found == 1)
        assert_null(strstr(out.blocks[i].cells, "@.<"));
      found++;
    }
  assert_int_equal(found, 2);
  /* back in English, said once, as the change into Welsh was */
  assert_string_equal(out.blocks[out.count - 1].cells, "@.<,5GLI%@.> ,! CAT & ! DOG4");
  lf_arena_free(arena);
}

/*
 * 'test_latin_inside_urdu()' - The Urdu table has no Latin letters: a
 * drug name inside an Urdu paragraph is written in the English table (as
 * print sets it in the Latin face), not as liblouis's escapes of
 * undefined characters ("\\x0073"), which a braille reader cannot read.
 */
static void test_latin_inside_urdu(void **state) {
  (void)state;
  test_doc t;
  new_doc(&t);
  t.doc.language = "ur";
  add_block(&t, LF_BLOCK_PARAGRAPH, 0, "\u06cc\u06c1 \u062f\u0648\u0627 sunitinib \u06c1\u06d2",
            0, 4);
  lf_arena *arena = lf_arena_new(0);
  lf_braille_text out = translated(arena, &t);
  const char *cells = out.blocks[out.count - 1].cells;
  char latin[64];
  louis_brf("en-ueb-g2.ctb", "sunitinib", latin, sizeof latin);
  assert_non_null(strstr(cells, latin));
  assert_null(strchr(cells, '\\'));
  /* the Urdu words as they are alone, before it */
  test_doc alone;
  new_doc(&alone);
  alone.doc.language = "ur";
  add_block(&alone, LF_BLOCK_PARAGRAPH, 0, "\u06cc\u06c1 \u062f\u0648\u0627", 0, 4);
  lf_braille_text urdu = translated(arena, &alone);
  const char *words = urdu.blocks[urdu.count - 1].cells;
  assert_true(strlen(words) > 0);
  assert_int_equal(strncmp(cells, words, strlen(words)), 0);
  assert_int_equal(cells[strlen(words)], ' ');
  lf_arena_free(arena);
}

/*
 * 'test_chinese_divided_between_characters()' - Chinese, written without
 * spaces, is one long "word" to braille: its lines are divided where print
 * may break a line, between two characters, never inside the cells of
 * one, and that is no warning.  (Each character's cells are found by
 * translating the text a character longer each time: the table gives the
 * same cells for a text's first characters whatever follows.)
 */
static void test_chinese_divided_between_characters(void **state) {
  (void)state;
  static const char text[] = "靶向抗癌药物针对癌细胞中帮助其生长和存活的差异起作用。"
                             "其他药物帮助免疫系统攻击癌症。这些药物被称为免疫疗法。";
  test_doc t;
  new_doc(&t);
  t.doc.language = "zh";
  add_block(&t, LF_BLOCK_PARAGRAPH, 0, text, 0, 4);
  lf_arena *arena = lf_arena_new(0);
  lf_braille_text out = translated(arena, &t);
  const lf_brl_block *b = &out.blocks[out.count - 1];
  assert_true(b->len > 2 * WIDTH);
  /* where each character's cells end */
  uint8_t ends[1024] = {0};
  char prefix[sizeof text], cells[1024];
  for (const char *at = text; *at;) {
    lf_utf8_next(&at, text + strlen(text));
    memcpy(prefix, text, (size_t)(at - text));
    prefix[at - text] = 0;
    /* the table writes Unicode braille: its dots, as North American
     * ASCII braille (BRF) */
    widechar in[256], brl[1024];
    int inlen = 0, outlen = 1024;
    for (const char *c = prefix; *c;)
      in[inlen++] = (widechar)lf_utf8_next(&c, c + strlen(c));
    assert_int_not_equal(lou_translate("zh-chn.ctb", in, &inlen, brl, &outlen, NULL, NULL, NULL,
                                       NULL, NULL, dotsIO), 0);
    static const char ascii[] = " A1B'K2L@CIF/MSP\"E3H9O6R^DJG>NTQ,*5<-U8V.%[$+X!&;:4\\0Z7(_?W]#Y)=";
    for (int i = 0; i < outlen; i++)
      cells[i] = ascii[brl[i] & 0x3F];
    cells[outlen] = 0;
    assert_int_equal(strncmp(cells, b->cells, strlen(cells)), 0);
    ends[strlen(cells)] = 1;
  }
  lf_brf brf;
  lf_diags d;
  lf_diags_init(&d);
  lay_out((lf_brl_block *)b, 1, NULL, &brf, &d);
  assert_int_equal(d.count, 0);
  assert_int_equal(brf.words_split, 0);
  pages p;
  split(&brf, &p);
  size_t at = 0, lines = 0;
  for (size_t i = 1; i < p.line_count[0]; i++) {
    const char *line = p.lines[0][i] + indent_of(p.lines[0][i]);
    if (!*line)
      continue;
    assert_int_equal(strncmp(line, b->cells + at, strlen(line)), 0);
    at += strlen(line);
    assert_true(ends[at] || at == b->len); /* a line ends where a character does */
    lines++;
  }
  assert_int_equal(at, b->len);
  assert_true(lines >= 3);
  free(p.copy);
  free(brf.data);
  lf_diags_free(&d);
  lf_arena_free(arena);
}

/*
 * 'test_long_address_divided_where_print_divides()' - A web address
 * longer than a line is divided after a '/' or before a '.', as print
 * divides one, never inside a sign ("_/" is the slash's two cells), with
 * no warning; every cell is kept.
 */
static void test_long_address_divided_where_print_divides(void **state) {
  (void)state;
  test_doc t;
  new_doc(&t);
  const char *url = "https://www.cancerresearchuk.org/about-cancer/neuroendocrine-tumours-nets/"
                    "treatment/targeted-drugs";
  add_block(&t, LF_BLOCK_PARAGRAPH, 0, url, 0, 4);
  lf_arena *arena = lf_arena_new(0);
  lf_braille_text out = translated(arena, &t);
  lf_format f = braille_format();
  const lf_braille_text *parts[] = {&out};
  lf_brf brf;
  lf_diags d;
  lf_diags_init(&d);
  assert_int_equal(lf_brf_layout(parts, 1, &f, &brf, &d), 0);
  assert_int_equal(d.count, 0);
  assert_int_equal(brf.words_split, 0);
  pages p;
  split(&brf, &p);
  char joined[512] = "";
  size_t lines = 0;
  for (size_t i = 1; i < p.line_count[0]; i++) {
    const char *line = p.lines[0][i];
    if (!strstr(joined, "HTTPS") && !strstr(line, "HTTPS"))
      continue;
    lines++;
    const char *end = line + strlen(line);
    assert_true(strlen(line) <= WIDTH);
    if (i + 1 < p.line_count[0] && p.lines[0][i + 1][0]) /* divided here */
      assert_true(end[-1] == '/' || p.lines[0][i + 1][indent_of(p.lines[0][i + 1])] == '4');
    strcat(joined, line + indent_of(line));
  }
  assert_true(lines >= 3);
  for (size_t i = 0; i < out.count; i++)
    if (out.blocks[i].kind == LF_BRL_PARAGRAPH)
      assert_string_equal(joined, out.blocks[i].cells); /* nothing lost, nothing added */
  free(p.copy);
  free(brf.data);
  lf_diags_free(&d);
  lf_arena_free(arena);
}

/* 'by_tag()' - The cells of a paragraph of Chinese in a document of 'tag',
 * with format 'f'. */
static char *by_tag(lf_arena *arena, const lf_format *f, const char *tag) {
  test_doc t;
  memset(&t, 0, sizeof t);
  t.doc.title = "\u85e5";
  t.doc.language = tag;
  t.doc.language_pos = (lf_pos){"l.yaml", 3, 11};
  t.doc.body.items = t.blocks;
  add_block(&t, LF_BLOCK_PARAGRAPH, 0, "\u514d\u75ab\u6cbb\u7642", 0, 4);
  lf_braille_text out;
  lf_diags d;
  lf_diags_init(&d);
  assert_int_equal(lf_braille_translate(arena, &t.doc, f, &out, &d), 0);
  lf_diags_free(&d);
  return lf_arena_strndup(arena, out.blocks[out.count - 1].cells,
                          out.blocks[out.count - 1].len);
}

/*
 * 'test_table_by_subtags()' - A language's table is the one the format
 * names for its whole tag, else for the tag with its last subtags taken
 * off one at a time: "zh-Hant-HK" takes zh-Hant's (Cantonese braille),
 * "zh-Hant-TW" its own (Taiwanese), "zh-CN" zh's (Mandarin).  Before, a
 * tag of three subtags went straight to "zh".
 */
static void test_table_by_subtags(void **state) {
  (void)state;
  static lf_braille_table tables[] = {{"zh", "zh-chn.ctb", {"b.yaml", 1, 1}},
                                      {"zh-Hant", "zh-hk.ctb", {"b.yaml", 2, 1}},
                                      {"zh-Hant-TW", "zh-tw.ctb", {"b.yaml", 3, 1}}};
  lf_format f = braille_format();
  f.cells.tables = tables;
  f.cells.table_count = 3;
  lf_arena *arena = lf_arena_new(0);
  const char *mandarin = by_tag(arena, &f, "zh"), *cantonese = by_tag(arena, &f, "zh-Hant"),
             *taiwanese = by_tag(arena, &f, "zh-Hant-TW");
  assert_string_not_equal(mandarin, cantonese);
  assert_string_not_equal(cantonese, taiwanese);
  assert_string_not_equal(mandarin, taiwanese);
  assert_string_equal(by_tag(arena, &f, "zh-Hant-HK"), cantonese);
  assert_string_equal(by_tag(arena, &f, "zh-hant-tw"), taiwanese);
  assert_string_equal(by_tag(arena, &f, "zh-CN"), mandarin);
  lf_arena_free(arena);
}

/*
 * 'test_picture_in_the_leaflets_words()' - A figure is said with its
 * alternative text after the word for a picture in the leaflet's own
 * words ("Llun:" in Welsh), not an English word in a Welsh leaflet, as a
 * transcriber's note.
 */
static void test_picture_in_the_leaflets_words(void **state) {
  (void)state;
  test_doc t;
  new_doc(&t);
  t.doc.language = "cy";
  lf_words cy = *lf_words_english();
  cy.language = "cy";
  cy.text[LF_WORD_PICTURE] = "Llun: {alt}";
  t.doc.words = &cy;
  lf_figure fig = {.alt = "Dau lun"};
  lf_block *b = &t.blocks[t.doc.body.count++];
  *b = (lf_block){.kind = LF_BLOCK_FIGURE, .figure = &fig, .pos = {"l.yaml", 6, 5}};
  lf_arena *arena = lf_arena_new(0);
  lf_braille_text out = translated(arena, &t);
  char words[256], want[300];
  louis_brf("cy-cy-g2.ctb", "Llun: Dau lun", words, sizeof words);
  /* between the transcriber's note indicators: not the print's words */
  snprintf(want, sizeof want, "@.<%s@.>", words);
  assert_int_equal(out.count, 2);
  assert_string_equal(out.blocks[1].cells, want);
  lf_arena_free(arena);
}

/*
 * 'test_bare_domain_uncontracted()' - A web address written without
 * "www." or "https://" ("cancerresearchuk.org") is written letter for
 * letter like every other address (it was contracted: "C.ERRESE>*UK4ORG");
 * a word that only holds a dot ("e.g.") is still contracted as a word.
 */
static void test_bare_domain_uncontracted(void **state) {
  (void)state;
  test_doc t;
  new_doc(&t);
  add_block(&t, LF_BLOCK_PARAGRAPH, 0, "See cancerresearchuk.org, or nhs.uk/conditions.", 0, 4);
  lf_arena *arena = lf_arena_new(0);
  lf_braille_text out = translated(arena, &t);
  assert_non_null(strstr(out.blocks[1].cells, "CANCERRESEARCHUK4ORG"));
  assert_non_null(strstr(out.blocks[1].cells, "NHS4UK_/CONDITIONS"));
  assert_null(strstr(out.blocks[1].cells, "C.ER"));
  lf_arena_free(arena);
}

/*
 * 'test_leaflet_id_uncontracted()' - The leaflet's id, and an edition's
 * stem built on it, are written letter for letter, also before a full
 * stop; a word that only begins like it is contracted as a word.
 */
static void test_leaflet_id_uncontracted(void **state) {
  (void)state;
  test_doc t;
  new_doc(&t);
  t.doc.leaflet_id = "net-drugs-overview";
  add_block(&t, LF_BLOCK_PARAGRAPH, 0,
            "Quote net-drugs-overview. Or net-drugs-overview-lung: net-drugs-overviewer", 0, 4);
  lf_arena *arena = lf_arena_new(0);
  lf_braille_text out = translated(arena, &t);
  const char *cells = out.blocks[1].cells;
  assert_non_null(strstr(cells, "NET-DRUGS-OVERVIEW4"));
  assert_non_null(strstr(cells, "NET-DRUGS-OVERVIEW-LUNG3"));
  assert_non_null(strstr(cells, "OV]VIEW]")); /* "overviewer": a word, contracted */
  lf_arena_free(arena);
}

/*
 * 'test_words_in_another_language_uncontracted()' - A run in another
 * language (a Polish leaflet's title in an English letter) is written
 * letter for letter, as UEB writes foreign words: English contractions
 * made "celowane" "CEL[ANE"; the English words around it are contracted.
 */
static void test_words_in_another_language_uncontracted(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0);
  const lf_run runs[] = {{.text = "With this letter is our leaflet ", .len = 32},
                         {.text = "Leki celowane", .len = 13, .lang = "pl"},
                         {.text = " with the other.", .len = 16}};
  const char *cells = paragraph_cells(arena, runs, 3);
  assert_non_null(strstr(cells, "LEKI CELOWANE"));
  assert_null(strstr(cells, "CEL[ANE"));
  assert_non_null(strstr(cells, ",) ? LR IS \\R L1FLET")); /* the English around it contracted */
  assert_non_null(strstr(cells, " ) ! O!R4")); /* "with the other." */
  lf_arena_free(arena);
}

/*
 * 'test_bold_ends_after_its_punctuation()' - Bold that ends just before a
 * comma takes the comma in: liblouis ended the passage a word early and
 * gave the last word indicators of its own ("DIGE/IVE^' ^1SY/EM^'1").
 */
static void test_bold_ends_after_its_punctuation(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0);
  const lf_run runs[] = {{.text = "Our leaflet ", .len = 12},
                         {.text = "Targeted drugs for the digestive system", .len = 39,
                          .style = LF_RUN_STRONG},
                         {.text = ", in large print.", .len = 17}};
  const char *cells = paragraph_cells(arena, runs, 3);
  assert_non_null(strstr(cells, "^7,T>GET$ DRUGS = ! DIGE/IVE SY/EM1^' 9 L>GE PR9T4"));
  assert_null(strstr(cells, "^1"));
  lf_arena_free(arena);
}

/*
 * 'test_translate_refusals()' - A language with no braille table is an
 * error at the 'lang:' that names it; a character the table has no braille
 * for, at its own column, naming the code point but not the text.
 */
static void test_translate_refusals(void **state) {
  (void)state;
  test_doc t;
  new_doc(&t);
  lf_block *b = add_block(&t, LF_BLOCK_PARAGRAPH, 0, "Qapla'", 0, 4);
  b->language = "tlh";
  b->language_pos = (lf_pos){"l.yaml", 5, 11};
  lf_arena *arena = lf_arena_new(0);
  lf_format f = braille_format();
  lf_braille_text out;
  lf_diags d;
  lf_diags_init(&d);
  assert_int_equal(lf_braille_translate(arena, &t.doc, &f, &out, &d), -1);
  char buf[2048];
  assert_string_equal(tu_diags_text(&d, buf, sizeof buf),
                      "l.yaml:5:11: error: no braille table for language 'tlh' (expected a "
                      "language named in the 'tables' of braille.yaml, or one liblouis has a "
                      "table for)\n");
  lf_diags_free(&d);

  new_doc(&t);
  add_block(&t, LF_BLOCK_PARAGRAPH, 0, "Text \xe4\xb8\xad here", 0, 4);
  t.runs[1].anchors = &(lf_anchor){0, {"l.yaml", 4, 8}};
  t.runs[1].anchor_count = 1;
  lf_diags_init(&d);
  assert_int_equal(lf_braille_translate(arena, &t.doc, &f, &out, &d), -1);
  assert_string_equal(tu_diags_text(&d, buf, sizeof buf),
                      "l.yaml:4:13: error: character U+4E2D has no braille in table "
                      "'en-ueb-g2.ctb' (language 'en-GB'; expected text the table covers)\n");
  lf_diags_free(&d);
  lf_arena_free(arena);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_limits),
      cmocka_unit_test(test_no_split_words),
      cmocka_unit_test(test_long_word),
      cmocka_unit_test(test_page_numbers_and_head),
      cmocka_unit_test(test_headings),
      cmocka_unit_test(test_heading_kept_with_text),
      cmocka_unit_test(test_heading_kept_with_blank_lines),
      cmocka_unit_test(test_running_head_short_title),
      cmocka_unit_test(test_table_entries),
      cmocka_unit_test(test_list_runovers),
      cmocka_unit_test(test_box_and_parts),
      cmocka_unit_test(test_translate_english_and_welsh),
      cmocka_unit_test(test_translate_marks),
      cmocka_unit_test(test_bullets_where_the_table_has_them),
      cmocka_unit_test(test_table_in_its_language),
      cmocka_unit_test(test_latin_inside_urdu),
      cmocka_unit_test(test_chinese_divided_between_characters),
      cmocka_unit_test(test_long_address_divided_where_print_divides),
      cmocka_unit_test(test_picture_in_the_leaflets_words),
      cmocka_unit_test(test_table_by_subtags),
      cmocka_unit_test(test_bare_domain_uncontracted),
      cmocka_unit_test(test_leaflet_id_uncontracted),
      cmocka_unit_test(test_words_in_another_language_uncontracted),
      cmocka_unit_test(test_bold_ends_after_its_punctuation),
      cmocka_unit_test(test_translate_refusals),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
