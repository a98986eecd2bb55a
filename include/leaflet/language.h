/*
 * language.h -- the languages content may be written in: BCP 47 tags,
 * checked, named, and the direction each is written in.
 *
 * A tag is a language subtag leaflet knows (ISO 639-1, or ISO 639-3 for a
 * language without a two-letter code, such as Dari 'prs'), then optionally
 * a script (four letters, such as 'Hant'), a region (two letters or three
 * digits, such as 'GB') and variants, as BCP 47 writes them.  A language is
 * written right to left when its usual script is (Arabic, Urdu, Farsi,
 * Pashto, Dari, Hebrew ...) unless its script subtag says otherwise
 * ('pa-Arab' is right to left, 'ku-Latn' left to right).
 */
#ifndef LEAFLET_LANGUAGE_H
#define LEAFLET_LANGUAGE_H

#include <stddef.h>

/*
 * 'lf_language_name()' - The English name of the language of 'tag'
 * ("Urdu" for "ur", "Chinese" for "zh-Hans"), or NULL when leaflet does
 * not know it.
 */
const char *lf_language_name(const char *tag);

/*
 * 'lf_language_label()' - The English name of the language of 'tag' with
 * its script where readers of the language differ by it ("Chinese
 * (Traditional)" for "zh-Hant" or "zh-TW", "Panjabi (Shahmukhi)" for
 * "pa-Arab"), into 'buf'; NULL when leaflet does not know the language.
 */
const char *lf_language_label(const char *tag, char *buf, size_t size);

/*
 * 'lf_language_other_names()' - Other English names people use for the
 * language of 'tag', separated by spaces ("Farsi" for "fa", "Punjabi" for
 * "pa", "Mandarin" for "zh"), into 'buf'; "" when there are none.
 */
const char *lf_language_other_names(const char *tag, char *buf, size_t size);

/*
 * 'lf_language_check()' - Whether 'tag' is a tag leaflet knows.  When it is
 * not, 'suggestion' (of 'size' bytes) receives the tag the author likely
 * meant (the code of a language named in full, 'urdu' -> 'ur'; of an ISO
 * 639-2 code, 'urd' -> 'ur'; the nearest known three-letter code; the tag
 * written with '-' for '_'), or "", and '*name' that language's English
 * name (or NULL).  Returns 1 when known, 0 when not.
 */
int lf_language_check(const char *tag, char *suggestion, size_t size, const char **name);

/* The language of the program's own words (labels, "About this leaflet",
 * the server's pages), whatever a leaflet's language. */
#define LF_PROGRAM_LANGUAGE "en-GB"

/* 'lf_language_is_english()' - Whether 'tag' is English (its language
 * subtag "en"), which the plain English measures are made for. */
int lf_language_is_english(const char *tag);

/* 'lf_language_is_rtl()' - Whether text in 'tag' is set right to left. */
int lf_language_is_rtl(const char *tag);

/* 'lf_language_same()' - Whether two tags name the same language (case
 * ignored, as BCP 47 does); NULL is never the same as a tag. */
int lf_language_same(const char *a, const char *b);

/* 'lf_language_same_writing()' - Whether text in 'a' and in 'b' is written
 * alike: the same language and script subtags, regions aside ("en" and
 * "en-GB" are, "zh-Hans" and "zh-Hant" are not); NULL never is. */
int lf_language_same_writing(const char *a, const char *b);

/* 'lf_language_primary()' - The language subtag of 'tag' ("zh" of
 * "zh-Hant-TW") into 'buf' (at least 9 bytes), lower case. */
const char *lf_language_primary(const char *tag, char *buf, size_t size);

/* 'lf_language_script()' - The script subtag of 'tag' ("Hant" of
 * "zh-Hant-TW") into 'buf' (at least 5 bytes), or "" when it has none. */
const char *lf_language_script(const char *tag, char *buf, size_t size);

#endif
