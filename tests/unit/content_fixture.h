/*
 * content_fixture.h -- a small, valid content folder for the model and
 * resolver tests; each test breaks one thing in it.
 */
#ifndef LEAFLET_CONTENT_FIXTURE_H
#define LEAFLET_CONTENT_FIXTURE_H

#include "leaflet/arena.h"
#include "leaflet/diag.h"
#include "leaflet/model.h"
#include "testutil.h"

static const char fixture_drug[] =
    "id: sunitinib\n"
    "name: Sunitinib\n"
    "brand_names: [Sutent]\n"
    "kind: targeted\n"
    "how_it_works: It blocks a protein.\n"
    "how_you_have_it: You take capsules.\n";

static const char fixture_drug2[] =
    "id: everolimus\n"
    "name: Everolimus\n"
    "brand_names: [Afinitor]\n"
    "kind: targeted\n"
    "how_it_works: [It stops mTOR., {p: It slows growth.}]\n"
    "how_you_have_it: You swallow a tablet.\n"
    "side_effects: [tiredness, mouth sores]\n";

static const char fixture_tumour[] =
    "id: pancreatic-net\n"
    "name: pancreatic neuroendocrine tumour (NET)\n"
    "group: NET\n";

static const char fixture_template[] =
    "id: drugs\n"
    "title: \"Drugs for {tumour.name}\"\n"
    "publisher: Example Charity\n"
    "editions:\n"
    "  - tumour: pancreatic-net\n"
    "    drugs: [sunitinib, everolimus]\n"
    "review:\n"
    "  last_reviewed: 2025-02-26\n"
    "  next_review: 2028-02-26\n"
    "contact:\n"
    "  text: Nurses\n"
    "  phone: \"0808 800 4040\"\n"
    "body:\n"
    "  - p: Drugs help the {immune system}.\n"
    "  - h2: Your drugs\n"
    "  - drugs: edition\n"
    "  - include: coping\n"
    "references:\n"
    "  - title: A paper\n"
    "    authors: A. Author\n";

static const char fixture_fragment[] =
    "id: coping\n"
    "body:\n"
    "  - h2: Coping\n"
    "  - Ask your nurse.\n";

static const char fixture_glossary[] =
    "immune system: The body's defence against infection.\n"
    "digestive system: The organs that turn food into energy.\n";

static const char fixture_format[] =
    "name: standard\n"
    "paper: A4\n"
    "body_size: 12\n"
    "line_spacing: 1.4\n"
    "margins: [20, 25, 20, 25]\n"
    "headings: [1.75, 1.4, 1.2, 1.1]\n"
    "paragraph_space: 1.0\n"
    "list_indent: 1.5\n"
    "footer_size: 1.0\n"
    "rule_width: 1.5\n"
    "colours: {text: \"#000000\", link: \"#0B4F9C\", callout_border: \"#000000\", callout_fill: \"#FFFFFF\"}\n"
    "print_urls: true\n"
    "fonts:\n"
    "  regular: fonts/AtkinsonHyperlegible-Regular.ttf\n"
    "  bold: fonts/AtkinsonHyperlegible-Bold.ttf\n"
    "  fallback_regular: /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf\n"
    "  fallback_bold: /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf\n";

/* 'write_fixture()' - The valid folder, in a new temporary directory. */
static inline void write_fixture_files(const char *dir) {
  tu_write(dir, "drugs/sunitinib.yaml", fixture_drug);
  tu_write(dir, "drugs/everolimus.yaml", fixture_drug2);
  tu_write(dir, "tumours/pancreatic-net.yaml", fixture_tumour);
  tu_write(dir, "leaflets/drugs.yaml", fixture_template);
  tu_write(dir, "fragments/coping.yaml", fixture_fragment);
  tu_write(dir, "glossary.yaml", fixture_glossary);
  tu_write(dir, "styles/standard.yaml", fixture_format);
}

/* 'write_fixture()' - The fixture's files in a new temporary folder. */
static inline char *write_fixture(void) {
  char *dir = tu_tempdir();
  if (dir)
    write_fixture_files(dir);
  return dir;
}

/* 'replace_in()' - Text with the first 'from' replaced by 'to' (static buffer). */
static inline const char *replace_in(const char *text, const char *from, const char *to) {
  static char buf[8192];
  const char *at = strstr(text, from);
  if (!at)
    return text;
  snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
  return buf;
}

/* What a model or resolver test works with: the folder, an arena, the
 * diagnostics, the loaded content and a buffer for their text. */
typedef struct content_fixture {
  char *dir;
  lf_arena *arena;
  lf_diags diags;
  lf_content *content;
  char text[16384];
} content_fixture;

/* 'content_setup()' - A fresh copy of the fixture folder, an arena, no diagnostics. */
static inline int content_setup(void **state) {
  content_fixture *f = calloc(1, sizeof *f);
  if (!f)
    return -1;
  f->dir = write_fixture();
  f->arena = lf_arena_new(0);
  lf_diags_init(&f->diags);
  *state = f;
  return f->dir ? 0 : -1;
}

/* 'content_teardown()' - Remove the folder and free everything. */
static inline int content_teardown(void **state) {
  content_fixture *f = *state;
  tu_rmtree(f->dir);
  lf_diags_free(&f->diags);
  lf_arena_free(f->arena);
  free(f);
  return 0;
}

#endif
