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
 * duplicate keys, non-string keys, escaped control characters, indentation
 * with non-breaking spaces) are all reported before the loader gives up
 * (duplicate keys when their mapping closes).  Text that is not clean UTF-8
 * is not parsed at all: only its first bad character is reported.  Either
 * way the result is NULL.  libyaml's own errors are put in an author's words
 * where the text around them shows the mistake (a tab that indents, a
 * quoted string never closed, a key without ':' ...; see "libyaml's errors,
 * in an author's words" below).  A file that holds nothing is no error
 * here: it loads as an empty string at 1:1, and lf_yaml_load_mapping() says
 * what the file should have held.
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

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
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

static int explain_syntax_error(loader *ld);

/*
 * 'report_libyaml_error()' - Pass on the error that stopped libyaml: in an
 * author's words where explain_syntax_error() knows it, else in libyaml's,
 * at the place libyaml found it.
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
    if (explain_syntax_error(ld))
      break;
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

/* ---- libyaml's errors, in an author's words ----------------------------- */

/*
 * libyaml says what its parser was doing when it stopped ("while scanning a
 * simple key: could not find expected ':'"); an author needs to hear what is
 * wrong in the file, where, and what to write instead.  The functions below
 * read libyaml's error and the text around its marks and word the mistakes
 * people make by hand: a tab that indents, a quoted string never closed or
 * closed too soon, a key without ':', a line indented too far or not far
 * enough, a ': ' inside a value, curly quotes taken for quotes, a value that
 * starts with a character YAML reserves, an unknown escape, a byte order
 * mark inside the file.  Any other error keeps libyaml's words and place.
 */

/* A place in the text being parsed: a byte offset, its line and column. */
typedef struct place {
  size_t at;
  int line, column;
} place;

/*
 * 'mark_place()' - Where a libyaml mark is in the text.  Parsing is over,
 * so byte_at_index()'s cursor may be rewound to reach a mark behind it.
 */
static place mark_place(loader *ld, yaml_mark_t mark) {
  lf_pos pos = mark_pos(ld, mark);
  place p = {ld->source_len, pos.line, pos.column};
  size_t at;

  if (mark.index < ld->cursor_index) {
    ld->cursor_index = 0;
    ld->cursor_byte = 0;
  }
  at = byte_at_index(ld, mark.index);
  if (at != SIZE_MAX)
    p.at = at;
  return p;
}

/*
 * 'place_pos()' - A place as the position of a diagnostic.
 */
static lf_pos place_pos(const loader *ld, place p) {
  lf_pos pos = {ld->file, p.line, p.column};
  return pos;
}

/*
 * 'byte_at()' - The byte at offset 'at', or 0 past the end of the text.
 */
static unsigned char byte_at(const loader *ld, size_t at) {
  return at < ld->source_len ? ld->source[at] : 0;
}

/*
 * 'ends_line()' - Whether offset 'at' is a line break or the end of the text.
 */
static int ends_line(const loader *ld, size_t at) {
  return at >= ld->source_len ||
         line_break_width(ld->source + at, ld->source_len - at) > 0;
}

/*
 * 'ends_word()' - Whether offset 'at' is a blank, a line break or the end:
 * what must follow a '-' that starts a list item, or a ':' that ends a key.
 */
static int ends_word(const loader *ld, size_t at) {
  return is_blank(byte_at(ld, at)) || ends_line(ld, at);
}

/*
 * 'line_start()' - The start of the line 'p' is on.
 */
static place line_start(const loader *ld, place p) {
  for (; p.column > 1 && p.at > 0; p.column--) {
    do
      p.at--;
    while (p.at > 0 && (ld->source[p.at] & 0xC0) == 0x80);
  }
  p.column = 1;
  return p;
}

/*
 * 'line_end()' - The offset of the end of the line holding offset 'at'.
 */
static size_t line_end(const loader *ld, size_t at) {
  while (!ends_line(ld, at))
    at++;
  return at;
}

/*
 * 'move_to()' - Move 'p' forward along its line to offset 'at'.
 */
static place move_to(const loader *ld, place p, size_t at) {
  p.column += count_chars(ld->source + p.at, at - p.at);
  p.at = at;
  return p;
}

/*
 * 'skip_blanks()' - Move 'p' past spaces and tabs.
 */
static place skip_blanks(const loader *ld, place p) {
  while (is_blank(byte_at(ld, p.at))) {
    p.at++;
    p.column++;
  }
  return p;
}

/*
 * 'is_empty_line()' - Whether the line starting at 'start' holds nothing
 * but blanks and perhaps a comment.
 */
static int is_empty_line(const loader *ld, place start) {
  place p = skip_blanks(ld, start);
  return ends_line(ld, p.at) || byte_at(ld, p.at) == '#';
}

/*
 * 'break_ends_at()' - Whether a line break ends just before offset 'at'.
 */
static int break_ends_at(const loader *ld, size_t at) {
  const unsigned char *s = ld->source;

  if (at == 0)
    return 0;
  if (s[at - 1] == '\n' || s[at - 1] == '\r')
    return 1;
  return at >= 3 && s[at - 3] == 0xE2 && s[at - 2] == 0x80 &&
         (s[at - 1] == 0xA8 || s[at - 1] == 0xA9);
}

/*
 * 'previous_line()' - Move 'p', at the start of a line, to the start of the
 * line before it.  Returns 0 (and leaves 'p') on the first line.
 */
static int previous_line(const loader *ld, place *p) {
  const unsigned char *s = ld->source;
  size_t at = p->at;

  if (p->line <= 1 || !break_ends_at(ld, at))
    return 0;
  if (s[at - 1] == '\n' && at >= 2 && s[at - 2] == '\r')
    at -= 2;
  else if (s[at - 1] == '\n' || s[at - 1] == '\r')
    at--;
  else
    at -= 3; /* U+2028 or U+2029 */
  while (at > 0 && !break_ends_at(ld, at))
    at--;
  p->at = at;
  p->line--;
  p->column = 1;
  return 1;
}

/*
 * 'previous_content_line()' - As previous_line(), past lines that hold only
 * blanks and comments.  Returns 0 when no line above holds anything ('p'
 * may have moved).
 */
static int previous_content_line(const loader *ld, place *p) {
  while (previous_line(ld, p))
    if (!is_empty_line(ld, *p))
      return 1;
  return 0;
}

/*
 * 'opens_value()' - Whether a quote at offset 'at', on a line whose text
 * starts at 'from', opens a quoted value: it comes first, or after ':',
 * '-', '[', '{' or ',' (and blanks).  An apostrophe inside words does not.
 */
static int opens_value(const loader *ld, size_t from, size_t at) {
  while (at > from && is_blank(ld->source[at - 1]))
    at--;
  if (at == from)
    return 1;
  switch (ld->source[at - 1]) {
  case ':': case '-': case '[': case '{': case ',':
    return 1;
  default:
    return 0;
  }
}

/*
 * 'find_key_colon()' - The first ':' in [from, end) of one line that ends
 * a key (a blank or the line's end follows it), outside quoted values and
 * before any comment; SIZE_MAX when there is none.
 */
static size_t find_key_colon(const loader *ld, size_t from, size_t end) {
  const unsigned char *s = ld->source;
  unsigned char quote = 0;

  for (size_t at = from; at < end; at++) {
    unsigned char c = s[at];

    if (quote) {
      if (c == '\\' && quote == '"')
        at++;
      else if (c == quote)
        quote = 0;
    } else if ((c == '"' || c == '\'') && opens_value(ld, from, at)) {
      quote = c;
    } else if (c == '#' && (at == from || is_blank(s[at - 1]))) {
      break;
    } else if (c == ':' && ends_word(ld, at + 1)) {
      return at;
    }
  }
  return SIZE_MAX;
}

/* What a line holds, as far as a line below it may go on with it. */
typedef enum line_holds {
  HOLDS_NO_VALUE,    /* "key:", a quoted value, '|' or '>' */
  HOLDS_PLAIN_VALUE, /* "key: text" or "- text" */
  HOLDS_BARE_TEXT    /* text with no ': ' and no "- ": no key */
} line_holds;

/*
 * 'what_line_holds()' - What the line starting at 'start' ends with: a
 * plain (unquoted) value that a line below could go on with (text after
 * its key's ':' or after the "- " of a list item), bare text, or neither.
 */
static line_holds what_line_holds(const loader *ld, place start) {
  place p = skip_blanks(ld, start);
  int marked = 0;
  size_t colon;

  while (byte_at(ld, p.at) == '-' && ends_word(ld, p.at + 1)) {
    p = skip_blanks(ld, move_to(ld, p, p.at + 1)); /* "- " of list items */
    marked = 1;
  }
  colon = find_key_colon(ld, p.at, line_end(ld, p.at));
  if (colon != SIZE_MAX)
    p = skip_blanks(ld, move_to(ld, p, colon + 1));
  if (ends_line(ld, p.at))
    return HOLDS_NO_VALUE;
  switch (byte_at(ld, p.at)) {
  case '#': case '|': case '>': case '"': case '\'':
    return HOLDS_NO_VALUE;
  default:
    return colon == SIZE_MAX && !marked ? HOLDS_BARE_TEXT : HOLDS_PLAIN_VALUE;
  }
}

/*
 * 'is_curly_quote()' - Whether the text at offset 'at' starts with a
 * typographic quotation mark: “ ” ‘ ’ „ « or ».
 */
static int is_curly_quote(const loader *ld, size_t at) {
  const unsigned char *s = ld->source + at;
  size_t avail = ld->source_len - at;

  if (avail >= 3 && s[0] == 0xE2 && s[1] == 0x80)
    return s[2] == 0x98 || s[2] == 0x99 || s[2] == 0x9C || s[2] == 0x9D ||
           s[2] == 0x9E;
  return avail >= 2 && s[0] == 0xC2 && (s[1] == 0xAB || s[1] == 0xBB);
}

/*
 * 'leading_meaning()' - What YAML makes of a value that starts with 'c', or
 * NULL when 'c' may start plain text.
 */
static const char *leading_meaning(unsigned char c) {
  switch (c) {
  case '*': return "an alias";
  case '&': return "an anchor";
  case '!': return "a tag";
  case '|':
  case '>': return "the start of a block of text on the lines below";
  case '[': return "the start of a list";
  case '{': return "the start of a mapping";
  case ']':
  case '}': return "the end of a list or mapping";
  case ',': return "a comma between items";
  case '%': return "a directive";
  case '@':
  case '`': return "a character it reserves";
  default: return NULL;
  }
}

/*
 * 'explain_leading_char()' - A value that starts with a character YAML
 * reserves ('**strong**' at the start of a paragraph, a link's '['): it
 * must be quoted.  Returns 0 when the character at 'p' is not one.
 */
static int explain_leading_char(loader *ld, place p) {
  unsigned char c = byte_at(ld, p.at);
  const char *meaning = leading_meaning(c);

  if (!meaning)
    return 0;
  report(ld, place_pos(ld, p),
         "a value that starts with '%c' must be in quotes (expected \"%c...\": "
         "YAML reads a leading '%c' as %s)", c, c, c, meaning);
  return 1;
}

/*
 * 'explain_stray_bom()' - A byte order mark (U+FEFF, invisible) that starts
 * a line inside the file, on the line of the error or the line with content
 * before it: libyaml skips it but counts its column, so the line reads as
 * indented by one.
 */
static int explain_stray_bom(loader *ld, place problem) {
  place line = line_start(ld, problem);

  for (int tries = 0; tries < 2; tries++) {
    if (ld->source_len - line.at >= 3 &&
        memcmp(ld->source + line.at, "\xEF\xBB\xBF", 3) == 0) {
      report(ld, place_pos(ld, line),
             "an invisible byte order mark (U+FEFF) starts this line and moves "
             "it one column right (expected one only at the very start of a "
             "file: delete this one)");
      return 1;
    }
    if (!previous_content_line(ld, &line))
      break;
  }
  return 0;
}

/*
 * 'explain_tab()' - A tab where libyaml stopped: one that indents the line
 * (named at the first tab of the indentation), or one elsewhere where YAML
 * wants a space.
 */
static int explain_tab(loader *ld, place problem) {
  place p = line_start(ld, problem);

  if (byte_at(ld, problem.at) != '\t')
    return 0;
  if (skip_blanks(ld, p).at <= problem.at) {
    report(ld, place_pos(ld, problem),
           "a tab where YAML allows only spaces (expected a space)");
    return 1;
  }
  while (byte_at(ld, p.at) != '\t') {
    p.at++;
    p.column++;
  }
  report(ld, place_pos(ld, p),
         "a tab indents this line (expected spaces: YAML indents with spaces "
         "only)");
  return 1;
}

/*
 * 'explain_unclosed_quote()' - A quoted string that the file (or a '---'
 * line) ends before its closing quote: named where it opens.
 */
static int explain_unclosed_quote(loader *ld, const char *problem, place open,
                                  place stop) {
  unsigned char quote = byte_at(ld, open.at);

  if (quote != '"' && quote != '\'')
    return 0;
  if (strcmp(problem, "found unexpected end of stream") == 0)
    report(ld, place_pos(ld, open),
           "this quoted string has no closing %c (expected a %c before the end "
           "of the file)", quote, quote);
  else
    report(ld, place_pos(ld, open),
           "this quoted string has no closing %c (expected a %c before the "
           "'%.*s' on line %d)", quote, quote,
           (int)(line_end(ld, stop.at) - stop.at < 3
                     ? line_end(ld, stop.at) - stop.at : 3),
           (const char *)ld->source + stop.at, stop.line);
  return 1;
}

/*
 * 'find_opening_quote()' - The quote that opens the quoted string closed by
 * the quote at offset 'close', or SIZE_MAX.  Inside "...", \" is no quote;
 * inside '...', '' is none.
 */
static size_t find_opening_quote(const loader *ld, size_t close) {
  const unsigned char *s = ld->source;
  unsigned char quote = s[close];
  size_t at = close;

  while (at > 0) {
    at--;
    if (s[at] != quote)
      continue;
    if (quote == '"') {
      size_t slashes = 0;
      while (at - slashes > 0 && s[at - slashes - 1] == '\\')
        slashes++;
      if (slashes % 2 == 0)
        return at;
    } else if (at > 0 && s[at - 1] == '\'') {
      at--; /* '' stands for one quote */
    } else {
      return at;
    }
  }
  return SIZE_MAX;
}

/*
 * 'explain_text_after_quote()' - Text after the quote at 'close' that
 * ended a quoted string: a quote meant to be inside the string, or a string
 * not closed on its own line that ran on to a quote further down.
 */
static int explain_text_after_quote(loader *ld, place close) {
  unsigned char quote = byte_at(ld, close.at);
  size_t open = find_opening_quote(ld, close.at);

  if (open != SIZE_MAX && open < line_start(ld, close).at) {
    lf_pos from = locate_offset(ld->file, ld->source, open);
    report(ld, from,
           "this quoted string has no closing %c on its line, so it runs on to "
           "the %c on line %d (expected a %c to end it on line %d)",
           quote, quote, close.line, quote, from.line);
  } else if (quote == '"') {
    report(ld, place_pos(ld, close),
           "this \" ends the quoted string, but text follows it (expected the "
           "end of the value; write \\\" for a \" inside \"...\")");
  } else {
    report(ld, place_pos(ld, close),
           "this ' ends the quoted string, but text follows it (expected the "
           "end of the value; write '' for a ' inside '...')");
  }
  return 1;
}

/*
 * 'find_opening_bracket()' - The '[' or '{' that the ']' or '}' at offset
 * 'close' closes, searched back to offset 'from'; SIZE_MAX if none.
 */
static size_t find_opening_bracket(const loader *ld, size_t from,
                                   size_t close) {
  int depth = 1;

  for (size_t at = close; at > from;) {
    unsigned char c = ld->source[--at];

    if (c == ']' || c == '}')
      depth++;
    else if ((c == '[' || c == '{') && --depth == 0)
      return at;
  }
  return SIZE_MAX;
}

/*
 * 'explain_text_after()' - Text where libyaml wanted a line to end: after
 * a quoted value's closing quote, or after the ']' or '}' of a value that
 * starts with '[' or '{' (a link or a glossary term, as often as not).
 * 'first' is where the line's text starts.
 */
static int explain_text_after(loader *ld, place first, place problem) {
  size_t at = problem.at, open;
  unsigned char before;

  while (at > first.at && is_blank(ld->source[at - 1]))
    at--;
  if (at == first.at)
    return 0;
  before = ld->source[at - 1];
  if (before == '"' || before == '\'')
    return explain_text_after_quote(ld, move_to(ld, first, at - 1));
  if (before != ']' && before != '}')
    return 0;
  open = find_opening_bracket(ld, first.at, at - 1);
  return open != SIZE_MAX && explain_leading_char(ld, move_to(ld, first, open));
}

/*
 * 'explain_dash()' - A '-' that starts a line's text with no space after it
 * ("-item"), which YAML reads as text, not as a list item.  Returns 0 for
 * any other line.  'first' is where the line's text starts.
 */
static int explain_dash(loader *ld, place first) {
  if (byte_at(ld, first.at) != '-' || ends_word(ld, first.at + 1))
    return 0;
  report(ld, place_pos(ld, first),
         "a '-' needs a space after it to start a list item (expected "
         "'- item')");
  return 1;
}

/*
 * 'explain_missing_colon()' - A line where a key belongs that is not
 * "key: value": a ':' left out or with no space after it, a "-" with no
 * space after it, or a value's text that goes on to a line not indented
 * enough.  'key' is where the line's text starts.
 */
static int explain_missing_colon(loader *ld, place key) {
  place above = line_start(ld, key);
  size_t end = line_end(ld, key.at);
  const void *colon = memchr(ld->source + key.at, ':', end - key.at);

  if (explain_dash(ld, key))
    return 1;
  /* in line with the '- ' items above it, the last of them not plain text
   * this line could go on: an item that lost its '- ' (it was told to
   * write 'key: value') */
  place item = line_start(ld, key), list = {0};
  place last = line_start(ld, key);
  int goes_on = previous_content_line(ld, &last) && what_line_holds(ld, last) == HOLDS_PLAIN_VALUE;
  while (!goes_on && previous_content_line(ld, &item)) {
    place text = skip_blanks(ld, item);
    if (text.column != key.column || byte_at(ld, text.at) != '-' || !ends_word(ld, text.at + 1))
      break;
    list = text;
  }
  if (list.line && !colon) {
    report(ld, place_pos(ld, key),
           "expected '- ' to start the next item of the list that begins at line %d (or "
           "'key: value' if this line is not one of its items)", list.line);
    return 1;
  }
  if (colon)
    report(ld, place_pos(ld, key),
           "this line has no ': ' after its key (expected 'key: value', with "
           "a space after the ':')");
  else if (previous_content_line(ld, &above) &&
           what_line_holds(ld, above) == HOLDS_PLAIN_VALUE)
    report(ld, place_pos(ld, key),
           "this line has no ':' after its key (expected 'key: value'; if the "
           "line goes on with the text of line %d, indent it more than the key "
           "on line %d)", above.line, above.line);
  else
    report(ld, place_pos(ld, key),
           "this line has no ':' after its key (expected 'key: value')");
  return 1;
}

/*
 * 'explain_colon_in_value()' - A ': ' where YAML does not allow a key: a
 * second one on the line (in a value that needs quotes, or in a value
 * between curly quotes), or one on a line that goes on with a value begun
 * on an earlier line (indented too far, or below a line without ':').
 */
static int explain_colon_in_value(loader *ld, place colon) {
  place start = line_start(ld, colon), first = skip_blanks(ld, start);
  place line = start, earliest = start;
  size_t key = find_key_colon(ld, first.at, colon.at);
  int found = 0;

  if (key != SIZE_MAX) {
    place value = skip_blanks(ld, move_to(ld, first, key + 1));
    if (is_curly_quote(ld, value.at))
      report(ld, place_pos(ld, value),
             "curly quotes do not quote a value in YAML (expected straight "
             "quotes, \"...\", around a value that holds ': ')");
    else
      report(ld, place_pos(ld, colon),
             "this ': ' is inside a value, where YAML does not allow it "
             "(expected the whole value in quotes)");
    return 1;
  }
  /* the line above it that is indented less, and the first line between */
  while (previous_content_line(ld, &line)) {
    if (skip_blanks(ld, line).column < first.column) {
      found = 1;
      break;
    }
    earliest = line;
  }
  if (found && what_line_holds(ld, line) == HOLDS_PLAIN_VALUE) {
    report(ld, place_pos(ld, first),
           "this line is indented more than line %d, so it reads as more of "
           "that line's value (expected its key in line with the key on line "
           "%d)", line.line, line.line);
    return 1;
  }
  if (found && what_line_holds(ld, line) == HOLDS_BARE_TEXT)
    return explain_missing_colon(ld, skip_blanks(ld, line));
  if (earliest.line < start.line)
    return explain_missing_colon(ld, skip_blanks(ld, earliest));
  return 0;
}

/*
 * 'explain_expected_key()' - A line in a mapping that starts no key: a list
 * item or a line indented to match nothing above it, or text after a value
 * that should have ended the line.  'map' is where the mapping starts.
 */
static int explain_expected_key(loader *ld, place problem, place map) {
  place first = skip_blanks(ld, line_start(ld, problem));

  if (problem.at > first.at)
    return explain_text_after(ld, first, problem);
  if (byte_at(ld, problem.at) == '-' && ends_word(ld, problem.at + 1))
    report(ld, place_pos(ld, problem),
           "a '- ' list item where a key was expected (check this line's "
           "indentation: the items of one list start in the same column)");
  else
    report(ld, place_pos(ld, problem),
           "this line's indentation does not match the keys above it "
           "(expected it in line with the key on line %d)", map.line);
  return 1;
}

/*
 * 'explain_expected_item()' - A line in a list that starts no "- " item.
 * 'list' is where the list starts.
 */
static int explain_expected_item(loader *ld, place problem, place list) {
  place first = skip_blanks(ld, line_start(ld, problem));

  if (problem.at > first.at)
    return explain_text_after(ld, first, problem);
  if (explain_dash(ld, first))
    return 1;
  report(ld, place_pos(ld, problem),
         "expected '- ' to start the next item of the list that begins at line "
         "%d (check this line's indentation)", list.line);
  return 1;
}

/*
 * 'explain_unclosed_bracket()' - A list in [...] or a mapping in {...} that
 * meets something other than ',' or its end: named where it opens when
 * that is on an earlier line (it was never closed, most likely).
 */
static int explain_unclosed_bracket(loader *ld, place problem, place open) {
  unsigned char c = byte_at(ld, open.at);
  const char *what = c == '[' ? "list" : "mapping";
  char close = c == '[' ? ']' : '}';

  if (c != '[' && c != '{')
    return 0;
  if (problem.at >= ld->source_len)
    report(ld, place_pos(ld, open),
           "the %s that opens with '%c' here is not closed (expected ',' or "
           "'%c' before the end of the file)", what, c, close);
  else if (problem.line > open.line)
    report(ld, place_pos(ld, open),
           "the %s that opens with '%c' here is not closed (expected ',' or "
           "'%c' at line %d, column %d)", what, c, close, problem.line,
           problem.column);
  else
    report(ld, place_pos(ld, problem),
           "expected ',' or '%c' here, in the %s that opens with '%c' at "
           "column %d", close, what, c, open.column);
  return 1;
}

/*
 * 'explain_escape()' - A backslash escape in "..." that YAML does not know
 * ("C:\path") or that is cut short ("\x4"), named at its backslash.
 */
static int explain_escape(loader *ld, const char *problem, place at) {
  place start = line_start(ld, at);
  size_t slash = at.at, end;

  while (slash > start.at && at.at - slash < 10 && byte_at(ld, slash) != '\\')
    slash--;
  if (byte_at(ld, slash) != '\\')
    return 0;
  end = slash + 1;
  if (!ends_line(ld, end))
    do /* the character after the backslash, whole */
      end++;
    while (end < ld->source_len && (ld->source[end] & 0xC0) == 0x80);
  if (byte_at(ld, slash + 1) == 'x' || byte_at(ld, slash + 1) == 'u' ||
      byte_at(ld, slash + 1) == 'U') /* and the hex digits after it */
    while (end - slash < 10 && isxdigit(byte_at(ld, end)))
      end++;
  if (strcmp(problem, "found unknown escape character") == 0)
    report(ld, place_pos(ld, move_to(ld, start, slash)),
           "'%.*s' is not an escape YAML knows (expected \\\\ for a backslash, "
           "or the value in single quotes)", (int)(end - slash),
           (const char *)ld->source + slash);
  else
    report(ld, place_pos(ld, move_to(ld, start, slash)),
           "'%.*s' is not a whole escape (expected \\x and 2 hex digits, \\u "
           "and 4, or \\U and 8; or \\\\ for a backslash)", (int)(end - slash),
           (const char *)ld->source + slash);
  return 1;
}

/*
 * 'explain_syntax_error()' - Report the error that stopped libyaml in an
 * author's words where one of the explanations above fits.  Returns 0 when
 * none does.
 */
static int explain_syntax_error(loader *ld) {
  const yaml_parser_t *p = &ld->parser;
  const char *problem = p->problem ? p->problem : "";
  const char *context = p->context ? p->context : "";
  place at = mark_place(ld, p->problem_mark);
  place from = p->context ? mark_place(ld, p->context_mark) : at;

  if (explain_stray_bom(ld, at) || explain_tab(ld, at))
    return 1;
  if (strcmp(context, "while scanning a quoted scalar") == 0)
    return explain_unclosed_quote(ld, problem, from, at);
  if (strcmp(context, "while parsing a quoted scalar") == 0)
    return explain_escape(ld, problem, at);
  if (strcmp(context, "while scanning a simple key") == 0)
    return explain_missing_colon(ld, from);
  if (strcmp(problem, "mapping values are not allowed in this context") == 0)
    return explain_colon_in_value(ld, at);
  if (strcmp(problem, "block sequence entries are not allowed in this "
                      "context") == 0) {
    report(ld, place_pos(ld, at),
           "a '- ' list item cannot start on the line of its key (expected "
           "each item on a line of its own below the key, or the whole value "
           "in quotes)");
    return 1;
  }
  if (strcmp(context, "while parsing a block mapping") == 0)
    return explain_expected_key(ld, at, from);
  if (strcmp(problem, "did not find expected <document start>") == 0)
    return explain_text_after(ld, skip_blanks(ld, line_start(ld, at)), at);
  if (strcmp(context, "while parsing a block collection") == 0)
    return explain_expected_item(ld, at, from);
  if (strcmp(context, "while parsing a flow sequence") == 0 ||
      strcmp(context, "while parsing a flow mapping") == 0)
    return explain_unclosed_bracket(ld, at, from);
  if (strcmp(problem, "did not find expected node content") == 0 ||
      strcmp(problem, "found character that cannot start any token") == 0)
    return explain_leading_char(ld, at);
  if (strstr(context, "alias") || strstr(context, "anchor") ||
      strstr(context, "tag") || strstr(context, "directive") ||
      strstr(context, "block scalar"))
    return explain_leading_char(ld, from);
  return 0;
}

/*
 * 'indents_with_nbsp()' - Whether a plain scalar starts with a non-breaking
 * space (U+00A0) that is the first thing on its line: indentation copied
 * from a word processor or a web page, which YAML takes for text.
 */
static int indents_with_nbsp(loader *ld, const yaml_event_t *event) {
  const unsigned char *value = event->data.scalar.value;
  size_t at;

  if (event->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
      event->data.scalar.length < 2 || value[0] != 0xC2 || value[1] != 0xA0)
    return 0;
  at = byte_at_index(ld, event->start_mark.index);
  if (at == SIZE_MAX)
    return 0;
  while (at > 0 && is_blank(ld->source[at - 1]))
    at--;
  return at == 0 || break_ends_at(ld, at);
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
  if (indents_with_nbsp(ld, event))
    report(ld, pos,
           "a non-breaking space (U+00A0) indents this line (expected "
           "ordinary spaces: YAML reads a non-breaking space as text)");
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
  return ld->documents == 0 || lf_node_is_empty(ld->root);
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
  if (ended && !ld->failed && is_empty_document(ld)) {
    lf_pos start = {ld->file, 1, 1};
    ld->root = new_node(ld, LF_NODE_SCALAR, start); /* nothing, at 1:1 */
  }
}

/*
 * 'report_too_big()' - Report a file over LF_YAML_MAX_BYTES, at its start:
 * 'size' bytes, or more than the limit when 'size' is 0 (a stream, read no
 * further than the limit).
 */
static void report_too_big(lf_diags *diags, const char *file, uintmax_t size) {
  lf_pos start = {file, 1, 1};

  if (size)
    lf_error(diags, start,
             "the file is %ju bytes, over the limit of %zu MiB (expected at "
             "most %zu bytes)", size, LF_YAML_MAX_BYTES >> 20,
             LF_YAML_MAX_BYTES);
  else
    lf_error(diags, start,
             "the file is more than %zu bytes, over the limit of %zu MiB "
             "(expected at most %zu bytes)", LF_YAML_MAX_BYTES,
             LF_YAML_MAX_BYTES >> 20, LF_YAML_MAX_BYTES);
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
    report_too_big(diags, ld.file, len);
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
    report_too_big(diags, path, (uintmax_t)how.file_size);
    return NULL;
  }
  if (!data && how.fault == LF_READ_TOO_BIG) { /* a pipe, or a file that grew */
    report_too_big(diags, path, 0);
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
 * 'lf_yaml_load_mapping()' - Read and parse a file that must hold a mapping,
 * reporting an empty file, or one holding a string or a list, with what it
 * should hold.
 */
lf_node *lf_yaml_load_mapping(lf_arena *arena, const char *path,
                              const char *expected, lf_diags *diags) {
  lf_node *root = lf_yaml_load_file(arena, path, diags);

  if (!root || root->kind == LF_NODE_MAPPING)
    return root;
  if (lf_node_is_empty(root))
    lf_error(diags, root->pos, "the file is empty (expected %s)", expected);
  else
    lf_error(diags, root->pos, "the file holds %s (expected %s)",
             lf_node_kind_name(root->kind), expected);
  return NULL;
}

/*
 * 'lf_node_is_empty()' - Whether a node is a value written as nothing at all.
 */
int lf_node_is_empty(const lf_node *node) {
  return node && node->kind == LF_NODE_SCALAR && node->len == 0 &&
         !node->quoted;
}

/*
 * 'lf_join_names()' - "a, b or c".
 */
const char *lf_join_names(lf_arena *arena, const char *const *names, size_t n) {
  size_t len = 1;
  for (size_t i = 0; i < n; i++)
    len += strlen(names[i]) + 6;
  char *s = lf_arena_alloc(arena, len);
  if (!s)
    return "";
  for (size_t i = 0; i < n; i++) {
    if (i)
      strcat(s, i + 1 == n ? " or " : ", ");
    strcat(s, names[i]);
  }
  return s;
}

/*
 * 'lf_node_check_keys()' - Unknown keys of a mapping, each reported with
 * the name likely meant or the names allowed.
 */
size_t lf_node_check_keys(lf_arena *arena, const lf_node *map, const char *what,
                          const char *const *allowed, size_t n, lf_diags *diags) {
  size_t bad = 0;
  for (size_t i = 0; map->kind == LF_NODE_MAPPING && i < map->count; i++) {
    const char *key = map->keys[i]->text;
    size_t j = 0;
    while (j < n && strcmp(key, allowed[j]) != 0)
      j++;
    if (j < n)
      continue;
    const char *near = lf_nearest_name(key, allowed, n);
    if (near)
      lf_error(diags, map->keys[i]->pos, "unknown key '%s' in %s (did you mean '%s'?)", key,
               what, near);
    else
      lf_error(diags, map->keys[i]->pos, "unknown key '%s' in %s (expected %s)", key, what,
               lf_join_names(arena, allowed, n));
    bad++;
  }
  return bad;
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
