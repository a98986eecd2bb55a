/*
 * fontcache.c -- font sets loaded once per distinct set of font files
 * (jobs.h): every print format of a run that names the same files
 * shares one set, read-only, across the workers.
 */
#include <string.h>

#include "leaflet/jobs.h"
#include "leaflet/pdf.h"

/*
 * 'lf_font_cache_get()' - Find the set with the same four files, or load it.
 */
const lf_fontset *lf_font_cache_get(lf_font_cache *cache, const lf_format *format,
                                    lf_diags *diags) {
  for (size_t i = 0; i < cache->count; i++) {
    int same = 1;
    for (int f = 0; f < LF_FACE_COUNT; f++)
      same &= strcmp(cache->owners[i]->font_paths[f], format->font_paths[f]) == 0;
    if (same)
      return &cache->sets[i];
  }
  if (cache->count == LF_FONT_CACHE_MAX) {
    lf_error(diags, format->pos, "too many different sets of fonts at once (at most %d)",
             LF_FONT_CACHE_MAX);
    return NULL;
  }
  lf_fontset *set = &cache->sets[cache->count];
  if (lf_fontset_load(set, format->font_paths, diags) != 0)
    return NULL;
  /* loaded to be embedded in PDFs: refuse at once a face whose licence
   * forbids that (a fallback is checked when it is embedded) */
  if (lf_pdf_font_check(set->face[LF_FACE_REGULAR], diags) != 0 ||
      lf_pdf_font_check(set->face[LF_FACE_BOLD], diags) != 0) {
    lf_fontset_free(set);
    return NULL;
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
