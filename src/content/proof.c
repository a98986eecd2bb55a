/*
 * proof.c -- a reviewer's proof as a plain document (proof.h).
 *
 * Each document's changes (diff.h) are walked in reading order and cut into
 * sections at their headings.  A section with no change is its heading
 * alone; one with a change is shown whole, changed blocks marked.  Runs of
 * paragraphs in a list, or in a callout, are put back in a list or callout
 * so that the proof reads like the leaflet (nested lists one level deep).
 */
#include <stdlib.h>
#include <string.h>

#include "leaflet/compose.h"
#include "leaflet/proof.h"

/* ---- marked text --------------------------------------------------------------- */

/* Runs being built from words: the text in one buffer, runs by offset. */
typedef struct marker {
  char *text;
  size_t len, cap;
  struct {
    size_t start, len;
    unsigned style;
  } *runs;
  size_t count, run_cap;
  unsigned last_change;   /* the last word's LF_RUN_DELETED or _INSERTED */
  int spaced;             /* the next word takes a space (after a note) */
  int failed;
} marker;

/*
 * 'mark_bytes()' - Append bytes to the text.
 */
static void mark_bytes(marker *m, const char *s, size_t n) {
  if (m->failed)
    return;
  if (m->len + n + 1 > m->cap) {
    size_t cap = m->cap ? m->cap : 256;
    while (cap < m->len + n + 1)
      cap *= 2;
    char *grown = realloc(m->text, cap);
    if (!grown) {
      m->failed = 1;
      return;
    }
    m->text = grown;
    m->cap = cap;
  }
  memcpy(m->text + m->len, s, n);
  m->len += n;
}

/*
 * 'mark_run()' - Start a run of 'style' at the end of the text.
 */
static void mark_run(marker *m, unsigned style) {
  if (m->failed)
    return;
  if (m->count == m->run_cap) {
    size_t cap = m->run_cap ? m->run_cap * 2 : 16;
    void *grown = realloc(m->runs, cap * sizeof *m->runs);
    if (!grown) {
      m->failed = 1;
      return;
    }
    m->runs = grown;
    m->run_cap = cap;
  }
  m->runs[m->count].start = m->len;
  m->runs[m->count].len = 0;
  m->runs[m->count].style = style;
  m->count++;
}

/*
 * 'mark_word()' - One word in 'style' (its LF_RUN_STRONG and a change),
 * after a space when it had one, or when it is put in next to words taken
 * out (or the other way): inside the run when the word's style goes on,
 * else as a plain space of its own, so no mark spans a gap.
 */
static void mark_word(marker *m, const lf_word *w, unsigned style) {
  unsigned current = m->count ? m->runs[m->count - 1].style : ~0u;
  unsigned change = style & (LF_RUN_DELETED | LF_RUN_INSERTED);
  /* words taken out and words put in never touch: "Drugs Medicines" */
  int between = m->last_change && change && m->last_change != change;
  m->last_change = change;
  if ((w->space_before || between || m->spaced) && m->len > 0) {
    if (current != style && current != 0) {
      mark_run(m, 0);
      current = 0;
    }
    mark_bytes(m, " ", 1);
    if (!m->failed)
      m->runs[m->count - 1].len++;
  }
  m->spaced = 0;
  if (current != style)
    mark_run(m, style);
  mark_bytes(m, w->text, w->len);
  if (!m->failed)
    m->runs[m->count - 1].len += w->len;
}

/*
 * 'mark_words()' - 'count' words from 'at' with 'change' added to each
 * word's own style.
 */
static void mark_words(marker *m, const lf_word *words, size_t at, size_t count,
                       unsigned change) {
  for (size_t i = at; i < at + count; i++)
    mark_word(m, &words[i], words[i].style | change);
}

/*
 * 'mark_same()' - 'count' words the same in both versions, from 'old_at'
 * and 'new_at', as the newer has them; a space before a word when either
 * had one (the newer's first word has none, but after words taken out
 * before it, "[deleted: Your] doctor", it needs one).
 */
static void mark_same(marker *m, const lf_word *old_words, size_t old_at,
                      const lf_word *new_words, size_t new_at, size_t count) {
  for (size_t i = 0; i < count; i++) {
    lf_word w = new_words[new_at + i];
    w.space_before |= old_words[old_at + i].space_before;
    mark_word(m, &w, w.style);
  }
}

/*
 * 'mark_note()' - What changed beside the words, "[...]" in bold, before
 * them and spaced from them.
 */
static void mark_note(marker *m, const char *note) {
  if (m->len > 0) {
    mark_run(m, 0);
    mark_bytes(m, " ", 1);
    if (!m->failed)
      m->runs[m->count - 1].len++;
  }
  mark_run(m, LF_RUN_STRONG);
  mark_bytes(m, note, strlen(note));
  if (!m->failed)
    m->runs[m->count - 1].len += strlen(note);
  m->spaced = 1;
}

/*
 * 'mark_notes()' - The changes to a paragraph that are not in its words:
 * a heading's level, the list it is in (or none), its picture.
 */
static void mark_notes(marker *m, const lf_text_unit *o, const lf_text_unit *n) {
  char note[96];
  if (o->level && n->level && o->level != n->level) {
    snprintf(note, sizeof note, "[heading level changed from %d to %d]", o->level, n->level);
    mark_note(m, note);
  }
  lf_list_kind was = lf_unit_list_kind(o), is = lf_unit_list_kind(n);
  if (was != is) {
    static const char *const kinds[] = {"", "bulleted", "numbered"};
    static const char *const items[] = {"a paragraph", "a bulleted list item",
                                        "a numbered list item"};
    if (was != LF_LIST_NONE && is != LF_LIST_NONE)
      snprintf(note, sizeof note, "[list changed from %s to %s]", kinds[was], kinds[is]);
    else
      snprintf(note, sizeof note, "[changed from %s to %s]", items[was], items[is]);
    mark_note(m, note);
  }
  if (o->has_picture != n->has_picture ||
      (o->has_picture && memcmp(o->picture, n->picture, sizeof o->picture) != 0))
    mark_note(m, "[picture changed]");
}

/*
 * 'lf_unit_marked()' - A unit's words with their marks, as runs.
 */
int lf_unit_marked(lf_arena *arena, const lf_unit_change *c, lf_inline *out) {
  marker m = {0};
  const lf_text_unit *o = c->old_unit, *n = c->new_unit;
  switch (c->change) {
  case LF_CHANGE_NONE:
    mark_words(&m, n->words, 0, n->word_count, 0);
    break;
  case LF_CHANGE_ADDED:
    mark_words(&m, n->words, 0, n->word_count, LF_RUN_INSERTED);
    break;
  case LF_CHANGE_REMOVED:
    mark_words(&m, o->words, 0, o->word_count, LF_RUN_DELETED);
    break;
  case LF_CHANGE_CHANGED:
    mark_notes(&m, o, n);
    for (size_t i = 0; i < c->words.count; i++) {
      const lf_edit *e = &c->words.items[i];
      if (e->kind == LF_EDIT_SAME)
        mark_same(&m, o->words, e->old_at, n->words, e->new_at, e->count);
      else if (e->kind == LF_EDIT_DELETE)
        mark_words(&m, o->words, e->old_at, e->count, LF_RUN_DELETED);
      else
        mark_words(&m, n->words, e->new_at, e->count, LF_RUN_INSERTED);
    }
    break;
  }
  int rc = -1;
  char *text = m.failed ? NULL : lf_arena_strndup(arena, m.text ? m.text : "", m.len);
  lf_run *runs = lf_arena_array(arena, m.count + 1, sizeof *runs);
  if (text && runs) {
    out->runs = runs;
    out->count = 0;
    for (size_t i = 0; i < m.count; i++)
      if (m.runs[i].len)
        runs[out->count++] = (lf_run){.text = text + m.runs[i].start, .len = m.runs[i].len,
                                      .style = m.runs[i].style};
    rc = 0;
  }
  free(m.text);
  free(m.runs);
  return rc;
}

/*
 * 'lf_change_marker()' - "[deleted: ...]" or "[inserted: ...]".
 */
char *lf_change_marker(lf_arena *arena, const lf_run *run) {
  if (!(run->style & (LF_RUN_DELETED | LF_RUN_INSERTED)))
    return NULL;
  const char *s = run->text, *e = run->text + run->len;
  for (;;) {
    if (s < e && (*s == ' ' || *s == '\t' || *s == '\n'))
      s++;
    else if (e - s >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
      s += 2;
    else if (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
      e--;
    else if (e - s >= 2 && (unsigned char)e[-2] == 0xC2 && (unsigned char)e[-1] == 0xA0)
      e -= 2;
    else
      break;
  }
  return lf_arena_printf(arena, "[%s: %.*s]", (run->style & LF_RUN_DELETED) ? "deleted" : "inserted",
                         (int)(e - s), s);
}

/* ---- one document's changes ----------------------------------------------------- */

/* 'unit_of()' - The unit a change shows: the new one, else the old. */
static const lf_text_unit *unit_of(const lf_unit_change *c) {
  return c->new_unit ? c->new_unit : c->old_unit;
}

/*
 * 'marked()' - A change's runs, failing the build when out of memory.
 */
static lf_inline marked(lf_composer *b, const lf_unit_change *c) {
  lf_inline in = {0};
  if (lf_unit_marked(b->arena, c, &in) != 0)
    b->failed = 1;
  return in;
}

/*
 * 'add_marked()' - A paragraph of a change, with its change.
 */
static void add_marked(lf_composer *b, lf_block_list *bl, const lf_unit_change *c) {
  lf_block *p = lf_compose_paragraph(b, bl, marked(b, c), unit_of(c)->block->pos);
  if (p)
    p->change = c->change;
}

static void add_units(lf_composer *b, lf_block_list *bl, const lf_unit_change *c, size_t from,
                      size_t to, int in_callout);

/*
 * 'add_list()' - Changes [from, to), all in lists, as one list: an item
 * starts at each unit that starts one.
 */
static void add_list(lf_composer *b, lf_block_list *bl, const lf_unit_change *c, size_t from,
                     size_t to) {
  size_t items = 0;
  for (size_t k = from; k < to; k++)
    items += k == from || unit_of(&c[k])->item_start;
  lf_block_list *item;
  if (lf_compose_list(b, bl, items, unit_of(&c[from])->ordered, unit_of(&c[from])->block->pos,
                      &item) < 0)
    return;
  size_t n = 0;
  for (size_t k = from; k < to; k++) {
    if (k > from && unit_of(&c[k])->item_start)
      n++;
    add_marked(b, &item[n], &c[k]);
  }
}

/*
 * 'add_units()' - Changes [from, to) of a section's body, regrouped into
 * the lists and callouts they came from.
 */
static void add_units(lf_composer *b, lf_block_list *bl, const lf_unit_change *c, size_t from,
                      size_t to, int in_callout) {
  size_t k = from;
  while (k < to && !b->failed) {
    const lf_text_unit *u = unit_of(&c[k]);
    size_t j = k + 1;
    if (u->in_callout && !in_callout) {
      while (j < to && unit_of(&c[j])->in_callout)
        j++;
      lf_block *box = lf_compose_block(b, bl, LF_BLOCK_CALLOUT, u->block->pos);
      if (!box)
        return;
      size_t index = (size_t)(box - bl->out->items);
      lf_blocks body = {0};
      lf_block_list inner = {.out = &body};
      add_units(b, &inner, c, k, j, 1);
      bl->out->items[index].body = body;
      bl->out->items[index].keep = LF_KEEP_TOGETHER;
    } else if (u->list_depth > 0) {
      while (j < to && unit_of(&c[j])->list_depth > 0 &&
             (in_callout || !unit_of(&c[j])->in_callout))
        j++;
      add_list(b, bl, c, k, j);
    } else {
      add_marked(b, bl, &c[k]);
    }
    k = j;
  }
}

/*
 * 'section_changed()' - Whether any change in [from, to) is one.
 */
static int section_changed(const lf_unit_change *c, size_t from, size_t to) {
  for (size_t k = from; k < to; k++)
    if (c[k].change != LF_CHANGE_NONE)
      return 1;
  return 0;
}

/*
 * 'say()' - A paragraph of plain text.
 */
static lf_block *say(lf_composer *b, lf_block_list *bl, const char *text, lf_pos pos) {
  return lf_compose_paragraph(b, bl, lf_compose_text(b, text, 0), pos);
}

/*
 * 'add_document()' - One changed document: its heading, its summary, then
 * its sections, folded where nothing changed.
 */
static void add_document(lf_composer *b, lf_block_list *bl, const lf_document_diff *d,
                         const lf_proof_info *info) {
  const lf_document *doc = d->new_doc ? d->new_doc : d->old_doc;
  lf_pos pos = {doc->source_file, 0, 0};
  b->last_level = 1;
  const char *name = lf_arena_printf(b->arena, "%s (%s)", doc->title, doc->stem);
  lf_compose_heading(b, bl, 2, lf_compose_text(b, name, 0), pos);
  char *summary = lf_diff_summary(b->arena, d);
  say(b, bl, lf_arena_printf(b->arena, "Changes: %s.", summary ? summary : ""), pos);
  if (!d->old_doc) {
    say(b, bl, lf_arena_printf(b->arena, "This document is new in %s: it has %zu "
                               "paragraphs, not shown here.", info->new_label, d->new_count),
        pos);
    return;
  }
  if (!d->new_doc) {
    say(b, bl, lf_arena_printf(b->arena, "This document is not in %s: it is no longer made.",
                               info->new_label), pos);
    return;
  }
  const lf_unit_change *c = d->changes;
  size_t k = 0;
  lf_unit_part part = LF_PART_BODY;
  while (k < d->change_count && !b->failed) {
    if (unit_of(&c[k])->part != part) {
      /* the back page and the furniture each under a heading of its own,
       * at the level of the leaflet's own second level (H2) */
      part = unit_of(&c[k])->part;
      size_t last = k + 1;
      while (last < d->change_count && unit_of(&c[last])->part == part)
        last++;
      const char *part_name = part == LF_PART_BACK_PAGE ? "Back page" : "On every page";
      lf_block *h = lf_compose_heading(b, bl, 3, lf_compose_text(b, part_name, 0),
                                       unit_of(&c[k])->block->pos);
      if (!section_changed(c, k, last)) {
        if (h)
          h->keep = 0; /* folded */
        k = last;
        continue;
      }
    }
    size_t end = k + 1;
    while (end < d->change_count && unit_of(&c[end])->level == 0 &&
           unit_of(&c[end])->part == part)
      end++;
    const lf_text_unit *head = unit_of(&c[k]);
    int changed = section_changed(c, k, end);
    if (head->level == 1) {
      /* the title's section: the title is the document's heading above */
      if (c[k].change != LF_CHANGE_NONE) {
        lf_inline title = lf_compose_join(b, lf_compose_text(b, "Title: ", 0), marked(b, &c[k]));
        lf_block *p = lf_compose_paragraph(b, bl, title, head->block->pos);
        if (p)
          p->change = c[k].change;
      }
      if (changed)
        add_units(b, bl, c, k + 1, end, 0);
    } else if (head->level > 1) {
      lf_block *h = lf_compose_heading(b, bl, head->level + 1, marked(b, &c[k]),
                                       head->block->pos);
      if (h) {
        h->change = c[k].change;
        if (!changed)
          h->keep = 0; /* folded: nothing under it to keep it with */
      }
      if (changed)
        add_units(b, bl, c, k + 1, end, 0);
    } else if (changed) {
      add_units(b, bl, c, k, end, 0); /* text before any heading */
    }
    k = end;
  }
}

/* ---- the whole proof ------------------------------------------------------------- */

/*
 * 'lf_diff_summary()' - One line for a document.
 */
char *lf_diff_summary(lf_arena *arena, const lf_document_diff *d) {
  if (!d->old_doc)
    return lf_arena_strdup(arena, "new (not in the older version)");
  if (!d->new_doc)
    return lf_arena_strdup(arena, "removed (not in the newer version)");
  char *s = lf_arena_strdup(arena, "");
  const char *sep = "";
  if (d->changed + d->added + d->removed) {
    s = lf_arena_printf(arena, "%zu paragraph%s changed, %zu added, %zu removed", d->changed,
                        d->changed == 1 ? "" : "s", d->added, d->removed);
    sep = "; ";
  }
  const char *const *lists[] = {d->drugs_added, d->drugs_removed};
  size_t counts[] = {d->drugs_added_count, d->drugs_removed_count};
  const char *words[] = {"added", "removed"};
  for (int i = 0; i < 2 && s; i++) {
    if (!counts[i])
      continue;
    s = lf_arena_printf(arena, "%s%sdrug%s %s: ", s, sep, counts[i] == 1 ? "" : "s", words[i]);
    for (size_t k = 0; k < counts[i] && s; k++)
      s = lf_arena_printf(arena, "%s%s%s", s, k ? ", " : "", lists[i][k]);
    sep = "; ";
  }
  if (s && !*s)
    s = lf_arena_strdup(arena, "no changes");
  return s;
}

/*
 * 'add_summary()' - What the proof is, how to read it, and a line per
 * document with the totals.
 */
static void add_summary(lf_composer *b, lf_block_list *bl, const lf_document_diff *diffs,
                        size_t count, const lf_proof_info *info) {
  lf_pos pos = {0};
  char made[32];
  lf_date_format(info->made, made, sizeof made);
  say(b, bl, lf_arena_printf(b->arena, "What changed in the leaflets from %s to %s, for the "
                             "people who review and sign them off. This proof is not for "
                             "patients. Made by leaflet diff on %s.",
                             info->old_label, info->new_label, made), pos);
  b->last_level = 1;
  lf_compose_heading(b, bl, 2, lf_compose_text(b, "How to read this proof", 0), pos);
  lf_inline how[] = {
      lf_compose_join(b, lf_compose_text(b, "Words taken out are struck through in dark red, "
                                            "like ", 0),
                      lf_compose_join(b, lf_compose_text(b, "these words", LF_RUN_DELETED),
                                      lf_compose_text(b, ". A screen reader says them as "
                                                         "deleted.", 0))),
      lf_compose_join(b, lf_compose_text(b, "Words put in are underlined in dark green, "
                                            "like ", 0),
                      lf_compose_join(b, lf_compose_text(b, "these words", LF_RUN_INSERTED),
                                      lf_compose_text(b, ". A screen reader says them as "
                                                         "inserted.", 0))),
      lf_compose_text(b, "A bar in the left margin marks each paragraph that changed, was "
                         "added or was removed.", 0),
      lf_compose_text(b, "A change that is not in the words is said in bold square brackets "
                         "before them: [heading level changed from 3 to 2], [list changed "
                         "from bulleted to numbered], [picture changed].", 0),
      lf_compose_text(b, "A section with no changes is shown by its heading alone. Headings "
                         "of a leaflet are one level below its own heading here. After its "
                         "sections come its back page and what is printed on every page "
                         "(the short title in the footer), each under a heading of its "
                         "own.", 0)};
  size_t nhow = sizeof how / sizeof how[0];
  lf_block_list *item;
  if (lf_compose_list(b, bl, nhow, 0, pos, &item) < 0)
    return;
  for (size_t i = 0; i < nhow; i++)
    lf_compose_paragraph(b, &item[i], how[i], pos);

  lf_compose_heading(b, bl, 2, lf_compose_text(b, "Summary", 0), pos);
  size_t changed_docs = 0, changed = 0, added = 0, removed = 0, drugs = 0;
  for (size_t i = 0; i < count; i++) {
    changed_docs += !lf_document_diff_empty(&diffs[i]);
    changed += diffs[i].changed;
    added += diffs[i].added;
    removed += diffs[i].removed;
    drugs += diffs[i].drugs_added_count + diffs[i].drugs_removed_count;
  }
  say(b, bl, lf_arena_printf(b->arena, "%zu of %zu document%s changed: %zu paragraph%s "
                             "changed, %zu added and %zu removed, and %zu drug section%s "
                             "added or removed.", changed_docs, count, count == 1 ? "" : "s",
                             changed, changed == 1 ? "" : "s", added, removed, drugs,
                             drugs == 1 ? "" : "s"), pos);
  size_t skipped = info->not_compared_count;
  if (skipped)
    say(b, bl, lf_arena_printf(b->arena, "%zu leaflet%s could not be compared, for errors in "
                               "%s content: %s not in this proof.", skipped,
                               skipped == 1 ? "" : "s", skipped == 1 ? "its" : "their",
                               skipped == 1 ? "it is" : "they are"), pos);
  if (count + skipped == 0 || lf_compose_list(b, bl, count + skipped, 0, pos, &item) < 0)
    return;
  for (size_t i = 0; i < skipped; i++) {
    lf_inline text = lf_compose_join(
        b, lf_compose_text(b, info->not_compared[i], LF_RUN_STRONG),
        lf_compose_text(b, lf_arena_printf(b->arena, ": not compared (%s).",
                                           info->not_compared_why[i]), 0));
    lf_compose_paragraph(b, &item[count + i], text, pos);
  }
  for (size_t i = 0; i < count; i++) {
    const lf_document *doc = diffs[i].new_doc ? diffs[i].new_doc : diffs[i].old_doc;
    char *line = lf_diff_summary(b->arena, &diffs[i]);
    lf_inline text = lf_compose_join(b, lf_compose_text(b, doc->stem, LF_RUN_STRONG),
                                     lf_compose_text(b, lf_arena_printf(b->arena, ": %s.",
                                                                        line ? line : ""), 0));
    lf_block *p = lf_compose_paragraph(b, &item[i], text, pos);
    if (p && !lf_document_diff_empty(&diffs[i]))
      p->change = LF_CHANGE_CHANGED;
  }
}

/*
 * 'lf_proof_document()' - The whole proof.
 */
int lf_proof_document(lf_arena *arena, const lf_document_diff *diffs, size_t count,
                      const lf_proof_info *info, lf_document *out) {
  memset(out, 0, sizeof *out);
  lf_composer b = {.arena = arena};
  char made[32];
  lf_date_format(info->made, made, sizeof made);
  out->leaflet_id = "review-proof";
  out->stem = "review-proof";
  out->source_file = "";
  out->title = lf_arena_printf(arena, "Review proof: %s to %s", info->old_label, info->new_label);
  out->language = "en-GB";
  out->subject = "What changed in the leaflets, for the people who review and sign them off";
  out->keywords = "review proof, changes";
  out->last_reviewed = info->made; /* the PDF's date */
  out->footer_note = lf_arena_printf(arena, "Review proof, %s: not for patients", made);
  lf_block_list bl = {.out = &out->body};
  b.last_level = 0;
  lf_compose_heading(&b, &bl, 1, lf_compose_text(&b, out->title, 0), (lf_pos){0});
  add_summary(&b, &bl, diffs, count, info);
  int first = 1;
  for (size_t i = 0; i < count && !b.failed; i++) {
    if (lf_document_diff_empty(&diffs[i]))
      continue;
    if (first)
      lf_compose_block(&b, &bl, LF_BLOCK_PAGE_BREAK, (lf_pos){0});
    first = 0;
    add_document(&b, &bl, &diffs[i], info);
  }
  return b.failed || !out->title || !out->footer_note ? -1 : 0;
}
