/*
 * diag.c -- diagnostics with their place in the content (see diag.h).
 */
#include "leaflet/diag.h"
#include "leaflet/textout.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/*
 * 'lf_diags_init()' - Start an empty list.
 */
void lf_diags_init(lf_diags *d) { memset(d, 0, sizeof *d); }

/*
 * 'lf_diags_free()' - Free every message and file name, and the list.
 */
void lf_diags_free(lf_diags *d) {
  for (size_t i = 0; i < d->count; i++) {
    free(d->items[i].message);
    free((char *)d->items[i].pos.file);
  }
  free(d->items);
  memset(d, 0, sizeof *d);
}

/*
 * 'drop_partial_character()' - Remove a UTF-8 character cut short at the
 * end of 'buf' (text that was truncated), so that a cut never leaves half a
 * character: invalid UTF-8 in a log, or in JSON.
 */
static void drop_partial_character(char *buf) {
  size_t len = strlen(buf), start = len;
  while (start > 0 && len - start < 3 && ((unsigned char)buf[start - 1] & 0xC0) == 0x80)
    start--;
  if (start == 0)
    return;
  unsigned char lead = (unsigned char)buf[start - 1];
  size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (len - (start - 1) < want)
    buf[start - 1] = '\0';
}

/*
 * 'drop_cut_characters()' - Remove each UTF-8 character cut short inside
 * 'buf': a message that quotes the author's text with a precision
 * ("starting '%.30s'") counts bytes, and may end the quote inside a
 * character, which would be invalid UTF-8 in a log or in JSON.
 */
static void drop_cut_characters(char *buf) {
  unsigned char *in = (unsigned char *)buf, *out = in;
  while (*in) {
    size_t want = *in >= 0xF0 ? 4 : *in >= 0xE0 ? 3 : *in >= 0xC0 ? 2 : 1;
    size_t have = 1;
    while (have < want && (in[have] & 0xC0) == 0x80)
      have++;
    if (have == want) {
      memmove(out, in, have);
      out += have;
    }
    in += have; /* a lead without its continuation bytes goes, with them */
  }
  *out = '\0';
}

/*
 * 'is_repeat()' - Whether the same message was stored for the same place
 * (a file, line and column): a word too wide in a title is reported where the
 * title is written, not again for each page that repeats the title (a
 * booklet's cover).
 */
static int is_repeat(const lf_diags *d, lf_severity sev, lf_pos pos, const char *message) {
  if (!pos.file || pos.line <= 0)
    return 0;
  for (size_t i = 0; i < d->count; i++) {
    const lf_diag *g = &d->items[i];
    if (g->severity == sev && g->pos.line == pos.line && g->pos.column == pos.column &&
        g->pos.file && strcmp(g->pos.file, pos.file) == 0 && strcmp(g->message, message) == 0)
      return 1;
  }
  return 0;
}

/*
 * 'keep()' - Store a diagnostic (its message already formatted) while
 * there is room; counting it is the caller's.
 */
static void keep(lf_diags *d, lf_severity sev, lf_diag_kind kind, lf_pos pos,
                 const char *message) {
  if (d->count >= LF_DIAGS_MAX)
    return;
  if (d->count == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 16;
    lf_diag *items = realloc(d->items, cap * sizeof *items);
    if (!items)
      return;
    d->items = items;
    d->cap = cap;
  }
  lf_diag *g = &d->items[d->count];
  g->severity = sev;
  g->kind = kind;
  g->pos = pos;
  g->pos.file = pos.file ? strdup(pos.file) : NULL;
  g->message = strdup(message);
  if (!g->message || (pos.file && !g->pos.file)) {
    free(g->message);
    free((char *)g->pos.file);
    return;
  }
  d->count++;
}

/*
 * 'store()' - Count the diagnostic, and store it while there is room,
 * unless it repeats one stored (is_repeat()).  A message too long for its
 * buffer (it quotes the author's text) is cut at a character and ends in
 * "...".
 */
static void store(lf_diags *d, lf_severity sev, lf_diag_kind kind, lf_pos pos,
                  const char *fmt, va_list ap) {
  char buf[1024];
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  if (n < 0)
    snprintf(buf, sizeof buf, "%s", fmt);
  else if ((size_t)n >= sizeof buf) {
    buf[sizeof buf - 4] = '\0';
    drop_partial_character(buf);
    strcat(buf, "...");
  }
  drop_cut_characters(buf);
  if (is_repeat(d, sev, pos, buf))
    return;
  if (sev == LF_ERROR)
    d->errors++;
  else if (sev == LF_WARNING)
    d->warnings++;
  keep(d, sev, kind, pos, buf);
}

/*
 * 'lf_diag_vadd()' - Report a problem of no particular kind.
 */
void lf_diag_vadd(lf_diags *d, lf_severity sev, lf_pos pos, const char *fmt,
                  va_list ap) {
  store(d, sev, LF_DIAG_GENERAL, pos, fmt, ap);
}

/*
 * 'lf_diag_add_kind()' - Report a problem of a kind callers tell apart.
 */
void lf_diag_add_kind(lf_diags *d, lf_severity sev, lf_diag_kind kind, lf_pos pos,
                      const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  store(d, sev, kind, pos, fmt, ap);
  va_end(ap);
}

/*
 * 'lf_diag_add()' - Report a problem.
 */
void lf_diag_add(lf_diags *d, lf_severity sev, lf_pos pos, const char *fmt,
                 ...) {
  va_list ap;
  va_start(ap, fmt);
  lf_diag_vadd(d, sev, pos, fmt, ap);
  va_end(ap);
}

/*
 * 'lf_error()' - Report an error.
 */
void lf_error(lf_diags *d, lf_pos pos, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  lf_diag_vadd(d, LF_ERROR, pos, fmt, ap);
  va_end(ap);
}

/*
 * 'lf_warning()' - Report a warning.
 */
void lf_warning(lf_diags *d, lf_pos pos, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  lf_diag_vadd(d, LF_WARNING, pos, fmt, ap);
  va_end(ap);
}

/* 'severity_name()' - "error", "warning" or "note", as a line says it. */
static const char *severity_name(lf_severity s) {
  return s == LF_ERROR ? "error" : s == LF_WARNING ? "warning" : "note";
}

/*
 * 'lf_diag_format()' - "file:line:column: error: message", "file: error:
 * message" for a whole file, "leaflet: error: message" for no file.
 */
char *lf_diag_format(const lf_diag *g, char *buf, size_t size) {
  const char *sev = severity_name(g->severity);
  int n;
  if (!g->pos.file) /* about the run itself, as a compiler says "cc1: error:" */
    n = snprintf(buf, size, "leaflet: %s: %s", sev, g->message);
  else if (g->pos.line <= 0)
    n = snprintf(buf, size, "%s: %s: %s", g->pos.file, sev, g->message);
  else
    n = snprintf(buf, size, "%s:%d:%d: %s: %s", g->pos.file, g->pos.line,
                 g->pos.column > 0 ? g->pos.column : 1, sev, g->message);
  if (size > 0 && n >= 0 && (size_t)n >= size)
    drop_partial_character(buf);
  return buf;
}

/*
 * 'lf_diags_print()' - Print the stored diagnostics and what was left out.
 */
void lf_diags_print(const lf_diags *d, FILE *fp) {
  char buf[2048];
  for (size_t i = 0; i < d->count; i++)
    fprintf(fp, "%s\n", lf_diag_format(&d->items[i], buf, sizeof buf));
  size_t total = d->errors + d->warnings;
  if (total > d->count)
    fprintf(fp, "note: %zu more diagnostics not shown\n", total - d->count);
}

/*
 * 'lf_diags_print_json()' - The diagnostics as a JSON array, for tools.
 */
void lf_diags_print_json(const lf_diags *d, FILE *fp) {
  fputs("[", fp);
  for (size_t i = 0; i < d->count; i++) {
    const lf_diag *g = &d->items[i];
    fputs(i ? ",\n {\"file\": " : "\n {\"file\": ", fp);
    if (g->pos.file)
      lf_put_json_string(fp, g->pos.file);
    else
      fputs("null", fp);
    /* a diagnostic about a whole file (or none) has no line or column:
     * null, not a line 0 a tool would try to jump to */
    if (g->pos.line > 0)
      fprintf(fp, ", \"line\": %d", g->pos.line);
    else
      fputs(", \"line\": null", fp);
    if (g->pos.line > 0) /* as the text form: a line with no column is column 1 */
      fprintf(fp, ", \"column\": %d", g->pos.column > 0 ? g->pos.column : 1);
    else
      fputs(", \"column\": null", fp);
    fprintf(fp, ", \"severity\": \"%s\", \"message\": ", severity_name(g->severity));
    lf_put_json_string(fp, g->message);
    fputs("}", fp);
  }
  fputs("\n]\n", fp);
}

/*
 * 'lf_diags_append()' - Move the diagnostics of 'from' onto 'to'.
 */
void lf_diags_append(lf_diags *to, lf_diags *from) {
  /* each list's own (one document's, one file's): the same words from two
   * documents are two reports */
  for (size_t i = 0; i < from->count; i++) {
    lf_diag *g = &from->items[i];
    keep(to, g->severity, g->kind, g->pos, g->message);
  }
  to->errors += from->errors;
  to->warnings += from->warnings;
  lf_diags_free(from);
}

/* Damerau-Levenshtein (optimal string alignment), ASCII case-folded,
 * giving up early past 'cap'. */
static size_t edit_distance(const char *a, const char *b, size_t cap) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64)
    return cap + 1;
  if ((la > lb ? la - lb : lb - la) > cap)
    return cap + 1;
  size_t d[65][65];
  for (size_t i = 0; i <= la; i++)
    d[i][0] = i;
  for (size_t j = 0; j <= lb; j++)
    d[0][j] = j;
  for (size_t i = 1; i <= la; i++) {
    for (size_t j = 1; j <= lb; j++) {
      int ca = tolower((unsigned char)a[i - 1]);
      int cb = tolower((unsigned char)b[j - 1]);
      size_t cost = ca != cb;
      size_t v = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < v)
        v = d[i][j - 1] + 1;
      if (d[i - 1][j - 1] + cost < v)
        v = d[i - 1][j - 1] + cost;
      if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
          tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < v)
        v = d[i - 2][j - 2] + 1;
      d[i][j] = v;
    }
  }
  return d[la][lb];
}

/*
 * 'lf_nearest_name()' - The likeliest intended name, or NULL.
 */
const char *lf_nearest_name(const char *word, const char *const *candidates,
                            size_t count) {
  size_t len = strlen(word);
  size_t cap = len / 3 > 1 ? len / 3 : 1;
  const char *best = NULL;
  size_t best_d = cap + 1;
  for (size_t i = 0; i < count; i++) {
    if (!candidates[i])
      continue;
    size_t dist = edit_distance(word, candidates[i], cap);
    if (dist < best_d) {
      best_d = dist;
      best = candidates[i];
    }
  }
  return best;
}
