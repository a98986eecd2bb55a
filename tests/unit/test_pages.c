/*
 * test_pages.c -- the page breaker, checked by its rules over many
 * documents: a heading is never the last thing on a page; no paragraph
 * leaves one line alone at a page's foot or head; a short list item and a
 * callout are never split; the footer sits in the same place on every page.
 */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "leaflet/document.h"
#include "leaflet/layout.h"
#include "content_fixture.h"

static const char *const font_paths[LF_FACE_COUNT] = {
    "fonts/AtkinsonHyperlegible-Regular.ttf", "fonts/AtkinsonHyperlegible-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"};

typedef struct fixture {
  char *dir;
  lf_fontset fonts;
  lf_diags diags;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  f->dir = write_fixture();
  lf_diags_init(&f->diags);
  *state = f;
  return f->dir && lf_fontset_load(&f->fonts, font_paths, &f->diags) == 0 ? 0 : -1;
}

static int teardown(void **state) {
  fixture *f = *state;
  tu_rmtree(f->dir);
  lf_fontset_free(&f->fonts);
  lf_diags_free(&f->diags);
  free(f);
  return 0;
}

static const char sentence[] = "Tell your doctor or nurse about any side effects you have. ";

/* A leaflet whose body is 'lead' sentences of filler, then headings,
 * paragraphs, a list and a callout that land at varying places. */
static void write_leaflet(fixture *f, int lead) {
  char body[32768];
  char *p = body;
  p += sprintf(p, "id: one\ntitle: One\nreview: {last_reviewed: 2025-01-01, next_review: 2030-01-01}\nbody:\n");
  for (int block = 0; block < 12; block++) {
    p += sprintf(p, "  - p: \"");
    for (int i = 0; i < (block == 0 ? lead : 3 + (block * 7) % 11); i++)
      p += sprintf(p, "%s", sentence);
    p += sprintf(p, "\"\n  - h2: Heading %d\n", block);
    if (block % 3 == 1)
      p += sprintf(p, "  - list: [\"%s%s%s\", short, \"%s\"]\n", sentence, sentence, sentence, sentence);
    if (block % 4 == 2)
      p += sprintf(p, "  - callout: \"%s%s%s%s\"\n", sentence, sentence, sentence, sentence);
  }
  tu_write(f->dir, "leaflets/one.yaml", body);
}

/* Lay out leaflet 'one' in the fixture's standard print format at 'size' pt. */
static lf_display *layout(fixture *f, lf_arena *arena, double size) {
  lf_content *c = lf_content_load(arena, f->dir, &f->diags);
  assert_non_null(c);
  lf_document doc;
  assert_int_equal(lf_resolve_edition(arena, c, lf_content_leaflet(c, "one"), 0, &doc, &f->diags), 0);
  lf_format s = lf_format_scaled(arena, lf_content_format(c, "standard"), size);
  lf_display *d = lf_layout_document(arena, &doc, &s, &f->fonts, &f->diags);
  assert_non_null(d);
  return d;
}

/* The element a body line belongs to, climbing to its block (P, H*, Div). */
static int block_of(const lf_display *d, int el) {
  while (el >= 0 && d->elements[el].type != LF_EL_P && d->elements[el].type != LF_EL_DIV &&
         !(d->elements[el].type >= LF_EL_H1 && d->elements[el].type <= LF_EL_H4))
    el = d->elements[el].parent;
  /* a paragraph inside a callout counts as the callout */
  for (int up = el; up >= 0; up = d->elements[up].parent)
    if (d->elements[up].type == LF_EL_DIV)
      return up;
  return el;
}

/* Lines of body text on a page: (block element, baseline) in order. */
typedef struct line_at {
  int block;
  double y;
} line_at;

static size_t page_lines(const lf_display *d, size_t page, line_at *out, size_t max) {
  size_t n = 0;
  const lf_page *pg = &d->pages[page];
  for (size_t i = 0; i < pg->count; i++) {
    const lf_item *it = &pg->items[i];
    if (it->kind != LF_ITEM_TEXT || it->element < 0 || d->elements[it->element].type == LF_EL_LBL)
      continue; /* footers, and list labels (the item's text stands for its line) */
    int b = block_of(d, it->element);
    if (n > 0 && out[n - 1].y == it->y)
      continue; /* same line */
    if (n < max)
      out[n++] = (line_at){b, it->y};
  }
  return n;
}

static int is_heading(const lf_display *d, int el) {
  return el >= 0 && d->elements[el].type >= LF_EL_H1 && d->elements[el].type <= LF_EL_H4;
}

/* Check the rules on one display list. */
static void check_rules(const lf_display *d, int lead) {
  line_at prev[512], cur[512];
  size_t nprev = 0;
  for (size_t p = 0; p < d->page_count; p++) {
    size_t n = page_lines(d, p, cur, 512);
    assert_true(n > 0);
    int last = cur[n - 1].block;
    if (p + 1 < d->page_count && is_heading(d, last))
      fail_msg("lead %d: page %zu ends with a heading", lead, p + 1);
    if (p > 0 && nprev > 0 && prev[nprev - 1].block == cur[0].block) {
      /* a block split across the break: at least two lines each side,
       * and never a callout */
      int b = cur[0].block;
      size_t before = 0, after = 0;
      for (size_t i = 0; i < nprev; i++)
        before += prev[i].block == b;
      for (size_t i = 0; i < n; i++)
        after += cur[i].block == b;
      if (d->elements[b].type == LF_EL_DIV)
        fail_msg("lead %d: a callout is split at page %zu", lead, p + 1);
      if (before < 2 || after < 2)
        fail_msg("lead %d: paragraph split %zu/%zu lines at page %zu", lead, before, after, p + 1);
    }
    /* a heading keeps two lines of what follows on its page */
    for (size_t i = 0; i < n; i++)
      if (is_heading(d, cur[i].block) && p + 1 < d->page_count) {
        size_t k = i;
        while (k < n && cur[k].block == cur[i].block)
          k++;
        if (n - k < 2 && !(k < n && d->elements[cur[k].block].type == LF_EL_DIV))
          fail_msg("lead %d: heading on page %zu keeps %zu lines", lead, p + 1, n - k);
      }
    memcpy(prev, cur, n * sizeof *cur);
    nprev = n;
  }
}

static void test_rules_hold_wherever_blocks_fall(void **state) {
  fixture *f = *state;
  for (int lead = 1; lead <= 40; lead++) {
    write_leaflet(f, lead);
    lf_arena *arena = lf_arena_new(0);
    lf_display *d = layout(f, arena, 12);
    assert_true(d->page_count >= 2);
    check_rules(d, lead);
    lf_arena_free(arena);
  }
}

static void test_rules_hold_in_large_print(void **state) {
  fixture *f = *state;
  for (int lead = 1; lead <= 30; lead += 3) {
    write_leaflet(f, lead);
    lf_arena *arena = lf_arena_new(0);
    lf_display *d = layout(f, arena, 18);
    check_rules(d, lead);
    lf_arena_free(arena);
  }
}

static void test_footer_in_same_place(void **state) {
  fixture *f = *state;
  write_leaflet(f, 10);
  lf_arena *arena = lf_arena_new(0);
  lf_display *d = layout(f, arena, 12);
  double y = -1, right = -1;
  for (size_t p = 0; p < d->page_count; p++) {
    char want[64];
    snprintf(want, sizeof want, "Page %zu of %zu", p + 1, d->page_count);
    int found = 0;
    for (size_t i = 0; i < d->pages[p].count; i++) {
      const lf_item *it = &d->pages[p].items[i];
      if (it->kind == LF_ITEM_TEXT && it->len == strlen(want) &&
          memcmp(it->text, want, it->len) == 0) {
        found = 1;
        assert_int_equal(it->element, -1); /* an artifact */
        assert_float_equal(it->size, 12, 1e-9);  /* at the body size */
        if (y < 0) {
          y = it->y;
          right = it->x + it->w;
        }
        assert_float_equal(it->y, y, 1e-9);
        assert_float_equal(it->x + it->w, right, 1e-6);
      }
    }
    assert_true(found);
  }
  lf_arena_free(arena);
}

static void test_outline_points_at_headings(void **state) {
  fixture *f = *state;
  write_leaflet(f, 5);
  lf_arena *arena = lf_arena_new(0);
  lf_display *d = layout(f, arena, 12);
  assert_int_equal(d->outline_count, 1 + 12 + 1); /* title, headings, about */
  assert_string_equal(d->outline[0].title, "One");
  assert_int_equal(d->outline[0].level, 1);
  assert_string_equal(d->outline[1].title, "Heading 0");
  for (size_t i = 1; i < d->outline_count; i++)
    assert_true(d->outline[i].page > d->outline[i - 1].page ||
                (d->outline[i].page == d->outline[i - 1].page &&
                 d->outline[i].y < d->outline[i - 1].y));
  lf_arena_free(arena);
}

static void test_page_break_block(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/one.yaml",
           "id: one\ntitle: One\nreview: {last_reviewed: 2025-01-01, next_review: 2030-01-01}\n"
           "body:\n  - p: first\n  - page-break: true\n  - p: second\n");
  lf_arena *arena = lf_arena_new(0);
  lf_display *d = layout(f, arena, 12);
  assert_int_equal(d->page_count, 2);
  lf_arena_free(arena);
}

static void test_links_are_clickable_and_printed(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/one.yaml",
           "id: one\ntitle: One\nreview: {last_reviewed: 2025-01-01, next_review: 2030-01-01}\n"
           "body:\n  - p: \"See [our nurses](https://example.org/nurses) today.\"\n");
  lf_arena *arena = lf_arena_new(0);
  lf_display *d = layout(f, arena, 12);
  int links = 0, printed = 0;
  for (size_t i = 0; i < d->pages[0].count; i++) {
    const lf_item *it = &d->pages[0].items[i];
    if (it->kind == LF_ITEM_LINK) {
      links++;
      assert_string_equal(it->uri, "https://example.org/nurses");
      assert_true(it->element >= 0);
      assert_int_equal(d->elements[it->element].type, LF_EL_LINK);
      assert_string_equal(d->elements[it->element].alt, "Link to https://example.org/nurses");
      assert_true(it->w > 0 && it->h > 0);
    }
    if (it->kind == LF_ITEM_TEXT && it->len >= 28 && memmem(it->text, it->len, "(https://example.org/nurses)", 28))
      printed = 1;
  }
  assert_true(links >= 2); /* the text and the printed address */
  assert_true(printed);
  lf_arena_free(arena);
}

/*
 * 'write_nested_lists()' - Leaflet 'one': lists nested 'depth' deep, each
 * list's one item a paragraph and the next list, in block style (the list
 * of level k starts on line 4 + 2k, its items on the next line).
 */
static void write_nested_lists(fixture *f, int depth) {
  char body[8192];
  char *p = body;
  p += sprintf(p, "id: one\ntitle: One\nreview: {last_reviewed: 2025-01-01, next_review: 2030-01-01}\n"
                  "body:\n");
  for (int i = 0; i < depth; i++)
    p += sprintf(p, "%*s- list:\n%*s- - p: level %d\n", 2 + 4 * i, "", 4 + 4 * i, "", i + 1);
  tu_write(f->dir, "leaflets/one.yaml", body);
}

/*
 * 'test_lists_nested_too_deep()' - At 48 pt (72 pt of indent a level on a
 * 357 pt line) lists nest 4 deep; a fifth list would leave less than one
 * em for its text: an error at that list, saying how deep lists may nest
 * there, rather than lines broken to a negative measure.
 */
static void test_lists_nested_too_deep(void **state) {
  fixture *f = *state;
  lf_arena *arena = lf_arena_new(0);
  write_nested_lists(f, 4);
  layout(f, arena, 48);
  assert_int_equal(f->diags.errors, 0);
  lf_arena_free(arena);

  write_nested_lists(f, 5);
  arena = lf_arena_new(0);
  lf_content *c = lf_content_load(arena, f->dir, &f->diags);
  assert_non_null(c);
  lf_document doc;
  assert_int_equal(lf_resolve_edition(arena, c, lf_content_leaflet(c, "one"), 0, &doc, &f->diags), 0);
  lf_format s = lf_format_scaled(arena, lf_content_format(c, "standard"), 48);
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
  assert_null(lf_layout_document(arena, &doc, &s, &f->fonts, &f->diags));
  assert_int_equal(f->diags.errors, 1);
  const lf_diag *e = &f->diags.items[f->diags.count - 1];
  assert_int_equal(e->pos.line, 14);
  assert_int_equal(e->pos.column, 21);
  assert_string_equal(e->message,
                      "list nested 5 deep leaves no room on the line at this page width "
                      "(the line is 69.2 pt here and the list's indent takes 72 pt of it, "
                      "leaving less than one em, 48 pt, for its text; expected lists "
                      "nested at most 4 deep here)");
  lf_arena_free(arena);
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
  const struct CMUnitTest tests[] = {
      T(test_rules_hold_wherever_blocks_fall), T(test_rules_hold_in_large_print),
      T(test_footer_in_same_place), T(test_outline_points_at_headings), T(test_page_break_block),
      T(test_links_are_clickable_and_printed), T(test_lists_nested_too_deep),
  };
  return cmocka_run_group_tests_name("pages", tests, NULL, NULL);
}
