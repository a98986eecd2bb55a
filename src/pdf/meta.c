/*
 * meta.c -- what a PDF says about itself: the Info dictionary, the
 * catalog's /Lang, /ViewerPreferences and page mode, the XMP metadata
 * stream, bookmarks, and a deterministic /ID.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_internal.h"

/* A date from the content, "YYYY-MM-DD". */
typedef struct content_date {
  int year, month, day;
} content_date;

/*
 * 'parse_date()' - Read "YYYY-MM-DD"; returns 0, or -1 when 'text' is not
 * of that form.  libharu checks the day against the month.
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
 * 'set_info_text()' - One text entry of the Info dictionary (which exists:
 * /Creator is set first), skipped when the display has no value for it.
 */
static void set_info_text(lf_pdf_ctx *ctx, const char *key,
                          const char *value) {
  if (value && value[0] && ctx->doc->info)
    HPDF_Dict_Add(ctx->doc->info, key, lf_pdf_text_string(ctx, value));
}

/*
 * 'lf_pdf_write_info()' - Title, Author, Subject, Keywords, Creator, a
 * leaflet's DocumentVersion, LastReviewed and NextReview, and the two
 * dates, at midnight of the content's date in UTC (written "+00'00'";
 * libharu prints 'Z' wrongly).  Producer stays libharu's fixed string.
 */
int lf_pdf_write_info(lf_pdf_ctx *ctx) {
  const lf_display *d = ctx->display;

  HPDF_SetInfoAttr(ctx->doc, HPDF_INFO_CREATOR, "leaflet");
  set_info_text(ctx, "Title", d->title);
  set_info_text(ctx, "Author", d->author);
  set_info_text(ctx, "Subject", d->subject);
  set_info_text(ctx, "Keywords", d->keywords);
  /* the leaflet's review, as entries of its own (ISO 32000-1, 14.3.3) */
  set_info_text(ctx, "DocumentVersion", d->version);
  set_info_text(ctx, "LastReviewed", d->last_reviewed);
  set_info_text(ctx, "NextReview", d->next_review);
  if (d->creation_date && d->creation_date[0]) {
    content_date cd;
    if (parse_date(d->creation_date, &cd))
      return lf_pdf_fail(ctx, "creation date '%s' is not YYYY-MM-DD",
                         d->creation_date);
    HPDF_Date date = {cd.year, cd.month, cd.day, 0, 0, 0, '+', 0, 0};
    HPDF_SetInfoDateAttr(ctx->doc, HPDF_INFO_CREATION_DATE, date);
    HPDF_SetInfoDateAttr(ctx->doc, HPDF_INFO_MOD_DATE, date);
  }
  if (lf_pdf_failed(ctx))
    return lf_pdf_fail(ctx, "writing the Info dictionary");
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
static char *make_xmp(lf_pdf_ctx *ctx, size_t *size) {
  const lf_display *d = ctx->display;
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
  put_xmp_simple(out, "pdf:Producer",
                 HPDF_GetInfoAttr(ctx->doc, HPDF_INFO_PRODUCER));
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
static int write_xmp(lf_pdf_ctx *ctx) {
  size_t size = 0;
  char *xmp = make_xmp(ctx, &size);
  if (!xmp)
    return lf_pdf_fail(ctx, "out of memory");
  HPDF_Dict stream = HPDF_DictStream_New(ctx->doc->mmgr, ctx->doc->xref);
  if (stream) {
    stream->filter = HPDF_STREAM_FILTER_NONE;
    HPDF_Dict_AddName(stream, "Type", "Metadata");
    HPDF_Dict_AddName(stream, "Subtype", "XML");
    HPDF_Stream_Write(stream->stream, (const HPDF_BYTE *)xmp, (HPDF_UINT)size);
    HPDF_Dict_Add(ctx->doc->catalog, "Metadata", stream);
  }
  free(xmp);
  if (!stream || lf_pdf_failed(ctx))
    return lf_pdf_fail(ctx, "writing the XMP metadata");
  return 0;
}

/*
 * 'lf_pdf_write_catalog()' - /Lang, /ViewerPreferences << /DisplayDocTitle
 * true >>, /PageMode /UseOutlines when there are bookmarks, and /Metadata.
 */
int lf_pdf_write_catalog(lf_pdf_ctx *ctx) {
  const lf_display *d = ctx->display;
  HPDF_Dict catalog = ctx->doc->catalog;
  HPDF_MMgr mmgr = ctx->doc->mmgr;

  if (d->language && d->language[0])
    HPDF_Dict_Add(catalog, "Lang", HPDF_String_New(mmgr, d->language, NULL));
  HPDF_Dict prefs = HPDF_Dict_New(mmgr);
  if (prefs && HPDF_Dict_Add(catalog, "ViewerPreferences", prefs) == HPDF_OK)
    HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE);
  if (d->outline_count)
    HPDF_SetPageMode(ctx->doc, HPDF_PAGE_MODE_USE_OUTLINE);
  if (!prefs || lf_pdf_failed(ctx))
    return lf_pdf_fail(ctx, "writing the catalog");
  return write_xmp(ctx);
}

/*
 * 'lf_pdf_write_outline()' - One bookmark per outline entry, each a child
 * of the nearest earlier entry of a lower level, opening its page at the
 * entry's height at 100 % zoom.
 */
int lf_pdf_write_outline(lf_pdf_ctx *ctx) {
  const lf_display *d = ctx->display;
  size_t depth = 0;

  if (!d->outline_count)
    return 0;
  HPDF_Outline *parents = calloc(d->outline_count, sizeof *parents);
  int *levels = calloc(d->outline_count, sizeof *levels);
  if (!parents || !levels) {
    free(parents);
    free(levels);
    return lf_pdf_fail(ctx, "out of memory");
  }
  for (size_t i = 0; i < d->outline_count && !lf_pdf_failed(ctx); i++) {
    const lf_outline_entry *entry = &d->outline[i];
    while (depth && levels[depth - 1] >= entry->level)
      depth--;
    HPDF_Outline outline =
        HPDF_CreateOutline(ctx->doc, depth ? parents[depth - 1] : NULL, "",
                           NULL);
    /* libharu gives every item the root's /Type /Outlines; items have
     * no /Type (ISO 32000-1, table 153). */
    if (outline) {
      HPDF_Dict_Add(outline, "Title", lf_pdf_text_string(ctx, entry->title));
      HPDF_Dict_RemoveElement(outline, "Type");
    }
    /* /Dest [page /XYZ 0 top 1], written in the bookmark rather than as
     * an object of its own as HPDF_Page_CreateDestination() makes it. */
    HPDF_Array dest = outline ? HPDF_Array_New(ctx->doc->mmgr) : NULL;
    if (!dest || HPDF_Dict_Add(outline, "Dest", dest) != HPDF_OK)
      break;
    double top = entry->y < 0 ? 0
                 : entry->y > d->page_height ? d->page_height
                                             : entry->y;
    HPDF_Array_Add(dest, ctx->pages[entry->page]);
    HPDF_Array_AddName(dest, "XYZ");
    HPDF_Array_AddNumber(dest, 0);
    HPDF_Array_AddReal(dest, (HPDF_REAL)top);
    HPDF_Array_AddNumber(dest, 1);
    parents[depth] = outline;
    levels[depth] = entry->level;
    depth++;
  }
  free(parents);
  free(levels);
  if (lf_pdf_failed(ctx))
    return lf_pdf_fail(ctx, "writing the bookmarks");
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
 * rather than bytes, then the length.
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
    h->lo = (h->lo ^ word) * 0x100000001B3u;
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
 * 'lf_pdf_id_pages()' - Add every page's content stream (as written,
 * before compression) to the /ID hash.
 */
void lf_pdf_id_pages(lf_pdf_ctx *ctx, lf_pdf_id_hash *h) {
  const lf_display *d = ctx->display;
  for (size_t p = 0; p < d->page_count; p++) {
    HPDF_Stream stream = lf_pdf_page_stream(ctx->pages[p]);
    HPDF_UINT count = HPDF_MemStream_GetBufCount(stream);
    for (HPDF_UINT b = 0; b < count; b++) {
      HPDF_UINT len = 0;
      HPDF_BYTE *bytes = HPDF_MemStream_GetBufPtr(stream, b, &len);
      if (bytes)
        hash_feed(h, bytes, len);
    }
    hash_feed(h, "\n%page\n", 7);
  }
}

/*
 * 'lf_pdf_write_id()' - /ID [<h> <h>] where h is a 128-bit hash of the
 * identifier and every page's content stream: the same document always
 * gets the same /ID, and a change to any page gives a new one.
 */
int lf_pdf_write_id(lf_pdf_ctx *ctx) {
  lf_pdf_id_hash h;
  lf_pdf_id_start(&h, ctx->display->identifier);
  lf_pdf_id_pages(ctx, &h);
  return lf_pdf_id_write(ctx, &h);
}

/*
 * 'lf_pdf_id_write()' - Finish the hash and make it the trailer's /ID.
 */
int lf_pdf_id_write(lf_pdf_ctx *ctx, lf_pdf_id_hash *hash) {
  lf_pdf_id_hash h = *hash;
  h.hi = mix64(h.hi ^ (h.lo << 32 | h.lo >> 32));
  h.lo = mix64(h.lo ^ h.hi);
  HPDF_BYTE id[16];
  for (int i = 0; i < 8; i++) {
    id[i] = (HPDF_BYTE)(h.hi >> (56 - 8 * i));
    id[8 + i] = (HPDF_BYTE)(h.lo >> (56 - 8 * i));
  }
  HPDF_MMgr mmgr = ctx->doc->mmgr;
  HPDF_Array array = HPDF_Array_New(mmgr);
  if (array && HPDF_Dict_Add(ctx->doc->trailer, "ID", array) == HPDF_OK) {
    HPDF_Array_Add(array, HPDF_Binary_New(mmgr, id, 16));
    HPDF_Array_Add(array, HPDF_Binary_New(mmgr, id, 16));
  }
  if (!array || lf_pdf_failed(ctx))
    return lf_pdf_fail(ctx, "writing the document /ID");
  return 0;
}
