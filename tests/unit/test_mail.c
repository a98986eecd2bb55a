/*
 * test_mail.c -- planning a mailing run (lf_mail, src/jobs/mail.c), read
 * back from the manifest it writes for the print room: each row to its
 * leaflet edition and print format (a size a named format has is that
 * format; another size the nearest format scaled), its own PDF named by
 * ref, its place in the print file of its format (CSV order, each request
 * on whole sheets), bad rows skipped with the reason and never a cell
 * quoted, an address too long for the envelope window a failed row, and
 * the same files with 1 worker as with 4; print files in batches of at
 * most --batch-sheets sheets and their list; the parts of a sharded run
 * and their merge, which finds a row missing or made twice; a run that
 * waits for the folder's lock, or will not.  `make tsan` runs this file
 * under ThreadSanitizer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <time.h>

#include "../../src/jobs/jobs_internal.h"
#include "jobs_fixture.h"
#include "leaflet/sha256.h"

/* One row of OUT/mail/manifest.csv (no field of these tests holds a comma
 * but 'error', the last). */
typedef struct row {
  char line[16], ref[80], leaflet[40], tumour[40], format[40], pages[16], sheets[16];
  char file[120], print_file[120], first[16], status[16], error[600];
} row;

/* 'read_rows_of()' - The rows of manifest 'name' (in f->out) after its
 * header; their count. */
static size_t read_rows_of(jobs_fixture *f, const char *name, row *rows, size_t max) {
  char *text = jobs_read(f, name);
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

/* 'read_rows()' - The rows of mail/manifest.csv. */
static size_t read_rows(jobs_fixture *f, row *rows, size_t max) {
  return read_rows_of(f, "mail/manifest.csv", rows, max);
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
    size_t pages = next - 1, sheets = pages / 2;
    snprintf(want, sizeof want, "print-%s-001.pdf (%zu page%s, %zu sheet%s duplex, %zu request%s)",
             formats[k], pages, pages == 1 ? "" : "s", sheets, sheets == 1 ? "" : "s", count,
             count == 1 ? "" : "s");
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
      "B13,Zed Secretname,1 Road,NT1 1AA,basics,,11\r\n"
      "B14,Zoë Secretname,\"1 Road\r\nFlat 2\",NT1 1AA,basics,,larg\r\n";
  assert_int_equal(jobs_mail(f, csv, 4), LF_EXIT_FAILED);
  row rows[16];
  size_t n = read_rows(f, rows, 16);
  assert_int_equal(n, 14);
  static const struct {
    const char *ref, *error;
  } want[] = {
      {"B1", "no leaflet with the id in the column 'leaflet' (expected the id of a file in"},
      {"B2", "no edition for the tumour type in the column 'tumour' for leaflet 'drugs' "
             "(expected one of its editions; did you mean 'lung-net'?)"},
      {"B3", "nothing in the column 'tumour' for leaflet 'drugs'"},
      {"B4", "leaflet 'basics' has no tumour editions (expected column 'tumour' to be empty)"},
      {"B5", "no print format or size in the column 'format' (expected standard, large, giant, "
             "braille or a size from 12 to 48 pt in whole or half points, 20 or 20.5; "
             "did you mean 'large'?)"},
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
  assert_true(tu_has(rows[10].error,
                     "ref 'OK1' is also on line 11 (expected each ref once, in any capitals"));
  assert_string_equal(rows[11].status, "skipped");
  /* not a ref's characters: not shown (a name shifted into the column, a
   * spreadsheet formula, would be) */
  assert_string_equal(rows[11].ref, "");
  assert_string_equal(rows[10].ref, "OK1");
  assert_true(tu_has(rows[11].error, "not a usable reference in the column 'ref'"));
  /* at their cells (columns in characters, "ë" one; the format cell of
   * B14 on the line after its address's line break); never the name */
  assert_true(tu_has(f->stderr_text, "requests.csv:2:34: error: request skipped: no leaflet"));
  assert_true(tu_has(f->stderr_text, "requests.csv:10:26: error: request skipped: no postcode"));
  assert_true(tu_has(f->stderr_text, "requests.csv:15:20: error: request skipped: column "
                                     "'address_1' holds a line break"));
  assert_true(tu_has(f->stderr_text, "requests.csv:16:25: error: request skipped: no print "
                                     "format or size in the column 'format'"));
  assert_true(tu_has(f->stderr_text, "14 requests: 1 made, 13 skipped, 0 failed"));
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

/* Nine requests: seven of one leaflet in standard print, two large. */
static const char batch_csv[] =
    "ref,name,address_1,postcode,leaflet,tumour,format\r\n"
    "S1,Ann Example,1 Road,NT1 1AA,basics,,standard\r\n"
    "S2,Bob Example,2 Road,NT1 2AA,basics,,standard\r\n"
    "L1,Cat Example,3 Road,NT1 3AA,basics,,large\r\n"
    "S3,Dan Example,4 Road,NT1 4AA,basics,,standard\r\n"
    "S4,Eve Example,5 Road,NT1 5AA,basics,,standard\r\n"
    "S5,Fay Example,6 Road,NT1 6AA,basics,,standard\r\n"
    "L2,Gus Example,7 Road,NT1 7AA,basics,,large\r\n"
    "S6,Hal Example,8 Road,NT1 8AA,basics,,standard\r\n"
    "S7,Ivy Example,9 Road,NT1 9AA,basics,,standard\r\n";

/* 'pdf_pages()' - A PDF's page count, as qpdf reads it. */
static size_t pdf_pages(jobs_fixture *f, const char *rel) {
  char cmd[1300], out[64] = "";
  snprintf(cmd, sizeof cmd, "qpdf --show-npages '%s/%s' 2>&1", f->out, rel);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  if (!fgets(out, sizeof out, p))
    out[0] = 0;
  pclose(p);
  return (size_t)strtoul(out, NULL, 10);
}

/*
 * 'test_batches()' - With --batch-sheets a little over two requests'
 * sheets, the standard requests go two to a print file, in CSV order, a
 * new file starting at a request boundary (print-standard-001.pdf to
 * -004); each row says which file and page it starts on; batches.csv lists
 * each file with its requests, pages, sheets, first and last line and ref,
 * bytes and SHA-256, as the files have them.  A limit smaller than any
 * request gives each its own file: a request is never split.
 */
static void test_batches(void **state) {
  jobs_fixture *f = *state;
  row rows[16];
  assert_int_equal(jobs_mail(f, batch_csv, 2), LF_EXIT_OK);
  size_t n = read_rows(f, rows, 16);
  size_t sheets = (size_t)atoi(rows[0].sheets); /* every standard request alike */
  assert_true(sheets >= 2);
  assert_int_equal(jobs_mail_with(f, batch_csv, (lf_mail_options){
                                                    .jobs = 2, .batch_sheets = 2 * sheets + 1}),
                   LF_EXIT_OK);
  n = read_rows(f, rows, 16);
  assert_int_equal(n, 9);
  static const struct {
    const char *ref, *file;
    size_t first;
  } want[] = {{"S1", "print-standard-001.pdf", 0}, {"S2", "print-standard-001.pdf", 1},
              {"L1", "print-large-001.pdf", 0},    {"S3", "print-standard-002.pdf", 0},
              {"S4", "print-standard-002.pdf", 1}, {"S5", "print-standard-003.pdf", 0},
              {"L2", "print-large-001.pdf", 1},    {"S6", "print-standard-003.pdf", 1},
              {"S7", "print-standard-004.pdf", 0}};
  size_t large_sheets = (size_t)atoi(rows[2].sheets);
  for (size_t i = 0; i < 9; i++) {
    assert_string_equal(rows[i].ref, want[i].ref);
    assert_string_equal(rows[i].print_file, want[i].file);
    size_t each = want[i].ref[0] == 'S' ? sheets : large_sheets;
    assert_int_equal((size_t)atoi(rows[i].first), 1 + 2 * each * want[i].first);
  }
  for (int b = 1; b <= 4; b++) {
    char rel[64];
    snprintf(rel, sizeof rel, "mail/print-standard-%03d.pdf", b);
    assert_int_equal(pdf_pages(f, rel), 2 * sheets * (b < 4 ? 2 : 1));
  }
  assert_null(jobs_read(f, "mail/print-standard-005.pdf"));
  char *list = jobs_read(f, "mail/batches.csv");
  assert_non_null(list);
  assert_true(strncmp(list, "print_file,format,part,batch,requests,pages,sheets,first_line,"
                            "last_line,first_ref,last_ref,bytes,sha256,status\r\n", 105) == 0);
  static const struct {
    const char *file;
    int batch, requests, first_line, last_line;
    const char *first_ref, *last_ref;
  } listed[] = {{"print-large-001.pdf", 1, 2, 4, 8, "L1", "L2"},
                {"print-standard-001.pdf", 1, 2, 2, 3, "S1", "S2"},
                {"print-standard-002.pdf", 2, 2, 5, 6, "S3", "S4"},
                {"print-standard-003.pdf", 3, 2, 7, 9, "S5", "S6"},
                {"print-standard-004.pdf", 4, 1, 10, 10, "S7", "S7"}};
  const char *at = strstr(list, "\r\n") + 2;
  for (size_t i = 0; i < sizeof listed / sizeof *listed; i++) {
    char path[1100], digest[LF_SHA256_HEX_SIZE], want_row[400];
    size_t bytes;
    snprintf(path, sizeof path, "%s/mail/%s", f->out, listed[i].file);
    assert_int_equal(lf_sha256_file(path, digest, &bytes), 0);
    size_t each = listed[i].file[6] == 'l' ? large_sheets : sheets;
    snprintf(want_row, sizeof want_row, "%s,%s,,%d,%d,%zu,%zu,%d,%d,%s,%s,%zu,%s,ok\r\n",
             listed[i].file, listed[i].file[6] == 'l' ? "large" : "standard", listed[i].batch,
             listed[i].requests, 2 * each * (size_t)listed[i].requests,
             each * (size_t)listed[i].requests, listed[i].first_line, listed[i].last_line,
             listed[i].first_ref, listed[i].last_ref, bytes, digest);
    if (strncmp(at, want_row, strlen(want_row)) != 0)
      fail_msg("batches.csv row %zu:\n%s\nexpected:\n%s", i + 1, at, want_row);
    at += strlen(want_row);
  }
  assert_string_equal(at, "");
  assert_true(tu_has(f->stdout_text, "print-standard-004.pdf (" ));
  assert_true(tu_has(f->stderr_text, "9 requests: 9 made, 0 skipped, 0 failed"));
  assert_true(tu_has(f->stderr_text, "5 print files"));

  /* a limit below one request: a file each, never a request split */
  assert_int_equal(jobs_mail_with(f, batch_csv, (lf_mail_options){.jobs = 2, .batch_sheets = 1}),
                   LF_EXIT_OK);
  n = read_rows(f, rows, 16);
  for (size_t i = 0, s = 0; i < n; i++) {
    if (rows[i].ref[0] != 'S')
      continue;
    char file[64];
    snprintf(file, sizeof file, "print-standard-%03zu.pdf", ++s);
    assert_string_equal(rows[i].print_file, file);
    assert_string_equal(rows[i].first, "1");
  }
  assert_true(tu_has(f->stderr_text, "9 print files"));
}

/* Ten requests: a ref used on lines 3 and 10, in different parts. */
static const char shard_csv[] =
    "ref,name,address_1,postcode,leaflet,tumour,format\r\n"
    "P1,Ann Example,1 Road,NT1 1AA,basics,,standard\r\n"
    "P2,Bob Example,2 Road,NT1 2AA,basics,,large\r\n"
    "P3,Cat Example,3 Road,NT1 3AA,drugs,lung-net,standard\r\n"
    "P4,Dan Example,4 Road,NT1 4AA,basics,,standard\r\n"
    "\r\n"
    "P5,Eve Example,5 Road,NT1 5AA,basics,,20\r\n"
    "P6,Fay Example,6 Road,NT1 6AA,basics,,standard\r\n"
    "P7,Gus Example,7 Road,NT1 7AA,basics,,large\r\n"
    "P8,Hal Example,8 Road,NT1 8AA,basics,,standard\r\n"
    "P2,Ivy Example,9 Road,NT1 9AA,basics,,standard\r\n"
    "P9,Jo Example,10 Road,NT1 9AB,basics,,standard\r\n";

/*
 * 'shard()' - Part k of 3 of shard_csv into f->out/mail.
 */
static int shard(jobs_fixture *f, int k) {
  return jobs_mail_with(f, NULL, (lf_mail_options){.jobs = 2, .shard_index = k,
                                                   .shard_count = 3});
}

/*
 * 'test_shards_and_merge()' - Three parts of ten rows in one folder: rows
 * 1-3, 4-6 and 7-10 of the file (blank lines are not rows), each with its
 * own manifest, list and print files; the ref used twice is skipped on
 * its second row although the first is in another part; the merge joins
 * the parts into the manifest a whole run writes (but for the print
 * files' names and places) and their lists, and checks every row is in
 * one part: a row taken out of a part, or put in two, or a part missing,
 * is an error naming it, and nothing is written.
 */
static void test_shards_and_merge(void **state) {
  jobs_fixture *f = *state;
  row whole[16], rows[16];
  tu_write(f->out, "requests.csv", shard_csv);
  assert_int_equal(jobs_mail_with(f, NULL, (lf_mail_options){.jobs = 2}), LF_EXIT_FAILED);
  assert_int_equal(read_rows(f, whole, 16), 10);
  char mail[1100];
  snprintf(mail, sizeof mail, "%s/mail", f->out);
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", mail);
  assert_int_equal(system(cmd), 0);

  static const int lines[3][5] = {{2, 3, 4, 0}, {5, 7, 8, 0}, {9, 10, 11, 12, 0}};
  for (int k = 1; k <= 3; k++) {
    assert_int_equal(shard(f, k), k == 3 ? LF_EXIT_FAILED : LF_EXIT_OK);
    char name[64];
    snprintf(name, sizeof name, "mail/manifest.%d-of-3.csv", k);
    size_t n = read_rows_of(f, name, rows, 16);
    size_t want = k == 3 ? 4 : 3;
    assert_int_equal(n, want);
    for (size_t i = 0; i < n; i++)
      assert_int_equal(atoi(rows[i].line), lines[k - 1][i]);
    char part[64];
    snprintf(part, sizeof part, "part %d of 3: rows %d to %d of 10", k, k == 1 ? 1 : 3 * k - 2,
             k == 3 ? 10 : 3 * k);
    assert_true(tu_has(f->stderr_text, part));
    if (k == 3) { /* line 11 repeats line 3's ref, made by part 1 */
      assert_string_equal(rows[2].status, "skipped");
      assert_true(tu_has(rows[2].error, "ref 'P2' is also on line 3"));
    }
    snprintf(name, sizeof name, "mail/print-standard-%d-of-3-001.pdf", k);
    assert_non_null(jobs_read(f, name));
    snprintf(name, sizeof name, "mail/batches.%d-of-3.csv", k);
    assert_non_null(jobs_read(f, name));
  }
  assert_null(jobs_read(f, "mail/manifest.csv"));

  /* the merge: every row once, in order, as the whole run had them */
  assert_int_equal(jobs_mail_merge(f, NULL, 0), LF_EXIT_FAILED); /* one row skipped */
  assert_true(tu_has(f->stderr_text, "10 rows in 3 parts: 9 made, 1 skipped, 0 failed"));
  assert_int_equal(read_rows(f, rows, 16), 10);
  for (size_t i = 0; i < 10; i++) {
    assert_string_equal(rows[i].line, whole[i].line);
    assert_string_equal(rows[i].ref, whole[i].ref);
    assert_string_equal(rows[i].status, whole[i].status);
    assert_string_equal(rows[i].file, whole[i].file);
    assert_string_equal(rows[i].sheets, whole[i].sheets);
    if (whole[i].print_file[0]) {
      char want[64];
      size_t k = i < 3 ? 1 : i < 6 ? 2 : 3;
      snprintf(want, sizeof want, "-%zu-of-3-001.pdf", k);
      assert_true(tu_has(rows[i].print_file, want));
    }
  }
  char *list = jobs_read(f, "mail/batches.csv");
  assert_true(tu_has(list, "\r\nprint-standard-1-of-3-001.pdf,standard,1-of-3,1,"));
  assert_true(tu_has(list, "\r\nprint-standard-3-of-3-001.pdf,standard,3-of-3,1,"));
  char *merged = strdup(jobs_read(f, "mail/manifest.csv"));

  /* a row taken out of part 2, and part 3's first row put in part 2 */
  char *two = strdup(jobs_read(f, "mail/manifest.2-of-3.csv"));
  char *three = jobs_read(f, "mail/manifest.3-of-3.csv");
  char *row7 = strstr(two, "\r\n7,");
  char *row9 = strstr(three, "\r\n9,");
  assert_non_null(row7);
  assert_non_null(row9);
  char *after7 = strstr(row7 + 2, "\r\n");
  char broken[4096];
  snprintf(broken, sizeof broken, "%.*s%s%.*s", (int)(row7 - two), two, after7,
           (int)(strstr(row9 + 2, "\r\n") - row9), row9);
  strcat(broken, "\r\n");
  tu_write(f->out, "mail/manifest.2-of-3.csv", broken);
  assert_int_equal(jobs_mail_merge(f, NULL, 0), LF_EXIT_FAILED);
  assert_true(tu_has(f->stderr_text, "requests.csv:7:1: error: row 5 is in no part's manifest"));
  assert_true(tu_has(f->stderr_text, "requests.csv:9:1: error: row 7 is in more than one "
                                     "part's manifest"));
  assert_true(tu_has(f->stderr_text, "nothing written (1 row in no part, 1 in more than one"));
  assert_string_equal(jobs_read(f, "mail/manifest.csv"), merged);

  /* a part missing */
  tu_write(f->out, "mail/manifest.2-of-3.csv", two);
  char path[1100], gone[1100];
  snprintf(path, sizeof path, "%s/mail/manifest.3-of-3.csv", f->out);
  snprintf(gone, sizeof gone, "%s/elsewhere.csv", f->out);
  assert_int_equal(rename(path, gone), 0);
  assert_int_equal(jobs_mail_merge(f, NULL, 0), LF_EXIT_FAILED);
  assert_true(tu_has(f->stderr_text, "error: no manifest for part 3 of 3"));
  /* named on the command line, the parts given are all there is */
  char m1[1100], m2[1100];
  snprintf(m1, sizeof m1, "%s/mail/manifest.1-of-3.csv", f->out);
  snprintf(m2, sizeof m2, "%s/mail/manifest.2-of-3.csv", f->out);
  const char *given[] = {m1, m2, m2};
  assert_int_equal(jobs_mail_merge(f, given, 3), LF_EXIT_FAILED);
  assert_true(tu_has(f->stderr_text, "part 2 of 3 is given twice"));
  free(two);
  free(merged);
}

/* A mailing run on a thread of its own, while the test holds the lock. */
typedef struct waiting_run {
  jobs_fixture *f;
  int rc;
  volatile int done;
} waiting_run;

/* 'run_waiting()' - The thread: one mailing. */
static void *run_waiting(void *arg) {
  waiting_run *w = arg;
  w->rc = jobs_mail_with(w->f, NULL, (lf_mail_options){.jobs = 1});
  __atomic_store_n(&w->done, 1, __ATOMIC_SEQ_CST);
  return NULL;
}

/*
 * 'test_lock_waits()' - While another run holds the folder (here, the test
 * itself, through the lock a run takes), a mailing with --no-wait fails at
 * once naming the holder's pid and writes nothing; without it, it says it
 * is waiting, waits, and runs once the folder is free.  The lock files are
 * gone after.
 */
static void test_lock_waits(void **state) {
  jobs_fixture *f = *state;
  char mail[1100];
  snprintf(mail, sizeof mail, "%s/mail", f->out);
  assert_int_equal(lf_make_dirs(mail, 0700), 0);
  tu_write(f->out, "requests.csv", batch_csv);
  lf_out_lock held;
  lf_diags diags;
  lf_diags_init(&diags);
  FILE *quiet = fopen("/dev/null", "w");
  assert_int_equal(lf_lock_out(&held, mail, 0, 0, 1, 0600, quiet, &diags), 0);
  assert_int_equal(jobs_mail_with(f, NULL, (lf_mail_options){.jobs = 1, .no_wait = 1}),
                   LF_EXIT_FAILED);
  char pid[64];
  snprintf(pid, sizeof pid, "(pid %ld): not waiting for it (--no-wait)", (long)getpid());
  assert_true(tu_has(f->stderr_text, "error: another leaflet run is writing into this folder"));
  assert_true(tu_has(f->stderr_text, pid));
  assert_null(jobs_read(f, "mail/manifest.csv"));

  waiting_run w = {f, -1, 0};
  pthread_t thread;
  assert_int_equal(pthread_create(&thread, NULL, run_waiting, &w), 0);
  struct timespec pause = {0, 300 * 1000000L};
  nanosleep(&pause, NULL);
  assert_int_equal(__atomic_load_n(&w.done, __ATOMIC_SEQ_CST), 0); /* still waiting */
  lf_unlock_out(&held);
  assert_int_equal(pthread_join(thread, NULL), 0);
  assert_int_equal(w.rc, LF_EXIT_OK);
  char waiting[1300];
  snprintf(waiting, sizeof waiting, "leaflet: waiting for another leaflet run in %s (pid %ld) ...",
           mail, (long)getpid());
  assert_true(tu_has(f->stderr_text, waiting));
  assert_true(tu_has(f->stderr_text, "9 requests: 9 made"));
  char lock[1200];
  snprintf(lock, sizeof lock, "%s/.leaflet.lock", mail);
  assert_int_equal(access(lock, F_OK), -1);
  fclose(quiet);
  lf_diags_free(&diags);
}

/*
 * 'test_out_folder_unmakable()' - An output folder that cannot be made
 * (a file stands in its place) means the run cannot start: exit 2, the
 * folder named, nothing written.  A merge in a folder that is not there
 * says so (it said its lock could not be written).
 */
static void test_out_folder_unmakable(void **state) {
  jobs_fixture *f = *state;
  assert_int_equal(jobs_mail_merge(f, NULL, 0), LF_EXIT_USAGE);
  assert_true(tu_has(f->stderr_text, "/mail: error: no such folder (expected the folder the "
                                     "parts were written into"));
  tu_write(f->out, "mail", "not a folder\n");
  assert_int_equal(jobs_mail_merge(f, NULL, 0), LF_EXIT_USAGE);
  assert_true(tu_has(f->stderr_text, "/mail: error: not a folder (expected"));
  assert_int_equal(jobs_mail(f, "ref,name,address_1,postcode,leaflet,tumour,format\r\n"
                                 "A1,Ann Smith,1 Road,NT1 1AA,basics,,standard\r\n", 1),
                   LF_EXIT_USAGE);
  assert_true(tu_has(f->stderr_text, "/mail: error: cannot create the output folder"));
  assert_string_equal(jobs_read(f, "mail"), "not a folder\n");
}

/*
 * 'test_header_errors_at_their_cells()' - A header's unknown or repeated
 * column is said at its own cell (every one was said at 1:1), a missing
 * one at the header's start; the run cannot start (exit 2).
 */
static void test_header_errors_at_their_cells(void **state) {
  jobs_fixture *f = *state;
  assert_int_equal(jobs_mail(f, "ref,nmae,address_1,postcode,leaflet,format,ref\r\n"
                                 "A1,Ann,1 Road,NT1 1AA,basics,standard,A1\r\n", 1),
                   LF_EXIT_USAGE);
  assert_true(tu_has(f->stderr_text, "requests.csv:1:5: error: unknown column 2 in the header "
                                     "(did you mean 'name'? expected ref, name,"));
  assert_true(tu_has(f->stderr_text, "requests.csv:1:44: error: column 'ref' is in the "
                                     "header twice"));
  assert_true(tu_has(f->stderr_text, "requests.csv:1:1: error: no column 'name' in the header"));
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, jobs_setup, jobs_teardown)
  const struct CMUnitTest tests[] = {
      T(test_rows_to_formats_and_editions), T(test_print_file_places),
      T(test_same_with_one_worker),         T(test_bad_rows),
      T(test_address_too_long_for_window),  T(test_batches),
      T(test_shards_and_merge),             T(test_lock_waits),
      T(test_out_folder_unmakable),         T(test_header_errors_at_their_cells),
  };
  return cmocka_run_group_tests_name("mail", tests, NULL, NULL);
}
