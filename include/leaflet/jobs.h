/*
 * jobs.h -- what to render, and rendering it on every core.
 *
 * A build is a list of documents (leaflet x edition x print format); each is
 * resolved, laid out and written by a worker with its own arena, sharing
 * the content model and the fonts read-only.  The pipeline never calls
 * back into this module.
 *
 * A batch build keeps OUT/manifest.json: what each PDF is, its pages,
 * bytes and SHA-256, and the digest of the inputs it was made from, so a
 * rebuild skips what has not changed.  A mailing run (lf_mail) typesets a
 * covering letter per request from a CSV file and puts it before the
 * leaflet the person asked for, in the format they need.
 */
#ifndef LEAFLET_JOBS_H
#define LEAFLET_JOBS_H

#include <stdio.h>

#include "leaflet/arena.h"
#include "leaflet/diag.h"
#include "leaflet/fonts.h"
#include "leaflet/model.h"
#include "leaflet/pdf.h"

/* The version of leaflet: printed by --version and part of every input
 * digest, so a new version rebuilds everything. */
#define LF_VERSION "0.1.0"

typedef struct lf_build_options {
  const char *content_dir;      /* "content" */
  const char *out_dir;          /* "out" */
  const char **leaflets;        /* ids to build; NULL/0 = every leaflet */
  size_t leaflet_count;
  const char **formats;         /* print format names; NULL/0 = "standard" */
  size_t format_count;
  const double *sizes;          /* body sizes asked for (--size), each a format */
  size_t size_count;
  int all_formats;              /* every print format in content/styles */
  int jobs;                     /* worker threads; 0 = one per core */
  lf_date today;                /* for review dates */
  int allow_overdue;
  const char *paper;            /* NULL, or "A4"/"A5": overrides the formats' paper */
  int booklet;                  /* A5 pages imposed two-up on A4 sheets, for print */
  int force;                    /* render even PDFs that are up to date */
  int shard_index;              /* --shard K/N: this is part K (1..N) ... */
  int shard_count;              /* ... of N; 0 = the whole build */
  int no_wait;                  /* another run in out_dir: fail, not wait */
  FILE *out, *err;              /* progress lines, diagnostics */
} lf_build_options;

/* Exit statuses of the command line. */
enum {
  LF_EXIT_OK = 0,        /* everything asked for was written */
  LF_EXIT_FAILED = 1,    /* content errors or failed writes: some PDFs not written */
  LF_EXIT_USAGE = 2      /* the command line itself was wrong */
};

/*
 * 'lf_build()' - Render the documents 'opts' asks for into opts->out_dir,
 * skipping those whose PDF is up to date (same inputs, same bytes as the
 * manifest says) unless 'force'; keep OUT/manifest.json (for a shard,
 * OUT/manifest.K-of-N.json) up to date as documents finish; print one line
 * per PDF (or a progress bar on a terminal), every diagnostic and a
 * summary.  Returns an LF_EXIT_* status.
 */
int lf_build(const lf_build_options *opts);

typedef struct lf_check_options {
  const char **folders;         /* content folders; NULL/0 = "content" */
  size_t folder_count;
  lf_date today;
  int strict;                   /* warnings fail the check */
  int json;                     /* diagnostics as JSON */
  FILE *out;
} lf_check_options;

/*
 * 'lf_check()' - `leaflet check`: load and check content folders without
 * rendering, printing every diagnostic.  Returns 0 when clean, 1 when there
 * were warnings and 'strict' is set, 2 when there were errors.
 */
int lf_check(const lf_check_options *opts);

/* ---- fonts, loaded once per distinct set of font files (fontcache.c) ------ */

#define LF_FONT_CACHE_MAX 16

typedef struct lf_font_cache {
  lf_fontset sets[LF_FONT_CACHE_MAX];
  const lf_format *owners[LF_FONT_CACHE_MAX];
  size_t count;
} lf_font_cache;

/* 'lf_font_cache_get()' - The font set of a print format, loaded on first
 * use; NULL after reporting an error (unreadable fonts, too many sets).
 * Not thread-safe while it loads; a lookup of a set already loaded only
 * reads, so workers may share a cache filled beforehand. */
const lf_fontset *lf_font_cache_get(lf_font_cache *cache, const lf_format *format,
                                    lf_diags *diags);

/* 'lf_font_cache_free()' - Free every set loaded. */
void lf_font_cache_free(lf_font_cache *cache);

/* ---- one document in memory (render.c) ------------------------------------ */

/* What to render: one leaflet x edition x print format. */
typedef struct lf_render_request {
  const lf_content *content;
  const lf_leaflet *leaflet;
  size_t edition;               /* 0 for a leaflet without editions */
  const lf_format *format;      /* a content format, or one made below */
  const lf_fontset *fonts;      /* the format's (lf_font_cache_get()); NULL for braille */
  lf_date today;                /* past next_review: "Review overdue" on every page */
  int booklet;                  /* A5 pages imposed two-up (format on A5) */
  lf_pdf_cache *cache;          /* page content shared between renders, or NULL */
} lf_render_request;

/* A document rendered into memory. */
typedef struct lf_rendered {
  unsigned char *data;          /* the PDF or BRF, malloc'd: the caller frees it */
  size_t size;
  size_t pages;                 /* print or braille pages */
  size_t words_split, blocks_split; /* clear-print rules not kept (each a warning) */
  int braille;                  /* BRF (a braille format), not PDF */
  char paper[32];               /* "A4", "A4 landscape" ... "braille 40x25" */
} lf_rendered;

/*
 * 'lf_render_document()' - Resolve, lay out and render one document into
 * memory, in an arena of its own (for a braille format: translate it into
 * BRF): the batch build's work for each file and `leaflet serve`'s for
 * each request, so both give the same bytes.  A
 * document past its review date on 'today' says "Review overdue" on every
 * page; whether to render it at all is the caller's choice (as
 * --allow-overdue is).  Safe to call from several threads at once on the
 * same content, fonts and cache.  Returns 0 with 'out' filled, or -1 after
 * reporting errors ('out' empty).
 */
int lf_render_document(const lf_render_request *req, lf_rendered *out, lf_diags *diags);

/*
 * 'lf_format_for_size()' - The print format `--size N` makes: the large-
 * print format (from 14 pt up; else the standard one, else the first)
 * scaled to an N pt body, its lines no longer in ems than the standard
 * format's, named "<N>pt", in 'arena'.  NULL after reporting.
 */
const lf_format *lf_format_for_size(lf_arena *arena, const lf_content *content, double size,
                                    lf_diags *diags);

/*
 * 'lf_format_on_paper()' - 'base' set on "A4" or "A5" ('paper'), as
 * `--paper` and `--booklet` (A5) do: 'base' itself when that is its own
 * paper, else a copy named "<format>-a5" or "<format>-a4" whose margins
 * keep their share of the page's width.  NULL when out of memory.
 */
const lf_format *lf_format_on_paper(lf_arena *arena, const lf_format *base, const char *paper);
/* ---- what changed, for reviewers (diff.c) -------------------------------- */

typedef struct lf_diff_options {
  const char *old_source;       /* a content folder, or REV:PATH in 'repo' */
  const char *new_source;       /* the same */
  int git;                      /* --git: both are revisions of 'content_dir' */
  const char *repo;             /* the git repository, "." */
  const char *content_dir;      /* "content": the proof's print format, and
                                   the path in the repository with --git */
  const char **leaflets;        /* ids to compare; NULL/0 = every leaflet */
  size_t leaflet_count;
  const char *format;           /* the proof's print format, "standard" */
  const char *out_path;         /* the proof, "out/review-proof.pdf" */
  lf_date today;                /* the proof's date */
  FILE *out, *err;              /* the summary, diagnostics */
} lf_diff_options;

/*
 * 'lf_diff()' - `leaflet diff OLD NEW [LEAFLET...]`: load both versions of
 * the content (folders, or git revisions read with `git show`, no working
 * copy touched), resolve every leaflet and edition in each, diff them
 * document by document (diff.h), print a summary on 'out' (each document's
 * line, then each paragraph changed, added or removed at its place, with
 * "[deleted: ...]" and "[inserted: ...]" marks) and write the reviewer's
 * proof (proof.h) as a tagged PDF.  A leaflet whose text changed while its
 * review.version did not is a warning; one with errors in either version
 * is listed as not compared (on 'out' and in the proof's summary).
 * Returns LF_EXIT_OK when the proof was written (whether or not anything
 * changed), LF_EXIT_FAILED on content errors (a leaflet not compared) or a
 * failed write.
 */
int lf_diff(const lf_diff_options *opts);

/* ---- the library at a glance (report.c) -------------------------------- */

typedef enum lf_report_format { LF_REPORT_PDF, LF_REPORT_CSV, LF_REPORT_JSON } lf_report_format;

typedef struct lf_report_options {
  const char *content_dir;      /* "content" */
  lf_report_format format;      /* PDF by default */
  const char *out_path;         /* NULL: out/report.pdf, or standard output for
                                   CSV and JSON */
  const char *print_format;     /* the PDF's print format, "standard" */
  lf_date today;                /* days to review and status are counted from it */
  FILE *out, *err;
} lf_report_options;

/*
 * 'lf_report()' - `leaflet report`: a row per leaflet and edition
 * (library.h) as CSV (RFC 4180, a header row, CRLF), JSON, or an
 * accessible PDF, written to 'out_path' atomically or to 'out'.  Returns
 * LF_EXIT_OK when written, LF_EXIT_FAILED on content errors (the rows of
 * leaflets that resolve are still written) or a failed write.
 */
int lf_report(const lf_report_options *opts);

/* ---- the manifest (manifest.c) ------------------------------------------ */

/* One PDF (or BRF file) of a batch. */
typedef struct lf_manifest_entry {
  const char *file;             /* name in the manifest's folder */
  const char *leaflet;          /* leaflet id */
  const char *tumour;           /* tumour id, or NULL for no edition */
  const char *format;           /* print format name ("standard", "20pt" ...) */
  const char *paper;            /* "A4", "A5", "A4 landscape", "WxH mm", or for
                                   braille its cells and lines: "braille 40x25" */
  size_t pages;
  size_t bytes;
  char sha256[65];              /* of the file, hex */
  lf_date last_reviewed, next_review;
  const char *version;          /* the leaflet's version, or NULL */
  const char *approver_role;    /* who signed the version off (its newest */
  const char *approver_name;    /* history entry), or NULL */
  char input[65];               /* digest of what it was made from, hex, or "" */
} lf_manifest_entry;

typedef struct lf_manifest {
  lf_manifest_entry *entries;
  size_t count, cap;
  int shard_index, shard_count; /* the part of a sharded build, or 0/0 */
} lf_manifest;

/* 'lf_manifest_add()' - Append a copy of 'entry' (its strings are shared,
 * not copied); returns the new entry or NULL when out of memory. */
lf_manifest_entry *lf_manifest_add(lf_arena *arena, lf_manifest *m,
                                   const lf_manifest_entry *entry);

/* 'lf_manifest_find()' - The entry for 'file', or NULL. */
lf_manifest_entry *lf_manifest_find(const lf_manifest *m, const char *file);

/* 'lf_manifest_sort()' - Entries sorted by file name (byte order). */
void lf_manifest_sort(lf_manifest *m);

/*
 * 'lf_manifest_format()' - The manifest as JSON text, entries sorted by
 * file name, one per line, keys in a fixed order, so the same PDFs always
 * give the same bytes.  Returns a malloc'd, NUL-terminated string (its
 * length in '*len'), or NULL when out of memory.
 */
char *lf_manifest_format(const lf_manifest *m, size_t *len);

/*
 * 'lf_manifest_parse()' - Read manifest JSON ('len' bytes of 'text'; 'name'
 * for diagnostics) into 'out', strings in 'arena'.  Returns 0, or -1 after
 * reporting where the text is not a manifest ("name:line:column: error").
 */
int lf_manifest_parse(lf_arena *arena, const char *name, const char *text, size_t len,
                      lf_manifest *out, lf_diags *diags);

/*
 * 'lf_manifest_read()' - lf_manifest_parse() of a file.  A missing file is
 * an empty manifest when 'missing_ok', else an error.
 */
int lf_manifest_read(lf_arena *arena, const char *path, int missing_ok, lf_manifest *out,
                     lf_diags *diags);

/*
 * 'lf_manifest_write()' - Write the manifest to 'path' atomically (a
 * temporary file beside it, flushed to disk, renamed into place), readable
 * by all ('mode' 0644) or by its owner only (0600).  Returns 0, or -1
 * (reported).
 */
int lf_manifest_write(const lf_manifest *m, const char *path, unsigned mode,
                      lf_diags *diags);

/*
 * 'lf_manifest_merge()' - The union of the parts of a sharded build into
 * 'out' (not a shard itself).  Reports and fails when parts disagree on
 * the number of shards, when a shard is given twice or (unless 'partial')
 * is missing, or when two parts list the same file with different bytes.
 * Returns 0, or -1 (reported).
 */
int lf_manifest_merge(lf_arena *arena, const lf_manifest *parts, const char *const *names,
                      size_t count, int partial, lf_manifest *out, lf_diags *diags);

/*
 * 'lf_manifest_verify()' - Check every entry against the file 'dir'/file:
 * it exists, has the bytes and the SHA-256 listed, and starts as a PDF
 * (a .brf file: holds only Braille Ready Format bytes).  Reports each
 * mismatch as an error at 'name'; returns how many.
 */
size_t lf_manifest_verify(const lf_manifest *m, const char *dir, const char *name,
                          lf_diags *diags);

typedef struct lf_manifest_options {
  const char **inputs;          /* manifest files */
  size_t input_count;
  const char *output;           /* merge: where to write; NULL = standard output */
  int partial;                  /* merge: allow missing shards */
  FILE *out, *err;
} lf_manifest_options;

/* 'lf_manifest_merge_command()' - `leaflet manifest merge`; an LF_EXIT_*. */
int lf_manifest_merge_command(const lf_manifest_options *opts);

/* 'lf_manifest_check_command()' - `leaflet manifest check`: verify each
 * manifest against the files beside it; an LF_EXIT_*. */
int lf_manifest_check_command(const lf_manifest_options *opts);

/* ---- CSV (csv.c) ----------------------------------------------------------- */

/* One record of an RFC 4180 file. */
typedef struct lf_csv_record {
  size_t line;                  /* the line it starts on, from 1 */
  char **fields;                /* NUL-terminated UTF-8 */
  size_t count;
  const char *error;            /* NULL, or why the record is malformed */
  size_t error_line, error_column; /* where the field the error is in starts
                                    (0 when not known) */
  size_t *field_lines;          /* where each field starts: its line and */
  size_t *field_columns;        /* column (characters, from 1); NULL when
                                   the record is malformed */
} lf_csv_record;

typedef struct lf_csv {
  lf_csv_record *records;
  size_t count;
} lf_csv;

/*
 * 'lf_csv_parse()' - Split 'len' bytes of CSV (RFC 4180: fields separated
 * by commas, records by CRLF or LF, fields in double quotes may hold
 * commas, line breaks and "" for a quote) into records in 'arena'.  A UTF-8
 * byte-order mark is skipped and blank lines are ignored.  A malformed
 * record (a quote inside an unquoted field, text after a closing quote, a
 * quote never closed, invalid UTF-8, a NUL or other control character) is
 * kept with 'error' set, and parsing goes on at the next line, so one bad
 * line costs one record.  Returns 0, or -1 when out of memory.
 */
int lf_csv_parse(lf_arena *arena, const char *data, size_t len, lf_csv *out);

/*
 * A CSV file read a record at a time, in memory that does not grow with
 * the file: records as lf_csv_parse() reads them, except that a record
 * whose end is not within 1 MiB of its start is one malformed record and
 * reading resumes on its next line.
 */
typedef struct lf_csv_reader lf_csv_reader;

/* 'lf_csv_open()' - A reader of descriptor 'fd' (closed by lf_csv_close());
 * every byte read is also written to 'copy' unless it is -1 (a second
 * pass over a pipe).  NULL when out of memory. */
lf_csv_reader *lf_csv_open(int fd, int copy);

/* 'lf_csv_next()' - The next record, its strings in 'arena': 1, or 0 at
 * the end of the file, or -1 when reading failed (lf_csv_error()). */
int lf_csv_next(lf_csv_reader *in, lf_arena *arena, lf_csv_record *rec);

/* 'lf_csv_error()' - The errno reading failed with (ENOMEM: out of
 * memory), or 0. */
int lf_csv_error(const lf_csv_reader *in);

/* 'lf_csv_close()' - Close the file, free the reader (NULL is allowed). */
void lf_csv_close(lf_csv_reader *in);

/* ---- mailing runs (mail.c) ------------------------------------------------- */

typedef struct lf_mail_options {
  const char *requests;         /* the CSV file */
  const char *content_dir;      /* "content" */
  const char *out_dir;          /* "out/mail" */
  int jobs;                     /* worker threads; 0 = one per core */
  lf_date today;                /* the letter's date; review dates */
  int allow_overdue;
  size_t batch_sheets;          /* sheets a print file may take before the next
                                   request starts another; 0 = no limit */
  int shard_index;              /* --shard K/N: this is part K (1..N) ... */
  int shard_count;              /* ... of N; 0 = the whole file */
  int no_wait;                  /* another run in out_dir: fail, not wait */
  FILE *out, *err;              /* progress lines, diagnostics */
} lf_mail_options;

/* The default of --batch-sheets: about four reams. */
#define LF_BATCH_SHEETS 2000

/*
 * 'lf_mail()' - `leaflet mail`: for each request row, a covering letter in
 * the requested format (the name and address in the envelope window) and
 * then the leaflet, written as OUT/requests/<ref>.pdf; print files per
 * format in batches of at most 'batch_sheets' sheets
 * (OUT/print-<format>-001.pdf ..., each request starting on a new sheet)
 * listed in OUT/batches.csv; and OUT/manifest.csv for the print room,
 * listing failed rows too (for a part of a sharded run, the part's rows
 * into files named for it: manifest.K-of-N.csv ...).  The file is read a
 * window of rows at a time, so the memory does not grow with it; the
 * output folder is locked for the run.  Every file is created readable by
 * its owner only.  A bad row is reported with its CSV line number and
 * skipped.  Returns LF_EXIT_OK when every row was produced, LF_EXIT_FAILED
 * when some were not (or a print file could not be written, or another
 * run holds the folder and 'no_wait'), LF_EXIT_USAGE when the run could
 * not start (no such file, a header without the columns, an output
 * folder that cannot be made).
 */
int lf_mail(const lf_mail_options *opts);

typedef struct lf_mail_merge_options {
  const char *requests;         /* the CSV file the parts were made from */
  const char *out_dir;          /* where the parts' files are; "out/mail" */
  const char **manifests;       /* the parts' manifests; NULL/0 = every
                                   out_dir/manifest.K-of-N.csv */
  size_t manifest_count;
  int no_wait;
  FILE *out, *err;
} lf_mail_merge_options;

/*
 * 'lf_mail_merge()' - `leaflet mail merge`: join the manifests of the
 * parts of a sharded mailing (mailmerge.c) into out_dir/manifest.csv, and
 * their batches.K-of-N.csv into out_dir/batches.csv, after checking that
 * every part 1..N is there once and every row of the requests file is in
 * exactly one of them (each row missing, listed twice, or not a row of
 * the file is an error naming its line).  Returns LF_EXIT_OK when the
 * parts are whole and every row was made, LF_EXIT_FAILED when rows were
 * skipped or failed (the files are written) or the parts are not whole
 * (nothing is written), LF_EXIT_USAGE when the command was wrong.
 */
int lf_mail_merge(const lf_mail_merge_options *opts);

#endif
