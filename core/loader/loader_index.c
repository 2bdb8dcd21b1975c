/* loader_index.c -- open-addressing string -> int table (FNV-1a, linear
 * probing, grows at half full). */
#include "loader_index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t index_hash(const char *s)
{
    uint64_t h = 1469598103934665603u;

    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return (size_t)(h ^ (h >> 32));
}

void ld_index_init(ld_index *ix)
{
    memset(ix, 0, sizeof *ix);
}

/* Slot holding key, or the empty slot where it would go. */
static size_t index_slot(const ld_index *ix, const char *key)
{
    size_t mask = ix->cap - 1, i = index_hash(key) & mask;

    while (ix->keys[i] && strcmp(ix->keys[i], key))
        i = (i + 1) & mask;
    return i;
}

static int index_grow(ld_index *ix)
{
    size_t cap = ix->cap ? ix->cap * 2 : 64;
    ld_index bigger = {NULL, NULL, cap, 0};

    if (cap < ix->cap)
        return -1;
    bigger.keys = calloc(cap, sizeof *bigger.keys);
    bigger.vals = malloc(cap * sizeof *bigger.vals);
    if (!bigger.keys || !bigger.vals) {
        free(bigger.keys);
        free(bigger.vals);
        return -1;
    }
    for (size_t i = 0; i < ix->cap; i++) {
        if (ix->keys[i]) {
            size_t j = index_slot(&bigger, ix->keys[i]);
            bigger.keys[j] = ix->keys[i];
            bigger.vals[j] = ix->vals[i];
            bigger.n++;
        }
    }
    free(ix->keys);
    free(ix->vals);
    *ix = bigger;
    return 0;
}

int ld_index_add(ld_index *ix, const char *key, int val)
{
    size_t i;

    if ((ix->n + 1) * 2 > ix->cap && index_grow(ix))
        return -2;
    i = index_slot(ix, key);
    if (ix->keys[i])
        return ix->vals[i];
    ix->keys[i] = key;
    ix->vals[i] = val;
    ix->n++;
    return -1;
}

int ld_index_set(ld_index *ix, const char *key, int val)
{
    size_t i;

    if ((ix->n + 1) * 2 > ix->cap && index_grow(ix))
        return -2;
    i = index_slot(ix, key);
    if (!ix->keys[i]) {
        ix->keys[i] = key;
        ix->n++;
    }
    ix->vals[i] = val;
    return 0;
}

int ld_index_get(const ld_index *ix, const char *key)
{
    size_t i;

    if (!ix->cap)
        return -1;
    i = index_slot(ix, key);
    return ix->keys[i] ? ix->vals[i] : -1;
}

void ld_index_free(ld_index *ix)
{
    free(ix->keys);
    free(ix->vals);
    ld_index_init(ix);
}
