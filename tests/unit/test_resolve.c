/*
 * test_resolve.c -- the resolver: leaflets and editions to documents, and
 * the errors of ids and terms that name nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "leaflet/document.h"
#include "leaflet/words.h"
#include "content_fixture.h"

typedef content_fixture fixture;

/* Load the folder and resolve leaflet 'id'; returns lf_resolve's result. */
static int resolve(fixture *f, const char *id, lf_document **docs, size_t *n) {
  f->content = lf_content_load(f->arena, f->dir, &f->diags);
  assert_non_null(f->content);
  const lf_leaflet *l = lf_content_leaflet(f->content, id);
  assert_non_null(l);
  int rc = lf_resolve(f->arena, f->content, l, docs, n, &f->diags);
  tu_diags_text(&f->diags, f->text, sizeof f->text);
  return rc;
}

static const char *plain(fixture *f, const lf_block *b) {
  return lf_inline_plain(f->arena, &b->text);
}

/* The headings of a document as "level:text;" in order. */
static const char *outline(fixture *f, const lf_blocks *body) {
  static char buf[4096];
  buf[0] = 0;
  for (size_t i = 0; i < body->count; i++)
    if (body->items[i].kind == LF_BLOCK_HEADING) {
      char one[256];
      snprintf(one, sizeof one, "%d:%s;", body->items[i].level, plain(f, &body->items[i]));
      strcat(buf, one);
    }
  return buf;
}

static void test_template_edition(void **state) {
  fixture *f = *state;
  lf_document *docs;
  size_t n;
  assert_int_equal(resolve(f, "drugs", &docs, &n), 0);
  assert_int_equal(n, 1);
  lf_document *d = &docs[0];
  assert_string_equal(d->stem, "drugs-pancreatic-net");
  assert_string_equal(d->title, "Drugs for pancreatic neuroendocrine tumour (NET)");
  assert_string_equal(d->tumour_id, "pancreatic-net");
  assert_string_equal(outline(f, &d->body),
                      "1:Drugs for pancreatic neuroendocrine tumour (NET);2:Your drugs;"
                      "3:Sunitinib;3:Everolimus;2:Coping;2:References;2:Glossary;"
                      "2:About this leaflet;");
  assert_true(tu_has(d->keywords, "Sunitinib"));
  assert_true(tu_has(d->keywords, "pancreatic neuroendocrine tumour (NET)"));
}

static void test_drug_section_text(void **state) {
  fixture *f = *state;
  lf_document *docs;
  size_t n;
  assert_int_equal(resolve(f, "drugs", &docs, &n), 0);
  const lf_blocks *b = &docs[0].body;
  size_t i = 0;
  while (i < b->count && !(b->items[i].kind == LF_BLOCK_HEADING && b->items[i].role))
    i++;
  assert_true(i + 2 < b->count);
  assert_string_equal(b->items[i].role, "drug");
  assert_true(b->items[i].keep & LF_KEEP_WITH_NEXT);
  assert_string_equal(plain(f, &b->items[i + 1]), "Sunitinib is also called Sutent. It blocks a protein.");
  assert_string_equal(plain(f, &b->items[i + 2]), "You take capsules.");
  /* everolimus: blocks, the also-called sentence joins the first */
  assert_string_equal(plain(f, &b->items[i + 4]), "Everolimus is also called Afinitor. It stops mTOR.");
  assert_string_equal(plain(f, &b->items[i + 5]), "It slows growth.");
  assert_string_equal(plain(f, &b->items[i + 7]), "Common side effects of Everolimus include:");
  assert_int_equal(b->items[i + 8].kind, LF_BLOCK_LIST);
  assert_int_equal(b->items[i + 8].list_count, 2);
}

/*
 * 'assert_anchored()' - Check that a run has one anchor, at its start, in
 * the file whose name ends with 'file', at 'line':'column'.
 */
static void assert_anchored(const lf_run *run, const char *file, int line, int column) {
  assert_int_equal(run->anchor_count, 1);
  assert_int_equal(run->anchors[0].offset, 0);
  size_t len = strlen(run->anchors[0].pos.file);
  assert_true(len >= strlen(file));
  assert_string_equal(run->anchors[0].pos.file + len - strlen(file), file);
  assert_int_equal(run->anchors[0].pos.line, line);
  assert_int_equal(run->anchors[0].pos.column, column);
}

/*
 * 'test_runs_anchored_in_their_files()' - Text keeps where it is written
 * through the resolver: {tumour.name} in the tumour's file, a drug's text
 * in the drug's; text the resolver makes has no anchors.
 */
static void test_runs_anchored_in_their_files(void **state) {
  fixture *f = *state;
  lf_document *docs;
  size_t n;
  assert_int_equal(resolve(f, "drugs", &docs, &n), 0);
  const lf_block *title = &docs[0].body.items[0];
  assert_int_equal(title->text.count, 2);
  assert_anchored(&title->text.runs[0], "leaflets/drugs.yaml", 2, 9);
  assert_anchored(&title->text.runs[1], "tumours/pancreatic-net.yaml", 2, 7);
  const lf_blocks *b = &docs[0].body;
  size_t i = 0;
  while (i < b->count && !(b->items[i].kind == LF_BLOCK_HEADING && b->items[i].role))
    i++;
  assert_true(i + 1 < b->count);
  const lf_inline *para = &b->items[i + 1].text; /* "Sunitinib is also called ..." */
  assert_int_equal(para->count, 3);
  assert_int_equal(para->runs[0].anchor_count, 0);
  assert_int_equal(para->runs[1].anchor_count, 0);
  assert_anchored(&para->runs[2], "drugs/sunitinib.yaml", 5, 15);
}

static void test_glossary_has_terms_used(void **state) {
  fixture *f = *state;
  lf_document *docs;
  size_t n;
  assert_int_equal(resolve(f, "drugs", &docs, &n), 0);
  const lf_blocks *b = &docs[0].body;
  for (size_t i = 0; i < b->count; i++)
    if (b->items[i].role && strcmp(b->items[i].role, "glossary") == 0) {
      const lf_block *list = &b->items[i + 1];
      assert_int_equal(list->kind, LF_BLOCK_LIST);
      assert_int_equal(list->list_count, 1); /* digestive system is defined, not used */
      assert_string_equal(plain(f, &list->list_items[0].items[0]), "immune system");
      return;
    }
  fail_msg("no glossary section");
}

static void test_about_section(void **state) {
  fixture *f = *state;
  lf_document *docs;
  size_t n;
  assert_int_equal(resolve(f, "drugs", &docs, &n), 0);
  const lf_blocks *b = &docs[0].body;
  char all[4096] = "";
  /* the facts are a table of two columns: "name: value|" a row */
  for (size_t i = 0; i < b->count; i++)
    if (b->items[i].kind == LF_BLOCK_TABLE && b->items[i].role &&
        strcmp(b->items[i].role, "about") == 0) {
      const lf_table *t = b->items[i].table;
      for (size_t r = 0; r < t->row_count; r++) {
        for (size_t k = 0; k < t->columns; k++) {
          const lf_blocks *cell = &t->rows[r].cells[k];
          if (cell->count)
            strcat(all, plain(f, &cell->items[0]));
          strcat(all, k + 1 < t->columns ? ": " : "|");
        }
      }
    }
  assert_true(tu_has(all, "Last reviewed: 26 Feb 2025|Next review due: 26 Feb 2028|"));
  assert_true(tu_has(all, "Leaflet ID: drugs-pancreatic-net|Published by: Example Charity|"));
  /* the contact details come last: a table of the ways to reach the care team */
  assert_non_null(b->items[b->count - 1].role);
  assert_string_equal(b->items[b->count - 1].role, "contact");
}

static void expect_resolve_error(fixture *f, const char *from, const char *to, int line,
                                 int column, const char *message) {
  tu_write(f->dir, "leaflets/drugs.yaml", replace_in(fixture_template, from, to));
  lf_document *docs;
  size_t n;
  assert_int_equal(resolve(f, "drugs", &docs, &n), -1);
  char want[1024];
  snprintf(want, sizeof want, "%s/leaflets/drugs.yaml:%d:%d: error: %s", f->dir, line, column,
           message);
  assert_true(tu_has(f->text, want));
}

static void test_missing_fragment(void **state) {
  expect_resolve_error(*state, "include: coping", "include: copin", 17, 14,
                       "no fragment 'copin' (did you mean 'coping'?)");
}

static void test_missing_term(void **state) {
  expect_resolve_error(*state, "{immune system}", "{imune system}", 14, 23,
                       "no glossary term 'imune system' (did you mean 'immune system'?)");
}

/* A tumour field misspelt is said as the field it was meant to be, not
 * sent to the glossary; a space before a word the tumour type has no field
 * of is a term after all ("{tumour marker}" may be one not yet defined). */
static void test_misspelt_tumour_field(void **state) {
  expect_resolve_error(*state, "\"Drugs for {tumour.name}\"", "\"Drugs for {tumor.name}\"", 2,
                       19, "no glossary term 'tumor.name' (did you mean '{tumour.name}'?");
  expect_resolve_error(*state, "\"Drugs for {tumour.name}\"", "\"Drugs for {Tumour name}\"", 2,
                       19, "no glossary term 'Tumour name' (did you mean '{tumour.name}'?");
  expect_resolve_error(*state, "\"Drugs for {tumour.name}\"", "\"Drugs for {tumour marker}\"",
                       2, 19, "no glossary term 'tumour marker' (expected a term defined in "
                       "glossary.yaml)");
}

/* Editions with no drugs under a template's drug table: an error at each
 * edition, naming it and the table's line (two such editions were one
 * error at the table, naming neither). */
static void test_drug_table_edition_without_drugs(void **state) {
  fixture *f = *state;
  static char text[8192];
  snprintf(text, sizeof text, "%s",
           replace_in(fixture_template, "    drugs: [sunitinib, everolimus]\n",
                      "    drugs: []\n  - tumour: lung-net\n    drugs: []\n"));
  tu_write(f->dir, "leaflets/drugs.yaml",
           replace_in(text, "  - drugs: edition\n", "  - drug-table: edition\n"));
  tu_write(f->dir, "tumours/lung-net.yaml", "id: lung-net\nname: lung NET\ngroup: NET\n");
  f->content = lf_content_load(f->arena, f->dir, &f->diags);
  assert_non_null(f->content);
  const lf_leaflet *l = lf_content_leaflet(f->content, "drugs");
  lf_document doc;
  for (size_t e = 0; e < 2; e++)
    assert_int_equal(lf_resolve_edition(f->arena, f->content, l, e, &doc, &f->diags), -1);
  tu_diags_text(&f->diags, f->text, sizeof f->text);
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:5:13: error: edition 'pancreatic-net' has no "
                              "drugs for the drug table at line 18"));
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:7:13: error: edition 'lung-net' has no "
                              "drugs for the drug table at line 18"));
}

/* An empty list is said to be empty (it was told it "must be a list"). */
static void test_empty_list(void **state) {
  expect_resolve_error(*state, "  - h2: Your drugs\n", "  - h2: Your drugs\n  - list: []\n", 16,
                       11, "a list with no items (expected '[first, second]')");
}

static void test_unknown_block(void **state) {
  /* an h5 is told where headings stop, not "did you mean 'h2'?" */
  expect_resolve_error(*state, "- h2: Your drugs", "- h5: Your drugs", 15, 5,
                       "no heading 'h5' in a body (expected h2, h3 or h4: h1 is the leaflet's "
                       "title, and headings go down to h4)");
  expect_resolve_error(*state, "- h2: Your drugs", "- hh: Your drugs", 15, 5,
                       "unknown block 'hh' (did you mean 'h2'?)");
}

static void test_unknown_tumour_field(void **state) {
  expect_resolve_error(*state, "{tumour.name}", "{tumour.nmae}", 2, 19,
                       "tumour 'pancreatic-net' has no field 'nmae' (did you mean 'tumour.name'?)");
}

/* A callout or a list item written as an empty list is an error at its
 * place (once it printed an empty box, or a bullet with nothing after it). */
static void test_empty_callout(void **state) {
  expect_resolve_error(*state, "- h2: Your drugs", "- callout: []", 15, 14,
                       "a callout is empty (expected text, or a list of blocks)");
}

static void test_empty_list_item(void **state) {
  expect_resolve_error(*state, "- h2: Your drugs", "- list: [one, []]", 15, 17,
                       "a list item is empty (expected text, or a list of blocks)");
}

static void test_write_in_lines_out_of_range(void **state) {
  expect_resolve_error(*state, "- h2: Your drugs", "- write-in: {label: Name, lines: 0}", 15, 36,
                       "'lines' is not a whole number from 1 to 20 (expected how many lines "
                       "to write on, say 'lines: 3')");
}

static void test_edition_drugs_outside_template(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/one.yaml",
           "id: one\ntitle: One\nreview: {last_reviewed: 2025-01-01, next_review: 2026-01-01}\n"
           "body:\n  - drugs: edition\n  - p: \"{tumour.name}\"\n");
  lf_document *docs;
  size_t n;
  assert_int_equal(resolve(f, "one", &docs, &n), -1);
  assert_true(tu_has(f->text, "leaflets/one.yaml:5:5: error: 'drugs: edition' is only for a leaflet with editions (this leaflet has no 'editions'; expected 'editions:'"));
  assert_true(tu_has(f->text, "leaflets/one.yaml:6:9: error: {tumour.name} is only for a leaflet with editions"));
}

static void test_include_cycle(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "fragments/coping.yaml", "id: coping\nbody:\n  - include: coping\n");
  lf_document *docs;
  size_t n;
  assert_int_equal(resolve(f, "drugs", &docs, &n), -1);
  assert_true(tu_has(f->text, "fragments/coping.yaml:3:14: error: fragment 'coping' includes itself (expected fragments that never lead back to themselves, which would repeat without end)"));
}

/* A drug whose text holds its own section, directly or through a fragment,
 * is an error at the block (it used to recurse until the stack ran out);
 * another drug's section inside it is fine. */
static void test_drug_section_cycle(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "drugs/sunitinib.yaml",
           "id: sunitinib\nname: Sunitinib\nkind: targeted\nhow_you_have_it: Capsules.\n"
           "how_it_works:\n  - p: It works.\n  - drug: everolimus\n  - include: coping\n");
  tu_write(f->dir, "fragments/coping.yaml", "id: coping\nbody:\n  - drug: sunitinib\n");
  lf_document *docs;
  size_t n;
  assert_int_equal(resolve(f, "drugs", &docs, &n), -1);
  assert_true(tu_has(f->text, "fragments/coping.yaml:3:11: error: drug 'sunitinib' includes its own section (expected text that never leads back to the drug's own section, which would repeat without end)"));
  assert_null(strstr(f->text, "everolimus"));
}

/* A document past 20,000 blocks or 2 MiB of text is an error at the block
 * that passes the limit (it used to run the arena out of memory, an error
 * with no place, after a thousand pages). */
static void test_document_limits(void **state) {
  fixture *f = *state;
  size_t items = 20005, size = 200 + items * 24;
  char *text = malloc(size);
  assert_non_null(text);
  size_t at = (size_t)snprintf(text, size, "id: one\ntitle: One\nreview: {last_reviewed: "
                               "2025-01-01, next_review: 2026-01-01}\nbody:\n  - list:\n");
  for (size_t i = 0; i < items; i++)
    at += (size_t)snprintf(text + at, size - at, "    - item %zu\n", i);
  tu_write(f->dir, "leaflets/one.yaml", text);
  free(text);
  lf_document *docs;
  size_t n;
  assert_int_equal(resolve(f, "one", &docs, &n), -1);
  /* the title is block 1 and the list block 2: item 19,999 (line 20,004) is
   * block 20,001 */
  assert_true(tu_has(f->text, "leaflets/one.yaml:20004:7: error: leaflet 'one' is too long: "
                              "more than 20000 blocks (the limit is 20000; split it into "
                              "several leaflets)"));
  assert_int_equal(f->diags.errors, 1);

  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  size = ((size_t)2 << 20) + 4096;
  text = malloc(size);
  assert_non_null(text);
  at = (size_t)snprintf(text, size, "id: two\ntitle: Two\nreview: {last_reviewed: "
                        "2025-01-01, next_review: 2026-01-01}\nbody:\n  - p: ");
  memset(text + at, 'x', (size_t)1 << 20);
  at += (size_t)1 << 20;
  at += (size_t)snprintf(text + at, size - at, "\n  - p: ");
  memset(text + at, 'y', (size_t)1 << 20);
  at += (size_t)1 << 20;
  snprintf(text + at, size - at, "\n");
  tu_write(f->dir, "leaflets/two.yaml", text);
  free(text);
  f->content = lf_content_load(f->arena, f->dir, &f->diags);
  assert_non_null(f->content);
  assert_int_equal(lf_resolve(f->arena, f->content, lf_content_leaflet(f->content, "two"), &docs,
                              &n, &f->diags), -1);
  tu_diags_text(&f->diags, f->text, sizeof f->text);
  assert_true(tu_has(f->text, "leaflets/two.yaml:6:8: error: leaflet 'two' is too long: more "
                              "than 2 MiB of text (the limit is 2 MiB; split it into several "
                              "leaflets)"));
}

/* An edition's text that asks for the edition's text is an error at the
 * inner 'edition-text' (it recursed until the stack ran out: every command
 * that read the content crashed). */
static void test_edition_text_inside_itself(void **state) {
  fixture *f = *state;
  static char text[8192 + 256];
  snprintf(text, sizeof text, "%s", replace_in(fixture_template, "    drugs: [sunitinib, "
           "everolimus]\n", "    drugs: [sunitinib, everolimus]\n    text:\n      - p: Hello.\n"
           "      - edition-text: true\n"));
  tu_write(f->dir, "leaflets/drugs.yaml",
           replace_in(text, "  - drugs: edition\n", "  - drugs: edition\n  - edition-text: true\n"));
  lf_document *docs;
  size_t n;
  assert_int_equal(resolve(f, "drugs", &docs, &n), -1);
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:9:9: error: 'edition-text' inside an "
                              "edition's own text would repeat it without end"));
}

/* Fragments that each include the next ten times (a "billion laughs" of
 * includes, 10^10 blocks): one error at the 20,001st block, at once (the
 * resolver went on through every include, for hours). */
static void test_includes_fanning_out_stop_at_the_limit(void **state) {
  fixture *f = *state;
  for (int i = 0; i < 10; i++) {
    char name[64], text[512];
    int at = snprintf(text, sizeof text, "id: f%d\nbody:\n", i);
    for (int k = 0; k < 10; k++)
      at += snprintf(text + at, sizeof text - (size_t)at, "  - include: f%d\n", i + 1);
    snprintf(name, sizeof name, "fragments/f%d.yaml", i);
    tu_write(f->dir, name, text);
  }
  tu_write(f->dir, "fragments/f10.yaml", "id: f10\nbody:\n  - p: Hello.\n");
  tu_write(f->dir, "leaflets/one.yaml",
           "id: one\ntitle: One\nreview: {last_reviewed: 2025-01-01, next_review: 2026-01-01}\n"
           "body:\n  - include: f0\n");
  lf_document *docs;
  size_t n;
  assert_int_equal(resolve(f, "one", &docs, &n), -1);
  assert_true(tu_has(f->text, "error: leaflet 'one' is too long: more than 20000 blocks"));
  assert_int_equal(f->diags.errors, 1);
  assert_null(strstr(f->text, "out of memory"));
}

static void test_drug_level_and_contact(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/one.yaml",
           "id: one\ntitle: One\nreview: {last_reviewed: 2025-01-01, next_review: 2026-01-01}\n"
           "contact: {text: Nurses, phone: \"0808\"}\n"
           "body:\n  - h2: A\n  - h3: B\n  - drug: {id: sunitinib, level: 2}\n  - drug: everolimus\n"
           "  - contact: true\n  - steps: [one, [two, {p: more}]]\n  - callout: Ask.\n");
  lf_document *docs;
  size_t n;
  assert_int_equal(resolve(f, "one", &docs, &n), 0);
  assert_string_equal(outline(f, &docs[0].body),
                      "1:One;2:A;3:B;2:Sunitinib;2:Everolimus;2:About this leaflet;");
  /* a drug section after another is its sibling, not its child */
}

/*
 * 'test_drug_after_h4_warns()' - A drug section after an h4 cannot go
 * under it: it is an h4 too, and a warning at it says so and how to place
 * it (once it was set beside the h4 without a word).
 */
static void test_drug_after_h4_warns(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/one.yaml",
           "id: one\ntitle: One\nreview: {last_reviewed: 2025-01-01, next_review: 2026-01-01}\n"
           "body:\n  - h2: A\n  - h3: B\n  - h4: C\n  - drug: sunitinib\n");
  lf_document *docs;
  size_t n;
  assert_int_equal(resolve(f, "one", &docs, &n), 0);
  assert_string_equal(outline(f, &docs[0].body),
                      "1:One;2:A;3:B;4:C;4:Sunitinib;2:About this leaflet;");
  assert_true(tu_has(f->text, "leaflets/one.yaml:8:11: warning: the section of drug 'sunitinib' "
                              "follows an h4, so it is an h4 beside that heading"));
}

/*
 * 'test_skipped_heading_level_is_an_error()' - An h4 after an h2, or a
 * drug section given a level deeper than the next, is an error at it
 * saying which level was expected (it was a warning, and the PDF failed
 * the project's PDF/UA checker: 14-003).
 */
static void test_skipped_heading_level_is_an_error(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/one.yaml",
           "id: one\ntitle: One\nreview: {last_reviewed: 2025-01-01, next_review: 2026-01-01}\n"
           "body:\n  - h2: A\n  - h4: C\n  - p: Text.\n");
  lf_document *docs;
  size_t n;
  assert_int_not_equal(resolve(f, "one", &docs, &n), 0);
  assert_true(tu_has(f->text, "leaflets/one.yaml:6:5: error: h4 follows an h2: a heading level "
                              "is skipped (expected h3 here: headings go down one level at a "
                              "time)"));
  tu_write(f->dir, "leaflets/one.yaml",
           "id: one\ntitle: One\nreview: {last_reviewed: 2025-01-01, next_review: 2026-01-01}\n"
           "body:\n  - h2: A\n  - drug: {id: sunitinib, level: 4}\n");
  assert_int_not_equal(resolve(f, "one", &docs, &n), 0);
  assert_true(tu_has(f->text, "error: the section of drug 'sunitinib' at level 4 follows an "
                              "h2: a heading level is skipped (expected level 3 or less here)"));
}

/*
 * 'test_keywords_name_every_drug()' - A leaflet without editions names in
 * its keywords the drugs it holds a section or a drug-table row for, once
 * each, after its own keywords (once only the edition's drugs were).
 */
static void test_keywords_name_every_drug(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/one.yaml",
           "id: one\ntitle: One\nkeywords: [cancer drugs]\n"
           "review: {last_reviewed: 2025-01-01, next_review: 2026-01-01}\n"
           "body:\n  - drug: sunitinib\n  - drug-table: {drugs: [everolimus, sunitinib]}\n");
  lf_document *docs;
  size_t n;
  assert_int_equal(resolve(f, "one", &docs, &n), 0);
  assert_string_equal(docs[0].keywords, "cancer drugs, Sunitinib, targeted therapy, Everolimus");
}

/*
 * 'test_block_language()' - 'lang:' beside a block's key gives it, and the
 * blocks inside it, their language and the place it is written; others
 * keep the document's; a value that is no language tag is an error there.
 */
static void test_block_language(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/one.yaml",
           "id: one\ntitle: One\nlanguage: en-GB\n"
           "review: {last_reviewed: 2025-01-01, next_review: 2026-01-01}\n"
           "body:\n  - p: English.\n  - p: Croeso.\n    lang: cy\n"
           "  - lang: cy\n    list: [Un, Dau]\n  - callout: [{p: Dim, lang: ga}, {p: Neb}]\n"
           "    lang: cy\n");
  lf_document *docs;
  size_t n;
  assert_int_equal(resolve(f, "one", &docs, &n), 0);
  const lf_blocks *b = &docs[0].body;
  assert_string_equal(docs[0].language, "en-GB");
  assert_int_equal(docs[0].language_pos.line, 3);
  assert_null(b->items[1].language);                      /* English. */
  assert_string_equal(b->items[2].language, "cy");        /* Croeso. */
  assert_int_equal(b->items[2].language_pos.line, 8);
  assert_int_equal(b->items[2].language_pos.column, 11);
  assert_string_equal(b->items[3].language, "cy");        /* the list ... */
  assert_string_equal(b->items[3].list_items[1].items[0].language, "cy"); /* ... its items */
  const lf_blocks *box = &b->items[4].body;
  assert_string_equal(box->items[0].language, "ga");      /* the nearer 'lang:' wins */
  assert_string_equal(box->items[1].language, "cy");

  tu_write(f->dir, "leaflets/one.yaml",
           "id: one\ntitle: One\n"
           "review: {last_reviewed: 2025-01-01, next_review: 2026-01-01}\n"
           "body:\n  - p: Text.\n    lang: Welsh language\n  - p: A\n    lang: cy\n    h2: B\n");
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  assert_int_equal(resolve(f, "one", &docs, &n), -1);
  assert_true(tu_has(f->text, "leaflets/one.yaml:6:11: error: 'lang' must be a language tag "
                              "(expected one such as cy or en-GB)"));
  assert_true(tu_has(f->text, "leaflets/one.yaml:7:5: error: a block is a one-key mapping"));
}

/*
 * 'test_program_words_in_english()' - In a Welsh leaflet, the sections the
 * program writes in its own English (the References and Glossary headings,
 * the glossary's plain-English definitions, "About this leaflet" and its
 * table) say en-GB, so that a screen reader does not read them as Welsh;
 * the leaflet's own blocks keep its language.
 */
static void test_program_words_in_english(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/one.yaml",
           "id: one\ntitle: Un\nlanguage: cy\n"
           "review: {last_reviewed: 2025-01-01, next_review: 2026-01-01}\n"
           "references:\n  - title: A source\n    source: A journal\n"
           "body:\n  - p: Mae cyffuriau yn helpu'r {immune system}.\n");
  lf_document *docs;
  size_t n;
  assert_int_equal(resolve(f, "one", &docs, &n), 0);
  const lf_blocks *b = &docs[0].body;
  assert_string_equal(docs[0].language, "cy");
  assert_null(b->items[0].language); /* the leaflet's own: Welsh */
  int seen = 0;
  for (size_t i = 0; i < b->count; i++) {
    const lf_block *x = &b->items[i];
    if (!x->role)
      continue;
    if (strcmp(x->role, "glossary") == 0 || strcmp(x->role, "references") == 0 ||
        strcmp(x->role, "about") == 0) {
      if (x->kind == LF_BLOCK_HEADING || strcmp(x->role, "about") == 0) {
        assert_non_null(x->language);
        assert_string_equal(x->language, "en-GB");
        seen++;
      }
    }
    if (strcmp(x->role, "glossary") == 0 && x->kind == LF_BLOCK_HEADING) {
      const lf_block *list = &x[1];
      assert_int_equal(list->kind, LF_BLOCK_LIST);
      assert_string_equal(list->language, "en-GB");
      assert_string_equal(list->list_items[0].items[1].language, "en-GB"); /* a definition */
    }
  }
  assert_int_equal(seen, 4); /* three headings and the about table */
}

/*
 * 'test_program_words_from_words_folder()' - With words/cy.yaml, a Welsh
 * leaflet's "About this leaflet", its facts, the references' heading and
 * the contact table's labels are in Welsh, tagged as the leaflet is; the
 * glossary (English definitions) stays English; an English leaflet in the
 * same folder keeps the built-in words.
 */
static void test_program_words_from_words_folder(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "words/cy.yaml",
           "page: \"Tudalen {page} o {pages}\"\nnext_review: \"Adolygiad nesaf: {date}\"\n"
           "review_overdue: \"Adolygiad yn hwyr: {date}\"\nabout: Am y daflen hon\n"
           "last_reviewed: Adolygwyd ddiwethaf\nnext_review_due: Adolygiad nesaf\n"
           "version: Fersiwn\nleaflet_id: Cyfeirnod y daflen\npublished_by: Cyhoeddwyd gan\n"
           "publisher: \"Cyhoeddwyd gan {publisher}\"\ntumour_type: \"Math o diwmor: {tumour}\"\n"
           "questions: Cwestiynau\nnotes: Nodiadau\npatient_label: Label y claf\n"
           "references: Cyfeiriadau\nphone: Ffôn\nhours: Oriau\nemail: E-bost\nweb: Gwefan\n"
           "qr_code: \"Cod QR: dolen i {url}\"\nlink: \"Dolen i {url}\"\npicture: \"Llun: {alt}\"\n"
           "months: [Ion, Chwef, Maw, Ebr, Mai, Meh, Gorff, Awst, Medi, Hyd, Tach, Rhag]\n"
           "date: \"{day} {month} {year}\"\n");
  tu_write(f->dir, "leaflets/one.yaml",
           "id: one\ntitle: Un\nlanguage: cy-GB\npublisher: Elusen\n"
           "review: {last_reviewed: 2025-01-01, next_review: 2026-02-01}\n"
           "contact: {text: Nyrsys, phone: \"0808 800 4040\"}\n"
           "references:\n  - title: A source\n    source: A journal\n"
           "body:\n  - p: Mae cyffuriau yn helpu'r {immune system}.\n  - contact: true\n");
  lf_document *docs;
  size_t n;
  assert_int_equal(resolve(f, "one", &docs, &n), 0);
  assert_non_null(docs[0].words);
  assert_string_equal(docs[0].words->language, "cy");
  const lf_blocks *b = &docs[0].body;
  char all[4096] = "";
  for (size_t i = 0; i < b->count; i++) {
    const lf_block *x = &b->items[i];
    if (!x->role)
      continue;
    if (x->kind == LF_BLOCK_HEADING) {
      strcat(all, plain(f, x));
      strcat(all, x->language ? "@en|" : "|");
    } else if (x->kind == LF_BLOCK_TABLE) {
      assert_null(x->language);
      const lf_table *t = x->table;
      for (size_t r = 0; r < t->row_count; r++) {
        assert_null(t->rows[r].cells[0].items[0].language);
        strcat(all, plain(f, &t->rows[r].cells[0].items[0]));
        strcat(all, ": ");
        strcat(all, plain(f, &t->rows[r].cells[1].items[0]));
        strcat(all, "|");
      }
    }
  }
  assert_true(tu_has(all, "Cyfeiriadau|Glossary@en|Am y daflen hon|"));
  assert_true(tu_has(all, "Adolygwyd ddiwethaf: 1 Ion 2025|Adolygiad nesaf: 1 Chwef 2026|"));
  assert_true(tu_has(all, "Cyhoeddwyd gan: Elusen|"));
  assert_true(tu_has(all, "Ffôn: 0808 800 4040|"));

  /* the English leaflet beside it: the built-in words */
  lf_document *en;
  assert_int_equal(lf_resolve(f->arena, f->content, lf_content_leaflet(f->content, "drugs"), &en,
                              &n, &f->diags), 0);
  assert_ptr_equal(en[0].words, lf_words_english());
}

/*
 * 'test_block_lang_errors()' - An unknown language beside a block is an
 * error at the tag with the one likely meant; a third key, or a key beside
 * the block's that is not 'lang', is still an error.
 */
static void test_block_lang_errors(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/one.yaml",
           "id: one\ntitle: One\n"
           "review: {last_reviewed: 2025-01-01, next_review: 2026-01-01}\n"
           "body:\n"
           "  - p: Testun.\n"
           "    lang: welsh\n"
           "  - p: Tekst.\n"
           "    lang: pl\n"
           "    note: x\n"
           "  - p: Tekst.\n"
           "    langg: pl\n"
           "  - p: Text.\n"
           "    lang: [cy]\n"
           "  - p: One.\n"
           "    h2: Two\n"
           "  - p: Three.\n"
           "    colour: red\n");
  lf_document *docs;
  size_t n;
  assert_int_equal(resolve(f, "one", &docs, &n), -1);
  assert_true(tu_has(f->text, "leaflets/one.yaml:6:11: error: unknown language 'welsh' (did you "
                              "mean 'cy', Welsh?)"));
  assert_true(tu_has(f->text, "leaflets/one.yaml:7:5: error: a block is a one-key mapping such "
                              "as '- p: text', with at most 'lang' beside its key"));
  /* a misspelt 'lang' is named at itself (it was the general message at
   * the block), and so is a block's second key */
  assert_true(tu_has(f->text, "leaflets/one.yaml:11:5: error: unknown key 'langg' beside a block "
                              "(did you mean 'lang'?)"));
  assert_true(tu_has(f->text, "leaflets/one.yaml:13:11: error: 'lang' must be a language tag "
                              "such as 'cy', not a list"));
  assert_true(tu_has(f->text, "leaflets/one.yaml:15:5: error: 'h2' starts a second block in one "
                              "list item (expected '- h2: ...', a list item of its own)"));
  assert_true(tu_has(f->text, "leaflets/one.yaml:17:5: error: unknown key 'colour' beside a "
                              "block (expected only 'lang' beside the block's key 'p')"));
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, content_setup, content_teardown)
  const struct CMUnitTest tests[] = {
      T(test_template_edition), T(test_drug_section_text), T(test_glossary_has_terms_used),
      T(test_about_section), T(test_missing_fragment), T(test_missing_term), T(test_misspelt_tumour_field), T(test_empty_list), T(test_drug_table_edition_without_drugs), T(test_unknown_block), T(test_empty_callout), T(test_empty_list_item), T(test_write_in_lines_out_of_range),
      T(test_unknown_tumour_field), T(test_edition_drugs_outside_template), T(test_include_cycle), T(test_drug_section_cycle), T(test_document_limits), T(test_edition_text_inside_itself), T(test_includes_fanning_out_stop_at_the_limit),
      T(test_drug_level_and_contact), T(test_keywords_name_every_drug), T(test_drug_after_h4_warns), T(test_skipped_heading_level_is_an_error), T(test_runs_anchored_in_their_files),
      T(test_block_language), T(test_program_words_in_english),
      T(test_program_words_from_words_folder), T(test_block_lang_errors),
  };
  return cmocka_run_group_tests_name("resolve", tests, NULL, NULL);
}
