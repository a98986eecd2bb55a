/*
 * test_inline.c -- the inline markup parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "leaflet/document.h"
#include "testutil.h"

typedef struct fixture {
  lf_arena *arena;
  lf_diags diags;
  lf_inline out;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  f->arena = lf_arena_new(0);
  lf_diags_init(&f->diags);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  lf_diags_free(&f->diags);
  lf_arena_free(f->arena);
  free(f);
  return 0;
}

static int parse(fixture *f, const char *text) {
  return lf_parse_inline(f->arena, text, strlen(text), (lf_pos){"t.yaml", 3, 7}, &f->out,
                         &f->diags);
}

static void assert_run(const lf_run *r, const char *text, unsigned style) {
  assert_int_equal(r->len, strlen(text));
  assert_memory_equal(r->text, text, r->len);
  assert_int_equal(r->style, style);
}

static void error_is(fixture *f, const char *text, const char *message) {
  assert_int_equal(parse(f, text), -1);
  char buf[4096];
  assert_true(tu_has(tu_diags_text(&f->diags, buf, sizeof buf), message));
}

static void test_plain_text_collapses_space(void **state) {
  fixture *f = *state;
  assert_int_equal(parse(f, "  find and  kill\ncancer cells.   It is  "), 0);
  assert_int_equal(f->out.count, 1);
  assert_run(&f->out.runs[0], "find and kill cancer cells. It is", 0);
}

/* A no-break space is kept; a run of white space holding one is one
 * no-break space (the source page's "cells.&nbsp;&nbsp; It" printed three
 * spaces wide), and one at either end is trimmed. */
static void test_no_break_space_is_kept(void **state) {
  fixture *f = *state;
  assert_int_equal(parse(f, "called\xc2\xa0Imfinzi"), 0);
  assert_run(&f->out.runs[0], "called\xc2\xa0Imfinzi", 0);
  assert_int_equal(parse(f, "\xc2\xa0" "cells.\xc2\xa0\xc2\xa0 It \xc2\xa0" "is\xc2\xa0"), 0);
  assert_int_equal(f->out.count, 1);
  assert_run(&f->out.runs[0], "cells.\xc2\xa0It\xc2\xa0" "is", 0);
}

/* Line and paragraph separators are white space; soft hyphens are dropped
 * (they used to print as "onetwo" and as a visible hyphen). */
static void test_separators_and_soft_hyphens(void **state) {
  fixture *f = *state;
  assert_int_equal(parse(f, "one\xe2\x80\xa8two\xe2\x80\xa9 three soft\xc2\xadhyphen"), 0);
  assert_int_equal(f->out.count, 1);
  assert_run(&f->out.runs[0], "one two three softhyphen", 0);
  assert_int_equal(parse(f, "[a\xe2\x80\xa8" "b\xc2\xad](https://x.org)"), 0);
  assert_run(&f->out.runs[0], "a b", LF_RUN_LINK);
}

static void test_strong(void **state) {
  fixture *f = *state;
  assert_int_equal(parse(f, "Take **two tablets** a day"), 0);
  assert_int_equal(f->out.count, 3);
  assert_run(&f->out.runs[0], "Take ", 0);
  assert_run(&f->out.runs[1], "two tablets", LF_RUN_STRONG);
  assert_run(&f->out.runs[2], " a day", 0);
}

static void test_link(void **state) {
  fixture *f = *state;
  assert_int_equal(parse(f, "See [our pages](https://example.org/a) now"), 0);
  assert_int_equal(f->out.count, 3);
  assert_run(&f->out.runs[1], "our pages", LF_RUN_LINK);
  assert_string_equal(f->out.runs[1].href, "https://example.org/a");
}

static void test_term_in_strong(void **state) {
  fixture *f = *state;
  assert_int_equal(parse(f, "**the {immune system} helps**"), 0);
  assert_int_equal(f->out.count, 3);
  assert_run(&f->out.runs[0], "the ", LF_RUN_STRONG);
  assert_run(&f->out.runs[1], "immune system", LF_RUN_STRONG | LF_RUN_TERM);
  assert_string_equal(f->out.runs[1].term, "immune system");
  assert_run(&f->out.runs[2], " helps", LF_RUN_STRONG);
}

static void test_escapes(void **state) {
  fixture *f = *state;
  assert_int_equal(parse(f, "a \\*\\*b\\*\\* \\[c\\] \\{d\\} \\\\"), 0);
  assert_int_equal(f->out.count, 1);
  assert_run(&f->out.runs[0], "a **b** [c] {d} \\", 0);
}

static void test_unclosed_strong(void **state) {
  error_is(*state, "ab **cd", "t.yaml:3:10: error: unclosed '**' (expected '**' to end the strong text)");
}

static void test_unclosed_link(void **state) {
  error_is(*state, "x [link", "t.yaml:3:9: error: unclosed '[' (expected '](address)' to end the link)");
}

static void test_link_without_address(void **state) {
  error_is(*state, "[link] here", "t.yaml:3:12: error: a link's text must be followed by '(address)'");
}

/* An address may hold parentheses that pair up, or escaped ones; it ends
 * at the ')' that closes it (it was cut at the first ')', giving the PDF a
 * broken link ".../Carcinoid_(disease"). */
static void test_link_address_with_parentheses(void **state) {
  fixture *f = *state;
  assert_int_equal(parse(f, "See [it](https://en.wikipedia.org/wiki/Carcinoid_(disease)) now"), 0);
  assert_int_equal(f->out.count, 3);
  assert_run(&f->out.runs[1], "it", LF_RUN_LINK);
  assert_string_equal(f->out.runs[1].href, "https://en.wikipedia.org/wiki/Carcinoid_(disease)");
  assert_run(&f->out.runs[2], " now", 0);
  assert_int_equal(parse(f, "[it](https://x.org/a\\)b) c"), 0);
  assert_string_equal(f->out.runs[0].href, "https://x.org/a)b");
  assert_run(&f->out.runs[1], " c", 0);
  error_is(f, "[it](https://x.org/a_(b) c", "t.yaml:3:11: error: unclosed '(' (expected ')' after the address)");
}

/* Only what a reader and a PDF viewer can follow, refused where the
 * address is written, by every command (check refused them, build printed
 * them as links: "javascript:", a file, an address without its scheme). */
static void test_link_address_scheme(void **state) {
  fixture *f = *state;
  static const char *const good[] = {"https://x.org", "http://x.org/a", "mailto:a@x.org",
                                     "tel:+448088004040"};
  for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
    char text[128];
    snprintf(text, sizeof text, "[a](%s)", good[i]);
    assert_int_equal(parse(f, text), 0);
  }
  error_is(f, "Go [here](javascript:alert(1)) now",
           "t.yaml:3:17: error: link address 'javascript:alert(1)' is not a web, email or phone "
           "address (expected https://, http://, mailto: or tel: and what follows it)");
  error_is(f, "[a](www.example.org)", "t.yaml:3:11: error: link address 'www.example.org'");
  error_is(f, "[a](ftp://x.org)", "link address 'ftp://x.org' is not");
  error_is(f, "[a](https://)", "link address 'https://' is not");
  /* a space in an address, at the space (it went into the PDF's /URI) */
  error_is(f, "[a](https://x.org/net type)",
           "t.yaml:3:28: error: link address 'https://x.org/net type' has a space in it "
           "(expected an address with no spaces: %20 where it holds one)");
}

/* A link with no words (they are what is printed and read out) is an error
 * at its '[' (it vanished, its address and link with it). */
static void test_link_without_words(void **state) {
  error_is(*state, "See [](https://x.org/a) now",
           "t.yaml:3:11: error: a link needs words to show (expected '[words](address)'");
  error_is(*state, "See [ \xc2\xa0](https://x.org/a) now", "t.yaml:3:11: error: a link needs words");
}

/* Markup inside a link's words is an error where it is: it was printed
 * as it stood ("**Call us**"), a term in it left out of the glossary. A
 * strong link is '**[words](address)**'; an escaped character is fine. */
static void test_markup_in_link_words(void **state) {
  fixture *f = *state;
  error_is(f, "[**Call us**](tel:08088004040)",
           "t.yaml:3:8: error: '**' inside a link's words (expected plain words: "
           "'**[words](address)**' makes a link strong");
  error_is(f, "[about the {immune system}](https://x.org)",
           "t.yaml:3:18: error: '{' inside a link's words");
  assert_int_equal(parse(f, "**[Call us](tel:08088004040)** or [a \\*\\* b](https://x.org)"), 0);
  assert_string_equal(lf_inline_plain(f->arena, &f->out), "Call us or a ** b");
}

static void test_nested_link(void **state) {
  error_is(*state, "[a [b](c)](d)", "error: links do not nest");
}

static void test_unclosed_term(void **state) {
  error_is(*state, "the {immune system", "t.yaml:3:11: error: unclosed '{' (expected '}' to end the glossary term or field)");
}

static void test_columns_count_characters(void **state) {
  /* the curly apostrophe is three bytes but one column */
  error_is(*state, "UK\xe2\x80\x99s **x", "t.yaml:3:12: error: unclosed '**'");
}

static void test_stray_close(void **state) {
  error_is(*state, "a } b", "t.yaml:3:9: error: unmatched '}'");
}

static void test_plain_of_runs(void **state) {
  fixture *f = *state;
  assert_int_equal(parse(f, "a **b** [c](https://d.org) {e}"), 0);
  assert_string_equal(lf_inline_plain(f->arena, &f->out), "a b c e");
}

/*
 * 'parse_yaml()' - Load 'yaml' as the file "p.yaml" and parse the markup of
 * its key 'p' with lf_parse_inline_node(); returns its result.
 */
static int parse_yaml(fixture *f, const char *yaml) {
  lf_node *root = lf_yaml_load_buffer(f->arena, "p.yaml", yaml, strlen(yaml), &f->diags);
  assert_non_null(root);
  const lf_node *p = lf_node_get(root, "p");
  assert_non_null(p);
  return lf_parse_inline_node(f->arena, p, &f->out, &f->diags);
}

/*
 * 'assert_anchor()' - Check anchor 'i' of a run: from byte 'offset' of its
 * text, written at 'line':'column' of p.yaml.
 */
static void assert_anchor(const lf_run *r, size_t i, size_t offset, int line, int column) {
  assert_true(i < r->anchor_count);
  assert_int_equal(r->anchors[i].offset, offset);
  assert_string_equal(r->anchors[i].pos.file, "p.yaml");
  assert_int_equal(r->anchors[i].pos.line, line);
  assert_int_equal(r->anchors[i].pos.column, column);
}

/*
 * 'test_anchors_where_text_and_file_part()' - A run is anchored at its
 * start and where it stops following the file: markup, collapsed spaces, an
 * escape; nowhere else.
 */
static void test_anchors_where_text_and_file_part(void **state) {
  fixture *f = *state;
  /* columns: '"' 4, T 5, ** 10, t 12, [ 19, t 20, ) 43, space 44, then
   * \\* (YAML's escaped backslash, then '*') 45 to 47 and 51 to 53 */
  assert_int_equal(parse_yaml(f, "p: \"Take **two**  [the site](https://x.org) \\\\*now\\\\*\""),
                   0);
  assert_int_equal(f->out.count, 5);
  assert_run(&f->out.runs[0], "Take ", 0);
  assert_int_equal(f->out.runs[0].anchor_count, 1);
  assert_anchor(&f->out.runs[0], 0, 0, 1, 5);
  assert_run(&f->out.runs[1], "two", LF_RUN_STRONG);
  assert_int_equal(f->out.runs[1].anchor_count, 1);
  assert_anchor(&f->out.runs[1], 0, 0, 1, 12);
  assert_run(&f->out.runs[2], " ", 0); /* two spaces made one: not written */
  assert_int_equal(f->out.runs[2].anchor_count, 0);
  assert_run(&f->out.runs[3], "the site", LF_RUN_LINK);
  assert_int_equal(f->out.runs[3].anchor_count, 1);
  assert_anchor(&f->out.runs[3], 0, 0, 1, 20);
  assert_run(&f->out.runs[4], " *now*", 0);
  assert_int_equal(f->out.runs[4].anchor_count, 3);
  assert_anchor(&f->out.runs[4], 0, 0, 1, 44);
  assert_anchor(&f->out.runs[4], 1, 1, 1, 47); /* past the backslashes */
  assert_anchor(&f->out.runs[4], 2, 5, 1, 53);
}

/*
 * 'test_anchors_of_merged_runs()' - Runs merged into one keep the anchors
 * of both, the second's moved along.
 */
static void test_anchors_of_merged_runs(void **state) {
  fixture *f = *state;
  assert_int_equal(parse_yaml(f, "p: \"one ****two\""), 0);
  assert_int_equal(f->out.count, 1);
  assert_run(&f->out.runs[0], "one two", 0);
  assert_int_equal(f->out.runs[0].anchor_count, 2);
  assert_anchor(&f->out.runs[0], 0, 0, 1, 5);
  assert_anchor(&f->out.runs[0], 1, 4, 1, 13);
}

/*
 * 'test_anchors_over_lines()' - A string over several lines is anchored at
 * each line it goes on to; accented letters count one column.
 */
static void test_anchors_over_lines(void **state) {
  fixture *f = *state;
  assert_int_equal(parse_yaml(f, "p: >\n  caf\xc3\xa9 **two**\n  three\n"), 0);
  assert_int_equal(f->out.count, 3);
  assert_run(&f->out.runs[0], "caf\xc3\xa9 ", 0);
  assert_anchor(&f->out.runs[0], 0, 0, 2, 3);
  assert_anchor(&f->out.runs[1], 0, 0, 2, 10);
  assert_run(&f->out.runs[2], " three", 0);
  assert_int_equal(f->out.runs[2].anchor_count, 2);
  assert_anchor(&f->out.runs[2], 1, 1, 3, 3);
}

/*
 * 'test_no_anchors_unplaced()' - Text given without a node, or a string
 * the loader could not match with its file, has no anchors.
 */
static void test_no_anchors_unplaced(void **state) {
  fixture *f = *state;
  assert_int_equal(parse(f, "plain **text**"), 0);
  for (size_t i = 0; i < f->out.count; i++) {
    assert_null(f->out.runs[i].anchors);
    assert_int_equal(f->out.runs[i].anchor_count, 0);
  }
  assert_int_equal(parse_yaml(f, "p: \"one\xe2\x80\xa8two\""), 0);
  assert_run(&f->out.runs[0], "one two", 0);
  assert_int_equal(f->out.runs[0].anchor_count, 0);
}

/*
 * 'test_errors_placed_by_spans()' - Markup errors in a string over several
 * lines or after an escape are placed where they are written.
 */
static void test_errors_placed_by_spans(void **state) {
  fixture *f = *state;
  char buf[4096];
  assert_int_equal(parse_yaml(f, "p: >\n  one\n  two [x\n"), -1);
  assert_true(tu_has(tu_diags_text(&f->diags, buf, sizeof buf),
                     "p.yaml:3:7: error: unclosed '['"));
  /* '"' 4, \ 5, " 6, q 7, \ 8, " 9, space 10, } 11 */
  assert_int_equal(parse_yaml(f, "p: \"\\\"q\\\" }\""), -1);
  assert_true(tu_has(tu_diags_text(&f->diags, buf, sizeof buf),
                     "p.yaml:1:11: error: unmatched '}'"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_plain_text_collapses_space, setup, teardown),
      cmocka_unit_test_setup_teardown(test_no_break_space_is_kept, setup, teardown),
      cmocka_unit_test_setup_teardown(test_separators_and_soft_hyphens, setup, teardown),
      cmocka_unit_test_setup_teardown(test_strong, setup, teardown),
      cmocka_unit_test_setup_teardown(test_link, setup, teardown),
      cmocka_unit_test_setup_teardown(test_term_in_strong, setup, teardown),
      cmocka_unit_test_setup_teardown(test_escapes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unclosed_strong, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unclosed_link, setup, teardown),
      cmocka_unit_test_setup_teardown(test_link_without_address, setup, teardown),
      cmocka_unit_test_setup_teardown(test_link_address_with_parentheses, setup, teardown),
      cmocka_unit_test_setup_teardown(test_link_address_scheme, setup, teardown),
      cmocka_unit_test_setup_teardown(test_link_without_words, setup, teardown),
      cmocka_unit_test_setup_teardown(test_markup_in_link_words, setup, teardown),
      cmocka_unit_test_setup_teardown(test_nested_link, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unclosed_term, setup, teardown),
      cmocka_unit_test_setup_teardown(test_columns_count_characters, setup, teardown),
      cmocka_unit_test_setup_teardown(test_stray_close, setup, teardown),
      cmocka_unit_test_setup_teardown(test_plain_of_runs, setup, teardown),
      cmocka_unit_test_setup_teardown(test_anchors_where_text_and_file_part, setup, teardown),
      cmocka_unit_test_setup_teardown(test_anchors_of_merged_runs, setup, teardown),
      cmocka_unit_test_setup_teardown(test_anchors_over_lines, setup, teardown),
      cmocka_unit_test_setup_teardown(test_no_anchors_unplaced, setup, teardown),
      cmocka_unit_test_setup_teardown(test_errors_placed_by_spans, setup, teardown),
  };
  return cmocka_run_group_tests_name("inline", tests, NULL, NULL);
}
