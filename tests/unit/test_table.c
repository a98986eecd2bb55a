/*
 * test_table.c -- the table layout (src/layout/table.c): columns fitted to
 * their content or given widths; a table too wide for the body size set as
 * a stacked list, never in smaller type; rows never split unless taller
 * than a page, then cut at lines; header rows drawn again, as artifacts, at
 * the head of each page a table goes on to, and never alone at a page's
 * foot; the 7:1 contrast check on coloured rows.  The layout tests lay out
 * real leaflets (the content fixture) and read the display list back.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "leaflet/document.h"
#include "leaflet/layout.h"
#include "layout_fixture.h"
#include "../../src/layout/vlist.h"

typedef layout_fixture fixture;

/* Lay out leaflet 'one' with body 'body' at 'size' pt. */
static lf_display *layout(fixture *f, const char *body, double size) {
  lf_display *d = layout_body(f, body, size);
  if (!d) {
    char said[4096];
    fprintf(stderr, "%s", tu_diags_text(&f->diags, said, sizeof said));
  }
  return d;
}

/* The nearest ancestor (or self) of element 'el' of 'type', or -1. */
static int ancestor(const lf_display *d, int el, lf_element_type type) {
  while (el >= 0 && d->elements[el].type != type)
    el = d->elements[el].parent;
  return el;
}

/* The body's first table element. */
static int first_table(const lf_display *d) {
  for (size_t e = 0; e < d->element_count; e++)
    if (d->elements[e].type == LF_EL_TABLE)
      return (int)e;
  return -1;
}

/* How many elements of 'type' the body's first table holds (the about
 * section's tables come after it). */
static size_t count_type(const lf_display *d, lf_element_type type) {
  int table = -1;
  for (size_t e = 0; e < d->element_count && table < 0; e++)
    if (d->elements[e].type == LF_EL_TABLE)
      table = (int)e;
  size_t n = 0;
  for (size_t e = 0; e < d->element_count; e++)
    n += d->elements[e].type == type && ancestor(d, (int)e, LF_EL_TABLE) == table;
  return n;
}

/* Whether page 'p' shows 'text' (an item's text starting with it),
 * tagged ('artifact' 0) or as an artifact (1); its baseline in '*y'. */
static int shows(const lf_display *d, size_t p, const char *text, int artifact, double *y) {
  for (size_t i = 0; i < d->pages[p].count; i++) {
    const lf_item *it = &d->pages[p].items[i];
    if (it->kind == LF_ITEM_TEXT && it->len >= strlen(text) &&
        memcmp(it->text, text, strlen(text)) == 0 && (it->element < 0) == artifact) {
      if (y)
        *y = it->y;
      return 1;
    }
  }
  return 0;
}

/* ---- column fitting ------------------------------------------------------ */

static void test_fit_natural_widths_fill_the_measure(void **state) {
  (void)state;
  double min[] = {20, 30}, max[] = {50, 60}, out[2];
  assert_int_equal(lf_table_fit_columns(2, min, max, NULL, 220, out), 0);
  /* every column unbroken, the room left shared by natural width */
  assert_true(fabs(out[0] + out[1] - 220) < 1e-9);
  assert_true(fabs(out[0] / out[1] - 50.0 / 60.0) < 1e-9);
}

static void test_fit_narrow_column_stays_unbroken(void **state) {
  (void)state;
  /* "Day 10" (40 pt) beside two long columns: it keeps its natural width */
  double min[] = {30, 40, 50}, max[] = {40, 300, 600}, out[3];
  assert_int_equal(lf_table_fit_columns(3, min, max, NULL, 400, out), 0);
  assert_true(fabs(out[0] - 40) < 1e-9);
  assert_true(fabs(out[0] + out[1] + out[2] - 400) < 1e-9);
  assert_true(out[1] >= min[1] && out[2] >= min[2]);
  /* the long columns share the rest by what each would take more */
  assert_true(fabs((out[1] - 40) / (out[2] - 50) - 260.0 / 550.0) < 1e-9);
}

static void test_fit_refuses_below_least_widths(void **state) {
  (void)state;
  double min[] = {150, 160, 100}, max[] = {200, 200, 200}, out[3];
  assert_int_equal(lf_table_fit_columns(3, min, max, NULL, 400, out), -1);
  assert_int_equal(lf_table_fit_columns(3, min, max, NULL, 410, out), 0);
}

static void test_fit_given_widths(void **state) {
  (void)state;
  double min[] = {50, 50}, max[] = {400, 400}, given[] = {1, 2}, out[2];
  assert_int_equal(lf_table_fit_columns(2, min, max, given, 300, out), 0);
  assert_true(fabs(out[0] - 100) < 1e-9 && fabs(out[1] - 200) < 1e-9);
  min[0] = 120; /* a word wider than its given share: stacked instead */
  assert_int_equal(lf_table_fit_columns(2, min, max, given, 300, out), -1);
}

/* ---- layout ---------------------------------------------------------------- */

static const char wide_table[] =
    "  - table:\n"
    "      header: [Drug, Also called, Type of drug, How you have it]\n"
    "      rows:\n"
    "        - [Sunitinib, Sutent, \"Targeted drug (protein kinase inhibitor)\", "
    "\"You usually take sunitinib capsules every day, with or without food.\"]\n"
    "        - [Atezolizumab, Tecentriq, Immunotherapy, "
    "\"You usually have atezolizumab as an injection under the skin (subcutaneously).\"]\n";

static void test_grid_at_12pt_stacked_at_18pt(void **state) {
  fixture *f = *state;
  lf_display *grid = layout(f, wide_table, 12);
  assert_non_null(grid);
  assert_int_equal(count_type(grid, LF_EL_THEAD), 1);
  assert_int_equal(count_type(grid, LF_EL_TH), 4 + 0);
  assert_int_equal(count_type(grid, LF_EL_TD), 8);
  lf_display *stack = layout(f, wide_table, 18);
  assert_non_null(stack);
  /* still a table: a TBody per row, a TR per cell of a TH (scope Row,
   * "Header: ") and its TD */
  assert_int_equal(count_type(stack, LF_EL_TABLE), 1);
  assert_int_equal(count_type(stack, LF_EL_THEAD), 0);
  assert_int_equal(count_type(stack, LF_EL_TBODY), 2);
  assert_int_equal(count_type(stack, LF_EL_TR), 8);
  assert_int_equal(count_type(stack, LF_EL_TH), 8);
  for (size_t e = 0; e < stack->element_count; e++)
    if (stack->elements[e].type == LF_EL_TH)
      assert_int_equal(stack->elements[e].scope, LF_SCOPE_ROW);
  /* "Also called: Sutent": the label a TH, bold; no type shrunk */
  int label = 0;
  for (size_t p = 0; p < stack->page_count; p++)
    for (size_t i = 0; i < stack->pages[p].count; i++) {
      const lf_item *it = &stack->pages[p].items[i];
      if (it->kind != LF_ITEM_TEXT)
        continue;
      assert_true(it->size >= 18 - 1e-9);
      if (it->len >= 11 && memcmp(it->text, "Also called", 11) == 0 && it->element >= 0 &&
          stack->elements[it->element].type == LF_EL_TH) {
        label = 1;
        assert_int_equal(stack->elements[it->element].type, LF_EL_TH);
        assert_true(lf_fontset_face(&f->fonts, it->face) ==
                    lf_fontset_face(&f->fonts, LF_FACE_BOLD));
      }
    }
  assert_true(label);
}

static void test_grid_header_scopes(void **state) {
  fixture *f = *state;
  lf_display *d = layout(f,
                         "  - table:\n"
                         "      header: [Status, What to do]\n"
                         "      row_headers: true\n"
                         "      rows:\n"
                         "        - [Red, Call now]\n"
                         "        - [Green, Keep watching]\n",
                         12);
  assert_non_null(d);
  int column = 0, row = 0;
  for (size_t e = 0; e < d->element_count; e++)
    if (d->elements[e].type == LF_EL_TH && ancestor(d, (int)e, LF_EL_TABLE) == first_table(d)) {
      int in_head = ancestor(d, (int)e, LF_EL_THEAD) >= 0;
      assert_int_equal(d->elements[e].scope, in_head ? LF_SCOPE_COLUMN : LF_SCOPE_ROW);
      column += in_head;
      row += !in_head;
    }
  assert_int_equal(column, 2);
  assert_int_equal(row, 2);
}

/* 'lead_paragraph()' - A paragraph of 'lead' sentences at 'p' (its quote
 * left open for what follows); the end of what was written. */
static char *lead_paragraph(char *p, int lead) {
  p += sprintf(p, "  - p: \"");
  for (int i = 0; i < lead; i++)
    p += sprintf(p, "Tell your doctor or nurse about any side effects you have. ");
  return p;
}

/* A table of 'rows' rows after 'lead' sentences of text. */
static const char *long_table(int lead, int rows, const char *extra) {
  static char body[60000];
  char *p = lead_paragraph(body, lead);
  p += sprintf(p, "\"\n  - table:\n      caption: Your diary\n      header: [Day, What you take]\n"
                  "      rows:\n");
  for (int r = 1; r <= rows; r++)
    p += sprintf(p, "        - [\"Day %d\", \"%s\"]\n", r, r % 5 == 3 ? extra : "A capsule");
  return body;
}

static void test_split_table_repeats_its_header(void **state) {
  fixture *f = *state;
  lf_display *d = layout(f, long_table(3, 90, "A capsule with food"), 12);
  assert_non_null(d);
  assert_true(d->page_count >= 3);
  assert_int_equal(count_type(d, LF_EL_THEAD), 1);
  size_t continued = 0;
  for (size_t p = 0; p < d->page_count; p++) {
    int tagged = shows(d, p, "What you take", 0, NULL);
    double head_y = 0, first_row_y = 1e9;
    int repeated = shows(d, p, "What you take", 1, &head_y);
    int rows = 0;
    for (size_t i = 0; i < d->pages[p].count; i++) {
      const lf_item *it = &d->pages[p].items[i];
      if (it->kind == LF_ITEM_TEXT && it->len > 4 && memcmp(it->text, "Day ", 4) == 0 &&
          it->element >= 0) {
        rows++;
        if (first_row_y == 1e9)
          first_row_y = it->y;
      }
    }
    if (p == 0) {
      assert_true(tagged && !repeated);
    } else if (rows) {
      /* drawn again, as an artifact, above the page's first row */
      assert_true(repeated && !tagged);
      assert_true(head_y > first_row_y);
      continued++;
    }
  }
  assert_true(continued >= 2);
}

static void test_rows_whole_and_header_never_alone(void **state) {
  fixture *f = *state;
  /* the table starting all down the page: the header rows and the first
   * body row are never parted, and no row is ever split */
  size_t met_new_page = 0;
  for (int lead = 20; lead < 62; lead++) {
    lf_display *d = layout(f, long_table(lead, 12, "A capsule with food, swallowed whole, "
                                                   "with a glass of water, at the same time "
                                                   "every day"), 12);
    assert_non_null(d);
    assert_int_equal(d->blocks_split, 0);
    /* each TR's text on one page */
    for (size_t e = 0; e < d->element_count; e++) {
      if (d->elements[e].type != LF_EL_TR)
        continue;
      long page = -1;
      for (size_t p = 0; p < d->page_count; p++)
        for (size_t i = 0; i < d->pages[p].count; i++) {
          const lf_item *it = &d->pages[p].items[i];
          if (it->kind == LF_ITEM_TEXT && it->element >= 0 &&
              ancestor(d, it->element, LF_EL_TR) == (int)e) {
            assert_true(page < 0 || page == (long)p);
            page = (long)p;
          }
        }
    }
    /* the tagged header and "Day 1" share a page */
    for (size_t p = 0; p < d->page_count; p++)
      if (shows(d, p, "What you take", 0, NULL)) {
        assert_true(shows(d, p, "Day 1", 0, NULL));
        met_new_page += p > 0;
      }
  }
  assert_true(met_new_page > 0); /* the sweep pushed the table over a page */
}

/* 'test_table_cut_leaves_two_rows()' - Wherever a table falls, a table
 * cut across pages leaves two body rows at least on each page it spans
 * (one row of "About this leaflet" stood alone on the last page), and a
 * table of two rows is not cut at all (a contact table went over one and
 * one). */
static void test_table_cut_leaves_two_rows(void **state) {
  fixture *f = *state;
  size_t cut = 0;
  for (int rows = 2; rows <= 12; rows += 10)
    for (int lead = 20; lead < 62; lead++) {
      lf_display *d = layout(f, long_table(lead, rows, "A capsule with food"), 12);
      assert_non_null(d);
      int table = first_table(d);
      size_t pages = 0;
      for (size_t p = 0; p < d->page_count; p++) {
        size_t here = 0;
        for (size_t i = 0; i < d->pages[p].count; i++) {
          const lf_item *it = &d->pages[p].items[i];
          here += it->kind == LF_ITEM_TEXT && it->element >= 0 && it->len > 4 &&
                  memcmp(it->text, "Day ", 4) == 0 &&
                  ancestor(d, it->element, LF_EL_TABLE) == table;
        }
        if (here == 0)
          continue;
        pages++;
        if (here < 2)
          fail_msg("%d rows after %d sentences: page %zu holds %zu of them", rows, lead, p + 1,
                   here);
      }
      if (rows == 2)
        assert_int_equal(pages, 1);
      cut += pages > 1;
    }
  assert_true(cut > 0); /* the sweep cut the long table somewhere */
}

/*
 * 'test_stacked_row_taller_than_a_page_fills_pages()' - A stacked row
 * taller than a page, after lead text of any length: it goes on from
 * where the page has room (the page before is not left with more than a
 * few lines free), no page holds one line of it alone, and where a page
 * ends inside it the box is closed.  Cut at a whole page's room, its
 * first part went to a new page and its last could be one line ("skin
 * (subcutaneously)." alone on a page at 38 pt).
 */
static void test_stacked_row_taller_than_a_page_fills_pages(void **state) {
  fixture *f = *state;
  size_t continued = 0;
  for (int lead = 1; lead <= 60; lead++) {
    static char body[60000];
    char *p = lead_paragraph(body, lead);
    p += sprintf(p, "\"\n  - table:\n      header: [Drug, Also called, Type of drug, "
                    "How you have it]\n      rows:\n        - [Sunitinib, Sutent, \"Targeted "
                    "drug (protein kinase inhibitor)\", \"");
    for (int i = 0; i < 30; i++)
      p += sprintf(p, "You usually take sunitinib capsules every day, with or without food. ");
    p += sprintf(p, "\"]\n");
    lf_display *d = layout(f, body, 18);
    assert_non_null(d);
    assert_int_equal(count_type(d, LF_EL_THEAD), 0); /* stacked */
    int table = first_table(d);
    size_t rows_on[256] = {0};
    assert_true(d->page_count <= 256);
    for (size_t pg = 0; pg < d->page_count; pg++) {
      double last_y = -1;
      for (size_t i = 0; i < d->pages[pg].count; i++) {
        const lf_item *it = &d->pages[pg].items[i];
        if (it->kind == LF_ITEM_TEXT && it->element >= 0 &&
            ancestor(d, it->element, LF_EL_TABLE) == table && it->y != last_y) {
          rows_on[pg]++;
          last_y = it->y;
        }
      }
    }
    /* the lowest any page's text goes: a full page's foot */
    double foot = 1e9;
    for (size_t q = 0; q < d->page_count; q++)
      for (size_t i = 0; i < d->pages[q].count; i++) {
        const lf_item *it = &d->pages[q].items[i];
        if (it->kind == LF_ITEM_TEXT && it->element >= 0 && it->y < foot)
          foot = it->y;
      }
    /* the row starts where the text before it ends, unless that page is
     * full to within four lines */
    size_t first = 0;
    while (first < d->page_count && !rows_on[first])
      first++;
    assert_true(first < d->page_count);
    if (first > 0) {
      double lowest = 1e9;
      for (size_t i = 0; i < d->pages[first - 1].count; i++) {
        const lf_item *it = &d->pages[first - 1].items[i];
        if (it->kind == LF_ITEM_TEXT && it->element >= 0 && it->y < lowest)
          lowest = it->y;
      }
      if (lowest - foot > 4 * 18 * 1.5 + 1e-6)
        fail_msg("lead %d: the row starts page %zu with %.0f pt free on the page before", lead,
                 first + 1, lowest - foot);
    }
    for (size_t pg = 0; pg < d->page_count; pg++) {
      size_t lines = rows_on[pg];
      if (lines == 1)
        fail_msg("lead %d: page %zu holds one line of the row", lead, pg + 1);
      /* a page the row goes on from: full to within three lines, its box
       * closed by a rule at the foot of the row's last line */
      if (lines && pg + 1 < d->page_count && rows_on[pg + 1]) {
        double lowest = 1e9, rule = 1e9;
        for (size_t i = 0; i < d->pages[pg].count; i++) {
          const lf_item *it = &d->pages[pg].items[i];
          if (it->kind == LF_ITEM_TEXT && it->element >= 0 && it->y < lowest)
            lowest = it->y;
        }
        for (size_t i = 0; i < d->pages[pg].count; i++) {
          const lf_item *it = &d->pages[pg].items[i];
          if (it->kind == LF_ITEM_LINE && it->y < lowest && it->y > lowest - 40 &&
              fabs(it->y - it->y2) < 1e-6)
            rule = it->y;
        }
        if (rule > 1e8)
          fail_msg("lead %d: page %zu ends inside the row with its box open", lead, pg + 1);
        if (lowest - foot > 3 * 18 * 1.5 + 1e-6)
          fail_msg("lead %d: the row goes on from page %zu with %.0f pt free", lead, pg + 1,
                   lowest - foot);
        continued++;
      }
    }
  }
  assert_true(continued > 0);
}

static void test_row_taller_than_a_page_is_cut_at_lines(void **state) {
  fixture *f = *state;
  static char body[40000];
  char *p = body;
  p += sprintf(p, "  - table:\n      header: [Day, Notes]\n      rows:\n        - [\"Day 1\", \"");
  for (int i = 0; i < 160; i++)
    p += sprintf(p, "Write down how you feel each morning. ");
  p += sprintf(p, "\"]\n        - [\"Day 2\", \"Rest.\"]\n");
  lf_display *d = layout(f, body, 12);
  assert_non_null(d);
  assert_true(d->page_count >= 2);
  assert_int_equal(d->words_split, 0);
  assert_int_equal(d->blocks_split, 0); /* cut as planned, not forced */
  /* the row's text runs over pages, under the header drawn again */
  size_t pages_with_notes = 0;
  for (size_t pg = 0; pg < d->page_count; pg++)
    if (shows(d, pg, "Write down", 0, NULL)) {
      pages_with_notes++;
      if (pg > 0)
        assert_true(shows(d, pg, "Notes", 1, NULL));
    }
  assert_true(pages_with_notes >= 2);
}

static void test_right_to_left_table_starts_on_the_right(void **state) {
  fixture *f = *state;
  lf_display *d = layout(f,
                         "  - table:\n"
                         "      header: [First, Second]\n"
                         "      rows:\n"
                         "        - [one, two]\n"
                         "    lang: ur\n",
                         12);
  assert_non_null(d);
  double first = -1, second = -1;
  for (size_t i = 0; i < d->pages[0].count; i++) {
    const lf_item *it = &d->pages[0].items[i];
    if (it->kind == LF_ITEM_TEXT && it->len >= 5 && !memcmp(it->text, "First", 5))
      first = it->x;
    if (it->kind == LF_ITEM_TEXT && it->len >= 6 && !memcmp(it->text, "Second", 6))
      second = it->x;
  }
  assert_true(first > 0 && second > 0);
  assert_true(first > second); /* the first column is the rightmost */
}

/* Measuring a table's columns sets every cell once under no element: a
 * cell in another language must not give its language to the document
 * (element 0), which would have a screen reader read the whole leaflet
 * in it. */
static void test_measuring_cells_leaves_the_document_language(void **state) {
  fixture *f = *state;
  lf_display *d = layout(f,
                         "  - p: Some text in the leaflet's own language.\n"
                         "  - table:\n"
                         "      header: [English, Welsh]\n"
                         "      rows:\n"
                         "        - - Thank you\n"
                         "          - - p: Diolch\n"
                         "              lang: cy\n",
                         12);
  assert_non_null(d);
  assert_int_equal(d->elements[0].type, LF_EL_DOCUMENT);
  assert_null(d->elements[0].lang);
  int cy = 0;
  for (size_t e = 0; e < d->element_count; e++)
    if (d->elements[e].lang) {
      assert_string_equal(d->elements[e].lang, "cy");
      assert_int_equal(d->elements[e].type, LF_EL_TD); /* the cell says it */
      cy++;
    }
  assert_int_equal(cy, 1);
}

static void test_low_contrast_fill_is_an_error_at_its_place(void **state) {
  fixture *f = *state;
  lf_display *d = layout(f,
                         "  - table:\n"
                         "      header: [Status, What to do]\n"
                         "      rows:\n"
                         "        - {cells: [Red, Call now], fill: \"#E03030\"}\n",
                         12);
  assert_null(d);
  char text[4096];
  assert_true(tu_has(tu_diags_text(&f->diags, text, sizeof text),
                     "one.yaml:8:42: error: fill #E03030 under text in #000000 has a "
                     "contrast of 4.6:1 (expected at least 7:1"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fit_natural_widths_fill_the_measure),
      cmocka_unit_test(test_fit_narrow_column_stays_unbroken),
      cmocka_unit_test(test_fit_refuses_below_least_widths),
      cmocka_unit_test(test_fit_given_widths),
      cmocka_unit_test_setup_teardown(test_grid_at_12pt_stacked_at_18pt, layout_setup, layout_teardown),
      cmocka_unit_test_setup_teardown(test_grid_header_scopes, layout_setup, layout_teardown),
      cmocka_unit_test_setup_teardown(test_split_table_repeats_its_header, layout_setup, layout_teardown),
      cmocka_unit_test_setup_teardown(test_stacked_row_taller_than_a_page_fills_pages, layout_setup, layout_teardown),
      cmocka_unit_test_setup_teardown(test_table_cut_leaves_two_rows, layout_setup, layout_teardown),
      cmocka_unit_test_setup_teardown(test_rows_whole_and_header_never_alone, layout_setup, layout_teardown),
      cmocka_unit_test_setup_teardown(test_row_taller_than_a_page_is_cut_at_lines, layout_setup,
                                      layout_teardown),
      cmocka_unit_test_setup_teardown(test_right_to_left_table_starts_on_the_right, layout_setup,
                                      layout_teardown),
      cmocka_unit_test_setup_teardown(test_measuring_cells_leaves_the_document_language,
                                      layout_setup, layout_teardown),
      cmocka_unit_test_setup_teardown(test_low_contrast_fill_is_an_error_at_its_place, layout_setup,
                                      layout_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
