/*
 * load.c -- the YAML loader: libyaml events to a tree of lf_node (see yaml.h).
 *
 * The loader works in three steps:
 *
 *   1. read the file, refusing one over LF_YAML_MAX_BYTES before reading it;
 *   2. check the bytes itself: valid UTF-8, no control characters, an
 *      optional byte order mark (skipped);
 *   3. pull libyaml's events one at a time and build the tree with an
 *      explicit stack of open collections, bounded by LF_YAML_MAX_DEPTH, so
 *      that no input can make it recurse.
 *
 * Errors that leave the structure in doubt (libyaml's own errors, too deep,
 * too many nodes, out of memory, a second document) stop the parse; errors
 * in the content of a well-formed document (anchors, aliases, tags,
 * duplicate keys, non-string keys, escaped control characters) are all
 * reported before the loader gives up (duplicate keys when their mapping
 * closes).  Text that is not clean UTF-8 is not parsed at all: only its first
 * bad character is reported.  Either way the result is NULL.
 *
 * Positions are 1-based lines and columns counted in characters (code
 * points), as libyaml counts them: a line ends at LF, CR, CR LF, U+2028 or
 * U+2029.
 *
 * Every string node also records where its text is written, stretch by
 * stretch (lf_span), so that an error about one of its characters, found
 * long after loading, can name that character's own line and column.  The
 * loader does not work this out from the rules of each YAML style: it
 * matches the text with the lines between the scalar's start and end marks
 * (folding white space and escapes aside) and keeps the spans only when
 * every byte of the text is accounted for.
 */
#include "leaflet/yaml.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "leaflet/files.h"
#include "leaflet/utf8.h"

/* Mappings with at most this many keys are checked for duplicates pair by
 * pair; bigger ones are sorted (so hostile input stays O(n log n)). */
enum { SMALL_MAPPING_KEYS = 16 };

/* Room a collection's arrays get when its first item arrives. */
enum { FIRST_CAPACITY = 4 };

/* Bytes of a key quoted in a message before it is cut short with "...". */
enum { KEY_SHOWN_MAX = 80 };

/* What check_text() found wrong with a piece of text. */
typedef enum text_fault {
  TEXT_OK,
  TEXT_BAD_BYTE,       /* not UTF-8: 'value' is the offending byte */
  TEXT_CONTROL,        /* a control character: 'value' is its code point */
  TEXT_NONCHARACTER    /* U+FFFE or U+FFFF, which YAML refuses */
} text_fault;

typedef struct text_problem {
  text_fault fault;
  size_t offset;       /* byte offset of the offending character */
  uint32_t value;
} text_problem;

/* A sequence or mapping that is still being filled in. */
typedef struct open_collection {
  lf_node *node;
  lf_node **items;     /* items, or the values of a mapping */
  lf_node **keys;      /* mapping only */
  size_t count;        /* complete items (or key-value pairs) */
  size_t capacity;     /* room in 'items' and 'keys' */
  int have_key;        /* mapping only: keys[count] waits for its value */
} open_collection;

/* Everything one call of the loader needs. */
typedef struct loader {
  lf_arena *arena;
  lf_diags *diags;
  const char *file;    /* the arena's copy of the file name */
  yaml_parser_t parser;
  open_collection open[LF_YAML_MAX_DEPTH];
  int depth;           /* collections in 'open' */
  size_t node_count;
  int documents;       /* DOCUMENT-START events seen */
  lf_node *root;
  int failed;          /* an error has been reported */
  int stop;            /* the parse cannot go on */
  /* the text being parsed, for matching scalars with what is written */
  const unsigned char *source;
  size_t source_len;
  size_t cursor_index; /* a character index (as libyaml's marks count) ... */
  size_t cursor_byte;  /* ... and its byte offset; moves forward only */
} loader;

/* A scalar's text being matched with the lines it is written on. */
typedef struct span_match {
  const unsigned char *value;  /* the scalar's text */
  size_t len;
  size_t at;                   /* bytes of it matched so far */
  lf_span *out;                /* NULL while only counting */
  size_t count;                /* spans found */
  lf_span first;               /* the first of them */
  int quote;                   /* '\'' or '"' for a quoted scalar, else 0 */
} span_match;

/* A key and the earlier key it repeats, for the sorted duplicate check. */
typedef struct key_ref {
  const lf_node *key;
  const lf_node *first;
} key_ref;

/*
 * 'report()' - Report an error at 'pos' and remember that the load failed.
 */
static void report(loader *ld, lf_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void report(loader *ld, lf_pos pos, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  lf_diag_vadd(ld->diags, LF_ERROR, pos, fmt, ap);
  va_end(ap);
  ld->failed = 1;
}

/*
 * 'whole_file()' - The position that stands for the file as a whole.
 */
static lf_pos whole_file(const char *file) {
  lf_pos pos = {file, 0, 0};
  return pos;
}

/*
 * 'report_out_of_memory()' - Report that the arena is full and stop.
 */
static void report_out_of_memory(loader *ld) {
  report(ld, whole_file(ld->file), "out of memory");
  ld->stop = 1;
}

/*
 * 'mark_pos()' - The 1-based position of a libyaml mark.
 */
static lf_pos mark_pos(const loader *ld, yaml_mark_t mark) {
  lf_pos pos;
  pos.file = ld->file;
  pos.line = mark.line < INT_MAX ? (int)mark.line + 1 : INT_MAX;
  pos.column = mark.column < INT_MAX ? (int)mark.column + 1 : INT_MAX;
  return pos;
}

/*
 * 'is_control()' - Whether a code point is a control character that content
 * may not hold: C0 controls other than tab, LF and CR; DEL; C1 controls.
 */
static int is_control(uint32_t cp) {
  if (cp == '\t' || cp == '\n' || cp == '\r')
    return 0;
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/*
 * 'check_text()' - Find the first character of 's' that is not valid UTF-8,
 * or is a control character or a noncharacter YAML refuses.  Returns 1 when
 * the text is clean, else 0 with the problem in '*problem'.
 */
static int check_text(const unsigned char *s, size_t len,
                      text_problem *problem) {
  size_t at = 0;

  while (at < len) {
    const char *next = (const char *)s + at;
    int32_t cp;

    if (s[at] >= 0x20 && s[at] < 0x7F) { /* the common case */
      at++;
      continue;
    }
    cp = lf_utf8_next(&next, (const char *)s + len);
    problem->offset = at;
    if (cp < 0) {
      problem->fault = TEXT_BAD_BYTE;
      problem->value = s[at];
      return 0;
    }
    if (is_control((uint32_t)cp)) {
      problem->fault = TEXT_CONTROL;
      problem->value = (uint32_t)cp;
      return 0;
    }
    if (cp == 0xFFFE || cp == 0xFFFF) {
      problem->fault = TEXT_NONCHARACTER;
      problem->value = (uint32_t)cp;
      return 0;
    }
    at = (size_t)(next - (const char *)s);
  }
  problem->fault = TEXT_OK;
  return 1;
}

/*
 * 'line_break_width()' - The bytes of the line break at 's' (CR LF, LF, CR,
 * U+2028 or U+2029, the breaks libyaml counts), or 0 if there is none.
 */
static size_t line_break_width(const unsigned char *s, size_t avail) {
  if (s[0] == '\n')
    return 1;
  if (s[0] == '\r')
    return avail >= 2 && s[1] == '\n' ? 2 : 1;
  if (avail >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
      (s[2] == 0xA8 || s[2] == 0xA9))
    return 3;
  return 0;
}

/*
 * 'locate_offset()' - The line and column of byte 'offset' in 's', counting
 * columns in characters.  The text before 'offset' must be valid UTF-8
 * (check_text() has seen to that); a stray byte there counts as one column.
 */
static lf_pos locate_offset(const char *file, const unsigned char *s,
                            size_t offset) {
  lf_pos pos = {file, 1, 1};
  size_t at = 0;

  while (at < offset) {
    size_t width = line_break_width(s + at, offset - at);

    if (width) {
      pos.line++;
      pos.column = 1;
    } else {
      width = 1;
      while (at + width < offset && (s[at + width] & 0xC0) == 0x80)
        width++;
      pos.column++;
    }
    at += width;
  }
  return pos;
}

/*
 * 'report_text_problem()' - Report what check_text() found at 'pos'.
 */
static void report_text_problem(loader *ld, lf_pos pos,
                                const text_problem *problem) {
  switch (problem->fault) {
  case TEXT_BAD_BYTE:
    report(ld, pos, "invalid UTF-8 byte 0x%02X (expected UTF-8 text)",
           (unsigned)problem->value);
    break;
  case TEXT_CONTROL:
    report(ld, pos,
           "control character U+%04X is not allowed (expected printable text)",
           (unsigned)problem->value);
    break;
  case TEXT_NONCHARACTER:
    report(ld, pos,
           "character U+%04X is not allowed (expected printable text)",
           (unsigned)problem->value);
    break;
  case TEXT_OK:
    break;
  }
}

/*
 * 'report_libyaml_error()' - Pass on the error that stopped libyaml, at the
 * place libyaml found it.
 */
static void report_libyaml_error(loader *ld, const unsigned char *text) {
  const yaml_parser_t *p = &ld->parser;
  const char *problem = p->problem ? p->problem : "unknown error";

  switch (p->error) {
  case YAML_MEMORY_ERROR:
    report(ld, whole_file(ld->file), "out of memory");
    break;
  case YAML_READER_ERROR:
    /* check_text() should have caught it first; place it by byte offset */
    report(ld, locate_offset(ld->file, text, p->problem_offset),
           "invalid YAML: %s", problem);
    break;
  default:
    if (p->context)
      report(ld, mark_pos(ld, p->problem_mark), "invalid YAML: %s (%s)",
             problem, p->context);
    else
      report(ld, mark_pos(ld, p->problem_mark), "invalid YAML: %s", problem);
    break;
  }
  ld->stop = 1;
}

/*
 * 'refuse_properties()' - Report an anchor or a tag on a node.
 */
static void refuse_properties(loader *ld, lf_pos pos,
                              const yaml_char_t *anchor,
                              const yaml_char_t *tag) {
  if (anchor)
    report(ld, pos,
           "anchors and aliases are not allowed (expected plain content)");
  if (tag)
    report(ld, pos, "tags are not allowed (expected plain content)");
}

/*
 * 'new_node()' - A new node of 'kind' at 'pos', counted against
 * LF_YAML_MAX_NODES.  NULL (and the parse stopped) past the limit or when
 * the arena is full.
 */
static lf_node *new_node(loader *ld, lf_node_kind kind, lf_pos pos) {
  lf_node *node;

  if (ld->node_count >= LF_YAML_MAX_NODES) {
    report(ld, pos, "more than %zu nodes (the limit is %zu)",
           LF_YAML_MAX_NODES, LF_YAML_MAX_NODES);
    ld->stop = 1;
    return NULL;
  }
  node = lf_arena_alloc(ld->arena, sizeof *node);
  if (!node) {
    report_out_of_memory(ld);
    return NULL;
  }
  ld->node_count++;
  node->kind = kind;
  node->pos = pos;
  node->text = "";
  return node;
}

/*
 * 'make_room()' - Make sure an open collection has room for one more item
 * (and key), doubling its arrays.  Returns 0 when the arena is full.
 */
static int make_room(loader *ld, open_collection *c) {
  size_t capacity;

  if (c->count < c->capacity)
    return 1;
  capacity = c->capacity ? c->capacity * 2 : FIRST_CAPACITY;
  c->items = lf_arena_grow(ld->arena, c->items, c->count, capacity,
                           sizeof *c->items);
  if (c->items && c->node->kind == LF_NODE_MAPPING)
    c->keys = lf_arena_grow(ld->arena, c->keys, c->count, capacity,
                            sizeof *c->keys);
  if (!c->items || (c->node->kind == LF_NODE_MAPPING && !c->keys)) {
    report_out_of_memory(ld);
    return 0;
  }
  c->capacity = capacity;
  return 1;
}

/*
 * 'attach()' - Put a new node in its place: the root, the next item of the
 * innermost sequence, or the next key or value of the innermost mapping.
 * A key must be a string.
 */
static void attach(loader *ld, lf_node *node) {
  open_collection *parent;

  if (ld->depth == 0) {
    ld->root = node;
    return;
  }
  parent = &ld->open[ld->depth - 1];
  if (!make_room(ld, parent))
    return;
  if (parent->node->kind == LF_NODE_SEQUENCE) {
    parent->items[parent->count++] = node;
  } else if (!parent->have_key) {
    if (node->kind != LF_NODE_SCALAR)
      report(ld, node->pos, "expected a string key");
    parent->keys[parent->count] = node;
    parent->have_key = 1;
  } else {
    parent->items[parent->count++] = node;
    parent->have_key = 0;
  }
}

/*
 * 'compare_keys()' - qsort() order for key_refs: by text, then by position
 * (which, within one mapping, is the order the keys were written in).
 */
static int compare_keys(const void *a, const void *b) {
  const lf_node *x = ((const key_ref *)a)->key;
  const lf_node *y = ((const key_ref *)b)->key;
  size_t shorter = x->len < y->len ? x->len : y->len;
  int order = memcmp(x->text, y->text, shorter);

  if (order)
    return order;
  if (x->len != y->len)
    return x->len < y->len ? -1 : 1;
  if (x->pos.line != y->pos.line)
    return x->pos.line < y->pos.line ? -1 : 1;
  return (x->pos.column > y->pos.column) - (x->pos.column < y->pos.column);
}

/*
 * 'same_key()' - Whether two keys are both strings with the same text.
 */
static int same_key(const lf_node *a, const lf_node *b) {
  return a->kind == LF_NODE_SCALAR && b->kind == LF_NODE_SCALAR &&
         a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/*
 * 'report_duplicate()' - Report 'key' as a repeat of 'first'.
 */
static void report_duplicate(loader *ld, const lf_node *key,
                             const lf_node *first) {
  size_t shown = key->len;
  const char *more = "";

  if (shown > KEY_SHOWN_MAX) { /* cut a long key at a character boundary */
    shown = KEY_SHOWN_MAX;
    while (shown > 0 && ((unsigned char)key->text[shown] & 0xC0) == 0x80)
      shown--;
    more = "...";
  }
  report(ld, key->pos, "duplicate key '%.*s%s' (first given at line %d)",
         (int)shown, key->text, more, first->pos.line);
}

/*
 * 'check_small_mapping()' - Report repeated keys by comparing every pair.
 */
static void check_small_mapping(loader *ld, const lf_node *map) {
  for (size_t i = 1; i < map->count; i++)
    for (size_t j = 0; j < i; j++)
      if (same_key(map->keys[j], map->keys[i])) {
        report_duplicate(ld, map->keys[i], map->keys[j]);
        break;
      }
}

/*
 * 'compare_repeats()' - qsort() order for repeated keys: where they are.
 */
static int compare_repeats(const void *a, const void *b) {
  const lf_pos *x = &((const key_ref *)a)->key->pos;
  const lf_pos *y = &((const key_ref *)b)->key->pos;

  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  return (x->column > y->column) - (x->column < y->column);
}

/*
 * 'check_large_mapping()' - Report repeated keys by sorting the keys, then
 * report them in the order they appear in the file.
 */
static void check_large_mapping(loader *ld, const lf_node *map) {
  key_ref *refs = lf_arena_array(ld->arena, map->count, sizeof *refs);
  size_t keys = 0, repeats = 0;

  if (!refs) {
    report_out_of_memory(ld);
    return;
  }
  for (size_t i = 0; i < map->count; i++)
    if (map->keys[i]->kind == LF_NODE_SCALAR)
      refs[keys++].key = map->keys[i];
  qsort(refs, keys, sizeof *refs, compare_keys);

  /* keep each repeat, with the first of its run, at the front */
  for (size_t i = 0, run = 0; i < keys; i++) {
    if (i > 0 && same_key(refs[run].key, refs[i].key)) {
      refs[repeats].key = refs[i].key;
      refs[repeats].first = refs[run].key;
      repeats++;
    } else {
      run = i;
    }
  }
  qsort(refs, repeats, sizeof *refs, compare_repeats);
  for (size_t i = 0; i < repeats; i++)
    report_duplicate(ld, refs[i].key, refs[i].first);
}

/*
 * 'open_collection_start()' - Start a sequence or mapping: check its
 * properties and the depth, attach it, and push it on the stack.
 */
static void open_collection_start(loader *ld, lf_node_kind kind,
                                  yaml_mark_t mark, const yaml_char_t *anchor,
                                  const yaml_char_t *tag) {
  lf_pos pos = mark_pos(ld, mark);
  open_collection *c;
  lf_node *node;

  refuse_properties(ld, pos, anchor, tag);
  if (ld->depth >= LF_YAML_MAX_DEPTH) {
    report(ld, pos, "nesting deeper than %d levels", LF_YAML_MAX_DEPTH);
    ld->stop = 1;
    return;
  }
  node = new_node(ld, kind, pos);
  if (!node)
    return;
  attach(ld, node);
  if (ld->stop)
    return;
  c = &ld->open[ld->depth++];
  memset(c, 0, sizeof *c);
  c->node = node;
}

/*
 * 'close_collection()' - End the innermost sequence or mapping: hand it its
 * items and check a mapping's keys.
 */
static void close_collection(loader *ld) {
  open_collection *c;
  lf_node *node;

  if (ld->depth == 0) /* libyaml never does this; be safe anyway */
    return;
  c = &ld->open[--ld->depth];
  node = c->node;
  node->items = c->items;
  node->keys = c->keys;
  node->count = c->count;
  if (node->kind != LF_NODE_MAPPING || node->count < 2)
    return;
  if (node->count <= SMALL_MAPPING_KEYS)
    check_small_mapping(ld, node);
  else
    check_large_mapping(ld, node);
}

/*
 * 'byte_at_index()' - The byte offset of character 'index' of the text being
 * parsed (libyaml's marks count characters), found by moving the loader's
 * cursor forward.  SIZE_MAX for a place behind the cursor or past the end.
 */
static size_t byte_at_index(loader *ld, size_t index) {
  if (index < ld->cursor_index)
    return SIZE_MAX;
  while (ld->cursor_index < index) {
    size_t width = 1;

    if (ld->cursor_byte >= ld->source_len)
      return SIZE_MAX;
    while (ld->cursor_byte + width < ld->source_len &&
           (ld->source[ld->cursor_byte + width] & 0xC0) == 0x80)
      width++;
    ld->cursor_byte += width;
    ld->cursor_index++;
  }
  return ld->cursor_byte;
}

/*
 * 'count_chars()' - The characters (code points) in 'len' bytes of UTF-8.
 */
static int count_chars(const unsigned char *s, size_t len) {
  int count = 0;

  for (size_t i = 0; i < len; i++)
    count += (s[i] & 0xC0) != 0x80;
  return count;
}

/*
 * 'escape_value()' - The code point a double-quoted escape at 's' ('avail'
 * bytes, the backslash first) stands for, with its length in '*width'; -1
 * for one the loader does not know (libyaml has refused any YAML lacks).
 */
static int64_t escape_value(const unsigned char *s, size_t avail,
                            size_t *width) {
  size_t digits;
  int64_t cp = 0;

  *width = 2;
  if (avail < 2)
    return -1;
  switch (s[1]) {
  case '0': return 0x00;
  case 'a': return 0x07;
  case 'b': return 0x08;
  case 't':
  case '\t': return 0x09;
  case 'n': return 0x0A;
  case 'v': return 0x0B;
  case 'f': return 0x0C;
  case 'r': return 0x0D;
  case 'e': return 0x1B;
  case ' ': return ' ';
  case '"': return '"';
  case '/': return '/';
  case '\'': return '\'';
  case '\\': return '\\';
  case 'N': return 0x85;
  case '_': return 0xA0;
  case 'L': return 0x2028;
  case 'P': return 0x2029;
  case 'x': digits = 2; break;
  case 'u': digits = 4; break;
  case 'U': digits = 8; break;
  default: return -1;
  }
  if (avail < 2 + digits)
    return -1;
  for (size_t i = 2; i < 2 + digits; i++) {
    unsigned char c = s[i];
    int value = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
    if (value < 0)
      return -1;
    cp = cp * 16 + value;
  }
  *width = 2 + digits;
  return cp;
}

/*
 * 'skip_folded_space()' - Move past white space in the text (spaces, tabs,
 * line feeds): what YAML makes of line breaks and indentation.
 */
static void skip_folded_space(span_match *m) {
  while (m->at < m->len && (m->value[m->at] == ' ' || m->value[m->at] == '\t' ||
                            m->value[m->at] == '\n'))
    m->at++;
}

/*
 * 'add_span()' - Count a span starting at the text's next byte, written at
 * 'line':'column', and record it on the second pass.
 */
static void add_span(span_match *m, int line, int column) {
  lf_span span = {m->at, line, column};

  if (m->count == 0)
    m->first = span;
  if (m->out)
    m->out[m->count] = span;
  m->count++;
}

/*
 * 'is_blank()' - Whether a byte is a space or a tab.
 */
static int is_blank(unsigned char c) {
  return c == ' ' || c == '\t';
}

/*
 * 'back_to_written_space()' - Step back over the white space at the end of
 * what skip_folded_space() skipped (from byte 'from') that the line [s,
 * end) writes itself, at its start, as escapes ("\t", "\ ") and the blanks
 * after them: the escapes are matched like any other.
 */
static void back_to_written_space(span_match *m, size_t from,
                                  const unsigned char *s,
                                  const unsigned char *end) {
  size_t written = 0, width;

  while (s < end) {
    int64_t cp;

    if (is_blank(*s)) {
      width = 1;
    } else if (m->quote == '"' && *s == '\\') {
      cp = escape_value(s, (size_t)(end - s), &width);
      if (cp != ' ' && cp != '\t' && cp != '\n')
        break;
    } else {
      break;
    }
    written++; /* each makes one byte of white space */
    s += width;
  }
  while (written > 0 && m->at > from) {
    m->at--;
    written--;
  }
}

/*
 * 'match_line()' - Match one line of a scalar as written, bytes [s, e)
 * from 'column' of 'line', with the text's next bytes: blanks at either end
 * aside (folding and indentation), what is written must be the text itself,
 * but that an escape ("\t", "\x41", "''") stands for the character it
 * makes.  'broken' says a line break follows the line, so that a backslash
 * at its end escapes the break.  Returns 0, or -1 when they differ.
 */
static int match_line(span_match *m, const unsigned char *s,
                      const unsigned char *e, int line, int column,
                      int broken) {
  const unsigned char *end = e;
  size_t skipped_from;
  int need_span = 1;

  while (s < end && is_blank(*s)) {
    s++;
    column++;
  }
  while (end > s && is_blank(end[-1]))
    end--;
  if (m->quote == '"' && end < e) { /* keep a blank escaped by a backslash */
    size_t slashes = 0;
    while (end - slashes > s && end[-1 - (ptrdiff_t)slashes] == '\\')
      slashes++;
    if (slashes % 2)
      end++;
  }
  if (s == end)
    return 0;
  skipped_from = m->at;
  skip_folded_space(m);
  back_to_written_space(m, skipped_from, s, end);
  while (s < end) {
    if (m->quote == '"' && *s == '\\') {
      const char *got_end = (const char *)m->value + m->at;
      size_t width;
      int32_t got = -1;
      int64_t want;

      if (s + 1 == end && end == e && broken) {
        s++; /* an escaped line break: nothing in the text */
        continue;
      }
      want = escape_value(s, (size_t)(end - s), &width);
      if (m->at < m->len)
        got = lf_utf8_next(&got_end, (const char *)m->value + m->len);
      if (want < 0 || got < 0 || got != want)
        return -1;
      add_span(m, line, column);
      m->at = (size_t)(got_end - (const char *)m->value);
      s += width;
      column += (int)width;
      need_span = 1;
    } else if (m->quote == '\'' && *s == '\'') {
      if (s + 1 >= end || s[1] != '\'' || m->at >= m->len ||
          m->value[m->at] != '\'')
        return -1;
      add_span(m, line, column); /* '' is one quote */
      m->at++;
      s += 2;
      column += 2;
      need_span = 1;
    } else {
      const unsigned char *piece = s;
      size_t n;

      while (s < end && !(m->quote == '"' && *s == '\\') &&
             !(m->quote == '\'' && *s == '\''))
        s++;
      n = (size_t)(s - piece);
      if (n > m->len - m->at || memcmp(m->value + m->at, piece, n) != 0)
        return -1;
      if (need_span)
        add_span(m, line, column);
      need_span = 0;
      m->at += n;
      column += count_chars(piece, n);
    }
  }
  return 0;
}

/*
 * 'match_scalar()' - Match a scalar's text with the bytes [s, e) it is
 * written in (from its start mark to its end mark, 's' at 'line':'column'),
 * line by line, counting its spans (and recording them when 'm->out' is
 * set).  Returns 0, or -1 when the text cannot be placed: it is not what is
 * written, or a line holds U+2028 or U+2029, which libyaml counts as line
 * breaks but keeps in the text.
 */
static int match_scalar(span_match *m, yaml_scalar_style_t style,
                        const unsigned char *s, const unsigned char *e,
                        int line, int column) {
  if (style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
      style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
    m->quote = style == YAML_SINGLE_QUOTED_SCALAR_STYLE ? '\'' : '"';
    if (e - s < 2 || s[0] != m->quote || e[-1] != m->quote)
      return -1;
    s++;
    e--;
    column++;
  } else if (style == YAML_LITERAL_SCALAR_STYLE ||
             style == YAML_FOLDED_SCALAR_STYLE) {
    while (s < e && *s != '\n' && *s != '\r')
      s++; /* the header: '|' or '>', its indicators, a comment */
    if (s < e) {
      s += line_break_width(s, (size_t)(e - s));
      line++;
      column = 1;
    }
  }
  for (;;) {
    const unsigned char *eol = s;

    while (eol < e && *eol != '\n' && *eol != '\r') {
      if (line_break_width(eol, (size_t)(e - eol)))
        return -1; /* U+2028 or U+2029 */
      eol++;
    }
    if (match_line(m, s, eol, line, column, eol < e) != 0)
      return -1;
    if (eol == e)
      break;
    s = eol + line_break_width(eol, (size_t)(e - eol));
    line++;
    column = 1;
  }
  skip_folded_space(m);
  return m->at == m->len ? 0 : -1;
}

/*
 * 'usual_span()' - The single span a string node most often has, which is
 * not stored: its text from the first byte, at its start (past the opening
 * quote of a quoted string).
 */
static lf_span usual_span(const lf_node *node, int quote) {
  lf_span span = {0, node->pos.line, node->pos.column + (quote != 0)};
  return span;
}

/*
 * 'place_scalar()' - Give a string node its spans: where each stretch of
 * its text is written (see lf_span), matched with the file byte for byte,
 * once to count them and, when there is more than one, again to record
 * them.  A node whose text cannot be matched gets none; errors about its
 * characters then fall back to where it starts.
 */
static void place_scalar(loader *ld, const yaml_event_t *event,
                         lf_node *node) {
  yaml_scalar_style_t style = event->data.scalar.style;
  span_match m = {.value = (const unsigned char *)node->text,
                  .len = node->len};
  size_t start, end;
  lf_span *spans, usual;

  if (node->len == 0) /* nothing to place (and libyaml may put an empty */
    return;           /* value's marks at the next token: keep the cursor) */
  start = byte_at_index(ld, event->start_mark.index);
  end = byte_at_index(ld, event->end_mark.index);
  if (start == SIZE_MAX || end == SIZE_MAX || end < start ||
      node->pos.line >= INT_MAX || node->pos.column >= INT_MAX)
    return;
  if (match_scalar(&m, style, ld->source + start, ld->source + end,
                   node->pos.line, node->pos.column) != 0 ||
      m.count == 0 || m.count > UINT_MAX)
    return;
  usual = usual_span(node, m.quote);
  if (m.count == 1 && m.first.offset == usual.offset &&
      m.first.line == usual.line && m.first.column == usual.column) {
    node->span_count = 1; /* 'spans' stays NULL: nothing to store */
    return;
  }
  spans = lf_arena_array(ld->arena, m.count, sizeof *spans);
  if (!spans) {
    report_out_of_memory(ld);
    return;
  }
  spans[0] = m.first;
  if (m.count > 1) {
    m = (span_match){.value = (const unsigned char *)node->text,
                     .len = node->len, .out = spans};
    if (match_scalar(&m, style, ld->source + start, ld->source + end,
                     node->pos.line, node->pos.column) != 0)
      return;
  }
  node->spans = spans;
  node->span_count = (unsigned)m.count;
}

/*
 * 'add_scalar()' - Make a string node from a SCALAR event.  Its text is
 * checked again, since escapes ("\0", "\x07") can produce characters the
 * file itself may not hold.
 */
static void add_scalar(loader *ld, const yaml_event_t *event) {
  lf_pos pos = mark_pos(ld, event->start_mark);
  const unsigned char *value = event->data.scalar.value;
  size_t length = event->data.scalar.length;
  yaml_scalar_style_t style = event->data.scalar.style;
  text_problem problem;
  lf_node *node;
  char *text;

  refuse_properties(ld, pos, event->data.scalar.anchor,
                    event->data.scalar.tag);
  if (!check_text(value, length, &problem))
    report_text_problem(ld, pos, &problem);
  node = new_node(ld, LF_NODE_SCALAR, pos);
  if (!node)
    return;
  text = lf_arena_strndup(ld->arena, (const char *)value, length);
  if (!text) {
    report_out_of_memory(ld);
    return;
  }
  node->text = text;
  node->len = length;
  node->quoted = style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                 style == YAML_DOUBLE_QUOTED_SCALAR_STYLE ||
                 style == YAML_LITERAL_SCALAR_STYLE ||
                 style == YAML_FOLDED_SCALAR_STYLE;
  place_scalar(ld, event, node);
  if (ld->stop)
    return;
  attach(ld, node);
}

/*
 * 'add_alias()' - Refuse an alias, leaving an empty string in its place so
 * the rest of the document can still be checked.  Nothing is expanded.
 */
static void add_alias(loader *ld, const yaml_event_t *event) {
  lf_pos pos = mark_pos(ld, event->start_mark);
  lf_node *node;

  report(ld, pos,
         "anchors and aliases are not allowed (expected plain content)");
  node = new_node(ld, LF_NODE_SCALAR, pos);
  if (node)
    attach(ld, node);
}

/*
 * 'handle_event()' - Apply one libyaml event to the tree.  Returns 1 when
 * the stream has ended.
 */
static int handle_event(loader *ld, const yaml_event_t *event) {
  switch (event->type) {
  case YAML_STREAM_END_EVENT:
    return 1;
  case YAML_DOCUMENT_START_EVENT:
    if (++ld->documents > 1) {
      report(ld, mark_pos(ld, event->start_mark),
             "more than one YAML document (expected one)");
      ld->stop = 1;
    }
    break;
  case YAML_ALIAS_EVENT:
    add_alias(ld, event);
    break;
  case YAML_SCALAR_EVENT:
    add_scalar(ld, event);
    break;
  case YAML_SEQUENCE_START_EVENT:
    open_collection_start(ld, LF_NODE_SEQUENCE, event->start_mark,
                          event->data.sequence_start.anchor,
                          event->data.sequence_start.tag);
    break;
  case YAML_MAPPING_START_EVENT:
    open_collection_start(ld, LF_NODE_MAPPING, event->start_mark,
                          event->data.mapping_start.anchor,
                          event->data.mapping_start.tag);
    break;
  case YAML_SEQUENCE_END_EVENT:
  case YAML_MAPPING_END_EVENT:
    close_collection(ld);
    break;
  default: /* STREAM-START, DOCUMENT-END, NO-EVENT */
    break;
  }
  return 0;
}

/*
 * 'is_empty_document()' - Whether the document held nothing at all: no
 * document, or one whose root is the empty plain scalar libyaml makes of
 * "---" with nothing after it.
 */
static int is_empty_document(const loader *ld) {
  const lf_node *root = ld->root;

  return ld->documents == 0 || !root ||
         (root->kind == LF_NODE_SCALAR && root->len == 0 && !root->quoted);
}

/*
 * 'parse_text()' - Run libyaml over checked text and build the tree.  The
 * parser is deleted before returning.
 */
static void parse_text(loader *ld, const unsigned char *text, size_t len) {
  int ended = 0;

  if (!yaml_parser_initialize(&ld->parser)) {
    report_out_of_memory(ld);
    return;
  }
  ld->source = text;
  ld->source_len = len;
  yaml_parser_set_input_string(&ld->parser, text, len);
  yaml_parser_set_encoding(&ld->parser, YAML_UTF8_ENCODING);
  while (!ended && !ld->stop) {
    yaml_event_t event;

    if (!yaml_parser_parse(&ld->parser, &event)) {
      report_libyaml_error(ld, text);
      break;
    }
    ended = handle_event(ld, &event);
    yaml_event_delete(&event);
  }
  yaml_parser_delete(&ld->parser);
  if (ended && !ld->failed && is_empty_document(ld))
    report(ld, whole_file(ld->file), "empty file (expected a mapping)");
}

/*
 * 'lf_yaml_load_buffer()' - Check and parse 'len' bytes of YAML.
 */
lf_node *lf_yaml_load_buffer(lf_arena *arena, const char *name,
                             const char *data, size_t len, lf_diags *diags) {
  const unsigned char *text = (const unsigned char *)data;
  text_problem problem;
  loader ld;

  memset(&ld, 0, sizeof ld);
  ld.arena = arena;
  ld.diags = diags;
  ld.file = name ? lf_arena_strdup(arena, name) : NULL;
  if (name && !ld.file) {
    lf_error(diags, whole_file(name), "out of memory");
    return NULL;
  }

  if (len > LF_YAML_MAX_BYTES) {
    report(&ld, whole_file(ld.file), "file is %zu bytes (the limit is %zu)",
           len, LF_YAML_MAX_BYTES);
    return NULL;
  }
  if (len >= 2 && ((text[0] == 0xFF && text[1] == 0xFE) ||
                   (text[0] == 0xFE && text[1] == 0xFF))) {
    lf_pos start = {ld.file, 1, 1};
    report(&ld, start, "text is UTF-16 (expected UTF-8: save the file as UTF-8)");
    return NULL;
  }
  if (len >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF) {
    text += 3; /* a byte order mark: not content */
    len -= 3;
  }
  if (!check_text(text, len, &problem)) {
    report_text_problem(&ld, locate_offset(ld.file, text, problem.offset),
                        &problem);
    return NULL;
  }
  parse_text(&ld, text, len);
  return ld.failed ? NULL : ld.root;
}

/*
 * 'report_read_error()' - Report that the file could not be read, with the
 * system's reason for 'error'.
 */
static void report_read_error(lf_diags *diags, const char *path, int error) {
  char reason[256];

  if (strerror_r(error, reason, sizeof reason) != 0)
    snprintf(reason, sizeof reason, "error %d", error);
  lf_error(diags, whole_file(path), "cannot read file: %s", reason);
}

/*
 * 'lf_yaml_load_file()' - Read a file, refusing an oversized one before
 * reading it, and parse it.
 */
lf_node *lf_yaml_load_file(lf_arena *arena, const char *path,
                           lf_diags *diags) {
  lf_read_status how;
  char *data;
  lf_node *root;

  /* a named pipe nobody writes to reads as empty: no hang */
  data = lf_read_file(path, LF_YAML_MAX_BYTES, 0, &how);
  if (!data && how.fault == LF_READ_TOO_BIG &&
      how.file_size > (long long)LF_YAML_MAX_BYTES) {
    lf_error(diags, whole_file(path), "file is %jd bytes (the limit is %zu)",
             (intmax_t)how.file_size, LF_YAML_MAX_BYTES);
    return NULL;
  }
  if (!data && how.fault == LF_READ_TOO_BIG) { /* a pipe, or a file that grew */
    lf_error(diags, whole_file(path),
             "file is more than %zu bytes (the limit is %zu)",
             LF_YAML_MAX_BYTES, LF_YAML_MAX_BYTES);
    return NULL;
  }
  if (!data) {
    report_read_error(diags, path, how.error);
    return NULL;
  }
  root = lf_yaml_load_buffer(arena, path, data, how.size, diags);
  free(data);
  return root;
}

/*
 * 'lf_node_get()' - The value for 'key' in a mapping, found by a linear
 * search for the exact text.
 */
const lf_node *lf_node_get(const lf_node *map, const char *key) {
  size_t key_len;

  if (!map || !key || map->kind != LF_NODE_MAPPING)
    return NULL;
  key_len = strlen(key);
  for (size_t i = 0; i < map->count; i++) {
    const lf_node *k = map->keys[i];
    if (k->kind == LF_NODE_SCALAR && k->len == key_len &&
        memcmp(k->text, key, key_len) == 0)
      return map->items[i];
  }
  return NULL;
}

/*
 * 'lf_node_span()' - A stored span, or the usual one when none is stored
 * ('quoted' then means quotes: a block scalar's text starts on the line
 * after its start, so its span is never the usual one).
 */
lf_span lf_node_span(const lf_node *node, size_t i) {
  if (node->spans)
    return node->spans[i];
  return usual_span(node, node->quoted);
}

/*
 * 'lf_node_kind_name()' - How messages name a kind of node.
 */
const char *lf_node_kind_name(lf_node_kind kind) {
  switch (kind) {
  case LF_NODE_SCALAR:
    return "a string";
  case LF_NODE_SEQUENCE:
    return "a list";
  case LF_NODE_MAPPING:
    return "a mapping";
  }
  return "a value";
}
