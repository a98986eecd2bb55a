/*
 * utf8.c -- UTF-8 decoded and encoded one code point at a time (see utf8.h).
 */
#include "leaflet/utf8.h"

/*
 * 'lf_utf8_next()' - Decode one UTF-8 sequence strictly: no overlong forms,
 * no surrogates, nothing past U+10FFFF, no sequence cut off by 'end'.
 */
int32_t lf_utf8_next(const char **s, const char *end) {
  const unsigned char *p = (const unsigned char *)*s;
  const unsigned char *stop = (const unsigned char *)end;
  if (p >= stop)
    return -1;
  unsigned lead = p[0];
  if (lead < 0x80) {
    *s += 1;
    return (int32_t)lead;
  }
  size_t extra;
  uint32_t cp;
  unsigned low = 0x80, high = 0xBF; /* allowed range of the second byte */
  if (lead >= 0xC2 && lead <= 0xDF) {
    extra = 1;
    cp = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    extra = 2;
    cp = lead & 0x0Fu;
    if (lead == 0xE0)
      low = 0xA0; /* overlong */
    else if (lead == 0xED)
      high = 0x9F; /* surrogates */
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    extra = 3;
    cp = lead & 0x07u;
    if (lead == 0xF0)
      low = 0x90; /* overlong */
    else if (lead == 0xF4)
      high = 0x8F; /* past U+10FFFF */
  } else {
    *s += 1;
    return -1;
  }
  if ((size_t)(stop - p) <= extra || p[1] < low || p[1] > high) {
    *s += 1;
    return -1;
  }
  for (size_t i = 1; i <= extra; i++) {
    if ((p[i] & 0xC0u) != 0x80u) {
      *s += 1;
      return -1;
    }
    cp = (cp << 6) | (p[i] & 0x3Fu);
  }
  *s += extra + 1;
  return (int32_t)cp;
}

/*
 * 'lf_utf8_put()' - Encode one code point as UTF-8.
 */
size_t lf_utf8_put(uint32_t cp, char *out) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}
