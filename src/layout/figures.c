/*
 * figures.c -- the blocks that are drawn more than written: figures, QR
 * codes, write-in spaces and label boxes, as marks in a vertical list
 * (VITEM_MARK, see vlist.h) with their words set by blocks.c.  Each is
 * kept together on one page.
 *
 * Figures.  A picture is set at its own size (its pixels at the
 * resolution its file states, else at DEFAULT_PPI), or at the share of
 * the measure its 'width' gives, never wider than the measure nor taller
 * than a page, flush left like the text.  Tagged as a Figure with its alt
 * text (its BBox is filled in where the page breaker places it); a
 * decorative picture is an artifact.  Its caption follows it, kept with
 * it, as a Caption.
 *
 * QR codes.  Error correction level M, modules of at least 0.5 mm (0.75
 * mm at 12 pt, growing with the body size, so that a phone reads it at
 * arm's length in large print too), drawn as filled rectangles (one shape,
 * so no hairline shows between modules), with a quiet zone of four
 * modules, and the address printed beside it in body type (below it when
 * the line beside would be narrower than eight ems).  Tagged as a Figure
 * whose alt names the address, inside a Link whose annotation covers it.
 *
 * Write-in spaces.  The label, then ruled lines to write on, spaced for
 * handwriting: 8 mm apart at a 12 pt body or smaller, more in proportion
 * to the body size (12 mm at 18 pt, 16 mm at 24 pt), since a reader who
 * needs large print writes large too.  Label box: 70 x 37 mm, the size of
 * a hospital's patient label, outlined, with the words "Patient label"
 * inside.  Lines and outlines are artifacts; the words are text, in
 * paragraphs of the roles WriteIn and PatientLabel (mapped to P).
 */
#include <math.h>
#include <string.h>

#include <qrencode.h>

#include "leaflet/drawing.h"
#include "vlist.h"

#define MM (72.0 / 25.4)

/* A picture's resolution when its file states none: sharp in print. */
#define DEFAULT_PPI 150.0
#define MAX_PPI 10000.0 /* finer than any scanner or printer: a resolution no file means */

/*
 * 'new_element()' - A structure element in 'lang' (lf_layout_element()).
 */
static int new_element(lf_table_env *env, lf_element_type type, int parent,
                       const char *lang) {
  return lf_layout_element(env->arena, env->display, type, parent, NULL, lang);
}

/*
 * 'push()' - Append an item kept with the one before it ('keep'); NULL
 * after reporting when out of memory.
 */
static vitem *push(lf_table_env *env, vlist *out, vitem_kind kind, double height, int keep,
                   lf_pos pos) {
  vitem *it = lf_vlist_push(env->arena, out, kind, height);
  if (!it)
    lf_error(env->diags, pos, "out of memory");
  else
    it->keep_before = keep;
  return it;
}

/*
 * 'set_mark()' - Give mark item 'it' a copy of 'mark' in the arena;
 * returns 0, or -1 after reporting when out of memory.
 */
static int set_mark(lf_table_env *env, vitem *it, lf_item mark, lf_pos pos) {
  lf_item *copy = lf_arena_alloc(env->arena, sizeof *copy);
  if (!copy) {
    lf_error(env->diags, pos, "out of memory");
    return -1;
  }
  *copy = mark;
  it->mark = copy;
  return 0;
}

/*
 * 'space()' - Room inside a block, kept with what comes before: a mark
 * that draws nothing (a gap would be dropped at a page's head and merged
 * with the gap after the block).
 */
static vitem *space(lf_table_env *env, vlist *out, double height, lf_pos pos) {
  return push(env, out, VITEM_MARK, height, 1, pos); /* no mark: nothing drawn */
}

/*
 * 'set_words()' - One paragraph of 'text', a new P under 'parent' (with
 * the custom 'role', or NULL: "WriteIn" for a write-in space's label,
 * "PatientLabel" for a label box's words, each mapped to P), from 'left',
 * 'width' wide, every line kept with what comes before.  Returns the
 * height added, or -1.
 */
static double set_words(lf_table_env *env, const lf_inline *text, lf_pos pos, int parent,
                        const char *lang, double left, double width, vlist *out,
                        const char *role) {
  int el = new_element(env, LF_EL_P, parent, lang);
  if (el >= 0)
    env->display->elements[el].role = role;
  lf_block para = {.kind = LF_BLOCK_PARAGRAPH, .pos = pos, .text = *text};
  lf_blocks one = {&para, 1};
  size_t first = out->count;
  lf_cell_request req = {.blocks = &one, .element = el, .left = left, .width = width,
                         .lang = lang, .into = out, .label_element = -1};
  if (el < 0 || env->set_cell(env->owner, &req) != 0)
    return -1;
  double h = 0;
  for (size_t k = first; k < out->count; k++) {
    h += out->items[k].height;
    out->items[k].keep_before = 1;
  }
  return h;
}

/*
 * 'keep_all()' - Keep items from 'first' on with the ones before them.
 */
static void keep_all(vlist *out, size_t first) {
  for (size_t k = first; k < out->count; k++)
    out->items[k].keep_before = 1;
}

/*
 * 'lf_build_figure()' - A picture, scaled, then its caption.
 */
int lf_build_figure(lf_table_env *env, const lf_block *blk, double left, double width,
                    int parent, const char *lang, vlist *out) {
  const lf_figure *f = blk->figure;
  const lf_image *img = f->image;
  double w, h;
  if (img->drawing) {
    /* a drawing's size is its own, in pt */
    w = img->drawing->width;
    h = img->drawing->height;
  } else {
    /* the file's resolution where it is one a picture could have (a pHYs of
     * 10^8 pixels an inch placed the picture at nothing), else DEFAULT_PPI */
    double ppi_x = img->ppi_x > 1 && img->ppi_x <= MAX_PPI ? img->ppi_x : DEFAULT_PPI;
    double ppi_y = img->ppi_y > 1 && img->ppi_y <= MAX_PPI ? img->ppi_y : ppi_x;
    if (ppi_x / ppi_y > 100 || ppi_y / ppi_x > 100)
      ppi_x = ppi_y = DEFAULT_PPI;
    w = img->width / ppi_x * 72;
    h = img->height / ppi_y * 72;
  }
  double aspect = h / w;
  if (f->width > 0)
    w = width * f->width;
  else if (w > width)
    w = width;
  h = w * aspect;
  /* a caption's few lines stay on the page with it */
  double room = env->page_room - 4 * env->format->body_size * env->format->line_spacing;
  if (room < env->page_room / 2)
    room = env->page_room / 2;
  if (h > room) {
    h = room;
    w = h / aspect;
  }
  int fig = -1;
  if (!f->decorative) {
    fig = new_element(env, LF_EL_FIGURE, parent, lang);
    if (fig < 0) {
      lf_error(env->diags, blk->pos, "out of memory");
      return -1;
    }
    env->display->elements[fig].alt = f->alt;
  }
  size_t first = out->count;
  vitem *it = push(env, out, VITEM_MARK, h, 0, blk->pos);
  if (!it)
    return -1;
  if (set_mark(env, it, (lf_item){.kind = LF_ITEM_IMAGE, .element = fig, .x = left, .y = -h,
                                  .w = w, .h = h, .image = img}, blk->pos) != 0)
    return -1;
  if (f->caption.count) {
    int cap = f->decorative ? new_element(env, LF_EL_P, parent, lang)
                            : new_element(env, LF_EL_CAPTION, parent, lang);
    vitem *gap = space(env, out, 0.4 * env->format->body_size, blk->pos);
    lf_block para = {.kind = LF_BLOCK_PARAGRAPH, .pos = blk->pos, .text = f->caption};
    lf_blocks one = {&para, 1};
    lf_cell_request req = {.blocks = &one, .element = cap, .left = left, .width = width,
                           .lang = lang, .into = out, .label_element = -1};
    if (cap < 0 || !gap || env->set_cell(env->owner, &req) != 0)
      return -1;
  }
  keep_all(out, first + 1);
  return 0;
}

/*
 * 'lf_build_qr()' - The code's modules, its link, and the address beside.
 */
int lf_build_qr(lf_table_env *env, const lf_block *blk, double left, double width,
                int parent, const char *lang, vlist *out) {
  const lf_format *s = env->format;
  QRcode *qr = QRcode_encodeString(blk->href, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (!qr) {
    lf_error(env->diags, blk->pos, "cannot make a QR code of '%s' (expected a web address "
             "of at most a few hundred characters)", blk->href);
    return -1;
  }
  int n = qr->width;
  double module = 0.75 * MM * (s->body_size > 12 ? s->body_size / 12 : 1);
  if ((n + 8) * module > width)
    module = width / (n + 8);
  if (module < 0.5 * MM - 1e-9) {
    lf_error(env->diags, blk->pos, "the QR code of '%s' is too big for the line: %d modules "
             "across, each under 0.5 mm (expected a shorter address)", blk->href, n);
    QRcode_free(qr);
    return -1;
  }
  double side = n * module, full = (n + 8) * module, quiet = 4 * module;
  /* each row's runs of dark modules, one rectangle each */
  size_t count = 0;
  for (int y = 0; y < n; y++)
    for (int x = 0; x < n; x++)
      if ((qr->data[y * n + x] & 1) && (x == 0 || !(qr->data[y * n + x - 1] & 1)))
        count++;
  lf_rect *rects = lf_arena_array(env->arena, count ? count : 1, sizeof *rects);
  if (!rects) {
    QRcode_free(qr);
    lf_error(env->diags, blk->pos, "out of memory");
    return -1;
  }
  size_t k = 0;
  for (int y = 0; y < n; y++)
    for (int x = 0; x < n;) {
      if (!(qr->data[y * n + x] & 1)) {
        x++;
        continue;
      }
      int run = x;
      while (run < n && (qr->data[y * n + run] & 1))
        run++;
      rects[k++] = (lf_rect){x * module, (n - 1 - y) * module, (run - x) * module, module};
      x = run;
    }
  QRcode_free(qr);
  int link = new_element(env, LF_EL_LINK, parent, lang);
  int fig = link >= 0 ? new_element(env, LF_EL_FIGURE, link, lang) : -1;
  if (fig < 0) {
    lf_error(env->diags, blk->pos, "out of memory");
    return -1;
  }
  lf_display *d = env->display;
  d->elements[link].alt = lf_words_link(env->arena, env->words, LF_WORD_LINK, blk->href);
  d->elements[fig].alt = lf_words_link(env->arena, env->words, LF_WORD_QR_CODE, blk->href);
  size_t first = out->count;
  vitem *code = push(env, out, VITEM_MARK, 0, 0, blk->pos);
  vitem *area = push(env, out, VITEM_MARK, 0, 1, blk->pos);
  if (!code || !area)
    return -1;
  if (set_mark(env, &out->items[first],
               (lf_item){.kind = LF_ITEM_RECTS, .element = fig, .x = left + quiet,
                         .y = -quiet - side, .w = side, .h = side, .colour = s->text_colour,
                         .rects = rects, .rect_count = k}, blk->pos) != 0 ||
      set_mark(env, &out->items[first + 1],
               (lf_item){.kind = LF_ITEM_LINK, .element = link, .x = left + quiet,
                         .y = -quiet - side, .w = side, .h = side, .uri = blk->href},
               blk->pos) != 0)
    return -1;
  /* the address: beside the code, or under it on a narrow line */
  double gap = s->body_size;
  int beside = width - full - gap >= 8 * s->body_size;
  double text_left = beside ? left + full + gap : left;
  double text_width = beside ? width - full - gap : width;
  if (beside) {
    if (!space(env, out, quiet, blk->pos))
      return -1;
  } else if (!space(env, out, full, blk->pos)) {
    return -1;
  }
  lf_run *runs = lf_arena_array(env->arena, blk->text.count + 2, sizeof *runs);
  if (!runs)
    return -1;
  lf_inline words = {runs, 0};
  for (size_t i = 0; i < blk->text.count; i++)
    runs[words.count++] = blk->text.runs[i];
  if (blk->text.count)
    runs[words.count++] = (lf_run){.text = " ", .len = 1};
  runs[words.count++] = (lf_run){.text = blk->href, .len = strlen(blk->href),
                                 .style = LF_RUN_LINK, .href = blk->href};
  double h = set_words(env, &words, blk->pos, parent, lang, text_left, text_width, out, NULL);
  if (h < 0)
    return -1;
  if (beside && quiet + h < full && !space(env, out, full - quiet - h, blk->pos))
    return -1;
  keep_all(out, first + 1);
  return 0;
}

/*
 * 'lf_build_write_in()' - The label, then the ruled lines.
 */
int lf_build_write_in(lf_table_env *env, const lf_block *blk, double left, double width,
                      int parent, const char *lang, vlist *out) {
  const lf_format *s = env->format;
  size_t first = out->count;
  if (set_words(env, &blk->text, blk->pos, parent, lang, left, width, out, "WriteIn") < 0)
    return -1;
  double spacing = 8 * MM * (s->body_size > 12 ? s->body_size / 12 : 1);
  for (int i = 0; i < blk->lines; i++) {
    vitem *it = push(env, out, VITEM_MARK, spacing, 1, blk->pos);
    if (!it)
      return -1;
    if (set_mark(env, it, (lf_item){.kind = LF_ITEM_LINE, .element = -1, .x = left,
                                    .y = -spacing, .x2 = left + width, .y2 = -spacing,
                                    .colour = 0x595959, .line_width = s->body_size / 20},
                 blk->pos) != 0)
      return -1;
  }
  /* at a page's foot, room under the last line for the handwriting's
   * tails: with the footer's rule about a body size below the text, the
   * last line then stands further from the rule than the lines from one
   * another (it stood closer, and the rule read as one more line to write
   * on).  Asked of the page breaker only where the space ends a page: a
   * gap after it in the text cost pages (a whole sheet of the standard
   * A5 booklet), and a kept gap joined the next block's and stopped the
   * page breaking there. */
  if (blk->lines > 0)
    out->items[out->count - 1].room_below = 0.6 * spacing;
  out->items[first].keep_before = 0;
  return 0;
}

/*
 * 'least_width()' - The narrowest measure that sets 'text' without
 * splitting a word (its widest word), or -1 after reporting.  The cell is
 * set under no element, into a list of its own that is dropped.
 */
static double least_width(lf_table_env *env, const lf_inline *text, lf_pos pos,
                          const char *lang) {
  size_t elements = env->display->element_count;
  lf_block para = {.kind = LF_BLOCK_PARAGRAPH, .pos = pos, .text = *text};
  lf_blocks one = {&para, 1};
  vlist scratch = {0};
  lf_cell_request req = {.blocks = &one, .element = -1, .left = 0, .width = 1e6,
                         .lang = lang, .into = &scratch, .label_element = -1};
  int rc = env->set_cell(env->owner, &req);
  env->display->element_count = elements;
  return rc == 0 ? req.min_width : -1;
}

/*
 * 'lf_build_label_box()' - The outline, and "Patient label" inside it.
 * The box is a patient label's size, 70 x 37 mm, or larger where its
 * words need more at a large print size (wider for their widest word, as
 * wide as the line at most; taller for their lines): the words stay
 * inside it, and a label still fits.
 */
int lf_build_label_box(lf_table_env *env, const lf_block *blk, double left, double width,
                       int parent, const char *lang, vlist *out) {
  const lf_format *s = env->format;
  double w = 70 * MM, h = 37 * MM, line = s->rule_width > 1 ? s->rule_width / 1.5 : 1;
  if (w > width) {
    lf_error(env->diags, blk->pos, "a label box, 70 mm wide, does not fit the line here "
             "(%.0f mm; expected it outside lists and boxes)", width / MM);
    return -1;
  }
  double pad = 0.5 * s->body_size;
  const char *label = env->words->text[LF_WORD_PATIENT_LABEL];
  lf_run run = {.text = label, .len = strlen(label)};
  lf_inline words = {&run, 1};
  const char *tag = lf_words_tag(env->words);
  const char *words_lang = tag ? tag : lang;
  double least = least_width(env, &words, blk->pos, words_lang);
  if (least < 0)
    return -1;
  if (least + 2 * (pad + line) > w)
    w = fmin(width, least + 2 * (pad + line));
  size_t first = out->count;
  if (!push(env, out, VITEM_MARK, 0, 0, blk->pos) || !space(env, out, pad, blk->pos))
    return -1;
  double text = set_words(env, &words, blk->pos, parent, words_lang, left + pad + line,
                          w - 2 * (pad + line), out, "PatientLabel");
  if (text < 0)
    return -1;
  if (2 * pad + text > h)
    h = 2 * pad + text;
  if (!space(env, out, h - pad - text, blk->pos))
    return -1;
  keep_all(out, first + 1);
  /* the outline, now that the words have said how large it is */
  return set_mark(env, &out->items[first],
                  (lf_item){.kind = LF_ITEM_RECT, .element = -1, .x = left + line / 2,
                            .y = -h + line / 2, .w = w - line, .h = h - line, .stroked = 1,
                            .colour = s->text_colour, .line_width = line},
                  blk->pos);
}
