/*
 * resolve.c -- a leaflet and its editions to plain documents (document.h).
 *
 * Ids become the things they name, {tumour.*} is filled in, drug sections
 * and fragments are expanded, text is parsed into runs, and the generated
 * sections (references, glossary, about this leaflet) are added.  Errors
 * point at the YAML that caused them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "leaflet/document.h"
#include "leaflet/language.h"
#include "leaflet/words.h"

enum { MAX_INCLUDE_DEPTH = 16 };

/* What one document may hold: more is not a leaflet, and would only run
 * the arena out of memory a thousand pages later with no place to blame.
 * Blocks count every heading, paragraph, list, list item's block and
 * callout, with fragments and drug sections counted each time they are
 * placed; text counts the bytes of every string set as running text. */
enum { MAX_DOCUMENT_BLOCKS = 20000 };
#define MAX_DOCUMENT_TEXT ((size_t)2 << 20)

/* What resolving one document needs to know and collect. */
typedef struct resolver {
  lf_arena *arena;
  lf_diags *diags;
  const lf_content *content;
  const lf_leaflet *leaflet;
  const lf_edition *edition;     /* NULL when not a template */
  const lf_tumour *tumour;       /* NULL when not a template */
  int last_heading;              /* level of the last heading, 1..4 */
  const char *includes[MAX_INCLUDE_DEPTH];
  int include_depth;
  const char *drugs_open[MAX_INCLUDE_DEPTH]; /* drug sections being expanded */
  int drug_depth;
  int in_edition_text;           /* the edition's text is being placed */
  size_t block_count, text_bytes; /* against MAX_DOCUMENT_* */
  int too_long;                   /* the limit has been reported */
  const lf_words *words;         /* the program's words in the leaflet's language
                                    (their blocks tagged lf_words_tag()) */
  const lf_term **terms_used;    /* in order of first use */
  size_t terms_count, terms_cap;
  const lf_drug **drugs_placed;  /* drugs with a section or a table row,
                                    in order of first place (keywords) */
  size_t placed_count, placed_cap;
  int failed;
} resolver;

/* A growing run of blocks. */
typedef struct block_list {
  lf_blocks *out;
  size_t cap;
} block_list;

/*
 * 'push_block()' - Append a block; returns it (zeroed but for 'kind' and
 * 'pos'), or NULL when out of memory.
 */
static lf_block *push_block(resolver *r, block_list *bl, lf_block_kind kind,
                            lf_pos pos) {
  lf_blocks *b = bl->out;
  if (++r->block_count > MAX_DOCUMENT_BLOCKS) {
    if (!r->too_long)
      lf_error(r->diags, pos, "leaflet '%s' is too long: more than %d blocks (the limit is %d; "
               "split it into several leaflets)", r->leaflet->id, MAX_DOCUMENT_BLOCKS,
               MAX_DOCUMENT_BLOCKS);
    r->too_long = 1;
    r->failed = 1;
    return NULL;
  }
  if (b->count == bl->cap) {
    size_t cap = bl->cap ? bl->cap * 2 : 8;
    lf_block *items = lf_arena_grow(r->arena, b->items, b->count, cap, sizeof *items);
    if (!items) {
      lf_error(r->diags, pos, "out of memory");
      r->failed = 1;
      return NULL;
    }
    b->items = items;
    bl->cap = cap;
  }
  lf_block *blk = &b->items[b->count++];
  memset(blk, 0, sizeof *blk);
  blk->kind = kind;
  blk->pos = pos;
  return blk;
}

/*
 * 'note_term()' - Remember a glossary term the document uses.
 */
static void note_term(resolver *r, const lf_term *t) {
  for (size_t i = 0; i < r->terms_count; i++)
    if (r->terms_used[i] == t)
      return;
  if (r->terms_count == r->terms_cap) {
    size_t cap = r->terms_cap ? r->terms_cap * 2 : 8;
    const lf_term **grown = lf_arena_grow(r->arena, r->terms_used, r->terms_count, cap,
                                          sizeof *grown);
    if (!grown)
      return;
    r->terms_used = grown;
    r->terms_cap = cap;
  }
  r->terms_used[r->terms_count++] = t;
}

/*
 * 'tumour_field()' - The string node of {tumour.<field>}, or NULL
 * (reported).
 */
static const lf_node *tumour_field(resolver *r, const char *name, lf_pos pos) {
  if (!r->tumour) {
    lf_error(r->diags, pos,
             "{%s} is only for a leaflet with editions (this leaflet has no 'editions'; "
             "expected 'editions:' naming its tumour types, or the words written out here)",
             name);
    return NULL;
  }
  const char *field = name + strlen("tumour.");
  const lf_node *v = lf_node_get(r->tumour->root, field);
  if (!v || v->kind != LF_NODE_SCALAR) {
    const char *keys[32];
    size_t n = 0;
    for (size_t i = 0; i < r->tumour->root->count && n < 32; i++)
      keys[n++] = r->tumour->root->keys[i]->text;
    const char *near = lf_nearest_name(field, keys, n);
    if (near)
      lf_error(r->diags, pos, "tumour '%s' has no field '%s' (did you mean 'tumour.%s'?)",
               r->tumour->id, field, near);
    else
      lf_error(r->diags, pos, "tumour '%s' has no field '%s' (expected a key of %s)",
               r->tumour->id, field, r->tumour->file);
    return NULL;
  }
  return v;
}

/*
 * 'node_anchors()' - Set 'run' to the text of string node 'v' as it is,
 * anchored by the node's spans in its own file (none when it has none).
 * Returns 0, or -1 when out of memory.
 */
static int node_anchors(resolver *r, lf_run *run, const lf_node *v) {
  lf_anchor *anchors = NULL;
  if (v->span_count) {
    anchors = lf_arena_array(r->arena, v->span_count, sizeof *anchors);
    if (!anchors)
      return -1;
    for (size_t i = 0; i < v->span_count; i++) {
      lf_span span = lf_node_span(v, i);
      anchors[i].offset = span.offset;
      anchors[i].pos = (lf_pos){v->pos.file, span.line, span.column};
    }
  }
  run->text = v->text;
  run->len = v->len;
  run->anchors = anchors;
  run->anchor_count = anchors ? v->span_count : 0;
  return 0;
}

/*
 * 'report_unknown()' - "no <what> '<name>'" with the nearest known name as
 * a suggestion, or what was expected.  The known names are the 'field' of
 * each of 'count' records (REPORT_UNKNOWN below picks it out).
 */
static void report_unknown(resolver *r, lf_pos pos, const char *what, const char *name,
                           const void *first, size_t count, size_t stride,
                           const char *expected) {
  const char **names = lf_arena_array(r->arena, count + 1, sizeof *names);
  for (size_t k = 0; names && k < count; k++)
    names[k] = *(const char *const *)((const char *)first + k * stride);
  const char *near = names ? lf_nearest_name(name, names, count) : NULL;
  if (near)
    lf_error(r->diags, pos, "no %s '%s' (did you mean '%s'?)", what, name, near);
  else
    lf_error(r->diags, pos, "no %s '%s' (expected %s)", what, name, expected);
}

#define REPORT_UNKNOWN(r, pos, what, name, arr, count, field, expected)                \
  report_unknown((r), (pos), (what), (name), (count) ? (const void *)&(arr)[0].field : NULL, \
                 (count), sizeof *(arr), (expected))

/*
 * 'resolve_terms()' - Fill in {tumour.*} runs and check glossary terms.
 */
static int resolve_terms(resolver *r, lf_inline *in, lf_pos pos) {
  int rc = 0;
  for (size_t i = 0; i < in->count; i++) {
    lf_run *run = &in->runs[i];
    if (!(run->style & LF_RUN_TERM))
      continue;
    /* an error is placed at the term's '{', just before its name where
     * the file has it (else at the text's start) */
    lf_pos at = lf_run_char_pos(run, run->text, pos);
    if (run->anchor_count && at.column > 1)
      at.column--;
    if (strncmp(run->term, "tumour.", 7) == 0) {
      const lf_node *field = tumour_field(r, run->term, at);
      if (!field) {
        rc = -1;
        continue;
      }
      if (node_anchors(r, run, field) != 0) {
        lf_error(r->diags, pos, "out of memory");
        rc = -1;
        continue;
      }
      run->style &= ~LF_RUN_TERM;
      run->term = NULL;
      continue;
    }
    const lf_term *t = lf_content_term(r->content, run->term);
    /* a tumour field misspelt ({tumor.name}, {Tumour.name}, {tumour name})
     * is no glossary term: said as the field it was meant to be */
    size_t head = strcspn(run->term, ". ");
    if (!t && run->term[head] && head < 16) {
      char prefix[16];
      memcpy(prefix, run->term, head);
      prefix[head] = 0;
      static const char *const tumour_word[] = {"tumour"};
      /* "{tumour marker}" may be a term not yet defined: a space counts
       * only before a field the tumour type has */
      int field_after = run->term[head] == '.' ||
                        (r->tumour && lf_node_get(r->tumour->root, run->term + head + 1));
      if (field_after &&
          (strcasecmp(prefix, "tumour") == 0 || lf_nearest_name(prefix, tumour_word, 1))) {
        lf_error(r->diags, at, "no glossary term '%s' (did you mean '{tumour.%s}'? a tumour "
                 "type's fields are written '{tumour.<field>}')", run->term,
                 run->term + head + 1);
        rc = -1;
        continue;
      }
    }
    if (!t) {
      REPORT_UNKNOWN(r, at, "glossary term", run->term, r->content->terms,
                     r->content->term_count, term, "a term defined in glossary.yaml");
      rc = -1;
      continue;
    }
    note_term(r, t);
  }
  return rc;
}

/*
 * 'parse_text()' - A scalar node's inline text, resolved.
 */
static int parse_text(resolver *r, const lf_node *node, lf_inline *out) {
  if (node->kind != LF_NODE_SCALAR) {
    lf_error(r->diags, node->pos, "expected text, not %s", lf_node_kind_name(node->kind));
    return -1;
  }
  r->text_bytes += node->len;
  if (r->text_bytes > MAX_DOCUMENT_TEXT) {
    if (!r->too_long)
      lf_error(r->diags, node->pos, "leaflet '%s' is too long: more than %zu MiB of text (the "
               "limit is %zu MiB; split it into several leaflets)", r->leaflet->id,
               MAX_DOCUMENT_TEXT >> 20, MAX_DOCUMENT_TEXT >> 20);
    r->too_long = 1;
    return -1;
  }
  if (lf_parse_inline_node(r->arena, node, out, r->diags) != 0)
    return -1;
  if (out->count == 0) {
    lf_error(r->diags, node->pos, "empty text (expected words)");
    return -1;
  }
  return resolve_terms(r, out, node->pos);
}

/*
 * 'plain_runs()' - Runs holding one plain (or strong) string.
 */
static lf_inline plain_runs(resolver *r, const char *text, unsigned style) {
  lf_inline in = {0};
  in.runs = lf_arena_alloc(r->arena, sizeof *in.runs);
  if (in.runs) {
    in.runs[0] = (lf_run){.text = text, .len = strlen(text), .style = style};
    in.count = 1;
  }
  return in;
}

/*
 * 'concat_runs()' - a, a space, then b.
 */
static lf_inline concat_runs(resolver *r, lf_inline a, lf_inline b) {
  lf_inline out = {0};
  out.runs = lf_arena_array(r->arena, a.count + b.count + 1, sizeof *out.runs);
  if (!out.runs)
    return a;
  for (size_t i = 0; i < a.count; i++)
    out.runs[out.count++] = a.runs[i];
  out.runs[out.count++] = (lf_run){.text = " ", .len = 1};
  for (size_t i = 0; i < b.count; i++)
    out.runs[out.count++] = b.runs[i];
  return out;
}

static int resolve_blocks(resolver *r, const lf_node *list, block_list *bl);

/*
 * 'add_paragraph()' - A paragraph from a scalar node.
 */
static int add_paragraph(resolver *r, block_list *bl, const lf_node *node) {
  lf_inline text;
  if (parse_text(r, node, &text) != 0)
    return -1;
  lf_block *b = push_block(r, bl, LF_BLOCK_PARAGRAPH, node->pos);
  if (!b)
    return -1;
  b->text = text;
  return 0;
}

/*
 * 'add_heading()' - A heading of 'level' with keep-with-next.
 */
static lf_block *add_heading(resolver *r, block_list *bl, int level, lf_inline text,
                             lf_pos pos) {
  lf_block *b = push_block(r, bl, LF_BLOCK_HEADING, pos);
  if (!b)
    return NULL;
  b->level = level;
  b->text = text;
  b->keep = LF_KEEP_WITH_NEXT;
  r->last_heading = level;
  return b;
}

/*
 * 'body_or_text()' - A field that is one string or a list of blocks ('what'
 * names it when it is an empty list).
 */
static int body_or_text(resolver *r, const lf_node *v, block_list *bl, const char *what) {
  if (v->kind == LF_NODE_SCALAR)
    return add_paragraph(r, bl, v);
  if (v->kind == LF_NODE_SEQUENCE && v->count == 0) {
    lf_error(r->diags, v->pos, "%s is empty (expected text, or a list of blocks)", what);
    return -1;
  }
  if (v->kind == LF_NODE_SEQUENCE)
    return resolve_blocks(r, v, bl);
  lf_error(r->diags, v->pos, "expected text or a list of blocks, not a mapping");
  return -1;
}

/*
 * 'add_list()' - A bulleted or numbered list: items are strings or lists of
 * blocks.
 */
static int add_list(resolver *r, block_list *bl, const lf_node *v, int ordered) {
  if (v->kind != LF_NODE_SEQUENCE || v->count == 0) {
    lf_error(r->diags, v->pos, v->kind == LF_NODE_SEQUENCE
                                   ? "a list with no items (expected '[first, second]')"
                                   : "a list must be a list of items (expected '[first, second]')");
    return -1;
  }
  lf_block *b = push_block(r, bl, LF_BLOCK_LIST, v->pos);
  if (!b)
    return -1;
  size_t index = (size_t)(b - bl->out->items);
  b->ordered = ordered;
  lf_blocks *items = lf_arena_array(r->arena, v->count, sizeof *items);
  if (!items)
    return -1;
  int rc = 0;
  int saved_heading = r->last_heading;
  for (size_t i = 0; i < v->count; i++) {
    block_list ib = {.out = &items[i]};
    rc |= body_or_text(r, v->items[i], &ib, "a list item");
  }
  r->last_heading = saved_heading;
  b = &bl->out->items[index]; /* the array may have moved */
  b->list_items = items;
  b->list_count = v->count;
  return rc;
}

/*
 * 'drug_kind_word()' - For keywords.
 */
static const char *drug_kind_word(lf_drug_kind k) {
  static const char *const words[] = {"targeted therapy", "immunotherapy",
                                      "targeted therapy and immunotherapy",
                                      "hormone therapy", "chemotherapy", NULL};
  return words[k];
}

static int add_drug_parts(resolver *r, block_list *bl, const lf_drug *d, lf_pos pos,
                          int level);

/*
 * 'add_drug_section()' - A drug's section, at the level below the last
 * heading unless 'level' is given.
 */
static int add_drug_section(resolver *r, block_list *bl, const char *id, lf_pos pos,
                            int level) {
  const lf_drug *d = lf_content_drug(r->content, id);
  if (!d) {
    REPORT_UNKNOWN(r, pos, "drug", id, r->content->drugs, r->content->drug_count, id,
                   "the id of a file in drugs/");
    return -1;
  }
  /* a drug's text may hold drug sections, but never its own, however
   * deep (through fragments too): that would expand without end */
  for (int i = 0; i < r->drug_depth; i++)
    if (strcmp(r->drugs_open[i], d->id) == 0) {
      lf_error(r->diags, pos, "drug '%s' includes its own section (expected text that never leads back to the "
               "drug's own section, which would repeat without end)", d->id);
      return -1;
    }
  if (r->drug_depth == MAX_INCLUDE_DEPTH) {
    lf_error(r->diags, pos, "drug sections nest deeper than %d (expected at most %d inside one another)",
             MAX_INCLUDE_DEPTH, MAX_INCLUDE_DEPTH);
    return -1;
  }
  r->drugs_open[r->drug_depth++] = d->id;
  int rc = add_drug_parts(r, bl, d, pos, level);
  r->drug_depth--;
  return rc;
}

/*
 * 'note_drug()' - Remember that drug 'd' is in the document, for its
 * keywords; -1 when out of memory.
 */
static int note_drug(resolver *r, const lf_drug *d) {
  for (size_t i = 0; i < r->placed_count; i++)
    if (r->drugs_placed[i] == d)
      return 0;
  if (r->placed_count == r->placed_cap) {
    size_t cap = r->placed_cap ? r->placed_cap * 2 : 8;
    const lf_drug **grown =
        lf_arena_grow(r->arena, r->drugs_placed, r->placed_count, cap, sizeof *grown);
    if (!grown)
      return -1;
    r->drugs_placed = grown;
    r->placed_cap = cap;
  }
  r->drugs_placed[r->placed_count++] = d;
  return 0;
}

/*
 * 'add_drug_parts()' - The heading and text of drug 'd''s section.
 */
static int add_drug_parts(resolver *r, block_list *bl, const lf_drug *d, lf_pos pos,
                          int level) {
  if (note_drug(r, d) != 0)
    return -1;
  if (level == 0 && r->last_heading >= 4)
    lf_warning(r->diags, pos, "the section of drug '%s' follows an h4, so it is an h4 beside "
               "that heading, not under it (headings go down to h4; expected it after an h2 "
               "or h3, or its level given: '- drug: {id: %s, level: 2}')", d->id, d->id);
  if (level > r->last_heading + 1) {
    lf_error(r->diags, pos, "the section of drug '%s' at level %d follows an h%d: a heading "
             "level is skipped (expected level %d or less here)", d->id, level,
             r->last_heading, r->last_heading + 1);
    return -1;
  }
  if (level == 0)
    level = r->last_heading < 4 ? r->last_heading + 1 : 4;
  if (level < 2)
    level = 2;
  lf_block *h = add_heading(r, bl, level, plain_runs(r, d->name, 0), pos);
  if (!h)
    return -1;
  h->role = "drug";
  /* "<Name> is also called <Brand>." opens the first paragraph. */
  lf_inline also = {0};
  if (d->brand_count > 0) {
    size_t len = strlen(d->name) + 32;
    for (size_t i = 0; i < d->brand_count; i++)
      len += strlen(d->brand_names[i]) + 4;
    char *s = lf_arena_alloc(r->arena, len);
    if (!s)
      return -1;
    strcpy(s, d->name);
    strcat(s, " is also called ");
    for (size_t i = 0; i < d->brand_count; i++) {
      if (i)
        strcat(s, i + 1 == d->brand_count ? " or " : ", ");
      strcat(s, d->brand_names[i]);
    }
    strcat(s, ".");
    also = plain_runs(r, s, 0);
  }
  block_list tmp = {.out = lf_arena_alloc(r->arena, sizeof(lf_blocks))};
  if (!tmp.out)
    return -1;
  int rc = body_or_text(r, d->how_it_works, &tmp, "'how_it_works'");
  size_t start = 0;
  if (also.count) {
    if (tmp.out->count > 0 && tmp.out->items[0].kind == LF_BLOCK_PARAGRAPH) {
      tmp.out->items[0].text = concat_runs(r, also, tmp.out->items[0].text);
    } else {
      lf_block *p = push_block(r, bl, LF_BLOCK_PARAGRAPH, pos);
      if (!p)
        return -1;
      p->text = also;
    }
  }
  for (size_t i = start; i < tmp.out->count; i++) {
    r->block_count--; /* counted once already, when made in 'tmp' */
    lf_block *b = push_block(r, bl, tmp.out->items[i].kind, tmp.out->items[i].pos);
    if (!b)
      return -1;
    *b = tmp.out->items[i];
  }
  rc |= body_or_text(r, d->how_you_have_it, bl, "'how_you_have_it'");
  if (d->side_effects && d->side_effects->count > 0) {
    lf_block *p = push_block(r, bl, LF_BLOCK_PARAGRAPH, d->side_effects->pos);
    if (!p)
      return -1;
    p->text = plain_runs(r, lf_arena_printf(r->arena, "Common side effects of %s include:",
                                            d->name), 0);
    p->keep = LF_KEEP_WITH_NEXT;
    rc |= add_list(r, bl, d->side_effects, 0);
  }
  r->last_heading = level - 1; /* the next drug section is a sibling */
  return rc;
}

/*
 * 'add_callout()' - A boxed note holding 'body', never split.
 */
static lf_block *add_callout(resolver *r, block_list *bl, lf_blocks body, lf_pos pos) {
  lf_block *c = push_block(r, bl, LF_BLOCK_CALLOUT, pos);
  if (c) {
    c->body = body;
    c->keep = LF_KEEP_TOGETHER;
  }
  return c;
}

/*
 * 'facts_table()' - A table of facts, each row headed by what it is:
 * 'names[i]' and 'values[i]' for each value given (NULL values are left
 * out); the value of row 'link' (or -1) is a link to itself.  A table
 * with a caption and no rows is the caption, in bold.  Made outside the
 * body (counted as one block); NULL when out of memory or empty.
 */
static lf_block *facts_table(resolver *r, lf_pos pos, const char *caption,
                             const char *const *names, const char *const *values, int n,
                             int link) {
  lf_block *b = lf_arena_alloc(r->arena, sizeof *b);
  lf_table *t = lf_arena_alloc(r->arena, sizeof *t);
  if (!b || !t || !(t->rows = lf_arena_array(r->arena, (size_t)n, sizeof *t->rows)))
    return NULL;
  b->pos = pos;
  if (++r->block_count > MAX_DOCUMENT_BLOCKS)
    return NULL;
  for (int i = 0; i < n; i++) {
    if (!values[i])
      continue;
    lf_table_row *row = &t->rows[t->row_count++];
    row->pos = pos;
    row->cells = lf_arena_array(r->arena, 2, sizeof *row->cells);
    lf_block *cells = lf_arena_array(r->arena, 2, sizeof *cells);
    if (!row->cells || !cells)
      return NULL;
    for (int k = 0; k < 2; k++) {
      cells[k].kind = LF_BLOCK_PARAGRAPH;
      cells[k].pos = pos;
      cells[k].text = plain_runs(r, k ? values[i] : names[i], 0);
      /* the program's own words, and dates written their way: in the
       * leaflet's language where words/ has it, else English (so set left
       * to right) */
      cells[k].language = lf_words_tag(r->words);
      row->cells[k] = (lf_blocks){&cells[k], 1};
    }
    if (i == link) {
      cells[1].text.runs[0].style |= LF_RUN_LINK;
      cells[1].text.runs[0].href = values[i];
    }
  }
  if (t->row_count == 0) {
    b->kind = LF_BLOCK_PARAGRAPH;
    b->text = plain_runs(r, caption ? caption : "", LF_RUN_STRONG);
    return caption ? b : NULL;
  }
  b->kind = LF_BLOCK_TABLE;
  b->keep = LF_KEEP_TOGETHER;
  b->table = t;
  t->columns = 2;
  t->row_headers = 1;
  if (caption)
    t->caption = plain_runs(r, caption, 0);
  return b;
}

/*
 * 'contact_table()' - The leaflet's contact details as a table: the
 * contact's name as its caption, a row for each way to reach it (phone,
 * hours, email, web address), each headed by what it is.
 */
static lf_block *contact_table(resolver *r, lf_pos pos) {
  const lf_contact *c = &r->leaflet->contact;
  const char *const *w = r->words->text;
  const char *const names[] = {w[LF_WORD_PHONE], w[LF_WORD_HOURS], w[LF_WORD_EMAIL],
                               w[LF_WORD_WEB]};
  const char *values[] = {c->phone, c->hours, c->email, c->web};
  /* the cells are written where the leaflet gives its contact; the table
   * stands where the body asks for it */
  lf_block *b = facts_table(r, c->pos, c->text, names, values, 4, 3);
  if (b) {
    b->role = "contact";
    b->pos = pos;
  }
  return b;
}

/*
 * 'add_contact()' - The leaflet's contact details (contact_table()).
 */
static int add_contact(resolver *r, block_list *bl, lf_pos pos) {
  const lf_leaflet *l = r->leaflet;
  if (!l->has_contact) {
    lf_error(r->diags, pos, "this leaflet has no 'contact' (expected a contact: mapping in %s)",
             l->file);
    return -1;
  }
  lf_block *t = contact_table(r, pos);
  if (!t) {
    if (!r->too_long) /* else said once already */
      lf_error(r->diags, pos, "out of memory");
    return -1;
  }
  r->block_count--; /* counted by contact_table() */
  lf_block *b = push_block(r, bl, t->kind, pos);
  if (!b)
    return -1;
  *b = *t;
  return 0;
}

/*
 * 'known_keys()' - Every key of mapping 'v' is one of the 'n' in 'keys';
 * else an error at each other key, with the nearest name.
 */
static int known_keys(resolver *r, const lf_node *v, const char *what,
                      const char *const *keys, size_t n) {
  return lf_node_check_keys(r->arena, v, what, keys, n, r->diags) ? -1 : 0;
}

/*
 * 'plain_scalar()' - The text of a scalar node, or NULL after an error
 * saying what 'what' should be.
 */
static const char *plain_scalar(resolver *r, const lf_node *v, const char *what) {
  if (v->kind == LF_NODE_SCALAR)
    return v->text;
  lf_error(r->diags, v->pos, "%s must be text, not %s", what, lf_node_kind_name(v->kind));
  return NULL;
}

/*
 * 'flag_of()' - A key's value written true or false into '*out'; 0, or -1
 * after an error at the value.
 */
static int flag_of(resolver *r, const lf_node *v, const char *key, int *out) {
  if (v->kind != LF_NODE_SCALAR || (strcmp(v->text, "true") != 0 && strcmp(v->text, "false") != 0)) {
    lf_error(r->diags, v->pos, "'%s' must be true or false", key);
    return -1;
  }
  *out = v->text[0] == 't';
  return 0;
}

/*
 * 'check_cell_blocks()' - A cell holds paragraphs and lists (of
 * paragraphs and lists) only: a heading would break the outline, and a
 * table, picture or page break has no place inside a cell.
 */
static int check_cell_blocks(resolver *r, const lf_blocks *cell) {
  static const char *const kinds[] = {"a heading", "a paragraph", "a list", "a callout",
                                      "a page break", "a table", "a figure", "a QR code",
                                      "a write-in space", "a label box"};
  int rc = 0;
  for (size_t i = 0; i < cell->count; i++) {
    const lf_block *b = &cell->items[i];
    if (b->kind == LF_BLOCK_LIST) {
      for (size_t k = 0; k < b->list_count; k++)
        rc |= check_cell_blocks(r, &b->list_items[k]);
    } else if (b->kind != LF_BLOCK_PARAGRAPH) {
      lf_error(r->diags, b->pos, "a table cell holds text and lists, not %s", kinds[b->kind]);
      rc = -1;
    }
  }
  return rc;
}

/*
 * 'resolve_cell()' - One cell: text (empty for an empty cell), or a list
 * of blocks.
 */
static int resolve_cell(resolver *r, const lf_node *v, lf_blocks *cell) {
  block_list cb = {.out = cell};
  if (v->kind == LF_NODE_SCALAR)
    return v->len == 0 ? 0 : add_paragraph(r, &cb, v);
  if (v->kind != LF_NODE_SEQUENCE) {
    lf_error(r->diags, v->pos, "a table cell is text or a list of blocks, not a mapping "
             "(expected \"text\" or [{p: ...}, {list: [...]}])");
    return -1;
  }
  int saved = r->last_heading;
  int rc = resolve_blocks(r, v, &cb);
  r->last_heading = saved;
  return rc ? rc : check_cell_blocks(r, cell);
}

/*
 * 'resolve_row()' - A row of 'columns' cells (0: any number, returned in
 * '*columns'): a list of cells, or {cells: [...], fill: "#RRGGBB"}.
 */
static int resolve_row(resolver *r, const lf_node *v, lf_table_row *row, size_t *columns,
                       const char *what) {
  static const char *const keys[] = {"cells", "fill"};
  const lf_node *cells = v;
  row->pos = v->pos;
  if (v->kind == LF_NODE_MAPPING) {
    if (known_keys(r, v, "a table row", keys, 2) != 0)
      return -1;
    cells = lf_node_get(v, "cells");
    const lf_node *fill = lf_node_get(v, "fill");
    if (!cells) {
      lf_error(r->diags, v->pos, "a table row written as a mapping needs 'cells' (expected "
               "{cells: [...], fill: \"#RRGGBB\"})");
      return -1;
    }
    if (fill) {
      if (fill->kind != LF_NODE_SCALAR || lf_colour_parse(fill->text, &row->fill) != 0) {
        lf_error(r->diags, fill->pos, "a row's 'fill' must be a colour written #RRGGBB");
        return -1;
      }
      row->has_fill = 1;
      row->fill_pos = fill->pos;
    }
  }
  if (cells->kind != LF_NODE_SEQUENCE || cells->count == 0) {
    lf_error(r->diags, cells->pos, "%s must be a list of cells (expected [first, second, ...])",
             what);
    return -1;
  }
  if (*columns && cells->count != *columns) {
    lf_error(r->diags, cells->pos, "%s has %zu cell%s (expected %zu, one for each column)",
             what, cells->count, cells->count == 1 ? "" : "s", *columns);
    return -1;
  }
  *columns = cells->count;
  row->cells = lf_arena_array(r->arena, cells->count, sizeof *row->cells);
  if (!row->cells)
    return -1;
  int rc = 0;
  for (size_t i = 0; i < cells->count; i++)
    rc |= resolve_cell(r, cells->items[i], &row->cells[i]);
  return rc;
}

enum { MAX_TABLE_COLUMNS = 12 };

/*
 * 'add_table()' - A 'table' block: caption, header rows, row headers,
 * relative widths, rows.
 */
static int add_table(resolver *r, block_list *bl, const lf_node *v, lf_pos kpos) {
  static const char *const keys[] = {"caption", "header", "row_headers", "widths", "rows"};
  if (v->kind != LF_NODE_MAPPING) {
    lf_error(r->diags, v->pos, "a table is a mapping (expected 'table: {header: [...], "
             "rows: [[...], ...]}')");
    return -1;
  }
  if (known_keys(r, v, "a table", keys, 5) != 0)
    return -1;
  lf_table *t = lf_arena_alloc(r->arena, sizeof *t);
  if (!t)
    return -1;
  const lf_node *caption = lf_node_get(v, "caption");
  const lf_node *header = lf_node_get(v, "header");
  const lf_node *rows = lf_node_get(v, "rows");
  const lf_node *row_headers = lf_node_get(v, "row_headers");
  const lf_node *widths = lf_node_get(v, "widths");
  int rc = 0;
  if (caption && parse_text(r, caption, &t->caption) != 0)
    rc = -1;
  if (row_headers && flag_of(r, row_headers, "row_headers", &t->row_headers) != 0)
    return -1;
  if (!rows || rows->kind != LF_NODE_SEQUENCE || rows->count == 0) {
    lf_error(r->diags, rows ? rows->pos : kpos, "a table needs 'rows', a list of rows "
             "(expected rows: [[first cell, second cell], ...])");
    return -1;
  }
  /* one header row, or a list of them */
  const lf_node *const *head = NULL;
  size_t head_count = 0;
  if (header) {
    if (header->kind != LF_NODE_SEQUENCE || header->count == 0) {
      lf_error(r->diags, header->pos, "'header' must be a row of cells, or a list of rows");
      return -1;
    }
    int many = header->items[0]->kind == LF_NODE_SEQUENCE ||
               header->items[0]->kind == LF_NODE_MAPPING;
    head = many ? (const lf_node *const *)header->items : (const lf_node *const *)&header;
    head_count = many ? header->count : 1;
  }
  if (!header && !t->row_headers) {
    lf_error(r->diags, kpos, "a table needs headers (expected a 'header' row naming each "
             "column, or 'row_headers: true' when each row's first cell names it)");
    return -1;
  }
  t->rows = lf_arena_array(r->arena, head_count + rows->count, sizeof *t->rows);
  if (!t->rows)
    return -1;
  size_t columns = 0;
  for (size_t i = 0; i < head_count; i++)
    rc |= resolve_row(r, head[i], &t->rows[t->row_count++], &columns, "a header row");
  t->header_rows = head_count;
  for (size_t i = 0; i < rows->count && rc == 0; i++)
    rc |= resolve_row(r, rows->items[i], &t->rows[t->row_count++], &columns, "a row");
  if (rc)
    return -1;
  if (columns > MAX_TABLE_COLUMNS) {
    lf_error(r->diags, kpos, "a table of %zu columns is too wide to read (expected at most "
             "%d; split it, or turn it round)", columns, MAX_TABLE_COLUMNS);
    return -1;
  }
  t->columns = columns;
  for (size_t i = 0; i < head_count; i++)
    if (t->rows[i].has_fill) {
      lf_error(r->diags, t->rows[i].fill_pos, "a header row has no 'fill' (expected "
               "colour on body rows only)");
      return -1;
    }
  if (widths) {
    double *w = lf_arena_array(r->arena, columns, sizeof *w);
    if (!w)
      return -1;
    if (widths->kind != LF_NODE_SEQUENCE || widths->count != columns) {
      lf_error(r->diags, widths->pos, "'widths' must give %zu relative widths, one for each "
               "column (such as [1, 1, 2])", columns);
      return -1;
    }
    for (size_t i = 0; i < columns; i++) {
      const lf_node *x = widths->items[i];
      char *end = NULL;
      w[i] = x->kind == LF_NODE_SCALAR ? strtod(x->text, &end) : 0;
      if (x->kind != LF_NODE_SCALAR || end == x->text || *end || !(w[i] > 0) || w[i] > 1000) {
        lf_error(r->diags, x->pos, "a relative width must be a number above 0 (such as 1 "
                 "or 2.5)");
        return -1;
      }
    }
    t->widths = w;
  }
  lf_block *b = push_block(r, bl, LF_BLOCK_TABLE, kpos);
  if (!b)
    return -1;
  b->table = t;
  return 0;
}

/*
 * 'drug_type()' - What kind of drug, in the table's words: the kind, with
 * the drug's class after it when it has one.
 */
static const char *drug_type(resolver *r, const lf_drug *d) {
  static const char *const words[] = {"Targeted drug", "Immunotherapy",
                                      "Targeted drug and immunotherapy", "Hormone therapy",
                                      "Chemotherapy", "Other"};
  const char *kind = words[d->kind];
  if (d->kind == LF_DRUG_OTHER && d->class_name)
    return d->class_name;
  return d->class_name ? lf_arena_printf(r->arena, "%s (%s)", kind, d->class_name) : kind;
}

/*
 * 'add_drug_table()' - 'drug-table': a row for each drug of the edition
 * (or of a list of ids): drug, also called, type of drug, how you have it,
 * from the drug files.
 */
static int add_drug_table(resolver *r, block_list *bl, const lf_node *v, lf_pos kpos) {
  static const char *const keys[] = {"drugs", "caption"};
  static const char *const heads[] = {"Drug", "Also called", "Type of drug",
                                      "How you have it"};
  const lf_node *drugs = v, *caption = NULL;
  if (v->kind == LF_NODE_MAPPING) {
    if (known_keys(r, v, "a drug table", keys, 2) != 0)
      return -1;
    drugs = lf_node_get(v, "drugs");
    caption = lf_node_get(v, "caption");
    if (!drugs) {
      lf_error(r->diags, v->pos, "a drug table needs 'drugs' (expected 'drugs: edition' or "
               "a list of drug ids)");
      return -1;
    }
  }
  const char **ids = NULL;
  const lf_pos *where = NULL;
  size_t count = 0;
  if (drugs->kind == LF_NODE_SCALAR && strcmp(drugs->text, "edition") == 0) {
    if (!r->edition) {
      lf_error(r->diags, drugs->pos, "'drug-table: edition' is only for a leaflet with "
               "editions (this leaflet has no 'editions'; expected a list of drug ids)");
      return -1;
    }
    ids = r->edition->drug_ids;
    where = r->edition->drug_pos;
    count = r->edition->drug_count;
  } else if (drugs->kind == LF_NODE_SEQUENCE && drugs->count > 0) {
    const char **list = lf_arena_array(r->arena, drugs->count, sizeof *list);
    lf_pos *pos = lf_arena_array(r->arena, drugs->count, sizeof *pos);
    if (!list || !pos)
      return -1;
    for (size_t i = 0; i < drugs->count; i++) {
      if (!(list[i] = plain_scalar(r, drugs->items[i], "a drug id")))
        return -1;
      pos[i] = drugs->items[i]->pos;
    }
    ids = list;
    where = pos;
    count = drugs->count;
  } else {
    lf_error(r->diags, drugs->pos, "a drug table takes 'edition' or a list of drug ids "
             "(expected '- drug-table: edition')");
    return -1;
  }
  if (count == 0) {
    /* at the edition whose drugs are missing, naming it: two such editions
     * were one error at the template's table, naming neither */
    lf_error(r->diags, r->edition->tumour_pos, "edition '%s' has no drugs for the drug table "
             "at line %d (expected 'drugs: [...]' in the edition, or the table's own list of "
             "drug ids)", r->edition->tumour_id, drugs->pos.line);
    return -1;
  }
  lf_table *t = lf_arena_alloc(r->arena, sizeof *t);
  if (!t || !(t->rows = lf_arena_array(r->arena, count + 1, sizeof *t->rows)))
    return -1;
  t->columns = 4;
  t->header_rows = 1;
  t->row_headers = 1;
  if (caption && parse_text(r, caption, &t->caption) != 0)
    return -1;
  int rc = 0;
  for (size_t i = 0; i <= count; i++) {
    lf_table_row *row = &t->rows[t->row_count++];
    row->pos = i ? where[i - 1] : kpos;
    row->cells = lf_arena_array(r->arena, 4, sizeof *row->cells);
    if (!row->cells)
      return -1;
    const char *text[4] = {0};
    const lf_drug *d = NULL;
    if (i == 0) {
      for (int k = 0; k < 4; k++)
        text[k] = heads[k];
    } else {
      d = lf_content_drug(r->content, ids[i - 1]);
      if (!d) {
        REPORT_UNKNOWN(r, where[i - 1], "drug", ids[i - 1], r->content->drugs,
                       r->content->drug_count, id, "the id of a file in drugs/");
        rc = -1;
        continue;
      }
      if (note_drug(r, d) != 0)
        return -1;
      size_t len = 1;
      for (size_t k = 0; k < d->brand_count; k++)
        len += strlen(d->brand_names[k]) + 2;
      char *brands = lf_arena_alloc(r->arena, len);
      if (!brands)
        return -1;
      for (size_t k = 0; k < d->brand_count; k++) {
        if (k)
          strcat(brands, ", ");
        strcat(brands, d->brand_names[k]);
      }
      text[0] = d->name;
      text[1] = brands;
      text[2] = drug_type(r, d);
    }
    for (int k = 0; k < 4; k++) {
      block_list cb = {.out = &row->cells[k]};
      if (k == 3 && d) {
        int saved = r->last_heading;
        rc |= body_or_text(r, d->how_you_have_it, &cb, "'how_you_have_it'");
        r->last_heading = saved;
        rc |= check_cell_blocks(r, &row->cells[k]);
      } else if (text[k] && text[k][0]) {
        lf_block *p = push_block(r, &cb, LF_BLOCK_PARAGRAPH, row->pos);
        if (!p)
          return -1;
        p->text = plain_runs(r, text[k], 0);
      }
    }
  }
  if (rc)
    return -1;
  lf_block *b = push_block(r, bl, LF_BLOCK_TABLE, kpos);
  if (!b)
    return -1;
  b->table = t;
  return 0;
}

/*
 * 'add_figure()' - A 'figure': the picture from content/images/, its alt
 * text (required unless it is decorative), caption and width.
 */
static int add_figure(resolver *r, block_list *bl, const lf_node *v, lf_pos kpos) {
  static const char *const keys[] = {"src", "alt", "caption", "width", "decorative"};
  if (v->kind != LF_NODE_MAPPING) {
    lf_error(r->diags, v->pos, "a figure is a mapping (expected 'figure: {src: picture.png, "
             "alt: \"what it shows\"}')");
    return -1;
  }
  if (known_keys(r, v, "a figure", keys, 5) != 0)
    return -1;
  const lf_node *src = lf_node_get(v, "src"), *alt = lf_node_get(v, "alt");
  const lf_node *caption = lf_node_get(v, "caption"), *width = lf_node_get(v, "width");
  const lf_node *decorative = lf_node_get(v, "decorative");
  lf_figure *f = lf_arena_alloc(r->arena, sizeof *f);
  lf_image *image = lf_arena_alloc(r->arena, sizeof *image);
  if (!f || !image)
    return -1;
  if (!src) {
    lf_error(r->diags, kpos, "a figure needs 'src', the picture's file in images/ (expected "
             "src: pancreas.png)");
    return -1;
  }
  const char *name = plain_scalar(r, src, "'src'");
  if (!name)
    return -1;
  if (decorative && flag_of(r, decorative, "decorative", &f->decorative) != 0)
    return -1;
  if (f->decorative && alt) {
    lf_error(r->diags, alt->pos, "a decorative figure has no 'alt' (a screen reader passes "
             "it by; expected one or the other)");
    return -1;
  }
  if (!f->decorative) {
    if (!alt) {
      lf_error(r->diags, kpos, "figure '%s' has no 'alt' (expected words saying what the "
               "picture shows, for readers who cannot see it, or 'decorative: true' for a "
               "picture that adds nothing to the text)", name);
      return -1;
    }
    const char *text = plain_scalar(r, alt, "'alt'");
    if (!text)
      return -1;
    char *collapsed = lf_arena_strdup(r->arena, text);
    if (!collapsed)
      return -1;
    size_t n = 0;
    for (const char *p = text; *p; p++) {
      int white = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
      if (white && (n == 0 || collapsed[n - 1] == ' '))
        continue;
      collapsed[n++] = white ? ' ' : *p;
    }
    while (n > 0 && collapsed[n - 1] == ' ')
      n--;
    collapsed[n] = '\0';
    if (n == 0) {
      lf_error(r->diags, alt->pos, "figure '%s' has an empty 'alt' (expected words saying "
               "what the picture shows, or 'decorative: true' for a picture that adds "
               "nothing to the text)", name);
      return -1;
    }
    f->alt = collapsed;
  }
  if (width) {
    const char *w = plain_scalar(r, width, "'width'");
    char *end = NULL;
    double pc = w ? strtod(w, &end) : 0;
    if (!w || end == w || strcmp(end, "%") != 0 || !(pc > 0) || pc > 100) {
      if (w)
        lf_error(r->diags, width->pos, "'width' is '%s' (expected a share of the line such "
                 "as 60%%, above 0%% and at most 100%%)", w);
      return -1;
    }
    f->width = pc / 100;
  }
  if (caption && parse_text(r, caption, &f->caption) != 0)
    return -1;
  const char *dir = lf_arena_printf(r->arena, "%s/images", r->content->root);
  if (!dir || lf_image_read(r->arena, dir, name, src->pos, image, r->diags) != 0)
    return -1;
  f->image = image;
  lf_block *b = push_block(r, bl, LF_BLOCK_FIGURE, kpos);
  if (!b)
    return -1;
  b->figure = f;
  b->keep = LF_KEEP_TOGETHER;
  return 0;
}

enum { MAX_QR_ADDRESS = 400 };

/*
 * 'add_qr()' - A 'qr' block: an address (https:// or http://), or
 * {url: ..., text: ...} with the words to print before it.
 */
static int add_qr(resolver *r, block_list *bl, const lf_node *v, lf_pos kpos) {
  static const char *const keys[] = {"url", "text"};
  const lf_node *url = v, *text = NULL;
  if (v->kind == LF_NODE_MAPPING) {
    if (known_keys(r, v, "a QR code", keys, 2) != 0)
      return -1;
    url = lf_node_get(v, "url");
    text = lf_node_get(v, "text");
    if (!url) {
      lf_error(r->diags, v->pos, "a QR code needs 'url', the address it opens");
      return -1;
    }
  }
  const char *address = plain_scalar(r, url, "a QR code's address");
  if (!address)
    return -1;
  if (strncmp(address, "https://", 8) != 0 && strncmp(address, "http://", 7) != 0) {
    lf_error(r->diags, url->pos, "a QR code's address is '%s' (expected a web address "
             "starting https://)", address);
    return -1;
  }
  if (strlen(address) > MAX_QR_ADDRESS || strchr(address, ' ')) {
    lf_error(r->diags, url->pos, "a QR code's address must be one short address (at most "
             "%d characters, no spaces), for a code a phone can read", MAX_QR_ADDRESS);
    return -1;
  }
  lf_block *b = push_block(r, bl, LF_BLOCK_QR, kpos);
  if (!b)
    return -1;
  size_t index = (size_t)(b - bl->out->items);
  b->href = address;
  b->keep = LF_KEEP_TOGETHER;
  lf_inline words = {0};
  if (text && parse_text(r, text, &words) != 0)
    return -1;
  bl->out->items[index].text = words;
  return 0;
}

/*
 * 'add_write_in()' - 'write-in: {label: ..., lines: N}': the label, then N
 * ruled lines (1 to 20; 1 when not given).
 */
static int add_write_in(resolver *r, block_list *bl, const lf_node *v, lf_pos kpos) {
  static const char *const keys[] = {"label", "lines"};
  if (v->kind != LF_NODE_MAPPING) {
    lf_error(r->diags, v->pos, "a write-in space is a mapping (expected 'write-in: {label: "
             "\"Your nurse's name is\", lines: 1}')");
    return -1;
  }
  if (known_keys(r, v, "a write-in space", keys, 2) != 0)
    return -1;
  const lf_node *label = lf_node_get(v, "label"), *lines = lf_node_get(v, "lines");
  if (!label) {
    lf_error(r->diags, v->pos, "a write-in space needs 'label', the words saying what to "
             "write");
    return -1;
  }
  lf_inline text;
  if (parse_text(r, label, &text) != 0)
    return -1;
  int n = 1;
  if (lines) {
    char *end = NULL;
    long x = lines->kind == LF_NODE_SCALAR ? strtol(lines->text, &end, 10) : 0;
    if (lines->kind != LF_NODE_SCALAR || end == lines->text || *end || x < 1 || x > 20) {
      lf_error(r->diags, lines->pos, "'lines' is not a whole number from 1 to 20 (expected "
               "how many lines to write on, say 'lines: 3')");
      return -1;
    }
    n = (int)x;
  }
  lf_block *b = push_block(r, bl, LF_BLOCK_WRITE_IN, kpos);
  if (!b)
    return -1;
  b->text = text;
  b->lines = n;
  b->keep = LF_KEEP_TOGETHER;
  return 0;
}

static const char *const block_names[] = {"h2", "h3", "h4", "p", "list", "steps",
                                          "callout", "drugs", "drug", "include",
                                          "contact", "page-break", "edition-text",
                                          "table", "drug-table", "figure", "qr",
                                          "write-in", "label-box"};

/* What the messages list as the blocks there are. */
#define BLOCK_LIST "h2, h3, h4, p, list, steps, callout, drugs, drug, include, contact, " \
                   "page-break, edition-text, table, drug-table, figure, qr, write-in, label-box"

/*
 * 'is_true()' - A flag written as true.
 */
static int expect_true(resolver *r, const lf_node *v, const char *name) {
  if (v->kind == LF_NODE_SCALAR && strcmp(v->text, "true") == 0)
    return 0;
  lf_error(r->diags, v->pos, "'%s' takes the value true (expected '- %s: true')", name, name);
  return -1;
}

/*
 * 'drug_ref()' - The id (and optional heading level) of a drug: block.
 */
static const char *drug_ref(resolver *r, const lf_node *v, int *level) {
  *level = 0;
  if (v->kind == LF_NODE_SCALAR)
    return v->text;
  if (v->kind == LF_NODE_MAPPING) {
    const lf_node *id = lf_node_get(v, "id");
    const lf_node *lv = lf_node_get(v, "level");
    static const char *const keys[] = {"id", "level"};
    if (known_keys(r, v, "a drug block", keys, 2) != 0)
      return NULL;
    if (lv) {
      if (lv->kind != LF_NODE_SCALAR || lv->len != 1 || lv->text[0] < '2' || lv->text[0] > '4') {
        lf_error(r->diags, lv->pos, "'level' must be 2, 3 or 4");
        return NULL;
      }
      *level = lv->text[0] - '0';
    }
    if (id && id->kind == LF_NODE_SCALAR)
      return id->text;
  }
  lf_error(r->diags, v->pos, "expected an id, or a mapping {id: <id>, level: 2}");
  return NULL;
}

/*
 * 'set_language()' - Give 'count' blocks from 'b', and every block inside
 * them (list items, callout bodies), the language 'lang' unless a block
 * nearer the text already names one.
 */
static void set_language(lf_block *b, size_t count, const char *lang, lf_pos pos) {
  for (size_t i = 0; i < count; i++) {
    if (b[i].language)
      continue;
    b[i].language = lang;
    b[i].language_pos = pos;
    for (size_t k = 0; k < b[i].list_count; k++)
      set_language(b[i].list_items[k].items, b[i].list_items[k].count, lang, pos);
    set_language(b[i].body.items, b[i].body.count, lang, pos);
  }
}

/*
 * 'block_lang()' - The 'lang' written beside a block's key: 0 with '*lang'
 * the tag, or NULL when there is none; -1 when it is not a known language
 * (reported at the tag, with the one likely meant).  '*key_index' is the
 * index of the block's own key.
 */
static int block_lang(resolver *r, const lf_node *item, const char **lang,
                      size_t *key_index) {
  *lang = NULL;
  *key_index = 0;
  if (item->count != 2)
    return 0;
  size_t at = strcmp(item->keys[0]->text, "lang") == 0 ? 0
              : strcmp(item->keys[1]->text, "lang") == 0 ? 1 : 2;
  if (at == 2)
    return 0;
  *key_index = 1 - at;
  const lf_node *v = item->items[at];
  char suggestion[64];
  const char *name;
  if (v->kind != LF_NODE_SCALAR) {
    lf_error(r->diags, v->pos, "'lang' must be a language tag such as 'cy', not %s",
             lf_node_kind_name(v->kind));
    return -1;
  }
  if (!lf_language_check(v->text, suggestion, sizeof suggestion, &name)) {
    if (suggestion[0] && name)
      lf_error(r->diags, v->pos, "unknown language '%s' (did you mean '%s', %s?)", v->text,
               suggestion, name);
    else if (!lf_is_language_tag(v->text))
      lf_error(r->diags, v->pos, "'lang' must be a language tag (expected one such as cy or "
               "en-GB)");
    else
      lf_error(r->diags, v->pos, "unknown language '%s' (expected a BCP 47 tag whose "
               "language is an ISO 639 code, such as 'en-GB', 'cy', 'ur' or 'zh-Hant')",
               v->text);
    return -1;
  }
  *lang = v->text;
  return 0;
}

static int resolve_block_as(resolver *r, const lf_node *item, size_t key_index,
                            block_list *bl);

/*
 * 'is_block_name()' - Whether 'key' names a kind of block.
 */
static int is_block_name(const char *key) {
  for (size_t i = 0; i < sizeof block_names / sizeof *block_names; i++)
    if (strcmp(key, block_names[i]) == 0)
      return 1;
  return 0;
}

/*
 * 'explain_second_key()' - A block of two keys, neither 'lang', one of them
 * a block's: the other is a misspelt 'lang' or a second block that lost
 * its '- '.  Reports it at that key and returns 1; 0 when neither is a
 * block's key (the general message fits).
 */
static int explain_second_key(resolver *r, const lf_node *item) {
  int first = is_block_name(item->keys[0]->text), second = is_block_name(item->keys[1]->text);
  if (!first && !second)
    return 0;
  const lf_node *key = item->keys[first ? 1 : 0];
  static const char *const beside[] = {"lang"};
  if (first && second)
    lf_error(r->diags, key->pos, "'%s' starts a second block in one list item (expected "
             "'- %s: ...', a list item of its own)", key->text, key->text);
  else if (lf_nearest_name(key->text, beside, 1))
    lf_error(r->diags, key->pos, "unknown key '%s' beside a block (did you mean 'lang'?)",
             key->text);
  else
    lf_error(r->diags, key->pos, "unknown key '%s' beside a block (expected only 'lang' "
             "beside the block's key '%s')", key->text, item->keys[first ? 0 : 1]->text);
  return 1;
}

/*
 * 'resolve_block()' - One block of a body, with the language written
 * beside it given to every block it becomes (that names none of its own).
 */
static int resolve_block(resolver *r, const lf_node *item, block_list *bl) {
  if (item->kind == LF_NODE_SCALAR)
    return add_paragraph(r, bl, item);
  const char *lang = NULL;
  size_t key_index = 0;
  if (item->kind == LF_NODE_MAPPING && block_lang(r, item, &lang, &key_index) != 0)
    return -1;
  if (item->kind == LF_NODE_MAPPING && item->count == 2 && !lang &&
      explain_second_key(r, item))
    return -1;
  if (item->kind != LF_NODE_MAPPING || item->count != (lang ? 2u : 1u)) {
    lf_error(r->diags, item->pos, "a block is a one-key mapping such as '- p: text', with "
             "at most 'lang' beside its key (expected one of " BLOCK_LIST ")");
    return -1;
  }
  size_t first = bl->out->count;
  int rc = resolve_block_as(r, item, key_index, bl);
  if (lang && bl->out->count > first)
    set_language(bl->out->items + first, bl->out->count - first, lang,
                 lf_node_get(item, "lang")->pos);
  return rc;
}

/*
 * 'resolve_block_as()' - The block of key 'key_index' of mapping 'item'.
 */
static int resolve_block_as(resolver *r, const lf_node *item, size_t key_index,
                            block_list *bl) {
  const char *key = item->keys[key_index]->text;
  const lf_node *v = item->items[key_index];
  lf_pos kpos = item->keys[key_index]->pos;
  if (key[0] == 'h' && key[1] >= '2' && key[1] <= '4' && !key[2]) {
    lf_inline text;
    if (parse_text(r, v, &text) != 0)
      return -1;
    int level = key[1] - '0';
    /* an error, not a warning: PDF/UA forbids it (the PDF would fail the
     * project's own checker), and a screen reader's list of headings
     * would show a section under nothing */
    int skipped = level > r->last_heading + 1;
    if (skipped)
      lf_error(r->diags, kpos, "%s follows an h%d: a heading level is skipped (expected h%d "
               "here: headings go down one level at a time)", key, r->last_heading,
               r->last_heading + 1);
    return add_heading(r, bl, level, text, kpos) && !skipped ? 0 : -1;
  }
  if (strcmp(key, "p") == 0)
    return add_paragraph(r, bl, v);
  if (strcmp(key, "list") == 0 || strcmp(key, "steps") == 0)
    return add_list(r, bl, v, key[0] == 's');
  if (strcmp(key, "callout") == 0) {
    lf_blocks body = {0};
    block_list cb = {.out = &body};
    int rc = body_or_text(r, v, &cb, "a callout");
    return add_callout(r, bl, body, kpos) ? rc : -1;
  }
  if (strcmp(key, "drug") == 0) {
    int level;
    const char *id = drug_ref(r, v, &level);
    return id ? add_drug_section(r, bl, id, v->pos, level) : -1;
  }
  if (strcmp(key, "edition-text") == 0) {
    if (expect_true(r, v, key) != 0)
      return -1;
    if (!r->edition) {
      lf_error(r->diags, kpos, "'edition-text' is only for a leaflet with editions (this leaflet "
               "has no 'editions'; expected 'editions:' naming its tumour types, or the "
               "words written out here)");
      return -1;
    }
    /* inside the edition's own text it would place that text inside
     * itself without end (the stack ran out: a crash) */
    if (r->in_edition_text) {
      lf_error(r->diags, kpos, "'edition-text' inside an edition's own text would repeat it "
               "without end (expected it in the template's body, where the edition's text goes)");
      return -1;
    }
    if (!r->edition->text)
      return 0;
    r->in_edition_text = 1;
    int rc = resolve_blocks(r, r->edition->text, bl);
    r->in_edition_text = 0;
    return rc;
  }
  if (strcmp(key, "drugs") == 0) {
    int level = 0;
    const char *from = drug_ref(r, v, &level);
    if (!from)
      return -1;
    if (strcmp(from, "edition") != 0) {
      lf_error(r->diags, v->pos, "'drugs' takes the value edition (expected '- drugs: edition')");
      return -1;
    }
    if (!r->edition) {
      lf_error(r->diags, kpos, "'drugs: edition' is only for a leaflet with editions (this leaflet "
               "has no 'editions'; expected 'editions:' naming its tumour types, or the "
               "words written out here)");
      return -1;
    }
    int rc = 0, parent = r->last_heading;
    for (size_t i = 0; i < r->edition->drug_count; i++) {
      r->last_heading = parent;
      rc |= add_drug_section(r, bl, r->edition->drug_ids[i], r->edition->drug_pos[i], level);
    }
    r->last_heading = parent;
    return rc;
  }
  if (strcmp(key, "include") == 0) {
    if (v->kind != LF_NODE_SCALAR) {
      lf_error(r->diags, v->pos, "'include' names a fragment (expected '- include: <id>')");
      return -1;
    }
    const lf_fragment *f = lf_content_fragment(r->content, v->text);
    if (!f) {
      REPORT_UNKNOWN(r, v->pos, "fragment", v->text, r->content->fragments,
                     r->content->fragment_count, id, "the id of a file in fragments/");
      return -1;
    }
    for (int i = 0; i < r->include_depth; i++)
      if (strcmp(r->includes[i], f->id) == 0) {
        lf_error(r->diags, v->pos, "fragment '%s' includes itself (expected fragments that never lead "
                 "back to themselves, which would repeat without end)", f->id);
        return -1;
      }
    if (r->include_depth == MAX_INCLUDE_DEPTH) {
      lf_error(r->diags, v->pos, "includes nest deeper than %d (expected at most %d fragments inside one "
               "another)", MAX_INCLUDE_DEPTH, MAX_INCLUDE_DEPTH);
      return -1;
    }
    r->includes[r->include_depth++] = f->id;
    int rc = resolve_blocks(r, f->body, bl);
    r->include_depth--;
    return rc;
  }
  if (strcmp(key, "contact") == 0)
    return expect_true(r, v, key) == 0 ? add_contact(r, bl, kpos) : -1;
  if (strcmp(key, "page-break") == 0) {
    if (expect_true(r, v, key) != 0)
      return -1;
    return push_block(r, bl, LF_BLOCK_PAGE_BREAK, kpos) ? 0 : -1;
  }
  if (strcmp(key, "table") == 0)
    return add_table(r, bl, v, kpos);
  if (strcmp(key, "drug-table") == 0)
    return add_drug_table(r, bl, v, kpos);
  if (strcmp(key, "figure") == 0)
    return add_figure(r, bl, v, kpos);
  if (strcmp(key, "qr") == 0)
    return add_qr(r, bl, v, kpos);
  if (strcmp(key, "write-in") == 0)
    return add_write_in(r, bl, v, kpos);
  if (strcmp(key, "label-box") == 0) {
    if (expect_true(r, v, key) != 0)
      return -1;
    lf_block *b = push_block(r, bl, LF_BLOCK_LABEL_BOX, kpos);
    if (b)
      b->keep = LF_KEEP_TOGETHER;
    return b ? 0 : -1;
  }
  /* h1 is the title, and headings go down to h4 ("did you mean 'h2'?"
   * for an h5 said nothing of that) */
  if (key[0] == 'h' && key[1] >= '0' && key[1] <= '9' && !key[2]) {
    lf_error(r->diags, kpos, "no heading '%s' in a body (expected h2, h3 or h4: h1 is the "
             "leaflet's title, and headings go down to h4)", key);
    return -1;
  }
  const char *near = lf_nearest_name(key, block_names, sizeof block_names / sizeof *block_names);
  if (near)
    lf_error(r->diags, kpos, "unknown block '%s' (did you mean '%s'?)", key, near);
  else
    lf_error(r->diags, kpos, "unknown block '%s' (expected one of " BLOCK_LIST ")", key);
  return -1;
}

/*
 * 'resolve_blocks()' - Every block of a list, reporting all errors.
 */
static int resolve_blocks(resolver *r, const lf_node *list, block_list *bl) {
  if (list->kind != LF_NODE_SEQUENCE) {
    lf_error(r->diags, list->pos, "expected a list of blocks, not %s", lf_node_kind_name(list->kind));
    return -1;
  }
  int rc = 0;
  /* nothing more once the document is too long: fragments that each
   * include the next ten times would go on for hours (ten times longer a
   * level, 16 levels) saying nothing new */
  for (size_t i = 0; i < list->count && !r->too_long; i++)
    rc |= resolve_block(r, list->items[i], bl);
  if (r->too_long)
    rc = -1;
  return rc;
}

/*
 * 'add_plain_list()' - A bullet-less list whose items are runs of blocks
 * already built (references, glossary).
 */
static lf_block *add_plain_list(resolver *r, block_list *bl, lf_blocks *items, size_t n,
                                lf_pos pos) {
  lf_block *b = push_block(r, bl, LF_BLOCK_LIST, pos);
  if (!b)
    return NULL;
  b->plain = 1;
  b->list_items = items;
  b->list_count = n;
  return b;
}

/*
 * 'add_references()' - "References": title, authors, source per entry.
 */
static int add_references(resolver *r, block_list *bl) {
  const lf_leaflet *l = r->leaflet;
  if (l->reference_count == 0)
    return 0;
  lf_block *h = add_heading(r, bl, 2, plain_runs(r, r->words->text[LF_WORD_REFERENCES], 0),
                            l->pos);
  if (!h)
    return -1;
  h->role = "references";
  h->language = lf_words_tag(r->words); /* the program's word; the sources say their own */
  lf_blocks *items = lf_arena_array(r->arena, l->reference_count, sizeof *items);
  if (!items)
    return -1;
  int rc = 0;
  for (size_t i = 0; i < l->reference_count; i++) {
    block_list ib = {.out = &items[i]};
    const lf_node *parts[] = {l->references[i].title, l->references[i].authors,
                              l->references[i].source};
    for (int k = 0; k < 3; k++)
      if (parts[k])
        rc |= add_paragraph(r, &ib, parts[k]);
    for (size_t k = 0; k < items[i].count; k++)
      items[i].items[k].keep = LF_KEEP_TOGETHER;
  }
  /* bulleted, as on the page; an entry is never split across pages */
  lf_block *list = add_plain_list(r, bl, items, l->reference_count, l->pos);
  if (!list)
    return -1;
  list->plain = 0;
  list->keep = LF_KEEP_TOGETHER;
  list->role = "references";
  return rc;
}

/*
 * 'add_glossary()' - "Glossary": the terms this document uses, in order of
 * first use.  Definitions may use further terms; those are added too.
 */
static int add_glossary(resolver *r, block_list *bl) {
  if (r->terms_count == 0)
    return 0;
  lf_block *h = add_heading(r, bl, 2, plain_runs(r, "Glossary", 0), r->leaflet->pos);
  if (!h)
    return -1;
  h->role = "glossary";
  /* glossary.yaml's definitions are plain English, whatever the leaflet's
   * language: the section says so, so that a screen reader reads it so */
  h->language = LF_PROGRAM_LANGUAGE;
  int rc = 0;
  lf_blocks *items = NULL;
  size_t n = 0;
  for (size_t i = 0; i < r->terms_count; i++) { /* terms_count may grow */
    lf_blocks *grown = lf_arena_grow(r->arena, items, n, n + 1, sizeof *items);
    if (!grown)
      return -1;
    items = grown;
    const lf_term *t = r->terms_used[i];
    block_list ib = {.out = &items[n++]};
    lf_block *name = push_block(r, &ib, LF_BLOCK_PARAGRAPH, t->pos);
    if (!name)
      return -1;
    name->text = plain_runs(r, t->term, LF_RUN_STRONG);
    name->keep = LF_KEEP_WITH_NEXT;
    rc |= add_paragraph(r, &ib, t->definition);
  }
  lf_block *list = add_plain_list(r, bl, items, n, r->leaflet->pos);
  if (!list)
    return -1;
  set_language(list, 1, LF_PROGRAM_LANGUAGE, r->leaflet->pos);
  return rc;
}

/*
 * 'add_about()' - "About this leaflet": a table of the review dates,
 * version, id and publisher, then the contact details and, where the
 * leaflet gives its address, a QR code to its online version; kept
 * together on the last page (blocks.c).
 */
static int add_about(resolver *r, block_list *bl, const char *stem) {
  const lf_leaflet *l = r->leaflet;
  char last[LF_WORDS_DATE_MAX], next[LF_WORDS_DATE_MAX];
  const lf_words *words = r->words;
  lf_words_date(words, l->last_reviewed, last, sizeof last);
  lf_words_date(words, l->next_review, next, sizeof next);
  lf_block *h = add_heading(r, bl, 2, plain_runs(r, words->text[LF_WORD_ABOUT], 0), l->pos);
  if (!h)
    return -1;
  h->role = "about";
  /* the program's own words, in the leaflet's language where words/ has
   * it, else English (as the table's cells below), so that a screen
   * reader reads them so */
  h->language = lf_words_tag(r->words);
  /* the facts as a table: a line each, without a blank line between */
  const char *const names[] = {words->text[LF_WORD_LAST_REVIEWED],
                               words->text[LF_WORD_NEXT_REVIEW_DUE],
                               words->text[LF_WORD_VERSION], words->text[LF_WORD_LEAFLET_ID],
                               words->text[LF_WORD_PUBLISHED_BY]};
  const char *values[] = {lf_arena_strdup(r->arena, last), lf_arena_strdup(r->arena, next),
                          l->version, stem, l->publisher};
  lf_block *facts = facts_table(r, l->pos, NULL, names, values, 5, -1);
  if (!facts)
    return -1;
  r->block_count--; /* counted by facts_table() */
  lf_block *p = push_block(r, bl, LF_BLOCK_TABLE, l->pos);
  if (!p)
    return -1;
  *p = *facts;
  p->role = "about";
  p->language = lf_words_tag(r->words); /* set in its words' direction, labels first */
  int rc = 0;
  if (l->has_contact)
    rc = add_contact(r, bl, l->contact.pos);
  /* the online version, where the leaflet says where it is */
  if (rc == 0 && l->url) {
    lf_block *q = push_block(r, bl, LF_BLOCK_QR, l->pos);
    if (!q)
      return -1;
    q->href = l->url;
    q->keep = LF_KEEP_TOGETHER;
  }
  return rc;
}

/*
 * 'build_keywords()' - The leaflet's keywords, then the tumour's name,
 * then the name and kind of each drug: the edition's, then those whose
 * section or table row the document holds.
 */
static const char *build_keywords(resolver *r) {
  const lf_leaflet *l = r->leaflet;
  const char *words[256];
  size_t n = 0;
  for (size_t i = 0; i < l->keyword_count && n < 256; i++)
    words[n++] = l->keywords[i];
  if (r->tumour && n < 256)
    words[n++] = r->tumour->name;
  size_t from_edition = r->edition ? r->edition->drug_count : 0;
  for (size_t i = 0; i < from_edition + r->placed_count && n < 254; i++) {
    const lf_drug *d = i < from_edition
                           ? lf_content_drug(r->content, r->edition->drug_ids[i])
                           : r->drugs_placed[i - from_edition];
    if (d) {
      words[n++] = d->name;
      if (drug_kind_word(d->kind))
        words[n++] = drug_kind_word(d->kind);
    }
  }
  size_t len = 1;
  for (size_t i = 0; i < n; i++)
    len += strlen(words[i]) + 2;
  char *s = lf_arena_alloc(r->arena, len);
  if (!s)
    return "";
  for (size_t i = 0; i < n; i++) {
    int dup = 0;
    for (size_t k = 0; k < i; k++)
      dup |= strcmp(words[k], words[i]) == 0;
    if (dup)
      continue;
    if (*s)
      strcat(s, ", ");
    strcat(s, words[i]);
  }
  return s;
}

/*
 * 'resolve_document()' - One document: a leaflet with one edition or none.
 */
static int resolve_document(resolver *r, lf_document *doc) {
  const lf_leaflet *l = r->leaflet;
  memset(doc, 0, sizeof *doc);
  doc->leaflet_id = l->id;
  doc->tumour_id = r->tumour ? r->tumour->id : NULL;
  doc->tumour_name = r->tumour ? r->tumour->name : NULL;
  doc->stem = r->tumour ? lf_arena_printf(r->arena, "%s-%s", l->id, r->tumour->id) : l->id;
  doc->source_file = l->file;
  doc->language = l->language;
  doc->language_pos = l->language_pos;
  r->words = lf_words_for(r->content->words, r->content->words_count, l->language);
  doc->words = r->words;
  doc->translation_of = l->translation_of;
  doc->publisher = l->publisher;
  doc->last_reviewed = l->last_reviewed;
  doc->next_review = l->next_review;
  doc->version = l->version;
  if (l->has_contact) {
    doc->contact_text = l->contact.text;
    doc->contact_phone = l->contact.phone;
    doc->contact_hours = l->contact.hours;
    doc->contact = contact_table(r, l->contact.pos);
    if (r->block_count)
      r->block_count--; /* counted again where the body places it */
  }
  doc->short_title = l->short_title;
  doc->url = l->url;
  block_list bl = {.out = &doc->body};
  lf_inline title;
  if (parse_text(r, l->title, &title) != 0)
    return -1;
  for (size_t i = 0; i < title.count; i++)
    title.runs[i].style &= ~(LF_RUN_TERM | LF_RUN_LINK);
  doc->title = lf_inline_plain(r->arena, &title);
  doc->subject = l->subject ? l->subject : doc->title;
  r->last_heading = 1;
  if (!add_heading(r, &bl, 1, title, l->title->pos))
    return -1;
  int rc = resolve_blocks(r, l->body, &bl);
  r->last_heading = 1;
  rc |= add_references(r, &bl);
  rc |= add_glossary(r, &bl);
  rc |= add_about(r, &bl, doc->stem);
  if (l->back_page) {
    block_list back = {.out = &doc->back_page};
    r->last_heading = 2;
    rc |= resolve_blocks(r, l->back_page, &back);
  }
  doc->keywords = build_keywords(r);
  return rc;
}

/*
 * 'lf_resolve_edition()' - One document of a leaflet.
 */
int lf_resolve_edition(lf_arena *arena, const lf_content *content,
                       const lf_leaflet *leaflet, size_t index, lf_document *doc,
                       lf_diags *diags) {
  resolver r = {.arena = arena, .diags = diags, .content = content, .leaflet = leaflet};
  if (leaflet->edition_count) {
    if (index >= leaflet->edition_count)
      return -1;
    r.edition = &leaflet->editions[index];
    r.tumour = lf_content_tumour(content, r.edition->tumour_id);
    if (!r.tumour) {
      lf_error(diags, r.edition->tumour_pos, "no tumour type '%s'", r.edition->tumour_id);
      return -1;
    }
  } else if (index > 0) {
    return -1;
  }
  return resolve_document(&r, doc);
}

/*
 * 'lf_resolve()' - Every document of a leaflet.
 */
int lf_resolve(lf_arena *arena, const lf_content *content, const lf_leaflet *leaflet,
               lf_document **out, size_t *count, lf_diags *diags) {
  size_t n = leaflet->edition_count ? leaflet->edition_count : 1;
  lf_document *docs = lf_arena_array(arena, n, sizeof *docs);
  *out = NULL;
  *count = 0;
  if (!docs) {
    lf_error(diags, leaflet->pos, "out of memory");
    return -1;
  }
  int rc = 0;
  for (size_t i = 0; i < n; i++)
    rc |= lf_resolve_edition(arena, content, leaflet, i, &docs[i], diags);
  if (rc != 0)
    return -1;
  *out = docs;
  *count = n;
  return 0;
}
