/*
 * footer.c -- how a document's footer is set (lf_footer_plan in vlist.h):
 * its size, its note (the review date, or the document's own) set to the
 * measure, and the room it takes above the bottom margin.  pages.c places
 * it on every page; the page breaker, the vertical list and the booklet's
 * notes pages leave room for it.
 *
 * The note is one line; at a size where it is wider than the measure (38
 * pt and more on A4) it is broken as a paragraph, the date held whole, and
 * the footer takes the lines it needs.  So does the title: where neither
 * it nor its short title fits a line beside the page number, the short
 * title is set whole over two lines (never "Targeted and…": a patient
 * cannot read a title cut short), cut at a word only where that fails.
 * The room the page breaker keeps is planned for as many pages as a
 * leaflet can have, so the footer set once the pages are counted never
 * takes more.
 */
#include <string.h>

#include "leaflet/words.h"
#include "vlist.h"

/*
 * 'footer_note()' - The document's own footer note, else its review date
 * ("Next review due: 26 Feb 2028", or that it is overdue) in its words;
 * with 'runs' (3) the note as runs to break, the date a run kept whole.
 */
static const char *footer_note(lf_arena *arena, const lf_document *doc, lf_inline *runs) {
  const char *parts[3];
  const char *note = doc->footer_note;
  if (!note)
    note = lf_words_review(arena, doc->words, doc->next_review, doc->review_overdue,
                           runs ? parts : NULL);
  if (note && runs) {
    if (doc->footer_note) {
      parts[0] = note;
      parts[1] = parts[2] = "";
    }
    runs->count = 0;
    for (int k = 0; k < 3; k++)
      if (*parts[k])
        runs->runs[runs->count++] = (lf_run){.text = parts[k], .len = strlen(parts[k]),
                                             .style = k == 1 ? LF_RUN_KEEP : 0};
  }
  return note;
}

/* A title wrapped past this many lines would take the page's room for
 * reading: the last resort, cutting it at a word, comes first. */
#define TITLE_LINES_AT_MOST 2

/* The share of a page's text height a footer with its title over two
 * lines may take; past it the title is cut at a word instead. */
#define FOOTER_SHARE_MAX 0.25

/*
 * 'one_line()' - 'text' set as one line into '*out' when it is at most
 * 'room' wide.
 */
static int one_line(lf_arena *arena, const lf_document *doc, const lf_fontset *fonts,
                    const char *text, double size, double room, lf_footer *out) {
  lf_line *line = lf_arena_alloc(arena, sizeof *line);
  if (!text || !line ||
      lf_set_line(arena, fonts, text, strlen(text), LF_FACE_REGULAR, doc->language, size,
                  line) != 0 || line->width > room)
    return 0;
  out->title_lines = line;
  out->title_count = 1;
  return 1;
}

/*
 * 'wrapped()' - 'text' broken at spaces into lines of 'room' into '*out',
 * when that takes at most TITLE_LINES_AT_MOST lines and splits no word.
 */
static int wrapped(lf_arena *arena, const lf_document *doc, const lf_fontset *fonts,
                   const char *text, double size, double room, lf_footer *out) {
  if (!text || room <= 0)
    return 0;
  lf_run run = {.text = text, .len = strlen(text)};
  lf_inline in = {&run, 1};
  lf_lines lines;
  lf_diags quiet; /* a word too wide is not set so, and not reported */
  lf_diags_init(&quiet);
  int rc = lf_break_lines(arena, fonts, &in, doc->language, size, room, (lf_pos){NULL, 0, 0},
                          &lines, &quiet);
  lf_diags_free(&quiet);
  if (rc != 0 || lines.count == 0 || lines.count > TITLE_LINES_AT_MOST || lines.forced_splits)
    return 0;
  for (size_t i = 0; i < lines.count; i++)
    if (lines.lines[i].width > room + 0.01)
      return 0;
  out->title_lines = lines.lines;
  out->title_count = lines.count;
  return 1;
}

/*
 * 'cut()' - The last resort: the title cut after the last whole word that
 * fits 'room', with an ellipsis.
 */
static int cut(lf_arena *arena, const lf_document *doc, const lf_fontset *fonts, double size,
               double room, lf_footer *out) {
  const char *title = doc->title;
  for (size_t n = title ? strlen(title) : 0; n > 0; n--) {
    if (title[n] != ' ' || title[n - 1] == ' ')
      continue;
    const char *c = lf_arena_printf(arena, "%.*s\u2026", (int)n, title);
    if (c && one_line(arena, doc, fonts, c, size, room, out))
      return 1;
  }
  return 0;
}

/*
 * 'footer_title()' - What the footer names the leaflet by, in 'room' (and
 * in 'wide', the page number beside the last line where it is at most
 * 'room' wide, else on a line under them, where 'wide' > 'room'): its title where it fits a line; else its
 * short title ('short_title') whole on a line; else the short title (or
 * the title, without one) whole over two lines; only else the title cut
 * at a word with an ellipsis (a patient cannot read a title cut short);
 * none where not even its first word fits (a long word at a very large
 * size).  Never its id: a patient does not know a leaflet by its file.
 * Sets out->number_row to LF_NUMBER_OWN_LINE where the title took 'wide'
 * and its last line leaves no room for the number.
 */
static void footer_title(lf_arena *arena, const lf_document *doc, const lf_fontset *fonts,
                         double size, double room, double wide, int wrap, lf_footer *out) {
  const char *name = doc->short_title ? doc->short_title : doc->title;
  if (one_line(arena, doc, fonts, doc->title, size, room, out) ||
      one_line(arena, doc, fonts, doc->short_title, size, room, out) ||
      (wrap && wrapped(arena, doc, fonts, name, size, room, out)))
    return;
  if (wrap && wide > room && wrapped(arena, doc, fonts, name, size, wide, out)) {
    /* the number beside the last line where that is short enough
     * ("drugs   Page 3 of 20"), else under it */
    if (out->title_lines[out->title_count - 1].width > room)
      out->number_row = LF_NUMBER_OWN_LINE;
    return;
  }
  if (!cut(arena, doc, fonts, size, room, out))
    out->title_count = 0; /* none beats one running into the page number or off the page */
}

/* The widest digits of the page number's face, in the leaflet's digits:
 * of the first place (1 to 9) and of any other (0 to 9). */
typedef struct widest_digits {
  size_t lead, any;
} widest_digits;

/*
 * 'find_widest_digits()' - Measure the ten digits once for a footer's
 * plans.  Returns 0, or -1 when out of memory.
 */
static int find_widest_digits(lf_arena *arena, const lf_document *doc, const lf_fontset *fonts,
                              double size, widest_digits *out) {
  double lead_w = -1, any_w = -1;
  *out = (widest_digits){1, 0};
  for (size_t digit = 0; digit <= 9; digit++) {
    const char *text = lf_words_number(arena, doc->words, digit);
    if (!text)
      return -1;
    double w = lf_text_width(fonts, LF_FACE_BOLD, text, strlen(text), size);
    if (w > any_w) {
      any_w = w;
      out->any = digit;
    }
    if (digit > 0 && w > lead_w) {
      lead_w = w;
      out->lead = digit;
    }
  }
  return 0;
}

/*
 * 'plan()' - The footer's size, its note (the review date, or the
 * document's own) set to the measure, its title, where the page number
 * goes ('bare': the number alone whatever its width), and the room it
 * takes.
 */
static int plan(lf_arena *arena, const lf_document *doc, const lf_format *format,
                const lf_fontset *fonts, const widest_digits *dg, size_t total, int bare,
                lf_footer *out) {
  memset(out, 0, sizeof *out);
  out->size = format->body_size * format->footer_scale;
  out->pitch = out->size * format->line_spacing;
  out->note = footer_note(arena, doc, NULL);
  lf_line *one = lf_arena_alloc(arena, sizeof *one);
  if (!out->note || !one)
    return -1;
  double room = format->page_width - format->margin_left - format->margin_right;
  if (lf_set_line(arena, fonts, out->note, strlen(out->note), LF_FACE_REGULAR, doc->language,
                  out->size, one) != 0)
    memset(one, 0, sizeof *one); /* a character in no font: nothing to set */
  out->note_lines = one;
  out->note_count = 1;
  if (one->width > room) {
    /* wider than the measure (a very large size): broken as a paragraph,
     * the date kept whole ("Next review due:" over "26 Feb 2028") */
    lf_run run[3];
    lf_inline in = {run, 0};
    if (!footer_note(arena, doc, &in))
      return -1;
    lf_lines lines;
    lf_diags quiet; /* the note may be a letter's, which messages must not quote */
    lf_diags_init(&quiet);
    int rc = lf_break_lines(arena, fonts, &in, doc->language, out->size, room,
                            (lf_pos){NULL, 0, 0}, &lines, &quiet);
    lf_diags_free(&quiet);
    if (rc == 0 && lines.count > 0) {
      out->note_lines = lines.lines;
      out->note_count = lines.count;
    }
  }
  /* the page number: "Page N of M" at its widest, or the number alone
   * where that is wider than the line itself (46 pt on A5, 100 pages and
   * more); while the pages are not counted, as wide as it can be */
  double size = out->size, gap = size;
  size_t pages = total ? total : LF_FOOTER_PAGES_AT_MOST;
  /* placed for the widest count of as many digits ("Page 80 of 80" for
   * 14 pages, where 8 and 0 are the widest digits), so that a format's
   * leaflets of 10 to 99 pages all set their footers alike: "Page 14 of
   * 14" alone once took a line more than the other giant leaflets'; but
   * the number alone only where the real "Page N of M" is wider than the
   * line */
  size_t widest_count = dg->lead;
  for (size_t n = pages; n >= 10; n /= 10)
    widest_count = widest_count * 10 + dg->any;
  const char *real = lf_words_page(arena, doc->words, pages, pages);
  const char *widest = lf_words_page(arena, doc->words, widest_count, widest_count);
  if (!real || !widest)
    return -1;
  double real_w = lf_text_width(fonts, LF_FACE_BOLD, real, strlen(real), size);
  double number_w = lf_text_width(fonts, LF_FACE_BOLD, widest, strlen(widest), size);
  if (number_w > room)
    number_w = real_w; /* the estimate itself too wide: the real one */
  if (bare || real_w > room) {
    out->bare = 1;
    if (!(widest = lf_words_number(arena, doc->words, pages)))
      return -1;
    number_w = lf_text_width(fonts, LF_FACE_BOLD, widest, strlen(widest), size);
  }
  /* beside the note's last line, or, where they would touch (a narrow
   * page in large print), beside the title's, or on a line of its own
   * where the title needs the whole line */
  double last_w = out->note_count == 1
                      ? lf_text_width(fonts, LF_FACE_REGULAR, out->note, strlen(out->note), size)
                      : out->note_lines[out->note_count - 1].width;
  /* a title over two lines, where the footer can spare the room: at a
   * large size on a small page its lines would take the pages' reading
   * room (a third more pages at 34 pt on A5), and the title is cut at a
   * word as before */
  double text_height = format->page_height - format->margin_top - format->margin_bottom;
  for (int wrap = 1; wrap >= 0; wrap--) {
    if (last_w + gap + number_w <= room) {
      out->number_row = LF_NUMBER_BESIDE_NOTE;
      footer_title(arena, doc, fonts, size, room, room, wrap, out);
    } else {
      out->number_row = LF_NUMBER_BESIDE_TITLE;
      footer_title(arena, doc, fonts, size, room - gap - number_w, room, wrap, out);
    }
    size_t rows = (out->title_count ? out->title_count : 1) +
                  (out->number_row == LF_NUMBER_OWN_LINE) + out->note_count;
    out->height = (double)rows * out->pitch + format->body_size;
    if (out->title_count < 2 || out->height <= FOOTER_SHARE_MAX * text_height)
      break;
  }
  return 0;
}

/*
 * 'lf_footer_plan()' - The footer as plan() sets it on pages numbered to
 * 'total'; where "Page N of M" would take more lines than were kept while
 * the pages were not counted (planned for the number alone, as 999 pages
 * at a size where "Page 999 of 999" is wider than the line), the number
 * alone, which takes no more.
 */
int lf_footer_plan(lf_arena *arena, const lf_document *doc, const lf_format *format,
                   const lf_fontset *fonts, size_t total, lf_footer *out) {
  widest_digits dg;
  if (find_widest_digits(arena, doc, fonts, format->body_size * format->footer_scale, &dg) != 0 ||
      plan(arena, doc, format, fonts, &dg, total, 0, out) != 0)
    return -1;
  if (total == 0 || out->bare)
    return 0;
  lf_footer kept;
  if (plan(arena, doc, format, fonts, &dg, 0, 0, &kept) != 0)
    return -1;
  return out->height > kept.height + 0.001 ? plan(arena, doc, format, fonts, &dg, total, 1, out)
                                           : 0;
}
