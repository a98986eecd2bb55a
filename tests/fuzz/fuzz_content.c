/*
 * fuzz_content.c -- arbitrary bytes as one file of a real content folder,
 * through the whole pipeline: the content model, `leaflet check`, the
 * resolver, the layout (page by page or as a booklet) and the PDF, in
 * memory.
 *
 * The content folder is tests/fuzz/content (a copy of the real content,
 * kept here so that the corpus means the same whatever happens to
 * content/), copied once into a temporary folder.  The input's first byte
 * picks the file it replaces (modulo the number of files) and, with what is
 * left of it, the print format, booklet or not, and overdue or not; the
 * rest is the file's new text.  After the run the file is put back.
 *
 * Invariants checked besides memory safety: every stage that fails has
 * reported an error and no stage that succeeds has; every character drawn
 * is one the face it is drawn in has (never a silent empty box); text lies
 * on the page; the PDF starts and ends as a PDF does; diagnostics are well
 * formed (harness.h).
 */
#include <errno.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

#include "leaflet/arena.h"
#include "leaflet/check.h"
#include "leaflet/document.h"
#include "leaflet/layout.h"
#include "leaflet/model.h"
#include "leaflet/pdf.h"
#include "leaflet/utf8.h"

/* The files of tests/fuzz/content, in a fixed order: the slot numbers the
 * corpus uses. */
static const char *const slots[] = {
    "drugs/atezolizumab.yaml",        "drugs/durvalumab.yaml",
    "drugs/everolimus.yaml",          "drugs/sunitinib.yaml",
    "fragments/contact.yaml",         "fragments/coping.yaml",
    "fragments/research.yaml",        "fragments/side-effects.yaml",
    "glossary.yaml",                  "leaflets/net-drugs-overview.yaml",
    "leaflets/net-drugs.yaml",        "styles/giant.yaml",
    "styles/large.yaml",              "styles/standard.yaml",
    "tumours/digestive-net.yaml",     "tumours/lung-nec.yaml",
    "tumours/lung-net.yaml",          "tumours/pancreatic-net.yaml"};
enum { SLOT_COUNT = sizeof slots / sizeof *slots };

static const char *const formats[] = {"standard", "large", "giant"};

static lf_fontset fonts;
static char folder[256];                 /* the temporary content folder */
static char *pristine[SLOT_COUNT];       /* each file's own text */
static size_t pristine_len[SLOT_COUNT];

/*
 * 'read_whole()' - A file's bytes, malloc'd.
 */
static char *read_whole(const char *path, size_t *len) {
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return NULL;
  char *buf = NULL;
  size_t cap = 0, used = 0, got;
  do {
    if (used == cap) {
      cap = cap ? cap * 2 : 4096;
      char *grown = realloc(buf, cap);
      if (!grown) {
        free(buf);
        fclose(fp);
        return NULL;
      }
      buf = grown;
    }
    got = fread(buf + used, 1, cap - used, fp);
    used += got;
  } while (got > 0);
  fclose(fp);
  *len = used;
  return buf;
}

/*
 * 'write_slot()' - Put 'len' bytes in the temporary copy of slot 'i'.
 */
static void write_slot(size_t i, const void *data, size_t len) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", folder, slots[i]);
  FILE *fp = fopen(path, "wb");
  if (!fp || (len && fwrite(data, 1, len, fp) != len) || fclose(fp) != 0)
    fz_die("cannot write the temporary content", path);
}

/*
 * 'remove_folder()' - Remove the temporary folder at exit.
 */
static void remove_folder(void) {
  for (size_t i = 0; i < SLOT_COUNT; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", folder, slots[i]);
    unlink(path);
  }
  const char *subs[] = {"drugs", "fragments", "leaflets", "styles", "tumours", ""};
  for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", folder, subs[i]);
    rmdir(path);
  }
  char *slash = strrchr(folder, '/');
  if (slash) {
    *slash = '\0';
    rmdir(folder);
  }
}

/*
 * 'LLVMFuzzerInitialize()' - Fonts, and the content copied to a temporary
 * folder (in /dev/shm when there is one: it is rewritten every run).
 */
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fz_load_fonts(&fonts);
  const char *tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
  snprintf(folder, sizeof folder, "%s/leaflet-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(folder))
    fz_die("cannot make a temporary folder", strerror(errno));
  strcat(folder, "/content");
  mkdir(folder, 0755);
  const char *subs[] = {"drugs", "fragments", "leaflets", "styles", "tumours"};
  for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", folder, subs[i]);
    mkdir(path, 0755);
  }
  for (size_t i = 0; i < SLOT_COUNT; i++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/fuzz/content/%s", fz_root(), slots[i]);
    pristine[i] = read_whole(path, &pristine_len[i]);
    if (!pristine[i])
      fz_die("cannot read the fuzz content", path);
    write_slot(i, pristine[i], pristine_len[i]);
  }
  atexit(remove_folder);
  return 0;
}

/*
 * 'check_display()' - Every character drawn is in the face that draws it,
 * and text lies on the page.
 */
static void check_display(const lf_display *d) {
  for (size_t p = 0; p < d->page_count; p++)
    for (size_t i = 0; i < d->pages[p].count; i++) {
      const lf_item *it = &d->pages[p].items[i];
      if (it->kind != LF_ITEM_TEXT || it->len == 0)
        continue;
      if (!(it->x >= -0.01 && it->x + it->w <= d->page_width + 0.01 && it->y >= -0.01 &&
            it->y <= d->page_height + 0.01))
        fz_die("text off the page", NULL);
      const lf_font *font = lf_fontset_face(d->fonts, it->face);
      const char *s = it->text, *end = it->text + it->len;
      while (s < end) {
        int32_t cp = lf_utf8_next(&s, end);
        if (cp < 0)
          fz_die("text that is not UTF-8 drawn", NULL);
        if (lf_font_glyph(font, (uint32_t)cp) == 0) {
          char buf[64];
          snprintf(buf, sizeof buf, "U+%04X", (unsigned)cp);
          fz_die("a character drawn in a face without it (an empty box)", buf);
        }
      }
    }
}

/*
 * 'looks_like_pdf()' - A PDF 1.7 header, and "%%EOF" near the end.
 */
static int looks_like_pdf(const unsigned char *pdf, size_t size) {
  if (size < 16 || memcmp(pdf, "%PDF-1.7", 8) != 0)
    return 0;
  for (size_t i = size - 16; i + 5 <= size; i++)
    if (memcmp(pdf + i, "%%EOF", 5) == 0)
      return 1;
  return 0;
}

/*
 * 'pick_leaflet()' - The leaflet the replaced file is, else the first.
 */
static const lf_leaflet *pick_leaflet(const lf_content *c, size_t slot) {
  for (size_t i = 0; i < c->leaflet_count; i++) {
    size_t n = strlen(c->leaflets[i].file), m = strlen(slots[slot]);
    if (n >= m && strcmp(c->leaflets[i].file + n - m, slots[slot]) == 0)
      return &c->leaflets[i];
  }
  return c->leaflet_count ? &c->leaflets[0] : NULL;
}

/*
 * 'render()' - One document of the content, to PDF bytes in memory.
 */
static void render(lf_arena *arena, const lf_content *c, size_t slot, unsigned flags,
                   size_t size) {
  const lf_leaflet *l = pick_leaflet(c, slot);
  const lf_format *format = lf_content_print_format(c, formats[(flags >> 2) % 3]);
  if (!l || !format)
    return;
  lf_diags diags;
  lf_diags_init(&diags);
  lf_document doc;
  size_t edition = l->edition_count ? size % l->edition_count : 0;
  int rc = lf_resolve_edition(arena, c, l, edition, &doc, &diags);
  if (rc != 0 && diags.errors == 0)
    fz_die("the resolver failed without an error", NULL);
  if (rc == 0) {
    doc.review_overdue = (flags & 2) != 0;
    lf_display *d = flags & 1 ? lf_layout_booklet(arena, &doc, format, &fonts, &diags)
                              : lf_layout_document(arena, &doc, format, &fonts, &diags);
    if (!d && diags.errors == 0)
      fz_die("the layout failed without an error", NULL);
    if (d && diags.errors != 0)
      fz_die("the layout succeeded with errors", NULL);
    if (d) {
      check_display(d);
      unsigned char *pdf = NULL;
      size_t pdf_size = 0;
      int written = lf_pdf_render(d, &pdf, &pdf_size, &diags);
      if (written != 0 && diags.errors == 0)
        fz_die("the PDF failed without an error", NULL);
      if (written == 0 && !looks_like_pdf(pdf, pdf_size))
        fz_die("the PDF does not look like one", NULL);
      free(pdf);
    }
  }
  fz_check_diags(&diags);
  lf_diags_free(&diags);
}

/*
 * 'LLVMFuzzerTestOneInput()' - Replace one file, load, check, render one
 * document, put the file back.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  size_t slot = data[0] % SLOT_COUNT;
  unsigned flags = data[0] / SLOT_COUNT;
  write_slot(slot, data + 1, size - 1);

  lf_arena *arena = lf_arena_new(128u << 20);
  lf_diags diags;
  lf_diags_init(&diags);
  const lf_content *c = arena ? lf_content_load(arena, folder, &diags) : NULL;
  if (arena && !c && diags.errors == 0)
    fz_die("the content failed to load without an error", NULL);
  fz_check_diags(&diags);
  if (c) {
    lf_diags checked;
    lf_diags_init(&checked);
    lf_check_content(arena, c, (lf_date){2026, 1, 1}, &checked);
    fz_check_diags(&checked);
    lf_diags_free(&checked);
    render(arena, c, slot, flags, size);
  }
  lf_diags_free(&diags);
  lf_arena_free(arena);
  write_slot(slot, pristine[slot], pristine_len[slot]);
  return 0;
}
