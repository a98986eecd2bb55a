/*
 * cff.h -- what the PDF backend reads from a font's CFF table (cff.c):
 * whether its glyphs are keyed by CID, the character collection it says
 * it uses (ROS), and the CID of each glyph (its charset).  A CID-keyed CFF
 * font is embedded as a CIDFontType0 whose codes are those CIDs; a subset
 * made by hb-subset keeps them.
 *
 * Every read is checked against the table: a damaged table is refused,
 * never read outside.
 */
#ifndef LEAFLET_PDF_CFF_H
#define LEAFLET_PDF_CFF_H

#include <stddef.h>

/* A CFF table, read. */
typedef struct lf_pdf_cff {
  const unsigned char *data;   /* the table (not copied) */
  size_t size;
  unsigned glyph_count;        /* entries of its CharStrings INDEX */
  int cid_keyed;               /* its Top DICT has ROS */
  size_t charset;              /* offset of its charset; 0: a predefined one */
  char registry[64], ordering[64];
  long supplement;
} lf_pdf_cff;

/*
 * 'lf_pdf_cff_read()' - Read the header, Top DICT, strings and charset
 * offset of the CFF table 'data' ('size' bytes).  Returns 0, or -1 when it
 * is not a whole CFF (version 1) table with one font.
 */
int lf_pdf_cff_read(const unsigned char *data, size_t size, lf_pdf_cff *cff);

/*
 * 'lf_pdf_cff_cid()' - The CID of glyph 'glyph' of a CID-keyed font (0
 * for glyph 0), from its charset; for a font keyed by name, 'glyph'
 * itself.  -1 when the glyph is out of range or the charset does not
 * reach it.
 */
long lf_pdf_cff_cid(const lf_pdf_cff *cff, unsigned glyph);

#endif
