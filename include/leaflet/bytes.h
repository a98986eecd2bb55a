/*
 * bytes.h -- big-endian integers in byte arrays, the byte order of
 * TrueType files (read by the layout's font reader and the PDF backend's
 * font embedder and subsetter) and of PDF's binary fields.
 *
 * The caller checks that the bytes lie inside what it reads.
 */
#ifndef LEAFLET_BYTES_H
#define LEAFLET_BYTES_H

#include <stdint.h>

/* 'lf_be16()' - Unsigned 16-bit value at 'p'. */
static inline unsigned lf_be16(const unsigned char *p) {
  return ((unsigned)p[0] << 8) | p[1];
}

/* 'lf_be16s()' - Signed (two's complement) 16-bit value at 'p'. */
static inline int lf_be16s(const unsigned char *p) {
  unsigned v = lf_be16(p);
  return v >= 0x8000u ? (int)v - 0x10000 : (int)v;
}

/* 'lf_be32()' - Unsigned 32-bit value at 'p'. */
static inline uint32_t lf_be32(const unsigned char *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
         ((uint32_t)p[2] << 8) | p[3];
}

/* 'lf_be16_set()' - Store the low 16 bits of 'value' at 'p'. */
static inline void lf_be16_set(unsigned char *p, unsigned value) {
  p[0] = (unsigned char)(value >> 8);
  p[1] = (unsigned char)value;
}

/* 'lf_be32_set()' - Store 'value' at 'p'. */
static inline void lf_be32_set(unsigned char *p, uint32_t value) {
  p[0] = (unsigned char)(value >> 24);
  p[1] = (unsigned char)(value >> 16);
  p[2] = (unsigned char)(value >> 8);
  p[3] = (unsigned char)value;
}

#endif
