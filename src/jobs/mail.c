/*
 * mail.c -- `leaflet mail`: covering letters and leaflets for a list of
 * requests (jobs.h).
 *
 * A run goes through four steps:
 *
 *   1. check every row of the CSV file: the columns, a usable ref, a name,
 *      an address with a postcode, a leaflet (and tumour type) that exists
 *      and is not past review, a format that is a print format or a size;
 *      a bad row is reported with its line number and skipped;
 *   2. lay out each leaflet edition once per format the good rows ask for
 *      (in parallel);
 *   3. in parallel: for each good row, its letter (lf_layout_letter) with
 *      the leaflet after it, written as OUT/requests/<ref>.pdf; and for each
 *      format, one print file of every request in that format, each letter
 *      and each leaflet starting on a new sheet when printed duplex;
 *   4. OUT/manifest.csv for the print room, failed rows included.
 *
 * Personal data (names and addresses) goes into the PDFs and nowhere else:
 * every file is created mode 0600 in a folder made 0700, and diagnostics,
 * progress lines and the manifest name rows by line number and ref and
 * never quote a cell of the CSV file (a misplaced comma can put a name in
 * any column).  What the letter's layout reports is passed on only when
 * its kind (diag.h) says it quotes none of the letter's text; anything
 * else is replaced by a message that quotes nothing.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jobs_internal.h"
#include "leaflet/braille.h"
#include "leaflet/document.h"
#include "leaflet/jobs.h"
#include "leaflet/layout.h"
#include "leaflet/letters.h"
#include "leaflet/pdf.h"
#include "leaflet/utf8.h"

enum {
  COL_REF, COL_NAME, COL_ADDRESS_1, COL_ADDRESS_2, COL_ADDRESS_3, COL_TOWN, COL_POSTCODE,
  COL_LEAFLET, COL_TUMOUR, COL_FORMAT, COL_COUNT
};

static const char *const column_names[COL_COUNT] = {
    "ref", "name", "address_1", "address_2", "address_3", "town", "postcode",
    "leaflet", "tumour", "format"};

enum {
  REQUESTS_MAX_BYTES = 64 << 20,   /* the CSV file */
  FORMATS_MAX = 128,               /* distinct formats in one run */
  CELL_MAX = 200,                  /* bytes in a name or address cell */
  REF_MAX = 64                     /* characters in a ref */
};

/* A print format the requests use, and its print file. */
typedef struct print_format {
  const lf_format *format;
  const lf_format *letter_format; /* what letters are typeset in: 'format', or
                                     for braille the address sheet's */
  const lf_fontset *fonts;   /* letter_format's */
  const char *description;   /* "large print" */
  const char *size_text;     /* "18 pt"; NULL in braille (the leaflet's grade) */
  size_t requests;           /* good rows in this format */
  const char *file, *path;   /* print-<format>.pdf, print-braille.brf */
  size_t pages, sheets, printed;
  int written, failed;
  lf_diags diags;
} print_format;

/* A leaflet edition in one format, laid out once for every request. */
typedef struct edition_doc {
  const lf_leaflet *leaflet;
  size_t edition;
  size_t format;
  lf_arena *arena;           /* the display list and the names below */
  const char *title;         /* the leaflet's */
  const char *tumour_id;     /* the edition's, or NULL */
  lf_display *display;
  lf_braille_text *braille;  /* in braille: the leaflet translated, not laid out */
  const char *grade;         /* in braille: "grade 2" or "grade 1" */
  lf_diags diags;
  int failed;
} edition_doc;

typedef struct request {
  size_t line;
  const char *cell[COL_COUNT];
  const char *ref;           /* a valid ref, or NULL */
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
  size_t print_first_page, print_sheets; /* set by the print file's task */
  int written, failed;
} request;

typedef struct mail_run {
  const lf_mail_options *opts;
  lf_arena *arena;
  const lf_content *content;
  lf_letter_templates letters;
  lf_font_cache fonts;
  lf_pdf_cache *pages;       /* compressed page content the PDFs share */
  request *requests;
  size_t count;
  print_format formats[FORMATS_MAX];
  size_t format_count;
  edition_doc *docs;
  size_t doc_count, doc_cap;
  char date[32];             /* the letters' date, "24 November 2026" */
  char iso_date[16];
  /* step 3: tasks 0..format_count-1 are print files, then one per request */
  size_t *task_request;
  size_t *order;             /* formats by size, largest first */
  lf_ordered in_order;       /* requests finished, reported in CSV order */
  size_t finished_count, task_count;
  lf_progress progress;
  int print_lines;
} mail_run;

/* ---- step 1: the rows ------------------------------------------------------------ */

/*
 * 'row_error()' - Report a problem with a row (one list per row).
 */
static void row_error(mail_run *m, request *r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void row_error(mail_run *m, request *r, const char *fmt, ...) {
  char message[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  lf_error(&r->diags, (lf_pos){m->opts->requests, (int)r->line, 0}, "%s", message);
  r->bad = 1;
}

/*
 * 'trimmed()' - A cell without the spaces around it (in the arena).
 */
static const char *trimmed(lf_arena *arena, const char *s) {
  while (*s == ' ')
    s++;
  size_t n = strlen(s);
  while (n && s[n - 1] == ' ')
    n--;
  return lf_arena_strndup(arena, s, n);
}

/*
 * 'valid_ref()' - 1 to 64 letters, digits, '-', '_' or '.', not starting
 * with '.' or '-': safe as a file name on every system.
 */
static int valid_ref(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > REF_MAX || s[0] == '.' || s[0] == '-')
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
    if (strcmp(m->formats[i].format->name, format->name) == 0)
      return (int)i;
  if (m->format_count == FORMATS_MAX) {
    row_error(m, r, "request skipped: more than %d different formats in one run", FORMATS_MAX);
    return -1;
  }
  /* braille goes with a print address sheet for the window envelope,
   * typeset in the standard format */
  const lf_format *letter_format = format->braille
                                       ? lf_content_print_format(m->content, "standard")
                                       : format;
  if (!letter_format) {
    row_error(m, r, "request skipped: braille needs a print format for its address sheet "
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
  f->letter_format = letter_format;
  f->fonts = fonts;
  lf_diags_init(&f->diags);
  describe_format(m->arena, f);
  f->file = lf_arena_printf(m->arena, "print-%s.%s", format->name, format->braille ? "brf" : "pdf");
  f->path = lf_arena_printf(m->arena, "%s/%s", m->opts->out_dir, f->file);
  return (int)m->format_count++;
}

/*
 * 'pick_format()' - A format cell: a print format's name, or a body size
 * in points (12 to 48, "20", "20pt" or "20 pt").  A size that a named
 * format has is that format; any other is the nearest named format scaled.
 */
static int pick_format(mail_run *m, request *r, const char *cell) {
  const lf_content *c = m->content;
  const lf_format *format = cell[0] ? lf_content_format(c, cell) : NULL;
  if (!format && cell[0]) {
    char *end;
    double size = strtod(cell, &end);
    while (*end == ' ')
      end++;
    if (end != cell && (strcmp(end, "") == 0 || strcmp(end, "pt") == 0) && size >= 12 &&
        size <= 48 && fabs(size * 2 - round(size * 2)) < 1e-9) {
      for (size_t i = 0; i < c->format_count && !format; i++)
        if (!c->formats[i].braille && c->formats[i].body_size == size)
          format = &c->formats[i];
      if (!format) {
        const lf_format *base = lf_content_print_format(c, size >= 14 ? "large" : "standard");
        lf_format *scaled = base ? lf_arena_alloc(m->arena, sizeof *scaled) : NULL;
        if (scaled) {
          *scaled = lf_format_scaled(m->arena, base, size);
          format = scaled;
        }
      }
    }
  }
  if (!format) {
    const char **names = lf_arena_array(m->arena, c->format_count + 1, sizeof *names);
    for (size_t i = 0; names && i < c->format_count; i++)
      names[i] = c->formats[i].name;
    const char *near = names && cell[0] ? lf_nearest_name(cell, names, c->format_count) : NULL;
    row_error(m, r, "request skipped: %s column 'format' (expected standard, large, giant, "
              "braille or a size from 12 to 48 pt%s%s%s)", cell[0] ? "no print format or size in the" :
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
  const char *id = r->cell[COL_LEAFLET], *tumour = r->cell[COL_TUMOUR];
  const lf_leaflet *l = id[0] ? lf_content_leaflet(c, id) : NULL;
  if (!l) {
    int broken = 0;
    for (size_t k = 0; k < c->broken_count; k++)
      broken |= strcmp(c->broken_leaflets[k], id) == 0;
    const char **ids = lf_arena_array(m->arena, c->leaflet_count + 1, sizeof *ids);
    for (size_t i = 0; ids && i < c->leaflet_count; i++)
      ids[i] = c->leaflets[i].id;
    const char *near = ids && id[0] && !broken ? lf_nearest_name(id, ids, c->leaflet_count)
                                               : NULL;
    if (broken)
      row_error(m, r, "request skipped: the leaflet in column 'leaflet' has errors (reported "
                "above)");
    else
      row_error(m, r, "request skipped: %s column 'leaflet' (expected the id of a file in "
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
      row_error(m, r, "request skipped: leaflet '%s' has no tumour editions (expected column "
                "'tumour' to be empty)", l->id);
      return -1;
    }
  } else {
    const char **ids = lf_arena_array(m->arena, l->edition_count + 1, sizeof *ids);
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
      row_error(m, r, "request skipped: %s column 'tumour' for leaflet '%s' (expected one of "
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
    row_error(m, r, "request skipped: leaflet '%s' was due for review on %s, %ld days ago "
              "(review it, or run with --allow-overdue)", l->id, date, -days);
    return -1;
  }
  return 0;
}

/*
 * 'check_cells()' - The person's cells: present where needed, one line,
 * not too long, and printable in the fonts of the format.
 */
static void check_cells(mail_run *m, request *r, const lf_fontset *fonts) {
  static const int required[] = {COL_NAME, COL_ADDRESS_1, COL_POSTCODE};
  for (size_t i = 0; i < sizeof required / sizeof *required; i++)
    if (!r->cell[required[i]][0])
      row_error(m, r, "request skipped: no %s (column '%s' is empty)",
                required[i] == COL_NAME ? "name" : required[i] == COL_POSTCODE ? "postcode"
                                                                                : "address",
                column_names[required[i]]);
  for (int col = COL_NAME; col <= COL_POSTCODE; col++) {
    const char *s = r->cell[col], *end = s + strlen(s);
    if ((size_t)(end - s) > CELL_MAX) {
      row_error(m, r, "request skipped: column '%s' is longer than %d bytes", column_names[col],
                CELL_MAX);
      continue;
    }
    if (strpbrk(s, "\r\n")) {
      row_error(m, r, "request skipped: column '%s' holds a line break (expected one line "
                "per column)", column_names[col]);
      continue;
    }
    while (fonts && s < end) {
      /* in the face its script and the format choose, as layout sets it */
      int32_t cp = lf_utf8_next(&s, end);
      lf_script_tag script = cp < 0 ? 0 : lf_script_of((uint32_t)cp);
      if (cp < 0 || lf_pick_face(fonts, LF_FACE_REGULAR, (uint32_t)cp, script, NULL) < 0 ||
          lf_pick_face(fonts, LF_FACE_BOLD, (uint32_t)cp, script, NULL) < 0) {
        row_error(m, r, "request skipped: column '%s' holds a character the fonts cannot "
                  "print", column_names[col]);
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
static void check_row(mail_run *m, request *r, const lf_csv_record *rec, const int *columns,
                      size_t header_count) {
  if (rec->error) {
    row_error(m, r, "request skipped: malformed CSV: %s", rec->error);
    return;
  }
  if (rec->count != header_count) {
    row_error(m, r, "request skipped: %zu fields (expected %zu, as in the header)",
              rec->count, header_count);
    return;
  }
  for (int col = 0; col < COL_COUNT; col++)
    r->cell[col] = columns[col] >= 0 ? trimmed(m->arena, rec->fields[columns[col]]) : "";
  const char *ref = r->cell[COL_REF];
  if (!valid_ref(ref)) {
    row_error(m, r, "request skipped: %s column 'ref' (expected 1 to %d letters, digits, '-', "
              "'_' or '.', used as the file name)", ref[0] ? "not a usable reference in the"
              : "nothing in the", REF_MAX);
  } else {
    for (request *o = m->requests; o < r; o++)
      if (o->ref && strcmp(o->ref, ref) == 0) {
        row_error(m, r, "request skipped: ref '%s' is also on line %zu (expected each ref "
                  "once)", ref, o->line);
        ref = NULL;
        break;
      }
    r->ref = ref;
  }
  const lf_leaflet *l = NULL;
  size_t edition = 0;
  int leaflet_ok = pick_leaflet(m, r, &l, &edition) == 0;
  int fmt = pick_format(m, r, r->cell[COL_FORMAT]);
  check_cells(m, r, fmt >= 0 ? m->formats[fmt].fonts : NULL);
  if (leaflet_ok && !(r->letter = lf_letters_for(&m->letters, l->id)))
    row_error(m, r, "request skipped: no covering letter for leaflet '%s' (expected "
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
  r->file = lf_arena_printf(m->arena, "requests/%s.%s", r->ref, braille ? "brf" : "pdf");
  r->path = lf_arena_printf(m->arena, "%s/%s", m->opts->out_dir, r->file);
  if (braille)
    r->sheet_path = lf_arena_printf(m->arena, "%s/requests/%s.address.pdf", m->opts->out_dir,
                                    r->ref);
  m->formats[fmt].requests++;
}

/*
 * 'read_header()' - Map the header's columns; every one named must be
 * there, once, and nothing else.  Returns 0 or -1 (reported).
 */
static int read_header(mail_run *m, const lf_csv_record *rec, int *columns, lf_diags *diags) {
  lf_pos pos = {m->opts->requests, (int)rec->line, 0};
  if (rec->error) {
    lf_error(diags, pos, "malformed header: %s", rec->error);
    return -1;
  }
  int failed = 0;
  for (int col = 0; col < COL_COUNT; col++)
    columns[col] = -1;
  for (size_t i = 0; i < rec->count; i++) {
    const char *name = trimmed(m->arena, rec->fields[i]);
    int col = -1;
    for (int k = 0; k < COL_COUNT && name; k++)
      if (strcmp(name, column_names[k]) == 0)
        col = k;
    if (col < 0) {
      const char *near = name ? lf_nearest_name(name, column_names, COL_COUNT) : NULL;
      lf_error(diags, pos, "unknown column %zu in the header%s%s%s (expected ref, name, "
               "address_1, address_2, address_3, town, postcode, leaflet, tumour, format)",
               i + 1, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
      failed = 1;
    } else if (columns[col] >= 0) {
      lf_error(diags, pos, "column '%s' is in the header twice", column_names[col]);
      failed = 1;
    } else {
      columns[col] = (int)i;
    }
  }
  for (int col = 0; col < COL_COUNT; col++)
    if (columns[col] < 0 && col != COL_ADDRESS_2 && col != COL_ADDRESS_3 && col != COL_TOWN &&
        col != COL_TUMOUR) {
      lf_error(diags, pos, "no column '%s' in the header (expected ref, name, address_1, "
               "address_2, address_3, town, postcode, leaflet, tumour, format)",
               column_names[col]);
      failed = 1;
    }
  return failed ? -1 : 0;
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
    d->tumour_id = lf_arena_strdup(d->arena, doc.tumour_id);
    if (!d->display || (doc.title && !d->title) || (doc.tumour_id && !d->tumour_id))
      lf_error(&d->diags, (lf_pos){d->leaflet->file, 0, 0}, "out of memory");
  } else if (laid) {
    lf_error(&d->diags, (lf_pos){d->leaflet->file, 0, 0}, "out of memory");
  }
  d->failed = !d->display || d->diags.errors;
  lf_arena_free(scratch);
}

/*
 * 'doc_done()' - Nothing to report while leaflets are laid out.
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
  values[LF_FIELD_NAME] = r->cell[COL_NAME];
  values[LF_FIELD_REF] = r->ref;
  values[LF_FIELD_DATE] = m->date;
  values[LF_FIELD_LEAFLET] = d->title;
  values[LF_FIELD_TUMOUR] = "";
  if (d->tumour_id) {
    const lf_tumour *t = lf_content_tumour(m->content, d->tumour_id);
    values[LF_FIELD_TUMOUR] = t ? t->name : d->tumour_id;
  }
  values[LF_FIELD_FORMAT] = f->description;
  values[LF_FIELD_SIZE] = f->size_text ? f->size_text : d->grade ? d->grade : "";
  const char **address = lf_arena_array(arena, COL_COUNT, sizeof *address);
  if (!address || lf_letter_fill(arena, r->letter, values, letter) != 0) {
    lf_error(diags, (lf_pos){m->opts->requests, (int)r->line, 0}, "out of memory");
    return -1;
  }
  size_t lines = 0;
  for (int col = COL_NAME; col <= COL_POSTCODE; col++)
    if (r->cell[col][0])
      address[lines++] = r->cell[col];
  letter->address = address;
  letter->address_count = lines;
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

/*
 * 'make_print_file()' - Every request of a format in one PDF, in the order
 * of the CSV file, each letter and each leaflet starting on a new sheet.
 * The file is spooled a request at a time (pdf.h): memory holds one
 * request's letter and pages, however long the mailing.
 */
static void make_print_file(mail_run *m, print_format *f) {
  size_t fmt = (size_t)(f - m->formats);
  lf_pdf_spool *spool = NULL;
  for (size_t i = 0; i < m->count && !f->failed; i++) {
    request *r = &m->requests[i];
    if (r->bad || r->format != fmt || m->docs[r->doc].failed)
      continue;
    lf_arena *arena = lf_arena_new(0);
    if (!arena) {
      lf_error(&f->diags, (lf_pos){f->path, 0, 0}, "out of memory");
      f->failed = 1;
      break;
    }
    lf_diags quiet; /* the request's own task reports its letter's problems */
    lf_diags_init(&quiet);
    lf_display *letter = lay_out_letter(m, r, arena, 0, &quiet);
    lf_diags_free(&quiet);
    lf_display *part = letter ? lf_display_like(arena, letter) : NULL;
    if (letter && (!part || lf_display_append(arena, part, letter, &f->diags) != 0 ||
                   lf_display_pad_pages(arena, part, 2) < 0 ||
                   lf_display_append(arena, part, m->docs[r->doc].display, &f->diags) != 0 ||
                   lf_display_pad_pages(arena, part, 2) < 0)) {
      f->failed = 1;
    } else if (letter) {
      /* one section per request under the print file's Document */
      lf_display_retag_root(part, LF_EL_SECT);
      if (!spool)
        spool = lf_pdf_spool_open(f->path, 0600, part->fonts, part->page_width,
                                  part->page_height, part->meta.language,
                                  lf_arena_printf(arena, "print.%s", f->format->name), m->pages,
                                  &f->diags);
      size_t first = lf_pdf_spool_pages(spool) + 1;
      const char *mark = lf_arena_printf(arena, "Request %s", r->ref);
      if (!spool || lf_pdf_spool_add(spool, part, mark, &f->diags) != 0) {
        f->failed = 1;
      } else {
        r->print_first_page = first;
        r->print_sheets = part->page_count / 2;
        f->printed++;
      }
    }
    lf_arena_free(arena);
  }
  if (spool && f->failed) {
    lf_pdf_spool_abort(spool);
  } else if (spool) {
    lf_metadata meta = {0};
    char title[160];
    snprintf(title, sizeof title, "Print file: %s, %zu request%s", f->description, f->printed,
             f->printed == 1 ? "" : "s");
    meta.title = title;
    meta.subject = "Covering letters and leaflets for printing, duplex";
    meta.creation_date = m->iso_date;
    size_t pages = lf_pdf_spool_pages(spool);
    if (lf_pdf_spool_close(spool, &meta, &f->diags) != 0) {
      f->failed = 1;
    } else {
      f->pages = pages;
      f->sheets = pages / 2;
      f->written = 1;
    }
  }
}

/* ---- braille requests ------------------------------------------------------------------ */

/*
 * 'braille_letter()' - A request's letter and its leaflet in braille, one
 * BRF file's bytes in '*out'.  What translating the letter reports is
 * passed on without the character or text it is about: the letter holds
 * the name.  Returns 0, or -1 (reported).
 */
static int braille_letter(mail_run *m, const request *r, lf_arena *arena, lf_brf *out,
                          lf_diags *diags) {
  const print_format *f = &m->formats[r->format];
  lf_letter letter;
  memset(out, 0, sizeof *out);
  if (fill_letter(m, r, arena, &letter, diags) != 0)
    return -1;
  /* the letter as a document of paragraphs: letterhead, then body (the
   * address is for the envelope, on the print address sheet) */
  lf_document doc = {.title = letter.bookmark, .language = letter.language,
                     .language_pos = letter.pos};
  size_t n = letter.sender_count + letter.body_count;
  doc.body.items = lf_arena_array(arena, n + 1, sizeof *doc.body.items);
  if (!doc.body.items) {
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
  lf_diags scratch;
  lf_diags_init(&scratch);
  lf_braille_text text;
  int rc = lf_braille_translate(arena, &doc, f->format, &text, &scratch);
  const lf_braille_text *parts[] = {&text, m->docs[r->doc].braille};
  if (rc == 0)
    rc = lf_brf_layout(parts, 2, f->format, out, &scratch);
  lf_pos pos = {m->opts->requests, (int)r->line, 0};
  if (scratch.errors)
    lf_error(diags, pos, "request failed: the covering letter (%s) cannot be put into braille: "
             "some of its text has no braille in the table for its language", r->letter->file);
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
 * 'make_braille_print_file()' - Every braille request in one BRF file for
 * the embosser, in the order of the CSV file, each starting on a new sheet
 * when embossed interpoint (a blank page pads an odd count).  Written
 * whole: braille is a few kilobytes a request.
 */
static void make_braille_print_file(mail_run *m, print_format *f) {
  size_t fmt = (size_t)(f - m->formats);
  char *data = NULL;
  size_t size = 0;
  FILE *fp = open_memstream(&data, &size);
  if (!fp) {
    lf_error(&f->diags, (lf_pos){f->path, 0, 0}, "out of memory");
    f->failed = 1;
    return;
  }
  size_t pages = 0;
  for (size_t i = 0; i < m->count && !f->failed; i++) {
    request *r = &m->requests[i];
    if (r->bad || r->format != fmt || m->docs[r->doc].failed)
      continue;
    lf_arena *arena = lf_arena_new(0);
    lf_diags quiet; /* the request's own task reports its letter's problems */
    lf_diags_init(&quiet);
    lf_brf brf;
    if (arena && braille_letter(m, r, arena, &brf, &quiet) == 0) {
      if (pages)
        fputc('\f', fp);
      fwrite(brf.data, 1, brf.size, fp);
      r->print_first_page = pages + 1;
      r->print_sheets = (brf.pages + 1) / 2;
      pages += brf.pages;
      if (brf.pages % 2) {
        fputs("\f", fp); /* an empty page: the next request starts a sheet */
        pages++;
      }
      f->printed++;
      free(brf.data);
    }
    lf_diags_free(&quiet);
    lf_arena_free(arena);
  }
  if (fclose(fp) != 0 || !data) {
    lf_error(&f->diags, (lf_pos){f->path, 0, 0}, "out of memory");
    f->failed = 1;
  } else if (!f->failed && f->printed) {
    if (lf_write_file_atomic(f->path, data, size, 0600, 0) != 0) {
      lf_error(&f->diags, (lf_pos){f->path, 0, 0}, "cannot write %s: %s", f->path,
               strerror(errno));
      f->failed = 1;
    } else {
      f->pages = pages;
      f->sheets = pages / 2;
      f->written = 1;
    }
  }
  free(data);
}

/*
 * 'run_task()' - Step 3's task 'index': a print file, or a request.
 */
static void run_task(void *ctx, size_t index) {
  mail_run *m = ctx;
  if (index < m->format_count) {
    print_format *f = &m->formats[m->order[index]];
    if (f->format->braille)
      make_braille_print_file(m, f);
    else
      make_print_file(m, f);
  } else {
    request *r = &m->requests[m->task_request[index - m->format_count]];
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
    fprintf(m->opts->out, "line %zu: %s (%zu pages, %s)\n", r->line, r->path, r->pages,
            m->formats[r->format].format->name);
  }
}

/*
 * 'task_done()' - Report requests in CSV order as they finish.
 */
static void task_done(void *ctx, size_t index) {
  mail_run *m = ctx;
  if (index != (size_t)-1 && index >= m->format_count) {
    lf_ordered_finish(&m->in_order, m->task_request[index - m->format_count]);
    m->finished_count++;
  } else if (index != (size_t)-1) {
    m->finished_count++;
  }
  for (size_t i; (i = lf_ordered_next(&m->in_order)) != (size_t)-1;)
    report_request(m, &m->requests[i]);
  fflush(m->opts->out);
  lf_progress_update(&m->progress, m->finished_count);
}

/* ---- step 4: the manifest ---------------------------------------------------------------- */

/*
 * 'put_cell()' - One CSV field, quoted when it must be (RFC 4180).
 */
static void put_cell(FILE *fp, const char *s, int last) {
  s = s ? s : "";
  if (strpbrk(s, ",\"\r\n")) {
    fputc('"', fp);
    for (; *s; s++) {
      if (*s == '"')
        fputc('"', fp);
      fputc(*s, fp);
    }
    fputc('"', fp);
  } else {
    fputs(s, fp);
  }
  fputs(last ? "\r\n" : ",", fp);
}

/*
 * 'first_error()' - The first error of a row, without its place.
 */
static const char *first_error(const lf_diags *d) {
  for (size_t i = 0; i < d->count; i++)
    if (d->items[i].severity == LF_ERROR)
      return d->items[i].message;
  return "";
}

/*
 * 'write_manifest()' - OUT/manifest.csv: a row per request, in CSV order.
 */
static int write_manifest(mail_run *m, const char *path, lf_diags *diags) {
  char *text = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&text, &len);
  if (!fp) {
    lf_error(diags, (lf_pos){path, 0, 0}, "out of memory");
    return -1;
  }
  fputs("line,ref,leaflet,tumour,format,pages,sheets,file,print_file,print_first_page,"
        "status,error\r\n", fp);
  for (size_t i = 0; i < m->count; i++) {
    const request *r = &m->requests[i];
    char line[32], pages[32], sheets[32], first[32];
    snprintf(line, sizeof line, "%zu", r->line);
    snprintf(pages, sizeof pages, "%zu", r->pages);
    snprintf(sheets, sizeof sheets, "%zu", r->print_sheets);
    snprintf(first, sizeof first, "%zu", r->print_first_page);
    int ok = r->written;
    int printed = r->print_first_page > 0;
    const print_format *f = !r->bad ? &m->formats[r->format] : NULL;
    put_cell(fp, line, 0);
    put_cell(fp, r->ref, 0);
    put_cell(fp, r->leaflet_id, 0);
    put_cell(fp, r->tumour_id, 0);
    put_cell(fp, f ? f->format->name : NULL, 0);
    put_cell(fp, ok ? pages : NULL, 0);
    put_cell(fp, printed ? sheets : NULL, 0);
    put_cell(fp, ok ? r->file : NULL, 0);
    put_cell(fp, printed && f->written ? f->file : NULL, 0);
    put_cell(fp, printed && f->written ? first : NULL, 0);
    put_cell(fp, ok ? "ok" : r->bad ? "skipped" : "failed", 0);
    put_cell(fp, ok ? NULL : first_error(&r->diags), 1);
  }
  if (fclose(fp) != 0 || !text) {
    free(text);
    lf_error(diags, (lf_pos){path, 0, 0}, "out of memory");
    return -1;
  }
  int rc = lf_write_file_atomic(path, text, len, 0600, 1);
  if (rc != 0)
    lf_error(diags, (lf_pos){path, 0, 0}, "cannot write the manifest: %s", strerror(errno));
  free(text);
  return rc;
}

/* ---- the run ----------------------------------------------------------------------------- */

/*
 * 'letter_date()' - "24 November 2026".
 */
static void letter_date(lf_date d, char *buf, size_t size) {
  static const char *const months[] = {"January", "February", "March", "April", "May", "June",
                                       "July", "August", "September", "October", "November",
                                       "December"};
  snprintf(buf, size, "%d %s %d", d.day, months[(d.month - 1) % 12], d.year);
}

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

/*
 * 'remove_leftovers()' - Temporary files a killed run left beside the
 * files this one writes.
 */
static void remove_leftovers(mail_run *m) {
  const char **names = lf_arena_array(m->arena, 2 * m->count + m->format_count + 2,
                                      sizeof *names);
  if (!names)
    return;
  size_t n = 0;
  for (size_t i = 0; i < m->count; i++) {
    if (!m->requests[i].bad)
      names[n++] = m->requests[i].file + strlen("requests/");
    if (!m->requests[i].bad && m->requests[i].sheet_path)
      names[n++] = strrchr(m->requests[i].sheet_path, '/') + 1;
  }
  char *dir = lf_arena_printf(m->arena, "%s/requests", m->opts->out_dir);
  if (dir)
    lf_remove_stale_temps(dir, names, n);
  n = 0;
  for (size_t i = 0; i < m->format_count; i++)
    names[n++] = m->formats[i].file;
  names[n++] = "manifest.csv";
  lf_remove_stale_temps(m->opts->out_dir, names, n);
}

/*
 * 'order_formats()' - Formats with more requests first (their print files
 * take longest, so they start first); ties in order of first use.
 */
static void order_formats(mail_run *m) {
  for (size_t i = 0; i < m->format_count; i++)
    m->order[i] = i;
  for (size_t i = 1; i < m->format_count; i++)
    for (size_t k = i; k > 0 && m->formats[m->order[k]].requests >
                                    m->formats[m->order[k - 1]].requests; k--) {
      size_t t = m->order[k];
      m->order[k] = m->order[k - 1];
      m->order[k - 1] = t;
    }
}

/*
 * 'lf_mail()' - Check the rows, lay out, make the PDFs, write the manifest.
 */
int lf_mail(const lf_mail_options *o) {
  double started = lf_seconds();
  mail_run *m = calloc(1, sizeof *m);
  lf_diags diags;
  lf_diags_init(&diags);
  int status = LF_EXIT_OK;
  char *text = NULL;
  if (!m || !(m->arena = lf_arena_new(0))) {
    fprintf(o->err, "leaflet: out of memory\n");
    free(m);
    return LF_EXIT_FAILED;
  }
  m->opts = o;
  letter_date(o->today, m->date, sizeof m->date);
  snprintf(m->iso_date, sizeof m->iso_date, "%04d-%02d-%02d", o->today.year, o->today.month,
           o->today.day);
  lf_read_status how;
  text = lf_read_file(o->requests, REQUESTS_MAX_BYTES, 0, &how);
  if (!text) {
    lf_error(&diags, (lf_pos){o->requests, 0, 0}, "cannot read the requests: %s",
             how.fault == LF_READ_TOO_BIG ? "larger than 64 MiB" : strerror(how.error));
    status = LF_EXIT_USAGE;
    goto done;
  }
  m->content = lf_content_load(m->arena, o->content_dir, &diags);
  if (!m->content || lf_letters_load(m->arena, o->content_dir, &m->letters, &diags) != 0) {
    status = LF_EXIT_USAGE;
    goto done;
  }
  lf_csv csv;
  if (lf_csv_parse(m->arena, text, how.size, &csv) != 0) {
    lf_error(&diags, (lf_pos){o->requests, 0, 0}, "out of memory reading the requests");
    status = LF_EXIT_FAILED;
    goto done;
  }
  int columns[COL_COUNT];
  if (csv.count == 0) {
    lf_error(&diags, (lf_pos){o->requests, 0, 0}, "no header (expected a first line naming "
             "the columns ref, name, address_1, ... format)");
    status = LF_EXIT_USAGE;
    goto done;
  }
  if (read_header(m, &csv.records[0], columns, &diags) != 0) {
    status = LF_EXIT_USAGE;
    goto done;
  }
  /* step 1 */
  m->count = csv.count - 1;
  m->requests = calloc(m->count + 1, sizeof *m->requests);
  int ordered = lf_ordered_init(&m->in_order, m->count);
  m->task_request = calloc(m->count + 1, sizeof *m->task_request);
  if (!m->requests || ordered != 0 || !m->task_request) {
    lf_error(&diags, (lf_pos){0}, "out of memory");
    status = LF_EXIT_FAILED;
    m->count = 0;
    goto done;
  }
  for (size_t i = 0; i < m->count; i++) {
    request *r = &m->requests[i];
    lf_diags_init(&r->diags);
    r->line = csv.records[i + 1].line;
    for (int col = 0; col < COL_COUNT; col++)
      r->cell[col] = "";
    check_row(m, r, &csv.records[i + 1], columns, csv.records[0].count);
  }
  if (make_folders(o->out_dir, m->arena, &diags) != 0) {
    status = LF_EXIT_FAILED;
    goto done;
  }
  remove_leftovers(m);
  lf_diags_print(&diags, o->err);
  lf_diags_free(&diags);
  lf_diags_init(&diags);
  /* step 2 */
  lf_pool_run(m->doc_count, lf_worker_count(o->jobs, m->doc_count), lay_out_doc, doc_done, 0.25,
              m);
  for (size_t i = 0; i < m->doc_count; i++)
    lf_diags_print(&m->docs[i].diags, o->err);
  /* step 3: print files first (largest first), then the requests in order */
  size_t good = 0;
  for (size_t i = 0; i < m->count; i++) {
    request *r = &m->requests[i];
    if (!r->bad && m->docs[r->doc].failed) {
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
  m->order = lf_arena_array(m->arena, m->format_count + 1, sizeof *m->order);
  if (m->order)
    order_formats(m);
  m->task_count = m->format_count + good;
  lf_progress_start(&m->progress, o->err, m->task_count, "files");
  m->print_lines = !m->progress.bar || !isatty(fileno(o->out));
  task_done(m, (size_t)-1);
  /* each leaflet's pages are compressed once for all its requests and the
   * print file; a letter's once for its request and the print file */
  m->pages = lf_pdf_cache_new((size_t)4 << 20);
  if (m->order)
    lf_pool_run(m->task_count, lf_worker_count(o->jobs, m->task_count), run_task, task_done,
                0.25, m);
  lf_progress_clear(&m->progress);
  /* step 4 */
  size_t made = 0, skipped = 0, failed = 0, pages = 0, print_pages = 0, print_sheets = 0;
  size_t print_files = 0;
  for (size_t i = 0; i < m->count; i++) {
    const request *r = &m->requests[i];
    made += r->written;
    skipped += r->bad;
    failed += !r->written && !r->bad;
    pages += r->pages;
  }
  for (size_t i = 0; i < m->format_count; i++) {
    print_format *f = &m->formats[i];
    lf_diags_print(&f->diags, o->err);
    if (f->written && m->print_lines)
      fprintf(o->out, "%s (%zu pages, %zu sheets duplex, %zu request%s)\n", f->path, f->pages,
              f->sheets, f->printed, f->printed == 1 ? "" : "s");
    print_pages += f->pages;
    print_sheets += f->sheets;
    print_files += f->written;
    if (f->failed)
      status = LF_EXIT_FAILED;
  }
  char *manifest = lf_arena_printf(m->arena, "%s/manifest.csv", o->out_dir);
  char *requests_dir = lf_arena_printf(m->arena, "%s/requests", o->out_dir);
  if (requests_dir)
    lf_sync_dir(requests_dir);
  lf_sync_dir(o->out_dir);
  if (!manifest || write_manifest(m, manifest, &diags) != 0)
    status = LF_EXIT_FAILED;
  if (skipped || failed)
    status = LF_EXIT_FAILED;
  lf_diags_print(&diags, o->err);
  fprintf(o->err, "%zu request%s: %zu made, %zu skipped, %zu failed; %zu pages; %zu print "
          "file%s, %zu pages, %zu sheets duplex; %.2f s; manifest %s\n", m->count,
          m->count == 1 ? "" : "s", made, skipped, failed, pages, print_files,
          print_files == 1 ? "" : "s", print_pages, print_sheets, lf_seconds() - started,
          manifest ? manifest : "");
  lf_diags_free(&diags);
  goto cleanup;
done:
  lf_diags_print(&diags, o->err);
  for (size_t i = 0; i < m->count; i++)
    lf_diags_print(&m->requests[i].diags, o->err);
  lf_diags_free(&diags);
cleanup:
  for (size_t i = 0; i < m->count; i++)
    lf_diags_free(&m->requests[i].diags);
  for (size_t i = 0; i < m->doc_count; i++) {
    lf_diags_free(&m->docs[i].diags);
    lf_arena_free(m->docs[i].arena);
  }
  for (size_t i = 0; i < m->format_count; i++)
    lf_diags_free(&m->formats[i].diags);
  lf_font_cache_free(&m->fonts);
  lf_pdf_cache_free(m->pages);
  free(m->docs);
  free(m->requests);
  lf_ordered_free(&m->in_order);
  free(m->task_request);
  free(text);
  lf_arena_free(m->arena);
  free(m);
  return status;
}
