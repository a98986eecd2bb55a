/*
 * layout_fixture.h -- what the layout tests of tables and figures share:
 * the content fixture's folder, the fonts of its print format, and a
 * leaflet 'one' laid out from a body written by the test.
 */
#ifndef LEAFLET_LAYOUT_FIXTURE_H
#define LEAFLET_LAYOUT_FIXTURE_H

#include "leaflet/document.h"
#include "leaflet/layout.h"
#include "content_fixture.h"

static const char *const layout_font_paths[LF_FACE_COUNT] = {
    "fonts/AtkinsonHyperlegible-Regular.ttf", "fonts/AtkinsonHyperlegible-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"};

typedef struct layout_fixture {
  char *dir;
  lf_fontset fonts;
  lf_diags diags;
  lf_arena *arena;
  lf_format format;   /* the format the last layout used */
} layout_fixture;

static inline int layout_setup(void **state) {
  layout_fixture *f = calloc(1, sizeof *f);
  f->dir = write_fixture();
  f->arena = lf_arena_new(0);
  lf_diags_init(&f->diags);
  *state = f;
  return f->dir && lf_fontset_load(&f->fonts, layout_font_paths, &f->diags) == 0 ? 0 : -1;
}

static inline int layout_teardown(void **state) {
  layout_fixture *f = *state;
  tu_rmtree(f->dir);
  lf_fontset_free(&f->fonts);
  lf_diags_free(&f->diags);
  lf_arena_free(f->arena);
  free(f);
  return 0;
}

/*
 * 'layout_body()' - Lay out leaflet 'one', its body 'body' (YAML block
 * lines), in the fixture's standard format scaled to 'size' pt.  NULL when
 * resolving or laying out fails (the diagnostics are in f->diags).
 */
static inline lf_display *layout_body(layout_fixture *f, const char *body, double size) {
  static char text[65536];
  snprintf(text, sizeof text,
           "id: one\ntitle: One\nreview: {last_reviewed: 2027-01-01, next_review: 2030-01-01}\n"
           "body:\n%s", body);
  tu_write(f->dir, "leaflets/one.yaml", text);
  lf_content *c = lf_content_load(f->arena, f->dir, &f->diags);
  if (!c)
    return NULL;
  lf_document doc;
  if (lf_resolve_edition(f->arena, c, lf_content_leaflet(c, "one"), 0, &doc, &f->diags) != 0)
    return NULL;
  f->format = lf_format_scaled(f->arena, lf_content_format(c, "standard"), size);
  return lf_layout_document(f->arena, &doc, &f->format, &f->fonts, &f->diags);
}

#endif
