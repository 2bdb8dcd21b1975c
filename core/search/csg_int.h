/* search/csg_int.h -- what the files of core/search/ share (not public). */
#ifndef CS_SEARCH_CSG_INT_H
#define CS_SEARCH_CSG_INT_H

#include "search/csg.h"

#include <pthread.h>
#include <stdatomic.h>

#define CSG_BIT(i) ((cs_set)1 << (i))
#define CSG_MAXN 64

/* Without the popcnt instruction (the default x86-64 target) gcc calls a
 * library routine for __builtin_popcountll, which dominated the exact
 * search's profile; the bit-parallel count below is a few inline steps. */
static inline unsigned csg_popc(cs_set s)
{
#if defined(__POPCNT__) || !defined(__x86_64__)
    return (unsigned)__builtin_popcountll(s);
#else
    s = s - ((s >> 1) & 0x5555555555555555ull);
    s = (s & 0x3333333333333333ull) + ((s >> 2) & 0x3333333333333333ull);
    s = (s + (s >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (unsigned)((s * 0x0101010101010101ull) >> 56);
#endif
}
static inline unsigned csg_low(cs_set s) { return (unsigned)__builtin_ctzll(s); }

/* The k best structures seen so far, in the order of csg.h. Shared between
 * threads: offers take the mutex; `thresh` (the k-th value, or -INFINITY
 * while fewer than k are held) may be read without it. */
typedef struct csg_topk {
    unsigned k, n;
    cs_csg_structure *s;
    pthread_mutex_t mu;
    _Atomic double thresh;
    atomic_int oom;         /* a structure among the k best was not kept:
                               no memory for its copy */
} csg_topk;

/* One solve: the checked problem and what the stages share. */
typedef struct csg_run {
    const cs_csg_problem *p;
    unsigned n, max_size, min_parts, max_parts, threads, top_k;
    cs_set all;                  /* the n units */
    cs_set pair_mask[CSG_MAXN];  /* pair_mask[i]: units that must go with i */
    double t0, time_limit;
    unsigned long rounds;
    unsigned long long cover_nodes;
    double dp_budget;
    atomic_ullong n_calls;
    atomic_int bad_value;        /* a value() returned NaN or +inf */
    cs_set bad_set;
    double bad_val;
    atomic_int stop;             /* the time limit was reached */
    csg_topk top;
    char *err; size_t errlen;
    double *audit;               /* tests: the exact search copies its table f here */
    unsigned *audit_m;           /* ... and the size m up to which f is exact */
} csg_run;

double csg_now(void);
int csg_timed_out(csg_run *r);
/* Whether coalition c may be valued: connected, pairs whole, size cap. */
int csg_admissible(const csg_run *r, cs_set c);
/* Whether c keeps every together-pair whole. */
int csg_pairs_whole(const csg_run *r, cs_set c);
/* Calls the value function and checks what it returns. */
double csg_value(csg_run *r, cs_set c);
/* The same without counting the call (the caller adds its own count to
 * n_calls once: one shared counter per call cost more than the call). */
double csg_value_nc(csg_run *r, cs_set c);
void csg_fmt_set(char *buf, size_t len, cs_set s);

int csg_topk_init(csg_topk *t, unsigned k);
void csg_topk_free(csg_topk *t);
/* Offers a structure (parts in any order, vals[i] = value of parts[i]);
 * keeps it when it belongs in the k best and is not already held. */
void csg_topk_offer(csg_topk *t, const cs_set *parts, const double *vals,
                    unsigned n_parts);

/* Whether the parts count p may be final. */
static inline int csg_parts_ok(const csg_run *r, unsigned p)
{
    return (!r->min_parts || p >= r->min_parts) &&
           (!r->max_parts || p <= r->max_parts);
}

/* The stages: each fills r->top and sets *ub, *optimal, *n_coal; returns
 * 0, or -1 having written r->err. */
int csg_exact(csg_run *r, double *ub, int *optimal, unsigned long long *n_coal);
int csg_anytime(csg_run *r, double *ub, int *optimal, unsigned long long *n_coal);

/* cs_csg_solve that also copies the exact search's table (2^n numbers: the
 * best partition's value for sets of at most *m units, a proven upper bound
 * or +inf for larger ones) into table, for tests of the bounds. */
int csg_solve_audit(const cs_csg_problem *p, const cs_csg_opts *o, cs_csg_result *r,
                    double *table, unsigned *m, char *err, size_t errlen);

/* Runs fn(arg, t) on threads t = 0..nt-1 and waits for them. */
void csg_parallel(unsigned nt, void (*fn)(void *arg, unsigned t), void *arg);

#endif
