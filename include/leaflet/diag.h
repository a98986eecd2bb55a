/*
 * diag.h -- diagnostics that carry their place in the content up to the user.
 *
 * Every stage reports problems here rather than printing or exiting.  A
 * diagnostic prints as the compiler form editors understand:
 *
 *     content/drugs/sunitinib.yaml:4:7: error: unknown key 'nmae' (expected one of ...; did you mean 'name'?)
 *
 * A list keeps at most LF_DIAGS_MAX entries (later ones are counted, not
 * stored) so that bad input cannot grow it without bound.  A message said
 * again for the same place (file, line and column) is neither stored nor
 * counted again: text set twice (a title on a booklet's cover and atop its
 * first page) is reported once.
 *
 * Each diagnostic carries a kind (lf_diag_kind): a caller that must tell
 * diagnostics apart (a mailing hiding personal data, say) filters by kind,
 * never by the wording of a message.
 */
#ifndef LEAFLET_DIAG_H
#define LEAFLET_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

typedef enum lf_severity { LF_NOTE, LF_WARNING, LF_ERROR } lf_severity;

/* A place in a content file.  Line and column count from 1; a line of 0
 * means the file as a whole, and a NULL file means no file at all. */
typedef struct lf_pos {
  const char *file;
  int line;
  int column;
} lf_pos;

/* What a diagnostic is about.  lf_error(), lf_warning() and lf_diag_add()
 * report LF_DIAG_GENERAL; a stage reports another kind (lf_diag_add_kind())
 * where some caller needs to tell it apart.  Each kind says what its
 * message may quote. */
typedef enum lf_diag_kind {
  LF_DIAG_GENERAL,    /* any other problem; the message may quote the input */
  LF_DIAG_NO_MEMORY,  /* out of memory; the message quotes no input */
  LF_DIAG_WORD_SPLIT, /* a word wider than the line was split (a warning); the
                         message quotes the word */
  LF_DIAG_LETTER,     /* a covering letter cannot be typeset as asked (no
                         address, an address or window that does not fit, a
                         character in no font); the message names the
                         template's settings and the format, never the
                         letter's text, which holds personal data */
  LF_DIAG_PAGE_ROOM   /* a body size too large for the paper (a page
                         would have room for fewer than three lines above
                         its footer): the request, not the content, is at
                         fault; the message names the size and paper */
} lf_diag_kind;

typedef struct lf_diag {
  lf_severity severity;
  lf_pos pos;       /* pos.file is owned by the list (copied) */
  char *message;    /* owned by the list */
  lf_diag_kind kind;
} lf_diag;

#define LF_DIAGS_MAX 1000

typedef struct lf_diags {
  lf_diag *items;
  size_t count, cap;
  size_t errors, warnings; /* counted even past LF_DIAGS_MAX */
} lf_diags;

/* 'lf_diags_init()' - Start an empty list. */
void lf_diags_init(lf_diags *d);

/* 'lf_diags_free()' - Free the messages and the list's storage. */
void lf_diags_free(lf_diags *d);

/* 'lf_diag_add()' - Report a problem at 'pos'.  Never fails: when memory
 * runs out the diagnostic is still counted. */
void lf_diag_add(lf_diags *d, lf_severity sev, lf_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* 'lf_diag_add_kind()' - As lf_diag_add(), of kind 'kind'. */
void lf_diag_add_kind(lf_diags *d, lf_severity sev, lf_diag_kind kind, lf_pos pos,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* 'lf_diag_vadd()' - As lf_diag_add() with a va_list. */
void lf_diag_vadd(lf_diags *d, lf_severity sev, lf_pos pos, const char *fmt,
                  va_list ap);

/* 'lf_error()' / 'lf_warning()' - Shorthands for lf_diag_add(). */
void lf_error(lf_diags *d, lf_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void lf_warning(lf_diags *d, lf_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* 'lf_diag_format()' - Write one diagnostic as "file:line:column: error: msg"
 * (or "file: error: msg" for a whole file, "error: msg" for none) into buf,
 * NUL-terminated and truncated to size.  Returns buf. */
char *lf_diag_format(const lf_diag *diag, char *buf, size_t size);

/* 'lf_diags_print()' - Print every stored diagnostic, one per line, and a
 * line saying how many were left out past LF_DIAGS_MAX. */
void lf_diags_print(const lf_diags *d, FILE *fp);

/* 'lf_diags_print_json()' - Print the stored diagnostics as a JSON array of
 * {"file","line","column","severity","message"} objects. */
void lf_diags_print_json(const lf_diags *d, FILE *fp);

/* 'lf_diags_append()' - Move every diagnostic of 'from' onto 'to' (for a
 * worker's list joining the batch's), kinds kept; 'from' is left empty. */
void lf_diags_append(lf_diags *to, lf_diags *from);

/*
 * 'lf_nearest_name()' - The candidate closest to 'word' by edit distance
 * (Damerau-Levenshtein, ASCII case-insensitive), or NULL when none is close
 * enough to be a likely misspelling (distance <= max(1, strlen(word)/3)).
 * Ties go to the earliest candidate.
 */
const char *lf_nearest_name(const char *word, const char *const *candidates,
                            size_t count);

#endif
