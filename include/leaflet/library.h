/*
 * library.h -- the library at a glance, for a governance meeting: one row
 * per leaflet and edition with its version, review dates and status, who
 * signed it off, its words and reading age, its references, the formats
 * and languages it is made in, and its translations.  Content-level: rows
 * are plain data (the report command writes them as CSV, JSON or a PDF),
 * and the PDF's document is a plain document for the layout engine.
 */
#ifndef LEAFLET_LIBRARY_H
#define LEAFLET_LIBRARY_H

#include <stddef.h>

#include "leaflet/arena.h"
#include "leaflet/diag.h"
#include "leaflet/document.h"
#include "leaflet/history.h"
#include "leaflet/model.h"

/* A translation of a leaflet, and whether it lags behind its source. */
typedef struct lf_library_translation {
  const char *id;
  const char *language;
  int older;               /* last reviewed before its source was */
} lf_library_translation;

/* One leaflet, or one edition of a template. */
typedef struct lf_library_row {
  const char *id;          /* the leaflet's id */
  const char *edition;     /* the edition's tumour id, or NULL */
  const char *stem;        /* "<id>" or "<id>-<tumour>" */
  const char *title;       /* as the edition prints it; NULL if it did not resolve */
  const char *language;
  const char *version;     /* NULL when not given */
  lf_date last_reviewed, next_review;
  long days_to_review;     /* from the report's day; negative when overdue */
  lf_review_status status;
  int broken;              /* did not resolve: its status reads "content errors" */
  int unloaded;            /* its file did not load (broken too): only its
                              stem is known, every other field empty */
  const char *approver_role, *approver_name; /* the newest history entry's, or NULL */
  int measured;            /* resolved and in English: words and reading age
                              are measured (the formulas are English ones) */
  size_t words;            /* the author's prose, as `leaflet check` counts it */
  double reading_ease;     /* Flesch reading ease */
  double reading_age;      /* Flesch-Kincaid grade + 5 years */
  size_t references;
  int newest_reference;    /* the latest year a reference names, or 0 */
  int newest_reference_age;/* the report's year less that, in years */
  const char **formats;    /* every print format of the content */
  size_t format_count;
  const char **languages;  /* its own, then its translations' */
  size_t language_count;
  const char *translation_of;   /* the source's id, or NULL */
  int older_than_source;        /* 1 or 0 for a translation; -1 otherwise or
                                   when its source is not in the content */
  lf_library_translation *translations;
  size_t translation_count;
} lf_library_row;

/*
 * 'lf_library_rows()' - A row per leaflet (in the content's order) and per
 * edition of a template, resolved and measured on 'today'.  The newest
 * reference is the latest year from 1900 to this year written in a
 * reference's title, authors or source ("Annals of Oncology 2020",
 * "Accessed December 2024").  A leaflet that does not resolve keeps its
 * row, without title or measures, and its errors are reported; a leaflet
 * file that did not load (lf_content.broken_leaflets) has a row too, after
 * the others, holding only its file's stem ('unloaded').  Returns
 * the number of errors reported; '*rows' in the arena.
 */
/*
 * 'lf_library_status()' - A row's status as the report writes it: its
 * review's ("current", "due soon", "overdue"), or "content errors" for an
 * edition that does not resolve (it read "current", though it cannot be
 * built).
 */
const char *lf_library_status(const lf_library_row *row);

size_t lf_library_rows(lf_arena *arena, const lf_content *content, lf_date today,
                       lf_library_row **rows, size_t *count, lf_diags *diags);

/*
 * 'lf_library_document()' - The report as a document for the layout
 * engine: a title, a summary (how many current, due soon and overdue), a
 * table of each row's review at a glance, then each row as a heading and a
 * list of "field: value" items, which a screen reader reads in order.
 * Returns 0, or -1 when out of memory.
 */
int lf_library_document(lf_arena *arena, const lf_library_row *rows, size_t count,
                        lf_date today, lf_document *out);

#endif
