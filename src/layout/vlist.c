/*
 * vlist.c -- what blocks.c, the page breaker and the table and figure
 * layouts share (see vlist.h): growing a vertical list, making a structure
 * element in a block's language, the room a page's footer takes, and the
 * warning for kept text split over pages.
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

/*
 * 'lf_warn_kept_split()' - The warning for text kept together that is
 * split across pages, counted in the display list.
 */
void lf_warn_kept_split(lf_diags *diags, lf_pos at, const lf_document *doc,
                        const lf_format *format, lf_display *display) {
  lf_warning(diags, at, "%s: text kept together (a heading with the lines after "
             "it, a callout, or a paragraph's first or last lines) is taller than "
             "a page and was split across pages (expected text that fits a "
             "page at %g pt: larger paper or a smaller size keeps it whole)",
             doc->stem, format->body_size);
  display->blocks_split++;
}
