/*
 * pool.c -- the worker pool (jobs_internal.h).
 *
 * Workers take task indexes in order from a shared counter and, when a
 * task is finished, put its index on a list the calling thread reads.  The
 * calling thread renders nothing: it waits on a condition variable and
 * reports each finished task (progress lines, the manifest) as it comes,
 * and ticks at least every 'tick' seconds so that time-based work (a
 * progress bar, manifest checkpoints) goes on during long tasks.  How
 * many workers to start is decided here too (lf_worker_count()).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "jobs_internal.h"

typedef struct pool {
  size_t count;
  lf_task_fn run;
  void *ctx;
  pthread_mutex_t lock;
  pthread_cond_t finished_cond;
  size_t next;              /* next task to take */
  size_t *finished;         /* indexes in the order they finished */
  size_t finished_count;
} pool;

/*
 * 'worker()' - Take tasks until none are left, posting each when done.
 */
static void *worker(void *arg) {
  pool *p = arg;
  for (;;) {
    pthread_mutex_lock(&p->lock);
    size_t i = p->next < p->count ? p->next++ : p->count;
    pthread_mutex_unlock(&p->lock);
    if (i >= p->count)
      return NULL;
    p->run(p->ctx, i);
    pthread_mutex_lock(&p->lock);
    p->finished[p->finished_count++] = i;
    pthread_cond_signal(&p->finished_cond);
    pthread_mutex_unlock(&p->lock);
  }
}

/*
 * 'deadline()' - The absolute CLOCK_REALTIME time 'seconds' from now.
 */
static struct timespec deadline(double seconds) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  long ns = (long)(seconds * 1e9);
  ts.tv_sec += ns / 1000000000L;
  ts.tv_nsec += ns % 1000000000L;
  if (ts.tv_nsec >= 1000000000L) {
    ts.tv_sec++;
    ts.tv_nsec -= 1000000000L;
  }
  return ts;
}

/*
 * 'lf_pool_run()' - Start the workers, report as tasks finish, join.
 */
int lf_pool_run(size_t count, size_t workers, lf_task_fn run, lf_done_fn done, double tick,
                void *ctx) {
  if (count == 0)
    return 0;
  if (count == 1) {
    /* one task: no thread to start (nor a second malloc arena to fault in),
     * and nothing to report while it runs */
    run(ctx, 0);
    done(ctx, 0);
    done(ctx, (size_t)-1);
    return 0;
  }
  pool p = {.count = count, .run = run, .ctx = ctx};
  p.finished = malloc(count * sizeof *p.finished);
  if (!p.finished) {
    for (size_t i = 0; i < count; i++) {
      run(ctx, i);
      done(ctx, i);
    }
    return -1;
  }
  pthread_mutex_init(&p.lock, NULL);
  pthread_cond_init(&p.finished_cond, NULL);
  if (workers > 64)
    workers = 64;
  pthread_t threads[64];
  size_t started = 0;
  for (size_t t = 0; t < workers; t++)
    if (pthread_create(&threads[started], NULL, worker, &p) == 0)
      started++;
  int rc = 0;
  if (started == 0) {
    rc = -1;
    worker(&p);
  }
  size_t reported = 0;
  while (reported < count) {
    pthread_mutex_lock(&p.lock);
    if (reported == p.finished_count) {
      struct timespec until = deadline(tick > 0 ? tick : 0.2);
      int w;
      do
        w = pthread_cond_timedwait(&p.finished_cond, &p.lock, &until);
      while (w == 0 && reported == p.finished_count);
    }
    size_t upto = p.finished_count;
    pthread_mutex_unlock(&p.lock);
    /* entries below finished_count are written once and never change */
    for (; reported < upto; reported++)
      done(ctx, p.finished[reported]);
    done(ctx, (size_t)-1);
  }
  for (size_t t = 0; t < started; t++)
    pthread_join(threads[t], NULL);
  pthread_cond_destroy(&p.finished_cond);
  pthread_mutex_destroy(&p.lock);
  free(p.finished);
  return rc;
}

/*
 * 'lf_worker_count()' - Threads for a number of tasks.
 */
size_t lf_worker_count(int asked, size_t tasks) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  size_t n = asked > 0 ? (size_t)asked : (size_t)(cores > 0 ? cores : 1);
  if (n > tasks)
    n = tasks;
  if (n > 64)
    n = 64;
  return n ? n : 1;
}
