/* search/csg_int.h -- what the files of core/search/ share (not public). */
#ifndef CS_SEARCH_CSG_INT_H
#define CS_SEARCH_CSG_INT_H

#include "search/csg.h"

#include <pthread.h>
#include <stdatomic.h>

#define CSG_BIT(i) ((cs_set)1 << (i))
#define CSG_MAXN 64

static inline unsigned csg_popc(cs_set s) { return (unsigned)__builtin_popcountll(s); }
static inline unsigned csg_low(cs_set s) { return (unsigned)__builtin_ctzll(s); }

/* The k best structures seen so far, in the order of csg.h. Shared between
 * threads: offers take the mutex; `thresh` (the k-th value, or -INFINITY
 * while fewer than k are held) may be read without it. */
typedef struct csg_topk {
    unsigned k, n;
    cs_csg_structure *s;
    pthread_mutex_t mu;
    _Atomic double thresh;
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
} csg_run;

double csg_now(void);
int csg_timed_out(csg_run *r);
/* Whether coalition c may be valued: connected, pairs whole, size cap. */
int csg_admissible(const csg_run *r, cs_set c);
/* Calls the value function and checks what it returns. */
double csg_value(csg_run *r, cs_set c);
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

/* Runs fn(arg, t) on threads t = 0..nt-1 and waits for them. */
void csg_parallel(unsigned nt, void (*fn)(void *arg, unsigned t), void *arg);

#endif
