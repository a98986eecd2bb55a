/*
 * test_cache.c -- the PDF backend's cache of compressed streams (cache.c):
 * what goes in comes out byte for byte, different bytes never share an
 * entry, the size limit holds, and two threads can use it at once.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/pdf/cache.h"

/* 'fill()' - 'size' pseudo-random bytes from 'seed'. */
static void fill(unsigned char *out, size_t size, uint32_t seed) {
  for (size_t i = 0; i < size; i++) {
    seed = seed * 1103515245u + 12345u;
    out[i] = (unsigned char)(seed >> 16);
  }
}

/*
 * 'test_round_trip()' - A stored pair is found by its bytes, and only by
 * them: a copy at another address finds it, a one-byte change or a prefix
 * does not; the empty stream is never stored.
 */
static void test_round_trip(void **state) {
  (void)state;
  lf_pdf_cache *cache = lf_pdf_cache_new(1 << 20);
  assert_non_null(cache);
  unsigned char raw[3000], packed[700], copy[3000];
  fill(raw, sizeof raw, 1);
  fill(packed, sizeof packed, 2);
  lf_buf out = {0};
  assert_int_equal(lf_pdf_cache_find(cache, raw, sizeof raw, &out), 0);
  lf_pdf_cache_put(cache, raw, sizeof raw, packed, sizeof packed);
  memcpy(copy, raw, sizeof raw);
  assert_int_equal(lf_pdf_cache_find(cache, copy, sizeof copy, &out), 1);
  assert_int_equal(out.length, sizeof packed);
  assert_memory_equal(out.data, packed, sizeof packed);
  copy[1234] ^= 1;
  assert_int_equal(lf_pdf_cache_find(cache, copy, sizeof copy, &out), 0);
  assert_int_equal(lf_pdf_cache_find(cache, raw, sizeof raw - 1, &out), 0);
  lf_pdf_cache_put(cache, raw, 0, packed, sizeof packed);
  assert_int_equal(lf_pdf_cache_find(cache, raw, 0, &out), 0);
  /* a second put of the same bytes keeps the first answer */
  unsigned char other[700];
  fill(other, sizeof other, 3);
  lf_pdf_cache_put(cache, raw, sizeof raw, other, sizeof other);
  assert_int_equal(lf_pdf_cache_find(cache, raw, sizeof raw, &out), 1);
  assert_memory_equal(out.data, packed, sizeof packed);
  lf_buf_free(&out);
  lf_pdf_cache_free(cache);
  lf_pdf_cache_free(NULL);
  assert_int_equal(lf_pdf_cache_find(NULL, raw, sizeof raw, &out), 0);
}

/*
 * 'test_many_and_limit()' - Thousands of entries (the table grows) each
 * come back as stored, until the size limit, past which nothing more is
 * kept; then, with the cache full of streams, keys led by a NUL (what a
 * stream is made from) are still kept, within a quarter of the limit.
 */
static void test_many_and_limit(void **state) {
  (void)state;
  enum { RAW = 100, PACKED = 20, FIT = 3000 };
  lf_pdf_cache *cache = lf_pdf_cache_new((size_t)FIT * (RAW + PACKED));
  assert_non_null(cache);
  unsigned char raw[RAW], packed[PACKED];
  for (uint32_t i = 0; i < FIT + 500; i++) {
    fill(raw, RAW, i);
    raw[0] |= 1; /* a stream's bytes: never a NUL first */
    fill(packed, PACKED, i + 100000);
    lf_pdf_cache_put(cache, raw, RAW, packed, PACKED);
  }
  lf_buf out = {0};
  for (uint32_t i = 0; i < FIT + 500; i++) {
    fill(raw, RAW, i);
    raw[0] |= 1;
    fill(packed, PACKED, i + 100000);
    int found = lf_pdf_cache_find(cache, raw, RAW, &out);
    assert_int_equal(found, i < FIT);
    if (found)
      assert_memory_equal(out.data, packed, PACKED);
  }
  for (uint32_t i = 0; i < FIT / 4 + 100; i++) {
    fill(raw, RAW, i + 200000);
    raw[0] = 0;
    lf_pdf_cache_put(cache, raw, RAW, packed, PACKED);
  }
  for (uint32_t i = 0; i < FIT / 4 + 100; i++) {
    fill(raw, RAW, i + 200000);
    raw[0] = 0;
    assert_int_equal(lf_pdf_cache_find(cache, raw, RAW, &out), i < FIT / 4);
  }
  lf_buf_free(&out);
  lf_pdf_cache_free(cache);
}

/* What one thread of test_threads() does. */
typedef struct worker_args {
  lf_pdf_cache *cache;
  uint32_t first;
  int wrong;
} worker_args;

/* 'share()' - Put and find 2,000 entries, half of them also another
 * thread's; count answers that are not what was stored. */
static void *share(void *arg) {
  worker_args *w = arg;
  unsigned char raw[64], packed[16];
  lf_buf out = {0};
  for (uint32_t i = w->first; i < w->first + 2000; i++) {
    fill(raw, sizeof raw, i);
    fill(packed, sizeof packed, i * 7);
    lf_pdf_cache_put(w->cache, raw, sizeof raw, packed, sizeof packed);
    if (!lf_pdf_cache_find(w->cache, raw, sizeof raw, &out) ||
        out.length != sizeof packed || memcmp(out.data, packed, sizeof packed) != 0)
      w->wrong++;
  }
  lf_buf_free(&out);
  return NULL;
}

/*
 * 'test_threads()' - Two threads filling and reading one cache, with keys
 * in common, always read what was stored.
 */
static void test_threads(void **state) {
  (void)state;
  lf_pdf_cache *cache = lf_pdf_cache_new(1 << 24);
  assert_non_null(cache);
  pthread_t threads[2];
  worker_args args[2] = {{cache, 0, 0}, {cache, 1000, 0}};
  for (int i = 0; i < 2; i++)
    assert_int_equal(pthread_create(&threads[i], NULL, share, &args[i]), 0);
  for (int i = 0; i < 2; i++) {
    assert_int_equal(pthread_join(threads[i], NULL), 0);
    assert_int_equal(args[i].wrong, 0);
  }
  lf_pdf_cache_free(cache);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_round_trip),
      cmocka_unit_test(test_many_and_limit),
      cmocka_unit_test(test_threads),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
