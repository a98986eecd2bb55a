/*
 * requests.c -- the requests file of a mailing (jobs_internal.h): its
 * header, its rows read a window at a time in memory that does not grow
 * with the file, the share of a part of a sharded run, and the refs used
 * on more than one row.
 *
 * The file is read twice.  The first pass counts the rows (so that every
 * part of a sharded run computes the same split from the file alone) and
 * finds every ref used on an earlier row (so that each part skips the
 * same rows, whichever part the first use fell in): each usable ref's
 * SHA-256, cut to 128 bits, with its row, sorted (24 bytes a row, freed
 * before the second pass).  The second pass reads the part's rows for the
 * run.  A file that cannot be read twice (a pipe) is copied during the
 * first pass into an unlinked temporary file in the output folder, read
 * back in the second.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "jobs_internal.h"
#include "leaflet/jobs.h"
#include "leaflet/sha256.h"

const char *const lf_request_columns[LF_COL_COUNT] = {
    "ref", "name", "address_1", "address_2", "address_3", "town", "postcode",
    "leaflet", "tumour", "format"};

/* A usable ref seen in the first pass. */
struct lf_ref_seen {
  unsigned char digest[16];
  size_t row, line;
};

/*
 * 'lf_trimmed()' - A cell without the spaces around it (in the arena).
 */
const char *lf_trimmed(lf_arena *arena, const char *s) {
  while (*s == ' ')
    s++;
  size_t n = strlen(s);
  while (n && s[n - 1] == ' ')
    n--;
  return lf_arena_strndup(arena, s, n);
}

/*
 * 'ref_chars()' - 1 to 64 letters, digits, '-', '_' or '.', not starting
 * with '.' or '-' (safe as a file name, and as a CSV cell: no formula).
 */
static int ref_chars(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > LF_REF_MAX || s[0] == '.' || s[0] == '-')
    return 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '-' || c == '_' || c == '.'))
      return 0;
  }
  return 1;
}

/*
 * 'lf_ref_names_sheet()' - Whether 'ref' ends in ".address" (in any
 * capitals): a braille request's address sheet is <ref>.address.pdf, so
 * such a ref's own PDF would be another request's sheet.
 */
int lf_ref_names_sheet(const char *ref) {
  size_t n = strlen(ref), k = sizeof ".address" - 1;
  return n >= k && strncasecmp(ref + n - k, ".address", k) == 0;
}

/*
 * 'lf_valid_ref()' - 1 to 64 letters, digits, '-', '_' or '.', not
 * starting with '.' or '-', and not ending in ".address": safe as a file
 * name on every system, and never the name of another request's file.
 */
int lf_valid_ref(const char *s) {
  return ref_chars(s) && !lf_ref_names_sheet(s);
}

/*
 * 'read_header()' - Map the header's columns; every one named must be
 * there, once, and nothing else.  Returns 0 or -1 (reported).
 */
static int read_header(lf_requests *q, lf_arena *arena, const lf_csv_record *rec,
                       lf_diags *diags) {
  lf_pos pos = {q->path, (int)rec->line, 0};
  if (rec->error) {
    lf_error(diags, pos, "malformed header: %s", rec->error);
    return -1;
  }
  int failed = 0;
  for (int col = 0; col < LF_COL_COUNT; col++)
    q->columns[col] = -1;
  for (size_t i = 0; i < rec->count; i++) {
    /* an error about a column is said at its cell */
    lf_pos cell = pos;
    if (rec->field_lines && rec->field_columns) {
      cell.line = (int)rec->field_lines[i];
      cell.column = (int)rec->field_columns[i];
    }
    const char *name = lf_trimmed(arena, rec->fields[i]);
    int col = -1;
    for (int k = 0; k < LF_COL_COUNT && name; k++)
      if (strcmp(name, lf_request_columns[k]) == 0)
        col = k;
    if (col < 0) {
      const char *near = name ? lf_nearest_name(name, lf_request_columns, LF_COL_COUNT) : NULL;
      /* its text is not said: a file without a header has a patient's
       * name where the header should be */
      lf_error(diags, cell, "unknown column %zu in the header (%s%s%sexpected ref, name, "
               "address_1, address_2, address_3, town, postcode, leaflet, tumour, format)",
               i + 1, near ? "did you mean '" : "", near ? near : "", near ? "'? " : "");
      failed = 1;
    } else if (q->columns[col] >= 0) {
      lf_error(diags, cell, "column '%s' is in the header twice", lf_request_columns[col]);
      failed = 1;
    } else {
      q->columns[col] = (int)i;
    }
  }
  for (int col = 0; col < LF_COL_COUNT; col++)
    if (q->columns[col] < 0 && col != LF_COL_ADDRESS_2 && col != LF_COL_ADDRESS_3 &&
        col != LF_COL_TOWN && col != LF_COL_TUMOUR) {
      lf_error(diags, pos, "no column '%s' in the header (expected ref, name, address_1, "
               "address_2, address_3, town, postcode, leaflet, tumour, format)",
               lf_request_columns[col]);
      failed = 1;
    }
  q->header_fields = rec->count;
  return failed ? -1 : 0;
}

/*
 * 'lf_request_ref()' - The usable ref of a record, trimmed (in 'arena'), or
 * NULL: a well-formed record with the header's fields and a valid ref.
 */
const char *lf_request_ref(const lf_requests *q, lf_arena *arena, const lf_csv_record *rec) {
  if (rec->error || rec->count != q->header_fields)
    return NULL;
  const char *ref = lf_trimmed(arena, rec->fields[q->columns[LF_COL_REF]]);
  return ref && lf_valid_ref(ref) ? ref : NULL;
}

/*
 * 'lf_request_shown_ref()' - The ref a record's manifest row shows, in
 * 'arena', or NULL: the ref cell, trimmed, when it is made of a ref's
 * characters (a repeat, a ref ending in ".address"): never a name with a
 * space ("Jane Smith") or a spreadsheet formula ("=HYPERLINK(...)"), and
 * nothing of a malformed record or one with another count of fields than
 * the header's (its cells may have shifted).
 */
const char *lf_request_shown_ref(const lf_requests *q, lf_arena *arena,
                                 const lf_csv_record *rec) {
  int field = q->columns[LF_COL_REF];
  /* nothing of a malformed row: its cells may have shifted (a name with a
   * comma in it put "Smith" in the ref's column) */
  if (field < 0 || rec->error || rec->count != q->header_fields)
    return NULL;
  const char *ref = lf_trimmed(arena, rec->fields[field]);
  return ref && ref_chars(ref) ? ref : NULL;
}

/*
 * 'by_digest()' - Refs in digest order, then row order (qsort).
 */
static int by_digest(const void *a, const void *b) {
  const struct lf_ref_seen *x = a, *y = b;
  int c = memcmp(x->digest, y->digest, sizeof x->digest);
  return c ? c : x->row < y->row ? -1 : x->row > y->row;
}

/*
 * 'digest_of()' - The first 128 bits of the SHA-256 of a ref in small
 * letters: refs differing only in capitals are one ("AB1" and "ab1" name
 * one file on a disk that ignores case, as a print room's share may).
 */
static void digest_of(const char *ref, unsigned char out[16]) {
  unsigned char full[LF_SHA256_SIZE];
  char lower[LF_REF_MAX + 1];
  size_t n = strlen(ref);
  if (n > LF_REF_MAX)
    n = LF_REF_MAX; /* (a usable ref is never longer) */
  for (size_t i = 0; i < n; i++)
    lower[i] = ref[i] >= 'A' && ref[i] <= 'Z' ? (char)(ref[i] - 'A' + 'a') : ref[i];
  lf_sha256 h;
  lf_sha256_init(&h);
  lf_sha256_update(&h, lower, n);
  lf_sha256_final(&h, full);
  memcpy(out, full, 16);
}

/*
 * 'first_pass()' - Count the rows, note every usable ref; sorted, each
 * ref after its first use is a repeat of that row.  Returns 0, or -1
 * (reported).
 */
static int first_pass(lf_requests *q, lf_csv_reader *in, lf_diags *diags) {
  size_t cap = 0;
  lf_arena *scratch = NULL;
  int rc = -1;
  for (;;) {
    if (!scratch || lf_arena_used(scratch) > (1u << 20)) {
      lf_arena_free(scratch);
      if (!(scratch = lf_arena_new(0)))
        goto oom;
    }
    lf_csv_record rec;
    int got = lf_csv_next(in, scratch, &rec);
    if (got < 0) {
      lf_error(diags, (lf_pos){q->path, 0, 0}, "cannot read the requests: %s",
               strerror(lf_csv_error(in)));
      goto done;
    }
    if (got == 0)
      break;
    if (!q->header_read) {
      q->header_read = 1;
      if (read_header(q, scratch, &rec, diags) != 0) {
        q->bad_header = 1;
        goto done;
      }
      continue;
    }
    const char *ref = lf_request_ref(q, scratch, &rec);
    if (ref) {
      if (q->seen_count == cap) {
        size_t ncap = cap ? cap * 2 : 1024;
        struct lf_ref_seen *grown = realloc(q->seen, ncap * sizeof *grown);
        if (!grown)
          goto oom;
        q->seen = grown;
        cap = ncap;
      }
      struct lf_ref_seen *s = &q->seen[q->seen_count++];
      digest_of(ref, s->digest);
      s->row = q->rows;
      s->line = rec.line;
    }
    q->rows++;
  }
  if (!q->header_read) {
    lf_error(diags, (lf_pos){q->path, 0, 0}, "no header (expected a first line naming "
             "the columns ref, name, address_1, ... format)");
    q->bad_header = 1;
    goto done;
  }
  if (q->seen_count)
    qsort(q->seen, q->seen_count, sizeof *q->seen, by_digest);
  size_t repeat_cap = 0;
  for (size_t i = 0, j; i < q->seen_count; i = j) {
    /* seen[i] is the group's first row: every later one repeats it */
    for (j = i + 1; j < q->seen_count && !memcmp(q->seen[j].digest, q->seen[i].digest, 16);
         j++) {
      if (q->repeat_count == repeat_cap) {
        size_t ncap = repeat_cap ? repeat_cap * 2 : 16;
        lf_ref_repeat *grown = realloc(q->repeats, ncap * sizeof *grown);
        if (!grown)
          goto oom;
        q->repeats = grown;
        repeat_cap = ncap;
      }
      q->repeats[q->repeat_count++] = (lf_ref_repeat){q->seen[j].row, q->seen[i].line};
    }
  }
  rc = 0;
  goto done;
oom:
  lf_error(diags, (lf_pos){q->path, 0, 0}, "out of memory reading the requests");
done:
  lf_arena_free(scratch);
  return rc;
}

/*
 * 'by_row()' - Repeats in row order (qsort, bsearch).
 */
static int by_row(const void *a, const void *b) {
  size_t x = ((const lf_ref_repeat *)a)->row, y = ((const lf_ref_repeat *)b)->row;
  return x < y ? -1 : x > y;
}

/*
 * 'digest_fd()' - The SHA-256 of every byte of 'fd' (the file the second
 * pass reads: the requests file, or a pipe's copy), read with pread() so
 * that its offset stays where it is.  Returns 0, or -1 (errno set).
 */
static int digest_fd(int fd, char out[LF_SHA256_HEX_SIZE]) {
  lf_sha256 h;
  lf_sha256_init(&h);
  char buf[1 << 16];
  off_t at = 0;
  for (;;) {
    ssize_t n = pread(fd, buf, sizeof buf, at);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return -1;
    if (n == 0)
      break;
    lf_sha256_update(&h, buf, (size_t)n);
    at += n;
  }
  unsigned char digest[LF_SHA256_SIZE];
  lf_sha256_final(&h, digest);
  lf_sha256_hex(digest, out);
  return 0;
}

/*
 * 'lf_requests_open()' - Open the file, read it once (header, rows,
 * refs), work out the part's rows, and start the second pass.
 */
int lf_requests_open(lf_requests *q, const char *path, const char *spill_dir,
                     int shard_index, int shard_count, lf_diags *diags) {
  memset(q, 0, sizeof *q);
  q->path = path;
  lf_read_status how;
  int fd = lf_open_file(path, (size_t)-1, 0, &how);
  if (fd < 0) {
    lf_error(diags, (lf_pos){path, 0, 0}, "cannot read the requests: %s",
             how.fault == LF_READ_NOT_REGULAR ? "not a file" : strerror(how.error));
    return -1;
  }
  int copy = -1, again = -1;
  if (how.file_size < 0) {
    /* a pipe: kept for the second pass in an unlinked file of the run's */
    size_t n = strlen(spill_dir) + sizeof "/requests.csv";
    char *temp, *base = malloc(n);
    if (base)
      snprintf(base, n, "%s/requests.csv", spill_dir);
    copy = base ? lf_temp_open(base, 0600, &temp) : -1;
    free(base);
    if (copy < 0) {
      lf_error(diags, (lf_pos){spill_dir, 0, 0}, "cannot keep a copy of the requests: %s",
               strerror(errno));
      close(fd);
      return -1;
    }
    unlink(temp);
    free(temp);
    again = dup(copy);
  } else {
    again = dup(fd);
  }
  lf_csv_reader *in = again >= 0 ? lf_csv_open(fd, copy) : NULL;
  if (!in) {
    lf_error(diags, (lf_pos){path, 0, 0}, "cannot read the requests: %s", strerror(errno));
    close(fd);
    if (copy >= 0)
      close(copy);
    if (again >= 0)
      close(again);
    return -1;
  }
  int rc = first_pass(q, in, diags);
  lf_csv_close(in);
  if (copy >= 0)
    close(copy);
  if (rc == 0 && (lseek(again, 0, SEEK_SET) != 0 || digest_fd(again, q->digest) != 0)) {
    lf_error(diags, (lf_pos){path, 0, 0}, "cannot read the requests again: %s",
             strerror(errno));
    rc = -1;
  }
  if (rc == 0 && !(q->reader = lf_csv_open(again, -1))) {
    lf_error(diags, (lf_pos){path, 0, 0}, "out of memory");
    rc = -1;
  } else if (rc != 0) {
    close(again);
  }
  if (rc != 0) {
    lf_requests_close(q);
    return -1;
  }
  if (q->repeat_count)
    qsort(q->repeats, q->repeat_count, sizeof *q->repeats, by_row);
  q->first = 0;
  q->end = q->rows;
  if (shard_count > 0) {
    q->first = q->rows * (size_t)(shard_index - 1) / (size_t)shard_count;
    q->end = q->rows * (size_t)shard_index / (size_t)shard_count;
  }
  q->next_row = (size_t)-1; /* the header comes first */
  return 0;
}

/*
 * 'lf_requests_seen()' - Whether 'ref' is the usable ref of a row of the
 * part (before lf_requests_forget()).
 */
int lf_requests_seen(const lf_requests *q, const char *ref) {
  struct lf_ref_seen key;
  digest_of(ref, key.digest);
  key.row = 0;
  size_t lo = 0, hi = q->seen_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (by_digest(&q->seen[mid], &key) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (; lo < q->seen_count && !memcmp(q->seen[lo].digest, key.digest, 16); lo++)
    if (q->seen[lo].row >= q->first && q->seen[lo].row < q->end)
      return 1;
  return 0;
}

/* 'lf_requests_forget()' - Free the refs of the first pass. */
void lf_requests_forget(lf_requests *q) {
  free(q->seen);
  q->seen = NULL;
  q->seen_count = 0;
}

/*
 * 'lf_requests_next()' - The part's next row, skipping the header and the
 * rows of other parts.
 */
int lf_requests_next(lf_requests *q, lf_arena *arena, lf_csv_record *rec, size_t *row) {
  lf_arena *skipped = NULL;
  int got;
  for (;;) {
    if (q->next_row != (size_t)-1 && q->next_row >= q->end) {
      got = 0;
      break;
    }
    int own = q->next_row != (size_t)-1 && q->next_row >= q->first;
    if (!own && !skipped && !(skipped = lf_arena_new(0))) {
      errno = ENOMEM;
      got = -1;
      break;
    }
    got = lf_csv_next(q->reader, own ? arena : skipped, rec);
    if (got <= 0)
      break;
    size_t at = q->next_row++;
    if (own) {
      *row = at;
      break;
    }
    if (lf_arena_used(skipped) > (1u << 20)) {
      lf_arena_free(skipped);
      skipped = NULL;
    }
  }
  lf_arena_free(skipped);
  return got;
}

/*
 * 'lf_requests_repeat()' - The line of the row that first used row
 * 'row''s ref, or 0.
 */
size_t lf_requests_repeat(const lf_requests *q, size_t row) {
  lf_ref_repeat key = {row, 0};
  const lf_ref_repeat *hit =
      q->repeat_count ? bsearch(&key, q->repeats, q->repeat_count, sizeof key, by_row) : NULL;
  return hit ? hit->line : 0;
}

/* 'lf_requests_close()' - Close the file, free what was kept. */
void lf_requests_close(lf_requests *q) {
  lf_csv_close(q->reader);
  free(q->seen);
  free(q->repeats);
  memset(q, 0, sizeof *q);
}
