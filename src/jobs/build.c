/*
 * build.c -- render leaflets x editions x formats on every core (jobs.h).
 *
 * The content is loaded once and the fonts once per distinct set of font
 * files; both are then shared read-only by the workers.  Each document gets
 * its own arena and diagnostics, and results are reported in job order, so
 * the output of a build is the same whatever the number of workers.
 *
 * A batch keeps OUT/manifest.json (OUT/manifest.K-of-N.json for a shard):
 * for each PDF, what it is, its pages, bytes and SHA-256, and the digest of
 * its inputs (content files, print format, fonts, program).  A PDF whose
 * input digest and bytes still match its entry is not rendered again.
 *
 * Being killed at any moment is safe: each PDF is written to a temporary
 * file and renamed into place when complete, and the manifest only ever
 * lists complete files.  Before any PDF is replaced, the manifest on disk
 * is rewritten without the entries of the PDFs this run will replace;
 * entries are added back as their PDFs land, in checkpoints a quarter of
 * a second apart, and at the end.  A run killed part-way leaves a manifest
 * that matches the files, and the next run renders what is missing.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jobs_internal.h"
#include "leaflet/braille.h"
#include "leaflet/check.h"
#include "leaflet/document.h"
#include "leaflet/history.h"
#include "leaflet/jobs.h"
#include "leaflet/layout.h"
#include "leaflet/pdf.h"
#include "leaflet/sha256.h"

typedef struct job {
  const lf_leaflet *leaflet;
  size_t edition;
  const lf_format *format;
  const lf_fontset *fonts;  /* NULL for braille */
  const char *tumour;   /* the edition's tumour id, or NULL */
  const char *file;     /* "<stem>.<format>[.booklet].pdf", "<stem>.braille.brf" */
  const char *path;     /* OUT/file */
  char input[LF_SHA256_HEX_SIZE];
  int up_to_date;       /* its PDF matches the manifest: not rendered */
  /* results, written by the worker */
  lf_diags diags;
  size_t pages, bytes;
  size_t words_split, blocks_split; /* clear-print rules not kept */
  char sha256[LF_SHA256_HEX_SIZE];
  char paper[32];
  int written, failed;
} job;

/* The cache of compressed streams a batch shares: a picture decoded and
 * compressed once however many documents show it, and pages alike in
 * several documents compressed once (NULL works too: slower, same bytes). */
#define BUILD_CACHE_BYTES ((size_t)8 << 20)

typedef struct batch {
  const lf_content *content;
  const lf_build_options *opts;
  lf_arena *arena;
  job *jobs;
  size_t count;
  size_t *render;       /* indexes of the jobs to render, in job order */
  size_t render_count;
  lf_ordered in_order;  /* jobs finished, reported in job order */
  size_t finished_count;
  lf_manifest manifest; /* what the manifest on disk is to say */
  const char *manifest_path;
  size_t manifest_dirty;/* entries added since the last checkpoint */
  double last_checkpoint;
  lf_progress progress;
  int print_lines;      /* one line per PDF on opts->out */
  size_t written, unchanged, failed, pages, sheets, warnings;
  size_t not_built;             /* leaflets asked for and refused: in error, overdue */
  size_t clashes;               /* documents not planned: another's file name */
  lf_diags manifest_diags;
  lf_diags said;          /* what jobs have reported, said once: an error in a
                             fragment every edition includes was said four
                             times */
  lf_pdf_cache *streams;  /* compressed streams and pictures made once a run */
} batch;

/*
 * 'run_job()' - Render one document and write it (on a worker thread:
 * touches only its job and read-only shared data).
 */
static void run_job(void *ctx, size_t index) {
  batch *b = ctx;
  job *j = &b->jobs[b->render[index]];
  lf_render_request req = {.content = b->content, .leaflet = j->leaflet, .edition = j->edition,
                           .format = j->format, .fonts = j->fonts, .today = b->opts->today,
                           .booklet = b->opts->booklet, .cache = b->streams};
  lf_rendered r;
  if (lf_render_document(&req, &r, &j->diags) != 0) {
    j->failed = 1;
  } else if (lf_write_file_atomic(j->path, r.data, r.size, 0644, 0) != 0) {
    /* atomic (temporary file, rename), made durable in bulk by the
     * manifest's checkpoint, which syncs before it lists the file */
    lf_error(&j->diags, (lf_pos){j->path, 0, 0}, "cannot write %s: %s",
             j->format->braille ? "braille" : "PDF", strerror(errno));
    j->failed = 1;
  } else {
    lf_sha256_buffer(r.data, r.size, j->sha256);
    j->pages = r.pages;
    j->words_split = r.words_split;
    j->blocks_split = r.blocks_split;
    j->bytes = r.size;
    memcpy(j->paper, r.paper, sizeof j->paper);
    j->written = 1;
  }
  free(r.data);
}

/*
 * 'entry_of()' - The manifest entry of a job whose PDF is on disk.
 */
static lf_manifest_entry entry_of(const job *j) {
  lf_manifest_entry e = {.file = j->file, .leaflet = j->leaflet->id, .tumour = j->tumour,
                         .format = j->format->name, .paper = j->paper, .pages = j->pages,
                         .bytes = j->bytes, .last_reviewed = j->leaflet->last_reviewed,
                         .next_review = j->leaflet->next_review,
                         .version = j->leaflet->version};
  const lf_review_entry *signed_off = lf_review_current(j->leaflet);
  if (signed_off) {
    e.approver_role = signed_off->approver_role;
    e.approver_name = signed_off->approver_name;
  }
  memcpy(e.sha256, j->sha256, sizeof e.sha256);
  memcpy(e.input, j->input, sizeof e.input);
  return e;
}

/*
 * 'checkpoint()' - Write the manifest as it stands: renames first made
 * durable, so that it never lists a file the disk might not keep.
 */
static void checkpoint(batch *b) {
  lf_sync_dir(b->opts->out_dir);
  lf_manifest_write(&b->manifest, b->manifest_path, 0644, &b->manifest_diags);
  b->manifest_dirty = 0;
  b->last_checkpoint = lf_seconds();
}

/*
 * 'report_job()' - A job's diagnostics and its line, in job order.
 */
static void report_job(batch *b, job *j) {
  if (j->diags.count) {
    /* each diagnostic once a run (the same words at the same place): a
     * list that is full says the rest as they come */
    lf_diags fresh;
    lf_diags_init(&fresh);
    for (size_t i = 0; i < j->diags.count; i++) {
      const lf_diag *g = &j->diags.items[i];
      size_t before = b->said.count;
      if (before < LF_DIAGS_MAX)
        lf_diag_add_kind(&b->said, g->severity, g->kind, g->pos, "%s", g->message);
      if (before >= LF_DIAGS_MAX || b->said.count > before)
        lf_diag_add_kind(&fresh, g->severity, g->kind, g->pos, "%s", g->message);
    }
    lf_progress_clear(&b->progress);
    lf_diags_print(&fresh, b->opts->err);
    b->warnings += fresh.warnings;
    lf_diags_free(&fresh);
  }
  if (j->written || j->up_to_date) {
    b->pages += j->pages;
    b->sheets += (j->pages + 1) / 2;
    if (b->print_lines) {
      lf_progress_clear(&b->progress);
      /* each PDF's line says which clear-print rules it could not keep */
      char broken[96] = "";
      if (j->words_split)
        snprintf(broken, sizeof broken, "; %zu word%s split", j->words_split,
                 j->words_split == 1 ? "" : "s");
      if (j->blocks_split)
        snprintf(broken + strlen(broken), sizeof broken - strlen(broken),
                 "; %zu block%s split over pages", j->blocks_split, j->blocks_split == 1 ? "" : "s");
      fprintf(b->opts->out, "%s (%zu page%s%s%s)\n", j->path, j->pages, j->pages == 1 ? "" : "s",
              j->up_to_date ? ", unchanged" : "", broken);
    }
  }
  if (j->written)
    b->written++;
  else if (j->up_to_date)
    b->unchanged++;
  if (j->failed)
    b->failed++;
}

/*
 * 'job_done()' - On the calling thread, for each job as it finishes (and
 * on every tick): add its manifest entry, report what is now in order,
 * move the bar, checkpoint the manifest when a quarter second has passed.
 */
static void job_done(void *ctx, size_t index) {
  batch *b = ctx;
  if (index != (size_t)-1) {
    job *j = &b->jobs[b->render[index]];
    lf_ordered_finish(&b->in_order, b->render[index]);
    b->finished_count++;
    if (j->written) {
      lf_manifest_entry e = entry_of(j);
      if (lf_manifest_add(b->arena, &b->manifest, &e))
        b->manifest_dirty++;
    }
  }
  for (size_t i; (i = lf_ordered_next(&b->in_order)) != (size_t)-1;)
    report_job(b, &b->jobs[i]);
  fflush(b->opts->out);
  lf_progress_update(&b->progress, b->finished_count);
  if (b->manifest_dirty && lf_seconds() - b->last_checkpoint >= 0.25)
    checkpoint(b);
}

/*
 * 'edition_named()' - The leaflet and edition whose file stem is 'stem'
 * ("net-drugs-lung-nec", as its PDFs are named: file_name()), the edition
 * in '*edition'; NULL when none is.
 */
static const lf_leaflet *edition_named(const lf_content *c, const char *stem, long *edition) {
  for (size_t i = 0; i < c->leaflet_count; i++) {
    const lf_leaflet *l = &c->leaflets[i];
    size_t n = strlen(l->id);
    if (strncmp(stem, l->id, n) != 0 || stem[n] != '-')
      continue;
    for (size_t e = 0; e < l->edition_count; e++)
      if (strcmp(stem + n + 1, l->editions[e].tumour_id) == 0) {
        *edition = (long)e;
        return l;
      }
  }
  return NULL;
}

/*
 * 'pick_leaflets()' - The leaflets asked for, checked, and in '*only' the
 * edition of each to make (-1: every one): a name is a leaflet's id, or
 * an edition's file stem, so the name of a PDF's file makes that PDF
 * again.  Returns 0, or -1 when a name is unknown or its leaflet has errors
 * (reported; the others are still given).
 */
static int pick_leaflets(const lf_content *c, const lf_build_options *o, lf_arena *arena,
                         const lf_leaflet ***out, long **only, size_t *count,
                         size_t *broken_count, lf_diags *diags) {
  int rc = 0;
  *broken_count = 0;
  size_t cap = o->leaflet_count ? o->leaflet_count : c->leaflet_count;
  *out = lf_arena_array(arena, cap + 1, sizeof **out);
  *only = lf_arena_array(arena, cap + 1, sizeof **only);
  *count = 0;
  if (!*out || !*only)
    return -1;
  for (size_t i = 0; i < cap; i++)
    (*only)[i] = -1;
  if (o->leaflet_count == 0) {
    for (size_t i = 0; i < c->leaflet_count; i++)
      (*out)[i] = &c->leaflets[i];
    *count = c->leaflet_count;
    *broken_count = c->broken_count;
    return c->broken_count ? -1 : 0;
  }
  size_t stems = 0;
  for (size_t i = 0; i < c->leaflet_count; i++)
    stems += c->leaflets[i].edition_count;
  const char **known = lf_arena_array(arena, c->leaflet_count + stems + c->broken_count + 1,
                                      sizeof *known);
  size_t nknown = 0;
  for (size_t i = 0; known && i < c->leaflet_count; i++) {
    const lf_leaflet *l = &c->leaflets[i];
    known[nknown++] = l->id;
    for (size_t e = 0; e < l->edition_count; e++)
      if (!(known[nknown++] = lf_arena_printf(arena, "%s-%s", l->id, l->editions[e].tumour_id)))
        nknown--;
  }
  for (size_t i = 0; known && i < c->broken_count; i++)
    known[nknown++] = c->broken_leaflets[i];
  for (size_t i = 0; i < o->leaflet_count; i++) {
    const char *id = o->leaflets[i];
    long edition = -1;
    const lf_leaflet *l = lf_content_leaflet(c, id);
    if (!l)
      l = edition_named(c, id, &edition);
    if (l) {
      (*only)[*count] = edition;
      (*out)[(*count)++] = l;
      continue;
    }
    rc = -1;
    int broken = 0;
    for (size_t k = 0; k < c->broken_count; k++) {
      /* the leaflet, or (by its name) one of its editions */
      size_t len = strlen(c->broken_leaflets[k]);
      broken |= strncmp(c->broken_leaflets[k], id, len) == 0 && (!id[len] || id[len] == '-');
    }
    if (broken) {
      ++*broken_count;
      continue; /* its errors are already reported */
    }
    const char *near = known ? lf_nearest_name(id, known, nknown) : NULL;
    if (near)
      lf_error(diags, (lf_pos){0}, "no leaflet '%s' (did you mean '%s'?)", id, near);
    else
      lf_error(diags, (lf_pos){0}, "no leaflet '%s' (expected the id of a file in %s/leaflets/, "
               "or a tumour edition's name, as its PDF is named)", id, c->root);
  }
  return rc;
}

/*
 * 'pick_formats()' - The print formats asked for.
 */
static int pick_formats(const lf_content *c, const lf_build_options *o, lf_arena *arena,
                       const lf_format ***out, size_t *count, lf_diags *diags) {
  const char *standard[] = {"standard"};
  const char **names = o->formats;
  size_t n = o->format_count;
  *count = 0;
  if (o->all_formats) {
    /* every format; a booklet is imposed print, so not braille */
    *out = lf_arena_array(arena, c->format_count + 1, sizeof **out);
    for (size_t i = 0; *out && i < c->format_count; i++)
      if (!(o->booklet && c->formats[i].braille))
        (*out)[(*count)++] = &c->formats[i];
  } else {
    if (n == 0 && o->size_count == 0) {
      names = standard;
      n = 1;
    }
    *out = lf_arena_array(arena, n + 1, sizeof **out);
    if (!*out)
      return -1;
    const char **known = lf_arena_array(arena, c->format_count + 1, sizeof *known);
    for (size_t i = 0; known && i < c->format_count; i++)
      known[i] = c->formats[i].name;
    for (size_t i = 0; i < n; i++) {
      const lf_format *s = lf_content_format(c, names[i]);
      if (s && s->braille && o->booklet) {
        lf_error(diags, (lf_pos){0}, "a booklet is for print: '%s' is a braille format "
                 "(expected --booklet with print formats only)", names[i]);
        return -1;
      }
      if (s) {
        (*out)[(*count)++] = s;
        continue;
      }
      const char *near = known ? lf_nearest_name(names[i], known, c->format_count) : NULL;
      lf_error(diags, (lf_pos){0}, "no print format '%s' (%s%s%s)", names[i],
               near ? "did you mean '" : "expected the name of a file in content/styles/",
               near ? near : "", near ? "'?" : "");
      return -1;
    }
  }
  for (size_t k = 0; k < o->size_count; k++) {
    /* a size given twice is one format */
    int again = 0;
    for (size_t j = 0; j < k; j++)
      again |= o->sizes[j] == o->sizes[k];
    if (again)
      continue;
    const lf_format *scaled = lf_format_for_size(arena, c, o->sizes[k], diags);
    if (!scaled)
      return -1;
    const lf_format **grown = lf_arena_grow(arena, *out, *count, *count + 1, sizeof *grown);
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
  for (size_t i = 0; paper && i < *count; i++)
    if (!((*out)[i] = lf_format_on_paper(arena, (*out)[i], paper)))
      return -1;
  return 0;
}

/*
 * 'check_review()' - A leaflet past its review date is not printed unless
 * allowed; one within its submission lead time (review.submit_before_months)
 * gets a warning, as `leaflet check` gives; one whose review history does
 * not hold its version and sign-off (lf_check_history()), or that claims a
 * review or sign-off after today (lf_check_not_future()), is not printed.
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
  if (days >= 0 && lf_review_status_on(l, o->today) == LF_REVIEW_DUE_SOON)
    lf_warning(diags, l->next_review_pos, "leaflet '%s' is due for review on %s, in %ld days: "
               "submit it for review now (review.submit_before_months: %d)", l->id, date, days,
               l->submit_before_months);
  size_t errors = lf_check_not_future(l, o->today, diags);
  return lf_check_history(l, diags) || errors ? -1 : 0;
}

/*
 * 'file_name()' - The output name of leaflet 'l', edition 'e', in 's':
 * "<stem>.<format>[.booklet].pdf", or "<stem>.<format>.brf" in braille.
 */
static const char *file_name(lf_arena *arena, const lf_leaflet *l, size_t e, const lf_format *s,
                             int booklet) {
  const char *ending = s->braille ? ".brf" : booklet ? ".booklet.pdf" : ".pdf";
  if (l->edition_count)
    return lf_arena_printf(arena, "%s-%s.%s%s", l->id, l->editions[e].tumour_id, s->name,
                           ending);
  return lf_arena_printf(arena, "%s.%s%s", l->id, s->name, ending);
}

/*
 * 'compare_files()' - Jobs (by pointer) in file name order.
 */
static int compare_files(const void *a, const void *b) {
  return strcmp((*(job *const *)a)->file, (*(job *const *)b)->file);
}

/*
 * 'take_shard()' - Keep the jobs of shard K of N: sorted by file name,
 * the K-th, (K+N)-th, ... of them, so every part is the same size to
 * within one document and the split depends only on the work itself.
 * Jobs keep their order.  Returns the new count.
 */
static size_t take_shard(job *jobs, size_t count, int k, int n) {
  job **sorted = malloc((count ? count : 1) * sizeof *sorted);
  char *keep = calloc(count ? count : 1, 1);
  if (!sorted || !keep) {
    free(sorted);
    free(keep);
    return (size_t)-1;
  }
  for (size_t i = 0; i < count; i++)
    sorted[i] = &jobs[i];
  qsort(sorted, count, sizeof *sorted, compare_files);
  for (size_t i = (size_t)(k - 1); i < count; i += (size_t)n)
    keep[sorted[i] - jobs] = 1;
  size_t kept = 0;
  for (size_t i = 0; i < count; i++)
    if (keep[i])
      jobs[kept++] = jobs[i];
  free(sorted);
  free(keep);
  return kept;
}

/*
 * 'still_there()' - Whether an old manifest entry's file is still on disk
 * with the length listed (a cheap check for entries this run leaves be).
 */
static int still_there(const char *dir, const lf_manifest_entry *e) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, e->file);
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == e->bytes;
}

/*
 * 'is_up_to_date()' - A job's PDF is on disk with the bytes its entry
 * lists, and the entry was made from the same inputs.
 */
static int is_up_to_date(const job *j, const lf_manifest_entry *e) {
  if (!e || !e->input[0] || strcmp(e->input, j->input) != 0)
    return 0;
  char hex[LF_SHA256_HEX_SIZE];
  size_t size;
  return lf_sha256_file(j->path, hex, &size) == 0 && size == e->bytes &&
         strcmp(hex, e->sha256) == 0;
}

/*
 * 'plan()' - Every job the options ask for (of leaflet i, only edition
 * only[i] when that is not -1), deduplicated by file, cut to the shard,
 * with input digests and up-to-date checks against the old manifest; then
 * the manifest to start from.  Returns 0 or -1 (reported).
 */
static int plan(batch *b, const lf_leaflet **leaflets, const long *only, size_t nleaflets,
                const lf_format **formats, const lf_fontset **format_fonts, size_t nformats,
                lf_diags *diags) {
  const lf_build_options *o = b->opts;
  size_t cap = 0;
  for (size_t i = 0; i < nleaflets; i++)
    cap += (leaflets[i]->edition_count ? leaflets[i]->edition_count : 1) * nformats;
  b->jobs = calloc(cap ? cap : 1, sizeof *b->jobs);
  int ordered = lf_ordered_init(&b->in_order, cap);
  b->render = calloc(cap ? cap : 1, sizeof *b->render);
  if (!b->jobs || ordered != 0 || !b->render) {
    lf_error(diags, (lf_pos){0}, "out of memory");
    return -1;
  }
  /* what every input digest shares: the program and the content files */
  char tool[LF_SHA256_HEX_SIZE], content[LF_SHA256_HEX_SIZE];
  lf_digest_tool(tool);
  if (lf_digest_content(o->content_dir, content) != 0) {
    lf_error(diags, (lf_pos){o->content_dir, 0, 0}, "cannot read the content: %s",
             strerror(errno));
    return -1;
  }
  /* [0, nformats): each format's digest; [nformats, 2 nformats): its fonts' */
  char (*format_digest)[LF_SHA256_HEX_SIZE] = lf_arena_array(b->arena, 2 * nformats + 1,
                                                            sizeof *format_digest);
  if (!format_digest)
    return -1;
  for (size_t s = 0; s < nformats; s++) {
    /* the fonts' bytes once per font set, however many formats share it */
    size_t same = 0;
    while (same < s && format_fonts[same] != format_fonts[s])
      same++;
    char fonts_digest[LF_SHA256_HEX_SIZE];
    if (same < s) {
      memcpy(fonts_digest, format_digest[nformats + same], sizeof fonts_digest);
    } else {
      /* braille has no fonts: what translates it does instead */
      lf_sha256 fh;
      unsigned char fd[LF_SHA256_SIZE];
      lf_sha256_init(&fh);
      if (format_fonts[s])
        lf_digest_fonts(&fh, format_fonts[s]);
      else
        lf_sha256_update(&fh, lf_braille_library(), strlen(lf_braille_library()));
      lf_sha256_final(&fh, fd);
      lf_sha256_hex(fd, fonts_digest);
    }
    memcpy(format_digest[nformats + s], fonts_digest, sizeof fonts_digest);
    lf_sha256 h;
    unsigned char digest[LF_SHA256_SIZE];
    lf_sha256_init(&h);
    lf_digest_format(&h, formats[s]);
    lf_sha256_update(&h, fonts_digest, strlen(fonts_digest));
    lf_sha256_final(&h, digest);
    lf_sha256_hex(digest, format_digest[s]);
  }
  for (size_t i = 0; i < nleaflets; i++) {
    const lf_leaflet *l = leaflets[i];
    if (lf_days_between(o->today, l->next_review) < 0 && !o->allow_overdue)
      continue;
    size_t editions = l->edition_count ? l->edition_count : 1;
    for (size_t e = 0; e < editions; e++)
      for (size_t s = 0; s < nformats && (only[i] < 0 || (size_t)only[i] == e); s++) {
        const char *file = file_name(b->arena, l, e, formats[s], o->booklet);
        if (!file)
          return -1;
        const job *dup = NULL;
        for (size_t k = 0; k < b->count && !dup; k++)
          if (strcmp(b->jobs[k].file, file) == 0)
            dup = &b->jobs[k];
        if (dup && (dup->leaflet != l || dup->edition != e)) {
          /* two documents, one file: the second is not written, and says
           * so (leaflet check says it of the content) */
          lf_error(diags, l->edition_count ? l->editions[e].tumour_pos : l->pos,
                   "%s is %s's already: %s%s%s is not "
                   "written (expected leaflet ids whose files differ: rename one)", file,
                   dup->leaflet->id, l->edition_count ? "the edition " : "leaflet ",
                   l->edition_count ? l->editions[e].tumour_id : l->id,
                   l->edition_count ? lf_arena_printf(b->arena, " of '%s'", l->id) : "");
          b->clashes++;
        }
        if (dup)
          continue;
        job *j = &b->jobs[b->count++];
        j->leaflet = l;
        j->edition = e;
        j->format = formats[s];
        j->fonts = format_fonts[s];
        j->tumour = l->edition_count ? l->editions[e].tumour_id : NULL;
        j->file = file;
        j->path = lf_arena_printf(b->arena, "%s/%s", o->out_dir, file);
        lf_diags_init(&j->diags);
        char recipe[512];
        int n = snprintf(recipe, sizeof recipe,
                         "tool %s\ncontent %s\nformat %s\nleaflet %s edition %zu overdue %d "
                         "booklet %d\n", tool, content, format_digest[s], l->id, e,
                         lf_days_between(o->today, l->next_review) < 0, o->booklet);
        lf_sha256_buffer(recipe, (size_t)n, j->input);
      }
  }
  if (o->shard_count > 0) {
    size_t kept = take_shard(b->jobs, b->count, o->shard_index, o->shard_count);
    if (kept == (size_t)-1) {
      lf_error(diags, (lf_pos){0}, "out of memory");
      return -1;
    }
    for (size_t i = kept; i < b->count; i++)
      lf_diags_free(&b->jobs[i].diags);
    b->count = kept;
  }
  /* the old manifest: which PDFs are up to date, and what to keep */
  lf_manifest old;
  lf_diags read_diags;
  lf_diags_init(&read_diags);
  if (lf_manifest_read(b->arena, b->manifest_path, 1, &old, &read_diags) != 0) {
    lf_warning(diags, (lf_pos){b->manifest_path, 0, 0},
               "the manifest cannot be read and is made again (every PDF is rendered)");
    memset(&old, 0, sizeof old);
  }
  lf_diags_free(&read_diags);
  b->manifest.shard_index = o->shard_index;
  b->manifest.shard_count = o->shard_count;
  for (size_t i = 0; i < b->count; i++) {
    job *j = &b->jobs[i];
    lf_manifest_entry *e = lf_manifest_find(&old, j->file);
    if (!o->force && is_up_to_date(j, e)) {
      j->up_to_date = 1;
      j->pages = e->pages;
      j->bytes = e->bytes;
      memcpy(j->sha256, e->sha256, sizeof j->sha256);
      snprintf(j->paper, sizeof j->paper, "%s", e->paper ? e->paper : "");
      lf_ordered_finish(&b->in_order, i);
      lf_manifest_entry keep = entry_of(j);
      if (!lf_manifest_add(b->arena, &b->manifest, &keep))
        return -1;
    } else {
      b->render[b->render_count++] = i;
    }
    if (e)
      e->file = ""; /* dealt with: not kept as an entry of another run */
  }
  /* entries of PDFs outside this run stay while their files do */
  for (size_t i = 0; i < old.count; i++)
    if (old.entries[i].file[0] && still_there(o->out_dir, &old.entries[i]))
      if (!lf_manifest_add(b->arena, &b->manifest, &old.entries[i]))
        return -1;
  return 0;
}

/*
 * 'manifest_name()' - "manifest.json", or "manifest.K-of-N.json" for a shard.
 */
static const char *manifest_name(lf_arena *arena, const lf_build_options *o) {
  if (o->shard_count > 0)
    return lf_arena_printf(arena, "manifest.%d-of-%d.json", o->shard_index, o->shard_count);
  return "manifest.json";
}

/*
 * 'print_summary()' - The closing line: what was made, how long it took.
 */
static void print_summary(const batch *b, double seconds) {
  const lf_build_options *o = b->opts;
  FILE *fp = o->err;
  if (o->shard_count > 0)
    fprintf(fp, "shard %d of %d: ", o->shard_index, o->shard_count);
  size_t documents = b->written + b->unchanged + b->failed;
  fprintf(fp, "%zu document%s (%zu written, %zu unchanged, %zu failed", documents,
          documents == 1 ? "" : "s", b->written, b->unchanged, b->failed);
  /* leaflets refused before any document of theirs was planned */
  if (b->not_built)
    fprintf(fp, "; %zu leaflet%s not built", b->not_built, b->not_built == 1 ? "" : "s");
  fprintf(fp, "), %zu page%s, %zu sheet%s duplex, %.2f s, %zu warning%s", b->pages,
          b->pages == 1 ? "" : "s", b->sheets, b->sheets == 1 ? "" : "s", seconds, b->warnings,
          b->warnings == 1 ? "" : "s");
  if (b->manifest_path)
    fprintf(fp, "; manifest %s", b->manifest_path);
  fputc('\n', fp);
}

/*
 * 'lf_build()' - Load, plan, render in parallel, report in order.
 */
int lf_build(const lf_build_options *o) {
  double started = lf_seconds();
  lf_diags diags;
  lf_diags_init(&diags);
  lf_arena *arena = lf_arena_new(0);
  int status = LF_EXIT_OK;
  lf_font_cache fonts = {0};
  batch b = {.opts = o, .arena = arena, .streams = lf_pdf_cache_new(BUILD_CACHE_BYTES)};
  lf_out_lock lock = {.fd = -1, .part_fd = -1};
  lf_diags_init(&b.manifest_diags);
  lf_diags_init(&b.said);
  int have_manifest = 0;
  const lf_content *c = arena ? lf_content_load(arena, o->content_dir, &diags) : NULL;
  const lf_leaflet **leaflets = NULL;
  long *only = NULL; /* the edition of each leaflet to make, or -1 */
  const lf_format **formats = NULL;
  size_t nleaflets = 0, nformats = 0;
  if (!c) {
    status = LF_EXIT_FAILED;
    goto done;
  }
  b.content = c;
  if (pick_formats(c, o, arena, &formats, &nformats, &diags) != 0) {
    status = LF_EXIT_USAGE;
    goto done;
  }
  if (pick_leaflets(c, o, arena, &leaflets, &only, &nleaflets, &b.not_built, &diags) != 0)
    status = LF_EXIT_FAILED;
  const lf_fontset **format_fonts = lf_arena_array(arena, nformats, sizeof *format_fonts);
  if (!format_fonts) {
    lf_error(&diags, (lf_pos){0}, "out of memory");
    status = LF_EXIT_FAILED;
    goto done;
  }
  for (size_t s = 0; s < nformats; s++)
    if (!formats[s]->braille && !(format_fonts[s] = lf_font_cache_get(&fonts, formats[s], &diags))) {
      status = LF_EXIT_FAILED;
      goto done;
    }
  if (lf_make_dirs(o->out_dir, 0755) != 0) {
    lf_error(&diags, (lf_pos){o->out_dir, 0, 0}, "cannot create the output folder: %s",
             strerror(errno));
    status = LF_EXIT_FAILED;
    goto done;
  }
  /* one run at a time in the folder (a part of a sharded run beside the
   * other parts), before its manifest is read */
  if (lf_lock_out(&lock, o->out_dir, o->shard_index, o->shard_count, o->no_wait, 0644, o->err,
                  &diags) != 0) {
    status = LF_EXIT_FAILED;
    goto done;
  }
  size_t kept = 0;
  /* a leaflet named twice (two of its editions) is checked, and counted,
   * once: as asked, before the list is compacted */
  const lf_leaflet **asked = lf_arena_array(arena, nleaflets + 1, sizeof *asked);
  unsigned char *refused_at = lf_arena_alloc(arena, nleaflets + 1);
  if (!asked || !refused_at) {
    lf_error(&diags, (lf_pos){0}, "out of memory");
    status = LF_EXIT_FAILED;
    goto done;
  }
  if (nleaflets)
    memcpy(asked, leaflets, nleaflets * sizeof *asked);
  for (size_t i = 0; i < nleaflets; i++) {
    size_t seen = 0;
    while (seen < i && asked[seen] != asked[i])
      seen++;
    /* nor one whose translation has gone apart from its source (check's
     * error): a block the source has, a warning say, could be missing */
    int refused = seen < i ? refused_at[seen]
                           : (check_review(asked[i], o, &diags) != 0) |
                                 (lf_check_translation(arena, c, asked[i], &diags) != 0);
    refused_at[i] = (unsigned char)refused;
    if (refused) {
      status = LF_EXIT_FAILED;
      b.not_built += seen == i;
      continue;
    }
    only[kept] = only[i];
    leaflets[kept++] = asked[i];
  }
  nleaflets = kept;
  b.manifest_path = lf_arena_printf(arena, "%s/%s", o->out_dir, manifest_name(arena, o));
  if (!b.manifest_path ||
      plan(&b, leaflets, only, nleaflets, formats, format_fonts, nformats, &diags) != 0) {
    status = LF_EXIT_FAILED;
    b.manifest_path = NULL;
    goto done;
  }
  /* leftovers of a killed run beside the files this one writes */
  const char **names = lf_arena_array(arena, b.count + 1, sizeof *names);
  if (names) {
    for (size_t i = 0; i < b.count; i++)
      names[i] = b.jobs[i].file;
    names[b.count] = manifest_name(arena, o);
    lf_remove_stale_temps(o->out_dir, names, b.count + 1);
  }
  /* the manifest without what is about to be replaced, before anything is */
  struct stat st;
  have_manifest = b.count > 0 || stat(b.manifest_path, &st) == 0;
  if (!have_manifest)
    b.manifest_path = NULL;
  else
    checkpoint(&b);
  lf_diags_print(&diags, o->err);
  lf_progress_start(&b.progress, o->err, b.count, "documents");
  b.print_lines = !b.progress.bar || !isatty(fileno(o->out));
  b.finished_count = b.count - b.render_count;
  job_done(&b, (size_t)-1); /* report the unchanged PDFs ahead of the rest */
  lf_pool_run(b.render_count, lf_worker_count(o->jobs, b.render_count), run_job, job_done,
              0.25, &b);
  lf_progress_clear(&b.progress);
  if (have_manifest)
    checkpoint(&b);
  lf_diags_print(&b.manifest_diags, o->err);
  if (b.failed || b.manifest_diags.errors || b.clashes)
    status = LF_EXIT_FAILED;
  b.warnings += diags.warnings;
  print_summary(&b, lf_seconds() - started);
  lf_diags_free(&diags);
  goto cleanup;
done:
  lf_diags_print(&diags, o->err);
  lf_diags_free(&diags);
cleanup:
  lf_unlock_out(&lock);
  for (size_t i = 0; i < b.count; i++)
    lf_diags_free(&b.jobs[i].diags);
  free(b.jobs);
  lf_ordered_free(&b.in_order);
  free(b.render);
  lf_diags_free(&b.manifest_diags);
  lf_diags_free(&b.said);
  lf_font_cache_free(&fonts);
  lf_pdf_cache_free(b.streams);
  lf_arena_free(arena);
  return status;
}
