/*
 * cache.h -- what the object layer asks of the cache of compressed streams
 * (cache.c; made and freed through pdf.h).
 */
#ifndef LEAFLET_PDF_CACHE_H
#define LEAFLET_PDF_CACHE_H

#include <stddef.h>

#include "leaflet/buffer.h"
#include "leaflet/pdf.h"

/* 'lf_pdf_cache_find()' - The compressed form of 'raw' into 'out'; 1 when
 * the cache has it, else 0. */
int lf_pdf_cache_find(lf_pdf_cache *cache, const unsigned char *raw,
                      size_t length, lf_buf *out);

/* 'lf_pdf_cache_put()' - Keep 'packed' as the compressed form of 'raw'
 * (unless the cache is full).  A 'raw' that starts with a NUL is a key
 * for something other than a stream (no content stream starts so), kept
 * within a budget of its own (cache.c). */
void lf_pdf_cache_put(lf_pdf_cache *cache, const unsigned char *raw,
                      size_t length, const unsigned char *packed,
                      size_t packed_length);

#endif
