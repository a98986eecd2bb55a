/*
 * table.c -- the table layout: a table block to rows of a vertical list
 * (see vlist.h), which the page breaker (pages.c) places and draws.
 *
 * Columns.  Every cell is first set on a line no text reaches (through
 * blocks.c, as env->set_cell), which tells its natural width (its widest
 * line unbroken) and its least width (its widest word).  The table takes
 * the whole measure.  Widths the table gives share it in proportion; else
 * each column gets the least width its cells need and the room left is
 * shared in proportion to what each would take more, as browsers do
 * (lf_table_fit_columns()).
 *
 * Stacking.  Type never shrinks to make a table fit: a table whose
 * columns cannot all have their least width is set as a stacked list
 * instead, whatever the print size.  A column's least width is its widest
 * word, or eight ems (about sixteen characters) when its content is wider
 * than that: narrower, its lines would be two or three words long (widths
 * the table gives are the author's choice: only its widest word).  Each
 * body row a ruled block of its own, each cell a line "Header: value"
 * with the header in bold.  The structure still says Table: a TBody for
 * each row, and in it a TR for each cell holding the header as a TH of
 * scope Row and the value as a TD.
 *
 * A table in a language written right to left has its first column on
 * the right.
 *
 * Rows.  Cells are padded (half an em across, a quarter down) and ruled
 * all round (a sixteenth of the body size, at least half a point, in the
 * text colour; twice that under the header rows); header cells, and the
 * first cell of each row when the table has row headers, are bold.  A row
 * on a colour (its 'fill') must keep 7:1 contrast with the text and link
 * colours (lf_check_fills(), colour.h), else it is an error at the
 * colour's place.  The caption is a
 * bold line above the table, kept with its header rows; the header rows
 * are kept with the first body row, so that they never stand alone at a
 * page's foot, and are drawn again at the head of every page the table
 * goes on to.  A row is never split across pages unless it is taller than
 * a page (less its header rows): then it is cut into parts at lines of
 * its cells.
 */
#include <math.h>
#include <string.h>

#include "leaflet/colour.h"
#include "leaflet/language.h"
#include "vlist.h"

/* How one table is being laid out. */
typedef struct table_layout {
  lf_table_env *env;
  const lf_block *blk;
  const lf_table *t;
  double left, width;      /* the frame */
  const char *lang;
  vlist *out;
  double pad_x, pad_y, rule;
  vtable *shape;           /* what its rows share */
  size_t first_row;        /* out->items index of its first row */
  int failed;
} table_layout;

/* ---- columns ------------------------------------------------------------- */

/*
 * 'lf_table_fit_columns()' - Share the measure out (see vlist.h).
 */
int lf_table_fit_columns(size_t n, const double *min, const double *max, const double *given,
                         double measure, double *out) {
  if (n == 0)
    return -1;
  if (given) {
    double sum = 0;
    for (size_t i = 0; i < n; i++)
      sum += given[i];
    for (size_t i = 0; i < n; i++) {
      out[i] = measure * given[i] / sum;
      if (out[i] < min[i] - 1e-6)
        return -1;
    }
    return 0;
  }
  double least = 0, natural = 0;
  for (size_t i = 0; i < n; i++) {
    least += min[i];
    natural += max[i] > min[i] ? max[i] : min[i];
  }
  if (least > measure + 1e-6)
    return -1;
  if (natural <= measure) {
    /* every column unbroken, and the room left shared by width */
    for (size_t i = 0; i < n; i++) {
      double w = max[i] > min[i] ? max[i] : min[i];
      out[i] = natural > 0 ? w + (measure - natural) * w / natural : measure / (double)n;
    }
    return 0;
  }
  /* a column whose content fits its fair share of what is left is set
   * unbroken ("Day 10" stays on one line); the others share the rest */
  for (size_t i = 0; i < n; i++)
    out[i] = -1;
  double left = measure;
  size_t open = n;
  for (int changed = 1; changed && open > 1;) {
    changed = 0;
    double share = left / (double)open;
    for (size_t i = 0; i < n; i++) {
      double w = max[i] > min[i] ? max[i] : min[i];
      if (out[i] < 0 && w <= share && open > 1) {
        out[i] = w;
        left -= w;
        open--;
        changed = 1;
      }
    }
  }
  double least_open = 0, more_open = 0;
  for (size_t i = 0; i < n; i++)
    if (out[i] < 0) {
      least_open += min[i];
      more_open += max[i] > min[i] ? max[i] - min[i] : 0;
    }
  if (least_open > left + 1e-6) {
    /* the fair shares took too much: every column from its least */
    for (size_t i = 0; i < n; i++)
      out[i] = -1;
    left = measure;
    least_open = least;
    more_open = 0;
    for (size_t i = 0; i < n; i++)
      more_open += max[i] > min[i] ? max[i] - min[i] : 0;
  }
  double room = left - least_open;
  for (size_t i = 0; i < n; i++)
    if (out[i] < 0) {
      double want = max[i] > min[i] ? max[i] - min[i] : 0;
      out[i] = min[i] + (more_open > 0 ? room * want / more_open : 0);
    }
  return 0;
}

/* ---- cells --------------------------------------------------------------- */

/*
 * 'element()' - A structure element of the table in its language; -1
 * (failed) when out of memory.
 */
static int element(table_layout *tl, lf_element_type type, int parent) {
  int e = lf_layout_element(tl->env->arena, tl->env->display, type, parent, NULL, tl->lang);
  if (e < 0)
    tl->failed = 1;
  return e;
}

/*
 * 'is_head()' - Whether cell 'c' of row 'r' heads others: in a header row,
 * or first in a body row of a table with row headers.
 */
static int is_head(const lf_table *t, size_t r, size_t c) {
  return r < t->header_rows || (c == 0 && t->row_headers);
}

/*
 * 'set_cell()' - Set a cell's blocks through blocks.c into 'into'.
 */
static int set_cell(table_layout *tl, const lf_blocks *blocks, int el, int bold,
                    const lf_inline *label, int label_el, double left, double width,
                    vlist *into, double *min, double *natural) {
  lf_cell_request req = {.blocks = blocks, .element = el, .bold = bold, .label = label,
                         .label_element = label_el, .left = left, .width = width,
                         .lang = tl->lang, .into = into};
  if (tl->env->set_cell(tl->env->owner, &req) != 0) {
    tl->failed = 1;
    return -1;
  }
  if (min)
    *min = req.min_width;
  if (natural)
    *natural = req.natural_width;
  return 0;
}

/*
 * 'content_height()' - The height of a cell's items.
 */
static double content_height(const vitem *items, size_t count) {
  double h = 0;
  for (size_t i = 0; i < count; i++)
    h += items[i].height;
  return h;
}

/*
 * 'measure_columns()' - Each column's least and natural width, padding
 * and rules included, from every cell set unbroken.  The structure
 * elements this makes are dropped again; the cells are set under no
 * element (-1), so that nothing a cell says of itself (its language)
 * lands on an element that stays.
 */
static int measure_columns(table_layout *tl, double *min, double *max) {
  lf_display *d = tl->env->display;
  size_t elements = d->element_count;
  double frame = 1e6;
  for (size_t c = 0; c < tl->t->columns; c++)
    min[c] = max[c] = 0;
  for (size_t r = 0; r < tl->t->row_count && !tl->failed; r++)
    for (size_t c = 0; c < tl->t->columns; c++) {
      vlist scratch = {0};
      double least = 0, natural = 0;
      if (set_cell(tl, &tl->t->rows[r].cells[c], -1, is_head(tl->t, r, c), NULL, -1, 0, frame,
                   &scratch, &least, &natural) != 0)
        return -1;
      double extra = 2 * tl->pad_x + tl->rule;
      if (least + extra > min[c])
        min[c] = least + extra;
      if (natural + extra > max[c])
        max[c] = natural + extra;
    }
  d->element_count = elements;
  return tl->failed ? -1 : 0;
}

/* ---- rows ---------------------------------------------------------------- */

/*
 * 'push_row()' - A row item holding 'row', 'height' tall; NULL (failed)
 * when out of memory.
 */
static vitem *push_row(table_layout *tl, vrow *row, double height) {
  vitem *it = lf_vlist_push(tl->env->arena, tl->out, VITEM_ROW, height);
  if (!it) {
    tl->failed = 1;
    return NULL;
  }
  it->row = row;
  return it;
}

/*
 * 'new_row()' - An empty row of 'count' cells.
 */
static vrow *new_row(table_layout *tl, size_t count) {
  vrow *row = lf_arena_alloc(tl->env->arena, sizeof *row);
  vcell *cells = lf_arena_array(tl->env->arena, count, sizeof *cells);
  if (!row || !cells) {
    tl->failed = 1;
    return NULL;
  }
  row->table = tl->shape;
  row->cells = cells;
  row->count = count;
  row->pad = row->pad_below = tl->pad_y;
  row->bottom_rule = tl->rule;
  return row;
}

/*
 * 'row_height()' - The tallest cell, padded.
 */
static double row_height(const vrow *row) {
  double tallest = 0;
  for (size_t c = 0; c < row->count; c++) {
    double h = content_height(row->cells[c].items, row->cells[c].count);
    if (h > tallest)
      tallest = h;
  }
  return tallest + row->pad + row->pad_below;
}

/*
 * 'lines_in()' - The lines of text in a one-cell row.
 */
static size_t lines_in(const vrow *row) {
  size_t n = 0;
  for (size_t k = 0; k < row->cells[0].count; k++)
    n += row->cells[0].items[k].kind == VITEM_LINE;
  return n;
}

/*
 * 'add_slices()' - A one-cell row (a stacked table's) taller than a page,
 * as slices the page breaker may part wherever the cell's own text may
 * break: between its fields, and inside a paragraph but not before its
 * second or last line.  Slices follow one another on a page as one row
 * (no rule or padding between them); a page that ends inside the row
 * closes it with its rule.  Cut at a whole page's room before, a row's
 * first part went to a new page and left the page before half empty, and
 * its last could be one line alone ("skin (subcutaneously)." at 38 pt).
 */
static void add_slices(table_layout *tl, vrow *row, int keep) {
  const vcell *from = &row->cells[0];
  size_t k = 0, first = tl->out->count;
  while (k < from->count) {
    size_t end = k + 1;
    /* to the next place a page may break: an item that is not kept with
     * the one before it, with a gap before it left at this slice's foot */
    while (end < from->count &&
           (from->items[end].keep_before || from->items[end].kind == VITEM_GAP))
      end++;
    vrow *slice = new_row(tl, 1);
    if (!slice)
      return;
    *slice = (vrow){.table = row->table, .cells = slice->cells, .count = 1,
                    .header = row->header, .filled = row->filled, .fill = row->fill,
                    .pad = k == 0 ? row->pad : 0, .pad_below = end == from->count ? row->pad : 0,
                    .bottom_rule = row->bottom_rule, .open_below = end < from->count};
    slice->cells[0] = (vcell){.x = from->x, .width = from->width, .items = from->items + k,
                              .count = end - k};
    vitem *it = push_row(tl, slice, row_height(slice));
    if (!it)
      return;
    it->keep_before = k == 0 ? keep : 0;
    k = end;
  }
  /* a slice of one line is not left alone at either end of the row: the
   * row's first field ("Drug: Sunitinib", which says what the row is)
   * stays with what follows it, and a last field of one line with what
   * comes before it */
  size_t last = tl->out->count;
  if (last - first >= 2) {
    if (lines_in(tl->out->items[first].row) == 1)
      tl->out->items[first + 1].keep_before = 1;
    if (lines_in(tl->out->items[last - 1].row) == 1)
      tl->out->items[last - 1].keep_before = 1;
  }
}

/*
 * 'add_row()' - Append a row, cut into parts no taller than 'limit' when
 * it is taller: each cell's items shared out at its own lines (a gap that
 * would open a part is left out).  The first part (or the whole row) is
 * kept with what comes before when 'keep', so it is cut at half the limit
 * (room for the header rows, a caption and a heading above it on a page);
 * the parts after may start a page.
 */
static void add_row(table_layout *tl, vrow *row, double limit, int keep) {
  double height = row_height(row);
  if (height <= limit + 1e-6 || limit <= 2 * row->pad) {
    vitem *it = push_row(tl, row, height);
    if (it)
      it->keep_before = keep;
    return;
  }
  if (row->count == 1) {
    add_slices(tl, row, keep);
    return;
  }
  size_t *next = lf_arena_array(tl->env->arena, row->count, sizeof *next);
  if (!next) {
    tl->failed = 1;
    return;
  }
  for (int part = 0;; part++) {
    double room = (part == 0 && keep ? limit / 2 : limit) - row->pad - row->pad_below;
    int left = 0;
    for (size_t c = 0; c < row->count; c++) {
      while (next[c] < row->cells[c].count && row->cells[c].items[next[c]].kind == VITEM_GAP)
        next[c]++;
      left |= next[c] < row->cells[c].count;
    }
    if (!left)
      return;
    vrow *piece = new_row(tl, row->count);
    if (!piece)
      return;
    *piece = (vrow){.table = row->table, .cells = piece->cells, .count = row->count,
                    .header = row->header, .filled = row->filled, .fill = row->fill,
                    .pad = row->pad, .pad_below = row->pad_below,
                    .bottom_rule = row->bottom_rule};
    for (size_t c = 0; c < row->count; c++) {
      const vcell *from = &row->cells[c];
      size_t k = next[c];
      double used = 0;
      while (k < from->count && (used + from->items[k].height <= room + 1e-6 || k == next[c])) {
        used += from->items[k].height;
        k++;
      }
      /* not where the cell's own text may not break: a paragraph's
       * second or last line (no line alone at either side, "skin
       * (subcutaneously)." was a page of its own at 38 pt), a label's
       * line over its value's */
      size_t cut = k;
      while (cut < from->count && cut > next[c] + 1 && from->items[cut].keep_before)
        cut--;
      if (cut < from->count && from->items[cut].keep_before)
        cut = k; /* nowhere it may break: where the part is full, as before */
      k = cut;
      piece->cells[c] = (vcell){.x = from->x, .width = from->width,
                                .items = from->items + next[c], .count = k - next[c]};
      next[c] = k;
    }
    vitem *it = push_row(tl, piece, row_height(piece));
    if (!it)
      return;
    it->keep_before = part == 0 ? keep : 0;
  }
}

/*
 * 'split_limit()' - How tall a row may be before it is cut: a page's room
 * less the header rows drawn again above it.
 */
static double split_limit(const table_layout *tl) {
  return tl->env->page_room - tl->shape->header_height;
}

/*
 * 'kept_whole()' - How a table asked to be kept whole (a contact table,
 * say) keeps its rows together: firmly (1) when they and its caption take
 * half a page or less, so that a short table is never parted; softly
 * (KEEP_SOFT: they give way before a page is left more than a third
 * empty) when they fit on a page; else not at all (0), its rows breaking
 * as any table's do.
 */
static int kept_whole(const table_layout *tl, vrow *const *rows, size_t count) {
  if (!(tl->blk->keep & LF_KEEP_TOGETHER))
    return 0;
  double height = 0;
  for (size_t r = 0; r < count; r++)
    height += row_height(rows[r]);
  for (size_t k = tl->first_row; k < tl->out->count; k++)
    height += tl->out->items[k].height; /* the caption */
  return height <= tl->env->page_room / 2 ? 1 : height <= tl->env->page_room ? KEEP_SOFT : 0;
}

/*
 * 'pair_kept()' - Whether body row 'r' of 'rows' ('count' of them, the
 * body's from 'first') is held to the row before it, so that a table cut
 * across pages leaves two rows at least each side (one row of "About this
 * leaflet" stood alone on the last page; a contact table of two rows went
 * over one and one): in a table of four body rows or more, the second and
 * the last, where the two take half a page or less; in a shorter one, all
 * of them, where they take half a page or less.
 */
static int pair_kept(const table_layout *tl, vrow *const *rows, size_t first, size_t count,
                     size_t r) {
  if (r <= first || r >= count)
    return 0;
  double height = 0;
  if (count - first < 4) {
    for (size_t k = first; k < count; k++)
      height += row_height(rows[k]);
  } else if (r == first + 1 || r == count - 1) {
    height = row_height(rows[r - 1]) + row_height(rows[r]);
  } else {
    return 0;
  }
  return height <= tl->env->page_room / 2;
}

/*
 * 'caption()' - The caption, a bold line over the table, in a Caption
 * element; kept with what follows.
 */
static int caption(table_layout *tl, int table_el) {
  if (tl->t->caption.count == 0)
    return 0;
  int el = element(tl, LF_EL_CAPTION, table_el);
  lf_block para = {.kind = LF_BLOCK_PARAGRAPH, .pos = tl->blk->pos, .text = tl->t->caption};
  lf_blocks one = {&para, 1};
  if (el < 0 || set_cell(tl, &one, el, 1, NULL, -1, tl->left, tl->width, tl->out, NULL,
                         NULL) != 0)
    return -1;
  const lf_format *s = tl->env->format;
  vitem *gap = lf_vlist_push(tl->env->arena, tl->out, VITEM_GAP, 0.4 * s->body_size);
  if (!gap)
    return tl->failed = 1, -1;
  gap->keep_before = 1;
  return 0;
}

/*
 * 'build_grid()' - The table as a grid: 'widths' for its columns.
 */
static void build_grid(table_layout *tl, const double *widths, int table_el) {
  const lf_table *t = tl->t;
  double *edges = lf_arena_array(tl->env->arena, t->columns + 1, sizeof *edges);
  if (!edges) {
    tl->failed = 1;
    return;
  }
  /* a table in a language written right to left reads from the right:
   * its first column is the rightmost */
  int rtl = lf_language_is_rtl(tl->lang);
  edges[0] = tl->shape->left;
  for (size_t c = 0; c < t->columns; c++)
    edges[c + 1] = edges[c] + widths[c];
  if (rtl)
    for (size_t c = 0; c < t->columns; c++)
      edges[c] = tl->shape->right - (edges[c + 1] - tl->shape->left);
  int head_el = t->header_rows ? element(tl, LF_EL_THEAD, table_el) : -1;
  int body_el = element(tl, LF_EL_TBODY, table_el);
  vrow **rows = lf_arena_array(tl->env->arena, t->row_count, sizeof *rows);
  if (!rows || tl->failed)
    return;
  /* set every row first: the header rows' height decides where rows split */
  for (size_t r = 0; r < t->row_count && !tl->failed; r++) {
    int header = r < t->header_rows;
    int tr = element(tl, LF_EL_TR, header ? head_el : body_el);
    vrow *row = rows[r] = new_row(tl, t->columns);
    if (!row || tr < 0)
      return;
    row->header = header;
    row->filled = t->rows[r].has_fill;
    row->fill = t->rows[r].fill;
    if (header && r + 1 == t->header_rows)
      row->bottom_rule = 2 * tl->rule;
    for (size_t c = 0; c < t->columns; c++) {
      int head = is_head(t, r, c);
      int cell = element(tl, head ? LF_EL_TH : LF_EL_TD, tr);
      if (cell < 0)
        return;
      if (head)
        tl->env->display->elements[cell].scope = header ? LF_SCOPE_COLUMN : LF_SCOPE_ROW;
      vlist items = {0};
      double inset = tl->rule / 2 + tl->pad_x;
      if (set_cell(tl, &t->rows[r].cells[c], cell, head, NULL, -1, edges[c] + inset,
                   widths[c] - 2 * inset, &items, NULL, NULL) != 0)
        return;
      row->cells[c] = (vcell){.x = edges[c], .width = widths[c], .items = items.items,
                              .count = items.count};
    }
    if (header)
      tl->shape->header_height += row_height(row);
  }
  tl->shape->header_count = t->header_rows;
  tl->shape->header_first = tl->out->count;
  int whole = kept_whole(tl, rows, t->row_count);
  for (size_t r = 0; r < t->row_count && !tl->failed; r++) {
    /* the caption, header rows and first body row stay together */
    int keep = r > 0 && r <= t->header_rows;
    if (r == 0 && t->caption.count)
      keep = 1;
    if (whole && !keep && r > 0)
      keep = whole;
    if (keep != 1 && pair_kept(tl, rows, t->header_rows, t->row_count, r))
      keep = 1;
    add_row(tl, rows[r], r < t->header_rows ? 1e9 : split_limit(tl), keep);
  }
}

/*
 * 'build_stacked()' - The table as a stacked list: each body row a block
 * of "Header: value" lines, in a TBody of its own with a TR for each
 * cell (a TH of scope Row, the header, and a TD, the value).
 */
static void build_stacked(table_layout *tl, int table_el) {
  const lf_table *t = tl->t;
  const lf_blocks *head = t->header_rows ? t->rows[t->header_rows - 1].cells : NULL;
  double inset = tl->rule / 2 + tl->pad_x;
  double x = tl->shape->left, w = tl->shape->right - tl->shape->left;
  tl->shape->header_first = tl->out->count;
  vrow **rows = lf_arena_array(tl->env->arena, t->row_count, sizeof *rows);
  size_t count = 0;
  if (!rows) {
    tl->failed = 1;
    return;
  }
  for (size_t r = t->header_rows; r < t->row_count && !tl->failed; r++) {
    const lf_table_row *src = &t->rows[r];
    int body = element(tl, LF_EL_TBODY, table_el);
    vrow *row = rows[count++] = new_row(tl, 1);
    if (!row || body < 0)
      return;
    row->filled = src->has_fill;
    row->fill = src->fill;
    vlist items = {0};
    for (size_t c = 0; c < t->columns && !tl->failed; c++) {
      const lf_blocks *value = &src->cells[c];
      /* the label: the column's header, or for a table with row headers
       * only, the row's own header on its first line */
      const lf_inline *label = NULL;
      if (head && head[c].count && head[c].items[0].kind == LF_BLOCK_PARAGRAPH)
        label = &head[c].items[0].text;
      if (!head && c == 0)
        continue; /* its words label the row's other cells */
      if (!head && t->row_headers && src->cells[0].count &&
          src->cells[0].items[0].kind == LF_BLOCK_PARAGRAPH)
        label = &src->cells[0].items[0].text;
      if (value->count == 0)
        continue;
      int tr = element(tl, LF_EL_TR, body);
      int th = label ? element(tl, LF_EL_TH, tr) : -1;
      int td = element(tl, LF_EL_TD, tr);
      if (tr < 0 || td < 0 || (label && th < 0))
        return;
      if (th >= 0)
        tl->env->display->elements[th].scope = LF_SCOPE_ROW;
      if (items.count > 0) {
        vitem *gap = lf_vlist_push(tl->env->arena, &items, VITEM_GAP,
                                   0.4 * tl->env->format->body_size);
        if (!gap) {
          tl->failed = 1;
          return;
        }
      }
      set_cell(tl, value, td, 0, label, th, x + inset, w - 2 * inset, &items, NULL, NULL);
    }
    row->cells[0] = (vcell){.x = x, .width = w, .items = items.items, .count = items.count};
  }
  int whole = kept_whole(tl, rows, count);
  for (size_t r = 0; r < count && !tl->failed; r++) {
    int keep = r == 0 && t->caption.count;
    if (whole && !keep && r > 0)
      keep = whole;
    if (keep != 1 && pair_kept(tl, rows, 0, count, r))
      keep = 1;
    add_row(tl, rows[r], split_limit(tl), keep);
  }
}

/*
 * 'lf_build_table()' - Fit the columns, or stack; caption and rows.
 */
int lf_build_table(lf_table_env *env, const lf_block *blk, double left, double width,
                   int parent, const char *lang, vlist *out) {
  const lf_format *s = env->format;
  table_layout tl = {.env = env, .blk = blk, .t = blk->table, .left = left, .width = width,
                     .lang = lang, .out = out};
  tl.pad_x = 0.5 * s->body_size;
  tl.pad_y = 0.25 * s->body_size;
  tl.rule = s->body_size / 16 > 0.5 ? s->body_size / 16 : 0.5;
  tl.shape = lf_arena_alloc(env->arena, sizeof *tl.shape);
  size_t n = tl.t->columns;
  double *min = lf_arena_array(env->arena, n, sizeof *min);
  double *max = lf_arena_array(env->arena, n, sizeof *max);
  double *widths = lf_arena_array(env->arena, n, sizeof *widths);
  if (!tl.shape || !min || !max || !widths) {
    lf_error(env->diags, blk->pos, "out of memory");
    return -1;
  }
  /* the outer rules inside the measure */
  tl.shape->left = left + tl.rule / 2;
  tl.shape->right = left + width - tl.rule / 2;
  tl.shape->rule = tl.rule;
  tl.shape->colour = s->text_colour;
  if (lf_check_fills(tl.t, s, tl.env->diags) != 0 || measure_columns(&tl, min, max) != 0)
    return -1;
  /* a column narrower than eight ems wraps to lines of two or three
   * words: each must have that, or the whole of its content */
  double comfort = 8 * s->body_size + 2 * tl.pad_x + tl.rule;
  for (size_t c = 0; c < n && !tl.t->widths; c++) {
    double want = max[c] < comfort ? max[c] : comfort;
    if (want > min[c])
      min[c] = want;
  }
  int stacked = lf_table_fit_columns(n, min, max, tl.t->widths, width - tl.rule, widths) != 0;
  int table_el = element(&tl, LF_EL_TABLE, parent);
  tl.first_row = out->count;
  if (table_el >= 0 && caption(&tl, table_el) == 0) {
    if (stacked)
      build_stacked(&tl, table_el);
    else
      build_grid(&tl, widths, table_el);
  }
  if (tl.failed) {
    if (env->diags->errors == 0)
      lf_error(env->diags, blk->pos, "out of memory");
    return -1;
  }
  return 0;
}
