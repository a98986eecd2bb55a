/*
 * files.c -- files for batch runs: the leftovers of a killed run, paper
 * names, clocks (jobs_internal.h).  Reading files whole, atomic writes and
 * folders are core's (leaflet/files.h).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <math.h>
#include <time.h>
#include <unistd.h>

#include "jobs_internal.h"

/*
 * 'compare_strings()' - qsort/bsearch order of C strings through pointers.
 */
static int compare_strings(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * 'lf_remove_stale_temps()' - Unlink "<name>.XXXXXX" for each name.
 */
size_t lf_remove_stale_temps(const char *dir, const char *const *names, size_t count) {
  if (count == 0)
    return 0;
  const char **sorted = malloc(count * sizeof *sorted);
  DIR *d = sorted ? opendir(dir) : NULL;
  if (!d) {
    free(sorted);
    return 0;
  }
  memcpy(sorted, names, count * sizeof *sorted);
  qsort(sorted, count, sizeof *sorted, compare_strings);
  size_t removed = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    size_t len = strlen(e->d_name);
    if (len < 8 || e->d_name[len - 7] != '.')
      continue;
    int random_tail = 1;
    for (size_t i = len - 6; i < len; i++)
      random_tail &= isalnum((unsigned char)e->d_name[i]) != 0;
    if (!random_tail)
      continue;
    char stem[1024];
    if (len - 7 >= sizeof stem)
      continue;
    memcpy(stem, e->d_name, len - 7);
    stem[len - 7] = '\0';
    const char *key = stem;
    if (!bsearch(&key, sorted, count, sizeof *sorted, compare_strings))
      continue;
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (unlink(path) == 0)
      removed++;
  }
  closedir(d);
  free(sorted);
  return removed;
}

/*
 * 'lf_paper_name()' - Name a page size (in points) as paper.
 */
const char *lf_paper_name(double width, double height, char *buf, size_t size) {
  long w = lround(width * 25.4 / 72), h = lround(height * 25.4 / 72);
  if (w == 210 && h == 297)
    snprintf(buf, size, "A4");
  else if (w == 148 && h == 210)
    snprintf(buf, size, "A5");
  else if (w == 297 && h == 210)
    snprintf(buf, size, "A4 landscape");
  else if (w == 210 && h == 148)
    snprintf(buf, size, "A5 landscape");
  else
    snprintf(buf, size, "%ldx%ld mm", w, h);
  return buf;
}

/*
 * 'lf_seconds()' - CLOCK_MONOTONIC in seconds.
 */
double lf_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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
