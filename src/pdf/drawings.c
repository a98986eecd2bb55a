/*
 * drawings.c -- drawings as form XObjects (see drawings.h).  Coordinates
 * are written to a hundredth of the drawing's unit (a viewBox unit is
 * usually a CSS pixel, a hundredth of which is 0.0075 pt), colours to a
 * thousandth; the graphics state is set only where it changes.
 */
#include "drawings.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syntax.h"

/* The graphics state the content has set so far. */
typedef struct gstate {
  int alpha;             /* fill and stroke alpha in thousandths: alpha_key() */
  unsigned fill, stroke;
  double width, miter;
  int join, cap;
  double dash[LF_DRAWING_MAX_DASHES];
  unsigned dash_count;
  double dash_offset;
} gstate;

/* 'coord()' - A coordinate or length, to a hundredth, and a space. */
static void coord(lf_buf *out, double v) {
  lf_pdf_buf_number(out, lf_pdf_fixed(round(v * 100) / 100));
  lf_buf_put(out, " ", 1);
}

/* 'colour()' - "r g b " and the operator, each to a thousandth. */
static void colour(lf_buf *out, unsigned rgb, const char *op) {
  for (int shift = 16; shift >= 0; shift -= 8) {
    double c = (double)((rgb >> shift) & 0xff) / 255;
    lf_pdf_buf_number(out, lf_pdf_fixed(round(c * 1000) / 1000));
    lf_buf_put(out, " ", 1);
  }
  lf_buf_str(out, op);
}

/*
 * 'alpha_key()' - A shape's fill and stroke alpha, each in thousandths,
 * as one number (fill * 1001 + stroke): 1001 * 1000 + 1000 is opaque.
 */
static int alpha_key(const lf_drawing_shape *shape) {
  int fill = shape->filled ? (int)lround(shape->fill_alpha * 1000) : 1000;
  int stroke = shape->stroked ? (int)lround(shape->stroke_alpha * 1000) : 1000;
  return fill * 1001 + stroke;
}

#define OPAQUE (1000 * 1001 + 1000)

/* 'alpha_name()' - The ExtGState's resource name for an alpha key. */
static void alpha_name(int key, char name[16]) {
  snprintf(name, 16, "A%03d_%03d", key / 1001, key % 1001);
}

/* 'compare_keys()' - qsort()'s order for alpha keys. */
static int compare_keys(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

/*
 * 'set_state()' - The operators that bring the state 'now' to what
 * 'shape' paints with; 'now' follows.
 */
static void set_state(lf_buf *out, gstate *now, const lf_drawing_shape *shape) {
  int alpha = alpha_key(shape);
  if (alpha != now->alpha) {
    char name[16];
    alpha_name(alpha, name);
    lf_pdf_buf_name(out, name);
    lf_buf_str(out, " gs\n");
    now->alpha = alpha;
  }
  if (shape->filled && shape->fill != now->fill) {
    colour(out, shape->fill, "rg\n");
    now->fill = shape->fill;
  }
  if (!shape->stroked)
    return;
  if (shape->stroke != now->stroke) {
    colour(out, shape->stroke, "RG\n");
    now->stroke = shape->stroke;
  }
  if (shape->stroke_width != now->width) {
    coord(out, shape->stroke_width);
    lf_buf_str(out, "w\n");
    now->width = shape->stroke_width;
  }
  if (shape->join != now->join) {
    lf_buf_printf(out, "%d j\n", shape->join);
    now->join = shape->join;
  }
  if (shape->cap != now->cap) {
    lf_buf_printf(out, "%d J\n", shape->cap);
    now->cap = shape->cap;
  }
  if (shape->join == LF_JOIN_MITER && shape->miter_limit != now->miter) {
    coord(out, shape->miter_limit);
    lf_buf_str(out, "M\n");
    now->miter = shape->miter_limit;
  }
  if (shape->dash_count != now->dash_count || shape->dash_offset != now->dash_offset ||
      memcmp(shape->dash, now->dash, shape->dash_count * sizeof *shape->dash) != 0) {
    lf_buf_str(out, "[");
    for (unsigned i = 0; i < shape->dash_count; i++)
      coord(out, shape->dash[i]);
    lf_buf_str(out, "] ");
    coord(out, shape->dash_offset);
    lf_buf_str(out, "d\n");
    now->dash_count = shape->dash_count;
    now->dash_offset = shape->dash_offset;
    memcpy(now->dash, shape->dash, sizeof now->dash);
  }
}

/* 'path()' - A shape's segments as path operators. */
static void path(lf_buf *out, const lf_drawing_shape *shape) {
  for (size_t i = 0; i < shape->seg_count; i++) {
    const lf_seg *s = &shape->segs[i];
    switch (s->kind) {
    case LF_SEG_MOVE:
    case LF_SEG_LINE:
      coord(out, s->p[0]);
      coord(out, s->p[1]);
      lf_buf_str(out, s->kind == LF_SEG_MOVE ? "m\n" : "l\n");
      break;
    case LF_SEG_CURVE:
      for (int k = 0; k < 6; k++)
        coord(out, s->p[k]);
      lf_buf_str(out, "c\n");
      break;
    default:
      lf_buf_str(out, "h\n");
    }
  }
}

/*
 * 'lf_pdf_drawing_ops()' - Every shape, painted in order.
 */
void lf_pdf_drawing_ops(const lf_drawing *d, lf_buf *out) {
  /* the viewBox's y runs down, PDF's up: flip it onto [0 0 w h] */
  lf_buf_str(out, "1 0 0 -1 ");
  coord(out, -d->view[0]);
  coord(out, d->view[1] + d->view[3]);
  lf_buf_str(out, "cm\n");
  /* PDF's initial state: black, 1 unit wide, miter joins (limit 10), butt
   * caps, solid */
  gstate now = {.alpha = OPAQUE, .fill = 0, .stroke = 0, .width = 1, .miter = 10};
  for (size_t i = 0; i < d->shape_count; i++) {
    const lf_drawing_shape *sh = &d->shapes[i];
    static const double identity[6] = {1, 0, 0, 1, 0, 0};
    int moved = memcmp(sh->m, identity, sizeof identity) != 0;
    gstate saved = now;
    if (moved) {
      lf_buf_str(out, "q\n");
      for (int k = 0; k < 6; k++) {
        /* a transform's factors to a millionth, its offsets to a hundredth */
        if (k < 4)
          lf_pdf_buf_number(out, lf_pdf_fixed(round(sh->m[k] * 1e5) / 1e5));
        else
          lf_pdf_buf_number(out, lf_pdf_fixed(round(sh->m[k] * 100) / 100));
        lf_buf_put(out, " ", 1);
      }
      lf_buf_str(out, "cm\n");
    }
    set_state(out, &now, sh);
    path(out, sh);
    if (sh->filled && sh->stroked)
      lf_buf_str(out, sh->even_odd ? "B*\n" : "B\n");
    else if (sh->filled)
      lf_buf_str(out, sh->even_odd ? "f*\n" : "f\n");
    else
      lf_buf_str(out, "S\n");
    if (moved) {
      lf_buf_str(out, "Q\n");
      now = saved; /* Q put the state back */
    }
  }
}

/*
 * 'lf_pdf_drawing_form()' - The drawing's form XObject.
 */
lf_pdf_obj *lf_pdf_drawing_form(lf_pdf_doc *doc, const lf_drawing *d) {
  lf_buf ops = {0};
  lf_pdf_drawing_ops(d, &ops);
  if (ops.failed) {
    lf_buf_free(&ops);
    lf_pdf_fail(doc, "out of memory");
    return NULL;
  }
  lf_pdf_obj *form = lf_pdf_stream(doc, ops.data, ops.length, 1);
  lf_buf_free(&ops);
  lf_pdf_obj *bbox = lf_pdf_array(doc);
  if (!form || !bbox) {
    lf_pdf_fail(doc, "out of memory");
    return NULL;
  }
  lf_pdf_dict_name(form, "Type", "XObject");
  lf_pdf_dict_name(form, "Subtype", "Form");
  lf_pdf_array_int(bbox, 0);
  lf_pdf_array_int(bbox, 0);
  lf_pdf_array_real(bbox, d->view[2]);
  lf_pdf_array_real(bbox, d->view[3]);
  lf_pdf_dict_put(form, "BBox", bbox);
  /* an ExtGState for each alpha a shape paints with, named by its value
   * (opaque too, to go back to it), when any shape is see-through: the
   * shapes' keys sorted, each once */
  int *keys = malloc((d->shape_count ? d->shape_count : 1) * sizeof *keys), any = 0;
  if (!keys) {
    lf_pdf_fail(doc, "out of memory");
    return NULL;
  }
  for (size_t i = 0; i < d->shape_count; i++)
    any |= (keys[i] = alpha_key(&d->shapes[i])) != OPAQUE;
  if (any) {
    qsort(keys, d->shape_count, sizeof *keys, compare_keys);
    lf_pdf_obj *resources = lf_pdf_dict(doc), *states = lf_pdf_dict(doc);
    lf_pdf_dict_put(form, "Resources", resources);
    lf_pdf_dict_put(resources, "ExtGState", states);
    for (size_t i = 0; i < d->shape_count; i++) {
      if (i > 0 && keys[i] == keys[i - 1])
        continue;
      char name[16];
      alpha_name(keys[i], name);
      lf_pdf_obj *gs = lf_pdf_dict(doc);
      lf_pdf_dict_name(gs, "Type", "ExtGState");
      lf_pdf_dict_real(gs, "ca", (keys[i] / 1001) / 1000.0);
      lf_pdf_dict_real(gs, "CA", (keys[i] % 1001) / 1000.0);
      lf_pdf_dict_put(states, name, gs);
    }
  }
  free(keys);
  return lf_pdf_failed(doc) ? NULL : form;
}
