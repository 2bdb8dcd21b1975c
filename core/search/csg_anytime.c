/* search/csg_anytime.c -- the anytime search, for more units than the exact
 * tables allow (or when asked).
 *
 * 1. Every admissible coalition of at most max_size units is enumerated once
 *    (each connected set grown from its lowest unit, extending only by
 *    neighbours not yet decided -- the standard enumeration of connected
 *    induced subgraphs) and valued, in parallel, into a table.
 * 2. A proven upper bound from the Lagrangian relaxation of the partition
 *    constraints (csg_bound.c).
 * 3. Iterated local search (moves of one unit to a neighbouring coalition or
 *    to a coalition of its own, merges of neighbouring coalitions, exact
 *    re-partition of two neighbouring coalitions), perturbed by a fixed
 *    number of rounds drawn from GSL's generator with a fixed seed. The
 *    result depends on the round count, never on the clock or the threads.
 * 4. An exact branch and bound over covers by the table's coalitions,
 *    bounded by the Lagrangian multipliers, within a fixed node budget
 *    (csg_cover.c); when it finishes, the k best are proven.
 */
#include "csg_any.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ASSUMPTION: at most 2^25 coalitions (512 MB with their values); a larger
 * space needs a tighter max_size. */
#define MAX_COALITIONS (1ull << 25)

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    return x ^ (x >> 33);
}

double any_lookup(const any *a, cs_set c)
{
    size_t mask = a->hcap - 1;
    for (size_t h = mix(c) & mask;; h = (h + 1) & mask) {
        if (a->hkey[h] == c)
            return a->hval[h];
        if (!a->hkey[h])
            return -INFINITY;
    }
}

static int push(any *a, cs_set s)
{
    if (a->n_set == a->cap_set) {
        if (a->cap_set >= MAX_COALITIONS)
            return -1;
        size_t cap = a->cap_set ? 2 * a->cap_set : 1024;
        cs_set *ns = realloc(a->set, cap * sizeof *ns);
        if (!ns)
            return -1;
        a->set = ns;
        a->cap_set = cap;
    }
    a->set[a->n_set++] = s;
    return 0;
}

static int pairs_whole(const csg_run *r, cs_set c)
{
    for (cs_set f = c; f; f &= f - 1)
        if ((r->pair_mask[csg_low(f)] & c) != r->pair_mask[csg_low(f)])
            return 0;
    return 1;
}

static int grow(any *a, cs_set S, cs_set cand, cs_set forb, unsigned size)
{
    if (pairs_whole(a->r, S) && push(a, S) != 0)
        return -1;
    if (size == a->r->max_size)
        return 0;
    while (cand) {
        cs_set w = cand & (~cand + 1);
        cand ^= w;
        cs_set nf = forb | w;
        if (grow(a, S | w, (cand | a->r->p->nbr[csg_low(w)]) & ~nf, nf, size + 1) != 0)
            return -1;
        forb = nf;
    }
    return 0;
}

static void value_worker(void *arg, unsigned t)
{
    any *a = arg;
    for (size_t c0 = (size_t)t * 1024; c0 < a->n_set; c0 += (size_t)a->nt * 1024)
        for (size_t c = c0; c < c0 + 1024 && c < a->n_set; c++)
            a->val[c] = csg_value(a->r, a->set[c]);
}

/* Enumerates and values the coalitions; keeps the finite ones, hashed. */
static int enumerate(any *a)
{
    csg_run *r = a->r;
    for (unsigned i = 0; i < r->n; i++) {
        cs_set forb = i == 63 ? ~(cs_set)0 : CSG_BIT(i + 1) - 1;
        if (grow(a, CSG_BIT(i), r->p->nbr[i] & ~forb, forb, 1) != 0) {
            snprintf(r->err, r->errlen, "more than %llu coalitions of up to %u units "
                     "(or out of memory); set a smaller max_size",
                     (unsigned long long)MAX_COALITIONS, r->max_size);
            return -1;
        }
    }
    a->val = malloc((a->n_set ? a->n_set : 1) * sizeof *a->val);
    if (!a->val)
        return snprintf(r->err, r->errlen, "out of memory"), -1;
    csg_parallel(a->nt, value_worker, a);
    size_t k = 0;
    for (size_t c = 0; c < a->n_set; c++)
        if (a->val[c] > -INFINITY) {
            a->set[k] = a->set[c];
            a->val[k++] = a->val[c];
        }
    a->n_set = k;
    for (a->hcap = 16; a->hcap < 2 * k + 16; a->hcap *= 2)
        ;
    a->hkey = calloc(a->hcap, sizeof *a->hkey);
    a->hval = malloc(a->hcap * sizeof *a->hval);
    if (!a->hkey || !a->hval)
        return snprintf(r->err, r->errlen, "out of memory"), -1;
    for (size_t c = 0; c < k; c++) {
        size_t h = mix(a->set[c]) & (a->hcap - 1);
        while (a->hkey[h])
            h = (h + 1) & (a->hcap - 1);
        a->hkey[h] = a->set[c];
        a->hval[h] = a->val[c];
    }
    return 0;
}

int csg_anytime(csg_run *r, double *ub, int *optimal, unsigned long long *n_coal)
{
    any *a = calloc(1, sizeof *a);
    int rc = -1;
    if (!a)
        return snprintf(r->err, r->errlen, "out of memory"), -1;
    a->r = r;
    a->nt = r->threads > CSG_MAXN ? CSG_MAXN : r->threads;
    if (enumerate(a) == 0) {
        *n_coal = a->n_set;
        rc = 0;
        if (!atomic_load(&r->bad_value)) {
            double best = any_search(a), lam[CSG_MAXN];
            *ub = any_bound(a, best, lam);
            if (*ub > -INFINITY && any_exact(a, lam) && r->top.n > 0) {
                *optimal = 1;    /* the cover search finished: proven */
                *ub = r->top.s[0].value;
            } else if (r->top.n > 0) {
                best = r->top.s[0].value;
                *optimal = !(*ub > best + 1e-9 * (1 + fabs(best)));
            }
        }
    }
    free(a->set);
    free(a->val);
    free(a->hkey);
    free(a->hval);
    free(a);
    return rc;
}
