/*
 * files.c -- files written so that a failure leaves nothing half-done
 * (see files.h): the one place leaflet writes a file atomically.
 */
#define _GNU_SOURCE /* syncfs */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "leaflet/files.h"

/*
 * 'write_all()' - Write every byte, retrying short writes and EINTR.
 */
static int write_all(int fd, const unsigned char *data, size_t size) {
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
 * 'lf_write_file_atomic()' - Temporary file, mode, bytes, flush, rename.
 */
int lf_write_file_atomic(const char *path, const void *data, size_t size, unsigned mode,
                         int sync) {
  size_t n = strlen(path);
  char *temp = malloc(n + sizeof ".XXXXXX");
  if (!temp) {
    errno = ENOMEM;
    return -1;
  }
  memcpy(temp, path, n);
  memcpy(temp + n, ".XXXXXX", sizeof ".XXXXXX");
  int fd = mkstemp(temp); /* mode 0600 (POSIX.1-2008) */
  if (fd < 0) {
    int saved = errno;
    free(temp);
    errno = saved;
    return -1;
  }
  if (fchmod(fd, (mode_t)mode) != 0 || write_all(fd, data, size) != 0 ||
      (sync && fsync(fd) != 0)) {
    int saved = errno;
    close(fd);
    unlink(temp);
    free(temp);
    errno = saved;
    return -1;
  }
  if (close(fd) != 0 || rename(temp, path) != 0) {
    int saved = errno;
    unlink(temp);
    free(temp);
    errno = saved;
    return -1;
  }
  if (sync) { /* and the rename: the folder's entry */
    char *slash = strrchr(temp, '/');
    if (slash == temp)
      slash[1] = '\0';
    else if (slash)
      *slash = '\0';
    else
      strcpy(temp, ".");
    int dfd = open(temp, O_RDONLY);
    if (dfd >= 0) {
      fsync(dfd);
      close(dfd);
    }
  }
  free(temp);
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

