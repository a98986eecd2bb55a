/*
 * jobs.h -- what to render, and rendering it on every core.
 *
 * A build is a list of documents (leaflet x edition x print format); each is
 * resolved, laid out and written by a worker with its own arena, sharing
 * the content model and the fonts read-only.  The pipeline never calls
 * back into this module.
 */
#ifndef LEAFLET_JOBS_H
#define LEAFLET_JOBS_H

#include <stdio.h>

#include "leaflet/model.h"

typedef struct lf_build_options {
  const char *content_dir;      /* "content" */
  const char *out_dir;          /* "out" */
  const char **leaflets;        /* ids to build; NULL/0 = every leaflet */
  size_t leaflet_count;
  const char **formats;         /* style names; NULL/0 = "standard" */
  size_t format_count;
  double size;                  /* > 0: a body size asked for (--size) */
  int all_formats;              /* every style in content/styles */
  int jobs;                     /* worker threads; 0 = one per core */
  lf_date today;                /* for review dates */
  int allow_overdue;
  const char *paper;            /* NULL, or "A4"/"A5": overrides the formats' paper */
  int booklet;                  /* A5 pages imposed two-up on A4 sheets, for print */
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
 * printing one line per PDF written and every diagnostic.  Returns an
 * LF_EXIT_* status.
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

#endif
