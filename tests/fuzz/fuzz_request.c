/*
 * fuzz_request.c -- arbitrary bytes as what a browser may send to
 * `leaflet serve` (src/serve/request.c, pages.c): libmicrohttpd parses the
 * HTTP; this is everything of ours a request's bytes then reach without
 * rendering a leaflet.
 *
 * The input is split at newlines into a path, the print form's four
 * values (format, size, layout, view), a search and a title, each as raw
 * (%-encoded) as a request carries it.  The path is routed, every value
 * %-decoded, the print choice parsed, the search shown on the catalogue
 * page of the fuzz content (tests/fuzz/content), and the title made into
 * a Content-Disposition header.
 *
 * Invariants checked besides memory safety:
 *   - a route holds only ids as content ids are (an asset's name as
 *     names are): never '/', '\\', '%', a control character or '.' first;
 *   - a decoded value is valid UTF-8 with no control character, within
 *     the room it was given;
 *   - a print choice that parses is a format's name (or none: the
 *     default), or a size from 12 to 48 pt;
 *   - the catalogue page is valid UTF-8, and has the same markup for a
 *     search with '<', '>', '"' or '\'' as with letters in their place
 *     (the search is escaped);
 *   - the Content-Disposition header has no control character, a plain
 *     ASCII filename without '"' or '\\', and fits its room.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"

#include "leaflet/serve.h"

static lf_catalogue *catalogue;
static char folder[256];        /* content/ and fonts/ linked from the repository */
static char content_link[300], fonts_link[300];

/*
 * 'clean_up()' - At exit: the catalogue and the temporary folder.
 */
static void clean_up(void) {
  lf_catalogue_free(catalogue);
  unlink(content_link);
  unlink(fonts_link);
  rmdir(folder);
}

/*
 * 'LLVMFuzzerInitialize()' - The catalogue of the fuzz content, once: a
 * temporary folder whose content/ is tests/fuzz/content and whose fonts/
 * is the repository's (content finds its fonts beside it).
 */
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  char root[1024] = "", target[1100];
  if (fz_root()[0] != '/' && !getcwd(root, sizeof root - 2))
    fz_die("cannot find the repository", "run from it or set LEAFLET_ROOT");
  snprintf(root + strlen(root), sizeof root - strlen(root), "%s%s", root[0] ? "/" : "",
           fz_root());
  const char *tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  snprintf(folder, sizeof folder, "%s/leaflet-fuzz-request-XXXXXX", tmp);
  if (!mkdtemp(folder))
    fz_die("cannot make a temporary folder", strerror(errno));
  snprintf(content_link, sizeof content_link, "%s/content", folder);
  snprintf(fonts_link, sizeof fonts_link, "%s/fonts", folder);
  atexit(clean_up);
  snprintf(target, sizeof target, "%s/tests/fuzz/content", root);
  if (symlink(target, content_link) != 0)
    fz_die("cannot link the content", strerror(errno));
  snprintf(target, sizeof target, "%s/fonts", root);
  if (symlink(target, fonts_link) != 0)
    fz_die("cannot link the fonts", strerror(errno));
  catalogue = lf_catalogue_load(content_link, 1, 0);
  if (catalogue && lf_catalogue_errors(catalogue) != 0)
    lf_diags_print(&catalogue->diags, stderr);
  if (!catalogue || lf_catalogue_errors(catalogue) != 0)
    fz_die("cannot load the catalogue of tests/fuzz/content", "run `make fonts` first");
  return 0;
}

/*
 * 'check_text()' - Valid UTF-8 with no control character ('lines': but
 * newlines and tabs, as a page has).
 */
static void check_text(const char *s, size_t n, int lines, const char *what) {
  const char *p = s, *end = s + n;
  while (p < end) {
    int32_t cp = lf_utf8_next(&p, end);
    if (cp < 0)
      fz_die(what, "not valid UTF-8");
    if ((cp < 0x20 && !(lines && (cp == '\n' || cp == '\t'))) || cp == 0x7F)
      fz_die(what, "a control character");
  }
}

/*
 * 'check_id()' - An id as content ids are (lowercase letters, digits and
 * '-'), or a name (an asset's, a print format's) with capitals, '_' and
 * '.' too, but not '.' first.  Neither is ever a path: no '/', no "..".
 */
static void check_id(const char *id, int name) {
  if (strlen(id) > LF_ID_MAX)
    fz_die("a routed id longer than ids are", id);
  for (const char *p = id; *p; p++) {
    int ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
             (name && ((*p >= 'A' && *p <= 'Z') || *p == '_' || (*p == '.' && p > id)));
    if (!ok)
      fz_die("a routed id or name with a character it may not have", id);
  }
}

/*
 * 'check_route()' - Route the path.
 */
static void check_route(const char *path) {
  lf_route route;
  int status = lf_route_parse(path, &route);
  if (status != 200 && status != 400 && status != 404 && status != 414)
    fz_die("a route status that is not 200, 400, 404 or 414", path);
  if (status != 200)
    return;
  check_id(route.leaflet, 0);
  check_id(route.tumour, 0);
  check_id(route.asset, 1);
  if ((route.kind == LF_ROUTE_LEAFLET || route.kind == LF_ROUTE_PDF) && !route.leaflet[0])
    fz_die("a leaflet's route without a leaflet", path);
}

/*
 * 'check_decode()' - %-decode a value into a little room and a lot.
 */
static void check_decode(const char *raw) {
  static const size_t rooms[2] = {16, LF_SERVE_MAX_QUERY};
  for (int k = 0; k < 2; k++) {
    char out[LF_SERVE_MAX_QUERY + 8];
    memset(out, 'X', sizeof out);
    long n = lf_percent_decode(raw, strlen(raw), out, rooms[k]);
    if (n < 0)
      continue;
    if ((size_t)n > rooms[k] || out[n] != 0 || strlen(out) != (size_t)n)
      fz_die("a decoded value beyond its room or not ended", raw);
    check_text(out, (size_t)n, 0, "a decoded value");
  }
}

/*
 * 'check_choice()' - The print form's values.
 */
static void check_choice(char *const v[4]) {
  lf_print_choice choice;
  char why[256] = "";
  int status = lf_print_choice_parse(v[0], v[1], v[2], v[3], &choice, why, sizeof why);
  if (status != 0) {
    if (status != 400 || !why[0])
      fz_die("a refused print choice without 400 and a reason", why);
    check_text(why, strlen(why), 0, "a print choice's reason");
    return;
  }
  if (choice.size > 0) {
    if (!(choice.size >= 12 && choice.size <= 48) || isnan(choice.size))
      fz_die("a print choice of a size outside 12 to 48 pt", v[1]);
  } else {
    check_id(choice.format, 1); /* a format's name, or "" for the default */
  }
}

/*
 * 'count_markup()' - How many of '<', '>', '"' and '\'' a page has.
 */
static size_t count_markup(const char *html) {
  size_t n = 0;
  for (const char *p = html; (p = strpbrk(p, "<>\"'")) != NULL; p++)
    n++;
  return n;
}

/*
 * 'catalogue_page()' - The catalogue page for a decoded search, checked
 * as a page; NULL when out of memory.
 */
static char *catalogue_page(const char *query) {
  lf_page_context ctx = {.cat = catalogue, .today = {2026, 1, 1}};
  size_t len = 0;
  char *html = lf_page_catalogue(&ctx, query, &len);
  if (!html)
    return NULL;
  if (strlen(html) != len)
    fz_die("a catalogue page with a NUL inside", NULL);
  check_text(html, len, 1, "the catalogue page");
  return html;
}

/*
 * 'check_search()' - The catalogue page for a search.  Every entry is on
 * the page whatever the search (those it does not match are hidden), so
 * the page's markup is the same for the search with its '<', '>', '"'
 * and '\'' made into letters: if it is not, the search was not escaped.
 */
static void check_search(const char *raw) {
  char query[LF_SERVE_MAX_SEARCH + 1];
  if (lf_percent_decode(raw, strlen(raw), query, LF_SERVE_MAX_SEARCH) < 0)
    return; /* the server answers 400 */
  char *html = catalogue_page(query);
  if (!html || !strpbrk(query, "<>\"'")) {
    free(html);
    return;
  }
  char plain[sizeof query];
  memcpy(plain, query, sizeof query);
  for (char *p = plain; (p = strpbrk(p, "<>\"'")) != NULL;)
    *p = 'x';
  char *other = catalogue_page(plain);
  if (other && count_markup(html) != count_markup(other))
    fz_die("a search shown on the catalogue page unescaped", query);
  free(other);
  free(html);
}

/*
 * 'check_disposition()' - The header for a file named by 'title'.
 */
static void check_disposition(const char *title, const char *words) {
  char out[1024];
  for (int inline_view = 0; inline_view < 2; inline_view++) {
    memset(out, 'X', sizeof out);
    lf_content_disposition(title, words, "pdf", "net-drugs.large.pdf", inline_view, out,
                           sizeof out);
    size_t n = strnlen(out, sizeof out);
    if (n == sizeof out)
      fz_die("a Content-Disposition not ended within its room", NULL);
    for (size_t i = 0; i < n; i++)
      if ((unsigned char)out[i] < 0x20 || (unsigned char)out[i] >= 0x7F)
        fz_die("a Content-Disposition with a byte a header may not carry", out);
    const char *name = strstr(out, "filename=\"");
    const char *star = strstr(out, "\"; filename*=UTF-8''");
    if (!name || !star || star < name)
      fz_die("a Content-Disposition without its two file names", out);
    for (const char *p = name + 10; p < star; p++)
      if (*p == '"' || *p == '\\')
        fz_die("a Content-Disposition filename with a quote or backslash", out);
    if (strpbrk(star + 20, "\"; "))
      fz_die("a Content-Disposition filename* with a quote, ';' or a space", out);
  }
}

/*
 * 'LLVMFuzzerTestOneInput()' - Split into fields, check each use.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 4 * LF_SERVE_MAX_QUERY)
    return 0; /* the server refuses longer requests before any of this */
  char *copy = malloc(size + 1);
  if (!copy)
    return 0;
  if (size)
    memcpy(copy, data, size);
  copy[size] = 0;
  char *field[7] = {"", "", "", "", "", "", ""};
  char *p = copy;
  for (int k = 0; k < 7 && p; k++) {
    field[k] = p;
    p = strchr(p, '\n');
    if (p)
      *p++ = 0;
  }
  check_route(field[0]);
  for (int k = 0; k < 7; k++)
    check_decode(field[k]);
  char *values[4]; /* an empty value as an absent one, and as itself */
  for (int k = 0; k < 4; k++)
    values[k] = field[1 + k][0] || (size & 1) ? field[1 + k] : NULL;
  check_choice(values);
  check_search(field[5]);
  check_disposition(field[6], "large print (18 pt)");
  check_disposition(field[6], field[1]);
  free(copy);
  return 0;
}
