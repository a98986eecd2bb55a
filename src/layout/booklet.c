/*
 * booklet.c -- a document as a saddle-stitched A5 booklet on A4 sheets
 * (see lf_layout_booklet in layout.h).  Work in progress.
 */
#include "vlist.h"

/*
 * 'lf_layout_booklet()' - Not written yet: says so rather than pretending.
 */
lf_display *lf_layout_booklet(lf_arena *arena, const lf_document *doc,
                              const lf_style *style, const lf_fontset *fonts,
                              lf_diags *diags) {
  (void)arena;
  (void)style;
  (void)fonts;
  lf_error(diags, (lf_pos){doc->source_file, 0, 0}, "booklets are not implemented yet");
  return NULL;
}
