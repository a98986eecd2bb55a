/*
 * report.c -- `leaflet report`: the library at a glance (jobs.h) as CSV
 * for a spreadsheet, JSON for scripts, or an accessible PDF for a
 * governance meeting.  The rows are library.c's; this file only writes
 * them out.
 *
 * CSV, one row per leaflet and edition after a header row, CRLF line ends,
 * fields quoted when they must be (RFC 4180); lists within a field are
 * joined by "; ":
 *
 *   id,edition,title,language,version,last_reviewed,next_review,
 *   days_to_review,status,approver_role,approver_name,words,reading_age,
 *   reading_ease,references,newest_reference_year,newest_reference_age_years,
 *   formats,languages,translation_of,older_than_source,translations
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "jobs_internal.h"
#include "leaflet/jobs.h"
#include "leaflet/library.h"
#include "leaflet/textout.h"

/* The CSV header, in the order the fields are written. */
static const char csv_header[] =
    "id,edition,title,language,version,last_reviewed,next_review,days_to_review,status,"
    "approver_role,approver_name,words,reading_age,reading_ease,references,"
    "newest_reference_year,newest_reference_age_years,formats,languages,translation_of,"
    "older_than_source,translations\r\n";

/*
 * 'iso()' - "YYYY-MM-DD" in the arena.
 */
static const char *iso(lf_arena *arena, lf_date d) {
  return lf_arena_printf(arena, "%04d-%02d-%02d", d.year, d.month, d.day);
}

/*
 * 'joined()' - Names joined by "; ".
 */
static const char *joined(lf_arena *arena, const char *const *names, size_t n) {
  char *s = lf_arena_strdup(arena, "");
  for (size_t i = 0; i < n && s; i++)
    s = lf_arena_printf(arena, "%s%s%s", s, i ? "; " : "", names[i]);
  return s;
}

/*
 * 'write_csv()' - The rows as CSV.
 */
static void write_csv(FILE *fp, lf_arena *arena, const lf_library_row *rows, size_t count) {
  fputs(csv_header, fp);
  for (size_t i = 0; i < count; i++) {
    const lf_library_row *r = &rows[i];
    int measured = r->measured;
    char *translations = lf_arena_strdup(arena, "");
    for (size_t k = 0; k < r->translation_count && translations; k++)
      translations = lf_arena_printf(arena, "%s%s%s (%s, %s)", translations, k ? "; " : "",
                                     r->translations[k].id, r->translations[k].language,
                                     r->translations[k].older ? "older than this" : "up to date");
    const char *cells[] = {
        r->id,
        r->edition,
        r->title,
        r->language,
        r->version,
        r->unloaded ? NULL : iso(arena, r->last_reviewed),
        r->unloaded ? NULL : iso(arena, r->next_review),
        r->unloaded ? NULL : lf_arena_printf(arena, "%ld", r->days_to_review),
        lf_library_status(r),
        r->approver_role,
        r->approver_name,
        measured ? lf_arena_printf(arena, "%zu", r->words) : NULL,
        measured && r->words ? lf_arena_printf(arena, "%.1f", r->reading_age) : NULL,
        measured && r->words ? lf_arena_printf(arena, "%.1f", r->reading_ease) : NULL,
        r->unloaded ? NULL : lf_arena_printf(arena, "%zu", r->references),
        r->newest_reference ? lf_arena_printf(arena, "%d", r->newest_reference) : NULL,
        r->newest_reference ? lf_arena_printf(arena, "%d", r->newest_reference_age) : NULL,
        joined(arena, r->formats, r->format_count),
        joined(arena, r->languages, r->language_count),
        r->translation_of,
        r->older_than_source < 0 ? NULL : r->older_than_source ? "yes" : "no",
        translations};
    size_t n = sizeof cells / sizeof *cells;
    for (size_t k = 0; k < n; k++)
      lf_put_csv_cell(fp, cells[k], k + 1 == n);
  }
}

/*
 * 'json_names()' - A JSON array of strings.
 */
static void json_names(FILE *fp, const char *const *names, size_t n) {
  fputc('[', fp);
  for (size_t i = 0; i < n; i++) {
    if (i)
      fputs(", ", fp);
    lf_put_json_string(fp, names[i]);
  }
  fputc(']', fp);
}

/*
 * 'write_json()' - The rows as JSON, one leaflet or edition a line.
 */
static void write_json(FILE *fp, const lf_library_row *rows, size_t count, lf_date today) {
  fprintf(fp, "{\n  \"report\": 1,\n  \"generator\": \"leaflet %s\",\n  \"today\": "
          "\"%04d-%02d-%02d\",\n  \"leaflets\": [", LF_VERSION, today.year, today.month,
          today.day);
  for (size_t i = 0; i < count; i++) {
    const lf_library_row *r = &rows[i];
    int measured = r->measured && r->words;
    fputs(i ? ",\n    {\"id\": " : "\n    {\"id\": ", fp);
    lf_put_json_string(fp, r->id);
    fputs(", \"edition\": ", fp);
    lf_put_json_string(fp, r->edition);
    fputs(", \"title\": ", fp);
    lf_put_json_string(fp, r->title);
    fputs(", \"language\": ", fp);
    lf_put_json_string(fp, r->language);
    fputs(", \"version\": ", fp);
    lf_put_json_string(fp, r->version);
    if (r->unloaded)
      fprintf(fp, ", \"last_reviewed\": null, \"next_review\": null, \"days_to_review\": null, "
              "\"status\": \"%s\", \"approved_by\": ", lf_library_status(r));
    else
      fprintf(fp, ", \"last_reviewed\": \"%04d-%02d-%02d\", \"next_review\": \"%04d-%02d-%02d\", "
              "\"days_to_review\": %ld, \"status\": \"%s\", \"approved_by\": ",
              r->last_reviewed.year, r->last_reviewed.month, r->last_reviewed.day,
              r->next_review.year, r->next_review.month, r->next_review.day, r->days_to_review,
              lf_library_status(r));
    if (r->approver_role || r->approver_name) {
      fputs("{\"role\": ", fp);
      lf_put_json_string(fp, r->approver_role);
      fputs(", \"name\": ", fp);
      lf_put_json_string(fp, r->approver_name);
      fputc('}', fp);
    } else {
      fputs("null", fp);
    }
    if (r->measured)
      fprintf(fp, ", \"words\": %zu", r->words);
    else
      fputs(", \"words\": null", fp);
    if (measured)
      fprintf(fp, ", \"reading_age\": %.1f, \"reading_ease\": %.1f", r->reading_age,
              r->reading_ease);
    else
      fputs(", \"reading_age\": null, \"reading_ease\": null", fp);
    if (r->unloaded)
      fputs(", \"references\": null", fp);
    else
      fprintf(fp, ", \"references\": %zu", r->references);
    if (r->newest_reference)
      fprintf(fp, ", \"newest_reference_year\": %d, \"newest_reference_age_years\": %d",
              r->newest_reference, r->newest_reference_age);
    else
      fputs(", \"newest_reference_year\": null, \"newest_reference_age_years\": null", fp);
    fputs(", \"formats\": ", fp);
    json_names(fp, r->formats, r->format_count);
    fputs(", \"languages\": ", fp);
    json_names(fp, r->languages, r->language_count);
    fputs(", \"translation_of\": ", fp);
    lf_put_json_string(fp, r->translation_of);
    fprintf(fp, ", \"older_than_source\": %s, \"translations\": [",
            r->older_than_source < 0 ? "null" : r->older_than_source ? "true" : "false");
    for (size_t k = 0; k < r->translation_count; k++) {
      fputs(k ? ", {\"id\": " : "{\"id\": ", fp);
      lf_put_json_string(fp, r->translations[k].id);
      fputs(", \"language\": ", fp);
      lf_put_json_string(fp, r->translations[k].language);
      fprintf(fp, ", \"older_than_source\": %s}", r->translations[k].older ? "true" : "false");
    }
    fputs("]}", fp);
  }
  fprintf(fp, "%s]\n}\n", count ? "\n  " : "");
}

/*
 * 'write_text()' - CSV or JSON to the file (atomically) or to 'out'.
 * Returns 0, or -1 after reporting.
 */
static int write_text(const lf_report_options *o, lf_arena *arena, const lf_library_row *rows,
                      size_t count, lf_diags *diags) {
  char *text = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&text, &len);
  if (!fp) {
    lf_error(diags, (lf_pos){0}, "out of memory");
    return -1;
  }
  if (o->format == LF_REPORT_CSV)
    write_csv(fp, arena, rows, count);
  else
    write_json(fp, rows, count, o->today);
  int rc = 0;
  if (fclose(fp) != 0 || !text) {
    lf_error(diags, (lf_pos){0}, "out of memory");
    rc = -1;
  } else if (!o->out_path) {
    rc = fwrite(text, 1, len, o->out) == len ? 0 : -1;
  } else if (lf_write_file_atomic(o->out_path, text, len, 0644, 0) != 0) {
    lf_error(diags, (lf_pos){o->out_path, 0, 0}, "cannot write the report: %s", strerror(errno));
    rc = -1;
  }
  free(text);
  return rc;
}

/*
 * 'lf_report()' - Load, make the rows, write them.
 */
int lf_report(const lf_report_options *o) {
  lf_diags diags;
  lf_diags_init(&diags);
  lf_arena *arena = lf_arena_new(0);
  int status = LF_EXIT_FAILED;
  const lf_content *c = arena ? lf_content_load(arena, o->content_dir, &diags) : NULL;
  if (c && o->format == LF_REPORT_PDF && !lf_pdf_format(c, o->print_format, &diags)) {
    status = LF_EXIT_USAGE; /* --print-format names none */
  } else if (c) {
    lf_library_row *rows;
    size_t count;
    size_t errors = lf_library_rows(arena, c, o->today, &rows, &count, &diags);
    int written;
    if (o->format == LF_REPORT_PDF) {
      lf_document doc;
      size_t pages = 0;
      const char *path = o->out_path ? o->out_path : "out/report.pdf";
      written = lf_library_document(arena, rows, count, o->today, &doc) == 0 &&
                lf_write_document_pdf(c, o->print_format, &doc, path, &pages, &diags) == 0;
      if (written)
        fprintf(o->out, "%s (%zu page%s, %zu leaflet%s and edition%s)\n", path, pages,
                pages == 1 ? "" : "s", count, count == 1 ? "" : "s", count == 1 ? "" : "s");
    } else {
      written = write_text(o, arena, rows, count, &diags) == 0;
    }
    if (written && errors == 0 && c->broken_count == 0)
      status = LF_EXIT_OK;
  } else if (!arena) {
    lf_error(&diags, (lf_pos){0}, "out of memory");
  }
  lf_diags_print(&diags, o->err);
  lf_diags_free(&diags);
  lf_arena_free(arena);
  return status;
}
