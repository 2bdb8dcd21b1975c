/* search/csg_exact.c -- the exact search for n <= CS_CSG_EXACT_MAX units.
 *
 * 1. v[C] for every subset C: the value of each admissible coalition
 *    (connected, pairs whole, within max_size), -inf for the rest.
 * 2. f[S], the best partition of S, by the dynamic programme over subsets
 *    (Yeh 1986; Rothkopf et al. 1998) for every S of at most m units, m
 *    chosen so the programme stays within a fixed budget of operations.
 * 3. A depth-first branch and bound over coalition structures (the coalition
 *    holding the lowest unplaced unit first), bounded by the least of f (for
 *    small remainders), the per-unit shares, and the best sizes -- the
 *    combination of a partial DP with a structure search that ODP-IP uses
 *    (Michalak, Rahwan et al. 2016). With k = 1 and no parts limits a
 *    remainder of at most m units that cannot reach the best value held is
 *    settled by f; one that can is searched, so that of equal structures
 *    the documented order's first is returned. Without parts
 *    limits the first coalition placed is the structure's largest, so the
 *    rest is bounded by the size maxima up to its size (the integer-
 *    partition view of IP, Rahwan et al. 2009), and the rest is searched
 *    with that cap.
 * docs/search-solver.md states the bounds and why they hold. */
#include "csg_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 4096u
#define SH_BITS 13u
#define SH_MASK ((1u << SH_BITS) - 1)

typedef struct ex {
    csg_run *r;
    double *v, *f;
    unsigned m, nt, layer;
    int shortcut, memo, complete;
    double share[CSG_MAXN];
    double sh_lo[1u << SH_BITS], sh_hi[1u << SH_BITS]; /* share sums by half */
    double best_size[CSG_MAXN + 1];          /* M[s]: best value of any s-coalition */
    double ub_size[CSG_MAXN + 1][CSG_MAXN + 1]; /* [units left][parts used] */
    double best_f[CSG_MAXN + 1];             /* F[j]: best f over j-sets, j <= m */
    double t_fmax[CSG_MAXN];
    double chunk[CSG_MAXN + 1];              /* the chunk bound by units left */
    double size_cap[CSG_MAXN + 1][CSG_MAXN + 1]; /* [largest part][units left] */
    double few[CSG_MAXN + 1][CSG_MAXN + 1];  /* [a][k]: subsets of a things with < k */
    double t_share[CSG_MAXN][CSG_MAXN], t_size[CSG_MAXN][CSG_MAXN + 1];
    unsigned long long t_coal[CSG_MAXN], t_calls[CSG_MAXN];
    double P[CSG_MAXN + 1][CSG_MAXN + 1];
    atomic_ullong next;
} ex;

static void fill_values(void *arg, unsigned t)
{
    ex *e = arg;
    csg_run *r = e->r;
    size_t total = (size_t)1 << r->n;
    double *sh = e->t_share[t], *sz = e->t_size[t];
    for (unsigned i = 0; i < r->n; i++)
        sh[i] = -INFINITY;
    for (unsigned s = 0; s <= r->n; s++)
        sz[s] = -INFINITY;
    for (size_t c0 = (size_t)t * CHUNK; c0 < total; c0 += (size_t)e->nt * CHUNK) {
        for (size_t c = c0; c < c0 + CHUNK && c < total; c++) {
            double x = -INFINITY;
            unsigned k = csg_popc(c);
            if (k > e->m)
                e->f[c] = INFINITY;      /* no bound learnt yet (see dfs) */
            if (e->complete ? c && k <= r->max_size && csg_pairs_whole(r, c)
                            : csg_admissible(r, c)) {
                x = csg_value_nc(r, c);
                e->t_calls[t]++;
            }
            e->v[c] = x;
            if (x == -INFINITY)
                continue;
            e->t_coal[t]++;
            if (x > sz[k])
                sz[k] = x;
            double per = x / k;
            for (cs_set b = c; b; b &= b - 1)
                if (per > sh[csg_low(b)])
                    sh[csg_low(b)] = per;
        }
    }
}

/* f[S] for one set S (every smaller set done). */
static double dp_one(const double *v, double *f, cs_set S)
{
    cs_set u = S & (~S + 1), rest = S ^ u;
    double best = v[S];
    for (cs_set sub = (rest - 1) & rest;; sub = (sub - 1) & rest) {
        cs_set C = sub | u;
        double x = v[C];
        if (x > -INFINITY && x + f[S ^ C] > best)
            best = x + f[S ^ C];
        if (!sub)
            break;
    }
    f[S] = best;
    return best;
}

#define TOPB 6u

/* f over the subsets of one size: the sets are taken block by block (one
 * block per value of the top TOPB bits), and within a block the low bits of
 * that size by Gosper's successor, so no set of another size is looked at. */
static void dp_layer(void *arg, unsigned t)
{
    ex *e = arg;
    unsigned n = e->r->n, T = n < TOPB ? n : TOPB, L = n - T, s = e->layer;
    double fmax_t = -INFINITY;
    (void)t;
    for (;;) {
        unsigned long long hi = atomic_fetch_add(&e->next, 1);
        if (hi >= (1ull << T))
            break;
        unsigned h = csg_popc(hi);
        if (h > s || s - h > L)
            continue;
        cs_set base = (cs_set)hi << L;
        uint64_t lo = (1ull << (s - h)) - 1, end = 1ull << L;
        while (lo < end) {
            if (base | lo) {
                double b = dp_one(e->v, e->f, base | lo);
                fmax_t = b > fmax_t ? b : fmax_t;
            }
            if (!lo)
                break;
            uint64_t lb = lo & (~lo + 1), ri = lo + lb;
            lo = (((ri ^ lo) >> 2) / lb) | ri;
        }
    }
    e->t_fmax[t] = fmax_t;
}

static double binom(unsigned n, unsigned k)
{
    double b = 1;
    for (unsigned i = 1; i <= k; i++)
        b = b * (n - k + i) / i;
    return b;
}

static void choose_m(ex *e)
{
    unsigned n = e->r->n;
    double cost = 0;
    e->m = 0;
    for (unsigned s = 1; s <= n; s++) {
        cost += binom(n, s) * ldexp(1, (int)s - 1);
        if (cost > e->r->dp_budget && s > 1)
            break;
        e->m = s;
    }
}

static void run_dp(ex *e)
{
    e->f[0] = 0;
    for (e->layer = 1; e->layer <= e->m; e->layer++) {
        for (unsigned t = 0; t < e->nt; t++)
            e->t_fmax[t] = -INFINITY;
        atomic_store(&e->next, 0);
        csg_parallel(e->nt, dp_layer, e);
        e->best_f[e->layer] = -INFINITY;
        for (unsigned t = 0; t < e->nt; t++)
            e->best_f[e->layer] = fmax(e->best_f[e->layer], e->t_fmax[t]);
    }
}

/* The size bounds: P[c][k], the best sum of k coalition maxima whose sizes
 * add to c; ub_size[c][p] the best P[c][k] with p + k parts allowed. */
static void size_bounds(ex *e)
{
    csg_run *r = e->r;
    unsigned n = r->n;
    double (*P)[CSG_MAXN + 1] = e->P;
    for (unsigned c = 0; c <= n; c++)
        for (unsigned k = 0; k <= n; k++)
            P[c][k] = c == 0 && k == 0 ? 0 : -INFINITY;
    for (unsigned c = 1; c <= n; c++)
        for (unsigned k = 1; k <= c; k++)
            for (unsigned s = 1; s <= c - (k - 1); s++)
                if (e->best_size[s] + P[c - s][k - 1] > P[c][k])
                    P[c][k] = e->best_size[s] + P[c - s][k - 1];
    for (unsigned c = 0; c <= n; c++)
        for (unsigned p = 0; p <= n; p++) {
            double b = -INFINITY;
            for (unsigned k = c ? 1 : 0; k <= c; k++)
                if (csg_parts_ok(r, p + k) && P[c][k] > b)
                    b = P[c][k];
            e->ub_size[c][p] = b;
        }
    /* The chunk bound: a partition of c units is its coalitions of more than
       m units (each at most M[s]) and its smaller ones, each at most
       F[|C|] >= f(C) >= v(C); so it is at most the best sum of G[j] over
       the ways to write c as a sum of sizes j, G[j] = F[j] for j <= m and
       M[j] above. Parts limits are ignored, which only loosens it. */
    e->chunk[0] = 0;
    for (unsigned c = 1; c <= n; c++) {
        double b = -INFINITY;
        for (unsigned j = 1; j <= c; j++) {
            double g = j <= e->m ? e->best_f[j] : e->best_size[j];
            if (g + e->chunk[c - j] > b)
                b = g + e->chunk[c - j];
        }
        e->chunk[c] = b;
    }
    /* size_cap[k][c]: the best sum of size maxima M[j], j <= k, over the
       ways to write c as a sum of sizes -- a bound on every partition of c
       units into coalitions of at most k units (parts limits ignored). */
    for (unsigned k = 0; k <= n; k++) {
        e->size_cap[k][0] = 0;
        for (unsigned c = 1; c <= n; c++) {
            double b = -INFINITY;
            for (unsigned j = 1; j <= c && j <= k; j++)
                if (e->best_size[j] + e->size_cap[k][c - j] > b)
                    b = e->best_size[j] + e->size_cap[k][c - j];
            e->size_cap[k][c] = b;
        }
    }
}

/* The bounds that need no table of 2^n: parts-limited size maxima, the
 * chunk bound, the units' best shares (two half-tables of sums). */
static inline double ub_cheap(const ex *e, cs_set R, unsigned c, unsigned p)
{
    double b = e->ub_size[c][p];
    if (e->chunk[c] < b)
        b = e->chunk[c];
    double s = e->sh_lo[R & SH_MASK] + e->sh_hi[R >> SH_BITS];
    return s < b ? s : b;
}

static double ub_rest(const ex *e, cs_set R, unsigned p)
{
    unsigned c = csg_popc(R);
    double b = ub_cheap(e, R, c, p);
    if (R && c <= e->m && e->f[R] < b)
        b = e->f[R];
    return b;
}

/* What the rest of a branch must reach to matter: the k-th value held, less
 * a relative 1e-9 so that rounding never cuts a tie; -inf while fewer than
 * k are held. */
static double need_of(const csg_run *r, double cur)
{
    double th = atomic_load_explicit(&r->top.thresh, memory_order_relaxed);
    return th == -INFINITY ? -INFINITY : th - 1e-9 * (1 + fabs(th)) - cur;
}

/* Appends f's own partition of R to parts[p..]; returns the new count. */
static unsigned read_f(const ex *e, cs_set R, unsigned p, cs_set *parts, double *vals)
{
    while (R) {
        cs_set u = R & (~R + 1), rest = R ^ u;
        for (cs_set sub = rest;; sub = (sub - 1) & rest) {
            cs_set C = sub | u;
            if (e->v[C] > -INFINITY && e->v[C] + e->f[R ^ C] == e->f[R]) {
                parts[p] = C;
                vals[p++] = e->v[C];
                R ^= C;
                break;
            }
            if (!sub)
                return p;        /* not reached: f[R] is one of these sums */
        }
    }
    return p;
}

/* Finishes R by f's own partition and offers the structure. */
static void finish_by_f(const ex *e, cs_set R, unsigned p, cs_set *parts, double *vals)
{
    csg_topk_offer(&e->r->top, parts, vals, read_f(e, R, p, parts, vals));
}

/* A first structure, so the search prunes from the start: m units at a
 * time, the m-set holding the lowest unit left with the best f, each read
 * back by f (ASSUMPTION: a heuristic; any structure would be correct).
 * Only without parts limits, which it might break. */
static void seed(const ex *e)
{
    cs_set R = e->r->all, parts[CSG_MAXN];
    double vals[CSG_MAXN];
    unsigned p = 0, idx[CSG_MAXN];
    while (csg_popc(R) > e->m) {
        cs_set u = R & (~R + 1), best_A = 0;
        unsigned k = 0;
        for (cs_set b = R ^ u; b; b &= b - 1)
            idx[k++] = csg_low(b);
        double best = -INFINITY;
        /* every (m-1)-subset of the k other units, by Gosper's hack */
        for (uint64_t c = (1ull << (e->m - 1)) - 1; c < (1ull << k);) {
            cs_set A = u;
            for (uint64_t b = c; b; b &= b - 1)
                A |= CSG_BIT(idx[csg_low(b)]);
            if (e->f[A] > best) {
                best = e->f[A];
                best_A = A;
            }
            if (!c)
                break;
            uint64_t lo = c & (~c + 1), ri = c + lo;
            c = (((ri ^ c) >> 2) / lo) | ri;
        }
        if (best == -INFINITY)
            return;
        p = read_f(e, best_A, p, parts, vals);
        R ^= best_A;
    }
    if (e->f[R] > -INFINITY)
        finish_by_f(e, R, p, parts, vals);
}

static double dfs(const ex *e, cs_set R, unsigned p, double cur, cs_set *parts,
                  double *vals, unsigned long *ticks, unsigned smax, int tie);

/* The bound learnt for a set of more than m units (+inf when none yet).
 * Threads share the table; any value read is a proven bound. */
static inline double learnt(const ex *e, cs_set R)
{
    double b;
    __atomic_load(&e->f[R], &b, __ATOMIC_RELAXED);
    return b;
}

/* Tries coalition C (holding R's lowest unit) as part p; need is what the
 * value of C and of the rest must reach together. Returns an upper bound on
 * v(C) + (the best partition of R \ C), for R's own learnt bound. The hot
 * loop: the bound with C's size maximum is tried before v[C] is read. */
static inline double try_child(const ex *e, cs_set R, cs_set C, unsigned p, double cur,
                               double need, cs_set *parts, double *vals,
                               unsigned long *ticks, unsigned smax, int tie)
{
    cs_set R2 = R ^ C;
    unsigned c2 = csg_popc(R2);
    double ub = ub_cheap(e, R2, c2, p + 1);
    if (e->size_cap[smax][c2] < ub)
        ub = e->size_cap[smax][c2];
    double cap = e->best_size[csg_popc(R) - c2];
    if (cap + ub < need || !(ub > -INFINITY))
        return cap + ub;         /* decided without touching the big tables */
    if (R2 && c2 <= e->m)
        ub = e->f[R2] < ub ? e->f[R2] : ub;
    else if (R2 && e->memo) {
        double l = learnt(e, R2);
        ub = l < ub ? l : ub;
    }
    if (cap + ub < need)
        return cap + ub;
    double x = e->v[C];
    if (x == -INFINITY || x + ub < need)
        return x + ub;
    parts[p] = C;
    vals[p] = x;
    if (!R2) {
        csg_topk_offer(&e->r->top, parts, vals, p + 1);
        return x;
    }
    double got = dfs(e, R2, p + 1, cur + x, parts, vals, ticks, smax, tie);
    return x + (got < ub ? got : ub);
}

/* Searches the partitions of R below a prefix worth cur with p parts.
 * Returns an upper bound on the best partition of R (+inf when the search
 * was stopped); with `memo`, a set of more than m units keeps the least such
 * bound found, which later visits of R from other prefixes prune by (every
 * child's term is v(C) or its size maximum plus a bound on the rest, so
 * their maximum bounds every partition of R). */
static double dfs(const ex *e, cs_set R, unsigned p, double cur, cs_set *parts,
                  double *vals, unsigned long *ticks, unsigned smax, int tie)
{
    unsigned r = csg_popc(R);
    if (((++*ticks) & 0xff) == 0 && csg_timed_out(e->r))
        return INFINITY;
    if (atomic_load_explicit(&e->r->stop, memory_order_relaxed))
        return INFINITY;
    /* A small remainder that cannot reach the k-th value is settled by f.
       One that can is searched like any other, not finished by f's own
       partition: that need not be the first of R's equally good partitions
       in the documented order, and with exact ties the structure returned
       must be the order's first. With the threshold tight, only R's
       partitions within rounding of f[R] pass the bounds. */
    if (e->shortcut && r <= e->m
        && !(e->f[R] > -INFINITY && e->f[R] >= need_of(e->r, cur)))
        return e->f[R];
    cs_set u = R & (~R + 1), rest = R ^ u;
    double need = need_of(e->r, cur), bk = -INFINITY;
    unsigned q = 0;
    /* the most units a coalition of R may have: smax, less one when a
       coalition of smax units must have its lowest unit above tie */
    unsigned kmax = (int)csg_low(R) > tie ? smax : smax - 1;
    if (kmax < r && e->few[r - 1][kmax] < ldexp(1, (int)r - 4)) {
        /* few coalitions are small enough: enumerate them by size (the
           others of rest, j of them, by Gosper's successor over indices)
           instead of filtering all 2^(r-1) subsets */
        unsigned idx[CSG_MAXN], k = 0;
        for (cs_set b = rest; b; b &= b - 1)
            idx[k++] = csg_low(b);
        for (unsigned j = kmax; j-- > 0;) {
            for (uint64_t c = (1ull << j) - 1; c < (1ull << k);) {
                if ((++q & 0x3ff) == 0) {
                    need = need_of(e->r, cur);
                    if ((q & 0xfffff) == 0 && csg_timed_out(e->r))
                        return INFINITY;
                }
                cs_set sub = 0;
                for (uint64_t b = c; b; b &= b - 1)
                    sub |= CSG_BIT(idx[csg_low(b)]);
                double t = try_child(e, R, sub | u, p, cur, need, parts, vals, ticks,
                                     smax, tie);
                bk = t > bk ? t : bk;
                if (!c)
                    break;
                uint64_t lo = c & (~c + 1), ri = c + lo;
                c = (((ri ^ c) >> 2) / lo) | ri;
            }
        }
        return atomic_load_explicit(&e->r->stop, memory_order_relaxed) ? INFINITY : bk;
    }
    for (cs_set sub = rest;; sub = (sub - 1) & rest) {
        if ((++q & 0x3ff) == 0) {
            need = need_of(e->r, cur);   /* the k-th value only rises */
            if ((q & 0xfffff) == 0 && csg_timed_out(e->r))
                return INFINITY;
        }
        if (kmax >= r || csg_popc(sub) < kmax) {
            double t = try_child(e, R, sub | u, p, cur, need, parts, vals, ticks,
                                 smax, tie);
            bk = t > bk ? t : bk;
        }
        if (!sub)
            break;
    }
    if (atomic_load_explicit(&e->r->stop, memory_order_relaxed))
        return INFINITY;
    /* a bound learnt under a size cap bounds only the capped partitions,
       so only an uncapped search (kmax >= r) is kept */
    if (e->memo && r > e->m && kmax >= r && bk < learnt(e, R))
        __atomic_store(&e->f[R], &bk, __ATOMIC_RELAXED);
    return bk;
}

/* The root's children (coalitions holding unit 0), shared out by blocks in
 * a fixed order, largest coalitions first. */
static void root_worker(void *arg, unsigned t)
{
    ex *e = arg;
    (void)t;
    unsigned n = e->r->n;
    cs_set parts[CSG_MAXN];
    double vals[CSG_MAXN];
    unsigned long ticks = 0;
    unsigned long long n_sub = 1ull << (n - 1), blk = 1024;
    for (;;) {
        unsigned long long b = atomic_fetch_add(&e->next, 1);
        if (b * blk >= n_sub || csg_timed_out(e->r))
            break;
        double need = need_of(e->r, 0);
        for (unsigned long long j = b * blk; j < (b + 1) * blk && j < n_sub; j++) {
            cs_set sub = (cs_set)(n_sub - 1 - j) << 1;
            try_child(e, e->r->all, sub | 1, 0, 0, need, parts, vals, &ticks,
                      e->r->n, -1);
        }
    }
}

/* The root without parts limits: the structure's first coalition is its
 * largest (of its largest, the one with the lowest first unit), so every
 * other coalition has at most as many units, and one of as many has a
 * higher first unit. Each structure is met once; the rest's bound uses the
 * size maxima up to the first coalition's size, which cuts the structures
 * made of small coalitions at once. Sets are taken in blocks, from the
 * whole set down. */
static void root_largest(void *arg, unsigned t)
{
    ex *e = arg;
    (void)t;
    unsigned n = e->r->n;
    cs_set parts[CSG_MAXN], all = e->r->all;
    double vals[CSG_MAXN];
    unsigned long ticks = 0;
    unsigned long long n_set = 1ull << n, blk = 4096;
    for (;;) {
        unsigned long long b = atomic_fetch_add(&e->next, 1);
        if (b * blk >= n_set || csg_timed_out(e->r))
            break;
        double need = need_of(e->r, 0);
        for (unsigned long long j = b * blk; j < (b + 1) * blk && j < n_set - 1; j++) {
            cs_set C = (cs_set)(n_set - 1 - j), R = all ^ C;
            unsigned s = csg_popc(C), c2 = n - s;
            double ub = e->size_cap[s][c2];
            if (e->best_size[s] + ub < need || !(ub > -INFINITY))
                continue;
            double sh = e->sh_lo[R & SH_MASK] + e->sh_hi[R >> SH_BITS];
            ub = sh < ub ? sh : ub;
            if (e->best_size[s] + ub < need)
                continue;
            double x = e->v[C];
            if (!(x > -INFINITY) || x + ub < need)
                continue;
            if (R && c2 <= e->m)
                ub = e->f[R] < ub ? e->f[R] : ub;
            else if (R) {
                double l = learnt(e, R);
                ub = l < ub ? l : ub;
            }
            if (x + ub < need)
                continue;
            parts[0] = C;
            vals[0] = x;
            if (!R)
                csg_topk_offer(&e->r->top, parts, vals, 1);
            else
                dfs(e, R, 1, x, parts, vals, &ticks, s, (int)csg_low(C));
        }
    }
}

int csg_exact(csg_run *r, double *ub, int *optimal, unsigned long long *n_coal)
{
    size_t total = (size_t)1 << r->n;
    ex *e = calloc(1, sizeof *e);
    if (e) {
        e->v = malloc(total * sizeof *e->v);
        e->f = malloc(total * sizeof *e->f);
    }
    if (!e || !e->v || !e->f) {
        if (e)
            free(e->v), free(e->f);
        free(e);
        snprintf(r->err, r->errlen, "out of memory for the exact search's tables "
                 "(2 x 2^%u numbers); use the anytime search", r->n);
        return -1;
    }
    e->r = r;
    e->nt = r->threads > CSG_MAXN ? CSG_MAXN : r->threads;
    e->complete = 1;
    for (unsigned i = 0; i < r->n; i++)
        e->complete &= r->p->nbr[i] == (r->all & ~CSG_BIT(i));
    choose_m(e);
    for (unsigned a = 0; a <= r->n; a++)
        for (unsigned k = 0; k <= r->n; k++)
            e->few[a][k] = k ? e->few[a][k - 1] + (k - 1 <= a ? binom(a, k - 1) : 0) : 0;
    csg_parallel(e->nt, fill_values, e);
    for (unsigned s = 0; s <= r->n; s++)
        e->best_size[s] = -INFINITY;
    for (unsigned i = 0; i < r->n; i++)
        e->share[i] = -INFINITY;
    for (unsigned t = 0; t < e->nt; t++) {
        *n_coal += e->t_coal[t];
        atomic_fetch_add(&r->n_calls, e->t_calls[t]);
        for (unsigned s = 0; s <= r->n; s++)
            e->best_size[s] = fmax(e->best_size[s], e->t_size[t][s]);
        for (unsigned i = 0; i < r->n; i++)
            e->share[i] = fmax(e->share[i], e->t_share[t][i]);
    }
    for (unsigned h = 0; h < (1u << SH_BITS); h++) {
        double lo = 0, hi = 0;
        for (unsigned i = 0; i < SH_BITS; i++)
            if (h >> i & 1) {
                lo += i < r->n ? e->share[i] : 0;
                hi += i + SH_BITS < r->n ? e->share[i + SH_BITS] : 0;
            }
        e->sh_lo[h] = lo;
        e->sh_hi[h] = hi;
    }
    run_dp(e);
    size_bounds(e);
    e->shortcut = r->top_k == 1 && !r->min_parts && !r->max_parts;
    e->memo = !r->min_parts && !r->max_parts;
    atomic_store(&e->next, 0);
    if (!r->min_parts && !r->max_parts && e->m < r->n)
        seed(e);
    if (!atomic_load(&r->bad_value))
        csg_parallel(e->nt, e->memo && e->m < r->n ? root_largest : root_worker, e);
    *ub = ub_rest(e, r->all, 0);
    if (r->audit) {
        memcpy(r->audit, e->f, total * sizeof *e->f);
        *r->audit_m = e->m;
    }
    *optimal = !atomic_load(&r->stop);
    free(e->v);
    free(e->f);
    free(e);
    return 0;
}
