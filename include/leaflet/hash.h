/*
 * hash.h -- FNV-1a, 64 bits: a fast hash of bytes for tables and stable
 * names, not for security (see sha256.h for that).  Start from
 * LF_FNV_OFFSET, then fold in each value: h = (h ^ value) * LF_FNV_PRIME.
 *
 * The PDF backend keys its cache of compressed page content with it, names
 * font subsets with it, and builds a file's /ID on it; the same input gives
 * the same hash on every machine, so outputs that depend on it are
 * reproducible.
 */
#ifndef LEAFLET_HASH_H
#define LEAFLET_HASH_H

#include <stddef.h>
#include <stdint.h>

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

#endif
