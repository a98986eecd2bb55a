/*
 * spool.c -- a document written part by part (pdf.h): a mailing's print
 * file, whose memory must not grow with the mailing.
 *
 * Each part is drawn into a libharu document of its own, as a document of
 * its own would be (writer.c), and saved at once (save.c) with its objects
 * numbered on from the parts before it: its pages, content streams,
 * structure elements, links and ParentTree values go to the file, in an
 * object stream of the part's own.  The few objects every part refers to
 * have numbers fixed in advance (the page tree's root, the Document
 * structure element every part's elements go under, and the shared
 * /Resources: LF_PDF_SPOOL_*) and are written when the
 * spool closes; a part's own stand-ins for them are never written.  What
 * the spool keeps is small and grows by a few bytes a page: a
 * cross-reference row per object, the pages' numbers, the structure
 * root's kids, the ParentTree's keys, a bookmark per part, and which
 * characters each face has shown (the fonts, subset to all of them, are
 * made when it closes).
 *
 * Closing builds the shared objects in one more libharu document whose
 * stand-ins for the parts' objects (pages, elements) carry the parts'
 * numbers and are not written, then the cross-reference stream of the
 * whole file, and renames the file into place.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet/files.h"
#include "pdf_internal.h"

/* A bookmark: a part's first page. */
typedef struct spool_mark {
  char *title;
  size_t page;
} spool_mark;

struct lf_pdf_spool {
  char *path, *temp;             /* the file, and its name until it closes */
  int fd;
  int failed;
  const lf_fontset *fonts;
  double width, height;
  char *language, *identifier;
  lf_pdf_cache *cache;
  uint64_t offset;               /* bytes written */
  uint32_t next;                 /* the next object number */
  lf_pdf_xref_row *rows;         /* row n for object n */
  size_t row_cap;
  uint32_t *pages;               /* each page's object number */
  size_t page_count, page_cap;
  uint32_t *tops;                /* the structure root's kids */
  size_t top_count, top_cap;
  uint32_t *keys;                /* ParentTree key k -> object (0: none) */
  size_t key_count, key_cap;
  char **roles;                  /* /RoleMap: role, standard type, ... */
  size_t role_count, role_cap;   /* strings, two a role */
  spool_mark *marks;
  size_t mark_count, mark_cap;
  unsigned char used[LF_FACE_COUNT][65536 / 8]; /* codes each face showed */
  int face_used[LF_FACE_COUNT];
  lf_pdf_astral astral;          /* codes beyond U+FFFF, shared by parts */
  lf_pdf_id_hash id;
};

/*
 * 'grow()' - Room for 'want' items of 'size' bytes in '*items'; 0 or -1.
 */
static int grow(void **items, size_t *cap, size_t want, size_t size) {
  if (want <= *cap)
    return 0;
  size_t n = *cap ? *cap : 64;
  while (n < want)
    n *= 2;
  void *bigger = realloc(*items, n * size);
  if (!bigger)
    return -1;
  memset((char *)bigger + *cap * size, 0, (n - *cap) * size);
  *items = bigger;
  *cap = n;
  return 0;
}

/*
 * 'lf_pdf_spool_next()' - The next object number a part may use.
 */
uint32_t lf_pdf_spool_next(const lf_pdf_spool *spool) { return spool->next; }

/*
 * 'lf_pdf_spool_offset()' - Bytes written so far.
 */
uint64_t lf_pdf_spool_offset(const lf_pdf_spool *spool) { return spool->offset; }

/*
 * 'lf_pdf_spool_pages()' - Pages added so far.
 */
size_t lf_pdf_spool_pages(const lf_pdf_spool *spool) {
  return spool ? spool->page_count : 0;
}

/*
 * 'lf_pdf_spool_rows()' - The cross-reference rows, with room up to
 * object 'last'.
 */
lf_pdf_xref_row *lf_pdf_spool_rows(lf_pdf_spool *spool, size_t last) {
  if (grow((void **)&spool->rows, &spool->row_cap, last + 1, sizeof *spool->rows))
    return NULL;
  return spool->rows;
}

/*
 * 'lf_pdf_spool_emit()' - Append bytes to the file.
 */
int lf_pdf_spool_emit(lf_pdf_spool *spool, const void *data, size_t size,
                      uint32_t next_number) {
  if (lf_write_all(spool->fd, data, size) != 0) {
    spool->failed = errno ? errno : EIO;
    return -1;
  }
  spool->offset += size;
  spool->next = next_number;
  return 0;
}

/*
 * 'lf_pdf_spool_top()' - A top-level structure element.
 */
int lf_pdf_spool_top(lf_pdf_spool *spool, uint32_t number) {
  if (grow((void **)&spool->tops, &spool->top_cap, spool->top_count + 1,
           sizeof *spool->tops))
    return -1;
  spool->tops[spool->top_count++] = number;
  return 0;
}

/*
 * 'lf_pdf_spool_key()' - ParentTree entry 'key'.
 */
int lf_pdf_spool_key(lf_pdf_spool *spool, size_t key, uint32_t number) {
  if (key >= (size_t)INT32_MAX ||
      grow((void **)&spool->keys, &spool->key_cap, key + 1, sizeof *spool->keys))
    return -1;
  spool->keys[key] = number;
  if (key + 1 > spool->key_count)
    spool->key_count = key + 1;
  return 0;
}

/*
 * 'pin()' - Give 'object' a number in advance.
 */
static int pin(lf_pdf_ctx *ctx, void *object, uint32_t number, int write) {
  if (grow((void **)&ctx->fixed, &ctx->fixed_cap, ctx->fixed_count + 1,
           sizeof *ctx->fixed))
    return lf_pdf_fail(ctx, "out of memory");
  ctx->fixed[ctx->fixed_count++] = (lf_pdf_pinned){object, number, write};
  return 0;
}

/*
 * 'lf_pdf_fix()' - An object written elsewhere, under 'number'.
 */
int lf_pdf_fix(lf_pdf_ctx *ctx, void *object, uint32_t number) {
  return pin(ctx, object, number, 0);
}

/*
 * 'lf_pdf_pin()' - An object written here, under 'number'.
 */
int lf_pdf_pin(lf_pdf_ctx *ctx, void *object, uint32_t number) {
  return pin(ctx, object, number, 1);
}

/*
 * 'lf_pdf_spool_role()' - A role for the closing /RoleMap, once.
 */
void lf_pdf_spool_role(lf_pdf_ctx *ctx, const char *role, const char *standard) {
  lf_pdf_spool *spool = ctx->spool;
  for (size_t i = 0; i < spool->role_count; i += 2)
    if (strcmp(spool->roles[i], role) == 0)
      return;
  char *a = strdup(role), *b = strdup(standard);
  if (!a || !b || grow((void **)&spool->roles, &spool->role_cap,
                       spool->role_count + 2, sizeof *spool->roles)) {
    free(a);
    free(b);
    lf_pdf_fail(ctx, "out of memory");
    return;
  }
  spool->roles[spool->role_count++] = a;
  spool->roles[spool->role_count++] = b;
}

/*
 * 'spool_free()' - Free the spool (the file is already closed or gone).
 */
static void spool_free(lf_pdf_spool *spool) {
  free(spool->path);
  free(spool->language);
  free(spool->identifier);
  free(spool->rows);
  free(spool->pages);
  free(spool->tops);
  free(spool->keys);
  for (size_t i = 0; i < spool->role_count; i++)
    free(spool->roles[i]);
  free(spool->roles);
  for (size_t i = 0; i < spool->mark_count; i++)
    free(spool->marks[i].title);
  free(spool->marks);
  free(spool);
}

/*
 * 'lf_pdf_spool_open()' - The temporary file, its header, an empty spool.
 */
lf_pdf_spool *lf_pdf_spool_open(const char *path, unsigned mode,
                                const lf_fontset *fonts, double width,
                                double height, const char *language,
                                const char *identifier, lf_pdf_cache *cache,
                                lf_diags *diags) {
  lf_pdf_spool *spool = calloc(1, sizeof *spool);
  if (spool) {
    spool->fd = -1;
    spool->path = strdup(path);
    spool->language = strdup(language ? language : "");
    spool->identifier = strdup(identifier ? identifier : "");
  }
  if (!spool || !spool->path || !spool->language || !spool->identifier) {
    lf_error(diags, (lf_pos){path, 0, 0}, "cannot write PDF: out of memory");
    if (spool)
      spool_free(spool);
    return NULL;
  }
  spool->fonts = fonts;
  spool->width = width;
  spool->height = height;
  spool->cache = cache;
  spool->next = LF_PDF_SPOOL_FIRST;
  lf_pdf_id_start(&spool->id, spool->identifier);
  static const char header[] = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
  spool->fd = lf_temp_open(path, mode, &spool->temp);
  if (spool->fd < 0 || lf_write_all(spool->fd, header, sizeof header - 1) != 0) {
    lf_error(diags, (lf_pos){path, 0, 0}, "cannot write PDF: %s", strerror(errno));
    if (spool->fd >= 0)
      lf_temp_discard(spool->fd, spool->temp);
    spool_free(spool);
    return NULL;
  }
  spool->offset = sizeof header - 1;
  return spool;
}

/*
 * 'lf_pdf_spool_abort()' - Remove the file and free the spool.
 */
void lf_pdf_spool_abort(lf_pdf_spool *spool) {
  if (!spool)
    return;
  lf_temp_discard(spool->fd, spool->temp);
  spool_free(spool);
}

/*
 * 'take_part()' - After a part is saved: its pages' numbers, its bookmark,
 * the characters its faces showed, its structure's top and ParentTree.
 */
static int take_part(lf_pdf_ctx *ctx, const char *bookmark) {
  lf_pdf_spool *spool = ctx->spool;
  const lf_display *d = ctx->display;
  if (grow((void **)&spool->pages, &spool->page_cap, spool->page_count + d->page_count,
           sizeof *spool->pages) ||
      grow((void **)&spool->marks, &spool->mark_cap, spool->mark_count + 1,
           sizeof *spool->marks))
    return lf_pdf_fail(ctx, "out of memory");
  if (bookmark && bookmark[0]) {
    spool_mark *mark = &spool->marks[spool->mark_count];
    if (!(mark->title = strdup(bookmark)))
      return lf_pdf_fail(ctx, "out of memory");
    mark->page = spool->page_count;
    spool->mark_count++;
  }
  for (size_t p = 0; p < d->page_count; p++)
    spool->pages[spool->page_count++] = lf_pdf_number(ctx->pages[p]);
  for (int f = 0; f < LF_FACE_COUNT; f++) {
    int k = ctx->face_font[f];
    if (k < 0 || !ctx->fonts[k].metrics)
      continue;
    spool->face_used[f] = 1;
    for (size_t i = 0; i < sizeof spool->used[f]; i++)
      spool->used[f][i] |= ctx->fonts[k].used[i];
  }
  spool->astral = ctx->astral;
  lf_pdf_id_pages(ctx, &spool->id);
  return lf_pdf_tags_to_spool(ctx);
}

/*
 * 'lf_pdf_spool_add()' - Draw a part, save it to the file, keep what the
 * close needs.
 */
int lf_pdf_spool_add(lf_pdf_spool *spool, const lf_display *part,
                     const char *bookmark, lf_diags *diags) {
  if (spool->failed) {
    lf_error(diags, (lf_pos){spool->path, 0, 0}, "cannot write PDF: %s",
             strerror(spool->failed));
    return -1;
  }
  if (part->fonts != spool->fonts || part->page_width != spool->width ||
      part->page_height != spool->height) {
    lf_error(diags, (lf_pos){spool->path, 0, 0},
             "cannot write PDF: a part set in other fonts or on other paper");
    spool->failed = EINVAL;
    return -1;
  }
  lf_pdf_ctx ctx;
  int rc = lf_pdf_begin(&ctx, part, spool->cache);
  ctx.spool = spool;
  ctx.key_base = spool->key_count;
  ctx.astral = spool->astral;
  if (rc == 0)
    rc = lf_pdf_fix(&ctx, ctx.doc->root_pages, LF_PDF_SPOOL_PAGES) ||
                 lf_pdf_fix(&ctx, ctx.doc->catalog, 0) || lf_pdf_draw(&ctx)
             ? -1
             : 0;
  if (rc == 0 && ctx.astral.overflow)
    rc = lf_pdf_fail(&ctx, "more than %d different characters beyond U+FFFF",
                     LF_PDF_ASTRAL_MAX);
  if (rc == 0)
    rc = lf_pdf_save_part(&ctx) || take_part(&ctx, bookmark) ? -1 : 0;
  if (rc) {
    lf_pdf_report(&ctx, spool->path, diags);
    spool->failed = spool->failed ? spool->failed : EIO;
  }
  lf_pdf_end(&ctx);
  return rc;
}

/*
 * 'stand_in()' - An object of the closing document that stands for part
 * object 'number': referred to, never written (a null, the smallest
 * object libharu has: there is one for every page and ParentTree entry).
 * NULL when out of memory.
 */
static void *stand_in(lf_pdf_ctx *ctx, uint32_t number) {
  HPDF_Null null = HPDF_Null_New(ctx->doc->mmgr);
  if (!null || HPDF_Xref_Add(ctx->doc->xref, null) != HPDF_OK)
    return NULL; /* HPDF_Xref_Add() has freed it */
  return lf_pdf_fix(ctx, null, number) ? NULL : null;
}

/*
 * 'close_pages()' - The page tree's root: every part's pages.
 */
static int close_pages(lf_pdf_ctx *ctx) {
  lf_pdf_spool *spool = ctx->spool;
  /* not libharu's own root, which counts only the pages it made */
  HPDF_Dict root = HPDF_Dict_New(ctx->doc->mmgr);
  HPDF_Array kids = HPDF_Array_New(ctx->doc->mmgr);
  if (!root || HPDF_Xref_Add(ctx->doc->xref, root) != HPDF_OK || !kids ||
      HPDF_Dict_AddName(root, "Type", "Pages") != HPDF_OK ||
      HPDF_Dict_Add(root, "Kids", kids) != HPDF_OK ||
      HPDF_Dict_AddNumber(root, "Count", (HPDF_INT32)spool->page_count) != HPDF_OK ||
      HPDF_Dict_Add(ctx->doc->catalog, "Pages", root) != HPDF_OK ||
      lf_pdf_pin(ctx, root, LF_PDF_SPOOL_PAGES) || lf_pdf_fix(ctx, ctx->doc->root_pages, 0))
    return lf_pdf_fail(ctx, "writing the page tree");
  for (size_t p = 0; p < spool->page_count; p++) {
    void *page = stand_in(ctx, spool->pages[p]);
    if (!page || HPDF_Array_Add(kids, page) != HPDF_OK)
      return lf_pdf_fail(ctx, "writing the page tree");
    ctx->pages[p] = (HPDF_Page)page;
  }
  return 0;
}

/*
 * 'close_structure()' - The StructTreeRoot and its one Document element,
 * whose kids are the parts' top elements; the ParentTree of every part's
 * keys, the /RoleMap; /MarkInfo.
 */
static int close_structure(lf_pdf_ctx *ctx) {
  lf_pdf_spool *spool = ctx->spool;
  HPDF_MMgr mmgr = ctx->doc->mmgr;
  if (!spool->top_count)
    return 0;
  HPDF_Dict root = HPDF_Dict_New(mmgr);
  HPDF_Dict document = HPDF_Dict_New(mmgr);
  HPDF_Array root_kids = HPDF_Array_New(mmgr);
  HPDF_Array kids = HPDF_Array_New(mmgr);
  if (!root || HPDF_Xref_Add(ctx->doc->xref, root) != HPDF_OK || !document ||
      HPDF_Xref_Add(ctx->doc->xref, document) != HPDF_OK ||
      lf_pdf_pin(ctx, document, LF_PDF_SPOOL_STRUCT) || !root_kids || !kids ||
      HPDF_Dict_Add(root, "K", root_kids) != HPDF_OK ||
      HPDF_Dict_Add(document, "K", kids) != HPDF_OK)
    return lf_pdf_fail(ctx, "writing the structure tree");
  HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
  HPDF_Array_Add(root_kids, document);
  HPDF_Dict_AddName(document, "S", "Document");
  HPDF_Dict_Add(document, "P", root);
  for (size_t i = 0; i < spool->top_count; i++) {
    void *top = stand_in(ctx, spool->tops[i]);
    if (!top || HPDF_Array_Add(kids, top) != HPDF_OK)
      return lf_pdf_fail(ctx, "writing the structure tree");
  }
  HPDF_Dict tree = HPDF_Dict_New(mmgr);
  HPDF_Array nums = HPDF_Array_New(mmgr);
  if (!tree || HPDF_Xref_Add(ctx->doc->xref, tree) != HPDF_OK || !nums ||
      HPDF_Dict_Add(tree, "Nums", nums) != HPDF_OK ||
      HPDF_Dict_Add(root, "ParentTree", tree) != HPDF_OK)
    return lf_pdf_fail(ctx, "writing the structure tree");
  for (size_t k = 0; k < spool->key_count; k++) {
    if (!spool->keys[k])
      continue;
    void *value = stand_in(ctx, spool->keys[k]);
    if (!value || HPDF_Array_AddNumber(nums, (HPDF_INT32)k) != HPDF_OK ||
        HPDF_Array_Add(nums, value) != HPDF_OK)
      return lf_pdf_fail(ctx, "writing the structure tree");
  }
  HPDF_Dict_AddNumber(root, "ParentTreeNextKey", (HPDF_INT32)spool->key_count);
  if (spool->role_count) {
    HPDF_Dict role_map = HPDF_Dict_New(mmgr);
    if (!role_map || HPDF_Dict_Add(root, "RoleMap", role_map) != HPDF_OK)
      return lf_pdf_fail(ctx, "writing the structure tree");
    for (size_t i = 0; i < spool->role_count; i += 2)
      HPDF_Dict_AddName(role_map, spool->roles[i], spool->roles[i + 1]);
  }
  HPDF_Dict_Add(ctx->doc->catalog, "StructTreeRoot", root);
  HPDF_Dict mark_info = HPDF_Dict_New(mmgr);
  if (mark_info && HPDF_Dict_Add(ctx->doc->catalog, "MarkInfo", mark_info) == HPDF_OK)
    HPDF_Dict_AddBoolean(mark_info, "Marked", HPDF_TRUE);
  return lf_pdf_failed(ctx) ? lf_pdf_fail(ctx, "writing the structure tree") : 0;
}

/*
 * 'close_fonts()' - The shared /Resources, a font per face any part used,
 * subset to every character shown in it.
 */
static int close_fonts(lf_pdf_ctx *ctx) {
  lf_pdf_spool *spool = ctx->spool;
  HPDF_MMgr mmgr = ctx->doc->mmgr;
  ctx->fonts = calloc(LF_FACE_COUNT, sizeof *ctx->fonts);
  ctx->resources = HPDF_Dict_New(mmgr);
  HPDF_Dict names = HPDF_Dict_New(mmgr);
  if (!ctx->fonts || !ctx->resources ||
      HPDF_Xref_Add(ctx->doc->xref, ctx->resources) != HPDF_OK || !names ||
      HPDF_Dict_Add(ctx->resources, "Font", names) != HPDF_OK ||
      lf_pdf_pin(ctx, ctx->resources, LF_PDF_SPOOL_RESOURCES))
    return lf_pdf_fail(ctx, "out of memory");
  for (int f = 0; f < LF_FACE_COUNT; f++) {
    ctx->face_font[f] = -1;
    if (!spool->face_used[f])
      continue;
    lf_pdf_font *font = &ctx->fonts[ctx->font_count];
    font->metrics = lf_fontset_face(spool->fonts, (lf_face)f);
    snprintf(font->resource, sizeof font->resource, "F%d", f + 1);
    memcpy(font->used, spool->used[f], sizeof font->used);
    font->dict = HPDF_Dict_New(mmgr);
    if (!font->metrics || !font->dict ||
        HPDF_Xref_Add(ctx->doc->xref, font->dict) != HPDF_OK ||
        HPDF_Dict_Add(names, font->resource, font->dict) != HPDF_OK)
      return lf_pdf_fail(ctx, "creating font %s", font->resource);
    ctx->face_font[f] = (int)ctx->font_count++;
  }
  return lf_pdf_fonts_finish(ctx);
}

/*
 * 'lf_pdf_spool_close()' - The shared objects, the cross-reference stream,
 * the rename.
 */
int lf_pdf_spool_close(lf_pdf_spool *spool, const lf_display *meta,
                       lf_diags *diags) {
  if (spool->failed) {
    lf_error(diags, (lf_pos){spool->path, 0, 0}, "cannot write PDF: %s",
             strerror(spool->failed));
    lf_pdf_spool_abort(spool);
    return -1;
  }
  /* the close's display: the meta's names, the spool's pages as outline */
  lf_display d = *meta;
  d.fonts = spool->fonts;
  d.page_width = spool->width;
  d.page_height = spool->height;
  d.language = spool->language;
  d.identifier = spool->identifier;
  d.page_count = spool->page_count;
  d.pages = NULL;
  d.element_count = 0;
  d.elements = NULL;
  lf_outline_entry *outline = calloc(spool->mark_count + 1, sizeof *outline);
  for (size_t i = 0; outline && i < spool->mark_count; i++)
    outline[i] = (lf_outline_entry){.title = spool->marks[i].title, .level = 1,
                                    .page = (int)spool->marks[i].page,
                                    .y = spool->height};
  d.outline = outline;
  d.outline_count = outline ? spool->mark_count : 0;

  lf_pdf_ctx ctx;
  int rc = lf_pdf_begin(&ctx, &d, NULL);
  ctx.spool = spool;
  ctx.closing = 1;
  ctx.astral = spool->astral;
  if (rc == 0 && !outline)
    rc = lf_pdf_fail(&ctx, "out of memory");
  if (rc == 0 && !(ctx.pages = calloc(spool->page_count + 1, sizeof *ctx.pages)))
    rc = lf_pdf_fail(&ctx, "out of memory");
  if (rc == 0)
    rc = close_pages(&ctx) || close_structure(&ctx) || close_fonts(&ctx) ||
                 lf_pdf_write_outline(&ctx) || lf_pdf_write_info(&ctx) ||
                 lf_pdf_write_catalog(&ctx) || lf_pdf_id_write(&ctx, &spool->id) ||
                 lf_pdf_save_last(&ctx)
             ? -1
             : 0;
  if (rc == 0 && lf_temp_commit(spool->fd, spool->temp, spool->path) != 0) {
    lf_pdf_fail(&ctx, "%s", strerror(errno));
    spool->fd = -1;
    spool->temp = NULL;
    rc = -1;
  } else if (rc == 0) {
    spool->fd = -1;
    spool->temp = NULL;
  }
  if (rc)
    lf_pdf_report(&ctx, spool->path, diags);
  lf_pdf_end(&ctx);
  free(outline);
  if (spool->temp)
    lf_temp_discard(spool->fd, spool->temp);
  spool_free(spool);
  return rc;
}
