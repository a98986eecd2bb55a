/*
 * library.c -- the library at a glance: a row per leaflet and edition,
 * and the report's document (library.h).
 *
 * Everything in a row comes from the content: review dates and history
 * (history.h), the resolved edition's title and prose (measured as
 * `leaflet check` measures it), the references' own text for their years,
 * the print formats in styles/, and translation_of for translations.
 */
#include <ctype.h>
#include <string.h>

#include "leaflet/check.h"
#include "leaflet/compose.h"
#include "leaflet/language.h"
#include "leaflet/library.h"

/*
 * 'latest_year()' - The latest year from 1900 to 'this_year' written as
 * four digits on their own in 'text' (not part of a longer number), or 0.
 */
static int latest_year(const char *text, int this_year) {
  int best = 0;
  for (const char *p = text; p && *p; p++) {
    if (!isdigit((unsigned char)*p) || (p > text && isdigit((unsigned char)p[-1])))
      continue;
    size_t n = 0;
    while (isdigit((unsigned char)p[n]))
      n++;
    if (n == 4) {
      int year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
      if (year >= 1900 && year <= this_year && year > best)
        best = year;
    }
    p += n - 1;
  }
  return best;
}

/*
 * 'newest_reference()' - The latest year any reference of 'l' names.
 */
static int newest_reference(const lf_leaflet *l, int this_year) {
  int best = 0;
  for (size_t i = 0; i < l->reference_count; i++) {
    const lf_node *parts[] = {l->references[i].title, l->references[i].authors,
                              l->references[i].source};
    for (int k = 0; k < 3; k++) {
      int year = parts[k] ? latest_year(parts[k]->text, this_year) : 0;
      if (year > best)
        best = year;
    }
  }
  return best;
}

/*
 * 'fill_translations()' - The translations of 'l' (leaflets whose
 * translation_of is its id), its languages, and, when it is itself a
 * translation, whether it is older than its source.
 */
static int fill_translations(lf_arena *arena, const lf_content *c, const lf_leaflet *l,
                             lf_library_row *row) {
  row->translations = lf_arena_array(arena, c->leaflet_count + 1, sizeof *row->translations);
  row->languages = lf_arena_array(arena, c->leaflet_count + 2, sizeof *row->languages);
  if (!row->translations || !row->languages)
    return -1;
  row->languages[row->language_count++] = l->language;
  for (size_t i = 0; i < c->leaflet_count; i++) {
    const lf_leaflet *t = &c->leaflets[i];
    if (!t->translation_of || strcmp(t->translation_of, l->id) != 0)
      continue;
    row->translations[row->translation_count++] = (lf_library_translation){
        t->id, t->language, lf_date_compare(t->last_reviewed, l->last_reviewed) < 0};
    int known = 0;
    for (size_t k = 0; k < row->language_count; k++)
      known |= strcmp(row->languages[k], t->language) == 0;
    if (!known)
      row->languages[row->language_count++] = t->language;
  }
  row->translation_of = l->translation_of;
  row->older_than_source = -1;
  const lf_leaflet *source = l->translation_of ? lf_content_leaflet(c, l->translation_of) : NULL;
  if (source)
    row->older_than_source = lf_date_compare(l->last_reviewed, source->last_reviewed) < 0;
  return 0;
}

/* 'lf_library_status()' - A row's status in words. */
const char *lf_library_status(const lf_library_row *row) {
  return row->broken ? "content errors" : lf_review_status_name(row->status);
}

/*
 * 'lf_library_rows()' - Every leaflet and edition, resolved and measured.
 */
size_t lf_library_rows(lf_arena *arena, const lf_content *c, lf_date today,
                       lf_library_row **rows, size_t *count, lf_diags *diags) {
  size_t errors = diags->errors, n = 0;
  for (size_t i = 0; i < c->leaflet_count; i++)
    n += c->leaflets[i].edition_count ? c->leaflets[i].edition_count : 1;
  n += c->broken_count;
  *rows = lf_arena_array(arena, n + 1, sizeof **rows);
  const char **formats = lf_arena_array(arena, c->format_count + 1, sizeof *formats);
  *count = 0;
  if (!*rows || !formats) {
    lf_error(diags, (lf_pos){c->root, 0, 0}, "out of memory");
    return diags->errors - errors;
  }
  for (size_t i = 0; i < c->format_count; i++)
    formats[i] = c->formats[i].name;
  for (size_t i = 0; i < c->leaflet_count; i++) {
    const lf_leaflet *l = &c->leaflets[i];
    const lf_review_entry *signed_off = lf_review_current(l);
    size_t editions = l->edition_count ? l->edition_count : 1;
    /* a history that does not hold the version and sign-off is no evidence */
    int history_broken = lf_check_history(l, diags) != 0;
    for (size_t e = 0; e < editions; e++) {
      lf_library_row *row = &(*rows)[(*count)++];
      row->id = l->id;
      row->edition = l->edition_count ? l->editions[e].tumour_id : NULL;
      row->stem = row->edition ? lf_arena_printf(arena, "%s-%s", l->id, row->edition) : l->id;
      row->language = l->language;
      row->version = l->version;
      row->last_reviewed = l->last_reviewed;
      row->next_review = l->next_review;
      row->days_to_review = lf_days_between(today, l->next_review);
      row->status = lf_review_status_on(l, today);
      row->approver_role = signed_off ? signed_off->approver_role : NULL;
      row->approver_name = signed_off ? signed_off->approver_name : NULL;
      row->references = l->reference_count;
      row->newest_reference = newest_reference(l, today.year);
      row->newest_reference_age = row->newest_reference ? today.year - row->newest_reference : 0;
      row->formats = formats;
      row->format_count = c->format_count;
      row->broken = history_broken;
      if (fill_translations(arena, c, l, row) != 0) {
        lf_error(diags, l->pos, "out of memory");
        continue;
      }
      lf_document doc;
      if (lf_resolve_edition(arena, c, l, e, &doc, diags) != 0) {
        row->broken = 1; /* reported; the row stays, without its title and measures */
        continue;
      }
      row->title = doc.title;
      row->measured = lf_language_is_english(doc.language); /* the measures are English ones */
      lf_readability r;
      lf_measure_document(arena, &doc, &r);
      row->words = r.words;
      row->reading_ease = r.flesch_reading_ease;
      row->reading_age = r.reading_age;
    }
  }
  /* a leaflet whose file did not load is not left out of the library: an
   * assessor reading the report must see it is there and broken */
  for (size_t i = 0; i < c->broken_count; i++) {
    lf_library_row *row = &(*rows)[(*count)++];
    memset(row, 0, sizeof *row);
    row->id = row->stem = c->broken_leaflets[i];
    row->broken = row->unloaded = 1;
    row->older_than_source = -1;
  }
  return diags->errors - errors;
}

/* ---- the report's document ----------------------------------------------------- */

/*
 * 'joined_names()' - "a, b and c", or 'none'.
 */
static const char *joined_names(lf_arena *arena, const char *const *names, size_t n,
                                const char *none) {
  if (n == 0)
    return none;
  char *s = lf_arena_strdup(arena, names[0]);
  for (size_t i = 1; i < n && s; i++)
    s = lf_arena_printf(arena, "%s%s%s", s, i + 1 == n ? " and " : ", ", names[i]);
  return s;
}

/*
 * 'row_fields()' - The "field: value" lines of one row, into 'lines'
 * (room for 16); returns how many.
 */
static size_t row_fields(lf_arena *arena, const lf_library_row *r, const char **lines) {
  char last[32], next[32];
  lf_date_format(r->last_reviewed, last, sizeof last);
  lf_date_format(r->next_review, next, sizeof next);
  size_t n = 0;
  lines[n++] = lf_arena_printf(arena, "Leaflet ID: %s", r->stem);
  if (r->unloaded) {
    lines[n++] = lf_arena_printf(arena, "Status: %s", lf_library_status(r));
    lines[n++] = lf_arena_printf(arena, "Its file, leaflets/%s.yaml, did not load: run leaflet "
                                 "check for its errors. Nothing else about it is known.",
                                 r->stem);
    return n;
  }
  lines[n++] = lf_arena_printf(arena, "Language: %s", r->language);
  lines[n++] = lf_arena_printf(arena, "Version: %s", r->version ? r->version : "not given");
  lines[n++] = lf_arena_printf(arena, "Last reviewed: %s", last);
  lines[n++] = r->days_to_review >= 0
                   ? lf_arena_printf(arena, "Next review: %s, in %ld days", next, r->days_to_review)
                   : lf_arena_printf(arena, "Next review: %s, %ld days ago", next, -r->days_to_review);
  lines[n++] = lf_arena_printf(arena, "Status: %s", lf_library_status(r));
  lines[n++] = r->approver_role || r->approver_name
                   ? lf_arena_printf(arena, "Approved by: %s, %s",
                                     r->approver_name ? r->approver_name : "no name",
                                     r->approver_role ? r->approver_role : "no role")
                   : "Approved by: no review history";
  lines[n++] = r->measured ? lf_arena_printf(arena, "Words: %zu", r->words)
                : r->title      ? "Words: not measured (the plain English measures are for "
                                  "English)"
                                : "Words: not measured";
  lines[n++] = r->measured && r->words
                   ? lf_arena_printf(arena, "Reading age: about %.0f (Flesch reading ease %.0f)",
                                     r->reading_age, r->reading_ease)
                   : "Reading age: not measured";
  lines[n++] = r->newest_reference
                   ? lf_arena_printf(arena, "References: %zu, the newest from %d (%d year%s old)",
                                     r->references, r->newest_reference, r->newest_reference_age,
                                     r->newest_reference_age == 1 ? "" : "s")
                   : lf_arena_printf(arena, "References: %zu, none with a year", r->references);
  lines[n++] = lf_arena_printf(arena, "Formats: %s",
                               joined_names(arena, r->formats, r->format_count, "none"));
  lines[n++] = lf_arena_printf(arena, "Languages: %s",
                               joined_names(arena, r->languages, r->language_count, "none"));
  if (r->translation_of)
    lines[n++] = lf_arena_printf(arena, "Translation of: %s (%s)", r->translation_of,
                                 r->older_than_source == 1   ? "older than its source"
                                 : r->older_than_source == 0 ? "up to date with its source"
                                                             : "its source is not in the content");
  char *t = r->translation_count ? lf_arena_strdup(arena, "Translations: ") : "Translations: none";
  for (size_t i = 0; i < r->translation_count && t; i++)
    t = lf_arena_printf(arena, "%s%s%s (%s, %s)", t, i ? "; " : "", r->translations[i].id,
                        r->translations[i].language,
                        r->translations[i].older ? "older than this" : "up to date");
  lines[n++] = t;
  return n;
}

/* The report's rows, for glance_cell(). */
typedef struct glance {
  lf_arena *arena;
  const lf_library_row *rows;
} glance;

/*
 * 'glance_cell()' - A cell of the table at a glance: a header row, then a
 * row per leaflet and edition (its id heading the row).  Four columns fit
 * the standard measure; who approved it, which would make the table too
 * wide and so stacked, is in each row's list below.
 */
static const char *glance_cell(void *ctx, size_t row, size_t column) {
  static const char *const heads[] = {"Leaflet", "Version", "Next review", "Status"};
  const glance *g = ctx;
  if (row == 0)
    return heads[column];
  const lf_library_row *r = &g->rows[row - 1];
  char next[32];
  switch (column) {
  case 0:
    return r->stem;
  case 1:
    return r->unloaded ? "not known" : r->version ? r->version : "not given";
  case 2:
    if (r->unloaded)
      return "not known";
    return lf_arena_strdup(g->arena, lf_date_format(r->next_review, next, sizeof next));
  default:
    return lf_library_status(r);
  }
}

/*
 * 'lf_library_document()' - A summary, a table at a glance, then a
 * heading and a list of fields per row.
 */
int lf_library_document(lf_arena *arena, const lf_library_row *rows, size_t count,
                        lf_date today, lf_document *out) {
  memset(out, 0, sizeof *out);
  lf_composer b = {.arena = arena};
  char day[32];
  lf_date_format(today, day, sizeof day);
  out->leaflet_id = "library-report";
  out->stem = "library-report";
  out->source_file = "";
  out->title = lf_arena_printf(arena, "Leaflet library report, %s", day);
  out->language = "en-GB";
  out->subject = "Every leaflet and edition: version, review dates, sign-off, reading age, "
                 "references, formats, languages and translations";
  out->keywords = "leaflet library, governance, review";
  out->last_reviewed = today; /* the PDF's date */
  out->footer_note = "Made by leaflet report, for governance: not for patients";
  lf_block_list bl = {.out = &out->body};
  lf_pos pos = {0};
  lf_compose_heading(&b, &bl, 1, lf_compose_text(&b, out->title, 0), pos);
  size_t status[3] = {0}, broken = 0;
  for (size_t i = 0; i < count; i++) {
    if (rows[i].broken)
      broken++;
    else
      status[rows[i].status]++;
  }
  const char *errors = broken ? lf_arena_printf(arena, ", %zu with content errors (not built "
                                                "until mended)", broken) : "";
  lf_compose_paragraph(&b, &bl, lf_compose_text(&b, lf_arena_printf(arena,
      "%zu leaflet%s and edition%s on %s: %zu current, %zu due soon (to be submitted for "
      "review), %zu overdue%s. The table gives each one's review at a glance; then each has a "
      "heading, with its details as a list.", count,
      count == 1 ? "" : "s", count == 1 ? "" : "s", day, status[LF_REVIEW_CURRENT],
      status[LF_REVIEW_DUE_SOON], status[LF_REVIEW_OVERDUE], errors), 0), pos);
  glance g = {arena, rows};
  lf_compose_table(&b, &bl, 4, count + 1, 1, 1, lf_compose_text(&b, "Reviews at a glance", 0),
                   pos, glance_cell, &g);
  for (size_t i = 0; i < count && !b.failed; i++) {
    const lf_library_row *r = &rows[i];
    const char *name = lf_arena_printf(arena, "%s (%s)", r->title ? r->title : r->id, r->stem);
    lf_compose_heading(&b, &bl, 2, lf_compose_text(&b, name, 0), pos);
    const char *lines[16];
    size_t n = row_fields(arena, r, lines);
    lf_block_list *item;
    if (lf_compose_list(&b, &bl, n, 0, pos, &item) < 0)
      break;
    for (size_t k = 0; k < n; k++)
      lf_compose_paragraph(&b, &item[k], lf_compose_text(&b, lines[k], 0), pos);
  }
  return b.failed || !out->title || !out->footer_note ? -1 : 0;
}
