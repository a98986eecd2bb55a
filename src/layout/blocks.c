/*
 * blocks.c -- a document's blocks to a vertical list of lines and gaps
 * (see vlist.h), with the structure elements and outline they imply.
 *
 * Spacing follows clear-print practice: a blank line (one line pitch at
 * the body size, times paragraph_space) between blocks, more above a heading than below it, hanging indents for
 * list items.  Keep rules are set here and honoured by pages.c:
 *   - a heading stays with the first two lines of what follows;
 *   - a paragraph never leaves one line alone at a page's foot or head;
 *   - a lead-in line ("... include:") stays with the first list item;
 *   - a list item of up to three lines, a callout and a reference entry are
 *     never split.
 * A list or callout whose indent would leave a line less than one em of
 * the body size (nested too deep for the page) is an error at its place.
 *
 * A block in a language written right to left is set right to left: its
 * lines aligned right and ragged left, a list's labels and indent on the
 * right.  Each block's structure element carries its language when it
 * differs from the document's.
 */
#include <math.h>
#include <string.h>

#include "leaflet/utf8.h"
#include "leaflet/proof.h"
#include "leaflet/language.h"
#include "vlist.h"

/* How one block is being placed. */
typedef struct frame {
  double left;        /* text starts here */
  double width;       /* the measure */
  int parent;         /* structure element the block belongs to */
  const char *lang;   /* the language of what holds the block */
  int side;           /* inside a list item, the list's side (1 right, -1
                         left), so that an item in the other direction
                         stands by its label; else 0 */
} frame;

typedef struct builder {
  lf_arena *arena;
  lf_diags *diags;
  const lf_format *format;
  const lf_fontset *fonts;
  lf_display *display;
  vlist *vl;
  const lf_document *doc;
  int list_depth;     /* lists the block being built is inside */
  int change_bar;     /* the block being built is a proof's changed one */
  lf_table_env env;   /* for tables and figures: set_cell() below */
  double cell_left;   /* the edge of the table cell being set */
  double cell_min;    /* its least width so far (set_text_as()) */
  int cell_bold;      /* its text is bold (a header cell) */
  vlist *doc_vl;      /* the document's own list (b->vl may be a cell's) */
  long about;         /* its index of "About this leaflet", or -1 */
  double level_size[5]; /* each heading level's size (0: none planned) */
  double measure;       /* the page's measure, the frame the plan used */
  int failed;
} builder;

/*
 * 'push()' - Append an item to the vertical list.
 */
static vitem *push(builder *b, vitem_kind kind, double height) {
  vitem *it = lf_vlist_push(b->arena, b->vl, kind, height);
  if (!it) {
    if (!b->failed)
      lf_error(b->diags, (lf_pos){b->doc->source_file, 0, 0}, "out of memory");
    b->failed = 1;
  }
  return it;
}

/*
 * 'gap()' - Vertical space between blocks (never two gaps in a row: the
 * larger wins).
 */
static void gap(builder *b, double height) {
  vlist *vl = b->vl;
  if (vl->count == 0)
    return;
  vitem *last = &vl->items[vl->count - 1];
  if (last->kind == VITEM_GAP) {
    if (height > last->height)
      last->height = height;
    return;
  }
  push(b, VITEM_GAP, height);
}

/*
 * 'element()' - A new structure element in 'lang', which it names when that
 * is not the document's language; failing the build on error.
 */
static int element(builder *b, lf_element_type type, int parent, const char *role,
                   const char *lang) {
  int e = lf_layout_element(b->arena, b->display, type, parent, role, lang);
  if (e < 0)
    b->failed = 1;
  return e;
}

/*
 * 'change_span()' - A Span for a proof's deleted or inserted words, which
 * a screen reader says as "[deleted: ...]" or "[inserted: ...]" (its
 * /ActualText); -1 when out of memory.
 */
static int change_span(builder *b, int parent, const lf_run *run) {
  int span = element(b, LF_EL_SPAN, parent, NULL, NULL);
  if (span >= 0)
    b->display->elements[span].actual_text = lf_change_marker(b->arena, run);
  return span;
}

/*
 * 'line_spacing()' - The line spacing of a paragraph set in the fonts of
 * the script slots 'slots': the format's, or more for a script that needs
 * it (Nastaliq's taller lines).
 */
static double line_spacing(const lf_format *s, unsigned slots) {
  double spacing = s->line_spacing;
  for (int k = 0; k < LF_FONT_SCRIPT_COUNT; k++)
    if ((slots & (1u << k)) && s->scripts[k].line_spacing > spacing)
      spacing = s->scripts[k].line_spacing;
  return spacing;
}

/*
 * 'label_colon()' - What follows a stacked table's label in 'lang': ": ",
 * or in Chinese and Japanese the full-width colon (no space after it), as
 * their own text and the footer write it.
 */
static lf_run label_colon(const char *lang) {
  char primary[16];
  const char *p = lang ? lf_language_primary(lang, primary, sizeof primary) : NULL;
  if (p && (strcmp(p, "zh") == 0 || strcmp(p, "ja") == 0))
    return (lf_run){.text = "\uFF1A", .len = 3};
  return (lf_run){.text = ": ", .len = 2};
}

/*
 * 'set_text_as()' - Break runs into lines and append them.  'keep_lines'
 * asks that the lines never be split across pages (list items, callouts).
 * The text is an element of 'type' under the frame's parent, or with
 * 'type' LF_EL_TYPE_COUNT the parent's own text (a table cell's).  With a
 * 'label', that is set first, in bold and followed by ": " (label_colon()),
 * as the text of 'label_el' (a stacked table's header).  Returns the index
 * of the first line item, or -1.
 */
static long set_text_as(builder *b, const lf_inline *in, lf_pos pos, frame f, double size,
                        int bold, lf_element_type type, int keep_lines, unsigned colour,
                        int *element_out, const lf_inline *label, int label_el) {
  const char *lang = f.lang; /* the block's: build_blocks() put it in the frame */
  lf_inline runs = lf_inline_with_urls(b->arena, in, b->format->print_urls);
  size_t extra = label ? label->count + 1 : 0;
  if (bold || label) {
    lf_run *copy = lf_arena_array(b->arena, runs.count + extra, sizeof *copy);
    if (!copy) {
      b->failed = 1;
      return -1;
    }
    for (size_t i = 0; i < extra; i++) {
      copy[i] = i < extra - 1 ? label->runs[i] : label_colon(lang);
      copy[i].style = (copy[i].style & ~(unsigned)LF_RUN_LINK) | LF_RUN_STRONG;
    }
    for (size_t i = 0; i < runs.count; i++) {
      copy[extra + i] = runs.runs[i];
      if (bold)
        copy[extra + i].style |= LF_RUN_STRONG;
    }
    runs.runs = copy;
    runs.count += extra;
  }
  lf_inline *kept = lf_arena_alloc(b->arena, sizeof *kept);
  int *run_elements = lf_arena_array(b->arena, runs.count + 1, sizeof(int));
  if (!kept || !run_elements) {
    b->failed = 1;
    return -1;
  }
  *kept = runs;
  int el = type == LF_EL_TYPE_COUNT ? f.parent : element(b, type, f.parent, NULL, lang);
  if (element_out)
    *element_out = el;
  int link_el = -1;
  const char *link_href = NULL;
  for (size_t i = 0; i < runs.count; i++) {
    if (i < extra) {
      run_elements[i] = label_el;
    } else if (runs.runs[i].style & (LF_RUN_DELETED | LF_RUN_INSERTED)) {
      run_elements[i] = change_span(b, el, &runs.runs[i]);
      link_href = NULL;
    } else if (runs.runs[i].style & LF_RUN_LINK) {
      if (!link_href || strcmp(link_href, runs.runs[i].href) != 0 ||
          !(runs.runs[i - 1].style & LF_RUN_LINK)) {
        link_el = element(b, LF_EL_LINK, el, NULL, lang);
        if (link_el >= 0)
          b->display->elements[link_el].alt =
              lf_words_link(b->arena, b->env.words, LF_WORD_LINK, runs.runs[i].href);
        link_href = runs.runs[i].href;
      }
      run_elements[i] = link_el;
    } else {
      run_elements[i] = el;
      link_href = NULL;
    }
  }
  lf_lines lines;
  if (lf_break_lines(b->arena, b->fonts, &runs, lang, size, f.width, pos, &lines,
                     b->diags) != 0) {
    b->failed = 1;
    return -1;
  }
  b->display->words_split += lines.forced_splits;
  /* a table cell's least width: its widest word, from the cell's edge */
  if (lines.min_width + (f.left - b->cell_left) > b->cell_min)
    b->cell_min = lines.min_width + (f.left - b->cell_left);
  const lf_format *s = b->format;
  double pitch = size * line_spacing(s, lines.script_slots);
  double ascent = (double)lf_font_ascent(b->fonts->face[LF_FACE_REGULAR]) / 1000.0;
  double descent = -(double)lf_font_descent(b->fonts->face[LF_FACE_REGULAR]) / 1000.0;
  /* centre the font's ascent+descent in the line's pitch */
  double baseline = (pitch - (ascent + descent) * size) / 2 + ascent * size;
  /* lines asked to stay together do, when they fit on a page; else they
   * break as any paragraph's may (a long reference), a heading with a
   * warning (a title of eight lines at 30 pt on A5 went over two pages
   * unsaid) */
  if (keep_lines && b->vl == b->doc_vl && (double)lines.count * pitch > b->env.page_room) {
    keep_lines = 0;
    if (type == LF_EL_H1 || type == LF_EL_H2 || type == LF_EL_H3 || type == LF_EL_H4)
      lf_warn_kept_split(b->diags, pos, b->doc, s, b->display);
  }
  long first = (long)b->vl->count;
  double widest = 0;
  for (size_t i = 0; i < lines.count; i++)
    widest = fmax(widest, lines.lines[i].width);
  for (size_t i = 0; i < lines.count; i++) {
    vitem *it = push(b, VITEM_LINE, pitch);
    if (!it)
      return -1;
    it->line = lines.lines[i];
    /* ragged right, or (right to left) ragged left: each line from its
     * own start edge.  In a list item in the other direction (f.side
     * against the text's), the block is as wide as its widest line and
     * stands by the label, its lines flush to their start within it */
    double left = f.left, width = f.width;
    if (f.side && (f.side > 0) != lines.rtl) {
      width = widest;
      if (f.side > 0)
        left = f.left + f.width - widest;
    }
    it->x = lines.rtl ? left + width - lines.lines[i].width : left;
    it->rtl = lines.rtl;
    it->lang = lang;
    it->size = size;
    it->baseline = baseline;
    it->colour = colour;
    it->runs = kept;
    it->run_elements = run_elements;
    it->continues = i + 1 < lines.count;
    it->change_bar = b->change_bar;
    if (i > 0) {
      size_t n = lines.count;
      /* no orphan (one line at a page's foot) and no widow (one at its head) */
      it->keep_before = keep_lines || i == 1 || i == n - 1;
    }
  }
  return first;
}

/*
 * 'set_text()' - set_text_as() for text in an element of its own.
 */
static long set_text(builder *b, const lf_inline *in, lf_pos pos, frame f, double size,
                     int bold, lf_element_type type, int keep_lines, unsigned colour,
                     int *element_out) {
  return set_text_as(b, in, pos, f, size, bold, type, keep_lines, colour, element_out, NULL,
                     -1);
}

static void build_blocks(builder *b, const lf_blocks *blocks, frame f, int in_item);

/*
 * 'heading_fit()' - The size heading 'blk' can be set at in frame 'f':
 * its level's, or less where a word of it is wider than the measure, or
 * where it would be too tall to share a page with what it keeps.
 */
static double heading_fit(builder *b, const lf_block *blk, frame f) {
  const lf_format *s = b->format;
  double size = s->body_size * s->heading_scale[blk->level];
  /* a heading with a word wider than the measure at its size (at 40 pt
   * and more) is set smaller, down to the body size, rather than have the
   * word split: larger than the body only as far as its words allow */
  if (size > s->body_size) {
    lf_lines trial;
    lf_diags quiet;
    lf_diags_init(&quiet);
    lf_inline runs = lf_inline_with_urls(b->arena, &blk->text, s->print_urls);
    lf_run *bold = lf_arena_array(b->arena, runs.count ? runs.count : 1, sizeof *bold);
    for (size_t i = 0; bold && i < runs.count; i++) {
      bold[i] = runs.runs[i];
      bold[i].style |= LF_RUN_STRONG; /* as set_text() sets it */
    }
    if (bold)
      runs.runs = bold;
    double trial_size = 0; /* the size 'trial' was set at: 0, none */
    if (lf_break_lines(b->arena, b->fonts, &runs, f.lang, size, f.width, blk->pos, &trial,
                       &quiet) == 0) {
      trial_size = size;
      if (trial.min_width > f.width) {
        double fit = floor(size * f.width / trial.min_width * 10) / 10;
        size = fit > s->body_size ? fit : s->body_size;
      }
    }
    /* nor may a heading be too tall to share a page with the lines of
     * what it heads that it keeps (two, three when they are a paragraph
     * of three, which may not leave one line alone): a long heading at 24
     * pt on A5 would be left alone at a page's foot.  Smaller, a step at a
     * time, down to the body size, until it fits. */
    double keep_room = b->env.page_room -
                       s->paragraph_space * s->body_size * s->line_spacing - /* the gap */
                       3 * s->body_size * s->line_spacing;
    while (size > s->body_size && b->vl == b->doc_vl) {
      if (trial_size != size) {
        if (lf_break_lines(b->arena, b->fonts, &runs, f.lang, size, f.width, blk->pos, &trial,
                           &quiet) != 0)
          break;
        trial_size = size;
      }
      if ((double)trial.count * size * line_spacing(s, trial.script_slots) <= keep_room + 1e-6)
        break;
      double smaller = floor(size * 0.95 * 10) / 10;
      size = smaller > s->body_size ? smaller : s->body_size;
    }
    lf_diags_free(&quiet);
  }
  return size;
}

/*
 * 'plan_heading_sizes()' - One size for each level of heading in the
 * document's own blocks: the least any heading of that level needs
 * (heading_fit()), and never more than the level above it, so that at a
 * very large size, where headings shrink to fit, every heading of a level
 * is the same size and a lower level is never the larger.
 */
static void plan_heading_sizes(builder *b, const lf_blocks *blocks, frame f) {
  for (size_t i = 0; i < blocks->count; i++) {
    const lf_block *blk = &blocks->items[i];
    if (blk->kind != LF_BLOCK_HEADING || blk->level < 1 || blk->level > 4)
      continue;
    double size = heading_fit(b, blk, f);
    if (b->level_size[blk->level] == 0 || size < b->level_size[blk->level])
      b->level_size[blk->level] = size;
  }
}

/*
 * 'build_heading()' - A heading: bold, larger, an outline entry, and kept
 * with the first two lines of what follows.  Its size is its level's
 * (plan_heading_sizes()), or less where its frame is narrower.  The space
 * above it parts it from what comes before: 'opens' (the first block of a
 * callout or a list item) has none, or the box's top would stand two
 * lines above its text.
 */
static void build_heading(builder *b, const lf_block *blk, frame f, int opens) {
  const lf_format *s = b->format;
  /* a heading of the document's own blocks was measured by the plan, at
   * the measure; one in a narrower frame is measured again */
  double size = f.width == b->measure && b->vl == b->doc_vl && b->level_size[blk->level] > 0
                    ? b->level_size[blk->level]
                    : heading_fit(b, blk, f);
  for (int k = 1; k <= blk->level; k++)
    if (b->level_size[k] > 0 && b->level_size[k] < size)
      size = b->level_size[k];
  if (size < s->body_size)
    size = s->body_size;
  static const lf_element_type types[] = {LF_EL_H1, LF_EL_H1, LF_EL_H2, LF_EL_H3, LF_EL_H4};
  if (blk->level > 1 && !opens)
    gap(b, s->paragraph_space * s->body_size * s->line_spacing * 1.5);
  int el = -1;
  long first = set_text(b, &blk->text, blk->pos, f, size, 1, types[blk->level], 1,
                        s->text_colour, &el);
  if (first < 0)
    return;
  /* a proof's heading is named in the outline as it now reads */
  lf_inline now = blk->text;
  lf_run *kept_runs = lf_arena_array(b->arena, blk->text.count + 1, sizeof *kept_runs);
  if (kept_runs) {
    now = (lf_inline){kept_runs, 0};
    for (size_t i = 0; i < blk->text.count; i++)
      if (!(blk->text.runs[i].style & LF_RUN_DELETED))
        kept_runs[now.count++] = blk->text.runs[i];
  }
  char *title = lf_inline_plain(b->arena, now.count ? &now : &blk->text);
  if (el >= 0)
    b->display->elements[el].title = title;
  /* its page and place are filled in when the page breaker sets the line */
  int entry = lf_display_add_outline(b->arena, b->display, blk->level, title, 0, 0);
  if (entry < 0) {
    b->failed = 1;
    return;
  }
  b->vl->items[first].outline = entry;
  gap(b, s->paragraph_space * s->body_size * s->line_spacing * 0.5);
  for (size_t k = (size_t)first; k < b->vl->count; k++)
    b->vl->items[k].heading = 1;
  /* what follows a heading may not start a new page without it (every
   * heading of a leaflet is kept with what follows; a proof's heading of a
   * section folded away has nothing under it to keep) */
  if (blk->keep & LF_KEEP_WITH_NEXT)
    b->vl->items[b->vl->count - 1].keep_before = 1;
}

/*
 * 'is_line()' - Whether an item counts as a line of what follows a break:
 * a line of text, a table row, a picture.
 */
static int is_line(const vitem *it) {
  return it->kind == VITEM_LINE || it->kind == VITEM_ROW ||
         (it->kind == VITEM_MARK && it->height > 0);
}

/*
 * 'join_to_first_line()' - Keep items [from, end) with what comes before
 * them ('keep': 1, or KEEP_SOFT where nothing firmer is set) up to and
 * including the first line among them: the place where two blocks join.
 */
static void join_to_first_line(vlist *vl, size_t from, size_t end, int keep) {
  for (size_t k = from; k < end; k++) {
    vitem *it = &vl->items[k];
    if (keep != KEEP_SOFT || !it->keep_before)
      it->keep_before = keep;
    if (is_line(it))
      break;
  }
}

/*
 * 'keep_next_lines()' - Forbid page breaks before items from 'from' on
 * until '*n' more lines have passed (a heading's "two lines of what
 * follows"); '*n' counts down the lines seen.
 */
static void keep_next_lines(builder *b, size_t from, int *n) {
  for (size_t i = from; i < b->vl->count && *n > 0; i++) {
    vitem *it = &b->vl->items[i];
    it->keep_before = 1;
    if (it->kind == VITEM_LINE)
      --*n;
    else if (is_line(it)) /* a table's first row, or a picture, shows what follows */
      *n = 0;
  }
}

/*
 * 'has_room()' - Whether text 'inner' points wide (what a frame 'width'
 * wide leaves inside a list or callout) still has a line's room: at least
 * one em of the body size.  Else the error is for the caller to report and
 * the build fails.
 */
static int has_room(builder *b, double inner) {
  if (inner >= b->format->body_size)
    return 1;
  b->failed = 1;
  return 0;
}

/* Lists of at most this many items are kept whole when they take at most
 * a quarter of a page. */
enum { SHORT_LIST = 5 };

/*
 * 'keep_list_items()' - Where a list may break between its items
 * ('joins[i]': where item i begins, the gap before it included): never
 * after the first item nor before the last when that item is one or two
 * lines (no short item alone at a page's foot or head); in a numbered
 * list (a procedure) never before the third step when the first three
 * take half a page or less, so that the steps begin together; and in a
 * short list (SHORT_LIST items or fewer, in a quarter of a page or less)
 * only as a block kept with the next gives way (KEEP_SOFT): a page that
 * must part a lead-in from its list parts the list instead, the lead-in
 * with its first items ("depend on:" ended an A5 page, its four items
 * overleaf).
 */
static void keep_list_items(builder *b, const lf_block *blk, const size_t *joins,
                            size_t list_start) {
  size_t n = blk->list_count;
  double half = b->env.page_room / 2;
  double *height = lf_arena_array(b->arena, n, sizeof *height);
  size_t *lines = lf_arena_array(b->arena, n, sizeof *lines);
  if (!height || !lines || n < 2)
    return;
  double total = 0;
  for (size_t i = 0; i < n; i++) {
    size_t from = i ? joins[i] : list_start, to = i + 1 < n ? joins[i + 1] : b->vl->count;
    for (size_t k = from; k < to; k++) {
      height[i] += b->vl->items[k].height;
      lines[i] += b->vl->items[k].kind == VITEM_LINE;
    }
    total += height[i];
  }
  int whole = n <= SHORT_LIST && total <= half / 2;
  double first_three = height[0] + height[1] + (n > 2 ? height[2] : 0);
  for (size_t i = 1; i < n; i++) {
    int keep = (i == 1 && lines[0] <= 2) || (i == n - 1 && lines[n - 1] <= 2) ||
               (blk->ordered && i < 3 && first_three <= half);
    if (keep || whole)
      join_to_first_line(b->vl, joins[i], i + 1 < n ? joins[i + 1] : b->vl->count,
                         keep ? 1 : KEEP_SOFT);
  }
}

/*
 * 'item_number()' - A numbered list's 'n' in the digits of the document's
 * words when the list is in the document's language, else in 0 to 9.
 */
static const char *item_number(builder *b, const char *lang, size_t n) {
  const char *doc = b->doc->language;
  int same = lang == doc || (lang && doc && strcmp(lang, doc) == 0);
  const char *number = lf_words_number(b->arena, same ? b->env.words : NULL, n);
  return number ? number : lf_arena_printf(b->arena, "%zu", n);
}

/*
 * 'number_width()' - The widest a list's number up to 'count' ("12.") can
 * be in the labels' face at the body size: as many of the widest digit (in
 * the digits item_number() writes for 'lang') as 'count' has digits, and
 * the full stop.
 */
static double number_width(builder *b, const char *lang, size_t count) {
  double digit = 0;
  for (size_t d = 0; d <= 9; d++) {
    const char *c = item_number(b, lang, d);
    double w = lf_text_width(b->fonts, LF_FACE_REGULAR, c, strlen(c), b->format->body_size);
    if (w > digit)
      digit = w;
  }
  int digits = 1;
  for (size_t n = count; n >= 10; n /= 10)
    digits++;
  return digits * digit + lf_text_width(b->fonts, LF_FACE_REGULAR, ".", 1, b->format->body_size);
}

/*
 * 'build_list()' - Bulleted, numbered or plain list items with hanging
 * indents: wrapped lines align with the item's text, not its label.  A
 * list whose indent leaves no room on the line is an error at its place,
 * saying how deep lists may nest there.
 */
static void build_list(builder *b, const lf_block *blk, frame f) {
  const lf_format *s = b->format;
  double indent = s->list_indent * s->body_size;
  /* a numbered list's indent holds its widest number and half an em:
   * "10." and "100." once ran into their items' first words */
  if (blk->ordered && !blk->plain) {
    double need = number_width(b, f.lang, blk->list_count) + 0.5 * s->body_size;
    if (need > indent)
      indent = need;
  }
  int depth = b->list_depth + 1;
  if (!blk->plain && !has_room(b, f.width - indent)) {
    if (depth > 1)
      lf_error(b->diags, blk->pos,
               "list nested %d deep leaves no room on the line at this page width "
               "(the line is %.1f pt here and the list's indent takes %g pt of it, "
               "leaving less than one em, %g pt, for its text; expected lists "
               "nested at most %d deep here)",
               depth, f.width, indent, s->body_size, depth - 1);
    else
      lf_error(b->diags, blk->pos,
               "list leaves no room on the line at this page width (the line is "
               "%.1f pt here and the list's indent takes %g pt of it, leaving less "
               "than one em, %g pt, for its text; expected no list here)",
               f.width, indent, s->body_size);
    return;
  }
  b->list_depth = depth;
  /* right to left, the labels and the indent are on the right */
  int rtl = lf_language_is_rtl(f.lang);
  int list_el = element(b, LF_EL_L, f.parent, NULL, f.lang);
  size_t *joins = lf_arena_array(b->arena, blk->list_count + 1, sizeof *joins);
  if (!joins) {
    b->failed = 1;
    return;
  }
  size_t list_start = b->vl->count;
  for (size_t i = 0; i < blk->list_count; i++) {
    joins[i] = b->vl->count; /* where a page may break before item i */
    if (i > 0)
      gap(b, s->body_size * (blk->plain ? 0.75 : 0.4));
    int li = element(b, LF_EL_LI, list_el, NULL, f.lang);
    int lbl = -1;
    const char *label = NULL;
    if (!blk->plain) {
      lbl = element(b, LF_EL_LBL, li, NULL, f.lang);
      /* numbers in the list's language's digits ("۱." in Persian) */
      label = blk->ordered ? lf_arena_printf(b->arena, "%s.", item_number(b, f.lang, i + 1))
                           : "\u2022";
    }
    int body = element(b, LF_EL_LBODY, li, NULL, f.lang);
    double taken = blk->plain ? 0 : indent;
    frame inner = {.left = f.left + (rtl ? 0 : taken), .width = f.width - taken,
                   .parent = body, .lang = f.lang, .side = rtl ? 1 : -1};
    size_t first = b->vl->count;
    build_blocks(b, &blk->list_items[i], inner, 1);
    if (b->failed)
      return;
    /* the label sits on the item's first line, before the labels of
     * lists that start the item */
    size_t lines = 0;
    for (size_t k = first; k < b->vl->count; k++) {
      vitem *it = &b->vl->items[k];
      if (it->kind != VITEM_LINE)
        continue;
      if (lines == 0 && label) {
        vlabel *l = lf_arena_alloc(b->arena, sizeof *l);
        if (!l) {
          b->failed = 1;
          return;
        }
        *l = (vlabel){.text = label, .x = rtl ? f.left + f.width : f.left, .right = rtl,
                      .face = LF_FACE_REGULAR, .element = lbl, .lang = f.lang,
                      .next = it->labels};
        it->labels = l;
      }
      lines++;
    }
    /* an item of up to three lines, a glossary entry and a reference are
     * never split, when they fit on a page (a reference of nine lines at
     * 24 pt on A5 does not: it breaks as its paragraphs may) */
    double item_height = 0;
    for (size_t k = first; k < b->vl->count; k++)
      item_height += b->vl->items[k].height;
    if ((lines <= 3 || blk->plain || (blk->keep & LF_KEEP_TOGETHER)) &&
        (b->vl != b->doc_vl || item_height <= b->env.page_room))
      for (size_t k = first + 1; k < b->vl->count; k++)
        b->vl->items[k].keep_before = 1;
  }
  keep_list_items(b, blk, joins, list_start);
  b->list_depth = depth - 1;
}

/*
 * 'build_callout()' - A boxed note, never split across pages.  One whose
 * padding leaves no room on the line is an error at its place.
 */
static void build_callout(builder *b, const lf_block *blk, frame f) {
  const lf_format *s = b->format;
  double pad = s->body_size * 0.75 + s->rule_width;
  if (!has_room(b, f.width - 2 * pad)) {
    lf_error(b->diags, blk->pos,
             "callout leaves no room on the line at this page width (the line is "
             "%.1f pt here and the callout's padding takes %g pt of it, leaving "
             "less than one em, %g pt, for its text; expected it nested less deep)",
             f.width, 2 * pad, s->body_size);
    return;
  }
  int el = element(b, LF_EL_DIV, f.parent, "Callout", f.lang);
  int box = (int)b->vl->box_count++;
  vitem *top = push(b, VITEM_BOX_START, pad);
  if (!top)
    return;
  top->box = box;
  top->box_x = f.left;
  top->box_w = f.width;
  size_t first = b->vl->count;
  frame inner = {.left = f.left + pad, .width = f.width - 2 * pad, .parent = el,
                 .lang = f.lang, .side = f.side};
  build_blocks(b, &blk->body, inner, 1);
  vitem *bottom = push(b, VITEM_BOX_END, pad);
  if (!bottom)
    return;
  bottom->box = box;
  bottom->box_x = f.left;
  bottom->box_w = f.width;
  for (size_t k = first; k < b->vl->count; k++)
    b->vl->items[k].keep_before = 1;
}

/*
 * 'build_blocks()' - Each block in turn, with the keep rules between them.
 */
static void build_blocks(builder *b, const lf_blocks *blocks, frame f, int in_item) {
  const lf_format *s = b->format;
  int keep_lines = 0;      /* lines after a heading that must stay with it */
  size_t keep_from = 0;
  frame outer = f;
  for (size_t i = 0; i < blocks->count && !b->failed; i++) {
    const lf_block *blk = &blocks->items[i];
    f.lang = blk->language ? blk->language : outer.lang;
    size_t start = b->vl->count; /* from here: the gap before, then the block */
    if (i > 0 && blk->kind != LF_BLOCK_HEADING)
      gap(b, s->paragraph_space * s->body_size * s->line_spacing * (in_item ? 0.25 : 1.0));
    int bar_before = b->change_bar;
    b->change_bar |= blk->change != LF_CHANGE_NONE;
    switch (blk->kind) {
    case LF_BLOCK_HEADING:
      if (blk->role && strcmp(blk->role, "about") == 0 && b->vl == b->doc_vl)
        b->about = (long)b->vl->count;
      build_heading(b, blk, f, in_item && i == 0);
      break;
    case LF_BLOCK_PARAGRAPH: {
      size_t first = b->vl->count;
      set_text(b, &blk->text, blk->pos, f, s->body_size, b->cell_bold, LF_EL_P,
               (blk->keep & LF_KEEP_TOGETHER) != 0, s->text_colour, NULL);
      /* a paragraph kept with the next (a glossary term over its
       * definition, "Common side effects of sunitinib include:") is, to a
       * page that must be cut, a heading: never left at the page's foot
       * (a term stood alone at 30 pt on A5, its definition overleaf) */
      if (blk->keep & LF_KEEP_WITH_NEXT)
        for (size_t k = first; k < b->vl->count; k++)
          b->vl->items[k].heading = 1;
      break;
    }
    case LF_BLOCK_TABLE:
      if (lf_build_table(&b->env, blk, f.left, f.width, f.parent, f.lang, b->vl) != 0)
        b->failed = 1;
      break;
    case LF_BLOCK_FIGURE:
      if (lf_build_figure(&b->env, blk, f.left, f.width, f.parent, f.lang, b->vl) != 0)
        b->failed = 1;
      break;
    case LF_BLOCK_QR:
      if (lf_build_qr(&b->env, blk, f.left, f.width, f.parent, f.lang, b->vl) != 0)
        b->failed = 1;
      break;
    case LF_BLOCK_WRITE_IN:
      if (lf_build_write_in(&b->env, blk, f.left, f.width, f.parent, f.lang, b->vl) != 0)
        b->failed = 1;
      break;
    case LF_BLOCK_LABEL_BOX:
      if (lf_build_label_box(&b->env, blk, f.left, f.width, f.parent, f.lang, b->vl) != 0)
        b->failed = 1;
      break;
    case LF_BLOCK_LIST:
      build_list(b, blk, f);
      break;
    case LF_BLOCK_CALLOUT:
      build_callout(b, blk, f);
      break;
    case LF_BLOCK_PAGE_BREAK:
      push(b, VITEM_PAGE_BREAK, 0);
      keep_lines = 0;
      break;
    }
    b->change_bar = bar_before;
    if (b->failed)
      return;
    /* the block's items know where it is written (blocks inside it, a
     * list's items or a callout's, have said already) */
    for (size_t k = start; k < b->vl->count; k++)
      if (!b->vl->items[k].pos.file)
        b->vl->items[k].pos = blk->pos;
    /* a heading keeps the first two lines of what follows; a heading after
     * a line of it (a one-line answer) starts a chain of its own, or each
     * heading with a one-line paragraph bound the next section to it and a
     * whole run of them left the page 7 lines short */
    if (keep_lines > 0 && blk->kind == LF_BLOCK_HEADING && keep_lines < 2)
      keep_lines = 0;
    if (keep_lines > 0) {
      keep_next_lines(b, keep_from, &keep_lines);
      keep_from = b->vl->count;
    }
    if (blk->kind == LF_BLOCK_HEADING && (blk->keep & LF_KEEP_WITH_NEXT)) {
      keep_lines = 2;
      keep_from = b->vl->count;
    }
    /* a kept-with-next block (and a lead-in before its list) stays with
     * the first line of the next block */
    const lf_block *prev = i > 0 ? &blocks->items[i - 1] : NULL;
    if (prev && ((prev->keep & LF_KEEP_WITH_NEXT) ||
                 (prev->kind == LF_BLOCK_PARAGRAPH && blk->kind == LF_BLOCK_LIST))) {
      join_to_first_line(b->vl, start, b->vl->count, KEEP_SOFT);
    }
  }
}

/*
 * 'set_cell()' - Set a table cell's blocks, or the words of a figure, QR
 * code or write-in space, for table.c and figures.c (lf_table_env): into a
 * list of their own, a single paragraph as the text of the request's
 * element, more blocks as elements under it; and measure them.
 */
static int set_cell(void *owner, lf_cell_request *req) {
  builder *b = owner;
  const lf_format *s = b->format;
  vlist *saved_vl = b->vl;
  double saved_left = b->cell_left, saved_min = b->cell_min;
  int saved_bold = b->cell_bold, saved_depth = b->list_depth, saved_failed = b->failed;
  b->vl = req->into;
  b->cell_left = req->left;
  b->cell_min = 0;
  b->cell_bold = req->bold;
  b->list_depth = 0;
  b->failed = 0;
  frame f = {.left = req->left, .width = req->width, .parent = req->element, .lang = req->lang};
  size_t first = req->into->count;
  const lf_blocks *blocks = req->blocks;
  const lf_block *lead = blocks->count ? &blocks->items[0] : NULL;
  int direct = lead && lead->kind == LF_BLOCK_PARAGRAPH && (blocks->count == 1 || req->label);
  if (direct || req->label) {
    /* the label, with the first paragraph's text when it has one */
    lf_inline none = {0};
    frame g = f;
    if (direct && lead->language) {
      g.lang = lead->language;
      /* the paragraph is the cell's own text: the cell says its language */
      if (req->element >= 0 && !lf_language_same(g.lang, b->doc->language))
        b->display->elements[req->element].lang = g.lang;
    }
    set_text_as(b, direct ? &lead->text : &none, lead ? lead->pos : (lf_pos){0}, g,
                s->body_size, req->bold, LF_EL_TYPE_COUNT, 0, s->text_colour, NULL,
                req->label, req->label_element);
    lf_blocks rest = {blocks->items + (direct ? 1 : 0), blocks->count - (direct ? 1 : 0)};
    if (!b->failed && rest.count) {
      gap(b, s->paragraph_space * s->body_size * s->line_spacing * 0.25);
      build_blocks(b, &rest, f, 1);
    }
  } else {
    build_blocks(b, blocks, f, 1);
  }
  double natural = 0;
  for (size_t k = first; k < req->into->count; k++) {
    const vitem *it = &req->into->items[k];
    if (it->kind != VITEM_LINE)
      continue;
    double w = it->rtl ? req->left + req->width - it->x : it->x + it->line.width - req->left;
    if (w > natural)
      natural = w;
  }
  req->min_width = b->cell_min;
  req->natural_width = natural;
  int failed = b->failed;
  b->vl = saved_vl;
  b->cell_left = saved_left;
  b->cell_min = saved_min;
  b->cell_bold = saved_bold;
  b->list_depth = saved_depth;
  b->failed = saved_failed || failed;
  return failed ? -1 : 0;
}

/*
 * 'lf_build_vlist()' - The vertical list of a whole document.
 */
int lf_build_vlist(lf_arena *arena, const lf_document *doc, const lf_format *format,
                   const lf_fontset *fonts, lf_display *display, vlist *out,
                   lf_diags *diags) {
  memset(out, 0, sizeof *out);
  lf_footer footer;
  if (lf_footer_plan(arena, doc, format, fonts, 0, &footer) != 0) {
    lf_error(diags, (lf_pos){doc->source_file, 0, 0}, "out of memory");
    return -1;
  }
  /* a size so large for the paper that the footer leaves no room to read
   * in (48 pt on A5) is refused, rather than set over the footer */
  out->footer_height = doc->no_footer ? 0 : footer.height;
  double room = format->page_height - format->margin_top - format->margin_bottom -
                out->footer_height;
  double line = format->body_size * format->line_spacing;
  if (room < 3 * line) {
    lf_diag_add_kind(diags, LF_ERROR, LF_DIAG_PAGE_ROOM, (lf_pos){doc->source_file, 0, 0},
             "%s: at %g pt on paper %.0f x %.0f mm a page has room for %d line%s of text "
             "above its footer (expected at least 3: a smaller size, or larger paper)",
             doc->stem, format->body_size, format->page_width * 25.4 / 72,
             format->page_height * 25.4 / 72, room > 0 ? (int)(room / line) : 0,
             room >= line && room < 2 * line ? "" : "s");
    return -1;
  }
  builder b = {.arena = arena, .diags = diags, .format = format, .fonts = fonts,
               .display = display, .vl = out, .doc = doc, .doc_vl = out, .about = -1};
  b.env = (lf_table_env){.arena = arena, .diags = diags, .format = format, .fonts = fonts,
                         .display = display, .words = lf_words_or_english(doc->words),
                         .owner = &b, .set_cell = set_cell,
                         .page_room = room};
  b.cell_left = format->margin_left;
  int root = element(&b, LF_EL_DOCUMENT, -1, NULL, doc->language);
  frame f = {.left = format->margin_left,
             .width = format->page_width - format->margin_left - format->margin_right,
             .parent = root, .lang = doc->language};
  b.measure = f.width;
  plan_heading_sizes(&b, &doc->body, f);
  plan_heading_sizes(&b, &doc->back_page, f);
  build_blocks(&b, &doc->body, f, 0);
  /* "About this leaflet" is kept on one page (the last) when it fits,
   * unless that would leave the page before more than a third empty */
  if (!b.failed && b.about >= 0) {
    size_t from = (size_t)b.about;
    while (from < out->count && out->items[from].kind != VITEM_LINE)
      from++;
    double height = 0;
    for (size_t k = from; k < out->count; k++)
      height += out->items[k].height;
    if (height <= b.env.page_room)
      for (size_t k = from + 1; k < out->count; k++)
        if (!out->items[k].keep_before)
          out->items[k].keep_before = KEEP_SOFT;
  }
  if (!b.failed && doc->back_page.count) {
    /* the back page's blocks end the last page, with what ends the body
     * where there is room */
    size_t start = out->count;
    gap(&b, format->paragraph_space * format->body_size * format->line_spacing);
    build_blocks(&b, &doc->back_page, f, 0);
    join_to_first_line(out, start, out->count, KEEP_SOFT);
  }
  return b.failed ? -1 : 0;
}
