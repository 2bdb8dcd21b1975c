/* search/csg_any.h -- what the anytime search's files share (not public). */
#ifndef CS_SEARCH_CSG_ANY_H
#define CS_SEARCH_CSG_ANY_H

#include "csg_int.h"

typedef struct any {
    csg_run *r;
    unsigned nt;
    cs_set *set;                 /* the admissible coalitions with finite value */
    double *val;
    size_t n_set, cap_set;
    cs_set *hkey;                /* open-addressed table: set -> value */
    double *hval;
    size_t hcap;
} any;

/* The value of coalition c, -INFINITY when it is not in the table. */
double any_lookup(const any *a, cs_set c);
/* Iterated local search; offers what it finds to r->top and returns the
 * best value found (-INFINITY when nothing feasible was found). */
double any_search(any *a);
/* A proven upper bound on the optimum (csg_bound.c); best is the best
 * value known, used only to size the subgradient steps; lam receives the
 * unit multipliers of the lowest bound (n numbers). */
double any_bound(const any *a, double best, double *lam);
/* Branch and bound over exact covers by the table's coalitions, bounded by
 * the multipliers lam (csg_cover.c); offers to r->top. Returns 1 when it
 * finished within its node budget (the k best are then proven), else 0. */
int any_exact(const any *a, const double *lam);

#endif
