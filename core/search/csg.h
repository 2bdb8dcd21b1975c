/* search/csg.h -- coalition-structure generation over a graph.
 *
 * Splits n units (n <= 64) into connected coalitions so that the sum of the
 * coalitions' values is highest (the additive coalition-structure-generation
 * problem). Exact with proven optimality for small n (CS_CSG_EXACT_MAX
 * units); beyond that, or when asked, an anytime search that reports a
 * proven upper bound on the optimum. docs/search-solver.md gives the method
 * and its sources. Pure C11 with POSIX threads; knows no scenario. */
#ifndef CS_SEARCH_CSG_H
#define CS_SEARCH_CSG_H

#include <stddef.h>
#include <stdint.h>

/* The exact solver keeps two tables of 2^n doubles (v and the dynamic
 * programme), 512 MB at n = 25; beyond this it runs the anytime search. */
#define CS_CSG_EXACT_MAX 25u

typedef uint64_t cs_set;                 /* bit i = unit i; n <= 64 */

typedef struct cs_csg_problem {
    unsigned n;                          /* units, 1..64 */
    const cs_set *nbr;                   /* nbr[i]: unit i's neighbours (symmetric, no self) */
    /* value of one coalition (higher is better); -INFINITY when not allowed
       (population band, must-be-apart, ...). Called only for connected
       coalitions that keep every together-pair whole and have at most
       max_size units. May be called from several threads at once; must
       return the same value for the same coalition every time. NaN and
       +INFINITY are refused as errors. */
    double (*value)(void *ctx, cs_set coalition);
    void *ctx;
    unsigned min_parts, max_parts;       /* 0 = no limit */
    const cs_set *together; unsigned n_together; /* each: 2 units that must share a coalition */
    /* Added: the most units one coalition may hold (0 = n). The anytime
       search enumerates every allowed coalition up to this size, so a
       population ceiling that caps coalitions at a few units should be
       passed here (e.g. the ceiling over the smallest unit's population). */
    unsigned max_size;
} cs_csg_problem;

typedef struct cs_csg_opts {
    unsigned top_k;                      /* how many best structures to return (>=1) */
    double time_limit_s;                 /* anytime: stop after this, 0 = none */
    unsigned threads;                    /* results identical at any count (0 = 1) */
    int force_anytime;                   /* for tests */
    /* Added: the anytime search's budget in local-search rounds (0 = the
       default, CS_CSG_DEFAULT_ROUNDS). The result depends on this count,
       never on the clock; time_limit_s is a safety stop, reported in
       cs_csg_result.stopped_by_time. */
    unsigned long rounds;
    /* Added: the anytime search's exact cover search budget in candidates
       tried (0 = the default, CS_CSG_DEFAULT_COVER); 1 leaves only the
       local search and the Lagrangian bound (for tests). */
    unsigned long long cover_nodes;
    /* Added: the exact search's dynamic programme runs on the subsets of
       at most m units, m the largest size whose cost stays within this
       many inner steps (0 = the default, CS_CSG_DEFAULT_DP_BUDGET). A speed
       setting: the answer is exact at any value; tests set it small to
       reach the branch and bound on small problems. */
    double dp_budget;
} cs_csg_opts;

/* ASSUMPTION: 200 rounds of perturbation and local search; each round is
   cheap next to the coalition enumeration, and the Lagrangian bound, not
   the rounds, decides the reported gap. */
#define CS_CSG_DEFAULT_ROUNDS 200ul
/* ASSUMPTION: 2e7 candidates (about a second); past it the Lagrangian bound
   stands instead of a proof. */
#define CS_CSG_DEFAULT_COVER 20000000ull
/* ASSUMPTION: 4e8 inner steps of the programme (about a second on one core
   of this class of machine); beyond it the branch and bound does the rest. */
#define CS_CSG_DEFAULT_DP_BUDGET 4e8

typedef struct cs_csg_structure {
    unsigned n_parts;
    cs_set *parts;                       /* ascending by set value */
    double value;                        /* sum of the parts' values, in that order */
} cs_csg_structure;

typedef struct cs_csg_result {
    cs_csg_structure *top; unsigned n_top; /* best first; ties broken deterministically */
    double upper_bound;                  /* proven bound on the optimum value */
    int optimal;                         /* 1 when top[0] is proven optimal */
    unsigned long long n_value_calls, n_coalitions;
    double seconds;
    /* Added. */
    int stopped_by_time;                 /* 1 when time_limit_s cut the search short
                                            (the result then depends on the clock) */
    double gap;                          /* (upper_bound - top[0].value) / |upper_bound|,
                                            0 when optimal; INFINITY when not finite */
    const char *method;                  /* "exact" or "anytime" (static string) */
} cs_csg_result;

/* 0 ok; -1 with err (e.g. no feasible structure). Structures are compared
 * by value (higher first), then fewer parts, then their part lists
 * lexicographically (ascending set values); that order is total, so the top
 * k are the same at any thread count. */
int cs_csg_solve(const cs_csg_problem *p, const cs_csg_opts *o, cs_csg_result *r,
                 char *err, size_t errlen);
void cs_csg_result_free(cs_csg_result *r);

/* Whether s is connected in the graph nbr (the empty set is not). */
int cs_csg_connected(const cs_set *nbr, cs_set s);

#endif
