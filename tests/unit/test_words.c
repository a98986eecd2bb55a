/*
 * test_words.c -- the program's words in a leaflet's language (words.h):
 * a words file checked, the one a language takes (BCP 47 lookup), words
 * with their fields filled in, and dates written each language's way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "leaflet/words.h"
#include "testutil.h"

/* A whole Welsh words file. */
static const char welsh[] =
    "page: \"Tudalen {page} o {pages}\"\n"
    "next_review: \"Adolygiad nesaf: {date}\"\n"
    "review_overdue: \"Adolygiad yn hwyr: roedd yn ddyledus {date}\"\n"
    "about: Am y daflen hon\n"
    "last_reviewed: Adolygwyd ddiwethaf\n"
    "next_review_due: Adolygiad nesaf\n"
    "version: Fersiwn\n"
    "leaflet_id: Cyfeirnod y daflen\n"
    "published_by: Cyhoeddwyd gan\n"
    "publisher: \"Cyhoeddwyd gan {publisher}\"\n"
    "tumour_type: \"Math o diwmor: {tumour}\"\n"
    "questions: \"Cwestiynau i'w gofyn i'ch meddyg neu nyrs:\"\n"
    "notes: Nodiadau\n"
    "patient_label: Label y claf\n"
    "references: Cyfeiriadau\n"
    "phone: Ffôn\n"
    "hours: Oriau\n"
    "email: E-bost\n"
    "web: Gwefan\n"
    "qr_code: \"Cod QR: dolen i {url}\"\n"
    "link: \"Dolen i {url}\"\n"
    "picture: \"Llun: {alt}\"\n"
    "months: [Ion, Chwef, Maw, Ebr, Mai, Meh, Gorff, Awst, Medi, Hyd, Tach, Rhag]\n"
    "date: \"{day} {month} {year}\"\n";

typedef struct fixture {
  lf_arena *arena;
  lf_diags diags;
  char text[8192];
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  f->arena = lf_arena_new(0);
  lf_diags_init(&f->diags);
  *state = f;
  return f->arena ? 0 : -1;
}

static int teardown(void **state) {
  fixture *f = *state;
  lf_diags_free(&f->diags);
  lf_arena_free(f->arena);
  free(f);
  return 0;
}

/*
 * 'parse()' - The words of 'text' as words/<stem>.yaml; the diagnostics'
 * text in f->text.
 */
static lf_words *parse(fixture *f, const char *stem, const char *text) {
  char name[64];
  snprintf(name, sizeof name, "words/%s.yaml", stem);
  lf_node *root = lf_yaml_load_buffer(f->arena, name, text, strlen(text), &f->diags);
  assert_non_null(root);
  lf_words *w = lf_words_parse(f->arena, root, name, stem, &f->diags);
  tu_diags_text(&f->diags, f->text, sizeof f->text);
  return w;
}

/* 'test_welsh()' - A whole file: every word, the months, the date. */
static void test_welsh(void **state) {
  fixture *f = *state;
  lf_words *w = parse(f, "cy", welsh);
  assert_non_null(w);
  assert_int_equal(f->diags.count, 0);
  assert_string_equal(w->language, "cy");
  assert_string_equal(w->text[LF_WORD_ABOUT], "Am y daflen hon");
  assert_string_equal(w->text[LF_WORD_PHONE], "Ffôn");
  static const char *const names[] = {"page", "pages"};
  static const char *const values[] = {"2", "5"};
  assert_string_equal(lf_words_fill(f->arena, w, LF_WORD_PAGE, names, values, 2),
                      "Tudalen 2 o 5");
  char date[LF_WORDS_DATE_MAX];
  assert_string_equal(lf_words_date(w, (lf_date){2028, 2, 26}, date, sizeof date),
                      "26 Chwef 2028");
}

/* 'test_english()' - The built-in words are today's English, dates as
 * lf_date_format() writes them. */
static void test_english(void **state) {
  fixture *f = *state;
  const lf_words *en = lf_words_english();
  assert_string_equal(lf_words_tag(en), "en-GB");
  assert_string_equal(lf_words_tag(NULL), "en-GB");
  assert_ptr_equal(lf_words_or_english(NULL), en);
  static const char *const names[] = {"date"};
  const char *value = "26 Feb 2028";
  assert_string_equal(lf_words_fill(f->arena, en, LF_WORD_NEXT_REVIEW, names, &value, 1),
                      "Next review due: 26 Feb 2028");
  char a[LF_WORDS_DATE_MAX], b[32];
  for (int m = 1; m <= 12; m++) {
    lf_date d = {2025, m, m + 9};
    assert_string_equal(lf_words_date(en, d, a, sizeof a), lf_date_format(d, b, sizeof b));
  }
  lf_words *cy = parse(f, "cy", welsh);
  assert_null(lf_words_tag(cy)); /* a leaflet's own words: its language */

  /* a letter's date names the month in full: English's own, a file's
   * months_long, else its months */
  assert_string_equal(lf_words_date_long(NULL, (lf_date){2026, 11, 24}, a, sizeof a),
                      "24 November 2026");
  assert_string_equal(lf_words_date_long(cy, (lf_date){2026, 11, 24}, a, sizeof a),
                      "24 Tach 2026");
  char text[4096];
  snprintf(text, sizeof text, "%smonths_long: [Ionawr, Chwefror, Mawrth, Ebrill, Mai, Mehefin, "
           "Gorffennaf, Awst, Medi, Hydref, Tachwedd, Rhagfyr]\n", welsh);
  cy = parse(f, "cy", text);
  assert_non_null(cy);
  assert_string_equal(lf_words_date_long(cy, (lf_date){2026, 11, 24}, a, sizeof a),
                      "24 Tachwedd 2026");
  assert_string_equal(lf_words_date(cy, (lf_date){2026, 11, 24}, a, sizeof a), "24 Tach 2026");
}

/* 'test_chinese_date()' - A date whose pattern puts the year first. */
static void test_chinese_date(void **state) {
  fixture *f = *state;
  char text[4096];
  snprintf(text, sizeof text, "%s", welsh);
  char *months = strstr(text, "months:");
  snprintf(months, sizeof text - (size_t)(months - text),
           "months: [1月, 2月, 3月, 4月, 5月, 6月, 7月, 8月, 9月, 10月, 11月, 12月]\n"
           "date: \"{year}年{month}{day}日\"\n");
  lf_words *w = parse(f, "zh-Hans", text);
  assert_non_null(w);
  char date[LF_WORDS_DATE_MAX];
  assert_string_equal(lf_words_date(w, (lf_date){2028, 2, 26}, date, sizeof date),
                      "2028年2月26日");
  /* a buffer too small is cut, never overrun */
  char small[8];
  lf_words_date(w, (lf_date){2028, 2, 26}, small, sizeof small);
  assert_true(strlen(small) < sizeof small);
}

/*
 * 'test_digits()' - A language's own digits for the numbers the program
 * writes (page numbers, day, year), never for a month's name; a 'digits'
 * that is not a script's ten digits in order is an error.
 */
static void test_digits(void **state) {
  fixture *f = *state;
  char text[4096];
  snprintf(text, sizeof text, "%sdigits: \"\u06F0\u06F1\u06F2\u06F3\u06F4\u06F5\u06F6"
           "\u06F7\u06F8\u06F9\"\n", welsh);
  lf_words *w = parse(f, "fa", text);
  assert_non_null(w);
  assert_int_equal(w->zero, 0x6F0);
  assert_string_equal(lf_words_page(f->arena, w, 12, 40),
                      "Tudalen \u06F1\u06F2 o \u06F4\u06F0");
  char date[LF_WORDS_DATE_MAX];
  assert_string_equal(lf_words_date(w, (lf_date){2028, 2, 26}, date, sizeof date),
                      "\u06F2\u06F6 Chwef \u06F2\u06F0\u06F2\u06F8");
  assert_string_equal(lf_words_page(f->arena, NULL, 3, 4), "Page 3 of 4");
  static const char *const wrong[] = {"\"0123456780\"", "\"abcdefghij\"", "\"012345678\"",
                                      "[0, 1]"};
  for (size_t i = 0; i < sizeof wrong / sizeof *wrong; i++) {
    snprintf(text, sizeof text, "%sdigits: %s\n", welsh, wrong[i]);
    lf_diags_free(&f->diags);
    lf_diags_init(&f->diags);
    assert_null(parse(f, "fa", text));
    assert_true(tu_has(f->text, "words/fa.yaml:25:9: error: 'digits' must be a script's ten "
                                "digits, 0 to 9 in order"));
  }
}

/* 'test_lookup()' - BCP 47 lookup: the tag, then less its last subtag;
 * Simplified Chinese words never serve Traditional; else English. */
static void test_lookup(void **state) {
  fixture *f = *state;
  lf_words set[2];
  set[0] = *parse(f, "cy", welsh);
  set[1] = *parse(f, "zh-Hant", welsh);
  assert_ptr_equal(lf_words_for(set, 2, "cy"), &set[0]);
  assert_ptr_equal(lf_words_for(set, 2, "CY-gb"), &set[0]);
  assert_ptr_equal(lf_words_for(set, 2, "zh-Hant-TW"), &set[1]);
  assert_ptr_equal(lf_words_for(set, 2, "zh-Hans"), lf_words_english());
  assert_ptr_equal(lf_words_for(set, 2, "pl"), lf_words_english());
  assert_ptr_equal(lf_words_for(set, 2, NULL), lf_words_english());
  assert_ptr_equal(lf_words_for(NULL, 0, "cy"), lf_words_english());
}

/*
 * 'expect_error()' - 'from' replaced by 'to' in the Welsh file is an
 * error at line:column saying 'message'.
 */
static void expect_error(fixture *f, const char *from, const char *to, int line, int column,
                         const char *message) {
  char text[4096];
  const char *at = strstr(welsh, from);
  assert_non_null(at);
  snprintf(text, sizeof text, "%.*s%s%s", (int)(at - welsh), welsh, to, at + strlen(from));
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  assert_null(parse(f, "cy", text));
  char want[512];
  snprintf(want, sizeof want, "words/cy.yaml:%d:%d: error: %s", line, column, message);
  if (!tu_has(f->text, want))
    fail_msg("expected \"%s\" in:\n%s", want, f->text);
}

/* 'test_errors()' - What an author gets wrong, each at its place. */
static void test_errors(void **state) {
  fixture *f = *state;
  expect_error(f, "{pages}", "{total}", 1, 7,
               "'page' names the field {total}, which it does not have (expected {page} and "
               "{pages})");
  expect_error(f, "nesaf: {date}", "nesaf:", 2, 14,
               "'next_review' lacks the field {date} (expected it where the value goes)");
  expect_error(f, "about: Am y daflen hon", "about: \"Am y {daflen} hon\"", 4, 8,
               "'about' names the field {daflen}; it has none (expected plain text)");
  expect_error(f, "link: \"Dolen i {url}\"", "link: \"Dolen i {url} {url}\"", 21, 7,
               "'link' names {url} twice (expected each field once)");
  expect_error(f, "version: Fersiwn\n", "", 1, 1,
               "words/cy.yaml has no 'version' (expected every word in its language");
  expect_error(f, "version: Fersiwn", "verison: Fersiwn", 7, 1,
               "unknown key 'verison' in a words file (did you mean 'version'?)");
  expect_error(f, ", Rhag]", "]", 23, 9,
               "'months' must be a list of the twelve months' names, January first (it has 11)");
  expect_error(f, "{day} {month} {year}", "{day} {month}", 24, 7,
               "'date' lacks the field {year}");
  expect_error(f, "Ffôn", "[Ffôn]", 16, 8, "'phone' must be text, not a list");
  /* words are a few words: a long one is refused, not set on every page */
  char *longer = malloc(LF_WORDS_WORD_MAX + 16);
  memset(longer, 'a', LF_WORDS_WORD_MAX + 1);
  longer[LF_WORDS_WORD_MAX + 1] = 0;
  expect_error(f, "Nodiadau", longer, 13, 8, "'notes' is 401 bytes long (expected at most 400");
  free(longer);
  expect_error(f, "{day} {month} {year}", "{day} {month} {year} ........................................",
               24, 7, "'date' is 61 bytes long (expected at most 48)");
}

/* 'test_named_for_a_language()' - A file named for no language tag. */
static void test_named_for_a_language(void **state) {
  fixture *f = *state;
  assert_null(parse(f, "welsh", welsh));
  assert_true(tu_has(f->text, "words/welsh.yaml: error: a words file is named for its "
                              "language tag, and 'welsh' is not one leaflet knows (did you "
                              "mean 'cy.yaml'?)"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_welsh, setup, teardown),
      cmocka_unit_test_setup_teardown(test_english, setup, teardown),
      cmocka_unit_test_setup_teardown(test_chinese_date, setup, teardown),
      cmocka_unit_test_setup_teardown(test_digits, setup, teardown),
      cmocka_unit_test_setup_teardown(test_lookup, setup, teardown),
      cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(test_named_for_a_language, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
