/*
 * main.c -- the command line, and nothing else.
 */
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include "leaflet/heap.h"
#include "leaflet/jobs.h"
#include "leaflet/serve.h"

static const char usage_text[] =
    "usage: leaflet build [options] [LEAFLET...]\n"
    "       leaflet mail REQUESTS.csv [--out DIR] [--content DIR] [--today DATE]\n"
    "                    [--allow-overdue] [-j N] [--batch-sheets N] [--shard K/N]\n"
    "                    [--no-wait]\n"
    "       leaflet mail merge REQUESTS.csv [--out DIR] [--no-wait] [MANIFEST...]\n"
    "       leaflet manifest merge [--out FILE] [--partial] MANIFEST...\n"
    "       leaflet manifest check MANIFEST...\n"
    "       leaflet check [--today DATE] [--strict] [--format text|json] [FOLDER... | --content DIR]\n"
    "       leaflet serve [--bind ADDR] [--port N] [--content DIR] [--watch]\n"
    "                     [--today DATE] [--allow-overdue] [-j N] [--queue N]\n"
    "                     [--header-timeout SECONDS]\n"
    "       leaflet diff OLD NEW [LEAFLET...] [--out FILE] [--format NAME] [--git]\n"
    "                    [--repo DIR] [--content DIR] [--today DATE]\n"
    "       leaflet report [--format pdf|csv|json] [--out FILE] [--content DIR]\n"
    "                    [--print-format NAME] [--today DATE]\n"
    "       leaflet --help | --version\n"
    "\n"
    "Typeset patient-information leaflets from YAML content into accessible PDFs,\n"
    "one per leaflet, tumour edition and print format, named\n"
    "OUT/<leaflet>[-<tumour>].<format>.pdf.  With no LEAFLET, every leaflet;\n"
    "a LEAFLET is a leaflet's id, or an edition's <leaflet>-<tumour>.\n"
    "The braille format writes contracted UEB as Braille Ready Format instead,\n"
    "OUT/<leaflet>[-<tumour>].braille.brf, for embossers and braille displays.\n"
    "OUT/manifest.json lists every PDF with its pages, bytes and SHA-256; a PDF\n"
    "whose inputs have not changed is not rendered again.\n"
    "\n"
    "options:\n"
    "  --format NAME     print format from content/styles (standard, large,\n"
    "                    giant, braille ...);\n"
    "                    may be given more than once; default standard\n"
    "  --all             every leaflet in every print format (braille too)\n"
    "  --size N          a format with an N pt body (12 to 48), every other\n"
    "                    size scaled from it; named <N>pt; beside the --format\n"
    "                    ones, or alone (not standard too); may be given\n"
    "                    more than once\n"
    "  --paper A4|A5     set every format on this paper (named <format>-a5/-a4\n"
    "                    when that is not the format's own)\n"
    "  --booklet         A5 pages imposed two-up on A4 landscape sheets in\n"
    "                    saddle-stitch order, with a cover, Notes pages and a\n"
    "                    back page, for duplex printing (flip on the short\n"
    "                    edge); print only: the page-per-page PDF is the\n"
    "                    accessible one.  Named\n"
    "                    <leaflet>[-<tumour>].<format>-a5.booklet.pdf\n"
    "  --out DIR         where PDFs go (default out)\n"
    "  --content DIR     the content folder (default content)\n"
    "  --today DATE      the date review dates are checked against (YYYY-MM-DD)\n"
    "  --allow-overdue   print leaflets past their review date\n"
    "  --force           render every PDF, even those that are up to date\n"
    "  --shard K/N       only part K of N of the work (1 <= K <= N), with its own\n"
    "                    manifest OUT/manifest.K-of-N.json; merge the parts with\n"
    "                    leaflet manifest merge\n"
    "  -j N              worker threads (default: one per core)\n"
    "  --no-wait         if another leaflet run is writing into OUT, fail at once\n"
    "                    rather than wait for it (runs into one folder take turns)\n"
    "\n"
    "exit status: 0 all written, 1 content errors or failed writes, 2 usage error\n"
    "\n"
    "leaflet mail typesets, for each row of REQUESTS.csv (columns ref, name,\n"
    "address_1, address_2, address_3, town, postcode, leaflet, tumour, format),\n"
    "a covering letter in the format asked for with the address in the envelope\n"
    "window, then the leaflet: DIR/requests/<ref>.pdf (default DIR out/mail),\n"
    "print files per format in batches of at most --batch-sheets sheets (default\n"
    "2000; 0 for one file) DIR/print-<format>-001.pdf, -002 ..., listed in\n"
    "DIR/batches.csv, and DIR/manifest.csv (a row per request: its file, print\n"
    "file and first page there).\n"
    "In braille: DIR/requests/<ref>.brf (the letter and the leaflet), an address\n"
    "sheet DIR/requests/<ref>.address.pdf for the window envelope, and\n"
    "DIR/print-braille-001.brf for the embosser.\n"
    "--shard K/N makes the K-th of N runs of rows of the file (parts differ by one\n"
    "row at most), into files named for the part (manifest.K-of-N.csv,\n"
    "print-<format>-K-of-N-001.pdf ...), so parts can share DIR; then\n"
    "leaflet mail merge REQUESTS.csv --out DIR joins their manifests into\n"
    "DIR/manifest.csv and DIR/batches.csv, checking that every row of the file is\n"
    "in exactly one part (default: every DIR/manifest.K-of-N.csv).\n"
    "A run locks DIR: another run into it waits for it (--no-wait: fails).\n"
    "Files are readable by their owner only.  exit status: 0 every row made,\n"
    "1 some rows failed (each reported with its line), 2 nothing could be done.\n"
    "\n"
    "leaflet check validates content folders (default content) without rendering:\n"
    "ids, references, dates, review dates, unused entries and plain English, as\n"
    "file:line:column diagnostics.  --strict makes warnings fail; --format json\n"
    "prints them for tools.  exit status: 0 clean, 1 warnings with --strict,\n"
    "2 errors (or a usage error).\n"
    "\n"
    "leaflet serve is a catalogue for a clinic and a preview for authors, in the\n"
    "browser: search the leaflets, print any of them in any size from 12 to 48 pt\n"
    "or as an A5 booklet, rendered on demand.  It listens on 127.0.0.1 port 8080\n"
    "unless --bind and --port say otherwise (--port 0: any free port); another\n"
    "address makes it reachable from other machines, and it says so.  --watch\n"
    "reloads the content when a file is saved and tells open pages, which show\n"
    "the content's errors.  -j N renders at once (default one per core), --queue N\n"
    "more may wait (default 64; beyond that, 503 Busy).  A client has\n"
    "--header-timeout SECONDS to send its request whole (default 10).  SIGHUP\n"
    "reloads the content; SIGTERM finishes the renders under way and stops.\n"
    "\n"
    "leaflet diff compares two versions of the content: folders, or REV:PATH for\n"
    "the folder at a git revision of the repository --repo (default .), read with\n"
    "git show without touching a working copy (--git: OLD and NEW are revisions\n"
    "of --content).  It prints each document's changes at their places and writes\n"
    "a reviewer's proof, --out (default out/review-proof.pdf): deleted words struck\n"
    "through, inserted words underlined, change bars, unchanged sections folded to\n"
    "their headings, a summary page.  exit status: 0 proof written, 1 content\n"
    "errors or a failed write, 2 usage error.\n"
    "\n"
    "leaflet report lists every leaflet and edition: version, review dates and\n"
    "status, approver, words and reading age, references, formats, languages and\n"
    "translations; as an accessible PDF (default out/report.pdf), CSV or JSON\n"
    "(default standard output).  exit status: 0 written, 1 content errors or a\n"
    "failed write, 2 usage error.\n";

/*
 * 'usage_error()' - Say what was wrong with the command line.
 */
static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "leaflet: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n(see leaflet --help)\n");
  return LF_EXIT_USAGE;
}

/*
 * 'today()' - The local date, for review checks only (never printed).
 */
static lf_date today(void) {
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  return (lf_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

/*
 * 'check_command()' - `leaflet check [options] [FOLDER...]`.
 */
static int check_command(int argc, char **argv) {
  lf_check_options o = {.today = today(), .out = stdout};
  const char **folders = calloc((size_t)argc, sizeof *folders);
  if (!folders)
    return LF_EXIT_FAILED;
  o.folders = folders;
  int status = -1;
  for (int i = 2; i < argc && status < 0; i++) {
    const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
    if ((strcmp(a, "--today") == 0 || strcmp(a, "--format") == 0) && (!next || !*next))
      status = usage_error("%s needs a value", a);
    else if (strcmp(a, "--today") == 0) {
      if (lf_date_parse(next, &o.today) != 0)
        status = usage_error("--today '%s' is not a date (expected YYYY-MM-DD)", next);
      i++;
    } else if (strcmp(a, "--format") == 0) {
      if (strcmp(next, "json") == 0)
        o.json = 1;
      else if (strcmp(next, "text") != 0)
        status = usage_error("--format '%s' (expected text or json)", next);
      i++;
    } else if (strcmp(a, "--strict") == 0) {
      o.strict = 1;
    } else if (strcmp(a, "--help") == 0) {
      fputs(usage_text, stdout);
      status = LF_EXIT_OK;
    } else if (strcmp(a, "--content") == 0) {
      /* as build, report, serve and diff take a folder: the same as
       * naming it */
      if (!next || !*next)
        status = usage_error("%s needs a value", a);
      else
        folders[o.folder_count++] = next;
      i++;
    } else if (a[0] == '-') {
      status = usage_error("unknown option '%s'", a);
    } else {
      folders[o.folder_count++] = a;
    }
  }
  if (status < 0)
    status = lf_check(&o);
  free(folders);
  return status;
}

/*
 * 'diff_command()' - `leaflet diff OLD NEW [LEAFLET...] [options]`.
 */
static int diff_command(int argc, char **argv) {
  lf_diff_options o = {.repo = ".", .content_dir = "content", .format = "standard",
                       .out_path = "out/review-proof.pdf", .today = today(), .out = stdout,
                       .err = stderr};
  const char **names = calloc((size_t)argc, sizeof *names);
  if (!names)
    return LF_EXIT_FAILED;
  o.leaflets = names;
  int status = -1, content_given = 0;
  for (int i = 2; i < argc && status < 0; i++) {
    const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
    int takes = strcmp(a, "--out") == 0 || strcmp(a, "--format") == 0 ||
                strcmp(a, "--repo") == 0 || strcmp(a, "--content") == 0 ||
                strcmp(a, "--today") == 0;
    if (takes && (!next || !*next)) {
      status = usage_error("%s needs a value", a);
    } else if (strcmp(a, "--help") == 0) {
      fputs(usage_text, stdout);
      status = LF_EXIT_OK;
    } else if (strcmp(a, "--out") == 0) {
      o.out_path = argv[++i];
    } else if (strcmp(a, "--format") == 0) {
      o.format = argv[++i];
    } else if (strcmp(a, "--repo") == 0) {
      o.repo = argv[++i];
    } else if (strcmp(a, "--content") == 0) {
      o.content_dir = argv[++i];
      content_given = 1;
    } else if (strcmp(a, "--today") == 0) {
      if (lf_date_parse(next, &o.today) != 0)
        status = usage_error("--today '%s' is not a date (expected YYYY-MM-DD)", next);
      i++;
    } else if (strcmp(a, "--git") == 0) {
      o.git = 1;
    } else if (a[0] == '-' && a[1]) {
      status = usage_error("unknown option '%s'", a);
    } else if (!o.old_source) {
      o.old_source = a;
    } else if (!o.new_source) {
      o.new_source = a;
    } else {
      names[o.leaflet_count++] = a;
    }
  }
  if (status < 0 && !o.new_source)
    status = usage_error("%s", "leaflet diff needs two versions of the content (OLD NEW: "
                               "folders, or REV:PATH such as HEAD~1:content)");
  /* with two folders, --content only gives the proof its print formats: a
   * folder that is not there was once passed over for the newer's */
  struct stat st;
  if (status < 0 && content_given && !o.git &&
      (stat(o.content_dir, &st) != 0 || !S_ISDIR(st.st_mode)))
    status = usage_error("--content '%s' is not a folder (expected the content folder whose "
                         "print formats the proof is set in)", o.content_dir);
  if (status < 0)
    status = lf_diff(&o);
  free(names);
  return status;
}

/*
 * 'report_command()' - `leaflet report [options]`.
 */
static int report_command(int argc, char **argv) {
  lf_report_options o = {.content_dir = "content", .format = LF_REPORT_PDF,
                         .print_format = "standard", .today = today(), .out = stdout,
                         .err = stderr};
  int status = -1;
  for (int i = 2; i < argc && status < 0; i++) {
    const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
    int takes = strcmp(a, "--out") == 0 || strcmp(a, "--format") == 0 ||
                strcmp(a, "--content") == 0 || strcmp(a, "--today") == 0 ||
                strcmp(a, "--print-format") == 0;
    if (takes && (!next || !*next)) {
      status = usage_error("%s needs a value", a);
    } else if (strcmp(a, "--help") == 0) {
      fputs(usage_text, stdout);
      status = LF_EXIT_OK;
    } else if (strcmp(a, "--format") == 0) {
      if (strcmp(next, "pdf") == 0)
        o.format = LF_REPORT_PDF;
      else if (strcmp(next, "csv") == 0)
        o.format = LF_REPORT_CSV;
      else if (strcmp(next, "json") == 0)
        o.format = LF_REPORT_JSON;
      else
        status = usage_error("--format '%s' (expected pdf, csv or json)", next);
      i++;
    } else if (strcmp(a, "--out") == 0) {
      o.out_path = argv[++i];
    } else if (strcmp(a, "--content") == 0) {
      o.content_dir = argv[++i];
    } else if (strcmp(a, "--print-format") == 0) {
      o.print_format = argv[++i];
    } else if (strcmp(a, "--today") == 0) {
      if (lf_date_parse(next, &o.today) != 0)
        status = usage_error("--today '%s' is not a date (expected YYYY-MM-DD)", next);
      i++;
    } else {
      status = usage_error(a[0] == '-' ? "unknown option '%s'"
                                       : "leaflet report takes no leaflet names ('%s')", a);
    }
  }
  if (status < 0)
    status = lf_report(&o);
  return status;
}

/*
 * 'parse_jobs()' - The value of -j: 1 to 64 workers.
 */
static int parse_jobs(const char *text, int *jobs) {
  char *end;
  long j = strtol(text, &end, 10);
  if (*end || end == text || j < 1 || j > 64)
    return usage_error("-j '%s' is not a number of workers (expected 1 to 64)", text);
  *jobs = (int)j;
  return -1;
}

/*
 * 'parse_shard()' - The value of --shard: K/N with 1 <= K <= N <= 100000.
 */
static int parse_shard(const char *text, int *k, int *n) {
  char *slash, *end;
  long kk = strtol(text, &slash, 10);
  if (slash == text || *slash != '/')
    return usage_error("--shard '%s' is not a part (expected K/N, as in 2/8)", text);
  long nn = strtol(slash + 1, &end, 10);
  if (*end || end == slash + 1 || nn < 1 || nn > 100000 || kk < 1 || kk > nn)
    return usage_error("--shard '%s' is not a part (expected K/N with 1 <= K <= N)", text);
  *k = (int)kk;
  *n = (int)nn;
  return -1;
}

/*
 * 'build_command()' - `leaflet build [options] [LEAFLET...]`.
 */
static int build_command(int argc, char **argv) {
  lf_build_options o = {.content_dir = "content", .out_dir = "out", .today = today(),
                        .out = stdout, .err = stderr};
  const char **names = calloc((size_t)argc, sizeof *names);
  const char **formats = calloc((size_t)argc, sizeof *formats);
  double *sizes = calloc((size_t)argc, sizeof *sizes);
  if (!names || !formats || !sizes) {
    free(names);
    free(formats);
    free(sizes);
    fprintf(stderr, "leaflet: out of memory\n");
    return LF_EXIT_FAILED;
  }
  o.leaflets = names;
  o.formats = formats;
  o.sizes = sizes;
  int status = -1;
  for (int i = 2; i < argc && status < 0; i++) {
    const char *a = argv[i];
    const char *next = i + 1 < argc ? argv[i + 1] : NULL;
    int takes = strcmp(a, "--format") == 0 || strcmp(a, "--out") == 0 || strcmp(a, "--paper") == 0 ||
                strcmp(a, "--content") == 0 || strcmp(a, "--today") == 0 ||
                strcmp(a, "--size") == 0 || strcmp(a, "-j") == 0 || strcmp(a, "--shard") == 0;
    if (takes && (!next || !*next)) {
      status = usage_error("%s needs a value", a);
      break;
    }
    if (strcmp(a, "--help") == 0) {
      fputs(usage_text, stdout);
      status = LF_EXIT_OK;
    } else if (strcmp(a, "--format") == 0) {
      formats[o.format_count++] = next;
      i++;
    } else if (strcmp(a, "--paper") == 0) {
      if (strcmp(next, "A4") != 0 && strcmp(next, "A5") != 0)
        status = usage_error("--paper '%s' is not a paper size (expected A4 or A5)", next);
      o.paper = next;
      i++;
    } else if (strcmp(a, "--booklet") == 0) {
      o.booklet = 1;
    } else if (strcmp(a, "--all") == 0) {
      o.all_formats = 1;
    } else if (strcmp(a, "--force") == 0) {
      o.force = 1;
    } else if (strcmp(a, "--no-wait") == 0) {
      o.no_wait = 1;
    } else if (strcmp(a, "--shard") == 0) {
      status = parse_shard(next, &o.shard_index, &o.shard_count);
      i++;
    } else if (strcmp(a, "--out") == 0) {
      o.out_dir = next;
      i++;
    } else if (strcmp(a, "--content") == 0) {
      o.content_dir = next;
      i++;
    } else if (strcmp(a, "--today") == 0) {
      if (lf_date_parse(next, &o.today) != 0)
        status = usage_error("--today '%s' is not a date (expected YYYY-MM-DD)", next);
      i++;
    } else if (strcmp(a, "--allow-overdue") == 0) {
      o.allow_overdue = 1;
    } else if (strcmp(a, "--size") == 0) {
      if (lf_body_size_parse(next, &sizes[o.size_count++]) != 0)
        status = usage_error("--size '%s' is not a body size (expected 12 to 48 pt, whole or "
                             "half points: 20 or 20.5)", next);
      i++;
    } else if (strcmp(a, "-j") == 0) {
      status = parse_jobs(next, &o.jobs);
      i++;
    } else if (a[0] == '-') {
      status = usage_error("unknown option '%s'", a);
    } else {
      names[o.leaflet_count++] = a;
    }
  }
  /* a booklet's pages are A5 on A4 sheets: other paper is not a booklet
   * this program makes, and is refused rather than ignored */
  if (status < 0 && o.booklet && o.paper && strcmp(o.paper, "A5") != 0)
    status = usage_error("--booklet makes A5 pages on A4 sheets: --paper %s cannot be a "
                         "booklet (expected no --paper, or --paper A5)", o.paper);
  if (status < 0)
    status = lf_build(&o);
  free(names);
  free(formats);
  free(sizes);
  return status;
}

/*
 * 'mail_merge_command()' - `leaflet mail merge REQUESTS.csv [--out DIR]
 * [--no-wait] [MANIFEST...]`.
 */
static int mail_merge_command(int argc, char **argv) {
  lf_mail_merge_options o = {.out_dir = "out/mail", .out = stdout, .err = stderr};
  const char **inputs = calloc((size_t)argc, sizeof *inputs);
  if (!inputs)
    return LF_EXIT_FAILED;
  o.manifests = inputs;
  int status = -1;
  for (int i = 3; i < argc && status < 0; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--out") == 0) {
      if (i + 1 >= argc || !argv[i + 1][0])
        status = usage_error("%s needs a value", a);
      else
        o.out_dir = argv[++i];
    } else if (strcmp(a, "--no-wait") == 0) {
      o.no_wait = 1;
    } else if (strcmp(a, "--help") == 0) {
      fputs(usage_text, stdout);
      status = LF_EXIT_OK;
    } else if (a[0] == '-' && a[1]) {
      status = usage_error("unknown option '%s'", a);
    } else if (!o.requests) {
      o.requests = a;
    } else {
      inputs[o.manifest_count++] = a;
    }
  }
  if (status < 0 && !o.requests)
    status = usage_error("%s", "leaflet mail merge needs the requests file (REQUESTS.csv)");
  if (status < 0)
    status = lf_mail_merge(&o);
  free(inputs);
  return status;
}

/*
 * 'mail_command()' - `leaflet mail REQUESTS.csv [options]`.
 */
static int mail_command(int argc, char **argv) {
  lf_mail_options o = {.content_dir = "content", .out_dir = "out/mail", .today = today(),
                       .batch_sheets = LF_BATCH_SHEETS, .out = stdout, .err = stderr};
  if (argc > 2 && strcmp(argv[2], "merge") == 0)
    return mail_merge_command(argc, argv);
  int status = -1;
  for (int i = 2; i < argc && status < 0; i++) {
    const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
    int takes = strcmp(a, "--out") == 0 || strcmp(a, "--content") == 0 ||
                strcmp(a, "--today") == 0 || strcmp(a, "-j") == 0 ||
                strcmp(a, "--batch-sheets") == 0 || strcmp(a, "--shard") == 0;
    if (takes && (!next || !*next)) {
      status = usage_error("%s needs a value", a);
    } else if (strcmp(a, "--help") == 0) {
      fputs(usage_text, stdout);
      status = LF_EXIT_OK;
    } else if (strcmp(a, "--out") == 0) {
      o.out_dir = argv[++i];
    } else if (strcmp(a, "--content") == 0) {
      o.content_dir = argv[++i];
    } else if (strcmp(a, "--today") == 0) {
      if (lf_date_parse(next, &o.today) != 0)
        status = usage_error("--today '%s' is not a date (expected YYYY-MM-DD)", next);
      i++;
    } else if (strcmp(a, "--allow-overdue") == 0) {
      o.allow_overdue = 1;
    } else if (strcmp(a, "-j") == 0) {
      status = parse_jobs(next, &o.jobs);
      i++;
    } else if (strcmp(a, "--batch-sheets") == 0) {
      char *end;
      long long n = strtoll(next, &end, 10);
      if (*end || end == next || n < 0 || n > 1000000000)
        status = usage_error("--batch-sheets '%s' is not a number of sheets (expected 0, no "
                             "limit, or 1 or more)", next);
      o.batch_sheets = (size_t)(n > 0 ? n : 0);
      i++;
    } else if (strcmp(a, "--shard") == 0) {
      status = parse_shard(next, &o.shard_index, &o.shard_count);
      i++;
    } else if (strcmp(a, "--no-wait") == 0) {
      o.no_wait = 1;
    } else if (a[0] == '-' && a[1]) {
      status = usage_error("unknown option '%s'", a);
    } else if (o.requests) {
      status = usage_error("one requests file at a time ('%s' is a second)", a);
    } else {
      o.requests = a;
    }
  }
  if (status < 0 && !o.requests)
    status = usage_error("%s", "leaflet mail needs a requests file (REQUESTS.csv)");
  if (status < 0)
    status = lf_mail(&o);
  return status;
}

/*
 * 'serve_command()' - `leaflet serve [options]`.
 */
static int serve_command(int argc, char **argv) {
  lf_serve_options o = {.bind = "127.0.0.1", .port = 8080, .content_dir = "content",
                        .clock = today, .queue = 64, .err = stderr};
  int status = -1;
  for (int i = 2; i < argc && status < 0; i++) {
    const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
    int takes = strcmp(a, "--bind") == 0 || strcmp(a, "--port") == 0 ||
                strcmp(a, "--content") == 0 || strcmp(a, "--today") == 0 ||
                strcmp(a, "-j") == 0 || strcmp(a, "--queue") == 0 ||
                strcmp(a, "--header-timeout") == 0;
    char *end = NULL;
    if (takes && (!next || !*next)) {
      status = usage_error("%s needs a value", a);
    } else if (strcmp(a, "--help") == 0) {
      fputs(usage_text, stdout);
      status = LF_EXIT_OK;
    } else if (strcmp(a, "--bind") == 0) {
      /* checked here, as the other options are, not after the content
       * has loaded: a numeric IPv4 or IPv6 address */
      unsigned char addr[sizeof(struct in6_addr)];
      if (inet_pton(AF_INET, next, addr) != 1 && inet_pton(AF_INET6, next, addr) != 1)
        status = usage_error("--bind '%s' is not an address (expected a numeric IPv4 or IPv6 "
                             "address, such as 127.0.0.1 or ::1)", next);
      o.bind = argv[++i];
    } else if (strcmp(a, "--port") == 0) {
      long port = strtol(next, &end, 10);
      if (*end || end == next || port < 0 || port > 65535)
        status = usage_error("--port '%s' is not a port (expected 0 to 65535)", next);
      o.port = (int)port;
      i++;
    } else if (strcmp(a, "--content") == 0) {
      o.content_dir = argv[++i];
    } else if (strcmp(a, "--today") == 0) {
      if (lf_date_parse(next, &o.today) != 0)
        status = usage_error("--today '%s' is not a date (expected YYYY-MM-DD)", next);
      o.today_fixed = 1;
      i++;
    } else if (strcmp(a, "--watch") == 0) {
      o.watch = 1;
    } else if (strcmp(a, "--allow-overdue") == 0) {
      o.allow_overdue = 1;
    } else if (strcmp(a, "-j") == 0) {
      status = parse_jobs(next, &o.renders);
      i++;
    } else if (strcmp(a, "--queue") == 0) {
      long q = strtol(next, &end, 10);
      if (*end || end == next || q < 0 || q > 1024)
        status = usage_error("--queue '%s' is not a number of renders (expected 0 to 1024)",
                             next);
      o.queue = (int)q;
      i++;
    } else if (strcmp(a, "--header-timeout") == 0) {
      long t = strtol(next, &end, 10);
      if (*end || end == next || t < 1 || t > 60)
        status = usage_error("--header-timeout '%s' is not a number of seconds (expected 1 "
                             "to 60)", next);
      o.header_seconds = (int)t;
      i++;
    } else {
      status = usage_error("unknown option '%s'", a);
    }
  }
  if (status < 0)
    status = lf_serve(&o);
  return status;
}

/*
 * 'manifest_command()' - `leaflet manifest merge|check ...`.
 */
static int manifest_command(int argc, char **argv) {
  if (argc < 3 || (strcmp(argv[2], "merge") != 0 && strcmp(argv[2], "check") != 0))
    return usage_error("%s", "leaflet manifest needs 'merge' or 'check'");
  int merge = strcmp(argv[2], "merge") == 0;
  lf_manifest_options o = {.out = stdout, .err = stderr};
  const char **inputs = calloc((size_t)argc, sizeof *inputs);
  if (!inputs)
    return LF_EXIT_FAILED;
  o.inputs = inputs;
  int status = -1;
  for (int i = 3; i < argc && status < 0; i++) {
    const char *a = argv[i];
    if (merge && strcmp(a, "--out") == 0) {
      if (i + 1 >= argc || !argv[i + 1][0])
        status = usage_error("%s needs a value", a);
      else
        o.output = argv[++i];
    } else if (merge && strcmp(a, "--partial") == 0) {
      o.partial = 1;
    } else if (a[0] == '-') {
      status = usage_error("unknown option '%s'", a);
    } else {
      inputs[o.input_count++] = a;
    }
  }
  if (status < 0 && o.input_count == 0)
    status = usage_error("%s", "no manifest files given");
  if (status < 0)
    status = merge ? lf_manifest_merge_command(&o) : lf_manifest_check_command(&o);
  free(inputs);
  return status;
}

/*
 * 'run_command()' - The command argv[1] names, run.
 */
static int run_command(int argc, char **argv) {
  if (strcmp(argv[1], "check") == 0)
    return check_command(argc, argv);
  if (strcmp(argv[1], "mail") == 0)
    return mail_command(argc, argv);
  if (strcmp(argv[1], "manifest") == 0)
    return manifest_command(argc, argv);
  if (strcmp(argv[1], "serve") == 0)
    return serve_command(argc, argv);
  if (strcmp(argv[1], "diff") == 0)
    return diff_command(argc, argv);
  if (strcmp(argv[1], "report") == 0)
    return report_command(argc, argv);
  if (strcmp(argv[1], "build") != 0)
    return usage_error("unknown command '%s' (expected build, mail, manifest, check, serve, diff or report)",
                       argv[1]);
  return build_command(argc, argv);
}

/*
 * 'main()' - Help, the version, or the command with the heap in huge pages
 * (heap.h).
 */
int main(int argc, char **argv) {
  /* a file-size limit (ulimit -f) must fail a write with EFBIG, which the
   * writers report and clean up after, not kill us mid-file */
  signal(SIGXFSZ, SIG_IGN);
  if (argc < 2)
    return usage_error("%s", "expected a command: build, mail, manifest, check, serve, diff or report");
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    fputs(usage_text, stdout);
    return LF_EXIT_OK;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("leaflet %s\n", LF_VERSION);
    return LF_EXIT_OK;
  }
  void *held = lf_heap_use_huge_pages();
  int rc = run_command(argc, argv);
  lf_heap_release(held);
  return rc;
}
