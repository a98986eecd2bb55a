/*
 * history.h -- a leaflet's review as evidence of governance: its review
 * history checked as a whole (versions rising, dates in order, the newest
 * entry being the current version, a sign-off for every version), its
 * status on a given day, and when it should go for its next review.
 *
 * The loader (model.h) checks each history entry's keys and types; this
 * module judges what the entries say together.  Content-level: it knows the
 * model and nothing of layout.
 */
#ifndef LEAFLET_HISTORY_H
#define LEAFLET_HISTORY_H

#include <stddef.h>

#include "leaflet/diag.h"
#include "leaflet/model.h"

/* Where a leaflet stands on a given day. */
typedef enum lf_review_status {
  LF_REVIEW_CURRENT,   /* before its submission date */
  LF_REVIEW_DUE_SOON,  /* within the submission lead time of next_review */
  LF_REVIEW_OVERDUE    /* past next_review */
} lf_review_status;

/*
 * 'lf_review_submit_by()' - The day a leaflet should go for review:
 * next_review less its submit_before_months (three by default).
 */
lf_date lf_review_submit_by(const lf_leaflet *leaflet);

/*
 * 'lf_review_status_on()' - Overdue after next_review, due soon from the
 * submission date (lf_review_submit_by()) up to next_review, else current.
 */
lf_review_status lf_review_status_on(const lf_leaflet *leaflet, lf_date today);

/* 'lf_review_status_name()' - "current", "due soon" or "overdue". */
const char *lf_review_status_name(lf_review_status status);

/*
 * 'lf_review_current()' - The newest history entry (the first written), or
 * NULL when the leaflet has no history.
 */
const lf_review_entry *lf_review_current(const lf_leaflet *leaflet);

/*
 * 'lf_version_compare()' - Order two version labels as people read them:
 * runs of digits by their value ("2" < "10", "1.2" < "1.10"), everything
 * else by its bytes, a label that is a prefix of the other first
 * ("1" < "1.1").  <0, 0, >0 as 'a' is lower than, equal to, higher than 'b'.
 */
int lf_version_compare(const char *a, const char *b);

/*
 * 'lf_check_review()' - The checks `leaflet check` makes of one leaflet's
 * review, each reported at its place with what was expected:
 *   - past next_review: an error naming the days overdue;
 *   - a review or sign-off dated after today: an error
 *     (lf_check_not_future());
 *   - within the submission lead time: a warning to submit it for review;
 *   - no history: a warning; an empty history: an error;
 *   - each entry: a version, a date, what changed, and an approver with a
 *     role and a name (errors where one is missing);
 *   - versions rising from the oldest (last written) to the newest (first
 *     written), none twice; dates in the same order (a later entry may not
 *     be dated after the one above it);
 *   - the newest entry's version equal to review.version and its date
 *     equal to last_reviewed.
 * Returns the number of errors reported.
 */
size_t lf_check_review(const lf_leaflet *leaflet, lf_date today, lf_diags *diags);

/*
 * 'lf_check_history()' - The history checks of lf_check_review() alone
 * (nothing for a leaflet without a history): what `build` and `report`
 * make too, so that no PDF, manifest or report claims a version or a
 * sign-off its history does not hold.  Returns the number of errors.
 */
size_t lf_check_history(const lf_leaflet *leaflet, lf_diags *diags);

/*
 * 'lf_check_not_future()' - A review or a sign-off dated after 'today'
 * (last_reviewed, or a history entry's date) is an error at that date: a
 * review that has not happened yet is no evidence, and no PDF, letter or
 * report may claim it.  `check`, `build`, `mail` and `serve` all make it.
 * Returns the number of errors.
 */
size_t lf_check_not_future(const lf_leaflet *leaflet, lf_date today, lf_diags *diags);

#endif
