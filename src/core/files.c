/*
 * files.c -- files read whole and files written so that a failure leaves
 * nothing half-done (see files.h): the one place leaflet reads a whole
 * file, and the one place it writes a file atomically.
 */
#define _GNU_SOURCE /* syncfs */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "leaflet/files.h"

/*
 * 'lf_open_file()' - Open without blocking (a named pipe with no writer
 * would wait for one), check what it is, then make reads block again.
 */
int lf_open_file(const char *path, size_t limit, unsigned flags, lf_read_status *status) {
  struct stat info;
  int fd;

  *status = (lf_read_status){.file_size = -1};
  do
    fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    *status = (lf_read_status){LF_READ_CANNOT_OPEN, errno, -1, 0};
    return -1;
  }
  int regular = fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
  if (regular)
    status->file_size = (long long)info.st_size;
  if (!regular && (flags & LF_READ_REGULAR)) {
    status->fault = LF_READ_NOT_REGULAR;
    close(fd);
    return -1;
  }
  if (regular && (uintmax_t)info.st_size > limit) {
    status->fault = LF_READ_TOO_BIG;
    close(fd);
    return -1;
  }
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
    status->fault = LF_READ_CANNOT_OPEN;
    status->error = errno;
    close(fd);
    return -1;
  }
  return fd;
}

/*
 * 'read_to_end()' - Read 'fd' to its end into a malloc'd buffer, room
 * first for 'hint' bytes (the size fstat() gave, or 0), never more than
 * 'limit' + 1 bytes, with a NUL after them.  Returns the buffer with its
 * length in '*len', or NULL with errno set.
 */
static char *read_to_end(int fd, size_t hint, size_t limit, size_t *len) {
  size_t capacity = (hint < limit ? hint : limit) + 1, used = 0;
  char *buffer = malloc(capacity + 1);

  if (!buffer)
    return NULL;
  for (;;) {
    if (used == capacity) {
      if (capacity > limit)
        break; /* past the limit: the caller reports the size */
      size_t bigger = capacity > (limit + 1) / 2 ? limit + 1 : capacity * 2;
      char *grown = realloc(buffer, bigger + 1);
      if (!grown) {
        free(buffer);
        errno = ENOMEM;
        return NULL;
      }
      buffer = grown;
      capacity = bigger;
    }
    ssize_t got = read(fd, buffer + used, capacity - used);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0) {
      int error = errno;
      free(buffer);
      errno = error;
      return NULL;
    }
    if (got == 0)
      break;
    used += (size_t)got;
  }
  buffer[used] = '\0';
  *len = used;
  return buffer;
}

/*
 * 'lf_read_file()' - Open, read to the end within the limit, close.
 */
char *lf_read_file(const char *path, size_t limit, unsigned flags, lf_read_status *status) {
  int fd = lf_open_file(path, limit, flags, status);
  if (fd < 0)
    return NULL;
  size_t len = 0;
  char *data = read_to_end(fd, status->file_size > 0 ? (size_t)status->file_size : 0, limit,
                           &len);
  int error = errno;
  close(fd);
  if (!data) {
    status->fault = LF_READ_FAILED;
    status->error = error;
    return NULL;
  }
  if (len > limit) { /* a pipe or a device, or a file that grew */
    free(data);
    status->fault = LF_READ_TOO_BIG;
    return NULL;
  }
  status->size = len;
  return data;
}

/*
 * 'lf_map_file()' - Open a regular file within the limit and map it
 * read-only; an empty file is an empty, unmapped block.
 */
const unsigned char *lf_map_file(const char *path, size_t limit, lf_read_status *status) {
  static const unsigned char empty[1];
  int fd = lf_open_file(path, limit, LF_READ_REGULAR, status);
  if (fd < 0)
    return NULL;  /* not a regular file, or over the limit, among others */
  status->size = (size_t)status->file_size;
  if (status->size == 0) {
    close(fd);
    return empty;
  }
  void *data = mmap(NULL, status->size, PROT_READ, MAP_PRIVATE, fd, 0);
  int error = errno;
  close(fd);
  if (data == MAP_FAILED) {
    status->fault = LF_READ_FAILED;
    status->error = error;
    return NULL;
  }
  return data;
}

/*
 * 'lf_unmap_file()' - Unmap what lf_map_file() mapped.
 */
void lf_unmap_file(const unsigned char *data, size_t size) {
  if (data && size > 0)
    munmap((void *)(uintptr_t)data, size);
}

/*
 * 'lf_write_all()' - Write every byte, retrying short writes and EINTR.
 */
int lf_write_all(int fd, const void *bytes, size_t size) {
  const unsigned char *data = bytes;
  while (size > 0) {
    ssize_t n = write(fd, data, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    data += n;
    size -= (size_t)n;
  }
  return 0;
}

/*
 * 'lf_temp_open()' - "<path>.XXXXXX", created 0600 and set to 'mode'
 * before it holds any data.
 */
int lf_temp_open(const char *path, unsigned mode, char **temp_out) {
  size_t n = strlen(path);
  char *temp = malloc(n + sizeof ".XXXXXX");
  if (!temp) {
    errno = ENOMEM;
    return -1;
  }
  memcpy(temp, path, n);
  memcpy(temp + n, ".XXXXXX", sizeof ".XXXXXX");
  int fd = mkstemp(temp); /* mode 0600 (POSIX.1-2008) */
  if (fd < 0 || fchmod(fd, (mode_t)mode) != 0) {
    int saved = errno;
    if (fd >= 0) {
      close(fd);
      unlink(temp);
    }
    free(temp);
    errno = saved;
    return -1;
  }
  *temp_out = temp;
  return fd;
}

/*
 * 'lf_temp_discard()' - Close and remove a temporary file; free its name.
 */
void lf_temp_discard(int fd, char *temp) {
  int saved = errno;
  if (fd >= 0)
    close(fd);
  unlink(temp);
  free(temp);
  errno = saved;
}

/*
 * 'lf_temp_commit()' - Close a temporary file and rename it into place (or
 * remove it when that fails); free its name.
 */
int lf_temp_commit(int fd, char *temp, const char *path) {
  if (close(fd) != 0 || rename(temp, path) != 0) {
    lf_temp_discard(-1, temp);
    return -1;
  }
  free(temp);
  return 0;
}

/*
 * 'lf_temp_fopen()' - lf_temp_open(), as a stream.
 */
FILE *lf_temp_fopen(const char *path, unsigned mode, char **temp) {
  int fd = lf_temp_open(path, mode, temp);
  FILE *fp = fd >= 0 ? fdopen(fd, "w+") : NULL;
  if (fd >= 0 && !fp) {
    lf_temp_discard(fd, *temp);
    *temp = NULL;
  }
  return fp;
}

/*
 * 'lf_temp_fcommit()' - Flush, sync, close, rename (or remove).
 */
int lf_temp_fcommit(FILE *fp, char *temp, const char *path) {
  int rc = fflush(fp) == 0 && fsync(fileno(fp)) == 0 ? 0 : -1;
  int saved = errno;
  if (fclose(fp) != 0 && rc == 0) {
    rc = -1;
    saved = errno;
  }
  if (rc == 0 && rename(temp, path) != 0) {
    rc = -1;
    saved = errno;
  }
  if (rc != 0)
    unlink(temp);
  free(temp);
  errno = saved;
  return rc;
}

/*
 * 'lf_temp_fdiscard()' - Close and remove.
 */
void lf_temp_fdiscard(FILE *fp, char *temp) {
  int saved = errno;
  fclose(fp);
  unlink(temp);
  free(temp);
  errno = saved;
}

/*
 * 'compare_strings()' - qsort/bsearch order of C strings through pointers.
 */
static int compare_strings(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * 'lf_remove_temps_if()' - Unlink each "<stem>.XXXXXX" in 'dir' whose stem
 * 'mine' accepts.
 */
size_t lf_remove_temps_if(const char *dir, int (*mine)(const char *stem, void *ctx),
                          void *ctx) {
  DIR *d = opendir(dir);
  if (!d)
    return 0;
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
    if (!mine(stem, ctx))
      continue;
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (unlink(path) == 0)
      removed++;
  }
  closedir(d);
  return removed;
}

/* The names lf_remove_stale_temps() was given, sorted. */
typedef struct sorted_names {
  const char **names;
  size_t count;
} sorted_names;

/* 'among()' - Whether 'stem' is one of the names (lf_remove_temps_if()). */
static int among(const char *stem, void *ctx) {
  const sorted_names *n = ctx;
  return bsearch(&stem, n->names, n->count, sizeof *n->names, compare_strings) != NULL;
}

/*
 * 'lf_remove_stale_temps()' - Unlink "<name>.XXXXXX" for each name.
 */
size_t lf_remove_stale_temps(const char *dir, const char *const *names, size_t count) {
  if (count == 0)
    return 0;
  sorted_names sorted = {malloc(count * sizeof *sorted.names), count};
  if (!sorted.names)
    return 0;
  memcpy(sorted.names, names, count * sizeof *sorted.names);
  qsort(sorted.names, count, sizeof *sorted.names, compare_strings);
  size_t removed = lf_remove_temps_if(dir, among, &sorted);
  free(sorted.names);
  return removed;
}

/*
 * 'sync_parent()' - Flush the folder entry of 'path' (best effort).
 */
static void sync_parent(const char *path) {
  size_t n = strlen(path);
  char *dir = malloc(n + 2);
  if (!dir)
    return;
  memcpy(dir, path, n + 1);
  char *slash = strrchr(dir, '/');
  if (slash == dir)
    slash[1] = '\0';
  else if (slash)
    *slash = '\0';
  else
    strcpy(dir, ".");
  int dfd = open(dir, O_RDONLY);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  free(dir);
}

/*
 * 'lf_write_file_atomic()' - Temporary file, mode, bytes, flush, rename.
 */
int lf_write_file_atomic(const char *path, const void *data, size_t size, unsigned mode,
                         int sync) {
  char *temp;
  int fd = lf_temp_open(path, mode, &temp);
  if (fd < 0)
    return -1;
  if (lf_write_all(fd, data, size) != 0 || (sync && fsync(fd) != 0)) {
    lf_temp_discard(fd, temp);
    return -1;
  }
  if (lf_temp_commit(fd, temp, path) != 0)
    return -1;
  if (sync) /* and the rename: the folder's entry */
    sync_parent(path);
  return 0;
}

/*
 * 'lf_sync_dir()' - Make every file written in a folder, and the renames
 * that put them there, last: one syncfs() of the folder's file system
 * rather than an fsync() per file (a batch writes many files, and a sync
 * per file cost more than rendering it).
 */
void lf_sync_dir(const char *dir) {
  int fd = open(dir, O_RDONLY);
  if (fd >= 0) {
    if (syncfs(fd) != 0)
      fsync(fd);
    close(fd);
  }
}

/*
 * 'lf_make_dirs()' - mkdir -p.
 */
int lf_make_dirs(const char *path, unsigned mode) {
  size_t n = strlen(path);
  char *copy = malloc(n + 1);
  if (!copy) {
    errno = ENOMEM;
    return -1;
  }
  memcpy(copy, path, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (copy[i] != '/' && copy[i] != '\0')
      continue;
    char saved = copy[i];
    copy[i] = '\0';
    if (mkdir(copy, (mode_t)mode) != 0 && errno != EEXIST) {
      int err = errno;
      free(copy);
      errno = err;
      return -1;
    }
    copy[i] = saved;
  }
  struct stat st;
  int rc = stat(copy, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
  if (rc != 0 && errno == 0)
    errno = ENOTDIR;
  free(copy);
  return rc;
}

/*
 * 'yaml_ending()' - The length of a name's .yaml or .yml ending, in any
 * case, or 0.
 */
static size_t yaml_ending(const char *name) {
  size_t len = strlen(name);
  if (len > 5 && strcasecmp(name + len - 5, ".yaml") == 0)
    return 5;
  if (len > 4 && strcasecmp(name + len - 4, ".yml") == 0)
    return 4;
  return 0;
}

/* 'by_bytes()' - Names in byte order (qsort). */
static int by_bytes(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * 'lf_yaml_files()' - Every YAML-looking name of a folder, sorted.
 */
int lf_yaml_files(lf_arena *arena, const char *dir, char ***names, size_t *count) {
  *names = NULL;
  *count = 0;
  DIR *d = opendir(dir);
  if (!d)
    return 0;
  size_t cap = 0;
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.' || !yaml_ending(e->d_name))
      continue;
    if (*count == cap) {
      size_t ncap = cap ? cap * 2 : 16;
      char **grown = lf_arena_grow(arena, *names, *count, ncap, sizeof *grown);
      if (!grown) {
        rc = -1;
        break;
      }
      *names = grown;
      cap = ncap;
    }
    if (!((*names)[*count] = lf_arena_strdup(arena, e->d_name))) {
      rc = -1;
      break;
    }
    (*count)++;
  }
  closedir(d);
  if (*count)
    qsort(*names, *count, sizeof **names, by_bytes);
  return rc;
}

/*
 * 'lf_yaml_stem()' - The name less its ending, and whether it is read.
 */
char *lf_yaml_stem(lf_arena *arena, const char *name, int *read) {
  size_t len = strlen(name), ending = yaml_ending(name);
  *read = ending == 5 && strcmp(name + len - 5, ".yaml") == 0;
  return lf_arena_strndup(arena, name, len - ending);
}
