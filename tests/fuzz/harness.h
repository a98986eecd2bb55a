/*
 * harness.h -- what the fuzz targets share: the real fonts, loaded once,
 * and the checks every run makes of its diagnostics.
 *
 * The targets are run two ways: by libFuzzer (`make fuzz`, built with
 * clang) and by tests/fuzz/replay.c, a plain main() that feeds them the
 * saved corpus and every crash input ever found (`make test`, built with
 * the sanitizer build of the library).  Paths are relative to the
 * repository, or to $LEAFLET_ROOT when set.
 */
#ifndef LEAFLET_FUZZ_HARNESS_H
#define LEAFLET_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet/diag.h"
#include "leaflet/fonts.h"
#include "leaflet/utf8.h"
#include "leaflet/model.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * 'fz_root()' - The repository folder (for fonts/ and tests/fuzz/).
 */
static inline const char *fz_root(void) {
  const char *root = getenv("LEAFLET_ROOT");
  return root && *root ? root : ".";
}

/*
 * 'fz_die()' - Stop the run with a message: a broken invariant is a
 * finding, so it must crash where libFuzzer can see it.
 */
static inline void fz_die(const char *what, const char *detail) {
  fprintf(stderr, "fuzz invariant broken: %s%s%s\n", what, detail ? ": " : "",
          detail ? detail : "");
  abort();
}

/*
 * 'fz_load_fonts()' - Fonts as the real print formats use them: Atkinson
 * Hyperlegible regular and bold, DejaVu Sans as the fallbacks, Noto Naskh
 * Arabic and Noto Sans Devanagari for their scripts.
 */
static inline void fz_load_fonts(lf_fontset *fonts) {
  char paths[LF_FACE_COUNT][1024];
  const char *names[LF_FACE_COUNT] = {
      "fonts/AtkinsonHyperlegible-Regular.ttf",
      "fonts/AtkinsonHyperlegible-Bold.ttf",
      "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
      "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"};
  const char *ptrs[LF_FACE_COUNT];
  for (int f = 0; f < LF_FACE_COUNT; f++) {
    if (names[f][0] == '/')
      snprintf(paths[f], sizeof paths[f], "%s", names[f]);
    else
      snprintf(paths[f], sizeof paths[f], "%s/%s", fz_root(), names[f]);
    ptrs[f] = paths[f];
  }
  lf_diags diags;
  lf_diags_init(&diags);
  if (lf_fontset_load(fonts, ptrs, &diags) != 0) {
    lf_diags_print(&diags, stderr);
    fz_die("cannot load the fonts", "run from the repository or set LEAFLET_ROOT");
  }
  /* the Arabic and Devanagari faces the print formats name, so that text
   * in those scripts goes through their shaping too */
  const char *naskh[2] = {"/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf", NULL};
  const char *deva[2] = {"/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf", NULL};
  if (lf_fontset_add_script(fonts, LF_FONT_SCRIPT_ARABIC, naskh, 0, &diags) != 0 ||
      lf_fontset_add_script(fonts, LF_FONT_SCRIPT_DEVANAGARI, deva, 0, &diags) != 0) {
    lf_diags_print(&diags, stderr);
    fz_die("cannot load the script fonts", "install fonts-noto-core");
  }
  lf_diags_free(&diags);
}

/*
 * 'fz_check_diags()' - What every diagnostic must be: a message that is
 * not empty, a line and column that are not negative, a column wherever
 * there is a line, a file name that is not empty when given, and valid
 * UTF-8 as printed.  Each is
 * formatted as the command line would print it (and printed when
 * $FUZZ_VERBOSE is set).
 */
static inline void fz_check_diags_utf8(const lf_diags *diags, int utf8);

static inline void fz_check_diags(const lf_diags *diags) {
  fz_check_diags_utf8(diags, 1);
}

/*
 * 'fz_check_diags_utf8()' - As fz_check_diags(), checking that the text is
 * UTF-8 only when 'utf8' is set (for a reader with that bug open).
 */
static inline void fz_check_diags_utf8(const lf_diags *diags, int utf8) {
  char buf[4096];
  size_t errors = 0, warnings = 0;
  for (size_t i = 0; i < diags->count; i++) {
    const lf_diag *g = &diags->items[i];
    lf_diag_format(g, buf, sizeof buf);
    if (getenv("FUZZ_VERBOSE"))
      fprintf(stderr, "%s\n", buf);
    if (!g->message || !g->message[0])
      fz_die("a diagnostic without a message", buf);
    if (g->pos.line < 0 || g->pos.column < 0)
      fz_die("a diagnostic at a negative line or column", buf);
    if (g->pos.line > 0 && g->pos.column < 1)
      fz_die("a diagnostic with a line but no column", buf);
    if (g->pos.file && !g->pos.file[0])
      fz_die("a diagnostic with an empty file name", buf);
    /* it goes to a terminal, a log or JSON: never half a character */
    for (const char *s = buf, *end = buf + strlen(buf); utf8 && s < end;)
      if (lf_utf8_next(&s, end) < 0)
        fz_die("a diagnostic that is not valid UTF-8", buf);
    errors += g->severity == LF_ERROR;
    warnings += g->severity == LF_WARNING;
  }
  if (diags->count < LF_DIAGS_MAX &&
      (errors != diags->errors || warnings != diags->warnings))
    fz_die("diagnostic counts disagree with the list", NULL);
}

#endif
