/*
 * check.c -- content checks for authors and CI (see check.h).
 *
 * Every leaflet and edition is resolved (so every id and term is followed),
 * then the author's own prose is measured.  Generated sections (references,
 * glossary, about this leaflet) are not the author's prose and are skipped.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "leaflet/check.h"
#include "leaflet/colour.h"
#include "leaflet/words.h"
#include "leaflet/document.h"
#include "leaflet/history.h"
#include "leaflet/language.h"

enum { MAX_SENTENCE_WORDS = 25, MAX_PARAGRAPH_WORDS = 100, MAX_WARNED = 4096 };

typedef struct checker {
  lf_arena *arena;
  lf_diags *diags;
  const lf_content *content;
  unsigned char *term_used, *drug_used;
  lf_pos warned[MAX_WARNED];   /* places already warned, so shared text is */
  size_t warned_count;         /* reported once, not once per edition */
  lf_readability read;
  const char *plain_doc;       /* the document's prose, for acronym lookups */
} checker;

/*
 * 'once()' - Whether this place has not yet been warned about.
 */
static int once(checker *c, lf_pos pos) {
  for (size_t i = 0; i < c->warned_count; i++)
    if (c->warned[i].file == pos.file && c->warned[i].line == pos.line &&
        c->warned[i].column == pos.column)
      return 0;
  if (c->warned_count < MAX_WARNED)
    c->warned[c->warned_count++] = pos;
  return 1;
}

/*
 * 'count_syllables()' - Vowel groups, less a silent final 'e', at least one.
 */
static size_t count_syllables(const char *w, size_t n) {
  size_t groups = 0;
  int in_vowel = 0;
  size_t letters = 0;
  for (size_t i = 0; i < n; i++) {
    int ch = tolower((unsigned char)w[i]);
    if (!isalpha(ch))
      continue;
    letters++;
    int v = strchr("aeiouy", ch) != NULL;
    if (v && !in_vowel)
      groups++;
    in_vowel = v;
  }
  while (n > 0 && !isalpha((unsigned char)w[n - 1]))
    n--;
  if (n > 2 && tolower((unsigned char)w[n - 1]) == 'e' && tolower((unsigned char)w[n - 2]) != 'l' &&
      groups > 1)
    groups--;
  return letters == 0 ? 0 : groups ? groups : 1;
}

/*
 * 'is_space_at()' - White space (ASCII or U+00A0) at s; its length or 0.
 */
static size_t space_at(const char *s, const char *end) {
  if (s < end && (*s == ' ' || *s == '\t' || *s == '\n'))
    return 1;
  if (s + 1 < end && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
    return 2;
  return 0;
}

/*
 * 'ends_sentence()' - Whether the word of 'len' bytes at 'w' ends a
 * sentence: its last character, past closing quotes and brackets
 * ('Rest."', '(see below.)'), is a full stop, '!' or '?'.
 */
static int ends_sentence(const char *w, size_t len) {
  while (len > 0) {
    unsigned char c = (unsigned char)w[len - 1];
    if (c == '"' || c == '\'' || c == ')' || c == ']') {
      len--;
    } else if (len >= 3 && (unsigned char)w[len - 3] == 0xE2 &&
               (unsigned char)w[len - 2] == 0x80 &&
               ((unsigned char)w[len - 1] == 0x99 || (unsigned char)w[len - 1] == 0x9D)) {
      len -= 3; /* U+2019, U+201D */
    } else {
      break;
    }
  }
  if (len == 0)
    return 0;
  char last = w[len - 1];
  return last == '.' || last == '!' || last == '?';
}

/*
 * 'next_word()' - The next run of non-space characters from *s, or NULL at
 * the end; *s moves past it and *len is its length in bytes.
 */
static const char *next_word(const char **s, const char *end, size_t *len) {
  while (*s < end && space_at(*s, end))
    *s += space_at(*s, end);
  if (*s >= end)
    return NULL;
  const char *w = *s;
  while (*s < end && !space_at(*s, end))
    (*s)++;
  *len = (size_t)(*s - w);
  return w;
}

/*
 * 'lf_measure_text()' - Count words, sentences and syllables.
 */
void lf_measure_text(const char *text, lf_readability *r) {
  const char *s = text, *end = text + strlen(text);
  int in_sentence = 0;
  const char *w;
  size_t len;
  while ((w = next_word(&s, end, &len)) != NULL) {
    size_t syl = count_syllables(w, len);
    if (syl == 0)
      continue; /* a number or a mark, not a word */
    r->words++;
    r->syllables += syl;
    in_sentence = 1;
    /* a ':' ends a sentence only where it ends the text, leading in to a
     * list (the text's end counts it below): "Note: take it with food."
     * is one sentence */
    if (ends_sentence(w, len)) {
      r->sentences++;
      in_sentence = 0;
    }
  }
  if (in_sentence)
    r->sentences++;
}

/*
 * 'lf_readability_finish()' - Flesch reading ease and a reading age.
 */
void lf_readability_finish(lf_readability *r) {
  if (r->words == 0 || r->sentences == 0)
    return;
  double wps = (double)r->words / (double)r->sentences;
  double spw = (double)r->syllables / (double)r->words;
  r->flesch_reading_ease = 206.835 - 1.015 * wps - 84.6 * spw;
  r->reading_age = 0.39 * wps + 11.8 * spw - 15.59 + 5;
}

/*
 * 'check_prose()' - Sentence and paragraph length, words in capitals.
 */
static void check_prose(checker *c, const char *text, lf_pos pos) {
  lf_readability para = {0};
  lf_measure_text(text, &para);
  c->read.words += para.words;
  c->read.sentences += para.sentences;
  c->read.syllables += para.syllables;
  if (!once(c, pos))
    return;
  if (para.words > MAX_PARAGRAPH_WORDS)
    lf_warning(c->diags, pos, "paragraph of %zu words (plain English keeps paragraphs to %d words or fewer)",
               para.words, MAX_PARAGRAPH_WORDS);
  /* each sentence */
  const char *s = text, *end = text + strlen(text), *start = text;
  size_t words = 0, len;
  const char *w;
  while ((w = next_word(&s, end, &len)) != NULL) {
    size_t upper = 0, letters = 0;
    for (size_t i = 0; i < len; i++)
      if (isalpha((unsigned char)w[i])) {
        letters++;
        upper += isupper((unsigned char)w[i]) != 0;
      }
    if (letters >= 4 && upper == letters) {
      /* an acronym the text defines in brackets is not shouting */
      char def[80];
      snprintf(def, sizeof def, "(%.*s)", (int)(letters < 60 ? len : 60), w);
      char *close = strchr(def + 1, ')');
      if (close)
        close[1] = 0;
      if (!strstr(c->plain_doc, def))
        lf_warning(c->diags, pos, "'%.*s' is in capitals (plain English: capitals are harder to read)",
                   (int)len, w);
    }
    words += count_syllables(w, len) > 0;
    if (ends_sentence(w, len) || s >= end) {
      if (words > MAX_SENTENCE_WORDS)
        lf_warning(c->diags, pos, "sentence of %zu words starting '%.30s' (plain English keeps sentences to %d words or fewer)",
                   words, start, MAX_SENTENCE_WORDS);
      words = 0;
      start = s;
      while (start < end && space_at(start, end))
        start += space_at(start, end);
    }
  }
}

/*
 * 'check_runs()' - Terms used (a link's address is checked where it is
 * read, lf_parse_inline()).
 */
static void check_runs(checker *c, const lf_inline *in) {
  for (size_t i = 0; i < in->count; i++) {
    const lf_run *r = &in->runs[i];
    if (r->style & LF_RUN_TERM) {
      const lf_term *t = lf_content_term(c->content, r->term);
      if (t)
        c->term_used[t - c->content->terms] = 1;
    }
  }
}

/*
 * 'is_generated()' - Whether a block starts a section leaflet adds
 * (references, glossary, about this leaflet), which is not the author's
 * prose.
 */
static int is_generated(const lf_block *b) {
  return b->kind == LF_BLOCK_HEADING && b->role &&
         (!strcmp(b->role, "references") || !strcmp(b->role, "glossary") ||
          !strcmp(b->role, "about"));
}


/*
 * 'measure_blocks()' - Add the words of the author's English paragraphs
 * in 'blocks' (lists and callouts too), in 'lang' unless a block names
 * its own, as `leaflet check` measures them.  Returns 1 once a generated
 * section starts.
 */
static int measure_blocks(lf_arena *arena, const lf_blocks *blocks, const char *lang,
                          lf_readability *r) {
  for (size_t i = 0; i < blocks->count; i++) {
    const lf_block *b = &blocks->items[i];
    const char *block_lang = b->language ? b->language : lang;
    if (is_generated(b))
      return 1;
    if (b->kind == LF_BLOCK_PARAGRAPH && lf_language_is_english(block_lang)) {
      char *plain = lf_inline_plain(arena, &b->text);
      if (plain)
        lf_measure_text(plain, r);
    }
    for (size_t k = 0; k < b->list_count; k++)
      measure_blocks(arena, &b->list_items[k], block_lang, r);
    if (b->kind == LF_BLOCK_CALLOUT)
      measure_blocks(arena, &b->body, block_lang, r);
  }
  return 0;
}

/*
 * 'lf_measure_document()' - The readability of a document's own English
 * prose (none in a leaflet in another language: 0 words).
 */
void lf_measure_document(lf_arena *arena, const lf_document *doc, lf_readability *r) {
  memset(r, 0, sizeof *r);
  measure_blocks(arena, &doc->body, doc->language, r);
  lf_readability_finish(r);
}

/*
 * 'walk()' - Every block of the author's prose, in 'lang' unless a block
 * names its own language.  Returns 1 once a generated section starts.
 */
static int walk(checker *c, const lf_blocks *blocks, int measure, const char *lang) {
  for (size_t i = 0; i < blocks->count; i++) {
    const lf_block *b = &blocks->items[i];
    const char *block_lang = b->language ? b->language : lang;
    /* a heading with nothing under it before the next heading of its
     * level or above (or the end) is an empty section */
    if (b->kind == LF_BLOCK_HEADING && b->level > 1) {
      const lf_block *next = i + 1 < blocks->count ? &blocks->items[i + 1] : NULL;
      if ((!next || (next->kind == LF_BLOCK_HEADING && next->level <= b->level)) && once(c, b->pos))
        lf_warning(c->diags, b->pos, "section '%s' is empty (expected text under the heading)",
                   lf_inline_plain(c->arena, &b->text));
    }
    if (is_generated(b))
      return 1;
    if (b->kind == LF_BLOCK_HEADING && b->role && !strcmp(b->role, "drug"))
      for (size_t d = 0; d < c->content->drug_count; d++)
        if (b->text.count && !strncmp(c->content->drugs[d].name, b->text.runs[0].text, b->text.runs[0].len))
          c->drug_used[d] = 1;
    if (b->kind == LF_BLOCK_PARAGRAPH || b->kind == LF_BLOCK_HEADING) {
      check_runs(c, &b->text);
      if (measure && b->kind == LF_BLOCK_PARAGRAPH && lf_language_is_english(block_lang))
        check_prose(c, lf_inline_plain(c->arena, &b->text), b->pos);
    }
    if (b->kind == LF_BLOCK_LIST)
      for (size_t k = 0; k < b->list_count; k++)
        walk(c, &b->list_items[k], measure, block_lang);
    if (b->kind == LF_BLOCK_CALLOUT)
      walk(c, &b->body, measure, block_lang);
    if (b->kind == LF_BLOCK_TABLE) {
      /* a row's fill against every print format's inks, as the table
       * layout checks it (the same error, said once) */
      for (size_t f = 0; f < c->content->format_count; f++)
        if (!c->content->formats[f].braille)
          lf_check_fills(b->table, &c->content->formats[f], c->diags);
      /* cells are short by nature: their words are checked, not measured */
      if (b->table->caption.count)
        check_runs(c, &b->table->caption);
      for (size_t r = 0; r < b->table->row_count; r++)
        for (size_t k = 0; k < b->table->columns; k++)
          walk(c, &b->table->rows[r].cells[k], 0, block_lang);
    }
    if (b->kind == LF_BLOCK_FIGURE && b->figure->caption.count)
      check_runs(c, &b->figure->caption);
    if ((b->kind == LF_BLOCK_QR || b->kind == LF_BLOCK_WRITE_IN) && b->text.count)
      check_runs(c, &b->text);
  }
  return 0;
}

/* ---- translations -------------------------------------------------------- */

/*
 * 'describe()' - A block as a message names it: "an h2 heading", "a list
 * of 3 items", "nothing more" for none.
 */
static const char *describe(lf_arena *arena, const lf_block *b) {
  if (!b)
    return "nothing more";
  switch (b->kind) {
  case LF_BLOCK_HEADING:
    if (b->role && strcmp(b->role, "drug") == 0)
      return lf_arena_printf(arena, "the section of drug %s", lf_inline_plain(arena, &b->text));
    return lf_arena_printf(arena, "an h%d heading", b->level);
  case LF_BLOCK_PARAGRAPH:
    return "a paragraph";
  case LF_BLOCK_LIST:
    return lf_arena_printf(arena, "a %s list of %zu item%s",
                           b->ordered ? "numbered" : b->plain ? "plain" : "bulleted",
                           b->list_count, b->list_count == 1 ? "" : "s");
  case LF_BLOCK_CALLOUT:
    return "a callout";
  case LF_BLOCK_PAGE_BREAK:
    return "a page break";
  case LF_BLOCK_TABLE:
    return lf_arena_printf(arena, "a table of %zu column%s and %zu row%s", b->table->columns,
                           b->table->columns == 1 ? "" : "s", b->table->row_count,
                           b->table->row_count == 1 ? "" : "s");
  case LF_BLOCK_FIGURE:
    return "a figure";
  case LF_BLOCK_QR:
    return "a QR code";
  case LF_BLOCK_WRITE_IN:
    return lf_arena_printf(arena, "a write-in space of %d line%s", b->lines,
                           b->lines == 1 ? "" : "s");
  case LF_BLOCK_LABEL_BOX:
    return "a label box";
  }
  return "a block";
}

/*
 * 'author_count()' - The blocks of 'blocks' before the sections leaflet
 * adds (references, glossary, about this leaflet).
 */
static size_t author_count(const lf_blocks *blocks) {
  size_t n = 0;
  while (n < blocks->count && !is_generated(&blocks->items[n]))
    n++;
  return n;
}

/*
 * 'same_shape()' - Whether two runs of blocks have the same structure:
 * the same kinds in the same order, headings at the same levels, lists,
 * tables and write-in spaces of the same size, the same inside lists,
 * callouts and cells.  When not, '*a_at' and '*b_at' are the first blocks
 * that differ (NULL where a run has no more).
 */
static int same_shape(const lf_blocks *a, const lf_blocks *b, const lf_block **a_at,
                      const lf_block **b_at) {
  size_t na = author_count(a), nb = author_count(b);
  for (size_t i = 0; i < na || i < nb; i++) {
    const lf_block *x = i < na ? &a->items[i] : NULL, *y = i < nb ? &b->items[i] : NULL;
    *a_at = x;
    *b_at = y;
    if (!x || !y || x->kind != y->kind)
      return 0;
    switch (x->kind) {
    case LF_BLOCK_HEADING:
      if (x->level != y->level)
        return 0;
      /* a drug's section is that drug's in both (another drug passed) */
      if ((x->role && strcmp(x->role, "drug") == 0) != (y->role && strcmp(y->role, "drug") == 0))
        return 0;
      if (x->role && strcmp(x->role, "drug") == 0 && x->text.count && y->text.count &&
          (x->text.runs[0].len != y->text.runs[0].len ||
           memcmp(x->text.runs[0].text, y->text.runs[0].text, x->text.runs[0].len) != 0))
        return 0;
      break;
    case LF_BLOCK_LIST:
      if (x->ordered != y->ordered || x->plain != y->plain || x->list_count != y->list_count)
        return 0;
      for (size_t k = 0; k < x->list_count; k++)
        if (!same_shape(&x->list_items[k], &y->list_items[k], a_at, b_at))
          return 0;
      break;
    case LF_BLOCK_CALLOUT:
      if (!same_shape(&x->body, &y->body, a_at, b_at))
        return 0;
      break;
    case LF_BLOCK_TABLE:
      if (x->table->columns != y->table->columns || x->table->row_count != y->table->row_count ||
          x->table->header_rows != y->table->header_rows)
        return 0;
      for (size_t r = 0; r < x->table->row_count; r++)
        for (size_t k = 0; k < x->table->columns; k++)
          if (!same_shape(&x->table->rows[r].cells[k], &y->table->rows[r].cells[k], a_at, b_at)) {
            if (!*a_at || !*b_at) { /* a cell's blocks ran out: name the table */
              *a_at = x;
              *b_at = y;
            }
            return 0;
          }
      break;
    case LF_BLOCK_WRITE_IN:
      if (x->lines != y->lines)
        return 0;
      break;
    default:
      break;
    }
  }
  return 1;
}

/*
 * 'lf_check_translation_edition()' - Edition 'e' of translation 'l' ('doc'
 * as resolved, or NULL to resolve it here) against the source's edition
 * for the same tumour type; the first difference an error at the
 * translation's block, naming the source's.
 */
size_t lf_check_translation_edition(lf_arena *arena, const lf_content *content,
                                    const lf_leaflet *l, size_t e, const lf_document *doc,
                                    lf_diags *diags) {
  const lf_leaflet *src = l->translation_of ? lf_content_leaflet(content, l->translation_of)
                                            : NULL;
  if (!src || src == l)
    return 0; /* not a translation, or reported by the loader */
  lf_document mine_doc;
  if (!doc) {
    lf_diags quiet; /* its own errors are reported where it is checked or built */
    lf_diags_init(&quiet);
    int ok = lf_resolve_edition(arena, content, l, e, &mine_doc, &quiet) == 0;
    lf_diags_free(&quiet);
    if (!ok)
      return 0;
    doc = &mine_doc;
  }
  const char *tumour = l->edition_count ? l->editions[e].tumour_id : NULL;
  size_t k = 0;
  while (k < src->edition_count && !(tumour && !strcmp(src->editions[k].tumour_id, tumour)))
    k++;
  if (tumour ? k == src->edition_count : src->edition_count > 0) {
    lf_error(diags, l->translation_pos,
             "leaflet '%s' translates '%s', which has no edition for '%s' (expected the "
             "same editions as its source)", l->id, src->id,
             tumour ? tumour : "no tumour type");
    return 1;
  }
  lf_document source;
  lf_diags quiet; /* the source's own errors are reported where it is checked */
  lf_diags_init(&quiet);
  int resolved = lf_resolve_edition(arena, content, src, k, &source, &quiet) == 0;
  lf_diags_free(&quiet);
  const lf_block *mine = NULL, *theirs = NULL;
  if (!resolved || same_shape(&doc->body, &source.body, &mine, &theirs))
    return 0;
  lf_pos at = mine && mine->pos.file ? mine->pos : l->translation_pos;
  const char *where = "";
  if (theirs && theirs->pos.file) {
    const char *slash = strrchr(theirs->pos.file, '/');
    where = lf_arena_printf(arena, " (line %d of %s)", theirs->pos.line,
                            slash ? slash + 1 : theirs->pos.file);
  }
  lf_error(diags, at,
           "leaflet '%s' translates '%s' but differs from it here: %s where the source "
           "has %s%s (expected the source's blocks in the same order, so that the "
           "review of one ties to the other)",
           l->id, src->id, describe(arena, mine), describe(arena, theirs),
           where ? where : "");
  return 1;
}

/*
 * 'lf_check_translation()' - Every edition of translation 'l'.
 */
size_t lf_check_translation(lf_arena *arena, const lf_content *content, const lf_leaflet *l,
                            lf_diags *diags) {
  size_t errors = 0, n = l->edition_count ? l->edition_count : 1;
  for (size_t e = 0; e < n && l->translation_of; e++)
    errors += lf_check_translation_edition(arena, content, l, e, NULL, diags);
  return errors;
}

/*
 * 'document_text()' - The plain text of a whole document, for lookups.
 */
static void append_text(lf_arena *arena, const lf_blocks *blocks, char **buf, size_t *len) {
  for (size_t i = 0; i < blocks->count; i++) {
    const lf_block *b = &blocks->items[i];
    if (b->kind == LF_BLOCK_PARAGRAPH || b->kind == LF_BLOCK_HEADING) {
      char *t = lf_inline_plain(arena, &b->text);
      char *joined = t ? lf_arena_printf(arena, "%s %s", *buf, t) : NULL;
      if (joined) {
        *buf = joined;
        *len = strlen(joined);
      }
    } else if (b->kind == LF_BLOCK_LIST) {
      for (size_t k = 0; k < b->list_count; k++)
        append_text(arena, &b->list_items[k], buf, len);
    } else if (b->kind == LF_BLOCK_CALLOUT) {
      append_text(arena, &b->body, buf, len);
    } else if (b->kind == LF_BLOCK_TABLE) {
      for (size_t r = 0; r < b->table->row_count; r++)
        for (size_t k = 0; k < b->table->columns; k++)
          append_text(arena, &b->table->rows[r].cells[k], buf, len);
    }
  }
}

/*
 * 'lf_check_content()' - Check everything a build would use, and more.
 */
size_t lf_check_content(lf_arena *arena, const lf_content *content, lf_date today,
                        lf_diags *diags) {
  return lf_check_content_each(arena, content, today, diags, NULL, NULL);
}

/*
 * 'check_file_names()' - Two documents whose files would be one: a
 * leaflet whose id is another's edition's name ("net-drugs-lung-nec"
 * beside net-drugs's lung-nec edition), or two editions' names alike
 * ("a" with "b-c" and "a-b" with "c").  Build writes the first and never
 * the second.  An error at the later one's place.
 */
static void check_file_names(checker *c) {
  const lf_content *content = c->content;
  size_t n = 0;
  for (size_t i = 0; i < content->leaflet_count; i++)
    n += content->leaflets[i].edition_count ? content->leaflets[i].edition_count : 1;
  const char **stem = lf_arena_array(c->arena, n + 1, sizeof *stem);
  const lf_leaflet **owner = lf_arena_array(c->arena, n + 1, sizeof *owner);
  const lf_edition **edition = lf_arena_array(c->arena, n + 1, sizeof *edition);
  if (!stem || !owner || !edition)
    return;
  size_t k = 0;
  for (size_t i = 0; i < content->leaflet_count; i++) {
    const lf_leaflet *l = &content->leaflets[i];
    for (size_t e = 0; e < (l->edition_count ? l->edition_count : 1); e++, k++) {
      owner[k] = l;
      edition[k] = l->edition_count ? &l->editions[e] : NULL;
      stem[k] = edition[k] ? lf_arena_printf(c->arena, "%s-%s", l->id, edition[k]->tumour_id)
                           : l->id;
      for (size_t j = 0; stem[k] && j < k; j++) {
        if (!stem[j] || strcmp(stem[j], stem[k]) != 0)
          continue;
        char first[256];
        if (edition[j])
          snprintf(first, sizeof first, "the %s edition of leaflet '%s'", edition[j]->tumour_id,
                   owner[j]->id);
        else
          snprintf(first, sizeof first, "leaflet '%s'", owner[j]->id);
        lf_error(c->diags, edition[k] ? edition[k]->tumour_pos : l->pos,
                 "%s and %s would both be written as %s.<format>.pdf, and only one of them "
                 "could be (expected leaflet ids whose files differ: rename one)",
                 edition[k] ? lf_arena_printf(c->arena, "the %s edition of leaflet '%s'",
                                              edition[k]->tumour_id, l->id)
                            : lf_arena_printf(c->arena, "leaflet '%s'", l->id),
                 first, stem[k]);
        break;
      }
    }
  }
}

/*
 * 'lf_check_content_each()' - The checks, and 'each' for every edition
 * resolved.
 */
size_t lf_check_content_each(lf_arena *arena, const lf_content *content, lf_date today,
                             lf_diags *diags,
                             void (*each)(void *ctx, const lf_document *doc), void *ctx) {
  size_t errors_before = diags->errors;
  checker *c = lf_arena_alloc(arena, sizeof *c);
  if (!c)
    return 1;
  c->arena = arena;
  c->diags = diags;
  c->content = content;
  c->term_used = lf_arena_alloc(arena, content->term_count + 1);
  c->drug_used = lf_arena_alloc(arena, content->drug_count + 1);
  if (!c->term_used || !c->drug_used)
    return 1;
  /* a leaflet with errors may use any term or drug: with one, nothing is
   * said to be unused (every term was, when every leaflet failed) */
  int partial = content->broken_count > 0;
  check_file_names(c);
  for (size_t i = 0; i < content->leaflet_count; i++) {
    const lf_leaflet *l = &content->leaflets[i];
    lf_check_review(l, today, diags);
    if (l->language && !lf_language_is_english(l->language) &&
        lf_words_tag(lf_words_for(content->words, content->words_count, l->language)))
      lf_diag_add(diags, LF_NOTE, l->language_pos.file ? l->language_pos : l->pos,
                  "leaflet '%s' is in '%s' and words/ has no %s.yaml: the words leaflet writes "
                  "itself (page numbers, the review date, \"About this leaflet\") are English, "
                  "tagged English", l->id, l->language, l->language);
    for (size_t e = 0; e < l->edition_count; e++)
      for (size_t k = 0; k < l->editions[e].drug_count; k++) {
        const lf_drug *d = lf_content_drug(content, l->editions[e].drug_ids[k]);
        if (d)
          c->drug_used[d - content->drugs] = 1;
      }
    size_t n = l->edition_count ? l->edition_count : 1;
    for (size_t e = 0; e < n; e++) {
      lf_document doc;
      memset(&c->read, 0, sizeof c->read);
      if (lf_resolve_edition(arena, content, l, e, &doc, diags) != 0) {
        partial = 1;
        continue;
      }
      char *all = "";
      size_t len = 0;
      append_text(arena, &doc.body, &all, &len);
      c->plain_doc = all;
      walk(c, &doc.body, 1, doc.language);
      walk(c, &doc.back_page, 0, doc.language);
      if (l->translation_of)
        lf_check_translation_edition(arena, content, l, e, &doc, diags);
      if (each)
        each(ctx, &doc);
      /* each edition measured as the patient reads it (and as the report
       * measures it), not the editions' words added together */
      lf_readability_finish(&c->read);
      const char *name = doc.stem ? doc.stem : l->id;
      if (c->read.words > 0) {
        lf_diag_add(diags, LF_NOTE, l->pos, "leaflet '%s': %zu word%s, Flesch reading ease "
                    "%.0f, reading age about %.0f (patient information aims at 11 to 12)",
                    name, c->read.words, c->read.words == 1 ? "" : "s",
                    c->read.flesch_reading_ease, c->read.reading_age);
        if (c->read.reading_age > 14)
          lf_warning(diags, l->pos, "leaflet '%s' has a reading age of about %.0f (aim for 11 "
                     "to 12)", name, c->read.reading_age);
      }
    }
  }
  for (size_t i = 0; i < content->term_count && !partial; i++)
    if (!c->term_used[i])
      lf_warning(diags, content->terms[i].pos, "glossary term '%s' is defined but no leaflet uses it",
                 content->terms[i].term);
  for (size_t i = 0; i < content->drug_count && !partial; i++)
    if (!c->drug_used[i])
      lf_warning(diags, content->drugs[i].pos, "drug '%s' is in no leaflet", content->drugs[i].id);
  return diags->errors - errors_before;
}
