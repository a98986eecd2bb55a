/*
 * request.c -- what a URL may say to `leaflet serve` (serve.h): routes,
 * ids, strict %-decoding, a nurse's print choices, and the name a PDF is
 * saved under.  Pure functions of their arguments, so every rule is tested
 * on its own (tests/unit/test_serve_request.c).
 *
 * The rule that keeps URLs off the file system: a path segment is decoded
 * once, strictly, and may then be an id only if it is one as content ids
 * are (lowercase letters, digits and '-'); the server then looks the id up
 * in the catalogue.  No encoding of "..", "/" or "\" survives.
 */
#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet/serve.h"
#include "leaflet/utf8.h"

/*
 * 'hex_value()' - A hex digit's value, or -1.
 */
static int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/*
 * 'lf_percent_decode()' - Strict %-decoding to UTF-8 without controls.
 */
long lf_percent_decode(const char *in, size_t len, char *out, size_t cap) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char ch = (unsigned char)in[i];
    if (ch == '%') {
      if (i + 2 >= len)
        return -1;
      int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0)
        return -1;
      ch = (unsigned char)(hi * 16 + lo);
      i += 2;
    }
    if (n >= cap)
      return -1;
    out[n++] = (char)ch;
  }
  out[n] = 0;
  /* the decoded bytes: UTF-8, no NUL or other control character */
  const char *p = out, *end = out + n;
  while (p < end) {
    int32_t cp = lf_utf8_next(&p, end);
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
      return -1;
  }
  return (long)n;
}

#define ID_CHARS "abcdefghijklmnopqrstuvwxyz0123456789-"
#define NAME_CHARS ID_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZ_."

/*
 * 'valid_id()' - A content id as the content format defines them: 1 to
 * LF_ID_MAX lowercase letters, digits and '-'.
 */
static int valid_id(const char *s) {
  size_t n = strlen(s);
  return n > 0 && n <= LF_ID_MAX && strspn(s, ID_CHARS) == n;
}

/*
 * 'valid_name()' - A file's or a print format's name: letters, digits,
 * '-', '_' and '.', not starting with '.'.
 */
static int valid_name(const char *s) {
  size_t n = strlen(s);
  return n > 0 && n <= LF_ID_MAX && s[0] != '.' && strspn(s, NAME_CHARS) == n;
}

enum { MAX_SEGMENTS = 4 };

/*
 * 'copy_id()' - An id (checked by valid_id()) into a route's field.
 */
static void copy_id(char out[LF_ID_MAX + 1], const char *id) {
  size_t n = strlen(id);
  if (n > LF_ID_MAX)
    n = LF_ID_MAX;
  memcpy(out, id, n);
  out[n] = 0;
}

/*
 * 'lf_route_parse()' - Split at '/', decode each segment, match a route.
 */
int lf_route_parse(const char *path, lf_route *out) {
  memset(out, 0, sizeof *out);
  size_t len = strlen(path);
  if (len > LF_SERVE_MAX_PATH)
    return 414;
  if (len == 0 || path[0] != '/')
    return 404;
  if (len == 1) {
    out->kind = LF_ROUTE_CATALOGUE;
    return 200;
  }
  char seg[MAX_SEGMENTS][LF_SERVE_MAX_PATH + 1];
  size_t count = 0;
  const char *p = path + 1;
  for (;;) {
    const char *slash = strchr(p, '/');
    size_t n = slash ? (size_t)(slash - p) : strlen(p);
    if (count == MAX_SEGMENTS)
      return 404;
    if (lf_percent_decode(p, n, seg[count], LF_SERVE_MAX_PATH) < 0)
      return 400;
    if (!seg[count][0])
      return 404; /* "//", or a trailing '/' */
    count++;
    if (!slash)
      break;
    p = slash + 1;
  }
  if (count == 1 && strcmp(seg[0], "events") == 0) {
    out->kind = LF_ROUTE_EVENTS;
    return 200;
  }
  if (count == 2 && strcmp(seg[0], "assets") == 0 && valid_name(seg[1])) {
    out->kind = LF_ROUTE_ASSET;
    copy_id(out->asset, seg[1]);
    return 200;
  }
  if (strcmp(seg[0], "leaflets") != 0 || count < 2)
    return 404;
  for (size_t i = 1; i < count; i++)
    if (!valid_id(seg[i]))
      return 404;
  copy_id(out->leaflet, seg[1]);
  int pdf = strcmp(seg[count - 1], "pdf") == 0 && count >= 3;
  size_t ids = pdf ? count - 1 : count;
  if (ids == 3)
    copy_id(out->tumour, seg[2]);
  else if (ids != 2)
    return 404;
  out->kind = pdf ? LF_ROUTE_PDF : LF_ROUTE_LEAFLET;
  return 200;
}

/*
 * 'decode_arg()' - A query value decoded into 'out'; "" for NULL.  -1 on
 * bad encoding or length.
 */
static int decode_arg(const char *raw, char *out, size_t cap) {
  out[0] = 0;
  if (!raw)
    return 0;
  return lf_percent_decode(raw, strlen(raw), out, cap) < 0 ? -1 : 0;
}

/*
 * 'lf_print_choice_parse()' - Format or size, layout and view.
 */
int lf_print_choice_parse(const char *format, const char *size, const char *layout,
                          const char *view, lf_print_choice *out, char *why, size_t why_size) {
  memset(out, 0, sizeof *out);
  char f[LF_ID_MAX + 1], s[LF_ID_MAX + 1], l[LF_ID_MAX + 1], v[LF_ID_MAX + 1];
  if (decode_arg(format, f, LF_ID_MAX) || decode_arg(size, s, LF_ID_MAX) ||
      decode_arg(layout, l, LF_ID_MAX) || decode_arg(view, v, LF_ID_MAX)) {
    snprintf(why, why_size, "The address of this page is damaged (a broken %%-code, or a "
             "value that is too long). Go back to the leaflet and choose again.");
    return 400;
  }
  /* trailing spaces, as a form may send them, are not a mistake */
  for (char *t = s + strlen(s); t > s && t[-1] == ' ';)
    *--t = 0;
  /* what was sent is kept even when it is refused: the form comes back as
   * it was left, not reset (WCAG 2.2, 3.3.7) */
  snprintf(out->typed_size, sizeof out->typed_size, "%s", s);
  int want_size = strcmp(f, "size") == 0 || (!f[0] && s[0]);
  out->size_chosen = want_size;
  out->booklet = strcmp(l, "booklet") == 0;
  out->inline_view = strcmp(v, "inline") == 0;
  if (!want_size && f[0] && valid_name(f))
    snprintf(out->format, sizeof out->format, "%s", f);
  if (want_size) {
    if (!s[0]) {
      snprintf(why, why_size, "Type a size in points, from 12 to 48.");
      return 400;
    }
    double pt;
    if (lf_body_size_parse(s, &pt) != 0) {
      snprintf(why, why_size, "The size must be a number of points from 12 to 48 (whole or "
               "half points, for example 20 or 20.5).");
      return 400;
    }
    out->size = pt;
  } else if (f[0]) {
    if (!valid_name(f)) {
      snprintf(why, why_size, "There is no print format with that name.");
      out->problem = LF_CHOICE_FORMAT;
      return 400;
    }
    if (s[0]) {
      snprintf(why, why_size, "You chose a print format and also typed a size. Choose "
               "\"Another size\" to use the size you typed, or clear the size.");
      return 400;
    }
  }
  if (l[0] && strcmp(l, "pages") != 0 && strcmp(l, "booklet") != 0) {
    snprintf(why, why_size, "Choose A4 pages or an A5 booklet.");
    out->problem = LF_CHOICE_LAYOUT;
    return 400;
  }
  if (v[0] && strcmp(v, "inline") != 0) {
    snprintf(why, why_size, "The address of this page is damaged. Go back to the leaflet and "
             "choose again.");
    return 400;
  }
  return 0;
}

/*
 * 'lf_content_disposition()' - attachment (or inline), an ASCII name and
 * the name for people, %-encoded UTF-8.
 */
void lf_content_disposition(const char *title, const char *format_words, const char *ending,
                            const char *fallback, int inline_view, char *out, size_t size) {
  /* the name for people, without what file systems or headers refuse;
   * a long title is cut (at a character) to leave room for the rest */
  char name[192];
  size_t n = 0;
  const char *parts[3] = {title, " - ", format_words};
  size_t fixed = strlen(format_words) + 8; /* " - ", the words, ".pdf" */
  size_t room = fixed < sizeof name ? sizeof name - fixed : 0;
  for (int k = 0; k < 3; k++) {
    const char *p = parts[k], *end = p + strlen(p);
    size_t limit = k == 0 ? room : sizeof name - 5;
    while (p < end) {
      const char *start = p;
      int32_t cp = lf_utf8_next(&p, end);
      size_t w = (size_t)(p - start);
      if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
          (cp < 0x80 && strchr("/\\\":*?<>|", (int)cp)))
        continue;
      if (n + w > limit)
        break;
      memcpy(name + n, start, w);
      n += w;
    }
  }
  n += (size_t)snprintf(name + n, sizeof name - n, ".%.3s", ending);
  int used = snprintf(out, size, "%s; filename=\"", inline_view ? "inline" : "attachment");
  size_t o = used > 0 ? (size_t)used : 0;
  for (const char *p = fallback; *p && o + 2 < size; p++)
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        strchr("-_.", *p))
      out[o++] = *p;
  const char *star = "\"; filename*=UTF-8''";
  for (const char *p = star; *p && o + 1 < size; p++)
    out[o++] = *p;
  static const char hex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < n && o + 4 < size; i++) {
    unsigned char ch = (unsigned char)name[i];
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
        strchr("!#$&+-.^_`|~", ch)) {
      out[o++] = (char)ch;
    } else {
      out[o++] = '%';
      out[o++] = hex[ch >> 4];
      out[o++] = hex[ch & 15];
    }
  }
  out[o < size ? o : size - 1] = 0;
}

/*
 * 'lf_is_loopback()' - 127.0.0.0/8, ::1, or IPv4-mapped 127.x.
 */
int lf_is_loopback(const char *address) {
  struct in_addr a4;
  struct in6_addr a6;
  if (inet_pton(AF_INET, address, &a4) == 1)
    return (ntohl(a4.s_addr) >> 24) == 127;
  if (inet_pton(AF_INET6, address, &a6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&a6))
      return 1;
    return IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127;
  }
  return 0;
}
