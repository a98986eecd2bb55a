/*
 * test_drawing.c -- SVG drawings (src/content/drawing.c) and their PDF
 * operators (src/pdf/drawings.c): every shape and path command lands where
 * SVG puts it, paint and strokes inherit, transforms compose in SVG's
 * order, the size comes from width, height and viewBox; what is not read
 * is an error at its line and column; a DOCTYPE, deep nesting and endless
 * paths are refused within bounds; the operators set the state once and
 * flip the viewBox the right way up.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet/arena.h"
#include "leaflet/buffer.h"
#include "leaflet/drawing.h"
#include "../../src/pdf/drawings.h"

typedef struct parsed {
  lf_arena *arena;
  lf_drawing *d;
  int line, column;
  char why[256];
} parsed;

/* 'parse()' - An SVG document from a string. */
static parsed parse(const char *svg) {
  parsed p = {.arena = lf_arena_new(0)};
  p.d = lf_drawing_parse(p.arena, (const unsigned char *)svg, strlen(svg), &p.line, &p.column,
                         p.why, sizeof p.why);
  return p;
}

#define SVG(body) \
  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"100\" viewBox=\"0 0 200 100\">" body "</svg>"

/* 'ops_text()' - A drawing's PDF operators as a string (malloc'd). */
static char *ops_text(const lf_drawing *d) {
  lf_buf out = {0};
  lf_pdf_drawing_ops(d, &out);
  assert_false(out.failed);
  char *text = calloc(1, out.length + 1);
  memcpy(text, out.data, out.length);
  lf_buf_free(&out);
  return text;
}

static void near(double got, double want) {
  if (fabs(got - want) > 1e-6) {
    fprintf(stderr, "got %.9f, want %.9f\n", got, want);
    fail();
  }
}

/* The end point of segment 'i' of shape 's'. */
static void end_at(const lf_drawing *d, size_t s, size_t i, double x, double y) {
  const lf_seg *g = &d->shapes[s].segs[i];
  int k = g->kind == LF_SEG_CURVE ? 4 : 0;
  near(g->p[k], x);
  near(g->p[k + 1], y);
}

static void test_shapes_become_paths(void **state) {
  (void)state;
  parsed p = parse(SVG("<rect x='10' y='20' width='30' height='40'/>"
                       "<circle cx='50' cy='50' r='10' fill='#f80'/>"
                       "<line x1='0' y1='0' x2='5' y2='5' stroke='black'/>"
                       "<polyline points='0,0 10,0 10,10' stroke='black' fill='none'/>"
                       "<polygon points='0 0, 10 0 , 5 8'/>"));
  assert_non_null(p.d);
  assert_int_equal(p.d->shape_count, 5);
  /* a rectangle: move, three lines, close */
  assert_int_equal(p.d->shapes[0].seg_count, 5);
  end_at(p.d, 0, 0, 10, 20);
  end_at(p.d, 0, 2, 40, 60);
  assert_int_equal(p.d->shapes[0].segs[4].kind, LF_SEG_CLOSE);
  assert_int_equal(p.d->shapes[1].fill, 0xff8800); /* #rgb: each digit doubled */
  /* a circle: four quarter curves from its right-hand point */
  assert_int_equal(p.d->shapes[1].seg_count, 6);
  end_at(p.d, 1, 0, 60, 50);
  end_at(p.d, 1, 1, 50, 60);
  end_at(p.d, 1, 4, 60, 50);
  /* a line is stroked, never filled; a polygon closes, a polyline does not */
  assert_false(p.d->shapes[2].filled);
  assert_true(p.d->shapes[2].stroked);
  assert_int_equal(p.d->shapes[3].seg_count, 3);
  assert_int_equal(p.d->shapes[4].segs[3].kind, LF_SEG_CLOSE);
  /* the default paint: filled black, no stroke */
  assert_true(p.d->shapes[0].filled);
  assert_int_equal(p.d->shapes[0].fill, 0x000000);
  assert_false(p.d->shapes[0].stroked);
  lf_arena_free(p.arena);
}

static void test_path_commands(void **state) {
  (void)state;
  parsed p = parse(SVG("<path d='M10 10 h20 v10 H5 V0 l5,5 L1-1 z m2 2 c1 1 2 2 3 3 "
                       "s4 0 5 5 q1 0 2 2 t4 0 a5 5 0 0 1 10 0 Z'/>"));
  assert_non_null(p.d);
  const lf_drawing *d = p.d;
  end_at(d, 0, 0, 10, 10);
  end_at(d, 0, 1, 30, 10);  /* h20 */
  end_at(d, 0, 2, 30, 20);  /* v10 */
  end_at(d, 0, 3, 5, 20);   /* H5 */
  end_at(d, 0, 4, 5, 0);    /* V0 */
  end_at(d, 0, 5, 10, 5);   /* l5,5 */
  end_at(d, 0, 6, 1, -1);   /* L1-1: the minus parts two numbers */
  assert_int_equal(d->shapes[0].segs[7].kind, LF_SEG_CLOSE);
  end_at(d, 0, 8, 12, 12);  /* m2 2, from the closed subpath's start */
  end_at(d, 0, 9, 15, 15);  /* c ... 3 3 */
  /* s: the first control mirrors the last one (14, 14) about (15, 15) */
  near(d->shapes[0].segs[10].p[0], 16);
  near(d->shapes[0].segs[10].p[1], 16);
  end_at(d, 0, 10, 20, 20);
  /* q1 0 2 2: controls two thirds of the way to (21, 20) */
  near(d->shapes[0].segs[11].p[0], 20 + 2.0 / 3);
  near(d->shapes[0].segs[11].p[1], 20);
  end_at(d, 0, 11, 22, 22);
  end_at(d, 0, 12, 26, 22); /* t4 0 */
  /* a half-circle arc: two quarter curves ending at (36, 22), its top at y 17 */
  end_at(d, 0, 13, 31, 17);
  end_at(d, 0, 14, 36, 22);
  assert_int_equal(d->shapes[0].segs[15].kind, LF_SEG_CLOSE);
  lf_arena_free(p.arena);
}

static void test_arc_flags_packed(void **state) {
  (void)state;
  /* flags may touch each other and the next number, as editors write them */
  parsed p = parse(SVG("<path d='M0 0a10 10 0 1110 0' fill='none' stroke='#000'/>"));
  assert_non_null(p.d);
  size_t n = p.d->shapes[0].seg_count;
  end_at(p.d, 0, n - 1, 10, 0);
  /* the large arc goes the long way round its circle of radius 10: out to
   * 18.66 from the chord (5 + 8.66 from the centre's side) */
  double far = 0;
  for (size_t i = 1; i < n; i++)
    far = fmax(far, fabs(p.d->shapes[0].segs[i].p[5]));
  assert_true(n >= 4);
  assert_true(far > 18 && far < 19);
  lf_arena_free(p.arena);
}

static void test_style_inherits_and_css_wins(void **state) {
  (void)state;
  parsed p = parse(SVG("<g fill='#123456' stroke='red' stroke-width='3' stroke-linejoin='round'>"
                       "<rect width='1' height='1'/>"
                       "<rect width='1' height='1' fill='#abc' style='fill: rgb(0, 128, 255); "
                       "stroke-dasharray: 4 2 1'/>"
                       "</g><rect width='1' height='1' fill='none' stroke='none'/>"
                       "<rect width='1' height='1' fill='transparent'/>"
                       "<rect width='1' height='1' fill='Navy'/>"));
  assert_non_null(p.d);
  assert_int_equal(p.d->shape_count, 3); /* nothing paints the third or fourth */
  assert_int_equal(p.d->shapes[2].fill, 0x000080); /* colour names in any case */
  const lf_drawing_shape *a = &p.d->shapes[0], *b = &p.d->shapes[1];
  assert_int_equal(a->fill, 0x123456);
  assert_int_equal(a->stroke, 0xff0000);
  near(a->stroke_width, 3);
  assert_int_equal(a->join, LF_JOIN_ROUND);
  assert_int_equal(b->fill, 0x0080ff);
  /* an odd dash list repeats to make it even */
  assert_int_equal(b->dash_count, 6);
  near(b->dash[3], 4);
  lf_arena_free(p.arena);
}

static void test_style_sheets(void **state) {
  (void)state;
  /* as Illustrator writes them: a DOCTYPE naming SVG's DTD, width 100%,
   * classes in a style sheet inside <defs>, after the shapes they style
   * would be fine too */
  parsed p = parse("<?xml version='1.0'?>\n"
                   "<!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.1//EN' "
                   "'http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd'>\n"
                   "<svg xmlns='http://www.w3.org/2000/svg' width='100%' viewBox='0 0 40 20'>"
                   "<rect class='st0 big' id='r' width='1' height='1' fill='#000'/>"
                   "<rect class='st1' width='1' height='1' style='fill:#00ff00'/>"
                   "<defs><style type='text/css'><![CDATA[\n"
                   "  /* from the tool */ rect{stroke:#0000ff} .st0,.st1{fill:#FF0000;}\n"
                   "  #r{fill:#ffff00} .big{stroke-width:3} @import url(x.css);\n"
                   "  @media (prefers-color-scheme: dark) { .st0 { fill: #fff } }\n"
                   "]]></style></defs></svg>");
  assert_non_null(p.d);
  near(p.d->width, 30); /* the viewBox's 40 units at 0.75 pt */
  assert_int_equal(p.d->shape_count, 2);
  /* id over class over element over attribute; style="" over them all */
  assert_int_equal(p.d->shapes[0].fill, 0xffff00);
  assert_int_equal(p.d->shapes[0].stroke, 0x0000ff);
  near(p.d->shapes[0].stroke_width, 3);
  assert_int_equal(p.d->shapes[1].fill, 0x00ff00);
  lf_arena_free(p.arena);
}

static void test_transparency(void **state) {
  (void)state;
  parsed p = parse(SVG("<g fill-opacity='0.5'><rect width='1' height='1' opacity='40%'/>"
                       "<line x2='5' stroke='red' stroke-opacity='.25'/></g>"
                       "<rect width='1' height='1'/>"));
  assert_non_null(p.d);
  near(p.d->shapes[0].fill_alpha, 0.2); /* inherited 0.5, its own 0.4 */
  near(p.d->shapes[1].stroke_alpha, 0.25);
  near(p.d->shapes[2].fill_alpha, 1);
  char *text = ops_text(p.d);
  /* a state per alpha, by name, and back to opaque for the last rect */
  const char *a = strstr(text, "/A200_1000 gs\n"), *b = strstr(text, "/A1000_250 gs\n"),
             *c = strstr(text, "/A1000_1000 gs\n");
  assert_true(a && b && c && a < b && b < c);
  free(text);
  lf_arena_free(p.arena);
}

static void test_transforms_compose(void **state) {
  (void)state;
  parsed p = parse(SVG("<g transform='translate(10, 20)'><rect width='1' height='1' "
                       "transform='scale(2) rotate(90)'/></g>"));
  assert_non_null(p.d);
  const double *m = p.d->shapes[0].m;
  /* (1, 0) turns to (0, 1), doubles to (0, 2), moves to (10, 22) */
  double x = 1 * m[0] + 0 * m[2] + m[4], y = 1 * m[1] + 0 * m[3] + m[5];
  near(x, 10);
  near(y, 22);
  lf_arena_free(p.arena);
}

static void test_sizes(void **state) {
  (void)state;
  parsed p = parse("<svg xmlns='http://www.w3.org/2000/svg' width='10cm' viewBox='0 0 100 50'/>");
  assert_non_null(p.d);
  near(p.d->width, 72 / 2.54 * 10);
  near(p.d->height, 72 / 2.54 * 5); /* the viewBox's shape */
  lf_arena_free(p.arena);
  p = parse("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 100 50'/>");
  near(p.d->width, 75); /* a unit is a px, 0.75 pt */
  lf_arena_free(p.arena);
  p = parse("<svg xmlns='http://www.w3.org/2000/svg' width='100pt' height='100pt' "
            "viewBox='0 0 100 50'/>");
  near(p.d->width, 100); /* fitted inside, as SVG's meet shows it */
  near(p.d->height, 50);
  lf_arena_free(p.arena);
  p = parse("<svg xmlns='http://www.w3.org/2000/svg' width='40' height='20'/>");
  near(p.d->view[2], 40);
  near(p.d->width, 30);
  lf_arena_free(p.arena);
}

static void test_editor_extras_are_passed_by(void **state) {
  (void)state;
  parsed p = parse("<?xml version='1.0'?>\n<!-- made by hand -->\n"
                   "<svg xmlns='http://www.w3.org/2000/svg' xmlns:i='urn:editor' "
                   "width='10' height='10' i:version='1'><title>T</title><desc>D <b/></desc>"
                   "<i:view><i:deeper/></i:view><metadata><x/></metadata>"
                   "<defs><linearGradient id='g'/></defs><defs/>"
                   "<rect width='1' height='1' i:label='a' id='r' class='c'/>"
                   "<rect width='1' height='1' display='none'/></svg>");
  assert_non_null(p.d);
  assert_int_equal(p.d->shape_count, 1);
  lf_arena_free(p.arena);
}

/* 'refused()' - The SVG is refused at line:column, saying 'words'. */
static void refused(const char *svg, int line, int column, const char *words) {
  parsed p = parse(svg);
  if (p.d || p.line != line || p.column != column || !strstr(p.why, words)) {
    fprintf(stderr, "%d:%d: %s\n", p.line, p.column, p.why);
    fail();
  }
  lf_arena_free(p.arena);
}

static void test_errors_at_their_place(void **state) {
  (void)state;
  refused("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'>\n"
          "  <text>Hello</text></svg>", 2, 3, "caption or alt text");
  refused("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'>\n"
          " <linearGradient/></svg>", 2, 2, "<linearGradient> is not read");
  refused("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'>\n"
          "<rect fill='url(#g)' width='1' height='1'/></svg>", 2, 1, "gradients");
  refused("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'>\n"
          "<style>g > .a{fill:red}</style></svg>", 0, 0, "selector 'g > .a' is not read");
  refused("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'>\n"
          "<style>.a{fill:red</style></svg>", 0, 0, "is not read");
  refused("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'>\n"
          "<style>@media screen { .a{fill:red}</style></svg>", 0, 0, "never ends");
  refused("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'>\n"
          "<use href='#a'/></svg>", 2, 1, "<use> is not read");
  refused("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'>\n"
          "<rect fill='#12' width='1' height='1'/></svg>", 2, 1, "expected a colour");
  refused("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'>\n"
          "<g opacity='0.5'/></svg>", 2, 1, "a group's opacity is not drawn");
  refused("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'>\n"
          "<rect opacity='50%' stroke='red' width='1' height='1'/></svg>", 2, 1,
          "both a fill and a stroke");
  refused("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'>\n"
          "<rect fill-opacity='half' width='1' height='1'/></svg>", 2, 1,
          "expected a number from 0 to 1");
  refused("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'>\n"
          "<path d='L 1 1'/></svg>", 2, 1, "expected M or m first");
  refused("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'>\n"
          "<path d='M 1 1 C 2'/></svg>", 2, 1, "'C' needs 6 numbers");
  refused("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'>\n"
          "<path d='M 1 1 L nan 2'/></svg>", 2, 1, "needs 2 numbers");
  refused("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'>\n"
          "<rect width='10%' height='1'/></svg>", 2, 1, "width=\"10%\"");
  refused("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'>\n"
          "<g transform='spin(3)'/></svg>", 2, 1, "transform is 'spin(3)'");
  refused("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'>\n"
          "<rect width='1' height='1'></svg>", 2, 30, "not well-formed XML");
  refused("<svg xmlns='http://www.w3.org/2000/svg'/>", 1, 1, "has no size");
  refused("<html xmlns='http://www.w3.org/1999/xhtml'/>", 1, 1, "not <svg>");
  refused("<?xml version='1.0'?>\n<!DOCTYPE svg [<!ENTITY a 'aaaa'>]>\n"
          "<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'>&a;</svg>", 2, 15,
          "a DOCTYPE with declarations");
}

/*
 * 'test_collapsed_and_extreme()' - A group under scale(0) is not drawn,
 * as SVG has it, and the rest of the drawing is (the file was refused);
 * transforms whose product overflows are refused at the element; a
 * drawing left with no shape at all is refused ("draws nothing"), as is
 * one out of the range of a PDF's numbers; a thin rule 1200 by 1 is a
 * drawing like any other.
 */
static void test_collapsed_and_extreme(void **state) {
  (void)state;
  parsed p = parse(SVG("<rect width='100' height='100'/>"
                       "<g transform='scale(0)'><rect width='5' height='5'/></g>"));
  assert_non_null(p.d);
  assert_int_equal(p.d->shape_count, 1);
  lf_arena_free(p.arena);
  p = parse(SVG("<g transform='scale(0)'><rect width='5' height='5'/></g>"));
  assert_null(p.d);
  assert_non_null(strstr(p.why, "draws nothing"));
  assert_int_equal(p.line, 1);
  lf_arena_free(p.arena);
  char svg[2048] = "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'>\n";
  for (int i = 0; i < 3; i++)
    strcat(svg, "<g transform='scale(1000000)'>");
  strcat(svg, "<rect width='1' height='1'/></g></g></g></svg>");
  p = parse(svg);
  assert_null(p.d);
  assert_non_null(strstr(p.why, "scale or move the drawing more than"));
  assert_int_equal(p.line, 2);
  lf_arena_free(p.arena);
  p = parse("<svg xmlns='http://www.w3.org/2000/svg' width='10000000in' height='1'>"
            "<rect width='1' height='1'/></svg>");
  assert_null(p.d);
  assert_non_null(strstr(p.why, "expected a size from 0.01 pt to 14400 pt"));
  lf_arena_free(p.arena);
  p = parse("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1200 1'>"
            "<rect width='1200' height='1'/></svg>");
  assert_non_null(p.d);
  lf_arena_free(p.arena);
  /* a viewBox past the reals libharu writes (its BBox failed as 'libharu
   * error 0x1057', with no place) */
  p = parse("<svg xmlns='http://www.w3.org/2000/svg' width='100pt' height='50pt' "
            "viewBox='0 0 100000 50000'><rect width='9' height='4'/></svg>");
  assert_null(p.d);
  assert_non_null(strstr(p.why, "a viewBox from 1e-06 to 32767 a side"));
  lf_arena_free(p.arena);
}

static void test_bounds(void **state) {
  (void)state;
  /* nesting past the limit */
  size_t depth = LF_DRAWING_MAX_DEPTH + 2;
  char *svg = malloc(depth * 8 + 200);
  strcpy(svg, "<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'>");
  for (size_t i = 0; i < depth; i++)
    strcat(svg, "<g>");
  for (size_t i = 0; i < depth; i++)
    strcat(svg, "</g>");
  strcat(svg, "</svg>");
  parsed p = parse(svg);
  assert_null(p.d);
  assert_non_null(strstr(p.why, "nested more than"));
  lf_arena_free(p.arena);
  free(svg);
  /* a path of more segments than a drawing may hold */
  size_t n = LF_DRAWING_MAX_SEGMENTS + 10;
  svg = malloc(n * 4 + 200);
  char *at = svg + sprintf(svg, "<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'>"
                                "<path d='M0 0");
  for (size_t i = 0; i < n; i++)
    at += sprintf(at, "h1");
  strcpy(at, "'/></svg>");
  p = parse(svg);
  assert_null(p.d);
  assert_non_null(strstr(p.why, "path segments"));
  lf_arena_free(p.arena);
  free(svg);
}

static void test_copy_is_deep(void **state) {
  (void)state;
  parsed p = parse(SVG("<rect width='3' height='4' fill='#010203'/>"));
  lf_arena *other = lf_arena_new(0);
  lf_drawing *c = lf_drawing_copy(other, p.d);
  lf_arena_free(p.arena);
  assert_non_null(c);
  assert_int_equal(c->shape_count, 1);
  assert_int_equal(c->shapes[0].fill, 0x010203);
  near(c->shapes[0].segs[2].p[0], 3);
  lf_arena_free(other);
}

static void test_pdf_operators(void **state) {
  (void)state;
  parsed p = parse("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10' "
                   "viewBox='5 5 10 10'>"
                   "<rect x='5' y='5' width='2' height='2' fill='#ff0000'/>"
                   "<rect x='5' y='5' width='2' height='2' fill='#ff0000' stroke='#0000ff' "
                   "stroke-width='0.5' stroke-dasharray='1 1'/>"
                   "<circle cx='10' cy='10' r='1' fill-rule='evenodd' transform='translate(1)'/>"
                   "<rect width='1' height='1' fill='#ff0000'/></svg>");
  assert_non_null(p.d);
  char *text = ops_text(p.d);
  /* the viewBox turned the right way up at the origin */
  assert_true(strncmp(text, "1 0 0 -1 -5 15 cm\n", 18) == 0);
  /* red set once for three shapes (the transformed one restores it after) */
  int reds = 0;
  for (const char *at = text; (at = strstr(at, "1 0 0 rg\n")); at++)
    reds++;
  assert_int_equal(reds, 1);
  assert_non_null(strstr(text, "0 0 1 RG\n0.5 w\n"));
  assert_non_null(strstr(text, "[1 1 ] 0 d\n"));
  assert_non_null(strstr(text, "B\n"));
  assert_non_null(strstr(text, "q\n1 0 0 1 1 0 cm\n0 0 0 rg\n"));
  assert_non_null(strstr(text, "f*\nQ\n"));
  /* after Q the state is red again: the last rect sets nothing */
  const char *last = strstr(text, "Q\n") + 2;
  assert_true(strncmp(last, "0 0 m\n", 6) == 0);
  free(text);
  lf_arena_free(p.arena);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_shapes_become_paths),
      cmocka_unit_test(test_path_commands),
      cmocka_unit_test(test_arc_flags_packed),
      cmocka_unit_test(test_style_inherits_and_css_wins),
      cmocka_unit_test(test_style_sheets),
      cmocka_unit_test(test_transparency),
      cmocka_unit_test(test_transforms_compose),
      cmocka_unit_test(test_sizes),
      cmocka_unit_test(test_editor_extras_are_passed_by),
      cmocka_unit_test(test_errors_at_their_place),
      cmocka_unit_test(test_collapsed_and_extreme),
      cmocka_unit_test(test_bounds),
      cmocka_unit_test(test_copy_is_deep),
      cmocka_unit_test(test_pdf_operators),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
