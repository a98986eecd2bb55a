/*
 * words.c -- the program's own words in a leaflet's language (words.h):
 * content/words/<language>.yaml, checked, and the built-in English.
 *
 *     # words/cy.yaml
 *     page: "Tudalen {page} o {pages}"
 *     next_review: "Adolygiad nesaf: {date}"
 *     ...
 *     months: [Ion, Chwef, Maw, Ebr, Mai, Meh, Gorff, Awst, Medi, Hyd, Tach, Rhag]
 *     date: "{day} {month} {year}"
 *
 * Every key is required: a word missing from a language would be English
 * in it without the tag that says so.
 */
#include "leaflet/words.h"

#include <stdio.h>
#include <string.h>

#include "leaflet/language.h"
#include "leaflet/utf8.h"

static const char *const word_keys[LF_WORD_COUNT] = {
    [LF_WORD_PAGE] = "page",
    [LF_WORD_NEXT_REVIEW] = "next_review",
    [LF_WORD_REVIEW_OVERDUE] = "review_overdue",
    [LF_WORD_ABOUT] = "about",
    [LF_WORD_LAST_REVIEWED] = "last_reviewed",
    [LF_WORD_NEXT_REVIEW_DUE] = "next_review_due",
    [LF_WORD_VERSION] = "version",
    [LF_WORD_LEAFLET_ID] = "leaflet_id",
    [LF_WORD_PUBLISHED_BY] = "published_by",
    [LF_WORD_PUBLISHER] = "publisher",
    [LF_WORD_TUMOUR_TYPE] = "tumour_type",
    [LF_WORD_QUESTIONS] = "questions",
    [LF_WORD_NOTES] = "notes",
    [LF_WORD_PATIENT_LABEL] = "patient_label",
    [LF_WORD_REFERENCES] = "references",
    [LF_WORD_PHONE] = "phone",
    [LF_WORD_HOURS] = "hours",
    [LF_WORD_EMAIL] = "email",
    [LF_WORD_WEB] = "web",
    [LF_WORD_QR_CODE] = "qr_code",
    [LF_WORD_LINK] = "link",
    [LF_WORD_PICTURE] = "picture"};

/* The fields each word must hold, each once, and no other. */
static const char *const word_fields[LF_WORD_COUNT][2] = {
    [LF_WORD_PAGE] = {"page", "pages"},     [LF_WORD_NEXT_REVIEW] = {"date"},
    [LF_WORD_REVIEW_OVERDUE] = {"date"},    [LF_WORD_PUBLISHER] = {"publisher"},
    [LF_WORD_TUMOUR_TYPE] = {"tumour"},     [LF_WORD_QR_CODE] = {"url"},
    [LF_WORD_LINK] = {"url"},               [LF_WORD_PICTURE] = {"alt"}};

static const char *const date_fields[] = {"day", "month", "year"};

/* The digit zero of each script's decimal digits (Unicode, general
 * category Nd), whose 1 to 9 follow it: Latin, Arabic-Indic, Persian and
 * Urdu, N'Ko, Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil,
 * Telugu, Kannada, Malayalam, Sinhala, Thai, Lao, Tibetan, Myanmar, Khmer,
 * Mongolian, full-width. */
static const uint32_t zeros[] = {0x30,  0x660, 0x6F0, 0x7C0, 0x966,  0x9E6,  0xA66,
                                 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6,  0xD66,  0xDE6,
                                 0xE50, 0xED0, 0xF20, 0x1040, 0x17E0, 0x1810, 0xFF10};

static const lf_words english = {
    .language = LF_PROGRAM_LANGUAGE,
    .text = {[LF_WORD_PAGE] = "Page {page} of {pages}",
             [LF_WORD_NEXT_REVIEW] = "Next review due: {date}",
             [LF_WORD_REVIEW_OVERDUE] = "Review overdue: was due {date}",
             [LF_WORD_ABOUT] = "About this leaflet",
             [LF_WORD_LAST_REVIEWED] = "Last reviewed",
             [LF_WORD_NEXT_REVIEW_DUE] = "Next review due",
             [LF_WORD_VERSION] = "Version",
             [LF_WORD_LEAFLET_ID] = "Leaflet ID",
             [LF_WORD_PUBLISHED_BY] = "Published by",
             [LF_WORD_PUBLISHER] = "Published by {publisher}",
             [LF_WORD_TUMOUR_TYPE] = "Tumour type: {tumour}",
             [LF_WORD_QUESTIONS] = "Questions to ask your doctor or nurse:",
             [LF_WORD_NOTES] = "Notes",
             [LF_WORD_PATIENT_LABEL] = "Patient label",
             [LF_WORD_REFERENCES] = "References",
             [LF_WORD_PHONE] = "Phone",
             [LF_WORD_HOURS] = "Hours",
             [LF_WORD_EMAIL] = "Email",
             [LF_WORD_WEB] = "Web",
             [LF_WORD_QR_CODE] = "QR code: a link to {url}",
             [LF_WORD_LINK] = "Link to {url}",
             [LF_WORD_PICTURE] = "Picture: {alt}"},
    .months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
               "Dec"},
    .months_long = {"January", "February", "March", "April", "May", "June", "July", "August",
                    "September", "October", "November", "December"},
    .date = "{day} {month} {year}",
    .zero = '0',
};

/* 'lf_words_english()' - The built-in English words. */
const lf_words *lf_words_english(void) {
  return &english;
}

/* 'lf_words_or_english()' - 'w', or the built-in English. */
const lf_words *lf_words_or_english(const lf_words *w) {
  return w ? w : &english;
}

/* 'lf_words_tag()' - NULL for a leaflet's own words, else English's tag. */
const char *lf_words_tag(const lf_words *w) {
  return w && w != &english ? NULL : LF_PROGRAM_LANGUAGE;
}

/*
 * 'field_at()' - The length of the field name in braces at 'p' ("{date}"
 * gives 4 with 'p' at the '{'), or 0 when 'p' does not open one.
 */
static size_t field_at(const char *p) {
  if (*p != '{')
    return 0;
  size_t n = 1;
  while (p[n] && p[n] != '}' && p[n] != '{')
    n++;
  return p[n] == '}' && n > 1 ? n - 1 : 0;
}

/*
 * 'check_fields()' - Whether 'text' (the value of 'key', at 'pos') holds
 * each of the 'n' fields of 'fields' once and no other; reports each
 * problem.
 */
static int check_fields(const char *text, const char *key, lf_pos pos,
                        const char *const *fields, size_t n, lf_diags *diags) {
  int seen[3] = {0, 0, 0}, ok = 1;
  for (const char *p = text; *p; p++) {
    size_t len = field_at(p);
    if (!len) {
      if (*p == '{' || *p == '}') {
        lf_error(diags, pos, "'%s' has a brace that names no field (expected a field such "
                 "as {%s}, each in braces)", key, n ? fields[0] : "date");
        return 0;
      }
      continue;
    }
    size_t k = 0;
    while (k < n && !(strlen(fields[k]) == len && strncmp(fields[k], p + 1, len) == 0))
      k++;
    if (k == n) {
      if (n)
        lf_error(diags, pos, "'%s' names the field {%.*s}, which it does not have "
                 "(expected {%s}%s%s%s)", key, (int)len, p + 1, fields[0],
                 n > 1 ? " and {" : "", n > 1 ? fields[1] : "", n > 1 ? "}" : "");
      else
        lf_error(diags, pos, "'%s' names the field {%.*s}; it has none (expected plain text)",
                 key, (int)len, p + 1);
      ok = 0;
    } else if (seen[k]++) {
      lf_error(diags, pos, "'%s' names {%s} twice (expected each field once)", key, fields[k]);
      ok = 0;
    }
    p += len + 1;
  }
  for (size_t k = 0; k < n; k++)
    if (!seen[k]) {
      lf_error(diags, pos, "'%s' lacks the field {%s} (expected it where the value goes)", key,
               fields[k]);
      ok = 0;
    }
  return ok;
}

/*
 * 'month_names()' - The twelve names of 'list' (the value of 'key') into
 * 'names', each reported when it is not a name.
 */
static void month_names(const lf_node *list, const char *key, const char **names,
                        lf_diags *diags) {
  if (list->kind != LF_NODE_SEQUENCE || list->count != 12) {
    lf_error(diags, list->pos, "'%s' must be a list of the twelve months' names, January "
             "first (it has %zu)", key, list->kind == LF_NODE_SEQUENCE ? list->count : 0);
    return;
  }
  for (size_t m = 0; m < 12; m++) {
    const lf_node *v = list->items[m];
    if (v->kind != LF_NODE_SCALAR || v->len == 0 || v->len > LF_WORDS_PART_MAX ||
        strchr(v->text, '{'))
      lf_error(diags, v->pos, "a month's name must be text without braces, at most %d bytes",
               LF_WORDS_PART_MAX);
    else
      names[m] = v->text;
  }
}

/*
 * 'text_of()' - The text of 'key' in 'root', reported when missing, not
 * text or empty.
 */
static const char *text_of(const lf_node *root, const char *key, const char *path,
                           lf_diags *diags) {
  const lf_node *v = lf_node_get(root, key);
  if (!v) {
    lf_error(diags, root->pos, "%s has no '%s' (expected every word in its language; "
             "see docs/content-format.md, \"The program's words\")", path, key);
    return NULL;
  }
  if (v->kind != LF_NODE_SCALAR || v->len == 0) {
    lf_error(diags, v->pos, "'%s' must be text, not %s", key,
             v->kind == LF_NODE_SCALAR ? "empty" : lf_node_kind_name(v->kind));
    return NULL;
  }
  if (v->len > LF_WORDS_WORD_MAX) {
    lf_error(diags, v->pos, "'%s' is %zu bytes long (expected at most %d: a few words)", key,
             v->len, LF_WORDS_WORD_MAX);
    return NULL;
  }
  return v->text;
}

/*
 * 'lf_words_parse()' - The words of one file, checked.
 */
lf_words *lf_words_parse(lf_arena *arena, const lf_node *root, const char *path,
                         const char *stem, lf_diags *diags) {
  size_t errors = diags->errors;
  lf_words *w = lf_arena_alloc(arena, sizeof *w);
  if (!w) {
    lf_error(diags, root->pos, "out of memory");
    return NULL;
  }
  memset(w, 0, sizeof *w);
  w->file = path;
  w->pos = root->pos;
  w->language = stem;
  char suggestion[64];
  const char *name;
  if (!lf_language_check(stem, suggestion, sizeof suggestion, &name))
    lf_error(diags, (lf_pos){path, 0, 0}, "a words file is named for its language tag, and "
             "'%s' is not one leaflet knows%s%s%s", stem, *suggestion ? " (did you mean '" : "",
             suggestion, *suggestion ? ".yaml'?)" : "");
  const char *keys[LF_WORD_COUNT + 4];
  for (int k = 0; k < LF_WORD_COUNT; k++)
    keys[k] = word_keys[k];
  keys[LF_WORD_COUNT] = "months";
  keys[LF_WORD_COUNT + 1] = "months_long";
  keys[LF_WORD_COUNT + 2] = "date";
  keys[LF_WORD_COUNT + 3] = "digits";
  lf_node_check_keys(arena, root, "a words file", keys, LF_WORD_COUNT + 4, diags);
  for (int k = 0; k < LF_WORD_COUNT; k++) {
    w->text[k] = text_of(root, word_keys[k], path, diags);
    size_t n = word_fields[k][0] ? (word_fields[k][1] ? 2 : 1) : 0;
    if (w->text[k])
      check_fields(w->text[k], word_keys[k], lf_node_get(root, word_keys[k])->pos,
                   word_fields[k], n, diags);
  }
  w->date = text_of(root, "date", path, diags);
  if (w->date && strlen(w->date) > LF_WORDS_PART_MAX) {
    lf_error(diags, lf_node_get(root, "date")->pos, "'date' is %zu bytes long (expected at "
             "most %d)", strlen(w->date), LF_WORDS_PART_MAX);
    w->date = NULL;
  }
  if (w->date)
    check_fields(w->date, "date", lf_node_get(root, "date")->pos, date_fields, 3, diags);
  w->zero = '0';
  const lf_node *digits = lf_node_get(root, "digits");
  if (digits) {
    /* Unicode's decimal digits run 0 to 9 at consecutive code points */
    uint32_t cps[11];
    size_t n = 0;
    const char *p = digits->kind == LF_NODE_SCALAR ? digits->text : "";
    const char *end = p + strlen(p);
    while (p < end && n < 11) {
      int32_t cp = lf_utf8_next(&p, end);
      cps[n++] = cp < 0 ? 0 : (uint32_t)cp;
    }
    int ok = 0;
    for (size_t z = 0; z < sizeof zeros / sizeof *zeros; z++)
      ok |= n == 10 && cps[0] == zeros[z];
    for (size_t i = 1; ok && i < 10; i++)
      ok = cps[i] == cps[0] + i;
    if (ok)
      w->zero = cps[0];
    else
      lf_error(diags, digits->pos, "'digits' must be a script's ten digits, 0 to 9 in order "
               "(\"0123456789\", or \"\u06F0\u06F1\u06F2\u06F3\u06F4\u06F5\u06F6\u06F7\u06F8"
               "\u06F9\" for Persian)");
  }
  const lf_node *months = lf_node_get(root, "months");
  if (!months)
    lf_error(diags, root->pos, "%s has no 'months' (expected the twelve months' names, "
             "January first)", path);
  else
    month_names(months, "months", w->months, diags);
  const lf_node *full = lf_node_get(root, "months_long");
  if (full)
    month_names(full, "months_long", w->months_long, diags);
  else
    memcpy(w->months_long, w->months, sizeof w->months);
  return diags->errors > errors ? NULL : w;
}

/*
 * 'lf_words_for()' - BCP 47 lookup: the tag, then the tag less its last
 * subtag, and so on.
 */
const lf_words *lf_words_for(const lf_words *words, size_t count, const char *language) {
  if (!language)
    return &english;
  char tag[64];
  snprintf(tag, sizeof tag, "%s", language);
  for (;;) {
    for (size_t i = 0; i < count; i++)
      if (lf_language_same(words[i].language, tag))
        return &words[i];
    char *dash = strrchr(tag, '-');
    if (!dash)
      return &english;
    *dash = 0;
    /* a single letter or 'x' before it is an extension's, not a subtag */
    char *before = strrchr(tag, '-');
    if (before && strlen(before + 1) == 1)
      *before = 0;
  }
}

/*
 * 'fill()' - 'pattern' with each field of 'names' replaced by its value.
 */
static char *fill(lf_arena *arena, const char *pattern, const char *const *names,
                  const char *const *values, size_t n) {
  size_t len = 0;
  for (int pass = 0; pass < 2; pass++) {
    char *out = pass ? lf_arena_alloc(arena, len + 1) : NULL;
    if (pass && !out)
      return NULL;
    size_t at = 0;
    for (const char *p = pattern; *p;) {
      size_t flen = field_at(p);
      size_t k = n;
      if (flen)
        for (k = 0; k < n; k++)
          if (strlen(names[k]) == flen && strncmp(names[k], p + 1, flen) == 0)
            break;
      const char *piece = k < n ? values[k] : p;
      size_t plen = k < n ? strlen(values[k]) : 1;
      if (out)
        memcpy(out + at, piece, plen);
      at += plen;
      p += k < n ? flen + 2 : 1;
    }
    if (out) {
      out[at] = 0;
      return out;
    }
    len = at;
  }
  return NULL;
}

/* 'lf_words_fill()' - A word with its fields filled in. */
char *lf_words_fill(lf_arena *arena, const lf_words *w, lf_word_id word, const char *const *names,
                    const char *const *values, size_t n) {
  return fill(arena, w->text[word], names, values, n);
}

/*
 * 'number()' - 'value' in decimal in the digits of 'w', into 'out' (48
 * bytes: 11 digits of at most 4 bytes); returns 'out'.
 */
static char *number(const lf_words *w, unsigned long value, char out[48]) {
  char ascii[24];
  snprintf(ascii, sizeof ascii, "%lu", value % 100000000000ul);
  size_t at = 0;
  for (const char *c = ascii; *c; c++)
    at += lf_utf8_put(w->zero + (uint32_t)(*c - '0'), out + at);
  out[at] = 0;
  return out;
}

/* 'lf_words_link()' - A link's alternative text in the words. */
char *lf_words_link(lf_arena *arena, const lf_words *w, lf_word_id word, const char *url) {
  static const char *const names[] = {"url"};
  return fill(arena, lf_words_or_english(w)->text[word], names, &url, 1);
}

/* 'lf_words_page()' - "Page N of M" in the words. */
char *lf_words_page(lf_arena *arena, const lf_words *w, size_t page, size_t pages) {
  w = lf_words_or_english(w);
  char n[48], m[48];
  number(w, page, n);
  number(w, pages, m);
  static const char *const names[] = {"page", "pages"};
  const char *values[] = {n, m};
  return fill(arena, w->text[LF_WORD_PAGE], names, values, 2);
}

/* 'lf_words_number()' - A number alone in the words' digits. */
char *lf_words_number(lf_arena *arena, const lf_words *w, size_t value) {
  char n[48];
  return lf_arena_strdup(arena, number(lf_words_or_english(w), value, n));
}

/* 'lf_words_review()' - The review date's note in the words. */
char *lf_words_review(lf_arena *arena, const lf_words *w, lf_date next, int overdue,
                      const char **parts) {
  w = lf_words_or_english(w);
  char date[LF_WORDS_DATE_MAX];
  lf_words_date(w, next, date, sizeof date);
  const char *value = date, *pattern = w->text[overdue ? LF_WORD_REVIEW_OVERDUE
                                                       : LF_WORD_NEXT_REVIEW];
  static const char *const names[] = {"date"};
  if (parts) {
    /* the pattern holds {date} once (lf_words_parse() checks) */
    const char *at = strstr(pattern, "{date}");
    static const char *const none[] = {NULL};
    parts[0] = at ? lf_arena_strndup(arena, pattern, (size_t)(at - pattern)) : pattern;
    parts[1] = lf_arena_strdup(arena, date);
    parts[2] = at ? fill(arena, at + 6, none, none, 0) : "";
    if (!parts[0] || !parts[1] || !parts[2])
      return NULL;
  }
  return fill(arena, pattern, names, &value, 1);
}

/*
 * 'write_date()' - 'd' with the month named from 'months'.
 */
static char *write_date(const lf_words *w, const char *const *months, lf_date d, char *buf,
                        size_t size) {
  char day[48], year[48];
  number(w, d.day > 0 ? (unsigned long)d.day : 0, day);
  number(w, d.year > 0 ? (unsigned long)d.year : 0, year);
  const char *values[] = {day, d.month >= 1 && d.month <= 12 ? months[d.month - 1] : "?",
                          year};
  size_t at = 0;
  if (size)
    buf[0] = 0;
  for (const char *p = w->date; *p && at + 1 < size;) {
    size_t flen = field_at(p);
    int k = 0;
    while (flen && k < 3 && !(strlen(date_fields[k]) == flen &&
                              strncmp(date_fields[k], p + 1, flen) == 0))
      k++;
    if (flen && k < 3) {
      at += (size_t)snprintf(buf + at, size - at, "%s", values[k]);
      if (at >= size)
        at = size - 1;
      p += flen + 2;
    } else {
      buf[at++] = *p++;
      buf[at] = 0;
    }
  }
  return buf;
}

/* 'lf_words_date()' - A date as the words write one. */
char *lf_words_date(const lf_words *w, lf_date d, char *buf, size_t size) {
  return write_date(w, w->months, d, buf, size);
}

/* 'lf_words_date_long()' - The same with the months' names in full. */
char *lf_words_date_long(const lf_words *w, lf_date d, char *buf, size_t size) {
  w = lf_words_or_english(w);
  return write_date(w, w->months_long, d, buf, size);
}
