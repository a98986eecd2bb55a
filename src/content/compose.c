/*
 * compose.c -- documents made block by block (compose.h).
 */
#include <string.h>

#include "leaflet/compose.h"

/*
 * 'lf_compose_block()' - Append a zeroed block.
 */
lf_block *lf_compose_block(lf_composer *c, lf_block_list *list, lf_block_kind kind, lf_pos pos) {
  if (c->failed)
    return NULL;
  lf_blocks *blocks = list->out;
  if (blocks->count == list->cap) {
    size_t cap = list->cap ? list->cap * 2 : 16;
    lf_block *grown = lf_arena_grow(c->arena, blocks->items, blocks->count, cap, sizeof *grown);
    if (!grown) {
      c->failed = 1;
      return NULL;
    }
    blocks->items = grown;
    list->cap = cap;
  }
  lf_block *b = &blocks->items[blocks->count++];
  memset(b, 0, sizeof *b);
  b->kind = kind;
  b->pos = pos;
  return b;
}

/*
 * 'lf_compose_text()' - One run.
 */
lf_inline lf_compose_text(lf_composer *c, const char *text, unsigned style) {
  lf_inline in = {0};
  in.runs = text && !c->failed ? lf_arena_alloc(c->arena, sizeof *in.runs) : NULL;
  if (!in.runs) {
    c->failed = 1;
    return in;
  }
  in.runs[0] = (lf_run){.text = text, .len = strlen(text), .style = style};
  in.count = 1;
  return in;
}

/*
 * 'lf_compose_join()' - Two runs of text as one.
 */
lf_inline lf_compose_join(lf_composer *c, lf_inline a, lf_inline b) {
  lf_inline out = {0};
  out.runs = c->failed ? NULL : lf_arena_array(c->arena, a.count + b.count + 1, sizeof *out.runs);
  if (!out.runs) {
    c->failed = 1;
    return a;
  }
  for (size_t i = 0; i < a.count; i++)
    out.runs[out.count++] = a.runs[i];
  for (size_t i = 0; i < b.count; i++)
    out.runs[out.count++] = b.runs[i];
  return out;
}

/*
 * 'lf_compose_heading()' - A heading that skips no level.
 */
lf_block *lf_compose_heading(lf_composer *c, lf_block_list *list, int level, lf_inline text,
                             lf_pos pos) {
  if (level > c->last_level + 1)
    level = c->last_level + 1;
  if (level > 4)
    level = 4;
  lf_block *h = lf_compose_block(c, list, LF_BLOCK_HEADING, pos);
  if (!h)
    return NULL;
  h->level = level;
  h->text = text;
  h->keep = LF_KEEP_WITH_NEXT;
  c->last_level = level;
  return h;
}

/*
 * 'lf_compose_paragraph()' - A paragraph.
 */
lf_block *lf_compose_paragraph(lf_composer *c, lf_block_list *list, lf_inline text, lf_pos pos) {
  lf_block *p = lf_compose_block(c, list, LF_BLOCK_PARAGRAPH, pos);
  if (p)
    p->text = text;
  return p;
}

/*
 * 'lf_compose_list()' - A list with its items' runs of blocks to fill.
 */
long lf_compose_list(lf_composer *c, lf_block_list *list, size_t items, int ordered,
                     lf_pos pos, lf_block_list **item_lists) {
  lf_block *l = lf_compose_block(c, list, LF_BLOCK_LIST, pos);
  lf_blocks *blocks = c->failed ? NULL : lf_arena_array(c->arena, items + 1, sizeof *blocks);
  lf_block_list *fill = c->failed ? NULL : lf_arena_array(c->arena, items + 1, sizeof *fill);
  if (!l || !blocks || !fill) {
    c->failed = 1;
    return -1;
  }
  l->ordered = ordered;
  l->list_items = blocks;
  l->list_count = items;
  for (size_t i = 0; i < items; i++)
    fill[i].out = &blocks[i];
  *item_lists = fill;
  return (long)(l - list->out->items);
}

/*
 * 'lf_compose_table()' - A table whose cells are one paragraph each.
 */
lf_block *lf_compose_table(lf_composer *c, lf_block_list *list, size_t columns, size_t rows,
                           size_t header_rows, int row_headers, lf_inline caption, lf_pos pos,
                           const char *(*cell)(void *ctx, size_t row, size_t column),
                           void *ctx) {
  lf_block *b = lf_compose_block(c, list, LF_BLOCK_TABLE, pos);
  lf_table *t = b ? lf_arena_alloc(c->arena, sizeof *t) : NULL;
  if (t)
    t->rows = lf_arena_array(c->arena, rows + 1, sizeof *t->rows);
  if (!t || !t->rows) {
    c->failed = 1;
    return NULL;
  }
  t->caption = caption;
  t->columns = columns;
  t->header_rows = header_rows;
  t->row_headers = row_headers;
  for (size_t r = 0; r < rows && !c->failed; r++) {
    lf_table_row *row = &t->rows[t->row_count++];
    row->pos = pos;
    row->cells = lf_arena_array(c->arena, columns + 1, sizeof *row->cells);
    lf_block *paras = lf_arena_array(c->arena, columns + 1, sizeof *paras);
    if (!row->cells || !paras) {
      c->failed = 1;
      return NULL;
    }
    for (size_t k = 0; k < columns; k++) {
      const char *text = cell(ctx, r, k);
      if (!text)
        continue; /* an empty cell: no blocks */
      paras[k] = (lf_block){.kind = LF_BLOCK_PARAGRAPH, .pos = pos,
                            .text = lf_compose_text(c, text, 0)};
      row->cells[k] = (lf_blocks){&paras[k], 1};
    }
  }
  b->table = t;
  return c->failed ? NULL : b;
}
