/*
 * test_csv.c -- the CSV reader (src/jobs/csv.c): RFC 4180 records with
 * their line numbers, quoted fields, and malformed lines that cost only
 * themselves; and the same records read from a file a block at a time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leaflet/jobs.h"
#include "testutil.h"

/*
 * 'parse()' - Parse a string into 'out' in 'arena'.
 */
static void parse(lf_arena *arena, const char *text, size_t len, lf_csv *out) {
  assert_int_equal(lf_csv_parse(arena, text, len, out), 0);
}

/*
 * 'assert_record()' - A record's line and fields (NULL-terminated list).
 */
static void assert_record(const lf_csv_record *rec, size_t line, ...) {
  va_list ap;
  va_start(ap, line);
  size_t n = 0;
  const char *want;
  while ((want = va_arg(ap, const char *)) != NULL) {
    assert_true(n < rec->count);
    assert_string_equal(rec->fields[n], want);
    n++;
  }
  va_end(ap);
  assert_int_equal(rec->count, n);
  assert_int_equal(rec->line, line);
  assert_null(rec->error);
}

/*
 * 'test_plain_records()' - LF and CRLF endings, a missing last line
 * break, empty fields, blank lines skipped but counted.
 */
static void test_plain_records(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0);
  lf_csv csv;
  const char text[] = "ref,name\r\nA1,Ann\n\nA2,\r\n,,\nA3,Bo";
  parse(arena, text, strlen(text), &csv);
  assert_int_equal(csv.count, 5);
  assert_record(&csv.records[0], 1, "ref", "name", NULL);
  assert_record(&csv.records[1], 2, "A1", "Ann", NULL);
  assert_record(&csv.records[2], 4, "A2", "", NULL);
  assert_record(&csv.records[3], 5, "", "", "", NULL);
  assert_record(&csv.records[4], 6, "A3", "Bo", NULL);
  lf_arena_free(arena);
}

/*
 * 'test_quoted_fields()' - Commas, quotes and line breaks inside quotes;
 * the record after a multi-line field has the right line number.
 */
static void test_quoted_fields(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0);
  lf_csv csv;
  const char text[] = "\"a,b\",\"say \"\"hi\"\"\",\"\"\n"
                      "\"two\nlines\",x\r\n"
                      "next,\"\"\"\"\n";
  parse(arena, text, strlen(text), &csv);
  assert_int_equal(csv.count, 3);
  assert_record(&csv.records[0], 1, "a,b", "say \"hi\"", "", NULL);
  assert_record(&csv.records[1], 2, "two\nlines", "x", NULL);
  assert_record(&csv.records[2], 4, "next", "\"", NULL);
  lf_arena_free(arena);
}

/*
 * 'test_bom_and_utf8()' - A byte-order mark is not part of the first
 * field; UTF-8 text is kept as it is.
 */
static void test_bom_and_utf8(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0);
  lf_csv csv;
  const char text[] = "\xEF\xBB\xBFref,name\nR1,Zo\xC3\xAB \xE2\x80\x99\n";
  parse(arena, text, strlen(text), &csv);
  assert_int_equal(csv.count, 2);
  assert_record(&csv.records[0], 1, "ref", "name", NULL);
  assert_record(&csv.records[1], 2, "R1", "Zo\xC3\xAB \xE2\x80\x99", NULL);
  lf_arena_free(arena);
}

/*
 * 'assert_bad()' - A record kept with an error holding 'what'.
 */
static void assert_bad(const lf_csv_record *rec, size_t line, const char *what) {
  assert_int_equal(rec->line, line);
  assert_non_null(rec->error);
  if (!strstr(rec->error, what))
    fail_msg("error '%s' lacks '%s'", rec->error, what);
}

/*
 * 'test_malformed_lines()' - Each malformed line is one bad record and the
 * lines around it are read as usual.  Errors never quote the text.
 */
static void test_malformed_lines(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0);
  lf_csv csv;
  const char text[] = "ok,1\n"
                      "Mr \"Secret\" Smith,2\n"   /* quote inside a plain field */
                      "ok,3\n"
                      "\"Secret\"x,4\n"           /* text after the closing quote */
                      "ok,5\n"
                      "tab\there,6\n"             /* control character */
                      "bad\xFF,7\n"               /* invalid UTF-8 */
                      "ok,8\n";
  parse(arena, text, strlen(text), &csv);
  assert_int_equal(csv.count, 8);
  assert_record(&csv.records[0], 1, "ok", "1", NULL);
  assert_bad(&csv.records[1], 2, "double quote inside a field");
  assert_record(&csv.records[2], 3, "ok", "3", NULL);
  assert_bad(&csv.records[3], 4, "text after the closing quote");
  assert_record(&csv.records[4], 5, "ok", "5", NULL);
  assert_bad(&csv.records[5], 6, "control character in field 1");
  assert_bad(&csv.records[6], 7, "invalid UTF-8");
  assert_record(&csv.records[7], 8, "ok", "8", NULL);
  for (size_t i = 0; i < csv.count; i++)
    if (csv.records[i].error)
      assert_null(strstr(csv.records[i].error, "Secret"));
  lf_arena_free(arena);
}

/*
 * 'test_unclosed_quote()' - A quote never closed costs its own line only.
 */
static void test_unclosed_quote(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0);
  lf_csv csv;
  const char text[] = "a,b\n\"open,c\nd,e\nf,g\n";
  parse(arena, text, strlen(text), &csv);
  assert_int_equal(csv.count, 4);
  assert_record(&csv.records[0], 1, "a", "b", NULL);
  assert_bad(&csv.records[1], 2, "never closed");
  assert_record(&csv.records[2], 3, "d", "e", NULL);
  assert_record(&csv.records[3], 4, "f", "g", NULL);
  /* the very first field unclosed: a record with no fields at all */
  const char first[] = "\"x\ny,z\n";
  parse(arena, first, strlen(first), &csv);
  assert_int_equal(csv.count, 2);
  assert_bad(&csv.records[0], 1, "never closed");
  assert_int_equal(csv.records[0].count, 0);
  assert_record(&csv.records[1], 2, "y", "z", NULL);
  lf_arena_free(arena);
}

/*
 * 'test_nul_and_empty()' - A NUL byte is an error; no bytes, no records;
 * UTF-16 and Windows-1252 files are said as such.
 */
static void test_nul_and_empty(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0);
  lf_csv csv;
  const char text[] = "a,b\0c\nd,e\n";
  parse(arena, text, sizeof text - 1, &csv);
  assert_int_equal(csv.count, 2);
  assert_bad(&csv.records[0], 1, "NUL byte in field 2");
  assert_record(&csv.records[1], 2, "d", "e", NULL);
  parse(arena, "", 0, &csv);
  assert_int_equal(csv.count, 0);
  parse(arena, "\n\r\n", 3, &csv);
  assert_int_equal(csv.count, 0);
  /* a spreadsheet's other exports, said as such with what to do: UTF-16
   * (its byte-order mark, or its NUL bytes) and Windows-1252 */
  const char utf16[] = "\xFF\xFEr\0e\0f\0\n\0";
  parse(arena, utf16, sizeof utf16 - 1, &csv);
  assert_true(csv.count >= 1);
  assert_bad(&csv.records[0], 1, "a UTF-16 byte-order mark in field 1 (expected UTF-8: save "
                                 "the file as \"CSV UTF-8\")");
  const char utf16le[] = "r\0e\0f\0\n\0";
  parse(arena, utf16le, sizeof utf16le - 1, &csv);
  assert_bad(&csv.records[0], 1, "a NUL byte in field 1 (a file in UTF-16? expected UTF-8");
  parse(arena, "Jos\xE9,1\n", 8, &csv);
  assert_bad(&csv.records[0], 1, "invalid UTF-8 in field 1 (expected UTF-8 text: a file a "
                                 "spreadsheet saved as plain \"CSV\" is in Windows-1252");
  lf_arena_free(arena);
}

/*
 * 'main()' - Run the CSV tests.
 */
/*
 * 'read_streamed()' - Every record of 'text' written to a file and read
 * back with lf_csv_open()/lf_csv_next() (through a pipe when 'piped', its
 * bytes copied to 'copy'), into 'out'.
 */
static void read_streamed(lf_arena *arena, const char *text, size_t len, lf_csv *out,
                          int copy) {
  char *dir = tu_tempdir(), path[1100];
  assert_non_null(dir);
  snprintf(path, sizeof path, "%s/in.csv", dir);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(text, 1, len, f), len);
  fclose(f);
  int fd = open(path, O_RDONLY);
  assert_true(fd >= 0);
  lf_csv_reader *in = lf_csv_open(fd, copy);
  assert_non_null(in);
  size_t cap = 0;
  memset(out, 0, sizeof *out);
  for (;;) {
    if (out->count == cap) {
      cap = cap ? cap * 2 : 64;
      out->records = lf_arena_grow(arena, out->records, out->count, cap,
                                   sizeof *out->records);
      assert_non_null(out->records);
    }
    int got = lf_csv_next(in, arena, &out->records[out->count]);
    assert_true(got >= 0);
    if (!got)
      break;
    out->count++;
  }
  assert_int_equal(lf_csv_error(in), 0);
  lf_csv_close(in);
  tu_rmtree(dir);
}

/*
 * 'same_records()' - Two readings agree record for record: line, error
 * and fields.
 */
static void same_records(const lf_csv *a, const lf_csv *b) {
  assert_int_equal(a->count, b->count);
  for (size_t i = 0; i < a->count; i++) {
    const lf_csv_record *x = &a->records[i], *y = &b->records[i];
    if (x->line != y->line || !x->error != !y->error || x->count != y->count)
      fail_msg("record %zu: line %zu/%zu, %zu/%zu fields, error %s/%s", i, x->line, y->line,
               x->count, y->count, x->error ? x->error : "-", y->error ? y->error : "-");
    if (x->error)
      assert_string_equal(x->error, y->error);
    for (size_t k = 0; k < x->count; k++)
      assert_string_equal(x->fields[k], y->fields[k]);
  }
}

/*
 * 'test_streamed_as_whole()' - Read a block (64 KiB) at a time, a file
 * gives the records it gives read whole: a few hundred kilobytes of
 * records of every kind (quoted fields with commas, line breaks and
 * quotes, CR, LF and CRLF endings, a CRLF split across blocks, blank
 * lines, malformed lines, a byte order mark), for many places of the
 * block boundaries; and the bytes read are copied whole when asked.
 */
static void test_streamed_as_whole(void **state) {
  (void)state;
  static const char *const kinds[] = {
      "R%d,Ann Example,1 Road,NT1 1AA\r\n",
      "R%d,\"Example, Ann\",\"2 Road\nFlat 3\",NT1 2AA\n",
      "R%d,\"Say \"\"hello\"\"\",,\r",
      "\r\n\n",
      "R%d,Bad \"quote,1 Road,X\n",
      "R%d,\"closed\" then text,1 Road\r\n",
      "R%d,\xc3\xa9t\xc3\xa9,\"\r\n\",end\n",
  };
  for (int shift = 0; shift < 7; shift++) {
    lf_arena *arena = lf_arena_new(0);
    char *text = malloc(400000);
    assert_non_null(text);
    size_t len = (size_t)sprintf(text, "\xEF\xBB\xBFref,name,address,postcode\r\n");
    for (int i = 0; len < 390000; i++)
      len += (size_t)sprintf(text + len, kinds[(i * 3 + shift) % 7], i);
    lf_csv whole, streamed;
    assert_int_equal(lf_csv_parse(arena, text, len, &whole), 0);
    assert_true(whole.count > 5000);
    char *dir = tu_tempdir(), copy_path[1100];
    assert_non_null(dir);
    snprintf(copy_path, sizeof copy_path, "%s/copy.csv", dir);
    int copy = open(copy_path, O_RDWR | O_CREAT, 0600);
    assert_true(copy >= 0);
    read_streamed(arena, text, len, &streamed, copy);
    same_records(&whole, &streamed);
    assert_int_equal(lseek(copy, 0, SEEK_END), (off_t)len);
    close(copy);
    tu_rmtree(dir);
    free(text);
    lf_arena_free(arena);
  }
}

/*
 * 'test_streamed_long_record()' - A quote never closed in a file of 3 MiB:
 * read whole, the line of the quote alone is lost; read a block at a time,
 * the record is given up after 1 MiB and reading resumes on the next line
 * too, so the rows after it are read, in the same memory.
 */
static void test_streamed_long_record(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0);
  size_t len = 0, cap = 4 << 20;
  char *text = malloc(cap);
  assert_non_null(text);
  len += (size_t)sprintf(text + len, "ref,name\nA1,\"never closed\n");
  while (len < (3u << 20))
    len += (size_t)sprintf(text + len, "B%zu,Bob\n", len);
  lf_csv whole, streamed;
  assert_int_equal(lf_csv_parse(arena, text, len, &whole), 0);
  read_streamed(arena, text, len, &streamed, -1);
  assert_int_equal(streamed.count, whole.count);
  assert_int_equal(streamed.records[1].line, 2);
  assert_non_null(strstr(streamed.records[1].error, "longer than 1 MiB"));
  assert_non_null(whole.records[1].error); /* a field over 64 KiB, then never closed */
  for (size_t i = 2; i < whole.count; i++) {
    assert_int_equal(streamed.records[i].line, whole.records[i].line);
    assert_string_equal(streamed.records[i].fields[0], whole.records[i].fields[0]);
  }
  free(text);
  lf_arena_free(arena);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_plain_records),
      cmocka_unit_test(test_quoted_fields),
      cmocka_unit_test(test_bom_and_utf8),
      cmocka_unit_test(test_malformed_lines),
      cmocka_unit_test(test_unclosed_quote),
      cmocka_unit_test(test_nul_and_empty),
      cmocka_unit_test(test_streamed_as_whole),
      cmocka_unit_test(test_streamed_long_record),
  };
  return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
