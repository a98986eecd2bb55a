/*
 * fuzz_words.c -- arbitrary bytes as a words file (content/words/<tag>.yaml:
 * the program's own words in a language, written by a service's
 * translators), through the YAML loader and lf_words_parse(), then every
 * word the program makes from them: page numbers, review dates (short and
 * long, on time and overdue), the About facts, the booklet's cover lines,
 * link and QR code alternative text.
 *
 * Invariants checked besides memory safety: the words parse if and only if
 * no error was reported; what they make is valid UTF-8; a date fits in
 * LF_WORDS_DATE_MAX bytes, as words.h promises (the same in that room as
 * in a larger one); the review note's three parts make up the note; a page
 * number's digits are the words' digits; diagnostics are well formed
 * (harness.h).
 */
#include "harness.h"

#include "leaflet/arena.h"
#include "leaflet/words.h"
#include "leaflet/yaml.h"

/*
 * 'LLVMFuzzerInitialize()' - Nothing to set up.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

/*
 * 'check_text()' - Valid UTF-8 (NULL: out of memory, allowed).
 */
static void check_text(const char *s, const char *what) {
  if (!s)
    return;
  const char *p = s, *end = s + strlen(s);
  while (p < end)
    if (lf_utf8_next(&p, end) < 0)
      fz_die(what, "not valid UTF-8");
}

/*
 * 'check_date()' - A date in LF_WORDS_DATE_MAX bytes and in more: the same.
 */
static void check_date(const lf_words *w, lf_date d, int long_form) {
  char small[LF_WORDS_DATE_MAX], large[4096];
  if (long_form) {
    lf_words_date_long(w, d, small, sizeof small);
    lf_words_date_long(w, d, large, sizeof large);
  } else {
    lf_words_date(w, d, small, sizeof small);
    lf_words_date(w, d, large, sizeof large);
  }
  if (strcmp(small, large) != 0)
    fz_die("a date longer than LF_WORDS_DATE_MAX", large);
  check_text(large, "a date");
}

/*
 * 'use()' - Everything the program makes from the words.
 */
static void use(lf_arena *arena, const lf_words *w) {
  static const lf_date dates[] = {{2028, 2, 26}, {1, 1, 1}, {9999, 12, 31}, {2026, 11, 9}};
  for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
    check_date(w, dates[i], 0);
    check_date(w, dates[i], 1);
    for (int overdue = 0; overdue < 2; overdue++) {
      const char *parts[3] = {NULL, NULL, NULL};
      char *note = lf_words_review(arena, w, dates[i], overdue, parts);
      check_text(note, "a review note");
      if (note && parts[0] && parts[1] && parts[2]) {
        size_t a = strlen(parts[0]), b = strlen(parts[1]), c = strlen(parts[2]);
        if (a + b + c != strlen(note) || strncmp(note, parts[0], a) != 0 ||
            strncmp(note + a, parts[1], b) != 0 || strcmp(note + a + b, parts[2]) != 0)
          fz_die("a review note that is not its three parts", note);
      }
    }
  }
  static const size_t pages[][2] = {{1, 1}, {7, 12}, {99, 128}, {12345, 99999}};
  for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
    char *page = lf_words_page(arena, w, pages[i][0], pages[i][1]);
    check_text(page, "a page number");
    /* its numbers in the words' digits: no ASCII digit unless they are ASCII
     * or the words themselves hold one */
    if (page && w->zero != '0' && !strpbrk(w->text[LF_WORD_PAGE], "0123456789") &&
        strpbrk(page, "0123456789"))
      fz_die("a page number not in the words' digits", page);
  }
  static const char *const names[] = {"publisher", "tumour"};
  static const char *const values[] = {"Cancer Research UK", "pancreatic NET"};
  check_text(lf_words_fill(arena, w, LF_WORD_PUBLISHER, names, values, 1), "a cover line");
  check_text(lf_words_fill(arena, w, LF_WORD_TUMOUR_TYPE, names + 1, values + 1, 1),
             "a cover line");
  check_text(lf_words_link(arena, w, LF_WORD_LINK, "https://example.org/a?b=c&d"),
             "a link's text");
  check_text(lf_words_link(arena, w, LF_WORD_QR_CODE, "https://example.org/"),
             "a QR code's text");
  for (int k = 0; k < LF_WORD_COUNT; k++)
    check_text(w->text[k], "a word");
}

/*
 * 'LLVMFuzzerTestOneInput()' - Load, parse as the words of Persian, use.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  lf_arena *arena = lf_arena_new(64u << 20);
  if (!arena)
    return 0;
  lf_diags diags;
  lf_diags_init(&diags);
  lf_node *root = lf_yaml_load_buffer(arena, "words/fa.yaml", (const char *)data, size, &diags);
  if (root && root->kind == LF_NODE_MAPPING) { /* as the loader gives it (else an error) */
    size_t before = diags.errors;
    lf_words *w = lf_words_parse(arena, root, "words/fa.yaml", "fa", &diags);
    if (!w && diags.errors == before)
      fz_die("words refused without an error", NULL);
    if (w && diags.errors != before)
      fz_die("words parsed with errors", NULL);
    if (w)
      use(arena, w);
  }
  fz_check_diags(&diags);
  lf_diags_free(&diags);
  lf_arena_free(arena);
  return 0;
}
