/*
 * test_pages.c -- the page breaker, checked by its rules over many
 * documents of three and more pages: pages are filled as far as the rules
 * allow and no further (a long paragraph fills every page to the line; a
 * page ends early only where the next line would be a paragraph's one line
 * alone at its foot or head); a heading is never the last thing on a page
 * and keeps two lines of what follows; no paragraph leaves one line alone
 * at a page's foot or head; a list item's label sits on its text's first
 * line; a short list item and a callout are never split; the footer sits
 * in the same place on every page.  Each rule's check has been seen to
 * fail with the rule taken out of src/layout/blocks.c or pages.c; each sweep
 * asserts that it met the cases the rule is about (so it cannot pass by
 * never meeting them).
 */
#define _GNU_SOURCE /* memmem */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "leaflet/document.h"
#include "leaflet/jobs.h"
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

/* 'leaflet_head()' - Leaflet one's id, title and review dates, written at
 * 'p'; returns where they end. */
static char *leaflet_head(char *p) {
  return p + sprintf(p, "id: one\ntitle: One\nreview: {last_reviewed: 2027-01-01, "
                        "next_review: 2030-01-01}\n");
}

/* 'sentences()' - 'n' sentences of filler written at 'p'; returns where
 * they end. */
static char *sentences(char *p, int n) {
  for (int i = 0; i < n; i++)
    p += sprintf(p, "%s", sentence);
  return p;
}

/* A leaflet whose body is 'lead' sentences of filler, then headings,
 * paragraphs, a list and a callout that land at varying places; some
 * headings are followed by a paragraph of one line (so that keeping two
 * lines with a heading is more than keeping its first paragraph whole). */
static void write_leaflet(fixture *f, int lead) {
  char body[32768];
  char *p = body;
  p = leaflet_head(p);
  p += sprintf(p, "body:\n");
  for (int block = 0; block < 12; block++) {
    p += sprintf(p, "  - p: \"");
    for (int i = 0; i < (block == 0 ? lead : 3 + (block * 7) % 11); i++)
      p += sprintf(p, "%s", sentence);
    p += sprintf(p, "\"\n  - h2: Heading %d\n", block);
    if (block % 3 == 1)
      p += sprintf(p, "  - list: [\"%s%s%s\", short, \"%s\"]\n", sentence, sentence, sentence, sentence);
    if (block % 4 == 2)
      p += sprintf(p, "  - callout: \"%s%s%s%s\"\n", sentence, sentence, sentence, sentence);
    if (block % 3 == 0)
      p += sprintf(p, "  - p: One short line.\n");
  }
  tu_write(f->dir, "leaflets/one.yaml", body);
}

/* Leaflet 'one' resolved into 'doc', and the fixture's standard print
 * format at 'size' pt. */
static lf_format resolve_one(fixture *f, lf_arena *arena, double size, lf_document *doc) {
  lf_content *c = lf_content_load(arena, f->dir, &f->diags);
  assert_non_null(c);
  assert_int_equal(lf_resolve_edition(arena, c, lf_content_leaflet(c, "one"), 0, doc, &f->diags),
                   0);
  return lf_format_scaled(arena, lf_content_format(c, "standard"), size);
}

/* Lay out leaflet 'one' at 'size' pt on A5 (the format on that paper in
 * '*a5'), as a booklet's pages are; NULL after reporting errors. */
static lf_display *layout_a5(fixture *f, lf_arena *arena, double size, const lf_format **a5) {
  lf_document doc;
  lf_format s = resolve_one(f, arena, size, &doc);
  *a5 = lf_format_on_paper(arena, &s, "A5");
  assert_non_null(*a5);
  return lf_layout_document(arena, &doc, *a5, &f->fonts, &f->diags);
}

/* Lay out leaflet 'one' in the fixture's standard print format at 'size' pt. */
static lf_display *layout(fixture *f, lf_arena *arena, double size) {
  lf_document doc;
  lf_format s = resolve_one(f, arena, size, &doc);
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

/* What a sweep met: the cases each rule is about. */
typedef struct met {
  size_t pages;          /* page breaks judged */
  size_t splits;         /* paragraphs split over a break, each side judged */
  size_t headings;       /* headings at the head of a page after the first */
  size_t labels;         /* list labels judged */
} met;

/* 'check_labels()' - Every list item's label (Lbl) is drawn on the
 * page and baseline of the first line of the item's text (LBody). */
static void check_labels(const lf_display *d, int lead, met *m) {
  for (size_t li = 0; li < d->element_count; li++) {
    if (d->elements[li].type != LF_EL_LI)
      continue;
    long label_page = -1, text_page = -1;
    double label_y = 0, text_y = 0;
    for (size_t p = 0; p < d->page_count; p++)
      for (size_t i = 0; i < d->pages[p].count; i++) {
        const lf_item *it = &d->pages[p].items[i];
        if (it->kind != LF_ITEM_TEXT || it->element < 0)
          continue;
        int el = it->element, lbl = 0, in_li = 0;
        for (int up = el; up >= 0; up = d->elements[up].parent) {
          lbl |= d->elements[up].type == LF_EL_LBL && d->elements[up].parent == (int)li;
          in_li |= up == (int)li;
        }
        if (!in_li)
          continue;
        if (lbl && label_page < 0) {
          label_page = (long)p;
          label_y = it->y;
        } else if (!lbl && text_page < 0) {
          text_page = (long)p;
          text_y = it->y;
        }
      }
    if (label_page < 0 || text_page < 0)
      fail_msg("lead %d: list item %zu has %s", lead, li, label_page < 0 ? "no label" : "no text");
    if (label_page != text_page || label_y != text_y)
      fail_msg("lead %d: list item %zu's label is on page %ld at %.1f, its text starts on "
               "page %ld at %.1f", lead, li, label_page + 1, label_y, text_page + 1, text_y);
    m->labels++;
  }
}

/* Check the rules on one display list. */
static void check_rules(const lf_display *d, int lead, met *m) {
  line_at prev[512], cur[512];
  size_t nprev = 0;
  for (size_t p = 0; p < d->page_count; p++) {
    size_t n = page_lines(d, p, cur, 512);
    assert_true(n > 0);
    int last = cur[n - 1].block;
    if (p + 1 < d->page_count && is_heading(d, last))
      fail_msg("lead %d: page %zu ends with a heading", lead, p + 1);
    if (p > 0) {
      m->pages++;
      if (is_heading(d, cur[0].block))
        m->headings++;
    }
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
      m->splits++;
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
  check_labels(d, lead, m);
}

/*
 * 'test_rules_hold_wherever_blocks_fall()' - 40 documents of three pages
 * and more, the blocks shifted a sentence further down each time, so that
 * breaks fall at every place in headings, paragraphs, lists and callouts.
 * The sweep must meet split paragraphs, headings carried to a new page and
 * list labels, or it proves nothing.
 */
static void test_rules_hold_wherever_blocks_fall(void **state) {
  fixture *f = *state;
  met m = {0};
  for (int lead = 1; lead <= 40; lead++) {
    write_leaflet(f, lead);
    lf_arena *arena = lf_arena_new(0);
    lf_display *d = layout(f, arena, 12);
    assert_true(d->page_count >= 3);
    check_rules(d, lead, &m);
    lf_arena_free(arena);
  }
  assert_true(m.pages >= 80);
  assert_true(m.splits >= 10);
  assert_true(m.headings >= 3);
  assert_true(m.labels >= 40 * 12); /* four lists of three items each */
}

static void test_rules_hold_in_large_print(void **state) {
  fixture *f = *state;
  met m = {0};
  for (int lead = 1; lead <= 30; lead += 3) {
    write_leaflet(f, lead);
    lf_arena *arena = lf_arena_new(0);
    lf_display *d = layout(f, arena, 18);
    assert_true(d->page_count >= 5);
    check_rules(d, lead, &m);
    lf_arena_free(arena);
  }
  assert_true(m.splits >= 5);
  assert_true(m.headings >= 2);
}

/* Lines a page of the fixture's format holds at 'size' pt: the page less
 * its margins and the footer (two lines at the footer size, then a body
 * size of space), in line pitches. */
static size_t lines_per_page(fixture *f, lf_arena *arena, double size, double *pitch) {
  lf_content *c = lf_content_load(arena, f->dir, &f->diags);
  assert_non_null(c);
  lf_format s = lf_format_scaled(arena, lf_content_format(c, "standard"), size);
  *pitch = s.body_size * s.line_spacing;
  /* a gap between paragraphs is one line pitch here (paragraph_space 1) */
  assert_float_equal(s.paragraph_space, 1.0, 1e-9);
  double footer = 2 * s.body_size * s.footer_scale * s.line_spacing + s.body_size;
  double room = s.page_height - s.margin_top - s.margin_bottom - footer;
  return (size_t)(room / *pitch + 1e-6);
}

/* A leaflet of plain paragraphs: 'lead' sentences, then 40 paragraphs of
 * 1 to 9 sentences (each a few lines). */
static void write_paragraphs(fixture *f, int lead, int sentences) {
  static char body[262144];
  char *p = body;
  p = leaflet_head(p);
  p += sprintf(p, "body:\n");
  for (int block = 0; block < (sentences ? 1 : 41); block++) {
    p += sprintf(p, "  - p: \"");
    int count = sentences ? sentences : block == 0 ? lead : 1 + (block * 5) % 9;
    for (int i = 0; i < count; i++)
      p += sprintf(p, "%s", sentence);
    p += sprintf(p, "\"\n");
  }
  tu_write(f->dir, "leaflets/one.yaml", body);
}

/* The body lines of page 'page' that belong to paragraphs (P elements
 * under the Document), or 0 when the page holds anything else. */
static size_t paragraph_lines(const lf_display *d, size_t page, line_at *out, size_t max) {
  size_t n = page_lines(d, page, out, max);
  for (size_t i = 0; i < n; i++)
    if (d->elements[out[i].block].type != LF_EL_P || d->elements[out[i].block].parent != 0)
      return 0;
  return n;
}

/* Lines of block 'b' on page 'page'. */
static size_t lines_of(const lf_display *d, size_t page, int b) {
  line_at lines[512];
  size_t n = page_lines(d, page, lines, 512), count = 0;
  for (size_t i = 0; i < n; i++)
    count += lines[i].block == b;
  return count;
}

/*
 * 'test_long_paragraph_fills_pages()' - A paragraph of 150 sentences (five
 * pages and more): every page between the first and the last holds exactly
 * as many of its lines as the page has room for, its first line at the
 * same place at the top; the last page gets at least two.
 */
static void test_long_paragraph_fills_pages(void **state) {
  fixture *f = *state;
  for (double size = 12; size <= 24; size += 6) {
    lf_arena *arena = lf_arena_new(0);
    double pitch;
    size_t room = lines_per_page(f, arena, size, &pitch);
    write_paragraphs(f, 0, size == 12 ? 250 : 120);
    lf_display *d = layout(f, arena, size);
    assert_true(d->page_count >= 4);
    line_at lines[512];
    double top_y = 0;
    int paragraph = -1;
    size_t total = 0;
    for (size_t p = 0; p < d->page_count; p++) {
      size_t n = page_lines(d, p, lines, 512);
      if (paragraph < 0)
        paragraph = lines[n - 1].block; /* after the title on page 1 */
      size_t mine = lines_of(d, p, paragraph);
      total += mine;
      if (p == 0 || mine == 0)
        continue;
      assert_int_equal(lines[0].block, paragraph);
      if (top_y == 0)
        top_y = lines[0].y;
      assert_float_equal(lines[0].y, top_y, 1e-6);
      size_t next = p + 1 < d->page_count ? lines_of(d, p + 1, paragraph) : 0;
      /* full, or one short so as not to leave the last line alone */
      if (next > 0 && mine != room && !(mine + 1 == room && next == 2))
        fail_msg("%g pt: page %zu holds %zu lines of the paragraph, expected %zu", size, p + 1,
                 mine, room);
      assert_true(mine >= 2);
    }
    assert_true(total > 4 * room);
    lf_arena_free(arena);
  }
}

/*
 * 'test_breaks_fall_where_the_page_is_full()' - 60 documents of plain
 * paragraphs of 1 to 8 lines, shifted a sentence each time.  At every
 * page break after the first page (where all is in line pitches: lines,
 * and one-pitch gaps between paragraphs), with r lines of room left at the
 * page's foot and the next paragraph n lines long, b of them on this page:
 *   - a split paragraph (b > 0 and more lines after) leaves at least two
 *     lines on each side, and the page is full (r = 0), or one line short
 *     because the next line would have left the last one alone;
 *   - a paragraph carried whole to the next page had no room for two lines
 *     here (after the gap before it), or was three lines of which only two
 *     fit (one would be left alone).
 * Every kind of break must be met: full pages, splits, paragraphs moved
 * whole for an orphan, splits one line early for a widow.
 */
static void test_breaks_fall_where_the_page_is_full(void **state) {
  fixture *f = *state;
  size_t full = 0, splits = 0, orphans = 0, widows = 0;
  for (int lead = 1; lead <= 60; lead++) {
    lf_arena *arena = lf_arena_new(0);
    double pitch;
    size_t room = lines_per_page(f, arena, 12, &pitch);
    write_paragraphs(f, lead, 0);
    lf_display *d = layout(f, arena, 12);
    assert_true(d->page_count >= 3);
    for (size_t p = 1; p + 1 < d->page_count; p++) {
      line_at here[512], next[512];
      size_t n = paragraph_lines(d, p, here, 512), nn = paragraph_lines(d, p + 1, next, 512);
      if (n == 0 || nn == 0)
        continue; /* the generated sections at the end */
      /* slots used: from the top of the first line to the foot of the last */
      size_t used = (size_t)((here[0].y - here[n - 1].y) / pitch + 0.5) + 1;
      assert_true(used <= room);
      size_t r = room - used;
      int b = next[0].block;
      size_t before = lines_of(d, p, b), after = lines_of(d, p + 1, b);
      size_t total = before + after;
      if (p + 2 < d->page_count)
        total += lines_of(d, p + 2, b);
      if (before > 0) {
        if (before < 2 || after < 2)
          fail_msg("lead %d: paragraph split %zu/%zu at page %zu", lead, before, after, p + 2);
        if (r == 0) {
          full++;
        } else if (r == 1 && after == 2) {
          widows++;
        } else {
          fail_msg("lead %d: page %zu ends %zu lines short in a paragraph split %zu/%zu",
                   lead, p + 1, r, before, after);
        }
        splits++;
      } else {
        size_t fit = r > 0 ? r - 1 : 0; /* after the gap before the paragraph */
        if (fit >= 2 && !(total == 3 && fit == 2))
          fail_msg("lead %d: a paragraph of %zu lines starts page %zu though %zu fitted on "
                   "page %zu", lead, total, p + 2, fit, p + 1);
        if (fit == 1)
          orphans++;
        if (r == 0)
          full++;
      }
    }
    lf_arena_free(arena);
  }
  assert_true(full >= 10);
  assert_true(splits >= 10);
  assert_true(orphans >= 3);
  assert_true(widows >= 3);
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

/*
 * 'test_footer_at_any_size()' - From 12 to 48 pt (where "Next review due:
 * 26 Feb 2030" is wider than the measure, and breaks before the date):
 * every piece of the footer is
 * inside the margins, none runs into another (the title is cut, or left
 * out, rather than run into the page number), all at the footer's size and
 * below the body; the page number is on every page, in the same place.
 * At 48 pt the title and the note ran into the page number and off the
 * page.
 */
static void test_footer_at_any_size(void **state) {
  fixture *f = *state;
  char body[4096];
  char *p = body;
  p += sprintf(p, "id: one\ntitle: Targeted and immunotherapy drugs for neuroendocrine cancer\n"
                  "review: {last_reviewed: 2027-02-26, next_review: 2030-02-26}\nbody:\n");
  for (int i = 0; i < 6; i++)
    p += sprintf(p, "  - p: \"%s%s%s\"\n", sentence, sentence, sentence);
  tu_write(f->dir, "leaflets/one.yaml", body);
  static const double sizes[] = {12, 18, 24, 30, 36, 42, 48};
  int wrapped = 0;
  for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
    lf_arena *arena = lf_arena_new(0);
    lf_document doc;
    lf_format s = resolve_one(f, arena, sizes[k], &doc);
    lf_display *d = lf_layout_document(arena, &doc, &s, &f->fonts, &f->diags);
    assert_non_null(d);
    double left = s.margin_left, right = s.page_width - s.margin_right;
    double size = s.body_size * s.footer_scale;
    double number_x = -1, number_y = -1;
    for (size_t pg = 0; pg < d->page_count; pg++) {
      const lf_page *page = &d->pages[pg];
      double lowest_body = s.page_height, highest_footer = 0;
      size_t lines = 0;
      char want[64];
      snprintf(want, sizeof want, "Page %zu of %zu", pg + 1, d->page_count);
      for (size_t i = 0; i < page->count; i++) {
        const lf_item *it = &page->items[i];
        if (it->kind != LF_ITEM_TEXT)
          continue;
        if (it->element >= 0) {
          if (it->y < lowest_body)
            lowest_body = it->y;
          continue;
        }
        assert_float_equal(it->size, size, 1e-9);
        if (it->x < left - 0.01 || it->x + it->w > right + 0.01)
          fail_msg("%g pt, page %zu: footer text '%.*s' at %.2f to %.2f, past the margins "
                   "%.2f to %.2f", sizes[k], pg + 1, (int)it->len, it->text, it->x,
                   it->x + it->w, left, right);
        if (it->y + size > highest_footer)
          highest_footer = it->y + size;
        for (size_t j = 0; j < i; j++) {
          const lf_item *o = &page->items[j];
          if (o->kind == LF_ITEM_TEXT && o->element < 0 && fabs(o->y - it->y) < size &&
              o->x < it->x + it->w && it->x < o->x + o->w)
            fail_msg("%g pt, page %zu: footer texts '%.*s' and '%.*s' overlap", sizes[k], pg + 1,
                     (int)o->len, o->text, (int)it->len, it->text);
        }
        if (it->len == strlen(want) && memcmp(it->text, want, it->len) == 0) {
          if (number_y < 0) {
            number_x = it->x + it->w;
            number_y = it->y;
          }
          assert_float_equal(it->y, number_y, 1e-9);
          assert_float_equal(it->x + it->w, number_x, 1e-6);
          lines++;
        }
      }
      assert_int_equal(lines, 1);
      assert_true(highest_footer < lowest_body);
    }
    /* the note wrapped at the largest sizes: its date, whole, on a line of
     * its own, its spaces plain spaces (as it copies out) */
    static const char date[] = "26 Feb 2030";
    for (size_t i = 0; i < d->pages[0].count; i++) {
      const lf_item *it = &d->pages[0].items[i];
      if (it->kind == LF_ITEM_TEXT && it->element < 0 && memmem(it->text, it->len, "Feb", 3) &&
          !memmem(it->text, it->len, "Next", 4)) {
        assert_int_equal(it->len, strlen(date));
        assert_memory_equal(it->text, date, it->len);
        wrapped = 1;
      }
    }
    lf_arena_free(arena);
  }
  assert_true(wrapped);
  /* 48 pt on A5: the footer leaves no room for three lines of text; that
   * is an error saying so, not a page set over its footer */
  lf_arena *arena = lf_arena_new(0);
  lf_document doc;
  lf_format s = resolve_one(f, arena, 48, &doc);
  s.page_width = 148 * 72 / 25.4;
  s.page_height = 210 * 72 / 25.4;
  lf_diags diags;
  lf_diags_init(&diags);
  assert_null(lf_layout_document(arena, &doc, &s, &f->fonts, &diags));
  assert_int_equal(diags.errors, 1);
  static const char room[] = "at 48 pt on paper 148 x 210 mm a page has room for ";
  const char *said = strstr(diags.items[0].message, room);
  assert_non_null(said);
  int lines = -1;
  assert_int_equal(sscanf(said + strlen(room), "%d lines of text above its footer", &lines), 1);
  assert_true(lines >= 0 && lines < 3);
  assert_non_null(strstr(said, "(expected at least 3: a smaller size, or larger paper)"));
  lf_diags_free(&diags);
  lf_arena_free(arena);
}

/* The footer's words on one page (its artifacts), lines from the top,
 * pieces left to right, a space apart; its page number's baseline and
 * right end into *number_y, *number_end ("Page N of M", 'want'). */
static const char *footer_words(const lf_page *page, const char *want, char *buf, size_t size,
                                double *number_y, double *number_end) {
  const lf_item *items[64];
  size_t n = 0;
  for (size_t i = 0; i < page->count && n < 64; i++)
    if (page->items[i].kind == LF_ITEM_TEXT && page->items[i].element < 0)
      items[n++] = &page->items[i];
  for (size_t i = 1; i < n; i++) /* top to bottom, left to right */
    for (size_t j = i; j > 0 && (items[j]->y > items[j - 1]->y + 0.01 ||
                                 (fabs(items[j]->y - items[j - 1]->y) <= 0.01 &&
                                  items[j]->x < items[j - 1]->x));
         j--) {
      const lf_item *t = items[j];
      items[j] = items[j - 1];
      items[j - 1] = t;
    }
  size_t len = 0;
  buf[0] = 0;
  for (size_t i = 0; i < n; i++) {
    if (items[i]->len == strlen(want) && memcmp(items[i]->text, want, items[i]->len) == 0) {
      *number_y = items[i]->y;
      *number_end = items[i]->x + items[i]->w;
    }
    for (size_t k = 0; k < items[i]->len && len + 2 < size; k++)
      if (!(items[i]->text[k] == ' ' && len && buf[len - 1] == ' '))
        buf[len++] = items[i]->text[k];
    if (len + 2 < size && len && buf[len - 1] != ' ')
      buf[len++] = ' ';
    buf[len] = 0;
  }
  return buf;
}

/*
 * 'test_footer_title_set_whole()' - A leaflet whose title is too long for
 * the footer is named there by its short title, whole: in large print on
 * A5 (18 pt, where it does not fit beside "Page N of M") it goes over two
 * lines.  It read "Targeted and…", which a patient cannot know a leaflet
 * by.  Where two lines would take more than a quarter of the page's text
 * height (24 pt on A5, 30 and 36 pt on A4 here: a third more pages at
 * 34 pt on A5), it is cut at a word, as before, and the footer keeps to a
 * quarter.
 * The page number stays in the same place on every page, inside the
 * margins, and nothing of the footer overlaps or reaches the body.
 */
static void test_footer_title_set_whole(void **state) {
  fixture *f = *state;
  char body[8192];
  char *p = body;
  p += sprintf(p, "id: one\ntitle: Targeted and immunotherapy drugs for neuroendocrine tumour "
                  "(NET) of the digestive system\nshort_title: Targeted and immunotherapy drugs\n"
                  "review: {last_reviewed: 2027-02-26, next_review: 2030-02-26}\nbody:\n");
  for (int i = 0; i < 8; i++)
    p += sprintf(p, "  - p: \"%s%s%s\"\n", sentence, sentence, sentence);
  tu_write(f->dir, "leaflets/one.yaml", body);
  static const struct {
    double size;
    int a5, whole;
  } cases[] = {{12, 0, 1}, {18, 1, 1}, {24, 1, 0}, {30, 0, 0}, {36, 0, 0}};
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    lf_arena *arena = lf_arena_new(0);
    lf_document doc;
    lf_format base = resolve_one(f, arena, cases[k].size, &doc);
    const lf_format *s = cases[k].a5 ? lf_format_on_paper(arena, &base, "A5") : &base;
    lf_display *d = lf_layout_document(arena, &doc, s, &f->fonts, &f->diags);
    assert_non_null(d);
    double left = s->margin_left, right = s->page_width - s->margin_right;
    double size = s->body_size * s->footer_scale, first_y = -1, first_end = -1;
    for (size_t pg = 0; pg < d->page_count; pg++) {
      char want[64], text[1024];
      snprintf(want, sizeof want, "Page %zu of %zu", pg + 1, d->page_count);
      double y = -1, end = -1;
      footer_words(&d->pages[pg], want, text, sizeof text, &y, &end);
      if (cases[k].whole ? !strstr(text, "Targeted and immunotherapy drugs") ||
                               strstr(text, "\u2026")
                         : !strstr(text, "Targeted") || !strstr(text, "\u2026"))
        fail_msg("%g pt%s, page %zu: the footer says \"%s\"", cases[k].size,
                 cases[k].a5 ? " on A5" : "", pg + 1, text);
      if (y < 0)
        fail_msg("%g pt, page %zu: no \"%s\" in \"%s\"", cases[k].size, pg + 1, want, text);
      if (pg == 0)
        first_y = y, first_end = end;
      assert_float_equal(y, first_y, 1e-9);
      assert_float_equal(end, first_end, 1e-6);
      assert_float_equal(end, right, 0.01);
      double lowest_body = s->page_height, highest_footer = 0;
      const lf_page *page = &d->pages[pg];
      for (size_t i = 0; i < page->count; i++) {
        const lf_item *it = &page->items[i];
        if (it->kind != LF_ITEM_TEXT)
          continue;
        if (it->element >= 0) {
          lowest_body = it->y < lowest_body ? it->y : lowest_body;
          continue;
        }
        highest_footer = it->y + size > highest_footer ? it->y + size : highest_footer;
        if (it->x < left - 0.01 || it->x + it->w > right + 0.01)
          fail_msg("%g pt, page %zu: footer text '%.*s' past the margins", cases[k].size,
                   pg + 1, (int)it->len, it->text);
        for (size_t j = 0; j < i; j++) {
          const lf_item *o = &page->items[j];
          if (o->kind == LF_ITEM_TEXT && o->element < 0 && fabs(o->y - it->y) < size &&
              o->x < it->x + it->w && it->x < o->x + o->w)
            fail_msg("%g pt, page %zu: footer texts '%.*s' and '%.*s' overlap", cases[k].size,
                     pg + 1, (int)o->len, o->text, (int)it->len, it->text);
        }
      }
      assert_true(highest_footer < lowest_body);
      /* the footer's lines keep to a quarter of the text height */
      assert_true(highest_footer - s->margin_bottom <=
                  0.25 * (s->page_height - s->margin_top - s->margin_bottom) + 1e-6);
    }
    lf_arena_free(arena);
  }
}

/*
 * 'test_footer_alike_for_any_count()' - Leaflets of 10 to 99 pages in one
 * format set their footers alike: the page number on the same line, at
 * the same height, whatever the count ("Page 14 of 14" in giant print was
 * 1.1 pt too wide for the line the 12- and 19-page leaflets put it on, and
 * took a line more).
 */
static void test_footer_alike_for_any_count(void **state) {
  fixture *f = *state;
  for (double size = 20; size <= 30; size += 0.5) {
    double first_y = -1;
    size_t counts = 0, last_count = 0;
    for (int paras = 6; paras <= 60; paras += 2) {
      static char body[65536];
      char *p = body;
      p += sprintf(p, "id: one\ntitle: Targeted and immunotherapy drugs\nreview: "
                      "{last_reviewed: 2027-01-01, next_review: 2030-01-01}\nbody:\n");
      for (int i = 0; i < paras; i++) {
        p += sprintf(p, "  - p: \"");
        p = sentences(p, 3);
        p += sprintf(p, "\"\n");
      }
      tu_write(f->dir, "leaflets/one.yaml", body);
      lf_arena *arena = lf_arena_new(0);
      lf_display *d = layout(f, arena, size);
      if (d->page_count >= 10 && d->page_count <= 99) {
        double y = -1;
        for (size_t i = 0; i < d->pages[0].count; i++) {
          const lf_item *it = &d->pages[0].items[i];
          if (it->kind == LF_ITEM_TEXT && it->element < 0 && it->len >= 4 &&
              memcmp(it->text, "Page", 4) == 0)
            y = it->y;
        }
        assert_true(y > 0);
        if (first_y < 0)
          first_y = y;
        else if (fabs(y - first_y) > 1e-6)
          fail_msg("%.0f pt: 'Page' at %.2f with %zu pages, %.2f with fewer", size, y,
                   d->page_count, first_y);
        counts += d->page_count != last_count;
        last_count = d->page_count;
      }
      lf_arena_free(arena);
    }
    assert_true(counts >= 3);
  }
}

/* 'write_short_paragraphs()' - Leaflet 'one': 'n' paragraphs of two
 * sentences. */
static void write_short_paragraphs(fixture *f, int n) {
  static char body[65536];
  char *p = leaflet_head(body);
  p += sprintf(p, "body:\n");
  for (int i = 0; i < n; i++) {
    p += sprintf(p, "  - p: \"");
    p = sentences(p, 2);
    p += sprintf(p, "\"\n");
  }
  tu_write(f->dir, "leaflets/one.yaml", body);
}

/*
 * 'test_page_number_alone_when_wide()' - At 44 pt on A5 "Page 100 of 106" is
 * wider than the line: every page gives its number alone, in the same
 * place at the right margin, and nothing of the footer runs into the
 * margins (the whole form once started 14 pt into the left margin).
 */
static void test_page_number_alone_when_wide(void **state) {
  fixture *f = *state;
  write_short_paragraphs(f, 50);
  lf_arena *arena = lf_arena_new(0);
  const lf_format *a5;
  lf_display *d = layout_a5(f, arena, 44, &a5);
  char said[4096];
  if (!d)
    fail_msg("%s", tu_diags_text(&f->diags, said, sizeof said));
  assert_true(d->page_count >= 100);
  double left = a5->margin_left, right = a5->page_width - a5->margin_right;
  char full[64];
  snprintf(full, sizeof full, "Page %zu of %zu", d->page_count, d->page_count);
  lf_line line;
  assert_int_equal(lf_set_line(arena, &f->fonts, full, strlen(full), LF_FACE_BOLD, "en-GB", 44,
                               &line), 0);
  assert_true(line.width > right - left); /* the whole form would not fit */
  double number_end = -1;
  for (size_t pg = 0; pg < d->page_count; pg++) {
    char want[32];
    snprintf(want, sizeof want, "%zu", pg + 1);
    int numbers = 0;
    for (size_t i = 0; i < d->pages[pg].count; i++) {
      const lf_item *it = &d->pages[pg].items[i];
      if (it->kind != LF_ITEM_TEXT || it->element >= 0)
        continue;
      if (it->x < left - 0.01 || it->x + it->w > right + 0.01)
        fail_msg("page %zu: footer text '%.*s' at %.2f to %.2f, past the margins %.2f to %.2f",
                 pg + 1, (int)it->len, it->text, it->x, it->x + it->w, left, right);
      assert_null(memmem(it->text, it->len, "Page", 4));
      if (it->len == strlen(want) && memcmp(it->text, want, it->len) == 0) {
        if (number_end < 0)
          number_end = it->x + it->w;
        assert_float_equal(it->x + it->w, number_end, 1e-6);
        numbers++;
      }
    }
    assert_int_equal(numbers, 1);
  }
  assert_float_equal(number_end, right, 0.01);
  lf_arena_free(arena);
}

/*
 * 'test_whole_page_number_where_it_fits()' - Over a hundred pages at 40 to
 * 46 pt on A5: wherever the real "Page N of M" fits the line, the footer
 * gives it, not the number alone (placed for the widest number of three
 * digits, "Page 188 of 188" was too wide and every page said "2" where
 * "Page 2 of 128" fitted).
 */
static void test_whole_page_number_where_it_fits(void **state) {
  fixture *f = *state;
  write_short_paragraphs(f, 50);
  size_t whole = 0;
  for (double size = 40; size <= 46; size += 1) {
    lf_arena *arena = lf_arena_new(0);
    const lf_format *a5;
    lf_diags_free(&f->diags);
    lf_diags_init(&f->diags);
    lf_display *d = layout_a5(f, arena, size, &a5);
    if (!d) { /* too large for A5: refused, with its error (tested elsewhere) */
      lf_arena_free(arena);
      continue;
    }
    char full[64];
    snprintf(full, sizeof full, "Page %zu of %zu", d->page_count, d->page_count);
    lf_line line;
    assert_int_equal(lf_set_line(arena, &f->fonts, full, strlen(full), LF_FACE_BOLD, "en-GB",
                                 size * a5->footer_scale, &line), 0);
    int fits = line.width <= a5->page_width - a5->margin_left - a5->margin_right;
    int said = 0;
    for (size_t i = 0; i < d->pages[1].count; i++) {
      const lf_item *it = &d->pages[1].items[i];
      said |= it->kind == LF_ITEM_TEXT && it->element < 0 && it->len >= 4 &&
              memcmp(it->text, "Page", 4) == 0;
    }
    if (fits != said)
      fail_msg("%.0f pt, %zu pages: 'Page N of M' %s the line but the footer %s it", size,
               d->page_count, fits ? "fits" : "does not fit", said ? "gives" : "does not give");
    whole += fits && d->page_count >= 100;
    lf_arena_free(arena);
  }
  assert_true(whole > 0);
}

/*
 * 'test_glossary_term_with_its_definition()' - Wherever the glossary falls
 * (a sweep of the text before it, at 30 pt on A5, where its heading, a
 * term and a long definition do not fit a page), no page ends with the
 * term or the heading: a term stood alone at a page's foot, its
 * definition overleaf, the run cut there with no warning.
 */
static void test_glossary_term_with_its_definition(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "glossary.yaml",
           "immune system: \"The parts of your body that fight germs and illness. It can also "
           "find and attack some cancer cells.\"\n");
  int term_pages = 0;
  for (int lead = 1; lead <= 12; lead++) {
    char body[8192];
    char *p = leaflet_head(body);
    p += sprintf(p, "body:\n  - p: \"Your {immune system} helps. ");
    p = sentences(p, lead);
    p += sprintf(p, "\"\n");
    tu_write(f->dir, "leaflets/one.yaml", body);
    lf_arena *arena = lf_arena_new(0);
    const lf_format *a5;
    lf_display *d = layout_a5(f, arena, 30, &a5);
    assert_non_null(d);
    for (size_t pg = 0; pg + 1 < d->page_count; pg++) {
      const lf_item *last = NULL;
      for (size_t i = 0; i < d->pages[pg].count; i++) {
        const lf_item *it = &d->pages[pg].items[i];
        if (it->kind == LF_ITEM_TEXT && it->element >= 0)
          last = it;
      }
      if (!last)
        continue;
      int term = last->len == strlen("immune system") &&
                 memcmp(last->text, "immune system", last->len) == 0;
      int glossary = last->len == strlen("Glossary") &&
                     memcmp(last->text, "Glossary", last->len) == 0;
      if (term || glossary)
        fail_msg("lead %d: page %zu of %zu ends with '%.*s'", lead, pg + 1, d->page_count,
                 (int)last->len, last->text);
      term_pages++;
    }
    lf_arena_free(arena);
  }
  assert_true(term_pages > 0);
}

/*
 * 'test_title_taller_than_a_page_warns()' - A title of many lines at 30 pt
 * on A5, taller than a page even at the body size, goes over two pages as
 * a paragraph would, and a warning says so (it went over unsaid).
 */
static void test_title_taller_than_a_page_warns(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/one.yaml",
           "id: one\ntitle: \"Targeted and immunotherapy drugs for neuroendocrine cancer: "
           "what they are, how and where you have them, what side effects they might have, "
           "and who to ask when you have a question about them\"\n"
           "review: {last_reviewed: 2027-01-01, next_review: 2030-01-01}\n"
           "body:\n  - p: Text.\n");
  lf_arena *arena = lf_arena_new(0);
  const lf_format *a5;
  lf_display *d = layout_a5(f, arena, 30, &a5);
  assert_non_null(d);
  size_t title_pages = 0;
  for (size_t pg = 0; pg < d->page_count; pg++)
    for (size_t i = 0; i < d->pages[pg].count; i++) {
      const lf_item *it = &d->pages[pg].items[i];
      if (it->kind == LF_ITEM_TEXT && it->element >= 0 &&
          d->elements[it->element].type == LF_EL_H1) {
        title_pages++;
        break;
      }
    }
  assert_true(title_pages >= 2);
  assert_int_equal(d->blocks_split, 1);
  assert_int_equal(f->diags.warnings, 1);
  assert_non_null(strstr(f->diags.items[0].message, "is taller than a page and was split"));
  lf_arena_free(arena);
}

/* 'lines_of_type()' - The lines of page 'pg' whose text is of elements of
 * 'type'. */
static size_t lines_of_type(const lf_display *d, size_t pg, lf_element_type type) {
  size_t n = 0;
  double last_y = -1;
  for (size_t i = 0; i < d->pages[pg].count; i++) {
    const lf_item *it = &d->pages[pg].items[i];
    if (it->kind == LF_ITEM_TEXT && it->element >= 0 && d->elements[it->element].type == type &&
        it->y != last_y) {
      n++;
      last_y = it->y;
    }
  }
  return n;
}

/*
 * 'test_title_over_pages_fills_them()' - A title taller than a page, at
 * sizes from 34 to 40 pt on A5, with the text it keeps: no page holds a
 * single line of the title while the page after it holds more of it (the
 * digestive leaflet's title at 38 pt went 4 lines, then "tumour (NET)"
 * alone, then 2 lines: the page broke at the last place it could, though
 * what followed that place could not fit a page either).
 */
static void test_title_over_pages_fills_them(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/one.yaml",
           "id: one\ntitle: \"Targeted and immunotherapy drugs for neuroendocrine tumour (NET) "
           "of the digestive system\"\n"
           "review: {last_reviewed: 2027-01-01, next_review: 2030-01-01}\n"
           "body:\n  - p: \"Targeted cancer drugs work by targeting the differences in cancer "
           "cells that help them to survive and grow.\"\n");
  for (double size = 30; size <= 44; size += 1) {
    lf_arena *arena = lf_arena_new(0);
    const lf_format *a5;
    lf_diags_free(&f->diags);
    lf_diags_init(&f->diags);
    lf_display *d = layout_a5(f, arena, size, &a5);
    assert_non_null(d);
    for (size_t pg = 0; pg + 1 < d->page_count; pg++) {
      size_t here = lines_of_type(d, pg, LF_EL_H1), next = lines_of_type(d, pg + 1, LF_EL_H1);
      if (here == 1 && next > 0)
        fail_msg("%.0f pt: page %zu holds one line of the title, page %zu %zu more", size,
                 pg + 1, pg + 2, next);
      /* nor is the first line of the text after it left alone at a page's
       * foot ("Targeted cancer" ended page 2, the rest overleaf) */
      if (lines_of_type(d, pg, LF_EL_P) == 1 && lines_of_type(d, pg + 1, LF_EL_P) > 0)
        fail_msg("%.0f pt: page %zu ends with the text's first line alone", size, pg + 1);
    }
    lf_arena_free(arena);
  }
}

/*
 * 'page_of_text()' - The page of the first body line whose text starts
 * with 'start', or -1.
 */
static long page_of_text(const lf_display *d, const char *start) {
  size_t n = strlen(start);
  for (size_t pg = 0; pg < d->page_count; pg++)
    for (size_t i = 0; i < d->pages[pg].count; i++) {
      const lf_item *it = &d->pages[pg].items[i];
      if (it->kind == LF_ITEM_TEXT && it->element >= 0 && it->len >= n &&
          memcmp(it->text, start, n) == 0)
        return (long)pg;
    }
  return -1;
}

/*
 * 'test_short_list_parts_before_its_lead_in()' - A lead-in of three lines
 * and a short list of four one-line items, moved down a page line by
 * line: where they cannot stay together and keeping them would leave the
 * page too empty, the list parts between its second and third items, the
 * lead-in keeping its first two (a lead-in ended an A5 page, all four
 * items overleaf); its first two and last two items are never parted.
 */
static void test_short_list_parts_before_its_lead_in(void **state) {
  fixture *f = *state;
  int split_after_two = 0;
  for (int lead = 1; lead <= 40; lead++) {
    char body[32768];
    char *p = leaflet_head(body);
    p += sprintf(p, "body:\n  - h2: Before\n");
    for (int k = 0; k < lead; k++)
      p += sprintf(p, "  - p: \"%s\"\n", sentence);
    p += sprintf(p, "  - h2: Side effects\n  - p: \"Everyone is different and the side "
                    "effects vary from person to person. The side effects you have depend "
                    "on:\"\n  - list: [Alpha item, Beta item, Gamma item, Delta item]\n");
    for (int k = 0; k < 30; k++) /* the about section far below */
      p += sprintf(p, "  - p: \"%s\"\n", sentence);
    tu_write(f->dir, "leaflets/one.yaml", body);
    lf_arena *arena = lf_arena_new(0);
    lf_diags_free(&f->diags);
    lf_diags_init(&f->diags);
    lf_display *d = layout(f, arena, 20);
    long in = -1;
    for (size_t pg = 0; pg < d->page_count && in < 0; pg++)
      for (size_t i = 0; i < d->pages[pg].count; i++) {
        const lf_item *it = &d->pages[pg].items[i];
        if (it->kind == LF_ITEM_TEXT && it->element >= 0 && it->len >= 3 &&
            memcmp(it->text + it->len - 3, "on:", 3) == 0)
          in = (long)pg;
      }
    long a = page_of_text(d, "Alpha"), b = page_of_text(d, "Beta"),
         c = page_of_text(d, "Gamma"), e = page_of_text(d, "Delta");
    if (a != b || c != e)
      fail_msg("lead %d: a short item parted from its neighbour (pages %ld %ld %ld %ld)", lead,
               a + 1, b + 1, c + 1, e + 1);
    split_after_two += in == a && b != c;
    lf_arena_free(arena);
  }
  if (!split_after_two)
    fail_msg("the list never parted after its second item to keep its lead-in's company");
}

/*
 * 'test_lead_in_kept_before_a_tall_callout()' - A lead-in, its list, then
 * a heading over a callout taller than a page: the page holding the
 * lead-in holds its list too (it was cut at the soft place before the
 * list, earlier still than the break the fill rule had refused, and the
 * list stood alone on a page of its own).
 */
static void test_lead_in_kept_before_a_tall_callout(void **state) {
  fixture *f = *state;
  for (double size = 18; size <= 24; size += 2) {
    char body[32768];
    char *p = leaflet_head(body);
    p += sprintf(p, "body:\n  - p: Intro.\n  - page-break: true\n  - p: \"You might have:\"\n"
                    "  - list: [\"one drug\", \"another drug\"]\n  - h2: Important\n"
                    "  - callout: \"");
    p = sentences(p, 60);
    sprintf(p, "\"\n");
    tu_write(f->dir, "leaflets/one.yaml", body);
    lf_arena *arena = lf_arena_new(0);
    lf_diags_free(&f->diags);
    lf_diags_init(&f->diags);
    lf_display *d = layout(f, arena, size);
    long lead = -1, item = -1;
    for (size_t pg = 0; pg < d->page_count; pg++)
      for (size_t i = 0; i < d->pages[pg].count; i++) {
        const lf_item *it = &d->pages[pg].items[i];
        if (it->kind != LF_ITEM_TEXT || it->element < 0)
          continue;
        if (lead < 0 && it->len >= 3 && memcmp(it->text, "You", 3) == 0)
          lead = (long)pg;
        if (item < 0 && it->len >= 3 && memcmp(it->text, "one", 3) == 0)
          item = (long)pg;
      }
    if (lead < 0 || lead != item)
      fail_msg("%.0f pt: the lead-in on page %ld, its list on page %ld", size, lead + 1,
               item + 1);
    lf_arena_free(arena);
  }
}

/*
 * 'test_heading_smaller_not_split()' - At 40 pt a heading's word that is
 * wider than the measure at the heading's size is set smaller, no smaller
 * than the body, and whole: nothing is split (it was, "Immunothera|py").
 */
static void test_heading_smaller_not_split(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/one.yaml",
           "id: one\ntitle: One\nreview: {last_reviewed: 2027-01-01, next_review: 2030-01-01}\n"
           "body:\n  - h2: Immunotherapies\n  - p: Text.\n");
  lf_arena *arena = lf_arena_new(0);
  lf_document doc;
  lf_format s = resolve_one(f, arena, 40, &doc);
  lf_diags diags;
  lf_diags_init(&diags);
  lf_display *d = lf_layout_document(arena, &doc, &s, &f->fonts, &diags);
  assert_non_null(d);
  assert_int_equal(d->words_split, 0);
  for (size_t i = 0; i < diags.count; i++)
    assert_int_not_equal(diags.items[i].kind, LF_DIAG_WORD_SPLIT);
  int found = 0;
  for (size_t i = 0; i < d->pages[0].count; i++) {
    const lf_item *it = &d->pages[0].items[i];
    if (it->kind == LF_ITEM_TEXT && it->element >= 0 &&
        d->elements[it->element].type == LF_EL_H2) {
      assert_int_equal(it->len, strlen("Immunotherapies"));
      assert_true(it->size >= 40 && it->size < 40 * s.heading_scale[2]);
      assert_true(it->x + it->w <= s.page_width - s.margin_right + 0.01);
      found++;
    }
  }
  assert_int_equal(found, 1);
  lf_diags_free(&diags);
  lf_arena_free(arena);
}

/*
 * 'test_heading_levels_keep_their_order()' - At 40 and 48 pt, where an h2
 * with a long word is set smaller to keep the word whole, every h2 is set
 * at that size, and no h3 or h4 is larger than an h2 (an h3 was, at 48
 * pt: 57.6 pt under a 52 pt h2).
 */
static void test_heading_levels_keep_their_order(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/one.yaml",
           "id: one\ntitle: One\nreview: {last_reviewed: 2027-01-01, next_review: 2030-01-01}\n"
           "body:\n  - h2: Immunotherapies\n  - p: Text.\n  - h3: Tiredness\n  - p: Text.\n"
           "  - h4: Rest\n  - p: Text.\n  - h2: Drugs\n  - p: Text.\n");
  double sizes[] = {40, 48};
  for (int k = 0; k < 2; k++) {
    lf_arena *arena = lf_arena_new(0);
    lf_document doc;
    lf_format s = resolve_one(f, arena, sizes[k], &doc);
    lf_diags diags;
    lf_diags_init(&diags);
    lf_display *d = lf_layout_document(arena, &doc, &s, &f->fonts, &diags);
    assert_non_null(d);
    /* the size of each level's text: one size a level */
    double level[5] = {0};
    int seen[5] = {0};
    for (size_t pg = 0; pg < d->page_count; pg++)
      for (size_t i = 0; i < d->pages[pg].count; i++) {
        const lf_item *it = &d->pages[pg].items[i];
        if (it->kind != LF_ITEM_TEXT || it->element < 0)
          continue;
        lf_element_type type = d->elements[it->element].type;
        int l = type == LF_EL_H1 ? 1 : type == LF_EL_H2 ? 2 : type == LF_EL_H3 ? 3
              : type == LF_EL_H4 ? 4 : 0;
        if (!l)
          continue;
        if (seen[l])
          assert_float_equal(it->size, level[l], 1e-9);
        level[l] = it->size;
        seen[l]++;
      }
    assert_true(seen[1] && seen[2] >= 3 && seen[3] && seen[4]); /* h2: the two, and About */
    assert_true(level[2] < sizes[k] * s.heading_scale[2]);       /* the long word shrank it */
    for (int l = 2; l <= 4; l++)
      assert_true(level[l] <= level[l - 1] + 1e-9);
    assert_true(level[4] >= sizes[k] - 1e-9);
    lf_diags_free(&diags);
    lf_arena_free(arena);
  }
}

/*
 * 'test_heading_chain_goes_over_whole()' - A heading, a paragraph of one
 * line, then a heading with a callout under it: kept together, more than a
 * page. The run is cut between the line and the second heading, which goes
 * over with its callout: no page ends with a heading, the callout is whole,
 * and there is no warning (the page once ended with the second heading, or
 * the callout was cut, with a warning that the text was taller than a page).
 */
static void test_heading_chain_goes_over_whole(void **state) {
  fixture *f = *state;
  for (int lead = 4; lead <= 28; lead += 6)
    for (int box = 40; box <= 48; box += 4) { /* 48: the callout nearly fills a page */
      char body[32768];
      char *p = leaflet_head(body);
      p += sprintf(p, "body:\n  - p: \"");
      p = sentences(p, lead);
      p += sprintf(p, "\"\n  - h2: Section\n  - p: One line.\n  - h2: Important\n"
                      "  - callout: \"");
      p = sentences(p, box);
      sprintf(p, "\"\n");
      tu_write(f->dir, "leaflets/one.yaml", body);
      lf_arena *arena = lf_arena_new(0);
      lf_diags_free(&f->diags);
      lf_diags_init(&f->diags);
      lf_display *d = layout(f, arena, 12);
      char said[4096];
      if (f->diags.warnings)
        fprintf(stderr, "lead %d box %d: %s\n", lead, box,
                tu_diags_text(&f->diags, said, sizeof said));
      assert_int_equal(f->diags.warnings, 0);
      assert_int_equal(d->blocks_split, 0);
      int callout_pages = 0;
      for (size_t pg = 0; pg < d->page_count; pg++) {
        int last = -1, has_callout = 0;
        for (size_t i = 0; i < d->pages[pg].count; i++) {
          const lf_item *it = &d->pages[pg].items[i];
          if (it->kind != LF_ITEM_TEXT || it->element < 0)
            continue;
          last = it->element;
          has_callout |= block_of(d, it->element) >= 0 &&
                         d->elements[block_of(d, it->element)].type == LF_EL_DIV;
        }
        callout_pages += has_callout;
        if (last >= 0 && pg + 1 < d->page_count)
          assert_false(d->elements[last].type >= LF_EL_H1 && d->elements[last].type <= LF_EL_H4);
      }
      assert_int_equal(callout_pages, 1);
      lf_arena_free(arena);
    }
}

/*
 * 'test_one_line_answer_does_not_bind_the_next_section()' - A heading
 * with a one-line paragraph, then a new section (a heading, a sub-heading
 * and its text): the first heading keeps its one line, and the next
 * section starts a chain of its own.  The heading's "two lines of what
 * follows" ran on into the next section and bound it all, so the short
 * heading went to the next page with seven free lines left behind.
 */
static void test_one_line_answer_does_not_bind_the_next_section(void **state) {
  fixture *f = *state;
  size_t moved = 0, kept = 0;
  for (int lead = 1; lead <= 120; lead++) {
    char body[32768];
    char *p = leaflet_head(body);
    p += sprintf(p, "body:\n  - p: \"");
    p = sentences(p, lead);
    p += sprintf(p, "\"\n  - h2: A short heading\n  - p: One line.\n  - h2: Another section\n"
                    "  - h3: Straight after\n  - p: \"");
    p = sentences(p, 12);
    sprintf(p, "\"\n");
    tu_write(f->dir, "leaflets/one.yaml", body);
    lf_arena *arena = lf_arena_new(0);
    double pitch;
    size_t room = lines_per_page(f, arena, 12, &pitch);
    lf_display *d = layout(f, arena, 12);
    for (size_t pg = 1; pg < d->page_count; pg++) {
      line_at here[512], before[512];
      size_t n = page_lines(d, pg, here, 512), nb = page_lines(d, pg - 1, before, 512);
      if (!n || !nb || d->elements[here[0].block].type != LF_EL_H2 ||
          strcmp(d->elements[here[0].block].title, "A short heading") != 0)
        continue;
      /* it starts a page: the page before had no room for it, its gap and
       * its line (under six slots: its space before, its larger line, the
       * gap after it, and the line) */
      size_t used = (size_t)((before[0].y - before[nb - 1].y) / pitch + 0.5) + 1;
      if (used + 6 <= room)
        fail_msg("lead %d: 'A short heading' starts page %zu with %zu lines free on page %zu",
                 lead, pg + 1, room - used, pg);
      moved++;
    }
    kept++;
    lf_arena_free(arena);
  }
  assert_int_equal(kept, 120);
  assert_true(moved >= 1);
}

#define HEADING "When you might have targeted drugs for cancer"
static void test_heading_smaller_to_keep_its_lines(void **state) {
  /* a heading so long that at its size it and two lines of its text do
   * not fit a page (this one at 30 pt on A5, as in a booklet in
   * extra-large print):
   * set smaller, it shares its page with two lines of its text, with no
   * warning; the page breaker once had to leave it alone at a page's
   * foot ("a block taller than a page was split") */
  fixture *f = *state;
  char body[4096];
  char *p = body;
  p = leaflet_head(p);
  p += sprintf(p, "body:\n  - p: \"");
  p = sentences(p, 8);
  p += sprintf(p, "\"\n  - h2: %s\n  - p: \"", HEADING);
  p = sentences(p, 6);
  sprintf(p, "\"\n");
  tu_write(f->dir, "leaflets/one.yaml", body);
  lf_arena *arena = lf_arena_new(0);
  const lf_format *a5;
  lf_display *d = layout_a5(f, arena, 30, &a5);
  assert_non_null(d);
  char said[4096];
  if (f->diags.warnings)
    fprintf(stderr, "%s\n", tu_diags_text(&f->diags, said, sizeof said));
  assert_int_equal(d->blocks_split, 0);
  assert_int_equal(f->diags.warnings, 0);
  /* the heading's page, its size, and the lines of text after it there */
  size_t heading_page = SIZE_MAX, text_lines = 0;
  double heading_size = 0, last_y = -1;
  int heading = -1;
  for (size_t pg = 0; pg < d->page_count; pg++)
    for (size_t i = 0; i < d->pages[pg].count; i++) {
      const lf_item *it = &d->pages[pg].items[i];
      if (it->kind != LF_ITEM_TEXT || it->element < 0)
        continue;
      lf_element_type type = d->elements[it->element].type;
      if (type == LF_EL_H2 && (heading < 0 || it->element == heading)) {
        heading = it->element; /* the first (the last is "About this leaflet") */
        heading_page = pg;
        heading_size = it->size;
      } else if (type == LF_EL_P && pg == heading_page && heading_size > 0 &&
                 it->y != last_y) {
        text_lines++;
        last_y = it->y;
      }
    }
  assert_true(heading_page != SIZE_MAX);
  assert_true(heading_size >= 30 && heading_size < 30 * a5->heading_scale[2]);
  assert_true(text_lines >= 2);
  lf_arena_free(arena);
}

static void test_reference_taller_than_a_page_breaks_as_text(void **state) {
  /* a reference (kept whole when it fits a page) longer than a page: its
   * lines break as a paragraph's do, two at least each side, with no
   * warning; it was once kept whole, so the page breaker split it where
   * the page ran out and warned */
  fixture *f = *state;
  char body[16384];
  char *p = body;
  p = leaflet_head(p);
  p += sprintf(p, "references:\n  - title: \"");
  p = sentences(p, 70);
  sprintf(p, "\"\n    source: A journal\nbody:\n  - p: Before.\n");
  tu_write(f->dir, "leaflets/one.yaml", body);
  lf_arena *arena = lf_arena_new(0);
  lf_display *d = layout(f, arena, 12);
  char said[4096];
  if (f->diags.warnings)
    fprintf(stderr, "%s\n", tu_diags_text(&f->diags, said, sizeof said));
  assert_int_equal(d->blocks_split, 0);
  assert_int_equal(f->diags.warnings, 0);
  /* the reference's lines on each page it spans: two at least */
  size_t spans = 0;
  for (size_t pg = 0; pg < d->page_count; pg++) {
    line_at lines[512];
    size_t n = page_lines(d, pg, lines, 512), mine = 0;
    for (size_t i = 0; i < n; i++)
      mine += d->elements[lines[i].block].type == LF_EL_P &&
              d->elements[lines[i].block].parent >= 0 &&
              d->elements[d->elements[lines[i].block].parent].type == LF_EL_LBODY;
    if (mine) {
      spans++;
      assert_true(mine >= 2);
    }
  }
  assert_true(spans >= 2);
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
           "id: one\ntitle: One\nreview: {last_reviewed: 2027-01-01, next_review: 2030-01-01}\n"
           "body:\n  - p: first\n  - page-break: true\n  - p: second\n");
  lf_arena *arena = lf_arena_new(0);
  lf_display *d = layout(f, arena, 12);
  assert_int_equal(d->page_count, 2);
  lf_arena_free(arena);
}

static void test_kept_text_taller_than_a_page_named_at_its_place(void **state) {
  /* a callout (kept together) longer than a page: split, with a warning
   * at its text's line and column, saying what was kept and why it
   * could not be (it once named no place and no block) */
  fixture *f = *state;
  char body[16384];
  char *p = body;
  p = leaflet_head(p);
  p += sprintf(p, "body:\n  - p: Before.\n  - callout: \"");
  p = sentences(p, 90);
  sprintf(p, "\"\n");
  tu_write(f->dir, "leaflets/one.yaml", body);
  lf_arena *arena = lf_arena_new(0);
  lf_display *d = layout(f, arena, 12);
  assert_true(d->page_count >= 2);
  assert_int_equal(d->blocks_split, 1);
  char text[4096];
  const char *said = tu_diags_text(&f->diags, text, sizeof text);
  assert_true(tu_has(said, "leaflets/one.yaml:6:14: warning: one: text kept together "));
  assert_true(tu_has(said, "is taller than a page and was split across pages (expected text "
                           "that fits a page at 12 pt"));
  lf_arena_free(arena);
}

static void test_links_are_clickable_and_printed(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "leaflets/one.yaml",
           "id: one\ntitle: One\nreview: {last_reviewed: 2027-01-01, next_review: 2030-01-01}\n"
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
  p += sprintf(p, "id: one\ntitle: One\nreview: {last_reviewed: 2027-01-01, next_review: 2030-01-01}\n"
                  "body:\n");
  for (int i = 0; i < depth; i++)
    p += sprintf(p, "%*s- list:\n%*s- - p: level %d\n", 2 + 4 * i, "", 4 + 4 * i, "", i + 1);
  tu_write(f->dir, "leaflets/one.yaml", body);
}

/*
 * 'test_lists_nested_too_deep()' - At 48 pt (72 pt of indent a level on a
 * 453.5 pt line: the fixture's 25 mm side margins do not grow with the
 * type) lists nest 5 deep; a sixth list would leave less than one em for
 * its text: an error at that list, saying how deep lists may nest
 * there, rather than lines broken to a negative measure.
 */
static void test_lists_nested_too_deep(void **state) {
  fixture *f = *state;
  lf_arena *arena = lf_arena_new(0);
  write_nested_lists(f, 5);
  layout(f, arena, 48);
  assert_int_equal(f->diags.errors, 0);
  lf_arena_free(arena);

  write_nested_lists(f, 6);
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
  assert_int_equal(e->pos.line, 16);
  assert_int_equal(e->pos.column, 25);
  assert_string_equal(e->message,
                      "list nested 6 deep leaves no room on the line at this page width "
                      "(the line is 93.5 pt here and the list's indent takes 72 pt of it, "
                      "leaving less than one em, 48 pt, for its text; expected lists "
                      "nested at most 5 deep here)");
  lf_arena_free(arena);
}

/*
 * 'callout_top_space()' - In a leaflet of one callout whose blocks are
 * 'blocks' (YAML flow), laid out at 'size' pt: the space from the box's
 * top edge down to the top of its first line (baseline less the line's
 * size).
 */
static double callout_top_space(fixture *f, const char *blocks, double size) {
  char body[4096];
  char *p = leaflet_head(body);
  sprintf(p, "body:\n  - callout: %s\n", blocks);
  tu_write(f->dir, "leaflets/one.yaml", body);
  lf_arena *arena = lf_arena_new(0);
  lf_display *d = layout(f, arena, size);
  double top = 0, first = 0, first_size = 0;
  for (size_t i = 0; i < d->pages[0].count && top == 0; i++) {
    const lf_item *it = &d->pages[0].items[i];
    if (it->kind == LF_ITEM_RECT && it->stroked)
      top = it->y + it->h;
  }
  for (size_t i = 0; i < d->pages[0].count; i++) { /* the highest line in the box */
    const lf_item *it = &d->pages[0].items[i];
    if (it->kind == LF_ITEM_TEXT && it->element >= 0 && it->y < top && it->y > first)
      first = it->y, first_size = it->size;
  }
  lf_arena_free(arena);
  assert_true(top > 0 && first > 0);
  return top - (first + first_size);
}

/*
 * 'test_callout_opening_with_a_heading()' - A callout that opens with a
 * heading has no more room above it than one that opens with a paragraph:
 * the space a heading takes from what comes before is not given at the
 * box's top (two empty lines stood there).
 */
static void test_callout_opening_with_a_heading(void **state) {
  fixture *f = *state;
  for (double size = 12; size <= 24; size += 6) {
    double para = callout_top_space(f, "[{p: Take it with food.}]", size);
    double head = callout_top_space(f, "[{h2: With food}, {p: Take it with food.}]", size);
    if (head > para + size * 0.25)
      fail_msg("%.0f pt: %.1f pt above a callout's heading, %.1f pt above its paragraph",
               size, head, para);
  }
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
  const struct CMUnitTest tests[] = {
      T(test_rules_hold_wherever_blocks_fall), T(test_rules_hold_in_large_print),
      T(test_long_paragraph_fills_pages), T(test_breaks_fall_where_the_page_is_full),
      T(test_footer_in_same_place), T(test_footer_at_any_size), T(test_footer_title_set_whole), T(test_footer_alike_for_any_count), T(test_whole_page_number_where_it_fits), T(test_page_number_alone_when_wide), T(test_glossary_term_with_its_definition), T(test_title_taller_than_a_page_warns), T(test_title_over_pages_fills_them), T(test_lead_in_kept_before_a_tall_callout), T(test_heading_smaller_not_split), T(test_heading_levels_keep_their_order), T(test_heading_chain_goes_over_whole), T(test_one_line_answer_does_not_bind_the_next_section), T(test_heading_smaller_to_keep_its_lines),
      T(test_reference_taller_than_a_page_breaks_as_text),
      T(test_outline_points_at_headings), T(test_page_break_block),
      T(test_kept_text_taller_than_a_page_named_at_its_place),
      T(test_links_are_clickable_and_printed), T(test_lists_nested_too_deep),
      T(test_callout_opening_with_a_heading), T(test_short_list_parts_before_its_lead_in),
  };
  return cmocka_run_group_tests_name("pages", tests, NULL, NULL);
}
