/*
 * fuzz_drawing.c -- arbitrary bytes through the SVG drawing reader
 * (lf_drawing_parse) and the PDF operators a drawing becomes
 * (lf_pdf_drawing_ops): drawings are files from illustrators' tools.
 *
 * Invariants checked besides memory safety: a refusal says why and where
 * (a line and column within the file, or 0:0 for the whole file); a
 * drawing read has a positive size and viewBox, at most the shapes and
 * segments drawing.h allows, every number finite; its operators are the
 * same bytes twice and the same for its deep copy; and they hold no
 * "nan" or "inf".
 */
#include "harness.h"

#include <math.h>

#include "leaflet/arena.h"
#include "leaflet/buffer.h"
#include "leaflet/drawing.h"
#include "../../src/pdf/drawings.h"

/*
 * 'LLVMFuzzerInitialize()' - Nothing to set up.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

/*
 * 'ops_of()' - The drawing's operators, NUL-terminated (malloc'd).
 */
static char *ops_of(const lf_drawing *d, size_t *n) {
  lf_buf out = {0};
  lf_pdf_drawing_ops(d, &out);
  if (out.failed)
    fz_die("out of memory writing the operators", NULL);
  char *text = malloc(out.length + 1);
  if (!text)
    fz_die("out of memory in the harness", NULL);
  memcpy(text, out.data, out.length);
  text[out.length] = '\0';
  *n = out.length;
  lf_buf_free(&out);
  return text;
}

/*
 * 'LLVMFuzzerTestOneInput()' - One file.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  lf_arena *arena = lf_arena_new(0);
  if (!arena)
    fz_die("out of memory in the harness", NULL);
  int line = -1, column = -1;
  char why[256] = "";
  lf_drawing *d = lf_drawing_parse(arena, data, size, &line, &column, why, sizeof why);
  if (!d) {
    if (!why[0])
      fz_die("a refusal that says nothing", NULL);
    if (line < 0 || column < 0 || (line == 0) != (column == 0))
      fz_die("a refusal at no place", why);
    lf_arena_free(arena);
    return 0;
  }
  if (!(d->width > 0) || !(d->height > 0) || !(d->view[2] > 0) || !(d->view[3] > 0) ||
      !isfinite(d->width) || !isfinite(d->height))
    fz_die("a drawing without a size", NULL);
  if (d->shape_count > LF_DRAWING_MAX_SHAPES)
    fz_die("more shapes than allowed", NULL);
  size_t segs = 0;
  for (size_t i = 0; i < d->shape_count; i++) {
    const lf_drawing_shape *s = &d->shapes[i];
    segs += s->seg_count;
    if (!s->filled && !s->stroked)
      fz_die("a shape nothing paints", NULL);
    for (int k = 0; k < 6; k++)
      if (!isfinite(s->m[k]))
        fz_die("a transform that is not finite", NULL);
    for (size_t j = 0; j < s->seg_count; j++)
      for (int k = 0; k < 6; k++)
        if (!isfinite(s->segs[j].p[k]))
          fz_die("a coordinate that is not finite", NULL);
  }
  if (segs > LF_DRAWING_MAX_SEGMENTS)
    fz_die("more segments than allowed", NULL);
  size_t n1, n2, n3;
  char *a = ops_of(d, &n1), *b = ops_of(d, &n2);
  lf_arena *other = lf_arena_new(0);
  lf_drawing *copy = other ? lf_drawing_copy(other, d) : NULL;
  if (!copy)
    fz_die("out of memory copying", NULL);
  char *c = ops_of(copy, &n3);
  if (n1 != n2 || memcmp(a, b, n1) != 0)
    fz_die("the operators differ from one writing to the next", NULL);
  if (n1 != n3 || memcmp(a, c, n1) != 0)
    fz_die("the copy's operators differ", NULL);
  if (strstr(a, "nan") || strstr(a, "inf"))
    fz_die("a number that is not finite in the operators", NULL);
  free(a);
  free(b);
  free(c);
  lf_arena_free(other);
  lf_arena_free(arena);
  return 0;
}
