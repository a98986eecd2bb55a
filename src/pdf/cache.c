/*
 * cache.c -- compressed page content shared between documents (pdf.h).
 *
 * A mailing prints the same leaflet pages in every request's PDF and again
 * in the print file of its format.  A page's content stream comes out as the
 * same bytes each time (codes are Unicode values, fonts are named in face
 * order, marked-content ids count from 0 on each page; only a character
 * beyond U+FFFF has a code that depends on the document, and then the
 * bytes differ and the page is simply not found), so its compressed
 * form is kept here, keyed by the bytes themselves, and copied rather than
 * compressed again.  A hit gives exactly the bytes zlib would have given,
 * so output does not depend on which thread got there first.
 *
 * The table is open addressing on a 64-bit FNV-1a hash of the bytes taken
 * eight at a time (lf_fnv_words(), hash.h: the cache is in memory only), with
 * the bytes compared in full on a match; it holds at most 'limit' bytes of
 * content (plain and compressed together) and stops taking more when full.
 * Entries under a key that starts with a NUL, which no content stream
 * does, are what streams are made from (a font's subset for a set of
 * glyphs: embed.c); they have a budget of their own, a quarter of the
 * limit, so that a mailing's pages, filling the cache first, do not shut
 * them out.
 * One lock guards it: a look-up or an insertion is a hash and a copy of a
 * few kilobytes, next to a compression that takes a hundred times longer.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "leaflet/hash.h"

/* One page's content: its bytes and their compressed form. */
typedef struct cache_entry {
  uint64_t hash;
  unsigned char *raw, *packed;   /* one allocation: raw, then packed */
  size_t raw_length, packed_length;
} cache_entry;

struct lf_pdf_cache {
  pthread_mutex_t lock;
  size_t limit, used;            /* bytes of content held, and the most */
  size_t derived_used;           /* of them, under keys led by a NUL (what
                                    a stream is made from: font subsets),
                                    held apart, at most a quarter more */
  cache_entry *slots;            /* 'cap' slots, a power of two */
  size_t cap, count;
};

/*
 * 'lf_pdf_cache_new()' - An empty cache holding at most 'limit' bytes.
 */
lf_pdf_cache *lf_pdf_cache_new(size_t limit) {
  lf_pdf_cache *cache = calloc(1, sizeof *cache);
  if (!cache)
    return NULL;
  if (pthread_mutex_init(&cache->lock, NULL) != 0) {
    free(cache);
    return NULL;
  }
  cache->limit = limit;
  return cache;
}

/*
 * 'lf_pdf_cache_free()' - Free a cache and everything it holds.
 */
void lf_pdf_cache_free(lf_pdf_cache *cache) {
  if (!cache)
    return;
  for (size_t i = 0; i < cache->cap; i++)
    free(cache->slots[i].raw);
  free(cache->slots);
  pthread_mutex_destroy(&cache->lock);
  free(cache);
}

/*
 * 'slot_of()' - The slot holding these bytes, or the empty slot where they
 * would go.  The table is never full (grow() keeps it at most half used).
 */
static cache_entry *slot_of(const lf_pdf_cache *cache, uint64_t hash,
                            const unsigned char *raw, size_t length) {
  size_t mask = cache->cap - 1;
  for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
    cache_entry *e = &cache->slots[i];
    if (!e->raw || (e->hash == hash && e->raw_length == length &&
                    memcmp(e->raw, raw, length) == 0))
      return e;
  }
}

/*
 * 'grow()' - Double the table (or make its first one).  Returns 0, or -1
 * when out of memory (the table is left as it was).
 */
static int grow(lf_pdf_cache *cache) {
  size_t cap = cache->cap ? cache->cap * 2 : 64;
  cache_entry *slots = calloc(cap, sizeof *slots);
  if (!slots)
    return -1;
  lf_pdf_cache bigger = *cache;
  bigger.slots = slots;
  bigger.cap = cap;
  for (size_t i = 0; i < cache->cap; i++)
    if (cache->slots[i].raw)
      *slot_of(&bigger, cache->slots[i].hash, cache->slots[i].raw,
               cache->slots[i].raw_length) = cache->slots[i];
  free(cache->slots);
  cache->slots = slots;
  cache->cap = cap;
  return 0;
}

/*
 * 'lf_pdf_cache_find()' - The compressed form of 'length' bytes at 'raw',
 * copied into 'out' (replacing what it held).  Returns 1 when found, 0 when
 * not (or when 'out' could not grow).
 */
int lf_pdf_cache_find(lf_pdf_cache *cache, const unsigned char *raw,
                      size_t length, lf_buf *out) {
  if (!cache || !length)
    return 0;
  uint64_t hash = lf_fnv_words(LF_FNV_OFFSET, raw, length);
  int found = 0;
  pthread_mutex_lock(&cache->lock);
  if (cache->cap) {
    const cache_entry *e = slot_of(cache, hash, raw, length);
    if (e->raw) {
      out->length = 0;
      lf_buf_put(out, e->packed, e->packed_length);
      found = !out->failed;
    }
  }
  pthread_mutex_unlock(&cache->lock);
  return found;
}

/*
 * 'lf_pdf_cache_put()' - Keep 'packed' as the compressed form of 'raw',
 * unless the cache is full or already has it (quietly: a cache that cannot
 * take more only means more compressing).
 */
void lf_pdf_cache_put(lf_pdf_cache *cache, const unsigned char *raw,
                      size_t length, const unsigned char *packed,
                      size_t packed_length) {
  if (!cache || !length || length + packed_length < length)
    return;
  uint64_t hash = lf_fnv_words(LF_FNV_OFFSET, raw, length);
  int derived = raw[0] == 0;
  size_t limit = derived ? cache->limit / 4 : cache->limit;
  pthread_mutex_lock(&cache->lock);
  size_t *used = derived ? &cache->derived_used : &cache->used;
  if (limit - *used >= length + packed_length &&
      ((cache->count + 1) * 2 <= cache->cap || grow(cache) == 0)) {
    cache_entry *e = slot_of(cache, hash, raw, length);
    unsigned char *copy = e->raw ? NULL : malloc(length + packed_length + 1);
    if (copy) {
      memcpy(copy, raw, length);
      memcpy(copy + length, packed, packed_length);
      *e = (cache_entry){hash, copy, copy + length, length, packed_length};
      cache->count++;
      *used += length + packed_length;
    }
  }
  pthread_mutex_unlock(&cache->lock);
}
