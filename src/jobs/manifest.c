/*
 * manifest.c -- OUT/manifest.json: what a batch produced (jobs.h).
 *
 * The manifest is JSON written by this file alone, so it is written the
 * same way every time: keys in a fixed order, documents sorted by file
 * name, one per line (diffs stay readable), totals at the end, no times.
 * Reading it back takes any JSON (RFC 8259) and checks that the values the
 * build relies on are there and well-formed; keys it does not know are
 * ignored, so a newer manifest can still be read.
 *
 *     {
 *       "manifest": 1,
 *       "generator": "leaflet 0.1.0",
 *       "shard": {"index": 2, "count": 4},
 *       "documents": [
 *         {"file": "net-drugs-lung-nec.large.pdf", "leaflet": "net-drugs", ...,
 *          "version": "1", "approved_by": {"role": ..., "name": ...}, ...},
 *         ...
 *       ],
 *       "totals": {"documents": 15, "pages": 102, "sheets": 55, "bytes": 880411}
 *     }
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jobs_internal.h"
#include "leaflet/braille.h"
#include "leaflet/files.h"
#include "leaflet/buffer.h"
#include "leaflet/jobs.h"
#include "leaflet/sha256.h"
#include "leaflet/utf8.h"

enum { MANIFEST_MAX_BYTES = 256 << 20, JSON_MAX_DEPTH = 32 };

/* ---- entries ----------------------------------------------------------------- */

/*
 * 'lf_manifest_add()' - Append an entry, growing the array in the arena.
 */
lf_manifest_entry *lf_manifest_add(lf_arena *arena, lf_manifest *m,
                                   const lf_manifest_entry *entry) {
  if (m->count == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 32;
    lf_manifest_entry *grown = lf_arena_grow(arena, m->entries, m->count, cap, sizeof *grown);
    if (!grown)
      return NULL;
    m->entries = grown;
    m->cap = cap;
  }
  m->entries[m->count] = *entry;
  return &m->entries[m->count++];
}

/*
 * 'lf_manifest_find()' - Linear search by file name.
 */
lf_manifest_entry *lf_manifest_find(const lf_manifest *m, const char *file) {
  for (size_t i = 0; i < m->count; i++)
    if (strcmp(m->entries[i].file, file) == 0)
      return &m->entries[i];
  return NULL;
}

/*
 * 'compare_entries()' - By file name.
 */
static int compare_entries(const void *a, const void *b) {
  return strcmp(((const lf_manifest_entry *)a)->file, ((const lf_manifest_entry *)b)->file);
}

/*
 * 'lf_manifest_sort()' - Sort by file name.
 */
void lf_manifest_sort(lf_manifest *m) {
  if (m->count > 1)
    qsort(m->entries, m->count, sizeof *m->entries, compare_entries);
}

/* ---- writing ------------------------------------------------------------------ */

/*
 * 'put_string()' - A JSON string: quotes, backslash escapes for '"', '\'
 * and control characters; other UTF-8 as it is.  NULL is null.
 */
static void put_string(lf_buf *t, const char *s) {
  if (!s) {
    lf_buf_printf(t, "null");
    return;
  }
  lf_buf_printf(t, "\"");
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      lf_buf_printf(t, "\\%c", c);
    else if (c == '\n')
      lf_buf_printf(t, "\\n");
    else if (c < 0x20 || c == 0x7F)
      lf_buf_printf(t, "\\u%04x", c);
    else
      lf_buf_printf(t, "%c", c);
  }
  lf_buf_printf(t, "\"");
}

/*
 * 'put_date()' - "YYYY-MM-DD", or null for a date not set.
 */
static void put_date(lf_buf *t, lf_date d) {
  if (d.year == 0)
    lf_buf_printf(t, "null");
  else
    lf_buf_printf(t, "\"%04d-%02d-%02d\"", d.year, d.month, d.day);
}

/*
 * 'lf_manifest_format()' - The JSON text, sorted, deterministic.
 */
char *lf_manifest_format(const lf_manifest *m, size_t *len) {
  lf_manifest sorted = *m;
  sorted.entries = m->count ? malloc(m->count * sizeof *sorted.entries) : NULL;
  if (m->count && !sorted.entries)
    return NULL;
  if (m->count)
    memcpy(sorted.entries, m->entries, m->count * sizeof *sorted.entries);
  lf_manifest_sort(&sorted);
  lf_buf t = {0};
  lf_buf_printf(&t, "{\n  \"manifest\": 1,\n  \"generator\": \"leaflet %s\",\n", LF_VERSION);
  if (m->shard_count > 0)
    lf_buf_printf(&t, "  \"shard\": {\"index\": %d, \"count\": %d},\n", m->shard_index, m->shard_count);
  lf_buf_printf(&t, "  \"documents\": [");
  size_t pages = 0, sheets = 0, bytes = 0;
  for (size_t i = 0; i < sorted.count; i++) {
    const lf_manifest_entry *e = &sorted.entries[i];
    lf_buf_printf(&t, "%s\n    {\"file\": ", i ? "," : "");
    put_string(&t, e->file);
    lf_buf_printf(&t, ", \"leaflet\": ");
    put_string(&t, e->leaflet);
    lf_buf_printf(&t, ", \"tumour\": ");
    put_string(&t, e->tumour);
    lf_buf_printf(&t, ", \"format\": ");
    put_string(&t, e->format);
    lf_buf_printf(&t, ", \"paper\": ");
    put_string(&t, e->paper);
    lf_buf_printf(&t, ", \"pages\": %zu, \"bytes\": %zu, \"sha256\": \"%s\", \"last_reviewed\": ", e->pages,
        e->bytes, e->sha256);
    put_date(&t, e->last_reviewed);
    lf_buf_printf(&t, ", \"next_review\": ");
    put_date(&t, e->next_review);
    lf_buf_printf(&t, ", \"version\": ");
    put_string(&t, e->version);
    lf_buf_printf(&t, ", \"approved_by\": ");
    if (e->approver_role || e->approver_name) {
      lf_buf_printf(&t, "{\"role\": ");
      put_string(&t, e->approver_role);
      lf_buf_printf(&t, ", \"name\": ");
      put_string(&t, e->approver_name);
      lf_buf_printf(&t, "}");
    } else {
      lf_buf_printf(&t, "null");
    }
    lf_buf_printf(&t, ", \"input\": ");
    put_string(&t, e->input[0] ? e->input : NULL);
    lf_buf_printf(&t, "}");
    pages += e->pages;
    sheets += (e->pages + 1) / 2;
    bytes += e->bytes;
  }
  lf_buf_printf(&t, "%s],\n  \"totals\": {\"documents\": %zu, \"pages\": %zu, \"sheets\": %zu, "
          "\"bytes\": %zu}\n}\n", sorted.count ? "\n  " : "", sorted.count, pages, sheets, bytes);
  free(sorted.entries);
  unsigned char *end = lf_buf_room(&t, 1); /* a C string too */
  if (!end) {
    lf_buf_free(&t);
    return NULL;
  }
  *end = '\0';
  if (len)
    *len = t.length;
  return (char *)t.data;
}

/*
 * 'lf_manifest_write()' - Format, then write atomically and durably.
 */
int lf_manifest_write(const lf_manifest *m, const char *path, unsigned mode,
                      lf_diags *diags) {
  size_t len;
  char *text = lf_manifest_format(m, &len);
  if (!text) {
    lf_error(diags, (lf_pos){path, 0, 0}, "out of memory writing the manifest");
    return -1;
  }
  int rc = lf_write_file_atomic(path, text, len, mode, 1);
  if (rc != 0)
    lf_error(diags, (lf_pos){path, 0, 0}, "cannot write the manifest: %s", strerror(errno));
  free(text);
  return rc;
}

/* ---- reading -------------------------------------------------------------------- */

typedef enum json_kind { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT } json_kind;

typedef struct json json;
struct json {
  json_kind kind;
  int line, column;
  int boolean;
  double number;
  const char *text;       /* J_STRING, NUL-terminated */
  json **items;           /* J_ARRAY items, J_OBJECT values */
  const char **keys;      /* J_OBJECT */
  size_t count;
};

typedef struct json_parser {
  lf_arena *arena;
  lf_diags *diags;
  const char *name;
  const char *s, *end;
  int line;
  const char *line_start;
  int failed;
} json_parser;

/*
 * 'json_fail()' - Report at the current place (first error only).
 */
static json *json_fail(json_parser *p, const char *what) {
  if (!p->failed)
    lf_error(p->diags, (lf_pos){p->name, p->line, (int)(p->s - p->line_start) + 1},
             "%s in the manifest", what);
  p->failed = 1;
  return NULL;
}

/*
 * 'skip_space()' - JSON white space, counting lines.
 */
static void skip_space(json_parser *p) {
  while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r')) {
    if (*p->s == '\n') {
      p->line++;
      p->line_start = p->s + 1;
    }
    p->s++;
  }
}

/*
 * 'new_value()' - A value of 'kind' at the current place.
 */
static json *new_value(json_parser *p, json_kind kind) {
  json *v = lf_arena_alloc(p->arena, sizeof *v);
  if (!v)
    return json_fail(p, "out of memory");
  v->kind = kind;
  v->line = p->line;
  v->column = (int)(p->s - p->line_start) + 1;
  return v;
}

/*
 * 'hex4()' - Four hex digits at s, or -1.
 */
static long hex4(const char *s, const char *end) {
  if (end - s < 4)
    return -1;
  long v = 0;
  for (int i = 0; i < 4; i++) {
    char c = s[i];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0)
      return -1;
    v = v * 16 + d;
  }
  return v;
}

/*
 * 'parse_string()' - A string at p->s (on its opening quote), unescaped
 * into the arena.
 */
static const char *parse_string(json_parser *p) {
  const char *start = ++p->s;
  size_t raw = 0;
  while (start + raw < p->end && start[raw] != '"')
    raw += start[raw] == '\\' && start + raw + 1 < p->end ? 2 : 1;
  char *out = lf_arena_alloc(p->arena, raw + 1);
  if (!out)
    return (const char *)json_fail(p, "out of memory");
  size_t n = 0;
  while (p->s < p->end && *p->s != '"') {
    unsigned char c = (unsigned char)*p->s;
    if (c < 0x20)
      return (const char *)json_fail(p, "a control character in a string");
    if (c != '\\') {
      out[n++] = (char)c;
      p->s++;
      continue;
    }
    if (p->s + 1 >= p->end)
      break;
    char e = p->s[1];
    p->s += 2;
    switch (e) {
    case '"': case '\\': case '/': out[n++] = e; break;
    case 'b': out[n++] = '\b'; break;
    case 'f': out[n++] = '\f'; break;
    case 'n': out[n++] = '\n'; break;
    case 'r': out[n++] = '\r'; break;
    case 't': out[n++] = '\t'; break;
    case 'u': {
      long cp = hex4(p->s, p->end);
      if (cp < 0)
        return (const char *)json_fail(p, "a bad \\u escape (expected four hex digits)");
      p->s += 4;
      if (cp >= 0xD800 && cp <= 0xDBFF && p->end - p->s >= 6 && p->s[0] == '\\' &&
          p->s[1] == 'u') {
        long low = hex4(p->s + 2, p->end);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          p->s += 6;
        }
      }
      if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
        return (const char *)json_fail(p, "a \\u escape for NUL or a lone surrogate");
      n += lf_utf8_put((uint32_t)cp, out + n); /* never longer than the escape */
      break;
    }
    default:
      return (const char *)json_fail(p, "an unknown escape in a string");
    }
  }
  if (p->s >= p->end)
    return (const char *)json_fail(p, "a string that is never closed");
  p->s++;
  out[n] = '\0';
  /* JSON text is UTF-8: a string that is not is refused here, before it
   * can reach a message or another file */
  for (const char *q = out; q < out + n;)
    if (lf_utf8_next(&q, out + n) < 0)
      return (const char *)json_fail(p, "a string that is not UTF-8 (expected UTF-8 text)");
  return out;
}

static json *parse_value(json_parser *p, int depth);

/*
 * 'parse_list()' - The items of an array or the members of an object.
 */
static json *parse_list(json_parser *p, int depth, int object) {
  json *v = new_value(p, object ? J_OBJECT : J_ARRAY);
  if (!v)
    return NULL;
  p->s++;
  size_t cap = 0;
  skip_space(p);
  if (p->s < p->end && *p->s == (object ? '}' : ']')) {
    p->s++;
    return v;
  }
  for (;;) {
    skip_space(p);
    const char *key = NULL;
    if (object) {
      if (p->s >= p->end || *p->s != '"')
        return json_fail(p, "expected a key in quotes");
      key = parse_string(p);
      if (!key)
        return NULL;
      skip_space(p);
      if (p->s >= p->end || *p->s != ':')
        return json_fail(p, "expected ':' after a key");
      p->s++;
    }
    json *item = parse_value(p, depth + 1);
    if (!item)
      return NULL;
    if (v->count == cap) {
      size_t ncap = cap ? cap * 2 : 8;
      json **items = lf_arena_grow(p->arena, v->items, v->count, ncap, sizeof *items);
      const char **keys = object ? lf_arena_grow(p->arena, v->keys, v->count, ncap, sizeof *keys)
                                 : NULL;
      if (!items || (object && !keys))
        return json_fail(p, "out of memory");
      v->items = items;
      v->keys = keys;
      cap = ncap;
    }
    if (object)
      v->keys[v->count] = key;
    v->items[v->count++] = item;
    skip_space(p);
    if (p->s < p->end && *p->s == ',') {
      p->s++;
      continue;
    }
    if (p->s < p->end && *p->s == (object ? '}' : ']')) {
      p->s++;
      return v;
    }
    return json_fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
  }
}

/*
 * 'parse_value()' - Any JSON value.
 */
static json *parse_value(json_parser *p, int depth) {
  if (depth > JSON_MAX_DEPTH)
    return json_fail(p, "nesting deeper than 32");
  skip_space(p);
  if (p->s >= p->end)
    return json_fail(p, "unexpected end of the text");
  char c = *p->s;
  if (c == '{' || c == '[')
    return parse_list(p, depth, c == '{');
  if (c == '"') {
    json *v = new_value(p, J_STRING);
    if (v && !(v->text = parse_string(p)))
      return NULL;
    return v;
  }
  static const struct {
    const char *word;
    json_kind kind;
    int boolean;
  } words[] = {{"null", J_NULL, 0}, {"true", J_BOOL, 1}, {"false", J_BOOL, 0}};
  for (size_t i = 0; i < 3; i++) {
    size_t n = strlen(words[i].word);
    if ((size_t)(p->end - p->s) >= n && memcmp(p->s, words[i].word, n) == 0) {
      json *v = new_value(p, words[i].kind);
      if (v)
        v->boolean = words[i].boolean;
      p->s += n;
      return v;
    }
  }
  if (c == '-' || (c >= '0' && c <= '9')) {
    const char *q = p->s;
    char buf[64];
    size_t n = 0;
    while (q < p->end && n + 1 < sizeof buf && strchr("+-0123456789.eE", *q))
      buf[n++] = *q++;
    buf[n] = '\0';
    char *stop;
    double d = strtod(buf, &stop);
    if (stop != buf + n || n == 0)
      return json_fail(p, "a malformed number");
    json *v = new_value(p, J_NUMBER);
    if (v)
      v->number = d;
    p->s = q;
    return v;
  }
  return json_fail(p, "expected a value");
}

/*
 * 'member()' - The value of 'key' in an object, or NULL.
 */
static const json *member(const json *obj, const char *key) {
  for (size_t i = 0; obj && obj->kind == J_OBJECT && i < obj->count; i++)
    if (strcmp(obj->keys[i], key) == 0)
      return obj->items[i];
  return NULL;
}

typedef struct entry_reader {
  json_parser *p;
  const json *obj;
  int failed;
} entry_reader;

/*
 * 'value_error()' - Report a value that is missing or of the wrong kind.
 */
static void value_error(entry_reader *r, const char *key, const char *expected) {
  const json *v = member(r->obj, key);
  lf_pos pos = {r->p->name, v ? v->line : r->obj->line, v ? v->column : r->obj->column};
  lf_error(r->p->diags, pos, "%s '%s' in a manifest entry (expected %s)",
           v ? "bad" : "no", key, expected);
  r->failed = 1;
}

/*
 * 'string_member()' - A string member; NULL when absent or null and
 * 'optional', else reported.
 */
static const char *string_member(entry_reader *r, const char *key, int optional) {
  const json *v = member(r->obj, key);
  if ((!v || v->kind == J_NULL) && optional)
    return NULL;
  if (!v || v->kind != J_STRING) {
    value_error(r, key, "a string");
    return NULL;
  }
  return v->text;
}

/*
 * 'count_member()' - A whole number >= 0.
 */
static size_t count_member(entry_reader *r, const char *key) {
  const json *v = member(r->obj, key);
  if (!v || v->kind != J_NUMBER || v->number < 0 || v->number > 1e15 ||
      v->number != (double)(size_t)v->number) {
    value_error(r, key, "a whole number");
    return 0;
  }
  return (size_t)v->number;
}

/*
 * 'digest_member()' - 64 lowercase hex digits into 'out' ("" when absent
 * and optional).
 */
static void digest_member(entry_reader *r, const char *key, int optional, char out[65]) {
  out[0] = '\0';
  const char *s = string_member(r, key, optional);
  if (!s)
    return;
  size_t n = strlen(s);
  int ok = n == 64;
  for (size_t i = 0; ok && i < n; i++)
    ok = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f');
  if (!ok) {
    value_error(r, key, "64 lowercase hex digits");
    return;
  }
  memcpy(out, s, 65);
}

/*
 * 'date_member()' - An ISO date or null.
 */
static lf_date date_member(entry_reader *r, const char *key) {
  lf_date d = {0};
  const char *s = string_member(r, key, 1);
  if (s && lf_date_parse(s, &d) != 0)
    value_error(r, key, "a date YYYY-MM-DD");
  return d;
}

/*
 * 'plain_name()' - A file name with no folder part.
 */
static int plain_name(const char *s) {
  return s && s[0] && !strchr(s, '/') && strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

/*
 * 'lf_manifest_parse()' - JSON text to a manifest.
 */
int lf_manifest_parse(lf_arena *arena, const char *name, const char *text, size_t len,
                      lf_manifest *out, lf_diags *diags) {
  memset(out, 0, sizeof *out);
  json_parser p = {.arena = arena, .diags = diags, .name = name, .s = text,
                   .end = text + len, .line = 1, .line_start = text};
  json *root = parse_value(&p, 0);
  if (root) {
    skip_space(&p);
    if (p.s < p.end)
      json_fail(&p, "text after the end");
  }
  if (p.failed)
    return -1;
  const json *docs = member(root, "documents");
  if (!root || root->kind != J_OBJECT || !docs || docs->kind != J_ARRAY) {
    lf_error(diags, (lf_pos){name, 1, 1},
             "not a leaflet manifest (expected an object with a \"documents\" list)");
    return -1;
  }
  const json *shard = member(root, "shard");
  if (shard && shard->kind != J_NULL) {
    const json *k = member(shard, "index"), *n = member(shard, "count");
    if (!k || !n || k->kind != J_NUMBER || n->kind != J_NUMBER || n->number < 1 ||
        n->number > 100000 || k->number < 1 || k->number > n->number ||
        k->number != (int)k->number || n->number != (int)n->number) {
      lf_error(diags, (lf_pos){name, shard->line, shard->column},
               "bad \"shard\" (expected {\"index\": K, \"count\": N} with 1 <= K <= N)");
      return -1;
    }
    out->shard_index = (int)k->number;
    out->shard_count = (int)n->number;
  }
  int failed = 0;
  for (size_t i = 0; i < docs->count; i++) {
    const json *obj = docs->items[i];
    if (obj->kind != J_OBJECT) {
      lf_error(diags, (lf_pos){name, obj->line, obj->column},
               "a manifest entry that is not an object");
      failed = 1;
      continue;
    }
    entry_reader r = {.p = &p, .obj = obj};
    lf_manifest_entry e = {0};
    e.file = string_member(&r, "file", 0);
    if (e.file && !plain_name(e.file))
      value_error(&r, "file", "a file name without a folder");
    e.leaflet = string_member(&r, "leaflet", 0);
    e.tumour = string_member(&r, "tumour", 1);
    e.format = string_member(&r, "format", 0);
    e.paper = string_member(&r, "paper", 1);
    e.pages = count_member(&r, "pages");
    e.bytes = count_member(&r, "bytes");
    digest_member(&r, "sha256", 0, e.sha256);
    digest_member(&r, "input", 1, e.input);
    e.last_reviewed = date_member(&r, "last_reviewed");
    e.next_review = date_member(&r, "next_review");
    e.version = string_member(&r, "version", 1);
    const json *by = member(obj, "approved_by");
    if (by && by->kind == J_OBJECT) {
      entry_reader ar = {.p = &p, .obj = by};
      e.approver_role = string_member(&ar, "role", 1);
      e.approver_name = string_member(&ar, "name", 1);
      r.failed |= ar.failed;
    } else if (by && by->kind != J_NULL) {
      value_error(&r, "approved_by", "{\"role\": ..., \"name\": ...} or null");
    }
    if (!r.failed && lf_manifest_find(out, e.file)) {
      lf_error(diags, (lf_pos){name, obj->line, obj->column},
               "file '%s' is listed twice in the manifest", e.file);
      r.failed = 1;
    }
    if (r.failed) {
      failed = 1;
      continue;
    }
    if (!lf_manifest_add(arena, out, &e)) {
      lf_error(diags, (lf_pos){name, 0, 0}, "out of memory");
      return -1;
    }
  }
  return failed ? -1 : 0;
}

/*
 * 'lf_manifest_read()' - Read a manifest file.
 */
int lf_manifest_read(lf_arena *arena, const char *path, int missing_ok, lf_manifest *out,
                     lf_diags *diags) {
  memset(out, 0, sizeof *out);
  lf_read_status how;
  char *text = lf_read_file(path, MANIFEST_MAX_BYTES, 0, &how);
  if (!text) {
    if (how.fault == LF_READ_CANNOT_OPEN && how.error == ENOENT && missing_ok)
      return 0;
    lf_error(diags, (lf_pos){path, 0, 0}, "cannot read the manifest: %s",
             how.fault == LF_READ_TOO_BIG ? "larger than 256 MiB" : strerror(how.error));
    return -1;
  }
  int rc = lf_manifest_parse(arena, path, text, how.size, out, diags);
  free(text);
  return rc;
}

/* ---- merging and checking ---------------------------------------------------------- */

/*
 * 'lf_manifest_merge()' - Union of shard manifests, checked.
 */
int lf_manifest_merge(lf_arena *arena, const lf_manifest *parts, const char *const *names,
                      size_t count, int partial, lf_manifest *out, lf_diags *diags) {
  memset(out, 0, sizeof *out);
  int failed = 0, shards = 0;
  const char **seen = NULL; /* the part that was each shard */
  for (size_t i = 0; i < count; i++) {
    const lf_manifest *m = &parts[i];
    if (m->shard_count == 0)
      continue;
    if (shards == 0) {
      shards = m->shard_count;
      seen = lf_arena_array(arena, (size_t)shards + 1, sizeof *seen);
      if (!seen) {
        lf_error(diags, (lf_pos){0}, "out of memory");
        return -1;
      }
    }
    if (m->shard_count != shards) {
      lf_error(diags, (lf_pos){names[i], 0, 0},
               "this part is shard %d of %d, but an earlier part was of %d shards",
               m->shard_index, m->shard_count, shards);
      failed = 1;
      continue;
    }
    if (seen[m->shard_index]) {
      lf_error(diags, (lf_pos){names[i], 0, 0}, "shard %d of %d is given twice (also %s)",
               m->shard_index, shards, seen[m->shard_index]);
      failed = 1;
      continue;
    }
    seen[m->shard_index] = names[i];
  }
  for (int k = 1; k <= shards && !partial; k++)
    if (!seen[k]) {
      lf_error(diags, (lf_pos){0}, "shard %d of %d is missing (merge every part, or pass "
               "--partial)", k, shards);
      failed = 1;
    }
  for (size_t i = 0; i < count; i++) {
    for (size_t j = 0; j < parts[i].count; j++) {
      const lf_manifest_entry *e = &parts[i].entries[j];
      lf_manifest_entry *had = lf_manifest_find(out, e->file);
      if (had) {
        if (strcmp(had->sha256, e->sha256) != 0 || had->bytes != e->bytes) {
          lf_error(diags, (lf_pos){names[i], 0, 0},
                   "'%s' is listed with other bytes than in an earlier part "
                   "(expected each file in one shard only)", e->file);
          failed = 1;
        }
        continue;
      }
      if (!lf_manifest_add(arena, out, e)) {
        lf_error(diags, (lf_pos){0}, "out of memory");
        return -1;
      }
    }
  }
  lf_manifest_sort(out);
  return failed ? -1 : 0;
}

/*
 * 'lf_manifest_verify()' - Every entry against its file.
 */
size_t lf_manifest_verify(const lf_manifest *m, const char *dir, const char *name,
                          lf_diags *diags) {
  size_t bad = 0;
  for (size_t i = 0; i < m->count; i++) {
    const lf_manifest_entry *e = &m->entries[i];
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, e->file);
    char hex[LF_SHA256_HEX_SIZE];
    size_t size = 0;
    lf_pos pos = {name, 0, 0};
    if (lf_sha256_file(path, hex, &size) != 0) {
      lf_error(diags, pos, "'%s': %s", e->file, strerror(errno));
      bad++;
      continue;
    }
    if (size != e->bytes || strcmp(hex, e->sha256) != 0) {
      lf_error(diags, pos, "'%s' has %zu bytes with SHA-256 %.12s..., the manifest says "
               "%zu bytes, %.12s...", e->file, size, hex, e->bytes, e->sha256);
      bad++;
      continue;
    }
    FILE *f = fopen(path, "rb");
    size_t n = strlen(e->file);
    if (n > 4 && strcmp(e->file + n - 4, ".brf") == 0) {
      /* braille: every byte a cell, a line feed or a form feed */
      int c = 0;
      while (f && (c = getc(f)) != EOF && lf_is_brf_byte(c))
        ;
      if (!f || c != EOF) {
        lf_error(diags, pos, "'%s' holds a byte that is not Braille Ready Format", e->file);
        bad++;
      }
    } else {
      char head[5] = {0};
      if (!f || fread(head, 1, 5, f) != 5 || memcmp(head, "%PDF-", 5) != 0) {
        lf_error(diags, pos, "'%s' does not start as a PDF", e->file);
        bad++;
      }
    }
    if (f)
      fclose(f);
  }
  return bad;
}

/*
 * 'dir_of()' - The folder part of a path ("." for none), in the arena.
 */
static const char *dir_of(lf_arena *arena, const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    return ".";
  if (slash == path)
    return "/";
  return lf_arena_strndup(arena, path, (size_t)(slash - path));
}

/*
 * 'lf_manifest_merge_command()' - Read the parts, merge, write.
 */
int lf_manifest_merge_command(const lf_manifest_options *o) {
  lf_diags diags;
  lf_diags_init(&diags);
  lf_arena *arena = lf_arena_new(0);
  lf_manifest *parts = arena ? lf_arena_array(arena, o->input_count + 1, sizeof *parts) : NULL;
  int status = LF_EXIT_OK;
  if (!parts) {
    lf_error(&diags, (lf_pos){0}, "out of memory");
    status = LF_EXIT_FAILED;
  }
  for (size_t i = 0; parts && i < o->input_count; i++)
    if (lf_manifest_read(arena, o->inputs[i], 0, &parts[i], &diags) != 0)
      status = LF_EXIT_FAILED;
  lf_manifest merged;
  if (status == LF_EXIT_OK &&
      lf_manifest_merge(arena, parts, o->inputs, o->input_count, o->partial, &merged,
                        &diags) != 0)
    status = LF_EXIT_FAILED;
  if (status == LF_EXIT_OK) {
    if (o->output) {
      if (lf_manifest_write(&merged, o->output, 0644, &diags) != 0)
        status = LF_EXIT_FAILED;
    } else {
      size_t len;
      char *text = lf_manifest_format(&merged, &len);
      if (!text || fwrite(text, 1, len, o->out) != len)
        status = LF_EXIT_FAILED;
      free(text);
    }
  }
  lf_diags_print(&diags, o->err);
  if (status == LF_EXIT_OK && o->output)
    fprintf(o->err, "%s: %zu documents from %zu part%s\n", o->output, merged.count,
            o->input_count, o->input_count == 1 ? "" : "s");
  lf_diags_free(&diags);
  lf_arena_free(arena);
  return status;
}

/* A mailing's lists are CSV (LF_MANIFEST_HEADER, LF_BATCHES_HEADER):
 * what starts a file of each. */
#define MAIL_MANIFEST_START "line,ref,"
#define BATCHES_START "print_file,format,"

/*
 * 'check_batches()' - A mailing's batches.csv against its folder: each
 * print file listed as written is there with the bytes and SHA-256 the
 * list gives (a copy sent to the printers checked before it is printed).
 * Returns the count of print files, or (size_t)-1 when one does not match
 * or the list cannot be read (reported).
 */
static size_t check_batches(lf_arena *arena, const char *path, const char *text, size_t len,
                            lf_diags *diags) {
  lf_csv csv;
  if (lf_csv_parse(arena, text, len, &csv) != 0) {
    lf_error(diags, (lf_pos){path, 0, 0}, "out of memory");
    return (size_t)-1;
  }
  const char *dir = dir_of(arena, path);
  size_t files = 0, bad = 0;
  for (size_t r = 1; r < csv.count; r++) {
    const lf_csv_record *rec = &csv.records[r];
    lf_pos at = {path, (int)rec->line, 1};
    if (rec->error || rec->count != 14) {
      lf_error(diags, at, "not a row of batches.csv (expected the 14 columns of its header)");
      bad++;
      continue;
    }
    const char *name = rec->fields[0], *bytes = rec->fields[11], *sum = rec->fields[12];
    const char *status = rec->fields[13];
    if (strcmp(status, "failed") == 0)
      continue; /* not written */
    files++;
    /* cells quoted in messages only when they are what they should be: a
     * list is not to write lines of its own into the log */
    size_t digits = strspn(bytes, "0123456789");
    int name_ok = name[0] && strlen(name) <= 255 && !strchr(name, '/') &&
                  strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
    for (const char *c = name; name_ok && *c; c++)
      name_ok = (unsigned char)*c >= 0x20 && *c != 0x7F;
    if (strcmp(status, "ok") != 0 || !name_ok || !digits || bytes[digits] || digits > 19 ||
        strlen(sum) != LF_SHA256_HEX_SIZE - 1 ||
        strspn(sum, "0123456789abcdef") != LF_SHA256_HEX_SIZE - 1) {
      lf_error(diags, at, "not a print file's row (expected a file name of this folder, its "
               "bytes, its SHA-256 in hex and the status ok or failed)");
      bad++;
      continue;
    }
    const char *file = lf_arena_printf(arena, "%s/%s", dir, name);
    char got[LF_SHA256_HEX_SIZE];
    size_t size = 0;
    struct stat st;
    const char *why = !file                  ? "out of memory"
                      : stat(file, &st) != 0 ? strerror(errno)
                      : !S_ISREG(st.st_mode) ? "not a regular file"
                                             : NULL;
    if (why) {
      lf_error(diags, at, "%s: %s (expected the print file batches.csv lists)", name, why);
      bad++;
    } else if (lf_sha256_file(file, got, &size) != 0) {
      lf_error(diags, at, "%s: %s (expected the print file batches.csv lists)", name,
               strerror(errno));
      bad++;
    } else if (strcmp(got, sum) != 0 || strtoull(bytes, NULL, 10) != size) {
      lf_error(diags, at, "%s: %zu bytes, SHA-256 %s (expected %s bytes, SHA-256 %s: not "
               "the file the mailing wrote; do not print it)", name, size, got, bytes, sum);
      bad++;
    }
  }
  if (!bad && !files)
    lf_error(diags, (lf_pos){path, 0, 0}, "no print file is listed as written (expected at "
             "least one row whose status is ok: nothing here to print)");
  return bad || !files ? (size_t)-1 : files;
}

/*
 * 'lf_manifest_check_command()' - Verify manifests against their folders:
 * a build's manifest.json, or a mailing's batches.csv.
 */
int lf_manifest_check_command(const lf_manifest_options *o) {
  int status = LF_EXIT_OK;
  for (size_t i = 0; i < o->input_count; i++) {
    lf_diags diags;
    lf_diags_init(&diags);
    lf_arena *arena = lf_arena_new(0);
    lf_manifest m;
    size_t bad = 0;
    /* a mailing's lists, by their first line */
    lf_read_status how;
    char *text = arena ? lf_read_file(o->inputs[i], (size_t)64 << 20, 0, &how) : NULL;
    /* (a spreadsheet that saved the list again may have put a BOM first) */
    size_t bom = text && how.size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    const char *start = text ? text + bom : NULL;
    int batches = start && strncmp(start, BATCHES_START, sizeof BATCHES_START - 1) == 0;
    int mail = start && strncmp(start, MAIL_MANIFEST_START, sizeof MAIL_MANIFEST_START - 1) == 0;
    if (batches) {
      size_t files = check_batches(arena, o->inputs[i], start, how.size - bom, &diags);
      if (files == (size_t)-1)
        status = LF_EXIT_FAILED;
      else
        fprintf(o->out, "%s: %zu print files, every file matches\n", o->inputs[i], files);
      free(text);
      lf_diags_print(&diags, o->err);
      lf_diags_free(&diags);
      lf_arena_free(arena);
      continue;
    }
    free(text);
    if (mail) {
      lf_error(&diags, (lf_pos){o->inputs[i], 1, 1}, "a mailing's manifest.csv lists no "
               "digests (expected a build's manifest.json, or the mailing's batches.csv, "
               "whose print files are checked against their SHA-256)");
      status = LF_EXIT_FAILED;
    } else if (!arena || lf_manifest_read(arena, o->inputs[i], 0, &m, &diags) != 0) {
      status = LF_EXIT_FAILED;
    } else {
      bad = lf_manifest_verify(&m, dir_of(arena, o->inputs[i]), o->inputs[i], &diags);
      if (bad)
        status = LF_EXIT_FAILED;
    }
    lf_diags_print(&diags, o->err);
    if (arena && !diags.errors && !mail)
      fprintf(o->out, "%s: %zu documents, every file matches\n", o->inputs[i], m.count);
    lf_diags_free(&diags);
    lf_arena_free(arena);
  }
  return status;
}
