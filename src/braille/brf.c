/*
 * brf.c -- translated blocks on braille pages, as Braille Ready Format
 * (braille.h).
 *
 * The page, after UKAAF's guidance on braille presentation and, where it
 * leaves a choice open, BANA's Braille Formats 2016 (docs/braille.md has
 * the list and its sources):
 *
 *   - the first line of every page carries the braille page number at the
 *     right margin (UKAAF: top right) and, from a document's second page,
 *     its title as a running head, centred, at least three blank cells
 *     from the number; where the title does not fit, the short title, else
 *     the title shortened at a word (BANA's running heads); text starts on
 *     the second line;
 *   - the title is centred, with a blank line after it; level 2 headings
 *     are centred with a blank line before and after; level 3 headings
 *     start in cell 5 and level 4 in cell 7, runovers in the same cell,
 *     a blank line before (BANA 4.4 to 4.6: centred, cell-5 and cell-7
 *     headings).  A centred line keeps three blank cells either side.
 *     A heading is never the last thing on a page: it moves to the next
 *     page unless two lines of what follows fit below it, with the blank
 *     lines between them (and a heading that follows, kept too);
 *   - paragraphs start in cell 3, runovers in cell 1, with no blank line
 *     between them;
 *   - list items start in cell 1 (a nested list two cells further in per
 *     level), runovers two cells right of the deepest level's start (1-3
 *     for a simple list, 1-5 and 3-5 nested: BANA 8); a blank line
 *     before and after a list, not around a list nested in it; further
 *     paragraphs of an item start at the runover cell;
 *   - a box (a callout) is framed by a full line of dots 2356 above and
 *     one of dots 1245 below, with no blank line inside them (BANA 7);
 *   - a table's rows as BANA's listed tables: a row's first cell from
 *     cell 1, its further cells from cell 3, runovers from cell 5;
 *   - no word is divided at a line end; a web or email address longer
 *     than a whole line is divided where print divides one (after a '/',
 *     before a '.'), never inside a sign; any other word longer than a
 *     whole line is the one exception, and a warning; text written without spaces
 *     (Chinese) is divided between characters, where print may break a
 *     line, never inside a character's cells;
 *   - no blank line at the top of a page; no print page breaks; a form
 *     feed between pages, a line feed after every line.
 */
#include <stdlib.h>
#include <string.h>

#include "leaflet/braille.h"

enum {
  CENTRE_MARGIN = 3,   /* blank cells either side of a centred line */
  HEAD_GAP = 3,        /* blank cells between the running head and the number */
  KEEP_LINES = 2,      /* lines of text a heading needs below it on its page */
  MIN_ROOM = 10        /* cells a line keeps for text however deep its indent */
};

/* One line of a block: 'len' cells from 'at' of its text, from cell 'indent'. */
typedef struct span {
  size_t at, len;
  int indent;
} span;

typedef struct page_writer {
  const lf_format *format;
  lf_diags *diags;
  int width, height;    /* cells per line, lines per page */
  int top;              /* the first line text may use: 1 under a page-number line */
  char *cells;          /* the page being filled: height lines of width cells */
  int *used;            /* cells used on each line */
  int line;             /* the next line to fill */
  int blank;            /* a blank line is wanted before the next text */
  size_t page;          /* the page being filled, from 1 */
  int open;             /* a page is being filled */
  size_t part_first;    /* the first page of the part being laid out */
  const char *head;     /* the part's running head */
  size_t head_len;
  const char *short_head; /* and its short form, or NULL */
  size_t short_len;
  char *out;            /* the BRF bytes so far */
  size_t size, cap;
  span *spans;          /* lines of the block being placed */
  size_t span_cap;
  size_t words_split;
  int failed;
} page_writer;

/*
 * 'lf_is_brf_byte()' - A cell, a line feed or a form feed.
 */
int lf_is_brf_byte(int c) {
  return (c >= 0x20 && c <= 0x5F) || c == '\n' || c == '\f';
}

/*
 * 'emit()' - Append bytes to the file.
 */
static void emit(page_writer *w, const char *bytes, size_t n) {
  if (w->failed)
    return;
  if (w->size + n > w->cap) {
    size_t cap = w->cap ? w->cap : 4096;
    while (cap < w->size + n)
      cap *= 2;
    char *grown = realloc(w->out, cap);
    if (!grown) {
      w->failed = 1;
      return;
    }
    w->out = grown;
    w->cap = cap;
  }
  memcpy(w->out + w->size, bytes, n);
  w->size += n;
}

/*
 * 'put_cells()' - Write 'n' cells on line 'line' from cell 'at'.
 */
static void put_cells(page_writer *w, int line, int at, const char *cells, size_t n) {
  char *row = w->cells + (size_t)line * (size_t)w->width;
  for (size_t i = 0; i < n && at + (int)i < w->width; i++)
    row[at + (int)i] = cells[i] == LF_BRL_NO_BREAK ? ' ' : cells[i];
  if (at + (int)n > w->used[line])
    w->used[line] = at + (int)n > w->width ? w->width : at + (int)n;
}

/*
 * 'page_number()' - The braille page number in BRF: the numeric indicator
 * and the digits as the letters a to j.
 */
static size_t page_number(size_t page, char *buf) {
  char digits[24];
  size_t n = 0;
  do {
    digits[n++] = "JABCDEFGHI"[page % 10];
    page /= 10;
  } while (page);
  buf[0] = '#';
  for (size_t i = 0; i < n; i++)
    buf[1 + i] = digits[n - 1 - i];
  return n + 1;
}

/*
 * 'put_header()' - The first line: the page number at the right margin,
 * and after a part's first page its running head, centred, kept three
 * cells from the number and shortened at a word when it is too long.
 */
static void put_header(page_writer *w) {
  const lf_braille_measures *b = &w->format->cells;
  int room = w->width;
  if (b->page_numbers) {
    char number[24];
    size_t n = page_number(w->page, number);
    put_cells(w, 0, w->width - (int)n, number, n);
    room = w->width - (int)n - HEAD_GAP;
  }
  if (!b->running_head || !w->head || w->page == w->part_first || room <= 0)
    return;
  const char *head = w->head;
  size_t len = w->head_len;
  if (len > (size_t)room && w->short_head && w->short_len <= (size_t)room) {
    head = w->short_head; /* the short title, as print's footer has it */
    len = w->short_len;
  }
  if (len > (size_t)room) {
    len = (size_t)room;
    while (len > 0 && head[len] != ' ')
      len--;
    if (len == 0)
      len = (size_t)room; /* one word longer than the room: cut */
    while (len > 0 && head[len - 1] == ' ')
      len--;
  }
  int at = (w->width - (int)len) / 2;
  if (at + (int)len > room)
    at = room - (int)len;
  put_cells(w, 0, at < 0 ? 0 : at, head, len);
}

/*
 * 'close_page()' - Write the page being filled: a form feed before every
 * page but the first, each line without its trailing blanks, blank lines
 * at its foot left out.
 */
static void close_page(page_writer *w) {
  if (!w->open)
    return;
  if (w->top)
    put_header(w);
  int last = w->height - 1;
  while (last > 0 && w->used[last] == 0)
    last--;
  if (w->page > 1)
    emit(w, "\f", 1);
  for (int i = 0; i <= last; i++) {
    const char *row = w->cells + (size_t)i * (size_t)w->width;
    int n = w->used[i];
    while (n > 0 && row[n - 1] == ' ')
      n--;
    emit(w, row, (size_t)n);
    emit(w, "\n", 1);
  }
  w->open = 0;
}

/*
 * 'open_page()' - A new, empty page.
 */
static void open_page(page_writer *w) {
  close_page(w);
  w->page++;
  memset(w->cells, ' ', (size_t)w->width * (size_t)w->height);
  memset(w->used, 0, (size_t)w->height * sizeof *w->used);
  w->line = w->top;
  w->blank = 0;
  w->open = 1;
}

/*
 * 'span_at()' - Room for span 'i'; NULL when out of memory.
 */
static span *span_at(page_writer *w, size_t i) {
  if (i >= w->span_cap) {
    size_t cap = w->span_cap ? w->span_cap * 2 : 32;
    span *grown = realloc(w->spans, cap * sizeof *grown);
    if (!grown) {
      w->failed = 1;
      return NULL;
    }
    w->spans = grown;
    w->span_cap = cap;
  }
  return &w->spans[i];
}

/*
 * 'cut_word()' - Where a word starting at 'start' and longer than 'room'
 * cells ends its line: a web or email address where print divides one
 * (after a '/', before a '.'), with no warning; else any other word at
 * the last character that fits, never inside a character's cells, and
 * counted in '*split'.
 */
static size_t cut_word(const lf_brl_block *b, size_t start, size_t room, size_t *split) {
  size_t last = start + room;
  if (b->divide) {
    for (size_t j = last; j > start; j--)
      if (j < b->len && (b->divide[j] & LF_BRL_ADDRESS_BREAK))
        return j;
  }
  (*split)++;
  if (b->divide) {
    for (size_t j = last; j > start; j--)
      if (j < b->len && (b->divide[j] & LF_BRL_SIGN_START))
        return j;
  }
  return last;
}

/*
 * 'fit()' - Break a block's cells into lines at its blanks: the first line
 * from cell 'first', the rest from 'rest' ('centred': each line centred,
 * three blank cells either side).  A word is never divided, unless it is
 * longer than a whole line: then it is cut (cut_word()) and, unless it is
 * an address divided where print divides one, counted and, when 'pos' is
 * given, reported.  Fills w->spans; returns the line count.
 */
static size_t fit(page_writer *w, const lf_brl_block *b, int first, int rest, int centred,
                  const lf_pos *pos) {
  size_t lines = 0, i = 0, split = 0;
  const char *c = b->cells;
  while (i < b->len) {
    while (i < b->len && c[i] == ' ')
      i++;
    if (i >= b->len)
      break;
    int indent = lines == 0 ? first : rest;
    if (indent > w->width - MIN_ROOM)
      indent = w->width - MIN_ROOM; /* lists nested past the line keep some room */
    int room = centred ? w->width - 2 * CENTRE_MARGIN : w->width - indent;
    size_t start = i, end = i; /* the line is [start, end) */
    while (end < b->len) {
      size_t word = end;
      while (word < b->len && c[word] == ' ')
        word++;
      /* a word ends at a space, or where a line may start inside it
       * (between two Chinese characters: b->divide) */
      size_t stop = word < b->len ? word + 1 : word;
      while (stop < b->len && c[stop] != ' ' &&
             !(b->divide && (b->divide[stop] & LF_BRL_MAY_START)))
        stop++;
      if (stop - start > (size_t)room && end > start)
        break; /* the next word goes to the next line */
      end = stop;
      if (stop - start > (size_t)room)
        break; /* a first word longer than the line */
    }
    if (end - start > (size_t)room && centred && end - start <= (size_t)w->width) {
      room = w->width; /* a long word may use the margins of a centred line */
    } else if (end - start > (size_t)room) {
      end = cut_word(b, start, (size_t)(room > 0 ? room : 1), &split);
    }
    span *s = span_at(w, lines);
    if (!s)
      return 0;
    s->at = start;
    s->len = end - start;
    s->indent = centred ? (w->width - (int)s->len) / 2 : indent;
    lines++;
    i = end;
  }
  if (split && pos) {
    w->words_split += split;
    lf_warning(w->diags, *pos, "a word of this block is longer than a braille line of %d cells "
               "and was divided", w->width);
  }
  return lines;
}

/*
 * 'want_blank()' - A blank line before the next text (none at a page's top).
 */
static void want_blank(page_writer *w) {
  w->blank = 1;
}

/*
 * 'place()' - Write the lines in w->spans, onto new pages as needed.
 */
static void place(page_writer *w, const lf_brl_block *b, size_t lines) {
  for (size_t k = 0; k < lines; k++) {
    if (w->blank && w->line > w->top)
      w->line++;
    w->blank = 0;
    if (w->line >= w->height)
      open_page(w);
    put_cells(w, w->line, w->spans[k].indent, b->cells + w->spans[k].at, w->spans[k].len);
    w->line++;
  }
}

/*
 * 'indents()' - Where a block's first line and runovers start, and whether
 * it is centred; whether it wants a blank line before and after.
 */
static void indents(const lf_brl_block *b, int *first, int *rest, int *centred, int *before,
                    int *after) {
  *first = *rest = 0;
  *centred = *before = *after = 0;
  switch (b->kind) {
  case LF_BRL_TITLE:
    *centred = *after = 1;
    break;
  case LF_BRL_HEADING:
    *before = 1;
    if (b->level <= 2)
      *centred = *after = 1;
    else
      *first = *rest = b->level == 3 ? 4 : 6; /* cell 5, cell 7 */
    break;
  case LF_BRL_PARAGRAPH:
    *first = 2; /* cell 3, runovers cell 1 */
    break;
  case LF_BRL_ITEM:
    *first = 2 * b->level;
    *rest = 2 * b->runover + 2;
    break;
  case LF_BRL_ITEM_MORE:
    *first = *rest = 2 * b->runover + 2;
    break;
  case LF_BRL_ENTRY:
    *first = 2 * b->level + 2; /* cell 3, runovers cell 5 */
    *rest = *first + 2;
    break;
  case LF_BRL_LIST_START:
  case LF_BRL_LIST_END:
  case LF_BRL_BOX_START:
  case LF_BRL_BOX_END:
    break;
  }
}

/*
 * 'lines_of()' - How many lines block 'b' takes (no warning).
 */
static size_t lines_of(page_writer *w, const lf_brl_block *b) {
  int first, rest, centred, before, after;
  indents(b, &first, &rest, &centred, &before, &after);
  return fit(w, b, first, rest, centred, NULL);
}

/*
 * 'next_text_lines()' - Lines that must follow block 'i' on its page:
 * up to KEEP_LINES of the next text, and on the way to it every blank
 * line ('blank': one is wanted after block 'i'), box line and heading
 * (a heading is kept with what follows it too).
 */
static size_t next_text_lines(page_writer *w, const lf_braille_text *t, size_t i, int blank) {
  size_t extra = 0;
  for (size_t k = i + 1; k < t->count; k++) {
    const lf_brl_block *b = &t->blocks[k];
    if (b->kind == LF_BRL_LIST_START || b->kind == LF_BRL_LIST_END) {
      blank |= b->level == 0;
      continue;
    }
    if (b->kind == LF_BRL_BOX_START || b->kind == LF_BRL_BOX_END) {
      extra += (size_t)blank + 1;
      blank = 0;
      continue;
    }
    if (b->len == 0)
      continue;
    int first, rest, centred, before, after;
    indents(b, &first, &rest, &centred, &before, &after);
    size_t n = fit(w, b, first, rest, centred, NULL);
    extra += (size_t)(blank | before);
    if (b->kind != LF_BRL_TITLE && b->kind != LF_BRL_HEADING)
      return extra + (n < KEEP_LINES ? n : KEEP_LINES);
    extra += n;
    blank = after;
  }
  return extra;
}

/*
 * 'keep_with_next()' - Start a new page unless block 'i' ('lines' lines,
 * with a blank before when one is wanted, 'after' when it wants one
 * after) and the start of what follows fit on this one.
 */
static void keep_with_next(page_writer *w, const lf_braille_text *t, size_t i, size_t lines,
                           int after) {
  size_t need = lines + next_text_lines(w, t, i, after) + (w->blank && w->line > w->top);
  if (w->line > w->top && (size_t)w->line + need > (size_t)w->height)
    open_page(w);
}

/*
 * 'box_line()' - A full line of one cell: above a box dots 2356 ('7'),
 * below it dots 1245 ('G').
 */
static void box_line(page_writer *w, char cell) {
  char line[128];
  int n = w->width < (int)sizeof line ? w->width : (int)sizeof line;
  memset(line, cell, (size_t)n);
  lf_brl_block b = {.kind = LF_BRL_PARAGRAPH, .cells = line, .len = (size_t)n};
  span *s = span_at(w, 0);
  if (!s)
    return;
  *s = (span){0, (size_t)n, 0};
  place(w, &b, 1);
}

/*
 * 'lay_out_part()' - One part from a new page.
 */
static void lay_out_part(page_writer *w, const lf_braille_text *t) {
  open_page(w);
  w->part_first = w->page;
  w->head = t->running_head;
  w->head_len = t->head_len;
  w->short_head = t->short_head;
  w->short_len = t->short_len;
  for (size_t i = 0; i < t->count && !w->failed; i++) {
    const lf_brl_block *b = &t->blocks[i];
    switch (b->kind) {
    case LF_BRL_LIST_START:
      if (b->level == 0)
        want_blank(w);
      continue;
    case LF_BRL_LIST_END:
      if (b->level == 0)
        want_blank(w);
      continue;
    case LF_BRL_BOX_START:
      keep_with_next(w, t, i, 1, 0);
      box_line(w, '7');
      continue;
    case LF_BRL_BOX_END:
      box_line(w, 'G');
      continue;
    default:
      break;
    }
    int first, rest, centred, before, after;
    indents(b, &first, &rest, &centred, &before, &after);
    if (before)
      want_blank(w);
    if (b->kind == LF_BRL_TITLE || b->kind == LF_BRL_HEADING)
      keep_with_next(w, t, i, lines_of(w, b), after); /* (fits what follows: fit again) */
    place(w, b, fit(w, b, first, rest, centred, &b->pos));
    if (after)
      want_blank(w);
  }
}

/*
 * 'lf_brf_layout()' - Every part, each from a new sheet, into BRF bytes.
 */
int lf_brf_layout(const lf_braille_text *const *parts, size_t count, const lf_format *format,
                  lf_brf *out, lf_diags *diags) {
  const lf_braille_measures *b = &format->cells;
  memset(out, 0, sizeof *out);
  page_writer w = {.format = format, .diags = diags, .width = b->cells_per_line,
                   .height = b->lines_per_page,
                   .top = b->page_numbers || b->running_head ? 1 : 0};
  if (!format->braille || w.width < 1 || w.height <= w.top) {
    lf_error(diags, format->pos, "'%s' is not a braille format with cells and lines",
             format->name);
    return -1;
  }
  w.cells = malloc((size_t)w.width * (size_t)w.height);
  w.used = malloc((size_t)w.height * sizeof *w.used);
  w.failed = !w.cells || !w.used;
  for (size_t i = 0; i < count && !w.failed; i++) {
    if (i > 0 && w.page % 2) {
      open_page(&w); /* a blank back, its number only: the part starts its own sheet */
      w.head = NULL;
    }
    lay_out_part(&w, parts[i]);
  }
  close_page(&w);
  free(w.cells);
  free(w.used);
  free(w.spans);
  if (w.failed) {
    free(w.out);
    lf_error(diags, format->pos, "out of memory laying out braille");
    return -1;
  }
  out->data = w.out;
  out->size = w.size;
  out->pages = w.page;
  out->words_split = w.words_split;
  return 0;
}

/*
 * 'lf_braille_render()' - Translate one document and lay it out.
 */
int lf_braille_render(lf_arena *arena, const lf_document *doc, const lf_format *format,
                      lf_brf *out, lf_diags *diags) {
  lf_braille_text text;
  memset(out, 0, sizeof *out);
  if (lf_braille_translate(arena, doc, format, &text, diags) != 0)
    return -1;
  const lf_braille_text *parts[] = {&text};
  return lf_brf_layout(parts, 1, format, out, diags);
}
