/*
 * braille.h -- a resolved document to braille, as Braille Ready Format.
 *
 * Braille is laid out in cells, not points, so it is made from the
 * document (document.h), not from the display list.  Two steps, each in
 * its own file:
 *
 *   translate.c  liblouis: each block's text, in the table of its language
 *                (contracted UEB for English, Welsh grade 2 for Welsh ...),
 *                to braille cells, with what the block is (title, heading,
 *                paragraph, list item, box line).  liblouis is not
 *                reentrant, so every call into it is made under one lock.
 *   brf.c        the braille page: cells per line and lines per page, the
 *                braille page number and the running head on the first
 *                line, headings, paragraphs and lists with their indents
 *                and runovers, no word split at a line end, a form feed
 *                between pages.  Pure C, no liblouis: any thread.
 *
 * BRF is the ASCII braille embossers and braille displays read: one byte a
 * cell, space (0x20) to underscore (0x5F) in the North American ASCII
 * braille code, lines ended by a line feed, pages by a form feed.
 */
#ifndef LEAFLET_BRAILLE_H
#define LEAFLET_BRAILLE_H

#include <stddef.h>

#include "leaflet/arena.h"
#include "leaflet/diag.h"
#include "leaflet/document.h"
#include "leaflet/model.h"

/* In translated cells: a blank cell where no line may break (U+00A0).
 * brf.c writes it as a space. */
#define LF_BRL_NO_BREAK '\x01'

/* What a translated block is; brf.c gives each its place on the page. */
typedef enum lf_brl_kind {
  LF_BRL_TITLE,       /* the document's title (h1) */
  LF_BRL_HEADING,     /* 'level' 2 to 4 */
  LF_BRL_PARAGRAPH,
  LF_BRL_LIST_START,  /* no cells: a list begins ('level' its depth from 0) */
  LF_BRL_LIST_END,    /* no cells: it ends */
  LF_BRL_ITEM,        /* a list item's first block, its bullet or number
                         first; 'level' the depth, 'runover' the list's
                         deepest depth (its runovers line up) */
  LF_BRL_ITEM_MORE,   /* a further block of a list item */
  LF_BRL_ENTRY,       /* a table row's further cell (the row an
                         LF_BRL_ITEM): two cells right of the row's start,
                         runovers two further (BANA's listed tables) */
  LF_BRL_BOX_START,   /* no cells: a box (a callout) begins */
  LF_BRL_BOX_END      /* no cells: it ends */
} lf_brl_kind;

/* Flags of a cell in lf_brl_block.divide. */
enum {
  LF_BRL_MAY_START = 1,     /* a line may start here: between two characters
                               of text written without spaces (Chinese),
                               never inside a character's cells */
  LF_BRL_ADDRESS_BREAK = 2, /* a web or email address too long for a line
                               may be divided here, where print divides one:
                               after a '/', before a '.' */
  LF_BRL_SIGN_START = 4     /* the first cell of a character's cells: where
                               a word longer than a line is cut */
};

typedef struct lf_brl_block {
  lf_brl_kind kind;
  int level;          /* heading level; list depth from 0 */
  int runover;        /* LF_BRL_ITEM, LF_BRL_ITEM_MORE: the deepest depth of
                         the list, nested lists included */
  const char *cells;  /* BRF characters, words separated by one space */
  size_t len;
  const unsigned char *divide; /* NULL, or flags a cell (LF_BRL_MAY_START
                                  ...): where a line may start inside a
                                  word */
  lf_pos pos;         /* where the block is written, for a warning */
} lf_brl_block;

/* A document (or a letter) in braille, ready to be laid out. */
typedef struct lf_braille_text {
  lf_brl_block *blocks;
  size_t count;
  const char *running_head; /* the title in cells, or NULL: none */
  size_t head_len;
  const char *short_head;   /* the short title in cells, or NULL: the head
                               where the title does not fit */
  size_t short_len;
  const char *ends_in;      /* the language its last block is in when that
                               is not the document's (a letter ending on its
                               statement in Chinese), else NULL */
} lf_braille_text;

/* A laid-out BRF file. */
typedef struct lf_brf {
  char *data;          /* malloc'd; the caller frees it */
  size_t size;
  size_t pages;        /* braille pages */
  size_t words_split;  /* words longer than a line, split (each a warning) */
} lf_brf;

/*
 * 'lf_braille_translate()' - Translate 'doc' with braille format 'format'
 * into 'out' (in 'arena').  Each block is translated with the table of its
 * language (lf_block.language, else the document's): the table 'format'
 * names for the language or its first subtag, else the contracted table
 * liblouis has for it, else its uncontracted one.  Strong text gets the
 * bold indicators, web and email addresses are uncontracted, a link's
 * address follows its text, lists get their bullets and numbers.  Returns
 * 0, or -1 after reporting at its place a language with no table, a table
 * liblouis cannot load, or a character the table has no braille for.
 * Never quotes the text (a letter holds personal data).  Thread-safe.
 */
int lf_braille_translate(lf_arena *arena, const lf_document *doc, const lf_format *format,
                         lf_braille_text *out, lf_diags *diags);

/*
 * 'lf_braille_code_note()' - A transcriber's note naming 'language' (its
 * English name: "Polish"), in the braille of 'in_language' ('format''s
 * table for it), as a paragraph block in '*out': what a reader is told
 * where the code changes between two parts, a letter ending in one
 * language and a leaflet in another.  Returns 1 when made, 0 when the
 * language has no name to give, -1 after reporting.  Thread-safe.
 */
int lf_braille_code_note(lf_arena *arena, const char *in_language, lf_pos pos,
                         const char *language, const lf_format *format, lf_brl_block *out,
                         lf_diags *diags);

/*
 * 'lf_brf_layout()' - Lay out 'count' translated parts one after another
 * (a letter, then its leaflet), each starting on a new sheet as embossed
 * interpoint (an odd page: a blank page pads the part before), pages
 * numbered on from the first, into BRF bytes in '*out'.  Follows UKAAF's
 * braille presentation guidance, and BANA's Braille Formats where UKAAF
 * is silent (docs/braille.md).  A word longer than a line is split and
 * reported as a warning at its block.  Returns 0, or -1 when out of
 * memory (reported).
 */
int lf_brf_layout(const lf_braille_text *const *parts, size_t count, const lf_format *format,
                  lf_brf *out, lf_diags *diags);

/*
 * 'lf_braille_render()' - lf_braille_translate() then lf_brf_layout() of
 * one document.  Returns 0, or -1 (reported).
 */
int lf_braille_render(lf_arena *arena, const lf_document *doc, const lf_format *format,
                      lf_brf *out, lf_diags *diags);

/*
 * 'lf_braille_grade()' - "grade 2" when the table 'format' uses for
 * 'language' is contracted, "grade 1" when it is not, NULL when there is
 * none (as a letter says which braille it comes in).
 */
const char *lf_braille_grade(const lf_format *format, const char *language);

/* 'lf_braille_library()' - "liblouis <version>", for input digests: a new
 * liblouis may translate differently. */
const char *lf_braille_library(void);

/* 'lf_is_brf_byte()' - Whether byte 'c' may stand in a BRF file: a cell
 * (space to underscore), a line feed or a form feed. */
int lf_is_brf_byte(int c);

#endif
