/*
 * pages.c -- the HTML of `leaflet serve` (serve.h): the catalogue with its
 * search, a leaflet's page with its print choices and its text, and the
 * pages that explain a problem.
 *
 * Written for WCAG 2.2 AA and for a busy nurse: one h1 a page, landmarks
 * (header, main, footer, a search form), a label for every field and a
 * legend for every group, large text and strong contrast from the style
 * sheet, no layout that stops text reflowing, plain English.  Everything
 * that came from content is HTML-escaped; there is no inline script or
 * style (the Content-Security-Policy forbids both).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet/language.h"
#include "leaflet/serve.h"

#define SITE_NAME "Patient information leaflets"

/* A page being written: grows as needed; 'failed' once memory ran out. */
typedef struct page {
  char *data;
  size_t len, cap;
  int failed;
  int tables; /* tables written so far: each one's caption gets its own id */
  const char *lang; /* the language of where the page is (NULL: the page's, en-GB) */
} page;

/* The language of the pages' own words. */
#define PAGE_LANG LF_PROGRAM_LANGUAGE

/*
 * 'put_bytes()' - Append 'n' bytes as they are.
 */
static void put_bytes(page *p, const char *s, size_t n) {
  if (p->failed)
    return;
  if (p->len + n + 1 > p->cap) {
    size_t cap = p->cap ? p->cap : 8192;
    while (cap < p->len + n + 1)
      cap *= 2;
    char *grown = realloc(p->data, cap);
    if (!grown) {
      p->failed = 1;
      return;
    }
    p->data = grown;
    p->cap = cap;
  }
  memcpy(p->data + p->len, s, n);
  p->len += n;
  p->data[p->len] = 0;
}

/* 'put()' - Append markup as it is. */
static void put(page *p, const char *s) { put_bytes(p, s, strlen(s)); }

/*
 * 'putf()' - Append formatted markup (arguments must already be safe).
 */
static void putf(page *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(page *p, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n > 0)
    put_bytes(p, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/*
 * 'text_n()' - Append 'n' bytes of text, escaped for an element or a
 * quoted attribute.
 */
static void text_n(page *p, const char *s, size_t n) {
  size_t start = 0;
  for (size_t i = 0; i < n; i++) {
    const char *esc = NULL;
    switch (s[i]) {
    case '&': esc = "&amp;"; break;
    case '<': esc = "&lt;"; break;
    case '>': esc = "&gt;"; break;
    case '"': esc = "&quot;"; break;
    case '\'': esc = "&#39;"; break;
    default: break;
    }
    if (esc) {
      put_bytes(p, s + start, i - start);
      put(p, esc);
      start = i + 1;
    }
  }
  put_bytes(p, s + start, n - start);
}

/* 'text()' - Append text, escaped (NULL is nothing). */
static void text(page *p, const char *s) {
  if (s)
    text_n(p, s, strlen(s));
}

/*
 * 'finish()' - The page's bytes, or NULL when memory ran out.
 */
static char *finish(page *p, size_t *len) {
  if (p->failed || !p->data) {
    free(p->data);
    return NULL;
  }
  *len = p->len;
  return p->data;
}

/*
 * 'head()' - Everything up to the start of main: the document, its
 * title, the style sheet and script, a skip link, the site header.
 */
static void head(page *p, const lf_page_context *ctx, const char *title) {
  put(p, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
  if (title) {
    text(p, title);
    put(p, " - ");
  }
  put(p, SITE_NAME "</title>\n<link rel=\"stylesheet\" href=\"/assets/leaflet.css\">\n"
         "<script src=\"/assets/leaflet.js\" defer></script>\n</head>\n");
  putf(p, "<body data-generation=\"%lu\"%s>\n", ctx->cat->generation,
       ctx->watch ? " data-events=\"/events\"" : "");
  put(p, "<a class=\"skip\" href=\"#main\">Skip to main content</a>\n"
         "<header class=\"site\"><p><a href=\"/\">" SITE_NAME "</a></p></header>\n"
         "<main id=\"main\" tabindex=\"-1\">\n");
}

/*
 * 'foot()' - The end of main, the footer, the end of the document.
 */
static void foot(page *p, const lf_page_context *ctx) {
  put(p, "</main>\n<footer class=\"site\"><p>Made by leaflet " LF_VERSION ".");
  if (ctx->watch)
    put(p, " This page shows changes to the content as soon as a file is saved.");
  put(p, "</p></footer>\n</body>\n</html>\n");
}

/*
 * 'diag_list()' - Diagnostics as the command line prints them, those of
 * 'only_file' alone when it is given.  Returns how many were listed.
 */
static size_t diag_list(page *p, const lf_diags *d, const char *only_file) {
  size_t listed = 0;
  for (size_t i = 0; i < d->count; i++) {
    const lf_diag *g = &d->items[i];
    if (only_file && (!g->pos.file || strcmp(g->pos.file, only_file) != 0))
      continue;
    if (!listed++)
      put(p, "<ul class=\"diagnostics\">\n");
    char line[2048];
    put(p, "<li><code>");
    text(p, lf_diag_format(g, line, sizeof line));
    put(p, "</code></li>\n");
  }
  if (listed)
    put(p, "</ul>\n");
  return listed;
}

/*
 * 'overdue_days()' - Days past its review date, or 0 when not overdue.
 */
static long overdue_days(const lf_page_context *ctx, const lf_leaflet *l) {
  long days = lf_days_between(ctx->today, l->next_review);
  return days < 0 ? -days : 0;
}

/*
 * 'lf_format_words()' - A format as a nurse says it: "large print (18 pt)"
 * for one of the content's formats, "20 pt print" for a size, and
 * ", A5 booklet" after either for a booklet.
 */
char *lf_format_words(const lf_catalogue *cat, const lf_format *f, int booklet, char *buf,
                      size_t size) {
  if (f->braille)
    snprintf(buf, size, "braille (%d cells by %d lines, for an embosser)",
             f->cells.cells_per_line, f->cells.lines_per_page);
  else if (lf_catalogue_format(cat, f->name) == f)
    snprintf(buf, size, "%s print (%g pt)%s", f->name, f->body_size, booklet ? ", A5 booklet" : "");
  else
    snprintf(buf, size, "%g pt print%s", f->body_size, booklet ? ", A5 booklet" : "");
  return buf;
}

/*
 * 'formats_offered()' - The print formats in words, for the catalogue.
 */
static void formats_offered(page *p, const lf_catalogue *cat) {
  for (size_t i = 0; i < cat->format_count; i++)
    if (!cat->formats[i]->braille) {
      char words[128];
      text(p, lf_format_words(cat, cat->formats[i], 0, words, sizeof words));
      put(p, ", ");
    }
  put(p, "any size from 12 to 48 pt, A5 booklet");
  for (size_t i = 0; i < cat->format_count; i++)
    if (cat->formats[i]->braille) {
      /* a braille format named other than "braille" is named ("braille
       * (braille)" said nothing) */
      put(p, ", braille");
      if (strcmp(cat->formats[i]->name, "braille") != 0) {
        put(p, " (");
        text(p, cat->formats[i]->name);
        put(p, ")");
      }
    }
}

/*
 * 'entry_href()' - The address of an entry's page.
 */
static void entry_href(page *p, const lf_catalogue_entry *e) {
  put(p, "/leaflets/");
  text(p, e->leaflet->id);
  if (e->tumour_id) {
    put(p, "/");
    text(p, e->tumour_id);
  }
}

/*
 * 'drug_names()' - "Sunitinib (Sutent), Everolimus (Afinitor)".
 */
static void drug_names(page *p, const lf_catalogue_entry *e) {
  for (size_t i = 0; i < e->drug_count; i++) {
    const lf_drug *d = e->drugs[i];
    if (i)
      put(p, ", ");
    text(p, d->name);
    for (size_t b = 0; b < d->brand_count; b++) {
      put(p, b ? ", " : " (");
      text(p, d->brand_names[b]);
    }
    if (d->brand_count)
      put(p, ")");
  }
}

/*
 * 'fact()' - One term and its description in a list of facts.
 */
static void fact(page *p, const char *term, const char *value) {
  put(p, "<div><dt>");
  text(p, term);
  put(p, "</dt><dd>");
  text(p, value);
  put(p, "</dd></div>\n");
}

/*
 * 'review_facts()' - Last reviewed and next review due, saying "overdue".
 */
static void review_facts(page *p, const lf_page_context *ctx, const lf_leaflet *l) {
  char date[32];
  fact(p, "Last reviewed", lf_date_format(l->last_reviewed, date, sizeof date));
  put(p, "<div><dt>Next review due</dt><dd>");
  text(p, lf_date_format(l->next_review, date, sizeof date));
  long days = overdue_days(ctx, l);
  if (days)
    putf(p, " <strong class=\"overdue-tag\">Review overdue by %ld day%s</strong>", days,
         days == 1 ? "" : "s");
  put(p, "</dd></div>\n");
}

/*
 * 'lang_attrs()' - ' lang="..." dir="..."' for text in 'lang' written where
 * the language is 'outer' (NULL: the page's, en-GB); nothing when they are
 * the same.  The direction is always said, so that English inside Urdu is
 * set left to right again.
 */
static void lang_attrs(page *p, const char *lang, const char *outer) {
  if (!lang || lf_language_same(lang, outer ? outer : PAGE_LANG))
    return;
  put(p, " lang=\"");
  text(p, lang);
  put(p, lf_language_is_rtl(lang) ? "\" dir=\"rtl\"" : "\" dir=\"ltr\"");
}

/*
 * 'catalogue_item()' - One entry of the catalogue, hidden when the search
 * does not match it (the script shows and hides the same items).
 */
static void catalogue_item(page *p, const lf_page_context *ctx, const lf_catalogue_entry *e,
                           int shown) {
  put(p, "<li data-search=\"");
  text(p, e->search);
  put(p, shown ? "\">\n" : "\" hidden>\n");
  put(p, "<h2><a href=\"");
  entry_href(p, e);
  put(p, "\"");
  lang_attrs(p, e->leaflet->language, NULL);
  put(p, ">");
  text(p, e->title);
  put(p, "</a></h2>\n<dl class=\"facts\">\n");
  /* a leaflet not in English says which language it is in (the title in
   * Urdu script told an English-reading nurse nothing) */
  char label[96];
  const char *language = lf_language_label(e->leaflet->language, label, sizeof label);
  char primary[16];
  if (language && strcmp(lf_language_primary(e->leaflet->language, primary, sizeof primary),
                         "en") != 0)
    fact(p, "Language", language);
  if (e->tumour_name)
    fact(p, "Tumour type", e->tumour_name);
  if (e->drug_count) {
    put(p, "<div><dt>Drugs</dt><dd>");
    drug_names(p, e);
    put(p, "</dd></div>\n");
  }
  review_facts(p, ctx, e->leaflet);
  put(p, "<div><dt>Print formats</dt><dd>");
  if (e->broken)
    put(p, "none: this leaflet has errors and cannot be printed");
  else if (overdue_days(ctx, e->leaflet) && !ctx->allow_overdue)
    put(p, "none until the leaflet has been reviewed");
  else
    formats_offered(p, ctx->cat);
  put(p, "</dd></div>\n</dl>\n</li>\n");
}

/*
 * 'problems()' - The content's problems: every diagnostic for an author
 * (--watch), a sentence for anyone else.
 */
static void problems(page *p, const lf_page_context *ctx) {
  const lf_catalogue *cat = ctx->cat;
  size_t errors = lf_catalogue_errors(cat);
  if (!errors && !(ctx->watch && cat->diags.count))
    return;
  put(p, "<section class=\"problems\" aria-labelledby=\"problems-title\">\n"
         "<h2 id=\"problems-title\">Problems in the content</h2>\n");
  if (!ctx->watch) {
    putf(p, "<p>%zu error%s in the content: the leaflets they are in cannot be printed. "
         "The content team can see the details when they run <code>leaflet check</code>.</p>\n",
         errors, errors == 1 ? "" : "s");
  } else {
    putf(p, "<p>%zu error%s. Leaflets with errors cannot be printed until they are fixed; "
         "this page reloads when a file is saved.</p>\n", errors, errors == 1 ? "" : "s");
    diag_list(p, &cat->diags, NULL);
    for (size_t i = 0; i < cat->count; i++)
      diag_list(p, &cat->entries[i].diags, NULL);
  }
  put(p, "</section>\n");
}

/*
 * 'count_sentence()' - What the search found, as the status line says it
 * (the script writes the same words).
 */
static void count_sentence(page *p, size_t shown, size_t total, const char *query) {
  if (!query || !lf_catalogue_query_words(query)) {
    /* nothing to search for ("  ", "-") is no search */
    putf(p, "%zu leaflet%s", total, total == 1 ? "" : "s");
    return;
  }
  putf(p, "%zu of %zu leaflet%s match &ldquo;", shown, total, total == 1 ? "" : "s");
  text(p, query);
  put(p, "&rdquo;");
  if (!shown)
    put(p, ". Try fewer or shorter words, or the drug&rsquo;s other name");
}

/*
 * 'lf_page_catalogue()' - The catalogue, filtered by 'query'.
 */
char *lf_page_catalogue(const lf_page_context *ctx, const char *query, size_t *len) {
  const lf_catalogue *cat = ctx->cat;
  page p = {0};
  head(&p, ctx, NULL);
  put(&p, "<h1>" SITE_NAME "</h1>\n");
  put(&p, "<p>Find a leaflet for your patient, then print it in the size they need.</p>\n");
  put(&p, "<form id=\"search\" role=\"search\" method=\"get\" action=\"/\">\n"
          "<label for=\"q\">Search by title, tumour type, drug or keyword</label>\n"
          "<div class=\"search-row\"><input type=\"search\" id=\"q\" name=\"q\" "
          /* 50 characters of up to 4 bytes each: the server's 200 bytes
           * (seventy Chinese characters, let in, were refused) */
          "maxlength=\"50\" autocomplete=\"off\" aria-describedby=\"q-hint\" value=\"");
  text(&p, query);
  put(&p, "\">\n<button type=\"submit\">Search</button></div>\n"
          "<p id=\"q-hint\" class=\"hint\">For example: lung, sunitinib or Sutent. "
          "The list changes as you type.</p>\n</form>\n");
  problems(&p, ctx);
  size_t shown = 0;
  for (size_t i = 0; i < cat->count; i++)
    shown += lf_catalogue_matches(&cat->entries[i], query ? query : "");
  put(&p, "<p id=\"count\" role=\"status\">");
  count_sentence(&p, shown, cat->count, query);
  put(&p, "</p>\n<ul id=\"results\" class=\"catalogue\">\n");
  for (size_t i = 0; i < cat->count; i++)
    catalogue_item(&p, ctx, &cat->entries[i],
                   lf_catalogue_matches(&cat->entries[i], query ? query : ""));
  put(&p, "</ul>\n");
  if (!cat->count)
    put(&p, "<p>There are no leaflets to show.</p>\n");
  foot(&p, ctx);
  return finish(&p, len);
}

/* ---- a leaflet's text --------------------------------------------------- */

static void blocks_html(page *p, const lf_blocks *blocks);

/*
 * 'safe_href()' - Whether a link's address may be a link on the page
 * (the addresses `leaflet check` accepts).
 */
static int safe_href(const char *href) {
  return href && (strncmp(href, "https://", 8) == 0 || strncmp(href, "http://", 7) == 0 ||
                  strncmp(href, "mailto:", 7) == 0 || strncmp(href, "tel:", 4) == 0);
}

/*
 * 'runs_html()' - Inline text: strong and links kept, terms as text.
 */
static void runs_html(page *p, const lf_inline *in) {
  for (size_t i = 0; i < in->count; i++) {
    const lf_run *r = &in->runs[i];
    int link = (r->style & LF_RUN_LINK) && safe_href(r->href);
    if (link) {
      put(p, "<a href=\"");
      text(p, r->href);
      put(p, "\">");
    }
    if (r->style & LF_RUN_STRONG)
      put(p, "<strong>");
    text_n(p, r->text, r->len);
    if (r->style & LF_RUN_STRONG)
      put(p, "</strong>");
    if (link)
      put(p, "</a>");
  }
}

/*
 * 'block_html()' - One block; headings one level down (the page's own h1
 * and h2 come first), the document's title left out (it is the h1).
 */
static void block_in_its_language(page *p, const lf_block *b);

/* 'block_html()' - One block in the language of the page around it (see
 * above); one in another language goes through block_in_its_language(). */
static void block_html(page *p, const lf_block *b) {
  const char *outer = p->lang;
  int other = b->language && !lf_language_same(b->language, outer ? outer : PAGE_LANG);
  if (!other) {
    block_in_its_language(p, b);
    return;
  }
  /* a block in another language says so, for a screen reader's voice and
   * the browser's direction */
  put(p, "<div");
  lang_attrs(p, b->language, outer);
  put(p, ">\n");
  p->lang = b->language;
  block_in_its_language(p, b);
  p->lang = outer;
  put(p, "</div>\n");
}

/*
 * 'block_in_its_language()' - block_html() within the block's language.
 */
static void block_in_its_language(page *p, const lf_block *b) {
  switch (b->kind) {
  case LF_BLOCK_HEADING: {
    if (b->level <= 1)
      return;
    int level = b->level + 1 > 6 ? 6 : b->level + 1;
    putf(p, "<h%d>", level);
    runs_html(p, &b->text);
    putf(p, "</h%d>\n", level);
    return;
  }
  case LF_BLOCK_PARAGRAPH:
    put(p, "<p>");
    runs_html(p, &b->text);
    put(p, "</p>\n");
    return;
  case LF_BLOCK_LIST: {
    const char *tag = b->ordered ? "ol" : "ul";
    putf(p, "<%s%s>\n", tag, b->plain ? " class=\"plain\"" : "");
    for (size_t i = 0; i < b->list_count; i++) {
      put(p, "<li>");
      const lf_blocks *item = &b->list_items[i];
      /* an item of one paragraph is its text, without a p of its own */
      if (item->count == 1 && item->items[0].kind == LF_BLOCK_PARAGRAPH)
        runs_html(p, &item->items[0].text);
      else
        blocks_html(p, item);
      put(p, "</li>\n");
    }
    putf(p, "</%s>\n", tag);
    return;
  }
  case LF_BLOCK_CALLOUT:
    put(p, "<div class=\"callout\">\n");
    blocks_html(p, &b->body);
    put(p, "</div>\n");
    return;
  case LF_BLOCK_TABLE: {
    const lf_table *t = b->table;
    /* A table keeps its columns side by side (they carry its meaning), so
     * at 400 % zoom it scrolls inside a region of its own, which the
     * keyboard reaches and the caption names; the page never does. */
    int n = ++p->tables;
    if (t->caption.count)
      putf(p, "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"table-%d\">\n", n);
    else
      putf(p, "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table %d\">\n", n);
    put(p, "<table>\n");
    if (t->caption.count) {
      putf(p, "<caption id=\"table-%d\">", n);
      runs_html(p, &t->caption);
      put(p, "</caption>\n");
    }
    for (size_t r = 0; r < t->row_count; r++) {
      int head = r < t->header_rows;
      put(p, "<tr>");
      for (size_t k = 0; k < t->columns; k++) {
        int th = head || (t->row_headers && k == 0);
        put(p, th ? (head ? "<th scope=\"col\">" : "<th scope=\"row\">") : "<td>");
        blocks_html(p, &t->rows[r].cells[k]);
        put(p, th ? "</th>" : "</td>");
      }
      put(p, "</tr>\n");
    }
    put(p, "</table>\n</div>\n");
    return;
  }
  case LF_BLOCK_FIGURE: /* the picture is in the PDF; here, what it shows */
    if (b->figure->decorative)
      return;
    put(p, "<p class=\"figure\">Picture: ");
    text(p, b->figure->alt ? b->figure->alt : "");
    if (b->figure->caption.count) {
      put(p, " (");
      runs_html(p, &b->figure->caption);
      put(p, ")");
    }
    put(p, "</p>\n");
    return;
  case LF_BLOCK_QR:
    put(p, "<p>");
    if (b->text.count) {
      runs_html(p, &b->text);
      put(p, " ");
    }
    put(p, "<a href=\"");
    text(p, b->href);
    put(p, "\">");
    text(p, b->href);
    put(p, "</a></p>\n");
    return;
  case LF_BLOCK_WRITE_IN: {
    /* "The treatment you will have is called:" has its colon already */
    const lf_run *last = b->text.count ? &b->text.runs[b->text.count - 1] : NULL;
    int colon = last && last->len && last->text[last->len - 1] == ':';
    put(p, "<p>");
    runs_html(p, &b->text);
    put(p, colon ? " (a space to write in)</p>\n" : ": (a space to write in)</p>\n");
    return;
  }
  case LF_BLOCK_LABEL_BOX:
  case LF_BLOCK_PAGE_BREAK:
    return;
  }
}

/*
 * 'blocks_html()' - Blocks in order.
 */
static void blocks_html(page *p, const lf_blocks *blocks) {
  for (size_t i = 0; i < blocks->count; i++)
    block_html(p, &blocks->items[i]);
}

/* ---- a leaflet's page ------------------------------------------------------ */

/*
 * 'radio()' - A radio button with its label.
 */
static void radio(page *p, const char *name, const char *value, const char *label, int checked) {
  put(p, "<div class=\"choice\"><input type=\"radio\" name=\"");
  text(p, name);
  put(p, "\" id=\"");
  text(p, name);
  put(p, "-");
  text(p, value);
  put(p, "\" value=\"");
  text(p, value);
  put(p, checked ? "\" checked>" : "\">");
  put(p, "<label for=\"");
  text(p, name);
  put(p, "-");
  text(p, value);
  put(p, "\">");
  text(p, label);
  put(p, "</label></div>\n");
}

/*
 * 'open_fieldset()' - A group of choices with its legend, and the problem
 * with it ('error', or NULL) under the legend, named by the group.
 */
static void open_fieldset(page *p, const char *name, const char *legend, const char *error) {
  if (!error) {
    putf(p, "<fieldset>\n<legend>%s</legend>\n", legend);
    return;
  }
  putf(p, "<fieldset aria-describedby=\"%s-error\">\n<legend>%s</legend>\n"
          "<p id=\"%s-error\" class=\"error-message\">", name, legend, name);
  text(p, error);
  put(p, "</p>\n");
}

/*
 * 'print_form()' - The print choices: each format, any size, pages or a
 * booklet; the choice made before, and the problem with it, shown again.
 */
static void print_form(page *p, const lf_page_context *ctx, const lf_catalogue_entry *e,
                       const lf_print_choice *choice, const char *error) {
  const lf_catalogue *cat = ctx->cat;
  /* the problem at the field it is about (a braille booklet's was put
   * under the size box) */
  lf_choice_field field = choice && error ? choice->problem : LF_CHOICE_SIZE;
  put(p, "<form class=\"print\" method=\"get\" action=\"");
  entry_href(p, e);
  put(p, "/pdf\">\n");
  open_fieldset(p, "format", "Format", field == LF_CHOICE_FORMAT ? error : NULL);
  int custom = choice && (choice->size > 0 || choice->size_chosen);
  for (size_t i = 0; i < cat->format_count; i++) {
    if (cat->formats[i]->braille)
      continue;
    char words[128];
    lf_format_words(cat, cat->formats[i], 0, words, sizeof words);
    words[0] = (char)(words[0] >= 'a' && words[0] <= 'z' ? words[0] - 'a' + 'A' : words[0]);
    int checked = choice && !custom && choice->format[0]
                      ? strcmp(choice->format, cat->formats[i]->name) == 0
                      : !custom && i == 0;
    radio(p, "format", cat->formats[i]->name, words, checked);
  }
  radio(p, "format", "size", "Another size", custom);
  put(p, "<div class=\"size-field\">\n<label for=\"size\">Size in points, from 12 to 48</label>\n");
  const char *size_error = field == LF_CHOICE_SIZE ? error : NULL;
  if (size_error) {
    put(p, "<p id=\"size-error\" class=\"error-message\">");
    text(p, size_error);
    put(p, "</p>\n");
  }
  put(p, "<input type=\"number\" id=\"size\" name=\"size\" min=\"12\" max=\"48\" step=\"0.5\" "
         "inputmode=\"decimal\" class=\"size\"");
  if (size_error)
    put(p, " aria-invalid=\"true\" aria-describedby=\"size-error size-hint\"");
  else
    put(p, " aria-describedby=\"size-hint\"");
  if (choice && choice->typed_size[0]) {
    /* as typed, refused or not (a format chosen with a size typed too) */
    put(p, " value=\"");
    text(p, choice->typed_size);
    put(p, "\"");
  } else if (custom && choice->size > 0) {
    putf(p, " value=\"%g\"", choice->size);
  }
  put(p, ">\n<p id=\"size-hint\" class=\"hint\">Standard print is 12 points; large print "
         "starts at 16.</p>\n</div>\n");
  /* braille after the print sizes and their size field: not a size */
  for (size_t i = 0; i < cat->format_count; i++) {
    if (!cat->formats[i]->braille)
      continue;
    char words[128];
    lf_format_words(cat, cat->formats[i], 0, words, sizeof words);
    words[0] = 'B';
    radio(p, "format", cat->formats[i]->name, words,
          choice && !custom && strcmp(choice->format, cat->formats[i]->name) == 0);
  }
  put(p, "</fieldset>\n");
  open_fieldset(p, "layout", "Paper", field == LF_CHOICE_LAYOUT ? error : NULL);
  int booklet = choice && choice->booklet;
  radio(p, "layout", "pages", "A4 pages, one after another (best for reading on a screen "
        "and for screen readers)", !booklet);
  radio(p, "layout", "booklet", "A5 booklet: print on both sides of A4 paper, flipping on "
        "the short edge, then fold in half (not for braille)", booklet);
  if (choice && choice->thick)
    put(p, "<input type=\"hidden\" name=\"thick\" value=\"yes\">\n");
  put(p, "</fieldset>\n<div class=\"buttons\">\n"
         "<button type=\"submit\">Download</button>\n"
         "<button type=\"submit\" name=\"view\" value=\"inline\" class=\"secondary\">"
         "Open in the browser</button>\n</div>\n</form>\n");
}

/*
 * 'lf_page_leaflet()' - One leaflet edition: what it is, how to print it,
 * what it says.
 */
char *lf_page_leaflet(const lf_page_context *ctx, const lf_catalogue_entry *e,
                      const lf_print_choice *choice, const char *error, size_t *len) {
  page p = {0};
  /* a page that says there is a problem says so in its title first, as a
   * screen reader announces it */
  char title[512];
  snprintf(title, sizeof title, "%s%s", error ? "Error: " : "", e->title);
  head(&p, ctx, title);
  if (error) {
    /* the summary's link goes to the field at fault: the size box, the
     * first format, or the first paper */
    lf_choice_field field = choice ? choice->problem : LF_CHOICE_SIZE;
    const char *first = "size";
    for (size_t i = 0; i < ctx->cat->format_count && field == LF_CHOICE_FORMAT; i++)
      if (!ctx->cat->formats[i]->braille) {
        first = ctx->cat->formats[i]->name;
        break;
      }
    put(&p, "<div class=\"error-summary\" role=\"alert\">\n<h2>There is a problem</h2>\n"
            "<p><a href=\"#");
    if (field == LF_CHOICE_FORMAT) {
      put(&p, "format-");
      text(&p, first);
    } else {
      put(&p, field == LF_CHOICE_LAYOUT ? "layout-pages" : "size");
    }
    put(&p, "\">");
    text(&p, error);
    put(&p, "</a></p>\n</div>\n");
  }
  put(&p, "<h1");
  lang_attrs(&p, e->leaflet->language, NULL);
  put(&p, ">");
  text(&p, e->title);
  put(&p, "</h1>\n<dl class=\"facts\">\n");
  if (e->tumour_name)
    fact(&p, "Tumour type", e->tumour_name);
  if (e->drug_count) {
    put(&p, "<div><dt>Drugs</dt><dd>");
    drug_names(&p, e);
    put(&p, "</dd></div>\n");
  }
  review_facts(&p, ctx, e->leaflet);
  if (e->leaflet->version)
    fact(&p, "Version", e->leaflet->version);
  fact(&p, "Leaflet ID", e->leaflet->id);
  put(&p, "</dl>\n");
  long days = overdue_days(ctx, e->leaflet);
  put(&p, "<section aria-labelledby=\"print-title\">\n<h2 id=\"print-title\">Print this "
          "leaflet</h2>\n");
  if (e->broken) {
    put(&p, "<p>This leaflet has errors, so it cannot be printed until they are fixed.</p>\n");
  } else if (days && !ctx->allow_overdue) {
    char date[32];
    put(&p, "<div class=\"overdue\">\n<p><strong>Not available for printing.</strong> This "
            "leaflet was due for review on ");
    text(&p, lf_date_format(e->leaflet->next_review, date, sizeof date));
    putf(&p, ", %ld day%s ago. It can be printed again once the content team has reviewed it.</p>\n"
             "</div>\n", days, days == 1 ? "" : "s");
  } else {
    if (days)
      put(&p, "<p class=\"overdue\">This leaflet is past its review date: every page will say "
              "&ldquo;Review overdue&rdquo;.</p>\n");
    print_form(&p, ctx, e, choice, error);
  }
  put(&p, "</section>\n");
  if (e->diags.count && ctx->watch) {
    put(&p, "<section class=\"problems\" aria-labelledby=\"problems-title\">\n"
            "<h2 id=\"problems-title\">Problems in this leaflet</h2>\n");
    diag_list(&p, &e->diags, NULL);
    put(&p, "</section>\n");
  }
  if (!e->broken) {
    /* the heading is the page's English, the text the leaflet's language */
    put(&p, "<section class=\"leaflet-text\" aria-labelledby=\"text-title\">\n"
            "<h2 id=\"text-title\">What the leaflet says</h2>\n<div");
    lang_attrs(&p, e->doc.language, NULL);
    put(&p, ">\n");
    p.lang = e->doc.language;
    blocks_html(&p, &e->doc.body);
    p.lang = NULL;
    put(&p, "</div>\n</section>\n");
  }
  foot(&p, ctx);
  return finish(&p, len);
}

/*
 * 'lf_page_editions()' - A leaflet with editions: one link per tumour type.
 */
char *lf_page_editions(const lf_page_context *ctx, const lf_leaflet *l, size_t *len) {
  const lf_catalogue *cat = ctx->cat;
  page p = {0};
  head(&p, ctx, "Choose a tumour type");
  put(&p, "<h1>Choose a tumour type</h1>\n<p>This leaflet has a version for each tumour "
          "type.</p>\n<ul class=\"editions\">\n");
  for (size_t i = 0; i < cat->count; i++) {
    const lf_catalogue_entry *e = &cat->entries[i];
    if (e->leaflet != l)
      continue;
    put(&p, "<li><a href=\"");
    entry_href(&p, e);
    put(&p, "\"");
    lang_attrs(&p, e->leaflet->language, NULL);
    put(&p, ">");
    text(&p, e->title);
    put(&p, "</a></li>\n");
  }
  put(&p, "</ul>\n");
  foot(&p, ctx);
  return finish(&p, len);
}

/*
 * 'lf_page_problem()' - A page that says what went wrong and what to do,
 * with the diagnostics behind it for an author.
 */
char *lf_page_problem(const lf_page_context *ctx, const char *title, const char *message,
                      const lf_diags *diags, const char *only_file, size_t *len) {
  page p = {0};
  head(&p, ctx, title);
  put(&p, "<h1>");
  text(&p, title);
  put(&p, "</h1>\n<p>");
  text(&p, message);
  put(&p, "</p>\n");
  if (diags && ctx->watch)
    diag_list(&p, diags, only_file);
  put(&p, "<p><a href=\"/\">Go to the list of leaflets</a></p>\n");
  foot(&p, ctx);
  return finish(&p, len);
}
