/*
 * yaml.h -- the YAML loader: libyaml events to a tree of nodes that remember
 * where they came from.  Nothing else in leaflet reads YAML.
 *
 * The loader checks what YAML itself cannot: text is valid UTF-8 with no
 * control characters but tab and newline; a mapping has no duplicate keys;
 * anchors and aliases are refused (content has no need of them and an alias
 * bomb must not expand); nesting, file size and node counts are bounded
 * (LF_YAML_MAX_*).  Every problem is an error at its file:line:column, in
 * words an author understands: a syntax error says what is wrong and where
 * (a tab that indents, a quoted string with no closing quote named where it
 * opens, a key with no ':'), not only what libyaml was doing when it stopped.
 */
#ifndef LEAFLET_YAML_H
#define LEAFLET_YAML_H

#include <stddef.h>

#include "leaflet/arena.h"
#include "leaflet/diag.h"

#define LF_YAML_MAX_BYTES ((size_t)16 << 20) /* 16 MiB a file */
#define LF_YAML_MAX_DEPTH 64                 /* nested collections */
#define LF_YAML_MAX_NODES ((size_t)1 << 20)  /* nodes a file */

typedef enum lf_node_kind {
  LF_NODE_SCALAR,
  LF_NODE_SEQUENCE,
  LF_NODE_MAPPING
} lf_node_kind;

typedef struct lf_node lf_node;

/*
 * Where a stretch of a scalar's text is written, so that an error about one
 * of its characters can name that character's own line and column: the
 * characters from byte 'offset' of the text up to the next span's offset
 * (or the end) are written one after another on 'line' of the file, the
 * first at 'column' (both from 1, columns counting characters as every
 * position does).  The character an escape makes ("\t", "\u00e9", "''")
 * has a span of its own, at the escape's first character.  White space at
 * the end of a stretch is the exception: it may stand for a line break and
 * the next line's indentation.
 */
typedef struct lf_span {
  size_t offset;
  int line, column;
} lf_span;

struct lf_node {
  lf_node_kind kind;
  lf_pos pos;          /* where the node starts (file points into the arena) */
  /* LF_NODE_SCALAR: the text, NUL-terminated ('len' excludes the NUL; the
   * text may hold U+0000 only if escaped, which the loader refuses). */
  const char *text;
  size_t len;
  int quoted;          /* 1 if written in quotes or as a block scalar */
  /* LF_NODE_SCALAR: where the text is written, in 'span_count' spans in
   * order of offset, read with lf_node_span(): one for a string on one
   * line, one more for each further line and around each escape ("\t",
   * "''").  0 when the loader could not match the text with the file byte
   * for byte (then only 'pos' is known), and for text all white space.
   * 'spans' is NULL for the usual single span, which costs no memory: the
   * text from its first byte at 'pos' (past the opening quote). */
  unsigned span_count;
  const lf_span *spans;
  /* LF_NODE_SEQUENCE: 'count' items.  LF_NODE_MAPPING: 'count' pairs, keys in
   * keys[i] (always scalars) and values in items[i]. */
  lf_node **items;
  lf_node **keys;
  size_t count;
};

/*
 * 'lf_yaml_load_file()' - Read and parse one YAML file (one document) into
 * nodes allocated in 'arena'.  Returns the root node, or NULL after
 * reporting at least one error to 'diags'.  A file that holds nothing (no
 * bytes, or only white space, comments, "---" or a byte order mark) is no
 * error here: its root is the empty string YAML makes of nothing, at 1:1
 * (see lf_node_is_empty()), for the caller to say what it should hold.
 */
lf_node *lf_yaml_load_file(lf_arena *arena, const char *path, lf_diags *diags);

/*
 * 'lf_yaml_load_mapping()' - As lf_yaml_load_file() for a file whose root
 * must be a mapping.  An empty file, or one holding a string or a list, is
 * an error naming 'expected', what the file should hold ("a drug: a mapping
 * with id, name, ..."): "the file is empty (expected a drug: ...)".
 */
lf_node *lf_yaml_load_mapping(lf_arena *arena, const char *path,
                              const char *expected, lf_diags *diags);

/*
 * 'lf_yaml_load_buffer()' - As lf_yaml_load_file() for 'len' bytes in memory;
 * 'name' is the file name used in diagnostics.
 */
lf_node *lf_yaml_load_buffer(lf_arena *arena, const char *name,
                             const char *data, size_t len, lf_diags *diags);

/* 'lf_node_get()' - The value for 'key' in a mapping, or NULL when the node
 * is not a mapping or has no such key. */
const lf_node *lf_node_get(const lf_node *map, const char *key);

/*
 * 'lf_node_check_keys()' - Report each key of mapping 'map' that is not one
 * of the 'n' names in 'allowed', at the key: "unknown key 'x' in <what>",
 * with the name likely meant, else the names allowed.  Returns the number
 * reported.
 */
size_t lf_node_check_keys(lf_arena *arena, const lf_node *map, const char *what,
                          const char *const *allowed, size_t n, lf_diags *diags);

/*
 * 'lf_join_names()' - "a, b or c", for messages listing what was expected
 * ("" when out of memory).
 */
const char *lf_join_names(lf_arena *arena, const char *const *names, size_t n);

/* 'lf_node_is_empty()' - Whether a node is a value written as nothing at
 * all: what an empty file loads as, or a key with no value ("key:").  Text
 * in quotes, even "", is not empty. */
int lf_node_is_empty(const lf_node *node);

/* 'lf_node_span()' - Span 'i' (below span_count) of a string node. */
lf_span lf_node_span(const lf_node *node, size_t i);

/* 'lf_node_kind_name()' - "a string", "a list" or "a mapping", for messages. */
const char *lf_node_kind_name(lf_node_kind kind);

#endif
