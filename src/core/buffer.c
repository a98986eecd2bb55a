/*
 * buffer.c -- the growable byte buffer (see buffer.h).
 */
#include "leaflet/buffer.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * 'lf_buf_room()' - Make room for 'more' bytes at the end (the first
 * allocation 1 KB, then doubling); returns a pointer to them, or NULL (and
 * the buffer marked failed) when out of memory.
 */
unsigned char *lf_buf_room(lf_buf *buf, size_t more) {
  if (buf->failed)
    return NULL;
  if (more > buf->cap - buf->length) {
    size_t cap = buf->cap ? buf->cap : 1024;
    while (cap - buf->length < more) {
      if (cap > ((size_t)-1) / 2) {
        buf->failed = 1;
        return NULL;
      }
      cap *= 2;
    }
    unsigned char *data = realloc(buf->data, cap);
    if (!data) {
      buf->failed = 1;
      return NULL;
    }
    buf->data = data;
    buf->cap = cap;
  }
  return buf->data + buf->length;
}

/* 'lf_buf_extend()' - Append 'more' zero bytes and return them. */
unsigned char *lf_buf_extend(lf_buf *buf, size_t more) {
  unsigned char *at = lf_buf_room(buf, more);
  if (!at)
    return NULL;
  memset(at, 0, more);
  buf->length += more;
  return at;
}

/* 'lf_buf_put()' - Append 'size' bytes. */
void lf_buf_put(lf_buf *buf, const void *data, size_t size) {
  unsigned char *at = lf_buf_room(buf, size);
  if (at && size) {
    memcpy(at, data, size);
    buf->length += size;
  }
}

/* 'lf_buf_str()' - Append a NUL-terminated string. */
void lf_buf_str(lf_buf *buf, const char *text) {
  lf_buf_put(buf, text, strlen(text));
}

/* 'lf_buf_printf()' - Append formatted text: short text through a small
 * array on the stack, longer text formatted in place. */
void lf_buf_printf(lf_buf *buf, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    buf->failed = 1;
    return;
  }
  if ((size_t)n < sizeof small) {
    lf_buf_put(buf, small, (size_t)n);
    return;
  }
  unsigned char *at = lf_buf_room(buf, (size_t)n + 1);
  if (!at)
    return;
  va_start(ap, fmt);
  vsnprintf((char *)at, (size_t)n + 1, fmt, ap);
  va_end(ap);
  buf->length += (size_t)n;
}

/* 'lf_buf_free()' - Free the bytes and empty the buffer. */
void lf_buf_free(lf_buf *buf) {
  free(buf->data);
  memset(buf, 0, sizeof *buf);
}

/*
 * 'lf_grow_array()' - Room for 'want' items of 'size' bytes, doubling.
 */
int lf_grow_array(void **items, size_t *cap, size_t want, size_t size) {
  if (want <= *cap)
    return 0;
  size_t n = *cap ? *cap : 64;
  while (n < want) {
    if (n > SIZE_MAX / 2)
      return -1;
    n *= 2;
  }
  if (!size || n > SIZE_MAX / size)
    return -1;
  void *bigger = realloc(*items, n * size);
  if (!bigger)
    return -1;
  memset((char *)bigger + *cap * size, 0, (n - *cap) * size);
  *items = bigger;
  *cap = n;
  return 0;
}
