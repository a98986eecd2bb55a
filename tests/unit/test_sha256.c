/*
 * test_sha256.c -- SHA-256 (src/core/sha256.c) against the examples of
 * FIPS 180-4 (NIST's "SHA256.pdf" example values), messages whose padding
 * falls on every block boundary, any split of the input into updates, and
 * files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "leaflet/sha256.h"

/*
 * 'hex_of()' - The hex digest of a string (one update).
 */
static const char *hex_of(const char *text, char out[LF_SHA256_HEX_SIZE]) {
  return lf_sha256_buffer(text, strlen(text), out);
}

/*
 * 'test_fips_examples()' - The one-block, two-block and long examples.
 */
static void test_fips_examples(void **state) {
  (void)state;
  char hex[LF_SHA256_HEX_SIZE];
  assert_string_equal(hex_of("", hex),
                      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assert_string_equal(hex_of("abc", hex),
                      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert_string_equal(hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", hex),
                      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  assert_string_equal(
      hex_of("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
             "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", hex),
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

/*
 * 'test_million_a()' - One million 'a's, fed 1000 at a time.
 */
static void test_million_a(void **state) {
  (void)state;
  char chunk[1000], hex[LF_SHA256_HEX_SIZE];
  unsigned char digest[LF_SHA256_SIZE];
  memset(chunk, 'a', sizeof chunk);
  lf_sha256 h;
  lf_sha256_init(&h);
  for (int i = 0; i < 1000; i++)
    lf_sha256_update(&h, chunk, sizeof chunk);
  lf_sha256_final(&h, digest);
  assert_string_equal(lf_sha256_hex(digest, hex),
                      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/*
 * 'test_padding_boundaries()' - Lengths either side of where the length
 * field no longer fits the last block (55/56 bytes) and of a whole block.
 */
static void test_padding_boundaries(void **state) {
  (void)state;
  static const struct {
    size_t n;
    const char *hex;
  } cases[] = {
      {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
      {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
      {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
      {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
      {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
      {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
      {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
  };
  char buf[128], hex[LF_SHA256_HEX_SIZE];
  memset(buf, 'a', sizeof buf);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    assert_string_equal(lf_sha256_buffer(buf, cases[i].n, hex), cases[i].hex);
}

/*
 * 'test_any_split()' - Feeding the same bytes in two updates split at any
 * point gives the one-update digest.
 */
static void test_any_split(void **state) {
  (void)state;
  unsigned char data[300];
  for (size_t i = 0; i < sizeof data; i++)
    data[i] = (unsigned char)(i * 7 + 3);
  char whole[LF_SHA256_HEX_SIZE], split[LF_SHA256_HEX_SIZE];
  lf_sha256_buffer(data, sizeof data, whole);
  for (size_t cut = 0; cut <= sizeof data; cut++) {
    lf_sha256 h;
    unsigned char digest[LF_SHA256_SIZE];
    lf_sha256_init(&h);
    lf_sha256_update(&h, data, cut);
    lf_sha256_update(&h, data + cut, sizeof data - cut);
    lf_sha256_final(&h, digest);
    assert_string_equal(lf_sha256_hex(digest, split), whole);
  }
}

/*
 * 'digest_with()' - The hex digest of 'size' bytes, with the processor's SHA
 * instructions when 'sha_ni' is 1 and the CPU has them, else portably.
 */
static void digest_with(int sha_ni, const unsigned char *data, size_t size,
                        char out[LF_SHA256_HEX_SIZE]) {
  lf_sha256 h;
  unsigned char digest[LF_SHA256_SIZE];
  lf_sha256_init(&h);
  h.sha_ni = h.sha_ni && sha_ni;
  lf_sha256_update(&h, data, size);
  lf_sha256_final(&h, digest);
  lf_sha256_hex(digest, out);
}

/*
 * 'test_both_ways()' - The portable code and the SHA instructions agree on
 * every length up to a few blocks (the FIPS examples above go through
 * whichever this CPU uses by default; here the other one is held to it).
 */
static void test_both_ways(void **state) {
  (void)state;
  lf_sha256 probe;
  lf_sha256_init(&probe);
  if (!probe.sha_ni)
    print_message("this CPU has no SHA instructions: only the portable code runs\n");
  unsigned char data[700];
  uint32_t x = 12345;
  for (size_t i = 0; i < sizeof data; i++) {
    x = x * 1103515245u + 12345u;
    data[i] = (unsigned char)(x >> 16);
  }
  for (size_t n = 0; n <= sizeof data; n++) {
    char portable[LF_SHA256_HEX_SIZE], native[LF_SHA256_HEX_SIZE];
    digest_with(0, data, n, portable);
    digest_with(1, data, n, native);
    assert_string_equal(portable, native);
  }
}

/*
 * 'test_file()' - A file hashes as its bytes and reports its size; a
 * missing file is an error; a named pipe or a device is refused at once.
 */
static void test_file(void **state) {
  (void)state;
  char path[] = "/tmp/leaflet-sha256-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "w");
  assert_non_null(f);
  fputs("abc", f);
  fclose(f);
  char hex[LF_SHA256_HEX_SIZE];
  size_t size = 0;
  assert_int_equal(lf_sha256_file(path, hex, &size), 0);
  assert_int_equal(size, 3);
  assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  remove(path);
  assert_int_equal(lf_sha256_file(path, hex, &size), -1);
  assert_int_equal(errno, ENOENT);
  /* a named pipe, or a device such as /dev/zero, is refused at once: read
   * to its end, one a writer holds (or /dev/zero) would never end */
  assert_int_equal(mkfifo(path, 0600), 0);
  assert_int_equal(lf_sha256_file(path, hex, &size), -1);
  assert_int_equal(errno, EINVAL);
  remove(path);
  assert_int_equal(lf_sha256_file("/dev/zero", hex, &size), -1);
  assert_int_equal(errno, EINVAL);
}

/*
 * 'main()' - Run the SHA-256 tests.
 */
int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fips_examples),
      cmocka_unit_test(test_million_a),
      cmocka_unit_test(test_padding_boundaries),
      cmocka_unit_test(test_any_split),
      cmocka_unit_test(test_both_ways),
      cmocka_unit_test(test_file),
  };
  return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
