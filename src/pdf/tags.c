/*
 * tags.c -- tagged PDF through libharu's object API: a structure element
 * per display element under a StructTreeRoot, marked content around every
 * painted item (BDC/EMC with an MCID, or an /Artifact sequence), the
 * ParentTree that maps MCIDs and annotations back to their elements, OBJR
 * kids for link annotations, and /MarkInfo.  An element with words for a
 * screen reader to say in place of its text (a proof's "[deleted: ...]")
 * gets them as /ActualText.
 *
 * Structure elements join their parent's /K when their first content is
 * drawn, so a parent's kids follow reading order even when a child (a Link
 * inside a paragraph) interrupts its parent's own text.  Elements that never
 * get content join at the end, in index order.
 *
 * ParentTree keys: page i is key i (its /StructParents); the n-th tagged
 * annotation is key page_count + n (its /StructParent).  In a part of a
 * spool (spool.c) keys start from the part's key_base, the ParentTree's
 * values are objects of their own, and the root, its ParentTree and
 * /RoleMap are the spool's, written when it closes: the part's stand-ins
 * are never written, and its top-level elements' /P is the spool's root.
 */
#include <stdlib.h>
#include <string.h>

#include "pdf_internal.h"

/* What 'open' holds besides an element index. */
enum { OPEN_NONE = -1, OPEN_ARTIFACT = -2 };

struct lf_pdf_tags {
  HPDF_Dict root;           /* StructTreeRoot */
  HPDF_Array root_kids;     /* its /K */
  HPDF_Array nums;          /* the ParentTree's /Nums */
  HPDF_Dict *elements;      /* one StructElem per display element */
  HPDF_Array *kids;         /* each one's /K */
  HPDF_Page *first_page;    /* each one's /Pg, NULL until it has content */
  const char **names;       /* each one's /S: its role or standard type */
  unsigned char *attached;  /* whether it has joined its parent's /K */
  int *chain;               /* scratch for attach() */
  HPDF_Array page_owners;   /* MCID owners of the page being drawn */
  int next_mcid;            /* on the page being drawn */
  int open;                 /* the open marked-content sequence's element,
                               or OPEN_ARTIFACT or OPEN_NONE */
  int *annot_elements;      /* the element of each tagged annotation */
  size_t annot_count, annot_cap;
};

/*
 * 'standard_name()' - PDF's name for an element type.
 */
static const char *standard_name(lf_element_type type) {
  static const char *const names[] = {
      "Document", "H1",   "H2",   "H3",   "H4",   "P",    "L",
      "LI",       "Lbl",  "LBody", "Link", "Sect", "Div", "Span"};
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
 * 'element_name()' - The /S of an element: its role when it has a usable
 * one (a name of at most 127 bytes that is not a standard type), else its
 * standard type.
 */
static const char *element_name(const lf_element *element) {
  const char *role = element->role;
  if (role && role[0] && strlen(role) <= HPDF_LIMIT_MAX_NAME_LEN &&
      !is_standard_type(role))
    return role;
  return standard_name(element->type);
}

/*
 * 'new_indirect()' - A dictionary that is an indirect object.
 */
static HPDF_Dict new_indirect(lf_pdf_ctx *ctx) {
  HPDF_Dict dict = HPDF_Dict_New(ctx->doc->mmgr);
  if (dict && HPDF_Xref_Add(ctx->doc->xref, dict) != HPDF_OK)
    return NULL; /* HPDF_Xref_Add() has freed it */
  return dict;
}

/*
 * 'lf_pdf_tags_begin()' - Create the StructTreeRoot, every element with
 * its /S, /P and /K, the /RoleMap, the ParentTree, and the catalog's
 * /StructTreeRoot and /MarkInfo.  Nothing when the display has no elements.
 */
int lf_pdf_tags_begin(lf_pdf_ctx *ctx) {
  const lf_display *d = ctx->display;
  size_t n = d->element_count;

  if (!n)
    return 0;
  lf_pdf_tags *tags = calloc(1, sizeof *tags);
  if (!tags)
    return lf_pdf_fail(ctx, "out of memory");
  ctx->tags = tags;
  tags->elements = calloc(n, sizeof *tags->elements);
  tags->kids = calloc(n, sizeof *tags->kids);
  tags->first_page = calloc(n, sizeof *tags->first_page);
  tags->names = calloc(n, sizeof *tags->names);
  tags->attached = calloc(n, 1);
  tags->open = OPEN_NONE;
  tags->chain = calloc(n, sizeof *tags->chain);
  if (!tags->elements || !tags->kids || !tags->first_page || !tags->names ||
      !tags->attached || !tags->chain)
    return lf_pdf_fail(ctx, "out of memory");

  HPDF_MMgr mmgr = ctx->doc->mmgr;
  tags->root = new_indirect(ctx);
  if (!tags->root || (ctx->spool && lf_pdf_fix(ctx, tags->root, LF_PDF_SPOOL_STRUCT)))
    return lf_pdf_fail(ctx, "creating the structure tree");
  HPDF_Dict_AddName(tags->root, "Type", "StructTreeRoot");
  tags->root_kids = HPDF_Array_New(mmgr);
  HPDF_Dict_Add(tags->root, "K", tags->root_kids);

  HPDF_Dict role_map = NULL;
  for (size_t e = 0; e < n && !lf_pdf_failed(ctx); e++) {
    const lf_element *el = &d->elements[e];
    tags->names[e] = element_name(el);
    tags->elements[e] = new_indirect(ctx);
    if (!tags->elements[e])
      break;
    HPDF_Dict_AddName(tags->elements[e], "S", tags->names[e]);
    if (el->actual_text && el->actual_text[0]) /* what a screen reader says */
      HPDF_Dict_Add(tags->elements[e], "ActualText", lf_pdf_text_string(ctx, el->actual_text));
    tags->kids[e] = HPDF_Array_New(mmgr);
    HPDF_Dict_Add(tags->elements[e], "K", tags->kids[e]);
    if (tags->names[e] != standard_name(el->type)) {
      if (!role_map) {
        role_map = HPDF_Dict_New(mmgr);
        if (HPDF_Dict_Add(tags->root, "RoleMap", role_map) != HPDF_OK)
          break; /* and role_map is freed */
      }
      HPDF_Dict_AddName(role_map, tags->names[e], standard_name(el->type));
      if (ctx->spool)
        lf_pdf_spool_role(ctx, tags->names[e], standard_name(el->type));
    }
  }
  if (lf_pdf_failed(ctx) || !tags->elements[n - 1])
    return lf_pdf_fail(ctx, "creating the structure elements");
  for (size_t e = 0; e < n && !lf_pdf_failed(ctx); e++) {
    int parent = d->elements[e].parent;
    HPDF_Dict_Add(tags->elements[e], "P",
                  parent >= 0 ? tags->elements[parent] : tags->root);
  }

  HPDF_Dict parent_tree = new_indirect(ctx);
  if (parent_tree && ctx->spool && lf_pdf_fix(ctx, parent_tree, 0))
    return -1;
  if (parent_tree) {
    tags->nums = HPDF_Array_New(mmgr);
    HPDF_Dict_Add(parent_tree, "Nums", tags->nums);
    HPDF_Dict_Add(tags->root, "ParentTree", parent_tree);
  }
  HPDF_Dict_Add(ctx->doc->catalog, "StructTreeRoot", tags->root);
  HPDF_Dict mark_info = HPDF_Dict_New(mmgr);
  if (mark_info && HPDF_Dict_Add(ctx->doc->catalog, "MarkInfo", mark_info) ==
                       HPDF_OK)
    HPDF_Dict_AddBoolean(mark_info, "Marked", HPDF_TRUE);
  if (lf_pdf_failed(ctx) || !parent_tree || !mark_info)
    return lf_pdf_fail(ctx, "creating the structure tree");
  return 0;
}

/*
 * 'attach()' - Make element 'e' a kid of its parent (or of the root), after
 * attaching the parent itself, unless that has happened already.
 */
static void attach(lf_pdf_ctx *ctx, int e) {
  lf_pdf_tags *tags = ctx->tags;
  const lf_element *elements = ctx->display->elements;
  size_t depth = 0;

  /* Collect the unattached ancestors, then attach them from the top. */
  for (int at = e; at >= 0 && !tags->attached[at]; at = elements[at].parent)
    tags->chain[depth++] = at;
  while (depth) {
    int el = tags->chain[--depth];
    int parent = elements[el].parent;
    tags->attached[el] = 1;
    HPDF_Array_Add(parent >= 0 ? tags->kids[parent] : tags->root_kids,
                   tags->elements[el]);
  }
}

/*
 * 'add_page_kid()' - Give element 'e' a kid on 'page': an MCID (a number
 * when the page is the element's /Pg, else a marked-content reference) or
 * an object reference to an annotation.
 */
static void add_page_kid(lf_pdf_ctx *ctx, int e, HPDF_Page page, int mcid,
                         HPDF_Annotation annot) {
  lf_pdf_tags *tags = ctx->tags;
  HPDF_MMgr mmgr = ctx->doc->mmgr;

  attach(ctx, e);
  if (!tags->first_page[e]) {
    tags->first_page[e] = page;
    HPDF_Dict_Add(tags->elements[e], "Pg", page);
  }
  if (annot) {
    HPDF_Dict objr = HPDF_Dict_New(mmgr);
    if (objr && HPDF_Array_Add(tags->kids[e], objr) == HPDF_OK) {
      HPDF_Dict_AddName(objr, "Type", "OBJR");
      HPDF_Dict_Add(objr, "Obj", annot);
      if (page != tags->first_page[e])
        HPDF_Dict_Add(objr, "Pg", page);
    }
  } else if (page == tags->first_page[e]) {
    HPDF_Array_AddNumber(tags->kids[e], mcid);
  } else {
    HPDF_Dict mcr = HPDF_Dict_New(mmgr);
    if (mcr && HPDF_Array_Add(tags->kids[e], mcr) == HPDF_OK) {
      HPDF_Dict_AddName(mcr, "Type", "MCR");
      HPDF_Dict_Add(mcr, "Pg", page);
      HPDF_Dict_AddNumber(mcr, "MCID", mcid);
    }
  }
}

/*
 * 'close_sequence()' - End the open marked-content sequence, if any.
 */
static void close_sequence(lf_pdf_ctx *ctx) {
  if (ctx->tags->open != OPEN_NONE)
    lf_pdf_buf_str(&ctx->content, "EMC\n");
  ctx->tags->open = OPEN_NONE;
}

/*
 * 'lf_pdf_tags_open()' - Before a painted item: nothing when it continues
 * the open sequence (consecutive items of one element share a marked
 * content sequence and an MCID, so a paragraph's lines on a page are one
 * kid of it); else close that sequence and start "/Artifact BMC" for an
 * artifact, or "/<S> <</MCID n>> BDC" with the page's next MCID, recorded
 * in the ParentTree and in the element's /K.
 */
int lf_pdf_tags_open(lf_pdf_ctx *ctx, size_t page_index, const lf_item *item) {
  lf_pdf_tags *tags = ctx->tags;
  if (!tags)
    return 0;
  HPDF_Page page = ctx->pages[page_index];
  int e = item->element;

  if (tags->open == (e >= 0 ? e : OPEN_ARTIFACT))
    return 0;
  close_sequence(ctx);
  if (e < 0) {
    lf_pdf_buf_str(&ctx->content, "/Artifact BMC\n");
    tags->open = OPEN_ARTIFACT;
    return 0;
  }
  if (!tags->page_owners) {
    /* The page's first MCID: its ParentTree entry and /StructParents.  (A
     * failed HPDF_Array_Add() frees the array, so keep it only after.)  A
     * spool's entries are objects of their own, named when it closes. */
    HPDF_Array owners = NULL;
    HPDF_INT32 key = (HPDF_INT32)(ctx->key_base + page_index);
    if (HPDF_Array_AddNumber(tags->nums, key) != HPDF_OK ||
        !(owners = HPDF_Array_New(ctx->doc->mmgr)) ||
        (ctx->spool && HPDF_Xref_Add(ctx->doc->xref, owners) != HPDF_OK) ||
        HPDF_Array_Add(tags->nums, owners) != HPDF_OK ||
        HPDF_Dict_AddNumber(page, "StructParents", key) != HPDF_OK)
      return lf_pdf_fail(ctx, "tagging page %zu", page_index + 1);
    tags->page_owners = owners;
  }
  int mcid = tags->next_mcid++;
  HPDF_Array_Add(tags->page_owners, tags->elements[e]);
  add_page_kid(ctx, e, page, mcid, NULL);
  if (lf_pdf_failed(ctx))
    return lf_pdf_fail(ctx, "tagging page %zu", page_index + 1);
  lf_pdf_buf_name(&ctx->content, tags->names[e]);
  lf_pdf_buf_printf(&ctx->content, " <</MCID %d>> BDC\n", mcid);
  tags->open = e;
  return 0;
}

/*
 * 'lf_pdf_tags_end_page()' - Close the page's last sequence; the next page
 * starts its MCIDs from 0.
 */
int lf_pdf_tags_end_page(lf_pdf_ctx *ctx, size_t page_index) {
  (void)page_index;
  if (ctx->tags) {
    close_sequence(ctx);
    ctx->tags->page_owners = NULL;
    ctx->tags->next_mcid = 0;
  }
  return 0;
}

/*
 * 'lf_pdf_tags_link()' - Give a link annotation its /StructParent and its
 * element an OBJR kid pointing at it.
 */
int lf_pdf_tags_link(lf_pdf_ctx *ctx, size_t page_index, const lf_item *item,
                     HPDF_Annotation annot) {
  lf_pdf_tags *tags = ctx->tags;
  if (!tags || item->element < 0)
    return 0;
  if (tags->annot_count == tags->annot_cap) {
    size_t cap = tags->annot_cap ? tags->annot_cap * 2 : 16;
    int *grown = realloc(tags->annot_elements, cap * sizeof *grown);
    if (!grown)
      return lf_pdf_fail(ctx, "out of memory");
    tags->annot_elements = grown;
    tags->annot_cap = cap;
  }
  size_t key = ctx->key_base + ctx->display->page_count + tags->annot_count;
  tags->annot_elements[tags->annot_count++] = item->element;
  HPDF_Dict_AddNumber(annot, "StructParent", (HPDF_INT32)key);
  add_page_kid(ctx, item->element, ctx->pages[page_index], -1, annot);
  if (lf_pdf_failed(ctx))
    return lf_pdf_fail(ctx, "tagging a link on page %zu", page_index + 1);
  return 0;
}

/*
 * 'lf_pdf_tags_finish()' - Attach the elements that got no content, add
 * the annotations' ParentTree entries and /ParentTreeNextKey.
 */
int lf_pdf_tags_finish(lf_pdf_ctx *ctx) {
  lf_pdf_tags *tags = ctx->tags;
  if (!tags)
    return 0;
  size_t pages = ctx->key_base + ctx->display->page_count;
  for (size_t e = 0; e < ctx->display->element_count; e++)
    attach(ctx, (int)e);
  for (size_t a = 0; a < tags->annot_count; a++) {
    HPDF_Array_AddNumber(tags->nums, (HPDF_INT32)(pages + a));
    HPDF_Array_Add(tags->nums, tags->elements[tags->annot_elements[a]]);
  }
  HPDF_Dict_AddNumber(tags->root, "ParentTreeNextKey",
                      (HPDF_INT32)(pages + tags->annot_count));
  if (lf_pdf_failed(ctx))
    return lf_pdf_fail(ctx, "finishing the structure tree");
  return 0;
}

/*
 * 'lf_pdf_tags_to_spool()' - After a part is saved: the numbers of its
 * top-level elements, in reading order, and of its ParentTree's values.
 */
int lf_pdf_tags_to_spool(lf_pdf_ctx *ctx) {
  lf_pdf_tags *tags = ctx->tags;
  if (!tags)
    return 0;
  for (HPDF_UINT i = 0; i < tags->root_kids->list->count; i++)
    if (lf_pdf_spool_top(ctx->spool,
                         lf_pdf_number(HPDF_List_ItemAt(tags->root_kids->list, i))))
      return lf_pdf_fail(ctx, "out of memory");
  for (HPDF_UINT i = 0; i + 1 < tags->nums->list->count; i += 2) {
    const HPDF_Number key = HPDF_List_ItemAt(tags->nums->list, i);
    const void *value = HPDF_List_ItemAt(tags->nums->list, i + 1);
    if (lf_pdf_spool_key(ctx->spool, (size_t)key->value, lf_pdf_number(value)))
      return lf_pdf_fail(ctx, "out of memory");
  }
  return 0;
}

/*
 * 'lf_pdf_tags_free()' - Free the tagging state; the libharu objects
 * belong to the document.
 */
void lf_pdf_tags_free(lf_pdf_ctx *ctx) {
  lf_pdf_tags *tags = ctx->tags;
  if (!tags)
    return;
  free(tags->elements);
  free(tags->kids);
  free(tags->first_page);
  free(tags->names);
  free(tags->attached);
  free(tags->chain);
  free(tags->annot_elements);
  free(tags);
  ctx->tags = NULL;
}
