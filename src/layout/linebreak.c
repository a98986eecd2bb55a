/*
 * linebreak.c -- line-break opportunities: UAX #14 by libunibreak, then
 * leaflet's rules (see linebreak.h).
 *
 * libunibreak builds a second-level index of its tables on its first call
 * to init_linebreak(), which is not safe to run twice at once: it runs once
 * for the process, whichever thread needs it first.
 */
#include "leaflet/linebreak.h"

#include <linebreak.h>
#include <pthread.h>
#include <stdlib.h>

#include "leaflet/shaper.h"

static pthread_once_t unibreak_ready = PTHREAD_ONCE_INIT;

/* 'init_unibreak()' - libunibreak's one-time set-up. */
static void init_unibreak(void) { init_linebreak(); }

/*
 * 'is_white()' - White space a line may break after (not U+00A0, U+2007 or
 * U+202F, the spaces that hold their neighbours together).
 */
static int is_white(uint32_t cp) {
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
 * 'lf_line_breaks()' - UAX #14's opportunities, those leaflet takes.
 */
int lf_line_breaks(const uint32_t *cps, size_t count, const char *language,
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
                         (is_white(cps[i]) || cps[i] == 0x200B ||
                          breaks_between_letters(cps[i]) ||
                          breaks_between_letters(cps[i + 1])));
  }
  after[count - 1] = 0;
  free(brks);
  return 0;
}
