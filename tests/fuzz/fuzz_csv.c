/*
 * fuzz_csv.c -- arbitrary bytes through the mailing CSV reader
 * (lf_csv_parse), which reads files exported by other systems.
 *
 * Invariants checked besides memory safety: records come in the order of
 * their lines; a record without an error holds fields of valid UTF-8 with
 * no control character but tab and line breaks; and such records survive a
 * round trip: written back as CSV (every field quoted) and read again, they
 * give the same fields.
 */
#include "harness.h"

#include "leaflet/arena.h"
#include "leaflet/jobs.h"
#include "leaflet/utf8.h"

/*
 * 'LLVMFuzzerInitialize()' - Nothing to set up.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

/*
 * 'check_field()' - Valid UTF-8, no control character but tab, CR, LF.
 */
static void check_field(const char *field) {
  const char *s = field, *end = field + strlen(field);
  while (s < end) {
    int32_t cp = lf_utf8_next(&s, end);
    if (cp < 0)
      fz_die("a good record with a field that is not UTF-8", NULL);
    if ((cp < 0x20 && cp != '\t' && cp != '\r' && cp != '\n') || cp == 0x7F)
      fz_die("a good record with a control character", NULL);
  }
}

/*
 * 'append()' - Add bytes to a growing buffer.
 */
static void append(char **buf, size_t *len, size_t *cap, const char *s, size_t n) {
  if (*len + n + 1 > *cap) {
    size_t want = (*len + n + 1) * 2;
    char *grown = realloc(*buf, want);
    if (!grown)
      fz_die("out of memory in the harness", NULL);
    *buf = grown;
    *cap = want;
  }
  memcpy(*buf + *len, s, n);
  *len += n;
}

/*
 * 'round_trip()' - The good records, written back and read again.
 */
static void round_trip(const lf_csv *csv) {
  char *text = NULL;
  size_t len = 0, cap = 0, good = 0;
  for (size_t i = 0; i < csv->count; i++) {
    const lf_csv_record *r = &csv->records[i];
    if (r->error)
      continue;
    good++;
    for (size_t k = 0; k < r->count; k++) {
      if (k)
        append(&text, &len, &cap, ",", 1);
      append(&text, &len, &cap, "\"", 1);
      for (const char *s = r->fields[k]; *s; s++) {
        if (*s == '"')
          append(&text, &len, &cap, "\"\"", 2);
        else
          append(&text, &len, &cap, s, 1);
      }
      append(&text, &len, &cap, "\"", 1);
    }
    append(&text, &len, &cap, "\r\n", 2);
  }
  lf_arena *arena = lf_arena_new(64u << 20);
  lf_csv again = {0};
  if (!arena || lf_csv_parse(arena, text ? text : "", len, &again) != 0) {
    lf_arena_free(arena);
    free(text);
    return; /* out of memory: nothing to compare */
  }
  size_t j = 0;
  for (size_t i = 0; i < csv->count; i++) {
    const lf_csv_record *r = &csv->records[i];
    if (r->error)
      continue;
    if (j >= again.count)
      fz_die("a good record lost in the round trip", NULL);
    const lf_csv_record *b = &again.records[j++];
    if (b->error)
      fz_die("a good record, written back, read as malformed", b->error);
    if (b->count != r->count)
      fz_die("a good record changed its number of fields in the round trip", NULL);
    for (size_t k = 0; k < r->count; k++)
      if (strcmp(b->fields[k], r->fields[k]) != 0)
        fz_die("a field changed in the round trip", NULL);
  }
  if (j != again.count || good != again.count)
    fz_die("the round trip made records", NULL);
  lf_arena_free(arena);
  free(text);
}

/*
 * 'LLVMFuzzerTestOneInput()' - Parse, check, round-trip.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  lf_arena *arena = lf_arena_new(64u << 20);
  if (!arena)
    return 0;
  lf_csv csv = {0};
  if (lf_csv_parse(arena, (const char *)data, size, &csv) == 0) {
    size_t line = 0;
    for (size_t i = 0; i < csv.count; i++) {
      const lf_csv_record *r = &csv.records[i];
      if (r->line < 1 || r->line <= line)
        fz_die("records out of line order", NULL);
      line = r->line;
      if (r->error && !r->error[0])
        fz_die("an empty error message", NULL);
      if (!r->error)
        for (size_t k = 0; k < r->count; k++)
          check_field(r->fields[k]);
    }
    round_trip(&csv);
  }
  lf_arena_free(arena);
  return 0;
}
