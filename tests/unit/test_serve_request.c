/*
 * test_serve_request.c -- what a URL may say to `leaflet serve`
 * (src/serve/request.c): routes, path traversal in every encoding, strict
 * %-decoding, the limits, a nurse's print choices, the name a PDF is saved
 * under, and which addresses are loopback ones.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "leaflet/serve.h"

/*
 * 'test_routes()' - Each route from its path, ids in place.
 */
static void test_routes(void **state) {
  (void)state;
  lf_route r;
  assert_int_equal(lf_route_parse("/", &r), 200);
  assert_int_equal(r.kind, LF_ROUTE_CATALOGUE);
  assert_int_equal(lf_route_parse("/leaflets/net-drugs-overview", &r), 200);
  assert_int_equal(r.kind, LF_ROUTE_LEAFLET);
  assert_string_equal(r.leaflet, "net-drugs-overview");
  assert_string_equal(r.tumour, "");
  assert_int_equal(lf_route_parse("/leaflets/net-drugs/lung-nec", &r), 200);
  assert_int_equal(r.kind, LF_ROUTE_LEAFLET);
  assert_string_equal(r.leaflet, "net-drugs");
  assert_string_equal(r.tumour, "lung-nec");
  assert_int_equal(lf_route_parse("/leaflets/net-drugs/lung-nec/pdf", &r), 200);
  assert_int_equal(r.kind, LF_ROUTE_PDF);
  assert_string_equal(r.tumour, "lung-nec");
  assert_int_equal(lf_route_parse("/leaflets/net-drugs-overview/pdf", &r), 200);
  assert_int_equal(r.kind, LF_ROUTE_PDF);
  assert_string_equal(r.leaflet, "net-drugs-overview");
  assert_string_equal(r.tumour, "");
  assert_int_equal(lf_route_parse("/assets/leaflet.css", &r), 200);
  assert_int_equal(r.kind, LF_ROUTE_ASSET);
  assert_string_equal(r.asset, "leaflet.css");
  assert_int_equal(lf_route_parse("/events", &r), 200);
  assert_int_equal(r.kind, LF_ROUTE_EVENTS);
  /* a %-encoded letter is the letter */
  assert_int_equal(lf_route_parse("/leaflets/net%2Ddrugs", &r), 200);
  assert_string_equal(r.leaflet, "net-drugs");
  /* no other shapes */
  assert_int_equal(lf_route_parse("", &r), 404);
  assert_int_equal(lf_route_parse("leaflets/x", &r), 404);
  assert_int_equal(lf_route_parse("/leaflets", &r), 404);
  assert_int_equal(lf_route_parse("/leaflets/", &r), 404);
  assert_int_equal(lf_route_parse("/leaflets/x/", &r), 404);
  assert_int_equal(lf_route_parse("//leaflets/x", &r), 404);
  assert_int_equal(lf_route_parse("/leaflets/a/b/c", &r), 404);
  assert_int_equal(lf_route_parse("/leaflets/a/b/c/pdf", &r), 404);
  assert_int_equal(lf_route_parse("/index.html", &r), 404);
  assert_int_equal(lf_route_parse("/assets", &r), 404);
  assert_int_equal(lf_route_parse("/events/x", &r), 404);
  /* ids are what content ids are: lowercase letters, digits and '-' */
  assert_int_equal(lf_route_parse("/leaflets/Net-Drugs", &r), 404);
  assert_int_equal(lf_route_parse("/leaflets/net_drugs", &r), 404);
  assert_int_equal(lf_route_parse("/leaflets/net.drugs", &r), 404);
  assert_int_equal(lf_route_parse("/leaflets/net-drugs/lung.nec/pdf", &r), 404);
}

/*
 * 'test_traversal()' - No encoding of "..", "/" or "\" is ever an id.
 */
static void test_traversal(void **state) {
  (void)state;
  static const char *const not_found[] = {
      "/leaflets/..",
      "/leaflets/../../etc/passwd",
      "/leaflets/%2e%2e",
      "/leaflets/%2E%2E/%2e%2e/etc/passwd",
      "/leaflets/..%2f..%2fetc%2fpasswd",
      "/leaflets/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
      "/leaflets/%252e%252e/%252e%252e/etc/passwd", /* decoded once: '%' is no id */
      "/leaflets/..%5c..%5cetc",
      "/leaflets/a\\b",
      "/leaflets/.hidden",
      "/leaflets/net-drugs/..",
      "/leaflets/net-drugs/%2e%2e/pdf",
      "/assets/../content/drugs/sunitinib.yaml",
      "/assets/%2e%2e%2fMakefile",
      "/assets/.",
      "/leaflets/%e2%80%ae", /* U+202E: a letter of no id */
      "/leaflets/%ef%bc%8e%ef%bc%8e", /* fullwidth full stops */
      "/leaflets/a b",
      "/leaflets/a%20b",
  };
  for (size_t i = 0; i < sizeof not_found / sizeof *not_found; i++) {
    lf_route r;
    if (lf_route_parse(not_found[i], &r) != 404)
      fail_msg("%s: expected 404", not_found[i]);
  }
  static const char *const bad[] = {
      "/leaflets/%c0%ae%c0%ae/x", /* overlong '.' */
      "/leaflets/%c0%af",         /* overlong '/' */
      "/leaflets/%e0%80%ae",      /* overlong, three bytes */
      "/leaflets/x%00",           /* NUL */
      "/leaflets/x%0a",           /* line feed */
      "/leaflets/x%7f",
      "/leaflets/x%c2%85",        /* C1 control */
      "/leaflets/%ed%a0%80",      /* a surrogate */
      "/leaflets/%ff",
      "/leaflets/%",
      "/leaflets/%2",
      "/leaflets/%zz",
      "/leaflets/%%32%65",
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    lf_route r;
    if (lf_route_parse(bad[i], &r) != 400)
      fail_msg("%s: expected 400", bad[i]);
  }
}

/*
 * 'test_limits()' - Paths and ids have bounds.
 */
static void test_limits(void **state) {
  (void)state;
  char path[LF_SERVE_MAX_PATH + 64];
  lf_route r;
  /* an id of LF_ID_MAX characters is one; one more is not */
  snprintf(path, sizeof path, "/leaflets/");
  memset(path + 10, 'a', LF_ID_MAX);
  path[10 + LF_ID_MAX] = 0;
  assert_int_equal(lf_route_parse(path, &r), 200);
  assert_int_equal(strlen(r.leaflet), LF_ID_MAX);
  strcat(path, "a");
  assert_int_equal(lf_route_parse(path, &r), 404);
  /* the whole path */
  memset(path, 'a', sizeof path);
  path[0] = '/';
  path[LF_SERVE_MAX_PATH] = 0;
  assert_int_equal(lf_route_parse(path, &r), 404);
  path[LF_SERVE_MAX_PATH] = 'a';
  path[LF_SERVE_MAX_PATH + 1] = 0;
  assert_int_equal(lf_route_parse(path, &r), 414);
}

/*
 * 'test_percent_decode()' - Strict: two hex digits, UTF-8, no controls.
 */
static void test_percent_decode(void **state) {
  (void)state;
  char out[64];
  assert_int_equal(lf_percent_decode("a%20b", 5, out, sizeof out - 1), 3);
  assert_string_equal(out, "a b");
  assert_int_equal(lf_percent_decode("%E2%80%9Cq%e2%80%9d", 19, out, sizeof out - 1), 7);
  assert_string_equal(out, "\xe2\x80\x9cq\xe2\x80\x9d");
  assert_int_equal(lf_percent_decode("%F0%9F%98%80", 12, out, sizeof out - 1), 4); /* U+1F600 */
  assert_int_equal(lf_percent_decode("", 0, out, sizeof out - 1), 0);
  assert_string_equal(out, "");
  /* only 'len' bytes are read */
  assert_int_equal(lf_percent_decode("ab%zz", 2, out, sizeof out - 1), 2);
  assert_int_equal(lf_percent_decode("a%2", 3, out, sizeof out - 1), -1);
  assert_int_equal(lf_percent_decode("a%g0", 4, out, sizeof out - 1), -1);
  assert_int_equal(lf_percent_decode("%80", 3, out, sizeof out - 1), -1);
  assert_int_equal(lf_percent_decode("%09", 3, out, sizeof out - 1), -1);
  assert_int_equal(lf_percent_decode("\x01", 1, out, sizeof out - 1), -1);
  /* 'cap' bytes fit, one more does not */
  assert_int_equal(lf_percent_decode("abcd", 4, out, 4), 4);
  assert_int_equal(lf_percent_decode("abcde", 5, out, 4), -1);
}

/*
 * 'test_print_choice()' - Formats, sizes 12 to 48 in half points,
 * layouts and views; each mistake a 400 with a reason a nurse can act on.
 */
static void test_print_choice(void **state) {
  (void)state;
  lf_print_choice c;
  char why[256];
  assert_int_equal(lf_print_choice_parse("large", "", "pages", NULL, &c, why, sizeof why), 0);
  assert_string_equal(c.format, "large");
  assert_true(c.size == 0 && !c.booklet && !c.inline_view);
  assert_int_equal(lf_print_choice_parse("size", "20", "booklet", "inline", &c, why, sizeof why),
                   0);
  assert_string_equal(c.format, "");
  assert_true(c.size == 20 && c.booklet && c.inline_view);
  assert_int_equal(lf_print_choice_parse("size", "20.5", NULL, NULL, &c, why, sizeof why), 0);
  assert_true(c.size == 20.5);
  assert_int_equal(lf_print_choice_parse("size", "20pt", NULL, NULL, &c, why, sizeof why), 0);
  assert_true(c.size == 20);
  assert_int_equal(lf_print_choice_parse("size", "16%20pt%20", NULL, NULL, &c, why, sizeof why), 0);
  assert_true(c.size == 16);
  assert_int_equal(lf_print_choice_parse("size", "12", NULL, NULL, &c, why, sizeof why), 0);
  assert_int_equal(lf_print_choice_parse("size", "48", NULL, NULL, &c, why, sizeof why), 0);
  /* a size alone is a size; nothing at all is the first format */
  assert_int_equal(lf_print_choice_parse(NULL, "30", NULL, NULL, &c, why, sizeof why), 0);
  assert_true(c.size == 30);
  assert_int_equal(lf_print_choice_parse(NULL, NULL, NULL, NULL, &c, why, sizeof why), 0);
  assert_true(c.size == 0 && c.format[0] == 0);
  /* sizes outside 12 to 48, or not a number of half points */
  static const char *const bad_sizes[] = {"11.5", "48.5", "0", "-20", "100", "20.25", "abc",
                                          "nan", "inf", "1e1", "20px", "20 pt pt", "0x14"};
  for (size_t i = 0; i < sizeof bad_sizes / sizeof *bad_sizes; i++) {
    if (lf_print_choice_parse("size", bad_sizes[i], NULL, NULL, &c, why, sizeof why) != 400)
      fail_msg("size '%s': expected 400", bad_sizes[i]);
    assert_string_equal(why, "The size must be a number of points from 12 to 48 (whole or half "
                             "points, for example 20 or 20.5).");
  }
  assert_int_equal(lf_print_choice_parse("size", "", NULL, NULL, &c, why, sizeof why), 400);
  assert_string_equal(why, "Type a size in points, from 12 to 48.");
  assert_int_equal(lf_print_choice_parse("standard", "20", NULL, NULL, &c, why, sizeof why), 400);
  assert_non_null(strstr(why, "You chose a print format and also typed a size."));
  assert_int_equal(lf_print_choice_parse("../styles/x", NULL, NULL, NULL, &c, why, sizeof why),
                   400);
  assert_string_equal(why, "There is no print format with that name.");
  assert_int_equal(lf_print_choice_parse("large", NULL, "poster", NULL, &c, why, sizeof why), 400);
  assert_string_equal(why, "Choose A4 pages or an A5 booklet.");
  assert_int_equal(lf_print_choice_parse("large", NULL, NULL, "frame", &c, why, sizeof why), 400);
  assert_int_equal(lf_print_choice_parse("lar%ge", NULL, NULL, NULL, &c, why, sizeof why), 400);
  assert_non_null(strstr(why, "broken %-code"));
  char long_value[200];
  memset(long_value, 'a', sizeof long_value - 1);
  long_value[sizeof long_value - 1] = 0;
  assert_int_equal(lf_print_choice_parse(long_value, NULL, NULL, NULL, &c, why, sizeof why), 400);
  /* a refused choice keeps what was sent, for the form to show again
   * (WCAG 2.2, 3.3.7): it came back as Standard, the size box empty and
   * A4 pages, whatever the nurse had chosen */
  assert_int_equal(lf_print_choice_parse("size", "60", "booklet", NULL, &c, why, sizeof why), 400);
  assert_true(c.size_chosen && c.booklet && c.size == 0);
  assert_string_equal(c.typed_size, "60");
  assert_int_equal(lf_print_choice_parse("size", "", "booklet", NULL, &c, why, sizeof why), 400);
  assert_true(c.size_chosen && c.booklet && c.typed_size[0] == 0);
  assert_int_equal(lf_print_choice_parse("standard", "30", "booklet", NULL, &c, why, sizeof why),
                   400);
  assert_true(!c.size_chosen && c.booklet);
  assert_string_equal(c.format, "standard");
  assert_string_equal(c.typed_size, "30");
}

/*
 * 'test_content_disposition()' - A name for people (UTF-8, without what a
 * file system refuses) and the command line's as the ASCII fallback.
 */
static void test_content_disposition(void **state) {
  (void)state;
  char out[1024];
  lf_content_disposition("Drugs for pancreatic NET", "large print (18 pt)", "pdf",
                         "net-drugs-pancreatic-net.large.pdf", 0, out, sizeof out);
  assert_string_equal(out, "attachment; filename=\"net-drugs-pancreatic-net.large.pdf\"; "
                           "filename*=UTF-8''Drugs%20for%20pancreatic%20NET%20-%20large%20print"
                           "%20%2818%20pt%29.pdf");
  lf_content_disposition("A/B \"C\" \\ d: e\xe2\x80\x99s?\x01", "20 pt print", "pdf",
                         "x \"y\".pdf", 1, out, sizeof out);
  assert_string_equal(out, "inline; filename=\"xy.pdf\"; filename*=UTF-8''AB%20C%20%20d%20e"
                           "%E2%80%99s%20-%2020%20pt%20print.pdf");
  /* a very long title is cut at a character, and the name still ends .pdf */
  char title[600];
  for (size_t i = 0; i + 2 < sizeof title; i += 2)
    memcpy(title + i, "\xc3\xa9", 2);
  title[sizeof title - 2] = 0;
  lf_content_disposition(title, "standard print (12 pt)", "pdf", "a.pdf", 0, out, sizeof out);
  size_t n = strlen(out);
  assert_true(n > 4);
  assert_string_equal(out + n - 4, ".pdf");
  assert_null(strstr(out, "%C3.pdf"));
  /* braille: its own ending */
  lf_content_disposition("Drugs", "braille (40 cells by 25 lines, for an embosser)", "brf",
                         "drugs.braille.brf", 0, out, sizeof out);
  assert_string_equal(out, "attachment; filename=\"drugs.braille.brf\"; filename*=UTF-8''Drugs%20-"
                           "%20braille%20%2840%20cells%20by%2025%20lines%2C%20for%20an%20embosser"
                           "%29.brf");
  /* format words longer than the name's room (the server's are at most
   * 127 bytes; fuzz_request gives any): the title is left out, the words
   * cut, and nothing is written past the name's room (the room was once
   * worked out as a negative size, wrapping round) */
  char words[300];
  memset(words, 'w', sizeof words - 1);
  words[sizeof words - 1] = 0;
  char long_title[250];
  memset(long_title, 'T', sizeof long_title - 1);
  long_title[sizeof long_title - 1] = 0;
  lf_content_disposition(long_title, words, "pdf", "a.pdf", 0, out, sizeof out);
  n = strlen(out);
  assert_string_equal(out + n - 4, ".pdf");
  assert_null(strstr(out, "TT"));
}

/*
 * 'test_loopback()' - Which --bind addresses stay on this machine.
 */
static void test_loopback(void **state) {
  (void)state;
  assert_true(lf_is_loopback("127.0.0.1"));
  assert_true(lf_is_loopback("127.1.2.3"));
  assert_true(lf_is_loopback("::1"));
  assert_true(lf_is_loopback("::ffff:127.0.0.1"));
  assert_false(lf_is_loopback("0.0.0.0"));
  assert_false(lf_is_loopback("::"));
  assert_false(lf_is_loopback("192.168.1.10"));
  assert_false(lf_is_loopback("128.0.0.1"));
  assert_false(lf_is_loopback("::ffff:10.0.0.1"));
  assert_false(lf_is_loopback("localhost"));
  assert_false(lf_is_loopback(""));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_routes),          cmocka_unit_test(test_traversal),
      cmocka_unit_test(test_limits),          cmocka_unit_test(test_percent_decode),
      cmocka_unit_test(test_print_choice),    cmocka_unit_test(test_content_disposition),
      cmocka_unit_test(test_loopback),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
