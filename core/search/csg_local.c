/* search/csg_local.c -- iterated local search over coalition structures.
 *
 * A structure is scored by (bad, value): bad counts the units in coalitions
 * that may not be used plus how far the parts count is outside its limits,
 * value sums the usable coalitions; fewer bad first, then higher value. So
 * the search starts from singletons even when they are not allowed and
 * merges its way to a feasible structure. Moves, best first: one unit to a
 * neighbouring coalition or to one of its own; two neighbouring coalitions
 * merged; two neighbouring coalitions of at most PAIR_MAX units re-split
 * exactly (a dynamic programme over their union). Between descents a
 * perturbation drawn from GSL's Mersenne Twister with a fixed seed
 * dissolves one or two coalitions into singletons. */
#include "csg_any.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ASSUMPTION: unions of up to 10 units are re-split exactly (3^10 steps). */
#define PAIR_MAX 10
/* ASSUMPTION: the generator's seed; any fixed value keeps runs repeatable. */
#define LS_SEED 20140601ul

typedef struct st { unsigned np; cs_set part[CSG_MAXN]; double val[CSG_MAXN]; } st;
typedef struct key { unsigned bad; double val; } key;

static int better(key a, key b)
{
    if (a.bad != b.bad)
        return a.bad < b.bad;
    return a.val > b.val + 1e-12 * (1 + fabs(b.val));
}

static unsigned viol(const csg_run *r, unsigned np)
{
    if (r->min_parts && np < r->min_parts)
        return r->min_parts - np;
    if (r->max_parts && np > r->max_parts)
        return np - r->max_parts;
    return 0;
}

static key st_key(const any *a, const st *s)
{
    key k = {viol(a->r, s->np), 0};
    for (unsigned j = 0; j < s->np; j++) {
        if (s->val[j] == -INFINITY)
            k.bad += csg_popc(s->part[j]);
        else
            k.val += s->val[j];
    }
    return k;
}

/* A move replaces parts o[0..no) with parts w[0..nw) (no, nw <= 2). */
typedef struct mv { int no, nw; unsigned o[2]; cs_set w[2]; double wv[2]; key k; } mv;

static key mv_key(const any *a, const st *s, key cur, mv *m)
{
    key k = cur;
    k.bad -= viol(a->r, s->np);
    k.bad += viol(a->r, (unsigned)((int)s->np - m->no + m->nw));
    for (int j = 0; j < m->no; j++) {
        double v = s->val[m->o[j]];
        if (v == -INFINITY)
            k.bad -= csg_popc(s->part[m->o[j]]);
        else
            k.val -= v;
    }
    for (int j = 0; j < m->nw; j++) {
        if (m->wv[j] == -INFINITY)
            k.bad += csg_popc(m->w[j]);
        else
            k.val += m->wv[j];
    }
    return k;
}

static void mv_apply(st *s, const mv *m)
{
    unsigned o0 = m->no > 0 ? m->o[0] : s->np, o1 = m->no > 1 ? m->o[1] : s->np;
    int j = 0;
    if (m->no > 0 && j < m->nw) { s->part[o0] = m->w[j]; s->val[o0] = m->wv[j]; j++; }
    if (m->no > 1 && j < m->nw) { s->part[o1] = m->w[j]; s->val[o1] = m->wv[j]; j++; }
    for (; j < m->nw; j++) {
        s->part[s->np] = m->w[j];
        s->val[s->np++] = m->wv[j];
    }
    /* parts left without a replacement: remove, higher index first */
    unsigned rm[2], nrm = 0;
    for (int q = m->nw; q < m->no; q++)
        rm[nrm++] = m->o[q];
    if (nrm == 2 && rm[0] < rm[1]) { unsigned t = rm[0]; rm[0] = rm[1]; rm[1] = t; }
    for (unsigned q = 0; q < nrm; q++) {
        s->part[rm[q]] = s->part[--s->np];
        s->val[rm[q]] = s->val[s->np];
    }
}

static void consider(const any *a, const st *s, key cur, mv *m, mv *best)
{
    for (int j = 0; j < m->nw; j++)
        m->wv[j] = any_lookup(a, m->w[j]);
    m->k = mv_key(a, s, cur, m);
    if (better(m->k, best->k))
        *best = *m;
}

static cs_set nbr_of(const any *a, cs_set s)
{
    cs_set u = 0;
    for (cs_set b = s; b; b &= b - 1)
        u |= a->r->p->nbr[csg_low(b)];
    return u & ~s;
}

static void unit_moves(const any *a, const st *s, key cur, const unsigned *owner, mv *best)
{
    for (unsigned i = 0; i < a->r->n; i++) {
        unsigned A = owner[i];
        cs_set Ai = s->part[A] & ~CSG_BIT(i);
        if (Ai && !cs_csg_connected(a->r->p->nbr, Ai))
            continue;
        uint64_t seen = 0;
        for (cs_set b = a->r->p->nbr[i] & ~s->part[A]; b; b &= b - 1) {
            unsigned B = owner[csg_low(b)];
            if (seen & ((uint64_t)1 << B))
                continue;
            seen |= (uint64_t)1 << B;
            mv m = {2, Ai ? 2 : 1, {A, B}, {s->part[B] | CSG_BIT(i), Ai}, {0, 0}, {0, 0}};
            consider(a, s, cur, &m, best);
        }
        if (Ai) {
            mv m = {1, 2, {A, 0}, {Ai, CSG_BIT(i)}, {0, 0}, {0, 0}};
            consider(a, s, cur, &m, best);
        }
    }
}

static void merge_moves(const any *a, const st *s, key cur, mv *best)
{
    for (unsigned A = 0; A < s->np; A++) {
        cs_set na = nbr_of(a, s->part[A]);
        for (unsigned B = A + 1; B < s->np; B++)
            if (na & s->part[B]) {
                mv m = {2, 1, {A, B}, {s->part[A] | s->part[B], 0}, {0, 0}, {0, 0}};
                consider(a, s, cur, &m, best);
            }
    }
}

/* Two neighbouring coalitions of at most PAIR_MAX units together: the best
 * split of their union U into two admissible coalitions, by trying every
 * C holding U's lowest unit against U \ C. */
static void pair_moves(const any *a, const st *s, key cur, mv *best)
{
    unsigned idx[PAIR_MAX];
    for (unsigned A = 0; A < s->np; A++) {
        cs_set na = nbr_of(a, s->part[A]);
        for (unsigned B = A + 1; B < s->np; B++) {
            cs_set U = s->part[A] | s->part[B], bestC = 0;
            unsigned u = csg_popc(U), full = (1u << u) - 1, k = 0;
            if (!(na & s->part[B]) || u > PAIR_MAX)
                continue;
            for (cs_set b = U; b; b &= b - 1)
                idx[k++] = csg_low(b);
            double bestv = -INFINITY;
            for (unsigned c = 1; c < full; c += 2) {
                cs_set C = 0;
                for (unsigned q = 0; q < u; q++)
                    if (c >> q & 1)
                        C |= CSG_BIT(idx[q]);
                double x = any_lookup(a, C);
                if (x > -INFINITY)
                    x += any_lookup(a, U & ~C);
                if (x > bestv) { bestv = x; bestC = C; }
            }
            if (bestv == -INFINITY)
                continue;
            mv m = {2, 2, {A, B}, {bestC, U & ~bestC}, {0, 0}, {0, 0}};
            consider(a, s, cur, &m, best);
        }
    }
}

/* Best-improvement descent to a local optimum. */
static key descend(const any *a, st *s)
{
    unsigned owner[CSG_MAXN];
    key cur = st_key(a, s);
    for (;;) {
        for (unsigned j = 0; j < s->np; j++)
            for (cs_set b = s->part[j]; b; b &= b - 1)
                owner[csg_low(b)] = j;
        mv best = {0, 0, {0, 0}, {0, 0}, {0, 0}, cur};
        unit_moves(a, s, cur, owner, &best);
        merge_moves(a, s, cur, &best);
        if (!better(best.k, cur))
            pair_moves(a, s, cur, &best);
        if (!better(best.k, cur))
            return cur;
        mv_apply(s, &best);
        cur = st_key(a, s);
    }
}

static void perturb(const any *a, st *s, gsl_rng *g)
{
    unsigned A = (unsigned)gsl_rng_uniform_int(g, s->np);
    cs_set D = s->part[A], na = nbr_of(a, D);
    if (gsl_rng_uniform_int(g, 2) && na) {
        unsigned c = (unsigned)gsl_rng_uniform_int(g, csg_popc(na));
        cs_set b = na;
        while (c--)
            b &= b - 1;
        for (unsigned j = 0; j < s->np; j++)
            if (s->part[j] & b & (~b + 1))
                D |= s->part[j];
    }
    unsigned k = 0;
    for (unsigned j = 0; j < s->np; j++)
        if (!(s->part[j] & D)) {
            s->part[k] = s->part[j];
            s->val[k++] = s->val[j];
        }
    for (cs_set b = D; b; b &= b - 1) {
        s->part[k] = b & (~b + 1);
        s->val[k++] = any_lookup(a, b & (~b + 1));
    }
    s->np = k;
}

typedef struct share_of { double share; cs_set set; size_t idx; } share_of;

/* Higher value per unit first; then the smaller set (a total order). */
static int by_share(const void *x, const void *y)
{
    const share_of *i = x, *j = y;
    if (i->share != j->share)
        return i->share > j->share ? -1 : 1;
    return i->set < j->set ? -1 : i->set > j->set;
}

/* The second start: an exact cover found depth first -- the lowest
 * uncovered unit's coalitions (each the lowest unit of its set, so the
 * table holds them as one run) tried by value per unit -- within a budget
 * of COVER_NODES; the units left uncovered, if the budget runs out, as
 * singletons. */
#define COVER_NODES 1000000ul    /* ASSUMPTION: bounds the start's cost */

typedef struct cover {
    const any *a;
    const share_of *ord;
    size_t first[CSG_MAXN + 1];
    unsigned long nodes;
    st *s;
} cover;

static int cover_dfs(cover *c, cs_set R)
{
    const csg_run *r = c->a->r;
    if (!R)
        return csg_parts_ok(r, c->s->np);
    if ((r->max_parts && c->s->np >= r->max_parts) ||
        (r->min_parts && c->s->np + csg_popc(R) < r->min_parts))
        return 0;
    unsigned u = csg_low(R);
    for (size_t q = c->first[u]; q < c->first[u + 1]; q++) {
        if ((c->ord[q].set & ~R) || ++c->nodes > COVER_NODES)
            continue;
        c->s->part[c->s->np] = c->ord[q].set;
        c->s->val[c->s->np++] = c->a->val[c->ord[q].idx];
        if (cover_dfs(c, R & ~c->ord[q].set))
            return 1;
        c->s->np--;
    }
    return 0;
}

static void cover_start(const any *a, st *s)
{
    share_of *ord = malloc((a->n_set ? a->n_set : 1) * sizeof *ord);
    cover c = {a, ord, {0}, 0, s};
    s->np = 0;
    if (ord) {
        /* the table runs by lowest unit (the enumeration grows each set
           from its lowest unit), so each unit's run sorts on its own */
        for (size_t q = 0; q < a->n_set; q++)
            ord[q] = (share_of){a->val[q] / csg_popc(a->set[q]), a->set[q], q};
        for (unsigned i = 0, q = 0; i <= a->r->n; i++) {
            while (q < a->n_set && csg_low(a->set[q]) < i)
                q++;
            c.first[i] = q;
        }
        c.first[a->r->n] = a->n_set;
        for (unsigned i = 0; i < a->r->n; i++)
            qsort(ord + c.first[i], c.first[i + 1] - c.first[i], sizeof *ord, by_share);
        if (!cover_dfs(&c, a->r->all))
            s->np = 0;
        free(ord);
    }
    if (s->np == 0)
        for (cs_set b = a->r->all; b; b &= b - 1) {
            s->part[s->np] = b & (~b + 1);
            s->val[s->np++] = any_lookup(a, b & (~b + 1));
        }
}

double any_search(any *a)
{
    csg_run *r = a->r;
    st cur, best;
    cur.np = r->n;
    for (unsigned i = 0; i < r->n; i++) {
        cur.part[i] = CSG_BIT(i);
        cur.val[i] = any_lookup(a, CSG_BIT(i));
    }
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    if (!g)
        return -INFINITY;
    gsl_rng_set(g, LS_SEED);
    key kc = descend(a, &cur), kb = kc;
    best = cur;
    if (kc.bad == 0)
        csg_topk_offer(&r->top, cur.part, cur.val, cur.np);
    cover_start(a, &cur);
    kc = descend(a, &cur);
    if (better(kc, kb)) {
        best = cur;
        kb = kc;
    }
    for (unsigned long round = 0;; round++) {
        if (kc.bad == 0)
            csg_topk_offer(&r->top, cur.part, cur.val, cur.np);
        if (round >= r->rounds || csg_timed_out(r))
            break;
        st next = best;
        perturb(a, &next, g);
        key kn = descend(a, &next);
        cur = next;              /* offered at the top of the loop */
        kc = kn;
        if (better(kn, kb)) {    /* the next perturbation starts from the best */
            best = next;
            kb = kn;
        }
    }
    gsl_rng_free(g);
    return r->top.n ? r->top.s[0].value : -INFINITY;
}
