/*
 * render.c -- one document into memory (jobs.h): what a batch build does
 * for each of its files before writing it, and what `leaflet serve` does
 * for each request; and the print formats both ask for (a body size, a
 * paper) made the one way.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet/braille.h"
#include "leaflet/document.h"
#include "leaflet/jobs.h"
#include "leaflet/layout.h"

/*
 * 'lf_format_for_size()' - The format of `--size N`: the large-print format
 * scaled from 14 pt up, the standard one below (else the first for print),
 * its lines no longer in ems than the standard format's (60 to 75
 * characters), when there is one: the large format's narrow margins,
 * shrunk to 14 pt, left lines of 86 characters, which the eye loses its
 * way back along.
 */
const lf_format *lf_format_for_size(lf_arena *arena, const lf_content *content, double size,
                                    lf_diags *diags) {
  /* the standard format itself, not the first print format in its place
   * (a content with no standard had giant's lines of 20 ems at 14 pt) */
  const lf_format *standard = lf_content_format(content, "standard");
  if (standard && standard->braille)
    standard = NULL;
  const lf_format *base = lf_content_print_format(content, size >= 14 ? "large" : "standard");
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
  if (standard) {
    double ems = (standard->page_width - standard->margin_left - standard->margin_right) /
                 standard->body_size;
    double measure = scaled->page_width - scaled->margin_left - scaled->margin_right;
    double widen = (measure - ems * size) / 2;
    if (widen > 0) {
      scaled->margin_left += widen;
      scaled->margin_right += widen;
    }
  }
  return scaled;
}

/*
 * 'lf_format_on_paper()' - 'base' on A4 or A5 ('paper'): itself when that
 * is its own paper (to a hundredth of a point: A4 in a format file is
 * 297 * (72 / 25.4) pt high, a hair from 297 * 72 / 25.4) or when it is
 * braille (cells and lines, not paper), else a copy whose margins keep
 * their share of the page's width, named "<format>-a5" or "<format>-a4".
 * NULL when out of memory.
 */
const lf_format *lf_format_on_paper(lf_arena *arena, const lf_format *base, const char *paper) {
  int a5 = strcmp(paper, "A5") == 0;
  double w = a5 ? 148 * 72 / 25.4 : 210 * 72 / 25.4;
  double h = a5 ? 210 * 72 / 25.4 : 297 * 72 / 25.4;
  if (base->braille || (fabs(base->page_width - w) < 0.01 && fabs(base->page_height - h) < 0.01))
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
 * 'paper_name()' - "A4", "A5", "A4 landscape" ... or "WxH mm" for a page
 * size in points, into 'buf'.
 */
static const char *paper_name(double width, double height, char *buf, size_t size) {
  long w = lround(width * 25.4 / 72), h = lround(height * 25.4 / 72);
  if (w == 210 && h == 297)
    snprintf(buf, size, "A4");
  else if (w == 148 && h == 210)
    snprintf(buf, size, "A5");
  else if (w == 297 && h == 210)
    snprintf(buf, size, "A4 landscape");
  else if (w == 210 && h == 148)
    snprintf(buf, size, "A5 landscape");
  else
    snprintf(buf, size, "%ldx%ld mm", w, h);
  return buf;
}

/*
 * 'render_braille()' - A resolved document as BRF, into 'out'.
 */
static int render_braille(lf_arena *arena, const lf_document *doc, const lf_format *format,
                          lf_rendered *out, lf_diags *diags) {
  lf_brf brf;
  if (lf_braille_render(arena, doc, format, &brf, diags) != 0)
    return -1;
  out->data = (unsigned char *)brf.data;
  out->size = brf.size;
  out->pages = brf.pages;
  out->words_split = brf.words_split;
  out->braille = 1;
  snprintf(out->paper, sizeof out->paper, "braille %dx%d", format->cells.cells_per_line,
           format->cells.lines_per_page);
  return 0;
}

/*
 * 'lf_render_document()' - Resolve, lay out (as a page-per-page document
 * or a booklet) and render one document in an arena of its own; or
 * translate it into braille for a braille format.
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
  int rc = -1;
  if (lf_resolve_edition(arena, req->content, req->leaflet, req->edition, &doc, diags) == 0) {
    doc.review_overdue = lf_days_between(req->today, doc.next_review) < 0;
    if (req->format->braille) {
      rc = render_braille(arena, &doc, req->format, out, diags);
      lf_arena_free(arena);
      return rc;
    }
    d = req->booklet ? lf_layout_booklet(arena, &doc, req->format, req->fonts, diags)
                     : lf_layout_document(arena, &doc, req->format, req->fonts, diags);
  }
  if (!d || lf_pdf_render_cached(d, req->cache, &out->data, &out->size, diags) != 0) {
    if (req->fonts)
      lf_fontset_problems(req->fonts, diags); /* a fallback that would not load */
    free(out->data);
    out->data = NULL;
    out->size = 0;
  } else {
    out->pages = d->page_count;
    out->words_split = d->words_split;
    out->blocks_split = d->blocks_split;
    paper_name(d->page_width, d->page_height, out->paper, sizeof out->paper);
    rc = 0;
  }
  lf_arena_free(arena);
  return rc;
}
