/*
 * test_build.c -- planning a batch build (lf_build, src/jobs/build.c),
 * checked through what a run prints and writes: which documents (leaflets
 * x editions x formats, each once), in what order they are reported (job
 * order, whatever the workers and however long each takes), their file
 * names (editions, formats, sizes, papers, booklets), the parts of a
 * sharded build, and a document or leaflet in error costing only itself.
 * `make tsan` runs this file under ThreadSanitizer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "jobs_fixture.h"
#include "leaflet/check.h"

/* The files named by a run's progress lines ("OUT/file (N pages...)"), in
 * the order printed, one per line, without the folder. */
static const char *printed(jobs_fixture *f, char *buf, size_t size) {
  buf[0] = 0;
  size_t prefix = strlen(f->out) + 1;
  for (const char *line = f->stdout_text; line && *line;) {
    const char *end = strchr(line, '\n');
    size_t len = end ? (size_t)(end - line) : strlen(line);
    const char *space = memchr(line, ' ', len);
    if (space && len > prefix && strncmp(line, f->out, prefix - 1) == 0) {
      strncat(buf, line + prefix, (size_t)(space - line) - prefix);
      strncat(buf, "\n", size - strlen(buf) - 1);
    }
    line = end ? end + 1 : line + len;
  }
  return buf;
}

/* 'expect_printed()' - The run printed exactly these files, in this order. */
static void expect_printed(jobs_fixture *f, const char *want) {
  char got[4096];
  printed(f, got, sizeof got);
  if (strcmp(got, want) != 0)
    fail_msg("printed:\n%sexpected:\n%sstandard error:\n%s", got, want, f->stderr_text);
}

/* 'exists()' - Whether OUT/file is there. */
static int exists(jobs_fixture *f, const char *file) {
  char path[1100];
  snprintf(path, sizeof path, "%s/%s", f->out, file);
  return access(path, F_OK) == 0;
}

/*
 * 'test_documents_and_order()' - With no leaflet named, every leaflet (in
 * file name order), each edition (in the leaflet's order), each format:
 * by default standard print only; with --all every format (in file name
 * order); with --format, those named in the order named, a repeat once.
 * The lines come in that order with 1 worker and with 4.
 */
static void test_documents_and_order(void **state) {
  jobs_fixture *f = *state;
  assert_int_equal(jobs_build(f, (lf_build_options){.jobs = 4}), LF_EXIT_OK);
  expect_printed(f, "basics.standard.pdf\n"
                    "drugs-lung-net.standard.pdf\n"
                    "drugs-pancreatic-net.standard.pdf\n");
  assert_false(exists(f, "basics.large.pdf"));

  const char *all = "basics.large.pdf\n"
                    "basics.standard.pdf\n"
                    "drugs-lung-net.large.pdf\n"
                    "drugs-lung-net.standard.pdf\n"
                    "drugs-pancreatic-net.large.pdf\n"
                    "drugs-pancreatic-net.standard.pdf\n";
  for (int jobs = 1; jobs <= 4; jobs += 3) {
    assert_int_equal(jobs_build(f, (lf_build_options){.all_formats = 1, .force = 1,
                                                      .jobs = jobs}), LF_EXIT_OK);
    expect_printed(f, all);
    assert_non_null(strstr(f->stderr_text, "6 documents (6 written, 0 unchanged, 0 failed)"));
  }

  const char *formats[] = {"standard", "large", "standard"};
  const char *leaflets[] = {"drugs", "basics", "drugs"};
  assert_int_equal(jobs_build(f, (lf_build_options){.formats = formats, .format_count = 3,
                                                    .leaflets = leaflets, .leaflet_count = 3,
                                                    .force = 1, .jobs = 4}),
                   LF_EXIT_OK);
  expect_printed(f, "drugs-lung-net.standard.pdf\n"
                    "drugs-lung-net.large.pdf\n"
                    "drugs-pancreatic-net.standard.pdf\n"
                    "drugs-pancreatic-net.large.pdf\n"
                    "basics.standard.pdf\n"
                    "basics.large.pdf\n");
}

/*
 * 'test_reported_in_job_order()' - The first document takes far longer
 * than the rest (a leaflet of many pages), so with 4 workers it finishes
 * last; it is still reported first, and the manifest and the PDFs are the
 * same bytes as with 1 worker.
 */
static void test_reported_in_job_order(void **state) {
  jobs_fixture *f = *state;
  char body[65536] = "id: basics\ntitle: The basics\n"
                     "review: {last_reviewed: 2025-02-26, next_review: 2028-02-26}\nbody:\n";
  for (int i = 0; i < 120; i++)
    strcat(body, "  - p: Tell your doctor or nurse about any side effects you have. Some "
                 "side effects can be serious and some are easy to treat.\n");
  tu_write(f->dir, "leaflets/basics.yaml", body);
  const char *want = "basics.large.pdf\n"
                     "basics.standard.pdf\n"
                     "drugs-lung-net.large.pdf\n"
                     "drugs-lung-net.standard.pdf\n"
                     "drugs-pancreatic-net.large.pdf\n"
                     "drugs-pancreatic-net.standard.pdf\n";
  assert_int_equal(jobs_build(f, (lf_build_options){.all_formats = 1, .jobs = 4}), LF_EXIT_OK);
  expect_printed(f, want);
  assert_non_null(strstr(f->stdout_text, "basics.large.pdf (2"));  /* 20 and more pages */
  char *parallel = jobs_read(f, "manifest.json");
  assert_int_equal(jobs_build(f, (lf_build_options){.all_formats = 1, .force = 1, .jobs = 1}),
                   LF_EXIT_OK);
  expect_printed(f, want);
  char *serial = jobs_read(f, "manifest.json");
  assert_non_null(parallel);
  /* the same files with the same SHA-256 (the input digests are equal too:
   * the same program, content and options) */
  assert_string_equal(serial, parallel);
}

/*
 * 'test_file_names()' - <leaflet>[-<tumour>].<format>[.booklet].pdf: a
 * size asked for is a format "<N>pt"; another paper "<format>-a5"; the
 * format's own paper changes no name; a booklet is on A5.  The manifest
 * lists each file with its leaflet, tumour, format and paper.
 */
static void test_file_names(void **state) {
  jobs_fixture *f = *state;
  const char *basics[] = {"basics"};
  assert_int_equal(jobs_build(f, (lf_build_options){.sizes = (double[]){20}, .size_count = 1, .leaflets = basics,
                                                    .leaflet_count = 1}), LF_EXIT_OK);
  expect_printed(f, "basics.20pt.pdf\n");
  assert_int_equal(jobs_build(f, (lf_build_options){.paper = "A5", .all_formats = 1}),
                   LF_EXIT_OK);
  expect_printed(f, "basics.large-a5.pdf\n"
                    "basics.standard-a5.pdf\n"
                    "drugs-lung-net.large-a5.pdf\n"
                    "drugs-lung-net.standard-a5.pdf\n"
                    "drugs-pancreatic-net.large-a5.pdf\n"
                    "drugs-pancreatic-net.standard-a5.pdf\n");
  assert_int_equal(jobs_build(f, (lf_build_options){.paper = "A4", .leaflets = basics,
                                                    .leaflet_count = 1}), LF_EXIT_OK);
  expect_printed(f, "basics.standard.pdf\n");
  const char *drugs[] = {"drugs"};
  assert_int_equal(jobs_build(f, (lf_build_options){.booklet = 1, .leaflets = drugs,
                                                    .leaflet_count = 1}), LF_EXIT_OK);
  expect_printed(f, "drugs-lung-net.standard-a5.booklet.pdf\n"
                    "drugs-pancreatic-net.standard-a5.booklet.pdf\n");
  lf_manifest m = jobs_manifest(f, NULL);
  assert_int_equal(m.count, 10);
  lf_manifest_entry *e = lf_manifest_find(&m, "drugs-lung-net.standard-a5.booklet.pdf");
  assert_non_null(e);
  assert_string_equal(e->leaflet, "drugs");
  assert_string_equal(e->tumour, "lung-net");
  assert_string_equal(e->format, "standard-a5");
  /* two A5 pages centred on a sheet of exactly A4 landscape */
  assert_string_equal(e->paper, "A4 landscape");
  e = lf_manifest_find(&m, "basics.20pt.pdf");
  assert_non_null(e);
  assert_null(e->tumour);
  assert_string_equal(e->format, "20pt");
  assert_string_equal(e->paper, "A4");
  e = lf_manifest_find(&m, "basics.standard-a5.pdf");
  assert_non_null(e);
  assert_string_equal(e->paper, "A5");
}

/*
 * 'test_edition_by_its_file_name()' - A tumour edition named as its PDF is
 * ("drugs-lung-net") makes that edition alone; with its leaflet too, each
 * PDF once; a near miss is an error that names the edition meant, and the
 * others are still made.
 */
static void test_edition_by_its_file_name(void **state) {
  jobs_fixture *f = *state;
  const char *one[] = {"drugs-pancreatic-net"};
  assert_int_equal(jobs_build(f, (lf_build_options){.leaflets = one, .leaflet_count = 1}),
                   LF_EXIT_OK);
  expect_printed(f, "drugs-pancreatic-net.standard.pdf\n");
  assert_false(exists(f, "drugs-lung-net.standard.pdf"));
  const char *both[] = {"drugs-lung-net", "drugs"};
  assert_int_equal(jobs_build(f, (lf_build_options){.leaflets = both, .leaflet_count = 2,
                                                    .force = 1}), LF_EXIT_OK);
  expect_printed(f, "drugs-lung-net.standard.pdf\n"
                    "drugs-pancreatic-net.standard.pdf\n");
  const char *near[] = {"drugs-lung-ne", "basics"};
  assert_int_equal(jobs_build(f, (lf_build_options){.leaflets = near, .leaflet_count = 2}),
                   LF_EXIT_FAILED);
  assert_true(tu_has(f->stderr_text, "no leaflet 'drugs-lung-ne' (did you mean 'drugs-lung-net'?)"));
  expect_printed(f, "basics.standard.pdf\n");
}

/*
 * 'test_one_file_for_two_documents()' - A leaflet whose id is another's
 * edition's name would be written over it: leaflet check says so at the
 * edition, and build writes the first, says the second is not written
 * and fails (it dropped one without a word).  A leaflet named twice, by
 * two editions, is refused once; an edition of a leaflet in error is that
 * leaflet's, not "no leaflet".
 */
static void test_one_file_for_two_documents(void **state) {
  jobs_fixture *f = *state;
  tu_write(f->dir, "leaflets/drugs-lung-net.yaml",
           replace_in(jobs_leaflet2, "id: basics", "id: drugs-lung-net"));
  lf_diags diags;
  lf_diags_init(&diags);
  const lf_content *c = lf_content_load(f->arena, f->dir, &diags);
  assert_non_null(c);
  assert_true(lf_check_content(f->arena, c, jobs_today(), &diags) > 0);
  char said[8192];
  tu_diags_text(&diags, said, sizeof said);
  assert_true(tu_has(said, "leaflets/drugs.yaml"));
  assert_true(tu_has(said, "error: the lung-net edition of leaflet 'drugs' and leaflet "
                           "'drugs-lung-net' would both be written as "
                           "drugs-lung-net.<format>.pdf"));
  lf_diags_free(&diags);
  assert_int_equal(jobs_build(f, (lf_build_options){0}), LF_EXIT_FAILED);
  expect_printed(f, "basics.standard.pdf\n"
                    "drugs-lung-net.standard.pdf\n"
                    "drugs-pancreatic-net.standard.pdf\n");
  assert_true(tu_has(f->stderr_text, "error: drugs-lung-net.standard.pdf is drugs-lung-net's "
                                     "already: the edition lung-net of 'drugs' is not written"));
  /* two editions of an overdue leaflet: one leaflet not built */
  const char *two[] = {"drugs-pancreatic-net", "drugs"};
  assert_int_equal(jobs_build(f, (lf_build_options){.leaflets = two, .leaflet_count = 2,
                                                    .today = {2031, 1, 1}}), LF_EXIT_FAILED);
  assert_true(tu_has(f->stderr_text, "1 leaflet not built"));
  /* an edition of a leaflet in error */
  tu_write(f->dir, "leaflets/drugs.yaml", "id: drugs\ntitle: [\n");
  const char *edition[] = {"drugs-pancreatic-net"};
  assert_int_equal(jobs_build(f, (lf_build_options){.leaflets = edition, .leaflet_count = 1}),
                   LF_EXIT_FAILED);
  assert_null(strstr(f->stderr_text, "no leaflet 'drugs-pancreatic-net'"));
  assert_true(tu_has(f->stderr_text, "1 leaflet not built"));
}

/*
 * 'test_size_keeps_the_measure()' - Every --size from 12 to 48 pt sets
 * lines no longer in ems than the standard format's, whichever format it
 * is scaled from: a large format with narrow margins (10 mm), shrunk to
 * 14 pt, made lines a fifth longer than standard print's.  At the large
 * format's own size its margins are its own.
 */
static void test_size_keeps_the_measure(void **state) {
  jobs_fixture *f = *state;
  jobs_write_format(f, "large", 18, NULL);
  char *large = jobs_read_in(f->arena, f->dir, "styles/large.yaml");
  assert_non_null(large);
  tu_write(f->dir, "styles/large.yaml",
           replace_in(large, "margins: [20, 25, 20, 25]", "margins: [20, 10, 20, 10]"));
  lf_diags diags;
  lf_diags_init(&diags);
  const lf_content *c = lf_content_load(f->arena, f->dir, &diags);
  assert_non_null(c);
  const lf_format *standard = lf_content_format(c, "standard");
  double ems = (standard->page_width - standard->margin_left - standard->margin_right) /
               standard->body_size;
  for (double size = 12; size <= 48; size += 0.5) {
    const lf_format *s = lf_format_for_size(f->arena, c, size, &diags);
    assert_non_null(s);
    double measure = (s->page_width - s->margin_left - s->margin_right) / size;
    if (measure > ems + 1e-9)
      fail_msg("%.1f pt: lines of %.1f em, standard print's are %.1f em", size, measure, ems);
    assert_float_equal(s->margin_left, s->margin_right, 1e-9);
  }
  const lf_format *at18 = lf_format_for_size(f->arena, c, 18, &diags);
  assert_float_equal(at18->margin_left, 10 * 72 / 25.4, 0.01);
  /* with no standard format, no measure to keep: the lines are the large
   * format's (they were giant's, the first format: 20 ems at 14 pt) */
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/styles/standard.yaml", f->dir);
  assert_int_equal(unlink(path), 0);
  jobs_write_format(f, "giant", 24, NULL);
  c = lf_content_load(f->arena, f->dir, &diags);
  assert_non_null(c);
  const lf_format *at14 = lf_format_for_size(f->arena, c, 14, &diags);
  assert_non_null(at14);
  assert_float_equal(at14->margin_left, 10 * 72 / 25.4 * 14 / 18, 0.01);
  lf_diags_free(&diags);
}

/*
 * 'test_shards()' - Shards 1..3 of 3 (6 documents): each has the 2nd,
 * 5th ... of the documents sorted by file name from its own start, keeps
 * job order in its lines and its own manifest; together they are every
 * document once.
 */
static void test_shards(void **state) {
  jobs_fixture *f = *state;
  /* sorted: basics.large, basics.standard, drugs-lung-net.large,
   * drugs-lung-net.standard, drugs-pancreatic-net.large, ...standard */
  static const char *const want[3] = {
      "basics.large.pdf\ndrugs-lung-net.standard.pdf\n",
      "basics.standard.pdf\ndrugs-pancreatic-net.large.pdf\n",
      "drugs-lung-net.large.pdf\ndrugs-pancreatic-net.standard.pdf\n"};
  for (int k = 1; k <= 3; k++) {
    assert_int_equal(jobs_build(f, (lf_build_options){.all_formats = 1, .shard_index = k,
                                                      .shard_count = 3, .jobs = 2}),
                     LF_EXIT_OK);
    expect_printed(f, want[k - 1]);
    char name[64];
    snprintf(name, sizeof name, "manifest.%d-of-3.json", k);
    lf_manifest m = jobs_manifest(f, name);
    assert_int_equal(m.count, 2);
    assert_int_equal(m.shard_index, k);
    assert_int_equal(m.shard_count, 3);
    char summary[64];
    snprintf(summary, sizeof summary, "shard %d of 3: 2 documents", k);
    assert_non_null(strstr(f->stderr_text, summary));
  }
  assert_false(exists(f, "manifest.json"));
  /* a part keeps job order, not the sorted order it was cut from: with
   * --format standard --format large, shard 1 of 1 */
  const char *formats[] = {"standard", "large"};
  assert_int_equal(jobs_build(f, (lf_build_options){.formats = formats, .format_count = 2,
                                                    .shard_index = 1, .shard_count = 1}),
                   LF_EXIT_OK);
  expect_printed(f, "basics.standard.pdf\n"
                    "basics.large.pdf\n"
                    "drugs-lung-net.standard.pdf\n"
                    "drugs-lung-net.large.pdf\n"
                    "drugs-pancreatic-net.standard.pdf\n"
                    "drugs-pancreatic-net.large.pdf\n");
  /* more shards than documents: the last ones are empty */
  assert_int_equal(jobs_build(f, (lf_build_options){.shard_index = 5, .shard_count = 5}),
                   LF_EXIT_OK);
  expect_printed(f, "");
}

/*
 * 'test_errors_cost_only_their_document()' - A leaflet file in error, an
 * edition naming a drug that is not there (once it stopped every leaflet)
 * and a document that cannot be typeset (a character in no font) are
 * reported and not written; every other document is, the summary counts
 * the leaflets not built, and the run exits 1.  An
 * unknown leaflet is an error with a suggestion; an unknown format a usage
 * error; a leaflet past review is not built unless allowed.
 */
static void test_errors_cost_only_their_document(void **state) {
  jobs_fixture *f = *state;
  tu_write(f->dir, "leaflets/broken.yaml", "id: broken\ntitle: [not, text]\n");
  /* an edition naming a drug that is not there stops its leaflet only */
  tu_write(f->dir, "leaflets/typo.yaml",
           "id: typo\ntitle: \"T {tumour.name}\"\n"
           "editions:\n  - tumour: pancreatic-net\n    drugs: [sunitnib]\n"
           "review: {last_reviewed: 2025-02-26, next_review: 2028-02-26}\n"
           "body:\n  - p: Text.\n");
  tu_write(f->dir, "leaflets/cjk.yaml",
           "id: cjk\ntitle: CJK\nreview: {last_reviewed: 2025-02-26, next_review: 2028-02-26}\n"
           "body:\n  - p: Chinese \xe4\xb8\xad text.\n");
  assert_int_equal(jobs_build(f, (lf_build_options){.jobs = 4}), LF_EXIT_FAILED);
  expect_printed(f, "basics.standard.pdf\n"
                    "drugs-lung-net.standard.pdf\n"
                    "drugs-pancreatic-net.standard.pdf\n");
  assert_false(exists(f, "cjk.standard.pdf"));
  assert_true(tu_has(f->stderr_text, "leaflets/broken.yaml:2:8: error:"));
  assert_true(tu_has(f->stderr_text, "leaflets/cjk.yaml:5:16: error: character U+4E2D"));
  assert_true(tu_has(f->stderr_text, "leaflets/typo.yaml:5:13: error: no drug 'sunitnib'"));
  assert_true(tu_has(f->stderr_text, "(3 written, 0 unchanged, 1 failed; 2 leaflets not built)"));
  lf_manifest m = jobs_manifest(f, NULL);
  assert_int_equal(m.count, 3);
  assert_null(lf_manifest_find(&m, "cjk.standard.pdf"));
  char path[1100];
  snprintf(path, sizeof path, "%s/leaflets/broken.yaml", f->dir);
  unlink(path);
  snprintf(path, sizeof path, "%s/leaflets/cjk.yaml", f->dir);
  unlink(path);
  snprintf(path, sizeof path, "%s/leaflets/typo.yaml", f->dir);
  unlink(path);

  const char *typo[] = {"basic"};
  assert_int_equal(jobs_build(f, (lf_build_options){.leaflets = typo, .leaflet_count = 1}),
                   LF_EXIT_FAILED);
  assert_true(tu_has(f->stderr_text, "error: no leaflet 'basic' (did you mean 'basics'?)"));
  const char *bad_format[] = {"larg"};
  assert_int_equal(jobs_build(f, (lf_build_options){.formats = bad_format, .format_count = 1}),
                   LF_EXIT_USAGE);
  assert_true(tu_has(f->stderr_text, "error: no print format 'larg' (did you mean 'large'?)"));
  expect_printed(f, "");

  /* 'basics' is due for review on 2028-02-26 */
  tu_write(f->dir, "leaflets/basics.yaml",
           replace_in(jobs_leaflet2, "next_review: 2028-02-26", "next_review: 2026-11-01"));
  assert_int_equal(jobs_build(f, (lf_build_options){.force = 1}), LF_EXIT_FAILED);
  expect_printed(f, "drugs-lung-net.standard.pdf\ndrugs-pancreatic-net.standard.pdf\n");
  assert_true(tu_has(f->stderr_text, "error: leaflet 'basics' was due for review on"));
  assert_int_equal(jobs_build(f, (lf_build_options){.force = 1, .allow_overdue = 1}),
                   LF_EXIT_OK);
  expect_printed(f, "basics.standard.pdf\n"
                    "drugs-lung-net.standard.pdf\n"
                    "drugs-pancreatic-net.standard.pdf\n");

  /* a review dated after today is no evidence: not printed, whatever
   * --allow-overdue says (it was a warning `build` never gave, and the
   * PDF claimed the review) */
  tu_write(f->dir, "leaflets/basics.yaml",
           replace_in(jobs_leaflet2, "last_reviewed: 2025-02-26", "last_reviewed: 2027-02-26"));
  assert_int_equal(jobs_build(f, (lf_build_options){.force = 1, .allow_overdue = 1}),
                   LF_EXIT_FAILED);
  expect_printed(f, "drugs-lung-net.standard.pdf\ndrugs-pancreatic-net.standard.pdf\n");
  assert_true(tu_has(f->stderr_text, "error: leaflet 'basics' says it was last reviewed on "
                                     "26 Feb 2027, which is after today"));
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, jobs_setup, jobs_teardown)
  const struct CMUnitTest tests[] = {
      T(test_documents_and_order), T(test_reported_in_job_order), T(test_file_names), T(test_edition_by_its_file_name), T(test_size_keeps_the_measure), T(test_one_file_for_two_documents),
      T(test_shards),              T(test_errors_cost_only_their_document),
  };
  return cmocka_run_group_tests_name("build", tests, NULL, NULL);
}
