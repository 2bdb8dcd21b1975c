/* equity_ci.h -- the concentration index of the equity criterion
 * (plugins/equity.c), kept apart to keep each file short. */
#ifndef EQUITY_CI_H
#define EQUITY_CI_H

#include <stddef.h>

/* A practice in a ranking: IMD, registered list, value, position. */
typedef struct eq_rank {
    double imd, r, y;
    size_t p;
} eq_rank;

/* Orders by IMD, then by position: qsort comparator. */
int eq_rank_cmp(const void *x, const void *y);

/* Concentration index of y against IMD over v[0..m), weights r: ranks are
 * list-weighted fractional ranks by IMD (ties share their mean rank);
 * CI = 2 cov(y, rank) / mean(y). 0 when fewer than two practices or no
 * positive mean. Sorts v. */
double eq_ci_rank(eq_rank *v, size_t m);

#endif
