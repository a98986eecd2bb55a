/*
 * test_objects.c -- the PDF object layer (src/pdf/objects.c) and the file
 * it saves into (src/pdf/file.c): objects numbered in the order they were
 * made, numbers given in advance (pinned, written elsewhere, omitted), a
 * file written by two saves, and failures reported once.  Files are read
 * back with qpdf.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/pdf/file.h"
#include "../../src/pdf/objects.h"
#include "leaflet/diag.h"
#include "testutil.h"

/*
 * 'show_object()' - Object 'number' of the PDF at 'path' as qpdf prints
 * it (malloc'd); the file must pass qpdf --check first.
 */
static char *show_object(const char *path, uint32_t number) {
  char cmd[1200];
  int status;
  snprintf(cmd, sizeof cmd, "qpdf --check '%s' 2>&1", path);
  char *check = tu_capture(cmd, &status);
  if (status != 0)
    fail_msg("qpdf --check failed:\n%s", check);
  free(check);
  snprintf(cmd, sizeof cmd, "qpdf --show-object=%u '%s' 2>&1", (unsigned)number, path);
  char *out = tu_capture(cmd, &status);
  assert_int_equal(status, 0);
  return out;
}

/*
 * 'test_numbered_in_order()' - A document saved into memory: objects are
 * numbered in the order they were made, a reference is written with the
 * number of the object it names, the file is a sound PDF.
 */
static void test_numbered_in_order(void **state) {
  (void)state;
  lf_pdf_doc *doc = lf_pdf_doc_new(NULL);
  assert_non_null(doc);
  assert_false(lf_pdf_failed(doc));
  lf_pdf_obj *first = lf_pdf_indirect_dict(doc);
  lf_pdf_obj *second = lf_pdf_indirect_dict(doc);
  assert_non_null(first);
  assert_non_null(second);
  assert_int_equal(lf_pdf_dict_put(first, "Next", second), 0);
  assert_int_equal(lf_pdf_dict_name(second, "Kind", "Second"), 0);
  assert_int_equal(lf_pdf_dict_put(lf_pdf_catalog(doc), "First", first), 0);

  lf_pdf_file *file = lf_pdf_file_memory();
  assert_non_null(file);
  assert_int_equal(lf_pdf_save(doc, file, 1), 0);
  uint32_t a = lf_pdf_number(first), b = lf_pdf_number(second);
  assert_true(a > 0);
  assert_int_equal(b, a + 1);
  size_t size;
  unsigned char *data = lf_pdf_file_take(file, &size);
  assert_non_null(data);
  assert_memory_equal(data, "%PDF-1.7\n", 9);
  assert_memory_equal(data + size - 6, "%%EOF\n", 6);

  char *dir = tu_tempdir(), path[1100];
  assert_non_null(dir);
  snprintf(path, sizeof path, "%s/order.pdf", dir);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, size, f), size);
  fclose(f);
  char *shown = show_object(path, a);
  char want[64];
  snprintf(want, sizeof want, "/Next %u 0 R", (unsigned)b);
  assert_true(tu_has(shown, want));
  free(shown);
  shown = show_object(path, b);
  assert_true(tu_has(shown, "/Kind /Second"));
  free(shown);

  free(data);
  lf_pdf_file_free(file);
  lf_pdf_doc_free(doc);
  tu_rmtree(dir);
}

/*
 * 'test_numbers_given()' - A file written by two saves, as a spool writes
 * it: numbers 1 and 2 reserved; the first save refers to object 2 through
 * a stand-in and omits an object, and numbers its own from 3; the second
 * writes object 1 (a page tree of its own) and object 2 (pinned), which
 * refers back to the first save's object.
 */
static void test_numbers_given(void **state) {
  (void)state;
  char *dir = tu_tempdir(), path[1100];
  assert_non_null(dir);
  snprintf(path, sizeof path, "%s/given.pdf", dir);
  lf_diags diags;
  lf_diags_init(&diags);
  lf_pdf_file *file = lf_pdf_file_create(path, 0600, 2, &diags);
  assert_non_null(file);
  assert_int_equal(lf_pdf_file_next(file), 3);

  lf_pdf_doc *part = lf_pdf_doc_new(NULL);
  assert_non_null(part);
  assert_int_equal(lf_pdf_part_of(part), 0);
  lf_pdf_obj *mine = lf_pdf_indirect_dict(part);
  lf_pdf_obj *gone = lf_pdf_indirect_dict(part);
  assert_int_equal(lf_pdf_dict_put(mine, "Shared", lf_pdf_ref(part, 2)), 0);
  assert_int_equal(lf_pdf_omit(part, gone), 0);
  assert_int_equal(lf_pdf_save(part, file, 0), 0);
  uint32_t n = lf_pdf_number(mine);
  assert_true(n >= 3);
  assert_int_equal(lf_pdf_number(gone), 0);
  assert_true(lf_pdf_file_next(file) > n);
  lf_pdf_doc_free(part);

  lf_pdf_doc *last = lf_pdf_doc_new(NULL);
  assert_non_null(last);
  lf_pdf_obj *tree = lf_pdf_indirect_dict(last);
  assert_int_equal(lf_pdf_dict_name(tree, "Type", "Pages"), 0);
  assert_int_equal(lf_pdf_dict_put(tree, "Kids", lf_pdf_array(last)), 0);
  assert_int_equal(lf_pdf_dict_int(tree, "Count", 0), 0);
  assert_int_equal(lf_pdf_pin(last, tree, 1), 0);
  assert_int_equal(lf_pdf_pages_elsewhere(last, 1), 0);
  lf_pdf_obj *shared = lf_pdf_indirect_dict(last);
  assert_int_equal(lf_pdf_pin(last, shared, 2), 0);
  assert_int_equal(lf_pdf_dict_put(shared, "Back", lf_pdf_ref(last, n)), 0);
  assert_int_equal(lf_pdf_dict_put(lf_pdf_catalog(last), "Shared", shared), 0);
  assert_int_equal(lf_pdf_save(last, file, 1), 0);
  assert_int_equal(lf_pdf_number(shared), 2);
  assert_int_equal(lf_pdf_file_commit(file), 0);
  lf_pdf_doc_free(last);
  lf_pdf_file_free(file);
  assert_int_equal(diags.count, 0);

  char want[64];
  char *shown = show_object(path, n);
  assert_true(tu_has(shown, "/Shared 2 0 R"));
  free(shown);
  shown = show_object(path, 2);
  snprintf(want, sizeof want, "/Back %u 0 R", (unsigned)n);
  assert_true(tu_has(shown, want));
  free(shown);
  shown = show_object(path, 1);
  assert_true(tu_has(shown, "/Type /Pages"));
  assert_true(tu_has(shown, "/Count 0"));
  free(shown);
  lf_diags_free(&diags);
  tu_rmtree(dir);
}

/*
 * 'test_file_not_committed()' - A file on disk that is freed without being
 * committed leaves nothing behind; one that cannot be made is an error at
 * its path.
 */
static void test_file_not_committed(void **state) {
  (void)state;
  char *dir = tu_tempdir(), path[1100], cmd[1200];
  assert_non_null(dir);
  snprintf(path, sizeof path, "%s/dropped.pdf", dir);
  lf_diags diags;
  lf_diags_init(&diags);
  lf_pdf_file *file = lf_pdf_file_create(path, 0600, 0, &diags);
  assert_non_null(file);
  assert_int_equal(lf_pdf_file_offset(file), 15); /* the header */
  lf_pdf_file_free(file);
  int status;
  snprintf(cmd, sizeof cmd, "ls -A '%s'", dir);
  char *left = tu_capture(cmd, &status);
  assert_string_equal(left, "");
  free(left);

  snprintf(path, sizeof path, "%s/no/such/folder.pdf", dir);
  assert_null(lf_pdf_file_create(path, 0600, 0, &diags));
  assert_int_equal(diags.errors, 1);
  assert_string_equal(diags.items[0].pos.file, path);
  assert_true(tu_has(diags.items[0].message, "cannot write PDF: No such file"));
  lf_diags_free(&diags);
  tu_rmtree(dir);
}

/*
 * 'test_failure_reported_once()' - The first reason of our own wins, and
 * becomes one error; a failure of the library underneath is reported with
 * its code and our reason; a document that could not be made is out of
 * memory.
 */
static void test_failure_reported_once(void **state) {
  (void)state;
  lf_diags diags;
  lf_diags_init(&diags);
  lf_pdf_doc *doc = lf_pdf_doc_new(NULL);
  assert_non_null(doc);
  assert_int_equal(lf_pdf_fail(doc, "drawing page %d", 3), -1);
  assert_int_equal(lf_pdf_fail(doc, "a later reason"), -1);
  assert_false(lf_pdf_failed(doc)); /* a reason of our own is not the library's */
  lf_pdf_report(doc, "out.pdf", &diags);
  assert_int_equal(diags.errors, 1);
  assert_string_equal(diags.items[0].message, "cannot write PDF: drawing page 3");
  lf_pdf_doc_free(doc);

  doc = lf_pdf_doc_new(NULL);
  lf_pdf_obj *dict = lf_pdf_indirect_dict(doc); /* freed with the document */
  assert_int_equal(lf_pdf_dict_put(dict, "Nothing", NULL), -1);
  assert_true(lf_pdf_failed(doc));
  lf_pdf_fail(doc, "putting nothing");
  lf_pdf_report(doc, "out.pdf", &diags);
  assert_int_equal(diags.errors, 2);
  assert_true(tu_has(diags.items[1].message, "cannot write PDF: libharu error 0x"));
  assert_true(tu_has(diags.items[1].message, " while putting nothing"));
  lf_pdf_doc_free(doc);

  lf_pdf_report(NULL, "out.pdf", &diags);
  assert_int_equal(diags.errors, 3);
  assert_string_equal(diags.items[2].message, "cannot write PDF: out of memory");
  lf_diags_free(&diags);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_numbered_in_order),
      cmocka_unit_test(test_numbers_given),
      cmocka_unit_test(test_file_not_committed),
      cmocka_unit_test(test_failure_reported_once),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
