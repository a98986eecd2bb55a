/*
 * layout.c -- a document to a display list: the vertical list (blocks.c),
 * then pages (pages.c), then the metadata the PDF carries.
 */
#include <stdio.h>
#include <string.h>

#include "vlist.h"

/*
 * 'lf_display_new()' - An empty display list carrying the document's
 * metadata, its pages the size of the format's paper.
 */
lf_display *lf_display_new(lf_arena *arena, const lf_document *doc, const lf_format *format,
                           const lf_fontset *fonts) {
  lf_display *d = lf_display_create(arena, format->page_width, format->page_height, fonts);
  if (!d)
    return NULL;
  d->meta.title = doc->title;
  d->meta.author = doc->publisher;
  d->meta.subject = doc->subject;
  d->meta.keywords = doc->keywords;
  d->meta.language = doc->language;
  d->meta.creation_date = lf_arena_printf(arena, "%04d-%02d-%02d", doc->last_reviewed.year,
                                     doc->last_reviewed.month, doc->last_reviewed.day);
  /* a leaflet's review, for the PDF's metadata; a document with no review
   * dates of its own (a proof, a report) names none */
  if (doc->next_review.year) {
    d->meta.version = doc->version;
    d->meta.last_reviewed = d->meta.creation_date;
    d->meta.next_review = lf_arena_printf(arena, "%04d-%02d-%02d", doc->next_review.year,
                                     doc->next_review.month, doc->next_review.day);
  }
  d->meta.identifier = lf_arena_printf(arena, "%s.%s", doc->stem, format->name);
  return d;
}

/*
 * 'lf_layout_document()' - Lay out one document in one print format.
 */
lf_display *lf_layout_document(lf_arena *arena, const lf_document *doc,
                               const lf_format *format, const lf_fontset *fonts,
                               lf_diags *diags) {
  lf_display *d = lf_display_new(arena, doc, format, fonts);
  if (!d) {
    lf_error(diags, (lf_pos){doc->source_file, 0, 0}, "out of memory");
    return NULL;
  }
  vlist vl;
  if (lf_build_vlist(arena, doc, format, fonts, d, &vl, diags) != 0)
    return NULL;
  if (lf_break_pages(arena, doc, format, fonts, &vl, d, diags) != 0)
    return NULL;
  if (lf_add_footers(arena, doc, format, fonts, d, 0, d->page_count, 1, d->page_count, diags) != 0)
    return NULL;
  return d;
}
