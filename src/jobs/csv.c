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
 *
 * A file is read a block at a time (lf_csv_open()), so a mailing of any
 * length is read in the same memory: before a record is parsed, the block
 * is filled until it holds the record's end, found by a quick scan that
 * takes every double quote as opening or closing a quoted field.  The
 * parser never reads further than that scan (an error only ends a record
 * sooner, at the end of its physical line), so a record parses the same
 * from a block as from the whole file.  A record whose end is not within
 * RECORD_MAX bytes (a quote never closed, or a huge record) is one
 * malformed record, and reading resumes on the next physical line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leaflet/buffer.h"
#include "leaflet/files.h"
#include "leaflet/jobs.h"
#include "leaflet/utf8.h"

enum {
  FIELD_MAX = 65536,     /* bytes in one field */
  FIELDS_MAX = 1024,     /* fields in one record */
  RECORD_MAX = 1 << 20,  /* bytes in one record read from a file */
  BLOCK = 1 << 16        /* bytes read at a time */
};

typedef struct reader {
  lf_arena *arena;
  const char *data;
  size_t len, pos;
  size_t line;           /* line of data[pos] */
  size_t line_start;     /* where that line starts in data */
  size_t field_line, field_column; /* where the field being read starts */
  size_t counted_to, counted;      /* characters of the line before data[counted_to] */
  lf_buf buf;            /* the field being read */
  char **fields;         /* the record's fields so far (malloc'd array) */
  size_t *at;            /* each field's line and column, two a field */
  size_t count, cap;
  const char *error;     /* first problem in the record */
  size_t error_line, error_column; /* where the field it is in starts */
  int oom;
} reader;

/*
 * 'buf_push()' - Append one byte to the field buffer (bytes past
 * FIELD_MAX are counted as an error, not stored).
 */
static void buf_push(reader *r, char c) {
  lf_buf *b = &r->buf;
  if (b->length >= FIELD_MAX) {
    if (!r->error)
      r->error = "a field is longer than 65536 bytes";
    return;
  }
  lf_buf_put(b, &c, 1);
  if (b->failed)
    r->oom = 1;
}

/*
 * 'set_error_hint()' - Keep the first problem of a record, naming the
 * field, then 'hint' (what to do about it, or "").
 */
static void set_error_hint(reader *r, const char *what, const char *hint) {
  if (r->error)
    return;
  r->error = lf_arena_printf(r->arena, "%s in field %zu%s", what, r->count + 1, hint);
  if (!r->error)
    r->oom = 1;
}

/*
 * 'set_error()' - As set_error_hint(), with no hint.
 */
static void set_error(reader *r, const char *what) {
  set_error_hint(r, what, "");
}

/*
 * 'check_text()' - A finished field must be UTF-8 with no NUL or control
 * characters other than the line breaks a quoted field may hold.
 */
static void check_text(reader *r) {
  if (r->buf.length == 0)
    return; /* an empty field (its buffer may not exist yet) */
  const char *s = (const char *)r->buf.data, *end = s + r->buf.length;
  /* what a spreadsheet's other "CSV" exports look like, said as such */
  static const char utf8[] = " (expected UTF-8: save the file as \"CSV UTF-8\")";
  if (end - s >= 2 && (((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE) ||
                       ((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF))) {
    set_error_hint(r, "a UTF-16 byte-order mark", utf8);
    return;
  }
  while (s && s < end) {
    int32_t cp = lf_utf8_next(&s, end);
    if (cp < 0) {
      set_error_hint(r, "invalid UTF-8", " (expected UTF-8 text: a file a spreadsheet saved as "
                     "plain \"CSV\" is in Windows-1252; save it as \"CSV UTF-8\")");
      return;
    }
    if (cp == 0) {
      set_error_hint(r, "a NUL byte", " (a file in UTF-16? expected UTF-8: save the file "
                     "as \"CSV UTF-8\")");
      return;
    }
    if ((cp < 0x20 && cp != '\n' && cp != '\r') || cp == 0x7F) {
      set_error(r, "a control character");
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
    r->buf.length = 0;
    return;
  }
  if (r->count == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 16;
    char **grown = realloc(r->fields, cap * sizeof *grown);
    if (grown)
      r->fields = grown;
    size_t *at = grown ? realloc(r->at, 2 * cap * sizeof *at) : NULL;
    if (!at) {
      r->oom = 1;
      return;
    }
    r->at = at;
    r->cap = cap;
  }
  r->at[2 * r->count] = r->field_line;
  r->at[2 * r->count + 1] = r->field_column;
  char *text = lf_arena_strndup(r->arena, r->buf.data ? (const char *)r->buf.data : "",
                                r->buf.length);
  if (!text)
    r->oom = 1;
  r->fields[r->count++] = text;
  r->buf.length = 0;
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
  r->line_start = r->pos;
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
  size_t open_pos = r->pos, open_line = r->line, open_line_start = r->line_start;
  r->pos++;
  for (;;) {
    if (r->pos >= r->len) {
      /* never closed: rather than lose every line after the quote, drop
       * this record's line only and read on from the next */
      set_error(r, "a quote that is never closed (expected a closing \" "
                   "before the end of the file)");
      r->buf.length = 0;
      r->pos = open_pos;
      r->line = open_line;
      r->line_start = open_line_start;
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
    if (c == '\n' || (c == '\r' && !(r->pos + 1 < r->len && r->data[r->pos + 1] == '\n'))) {
      r->line++;
      r->line_start = r->pos + 1;
    }
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
  r->buf.length = 0;
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
      r->buf.length = 0;
      return 1;
    }
    buf_push(r, c);
    r->pos++;
  }
  end_field(r);
  return 1;
}

/*
 * 'read_record()' - The record starting at r->pos (not a line break) into
 * 'rec', its fields in the arena.  Returns 0, or -1 when out of memory.
 */
static int read_record(reader *r, lf_csv_record *rec) {
  size_t line = r->line;
  r->count = 0;
  r->error = NULL;
  r->line_start = r->pos; /* a record starts a line (after a byte order mark, its column 1) */
  r->counted_to = r->pos;
  r->counted = 0;
  int ended = 0;
  while (!ended && !r->oom) {
    /* the field's column, counted on from the last field's (linear in the
     * record, however many fields it has) */
    if (r->counted_to < r->line_start || r->counted_to > r->pos) {
      r->counted_to = r->line_start;
      r->counted = 0;
    }
    for (; r->counted_to < r->pos; r->counted_to++)
      r->counted += ((unsigned char)r->data[r->counted_to] & 0xC0) != 0x80;
    r->field_line = r->line;
    r->field_column = r->counted + 1;
    const char *before = r->error;
    ended = r->pos < r->len && r->data[r->pos] == '"' ? read_quoted(r) : read_plain(r);
    if (!before && r->error) {
      r->error_line = r->field_line;
      r->error_column = r->field_column;
    }
  }
  if (r->oom)
    return -1;
  *rec = (lf_csv_record){.line = line, .error = r->error, .count = r->count,
                         .error_line = r->error ? r->error_line : 0,
                         .error_column = r->error ? r->error_column : 0};
  rec->fields = lf_arena_array(r->arena, r->count + 1, sizeof *rec->fields);
  if (!rec->fields)
    return -1;
  if (r->count)
    memcpy(rec->fields, r->fields, r->count * sizeof *rec->fields);
  if (!r->error && r->count) {
    rec->field_lines = lf_arena_array(r->arena, r->count, sizeof *rec->field_lines);
    rec->field_columns = lf_arena_array(r->arena, r->count, sizeof *rec->field_columns);
    if (!rec->field_lines || !rec->field_columns)
      return -1;
    for (size_t i = 0; i < r->count; i++) {
      rec->field_lines[i] = r->at[2 * i];
      rec->field_columns[i] = r->at[2 * i + 1];
    }
  }
  return 0;
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
    if (read_record(&r, &out->records[out->count]) != 0)
      r.oom = 1;
    else
      out->count++;
  }
  lf_buf_free(&r.buf);
  free(r.fields);
  free(r.at);
  return r.oom ? -1 : 0;
}

/* ---- a file read a block at a time ---------------------------------------------- */

struct lf_csv_reader {
  reader r;              /* the parser, over block[0 .. r.len) */
  int fd;                /* the file */
  int copy;              /* where every byte read is written too, or -1 */
  char *block;
  size_t cap;
  int eof;               /* the file's end is in the block */
  int error;             /* errno of a failed read or copy */
  int started;           /* the byte order mark is behind us */
};

/*
 * 'lf_csv_open()' - A reader of 'fd' (taken over: lf_csv_close() closes
 * it), which writes every byte it reads to 'copy' too when that is not
 * -1.
 */
lf_csv_reader *lf_csv_open(int fd, int copy) {
  lf_csv_reader *in = calloc(1, sizeof *in);
  if (!in)
    return NULL;
  in->fd = fd;
  in->copy = copy;
  in->r.line = 1;
  return in;
}

/*
 * 'fill()' - Read another block after what the block holds from r.pos on
 * (moved to its start).  Returns 0 (or at the end of the file, with 'eof'
 * set), or -1 with 'error' set.
 */
static int fill(lf_csv_reader *in) {
  reader *r = &in->r;
  size_t keep = r->len - r->pos;
  if (r->pos)
    memmove(in->block, in->block + r->pos, keep);
  r->pos = 0;
  r->len = keep;
  if (keep + BLOCK > in->cap) {
    size_t cap = in->cap ? in->cap * 2 : 2 * BLOCK;
    while (cap < keep + BLOCK)
      cap *= 2;
    char *bigger = realloc(in->block, cap);
    if (!bigger) {
      in->error = ENOMEM;
      return -1;
    }
    in->block = bigger;
    in->cap = cap;
  }
  ssize_t n;
  do
    n = read(in->fd, in->block + keep, BLOCK);
  while (n < 0 && errno == EINTR);
  if (n < 0) {
    in->error = errno;
    return -1;
  }
  if (n > 0 && in->copy >= 0 && lf_write_all(in->copy, in->block + keep, (size_t)n) != 0) {
    in->error = errno ? errno : EIO;
    return -1;
  }
  r->len += (size_t)n;
  r->data = in->block;
  in->eof = n == 0;
  return 0;
}

/*
 * 'record_end()' - Where the record at r.pos ends by the quick scan: the
 * index just past its line break (and the byte after it, which says
 * whether a CR is a CRLF), or 0 when the block does not hold that yet.
 */
static size_t record_end(const lf_csv_reader *in) {
  const reader *r = &in->r;
  int quoted = 0;
  for (size_t i = r->pos; i < r->len; i++) {
    char c = r->data[i];
    if (c == '"')
      quoted = !quoted;
    else if ((c == '\n' || c == '\r') && !quoted)
      return i + 1 < r->len ? i + 1 : 0;
  }
  return 0;
}

/*
 * 'skip_long_line()' - A record too long to hold: drop its first
 * physical line, reading on as far as it goes.
 */
static int skip_long_line(lf_csv_reader *in) {
  reader *r = &in->r;
  for (;;) {
    while (r->pos < r->len) {
      if (r->data[r->pos] == '\n' || r->data[r->pos] == '\r') {
        if (r->pos + 1 >= r->len && !in->eof && fill(in))
          return -1;
        take_break(r);
        return 0;
      }
      r->pos++;
    }
    if (in->eof)
      return 0;
    if (fill(in))
      return -1;
  }
}

/*
 * 'lf_csv_next()' - Fill the block until it holds the next record's end
 * (or the file's), skip blank lines, parse the record.
 */
int lf_csv_next(lf_csv_reader *in, lf_arena *arena, lf_csv_record *rec) {
  reader *r = &in->r;
  r->arena = arena;
  if (in->error || r->oom)
    return -1;
  for (;;) {
    while (!in->eof && !record_end(in)) {
      if (r->len - r->pos > RECORD_MAX) {
        size_t line = r->line;
        if (skip_long_line(in))
          return -1;
        *rec = (lf_csv_record){.line = line,
                               .error = "a record longer than 1 MiB (expected one line per "
                                        "request; is a quote never closed?)"};
        rec->fields = lf_arena_array(arena, 1, sizeof *rec->fields);
        return rec->fields ? 1 : (r->oom = 1, -1);
      }
      if (fill(in))
        return -1;
    }
    if (!in->started) {
      in->started = 1;
      if (r->len >= 3 && memcmp(r->data, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3;
      continue;
    }
    if (r->pos >= r->len)
      return 0;
    if (take_break(r))
      continue; /* a blank line */
    return read_record(r, rec) ? -1 : 1;
  }
}

/* 'lf_csv_error()' - Why reading failed: an errno (ENOMEM when out of
 * memory), or 0. */
int lf_csv_error(const lf_csv_reader *in) {
  return in->error ? in->error : in->r.oom ? ENOMEM : 0;
}

/* 'lf_csv_close()' - Close the file and free the reader (NULL is
 * allowed). */
void lf_csv_close(lf_csv_reader *in) {
  if (!in)
    return;
  close(in->fd);
  lf_buf_free(&in->r.buf);
  free(in->r.fields);
  free(in->r.at);
  free(in->block);
  free(in);
}
