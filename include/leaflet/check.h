/*
 * check.h -- content checks beyond what loading needs: cross-references,
 * review dates, unused entries and plain-English measures.  For authors'
 * fast feedback (`leaflet check`) and for CI.
 */
#ifndef LEAFLET_CHECK_H
#define LEAFLET_CHECK_H

#include "leaflet/arena.h"
#include "leaflet/diag.h"
#include "leaflet/document.h"
#include "leaflet/model.h"

/* Readability of one document, from its running text. */
typedef struct lf_readability {
  size_t words, sentences, syllables;
  double flesch_reading_ease;  /* 206.835 - 1.015 w/s - 84.6 syl/w */
  double reading_age;          /* Flesch-Kincaid grade + 5 years */
} lf_readability;

/*
 * 'lf_check_content()' - Resolve every leaflet and edition (reporting
 * missing drugs, tumours, fragments and terms), check each leaflet's review
 * dates against 'today' and its review history (lf_check_review(),
 * history.h), report glossary terms and drugs nothing uses, table rows on a
 * fill too dark for some print format's text or links (colour.h), and, as
 * warnings at their place, sentences over 25
 * words, paragraphs over 100 words and words in capitals.  A note per
 * leaflet gives its Flesch reading ease and estimated reading age.
 * Returns the number of errors reported.
 */
size_t lf_check_content(lf_arena *arena, const lf_content *content, lf_date today,
                        lf_diags *diags);

/*
 * 'lf_check_content_each()' - As lf_check_content(), calling 'each' (when
 * not NULL) with 'ctx' for every edition that resolves, as it resolves
 * it: the caller sets it in its formats without resolving it again.
 */
size_t lf_check_content_each(lf_arena *arena, const lf_content *content, lf_date today,
                             lf_diags *diags,
                             void (*each)(void *ctx, const lf_document *doc), void *ctx);

/*
 * 'lf_check_translation()' - Whether translation 'l' (a leaflet with
 * translation_of) has its source's structure, edition by edition (content
 * format, "Languages"), so that the review of one ties to the other: the
 * first difference of each edition an error at the translation's block,
 * naming the source's.  What `check` reports, and `build`, `mail` and
 * `serve` refuse to print.  Returns the number of errors (0 for a leaflet
 * that translates nothing).
 */
size_t lf_check_translation(lf_arena *arena, const lf_content *content, const lf_leaflet *l,
                            lf_diags *diags);

/* 'lf_check_translation_edition()' - As lf_check_translation(), for
 * edition 'e' alone, as 'doc' (NULL: resolved here). */
size_t lf_check_translation_edition(lf_arena *arena, const lf_content *content,
                                    const lf_leaflet *l, size_t e, const lf_document *doc,
                                    lf_diags *diags);

/*
 * 'lf_measure_document()' - The readability of a document's own prose, as
 * `leaflet check` measures it: its paragraphs (in lists and callouts too)
 * up to the sections leaflet adds (references, glossary, about this
 * leaflet); headings are not counted.
 */
void lf_measure_document(lf_arena *arena, const lf_document *doc, lf_readability *r);

/* 'lf_measure_text()' - Add the words, sentences and syllables of 'text'. */
void lf_measure_text(const char *text, lf_readability *r);

/* 'lf_readability_finish()' - Compute the scores from the counts. */
void lf_readability_finish(lf_readability *r);

#endif
