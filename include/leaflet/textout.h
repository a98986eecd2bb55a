/*
 * textout.h -- values written into text formats for tools: a CSV field
 * (RFC 4180) and a JSON string (RFC 8259), each escaped as its format
 * requires.  Shared by every writer of CSV and JSON (diagnostics, the
 * mailing manifest, the library report).
 */
#ifndef LEAFLET_TEXTOUT_H
#define LEAFLET_TEXTOUT_H

#include <stdio.h>

/*
 * 'lf_put_csv_cell()' - One CSV field, in double quotes (quotes doubled)
 * when it holds a comma, a quote or a line break; then a comma, or CRLF
 * when 'last'.  NULL is an empty field.
 */
void lf_put_csv_cell(FILE *fp, const char *text, int last);

/*
 * 'lf_put_json_string()' - A JSON string literal: '"' and '\' escaped,
 * control characters as \u00XX, other UTF-8 as it is; NULL is null.
 */
void lf_put_json_string(FILE *fp, const char *text);

#endif
