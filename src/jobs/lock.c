/*
 * lock.c -- one run at a time in an output folder (jobs_internal.h).
 *
 * A run holds flock(2) on OUT/.leaflet.lock for as long as it writes into
 * OUT: exclusively, or, for part K of a sharded run, shared with the other
 * parts (which write files of their own and a manifest of their own) and
 * exclusively on OUT/.leaflet.K-of-N.lock.  So two whole runs, a whole run
 * and a part, or the same part twice, take turns, while the parts of one
 * sharded run go on side by side.  Without it, the last manifest written
 * won and the other run's files went unlisted, and one run removed the
 * other's temporary files as a killed run's leftovers.
 *
 * The lock files are removed when the run ends, by whoever holds the last
 * lock on them.  A run that has waited for a lock checks that the file it
 * locked is still the one at that name (the holder may have removed it
 * meanwhile) and tries again when it is not, so removing one never lets two
 * runs in at once.
 *
 * flock works between the processes of one machine; on NFS, Linux maps it
 * to POSIX locks, which the server keeps for every client (NFSv4, or v3
 * with its lock manager).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jobs_internal.h"
#include "leaflet/jobs.h"

/*
 * 'holder_of()' - The pid holding a lock on the file 'fd' is open on, as
 * /proc/locks says (Linux), or 0 when it cannot tell.
 */
static long holder_of(int fd) {
  struct stat st;
  FILE *locks = fstat(fd, &st) == 0 ? fopen("/proc/locks", "r") : NULL;
  if (!locks)
    return 0;
  char line[256];
  long pid = 0;
  while (!pid && fgets(line, sizeof line, locks)) {
    char kind[16], advice[16], mode[16];
    long who;
    unsigned major, minor;
    unsigned long inode;
    /* "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF"; waiters have "->" */
    if (strstr(line, "->") ||
        sscanf(line, "%*d: %15s %15s %15s %ld %x:%x:%lu", kind, advice, mode, &who, &major,
               &minor, &inode) != 7)
      continue;
    if (strcmp(kind, "FLOCK") == 0 && inode == (unsigned long)st.st_ino)
      pid = who;
  }
  fclose(locks);
  return pid;
}

/*
 * 'still_named()' - Whether 'path' still names the file 'fd' is open on.
 */
static int still_named(int fd, const char *path) {
  struct stat a, b;
  return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino &&
         a.st_dev == b.st_dev;
}

/*
 * 'take()' - flock 'path' ('op': LOCK_SH or LOCK_EX), made with 'mode'
 * when missing; if another run holds it, say so on 'err' and wait, or
 * with 'no_wait' report it.  Returns the descriptor, or -1 (reported).
 */
static int take(const char *path, const char *dir, int op, int no_wait, unsigned mode,
                FILE *err, lf_diags *diags) {
  int said = 0;
  for (;;) {
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, (mode_t)mode);
    if (fd < 0) {
      const char *name = strrchr(path, '/');
      lf_error(diags, (lf_pos){dir, 0, 0}, "cannot write in the output folder (its lock, %s): "
               "%s", name ? name + 1 : path, strerror(errno));
      return -1;
    }
    if (flock(fd, op | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK) {
        lf_error(diags, (lf_pos){dir, 0, 0}, "cannot lock the output folder: %s",
                 strerror(errno));
        close(fd);
        return -1;
      }
      long pid = holder_of(fd);
      char who[48] = "";
      if (pid)
        snprintf(who, sizeof who, " (pid %ld)", pid);
      if (no_wait) {
        lf_error(diags, (lf_pos){dir, 0, 0}, "another leaflet run is writing into this "
                 "folder%s: not waiting for it (--no-wait); run again when it has finished",
                 who);
        close(fd);
        return -1;
      }
      if (!said) {
        fprintf(err, "leaflet: waiting for another leaflet run in %s%s ...\n", dir, who);
        fflush(err);
        said = 1;
      }
      int rc;
      do
        rc = flock(fd, op);
      while (rc != 0 && errno == EINTR);
      if (rc != 0) {
        lf_error(diags, (lf_pos){dir, 0, 0}, "cannot lock the output folder: %s",
                 strerror(errno));
        close(fd);
        return -1;
      }
    }
    if (still_named(fd, path))
      return fd;
    close(fd); /* its holder removed it while we waited: lock the new one */
  }
}

/*
 * 'lf_lock_out()' - The folder's lock, shared for a part of a sharded run
 * (and the part's own, exclusive), else exclusive.
 */
int lf_lock_out(lf_out_lock *lock, const char *dir, int shard_index, int shard_count,
                int no_wait, unsigned mode, FILE *err, lf_diags *diags) {
  memset(lock, 0, sizeof *lock);
  lock->fd = lock->part_fd = -1;
  size_t n = strlen(dir) + 64;
  lock->path = malloc(n);
  lock->part_path = shard_count ? malloc(n) : NULL;
  if (!lock->path || (shard_count && !lock->part_path)) {
    lf_error(diags, (lf_pos){dir, 0, 0}, "out of memory");
    lf_unlock_out(lock);
    return -1;
  }
  snprintf(lock->path, n, "%s/.leaflet.lock", dir);
  lock->fd = take(lock->path, dir, shard_count ? LOCK_SH : LOCK_EX, no_wait, mode, err, diags);
  if (lock->fd >= 0 && shard_count) {
    snprintf(lock->part_path, n, "%s/.leaflet.%d-of-%d.lock", dir, shard_index, shard_count);
    lock->part_fd = take(lock->part_path, dir, LOCK_EX, no_wait, mode, err, diags);
  }
  if (lock->fd < 0 || (shard_count && lock->part_fd < 0)) {
    lf_unlock_out(lock);
    return -1;
  }
  return 0;
}

/*
 * 'release()' - Let go of a lock, removing its file when no one else
 * holds it (a shared lock is turned exclusive first, without waiting: if
 * that fails another run holds it and removes it in turn).
 */
static void release(int fd, const char *path) {
  if (fd < 0)
    return;
  if (flock(fd, LOCK_EX | LOCK_NB) == 0 && still_named(fd, path))
    unlink(path);
  close(fd);
}

/* 'lf_unlock_out()' - The part's lock, then the folder's. */
void lf_unlock_out(lf_out_lock *lock) {
  release(lock->part_fd, lock->part_path);
  release(lock->fd, lock->path);
  free(lock->part_path);
  free(lock->path);
  memset(lock, 0, sizeof *lock);
  lock->fd = lock->part_fd = -1;
}
