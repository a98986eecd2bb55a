/*
 * mailmerge.c -- `leaflet mail merge` (jobs.h): the manifests of the parts
 * of a sharded mailing joined into one, once it is shown that every row
 * of the requests file is in exactly one of them.
 *
 * Each part's manifest.K-of-N.csv lists its rows in file order, so the
 * merge reads the requests file and the parts' manifests side by side, a
 * row at a time, in the memory of one row of each: for each row of the
 * file, the parts whose next row has that line.  None is a row missing,
 * two or more a row made twice, and a part's row whose line is not the
 * first line of a row of the file (or whose ref is not the row's) a part
 * made from another file; each part's requests.K-of-N.sha256 must be the
 * requests file's SHA-256 now (a part made before a row was edited).
 * Only when there is none of these are
 * OUT/manifest.csv (every row, in file order) and OUT/batches.csv (every
 * part's print files, part by part) written.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jobs_internal.h"
#include "leaflet/files.h"
#include "leaflet/jobs.h"
#include "leaflet/sha256.h"
#include "leaflet/textout.h"

enum {
  SHOWN_MAX = 100,      /* errors of one kind shown before they are counted */
  MANIFEST_FIELDS = 12, /* line,ref,...,status,error */
  FIELD_LINE = 0,
  FIELD_REF = 1,
  FIELD_STATUS = 10
};

/* A part: its manifest, read a row at a time. */
typedef struct part {
  const char *path;
  int index, count;          /* K of N */
  lf_csv_reader *in;
  lf_arena *arena;           /* the current row's */
  lf_csv_record row;         /* the current row, when 'has_row' */
  size_t line, last_line;    /* its line; the line before it */
  int has_row;
} part;

/* The run of a merge. */
typedef struct merge {
  const lf_mail_merge_options *opts;
  lf_diags diags;
  part *parts;
  size_t part_count;
  size_t missing, twice, foreign;   /* errors of each kind */
  size_t ok, skipped, failed;       /* the rows' status */
  FILE *out;                        /* the merged manifest */
} merge;

/*
 * 'part_of_name()' - K and N from a manifest's name, "manifest.K-of-N.csv"
 * (in any folder).  Returns 0, or -1 when it is not one.
 */
static int part_of_name(const char *path, int *k, int *n) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  char tail[8];
  if (sscanf(base, "manifest.%d-of-%d%7s", k, n, tail) != 3 || strcmp(tail, ".csv") != 0 ||
      *k < 1 || *n < 1 || *k > *n)
    return -1;
  char again[64];
  snprintf(again, sizeof again, "manifest.%d-of-%d.csv", *k, *n);
  return strcmp(again, base) == 0 ? 0 : -1;
}

/*
 * 'find_manifests()' - Every OUT/manifest.K-of-N.csv, sorted by name.
 * Returns how many (the names malloc'd into '*out'), or (size_t)-1.
 */
static size_t find_manifests(const char *dir, char ***out) {
  DIR *d = opendir(dir);
  *out = NULL;
  if (!d)
    return (size_t)-1;
  size_t count = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    int k, n;
    if (part_of_name(e->d_name, &k, &n) != 0)
      continue;
    if (count == cap) {
      cap = cap ? cap * 2 : 16;
      char **grown = realloc(*out, cap * sizeof *grown);
      if (!grown)
        break;
      *out = grown;
    }
    size_t len = strlen(dir) + strlen(e->d_name) + 2;
    if (!((*out)[count] = malloc(len)))
      break;
    snprintf((*out)[count++], len, "%s/%s", dir, e->d_name);
  }
  closedir(d);
  return count;
}

/*
 * 'next_row()' - A part's next row (its header checked first).  Returns
 * 0, or -1 (reported).
 */
static int next_row(merge *g, part *p) {
  for (;;) {
    lf_arena_free(p->arena);
    p->has_row = 0;
    if (!(p->arena = lf_arena_new(0))) {
      lf_error(&g->diags, (lf_pos){p->path, 0, 0}, "out of memory");
      return -1;
    }
    int got = lf_csv_next(p->in, p->arena, &p->row);
    if (got < 0) {
      lf_error(&g->diags, (lf_pos){p->path, 0, 0}, "cannot read the manifest: %s",
               strerror(lf_csv_error(p->in)));
      return -1;
    }
    if (got == 0)
      return 0;
    lf_pos pos = {p->path, (int)p->row.line, 0};
    if (p->row.error || p->row.count != MANIFEST_FIELDS) {
      lf_error(&g->diags, pos, "not a row of a mailing's manifest (expected %d fields: "
               "line,ref,...,status,error)", MANIFEST_FIELDS);
      return -1;
    }
    if (p->row.line == 1) {
      if (strcmp(p->row.fields[0], "line") != 0) {
        lf_error(&g->diags, pos, "not a mailing's manifest (expected the header line,ref,"
                 "leaflet,...)");
        return -1;
      }
      continue;
    }
    char *end;
    unsigned long long line = strtoull(p->row.fields[FIELD_LINE], &end, 10);
    if (*end || end == p->row.fields[FIELD_LINE] || line == 0) {
      lf_error(&g->diags, pos, "the line is not a number");
      return -1;
    }
    if (line <= p->last_line) {
      lf_error(&g->diags, pos, "line %llu comes after line %zu (expected the rows in the "
               "order of the requests file)", line, p->last_line);
      return -1;
    }
    p->line = p->last_line = (size_t)line;
    p->has_row = 1;
    return 0;
  }
}

/*
 * 'shown()' - Whether the n-th error of a kind is still shown.
 */
static int shown(size_t n) { return n <= SHOWN_MAX; }

/*
 * 'take_row()' - Part p's row for the file's row at 'line' (ref 'ref',
 * NULL when the row shows none: lf_request_shown_ref()): checked, counted
 * and written to the merged manifest.
 */
static void take_row(merge *g, part *p, const char *ref) {
  const char *listed = p->row.fields[FIELD_REF];
  /* a skipped row shows its ref too (a repeat, a ref no file may have) */
  if (listed[0] && (!ref || strcmp(listed, ref) != 0) && shown(++g->foreign))
    lf_error(&g->diags, (lf_pos){p->path, (int)p->row.line, 0}, "the ref of line %zu is not "
             "the one in %s (expected the parts to be made from that file)", p->line,
             g->opts->requests);
  const char *status = p->row.fields[FIELD_STATUS];
  g->ok += strcmp(status, "ok") == 0;
  g->skipped += strcmp(status, "skipped") == 0;
  g->failed += strcmp(status, "failed") == 0;
  for (size_t c = 0; c < p->row.count; c++)
    lf_put_csv_cell(g->out, p->row.fields[c], c + 1 == p->row.count);
}

/*
 * 'walk()' - The requests file and the parts side by side.  Returns 0,
 * or -1 when reading failed (reported).
 */
static int walk(merge *g, lf_requests *q) {
  const char *file = g->opts->requests;
  for (size_t i = 0; i < g->part_count; i++)
    if (next_row(g, &g->parts[i]) != 0)
      return -1;
  lf_arena *arena = NULL;
  int rc = 0;
  for (;;) {
    lf_arena_free(arena);
    if (!(arena = lf_arena_new(0))) {
      lf_error(&g->diags, (lf_pos){file, 0, 0}, "out of memory");
      rc = -1;
      break;
    }
    lf_csv_record rec;
    size_t row;
    int got = lf_requests_next(q, arena, &rec, &row);
    if (got < 0) {
      lf_error(&g->diags, (lf_pos){file, 0, 0}, "cannot read the requests: %s",
               strerror(errno));
      rc = -1;
      break;
    }
    /* rows of the parts before this one: not rows of the file */
    for (size_t i = 0; i < g->part_count; i++) {
      part *p = &g->parts[i];
      while (p->has_row && (got == 0 || p->line < rec.line)) {
        if (shown(++g->foreign))
          lf_error(&g->diags, (lf_pos){p->path, (int)p->row.line, 0}, "line %zu is not the "
                   "first line of a row of %s (expected the parts to be made from that file)",
                   p->line, file);
        if (next_row(g, p) != 0) {
          rc = -1;
          break;
        }
      }
    }
    if (got == 0 || rc != 0)
      break;
    const char *ref = lf_request_shown_ref(q, arena, &rec);
    part *first = NULL;
    for (size_t i = 0; i < g->part_count && rc == 0; i++) {
      part *p = &g->parts[i];
      if (!p->has_row || p->line != rec.line)
        continue;
      if (!first) {
        first = p;
        take_row(g, p, ref);
      } else if (shown(++g->twice)) {
        lf_error(&g->diags, (lf_pos){file, (int)rec.line, 0}, "row %zu is in more than one "
                 "part's manifest (%s and %s; expected each row in one part)", row + 1,
                 first->path, p->path);
      }
      rc = next_row(g, p);
    }
    if (!first && shown(++g->missing))
      lf_error(&g->diags, (lf_pos){file, (int)rec.line, 0}, "row %zu is in no part's manifest "
               "(expected each row in one part: was a part not run, or stopped?)", row + 1);
  }
  lf_arena_free(arena);
  return rc;
}

/*
 * 'open_parts()' - Check the parts' names (one N, each K once, none
 * missing) and open their manifests.  Returns 0, or -1 (reported).
 */
static int open_parts(merge *g, const char *const *paths, size_t count) {
  int n = 0, failed = 0;
  g->parts = calloc(count + 1, sizeof *g->parts);
  if (!g->parts) {
    lf_error(&g->diags, (lf_pos){0}, "out of memory");
    return -1;
  }
  for (size_t i = 0; i < count; i++) {
    part *p = &g->parts[g->part_count];
    p->path = paths[i];
    if (part_of_name(paths[i], &p->index, &p->count) != 0) {
      lf_error(&g->diags, (lf_pos){paths[i], 0, 0}, "not the manifest of a part (expected a "
               "file named manifest.K-of-N.csv, as leaflet mail --shard K/N writes)");
      failed = 1;
      continue;
    }
    if (n && p->count != n) {
      lf_error(&g->diags, (lf_pos){paths[i], 0, 0}, "a part of %d, but %s is a part of %d "
               "(expected the parts of one split)", p->count, g->parts[0].path, n);
      failed = 1;
      continue;
    }
    n = p->count;
    for (size_t k = 0; k < g->part_count; k++)
      if (g->parts[k].index == p->index) {
        lf_error(&g->diags, (lf_pos){paths[i], 0, 0}, "part %d of %d is given twice",
                 p->index, n);
        failed = 1;
      }
    g->part_count++;
  }
  if (failed)
    return -1;
  for (int k = 1; k <= n; k++) {
    int found = 0;
    for (size_t i = 0; i < g->part_count; i++)
      found |= g->parts[i].index == k;
    if (!found) {
      lf_error(&g->diags, (lf_pos){g->opts->out_dir, 0, 0}, "no manifest for part %d of %d "
               "(expected %s/manifest.%d-of-%d.csv: run leaflet mail --shard %d/%d)", k, n,
               g->opts->out_dir, k, n, k, n);
      failed = 1;
    }
  }
  /* in part order */
  for (size_t i = 1; i < g->part_count; i++)
    for (size_t k = i; k > 0 && g->parts[k].index < g->parts[k - 1].index; k--) {
      part t = g->parts[k];
      g->parts[k] = g->parts[k - 1];
      g->parts[k - 1] = t;
    }
  for (size_t i = 0; i < g->part_count && !failed; i++) {
    part *p = &g->parts[i];
    lf_read_status how;
    int fd = lf_open_file(p->path, (size_t)-1, 0, &how);
    if (fd < 0 || !(p->in = lf_csv_open(fd, -1))) {
      lf_error(&g->diags, (lf_pos){p->path, 0, 0}, "cannot read the manifest: %s",
               strerror(fd < 0 ? how.error : ENOMEM));
      if (fd >= 0)
        close(fd);
      failed = 1;
    }
  }
  return failed ? -1 : 0;
}

/*
 * 'open_regular()' - A part's file for reading, as a stream: a regular
 * file only, opened without waiting (a named pipe in its place held the
 * merge, and the folder's lock, for ever).  NULL with errno set.
 */
static FILE *open_regular(const char *path) {
  lf_read_status how;
  int fd = lf_open_file(path, (size_t)-1, LF_READ_REGULAR, &how);
  if (fd < 0) {
    errno = how.fault == LF_READ_NOT_REGULAR ? EINVAL : how.error;
    return NULL;
  }
  FILE *in = fdopen(fd, "r");
  if (!in)
    close(fd);
  return in;
}

/*
 * 'check_digests()' - Each part made from the requests file as it is now
 * ('now', the SHA-256 of the bytes the merge reads): a row edited since
 * (another format, another leaflet, another address) would be merged as
 * made when it was not.  Returns 0, or -1 (reported).
 */
static int check_digests(merge *g, const char *now) {
  for (size_t i = 0; i < g->part_count; i++) {
    part *p = &g->parts[i];
    char path[4096], made[LF_SHA256_HEX_SIZE + 2] = "";
    const char *slash = strrchr(p->path, '/');
    snprintf(path, sizeof path, "%.*s" LF_PART_DIGEST_FORMAT,
             slash ? (int)(slash - p->path + 1) : 0, p->path, p->index, p->count);
    FILE *in = open_regular(path);
    int missing = !in && errno == ENOENT;
    int read = in && fgets(made, sizeof made, in) &&
               strspn(made, "0123456789abcdef") == LF_SHA256_HEX_SIZE - 1;
    if (missing)
      lf_error(&g->diags, (lf_pos){p->path, 0, 0}, "part %d of %d has no record of the "
               "requests file it was made from (%s; expected the file leaflet mail --shard "
               "writes: run the part again)", p->index, p->count, path);
    else if (!read)
      lf_error(&g->diags, (lf_pos){path, 1, 1}, "part %d of %d's record of the requests "
               "file it was made from cannot be read (expected its SHA-256 in hex: run the "
               "part again)", p->index, p->count);
    else if (strncmp(made, now, LF_SHA256_HEX_SIZE - 1) != 0)
      lf_error(&g->diags, (lf_pos){path, 0, 0}, "part %d of %d was made from another version "
               "of %s (expected the file the parts were made from: run the parts again with "
               "this one)", p->index, p->count, g->opts->requests);
    if (in)
      fclose(in);
    if (g->diags.errors)
      return -1;
  }
  return 0;
}

/*
 * 'append_batches()' - Each part's batches.K-of-N.csv, without its header,
 * after the header, into 'fp'.  Returns 0, or -1 (reported).
 */
static int append_batches(merge *g, FILE *fp) {
  fputs(LF_BATCHES_HEADER, fp);
  for (size_t i = 0; i < g->part_count; i++) {
    const part *p = &g->parts[i];
    char path[4096];
    snprintf(path, sizeof path, "%s/batches.%d-of-%d.csv", g->opts->out_dir, p->index,
             p->count);
    FILE *in = open_regular(path);
    if (!in) {
      lf_error(&g->diags, (lf_pos){path, 0, 0}, "cannot read the part's print files: %s",
               errno == EINVAL ? "not a regular file" : strerror(errno));
      return -1;
    }
    char line[1024];
    int first = 1, whole = 1;
    while (fgets(line, sizeof line, in)) {
      if (!first || !whole)
        fputs(line, fp);
      whole = strchr(line, '\n') != NULL;
      if (whole)
        first = 0;
    }
    fclose(in);
  }
  return ferror(fp) ? -1 : 0;
}

/*
 * 'write_out()' - A temporary file beside 'path' to write into.  Returns
 * 0, or -1 (reported).
 */
static int write_out(merge *g, const char *path, FILE **fp, char **temp) {
  if (!(*fp = lf_temp_fopen(path, 0600, temp))) {
    lf_error(&g->diags, (lf_pos){path, 0, 0}, "cannot write: %s", strerror(errno));
    return -1;
  }
  return 0;
}

/*
 * 'commit()' - A file from write_out() flushed and renamed into place
 * when 'keep', else removed.  Returns 0, or -1 (reported).
 */
static int commit(merge *g, FILE *fp, char *temp, const char *path, int keep) {
  if (!keep) {
    lf_temp_fdiscard(fp, temp);
    return 0;
  }
  if (lf_temp_fcommit(fp, temp, path) == 0)
    return 0;
  lf_error(&g->diags, (lf_pos){path, 0, 0}, "cannot write: %s", strerror(errno));
  return -1;
}

/*
 * 'lf_mail_merge()' - Lock the folder (so the merge waits for parts still
 * running), find and check the parts, walk the file and the parts side
 * by side, write the merged files only when every row is in one part.
 */
int lf_mail_merge(const lf_mail_merge_options *o) {
  merge g = {.opts = o};
  lf_diags_init(&g.diags);
  lf_out_lock lock = {.fd = -1, .part_fd = -1};
  lf_requests q;
  memset(&q, 0, sizeof q);
  char **found = NULL;
  size_t found_count = 0;
  char *manifest = NULL, *batches = NULL, *manifest_temp = NULL, *batches_temp = NULL;
  int status = LF_EXIT_FAILED;
  size_t n = strlen(o->out_dir) + 32;
  manifest = malloc(n);
  batches = malloc(n);
  if (!manifest || !batches) {
    lf_error(&g.diags, (lf_pos){0}, "out of memory");
    goto done;
  }
  snprintf(manifest, n, "%s/manifest.csv", o->out_dir);
  snprintf(batches, n, "%s/batches.csv", o->out_dir);
  struct stat st;
  int found_dir = stat(o->out_dir, &st);
  if (found_dir != 0 || !S_ISDIR(st.st_mode)) {
    /* the parts' folder, not one to make: a mistyped --out */
    const char *why = found_dir == 0 ? "not a folder"
                      : errno == ENOENT ? "no such folder" : strerror(errno);
    lf_error(&g.diags, (lf_pos){o->out_dir, 0, 0}, "%s (expected the folder the parts were "
             "written into, as --out of leaflet mail --shard K/N)", why);
    status = LF_EXIT_USAGE;
    goto done;
  }
  if (lf_lock_out(&lock, o->out_dir, 0, 0, o->no_wait, 0600, o->err, &g.diags) != 0)
    goto done;
  const char *const *paths = o->manifests;
  size_t count = o->manifest_count;
  if (!count) {
    found_count = find_manifests(o->out_dir, &found);
    if (found_count == (size_t)-1) {
      lf_error(&g.diags, (lf_pos){o->out_dir, 0, 0}, "cannot read the folder: %s",
               strerror(errno));
      found_count = 0;
      status = LF_EXIT_USAGE;
      goto done;
    }
    if (!found_count) {
      lf_error(&g.diags, (lf_pos){o->out_dir, 0, 0}, "no parts' manifests here (expected "
               "manifest.K-of-N.csv files, as leaflet mail --shard K/N writes)");
      status = LF_EXIT_USAGE;
      goto done;
    }
    paths = (const char *const *)found;
    count = found_count;
  }
  if (open_parts(&g, paths, count) != 0)
    goto done;
  if (lf_requests_open(&q, o->requests, o->out_dir, 0, 0, &g.diags) != 0) {
    status = LF_EXIT_USAGE;
    goto done;
  }
  if (check_digests(&g, q.digest) != 0)
    goto done;
  lf_requests_forget(&q);
  if (write_out(&g, manifest, &g.out, &manifest_temp) != 0)
    goto done;
  fputs(LF_MANIFEST_HEADER, g.out);
  int walked = walk(&g, &q);
  int whole = walked == 0 && !g.missing && !g.twice && !g.foreign;
  FILE *bf = NULL;
  if (whole && (write_out(&g, batches, &bf, &batches_temp) != 0 ||
                append_batches(&g, bf) != 0))
    whole = 0;
  if (bf && commit(&g, bf, batches_temp, batches, whole) != 0)
    whole = 0;
  batches_temp = NULL;
  if (commit(&g, g.out, manifest_temp, manifest, whole) != 0)
    whole = 0;
  manifest_temp = NULL;
  g.out = NULL;
  lf_diags_print(&g.diags, o->err);
  lf_diags_free(&g.diags);
  lf_diags_init(&g.diags);
  if (g.missing > SHOWN_MAX || g.twice > SHOWN_MAX || g.foreign > SHOWN_MAX)
    fprintf(o->err, "leaflet: %zu rows in no part, %zu in more than one, %zu rows of the "
            "parts not of the file (the first %d of each shown)\n", g.missing, g.twice,
            g.foreign, SHOWN_MAX);
  if (!whole) {
    fprintf(o->err, "leaflet: the parts are not whole: nothing written (%zu row%s in no part, "
            "%zu in more than one, %zu not of %s)\n", g.missing, g.missing == 1 ? "" : "s",
            g.twice, g.foreign, o->requests);
    goto done;
  }
  fprintf(o->err, "%zu row%s in %zu part%s: %zu made, %zu skipped, %zu failed; manifest %s; "
          "print files listed in %s\n", q.rows, q.rows == 1 ? "" : "s", g.part_count,
          g.part_count == 1 ? "" : "s", g.ok, g.skipped, g.failed, manifest, batches);
  status = g.skipped || g.failed ? LF_EXIT_FAILED : LF_EXIT_OK;
done:
  lf_diags_print(&g.diags, o->err);
  lf_diags_free(&g.diags);
  if (g.out)
    lf_temp_fdiscard(g.out, manifest_temp);
  for (size_t i = 0; i < g.part_count; i++) {
    lf_csv_close(g.parts[i].in);
    lf_arena_free(g.parts[i].arena);
  }
  free(g.parts);
  for (size_t i = 0; i < found_count; i++)
    free(found[i]);
  free(found);
  lf_requests_close(&q);
  lf_unlock_out(&lock);
  free(manifest);
  free(batches);
  return status;
}
