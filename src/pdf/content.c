/*
 * content.c -- page content (see content.h).
 *
 * Page content is written here, not through libharu's page operators: a
 * page's operators go to a buffer that becomes its content stream when the
 * page is done.  Consecutive text items of one structure element share a
 * text object, each moved to from the last by Td (anything else drawn
 * closes the text object first: end_text()), its glyphs shown with the codes of embed.c in the
 * order and at the places glyphs.c gives: TJ arrays, a number before a
 * glyph that does not sit where the previous one's /W width left the pen
 * (kerning, marks, right-to-left text drawn in reading order), Ts for a
 * glyph raised or lowered, and a /Span with /ActualText around glyphs
 * whose codes cannot say their text.  Colours, fonts and sizes (text state
 * outlives a text object) and line widths are written only when they
 * change; numbers are written to five decimals, as libharu wrote them, in
 * their shortest form (syntax.h).
 */
#include "content.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet/drawing.h"
#include "leaflet/fonts.h"
#include "syntax.h"

/* Codes shown by one Tj: a string stays within 32,767 bytes (ISO 32000-1,
 * annex C) even with every byte escaped. */
enum { CODES_PER_STRING = 4096 };

/*
 * 'is_finite_item()' - Whether every coordinate of an item is a number.
 */
static int is_finite_item(const lf_item *item) {
  return isfinite(item->x) && isfinite(item->y) && isfinite(item->w) &&
         isfinite(item->h) && isfinite(item->x2) && isfinite(item->y2) &&
         isfinite(item->size) && isfinite(item->line_width);
}

/* The largest advance or offset a glyph may have, in font units. */
#define GLYPH_UNITS_MAX (1L << 24)

/*
 * 'check_glyphs()' - Why a text item's glyphs cannot be drawn, or NULL:
 * text with no glyphs, a glyph the face lacks, a cluster outside the text,
 * an advance or offset out of range.
 */
static const char *check_glyphs(const lf_font *face, const lf_item *item) {
  if (item->glyph_count && !item->glyphs)
    return "glyphs without their array";
  if (!item->glyph_count) {
    for (size_t i = 0; i < item->len && item->text[i]; i++)
      if (item->text[i] != ' ')
        return "text that is not shaped (no glyphs)";
    return NULL;
  }
  unsigned glyphs = lf_font_glyph_count(face);
  for (size_t i = 0; i < item->glyph_count; i++) {
    const lf_glyph *g = &item->glyphs[i];
    if (g->id >= glyphs)
      return "a glyph the face does not have";
    if (g->cluster > item->len)
      return "a glyph's cluster outside its text";
    if (g->advance < -GLYPH_UNITS_MAX || g->advance > GLYPH_UNITS_MAX ||
        g->x_offset < -GLYPH_UNITS_MAX || g->x_offset > GLYPH_UNITS_MAX ||
        g->y_offset < -GLYPH_UNITS_MAX || g->y_offset > GLYPH_UNITS_MAX)
      return "a glyph's advance or offset out of range";
  }
  return NULL;
}

/*
 * 'check_item()' - Check one item against what the backend can draw.
 */
static int check_item(lf_pdf_doc *doc, const lf_display *d, const lf_item *item,
                      size_t page, size_t index) {
  const char *why = NULL;

  if (!is_finite_item(item))
    why = "a coordinate is not a finite number";
  else if (item->element < -1 || (item->element >= 0 &&
                                  (size_t)item->element >= d->element_count))
    why = "element index out of range";
  else {
    switch (item->kind) {
    case LF_ITEM_TEXT:
      if ((int)item->face < 0 || item->face >= LF_FACE_MAX || !d->fonts ||
          !lf_fontset_face(d->fonts, item->face))
        why = "text in a face the font set lacks";
      else if (item->len && !item->text)
        why = "text without bytes";
      else if ((item->len || item->glyph_count) &&
               (item->size <= 0 || item->size > LF_PDF_MAX_FONT_SIZE))
        why = "font size out of range";
      else
        why = check_glyphs(lf_fontset_face(d->fonts, item->face), item);
      break;
    case LF_ITEM_RECT:
    case LF_ITEM_LINE:
      if (item->line_width < 0 || item->line_width > LF_PDF_MAX_LINE_WIDTH)
        why = "line width out of range";
      break;
    case LF_ITEM_LINK:
      if (!item->uri || !item->uri[0])
        why = "link without a URI";
      else if (strlen(item->uri) > 4096)
        why = "link URI too long";
      break;
    case LF_ITEM_IMAGE:
      if (!item->image || !item->image->data)
        why = "a picture without its bytes";
      else if (!(item->w > 0 && item->h > 0))
        why = "a picture of no size";
      break;
    case LF_ITEM_RECTS:
      if (item->rect_count && !item->rects)
        why = "rectangles without their places";
      for (size_t r = 0; !why && r < item->rect_count; r++)
        if (!isfinite(item->rects[r].x) || !isfinite(item->rects[r].y) ||
            !isfinite(item->rects[r].w) || !isfinite(item->rects[r].h))
          why = "a rectangle's place is not a finite number";
      break;
    default:
      why = "unknown item kind";
    }
  }
  if (why)
    return lf_pdf_fail(doc, "invalid display list: page %zu item %zu: %s",
                       page + 1, index, why);
  return 0;
}

/*
 * 'lf_pdf_check_display()' - Reject a display list the object layer would
 * choke on or that refers outside itself, before any work is done.
 */
int lf_pdf_check_display(lf_pdf_doc *doc, const lf_display *d) {

  if (!d)
    return lf_pdf_fail(doc, "no display list");
  if (!d->page_count || !d->pages)
    return lf_pdf_fail(doc, "invalid display list: no pages");
  if (!(d->page_width >= LF_PDF_MIN_PAGE_SIZE &&
        d->page_width <= LF_PDF_MAX_PAGE_SIZE &&
        d->page_height >= LF_PDF_MIN_PAGE_SIZE &&
        d->page_height <= LF_PDF_MAX_PAGE_SIZE))
    return lf_pdf_fail(doc, "invalid display list: page size %gx%g pt",
                       d->page_width, d->page_height);
  for (size_t p = 0; p < d->page_count; p++)
    for (size_t i = 0; i < d->pages[p].count; i++)
      if (check_item(doc, d, &d->pages[p].items[i], p, i))
        return -1;
  for (size_t e = 0; e < d->element_count; e++) {
    const lf_element *el = &d->elements[e];
    if ((int)el->type < LF_EL_DOCUMENT || el->type >= LF_EL_TYPE_COUNT)
      return lf_pdf_fail(doc, "invalid display list: element %zu: bad type", e);
    /* Walk up: the parents must end at a root within element_count steps. */
    int up = el->parent;
    size_t steps = 0;
    while (up != -1) {
      if (up < -1 || (size_t)up >= d->element_count ||
          ++steps > d->element_count)
        return lf_pdf_fail(doc,
                           "invalid display list: element %zu: bad parent", e);
      up = d->elements[up].parent;
    }
  }
  for (size_t o = 0; o < d->outline_count; o++) {
    const lf_outline_entry *entry = &d->outline[o];
    if (!entry->title || entry->level < 1 || entry->page < 0 ||
        (size_t)entry->page >= d->page_count || !isfinite(entry->y))
      return lf_pdf_fail(doc, "invalid display list: outline entry %zu", o);
  }
  return 0;
}

/*
 * 'put_colour()' - Set the fill ('stroke' 0) or stroke colour when it
 * changes: gray when the three components agree, else RGB.
 */
static void put_colour(lf_pdf_painter *p, unsigned rgb, int stroke) {
  long *current = stroke ? &p->state.stroke : &p->state.fill;
  rgb &= 0xFFFFFFu;
  if (*current == (long)rgb)
    return;
  *current = (long)rgb;
  unsigned r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
  lf_buf *out = &p->content;
  lf_pdf_buf_number(out, lf_pdf_fixed(r / 255.0));
  if (r == g && g == b) {
    lf_buf_str(out, stroke ? " G\n" : " g\n");
    return;
  }
  lf_buf_put(out, " ", 1);
  lf_pdf_buf_number(out, lf_pdf_fixed(g / 255.0));
  lf_buf_put(out, " ", 1);
  lf_pdf_buf_number(out, lf_pdf_fixed(b / 255.0));
  lf_buf_str(out, stroke ? " RG\n" : " rg\n");
}

/*
 * 'place_box()' - The rectangle at (x, y), 'w' by 'h', rounded by its
 * corners (lf_pdf_place()) as "x y w h": rectangles that touch still
 * touch once rounded.
 */
static void place_box(long box[4], double x, double y, double w, double h) {
  box[0] = lf_pdf_place(x);
  box[1] = lf_pdf_place(y);
  box[2] = lf_pdf_place(x + w) - box[0];
  box[3] = lf_pdf_place(y + h) - box[1];
}

/*
 * 'put_line_width()' - Set the line width when it changes (a width of 0
 * means PDF's default of 1 pt).
 */
static void put_line_width(lf_pdf_painter *p, double width) {
  long fixed = lf_pdf_fixed(width > 0 ? width : 1.0);
  if (p->state.line_width == fixed)
    return;
  p->state.line_width = fixed;
  lf_pdf_buf_number(&p->content, fixed);
  lf_buf_str(&p->content, " w\n");
}

/*
 * 'put_numbers()' - Write 'count' numbers (fixed point) separated by
 * spaces, then ' ' and the operator.
 */
static void put_numbers(lf_buf *out, const long *fixed, int count,
                        const char *op) {
  for (int i = 0; i < count; i++) {
    lf_pdf_buf_number(out, fixed[i]);
    lf_buf_put(out, " ", 1);
  }
  lf_buf_str(out, op);
}

/*
 * 'put_code()' - One two-byte code inside a literal string: bytes as they
 * are but for the three a string must escape, and a carriage return (which
 * a reader would take for a line end).
 */
static void put_code(lf_buf *out, unsigned code) {
  char bytes[4];
  size_t n = 0;
  for (int shift = 8; shift >= 0; shift -= 8) {
    unsigned char b = (unsigned char)(code >> shift);
    if (b == '(' || b == ')' || b == '\\') {
      bytes[n++] = '\\';
      bytes[n++] = (char)b;
    } else if (b == '\r') {
      bytes[n++] = '\\';
      bytes[n++] = 'r';
    } else {
      bytes[n++] = (char)b;
    }
  }
  lf_buf_put(out, bytes, n);
}

/*
 * 'put_text_string()' - A text string in content: a literal string for
 * printable ASCII (escaped as a string must be), else UTF-16BE in
 * hexadecimal with a byte order mark.
 */
static void put_text_string(lf_buf *out, const char *text, size_t len) {
  int ascii = 1;
  for (size_t i = 0; i < len && ascii; i++)
    ascii = text[i] >= 0x20 && text[i] < 0x7F;
  if (ascii) {
    lf_buf_put(out, "(", 1);
    for (size_t i = 0; i < len; i++) {
      if (text[i] == '(' || text[i] == ')' || text[i] == '\\')
        lf_buf_put(out, "\\", 1);
      lf_buf_put(out, text + i, 1);
    }
    lf_buf_put(out, ")", 1);
    return;
  }
  lf_buf_str(out, "<FEFF");
  lf_pdf_buf_utf16(out, text, len);
  lf_buf_put(out, ">", 1);
}

/* Where show_glyphs() is in the TJ array it writes. */
typedef struct tj_writer {
  lf_buf *out;
  int in_array;
  size_t in_string;         /* codes in the open string, 0: none open */
} tj_writer;

/* 'tj_close()' - End the open string and array. */
static void tj_close(tj_writer *w) {
  if (w->in_string)
    lf_buf_put(w->out, ")", 1);
  if (w->in_array)
    lf_buf_str(w->out, "]TJ\n");
  w->in_array = 0;
  w->in_string = 0;
}

/*
 * 'show_glyphs()' - The drawing's glyphs as TJ arrays of two-byte codes in
 * literal strings (shorter than hexadecimal ones, also compressed), with
 * a number wherever a glyph does not start where the previous one's width
 * left the pen, Ts where the rise changes, and each /ActualText span's
 * marked content.
 */
static void show_glyphs(lf_pdf_painter *p, const lf_item *item) {
  const lf_pdf_drawing *d = &p->drawing;
  tj_writer w = {&p->content, 0, 0};
  int64_t at = 0; /* where the pen is, in millionths of an em */
  size_t span = 0;
  for (size_t i = 0; i < d->count; i++) {
    const lf_pdf_glyph *g = &d->glyphs[i];
    if (g->span != span) {
      tj_close(&w);
      if (span)
        lf_buf_str(w.out, "EMC\n");
      if (g->span) {
        const lf_pdf_span *s = &d->spans[g->span - 1];
        lf_buf_str(w.out, "/Span <</ActualText ");
        put_text_string(w.out, s->text, s->len);
        lf_buf_str(w.out, ">> BDC\n");
      }
      span = g->span;
    }
    long rise = lf_pdf_fixed((double)g->rise * item->size / d->units_per_em);
    if (rise != p->state.rise) {
      tj_close(&w);
      put_numbers(w.out, &rise, 1, "Ts\n");
      p->state.rise = rise;
    }
    if (!w.in_array) {
      lf_buf_put(w.out, "[", 1);
      w.in_array = 1;
    }
    if (at != g->x) {
      if (w.in_string)
        lf_buf_put(w.out, ")", 1);
      w.in_string = 0;
      /* TJ moves the pen left by a number in thousandths of an em,
       * written exactly (to five decimals): pdftotext tells a word's
       * zero-width joiners from a gap by exact positions */
      lf_pdf_buf_number(w.out, (long)((at - g->x) * (LF_PDF_FIXED_ONE / 1000)));
    }
    if (w.in_string == CODES_PER_STRING) {
      lf_buf_str(w.out, ")(");
      w.in_string = 0;
    }
    if (!w.in_string)
      lf_buf_put(w.out, "(", 1);
    w.in_string++;
    put_code(w.out, g->code);
    at = g->x + (int64_t)g->width * 1000;
  }
  tj_close(&w);
  if (span)
    lf_buf_str(w.out, "EMC\n");
}

/*
 * 'end_text()' - Close the open text object, if any.
 */
static void end_text(lf_pdf_painter *p) {
  if (p->state.in_text)
    lf_buf_str(&p->content, "ET\n");
  p->state.in_text = 0;
}

/*
 * 'draw_text()' - Show a text item at its baseline start: in the open text
 * object when the item before was text of the same element (moved to by
 * Td from the last start, in exact fixed-point steps), else in a new one
 * after its element's marked content opens; colour, font and size when
 * they change, then the glyphs, and the rise back to 0 if a glyph
 * changed it.
 */
static int draw_text(lf_pdf_painter *p, lf_pdf_obj *page, size_t page_index,
                     const lf_item *item) {
  if (!item->glyph_count)
    return 0;
  int index = p->fonts->face_font[item->face];
  const lf_pdf_font *font = &p->fonts->fonts[index];
  lf_pdf_state *state = &p->state;
  lf_buf *out = &p->content;

  if (lf_pdf_glyphs_of(p->fonts, index, item, p->doc, &p->drawing))
    return -1;
  long at[2] = {lf_pdf_place(item->x), lf_pdf_place(item->y)};
  if (!state->in_text || state->text_element != item->element) {
    end_text(p);
    if (lf_pdf_tags_open(p->tags, out, page, page_index, item))
      return -1;
    lf_buf_str(out, "BT\n");
    state->in_text = 1;
    state->text_element = item->element;
    state->text_x = state->text_y = 0;
  }
  put_colour(p, item->colour, 0);
  long size = lf_pdf_fixed(item->size);
  if (state->font != index || state->font_size != size) {
    lf_pdf_buf_name(out, font->resource);
    lf_buf_put(out, " ", 1);
    put_numbers(out, &size, 1, "Tf\n");
    state->font = index;
    state->font_size = size;
  }
  long move[2] = {at[0] - state->text_x, at[1] - state->text_y};
  put_numbers(out, move, 2, "Td\n");
  state->text_x = at[0];
  state->text_y = at[1];
  show_glyphs(p, item);
  if (state->rise) {
    lf_buf_str(out, "0 Ts\n");
    state->rise = 0;
  }
  return 0;
}

/*
 * 'draw_rect()' - Fill and/or stroke a rectangle.
 */
static int draw_rect(lf_pdf_painter *p, lf_pdf_obj *page, size_t page_index,
                     const lf_item *item) {
  if (!item->filled && !item->stroked)
    return 0;
  if (lf_pdf_tags_open(p->tags, &p->content, page, page_index, item))
    return -1;
  if (item->filled)
    put_colour(p, item->fill, 0);
  if (item->stroked) {
    put_colour(p, item->colour, 1);
    put_line_width(p, item->line_width);
  }
  long box[4];
  place_box(box, item->x, item->y, item->w, item->h);
  put_numbers(&p->content, box, 4,
              item->filled && item->stroked ? "re\nB\n"
              : item->filled                ? "re\nf\n"
                                            : "re\nS\n");
  return 0;
}

/*
 * 'draw_line()' - Stroke a line from (x, y) to (x2, y2).
 */
static int draw_line(lf_pdf_painter *p, lf_pdf_obj *page, size_t page_index,
                     const lf_item *item) {
  if (lf_pdf_tags_open(p->tags, &p->content, page, page_index, item))
    return -1;
  put_colour(p, item->colour, 1);
  put_line_width(p, item->line_width);
  long from[2] = {lf_pdf_place(item->x), lf_pdf_place(item->y)};
  long to[2] = {lf_pdf_place(item->x2), lf_pdf_place(item->y2)};
  put_numbers(&p->content, from, 2, "m\n");
  put_numbers(&p->content, to, 2, "l\nS\n");
  return 0;
}

/*
 * 'draw_image()' - A picture filling the item's rectangle: its XObject
 * (made the first time the document shows it) scaled there.
 */
static int draw_image(lf_pdf_painter *p, lf_pdf_obj *page, size_t page_index,
                      const lf_item *item) {
  if (!p->images)
    return lf_pdf_fail(p->doc, "a picture where none may be drawn");
  const char *name = lf_pdf_images_use(p->images, p->doc, item->image);
  if (!name)
    return -1;
  if (lf_pdf_tags_open(p->tags, &p->content, page, page_index, item))
    return -1;
  /* a picture fills the unit square, a drawing its viewBox at the origin */
  const lf_drawing *drawing = item->image->drawing;
  double sx = drawing ? item->w / drawing->view[2] : item->w;
  double sy = drawing ? item->h / drawing->view[3] : item->h;
  long m[6] = {lf_pdf_fixed(sx), 0, 0, lf_pdf_fixed(sy), lf_pdf_place(item->x),
               lf_pdf_place(item->y)};
  lf_buf_str(&p->content, "q\n");
  put_numbers(&p->content, m, 6, "cm\n");
  lf_pdf_buf_name(&p->content, name);
  lf_buf_str(&p->content, " Do\nQ\n");
  return 0;
}

/*
 * 'draw_rects()' - Rectangles filled as one shape (no seam where two
 * touch), each placed from the item's (x, y).
 */
static int draw_rects(lf_pdf_painter *p, lf_pdf_obj *page, size_t page_index,
                      const lf_item *item) {
  if (!item->rect_count)
    return 0;
  if (lf_pdf_tags_open(p->tags, &p->content, page, page_index, item))
    return -1;
  put_colour(p, item->colour, 0);
  for (size_t r = 0; r < item->rect_count; r++) {
    const lf_rect *rect = &item->rects[r];
    long box[4];
    place_box(box, item->x + rect->x, item->y + rect->y, rect->w, rect->h);
    put_numbers(&p->content, box, 4, "re\n");
  }
  lf_buf_str(&p->content, "f\n");
  return 0;
}

/*
 * 'draw_link()' - A URI link annotation over the item's area: no border,
 * printable (/F 4), with /Contents naming the target for assistive
 * technology, and tied to its Link structure element.
 */
static int draw_link(lf_pdf_painter *p, lf_pdf_obj *page, size_t page_index,
                     const lf_item *item) {
  lf_pdf_doc *doc = p->doc;
  const lf_display *d = p->display;
  lf_pdf_obj *annot = lf_pdf_add_uri_link(doc, page, item->x, item->y,
                                          item->x + item->w, item->y + item->h,
                                          item->uri);
  if (!annot || lf_pdf_failed(doc))
    return lf_pdf_fail(doc, "adding a link on page %zu", page_index + 1);
  lf_pdf_dict_int(annot, "F", 4);

  const char *alt = item->element >= 0 ? d->elements[item->element].alt : NULL;
  char *contents = NULL;
  if (!alt || !alt[0]) {
    size_t n = strlen(item->uri) + sizeof "Link to ";
    contents = malloc(n);
    if (!contents)
      return lf_pdf_fail(doc, "out of memory");
    snprintf(contents, n, "Link to %s", item->uri);
    alt = contents;
  }
  lf_pdf_dict_put(annot, "Contents", lf_pdf_text(doc, alt));
  free(contents);
  lf_pdf_dict_name(page, "Tabs", "S");
  if (lf_pdf_failed(doc))
    return lf_pdf_fail(doc, "adding a link on page %zu", page_index + 1);
  return lf_pdf_tags_link(p->tags, page, page_index, item, annot);
}

/*
 * 'lf_pdf_draw_page()' - Add a page, sharing the document's /Resources,
 * and draw its items in order into its content stream.  Each page starts
 * from PDF's initial graphics state: black, 1 pt lines, no font.
 */
lf_pdf_obj *lf_pdf_draw_page(lf_pdf_painter *p, size_t page_index) {
  lf_pdf_doc *doc = p->doc;
  const lf_display *d = p->display;
  const lf_page *src = &d->pages[page_index];

  lf_pdf_obj *page = lf_pdf_add_page(doc, d->page_width, d->page_height);
  if (!page || lf_pdf_failed(doc)) {
    lf_pdf_fail(doc, "adding page %zu", page_index + 1);
    return NULL;
  }
  lf_pdf_dict_put(page, "Resources", p->resources);
  p->state = (lf_pdf_state){-1, -1, 0x000000, 0x000000, LF_PDF_FIXED_ONE, 0, 0, -1, 0, 0};
  p->content.length = 0;

  for (size_t i = 0; i < src->count; i++) {
    const lf_item *item = &src->items[i];
    int rc = 0;
    if (item->kind != LF_ITEM_TEXT)
      end_text(p);
    switch (item->kind) {
    case LF_ITEM_TEXT:
      rc = draw_text(p, page, page_index, item);
      break;
    case LF_ITEM_RECT:
      rc = draw_rect(p, page, page_index, item);
      break;
    case LF_ITEM_LINE:
      rc = draw_line(p, page, page_index, item);
      break;
    case LF_ITEM_LINK:
      rc = draw_link(p, page, page_index, item);
      break;
    case LF_ITEM_IMAGE:
      rc = draw_image(p, page, page_index, item);
      break;
    case LF_ITEM_RECTS:
      rc = draw_rects(p, page, page_index, item);
      break;
    }
    if (rc)
      return NULL;
  }
  end_text(p);
  lf_pdf_tags_end_page(p->tags, &p->content);
  if (p->content.failed) {
    lf_pdf_fail(doc, "out of memory");
    return NULL;
  }
  if (p->content.length &&
      lf_pdf_page_content(page, p->content.data, p->content.length)) {
    lf_pdf_fail(doc, "writing page %zu", page_index + 1);
    return NULL;
  }
  if (lf_pdf_failed(doc)) {
    lf_pdf_fail(doc, "page %zu", page_index + 1);
    return NULL;
  }
  return page;
}

/*
 * 'lf_pdf_draw_pages()' - Draw the pages one by one, hashing each one's
 * content while it is still in the painter's buffer.
 */
int lf_pdf_draw_pages(lf_pdf_painter *p, lf_pdf_obj **pages,
                      lf_pdf_id_hash *id) {
  for (size_t i = 0; i < p->display->page_count; i++) {
    if (!(pages[i] = lf_pdf_draw_page(p, i)))
      return -1;
    lf_pdf_id_page(id, p->content.data, p->content.length);
  }
  return 0;
}

/* 'lf_pdf_painter_free()' - Free the content buffer and the glyphs. */
void lf_pdf_painter_free(lf_pdf_painter *p) {
  lf_buf_free(&p->content);
  lf_pdf_drawing_free(&p->drawing);
}
