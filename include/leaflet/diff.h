/*
 * diff.h -- what changed between two versions of a document, at the level
 * of the content: which paragraphs are the same, changed, added or
 * removed, which words of a changed paragraph were taken out and put in,
 * and which drug sections came or went.  It knows nothing of layout: a
 * reviewer's proof is made from its result as a plain document (proof.h)
 * and laid out like any other.
 *
 * Both levels use one algorithm: a shortest edit script (a longest common
 * subsequence) by Myers' O(ND) difference algorithm in its linear-space
 * form, which finds the middle snake of the edit graph from both ends and
 * recurses on the two halves (E. W. Myers, "An O(ND) difference algorithm
 * and its variations", Algorithmica 1, 1986).  For sequences of N and M
 * items with D edits between them:
 *   - memory is O(N + M): two diagonal vectors of N + M + 3 entries, a list
 *     of pending halves (disjoint stretches, so at most N + M of them) and
 *     the script itself, whatever D is: a long paragraph never needs an
 *     N x M table;
 *   - time is O((N + M) D) and bounded whatever the input: a stretch of
 *     N' + M' items is searched to at most max(64, LF_DIFF_WORK / (N' + M'))
 *     edits from each end, and one that differs by more is split where the
 *     search got furthest (as GNU diff does when a diff is too costly), so
 *     scattered changes in a very long paragraph are still found one by
 *     one; the whole diff makes at most LF_DIFF_BUDGET (2^27) comparisons
 *     and steps, and whatever is left then is given as deleted and inserted
 *     whole.  lf_edits.capped says when either happened: the script is then
 *     short, but not always the shortest.  A paragraph of a few thousand
 *     words is always diffed exactly: below 4,096 items in all the search
 *     is never cut short.
 */
#ifndef LEAFLET_DIFF_H
#define LEAFLET_DIFF_H

#include <stddef.h>
#include <stdint.h>

#include "leaflet/arena.h"
#include "leaflet/document.h"
#include "leaflet/sha256.h"

/* Bounds on one diff's work (see above): the edits one stretch of N' + M'
 * items is searched to are max(64, LF_DIFF_WORK / (N' + M')); the
 * comparisons and steps of the whole diff at most LF_DIFF_BUDGET. */
#define LF_DIFF_WORK ((size_t)1 << 24)
#define LF_DIFF_BUDGET ((size_t)1 << 27)

typedef enum lf_edit_kind {
  LF_EDIT_SAME,      /* 'count' items the same in both */
  LF_EDIT_DELETE,    /* 'count' items of the old sequence only */
  LF_EDIT_INSERT     /* 'count' items of the new sequence only */
} lf_edit_kind;

/* A stretch of an edit script: items old_at.. and/or new_at.. */
typedef struct lf_edit {
  lf_edit_kind kind;
  size_t old_at, new_at;
  size_t count;
} lf_edit;

/* An edit script, in order; neighbouring edits of one kind are merged. */
typedef struct lf_edits {
  lf_edit *items;
  size_t count, cap;
  int capped;        /* some half passed the bound and is given whole */
} lf_edits;

/* Whether item 'old_index' of the old sequence equals item 'new_index' of
 * the new one. */
typedef int (*lf_same_fn)(const void *ctx, size_t old_index, size_t new_index);

/*
 * 'lf_diff_sequences()' - A shortest edit script turning a sequence of 'n'
 * items into one of 'm' items, compared by 'same' (see above for the bounds
 * on time and memory); into 'out', allocated in 'arena'.  Returns 0, or -1
 * when out of memory.
 */
int lf_diff_sequences(lf_arena *arena, size_t n, size_t m, lf_same_fn same,
                      const void *ctx, lf_edits *out);

/* A word of a paragraph as it prints: its bytes (no white space; U+00A0
 * binds words into one), LF_RUN_STRONG when bold, and whether a space
 * comes before it ("bold," written **bold**, is two words, the second with
 * none).  A link is its words, then its address as a word "(address)"
 * unless the words are the address, so a changed address shows. */
typedef struct lf_word {
  const char *text;
  size_t len;
  unsigned style;
  int space_before;
} lf_word;

/* 'lf_words_of()' - The words of inline text, in the arena.  Returns 0, or
 * -1 when out of memory. */
int lf_words_of(lf_arena *arena, const lf_inline *in, lf_word **out, size_t *count);

/*
 * 'lf_diff_words()' - The edit script between two runs of words (equal
 * when their bytes, boldness and space before are; a paragraph's first
 * word has no space before, so that one is not compared when either word
 * is the first: the words after a first word taken out or put in stay
 * the same).  Returns 0 or -1.
 */
int lf_diff_words(lf_arena *arena, const lf_word *old_words, size_t n,
                  const lf_word *new_words, size_t m, lf_edits *out);

/* Which part of a document a unit is in, in the order they are collected:
 * the body, the back page's blocks (after "About this leaflet"), then the
 * page furniture (lines printed on every page: the short title in the
 * footer, as a paragraph "Short title: ..."). */
typedef enum lf_unit_part {
  LF_PART_BODY,
  LF_PART_BACK_PAGE,
  LF_PART_FURNITURE
} lf_unit_part;

/* How a unit stands in a list: the proof says when that changed. */
typedef enum lf_list_kind {
  LF_LIST_NONE,            /* not in a list */
  LF_LIST_BULLETED,
  LF_LIST_NUMBERED         /* the innermost list is numbered ('steps:') */
} lf_list_kind;

/* A heading or paragraph of a document, where it stands and its words (a
 * table's caption and rows, a figure's alt text and caption, and the short
 * title are paragraphs the diff makes: see collect_table() in diff.c).
 * Two units are the same when their part, heading level, list kind,
 * picture and words are. */
typedef struct lf_text_unit {
  const lf_block *block;   /* the heading or paragraph (its text and place) */
  lf_unit_part part;       /* body, back page or page furniture */
  int level;               /* a heading's level, 1..4; 0 for a paragraph */
  int list_depth;          /* lists it is inside, 0 for none */
  int ordered;             /* the innermost list is numbered */
  int item_start;          /* it starts a list item */
  int in_callout;          /* it is inside a callout */
  const char *drug;        /* the name of the drug section it is in, or NULL */
  int has_picture;         /* a figure's "Picture: ..." paragraph: */
  unsigned char picture[LF_SHA256_SIZE]; /* the SHA-256 of its file's bytes */
  lf_word *words;
  size_t word_count;
  uint64_t hash;           /* of all that is compared, to compare quickly */
} lf_text_unit;

/* 'lf_unit_list_kind()' - Whether a unit is in a list, and which kind. */
lf_list_kind lf_unit_list_kind(const lf_text_unit *unit);

/* One heading or paragraph of either version, in reading order. */
typedef struct lf_unit_change {
  lf_change change;               /* LF_CHANGE_NONE when the same */
  const lf_text_unit *old_unit;   /* NULL when added */
  const lf_text_unit *new_unit;   /* NULL when removed */
  lf_edits words;                 /* LF_CHANGE_CHANGED: old words to new */
} lf_unit_change;

/* What changed in one document (a leaflet, or one edition of it). */
typedef struct lf_document_diff {
  const lf_document *old_doc;     /* NULL: the document is new */
  const lf_document *new_doc;     /* NULL: the document is gone */
  lf_text_unit *old_units, *new_units;
  size_t old_count, new_count;
  lf_unit_change *changes;        /* every unit of both, in reading order */
  size_t change_count;
  /* paragraphs (headings and list items count as paragraphs) changed,
   * added and removed, leaving out those of whole drug sections added or
   * removed, which are counted as drugs */
  size_t changed, added, removed;
  const char **drugs_added, **drugs_removed;   /* drug names */
  size_t drugs_added_count, drugs_removed_count;
} lf_document_diff;

/*
 * 'lf_diff_documents()' - What changed from 'old_doc' to 'new_doc' (either
 * may be NULL, for a document added or removed).  Headings and paragraphs
 * (inside lists and callouts too) of the body, then of the back page, then
 * the page furniture, are aligned by a longest common subsequence of whole
 * paragraphs; in each stretch between aligned ones, a removed paragraph
 * and an added one of the same kind (heading or not) in the same part that
 * share at least half their words (within the next eight added) are one
 * paragraph changed, with its word diff (a heading whose level changed, a
 * list item whose list became numbered or bulleted, a picture whose file
 * changed, each with the same words, is a paragraph changed with no word
 * marked: the proof says what changed); a line of the furniture is paired
 * with the line of the same name; the rest are removed or added.  A drug
 * section (a heading with the role "drug") whose drug is in one version
 * only is a drug added or removed, and its paragraphs are never paired.
 * Returns 0, or -1 when out of memory.
 */
int lf_diff_documents(lf_arena *arena, const lf_document *old_doc,
                      const lf_document *new_doc, lf_document_diff *out);

/* 'lf_document_diff_empty()' - Whether nothing changed. */
int lf_document_diff_empty(const lf_document_diff *diff);

#endif
