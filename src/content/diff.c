/*
 * diff.c -- what changed between two versions of a document (diff.h):
 * Myers' linear-space difference algorithm over any sequence, the words of
 * a paragraph, and documents aligned paragraph by paragraph.
 *
 * The algorithm (after Myers 1986, section 4b, in the form diff-match-patch
 * made familiar): strip the common head and tail of a stretch; if one side
 * is then empty the rest is a plain insertion or deletion; else search the
 * edit graph from both corners at once, one more edit at a time, until a
 * forward path and a reverse path overlap: that middle snake splits the
 * stretch into two smaller ones with about half the edits each.  Halves
 * wait on an explicit list rather than the C stack, so input can never run
 * the stack out, and each half reuses the same two diagonal vectors.
 */
#include <stdlib.h>
#include <string.h>

#include "leaflet/diff.h"

/* ---- the edit script ------------------------------------------------------- */

/*
 * 'add_edit()' - Append 'count' items of 'kind', merged with the last edit
 * when it is of the same kind and they follow on.  Returns 0 or -1.
 */
static int add_edit(lf_arena *arena, lf_edits *e, lf_edit_kind kind, size_t old_at,
                    size_t new_at, size_t count) {
  if (count == 0)
    return 0;
  if (e->count) {
    lf_edit *last = &e->items[e->count - 1];
    if (last->kind == kind &&
        (kind == LF_EDIT_INSERT || last->old_at + last->count == old_at) &&
        (kind == LF_EDIT_DELETE || last->new_at + last->count == new_at)) {
      last->count += count;
      return 0;
    }
  }
  if (e->count == e->cap) {
    size_t cap = e->cap ? e->cap * 2 : 16;
    lf_edit *grown = lf_arena_grow(arena, e->items, e->count, cap, sizeof *grown);
    if (!grown)
      return -1;
    e->items = grown;
    e->cap = cap;
  }
  e->items[e->count++] = (lf_edit){kind, old_at, new_at, count};
  return 0;
}

/* ---- the middle snake ------------------------------------------------------ */

/* A stretch still to diff, or (same > 0) a common tail to emit once the
 * stretch before it is done. */
typedef struct pending {
  size_t a0, a1, b0, b1;
  size_t same;
} pending;

/* What one diff works with. */
typedef struct differ {
  lf_same_fn same;
  const void *ctx;
  long *v1, *v2;          /* the forward and reverse diagonal vectors */
  pending *stack;         /* halves waiting, the next on top */
  size_t depth, cap;
  size_t work;            /* comparisons and steps so far (LF_DIFF_BUDGET) */
} differ;

/* How a search of a stretch ended. */
enum { SPLIT_MIDDLE, SPLIT_FURTHEST, SPLIT_NONE };

/*
 * 'same_at()' - Compare two items, counting the work.
 */
static int same_at(differ *df, size_t i, size_t j) {
  df->work++;
  return df->same(df->ctx, i, j);
}

/*
 * 'bisect()' - Find the middle snake of the stretch [a0, a0+n) x [b0, b0+m)
 * (both non-empty, first and last items differing), searching at most
 * 'max_d' edits from each end.  Returns SPLIT_MIDDLE with the split in
 * *sx, *sy; SPLIT_FURTHEST with the point the search got furthest to when
 * 'max_d' was reached first (the split GNU diff makes when a diff is too
 * costly); or SPLIT_NONE when the whole diff's budget is spent.
 */
static int bisect(differ *df, size_t a0, long n, size_t b0, long m, long max_d, size_t *sx,
                  size_t *sy) {
  long offset = max_d, length = 2 * max_d + 2;
  long *v1 = df->v1, *v2 = df->v2;
  for (long i = 0; i < length; i++)
    v1[i] = v2[i] = -1;
  df->work += (size_t)length;
  v1[offset + 1] = 0;
  v2[offset + 1] = 0;
  long delta = n - m;
  int front = delta % 2 != 0; /* the forward path meets the reverse one */
  long k1start = 0, k1end = 0, k2start = 0, k2end = 0;
  long best = 0, best_x = 0, best_y = 0; /* the furthest point reached */
  for (long d = 0; d < max_d; d++) {
    if (df->work > LF_DIFF_BUDGET)
      return SPLIT_NONE;
    for (long k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
      long k1o = offset + k1;
      long x1 = (k1 == -d || (k1 != d && v1[k1o - 1] < v1[k1o + 1])) ? v1[k1o + 1]
                                                                     : v1[k1o - 1] + 1;
      long y1 = x1 - k1;
      while (x1 < n && y1 < m && same_at(df, a0 + (size_t)x1, b0 + (size_t)y1)) {
        x1++;
        y1++;
      }
      v1[k1o] = x1;
      df->work++;
      if (x1 > n) {
        k1end += 2; /* off the right of the graph */
      } else if (y1 > m) {
        k1start += 2; /* off the bottom */
      } else {
        if (x1 + y1 > best) {
          best = x1 + y1;
          best_x = x1;
          best_y = y1;
        }
        long k2o = offset + delta - k1;
        if (front && k2o >= 0 && k2o < length && v2[k2o] != -1 && x1 >= n - v2[k2o]) {
          *sx = a0 + (size_t)x1;
          *sy = b0 + (size_t)y1;
          return SPLIT_MIDDLE;
        }
      }
    }
    for (long k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
      long k2o = offset + k2;
      long x2 = (k2 == -d || (k2 != d && v2[k2o - 1] < v2[k2o + 1])) ? v2[k2o + 1]
                                                                     : v2[k2o - 1] + 1;
      long y2 = x2 - k2;
      while (x2 < n && y2 < m &&
             same_at(df, a0 + (size_t)(n - x2 - 1), b0 + (size_t)(m - y2 - 1))) {
        x2++;
        y2++;
      }
      v2[k2o] = x2;
      df->work++;
      if (x2 > n) {
        k2end += 2;
      } else if (y2 > m) {
        k2start += 2;
      } else {
        if (x2 + y2 > best) {
          best = x2 + y2;
          best_x = n - x2;
          best_y = m - y2;
        }
        long k1o = offset + delta - k2;
        if (!front && k1o >= 0 && k1o < length && v1[k1o] != -1) {
          long x1 = v1[k1o], y1 = offset + x1 - k1o;
          if (x1 >= n - x2) {
            *sx = a0 + (size_t)x1;
            *sy = b0 + (size_t)y1;
            return SPLIT_MIDDLE;
          }
        }
      }
    }
  }
  *sx = a0 + (size_t)best_x;
  *sy = b0 + (size_t)best_y;
  return SPLIT_FURTHEST;
}

/*
 * 'push()' - Put a stretch (or a common tail) on the waiting list.
 */
static int push(differ *df, pending p) {
  if (df->depth == df->cap) {
    size_t cap = df->cap ? df->cap * 2 : 64;
    pending *grown = realloc(df->stack, cap * sizeof *grown);
    if (!grown)
      return -1;
    df->stack = grown;
    df->cap = cap;
  }
  df->stack[df->depth++] = p;
  return 0;
}

/*
 * 'diff_stretch()' - One stretch: its common head now, its common tail
 * after the middle, and the middle split in two or given whole.
 */
static int diff_stretch(differ *df, lf_arena *arena, pending p, lf_edits *out) {
  size_t head = 0;
  while (p.a0 + head < p.a1 && p.b0 + head < p.b1 &&
         df->same(df->ctx, p.a0 + head, p.b0 + head))
    head++;
  if (add_edit(arena, out, LF_EDIT_SAME, p.a0, p.b0, head) != 0)
    return -1;
  p.a0 += head;
  p.b0 += head;
  size_t tail = 0;
  while (p.a1 - tail > p.a0 && p.b1 - tail > p.b0 &&
         df->same(df->ctx, p.a1 - tail - 1, p.b1 - tail - 1))
    tail++;
  p.a1 -= tail;
  p.b1 -= tail;
  if (tail && push(df, (pending){p.a1, p.a1, p.b1, p.b1, tail}) != 0)
    return -1;
  if (p.a0 == p.a1 || p.b0 == p.b1) {
    if (add_edit(arena, out, LF_EDIT_DELETE, p.a0, p.b0, p.a1 - p.a0) != 0 ||
        add_edit(arena, out, LF_EDIT_INSERT, p.a1, p.b0, p.b1 - p.b0) != 0)
      return -1;
    return 0;
  }
  size_t n = p.a1 - p.a0, m = p.b1 - p.b0;
  size_t bound = LF_DIFF_WORK / (n + m);
  if (bound < 64)
    bound = 64;
  size_t max_d = (n + m + 1) / 2;
  if (max_d > bound)
    max_d = bound;
  size_t x = 0, y = 0;
  int split = df->work > LF_DIFF_BUDGET
                  ? SPLIT_NONE
                  : bisect(df, p.a0, (long)n, p.b0, (long)m, (long)max_d, &x, &y);
  if (split == SPLIT_FURTHEST && max_d == (n + m + 1) / 2)
    split = SPLIT_NONE; /* searched to the end: nothing in common */
  else if (split != SPLIT_MIDDLE)
    out->capped = 1; /* cut short: split where it got furthest, or given whole */
  /* a split at a corner would not make the stretch smaller */
  if (split == SPLIT_NONE || (x == p.a0 && y == p.b0) || (x == p.a1 && y == p.b1)) {
    if (add_edit(arena, out, LF_EDIT_DELETE, p.a0, p.b0, n) != 0 ||
        add_edit(arena, out, LF_EDIT_INSERT, p.a1, p.b0, m) != 0)
      return -1;
    return 0;
  }
  /* the second half waits under the first */
  if (push(df, (pending){x, p.a1, y, p.b1, 0}) != 0 ||
      push(df, (pending){p.a0, x, p.b0, y, 0}) != 0)
    return -1;
  return 0;
}

/*
 * 'regroup()' - Within each stretch between items in common, the items
 * taken out before the items put in (the script is no longer, and reads
 * as "[deleted: a b] [inserted: c d]" rather than interleaved).
 */
static void regroup(lf_edits *e) {
  size_t out = 0;
  for (size_t i = 0; i < e->count;) {
    if (e->items[i].kind == LF_EDIT_SAME) {
      e->items[out++] = e->items[i++];
      continue;
    }
    /* the stretch starts where its first edit does, in both sequences */
    size_t old_at = e->items[i].old_at, new_at = e->items[i].new_at, gone = 0, put = 0;
    for (; i < e->count && e->items[i].kind != LF_EDIT_SAME; i++) {
      if (e->items[i].kind == LF_EDIT_DELETE)
        gone += e->items[i].count;
      else
        put += e->items[i].count;
    }
    if (gone)
      e->items[out++] = (lf_edit){LF_EDIT_DELETE, old_at, new_at, gone};
    if (put)
      e->items[out++] = (lf_edit){LF_EDIT_INSERT, old_at + gone, new_at, put};
  }
  e->count = out;
}

/*
 * 'lf_diff_sequences()' - The edit script, stretch by stretch.
 */
int lf_diff_sequences(lf_arena *arena, size_t n, size_t m, lf_same_fn same,
                      const void *ctx, lf_edits *out) {
  memset(out, 0, sizeof *out);
  differ df = {.same = same, .ctx = ctx};
  size_t length = 2 * ((n + m + 1) / 2) + 3;
  df.v1 = malloc(length * sizeof *df.v1);
  df.v2 = malloc(length * sizeof *df.v2);
  int rc = df.v1 && df.v2 ? push(&df, (pending){0, n, 0, m, 0}) : -1;
  while (rc == 0 && df.depth) {
    pending p = df.stack[--df.depth];
    if (p.same)
      rc = add_edit(arena, out, LF_EDIT_SAME, p.a0, p.b0, p.same);
    else
      rc = diff_stretch(&df, arena, p, out);
  }
  free(df.v1);
  free(df.v2);
  free(df.stack);
  if (rc == 0)
    regroup(out);
  return rc;
}

/* ---- words ------------------------------------------------------------------ */

/* 'is_space()' - White space that separates words (not U+00A0). */
static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/*
 * 'add_word()' - Append a word.  Returns 0 or -1.
 */
static int add_word(lf_arena *arena, lf_word **words, size_t *count, size_t *cap,
                    lf_word w) {
  if (*count == *cap) {
    size_t ncap = *cap ? *cap * 2 : 32;
    lf_word *grown = lf_arena_grow(arena, *words, *count, ncap, sizeof *grown);
    if (!grown)
      return -1;
    *words = grown;
    *cap = ncap;
  }
  (*words)[(*count)++] = w;
  return 0;
}

/*
 * 'lf_words_of()' - Split runs at white space; a link's address follows
 * its words.
 */
int lf_words_of(lf_arena *arena, const lf_inline *in, lf_word **out, size_t *count) {
  lf_word *words = NULL;
  size_t n = 0, cap = 0;
  int space = 0;
  for (size_t r = 0; r < in->count; r++) {
    const lf_run *run = &in->runs[r];
    unsigned style = run->style & LF_RUN_STRONG;
    for (size_t i = 0; i < run->len;) {
      if (is_space(run->text[i])) {
        space = 1;
        i++;
        continue;
      }
      size_t start = i;
      while (i < run->len && !is_space(run->text[i]))
        i++;
      if (add_word(arena, &words, &n, &cap,
                   (lf_word){run->text + start, i - start, style, space && n > 0}) != 0)
        return -1;
      space = 0;
    }
    if ((run->style & LF_RUN_LINK) && run->href &&
        !(strlen(run->href) == run->len && memcmp(run->href, run->text, run->len) == 0)) {
      const char *address = lf_arena_printf(arena, "(%s)", run->href);
      if (!address ||
          add_word(arena, &words, &n, &cap, (lf_word){address, strlen(address), 0, 1}) != 0)
        return -1;
    }
  }
  *out = words;
  *count = n;
  return 0;
}

/*
 * 'same_word()' - Equal bytes, boldness and space before.
 */
static int same_word(const lf_word *a, const lf_word *b) {
  return a->len == b->len && a->style == b->style && a->space_before == b->space_before &&
         memcmp(a->text, b->text, a->len) == 0;
}

/* Two runs of words, for lf_diff_sequences(). */
typedef struct word_pair {
  const lf_word *a, *b;
} word_pair;

/*
 * 'same_word_at()' - Word i of the old run against word j of the new one:
 * equal bytes and boldness, and the same space before unless either is its
 * paragraph's first word, which has none whatever it had before (with
 * "Your" taken out of "Your doctor ...", "doctor" is the same word).
 */
static int same_word_at(const void *ctx, size_t i, size_t j) {
  const word_pair *w = ctx;
  const lf_word *a = &w->a[i], *b = &w->b[j];
  return a->len == b->len && a->style == b->style &&
         (i == 0 || j == 0 || a->space_before == b->space_before) &&
         memcmp(a->text, b->text, a->len) == 0;
}

/*
 * 'lf_diff_words()' - The edit script between two runs of words.
 */
int lf_diff_words(lf_arena *arena, const lf_word *old_words, size_t n,
                  const lf_word *new_words, size_t m, lf_edits *out) {
  word_pair w = {old_words, new_words};
  return lf_diff_sequences(arena, n, m, same_word_at, &w, out);
}

/* ---- documents --------------------------------------------------------------- */

/* Units being collected from one document. */
typedef struct collector {
  lf_arena *arena;
  lf_text_unit *units;
  size_t count, cap;
  const char *drug;      /* the drug section being walked, or NULL */
  int drug_level;        /* its heading's level */
  lf_unit_part part;     /* the part of the document being walked */
  int failed;
} collector;

/*
 * 'lf_unit_list_kind()' - Not in a list, or in a bulleted or numbered one.
 */
lf_list_kind lf_unit_list_kind(const lf_text_unit *u) {
  if (u->list_depth == 0)
    return LF_LIST_NONE;
  return u->ordered ? LF_LIST_NUMBERED : LF_LIST_BULLETED;
}

/*
 * 'hash_unit()' - FNV-1a over what same_unit() compares: a unit's part,
 * level, list kind, picture and words.
 */
static uint64_t hash_unit(const lf_text_unit *u) {
  uint64_t h = 0xCBF29CE484222325u;
  h = (h ^ (uint64_t)u->level) * 0x100000001B3u;
  h = (h ^ (uint64_t)u->part) * 0x100000001B3u;
  h = (h ^ (uint64_t)lf_unit_list_kind(u)) * 0x100000001B3u;
  for (size_t k = 0; u->has_picture && k < LF_SHA256_SIZE; k++)
    h = (h ^ u->picture[k]) * 0x100000001B3u;
  for (size_t i = 0; i < u->word_count; i++) {
    const lf_word *w = &u->words[i];
    h = (h ^ (uint64_t)(w->style * 2 + (unsigned)w->space_before)) * 0x100000001B3u;
    for (size_t k = 0; k < w->len; k++)
      h = (h ^ (unsigned char)w->text[k]) * 0x100000001B3u;
  }
  return h;
}

/*
 * 'add_unit()' - A heading or paragraph, with its words.
 */
static void add_unit(collector *c, const lf_block *b, int list_depth, int ordered,
                     int item_start, int in_callout) {
  if (c->failed)
    return;
  if (c->count == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 64;
    lf_text_unit *grown = lf_arena_grow(c->arena, c->units, c->count, cap, sizeof *grown);
    if (!grown) {
      c->failed = 1;
      return;
    }
    c->units = grown;
    c->cap = cap;
  }
  lf_text_unit *u = &c->units[c->count];
  memset(u, 0, sizeof *u);
  u->block = b;
  u->part = c->part;
  u->level = b->kind == LF_BLOCK_HEADING ? b->level : 0;
  u->list_depth = list_depth;
  u->ordered = ordered;
  u->item_start = item_start;
  u->in_callout = in_callout;
  if (lf_words_of(c->arena, &b->text, &u->words, &u->word_count) != 0) {
    c->failed = 1;
    return;
  }
  /* a drug section runs from its heading to the next heading at its level
   * or above */
  if (u->level && c->drug && u->level <= c->drug_level)
    c->drug = NULL;
  if (u->level && b->role && strcmp(b->role, "drug") == 0) {
    c->drug = lf_inline_plain(c->arena, &b->text);
    c->drug_level = u->level;
  }
  u->drug = c->drug;
  u->hash = hash_unit(u);
  c->count++;
}

/* Runs gathered for a paragraph the proof makes (a table's row, a
 * figure's alt text). */
typedef struct run_list {
  lf_run *runs;
  size_t count, cap;
} run_list;

/*
 * 'put_run()' - Append a run, or text of the program's own as a plain run
 * ('run' NULL).
 */
static void put_run(collector *c, run_list *l, const lf_run *run, const char *text) {
  if (c->failed || (!run && !text))
    return;
  if (l->count == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 16;
    lf_run *grown = lf_arena_grow(c->arena, l->runs, l->count, cap, sizeof *grown);
    if (!grown) {
      c->failed = 1;
      return;
    }
    l->runs = grown;
    l->cap = cap;
  }
  lf_run *r = &l->runs[l->count++];
  if (run) {
    *r = *run;
  } else {
    memset(r, 0, sizeof *r);
    r->text = text;
    r->len = strlen(text);
  }
}

/*
 * 'put_blocks()' - The runs of a table cell's paragraphs and list items,
 * a space between blocks.
 */
static void put_blocks(collector *c, run_list *l, const lf_blocks *blocks) {
  for (size_t i = 0; i < blocks->count && !c->failed; i++) {
    const lf_block *b = &blocks->items[i];
    if (b->kind == LF_BLOCK_PARAGRAPH || b->kind == LF_BLOCK_HEADING) {
      if (l->count)
        put_run(c, l, NULL, " ");
      for (size_t r = 0; r < b->text.count; r++)
        put_run(c, l, &b->text.runs[r], NULL);
    } else if (b->kind == LF_BLOCK_LIST) {
      for (size_t k = 0; k < b->list_count; k++)
        put_blocks(c, l, &b->list_items[k]);
    }
  }
}

/*
 * 'add_made()' - A unit for text a block holds outside its own 'text': a
 * paragraph made of 'runs', at 'pos', in the block's language.
 */
static void add_made(collector *c, const lf_block *b, run_list *runs, lf_pos pos,
                     int list_depth, int ordered, int in_callout) {
  if (c->failed || runs->count == 0)
    return;
  lf_block *p = lf_arena_alloc(c->arena, sizeof *p); /* zeroed */
  if (!p) {
    c->failed = 1;
    return;
  }
  p->kind = LF_BLOCK_PARAGRAPH;
  p->pos = pos;
  p->language = b->language;
  p->language_pos = b->language_pos;
  p->text = (lf_inline){runs->runs, runs->count};
  add_unit(c, p, list_depth, ordered, 0, in_callout);
}

/*
 * 'collect_table()' - A table as the proof shows it: its caption, then
 * each row as one paragraph of its cells, "Header: value; ..." (the
 * header row itself as its cells), so that a changed cell is a changed
 * row and a row taken out (a drug out of an edition's drug table) is a
 * paragraph removed.
 */
static void collect_table(collector *c, const lf_block *b, int list_depth, int ordered,
                          int in_callout) {
  const lf_table *t = b->table;
  if (!t)
    return;
  run_list caption = {0};
  for (size_t r = 0; r < t->caption.count; r++)
    put_run(c, &caption, &t->caption.runs[r], NULL);
  add_made(c, b, &caption, b->pos, list_depth, ordered, in_callout);
  /* "Header: " for each column, from the last header row (NULL: none) */
  const char **heads = lf_arena_array(c->arena, t->columns + 1, sizeof *heads);
  if (!heads) {
    c->failed = 1;
    return;
  }
  for (size_t k = 0; t->header_rows && k < t->columns; k++)
    heads[k] = lf_cell_label(c->arena, &t->rows[t->header_rows - 1].cells[k]);
  for (size_t row = 0; row < t->row_count && !c->failed; row++) {
    const lf_table_row *tr = &t->rows[row];
    run_list l = {0};
    for (size_t k = 0; k < t->columns && !c->failed; k++) {
      run_list cell = {0};
      put_blocks(c, &cell, &tr->cells[k]);
      if (cell.count == 0)
        continue;
      if (l.count)
        put_run(c, &l, NULL, "; ");
      if (row >= t->header_rows)
        put_run(c, &l, NULL, heads[k]);
      for (size_t r = 0; r < cell.count; r++)
        put_run(c, &l, &cell.runs[r], NULL);
    }
    add_made(c, b, &l, tr->pos, list_depth, ordered, in_callout);
  }
}

/*
 * 'collect_figure()' - A figure as the proof shows it: "Picture:" and its
 * alt text (what a screen reader says of it), or "Picture (decorative)",
 * carrying the digest of the picture's file (a new drawing under the same
 * alt text is a change patients see); then its caption.
 */
static void collect_figure(collector *c, const lf_block *b, int list_depth, int ordered,
                           int in_callout) {
  const lf_figure *f = b->figure;
  if (!f)
    return;
  run_list l = {0};
  if (f->alt && *f->alt) {
    put_run(c, &l, NULL, "Picture: ");
    put_run(c, &l, NULL, f->alt);
  } else {
    put_run(c, &l, NULL, "Picture (decorative)");
  }
  size_t at = c->count;
  add_made(c, b, &l, b->pos, list_depth, ordered, in_callout);
  if (!c->failed && c->count > at && f->image && f->image->data) {
    lf_text_unit *u = &c->units[at];
    lf_sha256 sha;
    lf_sha256_init(&sha);
    lf_sha256_update(&sha, f->image->data, f->image->size);
    lf_sha256_final(&sha, u->picture);
    u->has_picture = 1;
    u->hash = hash_unit(u);
  }
  run_list caption = {0};
  for (size_t r = 0; r < f->caption.count; r++)
    put_run(c, &caption, &f->caption.runs[r], NULL);
  add_made(c, b, &caption, b->pos, list_depth, ordered, in_callout);
}

/*
 * 'collect()' - Every heading and paragraph of a run of blocks, with
 * tables a paragraph a row and figures their alt text and caption.
 */
static void collect(collector *c, const lf_blocks *blocks, int list_depth, int ordered,
                    int in_callout) {
  for (size_t i = 0; i < blocks->count && !c->failed; i++) {
    const lf_block *b = &blocks->items[i];
    switch (b->kind) {
    case LF_BLOCK_HEADING:
    case LF_BLOCK_PARAGRAPH:
      add_unit(c, b, list_depth, ordered, 0, in_callout);
      break;
    case LF_BLOCK_LIST:
      for (size_t k = 0; k < b->list_count; k++) {
        size_t first = c->count;
        collect(c, &b->list_items[k], list_depth + 1, b->ordered, in_callout);
        if (c->count > first)
          c->units[first].item_start = 1;
      }
      break;
    case LF_BLOCK_CALLOUT:
      collect(c, &b->body, list_depth, ordered, 1);
      break;
    case LF_BLOCK_WRITE_IN:
    case LF_BLOCK_QR:
      if (b->text.count) /* a write-in's label, the words beside a QR code */
        add_unit(c, b, list_depth, ordered, 0, in_callout);
      break;
    case LF_BLOCK_TABLE:
      collect_table(c, b, list_depth, ordered, in_callout);
      break;
    case LF_BLOCK_FIGURE:
      collect_figure(c, b, list_depth, ordered, in_callout);
      break;
    case LF_BLOCK_LABEL_BOX:
    case LF_BLOCK_PAGE_BREAK:
      break;
    }
  }
}

/*
 * 'collect_furniture()' - The lines printed on every page of a document,
 * each a paragraph of the furniture named by its first words: "Short
 * title: ..." (the footer's title) when the leaflet has one.
 */
static void collect_furniture(collector *c, const lf_document *doc) {
  if (!doc->short_title || !*doc->short_title)
    return;
  lf_block b = {.kind = LF_BLOCK_PARAGRAPH};
  run_list l = {0};
  put_run(c, &l, NULL, "Short title: ");
  put_run(c, &l, NULL, doc->short_title);
  /* the model keeps no place for short_title: its file */
  add_made(c, &b, &l, (lf_pos){doc->source_file, 0, 0}, 0, 0, 0);
}

/*
 * 'collect_document()' - A document's units: its body, its back page, its
 * furniture.
 */
static void collect_document(collector *c, const lf_document *doc) {
  c->part = LF_PART_BODY;
  collect(c, &doc->body, 0, 0, 0);
  c->part = LF_PART_BACK_PAGE;
  c->drug = NULL; /* the back page is in no drug's section */
  collect(c, &doc->back_page, 0, 0, 0);
  c->part = LF_PART_FURNITURE;
  collect_furniture(c, doc);
}

/* Two documents' units, for lf_diff_sequences(). */
typedef struct unit_pair {
  const lf_text_unit *a, *b;
} unit_pair;

/*
 * 'same_unit()' - The same part, level, list kind, picture and words.
 */
static int same_unit(const lf_text_unit *a, const lf_text_unit *b) {
  if (a->hash != b->hash || a->level != b->level || a->word_count != b->word_count ||
      a->part != b->part || lf_unit_list_kind(a) != lf_unit_list_kind(b) ||
      a->has_picture != b->has_picture ||
      (a->has_picture && memcmp(a->picture, b->picture, LF_SHA256_SIZE) != 0))
    return 0;
  for (size_t i = 0; i < a->word_count; i++)
    if (!same_word(&a->words[i], &b->words[i]))
      return 0;
  return 1;
}

/* 'same_unit_at()' - same_unit() of a's unit 'i' and b's unit 'j', as the
 * diff calls it. */
static int same_unit_at(const void *ctx, size_t i, size_t j) {
  const unit_pair *u = ctx;
  return same_unit(&u->a[i], &u->b[j]);
}

/*
 * 'drug_names()' - The drugs whose sections are in 'units' and not in
 * 'other' (names as their headings print them).
 */
static const char **drug_names(lf_arena *arena, const lf_text_unit *units, size_t n,
                               const lf_text_unit *other, size_t m, size_t *count) {
  const char **names = lf_arena_array(arena, n + 1, sizeof *names);
  *count = 0;
  if (!names)
    return NULL;
  for (size_t i = 0; i < n; i++) {
    const char *d = units[i].drug;
    if (!d || (i > 0 && units[i - 1].drug == d))
      continue;
    int elsewhere = 0;
    for (size_t j = 0; j < m && !elsewhere; j++)
      elsewhere = other[j].drug && strcmp(other[j].drug, d) == 0;
    for (size_t k = 0; k < *count && !elsewhere; k++)
      elsewhere = strcmp(names[k], d) == 0;
    if (!elsewhere)
      names[(*count)++] = d;
  }
  return names;
}

/*
 * 'in_names()' - Whether 'name' is one of 'names'.
 */
static int in_names(const char *name, const char *const *names, size_t n) {
  for (size_t i = 0; name && i < n; i++)
    if (strcmp(names[i], name) == 0)
      return 1;
  return 0;
}

/*
 * 'add_change()' - Append a unit's change.  Returns the change, or NULL.
 */
static lf_unit_change *add_change(lf_arena *arena, lf_document_diff *d, size_t *cap,
                                  lf_change change, const lf_text_unit *old_unit,
                                  const lf_text_unit *new_unit) {
  if (d->change_count == *cap) {
    size_t ncap = *cap ? *cap * 2 : 64;
    lf_unit_change *grown = lf_arena_grow(arena, d->changes, d->change_count, ncap,
                                          sizeof *grown);
    if (!grown)
      return NULL;
    d->changes = grown;
    *cap = ncap;
  }
  lf_unit_change *c = &d->changes[d->change_count++];
  memset(c, 0, sizeof *c);
  c->change = change;
  c->old_unit = old_unit;
  c->new_unit = new_unit;
  return c;
}

/*
 * 'same_line()' - Whether two lines of the furniture are the same line:
 * their names, the words up to the first ending in ':', are.
 */
static int same_line(const lf_text_unit *a, const lf_text_unit *b) {
  for (size_t i = 0; i < a->word_count && i < b->word_count; i++) {
    const lf_word *x = &a->words[i], *y = &b->words[i];
    if (x->len != y->len || memcmp(x->text, y->text, x->len) != 0)
      return 0;
    if (x->len && x->text[x->len - 1] == ':')
      return 1;
  }
  return 0;
}

/*
 * 'similar()' - Whether two units are one paragraph changed: the same kind
 * (heading or not) in the same part, sharing at least half the words of
 * the longer, or the same line of the furniture; its word diff in '*words'
 * when they are.
 */
static int similar(lf_arena *arena, const lf_text_unit *a, const lf_text_unit *b,
                   lf_edits *words, int *failed) {
  if ((a->level != 0) != (b->level != 0) || a->part != b->part)
    return 0;
  if (a->part == LF_PART_FURNITURE && !same_line(a, b))
    return 0;
  if (lf_diff_words(arena, a->words, a->word_count, b->words, b->word_count, words) != 0) {
    *failed = 1;
    return 0;
  }
  if (a->part == LF_PART_FURNITURE)
    return 1;
  size_t common = 0;
  for (size_t i = 0; i < words->count; i++)
    if (words->items[i].kind == LF_EDIT_SAME)
      common += words->items[i].count;
  size_t longer = a->word_count > b->word_count ? a->word_count : b->word_count;
  return 2 * common >= longer;
}

/* How far ahead in the added paragraphs a removed one looks for its pair. */
enum { PAIR_WINDOW = 8 };

/*
 * 'pair_stretch()' - Removed paragraphs old[d0, d1) and added new[i0, i1)
 * between two aligned ones, as changes in reading order: pairs of similar
 * ones as changed, the rest removed or added.  Returns 0 or -1.
 */
static int pair_stretch(lf_arena *arena, lf_document_diff *d, size_t *cap, size_t d0,
                        size_t d1, size_t i0, size_t i1) {
  const lf_text_unit *a = d->old_units, *b = d->new_units;
  int failed = 0;
  while (d0 < d1 || i0 < i1) {
    if (d0 < d1 && !in_names(a[d0].drug, d->drugs_removed, d->drugs_removed_count)) {
      lf_edits words = {0};
      size_t found = i1;
      for (size_t j = i0; j < i1 && j < i0 + PAIR_WINDOW && found == i1 && !failed; j++)
        if (!in_names(b[j].drug, d->drugs_added, d->drugs_added_count) &&
            similar(arena, &a[d0], &b[j], &words, &failed))
          found = j;
      if (failed)
        return -1;
      if (found < i1) {
        for (; i0 < found; i0++)
          if (!add_change(arena, d, cap, LF_CHANGE_ADDED, NULL, &b[i0]))
            return -1;
        lf_unit_change *c = add_change(arena, d, cap, LF_CHANGE_CHANGED, &a[d0], &b[found]);
        if (!c)
          return -1;
        c->words = words;
        d0++;
        i0 = found + 1;
        continue;
      }
    }
    if (d0 < d1) {
      if (!add_change(arena, d, cap, LF_CHANGE_REMOVED, &a[d0++], NULL))
        return -1;
    } else if (!add_change(arena, d, cap, LF_CHANGE_ADDED, NULL, &b[i0++])) {
      return -1;
    }
  }
  return 0;
}

/*
 * 'lf_diff_documents()' - Align, pair, count.
 */
int lf_diff_documents(lf_arena *arena, const lf_document *old_doc,
                      const lf_document *new_doc, lf_document_diff *out) {
  memset(out, 0, sizeof *out);
  out->old_doc = old_doc;
  out->new_doc = new_doc;
  collector co = {.arena = arena}, cn = {.arena = arena};
  if (old_doc)
    collect_document(&co, old_doc);
  if (new_doc)
    collect_document(&cn, new_doc);
  if (co.failed || cn.failed)
    return -1;
  out->old_units = co.units;
  out->old_count = co.count;
  out->new_units = cn.units;
  out->new_count = cn.count;
  out->drugs_removed = drug_names(arena, co.units, co.count, cn.units, cn.count,
                                  &out->drugs_removed_count);
  out->drugs_added = drug_names(arena, cn.units, cn.count, co.units, co.count,
                                &out->drugs_added_count);
  if (!out->drugs_removed || !out->drugs_added)
    return -1;
  unit_pair pair = {co.units, cn.units};
  lf_edits edits;
  if (lf_diff_sequences(arena, co.count, cn.count, same_unit_at, &pair, &edits) != 0)
    return -1;
  size_t cap = 0;
  for (size_t e = 0; e < edits.count;) {
    const lf_edit *ed = &edits.items[e];
    if (ed->kind == LF_EDIT_SAME) {
      for (size_t k = 0; k < ed->count; k++)
        if (!add_change(arena, out, &cap, LF_CHANGE_NONE, &co.units[ed->old_at + k],
                        &cn.units[ed->new_at + k]))
          return -1;
      e++;
      continue;
    }
    /* a stretch of removed and added paragraphs between aligned ones */
    size_t d0 = ed->old_at, d1 = ed->old_at, i0 = ed->new_at, i1 = ed->new_at;
    for (; e < edits.count && edits.items[e].kind != LF_EDIT_SAME; e++) {
      if (edits.items[e].kind == LF_EDIT_DELETE)
        d1 = edits.items[e].old_at + edits.items[e].count;
      else
        i1 = edits.items[e].new_at + edits.items[e].count;
    }
    if (pair_stretch(arena, out, &cap, d0, d1, i0, i1) != 0)
      return -1;
  }
  for (size_t i = 0; i < out->change_count; i++) {
    const lf_unit_change *c = &out->changes[i];
    if (c->change == LF_CHANGE_CHANGED)
      out->changed++;
    else if (c->change == LF_CHANGE_ADDED &&
             !in_names(c->new_unit->drug, out->drugs_added, out->drugs_added_count))
      out->added++;
    else if (c->change == LF_CHANGE_REMOVED &&
             !in_names(c->old_unit->drug, out->drugs_removed, out->drugs_removed_count))
      out->removed++;
  }
  return 0;
}

/*
 * 'lf_document_diff_empty()' - No paragraph and no drug changed, and both
 * versions are there.
 */
int lf_document_diff_empty(const lf_document_diff *d) {
  if (!d->old_doc || !d->new_doc)
    return 0;
  for (size_t i = 0; i < d->change_count; i++)
    if (d->changes[i].change != LF_CHANGE_NONE)
      return 0;
  return 1;
}
