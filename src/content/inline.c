/*
 * inline.c -- inline markup to runs (see document.h).
 *
 *   **strong**        bold text (no italics: clear print forbids them)
 *   [text](address)   a link
 *   {term}            a glossary term (or {tumour.field}, filled in later)
 *   \x                the character x, never markup
 *
 * White space (space, tab, line feed, and U+2028 and U+2029, the line and
 * paragraph separators) collapses to single spaces and is trimmed at both
 * ends, as authors expect of running text.  A no-break space (U+00A0) is
 * kept, and a run of white space holding one is written as one no-break
 * space (text pasted from a web page has "cells.&nbsp;&nbsp; It": one
 * space, not three, and no break there).  A soft hyphen
 * (U+00AD) is dropped: leaflet never hyphenates, and a font would draw it
 * as a visible hyphen in the middle of the word.
 *
 * Parsed from a string node (lf_parse_inline_node()), each run also gets
 * anchors: where its text is written, from the node's spans, so that the
 * layout can name the line and column of a character it cannot set.  A
 * mark walks the text as bytes are copied; an anchor is added only where
 * the run and the file diverge (a run's start, markup, an escape, collapsed
 * or dropped characters, a new line of the file).
 */
#include <limits.h>
#include <string.h>

#include "leaflet/document.h"

/* A byte of the text and where it is written. */
typedef struct source_mark {
  const char *at;
  lf_pos pos;
  size_t span;           /* spans at or before 'at' already followed */
} source_mark;

typedef struct inline_parser {
  lf_arena *arena;
  lf_diags *diags;
  const char *text, *end;
  lf_pos pos;            /* where the text starts */
  const lf_node *node;   /* the string node parsed, or NULL */
  size_t span_count;     /* its spans: where the text is written (yaml.h) */
  lf_inline *out;
  size_t cap;
  /* the run being built */
  char *buf;
  size_t len, buf_cap;
  unsigned style;
  const char *href, *term;
  lf_anchor *anchors;    /* its anchors so far (only with spans) */
  size_t anchor_count, anchor_cap;
  source_mark mark;      /* the last byte copied from the text */
  const char *next;      /* the byte after it; NULL after a space made up */
  int pending_space;     /* a collapsed space waits to be written */
  const char *space_at;  /* where the white space it stands for starts */
  int space_is_one;      /* that white space is one ' ' */
  int space_nbsp;        /* it holds a no-break space: it is written as one */
  int space_one_nbsp;    /* it is one no-break space */
  int failed;
} inline_parser;

/*
 * 'start_mark()' - A mark at the start of the text.
 */
static source_mark start_mark(const inline_parser *p) {
  source_mark m = {p->text, p->pos, 0};
  return m;
}

/*
 * 'move_mark()' - Move a mark forward to byte 'at': a span that starts on
 * the way sets the position (see lf_span), any other character adds a
 * column, and without spans a line feed starts a line.  Returns how many
 * spans it followed: those starting after its old byte up to 'at'
 * included (and one at the text's first byte, on a mark's first move).
 */
static size_t move_mark(const inline_parser *p, source_mark *m, const char *at) {
  size_t started = 0;
  for (;;) {
    size_t offset = (size_t)(m->at - p->text);
    while (m->span < p->span_count) {
      lf_span span = lf_node_span(p->node, m->span);
      if (span.offset > offset)
        break;
      if (span.offset == offset) {
        m->pos.line = span.line;
        m->pos.column = span.column;
        started++;
      }
      m->span++;
    }
    if (m->at >= at)
      return started;
    if (*m->at == '\n' && !p->span_count) {
      m->pos.line++;
      m->pos.column = 1;
    } else if (((unsigned char)*m->at & 0xC0) != 0x80) {
      m->pos.column++;
    }
    m->at++;
  }
}

/*
 * 'position_at()' - Where byte 'at' of the text is written, for an error:
 * by the spans when there are some, else counting characters from where
 * the text starts (right for a string on one line).
 */
static lf_pos position_at(const inline_parser *p, const char *at) {
  source_mark m = start_mark(p);
  move_mark(p, &m, at);
  return m.pos;
}

/*
 * 'space_width()' - The bytes of the white space character at 's', or 0.
 */
static size_t space_width(const char *s, const char *end) {
  if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
    return 1;
  if (end - s >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
      ((unsigned char)s[2] == 0xA8 || (unsigned char)s[2] == 0xA9))
    return 3; /* U+2028, U+2029 */
  return 0;
}

/*
 * 'nbsp_width()' - The bytes of a no-break space (U+00A0) at 's', or 0.
 */
static size_t nbsp_width(const char *s, const char *end) {
  return end - s >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0 ? 2 : 0;
}

/*
 * 'dropped_width()' - The bytes of a soft hyphen (U+00AD) at 's', or 0.
 */
static size_t dropped_width(const char *s, const char *end) {
  return end - s >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xAD ? 2 : 0;
}

/*
 * 'append()' - Add bytes to the run being built.
 */
static int append(inline_parser *p, const char *s, size_t n) {
  if (p->len + n + 1 > p->buf_cap) {
    size_t cap = p->buf_cap ? p->buf_cap * 2 : 64;
    while (cap < p->len + n + 1)
      cap *= 2;
    char *buf = lf_arena_grow(p->arena, p->buf, p->len, cap, 1);
    if (!buf)
      return -1;
    p->buf = buf;
    p->buf_cap = cap;
  }
  memcpy(p->buf + p->len, s, n);
  p->len += n;
  return 0;
}

/*
 * 'add_anchor()' - Anchor the run's next byte at the mark's position.
 */
static int add_anchor(inline_parser *p) {
  if (p->anchor_count == p->anchor_cap) {
    size_t cap = p->anchor_cap ? p->anchor_cap * 2 : 4;
    lf_anchor *grown = lf_arena_grow(p->arena, p->anchors, p->anchor_count, cap,
                                     sizeof *grown);
    if (!grown)
      return -1;
    p->anchors = grown;
    p->anchor_cap = cap;
  }
  p->anchors[p->anchor_count].offset = p->len;
  p->anchors[p->anchor_count].pos = p->mark.pos;
  p->anchor_count++;
  return 0;
}

/*
 * 'append_text()' - Copy 'n' bytes at 'src' in the text to the run being
 * built, anchoring them where they do not follow on from the last bytes
 * copied, as written (the run's start, markup or an escape or white space
 * left out, a new span).
 */
static int append_text(inline_parser *p, const char *src, size_t n) {
  if (p->span_count) {
    if (src < p->mark.at)
      p->mark = start_mark(p); /* never happens: copies go forward */
    size_t started = move_mark(p, &p->mark, src);
    if ((p->len == 0 || src != p->next || started) && add_anchor(p) != 0)
      return -1;
    p->next = src + n;
  }
  return append(p, src, n);
}

/*
 * 'note_space()' - White space of 'width' bytes at 's': a space to write
 * before the next character, unless the text ends first.
 */
static void note_space(inline_parser *p, const char *s, size_t width) {
  int nbsp = nbsp_width(s, s + width) != 0;
  if (p->pending_space) {
    p->space_is_one = 0;
    p->space_one_nbsp = 0;
    p->space_nbsp |= nbsp;
  } else {
    p->space_at = s;
    p->space_is_one = width == 1 && *s == ' ';
    p->space_one_nbsp = p->space_nbsp = nbsp;
  }
  p->pending_space = 1;
}

/*
 * 'flush_space()' - Write a collapsed space, unless at the very start.  One
 * ' ' in the text is copied; other white space is made into one.
 */
static int flush_space(inline_parser *p) {
  if (!p->pending_space)
    return 0;
  p->pending_space = 0;
  if (p->out->count == 0 && p->len == 0)
    return 0;
  if (p->space_is_one)
    return append_text(p, p->space_at, 1);
  if (p->space_one_nbsp)
    return append_text(p, p->space_at, 2);
  p->next = NULL;
  return p->space_nbsp ? append(p, "\xC2\xA0", 2) : append(p, " ", 1);
}

/*
 * 'keep_anchors()' - The anchors of the run being built, after 'before'
 * anchors of an earlier run whose text is 'shift' bytes long, in the
 * arena; NULL when there are none (or out of memory: '*failed' is set).
 */
static const lf_anchor *keep_anchors(inline_parser *p, const lf_anchor *before,
                                     size_t count, size_t shift, int *failed) {
  size_t total = count + p->anchor_count;
  *failed = 0;
  if (total == 0)
    return NULL;
  lf_anchor *kept = lf_arena_array(p->arena, total, sizeof *kept);
  if (!kept) {
    *failed = 1;
    return NULL;
  }
  if (count)
    memcpy(kept, before, count * sizeof *kept);
  for (size_t i = 0; i < p->anchor_count; i++) {
    kept[count + i] = p->anchors[i];
    kept[count + i].offset += shift;
  }
  return kept;
}

/*
 * 'end_run()' - Close the run being built and start another with the
 * current style.  Adjacent runs in the same style are merged.
 */
static int end_run(inline_parser *p) {
  if (p->len == 0)
    return 0;
  lf_inline *o = p->out;
  int failed;
  if (o->count > 0) {
    lf_run *last = &o->runs[o->count - 1];
    if (last->style == p->style && !(p->style & (LF_RUN_TERM | LF_RUN_LINK)) &&
        !(last->style & (LF_RUN_TERM | LF_RUN_LINK))) {
      char *joined = lf_arena_alloc(p->arena, last->len + p->len + 1);
      if (!joined)
        return -1;
      const lf_anchor *anchors = keep_anchors(p, last->anchors, last->anchor_count,
                                              last->len, &failed);
      if (failed)
        return -1;
      memcpy(joined, last->text, last->len);
      memcpy(joined + last->len, p->buf, p->len);
      last->text = joined;
      last->len += p->len;
      last->anchors = anchors;
      last->anchor_count += p->anchor_count;
      p->len = 0;
      p->anchor_count = 0;
      return 0;
    }
  }
  if (o->count == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 8;
    lf_run *runs = lf_arena_grow(p->arena, o->runs, o->count, cap, sizeof *runs);
    if (!runs)
      return -1;
    o->runs = runs;
    p->cap = cap;
  }
  char *text = lf_arena_strndup(p->arena, p->buf, p->len);
  const lf_anchor *anchors = keep_anchors(p, NULL, 0, 0, &failed);
  if (!text || failed)
    return -1;
  o->runs[o->count++] = (lf_run){.text = text, .len = p->len, .style = p->style,
                                 .href = p->href, .term = p->term,
                                 .anchors = anchors, .anchor_count = p->anchor_count};
  p->len = 0;
  p->anchor_count = 0;
  return 0;
}

/*
 * 'find_close()' - The next unescaped 'close' byte from s, or NULL.
 */
static const char *find_close(const char *s, const char *end, char close) {
  for (; s < end; s++) {
    if (*s == '\\' && s + 1 < end)
      s++;
    else if (*s == close)
      return s;
  }
  return NULL;
}

/*
 * 'markup_in()' - The first unescaped '**', '{' or '}' from s, or NULL:
 * markup a link's words may not hold (they are printed as they are).
 */
static const char *markup_in(const char *s, const char *end) {
  for (; s < end; s++) {
    if (*s == '\\' && s + 1 < end)
      s++;
    else if (*s == '{' || *s == '}' || (*s == '*' && s + 1 < end && s[1] == '*'))
      return s;
  }
  return NULL;
}

/*
 * 'find_address_end()' - The ')' that ends a link's address from s, or
 * NULL: parentheses inside it pair up (".../Carcinoid_(disease)"), and an
 * escaped one counts for neither.
 */
static const char *find_address_end(const char *s, const char *end) {
  size_t depth = 0;
  for (; s < end; s++) {
    if (*s == '\\' && s + 1 < end)
      s++;
    else if (*s == '(')
      depth++;
    else if (*s == ')' && depth-- == 0)
      return s;
  }
  return NULL;
}

/*
 * 'unescape()' - A copy of [s, e) with each backslash escape resolved to
 * the character it escapes, or NULL when out of memory.
 */
static char *unescape(lf_arena *arena, const char *s, const char *e) {
  char *out = lf_arena_alloc(arena, (size_t)(e - s) + 1);
  if (!out)
    return NULL;
  size_t n = 0;
  for (; s < e; s++) {
    if (*s == '\\' && s + 1 < e)
      s++;
    out[n++] = *s;
  }
  out[n] = '\0';
  return out;
}

/*
 * 'is_link_address()' - Whether 'href' is a web, email or phone address
 * (what a printed leaflet's reader and a PDF viewer can follow; no
 * "javascript:", no file, no address without its scheme).
 */
static int is_link_address(const char *href) {
  static const char *const schemes[] = {"https://", "http://", "mailto:", "tel:"};
  for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++)
    if (strncmp(href, schemes[i], strlen(schemes[i])) == 0 && href[strlen(schemes[i])])
      return 1;
  return 0;
}

/*
 * 'address_space()' - Where 'href' holds white space or a control
 * character (an address never does: a space is written %20), or NULL.
 */
static const char *address_space(const char *href) {
  for (const char *c = href; *c; c++)
    if ((unsigned char)*c <= ' ' || *c == 0x7F)
      return c;
  return NULL;
}

/*
 * 'has_words()' - Whether [s, e) has a character other than white space,
 * no-break spaces and soft hyphens (a link's text, which is what is
 * printed and read out).
 */
static int has_words(const char *s, const char *e) {
  while (s < e) {
    size_t width = space_width(s, e);
    if (!width)
      width = dropped_width(s, e);
    if (!width)
      width = nbsp_width(s, e);
    if (!width)
      return 1;
    s += width;
  }
  return 0;
}

/*
 * 'plain_text()' - Copy [s, e) into the current run, resolving escapes and
 * collapsing white space.  Markup characters inside are literal.
 */
static int plain_text(inline_parser *p, const char *s, const char *e) {
  for (; s < e; s++) {
    size_t width = space_width(s, e);
    if (width) {
      note_space(p, s, width);
      s += width - 1;
      continue;
    }
    width = dropped_width(s, e);
    if (width) {
      s += width - 1;
      continue;
    }
    if (*s == '\\' && s + 1 < e)
      s++;
    if (flush_space(p) != 0 || append_text(p, s, 1) != 0)
      return -1;
  }
  return 0;
}

/*
 * 'parse()' - Parse markup into runs; the spans of 'node' (the string node
 * whose text this is, or NULL) say where the text is written, for errors
 * and anchors.
 */
static int parse(lf_arena *arena, const char *text, size_t len, lf_pos pos,
                 const lf_node *node, lf_inline *out, lf_diags *diags) {
  inline_parser p = {.arena = arena, .diags = diags, .text = text,
                     .end = text + len, .pos = pos, .out = out, .node = node,
                     .span_count = node ? node->span_count : 0};
  p.mark = start_mark(&p);
  out->runs = NULL;
  out->count = 0;
  const char *strong_open = NULL;
  const char *s = text;
  while (s < p.end && !p.failed) {
    char c = *s;
    if (c == '\\' && s + 1 < p.end) {
      if (flush_space(&p) != 0 || append_text(&p, s + 1, 1) != 0)
        goto oom;
      s += 2;
    } else if (c == '*' && s + 1 < p.end && s[1] == '*') {
      /* a space just inside the marks belongs outside the bold run */
      if (!strong_open && flush_space(&p) != 0)
        goto oom;
      if (end_run(&p) != 0)
        goto oom;
      p.style ^= LF_RUN_STRONG;
      strong_open = strong_open ? NULL : s;
      s += 2;
    } else if (c == '[') {
      const char *close = find_close(s + 1, p.end, ']');
      if (!close) {
        lf_error(diags, position_at(&p, s), "unclosed '[' (expected '](address)' to end the link)");
        return -1;
      }
      if (close + 1 >= p.end || close[1] != '(') {
        lf_error(diags, position_at(&p, close), "a link's text must be followed by '(address)'");
        return -1;
      }
      const char *url_end = find_address_end(close + 2, p.end);
      if (!url_end) {
        lf_error(diags, position_at(&p, close + 1), "unclosed '(' (expected ')' after the address)");
        return -1;
      }
      if (find_close(s + 1, close, '[')) {
        lf_error(diags, position_at(&p, find_close(s + 1, close, '[')),
                 "links do not nest (expected ']' before another '[')");
        return -1;
      }
      if (!has_words(s + 1, close)) {
        lf_error(diags, position_at(&p, s), "a link needs words to show (expected "
                 "'[words](address)': the words are what is printed and read out)");
        return -1;
      }
      if (markup_in(s + 1, close)) {
        /* printed as it stands ("**Call us**"), a term left out of the
         * glossary: said where it is */
        const char *at = markup_in(s + 1, close);
        lf_error(diags, position_at(&p, at), "'%s' inside a link's words (expected plain words: "
                 "'**[words](address)**' makes a link strong, and a glossary term cannot be "
                 "a link; write '\\%c' for the character itself)", *at == '*' ? "**" :
                 *at == '{' ? "{" : "}", *at);
        return -1;
      }
      char *href = unescape(arena, close + 2, url_end);
      if (!href)
        goto oom;
      if (!*href) {
        lf_error(diags, position_at(&p, close + 1), "a link needs an address (expected '(https://...)')");
        return -1;
      }
      if (!is_link_address(href)) {
        lf_error(diags, position_at(&p, close + 2), "link address '%s' is not a web, email or "
                 "phone address (expected https://, http://, mailto: or tel: and what "
                 "follows it)", href);
        return -1;
      }
      if (address_space(href)) {
        const char *at = close + 2 + (address_space(href) - href);
        lf_error(diags, position_at(&p, at < url_end ? at : close + 2),
                 "link address '%s' has a space in it (expected an address with no spaces: "
                 "%%20 where it holds one)", href);
        return -1;
      }
      if (flush_space(&p) != 0 || end_run(&p) != 0)
        goto oom;
      p.style |= LF_RUN_LINK;
      p.href = href;
      if (plain_text(&p, s + 1, close) != 0)
        goto oom;
      p.pending_space = 0;
      if (end_run(&p) != 0)
        goto oom;
      p.style &= ~LF_RUN_LINK;
      p.href = NULL;
      s = url_end + 1;
    } else if (c == '{') {
      const char *close = find_close(s + 1, p.end, '}');
      if (!close) {
        lf_error(diags, position_at(&p, s), "unclosed '{' (expected '}' to end the glossary term or field)");
        return -1;
      }
      if (close == s + 1) {
        lf_error(diags, position_at(&p, s), "empty '{}' (expected a glossary term inside)");
        return -1;
      }
      if (flush_space(&p) != 0 || end_run(&p) != 0)
        goto oom;
      unsigned saved = p.style;
      p.style |= LF_RUN_TERM;
      if (plain_text(&p, s + 1, close) != 0)
        goto oom;
      p.pending_space = 0;
      p.term = lf_arena_strndup(arena, p.buf, p.len);
      if (!p.term || end_run(&p) != 0)
        goto oom;
      p.style = saved;
      p.term = NULL;
      s = close + 1;
    } else if (c == ']' || c == '}' ) {
      lf_error(diags, position_at(&p, s), "unmatched '%c' (write '\\%c' for the character itself)", c, c);
      return -1;
    } else if (space_width(s, p.end)) {
      note_space(&p, s, space_width(s, p.end));
      s += space_width(s, p.end);
    } else if (nbsp_width(s, p.end)) {
      note_space(&p, s, 2);
      s += 2;
    } else if (dropped_width(s, p.end)) {
      s += dropped_width(s, p.end);
    } else {
      if (flush_space(&p) != 0 || append_text(&p, s, 1) != 0)
        goto oom;
      s++;
    }
  }
  if (strong_open) {
    lf_error(diags, position_at(&p, strong_open), "unclosed '**' (expected '**' to end the strong text)");
    return -1;
  }
  if (end_run(&p) != 0)
    goto oom;
  return 0;
oom:
  lf_error(diags, pos, "out of memory");
  return -1;
}

/*
 * 'lf_parse_inline()' - Parse markup into runs, placing errors by counting
 * characters from 'pos'.
 */
int lf_parse_inline(lf_arena *arena, const char *text, size_t len, lf_pos pos,
                    lf_inline *out, lf_diags *diags) {
  return parse(arena, text, len, pos, NULL, out, diags);
}

/*
 * 'lf_parse_inline_node()' - Parse a string node's markup into runs with
 * anchors, placing errors by its spans.
 */
int lf_parse_inline_node(lf_arena *arena, const lf_node *node, lf_inline *out,
                         lf_diags *diags) {
  lf_pos pos = node->pos;
  if (!node->span_count && node->quoted && pos.column > 0)
    pos.column++; /* past the opening quote (best effort for block scalars) */
  return parse(arena, node->text, node->len, pos, node, out, diags);
}

/*
 * 'lf_inline_plain()' - The text without markup.
 */
char *lf_inline_plain(lf_arena *arena, const lf_inline *in) {
  size_t len = 0;
  for (size_t i = 0; i < in->count; i++)
    len += in->runs[i].len;
  char *s = lf_arena_alloc(arena, len + 1);
  if (!s)
    return NULL;
  size_t at = 0;
  for (size_t i = 0; i < in->count; i++) {
    memcpy(s + at, in->runs[i].text, in->runs[i].len);
    at += in->runs[i].len;
  }
  return s;
}

/*
 * 'lf_cell_label()' - "Words: " from a cell's first paragraph.
 */
char *lf_cell_label(lf_arena *arena, const lf_blocks *cell) {
  if (!cell || cell->count == 0 || cell->items[0].kind != LF_BLOCK_PARAGRAPH)
    return NULL;
  const char *words = lf_inline_plain(arena, &cell->items[0].text);
  return words && *words ? lf_arena_printf(arena, "%s: ", words) : NULL;
}

/*
 * 'lf_inline_with_urls()' - The runs with each link's address printed after
 * its text (without "mailto:" or "tel:"), unless the text already is the
 * address; 'in' itself when 'print' is 0, there are no links, or memory
 * runs out.
 */
lf_inline lf_inline_with_urls(lf_arena *arena, const lf_inline *in, int print) {
  size_t links = 0;
  for (size_t i = 0; i < in->count; i++)
    links += (in->runs[i].style & LF_RUN_LINK) && in->runs[i].href;
  if (!print || links == 0)
    return *in;
  lf_inline out = {0};
  out.runs = lf_arena_array(arena, in->count + links, sizeof *out.runs);
  if (!out.runs)
    return *in;
  for (size_t i = 0; i < in->count; i++) {
    const lf_run *r = &in->runs[i];
    out.runs[out.count++] = *r;
    if ((r->style & LF_RUN_LINK) && r->href && strncmp(r->text, r->href, r->len) != 0) {
      const char *url = r->href;
      if (strncmp(url, "mailto:", 7) == 0)
        url += 7;
      else if (strncmp(url, "tel:", 4) == 0)
        url += 4;
      char *text = lf_arena_printf(arena, " (%s)", url);
      if (text)
        out.runs[out.count++] = (lf_run){.text = text, .len = strlen(text),
                                         .style = r->style, .href = r->href};
    }
  }
  return out;
}

/*
 * 'lf_run_char_pos()' - Where the character at 'at' in 'run' is written:
 * the position of the run's last anchor at or before it, plus the
 * characters between them (columns count characters, as the loader's do).
 */
lf_pos lf_run_char_pos(const lf_run *run, const char *at, lf_pos fallback) {
  if (at < run->text || at > run->text + run->len)
    return fallback; /* the space made between runs */
  size_t offset = (size_t)(at - run->text);
  const lf_anchor *anchor = NULL;
  for (size_t i = 0; i < run->anchor_count && run->anchors[i].offset <= offset; i++)
    anchor = &run->anchors[i];
  if (!anchor || anchor->pos.line <= 0)
    return fallback;
  lf_pos pos = anchor->pos;
  for (const char *s = run->text + anchor->offset; s < at; s++)
    if (((unsigned char)*s & 0xC0u) != 0x80u && pos.column < INT_MAX)
      pos.column++;
  return pos;
}
