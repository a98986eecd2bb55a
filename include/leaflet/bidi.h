/*
 * bidi.h -- the Unicode bidirectional algorithm (UAX #9), through FriBidi.
 *
 * A paragraph's characters get embedding levels (even: left to right, odd:
 * right to left) from its base direction (the direction of its language:
 * Urdu, Arabic, Farsi, Pashto and Dari set right to left) and the
 * characters themselves, so that a drug name, a phone number or a web
 * address inside Urdu keeps its own order (a number written in groups,
 * "0808 157 0192", is kept one left-to-right run: bidi.c).  After line breaking, the runs
 * of each line are put in visual order (rule L2).
 */
#ifndef LEAFLET_BIDI_H
#define LEAFLET_BIDI_H

#include <stddef.h>
#include <stdint.h>

/*
 * 'lf_bidi_levels()' - Resolve the embedding level of each of the 'count'
 * code points 'cps' of a paragraph whose base direction is right to left
 * when 'rtl', into levels[0..count).  Returns 0, or -1 when out of memory.
 */
int lf_bidi_levels(const uint32_t *cps, size_t count, int rtl, uint8_t *levels);

/*
 * 'lf_bidi_visual_order()' - The visual order of 'count' runs of a line,
 * each of one level (levels[i], in logical order), by rule L2: from the
 * highest level down to the lowest odd one, every stretch of runs at that
 * level or above is reversed.  order[k] is the logical index of the run
 * shown k-th from the left.
 */
void lf_bidi_visual_order(const uint8_t *levels, size_t count, size_t *order);

#endif
