/*
 * hbsubset.c -- font subsets through hb-subset (see hbsubset.h).
 *
 * The subset is planned on the HarfBuzz face the font was loaded with
 * (fonts.h: one per font, shared by the threads of a run, which HarfBuzz
 * allows), by glyph id alone: no character set, and every table a PDF
 * viewer does not draw with dropped, layout tables first, so that no glyph
 * comes in through a substitution or a variant the document never shows.
 */
#include "hbsubset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <harfbuzz/hb-subset.h>
#include <harfbuzz/hb.h>

/* Tables a PDF's font program does without. */
static const char *const dropped[] = {
    "GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "VORG", "vhea", "vmtx",
    "DSIG", "STAT", "kern", "morx", "kerx", "gasp", "hdmx", "LTSH", "VDMX",
    "FFTM", "meta", "cvt ", "fpgm", "prep", "COLR", "CPAL", "SVG ", "sbix",
    "CBDT", "CBLC", "EBDT", "EBLC", "EBSC", "feat", "trak", "fvar", "avar",
    "gvar", "HVAR", "MVAR", "VVAR", "cvar"};

/*
 * 'lf_pdf_hb_subset()' - Plan the subset of the glyphs, execute it, and
 * take its bytes: the whole font, or its CFF table.
 */
int lf_pdf_hb_subset(const lf_font *font, const uint32_t *glyphs, size_t count,
                     unsigned options, uint16_t *new_ids, lf_font_subset *subset,
                     char *why, size_t why_size) {
  memset(subset, 0, sizeof *subset);
  hb_face_t *face = hb_font_get_face(lf_font_hb(font));
  hb_subset_input_t *input = hb_subset_input_create_or_fail();
  hb_subset_plan_t *plan = NULL;
  hb_face_t *made = NULL;
  hb_blob_t *blob = NULL;
  int rc = -1;
  if (!input) {
    snprintf(why, why_size, "out of memory");
    return -1;
  }
  hb_set_t *keep = hb_subset_input_glyph_set(input);
  hb_set_add(keep, 0);
  for (size_t i = 0; i < count; i++)
    hb_set_add(keep, glyphs[i]);
  hb_set_t *drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (size_t i = 0; i < sizeof dropped / sizeof *dropped; i++)
    hb_set_add(drop, hb_tag_from_string(dropped[i], 4));
  hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING |
                                       ((options & LF_HB_SUBSET_RETAIN_GIDS)
                                            ? HB_SUBSET_FLAGS_RETAIN_GIDS
                                            : 0));
  if (!(plan = hb_subset_plan_create_or_fail(face, input)) ||
      !(made = hb_subset_plan_execute_or_fail(plan))) {
    snprintf(why, why_size, "HarfBuzz could not subset it (a damaged font, or out "
                            "of memory)");
    goto done;
  }
  const hb_map_t *old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
  for (size_t i = 0; i < count; i++) {
    hb_codepoint_t id = hb_map_get(old_to_new, glyphs[i]);
    if (id == HB_MAP_VALUE_INVALID || id > 0xFFFF) {
      snprintf(why, why_size, "HarfBuzz's subset lost glyph %u", (unsigned)glyphs[i]);
      goto done;
    }
    new_ids[i] = (uint16_t)id;
  }
  blob = (options & LF_HB_SUBSET_CFF)
             ? hb_face_reference_table(made, HB_TAG('C', 'F', 'F', ' '))
             : hb_face_reference_blob(made);
  unsigned length = 0;
  const char *data = hb_blob_get_data(blob, &length);
  if (!length) {
    snprintf(why, why_size, "HarfBuzz's subset has no %s",
             (options & LF_HB_SUBSET_CFF) ? "'CFF ' table" : "bytes");
    goto done;
  }
  if (!(subset->data = malloc(length))) {
    snprintf(why, why_size, "out of memory");
    goto done;
  }
  memcpy(subset->data, data, length);
  subset->size = length;
  subset->glyph_count = hb_face_get_glyph_count(made);
  rc = 0;
done:
  hb_blob_destroy(blob);
  hb_face_destroy(made);
  hb_subset_plan_destroy(plan);
  hb_subset_input_destroy(input);
  return rc;
}
