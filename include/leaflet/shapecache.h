/*
 * shapecache.h -- a cache of shaped words, shared by the documents of a run.
 *
 * Shaping a word with HarfBuzz costs far more than looking it up, and a
 * batch sets the same words again and again (every edition of a leaflet,
 * every print format).  The cache keeps the glyphs of each word it is given
 * by (face, text, script, direction, language), for any number of threads
 * at once (it is split into shards, each under its own lock), and within a
 * bound on its memory: a shard that outgrows its share is emptied, and
 * fills again with the words in use.  What it returns never depends on what
 * it held before, so output is the same whatever the order of the work.
 *
 * The glyph record and the growing glyph buffer live here, at the bottom of
 * shaping, so that the cache needs nothing above it.
 */
#ifndef LEAFLET_SHAPECACHE_H
#define LEAFLET_SHAPECACHE_H

#include <stddef.h>
#include <stdint.h>

/*
 * One shaped glyph.  Positions are in the font's design units (scale by
 * size / units_per_em for points): the pen moves right by 'advance' after
 * the glyph, and the glyph is drawn 'x_offset' right of and 'y_offset'
 * above the pen.  'cluster' is the byte offset, in the shaped UTF-8 text,
 * of the first character of the cluster the glyph belongs to: the glyphs
 * of one cluster share it, and the cluster's text runs to the next larger
 * cluster offset in the text (or its end).  Glyphs are in visual order,
 * left to right; in right-to-left text their clusters decrease.
 */
typedef struct lf_glyph {
  uint32_t id;
  uint32_t cluster;
  int32_t advance;
  int32_t x_offset, y_offset;
} lf_glyph;

/* A growing array of glyphs (malloc'd; lf_glyph_buf_free() releases it). */
typedef struct lf_glyph_buf {
  lf_glyph *items;
  size_t count, cap;
} lf_glyph_buf;

/* 'lf_glyph_buf_reserve()' - Room for 'more' glyphs past the count; 0 or
 * -1 when out of memory. */
int lf_glyph_buf_reserve(lf_glyph_buf *buf, size_t more);

/* 'lf_glyph_buf_free()' - Free the array and empty the buffer. */
void lf_glyph_buf_free(lf_glyph_buf *buf);

/* What a shaped word is stored under. */
typedef struct lf_shape_key {
  const void *face;       /* the font (its address names it for the run) */
  const char *text;       /* UTF-8, 'len' bytes */
  size_t len;
  uint32_t script;        /* ISO 15924 tag (shaper.h) */
  int rtl;                /* 1: shaped right to left */
  const char *language;   /* BCP 47, or NULL */
} lf_shape_key;

typedef struct lf_shape_cache lf_shape_cache;

/* What a cache has done, for tests and benchmarks. */
typedef struct lf_shape_cache_stats {
  unsigned long hits, misses, evictions;
  size_t bytes, entries;
} lf_shape_cache_stats;

/* 'lf_shape_cache_new()' - An empty cache that holds at most about
 * 'max_bytes' bytes; NULL when out of memory. */
lf_shape_cache *lf_shape_cache_new(size_t max_bytes);

/* 'lf_shape_cache_free()' - Free a cache and every word in it (NULL is
 * allowed). */
void lf_shape_cache_free(lf_shape_cache *cache);

/*
 * 'lf_shape_cache_get()' - Append the glyphs stored for 'key' to 'out'.
 * Returns 1 when found, 0 when not (or when 'cache' is NULL), -1 when out
 * of memory growing 'out'.
 */
int lf_shape_cache_get(lf_shape_cache *cache, const lf_shape_key *key,
                       lf_glyph_buf *out);

/*
 * 'lf_shape_cache_put()' - Store 'count' glyphs for 'key' (copied), unless
 * the word is there already or is too large to keep.  Silently does
 * nothing when out of memory: a cache may always forget.
 */
void lf_shape_cache_put(lf_shape_cache *cache, const lf_shape_key *key,
                        const lf_glyph *glyphs, size_t count);

/* 'lf_shape_cache_stats_get()' - The counters and current size. */
lf_shape_cache_stats lf_shape_cache_stats_get(lf_shape_cache *cache);

#endif
