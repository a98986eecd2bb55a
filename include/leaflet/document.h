/*
 * document.h -- a resolved document: one leaflet for one tumour type (or
 * none), ready to lay out.  No YAML and no ids are left: text is parsed into
 * runs, drug sections and fragments are expanded, {tumour.*} is filled in,
 * and the generated sections (references, glossary, back matter) are added.
 */
#ifndef LEAFLET_DOCUMENT_H
#define LEAFLET_DOCUMENT_H

#include <stddef.h>

#include "leaflet/arena.h"
#include "leaflet/diag.h"
#include "leaflet/imagefile.h"
#include "leaflet/model.h"

/* Run styles (bits). */
#define LF_RUN_STRONG 1u
#define LF_RUN_LINK 2u
#define LF_RUN_TERM 4u
/* What a reviewer's proof (diff.h) marks: words taken out and words put
 * in.  A proof is for reviewers, not patients, so clear-print rules that
 * forbid strike-through and underline do not apply to it. */
#define LF_RUN_DELETED 8u
#define LF_RUN_INSERTED 16u
/* No line break inside the run (a date the footer keeps whole: "26 Feb
 * 2028", "2028年2月26日"), unless it is wider than the line. */
#define LF_RUN_KEEP 32u

/* Where a run's text is written: the characters from byte 'offset' of the
 * run's text up to the next anchor's offset (or the end of the run) are
 * written one after another from 'pos', columns counting characters.  A run
 * parsed from a string has an anchor at its first byte written as it is and
 * wherever its text and the file diverge (markup removed, white space
 * collapsed, an escape, a new line of the file); only white space may be
 * placed wrongly. */
typedef struct lf_anchor {
  size_t offset;
  lf_pos pos;
} lf_anchor;

/* A stretch of text in one style.  Text is UTF-8; U+00A0 is kept as is and
 * means "never break here". */
typedef struct lf_run {
  const char *text;
  size_t len;
  unsigned style;
  const char *href;   /* LF_RUN_LINK: the address */
  const char *term;   /* LF_RUN_TERM: the glossary term */
  /* Where the text is written, in order of offset (for an error about one
   * character), or NULL and 0 when that is not known: text the program
   * makes, or a string the loader could not match with its file.  Whoever
   * replaces 'text' must replace or clear these. */
  const lf_anchor *anchors;
  size_t anchor_count;
  const char *lang;   /* BCP 47 when the run is in another language than its
                         block (a leaflet's title in its covering letter),
                         else NULL */
} lf_run;

typedef struct lf_inline {
  lf_run *runs;
  size_t count;
} lf_inline;

typedef enum lf_block_kind {
  LF_BLOCK_HEADING,
  LF_BLOCK_PARAGRAPH,
  LF_BLOCK_LIST,
  LF_BLOCK_CALLOUT,
  LF_BLOCK_PAGE_BREAK,
  LF_BLOCK_TABLE,      /* 'table' and 'drug-table' */
  LF_BLOCK_FIGURE,     /* 'figure': a picture with its alt text */
  LF_BLOCK_QR,         /* 'qr': a QR code with its address printed beside it */
  LF_BLOCK_WRITE_IN,   /* 'write-in': a label and ruled lines to write on */
  LF_BLOCK_LABEL_BOX   /* 'label-box': room for the hospital's patient label */
} lf_block_kind;

/* Keep rules (bits) the page breaker honours. */
#define LF_KEEP_WITH_NEXT 1u   /* never last on a page (headings, lead-ins) */
#define LF_KEEP_TOGETHER 2u    /* never split (callouts; on a list: each item) */

/* How a block of a reviewer's proof differs from the version before
 * (diff.h); LF_CHANGE_NONE in every leaflet. */
typedef enum lf_change {
  LF_CHANGE_NONE,
  LF_CHANGE_CHANGED,     /* words taken out or put in */
  LF_CHANGE_ADDED,       /* the whole block is new */
  LF_CHANGE_REMOVED      /* the whole block is gone */
} lf_change;

typedef struct lf_block lf_block;

typedef struct lf_blocks {
  lf_block *items;
  size_t count;
} lf_blocks;

/* A table row: one cell for each column, each cell a run of blocks
 * (paragraphs and lists; an empty cell has none). */
typedef struct lf_table_row {
  lf_blocks *cells;
  int has_fill;          /* the row is set on a background colour */
  unsigned fill;         /* that colour, 0xRRGGBB */
  lf_pos fill_pos;       /* where the colour is written (a pair of colours
                            below 7:1 contrast is an error there) */
  lf_pos pos;
} lf_table_row;

/* A table: header rows first, then the body. */
typedef struct lf_table {
  lf_inline caption;     /* count 0: none */
  size_t columns;
  lf_table_row *rows;
  size_t row_count;
  size_t header_rows;    /* rows[0 .. header_rows) head each column */
  int row_headers;       /* each body row's first cell heads its row */
  const double *widths;  /* 'columns' relative widths, or NULL: fitted to
                            the content */
} lf_table;

/* A figure: a picture, what it shows in words, and an optional caption. */
typedef struct lf_figure {
  const lf_image *image;
  const char *alt;       /* NULL when decorative */
  int decorative;        /* an artifact: nothing for a screen reader */
  lf_inline caption;     /* count 0: none */
  double width;          /* share of the measure, (0, 1]; 0: the picture's
                            own size, at most the measure */
} lf_figure;

struct lf_block {
  lf_block_kind kind;
  lf_pos pos;            /* where it was written */
  unsigned keep;
  int level;             /* LF_BLOCK_HEADING: 1..4 */
  lf_inline text;        /* HEADING, PARAGRAPH */
  int ordered;           /* LF_BLOCK_LIST: numbered */
  int plain;             /* LF_BLOCK_LIST: no bullets (references, glossary) */
  lf_blocks *list_items; /* LF_BLOCK_LIST: each item a run of blocks */
  size_t list_count;
  lf_blocks body;        /* LF_BLOCK_CALLOUT */
  const char *role;      /* NULL, or "drug", "references", "glossary",
                            "contact", "about" for the section it starts */
  const char *language;  /* BCP 47 from the block's 'lang:' (or a block's
                            around it), or NULL: the document's language */
  lf_pos language_pos;   /* where that 'lang:' is written */
  lf_change change;      /* a proof's block: how it changed (a change bar) */
  lf_table *table;       /* LF_BLOCK_TABLE */
  lf_figure *figure;     /* LF_BLOCK_FIGURE */
  const char *href;      /* LF_BLOCK_QR: the address (its words beside it
                            are 'text', count 0 for the address alone) */
  int lines;             /* LF_BLOCK_WRITE_IN: ruled lines under its label
                            ('text') */
};

typedef struct lf_document {
  const char *leaflet_id;
  const char *tumour_id;     /* NULL when the leaflet has no editions */
  const char *tumour_name;   /* NULL when the leaflet has no editions */
  const char *stem;          /* "<leaflet>" or "<leaflet>-<tumour>" */
  const char *source_file;
  const char *title;         /* plain text of the title */
  const char *short_title;   /* the footer's title: the leaflet's
                                'short_title', or NULL (see pages.c) */
  const char *url;           /* the leaflet's online address, or NULL */
  const char *language;      /* BCP 47: the leaflet's 'language' */
  const lf_words *words;     /* the program's words in it (words.h): its
                                own, else the built-in English */
  lf_pos language_pos;       /* where the leaflet names its language */
  const char *translation_of; /* id of the leaflet this translates, or NULL */
  const char *publisher;     /* may be NULL */
  const char *subject;
  const char *keywords;      /* comma-separated, may be "" */
  lf_date last_reviewed, next_review;
  const char *version;       /* may be NULL */
  const char *contact_text, *contact_phone, *contact_hours; /* may be NULL */
  const lf_block *contact;   /* the contact details as a table, or NULL */
  int review_overdue;        /* printed past next_review (--allow-overdue):
                                every page says so */
  const char *footer_note;   /* NULL, or what the footer says in place of
                                the review date (a proof, a report) */
  int no_footer;             /* its pages have no footer (a booklet's
                                cover): the text has the page's room */
  lf_blocks body;            /* starts with the H1 title */
  lf_blocks back_page;       /* after the body on its last page, and on a
                                booklet's back page (may be none) */
} lf_document;

/*
 * 'lf_parse_inline()' - Parse inline markup (**strong**, [text](url),
 * {term}, backslash escapes) in 'len' bytes of 'text' into runs.  'pos' is
 * where the text starts (for the column of an error; columns count
 * characters).  Returns 0, or -1 after reporting an unclosed or misplaced
 * mark.  Adjacent runs of the same style are merged.  The runs get no
 * anchors: nothing says the text is written in a file as it is given.
 */
int lf_parse_inline(lf_arena *arena, const char *text, size_t len, lf_pos pos,
                    lf_inline *out, lf_diags *diags);

/*
 * 'lf_parse_inline_node()' - As lf_parse_inline() for the text of string
 * node 'node', placing errors, and the anchors of every run, by the node's
 * spans (yaml.h): each character's own line and column, however the string
 * is written.  Without spans, errors count columns from the node's start
 * (past its opening quote) and runs get no anchors.
 */
int lf_parse_inline_node(lf_arena *arena, const lf_node *node, lf_inline *out,
                         lf_diags *diags);

/* 'lf_inline_plain()' - The text of the runs with all markup gone. */
char *lf_inline_plain(lf_arena *arena, const lf_inline *in);

/* 'lf_cell_label()' - A table cell's words as a label for the cells it
 * heads, "Drug: " (its first paragraph, markup gone), as braille, a
 * reviewer's proof and a stacked table read a row; NULL when the cell
 * does not start with a paragraph, is empty, or memory runs out. */
char *lf_cell_label(lf_arena *arena, const lf_blocks *cell);

/*
 * 'lf_inline_with_urls()' - The runs with each link's address printed after
 * its text as " (address)" (without "mailto:" or "tel:"), unless the text
 * already is the address; 'in' itself when 'print' is 0 (the format's
 * print_urls), there are no links, or memory runs out.
 */
lf_inline lf_inline_with_urls(lf_arena *arena, const lf_inline *in, int print);

/*
 * 'lf_run_char_pos()' - Where the character at 'at' in 'run' is written:
 * the place of the run's last anchor at or before it, plus the characters
 * between them; 'fallback' (the block's place) when the run has no anchor
 * there (text the program made, or a string the loader could not match
 * with its file).
 */
lf_pos lf_run_char_pos(const lf_run *run, const char *at, lf_pos fallback);

/*
 * 'lf_resolve()' - The documents of one leaflet: one per edition for a
 * template, else one.  '*out' receives an array of '*count' documents in
 * the arena.  Returns 0, or -1 after reporting errors (missing drug,
 * tumour, fragment or term; {tumour.*} outside a template ...).
 */
int lf_resolve(lf_arena *arena, const lf_content *content,
               const lf_leaflet *leaflet, lf_document **out, size_t *count,
               lf_diags *diags);

/*
 * 'lf_resolve_edition()' - One document of a leaflet: edition 'index' of a
 * template (0 for a leaflet without editions).  Returns 0, or -1 (reported).
 */
int lf_resolve_edition(lf_arena *arena, const lf_content *content,
                       const lf_leaflet *leaflet, size_t index, lf_document *doc,
                       lf_diags *diags);

#endif
