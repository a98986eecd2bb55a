/*
 * diff.c -- `leaflet diff OLD NEW [LEAFLET...]`: what changed between two
 * versions of the content, as a summary for the terminal and a reviewer's
 * proof PDF (jobs.h).
 *
 * Each version is a content folder, or a folder at a git revision
 * (gittree.c: a private copy read with `git show`).  Both are loaded and
 * every leaflet and edition resolved, through the same pipeline as a
 * build; documents are paired by their stem ("net-drugs-lung-nec") and
 * diffed (src/content/diff.c); the proof (src/content/proof.c) is laid out
 * in a print format of the working content folder and written like any
 * leaflet.  Places in a revision are named "REV:path/...", never by the
 * private copy's folder.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jobs_internal.h"
#include "leaflet/diff.h"
#include "leaflet/jobs.h"
#include "leaflet/proof.h"

/* One version of the content. */
typedef struct version {
  const char *label;      /* as given: a folder, or "REV:path" */
  const char *root;       /* the content folder to load */
  char *copy;             /* the private copy of a revision, or NULL */
  const char *shown;      /* what a place in the copy is named from: "REV:" */
  lf_content *content;
} version;

/*
 * 'trim_slashes()' - A path without the slashes at its end ("content/").
 */
static char *trim_slashes(lf_arena *arena, const char *path) {
  size_t n = strlen(path);
  while (n > 1 && path[n - 1] == '/')
    n--;
  return lf_arena_strndup(arena, path, n);
}

/*
 * 'open_version()' - A folder as it is, or a revision's copy.  Returns 0,
 * or -1 after reporting.
 */
static int open_version(lf_arena *arena, const lf_diff_options *o, const char *source,
                        version *v, lf_diags *diags) {
  memset(v, 0, sizeof *v);
  v->label = source;
  struct stat st;
  if (!o->git && stat(source, &st) == 0 && S_ISDIR(st.st_mode)) {
    v->root = source;
    return 0;
  }
  const char *colon = o->git ? NULL : strchr(source, ':');
  if (!o->git && !colon) {
    lf_error(diags, (lf_pos){source, 0, 0}, "no content folder here (expected a folder "
             "holding leaflets/, or REV:PATH for the folder at a git revision, such as "
             "HEAD~1:content)");
    return -1;
  }
  const char *rev = o->git ? source : lf_arena_strndup(arena, source, (size_t)(colon - source));
  const char *path = trim_slashes(arena, o->git ? o->content_dir : colon + 1);
  if (!rev || !path)
    return -1;
  if (!path[0] || strcmp(path, ".") == 0 || strcmp(path, "/") == 0) {
    lf_error(diags, (lf_pos){source, 0, 0}, "no folder after the revision (expected "
             "REV:PATH with the content folder's path in the repository, such as "
             "HEAD~1:content)");
    return -1;
  }
  v->label = lf_arena_printf(arena, "%s:%s", rev, path);
  if (lf_git_content(o->repo, rev, path, v->label, &v->copy, diags) != 0)
    return -1;
  v->root = lf_arena_printf(arena, "%s/%s", v->copy, path);
  v->shown = lf_arena_printf(arena, "%s:", rev);
  return v->root && v->shown ? 0 : -1;
}

/*
 * 'shown_path()' - A file's name as the user knows it: "REV:path" for a
 * file of a revision's copy, else as it is.
 */
static const char *shown_path(lf_arena *arena, const version *v, const char *file) {
  size_t n = v->copy ? strlen(v->copy) : 0;
  if (!file || !v->copy || strncmp(file, v->copy, n) != 0 || file[n] != '/')
    return file;
  const char *name = lf_arena_printf(arena, "%s%s", v->shown, file + n + 1);
  return name ? name : file;
}

/*
 * 'rename_places()' - Name places in a revision's copy as "REV:path", in
 * every diagnostic's file and message.
 */
static void rename_places(lf_diags *diags, const version *v) {
  if (!v->copy)
    return;
  size_t n = strlen(v->copy);
  for (size_t i = 0; i < diags->count; i++) {
    lf_diag *g = &diags->items[i];
    for (int part = 0; part < 2; part++) {
      char **text = part ? &g->message : (char **)&g->pos.file;
      char *at = *text ? strstr(*text, v->copy) : NULL;
      if (!at || at[n] != '/')
        continue;
      size_t len = strlen(*text) - n - 1 + strlen(v->shown) + 1;
      char *renamed = malloc(len);
      if (!renamed)
        continue;
      snprintf(renamed, len, "%.*s%s%s", (int)(at - *text), *text, v->shown, at + n + 1);
      free(*text);
      *text = renamed;
    }
  }
}

/*
 * 'is_broken()' - Whether a leaflet's file had errors in this version
 * (they are reported; it is left out of the comparison).
 */
static int is_broken(const version *v, const char *id) {
  for (size_t i = 0; i < v->content->broken_count; i++)
    if (strcmp(v->content->broken_leaflets[i], id) == 0)
      return 1;
  return 0;
}

/* Every document to compare, paired by stem. */
typedef struct pairs {
  const lf_document **old_docs, **new_docs;
  size_t count, cap;
} pairs;

/*
 * 'add_pair()' - A document of either version or both.  Returns 0 or -1.
 */
static int add_pair(pairs *p, const lf_document *old_doc, const lf_document *new_doc) {
  if (p->count == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 16;
    const lf_document **o = realloc(p->old_docs, cap * sizeof *o);
    if (!o)
      return -1;
    p->old_docs = o;
    const lf_document **n = realloc(p->new_docs, cap * sizeof *n);
    if (!n)
      return -1;
    p->new_docs = n;
    p->cap = cap;
  }
  p->old_docs[p->count] = old_doc;
  p->new_docs[p->count++] = new_doc;
  return 0;
}

/*
 * 'errors_in()' - Why a leaflet is not compared: "errors in OLD", "errors
 * in NEW" or "errors in OLD and in NEW", by the versions' labels.
 */
static const char *errors_in(lf_arena *arena, const version *old_v, const version *new_v,
                             int old_bad, int new_bad) {
  if (old_bad && new_bad)
    return lf_arena_printf(arena, "errors in %s and in %s", old_v->label, new_v->label);
  return lf_arena_printf(arena, "errors in %s", old_bad ? old_v->label : new_v->label);
}

/*
 * 'pair_leaflet()' - The documents of one leaflet in both versions, the
 * newer's editions in their order, then editions only the older had.
 * Returns 0, or -1 when it cannot be compared: its errors reported, and
 * '*why' says where they are ("errors in content").
 */
static int pair_leaflet(lf_arena *arena, const version *old_v, const version *new_v,
                        const char *id, pairs *p, const char **why, lf_diags *diags) {
  int old_bad = is_broken(old_v, id), new_bad = is_broken(new_v, id);
  const lf_leaflet *ol = lf_content_leaflet(old_v->content, id);
  const lf_leaflet *nl = lf_content_leaflet(new_v->content, id);
  lf_document *od = NULL, *nd = NULL;
  size_t on = 0, nn = 0;
  /* both versions resolved, so that the errors of each are reported */
  if (!old_bad && ol && lf_resolve(arena, old_v->content, ol, &od, &on, diags) != 0)
    old_bad = 1;
  if (!new_bad && nl && lf_resolve(arena, new_v->content, nl, &nd, &nn, diags) != 0)
    new_bad = 1;
  if (old_bad || new_bad) {
    *why = errors_in(arena, old_v, new_v, old_bad, new_bad);
    return -1;
  }
  unsigned char *matched = calloc(on + 1, 1);
  if (!matched)
    return -1;
  int rc = 0;
  for (size_t i = 0; i < nn && rc == 0; i++) {
    const lf_document *twin = NULL;
    for (size_t k = 0; k < on && !twin; k++)
      if (!matched[k] && strcmp(od[k].stem, nd[i].stem) == 0) {
        twin = &od[k];
        matched[k] = 1;
      }
    rc = add_pair(p, twin, &nd[i]);
  }
  for (size_t k = 0; k < on && rc == 0; k++)
    if (!matched[k])
      rc = add_pair(p, &od[k], NULL);
  free(matched);
  return rc;
}

/*
 * 'pick_ids()' - The leaflets to compare: those asked for (each in one
 * version or both), or every leaflet of the newer version, then those only
 * the older has.  NULL after reporting an unknown name.
 */
static const char **pick_ids(lf_arena *arena, const lf_diff_options *o, const version *old_v,
                             const version *new_v, size_t *count, lf_diags *diags) {
  const lf_content *oc = old_v->content, *nc = new_v->content;
  size_t cap = oc->leaflet_count + oc->broken_count + nc->leaflet_count + nc->broken_count +
               o->leaflet_count + 1;
  const char **ids = lf_arena_array(arena, cap, sizeof *ids);
  const char **known = lf_arena_array(arena, cap, sizeof *known);
  if (!ids || !known)
    return NULL;
  size_t nknown = 0;
  const lf_content *both[] = {nc, oc};
  for (int v = 0; v < 2; v++) {
    for (size_t i = 0; i < both[v]->leaflet_count; i++)
      known[nknown++] = both[v]->leaflets[i].id;
    for (size_t i = 0; i < both[v]->broken_count; i++)
      known[nknown++] = both[v]->broken_leaflets[i];
  }
  *count = 0;
  int failed = 0;
  for (size_t i = 0; i < (o->leaflet_count ? o->leaflet_count : nknown); i++) {
    const char *id = o->leaflet_count ? o->leaflets[i] : known[i];
    int seen = 0, there = 0;
    for (size_t k = 0; k < *count; k++)
      seen |= strcmp(ids[k], id) == 0;
    for (size_t k = 0; k < nknown; k++)
      there |= strcmp(known[k], id) == 0;
    if (seen)
      continue;
    if (!there) {
      const char *near = lf_nearest_name(id, known, nknown);
      if (near)
        lf_error(diags, (lf_pos){0}, "no leaflet '%s' in either version (did you mean '%s'?)",
                 id, near);
      else
        lf_error(diags, (lf_pos){0}, "no leaflet '%s' in either version (expected the id of "
                 "a file in leaflets/)", id);
      failed = 1;
      continue;
    }
    ids[(*count)++] = id;
  }
  return failed ? NULL : ids;
}

/*
 * 'print_marked()' - A unit's text with its marks as words:
 * "[deleted: ...]" and "[inserted: ...]".
 */
static void print_marked(FILE *fp, lf_arena *arena, const lf_unit_change *c) {
  lf_inline in;
  if (lf_unit_marked(arena, c, &in) != 0)
    return;
  for (size_t i = 0; i < in.count; i++) {
    const lf_run *r = &in.runs[i];
    const char *mark = lf_change_marker(arena, r);
    if (mark)
      fputs(mark, fp);
    else
      fprintf(fp, "%.*s", (int)r->len, r->text);
  }
}

/*
 * 'print_place()' - "file:line:column" of a block, in the version it is in.
 */
static void print_place(FILE *fp, lf_arena *arena, const version *v, lf_pos pos) {
  fputs(shown_path(arena, v, pos.file), fp);
  if (pos.line > 0)
    fprintf(fp, ":%d:%d", pos.line, pos.column);
}

/*
 * 'print_document()' - One document's line, then each change at its place:
 * a whole drug section on one line, every other paragraph on its own.
 */
static void print_document(FILE *fp, lf_arena *arena, const lf_document_diff *d,
                           const version *old_v, const version *new_v) {
  const lf_document *doc = d->new_doc ? d->new_doc : d->old_doc;
  char *line = lf_diff_summary(arena, d);
  fprintf(fp, "%s: %s\n", doc->stem, line ? line : "");
  if (!d->old_doc || !d->new_doc)
    return;
  for (size_t i = 0; i < d->change_count; i++) {
    const lf_unit_change *c = &d->changes[i];
    if (c->change == LF_CHANGE_NONE)
      continue;
    const lf_text_unit *u = c->new_unit ? c->new_unit : c->old_unit;
    const version *v = c->new_unit ? new_v : old_v;
    const char *const *drugs = c->new_unit ? d->drugs_added : d->drugs_removed;
    size_t ndrugs = c->new_unit ? d->drugs_added_count : d->drugs_removed_count;
    int whole = 0;
    for (size_t k = 0; u->drug && k < ndrugs && c->change != LF_CHANGE_CHANGED; k++)
      whole |= strcmp(drugs[k], u->drug) == 0;
    if (whole) {
      if (i > 0 && (d->changes[i - 1].new_unit ? d->changes[i - 1].new_unit
                                               : d->changes[i - 1].old_unit)->drug == u->drug)
        continue; /* the section's first paragraph stands for it */
      size_t n = 0;
      for (size_t k = i; k < d->change_count && d->changes[k].change == c->change &&
                         (c->new_unit ? d->changes[k].new_unit : d->changes[k].old_unit)->drug ==
                             u->drug;
           k++)
        n++;
      fprintf(fp, "  %-8s ", c->change == LF_CHANGE_ADDED ? "added" : "removed");
      print_place(fp, arena, v, u->block->pos);
      fprintf(fp, ": the drug section %s (%zu paragraph%s)\n", u->drug, n, n == 1 ? "" : "s");
      continue;
    }
    fprintf(fp, "  %-8s ", c->change == LF_CHANGE_CHANGED ? "changed"
                           : c->change == LF_CHANGE_ADDED ? "added" : "removed");
    print_place(fp, arena, v, u->block->pos);
    fputs(": ", fp);
    print_marked(fp, arena, c);
    fputc('\n', fp);
  }
}

/*
 * 'same_version()' - Whether two review.version values are the same (both
 * left out counts as the same).
 */
static int same_version(const char *a, const char *b) {
  if (!a || !b)
    return !a && !b;
  return strcmp(a, b) == 0;
}

/*
 * 'warn_unversioned()' - A warning for each leaflet whose documents
 * changed while its review.version did not: a PIF TICK assessor expects
 * each change to be a new version with a history entry saying what
 * changed.  At the newer's review.version, else its 'review', else its
 * file.
 */
static void warn_unversioned(const version *old_v, const version *new_v, const char **ids,
                             size_t nids, const lf_document_diff *diffs, size_t count,
                             lf_diags *diags) {
  for (size_t i = 0; i < nids; i++) {
    const lf_leaflet *ol = lf_content_leaflet(old_v->content, ids[i]);
    const lf_leaflet *nl = lf_content_leaflet(new_v->content, ids[i]);
    if (!ol || !nl || !same_version(ol->version, nl->version))
      continue;
    int changed = 0;
    for (size_t k = 0; k < count && !changed; k++) {
      const lf_document *doc = diffs[k].new_doc ? diffs[k].new_doc : diffs[k].old_doc;
      changed = strcmp(doc->leaflet_id, ids[i]) == 0 && !lf_document_diff_empty(&diffs[k]);
    }
    if (!changed)
      continue;
    lf_pos pos = nl->version ? nl->version_pos
                 : nl->review_pos.line > 0 ? nl->review_pos
                                           : (lf_pos){nl->file, 0, 0};
    const char *expected = "(expected a new version with a history entry saying what changed "
                           "and who approved it: a PIF TICK assessor looks for one for each "
                           "change)";
    if (!nl->version)
      lf_warning(diags, pos, "the text of leaflet '%s' changed from %s but it has no "
                 "review.version %s", ids[i], old_v->label, expected);
    else if (ol->history_count == nl->history_count)
      lf_warning(diags, pos, "the text of leaflet '%s' changed from %s but review.version is "
                 "still '%s' and its review history has no new entry %s", ids[i],
                 old_v->label, nl->version, expected);
    else
      lf_warning(diags, pos, "the text of leaflet '%s' changed from %s but review.version is "
                 "still '%s' %s", ids[i], old_v->label, nl->version, expected);
  }
}

/*
 * 'lf_diff()' - Load, pair, diff, print, write the proof.
 */
int lf_diff(const lf_diff_options *o) {
  lf_diags diags;
  lf_diags_init(&diags);
  lf_arena *arena = lf_arena_new(0);
  int status = LF_EXIT_FAILED;
  version old_v = {0}, new_v = {0};
  pairs p = {0};
  lf_document_diff *diffs = NULL;
  if (!arena) {
    lf_error(&diags, (lf_pos){0}, "out of memory");
    goto done;
  }
  int opened = open_version(arena, o, o->old_source, &old_v, &diags) == 0;
  opened &= open_version(arena, o, o->new_source, &new_v, &diags) == 0;
  if (!opened)
    goto done;
  old_v.content = lf_content_load(arena, old_v.root, &diags);
  new_v.content = lf_content_load(arena, new_v.root, &diags);
  /* the proof's print format: the working content's, or else the newer's */
  struct stat st;
  const char *styles_dir = o->content_dir;
  if (stat(styles_dir, &st) != 0 && !new_v.copy)
    styles_dir = new_v.root;
  const lf_content *styles = strcmp(styles_dir, new_v.root) == 0
                                 ? new_v.content
                                 : lf_content_load(arena, styles_dir, &diags);
  if (!old_v.content || !new_v.content || !styles)
    goto done;
  if (!lf_pdf_format(styles, o->format, &diags)) {
    status = LF_EXIT_USAGE; /* --format names none */
    goto done;
  }
  size_t nids = 0;
  const char **ids = pick_ids(arena, o, &old_v, &new_v, &nids, &diags);
  if (!ids)
    goto done;
  /* leaflets that cannot be compared, and why: listed, never left out */
  const char **skipped = lf_arena_array(arena, nids + 1, sizeof *skipped);
  const char **skipped_why = lf_arena_array(arena, nids + 1, sizeof *skipped_why);
  size_t nskipped = 0;
  if (!skipped || !skipped_why) {
    lf_error(&diags, (lf_pos){0}, "out of memory");
    goto done;
  }
  for (size_t i = 0; i < nids; i++) {
    const char *why = NULL;
    if (pair_leaflet(arena, &old_v, &new_v, ids[i], &p, &why, &diags) != 0) {
      skipped[nskipped] = ids[i];
      skipped_why[nskipped++] = why ? why : "out of memory";
    }
  }
  diffs = calloc(p.count + 1, sizeof *diffs);
  if (!diffs) {
    lf_error(&diags, (lf_pos){0}, "out of memory");
    goto done;
  }
  size_t changed = 0;
  for (size_t i = 0; i < p.count; i++) {
    if (lf_diff_documents(arena, p.old_docs[i], p.new_docs[i], &diffs[i]) != 0) {
      lf_error(&diags, (lf_pos){0}, "out of memory comparing the documents");
      goto done;
    }
    changed += !lf_document_diff_empty(&diffs[i]);
  }
  warn_unversioned(&old_v, &new_v, ids, nids, diffs, p.count, &diags);
  fprintf(o->out, "Changes from %s to %s\n", old_v.label, new_v.label);
  for (size_t i = 0; i < p.count; i++)
    print_document(o->out, arena, &diffs[i], &old_v, &new_v);
  for (size_t i = 0; i < nskipped; i++)
    fprintf(o->out, "%s: not compared (%s: see its errors)\n", skipped[i], skipped_why[i]);
  lf_proof_info info = {.old_label = old_v.label, .new_label = new_v.label, .made = o->today,
                        .not_compared = skipped, .not_compared_why = skipped_why,
                        .not_compared_count = nskipped};
  lf_document proof;
  size_t pages = 0;
  if (lf_proof_document(arena, diffs, p.count, &info, &proof) != 0) {
    lf_error(&diags, (lf_pos){0}, "out of memory making the proof");
    goto done;
  }
  if (lf_write_document_pdf(styles, o->format, &proof, o->out_path, &pages, &diags) != 0)
    goto done;
  fprintf(o->out, "%zu of %zu document%s changed", changed, p.count, p.count == 1 ? "" : "s");
  if (nskipped)
    fprintf(o->out, ", %zu leaflet%s not compared for errors", nskipped,
            nskipped == 1 ? "" : "s");
  fprintf(o->out, "; proof %s (%zu page%s)\n", o->out_path, pages, pages == 1 ? "" : "s");
  status = nskipped == 0 ? LF_EXIT_OK : LF_EXIT_FAILED;
done:
  rename_places(&diags, &old_v);
  rename_places(&diags, &new_v);
  lf_diags_print(&diags, o->err);
  lf_diags_free(&diags);
  lf_remove_tree(old_v.copy);
  lf_remove_tree(new_v.copy);
  free(old_v.copy);
  free(new_v.copy);
  free(p.old_docs);
  free(p.new_docs);
  free(diffs);
  lf_arena_free(arena);
  return status;
}
