/*
 * colour.c -- contrast between the colours text is set in and on (see
 * colour.h).
 */
#include <math.h>

#include "leaflet/colour.h"

/*
 * 'channel()' - One sRGB channel's linear light (WCAG 2's relative
 * luminance).
 */
static double channel(unsigned v) {
  double c = v / 255.0;
  return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/*
 * 'luminance()' - The relative luminance of colour 'rgb' (0xRRGGBB).
 */
static double luminance(unsigned rgb) {
  return 0.2126 * channel(rgb >> 16 & 255) + 0.7152 * channel(rgb >> 8 & 255) +
         0.0722 * channel(rgb & 255);
}

/*
 * 'lf_contrast_ratio()' - (L1 + 0.05) / (L2 + 0.05), the lighter over the
 * darker.
 */
double lf_contrast_ratio(unsigned a, unsigned b) {
  double la = luminance(a), lb = luminance(b);
  return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/*
 * 'inline_has_link()' - Whether runs hold a link.
 */
static int inline_has_link(const lf_inline *text) {
  for (size_t k = 0; k < text->count; k++)
    if (text->runs[k].style & LF_RUN_LINK)
      return 1;
  return 0;
}

/*
 * 'lf_blocks_have_links()' - Whether blocks hold a link (see colour.h).
 */
int lf_blocks_have_links(const lf_blocks *blocks) {
  for (size_t i = 0; i < blocks->count; i++) {
    const lf_block *b = &blocks->items[i];
    if (inline_has_link(&b->text) || lf_blocks_have_links(&b->body))
      return 1;
    for (size_t k = 0; k < b->list_count; k++)
      if (lf_blocks_have_links(&b->list_items[k]))
        return 1;
    if (b->table) {
      if (inline_has_link(&b->table->caption))
        return 1;
      for (size_t r = 0; r < b->table->row_count; r++)
        for (size_t c = 0; c < b->table->columns; c++)
          if (lf_blocks_have_links(&b->table->rows[r].cells[c]))
            return 1;
    }
  }
  return 0;
}

/*
 * 'lf_check_fills()' - Rows on a colour against the format's inks (see
 * colour.h).
 */
int lf_check_fills(const lf_table *t, const lf_format *s, lf_diags *diags) {
  int rc = 0;
  for (size_t r = 0; r < t->row_count; r++) {
    const lf_table_row *row = &t->rows[r];
    if (!row->has_fill)
      continue;
    int links = 0;
    for (size_t c = 0; c < t->columns; c++)
      links |= lf_blocks_have_links(&row->cells[c]);
    unsigned inks[2] = {s->text_colour, s->link_colour};
    const char *names[2] = {"text", "links"};
    for (int k = 0; k < 1 + links; k++) {
      double ratio = lf_contrast_ratio(inks[k], row->fill);
      if (ratio < LF_TEXT_CONTRAST - 1e-9) {
        lf_error(diags, row->fill_pos,
                 "fill #%06X under %s in #%06X has a contrast of %.1f:1 (expected at least "
                 "7:1, so that the row reads for people with low vision; choose a lighter "
                 "fill, and say the row's status in its words too)",
                 row->fill, names[k], inks[k], floor(ratio * 10) / 10);
        rc = -1;
      }
    }
  }
  return rc;
}
