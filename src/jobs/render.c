/*
 * render.c -- one document into memory (jobs.h): what a batch build does
 * for each of its PDFs before writing it, and what `leaflet serve` does
 * for each request; and the print formats both ask for (a body size, a
 * paper) made the one way.
 */
#include <stdlib.h>
#include <string.h>

#include "jobs_internal.h"
#include "leaflet/document.h"
#include "leaflet/jobs.h"
#include "leaflet/layout.h"

/*
 * 'lf_format_for_size()' - The format of `--size N`: the large-print format
 * scaled from 14 pt up, the standard one below (else the first there is).
 */
const lf_format *lf_format_for_size(lf_arena *arena, const lf_content *content, double size,
                                    lf_diags *diags) {
  const lf_format *base = lf_content_format(content, size >= 14 ? "large" : "standard");
  if (!base)
    base = content->format_count ? &content->formats[0] : NULL;
  if (!base) {
    lf_error(diags, (lf_pos){0}, "no print format to scale to %g pt", size);
    return NULL;
  }
  lf_format *scaled = lf_arena_alloc(arena, sizeof *scaled);
  if (!scaled) {
    lf_error(diags, (lf_pos){0}, "out of memory");
    return NULL;
  }
  *scaled = lf_format_scaled(arena, base, size);
  return scaled;
}

/*
 * 'lf_format_on_paper()' - 'base' on A4 or A5 ('paper'): itself when that
 * is its own paper, else a copy whose margins keep their share of the
 * page's width, named "<format>-a5" or "<format>-a4".  NULL when out of
 * memory.
 */
const lf_format *lf_format_on_paper(lf_arena *arena, const lf_format *base, const char *paper) {
  int a5 = strcmp(paper, "A5") == 0;
  double w = a5 ? 148 * 72 / 25.4 : 210 * 72 / 25.4;
  double h = a5 ? 210 * 72 / 25.4 : 297 * 72 / 25.4;
  if (base->page_width == w && base->page_height == h)
    return base;
  lf_format *s = lf_arena_alloc(arena, sizeof *s);
  if (!s)
    return NULL;
  *s = *base;
  s->page_width = w;
  s->page_height = h;
  double k = w / base->page_width;
  s->margin_left *= k;
  s->margin_right *= k;
  s->name = lf_arena_printf(arena, "%s-%s", base->name, a5 ? "a5" : "a4");
  return s->name ? s : NULL;
}

/*
 * 'lf_render_document()' - Resolve, lay out (as a page-per-page document
 * or a booklet) and render one document in an arena of its own.
 */
int lf_render_document(const lf_render_request *req, lf_rendered *out, lf_diags *diags) {
  memset(out, 0, sizeof *out);
  lf_arena *arena = lf_arena_new(0);
  if (!arena) {
    lf_error(diags, (lf_pos){req->leaflet->file, 0, 0}, "out of memory");
    return -1;
  }
  lf_document doc;
  lf_display *d = NULL;
  if (lf_resolve_edition(arena, req->content, req->leaflet, req->edition, &doc, diags) == 0) {
    doc.review_overdue = lf_days_between(req->today, doc.next_review) < 0;
    d = req->booklet ? lf_layout_booklet(arena, &doc, req->format, req->fonts, diags)
                     : lf_layout_document(arena, &doc, req->format, req->fonts, diags);
  }
  int rc = 0;
  if (!d || lf_pdf_render_cached(d, req->cache, &out->data, &out->size, diags) != 0) {
    lf_fontset_problems(req->fonts, diags); /* a fallback that would not load */
    free(out->data);
    out->data = NULL;
    out->size = 0;
    rc = -1;
  } else {
    out->pages = d->page_count;
    out->words_split = d->words_split;
    out->blocks_split = d->blocks_split;
    lf_paper_name(d->page_width, d->page_height, out->paper, sizeof out->paper);
  }
  lf_arena_free(arena);
  return rc;
}
