/*
 * sha256.c -- SHA-256 as FIPS 180-4 defines it (see sha256.h).
 *
 * A message is padded with a 1 bit, zeros and its length in bits to a
 * multiple of 512 bits; each 512-bit block updates eight 32-bit words of
 * state through 64 rounds.  Written from the standard; checked against its
 * examples in tests/unit/test_sha256.c.
 *
 * On x86-64 processors with the SHA extensions (Intel since Goldmont and
 * Ice Lake, AMD since Zen) blocks are compressed with them, about ten
 * times faster; the portable code is used everywhere else, and the test
 * checks both against the standard's examples.
 */
#include "leaflet/sha256.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "leaflet/files.h"
#include "leaflet/bytes.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define LF_SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

/* The first 32 bits of the fractional parts of the cube roots of the first
 * 64 primes (FIPS 180-4, 4.2.2). */
static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

/*
 * 'rotr()' - Rotate a 32-bit word right by 'n' bits (0 < n < 32).
 */
static uint32_t rotr(uint32_t x, unsigned n) {
  return (x >> n) | (x << (32 - n));
}

/*
 * 'compress()' - Fold one 64-byte block into the state (FIPS 180-4, 6.2.2).
 */
static void compress(uint32_t state[8], const unsigned char block[64]) {
  uint32_t w[64];
  for (int t = 0; t < 16; t++)
    w[t] = lf_be32(block + 4 * t);
  for (int t = 16; t < 64; t++) {
    uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
    uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
  for (int t = 0; t < 64; t++) {
    uint32_t sum1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    uint32_t choose = (e & f) ^ (~e & g);
    uint32_t t1 = h + sum1 + choose + round_constants[t] + w[t];
    uint32_t sum0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
    uint32_t t2 = sum0 + majority;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

#ifdef LF_SHA_NI
/*
 * 'compress_ni()' - compress() with the SHA extensions: the state is kept
 * as the register pairs the instructions work on (A B E F and C D G H),
 * and each step does four rounds and four words of the message schedule.
 */
__attribute__((target("sha,sse4.1,ssse3"))) static void
compress_ni(uint32_t state[8], const unsigned char *blocks, size_t count) {
  const __m128i swap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
  __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
  __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
  __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
  __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
  __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
  for (; count; count--, blocks += 64) {
    __m128i saved_abef = abef, saved_cdgh = cdgh;
    __m128i w[4];
    for (int step = 0; step < 16; step++) {
      __m128i words;
      if (step < 4) {
        words = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 16 * step)), swap);
      } else {
        /* W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16], four at once */
        __m128i partial = _mm_sha256msg1_epu32(w[step % 4], w[(step + 1) % 4]);
        partial = _mm_add_epi32(partial, _mm_alignr_epi8(w[(step + 3) % 4], w[(step + 2) % 4], 4));
        words = _mm_sha256msg2_epu32(partial, w[(step + 3) % 4]);
      }
      w[step % 4] = words;
      __m128i k = _mm_add_epi32(words, _mm_loadu_si128((const __m128i *)&round_constants[4 * step]));
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, k);
      /* 'cdgh' now holds A B E F after two rounds, which are C D G H for
       * the next two, and 'abef' those of the round before */
      abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(k, 0x0E));
    }
    abef = _mm_add_epi32(abef, saved_abef);
    cdgh = _mm_add_epi32(cdgh, saved_cdgh);
  }
  __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
  _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}

/*
 * 'has_sha_ni()' - Whether the processor has the SHA extensions and the
 * SSE4.1 and SSSE3 instructions compress_ni() also uses (CPUID).
 */
static int has_sha_ni(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSE4_1) || !(c & bit_SSSE3))
    return 0;
  if (__get_cpuid_max(0, NULL) < 7)
    return 0;
  __cpuid_count(7, 0, a, b, c, d);
  return (b & bit_SHA) != 0;
}
#endif

/*
 * 'compress_blocks()' - Compress 'count' consecutive 64-byte blocks.
 */
static void compress_blocks(lf_sha256 *h, const unsigned char *blocks, size_t count) {
#ifdef LF_SHA_NI
  if (h->sha_ni) {
    compress_ni(h->state, blocks, count);
    return;
  }
#endif
  for (; count; count--, blocks += 64)
    compress(h->state, blocks);
}

/*
 * 'lf_sha256_init()' - The initial hash value (FIPS 180-4, 5.3.3).
 */
void lf_sha256_init(lf_sha256 *h) {
  static const uint32_t initial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  memcpy(h->state, initial, sizeof initial);
  h->length = 0;
  h->used = 0;
#ifdef LF_SHA_NI
  h->sha_ni = has_sha_ni();
#else
  h->sha_ni = 0;
#endif
}

/*
 * 'lf_sha256_update()' - Buffer bytes into blocks and compress each full one.
 */
void lf_sha256_update(lf_sha256 *h, const void *data, size_t size) {
  const unsigned char *p = data;
  if (size == 0)
    return;
  h->length += size;
  if (h->used) {
    size_t take = 64 - h->used < size ? 64 - h->used : size;
    memcpy(h->block + h->used, p, take);
    h->used += take;
    p += take;
    size -= take;
    if (h->used < 64)
      return;
    compress_blocks(h, h->block, 1);
    h->used = 0;
  }
  compress_blocks(h, p, size / 64);
  p += size / 64 * 64;
  size %= 64;
  memcpy(h->block, p, size);
  h->used = size;
}

/*
 * 'lf_sha256_final()' - Pad (a 1 bit, zeros, the length in bits as 64 bits
 * big-endian), compress the last block(s) and write the state big-endian.
 */
void lf_sha256_final(lf_sha256 *h, unsigned char out[LF_SHA256_SIZE]) {
  uint64_t bits = h->length * 8;
  h->block[h->used++] = 0x80;
  if (h->used > 56) {
    memset(h->block + h->used, 0, 64 - h->used);
    compress_blocks(h, h->block, 1);
    h->used = 0;
  }
  memset(h->block + h->used, 0, 56 - h->used);
  lf_be32_set(h->block + 56, (uint32_t)(bits >> 32));
  lf_be32_set(h->block + 60, (uint32_t)bits);
  compress_blocks(h, h->block, 1);
  for (int i = 0; i < 8; i++)
    lf_be32_set(out + 4 * i, h->state[i]);
  memset(h->block, 0, sizeof h->block);
}

/*
 * 'lf_sha256_hex()' - Lowercase hex digits of a digest.
 */
char *lf_sha256_hex(const unsigned char digest[LF_SHA256_SIZE], char out[LF_SHA256_HEX_SIZE]) {
  static const char digits[] = "0123456789abcdef";
  for (int i = 0; i < LF_SHA256_SIZE; i++) {
    out[2 * i] = digits[digest[i] >> 4];
    out[2 * i + 1] = digits[digest[i] & 15];
  }
  out[2 * LF_SHA256_SIZE] = '\0';
  return out;
}

/*
 * 'lf_sha256_buffer()' - Hash bytes in memory.
 */
char *lf_sha256_buffer(const void *data, size_t size, char out[LF_SHA256_HEX_SIZE]) {
  lf_sha256 h;
  unsigned char digest[LF_SHA256_SIZE];
  lf_sha256_init(&h);
  lf_sha256_update(&h, data, size);
  lf_sha256_final(&h, digest);
  return lf_sha256_hex(digest, out);
}

/*
 * 'lf_sha256_file()' - Hash a file, reading it in blocks (opened as
 * lf_open_file() opens it, so that a named pipe cannot hang the run).
 */
int lf_sha256_file(const char *path, char out[LF_SHA256_HEX_SIZE], size_t *size) {
  lf_read_status how;
  /* a regular file only: a named pipe a writer holds, or /dev/zero, read
   * to its end would never end */
  int fd = lf_open_file(path, SIZE_MAX, LF_READ_REGULAR, &how);
  if (fd < 0) {
    errno = how.fault == LF_READ_NOT_REGULAR ? EINVAL : how.error;
    return -1;
  }
  lf_sha256 h;
  lf_sha256_init(&h);
  unsigned char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int saved = errno;
      close(fd);
      errno = saved;
      return -1;
    }
    if (n == 0)
      break;
    lf_sha256_update(&h, buf, (size_t)n);
  }
  close(fd);
  unsigned char digest[LF_SHA256_SIZE];
  if (size)
    *size = (size_t)h.length;
  lf_sha256_final(&h, digest);
  lf_sha256_hex(digest, out);
  return 0;
}
