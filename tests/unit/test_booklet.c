/*
 * test_booklet.c -- saddle-stitched booklets (lf_layout_booklet): A5 pages
 * imposed two-up on A4 landscape sheets.  Read back from the sheets as a
 * printer would: which page is on each half of each side (by its "Page N
 * of M" footer; the cover has none), the page count a multiple of four
 * made up with "Notes" pages, the cover, notes and back page with what
 * they promise, and nothing for a screen reader (no structure, no links).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "leaflet/document.h"
#include "leaflet/layout.h"
#include "content_fixture.h"

#define MM (72.0 / 25.4)

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

/* A leaflet 'book' (one edition) whose body is 'parts' short paragraphs,
 * each after a page break: at least 'parts' pages of body; in 'language'
 * (NULL: English); 'extra' (or NULL) is more of the leaflet's keys. */
static void write_book(fixture *f, int parts, const char *language, const char *extra) {
  char text[8192];
  char *p = text;
  if (language)
    p += sprintf(p, "language: %s\n", language);
  if (extra)
    p += sprintf(p, "%s", extra);
  p += sprintf(p, "id: book\ntitle: \"Drugs for {tumour.name}\"\npublisher: Example Charity\n"
                  "editions:\n  - tumour: pancreatic-net\n"
                  "review: {last_reviewed: 2025-02-26, next_review: 2028-02-26, version: \"3\"}\n"
                  "contact: {text: Our nurses, phone: \"0808 800 4040\", hours: 9 to 5}\n"
                  "body:\n");
  for (int i = 0; i < parts; i++)
    p += sprintf(p, "%s  - p: Part %d of the body.\n", i ? "  - page-break: true\n" : "", i + 1);
  tu_write(f->dir, "leaflets/book.yaml", text);
}

/* The fixture's standard format on A5, margins keeping their share of the
 * page's width (as `leaflet build --booklet` sets it). */
static lf_format a5(const lf_content *c) {
  lf_format s = *lf_content_format(c, "standard");
  double k = 148 * MM / s.page_width;
  s.page_width = 148 * MM;
  s.page_height = 210 * MM;
  s.margin_left *= k;
  s.margin_right *= k;
  s.name = "standard-a5";
  return s;
}

/* Leaflet 'book' as written now, resolved into '*doc', and the fixture's
 * standard format on A5 at 'size' pt. */
static lf_format book_on_a5(fixture *f, lf_arena *arena, double size, lf_document *doc) {
  lf_content *c = lf_content_load(arena, f->dir, &f->diags);
  assert_non_null(c);
  assert_int_equal(lf_resolve_edition(arena, c, lf_content_leaflet(c, "book"), 0, doc,
                                      &f->diags), 0);
  lf_format base = a5(c);
  return lf_format_scaled(arena, &base, size);
}

/* A booklet and, for comparison, the same document page by page. */
typedef struct laid {
  lf_display *sheets;
  size_t body_pages;
  lf_format format;
} laid;

static laid lay_out_at(fixture *f, lf_arena *arena, int parts, const char *language,
                       const char *extra, double size) {
  write_book(f, parts, language, extra);
  lf_content *c = lf_content_load(arena, f->dir, &f->diags);
  assert_non_null(c);
  lf_document doc;
  assert_int_equal(lf_resolve_edition(arena, c, lf_content_leaflet(c, "book"), 0, &doc,
                                      &f->diags), 0);
  laid l = {.format = a5(c)};
  if (size > 0)
    l.format = lf_format_scaled(arena, &l.format, size);
  lf_display *pages = lf_layout_document(arena, &doc, &l.format, &f->fonts, &f->diags);
  assert_non_null(pages);
  l.body_pages = pages->page_count;
  l.sheets = lf_layout_booklet(arena, &doc, &l.format, &f->fonts, &f->diags);
  assert_non_null(l.sheets);
  assert_int_equal(f->diags.errors, 0);
  return l;
}

static laid lay_out_in(fixture *f, lf_arena *arena, int parts, const char *language,
                       const char *extra) {
  return lay_out_at(f, arena, parts, language, extra, 0);
}

static laid lay_out(fixture *f, lf_arena *arena, int parts) {
  return lay_out_in(f, arena, parts, NULL, NULL);
}

/* The text on one half (0 left, 1 right) of a side, items a space apart. */
static const char *half_text(const lf_display *d, size_t side, int half, char *buf, size_t size) {
  size_t n = 0;
  buf[0] = 0;
  double mid = d->page_width / 2;
  for (size_t i = 0; i < d->pages[side].count; i++) {
    const lf_item *it = &d->pages[side].items[i];
    if (it->kind != LF_ITEM_TEXT || (it->x < mid) != (half == 0) || n + it->len + 2 >= size)
      continue;
    memcpy(buf + n, it->text, it->len);
    n += it->len;
    if (buf[n - 1] != ' ') /* items apart, and lines (whose space is kept) */
      buf[n++] = ' ';
    buf[n] = 0;
  }
  return buf;
}

/* Ruled lines (not the footer's rule) on one half of a side. */
static size_t half_rules(const lf_display *d, size_t side, int half) {
  size_t n = 0;
  for (size_t i = 0; i < d->pages[side].count; i++) {
    const lf_item *it = &d->pages[side].items[i];
    if (it->kind == LF_ITEM_LINE && (it->x < d->page_width / 2) == (half == 0) &&
        it->colour == 0x808080)
      n++;
  }
  return n;
}

/* The page number a half shows ("Page N of M"), 0 for none; M into *total. */
static size_t half_number(const lf_display *d, size_t side, int half, size_t *total) {
  char text[8192];
  half_text(d, side, half, text, sizeof text);
  const char *at = strstr(text, "Page ");
  size_t n = 0, m = 0;
  if (!at || sscanf(at, "Page %zu of %zu", &n, &m) != 2)
    return 0;
  *total = m;
  return n;
}

/* Check the sheets against the saddle-stitch order 'want': for each side
 * in print order, the page on its left and on its right half. */
static void check_order(const laid *l, const size_t (*want)[2], size_t pages) {
  const lf_display *d = l->sheets;
  assert_int_equal(d->page_count, pages / 2);
  /* exactly A4 landscape, two A5 pages side by side, centred on it */
  assert_float_equal(d->page_width, 297 * MM, 1e-6);
  assert_float_equal(d->page_height, 210 * MM, 1e-6);
  for (size_t side = 0; side < d->page_count; side++)
    for (size_t i = 0; i < d->pages[side].count; i++) {
      const lf_item *it = &d->pages[side].items[i];
      double page_left = it->x < d->page_width / 2 ? 0.5 * MM : 148.5 * MM;
      assert_true(it->x >= page_left + l->format.margin_left - 1.5);
    }
  for (size_t side = 0; side < d->page_count; side++)
    for (int half = 0; half < 2; half++) {
      size_t total = 0, n = half_number(d, side, half, &total);
      char text[8192];
      if (want[side][half] == 1) { /* the cover: no number, the title */
        assert_int_equal(n, 0);
        assert_true(tu_has(half_text(d, side, half, text, sizeof text),
                           "Drugs for pancreatic neuroendocrine tumour (NET)"));
      } else {
        if (n != want[side][half] || total != pages)
          fail_msg("side %zu, %s half: page %zu of %zu, expected %zu of %zu", side + 1,
                   half ? "right" : "left", n, total, want[side][half], pages);
      }
    }
}

/*
 * 'test_eight_pages_in_folding_order()' - An 8-page booklet on 2 sheets:
 * front of sheet 1 shows pages 8 and 1, its back 2 and 7; sheet 2 shows 6
 * and 3, then 4 and 5.  So with 6 body pages (no notes) and with 3 (three
 * notes pages).
 */
static void test_eight_pages_in_folding_order(void **state) {
  fixture *f = *state;
  static const size_t order[4][2] = {{8, 1}, {2, 7}, {6, 3}, {4, 5}};
  int seen_full = 0, seen_notes = 0;
  for (int parts = 1; parts <= 8; parts++) {
    lf_arena *arena = lf_arena_new(0);
    laid l = lay_out(f, arena, parts);
    size_t total = 2 * l.sheets->page_count;
    if (1 + l.body_pages + 1 <= 8 && 1 + l.body_pages + 1 > 4) {
      assert_int_equal(total, 8);
      check_order(&l, order, 8);
      seen_full |= l.body_pages == 6;
      seen_notes |= l.body_pages == 3;
    }
    lf_arena_free(arena);
  }
  assert_true(seen_full && seen_notes);
}

/*
 * 'test_twelve_pages_in_folding_order()' - A 12-page booklet on 3 sheets:
 * 12|1, 2|11, 10|3, 4|9, 8|5, 6|7.
 */
static void test_twelve_pages_in_folding_order(void **state) {
  fixture *f = *state;
  static const size_t order[6][2] = {{12, 1}, {2, 11}, {10, 3}, {4, 9}, {8, 5}, {6, 7}};
  int seen = 0;
  for (int parts = 7; parts <= 12; parts++) {
    lf_arena *arena = lf_arena_new(0);
    laid l = lay_out(f, arena, parts);
    if (1 + l.body_pages + 1 > 8 && 1 + l.body_pages + 1 <= 12) {
      check_order(&l, order, 12);
      seen++;
    }
    lf_arena_free(arena);
  }
  assert_true(seen >= 2);
}

/*
 * 'test_right_to_left_bound_on_the_right()' - An Urdu booklet opens from
 * the right: every side mirrored, 1|8, 7|2, 3|6, 5|4, the cover on the
 * left of the first front.
 */
static void test_right_to_left_bound_on_the_right(void **state) {
  fixture *f = *state;
  static const size_t order[4][2] = {{1, 8}, {7, 2}, {3, 6}, {5, 4}};
  lf_arena *arena = lf_arena_new(0);
  laid l = lay_out_in(f, arena, 6, "ur", NULL);
  assert_int_equal(l.body_pages, 6);
  check_order(&l, order, 8);
  lf_arena_free(arena);
}

/*
 * 'test_count_multiple_of_four()' - Whatever the body's length, the
 * booklet has cover + body + back rounded up to a multiple of four pages,
 * never a whole sheet of notes more than needed.
 */
static void test_count_multiple_of_four(void **state) {
  fixture *f = *state;
  for (int parts = 1; parts <= 14; parts++) {
    lf_arena *arena = lf_arena_new(0);
    laid l = lay_out(f, arena, parts);
    size_t total = 2 * l.sheets->page_count, least = l.body_pages + 2;
    assert_int_equal(total % 4, 0);
    assert_true(total >= least && total < least + 4);
    lf_arena_free(arena);
  }
}

/*
 * 'test_cover_notes_back()' - With 3 body pages (8 in all): the cover has
 * the title, tumour type and publisher and no footer; pages 5 to 7 are
 * "Notes" pages with ruled lines to write on and the usual footer; page 8,
 * the back, has the contact details, review dates, version and leaflet ID,
 * which the body (whose page-per-page layout ends with them) leaves out.
 * Nothing is tagged and there is nothing to click.
 */
static void test_cover_notes_back(void **state) {
  fixture *f = *state;
  lf_arena *arena = lf_arena_new(0);
  laid l = lay_out(f, arena, 3);
  assert_int_equal(l.body_pages, 3);
  const lf_display *d = l.sheets;
  assert_int_equal(d->page_count, 4);
  /* where each page is: side, half (the 8-page order) */
  static const size_t where[9][2] = {{0, 0}, {0, 1}, {1, 0}, {2, 1}, {3, 0},
                                     {3, 1}, {2, 0}, {1, 1}, {0, 0}};
  char text[8192];
  half_text(d, where[1][0], (int)where[1][1], text, sizeof text);
  assert_true(tu_has(text, "Drugs for pancreatic neuroendocrine tumour (NET)"));
  assert_true(tu_has(text, "Tumour type: pancreatic neuroendocrine tumour (NET)"));
  assert_true(tu_has(text, "Published by Example Charity"));
  assert_null(strstr(text, "Page "));
  assert_null(strstr(text, "Part 1"));
  for (size_t page = 2; page <= 4; page++) {
    half_text(d, where[page][0], (int)where[page][1], text, sizeof text);
    char part[32];
    snprintf(part, sizeof part, "Part %zu of the body.", page - 1);
    assert_true(tu_has(text, part));
    assert_null(strstr(text, "Questions to ask"));
    /* the body's own "About this leaflet" is the back page's: not twice */
    assert_null(strstr(text, "About this leaflet"));
    assert_null(strstr(text, "Last reviewed"));
  }
  for (size_t page = 5; page <= 7; page++) {
    half_text(d, where[page][0], (int)where[page][1], text, sizeof text);
    assert_true(tu_has(text, "Notes"));
    assert_true(tu_has(text, "Questions to ask your doctor or nurse:"));
    assert_true(tu_has(text, "Next review due: 26 Feb 2028"));
    assert_true(half_rules(d, where[page][0], (int)where[page][1]) >= 10);
  }
  half_text(d, where[8][0], (int)where[8][1], text, sizeof text);
  assert_true(tu_has(text, "About this leaflet"));
  assert_true(tu_has(text, "Our nurses"));
  assert_true(tu_has(text, "Phone 0808 800 4040")); /* a table: header, value */
  assert_true(tu_has(text, "9 to 5"));
  assert_true(tu_has(text, "Last reviewed 26 Feb 2025")); /* the body's table */
  assert_true(tu_has(text, "Version 3"));
  assert_true(tu_has(text, "Leaflet ID book-pancreatic-net"));
  assert_true(tu_has(text, "Page 8 of 8"));
  assert_int_equal(half_rules(d, where[8][0], (int)where[8][1]), 0);
  /* for printing only */
  for (size_t side = 0; side < d->page_count; side++)
    for (size_t i = 0; i < d->pages[side].count; i++) {
      assert_int_equal(d->pages[side].items[i].element, -1);
      assert_int_not_equal(d->pages[side].items[i].kind, LF_ITEM_LINK);
    }
  assert_non_null(strstr(d->meta.subject, "For printing only"));
  lf_arena_free(arena);
}

/* QR codes (a RECTS item) on one half of a side. */
static size_t half_codes(const lf_display *d, size_t side, int half) {
  size_t n = 0;
  for (size_t i = 0; i < d->pages[side].count; i++)
    n += d->pages[side].items[i].kind == LF_ITEM_RECTS &&
         (d->pages[side].items[i].x < d->page_width / 2) == (half == 0);
  return n;
}

/*
 * 'test_back_page_on_one_page()' - A leaflet with an online address: its
 * QR code is on the back page, after "About this leaflet" (the review
 * facts and contact details as tables).  With a box for the patient label
 * too, all of that is more than the page holds: the QR code goes on the
 * cover, which has room, and the back page stays one page, so two pages
 * of body still make a booklet of four (it took eight, the label box
 * alone on a page of its own after two of notes).
 */
static void test_back_page_on_one_page(void **state) {
  fixture *f = *state;
  static const size_t order[2][2] = {{4, 1}, {2, 3}};
  char text[8192];
  for (int label = 0; label < 2; label++) {
    lf_arena *arena = lf_arena_new(0);
    laid l = lay_out_in(f, arena, 2, NULL,
                        label ? "url: https://www.example.org/book\n"
                                "back_page:\n  - label-box: true\n"
                              : "url: https://www.example.org/book\n");
    const lf_display *d = l.sheets;
    check_order(&l, order, 4);
    half_text(d, 0, 0, text, sizeof text); /* the back page */
    assert_true(tu_has(text, "About this leaflet"));
    assert_true(tu_has(text, "Last reviewed 26 Feb 2025")); /* a table: header, value */
    assert_true(tu_has(text, "Leaflet ID book-pancreatic-net"));
    assert_true(tu_has(text, "Phone 0808 800 4040"));
    assert_int_equal(strstr(text, "Patient label") != NULL, label);
    assert_int_equal(strstr(text, "https://www.example.org/book") != NULL, !label);
    assert_int_equal(half_codes(d, 0, 0), !label);
    half_text(d, 0, 1, text, sizeof text); /* the cover */
    assert_true(tu_has(text, "Published by Example Charity"));
    assert_int_equal(strstr(text, "https://www.example.org/book") != NULL, label);
    assert_int_equal(half_codes(d, 0, 1), label);
    lf_arena_free(arena);
  }
}

/*
 * 'test_cover_has_its_page_to_itself()' - The cover has no footer, so its
 * title, tumour type and publisher have the whole page: in large print on
 * A5 (18 to 22 pt) they all stay on the cover, the title at its heading
 * size and nothing reported split (the cover kept the footer's room empty:
 * at 20 pt "Published by Example Charity" went over to page 2).
 */
static void test_cover_has_its_page_to_itself(void **state) {
  fixture *f = *state;
  char text[8192];
  for (double size = 18; size <= 22; size += 2) {
    lf_arena *arena = lf_arena_new(0);
    size_t first = f->diags.count;
    laid l = lay_out_at(f, arena, 2, NULL, NULL, size);
    half_text(l.sheets, 0, 1, text, sizeof text); /* the cover */
    if (!tu_has(text, "Drugs for pancreatic neuroendocrine tumour (NET)") ||
        !tu_has(text, "Tumour type: pancreatic neuroendocrine tumour (NET)") ||
        !tu_has(text, "Published by Example Charity"))
      fail_msg("at %g pt the cover says only \"%s\"", size, text);
    for (size_t i = first; i < f->diags.count; i++)
      if (strstr(f->diags.items[i].message, "taller than a page"))
        fail_msg("at %g pt: %s", size, f->diags.items[i].message);
    /* the title at its heading size, larger than the body */
    double title = 0;
    for (size_t i = 0; i < l.sheets->pages[0].count; i++) {
      const lf_item *it = &l.sheets->pages[0].items[i];
      if (it->kind == LF_ITEM_TEXT && it->x > l.sheets->page_width / 2 && it->size > title)
        title = it->size;
    }
    assert_true(title > size * 1.1);
    lf_arena_free(arena);
  }
}

/*
 * 'test_cover_always_one_page()' - At every size a booklet is made in, up
 * to 48 pt, the cover is one page: page 2, the inside front cover, is the
 * body's, with its footer and page number, and nothing of the cover is on
 * it.  From 22.5 pt the cover ran over, a paragraph at a time, and page
 * 2 held only "Published by ...", with no footer and no page number.
 * Where the cover lines do not fit at their sizes, the publisher line
 * (which the back page says) goes first, then the tumour type the title
 * names, then the title is set smaller: the title is always on the cover.
 * A size a booklet cannot be made in is an error saying so, not a
 * booklet with a spilt cover.
 */
static void test_cover_always_one_page(void **state) {
  fixture *f = *state;
  char text[8192];
  int made = 0, moved = 0;
  for (double size = 18; size <= 48; size += 1.5) {
    lf_arena *arena = lf_arena_new(0);
    write_book(f, 2, NULL, NULL);
    lf_document doc;
    lf_format format = book_on_a5(f, arena, size, &doc);
    lf_diags diags;
    lf_diags_init(&diags);
    lf_display *d = lf_layout_booklet(arena, &doc, &format, &f->fonts, &diags);
    if (!d) {
      /* refused: an error saying why (the page's room, or the cover) */
      assert_true(diags.errors > 0);
      assert_true(size >= 40);
      lf_diags_free(&diags);
      lf_arena_free(arena);
      continue;
    }
    assert_int_equal(diags.errors, 0);
    made++;
    size_t total = 0;
    if (half_number(d, 1, 0, &total) != 2) /* page 2: the back of sheet 1, left */
      fail_msg("at %g pt page 2 has no \"Page 2 of N\": \"%s\"", size,
               half_text(d, 1, 0, text, sizeof text));
    half_text(d, 1, 0, text, sizeof text);
    if (strstr(text, "Published by Example") || strstr(text, "Tumour type:"))
      fail_msg("at %g pt page 2 says \"%s\"", size, text);
    half_text(d, 0, 1, text, sizeof text); /* the cover */
    if (!tu_has(text, "Drugs for pancreatic neuroendocrine tumour (NET)"))
      fail_msg("at %g pt the cover says \"%s\"", size, text);
    if (!strstr(text, "Published by Example Charity"))
      moved++;
    lf_diags_free(&diags);
    lf_arena_free(arena);
  }
  assert_true(made >= 15); /* 18 to at least 39 pt */
  assert_true(moved > 0);  /* the cover's lines did have to give way */
}

/*
 * 'test_splits_counted_in_the_booklet()' - A word wider than an A5 line
 * at 30 pt is split in the booklet as on the page-per-page A5 pages, and
 * the booklet says so too (its file's line said nothing).
 */
static void test_splits_counted_in_the_booklet(void **state) {
  fixture *f = *state;
  lf_arena *arena = lf_arena_new(0);
  tu_write(f->dir, "leaflets/book.yaml",
           "id: book\ntitle: Drugs\npublisher: Example Charity\n"
           "review: {last_reviewed: 2025-02-26, next_review: 2028-02-26, version: \"3\"}\n"
           "body:\n  - p: Part 1 of the body.\n"
           "  - p: Gastroenteropancreaticneuroendocrinology.\n");
  lf_document doc;
  lf_format format = book_on_a5(f, arena, 30, &doc);
  lf_display *pages = lf_layout_document(arena, &doc, &format, &f->fonts, &f->diags);
  lf_display *sheets = lf_layout_booklet(arena, &doc, &format, &f->fonts, &f->diags);
  assert_non_null(pages);
  assert_non_null(sheets);
  assert_true(pages->words_split >= 1);
  assert_int_equal(sheets->words_split, pages->words_split);
  lf_arena_free(arena);
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
  const struct CMUnitTest tests[] = {
      T(test_eight_pages_in_folding_order), T(test_twelve_pages_in_folding_order),
      T(test_splits_counted_in_the_booklet),
      T(test_right_to_left_bound_on_the_right), T(test_back_page_on_one_page),
      T(test_count_multiple_of_four),       T(test_cover_notes_back),
      T(test_cover_has_its_page_to_itself), T(test_cover_always_one_page),
  };
  return cmocka_run_group_tests_name("booklet", tests, NULL, NULL);
}
