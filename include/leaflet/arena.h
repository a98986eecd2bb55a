/*
 * arena.h -- region allocator: everything one document needs, freed at once.
 *
 * An arena hands out zeroed, suitably aligned blocks from large chunks and
 * frees them all together with lf_arena_free().  It is not thread-safe: a
 * worker owns its arenas.  A size limit bounds how much one arena may hold,
 * so hostile input cannot make memory grow without end.
 */
#ifndef LEAFLET_ARENA_H
#define LEAFLET_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct lf_arena lf_arena;

/* Default cap on the bytes one arena may hand out (256 MiB). */
#define LF_ARENA_DEFAULT_LIMIT ((size_t)256 << 20)

/*
 * 'lf_arena_new()' - Create an empty arena that may hand out at most 'limit'
 * bytes in all (0 means LF_ARENA_DEFAULT_LIMIT).  Returns NULL when out of
 * memory.
 */
lf_arena *lf_arena_new(size_t limit);

/* 'lf_arena_free()' - Free the arena and every block it handed out. */
void lf_arena_free(lf_arena *arena);

/*
 * 'lf_arena_alloc()' - A zeroed block of 'size' bytes aligned for any type,
 * or NULL when the arena's limit would be passed or memory runs out.
 */
void *lf_arena_alloc(lf_arena *arena, size_t size);

/* 'lf_arena_array()' - A zeroed array of 'count' items of 'size' bytes, with
 * the multiplication checked for overflow; NULL on failure. */
void *lf_arena_array(lf_arena *arena, size_t count, size_t size);

/* 'lf_arena_grow()' - Copy 'old' ('old_count' items) into a new zeroed array
 * of 'new_count' items; the old block stays in the arena.  NULL on failure. */
void *lf_arena_grow(lf_arena *arena, const void *old, size_t old_count,
                    size_t new_count, size_t size);

/* 'lf_arena_strndup()' - A NUL-terminated copy of 'len' bytes of 's'. */
char *lf_arena_strndup(lf_arena *arena, const char *s, size_t len);

/* 'lf_arena_strdup()' - A NUL-terminated copy of the string 's'. */
char *lf_arena_strdup(lf_arena *arena, const char *s);

/* 'lf_arena_printf()' - A formatted string allocated in the arena. */
char *lf_arena_printf(lf_arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* 'lf_arena_used()' - Bytes handed out so far (for tests and the benchmark). */
size_t lf_arena_used(const lf_arena *arena);

#endif
