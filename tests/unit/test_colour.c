/*
 * test_colour.c -- contrast (src/content/colour.c): WCAG's ratio of two
 * colours, links found wherever blocks hold them, and a table row's fill
 * judged against a print format's text and link colours.
 */
#include <math.h>
#include <string.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "leaflet/colour.h"
#include "testutil.h"

static void test_contrast_ratio(void **state) {
  (void)state;
  assert_true(fabs(lf_contrast_ratio(0x000000, 0xFFFFFF) - 21.0) < 1e-6);
  assert_true(fabs(lf_contrast_ratio(0xFFFFFF, 0x000000) - 21.0) < 1e-6);
  assert_true(fabs(lf_contrast_ratio(0x777777, 0xFFFFFF) - 4.48) < 0.01);
  assert_true(fabs(lf_contrast_ratio(0x123456, 0x123456) - 1.0) < 1e-9);
  assert_true(lf_contrast_ratio(0x000000, 0xF6CFCF) >= 7.0);
  assert_true(lf_contrast_ratio(0x000000, 0xE03030) < 7.0);
}

/* A paragraph whose only run is 'style'. */
static lf_block para(lf_run *run, unsigned style) {
  *run = (lf_run){.text = "x", .len = 1, .style = style};
  return (lf_block){.kind = LF_BLOCK_PARAGRAPH, .text = {run, 1}};
}

static void test_links_found_inside_lists_callouts_and_tables(void **state) {
  (void)state;
  lf_run plain, link;
  lf_block plain_p = para(&plain, 0), link_p = para(&link, LF_RUN_LINK);
  lf_blocks none = {&plain_p, 1}, some = {&link_p, 1};
  assert_false(lf_blocks_have_links(&none));
  assert_true(lf_blocks_have_links(&some));
  /* a link in a callout in a list item */
  lf_block callout = {.kind = LF_BLOCK_CALLOUT, .body = some};
  lf_blocks item = {&callout, 1};
  lf_block list = {.kind = LF_BLOCK_LIST, .list_items = &item, .list_count = 1};
  assert_true(lf_blocks_have_links(&(lf_blocks){&list, 1}));
  /* and in a table's second cell */
  lf_blocks cells[2] = {none, some};
  lf_table_row row = {.cells = cells};
  lf_table t = {.columns = 2, .rows = &row, .row_count = 1};
  lf_block table = {.kind = LF_BLOCK_TABLE, .table = &t};
  assert_true(lf_blocks_have_links(&(lf_blocks){&table, 1}));
  cells[1] = none;
  assert_false(lf_blocks_have_links(&(lf_blocks){&table, 1}));
}

static void test_fill_against_text_and_links(void **state) {
  (void)state;
  lf_run plain, link;
  lf_block plain_p = para(&plain, 0), link_p = para(&link, LF_RUN_LINK);
  lf_blocks cells[2] = {{&plain_p, 1}, {&plain_p, 1}};
  /* #B0C8FF: 12.5:1 under black text, 4.8:1 under the links' blue */
  lf_table_row row = {.cells = cells, .has_fill = 1, .fill = 0xB0C8FF,
                      .fill_pos = {"t.yaml", 4, 9}};
  lf_table t = {.columns = 2, .rows = &row, .row_count = 1};
  lf_format s = {.text_colour = 0x000000, .link_colour = 0x0B4F9C};
  lf_diags d;
  lf_diags_init(&d);
  assert_int_equal(lf_check_fills(&t, &s, &d), 0);
  assert_int_equal(d.count, 0);
  cells[1] = (lf_blocks){&link_p, 1};
  assert_int_equal(lf_check_fills(&t, &s, &d), -1);
  char text[2048];
  tu_diags_text(&d, text, sizeof text);
  assert_true(tu_has(text, "t.yaml:4:9: error: fill #B0C8FF under links in #0B4F9C has a "
                           "contrast of "));
  assert_null(strstr(text, "under text"));
  lf_diags_free(&d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_contrast_ratio),
      cmocka_unit_test(test_links_found_inside_lists_callouts_and_tables),
      cmocka_unit_test(test_fill_against_text_and_links),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
