/*
 * check.c -- `leaflet check`: content checks without rendering (jobs.h).
 */
#include "leaflet/braille.h"
#include "leaflet/check.h"
#include "leaflet/jobs.h"
#include "leaflet/layout.h"
#include "leaflet/letters.h"

typedef struct setting {
  const lf_content *content;
  lf_font_cache *fonts;
  lf_diags *diags;
} setting;

/*
 * 'set_in_every_format()' - An edition the check resolved, set in each
 * format as build would set it (laid out for print, translated for
 * braille) and thrown away: what only setting finds (a character in none
 * of the fonts or with no braille, a language with no braille table) is
 * reported by check too, which passed what build then refused.
 */
static void set_in_every_format(void *ctx, const lf_document *doc) {
  const setting *s = ctx;
  lf_arena *arena = lf_arena_new(0);
  for (size_t k = 0; arena && k < s->content->format_count; k++) {
    const lf_format *f = &s->content->formats[k];
    if (f->braille) {
      lf_braille_text text;
      lf_braille_translate(arena, doc, f, &text, s->diags);
    } else {
      lf_diags unused; /* a set that would not load was reported when loaded */
      lf_diags_init(&unused);
      const lf_fontset *set = lf_font_cache_get(s->fonts, f, &unused);
      lf_diags_free(&unused);
      if (set)
        lf_layout_document(arena, doc, f, set, s->diags);
    }
  }
  lf_arena_free(arena);
}

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
      /* the fonts first, for setting each edition as it is checked; a set
       * that will not load is reported below, in its place */
      lf_font_cache fonts = {0};
      lf_diags later;
      lf_diags_init(&later);
      for (size_t k = 0; k < c->format_count; k++)
        if (!c->formats[k].braille)
          lf_font_cache_get(&fonts, &c->formats[k], &later);
      lf_diags_free(&later);
      setting s = {c, &fonts, &diags};
      lf_check_content_each(arena, c, o->today, &diags, set_in_every_format, &s);
      /* what a build or a mailing would read besides: the letter
       * templates, and every print format's fonts (found, readable,
       * licensed for embedding) */
      lf_letter_templates letters;
      lf_letters_load(arena, folders[i], &letters, &diags);
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
