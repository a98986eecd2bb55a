/*
 * test_letter.c -- covering letters: templates loaded from the letters folder
 * and filled with a request's values (lf_letters_load, lf_letter_fill), and
 * typeset for a window envelope (lf_layout_letter).  What a reader (and the
 * postal service) would see: the address inside the envelope window at
 * every body size and nothing else showing through it, the fields replaced
 * by the values as written (never read as markup), the paragraphs from
 * below the window and over further pages, and an address that cannot fit
 * the window an error that does not quote it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "leaflet/layout.h"
#include "leaflet/words.h"
#include "content_fixture.h"
#include "../../src/jobs/jobs_internal.h"

static const char *const font_paths[LF_FACE_COUNT] = {
    "fonts/AtkinsonHyperlegible-Regular.ttf", "fonts/AtkinsonHyperlegible-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"};

/* A template with every field, in the shape of content/letters/default.yaml. */
static const char letter_template[] =
    "id: default\n"
    "language: en-GB\n"
    "bookmark: Our letter to you\n"
    "window: {left: 20, top: 45, width: 85, height: 45, padding: 4}\n"
    "min_address_size: 10\n"
    "sender: [Patient Information Service, Cancer Information Centre]\n"
    "body:\n"
    "  - \"{date}\"\n"
    "  - \"Dear {name}\"\n"
    "  - \"Here is **{leaflet}** for {tumour}, in {format} ({size}).\"\n"
    "  - \"{tumour}\"\n"
    "  - \"Please quote {ref}.\"\n"
    "footer: \"Our reference: {ref}\"\n";

typedef struct fixture {
  char *dir;
  lf_arena *arena;
  lf_diags diags;
  lf_fontset fonts;
  lf_content *content;
  lf_letter_templates letters;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  *state = f;
  f->dir = write_fixture();
  f->arena = lf_arena_new(0);
  lf_diags_init(&f->diags);
  if (!f->dir || lf_fontset_load(&f->fonts, font_paths, &f->diags) != 0)
    return -1;
  tu_write(f->dir, "letters/default.yaml", letter_template);
  f->content = lf_content_load(f->arena, f->dir, &f->diags);
  if (!f->content || lf_letters_load(f->arena, f->dir, &f->letters, &f->diags) != 0)
    return -1;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  tu_rmtree(f->dir);
  lf_fontset_free(&f->fonts);
  lf_diags_free(&f->diags);
  lf_arena_free(f->arena);
  free(f);
  return 0;
}

/* The values of one request. */
static void values_of(const char *name, const char *tumour, const char *values[LF_FIELD_COUNT]) {
  values[LF_FIELD_NAME] = name;
  values[LF_FIELD_REF] = "R-0042";
  values[LF_FIELD_DATE] = "24 November 2026";
  values[LF_FIELD_LEAFLET] = "Drugs for NETs";
  values[LF_FIELD_TUMOUR] = tumour;
  values[LF_FIELD_FORMAT] = "large print";
  values[LF_FIELD_SIZE] = "18 pt";
}

/* The standard format of the fixture at 'size' pt. */
static lf_format format_at(fixture *f, double size) {
  const lf_format *standard = lf_content_format(f->content, "standard");
  assert_non_null(standard);
  return size == standard->body_size ? *standard : lf_format_scaled(f->arena, standard, size);
}

/* 'laid_out()' - 'letter' to Ann Example's three-line address, laid out
 * at 12 pt. */
static lf_display *laid_out(fixture *f, lf_letter *letter) {
  static const char *const address[] = {"Ann Example", "1 Road", "NT1 2AB"};
  letter->address = address;
  letter->address_count = 3;
  lf_format s = format_at(f, 12);
  lf_display *d = lf_layout_letter(f->arena, letter, &s, &f->fonts, &f->diags);
  assert_non_null(d);
  return d;
}

/* A filled letter with 'address' (count lines) and the default template. */
static lf_letter make_letter(fixture *f, const char *name, const char *const *address,
                             size_t count) {
  const lf_letter_template *t = lf_letters_for(&f->letters, "drugs");
  assert_non_null(t);
  const char *values[LF_FIELD_COUNT];
  values_of(name, "pancreatic NET", values);
  lf_letter letter;
  assert_int_equal(lf_letter_fill(f->arena, t, values, NULL, &letter), 0);
  letter.address = address;
  letter.address_count = count;
  letter.title = "Drugs for NETs";
  return letter;
}

/* A letter from the template 'text' (written as letters/default.yaml),
 * filled for Ann, with a three-line address. */
static lf_letter letter_from(fixture *f, const char *text) {
  tu_write(f->dir, "letters/default.yaml", text);
  lf_letter_templates letters;
  assert_int_equal(lf_letters_load(f->arena, f->dir, &letters, &f->diags), 0);
  const char *values[LF_FIELD_COUNT];
  values_of("Ann", "", values);
  lf_letter letter;
  assert_int_equal(lf_letter_fill(f->arena, lf_letters_for(&letters, "drugs"), values, NULL, &letter),
                   0);
  static const char *const address[] = {"Ann Example", "1 Road", "NT1 2AB"};
  letter.address = address;
  letter.address_count = 3;
  return letter;
}

/* Whether element 'el' is an address line (a P in the Div "Address"). */
static int in_address(const lf_display *d, int el) {
  if (el < 0)
    return 0;
  int up = d->elements[el].parent;
  return up >= 0 && d->elements[up].type == LF_EL_DIV && d->elements[up].role &&
         strcmp(d->elements[up].role, "Address") == 0;
}

/* The text of every item of page 'page' whose element passes 'want' (or
 * all text when 'want' is NULL), run together. */
static const char *page_text(const lf_display *d, size_t page,
                             int (*want)(const lf_display *, int), char *buf, size_t size) {
  size_t n = 0;
  buf[0] = 0;
  for (size_t i = 0; i < d->pages[page].count; i++) {
    const lf_item *it = &d->pages[page].items[i];
    if (it->kind != LF_ITEM_TEXT || (want && !want(d, it->element)))
      continue;
    if (n + it->len + 2 >= size)
      break;
    memcpy(buf + n, it->text, it->len);
    n += it->len;
    buf[n] = 0;
  }
  return buf;
}

/* The window's inside (padding taken off), in PDF coordinates. */
typedef struct box {
  double left, right, bottom, top;
} box;

static box window_inside(const lf_letter *l, const lf_format *s) {
  const lf_window *w = &l->window;
  return (box){w->left + w->padding, w->left + w->width - w->padding,
               s->page_height - w->top - w->height + w->padding,
               s->page_height - w->top - w->padding};
}

/*
 * 'test_address_inside_window_at_every_size()' - From 12 to 48 pt the
 * address lines, in order, lie wholly inside the window's padding; they
 * are at the body size where that fits and never below the template's
 * 10 pt; no other text of the page reaches into the window; the letter
 * starts below the window.
 */
static void test_address_inside_window_at_every_size(void **state) {
  fixture *f = *state;
  static const char *const address[] = {"Ms Ann Example", "Flat 3, Harbour View House",
                                        "12 Station Road", "Newtown", "NT1 2AB"};
  const lf_font *regular = f->fonts.face[LF_FACE_REGULAR];
  double ascent = lf_font_ascent(regular) / 1000.0, descent = -lf_font_descent(regular) / 1000.0;
  int smaller = 0;
  for (double size = 12; size <= 48; size += 3) {
    lf_format s = format_at(f, size);
    lf_letter letter = make_letter(f, "Ms Ann Example", address, 5);
    lf_display *d = lf_layout_letter(f->arena, &letter, &s, &f->fonts, &f->diags);
    assert_non_null(d);
    box in = window_inside(&letter, &s);
    box whole = {letter.window.left, letter.window.left + letter.window.width,
                 s.page_height - letter.window.top - letter.window.height,
                 s.page_height - letter.window.top};
    size_t line = 0;
    double last_y = 1e9, address_size = 0, highest_flow = -1;
    for (size_t i = 0; i < d->pages[0].count; i++) {
      const lf_item *it = &d->pages[0].items[i];
      if (it->kind != LF_ITEM_TEXT)
        continue;
      double top = it->y + ascent * it->size, bottom = it->y - descent * it->size;
      if (in_address(d, it->element)) {
        if (it->y < last_y - 1e-9) { /* a new line: the next address line */
          assert_true(line < 5);
          assert_true(it->x == in.left);
          assert_memory_equal(it->text, address[line], it->len);
          line++;
          last_y = it->y;
        }
        if (it->x < in.left - 1e-6 || it->x + it->w > in.right + 1e-6 ||
            bottom < in.bottom - 1e-6 || top > in.top + 1e-6)
          fail_msg("%g pt: address text '%.*s' leaves the window", size, (int)it->len, it->text);
        address_size = it->size;
        continue;
      }
      /* nothing else shows through the window */
      if (it->x < whole.right && it->x + it->w > whole.left && bottom < whole.top &&
          top > whole.bottom)
        fail_msg("%g pt: '%.*s' is in the window", size, (int)it->len, it->text);
      if (it->element >= 0 && it->x < whole.right && top > highest_flow)
        highest_flow = top;
    }
    assert_int_equal(line, 5);
    assert_true(address_size >= 10 && address_size <= size);
    if (address_size < size)
      smaller = 1;
    else
      assert_float_equal(address_size, size, 1e-9);
    /* the paragraphs begin below it; from 36 pt the page may hold too few
     * lines under it for the first paragraph, which then starts page 2
     * rather than leave a line alone */
    assert_true(highest_flow < whole.bottom);
    assert_true(highest_flow > 0 || size >= 36);
  }
  assert_int_equal(f->diags.errors, 0);
  /* at 12 pt the address fits at the body size; somewhere up to 48 pt it
   * had to be set smaller */
  assert_true(smaller);
}

/*
 * 'test_fields_substituted()' - Each {field} is replaced by its value, as
 * written: a name holding markup characters is printed as it is; a
 * paragraph that is only an empty field is left out; the footer carries
 * the ref on every page.
 */
static void test_fields_substituted(void **state) {
  fixture *f = *state;
  const lf_letter_template *t = lf_letters_for(&f->letters, "drugs");
  assert_non_null(t);
  assert_int_equal(t->body_count, 5);
  const char *name = "Ann **Bold** {name} [x](https://e.org) O'Neil";
  const char *values[LF_FIELD_COUNT];
  values_of(name, "", values);
  lf_letter letter;
  assert_int_equal(lf_letter_fill(f->arena, t, values, NULL, &letter), 0);
  assert_int_equal(letter.body_count, 4); /* "{tumour}" alone, empty: left out */
  assert_string_equal(lf_inline_plain(f->arena, &letter.body[0]), "24 November 2026");
  assert_string_equal(lf_inline_plain(f->arena, &letter.body[1]),
                      "Dear Ann **Bold** {name} [x](https://e.org) O'Neil");
  assert_string_equal(lf_inline_plain(f->arena, &letter.body[2]),
                      "Here is Drugs for NETs for , in large print (18 pt).");
  assert_string_equal(lf_inline_plain(f->arena, &letter.body[3]), "Please quote R-0042.");
  assert_string_equal(letter.footer, "Our reference: R-0042");
  /* the value is plain text: no run of the name is a link or strong */
  for (size_t i = 0; i < letter.body[1].count; i++)
    assert_int_equal(letter.body[1].runs[i].style & (LF_RUN_LINK | LF_RUN_STRONG), 0);
  /* the template's own markup stays: {leaflet} is in **...** */
  int strong = 0;
  for (size_t i = 0; i < letter.body[2].count; i++)
    if ((letter.body[2].runs[i].style & LF_RUN_STRONG) &&
        strncmp(letter.body[2].runs[i].text, "Drugs for NETs", letter.body[2].runs[i].len) == 0)
      strong = 1;
  assert_true(strong);
  assert_string_equal(letter.sender[0].runs[0].text, "Patient Information Service");

  lf_display *d = laid_out(f, &letter);
  char text[8192];
  page_text(d, 0, NULL, text, sizeof text);
  assert_true(tu_has(text, "Dear Ann **Bold** {name} [x](https://e.org) O'Neil"));
  assert_true(tu_has(text, "Our reference: R-0042"));
  assert_true(tu_has(text, "Page 1 of 1"));
  assert_null(strstr(text, "{ref}"));
  assert_null(strstr(text, "{date}"));
  assert_int_equal(d->outline_count, 1);
  assert_string_equal(d->outline[0].title, "Our letter to you");

  /* in the letter's language's words, where the content has them */
  lf_words welsh = *lf_words_english();
  welsh.language = "cy";
  welsh.text[LF_WORD_PAGE] = "Tudalen {page} o {pages}";
  letter.words = &welsh;
  d = laid_out(f, &letter);
  page_text(d, 0, NULL, text, sizeof text);
  assert_true(tu_has(text, "Tudalen 1 o 1"));
  assert_null(strstr(text, "Page 1 of 1"));
}

/*
 * 'test_title_in_its_own_language()' - A leaflet's title in another
 * language than the letter's is a run in that language, and a Span with
 * its /Lang around its words (a screen reader spoke a Polish title with
 * an English voice); a title in the letter's own language is not marked.
 */
static void test_title_in_its_own_language(void **state) {
  fixture *f = *state;
  const lf_letter_template *t = lf_letters_for(&f->letters, "drugs");
  const char *values[LF_FIELD_COUNT];
  values_of("Ann", "", values);
  values[LF_FIELD_LEAFLET] = "Leki celowane";
  const char *langs[LF_FIELD_COUNT] = {0};
  langs[LF_FIELD_LEAFLET] = "pl";
  lf_letter letter;
  assert_int_equal(lf_letter_fill(f->arena, t, values, langs, &letter), 0);
  const lf_run *title = NULL;
  for (size_t i = 0; i < letter.body_count; i++)
    for (size_t k = 0; k < letter.body[i].count; k++) {
      const lf_run *r = &letter.body[i].runs[k];
      if (r->len == 13 && memcmp(r->text, "Leki celowane", 13) == 0)
        title = r;
      else
        assert_null(r->lang); /* the letter's own words are the letter's */
    }
  assert_non_null(title);
  assert_string_equal(title->lang, "pl");
  lf_display *d = laid_out(f, &letter);
  int spans = 0;
  for (size_t p = 0; p < d->page_count; p++)
    for (size_t i = 0; i < d->pages[p].count; i++) {
      const lf_item *it = &d->pages[p].items[i];
      if (it->kind != LF_ITEM_TEXT || it->element < 0)
        continue;
      const lf_element *el = &d->elements[it->element];
      int is_title = it->len >= 4 && memcmp(it->text, "Leki", 4) == 0;
      if (el->type == LF_EL_SPAN) {
        assert_true(is_title || (it->len >= 8 && memcmp(it->text, "celowane", 8) == 0));
        assert_string_equal(el->lang, "pl");
        assert_int_equal(d->elements[el->parent].type, LF_EL_P);
        spans++;
      } else {
        assert_false(is_title);
      }
    }
  assert_true(spans >= 1);

  /* the letter's own language, whatever its region: nothing to mark (an
   * "en" leaflet in the "en-GB" letter was brailled uncontracted) */
  static const char *const same[] = {"EN-gb", "en", "en-US"};
  for (size_t n = 0; n < 3; n++) {
    langs[LF_FIELD_LEAFLET] = same[n];
    assert_int_equal(lf_letter_fill(f->arena, t, values, langs, &letter), 0);
    for (size_t i = 0; i < letter.body_count; i++)
      for (size_t k = 0; k < letter.body[i].count; k++)
        assert_null(letter.body[i].runs[k].lang);
  }
}

/*
 * 'test_long_letter_flows_over_pages()' - Paragraphs that do not fit the
 * first page go on to the next, each page with its footer; no page holds a
 * single line of a paragraph that goes on or began elsewhere.
 */
static void test_long_letter_flows_over_pages(void **state) {
  fixture *f = *state;
  /* long paragraphs, then paragraphs of one to four sentences (two to
   * four lines at large sizes: three lines with room for two at a page's
   * foot went one and two, the first line alone) */
  char body[16384] = "id: default\nsender: [Patient Information Service, Cancer "
                     "Information Centre]\nbody:\n";
  for (int p = 0; p < 14; p++) {
    strcat(body, "  - \"Paragraph");
    for (int w = 0; w < (p < 4 ? 9 : 1 + p % 4); w++)
      strcat(body, " Tell your doctor or nurse about any side effects you have.");
    strcat(body, "\"\n");
  }
  lf_letter letter = letter_from(f, body);
  static const double sizes[] = {18, 24, 30, 36, 42, 48};
  for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
    lf_format s = format_at(f, sizes[k]);
    lf_display *d = lf_layout_letter(f->arena, &letter, &s, &f->fonts, &f->diags);
    assert_non_null(d);
    assert_true(d->page_count >= 3);
    for (size_t p = 0; p < d->page_count; p++) {
      char text[16384], want[32];
      page_text(d, p, NULL, text, sizeof text);
      snprintf(want, sizeof want, "Page %zu of %zu", p + 1, d->page_count);
      assert_true(tu_has(text, want));
      /* lines of each paragraph on this page: never exactly one when the
       * paragraph also has lines on another page */
      for (size_t e = 0; e < d->element_count; e++) {
        if (d->elements[e].type != LF_EL_P || in_address(d, (int)e))
          continue;
        size_t here = 0, elsewhere = 0;
        for (size_t q = 0; q < d->page_count; q++) {
          double last = 1e9;
          for (size_t i = 0; i < d->pages[q].count; i++) {
            const lf_item *it = &d->pages[q].items[i];
            if (it->kind == LF_ITEM_TEXT && it->element == (int)e && it->y < last) {
              last = it->y;
              *(q == p ? &here : &elsewhere) += 1;
            }
          }
        }
        if (here == 1 && elsewhere > 0)
          fail_msg("%g pt: page %zu holds one line of a paragraph split over pages", sizes[k],
                   p + 1);
      }
    }
  }
}

/* The page holding the first line of the letter paragraph whose text
 * starts with 'start'; -1 when none. */
static long page_of(const lf_display *d, const char *start) {
  for (size_t p = 0; p < d->page_count; p++)
    for (size_t i = 0; i < d->pages[p].count; i++) {
      const lf_item *it = &d->pages[p].items[i];
      if (it->kind == LF_ITEM_TEXT && it->len >= strlen(start) &&
          memcmp(it->text, start, strlen(start)) == 0)
        return (long)p;
    }
  return -1;
}

/*
 * 'test_closing_goes_over_with_the_name()' - A line of its own is not left
 * at a page's foot when what it leads to goes on the next page: "Yours
 * sincerely" is on the page of the name under it, "Dear Ann" on the page
 * of the letter's first lines, at every size and wherever the page breaks
 * fall (filler paragraphs of one to eight sentences before the closing);
 * and the closing does not start a page: the last lines of the paragraph
 * before it go over with it.
 */
static void test_closing_goes_over_with_the_name(void **state) {
  fixture *f = *state;
  size_t apart = 0; /* layouts whose closing would fall at a page's foot */
  for (int filler = 1; filler <= 16; filler++) {
    /* from 9 on, a salutation of two or three lines at a large size (it was
     * left at the foot of a page, the letter's first lines overleaf) */
    char body[8192];
    snprintf(body, sizeof body, "id: default\nsender: [Patient Information Service]\nbody:\n"
             "  - \"Dear %s\"\n"
             "  - \"Thank you for asking for our information. Here it is.\"\n",
             filler > 8 ? "Mr Siddharth Venkataraman-Chakraborty" : "{name}");
    for (int k = 0; k < 3; k++) {
      strcat(body, "  - \"Filler");
      for (int w = 0; w < (filler - 1) % 8 + 1; w++)
        strcat(body, " Tell your doctor or nurse about any side effects you have.");
      strcat(body, "\"\n");
    }
    strcat(body, "  - \"Yours sincerely\"\n  - \"The Patient Information Service\"\n"
                 "  - \"You can ask for this information in another language or format.\"\n");
    lf_letter letter = letter_from(f, body);
    for (double size = 18; size <= 48; size += 2) {
      lf_format s = format_at(f, size);
      lf_display *d = lf_layout_letter(f->arena, &letter, &s, &f->fonts, &f->diags);
      assert_non_null(d);
      long closing = page_of(d, "Yours sincerely"), name = page_of(d, "The Patient");
      long dear = page_of(d, "Dear "), first = page_of(d, "Thank you");
      assert_true(closing >= 0 && name >= 0 && dear >= 0 && first >= 0);
      if (closing != name || dear != first)
        fail_msg("%g pt, filler %d: 'Yours sincerely' on page %ld, the name on %ld; "
                 "'Dear Ann' on %ld, the first lines on %ld", size, filler, closing + 1,
                 name + 1, dear + 1, first + 1);
      /* nor does the closing start its page: where it went over, the
       * last lines of the paragraph before went with it (a page began
       * "Yours sincerely", the page before ending with space to spare) */
      const lf_page *pg = &d->pages[closing];
      for (size_t i = 0; i < pg->count; i++)
        if (pg->items[i].kind == LF_ITEM_TEXT && pg->items[i].element >= 0) {
          if (memcmp(pg->items[i].text, "Yours", 5) == 0)
            fail_msg("%g pt, filler %d: page %ld starts with 'Yours sincerely'", size, filler,
                     closing + 1);
          apart += closing > 0 && memcmp(pg->items[i].text, "Filler", 6) != 0 &&
                   page_of(d, "Filler") < closing;
          break;
        }
    }
  }
  assert_true(apart > 0); /* the rule was needed somewhere */
}

/*
 * 'test_opening_parted_where_it_does_not_fit()' - A letter opening with
 * its date, reference and salutation, at every size from 18 to 48 pt:
 * where the three with the first lines do not fit under the address and
 * letterhead, the date and reference stay on the first page when they fit
 * (it held the address alone, the date overleaf), and the salutation is
 * always on the page of the first lines.  A short first paragraph after
 * "Dear Ann" is not taken for a salutation: only paragraphs giving {date}
 * or {ref} stay behind.
 */
static void test_opening_parted_where_it_does_not_fit(void **state) {
  fixture *f = *state;
  size_t parted = 0;
  for (int short_first = 0; short_first <= 1; short_first++) {
    char text[2048];
    snprintf(text, sizeof text,
             "id: default\nsender: [Patient Information Service, Cancer Information Centre]\n"
             "body:\n  - \"{date}\"\n  - \"Our reference: {ref}\"\n  - \"Dear {name}\"\n"
             "  - \"%s\"\n  - \"Tell your doctor or nurse about any side effects you have. "
             "We are happy to help you with any question about it.\"\n",
             short_first ? "Thank you. Here it is."
                         : "Thank you for asking for our information. With this letter is our "
                           "leaflet, in the size you asked for.");
    lf_letter letter = letter_from(f, text);
    assert_int_equal(letter.dated, 2);
    for (double size = 18; size <= 48; size += 2) {
      lf_format s = format_at(f, size);
      lf_display *d = lf_layout_letter(f->arena, &letter, &s, &f->fonts, &f->diags);
      assert_non_null(d);
      long date = page_of(d, "24 November"), ref = page_of(d, "Our reference");
      long dear = page_of(d, "Dear "), first = page_of(d, "Thank you");
      assert_true(date >= 0 && ref >= 0 && dear >= 0 && first >= 0);
      if (dear != first || date != ref)
        fail_msg("%g pt: date on page %ld, reference %ld, 'Dear' %ld, first lines %ld", size,
                 date + 1, ref + 1, dear + 1, first + 1);
      parted += date == 0 && dear == 1;
    }
  }
  assert_true(parted > 0); /* the opening was parted somewhere */
}

/*
 * 'test_address_too_long()' - An address line too wide for the window even
 * at the smallest size allowed, or too many lines for its height, is an
 * error (no letter) that says so without quoting the address.  An address
 * that fits at 12 pt but not at 48 pt when it may not be set smaller is an
 * error at 48 pt only.
 */
static void test_address_too_long(void **state) {
  fixture *f = *state;
  lf_format s = format_at(f, 12);
  static const char *const wide[] = {
      "Ms Ann Example", "The Old Rectory Residential Care Home for the Elderly, Church Lane",
      "NT1 2AB"};
  lf_letter letter = make_letter(f, "Ms Ann Example", wide, 3);
  lf_diags diags;
  lf_diags_init(&diags);
  assert_null(lf_layout_letter(f->arena, &letter, &s, &f->fonts, &diags));
  assert_int_equal(diags.errors, 1);
  assert_string_equal(diags.items[0].message,
                      "the address does not fit the envelope window, even at 10 pt (expected "
                      "shorter lines, or fewer of them)");
  lf_diags_free(&diags);

  static const char *const tall[] = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J"};
  letter = make_letter(f, "A", tall, 9);
  lf_diags_init(&diags);
  assert_null(lf_layout_letter(f->arena, &letter, &s, &f->fonts, &diags));
  assert_int_equal(diags.errors, 1);
  assert_non_null(strstr(diags.items[0].message, "does not fit the envelope window"));
  lf_diags_free(&diags);
  /* eight lines fit at 10 pt in the 37 mm inside the window (one line's
   * ascent and descent, then 12 pt a line) */
  letter = make_letter(f, "A", tall, 8);
  lf_diags_init(&diags);
  assert_non_null(lf_layout_letter(f->arena, &letter, &s, &f->fonts, &diags));
  assert_int_equal(diags.errors, 0);
  lf_diags_free(&diags);

  static const char *const usual[] = {"Ms Ann Example", "12 Station Road", "Newtown", "NT1 2AB"};
  letter = make_letter(f, "Ms Ann Example", usual, 4);
  letter.min_address_size = 48;
  lf_format giant = format_at(f, 48);
  lf_diags_init(&diags);
  assert_null(lf_layout_letter(f->arena, &letter, &giant, &f->fonts, &diags));
  assert_int_equal(diags.errors, 1);
  assert_non_null(strstr(diags.items[0].message, "even at 48 pt"));
  for (size_t i = 0; i < 4; i++)
    assert_null(strstr(diags.items[0].message, usual[i]));
  lf_diags_free(&diags);
  letter.min_address_size = 10;
  lf_diags_init(&diags);
  assert_non_null(lf_layout_letter(f->arena, &letter, &giant, &f->fonts, &diags));
  lf_diags_free(&diags);
}

/*
 * 'test_no_address_or_window_off_page()' - A letter without an address, and
 * a window that runs off the page, are errors.
 */
static void test_no_address_or_window_off_page(void **state) {
  fixture *f = *state;
  lf_format s = format_at(f, 12);
  lf_letter letter = make_letter(f, "Ann", NULL, 0);
  lf_diags diags;
  lf_diags_init(&diags);
  assert_null(lf_layout_letter(f->arena, &letter, &s, &f->fonts, &diags));
  assert_string_equal(diags.items[0].message, "the letter has no address");
  lf_diags_free(&diags);

  static const char *const address[] = {"Ann", "1 Road", "NT1 2AB"};
  letter = make_letter(f, "Ann", address, 3);
  letter.window.left = 150 * 72 / 25.4; /* 150 + 85 mm: past the A4 page's 210 mm */
  lf_diags_init(&diags);
  assert_null(lf_layout_letter(f->arena, &letter, &s, &f->fonts, &diags));
  assert_non_null(strstr(diags.items[0].message, "the envelope window (85 x 45 mm at 150 mm "
                                                 "from the left, 45 mm from the top) is not "
                                                 "inside the page"));
  lf_diags_free(&diags);
}

/*
 * 'test_templates_loaded_and_checked()' - A leaflet's own template wins
 * over the default; a field that does not exist, an unknown key and a
 * window with no room inside are errors at their place; so is a template
 * file named .yml.
 */
static void test_templates_loaded_and_checked(void **state) {
  fixture *f = *state;
  tu_write(f->dir, "letters/drugs.yaml", "id: drugs\nbody: [\"Hello {name}\"]\n");
  lf_letter_templates letters;
  assert_int_equal(lf_letters_load(f->arena, f->dir, &letters, &f->diags), 0);
  assert_int_equal(letters.count, 2);
  assert_string_equal(lf_letters_for(&letters, "drugs")->id, "drugs");
  assert_string_equal(lf_letters_for(&letters, "other")->id, "default");
  /* the defaults: a C5/DL window 20 mm from the left, 45 mm down */
  const lf_letter_template *own = lf_letters_for(&letters, "drugs");
  assert_float_equal(own->window.left, 20 * 72 / 25.4, 1e-9);
  assert_float_equal(own->window.top, 45 * 72 / 25.4, 1e-9);
  assert_float_equal(own->min_address_size, 10, 1e-9);

  tu_write(f->dir, "letters/drugs.yaml",
           "id: drugs\nbody: [\"Hello {nmae}\"]\nwindw: {}\n"
           "window: {left: 20, top: 45, width: 20, height: 45, padding: 10}\n");
  lf_diags diags;
  lf_diags_init(&diags);
  assert_int_equal(lf_letters_load(f->arena, f->dir, &letters, &diags), -1);
  char text[4096];
  tu_diags_text(&diags, text, sizeof text);
  assert_true(tu_has(text, "letters/drugs.yaml:2:15: error: no field '{nmae}' in a letter "
                           "(did you mean '{name}'?)"));
  assert_true(tu_has(text, "letters/drugs.yaml:3:1: error: unknown key 'windw' in a letter "
                           "(did you mean 'window'?)"));
  assert_true(tu_has(text, "letters/drugs.yaml:4:9: error: the window's padding leaves no "
                           "room for the address"));
  lf_diags_free(&diags);
  assert_null(lf_letters_for(&(lf_letter_templates){0}, "drugs"));
  /* a template named .yml is refused by name, not passed over */
  tu_write(f->dir, "letters/drugs.yaml", "id: drugs\nbody: [\"Hello {name}\"]\n");
  tu_write(f->dir, "letters/other.yml", "id: other\nbody: [\"Hello {name}\"]\n");
  lf_diags_init(&diags);
  assert_int_equal(lf_letters_load(f->arena, f->dir, &letters, &diags), -1);
  tu_diags_text(&diags, text, sizeof text);
  assert_true(tu_has(text, "letters/other.yml:1:1: error: this file is not read: content files "
                           "end in .yaml (expected other.yaml)"));
  lf_diags_free(&diags);
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
  const struct CMUnitTest tests[] = {
      T(test_address_inside_window_at_every_size), T(test_fields_substituted), T(test_title_in_its_own_language),
      T(test_long_letter_flows_over_pages),        T(test_address_too_long),
      T(test_closing_goes_over_with_the_name), T(test_opening_parted_where_it_does_not_fit),
      T(test_no_address_or_window_off_page),       T(test_templates_loaded_and_checked),
  };
  return cmocka_run_group_tests_name("letter", tests, NULL, NULL);
}
