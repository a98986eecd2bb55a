/*
 * test_core.c -- unit tests for the arena (src/core/arena.c) and the
 * diagnostics (src/core/diag.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet/arena.h"
#include "leaflet/diag.h"

/* ---- arena -------------------------------------------------------------- */

/*
 * 'is_zero()' - Whether 'size' bytes at 'p' are all zero.
 */
static int is_zero(const void *p, size_t size) {
  const unsigned char *bytes = p;
  for (size_t i = 0; i < size; i++)
    if (bytes[i])
      return 0;
  return 1;
}

/*
 * 'is_aligned()' - Whether 'p' is aligned for any type.
 */
static int is_aligned(const void *p) {
  return (uintptr_t)p % alignof(max_align_t) == 0;
}

/*
 * 'test_arena_alloc()' - Blocks are zeroed, aligned, distinct and counted.
 */
static void test_arena_alloc(void **state) {
  lf_arena *arena = lf_arena_new(0);
  (void)state;

  assert_non_null(arena);
  assert_int_equal(lf_arena_used(arena), 0);
  unsigned char *a = lf_arena_alloc(arena, 3);
  unsigned char *b = lf_arena_alloc(arena, 100);
  unsigned char *c = lf_arena_alloc(arena, 0);
  assert_non_null(a);
  assert_non_null(b);
  assert_non_null(c);
  assert_true(is_aligned(a) && is_aligned(b) && is_aligned(c));
  assert_true(is_zero(a, 3) && is_zero(b, 100));
  assert_ptr_not_equal(a, b);
  assert_ptr_not_equal(b, c);
  memset(a, 0xAA, 3); /* writing one block leaves the next alone */
  memset(b, 0xBB, 100);
  assert_true(is_zero(c, 1));
  assert_true(lf_arena_used(arena) >= 3 + 100 + 1);
  assert_int_equal(lf_arena_used(arena) % alignof(max_align_t), 0);

  /* a block bigger than a chunk */
  unsigned char *big = lf_arena_alloc(arena, 1 << 20);
  assert_non_null(big);
  assert_true(is_aligned(big));
  assert_true(is_zero(big, 1 << 20));
  memset(big, 1, 1 << 20);
  /* and many small blocks across several chunks */
  for (int i = 0; i < 10000; i++) {
    unsigned char *p = lf_arena_alloc(arena, 24);
    assert_non_null(p);
    assert_true(is_aligned(p) && is_zero(p, 24));
    memset(p, 0xFF, 24);
  }
  lf_arena_free(arena);
}

/*
 * 'test_arena_limit()' - An arena hands out no more than its limit, and a
 * refusal costs nothing.
 */
static void test_arena_limit(void **state) {
  const size_t unit = alignof(max_align_t);
  lf_arena *arena = lf_arena_new(16 * unit);
  (void)state;

  assert_non_null(arena);
  for (int i = 0; i < 16; i++)
    assert_non_null(lf_arena_alloc(arena, unit));
  assert_int_equal(lf_arena_used(arena), 16 * unit);
  assert_null(lf_arena_alloc(arena, 1));
  assert_int_equal(lf_arena_used(arena), 16 * unit);
  lf_arena_free(arena);

  /* sizes count rounded up to the alignment */
  arena = lf_arena_new(4 * unit);
  assert_non_null(arena);
  assert_non_null(lf_arena_alloc(arena, 3 * unit + 1));
  assert_null(lf_arena_alloc(arena, 1));
  lf_arena_free(arena);

  /* one request over the limit fails; a smaller one still succeeds */
  arena = lf_arena_new(1000 * unit);
  assert_non_null(arena);
  assert_null(lf_arena_alloc(arena, 1000 * unit + 1));
  assert_int_equal(lf_arena_used(arena), 0);
  assert_non_null(lf_arena_alloc(arena, 1000 * unit));
  lf_arena_free(arena);
}

/*
 * 'test_arena_default_limit()' - 0 means LF_ARENA_DEFAULT_LIMIT; absurd
 * sizes are refused without overflow.
 */
static void test_arena_default_limit(void **state) {
  lf_arena *arena = lf_arena_new(0);
  (void)state;

  assert_non_null(arena);
  assert_null(lf_arena_alloc(arena, LF_ARENA_DEFAULT_LIMIT + 1));
  assert_null(lf_arena_alloc(arena, SIZE_MAX));
  assert_null(lf_arena_alloc(arena, SIZE_MAX - 1));
  assert_int_equal(lf_arena_used(arena), 0);
  assert_non_null(lf_arena_alloc(arena, 1));
  lf_arena_free(arena);
}

/*
 * 'test_arena_array()' - Arrays are zeroed and their sizes checked for
 * overflow.
 */
static void test_arena_array(void **state) {
  lf_arena *arena = lf_arena_new(0);
  (void)state;

  assert_non_null(arena);
  long *numbers = lf_arena_array(arena, 10, sizeof *numbers);
  assert_non_null(numbers);
  assert_true(is_zero(numbers, 10 * sizeof *numbers));
  numbers[9] = 42;

  size_t used = lf_arena_used(arena);
  assert_null(lf_arena_array(arena, SIZE_MAX / 2 + 1, 2));
  assert_null(lf_arena_array(arena, 2, SIZE_MAX / 2 + 1));
  assert_null(lf_arena_array(arena, SIZE_MAX, SIZE_MAX));
  assert_null(lf_arena_array(arena, SIZE_MAX / 8 + 1, 8));
  assert_null(lf_arena_array(arena, (SIZE_MAX >> 4) + 1, 16));
  assert_null(lf_arena_array(arena, SIZE_MAX, 1));
  assert_int_equal(lf_arena_used(arena), used);

  /* empty arrays are still blocks */
  assert_non_null(lf_arena_array(arena, 0, 8));
  assert_non_null(lf_arena_array(arena, 8, 0));
  lf_arena_free(arena);
}

/*
 * 'test_arena_grow()' - A grown array holds the old items, then zeros.
 */
static void test_arena_grow(void **state) {
  lf_arena *arena = lf_arena_new(0);
  (void)state;

  assert_non_null(arena);
  int *small = lf_arena_array(arena, 3, sizeof *small);
  assert_non_null(small);
  small[0] = 1, small[1] = 2, small[2] = 3;
  int *bigger = lf_arena_grow(arena, small, 3, 8, sizeof *bigger);
  assert_non_null(bigger);
  assert_ptr_not_equal(bigger, small);
  assert_int_equal(bigger[0], 1);
  assert_int_equal(bigger[2], 3);
  assert_true(is_zero(bigger + 3, 5 * sizeof *bigger));
  assert_int_equal(small[1], 2); /* the old block stays */

  int *fewer = lf_arena_grow(arena, bigger, 8, 2, sizeof *fewer);
  assert_non_null(fewer);
  assert_int_equal(fewer[1], 2);

  int *fresh = lf_arena_grow(arena, NULL, 0, 4, sizeof *fresh);
  assert_non_null(fresh);
  assert_true(is_zero(fresh, 4 * sizeof *fresh));

  assert_null(lf_arena_grow(arena, small, 3, SIZE_MAX / 2, sizeof *small));
  lf_arena_free(arena);
}

/*
 * 'test_arena_strings()' - Copies and formatted strings.
 */
static void test_arena_strings(void **state) {
  lf_arena *arena = lf_arena_new(0);
  char source[] = "sunitinib";
  (void)state;

  assert_non_null(arena);
  char *copy = lf_arena_strdup(arena, source);
  assert_non_null(copy);
  assert_ptr_not_equal(copy, source);
  source[0] = 'S';
  assert_string_equal(copy, "sunitinib");

  char *prefix = lf_arena_strndup(arena, "sunitinib", 5);
  assert_string_equal(prefix, "sunit");
  char *with_nul = lf_arena_strndup(arena, "a\0b", 3);
  assert_memory_equal(with_nul, "a\0b\0", 4);
  assert_string_equal(lf_arena_strndup(arena, "x", 0), "");
  assert_null(lf_arena_strndup(arena, "x", SIZE_MAX));
  assert_null(lf_arena_strdup(arena, NULL));

  char *text = lf_arena_printf(arena, "%s:%d:%d", "f.yaml", 4, 7);
  assert_string_equal(text, "f.yaml:4:7");
  assert_string_equal(lf_arena_printf(arena, "%s", ""), "");

  char long_word[5000];
  memset(long_word, 'w', sizeof long_word - 1);
  long_word[sizeof long_word - 1] = '\0';
  char *long_text = lf_arena_printf(arena, "<%s>", long_word);
  assert_non_null(long_text);
  assert_int_equal(strlen(long_text), sizeof long_word + 1);
  lf_arena_free(arena);

  /* strings respect the limit too */
  arena = lf_arena_new(alignof(max_align_t));
  assert_non_null(arena);
  assert_null(lf_arena_strdup(arena, "a string longer than the limit"));
  assert_null(lf_arena_printf(arena, "%s", "a string longer than the limit"));
  lf_arena_free(arena);
}

/*
 * 'test_arena_null()' - A NULL arena is refused, not dereferenced.
 */
static void test_arena_null(void **state) {
  (void)state;
  assert_null(lf_arena_alloc(NULL, 1));
  assert_int_equal(lf_arena_used(NULL), 0);
  lf_arena_free(NULL);
}

/* ---- diagnostics -------------------------------------------------------- */

/*
 * 'format_diag()' - Format one made-up diagnostic into 'buf'.
 */
static const char *format_diag(lf_severity sev, const char *file, int line,
                               int column, const char *message, char *buf,
                               size_t size) {
  lf_diag diag;
  diag.severity = sev;
  diag.pos.file = file;
  diag.pos.line = line;
  diag.pos.column = column;
  diag.message = (char *)message;
  return lf_diag_format(&diag, buf, size);
}

/*
 * 'test_diags_json()' - A diagnostic about a whole file has null for its
 * line and column in JSON (it gave "line": 0, a line no editor has); a
 * line with no column is column 1, as in the text form.
 */
static void test_diags_json(void **state) {
  (void)state;
  lf_diags d;
  lf_diags_init(&d);
  lf_error(&d, (lf_pos){"glossary.yaml", 0, 0}, "empty file");
  lf_warning(&d, (lf_pos){"a.yaml", 2, 0}, "m");
  lf_error(&d, (lf_pos){"b.yaml", 3, 4}, "n");
  char *text = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&text, &len);
  assert_non_null(fp);
  lf_diags_print_json(&d, fp);
  fclose(fp);
  assert_non_null(strstr(text, "{\"file\": \"glossary.yaml\", \"line\": null, \"column\": null, "));
  assert_non_null(strstr(text, "{\"file\": \"a.yaml\", \"line\": 2, \"column\": 1, "));
  assert_non_null(strstr(text, "{\"file\": \"b.yaml\", \"line\": 3, \"column\": 4, "));
  free(text);
  lf_diags_free(&d);
}

/*
 * 'test_diag_format()' - The three forms, each severity, and truncation.
 */
static void test_diag_format(void **state) {
  char buf[256];
  (void)state;

  assert_string_equal(
      format_diag(LF_ERROR, "content/drugs/sunitinib.yaml", 4, 7,
                  "unknown key 'nmae' (did you mean 'name'?)", buf,
                  sizeof buf),
      "content/drugs/sunitinib.yaml:4:7: error: unknown key 'nmae' (did you "
      "mean 'name'?)");
  assert_string_equal(
      format_diag(LF_ERROR, "glossary.yaml", 0, 0, "empty file", buf,
                  sizeof buf),
      "glossary.yaml: error: empty file");
  assert_string_equal(
      format_diag(LF_ERROR, NULL, 3, 4, "no leaflets found", buf, sizeof buf),
      "leaflet: error: no leaflets found");
  assert_string_equal(
      format_diag(LF_WARNING, "a.yaml", 12, 1, "word split", buf, sizeof buf),
      "a.yaml:12:1: warning: word split");
  assert_string_equal(
      format_diag(LF_NOTE, "a.yaml", 2, 5, "first given here", buf,
                  sizeof buf),
      "a.yaml:2:5: note: first given here");
  /* a line with no column still prints one */
  assert_string_equal(
      format_diag(LF_ERROR, "a.yaml", 2, 0, "m", buf, sizeof buf),
      "a.yaml:2:1: error: m");

  /* truncated to the buffer, always terminated; the buffer is returned */
  char small[10];
  assert_ptr_equal(
      format_diag(LF_ERROR, "a.yaml", 1, 1, "message", small, sizeof small),
      small);
  assert_string_equal(small, "a.yaml:1:");
}

/*
 * 'test_diag_add()' - Diagnostics keep their own copies and are counted by
 * severity.
 */
static void test_diag_add(void **state) {
  lf_diags diags;
  char file[] = "a.yaml";
  char buf[256];
  lf_pos pos = {file, 3, 9};
  (void)state;

  lf_diags_init(&diags);
  lf_error(&diags, pos, "unknown key '%s'", "nmae");
  lf_warning(&diags, pos, "%d words", 3);
  lf_diag_add(&diags, LF_NOTE, pos, "note %s", "here");
  file[0] = 'z';

  assert_int_equal(diags.count, 3);
  assert_int_equal(diags.errors, 1);
  assert_int_equal(diags.warnings, 1);
  assert_string_equal(lf_diag_format(&diags.items[0], buf, sizeof buf),
                      "a.yaml:3:9: error: unknown key 'nmae'");
  assert_string_equal(lf_diag_format(&diags.items[1], buf, sizeof buf),
                      "a.yaml:3:9: warning: 3 words");
  assert_string_equal(lf_diag_format(&diags.items[2], buf, sizeof buf),
                      "a.yaml:3:9: note: note here");

  /* a message longer than the formatting buffer is cut, not overrun */
  char long_word[3000];
  memset(long_word, 'x', sizeof long_word - 1);
  long_word[sizeof long_word - 1] = '\0';
  lf_error(&diags, pos, "%s", long_word);
  assert_int_equal(diags.count, 4);
  size_t cut = strlen(diags.items[3].message);
  assert_true(cut < sizeof long_word - 1);
  assert_memory_equal(diags.items[3].message, long_word, cut - 3);
  assert_string_equal(diags.items[3].message + cut - 3, "...");

  /* ... at a character: never half of one (invalid UTF-8 in JSON) */
  char accents[3001];
  for (size_t i = 0; i + 1 < sizeof accents; i += 2)
    memcpy(accents + i, "\xc3\xa9", 2);
  accents[sizeof accents - 1] = '\0';
  lf_error(&diags, pos, "x%s", accents); /* odd: a cut at 1020 splits one */
  const char *m = diags.items[4].message;
  size_t mlen = strlen(m);
  assert_string_equal(m + mlen - 3, "...");
  assert_true(((unsigned char)m[mlen - 4] & 0xC0) == 0x80); /* ends a character */
  assert_true(((unsigned char)m[mlen - 5] & 0xE0) == 0xC0);
  char small[20]; /* room for "leaflet: error: " and one and a half accents */
  lf_diag fake = {LF_ERROR, {NULL, 0, 0}, accents, LF_DIAG_GENERAL};
  lf_diag_format(&fake, small, sizeof small);
  assert_string_equal(small, "leaflet: error: \xc3\xa9");

  /* a quote cut by a precision inside a character ("%.30s" counts
   * bytes) loses the half character, not the rest of the message */
  lf_warning(&diags, pos, "sentence starting '%.3s' is long", "ab\xc5\x82\xc4\x85" "d");
  assert_string_equal(diags.items[5].message, "sentence starting 'ab' is long");
  lf_warning(&diags, pos, "'%.4s'", "\xe2\x80\x9c" "abc");
  assert_string_equal(diags.items[6].message, "'\xe2\x80\x9c" "a'");

  lf_diags_free(&diags);
  assert_int_equal(diags.count, 0);
  assert_int_equal(diags.errors, 0);
  assert_null(diags.items);
}

/*
 * 'read_printed()' - What lf_diags_print() writes, in a malloc()ed string.
 */
static char *read_printed(const lf_diags *diags) {
  char *text = NULL;
  size_t size = 0;
  FILE *fp = open_memstream(&text, &size);
  assert_non_null(fp);
  lf_diags_print(diags, fp);
  assert_int_equal(fclose(fp), 0);
  return text;
}

/*
 * 'test_diags_max()' - Past LF_DIAGS_MAX diagnostics are counted, not kept,
 * and printing says how many were left out.
 */
static void test_diags_max(void **state) {
  lf_diags diags;
  lf_pos pos = {"a.yaml", 1, 1};
  (void)state;

  lf_diags_init(&diags);
  for (int i = 0; i < LF_DIAGS_MAX + 5; i++)
    lf_error(&diags, pos, "error %d", i);
  for (int i = 0; i < 3; i++)
    lf_warning(&diags, pos, "warning %d", i);
  assert_int_equal(diags.count, LF_DIAGS_MAX);
  assert_int_equal(diags.errors, LF_DIAGS_MAX + 5);
  assert_int_equal(diags.warnings, 3);
  assert_string_equal(diags.items[LF_DIAGS_MAX - 1].message, "error 999");

  char *text = read_printed(&diags);
  assert_non_null(text);
  assert_true(strncmp(text, "a.yaml:1:1: error: error 0\n", 27) == 0);
  const char *last = "a.yaml:1:1: error: error 999\n"
                     "note: 8 more diagnostics not shown\n";
  assert_true(strlen(text) > strlen(last));
  assert_string_equal(text + strlen(text) - strlen(last), last);
  free(text);
  lf_diags_free(&diags);
}

/*
 * 'test_diags_print()' - One line each; no note when nothing was dropped.
 */
static void test_diags_print(void **state) {
  lf_diags diags;
  lf_pos in_file = {"a.yaml", 2, 3}, whole = {"b.yaml", 0, 0},
         nowhere = {NULL, 0, 0};
  (void)state;

  lf_diags_init(&diags);
  char *text = read_printed(&diags);
  assert_string_equal(text, "");
  free(text);

  lf_error(&diags, in_file, "one");
  lf_warning(&diags, whole, "two");
  lf_error(&diags, nowhere, "three");
  text = read_printed(&diags);
  assert_string_equal(text, "a.yaml:2:3: error: one\n"
                            "b.yaml: warning: two\n"
                            "leaflet: error: three\n");
  free(text);
  lf_diags_free(&diags);
}

/*
 * 'test_diags_append()' - A worker's list joins the batch's with its counts,
 * and is left empty.
 */
static void test_diags_append(void **state) {
  lf_diags batch, worker;
  lf_pos pos = {"w.yaml", 5, 6};
  char buf[256];
  (void)state;

  lf_diags_init(&batch);
  lf_diags_init(&worker);
  lf_error(&batch, pos, "first");
  lf_error(&worker, pos, "second");
  lf_warning(&worker, pos, "third");
  lf_diags_append(&batch, &worker);

  assert_int_equal(batch.count, 3);
  assert_int_equal(batch.errors, 2);
  assert_int_equal(batch.warnings, 1);
  assert_string_equal(lf_diag_format(&batch.items[1], buf, sizeof buf),
                      "w.yaml:5:6: error: second");
  assert_string_equal(lf_diag_format(&batch.items[2], buf, sizeof buf),
                      "w.yaml:5:6: warning: third");
  assert_int_equal(worker.count, 0);
  assert_int_equal(worker.errors, 0);

  /* counts past the cap travel too */
  for (int i = 0; i < LF_DIAGS_MAX + 10; i++)
    lf_error(&worker, pos, "many %d", i);
  lf_diags_append(&batch, &worker);
  assert_int_equal(batch.count, LF_DIAGS_MAX);
  assert_int_equal(batch.errors, 2 + LF_DIAGS_MAX + 10);
  assert_int_equal(batch.warnings, 1);

  lf_diags_free(&batch);
  lf_diags_free(&worker);
}

/*
 * 'test_diags_said_once()' - The same message for the same place (text set
 * twice: a title on a booklet's cover and atop its first page) is stored
 * and counted once; another place, another message, another severity or
 * a message with no line is another report.  Two lists joined keep both
 * (two documents, each with its report).
 */
static void test_diags_said_once(void **state) {
  lf_diags diags, other;
  lf_pos at = {"a.yaml", 5, 8}, below = {"a.yaml", 6, 8}, right = {"a.yaml", 5, 9},
         elsewhere = {"b.yaml", 5, 8}, whole = {"a.yaml", 0, 0};
  (void)state;

  lf_diags_init(&diags);
  lf_diags_init(&other);
  lf_warning(&diags, at, "word '%s' is wider than the line", "x");
  lf_warning(&diags, at, "word 'x' is wider than the line");
  assert_int_equal(diags.count, 1);
  assert_int_equal(diags.warnings, 1);
  lf_warning(&diags, below, "word 'x' is wider than the line");
  lf_warning(&diags, right, "word 'x' is wider than the line");
  lf_warning(&diags, elsewhere, "word 'x' is wider than the line");
  lf_warning(&diags, at, "word 'y' is wider than the line");
  lf_error(&diags, at, "word 'x' is wider than the line");
  lf_warning(&diags, whole, "split across pages");
  lf_warning(&diags, whole, "split across pages");
  assert_int_equal(diags.count, 8);
  assert_int_equal(diags.warnings, 7);
  assert_int_equal(diags.errors, 1);

  lf_warning(&other, at, "word 'x' is wider than the line");
  lf_diags_append(&diags, &other);
  assert_int_equal(diags.count, 9);
  assert_int_equal(diags.warnings, 8);
  lf_diags_free(&diags);
}

/*
 * 'test_diag_kinds()' - A diagnostic keeps the kind it was reported with
 * (the shorthands report LF_DIAG_GENERAL), counts as its severity, reads
 * as any other, and keeps its kind when its list joins another.
 */
static void test_diag_kinds(void **state) {
  lf_diags diags, joined;
  lf_pos pos = {"letter.yaml", 2, 3};
  char buf[256];
  (void)state;

  lf_diags_init(&diags);
  lf_diags_init(&joined);
  lf_error(&diags, pos, "plain");
  lf_diag_add_kind(&diags, LF_ERROR, LF_DIAG_LETTER, pos, "the letter has no %s", "address");
  lf_diag_add_kind(&diags, LF_WARNING, LF_DIAG_WORD_SPLIT, pos, "word '%s' was split", "x");
  lf_diag_add_kind(&diags, LF_ERROR, LF_DIAG_NO_MEMORY, pos, "out of memory");
  assert_int_equal(diags.count, 4);
  assert_int_equal(diags.errors, 3);
  assert_int_equal(diags.warnings, 1);
  assert_int_equal(diags.items[0].kind, LF_DIAG_GENERAL);
  assert_int_equal(diags.items[1].kind, LF_DIAG_LETTER);
  assert_int_equal(diags.items[2].kind, LF_DIAG_WORD_SPLIT);
  assert_int_equal(diags.items[3].kind, LF_DIAG_NO_MEMORY);
  assert_string_equal(lf_diag_format(&diags.items[1], buf, sizeof buf),
                      "letter.yaml:2:3: error: the letter has no address");

  lf_warning(&joined, pos, "first");
  lf_diags_append(&joined, &diags);
  assert_int_equal(joined.count, 5);
  assert_int_equal(joined.errors, 3);
  assert_int_equal(joined.warnings, 2);
  assert_int_equal(joined.items[0].kind, LF_DIAG_GENERAL);
  assert_int_equal(joined.items[2].kind, LF_DIAG_LETTER);
  assert_int_equal(joined.items[3].kind, LF_DIAG_WORD_SPLIT);
  assert_int_equal(joined.items[4].kind, LF_DIAG_NO_MEMORY);
  assert_string_equal(joined.items[3].message, "word 'x' was split");

  lf_diags_free(&joined);
  lf_diags_free(&diags);
}

/* ---- nearest name ------------------------------------------------------- */

/*
 * 'test_nearest_name_keys()' - Misspelt keys find the key meant.
 */
static void test_nearest_name_keys(void **state) {
  static const char *const keys[] = {"id",   "name",  "brand_names",
                                     "kind", "class", "how_it_works"};
  const size_t n = sizeof keys / sizeof keys[0];
  (void)state;

  assert_string_equal(lf_nearest_name("nmae", keys, n), "name");
  assert_string_equal(lf_nearest_name("nam", keys, n), "name");
  assert_string_equal(lf_nearest_name("names", keys, n), "name");
  assert_string_equal(lf_nearest_name("NAME", keys, n), "name");
  assert_string_equal(lf_nearest_name("kidn", keys, n), "kind");
  assert_string_equal(lf_nearest_name("clsas", keys, n), "class");
  assert_string_equal(lf_nearest_name("brandnames", keys, n), "brand_names");
  assert_string_equal(lf_nearest_name("how_it_wroks", keys, n),
                      "how_it_works");
  assert_string_equal(lf_nearest_name("di", keys, n), "id");
  assert_null(lf_nearest_name("xyz", keys, n));
  assert_null(lf_nearest_name("title", keys, n));
  assert_null(lf_nearest_name("", keys, n));
}

/*
 * 'test_nearest_name_ids()' - Misspelt drug names find the drug meant.
 */
static void test_nearest_name_ids(void **state) {
  static const char *const drugs[] = {"sunitinib", "everolimus",
                                      "atezolizumab", "durvalumab"};
  const size_t n = sizeof drugs / sizeof drugs[0];
  (void)state;

  assert_string_equal(lf_nearest_name("sunitnib", drugs, n), "sunitinib");
  assert_string_equal(lf_nearest_name("sunitinbi", drugs, n), "sunitinib");
  assert_string_equal(lf_nearest_name("usnitinib", drugs, n), "sunitinib");
  assert_string_equal(lf_nearest_name("Sunitinib", drugs, n), "sunitinib");
  assert_string_equal(lf_nearest_name("evrolimus", drugs, n), "everolimus");
  assert_string_equal(lf_nearest_name("atezolizumba", drugs, n),
                      "atezolizumab");
  assert_string_equal(lf_nearest_name("durvalamab", drugs, n), "durvalumab");
  assert_null(lf_nearest_name("xyz", drugs, n));
  assert_null(lf_nearest_name("cisplatin", drugs, n));
}

/*
 * 'test_nearest_name_threshold()' - Up to max(1, length / 3) edits; one
 * transposition is one edit.
 */
static void test_nearest_name_threshold(void **state) {
  static const char *const six[] = {"abcdef"};
  static const char *const two[] = {"ab"};
  (void)state;

  assert_string_equal(lf_nearest_name("abcdxy", six, 1), "abcdef");  /* 2 */
  assert_null(lf_nearest_name("abcxyz", six, 1));                    /* 3 */
  assert_string_equal(lf_nearest_name("bacdfe", six, 1), "abcdef");  /* 2 */
  assert_null(lf_nearest_name("badcfe", six, 1));                    /* 3 */
  assert_string_equal(lf_nearest_name("ba", two, 1), "ab");          /* 1 */
  assert_string_equal(lf_nearest_name("xb", two, 1), "ab");          /* 1 */
  assert_null(lf_nearest_name("xy", two, 1));                        /* 2 */
}

/*
 * 'test_nearest_name_edges()' - Ties, NULL candidates, no candidates, long
 * words.
 */
static void test_nearest_name_edges(void **state) {
  static const char *const tie[] = {"cat", "bat"};
  static const char *const with_null[] = {NULL, "name"};
  static const char *const closer_later[] = {"nmaes", "nmae"};
  char long_word[200];
  (void)state;

  assert_string_equal(lf_nearest_name("hat", tie, 2), "cat");
  assert_string_equal(lf_nearest_name("nmae", with_null, 2), "name");
  assert_string_equal(lf_nearest_name("nmae", closer_later, 2), "nmae");
  assert_null(lf_nearest_name("name", NULL, 0));

  memset(long_word, 'a', sizeof long_word - 1);
  long_word[sizeof long_word - 1] = '\0';
  assert_null(lf_nearest_name(long_word, with_null, 2));
}

/*
 * 'main()' - Run the arena and diagnostics tests.
 */
int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_arena_alloc),
      cmocka_unit_test(test_arena_limit),
      cmocka_unit_test(test_arena_default_limit),
      cmocka_unit_test(test_arena_array),
      cmocka_unit_test(test_arena_grow),
      cmocka_unit_test(test_arena_strings),
      cmocka_unit_test(test_arena_null),
      cmocka_unit_test(test_diag_format),
      cmocka_unit_test(test_diags_json),
      cmocka_unit_test(test_diag_add),
      cmocka_unit_test(test_diags_max),
      cmocka_unit_test(test_diags_print),
      cmocka_unit_test(test_diags_append),
      cmocka_unit_test(test_diags_said_once),
      cmocka_unit_test(test_diag_kinds),
      cmocka_unit_test(test_nearest_name_keys),
      cmocka_unit_test(test_nearest_name_ids),
      cmocka_unit_test(test_nearest_name_threshold),
      cmocka_unit_test(test_nearest_name_edges),
  };
  return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
