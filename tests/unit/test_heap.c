/*
 * test_heap.c -- unit tests for the heap in huge pages (src/core/heap.c).
 *
 * Each test binary is a process of its own, so the heap can be set up here
 * as main() sets it up in leaflet.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet/heap.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define UNDER_SANITIZER 1
#endif
#endif
#ifndef UNDER_SANITIZER
#define UNDER_SANITIZER 0
#endif

#define HUGE_PAGE ((uintptr_t)2 << 20)

/*
 * 'thp_mode()' - The kernel's transparent huge page setting ("always",
 * "madvise" or "never"), or "" when it has none.
 */
static const char *thp_mode(char *buf, size_t size) {
  buf[0] = '\0';
  FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
  if (!f)
    return buf;
  char line[128];
  if (fgets(line, sizeof line, f)) {
    char *open = strchr(line, '['), *close = open ? strchr(open, ']') : NULL;
    if (open && close && (size_t)(close - open) < size) {
      memcpy(buf, open + 1, (size_t)(close - open - 1));
      buf[close - open - 1] = '\0';
    }
  }
  fclose(f);
  return buf;
}

/*
 * 'mapping_says()' - The value of 'field' (such as "THPeligible:") in
 * /proc/self/smaps for the mapping that holds 'p', or -1.
 */
static long mapping_says(const void *p, const char *field) {
  FILE *f = fopen("/proc/self/smaps", "r");
  if (!f)
    return -1;
  char line[512];
  int inside = 0;
  long value = -1;
  while (fgets(line, sizeof line, f)) {
    unsigned long lo, hi;
    if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
      inside = (uintptr_t)p >= lo && (uintptr_t)p < hi;
      continue;
    }
    if (inside && strncmp(line, field, strlen(field)) == 0) {
      value = strtol(line + strlen(field), NULL, 10);
      break;
    }
  }
  fclose(f);
  return value;
}

/*
 * 'test_heap_blocks_start_on_a_huge_page()' - After the set-up, the next
 * block lies at the start of a 2 MiB page of a mapping the kernel may back
 * with huge pages; under a sanitizer (its own malloc) nothing is done.
 */
static void test_heap_blocks_start_on_a_huge_page(void **state) {
  (void)state;
  void *held = lf_heap_use_huge_pages();
  if (UNDER_SANITIZER) {
    assert_null(held);
    return;
  }
  assert_non_null(held);
  unsigned char *block = malloc(64 * 1024);
  assert_non_null(block);
  memset(block, 1, 64 * 1024);
  assert_true(((uintptr_t)block & (HUGE_PAGE - 1)) < 4096);
  assert_true((uintptr_t)block > (uintptr_t)held);
  char mode[16];
  if (strcmp(thp_mode(mode, sizeof mode), "never") != 0 && mode[0])
    assert_int_equal(mapping_says(block, "THPeligible:"), 1);
  /* blocks larger than malloc's usual mmap threshold come from the heap */
  unsigned char *large = malloc(1 << 20);
  assert_non_null(large);
  assert_true((uintptr_t)large > (uintptr_t)block &&
              (uintptr_t)large - (uintptr_t)block < ((uintptr_t)8 << 20));
  free(large);
  free(block);
  lf_heap_release(held);
}

/* 'test_heap_release_null()' - Releasing nothing is allowed. */
static void test_heap_release_null(void **state) {
  (void)state;
  lf_heap_release(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_heap_blocks_start_on_a_huge_page),
      cmocka_unit_test(test_heap_release_null),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
