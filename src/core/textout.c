/*
 * textout.c -- CSV fields and JSON strings, escaped (textout.h).
 */
#include <string.h>

#include "leaflet/textout.h"

/*
 * 'lf_put_csv_cell()' - One CSV field, quoted when it must be (RFC 4180).
 */
void lf_put_csv_cell(FILE *fp, const char *s, int last) {
  s = s ? s : "";
  if (strpbrk(s, ",\"\r\n")) {
    fputc('"', fp);
    for (; *s; s++) {
      if (*s == '"')
        fputc('"', fp);
      fputc(*s, fp);
    }
    fputc('"', fp);
  } else {
    fputs(s, fp);
  }
  fputs(last ? "\r\n" : ",", fp);
}

/*
 * 'lf_put_json_string()' - A JSON string literal, escaped.
 */
void lf_put_json_string(FILE *fp, const char *s) {
  if (!s) {
    fputs("null", fp);
    return;
  }
  fputc('"', fp);
  for (; *s; s++) {
    unsigned char ch = (unsigned char)*s;
    if (ch == '"' || ch == '\\')
      fprintf(fp, "\\%c", ch);
    else if (ch < 0x20)
      fprintf(fp, "\\u%04x", ch);
    else
      fputc(ch, fp);
  }
  fputc('"', fp);
}
