/*
 * test_csv.c -- the CSV reader (src/jobs/csv.c): RFC 4180 records with
 * their line numbers, quoted fields, and malformed lines that cost only
 * themselves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "leaflet/jobs.h"

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
 * 'test_nul_and_empty()' - A NUL byte is an error; no bytes, no records.
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
  lf_arena_free(arena);
}

/*
 * 'main()' - Run the CSV tests.
 */
int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_plain_records),
      cmocka_unit_test(test_quoted_fields),
      cmocka_unit_test(test_bom_and_utf8),
      cmocka_unit_test(test_malformed_lines),
      cmocka_unit_test(test_unclosed_quote),
      cmocka_unit_test(test_nul_and_empty),
  };
  return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
