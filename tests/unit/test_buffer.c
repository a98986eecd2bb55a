/*
 * test_buffer.c -- the shared byte pieces of src/core: the growable byte
 * buffer (buffer.h), big-endian integers (bytes.h) and FNV-1a (hash.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "leaflet/buffer.h"
#include "leaflet/bytes.h"
#include "leaflet/hash.h"

/*
 * 'test_append()' - Bytes, strings and formatted text come out in order,
 * across many growths, and a zeroed buffer is an empty one.
 */
static void test_append(void **state) {
  (void)state;
  lf_buf b = {0};
  assert_int_equal(b.length, 0);
  lf_buf_put(&b, "ab", 2);
  lf_buf_str(&b, "cd");
  lf_buf_printf(&b, "%d-%s", 42, "x");
  assert_int_equal(b.length, 8);
  assert_memory_equal(b.data, "abcd42-x", 8);
  for (int i = 0; i < 10000; i++)
    lf_buf_put(&b, "0123456789", 10);
  assert_false(b.failed);
  assert_int_equal(b.length, 8 + 100000);
  assert_true(b.cap >= b.length);
  assert_memory_equal(b.data + 8 + 99990, "0123456789", 10);
  lf_buf_free(&b);
  assert_null(b.data);
  assert_int_equal(b.length, 0);
  assert_int_equal(b.cap, 0);
}

/*
 * 'test_long_printf()' - Formatted text longer than the small array it is
 * first tried in is written whole, with nothing after it.
 */
static void test_long_printf(void **state) {
  (void)state;
  char long_text[1000];
  memset(long_text, 'q', sizeof long_text - 1);
  long_text[sizeof long_text - 1] = '\0';
  lf_buf b = {0};
  lf_buf_str(&b, "<");
  lf_buf_printf(&b, "%s>%d", long_text, 7);
  assert_int_equal(b.length, 1 + 999 + 2);
  assert_int_equal(b.data[0], '<');
  assert_int_equal(b.data[999], 'q');
  assert_memory_equal(b.data + 1000, ">7", 2);
  lf_buf_free(&b);
}

/*
 * 'test_room_and_extend()' - Room is not counted until the caller adds it;
 * extending appends zeros, even over bytes the room held before.
 */
static void test_room_and_extend(void **state) {
  (void)state;
  lf_buf b = {0};
  lf_buf_str(&b, "head");
  unsigned char *room = lf_buf_room(&b, 3);
  assert_non_null(room);
  memcpy(room, "XYZ", 3);
  assert_int_equal(b.length, 4);
  unsigned char *zeros = lf_buf_extend(&b, 5);
  assert_non_null(zeros);
  assert_int_equal(b.length, 9);
  assert_memory_equal(b.data, "head\0\0\0\0\0", 9);
  lf_buf_free(&b);
}

/*
 * 'test_failed_sticks()' - Once an allocation fails (room for more than
 * memory can hold), the buffer stays failed and appends nothing more.
 */
static void test_failed_sticks(void **state) {
  (void)state;
  lf_buf b = {0};
  lf_buf_str(&b, "kept");
  assert_null(lf_buf_room(&b, (size_t)-1 / 2 + 2));
  assert_true(b.failed);
  lf_buf_str(&b, "lost");
  lf_buf_printf(&b, "%d", 1);
  assert_null(lf_buf_extend(&b, 1));
  assert_int_equal(b.length, 4);
  assert_memory_equal(b.data, "kept", 4);
  lf_buf_free(&b);
  assert_false(b.failed);
}

/*
 * 'test_big_endian()' - Reading and writing the byte orders of TrueType:
 * the high byte first, signed values in two's complement.
 */
static void test_big_endian(void **state) {
  (void)state;
  const unsigned char bytes[] = {0x12, 0x34, 0xFF, 0xFE, 0x80, 0x00, 0x00, 0x01};
  assert_int_equal(lf_be16(bytes), 0x1234);
  assert_int_equal(lf_be16(bytes + 2), 0xFFFE);
  assert_int_equal(lf_be16s(bytes + 2), -2);
  assert_int_equal(lf_be16s(bytes + 4), -32768);
  assert_int_equal(lf_be16s(bytes), 0x1234);
  assert_int_equal(lf_be32(bytes), 0x1234FFFEu);
  assert_int_equal(lf_be32(bytes + 4), 0x80000001u);
  unsigned char out[6] = {0};
  lf_be16_set(out, 0xABCD);
  lf_be32_set(out + 2, 0x01020304u);
  const unsigned char want[] = {0xAB, 0xCD, 0x01, 0x02, 0x03, 0x04};
  assert_memory_equal(out, want, sizeof want);
  lf_be16_set(out, 0x12345); /* the low 16 bits */
  assert_int_equal(lf_be16(out), 0x2345);
}

/*
 * 'test_fnv()' - FNV-1a 64 as published (the test vectors of Fowler, Noll
 * and Vo: "" and "a" and "foobar"), and lf_fnv() the same as its steps.
 */
static void test_fnv(void **state) {
  (void)state;
  assert_true(lf_fnv(LF_FNV_OFFSET, "", 0) == 0xCBF29CE484222325u);
  assert_true(lf_fnv(LF_FNV_OFFSET, "a", 1) == 0xAF63DC4C8601EC8Cu);
  assert_true(lf_fnv(LF_FNV_OFFSET, "foobar", 6) == 0x85944171F73967E8u);
  uint64_t h = LF_FNV_OFFSET;
  for (const char *p = "foobar"; *p; p++)
    h = lf_fnv_step(h, (unsigned char)*p);
  assert_true(h == 0x85944171F73967E8u);
  assert_true(lf_fnv(lf_fnv(LF_FNV_OFFSET, "foo", 3), "bar", 3) == h);
}

/*
 * 'test_grow_array()' - lf_grow_array() gives room for what is asked,
 * keeps what was there, zeroes the new items, and refuses a size whose
 * bytes do not fit in size_t (the array as it was).
 */
static void test_grow_array(void **state) {
  (void)state;
  int *items = NULL;
  size_t cap = 0;
  assert_int_equal(lf_grow_array((void **)&items, &cap, 3, sizeof *items), 0);
  assert_int_equal(cap, 64);
  items[2] = 7;
  assert_int_equal(lf_grow_array((void **)&items, &cap, 64, sizeof *items), 0);
  assert_int_equal(cap, 64);
  assert_int_equal(lf_grow_array((void **)&items, &cap, 200, sizeof *items), 0);
  assert_int_equal(cap, 256);
  assert_int_equal(items[2], 7);
  for (size_t i = 64; i < cap; i++)
    assert_int_equal(items[i], 0);
  assert_int_equal(lf_grow_array((void **)&items, &cap, SIZE_MAX / 2, sizeof *items), -1);
  assert_int_equal(cap, 256);
  assert_int_equal(items[2], 7);
  free(items);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_append),
      cmocka_unit_test(test_long_printf),
      cmocka_unit_test(test_room_and_extend),
      cmocka_unit_test(test_failed_sticks),
      cmocka_unit_test(test_big_endian),
      cmocka_unit_test(test_fnv),
      cmocka_unit_test(test_grow_array),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
