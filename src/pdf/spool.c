/*
 * spool.c -- the driver for a document written part by part (pdf.h): a
 * mailing's print file, whose memory must not grow with the mailing.
 *
 * Each part is drawn into an object-layer document of its own, as a
 * document of its own would be (document.c), and saved at once into the
 * spool's file with its objects numbered on from the parts before it: its
 * pages, content streams, structure elements, links and ParentTree values
 * go to the file, in an object stream of the part's own.  The few objects
 * every part refers to have numbers fixed in advance (the page tree's
 * root, the Document structure element every part's elements go under,
 * and the shared /Resources: SPOOL_*), are written when the spool closes,
 * and are referred to in a part through stand-ins (lf_pdf_ref()).  What
 * the spool keeps is small and grows by a few bytes a page: a
 * cross-reference row per object (file.c), the pages' numbers, the
 * structure root's kids, the ParentTree's keys, the roles used, a bookmark
 * per part, the /ID hash, and one font state (embed.h) that every part
 * shows its text in, one font per face: the fonts, subset to every
 * character shown, are made when it closes.
 *
 * Closing makes the shared objects in one more document, whose stand-ins
 * for the parts' objects (pages, elements) carry the parts' numbers, then
 * the cross-reference stream of the whole file, and renames the file into
 * place.
 *
 * Nothing else in the PDF backend calls it.
 */
#include "leaflet/pdf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "embed.h"
#include "file.h"
#include "images.h"
#include "meta.h"
#include "objects.h"
#include "tags.h"

/* Objects every part of a spool refers to, written when it closes under
 * these numbers. */
enum {
  SPOOL_PAGES = 1,     /* the page tree's root */
  SPOOL_STRUCT = 2,    /* the Document element parts go under */
  SPOOL_RESOURCES = 3, /* the /Resources every page shares */
  SPOOL_RESERVED = 3   /* numbers parts leave to these */
};

/* A bookmark: a part's first page. */
typedef struct spool_mark {
  char *title;
  size_t page;
} spool_mark;

struct lf_pdf_spool {
  char *path;
  lf_pdf_file *file;             /* the file, a temporary one until it closes */
  int failed;                    /* an errno once a part failed */
  const lf_fontset *set;
  double width, height;
  char *language, *identifier;
  lf_pdf_cache *cache;
  lf_pdf_fonts *fonts;           /* one per face, shared by every part */
  lf_pdf_images *images;         /* pictures, each written once, by the
                                    first part that shows it */
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
 * 'lf_pdf_spool_pages()' - Pages added so far.
 */
size_t lf_pdf_spool_pages(const lf_pdf_spool *spool) {
  return spool ? spool->page_count : 0;
}

/*
 * 'spool_free()' - Free the spool, removing its file unless committed.
 */
static void spool_free(lf_pdf_spool *spool) {
  lf_pdf_file_free(spool->file);
  lf_pdf_fonts_free(spool->fonts);
  lf_pdf_images_free(spool->images);
  free(spool->path);
  free(spool->language);
  free(spool->identifier);
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
    spool->path = strdup(path);
    spool->language = strdup(language ? language : "");
    spool->identifier = strdup(identifier ? identifier : "");
    spool->fonts = lf_pdf_fonts_new(fonts, LF_PDF_FONT_PER_FACE);
    spool->images = lf_pdf_images_new();
  }
  if (!spool || !spool->path || !spool->language || !spool->identifier ||
      !spool->fonts || !spool->images) {
    lf_error(diags, (lf_pos){path, 0, 0}, "cannot write PDF: out of memory");
    if (spool)
      spool_free(spool);
    return NULL;
  }
  spool->set = fonts;
  spool->width = width;
  spool->height = height;
  spool->cache = cache;
  lf_pdf_id_start(&spool->id, spool->identifier);
  spool->file = lf_pdf_file_create(path, mode, SPOOL_RESERVED, diags);
  if (!spool->file) {
    spool_free(spool);
    return NULL;
  }
  return spool;
}

/*
 * 'lf_pdf_spool_abort()' - Remove the file and free the spool.
 */
void lf_pdf_spool_abort(lf_pdf_spool *spool) {
  if (spool)
    spool_free(spool);
}

/*
 * 'note_role()' - A role for the closing /RoleMap, the first time it is
 * used.
 */
static int note_role(lf_pdf_spool *spool, const char *role, const char *standard) {
  for (size_t i = 0; i < spool->role_count; i += 2)
    if (strcmp(spool->roles[i], role) == 0)
      return 0;
  char *a = strdup(role), *b = strdup(standard);
  if (!a || !b || grow((void **)&spool->roles, &spool->role_cap,
                       spool->role_count + 2, sizeof *spool->roles)) {
    free(a);
    free(b);
    return -1;
  }
  spool->roles[spool->role_count++] = a;
  spool->roles[spool->role_count++] = b;
  return 0;
}

/*
 * 'take_part()' - After a part is saved: its pages' numbers, its bookmark,
 * the roles its elements use, its structure's top and ParentTree.
 */
static int take_part(lf_pdf_spool *spool, lf_pdf_doc *doc, const lf_display *d,
                     lf_pdf_obj *const *pages, const lf_pdf_tags *tags,
                     const char *bookmark) {
  if (grow((void **)&spool->pages, &spool->page_cap, spool->page_count + d->page_count,
           sizeof *spool->pages) ||
      grow((void **)&spool->marks, &spool->mark_cap, spool->mark_count + 1,
           sizeof *spool->marks))
    return lf_pdf_fail(doc, "out of memory");
  if (bookmark && bookmark[0]) {
    spool_mark *mark = &spool->marks[spool->mark_count];
    if (!(mark->title = strdup(bookmark)))
      return lf_pdf_fail(doc, "out of memory");
    mark->page = spool->page_count;
    spool->mark_count++;
  }
  for (size_t p = 0; p < d->page_count; p++)
    spool->pages[spool->page_count++] = lf_pdf_number(pages[p]);
  for (size_t e = 0; e < d->element_count; e++) {
    const char *role = lf_pdf_element_role(&d->elements[e]);
    if (role && note_role(spool, role, lf_pdf_standard_type(d->elements[e].type)))
      return lf_pdf_fail(doc, "out of memory");
  }
  size_t count;
  lf_pdf_obj *const *tops = lf_pdf_tags_tops(tags, &count);
  if (grow((void **)&spool->tops, &spool->top_cap, spool->top_count + count,
           sizeof *spool->tops))
    return lf_pdf_fail(doc, "out of memory");
  for (size_t i = 0; i < count; i++)
    spool->tops[spool->top_count++] = lf_pdf_number(tops[i]);
  const lf_pdf_tree_entry *entries = lf_pdf_tags_entries(tags, &count);
  for (size_t i = 0; i < count; i++) {
    size_t key = entries[i].key;
    if (key >= (size_t)INT32_MAX ||
        grow((void **)&spool->keys, &spool->key_cap, key + 1, sizeof *spool->keys))
      return lf_pdf_fail(doc, "out of memory");
    spool->keys[key] = lf_pdf_number(entries[i].value);
    if (key + 1 > spool->key_count)
      spool->key_count = key + 1;
  }
  return 0;
}

/*
 * 'add_part()' - Draw a part into 'doc', its text in the spool's fonts
 * and its elements under the spool's Document element, hash its pages
 * into the /ID, save it to the file and keep what the close needs.
 */
static int add_part(lf_pdf_spool *spool, lf_pdf_doc *doc, const lf_display *part,
                    const char *bookmark) {
  lf_pdf_tags *tags = NULL;
  lf_pdf_obj **pages = NULL;
  lf_pdf_painter painter;
  int rc = -1;

  memset(&painter, 0, sizeof painter);
  if (lf_pdf_part_of(doc, SPOOL_PAGES) || lf_pdf_check_display(doc, part) ||
      lf_pdf_fonts_use(spool->fonts, part, doc))
    return -1;
  lf_pdf_obj *resources = lf_pdf_ref(doc, SPOOL_RESOURCES);
  pages = calloc(part->page_count, sizeof *pages);
  if (!resources || !pages) {
    lf_pdf_fail(doc, "out of memory");
    goto done;
  }
  lf_pdf_tags_place place = {SPOOL_STRUCT, spool->key_count};
  if (lf_pdf_tags_begin(doc, part, place, &tags))
    goto done;
  painter = (lf_pdf_painter){.doc = doc, .display = part, .fonts = spool->fonts,
                             .resources = resources, .images = spool->images, .tags = tags};
  if (lf_pdf_draw_pages(&painter, pages, &spool->id) || lf_pdf_tags_finish(tags))
    goto done;
  if (spool->fonts->astral.overflow) {
    lf_pdf_fail(doc, "more than %d different characters beyond U+FFFF",
                LF_PDF_ASTRAL_MAX);
    goto done;
  }
  if (lf_pdf_save(doc, spool->file, 0) ||
      take_part(spool, doc, part, pages, tags, bookmark))
    goto done;
  lf_pdf_images_saved(spool->images);
  rc = 0;
done:
  lf_pdf_painter_free(&painter);
  lf_pdf_tags_free(tags);
  free(pages);
  return rc;
}

/*
 * 'lf_pdf_spool_add()' - Check that the part fits the spool, then add it;
 * a failure fails the spool.
 */
int lf_pdf_spool_add(lf_pdf_spool *spool, const lf_display *part,
                     const char *bookmark, lf_diags *diags) {
  if (spool->failed) {
    lf_error(diags, (lf_pos){spool->path, 0, 0}, "cannot write PDF: %s",
             strerror(spool->failed));
    return -1;
  }
  if (part->fonts != spool->set || part->page_width != spool->width ||
      part->page_height != spool->height) {
    lf_error(diags, (lf_pos){spool->path, 0, 0},
             "cannot write PDF: a part set in other fonts or on other paper");
    spool->failed = EINVAL;
    return -1;
  }
  lf_pdf_doc *doc = lf_pdf_doc_new(spool->cache);
  int rc = !doc || lf_pdf_failed(doc) || add_part(spool, doc, part, bookmark) ? -1 : 0;
  if (rc) {
    lf_pdf_report(doc, spool->path, diags);
    int error = lf_pdf_file_error(spool->file);
    spool->failed = error ? error : EIO;
  }
  lf_pdf_doc_free(doc);
  return rc;
}

/*
 * 'close_doc()' - The shared objects of the spool in 'doc': the page tree
 * over every part's pages, the structure tree over every part's elements,
 * the fonts (their /Resources under its fixed number), the bookmarks, the
 * metadata of 'meta' with the spool's language and identifier, /ID; then
 * the cross-reference stream of the whole file.
 */
static int close_doc(lf_pdf_spool *spool, lf_pdf_doc *doc, const lf_metadata *meta) {
  lf_pdf_obj **pages = NULL;
  lf_outline_entry *outline = calloc(spool->mark_count + 1, sizeof *outline);
  if (!outline)
    return lf_pdf_fail(doc, "out of memory");
  for (size_t i = 0; i < spool->mark_count; i++)
    outline[i] = (lf_outline_entry){.title = spool->marks[i].title, .level = 1,
                                    .page = (int)spool->marks[i].page,
                                    .y = spool->height};
  lf_metadata m = *meta;
  m.language = spool->language;
  m.identifier = spool->identifier;
  int rc =
      lf_pdf_page_tree_of(doc, SPOOL_PAGES, spool->pages, spool->page_count, &pages) ||
              lf_pdf_tags_of_parts(doc, SPOOL_STRUCT, spool->tops, spool->top_count,
                                   spool->keys, spool->key_count, spool->roles,
                                   spool->role_count / 2) ||
              lf_pdf_fonts_objects(spool->fonts, doc) ||
              lf_pdf_images_resources(spool->images, doc, spool->fonts->resources) ||
              lf_pdf_pin(doc, spool->fonts->resources, SPOOL_RESOURCES) ||
              lf_pdf_fonts_embed(spool->fonts, doc) ||
              lf_pdf_write_outline(doc, outline, spool->mark_count, pages,
                                   spool->height) ||
              lf_pdf_write_info(doc, &m) ||
              lf_pdf_write_catalog(doc, &m, spool->mark_count != 0) ||
              lf_pdf_id_write(doc, &spool->id) || lf_pdf_save(doc, spool->file, 1)
          ? -1
          : 0;
  free(outline);
  return rc;
}

/*
 * 'lf_pdf_spool_close()' - The shared objects, the cross-reference stream,
 * the rename.
 */
int lf_pdf_spool_close(lf_pdf_spool *spool, const lf_metadata *meta,
                       lf_diags *diags) {
  if (spool->failed) {
    lf_error(diags, (lf_pos){spool->path, 0, 0}, "cannot write PDF: %s",
             strerror(spool->failed));
    lf_pdf_spool_abort(spool);
    return -1;
  }
  lf_pdf_doc *doc = lf_pdf_doc_new(NULL);
  int rc = !doc || lf_pdf_failed(doc) || close_doc(spool, doc, meta) ? -1 : 0;
  if (rc == 0 && lf_pdf_file_commit(spool->file) != 0)
    rc = lf_pdf_fail(doc, "%s", strerror(errno));
  if (rc)
    lf_pdf_report(doc, spool->path, diags);
  lf_pdf_doc_free(doc);
  spool_free(spool);
  return rc;
}
