/*
 * loader_yaml.h -- libyaml's event stream turned into a small tree of nodes
 * that remember their line and column. This is the only place that talks to
 * libyaml; it bounds what hostile input can cost (nesting depth, nodes
 * reached through aliases, total nodes) and reports libyaml's own problems
 * as file:line:col errors.
 */
#ifndef CS_LOADER_YAML_H
#define CS_LOADER_YAML_H

#include <stddef.h>
#include "base/base.h"

/* Most nodes a document may hold (aliases not counted): bounds memory. */
#define LD_MAX_NODES 2000000u

typedef enum ld_kind {
    LD_SCALAR = 0,
    LD_SEQ,
    LD_MAP
} ld_kind;

typedef struct ld_node {
    ld_kind kind;
    int plain;              /* scalar: plain style and no string tag, so it
                               may be read as a number, boolean or null */
    int line, col;          /* from 1 */
    char *text;             /* scalar: NUL-terminated (may hold NULs) */
    size_t len;             /* scalar: bytes in text */
    struct ld_node **kids;  /* SEQ: n items; MAP: key 2i, value 2i+1 */
    size_t n;               /* SEQ: items; MAP: pairs */
    size_t weight;          /* nodes in the subtree with aliases expanded
                               (saturates) */
    int height;             /* levels in the subtree, 1 for a scalar */
} ld_node;

/* A parsed document: owns every node. An alias is the anchored node
 * itself, so a node may have several parents; walk, never free, nodes. */
typedef struct ld_doc ld_doc;

/* Parses `len` bytes of `buf` as one YAML document. `file` names the
 * input in messages and must outlive the call only. Returns the document
 * (free with ld_doc_free) or NULL after reporting every problem into `d`. */
ld_doc *ld_yaml_parse(const char *file, const char *buf, size_t len,
                      cs_diag *d);

/* The root node; never NULL for a document ld_yaml_parse returned. */
const ld_node *ld_doc_root(const ld_doc *doc);

/* Frees the document and its nodes; NULL does nothing. */
void ld_doc_free(ld_doc *doc);

#endif /* CS_LOADER_YAML_H */
