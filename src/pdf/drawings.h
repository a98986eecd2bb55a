/*
 * drawings.h -- a drawing (drawing.h) as a form XObject: its shapes as
 * path operators in the drawing's own units, its /BBox the viewBox moved
 * to the origin, so that a page shows it as it shows a picture, scaled
 * ("w/vw 0 0 h/vh x y cm /Im1 Do", content.c), and it stays vector at
 * every size.
 */
#ifndef LEAFLET_PDF_DRAWINGS_H
#define LEAFLET_PDF_DRAWINGS_H

#include "leaflet/buffer.h"
#include "leaflet/drawing.h"
#include "objects.h"

/*
 * 'lf_pdf_drawing_ops()' - Append the drawing's content (operators that
 * paint every shape, in the viewBox's units turned the right way up for
 * PDF) to 'out'.  Pure: the same drawing, the same bytes.
 */
void lf_pdf_drawing_ops(const lf_drawing *drawing, lf_buf *out);

/*
 * 'lf_pdf_drawing_form()' - The form XObject of 'drawing' in 'doc' (its
 * content compressed once per run through the document's cache).  NULL
 * after recording a failure.
 */
lf_pdf_obj *lf_pdf_drawing_form(lf_pdf_doc *doc, const lf_drawing *drawing);

#endif
