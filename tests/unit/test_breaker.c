/*
 * test_breaker.c -- line breaking by total fit (lf_break_lines).
 *
 * Widths come from the real fonts (Atkinson Hyperlegible, DejaVu Sans as
 * the fallback), shaped as the breaker shapes them (each word and each
 * space on its own, kerning and all), so each test computes the measure it
 * needs from them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "leaflet/arena.h"
#include "leaflet/diag.h"
#include "leaflet/document.h"
#include "leaflet/fonts.h"
#include "leaflet/layout.h"
#include "leaflet/utf8.h"

#define SIZE 12.0

/* What every test shares: the font sets, loaded once: Latin only, and the
 * same with Arabic and Chinese faces. */
typedef struct fixture {
  lf_fontset fonts;
  lf_fontset scripts;
} fixture;

/* A run to build a paragraph from. */
typedef struct run_spec {
  const char *text;
  unsigned style;
  const char *href;
} run_spec;

/* 'setup()' - Load Atkinson regular and bold with DejaVu as fallbacks. */
static int setup(void **state) {
  static const char *const paths[LF_FACE_COUNT] = {
      "fonts/AtkinsonHyperlegible-Regular.ttf",
      "fonts/AtkinsonHyperlegible-Bold.ttf",
      "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
      "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"};
  fixture *fx = calloc(1, sizeof *fx);
  if (!fx)
    return -1;
  lf_diags diags;
  lf_diags_init(&diags);
  const char *naskh[2] = {"/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf", NULL};
  const char *cjk[2] = {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", NULL};
  if (lf_fontset_load(&fx->fonts, paths, &diags) < 0 ||
      lf_fontset_load(&fx->scripts, paths, &diags) < 0 ||
      lf_fontset_add_script(&fx->scripts, LF_FONT_SCRIPT_ARABIC, naskh, 0, &diags) < 0 ||
      lf_fontset_add_script(&fx->scripts, LF_FONT_SCRIPT_CHINESE_SIMPLIFIED, cjk, 2, &diags) <
          0) {
    lf_diags_print(&diags, stderr);
    lf_diags_free(&diags);
    free(fx);
    return -1;
  }
  lf_diags_free(&diags);
  *state = fx;
  return 0;
}

/* 'teardown()' - Free the font set. */
static int teardown(void **state) {
  fixture *fx = *state;
  lf_fontset_free(&fx->fonts);
  lf_fontset_free(&fx->scripts);
  free(fx);
  return 0;
}

/* 'make_inline()' - A paragraph of 'count' runs, in the arena. */
static lf_inline make_inline(lf_arena *arena, const run_spec *specs,
                             size_t count) {
  lf_inline in = {lf_arena_array(arena, count, sizeof(lf_run)), count};
  assert_non_null(in.runs);
  for (size_t i = 0; i < count; i++) {
    in.runs[i].text = specs[i].text;
    in.runs[i].len = strlen(specs[i].text);
    in.runs[i].style = specs[i].style;
    in.runs[i].href = specs[i].href;
  }
  return in;
}

/*
 * 'units_of()' - Width of UTF-8 'text' in 1/1000 em in one face, shaped
 * as the breaker shapes it: each word and each space on its own, in the
 * script of its first character (resolved as itemize.c resolves it), left
 * to right, with no language; rounded to the nearest unit (exact for
 * Atkinson Hyperlegible's 1000 units to the em).
 */
static long units_of(const fixture *fx, lf_face face, const char *text) {
  const lf_font *font = lf_fontset_face(&fx->fonts, face);
  uint32_t cps[256];
  size_t offsets[257], n = 0;
  const char *p = text, *end = text + strlen(text);
  while (p < end) {
    assert_true(n < 256);
    offsets[n] = (size_t)(p - text);
    int32_t cp = lf_utf8_next(&p, end);
    assert_true(cp >= 0);
    cps[n++] = (uint32_t)cp;
  }
  offsets[n] = strlen(text);
  lf_script_tag scripts[256];
  lf_resolve_scripts(cps, n, scripts);
  lf_glyph_buf buf = {0};
  for (size_t i = 0; i < n;) {
    size_t start = i++;
    if (cps[start] != ' ')
      while (i < n && cps[i] != ' ')
        i++;
    assert_int_equal(lf_shape(NULL, font, text + offsets[start], offsets[i] - offsets[start],
                              scripts[start], 0, NULL, &buf),
                     0);
  }
  long sum = 0;
  for (size_t g = 0; g < buf.count; g++)
    sum += buf.items[g].advance;
  lf_glyph_buf_free(&buf);
  unsigned upem = lf_font_units_per_em(font);
  return (sum * 1000 + upem / 2) / upem;
}

/* 'points_of()' - Width of 'text' in the regular face at SIZE, in pt. */
static double points_of(const fixture *fx, const char *text) {
  return (double)units_of(fx, LF_FACE_REGULAR, text) * SIZE / 1000.0;
}

/* 'line_text()' - The text of a line (its pieces joined), malloc'd. */
static char *line_text(const lf_line *line) {
  size_t len = 0;
  for (size_t i = 0; i < line->count; i++)
    len += line->pieces[i].len;
  char *s = malloc(len + 1);
  assert_non_null(s);
  size_t at = 0;
  for (size_t i = 0; i < line->count; i++) {
    memcpy(s + at, line->pieces[i].text, line->pieces[i].len);
    at += line->pieces[i].len;
  }
  s[at] = '\0';
  return s;
}

/* 'assert_line()' - Line 'i' reads 'expected'. */
static void assert_line(const lf_lines *lines, size_t i, const char *expected) {
  assert_true(i < lines->count);
  char *text = line_text(&lines->lines[i]);
  assert_string_equal(text, expected);
  free(text);
}

/* 'collapse()' - The runs' text with white space collapsed and trimmed, as
 * the breaker should give it back; malloc'd. */
static char *collapse(const lf_inline *in) {
  size_t total = 0;
  for (size_t r = 0; r < in->count; r++)
    total += in->runs[r].len;
  char *s = malloc(total + 1);
  assert_non_null(s);
  size_t at = 0;
  int pending = 0;
  for (size_t r = 0; r < in->count; r++)
    for (size_t i = 0; i < in->runs[r].len; i++) {
      char c = in->runs[r].text[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pending = at > 0;
        continue;
      }
      if (pending)
        s[at++] = ' ';
      pending = 0;
      s[at++] = c;
    }
  s[at] = '\0';
  return s;
}

/* 'joined()' - All lines joined with 'separator'; malloc'd. */
static char *joined(const lf_lines *lines, const char *separator) {
  size_t total = 1;
  for (size_t i = 0; i < lines->count; i++) {
    total += strlen(separator);
    for (size_t j = 0; j < lines->lines[i].count; j++)
      total += lines->lines[i].pieces[j].len;
  }
  char *s = malloc(total);
  assert_non_null(s);
  s[0] = '\0';
  for (size_t i = 0; i < lines->count; i++) {
    char *text = line_text(&lines->lines[i]);
    if (i)
      strcat(s, separator);
    strcat(s, text);
    free(text);
  }
  return s;
}

/* 'check_lines()' - Every line fits the measure, widths add up, no piece is
 * empty and no line starts or ends with a space. */
static void check_lines(const lf_lines *lines, double measure) {
  for (size_t i = 0; i < lines->count; i++) {
    const lf_line *line = &lines->lines[i];
    assert_true(line->count > 0);
    double sum = 0;
    for (size_t j = 0; j < line->count; j++) {
      assert_true(line->pieces[j].len > 0);
      sum += line->pieces[j].width;
    }
    assert_true(sum == line->width);
    if (line->width > measure + 1e-9)
      fail_msg("line %zu is %.6f pt wide in a measure of %.6f pt", i,
               line->width, measure);
    assert_int_not_equal(line->pieces[0].text[0], ' ');
    const lf_piece *last = &line->pieces[line->count - 1];
    assert_int_not_equal(last->text[last->len - 1], ' ');
  }
}

/* 'break_run()' - Break one regular run in 'language' (NULL: none) with
 * 'fonts'; expects success, and no diagnostic but one warning for each of
 * 'splits' words split; the lines within the measure. */
static lf_lines break_run(const lf_fontset *fonts, lf_arena *arena, const char *text,
                          const char *language, double measure, size_t splits) {
  run_spec spec = {text, 0, NULL};
  lf_inline in = make_inline(arena, &spec, 1);
  lf_lines lines;
  lf_diags diags;
  lf_diags_init(&diags);
  assert_int_equal(lf_break_lines(arena, fonts, &in, language, SIZE, measure,
                                  (lf_pos){"t.yaml", 1, 1}, &lines, &diags),
                   0);
  if (diags.count != splits)
    lf_diags_print(&diags, stderr);
  assert_int_equal(diags.count, splits);
  for (size_t i = 0; i < diags.count; i++)
    assert_int_equal(diags.items[i].kind, LF_DIAG_WORD_SPLIT);
  lf_diags_free(&diags);
  check_lines(&lines, measure);
  return lines;
}

/* 'break_plain()' - Break one regular run; expects success with no
 * diagnostics. */
static lf_lines break_plain(const fixture *fx, lf_arena *arena,
                            const char *text, double measure) {
  return break_run(&fx->fonts, arena, text, NULL, measure, 0);
}

/* 'test_total_fit_beats_greedy()' - Greedy fills "nnn nn" and leaves "nn"
 * alone; total fit evens the edge: "nnn" / "nn nn" / "nnnnn". */
static void test_total_fit_beats_greedy(void **state) {
  fixture *fx = *state;
  lf_arena *arena = lf_arena_new(0);
  double measure = points_of(fx, "nnn nn");
  lf_lines lines = break_plain(fx, arena, "nnn nn nn nnnnn", measure);
  assert_int_equal(lines.count, 3);
  assert_line(&lines, 0, "nnn");
  assert_line(&lines, 1, "nn nn");
  assert_line(&lines, 2, "nnnnn");
  assert_int_equal(lines.forced_splits, 0);

  lf_arena_free(arena);
}

/* 'optimal_cost()' - Brute force: the least cost of any breaking of the
 * words, by the breaker's model (squared slack of every line but the last;
 * an empty line's worth for a last line of one word narrower than a sixth
 * of the measure).  Costs are in (1/1000 em)^2. */
static double optimal_cost(const long *widths, size_t count, long space,
                           double measure_units) {
  long max_units = (long)(measure_units + 1e-9);
  double best = -1;
  for (unsigned mask = 0; mask < (1u << (count - 1)); mask++) {
    double cost = 0;
    size_t start = 0;
    int ok = 1;
    for (size_t i = 0; i < count && ok; i++) {
      int ends = i == count - 1 || (mask >> i & 1u);
      if (!ends)
        continue;
      long units = 0;
      for (size_t j = start; j <= i; j++)
        units += widths[j] + (j > start ? space : 0);
      if (units > max_units)
        ok = 0;
      else if (i < count - 1)
        cost += (measure_units - units) * (measure_units - units);
      else if (start > 0 && start == i && units < measure_units / 6)
        cost += measure_units * measure_units;
      start = i + 1;
    }
    if (ok && (best < 0 || cost < best))
      best = cost;
  }
  return best;
}

/* 'test_matches_brute_force()' - On many small random paragraphs the
 * chosen breaks cost exactly the least possible. */
static void test_matches_brute_force(void **state) {
  fixture *fx = *state;
  unsigned seed = 2024;
  for (int round = 0; round < 400; round++) {
    lf_arena *arena = lf_arena_new(0);
    seed = seed * 1103515245u + 12345u;
    size_t count = 2 + (seed >> 16) % 10;
    char text[256] = "";
    long widths[12], widest = 0, total = 0;
    long space = units_of(fx, LF_FACE_REGULAR, " ");
    for (size_t i = 0; i < count; i++) {
      char word[16];
      seed = seed * 1103515245u + 12345u;
      size_t len = 1 + (seed >> 16) % 9;
      for (size_t j = 0; j < len; j++) {
        seed = seed * 1103515245u + 12345u;
        word[j] = (char)('a' + (seed >> 16) % 26);
      }
      word[len] = '\0';
      if (i)
        strcat(text, " ");
      strcat(text, word);
      widths[i] = units_of(fx, LF_FACE_REGULAR, word);
      if (widths[i] > widest)
        widest = widths[i];
      total += widths[i] + (i ? space : 0);
    }
    seed = seed * 1103515245u + 12345u;
    long measure_units = widest + (long)((seed >> 16) % (unsigned)(total - widest + 1));
    double measure = (double)measure_units * SIZE / 1000.0;
    lf_lines lines = break_plain(fx, arena, text, measure);
    double mu = measure * 1000.0 / SIZE;
    double cost = 0;
    for (size_t i = 0; i < lines.count; i++) {
      double units = lines.lines[i].width * 1000.0 / SIZE;
      char *line = line_text(&lines.lines[i]);
      if (i + 1 < lines.count)
        cost += (mu - units) * (mu - units);
      else if (i > 0 && !strchr(line, ' ') && units < mu / 6)
        cost += mu * mu;
      free(line);
    }
    double best = optimal_cost(widths, count, space, mu);
    if (cost > best * (1 + 1e-9) + 1e-6)
      fail_msg("'%s' at %.3f pt: cost %.3f, best %.3f", text, measure, cost,
               best);
    char *back = joined(&lines, " ");
    assert_string_equal(back, text);
    free(back);
    lf_arena_free(arena);
  }
}

/* 'test_nbsp_holds()' - U+00A0 keeps "bbb ccc" together where a space
 * would break; it is measured as a space; where what it holds together is
 * wider than the line, the line breaks after it. */
static void test_nbsp_holds(void **state) {
  fixture *fx = *state;
  lf_arena *arena = lf_arena_new(0);
  double measure = points_of(fx, "aaa bbb") + 0.5;
  lf_lines lines = break_plain(fx, arena, "aaa bbb ccc", measure);
  assert_int_equal(lines.count, 2);
  assert_line(&lines, 0, "aaa bbb");
  lines = break_plain(fx, arena, "aaa bbb\xc2\xa0" "ccc", measure);
  assert_int_equal(lines.count, 2);
  assert_line(&lines, 0, "aaa");
  assert_line(&lines, 1, "bbb\xc2\xa0" "ccc");
  assert_float_equal(lines.lines[1].width, points_of(fx, "bbb ccc"), 1e-9);
  /* two words held together wider than the line: broken after the
   * no-break space, not cut inside a word (at 40 pt, "include&nbsp;
   * atezolizumab" printed "include atezolizuma" over "b"), with no warning */
  lf_diags diags;
  lf_diags_init(&diags);
  run_spec spec = {"include\xc2\xa0" "atezolizumab", 0, NULL};
  lf_inline in = make_inline(arena, &spec, 1);
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE,
                                  points_of(fx, "atezolizumab") + 0.5, (lf_pos){NULL, 0, 0},
                                  &lines, &diags),
                   0);
  assert_int_equal(lines.forced_splits, 0);
  assert_int_equal(diags.count, 0);
  assert_int_equal(lines.count, 2);
  assert_line(&lines, 1, "atezolizumab");
  lf_diags_free(&diags);
  lf_arena_free(arena);
}

/* 'test_phone_number_held()' - A phone number's groups go to the next line
 * together rather than end one line and start the next; where the line is
 * too narrow for the whole number, it breaks at its spaces (not split
 * inside a group, no warning). */
static void test_phone_number_held(void **state) {
  fixture *fx = *state;
  lf_arena *arena = lf_arena_new(0);
  double measure = points_of(fx, "ring us on 0808 800") + 0.5;
  lf_lines lines = break_plain(fx, arena, "ring us on 0808 800 4040", measure);
  assert_int_equal(lines.count, 2);
  assert_line(&lines, 0, "ring us on");
  assert_line(&lines, 1, "0808 800 4040");
  /* a space before closing punctuation holds too (UAX #14 LB13) */
  lines = break_plain(fx, arena, "aaa bbb !", points_of(fx, "aaa bbb") + 0.5);
  assert_line(&lines, 0, "aaa");
  assert_line(&lines, 1, "bbb !");
  /* narrower than the number: broken at its spaces, nothing split */
  lines = break_plain(fx, arena, "0808 800 4040", points_of(fx, "0808 800") + 0.5);
  assert_int_equal(lines.count, 2);
  assert_line(&lines, 0, "0808 800");
  assert_line(&lines, 1, "4040");
  assert_int_equal(lines.forced_splits, 0);
  lf_arena_free(arena);
}

/*
 * 'check_url_breaks()' - Walk the lines against the collapsed input: every
 * break that is not at a space must fall after '/' or before '.'.  Returns
 * how many such breaks there were.
 */
static size_t check_url_breaks(const lf_lines *lines, const char *input) {
  size_t inner = 0;
  const char *at = input;
  for (size_t i = 0; i < lines->count; i++) {
    char *text = line_text(&lines->lines[i]);
    size_t len = strlen(text);
    assert_memory_equal(at, text, len);
    at += len;
    if (i + 1 < lines->count) {
      if (*at == ' ') {
        at++;
      } else {
        inner++;
        if (!(at[-1] == '/' || at[0] == '.'))
          fail_msg("break inside '%s' falls between '%c' and '%c'", text,
                   at[-1], at[0]);
      }
    }
    free(text);
  }
  assert_int_equal(*at, '\0');
  return inner;
}

/* 'test_url_breaks()' - A long address breaks only after '/' or before
 * '.', with no warning; one that fits a line of its own is not broken. */
static void test_url_breaks(void **state) {
  fixture *fx = *state;
  lf_arena *arena = lf_arena_new(0);
  const char *url = "https://www.example.org/health/kidney-cancer/"
                    "treatment-options/targeted.therapy.html";
  run_spec specs[] = {{"Read more at ", 0, NULL},
                      {url, LF_RUN_LINK, url},
                      {" before your appointment.", 0, NULL}};
  lf_inline in = make_inline(arena, specs, 3);
  char *input = collapse(&in);
  lf_diags diags;
  lf_diags_init(&diags);
  lf_lines lines;
  double measure = 110;
  assert_true(points_of(fx, url) > measure);
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, measure,
                                  (lf_pos){NULL, 0, 0}, &lines, &diags),
                   0);
  assert_int_equal(diags.count, 0);
  assert_int_equal(lines.forced_splits, 0);
  check_lines(&lines, measure);
  assert_true(check_url_breaks(&lines, input) >= 2);
  /* the link pieces carry the address */
  for (size_t i = 0; i < lines.count; i++)
    for (size_t j = 0; j < lines.lines[i].count; j++)
      if (lines.lines[i].pieces[j].run == 1) {
        assert_ptr_equal(lines.lines[i].pieces[j].href, url);
        assert_int_equal(lines.lines[i].pieces[j].style, LF_RUN_LINK);
      }

  /* the same address in plain text (it has "://") breaks the same way */
  lf_lines plain = break_plain(fx, arena, input, measure);
  assert_true(check_url_breaks(&plain, input) >= 2);

  /* an address that fits on a line of its own stays whole */
  measure = points_of(fx, url) + 1;
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, measure,
                                  (lf_pos){NULL, 0, 0}, &lines, &diags),
                   0);
  assert_int_equal(check_url_breaks(&lines, input), 0);
  int whole = 0;
  for (size_t i = 0; i < lines.count; i++) {
    char *text = line_text(&lines.lines[i]);
    whole |= strcmp(text, url) == 0;
    free(text);
  }
  assert_true(whole);

  /* a link whose text looks like an address, without "://" */
  run_spec bare[] = {{"See ", 0, NULL},
                     {"nhs.uk/conditions/kidney-cancer/treatment",
                      LF_RUN_LINK, "https://www.nhs.uk/conditions/"},
                     {" for more.", 0, NULL}};
  in = make_inline(arena, bare, 3);
  free(input);
  input = collapse(&in);
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, 90,
                                  (lf_pos){NULL, 0, 0}, &lines, &diags),
                   0);
  assert_int_equal(lines.forced_splits, 0);
  assert_true(check_url_breaks(&lines, input) >= 1);
  assert_int_equal(diags.count, 0);

  /* hyphens are not break points: "well-known" stays whole */
  measure = points_of(fx, "well-known") + 1;
  lines = break_plain(fx, arena, "a well-known side effect", measure);
  assert_line(&lines, 1, "well-known");
  free(input);
  lf_diags_free(&diags);
  lf_arena_free(arena);
}

/* 'test_too_long_word()' - A word wider than the line is split where it
 * must be, with one warning in the exact words. */
static void test_too_long_word(void **state) {
  fixture *fx = *state;
  lf_arena *arena = lf_arena_new(0);
  const char *word = "Pneumonoultramicroscopicsilicovolcanoconiosis";
  char text[128];
  snprintf(text, sizeof text, "Avoid %s dust.", word);
  run_spec spec = {text, 0, NULL};
  lf_inline in = make_inline(arena, &spec, 1);
  lf_diags diags;
  lf_diags_init(&diags);
  lf_lines lines;
  double measure = 80;
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, measure,
                                  (lf_pos){"drugs/x.yaml", 7, 3}, &lines,
                                  &diags),
                   0);
  assert_int_equal(lines.forced_splits, 1);
  assert_int_equal(diags.count, 1);
  assert_int_equal(diags.warnings, 1);
  assert_int_equal(diags.errors, 0);
  char expected[256];
  snprintf(expected, sizeof expected,
           "word '%.40s\u2026' is wider than the line and was split (clear print "
           "forbids splitting words)",
           word);
  assert_string_equal(diags.items[0].message, expected);
  assert_int_equal(diags.items[0].kind, LF_DIAG_WORD_SPLIT); /* it quotes the word */
  assert_string_equal(diags.items[0].pos.file, "drugs/x.yaml");
  assert_int_equal(diags.items[0].pos.line, 7);
  check_lines(&lines, measure);
  /* the word starts a line, and each part but the last fills its line */
  assert_line(&lines, 0, "Avoid");
  size_t consumed = 0;
  for (size_t i = 1; i + 1 < lines.count; i++) {
    char *part = line_text(&lines.lines[i]);
    if (strchr(part, ' ')) {
      free(part);
      break;
    }
    assert_memory_equal(part, word + consumed, strlen(part));
    consumed += strlen(part);
    char next[2] = {word[consumed], '\0'};
    if (word[consumed])
      assert_true(lines.lines[i].width + points_of(fx, next) > measure);
    free(part);
  }
  assert_true(consumed > 0);
  lf_diags_free(&diags);

  /* the warning counts characters, not bytes: a word of 30 two-byte
   * letters is quoted whole, without an ellipsis */
  char accented[128] = "";
  for (int i = 0; i < 30; i++)
    strcat(accented, "\xc3\xa9");
  lf_diags_init(&diags);
  spec.text = accented;
  in = make_inline(arena, &spec, 1);
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, measure,
                                  (lf_pos){NULL, 0, 0}, &lines, &diags),
                   0);
  assert_int_equal(diags.count, 1);
  snprintf(expected, sizeof expected, "word '%s' is wider than the line", accented);
  assert_non_null(strstr(diags.items[0].message, expected));
  lf_diags_free(&diags);

  /* a measure narrower than any character: one character a line */
  lf_diags_init(&diags);
  spec.text = "ab cd";
  spec.style = 0;
  in = make_inline(arena, &spec, 1);
  in.runs[0].len = 5;
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, 0,
                                  (lf_pos){NULL, 0, 0}, &lines, &diags),
                   0);
  assert_int_equal(lines.count, 4);
  assert_int_equal(lines.forced_splits, 2);
  assert_int_equal(diags.warnings, 2);
  assert_line(&lines, 3, "d");
  lf_diags_free(&diags);
  lf_arena_free(arena);
}

/* 'test_split_before_a_hyphen()' - A word wider than the line that has
 * hyphens, dashes or slashes (a leaflet's id, a compound) is cut before
 * the last of them that fits, when that leaves the line half full or the
 * rest of the word fits the next line, rather than inside one of its parts; never after one (a line ending in a hyphen
 * reads as hyphenated, and pdftotext drops such a hyphen); still a split,
 * with its warning. */
static lf_lines break_split(const fixture *fx, lf_arena *arena, const char *text,
                            double measure) {
  return break_run(&fx->fonts, arena, text, NULL, measure, 1); /* the split's warning */
}

static void test_split_before_a_hyphen(void **state) {
  fixture *fx = *state;
  lf_arena *arena = lf_arena_new(0);
  double measure = points_of(fx, "net-drugs-overview-zh-h") + 0.5;
  lf_lines lines = break_split(fx, arena, "net-drugs-overview-zh-hant", measure);
  assert_int_equal(lines.count, 2);
  assert_int_equal(lines.forced_splits, 1);
  assert_line(&lines, 0, "net-drugs-overview-zh"); /* not "...zh-h" over "ant" */
  assert_line(&lines, 1, "-hant");
  /* a slash and an en dash are such places too */
  measure = points_of(fx, "inhibitors/antibodies\u2013ther") + 0.5;
  lines = break_split(fx, arena, "inhibitors/antibodies\u2013therapies", measure);
  assert_line(&lines, 0, "inhibitors/antibodies");
  assert_line(&lines, 1, "\u2013therapies");
  /* a hyphen early in the line is no place: cut where the line is full */
  measure = points_of(fx, "a-Pneumonoultra") + 0.5;
  lines = break_split(fx, arena, "a-Pneumonoultramicroscopic", measure);
  assert_line(&lines, 0, "a-Pneumonoultra");
  /* unless all the rest then fits the next line: at 48 pt a leaflet's id
   * was "net-drugs-pancreati" over "c-net" (the cut before the hyphen
   * left the line under half full) */
  measure = points_of(fx, "net-drugs-pancreati") + 0.5;
  assert_true(2 * points_of(fx, "net-drugs") < measure);
  lines = break_split(fx, arena, "net-drugs-pancreatic-net", measure);
  assert_int_equal(lines.count, 2);
  assert_line(&lines, 0, "net-drugs");
  assert_line(&lines, 1, "-pancreatic-net");
  lf_arena_free(arena);
}

/* 'test_split_not_before_closing()' - A word cut where it is full is not
 * cut before what may not start a line: at a measure that holds
 * "Pneumonoultramicroscopic" but not its ")." the cut goes a letter
 * earlier, not ")." alone (at 48 pt, Chinese printed "everolimus
 * （Afinitor）" over "。"); still a split, with its warning. */
static void test_split_not_before_closing(void **state) {
  fixture *fx = *state;
  lf_arena *arena = lf_arena_new(0);
  double measure = points_of(fx, "(Pneumonoultramicroscopic") + 0.5;
  lf_lines lines = break_split(fx, arena, "(Pneumonoultramicroscopic).", measure);
  assert_int_equal(lines.forced_splits, 1);
  assert_int_equal(lines.count, 2);
  assert_line(&lines, 0, "(Pneumonoultramicroscopi");
  assert_line(&lines, 1, "c).");
  lf_arena_free(arena);
}

/* 'test_short_last_word()' - A last line of one short word is avoided
 * where another choice exists. */
static void test_short_last_word(void **state) {
  fixture *fx = *state;
  lf_arena *arena = lf_arena_new(0);
  double measure = points_of(fx, "nnnnn nnnnn nnnnn");
  lf_lines lines = break_plain(
      fx, arena, "nnnnn nnnnn nnnnn nnnnn nnnnn nnnnn n", measure);
  assert_int_equal(lines.count, 3);
  char *last = line_text(&lines.lines[2]);
  assert_non_null(strchr(last, ' '));
  free(last);
  /* one short word alone is still a paragraph */
  lines = break_plain(fx, arena, "n", measure);
  assert_int_equal(lines.count, 1);
  assert_line(&lines, 0, "n");
  lf_arena_free(arena);
}

/* 'test_whitespace()' - Stretches of white space are one space; white
 * space at either end is dropped; nothing in, nothing out. */
static void test_whitespace(void **state) {
  fixture *fx = *state;
  lf_arena *arena = lf_arena_new(0);
  lf_lines lines = break_plain(fx, arena, " \t hello \t\n  world\n ", 500);
  assert_int_equal(lines.count, 1);
  assert_int_equal(lines.lines[0].count, 1);
  assert_line(&lines, 0, "hello world");
  assert_float_equal(lines.lines[0].width, points_of(fx, "hello world"), 1e-9);
  lines = break_plain(fx, arena, " \n\t ", 500);
  assert_int_equal(lines.count, 0);
  lines = break_plain(fx, arena, "", 500);
  assert_int_equal(lines.count, 0);
  /* white space across runs: one space, in the first run's piece */
  run_spec specs[] = {{"one ", 0, NULL}, {" two", LF_RUN_STRONG, NULL}};
  lf_inline in = make_inline(arena, specs, 2);
  lf_diags diags;
  lf_diags_init(&diags);
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, 500,
                                  (lf_pos){NULL, 0, 0}, &lines, &diags),
                   0);
  assert_int_equal(lines.count, 1);
  assert_int_equal(lines.lines[0].count, 2);
  assert_int_equal(lines.lines[0].pieces[0].len, 4);
  assert_memory_equal(lines.lines[0].pieces[0].text, "one ", 4);
  assert_int_equal(lines.lines[0].pieces[1].len, 3);
  lf_diags_free(&diags);
  lf_arena_free(arena);
}

/* 'test_bold_run()' - A strong run is set in the bold face and measured in
 * it; pieces follow the runs. */
static void test_bold_run(void **state) {
  fixture *fx = *state;
  lf_arena *arena = lf_arena_new(0);
  run_spec specs[] = {{"Take ", 0, NULL},
                      {"two tablets", LF_RUN_STRONG, NULL},
                      {" daily.", 0, NULL}};
  lf_inline in = make_inline(arena, specs, 3);
  lf_diags diags;
  lf_diags_init(&diags);
  lf_lines lines;
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, 500,
                                  (lf_pos){NULL, 0, 0}, &lines, &diags),
                   0);
  assert_int_equal(lines.count, 1);
  const lf_line *line = &lines.lines[0];
  assert_int_equal(line->count, 3);
  assert_int_equal(line->pieces[0].face, LF_FACE_REGULAR);
  assert_int_equal(line->pieces[1].face, LF_FACE_BOLD);
  assert_int_equal(line->pieces[1].style, LF_RUN_STRONG);
  assert_int_equal(line->pieces[1].run, 1);
  assert_int_equal(line->pieces[2].face, LF_FACE_REGULAR);
  assert_float_equal(line->pieces[1].width,
                     (double)units_of(fx, LF_FACE_BOLD, "two tablets") * SIZE / 1000.0, 1e-9);
  assert_true(units_of(fx, LF_FACE_BOLD, "two tablets") !=
              units_of(fx, LF_FACE_REGULAR, "two tablets"));
  assert_line(&lines, 0, "Take two tablets daily.");
  lf_diags_free(&diags);
  lf_arena_free(arena);
}

/* 'test_fallback_face()' - A character only DejaVu has is set in the
 * fallback of the face wanted; one no font has is an error. */
static void test_fallback_face(void **state) {
  fixture *fx = *state;
  lf_arena *arena = lf_arena_new(0);
  run_spec specs[] = {{"Go \xe2\x86\x92 next", 0, NULL},
                      {" \xe2\x86\x92", LF_RUN_STRONG, NULL}};
  lf_inline in = make_inline(arena, specs, 2);
  lf_diags diags;
  lf_diags_init(&diags);
  lf_lines lines;
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, 500,
                                  (lf_pos){NULL, 0, 0}, &lines, &diags),
                   0);
  assert_int_equal(lines.count, 1);
  const lf_line *line = &lines.lines[0];
  assert_int_equal(line->count, 5);
  assert_int_equal(line->pieces[0].face, LF_FACE_REGULAR);
  assert_int_equal(line->pieces[1].face, LF_FACE_FALLBACK_REGULAR);
  assert_memory_equal(line->pieces[1].text, "\xe2\x86\x92", 3);
  assert_int_equal(line->pieces[1].len, 3);
  /* DejaVu has 2048 units to the em: the test's rounding to 1/1000 em */
  assert_float_equal(line->pieces[1].width,
                     (double)units_of(fx, LF_FACE_FALLBACK_REGULAR, "\xe2\x86\x92") * SIZE /
                         1000.0,
                     SIZE / 1000.0);
  assert_int_equal(line->pieces[2].face, LF_FACE_REGULAR);
  assert_int_equal(line->pieces[3].face, LF_FACE_BOLD); /* the space */
  assert_int_equal(line->pieces[4].face, LF_FACE_FALLBACK_BOLD);
  assert_int_equal(diags.count, 0);

  /* U+0378 is in no font */
  run_spec none = {"bad \xcd\xb8 char", 0, NULL};
  in = make_inline(arena, &none, 1);
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, 500,
                                  (lf_pos){"a.yaml", 3, 9}, &lines, &diags),
                   -1);
  assert_int_equal(diags.errors, 1);
  assert_string_equal(diags.items[0].message,
                      "character U+0378 in 'bad \xcd\xb8 char' is in none of the "
                      "fonts (expected text the fonts cover)");
  assert_int_equal(diags.items[0].kind, LF_DIAG_GENERAL); /* it quotes the words */
  assert_int_equal(diags.items[0].pos.line, 3);
  assert_int_equal(diags.items[0].pos.column, 9);

  /* the words quoted are cut at character boundaries, 24 bytes either side */
  run_spec long_word = {"ab \xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                        "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9x\xcd\xb8yz cd", 0, NULL};
  in = make_inline(arena, &long_word, 1);
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, 500,
                                  (lf_pos){"a.yaml", 3, 9}, &lines, &diags),
                   -1);
  assert_string_equal(diags.items[1].message,
                      "character U+0378 in '\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9x\xcd\xb8yz cd' is in "
                      "none of the fonts (expected text the fonts cover)");

  /* right-to-left letters in a left-to-right paragraph are set right to
   * left inside it (in the fallback, which has Hebrew), in reading order
   * between the words around them */
  run_spec hebrew = {"say \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d now", 0, NULL};
  in = make_inline(arena, &hebrew, 1);
  assert_true(lf_fontset_pick(&fx->fonts, LF_FACE_REGULAR, 0x05E9) >= 0);
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, 500,
                                  (lf_pos){"a.yaml", 3, 9}, &lines, &diags),
                   0);
  line = &lines.lines[0];
  assert_int_equal(line->count, 3);
  assert_int_equal(line->pieces[1].level, 1);
  assert_int_equal(line->pieces[1].face, LF_FACE_FALLBACK_REGULAR);
  assert_true(line->pieces[0].x < line->pieces[1].x);
  assert_true(line->pieces[1].x < line->pieces[2].x);
  /* shin, the first letter, is the rightmost glyph */
  assert_int_equal(line->pieces[1].glyph_count, 4);
  assert_int_equal(line->pieces[1].glyphs[3].cluster, 0);
  assert_int_equal(line->pieces[1].glyphs[0].cluster, 6);

  /* invalid UTF-8 and a nonsense size are errors too */
  run_spec broken = {"bad \xc0\x80", 0, NULL};
  in = make_inline(arena, &broken, 1);
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, 500,
                                  (lf_pos){NULL, 0, 0}, &lines, &diags),
                   -1);
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, 0, 500,
                                  (lf_pos){NULL, 0, 0}, &lines, &diags),
                   -1);
  assert_int_equal(diags.errors, 4);
  lf_diags_free(&diags);
  lf_arena_free(arena);
}

/*
 * 'test_astral()' - Characters beyond U+FFFF are set like any other: in
 * the fallback face when only it has them (U+1D538, double-struck A, is in
 * DejaVu Sans and not in Atkinson Hyperlegible), measured in that face; one
 * no font has (U+1F48A, an emoji DejaVu Sans lacks) is an error naming it
 * and the words around it, at the paragraph's place.
 */
static void test_astral(void **state) {
  fixture *fx = *state;
  lf_arena *arena = lf_arena_new(0);
  run_spec spec = {"the set \xf0\x9d\x94\xb8 of all", 0, NULL};
  lf_inline in = make_inline(arena, &spec, 1);
  lf_diags diags;
  lf_diags_init(&diags);
  lf_lines lines;
  assert_int_equal(lf_fontset_pick(&fx->fonts, LF_FACE_REGULAR, 0x1D538),
                   LF_FACE_FALLBACK_REGULAR);
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, 500,
                                  (lf_pos){NULL, 0, 0}, &lines, &diags),
                   0);
  assert_int_equal(diags.count, 0);
  assert_int_equal(lines.count, 1);
  const lf_line *line = &lines.lines[0];
  assert_int_equal(line->count, 3);
  assert_int_equal(line->pieces[1].face, LF_FACE_FALLBACK_REGULAR);
  assert_memory_equal(line->pieces[1].text, "\xf0\x9d\x94\xb8", 4);
  assert_int_equal(line->pieces[1].len, 4);
  long units = units_of(fx, LF_FACE_FALLBACK_REGULAR, "\xf0\x9d\x94\xb8");
  assert_true(units > 0);
  assert_float_equal(line->pieces[1].width, (double)units * SIZE / 1000.0, SIZE / 1000.0);
  assert_line(&lines, 0, "the set \xf0\x9d\x94\xb8 of all");

  /* bold text takes the bold fallback */
  spec.style = LF_RUN_STRONG;
  in = make_inline(arena, &spec, 1);
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, 500,
                                  (lf_pos){NULL, 0, 0}, &lines, &diags),
                   0);
  assert_int_equal(lines.lines[0].pieces[1].face, LF_FACE_FALLBACK_BOLD);

  run_spec emoji = {"Take one \xf0\x9f\x92\x8a daily.", 0, NULL};
  in = make_inline(arena, &emoji, 1);
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, 500,
                                  (lf_pos){"a.yaml", 8, 8}, &lines, &diags),
                   -1);
  assert_int_equal(diags.errors, 1);
  assert_string_equal(diags.items[0].message,
                      "character U+1F48A in 'one \xf0\x9f\x92\x8a daily.' is in "
                      "none of the fonts (expected text the fonts cover)");
  assert_int_equal(diags.items[0].pos.line, 8);
  assert_int_equal(diags.items[0].pos.column, 8);
  lf_diags_free(&diags);
  lf_arena_free(arena);
}

/* 'seconds_since()' - Processor time since 'start'. */
static double seconds_since(clock_t start) {
  return (double)(clock() - start) / CLOCKS_PER_SEC;
}

/* 'test_long_paragraph()' - 100,000 random words with mixed runs: fast, no
 * line past the measure, and the text comes back whole. */
static void test_long_paragraph(void **state) {
  fixture *fx = *state;
  lf_arena *arena = lf_arena_new(0);
  enum { WORDS = 100000, RUNS = 1000 };
  char *text = malloc(WORDS * 13);
  assert_non_null(text);
  run_spec *specs = calloc(RUNS, sizeof *specs);
  assert_non_null(specs);
  size_t at = 0;
  unsigned seed = 7;
  for (size_t run = 0; run < RUNS; run++) {
    specs[run].text = text + at;
    specs[run].style = run % 3 == 1 ? LF_RUN_STRONG : 0;
    for (size_t w = 0; w < WORDS / RUNS; w++) {
      seed = seed * 1103515245u + 12345u;
      size_t len = 1 + (seed >> 16) % 11;
      for (size_t j = 0; j < len; j++) {
        seed = seed * 1103515245u + 12345u;
        text[at++] = (char)('a' + (seed >> 16) % 26);
      }
      text[at++] = ' ';
    }
    text[at++] = '\0';
  }
  lf_inline in = make_inline(arena, specs, RUNS);
  lf_diags diags;
  lf_diags_init(&diags);
  lf_lines lines;
  double measure = 240;
  clock_t start = clock();
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, measure,
                                  (lf_pos){NULL, 0, 0}, &lines, &diags),
                   0);
  double took = seconds_since(start);
  print_message("100,000 words: %zu lines in %.3f s, arena %zu KiB\n",
                lines.count, took, lf_arena_used(arena) / 1024);
  assert_true(took < 5);
  assert_int_equal(diags.count, 0);
  assert_true(lines.count > 10000);
  check_lines(&lines, measure);
  char *input = collapse(&in);
  char *back = joined(&lines, " ");
  assert_string_equal(back, input);
  free(back);
  free(input);
  lf_diags_free(&diags);
  free(specs);
  free(text);
  lf_arena_free(arena);
}

/* 'test_huge_word()' - A 1 MB word: split into full lines, one warning,
 * quickly and in bounded memory (the text's bytes, the lines, and the
 * glyphs that the display list carries). */
static void test_huge_word(void **state) {
  fixture *fx = *state;
  lf_arena *arena = lf_arena_new(0);
  size_t len = (size_t)1 << 20;
  char *word = malloc(len + 1);
  assert_non_null(word);
  for (size_t i = 0; i < len; i++)
    word[i] = (char)('a' + i % 26);
  word[len] = '\0';
  run_spec spec = {word, 0, NULL};
  lf_inline in = make_inline(arena, &spec, 1);
  lf_diags diags;
  lf_diags_init(&diags);
  lf_lines lines;
  double measure = 300;
  clock_t start = clock();
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, measure,
                                  (lf_pos){NULL, 0, 0}, &lines, &diags),
                   0);
  double took = seconds_since(start);
  print_message("1 MB word: %zu lines in %.3f s, arena %zu KiB\n",
                lines.count, took, lf_arena_used(arena) / 1024);
  assert_true(took < 5);
  /* the text, the lines, and a shaped glyph for each character */
  assert_true(lf_arena_used(arena) < (8 + sizeof(lf_glyph)) * len);
  assert_int_equal(lines.forced_splits, 1);
  assert_int_equal(diags.warnings, 1);
  assert_int_equal(diags.count, 1);
  check_lines(&lines, measure);
  char *back = joined(&lines, "");
  assert_string_equal(back, word);
  free(back);
  /* the same as a URL (it has "://"): split at '/' too, still bounded */
  memcpy(word, "http://", 7);
  for (size_t i = 100; i < len; i += 97)
    word[i] = '/';
  lf_diags_free(&diags);
  lf_diags_init(&diags);
  start = clock();
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, measure,
                                  (lf_pos){NULL, 0, 0}, &lines, &diags),
                   0);
  assert_true(seconds_since(start) < 5);
  check_lines(&lines, measure);
  back = joined(&lines, "");
  assert_string_equal(back, word);
  free(back);
  lf_diags_free(&diags);
  free(word);
  lf_arena_free(arena);
}

/* 'test_text_comes_back()' - Mixed styles, links and fallback characters
 * over many measures: the pieces joined with a space give the input, and
 * each piece is one face and run. */
static void test_text_comes_back(void **state) {
  fixture *fx = *state;
  run_spec specs[] = {
      {"  Your doctor or nurse will   check your ", 0, NULL},
      {"blood pressure", LF_RUN_STRONG, NULL},
      {" before each cycle \xe2\x80\x93 and may lower the dose \xe2\x86\x92 ",
       0, NULL},
      {"see the leaflet", LF_RUN_LINK, "https://example.org/leaflet"},
      {" or the ", 0, NULL},
      {"glossary", LF_RUN_TERM, NULL},
      {"\xe2\x80\x99s entry for\xc2\xa0\xc2\xa3" "10.\n", 0, NULL},
  };
  for (double measure = 60; measure < 600; measure += 7.5) {
    lf_arena *arena = lf_arena_new(0);
    lf_inline in = make_inline(arena, specs, sizeof specs / sizeof specs[0]);
    lf_diags diags;
    lf_diags_init(&diags);
    lf_lines lines;
    assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, measure,
                                    (lf_pos){NULL, 0, 0}, &lines, &diags),
                     0);
    assert_int_equal(diags.count, 0);
    check_lines(&lines, measure);
    char *input = collapse(&in);
    char *back = joined(&lines, " ");
    assert_string_equal(back, input);
    free(back);
    free(input);
    for (size_t i = 0; i < lines.count; i++)
      for (size_t j = 0; j < lines.lines[i].count; j++) {
        const lf_piece *piece = &lines.lines[i].pieces[j];
        assert_int_equal(piece->style, specs[piece->run].style);
        if (j > 0)
          assert_true(piece->run != piece[-1].run ||
                      piece->face != piece[-1].face);
      }
    lf_diags_free(&diags);
    lf_arena_free(arena);
  }
}

/* A paragraph written in YAML with one character the breaker refuses, and
 * where that character is written. */
typedef struct placed_case {
  const char *yaml;   /* a mapping whose key 'p' holds the paragraph */
  int line, column;
} placed_case;

/*
 * 'test_error_at_the_character()' - An error about one character names
 * that character's own line and column (columns counting characters, as
 * the loader's), however the text is written and whatever markup, escapes
 * and spaces come before it; text the loader cannot match with its file
 * falls back to the paragraph's place.
 */
static void test_error_at_the_character(void **state) {
  const fixture *fx = *state;
  static const placed_case cases[] = {
      /* '"' is column 4 in each quoted string */
      {"p: \"Take **two** \xe4\xb8\xad now\"", 1, 18},          /* after bold */
      {"p: \"See [the site](https://x.org) \xe4\xb8\xad\"", 1, 35}, /* after a link */
      {"p: \"[a \xe4\xb8\xad](https://x.org)\"", 1, 8},         /* in a link */
      {"p: \"a    b  \xe4\xb8\xad\"", 1, 13},                  /* collapsed spaces */
      {"p: \"Caf\xc3\xa9 \xf0\x9d\x94\xb8 \xe4\xb8\xad\"", 1, 12}, /* é and 𝔸 one column each */
      {"p: 'It''s \xe4\xb8\xad'", 1, 11},                      /* a doubled quote */
      {"p: \"a\\tb \\\"q\\\" \xe4\xb8\xad\"", 1, 16},           /* YAML escapes */
      {"p: \"x ****y \xe4\xb8\xad\"", 1, 13},                  /* runs merged */
      {"p: \"soft\xc2\xadhyphen \xe4\xb8\xad\"", 1, 17},       /* a dropped soft hyphen */
      {"p: \"**Hi** \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xe4\xb8\xad\"", 1, 17}, /* after right to left */
      {"p: plain text\n  goes on \xe4\xb8\xad\n", 2, 11},       /* plain, two lines */
      {"p: >\n  one **two**\n  three \xe4\xb8\xad\n", 3, 9},   /* folded */
      {"p: |\n  one\n    two \xe4\xb8\xad\n", 3, 9},           /* literal */
      {"p: \"one\xe2\x80\xa8two \xe4\xb8\xad\"", 1, 4},         /* not matched: p's place */
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    lf_arena *arena = lf_arena_new(0);
    lf_diags diags;
    lf_diags_init(&diags);
    const char *yaml = cases[i].yaml;
    lf_node *root = lf_yaml_load_buffer(arena, "p.yaml", yaml, strlen(yaml), &diags);
    assert_non_null(root);
    const lf_node *p = lf_node_get(root, "p");
    lf_inline in;
    assert_int_equal(lf_parse_inline_node(arena, p, &in, &diags), 0);
    lf_lines lines;
    assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, 500, p->pos, &lines,
                                    &diags),
                     -1);
    assert_int_equal(diags.count, 1);
    if (diags.items[0].pos.line != cases[i].line ||
        diags.items[0].pos.column != cases[i].column)
      fail_msg("%s: error at %d:%d, expected %d:%d", yaml, diags.items[0].pos.line,
               diags.items[0].pos.column, cases[i].line, cases[i].column);
    assert_string_equal(diags.items[0].pos.file, "p.yaml");
    lf_diags_free(&diags);
    lf_arena_free(arena);
  }
}

/*
 * 'test_error_at_an_anchor()' - Runs with anchors made by hand: the last
 * anchor at or before the character counts, in the anchor's own file;
 * a character before the first anchor falls back to the paragraph's place.
 */
static void test_error_at_an_anchor(void **state) {
  const fixture *fx = *state;
  lf_arena *arena = lf_arena_new(0);
  lf_diags diags;
  lf_diags_init(&diags);
  static const lf_anchor anchors[] = {{2, {"a.yaml", 4, 10}}, {6, {"b.yaml", 9, 3}}};
  run_spec spec = {"xx ab cd\xc3\xa9 \xe4\xb8\xad", 0, NULL};
  lf_inline in = make_inline(arena, &spec, 1);
  in.runs[0].anchors = anchors;
  in.runs[0].anchor_count = 2;
  lf_lines lines;
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, 500,
                                  (lf_pos){"para.yaml", 1, 1}, &lines, &diags),
                   -1);
  assert_string_equal(diags.items[0].pos.file, "b.yaml");
  assert_int_equal(diags.items[0].pos.line, 9);
  assert_int_equal(diags.items[0].pos.column, 7); /* c d é space 中 */

  spec.text = "\xe4\xb8\xad ab";
  in = make_inline(arena, &spec, 1);
  in.runs[0].anchors = anchors;
  in.runs[0].anchor_count = 2;
  assert_int_equal(lf_break_lines(arena, &fx->fonts, &in, NULL, SIZE, 500,
                                  (lf_pos){"para.yaml", 1, 1}, &lines, &diags),
                   -1);
  assert_string_equal(diags.items[1].pos.file, "para.yaml");
  assert_int_equal(diags.items[1].pos.line, 1);
  lf_diags_free(&diags);
  lf_arena_free(arena);
}

/* 'main()' - Run the line-breaking tests. */
/* 'break_in()' - Break one regular run in 'language' with the script
 * fonts; expects success with no diagnostics. */
static lf_lines break_in(fixture *fx, lf_arena *arena, const char *text, const char *language,
                         double measure) {
  return break_run(&fx->scripts, arena, text, language, measure, 0);
}

/*
 * 'test_urdu_with_a_drug_name()' - An Urdu paragraph is set right to left,
 * the Urdu in Naskh and the drug name in Atkinson: on its line the name is
 * one left-to-right piece whose glyphs read "Sunitinib" left to right, with
 * the Urdu that comes before it in the text to its right and the Urdu
 * after it to its left; the Urdu pieces' glyphs run right to left.
 */
static void test_urdu_with_a_drug_name(void **state) {
  fixture *fx = *state;
  lf_arena *arena = lf_arena_new(0);
  const char *text = "آپ کو Sunitinib روزانہ لینا ہے";
  lf_lines lines = break_in(fx, arena, text, "ur", 500);
  assert_true(lines.rtl);
  assert_int_equal(lines.count, 1);
  assert_true(lines.script_slots & (1u << LF_FONT_SCRIPT_ARABIC));
  const lf_line *line = &lines.lines[0];
  assert_line(&lines, 0, text); /* logical order */
  assert_int_equal(line->count, 3);
  const lf_piece *before = &line->pieces[0], *name = &line->pieces[1], *after = &line->pieces[2];
  assert_int_equal(before->level, 1);
  assert_int_equal(before->face, LF_FACE_SCRIPT + 2 * LF_FONT_SCRIPT_ARABIC);
  assert_int_equal(name->level, 2);
  assert_int_equal(name->face, LF_FACE_REGULAR);
  assert_int_equal(name->len, strlen("Sunitinib"));
  assert_memory_equal(name->text, "Sunitinib", 9);
  assert_int_equal(after->level, 1);
  /* visual order: after | name | before, from the left */
  assert_true(after->x < name->x && name->x < before->x);
  assert_float_equal(after->x, 0, 1e-9);
  assert_float_equal(before->x + before->width, line->width, 1e-9);
  /* the name's glyphs in reading order: S u n i t i n i b */
  assert_int_equal(name->glyph_count, 9);
  for (size_t g = 0; g < 9; g++) {
    assert_int_equal(name->glyphs[g].cluster, g);
    assert_int_equal(name->glyphs[g].id,
                     lf_font_glyph(fx->scripts.face[LF_FACE_REGULAR], (uint32_t)"Sunitinib"[g]));
  }
  /* the Urdu before it: glyphs left to right, clusters falling, the first
   * letter's glyph rightmost */
  assert_true(before->glyph_count >= 4);
  for (size_t g = 1; g < before->glyph_count; g++)
    assert_true(before->glyphs[g].cluster <= before->glyphs[g - 1].cluster);
  assert_int_equal(before->glyphs[before->glyph_count - 1].cluster, 0);
  /* widths are the glyphs' advances */
  for (size_t k = 0; k < 3; k++) {
    const lf_piece *pc = &line->pieces[k];
    const lf_font *font = lf_fontset_face(&fx->scripts, pc->face);
    long sum = 0;
    for (size_t g = 0; g < pc->glyph_count; g++)
      sum += pc->glyphs[g].advance;
    assert_float_equal(pc->width, (double)sum * SIZE / lf_font_units_per_em(font), 1e-6);
  }
  /* on narrow lines the name still reads in order, never split */
  lines = break_in(fx, arena, text, "ur", points_of(fx, "Sunitinib") + 2);
  assert_true(lines.count >= 3);
  int found = 0;
  for (size_t i = 0; i < lines.count; i++)
    for (size_t j = 0; j < lines.lines[i].count; j++)
      if (lines.lines[i].pieces[j].level == 2) {
        assert_memory_equal(lines.lines[i].pieces[j].text, "Sunitinib", 9);
        found++;
      }
  assert_int_equal(found, 1);
  lf_arena_free(arena);
}

/* 'starts_with_closing()' - Whether a line starts with closing punctuation. */
static int starts_with_closing(const char *text) {
  static const char *const closing[] = {"，", "。", "、", "）", "」", "！", "？", "：", "；"};
  for (size_t i = 0; i < sizeof closing / sizeof *closing; i++)
    if (strncmp(text, closing[i], strlen(closing[i])) == 0)
      return 1;
  return 0;
}

/*
 * 'test_chinese_breaks()' - Chinese breaks between characters, set in the
 * Chinese face: over many measures every line fits, none starts with
 * closing punctuation, the text comes back whole, no word is split by
 * force and the lines are full but for the last.
 */
static void test_chinese_breaks(void **state) {
  fixture *fx = *state;
  const char *text = "靶向药物是一种癌症治疗方法。它们针对癌细胞中的特定蛋白质，"
                     "阻止癌症生长（或扩散）。医生会告诉您：用药的剂量、次数和时间！";
  for (double measure = 3 * SIZE; measure < 40 * SIZE; measure += SIZE * 0.7) {
    lf_arena *arena = lf_arena_new(0);
    lf_lines lines = break_in(fx, arena, text, "zh-Hans", measure);
    assert_false(lines.rtl);
    assert_int_equal(lines.forced_splits, 0);
    char *back = joined(&lines, "");
    assert_string_equal(back, text);
    free(back);
    for (size_t i = 0; i < lines.count; i++) {
      char *line = line_text(&lines.lines[i]);
      if (i > 0 && starts_with_closing(line))
        fail_msg("line %zu at %.1f pt starts with closing punctuation: %s", i, measure, line);
      free(line);
      assert_int_equal(lines.lines[i].pieces[0].face,
                       LF_FACE_SCRIPT + 2 * LF_FONT_SCRIPT_CHINESE_SIMPLIFIED);
      /* every line but the last is within two ems of full */
      if (i + 1 < lines.count)
        assert_true(lines.lines[i].width > measure - 2 * SIZE - 1e-9);
    }
    lf_arena_free(arena);
  }
}

/*
 * 'test_kept_run()' - A run kept whole (LF_RUN_KEEP: the footer's date)
 * goes to the next line whole rather than break inside, in English at its
 * spaces and in Chinese between its characters; wider than the line, it
 * is still broken.
 */
static void test_kept_run(void **state) {
  fixture *fx = *state;
  lf_arena *arena = lf_arena_new(0);
  lf_diags diags;
  lf_diags_init(&diags);
  struct {
    const char *label, *date, *language;
  } cases[] = {{"Next review due: ", "26 Feb 2030", "en-GB"},
               {"下次审核：", "2028年2月26日", "zh-Hans"}};
  for (size_t c = 0; c < 2; c++) {
    for (unsigned style = 0; style <= LF_RUN_KEEP; style += LF_RUN_KEEP) {
      run_spec spec[2] = {{cases[c].label, 0, NULL}, {cases[c].date, style, NULL}};
      lf_inline in = make_inline(arena, spec, 2);
      /* room for the label and a little of the date, not all of it */
      lf_lines whole;
      assert_int_equal(lf_break_lines(arena, &fx->scripts, &in, cases[c].language, SIZE, 1e6,
                                      (lf_pos){"t.yaml", 1, 1}, &whole, &diags), 0);
      double measure = whole.lines[0].width - 3 * SIZE;
      lf_lines lines;
      assert_int_equal(lf_break_lines(arena, &fx->scripts, &in, cases[c].language, SIZE,
                                      measure, (lf_pos){"t.yaml", 1, 1}, &lines, &diags), 0);
      char *last = line_text(&lines.lines[lines.count - 1]);
      if (style)
        assert_string_equal(last, cases[c].date);
      else
        assert_string_not_equal(last, cases[c].date); /* the test can tell */
      free(last);
      assert_int_equal(lines.forced_splits, 0);
    }
  }
  /* wider than the line: broken all the same */
  run_spec spec = {"2028年2月26日", LF_RUN_KEEP, NULL};
  lf_inline in = make_inline(arena, &spec, 1);
  lf_lines lines;
  assert_int_equal(lf_break_lines(arena, &fx->scripts, &in, "zh-Hans", SIZE, 3 * SIZE,
                                  (lf_pos){"t.yaml", 1, 1}, &lines, &diags), 0);
  assert_true(lines.count > 1);
  lf_diags_free(&diags);
  lf_arena_free(arena);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_total_fit_beats_greedy),
      cmocka_unit_test(test_matches_brute_force),
      cmocka_unit_test(test_nbsp_holds),
      cmocka_unit_test(test_phone_number_held),
      cmocka_unit_test(test_kept_run),
      cmocka_unit_test(test_url_breaks),
      cmocka_unit_test(test_too_long_word),
      cmocka_unit_test(test_split_before_a_hyphen),
      cmocka_unit_test(test_split_not_before_closing),
      cmocka_unit_test(test_short_last_word),
      cmocka_unit_test(test_whitespace),
      cmocka_unit_test(test_bold_run),
      cmocka_unit_test(test_fallback_face),
      cmocka_unit_test(test_astral),
      cmocka_unit_test(test_long_paragraph),
      cmocka_unit_test(test_huge_word),
      cmocka_unit_test(test_text_comes_back),
      cmocka_unit_test(test_error_at_the_character),
      cmocka_unit_test(test_error_at_an_anchor),
      cmocka_unit_test(test_urdu_with_a_drug_name),
      cmocka_unit_test(test_chinese_breaks),
  };
  return cmocka_run_group_tests_name("breaker", tests, setup, teardown);
}
