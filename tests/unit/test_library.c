/*
 * test_library.c -- the library report's rows: one per leaflet and
 * edition, review status counted from a day, the approver, the newest
 * reference's year, translations older than their source, and the
 * report's document (a heading and a list of fields per row).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "leaflet/check.h"
#include "leaflet/library.h"
#include "content_fixture.h"

/* The fixture with a review history, a dated reference, and a Welsh
 * translation reviewed before its source. */
static const char *leaflet_with_history(void) {
  static char text[8192];
  snprintf(text, sizeof text, "%s",
           replace_in(fixture_template, "  next_review: 2028-02-26\n",
                      "  next_review: 2028-02-26\n"
                      "  version: \"2\"\n"
                      "  history:\n"
                      "    - version: \"2\"\n"
                      "      date: 2025-02-26\n"
                      "      changes: Shorter sentences.\n"
                      "      approved_by: {role: Clinical nurse specialist, name: A. Example}\n"));
  strncat(text, "  - title: A guideline of 2019\n"
                "    source: \"Journal 12345, 2021; accessed 2099 and 1899\"\n",
          sizeof text - strlen(text) - 1);
  return text;
}

static const char translation[] =
    "id: drugs-cy\n"
    "title: Cyffuriau\n"
    "language: cy\n"
    "translation_of: drugs\n"
    "review:\n"
    "  last_reviewed: 2024-01-10\n"
    "  next_review: 2027-01-10\n"
    "body:\n"
    "  - p: Mae cyffuriau yn helpu.\n";

/*
 * 'rows_of()' - The rows of the fixture with the leaflets above, on 'day'.
 */
static lf_library_row *rows_of(content_fixture *f, lf_date day, size_t *count) {
  tu_write(f->dir, "leaflets/drugs.yaml", leaflet_with_history());
  tu_write(f->dir, "leaflets/drugs-cy.yaml", translation);
  f->content = lf_content_load(f->arena, f->dir, &f->diags);
  tu_diags_text(&f->diags, f->text, sizeof f->text);
  assert_non_null(f->content);
  lf_library_row *rows;
  assert_int_equal(lf_library_rows(f->arena, f->content, day, &rows, count, &f->diags), 0);
  return rows;
}

static void test_rows(void **state) {
  content_fixture *f = *state;
  size_t n;
  lf_library_row *rows = rows_of(f, (lf_date){2026, 11, 24}, &n);
  assert_int_equal(n, 2); /* drugs-cy, drugs (one edition): files in name order */
  const lf_library_row *r = &rows[1];
  assert_string_equal(r->id, "drugs");
  assert_string_equal(r->edition, "pancreatic-net");
  assert_string_equal(r->stem, "drugs-pancreatic-net");
  assert_string_equal(r->title, "Drugs for pancreatic neuroendocrine tumour (NET)");
  assert_string_equal(r->version, "2");
  assert_int_equal(r->days_to_review, 459);
  assert_int_equal(r->status, LF_REVIEW_CURRENT);
  assert_string_equal(r->approver_role, "Clinical nurse specialist");
  assert_string_equal(r->approver_name, "A. Example");
  assert_int_equal(r->references, 2);
  assert_int_equal(r->newest_reference, 2021); /* not 12345, 2099 or 1899 */
  assert_int_equal(r->newest_reference_age, 5);
  assert_int_equal(r->format_count, 1);
  assert_string_equal(r->formats[0], "standard");
  /* its words are those leaflet check counts for the edition */
  lf_document doc;
  assert_int_equal(lf_resolve_edition(f->arena, f->content, &f->content->leaflets[1], 0, &doc,
                                      &f->diags), 0);
  lf_readability want;
  lf_measure_document(f->arena, &doc, &want);
  assert_true(r->words > 0);
  assert_true(r->measured);
  assert_int_equal(r->words, want.words);
  /* the source lists its translation, older than it, and its language */
  assert_int_equal(r->translation_count, 1);
  assert_string_equal(r->translations[0].id, "drugs-cy");
  assert_int_equal(r->translations[0].older, 1);
  assert_int_equal(r->language_count, 2);
  assert_string_equal(r->languages[1], "cy");
  assert_int_equal(r->older_than_source, -1);
  /* the translation: no history, older than its source, due soon */
  const lf_library_row *t = &rows[0];
  assert_int_equal(t->status, LF_REVIEW_DUE_SOON);
  assert_string_equal(t->id, "drugs-cy");
  assert_null(t->edition);
  assert_null(t->approver_role);
  assert_null(t->version);
  assert_string_equal(t->translation_of, "drugs");
  assert_int_equal(t->older_than_source, 1);
  assert_int_equal(t->newest_reference, 0);
  /* in Welsh: no words or reading age by English formulas (it said "Words: 0") */
  assert_false(t->measured);
}

/*
 * 'test_unloaded_leaflet_keeps_a_row()' - A leaflet file that does not
 * load (an edition naming a drug there is none of) is not left out of
 * the library: it has a row of its own, status "content errors", with
 * nothing else claimed for it; its PDF list says its file did not load.
 */
static void test_unloaded_leaflet_keeps_a_row(void **state) {
  content_fixture *f = *state;
  tu_write(f->dir, "leaflets/drugs.yaml", fixture_template);
  tu_write(f->dir, "leaflets/other.yaml",
           replace_in(fixture_template, "id: drugs\n", "id: other\nunknown_key: 1\n"));
  f->content = lf_content_load(f->arena, f->dir, &f->diags);
  assert_non_null(f->content);
  assert_int_equal(f->content->broken_count, 1);
  lf_library_row *rows;
  size_t n;
  lf_library_rows(f->arena, f->content, (lf_date){2026, 11, 24}, &rows, &n, &f->diags);
  assert_int_equal(n, 2);
  const lf_library_row *r = &rows[1];
  assert_string_equal(r->stem, "other");
  assert_true(r->broken && r->unloaded);
  assert_string_equal(lf_library_status(r), "content errors");
  assert_null(r->title);
  assert_null(r->version);
  assert_null(r->approver_name);
  assert_int_equal(r->format_count, 0);
  lf_document doc;
  assert_int_equal(lf_library_document(f->arena, rows, n, (lf_date){2026, 11, 24}, &doc), 0);
  char text[8192];
  size_t len = 0;
  for (size_t i = 0; i < doc.body.count; i++) {
    const lf_block *b = &doc.body.items[i];
    for (size_t k = 0; k < b->text.count && len + 512 < sizeof text; k++)
      len += (size_t)snprintf(text + len, sizeof text - len, "%.*s|", (int)b->text.runs[k].len,
                              b->text.runs[k].text);
  }
  assert_non_null(strstr(text, "2 leaflets and editions"));
  assert_non_null(strstr(text, "1 with content errors"));
}

/*
 * 'test_unresolved_row_says_so()' - An edition that does not resolve keeps
 * its row, its status "content errors" (it read "current", though it
 * cannot be built).
 */
static void test_unresolved_row_says_so(void **state) {
  content_fixture *f = *state;
  tu_write(f->dir, "leaflets/drugs.yaml",
           replace_in(fixture_template, "  - p: Drugs help the {immune system}.\n",
                      "  - p: Drugs help the {immune sistem}.\n"));
  f->content = lf_content_load(f->arena, f->dir, &f->diags);
  assert_non_null(f->content);
  lf_library_row *rows;
  size_t n;
  assert_int_equal(lf_library_rows(f->arena, f->content, (lf_date){2026, 11, 24}, &rows, &n,
                                   &f->diags), 1);
  assert_int_equal(n, 1);
  assert_true(rows[0].broken);
  assert_null(rows[0].title);
  assert_string_equal(lf_library_status(&rows[0]), "content errors");
  rows[0].broken = 0;
  assert_string_equal(lf_library_status(&rows[0]), "current");
}

static void test_status_by_day(void **state) {
  content_fixture *f = *state;
  size_t n;
  /* drugs-cy is due 10 Jan 2027: due soon from 10 Oct 2026, overdue after */
  lf_library_row *rows = rows_of(f, (lf_date){2026, 10, 9}, &n);
  assert_int_equal(rows[0].status, LF_REVIEW_CURRENT);
  rows = rows_of(f, (lf_date){2026, 10, 10}, &n);
  assert_int_equal(rows[0].status, LF_REVIEW_DUE_SOON);
  assert_int_equal(rows[0].days_to_review, 92);
  rows = rows_of(f, (lf_date){2027, 1, 11}, &n);
  assert_int_equal(rows[0].status, LF_REVIEW_OVERDUE);
  assert_int_equal(rows[0].days_to_review, -1);
}

static void test_report_document(void **state) {
  content_fixture *f = *state;
  size_t n;
  lf_library_row *rows = rows_of(f, (lf_date){2026, 11, 24}, &n);
  lf_document doc;
  assert_int_equal(lf_library_document(f->arena, rows, n, (lf_date){2026, 11, 24}, &doc), 0);
  assert_string_equal(doc.title, "Leaflet library report, 24 Nov 2026");
  assert_non_null(doc.footer_note);
  const lf_blocks *b = &doc.body;
  /* H1, the summary, the table at a glance, then a heading and a list for
   * each row */
  assert_int_equal(b->count, 3 + 2 * n);
  assert_int_equal(b->items[0].level, 1);
  assert_string_equal(lf_inline_plain(f->arena, &b->items[1].text),
                      "2 leaflets and editions on 24 Nov 2026: 1 current, 1 due soon (to be "
                      "submitted for review), 0 overdue. The table gives each one's review at a "
                      "glance; then each has a heading, with its details as a list.");
  const lf_block *glance = &b->items[2];
  assert_int_equal(glance->kind, LF_BLOCK_TABLE);
  assert_string_equal(lf_inline_plain(f->arena, &glance->table->caption), "Reviews at a glance");
  assert_int_equal(glance->table->columns, 4);
  assert_int_equal(glance->table->row_count, 1 + n);
  assert_int_equal(glance->table->header_rows, 1);
  assert_true(glance->table->row_headers);
  const char *head[] = {"Leaflet", "Version", "Next review", "Status"};
  const char *second[] = {"drugs-pancreatic-net", "2", "26 Feb 2028", "current"};
  for (size_t k = 0; k < 4; k++) {
    assert_string_equal(lf_inline_plain(f->arena, &glance->table->rows[0].cells[k].items[0].text),
                        head[k]);
    assert_string_equal(lf_inline_plain(f->arena, &glance->table->rows[2].cells[k].items[0].text),
                        second[k]);
  }
  assert_int_equal(b->items[5].kind, LF_BLOCK_HEADING);
  assert_int_equal(b->items[5].level, 2);
  assert_string_equal(lf_inline_plain(f->arena, &b->items[5].text),
                      "Drugs for pancreatic neuroendocrine tumour (NET) (drugs-pancreatic-net)");
  const lf_block *list = &b->items[6];
  assert_int_equal(list->kind, LF_BLOCK_LIST);
  const char *want[] = {"Leaflet ID: drugs-pancreatic-net", "Language: en-GB", "Version: 2",
                        "Last reviewed: 26 Feb 2025", "Next review: 26 Feb 2028, in 459 days",
                        "Status: current", "Approved by: A. Example, Clinical nurse specialist"};
  for (size_t i = 0; i < sizeof want / sizeof *want; i++)
    assert_string_equal(lf_inline_plain(f->arena, &list->list_items[i].items[0].text), want[i]);
  const lf_block *cy = &b->items[4];
  int found = 0;
  for (size_t i = 0; i < cy->list_count; i++)
    found |= strcmp(lf_inline_plain(f->arena, &cy->list_items[i].items[0].text),
                    "Translation of: drugs (older than its source)") == 0;
  assert_true(found);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_rows, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_status_by_day, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_unresolved_row_says_so, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_unloaded_leaflet_keeps_a_row, content_setup,
                                      content_teardown),
      cmocka_unit_test_setup_teardown(test_report_document, content_setup, content_teardown),
  };
  return cmocka_run_group_tests_name("library", tests, NULL, NULL);
}
