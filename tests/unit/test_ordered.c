/*
 * test_ordered.c -- results reported in order (src/jobs/ordered.c): items
 * finished out of order come out in index order, an unfinished item holds
 * back those after it, and with the worker pool the reports follow the
 * index order whatever order the workers finish in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../src/jobs/jobs_internal.h"

/*
 * 'test_out_of_order()' - 2, 0, 3, 1 finish: 0 is reported after the
 * second finish, then nothing until 1, then 1, 2 and 3 at once.
 */
static void test_out_of_order(void **state) {
  (void)state;
  lf_ordered o;
  assert_int_equal(lf_ordered_init(&o, 4), 0);
  assert_int_equal(lf_ordered_next(&o), (size_t)-1);
  lf_ordered_finish(&o, 2);
  assert_int_equal(lf_ordered_next(&o), (size_t)-1);
  lf_ordered_finish(&o, 0);
  assert_int_equal(lf_ordered_next(&o), 0);
  assert_int_equal(lf_ordered_next(&o), (size_t)-1);
  lf_ordered_finish(&o, 3);
  assert_int_equal(lf_ordered_next(&o), (size_t)-1);
  lf_ordered_finish(&o, 1);
  assert_int_equal(lf_ordered_next(&o), 1);
  assert_int_equal(lf_ordered_next(&o), 2);
  assert_int_equal(lf_ordered_next(&o), 3);
  assert_int_equal(lf_ordered_next(&o), (size_t)-1);
  /* finishing again, or past the end, reports nothing twice */
  lf_ordered_finish(&o, 1);
  lf_ordered_finish(&o, 4);
  assert_int_equal(lf_ordered_next(&o), (size_t)-1);
  lf_ordered_free(&o);
  assert_null(o.finished);
}

/*
 * 'test_empty()' - No items: nothing to report, and nothing to free twice.
 */
static void test_empty(void **state) {
  (void)state;
  lf_ordered o;
  assert_int_equal(lf_ordered_init(&o, 0), 0);
  lf_ordered_finish(&o, 0);
  assert_int_equal(lf_ordered_next(&o), (size_t)-1);
  lf_ordered_free(&o);
  lf_ordered_free(&o);
}

enum { POOL_TASKS = 64 };

typedef struct pool_run {
  lf_ordered order;
  size_t reported[POOL_TASKS];
  size_t count;
} pool_run;

/* 'slow_task()' - Later tasks finish first: task i sleeps (64 - i) x 0.2 ms. */
static void slow_task(void *ctx, size_t index) {
  (void)ctx;
  struct timespec ts = {0, (long)(POOL_TASKS - index) * 200000L};
  nanosleep(&ts, NULL);
}

/* 'task_done()' - As build.c and mail.c do: mark, then report in order. */
static void task_done(void *ctx, size_t index) {
  pool_run *r = ctx;
  if (index != (size_t)-1)
    lf_ordered_finish(&r->order, index);
  for (size_t i; (i = lf_ordered_next(&r->order)) != (size_t)-1;)
    r->reported[r->count++] = i;
}

/*
 * 'test_with_pool()' - Four workers finishing in their own order: every
 * task is reported once, in index order.
 */
static void test_with_pool(void **state) {
  (void)state;
  pool_run r = {.count = 0};
  assert_int_equal(lf_ordered_init(&r.order, POOL_TASKS), 0);
  assert_int_equal(lf_pool_run(POOL_TASKS, 4, slow_task, task_done, 0.01, &r), 0);
  assert_int_equal(r.count, POOL_TASKS);
  for (size_t i = 0; i < POOL_TASKS; i++)
    assert_int_equal(r.reported[i], i);
  lf_ordered_free(&r.order);
}

/* 'main()' - Run the in-order reporting tests. */
int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_out_of_order),
      cmocka_unit_test(test_empty),
      cmocka_unit_test(test_with_pool),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
