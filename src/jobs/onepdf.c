/*
 * onepdf.c -- one document, made by a command rather than resolved from a
 * leaflet (a reviewer's proof, the library report), laid out in a print
 * format of the content and written as a tagged PDF (jobs_internal.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "jobs_internal.h"
#include "leaflet/layout.h"
#include "leaflet/pdf.h"

/*
 * 'lf_pdf_format()' - The print format named 'format', or NULL (reported,
 * with the nearest name; a braille format is not one).
 */
const lf_format *lf_pdf_format(const lf_content *content, const char *format,
                               lf_diags *diags) {
  const lf_format *f = lf_content_format(content, format);
  if (!f) {
    const char **names = calloc(content->format_count + 1, sizeof *names);
    for (size_t i = 0; names && i < content->format_count; i++)
      names[i] = content->formats[i].name;
    const char *near = names ? lf_nearest_name(format, names, content->format_count) : NULL;
    lf_error(diags, (lf_pos){0}, "no print format '%s' (%s%s%s)", format,
             near ? "did you mean '" : "expected the name of a file in content/styles/",
             near ? near : "", near ? "'?" : "");
    free(names);
    return NULL;
  }
  if (f->braille) {
    lf_error(diags, (lf_pos){0}, "'%s' is a braille format, and this is a PDF (expected a "
             "print format, such as standard, large or giant)", format);
    return NULL;
  }
  return f;
}

/*
 * 'lf_write_document_pdf()' - Format, fonts (with its script faces), layout,
 * file.
 */
int lf_write_document_pdf(const lf_content *content, const char *format, const lf_document *doc,
                          const char *path, size_t *pages, lf_diags *diags) {
  const lf_format *f = lf_pdf_format(content, format, diags);
  if (!f)
    return -1;
  /* the format's script faces too, as a build has them: a report or a
   * proof names leaflets in Bengali or Chinese */
  lf_font_cache *cache = calloc(1, sizeof *cache);
  const lf_fontset *fonts = cache ? lf_font_cache_get(cache, f, diags) : NULL;
  if (!cache)
    lf_error(diags, (lf_pos){path, 0, 0}, "out of memory");
  if (!fonts) {
    free(cache);
    return -1;
  }
  int rc = -1;
  lf_arena *arena = lf_arena_new(0);
  lf_display *d = arena ? lf_layout_document(arena, doc, f, fonts, diags) : NULL;
  char *dir = strdup(path);
  char *slash = dir ? strrchr(dir, '/') : NULL;
  if (slash)
    *slash = '\0';
  if (!arena || !dir) {
    lf_error(diags, (lf_pos){path, 0, 0}, "out of memory");
  } else if (d && slash && slash != dir && lf_make_dirs(dir, 0755) != 0) {
    lf_error(diags, (lf_pos){dir, 0, 0}, "cannot create the output folder: %s",
             strerror(errno));
  } else if (d && lf_pdf_write(d, path, diags) == 0) {
    *pages = d->page_count;
    rc = 0;
  } else {
    lf_fontset_problems(fonts, diags); /* a fallback face that would not load */
  }
  free(dir);
  lf_arena_free(arena);
  lf_font_cache_free(cache);
  free(cache);
  return rc;
}
