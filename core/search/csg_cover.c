/* search/csg_cover.c -- exact branch and bound over the anytime search's
 * table of coalitions, within a fixed node budget.
 *
 * Depth first over exact covers: the lowest uncovered unit's coalition is
 * chosen next (it is then that coalition's lowest unit, so each unit's
 * candidates are one run of the table). Bound: for multipliers lambda (the
 * Lagrangian's best, csg_bound.c), reduced costs rc(C) = v(C) - lambda(C)
 * and rho_i = max_{C ni i} max(0, rc(C)) / |C|, any partition of a set R of
 * uncovered units into coalitions has value
 *   sum_C (lambda(C) + rc(C)) <= sum_{i in R} (lambda_i + rho_i) =: W(R).
 * A unit's candidates are sorted by rc(C) - rho(C) (highest first); the
 * bound of choosing C is v(C) + W(R \ C) = W(R) + rc(C) - rho(C), which
 * falls along the list, so the first candidate that cannot reach the k-th
 * best value ends the list. The budget (cs_csg_opts.cover_nodes) counts
 * candidates tried, never time,
 * so whether the search finishes does not depend on the machine (the time
 * limit, a safety stop, is checked too and reported when it cuts). */
#include "csg_any.h"

#include <math.h>
#include <stdlib.h>

typedef struct cand { double key; cs_set set; double val; } cand;
typedef struct bb {
    const any *a;
    cand *c;
    size_t first[CSG_MAXN + 1];
    double w[CSG_MAXN];
    unsigned long long nodes;
    int out;                     /* the budget ran out */
    cs_set parts[CSG_MAXN];
    double vals[CSG_MAXN];
} bb;

static int by_key(const void *x, const void *y)
{
    const cand *p = x, *q = y;
    if (p->key != q->key)
        return p->key > q->key ? -1 : 1;
    return p->set < q->set ? -1 : p->set > q->set;
}

static double wsum(const bb *b, cs_set R)
{
    double s = 0;
    for (; R; R &= R - 1)
        s += b->w[csg_low(R)];
    return s;
}

static void cover(bb *b, cs_set R, unsigned p, double cur)
{
    csg_run *r = b->a->r;
    if (!R) {
        if (csg_parts_ok(r, p))
            csg_topk_offer(&r->top, b->parts, b->vals, p);
        return;
    }
    if (r->max_parts && p >= r->max_parts)
        return;
    unsigned u = csg_low(R);
    double W = wsum(b, R);
    for (size_t q = b->first[u]; q < b->first[u + 1] && !b->out; q++) {
        const cand *c = &b->c[q];
        double th = atomic_load_explicit(&r->top.thresh, memory_order_relaxed);
        if (th > -INFINITY && cur + W + c->key < th - 1e-9 * (1 + fabs(th)))
            break;               /* and so is every later candidate */
        if (c->set & ~R)
            continue;
        if (++b->nodes > r->cover_nodes ||
            ((b->nodes & 0xffff) == 1 && csg_timed_out(r))) {
            b->out = 1;
            break;
        }
        cs_set R2 = R & ~c->set;
        if (r->min_parts && p + 1 + csg_popc(R2) < r->min_parts)
            continue;
        b->parts[p] = c->set;
        b->vals[p] = c->val;
        cover(b, R2, p + 1, cur + c->val);
    }
}

int any_exact(const any *a, const double *lam)
{
    const csg_run *r = a->r;
    bb *b = calloc(1, sizeof *b);
    if (!b)
        return 0;
    b->a = a;
    b->c = malloc((a->n_set ? a->n_set : 1) * sizeof *b->c);
    if (!b->c) {
        free(b);
        return 0;
    }
    double rho[CSG_MAXN] = {0};
    for (size_t q = 0; q < a->n_set; q++) {
        double rc = a->val[q];
        for (cs_set s = a->set[q]; s; s &= s - 1)
            rc -= lam[csg_low(s)];
        double per = fmax(0, rc) / csg_popc(a->set[q]);
        for (cs_set s = a->set[q]; s; s &= s - 1)
            rho[csg_low(s)] = fmax(rho[csg_low(s)], per);
        b->c[q] = (cand){rc, a->set[q], a->val[q]};
    }
    for (unsigned i = 0; i < r->n; i++)
        b->w[i] = lam[i] + rho[i];
    for (size_t q = 0; q < a->n_set; q++)
        for (cs_set s = b->c[q].set; s; s &= s - 1)
            b->c[q].key -= rho[csg_low(s)];
    /* the table runs by lowest unit; each unit's run sorts on its own */
    for (unsigned i = 0, q = 0; i <= r->n; i++) {
        while (q < a->n_set && csg_low(a->set[q]) < i)
            q++;
        b->first[i] = q;
    }
    b->first[r->n] = a->n_set;
    for (unsigned i = 0; i < r->n; i++)
        qsort(b->c + b->first[i], b->first[i + 1] - b->first[i], sizeof *b->c, by_key);
    cover(b, r->all, 0, 0);
    int done = !b->out;
    free(b->c);
    free(b);
    return done;
}
