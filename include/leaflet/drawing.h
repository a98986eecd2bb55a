/*
 * drawing.h -- vector drawings for figures: the part of SVG 1.1 that a
 * flat-coloured illustration uses, read into shapes a PDF can draw as
 * they are (paths of lines and cubic curves, filled and stroked in RGB),
 * so a drawing prints sharp at any size (large print scales figures up)
 * and costs a few hundred bytes where a 300 dpi picture of it costs
 * kilobytes.
 *
 * What is read (everything else is an error at its line and column,
 * naming what is there and what was expected):
 *   - <svg> with width and height (px, pt, pc, mm, cm, in; a number alone
 *     is px, 0.75 pt) and viewBox; <g>; <path>, <rect> (rx, ry), <circle>,
 *     <ellipse>, <line>, <polyline>, <polygon>; <title>, <desc>,
 *     <metadata> and <defs> and their content are skipped (what would use
 *     a definition, <use> or url(), is refused), as are elements and
 *     attributes of other XML namespaces (an editor's own);
 *   - presentation attributes and the same in a style="" attribute, each
 *     inherited: fill, stroke (a colour: #rgb, #rrggbb, rgb(), a CSS basic
 *     colour name in any case, none or transparent), fill-rule,
 *     stroke-width, stroke-linejoin, stroke-linecap, stroke-miterlimit,
 *     stroke-dasharray, stroke-dashoffset, display:none, fill-opacity and
 *     stroke-opacity, and opacity on a shape that is only filled or only
 *     stroked (so that it is exact: a group's opacity would need a
 *     transparency group, and is refused);
 *   - <style> sheets of simple rules (element, .class, #id selectors),
 *     wherever they stand, cascading as CSS does (element, class, id,
 *     then style=""); at-rules are passed by;
 *   - transform (matrix, translate, scale, rotate, skewX, skewY);
 *   - path data: every command (M L H V C S Q T A Z, absolute and
 *     relative); arcs and quadratic curves become cubic curves.
 * A DOCTYPE that declares anything is refused (no entities, so no entity
 * expansion; one that only names SVG's DTD is read past), and a
 * drawing has at most LF_DRAWING_MAX_SHAPES shapes, LF_DRAWING_MAX_SEGMENTS
 * segments in all and LF_DRAWING_MAX_DEPTH nested elements, so that
 * reading any file takes bounded time and memory.
 *
 * The content model holds the shapes; only the PDF backend turns them
 * into operators (src/pdf/images.c).
 */
#ifndef LEAFLET_DRAWING_H
#define LEAFLET_DRAWING_H

#include <stddef.h>

#include "leaflet/arena.h"
#include "leaflet/diag.h"

#define LF_DRAWING_MAX_SHAPES 20000u
#define LF_DRAWING_MAX_SEGMENTS 200000u
#define LF_DRAWING_MAX_DEPTH 64u
#define LF_DRAWING_MAX_DASHES 16u

/* One piece of a path, in the shape's own coordinates. */
typedef enum lf_seg_kind {
  LF_SEG_MOVE,  /* start a subpath at (p[0], p[1]) */
  LF_SEG_LINE,  /* a straight line to (p[0], p[1]) */
  LF_SEG_CURVE, /* a cubic curve: controls (p[0], p[1]), (p[2], p[3]), end (p[4], p[5]) */
  LF_SEG_CLOSE  /* back to the subpath's start */
} lf_seg_kind;

typedef struct lf_seg {
  lf_seg_kind kind;
  double p[6];
} lf_seg;

/* Line joins and caps, numbered as PDF numbers them. */
enum { LF_JOIN_MITER = 0, LF_JOIN_ROUND = 1, LF_JOIN_BEVEL = 2 };
enum { LF_CAP_BUTT = 0, LF_CAP_ROUND = 1, LF_CAP_SQUARE = 2 };

/* A painted path and how it is painted. */
typedef struct lf_drawing_shape {
  const lf_seg *segs;
  size_t seg_count;
  double m[6];         /* its coordinates to the viewBox's: a b c d e f */
  int filled;          /* painted inside, in 'fill' (0xRRGGBB) */
  int even_odd;        /* fill-rule: evenodd */
  unsigned fill;
  int stroked;         /* its outline painted, in 'stroke' */
  unsigned stroke;
  double stroke_width; /* in its own coordinates */
  double fill_alpha;   /* 1: opaque; less: see-through (fill-opacity x opacity) */
  double stroke_alpha;
  double miter_limit;
  int join, cap;
  double dash[LF_DRAWING_MAX_DASHES];
  unsigned dash_count; /* 0: solid */
  double dash_offset;
} lf_drawing_shape;

typedef struct lf_drawing {
  double width, height;   /* its natural size in pt */
  double view[4];         /* the viewBox: x, y, width, height */
  const lf_drawing_shape *shapes; /* in painting order */
  size_t shape_count;
} lf_drawing;

/*
 * 'lf_drawing_parse()' - Read 'size' bytes of SVG into a drawing in
 * 'arena'.  Returns it, or NULL with what is wrong in 'why' and where (a
 * line and column of the file, 1-based; 0 when it is the whole file) in
 * '*line' and '*column'.  Pure: no files.
 */
lf_drawing *lf_drawing_parse(lf_arena *arena, const unsigned char *data, size_t size,
                             int *line, int *column, char *why, size_t why_size);

/* 'lf_drawing_copy()' - A deep copy of 'drawing' in 'arena'; NULL when out
 * of memory. */
lf_drawing *lf_drawing_copy(lf_arena *arena, const lf_drawing *drawing);

#endif
