/*
 * heap.h -- the process's heap in transparent huge pages.
 *
 * A fresh `leaflet build` touches about 2 MB of heap.  Touched 4 KiB at a
 * time that is some 500 page faults, and a page fault is dear: 10.8 us
 * each on the 2-core VM the benchmarks run on (bench/bench.py reports the
 * faults of a leaflet), so faults were a quarter of a leaflet's time.  In
 * 2 MiB pages the same heap is one or two faults.  This asks glibc's
 * malloc to grow the heap in large steps, and the kernel to back it with
 * huge pages where it can (madvise MADV_HUGEPAGE: only memory really used
 * is ever backed).  Where the C library is not glibc, or malloc is a
 * sanitizer's or valgrind's, it does nothing.
 */
#ifndef LEAFLET_HEAP_H
#define LEAFLET_HEAP_H

/*
 * 'lf_heap_use_huge_pages()' - Call once, first thing in main, before any
 * thread starts.  Returns a block to give back to lf_heap_release() before
 * the process ends (the heap below the first huge page, held so that
 * later blocks come from huge pages; never touched), or NULL.
 */
void *lf_heap_use_huge_pages(void);

/* 'lf_heap_release()' - Free what lf_heap_use_huge_pages() returned (NULL
 * is allowed). */
void lf_heap_release(void *held);

#endif
