/*
 * writer.c -- the PDF backend's driver: a display list drawn into a libharu
 * document (pages, text, rectangles, lines, links), saved into memory and
 * written atomically to a file (see pdf.h).
 */
#include "leaflet/pdf.h"

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

/* Bytes of UTF-8 handed to one HPDF_Page_ShowText() call: libharu measures
 * strings up to HPDF_LIMIT_MAX_STRING_LEN and misbehaves near it. */
enum { TEXT_CHUNK_MAX = 4000 };

/* What a page's graphics state holds, so unchanged settings are not
 * written again; -1 means not known yet. */
typedef struct page_state {
  long fill, stroke;
  double line_width;
} page_state;

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
 * 'lf_pdf_write_raw()' - Format operators into a content stream.
 */
int lf_pdf_write_raw(lf_pdf_ctx *ctx, HPDF_Stream stream, const char *fmt,
                     ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof buf)
    return lf_pdf_fail(ctx, "content operator too long");
  if (HPDF_Stream_WriteStr(stream, buf) != HPDF_OK)
    return lf_pdf_fail(ctx, "writing marked content");
  return 0;
}

/*
 * 'report()' - Turn the context's failure into one diagnostic at 'path'.
 */
static void report(const lf_pdf_ctx *ctx, const char *path, lf_diags *diags) {
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
          !d->fonts->face[item->face])
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
 * 'load_fonts()' - Load, embedded and subset, each face a text item uses,
 * as a Type0 font with the UTF-8 encoder.  Faces that name the same file
 * share one font.
 */
static int load_fonts(lf_pdf_ctx *ctx) {
  const lf_display *d = ctx->display;
  int used[LF_FACE_COUNT] = {0};

  for (size_t p = 0; p < d->page_count; p++)
    for (size_t i = 0; i < d->pages[p].count; i++) {
      const lf_item *item = &d->pages[p].items[i];
      if (item->kind == LF_ITEM_TEXT && item->len)
        used[item->face] = 1;
    }
  ctx->fonts = calloc(LF_FACE_COUNT, sizeof *ctx->fonts);
  if (!ctx->fonts)
    return lf_pdf_fail(ctx, "out of memory");
  for (int f = 0; f < LF_FACE_COUNT; f++) {
    ctx->face_font[f] = -1;
    if (!used[f])
      continue;
    const char *path = lf_font_path(d->fonts->face[f]);
    const char *name = path ? HPDF_LoadTTFontFromFile(ctx->doc, path, HPDF_TRUE)
                            : NULL;
    HPDF_Font font = name ? HPDF_GetFont(ctx->doc, name, "UTF-8") : NULL;
    if (!font || lf_pdf_failed(ctx))
      return lf_pdf_fail(ctx, "loading font %s", path ? path : "(no path)");
    size_t k = 0;
    while (k < ctx->font_count && ctx->fonts[k].font != font)
      k++;
    if (k == ctx->font_count) {
      ctx->fonts[k].font = font;
      ctx->fonts[k].metrics = d->fonts->face[f];
      ctx->font_count++;
    }
    ctx->face_font[f] = (int)k;
  }
  return 0;
}

/*
 * 'set_fill()' - Set the fill (and text) colour when it changes.
 */
static void set_fill(HPDF_Page page, page_state *state, unsigned rgb) {
  rgb &= 0xFFFFFFu;
  if (state->fill == (long)rgb)
    return;
  HPDF_Page_SetRGBFill(page, (HPDF_REAL)((rgb >> 16) & 255) / 255.0f,
                       (HPDF_REAL)((rgb >> 8) & 255) / 255.0f,
                       (HPDF_REAL)(rgb & 255) / 255.0f);
  state->fill = (long)rgb;
}

/*
 * 'set_stroke()' - Set the stroke colour and line width when they change
 * (a width of 0 means PDF's default of 1 pt).
 */
static void set_stroke(HPDF_Page page, page_state *state, unsigned rgb,
                       double width) {
  rgb &= 0xFFFFFFu;
  if (state->stroke != (long)rgb) {
    HPDF_Page_SetRGBStroke(page, (HPDF_REAL)((rgb >> 16) & 255) / 255.0f,
                           (HPDF_REAL)((rgb >> 8) & 255) / 255.0f,
                           (HPDF_REAL)(rgb & 255) / 255.0f);
    state->stroke = (long)rgb;
  }
  if (width <= 0)
    width = 1.0;
  if (state->line_width != width) {
    HPDF_Page_SetLineWidth(page, (HPDF_REAL)width);
    state->line_width = width;
  }
}

/*
 * 'chunk_length()' - How many bytes of 'text' to show at once: at most
 * 'limit', ending where libharu's UTF-8 decoder is between characters.
 */
static size_t chunk_length(const char *text, size_t len, size_t limit) {
  lf_pdf_utf8 state = {{0}, 0, 0};
  size_t boundary = 0;
  uint16_t code;

  if (len <= limit)
    return len;
  for (size_t i = 0; i < len && i < limit; i++) {
    lf_pdf_utf8_step(&state, (unsigned char)text[i], &code);
    if (state.have == 0)
      boundary = i + 1;
  }
  return boundary ? boundary : limit;
}

/*
 * 'draw_text()' - Show a text item at its baseline start, in chunks that
 * libharu handles whole, noting the codes written for the ToUnicode map.
 */
static int draw_text(lf_pdf_ctx *ctx, HPDF_Page page, size_t page_index,
                     const lf_item *item, page_state *state) {
  size_t len = strnlen(item->text, item->len);
  if (!len)
    return 0;
  if (len + 1 > ctx->text_cap) {
    size_t cap = len + 1 < 256 ? 256 : len + 1;
    char *text = realloc(ctx->text, cap);
    if (!text)
      return lf_pdf_fail(ctx, "out of memory");
    ctx->text = text;
    ctx->text_cap = cap;
  }
  memcpy(ctx->text, item->text, len);
  ctx->text[len] = '\0';

  lf_pdf_font *font = &ctx->fonts[ctx->face_font[item->face]];
  if (lf_pdf_tags_open(ctx, page_index, item))
    return -1;
  HPDF_Page_BeginText(page);
  set_fill(page, state, item->colour);
  HPDF_Page_SetFontAndSize(page, font->font, (HPDF_REAL)item->size);
  HPDF_Page_MoveTextPos(page, (HPDF_REAL)item->x, (HPDF_REAL)item->y);
  for (size_t at = 0; at < len && !lf_pdf_failed(ctx);) {
    size_t n = chunk_length(ctx->text + at, len - at, TEXT_CHUNK_MAX);
    char saved = ctx->text[at + n];
    ctx->text[at + n] = '\0';
    /* libharu writes nothing for a string of no width: note nothing. */
    if (HPDF_Page_TextWidth(page, ctx->text + at) > 0) {
      lf_pdf_note_codes(font, ctx->text + at);
      HPDF_Page_ShowText(page, ctx->text + at);
    }
    ctx->text[at + n] = saved;
    at += n;
  }
  HPDF_Page_EndText(page);
  if (lf_pdf_failed(ctx))
    return lf_pdf_fail(ctx, "writing text on page %zu", page_index + 1);
  return lf_pdf_tags_close(ctx, page_index);
}

/*
 * 'draw_rect()' - Fill and/or stroke a rectangle.
 */
static int draw_rect(lf_pdf_ctx *ctx, HPDF_Page page, size_t page_index,
                     const lf_item *item, page_state *state) {
  if (!item->filled && !item->stroked)
    return 0;
  if (lf_pdf_tags_open(ctx, page_index, item))
    return -1;
  if (item->filled)
    set_fill(page, state, item->fill);
  if (item->stroked)
    set_stroke(page, state, item->colour, item->line_width);
  HPDF_Page_Rectangle(page, (HPDF_REAL)item->x, (HPDF_REAL)item->y,
                      (HPDF_REAL)item->w, (HPDF_REAL)item->h);
  if (item->filled && item->stroked)
    HPDF_Page_FillStroke(page);
  else if (item->filled)
    HPDF_Page_Fill(page);
  else
    HPDF_Page_Stroke(page);
  if (lf_pdf_failed(ctx))
    return lf_pdf_fail(ctx, "drawing a rectangle on page %zu", page_index + 1);
  return lf_pdf_tags_close(ctx, page_index);
}

/*
 * 'draw_line()' - Stroke a line from (x, y) to (x2, y2).
 */
static int draw_line(lf_pdf_ctx *ctx, HPDF_Page page, size_t page_index,
                     const lf_item *item, page_state *state) {
  if (lf_pdf_tags_open(ctx, page_index, item))
    return -1;
  set_stroke(page, state, item->colour, item->line_width);
  HPDF_Page_MoveTo(page, (HPDF_REAL)item->x, (HPDF_REAL)item->y);
  HPDF_Page_LineTo(page, (HPDF_REAL)item->x2, (HPDF_REAL)item->y2);
  HPDF_Page_Stroke(page);
  if (lf_pdf_failed(ctx))
    return lf_pdf_fail(ctx, "drawing a line on page %zu", page_index + 1);
  return lf_pdf_tags_close(ctx, page_index);
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
  HPDF_Dict_Add(annot, "Contents",
                HPDF_String_New(ctx->doc->mmgr, alt, ctx->utf8));
  free(contents);
  HPDF_Dict_AddName(page, "Tabs", "S");
  if (lf_pdf_failed(ctx))
    return lf_pdf_fail(ctx, "adding a link on page %zu", page_index + 1);
  return lf_pdf_tags_link(ctx, page_index, item, annot);
}

/*
 * 'draw_page()' - Add a page and draw its items in order.
 */
static int draw_page(lf_pdf_ctx *ctx, size_t page_index) {
  const lf_display *d = ctx->display;
  const lf_page *src = &d->pages[page_index];
  page_state state = {-1, -1, 1.0};

  HPDF_Page page = HPDF_AddPage(ctx->doc);
  if (!page || lf_pdf_failed(ctx))
    return lf_pdf_fail(ctx, "adding page %zu", page_index + 1);
  ctx->pages[page_index] = page;
  HPDF_Page_SetWidth(page, (HPDF_REAL)d->page_width);
  HPDF_Page_SetHeight(page, (HPDF_REAL)d->page_height);

  for (size_t i = 0; i < src->count; i++) {
    const lf_item *item = &src->items[i];
    int rc = 0;
    switch (item->kind) {
    case LF_ITEM_TEXT:
      rc = draw_text(ctx, page, page_index, item, &state);
      break;
    case LF_ITEM_RECT:
      rc = draw_rect(ctx, page, page_index, item, &state);
      break;
    case LF_ITEM_LINE:
      rc = draw_line(ctx, page, page_index, item, &state);
      break;
    case LF_ITEM_LINK:
      rc = draw_link(ctx, page, page_index, item);
      break;
    }
    if (rc)
      return -1;
  }
  if (lf_pdf_tags_end_page(ctx, page_index))
    return -1;
  return lf_pdf_failed(ctx) ? lf_pdf_fail(ctx, "page %zu", page_index + 1) : 0;
}

/*
 * 'save_to_memory()' - Serialize the document and copy it out of libharu's
 * memory stream into one malloc'd buffer.
 */
static int save_to_memory(lf_pdf_ctx *ctx, unsigned char **data,
                          size_t *size) {
  /* HPDF_NewDoc() set 1.3; nothing has changed it since but say it last. */
  ctx->doc->pdf_version = HPDF_VER_17;
  if (HPDF_SaveToStream(ctx->doc) != HPDF_OK || lf_pdf_failed(ctx))
    return lf_pdf_fail(ctx, "saving the document");
  HPDF_UINT32 total = HPDF_GetStreamSize(ctx->doc);
  unsigned char *buf = malloc(total ? total : 1);
  if (!buf)
    return lf_pdf_fail(ctx, "out of memory (%lu bytes)", (unsigned long)total);
  HPDF_UINT32 got = total;
  if (!total || HPDF_ReadFromStream(ctx->doc, buf, &got) != HPDF_OK ||
      got != total || lf_pdf_failed(ctx)) {
    free(buf);
    return lf_pdf_fail(ctx, "reading the saved document");
  }
  *data = buf;
  *size = total;
  return 0;
}

/*
 * 'build()' - Everything between a new libharu document and its bytes.
 */
static int build(lf_pdf_ctx *ctx, unsigned char **data, size_t *size) {
  const lf_display *d = ctx->display;

  if (HPDF_SetCompressionMode(ctx->doc, HPDF_COMP_ALL) != HPDF_OK ||
      HPDF_UseUTFEncodings(ctx->doc) != HPDF_OK ||
      HPDF_SetCurrentEncoder(ctx->doc, "UTF-8") != HPDF_OK)
    return lf_pdf_fail(ctx, "setting up the document");
  ctx->utf8 = HPDF_GetEncoder(ctx->doc, "UTF-8");
  ctx->doc->pdf_version = HPDF_VER_17;
  if (!ctx->utf8 || lf_pdf_failed(ctx))
    return lf_pdf_fail(ctx, "setting up the UTF-8 encoder");
  if (load_fonts(ctx))
    return -1;
  ctx->pages = calloc(d->page_count, sizeof *ctx->pages);
  if (!ctx->pages)
    return lf_pdf_fail(ctx, "out of memory");
  if (lf_pdf_tags_begin(ctx))
    return -1;
  for (size_t p = 0; p < d->page_count; p++)
    if (draw_page(ctx, p))
      return -1;
  if (lf_pdf_write_outline(ctx) || lf_pdf_tags_finish(ctx) ||
      lf_pdf_write_info(ctx) || lf_pdf_write_catalog(ctx) ||
      lf_pdf_fix_fonts(ctx) || lf_pdf_write_id(ctx))
    return -1;
  return save_to_memory(ctx, data, size);
}

/*
 * 'render()' - lf_pdf_render() with the place to report errors at.
 */
static int render(const lf_display *display, unsigned char **data,
                  size_t *size, const char *path, lf_diags *diags) {
  lf_pdf_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  ctx.display = display;
  *data = NULL;
  *size = 0;

  if (check_display(&ctx)) {
    report(&ctx, path, diags);
    return -1;
  }
  ctx.doc = HPDF_New(on_libharu_error, &ctx);
  if (!ctx.doc) {
    lf_error(diags, (lf_pos){path, 0, 0},
             "cannot write PDF: cannot create a libharu document");
    return -1;
  }
  int rc = build(&ctx, data, size);
  if (rc)
    report(&ctx, path, diags);
  lf_pdf_tags_free(&ctx);
  HPDF_Free(ctx.doc);
  free(ctx.fonts);
  free(ctx.pages);
  free(ctx.text);
  return rc;
}

/*
 * 'lf_pdf_render()' - Render a display list as PDF bytes in memory.
 */
int lf_pdf_render(const lf_display *display, unsigned char **data,
                  size_t *size, lf_diags *diags) {
  return render(display, data, size, NULL, diags);
}

/*
 * 'write_all()' - Write a whole buffer to a descriptor, across short writes
 * and interruptions.
 */
static int write_all(int fd, const unsigned char *data, size_t size) {
  while (size) {
    ssize_t n = write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    data += n;
    size -= (size_t)n;
  }
  return 0;
}

/*
 * 'sync_parent()' - Best effort: make the rename in 'path's directory
 * durable.
 */
static void sync_parent(const char *path) {
  const char *slash = strrchr(path, '/');
  char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path))
                    : strdup(".");
  if (!dir)
    return;
  int fd = open(dir, O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
  free(dir);
}

/*
 * 'write_atomically()' - Put 'data' at 'path' through a temporary file in
 * the same directory renamed into place; on failure remove the temporary
 * file, leave 'path' as it was and return -1 with errno set.
 */
static int write_atomically(const char *path, const unsigned char *data,
                            size_t size) {
  size_t n = strlen(path);
  char *temp = malloc(n + sizeof ".XXXXXX");
  if (!temp) {
    errno = ENOMEM;
    return -1;
  }
  memcpy(temp, path, n);
  memcpy(temp + n, ".XXXXXX", sizeof ".XXXXXX");

  int fd = mkstemp(temp);
  if (fd < 0) {
    int saved = errno;
    free(temp);
    errno = saved;
    return -1;
  }
  if (write_all(fd, data, size) || fsync(fd) || fchmod(fd, 0644)) {
    int saved = errno;
    close(fd);
    unlink(temp);
    free(temp);
    errno = saved;
    return -1;
  }
  if (close(fd) || rename(temp, path)) {
    int saved = errno;
    unlink(temp);
    free(temp);
    errno = saved;
    return -1;
  }
  free(temp);
  sync_parent(path);
  return 0;
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
  if (render(display, &data, &size, path, diags))
    return -1;
  int rc = write_atomically(path, data, size);
  if (rc)
    lf_error(diags, (lf_pos){path, 0, 0}, "cannot write PDF: %s",
             strerror(errno));
  free(data);
  return rc;
}
