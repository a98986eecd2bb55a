/*
 * tags.c -- tagged PDF (tags.h): a structure element per display element
 * under a StructTreeRoot (with /Lang when its language is not the
 * document's), marked content around every painted item
 * (BDC/EMC with an MCID, or an /Artifact sequence), the ParentTree that
 * maps MCIDs and annotations back to their elements, OBJR kids for link
 * annotations, and /MarkInfo.  An element with words for a screen reader
 * to say in place of its text (a proof's "[deleted: ...]") gets them as
 * /ActualText.
 *
 * Structure elements join their parent's /K when their first content is
 * drawn, so a parent's kids follow reading order even when a child (a Link
 * inside a paragraph) interrupts its parent's own text.  Elements that never
 * get content join at the end, in index order.
 *
 * ParentTree keys: page i is key first_key + i (its /StructParents); the
 * n-th tagged annotation is key first_key + page_count + n (its
 * /StructParent).  Elements placed under an element written elsewhere (a
 * part of a spool) have no root here: their ParentTree values are objects
 * of their own, named by the spool's ParentTree (trees.c), and the root
 * over it all is written by lf_pdf_tags_root_of_parts() when the spool
 * closes.
 */
#include "tags.h"

#include <stdlib.h>
#include <string.h>

#include "syntax.h"

/* What 'open' holds besides an element index. */
enum { OPEN_NONE = -1, OPEN_ARTIFACT = -2 };

struct lf_pdf_tags {
  lf_pdf_doc *doc;
  const lf_display *display;
  size_t first_key;
  lf_pdf_obj *root;         /* StructTreeRoot, or NULL when placed elsewhere */
  lf_pdf_obj *root_kids;    /* its /K */
  lf_pdf_obj *nums;         /* its ParentTree's /Nums */
  lf_pdf_obj *top_parent;   /* the /P of top-level elements */
  lf_pdf_obj **elements;    /* one StructElem per display element */
  lf_pdf_obj **kids;        /* each one's /K */
  lf_pdf_obj **first_page;  /* each one's /Pg, NULL until it has content */
  const char **names;       /* each one's /S: its role or standard type */
  unsigned char *attached;  /* whether it has joined its parent's /K */
  int *chain;               /* scratch for attach() */
  lf_pdf_obj **tops;        /* top-level elements, in the order attached */
  size_t top_count;
  lf_pdf_tree_entry *entries; /* ParentTree entries made */
  size_t entry_count, entry_cap;
  lf_pdf_obj *page_owners;  /* MCID owners of the page being drawn */
  int next_mcid;            /* on the page being drawn */
  int open;                 /* the open marked-content sequence's element,
                               or OPEN_ARTIFACT or OPEN_NONE */
  int *annot_elements;      /* the element of each tagged annotation */
  size_t annot_count, annot_cap;
};

/*
 * 'lf_pdf_standard_type()' - PDF's name for an element type.
 */
const char *lf_pdf_standard_type(lf_element_type type) {
  static const char *const names[] = {
      "Document", "H1",    "H2",    "H3",    "H4",   "P",       "L",
      "LI",       "Lbl",   "LBody", "Link",  "Sect", "Div",     "Span",
      "Table",    "THead", "TBody", "TR",    "TH",   "TD",      "Caption",
      "Figure"};
  return (size_t)type < sizeof names / sizeof *names ? names[type] : "Div";
}

/*
 * 'is_standard_type()' - Whether 'name' is one of PDF 1.7's standard
 * structure types (a role may not reuse one: /RoleMap must not remap them).
 */
static int is_standard_type(const char *name) {
  static const char *const standard[] = {
      "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC",
      "TOCI", "Index", "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4",
      "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD",
      "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference",
      "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu",
      "WT", "WP", "Figure", "Formula", "Form", "Artifact"};
  for (size_t i = 0; i < sizeof standard / sizeof *standard; i++)
    if (strcmp(name, standard[i]) == 0)
      return 1;
  return 0;
}

/*
 * 'lf_pdf_element_role()' - The element's role when it has a usable one (a
 * name of at most LF_PDF_MAX_NAME bytes that is not a standard type).
 */
const char *lf_pdf_element_role(const lf_element *element) {
  const char *role = element->role;
  if (role && role[0] && strlen(role) <= LF_PDF_MAX_NAME &&
      !is_standard_type(role))
    return role;
  return NULL;
}

/* 'element_name()' - The /S of an element: its role, or its type. */
static const char *element_name(const lf_element *element) {
  const char *role = lf_pdf_element_role(element);
  return role ? role : lf_pdf_standard_type(element->type);
}

/*
 * 'add_entry()' - A ParentTree entry: noted, and put in the document's own
 * ParentTree when it has one.
 */
static int add_entry(lf_pdf_tags *tags, size_t key, lf_pdf_obj *value) {
  if (tags->entry_count == tags->entry_cap) {
    size_t cap = tags->entry_cap ? tags->entry_cap * 2 : 16;
    lf_pdf_tree_entry *grown = realloc(tags->entries, cap * sizeof *grown);
    if (!grown)
      return lf_pdf_fail(tags->doc, "out of memory");
    tags->entries = grown;
    tags->entry_cap = cap;
  }
  tags->entries[tags->entry_count++] = (lf_pdf_tree_entry){key, value};
  if (tags->nums &&
      (lf_pdf_array_int(tags->nums, (long)key) || lf_pdf_array_put(tags->nums, value)))
    return -1;
  return 0;
}

/*
 * 'make_root()' - The StructTreeRoot with its /K (before the elements).
 */
static int make_root(lf_pdf_tags *tags) {
  lf_pdf_doc *doc = tags->doc;
  tags->root = lf_pdf_indirect_dict(doc);
  if (!tags->root)
    return lf_pdf_fail(doc, "creating the structure tree");
  lf_pdf_dict_name(tags->root, "Type", "StructTreeRoot");
  tags->root_kids = lf_pdf_array(doc);
  lf_pdf_dict_put(tags->root, "K", tags->root_kids);
  tags->top_parent = tags->root;
  return 0;
}

/*
 * 'finish_root()' - The ParentTree (after the elements) and the catalog's
 * /StructTreeRoot and /MarkInfo.
 */
static int finish_root(lf_pdf_tags *tags) {
  lf_pdf_doc *doc = tags->doc;
  lf_pdf_obj *parent_tree = lf_pdf_indirect_dict(doc);
  if (parent_tree) {
    tags->nums = lf_pdf_array(doc);
    lf_pdf_dict_put(parent_tree, "Nums", tags->nums);
    lf_pdf_dict_put(tags->root, "ParentTree", parent_tree);
  }
  lf_pdf_obj *catalog = lf_pdf_catalog(doc);
  lf_pdf_dict_put(catalog, "StructTreeRoot", tags->root);
  lf_pdf_obj *mark_info = lf_pdf_dict(doc);
  if (mark_info && lf_pdf_dict_put(catalog, "MarkInfo", mark_info) == 0)
    lf_pdf_dict_bool(mark_info, "Marked", 1);
  if (lf_pdf_failed(doc) || !parent_tree || !mark_info)
    return lf_pdf_fail(doc, "creating the structure tree");
  return 0;
}

/*
 * 'put_attributes()' - What an element says beyond its type: a figure's
 * /Alt and its bounding box (a Layout attribute), a table header cell's
 * /Scope (a Table attribute).
 */
static void put_attributes(lf_pdf_doc *doc, lf_pdf_obj *dict, const lf_element *el) {
  if (el->type == LF_EL_FIGURE) {
    if (el->alt && el->alt[0])
      lf_pdf_dict_put(dict, "Alt", lf_pdf_text(doc, el->alt));
    if (el->has_bbox) {
      lf_pdf_obj *attr = lf_pdf_dict(doc), *box = lf_pdf_array(doc);
      if (lf_pdf_dict_put(dict, "A", attr) == 0 && lf_pdf_dict_put(attr, "BBox", box) == 0) {
        lf_pdf_dict_name(attr, "O", "Layout");
        lf_pdf_dict_name(attr, "Placement", "Block");
        lf_pdf_array_real(box, el->bbox.x);
        lf_pdf_array_real(box, el->bbox.y);
        lf_pdf_array_real(box, el->bbox.x + el->bbox.w);
        lf_pdf_array_real(box, el->bbox.y + el->bbox.h);
      }
    }
  } else if (el->type == LF_EL_TH && el->scope != LF_SCOPE_NONE) {
    lf_pdf_obj *attr = lf_pdf_dict(doc);
    if (lf_pdf_dict_put(dict, "A", attr) == 0) {
      lf_pdf_dict_name(attr, "O", "Table");
      lf_pdf_dict_name(attr, "Scope", el->scope == LF_SCOPE_ROW ? "Row" : "Column");
    }
  }
}

/*
 * 'lf_pdf_tags_begin()' - Every element with its /S, /P and /K; with a
 * root of the document's own, that root first, its /RoleMap with the
 * elements, then its ParentTree.
 */
int lf_pdf_tags_begin(lf_pdf_doc *doc, const lf_display *d,
                      lf_pdf_tags_place place, lf_pdf_tags **out) {
  size_t n = d->element_count;

  *out = NULL;
  if (!n)
    return 0;
  lf_pdf_tags *tags = calloc(1, sizeof *tags);
  if (!tags)
    return lf_pdf_fail(doc, "out of memory");
  *out = tags;
  tags->doc = doc;
  tags->display = d;
  tags->first_key = place.first_key;
  tags->elements = calloc(n, sizeof *tags->elements);
  tags->kids = calloc(n, sizeof *tags->kids);
  tags->first_page = calloc(n, sizeof *tags->first_page);
  tags->names = calloc(n, sizeof *tags->names);
  tags->attached = calloc(n, 1);
  tags->open = OPEN_NONE;
  tags->chain = calloc(n, sizeof *tags->chain);
  tags->tops = calloc(n, sizeof *tags->tops);
  if (!tags->elements || !tags->kids || !tags->first_page || !tags->names ||
      !tags->attached || !tags->chain || !tags->tops)
    return lf_pdf_fail(doc, "out of memory");

  if (!place.parent ? make_root(tags)
                    : !(tags->top_parent = lf_pdf_ref(doc, place.parent)))
    return lf_pdf_fail(doc, "creating the structure tree");

  lf_pdf_obj *role_map = NULL;
  for (size_t e = 0; e < n && !lf_pdf_failed(doc); e++) {
    const lf_element *el = &d->elements[e];
    tags->names[e] = element_name(el);
    tags->elements[e] = lf_pdf_indirect_dict(doc);
    if (!tags->elements[e])
      break;
    lf_pdf_dict_name(tags->elements[e], "S", tags->names[e]);
    if (el->actual_text && el->actual_text[0]) /* what a screen reader says */
      lf_pdf_dict_put(tags->elements[e], "ActualText", lf_pdf_text(doc, el->actual_text));
    if (el->lang && el->lang[0])
      lf_pdf_dict_put(tags->elements[e], "Lang", lf_pdf_text(doc, el->lang));
    tags->kids[e] = lf_pdf_array(doc);
    lf_pdf_dict_put(tags->elements[e], "K", tags->kids[e]);
    put_attributes(doc, tags->elements[e], el);
    if (tags->root && lf_pdf_element_role(el)) {
      if (!role_map) {
        role_map = lf_pdf_dict(doc);
        if (lf_pdf_dict_put(tags->root, "RoleMap", role_map))
          break; /* and role_map is freed */
      }
      lf_pdf_dict_name(role_map, tags->names[e], lf_pdf_standard_type(el->type));
    }
  }
  if (lf_pdf_failed(doc) || !tags->elements[n - 1])
    return lf_pdf_fail(doc, "creating the structure elements");
  for (size_t e = 0; e < n && !lf_pdf_failed(doc); e++) {
    int parent = d->elements[e].parent;
    lf_pdf_dict_put(tags->elements[e], "P",
                    parent >= 0 ? tags->elements[parent] : tags->top_parent);
  }
  return tags->root ? finish_root(tags) : 0;
}

/*
 * 'attach()' - Make element 'e' a kid of its parent (or a top-level
 * element), after attaching the parent itself, unless that has happened
 * already.
 */
static void attach(lf_pdf_tags *tags, int e) {
  const lf_element *elements = tags->display->elements;
  size_t depth = 0;

  /* Collect the unattached ancestors, then attach them from the top. */
  for (int at = e; at >= 0 && !tags->attached[at]; at = elements[at].parent)
    tags->chain[depth++] = at;
  while (depth) {
    int el = tags->chain[--depth];
    int parent = elements[el].parent;
    /* a table cell joins its row in column order, after any empty cell
     * before it (which gets no content, and would join last) */
    if ((elements[el].type == LF_EL_TH || elements[el].type == LF_EL_TD) && parent >= 0)
      for (int k = parent + 1; k < el; k++)
        if (elements[k].parent == parent && !tags->attached[k]) {
          tags->attached[k] = 1;
          lf_pdf_array_put(tags->kids[parent], tags->elements[k]);
        }
    tags->attached[el] = 1;
    if (parent >= 0) {
      lf_pdf_array_put(tags->kids[parent], tags->elements[el]);
    } else {
      tags->tops[tags->top_count++] = tags->elements[el];
      if (tags->root_kids)
        lf_pdf_array_put(tags->root_kids, tags->elements[el]);
    }
  }
}

/*
 * 'add_page_kid()' - Give element 'e' a kid on 'page': an MCID (a number
 * when the page is the element's /Pg, else a marked-content reference) or
 * an object reference to an annotation.
 */
static void add_page_kid(lf_pdf_tags *tags, int e, lf_pdf_obj *page, int mcid,
                         lf_pdf_obj *annot) {
  lf_pdf_doc *doc = tags->doc;

  attach(tags, e);
  if (!tags->first_page[e]) {
    tags->first_page[e] = page;
    lf_pdf_dict_put(tags->elements[e], "Pg", page);
  }
  if (annot) {
    lf_pdf_obj *objr = lf_pdf_dict(doc);
    if (objr && lf_pdf_array_put(tags->kids[e], objr) == 0) {
      lf_pdf_dict_name(objr, "Type", "OBJR");
      lf_pdf_dict_put(objr, "Obj", annot);
      if (page != tags->first_page[e])
        lf_pdf_dict_put(objr, "Pg", page);
    }
  } else if (page == tags->first_page[e]) {
    lf_pdf_array_int(tags->kids[e], mcid);
  } else {
    lf_pdf_obj *mcr = lf_pdf_dict(doc);
    if (mcr && lf_pdf_array_put(tags->kids[e], mcr) == 0) {
      lf_pdf_dict_name(mcr, "Type", "MCR");
      lf_pdf_dict_put(mcr, "Pg", page);
      lf_pdf_dict_int(mcr, "MCID", mcid);
    }
  }
}

/*
 * 'close_sequence()' - End the open marked-content sequence, if any.
 */
static void close_sequence(lf_pdf_tags *tags, lf_buf *content) {
  if (tags->open != OPEN_NONE)
    lf_buf_str(content, "EMC\n");
  tags->open = OPEN_NONE;
}

/*
 * 'lf_pdf_tags_open()' - Before a painted item: nothing when it continues
 * the open sequence (consecutive items of one element share a marked
 * content sequence and an MCID, so a paragraph's lines on a page are one
 * kid of it); else close that sequence and start "/Artifact BMC" for an
 * artifact, or "/<S> <</MCID n>> BDC" with the page's next MCID, recorded
 * in the ParentTree and in the element's /K.
 */
int lf_pdf_tags_open(lf_pdf_tags *tags, lf_buf *content, lf_pdf_obj *page,
                     size_t page_index, const lf_item *item) {
  if (!tags)
    return 0;
  lf_pdf_doc *doc = tags->doc;
  int e = item->element;

  if (tags->open == (e >= 0 ? e : OPEN_ARTIFACT))
    return 0;
  close_sequence(tags, content);
  if (e < 0) {
    lf_buf_str(content, "/Artifact BMC\n");
    tags->open = OPEN_ARTIFACT;
    return 0;
  }
  if (!tags->page_owners) {
    /* The page's first MCID: its ParentTree entry and /StructParents.  (A
     * failed put frees the array, so keep it only after.) */
    size_t key = tags->first_key + page_index;
    lf_pdf_obj *owners = tags->root ? lf_pdf_array(doc) : lf_pdf_indirect_array(doc);
    if (!owners || add_entry(tags, key, owners) ||
        lf_pdf_dict_int(page, "StructParents", (long)key))
      return lf_pdf_fail(doc, "tagging page %zu", page_index + 1);
    tags->page_owners = owners;
  }
  int mcid = tags->next_mcid++;
  lf_pdf_array_put(tags->page_owners, tags->elements[e]);
  add_page_kid(tags, e, page, mcid, NULL);
  if (lf_pdf_failed(doc))
    return lf_pdf_fail(doc, "tagging page %zu", page_index + 1);
  lf_pdf_buf_name(content, tags->names[e]);
  lf_buf_printf(content, " <</MCID %d>> BDC\n", mcid);
  tags->open = e;
  return 0;
}

/*
 * 'lf_pdf_tags_end_page()' - Close the page's last sequence; the next page
 * starts its MCIDs from 0.
 */
void lf_pdf_tags_end_page(lf_pdf_tags *tags, lf_buf *content) {
  if (!tags)
    return;
  close_sequence(tags, content);
  tags->page_owners = NULL;
  tags->next_mcid = 0;
}

/*
 * 'lf_pdf_tags_link()' - Give a link annotation its /StructParent and its
 * element an OBJR kid pointing at it.
 */
int lf_pdf_tags_link(lf_pdf_tags *tags, lf_pdf_obj *page, size_t page_index,
                     const lf_item *item, lf_pdf_obj *annot) {
  if (!tags || item->element < 0)
    return 0;
  lf_pdf_doc *doc = tags->doc;
  if (tags->annot_count == tags->annot_cap) {
    size_t cap = tags->annot_cap ? tags->annot_cap * 2 : 16;
    int *grown = realloc(tags->annot_elements, cap * sizeof *grown);
    if (!grown)
      return lf_pdf_fail(doc, "out of memory");
    tags->annot_elements = grown;
    tags->annot_cap = cap;
  }
  size_t key = tags->first_key + tags->display->page_count + tags->annot_count;
  tags->annot_elements[tags->annot_count++] = item->element;
  lf_pdf_dict_int(annot, "StructParent", (long)key);
  add_page_kid(tags, item->element, page, -1, annot);
  if (lf_pdf_failed(doc))
    return lf_pdf_fail(doc, "tagging a link on page %zu", page_index + 1);
  return 0;
}

/*
 * 'lf_pdf_tags_finish()' - Attach the elements that got no content, add
 * the annotations' ParentTree entries and /ParentTreeNextKey.
 */
int lf_pdf_tags_finish(lf_pdf_tags *tags) {
  if (!tags)
    return 0;
  lf_pdf_doc *doc = tags->doc;
  size_t pages = tags->first_key + tags->display->page_count;
  int rc = 0;
  for (size_t e = 0; e < tags->display->element_count; e++)
    attach(tags, (int)e);
  for (size_t a = 0; a < tags->annot_count && !rc; a++)
    rc = add_entry(tags, pages + a, tags->elements[tags->annot_elements[a]]);
  if (tags->root)
    lf_pdf_dict_int(tags->root, "ParentTreeNextKey", (long)(pages + tags->annot_count));
  if (rc || lf_pdf_failed(doc))
    return lf_pdf_fail(doc, "finishing the structure tree");
  return 0;
}

/* 'lf_pdf_tags_tops()' - The top-level elements. */
lf_pdf_obj *const *lf_pdf_tags_tops(const lf_pdf_tags *tags, size_t *count) {
  *count = tags ? tags->top_count : 0;
  return tags ? tags->tops : NULL;
}

/* 'lf_pdf_tags_entries()' - The ParentTree entries. */
const lf_pdf_tree_entry *lf_pdf_tags_entries(const lf_pdf_tags *tags,
                                             size_t *count) {
  *count = tags ? tags->entry_count : 0;
  return tags ? tags->entries : NULL;
}

/*
 * 'lf_pdf_tags_free()' - Free the tagging state; the objects belong to the
 * document.
 */
void lf_pdf_tags_free(lf_pdf_tags *tags) {
  if (!tags)
    return;
  free(tags->elements);
  free(tags->kids);
  free(tags->first_page);
  free(tags->names);
  free(tags->attached);
  free(tags->chain);
  free(tags->tops);
  free(tags->entries);
  free(tags->annot_elements);
  free(tags);
}

/*
 * 'lf_pdf_tags_root_of_parts()' - The StructTreeRoot, pinned to its
 * number, over the Document element and the ParentTree written by the
 * trees of the parts (stand-ins refer to them); the /RoleMap; the
 * catalog's /StructTreeRoot and /MarkInfo.
 */
int lf_pdf_tags_root_of_parts(lf_pdf_doc *doc, uint32_t number, uint32_t document,
                              uint32_t parent_tree, size_t next_key,
                              char *const *roles, size_t role_count) {
  lf_pdf_obj *root = lf_pdf_indirect_dict(doc);
  if (!root || lf_pdf_pin(doc, root, number) ||
      lf_pdf_dict_name(root, "Type", "StructTreeRoot") ||
      lf_pdf_dict_put(root, "K", lf_pdf_ref(doc, document)) ||
      lf_pdf_dict_put(root, "ParentTree", lf_pdf_ref(doc, parent_tree)) ||
      lf_pdf_dict_int(root, "ParentTreeNextKey", (long)next_key))
    return lf_pdf_fail(doc, "writing the structure tree");
  if (role_count) {
    lf_pdf_obj *role_map = lf_pdf_dict(doc);
    if (!role_map || lf_pdf_dict_put(root, "RoleMap", role_map))
      return lf_pdf_fail(doc, "writing the structure tree");
    for (size_t i = 0; i + 1 < role_count * 2; i += 2)
      lf_pdf_dict_name(role_map, roles[i], roles[i + 1]);
  }
  lf_pdf_obj *catalog = lf_pdf_catalog(doc);
  lf_pdf_dict_put(catalog, "StructTreeRoot", root);
  lf_pdf_obj *mark_info = lf_pdf_dict(doc);
  if (mark_info && lf_pdf_dict_put(catalog, "MarkInfo", mark_info) == 0)
    lf_pdf_dict_bool(mark_info, "Marked", 1);
  return lf_pdf_failed(doc) ? lf_pdf_fail(doc, "writing the structure tree") : 0;
}
