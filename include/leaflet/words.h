/*
 * words.h -- the program's own words (page numbers, the review date, the
 * "About this leaflet" facts, the names of sections it adds) in a
 * leaflet's language: the YAML files in content/words, one a language,
 * each named for its language tag (words/cy.yaml, words/zh-Hans.yaml).
 * The format is in docs/content-format.md, "The program's words".
 *
 * A leaflet takes the words of the file whose tag is its language's, or
 * the nearest one above it (BCP 47 lookup: "zh-Hant-TW", then "zh-Hant",
 * then "zh"), else the built-in English (lf_words_english()), tagged as
 * English wherever they stand in another language's leaflet.
 */
#ifndef LEAFLET_WORDS_H
#define LEAFLET_WORDS_H

#include <stddef.h>
#include <stdint.h>

#include "leaflet/arena.h"
#include "leaflet/diag.h"
#include "leaflet/model.h"
#include "leaflet/yaml.h"

/* The words, by the key that gives each in a words file. */
typedef enum lf_word_id {
  LF_WORD_PAGE,            /* page: "Page {page} of {pages}" */
  LF_WORD_NEXT_REVIEW,     /* next_review: "Next review due: {date}" (footer) */
  LF_WORD_REVIEW_OVERDUE,  /* review_overdue: "Review overdue: was due {date}" */
  LF_WORD_ABOUT,           /* about: "About this leaflet" */
  LF_WORD_LAST_REVIEWED,   /* last_reviewed: "Last reviewed" */
  LF_WORD_NEXT_REVIEW_DUE, /* next_review_due: "Next review due" */
  LF_WORD_VERSION,         /* version: "Version" */
  LF_WORD_LEAFLET_ID,      /* leaflet_id: "Leaflet ID" */
  LF_WORD_PUBLISHED_BY,    /* published_by: "Published by" */
  LF_WORD_PUBLISHER,       /* publisher: "Published by {publisher}" (booklet cover) */
  LF_WORD_TUMOUR_TYPE,     /* tumour_type: "Tumour type: {tumour}" (booklet cover) */
  LF_WORD_QUESTIONS,       /* questions: "Questions to ask your doctor or nurse:" */
  LF_WORD_NOTES,           /* notes: "Notes" (a booklet's page to write on) */
  LF_WORD_PATIENT_LABEL,   /* patient_label: "Patient label" (the label box) */
  LF_WORD_REFERENCES,      /* references: "References" */
  LF_WORD_PHONE,           /* phone: "Phone" (the contact table's rows) */
  LF_WORD_HOURS,           /* hours: "Hours" */
  LF_WORD_EMAIL,           /* email: "Email" */
  LF_WORD_WEB,             /* web: "Web" */
  LF_WORD_QR_CODE,         /* qr_code: "QR code: a link to {url}" (alternative text) */
  LF_WORD_LINK,            /* link: "Link to {url}" (alternative text) */
  LF_WORD_PICTURE,         /* picture: "Picture: {alt}" (a figure in braille) */
  LF_WORD_COUNT
} lf_word_id;

/* The longest date pattern and month name, in bytes; a date written with
 * them fits in LF_WORDS_DATE_MAX bytes. */
#define LF_WORDS_PART_MAX 48
/* The longest word (before its fields are filled in), in bytes. */
#define LF_WORDS_WORD_MAX 400
#define LF_WORDS_DATE_MAX (2 * LF_WORDS_PART_MAX + 32)

/* The words of one language. */
typedef struct lf_words {
  const char *language;            /* BCP 47, the file's name */
  const char *text[LF_WORD_COUNT]; /* by lf_word */
  const char *months[12];          /* names for {month} in 'date' */
  const char *months_long[12];     /* the same written in full (a letter's
                                      date), else 'months' */
  const char *date;                /* "{day} {month} {year}" */
  uint32_t zero;                   /* the digit 0 the numbers it writes (page
                                      numbers, days, years) use: '0', or
                                      U+06F0 for Persian digits ... */
  const char *file;                /* NULL for the built-in English */
  lf_pos pos;
} lf_words;

/*
 * 'lf_words_english()' - The built-in English words (constant; tagged
 * LF_PROGRAM_LANGUAGE).
 */
const lf_words *lf_words_english(void);

/*
 * 'lf_words_or_english()' - 'w', or the built-in English when it is NULL.
 */
const lf_words *lf_words_or_english(const lf_words *w);

/*
 * 'lf_words_tag()' - The language to tag the words of 'w' with where they
 * stand in a leaflet: NULL (the leaflet's own) for words from words/,
 * LF_PROGRAM_LANGUAGE for the built-in English (or NULL 'w').
 */
const char *lf_words_tag(const lf_words *w);

/*
 * 'lf_words_parse()' - The words of words/<stem>.yaml from its mapping
 * 'root': every key given, each with the fields ({page}, {date}...) its
 * word needs and no other; 'stem' a language tag.  Reports each problem at
 * its place and returns NULL when there is one (or memory runs out).
 */
lf_words *lf_words_parse(lf_arena *arena, const lf_node *root, const char *path,
                         const char *stem, lf_diags *diags);

/*
 * 'lf_words_for()' - The words for 'language' among the 'count' of
 * 'words' (BCP 47 lookup, case-insensitive), else the built-in English.
 */
const lf_words *lf_words_for(const lf_words *words, size_t count, const char *language);

/*
 * 'lf_words_fill()' - A word with its fields filled in: 'names' the
 * fields' names ("page"...), 'values' their text, 'n' of each; in 'arena'
 * (NULL when memory runs out).
 */
char *lf_words_fill(lf_arena *arena, const lf_words *w, lf_word_id word, const char *const *names,
                    const char *const *values, size_t n);

/*
 * 'lf_words_link()' - "Link to 'url'" (LF_WORD_LINK) or "QR code: a link
 * to 'url'" (LF_WORD_QR_CODE) in the words of 'w' (NULL: English), in
 * 'arena' (NULL when memory runs out).
 */
char *lf_words_link(lf_arena *arena, const lf_words *w, lf_word_id word, const char *url);

/*
 * 'lf_words_page()' - "Page 'page' of 'pages'" in the words of 'w' (NULL:
 * English), the numbers in its digits, in 'arena' (NULL when memory runs
 * out).
 */
char *lf_words_page(lf_arena *arena, const lf_words *w, size_t page, size_t pages);

/*
 * 'lf_words_number()' - 'value' alone in the digits of 'w' (NULL:
 * English), in 'arena' (NULL when memory runs out): the page number where
 * "Page N of M" is wider than the line.
 */
char *lf_words_number(lf_arena *arena, const lf_words *w, size_t value);

/*
 * 'lf_words_review()' - "Next review due: 26 Feb 2028", or with
 * 'overdue' "Review overdue: was due 26 Feb 2028", for 'next' in the words
 * of 'w' (NULL: English), in 'arena' (NULL when memory runs out).  With
 * 'parts' (3 strings) also the same text in three parts: what comes
 * before the date, the date, what comes after it.
 */
char *lf_words_review(lf_arena *arena, const lf_words *w, lf_date next, int overdue,
                      const char **parts);

/*
 * 'lf_words_date()' - 'd' as 'w' writes a date ("26 Feb 2028",
 * "2028年2月26日", "۲۶ فوریه ۲۰۲۸": day and year in its digits) into 'buf' of 'size' bytes (LF_WORDS_DATE_MAX is
 * always enough); returns 'buf'.
 */
char *lf_words_date(const lf_words *w, lf_date d, char *buf, size_t size);

/*
 * 'lf_words_date_long()' - As lf_words_date() with the months' names in
 * full where the words give them ("24 November 2026", a letter's date).
 */
char *lf_words_date_long(const lf_words *w, lf_date d, char *buf, size_t size);

#endif
