/*
 * bidi.c -- embedding levels by FriBidi, visual order by rule L2 (see
 * bidi.h), with one higher-level rule (UAX #9, HL): a number written in
 * groups (a phone number, "0808 157 0192") is one left-to-right run.
 * The algorithm alone treats the spaces between the groups as right to
 * left (numbers count as R for neutrals, N1), so in Urdu the groups would
 * show in reverse order, "0192 157 0808", and be dialled wrong.
 */
#include "leaflet/bidi.h"

#include <fribidi/fribidi.h>
#include <stdlib.h>
#include <string.h>

/*
 * 'may_turn_right()' - Whether 'cp' may be right to left or start an
 * embedding: the right-to-left scripts' blocks (their letters and Arabic
 * digits) and the explicit bidi controls.  Text in a left-to-right
 * paragraph with none of these is all at level 0 (every other class
 * resolves to its paragraph's direction there).
 */
static int may_turn_right(uint32_t cp) {
  return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
         (cp >= 0xFE70 && cp <= 0xFEFF) || (cp >= 0x10800 && cp <= 0x10FFF) ||
         (cp >= 0x1E800 && cp <= 0x1EFFF) || cp == 0x200F || cp == 0x061C ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* 'is_digit()' - A European, Arabic-Indic or Extended Arabic-Indic digit. */
static int is_digit(uint32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 0x0660 && cp <= 0x0669) ||
         (cp >= 0x06F0 && cp <= 0x06F9);
}

/* 'is_group_separator()' - What may stand between the groups of a number. */
static int is_group_separator(uint32_t cp) {
  return cp == ' ' || cp == 0xA0 || cp == 0x202F || cp == '-' || cp == 0x2011;
}

/* The most characters a number written in groups holds ("+44 (0)20 7123
 * 4567" is 19). */
#define NUMBER_MAX 48

/* 'in_number()' - What a number written for people may hold besides its
 * digits: group separators and the brackets of "(020)" and "(0)20". */
static int in_number(uint32_t cp) {
  return is_digit(cp) || is_group_separator(cp) || cp == '(' || cp == ')';
}

/*
 * 'number_end()' - Where the number starting at 'i' (a digit, or a '+' or
 * '(' before one) ends: after its last digit or the ')' closing a '('
 * inside it, so that separators and brackets around it are left out.
 */
static size_t number_end(const uint32_t *cps, size_t count, size_t i) {
  size_t end = i, j = cps[i] == '+' ? i + 1 : i;
  int open = 0;
  /* a number people write is short: a bound, so that "(1(1(1..." tried
   * from each '(' costs a paragraph's length, not its square */
  size_t limit = count - i > NUMBER_MAX ? i + NUMBER_MAX : count;
  for (; j < limit && in_number(cps[j]); j++) {
    if (cps[j] == '(')
      open++;
    else if (cps[j] == ')' && open-- <= 0)
      break;
    if (is_digit(cps[j]) || (cps[j] == ')' && open == 0))
      end = j + 1;
  }
  return end;
}

/*
 * 'keep_numbers_whole()' - A number written in groups, such as a phone
 * number ("0808 800 4040", "+44 20 7123 4567", "(020) 7123 4567", "+44
 * (0)20 7123 4567"), is one run: its separators, brackets and leading '+'
 * get its digits' level when all its digits share one even (left-to-right)
 * level above what they have.  The algorithm alone leaves them at the
 * paragraph's, so that in right-to-left text the groups showed in reverse
 * and the '+' at the wrong end.
 */
static void keep_numbers_whole(const uint32_t *cps, size_t count, uint8_t *levels) {
  size_t i = 0;
  while (i < count) {
    int starts = is_digit(cps[i]) ||
                 ((cps[i] == '+' || cps[i] == '(') && i + 1 < count &&
                  (is_digit(cps[i + 1]) || (cps[i + 1] == '(' && cps[i] == '+')));
    size_t end = starts ? number_end(cps, count, i) : i;
    int open = 0;
    for (size_t j = i; j < end; j++)
      open += cps[j] == '(' ? 1 : cps[j] == ')' ? -1 : 0;
    if (end <= i || open != 0) { /* a '(' not closed in it is not its own */
      i++;
      continue;
    }
    int level = -1, same = 1;
    for (size_t j = i; j < end; j++)
      if (is_digit(cps[j])) {
        if (level < 0)
          level = levels[j];
        else if (levels[j] != level)
          same = 0;
      }
    if (same && level >= 0 && !(level & 1))
      for (size_t j = i; j < end; j++)
        if (levels[j] < level)
          levels[j] = (uint8_t)level;
    i = end;
  }
}

/*
 * 'lf_bidi_levels()' - FriBidi's levels for a paragraph of a given base
 * direction, brackets paired (UAX #9, rule N0), numbers in groups kept
 * whole; all 0 at once for a left-to-right paragraph with nothing that may
 * turn right.
 */
int lf_bidi_levels(const uint32_t *cps, size_t count, int rtl, uint8_t *levels) {
  if (count == 0)
    return 0;
  if (!rtl) {
    size_t i = 0;
    while (i < count && !may_turn_right(cps[i]))
      i++;
    if (i == count) {
      memset(levels, 0, count);
      return 0;
    }
  }
  if (count > (size_t)INT32_MAX)
    return -1;
  FriBidiCharType *types = malloc(count * sizeof *types);
  FriBidiBracketType *brackets = malloc(count * sizeof *brackets);
  FriBidiLevel *out = malloc(count * sizeof *out);
  int rc = -1;
  if (types && brackets && out) {
    FriBidiStrIndex len = (FriBidiStrIndex)count;
    fribidi_get_bidi_types((const FriBidiChar *)cps, len, types);
    fribidi_get_bracket_types((const FriBidiChar *)cps, len, types, brackets);
    FriBidiParType direction = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
    if (fribidi_get_par_embedding_levels_ex(types, brackets, len, &direction, out) != 0) {
      for (size_t i = 0; i < count; i++)
        levels[i] = (uint8_t)out[i];
      keep_numbers_whole(cps, count, levels);
      rc = 0;
    }
  }
  free(types);
  free(brackets);
  free(out);
  return rc;
}

/*
 * 'lf_bidi_visual_order()' - Rule L2 on runs: reverse from the highest
 * level down to the lowest odd level.
 */
void lf_bidi_visual_order(const uint8_t *levels, size_t count, size_t *order) {
  uint8_t highest = 0, lowest_odd = 255;
  for (size_t i = 0; i < count; i++) {
    order[i] = i;
    if (levels[i] > highest)
      highest = levels[i];
    if ((levels[i] & 1) && levels[i] < lowest_odd)
      lowest_odd = levels[i];
  }
  for (int level = highest; level >= lowest_odd && level > 0; level--) {
    size_t i = 0;
    while (i < count) {
      if (levels[order[i]] < level) {
        i++;
        continue;
      }
      size_t end = i;
      while (end < count && levels[order[end]] >= level)
        end++;
      for (size_t a = i, b = end - 1; a < b; a++, b--) {
        size_t t = order[a];
        order[a] = order[b];
        order[b] = t;
      }
      i = end;
    }
  }
}
