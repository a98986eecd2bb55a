/*
 * replay.c -- run a fuzz target over saved inputs without libFuzzer.
 *
 *     replay-<target> FILE-OR-FOLDER...
 *
 * Each file (and each file in each folder, in name order) is passed once
 * to the target's LLVMFuzzerTestOneInput().  Built against the
 * AddressSanitizer and UndefinedBehaviorSanitizer build of the library, so
 * `make test` replays the corpus and every crash input ever found with the
 * same checks libFuzzer makes, on a machine without clang.  Prints one line
 * per folder and exits 0 only when every input ran.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"

/*
 * 'run_file()' - One input.  Returns 0, or -1 when it cannot be read.
 */
static int run_file(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    fprintf(stderr, "replay: cannot open %s\n", path);
    return -1;
  }
  uint8_t *data = NULL;
  size_t size = 0, cap = 0, got;
  do {
    if (size == cap) {
      cap = cap ? cap * 2 : 65536;
      uint8_t *grown = realloc(data, cap);
      if (!grown) {
        free(data);
        fclose(fp);
        fprintf(stderr, "replay: out of memory reading %s\n", path);
        return -1;
      }
      data = grown;
    }
    got = fread(data + size, 1, cap - size, fp);
    size += got;
  } while (got > 0);
  fclose(fp);
  if (getenv("REPLAY_VERBOSE"))
    fprintf(stderr, "replay: %s\n", path);
  /* a copy of exactly 'size' bytes, so reading past the input is caught */
  uint8_t *exact = malloc(size ? size : 1);
  if (!exact) {
    free(data);
    return -1;
  }
  if (size)
    memcpy(exact, data, size);
  free(data);
  LLVMFuzzerTestOneInput(exact, size);
  free(exact);
  return 0;
}

/*
 * 'compare_names()' - qsort() order for file names.
 */
static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * 'run_folder()' - Every file of a folder, in name order.  Returns the
 * number run, or -1.
 */
static long run_folder(const char *dir) {
  DIR *d = opendir(dir);
  if (!d)
    return -1;
  char **names = NULL;
  size_t count = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    if (count == cap) {
      cap = cap ? cap * 2 : 64;
      char **grown = realloc(names, cap * sizeof *names);
      if (!grown)
        break;
      names = grown;
    }
    names[count] = strdup(e->d_name);
    if (names[count])
      count++;
  }
  closedir(d);
  if (count)
    qsort(names, count, sizeof *names, compare_names);
  long ran = 0;
  int failed = 0;
  for (size_t i = 0; i < count; i++) {
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
      if (run_file(path) != 0)
        failed = 1;
      else
        ran++;
    }
    free(names[i]);
  }
  free(names);
  return failed ? -1 : ran;
}

/*
 * 'main()' - Replay every argument.
 */
int main(int argc, char **argv) {
  int status = 0;
  LLVMFuzzerInitialize(&argc, &argv);
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      continue; /* a folder with nothing saved yet */
    }
    if (S_ISDIR(st.st_mode)) {
      long ran = run_folder(argv[i]);
      if (ran < 0)
        status = 1;
      else
        printf("replay: %s: %ld inputs\n", argv[i], ran);
    } else if (run_file(argv[i]) != 0) {
      status = 1;
    }
  }
  return status;
}
