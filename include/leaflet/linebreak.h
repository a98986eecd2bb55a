/*
 * linebreak.h -- where a line may break: Unicode's line-breaking rules
 * (UAX #14, through libunibreak), kept to what clear print allows.
 *
 * Of the opportunities UAX #14 finds, leaflet takes those after white space
 * (never at U+00A0, which UAX #14 already holds together), after a zero
 * width space, and those beside a character of a script written without
 * spaces between words (Chinese, Japanese kana, Korean, Yi), or CJK
 * punctuation: Chinese breaks between characters, and UAX #14 keeps closing
 * punctuation (，。、）」！？ and the like) off the start of a line and opening
 * punctuation off its end.  It drops the rest (after a hyphen, a dash or a
 * slash inside a word): there is still no hyphenation and no word
 * splitting.  To UAX #14 it adds two rules: no break at a space between
 * two digits, so that a phone number's groups ("0808 800 4040") stay on one
 * line; and in Polish, Czech and Slovak none after a one-letter word ("i",
 * "w", "z"), which their typesetters keep with the next word.  (Where the
 * words so held do not fit a line together, the line breaker breaks
 * there all the same.)  Web addresses have rules of their own in the line
 * breaker.
 */
#ifndef LEAFLET_LINEBREAK_H
#define LEAFLET_LINEBREAK_H

#include <stddef.h>
#include <stdint.h>

/*
 * 'lf_line_breaks()' - For the 'count' code points 'cps' of a paragraph in
 * 'language' (BCP 47, or NULL), set after[i] to 1 when a line may break
 * between character i and character i + 1, else 0 (after[count - 1] is 0).
 * Returns 0, or -1 when out of memory.  Safe to call from several threads.
 */
int lf_line_breaks(const uint32_t *cps, size_t count, const char *language,
                   uint8_t *after);

/*
 * 'lf_line_breaks_whole()' - As lf_line_breaks(), always running libunibreak
 * over the whole text (lf_line_breaks() takes a shortcut for text that can
 * only break at spaces; the tests check that the two agree).
 */
int lf_line_breaks_whole(const uint32_t *cps, size_t count, const char *language,
                         uint8_t *after);

/*
 * 'lf_may_start_line()' - 0 when UAX #14 keeps 'cp' off the start of a
 * line (closing punctuation and brackets, '!', '?', ',', '.', small kana
 * and the like: classes CL, CP, EX, IS, NS), else 1: where a word wider
 * than the line must be cut, it is not cut before one of these ("。" alone
 * on a line).  Safe to call from several threads.
 */
int lf_may_start_line(uint32_t cp);

/*
 * 'lf_address_break_before()' - Whether a web or email address too long
 * for a line may be divided between 'before' and 'here': after a '/' that
 * does not start "//", or before a '.' that follows neither '.' nor '/'
 * (where style guides divide one).  Print's line breaker and braille's
 * both divide addresses so.
 */
int lf_address_break_before(uint32_t before, uint32_t here);

#endif
