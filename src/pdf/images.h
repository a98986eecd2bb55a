/*
 * images.h -- pictures as image XObjects (images.c): each picture of a
 * document (or of a spool, across its parts) made once, under a resource
 * name the pages show it by, and named in the pages' /Resources.
 *
 * A PNG is decoded (libpng) to 8-bit grey or RGB samples, transparency
 * put on white, and Flate-compressed with PNG predictors; a JPEG is
 * decoded whole (libjpeg) to prove it sound, then passed through as it
 * is (DCTDecode).  A drawing (SVG) is a form XObject of path operators
 * instead (drawings.c), under the same kind of name.  Either way the
 * costly work is done once per run: what was made or compressed is kept
 * in the document's cache (cache.c) under its bytes.
 * A picture that fails to decode fails the document with an error at the
 * place in the content that names it.
 */
#ifndef LEAFLET_PDF_IMAGES_H
#define LEAFLET_PDF_IMAGES_H

#include "leaflet/imagefile.h"
#include "objects.h"

typedef struct lf_pdf_images lf_pdf_images;

/* 'lf_pdf_images_new()' - No pictures yet; NULL when out of memory. */
lf_pdf_images *lf_pdf_images_new(void);

/* 'lf_pdf_images_free()' - Free the state (NULL is allowed; the objects
 * are the documents'). */
void lf_pdf_images_free(lf_pdf_images *images);

/*
 * 'lf_pdf_images_use()' - The resource name ("Im1") of the XObject that
 * shows 'image', made in 'doc' the first time the picture (by its bytes)
 * is used.  NULL after recording a failure (at the picture's place when
 * it will not decode).
 */
const char *lf_pdf_images_use(lf_pdf_images *images, lf_pdf_doc *doc, const lf_image *image);

/*
 * 'lf_pdf_images_saved()' - After the document the newest XObjects were
 * made in is saved: keep their numbers, for a later document of the same
 * file (a spool's next part, or its close) to refer to them.
 */
void lf_pdf_images_saved(lf_pdf_images *images);

/*
 * 'lf_pdf_images_resources()' - Put /XObject, naming every picture used so
 * far, into 'resources' (made in 'doc'): those made in 'doc' itself, and
 * those written by earlier saves by their numbers.  Nothing when none was
 * used.  Returns 0, or -1 (recorded).
 */
int lf_pdf_images_resources(lf_pdf_images *images, lf_pdf_doc *doc, lf_pdf_obj *resources);

#endif
