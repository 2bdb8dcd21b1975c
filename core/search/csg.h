/*
 * csg.h -- TEMPORARY copy of the coalition-structure solver's interface,
 * written against the agreed API until the solver's own files are merged
 * (they replace this header and csg_stub.c).
 */
#ifndef CS_CSG_H
#define CS_CSG_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t cs_set;                 /* bit i = unit i; n <= 64 */
typedef struct cs_csg_problem { unsigned n; const cs_set *nbr;
    double (*value)(void *ctx, cs_set coalition); /* -INFINITY = not allowed; connected coalitions only; thread-safe */
    void *ctx; unsigned min_parts, max_parts; const cs_set *together; unsigned n_together; } cs_csg_problem;
typedef struct cs_csg_opts { unsigned top_k; double time_limit_s; unsigned threads; int force_anytime; } cs_csg_opts;
typedef struct cs_csg_structure { unsigned n_parts; cs_set *parts; double value; } cs_csg_structure;
typedef struct cs_csg_result { cs_csg_structure *top; unsigned n_top; double upper_bound; int optimal;
    unsigned long long n_value_calls, n_coalitions; double seconds; } cs_csg_result;
int cs_csg_solve(const cs_csg_problem *p, const cs_csg_opts *o, cs_csg_result *r, char *err, size_t errlen);
void cs_csg_result_free(cs_csg_result *r);

#endif
