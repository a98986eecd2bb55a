/*
 * codes.c -- the codes of a font's (glyph, text) pairs (see codes.h).
 *
 * The pairs are kept in order of first use, with an open hash table of
 * them (FNV-1a of the glyph and, by pair, the text: hash.h) kept at most
 * half full, and a bit per code taken.
 */
#include "codes.h"

#include <stdlib.h>
#include <string.h>

#include "leaflet/buffer.h"
#include "leaflet/hash.h"

#define CODE_COUNT 0x10000u

struct lf_pdf_codes {
  int by_glyph;
  lf_pdf_pair *pairs;
  size_t count, cap;
  uint32_t *slots;                    /* index + 1 of a pair, 0: empty */
  size_t slot_count;                  /* a power of two */
  lf_buf text;                        /* the pairs' text, each followed by a NUL */
  unsigned char taken[CODE_COUNT / 8];
  unsigned next_free;                 /* where the search for a free code goes on */
  int full;
};

/* 'lf_pdf_codes_new()' - An empty table. */
lf_pdf_codes *lf_pdf_codes_new(int by_glyph) {
  lf_pdf_codes *codes = calloc(1, sizeof *codes);
  if (!codes)
    return NULL;
  codes->by_glyph = by_glyph;
  codes->next_free = LF_PDF_FIRST_FREE_CODE;
  return codes;
}

/* 'lf_pdf_codes_free()' - Free a table. */
void lf_pdf_codes_free(lf_pdf_codes *codes) {
  if (!codes)
    return;
  free(codes->pairs);
  free(codes->slots);
  lf_buf_free(&codes->text);
  free(codes);
}

/* 'hash_pair()' - The hash a pair is kept under. */
static uint64_t hash_pair(const lf_pdf_codes *codes, uint32_t glyph, const char *text,
                          size_t len) {
  uint64_t h = lf_fnv_step(LF_FNV_OFFSET, glyph);
  return codes->by_glyph ? h : lf_fnv(h, text, len);
}

/*
 * 'find_slot()' - The slot of the pair (glyph, text), or the empty slot
 * where it would go.
 */
static uint32_t *find_slot(const lf_pdf_codes *codes, uint64_t hash, uint32_t glyph,
                           const char *text, size_t len) {
  size_t mask = codes->slot_count - 1;
  for (size_t i = (size_t)(hash ^ hash >> 32) & mask;; i = (i + 1) & mask) {
    uint32_t *slot = &codes->slots[i];
    if (!*slot)
      return slot;
    const lf_pdf_pair *p = &codes->pairs[*slot - 1];
    if (p->glyph == glyph &&
        (codes->by_glyph ||
         (p->len == len && (!len || memcmp(codes->text.data + p->text, text, len) == 0))))
      return slot;
  }
}

/*
 * 'grow_slots()' - Double the hash table (or make its first one).  Returns
 * 0, or -1 when out of memory.
 */
static int grow_slots(lf_pdf_codes *codes) {
  size_t count = codes->slot_count ? codes->slot_count * 2 : 256;
  uint32_t *old = codes->slots;
  codes->slots = calloc(count, sizeof *codes->slots);
  if (!codes->slots) {
    codes->slots = old;
    return -1;
  }
  codes->slot_count = count;
  for (size_t i = 0; i < codes->count; i++) {
    const lf_pdf_pair *p = &codes->pairs[i];
    const char *text = (const char *)codes->text.data + p->text;
    *find_slot(codes, hash_pair(codes, p->glyph, text, p->len), p->glyph, text, p->len) =
        (uint32_t)(i + 1);
  }
  free(old);
  return 0;
}

/* 'is_taken()' / 'take()' - The bit of a code. */
static int is_taken(const lf_pdf_codes *codes, unsigned code) {
  return (codes->taken[code >> 3] >> (code & 7)) & 1;
}

static void take(lf_pdf_codes *codes, unsigned code) {
  codes->taken[code >> 3] |= (unsigned char)(1u << (code & 7));
}

/*
 * 'free_code()' - The next code no pair has, from LF_PDF_FIRST_FREE_CODE
 * on and round, never 0 (the CID of .notdef) or 0xFFFF; -1 when none is
 * left.
 */
static long free_code(lf_pdf_codes *codes) {
  for (unsigned tries = 0; tries < CODE_COUNT; tries++) {
    unsigned code = codes->next_free;
    codes->next_free = code + 1 >= 0xFFFFu ? 1u : code + 1;
    if (code && code != 0xFFFFu && !is_taken(codes, code))
      return code;
  }
  codes->full = 1;
  return -1;
}

/*
 * 'lf_pdf_codes_get()' - Look the pair up; give a new one its code.
 */
long lf_pdf_codes_get(lf_pdf_codes *codes, uint32_t glyph, const char *text,
                      size_t len, long preferred, int *other_text) {
  *other_text = 0;
  if (len > LF_PDF_CODE_TEXT_MAX)
    return -1;
  if ((codes->count + 1) * 2 > codes->slot_count && grow_slots(codes))
    return -1;
  uint64_t hash = hash_pair(codes, glyph, text, len);
  uint32_t *slot = find_slot(codes, hash, glyph, text, len);
  if (*slot) {
    lf_pdf_pair *p = &codes->pairs[*slot - 1];
    if (codes->by_glyph && !p->len && len) {
      /* shown with no text so far: this text is its own */
      size_t at = codes->text.length;
      lf_buf_put(&codes->text, text, len);
      lf_buf_put(&codes->text, "", 1);
      if (codes->text.failed)
        return -1;
      p->text = (uint32_t)at;
      p->len = (uint32_t)len;
      return p->code;
    }
    *other_text = codes->by_glyph &&
                  (p->len != len || (len && memcmp(codes->text.data + p->text, text, len) != 0));
    return p->code;
  }
  long code;
  if (codes->by_glyph)
    code = preferred >= 0 && preferred <= 0xFFFF ? preferred : -1;
  else if (preferred > 0 && preferred < 0xFFFF && !is_taken(codes, (unsigned)preferred))
    code = preferred;
  else
    code = free_code(codes);
  if (code < 0)
    return -1;
  if (codes->count == codes->cap) {
    size_t cap = codes->cap ? codes->cap * 2 : 128;
    lf_pdf_pair *pairs = realloc(codes->pairs, cap * sizeof *pairs);
    if (!pairs)
      return -1;
    codes->pairs = pairs;
    codes->cap = cap;
  }
  size_t at = codes->text.length;
  lf_buf_put(&codes->text, text, len);
  lf_buf_put(&codes->text, "", 1); /* a NUL after each text */
  if (codes->text.failed)
    return -1;
  codes->pairs[codes->count] = (lf_pdf_pair){glyph, (uint32_t)at, (uint32_t)len,
                                             (uint16_t)code};
  *slot = (uint32_t)++codes->count;
  take(codes, (unsigned)code);
  return code;
}

/* 'lf_pdf_codes_pairs()' - The pairs in order of first use. */
const lf_pdf_pair *lf_pdf_codes_pairs(const lf_pdf_codes *codes, size_t *count) {
  *count = codes ? codes->count : 0;
  return codes ? codes->pairs : NULL;
}

/* 'lf_pdf_codes_text()' - A pair's text (followed by a NUL). */
const char *lf_pdf_codes_text(const lf_pdf_codes *codes, const lf_pdf_pair *pair) {
  return (const char *)codes->text.data + pair->text;
}

/* 'lf_pdf_codes_full()' - Whether a pair found every code taken. */
int lf_pdf_codes_full(const lf_pdf_codes *codes) { return codes->full; }
