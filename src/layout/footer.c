/*
 * footer.c -- how a document's footer is set (lf_footer_plan in vlist.h):
 * its size, its note (the review date, or the document's own) set to the
 * measure, and the room it takes above the bottom margin.  pages.c places
 * it on every page; the page breaker, the vertical list and the booklet's
 * notes pages leave room for it.
 *
 * The note is one line; at a size where it is wider than the measure (36
 * pt and more on A4) it is broken as a paragraph, the date held whole, and
 * the footer takes the lines it needs.
 */
#include <string.h>

#include "leaflet/words.h"
#include "vlist.h"

/*
 * 'footer_note()' - The document's own footer note, else its review date
 * ("Next review due: 26 Feb 2028", or that it is overdue) in its words,
 * the date's parts 'held' together or not.
 */
static const char *footer_note(lf_arena *arena, const lf_document *doc, int held) {
  if (doc->footer_note)
    return doc->footer_note;
  return lf_words_review(arena, doc->words, doc->next_review, doc->review_overdue, held);
}

/*
 * 'lf_footer_plan()' - The footer's size, its note (the review date, or
 * the document's own) set to the measure, and the room it takes.
 */
int lf_footer_plan(lf_arena *arena, const lf_document *doc, const lf_format *format,
                   const lf_fontset *fonts, lf_footer *out) {
  memset(out, 0, sizeof *out);
  out->size = format->body_size * format->footer_scale;
  out->pitch = out->size * format->line_spacing;
  out->note = footer_note(arena, doc, 0);
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
     * the date held together ("Next review due:" over "26 Feb 2028") */
    const char *wrap = footer_note(arena, doc, 1);
    if (!wrap)
      return -1;
    lf_run run = {.text = wrap, .len = strlen(wrap)};
    lf_inline in = {&run, 1};
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
  out->height = (double)(1 + out->note_count) * out->pitch + format->body_size;
  return 0;
}
