/*
 * writer.c -- the PDF backend's driver: a display list drawn into a libharu
 * document, saved into memory and written atomically to a file (see pdf.h).
 *
 * Page content is written here, not through libharu's page operators: a
 * page's operators go to a buffer that becomes its content stream when the
 * page is done.  Text is shown in the fonts of embed.c with codes that are
 * Unicode values (a character beyond U+FFFF gets a code of 0xD800 to
 * 0xDFFF, where no character is, from lf_pdf_code()), each item in a text
 * object of its own at its absolute position; colours, fonts and sizes (text state outlives a text object)
 * and line widths are written only when they change; numbers are written
 * to five decimals, as libharu wrote them, in their shortest form.
 */
#include "leaflet/files.h"
#include "leaflet/pdf.h"
#include "leaflet/utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pdf_internal.h"

/* Codes shown by one Tj: a string stays within 32,767 bytes (ISO 32000-1,
 * annex C) even with every byte escaped. */
enum { CODES_PER_STRING = 4096 };

/*
 * 'on_libharu_error()' - libharu's error handler: keep the first error of
 * this call's document (user_data is the call's context).
 */
static void HPDF_STDCALL on_libharu_error(HPDF_STATUS error_no,
                                          HPDF_STATUS detail_no,
                                          void *user_data) {
  lf_pdf_ctx *ctx = user_data;
  if (!ctx->error_no) {
    ctx->error_no = error_no;
    ctx->error_detail = detail_no;
  }
}

/*
 * 'lf_pdf_failed()' - Whether libharu has reported an error, through the
 * handler or only in the document's error state (some calls set the error
 * without calling the handler, and some return HPDF_OK after one).
 */
int lf_pdf_failed(lf_pdf_ctx *ctx) {
  return ctx->error_no != HPDF_OK || HPDF_GetError(ctx->doc) != HPDF_OK;
}

/*
 * 'lf_pdf_fail()' - Record what we were doing when something failed (the
 * first reason wins); returns -1.
 */
int lf_pdf_fail(lf_pdf_ctx *ctx, const char *fmt, ...) {
  if (!ctx->message[0]) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->message, sizeof ctx->message, fmt, ap);
    va_end(ap);
  }
  return -1;
}

/*
 * 'lf_pdf_page_stream()' - The memory stream that libharu's page operators
 * append to; operators of our own (marked content) go to the same place.
 */
HPDF_Stream lf_pdf_page_stream(HPDF_Page page) {
  return ((HPDF_PageAttr)page->attr)->stream;
}

/*
 * 'lf_pdf_report()' - Turn the context's failure into one diagnostic at
 * 'path'.
 */
void lf_pdf_report(const lf_pdf_ctx *ctx, const char *path, lf_diags *diags) {
  lf_pos pos = {path, 0, 0};
  HPDF_STATUS no = ctx->error_no, detail = ctx->error_detail;
  if (!no && ctx->doc) {
    no = HPDF_GetError(ctx->doc);
    detail = HPDF_GetErrorDetail(ctx->doc);
  }
  if (no)
    lf_error(diags, pos, "cannot write PDF: libharu error 0x%04lX (detail %lu)%s%s",
             (unsigned long)no, (unsigned long)detail,
             ctx->message[0] ? " while " : "", ctx->message);
  else
    lf_error(diags, pos, "cannot write PDF: %s",
             ctx->message[0] ? ctx->message : "unknown failure");
}

/*
 * 'is_finite_item()' - Whether every coordinate of an item is a number.
 */
static int is_finite_item(const lf_item *item) {
  return isfinite(item->x) && isfinite(item->y) && isfinite(item->w) &&
         isfinite(item->h) && isfinite(item->x2) && isfinite(item->y2) &&
         isfinite(item->size) && isfinite(item->line_width);
}

/*
 * 'check_item()' - Check one item against what the backend can draw.
 */
static int check_item(lf_pdf_ctx *ctx, const lf_item *item, size_t page,
                      size_t index) {
  const lf_display *d = ctx->display;
  const char *why = NULL;

  if (!is_finite_item(item))
    why = "a coordinate is not a finite number";
  else if (item->element < -1 || (item->element >= 0 &&
                                  (size_t)item->element >= d->element_count))
    why = "element index out of range";
  else {
    switch (item->kind) {
    case LF_ITEM_TEXT:
      if ((int)item->face < 0 || item->face >= LF_FACE_COUNT || !d->fonts ||
          !lf_fontset_face(d->fonts, item->face))
        why = "text in a face the font set lacks";
      else if (item->len && !item->text)
        why = "text without bytes";
      else if (item->len && (item->size <= 0 || item->size > HPDF_MAX_FONTSIZE))
        why = "font size out of range";
      break;
    case LF_ITEM_RECT:
    case LF_ITEM_LINE:
      if (item->line_width < 0 || item->line_width > HPDF_MAX_LINEWIDTH)
        why = "line width out of range";
      break;
    case LF_ITEM_LINK:
      if (!item->uri || !item->uri[0])
        why = "link without a URI";
      else if (strlen(item->uri) > 4096)
        why = "link URI too long";
      break;
    default:
      why = "unknown item kind";
    }
  }
  if (why)
    return lf_pdf_fail(ctx, "invalid display list: page %zu item %zu: %s",
                       page + 1, index, why);
  return 0;
}

/*
 * 'check_display()' - Reject a display list libharu would choke on or that
 * refers outside itself, before any work is done.
 */
static int check_display(lf_pdf_ctx *ctx) {
  const lf_display *d = ctx->display;

  if (!d)
    return lf_pdf_fail(ctx, "no display list");
  if (!d->page_count || !d->pages)
    return lf_pdf_fail(ctx, "invalid display list: no pages");
  if (!(d->page_width >= HPDF_MIN_PAGE_WIDTH &&
        d->page_width <= HPDF_MAX_PAGE_WIDTH &&
        d->page_height >= HPDF_MIN_PAGE_HEIGHT &&
        d->page_height <= HPDF_MAX_PAGE_HEIGHT))
    return lf_pdf_fail(ctx, "invalid display list: page size %gx%g pt",
                       d->page_width, d->page_height);
  for (size_t p = 0; p < d->page_count; p++)
    for (size_t i = 0; i < d->pages[p].count; i++)
      if (check_item(ctx, &d->pages[p].items[i], p, i))
        return -1;
  for (size_t e = 0; e < d->element_count; e++) {
    const lf_element *el = &d->elements[e];
    if ((int)el->type < LF_EL_DOCUMENT || el->type > LF_EL_SPAN)
      return lf_pdf_fail(ctx, "invalid display list: element %zu: bad type", e);
    /* Walk up: the parents must end at a root within element_count steps. */
    int up = el->parent;
    size_t steps = 0;
    while (up != -1) {
      if (up < -1 || (size_t)up >= d->element_count ||
          ++steps > d->element_count)
        return lf_pdf_fail(ctx,
                           "invalid display list: element %zu: bad parent", e);
      up = d->elements[up].parent;
    }
  }
  for (size_t o = 0; o < d->outline_count; o++) {
    const lf_outline_entry *entry = &d->outline[o];
    if (!entry->title || entry->level < 1 || entry->page < 0 ||
        (size_t)entry->page >= d->page_count || !isfinite(entry->y))
      return lf_pdf_fail(ctx, "invalid display list: outline entry %zu", o);
  }
  return 0;
}

/*
 * 'lf_pdf_new_stream()' - A stream object with 'size' bytes of 'data',
 * Flate-compressed when saved unless 'compress' is 0.
 */
HPDF_Dict lf_pdf_new_stream(lf_pdf_ctx *ctx, const void *data, size_t size,
                            int compress) {
  HPDF_Dict stream = HPDF_DictStream_New(ctx->doc->mmgr, ctx->doc->xref);
  if (!stream)
    return NULL;
  stream->filter = compress ? HPDF_STREAM_FILTER_FLATE_DECODE
                            : HPDF_STREAM_FILTER_NONE;
  if (size && HPDF_Stream_Write(stream->stream, data, (HPDF_UINT)size) !=
                  HPDF_OK)
    return NULL;
  return stream;
}

/*
 * 'lf_pdf_text_string()' - A PDF text string for UTF-8 'text': a literal
 * string when it is all printable ASCII (the same bytes in PDFDocEncoding),
 * else UTF-16BE with a byte order mark (characters beyond U+FFFF as
 * surrogate pairs, malformed bytes as U+FFFD).  NULL when out of memory.
 */
void *lf_pdf_text_string(lf_pdf_ctx *ctx, const char *text) {
  size_t length = strlen(text);
  int ascii = length < HPDF_LIMIT_MAX_STRING_LEN;
  for (size_t i = 0; i < length && ascii; i++)
    ascii = text[i] >= 0x20 && text[i] < 0x7F;
  if (ascii)
    return HPDF_String_New(ctx->doc->mmgr, text, NULL);

  unsigned char *utf16 = malloc(2 + 4 * length);
  if (!utf16)
    return NULL;
  size_t at = 0;
  utf16[at++] = 0xFE;
  utf16[at++] = 0xFF;
  for (const char *p = text, *end = text + length; p < end;) {
    int32_t cp = lf_utf8_next(&p, end);
    if (cp < 0)
      cp = 0xFFFD;
    if (cp > 0xFFFF) {
      uint32_t v = (uint32_t)cp - 0x10000;
      unsigned high = 0xD800 + (v >> 10), low = 0xDC00 + (v & 0x3FF);
      utf16[at++] = (unsigned char)(high >> 8);
      utf16[at++] = (unsigned char)high;
      utf16[at++] = (unsigned char)(low >> 8);
      utf16[at++] = (unsigned char)low;
    } else {
      utf16[at++] = (unsigned char)(cp >> 8);
      utf16[at++] = (unsigned char)cp;
    }
  }
  HPDF_Binary string = HPDF_Binary_New(ctx->doc->mmgr, utf16, (HPDF_UINT)at);
  free(utf16);
  return string;
}

/*
 * 'put_colour()' - Set the fill ('stroke' 0) or stroke colour when it
 * changes: gray when the three components agree, else RGB.
 */
static void put_colour(lf_pdf_ctx *ctx, unsigned rgb, int stroke) {
  long *current = stroke ? &ctx->state.stroke : &ctx->state.fill;
  rgb &= 0xFFFFFFu;
  if (*current == (long)rgb)
    return;
  *current = (long)rgb;
  unsigned r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
  lf_pdf_buf *out = &ctx->content;
  lf_pdf_buf_number(out, lf_pdf_fixed(r / 255.0));
  if (r == g && g == b) {
    lf_pdf_buf_str(out, stroke ? " G\n" : " g\n");
    return;
  }
  lf_pdf_buf_put(out, " ", 1);
  lf_pdf_buf_number(out, lf_pdf_fixed(g / 255.0));
  lf_pdf_buf_put(out, " ", 1);
  lf_pdf_buf_number(out, lf_pdf_fixed(b / 255.0));
  lf_pdf_buf_str(out, stroke ? " RG\n" : " rg\n");
}

/*
 * 'put_line_width()' - Set the line width when it changes (a width of 0
 * means PDF's default of 1 pt).
 */
static void put_line_width(lf_pdf_ctx *ctx, double width) {
  long fixed = lf_pdf_fixed(width > 0 ? width : 1.0);
  if (ctx->state.line_width == fixed)
    return;
  ctx->state.line_width = fixed;
  lf_pdf_buf_number(&ctx->content, fixed);
  lf_pdf_buf_str(&ctx->content, " w\n");
}

/*
 * 'put_numbers()' - Write 'count' numbers (fixed point) separated by
 * spaces, then ' ' and the operator.
 */
static void put_numbers(lf_pdf_buf *out, const long *fixed, int count,
                        const char *op) {
  for (int i = 0; i < count; i++) {
    lf_pdf_buf_number(out, fixed[i]);
    lf_pdf_buf_put(out, " ", 1);
  }
  lf_pdf_buf_str(out, op);
}

/*
 * 'put_code()' - One two-byte code inside a literal string: bytes as they
 * are but for the three a string must escape, and a carriage return (which
 * a reader would take for a line end).
 */
static void put_code(lf_pdf_buf *out, unsigned code) {
  char bytes[4];
  size_t n = 0;
  for (int shift = 8; shift >= 0; shift -= 8) {
    unsigned char b = (unsigned char)(code >> shift);
    if (b == '(' || b == ')' || b == '\\') {
      bytes[n++] = '\\';
      bytes[n++] = (char)b;
    } else if (b == '\r') {
      bytes[n++] = '\\';
      bytes[n++] = 'r';
    } else {
      bytes[n++] = (char)b;
    }
  }
  lf_pdf_buf_put(out, bytes, n);
}

/*
 * 'put_codes()' - Show the characters of 'text' as literal strings of
 * two-byte codes (shorter than hexadecimal ones, also compressed), noted
 * as used in 'font': a character's Unicode value, or for one beyond U+FFFF
 * the code lf_pdf_code() gives it.  Malformed bytes are skipped (content
 * is checked as UTF-8 when it is loaded); so is a character that found no
 * code, which fails the document when its fonts are finished.
 */
static void put_codes(lf_pdf_ctx *ctx, lf_pdf_font *font, const char *text,
                      size_t len) {
  lf_pdf_buf *out = &ctx->content;
  size_t in_string = 0;
  for (const char *p = text, *end = text + len; p < end;) {
    int32_t cp = lf_utf8_next(&p, end);
    int shown = cp < 0 ? -1 : lf_pdf_code(ctx, (uint32_t)cp);
    if (shown < 0)
      continue;
    unsigned code = (unsigned)shown;
    font->used[code >> 3] |= (unsigned char)(1u << (code & 7));
    if (in_string == CODES_PER_STRING) {
      lf_pdf_buf_str(out, ")Tj\n");
      in_string = 0;
    }
    if (!in_string++)
      lf_pdf_buf_put(out, "(", 1);
    put_code(out, code);
  }
  if (in_string)
    lf_pdf_buf_str(out, ")Tj\n");
}

/*
 * 'draw_text()' - Show a text item at its baseline start in a text object
 * of its own: colour, font and size when they change, then the codes.
 */
static int draw_text(lf_pdf_ctx *ctx, size_t page_index,
                     const lf_item *item) {
  size_t len = strnlen(item->text, item->len);
  if (!len)
    return 0;
  int index = ctx->face_font[item->face];
  lf_pdf_font *font = &ctx->fonts[index];
  lf_pdf_state *state = &ctx->state;
  lf_pdf_buf *out = &ctx->content;

  if (lf_pdf_tags_open(ctx, page_index, item))
    return -1;
  lf_pdf_buf_str(out, "BT\n");
  put_colour(ctx, item->colour, 0);
  long size = lf_pdf_fixed(item->size);
  if (state->font != index || state->font_size != size) {
    lf_pdf_buf_name(out, font->resource);
    lf_pdf_buf_put(out, " ", 1);
    put_numbers(out, &size, 1, "Tf\n");
    state->font = index;
    state->font_size = size;
  }
  long at[2] = {lf_pdf_fixed(item->x), lf_pdf_fixed(item->y)};
  put_numbers(out, at, 2, "Td\n");
  put_codes(ctx, font, item->text, len);
  lf_pdf_buf_str(out, "ET\n");
  return 0;
}

/*
 * 'draw_rect()' - Fill and/or stroke a rectangle.
 */
static int draw_rect(lf_pdf_ctx *ctx, size_t page_index,
                     const lf_item *item) {
  if (!item->filled && !item->stroked)
    return 0;
  if (lf_pdf_tags_open(ctx, page_index, item))
    return -1;
  if (item->filled)
    put_colour(ctx, item->fill, 0);
  if (item->stroked) {
    put_colour(ctx, item->colour, 1);
    put_line_width(ctx, item->line_width);
  }
  long box[4] = {lf_pdf_fixed(item->x), lf_pdf_fixed(item->y),
                 lf_pdf_fixed(item->w), lf_pdf_fixed(item->h)};
  put_numbers(&ctx->content, box, 4,
              item->filled && item->stroked ? "re\nB\n"
              : item->filled                ? "re\nf\n"
                                            : "re\nS\n");
  return 0;
}

/*
 * 'draw_line()' - Stroke a line from (x, y) to (x2, y2).
 */
static int draw_line(lf_pdf_ctx *ctx, size_t page_index,
                     const lf_item *item) {
  if (lf_pdf_tags_open(ctx, page_index, item))
    return -1;
  put_colour(ctx, item->colour, 1);
  put_line_width(ctx, item->line_width);
  long from[2] = {lf_pdf_fixed(item->x), lf_pdf_fixed(item->y)};
  long to[2] = {lf_pdf_fixed(item->x2), lf_pdf_fixed(item->y2)};
  put_numbers(&ctx->content, from, 2, "m\n");
  put_numbers(&ctx->content, to, 2, "l\nS\n");
  return 0;
}

/*
 * 'draw_link()' - A URI link annotation over the item's area: no border,
 * printable (/F 4), with /Contents naming the target for assistive
 * technology, and tied to its Link structure element.
 */
static int draw_link(lf_pdf_ctx *ctx, HPDF_Page page, size_t page_index,
                     const lf_item *item) {
  const lf_display *d = ctx->display;
  HPDF_Rect rect = {(HPDF_REAL)item->x, (HPDF_REAL)item->y,
                    (HPDF_REAL)(item->x + item->w),
                    (HPDF_REAL)(item->y + item->h)};
  HPDF_Annotation annot = HPDF_Page_CreateURILinkAnnot(page, rect, item->uri);
  if (!annot || lf_pdf_failed(ctx))
    return lf_pdf_fail(ctx, "adding a link on page %zu", page_index + 1);
  HPDF_LinkAnnot_SetBorderStyle(annot, 0, 0, 0);
  HPDF_Dict_AddNumber(annot, "F", 4);

  const char *alt = item->element >= 0 ? d->elements[item->element].alt : NULL;
  char *contents = NULL;
  if (!alt || !alt[0]) {
    size_t n = strlen(item->uri) + sizeof "Link to ";
    contents = malloc(n);
    if (!contents)
      return lf_pdf_fail(ctx, "out of memory");
    snprintf(contents, n, "Link to %s", item->uri);
    alt = contents;
  }
  HPDF_Dict_Add(annot, "Contents", lf_pdf_text_string(ctx, alt));
  free(contents);
  HPDF_Dict_AddName(page, "Tabs", "S");
  if (lf_pdf_failed(ctx))
    return lf_pdf_fail(ctx, "adding a link on page %zu", page_index + 1);
  return lf_pdf_tags_link(ctx, page_index, item, annot);
}

/*
 * 'finish_page()' - Hand the page's operators to its content stream.
 */
static int finish_page(lf_pdf_ctx *ctx, HPDF_Page page, size_t page_index) {
  if (ctx->content.failed)
    return lf_pdf_fail(ctx, "out of memory");
  if (ctx->content.length &&
      HPDF_Stream_Write(lf_pdf_page_stream(page), ctx->content.data,
                        (HPDF_UINT)ctx->content.length) != HPDF_OK)
    return lf_pdf_fail(ctx, "writing page %zu", page_index + 1);
  ctx->content.length = 0;
  return 0;
}

/*
 * 'draw_page()' - Add a page, sharing the document's /Resources, and draw
 * its items in order.  Each page starts from PDF's initial graphics state:
 * black, 1 pt lines, no font.
 */
static int draw_page(lf_pdf_ctx *ctx, size_t page_index) {
  const lf_display *d = ctx->display;
  const lf_page *src = &d->pages[page_index];

  HPDF_Page page = HPDF_AddPage(ctx->doc);
  if (!page || lf_pdf_failed(ctx))
    return lf_pdf_fail(ctx, "adding page %zu", page_index + 1);
  ctx->pages[page_index] = page;
  HPDF_Page_SetWidth(page, (HPDF_REAL)d->page_width);
  HPDF_Page_SetHeight(page, (HPDF_REAL)d->page_height);
  HPDF_Dict_Add(page, "Resources", ctx->resources);
  ctx->state = (lf_pdf_state){-1, -1, 0x000000, 0x000000, LF_PDF_FIXED_ONE};
  ctx->content.length = 0;

  for (size_t i = 0; i < src->count; i++) {
    const lf_item *item = &src->items[i];
    int rc = 0;
    switch (item->kind) {
    case LF_ITEM_TEXT:
      rc = draw_text(ctx, page_index, item);
      break;
    case LF_ITEM_RECT:
      rc = draw_rect(ctx, page_index, item);
      break;
    case LF_ITEM_LINE:
      rc = draw_line(ctx, page_index, item);
      break;
    case LF_ITEM_LINK:
      rc = draw_link(ctx, page, page_index, item);
      break;
    }
    if (rc)
      return -1;
  }
  if (lf_pdf_tags_end_page(ctx, page_index) ||
      finish_page(ctx, page, page_index))
    return -1;
  return lf_pdf_failed(ctx) ? lf_pdf_fail(ctx, "page %zu", page_index + 1) : 0;
}

/*
 * 'lf_pdf_draw()' - Check the display list, then its fonts, pages and
 * structure: everything of a document but what names it and its file.
 */
int lf_pdf_draw(lf_pdf_ctx *ctx) {
  const lf_display *d = ctx->display;

  if (check_display(ctx))
    return -1;
  if (lf_pdf_fonts_begin(ctx))
    return -1;
  ctx->pages = calloc(d->page_count, sizeof *ctx->pages);
  if (!ctx->pages)
    return lf_pdf_fail(ctx, "out of memory");
  if (lf_pdf_tags_begin(ctx))
    return -1;
  for (size_t p = 0; p < d->page_count; p++)
    if (draw_page(ctx, p))
      return -1;
  return lf_pdf_tags_finish(ctx);
}

/*
 * 'lf_pdf_begin()' - A context for 'display' with a new libharu document
 * whose streams are compressed (save.c writes the header).  Returns 0, or
 * -1 (recorded in the context).
 */
int lf_pdf_begin(lf_pdf_ctx *ctx, const lf_display *display,
                 lf_pdf_cache *cache) {
  memset(ctx, 0, sizeof *ctx);
  ctx->display = display;
  ctx->cache = cache;
  ctx->doc = HPDF_New(on_libharu_error, ctx);
  if (!ctx->doc)
    return lf_pdf_fail(ctx, "cannot create a libharu document");
  if (HPDF_SetCompressionMode(ctx->doc, HPDF_COMP_ALL) != HPDF_OK)
    return lf_pdf_fail(ctx, "setting up the document");
  return 0;
}

/*
 * 'lf_pdf_end()' - Free a context and its document.
 */
void lf_pdf_end(lf_pdf_ctx *ctx) {
  lf_pdf_tags_free(ctx);
  if (ctx->doc)
    HPDF_Free(ctx->doc);
  free(ctx->fonts);
  free(ctx->pages);
  free(ctx->fixed);
  lf_pdf_buf_free(&ctx->content);
  ctx->doc = NULL;
  ctx->fonts = NULL;
  ctx->pages = NULL;
  ctx->fixed = NULL;
}

/*
 * 'render()' - lf_pdf_render() with the place to report errors at.
 */
static int render(const lf_display *display, lf_pdf_cache *cache,
                  unsigned char **data, size_t *size, const char *path,
                  lf_diags *diags) {
  lf_pdf_ctx ctx;
  *data = NULL;
  *size = 0;
  int rc = lf_pdf_begin(&ctx, display, cache);
  if (rc == 0)
    rc = lf_pdf_draw(&ctx);
  if (rc == 0)
    rc = lf_pdf_write_outline(&ctx) || lf_pdf_write_info(&ctx) ||
                 lf_pdf_write_catalog(&ctx) || lf_pdf_fonts_finish(&ctx) ||
                 lf_pdf_write_id(&ctx) || lf_pdf_save(&ctx, data, size)
             ? -1
             : 0;
  if (rc)
    lf_pdf_report(&ctx, path, diags);
  lf_pdf_end(&ctx);
  return rc;
}

/*
 * 'lf_pdf_render()' - Render a display list as PDF bytes in memory.
 */
int lf_pdf_render(const lf_display *display, unsigned char **data,
                  size_t *size, lf_diags *diags) {
  return render(display, NULL, data, size, NULL, diags);
}

/*
 * 'lf_pdf_render_cached()' - lf_pdf_render() sharing page content through
 * 'cache'.
 */
int lf_pdf_render_cached(const lf_display *display, lf_pdf_cache *cache,
                         unsigned char **data, size_t *size, lf_diags *diags) {
  return render(display, cache, data, size, NULL, diags);
}

/*
 * 'lf_pdf_write()' - Write a display list as a PDF file, atomically.
 */
int lf_pdf_write(const lf_display *display, const char *path,
                 lf_diags *diags) {
  unsigned char *data;
  size_t size;

  if (!path || !path[0]) {
    lf_error(diags, (lf_pos){path, 0, 0}, "cannot write PDF: no file name");
    return -1;
  }
  if (render(display, NULL, &data, &size, path, diags))
    return -1;
  int rc = lf_write_file_atomic(path, data, size, 0644, 1);
  if (rc)
    lf_error(diags, (lf_pos){path, 0, 0}, "cannot write PDF: %s",
             strerror(errno));
  free(data);
  return rc;
}
