/*
 * vlist.h -- the vertical list: what blocks.c makes of a document and
 * pages.c breaks into pages.  Private to layout.
 *
 * A document becomes a run of items stacked down the page: text lines,
 * gaps, and the edges of callout boxes.  Each item says whether a page may
 * break just before it; that is how keep rules (headings with what follows,
 * no widows or orphans, unsplit callouts) reach the page breaker.
 */
#ifndef LEAFLET_VLIST_H
#define LEAFLET_VLIST_H

#include "leaflet/layout.h"
#include "leaflet/words.h"

typedef enum vitem_kind {
  VITEM_LINE,       /* a line of text */
  VITEM_GAP,        /* vertical space; dropped at the top of a page */
  VITEM_BOX_START,  /* the top edge (and padding) of a callout box */
  VITEM_BOX_END,    /* the bottom edge (and padding) of a callout box */
  VITEM_PAGE_BREAK, /* a break the author asked for */
  VITEM_ROW,        /* a table row, or a part of one taller than a page */
  VITEM_MARK        /* a mark drawn from the item's top down: a picture, a
                       QR code, a ruled line, an outline */
} vitem_kind;

typedef struct vrow vrow;

/* keep_before for a block kept with the next: the run gives way here
 * before a block is split (pages.c). */
enum { KEEP_SOFT = 2 };

/* A list item's bullet or number, on the item's first line.  A line that
 * starts items of lists inside one another (an item whose first block is
 * a list) carries the outer list's label first, then the inner's. */
typedef struct vlabel {
  const char *text;
  double x;             /* where the label starts, or ends when right */
  int right;            /* right to left: the label ends at x */
  lf_face face;
  int element;          /* Lbl element */
  const char *lang;     /* the list's language (its direction sets the
                           label: ".۱" in Persian), or NULL: the line's */
  const struct vlabel *next; /* the label of the list inside, or NULL */
} vlabel;

typedef struct vitem {
  vitem_kind kind;
  double height;        /* how far down the item takes the next one */
  int keep_before;      /* 1: no page break just before this item;
                           KEEP_SOFT: none unless the page has no other
                           place to break (a block kept with the next) */
  lf_pos pos;           /* where the block that made it is written (file
                           NULL: the document's own, such as its title) */
  /* VITEM_LINE */
  lf_line line;
  double x;             /* left edge of the text */
  int rtl;              /* the paragraph runs right to left */
  const char *lang;     /* its language (BCP 47), for the label too */
  double size;          /* pt */
  double baseline;      /* baseline below the item's top */
  unsigned colour;
  const int *run_elements; /* structure element of each run's text */
  const lf_inline *runs;   /* the runs, for link addresses */
  const vlabel *labels; /* bullets or numbers, outermost first, or NULL */
  int outline;          /* outline entry this line starts, or -1 */
  int heading;          /* a heading's line, or the gap under it: a page
                           that must be cut never ends just after it */
  double room_below;    /* room that must be free under it when it ends
                           its page (a write-in space's last line, clear
                           of the footer's rule); 0 for most */
  int continues;        /* the paragraph goes on on the next line */
  int change_bar;       /* a proof's changed block: a bar in the margin */
  /* VITEM_BOX_START / VITEM_BOX_END */
  int box;              /* index of the box */
  double box_x, box_w;  /* box edges */
  /* VITEM_ROW */
  const vrow *row;
  /* VITEM_MARK: the mark, its y (and y2) counted from the item's top
   * (negative: below it); a Figure's mark gives the Figure its BBox; NULL
   * for room that draws nothing */
  const lf_item *mark;
} vitem;

/* A table cell as set: its edges (its rules are drawn on them) and its
 * lines and gaps, stacked from the cell's top plus the row's padding. */
typedef struct vcell {
  double x, width;
  vitem *items;
  size_t count;
} vcell;

/* What a table's rows share. */
typedef struct vtable {
  double left, right;       /* its outer edges */
  size_t header_first;      /* vlist index of its first header row */
  size_t header_count;      /* header rows (0: none) */
  double header_height;     /* what they take at a page's head */
  double rule;              /* the width of its rules */
  unsigned colour;          /* and their colour */
} vtable;

/* A table row (VITEM_ROW), its height the item's. */
struct vrow {
  const vtable *table;
  vcell *cells;
  size_t count;
  int header;               /* a header row: drawn again, as an artifact, at
                               the head of each page the table goes on to */
  int filled;
  unsigned fill;            /* background colour when filled */
  double pad;               /* above the cells' contents */
  double pad_below;         /* under them */
  double bottom_rule;       /* width of the rule under it */
  int open_below;           /* a slice of a row taller than a page that the
                               next slice goes on from: its rule is drawn
                               only at a page's foot */
};

typedef struct vlist {
  vitem *items;
  size_t count, cap;
  size_t box_count;
  double footer_height;     /* the room the document's footer takes
                               (lf_footer_plan()), for the page breaker */
} vlist;

/*
 * 'lf_build_vlist()' - Lay a document's blocks out as a vertical list,
 * creating its structure elements and outline entries in 'display'.
 * Returns 0, or -1 after reporting errors.
 */
int lf_build_vlist(lf_arena *arena, const lf_document *doc, const lf_format *format,
                   const lf_fontset *fonts, lf_display *display, vlist *out,
                   lf_diags *diags);

/*
 * 'lf_break_pages()' - Break a vertical list into the pages of 'display',
 * adding footers.  Returns 0, or -1 after reporting errors.
 */
int lf_break_pages(lf_arena *arena, const lf_document *doc, const lf_format *format,
                   const lf_fontset *fonts, const vlist *vl, lf_display *display,
                   lf_diags *diags);

/*
 * 'lf_add_footers()' - The footer (title or short title, review date, "Page N of
 * M") on 'count' pages of 'display' from 'first', numbered from 'number'
 * of 'total'.  Returns 0, or -1 (reported).
 */
int lf_add_footers(lf_arena *arena, const lf_document *doc, const lf_format *format,
                   const lf_fontset *fonts, lf_display *display, size_t first, size_t count,
                   size_t number, size_t total, lf_diags *diags);

/*
 * 'lf_item_from_piece()' - Fill text item 'it' with piece 'pc' of a line:
 * its text, face, glyphs and direction, at baseline (x, y) (the piece's own
 * left edge), 'size' pt, in 'colour' (pages.c).
 */
void lf_item_from_piece(lf_item *it, const lf_piece *pc, double x, double y, double size,
                        unsigned colour);

/* How a document's footer is set (footer.c): the same on every page. */
typedef struct lf_footer {
  double size, pitch;        /* its type size and line spacing */
  const char *note;          /* under the title: the review date (or that
                                it is overdue), or the document's own */
  const lf_line *note_lines; /* the note set to the measure: one line, or
                                more where a large size makes it wider */
  size_t note_count;
  const lf_line *title_lines; /* what it names the leaflet by, set whole
                                where it can be (footer_title() in footer.c);
                                none where not even a word fits */
  size_t title_count;
  int number_row;            /* where "Page N of M" goes, the same on every
                                page: LF_NUMBER_* */
  int bare;                  /* the number alone ("7"): "Page N of M" is
                                wider than the line itself */
  double height;             /* room above the bottom margin: the title's
                                lines, the number's where it has its own,
                                the note's, and a body size above */
} lf_footer;

/* Where a footer's page number goes. */
enum {
  LF_NUMBER_BESIDE_NOTE,     /* beside the note's last line (the lowest) */
  LF_NUMBER_BESIDE_TITLE,    /* beside the title's last line, above the note */
  LF_NUMBER_OWN_LINE         /* on a line of its own, between title and note */
};

/* The page count a footer is planned for while it is not known (the page
 * breaker keeps the room before the pages are counted): "Page 999 of 999"
 * is as wide as the number gets, so the footer the pages get once they
 * are counted takes no more lines than were kept for it. */
#define LF_FOOTER_PAGES_AT_MOST 999

/*
 * 'lf_warn_kept_split()' - Warn at 'at' that text kept together (a
 * heading, its lines and what follows, a callout) is taller than a page
 * of 'format' and was split across pages, and count it in 'display'.
 */
void lf_warn_kept_split(lf_diags *diags, lf_pos at, const lf_document *doc,
                        const lf_format *format, lf_display *display);

/*
 * 'lf_footer_plan()' - How the footer of 'doc' is set in 'format' on
 * pages numbered up to 'total' (0: not known yet, LF_FOOTER_PAGES_AT_MOST
 * assumed): the note broken to the measure (never past the margin, at any
 * size), the title set whole, on a further line where it needs one, where
 * the page number goes, and the room it all takes.  Returns 0, or -1 when
 * out of memory.
 */
int lf_footer_plan(lf_arena *arena, const lf_document *doc, const lf_format *format,
                   const lf_fontset *fonts, size_t total, lf_footer *out);

/* ---- tables (table.c) ---------------------------------------------------- */

/*
 * What table.c asks blocks.c to do for a cell: set its blocks in a frame
 * into a vertical list of its own, and say how wide they are.
 */
typedef struct lf_cell_request {
  const lf_blocks *blocks;   /* the cell's blocks (may be none) */
  int element;               /* the TH or TD they belong to: a single paragraph
                                is its text, more blocks are elements under it */
  int bold;                  /* set in bold (a header cell) */
  const lf_inline *label;    /* or NULL; stacked form: the column's header,
                                set in bold with ": " before the first paragraph */
  int label_element;         /* the label's element (a TH) */
  double left, width;        /* the frame */
  const char *lang;
  vlist *into;               /* the cell's items go here */
  double min_width;          /* out: the least width that sets it unsplit */
  double natural_width;      /* out: its widest line, left edge to right */
} lf_cell_request;

/* What a table is laid out with. */
typedef struct lf_table_env {
  lf_arena *arena;
  lf_diags *diags;
  const lf_format *format;
  const lf_fontset *fonts;
  lf_display *display;
  const lf_words *words;     /* the program's words (words.h) */
  double page_room;          /* the height a page holds: taller rows are split */
  void *owner;               /* for set_cell */
  /* set a cell's blocks (blocks.c); 0, or -1 (reported) */
  int (*set_cell)(void *owner, lf_cell_request *request);
} lf_table_env;

/*
 * 'lf_build_table()' - Lay out table block 'blk' in the frame 'left' +
 * 'width' under structure element 'parent' into 'out': its caption, header
 * rows and rows as VITEM_ROW items, columns fitted to the content (or the
 * table's relative widths); set as a stacked list of rows when its columns
 * cannot fit at the body size.  Returns 0, or -1 after reporting.
 */
int lf_build_table(lf_table_env *env, const lf_block *blk, double left, double width,
                   int parent, const char *lang, vlist *out);

/*
 * 'lf_table_fit_columns()' - Widths for 'n' columns whose content needs at
 * least 'min[i]' and at most 'max[i]' points (padding and rules included)
 * in a measure of 'measure' points: the table takes the whole measure;
 * given relative widths 'given' (or NULL) share it in proportion, else
 * every column gets its minimum and the room left is shared in proportion
 * to what each would take more unbroken.  Returns 0 with the widths in
 * 'out', or -1 when some column would be narrower than its minimum (the
 * table must be stacked).
 */
int lf_table_fit_columns(size_t n, const double *min, const double *max, const double *given,
                         double measure, double *out);

/*
 * 'lf_vlist_push()' - Append an item of 'kind' and 'height' to 'vl' (zeroed
 * but for those, with no outline or label); NULL when out of memory.
 */
vitem *lf_vlist_push(lf_arena *arena, vlist *vl, vitem_kind kind, double height);

/*
 * 'lf_layout_element()' - Append a structure element of 'type' under
 * 'parent' with 'role' (or NULL), in 'lang' (BCP 47, or NULL: the
 * document's), which it names when that is not the document's language
 * (d->meta.language).  Its index, or -1 when out of memory.
 */
int lf_layout_element(lf_arena *arena, lf_display *d, lf_element_type type, int parent,
                      const char *role, const char *lang);

/* ---- figures, QR codes, write-in spaces, label boxes (figures.c) --------- */

/*
 * 'lf_build_figure()', 'lf_build_qr()', 'lf_build_write_in()',
 * 'lf_build_label_box()' - The marks of those blocks appended to 'out' in
 * the frame 'left' + 'width', their text set by 'env->set_cell' (the
 * request's 'element' is the element to put their text under).  Each
 * stays together on a page.  Return 0, or -1 after reporting.
 */
int lf_build_figure(lf_table_env *env, const lf_block *blk, double left, double width,
                    int parent, const char *lang, vlist *out);
int lf_build_qr(lf_table_env *env, const lf_block *blk, double left, double width,
                int parent, const char *lang, vlist *out);
int lf_build_write_in(lf_table_env *env, const lf_block *blk, double left, double width,
                      int parent, const char *lang, vlist *out);
int lf_build_label_box(lf_table_env *env, const lf_block *blk, double left, double width,
                       int parent, const char *lang, vlist *out);


/* 'lf_display_new()' - An empty display list (lf_display_create()) of the
 * format's paper, with the document's metadata (layout.c). */
lf_display *lf_display_new(lf_arena *arena, const lf_document *doc, const lf_format *format,
                           const lf_fontset *fonts);


#endif
