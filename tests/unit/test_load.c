/*
 * test_load.c -- unit tests for the YAML loader (src/content/load.c).
 *
 * Every error is checked as the user sees it, "file:line:column: error:
 * message", so that both the words and the place are pinned down.
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
#include <unistd.h>

#include "leaflet/fonts.h"
#include "leaflet/utf8.h"
#include "leaflet/yaml.h"

/* The arena and diagnostics each test starts with. */
typedef struct fixture {
  lf_arena *arena;
  lf_diags diags;
} fixture;

/*
 * 'setup()' - Make a fresh arena and diagnostics list for one test.
 */
static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  if (!f)
    return -1;
  f->arena = lf_arena_new(0);
  if (!f->arena) {
    free(f);
    return -1;
  }
  lf_diags_init(&f->diags);
  *state = f;
  return 0;
}

/*
 * 'teardown()' - Free what setup() made.
 */
static int teardown(void **state) {
  fixture *f = *state;
  lf_diags_free(&f->diags);
  lf_arena_free(f->arena);
  free(f);
  return 0;
}

/*
 * 'load_bytes()' - Load 'len' bytes as the file "t.yaml".
 */
static lf_node *load_bytes(fixture *f, const char *data, size_t len) {
  return lf_yaml_load_buffer(f->arena, "t.yaml", data, len, &f->diags);
}

/*
 * 'load()' - Load a NUL-terminated string as the file "t.yaml".
 */
static lf_node *load(fixture *f, const char *text) {
  return load_bytes(f, text, strlen(text));
}

/*
 * 'assert_diag()' - Check that diagnostic 'i' prints exactly as 'expected'.
 */
static void assert_diag(const fixture *f, size_t i, const char *expected) {
  char line[2048];
  assert_true(i < f->diags.count);
  lf_diag_format(&f->diags.items[i], line, sizeof line);
  assert_string_equal(line, expected);
}

/*
 * 'assert_one_error()' - Check that the load failed with exactly one error,
 * printed as 'expected'.
 */
static void assert_one_error(const fixture *f, const lf_node *root,
                             const char *expected) {
  assert_null(root);
  assert_int_equal(f->diags.errors, 1);
  assert_int_equal(f->diags.count, 1);
  assert_diag(f, 0, expected);
}

/*
 * 'expect_load_error()' - Load 'text' and check it fails with one error.
 */
static void expect_load_error(void **state, const char *text,
                              const char *expected) {
  fixture *f = *state;
  assert_one_error(f, load(f, text), expected);
}

/*
 * 'expect_bytes_error()' - As expect_load_error() for bytes holding NULs.
 */
static void expect_bytes_error(void **state, const char *data, size_t len,
                               const char *expected) {
  fixture *f = *state;
  assert_one_error(f, load_bytes(f, data, len), expected);
}

/*
 * 'reset()' - Start a test's next case with empty diagnostics.
 */
static void reset(fixture *f) {
  lf_diags_free(&f->diags);
  lf_diags_init(&f->diags);
}

/*
 * 'assert_scalar()' - Check a node is a string with 'text', 'quoted' and its
 * position.
 */
static void assert_scalar(const lf_node *node, const char *text, int quoted,
                          int line, int column) {
  assert_non_null(node);
  assert_int_equal(node->kind, LF_NODE_SCALAR);
  assert_string_equal(node->text, text);
  assert_int_equal(node->len, strlen(text));
  assert_int_equal(node->quoted, quoted);
  assert_int_equal(node->pos.line, line);
  assert_int_equal(node->pos.column, column);
}

/*
 * 'nested_flow()' - "[[[...]]]" with 'depth' levels, malloc()ed.
 */
static char *nested_flow(size_t depth) {
  char *text = malloc(2 * depth + 1);
  assert_non_null(text);
  memset(text, '[', depth);
  memset(text + depth, ']', depth);
  text[2 * depth] = '\0';
  return text;
}

/* ---- documents that load ------------------------------------------------ */

/*
 * 'test_good_document()' - A leaflet-like document: shape, quoting,
 * positions, and non-ASCII text kept byte for byte.
 */
static void test_good_document(void **state) {
  fixture *f = *state;
  const char *text =
      "# a comment\n"
      "id: net-drugs\n"
      "title: \"Targeted drugs\"\n"
      "body:\n"
      "  - h2: When you\xE2\x80\x99ll have it\n"      /* U+2019 */
      "  - p: 'Take 1\xC2\xA0tablet'\n"               /* U+00A0 */
      "  - list: [first, \"second\", {drug: sunitinib}]\n"
      "review:\n"
      "  version: 1\n"
      "  note: |\n"
      "    Line one\n"
      "    line two\n"
      "  folded: >\n"
      "    a\n"
      "    b\n"
      "  empty:\n";
  lf_node *root = load(f, text);

  assert_non_null(root);
  assert_int_equal(f->diags.count, 0);
  assert_int_equal(root->kind, LF_NODE_MAPPING);
  assert_int_equal(root->count, 4);
  assert_int_equal(root->pos.line, 2);
  assert_int_equal(root->pos.column, 1);
  assert_string_equal(root->pos.file, "t.yaml");
  assert_scalar(root->keys[0], "id", 0, 2, 1);
  assert_scalar(root->items[0], "net-drugs", 0, 2, 5);
  assert_scalar(lf_node_get(root, "title"), "Targeted drugs", 1, 3, 8);

  const lf_node *body = lf_node_get(root, "body");
  assert_non_null(body);
  assert_int_equal(body->kind, LF_NODE_SEQUENCE);
  assert_int_equal(body->count, 3);
  assert_int_equal(body->pos.line, 5);
  assert_int_equal(body->pos.column, 3);

  const lf_node *h2 = body->items[0];
  assert_int_equal(h2->kind, LF_NODE_MAPPING);
  assert_int_equal(h2->count, 1);
  assert_scalar(h2->keys[0], "h2", 0, 5, 5);
  /* U+2019 is one column: "When you’ll have it" starts at 5:9 */
  const lf_node *heading = lf_node_get(h2, "h2");
  assert_scalar(heading, "When you\xE2\x80\x99ll have it", 0, 5, 9);
  assert_memory_equal(heading->text, "When you\xE2\x80\x99ll have it",
                      heading->len + 1);

  const lf_node *p = lf_node_get(body->items[1], "p");
  assert_scalar(p, "Take 1\xC2\xA0tablet", 1, 6, 8);

  const lf_node *list = lf_node_get(body->items[2], "list");
  assert_non_null(list);
  assert_int_equal(list->kind, LF_NODE_SEQUENCE);
  assert_int_equal(list->count, 3);
  assert_int_equal(list->pos.line, 7);
  assert_int_equal(list->pos.column, 11);
  assert_scalar(list->items[0], "first", 0, 7, 12);
  assert_scalar(list->items[1], "second", 1, 7, 19);
  assert_int_equal(list->items[2]->kind, LF_NODE_MAPPING);
  assert_scalar(lf_node_get(list->items[2], "drug"), "sunitinib", 0, 7, 36);

  const lf_node *review = lf_node_get(root, "review");
  assert_non_null(review);
  assert_int_equal(review->kind, LF_NODE_MAPPING);
  assert_int_equal(review->count, 4);
  assert_scalar(lf_node_get(review, "version"), "1", 0, 9, 12);
  assert_scalar(lf_node_get(review, "note"), "Line one\nline two\n", 1, 10,
                9);
  assert_scalar(lf_node_get(review, "folded"), "a b\n", 1, 13, 11);
  assert_scalar(lf_node_get(review, "empty"), "", 0, 16, 9);
}

/*
 * 'test_scalar_text()' - Scalars keep the text as written: numbers and
 * booleans are strings, quoting is remembered.
 */
/*
 * 'test_check_keys()' - Each unknown key is reported at itself, with the
 * name likely meant, else the names allowed; known keys pass.
 */
static void test_check_keys(void **state) {
  fixture *f = *state;
  lf_node *root = load(f, "src: a.png\nlat: x\nzzzz: 1\n");
  assert_non_null(root);
  static const char *const keys[] = {"src", "alt", "width"};
  assert_int_equal(lf_node_check_keys(f->arena, root, "a figure", keys, 3, &f->diags), 2);
  assert_int_equal(f->diags.count, 2);
  assert_diag(f, 0, "t.yaml:2:1: error: unknown key 'lat' in a figure (did you mean 'alt'?)");
  assert_diag(f, 1, "t.yaml:3:1: error: unknown key 'zzzz' in a figure (expected src, alt or "
                    "width)");
  assert_string_equal(lf_join_names(f->arena, keys, 1), "src");
  assert_string_equal(lf_join_names(f->arena, keys, 2), "src or alt");
}

static void test_scalar_text(void **state) {
  fixture *f = *state;
  lf_node *root = load(f, "a: 42\nb: yes\nc: '42'\nd: \"x\\ty\"\ne: ~\n");

  assert_non_null(root);
  assert_scalar(lf_node_get(root, "a"), "42", 0, 1, 4);
  assert_scalar(lf_node_get(root, "b"), "yes", 0, 2, 4);
  assert_scalar(lf_node_get(root, "c"), "42", 1, 3, 4);
  assert_scalar(lf_node_get(root, "d"), "x\ty", 1, 4, 4);
  assert_scalar(lf_node_get(root, "e"), "~", 0, 5, 4);
}

/*
 * 'test_crlf()' - Windows line endings: positions as for LF, and block
 * scalars hold plain LF.
 */
static void test_crlf(void **state) {
  fixture *f = *state;
  lf_node *root = load(f, "a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: |\r\n  one\r\n"
                          "  two\r\n");

  assert_non_null(root);
  assert_int_equal(f->diags.count, 0);
  assert_scalar(lf_node_get(root, "a"), "1", 0, 1, 4);
  const lf_node *b = lf_node_get(root, "b");
  assert_non_null(b);
  assert_int_equal(b->count, 2);
  assert_scalar(b->items[1], "y", 0, 4, 5);
  assert_scalar(lf_node_get(root, "c"), "one\ntwo\n", 1, 5, 4);
}

/*
 * 'test_crlf_error_position()' - An error after CRLF lines is placed as in
 * an LF file.
 */
static void test_crlf_error_position(void **state) {
  expect_load_error(state, "a: 1\r\nb: 2\r\nc: \xFF\r\n",
                    "t.yaml:3:4: error: invalid UTF-8 byte 0xFF "
                    "(expected UTF-8 text)");
}

/*
 * 'test_bom()' - A byte order mark is skipped: columns on line 1 count from
 * after it.
 */
static void test_bom(void **state) {
  fixture *f = *state;
  lf_node *root = load(f, "\xEF\xBB\xBFid: x\nname: y\n");

  assert_non_null(root);
  assert_scalar(root->keys[0], "id", 0, 1, 1);
  assert_scalar(root->items[0], "x", 0, 1, 5);

  reset(f);
  expect_load_error(state, "\xEF\xBB\xBFid: \x01",
                    "t.yaml:1:5: error: control character U+0001 is not "
                    "allowed (expected printable text)");
  reset(f);
  expect_load_error(state, "\xEF\xBB\xBFid: [x",
                    "t.yaml:1:5: error: the list that opens with '[' here is "
                    "not closed (expected ',' or ']' before the end of the "
                    "file)");
}

/*
 * 'test_hundred_thousand_items()' - A long list loads, every item in place.
 */
static void test_hundred_thousand_items(void **state) {
  fixture *f = *state;
  const size_t items = 100000;
  char *text = malloc(items * 8 + 16);
  size_t len = 0;

  assert_non_null(text);
  len += (size_t)sprintf(text + len, "list:\n");
  for (size_t i = 0; i < items; i++)
    len += (size_t)sprintf(text + len, "- %zu\n", i);
  lf_node *root = load_bytes(f, text, len);
  free(text);

  assert_non_null(root);
  const lf_node *list = lf_node_get(root, "list");
  assert_non_null(list);
  assert_int_equal(list->kind, LF_NODE_SEQUENCE);
  assert_int_equal(list->count, items);
  assert_scalar(list->items[0], "0", 0, 2, 3);
  assert_scalar(list->items[items - 1], "99999", 0, 100001, 3);
}

/*
 * 'test_depth_limit_allowed()' - Exactly LF_YAML_MAX_DEPTH nested
 * collections load.
 */
static void test_depth_limit_allowed(void **state) {
  fixture *f = *state;
  char *text = nested_flow(LF_YAML_MAX_DEPTH);
  lf_node *root = load(f, text);
  free(text);

  assert_non_null(root);
  const lf_node *node = root;
  for (int level = 1; level < LF_YAML_MAX_DEPTH; level++) {
    assert_int_equal(node->kind, LF_NODE_SEQUENCE);
    assert_int_equal(node->count, 1);
    node = node->items[0];
  }
  assert_int_equal(node->kind, LF_NODE_SEQUENCE);
  assert_int_equal(node->count, 0);
  assert_int_equal(node->pos.column, LF_YAML_MAX_DEPTH);
}

/*
 * 'test_file_name_is_copied()' - pos.file is the arena's own copy.
 */
static void test_file_name_is_copied(void **state) {
  fixture *f = *state;
  char name[] = "content/x.yaml";
  lf_node *root = lf_yaml_load_buffer(f->arena, name, "a: b\n", 5, &f->diags);

  assert_non_null(root);
  assert_ptr_not_equal(root->pos.file, name);
  memset(name, 'z', sizeof name - 1);
  assert_string_equal(root->pos.file, "content/x.yaml");
  assert_ptr_equal(root->items[0]->pos.file, root->pos.file);
}

/*
 * 'test_no_file_name()' - A NULL name gives positions without a file.
 */
static void test_no_file_name(void **state) {
  fixture *f = *state;
  lf_node *root = lf_yaml_load_buffer(f->arena, NULL, "a: \x01", 4, &f->diags);

  assert_null(root);
  assert_diag(f, 0, "leaflet: error: control character U+0001 is not allowed "
                    "(expected printable text)");
}

/*
 * 'test_node_get()' - Lookup by exact key, and NULL for anything else.
 */
static void test_node_get(void **state) {
  fixture *f = *state;
  lf_node *root = load(f, "name: x\nNAME: y\nlist: [a]\n");

  assert_non_null(root);
  assert_string_equal(lf_node_get(root, "name")->text, "x");
  assert_string_equal(lf_node_get(root, "NAME")->text, "y");
  assert_null(lf_node_get(root, "nam"));
  assert_null(lf_node_get(root, "names"));
  assert_null(lf_node_get(lf_node_get(root, "list"), "a"));
  assert_null(lf_node_get(root->items[0], "x"));
  assert_null(lf_node_get(NULL, "name"));
}

/*
 * 'test_kind_names()' - The words messages use for each kind.
 */
static void test_kind_names(void **state) {
  (void)state;
  assert_string_equal(lf_node_kind_name(LF_NODE_SCALAR), "a string");
  assert_string_equal(lf_node_kind_name(LF_NODE_SEQUENCE), "a list");
  assert_string_equal(lf_node_kind_name(LF_NODE_MAPPING), "a mapping");
}

/* ---- files -------------------------------------------------------------- */

/*
 * 'write_temp()' - Write 'len' bytes to a new temporary file; its name goes
 * in 'path' (which must hold "/tmp/leaflet-test-XXXXXX").
 */
static void write_temp(char *path, const char *data, size_t len) {
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, data, len), (ssize_t)len);
  assert_int_equal(close(fd), 0);
}

/*
 * 'test_load_file()' - A file on disk loads like a buffer.
 */
static void test_load_file(void **state) {
  fixture *f = *state;
  char path[] = "/tmp/leaflet-test-XXXXXX";
  const char *text = "id: sunitinib\nbrand_names: [Sutent]\n";

  write_temp(path, text, strlen(text));
  lf_node *root = lf_yaml_load_file(f->arena, path, &f->diags);
  unlink(path);

  assert_non_null(root);
  assert_string_equal(root->pos.file, path);
  assert_scalar(lf_node_get(root, "id"), "sunitinib", 0, 1, 5);
  assert_scalar(lf_node_get(root, "brand_names")->items[0], "Sutent", 0, 2,
                15);
}

/*
 * 'test_load_file_error_names_file()' - An error in a file carries its
 * path.
 */
static void test_load_file_error_names_file(void **state) {
  fixture *f = *state;
  char path[] = "/tmp/leaflet-test-XXXXXX";
  char expected[256];

  write_temp(path, "a: 1\na: 2\n", 10);
  lf_node *root = lf_yaml_load_file(f->arena, path, &f->diags);
  unlink(path);

  snprintf(expected, sizeof expected,
           "%s:2:1: error: duplicate key 'a' (first given at line 1)", path);
  assert_one_error(f, root, expected);
}

/*
 * 'test_missing_file()' - A file that does not exist.
 */
static void test_missing_file(void **state) {
  fixture *f = *state;
  lf_node *root =
      lf_yaml_load_file(f->arena, "/nonexistent/leaflet.yaml", &f->diags);
  assert_one_error(f, root,
                   "/nonexistent/leaflet.yaml: error: cannot read file: No "
                   "such file or directory");
  assert_int_equal(f->diags.items[0].pos.line, 0);
}

/*
 * 'test_named_pipe()' - A named pipe nobody writes to is an empty file at
 * once (opening it used to wait for a writer for ever).
 */
static void test_named_pipe(void **state) {
  fixture *f = *state;
  char dir[] = "/tmp/leaflet-test-XXXXXX";
  char path[64], expected[160];
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/pipe.yaml", dir);
  assert_int_equal(mkfifo(path, 0600), 0);
  lf_node *root = lf_yaml_load_mapping(f->arena, path, "a leaflet", &f->diags);
  unlink(path);
  rmdir(dir);
  snprintf(expected, sizeof expected,
           "%s:1:1: error: the file is empty (expected a leaflet)", path);
  assert_one_error(f, root, expected);
}

/*
 * 'test_utf16()' - A UTF-16 file (either byte order) is named as such.
 */
static void test_utf16(void **state) {
  expect_bytes_error(state, "\xFF\xFEi\0d\0:\0", 8,
                     "t.yaml:1:1: error: text is UTF-16 (expected UTF-8: save "
                     "the file as UTF-8)");
  reset(*state);
  expect_bytes_error(state, "\xFE\xFF\0i\0d\0:", 8,
                     "t.yaml:1:1: error: text is UTF-16 (expected UTF-8: save "
                     "the file as UTF-8)");
}

/*
 * 'test_directory()' - A directory opens but cannot be read.
 */
static void test_directory(void **state) {
  fixture *f = *state;
  lf_node *root = lf_yaml_load_file(f->arena, "/tmp", &f->diags);
  assert_one_error(f, root, "/tmp: error: cannot read file: Is a directory");
}

/*
 * 'test_file_too_big()' - A file over the limit is refused from its size
 * alone (the file is sparse: nothing is written or read).
 */
static void test_file_too_big(void **state) {
  fixture *f = *state;
  char path[] = "/tmp/leaflet-test-XXXXXX";
  char expected[256];
  int fd = mkstemp(path);

  assert_true(fd >= 0);
  assert_int_equal(ftruncate(fd, (off_t)LF_YAML_MAX_BYTES + 1), 0);
  close(fd);
  lf_node *root = lf_yaml_load_file(f->arena, path, &f->diags);
  unlink(path);

  snprintf(expected, sizeof expected,
           "%s:1:1: error: the file is 16777217 bytes, over the limit of 16 "
           "MiB (expected at most 16777216 bytes)", path);
  assert_one_error(f, root, expected);
  assert_true(lf_arena_used(f->arena) < 4096);
}

/*
 * 'test_buffer_too_big()' - The same limit for a buffer.
 */
static void test_buffer_too_big(void **state) {
  size_t len = LF_YAML_MAX_BYTES + 1;
  char *data = malloc(len);
  assert_non_null(data);
  memset(data, 'a', len);
  expect_bytes_error(state, data, len,
                     "t.yaml:1:1: error: the file is 16777217 bytes, over the "
                     "limit of 16 MiB (expected at most 16777216 bytes)");
  free(data);
}

/*
 * 'test_stream_too_big()' - A stream whose size fstat() cannot tell is read
 * no further than the limit.
 */
static void test_stream_too_big(void **state) {
  fixture *f = *state;
  lf_node *root = lf_yaml_load_file(f->arena, "/dev/zero", &f->diags);
  assert_one_error(f, root,
                   "/dev/zero:1:1: error: the file is more than 16777216 "
                   "bytes, over the limit of 16 MiB (expected at most "
                   "16777216 bytes)");
}

/* ---- errors: text ------------------------------------------------------- */

/*
 * 'test_invalid_utf8()' - A Latin-1 byte, placed by characters not bytes.
 */
static void test_invalid_utf8(void **state) {
  /* "title: “caf" is 11 characters (13 bytes): 0xE9 is column 12 */
  expect_load_error(state, "id: x\ntitle: \xE2\x80\x9C" "caf\xE9\xE2\x80\x9D\n",
                    "t.yaml:2:12: error: invalid UTF-8 byte 0xE9 (expected "
                    "UTF-8 text)");
}

/*
 * 'test_invalid_utf8_forms()' - Overlong forms, surrogates, code points past
 * U+10FFFF, stray and missing continuation bytes: each at its first byte.
 */
static void test_invalid_utf8_forms(void **state) {
  static const struct {
    const char *text;
    const char *expected;
  } cases[] = {
      {"a: \xC0\xAF", "t.yaml:1:4: error: invalid UTF-8 byte 0xC0 (expected "
                      "UTF-8 text)"},                         /* overlong '/' */
      {"a: \xC1\xBF", "t.yaml:1:4: error: invalid UTF-8 byte 0xC1 (expected "
                      "UTF-8 text)"},
      {"a: \xE0\x80\xAF", "t.yaml:1:4: error: invalid UTF-8 byte 0xE0 "
                          "(expected UTF-8 text)"},           /* overlong */
      {"a: \xF0\x80\x80\xAF", "t.yaml:1:4: error: invalid UTF-8 byte 0xF0 "
                              "(expected UTF-8 text)"},       /* overlong */
      {"a: \xED\xA0\x80", "t.yaml:1:4: error: invalid UTF-8 byte 0xED "
                          "(expected UTF-8 text)"},           /* U+D800 */
      {"a: \xED\xBF\xBF", "t.yaml:1:4: error: invalid UTF-8 byte 0xED "
                          "(expected UTF-8 text)"},           /* U+DFFF */
      {"a: \xF4\x90\x80\x80", "t.yaml:1:4: error: invalid UTF-8 byte 0xF4 "
                              "(expected UTF-8 text)"},       /* U+110000 */
      {"a: \xF5\x80\x80\x80", "t.yaml:1:4: error: invalid UTF-8 byte 0xF5 "
                              "(expected UTF-8 text)"},
      {"a: \xFF", "t.yaml:1:4: error: invalid UTF-8 byte 0xFF (expected "
                  "UTF-8 text)"},
      {"a: x\x80", "t.yaml:1:5: error: invalid UTF-8 byte 0x80 (expected "
                   "UTF-8 text)"},                            /* stray */
      {"a: \xE2\x80", "t.yaml:1:4: error: invalid UTF-8 byte 0xE2 (expected "
                      "UTF-8 text)"},                         /* cut short */
      {"a: \xE2\x80x", "t.yaml:1:4: error: invalid UTF-8 byte 0xE2 (expected "
                       "UTF-8 text)"},
      {"\xFF\xFE" "a\0:\0", "t.yaml:1:1: error: text is UTF-16 (expected "
                            "UTF-8: save the file as UTF-8)"}, /* UTF-16 */
  };
  fixture *f = *state;

  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    reset(f);
    expect_load_error(state, cases[i].text, cases[i].expected);
  }
  /* the largest code points that are allowed load */
  reset(f);
  assert_non_null(load(f, "a: \xF4\x8F\xBF\xBF \xEF\xBF\xBD \xED\x9F\xBF "
                          "\xEE\x80\x80\n"));
}

/*
 * 'test_control_characters()' - NUL, C0 controls other than tab, LF and CR,
 * DEL and C1 controls are refused where they stand.
 */
static void test_control_characters(void **state) {
  fixture *f = *state;

  expect_bytes_error(state, "a: b\0c\n", 7,
                     "t.yaml:1:5: error: control character U+0000 is not "
                     "allowed (expected printable text)");
  reset(f);
  expect_load_error(state, "a: x\n\x0B",
                    "t.yaml:2:1: error: control character U+000B is not "
                    "allowed (expected printable text)");
  reset(f);
  expect_load_error(state, "a: \xE2\x80\x99\x1B[0m",
                    "t.yaml:1:5: error: control character U+001B is not "
                    "allowed (expected printable text)");
  reset(f);
  expect_load_error(state, "a: \x7F",
                    "t.yaml:1:4: error: control character U+007F is not "
                    "allowed (expected printable text)");
  reset(f);
  expect_load_error(state, "a: \xC2\x85",
                    "t.yaml:1:4: error: control character U+0085 is not "
                    "allowed (expected printable text)");
  reset(f);
  expect_load_error(state, "a: \xC2\x9F",
                    "t.yaml:1:4: error: control character U+009F is not "
                    "allowed (expected printable text)");
  reset(f);
  expect_load_error(state, "a: \xEF\xBF\xBE",
                    "t.yaml:1:4: error: character U+FFFE is not allowed "
                    "(expected printable text)");
  /* tab, CR and LF are fine */
  reset(f);
  lf_node *root = load(f, "a: \"x\ty\"\r\nb: z\n");
  assert_non_null(root);
  assert_string_equal(lf_node_get(root, "a")->text, "x\ty");
}

/*
 * 'test_escaped_control_characters()' - A double-quoted escape cannot sneak
 * in what the file may not hold; the error is at the string.
 */
static void test_escaped_control_characters(void **state) {
  fixture *f = *state;

  expect_load_error(state, "a: ok\nb: \"x\\0y\"\n",
                    "t.yaml:2:4: error: control character U+0000 is not "
                    "allowed (expected printable text)");
  reset(f);
  expect_load_error(state, "a: \"\\e[1m\"\n",
                    "t.yaml:1:4: error: control character U+001B is not "
                    "allowed (expected printable text)");
  reset(f);
  expect_load_error(state, "a: \"\\N\"\n",
                    "t.yaml:1:4: error: control character U+0085 is not "
                    "allowed (expected printable text)");
}

/*
 * 'test_line_breaks()' - Lone CR and U+2028 end lines as libyaml counts
 * them, so the loader's own positions agree with libyaml's.
 */
static void test_line_breaks(void **state) {
  fixture *f = *state;

  expect_load_error(state, "a: b\rc: \x01",
                    "t.yaml:2:4: error: control character U+0001 is not "
                    "allowed (expected printable text)");
  reset(f);
  expect_load_error(state, "a: b\xE2\x80\xA8" "c\nd: \xFF",
                    "t.yaml:3:4: error: invalid UTF-8 byte 0xFF (expected "
                    "UTF-8 text)");
}

/* ---- errors: YAML ------------------------------------------------------- */

/* A text and the one error it must load with. */
typedef struct bad_text {
  const char *text;
  const char *error;
} bad_text;

/*
 * 'expect_errors()' - Load each of 'count' texts and check it fails with
 * its one error.
 */
static void expect_errors(void **state, const bad_text *cases, size_t count) {
  for (size_t i = 0; i < count; i++) {
    reset(*state);
    expect_load_error(state, cases[i].text, cases[i].error);
  }
}

#define EXPECT_ERRORS(state, cases) \
  expect_errors((state), (cases), sizeof (cases) / sizeof (cases)[0])

/*
 * 'test_tab_indentation()' - A tab that indents is named as a tab, at the
 * first tab of the line, whatever libyaml was scanning; a tab elsewhere
 * where YAML wants a space is named too.
 */
static void test_tab_indentation(void **state) {
  static const bad_text cases[] = {
      {"a:\n\tb: 1\n", /* libyaml: found character that cannot start any token */
       "t.yaml:2:1: error: a tab indents this line (expected spaces: YAML "
       "indents with spaces only)"},
      {"a: b\n\t- c\n", /* libyaml: a tab character that violates indentation */
       "t.yaml:2:1: error: a tab indents this line (expected spaces: YAML "
       "indents with spaces only)"},
      {"a:\n  - b\n  \t- c\n", /* after spaces: the tab's own column */
       "t.yaml:3:3: error: a tab indents this line (expected spaces: YAML "
       "indents with spaces only)"},
      {"a: |\n  x\n\ty\n", /* in a block of text */
       "t.yaml:3:1: error: a tab indents this line (expected spaces: YAML "
       "indents with spaces only)"},
      {"a: b\n\t\nc: d\n", /* on a line holding nothing else */
       "t.yaml:2:1: error: a tab indents this line (expected spaces: YAML "
       "indents with spaces only)"},
      {"a:\n  - b\n  -\tc\n",
       "t.yaml:3:4: error: a tab where YAML allows only spaces (expected a "
       "space)"},
  };
  EXPECT_ERRORS(state, cases);
}

/*
 * 'test_libyaml_columns_count_characters()' - Places found from libyaml's
 * marks count characters, not bytes.
 */
static void test_libyaml_columns_count_characters(void **state) {
  /* "title: é “Hi”" is 13 characters (19 bytes): the ':' is column 14 */
  expect_load_error(state, "title: \xC3\xA9 \xE2\x80\x9CHi\xE2\x80\x9D: x\n",
                    "t.yaml:1:14: error: this ': ' is inside a value, where "
                    "YAML does not allow it (expected the whole value in "
                    "quotes)");
}

/*
 * 'test_unclosed_quote()' - A quoted string with no closing quote is named
 * where it opens, with where libyaml gave up looking; one that runs on to
 * a quote lines further down is named where it opens too.
 */
static void test_unclosed_quote(void **state) {
  static const bad_text cases[] = {
      {"a: \"open\nb: c\n",
       "t.yaml:1:4: error: this quoted string has no closing \" (expected a "
       "\" before the end of the file)"},
      {"id: x\ntitle: 'open\nbody: []\n",
       "t.yaml:2:8: error: this quoted string has no closing ' (expected a ' "
       "before the end of the file)"},
      {"a: [\"one, two]\nb: c\n",
       "t.yaml:1:5: error: this quoted string has no closing \" (expected a "
       "\" before the end of the file)"},
      {"a: \"open\n---\nb: c\n",
       "t.yaml:1:4: error: this quoted string has no closing \" (expected a "
       "\" before the '---' on line 2)"},
      {"id: q\r\ntitle: \"A\r\nbody:\r\n  - p: \"Hello.\"\r\n",
       "t.yaml:2:8: error: this quoted string has no closing \" on its line, "
       "so it runs on to the \" on line 4 (expected a \" to end it on line "
       "2)"},
  };
  EXPECT_ERRORS(state, cases);
}

/*
 * 'test_quote_inside_quotes()' - A quote meant to be inside a quoted string
 * ends it: named at that quote, with how to write one inside.
 */
static void test_quote_inside_quotes(void **state) {
  static const bad_text cases[] = {
      {"a: 'it's here'\n",
       "t.yaml:1:7: error: this ' ends the quoted string, but text follows "
       "it (expected the end of the value; write '' for a ' inside '...')"},
      {"p: \"The \"best\" way\"\n",
       "t.yaml:1:9: error: this \" ends the quoted string, but text follows "
       "it (expected the end of the value; write \\\" for a \" inside "
       "\"...\")"},
      {"\"A leaflet\" about drugs\n", /* a whole file: libyaml wants a "---" */
       "t.yaml:1:11: error: this \" ends the quoted string, but text follows "
       "it (expected the end of the value; write \\\" for a \" inside "
       "\"...\")"},
      {"a: \"x\" y\n",
       "t.yaml:1:6: error: this \" ends the quoted string, but text follows "
       "it (expected the end of the value; write \\\" for a \" inside "
       "\"...\")"},
  };
  EXPECT_ERRORS(state, cases);
}

/*
 * 'test_missing_colon()' - A line where a key belongs that has no ': ' is
 * named at its start, whether libyaml noticed on the next line or at a
 * ':' further down.
 */
static void test_missing_colon(void **state) {
  static const bad_text cases[] = {
      {"id: x\ntitle \"A\"\nbody: []\n",
       "t.yaml:2:1: error: this line has no ':' after its key (expected "
       "'key: value'; if the line goes on with the text of line 1, indent "
       "it more than the key on line 1)"},
      {"title \"A\"\nbody: []\n", /* the first key: libyaml stops at 2:5 */
       "t.yaml:1:1: error: this line has no ':' after its key (expected "
       "'key: value')"},
      {"review\n  last: 2025\n  next: 2026\n", /* a key missing ':' above */
       "t.yaml:1:1: error: this line has no ':' after its key (expected "
       "'key: value')"},
      {"review:\n  last 2025\n  next: 2026\n",
       "t.yaml:2:3: error: this line has no ':' after its key (expected "
       "'key: value')"},
      {"id: x\ntitle:\"A\"\nbody: []\n",
       "t.yaml:2:1: error: this line has no ': ' after its key (expected "
       "'key: value', with a space after the ':')"},
      {"body:\n  - p: text that\n  goes on\n",
       "t.yaml:3:3: error: this line has no ':' after its key (expected "
       "'key: value'; if the line goes on with the text of line 2, indent "
       "it more than the key on line 2)"},
      {"- a\n-b\n",
       "t.yaml:2:1: error: a '-' needs a space after it to start a list item "
       "(expected '- item')"},
      /* an item that lost its '- ', in line with the items above it (it
       * was told to write 'key: value') */
      {"a:\n  list:\n    - \"one\"\n    - \"two\"\n    \"three\"\n  b: c\n",
       "t.yaml:5:5: error: expected '- ' to start the next item of the list that begins at "
       "line 3 (or 'key: value' if this line is not one of its items)"},
  };
  EXPECT_ERRORS(state, cases);
}

/*
 * 'test_indentation()' - Lines indented to match nothing above them.
 */
static void test_indentation(void **state) {
  static const bad_text cases[] = {
      {"body:\n  - p: a\n    - h2: b\n", /* an item indented too far */
       "t.yaml:3:5: error: a '- ' list item where a key was expected (check "
       "this line's indentation: the items of one list start in the same "
       "column)"},
      {"body:\n  - p: a\n- p: b\n", /* not far enough */
       "t.yaml:3:1: error: a '- ' list item where a key was expected (check "
       "this line's indentation: the items of one list start in the same "
       "column)"},
      {"review:\n  last: 2025\n   next: 2026\n", /* a key too far in */
       "t.yaml:3:4: error: this line is indented more than line 2, so it "
       "reads as more of that line's value (expected its key in line with "
       "the key on line 2)"},
      {"a:\n  b: 1\n   # c\n d: 2\n", /* a key between two columns */
       "t.yaml:4:2: error: this line's indentation does not match the keys "
       "above it (expected it in line with the key on line 1)"},
      {"a:\n  - b\n  c: d\n",
       "t.yaml:3:3: error: expected '- ' to start the next item of the list "
       "that begins at line 2 (check this line's indentation)"},
      {"body:\n  - p: a\n  -h2: b\n",
       "t.yaml:3:3: error: a '-' needs a space after it to start a list item "
       "(expected '- item')"},
      {"a: - x\n",
       "t.yaml:1:4: error: a '- ' list item cannot start on the line of its "
       "key (expected each item on a line of its own below the key, or the "
       "whole value in quotes)"},
  };
  EXPECT_ERRORS(state, cases);
}

/*
 * 'test_colon_in_value()' - A ': ' inside a plain value, or between curly
 * quotes that YAML does not take for quotes.
 */
static void test_colon_in_value(void **state) {
  static const bad_text cases[] = {
      {"- h2: Note: read this\n",
       "t.yaml:1:11: error: this ': ' is inside a value, where YAML does not "
       "allow it (expected the whole value in quotes)"},
      {"title: \xE2\x80\x9CNote: this\xE2\x80\x9D\n",
       "t.yaml:1:8: error: curly quotes do not quote a value in YAML "
       "(expected straight quotes, \"...\", around a value that holds ': ')"},
  };
  EXPECT_ERRORS(state, cases);
}

/*
 * 'test_leading_characters()' - A value that starts with a character YAML
 * reserves must be quoted: inline markup ("**strong**", a link, a glossary
 * term) at the start of a paragraph, '>' or '@'.
 */
static void test_leading_characters(void **state) {
  static const bad_text cases[] = {
      {"- p: **Important** read this\n",
       "t.yaml:1:6: error: a value that starts with '*' must be in quotes "
       "(expected \"*...\": YAML reads a leading '*' as an alias)"},
      {"- p: [Macmillan](https://example.org) can help\n",
       "t.yaml:1:6: error: a value that starts with '[' must be in quotes "
       "(expected \"[...\": YAML reads a leading '[' as the start of a "
       "list)"},
      {"- p: {immune system} cells\n",
       "t.yaml:1:6: error: a value that starts with '{' must be in quotes "
       "(expected \"{...\": YAML reads a leading '{' as the start of a "
       "mapping)"},
      {"- p: > 65 years\n",
       "t.yaml:1:6: error: a value that starts with '>' must be in quotes "
       "(expected \">...\": YAML reads a leading '>' as the start of a block "
       "of text on the lines below)"},
      {"email: @nurses\n",
       "t.yaml:1:8: error: a value that starts with '@' must be in quotes "
       "(expected \"@...\": YAML reads a leading '@' as a character it "
       "reserves)"},
      {"a: ]\n",
       "t.yaml:1:4: error: a value that starts with ']' must be in quotes "
       "(expected \"]...\": YAML reads a leading ']' as the end of a list or "
       "mapping)"},
  };
  EXPECT_ERRORS(state, cases);
}

/*
 * 'test_unclosed_brackets()' - A list in [...] or a mapping in {...} not
 * closed is named where it opens; a bad item on its line, at the item.
 */
static void test_unclosed_brackets(void **state) {
  static const bad_text cases[] = {
      {"list: [one, two\nnext: x\n",
       "t.yaml:1:7: error: the list that opens with '[' here is not closed "
       "(expected ',' or ']' at line 2, column 5)"},
      {"review: {last: 2025\nbody: []\n",
       "t.yaml:1:9: error: the mapping that opens with '{' here is not "
       "closed (expected ',' or '}' at line 2, column 5)"},
      {"list: [one, \"two\" three]\n",
       "t.yaml:1:19: error: expected ',' or ']' here, in the list that opens "
       "with '[' at column 7"},
  };
  EXPECT_ERRORS(state, cases);
}

/*
 * 'test_unknown_escape()' - A backslash in "..." that starts no escape
 * YAML knows, named at the backslash with what follows it.
 */
static void test_unknown_escape(void **state) {
  static const bad_text cases[] = {
      {"p: \"C:\\path\"\n",
       "t.yaml:1:7: error: '\\p' is not an escape YAML knows (expected \\\\ "
       "for a backslash, or the value in single quotes)"},
      {"p: \"caf\\\xC3\xA9\"\n", /* the whole character after it */
       "t.yaml:1:8: error: '\\\xC3\xA9' is not an escape YAML knows (expected "
       "\\\\ for a backslash, or the value in single quotes)"},
      {"p: \"\\x4\"\n",
       "t.yaml:1:5: error: '\\x4' is not a whole escape (expected \\x and 2 "
       "hex digits, \\u and 4, or \\U and 8; or \\\\ for a backslash)"},
  };
  EXPECT_ERRORS(state, cases);
}

/*
 * 'test_stray_bom()' - A byte order mark that starts a line inside the
 * file (two files joined) is named, not the indentation it seems to
 * break; one inside text is text.
 */
static void test_stray_bom(void **state) {
  static const bad_text cases[] = {
      {"id: x\n\xEF\xBB\xBFtitle: y\n",
       "t.yaml:2:1: error: an invisible byte order mark (U+FEFF) starts this "
       "line and moves it one column right (expected one only at the very "
       "start of a file: delete this one)"},
      {"\xEF\xBB\xBF\xEF\xBB\xBFid: x\ntitle: y\n", /* the second of two */
       "t.yaml:1:1: error: an invisible byte order mark (U+FEFF) starts this "
       "line and moves it one column right (expected one only at the very "
       "start of a file: delete this one)"},
  };
  fixture *f = *state;
  lf_node *root;

  EXPECT_ERRORS(state, cases);
  reset(f);
  root = load(f, "a: b\xEF\xBB\xBF" "c\n");
  assert_non_null(root);
  assert_scalar(root->items[0], "b\xEF\xBB\xBF" "c", 0, 1, 4);
}

/*
 * 'test_nbsp_indentation()' - A non-breaking space that indents a line is
 * named; one inside text is text.
 */
static void test_nbsp_indentation(void **state) {
  static const bad_text cases[] = {
      {"body:\n\xC2\xA0 - p: a\n",
       "t.yaml:2:1: error: a non-breaking space (U+00A0) indents this line "
       "(expected ordinary spaces: YAML reads a non-breaking space as text)"},
      {"body:\n  - p:\n     \xC2\xA0text\n",
       "t.yaml:3:6: error: a non-breaking space (U+00A0) indents this line "
       "(expected ordinary spaces: YAML reads a non-breaking space as text)"},
  };
  fixture *f = *state;
  lf_node *root;

  EXPECT_ERRORS(state, cases);
  reset(f);
  root = load(f, "a: 10\xC2\xA0mg\nb: \xC2\xA0x\n");
  assert_non_null(root);
  assert_scalar(root->items[0], "10\xC2\xA0mg", 0, 1, 4);
  assert_scalar(root->items[1], "\xC2\xA0x", 0, 2, 4);
}

/*
 * 'test_other_syntax_errors()' - An error no explanation fits keeps
 * libyaml's words, at libyaml's place.
 */
static void test_other_syntax_errors(void **state) {
  expect_load_error(state, "a: b\n...\nc\n",
                    "t.yaml:3:1: error: invalid YAML: did not find expected "
                    "<document start>");
}

/*
 * 'test_empty_file()' - Nothing, comments, blank lines, a bare "---" or a
 * byte order mark alone load as an empty string at 1:1, with no error: YAML
 * makes that of nothing.  "" in quotes is text, not nothing.
 */
static void test_empty_file(void **state) {
  static const char *const texts[] = {
      "", "# only a comment\n# and another\n", "\n\n   \n", "---\n",
      "--- # nothing\n...\n", "\xEF\xBB\xBF", "\n\n---\n"};
  fixture *f = *state;

  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    lf_node *root;

    reset(f);
    root = load(f, texts[i]);
    assert_int_equal(f->diags.count, 0);
    assert_true(lf_node_is_empty(root));
    assert_scalar(root, "", 0, 1, 1);
  }
  reset(f);
  assert_false(lf_node_is_empty(load(f, "''\n")));
  assert_false(lf_node_is_empty(load(f, "a: b\n")));
  assert_false(lf_node_is_empty(NULL));
}

/*
 * 'test_load_mapping()' - A file that must hold a mapping: empty, or
 * holding a string or a list, it is an error saying what it should hold,
 * at 1:1 or where its value starts.
 */
static void test_load_mapping(void **state) {
  static const struct {
    const char *text;
    const char *error; /* after "<path>:" */
  } cases[] = {
      {"", "1:1: error: the file is empty (expected a drug: a mapping with "
           "id and name)"},
      {"\xEF\xBB\xBF", "1:1: error: the file is empty (expected a drug: a "
                       "mapping with id and name)"},
      {"# nothing yet\n\n", "1:1: error: the file is empty (expected a drug: "
                            "a mapping with id and name)"},
      {"\n- id: x\n", "2:1: error: the file holds a list (expected a drug: a "
                      "mapping with id and name)"},
      {"sunitinib\n", "1:1: error: the file holds a string (expected a drug: "
                      "a mapping with id and name)"},
  };
  fixture *f = *state;

  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char path[] = "/tmp/leaflet-test-XXXXXX";
    char expected[256];
    lf_node *root;

    reset(f);
    write_temp(path, cases[i].text, strlen(cases[i].text));
    root = lf_yaml_load_mapping(f->arena, path,
                                "a drug: a mapping with id and name",
                                &f->diags);
    unlink(path);
    snprintf(expected, sizeof expected, "%s:%s", path, cases[i].error);
    assert_one_error(f, root, expected);
  }
  reset(f);
  {
    char path[] = "/tmp/leaflet-test-XXXXXX";
    lf_node *root;

    write_temp(path, "id: x\n", 6);
    root = lf_yaml_load_mapping(f->arena, path, "a drug", &f->diags);
    unlink(path);
    assert_non_null(root);
    assert_int_equal(root->kind, LF_NODE_MAPPING);
    assert_int_equal(f->diags.count, 0);
  }
}

/*
 * 'test_two_documents()' - A second document is refused where it starts.
 */
static void test_two_documents(void **state) {
  fixture *f = *state;

  expect_load_error(state, "---\na: 1\n---\nb: 2\n",
                    "t.yaml:3:1: error: more than one YAML document "
                    "(expected one)");
  reset(f);
  expect_load_error(state, "a: 1\n---\nb: 2\n",
                    "t.yaml:2:1: error: more than one YAML document "
                    "(expected one)");
  reset(f);
  expect_load_error(state, "a: 1\n...\n---\n",
                    "t.yaml:3:1: error: more than one YAML document "
                    "(expected one)");
}

/*
 * 'test_anchors_and_aliases()' - Both are refused where they are written.
 */
static void test_anchors_and_aliases(void **state) {
  fixture *f = *state;
  lf_node *root = load(f, "a: &x [1, 2]\nb: *x\nc: &y text\nd: &z {k: v}\n");

  assert_null(root);
  assert_int_equal(f->diags.errors, 4);
  assert_diag(f, 0, "t.yaml:1:4: error: anchors and aliases are not allowed "
                    "(expected plain content)");
  assert_diag(f, 1, "t.yaml:2:4: error: anchors and aliases are not allowed "
                    "(expected plain content)");
  assert_diag(f, 2, "t.yaml:3:4: error: anchors and aliases are not allowed "
                    "(expected plain content)");
  assert_diag(f, 3, "t.yaml:4:4: error: anchors and aliases are not allowed "
                    "(expected plain content)");
}

/*
 * 'test_merge_key()' - "<<: *base" is an alias too.
 */
static void test_merge_key(void **state) {
  expect_load_error(state, "a:\n  <<: *base\n",
                    "t.yaml:2:7: error: anchors and aliases are not allowed "
                    "(expected plain content)");
}

/*
 * 'test_alias_bomb()' - "Billion laughs": refused, with nothing expanded.
 */
static void test_alias_bomb(void **state) {
  fixture *f = *state;
  char text[4096];
  size_t len = 0;

  len += (size_t)snprintf(text + len, sizeof text - len,
                          "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\","
                          "\"lol\",\"lol\",\"lol\",\"lol\"]\n");
  for (char name = 'b'; name <= 'i'; name++) {
    char prev = (char)(name - 1);
    len += (size_t)snprintf(text + len, sizeof text - len,
                            "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n",
                            name, name, prev, prev, prev, prev, prev, prev,
                            prev, prev, prev);
  }
  lf_node *root = load_bytes(f, text, len);

  assert_null(root);
  assert_int_equal(f->diags.errors, 9 + 8 * 9);
  assert_diag(f, 0, "t.yaml:1:4: error: anchors and aliases are not allowed "
                    "(expected plain content)");
  assert_diag(f, 1, "t.yaml:2:4: error: anchors and aliases are not allowed "
                    "(expected plain content)");
  assert_diag(f, 2, "t.yaml:2:8: error: anchors and aliases are not allowed "
                    "(expected plain content)");
  assert_true(lf_arena_used(f->arena) < 64 * 1024);
}

/*
 * 'test_tags()' - Local and standard tags are both refused.
 */
static void test_tags(void **state) {
  fixture *f = *state;
  lf_node *root = load(f, "a: !foo bar\nb: !!binary aGVsbG8=\nc: !!str 1\n"
                          "d: !!map {k: v}\ne: ! [x]\n");

  assert_null(root);
  assert_int_equal(f->diags.errors, 5);
  assert_diag(f, 0, "t.yaml:1:4: error: tags are not allowed (expected plain "
                    "content)");
  assert_diag(f, 1, "t.yaml:2:4: error: tags are not allowed (expected plain "
                    "content)");
  assert_diag(f, 2, "t.yaml:3:4: error: tags are not allowed (expected plain "
                    "content)");
  assert_diag(f, 3, "t.yaml:4:4: error: tags are not allowed (expected plain "
                    "content)");
  assert_diag(f, 4, "t.yaml:5:4: error: tags are not allowed (expected plain "
                    "content)");
}

/*
 * 'test_duplicate_keys()' - The repeat is reported, naming the first.
 */
static void test_duplicate_keys(void **state) {
  fixture *f = *state;

  expect_load_error(state, "name: a\nid: b\nname: c\n",
                    "t.yaml:3:1: error: duplicate key 'name' (first given at "
                    "line 1)");
  reset(f);
  /* quoting does not make a different key; nested mappings are checked */
  expect_load_error(state, "review:\n  next: 1\n  'next': 2\n",
                    "t.yaml:3:3: error: duplicate key 'next' (first given at "
                    "line 2)");
  reset(f);
  expect_load_error(state, "list:\n  - {a: 1, b: 2, a: 3}\n",
                    "t.yaml:2:18: error: duplicate key 'a' (first given at "
                    "line 2)");
  reset(f);
  /* the same key in different mappings is fine */
  assert_non_null(load(f, "a: {x: 1}\nb: {x: 2}\n"));
}

/*
 * 'test_duplicate_keys_large_mapping()' - Big mappings are checked too
 * (by sorting), and repeats come out in file order, each naming the first.
 */
static void test_duplicate_keys_large_mapping(void **state) {
  fixture *f = *state;
  char text[4096];
  size_t len = 0;

  for (int i = 0; i < 40; i++)
    len += (size_t)snprintf(text + len, sizeof text - len, "k%02d: v\n", i);
  len += (size_t)snprintf(text + len, sizeof text - len,
                          "k07: again\nk03: again\nk07: thrice\n");
  lf_node *root = load_bytes(f, text, len);

  assert_null(root);
  assert_int_equal(f->diags.errors, 3);
  assert_diag(f, 0, "t.yaml:41:1: error: duplicate key 'k07' (first given at "
                    "line 8)");
  assert_diag(f, 1, "t.yaml:42:1: error: duplicate key 'k03' (first given at "
                    "line 4)");
  assert_diag(f, 2, "t.yaml:43:1: error: duplicate key 'k07' (first given at "
                    "line 8)");

  /* 40 distinct keys load */
  reset(f);
  root = load_bytes(f, text, len - strlen("k07: again\nk03: again\nk07: thrice\n"));
  assert_non_null(root);
  assert_int_equal(root->count, 40);
}

/*
 * 'test_duplicate_long_key()' - A long key is cut short in the message, at
 * a character boundary.
 */
static void test_duplicate_long_key(void **state) {
  fixture *f = *state;
  char key[200], text[512], expected[512];

  /* 79 ASCII characters then curly quotes: byte 80 is inside a character */
  memset(key, 'k', 79);
  strcpy(key + 79, "\xE2\x80\x9C\xE2\x80\x9D");
  snprintf(text, sizeof text, "%s: 1\n%s: 2\n", key, key);
  snprintf(expected, sizeof expected,
           "t.yaml:2:1: error: duplicate key '%.79s...' (first given at "
           "line 1)", key);
  expect_load_error(state, text, expected);
  (void)f;
}

/*
 * 'test_non_string_key()' - A list or mapping as a key.
 */
static void test_non_string_key(void **state) {
  fixture *f = *state;

  expect_load_error(state, "? [a, b]\n: c\n",
                    "t.yaml:1:3: error: expected a string key");
  reset(f);
  expect_load_error(state, "x: {[a]: b}\n",
                    "t.yaml:1:5: error: expected a string key");
  reset(f);
  expect_load_error(state, "? {k: v}\n: c\n",
                    "t.yaml:1:3: error: expected a string key");
}

/*
 * 'test_several_errors()' - Content errors are all reported in one go.
 */
static void test_several_errors(void **state) {
  fixture *f = *state;
  lf_node *root = load(f, "a: 1\nb: *x\na: 2\nc: !t d\n");

  assert_null(root);
  assert_int_equal(f->diags.errors, 3);
  assert_diag(f, 0, "t.yaml:2:4: error: anchors and aliases are not allowed "
                    "(expected plain content)");
  assert_diag(f, 1, "t.yaml:4:4: error: tags are not allowed (expected plain "
                    "content)");
  assert_diag(f, 2, "t.yaml:3:1: error: duplicate key 'a' (first given at "
                    "line 1)");
}

/*
 * 'test_too_deep()' - One level past the limit is refused where it opens.
 */
static void test_too_deep(void **state) {
  char *text = nested_flow(LF_YAML_MAX_DEPTH + 1);
  expect_load_error(state, text,
                    "t.yaml:1:65: error: nesting deeper than 64 levels");
  free(text);
}

/*
 * 'test_too_deep_block()' - The same in block style.
 */
static void test_too_deep_block(void **state) {
  fixture *f = *state;
  char text[16384];
  size_t len = 0;

  for (int level = 0; level <= LF_YAML_MAX_DEPTH; level++)
    len += (size_t)snprintf(text + len, sizeof text - len, "%*sk:\n",
                            2 * level, "");
  len += (size_t)snprintf(text + len, sizeof text - len, "%*sk: v\n",
                          2 * (LF_YAML_MAX_DEPTH + 1), "");
  assert_one_error(f, load_bytes(f, text, len),
                   "t.yaml:65:129: error: nesting deeper than 64 levels");
}

/*
 * 'test_ten_thousand_deep()' - Very deep input stops at the limit without
 * a crash and with one error.
 */
static void test_ten_thousand_deep(void **state) {
  fixture *f = *state;
  char *text = nested_flow(10000);
  lf_node *root = load(f, text);
  free(text);
  assert_one_error(f, root,
                   "t.yaml:1:65: error: nesting deeper than 64 levels");

  /* and "- - - ..." block sequences */
  reset(f);
  text = malloc(20000 + 2);
  assert_non_null(text);
  for (size_t i = 0; i < 10000; i++)
    memcpy(text + 2 * i, "- ", 2);
  strcpy(text + 20000, "x");
  root = load(f, text);
  free(text);
  assert_one_error(f, root,
                   "t.yaml:1:129: error: nesting deeper than 64 levels");
}

/*
 * 'assert_span()' - Check span 'i' of a string node.
 */
static void assert_span(const lf_node *node, size_t i, size_t offset, int line,
                        int column) {
  assert_true(i < node->span_count);
  lf_span span = lf_node_span(node, i);
  assert_int_equal(span.offset, offset);
  assert_int_equal(span.line, line);
  assert_int_equal(span.column, column);
}

/*
 * 'test_spans_one_line()' - A string on one line has one span, not stored,
 * at its first character (past the quote); an escape or a doubled quote
 * gets a span of its own and one for what follows it.
 */
static void test_spans_one_line(void **state) {
  fixture *f = *state;
  lf_node *root = load(f, "a: plain text\n"
                          "b: \"Caf\xc3\xa9 \xe4\xb8\xad\"\n"
                          "c: 'it''s'\n"
                          "d: \"say \\\"hi\\\"\\t\\u00e9!\"\n"
                          "e: \"  lead\"\n"
                          "f: [one, 'two']\n");
  assert_non_null(root);
  const lf_node *a = lf_node_get(root, "a");
  assert_int_equal(a->span_count, 1);
  assert_null(a->spans); /* the usual span costs nothing */
  assert_span(a, 0, 0, 1, 4);
  assert_span(lf_node_get(root, "b"), 0, 0, 2, 5);
  assert_int_equal(lf_node_get(root, "b")->span_count, 1);

  const lf_node *c = lf_node_get(root, "c"); /* 'it''s' */
  assert_int_equal(c->span_count, 3);
  assert_span(c, 0, 0, 3, 5);
  assert_span(c, 1, 2, 3, 7); /* the quote: the first of the two */
  assert_span(c, 2, 3, 3, 9);

  const lf_node *d = lf_node_get(root, "d"); /* "say \"hi\"\t\u00e9!" */
  assert_string_equal(d->text, "say \"hi\"\t\xc3\xa9!");
  assert_int_equal(d->span_count, 7);
  assert_span(d, 0, 0, 4, 5);  /* say_ */
  assert_span(d, 1, 4, 4, 9);  /* \" */
  assert_span(d, 2, 5, 4, 11); /* hi */
  assert_span(d, 3, 7, 4, 13); /* \" */
  assert_span(d, 4, 8, 4, 15); /* \t */
  assert_span(d, 5, 9, 4, 17); /* \u00e9, two bytes of text */
  assert_span(d, 6, 11, 4, 23);

  assert_span(lf_node_get(root, "e"), 0, 2, 5, 7); /* after the blanks */
  const lf_node *list = lf_node_get(root, "f");
  assert_span(list->items[0], 0, 0, 6, 5);
  assert_span(list->items[1], 0, 0, 6, 11);
  assert_span(root->keys[0], 0, 0, 1, 1);

  reset(f);
  root = load(f, "g: \"\\ *x\n    \\ty\"\n"); /* white space escaped at a line's start */
  assert_non_null(root);
  const lf_node *g = lf_node_get(root, "g");
  assert_string_equal(g->text, " *x \ty");
  assert_int_equal(g->span_count, 4);
  assert_span(g, 0, 0, 1, 5); /* the escaped space */
  assert_span(g, 1, 1, 1, 7);
  assert_span(g, 2, 4, 2, 5); /* the tab, past the folded space */
  assert_span(g, 3, 5, 2, 7);
}

/*
 * 'test_spans_several_lines()' - Plain, quoted, literal and folded strings
 * over several lines get a span for each line, at its first character.
 */
static void test_spans_several_lines(void **state) {
  fixture *f = *state;
  lf_node *root = load(f, "plain: one \xc3\xa9\n"
                          "   two\n"
                          "\n"
                          "  three\n"
                          "quoted: \"a \\\n"
                          "    b\"\n"
                          "literal: |\n"
                          "  x \xc3\xa9\n"
                          "    y\n"
                          "\n"
                          "  z\n"
                          "# a comment\n"
                          "folded: >-\n"
                          "  p\r\n"
                          "  q\n");
  assert_non_null(root);
  const lf_node *plain = lf_node_get(root, "plain");
  assert_string_equal(plain->text, "one \xc3\xa9 two\nthree");
  assert_int_equal(plain->span_count, 3);
  assert_span(plain, 0, 0, 1, 8);
  assert_span(plain, 1, 7, 2, 4);
  assert_span(plain, 2, 11, 4, 3);

  const lf_node *quoted = lf_node_get(root, "quoted"); /* an escaped break */
  assert_string_equal(quoted->text, "a b");
  assert_int_equal(quoted->span_count, 2);
  assert_span(quoted, 0, 0, 5, 10);
  assert_span(quoted, 1, 2, 6, 5);

  const lf_node *literal = lf_node_get(root, "literal");
  assert_string_equal(literal->text, "x \xc3\xa9\n  y\n\nz\n");
  assert_int_equal(literal->span_count, 3);
  assert_span(literal, 0, 0, 8, 3);
  assert_span(literal, 1, 7, 9, 5);
  assert_span(literal, 2, 10, 11, 3);

  const lf_node *folded = lf_node_get(root, "folded");
  assert_string_equal(folded->text, "p q");
  assert_int_equal(folded->span_count, 2);
  assert_span(folded, 0, 0, 14, 3);
  assert_span(folded, 1, 2, 15, 3);
}

/*
 * 'test_spans_fall_back()' - Text the loader cannot match with its file
 * (a raw line separator, which libyaml counts as a line break but keeps)
 * and text that is all white space have no spans.
 */
static void test_spans_fall_back(void **state) {
  fixture *f = *state;
  lf_node *root = load(f, "d: \"one\\u2028two\"\n"
                          "b: \"   \"\n"
                          "c: \"\"\n"
                          "a: \"one\xe2\x80\xa8two\"\n");
  assert_non_null(root);
  assert_int_equal(lf_node_get(root, "a")->span_count, 0);
  assert_null(lf_node_get(root, "a")->spans);
  assert_int_equal(lf_node_get(root, "b")->span_count, 0);
  assert_int_equal(lf_node_get(root, "c")->span_count, 0);
  /* escaped, the separator is one character like any other */
  const lf_node *d = lf_node_get(root, "d");
  assert_int_equal(d->span_count, 3);
  assert_span(d, 1, 3, 1, 8);
  assert_span(d, 2, 6, 1, 14);
}

/*
 * 'written_at()' - The character written at 'line':'column' of 'text'
 * (lines end at LF, CR LF or CR; columns count characters), or -1.
 */
static int32_t written_at(const char *text, int line, int column) {
  const char *s = text, *end = text + strlen(text);
  int at_line = 1, at_column = 1;
  while (s < end) {
    int32_t cp = lf_utf8_next(&s, end);
    if (at_line == line && at_column == column)
      return cp;
    if (cp == '\r' && s < end && *s == '\n')
      continue; /* CR LF: the LF ends the line */
    if (cp == '\n' || cp == '\r') {
      at_line++;
      at_column = 1;
    } else {
      at_column++;
    }
  }
  return -1;
}

/*
 * 'check_placed()' - Every character of every string of 'node' that its
 * spans place is the character written there, or, first in its span, the
 * backslash or quote of the escape that makes it.
 */
static void check_placed(const char *text, const lf_node *node) {
  if (node->kind != LF_NODE_SCALAR) {
    for (size_t i = 0; i < node->count; i++) {
      if (node->keys)
        check_placed(text, node->keys[i]);
      check_placed(text, node->items[i]);
    }
    return;
  }
  for (size_t i = 0; i < node->span_count; i++) {
    lf_span span = lf_node_span(node, i);
    size_t stop = i + 1 < node->span_count ? lf_node_span(node, i + 1).offset : node->len;
    const char *s = node->text + span.offset, *end = node->text + stop;
    int column = span.column;
    assert_true(span.offset < stop);
    while (s < end) {
      const char *start = s;
      int32_t cp = lf_utf8_next(&s, end);
      if (cp != ' ' && cp != '\t' && cp != '\n') {
        int32_t written = written_at(text, span.line, column);
        if (written != cp) {
          if (start != node->text + span.offset || (written != '\\' && written != '\''))
            fail_msg("'%s' byte %zu: U+%04X placed at %d:%d, where U+%04X is written",
                     node->text, (size_t)(start - node->text), (unsigned)cp, span.line,
                     column, (unsigned)written);
          /* an escape's character is alone in its span, but for folding */
          for (const char *rest = s; rest < end; rest++)
            assert_true(*rest == ' ' || *rest == '\t' || *rest == '\n');
        }
      }
      column++;
    }
  }
}

/*
 * 'test_spans_place_every_character()' - Across strings written every way
 * YAML allows, each character the spans place is the one written there.
 */
static void test_spans_place_every_character(void **state) {
  fixture *f = *state;
  static const char *const texts[] = {
      "a: plain \xf0\x9d\x94\xb8 text\nb: 'single ''quoted'' \xc3\xa9'\n"
      "c: \"double \\\\ \\\" \\x41\\u00e9\\U0001F600 \\/ \\_ end\"\n",
      "list:\n  - one\n    two   three\n  -   \"a\n\n     b\"\n  - 'x\n    y''z'\n",
      "l: |2\n   indented\n  less\n\n\n  z \xe4\xb8\xad\nk: |+\n  keep\n\n"
      "f: >\n  one\n   more\n  two\n\n  three\n",
      "flow: {a: [b c, \"d\\te\", 'f'], g: h i}\r\nnext: \"tab\tinside\"\r\n",
      "t: \"line \\\n   joined\\\n\\ x\"\nu: \"a\\ \n  b\"\n",
      "\xef\xbb\xbf" "bom: after a byte order mark \xc3\xa9\n",
      "e: 'caf\xc3\xa9''s \xe4\xb8\xad'\ng: \"\xf0\x9d\x94\xb8\xc3\xa9\\t\xe4\xb8\xad\\\\x\"\n",
      "h: \"\\_ \\u00e9\n  a\\\"  \"\ni: \"\\ *x\n  \\t\\ y \\_\"\n",
  };
  for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
    reset(f);
    lf_node *root = load(f, texts[i]);
    if (!root)
      lf_diags_print(&f->diags, stderr);
    assert_non_null(root);
    /* the BOM is skipped, and lines and columns count from after it */
    check_placed(strncmp(texts[i], "\xef\xbb\xbf", 3) == 0 ? texts[i] + 3 : texts[i], root);
  }
}

/*
 * 'test_node_limit()' - One node past LF_YAML_MAX_NODES is refused where it
 * is; exactly the limit loads.
 */
static void test_node_limit(void **state) {
  fixture *f = *state;
  /* "[a,a,...,a]": the list and 'items' strings */
  size_t items = LF_YAML_MAX_NODES; /* one too many with the list */
  char *text = malloc(2 * items + 2);
  char expected[256];

  assert_non_null(text);
  text[0] = '[';
  for (size_t i = 0; i < items; i++)
    memcpy(text + 1 + 2 * i, i + 1 < items ? "a," : "a]", 2);
  text[2 * items + 1] = '\0';

  lf_node *root = load(f, text);
  /* item i is at column 2 + 2i; node LF_YAML_MAX_NODES + 1 is the last */
  snprintf(expected, sizeof expected,
           "t.yaml:1:%zu: error: more than 1048576 nodes (the limit is "
           "1048576)", 2 + 2 * (items - 1));
  assert_one_error(f, root, expected);

  /* one item fewer is exactly the limit */
  reset(f);
  memcpy(text + 2 * items - 3, "a]", 3);
  root = load(f, text);
  free(text);
  assert_non_null(root);
  assert_int_equal(root->count, LF_YAML_MAX_NODES - 1);
}

/*
 * 'test_out_of_memory()' - A full arena is reported, not a crash.
 */
static void test_out_of_memory(void **state) {
  fixture *f = *state;
  lf_arena *small = lf_arena_new(8192);
  char text[8192];
  size_t len = 0;

  assert_non_null(small);
  len += (size_t)snprintf(text + len, sizeof text - len, "list:\n");
  for (int i = 0; i < 500; i++)
    len += (size_t)snprintf(text + len, sizeof text - len, "- item %d\n", i);
  lf_node *root = lf_yaml_load_buffer(small, "t.yaml", text, len, &f->diags);
  lf_arena_free(small);
  assert_one_error(f, root, "t.yaml: error: out of memory");

  /* even the file name may not fit */
  reset(f);
  small = lf_arena_new(16);
  assert_non_null(small);
  root = lf_yaml_load_buffer(small, "a-rather-long-file-name.yaml", "a: b", 4,
                             &f->diags);
  lf_arena_free(small);
  assert_one_error(f, root,
                   "a-rather-long-file-name.yaml: error: out of memory");
}

/*
 * 'main()' - Run the loader tests.
 */
int main(void) {
  const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
      T(test_good_document),
      T(test_check_keys),
      T(test_scalar_text),
      T(test_crlf),
      T(test_crlf_error_position),
      T(test_bom),
      T(test_hundred_thousand_items),
      T(test_depth_limit_allowed),
      T(test_file_name_is_copied),
      T(test_no_file_name),
      T(test_node_get),
      T(test_kind_names),
      T(test_load_file),
      T(test_load_file_error_names_file),
      T(test_missing_file),
      T(test_directory),
      T(test_named_pipe),
      T(test_utf16),
      T(test_file_too_big),
      T(test_buffer_too_big),
      T(test_stream_too_big),
      T(test_invalid_utf8),
      T(test_invalid_utf8_forms),
      T(test_control_characters),
      T(test_escaped_control_characters),
      T(test_line_breaks),
      T(test_tab_indentation),
      T(test_libyaml_columns_count_characters),
      T(test_unclosed_quote),
      T(test_quote_inside_quotes),
      T(test_missing_colon),
      T(test_indentation),
      T(test_colon_in_value),
      T(test_leading_characters),
      T(test_unclosed_brackets),
      T(test_unknown_escape),
      T(test_stray_bom),
      T(test_nbsp_indentation),
      T(test_other_syntax_errors),
      T(test_empty_file),
      T(test_load_mapping),
      T(test_two_documents),
      T(test_anchors_and_aliases),
      T(test_merge_key),
      T(test_alias_bomb),
      T(test_tags),
      T(test_duplicate_keys),
      T(test_duplicate_keys_large_mapping),
      T(test_duplicate_long_key),
      T(test_non_string_key),
      T(test_several_errors),
      T(test_too_deep),
      T(test_too_deep_block),
      T(test_ten_thousand_deep),
      T(test_spans_one_line),
      T(test_spans_several_lines),
      T(test_spans_fall_back),
      T(test_spans_place_every_character),
      T(test_node_limit),
      T(test_out_of_memory),
#undef T
  };
  return cmocka_run_group_tests_name("load", tests, NULL, NULL);
}
