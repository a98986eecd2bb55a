/*
 * footer.c -- how a document's footer is set (lf_footer_plan in vlist.h):
 * its size, its note (the review date, or the document's own) set to the
 * measure, and the room it takes above the bottom margin.  pages.c places
 * it on every page; the page breaker, the vertical list and the booklet's
 * notes pages leave room for it.
 *
 * The note is one line; at a size where it is wider than the measure (38
 * pt and more on A4) it is broken as a paragraph, the date held whole, and
 * the footer takes the lines it needs.
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

/*
 * 'lf_footer_plan()' - The footer's size, its note (the review date, or
 * the document's own) set to the measure, and the room it takes.
 */
int lf_footer_plan(lf_arena *arena, const lf_document *doc, const lf_format *format,
                   const lf_fontset *fonts, lf_footer *out) {
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
  out->height = (double)(1 + out->note_count) * out->pitch + format->body_size;
  return 0;
}
