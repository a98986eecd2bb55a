/*
 * pages.c -- the page breaker: a vertical list to pages of positioned
 * items, with a footer on every page (see vlist.h).
 *
 * Pages are filled one at a time.  When the next item does not fit, the
 * page ends at the last place a break is allowed (an item without
 * keep_before); gaps at a page's head are dropped.  A run of blocks only
 * kept with the next (KEEP_SOFT: the about section's lines, a lead-in and
 * its list) gives way where they join when keeping it would leave the page
 * more than a third empty, or when the page holds nothing but that run;
 * only a run with no such place (a callout taller than the page, say) is
 * split, and a warning says so: between two of its blocks where that
 * leaves no heading at a page's foot, else before a figure, QR code,
 * write-in space or label box it would cut, else where it overflows.
 *
 * The footer sits in the same place on every page, at the body size:
 * the leaflet's title (its short title when the title is too long, over
 * two lines where it needs them, cut at a word with an ellipsis only as a
 * last resort: footer.c), then "Next review due: <date>" on the left and
 * "Page N of M" on the right;
 * a leaflet written right to left has them mirrored (title and date on
 * the right, the page number on the left).  A leaflet printed past its
 * review date says "Review overdue" instead.  The words are the
 * leaflet's language's where content/words has them (words.h).
 */
#include <string.h>

#include "leaflet/utf8.h"
#include "leaflet/language.h"
#include "leaflet/words.h"
#include "vlist.h"

/* A proof's marks (document.h): deleted words struck through in dark red,
 * inserted words underlined in dark green, both above 6.5:1 on white, and
 * told apart by the line as well as the colour; a changed block has a bar
 * in the left margin. */
#define DELETED_COLOUR 0xB00020u
#define INSERTED_COLOUR 0x006B3Cu

typedef struct pager {
  lf_arena *arena;
  lf_diags *diags;
  const lf_format *format;
  const lf_fontset *fonts;
  lf_display *display;
  const lf_document *doc;
  int failed;
} pager;

/*
 * 'add_item()' - Append an item to a page; NULL (the pager failed) when out
 * of memory.
 */
static lf_item *add_item(pager *p, lf_page *page, lf_item_kind kind, int el) {
  lf_item *it = lf_page_add_item(p->arena, page, kind, el);
  if (!it)
    p->failed = 1;
  return it;
}

/*
 * 'new_page()' - Append an empty page to the display list; NULL (the pager
 * failed) when out of memory.
 */
static lf_page *new_page(pager *p) {
  lf_page *page = lf_display_new_page(p->arena, p->display);
  if (!page)
    p->failed = 1;
  return page;
}

/*
 * 'lf_item_from_piece()' - A text item for a piece of a line.
 */
void lf_item_from_piece(lf_item *it, const lf_piece *pc, double x, double y, double size,
                        unsigned colour) {
  it->x = x;
  it->y = y;
  it->w = pc->width;
  it->text = pc->text;
  it->len = pc->len;
  it->face = pc->face;
  it->size = size;
  it->colour = colour;
  it->glyphs = pc->glyphs;
  it->glyph_count = pc->glyph_count;
  it->rtl = (pc->level & 1) != 0;
}

/*
 * 'place_set_line()' - The pieces of a line made by lf_set_line() as items
 * from 'x', or ending there when 'align_right'.
 *
 * 'set_line_text()' - 'text' set as one shaped line in 'want' (with
 * fallback and script faces as needed) in 'language' and its direction,
 * starting at 'x', or ending there when 'align_right'.  Text with a
 * character in no font is left out (it was reported where it was set in
 * the body, or is the program's own).
 */
static void place_set_line(pager *p, lf_page *page, int el, const lf_line *line, double x,
                           double y, double size, unsigned colour, int align_right) {
  if (align_right)
    x -= line->width;
  for (size_t k = 0; k < line->count; k++) {
    lf_item *it = add_item(p, page, LF_ITEM_TEXT, el);
    if (!it)
      return;
    lf_item_from_piece(it, &line->pieces[k], x + line->pieces[k].x, y, size, colour);
  }
}

/* 'set_line_text()' - 'text' set as one line in face 'want' and placed at
 * (x, y) by place_set_line(), as an element's text or (el -1) an
 * artifact: a footer's words. */
static void set_line_text(pager *p, lf_page *page, int el, double x, double y,
                          const char *text, lf_face want, const char *language, double size,
                          unsigned colour, int align_right) {
  lf_line line;
  if (lf_set_line(p->arena, p->fonts, text, strlen(text), want, language, size, &line) == 0)
    place_set_line(p, page, el, &line, x, y, size, colour, align_right);
}

/*
 * 'add_rule()' - A horizontal or vertical line as an artifact (a mark
 * that says nothing a screen reader needs).
 */
static void add_rule(pager *p, lf_page *page, double x, double y, double x2, double y2,
                     double width, unsigned colour) {
  lf_item *rule = add_item(p, page, LF_ITEM_LINE, -1);
  if (!rule)
    return;
  rule->x = x;
  rule->y = y;
  rule->x2 = x2;
  rule->y2 = y2;
  rule->line_width = width;
  rule->colour = colour;
}

/*
 * 'emit_line()' - A line's label, pieces and link areas; a proof's change
 * bar, and its deleted and inserted words struck through or underlined.
 */
static void emit_line(pager *p, lf_page *page, const vitem *it, double top, int artifact) {
  double y = top - it->baseline;
  if (it->change_bar) {
    double bar = p->format->margin_left - 0.75 * p->format->body_size;
    add_rule(p, page, bar, top, bar, top - it->height, p->format->body_size / 6,
             p->format->text_colour);
  }
  for (const vlabel *l = it->labels; l; l = l->next)
    set_line_text(p, page, artifact ? -1 : l->element, l->x, y, l->text, l->face,
                  l->lang ? l->lang : it->lang, it->size, it->colour, l->right);
  for (size_t k = 0; k < it->line.count; k++) {
    const lf_piece *pc = &it->line.pieces[k];
    int el = it->run_elements && !artifact ? it->run_elements[pc->run] : -1;
    unsigned colour = pc->href ? p->format->link_colour : it->colour;
    if (pc->style & LF_RUN_DELETED)
      colour = DELETED_COLOUR;
    else if (pc->style & LF_RUN_INSERTED)
      colour = INSERTED_COLOUR;
    lf_item *text = add_item(p, page, LF_ITEM_TEXT, el);
    if (!text)
      return;
    lf_item_from_piece(text, pc, it->x + pc->x, y, it->size, colour);
    if (pc->style & (LF_RUN_DELETED | LF_RUN_INSERTED)) {
      double x = it->x + pc->x;
      double at = (pc->style & LF_RUN_DELETED) ? y + 0.28 * it->size : y - 0.12 * it->size;
      add_rule(p, page, x, at, x + pc->width, at, it->size / 16, colour);
    }
    if (pc->href && !artifact) {
      lf_item *link = add_item(p, page, LF_ITEM_LINK, el);
      if (link) {
        double descent = -(double)lf_font_descent(p->fonts->face[LF_FACE_REGULAR]) / 1000.0;
        link->x = it->x + pc->x;
        link->y = y - descent * it->size;
        link->w = pc->width;
        link->h = it->size * p->format->line_spacing;
        link->uri = pc->href;
      }
    }
  }
  /* The space where the line broke stays in the line's last text (it is
   * invisible past the last word) so that text read in structure order
   * keeps its words apart.  Pieces point into the breaker's copy of the
   * paragraph, where that space follows the piece. */
  if (it->continues && it->line.count > 0 && page->count > 0) {
    lf_item *last = &page->items[page->count - 1];
    if (last->kind == LF_ITEM_LINK && page->count > 1)
      last = &page->items[page->count - 2];
    if (last->kind == LF_ITEM_TEXT && last->text[last->len] == ' ')
      last->len++;
  }
}

/*
 * 'table_rule()' - A table's rule from (x, y) to (x2, y2), in its colour,
 * an artifact (add_rule()).
 */
static void table_rule(pager *p, lf_page *page, const vtable *t, double width, double x,
                       double y, double x2, double y2) {
  add_rule(p, page, x, y, x2, y2, width, t->colour);
}

/*
 * 'emit_row()' - A table row from 'top': its colour, its cells' lines
 * (as artifacts when 'artifact': a header row drawn again), the rules
 * down each column edge and under it (for a slice the next goes on from,
 * only when 'last': the last item on the page), and over it when 'first'
 * (no row of its table above it on the page).
 */
static void emit_row(pager *p, lf_page *page, const vitem *it, double top, int first,
                     int last, int artifact) {
  const vrow *row = it->row;
  const vtable *t = row->table;
  double bottom = top - it->height;
  if (row->filled) {
    lf_item *fill = add_item(p, page, LF_ITEM_RECT, -1);
    if (!fill)
      return;
    fill->x = t->left;
    fill->y = bottom;
    fill->w = t->right - t->left;
    fill->h = it->height;
    fill->filled = 1;
    fill->fill = row->fill;
  }
  for (size_t c = 0; c < row->count; c++) {
    double y = top - row->pad;
    for (size_t k = 0; k < row->cells[c].count; k++) {
      const vitem *line = &row->cells[c].items[k];
      if (line->kind == VITEM_LINE)
        emit_line(p, page, line, y, artifact);
      y -= line->height;
    }
  }
  if (first)
    table_rule(p, page, t, t->rule, t->left - t->rule / 2, top, t->right + t->rule / 2, top);
  for (size_t c = 0; c <= row->count; c++) {
    double x = c < row->count ? row->cells[c].x : t->right;
    table_rule(p, page, t, t->rule, x, top, x, bottom);
  }
  /* a slice the next one goes on from is closed only at a page's foot */
  if (!row->open_below || last)
    table_rule(p, page, t, row->bottom_rule, t->left - t->rule / 2, bottom,
               t->right + t->rule / 2, bottom);
}

/*
 * 'emit_mark()' - A mark (a picture, QR code, line or outline) placed
 * from 'top'; a Figure it shows gets its bounding box.
 */
static void emit_mark(pager *p, lf_page *page, const vitem *it, double top) {
  const lf_item *m = it->mark;
  if (!m)
    return; /* room, and nothing to draw */
  lf_item *mark = add_item(p, page, m->kind, m->element);
  if (!mark)
    return;
  *mark = *m;
  mark->y += top;
  mark->y2 += top;
  lf_display *d = p->display;
  if (m->element >= 0 && d->elements[m->element].type == LF_EL_FIGURE) {
    d->elements[m->element].has_bbox = 1;
    d->elements[m->element].bbox = (lf_rect){mark->x, mark->y, mark->w, mark->h};
  }
}

/*
 * 'emit_footers()' - The footer on pages first..first+count-1, numbered
 * from 'number' of 'total', now that pages are counted (as lf_footer_plan()
 * sets it: never more lines than the page breaker kept room for).
 */
static void emit_footers(pager *p, size_t first, size_t count, size_t number, size_t total) {
  const lf_format *s = p->format;
  lf_display *d = p->display;
  lf_footer fp;
  if (lf_footer_plan(p->arena, p->doc, s, p->fonts, total, &fp) != 0) {
    p->failed = 1;
    return;
  }
  double size = fp.size, pitch = fp.pitch;
  double left = s->margin_left, right = s->page_width - s->margin_right;
  double descent = -(double)lf_font_descent(p->fonts->face[LF_FACE_REGULAR]) / 1000.0;
  /* from the foot up: the note's lines, the number's own line where it
   * has one, the title's lines */
  double base_last = s->margin_bottom + descent * size;
  double base_own = base_last + (double)fp.note_count * pitch;
  double base_title = base_own + (fp.number_row == LF_NUMBER_OWN_LINE ? pitch : 0);
  size_t title_rows = fp.title_count ? fp.title_count : 1;
  double rule_y = base_title + (double)(title_rows - 1) * pitch + size + s->body_size * 0.3;
  double base_number = fp.number_row == LF_NUMBER_BESIDE_NOTE    ? base_last
                       : fp.number_row == LF_NUMBER_OWN_LINE ? base_own
                                                                 : base_title;
  const char *lang = p->doc->language;
  /* right to left, the footer is mirrored */
  int rtl = lf_language_is_rtl(lang);
  double start = rtl ? right : left, end = rtl ? left : right;
  for (size_t i = first; i < first + count && i < d->page_count; i++) {
    lf_page *page = &d->pages[i];
    add_rule(p, page, left, rule_y, right, rule_y, s->body_size / 24, s->text_colour);
    if (p->failed)
      return;
    for (size_t k = 0; k < fp.title_count; k++)
      place_set_line(p, page, -1, &fp.title_lines[k], start,
                     base_title + (double)(fp.title_count - 1 - k) * pitch, size, s->text_colour,
                     rtl);
    for (size_t k = 0; k < fp.note_count; k++)
      place_set_line(p, page, -1, &fp.note_lines[k], start,
                     base_last + (double)(fp.note_count - 1 - k) * pitch, size, s->text_colour,
                     rtl);
    const char *num = fp.bare ? lf_words_number(p->arena, p->doc->words, number + (i - first))
                              : lf_words_page(p->arena, p->doc->words, number + (i - first), total);
    if (!num) {
      p->failed = 1;
      return;
    }
    set_line_text(p, page, -1, end, base_number, num, LF_FACE_BOLD, lang, size, s->text_colour,
                  !rtl);
  }
}

/*
 * 'lf_add_footers()' - Footers on 'count' pages from 'first', numbered from
 * 'number' of 'total'.
 */
int lf_add_footers(lf_arena *arena, const lf_document *doc, const lf_format *format,
                   const lf_fontset *fonts, lf_display *display, size_t first, size_t count,
                   size_t number, size_t total, lf_diags *diags) {
  pager p = {.arena = arena, .diags = diags, .format = format, .fonts = fonts,
             .display = display, .doc = doc};
  emit_footers(&p, first, count, number, total);
  if (p.failed) {
    lf_error(diags, (lf_pos){doc->source_file, 0, 0}, "out of memory");
    return -1;
  }
  return 0;
}

/*
 * 'next_page_start()' - Where the page after a break before 'i' begins
 * (gaps at a page's head are dropped).
 */
static size_t skip_gaps(const vlist *vl, size_t i) {
  while (i < vl->count && vl->items[i].kind == VITEM_GAP)
    i++;
  return i;
}

/*
 * 'same_block()' - Whether two items were made by the same block.
 */
static int same_block(const vitem *a, const vitem *b) {
  return a->pos.file == b->pos.file && a->pos.line == b->pos.line &&
         a->pos.column == b->pos.column;
}

/*
 * 'drawn_block_start()' - Where the block holding item 'i' starts, when
 * that block draws marks (a figure, QR code, write-in space or label box:
 * never to be cut, or its outline or picture would stand apart from its
 * words) and starts after 'start'; else 'i'.  A block's items share its
 * place in the content.
 */
static size_t drawn_block_start(const vlist *vl, size_t start, size_t i) {
  size_t first = i;
  while (first > start && same_block(&vl->items[first - 1], &vl->items[i]))
    first--;
  if (first == start || !vl->items[i].pos.file)
    return i;
  for (size_t k = first; k <= i; k++)
    if (vl->items[k].kind == VITEM_MARK)
      return first;
  return i;
}

/*
 * 'split_place()' - Where to cut a run kept together that is taller than
 * the page, when item 'i' overflows it: between two of its blocks outside
 * any callout (not between two rows a table holds together), the last
 * such place that does not leave a heading at the page's foot (a heading, a line and a heading with a tall figure or
 * callout under it go over from that second heading, whole), with
 * '*clean' set; else, with it cleared, before the block holding 'i' when
 * it draws marks (drawn_block_start()), else at 'i' (or a line sooner,
 * so that no line stands alone at the next page's head).
 */
static size_t split_place(const vlist *vl, size_t start, size_t i, int *clean) {
  /* forward, to know which places are inside a callout's box (never clean:
   * a box is kept whole); a box that began on an earlier page ends at a
   * BOX_END met with none open */
  size_t found = start;
  int depth = 0;
  for (size_t k = start + 1; k <= i; k++) {
    const vitem *before = &vl->items[k - 1], *it = &vl->items[k];
    if (before->kind == VITEM_BOX_START)
      depth++;
    else if (before->kind == VITEM_BOX_END && --depth < 0) {
      depth = 0;
      found = start; /* every place so far was inside it */
    }
    /* two rows of a table held together (a short table kept whole, a
     * table's first two or last two rows) are one block here */
    int held_rows = before->kind == VITEM_ROW && it->kind == VITEM_ROW &&
                    before->row->table == it->row->table && it->keep_before == 1;
    if (depth == 0 && before->pos.file && it->pos.file && !same_block(before, it) &&
        !before->heading && !held_rows)
      found = k;
  }
  *clean = found > start;
  if (found > start)
    return found;
  size_t at = drawn_block_start(vl, start, i);
  /* cut inside a block's lines, take a second line over with the last
   * rather than leave it alone at the next page's head */
  if (at == i && i >= start + 2 && vl->items[i].kind == VITEM_LINE &&
      vl->items[i - 1].kind == VITEM_LINE && same_block(&vl->items[i - 1], &vl->items[i]) &&
      !(i + 1 < vl->count && vl->items[i + 1].kind == VITEM_LINE &&
        same_block(&vl->items[i], &vl->items[i + 1])))
    at = i - 1;
  /* nor leave a block's first line alone at the page's foot (a title cut
   * over pages left "Targeted cancer" there, the rest overleaf) */
  else if (at == i && i >= start + 2 && vl->items[i].kind == VITEM_LINE &&
           vl->items[i - 1].kind == VITEM_LINE &&
           same_block(&vl->items[i - 1], &vl->items[i]) &&
           !(vl->items[i - 2].kind == VITEM_LINE &&
             same_block(&vl->items[i - 2], &vl->items[i - 1])))
    at = i - 1;
  return at;
}

/*
 * 'kept_run_too_tall()' - Whether the items kept together from a place
 * 'so_far' points above item 'i' through the last item kept with 'i' are
 * taller than a page ('avail'): a run that must be cut wherever it starts.
 */
static int kept_run_too_tall(const vlist *vl, size_t i, double so_far, double avail) {
  double height = so_far;
  for (size_t k = i; k < vl->count && (k == i || vl->items[k].keep_before); k++) {
    height += vl->items[k].height;
    if (height > avail + 1e-6)
      return 1;
  }
  return 0;
}

/*
 * 'lf_break_pages()' - Fill pages, then place their items.
 */
int lf_break_pages(lf_arena *arena, const lf_document *doc, const lf_format *format,
                   const lf_fontset *fonts, const vlist *vl, lf_display *display,
                   lf_diags *diags) {
  pager p = {.arena = arena, .diags = diags, .format = format, .fonts = fonts,
             .display = display, .doc = doc};
  double top = format->page_height - format->margin_top;
  double avail = top - format->margin_bottom - vl->footer_height;
  /* open box: the rectangle item to complete, by box index */
  size_t nbox = vl->box_count ? vl->box_count : 1;
  lf_item **box_rect = lf_arena_array(arena, nbox, sizeof *box_rect);
  int *box_open = lf_arena_array(arena, nbox, sizeof *box_open);
  if (!box_rect || !box_open) {
    lf_error(diags, (lf_pos){doc->source_file, 0, 0}, "out of memory");
    return -1;
  }
  size_t start = skip_gaps(vl, 0);
  while (start < vl->count && !p.failed) {
    /* a table going on from the page before: its header rows again */
    const vtable *repeat = NULL;
    const vitem *head = &vl->items[start];
    if (head->kind == VITEM_ROW && !head->row->header && head->row->table->header_count &&
        start > head->row->table->header_first)
      repeat = head->row->table;
    /* find where this page ends */
    double used = repeat ? repeat->header_height : 0;
    size_t i = start, last_break = start, last_soft = start, soft_ok = start;
    double used_at_break = 0;
    size_t end = vl->count;
    for (; i < vl->count; i++) {
      const vitem *it = &vl->items[i];
      if (it->kind == VITEM_PAGE_BREAK) {
        end = i;
        break;
      }
      if (i > start && !it->keep_before) {
        last_break = i;
        used_at_break = used;
      }
      if (i > start && it->keep_before == KEEP_SOFT) {
        last_soft = i;
        if (!vl->items[i - 1].heading)
          soft_ok = i; /* not just after a heading */
      }
      if (used + it->height + it->room_below > avail + 1e-6 && i > start) {
        /* the last place it may break; but not one that leaves the page
         * two thirds empty when what follows it is kept together and
         * taller than a page itself, so must be cut anyway (a title at 38
         * pt on A5 left one line alone on its second page) */
        int at_last = last_break > start &&
                      (used_at_break >= avail * 2 / 3 || last_soft <= last_break);
        int early = at_last && used_at_break < avail / 3 &&
                    kept_run_too_tall(vl, i, used - used_at_break, avail);
        if (it->kind == VITEM_GAP && !it->keep_before) {
          end = i; /* the gap falls between pages */
        } else if (at_last && !early) {
          end = last_break;
        } else if (soft_ok > start && !(early && soft_ok <= last_break)) {
          /* (nor at a soft place earlier still: a lead-in parted from
           * its list) */
          end = soft_ok;
        } else {
          int clean;
          end = split_place(vl, start, i, &clean);
          if (clean)
            break; /* between blocks, no heading left at the foot */
          lf_pos at = it->pos.file ? it->pos : (lf_pos){doc->source_file, 0, 0};
          lf_warn_kept_split(diags, at, doc, format, display);
        }
        break;
      }
      used += it->height;
    }
    /* place items start..end */
    lf_page *page = new_page(&p);
    if (!page)
      break;
    size_t page_index = display->page_count - 1;
    double y = top;
    int repeated = 0;
    if (repeat) {
      for (size_t h = 0; h < repeat->header_count; h++) {
        const vitem *row = &vl->items[repeat->header_first + h];
        emit_row(&p, page, row, y, h == 0, 0, 1);
        y -= row->height;
      }
      repeated = 1;
    }
    for (size_t b = 0; b < vl->box_count; b++)
      if (box_open[b]) { /* a box continued from the last page */
        box_rect[b] = add_item(&p, page, LF_ITEM_RECT, -1);
        if (box_rect[b])
          box_rect[b]->y = top + format->body_size * 0.25;
      }
    for (size_t k = start; k < end && !p.failed; k++) {
      const vitem *it = &vl->items[k];
      switch (it->kind) {
      case VITEM_LINE:
        if (it->outline >= 0) {
          display->outline[it->outline].page = (int)page_index;
          display->outline[it->outline].y = y;
        }
        emit_line(&p, page, it, y, 0);
        break;
      case VITEM_ROW: {
        /* the rule over it, unless a row of its table (or its header
         * rows drawn again) is just above it */
        const vitem *before = k > start ? &vl->items[k - 1] : NULL;
        int first = k == start ? !repeated
                               : before->kind != VITEM_ROW || before->row->table != it->row->table;
        emit_row(&p, page, it, y, first, k + 1 == end, 0);
        break;
      }
      case VITEM_MARK:
        emit_mark(&p, page, it, y);
        break;
      case VITEM_BOX_START: {
        lf_item *r = add_item(&p, page, LF_ITEM_RECT, -1);
        if (r) {
          r->x = it->box_x;
          r->w = it->box_w;
          r->y = y - format->rule_width / 2;
        }
        box_rect[it->box] = r;
        box_open[it->box] = 1;
        break;
      }
      case VITEM_BOX_END: {
        lf_item *r = box_rect[it->box];
        if (r) {
          double bottom = y - it->height + format->rule_width / 2;
          r->x = it->box_x + format->rule_width / 2;
          r->w = it->box_w - format->rule_width;
          r->h = r->y - bottom;
          r->y = bottom;
          r->stroked = 1;
          r->filled = format->callout_fill != 0xFFFFFF;
          r->fill = format->callout_fill;
          r->colour = format->callout_border;
          r->line_width = format->rule_width;
        }
        box_open[it->box] = 0;
        box_rect[it->box] = NULL;
        break;
      }
      case VITEM_GAP:
      case VITEM_PAGE_BREAK:
        break;
      }
      y -= it->height;
    }
    /* a box still open runs to the foot of the page */
    for (size_t b = 0; b < vl->box_count; b++)
      if (box_open[b] && box_rect[b]) {
        lf_item *r = box_rect[b];
        double bottom = top - avail;
        r->x = format->margin_left;
        r->w = format->page_width - format->margin_left - format->margin_right;
        r->h = r->y - bottom;
        r->y = bottom;
        r->stroked = 1;
        r->colour = format->callout_border;
        r->line_width = format->rule_width;
      }
    start = end < vl->count && vl->items[end].kind == VITEM_PAGE_BREAK ? end + 1 : end;
    start = skip_gaps(vl, start);
  }
  if (display->page_count == 0 && !p.failed)
    new_page(&p);
  if (p.failed) {
    lf_error(diags, (lf_pos){doc->source_file, 0, 0}, "out of memory");
    return -1;
  }
  return 0;
}
