/*
 * pdf.h -- the PDF backend: a display list to PDF bytes through libharu.
 * The only part of leaflet that includes hpdf.h.
 */
#ifndef LEAFLET_PDF_H
#define LEAFLET_PDF_H

#include <stddef.h>

#include "leaflet/diag.h"
#include "leaflet/display.h"

/*
 * 'lf_pdf_write()' - Write 'display' as a PDF 1.7 file at 'path', atomically:
 * the bytes go to a temporary file beside it which is renamed into place
 * only when complete, so a failure leaves no partial file and any earlier
 * file untouched.  Fonts are embedded and subset, with a valid ToUnicode
 * map; the Info dictionary, bookmarks and links come from the display list.
 * The output is a function of the display list alone (no clock, no random).
 * Returns 0, or -1 after reporting an error at 'path'.
 */
int lf_pdf_write(const lf_display *display, const char *path, lf_diags *diags);

/*
 * 'lf_pdf_render()' - As lf_pdf_write() into memory: '*data' receives a
 * malloc'd buffer of '*size' bytes that the caller frees.
 */
int lf_pdf_render(const lf_display *display, unsigned char **data,
                  size_t *size, lf_diags *diags);

#endif
