/*
 * ordered.c -- results reported in order as workers finish them
 * (jobs_internal.h).
 *
 * Workers finish their items in whatever order the threads run; the
 * calling thread marks each finished item and reports every item whose
 * turn has come: the first not yet reported, once it has finished.  A
 * build's lines and diagnostics, and a mailing's, then come out in the
 * same order whatever the number of workers.
 */
#include <stdlib.h>

#include "jobs_internal.h"

/*
 * 'lf_ordered_init()' - No item finished, none reported.
 */
int lf_ordered_init(lf_ordered *o, size_t count) {
  o->finished = calloc(count ? count : 1, sizeof *o->finished);
  o->count = count;
  o->reported = 0;
  return o->finished ? 0 : -1;
}

/*
 * 'lf_ordered_finish()' - Mark item 'i' finished.
 */
void lf_ordered_finish(lf_ordered *o, size_t i) {
  if (i < o->count)
    o->finished[i] = 1;
}

/*
 * 'lf_ordered_next()' - The first item not yet reported, if it has
 * finished.
 */
size_t lf_ordered_next(lf_ordered *o) {
  if (o->reported >= o->count || !o->finished[o->reported])
    return (size_t)-1;
  return o->reported++;
}

/*
 * 'lf_ordered_free()' - Free the marks.
 */
void lf_ordered_free(lf_ordered *o) {
  free(o->finished);
  o->finished = NULL;
  o->count = o->reported = 0;
}
