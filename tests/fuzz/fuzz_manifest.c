/*
 * fuzz_manifest.c -- arbitrary bytes as a batch manifest (manifest.json),
 * which a build reads back to know what is up to date and which people
 * may edit or truncate.
 *
 * Invariants checked besides memory safety: a manifest that does not parse
 * has reported an error; one that parses formats to JSON that parses again
 * to the same entries and formats to the same bytes.
 */
#include "harness.h"

#include "leaflet/arena.h"
#include "leaflet/jobs.h"

/*
 * 'LLVMFuzzerInitialize()' - Nothing to set up.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

/*
 * 'LLVMFuzzerTestOneInput()' - Parse; format, parse and format again.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  lf_arena *arena = lf_arena_new(64u << 20);
  if (!arena)
    return 0;
  lf_diags diags;
  lf_diags_init(&diags);
  lf_manifest m = {0};
  int rc = lf_manifest_parse(arena, "manifest.json", (const char *)data, size, &m, &diags);
  if (rc != 0 && diags.errors == 0)
    fz_die("a manifest failed to parse without an error", NULL);
  /* every message is UTF-8 (the reader refuses strings that are not) */
  fz_check_diags(&diags);
  if (rc == 0) {
    size_t len = 0, len2 = 0;
    char *text = lf_manifest_format(&m, &len);
    if (text) {
      lf_manifest again = {0};
      lf_diags second;
      lf_diags_init(&second);
      if (lf_manifest_parse(arena, "again.json", text, len, &again, &second) != 0) {
        lf_diags_print(&second, stderr);
        fz_die("a formatted manifest does not parse", NULL);
      }
      if (again.count != m.count)
        fz_die("a formatted manifest lost or gained entries", NULL);
      char *text2 = lf_manifest_format(&again, &len2);
      if (text2 && (len2 != len || memcmp(text, text2, len) != 0))
        fz_die("formatting a manifest twice gives different bytes", NULL);
      free(text2);
      lf_diags_free(&second);
      free(text);
    }
  }
  lf_diags_free(&diags);
  lf_arena_free(arena);
  return 0;
}
