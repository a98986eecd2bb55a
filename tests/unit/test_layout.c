/*
 * test_layout.c -- the whole layout of documents in several languages: the
 * display list's shaped text items, their direction and faces, right-to-
 * left pages (lines, list labels and footers on the right), and the
 * language of structure elements.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "leaflet/utf8.h"
#include "leaflet/document.h"
#include "leaflet/layout.h"
#include "content_fixture.h"

typedef struct fixture {
  char *dir;
  lf_arena *arena;
  lf_diags diags;
  lf_content *content;
  lf_fontset fonts;
  char text[16384];
} fixture;

static const char scripts_format[] =
    "  scripts:\n"
    "    arabic: {regular: /usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf,\n"
    "             bold: /usr/share/fonts/truetype/noto/NotoNaskhArabic-Bold.ttf}\n"
    "    chinese-simplified: {regular: /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc,\n"
    "                         index: 2}\n";

static const char urdu_leaflet[] =
    "id: drugs-ur\n"
    "title: \"ٹارگٹڈ دوائیں\"\n"
    "language: ur\n"
    "translation_of: drugs\n"
    "review: {last_reviewed: 2027-01-01, next_review: 2030-01-01}\n"
    "body:\n"
    "  - p: آپ کو Sunitinib روزانہ لینا ہے۔ اپنے ڈاکٹر سے 0808 800 4040 پر بات کریں۔\n"
    "  - list: [پہلا, دوسرا]\n"
    "  - p: Ask your nurse.\n"
    "    lang: en-GB\n";

static const char english_leaflet[] =
    "id: one\n"
    "title: One\n"
    "review: {last_reviewed: 2027-01-01, next_review: 2030-01-01}\n"
    "body:\n"
    "  - p: Today we set AV and To with kerning.\n"
    "  - p: \"Mae'r daflen hon ar gael yn Gymraeg.\"\n"
    "    lang: cy\n"
    "  - callout: [{p: 本文有中文。}]\n"
    "    lang: zh-Hans\n";

static const char nested_leaflet[] =
    "id: nest\n"
    "title: Nest\n"
    "review: {last_reviewed: 2027-01-01, next_review: 2030-01-01}\n"
    "body:\n"
    "  - list:\n"
    "      - - list: [inner one, inner two]\n"
    "        - p: after inner\n"
    "      - second outer\n";

static const char steps_leaflet[] =
    "id: steps\n"
    "title: Steps\n"
    "review: {last_reviewed: 2027-01-01, next_review: 2030-01-01}\n"
    "body:\n"
    "  - steps: [a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12]\n";

/* A Persian list: numbered in Persian digits (words/fa.yaml), its items
 * by their labels on the right, an English item too. */
static const char persian_leaflet[] =
    "id: lists-fa\n"
    "title: \"فهرست\"\n"
    "language: fa\n"
    "review: {last_reviewed: 2027-01-01, next_review: 2030-01-01}\n"
    "body:\n"
    "  - steps: [\"دارو را بخورید\", \"آب بنوشید\"]\n"
    "  - list:\n"
    "      - \"دارو را بخورید\"\n"
    "      - [{p: Take the medicine, lang: en-GB}]\n"
    "      - [{p: \"Take one tablet in the morning with a glass of water, and another in the "
    "evening after your meal, every day until your nurse says to stop.\", lang: en-GB}]\n";

/* 'copy_words()' - tests/scripts' words for 'language' into the fixture. */
static void copy_words(const char *dir, const char *language) {
  char path[256], text[8192];
  snprintf(path, sizeof path, "tests/scripts/content/words/%s.yaml", language);
  FILE *in = fopen(path, "rb");
  assert_non_null(in);
  size_t n = fread(text, 1, sizeof text - 1, in);
  fclose(in);
  assert_true(n > 0 && n < sizeof text - 1);
  text[n] = 0;
  snprintf(path, sizeof path, "words/%s.yaml", language);
  tu_write(dir, path, text);
}

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  *state = f;
  f->dir = write_fixture();
  char format[4096];
  snprintf(format, sizeof format, "%s%s", fixture_format, scripts_format);
  tu_write(f->dir, "styles/standard.yaml", format);
  tu_write(f->dir, "leaflets/drugs-ur.yaml", urdu_leaflet);
  tu_write(f->dir, "leaflets/one.yaml", english_leaflet);
  tu_write(f->dir, "leaflets/nest.yaml", nested_leaflet);
  tu_write(f->dir, "leaflets/steps.yaml", steps_leaflet);
  tu_write(f->dir, "leaflets/lists-fa.yaml", persian_leaflet);
  copy_words(f->dir, "fa");
  f->arena = lf_arena_new(0);
  lf_diags_init(&f->diags);
  f->content = lf_content_load(f->arena, f->dir, &f->diags);
  if (!f->content) {
    lf_diags_print(&f->diags, stderr);
    return -1;
  }
  const lf_format *s = lf_content_format(f->content, "standard");
  /* the fixture names the Latin fonts relative to the repository */
  static const char *const base[LF_FACE_COUNT] = {
      "fonts/AtkinsonHyperlegible-Regular.ttf", "fonts/AtkinsonHyperlegible-Bold.ttf",
      "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
      "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"};
  int rc = lf_fontset_load(&f->fonts, base, &f->diags);
  for (int k = 0; k < LF_FONT_SCRIPT_COUNT && rc == 0; k++)
    if (s->scripts[k].paths[0])
      rc = lf_fontset_add_script(&f->fonts, k, s->scripts[k].paths, s->scripts[k].index,
                                 &f->diags);
  if (rc != 0)
    lf_diags_print(&f->diags, stderr);
  return rc;
}

static int teardown(void **state) {
  fixture *f = *state;
  tu_rmtree(f->dir);
  lf_fontset_free(&f->fonts);
  lf_diags_free(&f->diags);
  lf_arena_free(f->arena);
  free(f);
  return 0;
}

/* 'lay_out()' - Resolve and lay out leaflet 'id' in the standard format. */
static lf_display *lay_out(fixture *f, const char *id) {
  const lf_leaflet *l = lf_content_leaflet(f->content, id);
  assert_non_null(l);
  lf_document *docs;
  size_t n;
  assert_int_equal(lf_resolve(f->arena, f->content, l, &docs, &n, &f->diags), 0);
  lf_display *d = lf_layout_document(f->arena, &docs[0], lf_content_format(f->content, "standard"),
                                     &f->fonts, &f->diags);
  if (!d)
    lf_diags_print(&f->diags, stderr);
  assert_non_null(d);
  return d;
}

/*
 * 'check_items()' - Every text item is shaped: it has glyphs, they add up
 * to its width, its clusters lie inside its text, rising left to right
 * (falling when right to left).
 */
static void check_items(const lf_display *d) {
  for (size_t p = 0; p < d->page_count; p++)
    for (size_t i = 0; i < d->pages[p].count; i++) {
      const lf_item *it = &d->pages[p].items[i];
      if (it->kind != LF_ITEM_TEXT)
        continue;
      assert_true(it->glyph_count > 0);
      assert_non_null(it->glyphs);
      const lf_font *font = lf_fontset_face(d->fonts, it->face);
      assert_non_null(font);
      double sum = 0;
      for (size_t g = 0; g < it->glyph_count; g++) {
        sum += it->glyphs[g].advance;
        assert_true(it->glyphs[g].cluster < it->len);
        if (g > 0 && it->rtl)
          assert_true(it->glyphs[g].cluster <= it->glyphs[g - 1].cluster);
        else if (g > 0)
          assert_true(it->glyphs[g].cluster >= it->glyphs[g - 1].cluster);
      }
      assert_float_equal(it->w, sum * it->size / lf_font_units_per_em(font), 1e-6);
    }
}

/*
 * 'test_urdu_page()' - A leaflet in Urdu: set right to left, every line of
 * its paragraphs ending at the right margin, the drug name a left-to-right
 * item in Atkinson inside, list labels right of the items' text, the page
 * number on the left of the footer and the title on the right; the English
 * paragraph's element says so.
 */
static void test_urdu_page(void **state) {
  fixture *f = *state;
  lf_display *d = lay_out(f, "drugs-ur");
  check_items(d);
  const lf_format *s = lf_content_format(f->content, "standard");
  double right = s->page_width - s->margin_right, left = s->margin_left;
  assert_string_equal(d->meta.language, "ur");
  const lf_page *page = &d->pages[0];
  int drug = 0, urdu = 0, english = 0, label = 0;
  for (size_t i = 0; i < page->count; i++) {
    const lf_item *it = &page->items[i];
    if (it->kind != LF_ITEM_TEXT)
      continue;
    if (it->element >= 0 && d->elements[it->element].type == LF_EL_LBL) {
      /* the bullet is right of the list's text, at the right margin */
      assert_float_equal(it->x + it->w, right, 1e-6);
      label++;
      continue;
    }
    if (it->len >= 9 && memcmp(it->text, "Sunitinib", 9) == 0) {
      assert_false(it->rtl);
      assert_int_equal(it->face, LF_FACE_REGULAR);
      drug++;
    } else if (it->element >= 0 && !memcmp(it->text, "Ask", 3)) {
      assert_false(it->rtl);
      assert_float_equal(it->x, left, 1e-6); /* English: from the left */
      assert_string_equal(d->elements[it->element].lang, "en-GB");
      english++;
    } else if (it->element >= 0 && it->rtl) {
      assert_int_equal(it->face, LF_FACE_SCRIPT + 2 * LF_FONT_SCRIPT_ARABIC +
                                     (d->elements[it->element].type == LF_EL_H1));
      assert_null(d->elements[it->element].lang);
      urdu++;
    }
  }
  assert_int_equal(drug, 1);
  assert_true(urdu >= 3);
  assert_int_equal(english, 1);
  assert_int_equal(label, 2);
  /* every body line of the Urdu paragraphs ends at the right margin: the
   * rightmost item of each baseline */
  for (size_t i = 0; i < page->count; i++) {
    const lf_item *it = &page->items[i];
    if (it->kind != LF_ITEM_TEXT || it->element < 0 || !it->rtl ||
        d->elements[it->element].type == LF_EL_LBL)
      continue;
    double edge = 0;
    for (size_t k = 0; k < page->count; k++)
      if (page->items[k].kind == LF_ITEM_TEXT && page->items[k].y == it->y &&
          page->items[k].element >= 0 && d->elements[page->items[k].element].type != LF_EL_LBL)
        edge = fmax(edge, page->items[k].x + page->items[k].w);
    double limit = d->elements[it->element].type == LF_EL_P &&
                           d->elements[d->elements[it->element].parent].type == LF_EL_LBODY
                       ? right - s->list_indent * s->body_size
                       : right;
    assert_float_equal(edge, limit, 1e-6);
  }
  /* the footer, mirrored: "Page 1 of 1" at the left margin */
  int number = 0;
  for (size_t i = 0; i < page->count; i++) {
    const lf_item *it = &page->items[i];
    if (it->kind == LF_ITEM_TEXT && it->element < 0 && it->len >= 4 &&
        memcmp(it->text, "Page", 4) == 0) {
      assert_float_equal(it->x, left, 1e-6);
      number++;
    }
    if (it->kind == LF_ITEM_TEXT && it->element < 0 && it->len >= 4 &&
        memcmp(it->text, "Next", 4) == 0)
      assert_true(it->x > (left + right) / 2);
  }
  assert_int_equal(number, 1);
}

/*
 * 'test_english_page()' - English with a Welsh paragraph and a Chinese
 * callout: only the elements in those languages carry /Lang, the Chinese
 * is set in the Chinese face, and "AV" and "To" are kerned in the items'
 * glyphs (the item is narrower than its characters' advances).
 */
static void test_english_page(void **state) {
  fixture *f = *state;
  lf_display *d = lay_out(f, "one");
  check_items(d);
  int welsh = 0, chinese = 0, div = 0;
  for (size_t e = 0; e < d->element_count; e++) {
    const lf_element *el = &d->elements[e];
    if (el->lang && strcmp(el->lang, "cy") == 0) {
      assert_int_equal(el->type, LF_EL_P);
      welsh++;
    } else if (el->lang && strcmp(el->lang, "zh-Hans") == 0) {
      div += el->type == LF_EL_DIV;
      chinese++;
    } else {
      assert_null(el->lang);
    }
  }
  assert_int_equal(welsh, 1);
  assert_int_equal(div, 1);
  assert_int_equal(chinese, 2); /* the callout and its paragraph */
  const lf_page *page = &d->pages[0];
  int kerned = 0, cjk = 0;
  for (size_t i = 0; i < page->count; i++) {
    const lf_item *it = &page->items[i];
    if (it->kind != LF_ITEM_TEXT)
      continue;
    if (it->len > 5 && memcmp(it->text, "Today", 5) == 0) {
      const lf_font *font = lf_fontset_face(d->fonts, it->face);
      long plain = 0;
      const char *p = it->text, *end = it->text + it->len;
      while (p < end)
        plain += lf_font_advance(font, (uint32_t)lf_utf8_next(&p, end));
      if (it->text[it->len - 1] == ' ') /* the space the line broke at */
        plain -= lf_font_advance(font, ' ');
      assert_true(it->w < (double)plain * it->size / 1000.0 - 0.1);
      kerned++;
    }
    if (it->len >= 3 && memcmp(it->text, "本", 3) == 0) {
      assert_int_equal(it->face, LF_FACE_SCRIPT + 2 * LF_FONT_SCRIPT_CHINESE_SIMPLIFIED);
      cjk++;
    }
  }
  assert_int_equal(kerned, 1);
  assert_int_equal(cjk, 1);
}

/*
 * 'test_lists_right_to_left()' - A Persian numbered list is numbered in the
 * language's digits ("۱." and "۲.", as its footer's page numbers are), the
 * labels at the right margin; an English item of a Persian list ends by its
 * bullet (right aligned at the list's indent), not at the far left margin.
 */
static void test_lists_right_to_left(void **state) {
  fixture *f = *state;
  lf_display *d = lay_out(f, "lists-fa");
  check_items(d);
  const lf_format *s = lf_content_format(f->content, "standard");
  double right = s->page_width - s->margin_right;
  const lf_page *page = &d->pages[0];
  int numbers = 0, english = 0;
  for (size_t i = 0; i < page->count; i++) {
    const lf_item *it = &page->items[i];
    if (it->kind != LF_ITEM_TEXT || it->element < 0)
      continue;
    const lf_element *el = &d->elements[it->element];
    if (el->type == LF_EL_LBL && it->len > 1 && !memcmp(it->text, "\u06f1", 2)) {
      assert_float_equal(it->x + it->w, right, 1e-6);
      numbers++;
    }
    if (el->type == LF_EL_LBL && it->len > 1 && !memcmp(it->text, "\u06f2", 2))
      numbers++;
    if (el->type == LF_EL_LBL)
      assert_false(it->text[0] >= '0' && it->text[0] <= '9');
    if (it->len >= 8 && !memcmp(it->text, "Take the", 8)) {
      /* the item's line ends where its Persian sibling's does */
      double edge = 0;
      for (size_t k = 0; k < page->count; k++)
        if (page->items[k].kind == LF_ITEM_TEXT && page->items[k].y == it->y &&
            page->items[k].element == it->element)
          edge = fmax(edge, page->items[k].x + page->items[k].w);
      assert_true(edge > right - s->list_indent * s->body_size - 1);
      assert_true(edge < right - s->body_size / 2);
      english++;
    }
  }
  assert_int_equal(numbers, 2);
  assert_int_equal(english, 1);
  /* a long English item of the Persian list: its lines flush left (each
   * from its own start edge), the block standing by its label */
  int long_el = -1;
  for (size_t i = 0; i < page->count && long_el < 0; i++)
    if (page->items[i].kind == LF_ITEM_TEXT && page->items[i].len >= 8 &&
        memcmp(page->items[i].text, "Take one", 8) == 0)
      long_el = page->items[i].element;
  assert_true(long_el >= 0);
  double ys[16], starts[16], edge = 0;
  size_t lines = 0;
  for (size_t i = 0; i < page->count; i++) {
    const lf_item *it = &page->items[i];
    if (it->kind != LF_ITEM_TEXT || it->element != long_el)
      continue;
    size_t k = 0;
    while (k < lines && ys[k] != it->y)
      k++;
    if (k == lines && lines < 16) {
      ys[lines] = it->y;
      starts[lines++] = it->x;
    } else if (k < lines) {
      starts[k] = fmin(starts[k], it->x);
    }
    edge = fmax(edge, it->x + it->w);
  }
  assert_true(lines >= 2);
  for (size_t k = 1; k < lines; k++)
    assert_float_equal(starts[k], starts[0], 1e-6);
  assert_true(edge > right - s->list_indent * s->body_size - 1);
  assert_true(edge < right - s->body_size / 2);
}

/*
 * 'test_list_starting_with_a_list()' - An item whose first block is a list
 * shows both bullets on its first line, the outer one at the margin and
 * the inner one an indent in, before the inner item's words; every Lbl
 * element has its bullet (the outer bullet once took the inner's place).
 */
static void test_list_starting_with_a_list(void **state) {
  fixture *f = *state;
  lf_display *d = lay_out(f, "nest");
  const lf_format *s = lf_content_format(f->content, "standard");
  double left = s->margin_left, indent = s->list_indent * s->body_size;
  const lf_page *page = &d->pages[0];
  double inner_y = -1;
  for (size_t i = 0; i < page->count; i++) {
    const lf_item *it = &page->items[i];
    if (it->kind == LF_ITEM_TEXT && it->len >= 9 && memcmp(it->text, "inner one", 9) == 0) {
      assert_float_equal(it->x, left + 2 * indent, 1e-6);
      inner_y = it->y;
    }
  }
  assert_true(inner_y > 0);
  int on_line = 0;
  double xs[2] = {0, 0};
  for (size_t e = 0; e < d->element_count; e++) {
    if (d->elements[e].type != LF_EL_LBL)
      continue;
    int bullets = 0;
    for (size_t i = 0; i < page->count; i++) {
      const lf_item *it = &page->items[i];
      if (it->kind != LF_ITEM_TEXT || it->element != (int)e)
        continue;
      assert_int_equal(it->len, strlen("\u2022"));
      assert_memory_equal(it->text, "\u2022", it->len);
      bullets++;
      if (it->y == inner_y && on_line < 2)
        xs[on_line++] = it->x;
    }
    assert_int_equal(bullets, 1);
  }
  assert_int_equal(on_line, 2);
  assert_float_equal(xs[0], left, 1e-6);
  assert_float_equal(xs[1], left + indent, 1e-6);
}

/*
 * 'test_numbers_clear_of_their_items()' - In a numbered list of twelve,
 * every number, "10." and "12." too, ends at least half an em before its
 * item's text (once "10." ended 2.8 pt before it, "20." less than 1 pt,
 * and "100." ran over it), and every item's text starts at the same place.
 */
static void test_numbers_clear_of_their_items(void **state) {
  fixture *f = *state;
  lf_display *d = lay_out(f, "steps");
  const lf_format *s = lf_content_format(f->content, "standard");
  const lf_page *page = &d->pages[0];
  int labels = 0;
  double text_x = -1;
  for (size_t i = 0; i < page->count; i++) {
    const lf_item *it = &page->items[i];
    if (it->kind != LF_ITEM_TEXT || it->element < 0 || d->elements[it->element].type != LF_EL_LBL)
      continue;
    labels++;
    for (size_t k = 0; k < page->count; k++) {
      const lf_item *t = &page->items[k];
      if (t->kind == LF_ITEM_TEXT && t->y == it->y && t->element >= 0 &&
          d->elements[t->element].type == LF_EL_P) {
        assert_true(it->x + it->w + 0.5 * s->body_size <= t->x + 1e-6);
        if (text_x < 0)
          text_x = t->x;
        assert_float_equal(t->x, text_x, 1e-6);
      }
    }
  }
  assert_int_equal(labels, 12);
}

/*
 * 'test_copy_keeps_glyphs()' - A copied display list has its own glyphs
 * and languages, equal to the original's.
 */
static void test_copy_keeps_glyphs(void **state) {
  fixture *f = *state;
  lf_display *d = lay_out(f, "one");
  lf_arena *other = lf_arena_new(0);
  lf_display *copy = lf_display_copy(other, d);
  assert_non_null(copy);
  for (size_t p = 0; p < d->page_count; p++)
    for (size_t i = 0; i < d->pages[p].count; i++) {
      const lf_item *a = &d->pages[p].items[i], *b = &copy->pages[p].items[i];
      assert_int_equal(a->glyph_count, b->glyph_count);
      assert_int_equal(a->rtl, b->rtl);
      if (a->glyph_count) {
        assert_ptr_not_equal(a->glyphs, b->glyphs);
        assert_memory_equal(a->glyphs, b->glyphs, a->glyph_count * sizeof *a->glyphs);
      }
    }
  for (size_t e = 0; e < d->element_count; e++)
    if (d->elements[e].lang)
      assert_string_equal(copy->elements[e].lang, d->elements[e].lang);
  lf_arena_free(other);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_urdu_page),
      cmocka_unit_test(test_lists_right_to_left),
      cmocka_unit_test(test_english_page),
      cmocka_unit_test(test_list_starting_with_a_list),
      cmocka_unit_test(test_numbers_clear_of_their_items),
      cmocka_unit_test(test_copy_keeps_glyphs),
  };
  return cmocka_run_group_tests_name("layout", tests, setup, teardown);
}
