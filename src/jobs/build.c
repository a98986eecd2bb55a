/*
 * build.c -- render leaflets x editions x formats on every core (jobs.h).
 *
 * The content is loaded once and the fonts once per distinct set of font
 * files; both are then shared read-only by the workers.  Each document gets
 * its own arena and diagnostics, and results are printed in job order, so
 * the output of a build is the same whatever the number of workers.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "leaflet/document.h"
#include "leaflet/jobs.h"
#include "leaflet/layout.h"
#include "leaflet/pdf.h"

typedef struct job {
  const lf_leaflet *leaflet;
  size_t edition;
  const lf_style *style;
  const lf_fontset *fonts;
  /* results */
  lf_diags diags;
  char *path;           /* malloc'd; the PDF written, or NULL */
  size_t pages;
  int failed;
} job;

typedef struct pool {
  const lf_content *content;
  const lf_build_options *opts;
  job *jobs;
  size_t count;
  atomic_size_t next;
} pool;

/*
 * 'run_job()' - Resolve, lay out and write one document.
 */
static void run_job(pool *pl, job *j) {
  lf_diags_init(&j->diags);
  lf_arena *arena = lf_arena_new(0);
  if (!arena) {
    lf_error(&j->diags, (lf_pos){j->leaflet->file, 0, 0}, "out of memory");
    j->failed = 1;
    return;
  }
  lf_document doc;
  if (lf_resolve_edition(arena, pl->content, j->leaflet, j->edition, &doc, &j->diags) != 0) {
    j->failed = 1;
  } else {
    doc.review_overdue = lf_days_between(pl->opts->today, doc.next_review) < 0;
    lf_display *d = pl->opts->booklet
                        ? lf_layout_booklet(arena, &doc, j->style, j->fonts, &j->diags)
                        : lf_layout_document(arena, &doc, j->style, j->fonts, &j->diags);
    if (!d) {
      j->failed = 1;
    } else {
      size_t len = strlen(pl->opts->out_dir) + strlen(doc.stem) + strlen(j->style->name) + 8;
      j->path = malloc(len + 8);
      if (!j->path) {
        j->failed = 1;
      } else {
        snprintf(j->path, len + 8, "%s/%s.%s%s.pdf", pl->opts->out_dir, doc.stem,
                 j->style->name, pl->opts->booklet ? ".booklet" : "");
        if (lf_pdf_write(d, j->path, &j->diags) != 0) {
          j->failed = 1;
          free(j->path);
          j->path = NULL;
        } else {
          j->pages = d->page_count;
        }
      }
    }
  }
  lf_arena_free(arena);
}

/*
 * 'worker()' - Take jobs until none are left.
 */
static void *worker(void *arg) {
  pool *pl = arg;
  for (;;) {
    size_t i = atomic_fetch_add(&pl->next, 1);
    if (i >= pl->count)
      return NULL;
    run_job(pl, &pl->jobs[i]);
  }
}

/*
 * 'pick_leaflets()' - The leaflets asked for, checked; NULL entries for
 * those in error.  Returns the count, or (size_t)-1 on an unknown name.
 */
static int pick_leaflets(const lf_content *c, const lf_build_options *o, lf_arena *arena,
                         const lf_leaflet ***out, size_t *count, lf_diags *diags) {
  int rc = 0;
  if (o->leaflet_count == 0) {
    *out = lf_arena_array(arena, c->leaflet_count + 1, sizeof **out);
    for (size_t i = 0; *out && i < c->leaflet_count; i++)
      (*out)[i] = &c->leaflets[i];
    *count = c->leaflet_count;
    return c->broken_count ? -1 : 0;
  }
  *out = lf_arena_array(arena, o->leaflet_count, sizeof **out);
  *count = 0;
  if (!*out)
    return -1;
  const char **known = lf_arena_array(arena, c->leaflet_count + c->broken_count + 1,
                                      sizeof *known);
  size_t nknown = 0;
  for (size_t i = 0; known && i < c->leaflet_count; i++)
    known[nknown++] = c->leaflets[i].id;
  for (size_t i = 0; known && i < c->broken_count; i++)
    known[nknown++] = c->broken_leaflets[i];
  for (size_t i = 0; i < o->leaflet_count; i++) {
    const char *id = o->leaflets[i];
    const lf_leaflet *l = lf_content_leaflet(c, id);
    if (l) {
      (*out)[(*count)++] = l;
      continue;
    }
    rc = -1;
    int broken = 0;
    for (size_t k = 0; k < c->broken_count; k++)
      broken |= strcmp(c->broken_leaflets[k], id) == 0;
    if (broken)
      continue; /* its errors are already reported */
    const char *near = known ? lf_nearest_name(id, known, nknown) : NULL;
    if (near)
      lf_error(diags, (lf_pos){0}, "no leaflet '%s' (did you mean '%s'?)", id, near);
    else
      lf_error(diags, (lf_pos){0}, "no leaflet '%s' (expected the id of a file in %s/leaflets/)",
               id, c->root);
  }
  return rc;
}

/*
 * 'pick_styles()' - The print formats asked for.
 */
static int pick_styles(const lf_content *c, const lf_build_options *o, lf_arena *arena,
                       const lf_style ***out, size_t *count, lf_diags *diags) {
  const char *standard[] = {"standard"};
  const char **names = o->formats;
  size_t n = o->format_count;
  *count = 0;
  if (o->all_formats) {
    *out = lf_arena_array(arena, c->style_count + 1, sizeof **out);
    for (size_t i = 0; *out && i < c->style_count; i++)
      (*out)[(*count)++] = &c->styles[i];
  } else {
    if (n == 0 && o->size <= 0) {
      names = standard;
      n = 1;
    }
    *out = lf_arena_array(arena, n + 1, sizeof **out);
    if (!*out)
      return -1;
    const char **known = lf_arena_array(arena, c->style_count + 1, sizeof *known);
    for (size_t i = 0; known && i < c->style_count; i++)
      known[i] = c->styles[i].name;
    for (size_t i = 0; i < n; i++) {
      const lf_style *s = lf_content_style(c, names[i]);
      if (s) {
        (*out)[(*count)++] = s;
        continue;
      }
      const char *near = known ? lf_nearest_name(names[i], known, c->style_count) : NULL;
      lf_error(diags, (lf_pos){0}, "no print format '%s' (%s%s%s)", names[i],
               near ? "did you mean '" : "expected the name of a file in content/styles/",
               near ? near : "", near ? "'?" : "");
      return -1;
    }
  }
  if (o->size > 0) {
    const lf_style *base = lf_content_style(c, o->size >= 14 ? "large" : "standard");
    if (!base)
      base = c->style_count ? &c->styles[0] : NULL;
    if (!base) {
      lf_error(diags, (lf_pos){0}, "no print format to scale to %g pt", o->size);
      return -1;
    }
    lf_style *scaled = lf_arena_alloc(arena, sizeof *scaled);
    if (!scaled)
      return -1;
    *scaled = lf_style_scaled(arena, base, o->size);
    const lf_style **grown = lf_arena_grow(arena, *out, *count, *count + 1, sizeof *grown);
    if (!grown)
      return -1;
    *out = grown;
    (*out)[(*count)++] = scaled;
  }
  if (*count == 0) {
    lf_error(diags, (lf_pos){0}, "no print formats (expected files in content/styles/)");
    return -1;
  }
  /* another paper (a booklet's pages are A5): the same format on it,
   * named "<format>-a5" when that differs from the format's own paper */
  const char *paper = o->booklet ? "A5" : o->paper;
  if (paper) {
    double w = strcmp(paper, "A5") == 0 ? 148 * 72 / 25.4 : 210 * 72 / 25.4;
    double h = strcmp(paper, "A5") == 0 ? 210 * 72 / 25.4 : 297 * 72 / 25.4;
    for (size_t i = 0; i < *count; i++) {
      const lf_style *base = (*out)[i];
      if (base->page_width == w && base->page_height == h)
        continue;
      lf_style *s = lf_arena_alloc(arena, sizeof *s);
      if (!s)
        return -1;
      *s = *base;
      s->page_width = w;
      s->page_height = h;
      /* margins keep their share of the page's width */
      double k = w / base->page_width;
      s->margin_left *= k;
      s->margin_right *= k;
      s->name = lf_arena_printf(arena, "%s-%s", base->name, strcmp(paper, "A5") == 0 ? "a5" : "a4");
      (*out)[i] = s;
    }
  }
  return 0;
}

/*
 * 'fonts_for()' - The font set of a style, loaded once per distinct set of
 * font files.
 */
static const lf_fontset *fonts_for(lf_fontset *sets, const lf_style **owners, size_t *nsets,
                                   const lf_style *s, lf_diags *diags) {
  for (size_t i = 0; i < *nsets; i++) {
    int same = 1;
    for (int f = 0; f < LF_FACE_COUNT; f++)
      same &= strcmp(owners[i]->font_paths[f], s->font_paths[f]) == 0;
    if (same)
      return &sets[i];
  }
  if (lf_fontset_load(&sets[*nsets], s->font_paths, diags) != 0)
    return NULL;
  owners[*nsets] = s;
  return &sets[(*nsets)++];
}

/*
 * 'check_review()' - A leaflet past its review date is not printed unless
 * allowed; one due within 90 days gets a warning.
 */
static int check_review(const lf_leaflet *l, const lf_build_options *o, lf_diags *diags) {
  long days = lf_days_between(o->today, l->next_review);
  char date[32];
  lf_date_format(l->next_review, date, sizeof date);
  if (days < 0 && !o->allow_overdue) {
    lf_error(diags, l->next_review_pos, "leaflet '%s' was due for review on %s, %ld days ago "
             "(review it, or build with --allow-overdue)", l->id, date, -days);
    return -1;
  }
  if (days < 0)
    lf_warning(diags, l->next_review_pos, "leaflet '%s' was due for review on %s, %ld days ago: "
               "printed with \"Review overdue\" on every page (--allow-overdue)", l->id, date, -days);
  if (days >= 0 && days <= 90)
    lf_warning(diags, l->next_review_pos, "leaflet '%s' is due for review on %s, in %ld days", l->id,
               date, days);
  return 0;
}

/*
 * 'lf_build()' - Load, plan, render in parallel, report in order.
 */
int lf_build(const lf_build_options *o) {
  lf_diags diags;
  lf_diags_init(&diags);
  lf_arena *arena = lf_arena_new(0);
  int status = LF_EXIT_OK;
  lf_fontset sets[16];
  const lf_style *owners[16];
  size_t nsets = 0;
  memset(sets, 0, sizeof sets);
  job *jobs = NULL;
  size_t njobs = 0;
  const lf_content *c = arena ? lf_content_load(arena, o->content_dir, &diags) : NULL;
  const lf_leaflet **leaflets = NULL;
  const lf_style **styles = NULL;
  size_t nleaflets = 0, nstyles = 0;
  if (!c) {
    status = LF_EXIT_FAILED;
    goto done;
  }
  if (pick_styles(c, o, arena, &styles, &nstyles, &diags) != 0) {
    status = LF_EXIT_USAGE;
    goto done;
  }
  if (pick_leaflets(c, o, arena, &leaflets, &nleaflets, &diags) != 0)
    status = LF_EXIT_FAILED;
  const lf_fontset **style_fonts = lf_arena_array(arena, nstyles, sizeof *style_fonts);
  if (!style_fonts || nstyles > 16) {
    lf_error(&diags, (lf_pos){0}, "too many print formats at once (at most 16)");
    status = LF_EXIT_USAGE;
    goto done;
  }
  for (size_t s = 0; s < nstyles; s++)
    if (!(style_fonts[s] = fonts_for(sets, owners, &nsets, styles[s], &diags))) {
      status = LF_EXIT_FAILED;
      goto done;
    }
  struct stat st;
  if (mkdir(o->out_dir, 0755) != 0 && (stat(o->out_dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
    lf_error(&diags, (lf_pos){o->out_dir, 0, 0}, "cannot create the output folder");
    status = LF_EXIT_FAILED;
    goto done;
  }
  size_t cap = 0;
  for (size_t i = 0; i < nleaflets; i++) {
    if (check_review(leaflets[i], o, &diags) != 0) {
      status = LF_EXIT_FAILED;
      continue;
    }
    size_t editions = leaflets[i]->edition_count ? leaflets[i]->edition_count : 1;
    cap += editions * nstyles;
  }
  jobs = calloc(cap ? cap : 1, sizeof *jobs);
  if (!jobs) {
    lf_error(&diags, (lf_pos){0}, "out of memory");
    status = LF_EXIT_FAILED;
    goto done;
  }
  for (size_t i = 0; i < nleaflets; i++) {
    if (lf_days_between(o->today, leaflets[i]->next_review) < 0 && !o->allow_overdue)
      continue;
    size_t editions = leaflets[i]->edition_count ? leaflets[i]->edition_count : 1;
    for (size_t e = 0; e < editions; e++)
      for (size_t s = 0; s < nstyles; s++)
        jobs[njobs++] = (job){.leaflet = leaflets[i], .edition = e, .style = styles[s],
                              .fonts = style_fonts[s]};
  }
  pool pl = {.content = c, .opts = o, .jobs = jobs, .count = njobs};
  atomic_init(&pl.next, 0);
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  size_t nthreads = o->jobs > 0 ? (size_t)o->jobs : (size_t)(cores > 0 ? cores : 1);
  if (nthreads > njobs)
    nthreads = njobs;
  if (nthreads > 64)
    nthreads = 64;
  pthread_t threads[64];
  size_t started = 0;
  for (size_t t = 1; t < nthreads; t++)
    if (pthread_create(&threads[started], NULL, worker, &pl) == 0)
      started++;
  worker(&pl);
  for (size_t t = 0; t < started; t++)
    pthread_join(threads[t], NULL);
done:
  lf_diags_print(&diags, o->err);
  for (size_t i = 0; i < njobs; i++) {
    job *j = &jobs[i];
    lf_diags_print(&j->diags, o->err);
    if (j->path)
      fprintf(o->out, "%s (%zu page%s)\n", j->path, j->pages, j->pages == 1 ? "" : "s");
    if (j->failed && status == LF_EXIT_OK)
      status = LF_EXIT_FAILED;
    lf_diags_free(&j->diags);
    free(j->path);
  }
  free(jobs);
  for (size_t i = 0; i < nsets; i++)
    lf_fontset_free(&sets[i]);
  lf_diags_free(&diags);
  lf_arena_free(arena);
  return status;
}
