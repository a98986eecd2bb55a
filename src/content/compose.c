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
