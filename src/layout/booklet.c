/*
 * booklet.c -- a document as a saddle-stitched A5 booklet on A4 sheets
 * (see lf_layout_booklet in layout.h).
 *
 * The booklet's pages are, in reading order: a cover (title, tumour type,
 * publisher), the body as the page-per-page layout sets it, as many "Notes"
 * pages as make the count a multiple of four (ruled lines for questions to
 * the care team, rather than blank pages), and a back page (contact
 * details, review dates, leaflet ID and version).  Every page but the cover
 * has the usual footer, numbered within the booklet.  The cover is always
 * one page: where its lines take more at a large size, the publisher line
 * and a tumour type the title names go, and the title is set smaller
 * (cover_page()); a size where even the title alone runs over is refused.
 *
 * The back page is the body's "About this leaflet" (review facts and
 * contact details as tables, the QR code to the online version), which
 * the body then leaves out, and the blocks the leaflet gives for its back
 * page ('back_page': a box for the hospital's patient label, say).  Where
 * that is more than a page holds, the QR code goes on the cover.
 *
 * Imposition: with n pages (n = 4k) on k sheets, sheet s (from 0) carries
 * pages n-2s and 2s+1 on its front (left, right) and 2s+2 and n-2s-1 on its
 * back, counting pages from 1.  Printed duplex, flipped on the short edge,
 * folded and stapled, the pages read in order.  A booklet in a language
 * written right to left is bound on its right, as its readers open it:
 * every side is mirrored (n-2s on the right of the front, the cover on
 * its left).
 */
#include <string.h>

#include "leaflet/language.h"
#include "leaflet/words.h"
#include "vlist.h"

#define MM (72.0 / 25.4)

/*
 * 'one_run()' - Inline text of one run.
 */
static lf_inline one_run(lf_arena *arena, const char *text, unsigned style) {
  lf_inline in = {0};
  in.runs = lf_arena_alloc(arena, sizeof *in.runs);
  if (in.runs && text) {
    in.runs[0] = (lf_run){.text = text, .len = strlen(text), .style = style};
    in.count = 1;
  }
  return in;
}

/* Blocks of a generated page, built up in order. */
typedef struct page_blocks {
  lf_block items[16];
  size_t count;
} page_blocks;

/* The program's own words on the pages it makes ("Notes", the cover's
 * lines) are the leaflet's language's where content/words has them, else
 * English, tagged so (lf_words_tag()). */

/*
 * 'add()' - A heading (level > 0) or paragraph of one run in 'lang' (NULL:
 * the leaflet's language); NULL text is left out.
 */
static void add(lf_arena *arena, page_blocks *pb, int level, const char *text, unsigned style,
                const char *lang) {
  if (!text || pb->count == sizeof pb->items / sizeof *pb->items)
    return;
  lf_block *b = &pb->items[pb->count++];
  memset(b, 0, sizeof *b);
  b->kind = level ? LF_BLOCK_HEADING : LF_BLOCK_PARAGRAPH;
  b->level = level;
  b->text = one_run(arena, text, style);
  b->keep = level ? LF_KEEP_WITH_NEXT : 0;
  b->language = lang;
}

/*
 * 'set_pages()' - Lay out generated blocks (cover, back page) on their own
 * pages in 'into', with room for a footer unless 'no_footer' (the cover,
 * which has none).  Returns the number of pages added, or 0 on error.
 */
static size_t set_pages(lf_arena *arena, const lf_document *doc, const lf_format *format,
                        const lf_fontset *fonts, page_blocks *pb, int no_footer,
                        lf_display *into, lf_diags *diags) {
  lf_document mini = *doc;
  mini.body = (lf_blocks){.items = pb->items, .count = pb->count};
  mini.back_page = (lf_blocks){0};
  mini.no_footer = no_footer;
  pb->items[pb->count - 1].keep = 0;
  vlist vl;
  size_t before = into->page_count;
  if (lf_build_vlist(arena, &mini, format, fonts, into, &vl, diags) != 0 ||
      lf_break_pages(arena, &mini, format, fonts, &vl, into, diags) != 0)
    return 0;
  return into->page_count - before;
}

/*
 * 'notes_page()' - A page headed "Notes" with ruled lines to write on.
 */
static int notes_page(lf_arena *arena, const lf_document *doc, const lf_format *format,
                      const lf_fontset *fonts, lf_display *d, lf_diags *diags) {
  page_blocks pb = {0};
  const lf_words *w = lf_words_or_english(doc->words);
  add(arena, &pb, 1, w->text[LF_WORD_NOTES], 0, lf_words_tag(doc->words));
  add(arena, &pb, 0, w->text[LF_WORD_QUESTIONS], 0, lf_words_tag(doc->words));
  size_t before = d->page_count;
  if (set_pages(arena, doc, format, fonts, &pb, 0, d, diags) == 0)
    return -1;
  /* rule lines from below the text to the footer */
  lf_page *page = &d->pages[before];
  double lowest = format->page_height;
  for (size_t i = 0; i < page->count; i++)
    if (page->items[i].kind == LF_ITEM_TEXT && page->items[i].y < lowest)
      lowest = page->items[i].y;
  double pitch = format->body_size * format->line_spacing * 1.5;
  lf_footer footer;
  if (lf_footer_plan(arena, doc, format, fonts, 0, &footer) != 0)
    return -1;
  /* half a line's room kept above the footer, as a write-in space keeps:
   * the last line stood as far from the footer's rule as from the line
   * above it, and the rule read as one more line */
  double floor = format->margin_bottom + footer.height + pitch / 2;
  for (double y = lowest - pitch; y > floor; y -= pitch) {
    lf_item *line = lf_page_add_item(arena, page, LF_ITEM_LINE, -1);
    if (!line)
      return -1;
    line->x = format->margin_left;
    line->y = y;
    line->x2 = format->page_width - format->margin_right;
    line->y2 = y;
    line->colour = 0x808080;
    line->line_width = format->body_size / 20;
  }
  return 0;
}

/*
 * 'has_code()' - Whether the blocks from 'about' on hold a QR code.
 */
static int has_code(const lf_document *doc, size_t about) {
  for (size_t i = about; i < doc->body.count; i++)
    if (doc->body.items[i].kind == LF_BLOCK_QR)
      return 1;
  return 0;
}

/*
 * 'back_page()' - Lay out the back page into a new display '*out': the
 * body's blocks from 'about' on (its "About this leaflet"), without its
 * QR code unless 'with_code', then the leaflet's 'back_page' blocks.
 * Returns the number of pages it takes, or 0 on error.
 */
static size_t back_page(lf_arena *arena, const lf_document *doc, const lf_format *format,
                        const lf_fontset *fonts, size_t about, int with_code, lf_display **out,
                        lf_diags *diags) {
  page_blocks bp = {0};
  for (size_t i = about; i < doc->body.count && bp.count < sizeof bp.items / sizeof *bp.items;
       i++)
    if (with_code || doc->body.items[i].kind != LF_BLOCK_QR)
      bp.items[bp.count++] = doc->body.items[i];
  for (size_t i = 0; i < doc->back_page.count && bp.count < sizeof bp.items / sizeof *bp.items;
       i++)
    bp.items[bp.count++] = doc->back_page.items[i];
  if (bp.count == 0)
    add(arena, &bp, 1, lf_words_or_english(doc->words)->text[LF_WORD_ABOUT], 0,
        lf_words_tag(doc->words));
  *out = lf_display_new(arena, doc, format, fonts);
  if (!*out) {
    lf_error(diags, (lf_pos){doc->source_file, 0, 0}, "out of memory");
    return 0;
  }
  return set_pages(arena, doc, format, fonts, &bp, 0, *out, diags);
}

/* What a cover holds, and how: see cover_page(). */
typedef struct cover_plan {
  int level;     /* the title's heading level, 0 a paragraph in bold at the body size */
  int tumour;    /* the tumour type line */
  int publisher; /* the publisher line */
  int codes;     /* the QR code (when the back page has no room for it) */
} cover_plan;

/*
 * 'cover_blocks()' - The cover's blocks as 'plan' says: the title, the
 * tumour type, the publisher, the QR code from the blocks after 'about'.
 */
static void cover_blocks(lf_arena *arena, const lf_document *doc, size_t about,
                         const cover_plan *plan, page_blocks *pb) {
  memset(pb, 0, sizeof *pb);
  add(arena, pb, plan->level, doc->title, plan->level ? 0 : LF_RUN_STRONG, NULL);
  /* a warning about the cover's title names the leaflet's */
  if (pb->count && doc->body.count > 0 && doc->body.items[0].kind == LF_BLOCK_HEADING)
    pb->items[0].pos = doc->body.items[0].pos;
  const lf_words *w = lf_words_or_english(doc->words);
  static const char *const tumour[] = {"tumour"}, *const publisher[] = {"publisher"};
  if (doc->tumour_name && plan->tumour)
    add(arena, pb, 0, lf_words_fill(arena, w, LF_WORD_TUMOUR_TYPE, tumour, &doc->tumour_name, 1),
        0, lf_words_tag(doc->words));
  if (doc->publisher && plan->publisher)
    add(arena, pb, 0, lf_words_fill(arena, w, LF_WORD_PUBLISHER, publisher, &doc->publisher, 1),
        0, lf_words_tag(doc->words));
  for (size_t i = about; plan->codes && i < doc->body.count; i++)
    if (doc->body.items[i].kind == LF_BLOCK_QR && pb->count < sizeof pb->items / sizeof *pb->items)
      pb->items[pb->count++] = doc->body.items[i];
}

/*
 * 'cover_page()' - Lay out the cover into a new display '*out', on one
 * page: a cover that runs over puts a stray line on the inside front
 * cover, with no footer and no page number.  Where title, tumour type,
 * publisher (and the QR code 'codes' asks for) at their sizes take more
 * than the page, it is fitted as a designer would, never setting the
 * body smaller than asked: at the title's heading size, the publisher line
 * goes (the back page's "Published by" says it: 'back_names_publisher'),
 * then the tumour type where the title names it already; then all of it
 * again with the title a heading level smaller, down to the body size in
 * bold; and last the QR code goes back to the back page ('*codes'
 * cleared).  Nothing of that fitting, the size is too large for a booklet
 * and an error says so.  Returns 0, or -1 (reported).
 */
static int cover_page(lf_arena *arena, const lf_document *doc, const lf_format *format,
                      const lf_fontset *fonts, size_t about, int *codes,
                      int back_names_publisher, lf_display **out, lf_diags *diags) {
  int redundant_tumour = doc->tumour_name && doc->title && strstr(doc->title, doc->tumour_name);
  /* what the cover keeps, most first: {tumour type, publisher} */
  int keep[3][2] = {{1, 1}}, nkeep = 1;
  if (back_names_publisher)
    keep[nkeep][0] = 1, keep[nkeep][1] = 0, nkeep++;
  if (redundant_tumour)
    keep[nkeep][0] = 0, keep[nkeep][1] = !back_names_publisher, nkeep++;
  for (int with_codes = *codes; with_codes >= 0; with_codes--)
    for (int level = 1; level <= 5; level++)
      for (int k = 0; k < nkeep; k++) {
        cover_plan plan = {level % 5, keep[k][0], keep[k][1], with_codes};
        page_blocks pb;
        cover_blocks(arena, doc, about, &plan, &pb);
        lf_display *d = lf_display_new(arena, doc, format, fonts);
        if (!d) {
          lf_error(diags, (lf_pos){doc->source_file, 0, 0}, "out of memory");
          return -1;
        }
        /* tried quietly; the one taken is set again to report on it */
        lf_diags quiet;
        lf_diags_init(&quiet);
        size_t n = set_pages(arena, doc, format, fonts, &pb, 1, d, &quiet);
        int failed = quiet.errors != 0;
        lf_diags_free(&quiet);
        if (n != 1 && !failed)
          continue;
        cover_blocks(arena, doc, about, &plan, &pb);
        if (!(*out = lf_display_new(arena, doc, format, fonts)) ||
            set_pages(arena, doc, format, fonts, &pb, 1, *out, diags) != 1)
          return -1;
        *codes = with_codes;
        return 0;
      }
  /* the size asked for is at fault, not the content (a server answers
   * 400, as for a page with no room above its footer) */
  lf_diag_add_kind(diags, LF_ERROR, LF_DIAG_PAGE_ROOM, (lf_pos){doc->source_file, 0, 0},
           "%s: at %g pt the booklet's cover does not fit on one A5 page, even with its title "
           "at the body size and only the title on it (expected a smaller size for a booklet)",
           doc->stem, format->body_size);
  return -1;
}

/*
 * 'lf_layout_booklet()' - Cover, body, notes and back page, imposed.
 */
lf_display *lf_layout_booklet(lf_arena *arena, const lf_document *doc,
                              const lf_format *format, const lf_fontset *fonts,
                              lf_diags *diags) {
  lf_pos where = {doc->source_file, 0, 0};
  lf_display *pages = lf_display_new(arena, doc, format, fonts);
  if (!pages)
    goto oom;
  /* the body's "About this leaflet" (review dates, contact details, the
   * QR code to the online version) is what the back page says: the body
   * ends before it */
  size_t about = 0;
  while (about < doc->body.count && !(doc->body.items[about].kind == LF_BLOCK_HEADING &&
                                      doc->body.items[about].role &&
                                      strcmp(doc->body.items[about].role, "about") == 0))
    about++;
  /* the back page, laid out aside to count it before the notes: what the
   * body's "About this leaflet" says (its heading, the review facts and
   * the contact details as tables, the QR code), then what the leaflet
   * puts on its back page (room for the hospital's patient label, say).
   * Where that takes more than a page, the QR code goes on the cover,
   * which has room, rather than the label box on a page of its own. */
  lf_display *back = NULL, *with_code = NULL;
  size_t nback = back_page(arena, doc, format, fonts, about, 1, &back, diags);
  size_t nback_with_code = nback;
  int codes = 0;
  if (nback > 1 && has_code(doc, about)) {
    lf_display *without = NULL;
    size_t n = back_page(arena, doc, format, fonts, about, 0, &without, diags);
    if (n != 0 && n < nback) {
      with_code = back;
      back = without;
      nback = n;
      codes = 1;
    }
  }
  if (nback == 0)
    return NULL;
  /* the cover, on one page (the back page's "About this leaflet" names
   * the publisher, where the body has one) */
  lf_display *cover = NULL;
  if (cover_page(arena, doc, format, fonts, about, &codes, about < doc->body.count, &cover,
                 diags) != 0)
    return NULL;
  if (!codes && with_code) { /* the QR code went back to the back page */
    back = with_code;
    nback = nback_with_code;
  }
  if (lf_display_append(arena, pages, cover, diags) != 0)
    return NULL;
  size_t ncover = pages->page_count;
  /* the body (what the leaflet puts on its back page goes there) */
  vlist vl;
  size_t body_first = pages->page_count;
  lf_document body = *doc;
  body.back_page = (lf_blocks){0};
  body.body.count = about;
  if (lf_build_vlist(arena, &body, format, fonts, pages, &vl, diags) != 0 ||
      lf_break_pages(arena, &body, format, fonts, &vl, pages, diags) != 0)
    return NULL;
  /* notes pages make the count a multiple of four */
  size_t total = pages->page_count + nback;
  while (total % 4 != 0) {
    size_t had = pages->page_count;
    if (notes_page(arena, doc, format, fonts, pages, diags) != 0)
      return NULL;
    total = pages->page_count + nback;
    /* a Notes page whose words take two pages (38 pt and more on A5):
     * counted as it is, and the rest made up with blank pages, or the
     * count went wrong (and another such page might never make it up) */
    if (pages->page_count - had > 1) {
      while (total % 4 != 0) {
        if (!lf_display_new_page(arena, pages)) {
          lf_error(diags, where, "out of memory");
          return NULL;
        }
        total++;
      }
    }
  }
  if (lf_display_append(arena, pages, back, diags) != 0)
    return NULL;
  /* thicker than saddle stitching holds (LF_BOOKLET_SHEETS_MAX): said, as
   * the print room would otherwise find out at the stapler */
  if (total / 4 > LF_BOOKLET_SHEETS_MAX)
    lf_warning(diags, where,
               "%s: as a booklet at %g pt it takes %zu pages on %zu sheets, more than the %d "
               "sheets (%d pages) saddle stitching holds (expected a smaller size, or the "
               "page-per-page PDF)",
               doc->stem, format->body_size, total, total / 4, LF_BOOKLET_SHEETS_MAX,
               4 * LF_BOOKLET_SHEETS_MAX);
  /* footers on every page after the cover, numbered in the booklet */
  if (lf_add_footers(arena, doc, format, fonts, pages, body_first, total - ncover, ncover + 1,
                     total, diags) != 0)
    return NULL;
  /* impose two-up on landscape sheets */
  lf_display *sheets = lf_display_new(arena, doc, format, fonts);
  if (!sheets)
    goto oom;
  /* A4 landscape exactly, the two pages centred on it (two A5 pages are
   * 296 mm, a millimetre short of A4's 297) */
  sheets->page_width = 297 * MM > 2 * format->page_width ? 297 * MM : 2 * format->page_width;
  sheets->page_height = 210 * MM > format->page_height ? 210 * MM : format->page_height;
  double dx = (sheets->page_width - 2 * format->page_width) / 2;
  double dy = (sheets->page_height - format->page_height) / 2;
  sheets->meta.identifier = lf_arena_printf(arena, "%s.%s.booklet", doc->stem, format->name);
  /* an imposed booklet cannot be read by a screen reader: say so, naming
   * the file that can be (the format's own, "giant" for "giant-a5": the
   * booklet's pages are its format moved to A5, lf_format_on_paper()) */
  size_t name_len = strlen(format->name);
  if (name_len > 3 && strcmp(format->name + name_len - 3, "-a5") == 0)
    name_len -= 3;
  sheets->meta.subject = lf_arena_printf(arena, "For printing only: a booklet imposed two-up. "
                                         "The accessible version is the page-per-page PDF "
                                         "%s.%.*s.pdf.",
                                         doc->stem, (int)name_len, format->name);
  /* the print dialog presets what the booklet needs: both sides, flipped
   * on the short edge */
  sheets->meta.duplex = "DuplexFlipShortEdge";
  /* the clear-print rules its pages could not keep, for the file's line */
  sheets->words_split = pages->words_split;
  sheets->blocks_split = pages->blocks_split;
  int rtl = lf_language_is_rtl(doc->language);
  for (size_t s = 0; s < total / 4; s++) {
    size_t sides[2][2] = {{total - 2 * s, 2 * s + 1}, {2 * s + 2, total - 2 * s - 1}};
    for (int side = 0; side < 2; side++) {
      lf_page *out = lf_display_new_page(arena, sheets);
      if (!out)
        goto oom;
      /* print only: no structure, and nothing to click */
      for (int half = 0; half < 2; half++)
        if (lf_page_add_artifacts(arena, out, &pages->pages[sides[side][rtl ? 1 - half : half] - 1],
                                  dx + half * format->page_width, dy) != 0)
          goto oom;
    }
  }
  return sheets;
oom:
  lf_error(diags, where, "out of memory");
  return NULL;
}
