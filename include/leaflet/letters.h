/*
 * letters.h -- covering letters: the templates in content/letters (YAML to
 * typed templates, checked), and a template filled in with a request's
 * values, as plain data ready to lay out (lf_layout_letter(), layout.h).
 * The file format is in docs/content-format.md, "Letters".
 */
#ifndef LEAFLET_LETTERS_H
#define LEAFLET_LETTERS_H

#include <stddef.h>

#include "leaflet/arena.h"
#include "leaflet/diag.h"
#include "leaflet/document.h"

/* The window of a window envelope, in points from the page's top-left
 * corner (the way envelope makers give it), and the clear space kept
 * inside each of its edges. */
typedef struct lf_window {
  double left, top, width, height;
  double padding;
} lf_window;

/* A covering letter with its fields filled in: plain data, no template. */
typedef struct lf_letter {
  const char *const *address;  /* lines shown in the window (name first) */
  size_t address_count;
  const lf_inline *sender;     /* letterhead lines, set beside the window */
  size_t sender_count;
  const lf_inline *body;       /* paragraphs, below the window */
  const char *const *body_languages; /* each one's BCP 47 tag when it is not
                                        in the letter's language, else NULL */
  size_t body_count;
  size_t dated;                /* the leading paragraphs that hold {date} or
                                  {ref} (the letter's date and reference,
                                  which may stay on a page its salutation
                                  goes over from), or 0 */
  const char *footer;          /* every page's footer, or NULL */
  const char *bookmark;        /* the letter's outline entry, or NULL */
  lf_window window;
  double min_address_size;     /* smallest size for the address, pt */
  const char *title;           /* the PDF's title when printed alone */
  const char *language;        /* BCP 47 */
  const char *creation_date;   /* "YYYY-MM-DD" */
  const char *identifier;      /* for the PDF's /ID */
  const lf_words *words;       /* the program's words ("Page 1 of 2") in the
                                  letter's language (words.h); NULL: English */
  lf_pos pos;                  /* the template, for diagnostics */
} lf_letter;

/* The fields a letter template may name in braces. */
typedef enum lf_letter_field {
  LF_FIELD_NAME, LF_FIELD_REF, LF_FIELD_DATE, LF_FIELD_LEAFLET, LF_FIELD_TUMOUR,
  LF_FIELD_FORMAT, LF_FIELD_SIZE, LF_FIELD_COUNT
} lf_letter_field;

/* content/letters/<id>.yaml, parsed and checked. */
typedef struct lf_letter_template {
  const char *id, *file;
  const char *language;
  const char **languages;      /* 'languages:', the letter's own first */
  size_t language_count;       /* 0: only 'language' */
  const char *bookmark;
  lf_window window;            /* pt */
  double min_address_size;     /* pt */
  lf_inline *sender;           /* {field}s are term runs until filled */
  size_t sender_count;
  lf_inline *body;
  const char **body_languages; /* each paragraph's 'lang:', or NULL */
  size_t body_count;
  lf_inline footer;            /* count 0: none */
  lf_pos pos;
} lf_letter_template;

typedef struct lf_letter_templates {
  lf_letter_template *items;
  size_t count;
} lf_letter_templates;

/*
 * 'lf_letters_load()' - Every YAML file in content_dir/letters.  Reports each
 * problem (unknown keys, a window off the page, a field that does not
 * exist) at its place; returns 0, or -1 when any template is in error.
 */
int lf_letters_load(lf_arena *arena, const char *content_dir, lf_letter_templates *out,
                    lf_diags *diags);

/* 'lf_letters_for()' - The template for a leaflet: letters/<leaflet>.yaml,
 * else letters/default.yaml, else NULL. */
const lf_letter_template *lf_letters_for(const lf_letter_templates *t, const char *leaflet);

/*
 * 'lf_letter_fill()' - The paragraphs of 'tmpl' with each {field} replaced
 * by 'values[field]' (plain text: never read as markup), in the language
 * 'langs[field]' when that is given ('langs' may be NULL) and is not the
 * letter's (the run's lang: a Polish leaflet's title in an English
 * letter), as an lf_letter whose address, title and metadata the caller
 * completes.  Empty paragraphs are left out.  Returns 0, or -1 when out
 * of memory.
 */
int lf_letter_fill(lf_arena *arena, const lf_letter_template *tmpl,
                   const char *const values[LF_FIELD_COUNT],
                   const char *const langs[LF_FIELD_COUNT], lf_letter *out);

#endif
