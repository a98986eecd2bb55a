/*
 * linebreak.c -- line-break opportunities: UAX #14 by libunibreak, then
 * leaflet's rules (see linebreak.h).
 *
 * Most paragraphs (English, Welsh, Polish, Urdu ...) can break only after
 * their spaces, and whether a line may break after a space depends only on
 * the characters either side of it (UAX #14 rules LB6 to LB18).  For those,
 * the classes of those two characters are looked up in libunibreak's own
 * table and the rules applied here, which costs a fraction of running the
 * whole algorithm; the unit tests check that the two always agree.  Text
 * with anything else in it (Chinese, line separators, other white space,
 * combining marks beside a space, Thai) goes through libunibreak whole.
 *
 * libunibreak builds a second-level index of its tables on its first call
 * to init_linebreak(), which is not safe to run twice at once: it runs once
 * for the process, whichever thread needs it first, and counts the entries
 * of the class table then (written once, before any reader).
 */
#include "leaflet/linebreak.h"

#include <linebreak.h>
#include <linebreakdef.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet/language.h"
#include "leaflet/shaper.h"

/* libunibreak's one-time set-up: the process's only state here, written
 * once under the flag (pthread_once) and only read after, so threads
 * share it safely (README, "How it is built"). */
static pthread_once_t unibreak_ready = PTHREAD_ONCE_INIT;
static size_t class_count; /* entries of lb_prop_default: set once, under unibreak_ready */

/* 'init_unibreak()' - libunibreak's one-time set-up, and the size of its
 * class table (which ends with an entry starting at 0xFFFFFFFF). */
static void init_unibreak(void) {
  init_linebreak();
  size_t n = 0;
  while (lb_prop_default[n].start != 0xFFFFFFFFu)
    n++;
  class_count = n;
}

/*
 * 'tailoring()' - libunibreak's classes of its own for 'language' (English
 * takes ‘ and “ as opening punctuation, German », and so on), as it finds
 * them: the first entry whose name starts the language tag; NULL for none.
 */
static const struct LineBreakProperties *tailoring(const char *language) {
  if (!language)
    return NULL;
  for (const struct LineBreakPropertiesLang *l = lb_prop_lang_map; l->lang; l++)
    if (strncmp(language, l->lang, l->namelen) == 0)
      return l->lbp;
  return NULL;
}

/* 'class_of()' - The UAX #14 class of 'cp' for a language tailored by
 * 'tailored' (or NULL), else in libunibreak's default table (XX when it has
 * none). */
static enum LineBreakClass class_of(uint32_t cp, const struct LineBreakProperties *tailored) {
  for (; tailored && tailored->prop != LBP_Undefined; tailored++)
    if (cp >= tailored->start && cp <= tailored->end)
      return tailored->prop;
  size_t low = 0, high = class_count;
  while (low < high) {
    size_t mid = low + (high - low) / 2;
    if (cp > lb_prop_default[mid].end)
      low = mid + 1;
    else if (cp < lb_prop_default[mid].start)
      high = mid;
    else
      return lb_prop_default[mid].prop;
  }
  return LBP_XX;
}

/*
 * 'may_take_shortcut()' - Whether 'cp' is a character the shortcut knows
 * UAX #14 treats simply: a space, or a character that is not white space
 * of another kind, a line or paragraph end, a zero width space, a control,
 * or of a script written without spaces (those go through libunibreak).
 */
static int may_take_shortcut(uint32_t cp) {
  if (cp == ' ')
    return 1;
  if (cp < 0x21 || (cp >= 0x7F && cp < 0xA0) || cp >= 0x2E80)
    return 0;
  return !((cp >= 0x0E00 && cp <= 0x0EFF) ||  /* Thai, Lao */
           (cp >= 0x1000 && cp <= 0x109F) ||  /* Myanmar */
           (cp >= 0x1100 && cp <= 0x11FF) ||  /* Hangul jamo */
           (cp >= 0x1780 && cp <= 0x17FF) ||  /* Khmer */
           (cp >= 0x1950 && cp <= 0x19DF) ||  /* Tai Le, New Tai Lue */
           (cp >= 0x1A20 && cp <= 0x1AAF) ||  /* Tai Tham */
           cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x205F);
}

/*
 * 'after_space()' - Whether UAX #14 lets a line break after a space that
 * follows a character of class 'before' and precedes one of class 'next'
 * (rules LB6 to LB18); -1 when a combining mark stands beside the space,
 * which the shortcut leaves to libunibreak.
 */
static int after_space(enum LineBreakClass before, enum LineBreakClass next) {
  if (before == LBP_CM || next == LBP_CM)
    return -1;
  switch (next) {
  case LBP_BK: case LBP_CR: case LBP_LF: case LBP_NL: case LBP_SP: case LBP_ZW:
  case LBP_WJ: case LBP_CL: case LBP_CP: case LBP_EX: case LBP_IS: case LBP_SY:
    return 0; /* LB6, LB7, LB11, LB13 */
  default:
    break;
  }
  if (before == LBP_OP)
    return 0; /* LB14 */
  if (before == LBP_QU && next == LBP_OP)
    return 0; /* LB15 */
  if ((before == LBP_CL || before == LBP_CP) && next == LBP_NS)
    return 0; /* LB16 */
  if (before == LBP_B2 && next == LBP_B2)
    return 0; /* LB17 */
  return 1;   /* LB18 */
}

/*
 * 'spaces_only()' - The shortcut: opportunities after spaces, by the
 * classes beside them.  Returns 0, or -1 when the text needs libunibreak
 * (a character the shortcut does not know, a mark beside a space, a
 * language libunibreak tailors).
 */
static int spaces_only(const uint32_t *cps, size_t count, const char *language,
                       uint8_t *after) {
  char primary[16];
  lf_language_primary(language, primary, sizeof primary);
  if (!strcmp(primary, "zh") || !strcmp(primary, "ja") || !strcmp(primary, "ko"))
    return -1;
  for (size_t i = 0; i < count; i++)
    if (!may_take_shortcut(cps[i]))
      return -1;
  const struct LineBreakProperties *tailored = tailoring(language);
  /* a space the text starts with counts as a word joiner, as libunibreak
   * takes it: nothing breaks right after it */
  enum LineBreakClass before = LBP_WJ; /* of the last character not a space */
  for (size_t i = 0; i + 1 < count; i++) {
    after[i] = 0;
    if (i == 0 || cps[i] != ' ') {
      if (cps[i + 1] == ' ')
        before = cps[i] == ' ' ? LBP_WJ : class_of(cps[i], tailored);
      continue;
    }
    if (cps[i + 1] == ' ')
      continue; /* LB7: never before a space */
    int allowed = after_space(before, class_of(cps[i + 1], tailored));
    if (allowed < 0)
      return -1;
    after[i] = (uint8_t)allowed;
  }
  after[count - 1] = 0;
  return 0;
}

/*
 * 'breaks_after_white()' - White space a line may break after (not U+00A0, U+2007 or
 * U+202F, the spaces that hold their neighbours together).
 */
static int breaks_after_white(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A && cp != 0x2007) || cp == 0x205F || cp == 0x3000;
}

/*
 * 'breaks_between_letters()' - Whether 'cp' belongs to writing set without
 * spaces between words, where a line may break between characters: the
 * Han, kana, bopomofo, Hangul and Yi scripts, and the punctuation, iteration
 * marks and full-width forms that go with them.
 */
static int breaks_between_letters(uint32_t cp) {
  if ((cp >= 0x2E80 && cp <= 0x2FDF) ||   /* radicals */
      (cp >= 0x3000 && cp <= 0x31FF) ||   /* CJK punctuation, kana, bopomofo */
      (cp >= 0xFE10 && cp <= 0xFE1F) ||   /* vertical forms */
      (cp >= 0xFE30 && cp <= 0xFE4F) ||   /* compatibility forms */
      (cp >= 0xFF00 && cp <= 0xFFEF))     /* full-width forms */
    return 1;
  lf_script_tag script = lf_script_of(cp);
  return script == LF_SCRIPT_HAN || script == LF_SCRIPT_TAG('H', 'i', 'r', 'a') ||
         script == LF_SCRIPT_TAG('K', 'a', 'n', 'a') ||
         script == LF_SCRIPT_TAG('B', 'o', 'p', 'o') ||
         script == LF_SCRIPT_TAG('H', 'a', 'n', 'g') ||
         script == LF_SCRIPT_TAG('Y', 'i', 'i', 'i');
}

/*
 * 'is_digit()' - Whether 'cp' is a decimal digit (UAX #14 class NU: 0-9,
 * and the digits of Arabic, Bengali, Devanagari ... and full-width ones).
 */
static int is_digit(uint32_t cp) {
  if (cp < 0x80)
    return cp >= '0' && cp <= '9';
  return class_of(cp, NULL) == LBP_NU;
}

/*
 * 'hold_numbers()' - No break at a space between two digits: the groups
 * of a phone number ("0808 800 4040") stay on one line, as a patient
 * dialling it reads it.
 */
static void hold_numbers(const uint32_t *cps, size_t count, uint8_t *after) {
  for (size_t i = 1; i + 1 < count; i++)
    if (after[i] && cps[i] == ' ' && is_digit(cps[i - 1]) && is_digit(cps[i + 1]))
      after[i] = 0;
}

/*
 * 'single_letter_words()' - The one-letter words a language's typesetters
 * keep off a line's end, joined to the word after them ("w domu", "z
 * lekarzem"): Polish, Czech and Slovak; NULL for other languages.
 */
static const char *single_letter_words(const char *language) {
  char primary[16];
  const char *p = language ? lf_language_primary(language, primary, sizeof primary) : NULL;
  if (!p)
    return NULL;
  if (strcmp(p, "pl") == 0)
    return "aiouwzAIOUWZ";
  if (strcmp(p, "cs") == 0 || strcmp(p, "sk") == 0)
    return "aiouksvzAIOUKSVZ";
  return NULL;
}

/*
 * 'hold_single_letters()' - No break at the space after a one-letter word
 * in a language whose typesetters keep it with the next word (Polish "i",
 * "w", "z": a line ending "immunoterapia w" reads as an error).  Where the
 * two do not fit a line together, the breaker breaks there all the same.
 */
static void hold_single_letters(const uint32_t *cps, size_t count, const char *language,
                                uint8_t *after) {
  const char *letters = single_letter_words(language);
  if (!letters)
    return;
  for (size_t i = 1; i + 1 < count; i++) {
    uint32_t c = cps[i - 1];
    if (!after[i] || cps[i] != ' ' || c >= 0x80 || !strchr(letters, (int)c))
      continue;
    uint32_t before = i >= 2 ? cps[i - 2] : ' ';
    if (before == ' ' || before == 0xA0 || before == '(' || before == 0x201E ||
        before == '"' || before == 0x201C || before == 0x00AB || before == 0x2014 ||
        before == 0x2013)
      after[i] = 0;
  }
}

/*
 * 'wide_open_breaks()' - A break before a full-width opening bracket after
 * a letter or digit ("everolimus" before "（Afinitor）"), as UAX #14 has
 * allowed since Unicode 13 (rule LB30 holds only narrow brackets to the
 * word before them); libunibreak 1.1, Debian's, holds both, so that a
 * Latin drug name and its bracket went as one word, wider than the line
 * at 48 pt.
 */
static void wide_open_breaks(const uint32_t *cps, size_t count, uint8_t *after) {
  for (size_t i = 0; i + 1 < count; i++) {
    if (after[i] || !breaks_between_letters(cps[i + 1]) || class_of(cps[i + 1], NULL) != LBP_OP)
      continue;
    enum LineBreakClass before = class_of(cps[i], NULL);
    if (before == LBP_AL || before == LBP_HL || before == LBP_NU)
      after[i] = 1;
  }
}

/*
 * 'lf_line_breaks()' - UAX #14's opportunities, those leaflet takes: the
 * shortcut when the text can only break at spaces, else libunibreak.
 */
int lf_line_breaks(const uint32_t *cps, size_t count, const char *language,
                   uint8_t *after) {
  if (count == 0)
    return 0;
  pthread_once(&unibreak_ready, init_unibreak);
  if (spaces_only(cps, count, language, after) == 0) {
    hold_numbers(cps, count, after);
    hold_single_letters(cps, count, language, after);
    return 0;
  }
  return lf_line_breaks_whole(cps, count, language, after);
}

/* 'lf_may_start_line()' - Whether UAX #14 lets 'cp' start a line. */
int lf_may_start_line(uint32_t cp) {
  pthread_once(&unibreak_ready, init_unibreak);
  switch (class_of(cp, NULL)) {
  case LBP_CL: case LBP_CP: case LBP_EX: case LBP_IS: case LBP_NS:
    return 0;
  default:
    return 1;
  }
}

/* 'lf_address_break_before()' - After '/', before '.' (see linebreak.h). */
int lf_address_break_before(uint32_t before, uint32_t here) {
  if (before == '/' && here != '/')
    return 1;
  return here == '.' && before != '.' && before != '/';
}

/*
 * 'lf_line_breaks_whole()' - libunibreak over the whole text, then the
 * opportunities leaflet keeps.
 */
int lf_line_breaks_whole(const uint32_t *cps, size_t count, const char *language,
                         uint8_t *after) {
  if (count == 0)
    return 0;
  char *brks = malloc(count);
  if (!brks)
    return -1;
  pthread_once(&unibreak_ready, init_unibreak);
  set_linebreaks_utf32((const utf32_t *)cps, count, language, brks);
  for (size_t i = 0; i + 1 < count; i++) {
    int allowed = brks[i] == LINEBREAK_ALLOWBREAK || brks[i] == LINEBREAK_MUSTBREAK;
    after[i] = (uint8_t)(allowed &&
                         (breaks_after_white(cps[i]) || cps[i] == 0x200B ||
                          breaks_between_letters(cps[i]) ||
                          breaks_between_letters(cps[i + 1])));
  }
  after[count - 1] = 0;
  free(brks);
  wide_open_breaks(cps, count, after);
  hold_numbers(cps, count, after);
  hold_single_letters(cps, count, language, after);
  return 0;
}
