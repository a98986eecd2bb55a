/*
 * files.h -- files read whole, within a limit and without hanging on a
 * named pipe, and written so that a failure leaves nothing half-done.
 * Used by the YAML loader, the font reader, the PDF backend and batch runs
 * alike.
 */
#ifndef LEAFLET_FILES_H
#define LEAFLET_FILES_H

#include <stddef.h>
#include <stdio.h>

#include "leaflet/arena.h"

/* What went wrong reading a file (lf_open_file(), lf_read_file()). */
typedef enum lf_read_fault {
  LF_READ_OK = 0,
  LF_READ_CANNOT_OPEN,  /* open() failed: 'error' says why */
  LF_READ_NOT_REGULAR,  /* a folder, pipe or device, with LF_READ_REGULAR */
  LF_READ_TOO_BIG,      /* more than the limit: 'file_size' when fstat() told
                         * (file_size > limit), else found by reading */
  LF_READ_FAILED        /* a read failed or memory ran out: 'error' says why */
} lf_read_fault;

/* How a read went. */
typedef struct lf_read_status {
  lf_read_fault fault;
  int error;            /* the errno of CANNOT_OPEN and FAILED, else 0 */
  long long file_size;  /* the size fstat() gave a regular file, else -1 */
  size_t size;          /* bytes read (lf_read_file()) or mapped (lf_map_file()) */
} lf_read_status;

/* lf_open_file() flag: refuse anything but a regular file (a font must be
 * one); without it a pipe or device is read until its end or the limit. */
#define LF_READ_REGULAR 1u

/*
 * 'lf_open_file()' - Open 'path' for reading without waiting for a writer
 * when it is a named pipe (a pipe nobody writes to then reads as empty);
 * refuse a regular file larger than 'limit' before reading any of it, and
 * with LF_READ_REGULAR anything but a regular file.  Returns a descriptor
 * (close-on-exec, blocking), or -1 with the fault in '*status'.
 */
int lf_open_file(const char *path, size_t limit, unsigned flags, lf_read_status *status);

/*
 * 'lf_read_file()' - The whole of 'path' (opened as lf_open_file() opens
 * it) in a malloc'd buffer with a NUL after its 'status->size' bytes.
 * Never reads more than 'limit' + 1 bytes ('limit' below SIZE_MAX), so
 * /dev/zero is refused as LF_READ_TOO_BIG.  Returns NULL with the fault in
 * '*status'.
 */
char *lf_read_file(const char *path, size_t limit, unsigned flags, lf_read_status *status);

/*
 * 'lf_map_file()' - The whole of the regular file 'path' (opened as
 * lf_open_file() opens it with LF_READ_REGULAR, at most 'limit' bytes)
 * mapped read-only, its size in 'status->size': only the pages read are
 * ever loaded, from the page cache, with nothing copied (a 19 MB font
 * collection read into memory took three quarters of a Chinese leaflet's
 * time).  The file must not shrink while mapped (a page past its new end
 * would fault): for the fonts, which are installed, not edited.  Returns
 * NULL with the fault in '*status'; free with lf_unmap_file().
 */
const unsigned char *lf_map_file(const char *path, size_t limit, lf_read_status *status);

/* 'lf_unmap_file()' - Unmap a file lf_map_file() mapped ('size' bytes). */
void lf_unmap_file(const unsigned char *data, size_t size);

/*
 * 'lf_write_file_atomic()' - Put 'size' bytes at 'path' through a temporary
 * file beside it ("<path>.XXXXXX", created with mode 0600 and set to 'mode'
 * before it holds any data), then renamed into place: whatever happens,
 * 'path' holds either its old bytes or all of the new ones.  With 'sync',
 * the file and the folder's entry are flushed to disk before returning.
 * Returns 0, or -1 with errno set (the temporary file removed).
 */
int lf_write_file_atomic(const char *path, const void *data, size_t size, unsigned mode,
                         int sync);

/*
 * A file written a piece at a time, the same way: 'lf_temp_open()' creates
 * "<path>.XXXXXX" (mode 0600, then 'mode') and gives its descriptor and
 * name; 'lf_write_all()' appends; 'lf_temp_commit()' closes it and renames
 * it to 'path', 'lf_temp_discard()' closes and removes it.  Each frees
 * the name.  All return 0, or -1 with errno set.
 */
int lf_temp_open(const char *path, unsigned mode, char **temp);
int lf_write_all(int fd, const void *data, size_t size);
int lf_temp_commit(int fd, char *temp, const char *path);
void lf_temp_discard(int fd, char *temp);

/*
 * The same as a stream: 'lf_temp_fopen()' opens "<path>.XXXXXX" for
 * writing and reading back ("w+"); 'lf_temp_fcommit()' flushes it to disk,
 * closes it and renames it to 'path'; 'lf_temp_fdiscard()' closes and
 * removes it.  Each frees the name.  NULL or -1 with errno set.
 */
FILE *lf_temp_fopen(const char *path, unsigned mode, char **temp);
int lf_temp_fcommit(FILE *fp, char *temp, const char *path);
void lf_temp_fdiscard(FILE *fp, char *temp);

/*
 * 'lf_remove_stale_temps()' - Remove the temporary files that a killed run
 * left in 'dir' beside the files it will write ("<name>.XXXXXX", as
 * lf_temp_open() names them, for each of the 'count' names).  Returns how
 * many were removed.
 */
size_t lf_remove_stale_temps(const char *dir, const char *const *names, size_t count);

/*
 * 'lf_remove_temps_if()' - Remove every temporary file in 'dir' named
 * "<stem>.XXXXXX" whose stem 'mine' accepts ('ctx' passed on), for a run
 * whose files are known by their form rather than listed.  Returns how
 * many were removed.
 */
size_t lf_remove_temps_if(const char *dir, int (*mine)(const char *stem, void *ctx),
                          void *ctx);

/* 'lf_sync_dir()' - Flush every file written in a folder's file system, and
 * the folder's entries, to disk (one syncfs); best effort. */
void lf_sync_dir(const char *dir);

/*
 * 'lf_make_dirs()' - Create 'path' and any missing parents with 'mode'.
 * Returns 0 when it is a folder afterwards, else -1 with errno set.
 */
int lf_make_dirs(const char *path, unsigned mode);

/*
 * 'lf_yaml_files()' - The names of the files in 'dir' that end in .yaml or
 * .yml in any case ("a.yaml", "b.YAML", "c.yml"), not hidden, sorted by
 * their bytes (the same order on every machine), in 'arena': '*names' and
 * '*count'.  A content folder reads only ".yaml"; the others are listed
 * so that a reader refuses them by name rather than pass them over
 * (lf_yaml_stem()).  A folder that is not there is an empty list.
 * Returns 0, or -1 when out of memory.
 */
int lf_yaml_files(lf_arena *arena, const char *dir, char ***names, size_t *count);

/*
 * 'lf_yaml_stem()' - The name without its ending, in 'arena'; '*read' 1
 * when the ending is ".yaml" exactly (a file to read), else 0.  NULL when
 * out of memory.
 */
char *lf_yaml_stem(lf_arena *arena, const char *name, int *read);

#endif
