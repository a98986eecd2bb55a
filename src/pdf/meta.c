/*
 * meta.c -- what a PDF says about itself: the Info dictionary, the
 * catalog's /Lang, /ViewerPreferences and page mode, the XMP metadata
 * stream, bookmarks, and a deterministic /ID.
 */
#include "meta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet/hash.h"

/* A date from the content, "YYYY-MM-DD". */
typedef struct content_date {
  int year, month, day;
} content_date;

/*
 * 'parse_date()' - Read "YYYY-MM-DD"; returns 0, or -1 when 'text' is not
 * of that form (the object layer checks the day against the month).
 */
static int parse_date(const char *text, content_date *date) {
  static const char form[] = "dddd-dd-dd";
  for (size_t i = 0; i < sizeof form - 1; i++) {
    if (form[i] == 'd' ? (text[i] < '0' || text[i] > '9') : text[i] != '-')
      return -1;
  }
  if (text[sizeof form - 1] != '\0')
    return -1;
  date->year = atoi(text);
  date->month = atoi(text + 5);
  date->day = atoi(text + 8);
  return 0;
}

/*
 * 'set_info_text()' - One text entry of the Info dictionary, skipped when
 * there is no value for it.
 */
static void set_info_text(lf_pdf_doc *doc, const char *key, const char *value) {
  if (value && value[0])
    lf_pdf_info_text(doc, key, value);
}

/*
 * 'lf_pdf_write_info()' - Title, Author, Subject, Keywords, Creator, a
 * leaflet's DocumentVersion, LastReviewed and NextReview, and the two dates, at midnight of the content's date in UTC.  /Producer is the
 * object layer's own.
 */
int lf_pdf_write_info(lf_pdf_doc *doc, const lf_metadata *m) {
  lf_pdf_info_text(doc, "Creator", "leaflet");
  set_info_text(doc, "Title", m->title);
  set_info_text(doc, "Author", m->author);
  set_info_text(doc, "Subject", m->subject);
  set_info_text(doc, "Keywords", m->keywords);
  /* the leaflet's review, as entries of its own (ISO 32000-1, 14.3.3) */
  set_info_text(doc, "DocumentVersion", m->version);
  set_info_text(doc, "LastReviewed", m->last_reviewed);
  set_info_text(doc, "NextReview", m->next_review);
  if (m->creation_date && m->creation_date[0]) {
    content_date cd;
    if (parse_date(m->creation_date, &cd))
      return lf_pdf_fail(doc, "creation date '%s' is not YYYY-MM-DD",
                         m->creation_date);
    lf_pdf_info_dates(doc, cd.year, cd.month, cd.day);
  }
  if (lf_pdf_failed(doc))
    return lf_pdf_fail(doc, "writing the Info dictionary");
  return 0;
}

/*
 * 'put_xml_text()' - Write UTF-8 text as XML character data: markup
 * characters escaped, control characters (not allowed in XML 1.0) dropped.
 */
static void put_xml_text(FILE *out, const char *text) {
  for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
    switch (*p) {
    case '&': fputs("&amp;", out); break;
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    case '"': fputs("&quot;", out); break;
    default:
      if (*p >= 0x20 || *p == '\t' || *p == '\n')
        fputc(*p, out);
    }
  }
}

/*
 * 'put_xmp_alt()' - An rdf:Alt property with one x-default entry.
 */
static void put_xmp_alt(FILE *out, const char *property, const char *text) {
  if (!text || !text[0])
    return;
  fprintf(out, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", property);
  put_xml_text(out, text);
  fprintf(out, "</rdf:li></rdf:Alt></%s>\n", property);
}

/*
 * 'put_xmp_simple()' - A simple-valued XMP property.
 */
static void put_xmp_simple(FILE *out, const char *property, const char *text) {
  if (!text || !text[0])
    return;
  fprintf(out, "   <%s>", property);
  put_xml_text(out, text);
  fprintf(out, "</%s>\n", property);
}

/*
 * 'make_xmp()' - The XMP packet agreeing with the Info dictionary, with a
 * leaflet's version and review dates in a second description, and
 * claiming PDF/UA-1; a malloc'd string, or NULL when out of memory.
 */
static char *make_xmp(lf_pdf_doc *doc, const lf_metadata *d, size_t *size) {
  char *text = NULL;
  FILE *out = open_memstream(&text, size);
  if (!out)
    return NULL;

  fputs("<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
        " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
        "  <rdf:Description rdf:about=\"\"\n"
        "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
        "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
        "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
        "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
        "   <dc:format>application/pdf</dc:format>\n",
        out);
  put_xmp_alt(out, "dc:title", d->title);
  if (d->author && d->author[0]) {
    fputs("   <dc:creator><rdf:Seq><rdf:li>", out);
    put_xml_text(out, d->author);
    fputs("</rdf:li></rdf:Seq></dc:creator>\n", out);
  }
  put_xmp_alt(out, "dc:description", d->subject);
  if (d->language && d->language[0]) {
    fputs("   <dc:language><rdf:Bag><rdf:li>", out);
    put_xml_text(out, d->language);
    fputs("</rdf:li></rdf:Bag></dc:language>\n", out);
  }
  put_xmp_simple(out, "pdf:Keywords", d->keywords);
  put_xmp_simple(out, "pdf:Producer", lf_pdf_producer(doc));
  put_xmp_simple(out, "xmp:CreatorTool", "leaflet");
  content_date cd;
  if (d->creation_date && !parse_date(d->creation_date, &cd)) {
    char stamp[40];
    snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT00:00:00+00:00", cd.year,
             cd.month, cd.day);
    put_xmp_simple(out, "xmp:CreateDate", stamp);
    put_xmp_simple(out, "xmp:ModifyDate", stamp);
  }
  fputs("   <pdfuaid:part>1</pdfuaid:part>\n"
        "  </rdf:Description>\n", out);
  if (d->version || d->last_reviewed || d->next_review) {
    /* a leaflet's review: its version as XMP Media Management's, its
     * review dates in a namespace of leaflet's own */
    fputs("  <rdf:Description rdf:about=\"\"\n"
          "    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n"
          "    xmlns:review=\"https://leaflet.invalid/ns/review/1.0/\">\n", out);
    put_xmp_simple(out, "xmpMM:VersionID", d->version);
    put_xmp_simple(out, "review:lastReviewed", d->last_reviewed);
    put_xmp_simple(out, "review:nextReview", d->next_review);
    fputs("  </rdf:Description>\n", out);
  }
  fputs(" </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        "<?xpacket end=\"w\"?>\n",
        out);
  if (fclose(out) != 0) {
    free(text);
    return NULL;
  }
  return text;
}

/*
 * 'write_xmp()' - Attach the XMP packet to the catalog as /Metadata, an
 * uncompressed stream so that tools can find it without a PDF parser.
 */
static int write_xmp(lf_pdf_doc *doc, const lf_metadata *m) {
  size_t size = 0;
  char *xmp = make_xmp(doc, m, &size);
  if (!xmp)
    return lf_pdf_fail(doc, "out of memory");
  lf_pdf_obj *stream = lf_pdf_stream(doc, xmp, size, 0);
  if (stream) {
    lf_pdf_dict_name(stream, "Type", "Metadata");
    lf_pdf_dict_name(stream, "Subtype", "XML");
    lf_pdf_dict_put(lf_pdf_catalog(doc), "Metadata", stream);
  }
  free(xmp);
  if (!stream || lf_pdf_failed(doc))
    return lf_pdf_fail(doc, "writing the XMP metadata");
  return 0;
}

/*
 * 'lf_pdf_write_catalog()' - /Lang, /ViewerPreferences << /DisplayDocTitle
 * true >> (and /Duplex where the metadata names one: a booklet is printed
 * flipping on the short edge), /PageMode /UseOutlines when there are
 * bookmarks, and /Metadata.
 */
int lf_pdf_write_catalog(lf_pdf_doc *doc, const lf_metadata *m,
                         int has_outline) {
  lf_pdf_obj *catalog = lf_pdf_catalog(doc);

  if (m->language && m->language[0])
    lf_pdf_dict_put(catalog, "Lang", lf_pdf_string(doc, m->language));
  lf_pdf_obj *prefs = lf_pdf_dict(doc);
  if (prefs && lf_pdf_dict_put(catalog, "ViewerPreferences", prefs) == 0) {
    lf_pdf_dict_bool(prefs, "DisplayDocTitle", 1);
    if (m->duplex)
      lf_pdf_dict_name(prefs, "Duplex", m->duplex);
  }
  if (has_outline)
    lf_pdf_open_outline(doc);
  if (!prefs || lf_pdf_failed(doc))
    return lf_pdf_fail(doc, "writing the catalog");
  return write_xmp(doc, m);
}

/*
 * 'put_dest()' - /Dest [page /XYZ 0 top 1] in 'item', written in it
 * rather than as an object of its own.
 */
static int put_dest(lf_pdf_doc *doc, lf_pdf_obj *item, lf_pdf_obj *page, double top) {
  lf_pdf_obj *dest = lf_pdf_array(doc);
  if (!dest || lf_pdf_dict_put(item, "Dest", dest))
    return -1;
  lf_pdf_array_put(dest, page);
  lf_pdf_array_name(dest, "XYZ");
  lf_pdf_array_int(dest, 0);
  lf_pdf_array_real(dest, top);
  lf_pdf_array_int(dest, 1);
  return 0;
}

/*
 * 'lf_pdf_write_outline()' - One bookmark per outline entry, each a child
 * of the nearest earlier entry of a lower level, opening its page at the
 * entry's height at 100 % zoom.
 */
int lf_pdf_write_outline(lf_pdf_doc *doc, const lf_outline_entry *outline,
                         size_t count, lf_pdf_obj *const *pages,
                         double page_height) {
  size_t depth = 0;

  if (!count)
    return 0;
  lf_pdf_obj **parents = calloc(count, sizeof *parents);
  int *levels = calloc(count, sizeof *levels);
  if (!parents || !levels) {
    free(parents);
    free(levels);
    return lf_pdf_fail(doc, "out of memory");
  }
  for (size_t i = 0; i < count && !lf_pdf_failed(doc); i++) {
    const lf_outline_entry *entry = &outline[i];
    while (depth && levels[depth - 1] >= entry->level)
      depth--;
    lf_pdf_obj *item = lf_pdf_add_bookmark(doc, depth ? parents[depth - 1] : NULL);
    if (item)
      lf_pdf_dict_put(item, "Title", lf_pdf_text(doc, entry->title));
    double top = entry->y < 0 ? 0
                 : entry->y > page_height ? page_height
                                          : entry->y;
    if (!item || put_dest(doc, item, pages[entry->page], top))
      break;
    parents[depth] = item;
    levels[depth] = entry->level;
    depth++;
  }
  free(parents);
  free(levels);
  if (lf_pdf_failed(doc))
    return lf_pdf_fail(doc, "writing the bookmarks");
  return 0;
}

/*
 * 'lf_pdf_write_bookmark()' - /Title, /Parent, /Prev, /Next and /Dest, the
 * objects it names referred to by number.
 */
int lf_pdf_write_bookmark(lf_pdf_doc *doc, const lf_pdf_bookmark *b) {
  lf_pdf_obj *item = lf_pdf_indirect_dict(doc);
  if (!item || lf_pdf_pin(doc, item, b->number) ||
      lf_pdf_dict_put(item, "Title", lf_pdf_text(doc, b->title)) ||
      (b->parent && lf_pdf_dict_put(item, "Parent", lf_pdf_ref(doc, b->parent))) ||
      (b->prev && lf_pdf_dict_put(item, "Prev", lf_pdf_ref(doc, b->prev))) ||
      (b->next && lf_pdf_dict_put(item, "Next", lf_pdf_ref(doc, b->next))) ||
      put_dest(doc, item, lf_pdf_ref(doc, b->page), b->top) || lf_pdf_failed(doc))
    return lf_pdf_fail(doc, "writing the bookmarks");
  return 0;
}

/*
 * 'lf_pdf_write_outline_root()' - /Type /Outlines, /First, /Last and
 * /Count (every bookmark is at the top level and shown).
 */
int lf_pdf_write_outline_root(lf_pdf_doc *doc, uint32_t number, uint32_t first,
                              uint32_t last, size_t count) {
  lf_pdf_obj *root = lf_pdf_indirect_dict(doc);
  if (!root || lf_pdf_pin(doc, root, number) ||
      lf_pdf_dict_name(root, "Type", "Outlines") ||
      lf_pdf_dict_put(root, "First", lf_pdf_ref(doc, first)) ||
      lf_pdf_dict_put(root, "Last", lf_pdf_ref(doc, last)) ||
      lf_pdf_dict_int(root, "Count", (long)count) ||
      lf_pdf_dict_put(lf_pdf_catalog(doc), "Outlines", root))
    return lf_pdf_fail(doc, "writing the bookmarks");
  return 0;
}

/*
 * 'mix64()' - Spread every bit of 'x' over the whole word (the finalizer
 * of MurmurHash3).
 */
static uint64_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xFF51AFD7ED558CCDu;
  x ^= x >> 33;
  x *= 0xC4CEB9FE1A85EC53u;
  x ^= x >> 33;
  return x;
}

/*
 * 'load64()' - Eight bytes as a little-endian word, whatever the machine.
 */
static uint64_t load64(const unsigned char *p) {
  return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
         (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
         (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

/*
 * 'hash_feed()' - Add bytes to the hash: each eight-byte word (the last
 * one padded with zeros) goes into both lanes, FNV-1a style on words
 * rather than bytes (hash.h) in one, a golden-ratio multiply in the other,
 * then the length.
 */
static void hash_feed(lf_pdf_id_hash *h, const void *data, size_t size) {
  const unsigned char *p = data;
  for (size_t at = 0; at < size; at += 8) {
    uint64_t word;
    if (size - at >= 8) {
      word = load64(p + at);
    } else {
      unsigned char tail[8] = {0};
      memcpy(tail, p + at, size - at);
      word = load64(tail);
    }
    h->lo = lf_fnv_step(h->lo, word);
    h->hi = (h->hi ^ word) * 0x9E3779B97F4A7C15u;
    h->hi ^= h->hi >> 29;
  }
  h->lo ^= mix64(size);
}

/*
 * 'lf_pdf_id_start()' - The /ID hash, started from the identifier.
 */
void lf_pdf_id_start(lf_pdf_id_hash *h, const char *identifier) {
  h->hi = 0x6C62272E07BB0142u;
  h->lo = 0x62B821756295C58Du;
  identifier = identifier ? identifier : "";
  hash_feed(h, identifier, strlen(identifier) + 1);
}

/*
 * 'lf_pdf_id_page()' - Add a page's content stream to the /ID hash, in
 * pieces of ID_PIECE bytes and then a page mark.  (The pieces are the
 * blocks libharu 2.3.0 held a content stream in when the hash was first
 * fed from it: every /ID written since depends on their size.)
 */
void lf_pdf_id_page(lf_pdf_id_hash *h, const unsigned char *content,
                    size_t length) {
  enum { ID_PIECE = 4096 };
  for (size_t at = 0; at < length; at += ID_PIECE)
    hash_feed(h, content + at, length - at < ID_PIECE ? length - at : ID_PIECE);
  hash_feed(h, "\n%page\n", 7);
}

/*
 * 'lf_pdf_id_write()' - /ID [<h> <h>] where h is a 128-bit hash of the
 * identifier and every page's content stream: the same document always
 * gets the same /ID, and a change to any page gives a new one.
 */
int lf_pdf_id_write(lf_pdf_doc *doc, const lf_pdf_id_hash *hash) {
  lf_pdf_id_hash h = *hash;
  h.hi = mix64(h.hi ^ (h.lo << 32 | h.lo >> 32));
  h.lo = mix64(h.lo ^ h.hi);
  unsigned char id[16];
  for (int i = 0; i < 8; i++) {
    id[i] = (unsigned char)(h.hi >> (56 - 8 * i));
    id[8 + i] = (unsigned char)(h.lo >> (56 - 8 * i));
  }
  if (lf_pdf_set_id(doc, id))
    return lf_pdf_fail(doc, "writing the document /ID");
  return 0;
}
