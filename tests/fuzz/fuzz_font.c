/*
 * fuzz_font.c -- arbitrary bytes as a font file: the TrueType reader
 * (lf_font_load), and, for a font it accepts, a page of text in that font
 * shaped by HarfBuzz (as the layout shapes it) through the PDF backend,
 * which embeds and subsets it by glyph (its own subsetter for TrueType,
 * hb-subset for CFF).
 *
 * A style may name any file as a font, so a corrupt or hostile font must be
 * refused with an error at its path, never crash or hang.  Seeds are the
 * real fonts and truncated and damaged copies of them (tests/fuzz/corpus/
 * fuzz_font).
 *
 * Invariants checked besides memory safety: a font that fails to load has
 * reported an error; one that loads has sane metrics and answers every
 * look-up; the PDF either renders or reports why.
 */
#include <errno.h>
#include <unistd.h>

#include "harness.h"

#include "leaflet/arena.h"
#include "leaflet/display.h"
#include "leaflet/pdf.h"
#include "leaflet/shaper.h"
#include "leaflet/utf8.h"

static char path[256];

/*
 * 'remove_file()' - Remove the temporary font at exit.
 */
static void remove_file(void) { unlink(path); }

/*
 * 'LLVMFuzzerInitialize()' - A temporary file name for the font.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  const char *tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
  snprintf(path, sizeof path, "%s/leaflet-fuzz-font-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  int fd = mkstemp(path);
  if (fd < 0)
    fz_die("cannot make a temporary file", strerror(errno));
  close(fd);
  atexit(remove_file);
  return 0;
}

/*
 * 'render_sample()' - A page of the characters the font has, shaped, as a
 * PDF.
 */
static void render_sample(lf_font *font) {
  char text[256];
  size_t len = 0;
  /* up to 40 characters the font maps, from ASCII upwards */
  for (uint32_t cp = 0x20; cp < 0x3000 && len + 4 < sizeof text && len < 120; cp++) {
    if (lf_font_glyph(font, cp) != 0)
      len += lf_utf8_put(cp, text + len);
  }
  if (len == 0)
    return;
  lf_glyph_buf shaped = {NULL, 0, 0};
  if (lf_shape(NULL, font, text, len, LF_SCRIPT_LATIN, 0, "en-GB", &shaped) != 0)
    fz_die("shaping failed", NULL);
  lf_fontset set = {.face = {font, NULL, NULL, NULL}};
  lf_item item = {.kind = LF_ITEM_TEXT, .element = -1, .x = 72, .y = 700,
                  .text = text, .len = len, .face = LF_FACE_REGULAR, .size = 12,
                  .glyphs = shaped.items, .glyph_count = shaped.count};
  lf_page page = {.items = &item, .count = 1, .cap = 1};
  lf_display d = {.page_width = 595, .page_height = 842, .pages = &page,
                  .page_count = 1, .page_cap = 1, .fonts = &set,
                  .meta = {.title = "Font", .language = "en-GB",
                           .creation_date = "2026-01-01", .identifier = "font"}};
  lf_diags diags;
  lf_diags_init(&diags);
  unsigned char *pdf = NULL;
  size_t size = 0;
  if (lf_pdf_render(&d, &pdf, &size, &diags) != 0 && diags.errors == 0)
    fz_die("the PDF failed without an error", NULL);
  fz_check_diags(&diags);
  lf_diags_free(&diags);
  free(pdf);
  lf_glyph_buf_free(&shaped);
}

/*
 * 'LLVMFuzzerTestOneInput()' - Load the bytes as a font; use it if it loads.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FILE *fp = fopen(path, "wb");
  if (!fp || (size && fwrite(data, 1, size, fp) != size) || fclose(fp) != 0)
    fz_die("cannot write the temporary font", path);
  lf_diags diags;
  lf_diags_init(&diags);
  lf_font *font = lf_font_load(path, &diags);
  if (!font && diags.errors == 0)
    fz_die("a font failed to load without an error", NULL);
  if (font && diags.errors != 0)
    fz_die("a font loaded with errors", NULL);
  fz_check_diags(&diags);
  lf_diags_free(&diags);
  if (!font)
    return 0;
  (void)lf_font_ascent(font);
  (void)lf_font_descent(font);
  /* every look-up answers, in and beyond the BMP */
  for (uint32_t cp = 0; cp <= 0x10FFFF; cp += cp < 0x3000 ? 1 : 251)
    (void)lf_font_advance(font, cp);
  size_t data_size = 0;
  if (lf_font_data(font, &data_size) == NULL || data_size != size)
    fz_die("the font's bytes are not the file's", NULL);
  render_sample(font);
  lf_font_free(font);
  return 0;
}
