/*
 * csv.c -- RFC 4180 comma-separated values, read forgivingly (jobs.h).
 *
 * The reader goes through the bytes once.  A record is a run of fields
 * separated by commas and ended by a line break (CRLF, LF or a lone CR) or
 * the end of the data; a field in double quotes may hold commas, line
 * breaks and "" for a quote.  What RFC 4180 forbids is not guessed at: the
 * record is kept with its 'error' set and reading resumes at the start of
 * the next line, so a mailing file with one bad line loses only that line.
 * Errors name the field by its number, never its text (a mailing file
 * holds personal data, and errors go to logs).
 */
#include <stdlib.h>
#include <string.h>

#include "leaflet/jobs.h"
#include "leaflet/utf8.h"

enum {
  FIELD_MAX = 65536,     /* bytes in one field */
  FIELDS_MAX = 1024      /* fields in one record */
};

/* A field being read, in a buffer that grows. */
typedef struct field_buf {
  char *data;
  size_t len, cap;
} field_buf;

typedef struct reader {
  lf_arena *arena;
  const char *data;
  size_t len, pos;
  size_t line;           /* line of data[pos] */
  field_buf buf;
  char **fields;         /* the record's fields so far (malloc'd array) */
  size_t count, cap;
  const char *error;     /* first problem in the record */
  int oom;
} reader;

/*
 * 'buf_push()' - Append one byte to the field buffer (bytes past
 * FIELD_MAX are counted as an error, not stored).
 */
static void buf_push(reader *r, char c) {
  field_buf *b = &r->buf;
  if (b->len >= FIELD_MAX) {
    if (!r->error)
      r->error = "a field is longer than 65536 bytes";
    return;
  }
  if (b->len + 1 >= b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 256;
    char *grown = realloc(b->data, cap);
    if (!grown) {
      r->oom = 1;
      return;
    }
    b->data = grown;
    b->cap = cap;
  }
  b->data[b->len++] = c;
}

/*
 * 'set_error()' - Keep the first problem of a record, naming the field.
 */
static void set_error(reader *r, const char *what) {
  if (r->error)
    return;
  r->error = lf_arena_printf(r->arena, "%s in field %zu", what, r->count + 1);
  if (!r->error)
    r->oom = 1;
}

/*
 * 'check_text()' - A finished field must be UTF-8 with no NUL or control
 * characters other than the line breaks a quoted field may hold.
 */
static void check_text(reader *r) {
  if (r->buf.len == 0)
    return; /* an empty field (its buffer may not exist yet) */
  const char *s = r->buf.data, *end = s + r->buf.len;
  while (s && s < end) {
    int32_t cp = lf_utf8_next(&s, end);
    if (cp < 0) {
      set_error(r, "invalid UTF-8 (expected UTF-8 text)");
      return;
    }
    if ((cp < 0x20 && cp != '\n' && cp != '\r') || cp == 0x7F) {
      set_error(r, cp == 0 ? "a NUL byte" : "a control character");
      return;
    }
  }
}

/*
 * 'end_field()' - Store the field read into the record.
 */
static void end_field(reader *r) {
  check_text(r);
  if (r->count >= FIELDS_MAX) {
    if (!r->error)
      r->error = "more than 1024 fields in a record";
    r->buf.len = 0;
    return;
  }
  if (r->count == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 16;
    char **grown = realloc(r->fields, cap * sizeof *grown);
    if (!grown) {
      r->oom = 1;
      return;
    }
    r->fields = grown;
    r->cap = cap;
  }
  char *text = lf_arena_strndup(r->arena, r->buf.data ? r->buf.data : "", r->buf.len);
  if (!text)
    r->oom = 1;
  r->fields[r->count++] = text;
  r->buf.len = 0;
}

/*
 * 'take_break()' - Whether data[pos] starts a line break; consumes it and
 * counts the line when it does.
 */
static int take_break(reader *r) {
  if (r->pos >= r->len)
    return 0;
  char c = r->data[r->pos];
  if (c == '\n') {
    r->pos++;
  } else if (c == '\r') {
    r->pos++;
    if (r->pos < r->len && r->data[r->pos] == '\n')
      r->pos++;
  } else {
    return 0;
  }
  r->line++;
  return 1;
}

/*
 * 'skip_line()' - After a malformed field: drop the rest of the physical
 * line, so that reading resumes with the next one.
 */
static void skip_line(reader *r) {
  while (r->pos < r->len && !take_break(r))
    r->pos++;
}

/*
 * 'read_quoted()' - A field in double quotes (the opening quote is at pos).
 * Returns 0 when the record goes on, 1 when it has ended (line break, end
 * of data or a malformed field that was skipped past).
 */
static int read_quoted(reader *r) {
  size_t open_pos = r->pos, open_line = r->line;
  r->pos++;
  for (;;) {
    if (r->pos >= r->len) {
      /* never closed: rather than lose every line after the quote, drop
       * this record's line only and read on from the next */
      set_error(r, "a quote that is never closed (expected a closing \" "
                   "before the end of the file)");
      r->buf.len = 0;
      r->pos = open_pos;
      r->line = open_line;
      skip_line(r);
      return 1;
    }
    char c = r->data[r->pos];
    if (c == '"') {
      if (r->pos + 1 < r->len && r->data[r->pos + 1] == '"') {
        buf_push(r, '"');
        r->pos += 2;
        continue;
      }
      r->pos++;
      break;
    }
    if (c == '\n' || (c == '\r' && !(r->pos + 1 < r->len && r->data[r->pos + 1] == '\n')))
      r->line++;
    buf_push(r, c);
    r->pos++;
  }
  /* after the closing quote: a comma, a line break or the end */
  if (r->pos >= r->len) {
    end_field(r);
    return 1;
  }
  if (r->data[r->pos] == ',') {
    r->pos++;
    end_field(r);
    return 0;
  }
  if (r->data[r->pos] == '\n' || r->data[r->pos] == '\r') {
    end_field(r);
    take_break(r);
    return 1;
  }
  set_error(r, "text after the closing quote (expected a comma or the end of the line)");
  r->buf.len = 0;
  skip_line(r);
  return 1;
}

/*
 * 'read_plain()' - A field without quotes.  Returns as read_quoted().
 */
static int read_plain(reader *r) {
  while (r->pos < r->len) {
    char c = r->data[r->pos];
    if (c == ',') {
      r->pos++;
      end_field(r);
      return 0;
    }
    if (c == '\n' || c == '\r') {
      end_field(r);
      take_break(r);
      return 1;
    }
    if (c == '"') {
      set_error(r, "a double quote inside a field that does not start with one "
                   "(expected the whole field in quotes, with \"\" for each quote)");
      skip_line(r);
      r->buf.len = 0;
      return 1;
    }
    buf_push(r, c);
    r->pos++;
  }
  end_field(r);
  return 1;
}

/*
 * 'lf_csv_parse()' - Read every record.
 */
int lf_csv_parse(lf_arena *arena, const char *data, size_t len, lf_csv *out) {
  memset(out, 0, sizeof *out);
  reader r = {.arena = arena, .data = data, .len = len, .line = 1};
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
    r.pos = 3;
  size_t cap = 0;
  while (r.pos < r.len && !r.oom) {
    if (take_break(&r))
      continue; /* a blank line */
    size_t line = r.line;
    r.count = 0;
    r.error = NULL;
    int ended = 0;
    while (!ended && !r.oom)
      ended = r.pos < r.len && r.data[r.pos] == '"' ? read_quoted(&r) : read_plain(&r);
    if (r.oom)
      break;
    if (out->count == cap) {
      size_t ncap = cap ? cap * 2 : 64;
      lf_csv_record *grown = lf_arena_grow(arena, out->records, out->count, ncap,
                                           sizeof *grown);
      if (!grown) {
        r.oom = 1;
        break;
      }
      out->records = grown;
      cap = ncap;
    }
    lf_csv_record *rec = &out->records[out->count++];
    rec->line = line;
    rec->error = r.error;
    rec->count = r.count;
    rec->fields = lf_arena_array(arena, r.count + 1, sizeof *rec->fields);
    if (!rec->fields) {
      r.oom = 1;
      break;
    }
    if (r.count)
      memcpy(rec->fields, r.fields, r.count * sizeof *rec->fields);
  }
  free(r.buf.data);
  free(r.fields);
  return r.oom ? -1 : 0;
}
