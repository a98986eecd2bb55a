/*
 * server.c -- `leaflet serve` over HTTP (serve.h), on libmicrohttpd.
 *
 * Threads, and why:
 *   - the calling thread blocks SIGTERM, SIGINT and SIGHUP for every
 *     thread, then waits for them with sigwait(): a signal is an ordinary
 *     event on one thread, so there is no handler, no flag written from a
 *     signal context, no global; it reloads on SIGHUP and drains on SIGTERM;
 *   - libmicrohttpd runs a thread per connection (at most
 *     LF_SERVE_CONNECTIONS, small stacks): a thread that may block makes
 *     waiting for a render and an event stream plain waits on condition
 *     variables;
 *   - 'renders' render threads (one per core by default) take renders from
 *     a queue of at most 'queue' waiting: renders, and the memory they
 *     use, stay on those few threads however many connections wait;
 *   - one housekeeping thread watches the content (inotify: a save is seen
 *     at once, where polling once a second would use up the second the
 *     page has to reload in, and costs nothing while nothing changes) and
 *     cuts connections that take too long to send a request or to be
 *     answered (a slowloris client holds a thread for
 *     LF_SERVE_HEADER_SECONDS at most).
 * Everything they share is in one 'server', under one mutex.
 *
 * A request's path is parsed by lf_route_parse() from its raw bytes (the
 * unescape callback leaves them as they came); ids are looked up in the
 * catalogue; renders are the jobs layer's lf_render_document() on the
 * render threads, with at most 'queue' waiting (beyond that, or after
 * LF_SERVE_QUEUE_SECONDS in the queue, 503 and Retry-After).  No request
 * line, header, query or address is ever logged: a search box can hold a
 * patient's name.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mhd.h"

#include "leaflet/history.h"
#include "leaflet/layout.h"
#include "leaflet/serve.h"

/* A catalogue and how many requests are using it. */
typedef struct snapshot {
  lf_catalogue *cat;
  size_t users;                 /* the server's own reference counts as one */
} snapshot;

/* What the housekeeping thread knows of a connection. */
typedef enum conn_state {
  CONN_FREE, CONN_HEADERS, CONN_REQUEST, CONN_STREAM, CONN_CUT
} conn_state;

typedef struct conn_slot {
  conn_state state;
  int fd;
  double since;                 /* when the current state began */
} conn_slot;

#define MAX_WATCHES 256

typedef struct server {
  const lf_serve_options *opts;
  lf_mhd mhd;                   /* libmicrohttpd, loaded at start */
  struct MHD_Daemon *daemon;
  pthread_mutex_t lock;
  pthread_cond_t changed;       /* a new catalogue, or stopping */
  pthread_cond_t job_ready;     /* a render was queued, or the workers are to end */
  pthread_cond_t job_done;      /* a render finished */
  pthread_mutex_t reload_lock;  /* one reload at a time (SIGHUP, --watch) */
  snapshot *current;
  unsigned long generation;
  int stopping;                 /* SIGTERM: answer what is under way, take nothing new */
  int done;                     /* the housekeeping thread is to end */
  size_t renders, queue;        /* limits: render threads, renders waiting */
  struct render_job *queue_head, *queue_tail;
  size_t rendering, waiting;
  pthread_t *workers;
  size_t worker_count;
  int workers_done;             /* the render threads are to end */
  size_t in_flight;             /* requests being answered, streams aside */
  size_t streams;
  conn_slot conns[LF_SERVE_CONNECTIONS];
  lf_pdf_cache *cache;
  int watch_fd;                 /* inotify, or -1 */
  size_t watch_count;
} server;

/* A request's own state, from its first call to its completion. */
typedef struct request {
  server *s;
  conn_slot *slot;
  int counted;                  /* in s->in_flight */
} request;

/* A render waiting in the queue, being rendered, or done. */
typedef struct render_job {
  lf_render_request req;
  lf_rendered out;
  lf_diags diags;
  int rc;
  int started, done;
  struct render_job *next;
} render_job;

/* An event stream's state. */
typedef struct stream {
  server *s;
  unsigned long sent;           /* the generation last told */
  int started;
  int fd;                       /* the connection's socket, or -1 */
} stream;

/*
 * 'now()' - Monotonic seconds.
 */
static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * 'wait_until()' - Wait on 'cond' until the monotonic time 'when'; returns
 * ETIMEDOUT once it has passed.
 */
static int wait_until(pthread_cond_t *cond, pthread_mutex_t *lock, double when) {
  struct timespec ts;
  ts.tv_sec = (time_t)when;
  ts.tv_nsec = (long)((when - (double)ts.tv_sec) * 1e9);
  return pthread_cond_timedwait(cond, lock, &ts);
}

/*
 * 'say()' - A line on the server's log (never a request's contents).
 */
static void say(const server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const server *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  flockfile(s->opts->err); /* one whole line, whichever thread says it */
  fputs("leaflet serve: ", s->opts->err);
  vfprintf(s->opts->err, fmt, ap);
  fputc('\n', s->opts->err);
  fflush(s->opts->err);
  funlockfile(s->opts->err);
  va_end(ap);
}

/* ---- catalogues ------------------------------------------------------------ */

/*
 * 'acquire()' - The current catalogue, held until release().
 */
static snapshot *acquire(server *s) {
  pthread_mutex_lock(&s->lock);
  snapshot *snap = s->current;
  snap->users++;
  pthread_mutex_unlock(&s->lock);
  return snap;
}

/*
 * 'release()' - Let go of a catalogue; the last user frees it.
 */
static void release(server *s, snapshot *snap) {
  pthread_mutex_lock(&s->lock);
  int last = --snap->users == 0;
  pthread_mutex_unlock(&s->lock);
  if (last) {
    lf_catalogue_free(snap->cat);
    free(snap);
  }
}

/*
 * 'report_catalogue()' - What a load found, on the log.
 */
static void report_catalogue(server *s, const lf_catalogue *cat) {
  flockfile(s->opts->err);
  lf_diags_print(&cat->diags, s->opts->err);
  for (size_t i = 0; i < cat->count; i++)
    lf_diags_print(&cat->entries[i].diags, s->opts->err);
  funlockfile(s->opts->err);
  size_t errors = lf_catalogue_errors(cat);
  say(s, "%s: %zu document%s, %zu error%s", cat->content_dir, cat->count,
      cat->count == 1 ? "" : "s", errors, errors == 1 ? "" : "s");
}

/*
 * 'fonts_missing()' - Whether a print format's fonts did not load (a style
 * file naming a font that is not there): every PDF in it would fail.
 */
static int fonts_missing(const lf_catalogue *cat) {
  for (size_t i = 0; i < cat->format_count; i++)
    if (!cat->formats[i]->braille && !cat->fonts[i])
      return 1;
  return 0;
}

/*
 * 'reload()' - Load the content again and make it current; open pages
 * hear of it through their event streams.  Without --watch, content that
 * does not load as a whole (a typo in the glossary, a folder half
 * copied), or whose fonts do not load, is reported and not made current:
 * the catalogue loaded before goes on being served, rather than none at
 * all.  Returns 0, or -1 when out of memory (the old catalogue stays).
 */
static int reload(server *s) {
  pthread_mutex_lock(&s->reload_lock);
  pthread_mutex_lock(&s->lock);
  unsigned long generation = s->generation + 1;
  pthread_mutex_unlock(&s->lock);
  lf_catalogue *cat = lf_catalogue_load(s->opts->content_dir, generation, s->opts->watch);
  snapshot *snap = cat ? calloc(1, sizeof *snap) : NULL;
  if (!snap) {
    lf_catalogue_free(cat);
    pthread_mutex_unlock(&s->reload_lock);
    say(s, "out of memory while loading the content");
    return -1;
  }
  snap->cat = cat;
  snap->users = 1;
  report_catalogue(s, cat);
  if ((!cat->content || fonts_missing(cat)) && !s->opts->watch && s->current) {
    say(s, "the new content has errors: still serving the content loaded before (fix the "
           "errors above and reload again)");
    lf_catalogue_free(cat);
    free(snap);
    pthread_mutex_unlock(&s->reload_lock);
    return 0;
  }
  pthread_mutex_lock(&s->lock);
  snapshot *old = s->current;
  s->current = snap;
  s->generation = generation;
  pthread_cond_broadcast(&s->changed);
  pthread_mutex_unlock(&s->lock);
  if (old)
    release(s, old);
  pthread_mutex_unlock(&s->reload_lock);
  return 0;
}

/* ---- answers --------------------------------------------------------------- */

/* The policy every answer carries: only this server's own style sheet and
 * script, no inline script or style, no framing, no sniffing. */
static const char content_security_policy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/*
 * 'send_answer()' - Queue 'body' ('len' bytes, taken over and freed
 * later when 'owned') with its status, type and the security headers.
 */
static enum MHD_Result send_answer(server *s, struct MHD_Connection *c, unsigned status,
                                   const char *type, char *body, size_t len, int owned,
                                   const char *const *extra) {
  struct MHD_Response *r = s->mhd.create_response_from_buffer(
      len, body, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
  if (!r) {
    if (owned)
      free(body);
    return MHD_NO;
  }
  s->mhd.add_response_header(r, "Content-Type", type);
  s->mhd.add_response_header(r, "Content-Security-Policy", content_security_policy);
  s->mhd.add_response_header(r, "X-Content-Type-Options", "nosniff");
  s->mhd.add_response_header(r, "X-Frame-Options", "DENY");
  s->mhd.add_response_header(r, "Referrer-Policy", "no-referrer");
  s->mhd.add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
  s->mhd.add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
  s->mhd.add_response_header(r, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  int cache_set = 0;
  for (size_t i = 0; extra && extra[i]; i += 2) {
    s->mhd.add_response_header(r, extra[i], extra[i + 1]);
    cache_set |= strcmp(extra[i], "Cache-Control") == 0;
  }
  if (!cache_set)
    s->mhd.add_response_header(r, "Cache-Control", "no-store");
  pthread_mutex_lock(&s->lock);
  int stopping = s->stopping;
  pthread_mutex_unlock(&s->lock);
  if (stopping)
    s->mhd.add_response_header(r, "Connection", "close");
  enum MHD_Result ok = s->mhd.queue_response(c, status, r);
  s->mhd.destroy_response(r);
  return ok;
}

/*
 * 'send_page()' - An HTML page (NULL: out of memory, a 500 in words).
 */
static enum MHD_Result send_page(server *s, struct MHD_Connection *c, unsigned status,
                                 char *html, size_t len, const char *const *extra) {
  static const char oom[] = "Out of memory: try again.\n";
  if (!html)
    return send_answer(s, c, 500, "text/plain; charset=utf-8", (char *)oom, sizeof oom - 1, 0,
                       NULL);
  return send_answer(s, c, status, "text/html; charset=utf-8", html, len, 1, extra);
}

/*
 * 'send_problem()' - A page that says what went wrong (lf_page_problem()).
 */
static enum MHD_Result send_problem(server *s, struct MHD_Connection *c, unsigned status,
                                    const lf_page_context *ctx, const char *title,
                                    const char *message, const lf_diags *diags,
                                    const char *only_file, const char *const *extra) {
  size_t len = 0;
  char *html = lf_page_problem(ctx, title, message, diags, only_file, &len);
  return send_page(s, c, status, html, len, extra);
}

/* ---- limits on what a request may say -------------------------------------- */

typedef struct tally {
  size_t count, bytes;
} tally;

/*
 * 'count_value()' - Count a header or a query argument and its bytes.
 */
static enum MHD_Result count_value(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value) {
  (void)kind;
  tally *t = cls;
  t->count++;
  t->bytes += (key ? strlen(key) : 0) + (value ? strlen(value) : 0) + 4;
  return MHD_YES;
}

/*
 * 'check_limits()' - 0, or the status a request over the limits gets.
 */
static unsigned check_limits(const lf_mhd *mhd, struct MHD_Connection *c, const char *url) {
  tally headers = {0}, args = {0};
  mhd->get_connection_values(c, MHD_HEADER_KIND, count_value, &headers);
  if (headers.count > LF_SERVE_MAX_HEADERS || headers.bytes > LF_SERVE_MAX_HEADER_BYTES)
    return 431;
  mhd->get_connection_values(c, MHD_GET_ARGUMENT_KIND, count_value, &args);
  if (strlen(url) > LF_SERVE_MAX_PATH || args.count > LF_SERVE_MAX_ARGS ||
      args.bytes > LF_SERVE_MAX_QUERY)
    return 414;
  const char *length = mhd->lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
  if (mhd->lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding") ||
      (length && strcmp(length, "0") != 0))
    return 413;
  return 0;
}

/* ---- the routes -------------------------------------------------------------- */

/*
 * 'send_catalogue()' - The catalogue, searched by ?q=.
 */
static enum MHD_Result send_catalogue(server *s, struct MHD_Connection *c,
                                      const lf_page_context *ctx) {
  const char *raw = s->mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q");
  char query[LF_SERVE_MAX_SEARCH + 1] = "";
  if (raw && lf_percent_decode(raw, strlen(raw), query, LF_SERVE_MAX_SEARCH) < 0)
    return send_problem(s, c, 400, ctx, "That search cannot be read",
                        "The search was too long, or the address is damaged. Go to the list "
                        "and search again.", NULL, NULL, NULL);
  size_t len = 0;
  char *html = lf_page_catalogue(ctx, query, &len);
  return send_page(s, c, 200, html, len, NULL);
}

/*
 * 'leaflet_file()' - The path a leaflet's file is reported under.
 */
static void leaflet_file(const lf_catalogue *cat, const char *id, char *buf, size_t size) {
  snprintf(buf, size, "%s/leaflets/%s.yaml", cat->content_dir, id);
}

/*
 * 'send_missing()' - The answer for a leaflet route that is not an entry:
 * the content's errors, a leaflet file's errors, its editions, or 404.
 */
static enum MHD_Result send_missing(server *s, struct MHD_Connection *c,
                                    const lf_page_context *ctx, const lf_route *route) {
  const lf_catalogue *cat = ctx->cat;
  if (!cat->content)
    return send_problem(s, c, 503, ctx, "The content has errors",
                        "No leaflet can be shown until the errors in the content are fixed.",
                        &cat->diags, NULL, NULL);
  if (lf_catalogue_broken(cat, route->leaflet)) {
    char file[1024];
    leaflet_file(cat, route->leaflet, file, sizeof file);
    return send_problem(s, c, 500, ctx, "This leaflet has errors",
                        "This leaflet cannot be shown or printed until the errors in its file "
                        "are fixed.", &cat->diags, file, NULL);
  }
  const lf_leaflet *l = lf_content_leaflet(cat->content, route->leaflet);
  if (l && l->edition_count && !route->tumour[0] && route->kind == LF_ROUTE_LEAFLET) {
    size_t len = 0;
    char *html = lf_page_editions(ctx, l, &len);
    return send_page(s, c, 200, html, len, NULL);
  }
  return send_problem(s, c, 404, ctx, "There is no such leaflet",
                      "Check the address, or find the leaflet in the list.", NULL, NULL, NULL);
}

/*
 * 'pick_format()' - The print format a choice names: a content format; a
 * size (the content's format of that body size, else lf_format_for_size());
 * on A5 for a booklet, the format it was made from in '*base'.  NULL with
 * a reason in 'why'.
 */
static const lf_format *pick_format(const lf_catalogue *cat, lf_arena *arena,
                                    lf_print_choice *choice, const lf_format **base,
                                    char *why, size_t why_size) {
  const lf_format *f = NULL;
  if (choice->size > 0) {
    for (size_t i = 0; i < cat->format_count && !f; i++)
      if (cat->formats[i]->body_size == choice->size)
        f = cat->formats[i];
    lf_diags ignored;
    lf_diags_init(&ignored);
    if (!f)
      f = lf_format_for_size(arena, cat->content, choice->size, &ignored);
    lf_diags_free(&ignored);
  } else if (choice->format[0]) {
    f = lf_catalogue_format(cat, choice->format);
  } else {
    f = cat->format_count ? cat->formats[0] : NULL;
  }
  if (!f) {
    snprintf(why, why_size, "There is no print format with that name: choose one of those "
             "listed.");
    choice->problem = LF_CHOICE_FORMAT;
    return NULL;
  }
  *base = f;
  if (choice->booklet && f->braille) {
    snprintf(why, why_size, "A booklet is for print: choose A4 pages for braille.");
    choice->problem = LF_CHOICE_LAYOUT;
    return NULL;
  }
  if (choice->booklet && !(f = lf_format_on_paper(arena, f, "A5")))
    snprintf(why, why_size, "Out of memory: try again.");
  return f;
}

/*
 * 'render_worker()' - A render thread: take the oldest job, render it,
 * say it is done; end when told to once the queue is empty.  Renders run
 * on these threads alone (one per core by default), so the memory they
 * use is that of a few threads however many connections are open.
 */
static void *render_worker(void *arg) {
  server *s = arg;
  pthread_mutex_lock(&s->lock);
  for (;;) {
    while (!s->queue_head && !s->workers_done)
      pthread_cond_wait(&s->job_ready, &s->lock);
    render_job *job = s->queue_head;
    if (!job)
      break;
    s->queue_head = job->next;
    if (!s->queue_head)
      s->queue_tail = NULL;
    s->waiting--;
    s->rendering++;
    job->started = 1;
    pthread_mutex_unlock(&s->lock);
    job->rc = lf_render_document(&job->req, &job->out, &job->diags);
    pthread_mutex_lock(&s->lock);
    s->rendering--;
    job->done = 1;
    pthread_cond_broadcast(&s->job_done);
  }
  pthread_mutex_unlock(&s->lock);
  return NULL;
}

/*
 * 'render_queued()' - Queue a render and wait for it: 0 when rendered
 * (job->rc says how it went), -1 when the queue is full or its turn has
 * not come by 'deadline' (it is then taken off the queue: busy).
 */
static int render_queued(server *s, render_job *job, double deadline) {
  pthread_mutex_lock(&s->lock);
  if (s->rendering + s->waiting >= s->renders + s->queue) {
    pthread_mutex_unlock(&s->lock);
    return -1;
  }
  if (s->queue_tail)
    s->queue_tail->next = job;
  else
    s->queue_head = job;
  s->queue_tail = job;
  s->waiting++;
  pthread_cond_signal(&s->job_ready);
  while (!job->done) {
    if (job->started) {
      /* under way: it ends when the render ends, deadline or not (a timed
       * wait past the deadline returned at once, and the thread spun) */
      pthread_cond_wait(&s->job_done, &s->lock);
      continue;
    }
    if (wait_until(&s->job_done, &s->lock, deadline) == ETIMEDOUT && !job->started) {
      /* still waiting its turn: out of the queue, and busy */
      render_job **p = &s->queue_head, *prev = NULL;
      while (*p != job) {
        prev = *p;
        p = &(*p)->next;
      }
      *p = job->next;
      if (s->queue_tail == job)
        s->queue_tail = prev;
      s->waiting--;
      pthread_mutex_unlock(&s->lock);
      return -1;
    }
  }
  pthread_mutex_unlock(&s->lock);
  return 0;
}

/*
 * 'start_workers()' - The render threads; -1 when none would start.
 */
static int start_workers(server *s) {
  s->workers = calloc(s->renders, sizeof *s->workers);
  for (size_t i = 0; s->workers && i < s->renders; i++)
    if (pthread_create(&s->workers[s->worker_count], NULL, render_worker, s) == 0)
      s->worker_count++;
  return s->worker_count ? 0 : -1;
}

/*
 * 'stop_workers()' - Let the render threads finish what is queued and end.
 */
static void stop_workers(server *s) {
  pthread_mutex_lock(&s->lock);
  s->workers_done = 1;
  pthread_cond_broadcast(&s->job_ready);
  pthread_mutex_unlock(&s->lock);
  for (size_t i = 0; i < s->worker_count; i++)
    pthread_join(s->workers[i], NULL);
  free(s->workers);
  s->workers = NULL;
  s->worker_count = 0;
}

/*
 * 'send_pdf()' - Render an entry as chosen and send it, named for people.
 */
static enum MHD_Result send_pdf(server *s, struct MHD_Connection *c, const lf_page_context *ctx,
                                const lf_catalogue_entry *e, double started) {
  const lf_catalogue *cat = ctx->cat;
  lf_print_choice choice;
  char why[256];
  unsigned status = (unsigned)lf_print_choice_parse(
      s->mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "format"),
      s->mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "size"),
      s->mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "layout"),
      s->mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "view"), &choice, why, sizeof why);
  const char *thick = s->mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "thick");
  choice.thick = thick && strcmp(thick, "yes") == 0;
  if (e->broken)
    return send_problem(s, c, 500, ctx, "This leaflet has errors",
                        "This leaflet cannot be printed until the errors in it are fixed.",
                        &e->diags, NULL, NULL);
  lf_diags future;
  lf_diags_init(&future);
  size_t claims = lf_check_not_future(e->leaflet, ctx->today, &future);
  lf_diags_free(&future);
  if (claims)
    return send_problem(s, c, 409, ctx, "Not available for printing",
                        "This leaflet says it was reviewed or signed off on a date after "
                        "today. It can be printed once the content team has corrected the "
                        "date.", NULL, NULL, NULL);
  if (lf_days_between(ctx->today, e->leaflet->next_review) < 0 && !ctx->allow_overdue)
    return send_problem(s, c, 409, ctx, "Not available for printing",
                        "This leaflet is past its review date. It can be printed again once "
                        "the content team has reviewed it.", NULL, NULL, NULL);
  lf_arena *arena = lf_arena_new(1 << 20);
  const lf_format *f = NULL, *base = NULL;
  if (status == 0 && arena && !(f = pick_format(cat, arena, &choice, &base, why, sizeof why)))
    status = 400;
  if (status != 0 || !arena) {
    lf_arena_free(arena);
    size_t len = 0;
    char *html = lf_page_leaflet(ctx, e, &choice, arena ? why : "Out of memory: try again.", &len);
    return send_page(s, c, arena ? status : 500, html, len, NULL);
  }
  const lf_fontset *fonts = f->braille ? NULL : lf_catalogue_fonts(cat, f);
  if (!fonts && !f->braille) {
    lf_arena_free(arena);
    return send_problem(s, c, 500, ctx, "The fonts did not load",
                        "Leaflets cannot be printed until the fonts are there.", &cat->diags,
                        NULL, NULL);
  }
  render_job job = {.req = {.content = cat->content, .leaflet = e->leaflet,
                            .edition = e->edition, .format = f, .fonts = fonts,
                            .today = ctx->today, .booklet = choice.booklet, .cache = s->cache}};
  lf_diags_init(&job.diags);
  if (render_queued(s, &job, started + LF_SERVE_QUEUE_SECONDS) != 0) {
    lf_diags_free(&job.diags);
    lf_arena_free(arena);
    static const char *const retry[] = {"Retry-After", "2", NULL};
    return send_problem(s, c, 503, ctx, "Busy: try again in a moment",
                        "Many leaflets are being printed at once. Try again in a few seconds.",
                        NULL, NULL, retry);
  }
  for (size_t i = 0; job.rc != 0 && i < job.diags.count; i++)
    if (job.diags.items[i].kind == LF_DIAG_PAGE_ROOM) {
      /* the size asked for, not the content: the leaflet's page again,
       * saying why, to choose another */
      snprintf(why, sizeof why,
               "%g pt is too large for %s: a page would have room for fewer than three lines "
               "of text. Choose a smaller size%s.",
               f->body_size, choice.booklet ? "an A5 booklet" : "A4 pages",
               choice.booklet ? ", or A4 pages" : "");
      choice.problem = choice.size > 0 ? LF_CHOICE_SIZE : LF_CHOICE_LAYOUT;
      lf_diags_free(&job.diags);
      lf_arena_free(arena);
      size_t len = 0;
      char *html = lf_page_leaflet(ctx, e, &choice, why, &len);
      return send_page(s, c, 400, html, len, NULL);
    }
  if (job.rc != 0) {
    /* the content's problem on the log too, for whoever looks after it
     * (the page lists it only to an author, with --watch) */
    say(s, "%s%s%s in %s could not be made:", e->leaflet->id, e->tumour_id ? "/" : "",
        e->tumour_id ? e->tumour_id : "", f->name);
    flockfile(s->opts->err);
    lf_diags_print(&job.diags, s->opts->err);
    funlockfile(s->opts->err);
    enum MHD_Result r =
        f->braille
            ? send_problem(s, c, 500, ctx, "Braille is not available for this leaflet",
                           "Its text cannot be put into braille yet (its language has no braille "
                           "table, or a letter in it has no braille). Print it in large print "
                           "instead, and tell the patient information team.",
                           &job.diags, NULL, NULL)
            : send_problem(s, c, 500, ctx, "This leaflet could not be made",
                           "There is a problem in the content of this leaflet.", &job.diags,
                           NULL, NULL);
    lf_diags_free(&job.diags);
    lf_arena_free(arena);
    return r;
  }
  lf_diags_free(&job.diags);
  lf_rendered out = job.out;
  if (choice.booklet && !choice.thick && out.pages / 2 > LF_BOOKLET_SHEETS_MAX) {
    /* too thick to staple and fold: said before it is printed, as the
     * command line warns (the nurse found out at the stapler); the form
     * again, which gives the booklet all the same when sent again */
    snprintf(why, sizeof why,
             "As an A5 booklet at %g pt this leaflet takes %zu sheets, more than the %d that "
             "can be stapled and folded. Choose A4 pages or a smaller size, or press Download "
             "again for the booklet all the same.",
             f->body_size, out.pages / 2, LF_BOOKLET_SHEETS_MAX);
    free(out.data);
    lf_arena_free(arena);
    choice.problem = LF_CHOICE_LAYOUT;
    choice.thick = 1;
    size_t len = 0;
    char *html = lf_page_leaflet(ctx, e, &choice, why, &len);
    return send_page(s, c, 409, html, len, NULL);
  }
  char words[128], fallback[256], disposition[1024];
  lf_format_words(cat, base, choice.booklet, words, sizeof words);
  const char *ending = out.braille ? "brf" : "pdf";
  snprintf(fallback, sizeof fallback, "%s%s%s.%s%s.%s", e->leaflet->id, e->tumour_id ? "-" : "",
           e->tumour_id ? e->tumour_id : "", f->name, choice.booklet ? ".booklet" : "", ending);
  lf_content_disposition(e->title, words, ending, fallback, choice.inline_view, disposition,
                         sizeof disposition);
  lf_arena_free(arena);
  const char *const extra[] = {"Content-Disposition", disposition, NULL};
  /* BRF is ASCII braille: text, for an embosser or a braille display */
  return send_answer(s, c, 200, out.braille ? "text/plain; charset=us-ascii" : "application/pdf",
                     (char *)out.data, out.size, 1, extra);
}

/*
 * 'peer_gone()' - Whether the page at the other end of socket 'fd' has
 * closed it (an end of file waits to be read), without reading anything.
 */
static int peer_gone(int fd) {
  if (fd < 0)
    return 0;
  struct pollfd pfd = {.fd = fd, .events = POLLIN};
  if (poll(&pfd, 1, 0) <= 0)
    return 0;
  if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))
    return 1;
  char byte;
  ssize_t n = recv(fd, &byte, 1, MSG_PEEK);
  return n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK);
}

/*
 * 'read_events()' - An event stream: at once the current generation, then
 * each new one as it comes, a comment every 15 seconds, and the end when
 * the server stops.  Every second it looks whether the page has closed
 * the stream: a page that reloads closes its stream and opens another,
 * and a closed one held its place among the LF_SERVE_STREAMS until the
 * next write failed, up to 15 s later (so that every further page was
 * refused and stopped hearing of changes).  Blocking is allowed: the
 * connection has a thread of its own.
 */
static ssize_t read_events(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)pos;
  stream *st = cls;
  server *s = st->s;
  pthread_mutex_lock(&s->lock);
  double until = now() + 15, look = now() + 1;
  while (st->started && !s->stopping && s->generation == st->sent) {
    /* woken by other work as well (a request ending), so the time to look
     * for a closed page is kept apart from the wake-ups */
    wait_until(&s->changed, &s->lock, look < until ? look : until);
    double t = now();
    if (t >= look && s->generation == st->sent && !s->stopping) {
      if (peer_gone(st->fd)) {
        pthread_mutex_unlock(&s->lock);
        return MHD_CONTENT_READER_END_WITH_ERROR;
      }
      look = t + 1;
    }
    if (t >= until)
      break;
  }
  int n;
  if (s->stopping) {
    pthread_mutex_unlock(&s->lock);
    return MHD_CONTENT_READER_END_OF_STREAM;
  }
  if (!st->started || s->generation != st->sent) {
    n = snprintf(buf, max, "%sevent: content\ndata: %lu\n\n", st->started ? "" : "retry: 1000\n",
                 s->generation);
    st->sent = s->generation;
    st->started = 1;
  } else {
    n = snprintf(buf, max, ": still here\n\n");
  }
  pthread_mutex_unlock(&s->lock);
  return n > 0 && (size_t)n < max ? n : MHD_CONTENT_READER_END_WITH_ERROR;
}

/*
 * 'end_events()' - An event stream closed.
 */
static void end_events(void *cls) {
  stream *st = cls;
  pthread_mutex_lock(&st->s->lock);
  st->s->streams--;
  pthread_mutex_unlock(&st->s->lock);
  free(st);
}

/*
 * 'send_events()' - Open an event stream (--watch only).
 */
static enum MHD_Result send_events(server *s, struct MHD_Connection *c, request *r,
                                   const lf_page_context *ctx) {
  if (!s->opts->watch)
    return send_problem(s, c, 404, ctx, "There is no such page",
                        "Check the address, or find the leaflet in the list.", NULL, NULL, NULL);
  stream *st = calloc(1, sizeof *st);
  pthread_mutex_lock(&s->lock);
  int full = s->streams >= LF_SERVE_STREAMS;
  if (st && !full) {
    s->streams++;
    /* a stream is not work to finish on SIGTERM, nor a request to cut */
    if (r->counted) {
      s->in_flight--;
      r->counted = 0;
      pthread_cond_broadcast(&s->changed);
    }
    if (r->slot)
      r->slot->state = CONN_STREAM;
  }
  pthread_mutex_unlock(&s->lock);
  if (!st || full) {
    free(st);
    static const char *const retry[] = {"Retry-After", "5", NULL};
    return send_problem(s, c, 503, ctx, "Busy", "Too many pages are open. Close some.", NULL,
                        NULL, retry);
  }
  st->s = s;
  const union MHD_ConnectionInfo *info =
      s->mhd.get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
  st->fd = info ? info->connect_fd : -1;
  struct MHD_Response *resp =
      s->mhd.create_response_from_callback(MHD_SIZE_UNKNOWN, 1024, read_events, st, end_events);
  if (!resp) {
    end_events(st);
    return MHD_NO;
  }
  s->mhd.add_response_header(resp, "Content-Type", "text/event-stream; charset=utf-8");
  s->mhd.add_response_header(resp, "Cache-Control", "no-store");
  s->mhd.add_response_header(resp, "X-Content-Type-Options", "nosniff");
  s->mhd.add_response_header(resp, "Content-Security-Policy", content_security_policy);
  enum MHD_Result ok = s->mhd.queue_response(c, 200, resp);
  s->mhd.destroy_response(resp);
  return ok;
}

/*
 * 'route_request()' - A request within the limits: its page, file,
 * stream or PDF.
 */
static enum MHD_Result route_request(server *s, struct MHD_Connection *c, request *r,
                                     const char *url, double started) {
  snapshot *snap = acquire(s);
  lf_page_context ctx = {.cat = snap->cat, .allow_overdue = s->opts->allow_overdue,
                         .watch = s->opts->watch,
                         .today = s->opts->today_fixed ? s->opts->today : s->opts->clock()};
  lf_route route;
  unsigned status = (unsigned)lf_route_parse(url, &route);
  enum MHD_Result ok;
  if (status == 400) {
    ok = send_problem(s, c, 400, &ctx, "That address cannot be read",
                      "Part of the address is damaged (a broken %-code). Go to the list and "
                      "find the leaflet there.", NULL, NULL, NULL);
  } else if (status == 414) {
    ok = send_problem(s, c, 414, &ctx, "That address is too long",
                      "Go to the list and find the leaflet there.", NULL, NULL, NULL);
  } else if (status != 200) {
    ok = send_problem(s, c, 404, &ctx, "There is no such page",
                      "Check the address, or find the leaflet in the list.", NULL, NULL, NULL);
  } else if (route.kind == LF_ROUTE_CATALOGUE) {
    ok = send_catalogue(s, c, &ctx);
  } else if (route.kind == LF_ROUTE_ASSET) {
    size_t len;
    const char *type;
    const char *data = lf_asset(route.asset, &len, &type);
    static const char *const cache[] = {"Cache-Control", "no-cache", NULL};
    ok = data ? send_answer(s, c, 200, type, (char *)data, len, 0, cache)
              : send_problem(s, c, 404, &ctx, "There is no such file",
                             "Check the address.", NULL, NULL, NULL);
  } else if (route.kind == LF_ROUTE_EVENTS) {
    ok = send_events(s, c, r, &ctx);
  } else {
    const lf_catalogue_entry *e =
        lf_catalogue_find(snap->cat, route.leaflet, route.tumour[0] ? route.tumour : NULL);
    if (!e) {
      ok = send_missing(s, c, &ctx, &route);
    } else if (route.kind == LF_ROUTE_PDF) {
      ok = send_pdf(s, c, &ctx, e, started);
    } else {
      size_t len = 0;
      char *html = lf_page_leaflet(&ctx, e, NULL, NULL, &len);
      ok = send_page(s, c, 200, html, len, NULL);
    }
  }
  release(s, snap);
  return ok;
}

/*
 * 'answer()' - libmicrohttpd's access handler: called once when the
 * headers are in (counted and checked there), again for any body (none is
 * accepted), and once more to answer.
 */
static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **req_cls) {
  (void)version;
  (void)upload_data;
  server *s = cls;
  request *r = *req_cls;
  if (!r) {
    r = calloc(1, sizeof *r);
    if (!r)
      return MHD_NO;
    r->s = s;
    *req_cls = r;
    const union MHD_ConnectionInfo *info =
        s->mhd.get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    pthread_mutex_lock(&s->lock);
    r->slot = info ? info->socket_context : NULL;
    if (r->slot && r->slot->state != CONN_CUT) {
      r->slot->state = CONN_REQUEST;
      r->slot->since = now();
    }
    s->in_flight++;
    r->counted = 1;
    int stopping = s->stopping;
    pthread_mutex_unlock(&s->lock);
    lf_page_context ctx = {0};
    unsigned limit = check_limits(&s->mhd, c, url);
    int get = strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    if (stopping || limit || !get) {
      /* answered at once, without a catalogue or a body read */
      snapshot *snap = acquire(s);
      ctx.cat = snap->cat;
      static const char *const allow[] = {"Allow", "GET, HEAD", NULL};
      static const char *const retry[] = {"Retry-After", "5", NULL};
      enum MHD_Result ok;
      if (stopping)
        ok = send_problem(s, c, 503, &ctx, "The server is stopping",
                          "Try again in a moment.", NULL, NULL, retry);
      else if (limit == 431)
        ok = send_problem(s, c, 431, &ctx, "Too much was sent",
                          "The request's headers are too long.", NULL, NULL, NULL);
      else if (limit == 414)
        ok = send_problem(s, c, 414, &ctx, "That address is too long",
                          "Go to the list and find the leaflet there.", NULL, NULL, NULL);
      else if (limit == 413 && get)
        ok = send_problem(s, c, 413, &ctx, "Nothing can be sent to this server",
                          "This server only shows leaflets: it accepts no uploads.", NULL, NULL,
                          NULL);
      else /* another method, with a body or not: the method is what is wrong */
        ok = send_problem(s, c, 405, &ctx, "Not allowed",
                          "This server only shows leaflets.", NULL, NULL, allow);
      release(s, snap);
      return ok;
    }
    return MHD_YES;
  }
  if (*upload_data_size) {
    *upload_data_size = 0; /* not reached: a body is refused on the first call */
    return MHD_YES;
  }
  return route_request(s, c, r, url, now());
}

/*
 * 'completed()' - A request is finished (answered, or its connection
 * gone): it no longer holds a SIGTERM back.
 */
static void completed(void *cls, struct MHD_Connection *c, void **req_cls,
                      enum MHD_RequestTerminationCode code) {
  (void)c;
  (void)code;
  server *s = cls;
  request *r = *req_cls;
  if (!r)
    return;
  pthread_mutex_lock(&s->lock);
  if (r->counted)
    s->in_flight--;
  if (r->slot && r->slot->state != CONN_CUT && r->slot->state != CONN_FREE) {
    r->slot->state = CONN_HEADERS; /* the next request on this connection */
    r->slot->since = now();
  }
  pthread_cond_broadcast(&s->changed);
  pthread_mutex_unlock(&s->lock);
  free(r);
  *req_cls = NULL;
}

/*
 * 'connection_event()' - A connection opened (given a slot, so that the
 * housekeeping thread can cut it when it is too slow) or closed.
 */
static void connection_event(void *cls, struct MHD_Connection *c, void **socket_context,
                             enum MHD_ConnectionNotificationCode code) {
  server *s = cls;
  pthread_mutex_lock(&s->lock);
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    const union MHD_ConnectionInfo *info =
        s->mhd.get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    for (size_t i = 0; info && i < LF_SERVE_CONNECTIONS; i++)
      if (s->conns[i].state == CONN_FREE) {
        s->conns[i] = (conn_slot){CONN_HEADERS, info->connect_fd, now()};
        *socket_context = &s->conns[i];
        break;
      }
  } else if (*socket_context) {
    /* libmicrohttpd closes the socket only after this: the slot's fd is
     * never one another connection has been given */
    ((conn_slot *)*socket_context)->state = CONN_FREE;
    *socket_context = NULL;
  }
  pthread_mutex_unlock(&s->lock);
}

/*
 * 'keep_escaped()' - libmicrohttpd's unescape callback: leave the path and
 * the query as they came, for lf_route_parse() and lf_percent_decode(),
 * which refuse what is badly encoded instead of guessing.
 */
static size_t keep_escaped(void *cls, struct MHD_Connection *c, char *s) {
  (void)cls;
  (void)c;
  return strlen(s);
}

/* ---- housekeeping: the content and slow connections -------------------------- */

/*
 * 'watch_tree()' - Watch 'dir' and the folders under it (8 deep at most).
 */
static void watch_tree(server *s, const char *dir, int depth) {
  if (s->watch_count >= MAX_WATCHES || depth > 8)
    return;
  if (inotify_add_watch(s->watch_fd, dir,
                        IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                            IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB | IN_ONLYDIR) < 0)
    return;
  s->watch_count++;
  DIR *d = opendir(dir);
  if (!d)
    return;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.')
      continue;
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
    if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
      watch_tree(s, path, depth + 1);
  }
  closedir(d);
}

/*
 * 'start_watching()' - inotify on the content folder and the folders in
 * it, added to what is watched already (a folder made since is added; one
 * removed has gone by itself).  When the system refuses, it says so and
 * the server goes on without reloads.
 */
static void start_watching(server *s) {
  if (s->watch_fd < 0) {
    s->watch_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (s->watch_fd < 0) {
      say(s, "cannot watch %s for changes: %s", s->opts->content_dir, strerror(errno));
      return;
    }
  }
  s->watch_count = 0;
  watch_tree(s, s->opts->content_dir, 0);
}

/*
 * 'content_changed()' - Read what inotify has; whether any of it is a
 * content file (*.yaml, *.yml) or a folder, not an editor's swap file.
 */
static int content_changed(server *s) {
  char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
  int changed = 0;
  ssize_t n;
  while ((n = read(s->watch_fd, buf, sizeof buf)) > 0) {
    for (char *p = buf; p < buf + n;) {
      const struct inotify_event *ev = (const struct inotify_event *)p;
      size_t len = ev->len ? strlen(ev->name) : 0;
      if (!ev->len || (ev->mask & (IN_ISDIR | IN_DELETE_SELF | IN_MOVE_SELF | IN_Q_OVERFLOW)) ||
          (len > 5 && strcmp(ev->name + len - 5, ".yaml") == 0) ||
          (len > 4 && strcmp(ev->name + len - 4, ".yml") == 0))
        changed = 1;
      p += sizeof *ev + ev->len;
    }
  }
  return changed;
}

/*
 * 'cut_slow()' - Shut the sockets of connections that have taken too long
 * to send a request, or to be answered (streams excepted).
 */
static void cut_slow(server *s) {
  double t = now();
  int header_seconds = s->opts->header_seconds > 0 ? s->opts->header_seconds
                                                   : LF_SERVE_HEADER_SECONDS;
  pthread_mutex_lock(&s->lock);
  for (size_t i = 0; i < LF_SERVE_CONNECTIONS; i++) {
    conn_slot *slot = &s->conns[i];
    if ((slot->state == CONN_HEADERS && t - slot->since > header_seconds) ||
        (slot->state == CONN_REQUEST && t - slot->since > LF_SERVE_REQUEST_SECONDS)) {
      shutdown(slot->fd, SHUT_RDWR);
      slot->state = CONN_CUT;
    }
  }
  pthread_mutex_unlock(&s->lock);
}

/*
 * 'housekeeping()' - The thread that reloads changed content (after 100 ms
 * without further changes, at most half a second after the first, so an
 * editor's write-and-rename is one reload) and cuts slow connections.
 */
static void *housekeeping(void *arg) {
  server *s = arg;
  double first = 0, last = 0;
  for (;;) {
    pthread_mutex_lock(&s->lock);
    int done = s->done;
    pthread_mutex_unlock(&s->lock);
    if (done)
      return NULL;
    struct pollfd pfd = {.fd = s->watch_fd, .events = POLLIN};
    int ready = poll(&pfd, s->watch_fd >= 0 ? 1 : 0, 50);
    double t = now();
    if (ready > 0 && content_changed(s)) {
      last = t;
      if (first == 0)
        first = t;
    }
    if (first != 0 && (t - last >= 0.1 || t - first >= 0.5)) {
      first = 0;
      start_watching(s); /* folders may have come: watched before reading */
      say(s, "the content changed: loading it again");
      reload(s);
    }
    cut_slow(s);
  }
}

/* ---- starting and stopping ------------------------------------------------------ */

/*
 * 'open_listener()' - A listening socket on a numeric address, with the
 * URL it answers at in 'url'.  -1 after saying why.
 */
static int open_listener(server *s, char *url, size_t url_size) {
  const lf_serve_options *o = s->opts;
  char port[16];
  snprintf(port, sizeof port, "%d", o->port);
  struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                           .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE};
  struct addrinfo *ai = NULL;
  int rc = getaddrinfo(o->bind, port, &hints, &ai);
  if (rc != 0) {
    say(s, "--bind '%s' is not an address (expected a numeric IPv4 or IPv6 address, such as "
        "127.0.0.1 or ::1)", o->bind);
    return -1;
  }
  int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  if (fd >= 0) {
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (ai->ai_family == AF_INET6)
      setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  }
  if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 128) != 0) {
    say(s, "cannot listen on %s port %d: %s", o->bind, o->port, strerror(errno));
    if (fd >= 0)
      close(fd);
    freeaddrinfo(ai);
    return -1;
  }
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  int bound = o->port;
  if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
    bound = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                           : ((struct sockaddr_in *)&ss)->sin_port);
  snprintf(url, url_size, ai->ai_family == AF_INET6 ? "http://[%s]:%d/" : "http://%s:%d/",
           o->bind, bound);
  freeaddrinfo(ai);
  return fd;
}

/*
 * 'drain()' - SIGTERM: stop taking connections and requests, let those
 * under way be answered (LF_SERVE_DRAIN_SECONDS at most), end the streams.
 */
static void drain(server *s) {
  int fd = s->mhd.quiesce_daemon(s->daemon);
  if (fd >= 0)
    close(fd);
  pthread_mutex_lock(&s->lock);
  s->stopping = 1;
  pthread_cond_broadcast(&s->changed);
  size_t waiting = s->in_flight;
  pthread_mutex_unlock(&s->lock);
  say(s, "stopping: %zu request%s to finish", waiting, waiting == 1 ? "" : "s");
  double until = now() + LF_SERVE_DRAIN_SECONDS;
  pthread_mutex_lock(&s->lock);
  while (s->in_flight > 0 && wait_until(&s->changed, &s->lock, until) != ETIMEDOUT)
    ;
  waiting = s->in_flight;
  pthread_mutex_unlock(&s->lock);
  if (waiting)
    say(s, "%zu request%s still under way after %d s: stopping anyway", waiting,
        waiting == 1 ? "" : "s", LF_SERVE_DRAIN_SECONDS);
}

/*
 * 'init_server()' - Locks (condition variables on the monotonic clock),
 * limits, the page cache.  -1 when out of resources.
 */
static int init_server(server *s, const lf_serve_options *o) {
  memset(s, 0, sizeof *s);
  s->opts = o;
  s->watch_fd = -1;
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  s->renders = o->renders > 0 ? (size_t)o->renders : cores > 0 ? (size_t)cores : 1;
  s->queue = o->queue > 0 ? (size_t)o->queue : 0;
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  int rc = pthread_mutex_init(&s->lock, NULL) | pthread_mutex_init(&s->reload_lock, NULL) |
           pthread_cond_init(&s->changed, &attr) | pthread_cond_init(&s->job_done, &attr) |
           pthread_cond_init(&s->job_ready, NULL);
  pthread_condattr_destroy(&attr);
  s->cache = lf_pdf_cache_new(4u << 20);
  return rc == 0 ? 0 : -1;
}

/*
 * 'lf_serve()' - Start, serve until SIGTERM or SIGINT, drain, stop.
 */
int lf_serve(const lf_serve_options *o) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, NULL);
  signal(SIGPIPE, SIG_IGN); /* a page closed mid-answer is an error return */
  server s;
  if (init_server(&s, o) != 0 || reload(&s) != 0) {
    fprintf(o->err, "leaflet serve: out of resources\n");
    return LF_EXIT_FAILED;
  }
  char why[256];
  if (lf_mhd_load(&s.mhd, why, sizeof why) != 0) {
    fprintf(o->err, "leaflet serve: %s\n", why);
    release(&s, s.current);
    lf_pdf_cache_free(s.cache);
    return LF_EXIT_FAILED;
  }
  int status = LF_EXIT_OK;
  pthread_t keeper;
  int keeper_started = 0;
  char url[128];
  int fd = -1;
  if (!s.current->cat->content && !o->watch) {
    say(&s, "the content has errors: not serving (fix them, or use --watch to see them in "
        "the browser)");
    status = LF_EXIT_FAILED;
    goto done;
  }
  if ((fd = open_listener(&s, url, sizeof url)) < 0) {
    status = LF_EXIT_FAILED;
    goto done;
  }
  if (start_workers(&s) != 0) {
    say(&s, "cannot start the render threads: %s", strerror(errno));
    close(fd);
    status = LF_EXIT_FAILED;
    goto done;
  }
  s.daemon = s.mhd.start_daemon(
      MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL |
          MHD_USE_ITC,
      0, NULL, NULL, answer, &s, MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_CONNECTION_LIMIT,
      (unsigned)LF_SERVE_CONNECTIONS, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      (unsigned)LF_SERVE_PER_CLIENT, MHD_OPTION_CONNECTION_TIMEOUT,
      (unsigned)LF_SERVE_IDLE_SECONDS, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
      MHD_OPTION_NOTIFY_COMPLETED, completed, &s, MHD_OPTION_NOTIFY_CONNECTION,
      connection_event, &s, MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL,
      MHD_OPTION_STRICT_FOR_CLIENT, 1, MHD_OPTION_THREAD_STACK_SIZE, (size_t)256 << 10,
      MHD_OPTION_END);
  if (!s.daemon) {
    say(&s, "cannot start the HTTP server: %s", strerror(errno));
    close(fd);
    status = LF_EXIT_FAILED;
    goto done;
  }
  if (o->watch)
    start_watching(&s);
  if (pthread_create(&keeper, NULL, housekeeping, &s) == 0)
    keeper_started = 1;
  say(&s, "serving %s at %s%s", o->content_dir, url,
      o->watch ? " (watching the content for changes)" : "");
  if (!lf_is_loopback(o->bind))
    say(&s, "warning: %s is not a loopback address: other machines on the network can reach "
        "this server (--bind asked for it)", o->bind);
  for (;;) {
    int sig = 0;
    if (sigwait(&signals, &sig) != 0)
      continue;
    if (sig == SIGHUP) {
      say(&s, "SIGHUP: loading the content again");
      reload(&s);
      continue;
    }
    break;
  }
  drain(&s);
  s.mhd.stop_daemon(s.daemon);
  say(&s, "stopped");
done:
  stop_workers(&s);
  pthread_mutex_lock(&s.lock);
  s.done = 1;
  pthread_mutex_unlock(&s.lock);
  if (keeper_started)
    pthread_join(keeper, NULL);
  if (s.watch_fd >= 0)
    close(s.watch_fd);
  release(&s, s.current);
  lf_pdf_cache_free(s.cache);
  pthread_cond_destroy(&s.changed);
  pthread_cond_destroy(&s.job_ready);
  pthread_cond_destroy(&s.job_done);
  pthread_mutex_destroy(&s.lock);
  pthread_mutex_destroy(&s.reload_lock);
  lf_mhd_unload(&s.mhd);
  return status;
}
