/*
 * test_pdf.c -- the PDF backend (src/pdf): display lists built by hand,
 * rendered with lf_pdf_render() and lf_pdf_write(), and checked from the
 * outside with the tools a reader's software would use: qpdf --check,
 * pdftotext, pdffonts, pdfinfo (-struct-text), mutool.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <hpdf.h>

#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "leaflet/arena.h"
#include "leaflet/diag.h"
#include "leaflet/display.h"
#include "leaflet/fonts.h"
#include "leaflet/layout.h"
#include "leaflet/pdf.h"
#include "leaflet/shaper.h"
#include "leaflet/utf8.h"
#include "testutil.h"

#define MAX_ITEMS 64
#define MAX_ELEMENTS 32

/* U+2019 (curly apostrophe) and U+2192 (an arrow only the fallback has). */
#define RSQUO "\xE2\x80\x99"
#define RARR "\xE2\x86\x92"

/* Beyond U+FFFF, in the fallback font only: U+1D538, U+1D7D8 and U+1D7D9
 * (double-struck A, 0 and 1). */
#define DS_A "\xF0\x9D\x94\xB8"
#define DS_0 "\xF0\x9D\x9F\x98"
#define DS_1 "\xF0\x9D\x9F\x99"

/* The fonts, a folder for output, and a display list being built. */
typedef struct fixture {
  lf_fontset fonts;
  lf_arena *arena;        /* the items' glyphs */
  char *dir;
  lf_display display;
  lf_page pages[2];
  lf_item items[2][MAX_ITEMS];
  lf_element elements[MAX_ELEMENTS];
  lf_outline_entry outline[4];
} fixture;

/* What a command printed, and how it ended. */
typedef struct command_output {
  char *out, *err;
  int status;
} command_output;

/* ---- building display lists -------------------------------------------- */

/*
 * 'new_item()' - Append a zeroed item of 'kind' to page 'page'.
 */
static lf_item *new_item(fixture *fx, int page, lf_item_kind kind,
                         int element) {
  lf_page *pg = &fx->pages[page];
  assert_true(pg->count < MAX_ITEMS);
  lf_item *item = &pg->items[pg->count++];
  memset(item, 0, sizeof *item);
  item->kind = kind;
  item->element = element;
  return item;
}

/*
 * 'shape_item()' - Shape an item's text in its face of the display's fonts (as the layout does,
 * left to right, in the script of its first letter) into the fixture's
 * arena, and measure it.
 */
static void shape_item(fixture *fx, lf_item *item) {
  const lf_font *font = lf_fontset_face(fx->display.fonts, item->face);
  assert_non_null(font);
  lf_script_tag script = LF_SCRIPT_LATIN;
  for (const char *p = item->text, *end = p + item->len; p < end;) {
    int32_t cp = lf_utf8_next(&p, end);
    if (cp >= 0 && lf_script_is_real(lf_script_of((uint32_t)cp))) {
      script = lf_script_of((uint32_t)cp);
      break;
    }
  }
  lf_glyph_buf buf = {NULL, 0, 0};
  assert_int_equal(lf_shape(NULL, font, item->text, item->len, script, 0, "en-GB", &buf), 0);
  lf_glyph *glyphs = lf_arena_array(fx->arena, buf.count ? buf.count : 1, sizeof *glyphs);
  assert_non_null(glyphs);
  long units = 0;
  for (size_t i = 0; i < buf.count; i++) {
    glyphs[i] = buf.items[i];
    units += buf.items[i].advance;
  }
  item->glyphs = glyphs;
  item->glyph_count = buf.count;
  item->w = units * item->size / lf_font_units_per_em(font);
  lf_glyph_buf_free(&buf);
}

/*
 * 'add_text()' - Append a text item at (x, y), shaped; returns its end x.
 */
static double add_text(fixture *fx, int page, int element, double x, double y,
                       lf_face face, double size, const char *text) {
  lf_item *item = new_item(fx, page, LF_ITEM_TEXT, element);
  item->x = x;
  item->y = y;
  item->text = text;
  item->len = strlen(text);
  item->face = face;
  item->size = size;
  item->colour = 0x1A1A1A;
  shape_item(fx, item);
  return x + item->w;
}

/*
 * 'add_element()' - Append a structure element; returns its index.
 */
static int add_element(fixture *fx, lf_element_type type, int parent,
                       const char *role, const char *alt) {
  lf_display *d = &fx->display;
  assert_true(d->element_count < MAX_ELEMENTS);
  lf_element *el = &fx->elements[d->element_count];
  memset(el, 0, sizeof *el);
  el->type = type;
  el->parent = parent;
  el->role = role;
  el->alt = alt;
  return (int)d->element_count++;
}

/*
 * 'reset_display()' - An empty two-page A4 display with metadata.
 */
static void reset_display(fixture *fx, size_t page_count) {
  lf_display *d = &fx->display;
  memset(d, 0, sizeof *d);
  memset(fx->pages, 0, sizeof fx->pages);
  for (int p = 0; p < 2; p++) {
    fx->pages[p].items = fx->items[p];
    fx->pages[p].cap = MAX_ITEMS;
  }
  d->page_width = 595.276;
  d->page_height = 841.89;
  d->pages = fx->pages;
  d->page_count = page_count;
  d->page_cap = 2;
  d->elements = fx->elements;
  d->element_cap = MAX_ELEMENTS;
  d->outline = fx->outline;
  d->outline_cap = 4;
  d->fonts = &fx->fonts;
  d->meta.title = "Sunitinib " "\xE2\x80\x93" " your treatment";
  d->meta.author = "Oncology Pharmacy Team";
  d->meta.subject = "How to take sunitinib safely";
  d->meta.keywords = "sunitinib, kidney cancer, GIST";
  d->meta.language = "en-GB";
  d->meta.creation_date = "2024-05-01";
  d->meta.identifier = "sunitinib.a4";
}

/*
 * 'build_leaflet()' - The two-page leaflet most tests look at: a heading,
 * a paragraph with an inline link, a curly quote and a fallback arrow, a
 * boxed callout with a custom role, a list item, footers as artifacts, a
 * link without an element, and three bookmarks.
 */
static void build_leaflet(fixture *fx) {
  reset_display(fx, 2);
  lf_display *d = &fx->display;
  double x;

  int doc = add_element(fx, LF_EL_DOCUMENT, -1, NULL, NULL);
  int h1 = add_element(fx, LF_EL_H1, doc, NULL, NULL);
  int para = add_element(fx, LF_EL_P, doc, NULL, NULL);
  int link = add_element(fx, LF_EL_LINK, para, NULL,
                         "Example website (opens in a browser)");
  int box = add_element(fx, LF_EL_DIV, doc, "Callout", NULL);
  int box_p = add_element(fx, LF_EL_P, box, NULL, NULL);
  int list = add_element(fx, LF_EL_L, doc, NULL, NULL);
  int li = add_element(fx, LF_EL_LI, list, NULL, NULL);
  int lbl = add_element(fx, LF_EL_LBL, li, NULL, NULL);
  int lbody = add_element(fx, LF_EL_LBODY, li, NULL, NULL);
  int h2 = add_element(fx, LF_EL_H2, doc, NULL, NULL);
  int para2 = add_element(fx, LF_EL_P, doc, NULL, NULL);

  add_text(fx, 0, h1, 72, 770, LF_FACE_BOLD, 20, "Your medicine");
  x = add_text(fx, 0, para, 72, 740, LF_FACE_REGULAR, 12,
               "Don" RSQUO "t stop ");
  double link_x = x;
  x = add_text(fx, 0, link, x, 740, LF_FACE_REGULAR, 12, "example.org");
  lf_item *area = new_item(fx, 0, LF_ITEM_LINK, link);
  area->x = link_x;
  area->y = 736;
  area->w = x - link_x;
  area->h = 16;
  area->uri = "https://example.org/";
  x = add_text(fx, 0, para, x, 740, LF_FACE_REGULAR, 12, " ");
  x = add_text(fx, 0, para, x, 740, LF_FACE_FALLBACK_REGULAR, 12, RARR);
  add_text(fx, 0, para, x, 740, LF_FACE_REGULAR, 12, " ask first.");

  lf_item *rect = new_item(fx, 0, LF_ITEM_RECT, box);
  rect->x = 66;
  rect->y = 680;
  rect->w = 300;
  rect->h = 40;
  rect->fill = 0xFFF4CC;
  rect->filled = 1;
  rect->stroked = 1;
  rect->colour = 0xAA7700;
  rect->line_width = 1.5;
  add_text(fx, 0, box_p, 72, 696, LF_FACE_BOLD, 12, "Call 111 if unwell.");

  add_text(fx, 0, lbl, 72, 650, LF_FACE_REGULAR, 12, "\xE2\x80\xA2");
  add_text(fx, 0, lbody, 86, 650, LF_FACE_REGULAR, 12, "Take with food.");

  add_text(fx, 0, h2, 72, 610, LF_FACE_BOLD, 16, "Side effects");
  x = add_text(fx, 0, para2, 72, 585, LF_FACE_REGULAR, 12, "See ");
  double nhs_x = x;
  x = add_text(fx, 0, para2, x, 585, LF_FACE_REGULAR, 12, "nhs.uk");
  area = new_item(fx, 0, LF_ITEM_LINK, -1);
  area->x = nhs_x;
  area->y = 581;
  area->w = x - nhs_x;
  area->h = 16;
  area->uri = "https://www.nhs.uk/";

  lf_item *rule = new_item(fx, 0, LF_ITEM_LINE, -1);
  rule->x = 72;
  rule->y = 56;
  rule->x2 = 523;
  rule->y2 = 56;
  rule->colour = 0x888888;
  rule->line_width = 0.5;
  add_text(fx, 0, -1, 72, 40, LF_FACE_REGULAR, 9, "Page 1 of 2");

  add_text(fx, 1, para2, 72, 770, LF_FACE_REGULAR, 12, "Tell your nurse.");
  add_text(fx, 1, -1, 72, 40, LF_FACE_REGULAR, 9, "Page 2 of 2");

  fx->outline[0] = (lf_outline_entry){1, "Your medicine", 0, 790};
  fx->outline[1] = (lf_outline_entry){2, "Side effects", 0, 626};
  fx->outline[2] = (lf_outline_entry){1, "Don" RSQUO "t forget", 1, 790};
  d->outline_count = 3;
}

/* ---- running tools ------------------------------------------------------ */

/*
 * 'read_file()' - A whole file as a NUL-terminated string (NULL if absent).
 */
static char *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *buf = NULL;
  size_t len = 0, cap = 0, n;
  char chunk[8192];
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (len + n + 1 > cap) {
      cap = (len + n + 1) * 2;
      buf = realloc(buf, cap);
      assert_non_null(buf);
    }
    memcpy(buf + len, chunk, n);
    len += n;
  }
  fclose(f);
  if (!buf)
    buf = calloc(1, 1);
  buf[len] = '\0';
  if (size)
    *size = len;
  return buf;
}

/*
 * 'run()' - Run a shell command, capturing stdout and stderr.
 */
static command_output run(const fixture *fx, const char *fmt, ...) {
  char cmd[2048], full[3200], err_path[1100];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(cmd, sizeof cmd, fmt, ap);
  va_end(ap);
  snprintf(err_path, sizeof err_path, "%s/stderr.txt", fx->dir);
  snprintf(full, sizeof full, "%s 2>'%s'", cmd, err_path);

  command_output result = {NULL, NULL, -1};
  FILE *pipe = popen(full, "r");
  assert_non_null(pipe);
  size_t len = 0, cap = 8192, n;
  result.out = malloc(cap);
  assert_non_null(result.out);
  while ((n = fread(result.out + len, 1, cap - len - 1, pipe)) > 0) {
    len += n;
    if (cap - len < 4096) {
      cap *= 2;
      result.out = realloc(result.out, cap);
      assert_non_null(result.out);
    }
  }
  result.out[len] = '\0';
  /* Decompressed font programs hold NULs: keep the text searchable. */
  for (size_t i = 0; i < len; i++)
    if (!result.out[i])
      result.out[i] = '\x01';
  int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.err = read_file(err_path, NULL);
  if (!result.err)
    result.err = calloc(1, 1);
  return result;
}

/*
 * 'output_free()' - Free what run() captured.
 */
static void output_free(command_output *o) {
  free(o->out);
  free(o->err);
}

/*
 * 'write_leaflet()' - Render the fixture's display to dir/name; returns the
 * path (static per call site is not needed: the caller's buffer).
 */
static void write_display(fixture *fx, const char *name, char *path,
                          size_t size) {
  lf_diags diags;
  lf_diags_init(&diags);
  snprintf(path, size, "%s/%s", fx->dir, name);
  int rc = lf_pdf_write(&fx->display, path, &diags);
  if (rc) {
    char text[4096];
    fprintf(stderr, "%s", tu_diags_text(&diags, text, sizeof text));
  }
  assert_int_equal(rc, 0);
  assert_int_equal(diags.count, 0);
  lf_diags_free(&diags);
}

/*
 * 'squeeze()' - Collapse runs of white space (including form feeds) into
 * single spaces and trim the ends, in place.
 */
static char *squeeze(char *text) {
  char *out = text;
  int space = 0;
  for (const char *p = text; *p; p++) {
    if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\f' || *p == '\r') {
      space = out != text;
      continue;
    }
    if (space)
      *out++ = ' ';
    space = 0;
    *out++ = *p;
  }
  *out = '\0';
  return text;
}

/*
 * 'utf16_hex()' - How qpdf --qdf prints a UTF-16BE text string with BOM:
 * "<feff...>" in lower case (BMP only).
 */
static void utf16_hex(const char *text, char *buf, size_t size) {
  const char *p = text, *end = text + strlen(text);
  size_t at = (size_t)snprintf(buf, size, "<feff");
  while (p < end && at + 5 < size) {
    int32_t cp = lf_utf8_next(&p, end);
    at += (size_t)snprintf(buf + at, size - at, "%04x", (unsigned)cp);
  }
  snprintf(buf + at, size - at, ">");
}

/*
 * 'count_of()' - How many times 'needle' occurs in 'text'.
 */
static int count_of(const char *text, const char *needle) {
  int n = 0;
  for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
    n++;
  return n;
}

/*
 * 'hide_object_numbers()' - Replace the number in each "Object <n> 0" that
 * pdfinfo -struct-text prints with 'N', in place.
 */
static char *hide_object_numbers(char *text) {
  char *out = text;
  for (const char *p = text; *p;) {
    if (strncmp(p, "Object ", 7) == 0 && p[7] >= '0' && p[7] <= '9') {
      p += 7;
      while (*p >= '0' && *p <= '9')
        p++;
      memcpy(out, "Object N", 8); /* never longer than what p passed */
      out += 8;
    } else {
      *out++ = *p++;
    }
  }
  *out = '\0';
  return text;
}

/* ---- fixtures ----------------------------------------------------------- */

/*
 * 'setup()' - Load the font set and make an output folder.
 */
static int setup(void **state) {
  static const char *const paths[LF_FACE_COUNT] = {
      "fonts/AtkinsonHyperlegible-Regular.ttf",
      "fonts/AtkinsonHyperlegible-Bold.ttf",
      "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
      "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"};
  fixture *fx = calloc(1, sizeof *fx);
  lf_diags diags;
  lf_diags_init(&diags);
  if (!fx || lf_fontset_load(&fx->fonts, paths, &diags)) {
    lf_diags_print(&diags, stderr);
    lf_diags_free(&diags);
    free(fx);
    return -1;
  }
  /* script slot 0: Devanagari (TrueType); 1: Simplified Chinese (CFF, the
   * third face of a collection) */
  static const char *const deva[2] = {
      "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf", NULL};
  static const char *const cjk[2] = {
      "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", NULL};
  if (lf_fontset_add_script(&fx->fonts, 0, deva, 0, &diags) ||
      lf_fontset_add_script(&fx->fonts, 1, cjk, 2, &diags)) {
    lf_diags_print(&diags, stderr);
    lf_diags_free(&diags);
    lf_fontset_free(&fx->fonts);
    free(fx);
    return -1;
  }
  lf_diags_free(&diags);
  fx->dir = tu_tempdir();
  fx->arena = lf_arena_new(0);
  if (!fx->dir || !fx->arena) {
    lf_fontset_free(&fx->fonts);
    free(fx);
    return -1;
  }
  *state = fx;
  return 0;
}

/*
 * 'teardown()' - Free the fonts and remove the output folder.
 */
static int teardown(void **state) {
  fixture *fx = *state;
  lf_fontset_free(&fx->fonts);
  lf_arena_free(fx->arena);
  tu_rmtree(fx->dir);
  free(fx);
  return 0;
}

/* ---- phase 1: the document ---------------------------------------------- */

/*
 * 'test_render_memory()' - lf_pdf_render() gives a whole PDF 1.7 file.
 */
static void test_render_memory(void **state) {
  fixture *fx = *state;
  lf_diags diags;
  unsigned char *data = NULL;
  size_t size = 0;

  build_leaflet(fx);
  lf_diags_init(&diags);
  assert_int_equal(lf_pdf_render(&fx->display, &data, &size, &diags), 0);
  assert_int_equal(diags.count, 0);
  assert_non_null(data);
  assert_true(size > 1000);
  assert_memory_equal(data, "%PDF-1.7\n", 9);
  assert_memory_equal(data + size - 6, "%%EOF\n", 6);
  free(data);
  lf_diags_free(&diags);
}

/*
 * 'test_qpdf_check()' - qpdf finds no syntax or stream errors.
 */
static void test_qpdf_check(void **state) {
  fixture *fx = *state;
  char path[1100];

  build_leaflet(fx);
  write_display(fx, "check.pdf", path, sizeof path);
  command_output o = run(fx, "qpdf --check '%s'", path);
  assert_int_equal(o.status, 0);
  assert_true(tu_has(o.out, "No syntax or stream encoding errors"));
  assert_true(tu_has(o.out, "PDF Version: 1.7"));
  output_free(&o);
}

/*
 * 'test_text_extracts()' - pdftotext gives the text back exactly, curly
 * quote and fallback arrow included, and warns about nothing (libharu's
 * own ToUnicode CMap makes poppler print "Syntax Warning").
 */
static void test_text_extracts(void **state) {
  fixture *fx = *state;
  char path[1100];

  build_leaflet(fx);
  write_display(fx, "text.pdf", path, sizeof path);
  command_output o = run(fx, "pdftotext '%s' -", path);
  assert_int_equal(o.status, 0);
  assert_string_equal(o.err, "");
  assert_string_equal(squeeze(o.out),
                      "Your medicine Don" RSQUO "t stop example.org " RARR
                      " ask first. Call 111 if unwell. \xE2\x80\xA2 Take with "
                      "food. Side effects See nhs.uk Page 1 of 2 Tell your "
                      "nurse. Page 2 of 2");
  output_free(&o);
}

/*
 * 'test_fonts_embedded()' - Every font is embedded, subset and has a
 * ToUnicode map, and only the faces used are in the file.
 */
static void test_fonts_embedded(void **state) {
  fixture *fx = *state;
  char path[1100];

  build_leaflet(fx);
  write_display(fx, "fonts.pdf", path, sizeof path);
  command_output o = run(fx, "pdffonts '%s'", path);
  assert_int_equal(o.status, 0);
  assert_string_equal(o.err, "");
  int rows = 0;
  char *line = strstr(o.out, "\n---");
  assert_non_null(line);
  for (line = strchr(line + 1, '\n'); line && line[1];
       line = strchr(line + 1, '\n')) {
    char *end = strchr(line + 1, '\n');
    if (end)
      *end = '\0';
    assert_true(tu_has(line + 1, "Identity-H       yes yes yes"));
    rows++;
    if (end)
      *end = '\n';
  }
  /* Regular, bold and the regular fallback: the bold fallback is unused. */
  assert_int_equal(rows, 3);
  assert_int_equal(count_of(o.out, "DejaVuSans"), 1);
  output_free(&o);
}

/*
 * 'test_info()' - Title, Author, Subject, Keywords, Creator and the dates
 * from the content; PDF 1.7; tagged.
 */
static void test_info(void **state) {
  fixture *fx = *state;
  char path[1100];

  build_leaflet(fx);
  write_display(fx, "info.pdf", path, sizeof path);
  command_output o = run(fx, "pdfinfo -isodates '%s'", path);
  assert_int_equal(o.status, 0);
  assert_string_equal(o.err, "");
  assert_true(tu_has(o.out, "Title:           Sunitinib \xE2\x80\x93 your treatment\n"));
  assert_true(tu_has(o.out, "Author:          Oncology Pharmacy Team\n"));
  assert_true(tu_has(o.out, "Subject:         How to take sunitinib safely\n"));
  assert_true(tu_has(o.out, "Keywords:        sunitinib, kidney cancer, GIST\n"));
  assert_true(tu_has(o.out, "Creator:         leaflet\n"));
  assert_true(tu_has(o.out, "CreationDate:    2024-05-01T00:00:00Z\n"));
  assert_true(tu_has(o.out, "ModDate:         2024-05-01T00:00:00Z\n"));
  assert_true(tu_has(o.out, "Tagged:          yes\n"));
  assert_true(tu_has(o.out, "Metadata Stream: yes\n"));
  assert_true(tu_has(o.out, "Pages:           2\n"));
  assert_true(tu_has(o.out, "PDF version:     1.7\n"));
  output_free(&o);

  /* The zone is written "+00'00'": libharu prints a 'Z' wrongly. */
  o = run(fx, "mutool show '%s' trailer/Info", path);
  assert_int_equal(o.status, 0);
  assert_true(tu_has(o.out, "/CreationDate (D:20240501000000+00'00')"));
  assert_true(tu_has(o.out, "/ModDate (D:20240501000000+00'00')"));
  output_free(&o);
}

/*
 * 'test_font_repairs()' - One ToUnicode CMap, shared by every font when
 * their codes agree (here every character is shown by its own glyph, so
 * its code is its Unicode value in each font), with bfchar/bfrange over
 * <0000> <FFFF> (no begincidrange) mapping the characters shown; every
 * FontDescriptor has /CapHeight and /XHeight; the CIDFonts say
 * Adobe-Identity.
 */
static void test_font_repairs(void **state) {
  fixture *fx = *state;
  char path[1100];

  build_leaflet(fx);
  write_display(fx, "repairs.pdf", path, sizeof path);
  command_output o = run(fx, "qpdf --qdf --object-streams=disable '%s' -", path);
  assert_int_equal(o.status, 0);
  assert_int_equal(count_of(o.out, "begincidrange"), 0);
  assert_int_equal(count_of(o.out, "/ToUnicode "), 3);
  char *first = strstr(o.out, "/ToUnicode "), *next = first;
  int object = atoi(first + 11);
  assert_true(object > 0);
  while ((next = strstr(next + 1, "/ToUnicode ")))
    assert_int_equal(atoi(next + 11), object);
  assert_int_equal(count_of(o.out, "<0000> <FFFF>\nendcodespacerange"), 1);
  /* The apostrophe and the bullet share a high byte: one range. */
  assert_true(tu_has(o.out, "<2019> <2022> <2019>\n"));
  assert_true(tu_has(o.out, "1 beginbfchar\n<2192> <2192>\nendbfchar\n"));
  int descriptors = count_of(o.out, "/Type /FontDescriptor");
  assert_int_equal(descriptors, 3);
  assert_int_equal(count_of(o.out, "/CapHeight "), descriptors);
  assert_int_equal(count_of(o.out, "/XHeight "), descriptors);
  /* Atkinson Hyperlegible's capitals are 668/1000 em high. */
  assert_true(tu_has(o.out, "/CapHeight 668\n"));
  assert_int_equal(count_of(o.out, "/Ordering (Identity)"), 3);
  output_free(&o);
}

/*
 * 'libharu_cap_height()' - The cap height of the font at 'path' as libharu
 * measures it, a reading independent of the backend's.
 */
static int libharu_cap_height(const char *path) {
  HPDF_Doc pdf = HPDF_New(NULL, NULL);
  assert_non_null(pdf);
  assert_int_equal(HPDF_UseUTFEncodings(pdf), HPDF_OK);
  const char *name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
  assert_non_null(name);
  HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
  assert_non_null(font);
  int cap_height = (int)HPDF_Font_GetCapHeight(font);
  HPDF_Free(pdf);
  return cap_height;
}

/*
 * 'test_cap_height()' - Every face's FontDescriptor says its /CapHeight as
 * libharu measures it: Atkinson's from the top of its 'H' (it has no
 * sCapHeight), DejaVu's from OS/2; capitals lower than the ascent.
 */
static void test_cap_height(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *path, *name;
  } faces[] = {{"fonts/AtkinsonHyperlegible-Regular.ttf", "+AtkinsonHyperlegible-Regular\n"},
               {"fonts/AtkinsonHyperlegible-Bold.ttf", "+AtkinsonHyperlegible-Bold\n"},
               {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "+DejaVuSans\n"}};
  char path[1100];

  build_leaflet(fx);
  write_display(fx, "cap-height.pdf", path, sizeof path);
  command_output o = run(fx, "qpdf --qdf --object-streams=disable '%s' -", path);
  assert_int_equal(o.status, 0);
  for (size_t i = 0; i < sizeof faces / sizeof *faces; i++) {
    /* qpdf writes a dictionary's keys in order: /CapHeight is before
     * /FontName in the descriptor that names the face ("/FontName /"
     * then a six-letter subset tag) */
    char *name = o.out;
    while ((name = strstr(name, "/FontName /")) &&
           strncmp(name + 17, faces[i].name, strlen(faces[i].name)) != 0)
      name++;
    assert_non_null(name);
    *name = '\0';
    char *descriptor = strrchr(o.out, '<');
    assert_non_null(descriptor);
    char *cap = strstr(descriptor, "/CapHeight ");
    char *ascent = strstr(descriptor, "/Ascent ");
    assert_non_null(cap);
    assert_non_null(ascent);
    int want = libharu_cap_height(faces[i].path);
    assert_true(want > 0);
    assert_int_equal(atoi(cap + 11), want);
    assert_true(atoi(cap + 11) < atoi(ascent + 8));
    *name = '/';
  }
  output_free(&o);
}

/*
 * 'test_catalog()' - /Lang, /DisplayDocTitle, /PageMode and a /ID of two
 * equal strings.
 */
static void test_catalog(void **state) {
  fixture *fx = *state;
  char path[1100];

  build_leaflet(fx);
  write_display(fx, "catalog.pdf", path, sizeof path);
  command_output o = run(fx, "mutool show '%s' Root", path);
  assert_int_equal(o.status, 0);
  assert_true(tu_has(o.out, "/Lang (en-GB)"));
  assert_true(tu_has(o.out, "/DisplayDocTitle true"));
  assert_true(tu_has(o.out, "/PageMode /UseOutlines"));
  assert_true(tu_has(o.out, "/Marked true"));
  output_free(&o);

  o = run(fx, "mutool show '%s' trailer", path);
  assert_int_equal(o.status, 0);
  char *id = strstr(o.out, "/ID [ <");
  assert_non_null(id);
  char first[40], second[40];
  assert_int_equal(sscanf(id, "/ID [ <%32[0-9A-F]> <%32[0-9A-F]> ]", first,
                          second), 2);
  assert_int_equal(strlen(first), 32);
  assert_string_equal(first, second);
  output_free(&o);
}

/*
 * 'test_xmp()' - The XMP metadata agrees with the Info dictionary and
 * claims PDF/UA-1.
 */
static void test_xmp(void **state) {
  fixture *fx = *state;
  char path[1100];

  build_leaflet(fx);
  write_display(fx, "xmp.pdf", path, sizeof path);
  command_output o = run(fx, "pdfinfo -meta '%s'", path);
  assert_int_equal(o.status, 0);
  assert_true(tu_has(o.out, "<rdf:li xml:lang=\"x-default\">Sunitinib \xE2\x80\x93 your treatment</rdf:li>"));
  assert_true(tu_has(o.out, "<dc:language><rdf:Bag><rdf:li>en-GB</rdf:li>"));
  assert_true(tu_has(o.out, "<pdfuaid:part>1</pdfuaid:part>"));
  assert_true(tu_has(o.out, "<xmp:CreateDate>2024-05-01T00:00:00+00:00</xmp:CreateDate>"));
  assert_true(tu_has(o.out, "<pdf:Producer>Haru Free PDF Library"));
  output_free(&o);
}

/*
 * 'test_deterministic()' - The same display list gives the same bytes, in
 * this process and in another; a different identifier changes only /ID.
 */
static void test_deterministic(void **state) {
  fixture *fx = *state;
  lf_diags diags;
  unsigned char *a = NULL, *b = NULL, *c = NULL;
  size_t a_size = 0, b_size = 0, c_size = 0;
  char path[1100];

  build_leaflet(fx);
  lf_diags_init(&diags);
  assert_int_equal(lf_pdf_render(&fx->display, &a, &a_size, &diags), 0);
  assert_int_equal(lf_pdf_render(&fx->display, &b, &b_size, &diags), 0);
  assert_int_equal(a_size, b_size);
  assert_memory_equal(a, b, a_size);

  snprintf(path, sizeof path, "%s/child.pdf", fx->dir);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    lf_diags child_diags;
    lf_diags_init(&child_diags);
    _exit(lf_pdf_write(&fx->display, path, &child_diags) ? 1 : 0);
  }
  int status = 0;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  size_t file_size = 0;
  char *file = read_file(path, &file_size);
  assert_non_null(file);
  assert_int_equal(file_size, a_size);
  assert_memory_equal(file, a, a_size);
  free(file);

  fx->display.meta.identifier = "sunitinib.large-print";
  assert_int_equal(lf_pdf_render(&fx->display, &c, &c_size, &diags), 0);
  assert_int_equal(c_size, a_size);
  size_t differ = 0;
  for (size_t i = 0; i < a_size; i++)
    differ += a[i] != c[i];
  assert_true(differ > 0 && differ <= 64); /* the two /ID strings */
  assert_int_equal(diags.count, 0);
  free(a);
  free(b);
  free(c);
  lf_diags_free(&diags);
}

/*
 * 'test_outline()' - One bookmark per entry, nested by level, in order.
 */
static void test_outline(void **state) {
  fixture *fx = *state;
  char path[1100];

  build_leaflet(fx);
  write_display(fx, "outline.pdf", path, sizeof path);
  command_output o = run(fx, "mutool show '%s' outline", path);
  assert_int_equal(o.status, 0);
  char *first = strstr(o.out, "\t\"Your medicine\"\t#page=1&zoom=100,");
  char *child = strstr(o.out, "\t\t\"Side effects\"\t#page=1&zoom=100,");
  char *third = strstr(o.out, "\t\"Don" RSQUO "t forget\"\t#page=2&zoom=100,");
  assert_non_null(first);
  assert_non_null(child);
  assert_non_null(third);
  assert_true(first < child && child < third);
  assert_true(first[-1] != '\t' && third[-1] != '\t'); /* top level */
  output_free(&o);

  /* Titles in ASCII are literal strings, others UTF-16BE; items have no
   * /Type (only the root is /Outlines); destinations are in the items. */
  char hex[400];
  utf16_hex("Don" RSQUO "t forget", hex, sizeof hex);
  o = run(fx, "qpdf --qdf --object-streams=disable '%s' -", path);
  assert_int_equal(o.status, 0);
  assert_true(tu_has(o.out, "/Title (Your medicine)\n"));
  assert_true(tu_has(o.out, hex));
  assert_int_equal(count_of(o.out, "/Type /Outlines"), 1);
  assert_int_equal(count_of(o.out, "/XYZ"), 3);
  output_free(&o);
}

/*
 * 'test_links()' - Link annotations have no border, the print flag and
 * /Contents: the element's text when it has one, else naming the URI.
 */
static void test_links(void **state) {
  fixture *fx = *state;
  char path[1100];

  build_leaflet(fx);
  write_display(fx, "links.pdf", path, sizeof path);
  command_output o = run(fx, "qpdf --qdf --object-streams=disable '%s' -", path);
  assert_int_equal(o.status, 0);
  assert_int_equal(count_of(o.out, "/Subtype /Link"), 2);
  assert_int_equal(count_of(o.out, "/F 4\n"), 2);
  assert_int_equal(count_of(o.out, "/Border [\n    0\n    0\n    0\n  ]"), 2);
  /* Text strings in ASCII are literal strings. */
  assert_true(tu_has(o.out, "/Contents (Example website \\(opens in a browser\\))\n"));
  assert_true(tu_has(o.out, "/Contents (Link to https://www.nhs.uk/)\n"));
  assert_true(tu_has(o.out, "/URI (https://example.org/)"));
  assert_true(tu_has(o.out, "/Tabs /S"));
  output_free(&o);
}

/*
 * 'test_shared_font_file()' - Faces that are the same file share one
 * embedded font, whose ToUnicode map covers the text of both.
 */
static void test_shared_font_file(void **state) {
  fixture *fx = *state;
  static const char *const same[LF_FACE_COUNT] = {
      "fonts/AtkinsonHyperlegible-Regular.ttf",
      "fonts/AtkinsonHyperlegible-Regular.ttf",
      "fonts/AtkinsonHyperlegible-Regular.ttf",
      "fonts/AtkinsonHyperlegible-Regular.ttf"};
  lf_fontset fonts;
  lf_diags diags;
  char path[1100];

  lf_diags_init(&diags);
  assert_int_equal(lf_fontset_load(&fonts, same, &diags), 0);
  lf_diags_free(&diags);
  reset_display(fx, 1);
  fx->display.fonts = &fonts;
  double x = add_text(fx, 0, -1, 72, 700, LF_FACE_REGULAR, 12, "Hello ");
  add_text(fx, 0, -1, x, 700, LF_FACE_FALLBACK_BOLD, 12, "world");
  write_display(fx, "shared.pdf", path, sizeof path);
  lf_fontset_free(&fonts);

  command_output o = run(fx, "pdffonts '%s'", path);
  assert_int_equal(o.status, 0);
  assert_int_equal(count_of(o.out, "AtkinsonHyperlegible-Regular"), 1);
  output_free(&o);
  o = run(fx, "pdftotext '%s' -", path);
  assert_string_equal(o.err, "");
  assert_string_equal(squeeze(o.out), "Hello world");
  output_free(&o);
}

/*
 * 'test_long_text()' - A text item far longer than one libharu string,
 * with multibyte characters across the chunk boundaries, comes back whole.
 */
static void test_long_text(void **state) {
  fixture *fx = *state;
  char path[1100];
  enum { REPEAT = 2000 };
  const char unit[] = "x" RARR "\xC3\xA9"; /* 6 bytes: cuts fall mid-character */
  char *text = malloc(REPEAT * (sizeof unit - 1) + 1);
  assert_non_null(text);
  for (int i = 0; i < REPEAT; i++)
    memcpy(text + i * (sizeof unit - 1), unit, sizeof unit);

  reset_display(fx, 1);
  add_text(fx, 0, -1, 10, 400, LF_FACE_FALLBACK_REGULAR, 0.1, text);
  write_display(fx, "long.pdf", path, sizeof path);
  command_output o = run(fx, "pdftotext '%s' -", path);
  assert_int_equal(o.status, 0);
  assert_string_equal(o.err, "");
  assert_string_equal(squeeze(o.out), text);
  output_free(&o);
  free(text);
}

/*
 * 'test_astral()' - Characters beyond U+FFFF print: such a character is no
 * code of its own, so its (glyph, text) pair gets the next free code of its
 * font from U+E000 on, in order of first use; each font's ToUnicode CMap
 * maps the code to the character's surrogate pair; the glyph is its own
 * (not .notdef) and as wide as the font has it; pdftotext gives the text
 * back exactly.
 */
static void test_astral(void **state) {
  fixture *fx = *state;
  char path[1100];

  reset_display(fx, 1);
  double x = add_text(fx, 0, -1, 72, 700, LF_FACE_REGULAR, 12, "Set ");
  x = add_text(fx, 0, -1, x, 700, LF_FACE_FALLBACK_REGULAR, 12, DS_A DS_0 DS_1);
  x = add_text(fx, 0, -1, x, 700, LF_FACE_REGULAR, 12, " and ");
  add_text(fx, 0, -1, x, 700, LF_FACE_FALLBACK_BOLD, 12, DS_1 DS_A);
  write_display(fx, "astral.pdf", path, sizeof path);

  command_output o = run(fx, "pdftotext '%s' -", path);
  assert_int_equal(o.status, 0);
  assert_string_equal(o.err, "");
  assert_string_equal(squeeze(o.out), "Set " DS_A DS_0 DS_1 " and " DS_1 DS_A);
  output_free(&o);

  o = run(fx, "qpdf --qdf --object-streams=disable '%s' -", path);
  assert_int_equal(o.status, 0);
  assert_true(tu_has(o.out, "3 beginbfchar\n<E000> <D835DD38>\n<E001> <D835DFD8>\n"
                            "<E002> <D835DFD9>\nendbfchar\n"));
  assert_true(tu_has(o.out, "2 beginbfchar\n<E000> <D835DFD9>\n<E001> <D835DD38>\n"
                            "endbfchar\n"));
  assert_int_equal(count_of(o.out, "<E003>"), 0);
  /* DejaVu Sans's advances: 740 for the A, 636 for each digit; in bold,
   * 695 for the 1 and 760 for the A */
  assert_true(tu_has(o.out, "/W [\n    57344\n    [\n      740\n      636\n      636\n"
                            "    ]\n  ]\n"));
  assert_true(tu_has(o.out, "/W [\n    57344\n    [\n      695\n      760\n    ]\n  ]\n"));
  output_free(&o);

  /* glyphs numbered in glyph order in each subset, none of them .notdef */
  o = run(fx, "mutool draw -F trace -o - '%s'", path);
  assert_int_equal(o.status, 0);
  assert_true(tu_has(o.out, "<g unicode=\"" DS_A "\" glyph=\"1\""));
  assert_true(tu_has(o.out, "<g unicode=\"" DS_0 "\" glyph=\"2\""));
  assert_true(tu_has(o.out, "<g unicode=\"" DS_1 "\" glyph=\"3\""));
  assert_int_equal(count_of(o.out, "<g unicode=\"" DS_1 "\" glyph=\"2\""), 1); /* bold */
  assert_int_equal(count_of(o.out, "glyph=\"0\""), 0);
  output_free(&o);
}

/*
 * 'test_code_limit()' - A font can show 65,534 different (glyph, text)
 * pairs in one document, a code each; one more is an error that says so,
 * and no file.  (One glyph shown for 65,535 different characters, each a
 * cluster of its own.)
 */
static void test_code_limit(void **state) {
  fixture *fx = *state;
  enum { MANY = 65535 };
  char *text = malloc(4 * MANY + 1), path[1100], message[2048];
  lf_glyph *glyphs = malloc(MANY * sizeof *glyphs);
  assert_non_null(text);
  assert_non_null(glyphs);
  const lf_font *font = lf_fontset_face(&fx->fonts, LF_FACE_REGULAR);
  uint32_t x = lf_font_glyph(font, 'x');
  size_t len = 0;
  for (uint32_t i = 0; i < MANY; i++) {
    glyphs[i] = (lf_glyph){.id = x, .cluster = (uint32_t)len, .advance = 10};
    len += lf_utf8_put(0x20000 + i, text + len);
  }
  reset_display(fx, 1);
  lf_item *item = new_item(fx, 0, LF_ITEM_TEXT, -1);
  *item = (lf_item){.kind = LF_ITEM_TEXT, .element = -1, .x = 10, .y = 400, .text = text,
                    .len = len - 4, .face = LF_FACE_REGULAR, .size = 1, .glyphs = glyphs,
                    .glyph_count = MANY - 1};
  write_display(fx, "limit.pdf", path, sizeof path);

  item->len = len;
  item->glyph_count = MANY;
  lf_diags diags;
  lf_diags_init(&diags);
  snprintf(path, sizeof path, "%s/over.pdf", fx->dir);
  assert_int_equal(lf_pdf_write(&fx->display, path, &diags), -1);
  assert_int_equal(diags.errors, 1);
  lf_diag_format(&diags.items[0], message, sizeof message);
  assert_true(tu_has(message, "cannot write PDF: font fonts/AtkinsonHyperlegible-Regular.ttf "
                              "shows more than 65,534 different glyphs and texts (expected "
                              "at most that many in one document)"));
  assert_int_equal(access(path, F_OK), -1);
  lf_diags_free(&diags);
  free(glyphs);
  free(text);
}

/* The faces of the script slots setup() gives. */
#define FACE_DEVANAGARI (LF_FACE_SCRIPT + 0)
#define FACE_CHINESE (LF_FACE_SCRIPT + 2)

/*
 * 'char_xs()' - The x of each character mutool finds on page 1, in order;
 * how many (at most 'max').
 */
static size_t char_xs(fixture *fx, const char *path, double *xs, size_t max) {
  command_output o = run(fx, "mutool draw -F stext -o - '%s' 1", path);
  assert_int_equal(o.status, 0);
  size_t n = 0;
  for (const char *at = strstr(o.out, "<char "); at && n < max; at = strstr(at + 1, "<char ")) {
    const char *x = strstr(at, " x=\"");
    assert_non_null(x);
    xs[n++] = strtod(x + 4, NULL);
  }
  output_free(&o);
  return n;
}

/*
 * 'test_kerning()' - Glyphs are drawn where shaping put them: each letter
 * of "AVATAR" starts where HarfBuzz's kerned advances put it (as mutool
 * reads the page), not where the unkerned widths would; the TJ array
 * carries the adjustments.
 */
static void test_kerning(void **state) {
  fixture *fx = *state;
  char path[1100];

  reset_display(fx, 1);
  add_text(fx, 0, -1, 72, 700, LF_FACE_REGULAR, 20, "AVATAR");
  const lf_item *item = &fx->pages[0].items[0];
  write_display(fx, "kerning.pdf", path, sizeof path);

  const lf_font *font = lf_fontset_face(&fx->fonts, LF_FACE_REGULAR);
  double scale = 20.0 / lf_font_units_per_em(font), xs[8];
  assert_int_equal(item->glyph_count, 6);
  assert_int_equal(char_xs(fx, path, xs, 8), 6);
  double pen = 72, plain = 72, apart = 0;
  for (size_t i = 0; i < 6; i++) {
    assert_true(xs[i] > pen - 0.001 && xs[i] < pen + 0.001);
    if (fabs(pen - plain) > apart)
      apart = fabs(pen - plain);
    pen += item->glyphs[i].advance * scale;
    plain += lf_font_advance(font, (unsigned char)"AVATAR"[i]) * 20.0 / 1000;
  }
  assert_true(apart > 0.5); /* the kerning is there to see */

  command_output o = run(fx, "qpdf --qdf --object-streams=disable '%s' -", path);
  assert_int_equal(o.status, 0);
  /* A and V drawn closer than their widths: a positive adjustment */
  const char *tj = strstr(o.out, "[<0041>");
  assert_non_null(tj);
  assert_true(tj[7] >= '1' && tj[7] <= '9');
  output_free(&o);
}

/*
 * 'test_places()' - Places on the page are written to hundredths of a
 * point: a line's start, and rectangles rounded by their corners, so
 * that two that touch (a QR code's modules) still touch.
 */
static void test_places(void **state) {
  fixture *fx = *state;
  char path[1100];

  reset_display(fx, 1);
  add_text(fx, 0, -1, 72.126, 700.0049, LF_FACE_REGULAR, 12, "Ab");
  static const lf_rect modules[2] = {{0.003, 0, 1.337, 1.337}, {1.34, 0, 1.337, 1.337}};
  lf_item *rects = new_item(fx, 0, LF_ITEM_RECTS, -1);
  rects->x = 100.004;
  rects->y = 500.2;
  rects->rects = modules;
  rects->rect_count = 2;
  rects->colour = 0x000000;
  write_display(fx, "places.pdf", path, sizeof path);

  command_output o = run(fx, "qpdf --qdf --object-streams=disable '%s' -", path);
  assert_int_equal(o.status, 0);
  assert_non_null(strstr(o.out, "\n72.13 700 Td\n"));
  /* 100.007 to 101.341, then 101.344 to 102.681 */
  assert_non_null(strstr(o.out, "\n100.01 500.2 1.33 1.34 re\n101.34 500.2 1.34 1.34 re\n"));
  output_free(&o);
}

/*
 * 'test_clusters()' - Devanagari: conjuncts, and a vowel sign drawn before
 * the consonants it follows, each cluster of several glyphs drawn as one
 * glyph carrying the cluster's text; pdftotext and mutool both give the
 * words back exactly, and nothing needs /ActualText.
 */
static void test_clusters(void **state) {
  fixture *fx = *state;
  char path[1100];
  static const char text[] = "\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7\xE0\xA4\xA4"
                             "\xE0\xA5\x8D\xE0\xA4\xB0\xE0\xA4\xBF\xE0\xA4\xAF "
                             "\xE0\xA4\xAA\xE0\xA4\xA4\xE0\xA5\x8D\xE0\xA4\xA8"
                             "\xE0\xA5\x80";

  reset_display(fx, 1);
  add_text(fx, 0, -1, 72, 700, FACE_DEVANAGARI, 14, text);
  write_display(fx, "clusters.pdf", path, sizeof path);
  command_output o = run(fx, "pdftotext '%s' -", path);
  assert_int_equal(o.status, 0);
  assert_string_equal(squeeze(o.out), text);
  output_free(&o);
  o = run(fx, "mutool draw -F txt -o - '%s'", path);
  assert_int_equal(o.status, 0);
  assert_string_equal(squeeze(o.out), text);
  output_free(&o);
  o = run(fx, "qpdf --qdf --object-streams=disable '%s' -", path);
  assert_int_equal(o.status, 0);
  assert_int_equal(count_of(o.out, "ActualText"), 0);
  assert_int_equal(count_of(o.out, "/Subtype /CIDFontType2"), 1);
  output_free(&o);
}

/*
 * 'test_cff()' - A CFF face from a collection (Noto Sans CJK SC) is
 * embedded as a CIDFontType0 with a CIDFontType0C program, its codes the
 * glyphs' CIDs; Chinese copies out exactly.  A cluster of two glyphs for
 * one character (CFF can make no composite) is drawn in a /Span whose
 * /ActualText is the character, the second glyph's code mapped to U+034F;
 * the file passes the PDF/UA checker.
 */
static void test_cff(void **state) {
  fixture *fx = *state;
  char path[1100];
  static const char words[] = "\xE4\xB8\xAD\xE6\x96\x87\xE5\x86\x85\xE5\xAE\xB9";

  reset_display(fx, 1);
  int doc = add_element(fx, LF_EL_DOCUMENT, -1, NULL, NULL);
  int para = add_element(fx, LF_EL_P, doc, NULL, NULL);
  fx->elements[para].lang = "zh-Hans";
  double x = add_text(fx, 0, para, 72, 700, FACE_CHINESE, 14, words);
  const lf_font *font = lf_fontset_face(&fx->fonts, FACE_CHINESE);
  assert_non_null(font);
  assert_true(lf_font_is_cff(font));
  lf_glyph *pair = lf_arena_array(fx->arena, 2, sizeof *pair);
  assert_non_null(pair);
  pair[0] = (lf_glyph){.id = lf_font_glyph(font, 0x4E2D), .cluster = 0, .advance = 1000};
  pair[1] = (lf_glyph){.id = lf_font_glyph(font, 0x5B57), .cluster = 0, .advance = 1000};
  lf_item *item = new_item(fx, 0, LF_ITEM_TEXT, para);
  *item = (lf_item){.kind = LF_ITEM_TEXT, .element = para, .x = x, .y = 700,
                    .w = 28, .text = "\xE4\xB8\xAD", .len = 3, .face = FACE_CHINESE,
                    .size = 14, .glyphs = pair, .glyph_count = 2};
  write_display(fx, "cff.pdf", path, sizeof path);

  command_output o = run(fx, "pdftotext '%s' -", path);
  assert_int_equal(o.status, 0);
  assert_string_equal(squeeze(o.out), "\xE4\xB8\xAD\xE6\x96\x87\xE5\x86\x85\xE5\xAE\xB9"
                                      "\xE4\xB8\xAD");
  output_free(&o);
  o = run(fx, "mutool draw -F txt -o - '%s'", path);
  assert_int_equal(o.status, 0);
  assert_true(tu_has(squeeze(o.out), words));
  output_free(&o);
  o = run(fx, "qpdf --qdf --object-streams=disable '%s' -", path);
  assert_int_equal(o.status, 0);
  assert_int_equal(count_of(o.out, "/Subtype /CIDFontType0\n"), 1);
  assert_int_equal(count_of(o.out, "/Subtype /CIDFontType0C"), 1);
  assert_int_equal(count_of(o.out, "/FontFile3 "), 1);
  assert_int_equal(count_of(o.out, "CIDToGIDMap"), 0);
  assert_true(tu_has(o.out, "/Span <</ActualText <feff4e2d>>> BDC"));
  assert_true(tu_has(o.out, "> <034F>\n"));
  assert_true(tu_has(o.out, "/Lang (zh-Hans)"));
  output_free(&o);
}

/*
 * 'test_missing_directory()' - Writing into a folder that does not exist
 * fails with an error at the path and creates nothing.
 */
static void test_missing_directory(void **state) {
  fixture *fx = *state;
  char path[1200], dir[1100], text[2048];
  lf_diags diags;
  struct stat st;

  build_leaflet(fx);
  snprintf(dir, sizeof dir, "%s/no-such-dir", fx->dir);
  snprintf(path, sizeof path, "%s/out.pdf", dir);
  lf_diags_init(&diags);
  assert_int_equal(lf_pdf_write(&fx->display, path, &diags), -1);
  assert_int_equal(diags.errors, 1);
  tu_diags_text(&diags, text, sizeof text);
  assert_true(tu_has(text, "out.pdf: error: cannot write PDF: No such file or directory"));
  assert_int_equal(stat(dir, &st), -1);
  lf_diags_free(&diags);
}

/*
 * 'count_entries()' - Files in 'dir' whose names start with 'prefix'.
 */
static int count_entries(const char *dir, const char *prefix) {
  DIR *d = opendir(dir);
  int n = 0;
  assert_non_null(d);
  for (struct dirent *e = readdir(d); e; e = readdir(d))
    if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
      n++;
  closedir(d);
  return n;
}

/*
 * 'test_failed_write_keeps_file()' - When writing fails part-way (here a
 * file size limit in a child process, which even root cannot bypass) the
 * earlier file at the path is untouched and no temporary file remains.
 */
static void test_failed_write_keeps_file(void **state) {
  fixture *fx = *state;
  char path[1100];
  const char earlier[] = "earlier contents\n";

  build_leaflet(fx);
  snprintf(path, sizeof path, "%s/keep.pdf", fx->dir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(earlier, f);
  fclose(f);

  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    struct rlimit limit = {4096, 4096};
    lf_diags child_diags;
    lf_diags_init(&child_diags);
    signal(SIGXFSZ, SIG_IGN);
    if (setrlimit(RLIMIT_FSIZE, &limit))
      _exit(3);
    int rc = lf_pdf_write(&fx->display, path, &child_diags);
    char text[2048];
    tu_diags_text(&child_diags, text, sizeof text);
    _exit(rc == -1 && strstr(text, "cannot write PDF: File too large") ? 0 : 1);
  }
  int status = 0;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFEXITED(status));
  assert_int_equal(WEXITSTATUS(status), 0);

  char *now = read_file(path, NULL);
  assert_non_null(now);
  assert_string_equal(now, earlier);
  free(now);
  assert_int_equal(count_entries(fx->dir, "keep.pdf."), 0);
}

/*
 * 'test_failed_render_keeps_file()' - A display list the backend rejects
 * leaves the file at the path as it was, and says why.
 */
static void test_failed_render_keeps_file(void **state) {
  fixture *fx = *state;
  char path[1100], text[2048];
  lf_diags diags;

  build_leaflet(fx);
  write_display(fx, "bad.pdf", path, sizeof path);
  size_t before_size = 0;
  char *before = read_file(path, &before_size);

  fx->items[0][1].element = 99; /* no such element */
  lf_diags_init(&diags);
  assert_int_equal(lf_pdf_write(&fx->display, path, &diags), -1);
  assert_int_equal(diags.errors, 1);
  tu_diags_text(&diags, text, sizeof text);
  assert_true(tu_has(text, "bad.pdf: error: cannot write PDF: invalid display "
                           "list: page 1 item 1: element index out of range"));
  lf_diags_free(&diags);

  size_t after_size = 0;
  char *after = read_file(path, &after_size);
  assert_int_equal(after_size, before_size);
  assert_memory_equal(after, before, before_size);
  free(before);
  free(after);
  assert_int_equal(count_entries(fx->dir, "bad.pdf."), 0);
}

/*
 * 'test_display_copy()' - A display list copied (lf_display_copy()) into
 * one arena, and that copy into another after the first is freed, renders
 * to the same bytes as the original: nothing in it still points into the
 * arena it was copied from (the sanitizer builds would see a read of
 * freed memory).
 */
static void test_display_copy(void **state) {
  fixture *fx = *state;
  lf_diags diags;
  lf_diags_init(&diags);

  build_leaflet(fx);
  unsigned char *want = NULL, *got = NULL;
  size_t want_size = 0, got_size = 0;
  assert_int_equal(lf_pdf_render(&fx->display, &want, &want_size, &diags), 0);
  lf_arena *first = lf_arena_new(0), *second = lf_arena_new(0);
  assert_non_null(first);
  assert_non_null(second);
  lf_display *copy = lf_display_copy(first, &fx->display);
  assert_non_null(copy);
  copy = lf_display_copy(second, copy);
  assert_non_null(copy);
  lf_arena_free(first);
  assert_int_equal(copy->page_count, fx->display.page_count);
  assert_int_equal(copy->element_count, fx->display.element_count);
  assert_int_equal(copy->outline_count, fx->display.outline_count);
  assert_int_equal(lf_pdf_render(copy, &got, &got_size, &diags), 0);
  assert_int_equal(got_size, want_size);
  assert_memory_equal(got, want, want_size);
  free(want);
  free(got);
  lf_arena_free(second);
  lf_diags_free(&diags);
}

/*
 * 'spool_parts()' - Spool the fixture's leaflet 'parts' times into 'name',
 * as sections of one Document, and close it.
 */
static void spool_parts(fixture *fx, const char *name, int parts, char *path,
                        size_t size) {
  lf_diags diags;
  lf_diags_init(&diags);
  snprintf(path, size, "%s/%s", fx->dir, name);
  fx->elements[0].type = LF_EL_SECT;
  lf_pdf_spool *spool = lf_pdf_spool_open(path, 0640, &fx->fonts, fx->display.page_width,
                                          fx->display.page_height, "en-GB", "spool.test",
                                          NULL, &diags);
  assert_non_null(spool);
  for (int i = 0; i < parts; i++) {
    char mark[32];
    snprintf(mark, sizeof mark, "Part %d", i + 1);
    assert_int_equal(lf_pdf_spool_add(spool, &fx->display, mark, &diags), 0);
    assert_int_equal(lf_pdf_spool_pages(spool), (size_t)(i + 1) * fx->display.page_count);
  }
  /* until it closes, only a temporary file beside it */
  assert_int_equal(access(path, F_OK), -1);
  assert_int_equal(count_entries(fx->dir, name), 1);
  lf_metadata meta = {.title = "Spooled parts", .subject = "A test",
                     .creation_date = "2026-11-24"};
  int rc = lf_pdf_spool_close(spool, &meta, &diags);
  if (rc) {
    char text[4096];
    fprintf(stderr, "%s", tu_diags_text(&diags, text, sizeof text));
  }
  assert_int_equal(rc, 0);
  assert_int_equal(diags.count, 0);
  lf_diags_free(&diags);
  fx->elements[0].type = LF_EL_DOCUMENT;
}

/*
 * 'test_spool()' - A document written part by part is one sound, tagged
 * PDF: every part's pages and text in order, one Document whose sections
 * are the parts, a bookmark per part, fonts embedded once, and the same
 * bytes every time.
 */
static void test_spool(void **state) {
  fixture *fx = *state;
  char one[1100], path[1100], again[1100];

  build_leaflet(fx);
  write_display(fx, "single.pdf", one, sizeof one);
  spool_parts(fx, "spool.pdf", 3, path, sizeof path);

  command_output o = run(fx, "qpdf --check '%s'", path);
  assert_int_equal(o.status, 0);
  assert_true(tu_has(o.out, "No syntax or stream encoding errors"));
  output_free(&o);
  o = run(fx, "pdfinfo '%s'", path);
  assert_int_equal(o.status, 0);
  assert_string_equal(o.err, "");
  assert_true(tu_has(o.out, "Title:           Spooled parts\n"));
  assert_true(tu_has(o.out, "Tagged:          yes\n"));
  assert_true(tu_has(o.out, "Pages:           6\n"));
  output_free(&o);

  /* the text: three times the single document's */
  command_output single = run(fx, "pdftotext -layout '%s' -", one);
  o = run(fx, "pdftotext -layout '%s' -", path);
  assert_int_equal(o.status, 0);
  size_t n = strlen(single.out);
  assert_int_equal(strlen(o.out), 3 * n);
  for (int i = 0; i < 3; i++)
    assert_memory_equal(o.out + i * n, single.out, n);
  output_free(&o);
  output_free(&single);

  /* the structure: one Document, a Sect per part holding its elements */
  o = run(fx, "pdfinfo -struct-text '%s'", path);
  assert_int_equal(o.status, 0);
  assert_string_equal(o.err, "");
  assert_true(strncmp(o.out, "Document\n  Sect\n    H1 (block)\n", 31) == 0);
  assert_int_equal(count_of(o.out, "\n  Sect\n"), 3);
  assert_int_equal(count_of(o.out, "\"Take with food.\""), 3);
  assert_int_equal(count_of(o.out, "Link (inline)"), 3);
  output_free(&o);

  /* a bookmark per part; the fonts once, embedded and subset */
  o = run(fx, "mutool show '%s' outline", path);
  assert_int_equal(o.status, 0);
  assert_true(tu_has(o.out, "\"Part 1\"\t#page=1&"));
  assert_true(tu_has(o.out, "\"Part 2\"\t#page=3&"));
  assert_true(tu_has(o.out, "\"Part 3\"\t#page=5&"));
  output_free(&o);
  o = run(fx, "pdffonts '%s'", path);
  assert_int_equal(o.status, 0);
  assert_int_equal(count_of(o.out, "CID TrueType      Identity-H       yes yes yes"), 3);
  output_free(&o);

  /* the same parts, the same bytes */
  spool_parts(fx, "spool2.pdf", 3, again, sizeof again);
  size_t a_size, b_size;
  char *a = read_file(path, &a_size), *b = read_file(again, &b_size);
  assert_int_equal(a_size, b_size);
  assert_memory_equal(a, b, a_size);
  free(a);
  free(b);
}

/*
 * 'test_spool_trees()' - A spool of many parts is one sound file whose
 * trees were written as it was: 1,400 parts of 2 pages and a link make a
 * ParentTree of three levels of 64 (4,200 keys), a page tree of two and a
 * structure tree of Parts over the Sects (test_trees.c goes deeper with a
 * smaller fan-out); qpdf finds nothing wrong, every page is there, and
 * check_trees.py finds every tree balanced and whole, a bookmark per
 * part.  A spool of 70 parts (one Part level) passes the PDF/UA-1
 * checker, once the fixture's one untagged link (there to be an
 * artifact) is given to its Link element.
 */
static void test_spool_trees(void **state) {
  fixture *fx = *state;
  char path[1100];
  const char *py = tu_pikepdf_python();
  if (!py)
    fail_msg("no python3 with pikepdf (Debian: apt-get install python3-pikepdf)");

  build_leaflet(fx);
  spool_parts(fx, "many.pdf", 1400, path, sizeof path);
  command_output o = run(fx, "qpdf --check '%s'", path);
  assert_int_equal(o.status, 0);
  assert_true(tu_has(o.out, "No syntax or stream encoding errors"));
  output_free(&o);
  o = run(fx, "pdfinfo '%s'", path);
  assert_true(tu_has(o.out, "Pages:           2800\n"));
  output_free(&o);
  /* each part: its two pages' marked content and its link's annotation */
  o = run(fx, "%s tests/unit/check_trees.py '%s' 64 2800 1400 4200 1400", py, path);
  if (o.status != 0)
    fail_msg("check_trees.py:\n%s%s", o.out, o.err);
  assert_true(tu_has(o.out, "2800 pages at depth 2, 1400 sections at depth 2, 4200 "
                            "ParentTree keys at depth 2"));
  output_free(&o);

  int link = -1;
  for (size_t e = 0; e < fx->display.element_count; e++)
    if (fx->display.elements[e].type == LF_EL_LINK)
      link = (int)e;
  for (size_t p = 0; p < fx->display.page_count; p++)
    for (size_t i = 0; i < fx->display.pages[p].count; i++)
      if (fx->display.pages[p].items[i].kind == LF_ITEM_LINK &&
          fx->display.pages[p].items[i].element < 0)
        fx->display.pages[p].items[i].element = link;
  assert_true(link >= 0);
  spool_parts(fx, "seventy.pdf", 70, path, sizeof path);
  o = run(fx, "%s tests/pdfua/check_pdfua.py '%s'", py, path);
  if (o.status != 0)
    fail_msg("check_pdfua.py:\n%s%s", o.out, o.err);
  output_free(&o);
  o = run(fx, "pdfinfo -struct-text '%s'", path);
  assert_true(strncmp(o.out, "Document\n  Part\n    Sect\n      H1 (block)\n", 40) == 0);
  assert_int_equal(count_of(o.out, "\n  Part\n"), 2);
  assert_int_equal(count_of(o.out, "\n    Sect\n"), 70);
  output_free(&o);
}

/*
 * 'test_spool_failures()' - A spool given up, or given a part on other
 * paper, leaves no file and no temporary file behind.
 */
static void test_spool_failures(void **state) {
  fixture *fx = *state;
  char path[1100];
  lf_diags diags;
  lf_diags_init(&diags);

  build_leaflet(fx);
  snprintf(path, sizeof path, "%s/given-up.pdf", fx->dir);
  lf_pdf_spool *spool = lf_pdf_spool_open(path, 0600, &fx->fonts, fx->display.page_width,
                                          fx->display.page_height, "en-GB", "x", NULL, &diags);
  assert_non_null(spool);
  assert_int_equal(lf_pdf_spool_add(spool, &fx->display, "One", &diags), 0);
  lf_pdf_spool_abort(spool);
  assert_int_equal(count_entries(fx->dir, "given-up.pdf"), 0);

  snprintf(path, sizeof path, "%s/other-paper.pdf", fx->dir);
  spool = lf_pdf_spool_open(path, 0600, &fx->fonts, fx->display.page_width + 10,
                            fx->display.page_height, "en-GB", "x", NULL, &diags);
  assert_non_null(spool);
  assert_int_equal(lf_pdf_spool_add(spool, &fx->display, "One", &diags), -1);
  assert_int_equal(diags.errors, 1);
  assert_true(tu_has(diags.items[0].message, "other paper"));
  lf_metadata meta = {.title = "x"};
  assert_int_equal(lf_pdf_spool_close(spool, &meta, &diags), -1);
  assert_int_equal(count_entries(fx->dir, "other-paper.pdf"), 0);

  /* a folder that is not there: an error at the file, nothing made */
  snprintf(path, sizeof path, "%s/no/such/folder.pdf", fx->dir);
  assert_null(lf_pdf_spool_open(path, 0600, &fx->fonts, 100, 100, "en", "x", NULL, &diags));
  assert_int_equal(diags.errors, 3);
  lf_diags_free(&diags);
}

/*
 * 'test_invalid_display()' - Each kind of broken display list is refused
 * before libharu sees it, with a reason.
 */
static void test_invalid_display(void **state) {
  fixture *fx = *state;
  lf_diags diags;
  unsigned char *data = (unsigned char *)"not touched";
  size_t size = 7;
  char text[2048];

  lf_diags_init(&diags);
  assert_int_equal(lf_pdf_render(NULL, &data, &size, &diags), -1);
  assert_null(data);
  assert_int_equal(size, 0);

  reset_display(fx, 0);
  assert_int_equal(lf_pdf_render(&fx->display, &data, &size, &diags), -1);

  reset_display(fx, 1);
  add_text(fx, 0, -1, 72, 700, LF_FACE_REGULAR, 12, "Hello");
  fx->items[0][0].face = (lf_face)7;
  assert_int_equal(lf_pdf_render(&fx->display, &data, &size, &diags), -1);

  reset_display(fx, 1);
  add_text(fx, 0, -1, 72, 700, LF_FACE_REGULAR, 0, "Hello");
  assert_int_equal(lf_pdf_render(&fx->display, &data, &size, &diags), -1);

  reset_display(fx, 1);
  int a = add_element(fx, LF_EL_DIV, -1, NULL, NULL);
  int b = add_element(fx, LF_EL_DIV, a, NULL, NULL);
  fx->elements[a].parent = b; /* a cycle */
  assert_int_equal(lf_pdf_render(&fx->display, &data, &size, &diags), -1);

  reset_display(fx, 1);
  fx->outline[0] = (lf_outline_entry){1, "Nowhere", 5, 700};
  fx->display.outline_count = 1;
  assert_int_equal(lf_pdf_render(&fx->display, &data, &size, &diags), -1);

  reset_display(fx, 1);
  fx->display.meta.creation_date = "1 May 2024";
  assert_int_equal(lf_pdf_render(&fx->display, &data, &size, &diags), -1);

  reset_display(fx, 1);
  lf_item *link = new_item(fx, 0, LF_ITEM_LINK, -1);
  link->w = link->h = 10;
  assert_int_equal(lf_pdf_render(&fx->display, &data, &size, &diags), -1);

  assert_int_equal(diags.errors, 8);
  tu_diags_text(&diags, text, sizeof text);
  assert_true(tu_has(text, "error: cannot write PDF: no display list\n"));
  assert_true(tu_has(text, "invalid display list: no pages\n"));
  assert_true(tu_has(text, "text in a face the font set lacks\n"));
  assert_true(tu_has(text, "font size out of range\n"));
  assert_true(tu_has(text, "element 0: bad parent\n"));
  assert_true(tu_has(text, "invalid display list: outline entry 0\n"));
  assert_true(tu_has(text, "creation date '1 May 2024' is not YYYY-MM-DD\n"));
  assert_true(tu_has(text, "link without a URI\n"));
  assert_null(data);
  lf_diags_free(&diags);
}

/*
 * 'test_libharu_error()' - An error inside libharu (an array past its
 * 32,767-entry limit: one page with more MCIDs than the ParentTree array
 * may hold) is reported with its code, and nothing is returned.
 */
static void test_libharu_error(void **state) {
  fixture *fx = *state;
  enum { COUNT = 33000 };
  lf_diags diags;
  unsigned char *data = NULL;
  size_t size = 0;
  char text[2048];

  reset_display(fx, 1);
  int doc = add_element(fx, LF_EL_DOCUMENT, -1, NULL, NULL);
  int div = add_element(fx, LF_EL_DIV, doc, NULL, NULL);
  lf_item *many = calloc(COUNT, sizeof *many);
  assert_non_null(many);
  for (size_t i = 0; i < COUNT; i++) {
    /* Alternate elements: an element's consecutive items share an MCID. */
    many[i].kind = LF_ITEM_RECT;
    many[i].element = i % 2 ? div : doc;
    many[i].x = 10;
    many[i].y = 10;
    many[i].w = many[i].h = 1;
    many[i].filled = 1;
  }
  fx->pages[0].items = many;
  fx->pages[0].count = COUNT;
  lf_diags_init(&diags);
  assert_int_equal(lf_pdf_render(&fx->display, &data, &size, &diags), -1);
  assert_null(data);
  assert_int_equal(diags.errors, 1);
  tu_diags_text(&diags, text, sizeof text);
  assert_true(tu_has(text, "cannot write PDF: libharu error 0x1001 (detail 0) "
                           "while tagging page 1"));
  lf_diags_free(&diags);
  free(many);
}

/*
 * 'find_bytes()' - The first 'needle' at or after 'from' in the 'size'
 * bytes at 'data' (which may hold NULs), or NULL.
 */
static const char *find_bytes(const char *data, size_t size, const char *from,
                              const char *needle) {
  size_t n = strlen(needle);
  for (size_t i = (size_t)(from - data); i + n <= size; i++)
    if (memcmp(data + i, needle, n) == 0)
      return data + i;
  return NULL;
}

/* 'has_bytes()' - Whether 'needle' occurs in the 'size' bytes at 'data'. */
static int has_bytes(const char *data, size_t size, const char *needle) {
  return find_bytes(data, size, data, needle) != NULL;
}

/*
 * 'be16()' / 'be32()' - Big-endian values in a font program.
 */
static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * 'test_compact_file()' - The file is PDF 1.5-style compact: objects in a
 * compressed object stream, a cross-reference stream instead of a table;
 * and each embedded font program is a real subset: the glyphs shown and
 * the tables a viewer draws with, with no layout or hinting tables.
 */
static void test_compact_file(void **state) {
  fixture *fx = *state;
  char path[1100], qdf[1200], program[1200];

  build_leaflet(fx);
  write_display(fx, "compact.pdf", path, sizeof path);
  size_t size = 0;
  char *raw = read_file(path, &size);
  assert_non_null(raw);
  assert_true(has_bytes(raw, size, "/Type/ObjStm"));
  assert_true(has_bytes(raw, size, "/Type/XRef"));
  assert_false(has_bytes(raw, size, "\nxref\n"));
  assert_false(has_bytes(raw, size, "/StructTreeRoot")); /* compressed */
  free(raw);
  command_output o = run(fx, "qpdf --show-xref '%s'", path);
  assert_int_equal(o.status, 0);
  assert_true(count_of(o.out, "compressed; stream =") > 30);
  output_free(&o);

  snprintf(qdf, sizeof qdf, "%s/compact-qdf.pdf", fx->dir);
  o = run(fx, "qpdf --qdf --object-streams=disable '%s' '%s'", path, qdf);
  assert_int_equal(o.status, 0);
  output_free(&o);
  size_t qdf_size = 0;
  char *text = read_file(qdf, &qdf_size);
  assert_non_null(text);
  int fonts = 0;
  for (const char *at = find_bytes(text, qdf_size, text, "/FontFile2 "); at;
       at = find_bytes(text, qdf_size, at + 1, "/FontFile2 ")) {
    int object = atoi(at + 11);
    snprintf(program, sizeof program, "%s/font-%d.ttf", fx->dir, object);
    o = run(fx, "qpdf --show-object=%d --filtered-stream-data '%s' > '%s'",
            object, qdf, program);
    assert_int_equal(o.status, 0);
    output_free(&o);
    size_t length = 0;
    unsigned char *font = (unsigned char *)read_file(program, &length);
    assert_non_null(font);
    assert_true(length > 12 && be32(font) == 0x00010000u);
    unsigned tables = be16(font + 4), glyphs = 0;
    /* glyf, head, hhea, hmtx, loca, maxp: a CIDFontType2 draws glyphs by
     * number, so no cmap, name, OS/2 or post */
    assert_int_equal(tables, 6);
    for (unsigned i = 0; i < tables; i++) {
      const unsigned char *rec = font + 12 + 16 * i;
      assert_true(memcmp(rec, "GPOS", 4) && memcmp(rec, "GSUB", 4) &&
                  memcmp(rec, "kern", 4) && memcmp(rec, "fpgm", 4));
      if (memcmp(rec, "maxp", 4) == 0)
        glyphs = be16(font + be32(rec + 8) + 4);
    }
    /* No face shows more than 30 different characters here. */
    assert_true(glyphs >= 2 && glyphs <= 31);
    free(font);
    fonts++;
  }
  assert_int_equal(fonts, 3);
  free(text);
}

/*
 * 'test_untagged()' - With no elements the file has no structure tree and
 * no marked content, and is still whole.
 */
static void test_untagged(void **state) {
  fixture *fx = *state;
  char path[1100];

  reset_display(fx, 1);
  add_text(fx, 0, -1, 72, 700, LF_FACE_REGULAR, 12, "Plain text.");
  fx->display.meta.title = NULL;
  fx->display.meta.creation_date = NULL;
  write_display(fx, "plain.pdf", path, sizeof path);
  command_output o = run(fx, "qpdf --check '%s'", path);
  assert_int_equal(o.status, 0);
  output_free(&o);
  o = run(fx, "pdfinfo '%s'", path);
  assert_true(tu_has(o.out, "Tagged:          no\n"));
  assert_int_equal(count_of(o.out, "Title:"), 0);
  output_free(&o);
  o = run(fx, "qpdf --qdf --object-streams=disable '%s' -", path);
  assert_int_equal(count_of(o.out, "BDC"), 0);
  assert_int_equal(count_of(o.out, "BMC"), 0);
  assert_int_equal(count_of(o.out, "/PageMode"), 0);
  output_free(&o);
}

/* ---- phase 2: tags ------------------------------------------------------ */

/*
 * 'test_structure()' - The structure tree reads in order: elements nest as
 * the display says, the inline link sits inside its paragraph between its
 * parent's text, the custom role maps to Div, artifacts are left out.  An
 * element's consecutive items are one marked-content sequence, even across
 * faces ("See nhs.uk", " -> ask first.").
 */
static void test_structure(void **state) {
  fixture *fx = *state;
  char path[1100];

  build_leaflet(fx);
  write_display(fx, "tags.pdf", path, sizeof path);
  command_output o = run(fx, "pdfinfo -struct-text '%s'", path);
  assert_int_equal(o.status, 0);
  assert_string_equal(o.err, "");
  assert_string_equal(hide_object_numbers(o.out),
                      "Document\n"
                      "  H1 (block)\n"
                      "    \"Your medicine\"\n"
                      "  P (block)\n"
                      "    \"Don" RSQUO "t stop \"\n"
                      "    Link (inline)\n"
                      "      \"example.org\"\n"
                      "      Object N 0\n"
                      "    \" " RARR " ask first.\"\n"
                      "  Div\n"
                      "    \"\"\n"
                      "    P (block)\n"
                      "      \"Call 111 if unwell.\"\n"
                      "  L (block)\n"
                      "    LI (block)\n"
                      "      Lbl (block)\n"
                      "        \"\xE2\x80\xA2\"\n"
                      "      LBody (block)\n"
                      "        \"Take with food.\"\n"
                      "  H2 (block)\n"
                      "    \"Side effects\"\n"
                      "  P (block)\n"
                      "    \"See nhs.uk\"\n"
                      "    \"Tell your nurse.\"\n");
  output_free(&o);
}

/*
 * 'test_structure_objects()' - The object side of tagging: the role map,
 * the ParentTree with page and annotation keys, /StructParents, the OBJR
 * and marked content that balances.
 */
static void test_structure_objects(void **state) {
  fixture *fx = *state;
  char path[1100];

  build_leaflet(fx);
  write_display(fx, "objects.pdf", path, sizeof path);
  command_output o = run(fx, "qpdf --qdf --object-streams=disable '%s' -", path);
  assert_int_equal(o.status, 0);
  assert_true(tu_has(o.out, "/RoleMap <<\n    /Callout /Div\n  >>"));
  assert_true(tu_has(o.out, "/ParentTreeNextKey 3\n"));
  assert_true(tu_has(o.out, "/StructParents 0\n"));
  assert_true(tu_has(o.out, "/StructParents 1\n"));
  assert_true(tu_has(o.out, "/StructParent 2\n"));
  assert_true(tu_has(o.out, "/Type /OBJR"));
  assert_true(tu_has(o.out, "/Callout <</MCID 4>> BDC\n"));
  assert_true(tu_has(o.out, "/Type /MCR")); /* the paragraph on page 2 */
  int opened = count_of(o.out, " BDC\n") + count_of(o.out, " BMC\n");
  assert_int_equal(opened, count_of(o.out, "EMC\n"));
  /* The rule and the page number next to it are one artifact. */
  assert_int_equal(count_of(o.out, "/Artifact BMC\n"), 2);
  output_free(&o);
}

/*
 * 'main()' - Run the PDF backend tests (from the top of the source tree,
 * where fonts/ is).
 */
int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_render_memory),
      cmocka_unit_test(test_qpdf_check),
      cmocka_unit_test(test_text_extracts),
      cmocka_unit_test(test_fonts_embedded),
      cmocka_unit_test(test_info),
      cmocka_unit_test(test_font_repairs),
      cmocka_unit_test(test_cap_height),
      cmocka_unit_test(test_catalog),
      cmocka_unit_test(test_xmp),
      cmocka_unit_test(test_deterministic),
      cmocka_unit_test(test_outline),
      cmocka_unit_test(test_links),
      cmocka_unit_test(test_shared_font_file),
      cmocka_unit_test(test_long_text),
      cmocka_unit_test(test_astral),
      cmocka_unit_test(test_code_limit),
      cmocka_unit_test(test_kerning),
      cmocka_unit_test(test_places),
      cmocka_unit_test(test_clusters),
      cmocka_unit_test(test_cff),
      cmocka_unit_test(test_missing_directory),
      cmocka_unit_test(test_failed_write_keeps_file),
      cmocka_unit_test(test_failed_render_keeps_file),
      cmocka_unit_test(test_display_copy),
      cmocka_unit_test(test_spool),
      cmocka_unit_test(test_spool_trees),
      cmocka_unit_test(test_spool_failures),
      cmocka_unit_test(test_invalid_display),
      cmocka_unit_test(test_libharu_error),
      cmocka_unit_test(test_compact_file),
      cmocka_unit_test(test_untagged),
      cmocka_unit_test(test_structure),
      cmocka_unit_test(test_structure_objects),
  };
  return cmocka_run_group_tests_name("pdf", tests, setup, teardown);
}
