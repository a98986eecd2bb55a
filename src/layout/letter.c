/*
 * letter.c -- a covering letter typeset for a window envelope (see
 * layout.h).
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

#include "leaflet/language.h"
#include "leaflet/utf8.h"
#include "vlist.h"

typedef struct setter {
  lf_arena *arena;
  lf_diags *diags;
  const lf_format *format;
  const lf_fontset *fonts;
  const lf_letter *letter;
  lf_display *d;
  lf_page *page;         /* the page items are added to */
  int root;              /* the Document element */
  double y;              /* top of the next line on the current page */
  double bottom;         /* no line may go below this */
  int page_fresh;        /* nothing set in the flow of this page yet */
  int failed;            /* out of memory */
  int missing_glyph;     /* a character in no font */
} setter;

/*
 * 'new_page()' - Start a page; the flow begins at the top margin.
 */
static lf_page *new_page(setter *s) {
  s->page = lf_display_new_page(s->arena, s->d);
  if (!s->page) {
    s->failed = 1;
    return NULL;
  }
  s->y = s->format->page_height - s->format->margin_top;
  s->page_fresh = 1;
  return s->page;
}

/*
 * 'add_item()' - An item on the page being set.
 */
static lf_item *add_item(setter *s, lf_item_kind kind, int element) {
  lf_item *it = lf_page_add_item(s->arena, s->page, kind, element);
  if (!it)
    s->failed = 1;
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
 * 'break_para()' - A P element (with Link children for links, and a Span
 * with its /Lang for a run in another language: a leaflet's title) under
 * 'parent', and the paragraph's lines at 'size' in 'measure', in 'lang'
 * (NULL: the letter's language; else the element's /Lang, and right to
 * left when the language is written so).
 */
static int break_para(setter *s, const lf_inline *text, const char *lang, double size,
                      double measure, int parent, para *out) {
  /* a letter is read on paper: addresses printed as the format asks */
  lf_inline runs = lf_inline_with_urls(s->arena, text, s->format->print_urls);
  memset(out, 0, sizeof *out);
  out->run_elements = lf_arena_array(s->arena, runs.count + 1, sizeof(int));
  if (!out->run_elements) {
    s->failed = 1;
    return -1;
  }
  int el = element(s, LF_EL_P, parent, NULL);
  if (el >= 0 && lang)
    s->d->elements[el].lang = lang;
  int link_el = -1, span_el = -1;
  for (size_t i = 0; i < runs.count; i++) {
    const lf_run *r = &runs.runs[i];
    if (r->lang && !(r->style & LF_RUN_LINK)) {
      /* one Span for the runs of one language in a row */
      if (span_el < 0 || !runs.runs[i - 1].lang ||
          !lf_language_same(runs.runs[i - 1].lang, r->lang)) {
        span_el = element(s, LF_EL_SPAN, el, NULL);
        if (span_el >= 0)
          s->d->elements[span_el].lang = r->lang;
      }
      out->run_elements[i] = span_el;
      continue;
    }
    span_el = -1;
    if (r->style & LF_RUN_LINK) {
      if (i == 0 || !(runs.runs[i - 1].style & LF_RUN_LINK) || !runs.runs[i - 1].href ||
          !r->href || strcmp(runs.runs[i - 1].href, r->href) != 0) {
        link_el = element(s, LF_EL_LINK, el, NULL);
        if (link_el >= 0)
          s->d->elements[link_el].alt =
              lf_words_link(s->arena, s->letter->words, LF_WORD_LINK, r->href);
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
  if (lf_break_lines(s->arena, s->fonts, kept, lang ? lang : s->letter->language, size,
                     measure, s->letter->pos, &out->lines, s->diags) != 0)
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
      last = &s->page->items[s->page->count - 2];
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
 * head of the next.  'after' (0 for none) is the height of what must
 * follow its last lines on their page (a closing and the name under it):
 * when that would not fit under the paragraph, its last two lines go over
 * with it (the whole paragraph, when fewer would leave its first line
 * alone), so that no page starts with the closing alone.
 */
static void flow_para(setter *s, const para *p, double x, double after) {
  size_t n = p->lines.count, i = 0;
  while (i < n && !s->failed) {
    size_t fit = s->y - s->bottom + 1e-6 >= p->pitch
                     ? (size_t)floor((s->y - s->bottom + 1e-6) / p->pitch) : 0;
    size_t left = n - i, take = fit < left ? fit : left;
    int at_top = s->y >= s->format->page_height - s->format->margin_top - 1e-6;
    /* (at a page's head, only when two lines at least stay there) */
    if (take == left && after > 0 && (!at_top || left >= 4) &&
        s->y - (double)left * p->pitch - after < s->bottom - 1e-6) {
      take = left >= 2 ? left - 2 : 0;
      if (i == 0 && take == 1)
        take = 0;
    } else if (take < left) {
      if (left - take == 1)
        take = take >= 2 ? take - 1 : 0; /* no widow */
      if (i == 0 && take == 1)
        take = 0;               /* no orphan (after the widow's line went over: three
                                   lines with room for two go over whole) */
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
 * 'is_short()' - Whether a paragraph is a few words, however many lines
 * they take at a large size: 24 ems at most (a date, a reference, a
 * closing, the name under it, and "Dear" with the longest name the
 * envelope's window takes, about 22 ems), where a sentence of the letter
 * runs to 27 and more.
 */
static int is_short(const para *p) {
  double width = 0;
  for (size_t k = 0; k < p->lines.count; k++)
    width += p->lines.lines[k].width;
  return width <= 24 * p->size;
}

/*
 * 'kept_height()' - How much of a page paragraph 'i' of 'paras' ('n' of
 * them) must find room for with it, when it starts a run of short
 * paragraphs (is_short()): the run, kept together (the date, reference
 * and salutation the letter opens with; a closing and the name under it),
 * and when the run opens the letter or is one paragraph alone the lines
 * of the paragraph after it that must start its page with it (two, or all
 * of three: flow_para() leaves none alone), with the gaps between.
 * Nothing for any other paragraph (a longer one is split by flow_para()'s
 * own rules; a later short paragraph goes where its run went).
 */
static double kept_height(const para *paras, size_t i, size_t n, double gap) {
  if (!is_short(&paras[i]) || (i > 0 && is_short(&paras[i - 1])))
    return 0;
  int opening = 1;
  for (size_t k = 0; k < i; k++)
    opening &= is_short(&paras[k]);
  double height = 0;
  size_t j = i;
  for (; j < n && is_short(&paras[j]); j++)
    height += (j > i ? gap : 0) + (double)paras[j].lines.count * paras[j].pitch;
  if ((opening || j == i + 1) && j < n)
    height += gap + (double)(paras[j].lines.count <= 3 ? paras[j].lines.count : 2) *
                        paras[j].pitch;
  return height;
}

/*
 * 'dated_height()' - The height of the first 'dated' paragraphs (those
 * giving the letter's date and reference) with the gaps between, when they
 * are short and the opening's short paragraphs go on after them (a
 * salutation, which may go over with the first lines without them); else
 * 0.
 */
static double dated_height(const para *paras, size_t dated, size_t n, double gap) {
  if (dated == 0 || dated >= n || !is_short(&paras[dated]))
    return 0;
  double height = 0;
  for (size_t k = 0; k < dated; k++) {
    if (!is_short(&paras[k]))
      return 0;
    height += (k > 0 ? gap : 0) + (double)paras[k].lines.count * paras[k].pitch;
  }
  return height;
}

/*
 * 'with_first_lines()' - The short paragraphs from 'i' (the salutation
 * after the date and reference) with the lines of the paragraph after
 * them that must start its page with them (two, or all of three), and the
 * gaps between.
 */
static double with_first_lines(const para *paras, size_t i, size_t n, double gap) {
  double height = 0;
  size_t j = i;
  for (; j < n && is_short(&paras[j]); j++)
    height += (j > i ? gap : 0) + (double)paras[j].lines.count * paras[j].pitch;
  if (j < n)
    height += gap + (double)(paras[j].lines.count <= 3 ? paras[j].lines.count : 2) *
                        paras[j].pitch;
  return height;
}

/*
 * 'closing_after()' - For paragraph 'i' of 'paras' ('n' of them), of two
 * lines or more and not short, followed by a run of two or more short
 * paragraphs (a closing and the name under it): the run's height with the
 * gaps before and between, which flow_para() keeps on the page of the
 * paragraph's last lines; else 0.
 */
static double closing_after(const para *paras, size_t i, size_t n, double gap) {
  if (paras[i].lines.count < 2 || is_short(&paras[i]))
    return 0;
  double height = 0;
  size_t j = i + 1;
  for (; j < n && is_short(&paras[j]); j++)
    height += gap + (double)paras[j].lines.count * paras[j].pitch;
  return j - (i + 1) >= 2 ? height : 0;
}

/*
 * 'footer_lines()' - The footer text broken to the measure (none for no
 * footer).
 */
static int footer_lines(setter *s, double size, double measure, para *out) {
  memset(out, 0, sizeof *out);
  out->size = size;        /* "Page N of M" is set at this size, footer or not */
  out->pitch = size * s->format->line_spacing;
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
    s->page = &d->pages[pg];
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
    const char *num = lf_words_page(s->arena, s->letter->words, pg + 1, d->page_count);
    if (!num)
      s->failed = 1;
    else
      add_mixed(s, -1, right - lf_text_width(s->fonts, LF_FACE_BOLD, num, strlen(num), size),
                base_last, num, strlen(num), LF_FACE_BOLD, size, st->text_colour);
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
    lf_diag_add_kind(s->diags, LF_ERROR, LF_DIAG_LETTER, l->pos,
                     l->address_count == 0
                         ? "the letter has no address"
                         : "the address does not fit the envelope window, even at %g pt "
                           "(expected shorter lines, or fewer of them)",
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
    lf_diag_add_kind(s->diags, LF_ERROR, LF_DIAG_LETTER, s->letter->pos,
                     "the envelope window (%.0f x %.0f mm at %.0f mm from the left, %.0f mm "
                     "from the top) is not inside the page above the footer of format '%s'",
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
  lf_display *d = lf_display_create(arena, format->page_width, format->page_height, fonts);
  if (!d) {
    lf_diag_add_kind(diags, LF_ERROR, LF_DIAG_NO_MEMORY, letter->pos, "out of memory");
    return NULL;
  }
  d->meta.title = letter->title;
  d->meta.language = letter->language;
  d->meta.creation_date = letter->creation_date;
  d->meta.identifier = letter->identifier;
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
  if (letter->bookmark && lf_display_add_outline(arena, d, 1, letter->bookmark, 0, s.y) < 0)
    s.failed = 1;
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
      if (break_para(&s, &letter->sender[i], NULL, body, column_w, s.root, &p) != 0)
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
    if (break_para(&s, &letter->sender[i], NULL, body, measure, s.root, &p) != 0)
      return NULL;
    flow_para(&s, &p, format->margin_left, 0);
  }
  if (!beside && letter->sender_count)
    s.y -= gap;
  para *paras = lf_arena_array(arena, letter->body_count + 1, sizeof *paras);
  if (!paras)
    s.failed = 1;
  for (size_t i = 0; i < letter->body_count && !s.failed; i++)
    if (break_para(&s, &letter->body[i],
                   letter->body_languages ? letter->body_languages[i] : NULL, body, measure,
                   s.root, &paras[i]) != 0)
      return NULL;
  for (size_t i = 0; i < letter->body_count && !s.failed; i++) {
    double before = i > 0 && !s.page_fresh ? gap : 0;
    int at_top = s.y >= format->page_height - format->margin_top - 1e-6;
    double room = s.y - s.bottom + 1e-6;
    /* lines of their own (date, reference and salutation; closing and
     * name) are not parted, nor the opening ones from the letter's first
     * lines: they go over together; but where they do not fit and the
     * date and reference do, those stay, and what follows them (the
     * salutation) goes over with the first lines (at 30 pt and more the
     * first page held the address alone) */
    double need = i == letter->dated && i > 0 ? with_first_lines(paras, i, letter->body_count, gap)
                                              : kept_height(paras, i, letter->body_count, gap);
    double dated = i == 0 ? dated_height(paras, letter->dated, letter->body_count, gap) : 0;
    if (!at_top && before + need > room && !(dated > 0 && before + dated <= room)) {
      if (!new_page(&s))
        break;
    } else {
      s.y -= before;
    }
    flow_para(&s, &paras[i], format->margin_left,
              closing_after(paras, i, letter->body_count, gap));
  }
  emit_footers(&s, &foot);
  if (s.missing_glyph) {
    lf_diag_add_kind(diags, LF_ERROR, LF_DIAG_LETTER, letter->pos,
                     "a character of the letter is in none of the fonts (expected text the "
                     "fonts of format '%s' cover)", format->name);
    return NULL;
  }
  if (s.failed) {
    lf_diag_add_kind(diags, LF_ERROR, LF_DIAG_NO_MEMORY, letter->pos, "out of memory");
    return NULL;
  }
  return d;
}
