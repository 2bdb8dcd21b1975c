/*
 * loader_index.h -- a string -> int hash table for the loader (ids, codes,
 * anchors), so a national scenario of thousands of practices resolves in
 * linear time. Keys are borrowed: they must outlive the index.
 */
#ifndef CS_LOADER_INDEX_H
#define CS_LOADER_INDEX_H

#include <stddef.h>

typedef struct ld_index {
    const char **keys;      /* NULL = empty slot */
    int *vals;
    size_t cap;             /* a power of two, or 0 */
    size_t n;
} ld_index;

/* Starts an empty index (no allocation until the first insert). */
void ld_index_init(ld_index *ix);

/* Inserts key -> val unless the key is there. Returns -1 when inserted,
 * the value already stored when the key was there (unchanged), or -2 when
 * memory ran out. */
int ld_index_add(ld_index *ix, const char *key, int val);

/* Inserts or replaces; returns 0, or -2 when memory ran out. */
int ld_index_set(ld_index *ix, const char *key, int val);

/* The value stored for key, or -1. */
int ld_index_get(const ld_index *ix, const char *key);

/* Frees the table (not the keys); the index may be reused after init. */
void ld_index_free(ld_index *ix);

#endif /* CS_LOADER_INDEX_H */
