/*
 * shapecache.c -- shaped words kept for the run (see shapecache.h).
 *
 * The cache is SHARDS hash tables, a word going to the shard its hash
 * names, each with its own lock, so that workers seldom wait for one
 * another.  An entry is one allocation: the header, the glyphs, the text
 * and the language.  Each shard may hold an equal share of the bound;
 * storing a word that would take it past its share first empties the
 * shard (words in use come back at once; the rest were not worth keeping).
 */
#include "leaflet/shapecache.h"

#include "leaflet/hash.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define SHARDS 16

/* Buckets a shard starts with; it doubles when it holds more entries. */
#define FIRST_BUCKETS 256

typedef struct entry {
  struct entry *next;
  uint64_t hash;
  const void *face;
  uint32_t script;
  uint32_t rtl;
  size_t len, language_len;
  size_t glyph_count;
  size_t size;                /* bytes of the allocation */
  /* then glyph_count glyphs, len bytes of text, language_len bytes */
} entry;

typedef struct shard {
  pthread_mutex_t lock;
  entry **buckets;
  size_t bucket_count;
  size_t entries;
  size_t bytes;
} shard;

struct lf_shape_cache {
  size_t shard_budget;
  atomic_ulong hits, misses, evictions;
  shard shards[SHARDS];
};

/*
 * 'lf_glyph_buf_reserve()' - Grow the buffer (doubling) to hold 'more'.
 */
int lf_glyph_buf_reserve(lf_glyph_buf *buf, size_t more) {
  if (more > SIZE_MAX / sizeof(lf_glyph) - buf->count)
    return -1;
  size_t need = buf->count + more;
  if (need <= buf->cap)
    return 0;
  size_t cap = buf->cap ? buf->cap : 64;
  while (cap < need)
    cap = cap > SIZE_MAX / 2 / sizeof(lf_glyph) ? need : cap * 2;
  lf_glyph *items = realloc(buf->items, cap * sizeof *items);
  if (!items)
    return -1;
  buf->items = items;
  buf->cap = cap;
  return 0;
}

/* 'lf_glyph_buf_free()' - Free the glyphs. */
void lf_glyph_buf_free(lf_glyph_buf *buf) {
  free(buf->items);
  buf->items = NULL;
  buf->count = buf->cap = 0;
}

/* 'entry_glyphs()' / 'entry_text()' / 'entry_language()' - The parts that
 * follow an entry's header. */
static lf_glyph *entry_glyphs(entry *e) { return (lf_glyph *)(e + 1); }
static char *entry_text(entry *e) { return (char *)(entry_glyphs(e) + e->glyph_count); }
static char *entry_language(entry *e) { return entry_text(e) + e->len; }

/* 'key_hash()' - The hash of every part of a key. */
static uint64_t key_hash(const lf_shape_key *key) {
  uint64_t h = lf_fnv_step(LF_FNV_OFFSET, (uint64_t)(uintptr_t)key->face);
  h = lf_fnv_step(h, (uint64_t)key->script << 1 | (uint64_t)(key->rtl != 0));
  if (key->language)
    h = lf_fnv_words(h, key->language, strlen(key->language));
  return lf_fnv_words(h, key->text, key->len);
}

/* 'same_key()' - Whether entry 'e' holds the word of 'key'. */
static int same_key(entry *e, uint64_t hash, const lf_shape_key *key) {
  size_t language_len = key->language ? strlen(key->language) : 0;
  return e->hash == hash && e->face == key->face && e->script == key->script &&
         e->rtl == (uint32_t)key->rtl && e->len == key->len &&
         e->language_len == language_len &&
         memcmp(entry_text(e), key->text, key->len) == 0 &&
         (language_len == 0 || memcmp(entry_language(e), key->language, language_len) == 0);
}

/*
 * 'lf_shape_cache_new()' - An empty cache with its bound shared out.
 */
lf_shape_cache *lf_shape_cache_new(size_t max_bytes) {
  lf_shape_cache *cache = calloc(1, sizeof *cache);
  if (!cache)
    return NULL;
  cache->shard_budget = max_bytes / SHARDS;
  atomic_init(&cache->hits, 0);
  atomic_init(&cache->misses, 0);
  atomic_init(&cache->evictions, 0);
  for (size_t i = 0; i < SHARDS; i++)
    pthread_mutex_init(&cache->shards[i].lock, NULL);
  return cache;
}

/* 'empty_shard()' - Free every entry of a shard (its lock held). */
static void empty_shard(shard *s) {
  for (size_t b = 0; b < s->bucket_count; b++) {
    entry *e = s->buckets[b];
    while (e) {
      entry *next = e->next;
      free(e);
      e = next;
    }
    s->buckets[b] = NULL;
  }
  s->entries = 0;
  s->bytes = 0;
}

/* 'lf_shape_cache_free()' - Free everything. */
void lf_shape_cache_free(lf_shape_cache *cache) {
  if (!cache)
    return;
  for (size_t i = 0; i < SHARDS; i++) {
    empty_shard(&cache->shards[i]);
    free(cache->shards[i].buckets);
    pthread_mutex_destroy(&cache->shards[i].lock);
  }
  free(cache);
}

/* 'shard_of()' - The shard a hash belongs to (its top bits: the bucket
 * index takes the low ones). */
static shard *shard_of(lf_shape_cache *cache, uint64_t hash) {
  return &cache->shards[(hash >> 60) % SHARDS];
}

/*
 * 'lf_shape_cache_get()' - Look the word up and copy its glyphs out.
 */
int lf_shape_cache_get(lf_shape_cache *cache, const lf_shape_key *key,
                       lf_glyph_buf *out) {
  if (!cache)
    return 0;
  uint64_t hash = key_hash(key);
  shard *s = shard_of(cache, hash);
  int found = 0;
  pthread_mutex_lock(&s->lock);
  if (s->bucket_count) {
    for (entry *e = s->buckets[hash & (s->bucket_count - 1)]; e; e = e->next) {
      if (!same_key(e, hash, key))
        continue;
      if (lf_glyph_buf_reserve(out, e->glyph_count) != 0) {
        found = -1;
      } else {
        if (e->glyph_count)
          memcpy(out->items + out->count, entry_glyphs(e),
                 e->glyph_count * sizeof(lf_glyph));
        out->count += e->glyph_count;
        found = 1;
      }
      break;
    }
  }
  pthread_mutex_unlock(&s->lock);
  if (found == 1)
    atomic_fetch_add_explicit(&cache->hits, 1, memory_order_relaxed);
  else if (found == 0)
    atomic_fetch_add_explicit(&cache->misses, 1, memory_order_relaxed);
  return found;
}

/*
 * 'grow_buckets()' - Double a shard's table (its lock held); on failure the
 * old table stays, only longer chains.
 */
static void grow_buckets(shard *s) {
  size_t count = s->bucket_count ? s->bucket_count * 2 : FIRST_BUCKETS;
  entry **buckets = calloc(count, sizeof *buckets);
  if (!buckets)
    return;
  for (size_t b = 0; b < s->bucket_count; b++) {
    entry *e = s->buckets[b];
    while (e) {
      entry *next = e->next;
      size_t at = e->hash & (count - 1);
      e->next = buckets[at];
      buckets[at] = e;
      e = next;
    }
  }
  free(s->buckets);
  s->buckets = buckets;
  s->bucket_count = count;
}

/*
 * 'lf_shape_cache_put()' - Store a word's glyphs.
 */
void lf_shape_cache_put(lf_shape_cache *cache, const lf_shape_key *key,
                        const lf_glyph *glyphs, size_t count) {
  if (!cache)
    return;
  size_t language_len = key->language ? strlen(key->language) : 0;
  if (count > cache->shard_budget / sizeof(lf_glyph) || key->len > cache->shard_budget ||
      language_len > 64)
    return;
  size_t size = sizeof(entry) + count * sizeof(lf_glyph) + key->len + language_len;
  if (size > cache->shard_budget / 4)
    return; /* a word that big is not worth a quarter of a shard */
  uint64_t hash = key_hash(key);
  shard *s = shard_of(cache, hash);
  pthread_mutex_lock(&s->lock);
  if (s->bytes + size > cache->shard_budget) {
    empty_shard(s);
    atomic_fetch_add_explicit(&cache->evictions, 1, memory_order_relaxed);
  }
  if (s->entries >= s->bucket_count)
    grow_buckets(s);
  entry *e = NULL;
  if (s->bucket_count) {
    for (e = s->buckets[hash & (s->bucket_count - 1)]; e; e = e->next)
      if (same_key(e, hash, key))
        break;
  }
  if (!e && s->bucket_count && (e = malloc(size)) != NULL) {
    *e = (entry){.hash = hash, .face = key->face, .script = key->script,
                 .rtl = (uint32_t)key->rtl, .len = key->len,
                 .language_len = language_len, .glyph_count = count, .size = size};
    if (count)
      memcpy(entry_glyphs(e), glyphs, count * sizeof *glyphs);
    if (key->len)
      memcpy(entry_text(e), key->text, key->len);
    if (language_len)
      memcpy(entry_language(e), key->language, language_len);
    size_t at = hash & (s->bucket_count - 1);
    e->next = s->buckets[at];
    s->buckets[at] = e;
    s->entries++;
    s->bytes += size;
  }
  pthread_mutex_unlock(&s->lock);
}

/*
 * 'lf_shape_cache_stats_get()' - Counters, and the size summed over the
 * shards (each read under its lock).
 */
lf_shape_cache_stats lf_shape_cache_stats_get(lf_shape_cache *cache) {
  lf_shape_cache_stats st = {0};
  if (!cache)
    return st;
  st.hits = atomic_load(&cache->hits);
  st.misses = atomic_load(&cache->misses);
  st.evictions = atomic_load(&cache->evictions);
  for (size_t i = 0; i < SHARDS; i++) {
    pthread_mutex_lock(&cache->shards[i].lock);
    st.bytes += cache->shards[i].bytes + cache->shards[i].bucket_count * sizeof(entry *);
    st.entries += cache->shards[i].entries;
    pthread_mutex_unlock(&cache->shards[i].lock);
  }
  return st;
}
