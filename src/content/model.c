/*
 * model.c -- the content folder to a typed, checked content model
 * (see model.h).  Every file is read through the YAML loader; this file
 * checks the shape of each one (keys, types, ids, dates) and the ids that
 * files name in one another.
 */
#include "leaflet/model.h"

#include "leaflet/colour.h"
#include "leaflet/files.h"
#include "leaflet/language.h"
#include "leaflet/words.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <strings.h>
#include <sys/stat.h>

/* One loading pass: where we are and where problems go. */
typedef struct loader {
  lf_arena *arena;
  lf_diags *diags;
  const char *root;
  /* "<folder>/<stem>" of each shared file with errors, so that ids naming
   * it are not reported missing as well */
  const char **broken_files;
  size_t broken_file_count;
  int failed;
} loader;

/* ---- small checks ------------------------------------------------------ */

/*
 * 'fail()' - Report an error at a node and remember that loading failed.
 */
__attribute__((format(printf, 3, 4)))
static void fail(loader *ld, lf_pos pos, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  lf_diag_vadd(ld->diags, LF_ERROR, pos, fmt, ap);
  va_end(ap);
  ld->failed = 1;
}


/*
 * 'check_keys()' - Every key of 'map' must be one of 'allowed'; report each
 * other key with the nearest allowed name.  Returns 0 when all are known.
 */
static int check_keys(loader *ld, const lf_node *map, const char *what,
                      const char *const *allowed, size_t n) {
  if (lf_node_check_keys(ld->arena, map, what, allowed, n, ld->diags) == 0)
    return 0;
  ld->failed = 1;
  return -1;
}

/*
 * 'require_kind()' - Report a node of the wrong kind.  Returns 0 when right.
 */
static int require_kind(loader *ld, const lf_node *node, lf_node_kind kind,
                        const char *what) {
  if (node->kind == kind)
    return 0;
  /* "-p: text" where a list belongs is a mapping with the key "-p": a
   * list item whose '-' lost its space */
  if (kind == LF_NODE_SEQUENCE && node->kind == LF_NODE_MAPPING && node->count > 0 &&
      node->keys[0]->text[0] == '-' && node->keys[0]->text[1] != '\0' &&
      node->keys[0]->text[1] != ' ') {
    fail(ld, node->keys[0]->pos,
         "a '-' needs a space after it to start a list item (expected '- item')");
    return -1;
  }
  fail(ld, node->pos, "%s must be %s, not %s", what, lf_node_kind_name(kind),
       lf_node_kind_name(node->kind));
  return -1;
}

/*
 * 'field()' - The value of a key; reports a missing required key at the
 * start of the mapping.
 */
static const lf_node *field(loader *ld, const lf_node *map, const char *key,
                            int required, const char *what) {
  const lf_node *v = lf_node_get(map, key);
  if (!v && required)
    fail(ld, map->pos, "%s has no '%s' (expected '%s: ...'; it is required)", what, key, key);
  return v;
}

/*
 * 'key_pos()' - Where 'key' itself is written in 'map' (the mapping's own
 * place when it has no such key).
 */
static lf_pos key_pos(const lf_node *map, const char *key) {
  for (size_t i = 0; i < map->count; i++)
    if (strcmp(map->keys[i]->text, key) == 0)
      return map->keys[i]->pos;
  return map->pos;
}

/*
 * 'string_field()' - A key whose value must be a string; NULL when absent
 * or wrong (reported).
 */
static const char *string_field(loader *ld, const lf_node *map,
                                const char *key, int required,
                                const char *what) {
  const lf_node *v = field(ld, map, key, required, what);
  if (!v)
    return NULL;
  char label[96];
  snprintf(label, sizeof label, "'%s'", key);
  if (require_kind(ld, v, LF_NODE_SCALAR, label) != 0)
    return NULL;
  if (v->len == 0 && required) {
    fail(ld, v->pos, "'%s' is empty (expected text)", key);
    return NULL;
  }
  return v->text;
}

/*
 * 'string_list()' - A key whose value is a list of strings (one string is
 * taken as a list of one).
 */
static const char **string_list(loader *ld, const lf_node *v, size_t *count,
                                lf_pos **positions, const char *what) {
  *count = 0;
  if (!v)
    return NULL;
  if (v->kind == LF_NODE_SCALAR) {
    const char **out = lf_arena_array(ld->arena, 1, sizeof *out);
    if (positions) {
      *positions = lf_arena_array(ld->arena, 1, sizeof **positions);
      if (*positions)
        (*positions)[0] = v->pos;
    }
    if (!out)
      return NULL;
    out[0] = v->text;
    *count = 1;
    return out;
  }
  if (require_kind(ld, v, LF_NODE_SEQUENCE, what) != 0)
    return NULL;
  const char **out = lf_arena_array(ld->arena, v->count, sizeof *out);
  lf_pos *pos = lf_arena_array(ld->arena, v->count, sizeof *pos);
  if (!out || !pos)
    return NULL;
  for (size_t i = 0; i < v->count; i++) {
    if (v->items[i]->kind != LF_NODE_SCALAR) {
      fail(ld, v->items[i]->pos, "each item of %s must be a string, not %s",
           what, lf_node_kind_name(v->items[i]->kind));
      continue;
    }
    pos[*count] = v->items[i]->pos;
    out[(*count)++] = v->items[i]->text;
  }
  if (positions)
    *positions = pos;
  return out;
}

/*
 * 'valid_id()' - Ids are lowercase a-z, 0-9 and '-', not empty.
 */
static int valid_id(const char *id) {
  if (!*id)
    return 0;
  for (const char *p = id; *p; p++)
    if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-'))
      return 0;
  return 1;
}

/*
 * 'id_field()' - The required 'id', checked for form and against the file
 * name ('stem', the name without .yaml).
 */
static const char *id_field(loader *ld, const lf_node *root, const char *stem,
                            const char *what) {
  const char *id = string_field(ld, root, "id", 1, what);
  if (!id)
    return NULL;
  const lf_node *v = lf_node_get(root, "id");
  if (!valid_id(id)) {
    fail(ld, v->pos, "id '%s' is not valid (expected lowercase letters, digits and '-')", id);
    return NULL;
  }
  if (strlen(id) > LF_CONTENT_ID_MAX) {
    fail(ld, v->pos, "id '%.*s...' is %zu characters long (expected at most %d)",
         LF_CONTENT_ID_MAX / 2, id, strlen(id), LF_CONTENT_ID_MAX);
    return NULL;
  }
  if (strcmp(id, stem) != 0) {
    /* a file name the id rule forbids ("Sunitinib.yaml"): the file is to
     * be renamed, not the id changed to one that is not an id */
    if (!valid_id(stem))
      fail(ld, v->pos, "id '%s' does not match the file name '%s.yaml', which is not an id "
           "(expected the file named '%s.yaml': ids are lowercase letters, digits and '-')",
           id, stem, id);
    else
      fail(ld, v->pos, "id '%s' does not match the file name (expected '%s')", id, stem);
    return NULL;
  }
  return id;
}

/*
 * 'language_field()' - A key whose value must be a BCP 47 tag of a known
 * language; NULL when absent or wrong (reported at the value, with the tag
 * the author likely meant).
 */
static const char *language_field(loader *ld, const lf_node *map, const char *key,
                                  const char *what) {
  const char *tag = string_field(ld, map, key, 0, what);
  if (!tag)
    return NULL;
  const lf_node *v = lf_node_get(map, key);
  char suggestion[64];
  const char *name;
  if (lf_language_check(tag, suggestion, sizeof suggestion, &name))
    return tag;
  if (suggestion[0] && name)
    fail(ld, v->pos, "unknown language '%s' (did you mean '%s', %s?)", tag, suggestion, name);
  else
    fail(ld, v->pos, "unknown language '%s' (expected a BCP 47 tag whose language is an "
         "ISO 639 code, such as 'en-GB', 'cy', 'ur' or 'zh-Hant')", tag);
  return NULL;
}

/* ---- dates --------------------------------------------------------------- */

/*
 * 'lf_date_parse()' - ISO YYYY-MM-DD, a real calendar date.
 */
int lf_date_parse(const char *text, lf_date *out) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (strlen(text) != 10 || text[4] != '-' || text[7] != '-')
    return -1;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !isdigit((unsigned char)text[i]))
      return -1;
  int y = atoi(text), m = atoi(text + 5), d = atoi(text + 8);
  if (y < 1900 || m < 1 || m > 12 || d < 1)
    return -1;
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > days[m - 1] + (m == 2 && leap))
    return -1;
  out->year = y;
  out->month = m;
  out->day = d;
  return 0;
}

/*
 * 'lf_date_compare()' - Order two dates.
 */
int lf_date_compare(lf_date a, lf_date b) {
  if (a.year != b.year)
    return a.year < b.year ? -1 : 1;
  if (a.month != b.month)
    return a.month < b.month ? -1 : 1;
  if (a.day != b.day)
    return a.day < b.day ? -1 : 1;
  return 0;
}

/*
 * 'days_from_civil()' - Days since 1970-01-01 in the proleptic Gregorian
 * calendar.
 */
static long days_from_civil(lf_date d) {
  long y = d.year - (d.month <= 2);
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long mp = (d.month + 9) % 12;
  long doy = (153 * mp + 2) / 5 + d.day - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/*
 * 'lf_days_between()' - Days from a to b.
 */
long lf_days_between(lf_date a, lf_date b) { return days_from_civil(b) - days_from_civil(a); }

/*
 * 'lf_date_format()' - "26 Feb 2025".
 */
char *lf_date_format(lf_date d, char *buf, size_t size) {
  static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  snprintf(buf, size, "%d %s %d", d.day,
           d.month >= 1 && d.month <= 12 ? months[d.month - 1] : "?", d.year);
  return buf;
}

/*
 * 'lf_date_add_months()' - A date some months on (or back), the day clamped
 * to the length of the month reached.
 */
lf_date lf_date_add_months(lf_date d, int months) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  long index = (long)d.year * 12 + (d.month - 1) + months;
  lf_date out = {(int)(index / 12), (int)(index % 12) + 1, d.day};
  int leap = (out.year % 4 == 0 && out.year % 100 != 0) || out.year % 400 == 0;
  int last = days[out.month - 1] + (out.month == 2 && leap);
  if (out.day > last)
    out.day = last;
  return out;
}

/*
 * 'date_field()' - A required date key.
 */
static int date_field(loader *ld, const lf_node *map, const char *key,
                      lf_date *out, const char *what) {
  const char *text = string_field(ld, map, key, 1, what);
  if (!text)
    return -1;
  if (lf_date_parse(text, out) != 0) {
    fail(ld, lf_node_get(map, key)->pos,
         "'%s' is not a date (expected YYYY-MM-DD, a real calendar date from 1900)", text);
    return -1;
  }
  return 0;
}

/* Growable arrays of model records, in the arena. */
#define PUSH(ld, arr, count, item)                                            \
  do {                                                                        \
    void *grown_ = lf_arena_grow((ld)->arena, (arr), (count), (count) + 1,    \
                                 sizeof *(arr));                              \
    if (grown_) {                                                             \
      (arr) = grown_;                                                         \
      (arr)[(count)++] = (item);                                              \
    }                                                                         \
  } while (0)

/* ---- folders ------------------------------------------------------------- */

/*
 * 'load_folder()' - Parse every YAML file of root/sub and hand each root
 * mapping to 'each' with its path and id stem.  'holds' says what each file
 * should hold, for the error about one that is empty or not a mapping.
 */
typedef void (*file_loader)(loader *ld, const lf_node *root, const char *path,
                            const char *stem, void *out);

static void load_folder(loader *ld, const char *sub, const char *holds,
                        file_loader each, void *out) {
  char *dir = lf_arena_printf(ld->arena, "%s/%s", ld->root, sub);
  char **names = NULL;
  size_t count = 0;
  if (!dir || lf_yaml_files(ld->arena, dir, &names, &count) != 0) {
    fail(ld, (lf_pos){ld->root, 0, 0}, "out of memory");
    return;
  }
  for (size_t i = 0; i < count; i++) {
    char *path = lf_arena_printf(ld->arena, "%s/%s", dir, names[i]);
    int read;
    char *stem = lf_yaml_stem(ld->arena, names[i], &read);
    int is_leaflet = strcmp(sub, "leaflets") == 0;
    /* a '.yml' or '.YAML' file would be passed over without a word: what
     * its author wrote would silently be missing */
    if (!read)
      lf_error(ld->diags, (lf_pos){path, 1, 1},
               "this file is not read: content files end in .yaml (expected %s.yaml)", stem);
    lf_node *root = read ? lf_yaml_load_mapping(ld->arena, path, holds, ld->diags) : NULL;
    if (!root) {
      /* a broken leaflet stops only itself; a broken shared file, all */
      lf_content *c = out;
      if (is_leaflet)
        PUSH(ld, c->broken_leaflets, c->broken_count, stem);
      else {
        ld->failed = 1;
        PUSH(ld, ld->broken_files, ld->broken_file_count,
             lf_arena_printf(ld->arena, "%s/%s", sub, stem));
      }
      continue;
    }
    size_t errors_before = ld->diags->errors;
    each(ld, root, path, stem, out);
    if (!is_leaflet && ld->diags->errors > errors_before)
      PUSH(ld, ld->broken_files, ld->broken_file_count,
           lf_arena_printf(ld->arena, "%s/%s", sub, stem));
  }
}

/*
 * 'is_broken_file()' - Whether folder/id is a shared file whose own errors
 * have been reported.
 */
static int is_broken_file(const loader *ld, const char *folder, const char *id) {
  size_t n = strlen(folder);
  for (size_t i = 0; i < ld->broken_file_count; i++) {
    const char *f = ld->broken_files[i];
    if (f && strncmp(f, folder, n) == 0 && f[n] == '/' && strcmp(f + n + 1, id) == 0)
      return 1;
  }
  return 0;
}

/* ---- each kind of file --------------------------------------------------- */

static const char *const drug_keys[] = {"id", "name", "brand_names", "kind", "class",
                                        "how_it_works", "how_you_have_it", "side_effects"};
static const char *const drug_kinds[] = {"targeted", "immunotherapy", "both",
                                         "hormone", "chemotherapy", "other"};

/*
 * 'load_drug()' - One drugs/<id>.yaml.
 */
static void load_drug(loader *ld, const lf_node *root, const char *path,
                      const char *stem, void *out) {
  lf_content *c = out;
  lf_drug d = {.file = path, .pos = root->pos};
  check_keys(ld, root, "a drug", drug_keys, sizeof drug_keys / sizeof *drug_keys);
  d.id = id_field(ld, root, stem, "a drug");
  d.name = string_field(ld, root, "name", 1, "a drug");
  d.brand_names = string_list(ld, lf_node_get(root, "brand_names"), &d.brand_count,
                              NULL, "'brand_names'");
  const char *kind = string_field(ld, root, "kind", 1, "a drug");
  if (kind) {
    size_t k = 0, nk = sizeof drug_kinds / sizeof *drug_kinds;
    while (k < nk && strcmp(kind, drug_kinds[k]) != 0)
      k++;
    if (k == nk)
      fail(ld, lf_node_get(root, "kind")->pos, "unknown drug kind '%s' (expected %s)",
           kind, lf_join_names(ld->arena, drug_kinds, nk));
    else
      d.kind = (lf_drug_kind)k;
  }
  d.class_name = string_field(ld, root, "class", 0, "a drug");
  d.how_it_works = field(ld, root, "how_it_works", 1, "a drug");
  d.how_you_have_it = field(ld, root, "how_you_have_it", 1, "a drug");
  d.side_effects = field(ld, root, "side_effects", 0, "a drug");
  if (d.side_effects)
    require_kind(ld, d.side_effects, LF_NODE_SEQUENCE, "'side_effects'");
  if (d.id && d.name)
    PUSH(ld, c->drugs, c->drug_count, d);
}

/*
 * 'load_tumour()' - One tumours/<id>.yaml: id, name and group are checked;
 * other scalar fields are kept for {tumour.*}.
 */
static void load_tumour(loader *ld, const lf_node *root, const char *path,
                        const char *stem, void *out) {
  lf_content *c = out;
  lf_tumour t = {.file = path, .pos = root->pos, .root = root};
  t.id = id_field(ld, root, stem, "a tumour type");
  t.name = string_field(ld, root, "name", 1, "a tumour type");
  t.group = string_field(ld, root, "group", 1, "a tumour type");
  if (t.group && strcmp(t.group, "NET") != 0 && strcmp(t.group, "NEC") != 0)
    fail(ld, lf_node_get(root, "group")->pos, "unknown group '%s' (expected NET or NEC)",
         t.group);
  for (size_t i = 0; i < root->count; i++)
    if (root->items[i]->kind != LF_NODE_SCALAR && strcmp(root->keys[i]->text, "id") != 0 &&
        strcmp(root->keys[i]->text, "name") != 0 && strcmp(root->keys[i]->text, "group") != 0)
      fail(ld, root->items[i]->pos, "'%s' must be a string, not %s",
           root->keys[i]->text, lf_node_kind_name(root->items[i]->kind));
  if (t.id && t.name)
    PUSH(ld, c->tumours, c->tumour_count, t);
}

/*
 * 'load_words()' - One words/<language>.yaml (words.h).
 */
static void load_words(loader *ld, const lf_node *root, const char *path, const char *stem,
                       void *out) {
  lf_content *c = out;
  lf_words *w = lf_words_parse(ld->arena, root, path, stem, ld->diags);
  if (!w)
    ld->failed = 1;
  else
    PUSH(ld, c->words, c->words_count, *w);
}

/*
 * 'load_fragment()' - One fragments/<id>.yaml.
 */
static void load_fragment(loader *ld, const lf_node *root, const char *path,
                          const char *stem, void *out) {
  static const char *const keys[] = {"id", "body"};
  lf_content *c = out;
  lf_fragment f = {.file = path, .pos = root->pos};
  check_keys(ld, root, "a fragment", keys, 2);
  f.id = id_field(ld, root, stem, "a fragment");
  f.body = field(ld, root, "body", 1, "a fragment");
  if (f.body && require_kind(ld, f.body, LF_NODE_SEQUENCE, "'body'") != 0)
    f.body = NULL;
  if (f.id && f.body)
    PUSH(ld, c->fragments, c->fragment_count, f);
}

/*
 * 'load_editions()' - A template's editions: tumour and drug ids.
 */
static void load_editions(loader *ld, const lf_node *v, lf_leaflet *l) {
  static const char *const keys[] = {"tumour", "drugs", "text"};
  if (require_kind(ld, v, LF_NODE_SEQUENCE, "'editions'") != 0)
    return;
  if (v->count == 0)
    fail(ld, v->pos, "'editions' is empty (expected one edition per tumour type)");
  l->editions = lf_arena_array(ld->arena, v->count, sizeof *l->editions);
  if (!l->editions)
    return;
  for (size_t i = 0; i < v->count; i++) {
    const lf_node *e = v->items[i];
    if (require_kind(ld, e, LF_NODE_MAPPING, "an edition") != 0)
      continue;
    check_keys(ld, e, "an edition", keys, 3);
    lf_edition ed = {0};
    ed.tumour_id = string_field(ld, e, "tumour", 1, "an edition");
    if (!ed.tumour_id)
      continue;
    ed.tumour_pos = lf_node_get(e, "tumour")->pos;
    for (size_t j = 0; j < l->edition_count; j++)
      if (strcmp(l->editions[j].tumour_id, ed.tumour_id) == 0)
        fail(ld, ed.tumour_pos, "tumour '%s' has two editions (expected one each)",
             ed.tumour_id);
    ed.drug_ids = string_list(ld, field(ld, e, "drugs", 0, "an edition"),
                              &ed.drug_count, &ed.drug_pos, "'drugs'");
    ed.text = lf_node_get(e, "text");
    if (ed.text && require_kind(ld, ed.text, LF_NODE_SEQUENCE, "an edition's 'text'") != 0)
      ed.text = NULL;
    l->editions[l->edition_count++] = ed;
  }
}

/*
 * 'load_references()' - title (required), authors, source.
 */
static void load_references(loader *ld, const lf_node *v, lf_leaflet *l) {
  static const char *const keys[] = {"title", "authors", "source"};
  if (require_kind(ld, v, LF_NODE_SEQUENCE, "'references'") != 0)
    return;
  l->references = lf_arena_array(ld->arena, v->count, sizeof *l->references);
  if (!l->references)
    return;
  for (size_t i = 0; i < v->count; i++) {
    const lf_node *r = v->items[i];
    if (require_kind(ld, r, LF_NODE_MAPPING, "a reference") != 0)
      continue;
    check_keys(ld, r, "a reference", keys, 3);
    lf_reference ref = {.pos = r->pos};
    ref.title = field(ld, r, "title", 1, "a reference");
    ref.authors = field(ld, r, "authors", 0, "a reference");
    ref.source = field(ld, r, "source", 0, "a reference");
    int ok = ref.title != NULL;
    const lf_node *parts[] = {ref.title, ref.authors, ref.source};
    for (int k = 0; k < 3; k++)
      if (parts[k] && require_kind(ld, parts[k], LF_NODE_SCALAR, "a reference's fields") != 0)
        ok = 0;
    if (ok)
      l->references[l->reference_count++] = ref;
  }
}

static int number(loader *ld, const lf_node *v, const char *what, double lo,
                  double hi, double *out);

/*
 * 'load_history()' - review.history: each version, newest first, with its
 * date, what changed and who approved it.  Keys and types are checked here;
 * a field left out, and the history as a whole (order, the current version),
 * are for history.c to judge, so that `leaflet check` says what is missing
 * where.
 */
static void load_history(loader *ld, const lf_node *v, lf_leaflet *l) {
  static const char *const keys[] = {"version", "date", "changes", "approved_by"};
  static const char *const approver_keys[] = {"role", "name"};
  l->has_history = 1;
  l->history_pos = v->pos;
  if (require_kind(ld, v, LF_NODE_SEQUENCE, "'history'") != 0)
    return;
  l->history = lf_arena_array(ld->arena, v->count + 1, sizeof *l->history);
  if (!l->history)
    return;
  for (size_t i = 0; i < v->count; i++) {
    const lf_node *e = v->items[i];
    if (require_kind(ld, e, LF_NODE_MAPPING, "a history entry") != 0)
      continue;
    check_keys(ld, e, "a history entry", keys, 4);
    lf_review_entry h = {.pos = e->pos, .version_pos = e->pos, .date_pos = e->pos,
                         .approver_pos = e->pos};
    h.version = string_field(ld, e, "version", 0, "a history entry");
    if (lf_node_get(e, "version"))
      h.version_pos = lf_node_get(e, "version")->pos;
    const lf_node *date = lf_node_get(e, "date");
    if (date) {
      h.date_pos = date->pos;
      if (require_kind(ld, date, LF_NODE_SCALAR, "'date'") == 0 &&
          lf_date_parse(date->text, &h.date) != 0)
        fail(ld, date->pos, "'%s' is not a date (expected YYYY-MM-DD, a real calendar date from 1900)",
             date->text);
    }
    h.changes = string_field(ld, e, "changes", 0, "a history entry");
    h.changes_pos = lf_node_get(e, "changes") ? lf_node_get(e, "changes")->pos : e->pos;
    const lf_node *by = lf_node_get(e, "approved_by");
    if (by) {
      h.approver_pos = by->pos;
      h.has_approver = 1;
      if (require_kind(ld, by, LF_NODE_MAPPING, "'approved_by'") == 0) {
        check_keys(ld, by, "'approved_by'", approver_keys, 2);
        h.approver_role = string_field(ld, by, "role", 0, "'approved_by'");
        h.approver_name = string_field(ld, by, "name", 0, "'approved_by'");
      }
    }
    l->history[l->history_count++] = h;
  }
}

static const char *const leaflet_keys[] = {"id", "title", "short_title", "language",
                                           "translation_of", "publisher", "subject",
                                           "keywords", "url", "editions", "review",
                                           "contact", "body", "back_page", "references"};

/*
 * 'load_leaflet()' - One leaflets/<id>.yaml.
 */
static void load_leaflet(loader *ld, const lf_node *root, const char *path,
                         const char *stem, void *out) {
  static const char *const review_keys[] = {"last_reviewed", "next_review", "version",
                                             "submit_before_months", "history"};
  static const char *const contact_keys[] = {"text", "phone", "hours", "email", "web"};
  lf_content *c = out;
  int failed_before = ld->failed;
  ld->failed = 0;
  lf_leaflet l = {.file = path, .pos = root->pos, .language = "en-GB",
                  .language_pos = root->pos, .submit_before_months = 3};
  check_keys(ld, root, "a leaflet", leaflet_keys, sizeof leaflet_keys / sizeof *leaflet_keys);
  l.id = id_field(ld, root, stem, "a leaflet");
  l.title = field(ld, root, "title", 1, "a leaflet");
  if (l.title)
    require_kind(ld, l.title, LF_NODE_SCALAR, "'title'");
  const char *lang = language_field(ld, root, "language", "a leaflet");
  if (lang) {
    l.language = lang;
    l.language_pos = lf_node_get(root, "language")->pos;
  }
  l.translation_of = string_field(ld, root, "translation_of", 0, "a leaflet");
  if (l.translation_of) {
    l.translation_pos = lf_node_get(root, "translation_of")->pos;
    if (l.id && strcmp(l.translation_of, l.id) == 0)
      fail(ld, l.translation_pos, "leaflet '%s' is given as a translation of itself "
           "(expected the id of the leaflet it translates)", l.id);
  }
  l.short_title = string_field(ld, root, "short_title", 0, "a leaflet");
  if (l.short_title && !l.short_title[0])
    fail(ld, lf_node_get(root, "short_title")->pos,
         "'short_title' is empty (expected the few words a page's footer names the "
         "leaflet by)");
  l.url = string_field(ld, root, "url", 0, "a leaflet");
  if (l.url && ((strncmp(l.url, "https://", 8) != 0 && strncmp(l.url, "http://", 7) != 0) ||
                strpbrk(l.url, " \t")))
    fail(ld, lf_node_get(root, "url")->pos,
         "'url' is '%s' (expected the leaflet's web address, starting https://, with no "
         "spaces)", l.url);
  l.publisher = string_field(ld, root, "publisher", 0, "a leaflet");
  l.subject = string_field(ld, root, "subject", 0, "a leaflet");
  l.keywords = string_list(ld, lf_node_get(root, "keywords"), &l.keyword_count, NULL,
                           "'keywords'");
  const lf_node *editions = lf_node_get(root, "editions");
  if (editions)
    load_editions(ld, editions, &l);
  const lf_node *review = field(ld, root, "review", 1, "a leaflet");
  if (review && require_kind(ld, review, LF_NODE_MAPPING, "'review'") == 0) {
    check_keys(ld, review, "'review'", review_keys, 5);
    l.review_pos = l.last_reviewed_pos = l.version_pos = key_pos(root, "review");
    if (lf_node_get(review, "last_reviewed"))
      l.last_reviewed_pos = lf_node_get(review, "last_reviewed")->pos;
    int ok = date_field(ld, review, "last_reviewed", &l.last_reviewed, "'review'") == 0;
    ok &= date_field(ld, review, "next_review", &l.next_review, "'review'") == 0;
    if (lf_node_get(review, "next_review"))
      l.next_review_pos = lf_node_get(review, "next_review")->pos;
    if (ok && lf_date_compare(l.next_review, l.last_reviewed) <= 0)
      fail(ld, lf_node_get(review, "next_review")->pos,
           "next_review is not after last_reviewed (expected a later date)");
    else if (ok && lf_date_compare(l.next_review, lf_date_add_months(l.last_reviewed, 36)) > 0) {
      char limit[32];
      lf_date limit_day = lf_date_add_months(l.last_reviewed, 36);
      snprintf(limit, sizeof limit, "%04d-%02d-%02d", limit_day.year, limit_day.month,
               limit_day.day);
      fail(ld, lf_node_get(review, "next_review")->pos,
           "next_review is more than three years after last_reviewed (expected %s or "
           "earlier: trusted information is reviewed at least every three years)", limit);
    }
    l.version = string_field(ld, review, "version", 0, "'review'");
    if (lf_node_get(review, "version"))
      l.version_pos = lf_node_get(review, "version")->pos;
    const lf_node *lead = lf_node_get(review, "submit_before_months");
    double months;
    if (lead && number(ld, lead, "'submit_before_months'", 0, 24, &months) == 0) {
      if (months != (int)months)
        fail(ld, lead->pos, "'submit_before_months' is %g (expected a whole number of months)",
             months);
      else
        l.submit_before_months = (int)months;
    }
    const lf_node *history = lf_node_get(review, "history");
    if (history)
      load_history(ld, history, &l);
  }
  const lf_node *contact = lf_node_get(root, "contact");
  if (contact && require_kind(ld, contact, LF_NODE_MAPPING, "'contact'") == 0) {
    check_keys(ld, contact, "'contact'", contact_keys, 5);
    l.has_contact = 1;
    l.contact.pos = contact->pos;
    l.contact.text = string_field(ld, contact, "text", 0, "'contact'");
    l.contact.phone = string_field(ld, contact, "phone", 0, "'contact'");
    l.contact.hours = string_field(ld, contact, "hours", 0, "'contact'");
    l.contact.email = string_field(ld, contact, "email", 0, "'contact'");
    l.contact.web = string_field(ld, contact, "web", 0, "'contact'");
    /* printed, and a link in the PDF: a web address a viewer can open */
    if (l.contact.web && ((strncmp(l.contact.web, "https://", 8) != 0 &&
                           strncmp(l.contact.web, "http://", 7) != 0) ||
                          strpbrk(l.contact.web, " \t")))
      fail(ld, lf_node_get(contact, "web")->pos,
           "contact 'web' is '%s' (expected a web address starting https://, with no spaces)",
           l.contact.web);
    if (l.contact.email && (!strchr(l.contact.email, '@') || strpbrk(l.contact.email, " \t")))
      fail(ld, lf_node_get(contact, "email")->pos,
           "contact 'email' is '%s' (expected an email address such as "
           "nurses@example.org, with no spaces)", l.contact.email);
  }
  l.body = field(ld, root, "body", 1, "a leaflet");
  if (l.body && require_kind(ld, l.body, LF_NODE_SEQUENCE, "'body'") == 0 && l.body->count == 0)
    fail(ld, l.body->pos, "'body' is empty (expected the leaflet's blocks, such as '- p: text')");
  l.back_page = lf_node_get(root, "back_page");
  if (l.back_page && require_kind(ld, l.back_page, LF_NODE_SEQUENCE, "'back_page'") != 0)
    l.back_page = NULL;
  const lf_node *refs = lf_node_get(root, "references");
  if (refs)
    load_references(ld, refs, &l);
  if (!ld->failed)
    PUSH(ld, c->leaflets, c->leaflet_count, l);
  else
    PUSH(ld, c->broken_leaflets, c->broken_count, stem);
  ld->failed = failed_before;
}

/* A glossary key as terms are matched, and its place in the file. */
typedef struct keyed_term {
  const char *key;
  size_t index;
} keyed_term;

/*
 * 'matched_form()' - 'term' with each no-break space a space, as terms are
 * matched (same_term()); NULL when out of memory.
 */
static const char *matched_form(lf_arena *arena, const char *term) {
  size_t n = strlen(term);
  char *out = lf_arena_alloc(arena, n + 1);
  if (!out)
    return NULL;
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if ((unsigned char)term[i] == 0xC2 && (unsigned char)term[i + 1] == 0xA0) {
      out[k++] = ' ';
      i++;
    } else {
      out[k++] = term[i];
    }
  }
  out[k] = 0;
  return out;
}

/* 'by_key()' - Keys in byte order, then by place (qsort). */
static int by_key(const void *a, const void *b) {
  const keyed_term *x = a, *y = b;
  int c = strcmp(x->key ? x->key : "", y->key ? y->key : "");
  return c ? c : (x->index > y->index) - (x->index < y->index);
}

/*
 * 'load_glossary()' - glossary.yaml: term -> definition.
 */
static void load_glossary(loader *ld, lf_content *c) {
  char *path = lf_arena_printf(ld->arena, "%s/glossary.yaml", ld->root);
  struct stat st;
  if (stat(path, &st) != 0)
    return; /* no glossary: fine until a term is used */
  lf_node *root = lf_yaml_load_mapping(
      ld->arena, path, "the glossary: a mapping of terms to their definitions", ld->diags);
  if (!root) {
    ld->failed = 1;
    return;
  }
  c->terms = lf_arena_array(ld->arena, root->count, sizeof *c->terms);
  /* each term as it is matched (a no-break space a space), sorted, so
   * that one defined twice is found among neighbours: comparing each with
   * every earlier one took 30 s for 50,000 terms */
  keyed_term *keyed = lf_arena_array(ld->arena, root->count + 1, sizeof *keyed);
  unsigned char *twice = lf_arena_array(ld->arena, root->count + 1, 1);
  if (!c->terms || !keyed || !twice) {
    fail(ld, root->pos, "out of memory");
    return;
  }
  for (size_t i = 0; i < root->count; i++)
    keyed[i] = (keyed_term){matched_form(ld->arena, root->keys[i]->text), i};
  qsort(keyed, root->count, sizeof *keyed, by_key);
  for (size_t k = 1; k < root->count; k++)
    if (keyed[k].key && keyed[k - 1].key && strcmp(keyed[k].key, keyed[k - 1].key) == 0) {
      /* sorted by key, then by place: the first definition is the first
       * of the run */
      size_t first = k - 1;
      while (first > 0 && strcmp(keyed[first - 1].key, keyed[k].key) == 0)
        first--;
      const lf_node *key = root->keys[keyed[k].index];
      fail(ld, key->pos, "glossary term '%s' is defined twice (first at line %d; a no-break "
           "space and a space count as the same)", key->text,
           root->keys[keyed[first].index]->pos.line);
      twice[keyed[k].index] = 1;
    }
  for (size_t i = 0; i < root->count; i++) {
    if (twice[i])
      continue;
    if (root->items[i]->kind != LF_NODE_SCALAR || root->items[i]->len == 0) {
      fail(ld, root->items[i]->pos, "the definition of '%s' must be text",
           root->keys[i]->text);
      continue;
    }
    c->terms[c->term_count++] = (lf_term){.term = root->keys[i]->text,
                                          .definition = root->items[i],
                                          .pos = root->keys[i]->pos};
  }
}

/* ---- print formats ------------------------------------------------------- */

const char *const lf_font_script_names[LF_FONT_SCRIPT_COUNT] = {
    "arabic", "urdu", "bengali", "gurmukhi", "gujarati", "devanagari", "tamil",
    "chinese-simplified", "chinese-traditional"};

static const char *const format_keys[] = {"name", "paper", "body_size", "line_spacing",
                                         "margins", "headings", "paragraph_space",
                                         "list_indent", "footer_size", "rule_width",
                                         "colours", "print_urls", "fonts"};

/*
 * 'is_decimal()' - Whether text is a plain decimal number: an optional
 * sign, digits with an optional point, an optional exponent (no hex, no
 * "inf" or "nan", no spaces, which strtod() would also take).
 */
static int is_decimal(const char *s) {
  int digits = 0;
  if (*s == '+' || *s == '-')
    s++;
  for (; isdigit((unsigned char)*s); s++)
    digits++;
  if (*s == '.')
    for (s++; isdigit((unsigned char)*s); s++)
      digits++;
  if (!digits)
    return 0;
  if (*s == 'e' || *s == 'E') {
    s++;
    if (*s == '+' || *s == '-')
      s++;
    if (!isdigit((unsigned char)*s))
      return 0;
    while (isdigit((unsigned char)*s))
      s++;
  }
  return *s == '\0';
}

/*
 * 'number()' - A scalar as a number within [lo, hi]; reports otherwise.
 */
static int number(loader *ld, const lf_node *v, const char *what, double lo,
                  double hi, double *out) {
  if (!v)
    return -1;
  char *end = NULL;
  int decimal = v->kind == LF_NODE_SCALAR && is_decimal(v->text);
  double x = decimal ? strtod(v->text, &end) : NAN;
  if (!decimal || end == v->text || *end || !isfinite(x)) {
    fail(ld, v->pos, "%s must be a number", what);
    return -1;
  }
  if (x < lo || x > hi) {
    fail(ld, v->pos, "%s is %g (expected %g to %g)", what, x, lo, hi);
    return -1;
  }
  *out = x;
  return 0;
}

/*
 * 'numbers()' - A list of exactly n numbers within [lo, hi].
 */
static int numbers(loader *ld, const lf_node *v, const char *what, size_t n,
                   double lo, double hi, double *out) {
  if (!v)
    return -1;
  if (v->kind != LF_NODE_SEQUENCE || v->count != n) {
    fail(ld, v->pos, "%s must be a list of %zu numbers", what, n);
    return -1;
  }
  int rc = 0;
  for (size_t i = 0; i < n; i++)
    rc |= number(ld, v->items[i], what, lo, hi, &out[i]);
  return rc;
}

/*
 * 'colour()' - "#RRGGBB".
 */
static int colour(loader *ld, const lf_node *v, const char *what, unsigned *out) {
  if (!v)
    return -1;
  if (v->kind != LF_NODE_SCALAR || lf_colour_parse(v->text, out) != 0) {
    fail(ld, v->pos, "%s must be a colour written #RRGGBB", what);
    return -1;
  }
  return 0;
}

/*
 * 'lf_colour_parse()' - "#RRGGBB" to 0xRRGGBB.
 */
int lf_colour_parse(const char *text, unsigned *rgb) {
  unsigned x = 0;
  if (strlen(text) != 7 || text[0] != '#')
    return -1;
  for (int i = 1; i < 7; i++) {
    int ch = (unsigned char)text[i];
    if (!isxdigit(ch))
      return -1;
    x = x * 16 + (unsigned)(isdigit(ch) ? ch - '0' : tolower(ch) - 'a' + 10);
  }
  *rgb = x;
  return 0;
}

#define MM (72.0 / 25.4)

/*
 * 'font_path()' - A font path relative to the folder holding the content
 * folder, unless absolute.
 */
static const char *font_path(loader *ld, const char *p) {
  if (p[0] == '/')
    return p;
  /* the content folder as typed, without what names no folder of its own:
   * "content/" (as tab completion types it) and "content/." are "content" */
  const char *root = ld->root;
  size_t n = strlen(root);
  for (;;) {
    if (n > 1 && root[n - 1] == '/')
      n--;
    else if (n > 2 && root[n - 1] == '.' && root[n - 2] == '/')
      n -= 2;
    else
      break;
  }
  /* "." and ".." name no parent in their text: the folder above them */
  int dots = (n == 1 && root[0] == '.') || (n == 2 && root[0] == '.' && root[1] == '.') ||
             (n > 2 && root[n - 1] == '.' && root[n - 2] == '.' && root[n - 3] == '/');
  if (dots)
    return lf_arena_printf(ld->arena, "%.*s/../%s", (int)n, root, p);
  const char *slash = NULL;
  for (size_t i = 0; i < n; i++)
    if (root[i] == '/')
      slash = root + i;
  if (!slash)
    return p;
  if (slash == root)
    return lf_arena_printf(ld->arena, "/%s", p); /* a content folder at the root */
  return lf_arena_printf(ld->arena, "%.*s/%s", (int)(slash - root), root, p);
}

/*
 * 'flag()' - A key whose value is true or false; 'fallback' when absent.
 */
static int flag(loader *ld, const lf_node *map, const char *key, int fallback) {
  const lf_node *v = lf_node_get(map, key);
  if (!v)
    return fallback;
  if (v->kind == LF_NODE_SCALAR && strcmp(v->text, "true") == 0)
    return 1;
  if (!(v->kind == LF_NODE_SCALAR && strcmp(v->text, "false") == 0))
    fail(ld, v->pos, "'%s' must be true or false", key);
  return 0;
}

/*
 * 'whole_number()' - number() for a count: an integer within [lo, hi].
 */
static int whole_number(loader *ld, const lf_node *v, const char *what, int lo, int hi,
                        int *out) {
  double x;
  if (number(ld, v, what, lo, hi, &x) != 0)
    return -1;
  if (x != (int)x) {
    fail(ld, v->pos, "%s is %g (expected a whole number)", what, x);
    return -1;
  }
  *out = (int)x;
  return 0;
}

/*
 * 'lf_is_language_tag()' - A BCP 47 tag as far as braille tables need one: a
 * language of 2 or 3 letters, then '-' and subtags of 1 to 8 letters or
 * digits ("cy", "en-GB", "sr-Latn-RS").
 */
int lf_is_language_tag(const char *s) {
  size_t n = 0;
  while (isalpha((unsigned char)s[n]))
    n++;
  if (n < 2 || n > 3)
    return 0;
  s += n;
  while (*s == '-') {
    n = 0;
    while (isalnum((unsigned char)s[1 + n]))
      n++;
    if (n < 1 || n > 8)
      return 0;
    s += 1 + n;
  }
  return *s == '\0';
}

static const char *const braille_keys[] = {"cells_per_line", "lines_per_page", "page_numbers",
                                           "running_head", "tables"};

/*
 * 'load_braille()' - The 'braille:' mapping of a braille format: cells and
 * lines, page numbers, running head and a liblouis table per language.
 * Whether liblouis has the tables is for the braille module to say, when
 * one is first used.
 */
static void load_braille(loader *ld, const lf_node *v, lf_format *s) {
  lf_braille_measures *b = &s->cells;
  s->braille = 1;
  if (require_kind(ld, v, LF_NODE_MAPPING, "'braille'") != 0)
    return;
  check_keys(ld, v, "'braille'", braille_keys, sizeof braille_keys / sizeof *braille_keys);
  whole_number(ld, field(ld, v, "cells_per_line", 1, "'braille'"), "'cells_per_line'", 20, 100,
               &b->cells_per_line);
  whole_number(ld, field(ld, v, "lines_per_page", 1, "'braille'"), "'lines_per_page'", 10, 100,
               &b->lines_per_page);
  b->page_numbers = flag(ld, v, "page_numbers", 1);
  b->running_head = flag(ld, v, "running_head", 1);
  const lf_node *tables = field(ld, v, "tables", 1, "'braille'");
  if (!tables || require_kind(ld, tables, LF_NODE_MAPPING, "'tables'") != 0)
    return;
  b->tables = lf_arena_array(ld->arena, tables->count + 1, sizeof *b->tables);
  if (!b->tables)
    return;
  for (size_t i = 0; i < tables->count; i++) {
    const lf_node *key = tables->keys[i], *val = tables->items[i];
    if (!lf_is_language_tag(key->text)) {
      fail(ld, key->pos, "'%s' is not a language (expected a tag such as en, cy or en-GB)",
           key->text);
      continue;
    }
    if (val->kind != LF_NODE_SCALAR || val->len == 0) {
      fail(ld, val->pos, "the table for '%s' must be the name of a liblouis table (such as "
           "en-ueb-g2.ctb)", key->text);
      continue;
    }
    b->tables[b->table_count++] = (lf_braille_table){key->text, val->text, val->pos};
  }
}

/*
 * 'load_scripts()' - 'fonts: scripts:': for each script named, its regular
 * face (required), bold face, face index in a collection and line spacing
 * (at least the format's: a script that needs taller lines, as Nastaliq
 * does, asks for more).
 */
static void load_scripts(loader *ld, const lf_node *v, lf_format *s) {
  static const char *const keys[] = {"regular", "bold", "index", "line_spacing"};
  if (require_kind(ld, v, LF_NODE_MAPPING, "'scripts'") != 0)
    return;
  for (size_t i = 0; i < v->count; i++) {
    const lf_node *key = v->keys[i], *entry = v->items[i];
    size_t k = 0;
    while (k < LF_FONT_SCRIPT_COUNT && strcmp(key->text, lf_font_script_names[k]) != 0)
      k++;
    if (k == LF_FONT_SCRIPT_COUNT) {
      const char *near = lf_nearest_name(key->text, lf_font_script_names, LF_FONT_SCRIPT_COUNT);
      if (near)
        fail(ld, key->pos, "unknown script '%s' in 'scripts' (did you mean '%s'?)", key->text,
             near);
      else
        fail(ld, key->pos, "unknown script '%s' in 'scripts' (expected %s)", key->text,
             lf_join_names(ld->arena, lf_font_script_names, LF_FONT_SCRIPT_COUNT));
      continue;
    }
    if (require_kind(ld, entry, LF_NODE_MAPPING, "a script's fonts") != 0)
      continue;
    check_keys(ld, entry, "a script's fonts", keys, 4);
    lf_script_fonts *sf = &s->scripts[k];
    sf->pos = key->pos;
    const char *regular = string_field(ld, entry, "regular", 1, "a script's fonts");
    const char *bold = string_field(ld, entry, "bold", 0, "a script's fonts");
    sf->paths[0] = regular ? font_path(ld, regular) : NULL;
    sf->paths[1] = bold ? font_path(ld, bold) : NULL;
    double x;
    if (lf_node_get(entry, "index") &&
        number(ld, lf_node_get(entry, "index"), "'index'", 0, 255, &x) == 0) {
      if (x != (unsigned)x)
        fail(ld, lf_node_get(entry, "index")->pos, "'index' is %g (expected a whole number)", x);
      sf->index = (unsigned)x;
    }
    if (lf_node_get(entry, "line_spacing") &&
        number(ld, lf_node_get(entry, "line_spacing"), "a script's 'line_spacing'", 1, 3,
               &x) == 0)
      sf->line_spacing = x;
  }
}

/*
 * 'check_contrast()' - A print format's colours read for people with low
 * vision: text and links at 7:1 on the white paper and on a callout's
 * fill, a callout's outline at 3:1 on the paper (colour.h).  Each pair
 * below is an error at the colour that is set second.
 */
static void check_contrast(loader *ld, const lf_node *cols, const lf_format *s) {
  const unsigned paper = 0xFFFFFF;
  const struct {
    const char *key; /* the colour judged, where the error goes */
    unsigned colour, on;
    const char *on_name, *what;
    double least;
  } pairs[] = {
      {"text", s->text_colour, paper, "white paper", "text", LF_TEXT_CONTRAST},
      {"link", s->link_colour, paper, "white paper", "links", LF_TEXT_CONTRAST},
      {"callout_fill", s->callout_fill, s->text_colour, "text", "a callout's text",
       LF_TEXT_CONTRAST},
      {"callout_fill", s->callout_fill, s->link_colour, "links", "a callout's links",
       LF_TEXT_CONTRAST},
      {"callout_border", s->callout_border, paper, "white paper", "a callout's outline",
       LF_OUTLINE_CONTRAST},
  };
  for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
    double ratio = lf_contrast_ratio(pairs[i].colour, pairs[i].on);
    if (ratio < pairs[i].least - 1e-9)
      fail(ld, lf_node_get(cols, pairs[i].key)->pos,
           "'%s' #%06X with %s #%06X has a contrast of %.1f:1 (expected at least %g:1 for "
           "%s, so that it reads for people with low vision)",
           pairs[i].key, pairs[i].colour, pairs[i].on_name, pairs[i].on,
           floor(ratio * 10) / 10, pairs[i].least, pairs[i].what);
  }
}

/*
 * 'load_format()' - One styles/<name>.yaml: a print format, or with
 * 'braille:' a braille format.
 */
static void load_format(loader *ld, const lf_node *root, const char *path,
                       const char *stem, void *out) {
  static const char *const colour_keys[] = {"text", "link", "callout_border", "callout_fill"};
  static const char *const font_keys[] = {"regular", "bold", "fallback_regular",
                                          "fallback_bold", "scripts"};
  static const char *const braille_format_keys[] = {"name", "braille"};
  lf_content *c = out;
  int failed_before = ld->failed;
  ld->failed = 0;
  lf_format s = {.file = path, .pos = root->pos};
  const lf_node *braille = lf_node_get(root, "braille");
  if (braille)
    check_keys(ld, root, "a braille format", braille_format_keys, 2);
  else
    check_keys(ld, root, "a print format", format_keys, sizeof format_keys / sizeof *format_keys);
  s.name = string_field(ld, root, "name", 1, braille ? "a braille format" : "a print format");
  if (s.name && strcmp(s.name, stem) != 0)
    fail(ld, lf_node_get(root, "name")->pos,
         "name '%s' does not match the file name (expected '%s')", s.name, stem);
  else if (s.name && strlen(s.name) > LF_CONTENT_ID_MAX)
    fail(ld, lf_node_get(root, "name")->pos, "name '%.*s...' is %zu characters long (expected "
         "at most %d)", LF_CONTENT_ID_MAX / 2, s.name, strlen(s.name), LF_CONTENT_ID_MAX);
  if (braille) {
    load_braille(ld, braille, &s);
    if (!ld->failed)
      PUSH(ld, c->formats, c->format_count, s);
    ld->failed |= failed_before;
    return;
  }
  const lf_node *paper = field(ld, root, "paper", 1, "a print format");
  if (paper && paper->kind == LF_NODE_SCALAR && strcmp(paper->text, "A4") == 0) {
    s.page_width = 210 * MM;
    s.page_height = 297 * MM;
  } else if (paper && paper->kind == LF_NODE_SCALAR && strcmp(paper->text, "A5") == 0) {
    s.page_width = 148 * MM;
    s.page_height = 210 * MM;
  } else if (paper) {
    double wh[2];
    if (paper->kind != LF_NODE_SEQUENCE)
      fail(ld, paper->pos, "unknown paper '%s' (expected A4, A5 or [width_mm, height_mm])",
           paper->kind == LF_NODE_SCALAR ? paper->text : "?");
    else if (numbers(ld, paper, "'paper'", 2, 50, 1000, wh) == 0) {
      s.page_width = wh[0] * MM;
      s.page_height = wh[1] * MM;
    }
  }
  number(ld, field(ld, root, "body_size", 1, "a print format"), "'body_size'", 6, 96,
         &s.body_size);
  number(ld, field(ld, root, "line_spacing", 1, "a print format"), "'line_spacing'", 1,
         3, &s.line_spacing);
  double m[4] = {0};
  if (numbers(ld, field(ld, root, "margins", 1, "a print format"), "'margins'", 4, 5, 60,
              m) == 0) {
    s.margin_top = m[0] * MM;
    s.margin_right = m[1] * MM;
    s.margin_bottom = m[2] * MM;
    s.margin_left = m[3] * MM;
  }
  numbers(ld, field(ld, root, "headings", 1, "a print format"), "'headings'", 4, 1, 4,
          s.heading_scale + 1);
  s.heading_scale[0] = 1;
  number(ld, field(ld, root, "paragraph_space", 1, "a print format"),
         "'paragraph_space'", 0, 4, &s.paragraph_space);
  number(ld, field(ld, root, "list_indent", 1, "a print format"), "'list_indent'", 0.5,
         6, &s.list_indent);
  number(ld, field(ld, root, "footer_size", 1, "a print format"), "'footer_size'", 0.5,
         2, &s.footer_scale);
  number(ld, field(ld, root, "rule_width", 1, "a print format"), "'rule_width'", 0.1, 20,
         &s.rule_width);
  const lf_node *cols = field(ld, root, "colours", 1, "a print format");
  if (cols && require_kind(ld, cols, LF_NODE_MAPPING, "'colours'") == 0) {
    check_keys(ld, cols, "'colours'", colour_keys, 4);
    unsigned *slots[] = {&s.text_colour, &s.link_colour, &s.callout_border, &s.callout_fill};
    for (int i = 0; i < 4; i++)
      colour(ld, field(ld, cols, colour_keys[i], 1, "'colours'"), colour_keys[i], slots[i]);
    if (!ld->failed)
      check_contrast(ld, cols, &s);
  }
  s.print_urls = flag(ld, root, "print_urls", 0);
  const lf_node *fonts = field(ld, root, "fonts", 1, "a print format");
  if (fonts && require_kind(ld, fonts, LF_NODE_MAPPING, "'fonts'") == 0) {
    check_keys(ld, fonts, "'fonts'", font_keys, 5);
    for (int i = 0; i < 4; i++) {
      const char *p = string_field(ld, fonts, font_keys[i], 1, "'fonts'");
      if (p) {
        s.font_paths[i] = font_path(ld, p);
        s.font_pos[i] = lf_node_get(fonts, font_keys[i])->pos;
      }
    }
    if (lf_node_get(fonts, "scripts"))
      load_scripts(ld, lf_node_get(fonts, "scripts"), &s);
  }
  /* clear-print rules a format may not relax */
  if (!ld->failed && s.body_size >= 16 && s.line_spacing < 1.5)
    fail(ld, lf_node_get(root, "line_spacing")->pos,
         "line_spacing %g is too tight for large print (expected at least 1.5 at %g pt)",
         s.line_spacing, s.body_size);
  for (int k = 0; k < LF_FONT_SCRIPT_COUNT && !ld->failed; k++)
    if (s.scripts[k].line_spacing > 0 && s.scripts[k].line_spacing < s.line_spacing)
      fail(ld, s.scripts[k].pos,
           "line_spacing %g for %s is tighter than the format's %g (expected at least %g)",
           s.scripts[k].line_spacing, lf_font_script_names[k], s.line_spacing,
           s.line_spacing);
  if (!ld->failed && s.paragraph_space < 1)
    fail(ld, lf_node_get(root, "paragraph_space")->pos,
         "paragraph_space %g is less than a blank line (expected at least 1)", s.paragraph_space);
  if (!ld->failed) {
    if (s.margin_left + s.margin_right + 10 * s.body_size > s.page_width ||
        s.margin_top + s.margin_bottom + 10 * s.body_size * s.line_spacing > s.page_height)
      fail(ld, root->pos, "margins leave too little room for text at %g pt on this paper (expected "
           "room for ten lines down and ten ems across: smaller margins, or a smaller "
           "body_size)", s.body_size);
    else
      PUSH(ld, c->formats, c->format_count, s);
  }
  ld->failed |= failed_before;
}

/* ---- references between files -------------------------------------------- */

/*
 * 'check_unique()' - No two records share an id.
 */
#define CHECK_UNIQUE(ld, arr, count, what)                                    \
  for (size_t i_ = 1; i_ < (count); i_++)                                     \
    for (size_t j_ = 0; j_ < i_; j_++)                                        \
      if (strcmp((arr)[i_].id, (arr)[j_].id) == 0)                            \
        fail((ld), (arr)[i_].pos, "%s '%s' is defined twice (first in %s)",   \
             (what), (arr)[i_].id, (arr)[j_].file);

/*
 * 'report_missing()' - "no drug 'x' (did you mean 'y'?)" for an id named
 * but not defined: an error of the leaflet that names it.  An id whose
 * own file has errors is not called missing: that shared file's errors
 * say why, and they stop the whole load.
 */
static void report_missing(loader *ld, lf_pos pos, const char *what,
                           const char *id, const char *const *known, size_t n,
                           const char *folder) {
  if (is_broken_file(ld, folder, id)) {
    ld->failed = 1;
    return;
  }
  const char *near = lf_nearest_name(id, known, n);
  if (near)
    lf_error(ld->diags, pos, "no %s '%s' (did you mean '%s'?)", what, id, near);
  else
    lf_error(ld->diags, pos, "no %s '%s' (expected the id of a file in %s/)", what, id, folder);
}

/*
 * 'drop_broken()' - Move the leaflets not 'ok' to the broken ones: they
 * stop themselves only, as an error in a leaflet's own file does.
 */
static void drop_broken(loader *ld, lf_content *c, const unsigned char *ok) {
  size_t kept = 0, count = c->leaflet_count;
  for (size_t i = 0; i < count; i++) {
    if (ok[i])
      c->leaflets[kept++] = c->leaflets[i];
    else
      PUSH(ld, c->broken_leaflets, c->broken_count, c->leaflets[i].id);
  }
  c->leaflet_count = kept;
}

/*
 * 'check_editions()' - Each edition names a known tumour and known drugs;
 * a leaflet whose editions name one that is not there stops only itself.
 */
static void check_editions(loader *ld, lf_content *c) {
  const char **tumour_ids = lf_arena_array(ld->arena, c->tumour_count + 1, sizeof(char *));
  const char **drug_ids = lf_arena_array(ld->arena, c->drug_count + 1, sizeof(char *));
  unsigned char *ok = lf_arena_alloc(ld->arena, c->leaflet_count + 1);
  if (!tumour_ids || !drug_ids || !ok)
    return;
  for (size_t i = 0; i < c->tumour_count; i++)
    tumour_ids[i] = c->tumours[i].id;
  for (size_t i = 0; i < c->drug_count; i++)
    drug_ids[i] = c->drugs[i].id;
  for (size_t i = 0; i < c->leaflet_count; i++) {
    const lf_leaflet *l = &c->leaflets[i];
    ok[i] = 1;
    for (size_t e = 0; e < l->edition_count; e++) {
      const lf_edition *ed = &l->editions[e];
      if (!lf_content_tumour(c, ed->tumour_id)) {
        report_missing(ld, ed->tumour_pos, "tumour type", ed->tumour_id, tumour_ids,
                       c->tumour_count, "tumours");
        ok[i] = 0;
      }
      for (size_t k = 0; k < ed->drug_count; k++) {
        if (!lf_content_drug(c, ed->drug_ids[k])) {
          report_missing(ld, ed->drug_pos[k], "drug", ed->drug_ids[k], drug_ids,
                         c->drug_count, "drugs");
          ok[i] = 0;
        }
        /* a drug named twice would have its section printed twice */
        for (size_t j = 0; j < k; j++)
          if (strcmp(ed->drug_ids[j], ed->drug_ids[k]) == 0) {
            lf_error(ld->diags, ed->drug_pos[k], "drug '%s' is named twice in this edition "
                     "(expected each drug once; first at line %d)", ed->drug_ids[k],
                     ed->drug_pos[j].line);
            ok[i] = 0;
            break;
          }
      }
    }
  }
  drop_broken(ld, c, ok);
}

/*
 * 'check_translations()' - Each translation names a leaflet that is there
 * (or one whose file has errors of its own, already reported).  A leaflet
 * that names none stops only itself: it joins the broken leaflets.
 */
static void check_translations(loader *ld, lf_content *c) {
  const char **ids = lf_arena_array(ld->arena, c->leaflet_count + 1, sizeof(char *));
  if (!ids)
    return;
  for (size_t i = 0; i < c->leaflet_count; i++)
    ids[i] = c->leaflets[i].id;
  size_t count = c->leaflet_count;
  unsigned char *ok = lf_arena_alloc(ld->arena, count + 1);
  if (!ok)
    return;
  for (size_t i = 0; i < count; i++) {
    const lf_leaflet *l = &c->leaflets[i];
    int broken = 0;
    ok[i] = !l->translation_of || lf_content_leaflet(c, l->translation_of);
    for (size_t k = 0; !ok[i] && k < c->broken_count; k++)
      broken |= strcmp(c->broken_leaflets[k], l->translation_of) == 0;
    if (ok[i] || broken)
      continue;
    const char *near = lf_nearest_name(l->translation_of, ids, count);
    if (near)
      lf_error(ld->diags, l->translation_pos, "no leaflet '%s' to be a translation of "
               "(did you mean '%s'?)", l->translation_of, near);
    else
      lf_error(ld->diags, l->translation_pos, "no leaflet '%s' to be a translation of "
               "(expected the id of a file in leaflets/)", l->translation_of);
  }
  drop_broken(ld, c, ok);
}

/*
 * 'lf_content_load()' - Load and check a content folder.
 */
lf_content *lf_content_load(lf_arena *arena, const char *root, lf_diags *diags) {
  loader ld = {.arena = arena, .diags = diags, .root = root};
  lf_content *c = lf_arena_alloc(arena, sizeof *c);
  if (!c) {
    lf_error(diags, (lf_pos){root, 0, 0}, "out of memory");
    return NULL;
  }
  c->root = lf_arena_strdup(arena, root);
  struct stat st;
  if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode)) {
    lf_error(diags, (lf_pos){root, 0, 0}, "no content folder here (expected a folder "
             "holding leaflets/, drugs/, tumours/, styles/)");
    return NULL;
  }
  load_folder(&ld, "drugs",
              "a drug: a mapping with id, name, kind, how_it_works and how_you_have_it",
              load_drug, c);
  load_folder(&ld, "tumours", "a tumour type: a mapping with id, name and group",
              load_tumour, c);
  load_folder(&ld, "fragments", "a fragment: a mapping with id and body", load_fragment, c);
  load_folder(&ld, "leaflets", "a leaflet: a mapping with id, title, review and body",
              load_leaflet, c);
  load_folder(&ld, "styles",
              "a print format: a mapping with name, paper, body_size, line_spacing, margins, "
              "headings, paragraph_space, list_indent, footer_size, rule_width, colours and fonts",
              load_format, c);
  load_folder(&ld, "words", "the program's words in a language: a mapping with page, "
              "next_review, about ... months and date", load_words, c);
  load_glossary(&ld, c);
  CHECK_UNIQUE(&ld, c->drugs, c->drug_count, "drug");
  CHECK_UNIQUE(&ld, c->tumours, c->tumour_count, "tumour type");
  CHECK_UNIQUE(&ld, c->fragments, c->fragment_count, "fragment");
  CHECK_UNIQUE(&ld, c->leaflets, c->leaflet_count, "leaflet");
  check_editions(&ld, c);
  check_translations(&ld, c);
  if (c->leaflet_count == 0 && c->broken_count == 0 && !ld.failed)
    fail(&ld, (lf_pos){c->root, 0, 0}, "no leaflets (expected files in leaflets/)");
  return ld.failed ? NULL : c;
}

/* ---- lookups ------------------------------------------------------------- */

#define FIND_BY(arr, count, keyfield, key)                                    \
  for (size_t i_ = 0; i_ < (count); i_++)                                     \
    if (strcmp((arr)[i_].keyfield, (key)) == 0)                               \
      return &(arr)[i_];                                                      \
  return NULL

/* 'lf_content_drug()' - A drug by id. */
const lf_drug *lf_content_drug(const lf_content *c, const char *id) {
  FIND_BY(c->drugs, c->drug_count, id, id);
}

/* 'lf_content_tumour()' - A tumour type by id. */
const lf_tumour *lf_content_tumour(const lf_content *c, const char *id) {
  FIND_BY(c->tumours, c->tumour_count, id, id);
}

/* 'lf_content_fragment()' - A fragment by id. */
const lf_fragment *lf_content_fragment(const lf_content *c, const char *id) {
  FIND_BY(c->fragments, c->fragment_count, id, id);
}

/*
 * 'same_term()' - Terms match exactly, except that a no-break space and a
 * space are the same to an author.
 */
static int same_term(const char *a, const char *b) {
  for (;;) {
    int sa = *a == ' ', sb = *b == ' ';
    if (!sa && (unsigned char)a[0] == 0xC2 && (unsigned char)a[1] == 0xA0) {
      sa = 1;
      a++;
    }
    if (!sb && (unsigned char)b[0] == 0xC2 && (unsigned char)b[1] == 0xA0) {
      sb = 1;
      b++;
    }
    if (sa != sb || (!sa && *a != *b))
      return 0;
    if (!*a)
      return 1;
    a++;
    b++;
  }
}

/* 'lf_content_term()' - A glossary term, matched exactly (see same_term). */
const lf_term *lf_content_term(const lf_content *c, const char *term) {
  for (size_t i = 0; i < c->term_count; i++)
    if (same_term(c->terms[i].term, term))
      return &c->terms[i];
  return NULL;
}

/* 'lf_content_leaflet()' - A leaflet by id. */
const lf_leaflet *lf_content_leaflet(const lf_content *c, const char *id) {
  FIND_BY(c->leaflets, c->leaflet_count, id, id);
}

/* 'lf_content_format()' - A print format by name. */
const lf_format *lf_content_format(const lf_content *c, const char *name) {
  FIND_BY(c->formats, c->format_count, name, name);
}

/* 'lf_content_print_format()' - A format for print by name, else the first. */
const lf_format *lf_content_print_format(const lf_content *c, const char *name) {
  const lf_format *f = lf_content_format(c, name);
  if (f && !f->braille)
    return f;
  for (size_t i = 0; i < c->format_count; i++)
    if (!c->formats[i].braille)
      return &c->formats[i];
  return NULL;
}

/*
 * 'lf_body_size_parse()' - "20", "20.5", "20pt" (see model.h).
 */
int lf_body_size_parse(const char *text, double *pt) {
  size_t digits = strspn(text, "0123456789."), points = 0;
  for (size_t i = 0; i < digits; i++)
    points += text[i] == '.';
  if (digits == 0 || points > 1 || text[0] == '.' || text[digits - 1] == '.')
    return -1;
  const char *end = text + digits;
  while (*end == ' ')
    end++;
  if (strcmp(end, "") != 0 && strcasecmp(end, "pt") != 0)
    return -1;
  /* read exactly, not through a double: "11.9999999999999999999" is not
   * 12, nor is "20.25000" 20.25 a half point */
  double size = 0;
  size_t i = 0;
  for (; i < digits && text[i] != '.' && size <= 48; i++)
    size = size * 10 + (text[i] - '0');
  if (i < digits && text[i] == '.') {
    i++;
    if (text[i] == '5') {
      size += 0.5;
      i++;
    }
    for (; i < digits; i++)
      if (text[i] != '0')
        return -1;
  }
  if (!(size >= 12 && size <= 48))
    return -1;
  *pt = size;
  return 0;
}

/*
 * 'lf_format_scaled()' - The same format at another body size.
 */
lf_format lf_format_scaled(lf_arena *arena, const lf_format *base, double body_size) {
  lf_format s = *base;
  double k = body_size / base->body_size;
  s.body_size = body_size;
  /* Margins shrink with a smaller body but never grow past the base's:
     they are for holding and binding the page, and at 48 pt on A4 grown
     margins left a measure of 357 pt, where ordinary words no longer fit
     and "Page 100 of 127" ran into the left margin. */
  double km = k < 1 ? k : 1;
  s.margin_top *= km;
  s.margin_bottom *= km;
  s.margin_left *= km;
  s.margin_right *= km;
  s.rule_width *= k;
  s.name = lf_arena_printf(arena, "%gpt", body_size);
  return s;
}
