/*
 * codes.h -- the two-byte codes text is shown with (Identity-H): a
 * character's own value up to U+FFFF; for a character beyond U+FFFF a code
 * from the UTF-16 surrogates (0xD800 ...), which no character has, given
 * in order of first appearance, so that the same text always gets the
 * same codes.  A code means the same character in every font of a
 * document.
 */
#ifndef LEAFLET_PDF_CODES_H
#define LEAFLET_PDF_CODES_H

#include <stddef.h>
#include <stdint.h>

#define LF_PDF_ASTRAL_FIRST 0xD800u
#define LF_PDF_ASTRAL_MAX 2048
#define LF_PDF_ASTRAL_SLOTS 4096 /* hash slots: a power of two, twice the max */

/* The characters beyond U+FFFF a document shows, by code (zeroed: none). */
typedef struct lf_pdf_astral {
  uint32_t chars[LF_PDF_ASTRAL_MAX];     /* code LF_PDF_ASTRAL_FIRST + i -> character */
  uint16_t slots[LF_PDF_ASTRAL_SLOTS];   /* open hash of 'chars': index + 1, 0 empty */
  size_t count;
  int overflow;                          /* a character found no code */
} lf_pdf_astral;

/* 'lf_pdf_code()' - The code that shows character 'cp': its own value up
 * to U+FFFF, else a code from LF_PDF_ASTRAL_FIRST given on first use.  -1
 * (and 'overflow' set) past LF_PDF_ASTRAL_MAX such characters. */
int lf_pdf_code(lf_pdf_astral *astral, uint32_t cp);

/* 'lf_pdf_char()' - The character that code 'code' shows (the inverse of
 * lf_pdf_code()). */
uint32_t lf_pdf_char(const lf_pdf_astral *astral, unsigned code);

#endif
