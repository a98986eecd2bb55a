/*
 * breaker.c -- line breaking by total fit, ragged right (see layout.h).
 *
 * A paragraph goes through three steps:
 *
 *   1. Its runs are decoded into one record per character, in a copy of the
 *      text where each stretch of ASCII white space is one ' ' and white
 *      space at either end is gone.  Each character gets its face (per
 *      character, with fallback) and its advance in 1/1000 em.
 *   2. The characters are grouped into boxes: words, or pieces of a word
 *      where it may or must break (a web address too wide for a line breaks
 *      after '/' or before '.'; a piece still wider than the line is cut at
 *      the last character that fits).  Between two boxes is a join: a space,
 *      a break point inside an address, or a forced break.
 *   3. Dynamic programming in the manner of Knuth and Plass chooses the
 *      breaks that minimise the sum over all lines but the last of the
 *      squared space left at the right edge, plus a penalty for a last line
 *      that is one short word.  Looking back from each break only as far as
 *      a line can reach keeps this linear in the length of the paragraph.
 *
 * Widths are summed as integers (1/1000 em) so that whether a line fits is
 * decided exactly; they become points only for the output.
 */
#include "leaflet/layout.h"
#include "leaflet/utf8.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How many boxes one line may hold at most (a bound on the look-back that
 * matters only for absurd input, such as thousands of zero-width marks). */
#define LOOKBACK_MAX 4096

/* The part of a word the warning quotes, in bytes (as "%.40s"). */
#define QUOTE_MAX 40

/* One character of the collapsed text. */
typedef struct char_rec {
  uint32_t offset;    /* byte offset in the collapsed text */
  uint32_t run;       /* index of its run */
  int32_t advance;    /* 1/1000 em */
  uint8_t face;       /* lf_face */
  uint8_t is_space;   /* a collapsed stretch of white space */
} char_rec;

/* What lies between a box and the next. */
typedef enum join_kind {
  JOIN_END,     /* the paragraph ends */
  JOIN_SPACE,   /* a space: a break, or a space's width */
  JOIN_URL,     /* a break inside a web address, nothing when not taken */
  JOIN_FORCED   /* a break that must be taken (a word split by force) */
} join_kind;

/* A stretch of characters that is never broken. */
typedef struct box {
  size_t first, end;   /* character records [first, end) */
  int64_t units;       /* width in 1/1000 em */
  int64_t join_units;  /* width of the join after it when not broken */
  join_kind join;
} box;

/* Everything the breaker builds for one paragraph. */
typedef struct breaker {
  const lf_fontset *fonts;
  const lf_inline *text;
  lf_pos pos;
  lf_diags *diags;
  char *collapsed;      /* in the arena */
  size_t collapsed_len;
  char_rec *chars;      /* malloc'd */
  size_t char_count;
  box *boxes;           /* malloc'd */
  size_t box_count, box_cap;
  int64_t max_units;    /* the measure in 1/1000 em, rounded down */
  double measure_units; /* the measure in 1/1000 em, exactly */
  size_t forced_splits;
} breaker;

/* 'is_white()' - Whether 'cp' is ASCII white space that may break. */
static int is_white(int32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r';
}

/* Bytes of context either side of a character an error names. */
#define CONTEXT_MAX 24

/* 'is_continuation()' - Whether byte 'c' continues a UTF-8 sequence. */
static int is_continuation(char c) {
  return ((unsigned char)c & 0xC0u) == 0x80u;
}

/*
 * 'quote_context()' - The word around 'at' in 'run' and the word either
 * side of it (at most CONTEXT_MAX bytes either side, cut at character
 * boundaries) into 'buf', so that an error about one character can be
 * found in a long paragraph, even when the character stands alone.
 */
static const char *quote_context(const lf_run *run, const char *at, char *buf,
                                 size_t size) {
  const char *start = at, *end = at, *stop = run->text + run->len;
  int gaps = 0; /* stretches of white space crossed */
  while (start > run->text && at - start < CONTEXT_MAX) {
    if (is_white((unsigned char)start[-1]) && !is_white((unsigned char)*start) &&
        ++gaps == 2)
      break;
    start--;
  }
  while (start < at && (is_white((unsigned char)*start) || is_continuation(*start)))
    start++;
  if (end < stop)
    end++;
  while (end < stop && is_continuation(*end))
    end++; /* the rest of the character itself */
  const char *after = end;
  gaps = 0;
  while (end < stop && end - after < CONTEXT_MAX) {
    if (is_white((unsigned char)*end) && !is_white((unsigned char)end[-1]) &&
        ++gaps == 2)
      break;
    end++;
  }
  while (end > after && end < stop && is_continuation(*end))
    end--;
  while (end > after && is_white((unsigned char)end[-1]))
    end--;
  snprintf(buf, size, "%.*s", (int)(end - start), start);
  return buf;
}

/*
 * 'is_right_to_left()' - Whether 'cp' is a letter of a right-to-left script
 * (Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic and their
 * presentation forms).  Lines are set left to right with no shaping, so
 * such text would print reversed and unjoined: it is refused.
 */
static int is_right_to_left(uint32_t cp) {
  return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
         (cp >= 0xFE70 && cp <= 0xFEFE);
}

/*
 * 'add_char()' - Append one character's record and bytes to the collapsed
 * text, picking its face (any plane: the PDF backend shows characters
 * beyond U+FFFF too).  Returns 0, or -1 after reporting a character no font
 * has, or one of a right-to-left script, at its own place (lf_run_char_pos()) with
 * the words around it.
 */
static int add_char(breaker *b, uint32_t cp, const char *bytes, size_t len,
                    size_t run, int is_space) {
  lf_face want = (b->text->runs[run].style & LF_RUN_STRONG) ? LF_FACE_BOLD
                                                            : LF_FACE_REGULAR;
  const lf_run *from = &b->text->runs[run];
  char words[4 * CONTEXT_MAX + 8];
  if (is_right_to_left(cp)) {
    lf_error(b->diags, lf_run_char_pos(from, bytes, b->pos),
             "character U+%04X in '%s' is of a right-to-left script, which "
             "leaflet cannot set (expected left-to-right text)",
             (unsigned)cp, quote_context(from, bytes, words, sizeof words));
    return -1;
  }
  int face = lf_fontset_pick(b->fonts, want, cp);
  if (face < 0) {
    lf_error(b->diags, lf_run_char_pos(from, bytes, b->pos),
             "character U+%04X in '%s' is in none of the fonts (expected text "
             "the fonts cover)",
             (unsigned)cp, quote_context(from, bytes, words, sizeof words));
    return -1;
  }
  char_rec *rec = &b->chars[b->char_count++];
  rec->offset = (uint32_t)b->collapsed_len;
  rec->run = (uint32_t)run;
  rec->advance = lf_font_advance(b->fonts->face[face], cp);
  rec->face = (uint8_t)face;
  rec->is_space = (uint8_t)is_space;
  memcpy(b->collapsed + b->collapsed_len, bytes, len);
  b->collapsed_len += len;
  return 0;
}

/*
 * 'decode_runs()' - Step 1: the runs to character records and collapsed
 * text.  A stretch of white space becomes one space record (in the face and
 * run of its first character) only when text follows it and precedes it.
 * Returns 0 or -1 (reported).
 */
static int decode_runs(breaker *b, lf_arena *arena) {
  size_t total = 0;
  for (size_t r = 0; r < b->text->count; r++) {
    if (b->text->runs[r].len > SIZE_MAX - total - 1)
      total = SIZE_MAX;
    else
      total += b->text->runs[r].len;
  }
  if (total >= UINT32_MAX) {
    lf_error(b->diags, b->pos,
             "paragraph is too long to lay out (%zu bytes; expected under 4 "
             "GiB)",
             total);
    return -1;
  }
  b->collapsed = lf_arena_alloc(arena, total + 1);
  b->chars = total ? malloc(total * sizeof *b->chars) : NULL;
  if (!b->collapsed || (total && !b->chars)) {
    lf_diag_add_kind(b->diags, LF_ERROR, LF_DIAG_NO_MEMORY, b->pos,
                     "out of memory breaking a paragraph");
    return -1;
  }
  int pending_space = 0;
  size_t space_run = 0;
  for (size_t r = 0; r < b->text->count; r++) {
    const lf_run *run = &b->text->runs[r];
    const char *p = run->text, *end = run->text + run->len;
    while (p < end) {
      const char *start = p;
      int32_t cp = lf_utf8_next(&p, end);
      if (cp < 0) {
        lf_error(b->diags, b->pos,
                 "invalid UTF-8 in the text (byte 0x%02X; expected UTF-8)",
                 (unsigned)(unsigned char)*start);
        return -1;
      }
      if (is_white(cp)) {
        if (!pending_space && b->char_count > 0) {
          pending_space = 1;
          space_run = r;
        }
        continue;
      }
      if (pending_space) {
        if (add_char(b, ' ', " ", 1, space_run, 1) < 0)
          return -1;
        pending_space = 0;
      }
      if (add_char(b, (uint32_t)cp, start, (size_t)(p - start), r, 0) < 0)
        return -1;
    }
  }
  b->collapsed[b->collapsed_len] = '\0';
  return 0;
}

/* 'push_box()' - Append a box ending in 'join'.  Returns 0 or -1. */
static int push_box(breaker *b, size_t first, size_t end, int64_t units,
                    join_kind join) {
  if (b->box_count == b->box_cap) {
    size_t cap = b->box_cap ? b->box_cap * 2 : 64;
    box *boxes = realloc(b->boxes, cap * sizeof *boxes);
    if (!boxes) {
      lf_diag_add_kind(b->diags, LF_ERROR, LF_DIAG_NO_MEMORY, b->pos,
                     "out of memory breaking a paragraph");
      return -1;
    }
    b->boxes = boxes;
    b->box_cap = cap;
  }
  b->boxes[b->box_count++] = (box){first, end, units, 0, join};
  return 0;
}

/* 'byte_at()' - The first byte of character record 'i'. */
static char byte_at(const breaker *b, size_t i) {
  return b->collapsed[b->chars[i].offset];
}

/* 'starts_with_nocase()' - Whether 'len' bytes at 's' start with the
 * lower-case ASCII 'prefix', ignoring ASCII case. */
static int starts_with_nocase(const char *s, size_t len, const char *prefix) {
  size_t n = strlen(prefix);
  if (len < n)
    return 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c != prefix[i])
      return 0;
  }
  return 1;
}

/* 'contains()' - Whether 'len' bytes at 's' contain 'needle'. */
static int contains(const char *s, size_t len, const char *needle) {
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= len; i++)
    if (memcmp(s + i, needle, n) == 0)
      return 1;
  return 0;
}

/*
 * 'link_looks_like_url()' - Whether a link run's text is itself an address
 * (one word with a '/' or an inner '.'), not words such as "NHS website".
 */
static int link_looks_like_url(const lf_run *run) {
  const char *s = run->text;
  size_t len = run->len;
  while (len && is_white((unsigned char)*s)) {
    s++;
    len--;
  }
  while (len && is_white((unsigned char)s[len - 1]))
    len--;
  int marked = 0;
  for (size_t i = 0; i < len; i++) {
    if (is_white((unsigned char)s[i]))
      return 0;
    if (s[i] == '/' || (s[i] == '.' && i + 1 < len && s[i + 1] != '.'))
      marked = 1;
  }
  return marked;
}

/*
 * 'word_is_url()' - Whether the word of records [first, end) is a web
 * address: it contains "://" or starts "www.", or it lies in a link whose
 * text looks like an address.
 */
static int word_is_url(const breaker *b, size_t first, size_t end) {
  const char *s = b->collapsed + b->chars[first].offset;
  size_t len = (end < b->char_count ? b->chars[end].offset : b->collapsed_len) -
               b->chars[first].offset;
  if (contains(s, len, "://") || starts_with_nocase(s, len, "www."))
    return 1;
  const lf_run *run = &b->text->runs[b->chars[first].run];
  return (run->style & LF_RUN_LINK) && link_looks_like_url(run);
}

/*
 * 'warn_split()' - Report a word split by force, quoting at most QUOTE_MAX
 * bytes of it, cut at a character boundary.
 */
static void warn_split(breaker *b, size_t first, size_t end) {
  size_t start = b->chars[first].offset;
  size_t stop = end < b->char_count ? b->chars[end].offset : b->collapsed_len;
  size_t len = stop - start;
  if (len > QUOTE_MAX) {
    len = QUOTE_MAX;
    while (len > 0 &&
           ((unsigned char)b->collapsed[start + len] & 0xC0u) == 0x80u)
      len--;
  }
  char quote[QUOTE_MAX + 1];
  memcpy(quote, b->collapsed + start, len);
  quote[len] = '\0';
  lf_diag_add_kind(b->diags, LF_WARNING, LF_DIAG_WORD_SPLIT, b->pos,
                   "word '%.40s' is wider than the line and was split (clear print "
                   "forbids splitting words)",
                   quote);
}

/*
 * 'push_fragment()' - Add the records [first, end) of a word as boxes: one
 * box when it fits the measure, else pieces cut at the last character that
 * fits, joined by forced breaks.  The last box ends in 'join'.  '*split' is
 * set when it had to be cut.  Returns 0 or -1.
 */
static int push_fragment(breaker *b, size_t first, size_t end, int64_t units,
                         join_kind join, int *split) {
  if (units <= b->max_units)
    return push_box(b, first, end, units, join);
  *split = 1;
  size_t chunk = first;
  int64_t chunk_units = 0;
  for (size_t k = first; k < end; k++) {
    int64_t advance = b->chars[k].advance;
    if (k > chunk && chunk_units + advance > b->max_units) {
      if (push_box(b, chunk, k, chunk_units, JOIN_FORCED) < 0)
        return -1;
      chunk = k;
      chunk_units = 0;
    }
    chunk_units += advance;
  }
  return push_box(b, chunk, end, chunk_units, join);
}

/*
 * 'url_break_before()' - Whether an address may break before record 'k'
 * (after a '/' that does not start "//", or before a '.' that does not
 * follow '.' or '/').
 */
static int url_break_before(const breaker *b, size_t k) {
  char before = byte_at(b, k - 1), here = byte_at(b, k);
  if (before == '/' && here != '/')
    return 1;
  return here == '.' && before != '.' && before != '/';
}

/*
 * 'build_boxes()' - Step 2: words to boxes and joins.  Returns 0 or -1.
 */
static int build_boxes(breaker *b) {
  size_t k = 0;
  while (k < b->char_count) {
    size_t first = k;
    int64_t units = 0;
    while (k < b->char_count && !b->chars[k].is_space)
      units += b->chars[k++].advance;
    size_t end = k;
    join_kind last_join = JOIN_END;
    if (k < b->char_count) {
      last_join = JOIN_SPACE;
      k++; /* the space */
    }
    int split = 0;
    if (units <= b->max_units || !word_is_url(b, first, end)) {
      if (push_fragment(b, first, end, units, last_join, &split) < 0)
        return -1;
    } else {
      size_t fragment = first;
      int64_t fragment_units = 0;
      for (size_t i = first; i < end; i++) {
        if (i > fragment && url_break_before(b, i)) {
          if (push_fragment(b, fragment, i, fragment_units, JOIN_URL,
                            &split) < 0)
            return -1;
          fragment = i;
          fragment_units = 0;
        }
        fragment_units += b->chars[i].advance;
      }
      if (push_fragment(b, fragment, end, fragment_units, last_join, &split) <
          0)
        return -1;
    }
    if (last_join == JOIN_SPACE)
      b->boxes[b->box_count - 1].join_units = b->chars[end].advance;
    if (split) {
      b->forced_splits++;
      warn_split(b, first, end);
    }
  }
  return 0;
}

/*
 * 'line_cost()' - The demerit of a line 'units' wide: the square of the
 * space left at the right edge, none for the last line, but as much as an
 * empty line for a last line that is one short word (when it is not the
 * whole paragraph).
 */
static double line_cost(const breaker *b, int64_t units, int is_last,
                        int has_space, int is_first) {
  if (is_last) {
    if (!is_first && !has_space && (double)units < b->measure_units / 6)
      return b->measure_units * b->measure_units;
    return 0;
  }
  double slack = b->measure_units - (double)units;
  if (slack < 0)
    slack = 0;
  return slack * slack;
}

/*
 * 'choose_breaks()' - Step 3: total fit.  'best[e]' is the least cost of
 * setting boxes [0, e) with a break after box e-1; 'from[e]' is where its
 * last line starts.  Fills 'from' (box_count + 1 entries).  Returns 0 or -1.
 */
static int choose_breaks(breaker *b, size_t *from) {
  size_t count = b->box_count;
  double *best = malloc((count + 1) * sizeof *best);
  if (!best) {
    lf_diag_add_kind(b->diags, LF_ERROR, LF_DIAG_NO_MEMORY, b->pos,
                     "out of memory breaking a paragraph");
    return -1;
  }
  best[0] = 0;
  from[0] = 0;
  for (size_t e = 1; e <= count; e++) {
    best[e] = HUGE_VAL;
    from[e] = e - 1;
    int is_last = e == count;
    size_t s = e - 1;
    int64_t units = b->boxes[s].units;
    int has_space = 0;
    for (size_t steps = 0;; steps++) {
      if (best[s] < HUGE_VAL) {
        double cost =
            best[s] + line_cost(b, units, is_last, has_space, s == 0);
        if (cost < best[e]) {
          best[e] = cost;
          from[e] = s;
        }
      }
      if (s == 0 || steps >= LOOKBACK_MAX)
        break;
      const box *prev = &b->boxes[s - 1];
      if (prev->join == JOIN_FORCED)
        break;
      units += prev->join_units + prev->units;
      if (units > b->max_units)
        break;
      has_space |= prev->join == JOIN_SPACE;
      s--;
    }
  }
  free(best);
  return 0;
}

/*
 * 'emit_line()' - Make the pieces of the line of boxes [s, e): maximal
 * stretches of one face and run, spaces inside the line included.
 */
static int emit_line(breaker *b, lf_arena *arena, double size, size_t s,
                     size_t e, lf_line *line) {
  size_t first = b->boxes[s].first, end = b->boxes[e - 1].end;
  size_t count = 0;
  for (size_t k = first; k < end; k++)
    if (k == first || b->chars[k].face != b->chars[k - 1].face ||
        b->chars[k].run != b->chars[k - 1].run)
      count++;
  line->pieces = lf_arena_array(arena, count ? count : 1, sizeof(lf_piece));
  if (!line->pieces)
    return -1;
  line->count = 0;
  line->width = 0;
  size_t k = first;
  while (k < end) {
    size_t start = k;
    int64_t units = 0;
    do
      units += b->chars[k++].advance;
    while (k < end && b->chars[k].face == b->chars[start].face &&
           b->chars[k].run == b->chars[start].run);
    size_t stop = k < b->char_count ? b->chars[k].offset : b->collapsed_len;
    const lf_run *run = &b->text->runs[b->chars[start].run];
    lf_piece *piece = &line->pieces[line->count++];
    piece->text = b->collapsed + b->chars[start].offset;
    piece->len = stop - b->chars[start].offset;
    piece->face = (lf_face)b->chars[start].face;
    piece->width = (double)units * size / 1000.0;
    piece->style = run->style;
    piece->href = run->href;
    piece->run = b->chars[start].run;
    line->width += piece->width;
  }
  return 0;
}

/*
 * 'emit_lines()' - Follow the chosen breaks back from the end and make the
 * lines in the arena.  Returns 0 or -1.
 */
static int emit_lines(breaker *b, lf_arena *arena, double size,
                      const size_t *from, lf_lines *out) {
  size_t count = 0;
  for (size_t e = b->box_count; e > 0; e = from[e])
    count++;
  out->lines = lf_arena_array(arena, count, sizeof(lf_line));
  if (!out->lines)
    return -1;
  out->count = count;
  size_t i = count;
  for (size_t e = b->box_count; e > 0; e = from[e])
    if (emit_line(b, arena, size, from[e], e, &out->lines[--i]) < 0)
      return -1;
  return 0;
}

/*
 * 'lf_break_lines()' - Break a paragraph into lines by total fit (see the
 * file's header for the method).
 */
int lf_break_lines(lf_arena *arena, const lf_fontset *fonts,
                   const lf_inline *text, double size, double measure,
                   lf_pos pos, lf_lines *out, lf_diags *diags) {
  memset(out, 0, sizeof *out);
  if (!(size > 0) || !isfinite(size) || !(measure >= 0) || !isfinite(measure)) {
    lf_error(diags, pos,
             "cannot break lines at %g pt in a measure of %g pt (expected a "
             "positive size and measure)",
             size, measure);
    return -1;
  }
  breaker b = {.fonts = fonts, .text = text, .pos = pos, .diags = diags};
  b.measure_units = measure * 1000.0 / size;
  if (b.measure_units > 1e15)
    b.measure_units = 1e15;
  b.max_units = (int64_t)floor(b.measure_units + 1e-9);

  int status = -1;
  size_t *from = NULL;
  if (decode_runs(&b, arena) < 0 || build_boxes(&b) < 0)
    goto done;
  out->forced_splits = b.forced_splits;
  if (b.box_count == 0) {
    status = 0;
    goto done;
  }
  from = malloc((b.box_count + 1) * sizeof *from);
  if (!from) {
    lf_diag_add_kind(diags, LF_ERROR, LF_DIAG_NO_MEMORY, pos,
                     "out of memory breaking a paragraph");
    goto done;
  }
  if (choose_breaks(&b, from) < 0)
    goto done;
  if (emit_lines(&b, arena, size, from, out) < 0) {
    lf_diag_add_kind(diags, LF_ERROR, LF_DIAG_NO_MEMORY, pos,
                     "out of memory breaking a paragraph");
    memset(out, 0, sizeof *out);
    goto done;
  }
  status = 0;
done:
  free(from);
  free(b.chars);
  free(b.boxes);
  return status;
}
