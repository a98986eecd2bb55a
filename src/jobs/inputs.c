/*
 * inputs.c -- digests of what a document is made from (jobs_internal.h):
 * the content files, the print format with its fonts, and the program.
 * A batch build stores one per PDF in the manifest and skips a PDF whose
 * inputs have the same digest and whose bytes are still the ones listed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jobs_internal.h"
#include "leaflet/jobs.h"

typedef struct name_list {
  char **names;
  size_t count, cap;
} name_list;

/*
 * 'compare_names()' - Byte order of names, through pointers.
 */
static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * 'join()' - "a/b" ("b" when 'a' is empty), malloc'd; NULL when out of memory.
 */
static char *join(const char *a, const char *b) {
  size_t na = strlen(a), nb = strlen(b);
  char *s = malloc(na + nb + 2);
  if (!s)
    return NULL;
  memcpy(s, a, na);
  s[na] = '/';
  memcpy(s + (na ? na + 1 : 0), b, nb + 1);
  return s;
}

/*
 * 'hash_file()' - Add a file's path, length and bytes to 'h'.
 */
static int hash_file(lf_sha256 *h, const char *rel, const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  struct stat st;
  if (fstat(fd, &st) != 0) {
    close(fd);
    return -1;
  }
  char head[64];
  int n = snprintf(head, sizeof head, "%lld:", (long long)st.st_size);
  lf_sha256_update(h, rel, strlen(rel) + 1);
  lf_sha256_update(h, head, (size_t)n);
  unsigned char buf[65536];
  ssize_t got;
  while ((got = read(fd, buf, sizeof buf)) > 0)
    lf_sha256_update(h, buf, (size_t)got);
  int saved = errno;
  close(fd);
  errno = saved;
  return got < 0 ? -1 : 0;
}

/* 'has_suffix()' - Whether the 'len' bytes of 'name' end in 'suffix'. */
static int has_suffix(const char *name, size_t len, const char *suffix) {
  size_t n = strlen(suffix);
  return len > n && strcmp(name + len - n, suffix) == 0;
}

/*
 * 'hash_folder()' - Every *.yaml, *.png, *.jpg, *.jpeg and *.svg under root/rel,
 * depth first, sorted.
 */
static int hash_folder(lf_sha256 *h, const char *root, const char *rel, int depth) {
  char *dir = rel[0] ? join(root, rel) : strdup(root);
  DIR *d = dir ? opendir(dir) : NULL;
  free(dir);
  if (!d)
    return depth == 0 ? -1 : 0;
  name_list names = {0};
  struct dirent *e;
  int rc = 0;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    if (names.count == names.cap) {
      size_t cap = names.cap ? names.cap * 2 : 32;
      char **grown = realloc(names.names, cap * sizeof *grown);
      if (!grown) {
        rc = -1;
        break;
      }
      names.names = grown;
      names.cap = cap;
    }
    if (!(names.names[names.count] = strdup(e->d_name))) {
      rc = -1;
      break;
    }
    names.count++;
  }
  closedir(d);
  if (names.count)
    qsort(names.names, names.count, sizeof *names.names, compare_names);
  for (size_t i = 0; i < names.count && rc == 0; i++) {
    char *sub = join(rel, names.names[i]), *path = sub ? join(root, sub) : NULL;
    struct stat st;
    if (!path || stat(path, &st) != 0) {
      rc = path ? 0 : -1;
      free(sub);
      free(path);
      continue;
    }
    size_t len = strlen(names.names[i]);
    if (S_ISDIR(st.st_mode)) {
      if (depth < 8 && !(depth == 0 && strcmp(names.names[i], "letters") == 0))
        rc = hash_folder(h, root, sub, depth + 1);
    } else if (S_ISREG(st.st_mode) && (has_suffix(names.names[i], len, ".yaml") ||
                                       has_suffix(names.names[i], len, ".png") ||
                                       has_suffix(names.names[i], len, ".jpg") ||
                                       has_suffix(names.names[i], len, ".jpeg") ||
                                       has_suffix(names.names[i], len, ".svg"))) {
      rc = hash_file(h, sub, path); /* text, and the pictures figures show */
    }
    free(sub);
    free(path);
  }
  for (size_t i = 0; i < names.count; i++)
    free(names.names[i]);
  free(names.names);
  return rc;
}

/*
 * 'lf_digest_content()' - The content folder's digest.
 */
int lf_digest_content(const char *root, char out[LF_SHA256_HEX_SIZE]) {
  lf_sha256 h;
  lf_sha256_init(&h);
  lf_sha256_update(&h, "content\n", 8);
  int rc = hash_folder(&h, root, "", 0);
  unsigned char digest[LF_SHA256_SIZE];
  lf_sha256_final(&h, digest);
  lf_sha256_hex(digest, out);
  return rc;
}

/*
 * 'file_identity()' - A file named by what stat() says of it (size,
 * modification time, device and inode), as make and ninja know files:
 * reading a megabyte of fonts and program on every run would cost more
 * than rendering a leaflet.  Not by its path, which is the text of
 * --content ("content", "./content" and an absolute path are one folder,
 * and each rendered everything again).  Returns 0, or -1 when it cannot
 * be stat'd.
 */
static int file_identity(lf_sha256 *h, const char *label, const char *path) {
  struct stat st;
  if (stat(path, &st) != 0)
    return -1;
  char text[512];
  int n = snprintf(text, sizeof text, "%s %lld %lld.%09ld %llu %llu\n", label,
                   (long long)st.st_size, (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec,
                   (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
  lf_sha256_update(h, text, n > 0 && (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
  return 0;
}

/*
 * 'lf_digest_tool()' - The version and the running program's identity.
 */
void lf_digest_tool(char out[LF_SHA256_HEX_SIZE]) {
  lf_sha256 h;
  lf_sha256_init(&h);
  lf_sha256_update(&h, "leaflet " LF_VERSION "\n", strlen("leaflet " LF_VERSION "\n"));
  file_identity(&h, "program", "/proc/self/exe");
  unsigned char digest[LF_SHA256_SIZE];
  lf_sha256_final(&h, digest);
  lf_sha256_hex(digest, out);
}

/*
 * 'lf_digest_format()' - A format's measures.
 */
void lf_digest_format(lf_sha256 *h, const lf_format *s) {
  char text[1024];
  int n = snprintf(text, sizeof text,
                   "format %s\npage %.17g %.17g\nmargins %.17g %.17g %.17g %.17g\n"
                   "body %.17g spacing %.17g\nheadings %.17g %.17g %.17g %.17g\n"
                   "paragraph %.17g indent %.17g footer %.17g rule %.17g\n"
                   "colours %06x %06x %06x %06x urls %d\n",
                   s->name, s->page_width, s->page_height, s->margin_top, s->margin_right,
                   s->margin_bottom, s->margin_left, s->body_size, s->line_spacing,
                   s->heading_scale[1], s->heading_scale[2], s->heading_scale[3],
                   s->heading_scale[4], s->paragraph_space, s->list_indent, s->footer_scale,
                   s->rule_width, s->text_colour, s->link_colour, s->callout_border,
                   s->callout_fill, s->print_urls);
  lf_sha256_update(h, text, n > 0 && (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
  for (int k = 0; k < LF_FONT_SCRIPT_COUNT; k++)
    if (s->scripts[k].line_spacing > 0) {
      n = snprintf(text, sizeof text, "script %d spacing %.17g\n", k, s->scripts[k].line_spacing);
      lf_sha256_update(h, text, n > 0 && (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
    }
  if (!s->braille)
    return;
  const lf_braille_measures *b = &s->cells;
  n = snprintf(text, sizeof text, "braille %d x %d numbers %d head %d\n", b->cells_per_line,
               b->lines_per_page, b->page_numbers, b->running_head);
  lf_sha256_update(h, text, (size_t)n);
  for (size_t i = 0; i < b->table_count; i++) {
    lf_sha256_update(h, b->tables[i].language, strlen(b->tables[i].language) + 1);
    lf_sha256_update(h, b->tables[i].table, strlen(b->tables[i].table) + 1);
  }
}

/*
 * 'lf_digest_fonts()' - The four fonts and every script's, by slot, face
 * index and file identity (file_identity(): not the path).
 */
void lf_digest_fonts(lf_sha256 *h, const lf_fontset *fonts) {
  for (int f = 0; f < LF_FACE_MAX; f++) {
    if (f >= LF_FACE_COUNT && !fonts->path[f])
      continue;
    char label[32];
    snprintf(label, sizeof label, "font %d face %u", f, fonts->index[f]);
    if (!fonts->path[f] || file_identity(h, label, fonts->path[f]) != 0)
      lf_sha256_update(h, label, strlen(label));
  }
}
