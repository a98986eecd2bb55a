/*
 * testutil.h -- small helpers shared by the unit tests: temporary content
 * folders, diagnostics as text, the output of a command.
 */
#ifndef LEAFLET_TESTUTIL_H
#define LEAFLET_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "leaflet/diag.h"

/* 'tu_tempdir()' - A fresh folder under /tmp; the caller frees the name. */
static inline char *tu_tempdir(void) {
  char *dir = strdup("/tmp/leaflet-test-XXXXXX");
  if (!dir || !mkdtemp(dir)) {
    free(dir);
    return NULL;
  }
  return dir;
}

/* 'tu_write()' - Write 'text' to dir/rel, making the folder it is in. */
static inline void tu_write(const char *dir, const char *rel, const char *text) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  char *slash = strrchr(path, '/');
  *slash = 0;
  mkdir(path, 0755);
  *slash = '/';
  FILE *f = fopen(path, "w");
  if (f) {
    fputs(text, f);
    fclose(f);
  }
}

/* 'tu_rmtree()' - Remove a folder made by tu_tempdir() and free its name. */
static inline void tu_rmtree(char *dir) {
  char cmd[1100];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0)
    fprintf(stderr, "could not remove %s\n", dir);
  free(dir);
}

/* 'tu_diags_text()' - Every diagnostic, one per line, into buf. */
static inline const char *tu_diags_text(const lf_diags *d, char *buf, size_t size) {
  buf[0] = 0;
  for (size_t i = 0; i < d->count; i++) {
    char line[2048];
    lf_diag_format(&d->items[i], line, sizeof line);
    strncat(buf, line, size - strlen(buf) - 2);
    strncat(buf, "\n", size - strlen(buf) - 1);
  }
  return buf;
}

/* 'tu_has()' - Does the text hold 'needle'?  Prints the text when not. */
static inline int tu_has(const char *text, const char *needle) {
  if (strstr(text, needle))
    return 1;
  fprintf(stderr, "expected to find:\n  %s\nin:\n%s\n", needle, text);
  return 0;
}

/* 'tu_capture()' - A shell command's standard output (malloc'd; NULL when
 * it cannot be run) and its status as pclose() gives it in '*status' (0:
 * it exited 0). */
static inline char *tu_capture(const char *cmd, int *status) {
  *status = -1;
  FILE *pipe = popen(cmd, "r");
  size_t len = 0, cap = 4096, n;
  char *out = pipe ? malloc(cap) : NULL;
  if (!out) {
    if (pipe)
      pclose(pipe);
    return NULL;
  }
  while ((n = fread(out + len, 1, cap - len - 1, pipe)) > 0) {
    len += n;
    if (cap - len < 1024) {
      char *grown = realloc(out, cap *= 2);
      if (!grown)
        break;
      out = grown;
    }
  }
  out[len] = '\0';
  *status = pclose(pipe);
  return out;
}

/* 'tu_pikepdf_python()' - A python3 that has pikepdf (Debian's has it), or
 * NULL. */
static inline const char *tu_pikepdf_python(void) {
  static const char *const candidates[] = {"/usr/bin/python3", "python3"};
  for (size_t i = 0; i < 2; i++) {
    char cmd[200];
    snprintf(cmd, sizeof cmd, "%s -c 'import pikepdf' >/dev/null 2>&1", candidates[i]);
    if (system(cmd) == 0)
      return candidates[i];
  }
  return NULL;
}

#endif
