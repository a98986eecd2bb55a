/*
 * catalogue.c -- the content as `leaflet serve` shows it (serve.h): every
 * leaflet and edition, resolved once per load, with the text a search
 * looks in, the fonts of every print format, and every diagnostic.
 *
 * A catalogue is never changed once loaded: a reload makes a new one, and
 * requests still holding the old one finish with it (server.c counts its
 * users), so pages and renders never see content half-way through a change.
 */
#include <stdlib.h>
#include <string.h>

#include "leaflet/check.h"
#include "leaflet/history.h"
#include "leaflet/language.h"
#include "leaflet/serve.h"
#include "leaflet/utf8.h"

/*
 * 'compare_formats()' - Print formats by body size, then name; braille
 * formats after them.
 */
static int compare_formats(const void *a, const void *b) {
  const lf_format *fa = *(const lf_format *const *)a, *fb = *(const lf_format *const *)b;
  if (fa->braille != fb->braille)
    return fa->braille - fb->braille;
  if (fa->body_size != fb->body_size)
    return fa->body_size < fb->body_size ? -1 : 1;
  return strcmp(fa->name, fb->name);
}

/*
 * 'find_drugs()' - The drugs whose sections 'blocks' hold (headings the
 * resolver marked "drug", named as the drug is), in order, into 'e'.
 */
static void find_drugs(lf_arena *arena, const lf_content *c, const lf_blocks *blocks,
                       lf_catalogue_entry *e) {
  for (size_t i = 0; i < blocks->count; i++) {
    const lf_block *b = &blocks->items[i];
    if (b->kind == LF_BLOCK_HEADING && b->role && strcmp(b->role, "drug") == 0) {
      const char *name = lf_inline_plain(arena, &b->text);
      for (size_t d = 0; name && d < c->drug_count; d++) {
        if (strcmp(c->drugs[d].name, name) != 0)
          continue;
        int seen = 0;
        for (size_t k = 0; k < e->drug_count; k++)
          seen |= e->drugs[k] == &c->drugs[d];
        if (!seen) {
          const lf_drug **grown = lf_arena_grow(arena, e->drugs, e->drug_count,
                                                e->drug_count + 1, sizeof *grown);
          if (grown) {
            grown[e->drug_count++] = &c->drugs[d];
            e->drugs = grown;
          }
        }
      }
    }
    for (size_t k = 0; k < b->list_count; k++)
      find_drugs(arena, c, &b->list_items[k], e);
    find_drugs(arena, c, &b->body, e);
  }
}

/*
 * 'add_words()' - Append 'text' to a search text: ASCII letters in lower
 * case, anything but letters and digits (and bytes of other scripts) a
 * single space, so that "a word starts here" is " " + word.
 */
static void add_words(char *out, size_t *len, size_t cap, const char *text) {
  if (!text)
    return;
  for (const unsigned char *p = (const unsigned char *)text; *p && *len + 2 < cap; p++) {
    unsigned char ch = *p;
    if (ch >= 'A' && ch <= 'Z')
      ch = (unsigned char)(ch - 'A' + 'a');
    int word = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80;
    if (word)
      out[(*len)++] = (char)ch;
    else if (*len > 0 && out[*len - 1] != ' ')
      out[(*len)++] = ' ';
  }
  if (*len > 0 && out[*len - 1] != ' ')
    out[(*len)++] = ' ';
  out[*len] = 0;
}

/*
 * 'search_text()' - What a search looks in: title, tumour type (its name,
 * id and group), drug names and brand names, keywords and the leaflet id.
 */
static const char *search_text(lf_arena *arena, const lf_content *c, const lf_catalogue_entry *e) {
  size_t cap = 64 + strlen(e->title) + strlen(e->leaflet->id);
  const lf_tumour *t = e->tumour_id ? lf_content_tumour(c, e->tumour_id) : NULL;
  if (t)
    cap += strlen(t->name) + strlen(t->id) + (t->group ? strlen(t->group) : 0) + 3;
  for (size_t i = 0; i < e->drug_count; i++) {
    cap += strlen(e->drugs[i]->name) + 1;
    for (size_t b = 0; b < e->drugs[i]->brand_count; b++)
      cap += strlen(e->drugs[i]->brand_names[b]) + 1;
  }
  for (size_t k = 0; k < e->leaflet->keyword_count; k++)
    cap += strlen(e->leaflet->keywords[k]) + 1;
  /* its language by name: a nurse searches "urdu", not "ur"; with its
   * script ("traditional") and the names people also use ("farsi") */
  char label[96], others[128];
  const char *language = lf_language_label(e->leaflet->language, label, sizeof label);
  lf_language_other_names(e->leaflet->language, others, sizeof others);
  cap += (language ? strlen(language) + 1 : 0) + strlen(others) + 1;
  char *s = lf_arena_alloc(arena, cap);
  if (!s)
    return "";
  size_t len = 0;
  add_words(s, &len, cap, e->title);
  if (t) {
    add_words(s, &len, cap, t->name);
    add_words(s, &len, cap, t->id);
    add_words(s, &len, cap, t->group);
  }
  for (size_t i = 0; i < e->drug_count; i++) {
    add_words(s, &len, cap, e->drugs[i]->name);
    for (size_t b = 0; b < e->drugs[i]->brand_count; b++)
      add_words(s, &len, cap, e->drugs[i]->brand_names[b]);
  }
  for (size_t k = 0; k < e->leaflet->keyword_count; k++)
    add_words(s, &len, cap, e->leaflet->keywords[k]);
  add_words(s, &len, cap, e->leaflet->id);
  if (language)
    add_words(s, &len, cap, language);
  add_words(s, &len, cap, others);
  if (len > 0)
    s[--len] = 0; /* the last space */
  return s;
}

/*
 * 'load_entry()' - Resolve one leaflet edition into its entry, broken when
 * it does not resolve or its history does not hold its version.
 */
static void load_entry(lf_catalogue *cat, const lf_leaflet *l, size_t edition,
                       lf_catalogue_entry *e) {
  const lf_content *c = cat->content;
  e->leaflet = l;
  e->edition = edition;
  lf_diags_init(&e->diags);
  if (l->edition_count) {
    e->tumour_id = l->editions[edition].tumour_id;
    const lf_tumour *t = lf_content_tumour(c, e->tumour_id);
    e->tumour_name = t ? t->name : e->tumour_id;
  }
  if (lf_resolve_edition(cat->arena, c, l, edition, &e->doc, &e->diags) != 0) {
    e->broken = 1;
    e->title = e->tumour_id ? lf_arena_printf(cat->arena, "%s (%s)", l->id, e->tumour_id) : l->id;
  } else {
    e->title = e->doc.title ? e->doc.title : l->id;
    find_drugs(cat->arena, c, &e->doc.body, e);
  }
  /* what `build` refuses the server does not print either: a version or
   * sign-off its history does not record */
  if (lf_check_history(l, &e->diags))
    e->broken = 1;
  /* nor a translation gone apart from its source */
  if (l->translation_of &&
      lf_check_translation_edition(cat->arena, c, l, edition, e->broken ? NULL : &e->doc,
                                   &e->diags))
    e->broken = 1;
  if (!e->title)
    e->title = l->id;
  e->search = search_text(cat->arena, c, e);
}

/*
 * 'check_render()' - Render an entry once in the smallest format, keeping
 * what layout reports (an author's early warning; the bytes are dropped).
 */
static void check_render(lf_catalogue *cat, lf_catalogue_entry *e) {
  if (e->broken || cat->format_count == 0 || cat->formats[0]->braille || !cat->fonts[0])
    return;
  lf_render_request req = {.content = cat->content, .leaflet = e->leaflet,
                           .edition = e->edition, .format = cat->formats[0],
                           .fonts = cat->fonts[0], .today = e->leaflet->last_reviewed};
  lf_rendered r;
  if (lf_render_document(&req, &r, &e->diags) != 0)
    e->broken = 1;
  free(r.data);
}

/*
 * 'lf_catalogue_load()' - Content, fonts and entries, errors kept.
 */
lf_catalogue *lf_catalogue_load(const char *content_dir, unsigned long generation,
                                int check_renders) {
  lf_catalogue *cat = calloc(1, sizeof *cat);
  if (!cat)
    return NULL;
  lf_diags_init(&cat->diags);
  cat->generation = generation;
  cat->arena = lf_arena_new(0);
  if (!cat->arena || !(cat->content_dir = lf_arena_strdup(cat->arena, content_dir))) {
    lf_catalogue_free(cat);
    return NULL;
  }
  const lf_content *c = lf_content_load(cat->arena, content_dir, &cat->diags);
  cat->content = c;
  if (!c)
    return cat;
  cat->formats = lf_arena_array(cat->arena, c->format_count + 1, sizeof *cat->formats);
  cat->fonts = lf_arena_array(cat->arena, c->format_count + 1, sizeof *cat->fonts);
  size_t count = 0;
  for (size_t i = 0; i < c->leaflet_count; i++)
    count += c->leaflets[i].edition_count ? c->leaflets[i].edition_count : 1;
  cat->entries = lf_arena_array(cat->arena, count + 1, sizeof *cat->entries);
  if (!cat->formats || !cat->fonts || !cat->entries) {
    lf_catalogue_free(cat);
    return NULL;
  }
  for (size_t i = 0; i < c->format_count; i++)
    cat->formats[i] = &c->formats[i];
  cat->format_count = c->format_count;
  qsort(cat->formats, cat->format_count, sizeof *cat->formats, compare_formats);
  /* every font set now, so that renders only ever read the cache (braille
   * has none: what translates it does instead) */
  for (size_t i = 0; i < cat->format_count; i++)
    if (!cat->formats[i]->braille)
      cat->fonts[i] = lf_font_cache_get(&cat->font_cache, cat->formats[i], &cat->diags);
  for (size_t i = 0; i < c->leaflet_count; i++) {
    const lf_leaflet *l = &c->leaflets[i];
    size_t editions = l->edition_count ? l->edition_count : 1;
    for (size_t e = 0; e < editions; e++) {
      lf_catalogue_entry *entry = &cat->entries[cat->count++];
      load_entry(cat, l, e, entry);
      if (check_renders)
        check_render(cat, entry);
    }
  }
  return cat;
}

/*
 * 'lf_catalogue_free()' - Diagnostics, fonts, then the arena.
 */
void lf_catalogue_free(lf_catalogue *cat) {
  if (!cat)
    return;
  for (size_t i = 0; i < cat->count; i++)
    lf_diags_free(&cat->entries[i].diags);
  lf_diags_free(&cat->diags);
  lf_font_cache_free(&cat->font_cache);
  lf_arena_free(cat->arena);
  free(cat);
}

/*
 * 'lf_catalogue_errors()' - Errors anywhere in the catalogue.
 */
size_t lf_catalogue_errors(const lf_catalogue *cat) {
  size_t n = cat->diags.errors;
  for (size_t i = 0; i < cat->count; i++)
    n += cat->entries[i].diags.errors;
  return n;
}

/*
 * 'lf_catalogue_find()' - An entry by leaflet id and tumour id.
 */
const lf_catalogue_entry *lf_catalogue_find(const lf_catalogue *cat, const char *leaflet,
                                            const char *tumour) {
  for (size_t i = 0; i < cat->count; i++) {
    const lf_catalogue_entry *e = &cat->entries[i];
    if (strcmp(e->leaflet->id, leaflet) != 0)
      continue;
    if (tumour && tumour[0] ? e->tumour_id && strcmp(e->tumour_id, tumour) == 0 : !e->tumour_id)
      return e;
  }
  return NULL;
}

/*
 * 'lf_catalogue_broken()' - A leaflet file that did not load.
 */
int lf_catalogue_broken(const lf_catalogue *cat, const char *leaflet) {
  for (size_t i = 0; cat->content && i < cat->content->broken_count; i++)
    if (strcmp(cat->content->broken_leaflets[i], leaflet) == 0)
      return 1;
  return 0;
}

/*
 * 'lf_catalogue_query_words()' - Whether the query, as a search reads it,
 * holds a word.
 */
int lf_catalogue_query_words(const char *query) {
  char words[LF_SERVE_MAX_SEARCH * 2 + 4];
  size_t len = 0;
  words[0] = 0;
  add_words(words, &len, sizeof words, query ? query : "");
  return strspn(words, " ") < len;
}

/*
 * 'unspaced()' - Whether a query word starts with a character of a script
 * written without spaces between words (Chinese, Japanese, Korean, Thai,
 * Lao, Myanmar, Khmer), whose words a search finds anywhere in the text.
 */
static int unspaced(const char *w) {
  const char *end = w + strlen(w);
  int32_t cp = lf_utf8_next(&w, end);
  return cp >= 0x2E80 || (cp >= 0x0E00 && cp <= 0x0EFF) || (cp >= 0x1000 && cp <= 0x109F) ||
         (cp >= 0x1780 && cp <= 0x17FF);
}

/*
 * 'lf_catalogue_matches()' - Every word of the query starts a word of the
 * entry's search text; a word of a script written without spaces may
 * stand anywhere in it ("免疫" in the middle of a Chinese title found
 * nothing).
 */
int lf_catalogue_matches(const lf_catalogue_entry *entry, const char *query) {
  char words[LF_SERVE_MAX_SEARCH * 2 + 4];
  size_t len = 0;
  words[0] = 0;
  add_words(words, &len, sizeof words, query);
  const char *text = entry->search;
  char *save = NULL;
  for (char *w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
    const char *q = text;
    if (unspaced(w))
      q = strstr(text, w);
    else
      while ((q = strstr(q, w)) != NULL && q != text && q[-1] != ' ')
        q++;
    if (!q)
      return 0;
  }
  return 1;
}

/*
 * 'lf_catalogue_format()' - A content format by name.
 */
const lf_format *lf_catalogue_format(const lf_catalogue *cat, const char *name) {
  for (size_t i = 0; i < cat->format_count; i++)
    if (strcmp(cat->formats[i]->name, name) == 0)
      return cat->formats[i];
  return NULL;
}

/*
 * 'lf_catalogue_fonts()' - The fonts loaded for a format with the same files.
 */
const lf_fontset *lf_catalogue_fonts(const lf_catalogue *cat, const lf_format *format) {
  for (size_t i = 0; i < cat->format_count && !format->braille; i++) {
    if (cat->formats[i]->braille)
      continue;
    int same = 1;
    for (int f = 0; f < LF_FACE_COUNT; f++)
      same &= strcmp(cat->formats[i]->font_paths[f], format->font_paths[f]) == 0;
    if (same)
      return cat->fonts[i];
  }
  return NULL;
}
