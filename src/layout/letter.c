/*
 * letter.c -- a covering letter typeset for a window envelope, and display
 * lists joined one after another (see layout.h).
 *
 * The letter is set in the print format of the leaflet it goes with: the
 * same body size, line spacing, fonts and margins, so a patient who reads
 * 24 pt gets a 24 pt letter.  Its first page has three parts:
 *
 *     +-------------------------------------------+
 *     |                       sender's lines      |  beside the window,
 *     |  +---------------+    (letterhead)        |  from the top margin
 *     |  | name          |                        |
 *     |  | address       |  <- the envelope's     |
 *     |  | postcode      |     window             |
 *     |  +---------------+                        |
 *     |  Dear ...                                  |  the paragraphs, from
 *     |  ...                                       |  below the window on
 *     |  ------------------------------------      |
 *     |  footer                     Page 1 of 1    |
 *     +-------------------------------------------+
 *
 * The window is placed where the envelope's window will be, whatever the
 * margins, and the address is kept inside it by the padding.  Only the
 * address may be smaller than the body size, and only when it would not
 * otherwise fit the window: it is read by the postal service.
 */
#include <math.h>
#include <string.h>

#include "vlist.h"

typedef struct setter {
  lf_arena *arena;
  lf_diags *diags;
  const lf_format *format;
  const lf_fontset *fonts;
  const lf_letter *letter;
  lf_display *d;
  int root;              /* the Document element */
  double y;              /* top of the next line on the current page */
  double bottom;         /* no line may go below this */
  int page_fresh;        /* nothing set in the flow of this page yet */
  int failed;            /* out of memory */
  int missing_glyph;     /* a character in no font */
} setter;

/*
 * 'grow()' - Make room for 'need' items in an arena array of 'size'-byte
 * items, doubling; returns 0 or -1.
 */
static int grow(lf_arena *arena, void **items, size_t count, size_t *cap, size_t need,
                size_t size) {
  if (need <= *cap)
    return 0;
  size_t ncap = *cap ? *cap : 8;
  while (ncap < need)
    ncap *= 2;
  void *grown = lf_arena_grow(arena, *items, count, ncap, size);
  if (!grown)
    return -1;
  *items = grown;
  *cap = ncap;
  return 0;
}

/*
 * 'new_page()' - Start a page; the flow begins at the top margin.
 */
static lf_page *new_page(setter *s) {
  lf_display *d = s->d;
  if (grow(s->arena, (void **)&d->pages, d->page_count, &d->page_cap, d->page_count + 1,
           sizeof *d->pages) != 0) {
    s->failed = 1;
    return NULL;
  }
  lf_page *page = &d->pages[d->page_count++];
  memset(page, 0, sizeof *page);
  s->y = s->format->page_height - s->format->margin_top;
  s->page_fresh = 1;
  return page;
}

/*
 * 'add_item()' - An item on the last page.
 */
static lf_item *add_item(setter *s, lf_item_kind kind, int element) {
  lf_page *page = &s->d->pages[s->d->page_count - 1];
  if (grow(s->arena, (void **)&page->items, page->count, &page->cap, page->count + 1,
           sizeof *page->items) != 0) {
    s->failed = 1;
    return NULL;
  }
  lf_item *it = &page->items[page->count++];
  memset(it, 0, sizeof *it);
  it->kind = kind;
  it->element = element;
  return it;
}

/*
 * 'element()' - A structure element (failing the letter on error).
 */
static int element(setter *s, lf_element_type type, int parent, const char *role) {
  int e = lf_display_add_element(s->arena, s->d, type, parent, role);
  if (e < 0)
    s->failed = 1;
  return e;
}

/*
 * 'add_mixed()' - Text set as one shaped line in 'want' (with fallback and
 * script faces as its characters need), from 'x'; returns the x after it.
 * Text with a character in no font is noted (the letter then fails)
 * rather than set without it.
 */
static double add_mixed(setter *s, int el, double x, double y, const char *text, size_t len,
                        lf_face want, double size, unsigned colour) {
  lf_line line;
  if (lf_set_line(s->arena, s->fonts, text, len, want, s->letter->language, size, &line) != 0) {
    s->missing_glyph = 1;
    return x;
  }
  for (size_t k = 0; k < line.count; k++) {
    lf_item *it = add_item(s, LF_ITEM_TEXT, el);
    if (!it)
      return x;
    lf_item_from_piece(it, &line.pieces[k], x + line.pieces[k].x, y, size, colour);
  }
  return x + line.width;
}

/*
 * 'ascent()' / 'descent()' - The regular face's extent above and below the
 * baseline, in em (descent positive).
 */
static double ascent(const setter *s) {
  return (double)lf_font_ascent(s->fonts->face[LF_FACE_REGULAR]) / 1000.0;
}

static double descent(const setter *s) {
  return -(double)lf_font_descent(s->fonts->face[LF_FACE_REGULAR]) / 1000.0;
}

/* A paragraph broken into lines, ready to place. */
typedef struct para {
  lf_lines lines;
  int *run_elements;     /* structure element of each run */
  double size, pitch, baseline;
  double measure;        /* the width it was broken to, pt */
} para;

/*
 * 'break_para()' - A P element (with Link children for links) under
 * 'parent', and the paragraph's lines at 'size' in 'measure'.
 */
static int break_para(setter *s, const lf_inline *text, double size, double measure,
                      int parent, para *out) {
  /* a letter is read on paper: addresses printed as the format asks */
  lf_inline runs = lf_inline_with_urls(s->arena, text, s->format->print_urls);
  memset(out, 0, sizeof *out);
  out->run_elements = lf_arena_array(s->arena, runs.count + 1, sizeof(int));
  if (!out->run_elements) {
    s->failed = 1;
    return -1;
  }
  int el = element(s, LF_EL_P, parent, NULL);
  int link_el = -1;
  for (size_t i = 0; i < runs.count; i++) {
    const lf_run *r = &runs.runs[i];
    if (r->style & LF_RUN_LINK) {
      if (i == 0 || !(runs.runs[i - 1].style & LF_RUN_LINK) || !runs.runs[i - 1].href ||
          !r->href || strcmp(runs.runs[i - 1].href, r->href) != 0) {
        link_el = element(s, LF_EL_LINK, el, NULL);
        if (link_el >= 0)
          s->d->elements[link_el].alt = lf_arena_printf(s->arena, "Link to %s", r->href);
      }
      out->run_elements[i] = link_el;
    } else {
      out->run_elements[i] = el;
    }
  }
  lf_inline *kept = lf_arena_alloc(s->arena, sizeof *kept);
  if (!kept) {
    s->failed = 1;
    return -1;
  }
  *kept = runs;
  if (lf_break_lines(s->arena, s->fonts, kept, s->letter->language, size, measure,
                     s->letter->pos, &out->lines, s->diags) != 0)
    return -1;
  out->size = size;
  out->measure = measure;
  out->pitch = size * s->format->line_spacing;
  out->baseline = (out->pitch - (ascent(s) + descent(s)) * size) / 2 + ascent(s) * size;
  return 0;
}

/*
 * 'place_line()' - Line 'i' of a paragraph with its top at 'top', in its
 * measure from 'x': from the left, or the right when the paragraph runs
 * right to left.
 */
static void place_line(setter *s, const para *p, size_t i, double x, double top) {
  const lf_line *line = &p->lines.lines[i];
  double y = top - p->baseline;
  if (p->lines.rtl)
    x += p->measure - line->width;
  lf_item *last = NULL;
  for (size_t k = 0; k < line->count; k++) {
    const lf_piece *pc = &line->pieces[k];
    int el = p->run_elements[pc->run];
    lf_item *it = add_item(s, LF_ITEM_TEXT, el);
    if (!it)
      return;
    lf_item_from_piece(it, pc, x + pc->x, y, p->size,
                       pc->href ? s->format->link_colour : s->format->text_colour);
    last = it;
    if (pc->href) {
      lf_item *link = add_item(s, LF_ITEM_LINK, el);
      if (link) {
        link->x = x + pc->x;
        link->y = y - descent(s) * p->size;
        link->w = pc->width;
        link->h = p->pitch;
        link->uri = pc->href;
      }
      /* 'it' may have moved when the page's items grew */
      lf_page *page = &s->d->pages[s->d->page_count - 1];
      last = &page->items[page->count - 2];
    }
  }
  /* the space where the line broke stays in its last text, so text read in
   * structure order keeps its words apart (as pages.c does) */
  if (last && i + 1 < p->lines.count && last->text[last->len] == ' ')
    last->len++;
}

/*
 * 'flow_para()' - Set a paragraph in the flow, across pages as needed:
 * never its first line alone at a page's foot nor its last alone at the
 * head of the next.
 */
static void flow_para(setter *s, const para *p, double x) {
  size_t n = p->lines.count, i = 0;
  while (i < n && !s->failed) {
    size_t fit = s->y - s->bottom + 1e-6 >= p->pitch
                     ? (size_t)floor((s->y - s->bottom + 1e-6) / p->pitch) : 0;
    size_t left = n - i, take = fit < left ? fit : left;
    int at_top = s->y >= s->format->page_height - s->format->margin_top - 1e-6;
    if (take < left) {
      if (i == 0 && take == 1)
        take = 0;               /* no orphan */
      if (left - take == 1)
        take = take >= 2 ? take - 1 : 0; /* no widow */
      if (take == 0 && at_top)
        take = fit ? fit : 1;   /* a whole page cannot hold more: set what fits */
    }
    for (size_t k = 0; k < take; k++, i++) {
      place_line(s, p, i, x, s->y);
      s->y -= p->pitch;
      s->page_fresh = 0;
    }
    if (i < n && !new_page(s))
      return;
  }
}

/*
 * 'footer_lines()' - The footer text broken to the measure (none for no
 * footer).
 */
static int footer_lines(setter *s, double size, double measure, para *out) {
  memset(out, 0, sizeof *out);
  const char *text = s->letter->footer;
  if (!text || !text[0])
    return 0;
  lf_run *run = lf_arena_alloc(s->arena, sizeof *run);
  lf_inline *in = lf_arena_alloc(s->arena, sizeof *in);
  if (!run || !in) {
    s->failed = 1;
    return -1;
  }
  *run = (lf_run){.text = text, .len = strlen(text)};
  *in = (lf_inline){.runs = run, .count = 1};
  out->size = size;
  out->pitch = size * s->format->line_spacing;
  return lf_break_lines(s->arena, s->fonts, in, s->letter->language, size, measure,
                        s->letter->pos, &out->lines, s->diags);
}

/*
 * 'emit_footers()' - The rule, the footer text and "Page N of M" on every
 * page, as artifacts, in the place pages.c puts a leaflet's footer.
 */
static void emit_footers(setter *s, const para *foot) {
  const lf_format *st = s->format;
  double size = foot->size, pitch = foot->pitch;
  double left = st->margin_left, right = st->page_width - st->margin_right;
  double base_last = st->margin_bottom + descent(s) * size;
  size_t lines = foot->lines.count;
  double rule_y = base_last + (double)lines * pitch + size + st->body_size * 0.3;
  lf_display *d = s->d;
  for (size_t pg = 0; pg < d->page_count && !s->failed; pg++) {
    size_t keep = d->page_count;
    d->page_count = pg + 1; /* add_item() adds to the last page */
    lf_item *rule = add_item(s, LF_ITEM_LINE, -1);
    if (rule) {
      rule->x = left;
      rule->y = rule_y;
      rule->x2 = right;
      rule->y2 = rule_y;
      rule->line_width = st->body_size / 24;
      rule->colour = st->text_colour;
    }
    for (size_t i = 0; i < lines; i++) {
      const lf_line *line = &foot->lines.lines[i];
      double x = left, y = base_last + (double)(lines - i) * pitch;
      for (size_t k = 0; k < line->count; k++)
        x = add_mixed(s, -1, x, y, line->pieces[k].text, line->pieces[k].len,
                      LF_FACE_REGULAR, size, st->text_colour);
    }
    char *num = lf_arena_printf(s->arena, "Page %zu of %zu", pg + 1, keep);
    if (!num)
      s->failed = 1;
    else
      add_mixed(s, -1, right - lf_text_width(s->fonts, LF_FACE_BOLD, num, strlen(num), size),
                base_last, num, strlen(num), LF_FACE_BOLD, size, st->text_colour);
    d->page_count = keep;
  }
}

/*
 * 'address_fits()' - Whether the address lines fit the window's inside at
 * 'size' (line pitch 1.2 times the size).
 */
static int address_fits(setter *s, double size, double width, double height) {
  const lf_letter *l = s->letter;
  double need = (ascent(s) + descent(s)) * size + (double)(l->address_count - 1) * 1.2 * size;
  if (need > height)
    return 0;
  for (size_t i = 0; i < l->address_count; i++)
    if (lf_text_width(s->fonts, LF_FACE_REGULAR, l->address[i], strlen(l->address[i]), size) >
        width)
      return 0;
  return 1;
}

/*
 * 'set_address()' - The address lines inside the window, each a P in a
 * Div with the role "Address".  Returns 0, or -1 (reported) when they do
 * not fit at the smallest size allowed.
 */
static int set_address(setter *s) {
  const lf_letter *l = s->letter;
  const lf_window *w = &l->window;
  const lf_format *st = s->format;
  double inner_w = w->width - 2 * w->padding, inner_h = w->height - 2 * w->padding;
  double size = st->body_size;
  double floor_size = l->min_address_size > 0 ? l->min_address_size : st->body_size;
  while (size > floor_size && !address_fits(s, size, inner_w, inner_h))
    size = fmax(floor_size, size - 0.5);
  if (l->address_count == 0 || !address_fits(s, size, inner_w, inner_h)) {
    lf_error(s->diags, l->pos,
             l->address_count == 0
                 ? "the letter has no address"
                 : "the address does not fit the envelope window, even at %g pt (expected "
                   "shorter lines, or fewer of them)",
             floor_size);
    return -1;
  }
  int div = element(s, LF_EL_DIV, s->root, "Address");
  double x = w->left + w->padding;
  double baseline = st->page_height - w->top - w->padding - ascent(s) * size;
  for (size_t i = 0; i < l->address_count; i++, baseline -= 1.2 * size) {
    int p = element(s, LF_EL_P, div, NULL);
    add_mixed(s, p, x, baseline, l->address[i], strlen(l->address[i]), LF_FACE_REGULAR, size,
              st->text_colour);
  }
  return 0;
}

/*
 * 'check_window()' - The window must lie on the page, above the footer.
 */
static int check_window(setter *s, double footer_top) {
  const lf_window *w = &s->letter->window;
  const lf_format *st = s->format;
  if (!(w->left >= 0 && w->top >= 0 && w->width > 2 * w->padding &&
        w->height > 2 * w->padding && w->padding >= 0 &&
        w->left + w->width <= st->page_width && st->page_height - w->top - w->height >= footer_top)) {
    lf_error(s->diags, s->letter->pos,
             "the envelope window (%.0f x %.0f mm at %.0f mm from the left, %.0f mm from the "
             "top) is not inside the page above the footer of format '%s'",
             w->width * 25.4 / 72, w->height * 25.4 / 72, w->left * 25.4 / 72,
             w->top * 25.4 / 72, st->name);
    return -1;
  }
  return 0;
}

/*
 * 'lf_layout_letter()' - Window, letterhead, paragraphs, footers.
 */
lf_display *lf_layout_letter(lf_arena *arena, const lf_letter *letter,
                             const lf_format *format, const lf_fontset *fonts,
                             lf_diags *diags) {
  lf_display *d = lf_arena_alloc(arena, sizeof *d);
  if (!d) {
    lf_error(diags, letter->pos, "out of memory");
    return NULL;
  }
  d->page_width = format->page_width;
  d->page_height = format->page_height;
  d->fonts = fonts;
  d->title = letter->title;
  d->language = letter->language;
  d->creation_date = letter->creation_date;
  d->identifier = letter->identifier;
  setter s = {.arena = arena, .diags = diags, .format = format, .fonts = fonts,
              .letter = letter, .d = d};
  s.root = element(&s, LF_EL_DOCUMENT, -1, NULL);
  double measure = format->page_width - format->margin_left - format->margin_right;
  double body = format->body_size, gap = format->paragraph_space * body;
  para foot;
  if (footer_lines(&s, body * format->footer_scale, measure, &foot) != 0)
    return NULL;
  double footer_top = format->margin_bottom + (double)(foot.lines.count + 1) * foot.pitch + body;
  s.bottom = footer_top;
  if (check_window(&s, footer_top) != 0 || !new_page(&s))
    return NULL;
  if (letter->bookmark) {
    if (grow(arena, (void **)&d->outline, d->outline_count, &d->outline_cap, 1,
             sizeof *d->outline) != 0)
      s.failed = 1;
    else
      d->outline[d->outline_count++] = (lf_outline_entry){.level = 1, .title = letter->bookmark,
                                                          .page = 0, .y = s.y};
  }
  /* the letterhead, beside the window when there is room */
  const lf_window *w = &letter->window;
  double column_x = w->left + w->width + body;
  double column_w = format->page_width - format->margin_right - column_x;
  int beside = letter->sender_count > 0 && column_w >= 8 * body;
  double flow_top = format->page_height - w->top - w->height - gap;
  if (beside) {
    double top = s.y;
    for (size_t i = 0; i < letter->sender_count && !s.failed; i++) {
      para p;
      if (break_para(&s, &letter->sender[i], body, column_w, s.root, &p) != 0)
        return NULL;
      for (size_t k = 0; k < p.lines.count; k++, top -= p.pitch)
        place_line(&s, &p, k, column_x, top);
    }
    if (top - gap < flow_top)
      flow_top = top - gap;
  }
  /* the address, then the paragraphs from below the window */
  if (set_address(&s) != 0)
    return NULL;
  if (flow_top < s.y)
    s.y = flow_top;
  s.page_fresh = 1;
  for (size_t i = 0; !beside && i < letter->sender_count && !s.failed; i++) {
    para p;
    if (break_para(&s, &letter->sender[i], body, measure, s.root, &p) != 0)
      return NULL;
    flow_para(&s, &p, format->margin_left);
  }
  if (!beside && letter->sender_count)
    s.y -= gap;
  for (size_t i = 0; i < letter->body_count && !s.failed; i++) {
    para p;
    if (break_para(&s, &letter->body[i], body, measure, s.root, &p) != 0)
      return NULL;
    if (i > 0 && !s.page_fresh)
      s.y -= gap;
    flow_para(&s, &p, format->margin_left);
  }
  emit_footers(&s, &foot);
  if (s.missing_glyph) {
    lf_error(diags, letter->pos, "a character of the letter is in none of the fonts "
             "(expected text the fonts of format '%s' cover)", format->name);
    return NULL;
  }
  if (s.failed) {
    lf_error(diags, letter->pos, "out of memory");
    return NULL;
  }
  return d;
}

/* ---- joining display lists ---------------------------------------------------- */

/*
 * 'lf_display_like()' - An empty list shaped like 'like', with a Document.
 */
lf_display *lf_display_like(lf_arena *arena, const lf_display *like) {
  lf_display *d = lf_arena_alloc(arena, sizeof *d);
  if (!d)
    return NULL;
  d->page_width = like->page_width;
  d->page_height = like->page_height;
  d->fonts = like->fonts;
  d->title = like->title;
  d->author = like->author;
  d->subject = like->subject;
  d->keywords = like->keywords;
  d->language = like->language;
  d->creation_date = like->creation_date;
  d->identifier = like->identifier;
  if (lf_display_add_element(arena, d, LF_EL_DOCUMENT, -1, NULL) < 0)
    return NULL;
  return d;
}

/*
 * 'copy_text()' - 'len' bytes of 'text' into 'arena' ('*failed' set when
 * out of memory); NULL stays NULL.
 */
static const char *copy_text(lf_arena *arena, const char *text, size_t len, int *failed) {
  if (!text)
    return NULL;
  char *copy = lf_arena_strndup(arena, text, len);
  *failed |= copy == NULL;
  return copy;
}

/*
 * 'copy_string()' - A NUL-terminated string into 'arena', as copy_text().
 */
static const char *copy_string(lf_arena *arena, const char *text, int *failed) {
  return text ? copy_text(arena, text, strlen(text), failed) : NULL;
}

/*
 * 'lf_display_copy()' - Everything of 'src', strings included, in 'arena'.
 */
lf_display *lf_display_copy(lf_arena *arena, const lf_display *src) {
  lf_display *d = lf_arena_alloc(arena, sizeof *d);
  if (!d)
    return NULL;
  *d = *src;
  int failed = 0;
  d->pages = lf_arena_array(arena, src->page_count + 1, sizeof *d->pages);
  d->elements = lf_arena_array(arena, src->element_count + 1, sizeof *d->elements);
  d->outline = lf_arena_array(arena, src->outline_count + 1, sizeof *d->outline);
  if (!d->pages || !d->elements || !d->outline)
    return NULL;
  d->page_cap = src->page_count;
  d->element_cap = src->element_count;
  d->outline_cap = src->outline_count;
  for (size_t p = 0; p < src->page_count && !failed; p++) {
    const lf_page *from = &src->pages[p];
    lf_page *to = &d->pages[p];
    to->items = lf_arena_array(arena, from->count + 1, sizeof *to->items);
    if (!to->items)
      return NULL;
    to->count = to->cap = from->count;
    for (size_t i = 0; i < from->count; i++) {
      lf_item *item = &to->items[i];
      *item = from->items[i];
      item->text = copy_text(arena, item->text, item->len, &failed);
      item->uri = copy_string(arena, item->uri, &failed);
      if (item->glyph_count) {
        lf_glyph *glyphs = lf_arena_array(arena, item->glyph_count, sizeof *glyphs);
        if (glyphs)
          memcpy(glyphs, from->items[i].glyphs, item->glyph_count * sizeof *glyphs);
        else
          failed = 1;
        item->glyphs = glyphs;
      }
    }
  }
  for (size_t e = 0; e < src->element_count; e++) {
    lf_element *el = &d->elements[e];
    *el = src->elements[e];
    el->role = copy_string(arena, el->role, &failed);
    el->alt = copy_string(arena, el->alt, &failed);
    el->title = copy_string(arena, el->title, &failed);
    el->lang = copy_string(arena, el->lang, &failed);
  }
  for (size_t o = 0; o < src->outline_count; o++) {
    d->outline[o] = src->outline[o];
    d->outline[o].title = copy_string(arena, src->outline[o].title, &failed);
  }
  d->title = copy_string(arena, src->title, &failed);
  d->author = copy_string(arena, src->author, &failed);
  d->subject = copy_string(arena, src->subject, &failed);
  d->keywords = copy_string(arena, src->keywords, &failed);
  d->language = copy_string(arena, src->language, &failed);
  d->creation_date = copy_string(arena, src->creation_date, &failed);
  d->identifier = copy_string(arena, src->identifier, &failed);
  return failed ? NULL : d;
}

/*
 * 'lf_display_append()' - Pages, elements and outline of 'src' after 'dst''s.
 */
int lf_display_append(lf_arena *arena, lf_display *dst, const lf_display *src,
                      lf_diags *diags) {
  if (dst->fonts && src->fonts && dst->fonts != src->fonts) {
    lf_error(diags, (lf_pos){0}, "cannot join documents set in different fonts");
    return -1;
  }
  if (dst->page_count && src->page_count &&
      (fabs(dst->page_width - src->page_width) > 0.01 ||
       fabs(dst->page_height - src->page_height) > 0.01)) {
    lf_error(diags, (lf_pos){0}, "cannot join documents on different paper");
    return -1;
  }
  if (!dst->fonts)
    dst->fonts = src->fonts;
  if (dst->page_count == 0) {
    dst->page_width = src->page_width;
    dst->page_height = src->page_height;
  }
  int root = -1;
  for (size_t e = 0; e < dst->element_count && root < 0; e++)
    if (dst->elements[e].parent < 0)
      root = (int)e;
  size_t element_base = dst->element_count, page_base = dst->page_count;
  if (grow(arena, (void **)&dst->elements, dst->element_count, &dst->element_cap,
           dst->element_count + src->element_count, sizeof *dst->elements) != 0 ||
      grow(arena, (void **)&dst->pages, dst->page_count, &dst->page_cap,
           dst->page_count + src->page_count, sizeof *dst->pages) != 0 ||
      grow(arena, (void **)&dst->outline, dst->outline_count, &dst->outline_cap,
           dst->outline_count + src->outline_count, sizeof *dst->outline) != 0)
    goto oom;
  for (size_t e = 0; e < src->element_count; e++) {
    lf_element el = src->elements[e];
    if (el.parent >= 0) {
      el.parent += (int)element_base;
    } else {
      el.parent = root;
      if (root >= 0 && el.type == LF_EL_DOCUMENT)
        el.type = LF_EL_SECT;
    }
    dst->elements[dst->element_count++] = el;
  }
  for (size_t p = 0; p < src->page_count; p++) {
    const lf_page *from = &src->pages[p];
    lf_page *to = &dst->pages[dst->page_count];
    memset(to, 0, sizeof *to);
    if (from->count) {
      to->items = lf_arena_array(arena, from->count, sizeof *to->items);
      if (!to->items)
        goto oom;
      memcpy(to->items, from->items, from->count * sizeof *to->items);
      for (size_t i = 0; i < from->count; i++)
        if (to->items[i].element >= 0)
          to->items[i].element += (int)element_base;
      to->count = to->cap = from->count;
    }
    dst->page_count++;
  }
  for (size_t o = 0; o < src->outline_count; o++) {
    lf_outline_entry entry = src->outline[o];
    entry.page += (int)page_base;
    dst->outline[dst->outline_count++] = entry;
  }
  return 0;
oom:
  lf_error(diags, (lf_pos){0}, "out of memory joining documents");
  return -1;
}

/*
 * 'lf_display_pad_pages()' - Blank pages up to a multiple.
 */
int lf_display_pad_pages(lf_arena *arena, lf_display *d, size_t multiple) {
  if (multiple < 2 || d->page_count % multiple == 0)
    return 0;
  size_t add = multiple - d->page_count % multiple;
  if (grow(arena, (void **)&d->pages, d->page_count, &d->page_cap, d->page_count + add,
           sizeof *d->pages) != 0)
    return -1;
  for (size_t i = 0; i < add; i++)
    memset(&d->pages[d->page_count++], 0, sizeof *d->pages);
  return (int)add;
}
