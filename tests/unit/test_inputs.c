/*
 * test_inputs.c -- the digest of what a PDF is made from (src/jobs/
 * inputs.c, and the recipe lf_build() makes of it per document), which a
 * batch build compares with the manifest to skip what is up to date.  A
 * change to anything a PDF depends on must change its digest (else a stale
 * PDF is kept), and nothing else may (else everything is rebuilt for
 * nothing): every content file, every measure of the print format, the
 * fonts' files, the leaflet, edition, "review overdue" and booklet
 * settings; not a file the build never reads.
 */
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "jobs_fixture.h"
#include "../../src/jobs/jobs_internal.h"

/* 'append()' - Add 'text' to the end of dir/rel. */
static void append(const char *dir, const char *rel, const char *text) {
  char path[1100];
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  FILE *fp = fopen(path, "a");
  assert_non_null(fp);
  fputs(text, fp);
  fclose(fp);
}

/* 'content_digest()' - lf_digest_content() of a folder, in 'out'. */
static const char *content_digest(const char *dir, char out[LF_SHA256_HEX_SIZE]) {
  assert_int_equal(lf_digest_content(dir, out), 0);
  return out;
}

/* Every file of the fixture folder a leaflet may be made from. */
static const char *const content_files[] = {
    "drugs/sunitinib.yaml",       "drugs/everolimus.yaml",   "tumours/pancreatic-net.yaml",
    "tumours/lung-net.yaml",      "leaflets/drugs.yaml",     "leaflets/basics.yaml",
    "fragments/coping.yaml",      "glossary.yaml",           "styles/standard.yaml",
    "styles/large.yaml"};

/*
 * 'test_content_files()' - A change to any content file (a line added, or
 * one letter changed) changes the folder's digest, and putting the file
 * back gives the first digest again; so does a new content file.  Files
 * no leaflet reads (covering letters, a text file, a hidden file, a
 * backup) change nothing.
 */
static void test_content_files(void **state) {
  jobs_fixture *f = *state;
  char first[LF_SHA256_HEX_SIZE], now[LF_SHA256_HEX_SIZE];
  content_digest(f->dir, first);
  assert_string_equal(content_digest(f->dir, now), first); /* the same twice */
  for (size_t i = 0; i < sizeof content_files / sizeof *content_files; i++) {
    char *before = jobs_read_in(f->arena, f->dir, content_files[i]);
    assert_non_null(before);
    append(f->dir, content_files[i], "#\n");
    if (strcmp(content_digest(f->dir, now), first) == 0)
      fail_msg("a line added to %s leaves the digest as it was", content_files[i]);
    /* one letter changed, the length kept */
    char *changed = lf_arena_strdup(f->arena, before);
    size_t len = strlen(changed);
    assert_true(len > 2 && changed[len - 1] == '\n');
    changed[len - 2] = changed[len - 2] == 'x' ? 'y' : 'x';
    tu_write(f->dir, content_files[i], changed);
    if (strcmp(content_digest(f->dir, now), first) == 0)
      fail_msg("a letter changed in %s leaves the digest as it was", content_files[i]);
    tu_write(f->dir, content_files[i], before);
    assert_string_equal(content_digest(f->dir, now), first);
  }
  tu_write(f->dir, "drugs/new.yaml", "id: new\n");
  assert_string_not_equal(content_digest(f->dir, now), first);
  char path[1100];
  snprintf(path, sizeof path, "%s/drugs/new.yaml", f->dir);
  unlink(path);
  assert_string_equal(content_digest(f->dir, now), first);
  /* a file moved to another folder is another input */
  snprintf(path, sizeof path, "%s/fragments/coping.yaml", f->dir);
  char moved[1100];
  snprintf(moved, sizeof moved, "%s/drugs/coping.yaml", f->dir);
  assert_int_equal(rename(path, moved), 0);
  assert_string_not_equal(content_digest(f->dir, now), first);
  assert_int_equal(rename(moved, path), 0);

  tu_write(f->dir, "letters/default.yaml", "id: default\nbody: [Changed]\n");
  tu_write(f->dir, "letters/other.yaml", "id: other\nbody: [New]\n");
  tu_write(f->dir, "README.txt", "notes for authors\n");
  tu_write(f->dir, "drugs/.sunitinib.yaml.swp", "editor's file\n");
  tu_write(f->dir, "drugs/sunitinib.yaml~", "a backup\n");
  assert_string_equal(content_digest(f->dir, now), first);
}

/*
 * 'test_format_measures()' - Each measure of a print format, changed on
 * its own, changes the format's digest; the same measures give the same
 * digest.
 */
static void test_format_measures(void **state) {
  (void)state;
  lf_format base = {.name = "standard", .page_width = 595.28, .page_height = 841.89,
                    .margin_top = 56.7, .margin_bottom = 56.7, .margin_left = 104.9,
                    .margin_right = 104.9, .body_size = 12, .line_spacing = 1.4,
                    .heading_scale = {0, 1.75, 1.4, 1.2, 1.1}, .paragraph_space = 1,
                    .list_indent = 1.5, .footer_scale = 1, .rule_width = 1.5,
                    .text_colour = 0, .link_colour = 0x0B4F9C, .callout_border = 0,
                    .callout_fill = 0xFFFFFF, .print_urls = 1};
  char want[LF_SHA256_HEX_SIZE];
  unsigned char raw[LF_SHA256_SIZE];
  lf_sha256 h;
  lf_sha256_init(&h);
  lf_digest_format(&h, &base);
  lf_sha256_final(&h, raw);
  lf_sha256_hex(raw, want);
  /* every double measure, by its place in the struct */
  static const struct {
    const char *name;
    size_t offset;
  } measures[] = {
#define M(field) {#field, offsetof(lf_format, field)}
      M(page_width),       M(page_height),      M(margin_top),       M(margin_bottom),
      M(margin_left),      M(margin_right),     M(body_size),        M(line_spacing),
      M(heading_scale[1]), M(heading_scale[2]), M(heading_scale[3]), M(heading_scale[4]),
      M(paragraph_space),  M(list_indent),      M(footer_scale),     M(rule_width),
#undef M
  };
  size_t changes = sizeof measures / sizeof *measures + 7;
  for (size_t i = 0; i < changes; i++) {
    lf_format s = base;
    const char *what;
    if (i < sizeof measures / sizeof *measures) {
      *(double *)((char *)&s + measures[i].offset) += 0.001;
      what = measures[i].name;
    } else {
      static const char *const others[] = {"text colour", "link colour", "callout border",
                                           "callout fill", "print_urls", "name",
                                           "a measure in its last digit"};
      size_t k = i - sizeof measures / sizeof *measures;
      what = others[k];
      switch (k) {
      case 0: s.text_colour = 0x000001; break;
      case 1: s.link_colour ^= 1; break;
      case 2: s.callout_border = 0x100000; break;
      case 3: s.callout_fill ^= 0x10; break;
      case 4: s.print_urls = 0; break;
      case 5: s.name = "large"; break;
      default: s.body_size = nextafter(s.body_size, 13); break;
      }
    }
    char got[LF_SHA256_HEX_SIZE];
    lf_sha256_init(&h);
    lf_digest_format(&h, &s);
    lf_sha256_final(&h, raw);
    lf_sha256_hex(raw, got);
    if (strcmp(got, want) == 0)
      fail_msg("a change to the format's %s leaves its digest as it was", what);
  }
  lf_format same = base;
  char again[LF_SHA256_HEX_SIZE];
  lf_sha256_init(&h);
  lf_digest_format(&h, &same);
  lf_sha256_final(&h, raw);
  lf_sha256_hex(raw, again);
  assert_string_equal(again, want);
}

/* 'fonts_digest()' - lf_digest_fonts() of a set naming 'paths' (not loaded). */
static void fonts_digest(const char *const paths[LF_FACE_COUNT], char out[LF_SHA256_HEX_SIZE]) {
  lf_fontset set = {0};
  for (int i = 0; i < LF_FACE_COUNT; i++)
    set.path[i] = (char *)paths[i];
  lf_sha256 h;
  unsigned char raw[LF_SHA256_SIZE];
  lf_sha256_init(&h);
  lf_digest_fonts(&h, &set);
  lf_sha256_final(&h, raw);
  lf_sha256_hex(raw, out);
}

/* 'copy_file()' - Copy 'from' to 'to'. */
static void copy_file(const char *from, const char *to) {
  FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
  assert_non_null(in);
  assert_non_null(out);
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0)
    fwrite(buf, 1, n, out);
  fclose(in);
  fclose(out);
}

/*
 * 'test_fonts_identity()' - The fonts' digest changes when any of the four
 * files is another file, or the same file is rewritten (a new modification
 * time, or new bytes of another length); the same files give the same
 * digest.
 */
static void test_fonts_identity(void **state) {
  jobs_fixture *f = *state;
  char regular[PATH_MAX + 64], copy[1100];
  snprintf(regular, sizeof regular, "%s/AtkinsonHyperlegible-Regular.ttf", f->fonts);
  snprintf(copy, sizeof copy, "%s/Regular-copy.ttf", f->out);
  copy_file(regular, copy);
  const char *paths[LF_FACE_COUNT] = {copy, "fonts/AtkinsonHyperlegible-Bold.ttf",
                                      "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                      "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"};
  char first[LF_SHA256_HEX_SIZE], now[LF_SHA256_HEX_SIZE];
  fonts_digest(paths, first);
  fonts_digest(paths, now);
  assert_string_equal(now, first);
  /* a face in another file */
  for (int face = 0; face < LF_FACE_COUNT; face++) {
    const char *other[LF_FACE_COUNT];
    memcpy(other, paths, sizeof other);
    other[face] = face == 0 ? regular : copy;
    fonts_digest(other, now);
    if (strcmp(now, first) == 0)
      fail_msg("face %d in another file leaves the digest as it was", face);
  }
  /* the same file rewritten: a new modification time */
  struct timespec times[2] = {{0, UTIME_OMIT}, {1000000000, 0}};
  assert_int_equal(utimensat(AT_FDCWD, copy, times, 0), 0);
  fonts_digest(paths, now);
  assert_string_not_equal(now, first);
  char touched[LF_SHA256_HEX_SIZE];
  memcpy(touched, now, sizeof touched);
  /* new bytes, the modification time put back */
  append(f->out, "Regular-copy.ttf", "x");
  assert_int_equal(utimensat(AT_FDCWD, copy, times, 0), 0);
  fonts_digest(paths, now);
  assert_string_not_equal(now, touched);
}

/* 'count_of()' - "(N written" / "N unchanged" from a build's summary. */
static int count_of(const jobs_fixture *f, const char *what) {
  const char *at = f->stderr_text;
  char pattern[64];
  snprintf(pattern, sizeof pattern, " %s", what);
  for (const char *p = strstr(at, pattern); p; p = strstr(p + 1, pattern)) {
    const char *q = p;
    while (q > at && q[-1] >= '0' && q[-1] <= '9')
      q--;
    if (q < p)
      return atoi(q);
  }
  return -1;
}

/*
 * 'test_build_skips_only_what_is_unchanged()' - Through lf_build(): a
 * second build writes nothing; a change to a drug rebuilds the leaflet
 * that names it (every edition and format) and not the leaflet that does
 * not; the digest of each PDF is then new.  A new covering letter or a text
 * file in the content folder rebuilds nothing.
 */
static void test_build_skips_only_what_is_unchanged(void **state) {
  jobs_fixture *f = *state;
  lf_build_options o = {.all_formats = 1, .jobs = 2};
  assert_int_equal(jobs_build(f, o), LF_EXIT_OK);
  assert_int_equal(count_of(f, "written"), 6); /* (2 editions + 1) x 2 formats */
  const char *files[] = {"drugs-lung-net.standard.pdf", "drugs-pancreatic-net.large.pdf",
                         "basics.standard.pdf"};
  const char *before[3];
  for (int i = 0; i < 3; i++) {
    before[i] = jobs_input(f, files[i]);
    assert_int_equal(strlen(before[i]), 64);
  }
  assert_int_equal(jobs_build(f, o), LF_EXIT_OK);
  assert_int_equal(count_of(f, "written"), 0);
  assert_int_equal(count_of(f, "unchanged"), 6);

  tu_write(f->dir, "letters/default.yaml", "id: default\nbody: [\"Dear {name}\"]\n");
  tu_write(f->dir, "notes.txt", "not content\n");
  assert_int_equal(jobs_build(f, o), LF_EXIT_OK);
  assert_int_equal(count_of(f, "written"), 0);
  for (int i = 0; i < 3; i++)
    assert_string_equal(jobs_input(f, files[i]), before[i]);

  /* every content file goes into every PDF's digest: a change to a drug
   * the leaflet 'basics' does not name still rebuilds it (the digest is of
   * the whole folder, as README says) */
  append(f->dir, "drugs/everolimus.yaml", "# reviewed\n");
  assert_int_equal(jobs_build(f, o), LF_EXIT_OK);
  assert_int_equal(count_of(f, "written"), 6);
  for (int i = 0; i < 3; i++)
    assert_string_not_equal(jobs_input(f, files[i]), before[i]);
}

/*
 * 'test_document_settings()' - The PDFs of one run differ in digest by
 * leaflet, by edition and by format; a build past the review date with
 * --allow-overdue (every page then says so) is another digest for the same
 * file, and so rebuilt; a later --today that changes nothing printed keeps
 * the digest; a booklet's digest differs from the same format's A5 PDF.
 */
static void test_document_settings(void **state) {
  jobs_fixture *f = *state;
  lf_build_options o = {.all_formats = 1, .jobs = 2};
  assert_int_equal(jobs_build(f, o), LF_EXIT_OK);
  const char *names[] = {"drugs-lung-net.standard.pdf", "drugs-pancreatic-net.standard.pdf",
                         "drugs-lung-net.large.pdf", "basics.standard.pdf"};
  const char *inputs[4];
  for (int i = 0; i < 4; i++)
    inputs[i] = jobs_input(f, names[i]);
  for (int i = 0; i < 4; i++)
    for (int k = i + 1; k < 4; k++)
      if (strcmp(inputs[i], inputs[k]) == 0)
        fail_msg("%s and %s have the same input digest", names[i], names[k]);

  /* a year on, nothing overdue: the same digests, nothing rebuilt */
  o.today = (lf_date){2027, 11, 24};
  assert_int_equal(jobs_build(f, o), LF_EXIT_OK);
  assert_int_equal(count_of(f, "written"), 0);
  assert_string_equal(jobs_input(f, names[0]), inputs[0]);
  /* past the review date (2028-02-26), allowed: "Review overdue" on every
   * page, so each PDF is made again */
  o.today = (lf_date){2028, 3, 1};
  o.allow_overdue = 1;
  assert_int_equal(jobs_build(f, o), LF_EXIT_OK);
  assert_int_equal(count_of(f, "written"), 6);
  const char *overdue = jobs_input(f, names[0]);
  assert_string_not_equal(overdue, inputs[0]);
  o.today = (lf_date){2028, 4, 1};
  assert_int_equal(jobs_build(f, o), LF_EXIT_OK);
  assert_int_equal(count_of(f, "written"), 0);

  /* a booklet and the A5 PDF of the same format and edition */
  lf_build_options a5 = {.paper = "A5", .jobs = 2};
  lf_build_options booklet = {.booklet = 1, .jobs = 2};
  assert_int_equal(jobs_build(f, a5), LF_EXIT_OK);
  assert_int_equal(jobs_build(f, booklet), LF_EXIT_OK);
  const char *page_per_page = jobs_input(f, "drugs-lung-net.standard-a5.pdf");
  const char *imposed = jobs_input(f, "drugs-lung-net.standard-a5.booklet.pdf");
  assert_int_equal(strlen(page_per_page), 64);
  assert_int_equal(strlen(imposed), 64);
  assert_string_not_equal(page_per_page, imposed);
}

/*
 * 'test_fonts_in_build()' - A format whose regular face is another file
 * (a copy with the same bytes) rebuilds that format's PDFs only.
 */
static void test_fonts_in_build(void **state) {
  jobs_fixture *f = *state;
  lf_build_options o = {.all_formats = 1, .jobs = 2};
  assert_int_equal(jobs_build(f, o), LF_EXIT_OK);
  const char *standard = jobs_input(f, "basics.standard.pdf");
  const char *large = jobs_input(f, "basics.large.pdf");
  char regular[PATH_MAX + 64], copy[1100];
  snprintf(regular, sizeof regular, "%s/AtkinsonHyperlegible-Regular.ttf", f->fonts);
  snprintf(copy, sizeof copy, "%s/Regular-copy.ttf", f->out);
  copy_file(regular, copy);
  /* the format file is the same length and bytes but for the path, so the
   * content digest changes too; compare with a build that changes only
   * the font file behind an unchanged path */
  jobs_write_format(f, "large", 18, copy);
  assert_int_equal(jobs_build(f, o), LF_EXIT_OK);
  const char *large_copy = jobs_input(f, "basics.large.pdf");
  assert_string_not_equal(large_copy, large);
  assert_string_not_equal(jobs_input(f, "basics.standard.pdf"), standard);
  standard = jobs_input(f, "basics.standard.pdf");
  /* the copy rewritten in place: only the large format's PDFs rebuilt */
  struct timespec times[2] = {{0, UTIME_OMIT}, {1000000000, 0}};
  assert_int_equal(utimensat(AT_FDCWD, copy, times, 0), 0);
  assert_int_equal(jobs_build(f, o), LF_EXIT_OK);
  assert_int_equal(count_of(f, "written"), 3);
  assert_string_equal(jobs_input(f, "basics.standard.pdf"), standard);
  assert_string_not_equal(jobs_input(f, "basics.large.pdf"), large_copy);
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, jobs_setup, jobs_teardown)
  const struct CMUnitTest tests[] = {
      T(test_content_files),  T(test_format_measures),
      T(test_fonts_identity), T(test_build_skips_only_what_is_unchanged),
      T(test_document_settings), T(test_fonts_in_build),
  };
  return cmocka_run_group_tests_name("inputs", tests, NULL, NULL);
}
