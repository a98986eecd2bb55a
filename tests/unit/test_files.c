/*
 * test_files.c -- files read whole (src/core/files.c): the bytes and their
 * NUL, the size limit found by stat() and found by reading, named pipes
 * (with no writer: no hang; with one: read to the end), devices, folders,
 * missing files, and what LF_READ_REGULAR refuses; the temporary files a
 * killed run leaves, removed.
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "leaflet/files.h"
#include "testutil.h"

/*
 * 'path_in()' - dir/name in 'buf'.
 */
static const char *path_in(const char *dir, const char *name, char *buf, size_t size) {
  snprintf(buf, size, "%s/%s", dir, name);
  return buf;
}

/*
 * 'test_map_file()' - A mapped file is its bytes and its size; an empty
 * file maps to an empty block; a folder, a missing file and one over the
 * limit are refused with their faults.
 */
static void test_map_file(void **state) {
  (void)state;
  char *dir = tu_tempdir();
  char path[1024];
  tu_write(dir, "a.bin", "OTTO and more");
  lf_read_status how;
  const unsigned char *data = lf_map_file(path_in(dir, "a.bin", path, sizeof path), 1024, &how);
  assert_non_null(data);
  assert_int_equal(how.fault, LF_READ_OK);
  assert_int_equal(how.size, 13);
  assert_memory_equal(data, "OTTO and more", 13);
  lf_unmap_file(data, how.size);

  assert_null(lf_map_file(path, 12, &how));
  assert_int_equal(how.fault, LF_READ_TOO_BIG);

  tu_write(dir, "empty.bin", "");
  data = lf_map_file(path_in(dir, "empty.bin", path, sizeof path), 1024, &how);
  assert_non_null(data);
  assert_int_equal(how.size, 0);
  lf_unmap_file(data, how.size);

  assert_null(lf_map_file(dir, 1024, &how));
  assert_int_equal(how.fault, LF_READ_NOT_REGULAR);
  assert_null(lf_map_file(path_in(dir, "missing.bin", path, sizeof path), 1024, &how));
  assert_int_equal(how.fault, LF_READ_CANNOT_OPEN);
  tu_rmtree(dir);
}

/*
 * 'test_read_whole_file()' - Every byte, a NUL after them, the size fstat()
 * gave; an empty file is an empty buffer, not a failure.
 */
static void test_read_whole_file(void **state) {
  (void)state;
  char *dir = tu_tempdir();
  char path[1024];
  tu_write(dir, "a.txt", "first line\nsecond line\n");
  lf_read_status how;
  char *data = lf_read_file(path_in(dir, "a.txt", path, sizeof path), 1024, 0, &how);
  assert_non_null(data);
  assert_int_equal(how.fault, LF_READ_OK);
  assert_int_equal(how.size, 23);
  assert_int_equal(how.file_size, 23);
  assert_string_equal(data, "first line\nsecond line\n");
  free(data);

  tu_write(dir, "empty.txt", "");
  data = lf_read_file(path_in(dir, "empty.txt", path, sizeof path), 1024, LF_READ_REGULAR, &how);
  assert_non_null(data);
  assert_int_equal(how.size, 0);
  assert_int_equal(data[0], '\0');
  free(data);
  tu_rmtree(dir);
}

/*
 * 'test_limit()' - A file of exactly the limit is read; one byte more is
 * refused before reading, with the size fstat() gave.
 */
static void test_limit(void **state) {
  (void)state;
  char *dir = tu_tempdir();
  char path[1024];
  tu_write(dir, "ten.txt", "0123456789");
  lf_read_status how;
  char *data = lf_read_file(path_in(dir, "ten.txt", path, sizeof path), 10, 0, &how);
  assert_non_null(data);
  assert_int_equal(how.size, 10);
  free(data);
  assert_null(lf_read_file(path, 9, 0, &how));
  assert_int_equal(how.fault, LF_READ_TOO_BIG);
  assert_int_equal(how.file_size, 10);
  assert_int_equal(lf_open_file(path, 9, LF_READ_REGULAR, &how), -1);
  assert_int_equal(how.fault, LF_READ_TOO_BIG);
  tu_rmtree(dir);
}

/*
 * 'test_device()' - /dev/zero has no end: it is read no further than the
 * limit and refused, with no size from fstat(); with LF_READ_REGULAR it is
 * not read at all.
 */
static void test_device(void **state) {
  (void)state;
  lf_read_status how;
  assert_null(lf_read_file("/dev/zero", 100000, 0, &how));
  assert_int_equal(how.fault, LF_READ_TOO_BIG);
  assert_int_equal(how.file_size, -1);
  assert_null(lf_read_file("/dev/zero", 100000, LF_READ_REGULAR, &how));
  assert_int_equal(how.fault, LF_READ_NOT_REGULAR);
}

/*
 * 'test_named_pipe_no_writer()' - A named pipe nobody writes to reads as
 * empty at once (opening it used to wait for a writer for ever), and is
 * refused with LF_READ_REGULAR.
 */
static void test_named_pipe_no_writer(void **state) {
  (void)state;
  char *dir = tu_tempdir();
  char path[1024];
  assert_int_equal(mkfifo(path_in(dir, "pipe", path, sizeof path), 0600), 0);
  lf_read_status how;
  char *data = lf_read_file(path, 1024, 0, &how);
  assert_non_null(data);
  assert_int_equal(how.size, 0);
  assert_int_equal(how.file_size, -1);
  free(data);
  assert_null(lf_read_file(path, 1024, LF_READ_REGULAR, &how));
  assert_int_equal(how.fault, LF_READ_NOT_REGULAR);
  tu_rmtree(dir);
}

/*
 * 'test_pipe_with_writer()' - A pipe with a writer is read to its end
 * (reads block again after the open): what `leaflet mail <(...)` reads.
 */
static void test_pipe_with_writer(void **state) {
  (void)state;
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  const char text[] = "ref,name\r\nA1,Someone\r\n";
  pid_t child = fork();
  assert_true(child >= 0);
  if (child == 0) {
    close(fds[0]);
    nanosleep(&(struct timespec){0, 100000000}, NULL); /* the reader must wait */
    ssize_t n = write(fds[1], text, sizeof text - 1);
    _exit(n == (ssize_t)(sizeof text - 1) ? 0 : 1);
  }
  close(fds[1]);
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fds[0]);
  lf_read_status how;
  char *data = lf_read_file(path, 1024, 0, &how);
  close(fds[0]);
  int status = -1;
  assert_int_equal(waitpid(child, &status, 0), child);
  assert_int_equal(status, 0);
  assert_non_null(data);
  assert_string_equal(data, text);
  assert_int_equal(how.size, sizeof text - 1);
  free(data);
}

/*
 * 'test_folder_and_missing()' - A folder fails to read (EISDIR) or, with
 * LF_READ_REGULAR, is refused; a missing file fails to open with ENOENT.
 */
static void test_folder_and_missing(void **state) {
  (void)state;
  char *dir = tu_tempdir();
  char path[1024];
  lf_read_status how;
  assert_null(lf_read_file(dir, 1024, 0, &how));
  assert_int_equal(how.fault, LF_READ_FAILED);
  assert_int_equal(how.error, EISDIR);
  assert_null(lf_read_file(dir, 1024, LF_READ_REGULAR, &how));
  assert_int_equal(how.fault, LF_READ_NOT_REGULAR);
  assert_null(lf_read_file(path_in(dir, "missing", path, sizeof path), 1024, 0, &how));
  assert_int_equal(how.fault, LF_READ_CANNOT_OPEN);
  assert_int_equal(how.error, ENOENT);
  tu_rmtree(dir);
}

/*
 * 'test_open_file()' - lf_open_file() gives a descriptor at the start of
 * the file and the size, for a reader that reads only part of it.
 */
static void test_open_file(void **state) {
  (void)state;
  char *dir = tu_tempdir();
  char path[1024];
  tu_write(dir, "head.bin", "true....rest");
  lf_read_status how;
  int fd = lf_open_file(path_in(dir, "head.bin", path, sizeof path), 64, LF_READ_REGULAR, &how);
  assert_true(fd >= 0);
  assert_int_equal(how.fault, LF_READ_OK);
  assert_int_equal(how.file_size, 12);
  char head[4];
  assert_int_equal(read(fd, head, 4), 4);
  assert_memory_equal(head, "true", 4);
  close(fd);
  tu_rmtree(dir);
}

/*
 * 'test_remove_stale_temps()' - What lf_temp_open() leaves behind for a
 * name asked about goes; the files themselves, other names' temporary
 * files and look-alikes stay.
 */
static void test_remove_stale_temps(void **state) {
  (void)state;
  char *dir = tu_tempdir();
  char path[1024];
  static const char *const kept[] = {"a.pdf", "other.pdf.Ab12Cd", "a.pdf.Ab-2Cd", "a.pdf.Ab12C",
                                     "a.pdfxAb12Cd"};
  for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
    tu_write(dir, kept[i], "x");
  tu_write(dir, "a.pdf.Ab12Cd", "half");
  tu_write(dir, "manifest.json.000000", "half");
  char *temp;
  int fd = lf_temp_open(path_in(dir, "b.pdf", path, sizeof path), 0644, &temp);
  assert_true(fd >= 0);
  close(fd);
  const char *const names[] = {"manifest.json", "b.pdf", "a.pdf"};
  assert_int_equal(lf_remove_stale_temps(dir, names, 3), 3);
  struct stat st;
  assert_int_not_equal(stat(temp, &st), 0);
  assert_int_not_equal(stat(path_in(dir, "a.pdf.Ab12Cd", path, sizeof path), &st), 0);
  for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
    assert_int_equal(stat(path_in(dir, kept[i], path, sizeof path), &st), 0);
  assert_int_equal(lf_remove_stale_temps(dir, names, 3), 0);
  free(temp);
  tu_rmtree(dir);
}

/* 'main()' - Run the file tests. */
int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_read_whole_file),
      cmocka_unit_test(test_map_file),
      cmocka_unit_test(test_limit),
      cmocka_unit_test(test_device),
      cmocka_unit_test(test_named_pipe_no_writer),
      cmocka_unit_test(test_pipe_with_writer),
      cmocka_unit_test(test_folder_and_missing),
      cmocka_unit_test(test_open_file),
      cmocka_unit_test(test_remove_stale_temps),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
