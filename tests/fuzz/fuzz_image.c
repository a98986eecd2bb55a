/*
 * fuzz_image.c -- arbitrary bytes as a picture file (content/images/):
 * checked by the picture reader (lf_image_parse), then, when it passes,
 * decoded and placed on a page by the PDF backend (libpng or libjpeg
 * behind src/pdf/images.c), in memory.
 *
 * A PNG's chunk checksums are put right before the bytes are read, so
 * that a mutation reaches the chunks' contents and the decoder instead of
 * stopping at the first CRC (a wrong CRC is tested by test_imagefile and
 * the hostile case image-png-bad-checksum).
 *
 * Invariants checked besides memory safety: a refused file says why; a
 * file that passes has a size within LF_IMAGE_MAX_SIDE and
 * LF_IMAGE_MAX_PIXELS, one or three channels as printed, and a palette
 * inside its bytes; a picture that then fails to decode fails the PDF with
 * an error, well formed (harness.h), and one that decodes gives a PDF.
 */
#include "harness.h"

#include "leaflet/display.h"
#include "leaflet/imagefile.h"
#include "leaflet/pdf.h"

/*
 * 'LLVMFuzzerInitialize()' - Nothing to set up.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

/*
 * 'crc32_png()' - The CRC of 'n' bytes as PNG computes it (ISO 3309),
 * bit by bit: the harness needs no table and no speed.
 */
static uint32_t crc32_png(const uint8_t *p, size_t n) {
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++)
      c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return c ^ 0xFFFFFFFFu;
}

/*
 * 'fix_png_checksums()' - Put right the CRC of every whole chunk of a PNG
 * in 'p' (its signature first); stops at the first chunk that runs past
 * the end.
 */
static void fix_png_checksums(uint8_t *p, size_t n) {
  static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (n < 8 || memcmp(p, signature, 8) != 0)
    return;
  size_t at = 8;
  while (n - at >= 12) {
    uint32_t len = (uint32_t)p[at] << 24 | (uint32_t)p[at + 1] << 16 |
                   (uint32_t)p[at + 2] << 8 | p[at + 3];
    if (len > n - at - 12)
      return;
    uint32_t crc = crc32_png(p + at + 4, (size_t)len + 4);
    uint8_t *out = p + at + 8 + len;
    out[0] = (uint8_t)(crc >> 24);
    out[1] = (uint8_t)(crc >> 16);
    out[2] = (uint8_t)(crc >> 8);
    out[3] = (uint8_t)crc;
    at += (size_t)len + 12;
  }
}

/*
 * 'render()' - The picture as a figure on an A4 page, through the PDF
 * backend.
 */
static void render(const lf_image *image) {
  lf_element elements[2] = {
      {.type = LF_EL_DOCUMENT, .parent = -1},
      {.type = LF_EL_FIGURE, .parent = 0, .alt = "A picture",
       .has_bbox = 1, .bbox = {72, 400, 300, 200}}};
  lf_item item = {.kind = LF_ITEM_IMAGE, .element = 1, .x = 72, .y = 400,
                  .w = 300, .h = 200, .image = image};
  lf_page page = {.items = &item, .count = 1, .cap = 1};
  lf_display d = {.page_width = 595, .page_height = 842, .pages = &page,
                  .page_count = 1, .page_cap = 1, .fonts = NULL,
                  .elements = elements, .element_count = 2,
                  .meta = {.title = "Picture", .language = "en-GB",
                           .creation_date = "2026-01-01", .identifier = "picture"}};
  lf_diags diags;
  lf_diags_init(&diags);
  unsigned char *pdf = NULL;
  size_t size = 0;
  int rc = lf_pdf_render(&d, &pdf, &size, &diags);
  if (rc != 0 && diags.errors == 0)
    fz_die("the picture failed the PDF without an error", NULL);
  if (rc == 0 && (!pdf || size < 8 || memcmp(pdf, "%PDF-", 5) != 0))
    fz_die("the picture's PDF is not a PDF", NULL);
  fz_check_diags(&diags);
  lf_diags_free(&diags);
  free(pdf);
}

/*
 * 'LLVMFuzzerTestOneInput()' - Check the bytes as a picture; place it if
 * they pass.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t *bytes = malloc(size ? size : 1);
  if (!bytes)
    return 0;
  if (size)
    memcpy(bytes, data, size);
  fix_png_checksums(bytes, size);
  lf_image image = {.name = "picture.png", .pos = {.file = "leaflet.yaml", .line = 3, .column = 5}};
  char why[256] = "";
  if (lf_image_parse(bytes, size, &image, why, sizeof why) != 0) {
    if (!why[0])
      fz_die("a refused picture without a reason", NULL);
    free(bytes);
    return 0;
  }
  if (image.width < 1 || image.height < 1 || image.width > LF_IMAGE_MAX_SIDE ||
      image.height > LF_IMAGE_MAX_SIDE ||
      (unsigned long long)image.width * image.height > LF_IMAGE_MAX_PIXELS)
    fz_die("a picture passed with a size beyond the limits", NULL);
  if (image.channels != 1 && image.channels != 3)
    fz_die("a picture passed with channels other than grey or RGB", NULL);
  if (image.palette_size &&
      (image.palette_size > 256 || image.palette_at > size ||
       (size_t)image.palette_size * 3 > size - image.palette_at))
    fz_die("a picture's palette lies outside its bytes", NULL);
  render(&image);
  free(bytes);
  return 0;
}
