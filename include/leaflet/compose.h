/*
 * compose.h -- a document made by the program rather than resolved from a
 * leaflet (a reviewer's proof, the library report): blocks and runs built
 * one by one in an arena, headings that never skip a level.  Content-level.
 */
#ifndef LEAFLET_COMPOSE_H
#define LEAFLET_COMPOSE_H

#include <stddef.h>

#include "leaflet/arena.h"
#include "leaflet/document.h"

/* A document being composed: where its memory comes from, the last
 * heading's level, and whether memory ran out (every call then does
 * nothing, and the caller reports once). */
typedef struct lf_composer {
  lf_arena *arena;
  int last_level;
  int failed;
} lf_composer;

/* A run of blocks being filled. */
typedef struct lf_block_list {
  lf_blocks *out;
  size_t cap;
} lf_block_list;

/* 'lf_compose_block()' - Append a zeroed block of 'kind' at 'pos' (NULL,
 * and the composer failed, when out of memory).  Earlier blocks of the
 * list may move. */
lf_block *lf_compose_block(lf_composer *c, lf_block_list *list, lf_block_kind kind, lf_pos pos);

/* 'lf_compose_text()' - One run of 'text' in 'style' (text NULL: failed). */
lf_inline lf_compose_text(lf_composer *c, const char *text, unsigned style);

/* 'lf_compose_join()' - The runs of 'a', then those of 'b'. */
lf_inline lf_compose_join(lf_composer *c, lf_inline a, lf_inline b);

/* 'lf_compose_heading()' - A heading kept with what follows, at 'level'
 * but never more than one below the last heading, nor below 4. */
lf_block *lf_compose_heading(lf_composer *c, lf_block_list *list, int level, lf_inline text,
                             lf_pos pos);

/* 'lf_compose_paragraph()' - A paragraph. */
lf_block *lf_compose_paragraph(lf_composer *c, lf_block_list *list, lf_inline text, lf_pos pos);

/*
 * 'lf_compose_list()' - A list of 'items' items ('ordered': numbered),
 * each an empty run of blocks for the caller to fill through '*item_lists'
 * (one lf_block_list each).  Returns the list's index in 'list', or -1.
 */
long lf_compose_list(lf_composer *c, lf_block_list *list, size_t items, int ordered,
                     lf_pos pos, lf_block_list **item_lists);

/*
 * 'lf_compose_table()' - A table of 'columns' columns and 'rows' rows, the
 * first 'header_rows' of them heading the columns ('row_headers': each
 * body row's first cell heads its row), each cell the paragraph 'cell(ctx,
 * row, column)' gives (text NULL: an empty cell).  Returns the table's
 * block, or NULL.
 */
lf_block *lf_compose_table(lf_composer *c, lf_block_list *list, size_t columns, size_t rows,
                           size_t header_rows, int row_headers, lf_inline caption, lf_pos pos,
                           const char *(*cell)(void *ctx, size_t row, size_t column),
                           void *ctx);

#endif
