/*
 * jobs_internal.h -- what the batch build and the mailing run share:
 * the worker pool, results in order, progress reporting, input digests,
 * fonts once per set.  Private to src/jobs.
 */
#ifndef LEAFLET_JOBS_INTERNAL_H
#define LEAFLET_JOBS_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "leaflet/diag.h"
#include "leaflet/files.h"

/* ---- the worker pool (pool.c) ------------------------------------------- */

/* 'lf_worker_count()' - The workers to start: 'asked' (0 = one per core),
 * at most 'tasks' and 64, at least 1. */
size_t lf_worker_count(int asked, size_t tasks);

/* A task: run item 'index' of the work (called on a worker thread). */
typedef void (*lf_task_fn)(void *ctx, size_t index);

/* Called on the calling thread for each finished task, in the order they
 * finish, and with index (size_t)-1 at least every 'tick' seconds. */
typedef void (*lf_done_fn)(void *ctx, size_t index);

/*
 * 'lf_pool_run()' - Run 'count' tasks on 'workers' threads, taking them in
 * index order; the calling thread only reports (done()).  Returns 0, or -1
 * when no thread could be started (the tasks then ran on the calling
 * thread).
 */
int lf_pool_run(size_t count, size_t workers, lf_task_fn run, lf_done_fn done, double tick,
                void *ctx);

/* ---- results reported in order (ordered.c) ------------------------------- */

/*
 * Items that finish in any order (on the workers) reported in index order
 * (on the calling thread), so that a run says the same whatever the number
 * of workers: item i is reported once it and every item before it have
 * finished.  Touched by the calling thread only.
 */
typedef struct lf_ordered {
  unsigned char *finished;   /* per item */
  size_t count;
  size_t reported;           /* items reported so far */
} lf_ordered;

/* 'lf_ordered_init()' - 'count' items, none finished; 0, or -1 when out of
 * memory. */
int lf_ordered_init(lf_ordered *o, size_t count);

/* 'lf_ordered_finish()' - Item 'i' is finished (or needs no work). */
void lf_ordered_finish(lf_ordered *o, size_t i);

/* 'lf_ordered_next()' - The next item to report, or (size_t)-1 while it
 * has not finished (and once every item has been reported). */
size_t lf_ordered_next(lf_ordered *o);

/* 'lf_ordered_free()' - Free what lf_ordered_init() allocated. */
void lf_ordered_free(lf_ordered *o);

/* ---- one run at a time in an output folder (lock.c) --------------------- */

typedef struct lf_out_lock {
  int fd, part_fd;           /* OUT/.leaflet.lock, OUT/.leaflet.K-of-N.lock */
  char *path, *part_path;
} lf_out_lock;

/*
 * 'lf_lock_out()' - Lock the output folder 'dir' (which exists) for a
 * run: exclusively, or for part 'shard_index' of 'shard_count' (not 0)
 * shared with the other parts and exclusively for this part.  When another
 * run holds it, say so on 'err' ("waiting for another leaflet run in DIR
 * (pid N) ...") and wait, or with 'no_wait' report an error.  Lock files
 * are made with 'mode'.  Returns 0, or -1 (reported in 'diags').
 */
int lf_lock_out(lf_out_lock *lock, const char *dir, int shard_index, int shard_count,
                int no_wait, unsigned mode, FILE *err, lf_diags *diags);

/* 'lf_unlock_out()' - Let go of the folder, removing its lock files when
 * no other run holds them. */
void lf_unlock_out(lf_out_lock *lock);

/* ---- the requests file of a mailing (requests.c) ------------------------ */

#include "leaflet/arena.h"
#include "leaflet/jobs.h"

/* The columns of a requests file (any order; some may be left out). */
enum {
  LF_COL_REF, LF_COL_NAME, LF_COL_ADDRESS_1, LF_COL_ADDRESS_2, LF_COL_ADDRESS_3, LF_COL_TOWN,
  LF_COL_POSTCODE, LF_COL_LEAFLET, LF_COL_TUMOUR, LF_COL_FORMAT, LF_COL_COUNT
};
extern const char *const lf_request_columns[LF_COL_COUNT];

#define LF_REF_MAX 64    /* characters in a ref */

/* A row whose ref an earlier row used: its index, and the earlier line. */
typedef struct lf_ref_repeat {
  size_t row, line;
} lf_ref_repeat;

typedef struct lf_requests {
  const char *path;
  int columns[LF_COL_COUNT];   /* each column's field, or -1 */
  size_t header_fields;
  int header_read, bad_header;
  size_t rows;                 /* rows in the file (records after the header) */
  size_t first, end;           /* the part's rows: [first, end) */
  lf_ref_repeat *repeats;      /* by row */
  size_t repeat_count;
  struct lf_ref_seen *seen;    /* the first pass's refs, until forgotten */
  size_t seen_count;
  lf_csv_reader *reader;       /* the second pass */
  size_t next_row;
  char digest[65];             /* SHA-256 of the bytes read, in hex (what a
                                  part records for mail merge) */
} lf_requests;

/*
 * 'lf_requests_open()' - Read the requests file 'path' once: its header
 * (every column named must be known, once; the required ones there), how
 * many rows it has, and which rows repeat an earlier row's ref; the part
 * 'shard_index' of 'shard_count' (0: the whole file) is rows
 * [rows x (K-1) / N, rows x K / N).  A pipe is copied to an unlinked file
 * in 'spill_dir' to be read again.  Returns 0, or -1 (reported; 'bad_header'
 * set when the file was read but its header is wrong or missing).
 */
int lf_requests_open(lf_requests *q, const char *path, const char *spill_dir,
                     int shard_index, int shard_count, lf_diags *diags);

/* 'lf_requests_seen()' - Whether 'ref' is the usable ref of one of the
 * part's rows (until lf_requests_forget()). */
int lf_requests_seen(const lf_requests *q, const char *ref);

/* 'lf_requests_forget()' - Free what lf_requests_seen() needs. */
void lf_requests_forget(lf_requests *q);

/* 'lf_requests_next()' - The part's next row into 'rec' (strings in
 * 'arena') and its index into '*row': 1, or 0 after the last, or -1 when
 * reading failed (errno). */
int lf_requests_next(lf_requests *q, lf_arena *arena, lf_csv_record *rec, size_t *row);

/* 'lf_requests_repeat()' - The line of the earlier row that used row
 * 'row''s ref first, or 0 when it is the first (or has no usable ref). */
size_t lf_requests_repeat(const lf_requests *q, size_t row);

/* 'lf_requests_close()' - Close the file and free what was kept. */
void lf_requests_close(lf_requests *q);

/* 'lf_request_ref()' - A record's usable ref, trimmed, in 'arena': NULL
 * when the record is malformed, has another number of fields than the
 * header, or its ref is not 1 to 64 letters, digits, '-', '_' or '.'
 * (not first). */
const char *lf_request_ref(const lf_requests *q, lf_arena *arena, const lf_csv_record *rec);

/* 'lf_trimmed()' - A cell without its leading and trailing spaces. */
const char *lf_trimmed(lf_arena *arena, const char *s);

/* 'lf_request_shown_ref()' - The ref a record's manifest row shows, or NULL
 * (requests.c). */
const char *lf_request_shown_ref(const lf_requests *q, lf_arena *arena,
                                 const lf_csv_record *rec);

/* 'lf_valid_ref()' - Whether a ref can name a file. */
int lf_valid_ref(const char *s);

/* The file a part of a sharded mailing writes beside its manifest: the
 * SHA-256 of the requests file it was made from, which `mail merge`
 * checks ("requests.K-of-N.sha256"). */
#define LF_PART_DIGEST_FORMAT "requests.%d-of-%d.sha256"

/* 'lf_ref_names_sheet()' - Whether a ref ends in ".address", the ending of
 * a braille request's address sheet (requests.c). */
int lf_ref_names_sheet(const char *ref);

/* The first lines of a mailing's manifest.csv (a row per request) and
 * batches.csv (a row per print file). */
#define LF_MANIFEST_HEADER                                                                \
  "line,ref,leaflet,tumour,format,pages,sheets,file,print_file,print_first_page,status,"  \
  "error\r\n"
#define LF_BATCHES_HEADER                                                                 \
  "print_file,format,part,batch,requests,pages,sheets,first_line,last_line,first_ref,"   \
  "last_ref,bytes,sha256,status\r\n"

/* ---- progress (progress.c) ---------------------------------------------- */

/* 'lf_seconds()' - A monotonic clock in seconds (the bar's, and what a run
 * reports it took). */
double lf_seconds(void);

typedef struct lf_progress {
  FILE *bar;             /* the terminal drawn on, or NULL: no bar */
  size_t total, done;
  const char *noun;      /* "documents", "requests" */
  double start, drawn;   /* when it began, when last drawn */
  int shown;             /* a bar is on the screen */
} lf_progress;

/* 'lf_progress_start()' - A bar on 'terminal' when it is one (and TERM is
 * not "dumb"); else nothing is drawn. */
void lf_progress_start(lf_progress *p, FILE *terminal, size_t total, const char *noun);

/* 'lf_progress_update()' - 'done' of the total are finished; redraw at most
 * ten times a second (and always at the end). */
void lf_progress_update(lf_progress *p, size_t done);

/* 'lf_progress_clear()' - Take the bar off the screen (before other
 * output, and at the end). */
void lf_progress_clear(lf_progress *p);

/* ---- what a document is made from (inputs.c) ---------------------------- */

#include "leaflet/fonts.h"
#include "leaflet/document.h"
#include "leaflet/model.h"
#include "leaflet/sha256.h"

/*
 * 'lf_digest_content()' - SHA-256 over every content file under 'root'
 * (*.yaml, recursively, by sorted path; not letters/, which no leaflet
 * reads): each file's path, length and bytes.  Returns 0, or -1 with errno
 * set when a file cannot be read.
 */
int lf_digest_content(const char *root, char out[LF_SHA256_HEX_SIZE]);

/*
 * 'lf_digest_tool()' - SHA-256 of this program: its version and, where the
 * system says which file is running (/proc/self/exe), that file's bytes,
 * so a rebuilt leaflet rebuilds its PDFs even before the version changes.
 */
void lf_digest_tool(char out[LF_SHA256_HEX_SIZE]);

/* 'lf_digest_format()' - Add a print format's measures to a digest. */
void lf_digest_format(lf_sha256 *h, const lf_format *format);

/* 'lf_digest_fonts()' - Add a font set's four fonts, by path and file
 * identity (size, modification time, inode), not by their bytes. */
void lf_digest_fonts(lf_sha256 *h, const lf_fontset *fonts);

/* ---- a content folder at a git revision (gittree.c) --------------------- */

/*
 * 'lf_git_content()' - The YAML files under 'path' at revision 'rev' of the
 * git repository 'repo', read with `git show REV:FILE` (nothing in the
 * repository is touched) into a new private folder: '*folder' (malloc'd;
 * remove it with lf_remove_tree()) holds 'path', so the content is at
 * "<folder>/<path>".  Returns 0, or -1 after reporting at 'label'.
 */
int lf_git_content(const char *repo, const char *rev, const char *path, const char *label,
                   char **folder, lf_diags *diags);

/* 'lf_remove_tree()' - Remove a folder and all it holds (links not followed). */
void lf_remove_tree(const char *folder);

/* ---- one document as a PDF file (onepdf.c) ------------------------------ */

/*
 * 'lf_pdf_format()' - The print format named 'format' of 'content', or
 * NULL after reporting (none such, with the nearest name; or braille):
 * for a command to check its --format before any work.
 */
const lf_format *lf_pdf_format(const lf_content *content, const char *format,
                               lf_diags *diags);

/*
 * 'lf_write_document_pdf()' - Lay out 'doc' in the print format named
 * 'format' of 'content' (its fonts loaded for this one document) and
 * write it to 'path' atomically, making the folder it goes in.  '*pages'
 * gets its page count.  Returns 0, or -1 after reporting.
 */
int lf_write_document_pdf(const lf_content *content, const char *format, const lf_document *doc,
                          const char *path, size_t *pages, lf_diags *diags);

#endif
