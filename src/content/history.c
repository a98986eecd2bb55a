/*
 * history.c -- a leaflet's review: dates against today, the submission
 * lead time, and the review history checked as a whole (see history.h).
 *
 * Entries are written newest first.  Where two places disagree (the newest
 * entry and review.version, say) the error is put where an author most
 * likely forgot to make the change: a new entry is written first, so it is
 * review.version or last_reviewed that lags behind.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "leaflet/history.h"

/*
 * 'lf_review_submit_by()' - next_review less the lead time.
 */
lf_date lf_review_submit_by(const lf_leaflet *l) {
  return lf_date_add_months(l->next_review, -l->submit_before_months);
}

/*
 * 'lf_review_status_on()' - Current, due soon or overdue on 'today'.
 */
lf_review_status lf_review_status_on(const lf_leaflet *l, lf_date today) {
  if (lf_date_compare(today, l->next_review) > 0)
    return LF_REVIEW_OVERDUE;
  if (l->submit_before_months > 0 && lf_date_compare(today, lf_review_submit_by(l)) >= 0)
    return LF_REVIEW_DUE_SOON;
  return LF_REVIEW_CURRENT;
}

/*
 * 'lf_review_status_name()' - The status in words.
 */
const char *lf_review_status_name(lf_review_status status) {
  switch (status) {
  case LF_REVIEW_DUE_SOON:
    return "due soon";
  case LF_REVIEW_OVERDUE:
    return "overdue";
  case LF_REVIEW_CURRENT:
    break;
  }
  return "current";
}

/*
 * 'lf_review_current()' - The first history entry, or NULL.
 */
const lf_review_entry *lf_review_current(const lf_leaflet *l) {
  return l->history_count ? &l->history[0] : NULL;
}

/*
 * 'lf_version_compare()' - Digits by value, the rest by bytes.
 */
int lf_version_compare(const char *a, const char *b) {
  while (*a && *b) {
    if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
      while (*a == '0' && isdigit((unsigned char)a[1]))
        a++;
      while (*b == '0' && isdigit((unsigned char)b[1]))
        b++;
      size_t na = 0, nb = 0;
      while (isdigit((unsigned char)a[na]))
        na++;
      while (isdigit((unsigned char)b[nb]))
        nb++;
      if (na != nb)
        return na < nb ? -1 : 1;
      int c = memcmp(a, b, na);
      if (c != 0)
        return c < 0 ? -1 : 1;
      a += na;
      b += nb;
      continue;
    }
    if (*a != *b)
      return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
    a++;
    b++;
  }
  return *a ? 1 : *b ? -1 : 0;
}

/*
 * 'iso()' - A date as authors write it, "2025-02-26".
 */
static const char *iso(lf_date d, char *buf, size_t size) {
  snprintf(buf, size, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

/*
 * 'entry_name()' - "version '2'", or "history entry 3" for one with no
 * version, for messages.
 */
static const char *entry_name(const lf_review_entry *e, size_t index, char *buf,
                              size_t size) {
  if (e->version && e->version[0])
    snprintf(buf, size, "version '%s'", e->version);
  else
    snprintf(buf, size, "history entry %zu", index + 1);
  return buf;
}

/*
 * 'given()' - A text field that is there and holds more than white space.
 */
static int given(const char *s) {
  if (!s)
    return 0;
  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
    s++;
  return *s != 0;
}

/*
 * 'line_count()' - The lines of text 's' holds, line breaks at its end
 * (as a folded '>' value has) not counted.
 */
static size_t line_count(const char *s) {
  size_t n = 1, len = strlen(s);
  while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r' || s[len - 1] == ' '))
    len--;
  for (size_t i = 0; i < len; i++)
    n += s[i] == '\n';
  return n;
}

/*
 * 'check_dates()' - Overdue (an error) or within the submission lead time
 * (a warning), at next_review.
 */
static void check_dates(const lf_leaflet *l, lf_date today, lf_diags *diags) {
  char date[32], from[32];
  lf_date_format(l->next_review, date, sizeof date);
  long days = lf_days_between(today, l->next_review);
  lf_check_not_future(l, today, diags);
  if (days < 0) {
    lf_error(diags, l->next_review_pos, "leaflet '%s' was due for review on %s, %ld days ago "
             "(expected a review and a new next_review, or a build with --allow-overdue)",
             l->id, date, -days);
    return;
  }
  if (lf_review_status_on(l, today) != LF_REVIEW_DUE_SOON)
    return;
  lf_date_format(lf_review_submit_by(l), from, sizeof from);
  lf_warning(diags, l->next_review_pos,
             "leaflet '%s' is due for review on %s, in %ld days: submit it for review now "
             "(expected from %s, %d month%s before; review.submit_before_months)",
             l->id, date, days, from, l->submit_before_months,
             l->submit_before_months == 1 ? "" : "s");
}

/*
 * 'check_entry()' - One entry has everything a record of a version needs.
 */
static void check_entry(const lf_review_entry *e, size_t index, lf_diags *diags) {
  char name[96];
  entry_name(e, index, name, sizeof name);
  if (!given(e->version))
    lf_error(diags, e->version_pos, "history entry %zu has no 'version' (expected the "
             "version it records, such as \"2\")", index + 1);
  if (e->date.year == 0)
    lf_error(diags, e->date_pos, "%s has no 'date' (expected the day it was approved, "
             "YYYY-MM-DD)", name);
  if (!given(e->changes)) /* at the blank value when it is written */
    lf_error(diags, e->changes && e->changes_pos.file ? e->changes_pos : e->pos,
             "%s has no 'changes' (expected one line saying what changed)", name);
  else if (line_count(e->changes) > 1)
    lf_error(diags, e->changes_pos, "the 'changes' of %s run to %zu lines (expected one line "
             "saying what changed, as the library report and the proof show it)",
             name, line_count(e->changes));
  if (!e->has_approver) {
    lf_error(diags, e->pos, "%s has no approver (expected approved_by: {role: ..., "
             "name: ...}, who signed it off)", name);
    return;
  }
  if (!given(e->approver_role))
    lf_error(diags, e->approver_pos, "the approver of %s has no 'role' (expected the role "
             "of who signed it off, such as Clinical nurse specialist)", name);
  if (!given(e->approver_name))
    lf_error(diags, e->approver_pos, "the approver of %s has no 'name' (expected the name "
             "of who signed it off)", name);
}

/*
 * 'check_order()' - Versions rising and dates in order, reading up from the
 * oldest entry (the last) to the newest (the first); no version twice.
 */
static void check_order(const lf_leaflet *l, lf_diags *diags) {
  for (size_t i = 1; i < l->history_count; i++) {
    const lf_review_entry *newer = &l->history[i - 1], *e = &l->history[i];
    char a[32], b[32];
    if (given(e->version)) {
      size_t twin = 0;
      while (twin < i && !(given(l->history[twin].version) &&
                           lf_version_compare(l->history[twin].version, e->version) == 0))
        twin++;
      if (twin < i)
        lf_error(diags, e->version_pos, "version '%s' is listed twice (first at line %d; "
                 "expected each version once)", e->version, l->history[twin].version_pos.line);
      else if (given(newer->version) && lf_version_compare(e->version, newer->version) > 0)
        lf_error(diags, e->version_pos, "version '%s' is listed below version '%s' but is "
                 "higher (expected versions newest first, each lower than the one above it)",
                 e->version, newer->version);
    }
    if (e->date.year && newer->date.year && lf_date_compare(e->date, newer->date) > 0) {
      char en[96], nn[96];
      lf_error(diags, e->date_pos, "%s is dated %s, after %s above it (%s) (expected dates "
               "newest first, each on or before the one above it)",
               entry_name(e, i, en, sizeof en), iso(e->date, a, sizeof a),
               entry_name(newer, i - 1, nn, sizeof nn), iso(newer->date, b, sizeof b));
    }
  }
}

/*
 * 'check_current()' - The newest entry is the version the leaflet says it
 * is, reviewed on the day it says.
 */
static void check_current(const lf_leaflet *l, lf_diags *diags) {
  const lf_review_entry *top = &l->history[0];
  char a[32], b[32];
  if (given(top->version)) {
    if (!given(l->version))
      lf_error(diags, l->review_pos, "'review' has no 'version' (expected \"%s\", the "
               "version of the newest history entry)", top->version);
    else if (strcmp(l->version, top->version) != 0)
      lf_error(diags, l->version_pos, "review.version is '%s' but the newest history entry "
               "(line %d) is version '%s' (expected the same version)", l->version,
               top->pos.line, top->version);
  }
  if (top->date.year && lf_date_compare(top->date, l->last_reviewed) != 0)
    lf_error(diags, l->last_reviewed_pos, "last_reviewed is %s but the newest history entry "
             "(line %d) is dated %s (expected the same date)",
             iso(l->last_reviewed, a, sizeof a), top->pos.line, iso(top->date, b, sizeof b));
}

/*
 * 'lf_check_history()' - The review history, as history.h lists.
 */
size_t lf_check_history(const lf_leaflet *l, lf_diags *diags) {
  size_t before = diags->errors;
  if (!l->has_history)
    return 0;
  if (l->history_count == 0) {
    lf_error(diags, l->history_pos, "'history' is empty (expected at least the current "
             "version, with its date, what changed and who approved it)");
    return diags->errors - before;
  }
  for (size_t i = 0; i < l->history_count; i++)
    check_entry(&l->history[i], i, diags);
  check_order(l, diags);
  check_current(l, diags);
  return diags->errors - before;
}

/*
 * 'lf_check_not_future()' - Reviews and sign-offs dated after today, as
 * history.h says.
 */
size_t lf_check_not_future(const lf_leaflet *l, lf_date today, lf_diags *diags) {
  size_t before = diags->errors;
  char date[32];
  if (l->last_reviewed.year && lf_days_between(today, l->last_reviewed) > 0) {
    lf_date_format(l->last_reviewed, date, sizeof date);
    lf_error(diags, l->last_reviewed_pos, "leaflet '%s' says it was last reviewed on %s, "
             "which is after today: a review that has not happened is no evidence (expected "
             "the date of its last review, today or earlier)", l->id, date);
  }
  for (size_t i = 0; i < l->history_count; i++) {
    const lf_review_entry *e = &l->history[i];
    if (!e->date.year || lf_days_between(today, e->date) <= 0)
      continue;
    char name[96];
    entry_name(e, i, name, sizeof name);
    lf_date_format(e->date, date, sizeof date);
    lf_error(diags, e->date_pos, "%s is dated %s, which is after today: a sign-off that has "
             "not happened is no evidence (expected the day it was approved, today or "
             "earlier)", name, date);
  }
  return diags->errors - before;
}

/*
 * 'lf_check_review()' - Review dates and history, as history.h lists.
 */
size_t lf_check_review(const lf_leaflet *l, lf_date today, lf_diags *diags) {
  size_t before = diags->errors;
  check_dates(l, today, diags);
  if (!l->has_history)
    lf_warning(diags, l->review_pos, "leaflet '%s' has no review history (expected "
               "'history' under 'review': each version, newest first, with its date, what "
               "changed and who approved it)", l->id);
  else
    lf_check_history(l, diags);
  return diags->errors - before;
}
