/*
 * test_mail.c -- planning a mailing run (lf_mail, src/jobs/mail.c), read
 * back from the manifest it writes for the print room: each row to its
 * leaflet edition and print format (a size a named format has is that
 * format; another size the nearest format scaled), its own PDF named by
 * ref, its place in the print file of its format (CSV order, each request
 * on whole sheets), bad rows skipped with the reason and never a cell
 * quoted, an address too long for the envelope window a failed row, and
 * the same files with 1 worker as with 4.  `make tsan` runs this file
 * under ThreadSanitizer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "jobs_fixture.h"
#include "leaflet/sha256.h"

/* One row of OUT/mail/manifest.csv (no field of these tests holds a comma
 * but 'error', the last). */
typedef struct row {
  char line[16], ref[80], leaflet[40], tumour[40], format[40], pages[16], sheets[16];
  char file[120], print_file[120], first[16], status[16], error[600];
} row;

/* 'read_rows()' - The manifest's rows after its header; their count. */
static size_t read_rows(jobs_fixture *f, row *rows, size_t max) {
  char *text = jobs_read(f, "mail/manifest.csv");
  assert_non_null(text);
  assert_true(tu_has(text, "line,ref,leaflet,tumour,format,pages,sheets,file,print_file,"
                           "print_first_page,status,error\r\n"));
  size_t n = 0;
  char *line = strstr(text, "\r\n") + 2;
  while (*line && n < max) {
    char *end = strstr(line, "\r\n");
    assert_non_null(end);
    *end = 0;
    row *r = &rows[n++];
    memset(r, 0, sizeof *r);
    char *fields[12] = {r->line, r->ref, r->leaflet, r->tumour, r->format, r->pages,
                        r->sheets, r->file, r->print_file, r->first, r->status, r->error};
    size_t sizes[12] = {16, 80, 40, 40, 40, 16, 16, 120, 120, 16, 16, 600};
    char *p = line;
    for (int k = 0; k < 12; k++) {
      char *comma = k < 11 ? strchr(p, ',') : NULL;
      size_t len = comma ? (size_t)(comma - p) : strlen(p);
      if (k == 11 && p[0] == '"') { /* the quoted error */
        p++;
        len = strlen(p) - 1;
      }
      snprintf(fields[k], sizes[k], "%.*s", (int)len, p);
      p = comma ? comma + 1 : p + len;
    }
    line = end + 2;
  }
  return n;
}

/* 'find_row()' - The row of 'ref'. */
static const row *find_row(const row *rows, size_t n, const char *ref) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(rows[i].ref, ref) == 0)
      return &rows[i];
  fail_msg("no row for ref %s", ref);
  return NULL;
}

/* 'expect_row()' - A row that was made: its leaflet, tumour, format and
 * files. */
static void expect_row(const row *rows, size_t n, const char *ref, const char *leaflet,
                       const char *tumour, const char *format) {
  const row *r = find_row(rows, n, ref);
  char file[120], print[120];
  snprintf(file, sizeof file, "requests/%s.pdf", ref);
  snprintf(print, sizeof print, "print-%s-001.pdf", format);
  if (strcmp(r->status, "ok") != 0)
    fail_msg("ref %s: status %s (%s)", ref, r->status, r->error);
  assert_string_equal(r->leaflet, leaflet);
  assert_string_equal(r->tumour, tumour);
  assert_string_equal(r->format, format);
  assert_string_equal(r->file, file);
  assert_string_equal(r->print_file, print);
  assert_true(atoi(r->pages) >= 2);       /* a letter and a leaflet */
  assert_true(atoi(r->sheets) >= 2);      /* each on sheets of its own */
  assert_true(atoi(r->first) >= 1);
  assert_string_equal(r->error, "");
}

/* Rows for formats and editions: named formats, sizes, editions; the
 * columns in another order than the README's, town and addresses 2 and 3
 * left out. */
static const char good_csv[] =
    "name,ref,address_1,postcode,leaflet,tumour,format\r\n"
    "Ann Example,R1,1 Road,NT1 1AA,drugs,lung-net,standard\r\n"
    "Bob Example,R2,2 Road,NT1 2AA,drugs,pancreatic-net,large\r\n"
    "Cat Example,R3,3 Road,NT1 3AA,basics,,18\r\n"
    "Dan Example,R4,4 Road,NT1 4AA,basics,,12pt\r\n"
    "Eve Example,R5,5 Road,NT1 5AA,drugs,lung-net,20\r\n"
    "Fay Example,R6,6 Road,NT1 6AA,basics,, 20 pt \r\n"
    "Gus Example,R7,7 Road,NT1 7AA,drugs,lung-net,standard\r\n"
    "Hal Example,R8,8 Road,NT1 8AA,basics,,13.5\r\n";

/*
 * 'test_rows_to_formats_and_editions()' - Each row gets its edition and
 * format: "18" is large (large print is 18 pt), "12pt" standard, "20" and
 * " 20 pt " the 20 pt format (the standard one scaled up from large), 13.5
 * a half size; every row its own PDF; one print file per format.
 */
static void test_rows_to_formats_and_editions(void **state) {
  jobs_fixture *f = *state;
  assert_int_equal(jobs_mail(f, good_csv, 4), LF_EXIT_OK);
  row rows[16];
  size_t n = read_rows(f, rows, 16);
  assert_int_equal(n, 8);
  expect_row(rows, n, "R1", "drugs", "lung-net", "standard");
  expect_row(rows, n, "R2", "drugs", "pancreatic-net", "large");
  expect_row(rows, n, "R3", "basics", "", "large");
  expect_row(rows, n, "R4", "basics", "", "standard");
  expect_row(rows, n, "R5", "drugs", "lung-net", "20pt");
  expect_row(rows, n, "R6", "basics", "", "20pt");
  expect_row(rows, n, "R7", "drugs", "lung-net", "standard");
  expect_row(rows, n, "R8", "basics", "", "13.5pt");
  for (size_t i = 0; i < n; i++) { /* rows in CSV order, by line */
    char line[32];
    snprintf(line, sizeof line, "%zu", i + 2);
    assert_string_equal(rows[i].line, line);
  }
  static const char *const files[] = {"mail/requests/R1.pdf", "mail/requests/R8.pdf",
                                      "mail/print-standard-001.pdf", "mail/print-large-001.pdf",
                                      "mail/print-20pt-001.pdf", "mail/print-13.5pt-001.pdf"};
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    char *pdf = jobs_read(f, files[i]);
    assert_non_null(pdf);
    assert_memory_equal(pdf, "%PDF-", 5);
  }
  assert_null(jobs_read(f, "mail/print-18pt-001.pdf"));
  assert_null(jobs_read(f, "mail/print-12pt-001.pdf"));
  assert_true(tu_has(f->stderr_text, "8 requests: 8 made, 0 skipped, 0 failed"));
  assert_true(tu_has(f->stderr_text, "4 print files"));
}

/*
 * 'test_print_file_places()' - In each print file the requests of its
 * format follow in CSV order, each starting on a new sheet: the first at
 * page 1, the next at the page after the sheets of the one before.  The
 * print file's own page count is the sum.
 */
static void test_print_file_places(void **state) {
  jobs_fixture *f = *state;
  assert_int_equal(jobs_mail(f, good_csv, 4), LF_EXIT_OK);
  row rows[16];
  size_t n = read_rows(f, rows, 16);
  static const char *const formats[] = {"standard", "large", "20pt", "13.5pt"};
  for (size_t k = 0; k < 4; k++) {
    size_t next = 1, count = 0;
    for (size_t i = 0; i < n; i++) {
      if (strcmp(rows[i].format, formats[k]) != 0)
        continue;
      if ((size_t)atoi(rows[i].first) != next)
        fail_msg("%s: ref %s starts at page %s, expected %zu", formats[k], rows[i].ref,
                 rows[i].first, next);
      /* its own PDF, each part padded to whole sheets */
      size_t pages = (size_t)atoi(rows[i].pages), sheets = (size_t)atoi(rows[i].sheets);
      assert_true(2 * sheets >= pages && 2 * sheets <= pages + 2);
      next += 2 * sheets;
      count++;
    }
    assert_true(count >= 1);
    char want[160];
    snprintf(want, sizeof want, "print-%s-001.pdf (%zu pages, %zu sheets duplex, %zu request%s)",
             formats[k], next - 1, (next - 1) / 2, count, count == 1 ? "" : "s");
    assert_true(tu_has(f->stdout_text, want));
  }
  /* the progress lines: one per request, in CSV order */
  const char *at = f->stdout_text;
  for (size_t i = 0; i < n; i++) {
    char want[64];
    snprintf(want, sizeof want, "line %zu: ", i + 2);
    const char *p = strstr(at, want);
    assert_non_null(p);
    at = p + 1;
  }
}

/*
 * 'test_same_with_one_worker()' - -j 1 and -j 4 make the same manifest and
 * the same bytes in every file.
 */
static void test_same_with_one_worker(void **state) {
  jobs_fixture *f = *state;
  static const char *const files[] = {"mail/manifest.csv", "mail/requests/R2.pdf",
                                      "mail/requests/R6.pdf", "mail/print-standard-001.pdf",
                                      "mail/print-20pt-001.pdf"};
  char digests[5][LF_SHA256_HEX_SIZE];
  assert_int_equal(jobs_mail(f, good_csv, 4), LF_EXIT_OK);
  for (int i = 0; i < 5; i++) {
    char path[1100];
    size_t size;
    snprintf(path, sizeof path, "%s/%s", f->out, files[i]);
    assert_int_equal(lf_sha256_file(path, digests[i], &size), 0);
  }
  assert_int_equal(jobs_mail(f, good_csv, 1), LF_EXIT_OK);
  for (int i = 0; i < 5; i++) {
    char path[1100], now[LF_SHA256_HEX_SIZE];
    size_t size;
    snprintf(path, sizeof path, "%s/%s", f->out, files[i]);
    assert_int_equal(lf_sha256_file(path, now, &size), 0);
    if (strcmp(now, digests[i]) != 0)
      fail_msg("%s differs with 1 worker", files[i]);
  }
}

/*
 * 'test_bad_rows()' - Bad rows are skipped with the reason at their line,
 * and every good row is still made: an unknown leaflet, format or tumour
 * (with suggestions), a leaflet with editions and no tumour, one without
 * and a tumour, sizes out of range or not in half points, a missing name
 * or postcode, a ref used twice or unusable as a file name.  No cell of
 * the file is quoted in the diagnostics or the manifest.
 */
static void test_bad_rows(void **state) {
  jobs_fixture *f = *state;
  const char *csv =
      "ref,name,address_1,postcode,leaflet,tumour,format\r\n"
      "B1,Zed Secretname,1 Road,NT1 1AA,drugz,lung-net,standard\r\n"
      "B2,Zed Secretname,1 Road,NT1 1AA,drugs,lung-nett,standard\r\n"
      "B3,Zed Secretname,1 Road,NT1 1AA,drugs,,standard\r\n"
      "B4,Zed Secretname,1 Road,NT1 1AA,basics,lung-net,standard\r\n"
      "B5,Zed Secretname,1 Road,NT1 1AA,basics,,larg\r\n"
      "B6,Zed Secretname,1 Road,NT1 1AA,basics,,49\r\n"
      "B7,Zed Secretname,1 Road,NT1 1AA,basics,,12.25\r\n"
      "B8,,1 Road,NT1 1AA,basics,,standard\r\n"
      "B9,Zed Secretname,1 Road,,basics,,standard\r\n"
      "OK1,Zed Secretname,1 Road,NT1 1AA,basics,,standard\r\n"
      "OK1,Zed Secretname,1 Road,NT1 1AA,basics,,standard\r\n"
      "../x,Zed Secretname,1 Road,NT1 1AA,basics,,standard\r\n"
      "B13,Zed Secretname,1 Road,NT1 1AA,basics,,11\r\n";
  assert_int_equal(jobs_mail(f, csv, 4), LF_EXIT_FAILED);
  row rows[16];
  size_t n = read_rows(f, rows, 16);
  assert_int_equal(n, 13);
  static const struct {
    const char *ref, *error;
  } want[] = {
      {"B1", "no leaflet with the id in the column 'leaflet' (expected the id of a file in"},
      {"B2", "no edition for the tumour type in the column 'tumour' for leaflet 'drugs' "
             "(expected one of its editions; did you mean 'lung-net'?)"},
      {"B3", "nothing in the column 'tumour' for leaflet 'drugs'"},
      {"B4", "leaflet 'basics' has no tumour editions (expected column 'tumour' to be empty)"},
      {"B5", "no print format or size in the column 'format' (expected standard, large, giant, "
             "braille or a size from 12 to 48 pt; did you mean 'large'?)"},
      {"B6", "no print format or size in the column 'format'"},
      {"B7", "no print format or size in the column 'format'"},
      {"B8", "no name (column 'name' is empty)"},
      {"B9", "no postcode (column 'postcode' is empty)"},
      {"B13", "no print format or size in the column 'format'"},
  };
  for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
    const row *r = find_row(rows, n, want[i].ref);
    assert_string_equal(r->status, "skipped");
    if (!strstr(r->error, want[i].error))
      fail_msg("ref %s: error '%s', expected '%s'", want[i].ref, r->error, want[i].error);
    assert_string_equal(r->file, "");
    assert_string_equal(r->print_file, "");
  }
  assert_true(tu_has(rows[0].error, "did you mean 'drugs'?"));
  /* the first OK1 is made, the second skipped; "../x" is no file name */
  assert_string_equal(rows[9].status, "ok");
  assert_string_equal(rows[10].status, "skipped");
  assert_true(tu_has(rows[10].error, "ref 'OK1' is also on line 11 (expected each ref once)"));
  assert_string_equal(rows[11].status, "skipped");
  assert_string_equal(rows[11].ref, "");
  assert_true(tu_has(rows[11].error, "not a usable reference in the column 'ref'"));
  /* at their lines; never the name */
  assert_true(tu_has(f->stderr_text, "requests.csv:2:1: error: request skipped: no leaflet"));
  assert_true(tu_has(f->stderr_text, "requests.csv:10:1: error: request skipped: no postcode"));
  assert_true(tu_has(f->stderr_text, "13 requests: 1 made, 12 skipped, 0 failed"));
  assert_null(strstr(f->stderr_text, "Secretname"));
  assert_null(strstr(f->stdout_text, "Secretname"));
  assert_null(strstr(jobs_read(f, "mail/manifest.csv"), "Secretname"));
  assert_null(strstr(f->stderr_text, "drugz"));
}

/*
 * 'test_address_too_long_for_window()' - A row whose address cannot fit
 * the envelope window even at the letter's smallest address size fails
 * (its own PDF and its place in the print file are not made), with a
 * reason that quotes no part of the address; the other rows are made.
 */
static void test_address_too_long_for_window(void **state) {
  jobs_fixture *f = *state;
  const char *csv =
      "ref,name,address_1,address_2,address_3,town,postcode,leaflet,tumour,format\r\n"
      "A1,Ann Example,1 Road,,,Newtown,NT1 1AA,basics,,giant\r\n"
      "A2,Bob Example,The Old Rectory Residential Care Home for the Elderly and Infirm,"
      "Church Lane,Little Snoring,Fakenham,NR21 0AA,basics,,standard\r\n"
      "A3,Cat Example,3 Road,,,Newtown,NT1 3AA,basics,,standard\r\n";
  jobs_write_format(f, "giant", 24, NULL);
  assert_int_equal(jobs_mail(f, csv, 4), LF_EXIT_FAILED);
  row rows[8];
  size_t n = read_rows(f, rows, 8);
  assert_int_equal(n, 3);
  assert_string_equal(rows[0].status, "ok");
  assert_string_equal(rows[0].format, "giant");
  assert_string_equal(rows[1].status, "failed");
  assert_true(tu_has(rows[1].error, "request failed: the covering letter ("));
  assert_true(tu_has(rows[1].error, "cannot be typeset: the address does not fit the envelope "
                                    "window, even at 10 pt"));
  assert_null(strstr(rows[1].error, "Rectory"));
  assert_string_equal(rows[1].file, "");
  assert_string_equal(rows[1].print_file, "");
  assert_null(jobs_read(f, "mail/requests/A2.pdf"));
  assert_string_equal(rows[2].status, "ok");
  assert_string_equal(rows[2].first, "1"); /* the standard print file starts with A3 */
  assert_true(tu_has(f->stderr_text, "requests.csv:3:1: error: request failed"));
  assert_null(strstr(f->stderr_text, "Rectory"));
  assert_true(tu_has(f->stderr_text, "3 requests: 2 made, 0 skipped, 1 failed"));
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, jobs_setup, jobs_teardown)
  const struct CMUnitTest tests[] = {
      T(test_rows_to_formats_and_editions), T(test_print_file_places),
      T(test_same_with_one_worker),         T(test_bad_rows),
      T(test_address_too_long_for_window),
  };
  return cmocka_run_group_tests_name("mail", tests, NULL, NULL);
}
