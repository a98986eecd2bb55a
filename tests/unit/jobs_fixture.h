/*
 * jobs_fixture.h -- a content folder for the tests of whole runs (build,
 * mail, input digests): the model fixture's folder with the fonts named by
 * absolute path, a second tumour type and edition, a leaflet without
 * editions, a second print format and a covering letter; and lf_build() /
 * lf_mail() run with their output captured as text.
 */
#ifndef LEAFLET_JOBS_FIXTURE_H
#define LEAFLET_JOBS_FIXTURE_H

#include <limits.h>

#include "leaflet/jobs.h"
#include "content_fixture.h"

/* A second tumour type for the 'drugs' leaflet's second edition. */
static const char jobs_tumour2[] =
    "id: lung-net\n"
    "name: lung neuroendocrine tumour (NET)\n"
    "group: NET\n";

/* A leaflet without editions. */
static const char jobs_leaflet2[] =
    "id: basics\n"
    "title: The basics\n"
    "publisher: Example Charity\n"
    "review: {last_reviewed: 2025-02-26, next_review: 2028-02-26}\n"
    "body:\n"
    "  - p: Some words about the basics.\n";

static const char jobs_letter[] =
    "id: default\n"
    "window: {left: 20, top: 45, width: 85, height: 45, padding: 4}\n"
    "min_address_size: 10\n"
    "body: [\"{date}\", \"Dear {name}\", \"Here is **{leaflet}** in {format} ({size}).\"]\n"
    "footer: \"Our reference: {ref}\"\n";

typedef struct jobs_fixture {
  char *dir;                /* the content folder */
  char *out;                /* an output folder beside it */
  char fonts[PATH_MAX];     /* the project's fonts/ */
  char *stdout_text, *stderr_text; /* of the last run */
  size_t stdout_len, stderr_len;
  lf_arena *arena;          /* for manifests read back */
} jobs_fixture;

/* 'jobs_write_format()' - styles/<name>.yaml at 'size' pt, the fonts by
 * absolute path ('regular' for the regular face's file, NULL for the
 * project's). */
static inline void jobs_write_format(jobs_fixture *f, const char *name, double size,
                                     const char *regular) {
  char text[3 * PATH_MAX + 1024], rel[128], reg[PATH_MAX + 64];
  snprintf(reg, sizeof reg, "%s/AtkinsonHyperlegible-Regular.ttf", f->fonts);
  snprintf(text, sizeof text,
           "name: %s\npaper: A4\nbody_size: %g\nline_spacing: 1.5\n"
           "margins: [20, 25, 20, 25]\nheadings: [1.75, 1.4, 1.2, 1.1]\n"
           "paragraph_space: 1.0\nlist_indent: 1.5\nfooter_size: 1.0\nrule_width: 1.5\n"
           "colours: {text: \"#000000\", link: \"#0B4F9C\", callout_border: \"#000000\", "
           "callout_fill: \"#FFFFFF\"}\nprint_urls: true\nfonts:\n"
           "  regular: %s\n  bold: %s/AtkinsonHyperlegible-Bold.ttf\n"
           "  fallback_regular: /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf\n"
           "  fallback_bold: /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf\n",
           name, size, regular ? regular : reg, f->fonts);
  snprintf(rel, sizeof rel, "styles/%s.yaml", name);
  tu_write(f->dir, rel, text);
}

/* 'jobs_setup()' - The folder, an output folder, nothing run yet. */
static inline int jobs_setup(void **state) {
  jobs_fixture *f = calloc(1, sizeof *f);
  *state = f;
  if (!f || !getcwd(f->fonts, sizeof f->fonts - 8))
    return -1;
  strcat(f->fonts, "/fonts");
  f->dir = write_fixture();
  f->out = tu_tempdir();
  f->arena = lf_arena_new(0);
  if (!f->dir || !f->out || !f->arena)
    return -1;
  tu_write(f->dir, "tumours/lung-net.yaml", jobs_tumour2);
  tu_write(f->dir, "leaflets/drugs.yaml",
           replace_in(fixture_template, "editions:\n",
                      "editions:\n  - tumour: lung-net\n    drugs: [everolimus]\n"));
  tu_write(f->dir, "leaflets/basics.yaml", jobs_leaflet2);
  tu_write(f->dir, "letters/default.yaml", jobs_letter);
  jobs_write_format(f, "standard", 12, NULL);
  jobs_write_format(f, "large", 18, NULL);
  return 0;
}

/* 'jobs_teardown()' - Remove both folders, free the last run's output. */
static inline int jobs_teardown(void **state) {
  jobs_fixture *f = *state;
  if (f->dir)
    tu_rmtree(f->dir);
  if (f->out)
    tu_rmtree(f->out);
  free(f->stdout_text);
  free(f->stderr_text);
  lf_arena_free(f->arena);
  free(f);
  return 0;
}

/* 'jobs_today()' - The date every run is made on, unless a test says. */
static inline lf_date jobs_today(void) { return (lf_date){2026, 11, 24}; }

/* 'jobs_build()' - lf_build() of the folder into f->out with 'o''s other
 * options (content, output and streams are filled in); standard output
 * and error kept in f.  Returns its exit status. */
static inline int jobs_build(jobs_fixture *f, lf_build_options o) {
  free(f->stdout_text);
  free(f->stderr_text);
  FILE *out = open_memstream(&f->stdout_text, &f->stdout_len);
  FILE *err = open_memstream(&f->stderr_text, &f->stderr_len);
  o.content_dir = f->dir;
  o.out_dir = o.out_dir ? o.out_dir : f->out;
  o.out = out;
  o.err = err;
  if (!o.today.year)
    o.today = jobs_today();
  int rc = lf_build(&o);
  fclose(out);
  fclose(err);
  return rc;
}

/* 'jobs_mail_with()' - lf_mail() of 'csv' (written to a file in f->out,
 * unless NULL: the file written last) into f->out/mail, with 'o''s other
 * options (batches, shards ...); output kept in f.  Returns its exit
 * status. */
static inline int jobs_mail_with(jobs_fixture *f, const char *csv, lf_mail_options o) {
  if (csv)
    tu_write(f->out, "requests.csv", csv);
  char requests[1100], out_dir[1100];
  snprintf(requests, sizeof requests, "%s/requests.csv", f->out);
  snprintf(out_dir, sizeof out_dir, "%s/mail", f->out);
  free(f->stdout_text);
  free(f->stderr_text);
  FILE *out = open_memstream(&f->stdout_text, &f->stdout_len);
  FILE *err = open_memstream(&f->stderr_text, &f->stderr_len);
  o.requests = requests;
  o.content_dir = f->dir;
  o.out_dir = out_dir;
  o.today = jobs_today();
  o.out = out;
  o.err = err;
  int rc = lf_mail(&o);
  fclose(out);
  fclose(err);
  return rc;
}

/* 'jobs_mail()' - jobs_mail_with() on 'jobs' workers, one print file a
 * format. */
static inline int jobs_mail(jobs_fixture *f, const char *csv, int jobs) {
  return jobs_mail_with(f, csv, (lf_mail_options){.jobs = jobs});
}

/* 'jobs_mail_merge()' - lf_mail_merge() of f->out/requests.csv and the
 * parts in f->out/mail ('manifests', or every one found); output kept in
 * f.  Returns its exit status. */
static inline int jobs_mail_merge(jobs_fixture *f, const char **manifests, size_t count) {
  char requests[1100], out_dir[1100];
  snprintf(requests, sizeof requests, "%s/requests.csv", f->out);
  snprintf(out_dir, sizeof out_dir, "%s/mail", f->out);
  free(f->stdout_text);
  free(f->stderr_text);
  FILE *out = open_memstream(&f->stdout_text, &f->stdout_len);
  FILE *err = open_memstream(&f->stderr_text, &f->stderr_len);
  lf_mail_merge_options o = {.requests = requests, .out_dir = out_dir, .manifests = manifests,
                             .manifest_count = count, .out = out, .err = err};
  int rc = lf_mail_merge(&o);
  fclose(out);
  fclose(err);
  return rc;
}

/* 'jobs_manifest()' - OUT/manifest.json (or another name in OUT) read back. */
static inline lf_manifest jobs_manifest(jobs_fixture *f, const char *name) {
  char path[1100];
  snprintf(path, sizeof path, "%s/%s", f->out, name ? name : "manifest.json");
  lf_manifest m = {0};
  lf_diags diags;
  lf_diags_init(&diags);
  if (lf_manifest_read(f->arena, path, 0, &m, &diags) != 0)
    fprintf(stderr, "cannot read %s\n", path);
  lf_diags_free(&diags);
  return m;
}

/* 'jobs_input()' - The input digest the manifest lists for 'file' ("" when
 * it lists no such file). */
static inline const char *jobs_input(jobs_fixture *f, const char *file) {
  lf_manifest m = jobs_manifest(f, NULL);
  lf_manifest_entry *e = lf_manifest_find(&m, file);
  return e ? lf_arena_strdup(f->arena, e->input) : "";
}

/* 'jobs_read_in()' - The file dir/rel as text (in 'arena'), or NULL. */
static inline char *jobs_read_in(lf_arena *arena, const char *dir, const char *rel) {
  char path[1100];
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return NULL;
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
    fwrite(buf, 1, n, mem);
  fclose(fp);
  fclose(mem);
  char *copy = lf_arena_strndup(arena, text, len);
  free(text);
  return copy;
}

/* 'jobs_read()' - A file in f->out, as text, or NULL. */
static inline char *jobs_read(jobs_fixture *f, const char *rel) {
  return jobs_read_in(f->arena, f->out, rel);
}

#endif
