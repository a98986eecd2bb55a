/*
 * proof.h -- a reviewer's proof: what changed between two versions of the
 * leaflets (diff.h), as a plain document for the layout engine, and the
 * one-line summaries `leaflet diff` also prints.
 *
 * The proof is for the people who sign leaflets off, not for patients:
 * deleted words are runs styled LF_RUN_DELETED (struck through), inserted
 * words LF_RUN_INSERTED (underlined), each changed, added or removed
 * block carries its lf_change (a bar in the margin), and a section with
 * no changes is folded to its heading.  Content-level: it makes blocks
 * and runs, and knows nothing of how they are drawn.
 */
#ifndef LEAFLET_PROOF_H
#define LEAFLET_PROOF_H

#include <stddef.h>

#include "leaflet/arena.h"
#include "leaflet/diff.h"
#include "leaflet/document.h"

/* What the proof says about itself. */
typedef struct lf_proof_info {
  const char *old_label;   /* the older version, as given ("content-v1", "v1:content") */
  const char *new_label;   /* the newer version */
  lf_date made;            /* the day it is made (its date, in its footer) */
  /* leaflets that could not be compared (errors in their content): ids,
   * and why ("errors in content"), listed in the summary */
  const char *const *not_compared;
  const char *const *not_compared_why;
  size_t not_compared_count;
} lf_proof_info;

/*
 * 'lf_diff_summary()' - One line for a document: "1 paragraph changed, 1
 * added, 1 removed; drugs removed: Everolimus", "no changes", "new (not in
 * the older version)" or "removed (not in the newer version)".  In the
 * arena; NULL when out of memory.
 */
char *lf_diff_summary(lf_arena *arena, const lf_document_diff *diff);

/*
 * 'lf_unit_marked()' - The text of a changed heading or paragraph as a
 * proof shows it: words the same as they are (bold kept), words taken out
 * as LF_RUN_DELETED runs, words put in as LF_RUN_INSERTED runs, spaced as
 * they were written.  An added unit is all inserted, a removed one all
 * deleted.  Returns 0, or -1 when out of memory.
 */
int lf_unit_marked(lf_arena *arena, const lf_unit_change *change, lf_inline *out);

/*
 * 'lf_change_marker()' - What a run of a proof says to a screen reader
 * and on a terminal: "[deleted: words]" or "[inserted: words]", white
 * space (no-break spaces too) trimmed from its ends; NULL for a run that
 * is neither, or when out of memory.
 */
char *lf_change_marker(lf_arena *arena, const lf_run *run);

/*
 * 'lf_proof_document()' - The proof of 'count' document diffs: a title;
 * how to read it; a summary (each document's line, totals, and each
 * leaflet not compared, with why); then, from a
 * new page, each document that changed under its own heading: its
 * sections in reading order, one with no changes as its heading alone,
 * one with changes in full (unchanged paragraphs for context, changed
 * ones marked).  A document new or gone is named, not shown.  Headings of
 * a document sit one level below its own (H2 for its title), never
 * skipping a level.  Returns 0, or -1 when out of memory.
 */
int lf_proof_document(lf_arena *arena, const lf_document_diff *diffs, size_t count,
                      const lf_proof_info *info, lf_document *out);

#endif
