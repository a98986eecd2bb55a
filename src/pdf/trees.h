/*
 * trees.h -- balanced trees written as a file is written (trees.c): the
 * page tree, a number tree (the structure tree's ParentTree) and a tree of
 * grouping structure elements, for a document saved in many parts (a
 * spool), so that what it keeps in memory does not grow with the
 * document.
 *
 * A tree keeps one open node per level, each with a number handed out by
 * the file in advance (lf_pdf_file_reserve()).  Kids are added to the open
 * node of the lowest level; a node that is full when another kid comes is
 * written (into the document being made at the time, pinned to its
 * number) and becomes a kid of the open node above it, and a new node is
 * opened in its place.  When the document closes, the open nodes are
 * written from the bottom up and the top one is the root.  So a page's
 * /Parent, or a structure element's /P, is known before the page or the
 * element is saved, and every node is written once, whole.
 *
 * The nodes, by kind:
 *   - pages: /Type /Pages with /Kids, /Count (the pages below it) and
 *     /Parent (not the root);
 *   - numbers: leaves with /Nums [key value ...], nodes above with /Kids,
 *     each with /Limits [lowest highest] (not the root); keys must come in
 *     ascending order;
 *   - elements: structure elements /S /Part (the root: /S /Document) with
 *     /P and /K, grouping the elements added (a part's top-level elements)
 *     into parts of at most 'fanout', so no element has more kids than
 *     that.
 */
#ifndef LEAFLET_PDF_TREES_H
#define LEAFLET_PDF_TREES_H

#include <stddef.h>
#include <stdint.h>

#include "file.h"
#include "objects.h"

/* Kids a node holds (a part whose elements must share a node may add
 * more), and the levels a tree may have: 64^8 leaves. */
#define LF_PDF_TREE_FANOUT 64
#define LF_PDF_TREE_LEVELS 8

typedef enum lf_pdf_tree_kind {
  LF_PDF_TREE_PAGES,
  LF_PDF_TREE_NUMBERS,
  LF_PDF_TREE_ELEMENTS
} lf_pdf_tree_kind;

/* An open node: its number, its kids so far and what they cover. */
typedef struct lf_pdf_tree_node {
  uint32_t number;
  uint32_t *kids;       /* object numbers */
  size_t *keys;         /* a number tree's leaf: each kid's key */
  size_t kid_count, kid_cap;
  size_t count;         /* leaves below it (pages, entries, elements) */
  size_t low, high;     /* the keys below it (a number tree) */
} lf_pdf_tree_node;

typedef struct lf_pdf_tree {
  lf_pdf_tree_kind kind;
  size_t fanout;
  lf_pdf_file *file;
  lf_pdf_tree_node levels[LF_PDF_TREE_LEVELS];
  size_t level_count;
  size_t written;       /* nodes written so far */
} lf_pdf_tree;

/* 'lf_pdf_tree_init()' - An empty tree of 'kind' whose nodes hold
 * 'fanout' kids (2 or more), numbered by 'file'. */
void lf_pdf_tree_init(lf_pdf_tree *tree, lf_pdf_tree_kind kind, size_t fanout,
                      lf_pdf_file *file);

/*
 * 'lf_pdf_tree_room()' - Make room for 'n' more kids in one node (writing
 * the open node into 'doc' first when they would not fit, unless it is
 * empty) and return that node's number: the /Parent or /P of the kids
 * about to be added.  0 after a failure (recorded in 'doc').
 */
uint32_t lf_pdf_tree_room(lf_pdf_tree *tree, lf_pdf_doc *doc, size_t n);

/*
 * 'lf_pdf_tree_add()' - Add object 'kid' (for a number tree, the value of
 * 'key') to the node lf_pdf_tree_room() made room in.  Returns 0, or -1
 * when out of memory (recorded in 'doc').
 */
int lf_pdf_tree_add(lf_pdf_tree *tree, lf_pdf_doc *doc, uint32_t kid, size_t key);

/*
 * 'lf_pdf_tree_close()' - Write the open nodes into 'doc', the top one as
 * the root (for elements, with /P 'parent', the StructTreeRoot), and
 * return the root's number; an empty tree of pages or numbers gets an
 * empty root, an empty tree of elements none (0).  0 after a failure too
 * (recorded in 'doc'; lf_pdf_failed() tells them apart).
 */
uint32_t lf_pdf_tree_close(lf_pdf_tree *tree, lf_pdf_doc *doc, uint32_t parent);

/* 'lf_pdf_tree_free()' - Free the open nodes' kids. */
void lf_pdf_tree_free(lf_pdf_tree *tree);

#endif
