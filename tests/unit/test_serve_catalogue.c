/*
 * test_serve_catalogue.c -- the catalogue `leaflet serve` shows
 * (src/serve/catalogue.c) and the pages made from it (src/serve/pages.c):
 * entries per leaflet and edition, drugs found with their brand names, the
 * search (every word, at the start of a word, without case), lookups by
 * id, content with errors, and what a page escapes and hides.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content_fixture.h"
#include "leaflet/serve.h"

/* A leaflet without editions, with keywords and a drug section of its own. */
static const char overview_leaflet[] =
    "id: about\n"
    "title: \"About <targeted> & other drugs\"\n"
    "keywords: [neuroendocrine cancer, Immunotherapy]\n"
    "review:\n"
    "  last_reviewed: 2024-01-01\n"
    "  next_review: 2026-01-01\n"
    "body:\n"
    "  - p: Some drugs help.\n"
    "  - drug: everolimus\n"
    "  - write-in: {label: \"Your nurse's name is:\"}\n"
    "  - write-in: {label: Your next appointment}\n";

/*
 * 'fixture_with_fonts()' - The content fixture, its print format reading
 * this project's fonts by absolute path, and the overview leaflet.
 */
static char *fixture_with_fonts(void) {
  char *dir = write_fixture();
  char cwd[1024], style[4096];
  if (!dir || !getcwd(cwd, sizeof cwd))
    return dir;
  const char *font_line = strstr(fixture_format, "fonts:\n");
  snprintf(style, sizeof style,
           "%.*sfonts:\n  regular: %s/fonts/AtkinsonHyperlegible-Regular.ttf\n"
           "  bold: %s/fonts/AtkinsonHyperlegible-Bold.ttf\n"
           "  fallback_regular: /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf\n"
           "  fallback_bold: /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf\n",
           (int)(font_line - fixture_format), fixture_format, cwd, cwd);
  tu_write(dir, "styles/standard.yaml", style);
  tu_write(dir, "leaflets/about.yaml", overview_leaflet);
  return dir;
}

/*
 * 'test_entries()' - One entry per leaflet and edition, with their titles,
 * tumour types, drugs in order and brand names, and what a search reads.
 */
static void test_entries(void **state) {
  (void)state;
  char *dir = fixture_with_fonts();
  lf_catalogue *cat = lf_catalogue_load(dir, 7, 1);
  assert_non_null(cat);
  char text[8192];
  if (lf_catalogue_errors(cat))
    fail_msg("%s", tu_diags_text(&cat->diags, text, sizeof text));
  assert_int_equal(cat->generation, 7);
  assert_int_equal(cat->count, 2);
  /* leaflets in file-name order: about.yaml, drugs.yaml */
  const lf_catalogue_entry *about = &cat->entries[0], *drugs = &cat->entries[1];
  assert_string_equal(about->title, "About <targeted> & other drugs");
  assert_null(about->tumour_id);
  assert_int_equal(about->drug_count, 1);
  assert_string_equal(about->drugs[0]->name, "Everolimus");
  assert_string_equal(drugs->title, "Drugs for pancreatic neuroendocrine tumour (NET)");
  assert_string_equal(drugs->tumour_id, "pancreatic-net");
  assert_string_equal(drugs->tumour_name, "pancreatic neuroendocrine tumour (NET)");
  assert_int_equal(drugs->drug_count, 2);
  assert_string_equal(drugs->drugs[0]->name, "Sunitinib");
  assert_string_equal(drugs->drugs[0]->brand_names[0], "Sutent");
  assert_string_equal(drugs->drugs[1]->name, "Everolimus");
  assert_string_equal(drugs->search,
                      "drugs for pancreatic neuroendocrine tumour net pancreatic neuroendocrine "
                      "tumour net pancreatic net net sunitinib sutent everolimus afinitor drugs "
                      "english"); /* its language by name last */
  assert_string_equal(about->search, "about targeted other drugs everolimus afinitor "
                                     "neuroendocrine cancer immunotherapy about english");
  /* the print formats, and their fonts loaded */
  assert_int_equal(cat->format_count, 1);
  assert_non_null(lf_catalogue_format(cat, "standard"));
  assert_null(lf_catalogue_format(cat, "large"));
  assert_non_null(lf_catalogue_fonts(cat, cat->formats[0]));
  lf_catalogue_free(cat);
  tu_rmtree(dir);
}

/*
 * 'test_search()' - Every word of the search starts a word of the entry,
 * without case; punctuation is a space; an empty search is everything.
 */
static void test_search(void **state) {
  (void)state;
  /* a word of a script written without spaces is found anywhere in the
   * text ("免疫" in the middle of a Chinese title found nothing); other
   * words only at a word's start, as before */
  lf_catalogue_entry zh = {.search = "\xe7\x94\xa8\xe4\xba\x8e\xe5\x85\x8d\xe7\x96\xab"
                                     "\xe6\xb2\xbb\xe7\x96\x97 chinese immune"};
  assert_true(lf_catalogue_matches(&zh, "\xe5\x85\x8d\xe7\x96\xab"));       /* 免疫 */
  assert_true(lf_catalogue_matches(&zh, "\xe7\x96\xab\xe6\xb2\xbb immu"));  /* 疫治 immu */
  assert_false(lf_catalogue_matches(&zh, "\xe8\x8d\xaf"));                     /* 药 */
  assert_false(lf_catalogue_matches(&zh, "mune"));
  char *dir = fixture_with_fonts();
  lf_catalogue *cat = lf_catalogue_load(dir, 1, 0);
  assert_non_null(cat);
  assert_int_equal(cat->count, 2);
  const lf_catalogue_entry *about = &cat->entries[0], *drugs = &cat->entries[1];
  struct {
    const char *query;
    int about, drugs;
  } cases[] = {
      {"", 1, 1},
      {"   ", 1, 1},
      {"sutent", 0, 1},        /* a brand name */
      {"SUTENT", 0, 1},
      {"Sut", 0, 1},           /* as typed, a letter at a time */
      {"afinitor", 1, 1},      /* both have everolimus */
      {"pancreatic", 0, 1},    /* tumour type */
      {"pancreatic-net", 0, 1},
      {"NET", 0, 1},
      {"et", 0, 0},            /* inside a word is not a match */
      {"immuno", 1, 0},        /* a keyword */
      {"neuroendocrine cancer", 1, 0},
      {"neuroendocrine tumour", 0, 1},
      {"sunitinib everolimus", 0, 1}, /* every word */
      {"sunitinib about", 0, 0},
      {"<targeted>", 1, 0},    /* punctuation is a space */
      {"drugs, for", 0, 1},
      {"xyz", 0, 0},
      {"\xc3\xa9", 0, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    if (lf_catalogue_matches(about, cases[i].query) != cases[i].about ||
        lf_catalogue_matches(drugs, cases[i].query) != cases[i].drugs)
      fail_msg("search '%s': expected about %d, drugs %d", cases[i].query, cases[i].about,
               cases[i].drugs);
  }
  lf_catalogue_free(cat);
  tu_rmtree(dir);
}

/*
 * 'test_find()' - Lookups by leaflet and tumour id, whole strings only.
 */
static void test_find(void **state) {
  (void)state;
  char *dir = fixture_with_fonts();
  lf_catalogue *cat = lf_catalogue_load(dir, 1, 0);
  assert_non_null(cat);
  assert_ptr_equal(lf_catalogue_find(cat, "about", NULL), &cat->entries[0]);
  assert_ptr_equal(lf_catalogue_find(cat, "about", ""), &cat->entries[0]);
  assert_ptr_equal(lf_catalogue_find(cat, "drugs", "pancreatic-net"), &cat->entries[1]);
  assert_null(lf_catalogue_find(cat, "drugs", NULL)); /* a template is not a document */
  assert_null(lf_catalogue_find(cat, "drugs", "pancreatic"));
  assert_null(lf_catalogue_find(cat, "drug", "pancreatic-net"));
  assert_null(lf_catalogue_find(cat, "about", "pancreatic-net"));
  assert_null(lf_catalogue_find(cat, "../leaflets/about", NULL));
  assert_false(lf_catalogue_broken(cat, "about"));
  lf_catalogue_free(cat);
  tu_rmtree(dir);
}

/*
 * 'test_errors()' - A broken leaflet file is named and left out; an entry
 * that will not resolve is kept, broken, with its error; a shared file in
 * error is a catalogue with no content; fonts that will not load are
 * reported.  Nothing is fatal.
 */
static void test_errors(void **state) {
  (void)state;
  char text[8192];
  char *dir = fixture_with_fonts();
  tu_write(dir, "leaflets/broken.yaml", "id: broken\ntitle: [not, a, string\n");
  tu_write(dir, "leaflets/drugs.yaml", replace_in(fixture_template, "{immune system}", "{immune sistem}"));
  lf_catalogue *cat = lf_catalogue_load(dir, 1, 0);
  assert_non_null(cat);
  if (!cat->content)
    fail_msg("%s", tu_diags_text(&cat->diags, text, sizeof text));
  assert_true(lf_catalogue_broken(cat, "broken"));
  assert_true(cat->diags.errors >= 1);
  const lf_catalogue_entry *e = lf_catalogue_find(cat, "drugs", "pancreatic-net");
  assert_non_null(e);
  assert_true(e->broken);
  assert_int_equal(e->diags.errors, 1);
  /* as the command line gives it (the column is the resolver's to choose) */
  tu_diags_text(&e->diags, text, sizeof text);
  if (!strstr(text, "/leaflets/drugs.yaml:14:") ||
      !strstr(text, ": error: no glossary term 'immune sistem' (did you mean 'immune system'?)"))
    fail_msg("%s", text);
  assert_int_equal(lf_catalogue_errors(cat), cat->diags.errors + 1);
  lf_catalogue_free(cat);
  /* a drug file in error: no content at all, the error kept */
  tu_write(dir, "leaflets/broken.yaml", overview_leaflet);
  tu_write(dir, "drugs/sunitinib.yaml", "id: sunitinib\nnmae: Sunitinib\n");
  cat = lf_catalogue_load(dir, 2, 0);
  assert_non_null(cat);
  assert_null(cat->content);
  assert_int_equal(cat->count, 0);
  assert_non_null(strstr(tu_diags_text(&cat->diags, text, sizeof text),
                         "sunitinib.yaml:2:1: error: unknown key 'nmae'"));
  lf_catalogue_free(cat);
  /* a version its history does not record: not printed, as `build` refuses
   * it (the server printed "Version 2" signed off as version 1) */
  tu_write(dir, "drugs/sunitinib.yaml", fixture_drug);
  tu_write(dir, "leaflets/broken.yaml", "id: broken\ntitle: [not, a, string\n");
  tu_write(dir, "leaflets/drugs.yaml",
           replace_in(fixture_template, "  next_review: 2028-02-26\n",
                      "  next_review: 2028-02-26\n  version: \"2\"\n  history:\n"
                      "    - version: \"1\"\n      date: 2025-02-26\n"
                      "      changes: First.\n"
                      "      approved_by: {role: Editor, name: A Person}\n"));
  cat = lf_catalogue_load(dir, 3, 0);
  assert_non_null(cat);
  if (!cat->content)
    fail_msg("%s", tu_diags_text(&cat->diags, text, sizeof text));
  e = lf_catalogue_find(cat, "drugs", "pancreatic-net");
  assert_non_null(e);
  assert_true(e->broken);
  if (!strstr(tu_diags_text(&e->diags, text, sizeof text),
              "error: review.version is '2' but the newest history entry"))
    fail_msg("%s", text);
  lf_catalogue_free(cat);
  tu_rmtree(dir);
  /* the fixture's own fonts path (fonts/ beside the content folder) does
   * not exist: the content in a folder of a new temporary folder, so that
   * a /tmp/fonts someone made cannot stand in for it */
  dir = tu_tempdir();
  assert_non_null(dir);
  char content[512];
  snprintf(content, sizeof content, "%s/content", dir);
  assert_int_equal(mkdir(content, 0755), 0);
  write_fixture_files(content);
  cat = lf_catalogue_load(content, 1, 0);
  assert_non_null(cat);
  assert_int_equal(cat->format_count, 1);
  assert_null(lf_catalogue_fonts(cat, cat->formats[0]));
  assert_true(cat->diags.errors >= 1);
  lf_catalogue_free(cat);
  tu_rmtree(dir);
}

/*
 * 'test_pages()' - What pages show: content escaped, entries a search
 * leaves out hidden (not dropped), an overdue leaflet not offered for
 * printing, the print choices, diagnostics only to an author.
 */
static void test_pages(void **state) {
  (void)state;
  char *dir = fixture_with_fonts();
  lf_catalogue *cat = lf_catalogue_load(dir, 3, 0);
  assert_non_null(cat);
  lf_page_context ctx = {.cat = cat, .today = {2025, 6, 1}};
  size_t len;
  char *html = lf_page_catalogue(&ctx, "sutent", &len);
  assert_non_null(html);
  assert_int_equal(strlen(html), len);
  assert_non_null(strstr(html, "<html lang=\"en-GB\">"));
  assert_non_null(strstr(html, "About &lt;targeted&gt; &amp; other drugs"));
  assert_null(strstr(html, "<targeted>"));
  assert_non_null(strstr(html, "<body data-generation=\"3\">"));
  assert_non_null(strstr(html, "1 of 2 leaflets match &ldquo;sutent&rdquo;</p>"));
  assert_non_null(strstr(html, "value=\"sutent\""));
  /* the overview does not match: hidden, so the script can show it again */
  assert_non_null(strstr(html, "other drugs everolimus afinitor neuroendocrine cancer "
                               "immunotherapy about english\" hidden>"));
  assert_non_null(strstr(html, "afinitor drugs english\">"));
  assert_null(strstr(html, "<script>"));
  assert_null(strstr(html, "style=\""));
  free(html);
  /* spaces or a dash are no search (they "matched" every leaflet); a
   * search that finds nothing says what to try */
  html = lf_page_catalogue(&ctx, "  - ", &len);
  assert_non_null(strstr(html, "<p id=\"count\" role=\"status\">2 leaflets</p>"));
  free(html);
  html = lf_page_catalogue(&ctx, "zzz", &len);
  assert_non_null(strstr(html, "0 of 2 leaflets match &ldquo;zzz&rdquo;. Try fewer or shorter "
                               "words, or the drug&rsquo;s other name</p>"));
  free(html);
  /* on 2 Jan 2026 the overview is a day past its review */
  ctx.today = (lf_date){2026, 1, 2};
  html = lf_page_leaflet(&ctx, &cat->entries[0], NULL, NULL, &len);
  assert_non_null(html);
  assert_non_null(strstr(html, "Review overdue by 1 day"));
  assert_non_null(strstr(html, "<strong>Not available for printing.</strong>"));
  assert_null(strstr(html, "<form"));
  free(html);
  ctx.allow_overdue = 1;
  html = lf_page_leaflet(&ctx, &cat->entries[0], NULL, NULL, &len);
  assert_non_null(strstr(html, "<form class=\"print\" method=\"get\" action=\"/leaflets/about/pdf\">"));
  assert_non_null(strstr(html, "every page will say &ldquo;Review overdue&rdquo;"));
  /* a write-in's label ends with one colon, its own or one added (it
   * read "is called:: (a space to write in)") */
  assert_non_null(strstr(html, "name is: (a space to write in)"));
  assert_non_null(strstr(html, "Your next appointment: (a space to write in)"));
  free(html);
  /* the print choices, and a mistake shown at its field */
  ctx.today = (lf_date){2025, 6, 1};
  lf_print_choice choice = {.size = 60};
  html = lf_page_leaflet(&ctx, &cat->entries[1], &choice, "Too big.", &len);
  assert_non_null(strstr(html, "action=\"/leaflets/drugs/pancreatic-net/pdf\""));
  assert_non_null(strstr(html, "<input type=\"radio\" name=\"format\" id=\"format-standard\" "
                               "value=\"standard\"><label for=\"format-standard\">Standard print "
                               "(12 pt)</label>"));
  assert_non_null(strstr(html, "id=\"format-size\" value=\"size\" checked>"));
  assert_non_null(strstr(html, "<div class=\"error-summary\" role=\"alert\">"));
  assert_non_null(strstr(html, "aria-invalid=\"true\" aria-describedby=\"size-error size-hint\" "
                               "value=\"60\""));
  assert_non_null(strstr(html, "value=\"booklet\""));
  assert_non_null(strstr(html, "<title>Error: "));
  assert_non_null(strstr(html, "<a href=\"#size\">Too big.</a>"));
  free(html);
  /* a choice the parser refused comes back as it was sent: the size typed,
   * "Another size" and the booklet (they were reset to Standard, an empty
   * box and A4 pages) */
  char why[256];
  lf_print_choice sent;
  assert_int_equal(lf_print_choice_parse("size", "6%220", "booklet", NULL, &sent, why,
                                         sizeof why), 400);
  html = lf_page_leaflet(&ctx, &cat->entries[1], &sent, why, &len);
  assert_non_null(strstr(html, "id=\"format-size\" value=\"size\" checked>"));
  assert_non_null(strstr(html, "value=\"6&quot;0\""));
  assert_non_null(strstr(html, "id=\"layout-booklet\" value=\"booklet\" checked>"));
  free(html);
  assert_int_equal(lf_print_choice_parse("standard", "30", NULL, NULL, &sent, why, sizeof why),
                   400);
  html = lf_page_leaflet(&ctx, &cat->entries[1], &sent, why, &len);
  assert_non_null(strstr(html, "id=\"format-standard\" value=\"standard\" checked>"));
  assert_non_null(strstr(html, "value=\"30\""));
  free(html);
  /* a problem with the paper is shown at the paper's choices, and the
   * summary leads there (a braille booklet's was under the size box) */
  lf_print_choice paper = {.format = "standard", .booklet = 1, .problem = LF_CHOICE_LAYOUT};
  html = lf_page_leaflet(&ctx, &cat->entries[1], &paper, "Not on A5.", &len);
  assert_non_null(strstr(html, "<a href=\"#layout-pages\">Not on A5.</a>"));
  assert_non_null(strstr(html, "<fieldset aria-describedby=\"layout-error\">\n<legend>Paper"
                               "</legend>\n<p id=\"layout-error\" class=\"error-message\">Not on "
                               "A5.</p>"));
  assert_null(strstr(html, "size-error"));
  assert_null(strstr(html, "aria-invalid"));
  free(html);
  lf_print_choice named = {.format = "Large", .problem = LF_CHOICE_FORMAT};
  html = lf_page_leaflet(&ctx, &cat->entries[1], &named, "No such format.", &len);
  assert_non_null(strstr(html, "<a href=\"#format-standard\">No such format.</a>"));
  assert_non_null(strstr(html, "<p id=\"format-error\" class=\"error-message\">No such "
                               "format.</p>"));
  /* the leaflet's text, one heading level down from the page's */
  assert_non_null(strstr(html, "<h3>Your drugs</h3>"));
  assert_non_null(strstr(html, "<h4>Sunitinib</h4>"));
  free(html);
  lf_catalogue_free(cat);
  /* diagnostics are listed for an author, summed up for anyone else */
  tu_write(dir, "leaflets/broken.yaml", "id: broken\ntitle: [x\n");
  cat = lf_catalogue_load(dir, 4, 0);
  ctx.cat = cat;
  html = lf_page_catalogue(&ctx, "", &len);
  assert_non_null(strstr(html, "Problems in the content"));
  assert_null(strstr(html, "broken.yaml:"));
  free(html);
  ctx.watch = 1;
  html = lf_page_catalogue(&ctx, "", &len);
  assert_non_null(strstr(html, "leaflets/broken.yaml:2:8: error: the list that opens with"));
  assert_non_null(strstr(html, "data-events=\"/events\""));
  free(html);
  lf_catalogue_free(cat);
  tu_rmtree(dir);
}

/*
 * 'test_page_languages()' - A leaflet in Urdu: its title in the catalogue
 * and on its page, and its text, say lang="ur" dir="rtl"; a block in
 * English inside it says lang="en-GB" dir="ltr"; the page's own English
 * ("What the leaflet says") is outside the Urdu.
 */
static void test_page_languages(void **state) {
  (void)state;
  char *dir = fixture_with_fonts();
  tu_write(dir, "leaflets/urdu.yaml",
           "id: urdu\ntitle: \"\u0633\u0648\u0627\u0644\u0627\u062a\"\nlanguage: ur\n"
           "review: {last_reviewed: 2025-01-01, next_review: 2027-01-01}\n"
           "body:\n  - p: \"\u0645\u0636\u0631 \u0627\u062b\u0631\u0627\u062a\"\n"
           "  - p: In English.\n    lang: en-GB\n");
  lf_catalogue *cat = lf_catalogue_load(dir, 3, 0);
  assert_non_null(cat);
  const lf_catalogue_entry *urdu = lf_catalogue_find(cat, "urdu", NULL);
  assert_non_null(urdu);
  assert_false(urdu->broken);
  lf_page_context ctx = {.cat = cat, .today = {2025, 6, 1}};
  size_t len;
  char *html = lf_page_catalogue(&ctx, "", &len);
  assert_non_null(html);
  assert_non_null(strstr(html, "<a href=\"/leaflets/urdu\" lang=\"ur\" dir=\"rtl\">"));
  assert_null(strstr(html, "<a href=\"/leaflets/about\" lang=")); /* English: the page's */
  /* its language by name, and found by it (a title in Urdu script told an
   * English-reading nurse nothing, and "urdu" found nothing) */
  assert_non_null(strstr(html, "<dt>Language</dt><dd>Urdu</dd>"));
  const char *first = strstr(html, "<dt>Language</dt>");
  assert_null(strstr(first + 1, "<dt>Language</dt>")); /* none for English */
  assert_true(lf_catalogue_matches(urdu, "urdu"));
  free(html);
  html = lf_page_leaflet(&ctx, urdu, NULL, NULL, &len);
  assert_non_null(html);
  assert_non_null(strstr(html, "<h1 lang=\"ur\" dir=\"rtl\">"));
  const char *said = strstr(html, "<h2 id=\"text-title\">What the leaflet says</h2>\n"
                                  "<div lang=\"ur\" dir=\"rtl\">\n<p>");
  assert_non_null(said);
  assert_non_null(strstr(said, "<div lang=\"en-GB\" dir=\"ltr\">\n<p>In English.</p>\n</div>"));
  /* "About this leaflet" is the program's English */
  assert_non_null(strstr(said, "<div lang=\"en-GB\" dir=\"ltr\">\n<h3>About this leaflet</h3>"));
  free(html);
  lf_catalogue_free(cat);
  tu_rmtree(dir);
}

/*
 * 'test_assets()' - The style sheet and script, and nothing else.
 */
static void test_assets(void **state) {
  (void)state;
  size_t len;
  const char *type;
  const char *css = lf_asset("leaflet.css", &len, &type);
  assert_non_null(css);
  assert_int_equal(strlen(css), len);
  assert_string_equal(type, "text/css; charset=utf-8");
  assert_non_null(strstr(css, ":focus-visible"));
  const char *js = lf_asset("leaflet.js", &len, &type);
  assert_non_null(js);
  assert_string_equal(type, "text/javascript; charset=utf-8");
  assert_non_null(strstr(js, "EventSource"));
  assert_null(lf_asset("../leaflet.js", &len, &type));
  assert_null(lf_asset("", &len, &type));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_entries), cmocka_unit_test(test_search),
      cmocka_unit_test(test_find),    cmocka_unit_test(test_errors),
      cmocka_unit_test(test_pages),   cmocka_unit_test(test_page_languages),
      cmocka_unit_test(test_assets),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
