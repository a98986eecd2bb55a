/*
 * sha256.h -- SHA-256 (FIPS 180-4), for the batch manifest: the digest of
 * each PDF written and of the inputs it was made from.
 */
#ifndef LEAFLET_SHA256_H
#define LEAFLET_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define LF_SHA256_SIZE 32          /* bytes in a digest */
#define LF_SHA256_HEX_SIZE 65      /* hex digits and the NUL */

typedef struct lf_sha256 {
  uint32_t state[8];
  uint64_t length;                 /* bytes hashed so far */
  unsigned char block[64];         /* a partial block */
  size_t used;                     /* bytes in 'block' */
  int sha_ni;                      /* 1: the CPU's SHA instructions */
} lf_sha256;

/* 'lf_sha256_init()' - Start a digest. */
void lf_sha256_init(lf_sha256 *h);

/* 'lf_sha256_update()' - Hash 'size' more bytes. */
void lf_sha256_update(lf_sha256 *h, const void *data, size_t size);

/* 'lf_sha256_final()' - Finish: the 32-byte digest into 'out'. */
void lf_sha256_final(lf_sha256 *h, unsigned char out[LF_SHA256_SIZE]);

/* 'lf_sha256_hex()' - A digest as 64 lowercase hex digits into 'out'. */
char *lf_sha256_hex(const unsigned char digest[LF_SHA256_SIZE],
                    char out[LF_SHA256_HEX_SIZE]);

/* 'lf_sha256_buffer()' - The hex digest of 'size' bytes in one call. */
char *lf_sha256_buffer(const void *data, size_t size, char out[LF_SHA256_HEX_SIZE]);

/*
 * 'lf_sha256_file()' - The hex digest of a regular file's bytes; '*size'
 * (when not NULL) receives its length.  Returns 0, or -1 with errno set
 * when it cannot be read (EINVAL: not a regular file).
 */
int lf_sha256_file(const char *path, char out[LF_SHA256_HEX_SIZE], size_t *size);

#endif
