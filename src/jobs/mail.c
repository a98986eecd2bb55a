/*
 * mail.c -- `leaflet mail`: covering letters and leaflets for a list of
 * requests (jobs.h).
 *
 * The requests file is read once through (requests.c: the header, how
 * many rows, which refs repeat an earlier row's, a part's share of the
 * rows), then its rows a window of WINDOW rows at a time, so that a
 * mailing of any length runs in the same memory.  For each window:
 *
 *   1. check every row: the columns, a usable ref, a name, an address
 *      with a postcode, a leaflet (and tumour type) that exists and is not
 *      past review, a format that is a print format or a size; a bad row
 *      is reported with its line number and skipped;
 *   2. lay out each leaflet edition the rows ask for in each format, the
 *      first time one asks (in parallel; kept for the rest of the run);
 *   3. in parallel: for each good row, its letter (lf_layout_letter) with
 *      the leaflet after it, written as OUT/requests/<ref>.pdf; and for
 *      each format, the window's requests added to that format's print
 *      file, each letter and each leaflet starting on a new sheet when
 *      printed duplex;
 *   4. the window's rows appended to the manifest for the print room,
 *      failed rows included.
 *
 * Print files come in batches: a format's requests go into
 * print-<format>-001.pdf until the next request would take it past
 * --batch-sheets sheets, then into -002, and so on (a request is never
 * split).  A batch is spooled a request at a time (pdf.h) and closed when
 * full or at the end; batches.csv lists them.  A part of a sharded run
 * (--shard K/N) makes rows [rows x (K-1)/N, rows x K/N) of the file, with
 * files named for the part (manifest.K-of-N.csv, print-<format>-K-of-N-
 * 001.pdf) so that parts can share a folder; `leaflet mail merge`
 * (mailmerge.c) joins their manifests.  The folder is locked for the run
 * (lock.c).
 *
 * Personal data (names and addresses) goes into the PDFs and nowhere else:
 * every file is created mode 0600 in a folder made 0700, and diagnostics,
 * progress lines and the manifest name rows by line number and ref and
 * never quote a cell of the CSV file (a misplaced comma can put a name in
 * any column).  What the letter's layout reports is passed on only when
 * its kind (diag.h) says it quotes none of the letter's text; anything
 * else is replaced by a message that quotes nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jobs_internal.h"
#include "leaflet/braille.h"
#include "leaflet/buffer.h"
#include "leaflet/check.h"
#include "leaflet/document.h"
#include "leaflet/history.h"
#include "leaflet/jobs.h"
#include "leaflet/language.h"
#include "leaflet/layout.h"
#include "leaflet/letters.h"
#include "leaflet/pdf.h"
#include "leaflet/utf8.h"
#include "leaflet/textout.h"
#include "leaflet/words.h"

/* What a leaflet's history and translation were found to be. */
enum { UNCHECKED, SOUND, UNSOUND };

enum {
  FORMATS_MAX = 128,               /* distinct formats in one run */
  CELL_MAX = 200,                  /* bytes in a name or address cell */
  WINDOW = 1024                    /* rows read, made and written at a time */
};

/* A print file of one format: a batch of its requests. */
typedef struct print_batch {
  const char *file, *path;   /* print-<format>[-K-of-N]-<nnn>.pdf (.brf) */
  const char *format_name;
  size_t number;             /* from 1 */
  size_t requests, pages, sheets;
  size_t first_line, last_line;
  char first_ref[LF_REF_MAX + 1], last_ref[LF_REF_MAX + 1];
  size_t bytes;              /* once written */
  char sha256[LF_SHA256_HEX_SIZE];
  size_t listed;             /* manifest rows written with it as their print
                                file (counted made until it fails) */
  int written, failed;
} print_batch;

/* A print format the requests use, and its print files. */
typedef struct print_format {
  const lf_format *format;
  const char *name;          /* its print files' name: the format's, or for
                                the address sheets of braille requests
                                "<braille format>-address" */
  size_t address_for;        /* 0, or for the address sheets' print files
                                1 + the braille format's index */
  size_t address_sheets;     /* a braille format: 0, or 1 + the index of its
                                address sheets' print files */
  const lf_format *letter_format; /* what letters are typeset in: 'format', or
                                     for braille the address sheet's */
  const lf_fontset *fonts;   /* letter_format's */
  const char *description;   /* "large print" */
  const char *size_text;     /* "18 pt"; NULL in braille (the leaflet's grade) */
  size_t window_requests;    /* good rows in this format in the window */
  lf_arena *arena;           /* the batches' names (the print task's own) */
  print_batch *batches;      /* every batch so far; the last may be open */
  size_t batch_count, batch_cap, batches_reported;
  lf_pdf_spool *spool;       /* the open batch of a PDF format */
  int brf_fd;                /* the open batch of braille, or -1 */
  char *brf_temp;
  int failed;                /* printing this format stopped */
  lf_diags diags;
} print_format;

/* A leaflet edition in one format, laid out once for every request. */
typedef struct edition_doc {
  const lf_leaflet *leaflet;
  size_t edition;
  size_t format;
  lf_arena *arena;           /* the display list and the names below */
  const char *title;         /* the leaflet's */
  const char *language;      /* the leaflet's, its title's in the letter */
  const char *tumour_id;     /* the edition's, or NULL */
  lf_display *display;
  lf_braille_text *braille;  /* in braille: the leaflet translated, not laid out */
  const char *grade;         /* in braille: "grade 2" or "grade 1" */
  lf_diags diags;
  int failed;
} edition_doc;

typedef struct request {
  size_t line;
  size_t row;                /* in the file, from 0 */
  const char *cell[LF_COL_COUNT];
  size_t cell_line[LF_COL_COUNT], cell_column[LF_COL_COUNT]; /* where each starts */
  const char *ref;           /* a valid ref, or NULL */
  const char *shown_ref;     /* the ref cell of a row skipped (a repeat, a
                                ref not usable, a malformed row), for the
                                manifest, or NULL */
  const char *leaflet_id;    /* checked values only, for the manifest */
  const char *tumour_id;
  const lf_letter_template *letter;
  size_t format, doc;
  lf_diags diags;            /* why it was skipped or failed; no cell quoted */
  int bad;                   /* skipped at step 1 */
  /* results */
  const char *file, *path;   /* requests/<ref>.pdf, requests/<ref>.brf */
  const char *sheet_path;    /* braille: requests/<ref>.address.pdf */
  size_t pages;
  size_t print_batch;        /* set by the print file's task: its batch's
                                number, from 1 (0: not printed) */
  size_t print_first_page, print_sheets;
  int written, failed;
} request;

typedef struct mail_run {
  const lf_mail_options *opts;
  lf_arena *arena;           /* for the run (the calling thread's) */
  const lf_content *content;
  lf_letter_templates letters;
  unsigned char *unsound;    /* per leaflet: UNCHECKED, SOUND, or UNSOUND
                                when its history does not hold its version
                                and sign-off, or it is a translation gone
                                apart from its source */
  lf_font_cache fonts;
  lf_pdf_cache *pages;       /* compressed page content the PDFs share */
  lf_requests in;            /* the requests file */
  lf_out_lock lock;
  const char *part;          /* "" or "-K-of-N", in print files' names */
  print_format formats[FORMATS_MAX];
  size_t format_count;
  edition_doc *docs;
  size_t doc_count, doc_cap, docs_laid_out;
  char iso_date[16];
  FILE *manifest;            /* the manifest being written, in CSV order */
  char *manifest_temp;
  /* the window: its rows, in an arena of their own */
  lf_arena *window;
  request *requests;
  size_t count;
  /* step 3: the window's print tasks (formats, largest first), then one
   * per request */
  size_t *task_request;
  size_t order[FORMATS_MAX];
  size_t print_tasks;
  lf_ordered in_order;       /* requests finished, reported in CSV order */
  size_t finished_count;     /* rows of the run done */
  lf_progress progress;
  int print_lines;
  /* totals */
  size_t made, skipped, failed, pages_made;
} mail_run;

/* ---- step 1: the rows ------------------------------------------------------------ */

/*
 * 'row_error()' - Report a problem with a row (one list per row).
 */
static void row_error(mail_run *m, request *r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void row_error(mail_run *m, request *r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  lf_diag_vadd(&r->diags, LF_ERROR, (lf_pos){m->opts->requests, (int)r->line, 0}, fmt, ap);
  va_end(ap);
  r->bad = 1;
}

/*
 * 'cell_error()' - As row_error(), at the start of the row's cell in
 * column 'col' (LF_COL_*), where the CSV gives it.
 */
static void cell_error(mail_run *m, request *r, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void cell_error(mail_run *m, request *r, int col, const char *fmt, ...) {
  lf_pos at = {m->opts->requests, (int)r->line, 0};
  if (r->cell_line[col]) {
    at.line = (int)r->cell_line[col];
    at.column = (int)r->cell_column[col];
  }
  va_list ap;
  va_start(ap, fmt);
  lf_diag_vadd(&r->diags, LF_ERROR, at, fmt, ap);
  va_end(ap);
  r->bad = 1;
}

/*
 * 'describe_format()' - The words and size a letter uses for its format.
 */
static void describe_format(lf_arena *arena, print_format *f) {
  const char *name = f->format->name;
  if (f->format->braille) {
    f->description = "braille"; /* and the size, the leaflet's grade */
    return;
  }
  if (strcmp(name, "standard") == 0 || strcmp(name, "large") == 0 ||
      strcmp(name, "giant") == 0)
    f->description = lf_arena_printf(arena, "%s print", name);
  else
    f->description = lf_arena_printf(arena, "%g point print", f->format->body_size);
  f->size_text = lf_arena_printf(arena, "%g pt", f->format->body_size);
}

/*
 * 'add_format()' - The index of a print format among the run's formats, adding it
 * (with its fonts) on first use; -1 after reporting.
 */
static int add_format(mail_run *m, request *r, const lf_format *format) {
  for (size_t i = 0; i < m->format_count; i++)
    if (!m->formats[i].address_for && strcmp(m->formats[i].format->name, format->name) == 0)
      return (int)i;
  if (m->format_count + (format->braille ? 2 : 1) > FORMATS_MAX) {
    cell_error(m, r, LF_COL_FORMAT,
               "request skipped: more than %d different formats in one run", FORMATS_MAX);
    return -1;
  }
  /* braille goes with a print address sheet for the window envelope,
   * typeset in the standard format */
  const lf_format *letter_format = format->braille
                                       ? lf_content_print_format(m->content, "standard")
                                       : format;
  if (!letter_format) {
    cell_error(m, r, LF_COL_FORMAT,
               "request skipped: braille needs a print format for its address sheet "
               "(expected %s/styles/standard.yaml)", m->content->root);
    return -1;
  }
  lf_diags font_diags;
  lf_diags_init(&font_diags);
  const lf_fontset *fonts = lf_font_cache_get(&m->fonts, letter_format, &font_diags);
  if (!fonts) {
    lf_diags_append(&r->diags, &font_diags);
    lf_diags_free(&font_diags);
    r->bad = 1;
    return -1;
  }
  lf_diags_free(&font_diags);
  print_format *f = &m->formats[m->format_count];
  memset(f, 0, sizeof *f);
  f->format = format;
  f->name = format->name;
  f->letter_format = letter_format;
  f->fonts = fonts;
  f->brf_fd = -1;
  lf_diags_init(&f->diags);
  describe_format(m->arena, f);
  if (!(f->arena = lf_arena_new(0))) {
    row_error(m, r, "out of memory");
    return -1;
  }
  size_t index = m->format_count++;
  if (format->braille) {
    /* the braille requests' print address sheets, in print files of their
     * own beside the embosser's, in the same order: the print room prints
     * one file rather than a sheet a request */
    print_format *a = &m->formats[m->format_count];
    memset(a, 0, sizeof *a);
    a->format = a->letter_format = letter_format;
    a->name = lf_arena_printf(m->arena, "%s-address", format->name);
    a->fonts = fonts;
    a->brf_fd = -1;
    a->address_for = index + 1;
    a->description = "address sheets for braille";
    lf_diags_init(&a->diags);
    if (!a->name || !(a->arena = lf_arena_new(0))) {
      row_error(m, r, "out of memory");
      return -1;
    }
    m->formats[index].address_sheets = ++m->format_count;
  }
  return (int)index;
}

/*
 * 'pick_format()' - A format cell: a print format's name (in any case), or a body size
 * in points (12 to 48, "20", "20pt" or "20 pt").  A size that a named
 * format has is that format; any other is the nearest named format scaled.
 */
static int pick_format(mail_run *m, request *r, const char *cell) {
  const lf_content *c = m->content;
  const lf_format *format = cell[0] ? lf_content_format(c, cell) : NULL;
  /* a spreadsheet's "Large" or "BRAILLE" is the format all the same */
  for (size_t i = 0; i < c->format_count && !format && cell[0]; i++)
    if (strcasecmp(c->formats[i].name, cell) == 0)
      format = &c->formats[i];
  if (!format && cell[0]) {
    double size;
    if (lf_body_size_parse(cell, &size) == 0) {
      for (size_t i = 0; i < c->format_count && !format; i++)
        if (!c->formats[i].braille && c->formats[i].body_size == size)
          format = &c->formats[i];
      /* a size asked for before is the format made for it then */
      char name[32];
      snprintf(name, sizeof name, "%gpt", size);
      for (size_t i = 0; i < m->format_count && !format; i++)
        if (strcmp(m->formats[i].format->name, name) == 0)
          format = m->formats[i].format;
      if (!format) {
        /* none to scale is said below, as any format not found */
        lf_diags quiet;
        lf_diags_init(&quiet);
        format = lf_format_for_size(m->arena, c, size, &quiet);
        lf_diags_free(&quiet);
      }
    }
  }
  if (!format) {
    const char **names = lf_arena_array(m->window, c->format_count + 1, sizeof *names);
    for (size_t i = 0; names && i < c->format_count; i++)
      names[i] = c->formats[i].name;
    const char *near = names && cell[0] ? lf_nearest_name(cell, names, c->format_count) : NULL;
    cell_error(m, r, LF_COL_FORMAT,
               "request skipped: %s column 'format' (expected standard, large, giant, "
               "braille or a size from 12 to 48 pt in whole or half points, 20 or 20.5%s%s%s)",
               cell[0] ? "no print format or size in the" :
               "nothing in the", near ? "; did you mean '" : "", near ? near : "",
               near ? "'?" : "");
    return -1;
  }
  return add_format(m, r, format);
}

/*
 * 'pick_leaflet()' - The leaflet and edition a row asks for; -1 reported.
 */
static int pick_leaflet(mail_run *m, request *r, const lf_leaflet **out, size_t *edition) {
  const lf_content *c = m->content;
  const char *id = r->cell[LF_COL_LEAFLET], *tumour = r->cell[LF_COL_TUMOUR];
  const lf_leaflet *l = id[0] ? lf_content_leaflet(c, id) : NULL;
  if (!l) {
    int broken = 0;
    for (size_t k = 0; k < c->broken_count; k++)
      broken |= strcmp(c->broken_leaflets[k], id) == 0;
    const char **ids = lf_arena_array(m->window, c->leaflet_count + 1, sizeof *ids);
    for (size_t i = 0; ids && i < c->leaflet_count; i++)
      ids[i] = c->leaflets[i].id;
    const char *near = ids && id[0] && !broken ? lf_nearest_name(id, ids, c->leaflet_count)
                                               : NULL;
    if (broken)
      cell_error(m, r, LF_COL_LEAFLET,
                 "request skipped: the leaflet in column 'leaflet' has errors (reported "
                 "above)");
    else
      cell_error(m, r, LF_COL_LEAFLET,
                 "request skipped: %s column 'leaflet' (expected the id of a file in "
                 "%s/leaflets/%s%s%s)", id[0] ? "no leaflet with the id in the" :
                 "nothing in the", c->root, near ? "; did you mean '" : "", near ? near : "",
                 near ? "'?" : "");
    return -1;
  }
  r->leaflet_id = l->id;
  *out = l;
  *edition = 0;
  if (l->edition_count == 0) {
    if (tumour[0]) {
      cell_error(m, r, LF_COL_TUMOUR,
                 "request skipped: leaflet '%s' has no tumour editions (expected column "
                 "'tumour' to be empty)", l->id);
      return -1;
    }
  } else {
    const char **ids = lf_arena_array(m->window, l->edition_count + 1, sizeof *ids);
    for (size_t e = 0; ids && e < l->edition_count; e++) {
      ids[e] = l->editions[e].tumour_id;
      if (strcmp(ids[e], tumour) == 0) {
        *edition = e;
        r->tumour_id = ids[e];
        break;
      }
    }
    if (!r->tumour_id) {
      const char *near = ids && tumour[0] ? lf_nearest_name(tumour, ids, l->edition_count)
                                          : NULL;
      cell_error(m, r, LF_COL_TUMOUR,
                 "request skipped: %s column 'tumour' for leaflet '%s' (expected one of "
                 "its editions%s%s%s)", tumour[0] ? "no edition for the tumour type in the" :
                 "nothing in the", l->id, near ? "; did you mean '" : "", near ? near : "",
                 near ? "'?" : "");
      return -1;
    }
  }
  long days = lf_days_between(m->opts->today, l->next_review);
  if (days < 0 && !m->opts->allow_overdue) {
    char date[32];
    lf_date_format(l->next_review, date, sizeof date);
    cell_error(m, r, LF_COL_LEAFLET,
               "request skipped: leaflet '%s' was due for review on %s, %ld days ago "
               "(review it, or run with --allow-overdue)", l->id, date, -days);
    return -1;
  }
  /* as `build`, no letter goes out with a leaflet claiming a version or
   * sign-off its history does not record, or a translation gone apart
   * from its source: checked for the first row that asks for it, and
   * said with that row; only the leaflets asked for (every one was, and
   * a mailing that asked for none of them printed errors and exited 0) */
  unsigned char *state = &m->unsound[l - c->leaflets];
  if (*state == UNCHECKED) {
    lf_diags found; /* the content's, said now, once (step 1 runs alone) */
    lf_diags_init(&found);
    size_t errors = lf_check_history(l, &found);
    errors += lf_check_not_future(l, m->opts->today, &found);
    errors += lf_check_translation(m->window, c, l, &found);
    if (found.count) {
      lf_progress_clear(&m->progress);
      lf_diags_print(&found, m->opts->err);
    }
    lf_diags_free(&found);
    *state = errors ? UNSOUND : SOUND;
  }
  if (*state == UNSOUND) {
    cell_error(m, r, LF_COL_LEAFLET,
               "request skipped: leaflet '%s' cannot be printed: its review history does not "
               "hold its version and sign-off, it claims a review after today, or as a "
               "translation it has gone apart from its source (reported above)", l->id);
    return -1;
  }
  return 0;
}

/*
 * 'check_cells()' - The person's cells: present where needed, one line,
 * not too long, and printable in the fonts of the format.
 */
static void check_cells(mail_run *m, request *r, const lf_fontset *fonts) {
  static const int required[] = {LF_COL_NAME, LF_COL_ADDRESS_1, LF_COL_POSTCODE};
  for (size_t i = 0; i < sizeof required / sizeof *required; i++)
    if (!r->cell[required[i]][0])
      cell_error(m, r, required[i], "request skipped: no %s (column '%s' is empty)",
                required[i] == LF_COL_NAME ? "name" : required[i] == LF_COL_POSTCODE ? "postcode"
                                                                                : "address",
                lf_request_columns[required[i]]);
  for (int col = LF_COL_NAME; col <= LF_COL_POSTCODE; col++) {
    const char *s = r->cell[col], *end = s + strlen(s);
    if ((size_t)(end - s) > CELL_MAX) {
      cell_error(m, r, col,
                 "request skipped: column '%s' is longer than %d bytes", lf_request_columns[col],
                 CELL_MAX);
      continue;
    }
    if (strpbrk(s, "\r\n")) {
      cell_error(m, r, col, "request skipped: column '%s' holds a line break (expected one line "
                "per column)", lf_request_columns[col]);
      continue;
    }
    while (fonts && s < end) {
      /* in the face its script and the format choose, as layout sets it */
      int32_t cp = lf_utf8_next(&s, end);
      lf_script_tag script = cp < 0 ? 0 : lf_script_of((uint32_t)cp);
      if (cp < 0 || lf_pick_face(fonts, LF_FACE_REGULAR, (uint32_t)cp, script, NULL) < 0 ||
          lf_pick_face(fonts, LF_FACE_BOLD, (uint32_t)cp, script, NULL) < 0) {
        cell_error(m, r, col, "request skipped: column '%s' holds a character the fonts cannot "
                  "print", lf_request_columns[col]);
        break;
      }
    }
  }
}

/*
 * 'add_doc()' - The index of the leaflet edition in a format among those
 * to lay out, adding it on first use; (size_t)-1 when out of memory.
 */
static size_t add_doc(mail_run *m, const lf_leaflet *l, size_t edition, size_t fmt) {
  for (size_t i = 0; i < m->doc_count; i++)
    if (m->docs[i].leaflet == l && m->docs[i].edition == edition && m->docs[i].format == fmt)
      return i;
  if (m->doc_count == m->doc_cap) {
    size_t cap = m->doc_cap ? m->doc_cap * 2 : 16;
    edition_doc *grown = realloc(m->docs, cap * sizeof *grown);
    if (!grown)
      return (size_t)-1;
    m->docs = grown;
    m->doc_cap = cap;
  }
  edition_doc *d = &m->docs[m->doc_count];
  memset(d, 0, sizeof *d);
  d->leaflet = l;
  d->edition = edition;
  d->format = fmt;
  lf_diags_init(&d->diags);
  return m->doc_count++;
}

/*
 * 'check_row()' - Step 1 for one record.
 */
static void check_row(mail_run *m, request *r, const lf_csv_record *rec) {
  const lf_requests *in = &m->in;
  r->shown_ref = lf_request_shown_ref(in, m->window, rec);
  if (rec->error) {
    /* said at the field at fault */
    lf_pos at = {m->opts->requests, (int)r->line, 0};
    if (rec->error_line)
      at = (lf_pos){m->opts->requests, (int)rec->error_line, (int)rec->error_column};
    lf_error(&r->diags, at, "request skipped: malformed CSV: %s", rec->error);
    r->bad = 1;
    return;
  }
  if (rec->count != in->header_fields) {
    row_error(m, r, "request skipped: %zu fields (expected %zu, as in the header)",
              rec->count, in->header_fields);
    return;
  }
  for (int col = 0; col < LF_COL_COUNT; col++) {
    int field = in->columns[col];
    r->cell[col] = field >= 0 ? lf_trimmed(m->window, rec->fields[field]) : "";
    if (field >= 0 && rec->field_lines) {
      r->cell_line[col] = rec->field_lines[field];
      r->cell_column[col] = rec->field_columns[field];
    }
  }
  const char *ref = r->cell[LF_COL_REF];
  size_t earlier = 0;
  if (ref && lf_ref_names_sheet(ref)) {
    cell_error(m, r, LF_COL_REF,
               "request skipped: ref '%s' ends in '.address', which names a braille "
               "request's address sheet (<ref>.address.pdf); expected another ref", ref);
  } else if (!ref || !lf_valid_ref(ref)) {
    cell_error(m, r, LF_COL_REF,
               "request skipped: %s column 'ref' (expected 1 to %d letters, digits, '-', "
               "'_' or '.', used as the file name)", ref && ref[0] ?
               "not a usable reference in the" : "nothing in the", LF_REF_MAX);
  } else if ((earlier = lf_requests_repeat(in, r->row)) != 0) {
    cell_error(m, r, LF_COL_REF,
               "request skipped: ref '%s' is also on line %zu (expected each ref once, "
               "in any capitals: refs differing only in capitals name one file on a disk "
               "that ignores case)", ref, earlier);
  } else {
    r->ref = ref;
  }
  const lf_leaflet *l = NULL;
  size_t edition = 0;
  int leaflet_ok = pick_leaflet(m, r, &l, &edition) == 0;
  int fmt = pick_format(m, r, r->cell[LF_COL_FORMAT]);
  check_cells(m, r, fmt >= 0 ? m->formats[fmt].fonts : NULL);
  if (leaflet_ok && !(r->letter = lf_letters_for(&m->letters, l->id)))
    cell_error(m, r, LF_COL_LEAFLET,
               "request skipped: no covering letter for leaflet '%s' (expected "
               "%s/letters/%s.yaml or %s/letters/default.yaml)", l->id, m->content->root, l->id,
               m->content->root);
  if (r->bad || fmt < 0 || !leaflet_ok)
    return;
  r->format = (size_t)fmt;
  r->doc = add_doc(m, l, edition, (size_t)fmt);
  if (r->doc == (size_t)-1) {
    row_error(m, r, "out of memory");
    return;
  }
  int braille = m->formats[fmt].format->braille;
  r->file = lf_arena_printf(m->window, "requests/%s.%s", r->ref, braille ? "brf" : "pdf");
  r->path = lf_arena_printf(m->window, "%s/%s", m->opts->out_dir, r->file);
  if (braille)
    r->sheet_path = lf_arena_printf(m->window, "%s/requests/%s.address.pdf", m->opts->out_dir,
                                    r->ref);
  m->formats[fmt].window_requests++;
  if (m->formats[fmt].address_sheets)
    m->formats[m->formats[fmt].address_sheets - 1].window_requests++;
}

/* ---- step 2: leaflets --------------------------------------------------------------- */

/*
 * 'lay_out_braille_doc()' - Resolve and translate a leaflet edition into
 * braille, once for all its requests: each request lays it out after its
 * own letter, numbering the pages on.
 */
static void lay_out_braille_doc(mail_run *m, edition_doc *d, const print_format *f) {
  lf_document doc;
  if ((d->arena = lf_arena_new(0)) != NULL &&
      (d->braille = lf_arena_alloc(d->arena, sizeof *d->braille)) != NULL &&
      lf_resolve_edition(d->arena, m->content, d->leaflet, d->edition, &doc, &d->diags) == 0) {
    doc.review_overdue = lf_days_between(m->opts->today, doc.next_review) < 0;
    d->title = doc.title;
    d->language = doc.language;
    d->tumour_id = doc.tumour_id;
    d->grade = lf_braille_grade(f->format, doc.language);
    if (lf_braille_translate(d->arena, &doc, f->format, d->braille, &d->diags) != 0)
      d->braille = NULL;
  } else if (!d->arena || !d->braille) {
    lf_error(&d->diags, (lf_pos){d->leaflet->file, 0, 0}, "out of memory");
    d->braille = NULL;
  } else {
    d->braille = NULL;
  }
  d->failed = !d->braille || d->diags.errors;
}

/*
 * 'lay_out_doc()' - Resolve and lay out one leaflet edition in one format
 * (a worker task).
 */
static void lay_out_doc(void *ctx, size_t index) {
  mail_run *m = ctx;
  edition_doc *d = &m->docs[index];
  const print_format *f = &m->formats[d->format];
  /* laid out in an arena of its own, then copied: the mailing keeps the
   * display list, not what the layout needed on the way */
  lf_arena *scratch = lf_arena_new(0);
  lf_document doc;
  lf_display *laid = NULL;
  if (f->format->braille) {
    lay_out_braille_doc(m, d, f);
    lf_arena_free(scratch);
    return;
  }
  if (scratch &&
      lf_resolve_edition(scratch, m->content, d->leaflet, d->edition, &doc, &d->diags) == 0) {
    doc.review_overdue = lf_days_between(m->opts->today, doc.next_review) < 0;
    laid = lf_layout_document(scratch, &doc, f->format, f->fonts, &d->diags);
    if (!laid)
      lf_fontset_problems(f->fonts, &d->diags); /* a fallback that would not load */
  }
  if (laid && (d->arena = lf_arena_new(0)) != NULL) {
    d->display = lf_display_copy(d->arena, laid);
    d->title = lf_arena_strdup(d->arena, doc.title);
    d->language = lf_arena_strdup(d->arena, doc.language);
    d->tumour_id = lf_arena_strdup(d->arena, doc.tumour_id);
    if (!d->display || (doc.title && !d->title) || (doc.language && !d->language) ||
        (doc.tumour_id && !d->tumour_id))
      lf_error(&d->diags, (lf_pos){d->leaflet->file, 0, 0}, "out of memory");
  } else if (laid) {
    lf_error(&d->diags, (lf_pos){d->leaflet->file, 0, 0}, "out of memory");
  }
  d->failed = !d->display || d->diags.errors;
  lf_arena_free(scratch);
}

/*
 * 'lay_out_new_doc()' - lay_out_doc() for the editions a window is the
 * first to ask for (a worker task).
 */
static void lay_out_new_doc(void *ctx, size_t index) {
  mail_run *m = ctx;
  lay_out_doc(ctx, m->docs_laid_out + index);
}

/*
 * 'doc_done()' - Nothing to report while leaflets are laid out, or print
 * files closed.
 */
static void doc_done(void *ctx, size_t index) {
  (void)ctx;
  (void)index;
}

/* ---- step 3: letters, request PDFs and print files ----------------------------------- */

/*
 * 'fill_letter()' - A request's letter: the template with its fields
 * filled in, the name and address, title and date.  Returns 0, or -1
 * (reported).
 */
static int fill_letter(mail_run *m, const request *r, lf_arena *arena, lf_letter *letter,
                       lf_diags *diags) {
  const print_format *f = &m->formats[r->format];
  const edition_doc *d = &m->docs[r->doc];
  const char *values[LF_FIELD_COUNT] = {0};
  values[LF_FIELD_NAME] = r->cell[LF_COL_NAME];
  values[LF_FIELD_REF] = r->ref;
  /* the program's words in the letter's language: its date, its page numbers */
  const lf_words *words =
      lf_words_for(m->content->words, m->content->words_count, r->letter->language);
  char date[LF_WORDS_DATE_MAX];
  /* kept in the letter's arena: the letter holds its values, not copies */
  values[LF_FIELD_DATE] =
      lf_arena_strdup(arena, lf_words_date_long(words, m->opts->today, date, sizeof date));
  values[LF_FIELD_LEAFLET] = d->title;
  values[LF_FIELD_TUMOUR] = "";
  if (d->tumour_id) {
    const lf_tumour *t = lf_content_tumour(m->content, d->tumour_id);
    values[LF_FIELD_TUMOUR] = t ? t->name : d->tumour_id;
  }
  values[LF_FIELD_FORMAT] = f->description;
  values[LF_FIELD_SIZE] = f->size_text ? f->size_text : d->grade ? d->grade : "";
  /* the title in the leaflet's language: tagged so, brailled so */
  const char *langs[LF_FIELD_COUNT] = {0};
  langs[LF_FIELD_LEAFLET] = d->language;
  const char **address = lf_arena_array(arena, LF_COL_COUNT, sizeof *address);
  if (!address || lf_letter_fill(arena, r->letter, values, langs, letter) != 0) {
    lf_error(diags, (lf_pos){m->opts->requests, (int)r->line, 0}, "out of memory");
    return -1;
  }
  size_t lines = 0;
  for (int col = LF_COL_NAME; col <= LF_COL_POSTCODE; col++)
    if (r->cell[col][0])
      address[lines++] = r->cell[col];
  letter->address = address;
  letter->address_count = lines;
  letter->words = words;
  letter->title = d->title;
  letter->creation_date = m->iso_date;
  letter->identifier = lf_arena_printf(arena, "letter.%s.%s", r->ref, f->format->name);
  return 0;
}

/*
 * 'lay_out_letter()' - A request's letter in its format ('address_only':
 * its address sheet, the letterhead and the address in the window with no
 * paragraphs, to go with braille).  What the layout reports is passed on
 * to 'diags' without any quoted text: a warning from the line breaker may
 * quote a word of the name or address.
 */
static lf_display *lay_out_letter(mail_run *m, const request *r, lf_arena *arena,
                                  int address_only, lf_diags *diags) {
  const print_format *f = &m->formats[r->format];
  lf_letter letter;
  if (fill_letter(m, r, arena, &letter, diags) != 0)
    return NULL;
  if (address_only) {
    letter.body_count = 0;
    letter.title = "Address sheet";
    letter.identifier = lf_arena_printf(arena, "address.%s", r->ref);
  }
  lf_diags scratch;
  lf_diags_init(&scratch);
  lf_display *out = lf_layout_letter(arena, &letter, f->letter_format, f->fonts, &scratch);
  lf_pos pos = {m->opts->requests, (int)r->line, 0};
  for (size_t i = 0; i < scratch.count; i++) {
    const lf_diag *g = &scratch.items[i];
    int quotes_nothing = g->kind == LF_DIAG_LETTER || g->kind == LF_DIAG_NO_MEMORY;
    if (g->severity == LF_ERROR)
      lf_error(diags, pos, "request failed: the covering letter (%s) cannot be typeset: %s",
               r->letter->file,
               quotes_nothing ? g->message : "some of its text cannot be set in these fonts");
    else if (g->kind == LF_DIAG_WORD_SPLIT)
      lf_warning(diags, pos, "a word of the covering letter is wider than a line at %g pt and "
                 "was split", f->letter_format->body_size);
    else if (g->severity == LF_WARNING)
      lf_warning(diags, pos, "the covering letter (%s) has a warning not shown here, as it "
                 "may quote the letter's text", r->letter->file);
  }
  if (!out && scratch.errors == 0)
    lf_error(diags, pos, "request failed: the covering letter cannot be typeset");
  lf_diags_free(&scratch);
  return out;
}

/*
 * 'write_private()' - Render a display list and write it readable by its
 * owner only.  Returns 0 or -1 (reported at 'pos').
 */
static int write_private(mail_run *m, const lf_display *d, const char *path, lf_pos pos,
                         lf_diags *diags) {
  unsigned char *data = NULL;
  size_t size = 0;
  if (lf_pdf_render_cached(d, m->pages, &data, &size, diags) != 0)
    return -1;
  /* not flushed file by file: a mailing is made whole again by running it
   * again, and a thousand fsyncs would take longer than the typesetting */
  int rc = lf_write_file_atomic(path, data, size, 0600, 0);
  if (rc != 0)
    lf_error(diags, pos, "cannot write %s: %s", path, strerror(errno));
  free(data);
  return rc;
}

/*
 * 'make_request()' - A request's own PDF: its letter, then its leaflet.
 */
static void make_request(mail_run *m, request *r) {
  const edition_doc *d = &m->docs[r->doc];
  lf_pos pos = {m->opts->requests, (int)r->line, 0};
  lf_arena *arena = lf_arena_new(0);
  lf_display *letter = arena ? lay_out_letter(m, r, arena, 0, &r->diags) : NULL;
  lf_display *all = letter ? lf_display_like(arena, d->display) : NULL;
  if (!all || lf_display_append(arena, all, letter, &r->diags) != 0 ||
      lf_display_append(arena, all, d->display, &r->diags) != 0) {
    r->failed = 1;
  } else {
    all->meta.identifier = lf_arena_printf(arena, "request.%s", r->ref);
    all->meta.subject = "A covering letter and the leaflet asked for";
    all->meta.creation_date = m->iso_date;
    if (write_private(m, all, r->path, pos, &r->diags) != 0) {
      r->failed = 1;
    } else {
      r->pages = all->page_count;
      r->written = 1;
    }
  }
  lf_arena_free(arena);
}

/* ---- braille requests ------------------------------------------------------------------ */

/*
 * 'brailles()' - Whether 'text' goes into braille as a paragraph in
 * 'language' with the format's tables (nothing reported).
 */
static int brailles(lf_arena *arena, const char *text, const char *language,
                    const lf_format *format) {
  lf_run run = {.text = text, .len = strlen(text)};
  lf_block para = {.kind = LF_BLOCK_PARAGRAPH, .text = {&run, 1}};
  lf_document doc = {.title = "", .language = language, .body = {&para, 1}};
  lf_diags quiet;
  lf_diags_init(&quiet);
  lf_braille_text out;
  int ok = lf_braille_translate(arena, &doc, format, &out, &quiet) == 0;
  lf_diags_free(&quiet);
  return ok;
}

/*
 * 'braille_failed()' - Why a request's letter did not go into braille,
 * said at the request without quoting it: the name (at its cell), the
 * leaflet's title in a language the letter's table has no braille for,
 * or else the letter's own text.
 */
static void braille_failed(mail_run *m, const request *r, lf_arena *arena,
                           const lf_letter *letter, lf_diags *diags) {
  const print_format *f = &m->formats[r->format];
  const edition_doc *d = &m->docs[r->doc];
  lf_pos pos = {m->opts->requests, (int)r->line, 0};
  if (!brailles(arena, r->cell[LF_COL_NAME], letter->language, f->format)) {
    if (r->cell_line[LF_COL_NAME])
      pos = (lf_pos){m->opts->requests, (int)r->cell_line[LF_COL_NAME],
                     (int)r->cell_column[LF_COL_NAME]};
    lf_error(diags, pos, "request failed: the name has a character with no braille in the "
             "table for the covering letter's language ('%s'); expected the name as the "
             "person reads it in braille", letter->language);
  } else if (!brailles(arena, d->title, letter->language, f->format)) {
    lf_error(diags, pos, "request failed: the covering letter (%s) is in '%s', whose braille "
             "table cannot write the title of %s ('%s'); expected a letter of the leaflet's "
             "own, %s/letters/%s.yaml, in '%s'", r->letter->file, letter->language,
             d->leaflet->id, d->leaflet->language, m->content->root, d->leaflet->id,
             d->leaflet->language);
  } else {
    lf_error(diags, pos, "request failed: the covering letter (%s) cannot be put into braille: "
             "some of its text has no braille in the table for its language", r->letter->file);
  }
}

/*
 * 'code_changes()' - Whether a reader going on from the letter's braille
 * 'text' (in 'letter_language', or ending in another) to a leaflet in
 * 'leaflet_language' meets another code.
 */
static int code_changes(const lf_braille_text *text, const char *letter_language,
                        const char *leaflet_language) {
  char from[16], to[16];
  const char *ends = text->ends_in ? text->ends_in
                                   : lf_language_primary(letter_language, from, sizeof from);
  return leaflet_language && ends &&
         strcmp(ends, lf_language_primary(leaflet_language, to, sizeof to)) != 0;
}

/*
 * 'with_code_note()' - The leaflet's braille 'in' (shared by the requests
 * for it) as '*out', a transcriber's note naming its language first (an
 * English letter, then a Polish leaflet; or a letter ending on its
 * statement in Chinese, then an English one).  Returns 0, or -1 when there
 * is no note to give (the leaflet then goes as it is).
 */
static int with_code_note(lf_arena *arena, const lf_letter *letter, const char *language,
                          const lf_format *format, const lf_braille_text *in,
                          lf_braille_text *out, lf_diags *diags) {
  lf_brl_block note;
  if (lf_braille_code_note(arena, letter->language, letter->pos, language, format, &note,
                           diags) != 1)
    return -1;
  lf_brl_block *blocks = lf_arena_array(arena, in->count + 1, sizeof *blocks);
  if (!blocks)
    return -1;
  blocks[0] = note;
  if (in->count)
    memcpy(blocks + 1, in->blocks, in->count * sizeof *blocks);
  *out = *in;
  out->blocks = blocks;
  out->count = in->count + 1;
  return 0;
}

/*
 * 'braille_letter()' - A request's letter and its leaflet in braille, one
 * BRF file's bytes in '*out': the letterhead, the paragraphs, then the
 * print letter's footer (which may be the only place its reference is
 * given).  What translating the letter reports is passed on without the
 * character or text it is about: the letter holds the name.  Returns 0,
 * or -1 (reported).
 */
static int braille_letter(mail_run *m, const request *r, lf_arena *arena, lf_brf *out,
                          lf_diags *diags) {
  const print_format *f = &m->formats[r->format];
  lf_letter letter;
  memset(out, 0, sizeof *out);
  if (fill_letter(m, r, arena, &letter, diags) != 0)
    return -1;
  /* the letter as a document of paragraphs: letterhead, body, footer (the
   * address is for the envelope, on the print address sheet) */
  lf_document doc = {.title = letter.bookmark, .language = letter.language,
                     .language_pos = letter.pos,
                     /* the code this letter asks the reader to quote, written
                      * letter for letter as a leaflet's id is (mark_codes()) */
                     .leaflet_id = r->ref};
  size_t n = letter.sender_count + letter.body_count;
  doc.body.items = lf_arena_array(arena, n + 1, sizeof *doc.body.items);
  lf_run *foot = lf_arena_array(arena, 1, sizeof *foot);
  if (!doc.body.items || !foot) {
    lf_error(diags, letter.pos, "out of memory");
    return -1;
  }
  for (size_t i = 0; i < n; i++) {
    size_t b = i - letter.sender_count;
    doc.body.items[doc.body.count++] = (lf_block){
        .kind = LF_BLOCK_PARAGRAPH, .pos = letter.pos,
        .text = i < letter.sender_count ? letter.sender[i] : letter.body[b],
        .language = i < letter.sender_count || !letter.body_languages
                        ? NULL : letter.body_languages[b],
        .language_pos = letter.pos};
  }
  /* the footer once, unless a paragraph already says it ("Our reference:
   * P0001" in the default letter's body) */
  int said = 0;
  for (size_t b = 0; letter.footer && b < letter.body_count && !said; b++) {
    const char *text = lf_inline_plain(arena, &letter.body[b]);
    said = text && strcmp(text, letter.footer) == 0;
  }
  if (letter.footer && letter.footer[0] && !said) {
    *foot = (lf_run){.text = letter.footer, .len = strlen(letter.footer)};
    doc.body.items[doc.body.count++] = (lf_block){
        .kind = LF_BLOCK_PARAGRAPH, .pos = letter.pos, .text = {foot, 1},
        .language_pos = letter.pos};
  }
  lf_diags scratch;
  lf_diags_init(&scratch);
  lf_braille_text text;
  int rc = lf_braille_translate(arena, &doc, f->format, &text, &scratch);
  const lf_braille_text *parts[] = {&text, m->docs[r->doc].braille};
  lf_braille_text leaflet;
  if (rc == 0 && code_changes(&text, letter.language, m->docs[r->doc].language) &&
      with_code_note(arena, &letter, m->docs[r->doc].language, f->format, parts[1], &leaflet,
                     &scratch) == 0)
    parts[1] = &leaflet;
  if (rc != 0)
    braille_failed(m, r, arena, &letter, diags);
  else if ((rc = lf_brf_layout(parts, 2, f->format, out, &scratch)) != 0)
    lf_error(diags, (lf_pos){m->opts->requests, (int)r->line, 0}, "request failed: the "
             "covering letter and leaflet could not be laid out in braille (out of memory)");
  lf_diags_free(&scratch);
  return rc;
}

/*
 * 'make_braille_request()' - A braille request's own files: its letter and
 * leaflet as requests/<ref>.brf, and the print address sheet for the
 * window envelope as requests/<ref>.address.pdf.
 */
static void make_braille_request(mail_run *m, request *r) {
  lf_pos pos = {m->opts->requests, (int)r->line, 0};
  lf_arena *arena = lf_arena_new(0);
  lf_brf brf = {0};
  lf_display *sheet = arena ? lay_out_letter(m, r, arena, 1, &r->diags) : NULL;
  if (!sheet || braille_letter(m, r, arena, &brf, &r->diags) != 0) {
    r->failed = 1;
  } else if (lf_write_file_atomic(r->path, brf.data, brf.size, 0600, 0) != 0) {
    lf_error(&r->diags, pos, "cannot write %s: %s", r->path, strerror(errno));
    r->failed = 1;
  } else if (write_private(m, sheet, r->sheet_path, pos, &r->diags) != 0) {
    r->failed = 1;
  } else {
    r->pages = brf.pages;
    r->written = 1;
  }
  free(brf.data);
  lf_arena_free(arena);
}

/*
 * 'braille_pack()' - Whether a braille request can be embossed: its print
 * address sheet can be set (a name too long for the window fails it) and
 * its letter and leaflet go into braille, in '*brf'.  The embosser's file
 * and the address sheets' print file both take a request only when this
 * holds, so that every pack has its envelope and sheet and pack stay in
 * step.  Problems go to 'quiet': the request's own task reports them.
 * Returns 1 or 0; the caller frees brf->data.
 */
static int braille_pack(mail_run *m, const request *r, lf_arena *arena, lf_brf *brf,
                        lf_diags *quiet) {
  memset(brf, 0, sizeof *brf);
  return arena && lay_out_letter(m, r, arena, 1, quiet) &&
         braille_letter(m, r, arena, brf, quiet) == 0;
}

/* ---- print files, in batches ------------------------------------------------------------- */

/*
 * 'open_batch()' - A format's next print file, named and started: a
 * spool for the PDF (in the fonts and on the paper of 'part'), or a
 * temporary file beside the BRF file.  Returns 0, or -1 (reported;
 * printing the format stops).
 */
static int open_batch(mail_run *m, print_format *f, const lf_display *part) {
  if (lf_grow_array((void **)&f->batches, &f->batch_cap, f->batch_count + 1,
                    sizeof *f->batches) != 0) {
    lf_error(&f->diags, (lf_pos){m->opts->out_dir, 0, 0}, "out of memory");
    f->failed = 1;
    return -1;
  }
  print_batch *b = &f->batches[f->batch_count];
  memset(b, 0, sizeof *b);
  b->number = f->batch_count + 1;
  b->format_name = f->name;
  b->file = lf_arena_printf(f->arena, "print-%s%s-%03zu.%s", f->name, m->part,
                            b->number, f->format->braille ? "brf" : "pdf");
  b->path = lf_arena_printf(f->arena, "%s/%s", m->opts->out_dir, b->file ? b->file : "");
  const char *identifier = lf_arena_printf(f->arena, "print.%s%s.%03zu", f->name,
                                           m->part, b->number);
  if (!b->file || !b->path || !identifier) {
    lf_error(&f->diags, (lf_pos){m->opts->out_dir, 0, 0}, "out of memory");
    f->failed = 1;
    return -1;
  }
  f->batch_count++;
  if (f->format->braille) {
    f->brf_fd = lf_temp_open(b->path, 0600, &f->brf_temp);
    if (f->brf_fd < 0)
      lf_error(&f->diags, (lf_pos){b->path, 0, 0}, "cannot write %s: %s", b->path,
               strerror(errno));
  } else {
    f->spool = lf_pdf_spool_open(b->path, 0600, part->fonts, part->page_width,
                                 part->page_height, part->meta.language, identifier, m->pages,
                                 &f->diags);
  }
  if (f->format->braille ? f->brf_fd < 0 : !f->spool) {
    b->failed = f->failed = 1;
    return -1;
  }
  return 0;
}

/*
 * 'abort_batch()' - Give up the open print file (removed) after a
 * failure: it and the rest of the format's requests are not printed.
 */
static void abort_batch(print_format *f) {
  if (f->spool)
    lf_pdf_spool_abort(f->spool);
  if (f->brf_fd >= 0)
    lf_temp_discard(f->brf_fd, f->brf_temp);
  f->spool = NULL;
  f->brf_fd = -1;
  f->brf_temp = NULL;
  f->batches[f->batch_count - 1].failed = 1;
  f->failed = 1;
}

/*
 * 'close_batch()' - Finish the open print file: the spool closed (its
 * title naming the batch), or the BRF file renamed into place; then its
 * bytes and SHA-256, for batches.csv.
 */
static void close_batch(mail_run *m, print_format *f) {
  print_batch *b = &f->batches[f->batch_count - 1];
  int ok;
  if (f->format->braille) {
    ok = lf_temp_commit(f->brf_fd, f->brf_temp, b->path) == 0;
    if (!ok)
      lf_error(&f->diags, (lf_pos){b->path, 0, 0}, "cannot write %s: %s", b->path,
               strerror(errno));
  } else {
    lf_metadata meta = {0};
    char title[200];
    snprintf(title, sizeof title, "Print file %zu%s%s: %s, %zu request%s", b->number,
             m->opts->shard_count ? " of part " : "",
             m->opts->shard_count ? m->part + 1 : "", f->description, b->requests,
             b->requests == 1 ? "" : "s");
    meta.title = title;
    meta.subject = f->address_for ? "Address sheets for the window envelopes of the braille "
                                    "requests, in the embosser's order, one a sheet"
                                  : "Covering letters and leaflets for printing, duplex";
    meta.creation_date = m->iso_date;
    ok = lf_pdf_spool_close(f->spool, &meta, &f->diags) == 0;
  }
  f->spool = NULL;
  f->brf_fd = -1;
  f->brf_temp = NULL;
  if (ok && lf_sha256_file(b->path, b->sha256, &b->bytes) != 0) {
    lf_error(&f->diags, (lf_pos){b->path, 0, 0}, "cannot read %s back: %s", b->path,
             strerror(errno));
    ok = 0;
  }
  b->written = ok;
  if (!ok)
    b->failed = f->failed = 1;
}

/*
 * 'room_for()' - Make room for a request of 'sheets' sheets: a new print
 * file when the open one has requests and this one would take it past
 * --batch-sheets.  Returns the open batch, or NULL (reported).
 */
static print_batch *room_for(mail_run *m, print_format *f, size_t sheets,
                             const lf_display *part) {
  int open = f->spool || f->brf_fd >= 0;
  if (open) {
    print_batch *b = &f->batches[f->batch_count - 1];
    size_t limit = m->opts->batch_sheets;
    if (!limit || b->sheets + sheets <= limit)
      return b;
    close_batch(m, f);
    if (f->failed)
      return NULL;
  }
  return open_batch(m, f, part) == 0 ? &f->batches[f->batch_count - 1] : NULL;
}

/*
 * 'counted()' - A request of 'pages' pages added to batch 'b'.
 */
static void counted(print_batch *b, const request *r, size_t pages) {
  if (!b->requests) {
    b->first_line = r->line;
    snprintf(b->first_ref, sizeof b->first_ref, "%s", r->ref);
  }
  b->last_line = r->line;
  snprintf(b->last_ref, sizeof b->last_ref, "%s", r->ref);
  b->requests++;
  b->pages += pages;
  b->sheets = b->pages / 2;
}

/*
 * 'printed()' - A request placed in the open print file at 'first_page',
 * taking 'pages' pages.
 */
static void printed(print_batch *b, request *r, size_t first_page, size_t pages) {
  r->print_batch = b->number;
  r->print_first_page = first_page;
  r->print_sheets = pages / 2;
  counted(b, r, pages);
}

/*
 * 'print_pdf_part()' - A request as a section of the format's open print
 * file: its letter and leaflet, each padded to a whole sheet; or, for the
 * print files of braille requests' address sheets (f->address_for), its
 * address sheet on a sheet of its own, which places nothing in the
 * request (its manifest row names the embosser's file).
 */
static void print_pdf_part(mail_run *m, print_format *f, request *r) {
  lf_arena *arena = lf_arena_new(0);
  if (!arena) {
    lf_error(&f->diags, (lf_pos){m->opts->out_dir, 0, 0}, "out of memory");
    f->failed = 1;
    return;
  }
  int sheet_only = f->address_for != 0;
  lf_diags quiet; /* the request's own task reports its letter's problems */
  lf_diags_init(&quiet);
  lf_display *letter = lay_out_letter(m, r, arena, sheet_only, &quiet);
  if (letter && sheet_only) {
    /* an address sheet only for a pack the embosser's file holds */
    lf_brf brf;
    if (!braille_pack(m, r, arena, &brf, &quiet))
      letter = NULL;
    free(brf.data);
  }
  lf_diags_free(&quiet);
  lf_display *part = letter ? lf_display_like(arena, letter) : NULL;
  if (letter && (!part || lf_display_append(arena, part, letter, &f->diags) != 0 ||
                 lf_display_pad_pages(arena, part, 2) < 0 ||
                 (!sheet_only &&
                  (lf_display_append(arena, part, m->docs[r->doc].display, &f->diags) != 0 ||
                   lf_display_pad_pages(arena, part, 2) < 0)))) {
    f->failed = 1;
  } else if (letter) {
    /* one section per request under the print file's Document */
    lf_display_retag_root(part, LF_EL_SECT);
    print_batch *b = room_for(m, f, part->page_count / 2, part);
    const char *mark = lf_arena_printf(arena, "Request %s", r->ref);
    if (b) {
      size_t first = lf_pdf_spool_pages(f->spool) + 1;
      if (lf_pdf_spool_add(f->spool, part, mark, &f->diags) != 0)
        abort_batch(f);
      else if (sheet_only)
        counted(b, r, part->page_count);
      else
        printed(b, r, first, part->page_count);
    }
  }
  lf_arena_free(arena);
}

/*
 * 'print_brf_part()' - A braille request's letter and leaflet in the
 * format's open BRF file for the embosser, starting a new sheet when
 * embossed interpoint (a blank page pads an odd count); only a request
 * braille_pack() takes.
 */
static void print_brf_part(mail_run *m, print_format *f, request *r) {
  lf_arena *arena = lf_arena_new(0);
  lf_diags quiet; /* the request's own task reports its letter's problems */
  lf_diags_init(&quiet);
  lf_brf brf = {0};
  if (braille_pack(m, r, arena, &brf, &quiet)) {
    size_t pages = brf.pages + brf.pages % 2;
    print_batch *b = room_for(m, f, pages / 2, NULL);
    if (b) {
      int fd = f->brf_fd;
      if ((b->pages && lf_write_all(fd, "\f", 1) != 0) ||
          lf_write_all(fd, brf.data, brf.size) != 0 ||
          (brf.pages % 2 && lf_write_all(fd, "\f", 1) != 0)) {
        lf_error(&f->diags, (lf_pos){b->path, 0, 0}, "cannot write %s: %s", b->path,
                 strerror(errno));
        abort_batch(f);
      } else {
        printed(b, r, b->pages + 1, pages);
      }
    }
  }
  free(brf.data);
  lf_diags_free(&quiet);
  lf_arena_free(arena);
}

/*
 * 'print_window()' - The window's requests of format 'f', in CSV order,
 * into its print files (a task); for the address sheets of braille, the
 * braille format's requests.
 */
static void print_window(mail_run *m, print_format *f) {
  /* the address sheets' print files take the braille format's requests */
  size_t fmt = f->address_for ? f->address_for - 1 : (size_t)(f - m->formats);
  for (size_t i = 0; i < m->count && !f->failed; i++) {
    request *r = &m->requests[i];
    if (r->bad || r->format != fmt || m->docs[r->doc].failed)
      continue;
    if (f->format->braille)
      print_brf_part(m, f, r);
    else
      print_pdf_part(m, f, r);
  }
}

/*
 * 'close_print_file()' - At the end of the run, a format's open print
 * file closed (a task).
 */
static void close_print_file(void *ctx, size_t index) {
  mail_run *m = ctx;
  print_format *f = &m->formats[m->order[index]];
  if (f->spool || f->brf_fd >= 0)
    close_batch(m, f);
}

/*
 * 'report_batches()' - The print files finished since the last report:
 * their lines (in the order of the formats), and what went wrong.
 */
static void report_batches(mail_run *m) {
  for (size_t i = 0; i < m->format_count; i++) {
    print_format *f = &m->formats[i];
    size_t done = f->batch_count - (f->spool || f->brf_fd >= 0 ? 1 : 0);
    lf_progress_clear(&m->progress);
    lf_diags_print(&f->diags, m->opts->err);
    lf_diags_free(&f->diags);
    lf_diags_init(&f->diags);
    for (; f->batches_reported < done; f->batches_reported++) {
      const print_batch *b = &f->batches[f->batches_reported];
      if (b->written && m->print_lines)
        fprintf(m->opts->out, "%s (%zu page%s, %zu sheet%s %s, %zu request%s)\n", b->path,
                b->pages, b->pages == 1 ? "" : "s", b->sheets, b->sheets == 1 ? "" : "s",
                f->format->braille ? "interpoint" : "duplex", b->requests,
                b->requests == 1 ? "" : "s");
    }
  }
  fflush(m->opts->out);
}

/*
 * 'run_task()' - Step 3's task 'index': a format's print files, or a
 * request.
 */
static void run_task(void *ctx, size_t index) {
  mail_run *m = ctx;
  if (index < m->print_tasks) {
    print_window(m, &m->formats[m->order[index]]);
  } else {
    request *r = &m->requests[m->task_request[index - m->print_tasks]];
    if (m->formats[r->format].format->braille)
      make_braille_request(m, r);
    else
      make_request(m, r);
  }
}

/*
 * 'report_request()' - A row's diagnostics and its line, in CSV order.
 */
static void report_request(mail_run *m, request *r) {
  if (r->diags.count) {
    lf_progress_clear(&m->progress);
    lf_diags_print(&r->diags, m->opts->err);
  }
  if (r->written && m->print_lines) {
    lf_progress_clear(&m->progress);
    fprintf(m->opts->out, "line %zu: %s (%zu page%s, %s)\n", r->line, r->path, r->pages,
            r->pages == 1 ? "" : "s", m->formats[r->format].format->name);
  }
}

/*
 * 'task_done()' - Report requests in CSV order as they finish.
 */
static void task_done(void *ctx, size_t index) {
  mail_run *m = ctx;
  if (index != (size_t)-1 && index >= m->print_tasks)
    lf_ordered_finish(&m->in_order, m->task_request[index - m->print_tasks]);
  for (size_t i; (i = lf_ordered_next(&m->in_order)) != (size_t)-1;) {
    report_request(m, &m->requests[i]);
    m->finished_count++;
  }
  fflush(m->opts->out);
  lf_progress_update(&m->progress, m->finished_count);
}

/* ---- step 4: the manifest and the list of print files ------------------------------------ */

/*
 * 'first_error()' - The first error of a row, without its place.
 */
static const char *first_error(const lf_diags *d) {
  for (size_t i = 0; i < d->count; i++)
    if (d->items[i].severity == LF_ERROR)
      return d->items[i].message;
  return "";
}

/* 'put_number()' - A number as a CSV field. */
static void put_number(FILE *fp, size_t n, int last) {
  char text[32];
  snprintf(text, sizeof text, "%zu", n);
  lf_put_csv_cell(fp, text, last);
}

/* A made request in no print file: the manifest's error for it. */
#define UNPRINTED "in no print file: its print file could not be written (see the " \
                  "errors); run the mailing again"

/*
 * 'unprinted()' - Whether a request was made but is in no print file.
 */
static int unprinted(const mail_run *m, const request *r) {
  if (!r->written || r->bad)
    return 0;
  const print_format *f = &m->formats[r->format];
  return !r->print_batch || f->batches[r->print_batch - 1].failed;
}

/*
 * 'manifest_rows()' - The window's rows of the manifest, in CSV order.
 */
static void manifest_rows(mail_run *m) {
  FILE *fp = m->manifest;
  for (size_t i = 0; i < m->count; i++) {
    const request *r = &m->requests[i];
    int ok = r->written;
    const print_format *f = !r->bad ? &m->formats[r->format] : NULL;
    print_batch *b = f && r->print_batch ? &m->formats[r->format].batches[r->print_batch - 1]
                                         : NULL;
    int printed = b && !b->failed;
    if (printed && ok)
      b->listed++;
    /* made but in no print file (its format's print file failed, and the
     * format's printing stopped): not sent, so not "ok" */
    int unprinted = ok && !printed;
    put_number(fp, r->line, 0);
    lf_put_csv_cell(fp, r->ref ? r->ref : r->shown_ref, 0);
    lf_put_csv_cell(fp, r->leaflet_id, 0);
    lf_put_csv_cell(fp, r->tumour_id, 0);
    lf_put_csv_cell(fp, f ? f->format->name : NULL, 0);
    if (ok)
      put_number(fp, r->pages, 0);
    else
      lf_put_csv_cell(fp, NULL, 0);
    if (printed)
      put_number(fp, r->print_sheets, 0);
    else
      lf_put_csv_cell(fp, NULL, 0);
    lf_put_csv_cell(fp, ok ? r->file : NULL, 0);
    lf_put_csv_cell(fp, printed ? b->file : NULL, 0);
    if (printed)
      put_number(fp, r->print_first_page, 0);
    else
      lf_put_csv_cell(fp, NULL, 0);
    lf_put_csv_cell(fp, ok && !unprinted ? "ok" : r->bad ? "skipped" : "failed", 0);
    if (!ok && printed && !r->bad) {
      /* its own PDF failed, yet it is in a print file that was written:
       * say so, or the print room would post it twice */
      char error[1024];
      snprintf(error, sizeof error, "%s (it is in its print file all the same)",
               first_error(&r->diags));
      lf_put_csv_cell(fp, error, 1);
    } else {
      lf_put_csv_cell(fp, unprinted ? UNPRINTED : ok ? NULL : first_error(&r->diags), 1);
    }
  }
}

/*
 * 'failed_print_file()' - Whether 'file' names a print file that failed
 * after rows were listed with it.
 */
static int failed_print_file(const mail_run *m, const char *file) {
  for (size_t i = 0; i < m->format_count; i++)
    for (size_t k = 0; k < m->formats[i].batch_count; k++) {
      const print_batch *b = &m->formats[i].batches[k];
      if (b->failed && b->requests && strcmp(b->file, file) == 0)
        return 1;
    }
  return 0;
}

/*
 * 'unlist_failed()' - A print file that failed after its first rows were
 * written to the manifest (the disk filled, say): the manifest copied
 * without it in those rows' sheets, print_file and print_first_page.
 * Returns 0, or -1 (reported).
 */
static int unlist_failed(mail_run *m, const char *path, lf_diags *diags) {
  int any = 0;
  for (size_t i = 0; i < m->format_count; i++)
    for (size_t k = 0; k < m->formats[i].batch_count; k++) {
      const print_batch *b = &m->formats[i].batches[k];
      any |= b->failed && b->requests;
      if (b->failed) {
        /* its rows were counted made: they are in no print file after all */
        m->made -= b->listed;
        m->failed += b->listed;
      }
    }
  if (!any)
    return 0;
  char *temp = NULL;
  int fd = fflush(m->manifest) == 0 ? dup(fileno(m->manifest)) : -1;
  FILE *fp = fd >= 0 && lseek(fd, 0, SEEK_SET) == 0 ? lf_temp_fopen(path, 0600, &temp) : NULL;
  lf_csv_reader *in = fp ? lf_csv_open(fd, -1) : NULL;
  lf_arena *arena = in ? lf_arena_new(0) : NULL;
  int rc = arena ? 0 : -1;
  lf_csv_record rec;
  int got;
  while (rc == 0 && (got = lf_csv_next(in, arena, &rec)) == 1) {
    for (size_t c = 0; c < rec.count; c++) {
      int failed = rec.count == 12 && rec.line > 1 && failed_print_file(m, rec.fields[8]);
      const char *cell = rec.fields[c];
      if (failed && (c == 6 || c == 8 || c == 9))
        cell = NULL;
      else if (failed && c == 10)
        cell = "failed";
      else if (failed && c == 11)
        cell = UNPRINTED;
      lf_put_csv_cell(fp, cell, c + 1 == rec.count);
    }
    if (lf_arena_used(arena) > (1u << 20)) {
      lf_arena_free(arena);
      if (!(arena = lf_arena_new(0)))
        rc = -1;
    }
  }
  if (rc == 0 && got < 0)
    rc = -1;
  lf_csv_close(in);
  if (!in && fd >= 0)
    close(fd);
  lf_arena_free(arena);
  if (rc == 0) {
    lf_temp_fdiscard(m->manifest, m->manifest_temp);
    m->manifest = fp;
    m->manifest_temp = temp;
    return 0;
  }
  if (fp)
    lf_temp_fdiscard(fp, temp);
  lf_error(diags, (lf_pos){path, 0, 0}, "cannot rewrite the manifest: %s", strerror(errno));
  return -1;
}

/*
 * 'by_print_file()' - Batches by format name, then number (qsort).
 */
static int by_print_file(const void *a, const void *b) {
  const print_batch *x = *(const print_batch *const *)a, *y = *(const print_batch *const *)b;
  int c = strcmp(x->format_name, y->format_name);
  return c ? c : x->number < y->number ? -1 : x->number > y->number;
}

/*
 * 'write_batches()' - OUT/batches.csv (for a part, batches.K-of-N.csv):
 * a row per print file, by format and number.  Returns 0, or -1
 * (reported).
 */
static int write_batches(mail_run *m, const char *path, lf_diags *diags) {
  size_t count = 0;
  for (size_t i = 0; i < m->format_count; i++)
    count += m->formats[i].batch_count;
  const print_batch **all = calloc(count + 1, sizeof *all);
  char *text = NULL;
  size_t len = 0;
  FILE *fp = all ? open_memstream(&text, &len) : NULL;
  if (!fp) {
    free(all);
    lf_error(diags, (lf_pos){path, 0, 0}, "out of memory");
    return -1;
  }
  count = 0;
  for (size_t i = 0; i < m->format_count; i++)
    for (size_t k = 0; k < m->formats[i].batch_count; k++)
      all[count++] = &m->formats[i].batches[k];
  qsort(all, count, sizeof *all, by_print_file);
  fputs(LF_BATCHES_HEADER, fp);
  for (size_t i = 0; i < count; i++) {
    const print_batch *b = all[i];
    lf_put_csv_cell(fp, b->file, 0);
    lf_put_csv_cell(fp, b->format_name, 0);
    lf_put_csv_cell(fp, m->opts->shard_count ? m->part + 1 : NULL, 0);
    put_number(fp, b->number, 0);
    put_number(fp, b->requests, 0);
    put_number(fp, b->pages, 0);
    put_number(fp, b->sheets, 0);
    put_number(fp, b->first_line, 0);
    put_number(fp, b->last_line, 0);
    lf_put_csv_cell(fp, b->first_ref, 0);
    lf_put_csv_cell(fp, b->last_ref, 0);
    if (b->written)
      put_number(fp, b->bytes, 0);
    else
      lf_put_csv_cell(fp, NULL, 0);
    lf_put_csv_cell(fp, b->written ? b->sha256 : NULL, 0);
    lf_put_csv_cell(fp, b->written ? "ok" : "failed", 1);
  }
  free(all);
  int rc = -1;
  if (fclose(fp) == 0 && text)
    rc = lf_write_file_atomic(path, text, len, 0600, 1);
  else
    errno = ENOMEM;
  if (rc != 0)
    lf_error(diags, (lf_pos){path, 0, 0}, "cannot write the list of print files: %s",
             strerror(errno));
  free(text);
  return rc;
}

/*
 * 'write_digest()' - A part's requests.K-of-N.sha256: the SHA-256 of the
 * requests file it was made from and the file's name, which mail merge
 * checks.  Returns 0, or -1 (reported).
 */
static int write_digest(mail_run *m, const char *name, const char *digest, lf_diags *diags) {
  const char *path = lf_arena_printf(m->arena, "%s/%s", m->opts->out_dir, name);
  const char *slash = strrchr(m->opts->requests, '/');
  const char *text = lf_arena_printf(m->arena, "%s  %s\n", digest,
                                     slash ? slash + 1 : m->opts->requests);
  if (!path || !text || lf_write_file_atomic(path, text, strlen(text), 0600, 1) != 0) {
    lf_error(diags, (lf_pos){path ? path : name, 0, 0}, "cannot write the digest of the "
             "requests: %s", strerror(errno));
    return -1;
  }
  return 0;
}

/* ---- the run ----------------------------------------------------------------------------- */

/*
 * 'make_folders()' - OUT (its parents as usual, itself 0700) and
 * OUT/requests (0700).  Returns 0 or -1 (reported).
 */
static int make_folders(const char *out, lf_arena *arena, lf_diags *diags) {
  const char *slash = strrchr(out, '/');
  if (slash && slash != out) {
    char *parent = lf_arena_strndup(arena, out, (size_t)(slash - out));
    if (!parent || lf_make_dirs(parent, 0755) != 0) {
      lf_error(diags, (lf_pos){out, 0, 0}, "cannot create the output folder: %s",
               strerror(errno));
      return -1;
    }
  }
  char *requests = lf_arena_printf(arena, "%s/requests", out);
  struct stat st;
  if ((mkdir(out, 0700) != 0 && errno != EEXIST) || !requests ||
      (mkdir(requests, 0700) != 0 && errno != EEXIST) || stat(requests, &st) != 0 ||
      !S_ISDIR(st.st_mode)) {
    lf_error(diags, (lf_pos){out, 0, 0}, "cannot create the output folder: %s",
             strerror(errno));
    return -1;
  }
  if (stat(out, &st) == 0 && (st.st_mode & 077))
    lf_warning(diags, (lf_pos){out, 0, 0}, "the output folder can be read by others (the "
               "files in it cannot: each is made readable by its owner only)");
  return 0;
}


/* What a part writes, for its leftovers: the names of its own files. */
typedef struct own_files {
  const mail_run *m;
  const char *manifest, *batches;   /* file names */
  const char *digest;               /* a part's requests.K-of-N.sha256, or NULL */
} own_files;

/*
 * 'own_request_file()' - Whether 'stem' is a file of requests/ a row of
 * this part writes: <ref>.pdf, <ref>.brf or <ref>.address.pdf.
 */
static int own_request_file(const char *stem, void *ctx) {
  const own_files *own = ctx;
  static const char *const tails[] = {".address.pdf", ".pdf", ".brf"};
  size_t n = strlen(stem);
  for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
    size_t t = strlen(tails[i]);
    char ref[LF_REF_MAX + 1];
    if (n > t && n - t <= LF_REF_MAX && strcmp(stem + n - t, tails[i]) == 0) {
      memcpy(ref, stem, n - t);
      ref[n - t] = '\0';
      return lf_requests_seen(&own->m->in, ref);
    }
  }
  return 0;
}

/*
 * 'known_format()' - Whether the 'len' bytes at 'name' name a format a
 * mailing makes print files in: one of the content's print formats, a
 * size ("20pt", "20.5pt"), or the braille requests' address sheets.  A
 * file named like a print file of anything else is not this tool's.
 */
static int known_format(const mail_run *m, const char *name, size_t len) {
  if (len == sizeof "braille-address" - 1 && strncmp(name, "braille-address", len) == 0)
    return 1;
  size_t d = 0;
  while (d < len && ((name[d] >= '0' && name[d] <= '9') || name[d] == '.'))
    d++;
  if (d > 0 && name[0] != '.' && len == d + 2 && strncmp(name + d, "pt", 2) == 0)
    return 1;
  for (size_t i = 0; m->content && i < m->content->format_count; i++) {
    const char *f = m->content->formats[i].name;
    if (f && strlen(f) == len && strncmp(f, name, len) == 0)
      return 1;
  }
  return 0;
}

/*
 * 'print_file_part()' - Whether 'stem' is a print file's name,
 * "print-<format><part>-<nnn>.pdf" or ".brf" (a format known_format()
 * knows; K and N without leading zeros), with the length of its part
 * ("-K-of-N", or 0 for a whole run's) in '*part_len' and where the part
 * starts in '*part_at'.
 */
static int print_file_part(const mail_run *m, const char *stem, size_t *part_at,
                           size_t *part_len) {
  size_t n = strlen(stem), digits = 0;
  if (strncmp(stem, "print-", 6) != 0 || n < 10 ||
      (strcmp(stem + n - 4, ".pdf") != 0 && strcmp(stem + n - 4, ".brf") != 0))
    return 0;
  while (digits < n - 4 && stem[n - 5 - digits] >= '0' && stem[n - 5 - digits] <= '9')
    digits++;
  if (digits < 3 || n < 6 + digits + 5 || stem[n - 5 - digits] != '-')
    return 0;
  size_t end = n - 5 - digits, i = end; /* stem[end] is the '-' before nnn */
  *part_at = end;
  *part_len = 0;
  /* "-K-of-N" just before it */
  while (i > 6 && stem[i - 1] >= '0' && stem[i - 1] <= '9')
    i--;
  if (i == end || i < 6 + 4 || strncmp(stem + i - 4, "-of-", 4) != 0)
    return known_format(m, stem + 6, end - 6);
  size_t j = i - 4;
  while (j > 6 && stem[j - 1] >= '0' && stem[j - 1] <= '9')
    j--;
  if (j == i - 4 || j <= 7 || stem[j - 1] != '-' || stem[j] == '0' || stem[i] == '0')
    return known_format(m, stem + 6, end - 6);
  *part_at = j - 1;
  *part_len = end - (j - 1);
  return known_format(m, stem + 6, j - 1 - 6);
}

/*
 * 'own_run_file()' - Whether 'stem' is a file of the output folder this
 * part writes: its manifest, its batches.csv, a print file of its
 * ("print-<format><part>-<nnn>.pdf" or ".brf"; a whole run's have no
 * "-of-" in them).
 */
static int own_run_file(const char *stem, void *ctx) {
  const own_files *own = ctx;
  if (strcmp(stem, own->manifest) == 0 || strcmp(stem, own->batches) == 0 ||
      (own->digest && strcmp(stem, own->digest) == 0))
    return 1;
  size_t at, len;
  if (!print_file_part(own->m, stem, &at, &len))
    return 0;
  const char *part = own->m->part;
  return len == strlen(part) && strncmp(stem + at, part, len) == 0;
}

/*
 * 'series_of()' - The "-of-N" of a part's name ("-2-of-3" gives "-of-3"),
 * or "" for a whole run's.
 */
static const char *series_of(const char *part, size_t len, char *buf, size_t size) {
  const char *of = NULL;
  for (size_t i = 0; i + 4 <= len; i++)
    if (strncmp(part + i, "-of-", 4) == 0)
      of = part + i;
  snprintf(buf, size, "%.*s", of ? (int)(len - (size_t)(of - part)) : 0, of ? of : "");
  return buf;
}

/*
 * 'other_run_file()' - Whether 'stem' is a file of another way of running
 * this mailing in the folder, which this run's files replace: for a whole
 * run, any part's print files, manifest.K-of-N.csv, batches.K-of-N.csv and
 * requests.K-of-N.sha256;
 * for a part of N, the whole run's (manifest.csv, batches.csv and print
 * files) and those of parts of another N.  The parts of this N are left
 * alone: they may be running beside this one.
 */
static int other_run_file(const mail_run *m, const char *stem) {
  char mine[32], theirs[32];
  series_of(m->part, strlen(m->part), mine, sizeof mine);
  size_t at, len, n = strlen(stem);
  if (print_file_part(m, stem, &at, &len))
    return strcmp(series_of(stem + at, len, theirs, sizeof theirs), mine) != 0;
  for (int k = 0; k < 3; k++) {
    const char *base = k == 2 ? "requests" : k ? "batches" : "manifest";
    const char *ext = k == 2 ? ".sha256" : ".csv";
    size_t b = strlen(base), x = strlen(ext);
    if (n < b + x || strncmp(stem, base, b) != 0 || strcmp(stem + n - x, ext) != 0)
      continue;
    if (n == b + x) /* manifest.csv, batches.csv */
      return k < 2 && mine[0] != '\0';
    /* manifest.K-of-N.csv: its "-K-of-N" is between the dots */
    const char *inner = stem + b;
    if (inner[0] != '.' || n - b - x < 2)
      return 0;
    char part[32];
    if (n - b - x - 1 + 2 > sizeof part)
      return 0; /* longer than any part's name */
    snprintf(part, sizeof part, "-%.*s", (int)(n - b - x - 1), inner + 1);
    /* K and N as `mail --shard` writes them: 1 <= K <= N, no leading 0 */
    char *end = NULL;
    const char *d = part + 1;
    if (*d < '1' || *d > '9')
      return 0;
    unsigned long kk = strtoul(d, &end, 10);
    if (strncmp(end, "-of-", 4) != 0 || end[4] < '1' || end[4] > '9')
      return 0;
    unsigned long nn = strtoul(end + 4, &end, 10);
    if (*end || kk > nn)
      return 0;
    return strcmp(series_of(part, strlen(part), theirs, sizeof theirs), mine) != 0;
  }
  return 0;
}

/*
 * 'remove_leftovers()' - Temporary files a killed run left beside the
 * files this one writes.
 */
static void remove_leftovers(mail_run *m, const char *manifest, const char *batches,
                             const char *digest) {
  own_files own = {m, manifest, batches, digest};
  char *dir = lf_arena_printf(m->arena, "%s/requests", m->opts->out_dir);
  if (dir)
    lf_remove_temps_if(dir, own_request_file, &own);
  lf_remove_temps_if(m->opts->out_dir, own_run_file, &own);
}

/*
 * 'made_this_run()' - Whether print file 'name' is one of this run's.
 */
static int made_this_run(const mail_run *m, const char *name) {
  for (size_t i = 0; i < m->format_count; i++)
    for (size_t k = 0; k < m->formats[i].batch_count; k++)
      if (strcmp(m->formats[i].batches[k].file, name) == 0)
        return 1;
  return 0;
}

/*
 * 'remove_old_print_files()' - Once batches.csv lists this run's print
 * files, the print files of this part's naming an earlier run left in the
 * folder (print-giant-002.pdf of a longer mailing), and the files of
 * another way of running it (other_run_file(): a whole run's after a
 * sharded one, or the other way round), are removed and named in a note:
 * printed beside the new ones, they would post letters twice.
 */
static void remove_old_print_files(mail_run *m, const char *manifest, const char *batches,
                                   const char *digest, lf_diags *diags) {
  own_files own = {m, manifest, batches, digest};
  DIR *d = opendir(m->opts->out_dir);
  if (!d)
    return;
  size_t removed = 0;
  const char *first = NULL;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    if (strcmp(e->d_name, manifest) == 0 || strcmp(e->d_name, batches) == 0 ||
        (digest && strcmp(e->d_name, digest) == 0) || made_this_run(m, e->d_name) ||
        !(own_run_file(e->d_name, &own) || other_run_file(m, e->d_name)))
      continue;
    char *path = lf_arena_printf(m->arena, "%s/%s", m->opts->out_dir, e->d_name);
    if (path && unlink(path) == 0) {
      removed++;
      if (!first || strcmp(e->d_name, first) < 0)
        first = lf_arena_strdup(m->arena, e->d_name);
    }
  }
  closedir(d);
  if (removed)
    lf_diag_add(diags, LF_NOTE, (lf_pos){m->opts->out_dir, 0, 0},
                "removed %zu file%s an earlier run of this mailing left in this folder "
                "(%s%s), print files batches.csv no longer lists or another way of running "
                "it's files: printed or merged beside this run's, they would post letters "
                "twice", removed, removed == 1 ? "" : "s", first ? first : "",
                removed > 1 ? " ..." : "");
}

/*
 * 'order_formats()' - The window's formats with requests, more requests
 * first (their print tasks take longest, so they start first); ties in
 * order of first use.
 */
static void order_formats(mail_run *m) {
  m->print_tasks = 0;
  for (size_t i = 0; i < m->format_count; i++)
    if (m->formats[i].window_requests && !m->formats[i].failed)
      m->order[m->print_tasks++] = i;
  for (size_t i = 1; i < m->print_tasks; i++)
    for (size_t k = i; k > 0 && m->formats[m->order[k]].window_requests >
                                    m->formats[m->order[k - 1]].window_requests; k--) {
      size_t t = m->order[k];
      m->order[k] = m->order[k - 1];
      m->order[k - 1] = t;
    }
}

/*
 * 'read_window()' - Up to WINDOW of the part's rows, checked (step 1).
 * Returns how many, or (size_t)-1 when reading failed (reported).
 */
static size_t read_window(mail_run *m, lf_diags *diags) {
  m->count = 0;
  for (size_t i = 0; i < m->format_count; i++)
    m->formats[i].window_requests = 0;
  while (m->count < WINDOW) {
    lf_csv_record rec;
    size_t row;
    int got = lf_requests_next(&m->in, m->window, &rec, &row);
    if (got < 0) {
      lf_error(diags, (lf_pos){m->opts->requests, 0, 0}, "cannot read the requests: %s",
               strerror(errno));
      return (size_t)-1;
    }
    if (got == 0)
      break;
    request *r = &m->requests[m->count++];
    memset(r, 0, sizeof *r);
    lf_diags_init(&r->diags);
    r->line = rec.line;
    r->row = row;
    for (int col = 0; col < LF_COL_COUNT; col++)
      r->cell[col] = "";
    check_row(m, r, &rec);
  }
  return m->count;
}

/*
 * 'run_window()' - Steps 2 to 4 for the rows read: the leaflet editions
 * they are the first to ask for laid out; their files and their print
 * files' parts made; their manifest rows written.
 */
static void run_window(mail_run *m) {
  const lf_mail_options *o = m->opts;
  size_t new_docs = m->doc_count - m->docs_laid_out;
  if (new_docs) {
    lf_pool_run(new_docs, lf_worker_count(o->jobs, new_docs), lay_out_new_doc, doc_done, 0.25,
                m);
    lf_progress_clear(&m->progress);
    for (size_t i = m->docs_laid_out; i < m->doc_count; i++)
      lf_diags_print(&m->docs[i].diags, o->err);
    m->docs_laid_out = m->doc_count;
  }
  size_t good = 0;
  lf_ordered_free(&m->in_order);
  int ordered = lf_ordered_init(&m->in_order, m->count) == 0;
  for (size_t i = 0; i < m->count && !ordered; i++) {
    request *r = &m->requests[i];
    if (!r->bad) {
      lf_error(&r->diags, (lf_pos){o->requests, (int)r->line, 0}, "request failed: out of "
               "memory");
      r->failed = 1;
    }
    lf_diags_print(&r->diags, o->err);
  }
  for (size_t i = 0; i < m->count && ordered; i++) {
    request *r = &m->requests[i];
    if (!r->bad && !r->failed && m->docs[r->doc].failed) {
      lf_error(&r->diags, (lf_pos){o->requests, (int)r->line, 0}, "request failed: leaflet "
               "'%s' cannot be typeset in format '%s' (reported above)", r->leaflet_id,
               m->formats[r->format].format->name);
      r->failed = 1;
    }
    if (r->bad || r->failed)
      lf_ordered_finish(&m->in_order, i);
    else
      m->task_request[good++] = i;
  }
  if (ordered) {
    order_formats(m);
    size_t tasks = m->print_tasks + good;
    task_done(m, (size_t)-1);
    lf_pool_run(tasks, lf_worker_count(o->jobs, tasks), run_task, task_done, 0.25, m);
  }
  report_batches(m);
  manifest_rows(m);
  for (size_t i = 0; i < m->count; i++) {
    const request *r = &m->requests[i];
    int lost = unprinted(m, r);
    m->made += r->written && !lost;
    m->skipped += r->bad;
    m->failed += (!r->written && !r->bad) || lost;
    m->pages_made += r->pages;
    lf_diags_free(&m->requests[i].diags);
  }
}

/*
 * 'lf_mail()' - Lock the folder, read the requests once through, then a
 * window at a time: check, lay out, make, list; close the print files,
 * write the manifest and the list of print files.
 */
int lf_mail(const lf_mail_options *o) {
  double started = lf_seconds();
  mail_run *m = calloc(1, sizeof *m);
  lf_diags diags;
  lf_diags_init(&diags);
  int status = LF_EXIT_OK;
  if (!m || !(m->arena = lf_arena_new(0))) {
    fprintf(o->err, "leaflet: out of memory\n");
    free(m);
    return LF_EXIT_FAILED;
  }
  m->opts = o;
  m->lock = (lf_out_lock){.fd = -1, .part_fd = -1};
  snprintf(m->iso_date, sizeof m->iso_date, "%04d-%02d-%02d", o->today.year, o->today.month,
           o->today.day);
  m->part = o->shard_count ? lf_arena_printf(m->arena, "-%d-of-%d", o->shard_index,
                                             o->shard_count)
                           : "";
  const char *manifest_name = o->shard_count ? lf_arena_printf(m->arena, "manifest.%d-of-%d.csv",
                                                               o->shard_index, o->shard_count)
                                             : "manifest.csv";
  const char *batches_name = o->shard_count ? lf_arena_printf(m->arena, "batches.%d-of-%d.csv",
                                                              o->shard_index, o->shard_count)
                                            : "batches.csv";
  /* a part says which requests file it was made from, for mail merge */
  const char *digest_name = o->shard_count ? lf_arena_printf(m->arena, LF_PART_DIGEST_FORMAT,
                                                             o->shard_index, o->shard_count)
                                           : NULL;
  char *manifest = lf_arena_printf(m->arena, "%s/%s", o->out_dir, manifest_name);
  char *batches = lf_arena_printf(m->arena, "%s/%s", o->out_dir, batches_name);
  m->requests = calloc(WINDOW, sizeof *m->requests);
  m->task_request = calloc(WINDOW, sizeof *m->task_request);
  if (!m->part || !manifest || !batches || !m->requests || !m->task_request) {
    lf_error(&diags, (lf_pos){0}, "out of memory");
    status = LF_EXIT_FAILED;
    goto done;
  }
  /* what makes the run impossible, before anything is made */
  lf_read_status how;
  int probe = lf_open_file(o->requests, (size_t)-1, 0, &how);
  if (probe < 0) {
    lf_error(&diags, (lf_pos){o->requests, 0, 0}, "cannot read the requests: %s",
             strerror(how.error));
    status = LF_EXIT_USAGE;
    goto done;
  }
  close(probe);
  m->content = lf_content_load(m->arena, o->content_dir, &diags);
  if (!m->content || lf_letters_load(m->arena, o->content_dir, &m->letters, &diags) != 0) {
    status = LF_EXIT_USAGE;
    goto done;
  }
  /* each leaflet's history and translation, checked when a row first asks
   * for it (pick_leaflet()) */
  if (!(m->unsound = lf_arena_array(m->arena, m->content->leaflet_count + 1, 1))) {
    lf_error(&diags, (lf_pos){0}, "out of memory");
    status = LF_EXIT_FAILED;
    goto done;
  }
  if (make_folders(o->out_dir, m->arena, &diags) != 0) {
    status = LF_EXIT_USAGE; /* nothing can be made: the run cannot start */
    goto done;
  }
  if (lf_lock_out(&m->lock, o->out_dir, o->shard_index, o->shard_count, o->no_wait, 0600,
                  o->err, &diags) != 0) {
    status = LF_EXIT_FAILED;
    goto done;
  }
  if (lf_requests_open(&m->in, o->requests, o->out_dir, o->shard_index, o->shard_count,
                       &diags) != 0) {
    status = LF_EXIT_USAGE;
    goto done;
  }
  remove_leftovers(m, manifest_name, batches_name, digest_name);
  lf_requests_forget(&m->in);
  if (!(m->manifest = lf_temp_fopen(manifest, 0600, &m->manifest_temp))) {
    lf_error(&diags, (lf_pos){manifest, 0, 0}, "cannot write the manifest: %s",
             strerror(errno));
    status = LF_EXIT_FAILED;
    goto done;
  }
  fputs(LF_MANIFEST_HEADER, m->manifest);
  lf_diags_print(&diags, o->err);
  lf_diags_free(&diags);
  lf_diags_init(&diags);
  /* each leaflet's pages are compressed once for all its requests and the
   * print files; a letter's once for its request and the print file */
  m->pages = lf_pdf_cache_new((size_t)4 << 20);
  lf_progress_start(&m->progress, o->err, m->in.end - m->in.first, "requests");
  m->print_lines = !m->progress.bar || !isatty(fileno(o->out));
  for (;;) {
    if (!(m->window = lf_arena_new(0))) {
      lf_error(&diags, (lf_pos){0}, "out of memory");
      status = LF_EXIT_FAILED;
      break;
    }
    size_t got = read_window(m, &diags);
    if (got == (size_t)-1)
      status = LF_EXIT_FAILED;
    if (got && got != (size_t)-1)
      run_window(m);
    lf_arena_free(m->window);
    m->window = NULL;
    if (!got || got == (size_t)-1)
      break;
  }
  /* the last print file of each format */
  m->print_tasks = 0;
  for (size_t i = 0; i < m->format_count; i++)
    if (m->formats[i].spool || m->formats[i].brf_fd >= 0)
      m->order[m->print_tasks++] = i;
  lf_pool_run(m->print_tasks, lf_worker_count(o->jobs, m->print_tasks), close_print_file,
              doc_done, 0.25, m);
  lf_progress_clear(&m->progress);
  report_batches(m);
  size_t print_files = 0, print_pages = 0, print_sheets = 0;
  for (size_t i = 0; i < m->format_count; i++) {
    const print_format *f = &m->formats[i];
    for (size_t k = 0; k < f->batch_count; k++) {
      print_files += f->batches[k].written;
      print_pages += f->batches[k].written ? f->batches[k].pages : 0;
      print_sheets += f->batches[k].written ? f->batches[k].sheets : 0;
    }
    if (f->failed)
      status = LF_EXIT_FAILED;
  }
  /* step 4: the manifest is made whole once everything it lists is */
  char *requests_dir = lf_arena_printf(m->arena, "%s/requests", o->out_dir);
  if (requests_dir)
    lf_sync_dir(requests_dir);
  lf_sync_dir(o->out_dir);
  int listed = 1; /* the manifest, batches.csv and a part's digest written */
  if (unlist_failed(m, manifest, &diags) != 0 ||
      lf_temp_fcommit(m->manifest, m->manifest_temp, manifest) != 0) {
    if (!diags.errors)
      lf_error(&diags, (lf_pos){manifest, 0, 0}, "cannot write the manifest: %s",
               strerror(errno));
    status = LF_EXIT_FAILED;
    listed = 0;
  }
  m->manifest = NULL;
  m->manifest_temp = NULL;
  if (write_batches(m, batches, &diags) != 0 ||
      (digest_name && write_digest(m, digest_name, m->in.digest, &diags) != 0)) {
    status = LF_EXIT_FAILED;
    listed = 0;
  }
  /* an earlier run's files go only once this run's lists are there to
   * take their place */
  if (listed)
    remove_old_print_files(m, manifest_name, batches_name, digest_name, &diags);
  if (m->skipped || m->failed)
    status = LF_EXIT_FAILED;
  lf_diags_print(&diags, o->err);
  size_t rows = m->in.end - m->in.first;
  char part[96] = "";
  if (o->shard_count)
    snprintf(part, sizeof part, " (part %d of %d: rows %zu to %zu of %zu)", o->shard_index,
             o->shard_count, m->in.first + 1, m->in.end, m->in.rows);
  fprintf(o->err, "%zu request%s%s: %zu made, %zu skipped, %zu failed; %zu page%s; %zu print "
          "file%s, %zu page%s, %zu sheet%s duplex; %.2f s; manifest %s; print files listed in "
          "%s\n", rows, rows == 1 ? "" : "s", part, m->made, m->skipped, m->failed,
          m->pages_made, m->pages_made == 1 ? "" : "s", print_files, print_files == 1 ? "" : "s",
          print_pages, print_pages == 1 ? "" : "s", print_sheets, print_sheets == 1 ? "" : "s",
          lf_seconds() - started, manifest, batches);
  lf_diags_free(&diags);
  goto cleanup;
done:
  lf_diags_print(&diags, o->err);
  lf_diags_free(&diags);
cleanup:
  if (m->manifest)
    lf_temp_fdiscard(m->manifest, m->manifest_temp);
  for (size_t i = 0; i < m->doc_count; i++) {
    lf_diags_free(&m->docs[i].diags);
    lf_arena_free(m->docs[i].arena);
  }
  for (size_t i = 0; i < m->format_count; i++) {
    print_format *f = &m->formats[i];
    if (f->spool || f->brf_fd >= 0)
      abort_batch(f);
    lf_diags_free(&f->diags);
    lf_arena_free(f->arena);
    free(f->batches);
  }
  lf_requests_close(&m->in);
  lf_unlock_out(&m->lock);
  lf_font_cache_free(&m->fonts);
  lf_pdf_cache_free(m->pages);
  free(m->docs);
  free(m->requests);
  lf_ordered_free(&m->in_order);
  free(m->task_request);
  lf_arena_free(m->arena);
  free(m);
  return status;
}
