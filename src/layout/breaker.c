/*
 * breaker.c -- line breaking by total fit over shaped text (see layout.h).
 *
 * A paragraph goes through these steps:
 *
 *   1. Its runs are decoded into one record per character, in a copy of the
 *      text where each stretch of ASCII white space is one ' ' and white
 *      space at either end is gone.
 *   2. Each character gets its script (itemize.c), its bidi embedding level
 *      (bidi.c; the paragraph's direction is its language's), its face (by
 *      script and coverage) and whether UAX #14 lets a line break after it
 *      (linebreak.c).
 *   3. Segments -- maximal stretches of one face, run, script and level,
 *      each space a segment of its own -- are shaped (shaper.c, through the
 *      font set's cache of words).  Each glyph's advance counts to the
 *      character its cluster starts at, so that a character's advance is
 *      what it adds to a line, kerning included; a character inside a
 *      cluster adds nothing and never starts a line.
 *   4. The characters are grouped into boxes: words, or pieces of a word
 *      where it may or must break (between the characters of Chinese; a web
 *      address too wide for a line after '/' or before '.'; a piece still
 *      wider than the line is cut before a hyphen, dash or slash of its
 *      own, else at the last cluster that fits).  Between
 *      two boxes is a join: a space, a break inside a word, or a forced
 *      break.
 *   5. Dynamic programming in the manner of Knuth and Plass chooses the
 *      breaks that minimise the sum over all lines but the last of the
 *      squared space left at the ragged edge, plus a penalty for a last
 *      line that is one short word.  Looking back from each break only as
 *      far as a line can reach keeps this linear in the length of the
 *      paragraph.
 *
 * Each line becomes pieces (stretches of one face, run and level) in
 * logical order, each with its glyphs in visual order, placed by the
 * visual order of the line's levels (rule L2).
 *
 * Widths are summed as integers, in UNITS_PER_EM of an em (exact for fonts
 * of 1000, 1024, 2000, 2048 or 4096 units), so that whether a line fits is
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

#include "leaflet/bidi.h"
#include "leaflet/language.h"
#include "leaflet/linebreak.h"

/* How many boxes one line may hold at most (a bound on the look-back that
 * matters only for absurd input, such as thousands of zero-width marks). */
#define LOOKBACK_MAX 4096

/* The part of a word the warning quotes, in characters. */
#define QUOTE_MAX 40

/* Widths are counted in these parts of an em. */
#define UNITS_PER_EM 1024000

/* One character of the collapsed text. */
typedef struct char_rec {
  uint32_t offset;      /* byte offset in the collapsed text */
  uint32_t run;         /* index of its run */
  const char *source;   /* where it is in its run (for errors) */
  int64_t advance;      /* UNITS_PER_EM: what it adds to a line */
  uint32_t segment;     /* the shaped segment it is in */
  int16_t face;         /* lf_face */
  uint8_t level;        /* bidi embedding level */
  uint8_t is_space;     /* a collapsed stretch of white space */
  uint8_t cluster_start; /* it starts a cluster: a line may start here */
  uint8_t break_after;  /* UAX #14, as leaflet keeps it: a break may follow */
} char_rec;

/* A stretch of characters shaped at once. */
typedef struct segment {
  size_t first, end;        /* character records [first, end) */
  size_t glyph_first, glyph_end; /* its glyphs in the breaker's buffer */
} segment;

/* What lies between a box and the next. */
typedef enum join_kind {
  JOIN_END,     /* the paragraph ends */
  JOIN_SPACE,   /* a space: a break, or a space's width */
  JOIN_GLUE,    /* a space no line breaks at (UAX #14 and linebreak.h's
                   rules: the digit groups of a phone number, a space
                   before closing punctuation): a space's width */
  JOIN_CHAR,    /* a break between characters of a script written without
                   spaces (Chinese): nothing when not taken */
  JOIN_URL,     /* a break inside a web address, nothing when not taken */
  JOIN_FORCED   /* a break that must be taken (a word split by force) */
} join_kind;

/* A stretch of characters that is never broken. */
typedef struct box {
  size_t first, end;   /* character records [first, end) */
  int64_t units;       /* width in UNITS_PER_EM */
  int64_t join_units;  /* width of the join after it when not broken */
  join_kind join;
} box;

/* Everything the breaker builds for one paragraph. */
typedef struct breaker {
  const lf_fontset *fonts;
  const lf_inline *text;
  const char *language;
  int rtl;              /* the paragraph's direction */
  lf_pos pos;
  lf_diags *diags;
  char *collapsed;      /* in the arena */
  size_t collapsed_len;
  char_rec *chars;      /* malloc'd */
  uint32_t *cps;        /* malloc'd: the code point of each record */
  lf_script_tag *scripts; /* malloc'd: the resolved script of each record */
  size_t char_count;
  segment *segments;    /* malloc'd */
  size_t segment_count;
  lf_glyph_buf glyphs;  /* every segment's glyphs */
  uint32_t *glyph_char; /* malloc'd: the record each glyph's cluster starts at */
  box *boxes;           /* malloc'd */
  size_t box_count, box_cap;
  int64_t max_units;    /* the measure in UNITS_PER_EM, rounded down */
  int64_t min_units;    /* the widest stretch no break may divide */
  double measure_units; /* the measure in UNITS_PER_EM, exactly */
  size_t forced_splits;
  unsigned script_slots; /* script slots whose faces the text uses */
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

/* 'out_of_memory()' - Report running out of memory; returns -1. */
static int out_of_memory(breaker *b) {
  lf_diag_add_kind(b->diags, LF_ERROR, LF_DIAG_NO_MEMORY, b->pos,
                   "out of memory breaking a paragraph");
  return -1;
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
 * 'add_char()' - Append one character's record and bytes to the collapsed
 * text (its face is chosen once the paragraph's scripts are known).
 */
static void add_char(breaker *b, uint32_t cp, const char *bytes, size_t len,
                     size_t run, int is_space) {
  char_rec *rec = &b->chars[b->char_count];
  memset(rec, 0, sizeof *rec);
  rec->offset = (uint32_t)b->collapsed_len;
  rec->run = (uint32_t)run;
  rec->source = bytes;
  rec->is_space = (uint8_t)is_space;
  b->cps[b->char_count++] = cp;
  memcpy(b->collapsed + b->collapsed_len, bytes, len);
  b->collapsed_len += len;
}

/*
 * 'decode_runs()' - Step 1: the runs to character records and collapsed
 * text.  A stretch of white space becomes one space record (in the run of
 * its first character) only when text follows it and precedes it.
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
  if (total >= UINT32_MAX / 2) {
    lf_error(b->diags, b->pos,
             "paragraph is too long to lay out (%zu bytes; expected under 2 "
             "GiB)",
             total);
    return -1;
  }
  b->collapsed = lf_arena_alloc(arena, total + 1);
  b->chars = total ? malloc(total * sizeof *b->chars) : NULL;
  b->cps = total ? malloc(total * sizeof *b->cps) : NULL;
  if (!b->collapsed || (total && (!b->chars || !b->cps)))
    return out_of_memory(b);
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
        add_char(b, ' ', " ", 1, space_run, 1);
        pending_space = 0;
      }
      add_char(b, (uint32_t)cp, start, (size_t)(p - start), r, 0);
    }
  }
  b->collapsed[b->collapsed_len] = '\0';
  return 0;
}

/* 'run_language()' - The language of run 'run': its own (a leaflet's
 * title in a letter), else the paragraph's. */
static const char *run_language(const breaker *b, size_t run) {
  const char *lang = b->text->runs[run].lang;
  return lang ? lang : b->language;
}

/*
 * 'itemize()' - Step 2: each character's script, level, face and break
 * opportunity.  Returns 0, or -1 after reporting a character no font has
 * at its own place (lf_run_char_pos()) with the words around it.
 */
static int itemize(breaker *b) {
  size_t n = b->char_count;
  if (n == 0)
    return 0;
  lf_script_tag *scripts = b->scripts = malloc(n * sizeof *scripts);
  uint8_t *levels = malloc(n), *after = malloc(n);
  int rc = 0;
  if (!scripts || !levels || !after || lf_bidi_levels(b->cps, n, b->rtl, levels) != 0 ||
      lf_line_breaks(b->cps, n, b->language, after) != 0) {
    rc = out_of_memory(b);
    goto done;
  }
  lf_resolve_scripts(b->cps, n, scripts);
  /* a space between runs of two directions goes with the text after it
   * when that is of its own level (the Urdu after a drug name, say), so
   * that it is set in that text's face and shaped with it */
  for (size_t i = 1; i + 1 < n; i++)
    if (b->chars[i].is_space && levels[i] != levels[i - 1] && levels[i] == levels[i + 1])
      scripts[i] = scripts[i + 1];
  for (size_t i = 0; i < n && rc == 0; i++) {
    char_rec *rec = &b->chars[i];
    const lf_run *run = &b->text->runs[rec->run];
    lf_face want = (run->style & LF_RUN_STRONG) ? LF_FACE_BOLD : LF_FACE_REGULAR;
    int face = lf_pick_face(b->fonts, want, b->cps[i], scripts[i], run_language(b, rec->run));
    if (face < 0) {
      char words[4 * CONTEXT_MAX + 8];
      lf_error(b->diags, lf_run_char_pos(run, rec->source, b->pos),
               "character U+%04X in '%s' is in none of the fonts (expected text "
               "the fonts cover)",
               (unsigned)b->cps[i], quote_context(run, rec->source, words, sizeof words));
      rc = -1;
      break;
    }
    if (face >= LF_FACE_SCRIPT)
      b->script_slots |= 1u << ((face - LF_FACE_SCRIPT) / 2);
    rec->face = (int16_t)face;
    rec->level = levels[i];
    /* a run kept whole breaks only where it ends */
    rec->break_after = after[i] && !((run->style & LF_RUN_KEEP) && i + 1 < n &&
                                     b->chars[i + 1].run == rec->run);
  }
done:
  free(levels);
  free(after);
  return rc;
}

/* 'same_segment()' - Whether record 'k' may be shaped with record 'a'. */
static int same_segment(const breaker *b, size_t a, size_t k) {
  const char_rec *x = &b->chars[a], *y = &b->chars[k];
  return !y->is_space && x->face == y->face && x->run == y->run && x->level == y->level &&
         b->scripts[a] == b->scripts[k];
}

/* The most characters of a word given to HarfBuzz as context on either
 * side of a piece of it (HarfBuzz looks at five at most). */
#define CONTEXT_CHARS 5

/* 'in_word_with()' - Whether record 'k' is of the same word as record 'a'
 * and in its script and direction (context for shaping 'a''s piece). */
static int in_word_with(const breaker *b, size_t a, size_t k) {
  const char_rec *x = &b->chars[a], *y = &b->chars[k];
  return !y->is_space && x->level == y->level && b->scripts[a] == b->scripts[k];
}

/* 'end_offset()' - The byte offset just past record 'i - 1'. */
static size_t end_offset(const breaker *b, size_t i) {
  return i < b->char_count ? b->chars[i].offset : b->collapsed_len;
}

/* 'find_char()' - The record of segment 'seg' at byte 'offset', or the
 * segment's first when none is (a cluster HarfBuzz never makes). */
static size_t find_char(const breaker *b, const segment *seg, size_t offset) {
  size_t low = seg->first, high = seg->end;
  while (high - low > 1) {
    size_t mid = low + (high - low) / 2;
    if (b->chars[mid].offset <= offset)
      low = mid;
    else
      high = mid;
  }
  return low;
}

/* 'to_units()' - Font units of a face with 'upem' to UNITS_PER_EM, rounded
 * to nearest (exact for the usual em sizes). */
static int64_t to_units(int32_t value, unsigned upem) {
  int64_t v = (int64_t)value * UNITS_PER_EM;
  int64_t half = upem / 2;
  return v >= 0 ? (v + half) / upem : -((-v + half) / (int64_t)upem);
}

/*
 * 'shape_segments()' - Step 3: shape each segment and count each glyph's
 * advance to the record its cluster starts at.  Returns 0 or -1.
 */
static int shape_segments(breaker *b) {
  size_t n = b->char_count;
  b->segments = n ? malloc(n * sizeof *b->segments) : NULL;
  if (n && !b->segments)
    return out_of_memory(b);
  /* the paragraph's spaces, shaped once for each face, script and
   * direction they come in (a space is a segment of its own) */
  struct {
    int face, rtl;
    lf_script_tag script;
    lf_glyph glyph;
  } spaces[4];
  size_t space_count = 0;
  size_t i = 0;
  while (i < n) {
    size_t start = i++;
    if (!b->chars[start].is_space)
      while (i < n && same_segment(b, start, i))
        i++;
    segment *seg = &b->segments[b->segment_count++];
    *seg = (segment){start, i, b->glyphs.count, 0};
    const char_rec *first = &b->chars[start];
    int rtl = first->level & 1;
    size_t known = 0;
    while (first->is_space && known < space_count &&
           !(spaces[known].face == first->face && spaces[known].rtl == rtl &&
             spaces[known].script == b->scripts[start]))
      known++;
    if (first->is_space && known < space_count) {
      if (lf_glyph_buf_reserve(&b->glyphs, 1) != 0)
        return out_of_memory(b);
      b->glyphs.items[b->glyphs.count++] = spaces[known].glyph;
    } else {
      const lf_font *font = lf_fontset_face(b->fonts, (lf_face)first->face);
      size_t offset = first->offset, len = end_offset(b, i) - offset;
      /* the same word's letters on either side, in another face or run
       * (bold inside an Arabic word): context, so that letters join */
      size_t from = start, to = i;
      while (from > 0 && start - from < CONTEXT_CHARS && in_word_with(b, start, from - 1))
        from--;
      while (to < n && to - i < CONTEXT_CHARS && in_word_with(b, start, to))
        to++;
      size_t before = offset - b->chars[from].offset, after = end_offset(b, to) - (offset + len);
      const char *lang = run_language(b, first->run);
      if (before || after
              ? lf_shape_in(font, b->collapsed + offset, len, before, after, b->scripts[start],
                            rtl, lang, &b->glyphs) != 0
              : lf_shape(b->fonts->shapes, font, b->collapsed + offset, len, b->scripts[start],
                         rtl, lang, &b->glyphs) != 0)
        return out_of_memory(b);
      if (first->is_space && b->glyphs.count == seg->glyph_first + 1 && space_count < 4) {
        spaces[space_count].face = first->face;
        spaces[space_count].rtl = rtl;
        spaces[space_count].script = b->scripts[start];
        spaces[space_count++].glyph = b->glyphs.items[seg->glyph_first];
      }
    }
    seg->glyph_end = b->glyphs.count;
    for (size_t k = start; k < i; k++)
      b->chars[k].segment = (uint32_t)(b->segment_count - 1);
  }
  b->glyph_char = b->glyphs.count ? malloc(b->glyphs.count * sizeof *b->glyph_char) : NULL;
  if (b->glyphs.count && !b->glyph_char)
    return out_of_memory(b);
  for (size_t s = 0; s < b->segment_count; s++) {
    const segment *seg = &b->segments[s];
    const lf_font *font = lf_fontset_face(b->fonts, (lf_face)b->chars[seg->first].face);
    unsigned upem = lf_font_units_per_em(font);
    size_t base = b->chars[seg->first].offset;
    for (size_t g = seg->glyph_first; g < seg->glyph_end; g++) {
      const lf_glyph *glyph = &b->glyphs.items[g];
      size_t k = find_char(b, seg, base + glyph->cluster);
      b->glyph_char[g] = (uint32_t)k;
      b->chars[k].advance += to_units(glyph->advance, upem);
      b->chars[k].cluster_start = 1;
    }
    b->chars[seg->first].cluster_start = 1;
  }
  return 0;
}

/* 'push_box()' - Append a box ending in 'join'.  Returns 0 or -1. */
static int push_box(breaker *b, size_t first, size_t end, int64_t units,
                    join_kind join) {
  if (b->box_count == b->box_cap) {
    size_t cap = b->box_cap ? b->box_cap * 2 : 64;
    box *boxes = realloc(b->boxes, cap * sizeof *boxes);
    if (!boxes)
      return out_of_memory(b);
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
 * 'warn_split()' - Report a word split by force, quoting at most
 * QUOTE_MAX characters of it, and an ellipsis when it is longer (a Tamil
 * word of 18 characters is 54 bytes: cut by bytes, the word quoted was
 * not the author's).
 */
static void warn_split(breaker *b, size_t first, size_t end) {
  size_t last = end < first + QUOTE_MAX ? end : first + QUOTE_MAX;
  size_t start = b->chars[first].offset;
  size_t stop = last < b->char_count ? b->chars[last].offset : b->collapsed_len;
  lf_diag_add_kind(b->diags, LF_WARNING, LF_DIAG_WORD_SPLIT, b->pos,
                   "word '%.*s%s' is wider than the line and was split (clear print "
                   "forbids splitting words)",
                   (int)(stop - start), b->collapsed + start, end > last ? "\u2026" : "");
}

/*
 * 'joins_parts()' - Whether 'cp' joins the parts of a compound or a code
 * ("net-drugs-overview", "and/or"): a hyphen, a dash or a slash, before
 * which a word too wide for the line is best cut.
 */
static int joins_parts(uint32_t cp) {
  return cp == '-' || cp == '/' || cp == 0x2010 || cp == 0x2012 || cp == 0x2013 ||
         cp == 0x2014;
}

/*
 * 'push_fragment()' - Add the records [first, end) of a word as boxes: one
 * box when it fits the measure, else pieces joined by forced breaks, each
 * cut before the last hyphen, dash or slash that would start the next
 * line, when the line so cut is half full ("net-drugs-overview-zh" over
 * "-hant", not "net-drugs-overview-zh-h" over "ant") or the rest of the
 * word then fits the next line, else at the last cluster that fits.  Before, not after: a line ending in a hyphen reads
 * as a word hyphenated, and text extraction (pdftotext) joins it to the
 * next line without its hyphen; the style guides cut addresses and codes
 * so too.  The last box ends in 'join'.  '*split' is set when it had to
 * be cut.  Returns 0 or -1.
 */
static int push_fragment(breaker *b, size_t first, size_t end, int64_t units,
                         join_kind join, int *split) {
  if (units <= b->max_units)
    return push_box(b, first, end, units, join);
  *split = 1;
  size_t chunk = first, joint = first; /* joint: a cut before a hyphen, if > chunk */
  int64_t chunk_units = 0, joint_units = 0, done_units = 0; /* done: in pieces pushed */
  for (size_t k = first; k < end; k++) {
    int64_t advance = b->chars[k].advance;
    while (k > chunk && b->chars[k].cluster_start && chunk_units + advance > b->max_units) {
      /* before a hyphen when the line so cut is half full at least, or
       * when all the rest of the word fits the next line ("net-drugs" over
       * "-pancreatic-net", not "net-drugs-pancreati" over "c-net") */
      int at_joint = joint > chunk && (2 * joint_units >= b->max_units ||
                                       units - done_units - joint_units <= b->max_units);
      size_t cut = at_joint ? joint : k;
      int64_t cut_units = at_joint ? joint_units : chunk_units;
      /* never before what may not start a line ("。", ")", ","): at the
       * last cluster before it that may, when that leaves the line
       * something ("everolimus" over "（Afinitor）。") */
      if (!at_joint && !lf_may_start_line(b->cps[k])) {
        size_t back = k;
        while (back > chunk + 1 && !(b->chars[back - 1].cluster_start &&
                                     lf_may_start_line(b->cps[back - 1])))
          back--;
        if (back > chunk + 1) {
          back--;
          for (size_t j = back; j < k; j++)
            cut_units -= b->chars[j].advance;
          cut = back;
        }
      }
      if (push_box(b, chunk, cut, cut_units, JOIN_FORCED) < 0)
        return -1;
      chunk = cut;
      chunk_units -= cut_units;
      done_units += cut_units;
    }
    if (k > chunk && b->chars[k].cluster_start && joins_parts(b->cps[k]) &&
        !joins_parts(b->cps[k - 1])) {
      joint = k;
      joint_units = chunk_units;
    }
    chunk_units += advance;
  }
  return push_box(b, chunk, end, chunk_units, join);
}

/*
 * 'url_break_before()' - Whether an address may break before record 'k'
 * (lf_address_break_before()).
 */
static int url_break_before(const breaker *b, size_t k) {
  return lf_address_break_before((unsigned char)byte_at(b, k - 1),
                                 (unsigned char)byte_at(b, k));
}

/*
 * 'note_unbreakable()' - Widen 'min_units' to the widest stretch of the
 * records [first, end) (a part of a word 'units' wide) that no break may
 * divide: the part itself, or for a web address its widest piece between
 * the places it may break.
 */
static void note_unbreakable(breaker *b, size_t first, size_t end, int64_t units) {
  if (!word_is_url(b, first, end)) {
    b->min_units = units;
    return;
  }
  int64_t piece = 0;
  for (size_t i = first; i < end; i++) {
    if (i > first && b->chars[i].cluster_start && url_break_before(b, i)) {
      if (piece > b->min_units)
        b->min_units = piece;
      piece = 0;
    }
    piece += b->chars[i].advance;
  }
  if (piece > b->min_units)
    b->min_units = piece;
}

/*
 * 'push_part()' - Add the records [first, end) of a word, between two of
 * its break opportunities (or its ends), as boxes: a web address too wide
 * for the line breaks after '/' or before '.', anything else too wide is
 * cut (push_fragment()).  Returns 0 or -1.
 */
static int push_part(breaker *b, size_t first, size_t end, int64_t units, join_kind join,
                     int *split) {
  if (units > b->min_units)
    note_unbreakable(b, first, end, units);
  if (units <= b->max_units || !word_is_url(b, first, end))
    return push_fragment(b, first, end, units, join, split);
  size_t fragment = first;
  int64_t fragment_units = 0;
  for (size_t i = first; i < end; i++) {
    if (i > fragment && b->chars[i].cluster_start && url_break_before(b, i)) {
      if (push_fragment(b, fragment, i, fragment_units, JOIN_URL, split) < 0)
        return -1;
      fragment = i;
      fragment_units = 0;
    }
    fragment_units += b->chars[i].advance;
  }
  return push_fragment(b, fragment, end, fragment_units, join, split);
}

/*
 * 'glue_spaces()' - Spaces no line may break at (the space's break_after
 * is 0: "0808 800 4040", a space before "!") join their boxes as glue,
 * but only where the boxes so held together fit on a line: else the
 * spaces stay breaks, as splitting a phone number at a space is better
 * than cutting a word.
 */
static void glue_spaces(breaker *b) {
  size_t i = 0;
  while (i < b->box_count) {
    /* the chain of boxes from i joined by spaces that may not break */
    size_t j = i;
    int64_t units = b->boxes[i].units;
    while (j + 1 < b->box_count && b->boxes[j].join == JOIN_SPACE &&
           !b->chars[b->boxes[j].end].break_after) {
      units += b->boxes[j].join_units + b->boxes[j + 1].units;
      j++;
    }
    if (j > i && units <= b->max_units)
      for (size_t k = i; k < j; k++)
        b->boxes[k].join = JOIN_GLUE;
    i = j + 1;
  }
}

/*
 * 'build_boxes()' - Step 4: words to boxes and joins.  Returns 0 or -1.
 */
static int build_boxes(breaker *b) {
  size_t k = 0;
  while (k < b->char_count) {
    size_t first = k;
    while (k < b->char_count && !b->chars[k].is_space)
      k++;
    size_t end = k;
    join_kind last_join = JOIN_END;
    if (k < b->char_count) {
      last_join = JOIN_SPACE;
      k++; /* the space */
    }
    int split = 0;
    size_t part = first;
    int64_t part_units = 0;
    /* a word held together by a no-break space ("include&nbsp;atezolizumab")
     * that is wider than the line breaks after that space rather than be
     * cut inside a word */
    int64_t word_units = 0;
    for (size_t i = first; i < end; i++)
      word_units += b->chars[i].advance;
    int nbsp_breaks = word_units > b->max_units;
    for (size_t i = first; i < end; i++) {
      if (i > part && b->chars[i].cluster_start &&
          (b->chars[i - 1].break_after || (nbsp_breaks && b->cps[i - 1] == 0xA0))) {
        if (push_part(b, part, i, part_units, JOIN_CHAR, &split) < 0)
          return -1;
        part = i;
        part_units = 0;
      }
      part_units += b->chars[i].advance;
    }
    if (push_part(b, part, end, part_units, last_join, &split) < 0)
      return -1;
    if (last_join == JOIN_SPACE)
      b->boxes[b->box_count - 1].join_units = b->chars[end].advance;
    if (split) {
      b->forced_splits++;
      warn_split(b, first, end);
    }
  }
  glue_spaces(b);
  return 0;
}

/*
 * 'line_cost()' - The demerit of a line 'units' wide: the square of the
 * space left at the ragged edge, none for the last line, but as much as an
 * empty line for a last line that is one short word (when it is not the
 * whole paragraph).  After a break between two characters of a script
 * written without spaces (Chinese) the last line is no short word: such
 * text is set line after line full, a character or two on the last line
 * being no fault to mend by leaving characters off the lines before.
 */
static double line_cost(const breaker *b, int64_t units, int is_last,
                        int has_space, int whole_or_after_char) {
  if (is_last) {
    if (!whole_or_after_char && !has_space && (double)units < b->measure_units / 6)
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
    if (!is_last && b->boxes[e - 1].join == JOIN_GLUE)
      continue; /* no line ends here */
    size_t s = e - 1;
    int64_t units = b->boxes[s].units;
    int has_space = 0;
    for (size_t steps = 0;; steps++) {
      if (best[s] < HUGE_VAL) {
        /* after a break between characters the last line is no short word */
        int after_char = s > 0 && b->boxes[s - 1].join == JOIN_CHAR;
        double cost = best[s] + line_cost(b, units, is_last, has_space, s == 0 || after_char);
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
      has_space |= prev->join == JOIN_SPACE || prev->join == JOIN_GLUE || prev->join == JOIN_CHAR;
      s--;
    }
  }
  free(best);
  return 0;
}

/*
 * 'first_glyph_at()' - The first glyph of segment 'seg' whose record is at
 * or past 'k' (left to right), or before 'k' (right to left, where glyphs
 * come from the last record first): glyphs follow their clusters in one
 * direction, so a binary search finds it.
 */
static size_t first_glyph_at(const breaker *b, const segment *seg, size_t k, int rtl) {
  size_t low = seg->glyph_first, high = seg->glyph_end;
  while (low < high) {
    size_t mid = low + (high - low) / 2;
    int before = rtl ? b->glyph_char[mid] >= k : b->glyph_char[mid] < k;
    if (before)
      low = mid + 1;
    else
      high = mid;
  }
  return low;
}

/*
 * 'piece_glyphs()' - The glyphs of records [first, end), all of one level,
 * in visual order: the segments' glyphs left to right (a right-to-left
 * piece's segments from its last), clusters counted from the piece's first
 * byte.  NULL when out of memory.
 */
static lf_glyph *piece_glyphs(breaker *b, lf_arena *arena, size_t first, size_t end,
                              size_t *count) {
  size_t s0 = b->chars[first].segment, s1 = b->chars[end - 1].segment;
  int rtl = b->chars[first].level & 1;
  size_t n = 0;
  for (size_t s = s0; s <= s1; s++) {
    const segment *seg = &b->segments[s];
    size_t g0 = first_glyph_at(b, seg, rtl ? end : first, rtl);
    size_t g1 = first_glyph_at(b, seg, rtl ? first : end, rtl);
    n += g1 - g0;
  }
  lf_glyph *out = lf_arena_array(arena, n ? n : 1, sizeof *out);
  if (!out)
    return NULL;
  size_t at = 0, base = b->chars[first].offset;
  for (size_t i = 0; i <= s1 - s0; i++) {
    const segment *seg = &b->segments[rtl ? s1 - i : s0 + i];
    size_t g0 = first_glyph_at(b, seg, rtl ? end : first, rtl);
    size_t g1 = first_glyph_at(b, seg, rtl ? first : end, rtl);
    for (size_t g = g0; g < g1; g++) {
      out[at] = b->glyphs.items[g];
      out[at].cluster = (uint32_t)(b->chars[b->glyph_char[g]].offset - base);
      at++;
    }
  }
  *count = n;
  return out;
}

/*
 * 'emit_line()' - Make the pieces of the line of boxes [s, e): maximal
 * stretches of one face, run and level, spaces inside the line included,
 * in logical order, each placed by the line's visual order.
 */
static int emit_line(breaker *b, lf_arena *arena, double size, size_t s,
                     size_t e, lf_line *line) {
  size_t first = b->boxes[s].first, end = b->boxes[e - 1].end;
  size_t count = 0;
  for (size_t k = first; k < end; k++)
    if (k == first || b->chars[k].face != b->chars[k - 1].face ||
        b->chars[k].run != b->chars[k - 1].run || b->chars[k].level != b->chars[k - 1].level)
      count++;
  line->pieces = lf_arena_array(arena, count ? count : 1, sizeof(lf_piece));
  uint8_t *levels = malloc(count ? count : 1);
  size_t *order = malloc((count ? count : 1) * sizeof *order);
  if (!line->pieces || !levels || !order) {
    free(levels);
    free(order);
    return -1;
  }
  line->count = 0;
  line->width = 0;
  size_t k = first;
  while (k < end) {
    size_t start = k;
    int64_t units = 0;
    do
      units += b->chars[k++].advance;
    while (k < end && b->chars[k].face == b->chars[start].face &&
           b->chars[k].run == b->chars[start].run &&
           b->chars[k].level == b->chars[start].level);
    const lf_run *run = &b->text->runs[b->chars[start].run];
    lf_piece *piece = &line->pieces[line->count];
    memset(piece, 0, sizeof *piece);
    piece->text = b->collapsed + b->chars[start].offset;
    piece->len = end_offset(b, k) - b->chars[start].offset;
    piece->face = (lf_face)b->chars[start].face;
    piece->width = (double)units * size / UNITS_PER_EM;
    piece->style = run->style;
    piece->href = run->href;
    piece->run = b->chars[start].run;
    piece->level = b->chars[start].level;
    piece->glyphs = piece_glyphs(b, arena, start, k, &piece->glyph_count);
    if (!piece->glyphs) {
      free(levels);
      free(order);
      return -1;
    }
    levels[line->count++] = b->chars[start].level;
    line->width += piece->width;
  }
  lf_bidi_visual_order(levels, line->count, order);
  double x = 0;
  for (size_t v = 0; v < line->count; v++) {
    line->pieces[order[v]].x = x;
    x += line->pieces[order[v]].width;
  }
  free(levels);
  free(order);
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
                   const lf_inline *text, const char *language, double size,
                   double measure, lf_pos pos, lf_lines *out, lf_diags *diags) {
  memset(out, 0, sizeof *out);
  if (!(size > 0) || !isfinite(size) || !(measure >= 0) || !isfinite(measure)) {
    lf_error(diags, pos,
             "cannot break lines at %g pt in a measure of %g pt (expected a "
             "positive size and measure)",
             size, measure);
    return -1;
  }
  breaker b = {.fonts = fonts, .text = text, .language = language,
               .rtl = lf_language_is_rtl(language), .pos = pos, .diags = diags};
  b.measure_units = measure * UNITS_PER_EM / size;
  if (b.measure_units > 1e15)
    b.measure_units = 1e15;
  b.max_units = (int64_t)floor(b.measure_units + 1e-6);

  int status = -1;
  size_t *from = NULL;
  out->rtl = b.rtl;
  if (decode_runs(&b, arena) < 0 || itemize(&b) < 0 || shape_segments(&b) < 0 ||
      build_boxes(&b) < 0)
    goto done;
  out->forced_splits = b.forced_splits;
  out->script_slots = b.script_slots;
  out->min_width = (double)b.min_units * size / UNITS_PER_EM;
  if (b.box_count == 0) {
    status = 0;
    goto done;
  }
  from = malloc((b.box_count + 1) * sizeof *from);
  if (!from) {
    out_of_memory(&b);
    goto done;
  }
  if (choose_breaks(&b, from) < 0)
    goto done;
  if (emit_lines(&b, arena, size, from, out) < 0) {
    out_of_memory(&b);
    memset(out, 0, sizeof *out);
    goto done;
  }
  status = 0;
done:
  free(from);
  free(b.chars);
  free(b.cps);
  free(b.scripts);
  free(b.segments);
  free(b.glyph_char);
  lf_glyph_buf_free(&b.glyphs);
  free(b.boxes);
  return status;
}

/*
 * 'lf_set_line()' - One line of text: the paragraph breaker with a measure
 * no text reaches, its diagnostics kept to itself.
 */
int lf_set_line(lf_arena *arena, const lf_fontset *fonts, const char *text, size_t len,
                lf_face want, const char *language, double size, lf_line *out) {
  memset(out, 0, sizeof *out);
  lf_run run = {.text = text, .len = len, .style = want == LF_FACE_BOLD ? LF_RUN_STRONG : 0};
  lf_inline in = {&run, 1};
  lf_lines lines;
  lf_diags quiet;
  lf_diags_init(&quiet);
  int rc = lf_break_lines(arena, fonts, &in, language, size, 1e9 * size, (lf_pos){NULL, 0, 0},
                          &lines, &quiet);
  lf_diags_free(&quiet);
  if (rc != 0 || lines.count > 1)
    return -1;
  if (lines.count == 1)
    *out = lines.lines[0];
  return 0;
}

/*
 * 'lf_text_width()' - Measure text set as one shaped line, in an arena of
 * its own (beside lf_set_line(), which the footer, the letter and the
 * vertical list all measure through).
 */
double lf_text_width(const lf_fontset *fonts, lf_face want, const char *text, size_t len,
                     double size) {
  lf_arena *scratch = lf_arena_new(0);
  lf_line line;
  double width = 0;
  if (scratch && lf_set_line(scratch, fonts, text, len, want, NULL, size, &line) == 0)
    width = line.width;
  lf_arena_free(scratch);
  return width;
}
