/*
 * colour.h -- contrast, as the Web Content Accessibility Guidelines
 * measure it, between the colours a print format and a table give: text
 * and links on the paper, in a callout and on a table row's fill.
 *
 * Clear print asks for text at 7:1 or more (WCAG 2's enhanced level,
 * 1.4.6), and for the lines that mark out a box at 3:1 (1.4.11).  The
 * loader checks a print format's colours, and the resolver's tables are
 * checked against each print format, by `leaflet check` and by the table
 * layout alike, so that what check passes, build sets.  Content-level: it
 * knows the model and nothing of layout.
 */
#ifndef LEAFLET_COLOUR_H
#define LEAFLET_COLOUR_H

#include "leaflet/diag.h"
#include "leaflet/document.h"
#include "leaflet/model.h"

/* The least contrast for text, and for the outline of a box. */
#define LF_TEXT_CONTRAST 7.0
#define LF_OUTLINE_CONTRAST 3.0

/*
 * 'lf_contrast_ratio()' - WCAG's contrast ratio of two colours (0xRRGGBB),
 * 1 to 21.
 */
double lf_contrast_ratio(unsigned a, unsigned b);

/*
 * 'lf_blocks_have_links()' - Whether blocks hold a link (set in the link
 * colour): in their text, their lists, callouts or tables.
 */
int lf_blocks_have_links(const lf_blocks *blocks);

/*
 * 'lf_check_fills()' - Each row of table 't' set on a fill keeps 7:1
 * contrast with the text on it in print format 's': the text colour, and
 * the link colour where the row holds a link.  Each pair below is an error
 * at the fill's place.  Returns 0, or -1 when any was reported.
 */
int lf_check_fills(const lf_table *t, const lf_format *s, lf_diags *diags);

#endif
