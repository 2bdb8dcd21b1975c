/* equity_ci.c -- the concentration index (O'Donnell, van Doorslaer,
 * Wagstaff and Lindelow, Analyzing Health Equity Using Household Survey
 * Data, World Bank 2008, ch. 8). See equity_ci.h. */
#include <stdlib.h>
#include "equity_ci.h"

int eq_rank_cmp(const void *x, const void *y)
{
    const eq_rank *a = x, *b = y;
    if (a->imd != b->imd)
        return a->imd < b->imd ? -1 : 1;
    return (a->p > b->p) - (a->p < b->p);
}

/* Concentration index of y against IMD over v[0..m), weights r: ranks are
 * list-weighted fractional ranks by IMD (ties share their mean rank);
 * CI = 2 cov(y, rank) / mean(y). 0 when fewer than two practices or no
 * positive mean. Sorts v. */
double eq_ci_rank(eq_rank *v, size_t m)
{
    double total = 0, mean_y = 0, mean_rank = 0, cov = 0, cum = 0;
    double *rank;
    if (m < 2)
        return 0;
    rank = malloc(m * sizeof *rank);
    if (rank == NULL)
        return 0;
    qsort(v, m, sizeof *v, eq_rank_cmp);
    for (size_t i = 0; i < m; i++) {
        total += v[i].r;
        mean_y += v[i].r * v[i].y;
    }
    for (size_t i = 0, j; i < m; i = j) {
        double group = 0;
        for (j = i; j < m && v[j].imd == v[i].imd; j++)
            group += v[j].r;
        for (size_t k = i; k < j; k++)
            rank[k] = total > 0 ? (cum + group / 2) / total : 0.5;
        cum += group;
    }
    if (!(total > 0) || !(mean_y > 0)) {
        free(rank);
        return 0;
    }
    mean_y /= total;
    for (size_t i = 0; i < m; i++)
        mean_rank += v[i].r * rank[i] / total;
    for (size_t i = 0; i < m; i++)
        cov += v[i].r * (v[i].y - mean_y) * (rank[i] - mean_rank) / total;
    free(rank);
    return 2 * cov / mean_y;
}

