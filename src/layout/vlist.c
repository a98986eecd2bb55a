/*
 * vlist.c -- growing a vertical list (see vlist.h), for blocks.c and the
 * table and figure layouts alike.
 */
#include <string.h>

#include "vlist.h"

/*
 * 'lf_vlist_push()' - Append an item, doubling the list's room as needed.
 */
vitem *lf_vlist_push(lf_arena *arena, vlist *vl, vitem_kind kind, double height) {
  if (vl->count == vl->cap) {
    size_t cap = vl->cap ? vl->cap * 2 : 16; /* a table cell's list is short */
    vitem *grown = lf_arena_grow(arena, vl->items, vl->count, cap, sizeof *grown);
    if (!grown)
      return NULL;
    vl->items = grown;
    vl->cap = cap;
  }
  vitem *it = &vl->items[vl->count++];
  memset(it, 0, sizeof *it);
  it->kind = kind;
  it->height = height;
  it->outline = -1;
  it->label_element = -1;
  return it;
}
