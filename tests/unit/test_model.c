/*
 * test_model.c -- the content model: a content folder to typed records,
 * with every error path and its exact message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "leaflet/language.h"
#include "leaflet/model.h"
#include "content_fixture.h"

typedef content_fixture fixture;

static lf_content *load(fixture *f) {
  lf_content *c = lf_content_load(f->arena, f->dir, &f->diags);
  tu_diags_text(&f->diags, f->text, sizeof f->text);
  return c;
}

/* Expect an error 'message' at 'rel:line:column'. */
static void expect_error(fixture *f, const char *rel, int line, int column, const char *message) {
  char want[1024];
  snprintf(want, sizeof want, "%s/%s:%d:%d: error: %s", f->dir, rel, line, column, message);
  assert_true(tu_has(f->text, want));
}

static void test_valid_content_loads(void **state) {
  fixture *f = *state;
  lf_content *c = load(f);
  assert_non_null(c);
  assert_int_equal(f->diags.errors, 0);
  assert_int_equal(c->drug_count, 2);
  assert_string_equal(c->drugs[0].id, "everolimus"); /* files are read in name order */
  const lf_leaflet *l = lf_content_leaflet(c, "drugs");
  assert_non_null(l);
  assert_int_equal(l->edition_count, 1);
  assert_int_equal(l->editions[0].drug_count, 2);
  assert_string_equal(l->language, "en-GB");
  assert_int_equal(l->next_review.year, 2028);
  const lf_format *s = lf_content_format(c, "standard");
  assert_non_null(s);
  assert_float_equal(s->body_size, 12, 1e-9);
  assert_float_equal(s->page_width, 595.2756, 1e-3);
  assert_float_equal(s->margin_left, 25 * 72 / 25.4, 1e-9);
  assert_non_null(lf_content_term(c, "immune\xc2\xa0system")); /* NBSP matches space */
}

static void test_unknown_key_suggests(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "drugs/sunitinib.yaml", replace_in(fixture_drug, "name:", "nmae:"));
  assert_null(load(f));
  expect_error(f, "drugs/sunitinib.yaml", 2, 1, "unknown key 'nmae' in a drug (did you mean 'name'?)");
  expect_error(f, "drugs/sunitinib.yaml", 1, 1, "a drug has no 'name' (expected 'name: ...'; it is required)");
}

static void test_unknown_key_lists_expected(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "fragments/coping.yaml", "id: coping\nzzzzzz: 1\nbody: [x]\n");
  assert_null(load(f));
  expect_error(f, "fragments/coping.yaml", 2, 1, "unknown key 'zzzzzz' in a fragment (expected id or body)");
}

static void test_id_must_match_file(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "drugs/sunitinib.yaml", replace_in(fixture_drug, "id: sunitinib", "id: sunitinb"));
  assert_null(load(f));
  expect_error(f, "drugs/sunitinib.yaml", 1, 5, "id 'sunitinb' does not match the file name (expected 'sunitinib')");
}

/* A file name that is not an id: rename the file (it was told to make
 * the id 'Sunitinib', which the id rule refuses). */
static void test_file_name_not_an_id(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "drugs/Everolimus.yaml", "id: everolimus\nname: Everolimus\nkind: targeted\n"
           "how_you_have_it: Tablets.\nhow_it_works: [p: It works.]\n");
  assert_null(load(f));
  expect_error(f, "drugs/Everolimus.yaml", 1, 5, "id 'everolimus' does not match the file name "
               "'Everolimus.yaml', which is not an id (expected the file named 'everolimus.yaml'");
}

static void test_id_form(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "tumours/Bad_Id.yaml", "id: Bad_Id\nname: x\ngroup: NET\n");
  assert_null(load(f));
  expect_error(f, "tumours/Bad_Id.yaml", 1, 5, "id 'Bad_Id' is not valid (expected lowercase letters, digits and '-')");
}

/* 'test_font_paths_whatever_the_folder_is_called()' - Font paths are
 * relative to the folder holding the content folder however that folder
 * is written: "DIR/" (as tab completion types it) and "DIR/." are "DIR"
 * (they were looked for inside DIR, and every build failed), and "." or
 * ".." the folder above them. */
static void test_font_paths_whatever_the_folder_is_called(void **state) {
  fixture *f = *state;
  char parent[512];
  snprintf(parent, sizeof parent, "%s", f->dir);
  *strrchr(parent, '/') = 0;
  char want[640];
  snprintf(want, sizeof want, "%s/fonts/AtkinsonHyperlegible-Regular.ttf", parent);
  const char *forms[] = {"%s", "%s/", "%s//", "%s/.", "%s/./"};
  for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
    char dir[600];
    snprintf(dir, sizeof dir, forms[i], f->dir);
    lf_diags_free(&f->diags);
    lf_diags_init(&f->diags);
    lf_content *c = lf_content_load(f->arena, dir, &f->diags);
    assert_non_null(c);
    const lf_format *fmt = lf_content_format(c, "standard");
    assert_non_null(fmt);
    if (strcmp(fmt->font_paths[0], want) != 0)
      fail_msg("--content '%s': font at '%s' (expected '%s')", dir, fmt->font_paths[0], want);
  }
  /* "." from inside the content folder: the folder above it */
  char cwd[1024];
  assert_non_null(getcwd(cwd, sizeof cwd));
  assert_int_equal(chdir(f->dir), 0);
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  lf_content *c = lf_content_load(f->arena, ".", &f->diags);
  assert_int_equal(chdir(cwd), 0);
  assert_non_null(c);
  assert_string_equal(lf_content_format(c, "standard")->font_paths[0],
                      "./../fonts/AtkinsonHyperlegible-Regular.ttf");
}

/* 'test_id_length()' - An id of 65 characters is refused where it is
 * written (the server's addresses took only 64: its leaflet was listed
 * with a link that answered 404); 64 is loaded. */
static void test_id_length(void **state) {
  fixture *f = *state;
  char id[80], text[200], file[120];
  memset(id, 'a', 65);
  id[65] = 0;
  snprintf(text, sizeof text, "id: %s\nname: x\ngroup: NET\n", id);
  snprintf(file, sizeof file, "tumours/%s.yaml", id);
  tu_write(f->dir, file, text);
  assert_null(load(f));
  expect_error(f, file, 1, 5, "id 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is 65 characters long "
               "(expected at most 64)");
  char path[400];
  snprintf(path, sizeof path, "%s/%s", f->dir, file);
  unlink(path);
  id[64] = 0;
  snprintf(text, sizeof text, "id: %s\nname: x\ngroup: NET\n", id);
  snprintf(file, sizeof file, "tumours/%s.yaml", id);
  tu_write(f->dir, file, text);
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  assert_non_null(load(f));
}

static void test_wrong_kind(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "drugs/sunitinib.yaml", replace_in(fixture_drug, "kind: targeted", "kind: magic"));
  assert_null(load(f));
  expect_error(f, "drugs/sunitinib.yaml", 4, 7, "unknown drug kind 'magic' (expected targeted, immunotherapy, both, hormone, chemotherapy or other)");
}

static void test_wrong_type(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "drugs/sunitinib.yaml", replace_in(fixture_drug, "name: Sunitinib", "name: [a, b]"));
  assert_null(load(f));
  expect_error(f, "drugs/sunitinib.yaml", 2, 7, "'name' must be a string, not a list");
}

/* 'test_contact_addresses()' - The contact's web address and email are
 * what a reader can use: a web address without its scheme or with a
 * space is an error at it (it became a link to nowhere), as is an email
 * without '@'. */
static void test_contact_addresses(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/drugs.yaml",
           replace_in(fixture_template, "  phone: \"0808 800 4040\"\n",
                      "  phone: \"0808 800 4040\"\n  web: www.example.org\n"));
  lf_content *c = load(f);
  assert_non_null(c);
  assert_int_equal(c->broken_count, 1);
  expect_error(f, "leaflets/drugs.yaml", 13, 8,
               "contact 'web' is 'www.example.org' (expected a web address starting https://, "
               "with no spaces)");
  tu_write(f->dir, "leaflets/drugs.yaml",
           replace_in(fixture_template, "  phone: \"0808 800 4040\"\n",
                      "  phone: \"0808 800 4040\"\n  email: nurses at example.org\n"));
  c = load(f);
  assert_non_null(c);
  assert_int_equal(c->broken_count, 1);
  expect_error(f, "leaflets/drugs.yaml", 13, 10, "contact 'email' is 'nurses at example.org'");
}

/* 'test_drug_named_twice()' - A drug named twice in an edition is an error
 * at the second (its section was printed twice). */
static void test_drug_named_twice(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/drugs.yaml",
           replace_in(fixture_template, "drugs: [sunitinib, everolimus]",
                      "drugs: [sunitinib, everolimus, sunitinib]"));
  lf_content *c = load(f);
  assert_non_null(c);
  assert_int_equal(c->broken_count, 1);
  expect_error(f, "leaflets/drugs.yaml", 6, 36,
               "drug 'sunitinib' is named twice in this edition (expected each drug once; "
               "first at line 6)");
}

static void test_bad_date(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/drugs.yaml", replace_in(fixture_template, "2028-02-26", "2028-02-30"));
  lf_content *c = load(f);
  assert_non_null(c); /* a broken leaflet stops only itself */
  assert_int_equal(c->leaflet_count, 0);
  assert_int_equal(c->broken_count, 1);
  assert_string_equal(c->broken_leaflets[0], "drugs");
  expect_error(f, "leaflets/drugs.yaml", 9, 16, "'2028-02-30' is not a date (expected YYYY-MM-DD, a real calendar date from 1900)");
}

static void test_review_order(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/drugs.yaml", replace_in(fixture_template, "2028-02-26", "2024-01-01"));
  load(f);
  expect_error(f, "leaflets/drugs.yaml", 9, 16, "next_review is not after last_reviewed (expected a later date)");
  /* the same day is no review period either (it passed) */
  tu_write(f->dir, "leaflets/drugs.yaml", replace_in(fixture_template, "2028-02-26", "2025-02-26"));
  load(f);
  expect_error(f, "leaflets/drugs.yaml", 9, 16, "next_review is not after last_reviewed");
}

/*
 * 'assert_only_broken()' - The content loaded, leaflet 'id' among the broken
 * ones and not among those to build, and leaflet 'other' still there: an
 * edition naming a drug or tumour that is not there stops its own leaflet
 * only (it once stopped every leaflet: nothing was built).
 */
static void assert_only_broken(const lf_content *c, const char *id, const char *other) {
  assert_non_null(c);
  assert_null(lf_content_leaflet(c, id));
  assert_non_null(lf_content_leaflet(c, other));
  int broken = 0;
  for (size_t i = 0; i < c->broken_count; i++)
    broken |= strcmp(c->broken_leaflets[i], id) == 0;
  assert_true(broken);
}

static const char other_leaflet[] =
    "id: other\ntitle: Other\nreview: {last_reviewed: 2025-01-01, next_review: 2026-01-01}\n"
    "body:\n  - p: Fine.\n";

static void test_missing_drug_in_edition(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/drugs.yaml", replace_in(fixture_template, "[sunitinib,", "[sunitnib,"));
  tu_write(f->dir, "leaflets/other.yaml", other_leaflet);
  assert_only_broken(load(f), "drugs", "other");
  expect_error(f, "leaflets/drugs.yaml", 6, 13, "no drug 'sunitnib' (did you mean 'sunitinib'?)");
}

static void test_missing_tumour_in_edition(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/drugs.yaml", replace_in(fixture_template, "tumour: pancreatic-net", "tumour: lung"));
  tu_write(f->dir, "leaflets/other.yaml", other_leaflet);
  assert_only_broken(load(f), "drugs", "other");
  expect_error(f, "leaflets/drugs.yaml", 5, 13, "no tumour type 'lung' (expected the id of a file in tumours/)");
}

static void test_duplicate_id(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "drugs/copy.yaml", replace_in(fixture_drug, "id: sunitinib", "id: copy"));
  tu_write(f->dir, "drugs/copy.yaml", replace_in(fixture_drug, "sunitinib", "copy"));
  assert_non_null(load(f)); /* different ids: fine */
}

/* A drug or tumour file with errors of its own is not also reported
 * missing where a leaflet names it; a tumour's name or group of the wrong
 * type is reported once. */
static void test_broken_file_not_missing_too(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "drugs/sunitinib.yaml", "just words\n");
  tu_write(f->dir, "tumours/pancreatic-net.yaml",
           "id: pancreatic-net\nname: [a]\ngroup: {b: c}\nshort_name: [d]\n");
  assert_null(load(f));
  expect_error(f, "drugs/sunitinib.yaml", 1, 1,
               "the file holds a string (expected a drug: a mapping with id, name, kind, "
               "how_it_works and how_you_have_it)");
  expect_error(f, "tumours/pancreatic-net.yaml", 2, 7, "'name' must be a string, not a list");
  expect_error(f, "tumours/pancreatic-net.yaml", 4, 13,
               "'short_name' must be a string, not a list");
  assert_null(strstr(f->text, "no drug"));
  assert_null(strstr(f->text, "no tumour type"));
  assert_int_equal(f->diags.errors, 4);
}

/* Numbers in a print format are plain decimals: strtod() would also take
 * hex, "inf", "nan" and leading spaces. */
static void test_format_numbers_are_decimal(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "styles/standard.yaml", replace_in(fixture_format, "body_size: 12", "body_size: \"0x10\""));
  assert_null(load(f));
  expect_error(f, "styles/standard.yaml", 3, 12, "'body_size' must be a number");
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  tu_write(f->dir, "styles/standard.yaml", replace_in(fixture_format, "body_size: 12", "body_size: 1.2e1"));
  assert_non_null(load(f));
}

static void test_format_values(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "styles/standard.yaml", replace_in(fixture_format, "body_size: 12", "body_size: 200"));
  assert_null(load(f));
  expect_error(f, "styles/standard.yaml", 3, 12, "'body_size' is 200 (expected 6 to 96)");
}

static void test_large_print_spacing(void **state) {
  fixture *f = *state;
  const char *big = replace_in(fixture_format, "body_size: 12", "body_size: 18");
  char copy[8192];
  snprintf(copy, sizeof copy, "%s", big);
  tu_write(f->dir, "styles/standard.yaml", replace_in(copy, "line_spacing: 1.4", "line_spacing: 1.2"));
  assert_null(load(f));
  expect_error(f, "styles/standard.yaml", 4, 15, "line_spacing 1.2 is too tight for large print (expected at least 1.5 at 18 pt)");
}

static void test_paragraph_space(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "styles/standard.yaml", replace_in(fixture_format, "paragraph_space: 1.0", "paragraph_space: 0.5"));
  assert_null(load(f));
  expect_error(f, "styles/standard.yaml", 7, 18, "paragraph_space 0.5 is less than a blank line (expected at least 1)");
}

static void test_format_colour(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "styles/standard.yaml", replace_in(fixture_format, "#0B4F9C", "blue"));
  assert_null(load(f));
  assert_true(tu_has(f->text, "error: link must be a colour written #RRGGBB"));
}

/* Colours too pale to read, on the paper or in a callout, are errors at
 * their place, saying the ratio and what is expected; the format's own
 * pass. */
static void test_format_colour_contrast(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "styles/standard.yaml",
           replace_in(fixture_format,
                      "link: \"#0B4F9C\", callout_border: \"#000000\", callout_fill: \"#FFFFFF\"",
                      "link: \"#7799CC\", callout_border: \"#DDDDDD\", callout_fill: \"#606060\""));
  assert_null(load(f));
  assert_true(tu_has(f->text, "error: 'link' #7799CC with white paper #FFFFFF has a contrast "
                              "of 2.9:1 (expected at least 7:1 for links, so that it reads "
                              "for people with low vision)"));
  assert_true(tu_has(f->text, "error: 'callout_fill' #606060 with text #000000 has a contrast "
                              "of 3.3:1 (expected at least 7:1 for a callout's text"));
  assert_true(tu_has(f->text, "error: 'callout_fill' #606060 with links #7799CC"));
  assert_true(tu_has(f->text, "error: 'callout_border' #DDDDDD with white paper #FFFFFF has a "
                              "contrast of 1.3:1 (expected at least 3:1 for a callout's "
                              "outline"));
  assert_null(strstr(f->text, "error: 'text'")); /* black on white passes */
}

/* A leaflet with nothing in its body, and one whose first block lost the
 * space after its '-' (YAML reads "-p: text" as a key), say so at the
 * place (once the one built an empty leaflet, the other said only that
 * 'body' must be a list). */
static void test_body_empty_or_dash_without_space(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/empty.yaml",
           "id: empty\ntitle: Empty\nreview: {last_reviewed: 2025-01-01, next_review: 2026-01-01}\n"
           "body: []\n");
  tu_write(f->dir, "leaflets/dash.yaml",
           "id: dash\ntitle: Dash\nreview: {last_reviewed: 2025-01-01, next_review: 2026-01-01}\n"
           "body:\n  -p: Hello\n");
  load(f);
  expect_error(f, "leaflets/empty.yaml", 4, 7,
               "'body' is empty (expected the leaflet's blocks, such as '- p: text')");
  expect_error(f, "leaflets/dash.yaml", 5, 3,
               "a '-' needs a space after it to start a list item (expected '- item')");
}

/* A content file named .yml is an error at it, and its leaflet is broken
 * (once it was passed over without a word). */
static void test_yml_file_is_refused(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/other.yml",
           "id: other\ntitle: Other\nreview: {last_reviewed: 2025-01-01, next_review: 2026-01-01}\n"
           "body:\n  - p: Hello\n");
  /* and one named .YAML (it was passed over without a word) */
  tu_write(f->dir, "drugs/extra.YAML", "id: extra\nname: Extra\n");
  lf_content *c = load(f);
  expect_error(f, "leaflets/other.yml", 1, 1,
               "this file is not read: content files end in .yaml (expected other.yaml)");
  expect_error(f, "drugs/extra.YAML", 1, 1,
               "this file is not read: content files end in .yaml (expected extra.yaml)");
  assert_null(c); /* a shared file not read: the content would be missing it */
}

/* Sizes as people write them: whole or half points, 12 to 48, with or
 * without "pt"; no sign, hex, exponent or quarter points. */
static void test_body_size_parse(void **state) {
  (void)state;
  static const struct {
    const char *text;
    double pt; /* 0: refused */
  } cases[] = {{"20", 20},   {"20.5", 20.5}, {"20pt", 20},  {"20 pt", 20}, {"12", 12},
               {"48", 48},   {"11.5", 0},    {"48.5", 0},   {"0x14", 0},   {"2e1", 0},
               {"20.25", 0}, {"20.", 0},     {".5", 0},     {"-20", 0},    {"+20", 0},
               {"", 0},      {"20px", 0},    {"20.5.5", 0}, {"pt", 0},     {"18PT", 18},
               {"18 Pt", 18},     {"11.9999999999999999999", 0}, {"47.99999999999999999", 0},
               {"20.50", 20.5},  {"20.000", 20},   {"20.05", 0},  {"0020", 20}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    double pt = -1;
    int rc = lf_body_size_parse(cases[i].text, &pt);
    if (cases[i].pt > 0) {
      assert_int_equal(rc, 0);
      assert_float_equal(pt, cases[i].pt, 1e-12);
    } else {
      assert_int_equal(rc, -1);
      assert_float_equal(pt, -1, 0);
    }
  }
}

static void test_yaml_error_is_reported(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "tumours/pancreatic-net.yaml", "id: [unclosed\n");
  assert_null(load(f));
  expect_error(f, "tumours/pancreatic-net.yaml", 1, 5,
               "the list that opens with '[' here is not closed (expected ',' or ']' before "
               "the end of the file)");
}

/* An empty file of each kind says, at 1:1, what it should hold. */
static void test_empty_file_says_what_it_should_hold(void **state) {
  static const struct {
    const char *rel, *holds;
  } files[] = {
      {"drugs/sunitinib.yaml",
       "a drug: a mapping with id, name, kind, how_it_works and how_you_have_it"},
      {"tumours/pancreatic-net.yaml", "a tumour type: a mapping with id, name and group"},
      {"fragments/coping.yaml", "a fragment: a mapping with id and body"},
      {"leaflets/drugs.yaml", "a leaflet: a mapping with id, title, review and body"},
      {"styles/standard.yaml",
       "a print format: a mapping with name, paper, body_size, line_spacing, margins, "
       "headings, paragraph_space, list_indent, footer_size, rule_width, colours and fonts"},
      {"glossary.yaml", "the glossary: a mapping of terms to their definitions"},
  };
  fixture *f = *state;
  char message[512];
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
    tu_write(f->dir, files[i].rel, i % 2 ? "# to do\n" : "\xEF\xBB\xBF");
  assert_null(load(f));
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    snprintf(message, sizeof message, "the file is empty (expected %s)", files[i].holds);
    expect_error(f, files[i].rel, 1, 1, message);
  }
}

/* Two glossary keys that are one term (a no-break space for a space, as
 * terms are matched): an error at the second (it was never used, and a
 * warning said the term was used by no leaflet). */
static void test_glossary_term_twice(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "glossary.yaml",
           "immune\xc2\xa0system: The body's defence against infection.\n"
           "digestive system: The organs that turn food into energy.\n"
           "immune system: Another definition.\n");
  assert_null(load(f));
  expect_error(f, "glossary.yaml", 3, 1,
               "glossary term 'immune system' is defined twice (first at line 1; a no-break "
               "space and a space count as the same)");
}

/* A file holding a list or a string where a mapping belongs. */
static void test_root_of_wrong_kind(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/list.yaml", "# a leaflet\n- id: list\n- title: x\n");
  tu_write(f->dir, "glossary.yaml", "immune system\n");
  assert_null(load(f));
  expect_error(f, "leaflets/list.yaml", 2, 1,
               "the file holds a list (expected a leaflet: a mapping with id, title, review and "
               "body)");
  expect_error(f, "glossary.yaml", 1, 1,
               "the file holds a string (expected the glossary: a mapping of terms to their "
               "definitions)");
}

static void test_missing_folder(void **state) {
  fixture *f = *state;
  lf_content *c = lf_content_load(f->arena, "/nonexistent/content", &f->diags);
  assert_null(c);
  tu_diags_text(&f->diags, f->text, sizeof f->text);
  assert_true(tu_has(f->text, "/nonexistent/content: error: no content folder here"));
}

static void test_dates(void **state) {
  (void)state;
  lf_date d;
  assert_int_equal(lf_date_parse("2024-02-29", &d), 0);
  assert_int_equal(lf_date_parse("2023-02-29", &d), -1);
  assert_int_equal(lf_date_parse("9999-99-99", &d), -1);
  assert_int_equal(lf_date_parse("2024-1-01", &d), -1);
  char buf[32];
  lf_date_parse("2025-02-26", &d);
  assert_string_equal(lf_date_format(d, buf, sizeof buf), "26 Feb 2025");
}

static void test_scaled_format(void **state) {
  fixture *f = *state;
  lf_content *c = load(f);
  lf_format s = lf_format_scaled(f->arena, lf_content_format(c, "standard"), 24);
  assert_float_equal(s.body_size, 24, 1e-9);
  assert_float_equal(s.rule_width, 3, 1e-9);
  assert_string_equal(s.name, "24pt");
  /* the margins stay the base's: growing with the type, they narrowed the
   * measure until words no longer fit it */
  assert_float_equal(s.margin_left, 25 * 72 / 25.4, 1e-9);
  assert_float_equal(s.margin_right, 25 * 72 / 25.4, 1e-9);
  assert_float_equal(s.margin_top, 20 * 72 / 25.4, 1e-9);
  assert_float_equal(s.margin_bottom, 20 * 72 / 25.4, 1e-9);
}

/*
 * 'test_braille_format()' - A styles file with 'braille:' is a braille
 * format (cells, lines, tables by language; page numbers and running head
 * on unless turned off); its own keys are checked; sizes are scaled from
 * a print format, never from it.
 */
static void test_braille_format(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "styles/braille.yaml",
           "name: braille\nbraille:\n  cells_per_line: 40\n  lines_per_page: 25\n"
           "  running_head: false\n  tables: {en: en-ueb-g2.ctb, cy: cy-cy-g2.ctb}\n");
  lf_content *c = load(f);
  assert_non_null(c);
  const lf_format *b = lf_content_format(c, "braille");
  assert_non_null(b);
  assert_true(b->braille);
  assert_int_equal(b->cells.cells_per_line, 40);
  assert_int_equal(b->cells.lines_per_page, 25);
  assert_true(b->cells.page_numbers);
  assert_false(b->cells.running_head);
  assert_int_equal(b->cells.table_count, 2);
  assert_string_equal(b->cells.tables[1].language, "cy");
  assert_string_equal(b->cells.tables[1].table, "cy-cy-g2.ctb");
  assert_int_equal(b->cells.tables[1].pos.line, 6);
  assert_ptr_equal(lf_content_print_format(c, "braille"), lf_content_format(c, "standard"));
  assert_ptr_equal(lf_content_print_format(c, "standard"), lf_content_format(c, "standard"));

  tu_write(f->dir, "styles/braille.yaml",
           "name: braille\nbody_size: 12\nbraille:\n  cells_per_line: 10\n  lines_per_page: 25.5\n"
           "  tables: {english: en-ueb-g2.ctb, cy: [x]}\n");
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  assert_null(load(f));
  expect_error(f, "styles/braille.yaml", 2, 1, "unknown key 'body_size' in a braille format "
               "(expected name or braille)");
  expect_error(f, "styles/braille.yaml", 4, 19, "'cells_per_line' is 10 (expected 20 to 100)");
  expect_error(f, "styles/braille.yaml", 5, 19, "'lines_per_page' is 25.5 (expected a whole number)");
  expect_error(f, "styles/braille.yaml", 6, 12, "'english' is not a language (expected a tag "
               "such as en, cy or en-GB)");
  expect_error(f, "styles/braille.yaml", 6, 40, "the table for 'cy' must be the name of a "
               "liblouis table (such as en-ueb-g2.ctb)");
}

/* 'with_language()' - The template with 'language: <tag>' as its third
 * line (so the tag starts at column 11). */
static const char *with_language(const char *tag) {
  static char buf[8192];
  char line[128];
  snprintf(line, sizeof line, "language: %s\npublisher:", tag);
  snprintf(buf, sizeof buf, "%s", replace_in(fixture_template, "publisher:", line));
  return buf;
}

/*
 * 'test_language_known()' - A leaflet's language is a BCP 47 tag whose
 * language leaflet knows: these load, and keep the tag as written.
 */
static void test_language_known(void **state) {
  fixture *f = *state;
  const char *good[] = {"ur", "cy", "en-GB", "zh-Hant-TW", "prs", "pa-Arab", "zh-Hans",
                        "sr-Latn-RS", "de-CH-1901", "en-x-plain", "UR"};
  for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
    tu_write(f->dir, "leaflets/drugs.yaml", with_language(good[i]));
    lf_diags_free(&f->diags);
    lf_diags_init(&f->diags);
    lf_content *c = load(f);
    if (!c)
      fail_msg("'%s' refused:\n%s", good[i], f->text);
    assert_string_equal(lf_content_leaflet(c, "drugs")->language, good[i]);
  }
}

/*
 * 'test_language_unknown()' - An unknown language is an error at the tag,
 * with the tag the author likely meant: a language named in full, an ISO
 * 639-2 code, '_' for '-', a misspelt name; none when nothing is near.
 */
static void test_language_unknown(void **state) {
  fixture *f = *state;
  static const struct {
    const char *tag, *message;
  } cases[] = {
      {"urdu", "unknown language 'urdu' (did you mean 'ur', Urdu?)"},
      {"Welsh", "unknown language 'Welsh' (did you mean 'cy', Welsh?)"},
      {"urd", "unknown language 'urd' (did you mean 'ur', Urdu?)"},
      {"en_GB", "unknown language 'en_GB' (did you mean 'en-GB', English?)"},
      {"Bengalli", "unknown language 'Bengalli' (did you mean 'bn', Bengali?)"},
      {"Farsi", "unknown language 'Farsi' (did you mean 'fa', Persian?)"},
      {"xq", "unknown language 'xq' (expected a BCP 47 tag whose language is an ISO 639 "
             "code, such as 'en-GB', 'cy', 'ur' or 'zh-Hant')"},
      {"en-GBR-", "unknown language 'en-GBR-' (expected a BCP 47 tag"},
      {"zh-Hant-", "unknown language 'zh-Hant-'"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    tu_write(f->dir, "leaflets/drugs.yaml", with_language(cases[i].tag));
    lf_diags_free(&f->diags);
    lf_diags_init(&f->diags);
    lf_content *c = load(f);
    assert_non_null(c); /* a broken leaflet stops only itself */
    assert_null(lf_content_leaflet(c, "drugs"));
    expect_error(f, "leaflets/drugs.yaml", 3, 11, cases[i].message);
  }
}

/* 'test_language_direction()' - Which languages are set right to left. */
static void test_language_direction(void **state) {
  (void)state;
  const char *rtl[] = {"ur", "ar", "fa", "ps", "prs", "he", "ckb", "pa-Arab", "UR-PK", "ku-Arab"};
  const char *ltr[] = {"en-GB", "cy", "pl", "pa", "bn", "zh-Hans", "ku", "ur-Latn", "ro", NULL};
  for (size_t i = 0; i < sizeof rtl / sizeof *rtl; i++)
    if (!lf_language_is_rtl(rtl[i]))
      fail_msg("'%s' should be right to left", rtl[i]);
  for (size_t i = 0; i < sizeof ltr / sizeof *ltr; i++)
    if (lf_language_is_rtl(ltr[i]))
      fail_msg("'%s' should be left to right", ltr[i] ? ltr[i] : "(null)");
  char buf[16];
  assert_string_equal(lf_language_primary("zh-Hant-TW", buf, sizeof buf), "zh");
  assert_string_equal(lf_language_script("zh-hant-TW", buf, sizeof buf), "Hant");
  assert_string_equal(lf_language_script("en-GB", buf, sizeof buf), "");
  assert_true(lf_language_same("en-GB", "EN-gb"));
  assert_false(lf_language_same("en-GB", "en"));
  assert_false(lf_language_same(NULL, "en"));
  assert_true(lf_language_same_writing("en-GB", "en"));
  assert_true(lf_language_same_writing("en-US", "EN-gb"));
  assert_false(lf_language_same_writing("zh-Hans", "zh-Hant"));
  assert_true(lf_language_same_writing("zh-Hans-CN", "zh-hans"));
  assert_false(lf_language_same_writing("pl", "en-GB"));
  assert_false(lf_language_same_writing(NULL, "en"));
}

/*
 * 'test_language_label()' - Names a nurse can tell apart and search by:
 * the script where readers differ by it (Simplified and Traditional
 * Chinese were both "Chinese"), and the other names people use.
 */
static void test_language_label(void **state) {
  (void)state;
  char buf[64];
  assert_string_equal(lf_language_label("zh-Hans", buf, sizeof buf), "Chinese (Simplified)");
  assert_string_equal(lf_language_label("zh-hant", buf, sizeof buf), "Chinese (Traditional)");
  assert_string_equal(lf_language_label("zh-TW", buf, sizeof buf), "Chinese (Traditional)");
  assert_string_equal(lf_language_label("zh-CN", buf, sizeof buf), "Chinese (Simplified)");
  assert_string_equal(lf_language_label("zh", buf, sizeof buf), "Chinese");
  assert_string_equal(lf_language_label("pa-Arab", buf, sizeof buf), "Panjabi (Shahmukhi)");
  assert_string_equal(lf_language_label("ur", buf, sizeof buf), "Urdu");
  assert_string_equal(lf_language_label("en-GB", buf, sizeof buf), "English");
  assert_null(lf_language_label("xx", buf, sizeof buf));
  assert_null(lf_language_label(NULL, buf, sizeof buf));
  assert_string_equal(lf_language_other_names("fa", buf, sizeof buf), "Farsi");
  assert_string_equal(lf_language_other_names("pa-Guru", buf, sizeof buf), "Punjabi");
  assert_string_equal(lf_language_other_names("bn", buf, sizeof buf), "Bangla");
  assert_string_equal(lf_language_other_names("zh-Hant", buf, sizeof buf), "Mandarin");
  assert_string_equal(lf_language_other_names("ro", buf, sizeof buf), "");
  char tiny[4];
  assert_string_equal(lf_language_other_names("fa", tiny, sizeof tiny), "");
}

/*
 * 'test_translation_of()' - A leaflet may say which leaflet it translates:
 * one that is there, not itself.
 */
static void test_translation_of(void **state) {
  fixture *f = *state;
  const char *cy = "id: drugs-cy\ntitle: Cyffuriau\nlanguage: cy\ntranslation_of: drugs\n"
                   "review: {last_reviewed: 2025-01-01, next_review: 2026-01-01}\n"
                   "body:\n  - p: Testun.\n";
  tu_write(f->dir, "leaflets/drugs-cy.yaml", cy);
  lf_content *c = load(f);
  assert_non_null(c);
  assert_int_equal(f->diags.errors, 0);
  assert_string_equal(lf_content_leaflet(c, "drugs-cy")->translation_of, "drugs");
  assert_null(lf_content_leaflet(c, "drugs")->translation_of);

  tu_write(f->dir, "leaflets/drugs-cy.yaml", replace_in(cy, "translation_of: drugs", "translation_of: drgs"));
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  c = load(f);
  assert_non_null(c); /* a broken leaflet stops only itself */
  assert_null(lf_content_leaflet(c, "drugs-cy"));
  assert_non_null(lf_content_leaflet(c, "drugs"));
  assert_string_equal(c->broken_leaflets[c->broken_count - 1], "drugs-cy");
  expect_error(f, "leaflets/drugs-cy.yaml", 4, 17,
               "no leaflet 'drgs' to be a translation of (did you mean 'drugs'?)");

  tu_write(f->dir, "leaflets/drugs-cy.yaml", replace_in(cy, "translation_of: drugs", "translation_of: drugs-cy"));
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  load(f);
  expect_error(f, "leaflets/drugs-cy.yaml", 4, 17,
               "leaflet 'drugs-cy' is given as a translation of itself (expected the id of the "
               "leaflet it translates)");
}

/* The fixture format with fonts for two scripts. */
static const char *with_scripts(const char *scripts) {
  static char buf[8192];
  snprintf(buf, sizeof buf, "%s  scripts:\n%s", fixture_format, scripts);
  return buf;
}

/*
 * 'test_format_scripts()' - A format names fonts per script: regular,
 * bold, a face of a collection, and a taller line for a script that needs
 * it; an unknown script, a line spacing tighter than the format's and a
 * script without its regular face are errors at their place.
 */
static void test_format_scripts(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "styles/standard.yaml",
           with_scripts("    arabic: {regular: /a/naskh.ttf, bold: /a/naskh-bold.ttf}\n"
                        "    urdu: {regular: /a/nastaliq.ttf, line_spacing: 2.2}\n"
                        "    chinese-simplified: {regular: cjk.ttc, index: 2}\n"));
  lf_content *c = load(f);
  assert_non_null(c);
  const lf_format *s = lf_content_format(c, "standard");
  assert_string_equal(s->scripts[LF_FONT_SCRIPT_ARABIC].paths[0], "/a/naskh.ttf");
  assert_string_equal(s->scripts[LF_FONT_SCRIPT_ARABIC].paths[1], "/a/naskh-bold.ttf");
  assert_float_equal(s->scripts[LF_FONT_SCRIPT_ARABIC].line_spacing, 0, 0);
  assert_null(s->scripts[LF_FONT_SCRIPT_URDU].paths[1]);
  assert_float_equal(s->scripts[LF_FONT_SCRIPT_URDU].line_spacing, 2.2, 1e-9);
  assert_int_equal(s->scripts[LF_FONT_SCRIPT_CHINESE_SIMPLIFIED].index, 2);
  assert_true(tu_has(s->scripts[LF_FONT_SCRIPT_CHINESE_SIMPLIFIED].paths[0], "/cjk.ttc"));
  assert_null(s->scripts[LF_FONT_SCRIPT_TAMIL].paths[0]);
  assert_string_equal(lf_font_script_names[LF_FONT_SCRIPT_CHINESE_TRADITIONAL],
                      "chinese-traditional");

  tu_write(f->dir, "styles/standard.yaml",
           with_scripts("    arabc: {regular: /a/naskh.ttf}\n"
                        "    urdu: {regular: /a/nastaliq.ttf, line_spacing: 1.2}\n"
                        "    tamil: {bold: /a/tamil-bold.ttf}\n"));
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  assert_null(load(f));
  expect_error(f, "styles/standard.yaml", 19, 5,
               "unknown script 'arabc' in 'scripts' (did you mean 'arabic'?)");
  expect_error(f, "styles/standard.yaml", 21, 12, "a script's fonts has no 'regular' (expected 'regular: ...'; it is required)");
}

/* 'test_script_spacing_not_tighter()' - A script's line spacing is at
 * least the format's. */
static void test_script_spacing_not_tighter(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "styles/standard.yaml",
           with_scripts("    urdu: {regular: /a/nastaliq.ttf, line_spacing: 1.2}\n"));
  assert_null(load(f));
  expect_error(f, "styles/standard.yaml", 19, 5,
               "line_spacing 1.2 for urdu is tighter than the format's 1.4 (expected at least 1.4)");
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, content_setup, content_teardown)
  const struct CMUnitTest tests[] = {
      T(test_valid_content_loads), T(test_unknown_key_suggests), T(test_unknown_key_lists_expected),
      T(test_id_must_match_file), T(test_id_form), T(test_file_name_not_an_id), T(test_glossary_term_twice), T(test_id_length), T(test_font_paths_whatever_the_folder_is_called), T(test_wrong_kind), T(test_wrong_type),
      T(test_bad_date), T(test_review_order), T(test_missing_drug_in_edition),
      T(test_missing_tumour_in_edition), T(test_duplicate_id), T(test_format_values),
      T(test_format_colour), T(test_format_colour_contrast), T(test_body_empty_or_dash_without_space), T(test_yml_file_is_refused), cmocka_unit_test(test_body_size_parse), T(test_large_print_spacing), T(test_paragraph_space),
      T(test_yaml_error_is_reported), T(test_empty_file_says_what_it_should_hold),
      T(test_root_of_wrong_kind), T(test_missing_folder),
      T(test_dates), T(test_contact_addresses), T(test_drug_named_twice), T(test_scaled_format), T(test_broken_file_not_missing_too),
      T(test_format_numbers_are_decimal), T(test_braille_format), T(test_language_known), T(test_language_unknown),
      T(test_language_direction), T(test_language_label), T(test_translation_of), T(test_format_scripts),
      T(test_script_spacing_not_tighter),
  };
  return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
