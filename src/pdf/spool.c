/*
 * spool.c -- the driver for a document written part by part (pdf.h): a
 * mailing's print file, whose memory must not grow with the mailing.
 *
 * Each part is drawn into an object-layer document of its own, as a
 * document of its own would be (document.c), and saved at once into the
 * spool's file with its objects numbered on from the parts before it: its
 * pages, content streams, structure elements, links and ParentTree values
 * go to the file, in an object stream of the part's own.
 *
 * What ties the parts together is written as the file is written, so
 * that nothing grows with the parts:
 *   - the page tree, the ParentTree and the structure tree over the parts'
 *     top-level elements are balanced trees (trees.h) whose nodes are
 *     written, full, into the part that fills them; a part's pages, top
 *     elements and ParentTree values are numbered before it is saved
 *     (lf_pdf_file_reserve(), lf_pdf_pin()) so that those nodes can name
 *     them;
 *   - each part's bookmark is written with the next part, once the next
 *     one's number is known;
 *   - the file keeps its cross-reference rows on disk (file.h).
 * A few objects every part refers to have numbers fixed in advance (the
 * shared /Resources, the StructTreeRoot the Document element hangs under,
 * the outline's root: SPOOL_*) and are written when the spool closes.
 * What the spool keeps is an open node per level of each tree, the roles
 * used, one bookmark, the /ID hash, and one font state (embed.h) that
 * every part shows its text in, one font per face: the fonts, subset to
 * every character shown, are made when it closes.
 *
 * Closing writes the trees' open nodes and roots, the shared objects, the
 * cross-reference stream of the whole file, and renames the file into
 * place.
 *
 * Nothing else in the PDF backend calls it.
 */
#include "leaflet/pdf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet/buffer.h"

#include "content.h"
#include "embed.h"
#include "file.h"
#include "images.h"
#include "meta.h"
#include "objects.h"
#include "tags.h"
#include "trees.h"

/* Objects every part of a spool refers to, written when it closes under
 * these numbers. */
enum {
  SPOOL_RESOURCES = 1,   /* the /Resources every page shares */
  SPOOL_STRUCT_ROOT = 2, /* the StructTreeRoot */
  SPOOL_OUTLINES = 3,    /* the outline's root */
  SPOOL_RESERVED = 3     /* numbers parts leave to these */
};

/* An object of a part numbered before the part is saved. */
typedef struct numbered {
  const lf_pdf_obj *object;
  uint32_t number;
} numbered;

struct lf_pdf_spool {
  char *path;
  lf_pdf_file *file;             /* the file, a temporary one until it closes */
  int failed;                    /* an errno once a part failed */
  const lf_fontset *set;
  double width, height;
  char *language, *identifier;
  lf_pdf_cache *cache;
  lf_pdf_fonts *fonts;           /* one per face, shared by every part */
  size_t page_count;
  size_t next_key;               /* the ParentTree's next key */
  lf_pdf_tree pages;             /* the page tree */
  lf_pdf_tree elements;          /* Document and Part elements over the parts */
  lf_pdf_tree numbers;           /* the ParentTree */
  lf_pdf_images *images;         /* pictures, each written once, by the
                                    first part that shows it */
  numbered *scratch;             /* a part's objects numbered in advance */
  size_t scratch_cap;
  char **roles;                  /* /RoleMap: role, standard type, ... */
  size_t role_count, role_cap;   /* strings, two a role */
  size_t mark_count;             /* bookmarks so far */
  uint32_t first_mark;           /* the first one's number */
  lf_pdf_bookmark mark;          /* the last one, written with the next */
  char *mark_title;
  lf_pdf_id_hash id;
};

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
  lf_pdf_tree_free(&spool->pages);
  lf_pdf_tree_free(&spool->elements);
  lf_pdf_tree_free(&spool->numbers);
  lf_pdf_images_free(spool->images);
  free(spool->path);
  free(spool->language);
  free(spool->identifier);
  free(spool->scratch);
  for (size_t i = 0; i < spool->role_count; i++)
    free(spool->roles[i]);
  free(spool->roles);
  free(spool->mark_title);
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
  lf_pdf_tree_init(&spool->pages, LF_PDF_TREE_PAGES, LF_PDF_TREE_FANOUT, spool->file);
  lf_pdf_tree_init(&spool->elements, LF_PDF_TREE_ELEMENTS, LF_PDF_TREE_FANOUT, spool->file);
  lf_pdf_tree_init(&spool->numbers, LF_PDF_TREE_NUMBERS, LF_PDF_TREE_FANOUT, spool->file);
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
  if (!a || !b || lf_grow_array((void **)&spool->roles, &spool->role_cap,
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
 * 'number_now()' - Number a part's object before it is saved (pinned to a
 * number the file hands out now), once however often it is asked for;
 * 'scratch' holds the 'count' numbered so far.  0 after a failure.
 */
static uint32_t number_now(lf_pdf_spool *spool, lf_pdf_doc *doc, lf_pdf_obj *object,
                           size_t *count) {
  for (size_t i = 0; i < *count; i++)
    if (spool->scratch[i].object == object)
      return spool->scratch[i].number;
  if (lf_grow_array((void **)&spool->scratch, &spool->scratch_cap, *count + 1,
           sizeof *spool->scratch)) {
    lf_pdf_fail(doc, "out of memory");
    return 0;
  }
  uint32_t number = lf_pdf_file_reserve(spool->file);
  if (lf_pdf_pin(doc, object, number))
    return 0;
  spool->scratch[(*count)++] = (numbered){object, number};
  return number;
}

/*
 * 'hang_part()' - Before a part is saved: its pages numbered and hung in
 * the page tree, its top-level elements in the structure tree (under the
 * node 'parent' its elements were placed under), its ParentTree entries
 * in the ParentTree, and the bookmark before it written now that this
 * one's number is known.  Full nodes of the trees are written into 'doc'.
 */
static int hang_part(lf_pdf_spool *spool, lf_pdf_doc *doc, const lf_display *d,
                     lf_pdf_obj *const *pages, const lf_pdf_tags *tags,
                     const char *bookmark) {
  size_t numbered_count = 0, count;
  uint32_t first_page = 0;
  for (size_t p = 0; p < d->page_count; p++) {
    uint32_t number = number_now(spool, doc, pages[p], &numbered_count);
    uint32_t parent = number ? lf_pdf_tree_room(&spool->pages, doc, 1) : 0;
    if (!parent || lf_pdf_dict_put(pages[p], "Parent", lf_pdf_ref(doc, parent)) ||
        lf_pdf_tree_add(&spool->pages, doc, number, 0))
      return lf_pdf_fail(doc, "writing the page tree");
    if (p == 0)
      first_page = number;
  }
  lf_pdf_obj *const *tops = lf_pdf_tags_tops(tags, &count);
  for (size_t i = 0; i < count; i++) {
    uint32_t number = number_now(spool, doc, tops[i], &numbered_count);
    if (!number || lf_pdf_tree_add(&spool->elements, doc, number, 0))
      return lf_pdf_fail(doc, "writing the structure tree");
  }
  const lf_pdf_tree_entry *entries = lf_pdf_tags_entries(tags, &count);
  for (size_t i = 0; i < count; i++) {
    uint32_t number = number_now(spool, doc, entries[i].value, &numbered_count);
    if (!number || !lf_pdf_tree_room(&spool->numbers, doc, 1) ||
        lf_pdf_tree_add(&spool->numbers, doc, number, entries[i].key))
      return lf_pdf_fail(doc, "writing the ParentTree");
    if (entries[i].key + 1 > spool->next_key)
      spool->next_key = entries[i].key + 1;
  }
  for (size_t e = 0; e < d->element_count; e++) {
    const char *role = lf_pdf_element_role(&d->elements[e]);
    if (role && note_role(spool, role, lf_pdf_standard_type(d->elements[e].type)))
      return lf_pdf_fail(doc, "out of memory");
  }
  if (!bookmark || !bookmark[0] || !first_page)
    return 0;
  uint32_t number = lf_pdf_file_reserve(spool->file);
  char *title = strdup(bookmark);
  if (!title)
    return lf_pdf_fail(doc, "out of memory");
  if (spool->mark_count) {
    spool->mark.next = number;
    if (lf_pdf_write_bookmark(doc, &spool->mark)) {
      free(title);
      return -1;
    }
  } else {
    spool->first_mark = number;
  }
  free(spool->mark_title);
  spool->mark_title = title;
  spool->mark = (lf_pdf_bookmark){.title = title, .number = number,
                                  .parent = SPOOL_OUTLINES,
                                  .prev = spool->mark_count ? spool->mark.number : 0,
                                  .page = first_page, .top = spool->height};
  spool->mark_count++;
  return 0;
}

/*
 * 'top_count()' - A part's top-level elements (each element with no
 * parent becomes one).
 */
static size_t top_count(const lf_display *d) {
  size_t n = 0;
  for (size_t e = 0; e < d->element_count; e++)
    n += d->elements[e].parent < 0;
  return n;
}

/*
 * 'add_part()' - Draw a part into 'doc', its text in the spool's fonts
 * and its elements under the structure tree's open node, hash its pages
 * into the /ID, hang it in the trees, save it to the file.
 */
static int add_part(lf_pdf_spool *spool, lf_pdf_doc *doc, const lf_display *part,
                    const char *bookmark) {
  lf_pdf_tags *tags = NULL;
  lf_pdf_obj **pages = NULL;
  lf_pdf_painter painter;
  int rc = -1;

  memset(&painter, 0, sizeof painter);
  if (lf_pdf_part_of(doc) || lf_pdf_check_display(doc, part) ||
      lf_pdf_fonts_use(spool->fonts, part, doc))
    return -1;
  lf_pdf_obj *resources = lf_pdf_ref(doc, SPOOL_RESOURCES);
  pages = calloc(part->page_count, sizeof *pages);
  if (!resources || !pages) {
    lf_pdf_fail(doc, "out of memory");
    goto done;
  }
  size_t tops = top_count(part);
  lf_pdf_tags_place place = {0, spool->next_key};
  if (tops && !(place.parent = lf_pdf_tree_room(&spool->elements, doc, tops)))
    goto done;
  if (lf_pdf_tags_begin(doc, part, place, &tags))
    goto done;
  painter = (lf_pdf_painter){.doc = doc, .display = part, .fonts = spool->fonts,
                             .resources = resources, .images = spool->images, .tags = tags};
  if (lf_pdf_draw_pages(&painter, pages, &spool->id) || lf_pdf_tags_finish(tags))
    goto done;
  if (hang_part(spool, doc, part, pages, tags, bookmark) || lf_pdf_save(doc, spool->file, 0))
    goto done;
  spool->page_count += part->page_count;
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
 * 'close_doc()' - The rest of the spool in 'doc': the trees' open nodes
 * and roots, the StructTreeRoot, the fonts (their /Resources under its
 * fixed number), the last bookmark and the outline's root, the metadata of
 * 'meta' with the spool's language and identifier, /ID; then the
 * cross-reference stream of the whole file.
 */
static int close_doc(lf_pdf_spool *spool, lf_pdf_doc *doc, const lf_metadata *meta) {
  lf_metadata m = *meta;
  m.language = spool->language;
  m.identifier = spool->identifier;
  uint32_t pages = lf_pdf_tree_close(&spool->pages, doc, 0);
  if (!pages || lf_pdf_pages_elsewhere(doc, pages))
    return -1;
  uint32_t document = lf_pdf_tree_close(&spool->elements, doc, SPOOL_STRUCT_ROOT);
  if (document) {
    uint32_t parent_tree = lf_pdf_tree_close(&spool->numbers, doc, 0);
    if (!parent_tree ||
        lf_pdf_tags_root_of_parts(doc, SPOOL_STRUCT_ROOT, document, parent_tree,
                                  spool->next_key, spool->roles, spool->role_count / 2))
      return -1;
  } else if (lf_pdf_failed(doc)) {
    return -1;
  }
  if (spool->mark_count &&
      (lf_pdf_write_bookmark(doc, &spool->mark) ||
       lf_pdf_write_outline_root(doc, SPOOL_OUTLINES, spool->first_mark, spool->mark.number,
                                 spool->mark_count)))
    return -1;
  return lf_pdf_fonts_objects(spool->fonts, doc) ||
                 lf_pdf_images_resources(spool->images, doc, spool->fonts->resources) ||
                 lf_pdf_pin(doc, spool->fonts->resources, SPOOL_RESOURCES) ||
                 lf_pdf_fonts_embed(spool->fonts, doc) || lf_pdf_write_info(doc, &m) ||
                 lf_pdf_write_catalog(doc, &m, spool->mark_count != 0) ||
                 lf_pdf_id_write(doc, &spool->id) || lf_pdf_save(doc, spool->file, 1)
             ? -1
             : 0;
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
