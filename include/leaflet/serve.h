/*
 * serve.h -- `leaflet serve`: a clinic's catalogue and an author's preview
 * over HTTP, beside the command line.
 *
 * A nurse finds a leaflet in the catalogue (searched by title, tumour type,
 * drug or brand name and keyword) and prints it in the size the patient
 * needs: each request is rendered on demand by the same jobs function the
 * batch build uses (lf_render_document), so any size from 12 to 48 pt
 * comes out as `leaflet build --size N` would make it.  An author runs it
 * with --watch and sees each saved change, or the content's errors as
 * file:line:column, in the open page within a second.
 *
 * Four parts, each in its own file:
 *   catalogue.c  the content loaded once per change: every leaflet and
 *                edition with what it is searched by, fonts, diagnostics;
 *   request.c    what a URL may say: routes, ids, %-decoding, the print
 *                choices, the limits on a request; pure functions;
 *   pages.c      the HTML pages;
 *   assets.c     the style sheet and the script the pages load;
 *   server.c     HTTP (libmicrohttpd), render slots, server-sent events,
 *                watching the content, signals.
 * Nothing from a URL reaches the file system: ids are looked up in the
 * catalogue, which was loaded from the content folder alone.
 */
#ifndef LEAFLET_SERVE_H
#define LEAFLET_SERVE_H

#include <stddef.h>
#include <stdio.h>

#include "leaflet/arena.h"
#include "leaflet/diag.h"
#include "leaflet/document.h"
#include "leaflet/jobs.h"
#include "leaflet/model.h"

/* ---- the server (server.c) ------------------------------------------------ */

typedef struct lf_serve_options {
  const char *bind;             /* a numeric IPv4 or IPv6 address; "127.0.0.1" */
  int port;                     /* 0: any free port (said at start-up) */
  const char *content_dir;      /* "content" */
  int watch;                    /* reload on changes, tell open pages (SSE) */
  int allow_overdue;            /* print leaflets past review ("Review overdue") */
  lf_date today;                /* review dates are checked against this ... */
  int today_fixed;              /* ... when set (--today), else against ... */
  lf_date (*clock)(void);       /* ... the local date at each request */
  int renders;                  /* renders at once; 0 = one per core */
  int queue;                    /* renders that may wait beyond those */
  int header_seconds;           /* a request must arrive whole in this;
                                   0: LF_SERVE_HEADER_SECONDS */
  FILE *err;                    /* start-up, reloads, diagnostics */
} lf_serve_options;

/* Bounds on what a client may send or hold (server.c, request.c). */
enum {
  LF_SERVE_MAX_PATH = 512,         /* bytes of the path: else 414 */
  LF_SERVE_MAX_QUERY = 1024,       /* bytes of every query argument: else 414 */
  LF_SERVE_MAX_ARGS = 16,          /* query arguments: else 414 */
  LF_SERVE_MAX_SEARCH = 200,       /* bytes of a search, decoded: else 400 */
  LF_SERVE_MAX_HEADERS = 48,       /* header lines: else 431 */
  LF_SERVE_MAX_HEADER_BYTES = 16384,/* bytes of all headers: else 431 (a sign-in
                                      proxy passes on its session cookies, often
                                      4 to 8 KB, sometimes more) */
  LF_SERVE_CONNECTIONS = 256,      /* open connections at once */
  LF_SERVE_PER_CLIENT = 128,       /* of them from one address */
  LF_SERVE_STREAMS = 64,           /* open event streams (--watch) */
  LF_SERVE_HEADER_SECONDS = 10,    /* a request must arrive whole in this */
  LF_SERVE_REQUEST_SECONDS = 60,   /* and be answered in this (not streams) */
  LF_SERVE_QUEUE_SECONDS = 10,     /* a render waits this long for its turn */
  LF_SERVE_IDLE_SECONDS = 15,      /* a silent connection is closed */
  LF_SERVE_DRAIN_SECONDS = 30      /* SIGTERM: in-flight work gets this long */
};

/*
 * 'lf_serve()' - Load the catalogue, listen on opts->bind:port (saying so
 * on opts->err, with a warning when the address is not a loopback one),
 * and answer requests until SIGTERM or SIGINT; SIGHUP reloads the content.
 * On SIGTERM no new request is taken, renders under way finish and their
 * answers are sent (for up to LF_SERVE_DRAIN_SECONDS), then it returns.
 * Must be called before any other thread is started: it blocks those
 * signals in every thread and takes them with sigwait().  Returns an
 * LF_EXIT_* status (LF_EXIT_FAILED when it could not start, or when the
 * content could not be loaded and opts->watch is not set).
 */
int lf_serve(const lf_serve_options *opts);

/* ---- the catalogue (catalogue.c) ------------------------------------------ */

/* One document a nurse can print: a leaflet, or one edition of it. */
typedef struct lf_catalogue_entry {
  const lf_leaflet *leaflet;
  size_t edition;               /* 0 for a leaflet without editions */
  const char *tumour_id;        /* NULL without editions */
  const char *tumour_name;      /* NULL without editions */
  const char *title;            /* plain text */
  const lf_drug **drugs;        /* the drugs it has a section on, in order */
  size_t drug_count;
  const char *search;           /* what a search looks in, lower case */
  lf_document doc;              /* resolved (when !broken): the page's text */
  int broken;                   /* resolving (or with 'check_renders', rendering) failed */
  lf_diags diags;               /* what resolving (and rendering) reported */
} lf_catalogue_entry;

typedef struct lf_catalogue {
  lf_arena *arena;
  const char *content_dir;
  const lf_content *content;    /* NULL: a file leaflets share has errors */
  lf_catalogue_entry *entries;
  size_t count;
  const lf_format **formats;    /* the content's formats by body size ... */
  const lf_fontset **fonts;     /* ... and their fonts (NULL: would not load) */
  size_t format_count;
  lf_font_cache font_cache;
  lf_diags diags;               /* loading's diagnostics and the fonts' */
  unsigned long generation;     /* counts reloads; pages carry it */
} lf_catalogue;

/*
 * 'lf_catalogue_load()' - Load 'content_dir', resolve every leaflet and
 * edition, and load the fonts of every print format.  With
 * 'check_renders' (an author's --watch), each document is also rendered
 * once in its first format so that layout errors (a character in no font)
 * show before anyone asks.  Errors are kept in the catalogue, never
 * fatal: content with errors in shared files is a catalogue with no
 * entries.  NULL only when out of memory.
 */
lf_catalogue *lf_catalogue_load(const char *content_dir, unsigned long generation,
                                int check_renders);

/* 'lf_catalogue_free()' - Free a catalogue and everything in it. */
void lf_catalogue_free(lf_catalogue *cat);

/* 'lf_catalogue_errors()' - Errors in loading plus those of every entry. */
size_t lf_catalogue_errors(const lf_catalogue *cat);

/*
 * 'lf_catalogue_find()' - The entry for 'leaflet' and 'tumour' (NULL for a
 * leaflet without editions), compared as whole strings; NULL when there is
 * none (a template's id without a tumour is not an entry).
 */
const lf_catalogue_entry *lf_catalogue_find(const lf_catalogue *cat, const char *leaflet,
                                            const char *tumour);

/* 'lf_catalogue_broken()' - Whether 'leaflet' names a leaflet file that did
 * not load (its errors are in cat->diags). */
int lf_catalogue_broken(const lf_catalogue *cat, const char *leaflet);

/*
 * 'lf_catalogue_query_words()' - Whether 'query' holds a word to search
 * for (not only spaces and punctuation, which match every leaflet).
 */
int lf_catalogue_query_words(const char *query);

/*
 * 'lf_catalogue_matches()' - Whether an entry matches a search: every word
 * of 'query' (split at anything but letters and digits, ASCII letters
 * compared without case) is found in the entry's title, tumour type, drug
 * and brand names or keywords.  An empty query matches everything.  The
 * page's script does the same on the same text, so a search typed gives
 * what the same search sent does.
 */
int lf_catalogue_matches(const lf_catalogue_entry *entry, const char *query);

/* 'lf_catalogue_format()' - The content's format named 'name', or NULL. */
const lf_format *lf_catalogue_format(const lf_catalogue *cat, const char *name);

/* 'lf_catalogue_fonts()' - The fonts of 'format' (a content format, or one
 * made from one: the same files), or NULL when they did not load. */
const lf_fontset *lf_catalogue_fonts(const lf_catalogue *cat, const lf_format *format);

/* ---- what a request may say (request.c) ---------------------------------- */

typedef enum lf_route_kind {
  LF_ROUTE_CATALOGUE,           /* /                          */
  LF_ROUTE_LEAFLET,             /* /leaflets/ID[/TUMOUR]      */
  LF_ROUTE_PDF,                 /* /leaflets/ID[/TUMOUR]/pdf  */
  LF_ROUTE_ASSET,               /* /assets/NAME               */
  LF_ROUTE_EVENTS               /* /events (--watch)          */
} lf_route_kind;

#define LF_ID_MAX LF_CONTENT_ID_MAX

typedef struct lf_route {
  lf_route_kind kind;
  char leaflet[LF_ID_MAX + 1];  /* a well-formed id, not yet checked ... */
  char tumour[LF_ID_MAX + 1];   /* ... against the catalogue; "" for none */
  char asset[LF_ID_MAX + 1];
} lf_route;

/*
 * 'lf_route_parse()' - The route of a raw (still %-encoded) path.  Each
 * segment is %-decoded strictly, then an id must be what content ids are,
 * 1 to LF_ID_MAX lowercase letters, digits and '-' (an asset's name may
 * also hold capitals, '_' and '.', not first): so "..", "%2e%2e", "%2f",
 * "\\" and their double encodings are never ids.  Returns an HTTP status:
 * 200 (a route in 'out'), 400 (bad %-encoding, NUL, control characters or
 * invalid UTF-8), 404 (no such route, an id that is not one) or 414 (longer
 * than LF_SERVE_MAX_PATH).
 */
int lf_route_parse(const char *path, lf_route *out);

/*
 * 'lf_percent_decode()' - Decode 'len' bytes of %-encoded text into 'out'
 * (room for 'cap' bytes and a NUL): every '%' must start two hex digits,
 * and the result must be UTF-8 without control characters (C0, DEL, C1).
 * Returns the decoded length, or -1 (bad encoding, or longer than 'cap').
 */
long lf_percent_decode(const char *in, size_t len, char *out, size_t cap);

/* What a nurse chose on a leaflet's page. */
typedef enum lf_choice_field {
  LF_CHOICE_SIZE,               /* the size typed (or nothing in particular) */
  LF_CHOICE_FORMAT,             /* the format chosen */
  LF_CHOICE_LAYOUT              /* A4 pages or an A5 booklet */
} lf_choice_field;

typedef struct lf_print_choice {
  char format[LF_ID_MAX + 1];   /* a print format's name, or "" for a size */
  double size;                  /* > 0: a body size, 12 to 48 pt */
  int size_chosen;              /* "Another size" chosen, even a size refused */
  char typed_size[LF_ID_MAX + 1]; /* the size box as sent, to show it again */
  int booklet;                  /* A5 booklet, imposed for folding */
  int inline_view;              /* show in the browser, not download */
  int thick;                    /* "thick=yes": a booklet thicker than
                                   LF_BOOKLET_SHEETS_MAX sheets all the same */
  lf_choice_field problem;      /* the field a reason given is about */
} lf_print_choice;

/*
 * 'lf_print_choice_parse()' - The choice from the query's raw (%-encoded)
 * values, any of which may be NULL: 'format' a format name or "size" (then
 * 'size' from 12 to 48, whole or half points; "20", "20.5", "20pt"),
 * 'layout' "pages" (default) or "booklet", 'view' "inline" or absent.
 * Returns 0, or an HTTP status (400) with a plain-English reason in 'why';
 * a choice refused still holds what was sent (the size typed, the format,
 * the layout), so that the form comes back as the nurse left it.
 * Whether the format exists is the catalogue's question, not this one's.
 */
int lf_print_choice_parse(const char *format, const char *size, const char *layout,
                          const char *view, lf_print_choice *out, char *why, size_t why_size);

/*
 * 'lf_content_disposition()' - The Content-Disposition of a file named for
 * people: "<title> - <format words>.<ending>" ("pdf", "brf") as UTF-8
 * (filename*, RFC 6266 and 8187) with 'fallback' (the command line's file
 * name) as the plain ASCII filename; characters a file system or a header
 * would choke on ('/', '\\', '"', controls) are left out.  Into 'out' (at
 * least 256 bytes).
 */
void lf_content_disposition(const char *title, const char *format_words, const char *ending,
                            const char *fallback, int inline_view, char *out, size_t size);

/*
 * 'lf_is_loopback()' - Whether a numeric address is a loopback one
 * (127.0.0.0/8, ::1, ::ffff:127.x.x.x); anything else is said at start-up.
 */
int lf_is_loopback(const char *address);

/* ---- pages (pages.c, assets.c) ------------------------------------------- */

/* What every page needs to know besides its subject. */
typedef struct lf_page_context {
  const lf_catalogue *cat;
  lf_date today;                /* for "Review overdue" */
  int allow_overdue;            /* overdue leaflets may be printed */
  int watch;                    /* an author's server: pages reload on changes
                                   and list every diagnostic */
} lf_page_context;

/*
 * The pages.  Each returns a malloc'd HTML document ('*len' bytes) that
 * the caller frees, or NULL when out of memory.  Content is escaped;
 * pages load /assets/leaflet.css and /assets/leaflet.js and nothing else.
 *
 * 'lf_page_catalogue()' - Every entry, with those 'query' does not match
 *   hidden (so the script can show them again as the search changes).
 * 'lf_page_leaflet()' - An entry: its facts, the print form (or why it
 *   cannot be printed), its problems for an author, and its text.  With
 *   'error', the 'choice' that caused it is shown again with the error.
 * 'lf_page_editions()' - The editions of a leaflet with editions.
 * 'lf_page_problem()' - 'title' and 'message', then for an author the
 *   diagnostics of 'diags' (of 'only_file' alone when not NULL).
 */
char *lf_page_catalogue(const lf_page_context *ctx, const char *query, size_t *len);
char *lf_page_leaflet(const lf_page_context *ctx, const lf_catalogue_entry *entry,
                      const lf_print_choice *choice, const char *error, size_t *len);
char *lf_page_editions(const lf_page_context *ctx, const lf_leaflet *leaflet, size_t *len);
char *lf_page_problem(const lf_page_context *ctx, const char *title, const char *message,
                      const lf_diags *diags, const char *only_file, size_t *len);

/* 'lf_format_words()' - "large print (18 pt)", "20 pt print", with
 * ", A5 booklet" when 'booklet'; into 'buf'. */
char *lf_format_words(const lf_catalogue *cat, const lf_format *format, int booklet, char *buf,
                      size_t size);

/*
 * 'lf_asset()' - A file the pages load, by name ("leaflet.css",
 * "leaflet.js"): its bytes, length and media type; NULL for any other
 * name.  They are compiled in: no request reads a file.
 */
const char *lf_asset(const char *name, size_t *len, const char **type);

#endif
