/*
 * test_figures.c -- the marks of src/layout/figures.c read back from the
 * display list: a QR code's modules are libqrencode's symbol at level M,
 * module for module, at least 0.5 mm, with a quiet zone of four modules
 * no other mark enters, a link over it and the address beside it; a
 * picture at its own size, at a share of the measure, never wider than
 * the measure, flush left, tagged Figure with its alt and bounding box; a
 * write-in space's lines 8 mm apart at 12 pt and more at 18 pt; a label
 * box 70 x 37 mm with "Patient label" inside, larger where its words need
 * it, and never cut across pages.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <qrencode.h>

#include "leaflet/document.h"
#include "leaflet/layout.h"
#include "layout_fixture.h"

#define MM (72.0 / 25.4)

typedef layout_fixture fixture;

/* Lay out leaflet 'one' with body 'body' at 'size' pt. */
static lf_display *layout(fixture *f, const char *body, double size) {
  lf_display *d = layout_body(f, body, size);
  if (!d) {
    char said[4096];
    fprintf(stderr, "%s", tu_diags_text(&f->diags, said, sizeof said));
  }
  assert_non_null(d);
  return d;
}

/* The first item of 'kind' on any page, its page in '*page'. */
static const lf_item *find(const lf_display *d, lf_item_kind kind, size_t *page) {
  for (size_t p = 0; p < d->page_count; p++)
    for (size_t i = 0; i < d->pages[p].count; i++)
      if (d->pages[p].items[i].kind == kind) {
        if (page)
          *page = p;
        return &d->pages[p].items[i];
      }
  return NULL;
}

static const char address[] = "https://example.org/leaflets/one";

static void test_qr_modules_are_the_symbol(void **state) {
  fixture *f = *state;
  for (double size = 12; size <= 24; size += 6) {
    lf_display *d = layout(f, "  - qr: https://example.org/leaflets/one\n", size);
    size_t page;
    const lf_item *code = find(d, LF_ITEM_RECTS, &page);
    assert_non_null(code);
    QRcode *qr = QRcode_encodeString(address, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    assert_non_null(qr);
    int n = qr->width;
    double module = code->rects[0].h;
    assert_true(module >= 0.5 * MM - 1e-9);
    assert_true(fabs(code->w - n * module) < 1e-6 && fabs(code->h - n * module) < 1e-6);
    /* every module of the symbol dark exactly where the rectangles are */
    for (int y = 0; y < n; y++)
      for (int x = 0; x < n; x++) {
        double cx = (x + 0.5) * module, cy = (n - 1 - y + 0.5) * module;
        int dark = 0;
        for (size_t r = 0; r < code->rect_count; r++) {
          const lf_rect *rc = &code->rects[r];
          assert_true(fabs(rc->h - module) < 1e-9);
          dark |= cx > rc->x && cx < rc->x + rc->w && cy > rc->y && cy < rc->y + rc->h;
        }
        assert_int_equal(dark, qr->data[y * n + x] & 1);
      }
    QRcode_free(qr);
    /* the quiet zone: four modules round it, nothing else drawn there */
    double q = 4 * module;
    const lf_page *pg = &d->pages[page];
    for (size_t i = 0; i < pg->count; i++) {
      const lf_item *it = &pg->items[i];
      if (it == code || it->kind == LF_ITEM_LINK)
        continue;
      double x1 = it->x, y1 = it->y, x2 = it->x + it->w, y2 = it->y + it->h;
      if (it->kind == LF_ITEM_TEXT)
        y2 = it->y + it->size, y1 = it->y - it->size / 3;
      if (it->kind == LF_ITEM_LINE)
        x2 = it->x2, y2 = it->y2;
      int apart = x2 <= code->x - q || x1 >= code->x + code->w + q ||
                  y2 <= code->y - q || y1 >= code->y + code->h + q;
      assert_true(apart);
    }
    /* a link over it, and the address printed to its right (below it when
     * the line beside would be narrower than eight ems) */
    double measure = f->format.page_width - f->format.margin_left - f->format.margin_right;
    int beside = measure - (code->w + 2 * q) - f->format.body_size >= 8 * f->format.body_size;
    const lf_item *link = NULL;
    int printed = 0;
    for (size_t i = 0; i < pg->count; i++) {
      const lf_item *it = &pg->items[i];
      if (it->kind == LF_ITEM_LINK && fabs(it->x - code->x) < 1e-6)
        link = it;
      if (it->kind == LF_ITEM_TEXT && it->len >= 8 && memcmp(it->text, "https://", 8) == 0 &&
          (beside ? it->x >= code->x + code->w + q - 1e-6 : it->y < code->y - q))
        printed = 1;
    }
    assert_non_null(link);
    assert_string_equal(link->uri, address);
    assert_true(fabs(link->w - code->w) < 1e-6);
    assert_true(printed);
    /* tagged: a Figure naming the address, in the Link */
    const lf_element *fig = &d->elements[code->element];
    assert_int_equal(fig->type, LF_EL_FIGURE);
    assert_non_null(strstr(fig->alt, address));
    assert_int_equal(d->elements[fig->parent].type, LF_EL_LINK);
    assert_int_equal(link->element, fig->parent);
  }
}

static void test_write_in_lines_spaced_for_handwriting(void **state) {
  fixture *f = *state;
  double want[] = {8 * MM, 12 * MM};
  double sizes[] = {12, 18};
  for (int k = 0; k < 2; k++) {
    lf_display *d = layout(f, "  - write-in: {label: \"Your nurse's name is:\", lines: 3}\n",
                           sizes[k]);
    double ys[8];
    int n = 0;
    for (size_t i = 0; i < d->pages[0].count && n < 8; i++) {
      const lf_item *it = &d->pages[0].items[i];
      if (it->kind == LF_ITEM_LINE && it->element < 0 && it->colour == 0x595959)
        ys[n++] = it->y;
    }
    assert_int_equal(n, 3);
    for (int i = 1; i < n; i++)
      assert_true(fabs(ys[i - 1] - ys[i] - want[k]) < 1e-6);
  }
}

/*
 * 'test_write_in_clear_of_the_footer()' - Wherever a write-in space falls,
 * its last line is more than its lines' spacing above the footer's rule (at
 * a page's foot it stood 19.9 pt above it, closer than its own lines, and
 * read as one more line to write on).
 */
static void test_write_in_clear_of_the_footer(void **state) {
  fixture *f = *state;
  size_t at_foot = 0;
  for (int size = 12; size <= 24; size += 2)
  for (int lead = 1; lead <= 80; lead++) {
    double spacing = 8 * MM * (size > 12 ? size / 12.0 : 1);
    static char body[32768];
    char *p = body;
    p += sprintf(p, "  - p: \"");
    for (int i = 0; i < lead; i++)
      p += sprintf(p, "Tell your doctor or nurse about any side effects you have. ");
    sprintf(p, "\"\n  - write-in: {label: \"Your nurse's name is:\", lines: 3}\n"
               "  - p: After the space.\n");
    lf_display *d = layout(f, body, size);
    for (size_t pg = 0; pg < d->page_count; pg++) {
      double lowest = 1e9, rule = -1;
      for (size_t i = 0; i < d->pages[pg].count; i++) {
        const lf_item *it = &d->pages[pg].items[i];
        if (it->kind != LF_ITEM_LINE || it->element >= 0 || fabs(it->y - it->y2) > 1e-6)
          continue;
        if (it->colour == 0x595959 && it->y < lowest)
          lowest = it->y;
        else if (it->colour != 0x595959 && it->y > rule && it->y < 200)
          rule = it->y; /* the footer's rule, near the page's foot */
      }
      if (lowest > 1e8 || rule < 0)
        continue;
      if (lowest - rule < spacing + 1e-6)
        fail_msg("%d pt, lead %d: page %zu: the last write-in line %.1f pt above the footer's "
                 "rule, its lines %.1f pt apart", size, lead, pg + 1, lowest - rule, spacing);
      at_foot += lowest - rule < 3 * spacing;
    }
  }
  assert_true(at_foot > 0); /* the sweep put the space at a page's foot */
}

/*
 * 'test_label_box_size_and_words()' - A label box is 70 x 37 mm with
 * "Patient label" inside it; at 36 and 48 pt it grows to hold its words
 * (once "label" hung below it), and at 48 pt, where the title, a line and
 * the box are more than a page, the box goes to the next page whole
 * rather than leaving its words there and its outline over the footer.
 */
static void test_label_box_size_and_words(void **state) {
  fixture *f = *state;
  double sizes[] = {18, 36, 48};
  for (int k = 0; k < 3; k++) {
    lf_display *d = layout(f, "  - p: Before the box.\n  - label-box: true\n", sizes[k]);
    const lf_item *box = NULL;
    size_t page = 0;
    for (size_t p = 0; p < d->page_count; p++)
      for (size_t i = 0; i < d->pages[p].count; i++) {
        const lf_item *it = &d->pages[p].items[i];
        if (it->kind == LF_ITEM_RECT && it->stroked && it->element < 0) {
          box = it;
          page = p;
        }
      }
    assert_non_null(box);
    double w = box->w + box->line_width, h = box->h + box->line_width;
    if (sizes[k] == 18) { /* the outline's outer edge is 70 x 37 mm */
      assert_true(fabs(w - 70 * MM) < 1e-6);
      assert_true(fabs(h - 37 * MM) < 1e-6);
    } else {
      assert_true(w >= 70 * MM - 1e-6 && h > 37 * MM);
    }
    /* above the footer's room */
    assert_true(box->y >= f->format.margin_bottom);
    int words = 0;
    for (size_t p = 0; p < d->page_count; p++)
      for (size_t i = 0; i < d->pages[p].count; i++) {
        const lf_item *it = &d->pages[p].items[i];
        if (it->kind != LF_ITEM_TEXT || it->element < 0 ||
            strcmp(d->elements[it->element].role ? d->elements[it->element].role : "",
                   "PatientLabel") != 0)
          continue;
        assert_int_equal(p, page);
        assert_true(it->x > box->x && it->x + it->w < box->x + box->w);
        assert_true(it->y - 0.25 * it->size > box->y && it->y + it->size < box->y + box->h);
        words++;
      }
    assert_true(words >= 1);
  }
}

static void test_figure_sizes(void **state) {
  fixture *f = *state;
  char path[1100];
  snprintf(path, sizeof path, "%s/images", f->dir);
  mkdir(path, 0755);
  /* tests/images/rgb.png: 240 x 160 pixels at 150 pixels an inch */
  snprintf(path, sizeof path, "cp tests/images/rgb.png %s/images/", f->dir);
  assert_int_equal(system(path), 0);
  lf_display *d = layout(f,
                         "  - figure: {src: rgb.png, alt: A test picture.}\n"
                         "  - figure: {src: rgb.png, alt: \"The same, wide.\", width: 100%}\n",
                         12);
  double measure = f->format.page_width - f->format.margin_left - f->format.margin_right;
  const lf_item *pics[2];
  int n = 0;
  for (size_t p = 0; p < d->page_count; p++)
    for (size_t i = 0; i < d->pages[p].count && n < 2; i++)
      if (d->pages[p].items[i].kind == LF_ITEM_IMAGE)
        pics[n++] = &d->pages[p].items[i];
  assert_int_equal(n, 2);
  /* its own size (pHYs says 5906 pixels a metre: 150 an inch, to 0.01) */
  assert_true(fabs(pics[0]->w - 240 / 150.0 * 72) < 0.02);
  assert_true(fabs(pics[0]->h - 160 / 150.0 * 72) < 0.02);
  assert_true(fabs(pics[1]->w - measure) < 1e-6); /* 100 % of the measure */
  assert_true(fabs(pics[1]->h / pics[1]->w - 160.0 / 240) < 1e-9);
  for (int k = 0; k < 2; k++) {
    assert_true(fabs(pics[k]->x - f->format.margin_left) < 1e-6); /* flush left */
    const lf_element *el = &d->elements[pics[k]->element];
    assert_int_equal(el->type, LF_EL_FIGURE);
    assert_true(el->alt && el->alt[0]);
    assert_true(el->has_bbox && fabs(el->bbox.w - pics[k]->w) < 1e-6 &&
                fabs(el->bbox.y - pics[k]->y) < 1e-6);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_qr_modules_are_the_symbol, layout_setup, layout_teardown),
      cmocka_unit_test_setup_teardown(test_write_in_clear_of_the_footer, layout_setup,
                                      layout_teardown),
      cmocka_unit_test_setup_teardown(test_write_in_lines_spaced_for_handwriting, layout_setup,
                                      layout_teardown),
      cmocka_unit_test_setup_teardown(test_label_box_size_and_words, layout_setup, layout_teardown),
      cmocka_unit_test_setup_teardown(test_figure_sizes, layout_setup, layout_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
