/*
 * check.c -- `leaflet check`: content checks without rendering (jobs.h).
 */
#include "leaflet/check.h"
#include "leaflet/jobs.h"
#include "leaflet/letters.h"

/*
 * 'lf_check()' - Check each folder, report, and say how it went.
 */
int lf_check(const lf_check_options *o) {
  const char *standard[] = {"content"};
  const char **folders = o->folder_count ? o->folders : standard;
  size_t n = o->folder_count ? o->folder_count : 1;
  lf_diags diags;
  lf_diags_init(&diags);
  for (size_t i = 0; i < n; i++) {
    lf_arena *arena = lf_arena_new(0);
    if (!arena) {
      lf_error(&diags, (lf_pos){folders[i], 0, 0}, "out of memory");
      continue;
    }
    lf_content *c = lf_content_load(arena, folders[i], &diags);
    if (c) {
      lf_check_content(arena, c, o->today, &diags);
      /* what a build or a mailing would read besides: the letter
       * templates, and every print format's fonts (found, readable,
       * licensed for embedding) */
      lf_letter_templates letters;
      lf_letters_load(arena, folders[i], &letters, &diags);
      lf_font_cache fonts = {0};
      for (size_t k = 0; k < c->format_count; k++)
        if (!c->formats[k].braille)
          lf_font_cache_get(&fonts, &c->formats[k], &diags);
      lf_font_cache_free(&fonts);
    }
    lf_arena_free(arena);
  }
  if (o->json)
    lf_diags_print_json(&diags, o->out);
  else
    lf_diags_print(&diags, o->out);
  int status = diags.errors ? 2 : (diags.warnings && o->strict) ? 1 : 0;
  lf_diags_free(&diags);
  return status;
}
