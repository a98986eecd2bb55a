/*
 * document.c -- the driver for a document of its own (pdf.h): a display
 * list drawn into the object layer's document, page by page, then its
 * structure tree, bookmarks, metadata, fonts and /ID, saved into memory
 * and, for lf_pdf_write(), written atomically to a file.
 *
 * Nothing else in the PDF backend calls it.
 */
#include "leaflet/pdf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "embed.h"
#include "images.h"
#include "leaflet/files.h"
#include "meta.h"
#include "objects.h"
#include "tags.h"

/*
 * 'draw()' - Every object of the document but its file: fonts, structure
 * elements and pages (the /ID hashed from their content as they are
 * drawn), then the rest of the structure tree, bookmarks, Info, catalog,
 * the embedded fonts and /ID.  The order is the order the objects are
 * numbered in.
 */
static int draw(lf_pdf_doc *doc, const lf_display *d) {
  lf_pdf_fonts *fonts = NULL;
  lf_pdf_images *images = NULL;
  lf_pdf_tags *tags = NULL;
  lf_pdf_obj **pages = NULL;
  lf_pdf_painter painter;
  lf_pdf_id_hash id;
  int rc = -1;

  memset(&painter, 0, sizeof painter);
  if (lf_pdf_check_display(doc, d))
    return -1;
  fonts = lf_pdf_fonts_new(d->fonts, LF_PDF_FONT_PER_FILE);
  images = lf_pdf_images_new();
  pages = calloc(d->page_count, sizeof *pages);
  if (!fonts || !pages || !images) {
    lf_pdf_fail(doc, "out of memory");
    goto done;
  }
  if (lf_pdf_fonts_use(fonts, d, doc) || lf_pdf_fonts_objects(fonts, doc) ||
      lf_pdf_tags_begin(doc, d, (lf_pdf_tags_place){0, 0}, &tags))
    goto done;
  painter = (lf_pdf_painter){.doc = doc, .display = d, .fonts = fonts,
                             .resources = fonts->resources, .images = images,
                             .tags = tags};
  lf_pdf_id_start(&id, d->meta.identifier);
  if (lf_pdf_draw_pages(&painter, pages, &id) ||
      lf_pdf_images_resources(images, doc, fonts->resources) || lf_pdf_tags_finish(tags) ||
      lf_pdf_write_outline(doc, d->outline, d->outline_count, pages,
                           d->page_height) ||
      lf_pdf_write_info(doc, &d->meta) ||
      lf_pdf_write_catalog(doc, &d->meta, d->outline_count != 0) ||
      lf_pdf_fonts_embed(fonts, doc) || lf_pdf_id_write(doc, &id))
    goto done;
  rc = 0;
done:
  lf_pdf_painter_free(&painter);
  lf_pdf_tags_free(tags);
  lf_pdf_fonts_free(fonts);
  lf_pdf_images_free(images);
  free(pages);
  return rc;
}

/*
 * 'render()' - lf_pdf_render() with the place to report errors at.
 */
static int render(const lf_display *display, lf_pdf_cache *cache,
                  unsigned char **data, size_t *size, const char *path,
                  lf_diags *diags) {
  *data = NULL;
  *size = 0;
  lf_pdf_doc *doc = lf_pdf_doc_new(cache);
  lf_pdf_file *file = NULL;
  int rc = -1;
  if (!doc || lf_pdf_failed(doc) || draw(doc, display))
    goto done;
  if (!(file = lf_pdf_file_memory())) {
    lf_pdf_fail(doc, "out of memory");
    goto done;
  }
  if (lf_pdf_save(doc, file, 1))
    goto done;
  if (!(*data = lf_pdf_file_take(file, size))) {
    lf_pdf_fail(doc, "out of memory");
    goto done;
  }
  rc = 0;
done:
  if (rc)
    lf_pdf_report(doc, path, diags);
  lf_pdf_file_free(file);
  lf_pdf_doc_free(doc);
  return rc;
}

/*
 * 'lf_pdf_render()' - Render a display list as PDF bytes in memory.
 */
int lf_pdf_render(const lf_display *display, unsigned char **data,
                  size_t *size, lf_diags *diags) {
  return render(display, NULL, data, size, NULL, diags);
}

/*
 * 'lf_pdf_render_cached()' - lf_pdf_render() sharing compressed streams
 * through 'cache'.
 */
int lf_pdf_render_cached(const lf_display *display, lf_pdf_cache *cache,
                         unsigned char **data, size_t *size, lf_diags *diags) {
  return render(display, cache, data, size, NULL, diags);
}

/*
 * 'lf_pdf_write()' - Write a display list as a PDF file, atomically.
 */
int lf_pdf_write(const lf_display *display, const char *path,
                 lf_diags *diags) {
  unsigned char *data;
  size_t size;

  if (!path || !path[0]) {
    lf_error(diags, (lf_pos){path, 0, 0}, "cannot write PDF: no file name");
    return -1;
  }
  if (render(display, NULL, &data, &size, path, diags))
    return -1;
  int rc = lf_write_file_atomic(path, data, size, 0644, 1);
  if (rc)
    lf_error(diags, (lf_pos){path, 0, 0}, "cannot write PDF: %s",
             strerror(errno));
  free(data);
  return rc;
}
