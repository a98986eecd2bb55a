/*
 * display.c -- every operation on a display list (see display.h): making
 * one, adding pages, items, structure elements and outline entries,
 * copying, joining, padding and retagging whole lists, and copying a page's
 * marks as artifacts.
 *
 * Arrays grow by doubling in the list's arena; the old array is left in
 * the arena, which frees everything at once.
 */
#include <math.h>
#include <string.h>

#include "leaflet/display.h"
#include "leaflet/language.h"

/*
 * 'grow()' - Make room for 'need' items in an arena array of 'size'-byte
 * items holding 'count', doubling from at least 'first'; returns 0 or -1.
 */
static int grow(lf_arena *arena, void **items, size_t count, size_t *cap, size_t need,
                size_t first, size_t size) {
  if (need <= *cap)
    return 0;
  size_t ncap = *cap ? *cap : first;
  while (ncap < need)
    ncap *= 2;
  void *grown = lf_arena_grow(arena, *items, count, ncap, size);
  if (!grown)
    return -1;
  *items = grown;
  *cap = ncap;
  return 0;
}

/*
 * 'lf_display_create()' - An empty list of pages of one size.
 */
lf_display *lf_display_create(lf_arena *arena, double page_width, double page_height,
                              const lf_fontset *fonts) {
  lf_display *d = lf_arena_alloc(arena, sizeof *d);
  if (!d)
    return NULL;
  d->page_width = page_width;
  d->page_height = page_height;
  d->fonts = fonts;
  return d;
}

/*
 * 'lf_display_new_page()' - Append an empty page.
 */
lf_page *lf_display_new_page(lf_arena *arena, lf_display *d) {
  if (grow(arena, (void **)&d->pages, d->page_count, &d->page_cap, d->page_count + 1, 8,
           sizeof *d->pages) != 0)
    return NULL;
  lf_page *page = &d->pages[d->page_count++];
  memset(page, 0, sizeof *page);
  return page;
}

/*
 * 'lf_page_add_item()' - Append a zeroed item of a kind to a page.
 */
lf_item *lf_page_add_item(lf_arena *arena, lf_page *page, lf_item_kind kind, int element) {
  if (grow(arena, (void **)&page->items, page->count, &page->cap, page->count + 1, 128,
           sizeof *page->items) != 0)
    return NULL;
  lf_item *it = &page->items[page->count++];
  memset(it, 0, sizeof *it);
  it->kind = kind;
  it->element = element;
  return it;
}

/*
 * 'lf_display_add_element()' - Append a structure element.
 */
int lf_display_add_element(lf_arena *arena, lf_display *d, lf_element_type type, int parent,
                           const char *role) {
  if (grow(arena, (void **)&d->elements, d->element_count, &d->element_cap,
           d->element_count + 1, 64, sizeof *d->elements) != 0)
    return -1;
  d->elements[d->element_count] = (lf_element){.type = type, .parent = parent, .role = role};
  return (int)d->element_count++;
}

/*
 * 'lf_display_add_outline()' - Append an outline entry.
 */
int lf_display_add_outline(lf_arena *arena, lf_display *d, int level, const char *title,
                           int page, double y) {
  if (grow(arena, (void **)&d->outline, d->outline_count, &d->outline_cap,
           d->outline_count + 1, 32, sizeof *d->outline) != 0)
    return -1;
  d->outline[d->outline_count] =
      (lf_outline_entry){.level = level, .title = title, .page = page, .y = y};
  return (int)d->outline_count++;
}

/*
 * 'lf_display_like()' - An empty list shaped like 'like', with a Document.
 */
lf_display *lf_display_like(lf_arena *arena, const lf_display *like) {
  lf_display *d = lf_display_create(arena, like->page_width, like->page_height, like->fonts);
  if (!d)
    return NULL;
  d->meta = like->meta;
  if (lf_display_add_element(arena, d, LF_EL_DOCUMENT, -1, NULL) < 0)
    return NULL;
  return d;
}

/*
 * 'copy_text()' - 'len' bytes of 'text' into 'arena' ('*failed' set when
 * out of memory); NULL stays NULL.
 */
static const char *copy_text(lf_arena *arena, const char *text, size_t len, int *failed) {
  if (!text)
    return NULL;
  char *copy = lf_arena_strndup(arena, text, len);
  *failed |= copy == NULL;
  return copy;
}

/*
 * 'copy_string()' - A NUL-terminated string into 'arena', as copy_text().
 */
static const char *copy_string(lf_arena *arena, const char *text, int *failed) {
  return text ? copy_text(arena, text, strlen(text), failed) : NULL;
}

/*
 * 'copy_image()' - A picture of 'src' copied once however many items show
 * it: 'done' pairs each picture copied ('*count' of them, room for
 * 'room') with its copy.
 */
static const lf_image *copy_image(lf_arena *arena, const lf_image *image,
                                  const lf_image **done, size_t *count, size_t room,
                                  int *failed) {
  for (size_t i = 0; i < *count; i++)
    if (done[2 * i] == image)
      return done[2 * i + 1];
  const lf_image *copy = lf_image_copy(arena, image);
  *failed |= copy == NULL;
  if (copy && *count < room) {
    done[2 * *count] = image;
    done[2 * *count + 1] = copy;
    ++*count;
  }
  return copy;
}

/*
 * 'lf_display_copy()' - Everything of 'src', strings included, in 'arena'.
 */
lf_display *lf_display_copy(lf_arena *arena, const lf_display *src) {
  lf_display *d = lf_arena_alloc(arena, sizeof *d);
  if (!d)
    return NULL;
  *d = *src;
  int failed = 0;
  d->pages = lf_arena_array(arena, src->page_count + 1, sizeof *d->pages);
  d->elements = lf_arena_array(arena, src->element_count + 1, sizeof *d->elements);
  d->outline = lf_arena_array(arena, src->outline_count + 1, sizeof *d->outline);
  if (!d->pages || !d->elements || !d->outline)
    return NULL;
  d->page_cap = src->page_count;
  d->element_cap = src->element_count;
  d->outline_cap = src->outline_count;
  enum { PICTURES = 64 };
  const lf_image *pictures[2 * PICTURES];
  size_t picture_count = 0;
  for (size_t p = 0; p < src->page_count && !failed; p++) {
    const lf_page *from = &src->pages[p];
    lf_page *to = &d->pages[p];
    to->items = lf_arena_array(arena, from->count + 1, sizeof *to->items);
    if (!to->items)
      return NULL;
    to->count = to->cap = from->count;
    for (size_t i = 0; i < from->count; i++) {
      lf_item *item = &to->items[i];
      *item = from->items[i];
      item->text = copy_text(arena, item->text, item->len, &failed);
      item->uri = copy_string(arena, item->uri, &failed);
      if (item->glyph_count) {
        lf_glyph *glyphs = lf_arena_array(arena, item->glyph_count, sizeof *glyphs);
        if (glyphs)
          memcpy(glyphs, from->items[i].glyphs, item->glyph_count * sizeof *glyphs);
        else
          failed = 1;
        item->glyphs = glyphs;
      }
      if (item->image)
        item->image = copy_image(arena, item->image, pictures, &picture_count, PICTURES,
                                 &failed);
      if (item->rect_count) {
        lf_rect *rects = lf_arena_array(arena, item->rect_count, sizeof *rects);
        if (rects)
          memcpy(rects, from->items[i].rects, item->rect_count * sizeof *rects);
        else
          failed = 1;
        item->rects = rects;
      }
    }
  }
  for (size_t e = 0; e < src->element_count; e++) {
    lf_element *el = &d->elements[e];
    *el = src->elements[e];
    el->role = copy_string(arena, el->role, &failed);
    el->alt = copy_string(arena, el->alt, &failed);
    el->actual_text = copy_string(arena, el->actual_text, &failed);
    el->title = copy_string(arena, el->title, &failed);
    el->lang = copy_string(arena, el->lang, &failed);
  }
  for (size_t o = 0; o < src->outline_count; o++) {
    d->outline[o] = src->outline[o];
    d->outline[o].title = copy_string(arena, src->outline[o].title, &failed);
  }
  d->meta.title = copy_string(arena, src->meta.title, &failed);
  d->meta.author = copy_string(arena, src->meta.author, &failed);
  d->meta.subject = copy_string(arena, src->meta.subject, &failed);
  d->meta.keywords = copy_string(arena, src->meta.keywords, &failed);
  d->meta.language = copy_string(arena, src->meta.language, &failed);
  d->meta.creation_date = copy_string(arena, src->meta.creation_date, &failed);
  d->meta.version = copy_string(arena, src->meta.version, &failed);
  d->meta.last_reviewed = copy_string(arena, src->meta.last_reviewed, &failed);
  d->meta.next_review = copy_string(arena, src->meta.next_review, &failed);
  d->meta.identifier = copy_string(arena, src->meta.identifier, &failed);
  return failed ? NULL : d;
}

/*
 * 'lf_display_append()' - Pages, elements and outline of 'src' after 'dst''s
 * (and the words and blocks it had to split).
 * A Document of 'src' becomes a Sect under 'dst''s root, saying its language
 * when it is not 'dst''s (an English letter before an Urdu leaflet).
 */
int lf_display_append(lf_arena *arena, lf_display *dst, const lf_display *src,
                      lf_diags *diags) {
  if (dst->fonts && src->fonts && dst->fonts != src->fonts) {
    lf_error(diags, (lf_pos){0}, "cannot join documents set in different fonts");
    return -1;
  }
  if (dst->page_count && src->page_count &&
      (fabs(dst->page_width - src->page_width) > 0.01 ||
       fabs(dst->page_height - src->page_height) > 0.01)) {
    lf_error(diags, (lf_pos){0}, "cannot join documents on different paper");
    return -1;
  }
  if (!dst->fonts)
    dst->fonts = src->fonts;
  if (dst->page_count == 0) {
    dst->page_width = src->page_width;
    dst->page_height = src->page_height;
  }
  int root = -1;
  for (size_t e = 0; e < dst->element_count && root < 0; e++)
    if (dst->elements[e].parent < 0)
      root = (int)e;
  size_t element_base = dst->element_count, page_base = dst->page_count;
  if (grow(arena, (void **)&dst->elements, dst->element_count, &dst->element_cap,
           dst->element_count + src->element_count, 8, sizeof *dst->elements) != 0 ||
      grow(arena, (void **)&dst->pages, dst->page_count, &dst->page_cap,
           dst->page_count + src->page_count, 8, sizeof *dst->pages) != 0 ||
      grow(arena, (void **)&dst->outline, dst->outline_count, &dst->outline_cap,
           dst->outline_count + src->outline_count, 8, sizeof *dst->outline) != 0)
    goto oom;
  for (size_t e = 0; e < src->element_count; e++) {
    lf_element el = src->elements[e];
    if (el.parent >= 0) {
      el.parent += (int)element_base;
    } else {
      el.parent = root;
      if (root >= 0 && el.type == LF_EL_DOCUMENT) {
        el.type = LF_EL_SECT;
        if (!el.lang && src->meta.language &&
            !lf_language_same(src->meta.language, dst->meta.language))
          el.lang = src->meta.language;
      }
    }
    dst->elements[dst->element_count++] = el;
  }
  for (size_t p = 0; p < src->page_count; p++) {
    const lf_page *from = &src->pages[p];
    lf_page *to = &dst->pages[dst->page_count];
    memset(to, 0, sizeof *to);
    if (from->count) {
      to->items = lf_arena_array(arena, from->count, sizeof *to->items);
      if (!to->items)
        goto oom;
      memcpy(to->items, from->items, from->count * sizeof *to->items);
      for (size_t i = 0; i < from->count; i++)
        if (to->items[i].element >= 0)
          to->items[i].element += (int)element_base;
      to->count = to->cap = from->count;
    }
    dst->page_count++;
  }
  for (size_t o = 0; o < src->outline_count; o++) {
    lf_outline_entry entry = src->outline[o];
    entry.page += (int)page_base;
    dst->outline[dst->outline_count++] = entry;
  }
  /* the rules 'src' could not keep are the joined document's too */
  dst->words_split += src->words_split;
  dst->blocks_split += src->blocks_split;
  return 0;
oom:
  lf_error(diags, (lf_pos){0}, "out of memory joining documents");
  return -1;
}

/*
 * 'lf_display_pad_pages()' - Blank pages up to a multiple.
 */
int lf_display_pad_pages(lf_arena *arena, lf_display *d, size_t multiple) {
  if (multiple < 2 || d->page_count % multiple == 0)
    return 0;
  size_t add = multiple - d->page_count % multiple;
  if (grow(arena, (void **)&d->pages, d->page_count, &d->page_cap, d->page_count + add, 8,
           sizeof *d->pages) != 0)
    return -1;
  for (size_t i = 0; i < add; i++)
    memset(&d->pages[d->page_count++], 0, sizeof *d->pages);
  return (int)add;
}

/*
 * 'lf_display_retag_root()' - Give the root elements another type.
 */
void lf_display_retag_root(lf_display *d, lf_element_type type) {
  for (size_t e = 0; e < d->element_count; e++)
    if (d->elements[e].parent < 0)
      d->elements[e].type = type;
}

/*
 * 'lf_page_add_artifacts()' - A page's marks onto another, moved, untagged.
 */
int lf_page_add_artifacts(lf_arena *arena, lf_page *to, const lf_page *from, double dx,
                          double dy) {
  for (size_t i = 0; i < from->count; i++) {
    const lf_item *it = &from->items[i];
    if (it->kind == LF_ITEM_LINK)
      continue;
    lf_item *mark = lf_page_add_item(arena, to, it->kind, -1);
    if (!mark)
      return -1;
    *mark = *it;
    mark->element = -1;
    mark->x += dx;
    mark->x2 += dx;
    mark->y += dy;
    mark->y2 += dy;
  }
  return 0;
}
