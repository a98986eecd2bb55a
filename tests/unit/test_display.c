/*
 * test_display.c -- the display list's operations (src/layout/display.c):
 * building a list a page, item, element and outline entry at a time past
 * the sizes its arrays start at; joining lists (elements renumbered, a
 * joined Document made a Sect, outline entries on their new pages, paper
 * and fonts that differ refused); padding; retagging; copying a page's
 * marks as artifacts; a deep copy that outlives its source's arena.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "leaflet/arena.h"
#include "leaflet/diag.h"
#include "leaflet/display.h"

/* Two font sets the lists name; never loaded (only compared). */
static const lf_fontset fonts_a, fonts_b;

/*
 * 'text_item()' - A text item at (x, y) on 'page' for 'element'.
 */
static lf_item *text_item(lf_arena *arena, lf_page *page, int element, double x, double y,
                          const char *text) {
  lf_item *it = lf_page_add_item(arena, page, LF_ITEM_TEXT, element);
  assert_non_null(it);
  it->x = x;
  it->y = y;
  it->text = text;
  it->len = strlen(text);
  it->size = 12;
  return it;
}

/*
 * 'small_list()' - A list of 'pages' pages: a Document, a P on every page
 * with one text item, an artifact on every page, and a heading's outline
 * entry on the last page.
 */
static lf_display *small_list(lf_arena *arena, size_t pages, double width, const char *title) {
  lf_display *d = lf_display_create(arena, width, 842, &fonts_a);
  assert_non_null(d);
  int root = lf_display_add_element(arena, d, LF_EL_DOCUMENT, -1, NULL);
  assert_int_equal(root, 0);
  for (size_t p = 0; p < pages; p++) {
    lf_page *page = lf_display_new_page(arena, d);
    assert_non_null(page);
    int el = lf_display_add_element(arena, d, LF_EL_P, root, NULL);
    text_item(arena, page, el, 72, 700, title);
    lf_item *rule = lf_page_add_item(arena, page, LF_ITEM_LINE, -1);
    assert_non_null(rule);
    rule->x = 72;
    rule->x2 = 500;
  }
  assert_int_equal(lf_display_add_outline(arena, d, 1, title, (int)pages - 1, 700), 0);
  return d;
}

/*
 * 'test_build_grows()' - Pages, items, elements and outline entries added
 * one at a time, well past the sizes their arrays start at: each is where
 * it was put, with what it was given and nothing else.
 */
static void test_build_grows(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0);
  assert_non_null(arena);
  lf_display *d = lf_display_create(arena, 595.276, 841.89, &fonts_a);
  assert_non_null(d);
  assert_true(d->page_width == 595.276 && d->page_height == 841.89);
  assert_ptr_equal(d->fonts, &fonts_a);
  assert_int_equal(d->page_count + d->element_count + d->outline_count, 0);
  assert_null(d->meta.title);

  char words[40][8];
  for (int p = 0; p < 40; p++) {
    lf_page *page = lf_display_new_page(arena, d);
    assert_non_null(page);
    assert_int_equal(page->count, 0);
    snprintf(words[p], sizeof words[p], "p%d", p);
    for (int i = 0; i < 300; i++)
      text_item(arena, page, p, i, p, words[p]);
  }
  for (int e = 0; e < 200; e++)
    assert_int_equal(lf_display_add_element(arena, d, e ? LF_EL_P : LF_EL_DOCUMENT,
                                            e ? 0 : -1, e == 7 ? "Callout" : NULL),
                     e);
  for (int o = 0; o < 70; o++)
    assert_int_equal(lf_display_add_outline(arena, d, 1 + o % 4, words[o % 40], o % 40, o), o);

  assert_int_equal(d->page_count, 40);
  for (size_t p = 0; p < 40; p++) {
    assert_int_equal(d->pages[p].count, 300);
    for (size_t i = 0; i < 300; i += 37) {
      const lf_item *it = &d->pages[p].items[i];
      assert_int_equal(it->kind, LF_ITEM_TEXT);
      assert_int_equal(it->element, (int)p);
      assert_true(it->x == (double)i && it->y == (double)p);
      assert_string_equal(it->text, words[p]);
      assert_null(it->uri);
      assert_int_equal(it->filled + it->stroked, 0);
    }
  }
  assert_int_equal(d->element_count, 200);
  assert_int_equal(d->elements[0].type, LF_EL_DOCUMENT);
  assert_int_equal(d->elements[0].parent, -1);
  assert_int_equal(d->elements[199].type, LF_EL_P);
  assert_int_equal(d->elements[199].parent, 0);
  assert_string_equal(d->elements[7].role, "Callout");
  assert_null(d->elements[8].role);
  assert_int_equal(d->outline_count, 70);
  assert_int_equal(d->outline[69].level, 2);
  assert_int_equal(d->outline[69].page, 29);
  assert_true(d->outline[69].y == 69);
  assert_string_equal(d->outline[69].title, "p29");
  lf_arena_free(arena);
}

/*
 * 'test_append()' - A list joined after another: its pages follow, its
 * items name its elements at their new numbers (artifacts stay
 * artifacts), its Document becomes a Sect under the first list's (with its
 * language when that is not the first list's), and its outline entries
 * point at its pages' new numbers.
 */
static void test_append(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0);
  lf_diags diags;
  lf_diags_init(&diags);
  lf_display *letter = small_list(arena, 2, 595, "letter");
  lf_display *leaflet = small_list(arena, 3, 595, "leaflet");
  letter->meta.language = "en-GB";
  leaflet->meta.language = "ur";
  lf_display *all = lf_display_like(arena, leaflet);
  assert_non_null(all);
  assert_int_equal(all->element_count, 1);
  assert_int_equal(all->elements[0].type, LF_EL_DOCUMENT);
  assert_int_equal(all->page_count, 0);
  assert_ptr_equal(all->fonts, &fonts_a);

  assert_int_equal(lf_display_append(arena, all, letter, &diags), 0);
  assert_int_equal(lf_display_append(arena, all, leaflet, &diags), 0);
  assert_int_equal(diags.count, 0);
  assert_int_equal(all->page_count, 5);
  /* 1 + (1 + 2) + (1 + 3) elements: the joined Documents are Sects */
  assert_int_equal(all->element_count, 8);
  assert_int_equal(all->elements[1].type, LF_EL_SECT);
  assert_int_equal(all->elements[1].parent, 0);
  assert_int_equal(all->elements[4].type, LF_EL_SECT);
  assert_int_equal(all->elements[4].parent, 0);
  assert_int_equal(all->elements[5].parent, 4);
  /* the English letter says it is English under the Urdu document; the
   * leaflet, in the document's language, says nothing */
  assert_string_equal(all->elements[1].lang, "en-GB");
  assert_null(all->elements[4].lang);
  assert_null(all->elements[0].lang);
  /* the leaflet's first page: its P is element 5 now, its rule an artifact */
  const lf_page *first = &all->pages[2];
  assert_int_equal(first->count, 2);
  assert_string_equal(first->items[0].text, "leaflet");
  assert_int_equal(first->items[0].element, 5);
  assert_int_equal(first->items[1].element, -1);
  assert_int_equal(all->pages[4].items[0].element, 7);
  /* outline entries on their new pages */
  assert_int_equal(all->outline_count, 2);
  assert_int_equal(all->outline[0].page, 1);
  assert_string_equal(all->outline[1].title, "leaflet");
  assert_int_equal(all->outline[1].page, 4);
  /* the lists joined are as they were */
  assert_int_equal(leaflet->pages[0].items[0].element, 1);
  assert_int_equal(leaflet->elements[0].type, LF_EL_DOCUMENT);

  /* other paper, other fonts: refused, and said why */
  lf_display *wide = small_list(arena, 1, 842, "wide");
  assert_int_equal(lf_display_append(arena, all, wide, &diags), -1);
  lf_display *other = small_list(arena, 1, 595, "other");
  other->fonts = &fonts_b;
  assert_int_equal(lf_display_append(arena, all, other, &diags), -1);
  assert_int_equal(diags.errors, 2);
  assert_string_equal(diags.items[0].message, "cannot join documents on different paper");
  assert_string_equal(diags.items[1].message, "cannot join documents set in different fonts");
  assert_int_equal(all->page_count, 5);
  assert_int_equal(all->element_count, 8);
  lf_diags_free(&diags);
  lf_arena_free(arena);
}

/*
 * 'test_pad_and_retag()' - Blank pages up to a multiple, and a list's root
 * made a Sect (a part of a print file) with its children left alone.
 */
static void test_pad_and_retag(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0);
  lf_display *d = small_list(arena, 3, 595, "three");
  assert_int_equal(lf_display_pad_pages(arena, d, 2), 1);
  assert_int_equal(d->page_count, 4);
  assert_int_equal(d->pages[3].count, 0);
  assert_int_equal(d->pages[2].count, 2);
  assert_int_equal(lf_display_pad_pages(arena, d, 2), 0);
  assert_int_equal(lf_display_pad_pages(arena, d, 1), 0);
  assert_int_equal(lf_display_pad_pages(arena, d, 3), 2);
  assert_int_equal(d->page_count, 6);

  lf_display_retag_root(d, LF_EL_SECT);
  assert_int_equal(d->elements[0].type, LF_EL_SECT);
  assert_int_equal(d->elements[0].parent, -1);
  for (size_t e = 1; e < d->element_count; e++)
    assert_int_equal(d->elements[e].type, LF_EL_P);
  lf_arena_free(arena);
}

/*
 * 'test_add_artifacts()' - A page's marks moved onto another as artifacts:
 * link areas left out, everything else as it was but for x.
 */
static void test_add_artifacts(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0);
  lf_display *d = lf_display_create(arena, 420, 595, &fonts_a);
  lf_page *from = lf_display_new_page(arena, d);
  text_item(arena, from, 3, 10, 500, "word")->colour = 0x123456;
  lf_item *link = lf_page_add_item(arena, from, LF_ITEM_LINK, 3);
  link->uri = "https://example.org";
  lf_item *rect = lf_page_add_item(arena, from, LF_ITEM_RECT, -1);
  rect->x = 20;
  rect->w = 100;
  rect->filled = 1;
  rect->fill = 0xEEEEEE;
  lf_item *line = lf_page_add_item(arena, from, LF_ITEM_LINE, 4);
  line->x = 30;
  line->x2 = 300;
  line->y = line->y2 = 40;
  lf_page *to = lf_display_new_page(arena, d);
  from = &d->pages[0]; /* the pages moved when the second was added */
  text_item(arena, to, 1, 5, 5, "kept");

  assert_int_equal(lf_page_add_artifacts(arena, to, from, 420, 0), 0);
  assert_int_equal(to->count, 4);
  assert_string_equal(to->items[0].text, "kept");
  assert_int_equal(to->items[0].element, 1);
  const lf_item *t = &to->items[1], *r = &to->items[2], *l = &to->items[3];
  assert_int_equal(t->kind, LF_ITEM_TEXT);
  assert_int_equal(t->element, -1);
  assert_true(t->x == 430 && t->y == 500);
  assert_memory_equal(t->text, "word", 4);
  assert_int_equal(t->colour, 0x123456);
  assert_int_equal(r->kind, LF_ITEM_RECT);
  assert_true(r->x == 440 && r->w == 100);
  assert_int_equal(r->fill, 0xEEEEEE);
  assert_int_equal(l->kind, LF_ITEM_LINE);
  assert_int_equal(l->element, -1);
  assert_true(l->x == 450 && l->x2 == 720 && l->y2 == 40);
  /* the page copied from is unchanged */
  assert_int_equal(from->count, 4);
  assert_int_equal(from->items[0].element, 3);
  assert_true(from->items[0].x == 10);
  lf_arena_free(arena);
}

/*
 * 'test_copy()' - A deep copy holds the same list in strings of its own,
 * and stays whole when the arena of the original is freed.
 */
static void test_copy(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0), *keep = lf_arena_new(0);
  char *title = lf_arena_strndup(arena, "heading", 7);
  lf_display *d = small_list(arena, 2, 595, title);
  d->elements[1].alt = lf_arena_strndup(arena, "Link to x", 9);
  lf_display *copy = lf_display_copy(keep, d);
  assert_non_null(copy);
  assert_ptr_not_equal(copy->pages[1].items[0].text, title);
  assert_ptr_not_equal(copy->outline[0].title, title);
  lf_arena_free(arena);
  assert_int_equal(copy->page_count, 2);
  assert_int_equal(copy->element_count, 3);
  assert_memory_equal(copy->pages[1].items[0].text, "heading", 7);
  assert_string_equal(copy->outline[0].title, "heading");
  assert_string_equal(copy->elements[1].alt, "Link to x");
  /* a copy can still grow */
  assert_non_null(lf_display_new_page(keep, copy));
  assert_int_equal(lf_display_add_element(keep, copy, LF_EL_P, 0, NULL), 3);
  assert_int_equal(copy->page_count, 3);
  lf_arena_free(keep);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_build_grows),
      cmocka_unit_test(test_append),
      cmocka_unit_test(test_pad_and_retag),
      cmocka_unit_test(test_add_artifacts),
      cmocka_unit_test(test_copy),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
