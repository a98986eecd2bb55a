/*
 * heap.c -- the process's heap in transparent huge pages (see heap.h).
 *
 * glibc's malloc takes its main heap from brk.  With M_TOP_PAD it takes
 * PAD more each time it grows, so the first malloc that grows it leaves
 * a heap with room for a leaflet and more.  The 2 MiB-aligned part of that
 * room is advised MADV_HUGEPAGE, and a block held from the heap's top up to a
 * 2 MiB boundary makes what follows start there (that block is never
 * written past its header, so it costs address space, not memory).  The
 * boundary lies past every page malloc wrote before the advice: a 2 MiB
 * range with a 4 KiB page already in it is not given a huge page, and in
 * about one run in six (the heap's top within 240 KiB below a boundary)
 * a leaflet took 720 faults instead of 265.
 * Blocks up to MMAP_MAX come from the heap too, instead of from an mmap of
 * their own (faulted 4 KiB at a time); M_TRIM_THRESHOLD keeps free room at
 * the top instead of handing it back and asking again.
 */
#define _DEFAULT_SOURCE
#include "leaflet/heap.h"

#include <stdint.h>
#include <stdlib.h>

#ifdef __GLIBC__
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

enum {
  HUGE = 2 << 20,       /* a transparent huge page on x86-64 and arm64 */
  PAD = 8 << 20,        /* how much more the heap grows each time */
  MMAP_MAX = 8 << 20,   /* blocks up to this come from the heap */
  PROBE = 120 << 10     /* under malloc's default mmap threshold (128 KiB) */
};

/*
 * 'lf_heap_use_huge_pages()' - Grow the heap by PAD, advise its aligned
 * part, and hold the room below the first boundary.
 */
void *lf_heap_use_huge_pages(void) {
#ifdef __GLIBC__
  /* a sanitizer's or valgrind's mallopt answers 0 or ignores the call;
   * their blocks then lie nowhere near the brk heap, which is checked */
  if (mallopt(M_MMAP_THRESHOLD, MMAP_MAX) != 1 || mallopt(M_TOP_PAD, PAD) != 1 ||
      mallopt(M_TRIM_THRESHOLD, 4 * PAD) != 1)
    return NULL;
  /* two probes: the heap main() starts with has room for one */
  void *first = malloc(PROBE), *second = malloc(PROBE);
  int got = first && second;
  free(second);
  void *brk_now = sbrk(0);
  if (!got || brk_now == (void *)-1) {
    free(first);
    return NULL;
  }
  /* the probes wrote malloc's headers up to just past 2 x PROBE above
   * 'top', in 4 KiB pages: a huge page can only start past them */
  uintptr_t top = (uintptr_t)first, high = (uintptr_t)brk_now;
  uintptr_t boundary = (top + 2 * PROBE + 4096 + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
  high &= ~(uintptr_t)(HUGE - 1);
  if (top > high || high - top < PAD / 2 || high <= boundary ||
      madvise((void *)boundary, high - boundary, MADV_HUGEPAGE) != 0) {
    free(first);
    return NULL;
  }
  /* 'first' is the block at the bottom of the heap's room (the second
   * went back into it): grown in place to end at the boundary (malloc
   * keeps a block's size in the word before it), it puts the next block
   * on the first huge page */
  void *held = realloc(first, boundary - top - sizeof(size_t));
  return held ? held : first;
#else
  return NULL;
#endif
}

/* 'lf_heap_release()' - Give the held block back. */
void lf_heap_release(void *held) {
  free(held);
}
