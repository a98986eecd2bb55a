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
 * ends, as authors expect of running text; U+00A0 is kept.  A soft hyphen
 * (U+00AD) is dropped: leaflet never hyphenates, and a font would draw it
 * as a visible hyphen in the middle of the word.
 */
#include <string.h>

#include "leaflet/document.h"

typedef struct inline_parser {
  lf_arena *arena;
  lf_diags *diags;
  const char *text, *end;
  lf_pos pos;            /* where the text starts */
  lf_inline *out;
  size_t cap;
  /* the run being built */
  char *buf;
  size_t len, buf_cap;
  unsigned style;
  const char *href, *term;
  int pending_space;     /* a collapsed space waits to be written */
  int failed;
} inline_parser;

/*
 * 'column_at()' - The column of byte offset 'at' in the text, counting
 * characters from where the text starts (columns of one-line scalars).
 */
static lf_pos position_at(const inline_parser *p, const char *at) {
  lf_pos pos = p->pos;
  for (const char *s = p->text; s < at; s++) {
    if (*s == '\n') {
      pos.line++;
      pos.column = 1;
    } else if (((unsigned char)*s & 0xC0) != 0x80) {
      pos.column++;
    }
  }
  return pos;
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
 * 'flush_space()' - Write a collapsed space, unless at the very start.
 */
static int flush_space(inline_parser *p) {
  if (!p->pending_space)
    return 0;
  p->pending_space = 0;
  if (p->out->count == 0 && p->len == 0)
    return 0;
  return append(p, " ", 1);
}

/*
 * 'end_run()' - Close the run being built and start another with the
 * current style.  Adjacent runs in the same style are merged.
 */
static int end_run(inline_parser *p) {
  if (p->len == 0)
    return 0;
  lf_inline *o = p->out;
  if (o->count > 0) {
    lf_run *last = &o->runs[o->count - 1];
    if (last->style == p->style && !(p->style & (LF_RUN_TERM | LF_RUN_LINK)) &&
        !(last->style & (LF_RUN_TERM | LF_RUN_LINK))) {
      char *joined = lf_arena_alloc(p->arena, last->len + p->len + 1);
      if (!joined)
        return -1;
      memcpy(joined, last->text, last->len);
      memcpy(joined + last->len, p->buf, p->len);
      last->text = joined;
      last->len += p->len;
      p->len = 0;
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
  if (!text)
    return -1;
  o->runs[o->count++] = (lf_run){.text = text, .len = p->len, .style = p->style,
                                 .href = p->href, .term = p->term};
  p->len = 0;
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
 * 'plain_text()' - Copy [s, e) into the current run, resolving escapes and
 * collapsing white space.  Markup characters inside are literal.
 */
static int plain_text(inline_parser *p, const char *s, const char *e) {
  for (; s < e; s++) {
    char c = *s;
    size_t width = space_width(s, e);
    if (width) {
      p->pending_space = 1;
      s += width - 1;
      continue;
    }
    width = dropped_width(s, e);
    if (width) {
      s += width - 1;
      continue;
    }
    if (c == '\\' && s + 1 < e)
      c = *++s;
    if (flush_space(p) != 0 || append(p, &c, 1) != 0)
      return -1;
  }
  return 0;
}

/*
 * 'lf_parse_inline()' - Parse markup into runs.
 */
int lf_parse_inline(lf_arena *arena, const char *text, size_t len, lf_pos pos,
                    lf_inline *out, lf_diags *diags) {
  inline_parser p = {.arena = arena, .diags = diags, .text = text,
                     .end = text + len, .pos = pos, .out = out};
  out->runs = NULL;
  out->count = 0;
  const char *strong_open = NULL;
  const char *s = text;
  while (s < p.end && !p.failed) {
    char c = *s;
    if (c == '\\' && s + 1 < p.end) {
      if (flush_space(&p) != 0 || append(&p, s + 1, 1) != 0)
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
      const char *url_end = find_close(close + 2, p.end, ')');
      if (!url_end) {
        lf_error(diags, position_at(&p, close + 1), "unclosed '(' (expected ')' after the address)");
        return -1;
      }
      if (find_close(s + 1, close, '[')) {
        lf_error(diags, position_at(&p, find_close(s + 1, close, '[')),
                 "links do not nest (expected ']' before another '[')");
        return -1;
      }
      char *href = lf_arena_strndup(arena, close + 2, (size_t)(url_end - close - 2));
      if (!href)
        goto oom;
      if (!*href) {
        lf_error(diags, position_at(&p, close + 1), "a link needs an address (expected '(https://...)')");
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
        lf_error(diags, position_at(&p, s), "unclosed '{' (expected '}' to end the glossary term)");
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
      p.pending_space = 1;
      s += space_width(s, p.end);
    } else if (dropped_width(s, p.end)) {
      s += dropped_width(s, p.end);
    } else {
      if (flush_space(&p) != 0 || append(&p, s, 1) != 0)
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
