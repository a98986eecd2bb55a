/*
 * gittree.c -- a content folder as it was at a revision of a git
 * repository (jobs_internal.h), for `leaflet diff`.
 *
 * Nothing in the repository is touched: no checkout, no working copy, no
 * index.  `git ls-tree` lists the files under the path at the revision and
 * `git show REV:FILE` reads each YAML file, which is written into a new
 * folder of our own (0700, under $TMPDIR or /tmp) for the content loader
 * to read like any other.  git runs with its arguments as given, never
 * through a shell, its input from /dev/null; a revision may not start
 * with '-' (git would take it for an option).
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jobs_internal.h"
#include "leaflet/yaml.h"

extern char **environ;

/* What one run of git gave. */
typedef struct git_output {
  char *out, *err;       /* malloc'd, NUL-terminated */
  size_t out_len, err_len;
  int status;            /* its exit status, or -1 when it did not run */
} git_output;

/*
 * 'append()' - Add bytes to a malloc'd buffer; 0, or -1 when out of memory
 * or past 'limit'.
 */
static int append(char **buf, size_t *len, const char *data, size_t n, size_t limit) {
  if (*len + n > limit)
    return -1;
  char *grown = realloc(*buf, *len + n + 1);
  if (!grown)
    return -1;
  memcpy(grown + *len, data, n);
  *len += n;
  grown[*len] = '\0';
  *buf = grown;
  return 0;
}

/*
 * 'run_git()' - Run git with 'argv' (argv[0] "git"), its output and errors
 * read through pipes (polled, so neither can fill and stall it), at most
 * 'limit' bytes of output.  Returns 0 when it ran and exited 0.
 */
static int run_git(char *const argv[], size_t limit, git_output *g) {
  memset(g, 0, sizeof *g);
  g->status = -1;
  int out[2], err[2];
  if (pipe(out) != 0)
    return -1;
  if (pipe(err) != 0) {
    close(out[0]);
    close(out[1]);
    return -1;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  posix_spawn_file_actions_addclose(&fa, err[0]);
  pid_t pid;
  int spawned = posix_spawnp(&pid, "git", &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  close(err[1]);
  int too_much = 0;
  if (spawned == 0) {
    struct pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    int open_count = 2;
    char chunk[65536];
    while (open_count > 0) {
      if (poll(fds, 2, -1) < 0) {
        if (errno == EINTR)
          continue;
        break;
      }
      for (int i = 0; i < 2; i++) {
        if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
          continue;
        ssize_t n = read(fds[i].fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
          continue;
        if (n <= 0) {
          fds[i].fd = -1;
          open_count--;
          continue;
        }
        if (i == 0 ? append(&g->out, &g->out_len, chunk, (size_t)n, limit) != 0
                   : append(&g->err, &g->err_len, chunk, (size_t)n, 65536) != 0)
          too_much |= i == 0;
      }
    }
    int wstatus;
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
      ;
    g->status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128;
  }
  close(out[0]);
  close(err[0]);
  if (too_much)
    g->status = -2;
  return g->status == 0 ? 0 : -1;
}

/*
 * 'git_problem()' - What git said, on one line, for an error message.
 */
static const char *git_problem(git_output *g) {
  if (g->status == -1)
    return "git could not be run (expected git on the PATH)";
  if (g->status == -2)
    return "more than the limit";
  if (!g->err || !g->err[0])
    return "git failed";
  for (char *p = g->err; *p; p++)
    if (*p == '\n' || *p == '\r')
      *p = p[1] ? ' ' : '\0';
  return g->err;
}

/*
 * 'write_private()' - Write 'len' bytes to 'path', making the folders
 * above it (0700).  Returns 0 or -1.
 */
static int write_private(const char *path, const char *data, size_t len) {
  char *dir = strdup(path);
  if (!dir)
    return -1;
  char *slash = strrchr(dir, '/');
  int rc = 0;
  if (slash) {
    *slash = '\0';
    rc = lf_make_dirs(dir, 0700);
  }
  free(dir);
  if (rc != 0)
    return -1;
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    return -1;
  rc = lf_write_all(fd, data, len);
  if (close(fd) != 0)
    rc = -1;
  return rc;
}

/*
 * 'lf_git_content()' - The YAML files under 'path' at 'rev' of 'repo', in
 * a new folder: '*folder' (malloc'd) holds 'path', so the content is at
 * "<folder>/<path>".  Returns 0, or -1 after reporting at 'label'.
 */
int lf_git_content(const char *repo, const char *rev, const char *path, const char *label,
                   char **folder, lf_diags *diags) {
  *folder = NULL;
  lf_pos at = {label, 0, 0};
  if (!rev[0] || rev[0] == '-') {
    lf_error(diags, at, "'%s' is not a revision (expected a commit, branch or tag, not "
             "starting with '-')", rev);
    return -1;
  }
  const char *tmp = getenv("TMPDIR");
  char *dir = malloc(strlen(tmp && tmp[0] ? tmp : "/tmp") + 32);
  if (!dir) {
    lf_error(diags, at, "out of memory");
    return -1;
  }
  sprintf(dir, "%s/leaflet-diff-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    lf_error(diags, at, "cannot make a folder for the files: %s", strerror(errno));
    free(dir);
    return -1;
  }
  /* the files under 'path': "<mode> <type> <object>\t<name>\0" */
  git_output list;
  char *ls[] = {"git", "-C", (char *)repo, "ls-tree", "-r", "-z", "--full-tree", (char *)rev,
                "--", (char *)path, NULL};
  int rc = 0;
  if (run_git(ls, (size_t)64 << 20, &list) != 0) {
    lf_error(diags, at, "cannot list the files of '%s' at '%s' in %s: %s", path, rev, repo,
             git_problem(&list));
    rc = -1;
  }
  size_t files = 0;
  for (size_t i = 0; rc == 0 && i < list.out_len;) {
    const char *entry = list.out + i;
    size_t n = strlen(entry);
    i += n + 1;
    const char *tab = strchr(entry, '\t');
    const char *name = tab ? tab + 1 : "";
    size_t name_len = strlen(name);
    /* regular files only (not links or submodules): the YAML, and the
     * pictures figures name (content/images/) */
    int yaml = name_len >= 6 && strcmp(name + name_len - 5, ".yaml") == 0;
    int picture = strstr(name, "images/") != NULL &&
                  ((name_len >= 5 && (strcmp(name + name_len - 4, ".png") == 0 ||
                                      strcmp(name + name_len - 4, ".jpg") == 0 ||
                                      strcmp(name + name_len - 4, ".svg") == 0)) ||
                   (name_len >= 6 && strcmp(name + name_len - 5, ".jpeg") == 0));
    if (!tab || strncmp(entry, "100", 3) != 0 || !(yaml || picture))
      continue;
    char *object = malloc(strlen(rev) + name_len + 2);
    char *target = malloc(strlen(dir) + name_len + 2);
    if (!object || !target) {
      free(object);
      free(target);
      lf_error(diags, at, "out of memory");
      rc = -1;
      break;
    }
    sprintf(object, "%s:%s", rev, name);
    sprintf(target, "%s/%s", dir, name);
    git_output blob;
    char *show[] = {"git", "-C", (char *)repo, "--no-pager", "show", "--no-textconv", object,
                    NULL};
    if (run_git(show, yaml ? LF_YAML_MAX_BYTES : (size_t)64 << 20, &blob) != 0) {
      lf_error(diags, (lf_pos){object, 0, 0}, "cannot read the file: %s%s", git_problem(&blob),
               blob.status == -2 ? (yaml ? " of 16 MiB a YAML file" : " of 64 MiB a picture")
                                 : "");
      rc = -1;
    } else if (write_private(target, blob.out ? blob.out : "", blob.out_len) != 0) {
      lf_error(diags, (lf_pos){object, 0, 0}, "cannot write a copy in %s: %s", dir,
               strerror(errno));
      rc = -1;
    }
    files++;
    free(blob.out);
    free(blob.err);
    free(object);
    free(target);
  }
  if (rc == 0 && files == 0) {
    lf_error(diags, at, "no YAML files under '%s' at '%s' in %s (expected the content "
             "folder's path in the repository, such as HEAD:content)", path, rev, repo);
    rc = -1;
  }
  free(list.out);
  free(list.err);
  if (rc != 0) {
    lf_remove_tree(dir);
    free(dir);
    return -1;
  }
  *folder = dir;
  return 0;
}

/* 'remove_entry()' - One file or (empty by now) folder, for nftw(). */
static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  remove(path);
  return 0;
}

/*
 * 'lf_remove_tree()' - Remove a folder and everything in it, not
 * following links.
 */
void lf_remove_tree(const char *folder) {
  if (folder)
    nftw(folder, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
