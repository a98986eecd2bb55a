/*
 * model.h -- the content model: what the patient-information team wrote,
 * typed and checked, with every id still a name.  It knows nothing of
 * layout or PDF.
 *
 * lf_content_load() reads a content folder (drugs/, tumours/, leaflets/,
 * fragments/, glossary.yaml, styles/, words/) into one lf_content.  Running text and
 * block bodies stay as YAML nodes here; the resolver (document.h) turns them
 * into documents.  Everything lives in the arena passed in.
 */
#ifndef LEAFLET_MODEL_H
#define LEAFLET_MODEL_H

#include <stddef.h>

#include "leaflet/arena.h"
#include "leaflet/diag.h"
#include "leaflet/yaml.h"

/* The longest id of a drug, tumour type, fragment or leaflet, and the
 * longest print format name: ids name files and go into addresses and
 * CSV cells, where a short bound keeps them whole. */
#define LF_CONTENT_ID_MAX 64

/* A calendar date; valid dates only (the loader checks). */
typedef struct lf_date {
  int year, month, day;
} lf_date;

typedef enum lf_drug_kind {
  LF_DRUG_TARGETED,
  LF_DRUG_IMMUNOTHERAPY,
  LF_DRUG_BOTH,
  LF_DRUG_HORMONE,
  LF_DRUG_CHEMOTHERAPY,
  LF_DRUG_OTHER
} lf_drug_kind;

typedef struct lf_drug {
  const char *id;
  const char *file;
  const char *name;
  const char **brand_names;
  size_t brand_count;
  lf_drug_kind kind;
  const char *class_name;          /* NULL if not given */
  const lf_node *how_it_works;     /* a string or a list of blocks */
  const lf_node *how_you_have_it;  /* a string or a list of blocks */
  const lf_node *side_effects;     /* NULL or a list of strings */
  lf_pos pos;
} lf_drug;

typedef struct lf_tumour {
  const char *id;
  const char *file;
  const char *name;
  const char *group;               /* "NET" or "NEC" */
  const lf_node *root;             /* for {tumour.*} lookups */
  lf_pos pos;
} lf_tumour;

typedef struct lf_fragment {
  const char *id;
  const char *file;
  const lf_node *body;             /* a list of blocks */
  lf_pos pos;
} lf_fragment;

typedef struct lf_term {
  const char *term;                /* as written, matched exactly */
  const lf_node *definition;       /* inline text */
  lf_pos pos;
} lf_term;

typedef struct lf_edition {
  const char *tumour_id;
  lf_pos tumour_pos;
  const char **drug_ids;
  lf_pos *drug_pos;
  size_t drug_count;
  const lf_node *text;             /* NULL or blocks for '- edition-text: true' */
} lf_edition;

typedef struct lf_reference {
  const lf_node *title, *authors, *source; /* authors, source may be NULL */
  lf_pos pos;
} lf_reference;

/* One version in a leaflet's review history: what changed and who signed
 * it off.  A field left out is NULL (its position is the entry's); the
 * loader checks types and keys, history.h checks the history as a whole. */
typedef struct lf_review_entry {
  const char *version;             /* NULL when not given */
  lf_date date;                    /* year 0 when not given */
  const char *changes;             /* one line: what changed */
  const char *approver_role;       /* approved_by: role, NULL when not given */
  const char *approver_name;       /* approved_by: name, NULL when not given */
  int has_approver;                /* approved_by is written */
  lf_pos pos;                      /* the entry */
  lf_pos version_pos, date_pos, approver_pos, changes_pos;
} lf_review_entry;

typedef struct lf_contact {
  const char *text, *phone, *hours, *email, *web; /* any may be NULL */
  lf_pos pos;
} lf_contact;

typedef struct lf_leaflet {
  const char *id;
  const char *file;
  const lf_node *title;            /* inline text, may hold {tumour.*} */
  const char *short_title;         /* for running footers, or NULL */
  const char *url;                 /* the leaflet's online address, or NULL */
  const char *language;            /* BCP 47 (checked: language.h), default "en-GB" */
  lf_pos language_pos;             /* where 'language' is written (the file's
                                      start when it is not) */
  const char *translation_of;      /* id of the leaflet this translates, or NULL */
  lf_pos translation_pos;          /* where translation_of is written */
  const char *publisher;           /* may be NULL */
  const char *subject;             /* may be NULL */
  const char **keywords;
  size_t keyword_count;
  lf_edition *editions;            /* NULL/0 when not a template */
  size_t edition_count;
  lf_date last_reviewed, next_review;
  lf_pos next_review_pos;          /* where next_review is written */
  const char *version;             /* may be NULL */
  lf_pos review_pos;               /* where 'review' is written */
  lf_pos last_reviewed_pos, version_pos;
  int submit_before_months;        /* submission lead time, default 3 */
  lf_review_entry *history;        /* newest first; NULL/0 when not given */
  size_t history_count;
  int has_history;                 /* 'history' is written (even if empty) */
  lf_pos history_pos;
  int has_contact;
  lf_contact contact;
  const lf_node *body;             /* list of blocks */
  const lf_node *back_page;        /* NULL or blocks for the last page (after
                                      "About this leaflet") and a booklet's
                                      back page: a label box, say */
  lf_reference *references;
  size_t reference_count;
  lf_pos pos;
} lf_leaflet;

/* A braille format's table for one language ('tables' in braille.yaml). */
typedef struct lf_braille_table {
  const char *language;            /* BCP 47 tag or its first subtag: "en", "cy" */
  const char *table;               /* liblouis table list: "en-ueb-g2.ctb" */
  lf_pos pos;                      /* where the table is named */
} lf_braille_table;

/* What a braille format sets ('braille:' in a styles file). */
typedef struct lf_braille_measures {
  int cells_per_line;              /* 20 to 100 */
  int lines_per_page;              /* 10 to 100, the page-number line included */
  int page_numbers;                /* braille page numbers at the top right */
  int running_head;                /* the title at the top of every page but the first */
  lf_braille_table *tables;
  size_t table_count;
} lf_braille_measures;

/*
 * The scripts a print format may name fonts for (under 'fonts: scripts:'),
 * each by the name in lf_font_script_names.  'urdu' is the Arabic script as
 * Urdu is written (a Nastaliq face, say), used for text in Urdu when the
 * format names it, in place of 'arabic'; 'chinese-traditional' serves
 * Chinese written in traditional characters (zh-Hant, zh-TW, zh-HK).
 */
typedef enum lf_font_script {
  LF_FONT_SCRIPT_ARABIC,
  LF_FONT_SCRIPT_URDU,
  LF_FONT_SCRIPT_BENGALI,
  LF_FONT_SCRIPT_GURMUKHI,
  LF_FONT_SCRIPT_GUJARATI,
  LF_FONT_SCRIPT_DEVANAGARI,
  LF_FONT_SCRIPT_TAMIL,
  LF_FONT_SCRIPT_CHINESE_SIMPLIFIED,
  LF_FONT_SCRIPT_CHINESE_TRADITIONAL,
  LF_FONT_SCRIPT_COUNT
} lf_font_script;

/* The name of each script in a format file ("arabic", "urdu" ...). */
extern const char *const lf_font_script_names[LF_FONT_SCRIPT_COUNT];

/* The fonts a format names for one script. */
typedef struct lf_script_fonts {
  const char *paths[2];            /* regular, bold (NULL: the regular); NULL: none */
  unsigned index;                  /* face in a font collection (.ttc), else 0 */
  double line_spacing;             /* for a paragraph holding the script; 0: the format's */
  lf_pos pos;
} lf_script_fonts;

/* A print format, in points; every size derived from body_size.  A braille
 * format (braille != 0) sets cells and lines instead: its page, margins,
 * sizes, colours and fonts are zero and never used. */
typedef struct lf_format {
  const char *name;
  const char *file;
  double page_width, page_height;  /* pt */
  double margin_top, margin_bottom, margin_left, margin_right; /* pt */
  double body_size;                /* pt */
  double line_spacing;             /* baseline-to-baseline / body size */
  double heading_scale[5];         /* [1]..[4]: h1..h4 size / body size */
  double paragraph_space;          /* space between blocks / body size */
  double list_indent;              /* hanging indent of list text / body size */
  double footer_scale;             /* footer size / body size */
  double rule_width;               /* callout box line width, pt */
  unsigned text_colour, link_colour, callout_border, callout_fill; /* 0xRRGGBB */
  int print_urls;                  /* print a link's address after its text */
  const char *font_paths[4];       /* regular, bold, fallback regular, fallback bold */
  lf_pos font_pos[4];              /* where each is named in the format's file */
  int braille;                     /* a braille format: 'cells' below, no print measures */
  lf_braille_measures cells;
  lf_script_fonts scripts[LF_FONT_SCRIPT_COUNT]; /* by lf_font_script */
  lf_pos pos;
} lf_format;

typedef struct lf_words lf_words; /* words.h */

typedef struct lf_content {
  const char *root;                /* the content folder */
  lf_drug *drugs;         size_t drug_count;
  lf_tumour *tumours;     size_t tumour_count;
  lf_fragment *fragments; size_t fragment_count;
  lf_term *terms;         size_t term_count;
  lf_leaflet *leaflets;   size_t leaflet_count;
  lf_format *formats;     size_t format_count;
  lf_words *words;        size_t words_count; /* words/: the program's words by language */
  /* Leaflet files with errors (already reported), by file stem: they are
   * left out of 'leaflets' while every other leaflet can still be built. */
  const char **broken_leaflets; size_t broken_count;
} lf_content;

/*
 * 'lf_content_load()' - Load every content file under 'root' (sorted by
 * name, so the result and its diagnostics are deterministic).  Reports every
 * problem it finds.  An error in a leaflet file stops only that leaflet (it
 * is listed in broken_leaflets); an error in a file leaflets share (drugs,
 * tumours, fragments, glossary, styles) returns NULL.
 */
lf_content *lf_content_load(lf_arena *arena, const char *root, lf_diags *diags);

/* Lookups by id; NULL when missing. */
const lf_drug *lf_content_drug(const lf_content *c, const char *id);
const lf_tumour *lf_content_tumour(const lf_content *c, const char *id);
const lf_fragment *lf_content_fragment(const lf_content *c, const char *id);
const lf_term *lf_content_term(const lf_content *c, const char *term);
const lf_leaflet *lf_content_leaflet(const lf_content *c, const char *id);
const lf_format *lf_content_format(const lf_content *c, const char *name);

/*
 * 'lf_content_print_format()' - The print format 'name' when it is one
 * for print, else the first format that is (not braille); NULL when there
 * is none.  What a size asked for is scaled from: a format with fonts and
 * margins.
 */
const lf_format *lf_content_print_format(const lf_content *c, const char *name);

/*
 * 'lf_body_size_parse()' - A body size as people write it: "20", "20.5",
 * "20pt", "20 pt" or "20 PT" (digits with at most one point: no sign, exponent or
 * hex), whole or half points from 12 to 48.  Returns 0 with the size in
 * '*pt', or -1.  The command line, a mailing's format column and the
 * server's size field all read sizes through it.
 */
int lf_body_size_parse(const char *text, double *pt);

/*
 * 'lf_format_scaled()' - A copy of 'base' with its body size set to
 * 'body_size' and every size derived from it (margins, indents, rules)
 * scaled in proportion.  The name becomes "<size>pt".
 */
lf_format lf_format_scaled(lf_arena *arena, const lf_format *base, double body_size);

/* 'lf_is_language_tag()' - Whether 's' is a language tag: 2 or 3 letters,
 * then '-' and subtags of 1 to 8 letters or digits ("cy", "en-GB"). */
int lf_is_language_tag(const char *s);

/* 'lf_colour_parse()' - "#RRGGBB" into 0xRRGGBB; 0, or -1 when the text
 * is not a colour written so. */
int lf_colour_parse(const char *text, unsigned *rgb);

/* 'lf_date_parse()' - Parse ISO "YYYY-MM-DD" into a real calendar date;
 * returns 0 on success, -1 when the text is not one. */
int lf_date_parse(const char *text, lf_date *out);

/* 'lf_date_compare()' - <0, 0, >0 as a is before, equal to, after b. */
int lf_date_compare(lf_date a, lf_date b);

/* 'lf_days_between()' - Days from a to b (negative when b is earlier). */
long lf_days_between(lf_date a, lf_date b);

/* 'lf_date_format()' - "26 Feb 2025" into buf (at least 16 bytes). */
char *lf_date_format(lf_date d, char *buf, size_t size);

/* 'lf_date_add_months()' - 'd' moved by 'months' (negative: earlier), the
 * day kept or, past the end of the month, its last day (31 May less three
 * months is 28 or 29 Feb). */
lf_date lf_date_add_months(lf_date d, int months);

#endif
