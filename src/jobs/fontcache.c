/*
 * fontcache.c -- font sets loaded once per distinct set of font files
 * (jobs.h): every print format of a run that names the same files
 * shares one set, read-only, across the workers.
 */
#include <string.h>

#include "leaflet/jobs.h"
#include "leaflet/pdf.h"

_Static_assert(LF_FONT_SCRIPT_COUNT <= LF_SCRIPT_SLOTS,
               "a font set has a slot for each script a format may name");

/* 'same_path()' - Two paths that may be NULL name the same file. */
static int same_path(const char *a, const char *b) {
  return a == b || (a && b && strcmp(a, b) == 0);
}

/*
 * 'same_fonts()' - Whether two formats name the same files, faces and all.
 */
static int same_fonts(const lf_format *a, const lf_format *b) {
  for (int f = 0; f < LF_FACE_COUNT; f++)
    if (!same_path(a->font_paths[f], b->font_paths[f]))
      return 0;
  for (int k = 0; k < LF_FONT_SCRIPT_COUNT; k++)
    if (!same_path(a->scripts[k].paths[0], b->scripts[k].paths[0]) ||
        !same_path(a->scripts[k].paths[1], b->scripts[k].paths[1]) ||
        a->scripts[k].index != b->scripts[k].index)
      return 0;
  return 1;
}

/*
 * 'pass_on()' - What loading a format's fonts reported, into 'diags': a
 * problem with one of its font files at the place the format's file names
 * it ("styles/large.yaml:19:12: error: font file 'fonts/X.ttf': cannot
 * open ..."), the path as it was looked for; anything else as it was.
 * Reported at the file alone, the author was not told which format named
 * it, nor where.
 */
static void pass_on(const lf_diags *got, const lf_format *format, lf_diags *diags) {
  for (size_t k = 0; k < got->count; k++) {
    const lf_diag *d = &got->items[k];
    lf_pos at = d->pos;
    const char *named = NULL;
    for (int f = 0; f < 4 && !named; f++)
      if (format->font_paths[f] && format->font_pos[f].file && d->pos.file &&
          strcmp(d->pos.file, format->font_paths[f]) == 0) {
        named = format->font_paths[f];
        at = format->font_pos[f];
      }
    for (int s = 0; s < LF_FONT_SCRIPT_COUNT && !named; s++)
      for (int f = 0; f < 2 && !named; f++)
        if (format->scripts[s].paths[f] && format->scripts[s].pos.file && d->pos.file &&
            strcmp(d->pos.file, format->scripts[s].paths[f]) == 0) {
          named = format->scripts[s].paths[f];
          at = format->scripts[s].pos;
        }
    if (named)
      lf_diag_add_kind(diags, d->severity, d->kind, at, "font file '%s': %s", named,
                       d->message);
    else
      lf_diag_add_kind(diags, d->severity, d->kind, d->pos, "%s", d->message);
  }
}

/*
 * 'lf_font_cache_get()' - Find the set with the same files, or load it.
 */
const lf_fontset *lf_font_cache_get(lf_font_cache *cache, const lf_format *format,
                                    lf_diags *diags) {
  for (size_t i = 0; i < cache->count; i++)
    if (same_fonts(cache->owners[i], format))
      return &cache->sets[i];
  if (cache->count == LF_FONT_CACHE_MAX) {
    lf_error(diags, format->pos, "too many different sets of fonts at once (at most %d)",
             LF_FONT_CACHE_MAX);
    return NULL;
  }
  lf_fontset *set = &cache->sets[cache->count];
  lf_diags got;
  lf_diags_init(&got);
  int rc = lf_fontset_load(set, format->font_paths, &got);
  pass_on(&got, format, diags);
  lf_diags_free(&got);
  if (rc != 0)
    return NULL;
  /* loaded to be embedded in PDFs: refuse at once a face whose licence
   * forbids that (a fallback is checked when it is embedded) */
  if (lf_pdf_font_check(set->face[LF_FACE_REGULAR], diags) != 0 ||
      lf_pdf_font_check(set->face[LF_FACE_BOLD], diags) != 0) {
    lf_fontset_free(set);
    return NULL;
  }
  for (int k = 0; k < LF_FONT_SCRIPT_COUNT; k++) {
    const lf_script_fonts *sf = &format->scripts[k];
    if (!sf->paths[0])
      continue;
    lf_diags_init(&got);
    rc = lf_fontset_add_script(set, k, sf->paths, sf->index, &got);
    pass_on(&got, format, diags);
    lf_diags_free(&got);
    if (rc != 0) {
      lf_fontset_free(set);
      return NULL;
    }
  }
  cache->owners[cache->count] = format;
  return &cache->sets[cache->count++];
}

/*
 * 'lf_font_cache_free()' - Free the sets.
 */
void lf_font_cache_free(lf_font_cache *cache) {
  for (size_t i = 0; i < cache->count; i++)
    lf_fontset_free(&cache->sets[i]);
  cache->count = 0;
}
