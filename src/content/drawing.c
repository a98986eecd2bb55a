/*
 * drawing.c -- SVG drawings read into shapes (see drawing.h).  Expat
 * parses the XML (with namespaces, no DOCTYPE); this file reads the
 * elements and attributes a flat illustration uses, turns every shape into
 * lines and cubic curves, and refuses the rest by name at its line and
 * column.
 */
#include "leaflet/drawing.h"

#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "leaflet/model.h"

#define SVG_NS "http://www.w3.org/2000/svg"
#define PT_PER_PX 0.75
#define MAX_COORD 1e7 /* a coordinate, length or factor further out is refused */
#define MAX_SIZE_PT 14400.0 /* a drawing's side: PDF's largest page (200 inches) */
#define MIN_SIZE_PT 0.01    /* and its smallest, far below anything a reader sees */
#define MIN_VIEW 1e-6       /* a viewBox's side, at least */
#define MAX_VIEW 32767.0    /* and at most: the drawing's BBox is written by
                               libharu, whose reals stop there
                               (HPDF_LIMIT_MAX_REAL) */
#define MAX_ASPECT 100000.0 /* one side to the other (a rule 1200 by 1 is one) */
#define MAX_CSS ((size_t)64 << 10) /* a drawing's style sheets, in all */
#define MAX_RULES 1000u            /* selectors in them */

/* What an element and its children inherit. */
typedef struct style {
  int filled, stroked, even_odd, hidden;
  double fill_opacity, stroke_opacity; /* inherited */
  double opacity;                      /* the element's own, not inherited */
  unsigned fill, stroke;
  double stroke_width, miter_limit, dash_offset;
  int join, cap;
  double dash[LF_DRAWING_MAX_DASHES];
  unsigned dash_count;
  double m[6];
} style;

/* A style sheet's rule for one simple selector: an element name, .class
 * or #id, and its declarations (as a style="" attribute holds them). */
typedef enum { SEL_ELEMENT, SEL_CLASS, SEL_ID } sel_kind;
typedef struct rule {
  sel_kind kind;
  char *name;
  char *decls;
} rule;

typedef struct reader {
  lf_arena *arena;
  rule *rules;       /* from every <style>, in the file's order (malloc'd) */
  size_t rule_count;
  char *css;         /* the style sheets' text while they are collected */
  size_t css_len;
  int in_style;
  XML_Parser xp;
  style stack[LF_DRAWING_MAX_DEPTH + 1];
  unsigned depth;    /* elements open below the root's parent */
  unsigned skip;     /* > 0: inside an element whose content is passed by */
  int seen_root;
  int root_line, root_column; /* where <svg> is */
  int collapsed;     /* elements left out, scaled to nothing */
  double width, height; /* the root's, in pt; 0: not given */
  double view[4];
  int have_view;
  lf_drawing_shape *shapes;  /* malloc'd while reading */
  size_t count, cap;
  lf_seg *segs;      /* the path being built (malloc'd) */
  size_t seg_count, seg_cap, seg_total;
  int failed;
  int line, column;
  char *why;
  size_t why_size;
} reader;

/*
 * 'fail()' - Note what is wrong at the parser's place and stop it.
 */
__attribute__((format(printf, 2, 3)))
static void fail(reader *r, const char *fmt, ...) {
  if (r->failed)
    return;
  r->failed = 1;
  r->line = r->xp ? (int)XML_GetCurrentLineNumber(r->xp) : 0;
  r->column = r->xp ? (int)XML_GetCurrentColumnNumber(r->xp) + 1 : 0;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->why, r->why_size, fmt, ap);
  va_end(ap);
  if (r->xp)
    XML_StopParser(r->xp, XML_FALSE);
}

/* ---- numbers, lengths, colours ------------------------------------------ */

/* 'skip_sep()' - Past white space and at most one comma between values. */
static const char *skip_sep(const char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
    s++;
  if (*s == ',') {
    s++;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
      s++;
  }
  return s;
}

/*
 * 'number()' - An SVG number at '*s' (sign, digits, point, exponent; no
 * "inf", "nan" or hex), moving '*s' past it.  Returns 0, or -1.
 */
static int number(const char **s, double *out) {
  const char *p = *s;
  char buf[64];
  size_t n = 0;
  int digits = 0;
  if (*p == '+' || *p == '-')
    buf[n++] = *p++;
  while (*p >= '0' && *p <= '9' && n < 40) {
    buf[n++] = *p++;
    digits++;
  }
  if (*p == '.' && n < 41) {
    buf[n++] = *p++;
    while (*p >= '0' && *p <= '9' && n < 56) {
      buf[n++] = *p++;
      digits++;
    }
  }
  if (!digits || (*p >= '0' && *p <= '9'))
    return -1;
  if ((*p == 'e' || *p == 'E') &&
      ((p[1] >= '0' && p[1] <= '9') ||
       ((p[1] == '+' || p[1] == '-') && p[2] >= '0' && p[2] <= '9'))) {
    buf[n++] = *p++;
    if (*p == '+' || *p == '-')
      buf[n++] = *p++;
    int e = 0;
    while (*p >= '0' && *p <= '9') {
      if (++e > 3)
        return -1;
      buf[n++] = *p++;
    }
  }
  buf[n] = '\0';
  double v = strtod(buf, NULL);
  if (!isfinite(v) || fabs(v) > MAX_COORD)
    return -1;
  *out = v;
  *s = p;
  return 0;
}

/*
 * 'number_list()' - Up to 'max' numbers separated by white space or
 * commas, all of 'text'.  Returns how many, or -1.
 */
static int number_list(const char *text, double *out, int max) {
  const char *s = skip_sep(text);
  int n = 0;
  while (*s) {
    if (n == max || number(&s, &out[n]) != 0)
      return -1;
    n++;
    s = skip_sep(s);
  }
  return n;
}

/*
 * 'length()' - A length: a number and a unit (px or none, pt, pc, mm, cm,
 * in), in pt, or in user units when 'user' (where a unit other than px is
 * refused).  Returns 0, or -1.
 */
static int length(const char *text, int user, double *out) {
  const char *s = skip_sep(text);
  double v;
  if (number(&s, &v) != 0)
    return -1;
  static const struct {
    const char *unit;
    double pt;
  } units[] = {{"", PT_PER_PX}, {"px", PT_PER_PX}, {"pt", 1},          {"pc", 12},
               {"mm", 72 / 25.4}, {"cm", 72 / 2.54}, {"in", 72}};
  while (*s == ' ')
    s++;
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    const char *u = units[i].unit;
    size_t n = strlen(u);
    if (strncmp(s, u, n) == 0 && (s[n] == '\0' || s[n] == ' ')) {
      if (user && i > 1)
        return -1;
      *out = user ? v : v * units[i].pt;
      return 0;
    }
  }
  return -1;
}

/* The CSS basic colours and a few more a drawing names. */
static const struct {
  const char *name;
  unsigned rgb;
} colour_names[] = {
    {"black", 0x000000},  {"silver", 0xc0c0c0}, {"gray", 0x808080},   {"grey", 0x808080},
    {"white", 0xffffff},  {"maroon", 0x800000}, {"red", 0xff0000},    {"purple", 0x800080},
    {"fuchsia", 0xff00ff}, {"green", 0x008000}, {"lime", 0x00ff00},   {"olive", 0x808000},
    {"yellow", 0xffff00}, {"navy", 0x000080},   {"blue", 0x0000ff},   {"teal", 0x008080},
    {"aqua", 0x00ffff},   {"orange", 0xffa500}, {"darkgray", 0xa9a9a9}, {"darkgrey", 0xa9a9a9},
    {"lightgray", 0xd3d3d3}, {"lightgrey", 0xd3d3d3}};

/*
 * 'paint()' - A fill or stroke value: 1 with the colour, 0 for none, or
 * -1 after failing (saying what it is).
 */
static int paint(reader *r, const char *what, const char *text, unsigned *rgb) {
  while (*text == ' ')
    text++;
  size_t n = strlen(text);
  while (n && text[n - 1] == ' ')
    n--;
  if ((n == 4 && strncasecmp(text, "none", 4) == 0) ||
      (n == 11 && strncasecmp(text, "transparent", 11) == 0))
    return 0;
  if (text[0] == '#' && (n == 4 || n == 7)) {
    /* #rgb is #rrggbb with each digit doubled */
    char full[8] = {'#', text[1], text[1], text[2], text[2], text[3], text[3], '\0'};
    if (n == 7)
      memcpy(full, text, 7);
    if (lf_colour_parse(full, rgb) != 0)
      goto bad;
    return 1;
  }
  if (n > 5 && strncmp(text, "rgb(", 4) == 0 && text[n - 1] == ')') {
    char inner[64];
    if (n - 5 >= sizeof inner)
      goto bad;
    memcpy(inner, text + 4, n - 5);
    inner[n - 5] = '\0';
    unsigned v = 0;
    const char *s = skip_sep(inner);
    for (int i = 0; i < 3; i++) {
      double c;
      if (number(&s, &c) != 0)
        goto bad;
      if (*s == '%') {
        c = c * 255 / 100;
        s++;
      }
      if (c < 0)
        c = 0;
      if (c > 255)
        c = 255;
      v = v << 8 | (unsigned)lround(c);
      s = skip_sep(s);
    }
    if (*s)
      goto bad;
    *rgb = v;
    return 1;
  }
  for (size_t i = 0; i < sizeof colour_names / sizeof colour_names[0]; i++)
    if (strlen(colour_names[i].name) == n && strncasecmp(text, colour_names[i].name, n) == 0) {
      *rgb = colour_names[i].rgb;
      return 1;
    }
  if (strncmp(text, "url(", 4) == 0) {
    fail(r, "%s is '%.*s': gradients and patterns are not drawn (expected a flat colour "
         "such as #1d4a94, or none)", what, (int)(n > 60 ? 60 : n), text);
    return -1;
  }
bad:
  fail(r, "%s is '%.*s' (expected a colour: #rgb, #rrggbb, rgb(r, g, b), a colour name "
       "such as black, or none)", what, (int)(n > 60 ? 60 : n), text);
  return -1;
}

/* ---- transforms ---------------------------------------------------------- */

/* 'multiply()' - out = a then b, in SVG's (and PDF's) a b c d e f. */
static void multiply(const double a[6], const double b[6], double out[6]) {
  double m[6] = {a[0] * b[0] + a[1] * b[2],        a[0] * b[1] + a[1] * b[3],
                 a[2] * b[0] + a[3] * b[2],        a[2] * b[1] + a[3] * b[3],
                 a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]};
  memcpy(out, m, sizeof m);
}

/*
 * 'transform()' - Apply a transform list to 'st->m' (the element's own
 * transforms come first, then its parent's).  Returns 0; 1 when the
 * transforms together collapse what is inside to nothing (scale(0): SVG
 * draws none of it, and neither do we); or -1 after failing.
 */
static int transform(reader *r, const char *text, style *st) {
  double own[6] = {1, 0, 0, 1, 0, 0};
  const char *s = skip_sep(text);
  while (*s) {
    static const char *const names[] = {"matrix", "translate", "scale", "rotate", "skewX",
                                        "skewY"};
    static const int min_args[] = {6, 1, 1, 1, 1, 1}, max_args[] = {6, 2, 2, 3, 1, 1};
    int which = -1;
    for (int i = 0; i < 6; i++) {
      size_t n = strlen(names[i]);
      if (strncmp(s, names[i], n) == 0) {
        which = i;
        s += n;
        break;
      }
    }
    while (*s == ' ')
      s++;
    if (which < 0 || *s != '(')
      goto bad;
    const char *close = strchr(s, ')');
    if (!close || close - s > 200)
      goto bad;
    char inner[256];
    memcpy(inner, s + 1, (size_t)(close - s - 1));
    inner[close - s - 1] = '\0';
    double a[6];
    int n = number_list(inner, a, 6);
    if (n < min_args[which] || n > max_args[which] || (which == 3 && n == 2))
      goto bad;
    double t[6] = {1, 0, 0, 1, 0, 0};
    const double rad = 3.14159265358979323846 / 180;
    switch (which) {
    case 0:
      memcpy(t, a, sizeof t);
      break;
    case 1:
      t[4] = a[0];
      t[5] = n > 1 ? a[1] : 0;
      break;
    case 2:
      t[0] = a[0];
      t[3] = n > 1 ? a[1] : a[0];
      break;
    case 3: {
      double c = cos(a[0] * rad), sn = sin(a[0] * rad);
      double rot[6] = {c, sn, -sn, c, 0, 0};
      if (n == 3) {
        double to[6] = {1, 0, 0, 1, -a[1], -a[2]}, back[6] = {1, 0, 0, 1, a[1], a[2]};
        multiply(to, rot, t);
        multiply(t, back, t);
      } else {
        memcpy(t, rot, sizeof t);
      }
      break;
    }
    case 4:
      t[2] = tan(a[0] * rad);
      break;
    default:
      t[1] = tan(a[0] * rad);
    }
    /* a list applies right to left: the last names the innermost */
    multiply(t, own, own);
    s = skip_sep(close + 1);
  }
  for (int i = 0; i < 6; i++)
    if (!isfinite(own[i]) || fabs(own[i]) > MAX_COORD)
      goto bad;
  multiply(own, st->m, st->m);
  /* each transform may be in range and their product not: sixty nested
   * scale(10000000) overflowed to infinity in the PDF, sixty nested
   * scale(0.0000001) drew the picture at nothing */
  double det = st->m[0] * st->m[3] - st->m[1] * st->m[2];
  for (int i = 0; i < 6; i++)
    if (!isfinite(st->m[i]) || fabs(st->m[i]) > MAX_COORD) {
      fail(r, "the transforms nested to here scale or move the drawing more than %g times "
           "(expected transforms that keep it on its page)", MAX_COORD);
      return -1;
    }
  if (!isfinite(det) || fabs(det) < 1 / (MAX_COORD * MAX_COORD))
    return 1; /* drawn at nothing: its element is left out */
  return 0;
bad:
  fail(r, "transform is '%.60s' (expected matrix(), translate(), scale(), rotate(), skewX() "
       "or skewY() with numbers)", text);
  return -1;
}

/* ---- style properties ---------------------------------------------------- */

/* 'keyword()' - The index of 'text' among 'n' words, or -1. */
static int keyword(const char *text, const char *const *words, int n) {
  for (int i = 0; i < n; i++)
    if (strcmp(text, words[i]) == 0)
      return i;
  return -1;
}

/*
 * 'one_of()' - A keyword property: '*out' is the index of 'value' among the
 * 'n' words.  Returns 0, or -1 after failing (naming the words).
 */
static int one_of(reader *r, const char *name, const char *value, const char *const *words,
                  int n, int *out) {
  int k = keyword(value, words, n);
  if (k >= 0) {
    *out = k;
    return 0;
  }
  char expected[64] = "";
  for (int i = 0; i < n; i++)
    snprintf(expected + strlen(expected), sizeof expected - strlen(expected), "%s%s",
             i == 0 ? "" : i == n - 1 ? " or " : ", ", words[i]);
  fail(r, "%s is '%.40s' (expected %s)", name, value, expected);
  return -1;
}

/*
 * 'property()' - One presentation property (an attribute or a style
 * declaration) into 'st'.  Unknown properties are passed by, as SVG
 * readers do.  Returns 0, or -1 after failing.
 */
static int property(reader *r, const char *name, const char *value, style *st) {
  double v;
  if (strcmp(name, "fill") == 0) {
    int p = paint(r, "fill", value, &st->fill);
    if (p < 0)
      return -1;
    st->filled = p;
  } else if (strcmp(name, "stroke") == 0) {
    int p = paint(r, "stroke", value, &st->stroke);
    if (p < 0)
      return -1;
    st->stroked = p;
  } else if (strcmp(name, "fill-rule") == 0) {
    static const char *const rules[] = {"nonzero", "evenodd"};
    return one_of(r, name, value, rules, 2, &st->even_odd);
  } else if (strcmp(name, "stroke-width") == 0) {
    if (length(value, 1, &v) != 0 || v < 0) {
      fail(r, "stroke-width is '%.40s' (expected a width such as 2, at least 0)", value);
      return -1;
    }
    st->stroke_width = v;
  } else if (strcmp(name, "stroke-linejoin") == 0) {
    static const char *const joins[] = {"miter", "round", "bevel"};
    return one_of(r, name, value, joins, 3, &st->join);
  } else if (strcmp(name, "stroke-linecap") == 0) {
    static const char *const caps[] = {"butt", "round", "square"};
    return one_of(r, name, value, caps, 3, &st->cap);
  } else if (strcmp(name, "stroke-miterlimit") == 0) {
    const char *s = value;
    if (number(&s, &v) != 0 || *skip_sep(s) || v < 1) {
      fail(r, "stroke-miterlimit is '%.40s' (expected a number, at least 1)", value);
      return -1;
    }
    st->miter_limit = v;
  } else if (strcmp(name, "stroke-dasharray") == 0) {
    if (strcmp(value, "none") == 0) {
      st->dash_count = 0;
      return 0;
    }
    double d[LF_DRAWING_MAX_DASHES];
    int n = number_list(value, d, LF_DRAWING_MAX_DASHES / 2);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      if (d[i] < 0)
        n = -1;
      else
        sum += d[i];
    }
    if (n <= 0 || !(sum > 0)) {
      fail(r, "stroke-dasharray is '%.40s' (expected none, or up to %u lengths such as "
           "6 6)", value, LF_DRAWING_MAX_DASHES / 2);
      return -1;
    }
    /* an odd list repeats to make it even, as SVG says */
    unsigned count = (unsigned)n * (n % 2 ? 2u : 1u);
    for (unsigned i = 0; i < count; i++)
      st->dash[i] = d[i % (unsigned)n];
    st->dash_count = count;
  } else if (strcmp(name, "stroke-dashoffset") == 0) {
    if (length(value, 1, &v) != 0) {
      fail(r, "stroke-dashoffset is '%.40s' (expected a length such as 3)", value);
      return -1;
    }
    st->dash_offset = v;
  } else if (strcmp(name, "opacity") == 0 || strcmp(name, "fill-opacity") == 0 ||
             strcmp(name, "stroke-opacity") == 0) {
    const char *s = value;
    int percent = 0;
    if (number(&s, &v) == 0 && *s == '%') {
      percent = 1;
      s++;
    }
    if (percent)
      v /= 100;
    if ((percent == 0 && s == value) || *skip_sep(s) || !(v >= 0)) {
      fail(r, "%s is '%.40s' (expected a number from 0 to 1, or a percentage)", name, value);
      return -1;
    }
    v = v > 1 ? 1 : v;
    if (name[0] == 'o')
      st->opacity = v;
    else if (name[0] == 'f')
      st->fill_opacity = v;
    else
      st->stroke_opacity = v;
  } else if (strcmp(name, "display") == 0) {
    st->hidden = strcmp(value, "none") == 0;
  } else if (strcmp(name, "visibility") == 0) {
    st->hidden = strcmp(value, "hidden") == 0 || strcmp(value, "collapse") == 0;
  }
  return 0;
}

/*
 * 'svg_element()' - The local name of an element expat names "uri|name"
 * when it is SVG's (or in no namespace), else NULL (an editor's own).
 */
static const char *svg_element(const XML_Char *name) {
  const char *bar = strchr(name, '|');
  if (!bar)
    return name;
  size_t n = (size_t)(bar - name);
  return n == strlen(SVG_NS) && strncmp(name, SVG_NS, n) == 0 ? bar + 1 : NULL;
}

/* 'trim()' - 's' without white space at either end (in place). */
static char *trim(char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
    s++;
  for (char *e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
                                          e[-1] == '\r');)
    *--e = '\0';
  return s;
}

/*
 * 'style_attribute()' - The declarations of a style="" attribute.
 */
static int style_attribute(reader *r, const char *text, style *st) {
  size_t n = strlen(text);
  if (n > MAX_CSS) {
    fail(r, "a style attribute of %zu characters (expected at most %zu)", n, MAX_CSS);
    return -1;
  }
  char *buf = malloc(n + 1);
  if (!buf) {
    fail(r, "out of memory");
    return -1;
  }
  memcpy(buf, text, n + 1);
  int rc = 0;
  for (char *decl = buf; rc == 0 && decl && *decl;) {
    char *next = strchr(decl, ';');
    if (next)
      *next++ = '\0';
    char *colon = strchr(decl, ':');
    if (colon) {
      *colon = '\0';
      if (property(r, trim(decl), trim(colon + 1), st) != 0)
        rc = -1;
    }
    decl = next;
  }
  free(buf);
  return rc;
}

/* ---- style sheets -------------------------------------------------------- */

/* 'simple_name()' - Whether 's' is a CSS name: a letter, '_' or '-' first,
 * then letters, digits, '-' and '_'. */
static int simple_name(const char *s) {
  if (!*s || (*s >= '0' && *s <= '9'))
    return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
          *s == '-' || *s == '_'))
      return 0;
  return 1;
}

/*
 * 'read_css()' - The rules of the collected style sheets: comments
 * dropped, each "selector, selector { declarations }" a rule a selector.
 * Only simple selectors are read (an element name, .class, #id), as
 * drawing tools write them.  Returns 0, or -1 after failing.
 */
static int read_css(reader *r) {
  char *css = r->css;
  if (!css)
    return 0;
  css[r->css_len] = '\0';
  /* comments out, in place */
  for (char *c = strstr(css, "/*"); c; c = strstr(c, "/*")) {
    char *e = strstr(c + 2, "*/");
    if (!e) {
      *c = '\0';
      break;
    }
    memset(c, ' ', (size_t)(e + 2 - c));
  }
  for (char *at = css; *(at = trim(at));) {
    if (*at == '@') {
      /* an at-rule (a media query for screens in dark mode, a font) says
       * nothing to print: passed by, its block and all */
      char *semi = strchr(at, ';'), *brace = strchr(at, '{');
      if (semi && (!brace || semi < brace)) {
        at = semi + 1;
        continue;
      }
      int level = 0;
      char *c = brace;
      for (; c && *c; c++) {
        if (*c == '{')
          level++;
        else if (*c == '}' && --level == 0)
          break;
      }
      if (!c || !*c) {
        fail(r, "a style sheet's '%.30s' never ends (expected its block closed with '}')", at);
        return -1;
      }
      at = c + 1;
      continue;
    }
    char *open = strchr(at, '{'), *close = open ? strchr(open, '}') : NULL;
    if (!open || !close) {
      fail(r, "a style sheet holds '%.30s', which is not read (expected rules such as "
           ".st0{fill:#1d4a94;stroke:none})", at);
      return -1;
    }
    *open = '\0';
    *close = '\0';
    char *decls = open + 1;
    for (char *sel = at; sel;) {
      char *comma = strchr(sel, ',');
      if (comma)
        *comma = '\0';
      char *name = trim(sel);
      sel_kind kind = *name == '.' ? SEL_CLASS : *name == '#' ? SEL_ID : SEL_ELEMENT;
      if (kind != SEL_ELEMENT)
        name++;
      if (!simple_name(name)) {
        fail(r, "a style sheet's selector '%.40s' is not read (expected an element name, "
             ".class or #id)", trim(sel));
        return -1;
      }
      if (r->rule_count >= MAX_RULES) {
        fail(r, "a style sheet of more than %u selectors (expected fewer)", MAX_RULES);
        return -1;
      }
      if (r->rule_count % 64 == 0) {
        rule *grown = realloc(r->rules, (r->rule_count + 64) * sizeof *grown);
        if (!grown) {
          fail(r, "out of memory");
          return -1;
        }
        r->rules = grown;
      }
      r->rules[r->rule_count++] = (rule){kind, name, decls};
      sel = comma ? comma + 1 : NULL;
    }
    at = close + 1;
  }
  return 0;
}

/* 'has_class()' - Whether the space-separated list 'classes' holds 'name'. */
static int has_class(const char *classes, const char *name) {
  size_t n = strlen(name);
  for (const char *c = classes; *c;) {
    while (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r')
      c++;
    size_t len = strcspn(c, " \t\n\r");
    if (len == n && strncmp(c, name, n) == 0)
      return 1;
    c += len;
  }
  return 0;
}

/*
 * 'apply_rules()' - The style sheets' declarations for element 'el' with
 * 'atts', least specific first (element names, classes, ids), each kind
 * in the sheets' order, as CSS cascades them.
 */
static int apply_rules(reader *r, const char *el, const XML_Char **atts, style *st) {
  const char *classes = NULL, *id = NULL;
  for (int i = 0; atts[i]; i += 2) {
    if (strcmp(atts[i], "class") == 0)
      classes = atts[i + 1];
    else if (strcmp(atts[i], "id") == 0)
      id = atts[i + 1];
  }
  for (int kind = SEL_ELEMENT; kind <= SEL_ID; kind++)
    for (size_t i = 0; i < r->rule_count; i++) {
      const rule *u = &r->rules[i];
      if ((int)u->kind != kind)
        continue;
      int match = kind == SEL_ELEMENT ? strcmp(u->name, el) == 0
                  : kind == SEL_CLASS ? classes && has_class(classes, u->name)
                                      : id && strcmp(u->name, id) == 0;
      if (match && style_attribute(r, u->decls, st) != 0)
        return -1;
    }
  return 0;
}

/* 'is_style()' - Whether element 'name' is SVG's <style>. */
static int is_style(const XML_Char *name) {
  const char *el = svg_element(name);
  return el && strcmp(el, "style") == 0;
}
/* 'sheet_start()' / 'sheet_end()' / 'sheet_text()' - The first pass's
 * handlers: the text of every <style> element, wherever it stands. */
static void sheet_start(void *data, const XML_Char *name, const XML_Char **atts) {
  reader *r = data;
  (void)atts;
  if (is_style(name))
    r->in_style++;
}
static void sheet_end(void *data, const XML_Char *name) {
  reader *r = data;
  if (is_style(name) && r->in_style) {
    r->in_style--;
    if (r->css && r->css_len < MAX_CSS)
      r->css[r->css_len++] = '\n'; /* one sheet ends a rule before the next */
  }
}
static void sheet_text(void *data, const XML_Char *text, int len) {
  reader *r = data;
  if (!r->in_style || r->failed)
    return;
  if (r->css_len + (size_t)len + 2 > MAX_CSS) {
    fail(r, "style sheets of more than %zu bytes (expected a drawing's few rules)", MAX_CSS);
    return;
  }
  if (!r->css && !(r->css = malloc(MAX_CSS + 1))) {
    fail(r, "out of memory");
    return;
  }
  memcpy(r->css + r->css_len, text, (size_t)len);
  r->css_len += (size_t)len;
}

/* ---- paths --------------------------------------------------------------- */

/*
 * 'seg()' - Append a segment to the path being built.  Returns 0, or -1
 * after failing.
 */
static int seg(reader *r, lf_seg_kind kind, const double *p, int n) {
  if (r->seg_total >= LF_DRAWING_MAX_SEGMENTS) {
    fail(r, "the drawing has more than %u path segments (expected a simpler drawing: "
         "a picture file may suit it better)", LF_DRAWING_MAX_SEGMENTS);
    return -1;
  }
  if (r->seg_count == r->seg_cap) {
    size_t cap = r->seg_cap ? r->seg_cap * 2 : 64;
    lf_seg *grown = realloc(r->segs, cap * sizeof *grown);
    if (!grown) {
      fail(r, "out of memory");
      return -1;
    }
    r->segs = grown;
    r->seg_cap = cap;
  }
  lf_seg *s = &r->segs[r->seg_count++];
  memset(s, 0, sizeof *s);
  s->kind = kind;
  for (int i = 0; i < n; i++)
    s->p[i] = p[i];
  r->seg_total++;
  return 0;
}

/*
 * 'arc()' - An elliptical arc from (x0, y0) to (x, y) as cubic curves (SVG
 * 1.1, appendix F.6: its centre found, then cut into quarter turns or
 * less).  Returns 0, or -1 after failing.
 */
static int arc(reader *r, double x0, double y0, double rx, double ry, double angle,
               int large, int sweep, double x, double y) {
  const double pi = 3.14159265358979323846;
  rx = fabs(rx);
  ry = fabs(ry);
  if ((x0 == x && y0 == y))
    return 0;
  if (rx == 0 || ry == 0)
    return seg(r, LF_SEG_LINE, (double[]){x, y}, 2);
  double phi = angle * pi / 180, c = cos(phi), s = sin(phi);
  double dx = (x0 - x) / 2, dy = (y0 - y) / 2;
  double x1 = c * dx + s * dy, y1 = -s * dx + c * dy;
  double lambda = (x1 * x1) / (rx * rx) + (y1 * y1) / (ry * ry);
  if (lambda > 1) {
    rx *= sqrt(lambda);
    ry *= sqrt(lambda);
  }
  double num = rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1;
  double den = rx * rx * y1 * y1 + ry * ry * x1 * x1;
  double k = den > 0 && num > 0 ? sqrt(num / den) : 0;
  if (large == sweep)
    k = -k;
  double cx1 = k * rx * y1 / ry, cy1 = -k * ry * x1 / rx;
  double cx = c * cx1 - s * cy1 + (x0 + x) / 2, cy = s * cx1 + c * cy1 + (y0 + y) / 2;
  double t1 = atan2((y1 - cy1) / ry, (x1 - cx1) / rx);
  double t2 = atan2((-y1 - cy1) / ry, (-x1 - cx1) / rx);
  double dt = t2 - t1;
  if (sweep && dt < 0)
    dt += 2 * pi;
  else if (!sweep && dt > 0)
    dt -= 2 * pi;
  int pieces = (int)ceil(fabs(dt) / (pi / 2) - 1e-9);
  if (pieces < 1)
    pieces = 1;
  double step = dt / pieces, kappa = 4.0 / 3 * tan(step / 4);
  for (int i = 0; i < pieces; i++) {
    double a = t1 + i * step, b = a + step;
    double ca = cos(a), sa = sin(a), cb = cos(b), sb = sin(b);
    /* on the unit circle, then scaled, turned and moved */
    double ux[3] = {ca - kappa * sa, cb + kappa * sb, cb};
    double uy[3] = {sa + kappa * ca, sb - kappa * cb, sb};
    double p[6];
    for (int j = 0; j < 3; j++) {
      double ex = rx * ux[j], ey = ry * uy[j];
      p[2 * j] = c * ex - s * ey + cx;
      p[2 * j + 1] = s * ex + c * ey + cy;
    }
    if (i == pieces - 1) {
      p[4] = x;
      p[5] = y;
    }
    if (seg(r, LF_SEG_CURVE, p, 6) != 0)
      return -1;
  }
  return 0;
}

/*
 * 'flag()' - An arc's flag: a single 0 or 1, which may touch what follows.
 */
static int flag(const char **s, int *out) {
  const char *p = skip_sep(*s);
  if (*p != '0' && *p != '1')
    return -1;
  *out = *p == '1';
  *s = p + 1;
  return 0;
}

/*
 * 'path_data()' - The d="" attribute's commands into segments.  Returns 0,
 * or -1 after failing.
 */
static int path_data(reader *r, const char *d) {
  const char *s = skip_sep(d);
  double cx = 0, cy = 0, sx = 0, sy = 0; /* current point, subpath start */
  double qx = 0, qy = 0;                /* the last control point, for S and T */
  char cmd = 0, last = 0;
  int started = 0;
  while (*s) {
    if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) {
      cmd = *s++;
      if (!strchr("MmLlHhVvCcSsQqTtAaZz", cmd)) {
        fail(r, "path data has the command '%c' (expected one of M L H V C S Q T A Z, "
             "upper or lower case)", cmd);
        return -1;
      }
      if (!started && cmd != 'M' && cmd != 'm') {
        fail(r, "path data starts with '%c' (expected M or m first)", cmd);
        return -1;
      }
      s = skip_sep(s);
      if (cmd == 'Z' || cmd == 'z') {
        if (seg(r, LF_SEG_CLOSE, NULL, 0) != 0)
          return -1;
        cx = sx;
        cy = sy;
        last = cmd;
        continue;
      }
    } else if (!cmd || cmd == 'Z' || cmd == 'z') {
      fail(r, "path data has '%.20s' where a command was expected (M L H V C S Q T A Z)", s);
      return -1;
    }
    int rel = cmd >= 'a';
    char up = (char)(rel ? cmd - 32 : cmd);
    static const char *const arity = "M2L2H1V1C6S4Q4T2A7";
    int need = strchr(arity, up)[1] - '0';
    double a[7];
    int flags[2] = {0, 0};
    for (int i = 0; i < need; i++) {
      int bad = up == 'A' && (i == 3 || i == 4) ? flag(&s, &flags[i - 3])
                                                   : number(&s, &a[i]);
      if (bad) {
        fail(r, "path data: '%c' needs %d numbers, and at '%.20s' there is none (expected "
             "numbers separated by spaces or commas, none beyond %g)", cmd, need,
             *s ? s : "the end", MAX_COORD);
        return -1;
      }
      s = skip_sep(s);
    }
    double ox = rel ? cx : 0, oy = rel ? cy : 0;
    switch (up) {
    case 'M':
      cx = a[0] + ox;
      cy = a[1] + oy;
      sx = cx;
      sy = cy;
      if (seg(r, LF_SEG_MOVE, (double[]){cx, cy}, 2) != 0)
        return -1;
      started = 1;
      cmd = rel ? 'l' : 'L'; /* pairs after a move are lines */
      break;
    case 'L':
    case 'H':
    case 'V':
      if (up == 'L') {
        cx = a[0] + ox;
        cy = a[1] + oy;
      } else if (up == 'H') {
        cx = a[0] + ox;
      } else {
        cy = a[0] + oy;
      }
      if (seg(r, LF_SEG_LINE, (double[]){cx, cy}, 2) != 0)
        return -1;
      break;
    case 'C':
    case 'S': {
      double p[6];
      if (up == 'C') {
        p[0] = a[0] + ox, p[1] = a[1] + oy, p[2] = a[2] + ox, p[3] = a[3] + oy;
        p[4] = a[4] + ox, p[5] = a[5] + oy;
      } else {
        int mirror = last == 'C' || last == 'c' || last == 'S' || last == 's';
        p[0] = mirror ? 2 * cx - qx : cx;
        p[1] = mirror ? 2 * cy - qy : cy;
        p[2] = a[0] + ox, p[3] = a[1] + oy, p[4] = a[2] + ox, p[5] = a[3] + oy;
      }
      if (seg(r, LF_SEG_CURVE, p, 6) != 0)
        return -1;
      qx = p[2];
      qy = p[3];
      cx = p[4];
      cy = p[5];
      break;
    }
    case 'Q':
    case 'T': {
      double px, py;
      if (up == 'Q') {
        px = a[0] + ox;
        py = a[1] + oy;
      } else {
        int mirror = last == 'Q' || last == 'q' || last == 'T' || last == 't';
        px = mirror ? 2 * cx - qx : cx;
        py = mirror ? 2 * cy - qy : cy;
      }
      double ex = a[up == 'Q' ? 2 : 0] + ox, ey = a[up == 'Q' ? 3 : 1] + oy;
      /* a quadratic curve is the cubic with controls two thirds along */
      double p[6] = {cx + 2.0 / 3 * (px - cx), cy + 2.0 / 3 * (py - cy),
                     ex + 2.0 / 3 * (px - ex), ey + 2.0 / 3 * (py - ey), ex, ey};
      if (seg(r, LF_SEG_CURVE, p, 6) != 0)
        return -1;
      qx = px;
      qy = py;
      cx = ex;
      cy = ey;
      break;
    }
    default: /* 'A' */
      if (arc(r, cx, cy, a[0], a[1], a[2], flags[0], flags[1], a[5] + ox, a[6] + oy) != 0)
        return -1;
      cx = a[5] + ox;
      cy = a[6] + oy;
    }
    last = up == 'M' ? 'M' : cmd;
  }
  return 0;
}

/* 'ellipse()' - A whole ellipse as four quarter curves. */
static int ellipse(reader *r, double cx, double cy, double rx, double ry) {
  const double k = 0.5522847498307936; /* 4/3 (sqrt 2 - 1) */
  double kx = k * rx, ky = k * ry;
  return seg(r, LF_SEG_MOVE, (double[]){cx + rx, cy}, 2) ||
         seg(r, LF_SEG_CURVE, (double[]){cx + rx, cy + ky, cx + kx, cy + ry, cx, cy + ry}, 6) ||
         seg(r, LF_SEG_CURVE, (double[]){cx - kx, cy + ry, cx - rx, cy + ky, cx - rx, cy}, 6) ||
         seg(r, LF_SEG_CURVE, (double[]){cx - rx, cy - ky, cx - kx, cy - ry, cx, cy - ry}, 6) ||
         seg(r, LF_SEG_CURVE, (double[]){cx + kx, cy - ry, cx + rx, cy - ky, cx + rx, cy}, 6) ||
         seg(r, LF_SEG_CLOSE, NULL, 0);
}

/*
 * 'rounded_rect()' - A rectangle, its corners rounded by rx, ry.
 */
static int rounded_rect(reader *r, double x, double y, double w, double h, double rx,
                        double ry) {
  if (rx <= 0 || ry <= 0)
    return seg(r, LF_SEG_MOVE, (double[]){x, y}, 2) ||
           seg(r, LF_SEG_LINE, (double[]){x + w, y}, 2) ||
           seg(r, LF_SEG_LINE, (double[]){x + w, y + h}, 2) ||
           seg(r, LF_SEG_LINE, (double[]){x, y + h}, 2) || seg(r, LF_SEG_CLOSE, NULL, 0);
  const double k = 0.5522847498307936;
  double kx = k * rx, ky = k * ry;
  return seg(r, LF_SEG_MOVE, (double[]){x + rx, y}, 2) ||
         seg(r, LF_SEG_LINE, (double[]){x + w - rx, y}, 2) ||
         seg(r, LF_SEG_CURVE,
             (double[]){x + w - rx + kx, y, x + w, y + ry - ky, x + w, y + ry}, 6) ||
         seg(r, LF_SEG_LINE, (double[]){x + w, y + h - ry}, 2) ||
         seg(r, LF_SEG_CURVE,
             (double[]){x + w, y + h - ry + ky, x + w - rx + kx, y + h, x + w - rx, y + h}, 6) ||
         seg(r, LF_SEG_LINE, (double[]){x + rx, y + h}, 2) ||
         seg(r, LF_SEG_CURVE, (double[]){x + rx - kx, y + h, x, y + h - ry + ky, x, y + h - ry},
             6) ||
         seg(r, LF_SEG_LINE, (double[]){x, y + ry}, 2) ||
         seg(r, LF_SEG_CURVE, (double[]){x, y + ry - ky, x + rx - kx, y, x + rx, y}, 6) ||
         seg(r, LF_SEG_CLOSE, NULL, 0);
}

/* ---- elements ------------------------------------------------------------ */

/* 'attr()' - An attribute's value (no namespace), or NULL. */
static const char *attr(const XML_Char **atts, const char *name) {
  for (int i = 0; atts[i]; i += 2)
    if (strcmp(atts[i], name) == 0)
      return atts[i + 1];
  return NULL;
}

/*
 * 'coord()' - A coordinate attribute in user units (absent: 'def').
 * Returns 0, or -1 after failing.
 */
static int coord(reader *r, const XML_Char **atts, const char *el, const char *name,
                 double def, int positive, double *out) {
  const char *v = attr(atts, name);
  if (!v) {
    if (def < 0) {
      fail(r, "<%s> has no %s (expected %s=\"...\", a number)", el, name, name);
      return -1;
    }
    *out = def;
    return 0;
  }
  if (length(v, 1, out) != 0 || (positive && *out < 0)) {
    fail(r, "<%s> has %s=\"%.40s\" (expected a number%s in the drawing's units; %% and "
         "units other than px are not read)", el, name, v, positive ? ", at least 0" : "");
    return -1;
  }
  return 0;
}

/*
 * 'finish_shape()' - The path just built, painted as 'st' says, added to
 * the drawing (nothing for a shape nothing paints).
 */
static void finish_shape(reader *r, const style *st) {
  int stroked = st->stroked && st->stroke_width > 0;
  if (r->failed || st->hidden || !r->seg_count || (!st->filled && !stroked)) {
    r->seg_count = 0;
    return;
  }
  if (r->count >= LF_DRAWING_MAX_SHAPES) {
    fail(r, "the drawing has more than %u shapes (expected a simpler drawing)",
         LF_DRAWING_MAX_SHAPES);
    return;
  }
  lf_seg *segs = lf_arena_array(r->arena, r->seg_count, sizeof *segs);
  if (!segs) {
    fail(r, "out of memory");
    return;
  }
  if (r->count == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 32;
    lf_drawing_shape *grown = realloc(r->shapes, cap * sizeof *grown);
    if (!grown) {
      fail(r, "out of memory");
      return;
    }
    r->shapes = grown;
    r->cap = cap;
  }
  memcpy(segs, r->segs, r->seg_count * sizeof *segs);
  lf_drawing_shape *sh = &r->shapes[r->count++];
  memset(sh, 0, sizeof *sh);
  sh->segs = segs;
  sh->seg_count = r->seg_count;
  memcpy(sh->m, st->m, sizeof sh->m);
  sh->filled = st->filled;
  sh->even_odd = st->even_odd;
  sh->fill = st->fill;
  sh->stroked = stroked;
  sh->stroke = st->stroke;
  sh->stroke_width = st->stroke_width;
  sh->fill_alpha = st->fill_opacity * st->opacity;
  sh->stroke_alpha = st->stroke_opacity * st->opacity;
  sh->miter_limit = st->miter_limit;
  sh->join = st->join;
  sh->cap = st->cap;
  memcpy(sh->dash, st->dash, sizeof sh->dash);
  sh->dash_count = st->dash_count;
  sh->dash_offset = st->dash_offset;
  r->seg_count = 0;
}

/*
 * 'root()' - The <svg> element's size and viewBox.
 */
static void root(reader *r, const XML_Char **atts) {
  const char *w = attr(atts, "width"), *h = attr(atts, "height"), *vb = attr(atts, "viewBox");
  /* a share of a page a browser would fill: the viewBox gives the size */
  if (w && vb && strchr(w, '%'))
    w = NULL;
  if (h && vb && strchr(h, '%'))
    h = NULL;
  if (w && (length(w, 0, &r->width) != 0 || !(r->width > 0))) {
    fail(r, "<svg> has width=\"%.40s\" (expected a size such as 600, 288pt or 10cm)", w);
    return;
  }
  if (h && (length(h, 0, &r->height) != 0 || !(r->height > 0))) {
    fail(r, "<svg> has height=\"%.40s\" (expected a size such as 280, 134pt or 5cm)", h);
    return;
  }
  if (vb) {
    if (number_list(vb, r->view, 4) != 4 || !(r->view[2] > 0) || !(r->view[3] > 0)) {
      fail(r, "<svg> has viewBox=\"%.60s\" (expected four numbers: x y width height, the "
           "width and height above 0)", vb);
      return;
    }
    r->have_view = 1;
  }
  if (!vb && !(w && h)) {
    fail(r, "<svg> has no size (expected width and height, or a viewBox)");
    return;
  }
  /* a size a page could hold, and a shape a page could show: a drawing
   * 10,000,000 inches wide, or 1e-300 high, is out of range of the PDF's
   * numbers (it failed as the PDF was written, with no place) */
  double width = r->width, height = r->height;
  if (r->have_view) {
    width = width ? width : r->view[2] * PT_PER_PX;
    height = height ? height : r->view[3] * PT_PER_PX;
  }
  double aspect = r->have_view ? r->view[3] / r->view[2] : height / width;
  if (width > MAX_SIZE_PT || height > MAX_SIZE_PT || width < MIN_SIZE_PT ||
      height < MIN_SIZE_PT || !(aspect >= 1 / MAX_ASPECT && aspect <= MAX_ASPECT) ||
      (r->have_view && (r->view[2] < MIN_VIEW || r->view[3] < MIN_VIEW ||
                        r->view[2] > MAX_VIEW || r->view[3] > MAX_VIEW))) {
    fail(r, "<svg> is %g by %g pt with a viewBox %g by %g (expected a size from %g pt to %g pt "
         "a side, a viewBox from %g to %g a side, and sides no more than %g times each "
         "other)",
         width, height, r->have_view ? r->view[2] : width / PT_PER_PX,
         r->have_view ? r->view[3] : height / PT_PER_PX, MIN_SIZE_PT, MAX_SIZE_PT, MIN_VIEW,
         MAX_VIEW, MAX_ASPECT);
  }
}

/*
 * 'start()' - Expat's start-of-element handler.
 */
static void start(void *data, const XML_Char *name, const XML_Char **atts) {
  reader *r = data;
  if (r->failed)
    return;
  if (r->skip) {
    r->skip++;
    return;
  }
  const char *el = svg_element(name);
  if (!el) {
    if (!r->seen_root) {
      fail(r, "the file's first element is <%s>, not <svg> (expected an SVG drawing)",
           strchr(name, '|') + 1);
      return;
    }
    r->skip = 1; /* an editor's own element */
    return;
  }
  if (!r->seen_root) {
    if (strcmp(el, "svg") != 0) {
      fail(r, "the file's first element is <%s>, not <svg> (expected an SVG drawing)", el);
      return;
    }
    r->seen_root = 1;
    r->root_line = r->xp ? (int)XML_GetCurrentLineNumber(r->xp) : 0;
    r->root_column = r->xp ? (int)XML_GetCurrentColumnNumber(r->xp) + 1 : 0;
    root(r, atts);
    if (r->failed)
      return;
  } else if (strcmp(el, "title") == 0 || strcmp(el, "desc") == 0 ||
             strcmp(el, "metadata") == 0 || strcmp(el, "defs") == 0 ||
             strcmp(el, "style") == 0) {
    /* <defs> draws nothing itself (Inkscape writes one, often empty);
     * what uses its content, fill="url(...)" or <use>, is refused there */
    r->skip = 1;
    return;
  } else if (strcmp(el, "svg") == 0) {
    fail(r, "an <svg> inside the drawing (expected one <svg> around it all)");
    return;
  }
  static const char *const known[] = {"svg",  "g",        "path",    "rect",
                                      "circle", "ellipse", "line", "polyline", "polygon"};
  if (keyword(el, known, 9) < 0) {
    if (strcmp(el, "text") == 0 || strcmp(el, "tspan") == 0)
      fail(r, "<%s>: words are not drawn in a drawing (expected them in the figure's "
           "caption or alt text, where every reader gets them in the leaflet's type)", el);
    else
      fail(r, "<%s> is not read in a drawing (expected g, path, rect, circle, ellipse, line, "
           "polyline or polygon; gradients, clipping, images and reuse are not drawn)", el);
    return;
  }
  if (r->depth >= LF_DRAWING_MAX_DEPTH) {
    fail(r, "elements nested more than %u deep (expected a flatter drawing)",
         LF_DRAWING_MAX_DEPTH);
    return;
  }
  style *st = &r->stack[r->depth + 1];
  *st = r->stack[r->depth];
  st->opacity = 1; /* each element's own */
  r->depth++;
  for (int i = 0; atts[i]; i += 2) {
    if (strchr(atts[i], '|') || strcmp(atts[i], "style") == 0)
      continue;
    if (strcmp(atts[i], "transform") == 0) {
      int collapsed = transform(r, atts[i + 1], st);
      if (collapsed < 0)
        return;
      if (collapsed) {
        /* scale(0), or nested scales that reach nothing: the element and
         * what is inside it are not drawn, as SVG has it */
        r->depth--;
        r->skip = 1;
        r->collapsed = 1;
        return;
      }
    } else if (property(r, atts[i], atts[i + 1], st) != 0) {
      return;
    }
  }
  if (r->rule_count && apply_rules(r, el, atts, st) != 0)
    return;
  const char *css = attr(atts, "style");
  if (css && style_attribute(r, css, st) != 0)
    return;
  if (st->opacity < 1 && (strcmp(el, "g") == 0 || strcmp(el, "svg") == 0)) {
    fail(r, "<%s> has opacity %g: a group's opacity is not drawn (expected fill-opacity "
         "or stroke-opacity, which its shapes inherit)", el, st->opacity);
    return;
  }
  if (st->opacity < 1 && st->filled && st->stroked && st->stroke_width > 0) {
    fail(r, "<%s> has opacity %g and both a fill and a stroke (expected fill-opacity and "
         "stroke-opacity, which are drawn exactly)", el, st->opacity);
    return;
  }
  r->seg_count = 0;
  double x, y, w, h, rx, ry;
  if (strcmp(el, "path") == 0) {
    const char *d = attr(atts, "d");
    if (d && path_data(r, d) != 0)
      return;
  } else if (strcmp(el, "rect") == 0) {
    if (coord(r, atts, el, "x", 0, 0, &x) || coord(r, atts, el, "y", 0, 0, &y) ||
        coord(r, atts, el, "width", -1, 1, &w) || coord(r, atts, el, "height", -1, 1, &h) ||
        coord(r, atts, el, "rx", 0, 1, &rx) || coord(r, atts, el, "ry", 0, 1, &ry))
      return;
    if (!attr(atts, "rx"))
      rx = ry;
    if (!attr(atts, "ry"))
      ry = rx;
    rx = rx > w / 2 ? w / 2 : rx;
    ry = ry > h / 2 ? h / 2 : ry;
    if (w > 0 && h > 0 && rounded_rect(r, x, y, w, h, rx, ry) != 0)
      return;
  } else if (strcmp(el, "circle") == 0 || strcmp(el, "ellipse") == 0) {
    int circle = el[0] == 'c';
    if (coord(r, atts, el, "cx", 0, 0, &x) || coord(r, atts, el, "cy", 0, 0, &y) ||
        coord(r, atts, el, circle ? "r" : "rx", -1, 1, &rx) ||
        (!circle && coord(r, atts, el, "ry", -1, 1, &ry)))
      return;
    if (circle)
      ry = rx;
    if (rx > 0 && ry > 0 && ellipse(r, x, y, rx, ry) != 0)
      return;
  } else if (strcmp(el, "line") == 0) {
    double x2, y2;
    if (coord(r, atts, el, "x1", 0, 0, &x) || coord(r, atts, el, "y1", 0, 0, &y) ||
        coord(r, atts, el, "x2", 0, 0, &x2) || coord(r, atts, el, "y2", 0, 0, &y2))
      return;
    style line = *st;
    line.filled = 0; /* a line has no inside */
    if (seg(r, LF_SEG_MOVE, (double[]){x, y}, 2) || seg(r, LF_SEG_LINE, (double[]){x2, y2}, 2))
      return;
    finish_shape(r, &line);
    return;
  } else if (strcmp(el, "polyline") == 0 || strcmp(el, "polygon") == 0) {
    const char *pts = attr(atts, "points");
    const char *s = pts ? skip_sep(pts) : "";
    int n = 0;
    while (*s) {
      double p[2];
      if (number(&s, &p[0]) != 0 || number((s = skip_sep(s), &s), &p[1]) != 0) {
        fail(r, "<%s> has points=\"%.40s\" (expected pairs of numbers: x,y x,y ...)", el,
             pts);
        return;
      }
      if (seg(r, n++ ? LF_SEG_LINE : LF_SEG_MOVE, p, 2) != 0)
        return;
      s = skip_sep(s);
    }
    if (n && el[4] == 'g' && seg(r, LF_SEG_CLOSE, NULL, 0) != 0)
      return;
  }
  finish_shape(r, st);
}

/*
 * 'end()' - Expat's end-of-element handler.
 */
static void end(void *data, const XML_Char *name) {
  reader *r = data;
  (void)name;
  if (r->failed)
    return;
  if (r->skip) {
    r->skip--;
    return;
  }
  if (r->depth)
    r->depth--;
}

/* 'doctype()' - Refuse a DOCTYPE that declares anything: no entities, so
 * none to expand.  One that only names SVG's DTD (as Illustrator writes)
 * is let through: expat reads no external DTD. */
static void doctype(void *data, const XML_Char *name, const XML_Char *sysid,
                    const XML_Char *pubid, int has_internal) {
  (void)name, (void)sysid, (void)pubid;
  if (has_internal)
    fail(data, "a DOCTYPE with declarations in a drawing (expected none, or one that only "
         "names SVG's DTD: save the drawing as plain SVG)");
}

/* 'entity()' - Refuse any entity declaration (defence in depth). */
static void entity(void *data, const XML_Char *name, int is_parameter,
                   const XML_Char *value, int value_length, const XML_Char *base,
                   const XML_Char *system_id, const XML_Char *public_id,
                   const XML_Char *notation) {
  (void)name, (void)is_parameter, (void)value, (void)value_length, (void)base;
  (void)system_id, (void)public_id, (void)notation;
  fail(data, "an entity declared in a drawing (expected none)");
}

/*
 * 'parse_pass()' - One pass of expat over the file with 'r' and the given
 * handlers.  Returns 0, or -1 with r->failed set.
 */
static int parse_pass(reader *r, const unsigned char *data, size_t size,
                      XML_StartElementHandler on_start, XML_EndElementHandler on_end,
                      XML_CharacterDataHandler on_text) {
  XML_Parser xp = XML_ParserCreateNS(NULL, '|');
  if (!xp) {
    r->failed = 1;
    snprintf(r->why, r->why_size, "out of memory");
    return -1;
  }
  r->xp = xp;
  XML_SetUserData(xp, r);
  XML_SetElementHandler(xp, on_start, on_end);
  if (on_text)
    XML_SetCharacterDataHandler(xp, on_text);
  XML_SetStartDoctypeDeclHandler(xp, doctype);
  XML_SetEntityDeclHandler(xp, entity);
  enum XML_Status status = XML_Parse(xp, (const char *)data, (int)size, 1);
  if (status != XML_STATUS_OK && !r->failed) {
    r->failed = 1;
    r->line = (int)XML_GetCurrentLineNumber(xp);
    r->column = (int)XML_GetCurrentColumnNumber(xp) + 1;
    snprintf(r->why, r->why_size, "not well-formed XML: %s (expected an SVG file as an "
             "editor saves it)", XML_ErrorString(XML_GetErrorCode(xp)));
  }
  XML_ParserFree(xp);
  r->xp = NULL;
  return r->failed ? -1 : 0;
}

/*
 * 'lf_drawing_parse()' - Read an SVG drawing.
 */
lf_drawing *lf_drawing_parse(lf_arena *arena, const unsigned char *data, size_t size,
                             int *line, int *column, char *why, size_t why_size) {
  *line = *column = 0;
  if (size > (size_t)INT32_MAX) {
    snprintf(why, why_size, "is too big to read");
    return NULL;
  }
  reader *r = calloc(1, sizeof *r);
  if (!r) {
    snprintf(why, why_size, "out of memory");
    return NULL;
  }
  r->arena = arena;
  r->why = why;
  r->why_size = why_size;
  r->stack[0] = (style){.fill = 0, .filled = 1, .stroke_width = 1, .miter_limit = 4,
                        .fill_opacity = 1, .stroke_opacity = 1, .opacity = 1,
                        .m = {1, 0, 0, 1, 0, 0}};
  /* the style sheets first (a <style> applies wherever it stands), then
   * the shapes */
  if (parse_pass(r, data, size, sheet_start, sheet_end, sheet_text) == 0 && read_css(r) == 0)
    parse_pass(r, data, size, start, end, NULL);
  if (!r->failed && !r->seen_root) {
    r->failed = 1;
    snprintf(why, why_size, "has no <svg> element (expected an SVG drawing)");
  }
  if (!r->failed && r->count == 0 && r->collapsed) {
    /* an empty figure whose alt text tells of a picture (nested scales
     * that reach nothing left a drawing with no shape, exit 0) */
    r->failed = 1;
    r->line = r->root_line;
    r->column = r->root_column;
    snprintf(why, why_size, "draws nothing: its transforms scale every shape to nothing "
             "(expected shapes the figure shows)");
  }
  lf_drawing *d = NULL;
  if (!r->failed) {
    d = lf_arena_alloc(arena, sizeof *d);
    lf_drawing_shape *shapes = lf_arena_array(arena, r->count ? r->count : 1, sizeof *shapes);
    if (!d || !shapes) {
      snprintf(why, why_size, "out of memory");
      d = NULL;
    } else {
      if (r->count)
        memcpy(shapes, r->shapes, r->count * sizeof *shapes);
      d->shapes = shapes;
      d->shape_count = r->count;
      if (r->have_view) {
        memcpy(d->view, r->view, sizeof d->view);
      } else {
        /* no viewBox: user units are px */
        d->view[2] = r->width / PT_PER_PX;
        d->view[3] = r->height / PT_PER_PX;
      }
      /* its size: as given, or the viewBox's at 1 px a unit; the viewBox's
       * shape fitted inside a width and height that disagree with it, as
       * SVG's default (xMidYMid meet) shows it, less the margins */
      double w = r->width, h = r->height, aspect = d->view[3] / d->view[2];
      if (!w && !h) {
        w = d->view[2] * PT_PER_PX;
        h = d->view[3] * PT_PER_PX;
      } else if (!h) {
        h = w * aspect;
      } else if (!w) {
        w = h / aspect;
      } else if (h / w > aspect) {
        h = w * aspect;
      } else {
        w = h / aspect;
      }
      d->width = w;
      d->height = h;
    }
  } else {
    *line = r->line;
    *column = r->column;
  }
  free(r->rules);
  free(r->css);
  free(r->segs);
  free(r->shapes);
  free(r);
  return d;
}

/*
 * 'lf_drawing_copy()' - A deep copy.
 */
lf_drawing *lf_drawing_copy(lf_arena *arena, const lf_drawing *drawing) {
  lf_drawing *d = lf_arena_alloc(arena, sizeof *d);
  lf_drawing_shape *shapes = lf_arena_array(arena, drawing->shape_count ? drawing->shape_count : 1,
                                    sizeof *shapes);
  if (!d || !shapes)
    return NULL;
  *d = *drawing;
  for (size_t i = 0; i < drawing->shape_count; i++) {
    shapes[i] = drawing->shapes[i];
    lf_seg *segs = lf_arena_array(arena, shapes[i].seg_count, sizeof *segs);
    if (!segs)
      return NULL;
    memcpy(segs, drawing->shapes[i].segs, shapes[i].seg_count * sizeof *segs);
    shapes[i].segs = segs;
  }
  d->shapes = shapes;
  return d;
}
