/*
 * progress.c -- a progress bar on a terminal, and the clock it and the
 * runs' closing summaries read (jobs_internal.h).
 *
 * The bar is one line redrawn in place with a carriage return:
 *
 *     [##########..........]  412/1000 requests   3.1 s
 *
 * It shows counts and time only, never what is being made (a mailing
 * run's output holds personal data).  When the stream is not a terminal
 * nothing is drawn and the callers print plain lines instead.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jobs_internal.h"

enum { BAR_WIDTH = 30 };

/*
 * 'lf_seconds()' - CLOCK_MONOTONIC in seconds.
 */
double lf_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * 'lf_progress_start()' - Decide whether to draw, and start the clock.
 */
void lf_progress_start(lf_progress *p, FILE *terminal, size_t total, const char *noun) {
  memset(p, 0, sizeof *p);
  const char *term = getenv("TERM");
  if (terminal && isatty(fileno(terminal)) && !(term && strcmp(term, "dumb") == 0))
    p->bar = terminal;
  p->total = total;
  p->noun = noun;
  p->start = lf_seconds();
  p->drawn = -1;
}

/*
 * 'lf_progress_update()' - Redraw the bar when it is due.
 */
void lf_progress_update(lf_progress *p, size_t done) {
  p->done = done;
  if (!p->bar)
    return;
  double now = lf_seconds();
  if (p->drawn >= 0 && now - p->drawn < 0.1 && done < p->total)
    return;
  p->drawn = now;
  size_t filled = p->total ? done * BAR_WIDTH / p->total : BAR_WIDTH;
  char bar[BAR_WIDTH + 1];
  for (size_t i = 0; i < BAR_WIDTH; i++)
    bar[i] = i < filled ? '#' : '.';
  bar[BAR_WIDTH] = '\0';
  fprintf(p->bar, "\r[%s] %zu/%zu %s %6.1f s ", bar, done, p->total, p->noun, now - p->start);
  fflush(p->bar);
  p->shown = 1;
}

/*
 * 'lf_progress_clear()' - Blank the bar's line and return to its start.
 */
void lf_progress_clear(lf_progress *p) {
  if (!p->bar || !p->shown)
    return;
  fprintf(p->bar, "\r%*s\r", BAR_WIDTH + 40, "");
  fflush(p->bar);
  p->shown = 0;
  p->drawn = -1;
}
