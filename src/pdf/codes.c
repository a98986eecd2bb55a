/*
 * codes.c -- the codes text is shown with (see codes.h).
 */
#include "codes.h"

/*
 * 'lf_pdf_code()' - The code of 'cp': itself in the Basic Multilingual
 * Plane, else the code it was given, or the next free one (looked up in an
 * open hash of the characters given codes so far).
 */
int lf_pdf_code(lf_pdf_astral *astral, uint32_t cp) {
  if (cp <= 0xFFFF)
    return (int)cp;
  size_t slot = ((uint32_t)(cp * 2654435761u) >> 20) & (LF_PDF_ASTRAL_SLOTS - 1);
  while (astral->slots[slot]) {
    size_t index = astral->slots[slot] - 1u;
    if (astral->chars[index] == cp)
      return (int)(LF_PDF_ASTRAL_FIRST + index);
    slot = (slot + 1) & (LF_PDF_ASTRAL_SLOTS - 1);
  }
  if (astral->count == LF_PDF_ASTRAL_MAX) {
    astral->overflow = 1;
    return -1;
  }
  astral->chars[astral->count] = cp;
  astral->slots[slot] = (uint16_t)++astral->count;
  return (int)(LF_PDF_ASTRAL_FIRST + astral->count - 1);
}

/*
 * 'lf_pdf_char()' - The character a code shows.
 */
uint32_t lf_pdf_char(const lf_pdf_astral *astral, unsigned code) {
  if (code >= LF_PDF_ASTRAL_FIRST &&
      code - LF_PDF_ASTRAL_FIRST < astral->count)
    return astral->chars[code - LF_PDF_ASTRAL_FIRST];
  return code;
}
