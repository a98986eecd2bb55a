/*
 * fuzz_yaml.c -- arbitrary bytes through the YAML loader, then every
 * string it yields through the inline parser, the line breaker (with the
 * real fonts), the readability counts and the date parser, all in memory.
 *
 * Invariants checked besides memory safety: the loader returns a tree if
 * and only if it reported no error; every node lies where the text does
 * (line and column from 1); diagnostics are well formed (harness.h).
 */
#include "harness.h"

#include "leaflet/arena.h"
#include "leaflet/check.h"
#include "leaflet/document.h"
#include "leaflet/layout.h"
#include "leaflet/model.h"
#include "leaflet/yaml.h"

static lf_fontset fonts;

/*
 * 'LLVMFuzzerInitialize()' - Load the fonts once.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fz_load_fonts(&fonts);
  return 0;
}

/*
 * 'visit_scalar()' - One string through everything that reads text.
 */
static void visit_scalar(lf_arena *arena, const lf_node *node, size_t nth) {
  lf_diags diags;
  lf_diags_init(&diags);
  lf_inline runs;
  if (lf_parse_inline(arena, node->text, node->len, node->pos, &runs, &diags) == 0) {
    if (diags.errors)
      fz_die("lf_parse_inline succeeded with errors", node->text);
    /* a measure from about one word to a wide page, and two sizes */
    double measure = 20.0 + (double)((node->len * 37 + nth * 11) % 500);
    double size = nth % 2 ? 12.0 : 18.0;
    /* and three languages: left to right, right to left, Chinese breaks */
    static const char *const languages[] = {"en-GB", "ur", "zh-Hans"};
    lf_lines lines;
    int rc = lf_break_lines(arena, &fonts, &runs, languages[nth % 3], size, measure, node->pos,
                            &lines, &diags);
    if (rc != 0 && diags.errors == 0)
      fz_die("lf_break_lines failed without an error", node->text);
    if (rc == 0)
      for (size_t i = 0; i < lines.count; i++)
        if (lines.lines[i].count == 0)
          fz_die("lf_break_lines made an empty line", node->text);
    char *plain = lf_inline_plain(arena, &runs);
    if (plain) {
      lf_readability r = {0};
      lf_measure_text(plain, &r);
      lf_readability_finish(&r);
    }
  } else if (diags.errors == 0) {
    fz_die("lf_parse_inline failed without an error", node->text);
  }
  lf_date date;
  if (lf_date_parse(node->text, &date) == 0) {
    char buf[32];
    if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31)
      fz_die("lf_date_parse accepted an impossible date", node->text);
    lf_date_format(date, buf, sizeof buf);
  }
  fz_check_diags(&diags);
  lf_diags_free(&diags);
}

/*
 * 'visit()' - Every node of the tree (depth is bounded by the loader).
 */
static void visit(lf_arena *arena, const lf_node *node, size_t *nth, int depth) {
  if (depth > LF_YAML_MAX_DEPTH + 1)
    fz_die("a tree deeper than the loader allows", NULL);
  if (node->pos.line < 1 || node->pos.column < 1)
    fz_die("a node without a place", node->text);
  ++*nth;
  switch (node->kind) {
  case LF_NODE_SCALAR:
    if (node->text[node->len] != '\0' || strlen(node->text) != node->len)
      fz_die("a string holding NUL or not terminated", NULL);
    if (*nth < 2000)
      visit_scalar(arena, node, *nth);
    break;
  case LF_NODE_MAPPING:
    for (size_t i = 0; i < node->count; i++) {
      if (node->keys[i]->kind != LF_NODE_SCALAR)
        fz_die("a key that is not a string", NULL);
      visit(arena, node->keys[i], nth, depth + 1);
      visit(arena, node->items[i], nth, depth + 1);
    }
    /* the lookup must find the first of each key */
    if (node->count > 0 && lf_node_get(node, node->keys[0]->text) != node->items[0])
      fz_die("lf_node_get missed the first key", node->keys[0]->text);
    break;
  case LF_NODE_SEQUENCE:
    for (size_t i = 0; i < node->count; i++)
      visit(arena, node->items[i], nth, depth + 1);
    break;
  }
}

/*
 * 'LLVMFuzzerTestOneInput()' - Load, then read every string.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  lf_arena *arena = lf_arena_new(64u << 20);
  lf_diags diags;
  lf_diags_init(&diags);
  if (!arena)
    return 0;
  lf_node *root = lf_yaml_load_buffer(arena, "fuzz.yaml", (const char *)data, size, &diags);
  if (!root && diags.errors == 0)
    fz_die("the loader failed without an error", NULL);
  if (root && diags.errors != 0)
    fz_die("the loader returned a tree with errors", NULL);
  fz_check_diags(&diags);
  if (root) {
    size_t nth = 0;
    visit(arena, root, &nth, 0);
  }
  lf_diags_free(&diags);
  lf_arena_free(arena);
  return 0;
}
