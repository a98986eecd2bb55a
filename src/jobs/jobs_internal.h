/*
 * jobs_internal.h -- what the batch build and the mailing run share:
 * atomic file writes, the worker pool, progress reporting.  Private to
 * src/jobs.
 */
#ifndef LEAFLET_JOBS_INTERNAL_H
#define LEAFLET_JOBS_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "leaflet/diag.h"
#include "leaflet/files.h"

/* ---- files (files.c) ---------------------------------------------------- */

/*
 * 'lf_remove_stale_temps()' - Remove temporary files that a killed run
 * left in 'dir' beside the files it will write ("<name>.XXXXXX" for each
 * of the 'count' names).  Returns how many were removed.
 */
size_t lf_remove_stale_temps(const char *dir, const char *const *names, size_t count);

/*
 * 'lf_read_file()' - A whole file into a malloc'd, NUL-terminated buffer
 * of at most 'limit' bytes.  Returns NULL with errno set (EFBIG when
 * larger than 'limit').
 */
char *lf_read_file(const char *path, size_t limit, size_t *size);

/* 'lf_paper_name()' - "A4", "A5", "A4 landscape" ... or "WxH mm" for a page
 * size in points, into 'buf'. */
const char *lf_paper_name(double width, double height, char *buf, size_t size);

/* 'lf_seconds()' - A monotonic clock in seconds. */
double lf_seconds(void);

/* 'lf_worker_count()' - The workers to start: 'asked' (0 = one per core),
 * at most 'tasks' and 64, at least 1. */
size_t lf_worker_count(int asked, size_t tasks);

/* ---- the worker pool (pool.c) ------------------------------------------- */

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

/* ---- progress (progress.c) ---------------------------------------------- */

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

/* 'lf_digest_fonts()' - Add the bytes of a font set's four fonts. */
void lf_digest_fonts(lf_sha256 *h, const lf_fontset *fonts);

/* ---- fonts, loaded once per distinct set of files (fontcache.c) --------- */

#define LF_FONT_CACHE_MAX 16

typedef struct lf_font_cache {
  lf_fontset sets[LF_FONT_CACHE_MAX];
  const lf_format *owners[LF_FONT_CACHE_MAX];
  size_t count;
} lf_font_cache;

/* 'lf_font_cache_get()' - The font set of a print format, loaded on first use;
 * NULL after reporting an error (unreadable fonts, too many sets). */
const lf_fontset *lf_font_cache_get(lf_font_cache *cache, const lf_format *format,
                                    lf_diags *diags);

/* 'lf_font_cache_free()' - Free every set loaded. */
void lf_font_cache_free(lf_font_cache *cache);

/* ---- covering-letter templates (letters.c) ------------------------------ */

#include "leaflet/document.h"
#include "leaflet/layout.h"

/* The fields a letter template may name in braces. */
typedef enum lf_letter_field {
  LF_FIELD_NAME, LF_FIELD_REF, LF_FIELD_DATE, LF_FIELD_LEAFLET, LF_FIELD_TUMOUR,
  LF_FIELD_FORMAT, LF_FIELD_SIZE, LF_FIELD_COUNT
} lf_letter_field;

/* content/letters/<id>.yaml, parsed and checked. */
typedef struct lf_letter_template {
  const char *id, *file;
  const char *language;
  const char *bookmark;
  lf_window window;            /* pt */
  double min_address_size;     /* pt */
  lf_inline *sender;           /* {field}s are term runs until filled */
  size_t sender_count;
  lf_inline *body;
  size_t body_count;
  lf_inline footer;            /* count 0: none */
  lf_pos pos;
} lf_letter_template;

typedef struct lf_letter_templates {
  lf_letter_template *items;
  size_t count;
} lf_letter_templates;

/*
 * 'lf_letters_load()' - Every YAML file in content_dir/letters.  Reports each
 * problem (unknown keys, a window off the page, a field that does not
 * exist) at its place; returns 0, or -1 when any template is in error.
 */
int lf_letters_load(lf_arena *arena, const char *content_dir, lf_letter_templates *out,
                    lf_diags *diags);

/* 'lf_letters_for()' - The template for a leaflet: letters/<leaflet>.yaml,
 * else letters/default.yaml, else NULL. */
const lf_letter_template *lf_letters_for(const lf_letter_templates *t, const char *leaflet);

/*
 * 'lf_letter_fill()' - The paragraphs of 'tmpl' with each {field} replaced
 * by 'values[field]' (plain text: never read as markup), as an lf_letter
 * whose address, title and metadata the caller completes.  Empty
 * paragraphs are left out.  Returns 0, or -1 when out of memory.
 */
int lf_letter_fill(lf_arena *arena, const lf_letter_template *tmpl,
                   const char *const values[LF_FIELD_COUNT], lf_letter *out);

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
 * 'lf_write_document_pdf()' - Lay out 'doc' in the print format named
 * 'format' of 'content' (its fonts loaded for this one document) and
 * write it to 'path' atomically, making the folder it goes in.  '*pages'
 * gets its page count.  Returns 0, or -1 after reporting.
 */
int lf_write_document_pdf(const lf_content *content, const char *format, const lf_document *doc,
                          const char *path, size_t *pages, lf_diags *diags);

#endif
