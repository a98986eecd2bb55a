/*
 * hbsubset.h -- font subsets made by HarfBuzz's subsetter, hb-subset
 * (hbsubset.c): for CFF fonts, alone or in a collection (the Noto CJK
 * faces), whose outlines our own subsetter (subset.c) does not read.
 */
#ifndef LEAFLET_PDF_HBSUBSET_H
#define LEAFLET_PDF_HBSUBSET_H

#include <stddef.h>
#include <stdint.h>

#include "leaflet/fonts.h"
#include "leaflet/pdf.h"

/* What lf_pdf_hb_subset() makes. */
enum {
  LF_HB_SUBSET_CFF = 1,        /* only the subset's CFF table (a bare CFF
                                  font program), not the whole font */
  LF_HB_SUBSET_RETAIN_GIDS = 2 /* every glyph keeps its id (the others are
                                  left empty) */
};

/*
 * 'lf_pdf_hb_subset()' - A subset of 'font' with .notdef and its 'count'
 * glyphs 'glyphs' (nothing a glyph's outline does not need: no layout
 * tables, no hinting), as 'options' asks; each glyph's id in the subset
 * goes to 'new_ids[i]'.  The same input always gives the same bytes.
 * Returns 0, or -1 with the reason in 'why'.
 */
int lf_pdf_hb_subset(const lf_font *font, const uint32_t *glyphs, size_t count,
                     unsigned options, uint16_t *new_ids, lf_font_subset *subset,
                     char *why, size_t why_size);

#endif
