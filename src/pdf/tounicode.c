/*
 * tounicode.c -- the ToUnicode CMap of a font: with Identity-H and codes
 * that are Unicode values, each code maps to itself.  For each high byte
 * that codes were shown in, one bfrange from the lowest code shown to the
 * highest (a bfrange may only vary the last byte), or a bfchar when only
 * one code was shown, in blocks of at most 100.  A range also maps the
 * unshown codes between its ends -- to themselves, which is what they
 * would mean -- and stays clear of the UTF-16 surrogates.  Those are the
 * codes of characters beyond U+FFFF (codes.h): each one shown is a bfchar
 * to its character's surrogate pair, <D800> <D835DD38> say.
 */
#include <stdio.h>

#include "tounicode.h"

/* Entries per bfchar/bfrange block (the CMap format's limit). */
enum { CMAP_BLOCK = 100 };

/*
 * 'is_used()' - Whether code 'c' was shown and maps to itself (the UTF-16
 * surrogates are no characters: as codes they stand for characters beyond
 * U+FFFF and are mapped one by one, by astral_entry()).
 */
static int is_used(const unsigned char used[65536 / 8], unsigned c) {
  if (c >= 0xD800 && c <= 0xDFFF)
    return 0;
  return (used[c >> 3] >> (c & 7)) & 1;
}

/*
 * 'run_end()' - The last code the range starting at used code 'c' covers:
 * the highest used code with the same high byte, stopping before a
 * surrogate.
 */
static unsigned run_end(const unsigned char used[65536 / 8], unsigned c) {
  unsigned end = c;
  for (unsigned next = c + 1; (next & 0xFF) != 0 && next <= 0xFFFF; next++) {
    if (next >= 0xD800 && next <= 0xDFFF)
      break;
    if (is_used(used, next))
      end = next;
  }
  return end;
}

/*
 * 'write_block()' - One bfchar or bfrange block of 'count' entries.
 */
static void write_block(lf_buf *out, const char *kind,
                        const lf_buf *entries, unsigned count) {
  if (!count)
    return;
  lf_buf_printf(out, "%u begin%s\n", count, kind);
  lf_buf_put(out, entries->data, entries->length);
  lf_buf_printf(out, "end%s\n", kind);
}

/*
 * 'astral_entry()' - The bfchar entry of a surrogate code shown, mapping it
 * to its character in UTF-16; its length, or 0 for any other code.
 */
static int astral_entry(const unsigned char used[65536 / 8],
                        const lf_pdf_astral *astral, unsigned c, char *entry,
                        size_t size) {
  if (c < 0xD800 || c > 0xDFFF || !((used[c >> 3] >> (c & 7)) & 1))
    return 0;
  uint32_t cp = lf_pdf_char(astral, c);
  if (cp <= 0xFFFF)
    return 0; /* given no character: cannot happen */
  uint32_t v = cp - 0x10000;
  return snprintf(entry, size, "<%04X> <%04X%04X>\n", c,
                  (unsigned)(0xD800 + (v >> 10)), (unsigned)(0xDC00 + (v & 0x3FF)));
}

/*
 * 'write_mappings()' - The used codes as bfchar entries (a code alone in
 * its high byte, or a character beyond U+FFFF) or bfrange entries,
 * 'ranges' choosing which.
 */
static void write_mappings(lf_buf *out,
                           const unsigned char used[65536 / 8],
                           const lf_pdf_astral *astral, int ranges) {
  char entry[32];
  lf_buf entries = {NULL, 0, 0, 0};
  unsigned count = 0;

  for (unsigned c = 0; c <= 0xFFFF; c++) {
    if (!used[c >> 3]) {
      c |= 7; /* none of the codes left in this byte was used */
      continue;
    }
    int n = 0;
    if (!is_used(used, c)) {
      if (!ranges)
        n = astral_entry(used, astral, c, entry, sizeof entry);
    } else {
      unsigned end = run_end(used, c);
      if (ranges && end > c)
        n = snprintf(entry, sizeof entry, "<%04X> <%04X> <%04X>\n", c, end, c);
      else if (!ranges && end == c)
        n = snprintf(entry, sizeof entry, "<%04X> <%04X>\n", c, c);
      c = end;
    }
    if (n <= 0)
      continue;
    lf_buf_put(&entries, entry, (size_t)n);
    if (++count == CMAP_BLOCK) {
      write_block(out, ranges ? "bfrange" : "bfchar", &entries, count);
      entries.length = 0;
      count = 0;
    }
  }
  write_block(out, ranges ? "bfrange" : "bfchar", &entries, count);
  if (entries.failed)
    out->failed = 1;
  lf_buf_free(&entries);
}

/*
 * 'lf_pdf_to_unicode()' - The whole CMap program.
 */
void lf_pdf_to_unicode(lf_buf *out, const unsigned char used[65536 / 8],
                       const lf_pdf_astral *astral) {
  lf_buf_str(out,
                 "/CIDInit /ProcSet findresource begin\n"
                 "12 dict begin\n"
                 "begincmap\n"
                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
                 "/Supplement 0 >> def\n"
                 "/CMapName /Adobe-Identity-UCS def\n"
                 "/CMapType 2 def\n"
                 "1 begincodespacerange\n"
                 "<0000> <FFFF>\n"
                 "endcodespacerange\n");
  write_mappings(out, used, astral, 0);
  write_mappings(out, used, astral, 1);
  lf_buf_str(out, "endcmap\n"
                      "CMapName currentdict /CMap defineresource pop\n"
                      "end\n"
                      "end\n");
}
