/*
 * utf8.h -- UTF-8, strictly: one code point decoded or encoded at a time.
 * Every part of leaflet that reads or writes UTF-8 by hand (the YAML
 * loader's text check, the line breaker, the PDF's text strings, the CSV
 * and manifest readers) does it through these two functions.
 */
#ifndef LEAFLET_UTF8_H
#define LEAFLET_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* 'lf_utf8_next()' - Decode one code point at *s (advancing *s, not past
 * end); returns the code point, or -1 for an invalid sequence (skipping one
 * byte).  Invalid: a stray continuation byte, C0, C1 or F5..FF, an overlong
 * form, a surrogate, a code point past U+10FFFF, a sequence cut off by
 * 'end' or by a byte that is not a continuation byte. */
int32_t lf_utf8_next(const char **s, const char *end);

/* 'lf_utf8_put()' - Write code point 'cp' (at most U+10FFFF, not a
 * surrogate) as UTF-8 at 'out' (room for 4 bytes); returns the length. */
size_t lf_utf8_put(uint32_t cp, char *out);

#endif
