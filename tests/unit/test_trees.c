/*
 * test_trees.c -- balanced trees written as a file is written
 * (src/pdf/trees.c): files saved part by part, as a spool saves them,
 * whose pages, sections and ParentTree entries hang in trees of a small
 * fan-out, so that a few hundred leaves make trees of many levels; read
 * back with qpdf --check and with tests/unit/check_trees.py (pikepdf),
 * which checks each tree's shape from outside: kids per node, /Count,
 * /Parent and /P, /Limits, every leaf at the same depth.  And the
 * cross-reference rows of a file on disk spilled and read back: an object
 * written under a number handed out before the objects around it; and the
 * highest object number libharu can hold.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/pdf/file.h"
#include "../../src/pdf/objects.h"
#include "../../src/pdf/tags.h"
#include "../../src/pdf/trees.h"
#include "testutil.h"

/*
 * 'check_file()' - qpdf finds nothing wrong, and check_trees.py finds the
 * trees whole and balanced with the counts given.
 */
static void check_file(const char *path, size_t fanout, size_t pages, size_t sections,
                       size_t keys, size_t marks) {
  char cmd[1400];
  int status;
  snprintf(cmd, sizeof cmd, "qpdf --check '%s' 2>&1", path);
  char *out = tu_capture(cmd, &status);
  assert_non_null(out);
  if (status != 0 || !tu_has(out, "No syntax or stream encoding errors"))
    fail_msg("qpdf --check %s:\n%s", path, out);
  free(out);
  const char *py = tu_pikepdf_python();
  if (!py)
    fail_msg("no python3 with pikepdf (Debian: apt-get install python3-pikepdf)");
  snprintf(cmd, sizeof cmd, "%s tests/unit/check_trees.py '%s' %zu %zu %zu %zu %zu 2>&1", py,
           path, fanout, pages, sections, keys, marks);
  out = tu_capture(cmd, &status);
  assert_non_null(out);
  if (status != 0)
    fail_msg("check_trees.py %s (fan-out %zu, %zu pages, %zu sections, %zu keys):\n%s", path,
             fanout, pages, sections, keys, out);
  free(out);
}

enum { STRUCT_ROOT = 1, RESERVED = 1 };

/*
 * 'write_tree_file()' - A file of 'parts' saves: part i has 1 + i % 3
 * pages, each a page of the page tree, and 1 + i % 2 sections (made room
 * for together), each with a ParentTree entry keyed on from 'first_key';
 * then the close: the trees' roots, the StructTreeRoot, the catalog.
 */
static void write_tree_file(const char *path, size_t fanout, size_t parts, size_t *pages,
                            size_t *sections) {
  lf_diags diags;
  lf_diags_init(&diags);
  lf_pdf_file *file = lf_pdf_file_create(path, 0600, RESERVED, &diags);
  assert_non_null(file);
  lf_pdf_tree page_tree, elements, numbers;
  lf_pdf_tree_init(&page_tree, LF_PDF_TREE_PAGES, fanout, file);
  lf_pdf_tree_init(&elements, LF_PDF_TREE_ELEMENTS, fanout, file);
  lf_pdf_tree_init(&numbers, LF_PDF_TREE_NUMBERS, fanout, file);
  *pages = *sections = 0;
  size_t key = 0;
  for (size_t i = 0; i < parts; i++) {
    lf_pdf_doc *doc = lf_pdf_doc_new(NULL);
    assert_non_null(doc);
    assert_int_equal(lf_pdf_part_of(doc), 0);
    size_t n = 1 + i % 2;
    uint32_t parent = lf_pdf_tree_room(&elements, doc, n);
    assert_true(parent > 0);
    for (size_t s = 0; s < n; s++) {
      lf_pdf_obj *sect = lf_pdf_indirect_dict(doc);
      uint32_t number = lf_pdf_file_reserve(file);
      assert_int_equal(lf_pdf_pin(doc, sect, number), 0);
      assert_int_equal(lf_pdf_dict_name(sect, "S", "Sect"), 0);
      assert_int_equal(lf_pdf_dict_put(sect, "P", lf_pdf_ref(doc, parent)), 0);
      assert_int_equal(lf_pdf_tree_add(&elements, doc, number, 0), 0);
      /* its ParentTree entry: the section itself, as an annotation's is */
      assert_true(lf_pdf_tree_room(&numbers, doc, 1) > 0);
      assert_int_equal(lf_pdf_tree_add(&numbers, doc, number, key), 0);
      key += 1 + s; /* keys with gaps, as a part's unused keys leave */
      (*sections)++;
    }
    for (size_t p = 0; p < 1 + i % 3; p++) {
      lf_pdf_obj *page = lf_pdf_add_page(doc, 200, 300);
      assert_non_null(page);
      uint32_t number = lf_pdf_file_reserve(file);
      assert_int_equal(lf_pdf_pin(doc, page, number), 0);
      uint32_t node = lf_pdf_tree_room(&page_tree, doc, 1);
      assert_true(node > 0);
      assert_int_equal(lf_pdf_dict_put(page, "Parent", lf_pdf_ref(doc, node)), 0);
      assert_int_equal(lf_pdf_tree_add(&page_tree, doc, number, 0), 0);
      (*pages)++;
    }
    assert_int_equal(lf_pdf_save(doc, file, 0), 0);
    lf_pdf_doc_free(doc);
  }
  lf_pdf_doc *last = lf_pdf_doc_new(NULL);
  assert_non_null(last);
  uint32_t root = lf_pdf_tree_close(&page_tree, last, 0);
  assert_true(root > 0);
  assert_int_equal(lf_pdf_pages_elsewhere(last, root), 0);
  uint32_t document = lf_pdf_tree_close(&elements, last, STRUCT_ROOT);
  uint32_t parent_tree = lf_pdf_tree_close(&numbers, last, 0);
  assert_true(document > 0 && parent_tree > 0);
  assert_int_equal(lf_pdf_tags_root_of_parts(last, STRUCT_ROOT, document, parent_tree, key,
                                             NULL, 0),
                   0);
  assert_int_equal(lf_pdf_save(last, file, 1), 0);
  assert_int_equal(lf_pdf_file_commit(file), 0);
  lf_pdf_doc_free(last);
  lf_pdf_file_free(file);
  lf_pdf_tree_free(&page_tree);
  lf_pdf_tree_free(&elements);
  lf_pdf_tree_free(&numbers);
  assert_int_equal(diags.count, 0);
  lf_diags_free(&diags);
}

/*
 * 'test_trees_of_many_levels()' - With 3 kids a node, a handful of parts
 * to a few hundred: one node, exactly full levels (9 = 3 x 3 sections),
 * one more than full, and six levels; every tree balanced and whole.
 */
static void test_trees_of_many_levels(void **state) {
  (void)state;
  char *dir = tu_tempdir();
  assert_non_null(dir);
  static const size_t counts[] = {1, 2, 6, 7, 40, 300};
  for (size_t i = 0; i < sizeof counts / sizeof *counts; i++) {
    char path[1100];
    size_t pages, sections;
    snprintf(path, sizeof path, "%s/trees-%zu.pdf", dir, counts[i]);
    write_tree_file(path, 3, counts[i], &pages, &sections);
    check_file(path, 3, pages, sections, sections, 0);
  }
  /* a wider fan-out, as a spool uses */
  char path[1100];
  size_t pages, sections;
  snprintf(path, sizeof path, "%s/trees-wide.pdf", dir);
  write_tree_file(path, 64, 200, &pages, &sections);
  check_file(path, 64, pages, sections, sections, 0);
  tu_rmtree(dir);
}

/*
 * 'test_tree_depth()' - A tree's levels are as few as its fan-out allows:
 * 3 kids a node and 27 leaves make 3 levels of nodes, 28 make 4, and 9
 * nodes are written before the close for 27 leaves (the full ones below
 * the root).
 */
static void test_tree_depth(void **state) {
  (void)state;
  char *dir = tu_tempdir(), path[1100];
  assert_non_null(dir);
  snprintf(path, sizeof path, "%s/depth.pdf", dir);
  lf_diags diags;
  lf_diags_init(&diags);
  lf_pdf_file *file = lf_pdf_file_create(path, 0600, 0, &diags);
  assert_non_null(file);
  for (size_t leaves = 27; leaves <= 28; leaves++) {
    lf_pdf_tree tree;
    lf_pdf_tree_init(&tree, LF_PDF_TREE_NUMBERS, 3, file);
    lf_pdf_doc *doc = lf_pdf_doc_new(NULL);
    for (size_t k = 0; k < leaves; k++) {
      assert_true(lf_pdf_tree_room(&tree, doc, 1) > 0);
      assert_int_equal(lf_pdf_tree_add(&tree, doc, 1, k), 0);
    }
    /* 27: 8 leaves written, and 2 full nodes above them (the 9th leaf
     * and the 3rd node are still open); 28: the 9th leaf too */
    assert_int_equal(tree.written, leaves == 27 ? 8 + 2 : 9 + 2);
    assert_true(lf_pdf_tree_close(&tree, doc, 0) > 0);
    assert_int_equal(tree.level_count, leaves == 27 ? 3 : 4);
    /* every node once: 9 + 3 + 1 for 27; 10 + 4 + 2 + 1 for 28 */
    assert_int_equal(tree.written, leaves == 27 ? 13 : 17);
    assert_false(lf_pdf_failed(doc));
    lf_pdf_doc_free(doc);
    lf_pdf_tree_free(&tree);
  }
  lf_pdf_file_free(file);
  lf_diags_free(&diags);
  tu_rmtree(dir);
}

/*
 * 'test_rows_spilled()' - A file on disk writes its cross-reference rows
 * to a file of its own, unlinked at once (nothing but the temporary PDF
 * beside the target while it is written), and reads them back in number
 * order at the end: objects written in a later save under numbers handed
 * out first are found where they are (qpdf reads every object through the
 * cross-reference stream).
 */
static void test_rows_spilled(void **state) {
  (void)state;
  char *dir = tu_tempdir(), path[1100], cmd[4000];
  assert_non_null(dir);
  snprintf(path, sizeof path, "%s/spilled.pdf", dir);
  lf_diags diags;
  lf_diags_init(&diags);
  lf_pdf_file *file = lf_pdf_file_create(path, 0600, 0, &diags);
  assert_non_null(file);
  uint32_t early = lf_pdf_file_reserve(file);
  /* many saves of many objects: more rows than are gathered before a
   * spill */
  for (int part = 0; part < 40; part++) {
    lf_pdf_doc *doc = lf_pdf_doc_new(NULL);
    assert_int_equal(lf_pdf_part_of(doc), 0);
    for (int i = 0; i < 300; i++) {
      lf_pdf_obj *o = lf_pdf_indirect_dict(doc);
      assert_int_equal(lf_pdf_dict_int(o, "Part", part), 0);
      assert_int_equal(lf_pdf_dict_put(o, "Early", lf_pdf_ref(doc, early)), 0);
    }
    assert_int_equal(lf_pdf_save(doc, file, 0), 0);
    lf_pdf_doc_free(doc);
  }
  int status;
  snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
  char *listed = tu_capture(cmd, &status);
  assert_string_equal(listed, "1\n"); /* the temporary PDF alone */
  free(listed);
  lf_pdf_doc *last = lf_pdf_doc_new(NULL);
  lf_pdf_obj *target = lf_pdf_indirect_dict(last);
  assert_int_equal(lf_pdf_dict_name(target, "Kind", "Early"), 0);
  assert_int_equal(lf_pdf_pin(last, target, early), 0);
  lf_pdf_obj *tree = lf_pdf_indirect_dict(last);
  assert_int_equal(lf_pdf_dict_name(tree, "Type", "Pages"), 0);
  assert_int_equal(lf_pdf_dict_put(tree, "Kids", lf_pdf_array(last)), 0);
  assert_int_equal(lf_pdf_dict_int(tree, "Count", 0), 0);
  uint32_t pages = lf_pdf_file_reserve(file);
  assert_int_equal(lf_pdf_pin(last, tree, pages), 0);
  assert_int_equal(lf_pdf_pages_elsewhere(last, pages), 0);
  assert_int_equal(lf_pdf_dict_put(lf_pdf_catalog(last), "Early", target), 0);
  assert_int_equal(lf_pdf_save(last, file, 1), 0);
  assert_int_equal(lf_pdf_file_commit(file), 0);
  lf_pdf_doc_free(last);
  lf_pdf_file_free(file);
  snprintf(cmd, sizeof cmd, "qpdf --check '%s' 2>&1 && qpdf --show-object=%u '%s' && "
           "qpdf --show-xref '%s' | grep -c ': compressed;'", path, (unsigned)early,
           path, path);
  char *out = tu_capture(cmd, &status);
  if (status != 0 || !tu_has(out, "No syntax or stream encoding errors") ||
      !tu_has(out, "/Kind /Early"))
    fail_msg("%s", out);
  /* every object in an object stream listed: 40 x 300, the early one,
   * the page tree, the catalog, the Info dictionary */
  if (!tu_has(out, "12004\n"))
    fail_msg("%s", out);
  free(out);
  lf_diags_free(&diags);
  tu_rmtree(dir);
}

/*
 * 'test_too_many_objects()' - libharu keeps an object's number in 24 bits:
 * a save that would number an object past 16,777,215 fails with a reason
 * instead of writing wrong references (a print file that big is cut into
 * batches long before).
 */
static void test_too_many_objects(void **state) {
  (void)state;
  char *dir = tu_tempdir(), path[1100];
  assert_non_null(dir);
  snprintf(path, sizeof path, "%s/huge.pdf", dir);
  lf_diags diags;
  lf_diags_init(&diags);
  lf_pdf_file *file = lf_pdf_file_create(path, 0600, 0, &diags);
  assert_non_null(file);
  while (lf_pdf_file_next(file) < LF_PDF_MAX_OBJECT - 2)
    lf_pdf_file_reserve(file);
  lf_pdf_doc *doc = lf_pdf_doc_new(NULL);
  assert_int_equal(lf_pdf_part_of(doc), 0);
  for (int i = 0; i < 3; i++)
    assert_non_null(lf_pdf_indirect_dict(doc));
  assert_int_equal(lf_pdf_save(doc, file, 0), -1);
  lf_pdf_report(doc, path, &diags);
  assert_int_equal(diags.errors, 1);
  assert_true(tu_has(diags.items[0].message, "more than 16777215 objects in one file"));
  lf_pdf_doc_free(doc);
  lf_pdf_file_free(file);
  lf_diags_free(&diags);
  tu_rmtree(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_trees_of_many_levels),
      cmocka_unit_test(test_tree_depth),
      cmocka_unit_test(test_rows_spilled),
      cmocka_unit_test(test_too_many_objects),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
