/*
 * hash.h -- FNV-1a, 64 bits: a fast hash of bytes for tables and stable
 * names, not for security (see sha256.h for that).  Start from
 * LF_FNV_OFFSET, then fold in each value: h = (h ^ value) * LF_FNV_PRIME.
 *
 * The PDF backend names font subsets with it and builds a file's /ID on
 * it; the same input gives the same hash on every machine, so outputs that
 * depend on it are reproducible.  The shape cache and the PDF backend's
 * cache of compressed streams, tables in memory, hash with lf_fnv_words().
 */
#ifndef LEAFLET_HASH_H
#define LEAFLET_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define LF_FNV_OFFSET 0xCBF29CE484222325u  /* the starting value */
#define LF_FNV_PRIME 0x100000001B3u        /* the multiplier */

/* 'lf_fnv_step()' - Fold one value (a byte, or a wider word) into 'h'. */
static inline uint64_t lf_fnv_step(uint64_t h, uint64_t value) {
  return (h ^ value) * LF_FNV_PRIME;
}

/* 'lf_fnv()' - Fold 'size' bytes into 'h' (LF_FNV_OFFSET to start). */
static inline uint64_t lf_fnv(uint64_t h, const void *data, size_t size) {
  const unsigned char *p = data;
  for (size_t i = 0; i < size; i++)
    h = lf_fnv_step(h, p[i]);
  return h;
}

/*
 * 'lf_fnv_words()' - Fold 'size' bytes into 'h' eight at a time (FNV-1a's
 * multiply on whole words, then a final avalanche): several times faster
 * than lf_fnv() on short keys looked up often (the shape cache's words),
 * but not the same values, and they depend on the machine's byte order:
 * for tables in memory, never for names or files.
 */
static inline uint64_t lf_fnv_words(uint64_t h, const void *data, size_t size) {
  const unsigned char *p = data;
  while (size >= 8) {
    uint64_t word;
    memcpy(&word, p, 8);
    h = (h ^ word) * LF_FNV_PRIME;
    h ^= h >> 29;
    p += 8;
    size -= 8;
  }
  uint64_t tail = 0;
  memcpy(&tail, p, size);
  h = (h ^ tail ^ ((uint64_t)size << 56)) * LF_FNV_PRIME;
  h ^= h >> 32;
  return h * 0x9E3779B97F4A7C15u;
}

#endif
