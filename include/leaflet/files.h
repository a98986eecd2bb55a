/*
 * files.h -- writing files so that a failure leaves nothing half-done.
 * Used by the PDF backend and by batch runs alike.
 */
#ifndef LEAFLET_FILES_H
#define LEAFLET_FILES_H

#include <stddef.h>

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

/* 'lf_sync_dir()' - Flush every file written in a folder's file system, and
 * the folder's entries, to disk (one syncfs); best effort. */
void lf_sync_dir(const char *dir);

/*
 * 'lf_make_dirs()' - Create 'path' and any missing parents with 'mode'.
 * Returns 0 when it is a folder afterwards, else -1 with errno set.
 */
int lf_make_dirs(const char *path, unsigned mode);

#endif
