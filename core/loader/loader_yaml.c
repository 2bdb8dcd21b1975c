/* loader_yaml.c -- builds an ld_node tree from libyaml events. libyaml's
 * 1-on-success convention stops at yaml_next(); everything else here uses
 * 0 / -1. The builder never recurses, so hostile nesting cannot overflow
 * the stack, and an alias shares the anchored node instead of copying it. */
#include "loader_yaml.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "loader.h"
#include "loader_text.h"
#include "loader_index.h"

#define NODE_BLOCK 1024
#define WEIGHT_MAX ((size_t)1 << 40)

typedef struct node_block {
    struct node_block *next;
    size_t used;
    ld_node nodes[NODE_BLOCK];
} node_block;

struct ld_doc {
    node_block *blocks;
    size_t n_nodes;
    ld_node *root;
    char **anchor_names;        /* owned; keys of `anchors` */
    ld_node **anchor_nodes;     /* anchor slot -> node */
    size_t n_anchors, cap_anchors;
    ld_index anchors;           /* name -> slot */
};

/* A collection being read: its node and the children seen so far. */
typedef struct frame {
    ld_node *node;
    ld_node **kids;
    size_t n, cap;
    char *anchor;
} frame;

typedef struct builder {
    const char *file;
    const char *buf;
    size_t len;
    cs_diag *diag;
    ld_doc *doc;
    frame stack[CS_MAX_DEPTH];
    size_t depth;
    size_t alias_nodes;
    int n_docs;
} builder;

static size_t add_sat(size_t a, size_t b)
{
    return a > WEIGHT_MAX - b ? WEIGHT_MAX : a + b;
}

static cs_pos mark_pos(const builder *b, yaml_mark_t mark)
{
    cs_pos p = {b->file, (int)mark.line + 1, (int)mark.column + 1};
    return p;
}

/* The wrap of libyaml's 1-on-success convention: 0 or -1. */
static int yaml_next(yaml_parser_t *parser, yaml_event_t *event)
{
    return yaml_parser_parse(parser, event) ? 0 : -1;
}

static ld_node *node_new(builder *b, ld_kind kind, yaml_mark_t mark)
{
    ld_doc *doc = b->doc;
    ld_node *n;

    if (doc->n_nodes >= LD_MAX_NODES) {
        cs_diag_error(b->diag, mark_pos(b, mark),
                      "the file has more than %u YAML nodes; split the "
                      "practices into a CSV file (practices_csv)",
                      LD_MAX_NODES);
        return NULL;
    }
    if (!doc->blocks || doc->blocks->used == NODE_BLOCK) {
        node_block *blk = malloc(sizeof *blk);
        if (!blk) {
            cs_diag_error(b->diag, mark_pos(b, mark),
                          "out of memory reading the YAML; free some memory");
            return NULL;
        }
        blk->next = doc->blocks;
        blk->used = 0;
        doc->blocks = blk;
    }
    n = &doc->blocks->nodes[doc->blocks->used++];
    doc->n_nodes++;
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->line = (int)mark.line + 1;
    n->col = (int)mark.column + 1;
    n->weight = 1;
    n->height = 1;
    return n;
}

static int oom(builder *b, yaml_mark_t mark)
{
    return cs_diag_error(b->diag, mark_pos(b, mark),
                         "out of memory reading the YAML; free some memory");
}

/* Records `anchor` (taken over, even on failure) as naming `node`. */
static int anchor_define(builder *b, char *anchor, ld_node *node,
                         yaml_mark_t mark)
{
    ld_doc *doc = b->doc;
    int slot;

    if (!anchor)
        return 0;
    if (doc->n_anchors == doc->cap_anchors) {
        size_t cap = doc->cap_anchors ? doc->cap_anchors * 2 : 16;
        char **names = realloc(doc->anchor_names, cap * sizeof *names);
        ld_node **nodes;
        if (names)
            doc->anchor_names = names;
        nodes = names ? realloc(doc->anchor_nodes, cap * sizeof *nodes) : NULL;
        if (!nodes) {
            free(anchor);
            return oom(b, mark);
        }
        doc->anchor_nodes = nodes;
        doc->cap_anchors = cap;
    }
    slot = ld_index_get(&doc->anchors, anchor);
    doc->anchor_names[doc->n_anchors] = anchor;       /* owned from here */
    doc->anchor_nodes[doc->n_anchors] = node;
    doc->n_anchors++;
    if (slot >= 0) {                     /* redefined: the newest wins */
        doc->anchor_nodes[slot] = node;
        return 0;
    }
    if (ld_index_set(&doc->anchors, anchor, (int)doc->n_anchors - 1))
        return oom(b, mark);
    return 0;
}

/* Hands a finished node to its parent collection (or makes it the root). */
static int attach(builder *b, ld_node *node, yaml_mark_t mark)
{
    frame *f;

    if (!b->depth) {
        b->doc->root = node;
        return 0;
    }
    f = &b->stack[b->depth - 1];
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8;
        ld_node **kids = realloc(f->kids, cap * sizeof *kids);
        if (!kids)
            return oom(b, mark);
        f->kids = kids;
        f->cap = cap;
    }
    f->kids[f->n++] = node;
    return 0;
}

/* Checks an explicit tag: the YAML core ones are fine, others refused.
 * Sets *force_string for !!str and the non-specific '!'. */
static int check_tag(builder *b, const yaml_char_t *tag, ld_kind kind,
                     yaml_mark_t mark, int *force_string)
{
    const char *t = (const char *)tag;

    *force_string = 0;
    if (!t)
        return 0;
    if (kind == LD_SCALAR) {
        if (!strcmp(t, YAML_STR_TAG) || !strcmp(t, "!")) {
            *force_string = 1;
            return 0;
        }
        if (!strcmp(t, YAML_INT_TAG) || !strcmp(t, YAML_FLOAT_TAG) ||
            !strcmp(t, YAML_BOOL_TAG) || !strcmp(t, YAML_NULL_TAG))
            return 0;
    } else if (!strcmp(t, kind == LD_SEQ ? YAML_SEQ_TAG : YAML_MAP_TAG) ||
               !strcmp(t, "!")) {
        return 0;
    }
    return cs_diag_error(b->diag, mark_pos(b, mark),
                         "YAML tag '%.60s' is not supported here; remove it",
                         t);
}

static int on_scalar(builder *b, yaml_event_t *ev)
{
    int force_string;
    char *anchor;
    ld_node *n;

    if (check_tag(b, ev->data.scalar.tag, LD_SCALAR, ev->start_mark,
                  &force_string))
        return -1;
    n = node_new(b, LD_SCALAR, ev->start_mark);
    if (!n)
        return -1;
    n->text = (char *)ev->data.scalar.value;    /* taken over */
    ev->data.scalar.value = NULL;
    n->len = ev->data.scalar.length;
    n->plain = !force_string &&
               (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ||
                ev->data.scalar.tag != NULL);
    anchor = (char *)ev->data.scalar.anchor;      /* taken over */
    ev->data.scalar.anchor = NULL;
    if (anchor_define(b, anchor, n, ev->start_mark))
        return -1;
    return attach(b, n, ev->start_mark);
}

static int on_start(builder *b, yaml_event_t *ev, ld_kind kind)
{
    yaml_char_t *tag = kind == LD_SEQ ? ev->data.sequence_start.tag
                                      : ev->data.mapping_start.tag;
    yaml_char_t **anchor = kind == LD_SEQ ? &ev->data.sequence_start.anchor
                                          : &ev->data.mapping_start.anchor;
    int force_string;
    frame *f;

    if (b->depth >= CS_MAX_DEPTH)
        return cs_diag_error(b->diag, mark_pos(b, ev->start_mark),
                             "YAML nested more than %d levels deep; a "
                             "scenario needs far fewer, so flatten it",
                             CS_MAX_DEPTH);
    if (check_tag(b, tag, kind, ev->start_mark, &force_string))
        return -1;
    f = &b->stack[b->depth];
    memset(f, 0, sizeof *f);
    f->node = node_new(b, kind, ev->start_mark);
    if (!f->node)
        return -1;
    f->anchor = (char *)*anchor;                 /* taken over */
    *anchor = NULL;
    b->depth++;
    return 0;
}

static int on_end(builder *b, yaml_event_t *ev)
{
    frame *f = &b->stack[--b->depth];
    ld_node *n = f->node;
    char *anchor;

    n->kids = f->kids;
    n->n = n->kind == LD_MAP ? f->n / 2 : f->n;
    for (size_t i = 0; i < f->n; i++) {
        n->weight = add_sat(n->weight, f->kids[i]->weight);
        if (f->kids[i]->height + 1 > n->height)
            n->height = f->kids[i]->height + 1;
    }
    f->kids = NULL;
    anchor = f->anchor;
    f->anchor = NULL;
    if (anchor_define(b, anchor, n, ev->start_mark))
        return -1;
    return attach(b, n, ev->start_mark);
}

static int on_alias(builder *b, yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    int slot = ld_index_get(&b->doc->anchors, name);
    ld_node *target;

    if (slot < 0)
        return cs_diag_error(b->diag, mark_pos(b, ev->start_mark),
                             "alias '*%.60s' names no anchor defined before "
                             "it; define '&%.60s' first", name, name);
    target = b->doc->anchor_nodes[slot];
    b->alias_nodes = add_sat(b->alias_nodes, target->weight);
    if (b->alias_nodes > CS_MAX_ALIAS_NODES)
        return cs_diag_error(b->diag, mark_pos(b, ev->start_mark),
                             "aliases expand to more than %d nodes (a "
                             "\"billion laughs\" file?); write the values "
                             "out instead of nesting aliases",
                             CS_MAX_ALIAS_NODES);
    if (b->depth + (size_t)target->height > CS_MAX_DEPTH)
        return cs_diag_error(b->diag, mark_pos(b, ev->start_mark),
                             "alias '*%.60s' nests the YAML more than %d "
                             "levels deep; flatten it", name, CS_MAX_DEPTH);
    return attach(b, target, ev->start_mark);
}

static int on_event(builder *b, yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++b->n_docs > 1)
            return cs_diag_error(b->diag, mark_pos(b, ev->start_mark),
                                 "a second YAML document; a scenario file "
                                 "holds one, so remove the '---' and what "
                                 "follows or split the file");
        return 0;
    case YAML_SCALAR_EVENT:
        return on_scalar(b, ev);
    case YAML_SEQUENCE_START_EVENT:
        return on_start(b, ev, LD_SEQ);
    case YAML_MAPPING_START_EVENT:
        return on_start(b, ev, LD_MAP);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return on_end(b, ev);
    case YAML_ALIAS_EVENT:
        return on_alias(b, ev);
    default:
        return 0;
    }
}

/* Line and column of byte `off` of the input. */
static cs_pos offset_pos(const builder *b, size_t off)
{
    return ld_text_pos(b->file, b->buf, b->len, off);
}

static void report_parser(builder *b, const yaml_parser_t *p)
{
    const char *problem = p->problem ? p->problem : "unknown problem";

    if (p->error == YAML_MEMORY_ERROR) {
        cs_diag_error(b->diag, offset_pos(b, 0),
                      "out of memory reading the YAML; free some memory");
    } else if (p->error == YAML_READER_ERROR) {
        cs_pos pos = offset_pos(b, p->problem_offset);
        if (strstr(problem, "control characters"))
            cs_diag_error(b->diag, pos, "control character 0x%02x in the "
                          "file, which YAML does not allow; is it a text "
                          "file? remove the character", p->problem_value & 0xff);
        else
            cs_diag_error(b->diag, pos, "invalid UTF-8 (%s); save the file "
                          "as UTF-8 text", problem);
    } else if (p->problem_mark.index < b->len &&
               b->buf[p->problem_mark.index] == '\t') {
        cs_diag_error(b->diag, mark_pos(b, p->problem_mark),
                      "YAML syntax error: a tab character here; YAML "
                      "indents with spaces, so replace the tab with spaces");
    } else if (p->context && strstr(problem, "end of stream")) {
        cs_diag_error(b->diag, mark_pos(b, p->context_mark),
                      "YAML syntax error: the file ends inside what starts "
                      "here (%s); close it", p->context);
    } else if (p->context) {
        cs_diag_error(b->diag, mark_pos(b, p->problem_mark),
                      "YAML syntax error: %s (%s at line %d); check the "
                      "indentation, colons and quotes here", problem,
                      p->context, (int)p->context_mark.line + 1);
    } else {
        cs_diag_error(b->diag, mark_pos(b, p->problem_mark),
                      "YAML syntax error: %s; check the indentation, colons "
                      "and quotes here", problem);
    }
}

/* Points at the first byte of a broken UTF-8 sequence (libyaml points at
 * the byte after it). UTF-16 input, marked by its byte-order mark, is left
 * to libyaml. */
static int check_utf8(builder *b)
{
    const unsigned char *p = (const unsigned char *)b->buf;
    size_t bad;

    if (b->len >= 2 && ((p[0] == 0xff && p[1] == 0xfe) ||
                        (p[0] == 0xfe && p[1] == 0xff)))
        return 0;
    bad = ld_utf8_check(b->buf, b->len);
    if (bad == b->len)
        return 0;
    return cs_diag_error(b->diag, offset_pos(b, bad), "invalid UTF-8 (byte "
                         "0x%02x); save the file as UTF-8 text", p[bad]);
}

/* Frees what unfinished collections hold after a failure. */
static void builder_unwind(builder *b)
{
    while (b->depth) {
        frame *f = &b->stack[--b->depth];
        free(f->kids);
        free(f->anchor);
    }
}

ld_doc *ld_yaml_parse(const char *file, const char *buf, size_t len,
                      cs_diag *d)
{
    builder b;
    yaml_parser_t parser;
    yaml_event_t ev;
    int done = 0, failed = 0;

    memset(&b, 0, sizeof b);
    b.file = file;
    b.buf = buf;
    b.len = len;
    b.diag = d;
    b.doc = calloc(1, sizeof *b.doc);
    if (!b.doc || !yaml_parser_initialize(&parser)) {
        cs_diag_error(d, offset_pos(&b, 0), "out of memory starting the "
                      "YAML parser; free some memory");
        free(b.doc);
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
    failed = check_utf8(&b);
    while (!done && !failed) {
        if (yaml_next(&parser, &ev)) {
            report_parser(&b, &parser);
            failed = 1;
            break;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        failed = on_event(&b, &ev) != 0;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    builder_unwind(&b);
    if (!failed && !b.doc->root) {
        cs_pos pos = {file, 0, 0};
        cs_diag_error(d, pos, "the file is empty; a scenario starts with "
                      "'format: 1' (see docs/scenario-format.md)");
        failed = 1;
    }
    if (failed) {
        ld_doc_free(b.doc);
        return NULL;
    }
    return b.doc;
}

const ld_node *ld_doc_root(const ld_doc *doc)
{
    return doc->root;
}

void ld_doc_free(ld_doc *doc)
{
    if (!doc)
        return;
    while (doc->blocks) {
        node_block *blk = doc->blocks;
        for (size_t i = 0; i < blk->used; i++) {
            free(blk->nodes[i].text);
            free(blk->nodes[i].kids);
        }
        doc->blocks = blk->next;
        free(blk);
    }
    for (size_t i = 0; i < doc->n_anchors; i++)
        free(doc->anchor_names[i]);
    free(doc->anchor_names);
    free(doc->anchor_nodes);
    ld_index_free(&doc->anchors);
    free(doc);
}
