/*
 * itemize.c -- the script of each character of a paragraph, and the face
 * to set it in, chosen by script and coverage (see layout.h).
 *
 * Characters of no script of their own (spaces, digits, most punctuation:
 * Common; combining marks: Inherited) take the script of the text before
 * them, or at the start of a paragraph the first script after them, as
 * UAX #24 suggests, so that the digits and commas of an Urdu sentence are
 * set in its Arabic face and a full stop after a drug name in Atkinson.
 */
#include <string.h>

#include "leaflet/language.h"
#include "leaflet/layout.h"
#include "leaflet/shaper.h"

/*
 * 'lf_resolve_scripts()' - Common and Inherited characters take the script
 * before them (or the first after them); a paragraph of none has Common.
 */
void lf_resolve_scripts(const uint32_t *cps, size_t count, lf_script_tag *scripts) {
  lf_script_tag last = 0;
  size_t pending = 0; /* characters at the start still waiting for a script */
  for (size_t i = 0; i < count; i++) {
    lf_script_tag s = lf_script_of(cps[i]);
    if (lf_script_is_real(s)) {
      if (!last)
        for (size_t k = pending; k < i; k++)
          scripts[k] = s;
      last = s;
      scripts[i] = s;
    } else if (last) {
      scripts[i] = last;
    } else {
      scripts[i] = LF_SCRIPT_COMMON;
    }
  }
}

/* 'has_slot()' - Whether the set names a regular face for script slot 'slot'. */
static int has_slot(const lf_fontset *fonts, int slot) {
  return fonts->path[LF_FACE_SCRIPT + 2 * slot] != NULL;
}

/*
 * 'traditional()' - Whether Chinese in 'language' is written in
 * traditional characters: a 'Hant' script subtag, or Taiwan, Hong Kong or
 * Macao without 'Hans'.
 */
static int traditional(const char *language) {
  char script[8];
  lf_language_script(language, script, sizeof script);
  if (script[0])
    return strcmp(script, "Hant") == 0;
  if (!language)
    return 0;
  const char *region = strchr(language, '-');
  return region && (strcmp(region + 1, "TW") == 0 || strcmp(region + 1, "HK") == 0 ||
                    strcmp(region + 1, "MO") == 0 || strcmp(region + 1, "tw") == 0 ||
                    strcmp(region + 1, "hk") == 0);
}

/*
 * 'lf_script_slot()' - The font slot (lf_font_script) for text of 'script'
 * in 'language' whose fonts the set names, or -1.
 */
int lf_script_slot(const lf_fontset *fonts, lf_script_tag script, const char *language) {
  char primary[16];
  int slot = -1;
  switch (script) {
  case LF_SCRIPT_ARABIC:
    lf_language_primary(language, primary, sizeof primary);
    slot = strcmp(primary, "ur") == 0 && has_slot(fonts, LF_FONT_SCRIPT_URDU)
               ? LF_FONT_SCRIPT_URDU : LF_FONT_SCRIPT_ARABIC;
    break;
  case LF_SCRIPT_TAG('B', 'e', 'n', 'g'): slot = LF_FONT_SCRIPT_BENGALI; break;
  case LF_SCRIPT_TAG('G', 'u', 'r', 'u'): slot = LF_FONT_SCRIPT_GURMUKHI; break;
  case LF_SCRIPT_TAG('G', 'u', 'j', 'r'): slot = LF_FONT_SCRIPT_GUJARATI; break;
  case LF_SCRIPT_DEVANAGARI: slot = LF_FONT_SCRIPT_DEVANAGARI; break;
  case LF_SCRIPT_TAG('T', 'a', 'm', 'l'): slot = LF_FONT_SCRIPT_TAMIL; break;
  case LF_SCRIPT_HAN:
  case LF_SCRIPT_TAG('H', 'i', 'r', 'a'):
  case LF_SCRIPT_TAG('K', 'a', 'n', 'a'):
  case LF_SCRIPT_TAG('B', 'o', 'p', 'o'):
    if (traditional(language) ? has_slot(fonts, LF_FONT_SCRIPT_CHINESE_TRADITIONAL)
                              : !has_slot(fonts, LF_FONT_SCRIPT_CHINESE_SIMPLIFIED))
      slot = LF_FONT_SCRIPT_CHINESE_TRADITIONAL;
    else
      slot = LF_FONT_SCRIPT_CHINESE_SIMPLIFIED;
    break;
  default:
    return -1;
  }
  return has_slot(fonts, slot) ? slot : -1;
}

/*
 * 'slot_face()' - The face of script slot 'slot' that has 'cp', bold when
 * asked and there is one, else regular; -1 when neither has it.
 */
static int slot_face(const lf_fontset *fonts, int slot, int bold, uint32_t cp) {
  for (int b = bold; b >= 0; b--) {
    int face = LF_FACE_SCRIPT + 2 * slot + b;
    const lf_font *font = lf_fontset_face(fonts, (lf_face)face);
    if (font && lf_font_glyph(font, cp) != 0)
      return face;
  }
  return -1;
}

/*
 * 'lf_pick_face()' - The face for 'cp' of 'script' in 'language': the
 * script's own face when the format names one that has it, else the
 * regular or bold face or its fallback (lf_fontset_pick()), else the
 * Chinese face of 'language' (Traditional for zh-Hant), else any script
 * face that has it; -1 when no face has it.
 */
int lf_pick_face(const lf_fontset *fonts, lf_face want, uint32_t cp, lf_script_tag script,
                 const char *language) {
  int bold = want == LF_FACE_BOLD;
  int slot = lf_script_slot(fonts, script, language);
  if (slot >= 0) {
    int face = slot_face(fonts, slot, bold, cp);
    if (face >= 0)
      return face;
  }
  int face = lf_fontset_pick(fonts, want, cp);
  if (face >= 0)
    return face;
  /* Chinese punctuation beside Latin text ("（NET）。") in the Chinese
   * face of the text's language: a Traditional leaflet embedded the
   * Simplified face for it, first in the slots' order */
  int han = lf_script_slot(fonts, LF_SCRIPT_HAN, language);
  if (han >= 0 && han != slot && (face = slot_face(fonts, han, bold, cp)) >= 0)
    return face;
  for (int s = 0; s < LF_FONT_SCRIPT_COUNT; s++)
    if (s != slot && has_slot(fonts, s) && (face = slot_face(fonts, s, bold, cp)) >= 0)
      return face;
  return -1;
}
