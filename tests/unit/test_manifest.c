/*
 * test_manifest.c -- the batch manifest (src/jobs/manifest.c): the exact
 * JSON it writes, reading it back, errors at their line and column,
 * merging the parts of a sharded build, and checking files against it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "leaflet/jobs.h"
#include "leaflet/sha256.h"
#include "testutil.h"

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

/*
 * 'entry()' - A manifest entry for tests.
 */
static lf_manifest_entry entry(const char *file, const char *tumour, size_t pages,
                               size_t bytes, const char *sha) {
  lf_manifest_entry e = {.file = file, .leaflet = "net-drugs", .tumour = tumour,
                         .format = "large", .paper = "A4", .pages = pages, .bytes = bytes,
                         .last_reviewed = {2025, 2, 26}, .next_review = {2028, 2, 26}};
  snprintf(e.sha256, sizeof e.sha256, "%s", sha);
  return e;
}

/*
 * 'test_format_exact()' - Sorted by file, fixed keys, totals with duplex
 * sheets, nulls for what is not there, a shard when there is one.
 */
static void test_format_exact(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0);
  lf_manifest m = {0};
  lf_manifest_entry b = entry("b.pdf", NULL, 3, 100, SHA_B);
  lf_manifest_entry a = entry("a \"q\".pdf", "lung-nec", 4, 200, SHA_A);
  snprintf(a.input, sizeof a.input, "%s", SHA_B);
  a.version = "2";
  a.approver_role = "Clinical nurse specialist";
  a.approver_name = "A. \"Example\"";
  assert_non_null(lf_manifest_add(arena, &m, &b));
  assert_non_null(lf_manifest_add(arena, &m, &a));
  m.shard_index = 2;
  m.shard_count = 3;
  size_t len;
  char *text = lf_manifest_format(&m, &len);
  assert_non_null(text);
  const char *want =
      "{\n"
      "  \"manifest\": 1,\n"
      "  \"generator\": \"leaflet " LF_VERSION "\",\n"
      "  \"shard\": {\"index\": 2, \"count\": 3},\n"
      "  \"documents\": [\n"
      "    {\"file\": \"a \\\"q\\\".pdf\", \"leaflet\": \"net-drugs\", \"tumour\": \"lung-nec\", "
      "\"format\": \"large\", \"paper\": \"A4\", \"pages\": 4, \"bytes\": 200, \"sha256\": \""
      SHA_A "\", \"last_reviewed\": \"2025-02-26\", \"next_review\": \"2028-02-26\", "
      "\"version\": \"2\", \"approved_by\": {\"role\": \"Clinical nurse specialist\", "
      "\"name\": \"A. \\\"Example\\\"\"}, \"input\": \"" SHA_B "\"},\n"
      "    {\"file\": \"b.pdf\", \"leaflet\": \"net-drugs\", \"tumour\": null, "
      "\"format\": \"large\", \"paper\": \"A4\", \"pages\": 3, \"bytes\": 100, \"sha256\": \""
      SHA_B "\", \"last_reviewed\": \"2025-02-26\", \"next_review\": \"2028-02-26\", "
      "\"version\": null, \"approved_by\": null, \"input\": null}\n"
      "  ],\n"
      "  \"totals\": {\"documents\": 2, \"pages\": 7, \"sheets\": 4, \"bytes\": 300}\n"
      "}\n";
  assert_string_equal(text, want);
  assert_int_equal(len, strlen(want));
  /* the entries given were not reordered */
  assert_string_equal(m.entries[0].file, "b.pdf");
  free(text);
  lf_arena_free(arena);
}

/*
 * 'test_round_trip()' - What is written reads back the same.
 */
static void test_round_trip(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0);
  lf_manifest m = {0};
  lf_manifest_entry a = entry("x\xC3\xA9.pdf", "lung-nec", 4, 200, SHA_A);
  snprintf(a.input, sizeof a.input, "%s", SHA_B);
  a.version = "1.2";
  a.approver_role = "Publisher";
  a.approver_name = "Cancer Research UK";
  lf_manifest_add(arena, &m, &a);
  char *text = lf_manifest_format(&m, NULL);
  lf_diags d;
  lf_diags_init(&d);
  lf_manifest back;
  assert_int_equal(lf_manifest_parse(arena, "m.json", text, strlen(text), &back, &d), 0);
  assert_int_equal(back.count, 1);
  assert_int_equal(back.shard_count, 0);
  const lf_manifest_entry *e = &back.entries[0];
  assert_string_equal(e->file, "x\xC3\xA9.pdf");
  assert_string_equal(e->tumour, "lung-nec");
  assert_string_equal(e->paper, "A4");
  assert_int_equal(e->pages, 4);
  assert_int_equal(e->bytes, 200);
  assert_string_equal(e->sha256, SHA_A);
  assert_string_equal(e->input, SHA_B);
  assert_int_equal(e->next_review.year, 2028);
  assert_string_equal(e->version, "1.2");
  assert_string_equal(e->approver_role, "Publisher");
  assert_string_equal(e->approver_name, "Cancer Research UK");
  char *again = lf_manifest_format(&back, NULL);
  assert_string_equal(again, text);
  free(text);
  free(again);
  lf_diags_free(&d);
  lf_arena_free(arena);
}

/*
 * 'parse_error()' - The one diagnostic a bad manifest gives.
 */
static void parse_error(const char *text, const char *want) {
  lf_arena *arena = lf_arena_new(0);
  lf_diags d;
  lf_diags_init(&d);
  lf_manifest m;
  assert_int_equal(lf_manifest_parse(arena, "m.json", text, strlen(text), &m, &d), -1);
  char buf[4096];
  assert_true(tu_has(tu_diags_text(&d, buf, sizeof buf), want));
  lf_diags_free(&d);
  lf_arena_free(arena);
}

/*
 * 'test_parse_errors()' - Broken JSON and missing or wrong values are
 * reported at their line and column.
 */
static void test_parse_errors(void **state) {
  (void)state;
  parse_error("{\n  \"documents\": [\n    {\"file\": \"a.pdf\",}\n  ]\n}",
              "m.json:3:22: error: expected a key in quotes in the manifest");
  parse_error("{\"documents\": [", "m.json:1:16: error: unexpected end of the text");
  parse_error("[]", "m.json:1:1: error: not a leaflet manifest");
  parse_error("{\"documents\": [{\"file\": \"a.pdf\", \"leaflet\": \"l\", \"format\": \"f\", "
              "\"pages\": 1.5, \"bytes\": 1, \"sha256\": \"" SHA_A "\"}]}",
              "m.json:1:74: error: bad 'pages' in a manifest entry (expected a whole number)");
  parse_error("{\"documents\": [{\"file\": \"../a.pdf\", \"leaflet\": \"l\", \"format\": \"f\", "
              "\"pages\": 1, \"bytes\": 1, \"sha256\": \"" SHA_A "\"}]}",
              "bad 'file' in a manifest entry (expected a file name without a folder)");
  parse_error("{\"documents\": [{\"file\": \"a.pdf\", \"leaflet\": \"l\", \"format\": \"f\", "
              "\"pages\": 1, \"bytes\": 1, \"sha256\": \"ABC\"}]}",
              "bad 'sha256' in a manifest entry (expected 64 lowercase hex digits)");
  parse_error("{\"documents\": [{\"leaflet\": \"l\"}]}",
              "m.json:1:16: error: no 'file' in a manifest entry (expected a string)");
  parse_error("{\"documents\": [], \"shard\": {\"index\": 3, \"count\": 2}}", "bad \"shard\"");
  parse_error("{\"documents\": [{\"file\": \"a.pdf\", \"leaflet\": \"l\", \"format\": \"f\", "
              "\"pages\": 1, \"bytes\": 1, \"sha256\": \"" SHA_A "\", \"approved_by\": \"me\"}]}",
              "m.json:1:182: error: bad 'approved_by' in a manifest entry (expected "
              "{\"role\": ..., \"name\": ...} or null)");
  parse_error("{\"documents\": [{\"file\": \"a.pdf\", \"leaflet\": \"l\", \"format\": \"f\", "
              "\"pages\": 1, \"bytes\": 1, \"sha256\": \"" SHA_A "\", \"version\": 2}]}",
              "bad 'version' in a manifest entry (expected a string)");
}

/*
 * 'part()' - A shard manifest with one entry.
 */
static lf_manifest part(lf_arena *arena, int k, int n, const char *file, const char *sha) {
  lf_manifest m = {.shard_index = k, .shard_count = n};
  lf_manifest_entry e = entry(file, NULL, 2, 10, sha);
  lf_manifest_add(arena, &m, &e);
  return m;
}

/*
 * 'test_merge()' - Parts merge into one sorted manifest; a missing,
 * repeated or disagreeing part is an error.
 */
static void test_merge(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0);
  const char *names[] = {"p1.json", "p2.json", "p3.json"};
  lf_manifest parts[3] = {part(arena, 2, 3, "c.pdf", SHA_A), part(arena, 1, 3, "a.pdf", SHA_A),
                          part(arena, 3, 3, "b.pdf", SHA_B)};
  lf_manifest out;
  lf_diags d;
  lf_diags_init(&d);
  char buf[4096];
  assert_int_equal(lf_manifest_merge(arena, parts, names, 3, 0, &out, &d), 0);
  assert_int_equal(out.count, 3);
  assert_int_equal(out.shard_count, 0);
  assert_string_equal(out.entries[0].file, "a.pdf");
  assert_string_equal(out.entries[2].file, "c.pdf");
  /* shard 3 missing */
  assert_int_equal(lf_manifest_merge(arena, parts, names, 2, 0, &out, &d), -1);
  assert_true(tu_has(tu_diags_text(&d, buf, sizeof buf), "error: shard 3 of 3 is missing"));
  lf_diags_free(&d);
  lf_diags_init(&d);
  assert_int_equal(lf_manifest_merge(arena, parts, names, 2, 1, &out, &d), 0);
  assert_int_equal(out.count, 2);
  /* the same shard twice, with another count, the same file differently */
  lf_manifest bad[3] = {part(arena, 1, 3, "a.pdf", SHA_A), part(arena, 1, 3, "x.pdf", SHA_A),
                        part(arena, 2, 4, "y.pdf", SHA_A)};
  assert_int_equal(lf_manifest_merge(arena, bad, names, 3, 1, &out, &d), -1);
  tu_diags_text(&d, buf, sizeof buf);
  assert_true(tu_has(buf, "p2.json: error: shard 1 of 3 is given twice (also p1.json)"));
  assert_true(tu_has(buf, "p3.json: error: this part is shard 2 of 4, but an earlier part was "
                          "of 3 shards"));
  lf_diags_free(&d);
  lf_diags_init(&d);
  lf_manifest clash[2] = {part(arena, 1, 2, "a.pdf", SHA_A), part(arena, 2, 2, "a.pdf", SHA_B)};
  assert_int_equal(lf_manifest_merge(arena, clash, names, 2, 0, &out, &d), -1);
  assert_true(tu_has(tu_diags_text(&d, buf, sizeof buf),
                     "p2.json: error: 'a.pdf' is listed with other bytes"));
  lf_diags_free(&d);
  lf_arena_free(arena);
}

/*
 * 'test_write_and_verify()' - The manifest file is written with the mode
 * asked for and no temporary file left; files that match pass, a changed
 * or missing one is reported.
 */
static void test_write_and_verify(void **state) {
  (void)state;
  char *dir = tu_tempdir();
  assert_non_null(dir);
  tu_write(dir, "a.pdf", "%PDF-1.7 a");
  tu_write(dir, "b.pdf", "%PDF-1.7 b");
  lf_arena *arena = lf_arena_new(0);
  lf_manifest m = {0};
  char sha[LF_SHA256_HEX_SIZE];
  lf_manifest_entry a = entry("a.pdf", NULL, 1, 10, lf_sha256_buffer("%PDF-1.7 a", 10, sha));
  lf_manifest_entry b = entry("b.pdf", NULL, 1, 10, lf_sha256_buffer("%PDF-1.7 b", 10, sha));
  lf_manifest_add(arena, &m, &a);
  lf_manifest_add(arena, &m, &b);
  char path[1100];
  snprintf(path, sizeof path, "%s/manifest.json", dir);
  lf_diags d;
  lf_diags_init(&d);
  assert_int_equal(lf_manifest_write(&m, path, 0600, &d), 0);
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
  lf_manifest back;
  assert_int_equal(lf_manifest_read(arena, path, 0, &back, &d), 0);
  assert_int_equal(lf_manifest_verify(&back, dir, path, &d), 0);
  assert_int_equal(d.count, 0);
  tu_write(dir, "b.pdf", "%PDF-1.7 B");
  remove(strcat(strcpy(path, dir), "/a.pdf"));
  assert_int_equal(lf_manifest_verify(&back, dir, "manifest.json", &d), 2);
  char buf[4096];
  tu_diags_text(&d, buf, sizeof buf);
  assert_true(tu_has(buf, "manifest.json: error: 'a.pdf': No such file or directory"));
  assert_true(tu_has(buf, "manifest.json: error: 'b.pdf' has 10 bytes with SHA-256"));
  lf_diags_free(&d);
  lf_diags_init(&d);
  /* a missing manifest is empty only when allowed */
  snprintf(path, sizeof path, "%s/none.json", dir);
  assert_int_equal(lf_manifest_read(arena, path, 1, &back, &d), 0);
  assert_int_equal(back.count, 0);
  assert_int_equal(lf_manifest_read(arena, path, 0, &back, &d), -1);
  lf_diags_free(&d);
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "ls '%s' | grep -c manifest.json. > /dev/null", dir);
  assert_int_not_equal(system(cmd), 0); /* no temporary file beside it */
  lf_arena_free(arena);
  tu_rmtree(dir);
}

/*
 * 'test_verify_braille()' - A .brf entry passes when its file holds only
 * BRF bytes (cells, line feeds, form feeds), not a PDF header; a byte
 * outside them (lower case, a carriage return) is reported.
 */
static void test_verify_braille(void **state) {
  (void)state;
  char *dir = tu_tempdir();
  assert_non_null(dir);
  const char *good = "  ,DRUGS   #A\n\f#B\n", *bad = "  ,drugs\r\n";
  tu_write(dir, "a.braille.brf", good);
  tu_write(dir, "b.braille.brf", bad);
  lf_arena *arena = lf_arena_new(0);
  lf_manifest m = {0};
  char sha[LF_SHA256_HEX_SIZE];
  lf_manifest_entry a = entry("a.braille.brf", NULL, 2, strlen(good),
                              lf_sha256_buffer(good, strlen(good), sha));
  lf_manifest_entry b = entry("b.braille.brf", NULL, 1, strlen(bad),
                              lf_sha256_buffer(bad, strlen(bad), sha));
  lf_manifest_add(arena, &m, &a);
  lf_manifest_add(arena, &m, &b);
  lf_diags d;
  lf_diags_init(&d);
  assert_int_equal(lf_manifest_verify(&m, dir, "manifest.json", &d), 1);
  char buf[4096];
  assert_string_equal(tu_diags_text(&d, buf, sizeof buf),
                      "manifest.json: error: 'b.braille.brf' holds a byte that is not Braille "
                      "Ready Format\n");
  lf_diags_free(&d);
  lf_arena_free(arena);
  tu_rmtree(dir);
}

/*
 * 'main()' - Run the manifest tests.
 */
int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_format_exact),
      cmocka_unit_test(test_round_trip),
      cmocka_unit_test(test_parse_errors),
      cmocka_unit_test(test_merge),
      cmocka_unit_test(test_write_and_verify),
      cmocka_unit_test(test_verify_braille),
  };
  return cmocka_run_group_tests_name("manifest", tests, NULL, NULL);
}
