/*
 * test_history.c -- a leaflet's review history: each kind of broken
 * history gives its error at its place, with what was expected; the
 * submission lead time; versions in order; review status.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "leaflet/history.h"
#include "content_fixture.h"

/* The fixture's review block: 'review:' is line 7 of leaflets/drugs.yaml. */
static const char plain_review[] =
    "review:\n"
    "  last_reviewed: 2025-02-26\n"
    "  next_review: 2028-02-26\n";

/* A valid history of two versions, for tests to break one thing in. */
static const char good_review[] =
    "review:\n"                                                        /* 7 */
    "  last_reviewed: 2025-02-26\n"                                    /* 8 */
    "  next_review: 2028-02-26\n"                                      /* 9 */
    "  version: \"2\"\n"                                               /* 10 */
    "  history:\n"                                                     /* 11 */
    "    - version: \"2\"\n"                                           /* 12 */
    "      date: 2025-02-26\n"                                         /* 13 */
    "      changes: Added durvalumab for lung NEC.\n"                  /* 14 */
    "      approved_by: {role: Clinical nurse specialist, name: A. Example}\n" /* 15 */
    "    - version: \"1\"\n"                                           /* 16 */
    "      date: 2022-03-01\n"                                         /* 17 */
    "      changes: First version.\n"                                  /* 18 */
    "      approved_by: {role: Consultant oncologist, name: B. Example}\n"; /* 19 */

static const lf_date today = {2026, 11, 24};

/*
 * 'load_with()' - The fixture with its review block replaced by 'review'
 * (and, when 'from' is given, 'from' in that replaced by 'to'); the
 * leaflet, or NULL when loading failed (diagnostics in f->text).
 */
static const lf_leaflet *load_with(content_fixture *f, const char *review, const char *from,
                                   const char *to) {
  char text[8192];
  snprintf(text, sizeof text, "%s", replace_in(fixture_template, plain_review, review));
  if (from) {
    char changed[8192];
    snprintf(changed, sizeof changed, "%s", replace_in(text, from, to));
    snprintf(text, sizeof text, "%s", changed);
  }
  tu_write(f->dir, "leaflets/drugs.yaml", text);
  f->content = lf_content_load(f->arena, f->dir, &f->diags);
  tu_diags_text(&f->diags, f->text, sizeof f->text);
  return f->content ? lf_content_leaflet(f->content, "drugs") : NULL;
}

/*
 * 'check_with()' - lf_check_review() of the fixture with 'review' (and one
 * replacement in it) on 'day'; the diagnostics' text in f->text.
 */
static size_t check_with(content_fixture *f, const char *review, const char *from,
                         const char *to, lf_date day) {
  const lf_leaflet *l = load_with(f, review, from, to);
  assert_non_null(l);
  size_t errors = lf_check_review(l, day, &f->diags);
  tu_diags_text(&f->diags, f->text, sizeof f->text);
  return errors;
}

static void test_good_history(void **state) {
  content_fixture *f = *state;
  assert_int_equal(check_with(f, good_review, NULL, NULL, today), 0);
  assert_string_equal(f->text, "");
  const lf_leaflet *l = lf_content_leaflet(f->content, "drugs");
  assert_int_equal(l->history_count, 2);
  const lf_review_entry *now = lf_review_current(l);
  assert_string_equal(now->version, "2");
  assert_string_equal(now->approver_role, "Clinical nurse specialist");
  assert_string_equal(now->approver_name, "A. Example");
  assert_string_equal(l->history[1].changes, "First version.");
  assert_int_equal(l->submit_before_months, 3);
}

static void test_no_history(void **state) {
  content_fixture *f = *state;
  assert_int_equal(check_with(f, plain_review, NULL, NULL, today), 0);
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:7:1: warning: leaflet 'drugs' has no "
                              "review history (expected 'history' under 'review'"));
}

static void test_empty_history(void **state) {
  content_fixture *f = *state;
  assert_int_equal(check_with(f, "review:\n  last_reviewed: 2025-02-26\n"
                                 "  next_review: 2028-02-26\n  history: []\n",
                              NULL, NULL, today), 1);
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:10:12: error: 'history' is empty "
                              "(expected at least the current version"));
}

static void test_versions_out_of_order(void **state) {
  content_fixture *f = *state;
  /* the older entry says version 3: higher than the newer one's 2 */
  assert_int_equal(check_with(f, good_review, "    - version: \"1\"\n", "    - version: \"3\"\n",
                              today), 1);
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:16:16: error: version '3' is listed below "
                              "version '2' but is higher (expected versions newest first, each "
                              "lower than the one above it)"));
}

static void test_version_twice(void **state) {
  content_fixture *f = *state;
  assert_int_equal(check_with(f, good_review, "    - version: \"1\"\n", "    - version: \"2\"\n",
                              today), 1);
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:16:16: error: version '2' is listed twice "
                              "(first at line 12; expected each version once)"));
}

static void test_dates_out_of_order(void **state) {
  content_fixture *f = *state;
  assert_int_equal(check_with(f, good_review, "date: 2022-03-01", "date: 2025-03-01", today), 1);
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:17:13: error: version '1' is dated "
                              "2025-03-01, after version '2' above it (2025-02-26) (expected "
                              "dates newest first, each on or before the one above it)"));
}

static void test_current_version_differs(void **state) {
  content_fixture *f = *state;
  assert_int_equal(check_with(f, good_review, "  version: \"2\"\n  history", "  version: \"1\"\n  history",
                              today), 1);
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:10:12: error: review.version is '1' but the "
                              "newest history entry (line 12) is version '2' (expected the same "
                              "version)"));
}

static void test_no_current_version(void **state) {
  content_fixture *f = *state;
  assert_int_equal(check_with(f, good_review, "  version: \"2\"\n  history", "  history", today), 1);
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:7:1: error: 'review' has no 'version' "
                              "(expected \"2\", the version of the newest history entry)"));
}

static void test_current_date_differs(void **state) {
  content_fixture *f = *state;
  assert_int_equal(check_with(f, good_review, "date: 2025-02-26", "date: 2025-02-20", today), 1);
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:8:18: error: last_reviewed is 2025-02-26 but "
                              "the newest history entry (line 12) is dated 2025-02-20 (expected "
                              "the same date)"));
}

static void test_missing_approver(void **state) {
  content_fixture *f = *state;
  assert_int_equal(check_with(f, good_review,
                              "      approved_by: {role: Consultant oncologist, name: B. Example}\n",
                              "", today), 1);
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:16:7: error: version '1' has no approver "
                              "(expected approved_by: {role: ..., name: ...}, who signed it off)"));
}

static void test_approver_without_name_or_role(void **state) {
  content_fixture *f = *state;
  assert_int_equal(check_with(f, good_review, "{role: Clinical nurse specialist, name: A. Example}",
                              "{role: Clinical nurse specialist}", today), 1);
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:15:20: error: the approver of version '2' has "
                              "no 'name' (expected the name of who signed it off)"));
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  assert_int_equal(check_with(f, good_review, "{role: Consultant oncologist, name: B. Example}",
                              "{role: \"\", name: B. Example}", today), 1);
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:19:20: error: the approver of version '1' has "
                              "no 'role' (expected the role of who signed it off"));
}

/* 'changes' of two lines is an error at its value (the docs asked for one
 * line, and a literal block was taken); a folded one is one line. */
static void test_changes_of_more_than_one_line(void **state) {
  content_fixture *f = *state;
  assert_int_equal(check_with(f, good_review, "changes: First version.\n",
                              "changes: |\n        First version.\n        Typos fixed.\n", today),
                   1);
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:18:16: error: the 'changes' of version '1' "
                              "run to 2 lines (expected one line saying what changed"));
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  assert_int_equal(check_with(f, good_review, "changes: First version.\n",
                              "changes: >\n        First version,\n        typos fixed.\n", today),
                   0);
}

static void test_entry_missing_each_field(void **state) {
  content_fixture *f = *state;
  /* no version, date or changes: each its own error at the entry */
  assert_int_equal(check_with(f, good_review,
                              "    - version: \"1\"\n      date: 2022-03-01\n      changes: First version.\n",
                              "    -\n", today), 3);
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:17:7: error: history entry 2 has no 'version' "
                              "(expected the version it records, such as \"2\")"));
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:17:7: error: history entry 2 has no 'date' "
                              "(expected the day it was approved, YYYY-MM-DD)"));
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:17:7: error: history entry 2 has no 'changes' "
                              "(expected one line saying what changed)"));
}

static void test_loading_errors(void **state) {
  content_fixture *f = *state;
  assert_null(load_with(f, good_review, "      approved_by: {role: Clinical",
                        "      aproved_by: {role: Clinical"));
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:15:7: error: unknown key 'aproved_by' in a "
                              "history entry (did you mean 'approved_by'?)"));
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  assert_null(load_with(f, good_review, "date: 2022-03-01", "date: 2022-02-30"));
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:17:13: error: '2022-02-30' is not a date "
                              "(expected YYYY-MM-DD, a real calendar date from 1900)"));
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  assert_null(load_with(f, good_review, "approved_by: {role: Consultant oncologist, name: B. Example}",
                        "approved_by: B. Example"));
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:19:20: error: 'approved_by' must be a mapping, "
                              "not a string"));
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  assert_null(load_with(f, good_review, "  history:", "  submit_before_months: 30\n  history:"));
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:11:25: error: 'submit_before_months' is 30 "
                              "(expected 0 to 24)"));
}

/*
 * 'test_blank_sign_off()' - An approver, a role or what changed that is
 * only white space is no sign-off: an error, as if missing (it passed,
 * and the blanks went into the report and the manifest).
 */
static void test_blank_sign_off(void **state) {
  content_fixture *f = *state;
  assert_int_equal(check_with(f, good_review, "{role: Clinical nurse specialist, name: A. Example}",
                              "{role: \" \", name: \"  \"}", today), 2);
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:15:20: error: the approver of version '2' has "
                              "no 'role'"));
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:15:20: error: the approver of version '2' has "
                              "no 'name'"));
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  assert_int_equal(check_with(f, good_review, "changes: First version.", "changes: \" \"", today),
                   1);
  /* at the blank value (it was at the entry) */
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:18:16: error: version '1' has no 'changes'"));
}

/*
 * 'test_review_within_three_years()' - next_review at most three years
 * after last_reviewed, as PIF TICK asks; a later one is an error at
 * next_review naming the last day allowed (it passed check --strict and
 * showed "current" in the report).
 */
static void test_review_within_three_years(void **state) {
  content_fixture *f = *state;
  assert_non_null(load_with(f, plain_review, NULL, NULL)); /* 2025-02-26 to 2028-02-26 */
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  assert_null(load_with(f, plain_review, "next_review: 2028-02-26", "next_review: 2028-02-27"));
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:9:16: error: next_review is more than three "
                              "years after last_reviewed (expected 2028-02-26 or earlier"));
}

/*
 * 'test_history_alone()' - lf_check_history() (what build and report
 * make): a history that does not hold review.version is an error; no
 * history says nothing (check warns of that, build does not).
 */
static void test_history_alone(void **state) {
  content_fixture *f = *state;
  const lf_leaflet *l = load_with(f, good_review, "  version: \"2\"\n", "  version: \"3\"\n");
  assert_non_null(l);
  assert_int_equal(lf_check_history(l, &f->diags), 1);
  tu_diags_text(&f->diags, f->text, sizeof f->text);
  assert_true(tu_has(f->text, "error: review.version is '3' but the newest history entry"));
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  l = load_with(f, plain_review, NULL, NULL);
  assert_non_null(l);
  assert_int_equal(lf_check_history(l, &f->diags), 0);
  assert_int_equal(f->diags.count, 0);
}

static void test_submission_lead_time(void **state) {
  content_fixture *f = *state;
  /* due 26 Feb 2028; with the default three months, submit from 26 Nov 2027 */
  assert_int_equal(check_with(f, good_review, NULL, NULL, (lf_date){2027, 11, 25}), 0);
  assert_string_equal(f->text, "");
  assert_int_equal(lf_check_review(lf_content_leaflet(f->content, "drugs"),
                                   (lf_date){2027, 11, 26}, &f->diags), 0);
  tu_diags_text(&f->diags, f->text, sizeof f->text);
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:9:16: warning: leaflet 'drugs' is due for "
                              "review on 26 Feb 2028, in 92 days: submit it for review now "
                              "(expected from 26 Nov 2027, 3 months before; "
                              "review.submit_before_months)"));
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  /* six months set in the content */
  assert_int_equal(check_with(f, good_review, "  history:", "  submit_before_months: 6\n  history:",
                              (lf_date){2027, 9, 1}), 0);
  assert_true(tu_has(f->text, "in 178 days: submit it for review now (expected from 26 Aug "
                              "2027, 6 months before;"));
  const lf_leaflet *l = lf_content_leaflet(f->content, "drugs");
  assert_int_equal(lf_review_status_on(l, (lf_date){2027, 8, 25}), LF_REVIEW_CURRENT);
  assert_int_equal(lf_review_status_on(l, (lf_date){2027, 8, 26}), LF_REVIEW_DUE_SOON);
  assert_int_equal(lf_review_status_on(l, (lf_date){2028, 2, 26}), LF_REVIEW_DUE_SOON);
  assert_int_equal(lf_review_status_on(l, (lf_date){2028, 2, 27}), LF_REVIEW_OVERDUE);
  assert_string_equal(lf_review_status_name(LF_REVIEW_DUE_SOON), "due soon");
  /* past the date: an error, not a warning */
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  assert_int_equal(lf_check_review(l, (lf_date){2028, 3, 1}, &f->diags), 1);
  tu_diags_text(&f->diags, f->text, sizeof f->text);
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:9:16: error: leaflet 'drugs' was due for "
                              "review on 26 Feb 2028, 4 days ago (expected a review and a new "
                              "next_review, or a build with --allow-overdue)"));
  /* a review and a sign-off after today are no evidence: errors at each
   * (they were a warning, and build, mail and report took them as real) */
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  assert_int_equal(lf_check_review(l, (lf_date){2025, 1, 1}, &f->diags), 2);
  tu_diags_text(&f->diags, f->text, sizeof f->text);
  assert_true(tu_has(f->text, "leaflets/drugs.yaml:8:18: error: leaflet 'drugs' says it was "
                              "last reviewed on 26 Feb 2025, which is after today: a review "
                              "that has not happened is no evidence (expected the date of its "
                              "last review, today or earlier)"));
  assert_true(tu_has(f->text, "is dated 26 Feb 2025, which is after today: a sign-off that "
                              "has not happened is no evidence"));
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  assert_int_equal(lf_check_not_future(l, (lf_date){2025, 2, 26}, &f->diags), 0);
  assert_int_equal(lf_check_not_future(l, (lf_date){2025, 2, 25}, &f->diags), 2);
}

static void test_no_lead_time(void **state) {
  content_fixture *f = *state;
  assert_int_equal(check_with(f, good_review, "  history:", "  submit_before_months: 0\n  history:",
                              (lf_date){2028, 2, 25}), 0);
  assert_string_equal(f->text, "");
}

static void test_version_compare(void **state) {
  (void)state;
  assert_true(lf_version_compare("2", "10") < 0);
  assert_true(lf_version_compare("10", "2") > 0);
  assert_true(lf_version_compare("1.2", "1.10") < 0);
  assert_true(lf_version_compare("1", "1.1") < 0);
  assert_true(lf_version_compare("v2", "v10") < 0);
  assert_true(lf_version_compare("2a", "2b") < 0);
  assert_int_equal(lf_version_compare("3.0", "3.0"), 0);
  assert_int_equal(lf_version_compare("03", "3"), 0);
}

static void test_add_months(void **state) {
  (void)state;
  lf_date d = lf_date_add_months((lf_date){2028, 5, 31}, -3);
  assert_int_equal(d.year, 2028);
  assert_int_equal(d.month, 2);
  assert_int_equal(d.day, 29); /* a leap year */
  d = lf_date_add_months((lf_date){2027, 5, 31}, -3);
  assert_int_equal(d.day, 28);
  d = lf_date_add_months((lf_date){2026, 1, 15}, -3);
  assert_int_equal(d.year, 2025);
  assert_int_equal(d.month, 10);
  assert_int_equal(d.day, 15);
  d = lf_date_add_months((lf_date){2025, 11, 30}, 3);
  assert_int_equal(d.year, 2026);
  assert_int_equal(d.month, 2);
  assert_int_equal(d.day, 28);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_good_history, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_blank_sign_off, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_review_within_three_years, content_setup,
                                      content_teardown),
      cmocka_unit_test_setup_teardown(test_history_alone, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_no_history, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_empty_history, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_versions_out_of_order, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_version_twice, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_dates_out_of_order, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_current_version_differs, content_setup,
                                      content_teardown),
      cmocka_unit_test_setup_teardown(test_no_current_version, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_current_date_differs, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_missing_approver, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_approver_without_name_or_role, content_setup,
                                      content_teardown),
      cmocka_unit_test_setup_teardown(test_changes_of_more_than_one_line, content_setup,
                                      content_teardown),
      cmocka_unit_test_setup_teardown(test_entry_missing_each_field, content_setup,
                                      content_teardown),
      cmocka_unit_test_setup_teardown(test_loading_errors, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_submission_lead_time, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_no_lead_time, content_setup, content_teardown),
      cmocka_unit_test(test_version_compare),
      cmocka_unit_test(test_add_months),
  };
  return cmocka_run_group_tests_name("history", tests, NULL, NULL);
}
