/*
 * test_check.c -- content checks: plain-English measures and the
 * warnings for unused entries and long sentences.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "leaflet/check.h"
#include "content_fixture.h"

static void test_counts(void **state) {
  (void)state;
  lf_readability r = {0};
  lf_measure_text("The cat sat. Tablets help you feel better! 0808 800 4040", &r);
  assert_int_equal(r.words, 8);       /* numbers are not words */
  assert_int_equal(r.sentences, 2);
  /* the(1) cat(1) sat(1) tablets(2) help(1) you(1) feel(1) better(2) */
  assert_int_equal(r.syllables, 10);
}

/*
 * 'test_sentence_ends_past_quotes()' - A sentence ending in '."' or '.)'
 * ends there: "Rest." inside quotes closed a sentence the count missed,
 * which made the reading age 8.1 where it is 5.6.
 */
static void test_sentence_ends_past_quotes(void **state) {
  (void)state;
  lf_readability r = {0};
  lf_measure_text("Your doctor said \"Rest.\" Then you can go home (or stay in bed.) "
                  "You may feel \u201cbetter.\u201d Sleep well tonight.", &r);
  assert_int_equal(r.sentences, 4);
}

/*
 * 'test_colon_inside_a_sentence()' - A ':' inside a paragraph does not end
 * a sentence ("Note: take it with food." is one); a lead-in's ':' at the
 * paragraph's end ends it as the paragraph does.
 */
static void test_colon_inside_a_sentence(void **state) {
  (void)state;
  lf_readability r = {0};
  lf_measure_text("Note: take it with food. Call us: we are here.", &r);
  assert_int_equal(r.sentences, 2);
  lf_readability lead = {0};
  lf_measure_text("Side effects depend on:", &lead);
  assert_int_equal(lead.sentences, 1);
}

/*
 * 'test_measures_only_english()' - The plain English measures are made
 * for English: a Welsh document measures nothing (the report gave a
 * Chinese leaflet 4 words and a reading age of 52), and a Welsh block in
 * an English document is left out.
 */
static void test_measures_only_english(void **state) {
  (void)state;
  lf_run runs[2] = {{.text = "Mae gennych chi hawl i gael gwybodaeth.", .len = 39},
                    {.text = "You can ask for this.", .len = 21}};
  lf_block blocks[2] = {{.kind = LF_BLOCK_PARAGRAPH, .text = {&runs[0], 1}, .language = "cy"},
                        {.kind = LF_BLOCK_PARAGRAPH, .text = {&runs[1], 1}}};
  lf_document doc = {.language = "en-GB", .body = {blocks, 2}};
  lf_arena *arena = lf_arena_new(0);
  lf_readability r;
  lf_measure_document(arena, &doc, &r);
  assert_int_equal(r.words, 5);
  doc.language = "cy";
  blocks[0].language = NULL;
  blocks[1].language = "cy";
  lf_measure_document(arena, &doc, &r);
  assert_int_equal(r.words, 0);
  lf_arena_free(arena);
}

static void test_scores(void **state) {
  (void)state;
  lf_readability r = {.words = 100, .sentences = 10, .syllables = 130};
  lf_readability_finish(&r);
  assert_float_equal(r.flesch_reading_ease, 206.835 - 10.15 - 109.98, 1e-9);
  assert_float_equal(r.reading_age, 3.9 + 15.34 - 15.59 + 5, 1e-9);
}

/* A content folder loaded and checked, and what the check said. */
typedef struct checked {
  lf_arena *arena;
  lf_diags diags;
  lf_content *content;
  char text[8192];
} checked;

/*
 * 'check_folder()' - Load 'dir' and check it on 'today'; returns the
 * errors the check found, its diagnostics' text in k->text.
 */
static int check_folder(checked *k, const char *dir, lf_date today) {
  k->arena = lf_arena_new(0);
  lf_diags_init(&k->diags);
  k->content = lf_content_load(k->arena, dir, &k->diags);
  assert_non_null(k->content);
  int errors = lf_check_content(k->arena, k->content, today, &k->diags);
  tu_diags_text(&k->diags, k->text, sizeof k->text);
  return errors;
}

/* 'checked_free()' - Free what check_folder() made. */
static void checked_free(checked *k) {
  lf_diags_free(&k->diags);
  lf_arena_free(k->arena);
}

static void test_content_warnings(void **state) {
  (void)state;
  char *dir = write_fixture();
  tu_write(dir, "leaflets/drugs.yaml",
           replace_in(fixture_template, "  - p: Drugs help the {immune system}.\n",
                      "  - p: Drugs help the {immune system}. This one sentence is far too long "
                      "because it goes on and on with word after word after word until a reader "
                      "has quite forgotten how it began.\n"));
  checked k;
  assert_int_equal(check_folder(&k, dir, (lf_date){2026, 11, 24}), 0);
  const char *text = k.text;
  assert_true(tu_has(text, "leaflets/drugs.yaml:14:8: warning: sentence of 28 words starting 'This one sentence is far too l'"));
  assert_true(tu_has(text, "glossary.yaml:2:1: warning: glossary term 'digestive system' is defined but no leaflet uses it"));
  assert_true(tu_has(text, "note: leaflet 'drugs-pancreatic-net':"));
  /* the overdue date is an error at next_review */
  assert_true(lf_check_content(k.arena, k.content, (lf_date){2028, 3, 1}, &k.diags) > 0);
  tu_diags_text(&k.diags, k.text, sizeof k.text);
  assert_true(tu_has(text, "leaflets/drugs.yaml:9:16: error: leaflet 'drugs' was due for review on 26 Feb 2028, 4 days ago"));
  checked_free(&k);
  /* with a leaflet that does not resolve, nothing is called unused: it
   * may use anything (every term was, when every leaflet failed) */
  tu_write(dir, "leaflets/drugs.yaml",
           replace_in(fixture_template, "{immune system}", "{immune sistem}"));
  assert_int_equal(check_folder(&k, dir, (lf_date){2026, 11, 24}), 1);
  assert_null(strstr(k.text, "defined but no leaflet uses it"));
  assert_null(strstr(k.text, "is in no leaflet"));
  checked_free(&k);
  tu_rmtree(dir);
}

/*
 * 'test_words_missing()' - A leaflet in a language words/ has no file for
 * gets a note saying its program words will be English; one with a file,
 * or in English, does not.
 */
static void test_words_missing(void **state) {
  (void)state;
  char *dir = write_fixture();
  tu_write(dir, "leaflets/un.yaml", "id: un\ntitle: Un\nlanguage: cy\n"
           "review: {last_reviewed: 2025-01-01, next_review: 2027-01-01}\n"
           "body:\n  - p: Mae hi'n braf.\n");
  checked k;
  assert_int_equal(check_folder(&k, dir, (lf_date){2026, 11, 24}), 0);
  assert_true(tu_has(k.text, "leaflets/un.yaml:3:11: note: leaflet 'un' is in 'cy' and words/ has "
                             "no cy.yaml: the words leaflet writes itself"));
  assert_null(strstr(k.text, "leaflet 'drugs' is in"));
  checked_free(&k);
  tu_rmtree(dir);
}

/*
 * 'test_translation_structure()' - A translation with its source's blocks
 * passes; one whose heading is a level lower, whose list is an item short
 * or that stops early is an error at its first difference, naming the
 * source's block; one of a template is compared edition by edition.
 */
static void test_translation_structure(void **state) {
  (void)state;
  static const char source[] =
      "id: src\ntitle: Source\nreview: {last_reviewed: 2025-01-01, next_review: 2027-01-01}\n"
      "body:\n  - p: One.\n  - h2: Two\n  - h3: Deeper\n  - list: [a, b, c]\n"
      "  - p: Three.\n";
  static const struct {
    const char *body, *want;
  } cases[] = {
      {"  - p: Un.\n  - h2: Dau\n  - h3: Dyfnach\n  - list: [a, b, c]\n  - p: Tri.\n", NULL},
      {"  - p: Un.\n  - h2: Dau\n  - h2: Dyfnach\n  - list: [a, b, c]\n  - p: Tri.\n",
       "leaflets/tr.yaml:9:5: error: leaflet 'tr' translates 'src' but differs from it here: an "
       "h2 heading where the source has an h3 heading (line 7 of src.yaml) (expected the "
       "source's blocks in the same order"},
      {"  - p: Un.\n  - h2: Dau\n  - h3: Dyfnach\n  - list: [a, b]\n  - p: Tri.\n",
       "leaflets/tr.yaml:10:11: error: leaflet 'tr' translates 'src' but differs from it here: a "
       "bulleted list of 2 items where the source has a bulleted list of 3 items (line 8 of "
       "src.yaml)"},
      {"  - p: Un.\n  - h2: Dau\n  - h3: Dyfnach\n  - list: [a, b, c]\n",
       "leaflets/tr.yaml:3:17: error: leaflet 'tr' translates 'src' but differs from it here: "
       "nothing more where the source has a paragraph (line 9 of src.yaml)"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *dir = write_fixture();
    tu_write(dir, "leaflets/src.yaml", source);
    char text[1024];
    snprintf(text, sizeof text,
             "id: tr\ntitle: Cyfieithiad\nlanguage: cy\ntranslation_of: src\n"
             "review: {last_reviewed: 2025-01-01, next_review: 2027-01-01}\nbody:\n%s",
             cases[i].body);
    /* translation_of on line 3 for the case that ends early */
    if (i == 3)
      snprintf(text, sizeof text,
               "id: tr\ntitle: Cyfieithiad\ntranslation_of: src\nlanguage: cy\n"
               "review: {last_reviewed: 2025-01-01, next_review: 2027-01-01}\nbody:\n%s",
               cases[i].body);
    tu_write(dir, "leaflets/tr.yaml", text);
    checked k;
    size_t errors = check_folder(&k, dir, (lf_date){2026, 11, 24});
    if (cases[i].want) {
      assert_int_equal(errors, 1);
      assert_true(tu_has(k.text, cases[i].want));
    } else {
      assert_int_equal(errors, 0);
      assert_null(strstr(k.text, "translates"));
    }
    checked_free(&k);
    /* the same check as build, mail and serve make before printing it
     * (build printed it with no word) */
    lf_arena *arena = lf_arena_new(0);
    lf_diags d;
    lf_diags_init(&d);
    const lf_content *c = lf_content_load(arena, dir, &d);
    assert_non_null(c);
    assert_int_equal(lf_check_translation(arena, c, lf_content_leaflet(c, "tr"), &d),
                     cases[i].want ? 1 : 0);
    assert_int_equal(lf_check_translation(arena, c, lf_content_leaflet(c, "src"), &d), 0);
    lf_diags_free(&d);
    lf_arena_free(arena);
    tu_rmtree(dir);
  }
  /* a translation of the fixture's template is compared edition by
   * edition: its pancreatic-net edition against the source's */
  char *dir = write_fixture();
  tu_write(dir, "leaflets/tr.yaml",
           "id: tr\ntitle: \"Cyffuriau {tumour.name}\"\ntranslation_of: drugs\n"
           "editions:\n  - tumour: pancreatic-net\n    drugs: [sunitinib]\n"
           "review: {last_reviewed: 2025-01-01, next_review: 2027-01-01}\nbody:\n  - p: Un.\n");
  checked k;
  check_folder(&k, dir, (lf_date){2026, 11, 24});
  assert_true(tu_has(k.text, "leaflets/tr.yaml:"));
  assert_true(tu_has(k.text, "error: leaflet 'tr' translates 'drugs' but differs from it here"));
  checked_free(&k);
  tu_rmtree(dir);
  /* another drug's section in the translation: it differs there (it
   * passed, the shape being the same) */
  dir = write_fixture();
  tu_write(dir, "leaflets/src.yaml",
           "id: src\ntitle: Source\nreview: {last_reviewed: 2025-01-01, next_review: "
           "2027-01-01}\nbody:\n  - p: One.\n  - drug: sunitinib\n");
  tu_write(dir, "leaflets/tr.yaml",
           "id: tr\ntitle: Cyfieithiad\nlanguage: cy\ntranslation_of: src\n"
           "review: {last_reviewed: 2025-01-01, next_review: 2027-01-01}\nbody:\n"
           "  - p: Un.\n  - drug: everolimus\n");
  check_folder(&k, dir, (lf_date){2026, 11, 24});
  assert_true(tu_has(k.text, "leaflets/tr.yaml:8:11: error: leaflet 'tr' translates 'src' but "
                             "differs from it here: the section of drug Everolimus where the "
                             "source has the section of drug Sunitinib (line 6 of src.yaml)"));
  checked_free(&k);
  tu_rmtree(dir);
  /* a translation without editions of a template: no edition to match */
  dir = write_fixture();
  tu_write(dir, "leaflets/tr.yaml",
           "id: tr\ntitle: Cyffuriau\ntranslation_of: drugs\n"
           "review: {last_reviewed: 2025-01-01, next_review: 2027-01-01}\nbody:\n  - p: Un.\n");
  check_folder(&k, dir, (lf_date){2026, 11, 24});
  assert_true(tu_has(k.text, "leaflets/tr.yaml:3:17: error: leaflet 'tr' translates 'drugs', "
                             "which has no edition for 'no tumour type' (expected the same "
                             "editions as its source)"));
  checked_free(&k);
  tu_rmtree(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_counts),
      cmocka_unit_test(test_sentence_ends_past_quotes),
      cmocka_unit_test(test_colon_inside_a_sentence),
      cmocka_unit_test(test_measures_only_english), cmocka_unit_test(test_scores),
      cmocka_unit_test(test_content_warnings), cmocka_unit_test(test_words_missing),
      cmocka_unit_test(test_translation_structure),
  };
  return cmocka_run_group_tests_name("check", tests, NULL, NULL);
}
