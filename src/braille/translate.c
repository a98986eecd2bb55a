/*
 * translate.c -- a document's blocks to braille cells through liblouis
 * (braille.h).
 *
 * Each block is translated in the table of its language: the table the
 * braille format names for the language (or for its first subtag: "en"
 * serves "en-GB"), else the contracted table liblouis's metadata lists for
 * it, else its uncontracted one; a language with none is an error at the
 * place that names the language.  Text goes to liblouis as one string per
 * block, so contractions see whole words and their neighbours; strong
 * runs carry the table's bold typeform (UEB bold indicators), and web and
 * email addresses are marked not to be contracted (UEB writes them
 * uncontracted).  liblouis answers in dot patterns (dotsIO), which this
 * file writes as BRF characters itself, whatever display table a table
 * includes.
 *
 * Characters a table has no braille for are refused at their own line and
 * column, as a character in no font is for print.  Messages never quote
 * the text: a covering letter holds a name and address.
 */
#include <liblouis/liblouis.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "leaflet/braille.h"
#include "leaflet/language.h"
#include "leaflet/linebreak.h"
#include "leaflet/utf8.h"
#include "leaflet/words.h"

/* liblouis compiles tables into one list of its own and translates through
 * buffers that are static in the library (3.24: typebuf, passbuf and the
 * rest of _lou_allocMem()), so no two threads may be inside it at once,
 * compiling or translating: the batch renders documents on several
 * threads.  Every call into liblouis is made holding this lock.  It and
 * the once-flag that silences liblouis's log are this module's only
 * mutable globals, and guard liblouis's state, not ours. */
static pthread_mutex_t louis_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t louis_quiet = PTHREAD_ONCE_INIT;

/* BRF characters of the 64 six-dot cells, by dots (dot 1 = bit 0 ... dot 6
 * = bit 5): the North American ASCII braille code. */
static const char brf_of_dots[65] =
    " A1B'K2L@CIF/MSP\"E3H9O6R^DJG>NTQ,*5<-U8V.%[$+X!&;:4\\0Z7(_?W]#Y)=";

enum { LANGUAGES_MAX = 32 };

/* A language's table, looked up once per document. */
typedef struct language_table {
  const char *language;
  const char *table;   /* NULL: none (reported) */
  formtype bold;       /* the table's bold typeform, or 0 */
} language_table;

/* A character checked against a table. */
typedef struct char_check {
  const char *table;
  uint32_t cp;
  int defined;
} char_check;

typedef struct translator {
  lf_arena *arena;
  lf_diags *diags;
  const lf_format *format;
  const lf_document *doc;
  language_table languages[LANGUAGES_MAX];
  size_t language_count;
  char_check *checked;
  size_t checked_count, checked_cap;
  lf_brl_block *blocks;
  size_t count, cap;
  const lf_block *within; /* the innermost table or list being added that
                             names its language, or NULL */
  char noted[16];         /* the language (its primary subtag) of the run of
                             blocks the last transcriber's note named, ""
                             once a block in the document's language comes */
  int failed;
} translator;

/*
 * 'quiet_louis()' - liblouis logs to standard error by default; its
 * problems are reported here as diagnostics instead.
 */
static void quiet_louis(void) {
  lou_setLogLevel(LOU_LOG_OFF);
}

/*
 * 'louis_enter()' - Take the lock before any call into liblouis.
 */
static void louis_enter(void) {
  pthread_once(&louis_quiet, quiet_louis);
  pthread_mutex_lock(&louis_lock);
}

/* 'louis_leave()' - Give the lock back. */
static void louis_leave(void) {
  pthread_mutex_unlock(&louis_lock);
}

/*
 * 'lf_braille_library()' - The liblouis version, for input digests.
 */
const char *lf_braille_library(void) {
  louis_enter();
  const char *v = lou_version();
  louis_leave();
  return v;
}

/*
 * 'primary_subtag_len()' - The length of a tag's language subtag ("en" of
 * "en-GB").
 */
static size_t primary_subtag_len(const char *tag) {
  size_t n = 0;
  while (tag[n] && tag[n] != '-')
    n++;
  return n;
}

/*
 * 'configured_table()' - The table the format names for 'language': the
 * tag itself, else the tag with its last subtags taken off, one at a time
 * (case does not matter).  NULL when it
 * names none; '*pos' is where the table is named.
 */
static const lf_braille_table *configured_table(const lf_format *f, const char *language) {
  const lf_braille_measures *b = &f->cells;
  /* the whole tag, then without its last subtag, and so on ("zh-Hant-HK",
   * "zh-Hant", "zh") */
  size_t n = strlen(language);
  while (n > 0) {
    for (size_t i = 0; i < b->table_count; i++)
      if (strlen(b->tables[i].language) == n &&
          strncasecmp(b->tables[i].language, language, n) == 0)
        return &b->tables[i];
    while (n > 0 && language[n - 1] != '-')
      n--;
    if (n > 0)
      n--; /* the '-' */
  }
  return NULL;
}

/*
 * 'metadata_table()' - liblouis's own choice for a language, from its
 * tables' metadata: a contracted literary table, else an uncontracted one;
 * NULL when it has none.  Called holding the lock; the name is copied
 * into 'arena'.
 */
static const char *metadata_table(lf_arena *arena, const char *language) {
  char query[64];
  snprintf(query, sizeof query, "language:%.*s", (int)primary_subtag_len(language), language);
  char **found = lou_findTables(query);
  const char *best = NULL;
  int best_rank = 0;
  for (size_t i = 0; found && found[i]; i++) {
    char *contraction = lou_getTableInfo(found[i], "contraction");
    char *type = lou_getTableInfo(found[i], "type");
    char *dots = lou_getTableInfo(found[i], "dots");
    /* literary six-dot tables only: computer braille is for programs */
    int usable = (!type || strcmp(type, "literary") == 0) && (!dots || strcmp(dots, "6") == 0);
    int rank = !usable ? 0
               : contraction && (strcmp(contraction, "full") == 0 ||
                                 strcmp(contraction, "partial") == 0) ? 3
               : contraction && strcmp(contraction, "no") == 0 ? 2 : 1;
    if (rank > best_rank) {
      best_rank = rank;
      best = lf_arena_strdup(arena, found[i]);
    }
    free(contraction);
    free(type);
    free(dots);
  }
  for (size_t i = 0; found && found[i]; i++)
    free(found[i]);
  free(found);
  return best;
}

/*
 * 'table_for()' - The table of 'language' (with its bold typeform), looked
 * up once per document; NULL after reporting at 'pos' a language with no
 * table, or one liblouis cannot load.
 */
static const language_table *table_for(translator *t, const char *language, lf_pos pos) {
  for (size_t i = 0; i < t->language_count; i++)
    if (strcmp(t->languages[i].language, language) == 0)
      return t->languages[i].table ? &t->languages[i] : NULL;
  language_table lt = {.language = language};
  const lf_braille_table *named = configured_table(t->format, language);
  louis_enter();
  const char *table = named ? named->table : metadata_table(t->arena, language);
  int loads = table && lou_getTable(table) != NULL;
  if (loads) {
    lt.table = table;
    lt.bold = (formtype)lou_getTypeformForEmphClass(table, "bold");
  }
  louis_leave();
  if (!table)
    lf_error(t->diags, pos, "no braille table for language '%s' (expected a language named in "
             "the 'tables' of %s, or one liblouis has a table for)", language, t->format->file);
  else if (!loads)
    lf_error(t->diags, named ? named->pos : pos, "liblouis cannot load braille table '%s' "
             "(for language '%s'; expected a table in liblouis's tables folder)", table, language);
  if (t->language_count == LANGUAGES_MAX) {
    lf_error(t->diags, pos, "more than %d languages in one document (expected fewer 'lang:' "
             "tags)", LANGUAGES_MAX);
    lt.table = NULL;
  } else {
    t->languages[t->language_count++] = lt;
  }
  if (!lt.table) {
    t->failed = 1;
    return NULL;
  }
  return &t->languages[t->language_count - 1];
}

/*
 * 'has_braille()' - Whether table 'table' translates character 'cp' into
 * some braille (checked once per table and character).  Called holding
 * the lock.
 */
static int has_braille(translator *t, const char *table, uint32_t cp) {
  for (size_t i = 0; i < t->checked_count; i++)
    if (t->checked[i].cp == cp && t->checked[i].table == table)
      return t->checked[i].defined;
  widechar in[1] = {cp}, out[64];
  int inlen = 1, outlen = 64;
  int ok = lou_translateString(table, in, &inlen, out, &outlen, NULL, NULL,
                               dotsIO | noUndefined);
  int defined = ok && outlen > 0;
  if (t->checked_count == t->checked_cap) {
    size_t cap = t->checked_cap ? t->checked_cap * 2 : 32;
    char_check *grown = lf_arena_grow(t->arena, t->checked, t->checked_count, cap,
                                      sizeof *grown);
    if (!grown)
      return defined;
    t->checked = grown;
    t->checked_cap = cap;
  }
  t->checked[t->checked_count++] = (char_check){table, cp, defined};
  return defined;
}

/* Letters with a nukta that Unicode keeps decomposed (composition
 * exclusions, so NFC text holds letter + nukta): the letter, and what it
 * is with its nukta.  Some braille tables (Bengali) have the composed
 * letter and no nukta. */
static const uint32_t nukta_letters[][3] = {
    {0x0915, 0x093C, 0x0958}, {0x0916, 0x093C, 0x0959}, {0x0917, 0x093C, 0x095A},
    {0x091C, 0x093C, 0x095B}, {0x0921, 0x093C, 0x095C}, {0x0922, 0x093C, 0x095D},
    {0x092B, 0x093C, 0x095E}, {0x092F, 0x093C, 0x095F}, {0x09A1, 0x09BC, 0x09DC},
    {0x09A2, 0x09BC, 0x09DD}, {0x09AF, 0x09BC, 0x09DF}, {0x0A32, 0x0A3C, 0x0A33},
    {0x0A38, 0x0A3C, 0x0A36}, {0x0A16, 0x0A3C, 0x0A59}, {0x0A17, 0x0A3C, 0x0A5A},
    {0x0A1C, 0x0A3C, 0x0A5B}, {0x0A2B, 0x0A3C, 0x0A5E}, {0x0B21, 0x0B3C, 0x0B5C},
    {0x0B22, 0x0B3C, 0x0B5D}};

/* A block's text on its way to liblouis: characters, their typeforms, and
 * where each came from (for an error about one). */
typedef struct source_text {
  widechar *chars;
  formtype *types;
  const lf_run **runs;   /* the run of each character, NULL for a prefix */
  const char **at;       /* its bytes in the run */
  int count, cap;
} source_text;

/*
 * 'put_char()' - Append one character.  Returns 0, or -1 when out of
 * memory.
 */
static int put_char(translator *t, source_text *s, uint32_t cp, formtype type, const lf_run *run,
                    const char *at) {
  if (s->count == s->cap) {
    int cap = s->cap ? s->cap * 2 : 256;
    widechar *c = lf_arena_grow(t->arena, s->chars, (size_t)s->count, (size_t)cap, sizeof *c);
    formtype *ty = lf_arena_grow(t->arena, s->types, (size_t)s->count, (size_t)cap, sizeof *ty);
    const lf_run **r = lf_arena_grow(t->arena, s->runs, (size_t)s->count, (size_t)cap, sizeof *r);
    const char **a = lf_arena_grow(t->arena, s->at, (size_t)s->count, (size_t)cap, sizeof *a);
    if (c)
      s->chars = c;
    if (ty)
      s->types = ty;
    if (r)
      s->runs = r;
    if (a)
      s->at = a;
    if (!c || !ty || !r || !a)
      return -1;
    s->cap = cap;
  }
  s->chars[s->count] = cp;
  s->types[s->count] = type;
  s->runs[s->count] = run;
  s->at[s->count] = at;
  s->count++;
  return 0;
}

/*
 * 'is_space()' - White space that separates words (U+00A0 is not: it
 * joins them).
 */
static int is_space(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029;
}

/*
 * 'bare_domain()' - Whether the word chars[from, to) is a web address
 * written without "www." or "https://" ("cancerresearchuk.org",
 * "nhs.uk/conditions"): labels of letters, digits and hyphens joined by
 * dots, the last before any '/' a top-level domain a leaflet is likely to
 * name.  Trailing punctuation is not part of it.
 */
static int bare_domain(const widechar *chars, int from, int to) {
  static const char *const tlds[] = {"org", "com", "net", "uk", "gov", "nhs", "info", "co",
                                     "int", "edu", "eu", "ie", "wales", "scot", "cymru"};
  while (to > from && (chars[to - 1] == '.' || chars[to - 1] == ',' || chars[to - 1] == ')' ||
                       chars[to - 1] == ';' || chars[to - 1] == ':'))
    to--;
  while (from < to && chars[from] == '(')
    from++;
  int end = from, dots = 0, last = -1;
  while (end < to && chars[end] != '/') {
    widechar c = chars[end];
    if (c == '.') {
      if (end == from || chars[end - 1] == '.')
        return 0;
      dots++;
      last = end + 1;
    } else if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
      return 0;
    }
    end++;
  }
  if (!dots || last >= end)
    return 0;
  for (size_t i = 0; i < sizeof tlds / sizeof *tlds; i++) {
    size_t n = strlen(tlds[i]);
    if ((size_t)(end - last) != n)
      continue;
    size_t k = 0;
    while (k < n && (chars[last + (int)k] | 0x20) == (widechar)tlds[i][k])
      k++;
    if (k == n)
      return 1;
  }
  return 0;
}

/*
 * 'mark_addresses()' - Give every word that is a web or email address
 * (holding "://" or '@', starting "www.", or a bare domain such as
 * "cancerresearchuk.org") the no-contract typeform: addresses are written
 * letter for letter, every one alike.
 */
static void mark_addresses(source_text *s) {
  for (int i = 0; i < s->count;) {
    if (s->chars[i] == ' ') {
      i++;
      continue;
    }
    int end = i, address = 0;
    while (end < s->count && s->chars[end] != ' ')
      end++;
    for (int k = i; k < end && !address; k++)
      address = s->chars[k] == '@' ||
                (s->chars[k] == ':' && k + 2 < end && s->chars[k + 1] == '/' &&
                 s->chars[k + 2] == '/');
    int w = i;
    while (w < end && (s->chars[w] == '(' || s->chars[w] == '<'))
      w++;
    if (end - w > 4 && (s->chars[w] | 0x20) == 'w' && (s->chars[w + 1] | 0x20) == 'w' &&
        (s->chars[w + 2] | 0x20) == 'w' && s->chars[w + 3] == '.')
      address = 1;
    if (!address)
      address = bare_domain(s->chars, i, end);
    for (int k = i; address && k < end; k++)
      s->types[k] |= no_contract;
    i = end;
  }
}

/*
 * 'mark_codes()' - Give the leaflet's id, and an edition's file stem
 * built on it ("net-drugs-lung-nec"), the no-contract typeform where it
 * stands as a word: a code a reader may quote to the service is written
 * letter for letter, as an address is ("OV]VIEW" read as "overview" is
 * not the id).
 */
static void mark_codes(source_text *s, const char *id) {
  size_t len = id ? strlen(id) : 0;
  if (!len)
    return;
  for (int i = 0; i < s->count;) {
    int end = i;
    while (end < s->count && s->chars[end] != ' ')
      end++;
    int code = end - i >= (int)len;
    for (size_t k = 0; code && k < len; k++)
      code = s->chars[i + (int)k] == (unsigned char)id[k];
    /* the id, or an edition's stem built on it, then only punctuation
     * ("net-drugs-overview." at a sentence's end) */
    int stop = i + (int)len;
    if (code && stop < end && s->chars[stop] == '-')
      while (stop < end && ((s->chars[stop] >= 'a' && s->chars[stop] <= 'z') ||
                            (s->chars[stop] >= '0' && s->chars[stop] <= '9') ||
                            s->chars[stop] == '-'))
        stop++;
    for (int k = stop; code && k < end; k++)
      code = s->chars[k] > 0 && s->chars[k] < 0x80 && strchr(".,;:!?)]'\"", (int)s->chars[k]);
    for (int k = i; code && k < stop; k++)
      s->types[k] |= no_contract;
    i = end < s->count ? end + 1 : end;
  }
}

/*
 * 'gather()' - The text of a block as liblouis takes it: 'prefix' (a
 * bullet or number), then the runs (with each link's address after its
 * text), white space collapsed to single spaces and trimmed, soft hyphens
 * dropped; a no-break space is a space to liblouis (so words either side
 * are contracted as words) and marked where it came from.  Returns 0, or -1 when out of memory.
 */
static int gather(translator *t, const lf_inline *text, const char *prefix, formtype bold,
                  const char *language, source_text *s) {
  lf_inline runs = lf_inline_with_urls(t->arena, text, 1);
  for (const char *p = prefix; p && *p;) {
    int32_t cp = lf_utf8_next(&p, p + strlen(p));
    if (cp < 0 || put_char(t, s, (uint32_t)cp, 0, NULL, NULL) != 0)
      return -1;
  }
  for (size_t i = 0; i < runs.count; i++) {
    const lf_run *run = &runs.runs[i];
    formtype type = (run->style & LF_RUN_STRONG) ? bold : 0;
    /* words in another language (a Polish leaflet's title in an English
     * letter) are not contracted: UEB writes foreign words letter for
     * letter, and English contractions would make them read as English */
    if (run->lang && !lf_language_same_writing(run->lang, language))
      type |= no_contract;
    const char *p = run->text, *end = run->text + run->len;
    while (p < end) {
      const char *at = p;
      int32_t cp = lf_utf8_next(&p, end);
      if (cp < 0 || cp == 0xAD)
        continue; /* checked by the loader; a soft hyphen is dropped */
      if (cp == 0xA0) { /* a space to liblouis; a blank no line breaks at, after */
        if (put_char(t, s, ' ', 0, run, at) != 0)
          return -1;
        continue;
      }
      if (is_space((uint32_t)cp)) {
        if (s->count > 0 && s->chars[s->count - 1] != ' ' &&
            put_char(t, s, ' ', 0, run, at) != 0)
          return -1;
        continue;
      }
      if (put_char(t, s, (uint32_t)cp, type, run, at) != 0)
        return -1;
    }
  }
  while (s->count > 0 && s->chars[s->count - 1] == ' ')
    s->count--;
  /* bold that ends just before punctuation ("**the title**, in large
   * print") takes the punctuation in: liblouis ended such a passage a word
   * early and gave the last word indicators of its own ("DIGE/IVE^'
   * ^1SY/EM^'1") */
  for (int k = 1; bold && k < s->count; k++)
    if ((s->types[k - 1] & bold) && !(s->types[k] & bold) && s->chars[k] > 0 &&
        s->chars[k] < 0x80 && strchr(",.;:!?", (int)s->chars[k]))
      s->types[k] |= bold;
  mark_addresses(s);
  mark_codes(s, t->doc->leaflet_id);
  return 0;
}

/*
 * 'compose_nuktas()' - Where the table has no braille for a nukta, a
 * letter and the nukta after it become the letter with its nukta
 * (nukta_letters), when the table has that; and where it has none for the
 * danda (U+0964, the full stop of Bengali as of Hindi), the danda becomes
 * a full stop, which Bharati braille writes in the same cell (dots 256;
 * liblouis's Bengali table lacks the danda).  Called holding the lock.
 */
static void compose_nuktas(translator *t, const char *table, source_text *s) {
  int out = 0;
  for (int i = 0; i < s->count; i++) {
    uint32_t composed = 0;
    if (out > 0)
      for (size_t k = 0; k < sizeof nukta_letters / sizeof *nukta_letters && !composed; k++)
        if (s->chars[i] == nukta_letters[k][1] && s->chars[out - 1] == nukta_letters[k][0] &&
            !has_braille(t, table, nukta_letters[k][1]) &&
            has_braille(t, table, nukta_letters[k][2]))
          composed = nukta_letters[k][2];
    if (composed) {
      s->chars[out - 1] = (widechar)composed;
      continue;
    }
    s->chars[out] = s->chars[i];
    if (s->chars[i] == 0x0964 && !has_braille(t, table, 0x0964) && has_braille(t, table, '.'))
      s->chars[out] = '.';
    s->types[out] = s->types[i];
    s->runs[out] = s->runs[i];
    s->at[out] = s->at[i];
    out++;
  }
  s->count = out;
}

/*
 * 'drop_bullet()' - Where the table has no braille for the bullet leaflet
 * puts before a list item (Welsh, Polish and Urdu tables lack U+2022),
 * the item goes without it: it still starts a line of its own, its
 * runover indented, as braille sets a list.  Called holding the lock.
 */
static void drop_bullet(translator *t, const char *table, source_text *s) {
  if (s->count < 2 || s->runs[0] || s->chars[0] != 0x2022 || has_braille(t, table, 0x2022))
    return;
  int skip = s->chars[1] == ' ' && !s->runs[1] ? 2 : 1;
  s->count -= skip;
  memmove(s->chars, s->chars + skip, (size_t)s->count * sizeof *s->chars);
  memmove(s->types, s->types + skip, (size_t)s->count * sizeof *s->types);
  memmove(s->runs, s->runs + skip, (size_t)s->count * sizeof *s->runs);
  memmove(s->at, s->at + skip, (size_t)s->count * sizeof *s->at);
}

/*
 * 'translate_run()' - liblouis over chars [from, to) of 's' in 'table',
 * appending its cells to '*out' and, for each, the index in 's' of the
 * character it came from to '*input_pos' ('*outlen' cells so far, room
 * for '*cap'), growing both as needed.  Typeform 'bold' (the main
 * table's) is given as the table's own 'table_bold'.  Returns 0, or -1
 * (reported at 'pos').  Called holding the lock.
 */
static int translate_run(translator *t, const char *table, formtype bold, formtype table_bold,
                         const source_text *s, int from, int to, widechar **out,
                         int **input_pos, int *outlen, int *cap, lf_pos pos) {
  int n = to - from;
  int room = n * 3 + 64;
  for (;;) {
    /* liblouis writes into the typeforms as far as its output goes: room
     * for as many as it may write, filled afresh for each try */
    formtype *types = lf_arena_array(t->arena, (size_t)room, sizeof *types);
    if (!types) {
      lf_error(t->diags, pos, "out of memory");
      return -1;
    }
    for (int i = 0; i < n; i++) {
      types[i] = s->types[from + i];
      if (bold != table_bold && bold && (types[i] & bold))
        types[i] = (formtype)((types[i] & ~bold) | table_bold);
    }
    /* liblouis stops when its output is full: grow it and translate again */
    if (*outlen + room > *cap) {
      int grown = (*outlen + room) * 2;
      widechar *o = lf_arena_grow(t->arena, *out, (size_t)*outlen, (size_t)grown, sizeof *o);
      int *ip = lf_arena_grow(t->arena, *input_pos, (size_t)*outlen, (size_t)grown, sizeof *ip);
      if (o)
        *out = o;
      if (ip)
        *input_pos = ip;
      if (!o || !ip) {
        lf_error(t->diags, pos, "out of memory");
        return -1;
      }
      *cap = grown;
    }
    int inlen = n, got = room;
    if (!lou_translate(table, s->chars + from, &inlen, *out + *outlen, &got, types, NULL, NULL,
                       *input_pos + *outlen, NULL, dotsIO)) {
      lf_error(t->diags, pos, "liblouis could not translate this text with table '%s'", table);
      return -1;
    }
    if (inlen >= n && got < room) {
      for (int i = 0; i < got; i++)
        (*input_pos)[*outlen + i] += from;
      *outlen += got;
      return 0;
    }
    room *= 2;
  }
}

/*
 * 'translate_text()' - One block's text (after 'prefix') in the table of
 * 'language', as BRF characters in the arena.  Letters the table has no
 * braille for but the program's English table has (the Latin drug names
 * and web addresses in an Urdu or Tamil leaflet, whose tables have no
 * Latin letters) are translated in the English table, as print sets them
 * in the Latin face; a character neither has is refused.  Returns 0, or
 * -1 after reporting.
 */
static int translate_text(translator *t, const lf_inline *text, const char *prefix,
                          const char *language, lf_pos language_pos, lf_pos pos,
                          const char **cells, size_t *len, const unsigned char **divide) {
  const language_table *lt = table_for(t, language, language_pos);
  if (!lt)
    return -1;
  source_text s = {0};
  if (gather(t, text, prefix, lt->bold, language, &s) != 0) {
    lf_error(t->diags, pos, "out of memory");
    return -1;
  }
  *cells = "";
  *len = 0;
  if (divide)
    *divide = NULL;
  if (s.count == 0)
    return 0;
  /* the program's English table, where this one lacks letters */
  const language_table *en = NULL;
  louis_enter();
  int latin = has_braille(t, lt->table, 'a') && has_braille(t, lt->table, 'A');
  louis_leave();
  if (!latin && !(en = table_for(t, LF_PROGRAM_LANGUAGE, language_pos)))
    return -1;
  int failed = 0;
  widechar *out = NULL;
  int *input_pos = NULL;
  int outlen = 0, cap = 0;
  uint8_t *which = lf_arena_array(t->arena, (size_t)s.count, 1); /* 0 its table, 1 English */
  if (!which) {
    lf_error(t->diags, pos, "out of memory");
    return -1;
  }
  louis_enter();
  drop_bullet(t, lt->table, &s);
  compose_nuktas(t, lt->table, &s);
  for (int i = 0; i < s.count && !failed; i++) {
    uint32_t c = s.chars[i];
    which[i] = 0;
    if (c == ' ')
      which[i] = i > 0 ? which[i - 1] : 0; /* a space goes with what it follows */
    else if ((c <= 0x7E && latin) || has_braille(t, lt->table, c))
      which[i] = 0;
    else if (en && has_braille(t, en->table, c))
      which[i] = 1;
    else {
      lf_pos at = s.runs[i] ? lf_run_char_pos(s.runs[i], s.at[i], pos) : pos;
      lf_error(t->diags, at, "character U+%04X has no braille in table '%s' (language '%s'; "
               "expected text the table covers)", (unsigned)c, lt->table, language);
      failed = 1;
    }
  }
  for (int from = 0; from < s.count && !failed;) {
    int to = from + 1;
    while (to < s.count && which[to] == which[from])
      to++;
    const language_table *use = which[from] ? en : lt;
    failed = translate_run(t, use->table, lt->bold, use->bold, &s, from, to, &out, &input_pos,
                           &outlen, &cap, pos) != 0;
    from = to;
  }
  louis_leave();
  if (failed) {
    t->failed = 1;
    return -1;
  }
  char *brf = lf_arena_alloc(t->arena, (size_t)outlen + 1);
  /* where print may break a line between two characters with no space
   * between them (Unicode's rules, as the layout keeps them: between
   * Chinese characters, never before closing punctuation) */
  unsigned char *may = divide ? lf_arena_alloc(t->arena, (size_t)outlen + 1) : NULL;
  uint32_t *cps = divide ? lf_arena_array(t->arena, (size_t)s.count, sizeof *cps) : NULL;
  uint8_t *after = divide ? lf_arena_alloc(t->arena, (size_t)s.count) : NULL;
  if (!brf || (divide && (!may || !cps || !after))) {
    lf_error(t->diags, pos, "out of memory");
    return -1;
  }
  if (divide) {
    for (int i = 0; i < s.count; i++)
      cps[i] = s.chars[i];
    if (lf_line_breaks(cps, (size_t)s.count, language, after) != 0) {
      lf_error(t->diags, pos, "out of memory");
      return -1;
    }
  }
  size_t n = 0;
  int last = -1; /* the character the last cell kept came from */
  for (int i = 0; i < outlen; i++) {
    char c = brf_of_dots[out[i] & 0x3F];
    int k = input_pos[i];
    if (c == ' ' && k >= 0 && k < s.count && s.at[k] &&
        memcmp(s.at[k], "\xC2\xA0", 2) == 0)
      c = LF_BRL_NO_BREAK;
    if (c == ' ' && (n == 0 || brf[n - 1] == ' '))
      continue;
    if (may) {
      /* the first cell of a character, after one that is not a space:
       * where print may start a line (LF_BRL_MAY_START), where print
       * divides an address too long for a line, and in any case where a
       * word longer than a line is cut, never inside a character's cells */
      unsigned char f = 0;
      if (c != ' ' && n > 0 && brf[n - 1] != ' ' && k != last && k > 0 && k < s.count &&
          last >= 0) {
        f = LF_BRL_SIGN_START;
        if (after[k - 1] && s.chars[k - 1] != ' ')
          f |= LF_BRL_MAY_START;
        if ((s.types[k] & no_contract) && lf_address_break_before(s.chars[k - 1], s.chars[k]))
          f |= LF_BRL_ADDRESS_BREAK;
      }
      may[n] = f;
    }
    last = k;
    brf[n++] = c;
  }
  if (divide)
    *divide = may;
  while (n > 0 && brf[n - 1] == ' ')
    n--;
  brf[n] = '\0';
  *cells = brf;
  *len = n;
  return 0;
}

/*
 * 'push()' - A new block of 'kind'; NULL when out of memory (reported).
 */
static lf_brl_block *push(translator *t, lf_brl_kind kind, int level, lf_pos pos) {
  if (t->count == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 64;
    lf_brl_block *grown = lf_arena_grow(t->arena, t->blocks, t->count, cap, sizeof *grown);
    if (!grown) {
      lf_error(t->diags, pos, "out of memory");
      t->failed = 1;
      return NULL;
    }
    t->blocks = grown;
    t->cap = cap;
  }
  lf_brl_block *b = &t->blocks[t->count++];
  *b = (lf_brl_block){.kind = kind, .level = level, .cells = "", .pos = pos};
  return b;
}

/*
 * 'note_cells()' - UEB's transcriber's note naming 'language', in the
 * document's table: the indicators (dots 4 46 126 ... 4 46 345) around
 * ",WELSH", then a space; NULL when the language has no name.
 */
static const char *note_cells(translator *t, const char *language, lf_pos pos, size_t *len) {
  const char *name = lf_language_name(language);
  if (!name)
    return NULL;
  lf_run run = {.text = name, .len = strlen(name)};
  lf_inline text = {&run, 1};
  const char *cells;
  size_t n;
  if (translate_text(t, &text, NULL, t->doc->language, t->doc->language_pos, pos, &cells, &n,
                     NULL) != 0 || n == 0)
    return NULL;
  char *note = lf_arena_printf(t->arena, "@.<%.*s@.> ", (int)n, cells);
  *len = note ? strlen(note) : 0;
  return note;
}

/*
 * 'language_note()' - For a block that names a language other than the
 * document's (the letter's statement in Welsh, Urdu ...), UEB's
 * transcriber's note naming it, in the document's table: the
 * indicators (dots 4 46 126 ... 4 46 345) around ",WELSH".  The reader
 * is told the code changes before the other language's braille begins,
 * instead of meeting what reads as nonsense in UEB; and, at the first
 * block in the document's language after such a run, a note naming that
 * language ("ENGLISH").  NULL for none.
 */
static const char *language_note(translator *t, const lf_block *src, size_t *len) {
  char mine[16], theirs[16];
  const char *language = src->language ? src->language : t->within ? t->within->language : NULL;
  if (!language || !t->doc->language ||
      strcmp(lf_language_primary(language, mine, sizeof mine),
             lf_language_primary(t->doc->language, theirs, sizeof theirs)) == 0) {
    /* back in the document's language: said once, as the change into
     * another was (UEB shows a change of code both ways) */
    if (!t->noted[0] || !t->doc->language)
      return NULL;
    t->noted[0] = '\0';
    language = t->doc->language;
  } else if (strcmp(t->noted, mine) == 0) {
    /* one note before a run of blocks in the language (a list's items, a
     * callout's paragraphs), not one a block */
    return NULL;
  } else {
    snprintf(t->noted, sizeof t->noted, "%s", mine);
  }
  return note_cells(t, language, src->pos, len);
}

/*
 * 'add_blank()' - A fill-in blank after block 'b''s text: a space and six
 * cells of dots 36, as braille writes a blank to fill in; it goes on the
 * line with the question's last word, or starts the next.
 */
static void add_blank(translator *t, lf_brl_block *b) {
  static const char blank[] = " ------";
  size_t n = sizeof blank - 1;
  char *cells = lf_arena_alloc(t->arena, b->len + n + 1);
  unsigned char *divide = b->divide ? lf_arena_alloc(t->arena, b->len + n + 1) : NULL;
  if (!cells || (b->divide && !divide))
    return;
  memcpy(cells, b->cells, b->len);
  memcpy(cells + b->len, blank, n + 1);
  if (divide) {
    memcpy(divide, b->divide, b->len);
    memset(divide + b->len, 0, n + 1);
  }
  b->cells = cells;
  b->divide = divide;
  b->len += n;
}

/*
 * 'wrap_note()' - Block 'b''s cells between UEB's transcriber's note
 * indicators (dots 4 46 126 ... dots 4 46 345), as material a transcriber
 * adds is set apart from the print's words.
 */
static void wrap_note(translator *t, lf_brl_block *b) {
  static const char open[] = "@.<", close[] = "@.>";
  size_t n = sizeof open - 1, m = sizeof close - 1;
  char *cells = lf_arena_alloc(t->arena, n + b->len + m + 1);
  unsigned char *divide = b->divide ? lf_arena_alloc(t->arena, n + b->len + m + 1) : NULL;
  if (!cells || (b->divide && !divide))
    return;
  memcpy(cells, open, n);
  memcpy(cells + n, b->cells, b->len);
  memcpy(cells + n + b->len, close, m + 1);
  if (divide) {
    memset(divide, 0, n);
    memcpy(divide + n, b->divide, b->len);
    memset(divide + n + b->len, 0, m + 1);
  }
  b->cells = cells;
  b->divide = divide;
  b->len += n + m;
}

/*
 * 'add_text()' - A block of 'kind' holding 'text' (after 'prefix') in the
 * language of 'src': its own, else that of the table or list it is in
 * (the cells of "About this leaflet" are English in any leaflet), else the
 * document's; after a transcriber's note naming its language when it
 * names one the document is not in (language_note()).
 */
static void add_text(translator *t, lf_brl_kind kind, int level, int runover, const lf_block *src,
                     const lf_inline *text, const char *prefix) {
  const lf_block *named = src->language ? src : t->within;
  const char *language = named ? named->language : t->doc->language;
  lf_pos language_pos = named ? named->language_pos : t->doc->language_pos;
  const char *cells;
  size_t len;
  const unsigned char *divide;
  if (translate_text(t, text, prefix, language, language_pos, src->pos, &cells, &len,
                     &divide) != 0)
    return;
  size_t note_len = 0;
  const char *note = len ? language_note(t, src, &note_len) : NULL;
  if (note) {
    /* the note and the block as one: the note's cells take no divisions
     * but at its words' starts */
    char *joined = lf_arena_alloc(t->arena, note_len + len + 1);
    unsigned char *flags = lf_arena_alloc(t->arena, note_len + len + 1);
    if (joined && flags) {
      memcpy(joined, note, note_len);
      memcpy(joined + note_len, cells, len);
      joined[note_len + len] = '\0';
      memset(flags, 0, note_len);
      if (divide)
        memcpy(flags + note_len, divide, len);
      else
        memset(flags + note_len, 0, len);
      cells = joined;
      divide = flags;
      len += note_len;
    }
  }
  lf_brl_block *b = len ? push(t, kind, level, src->pos) : NULL;
  if (b) {
    b->runover = runover;
    b->cells = cells;
    b->len = len;
    b->divide = divide;
  }
}

/*
 * 'list_depth()' - How deep lists nest inside list block 'b' (0 for a list
 * with no list in its items).
 */
static int list_depth(const lf_block *b) {
  int deepest = 0;
  for (size_t i = 0; i < b->list_count; i++)
    for (size_t k = 0; k < b->list_items[i].count; k++) {
      const lf_block *in = &b->list_items[i].items[k];
      if (in->kind == LF_BLOCK_LIST && list_depth(in) + 1 > deepest)
        deepest = list_depth(in) + 1;
    }
  return deepest;
}

static void add_blocks(translator *t, const lf_blocks *blocks, int depth, int runover);
static void add_within(translator *t, const lf_block *b, int depth, int runover,
                       void (*add)(translator *, const lf_block *, int, int));

/*
 * 'cell_label()' - The words heading a cell, "Drug: " (see
 * lf_cell_label()), or "" for none.
 */
static const char *cell_label(translator *t, const lf_blocks *head) {
  const char *label = lf_cell_label(t->arena, head);
  return label ? label : "";
}

/*
 * 'add_cell()' - A table cell's blocks as a list item's: the first
 * paragraph after 'label' ('first' says whether it starts the item),
 * the rest as further blocks of the item.
 */
static void add_cell(translator *t, const lf_block *table, const lf_blocks *cell,
                     const char *label, int first, int depth, int runover) {
  size_t k = 0;
  lf_brl_kind kind = first ? LF_BRL_ITEM : LF_BRL_ENTRY;
  if (cell->count > 0 && cell->items[0].kind == LF_BLOCK_PARAGRAPH) {
    add_text(t, kind, depth, runover, &cell->items[0], &cell->items[0].text, label);
    k = 1;
  } else if (first || label[0]) {
    lf_inline none = {0};
    add_text(t, kind, depth, runover, table, &none, label);
  }
  lf_blocks rest = {cell->items + k, cell->count - k};
  if (rest.count)
    add_blocks(t, &rest, depth, runover);
}

/*
 * 'add_table()' - A table read a row at a time, as print sets a table
 * too narrow for its columns: its caption, then each body row a list item
 * of "Header: value" for each cell (a table with no header row: the row's
 * own header, then its other cells).
 */
static void add_table(translator *t, const lf_block *b, int depth, int runover) {
  const lf_table *tab = b->table;
  if (tab->caption.count)
    add_text(t, LF_BRL_PARAGRAPH, 0, 0, b, &tab->caption, NULL);
  int level = depth >= 0 ? depth + 1 : 0;
  if (depth < 0)
    runover = 1;
  if (!push(t, LF_BRL_LIST_START, level, b->pos))
    return;
  const lf_blocks *head = tab->header_rows ? tab->rows[tab->header_rows - 1].cells : NULL;
  for (size_t r = tab->header_rows; r < tab->row_count && !t->failed; r++) {
    const lf_table_row *row = &tab->rows[r];
    size_t c = 0;
    if (!head && tab->row_headers) {
      /* "Phone: 0808 800 4040": the row's header labels its other cells */
      const char *label = cell_label(t, &row->cells[0]);
      c = 1;
      for (; c < tab->columns; c++)
        add_cell(t, b, &row->cells[c], c == 1 ? label : "", c == 1, level, runover);
      continue;
    }
    for (; c < tab->columns; c++)
      if (row->cells[c].count || c == 0)
        add_cell(t, b, &row->cells[c], cell_label(t, head ? &head[c] : NULL), c == 0, level,
                 runover);
  }
  push(t, LF_BRL_LIST_END, level, b->pos);
}

/*
 * 'add_list()' - A list at 'depth' (0 at the top): each item's first
 * block after its bullet or number, the rest as further blocks of the
 * item; lists inside items one level deeper.
 */
static void add_list(translator *t, const lf_block *list, int depth, int runover) {
  if (depth == 0)
    runover = list_depth(list);
  if (!push(t, LF_BRL_LIST_START, depth, list->pos))
    return;
  for (size_t i = 0; i < list->list_count && !t->failed; i++) {
    char number[32];
    const char *prefix = list->plain ? "" : "\u2022 ";
    if (list->ordered && !list->plain) {
      snprintf(number, sizeof number, "%zu. ", i + 1);
      prefix = number;
    }
    const lf_blocks *item = &list->list_items[i];
    size_t k = 0;
    if (item->count > 0 && (item->items[0].kind == LF_BLOCK_PARAGRAPH ||
                            item->items[0].kind == LF_BLOCK_HEADING)) {
      add_text(t, LF_BRL_ITEM, depth, runover, &item->items[0], &item->items[0].text, prefix);
      k = 1;
    } else if (prefix[0]) {
      lf_inline none = {0};
      add_text(t, LF_BRL_ITEM, depth, runover, list, &none, prefix);
    }
    for (; k < item->count && !t->failed; k++) {
      const lf_block *b = &item->items[k];
      if (b->kind == LF_BLOCK_PARAGRAPH || b->kind == LF_BLOCK_HEADING)
        add_text(t, LF_BRL_ITEM_MORE, depth, runover, b, &b->text, NULL);
      else if (b->kind == LF_BLOCK_LIST)
        add_within(t, b, depth + 1, runover, add_list);
      else {
        lf_blocks one = {(lf_block *)b, 1};
        add_blocks(t, &one, depth, runover);
      }
    }
  }
  push(t, LF_BRL_LIST_END, depth, list->pos);
}

/*
 * 'add_within()' - Add table or list 'b' with 'add', the blocks inside it
 * in its language where it names one.
 */
static void add_within(translator *t, const lf_block *b, int depth, int runover,
                       void (*add)(translator *, const lf_block *, int, int)) {
  const lf_block *outer = t->within;
  if (b->language)
    t->within = b;
  add(t, b, depth, runover);
  t->within = outer;
}

/*
 * 'add_blocks()' - Blocks in reading order.  'depth' and 'runover' are
 * those of the list item holding them (a callout in an item), else -1.
 */
static void add_blocks(translator *t, const lf_blocks *blocks, int depth, int runover) {
  for (size_t i = 0; i < blocks->count && !t->failed; i++) {
    const lf_block *b = &blocks->items[i];
    switch (b->kind) {
    case LF_BLOCK_HEADING:
      add_text(t, b->level <= 1 ? LF_BRL_TITLE : LF_BRL_HEADING, b->level, 0, b, &b->text, NULL);
      if (b->level <= 1 && t->doc->review_overdue) {
        /* the print edition says so on every page; braille, under the title */
        lf_run run = {.text = lf_words_review(t->arena, t->doc->words, t->doc->next_review, 1,
                                              NULL)};
        run.len = run.text ? strlen(run.text) : 0;
        lf_inline note = {&run, run.text ? 1 : 0};
        add_text(t, LF_BRL_PARAGRAPH, 0, 0, b, &note, NULL);
      }
      break;
    case LF_BLOCK_PARAGRAPH:
      add_text(t, depth >= 0 ? LF_BRL_ITEM_MORE : LF_BRL_PARAGRAPH, depth, runover, b, &b->text,
               NULL);
      break;
    case LF_BLOCK_LIST:
      add_within(t, b, depth >= 0 ? depth + 1 : 0, runover, add_list);
      break;
    case LF_BLOCK_CALLOUT:
      if (push(t, LF_BRL_BOX_START, 0, b->pos)) {
        add_blocks(t, &b->body, depth, runover);
        push(t, LF_BRL_BOX_END, 0, b->pos);
      }
      break;
    case LF_BLOCK_PAGE_BREAK:
      break; /* braille pages are not the print pages */
    case LF_BLOCK_TABLE:
      add_within(t, b, depth, runover, add_table);
      break;
    case LF_BLOCK_FIGURE: {
      /* what the picture shows, then its caption */
      const lf_figure *f = b->figure;
      if (f->alt) {
        const char *names[] = {"alt"}, *values[] = {f->alt};
        lf_run run = {.text = lf_words_fill(t->arena, t->doc->words, LF_WORD_PICTURE, names,
                                            values, 1)};
        run.len = run.text ? strlen(run.text) : 0;
        lf_inline alt = {&run, run.text ? 1 : 0};
        size_t before = t->count;
        add_text(t, depth >= 0 ? LF_BRL_ITEM_MORE : LF_BRL_PARAGRAPH, depth, runover, b, &alt,
                 NULL);
        /* a description of a picture the page does not hold: a
         * transcriber's note, not the leaflet's own words */
        if (t->count > before)
          wrap_note(t, &t->blocks[t->count - 1]);
      }
      if (f->caption.count)
        add_text(t, depth >= 0 ? LF_BRL_ITEM_MORE : LF_BRL_PARAGRAPH, depth, runover, b,
                 &f->caption, NULL);
      break;
    }
    case LF_BLOCK_QR: {
      /* the address a sighted reader would scan */
      lf_run run = {.text = b->href, .len = strlen(b->href)};
      lf_inline address = {&run, 1};
      if (b->text.count)
        add_text(t, depth >= 0 ? LF_BRL_ITEM_MORE : LF_BRL_PARAGRAPH, depth, runover, b,
                 &b->text, NULL);
      add_text(t, depth >= 0 ? LF_BRL_ITEM_MORE : LF_BRL_PARAGRAPH, depth, runover, b,
               &address, NULL);
      break;
    }
    case LF_BLOCK_WRITE_IN: {
      /* the question, then the blank braille shows for a space to fill
       * in, a run of dots 36: with the question alone, what followed
       * (the next heading, a drug's name) read as its answer */
      size_t before = t->count;
      add_text(t, depth >= 0 ? LF_BRL_ITEM_MORE : LF_BRL_PARAGRAPH, depth, runover, b, &b->text,
               NULL);
      if (t->count > before)
        add_blank(t, &t->blocks[t->count - 1]);
      break;
    }
    case LF_BLOCK_LABEL_BOX:
      break; /* a sticker goes on the print edition */
    }
  }
}

/*
 * 'lf_braille_translate()' - Every block, then the running head.
 */
int lf_braille_translate(lf_arena *arena, const lf_document *doc, const lf_format *format,
                         lf_braille_text *out, lf_diags *diags) {
  translator t = {.arena = arena, .diags = diags, .format = format, .doc = doc};
  memset(out, 0, sizeof *out);
  if (!format->braille) {
    lf_error(diags, format->pos, "'%s' is not a braille format", format->name);
    return -1;
  }
  add_blocks(&t, &doc->body, -1, 0);
  add_blocks(&t, &doc->back_page, -1, 0);
  if (!t.failed && doc->title && doc->title[0]) {
    lf_run run = {.text = doc->title, .len = strlen(doc->title)};
    lf_inline title = {&run, 1};
    lf_pos where = doc->body.count ? doc->body.items[0].pos : doc->language_pos;
    const char *cells;
    size_t len;
    if (translate_text(&t, &title, NULL, doc->language, doc->language_pos, where, &cells,
                       &len, NULL) == 0 && len) {
      out->running_head = cells;
      out->head_len = len;
    }
    if (doc->short_title && doc->short_title[0] && strcmp(doc->short_title, doc->title) != 0) {
      run = (lf_run){.text = doc->short_title, .len = strlen(doc->short_title)};
      if (translate_text(&t, &title, NULL, doc->language, doc->language_pos, where, &cells,
                         &len, NULL) == 0 && len) {
        out->short_head = cells;
        out->short_len = len;
      }
    }
  }
  if (t.failed)
    return -1;
  out->blocks = t.blocks;
  out->count = t.count;
  out->ends_in = t.noted[0] ? lf_arena_strdup(arena, t.noted) : NULL;
  return 0;
}

/*
 * 'lf_braille_code_note()' - A transcriber's note naming a language, as a
 * block of its own.
 */
int lf_braille_code_note(lf_arena *arena, const char *in_language, lf_pos pos,
                         const char *language, const lf_format *format, lf_brl_block *out,
                         lf_diags *diags) {
  lf_document doc = {.language = in_language, .language_pos = pos};
  translator t = {.arena = arena, .diags = diags, .format = format, .doc = &doc};
  size_t len = 0;
  const char *note = note_cells(&t, language, pos, &len);
  if (t.failed)
    return -1;
  if (!note)
    return 0;
  while (len > 0 && note[len - 1] == ' ')
    len--; /* a block of its own: no space to the text after it */
  *out = (lf_brl_block){.kind = LF_BRL_PARAGRAPH, .cells = note, .len = len, .pos = pos};
  return 1;
}

/*
 * 'lf_braille_grade()' - From the table's "contraction" metadata, or for a
 * table without it, from liblouis's naming: ".utb" is uncontracted.
 */
const char *lf_braille_grade(const lf_format *format, const char *language) {
  const lf_braille_table *named = configured_table(format, language);
  const char *grade = NULL;
  lf_arena *arena = named ? NULL : lf_arena_new(0);
  louis_enter();
  const char *table = named ? named->table : arena ? metadata_table(arena, language) : NULL;
  char *contraction = table ? lou_getTableInfo(table, "contraction") : NULL;
  size_t n = table ? strlen(table) : 0;
  if (contraction)
    grade = strcmp(contraction, "no") == 0 ? "grade 1" : "grade 2";
  else if (table)
    grade = n > 4 && strcmp(table + n - 4, ".utb") == 0 ? "grade 1" : "grade 2";
  free(contraction);
  louis_leave();
  lf_arena_free(arena);
  return grade;
}
