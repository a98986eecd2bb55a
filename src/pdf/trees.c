/*
 * trees.c -- balanced trees written as a file is written (see trees.h).
 *
 * Every node is a B-tree node that is only ever appended to: kids arrive
 * in order, the open node of each level takes them until it holds
 * 'fanout', and is then written and replaced.  All leaves end up at the
 * same depth, every node but the last of each level is full, and a tree
 * of n leaves has ceil(log_fanout n) levels.
 */
#include "trees.h"

#include <stdlib.h>
#include <string.h>

/*
 * 'lf_pdf_tree_init()' - No levels yet: the first lf_pdf_tree_room()
 * opens the first.
 */
void lf_pdf_tree_init(lf_pdf_tree *tree, lf_pdf_tree_kind kind, size_t fanout,
                      lf_pdf_file *file) {
  memset(tree, 0, sizeof *tree);
  tree->kind = kind;
  tree->fanout = fanout < 2 ? 2 : fanout;
  tree->file = file;
}

/*
 * 'push_kid()' - Append a kid to a node, growing its arrays.
 */
static int push_kid(lf_pdf_tree_node *node, uint32_t kid, size_t key, int keyed) {
  if (node->kid_count == node->kid_cap) {
    size_t cap = node->kid_cap ? node->kid_cap * 2 : 16;
    uint32_t *kids = realloc(node->kids, cap * sizeof *kids);
    if (!kids)
      return -1;
    node->kids = kids;
    if (keyed) {
      size_t *keys = realloc(node->keys, cap * sizeof *keys);
      if (!keys)
        return -1;
      node->keys = keys;
    }
    node->kid_cap = cap;
  }
  if (keyed)
    node->keys[node->kid_count] = key;
  node->kids[node->kid_count++] = kid;
  return 0;
}

/*
 * 'ref_array()' - An array of references to objects 'numbers' (written by
 * this save or another), put in 'dict' as 'key'.
 */
static int ref_array(lf_pdf_doc *doc, lf_pdf_obj *dict, const char *key,
                     const lf_pdf_tree_node *node, int with_keys) {
  lf_pdf_obj *array = lf_pdf_array(doc);
  if (!array || lf_pdf_dict_put(dict, key, array))
    return -1;
  for (size_t i = 0; i < node->kid_count; i++)
    if ((with_keys && lf_pdf_array_int(array, (long)node->keys[i])) ||
        lf_pdf_array_put(array, lf_pdf_ref(doc, node->kids[i])))
      return -1;
  return 0;
}

/*
 * 'write_node()' - The open node of 'level' as an object pinned to its
 * number: a root ('parent' then the root's own parent, or 0) or a node
 * under 'parent'.
 */
static int write_node(lf_pdf_tree *tree, lf_pdf_doc *doc, size_t level, uint32_t parent,
                      int root) {
  const lf_pdf_tree_node *node = &tree->levels[level];
  lf_pdf_obj *dict = lf_pdf_indirect_dict(doc);
  if (!dict || lf_pdf_pin(doc, dict, node->number))
    return -1;
  int rc = 0;
  switch (tree->kind) {
  case LF_PDF_TREE_PAGES:
    rc = lf_pdf_dict_name(dict, "Type", "Pages") || ref_array(doc, dict, "Kids", node, 0) ||
         lf_pdf_dict_int(dict, "Count", (long)node->count) ||
         (!root && lf_pdf_dict_put(dict, "Parent", lf_pdf_ref(doc, parent)));
    break;
  case LF_PDF_TREE_NUMBERS:
    rc = ref_array(doc, dict, level == 0 ? "Nums" : "Kids", node, level == 0);
    if (!rc && !root) {
      lf_pdf_obj *limits = lf_pdf_array(doc);
      rc = !limits || lf_pdf_dict_put(dict, "Limits", limits) ||
           lf_pdf_array_int(limits, (long)node->low) ||
           lf_pdf_array_int(limits, (long)node->high);
    }
    break;
  case LF_PDF_TREE_ELEMENTS:
    rc = lf_pdf_dict_name(dict, "S", root ? "Document" : "Part") ||
         lf_pdf_dict_put(dict, "P", lf_pdf_ref(doc, parent)) ||
         ref_array(doc, dict, "K", node, 0);
    break;
  }
  tree->written++;
  return rc ? -1 : 0;
}

/*
 * 'open_node()' - A fresh open node at 'level' (a new level when it is
 * the next one), numbered now.
 */
static int open_node(lf_pdf_tree *tree, size_t level) {
  if (level >= LF_PDF_TREE_LEVELS)
    return -1;
  if (level == tree->level_count)
    tree->level_count++;
  lf_pdf_tree_node *node = &tree->levels[level];
  node->number = lf_pdf_file_reserve(tree->file);
  node->kid_count = 0;
  node->count = 0;
  node->low = node->high = 0;
  return 0;
}

static uint32_t room_at(lf_pdf_tree *tree, lf_pdf_doc *doc, size_t level, size_t n);

/*
 * 'hand_up()' - Write the open node of 'level' and make it a kid of the
 * open node above (opening that level first when there is none).
 */
static int hand_up(lf_pdf_tree *tree, lf_pdf_doc *doc, size_t level) {
  uint32_t parent = room_at(tree, doc, level + 1, 1);
  if (!parent || write_node(tree, doc, level, parent, 0))
    return -1;
  lf_pdf_tree_node *node = &tree->levels[level], *above = &tree->levels[level + 1];
  if (push_kid(above, node->number, 0, 0))
    return -1;
  if (above->kid_count == 1)
    above->low = node->low;
  above->high = node->high;
  above->count += node->count;
  return 0;
}

/*
 * 'room_at()' - Room for 'n' kids in the open node of 'level': opened if
 * there is none, written and replaced if they would not fit.
 */
static uint32_t room_at(lf_pdf_tree *tree, lf_pdf_doc *doc, size_t level, size_t n) {
  if (level == tree->level_count && open_node(tree, level))
    return 0;
  lf_pdf_tree_node *node = &tree->levels[level];
  if (node->kid_count && node->kid_count + n > tree->fanout &&
      (hand_up(tree, doc, level) || open_node(tree, level)))
    return 0;
  return node->number;
}

/* 'lf_pdf_tree_room()' - Room at the lowest level. */
uint32_t lf_pdf_tree_room(lf_pdf_tree *tree, lf_pdf_doc *doc, size_t n) {
  uint32_t number = room_at(tree, doc, 0, n);
  if (!number)
    lf_pdf_fail(doc, "writing a tree of %s: more than %d levels",
                tree->kind == LF_PDF_TREE_PAGES ? "pages"
                : tree->kind == LF_PDF_TREE_NUMBERS ? "numbers"
                                                    : "structure elements",
                LF_PDF_TREE_LEVELS);
  return number;
}

/* 'lf_pdf_tree_add()' - A kid of the lowest level's open node. */
int lf_pdf_tree_add(lf_pdf_tree *tree, lf_pdf_doc *doc, uint32_t kid, size_t key) {
  lf_pdf_tree_node *leaf = &tree->levels[0];
  if (!tree->level_count)
    return lf_pdf_fail(doc, "a tree's kid added with no room made for it");
  if (push_kid(leaf, kid, key, tree->kind == LF_PDF_TREE_NUMBERS))
    return lf_pdf_fail(doc, "out of memory");
  if (leaf->kid_count == 1)
    leaf->low = key;
  leaf->high = key;
  leaf->count++;
  return 0;
}

/*
 * 'lf_pdf_tree_close()' - Every open node below the top handed up, then
 * the top written as the root.
 */
uint32_t lf_pdf_tree_close(lf_pdf_tree *tree, lf_pdf_doc *doc, uint32_t parent) {
  if (!tree->level_count) {
    if (tree->kind == LF_PDF_TREE_ELEMENTS)
      return 0;
    if (open_node(tree, 0))
      return 0;
  }
  for (size_t level = 0; level + 1 < tree->level_count; level++)
    if (hand_up(tree, doc, level)) {
      lf_pdf_fail(doc, "writing a tree's nodes");
      return 0;
    }
  size_t top = tree->level_count - 1;
  if (write_node(tree, doc, top, parent, 1)) {
    lf_pdf_fail(doc, "writing a tree's root");
    return 0;
  }
  return tree->levels[top].number;
}

/* 'lf_pdf_tree_free()' - Free every level's arrays. */
void lf_pdf_tree_free(lf_pdf_tree *tree) {
  for (size_t i = 0; i < LF_PDF_TREE_LEVELS; i++) {
    free(tree->levels[i].kids);
    free(tree->levels[i].keys);
  }
  memset(tree, 0, sizeof *tree);
}
