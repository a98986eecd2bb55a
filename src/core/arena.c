/*
 * arena.c -- region allocator (see arena.h).
 */
#include "leaflet/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct chunk {
  struct chunk *next;
  size_t size, used;
  alignas(max_align_t) unsigned char data[];
} chunk;

struct lf_arena {
  chunk *head;
  size_t limit, total;
};

enum { CHUNK_MIN = 64 * 1024 };

/*
 * 'lf_arena_new()' - Create an arena with a cap on what it may hand out.
 */
lf_arena *lf_arena_new(size_t limit) {
  lf_arena *a = calloc(1, sizeof *a);
  if (a)
    a->limit = limit ? limit : LF_ARENA_DEFAULT_LIMIT;
  return a;
}

/*
 * 'lf_arena_free()' - Free every chunk and the arena.
 */
void lf_arena_free(lf_arena *a) {
  if (!a)
    return;
  for (chunk *c = a->head, *next; c; c = next) {
    next = c->next;
    free(c);
  }
  free(a);
}

/*
 * 'lf_arena_alloc()' - Carve an aligned, zeroed block from the current chunk,
 * starting a new chunk when it is full.
 */
void *lf_arena_alloc(lf_arena *a, size_t size) {
  const size_t align = alignof(max_align_t);
  if (!a)
    return NULL;
  if (size == 0)
    size = 1;
  if (size > SIZE_MAX - align)
    return NULL;
  size = (size + align - 1) & ~(align - 1);
  if (size > a->limit - a->total)
    return NULL;
  chunk *c = a->head;
  if (!c || c->size - c->used < size) {
    size_t want = size > CHUNK_MIN ? size : CHUNK_MIN;
    c = malloc(sizeof *c + want);
    if (!c)
      return NULL;
    c->size = want;
    c->used = 0;
    c->next = a->head;
    a->head = c;
  }
  void *p = c->data + c->used;
  c->used += size;
  a->total += size;
  memset(p, 0, size);
  return p;
}

/*
 * 'lf_arena_array()' - Zeroed array with an overflow-checked size.
 */
void *lf_arena_array(lf_arena *a, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size)
    return NULL;
  return lf_arena_alloc(a, count * size);
}

/*
 * 'lf_arena_grow()' - A bigger copy of an array.
 */
void *lf_arena_grow(lf_arena *a, const void *old, size_t old_count,
                    size_t new_count, size_t size) {
  void *p = lf_arena_array(a, new_count, size);
  if (p && old && old_count)
    memcpy(p, old, (old_count < new_count ? old_count : new_count) * size);
  return p;
}

/*
 * 'lf_arena_strndup()' - Copy 'len' bytes and a NUL.
 */
char *lf_arena_strndup(lf_arena *a, const char *s, size_t len) {
  if (len == SIZE_MAX)
    return NULL;
  char *p = lf_arena_alloc(a, len + 1);
  if (p && len)
    memcpy(p, s, len);
  return p;
}

/*
 * 'lf_arena_strdup()' - Copy a NUL-terminated string.
 */
char *lf_arena_strdup(lf_arena *a, const char *s) {
  return s ? lf_arena_strndup(a, s, strlen(s)) : NULL;
}

/*
 * 'lf_arena_printf()' - Format into the arena (measured first, then written).
 */
char *lf_arena_printf(lf_arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    return NULL;
  char *p = lf_arena_alloc(a, (size_t)n + 1);
  if (!p)
    return NULL;
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

/*
 * 'lf_arena_used()' - Bytes handed out so far.
 */
size_t lf_arena_used(const lf_arena *a) { return a ? a->total : 0; }
