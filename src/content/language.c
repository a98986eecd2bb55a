/*
 * language.c -- BCP 47 tags checked against the languages leaflet knows
 * (see language.h).
 *
 * The table holds every ISO 639-1 code and the ISO 639-3 codes of languages
 * that have none and that services in the UK translate into (Dari, Sorani
 * and Kurmanji Kurdish, Sylheti, Cantonese ...), each with its English
 * name; a few other names an author may write in full, and the three-letter
 * codes of ISO 639-2 that BCP 47 writes with two letters, only lead to
 * suggestions.
 */
#include "leaflet/language.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "leaflet/diag.h"

typedef struct language {
  const char *code;
  const char *name;
  int rtl;
} language;

static const language languages[] = {
    {"aa", "Afar", 0}, {"ab", "Abkhazian", 0}, {"ae", "Avestan", 0},
    {"af", "Afrikaans", 0}, {"ak", "Akan", 0}, {"am", "Amharic", 0},
    {"an", "Aragonese", 0}, {"ar", "Arabic", 1}, {"as", "Assamese", 0},
    {"av", "Avaric", 0}, {"ay", "Aymara", 0}, {"az", "Azerbaijani", 0},
    {"ba", "Bashkir", 0}, {"be", "Belarusian", 0}, {"bg", "Bulgarian", 0},
    {"bi", "Bislama", 0}, {"bm", "Bambara", 0}, {"bn", "Bengali", 0},
    {"bo", "Tibetan", 0}, {"br", "Breton", 0}, {"bs", "Bosnian", 0},
    {"ca", "Catalan", 0}, {"ce", "Chechen", 0}, {"ch", "Chamorro", 0},
    {"co", "Corsican", 0}, {"cr", "Cree", 0}, {"cs", "Czech", 0},
    {"cu", "Church Slavonic", 0}, {"cv", "Chuvash", 0}, {"cy", "Welsh", 0},
    {"da", "Danish", 0}, {"de", "German", 0}, {"dv", "Divehi", 1},
    {"dz", "Dzongkha", 0}, {"ee", "Ewe", 0}, {"el", "Greek", 0},
    {"en", "English", 0}, {"eo", "Esperanto", 0}, {"es", "Spanish", 0},
    {"et", "Estonian", 0}, {"eu", "Basque", 0}, {"fa", "Persian", 1},
    {"ff", "Fulah", 0}, {"fi", "Finnish", 0}, {"fj", "Fijian", 0},
    {"fo", "Faroese", 0}, {"fr", "French", 0}, {"fy", "Western Frisian", 0},
    {"ga", "Irish", 0}, {"gd", "Scottish Gaelic", 0}, {"gl", "Galician", 0},
    {"gn", "Guarani", 0}, {"gu", "Gujarati", 0}, {"gv", "Manx", 0},
    {"ha", "Hausa", 0}, {"he", "Hebrew", 1}, {"hi", "Hindi", 0},
    {"ho", "Hiri Motu", 0}, {"hr", "Croatian", 0}, {"ht", "Haitian Creole", 0},
    {"hu", "Hungarian", 0}, {"hy", "Armenian", 0}, {"hz", "Herero", 0},
    {"ia", "Interlingua", 0}, {"id", "Indonesian", 0}, {"ie", "Interlingue", 0},
    {"ig", "Igbo", 0}, {"ii", "Sichuan Yi", 0}, {"ik", "Inupiaq", 0},
    {"io", "Ido", 0}, {"is", "Icelandic", 0}, {"it", "Italian", 0},
    {"iu", "Inuktitut", 0}, {"ja", "Japanese", 0}, {"jv", "Javanese", 0},
    {"ka", "Georgian", 0}, {"kg", "Kongo", 0}, {"ki", "Kikuyu", 0},
    {"kj", "Kuanyama", 0}, {"kk", "Kazakh", 0}, {"kl", "Kalaallisut", 0},
    {"km", "Khmer", 0}, {"kn", "Kannada", 0}, {"ko", "Korean", 0},
    {"kr", "Kanuri", 0}, {"ks", "Kashmiri", 1}, {"ku", "Kurdish", 0},
    {"kv", "Komi", 0}, {"kw", "Cornish", 0}, {"ky", "Kyrgyz", 0},
    {"la", "Latin", 0}, {"lb", "Luxembourgish", 0}, {"lg", "Ganda", 0},
    {"li", "Limburgish", 0}, {"ln", "Lingala", 0}, {"lo", "Lao", 0},
    {"lt", "Lithuanian", 0}, {"lu", "Luba-Katanga", 0}, {"lv", "Latvian", 0},
    {"mg", "Malagasy", 0}, {"mh", "Marshallese", 0}, {"mi", "Maori", 0},
    {"mk", "Macedonian", 0}, {"ml", "Malayalam", 0}, {"mn", "Mongolian", 0},
    {"mr", "Marathi", 0}, {"ms", "Malay", 0}, {"mt", "Maltese", 0},
    {"my", "Burmese", 0}, {"na", "Nauru", 0}, {"nb", "Norwegian Bokmal", 0},
    {"nd", "North Ndebele", 0}, {"ne", "Nepali", 0}, {"ng", "Ndonga", 0},
    {"nl", "Dutch", 0}, {"nn", "Norwegian Nynorsk", 0}, {"no", "Norwegian", 0},
    {"nr", "South Ndebele", 0}, {"nv", "Navajo", 0}, {"ny", "Chichewa", 0},
    {"oc", "Occitan", 0}, {"oj", "Ojibwa", 0}, {"om", "Oromo", 0},
    {"or", "Odia", 0}, {"os", "Ossetian", 0}, {"pa", "Panjabi", 0},
    {"pi", "Pali", 0}, {"pl", "Polish", 0}, {"ps", "Pashto", 1},
    {"pt", "Portuguese", 0}, {"qu", "Quechua", 0}, {"rm", "Romansh", 0},
    {"rn", "Kirundi", 0}, {"ro", "Romanian", 0}, {"ru", "Russian", 0},
    {"rw", "Kinyarwanda", 0}, {"sa", "Sanskrit", 0}, {"sc", "Sardinian", 0},
    {"sd", "Sindhi", 1}, {"se", "Northern Sami", 0}, {"sg", "Sango", 0},
    {"si", "Sinhala", 0}, {"sk", "Slovak", 0}, {"sl", "Slovenian", 0},
    {"sm", "Samoan", 0}, {"sn", "Shona", 0}, {"so", "Somali", 0},
    {"sq", "Albanian", 0}, {"sr", "Serbian", 0}, {"ss", "Swati", 0},
    {"st", "Southern Sotho", 0}, {"su", "Sundanese", 0}, {"sv", "Swedish", 0},
    {"sw", "Swahili", 0}, {"ta", "Tamil", 0}, {"te", "Telugu", 0},
    {"tg", "Tajik", 0}, {"th", "Thai", 0}, {"ti", "Tigrinya", 0},
    {"tk", "Turkmen", 0}, {"tl", "Tagalog", 0}, {"tn", "Tswana", 0},
    {"to", "Tongan", 0}, {"tr", "Turkish", 0}, {"ts", "Tsonga", 0},
    {"tt", "Tatar", 0}, {"tw", "Twi", 0}, {"ty", "Tahitian", 0},
    {"ug", "Uyghur", 1}, {"uk", "Ukrainian", 0}, {"ur", "Urdu", 1},
    {"uz", "Uzbek", 0}, {"ve", "Venda", 0}, {"vi", "Vietnamese", 0},
    {"vo", "Volapuk", 0}, {"wa", "Walloon", 0}, {"wo", "Wolof", 0},
    {"xh", "Xhosa", 0}, {"yi", "Yiddish", 1}, {"yo", "Yoruba", 0},
    {"za", "Zhuang", 0}, {"zh", "Chinese", 0}, {"zu", "Zulu", 0},
    /* ISO 639-3, for languages without a two-letter code */
    {"bal", "Baluchi", 1}, {"ceb", "Cebuano", 0}, {"ckb", "Central Kurdish", 1},
    {"fil", "Filipino", 0}, {"hak", "Hakka Chinese", 0}, {"hmn", "Hmong", 0},
    {"kmr", "Northern Kurdish", 0}, {"kri", "Krio", 0}, {"nan", "Min Nan Chinese", 0},
    {"pnb", "Western Panjabi", 1}, {"prs", "Dari", 1}, {"rom", "Romany", 0},
    {"sco", "Scots", 0}, {"skr", "Saraiki", 1}, {"syl", "Sylheti", 0},
    {"tet", "Tetum", 0}, {"yue", "Cantonese", 0},
};

#define LANGUAGE_COUNT (sizeof languages / sizeof *languages)

/* Names and codes an author may write that lead to a code. */
typedef struct alias {
  const char *said, *code;
} alias;

static const alias aliases[] = {
    {"Farsi", "fa"}, {"Punjabi", "pa"}, {"Sorani", "ckb"}, {"Kurmanji", "kmr"},
    {"Mandarin", "zh"}, {"Gaelic", "gd"}, {"Cymraeg", "cy"}, {"Polski", "pl"},
    {"Bangla", "bn"}, {"Shahmukhi", "pnb"},
    /* ISO 639-2 (B and T) for languages BCP 47 writes with two letters */
    {"ara", "ar"}, {"ben", "bn"}, {"chi", "zh"}, {"zho", "zh"}, {"cym", "cy"},
    {"wel", "cy"}, {"deu", "de"}, {"ger", "de"}, {"eng", "en"}, {"fas", "fa"},
    {"per", "fa"}, {"fra", "fr"}, {"fre", "fr"}, {"guj", "gu"}, {"hin", "hi"},
    {"ita", "it"}, {"kur", "ku"}, {"lit", "lt"}, {"lav", "lv"}, {"pan", "pa"},
    {"pol", "pl"}, {"por", "pt"}, {"pus", "ps"}, {"ron", "ro"}, {"rum", "ro"},
    {"rus", "ru"}, {"slk", "sk"}, {"slo", "sk"}, {"som", "so"}, {"spa", "es"},
    {"tam", "ta"}, {"tir", "ti"}, {"tur", "tr"}, {"ukr", "uk"}, {"urd", "ur"},
    {"ces", "cs"}, {"cze", "cs"}, {"bul", "bg"}, {"amh", "am"}, {"gle", "ga"},
    {"gla", "gd"}, {"cmn", "zh"},
};

#define ALIAS_COUNT (sizeof aliases / sizeof *aliases)

/* Scripts written right to left, as BCP 47 script subtags. */
static const char *const rtl_scripts[] = {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo",
                                          "Adlm", "Rohg", "Samr", "Mand"};

/*
 * 'find_language()' - The entry for a language subtag (any case), or NULL.
 */
static const language *find_language(const char *subtag, size_t len) {
  if (len == 0)
    return NULL;
  int first = tolower((unsigned char)subtag[0]);
  for (size_t i = 0; i < LANGUAGE_COUNT; i++)
    if (languages[i].code[0] == first && strlen(languages[i].code) == len &&
        strncasecmp(languages[i].code, subtag, len) == 0)
      return &languages[i];
  return NULL;
}

/* 'all_of()' - Whether 'len' bytes at 's' pass 'test'. */
static int all_of(const char *s, size_t len, int (*test)(int)) {
  for (size_t i = 0; i < len; i++)
    if (!test((unsigned char)s[i]))
      return 0;
  return 1;
}

/*
 * 'well_formed_rest()' - Whether the subtags after the language are, in
 * order, an optional script (4 letters), an optional region (2 letters or 3
 * digits), variants (5 to 8 letters or digits, or a digit and 3 more), and
 * optional private use ("x-" and subtags of 1 to 8).
 */
static int well_formed_rest(const char *s) {
  int stage = 0; /* 0: script next, 1: region, 2: variants, 3: private use */
  int private_subtags = 0;
  while (*s) {
    if (*s != '-')
      return 0;
    s++;
    size_t len = strcspn(s, "-");
    if (len == 0 || len > 8)
      return 0;
    if (stage == 3) {
      if (!all_of(s, len, isalnum))
        return 0;
      private_subtags++;
    } else if (len == 1 && (*s == 'x' || *s == 'X')) {
      stage = 3;
    } else if (stage == 0 && len == 4 && all_of(s, len, isalpha)) {
      stage = 1;
    } else if (stage <= 1 && ((len == 2 && all_of(s, len, isalpha)) ||
                              (len == 3 && all_of(s, len, isdigit)))) {
      stage = 2;
    } else if (((len >= 5 && len <= 8) || (len == 4 && isdigit((unsigned char)*s))) &&
               all_of(s, len, isalnum)) {
      stage = 2;
    } else {
      return 0;
    }
    s += len;
  }
  return stage != 3 || private_subtags > 0;
}

/*
 * 'lf_language_primary()' - The first subtag, lower case.
 */
const char *lf_language_primary(const char *tag, char *buf, size_t size) {
  size_t len = tag ? strcspn(tag, "-_") : 0;
  if (len >= size)
    len = size - 1;
  for (size_t i = 0; i < len; i++)
    buf[i] = (char)tolower((unsigned char)tag[i]);
  buf[len] = '\0';
  return buf;
}

/*
 * 'lf_language_script()' - The four-letter subtag after the first, if any.
 */
const char *lf_language_script(const char *tag, char *buf, size_t size) {
  buf[0] = '\0';
  if (!tag || size < 5)
    return buf;
  const char *s = tag + strcspn(tag, "-");
  if (*s != '-')
    return buf;
  s++;
  size_t len = strcspn(s, "-");
  if (len == 4 && all_of(s, 4, isalpha)) {
    buf[0] = (char)toupper((unsigned char)s[0]);
    for (int i = 1; i < 4; i++)
      buf[i] = (char)tolower((unsigned char)s[i]);
    buf[4] = '\0';
  }
  return buf;
}

/* 'known()' - Whether 'tag' is well formed with a known language. */
static int known(const char *tag) {
  size_t len = strcspn(tag, "-");
  return len >= 2 && len <= 3 && find_language(tag, len) && well_formed_rest(tag + len);
}

/*
 * 'suggest()' - The code an author who wrote 'tag' likely meant, or NULL.
 */
static const char *suggest(const char *tag) {
  size_t len = strlen(tag);
  for (size_t i = 0; i < ALIAS_COUNT; i++)
    if (strcasecmp(aliases[i].said, tag) == 0)
      return aliases[i].code;
  for (size_t i = 0; i < LANGUAGE_COUNT; i++)
    if (strcasecmp(languages[i].name, tag) == 0)
      return languages[i].code;
  if (len >= 4) { /* a name misspelt */
    const char *names[LANGUAGE_COUNT + ALIAS_COUNT];
    size_t n = 0;
    for (size_t i = 0; i < LANGUAGE_COUNT; i++)
      names[n++] = languages[i].name;
    for (size_t i = 0; i < ALIAS_COUNT; i++)
      if (strlen(aliases[i].said) > 3)
        names[n++] = aliases[i].said;
    const char *near = lf_nearest_name(tag, names, n);
    if (near)
      return suggest(near);
  }
  if (len == 3) { /* a three-letter code misspelt */
    const char *codes[LANGUAGE_COUNT];
    size_t n = 0;
    for (size_t i = 0; i < LANGUAGE_COUNT; i++)
      if (strlen(languages[i].code) == 3)
        codes[n++] = languages[i].code;
    const char *near = lf_nearest_name(tag, codes, n);
    if (near)
      return near;
  }
  return NULL;
}

/* 'name_of()' - The English name of a known code. */
static const char *name_of(const char *code) {
  const language *l = find_language(code, strcspn(code, "-"));
  return l ? l->name : NULL;
}

/* 'lf_language_name()' - The English name of a tag's language. */
const char *lf_language_name(const char *tag) {
  return tag ? name_of(tag) : NULL;
}

/* Script subtags by the words readers know them by. */
typedef struct script_word {
  const char *script, *words;
} script_word;

static const script_word script_words[] = {
    {"Hans", "Simplified"}, {"Hant", "Traditional"}, {"Arab", "Arabic script"},
    {"Latn", "Latin script"}, {"Cyrl", "Cyrillic script"}, {"Deva", "Devanagari"},
    {"Guru", "Gurmukhi"}, {"Beng", "Bengali script"}, {"Gujr", "Gujarati script"},
    {"Taml", "Tamil script"}, {"Ethi", "Ethiopic"}, {"Hebr", "Hebrew script"},
};

/*
 * 'lf_language_label()' - The name, and the script where it matters.
 */
const char *lf_language_label(const char *tag, char *buf, size_t size) {
  const char *name = tag ? name_of(tag) : NULL;
  if (!name || !size)
    return NULL;
  char primary[16], script[8];
  lf_language_primary(tag, primary, sizeof primary);
  lf_language_script(tag, script, sizeof script);
  if (!script[0] && strcmp(primary, "zh") == 0) {
    /* a region that says which script Chinese readers there read */
    const char *region = strchr(tag, '-');
    while (region && !script[0]) {
      region++;
      size_t len = strcspn(region, "-");
      if (len == 2 && (strncasecmp(region, "TW", 2) == 0 || strncasecmp(region, "HK", 2) == 0 ||
                       strncasecmp(region, "MO", 2) == 0))
        strcpy(script, "Hant");
      else if (len == 2 && (strncasecmp(region, "CN", 2) == 0 ||
                            strncasecmp(region, "SG", 2) == 0))
        strcpy(script, "Hans");
      region = strchr(region, '-');
    }
  }
  const char *words = script[0] ? script : NULL;
  for (size_t i = 0; words && i < sizeof script_words / sizeof *script_words; i++)
    if (strcmp(script_words[i].script, script) == 0)
      words = script_words[i].words;
  if (strcmp(primary, "pa") == 0 && words && strcmp(script, "Arab") == 0)
    words = "Shahmukhi";
  if (words)
    snprintf(buf, size, "%s (%s)", name, words);
  else
    snprintf(buf, size, "%s", name);
  return buf;
}

/*
 * 'lf_language_other_names()' - The aliases of the language that are
 * names (longer than a three-letter code).
 */
const char *lf_language_other_names(const char *tag, char *buf, size_t size) {
  if (!size)
    return buf;
  buf[0] = '\0';
  char primary[16];
  lf_language_primary(tag, primary, sizeof primary);
  size_t len = 0;
  for (size_t i = 0; tag && i < ALIAS_COUNT; i++) {
    size_t n = strlen(aliases[i].said);
    if (n > 3 && strcmp(aliases[i].code, primary) == 0 && len + n + 2 <= size) {
      if (len)
        buf[len++] = ' ';
      memcpy(buf + len, aliases[i].said, n);
      len += n;
      buf[len] = '\0';
    }
  }
  return buf;
}

/*
 * 'lf_language_check()' - Known, or what was likely meant.
 */
int lf_language_check(const char *tag, char *suggestion, size_t size, const char **name) {
  suggestion[0] = '\0';
  *name = NULL;
  if (!tag)
    return 0;
  if (known(tag))
    return 1;
  size_t len = strlen(tag);
  if (strchr(tag, '_') && len < size) {
    for (size_t i = 0; i <= len; i++)
      suggestion[i] = tag[i] == '_' ? '-' : tag[i];
    if (known(suggestion)) {
      *name = name_of(suggestion);
      return 0;
    }
    suggestion[0] = '\0';
  }
  const char *code = suggest(tag);
  if (code && strlen(code) < size) {
    strcpy(suggestion, code);
    *name = name_of(code);
  }
  return 0;
}

/* 'lf_language_is_english()' - Its language subtag is "en". */
int lf_language_is_english(const char *tag) {
  char primary[16];
  return strcmp(lf_language_primary(tag, primary, sizeof primary), "en") == 0;
}

/*
 * 'lf_language_is_rtl()' - By the script subtag when there is one, else by
 * the language.
 */
int lf_language_is_rtl(const char *tag) {
  if (!tag)
    return 0;
  char script[8];
  lf_language_script(tag, script, sizeof script);
  if (script[0]) {
    for (size_t i = 0; i < sizeof rtl_scripts / sizeof *rtl_scripts; i++)
      if (strcmp(script, rtl_scripts[i]) == 0)
        return 1;
    return 0;
  }
  const language *l = find_language(tag, strcspn(tag, "-_"));
  return l && l->rtl;
}

/*
 * 'lf_language_same()' - Tags equal but for case.
 */
int lf_language_same(const char *a, const char *b) {
  return a && b && strcasecmp(a, b) == 0;
}

/*
 * 'lf_language_same_writing()' - Same language and script subtags.
 */
int lf_language_same_writing(const char *a, const char *b) {
  char pa[16], pb[16], sa[8], sb[8];
  return a && b &&
         strcmp(lf_language_primary(a, pa, sizeof pa), lf_language_primary(b, pb, sizeof pb)) == 0 &&
         strcmp(lf_language_script(a, sa, sizeof sa), lf_language_script(b, sb, sizeof sb)) == 0;
}
