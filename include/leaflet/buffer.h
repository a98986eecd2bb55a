/*
 * buffer.h -- a growable byte buffer: bytes appended at the end, room
 * doubled as it fills.  An allocation that fails marks the buffer failed
 * and every later append does nothing, so a writer appends without
 * checking each call and looks at 'failed' once at the end.
 *
 * A zeroed lf_buf is an empty buffer; lf_buf_free() frees its bytes.
 */
#ifndef LEAFLET_BUFFER_H
#define LEAFLET_BUFFER_H

#include <stddef.h>

typedef struct lf_buf {
  unsigned char *data;  /* 'length' bytes, room for 'cap' */
  size_t length, cap;
  int failed;           /* 1 once an allocation has failed */
} lf_buf;

/*
 * 'lf_buf_room()' - Room for 'more' bytes at the end, not counted in
 * 'length' until the caller adds them; NULL (and the buffer failed) when
 * out of memory.
 */
unsigned char *lf_buf_room(lf_buf *buf, size_t more);

/*
 * 'lf_buf_extend()' - Append 'more' zero bytes; a pointer to them, or NULL
 * (the buffer failed) when out of memory.
 */
unsigned char *lf_buf_extend(lf_buf *buf, size_t more);

/* 'lf_buf_put()' - Append 'size' bytes. */
void lf_buf_put(lf_buf *buf, const void *data, size_t size);

/* 'lf_buf_str()' - Append a NUL-terminated string (without the NUL). */
void lf_buf_str(lf_buf *buf, const char *text);

/* 'lf_buf_printf()' - Append formatted text (without a NUL). */
void lf_buf_printf(lf_buf *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* 'lf_buf_free()' - Free the bytes and empty the buffer. */
void lf_buf_free(lf_buf *buf);

/*
 * 'lf_grow_array()' - Room for 'want' items of 'size' bytes in the array
 * '*items' of '*cap' (64 at first, then doubled), the new items zeroed.
 * Returns 0, or -1 when out of memory (the array as it was).
 */
int lf_grow_array(void **items, size_t *cap, size_t want, size_t size);

#endif
