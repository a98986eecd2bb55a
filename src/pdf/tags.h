/*
 * tags.h -- the structure tree of tagged PDF (tags.c): a structure element
 * per display element, marked content around every painted item, the
 * ParentTree that maps marked content and annotations back to their
 * elements, and the StructTreeRoot over them.
 *
 * A document of its own gets all of it.  A part of a spool gets its
 * elements and marked content only, its top-level elements under an
 * element written elsewhere (lf_pdf_tags_place), and gives back what the close
 * needs to finish the tree (lf_pdf_tags_tops(), lf_pdf_tags_entries()):
 * the spool hangs them in trees of its own (trees.h) and its close writes
 * the root with lf_pdf_tags_root_of_parts().
 */
#ifndef LEAFLET_PDF_TAGS_H
#define LEAFLET_PDF_TAGS_H

#include <stddef.h>
#include <stdint.h>

#include "leaflet/buffer.h"
#include "leaflet/display.h"
#include "objects.h"

typedef struct lf_pdf_tags lf_pdf_tags;

/* Where a display list's elements go in the structure tree. */
typedef struct lf_pdf_tags_place {
  uint32_t parent;     /* 0: under a StructTreeRoot of the document's own,
                          with its ParentTree, /RoleMap and the catalog's
                          /StructTreeRoot and /MarkInfo; else the number
                          of the element, written elsewhere, the top-level
                          elements go under (ParentTree values are then
                          objects of their own, for that tree to name) */
  size_t first_key;    /* the first ParentTree key: page i is key
                          first_key + i, annotations follow the pages */
} lf_pdf_tags_place;

/* A ParentTree entry: a page's MCID owners, or an annotation's element. */
typedef struct lf_pdf_tree_entry {
  size_t key;
  lf_pdf_obj *value;
} lf_pdf_tree_entry;

/*
 * 'lf_pdf_tags_begin()' - The structure elements of 'display' placed as
 * 'place' says, into '*tags' (NULL when the display has no elements: it is
 * untagged).  Returns 0, or -1 (recorded).
 */
int lf_pdf_tags_begin(lf_pdf_doc *doc, const lf_display *display,
                      lf_pdf_tags_place place, lf_pdf_tags **tags);

/* 'lf_pdf_tags_open()' - Before painted item 'item' on 'page' (number
 * 'page_index'): its element's open marked-content sequence, or a new one
 * written into 'content'. */
int lf_pdf_tags_open(lf_pdf_tags *tags, lf_buf *content, lf_pdf_obj *page,
                     size_t page_index, const lf_item *item);

/* 'lf_pdf_tags_end_page()' - Close the page's marked content (before its
 * content stream is finished). */
void lf_pdf_tags_end_page(lf_pdf_tags *tags, lf_buf *content);

/* 'lf_pdf_tags_link()' - Tie link annotation 'annot' to its Link
 * element. */
int lf_pdf_tags_link(lf_pdf_tags *tags, lf_pdf_obj *page, size_t page_index,
                     const lf_item *item, lf_pdf_obj *annot);

/* 'lf_pdf_tags_finish()' - Once every page is drawn: the elements that got
 * no content, the annotations' ParentTree entries, /ParentTreeNextKey. */
int lf_pdf_tags_finish(lf_pdf_tags *tags);

/* 'lf_pdf_tags_tops()' - The top-level elements, in reading order. */
lf_pdf_obj *const *lf_pdf_tags_tops(const lf_pdf_tags *tags, size_t *count);

/* 'lf_pdf_tags_entries()' - The ParentTree entries made. */
const lf_pdf_tree_entry *lf_pdf_tags_entries(const lf_pdf_tags *tags,
                                             size_t *count);

/* 'lf_pdf_tags_free()' - Free the tagging state (NULL is allowed; the
 * objects are the document's). */
void lf_pdf_tags_free(lf_pdf_tags *tags);

/* 'lf_pdf_element_role()' - The custom name an element is written with
 * (mapped to its standard type in /RoleMap), or NULL when it is written
 * with its standard type. */
const char *lf_pdf_element_role(const lf_element *element);

/* 'lf_pdf_standard_type()' - PDF's name for an element type. */
const char *lf_pdf_standard_type(lf_element_type type);

/*
 * 'lf_pdf_tags_root_of_parts()' - The StructTreeRoot of a document whose
 * elements were written by earlier saves, pinned to 'number': its /K the
 * Document element numbered 'document', its ParentTree the number tree
 * numbered 'parent_tree' (both written by the spool's trees, trees.h),
 * /ParentTreeNextKey 'next_key', a /RoleMap of 'role_count' pairs of names
 * in 'roles' (a role, its standard type); the catalog's /StructTreeRoot
 * and /MarkInfo.
 */
int lf_pdf_tags_root_of_parts(lf_pdf_doc *doc, uint32_t number, uint32_t document,
                              uint32_t parent_tree, size_t next_key,
                              char *const *roles, size_t role_count);

#endif
