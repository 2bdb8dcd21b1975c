/*
 * pareto.c -- ordering the scored groupings and their Pareto front across
 * the criteria (docs/search.md, "Pareto front").
 */
#include "search.h"

#include <stdlib.h>
#include <string.h>

static int cmp_config(const void *pa, const void *pb)
{
    const cs_search_config *a = pa, *b = pb;

    if (a->score.mean != b->score.mean)
        return a->score.mean < b->score.mean ? 1 : -1;
    return strcmp(a->id, b->id);
}

void cs_search_sort(cs_search_config *c, size_t n)
{
    qsort(c, n, sizeof *c, cmp_config);
}

/* Whether a dominates b: at least as good on every criterion, better on
 * one (mean partial values; higher is better for every one). */
static int dominates(const cs_search_config *a, const cs_search_config *b,
                     size_t n_crit)
{
    int better = 0;
    for (size_t j = 0; j < n_crit; j++) {
        if (a->value[j] < b->value[j])
            return 0;
        better |= a->value[j] > b->value[j];
    }
    return better;
}

void cs_search_pareto(cs_search_config *c, size_t n, size_t n_crit)
{
    for (size_t i = 0; i < n; i++) {
        c[i].pareto = 1;
        for (size_t k = 0; k < n && c[i].pareto; k++)
            if (k != i && dominates(&c[k], &c[i], n_crit))
                c[i].pareto = 0;
    }
}
