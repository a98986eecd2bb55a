/*
 * test_diff.c -- what changed between two versions: the edit script
 * against a brute-force longest common subsequence, the word diff of a
 * paragraph, its bound on long paragraphs, documents aligned paragraph by
 * paragraph (changed, added, removed, a drug section gone), and the proof
 * made of them (marks, change bars, sections folded to their headings).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <time.h>

#include "leaflet/diff.h"
#include "leaflet/proof.h"
#include "content_fixture.h"
#include "jobs_fixture.h"

/* ---- the edit script ------------------------------------------------------ */

typedef struct ints {
  const int *a, *b;
} ints;

static int same_int(const void *ctx, size_t i, size_t j) {
  const ints *s = ctx;
  return s->a[i] == s->b[j];
}

/*
 * 'lcs_length()' - The length of a longest common subsequence, by the
 * textbook table (for small inputs only).
 */
static size_t lcs_length(const int *a, size_t n, const int *b, size_t m) {
  size_t *t = calloc((n + 1) * (m + 1), sizeof *t);
  for (size_t i = 1; i <= n; i++)
    for (size_t j = 1; j <= m; j++)
      t[i * (m + 1) + j] = a[i - 1] == b[j - 1] ? t[(i - 1) * (m + 1) + j - 1] + 1
                           : t[(i - 1) * (m + 1) + j] > t[i * (m + 1) + j - 1]
                               ? t[(i - 1) * (m + 1) + j]
                               : t[i * (m + 1) + j - 1];
  size_t r = t[n * (m + 1) + m];
  free(t);
  return r;
}

/*
 * 'check_script()' - The script walks both sequences from start to end,
 * its SAME stretches really are equal, and it keeps 'common' items.
 */
static size_t check_script(const lf_edits *e, const int *a, size_t n, const int *b, size_t m) {
  size_t i = 0, j = 0, common = 0;
  for (size_t k = 0; k < e->count; k++) {
    const lf_edit *ed = &e->items[k];
    assert_true(ed->count > 0);
    if (ed->kind != LF_EDIT_INSERT)
      assert_int_equal(ed->old_at, i);
    if (ed->kind != LF_EDIT_DELETE)
      assert_int_equal(ed->new_at, j);
    for (size_t x = 0; x < ed->count; x++) {
      if (ed->kind == LF_EDIT_SAME) {
        assert_int_equal(a[i], b[j]);
        i++;
        j++;
        common++;
      } else if (ed->kind == LF_EDIT_DELETE) {
        i++;
      } else {
        j++;
      }
    }
  }
  assert_int_equal(i, n);
  assert_int_equal(j, m);
  return common;
}

static void test_script_is_shortest(void **state) {
  (void)state;
  unsigned seed = 12345;
  for (int round = 0; round < 400; round++) {
    int a[40], b[40];
    seed = seed * 1103515245u + 12345u;
    size_t n = (seed >> 16) % 40;
    seed = seed * 1103515245u + 12345u;
    size_t m = (seed >> 16) % 40;
    int letters = 2 + round % 5; /* few letters: many matches, many choices */
    for (size_t i = 0; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      a[i] = (int)((seed >> 16) % (unsigned)letters);
    }
    for (size_t i = 0; i < m; i++) {
      seed = seed * 1103515245u + 12345u;
      b[i] = (int)((seed >> 16) % (unsigned)letters);
    }
    lf_arena *arena = lf_arena_new(0);
    ints s = {a, b};
    lf_edits e;
    assert_int_equal(lf_diff_sequences(arena, n, m, same_int, &s, &e), 0);
    assert_false(e.capped);
    assert_int_equal(check_script(&e, a, n, b, m), lcs_length(a, n, b, m));
    lf_arena_free(arena);
  }
}

static void test_empty_and_equal(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0);
  int a[] = {1, 2, 3};
  ints s = {a, a};
  lf_edits e;
  assert_int_equal(lf_diff_sequences(arena, 3, 3, same_int, &s, &e), 0);
  assert_int_equal(e.count, 1);
  assert_int_equal(e.items[0].kind, LF_EDIT_SAME);
  assert_int_equal(e.items[0].count, 3);
  assert_int_equal(lf_diff_sequences(arena, 0, 3, same_int, &s, &e), 0);
  assert_int_equal(e.count, 1);
  assert_int_equal(e.items[0].kind, LF_EDIT_INSERT);
  assert_int_equal(lf_diff_sequences(arena, 0, 0, same_int, &s, &e), 0);
  assert_int_equal(e.count, 0);
  lf_arena_free(arena);
}

/*
 * 'test_long_paragraph_bounded()' - 200,000 words against the same with a
 * change every 50 words, and against words it shares none of: both end
 * with a valid script, quickly; the second is given whole.
 */
static void test_long_paragraph_bounded(void **state) {
  (void)state;
  size_t n = 200000;
  int *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
  for (size_t i = 0; i < n; i++) {
    a[i] = (int)(i % 997);
    b[i] = i % 50 == 25 ? -1 : a[i];
  }
  lf_arena *arena = lf_arena_new(0);
  ints s = {a, b};
  lf_edits e;
  clock_t start = clock();
  assert_int_equal(lf_diff_sequences(arena, n, n, same_int, &s, &e), 0);
  size_t common = check_script(&e, a, n, b, n);
  assert_true(common >= n - n / 50); /* at most the changed words lost */
  for (size_t i = 0; i < n; i++)
    b[i] = -2 - (int)i;
  assert_int_equal(lf_diff_sequences(arena, n, n, same_int, &s, &e), 0);
  assert_int_equal(check_script(&e, a, n, b, n), 0);
  assert_true(e.capped);
  assert_int_equal(e.count, 2); /* all deleted, all inserted */
  double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
  assert_true(seconds < 20); /* bounded work, not 200,000 x 200,000 */
  lf_arena_free(arena);
  free(a);
  free(b);
}

/* ---- words ------------------------------------------------------------------ */

/*
 * 'words()' - The words of inline markup.
 */
static lf_word *words(lf_arena *arena, const char *markup, size_t *count) {
  lf_inline in;
  lf_diags d;
  lf_diags_init(&d);
  assert_int_equal(lf_parse_inline(arena, markup, strlen(markup), (lf_pos){"t", 1, 1}, &in, &d), 0);
  lf_diags_free(&d);
  lf_word *w = NULL;
  assert_int_equal(lf_words_of(arena, &in, &w, count), 0);
  return w;
}

static void test_words_of(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0);
  size_t n;
  lf_word *w = words(arena, "See **your nurse**, or [our site](https://example.org/a).", &n);
  const char *want[] = {"See", "your", "nurse", ",", "or", "our", "site",
                        "(https://example.org/a)", "."};
  int space[] = {0, 1, 1, 0, 1, 1, 1, 1, 0};
  assert_int_equal(n, 9);
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(w[i].len, strlen(want[i]));
    assert_memory_equal(w[i].text, want[i], w[i].len);
    assert_int_equal(w[i].space_before, space[i]);
  }
  assert_int_equal(w[1].style, LF_RUN_STRONG);
  assert_int_equal(w[3].style, 0);
  /* a no-break space binds two words into one */
  w = words(arena, "10\xC2\xA0mg daily", &n);
  assert_int_equal(n, 2);
  assert_int_equal(w[0].len, 6);
  lf_arena_free(arena);
}

static void test_word_diff(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0);
  size_t n, m;
  lf_word *a = words(arena, "the cat sat on the mat", &n);
  lf_word *b = words(arena, "the dog sat on a mat", &m);
  lf_edits e;
  assert_int_equal(lf_diff_words(arena, a, n, b, m, &e), 0);
  lf_edit_kind kinds[] = {LF_EDIT_SAME, LF_EDIT_DELETE, LF_EDIT_INSERT, LF_EDIT_SAME,
                          LF_EDIT_DELETE, LF_EDIT_INSERT, LF_EDIT_SAME};
  size_t counts[] = {1, 1, 1, 2, 1, 1, 1};
  assert_int_equal(e.count, 7);
  for (size_t i = 0; i < e.count; i++) {
    assert_int_equal(e.items[i].kind, kinds[i]);
    assert_int_equal(e.items[i].count, counts[i]);
  }
  /* bold is part of a word: making a word bold changes it */
  b = words(arena, "the **cat** sat on the mat", &m);
  assert_int_equal(lf_diff_words(arena, a, n, b, m, &e), 0);
  assert_int_equal(e.count, 4);
  assert_int_equal(e.items[1].kind, LF_EDIT_DELETE);
  lf_arena_free(arena);
}

/*
 * 'test_first_word()' - A paragraph's first word taken out or put in is
 * the only word marked: the word after it, now or before the first, has
 * no space before it in one version and one in the other, and is the same
 * word.
 */
static void test_first_word(void **state) {
  (void)state;
  lf_arena *arena = lf_arena_new(0);
  size_t n, m;
  lf_word *a = words(arena, "Your doctor will see you.", &n);
  lf_word *b = words(arena, "doctor will see you.", &m);
  lf_edits e;
  assert_int_equal(lf_diff_words(arena, a, n, b, m, &e), 0);
  assert_int_equal(e.count, 2);
  assert_int_equal(e.items[0].kind, LF_EDIT_DELETE);
  assert_int_equal(e.items[0].count, 1);
  assert_int_equal(e.items[1].kind, LF_EDIT_SAME);
  assert_int_equal(e.items[1].count, 4);
  assert_int_equal(lf_diff_words(arena, b, m, a, n, &e), 0);
  assert_int_equal(e.count, 2);
  assert_int_equal(e.items[0].kind, LF_EDIT_INSERT);
  assert_int_equal(e.items[0].count, 1);
  assert_int_equal(e.items[1].kind, LF_EDIT_SAME);
  assert_int_equal(e.items[1].count, 4);
  /* a space still counts between two words neither of which is first */
  a = words(arena, "Your **doctor**, will", &n);
  b = words(arena, "Your **doctor** , will", &m);
  assert_int_equal(lf_diff_words(arena, a, n, b, m, &e), 0);
  assert_int_equal(e.count, 4);
  assert_int_equal(e.items[1].kind, LF_EDIT_DELETE);
  assert_int_equal(e.items[2].kind, LF_EDIT_INSERT);
  lf_arena_free(arena);
}

/* ---- documents ------------------------------------------------------------- */

/* Two versions of the fixture: 'changed' has the template edited. */
typedef struct versions {
  content_fixture *f;
  char *dir2;
  lf_content *old_c, *new_c;
  lf_document *old_docs, *new_docs;
  size_t old_n, new_n;
} versions;

/*
 * 'load_versions_with()' - The fixture as it is and with 'template' as its
 * leaflet and, unless 'file' is NULL, 'text' as its 'file', each resolved.
 */
static void load_versions_with(versions *v, content_fixture *f, const char *template,
                               const char *file, const char *text) {
  v->f = f;
  v->dir2 = write_fixture();
  tu_write(v->dir2, "leaflets/drugs.yaml", template);
  if (file)
    tu_write(v->dir2, file, text);
  v->old_c = lf_content_load(f->arena, f->dir, &f->diags);
  v->new_c = lf_content_load(f->arena, v->dir2, &f->diags);
  tu_diags_text(&f->diags, f->text, sizeof f->text);
  assert_non_null(v->old_c);
  assert_non_null(v->new_c);
  assert_int_equal(lf_resolve(f->arena, v->old_c, &v->old_c->leaflets[0], &v->old_docs,
                              &v->old_n, &f->diags), 0);
  assert_int_equal(lf_resolve(f->arena, v->new_c, &v->new_c->leaflets[0], &v->new_docs,
                              &v->new_n, &f->diags), 0);
}

/* 'load_versions()' - The fixture as it is and with 'template' as its
 * leaflet, each resolved. */
static void load_versions(versions *v, content_fixture *f, const char *template) {
  load_versions_with(v, f, template, NULL, NULL);
}

static void free_versions(versions *v) { tu_rmtree(v->dir2); }

/*
 * 'find_change()' - The first change of 'kind' whose shown unit starts
 * with 'text'.
 */
static const lf_unit_change *find_change(lf_arena *arena, const lf_document_diff *d,
                                         lf_change kind, const char *text) {
  for (size_t i = 0; i < d->change_count; i++) {
    const lf_unit_change *c = &d->changes[i];
    const lf_text_unit *u = c->new_unit ? c->new_unit : c->old_unit;
    char *plain = lf_inline_plain(arena, &u->block->text);
    if (c->change == kind && strncmp(plain, text, strlen(text)) == 0)
      return c;
  }
  return NULL;
}

/*
 * 'marked_text()' - A change as the terminal shows it.
 */
static const char *marked_text(lf_arena *arena, const lf_unit_change *c) {
  lf_inline in;
  assert_int_equal(lf_unit_marked(arena, c, &in), 0);
  char *s = "";
  for (size_t i = 0; i < in.count; i++) {
    char *mark = lf_change_marker(arena, &in.runs[i]);
    s = mark ? lf_arena_printf(arena, "%s%s", s, mark)
             : lf_arena_printf(arena, "%s%.*s", s, (int)in.runs[i].len, in.runs[i].text);
  }
  return s;
}

static void test_document_edits(void **state) {
  content_fixture *f = *state;
  versions v;
  const char *edited = replace_in(fixture_template,
                                  "  - p: Drugs help the {immune system}.\n",
                                  "  - p: Medicines help the {immune system} a lot.\n"
                                  "  - p: Ask your nurse.\n");
  load_versions(&v, f, edited);
  lf_document_diff d;
  assert_int_equal(lf_diff_documents(f->arena, &v.old_docs[0], &v.new_docs[0], &d), 0);
  assert_int_equal(d.changed, 1);
  assert_int_equal(d.added, 1);
  assert_int_equal(d.removed, 0);
  assert_int_equal(d.drugs_added_count + d.drugs_removed_count, 0);
  const lf_unit_change *c = find_change(f->arena, &d, LF_CHANGE_CHANGED, "Medicines");
  assert_non_null(c);
  assert_string_equal(marked_text(f->arena, c),
                      "[deleted: Drugs] [inserted: Medicines] help the immune system[deleted: .] "
                      "[inserted: a lot.]");
  assert_int_equal(c->new_unit->block->pos.line, 14);
  c = find_change(f->arena, &d, LF_CHANGE_ADDED, "Ask your nurse.");
  assert_non_null(c);
  assert_string_equal(marked_text(f->arena, c), "[inserted: Ask your nurse.]");
  char *line = lf_diff_summary(f->arena, &d);
  assert_string_equal(line, "1 paragraph changed, 1 added, 0 removed");
  free_versions(&v);
}

/*
 * 'test_first_word_marked()' - Taking out a paragraph's first word marks
 * that word alone, spaced from the next; putting one in the same.
 */
static void test_first_word_marked(void **state) {
  content_fixture *f = *state;
  versions v;
  load_versions(&v, f, replace_in(fixture_template, "  - p: Drugs help the {immune system}.\n",
                                  "  - p: help the {immune system}.\n"));
  lf_document_diff d;
  assert_int_equal(lf_diff_documents(f->arena, &v.old_docs[0], &v.new_docs[0], &d), 0);
  assert_int_equal(d.changed, 1);
  const lf_unit_change *c = find_change(f->arena, &d, LF_CHANGE_CHANGED, "help the");
  assert_non_null(c);
  assert_string_equal(marked_text(f->arena, c), "[deleted: Drugs] help the immune system.");
  assert_int_equal(lf_diff_documents(f->arena, &v.new_docs[0], &v.old_docs[0], &d), 0);
  c = find_change(f->arena, &d, LF_CHANGE_CHANGED, "Drugs help");
  assert_non_null(c);
  assert_string_equal(marked_text(f->arena, c), "[inserted: Drugs] help the immune system.");
  free_versions(&v);
}

static void test_drug_removed(void **state) {
  content_fixture *f = *state;
  versions v;
  load_versions(&v, f, replace_in(fixture_template, "drugs: [sunitinib, everolimus]",
                                  "drugs: [sunitinib]"));
  lf_document_diff d;
  assert_int_equal(lf_diff_documents(f->arena, &v.old_docs[0], &v.new_docs[0], &d), 0);
  assert_int_equal(d.drugs_removed_count, 1);
  assert_string_equal(d.drugs_removed[0], "Everolimus");
  assert_int_equal(d.drugs_added_count, 0);
  /* its paragraphs are the drug's, not counted as paragraphs removed */
  assert_int_equal(d.changed + d.added + d.removed, 0);
  size_t gone = 0;
  for (size_t i = 0; i < d.change_count; i++)
    if (d.changes[i].change == LF_CHANGE_REMOVED) {
      assert_string_equal(d.changes[i].old_unit->drug, "Everolimus");
      gone++;
    }
  /* heading, "also called" and first paragraph, a second paragraph, how
   * you have it, the side effects lead-in and its two items */
  assert_int_equal(gone, 7);
  assert_string_equal(lf_diff_summary(f->arena, &d), "drug removed: Everolimus");
  free_versions(&v);
}

/* The fixture with a table after its first paragraph. */
static const char *with_table(const char *template, const char *cell) {
  static char buf[8192];
  snprintf(buf, sizeof buf, "%s",
           replace_in(template, "  - h2: Your drugs\n",
                      "  - table:\n"
                      "      caption: At a glance\n"
                      "      header: [Drug, How you have it]\n"
                      "      rows:\n"
                      "        - [Sunitinib, Capsules]\n"
                      "        - [Everolimus, XCELL]\n"
                      "  - h2: Your drugs\n"));
  char *at = strstr(buf, "XCELL");
  char rest[8192];
  snprintf(rest, sizeof rest, "%s", at + 5);
  snprintf(at, sizeof buf - (size_t)(at - buf), "%s%s", cell, rest);
  return buf;
}

static void test_table_cell_changed(void **state) {
  content_fixture *f = *state;
  versions v;
  char old_template[8192];
  snprintf(old_template, sizeof old_template, "%s", with_table(fixture_template, "A tablet"));
  tu_write(f->dir, "leaflets/drugs.yaml", old_template);
  load_versions(&v, f, with_table(fixture_template, "\"A tablet, every day\""));
  lf_document_diff d;
  assert_int_equal(lf_diff_documents(f->arena, &v.old_docs[0], &v.new_docs[0], &d), 0);
  /* one row changed, shown as a reader hears it: each cell after its
   * column's header; the caption and the other rows unchanged */
  assert_int_equal(d.changed, 1);
  assert_int_equal(d.added + d.removed, 0);
  const lf_unit_change *c = find_change(f->arena, &d, LF_CHANGE_CHANGED, "Drug: Everolimus");
  assert_non_null(c);
  assert_string_equal(marked_text(f->arena, c),
                      "Drug: Everolimus; How you have it: A [deleted: tablet] "
                      "[inserted: tablet, every day]");
  assert_int_equal(c->new_unit->block->pos.line, 20);
  free_versions(&v);
  tu_write(f->dir, "leaflets/drugs.yaml", fixture_template);
}

/*
 * 'one_change()' - The one change in a diff of the fixture's two
 * versions, as the terminal shows it, after checking it is the only one
 * and of 'kind'.
 */
static const lf_unit_change *one_change(lf_arena *arena, const lf_document_diff *d,
                                        lf_change kind) {
  const lf_unit_change *found = NULL;
  for (size_t i = 0; i < d->change_count; i++)
    if (d->changes[i].change != LF_CHANGE_NONE) {
      assert_null(found);
      found = &d->changes[i];
    }
  assert_non_null(found);
  assert_int_equal(found->change, kind);
  (void)arena;
  return found;
}

/*
 * 'test_back_page()' - A paragraph added to the back page (after "About
 * this leaflet", on the last page and a booklet's back) is a paragraph
 * added, and the proof shows it under a heading "Back page".
 */
static void test_back_page(void **state) {
  content_fixture *f = *state;
  versions v;
  char old_template[8192];
  snprintf(old_template, sizeof old_template, "%s%s", fixture_template,
           "back_page:\n  - label-box: true\n");
  tu_write(f->dir, "leaflets/drugs.yaml", old_template);
  char new_template[8192];
  snprintf(new_template, sizeof new_template, "%s%s", fixture_template,
           "back_page:\n  - label-box: true\n  - p: Bring this leaflet to clinic.\n");
  load_versions(&v, f, new_template);
  lf_document_diff d;
  assert_int_equal(lf_diff_documents(f->arena, &v.old_docs[0], &v.new_docs[0], &d), 0);
  assert_int_equal(d.added, 1);
  assert_int_equal(d.changed + d.removed, 0);
  const lf_unit_change *c = one_change(f->arena, &d, LF_CHANGE_ADDED);
  assert_int_equal(c->new_unit->part, LF_PART_BACK_PAGE);
  assert_null(c->new_unit->drug); /* not the last drug section's */
  assert_string_equal(marked_text(f->arena, c), "[inserted: Bring this leaflet to clinic.]");
  assert_int_equal(c->new_unit->block->pos.line, 23);
  /* the proof: the document's sections folded, then "Back page" and the
   * paragraph added */
  lf_proof_info info = {.old_label = "old", .new_label = "new", .made = {2026, 11, 24}};
  lf_document proof;
  assert_int_equal(lf_proof_document(f->arena, &d, 1, &info, &proof), 0);
  const lf_blocks *b = &proof.body;
  assert_true(b->count >= 2);
  const lf_block *h = &b->items[b->count - 2], *p = &b->items[b->count - 1];
  assert_int_equal(h->kind, LF_BLOCK_HEADING);
  assert_string_equal(lf_inline_plain(f->arena, &h->text), "Back page");
  assert_int_equal(p->change, LF_CHANGE_ADDED);
  free_versions(&v);
  tu_write(f->dir, "leaflets/drugs.yaml", fixture_template);
}

/*
 * 'test_list_numbered()' - A list changed from 'list:' to 'steps:' (now
 * numbered) changes each of its items, and the proof says so.
 */
static void test_list_numbered(void **state) {
  content_fixture *f = *state;
  versions v;
  char old_template[8192];
  snprintf(old_template, sizeof old_template, "%s",
           replace_in(fixture_template, "  - h2: Your drugs\n",
                      "  - list: [Take one tablet., Drink water.]\n  - h2: Your drugs\n"));
  tu_write(f->dir, "leaflets/drugs.yaml", old_template);
  load_versions(&v, f, replace_in(old_template, "  - list: [Take", "  - steps: [Take"));
  lf_document_diff d;
  assert_int_equal(lf_diff_documents(f->arena, &v.old_docs[0], &v.new_docs[0], &d), 0);
  assert_int_equal(d.changed, 2);
  assert_int_equal(d.added + d.removed, 0);
  const lf_unit_change *c = find_change(f->arena, &d, LF_CHANGE_CHANGED, "Take one");
  assert_non_null(c);
  assert_string_equal(marked_text(f->arena, c),
                      "[list changed from bulleted to numbered] Take one tablet.");
  c = find_change(f->arena, &d, LF_CHANGE_CHANGED, "Drink");
  assert_non_null(c);
  assert_string_equal(marked_text(f->arena, c),
                      "[list changed from bulleted to numbered] Drink water.");
  /* and back; and a paragraph that became a list item */
  assert_int_equal(lf_diff_documents(f->arena, &v.new_docs[0], &v.old_docs[0], &d), 0);
  c = find_change(f->arena, &d, LF_CHANGE_CHANGED, "Drink");
  assert_string_equal(marked_text(f->arena, c),
                      "[list changed from numbered to bulleted] Drink water.");
  free_versions(&v);
  load_versions(&v, f, replace_in(old_template, "  - list: [Take one tablet., Drink water.]\n",
                                  "  - p: Take one tablet.\n  - list: [Drink water.]\n"));
  assert_int_equal(lf_diff_documents(f->arena, &v.old_docs[0], &v.new_docs[0], &d), 0);
  c = one_change(f->arena, &d, LF_CHANGE_CHANGED);
  assert_string_equal(marked_text(f->arena, c),
                      "[changed from a bulleted list item to a paragraph] Take one tablet.");
  free_versions(&v);
  tu_write(f->dir, "leaflets/drugs.yaml", fixture_template);
}

/*
 * 'test_short_title()' - The short title, printed in every page's
 * footer, is a line of the furniture: changed, it is a paragraph changed
 * "Short title: ...", shown under "On every page" in the proof.
 */
static void test_short_title(void **state) {
  content_fixture *f = *state;
  versions v;
  const char *title = "title: \"Drugs for {tumour.name}\"\n";
  char old_template[8192];
  snprintf(old_template, sizeof old_template, "%s",
           replace_in(fixture_template, title,
                      "title: \"Drugs for {tumour.name}\"\nshort_title: Your drugs\n"));
  tu_write(f->dir, "leaflets/drugs.yaml", old_template);
  load_versions(&v, f, replace_in(old_template, "short_title: Your drugs",
                                  "short_title: Drugs for NETs"));
  lf_document_diff d;
  assert_int_equal(lf_diff_documents(f->arena, &v.old_docs[0], &v.new_docs[0], &d), 0);
  assert_int_equal(d.changed, 1);
  assert_int_equal(d.added + d.removed, 0);
  const lf_unit_change *c = one_change(f->arena, &d, LF_CHANGE_CHANGED);
  assert_int_equal(c->new_unit->part, LF_PART_FURNITURE);
  assert_string_equal(marked_text(f->arena, c),
                      "Short title: [deleted: Your drugs] [inserted: Drugs for NETs]");
  lf_proof_info info = {.old_label = "old", .new_label = "new", .made = {2026, 11, 24}};
  lf_document proof;
  assert_int_equal(lf_proof_document(f->arena, &d, 1, &info, &proof), 0);
  const lf_blocks *b = &proof.body;
  const lf_block *h = &b->items[b->count - 2], *p = &b->items[b->count - 1];
  assert_string_equal(lf_inline_plain(f->arena, &h->text), "On every page");
  assert_int_equal(p->change, LF_CHANGE_CHANGED);
  /* taken out altogether: a line removed */
  assert_int_equal(lf_diff_documents(f->arena, &v.old_docs[0], &v.old_docs[0], &d), 0);
  assert_true(lf_document_diff_empty(&d));
  free_versions(&v);
  load_versions(&v, f, fixture_template);
  assert_int_equal(lf_diff_documents(f->arena, &v.old_docs[0], &v.new_docs[0], &d), 0);
  c = one_change(f->arena, &d, LF_CHANGE_REMOVED);
  assert_string_equal(marked_text(f->arena, c), "[deleted: Short title: Your drugs]");
  free_versions(&v);
  tu_write(f->dir, "leaflets/drugs.yaml", fixture_template);
}

/* Two drawings for a figure, the same size, different shapes. */
#define SVG(shape) "<svg xmlns='http://www.w3.org/2000/svg' width='200' height='100' " \
                   "viewBox='0 0 200 100'>" shape "</svg>\n"

/*
 * 'test_picture_changed()' - A figure whose picture file changed under
 * the same alt text is a paragraph changed, saying the picture changed;
 * a decorative figure's picture counts too.
 */
static void test_picture_changed(void **state) {
  content_fixture *f = *state;
  versions v;
  const char *figure = "  - figure: {src: cells.svg, alt: A cancer cell.}\n  - h2: Your drugs\n";
  char old_template[8192];
  snprintf(old_template, sizeof old_template, "%s",
           replace_in(fixture_template, "  - h2: Your drugs\n", figure));
  tu_write(f->dir, "leaflets/drugs.yaml", old_template);
  tu_write(f->dir, "images/cells.svg", SVG("<rect x='10' y='10' width='50' height='50'/>"));
  load_versions_with(&v, f, old_template, "images/cells.svg",
                     SVG("<circle cx='50' cy='50' r='40'/>"));
  lf_document_diff d;
  assert_int_equal(lf_diff_documents(f->arena, &v.old_docs[0], &v.old_docs[0], &d), 0);
  assert_true(lf_document_diff_empty(&d));
  assert_int_equal(lf_diff_documents(f->arena, &v.old_docs[0], &v.new_docs[0], &d), 0);
  assert_int_equal(d.changed, 1);
  assert_int_equal(d.added + d.removed, 0);
  const lf_unit_change *c = one_change(f->arena, &d, LF_CHANGE_CHANGED);
  assert_string_equal(marked_text(f->arena, c), "[picture changed] Picture: A cancer cell.");
  free_versions(&v);
  /* decorative: no words, but a picture all the same */
  const char *decorative = "  - figure: {src: cells.svg, decorative: true}\n  - h2: Your drugs\n";
  snprintf(old_template, sizeof old_template, "%s",
           replace_in(fixture_template, "  - h2: Your drugs\n", decorative));
  tu_write(f->dir, "leaflets/drugs.yaml", old_template);
  load_versions_with(&v, f, old_template, "images/cells.svg",
                     SVG("<circle cx='50' cy='50' r='40'/>"));
  assert_int_equal(lf_diff_documents(f->arena, &v.old_docs[0], &v.new_docs[0], &d), 0);
  c = one_change(f->arena, &d, LF_CHANGE_CHANGED);
  assert_string_equal(marked_text(f->arena, c), "[picture changed] Picture (decorative)");
  free_versions(&v);
  tu_write(f->dir, "leaflets/drugs.yaml", fixture_template);
}

/*
 * 'test_heading_level()' - A heading moved from level 3 to level 2 with
 * its words kept is a heading changed, and the proof says how.
 */
static void test_heading_level(void **state) {
  content_fixture *f = *state;
  versions v;
  char old_template[8192];
  snprintf(old_template, sizeof old_template, "%s",
           replace_in(fixture_template, "  - h2: Your drugs\n",
                      "  - h2: Before you start\n  - h3: Questions\n  - p: Ask us.\n"
                      "  - h2: Your drugs\n"));
  tu_write(f->dir, "leaflets/drugs.yaml", old_template);
  load_versions(&v, f, replace_in(old_template, "  - h3: Questions", "  - h2: Questions"));
  lf_document_diff d;
  assert_int_equal(lf_diff_documents(f->arena, &v.old_docs[0], &v.new_docs[0], &d), 0);
  assert_int_equal(d.changed, 1);
  assert_int_equal(d.added + d.removed, 0);
  const lf_unit_change *c = one_change(f->arena, &d, LF_CHANGE_CHANGED);
  assert_string_equal(marked_text(f->arena, c), "[heading level changed from 3 to 2] Questions");
  /* the proof's heading says so, with its change bar */
  lf_proof_info info = {.old_label = "old", .new_label = "new", .made = {2026, 11, 24}};
  lf_document proof;
  assert_int_equal(lf_proof_document(f->arena, &d, 1, &info, &proof), 0);
  int seen = 0;
  for (size_t i = 0; i < proof.body.count; i++) {
    const lf_block *h = &proof.body.items[i];
    if (h->kind == LF_BLOCK_HEADING &&
        strcmp(lf_inline_plain(f->arena, &h->text),
               "[heading level changed from 3 to 2] Questions") == 0) {
      assert_int_equal(h->change, LF_CHANGE_CHANGED);
      seen = 1;
    }
  }
  assert_true(seen);
  free_versions(&v);
  tu_write(f->dir, "leaflets/drugs.yaml", fixture_template);
}

static void test_same_and_new_documents(void **state) {
  content_fixture *f = *state;
  versions v;
  load_versions(&v, f, fixture_template);
  lf_document_diff d;
  assert_int_equal(lf_diff_documents(f->arena, &v.old_docs[0], &v.new_docs[0], &d), 0);
  assert_true(lf_document_diff_empty(&d));
  assert_string_equal(lf_diff_summary(f->arena, &d), "no changes");
  assert_int_equal(lf_diff_documents(f->arena, NULL, &v.new_docs[0], &d), 0);
  assert_false(lf_document_diff_empty(&d));
  assert_string_equal(lf_diff_summary(f->arena, &d), "new (not in the older version)");
  free_versions(&v);
}

/*
 * 'count_blocks()' - Headings, and blocks with a change, in a run of
 * blocks and everything in it.
 */
static void count_blocks(const lf_blocks *b, size_t *headings, size_t *changed, int *last_level,
                         int *skipped) {
  for (size_t i = 0; i < b->count; i++) {
    const lf_block *x = &b->items[i];
    if (x->kind == LF_BLOCK_HEADING) {
      (*headings)++;
      if (x->level > *last_level + 1)
        *skipped = 1;
      *last_level = x->level;
    }
    if (x->change != LF_CHANGE_NONE)
      (*changed)++;
    for (size_t k = 0; k < x->list_count; k++)
      count_blocks(&x->list_items[k], headings, changed, last_level, skipped);
    count_blocks(&x->body, headings, changed, last_level, skipped);
  }
}

static void test_proof_document(void **state) {
  content_fixture *f = *state;
  versions v;
  load_versions(&v, f, replace_in(fixture_template, "  - p: Drugs help the {immune system}.\n",
                                  "  - p: Drugs help the {immune system} fight cancer.\n"));
  lf_document_diff d;
  assert_int_equal(lf_diff_documents(f->arena, &v.old_docs[0], &v.new_docs[0], &d), 0);
  lf_proof_info info = {.old_label = "old", .new_label = "new", .made = {2026, 11, 24}};
  lf_document proof;
  assert_int_equal(lf_proof_document(f->arena, &d, 1, &info, &proof), 0);
  assert_string_equal(proof.title, "Review proof: old to new");
  assert_string_equal(proof.footer_note, "Review proof, 24 Nov 2026: not for patients");
  assert_int_equal(proof.next_review.year, 0); /* no review of its own */
  size_t headings = 0, changed = 0;
  int last = 0, skipped = 0;
  count_blocks(&proof.body, &headings, &changed, &last, &skipped);
  assert_false(skipped);
  /* the changed paragraph, and the document's line in the summary */
  assert_int_equal(changed, 2);
  /* the document's own part: its heading, its summary line, the changed
   * paragraph (before any heading), then every other section folded to
   * its heading alone: Your drugs, Sunitinib, Everolimus, Coping,
   * References, Glossary, About this leaflet */
  size_t at = 0;
  while (at < proof.body.count && proof.body.items[at].kind != LF_BLOCK_PAGE_BREAK)
    at++;
  assert_true(at < proof.body.count);
  const lf_blocks *b = &proof.body;
  assert_int_equal(b->items[at + 1].kind, LF_BLOCK_HEADING);
  assert_int_equal(b->items[at + 1].level, 2);
  assert_int_equal(b->items[at + 3].change, LF_CHANGE_CHANGED);
  const char *folded[] = {"Your drugs", "Sunitinib", "Everolimus", "Coping", "References",
                          "Glossary", "About this leaflet"};
  assert_int_equal(b->count, at + 4 + 7);
  for (size_t i = 0; i < 7; i++) {
    const lf_block *h = &b->items[at + 4 + i];
    assert_int_equal(h->kind, LF_BLOCK_HEADING);
    assert_int_equal(h->keep, 0);
    assert_string_equal(lf_inline_plain(f->arena, &h->text), folded[i]);
  }
  free_versions(&v);
}

/* ---- leaflet diff ---------------------------------------------------------- */

/* Two content folders for lf_diff(): the older and the newer. */
typedef struct two_trees {
  jobs_fixture *old_f, *new_f;
} two_trees;

/* 'trees_setup()' - Two copies of the jobs fixture's folder. */
static int trees_setup(void **state) {
  two_trees *t = calloc(1, sizeof *t);
  *state = t;
  void *a = NULL, *b = NULL;
  if (!t || jobs_setup(&a) != 0 || jobs_setup(&b) != 0)
    return -1;
  t->old_f = a;
  t->new_f = b;
  return 0;
}

/* 'trees_teardown()' - Both folders gone. */
static int trees_teardown(void **state) {
  two_trees *t = *state;
  void *a = t->old_f, *b = t->new_f;
  jobs_teardown(&a);
  jobs_teardown(&b);
  free(t);
  return 0;
}

/*
 * 'run_diff()' - lf_diff() from the older folder to the newer, the proof
 * into the older's output folder; its output kept in old_f.  Returns its
 * exit status.
 */
static int run_diff(two_trees *t) {
  jobs_fixture *f = t->old_f;
  free(f->stdout_text);
  free(f->stderr_text);
  FILE *out = open_memstream(&f->stdout_text, &f->stdout_len);
  FILE *err = open_memstream(&f->stderr_text, &f->stderr_len);
  char proof[1100];
  snprintf(proof, sizeof proof, "%s/proof.pdf", f->out);
  lf_diff_options o = {.old_source = f->dir, .new_source = t->new_f->dir, .repo = ".",
                       .content_dir = t->new_f->dir, .format = "standard",
                       .out_path = proof, .today = jobs_today(), .out = out, .err = err};
  int rc = lf_diff(&o);
  fclose(out);
  fclose(err);
  return rc;
}

/* The jobs fixture's leaflet with a review.version (line 12, its value at
 * column 12). */
static const char *versioned(const char *version) {
  static char buf[8192];
  char line[64];
  snprintf(line, sizeof line, "  next_review: 2028-02-26\n  version: \"%s\"\n", version);
  const char *t = replace_in(fixture_template, "editions:\n",
                             "editions:\n  - tumour: lung-net\n    drugs: [everolimus]\n");
  snprintf(buf, sizeof buf, "%s", t);
  snprintf(buf, sizeof buf, "%s", replace_in(buf, "  next_review: 2028-02-26\n", line));
  return buf;
}

/*
 * 'test_version_unchanged()' - The text of a leaflet changed while its
 * review.version stayed the same: a warning at the newer's review.version,
 * exit status 0; none when the version changed or the text did not.
 */
static void test_version_unchanged(void **state) {
  two_trees *t = *state;
  char old_template[8192];
  snprintf(old_template, sizeof old_template, "%s", versioned("2"));
  tu_write(t->old_f->dir, "leaflets/drugs.yaml", old_template);
  tu_write(t->new_f->dir, "leaflets/drugs.yaml", old_template);
  assert_int_equal(run_diff(t), LF_EXIT_OK);
  assert_null(strstr(t->old_f->stderr_text, "warning"));
  tu_write(t->new_f->dir, "leaflets/drugs.yaml",
           replace_in(old_template, "Drugs help the", "Medicines help the"));
  assert_int_equal(run_diff(t), LF_EXIT_OK);
  char want[2048];
  snprintf(want, sizeof want, "%s/leaflets/drugs.yaml:12:12: warning: the text of leaflet "
           "'drugs' changed from %s but review.version is still '2' and its review history "
           "has no new entry (expected a new version with a history entry saying what "
           "changed and who approved it", t->new_f->dir, t->old_f->dir);
  assert_non_null(strstr(t->old_f->stderr_text, want));
  /* one warning for the leaflet, not one per edition; none for 'basics' */
  assert_null(strstr(strstr(t->old_f->stderr_text, want) + strlen(want), "warning"));
  /* a new version: no warning */
  char new_template[8192];
  snprintf(new_template, sizeof new_template, "%s",
           replace_in(versioned("3"), "Drugs help the", "Medicines help the"));
  tu_write(t->new_f->dir, "leaflets/drugs.yaml", new_template);
  assert_int_equal(run_diff(t), LF_EXIT_OK);
  assert_null(strstr(t->old_f->stderr_text, "warning"));
  /* no version at all: said so, at the leaflet's review */
  tu_write(t->old_f->dir, "leaflets/basics.yaml", jobs_leaflet2);
  tu_write(t->new_f->dir, "leaflets/basics.yaml",
           replace_in(jobs_leaflet2, "Some words", "A few words"));
  assert_int_equal(run_diff(t), LF_EXIT_OK);
  snprintf(want, sizeof want, "%s/leaflets/basics.yaml:4:1: warning: the text of leaflet "
           "'basics' changed from %s but it has no review.version", t->new_f->dir,
           t->old_f->dir);
  assert_non_null(strstr(t->old_f->stderr_text, want));
}

/*
 * 'test_not_compared()' - A leaflet that does not resolve in one version
 * (an edition naming a drug that is not there) is never left out
 * silently: its error is reported, it is listed as not compared, and the
 * exit status is 1; the other leaflets are compared all the same.
 */
static void test_not_compared(void **state) {
  two_trees *t = *state;
  const char *broken = replace_in(fixture_template, "drugs: [sunitinib, everolimus]",
                                  "drugs: [sunitinib, everolimuss]");
  tu_write(t->new_f->dir, "leaflets/drugs.yaml", broken);
  assert_int_equal(run_diff(t), LF_EXIT_FAILED);
  assert_non_null(strstr(t->old_f->stderr_text, "error: no drug 'everolimuss'"));
  char want[2048];
  snprintf(want, sizeof want, "\ndrugs: not compared (errors in %s: see its errors)\n",
           t->new_f->dir);
  assert_non_null(strstr(t->old_f->stdout_text, want));
  assert_non_null(strstr(t->old_f->stdout_text, "\nbasics: no changes\n"));
  assert_non_null(strstr(t->old_f->stdout_text,
                         "\n0 of 1 document changed, 1 leaflet not compared for errors; "
                         "proof "));
  /* broken in both */
  tu_write(t->old_f->dir, "leaflets/drugs.yaml", broken);
  assert_int_equal(run_diff(t), LF_EXIT_FAILED);
  snprintf(want, sizeof want, "\ndrugs: not compared (errors in %s and in %s: see its errors)\n",
           t->old_f->dir, t->new_f->dir);
  assert_non_null(strstr(t->old_f->stdout_text, want));
}

/*
 * 'test_not_compared_in_proof()' - The proof's summary lists a leaflet
 * not compared, and why.
 */
static void test_not_compared_in_proof(void **state) {
  content_fixture *f = *state;
  versions v;
  load_versions(&v, f, fixture_template);
  lf_document_diff d;
  assert_int_equal(lf_diff_documents(f->arena, &v.old_docs[0], &v.new_docs[0], &d), 0);
  const char *ids[] = {"other"}, *why[] = {"errors in new"};
  lf_proof_info info = {.old_label = "old", .new_label = "new", .made = {2026, 11, 24},
                        .not_compared = ids, .not_compared_why = why, .not_compared_count = 1};
  lf_document proof;
  assert_int_equal(lf_proof_document(f->arena, &d, 1, &info, &proof), 0);
  int said = 0, listed = 0;
  for (size_t i = 0; i < proof.body.count; i++) {
    const lf_block *b = &proof.body.items[i];
    if (b->kind == LF_BLOCK_PARAGRAPH &&
        strcmp(lf_inline_plain(f->arena, &b->text),
               "1 leaflet could not be compared, for errors in its content: it is not in "
               "this proof.") == 0)
      said = 1;
    for (size_t k = 0; b->kind == LF_BLOCK_LIST && k < b->list_count; k++)
      if (strcmp(lf_inline_plain(f->arena, &b->list_items[k].items[0].text),
                 "other: not compared (errors in new).") == 0)
        listed = 1;
  }
  assert_true(said);
  assert_true(listed);
  free_versions(&v);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_script_is_shortest),
      cmocka_unit_test(test_empty_and_equal),
      cmocka_unit_test(test_long_paragraph_bounded),
      cmocka_unit_test(test_words_of),
      cmocka_unit_test(test_word_diff),
      cmocka_unit_test(test_first_word),
      cmocka_unit_test_setup_teardown(test_document_edits, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_table_cell_changed, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_first_word_marked, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_drug_removed, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_back_page, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_list_numbered, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_short_title, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_picture_changed, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_heading_level, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_same_and_new_documents, content_setup,
                                      content_teardown),
      cmocka_unit_test_setup_teardown(test_proof_document, content_setup, content_teardown),
      cmocka_unit_test_setup_teardown(test_not_compared_in_proof, content_setup,
                                      content_teardown),
      cmocka_unit_test_setup_teardown(test_version_unchanged, trees_setup, trees_teardown),
      cmocka_unit_test_setup_teardown(test_not_compared, trees_setup, trees_teardown),
  };
  return cmocka_run_group_tests_name("diff", tests, NULL, NULL);
}
