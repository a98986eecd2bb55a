/*
 * vlist.c -- what blocks.c, the page breaker and the table and figure
 * layouts share (see vlist.h): growing a vertical list, making a structure
 * element in a block's language, and the room a page's footer takes.
 */
#include <string.h>

#include "leaflet/language.h"
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
  return it;
}

/*
 * 'lf_layout_element()' - A structure element that names its language
 * when it is not the document's.
 */
int lf_layout_element(lf_arena *arena, lf_display *d, lf_element_type type, int parent,
                      const char *role, const char *lang) {
  int e = lf_display_add_element(arena, d, type, parent, role);
  if (e >= 0 && lang && !lf_language_same(lang, d->meta.language))
    d->elements[e].lang = lang;
  return e;
}

