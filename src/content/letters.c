/*
 * letters.c -- covering-letter templates: the YAML files in content/letters
 * (letters.h; the format is in docs/content-format.md, "Letters").
 *
 *     id: default
 *     language: en-GB
 *     window: {left: 20, top: 45, width: 85, height: 45, padding: 4}   # mm
 *     min_address_size: 10
 *     bookmark: Our letter to you
 *     sender: [Patient Information Service, ...]
 *     languages: [en-GB, cy, ur]        # optional: the languages it carries
 *     body:
 *       - "{date}"
 *       - "Dear {name}"
 *       - "... our leaflet **{leaflet}** in {format} ..."
 *       - p: "Gallwch ofyn am yr wybodaeth hon ..."
 *         lang: cy
 *     footer: "Our reference: {ref}"
 *
 * A body paragraph is text, in the letter's 'language', or a mapping
 * '- p: text' with 'lang: tag' beside it for a paragraph in another
 * language, as a leaflet's block is; a template that names its
 * 'languages' lists its own language and every paragraph's.
 * Text is inline markup (**strong**, [links](https://...)).  Braces name a
 * field of the request; the markup parser reads them as it reads glossary
 * terms, and lf_letter_fill() replaces each such run with the field's
 * value as plain text, so a name holding '*' or '{' is printed as written.
 */
#include <stdlib.h>
#include <string.h>

#include "leaflet/language.h"
#include "leaflet/files.h"
#include "leaflet/letters.h"
#include "leaflet/yaml.h"

#define MM (72.0 / 25.4)

static const char *const field_names[LF_FIELD_COUNT] = {
    "name", "ref", "date", "leaflet", "tumour", "format", "size"};

static const char *const template_keys[] = {"id", "language", "languages", "window",
                                            "min_address_size", "bookmark", "sender", "body",
                                            "footer"};
static const char *const paragraph_keys[] = {"p", "lang"};
static const char *const window_keys[] = {"left", "top", "width", "height", "padding"};

typedef struct loader {
  lf_arena *arena;
  lf_diags *diags;
  int failed;
} loader;

/*
 * 'check_keys()' - Every key of a mapping must be one of 'allowed'.
 */
static void check_keys(loader *ld, const lf_node *map, const char *const *allowed, size_t n,
                       const char *what) {
  if (lf_node_check_keys(ld->arena, map, what, allowed, n, ld->diags) > 0)
    ld->failed = 1;
}

/*
 * 'scalar()' - A string value, or NULL (reported when the node is not one).
 */
static const char *scalar(loader *ld, const lf_node *v, const char *what) {
  if (!v)
    return NULL;
  if (v->kind != LF_NODE_SCALAR) {
    lf_error(ld->diags, v->pos, "%s must be text, not %s", what, lf_node_kind_name(v->kind));
    ld->failed = 1;
    return NULL;
  }
  return v->text;
}

/*
 * 'number()' - A number in [lo, hi] from a scalar, into *out (left as it is
 * when absent).
 */
static void number(loader *ld, const lf_node *v, const char *what, double lo, double hi,
                   double *out) {
  const char *text = scalar(ld, v, what);
  if (!text)
    return;
  char *end;
  double d = strtod(text, &end);
  if (end == text || *end || !(d >= lo && d <= hi)) {
    lf_error(ld->diags, v->pos, "%s '%s' is not a number from %g to %g", what, text, lo, hi);
    ld->failed = 1;
    return;
  }
  *out = d;
}

/*
 * 'check_fields()' - Every term run must name a field.
 */
static void check_fields(loader *ld, const lf_inline *in, lf_pos pos) {
  for (size_t i = 0; i < in->count; i++) {
    const lf_run *r = &in->runs[i];
    if (!(r->style & LF_RUN_TERM))
      continue;
    int known = 0;
    for (int f = 0; f < LF_FIELD_COUNT && !known; f++)
      known = strcmp(r->term, field_names[f]) == 0;
    if (known)
      continue;
    const char *near = lf_nearest_name(r->term, field_names, LF_FIELD_COUNT);
    /* at the field's '{', as a leaflet's terms are placed (it was the
     * string's start) */
    lf_pos at = lf_run_char_pos(r, r->text, pos);
    if (r->anchor_count && at.column > 1)
      at.column--;
    lf_error(ld->diags, at, "no field '{%s}' in a letter%s%s%s (expected one of {name}, {ref}, "
             "{date}, {leaflet}, {tumour}, {format}, {size})", r->term,
             near ? " (did you mean '{" : "", near ? near : "", near ? "}'?)" : "");
    ld->failed = 1;
  }
}

/*
 * 'text()' - A text node parsed as inline markup with fields checked.
 */
static int text(loader *ld, const lf_node *v, const char *what, lf_inline *out) {
  memset(out, 0, sizeof *out);
  const char *s = scalar(ld, v, what);
  if (!s)
    return -1;
  (void)s;
  if (lf_parse_inline_node(ld->arena, v, out, ld->diags) != 0) {
    ld->failed = 1;
    return -1;
  }
  check_fields(ld, out, v->pos);
  return 0;
}

/*
 * 'paragraphs()' - A list of text (or one text) as paragraphs.
 */
static lf_inline *paragraphs(loader *ld, const lf_node *v, const char *what, size_t *count) {
  *count = 0;
  if (!v)
    return NULL;
  size_t n = v->kind == LF_NODE_SEQUENCE ? v->count : 1;
  lf_inline *out = lf_arena_array(ld->arena, n + 1, sizeof *out);
  if (!out) {
    ld->failed = 1;
    return NULL;
  }
  for (size_t i = 0; i < n; i++)
    if (text(ld, v->kind == LF_NODE_SEQUENCE ? v->items[i] : v, what, &out[*count]) == 0)
      (*count)++;
  return out;
}

/*
 * 'language()' - A language tag leaflet knows, or NULL (reported at the
 * value, with the tag likely meant).
 */
static const char *language(loader *ld, const lf_node *v, const char *what) {
  const char *tag = scalar(ld, v, what);
  if (!tag)
    return NULL;
  char suggestion[64];
  const char *name;
  if (lf_language_check(tag, suggestion, sizeof suggestion, &name))
    return tag;
  if (suggestion[0] && name)
    lf_error(ld->diags, v->pos, "unknown language '%s' in %s (did you mean '%s', %s?)", tag,
             what, suggestion, name);
  else
    lf_error(ld->diags, v->pos, "unknown language '%s' in %s (expected a BCP 47 tag such as "
             "'en-GB', 'cy', 'ur' or 'zh-Hans')", tag, what);
  ld->failed = 1;
  return NULL;
}

/*
 * 'languages()' - 'languages:', a list of tags the letter carries, which
 * must hold its own 'language'.
 */
static void languages(loader *ld, const lf_node *v, lf_letter_template *t) {
  if (!v)
    return;
  if (v->kind != LF_NODE_SEQUENCE || !v->count) {
    lf_error(ld->diags, v->pos, "'languages' must be a list of language tags (expected "
             "the letter's own first, as in [%s, cy])", t->language);
    ld->failed = 1;
    return;
  }
  t->languages = lf_arena_array(ld->arena, v->count, sizeof *t->languages);
  if (!t->languages) {
    ld->failed = 1;
    return;
  }
  int own = 0;
  for (size_t i = 0; i < v->count; i++) {
    const char *tag = language(ld, v->items[i], "'languages'");
    if (!tag)
      continue;
    own |= lf_language_same(tag, t->language);
    t->languages[t->language_count++] = tag;
  }
  if (!own && !ld->failed) {
    lf_error(ld->diags, v->pos, "'languages' does not list the letter's own language '%s' "
             "(expected it first)", t->language);
    ld->failed = 1;
  }
}

/*
 * 'body()' - The body's paragraphs: text, or '- p: text' with 'lang: tag'
 * beside it (a language 'languages' lists, when there is that list).
 */
static void body(loader *ld, const lf_node *v, lf_letter_template *t) {
  size_t n = v->kind == LF_NODE_SEQUENCE ? v->count : 1;
  t->body = lf_arena_array(ld->arena, n + 1, sizeof *t->body);
  t->body_languages = lf_arena_array(ld->arena, n + 1, sizeof *t->body_languages);
  if (!t->body || !t->body_languages) {
    ld->failed = 1;
    return;
  }
  for (size_t i = 0; i < n; i++) {
    const lf_node *item = v->kind == LF_NODE_SEQUENCE ? v->items[i] : v;
    const lf_node *p = item, *lang = NULL;
    if (item->kind == LF_NODE_MAPPING) {
      check_keys(ld, item, paragraph_keys, sizeof paragraph_keys / sizeof *paragraph_keys,
                 "a 'body' paragraph");
      p = lf_node_get(item, "p");
      lang = lf_node_get(item, "lang");
      if (!p) {
        lf_error(ld->diags, item->pos, "a 'body' paragraph in a mapping needs 'p' (expected "
                 "'- p: text' with 'lang: tag' beside it)");
        ld->failed = 1;
        continue;
      }
    }
    const char *tag = lang ? language(ld, lang, "a paragraph's 'lang'") : NULL;
    if (tag && t->language_count) {
      int listed = 0;
      for (size_t k = 0; k < t->language_count && !listed; k++)
        listed = lf_language_same(tag, t->languages[k]);
      if (!listed) {
        lf_error(ld->diags, lang->pos, "the paragraph is in '%s', which the letter's "
                 "'languages' does not list (expected one of them, or '%s' added to them)",
                 tag, tag);
        ld->failed = 1;
      }
    }
    if (text(ld, p, "a 'body' paragraph", &t->body[t->body_count]) == 0)
      t->body_languages[t->body_count++] =
          tag && !lf_language_same(tag, t->language) ? tag : NULL;
  }
}

/*
 * 'load_template()' - One template file.
 */
static void load_template(loader *ld, const char *path, const char *stem,
                          lf_letter_template *t) {
  memset(t, 0, sizeof *t);
  lf_node *root =
      lf_yaml_load_mapping(ld->arena, path, "a letter: a mapping with id and body", ld->diags);
  if (!root) {
    ld->failed = 1;
    return;
  }
  t->file = path;
  t->pos = (lf_pos){path, 0, 0};
  check_keys(ld, root, template_keys, sizeof template_keys / sizeof *template_keys, "a letter");
  t->id = scalar(ld, lf_node_get(root, "id"), "'id'");
  if (!t->id) {
    lf_error(ld->diags, root->pos, "a letter needs 'id' (expected '%s')", stem);
    ld->failed = 1;
  } else if (strcmp(t->id, stem) != 0) {
    lf_error(ld->diags, lf_node_get(root, "id")->pos,
             "id '%s' does not match the file name (expected '%s')", t->id, stem);
    ld->failed = 1;
  }
  t->language = language(ld, lf_node_get(root, "language"), "'language'");
  if (!t->language)
    t->language = "en-GB";
  languages(ld, lf_node_get(root, "languages"), t);
  t->bookmark = scalar(ld, lf_node_get(root, "bookmark"), "'bookmark'");
  /* the window of a C5/DL window envelope unless told otherwise */
  double left = 20, top = 45, width = 85, height = 45, padding = 4, min_size = 10;
  const lf_node *w = lf_node_get(root, "window");
  if (w && w->kind != LF_NODE_MAPPING) {
    lf_error(ld->diags, w->pos, "'window' must be a mapping {left, top, width, height} in mm");
    ld->failed = 1;
  } else if (w) {
    check_keys(ld, w, window_keys, sizeof window_keys / sizeof *window_keys, "'window'");
    number(ld, lf_node_get(w, "left"), "window 'left'", 0, 400, &left);
    number(ld, lf_node_get(w, "top"), "window 'top'", 0, 400, &top);
    number(ld, lf_node_get(w, "width"), "window 'width'", 10, 400, &width);
    number(ld, lf_node_get(w, "height"), "window 'height'", 10, 400, &height);
    number(ld, lf_node_get(w, "padding"), "window 'padding'", 0, 20, &padding);
    if (2 * padding >= width || 2 * padding >= height) {
      lf_error(ld->diags, w->pos, "the window's padding leaves no room for the address (expected "
               "padding under half the window's width and height)");
      ld->failed = 1;
    }
  }
  t->window = (lf_window){left * MM, top * MM, width * MM, height * MM, padding * MM};
  number(ld, lf_node_get(root, "min_address_size"), "'min_address_size'", 6, 96, &min_size);
  t->min_address_size = min_size;
  t->sender = paragraphs(ld, lf_node_get(root, "sender"), "a 'sender' line", &t->sender_count);
  const lf_node *body_node = lf_node_get(root, "body");
  if (!body_node) {
    lf_error(ld->diags, root->pos, "a letter needs 'body' (expected a list of paragraphs)");
    ld->failed = 1;
  }
  else
    body(ld, body_node, t);
  const lf_node *footer = lf_node_get(root, "footer");
  if (footer)
    text(ld, footer, "'footer'", &t->footer);
}

/*
 * 'lf_letters_load()' - Every template in content_dir/letters, by name.
 */
int lf_letters_load(lf_arena *arena, const char *content_dir, lf_letter_templates *out,
                    lf_diags *diags) {
  memset(out, 0, sizeof *out);
  loader ld = {.arena = arena, .diags = diags};
  char *dir = lf_arena_printf(arena, "%s/letters", content_dir);
  char **names = NULL;
  size_t count = 0;
  if (!dir || lf_yaml_files(arena, dir, &names, &count) != 0)
    return -1;
  out->items = lf_arena_array(arena, count + 1, sizeof *out->items);
  if (!out->items)
    return -1;
  for (size_t i = 0; i < count; i++) {
    int read;
    char *path = lf_arena_printf(arena, "%s/%s", dir, names[i]);
    char *stem = lf_yaml_stem(arena, names[i], &read);
    if (!path || !stem)
      return -1;
    if (!read) { /* passed over, its letter would silently be missing */
      lf_error(diags, (lf_pos){path, 1, 1},
               "this file is not read: content files end in .yaml (expected %s.yaml)", stem);
      ld.failed = 1;
      continue;
    }
    load_template(&ld, path, stem, &out->items[out->count++]);
  }
  return ld.failed ? -1 : 0;
}

/*
 * 'lf_letters_for()' - A leaflet's own template, or the default one.
 */
const lf_letter_template *lf_letters_for(const lf_letter_templates *t, const char *leaflet) {
  const lf_letter_template *fallback = NULL;
  for (size_t i = 0; i < t->count; i++) {
    if (!t->items[i].id)
      continue;
    if (strcmp(t->items[i].id, leaflet) == 0)
      return &t->items[i];
    if (strcmp(t->items[i].id, "default") == 0)
      fallback = &t->items[i];
  }
  return fallback;
}

/*
 * 'fill()' - One paragraph with its fields replaced; 0 runs when nothing
 * but white space is left.
 */
static int fill(lf_arena *arena, const lf_inline *in, const char *const values[],
                const char *const langs[], const char *language, lf_inline *out) {
  out->runs = lf_arena_array(arena, in->count + 1, sizeof *out->runs);
  out->count = 0;
  if (!out->runs)
    return -1;
  int visible = 0;
  for (size_t i = 0; i < in->count; i++) {
    lf_run r = in->runs[i];
    if (r.style & LF_RUN_TERM) {
      const char *value = "";
      for (int f = 0; f < LF_FIELD_COUNT; f++)
        if (strcmp(r.term, field_names[f]) == 0 && values[f]) {
          value = values[f];
          if (langs && langs[f] && !lf_language_same_writing(langs[f], language))
            r.lang = langs[f];
        }
      r.text = value;
      r.len = strlen(value);
      r.style &= ~LF_RUN_TERM;
      r.term = NULL;
    }
    if (r.len == 0)
      continue;
    for (size_t k = 0; k < r.len && !visible; k++)
      visible = r.text[k] != ' ';
    out->runs[out->count++] = r;
  }
  if (!visible)
    out->count = 0;
  return 0;
}

/*
 * 'fill_list()' - Fill paragraphs, leaving out the empty ones, and with
 * them their languages ('in_languages' and 'out_languages' may be NULL).
 */
static int fill_list(lf_arena *arena, const lf_inline *in, const char *const *in_languages,
                     size_t n, const char *const values[], const char *const field_langs[],
                     const char *language, const lf_inline **out,
                     const char *const **out_languages, size_t *count) {
  lf_inline *list = lf_arena_array(arena, n + 1, sizeof *list);
  const char **langs = lf_arena_array(arena, n + 1, sizeof *langs);
  *out = list;
  if (out_languages)
    *out_languages = langs;
  *count = 0;
  if (!list || !langs)
    return -1;
  for (size_t i = 0; i < n; i++) {
    /* a paragraph in a language of its own is the language its field's
     * text is compared with */
    const char *own = in_languages && in_languages[i] ? in_languages[i] : language;
    if (fill(arena, &in[i], values, field_langs, own, &list[*count]) != 0)
      return -1;
    langs[*count] = in_languages ? in_languages[i] : NULL;
    if (list[*count].count)
      (*count)++;
  }
  return 0;
}

/*
 * 'lf_letter_fill()' - A template with a request's values.
 */
int lf_letter_fill(lf_arena *arena, const lf_letter_template *t,
                   const char *const values[LF_FIELD_COUNT],
                   const char *const langs[LF_FIELD_COUNT], lf_letter *out) {
  memset(out, 0, sizeof *out);
  if (fill_list(arena, t->sender, NULL, t->sender_count, values, langs, t->language,
                &out->sender, NULL, &out->sender_count) ||
      fill_list(arena, t->body, t->body_languages, t->body_count, values, langs, t->language,
                &out->body, &out->body_languages, &out->body_count))
    return -1;
  if (t->footer.count) {
    lf_inline footer;
    /* the footer is plain text: no language of its own */
    if (fill(arena, &t->footer, values, NULL, t->language, &footer) != 0)
      return -1;
    out->footer = footer.count ? lf_inline_plain(arena, &footer) : NULL;
  }
  /* the leading paragraphs that give the date or the reference */
  for (size_t i = 0; i < t->body_count; i++) {
    int field = 0;
    for (size_t k = 0; k < t->body[i].count; k++) {
      const lf_run *r = &t->body[i].runs[k];
      field |= (r->style & LF_RUN_TERM) && r->term &&
               (strcmp(r->term, field_names[LF_FIELD_DATE]) == 0 ||
                strcmp(r->term, field_names[LF_FIELD_REF]) == 0);
    }
    if (!field)
      break;
    out->dated = i + 1;
  }
  out->bookmark = t->bookmark;
  out->window = t->window;
  out->min_address_size = t->min_address_size;
  out->language = t->language;
  out->pos = t->pos;
  return 0;
}
