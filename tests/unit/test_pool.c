/*
 * test_pool.c -- the worker pool (src/jobs/pool.c): every task runs once,
 * each is reported once on the calling thread after its work is done (so
 * its results are there to read), tasks are taken in index order, one
 * worker runs them one at a time, several run them at the same time, and
 * the calling thread ticks while a long task runs.  `make tsan` runs this
 * file under ThreadSanitizer.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "../../src/jobs/jobs_internal.h"

/* What the tasks and the reports of one run write down. */
typedef struct record {
  size_t count;
  pthread_t caller;
  atomic_int *runs;          /* per task: times run */
  atomic_size_t started;     /* tasks begun so far */
  size_t *start_order;       /* per task: its place among the tasks begun */
  size_t *result;            /* per task: written by the task, read by done() */
  int *failed;               /* per task: the task's own failure */
  size_t *done_count;        /* per task: times reported */
  size_t done_total, ticks;
  size_t failures_seen;      /* failed tasks as done() saw them */
  int done_elsewhere;        /* done() called off the calling thread */
  int reported_early;        /* done(i) before task i's result was there */
  atomic_int running, most_running;
  atomic_int ran_on_caller;  /* tasks run on the calling thread */
  double task_seconds;       /* how long each task takes */
  size_t wait_for;           /* > 0: each task waits until this many run at once */
} record;

static record *record_new(size_t count) {
  record *r = calloc(1, sizeof *r);
  r->count = count;
  r->caller = pthread_self();
  r->runs = calloc(count, sizeof *r->runs);
  r->start_order = calloc(count, sizeof *r->start_order);
  r->result = calloc(count, sizeof *r->result);
  r->failed = calloc(count, sizeof *r->failed);
  r->done_count = calloc(count, sizeof *r->done_count);
  return r;
}

static void record_free(record *r) {
  free(r->runs);
  free(r->start_order);
  free(r->result);
  free(r->failed);
  free(r->done_count);
  free(r);
}

static void sleep_seconds(double s) {
  struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
  nanosleep(&ts, NULL);
}

/* 'task()' - Count the run, note the concurrency, write a result; every
 * seventh task "fails" (its own failure, as a document with errors does). */
static void task(void *ctx, size_t index) {
  record *r = ctx;
  r->start_order[index] = atomic_fetch_add(&r->started, 1);
  atomic_fetch_add(&r->runs[index], 1);
  if (pthread_equal(pthread_self(), r->caller))
    atomic_fetch_add(&r->ran_on_caller, 1);
  int now = atomic_fetch_add(&r->running, 1) + 1;
  int most = atomic_load(&r->most_running);
  while (now > most && !atomic_compare_exchange_weak(&r->most_running, &most, now))
    ;
  if (r->wait_for) /* until enough run at once, or two seconds */
    for (int i = 0; i < 2000 && (size_t)atomic_load(&r->most_running) < r->wait_for; i++)
      sleep_seconds(0.001);
  if (r->task_seconds > 0)
    sleep_seconds(r->task_seconds);
  r->result[index] = index * index + 1;
  r->failed[index] = index % 7 == 3;
  atomic_fetch_sub(&r->running, 1);
}

/* 'done()' - On the calling thread: the task's result must be there. */
static void done(void *ctx, size_t index) {
  record *r = ctx;
  if (!pthread_equal(pthread_self(), r->caller))
    r->done_elsewhere = 1;
  if (index == (size_t)-1) {
    r->ticks++;
    return;
  }
  assert_true(index < r->count);
  r->done_count[index]++;
  r->done_total++;
  if (r->result[index] != index * index + 1)
    r->reported_early = 1;
  r->failures_seen += r->failed[index];
}

/* 'check_all_once()' - Every task ran once and was reported once, after
 * its result was written, on the calling thread. */
static void check_all_once(const record *r) {
  for (size_t i = 0; i < r->count; i++) {
    assert_int_equal(atomic_load(&r->runs[i]), 1);
    assert_int_equal(r->done_count[i], 1);
  }
  assert_int_equal(r->done_total, r->count);
  assert_false(r->done_elsewhere);
  assert_false(r->reported_early);
  assert_int_equal(atomic_load(&r->running), 0);
}

/*
 * 'test_every_task_once()' - 200 tasks on 4 workers: each runs once and is
 * reported once, on the calling thread, after its result is written; the
 * tasks that failed are exactly those done() hears of.
 */
static void test_every_task_once(void **state) {
  (void)state;
  record *r = record_new(200);
  assert_int_equal(lf_pool_run(r->count, 4, task, done, 0.25, r), 0);
  check_all_once(r);
  size_t failures = 0;
  for (size_t i = 0; i < r->count; i++)
    failures += i % 7 == 3;
  assert_int_equal(r->failures_seen, failures);
  assert_true(r->ticks >= 1); /* the last report is followed by a tick */
  record_free(r);
}

/*
 * 'test_taken_in_order()' - Tasks are taken in index order: with one
 * worker they begin exactly in that order.
 */
static void test_taken_in_order(void **state) {
  (void)state;
  record *r = record_new(300);
  assert_int_equal(lf_pool_run(r->count, 1, task, done, 0.25, r), 0);
  check_all_once(r);
  for (size_t i = 0; i < r->count; i++)
    assert_int_equal(r->start_order[i], i);
  record_free(r);
}

/*
 * 'test_one_worker_one_at_a_time()' - With one worker (-j 1) no two tasks
 * ever run at once, even when each takes a while.  A single task runs on
 * the calling thread itself: no thread is started for it.  (With more
 * than one task, -j 1 runs them on one worker thread while the calling
 * thread reports.)
 */
static void test_one_worker_one_at_a_time(void **state) {
  (void)state;
  record *r = record_new(20);
  r->task_seconds = 0.002;
  assert_int_equal(lf_pool_run(r->count, 1, task, done, 0.25, r), 0);
  check_all_once(r);
  assert_int_equal(atomic_load(&r->most_running), 1);
  record_free(r);

  r = record_new(1);
  assert_int_equal(lf_pool_run(1, 4, task, done, 0.25, r), 0);
  check_all_once(r);
  assert_int_equal(atomic_load(&r->ran_on_caller), 1);
  assert_int_equal(r->ticks, 1);
  record_free(r);
}

/*
 * 'test_workers_run_together()' - Four workers run four tasks at the same
 * time (each task waits until four are running, and they all get there),
 * and none runs on the calling thread.
 */
static void test_workers_run_together(void **state) {
  (void)state;
  record *r = record_new(8);
  r->wait_for = 4;
  assert_int_equal(lf_pool_run(r->count, 4, task, done, 0.25, r), 0);
  check_all_once(r);
  assert_int_equal(atomic_load(&r->most_running), 4);
  assert_int_equal(atomic_load(&r->ran_on_caller), 0);
  record_free(r);
}

/*
 * 'test_many_tasks()' - 20,000 tiny tasks on 8 workers: all run once, all
 * reported.  Asked for 200 workers, the pool starts its limit of 64: 64
 * tasks get to run at once (each waits for that), never 65.
 */
static void test_many_tasks(void **state) {
  (void)state;
  record *r = record_new(20000);
  assert_int_equal(lf_pool_run(r->count, 8, task, done, 0.25, r), 0);
  check_all_once(r);
  record_free(r);

  r = record_new(256);
  r->wait_for = 64;
  assert_int_equal(lf_pool_run(r->count, 200, task, done, 0.25, r), 0);
  check_all_once(r);
  assert_int_equal(atomic_load(&r->most_running), 64);
  record_free(r);
}

/*
 * 'test_ticks_during_long_tasks()' - While tasks of 0.3 s run, the calling
 * thread ticks (done() with (size_t)-1) at least every 'tick' seconds, so a
 * progress bar and manifest checkpoints go on.
 */
static void test_ticks_during_long_tasks(void **state) {
  (void)state;
  record *r = record_new(2);
  r->task_seconds = 0.3;
  assert_int_equal(lf_pool_run(r->count, 2, task, done, 0.02, r), 0);
  check_all_once(r);
  assert_true(r->ticks >= 5);
  record_free(r);
}

/*
 * 'test_no_tasks()' - Nothing to do: nothing run, nothing reported.
 */
static void test_no_tasks(void **state) {
  (void)state;
  record *r = record_new(1);
  assert_int_equal(lf_pool_run(0, 4, task, done, 0.25, r), 0);
  assert_int_equal(atomic_load(&r->runs[0]), 0);
  assert_int_equal(r->done_total, 0);
  assert_int_equal(r->ticks, 0);
  record_free(r);
}

/*
 * 'test_worker_count()' - -j N asks for N workers, never more than there
 * are tasks nor 64, never fewer than one; -j 0 means one per core.
 */
static void test_worker_count(void **state) {
  (void)state;
  assert_int_equal(lf_worker_count(4, 100), 4);
  assert_int_equal(lf_worker_count(4, 3), 3);
  assert_int_equal(lf_worker_count(1, 100), 1);
  assert_int_equal(lf_worker_count(200, 1000), 64);
  assert_int_equal(lf_worker_count(4, 0), 1);
  size_t cores = lf_worker_count(0, 1000);
  assert_true(cores >= 1 && cores <= 64);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_task_once),       cmocka_unit_test(test_taken_in_order),
      cmocka_unit_test(test_one_worker_one_at_a_time), cmocka_unit_test(test_workers_run_together),
      cmocka_unit_test(test_many_tasks),            cmocka_unit_test(test_ticks_during_long_tasks),
      cmocka_unit_test(test_no_tasks),              cmocka_unit_test(test_worker_count),
  };
  return cmocka_run_group_tests_name("pool", tests, NULL, NULL);
}
