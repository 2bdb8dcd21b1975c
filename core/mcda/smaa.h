/*
 * smaa.h -- stochastic multicriteria acceptability analysis (SMAA-2,
 * Lahdelma & Salminen 2001) on a performance table of partial values.
 *
 * When the decision makers cannot or will not fix the weights, SMAA samples
 * weight vectors uniformly from the set of weights their preferences admit
 * -- the whole simplex (no preference information), the simplex under an
 * ordinal ranking of the criteria, or under interval bounds -- pairs
 * iteration i with draw (i mod n_draws) of the criteria's uncertain values,
 * and reports for every option:
 *   - rank acceptability b(o, r): the share of iterations in which option o
 *     takes rank r (rank 1 acceptability is its chance of being best);
 *   - central weight vector: the mean of the weights that make o best;
 *   - confidence factor: the share of the criteria's draws in which o is
 *     best when the weights are fixed at its central weight vector;
 * each with its Monte Carlo standard error. The weight samples may also
 * come from outside (a file, another program), so published examples can
 * be reproduced sample for sample.
 *
 * Everything is single-threaded and driven by one gsl_rng: the same seed
 * gives the same numbers whatever the thread count of the appraisal.
 */
#ifndef CS_SMAA_H
#define CS_SMAA_H

#include <stddef.h>
#include <stdio.h>
#include <gsl/gsl_rng.h>
#include "decide.h"

/* ---- the admissible weights ------------------------------------------- */

/* The weights a preference statement admits: w >= 0, sum w = 1, and
 *   lo[c] <= w[c] <= hi[c]                    (interval bounds), and
 *   w[a] >= w[b] when 0 < level[a] < level[b] (an ordinal ranking; 1 is
 *                                              the most important, equal
 *                                              levels are not ordered,
 *                                              0 = not ranked).
 * With no bounds and no levels it is the whole simplex. */
struct cs_weight_space {
    size_t n;               /* criteria */
    double *lo, *hi;        /* owned; default 0 and 1 */
    int *level;             /* owned; default 0 */
};

/* Allocates the whole simplex over n >= 1 criteria; free it with
 * cs_weight_space_free(). NULL when out of memory or n is 0. */
cs_weight_space *cs_weight_space_alloc(size_t n);

/* Frees it; NULL does nothing. */
void cs_weight_space_free(cs_weight_space *ws);

/* Checks the space is well formed and not empty: bounds finite, within
 * [0, 1], lo <= hi, sum lo <= 1 <= sum hi, and (with a ranking) that the
 * bounds leave room for it: the smallest weight a criterion can take,
 * after raising each bound to satisfy the order, keeps sum lo <= 1, and
 * likewise sum hi >= 1. Returns 0, or -1 with the reason in err. The
 * ranking check is necessary, not sufficient; sampling reports a space
 * found empty in practice. */
int cs_weight_space_check(const cs_weight_space *ws, char *err, size_t len);

/* ---- sampling weights -------------------------------------------------- */

/* The method and its figures are in cs_wsample_info (decide.h). */

/* Proposals tried before deciding between rejection and hit-and-run, and
 * the acceptance below which hit-and-run is used. */
#define CS_SMAA_PILOT 10000
#define CS_SMAA_MIN_ACCEPT 0.01

/* Fills w[i * n + c] (n_iter rows of ws->n weights each; the caller's
 * array) with weights distributed uniformly over the space:
 *  - no bounds: exactly, by the spacings of n - 1 sorted uniforms, put in a
 *    uniformly random order consistent with the ranking;
 *  - bounds: by rejection from that sampler when at least
 *    CS_SMAA_MIN_ACCEPT of CS_SMAA_PILOT proposals fall inside; otherwise
 *    by hit-and-run from an interior point, thinned (docs/decision.md).
 * Returns 0, or -1 with the reason in err (an empty space, no memory). */
int cs_smaa_sample_weights(const cs_weight_space *ws, gsl_rng *r,
                           size_t n_iter, double *w, cs_wsample_info *info,
                           char *err, size_t len);

/* ---- SMAA-2 ------------------------------------------------------------ */

struct cs_smaa {
    size_t n_opt, n_crit;
    size_t n_iter;          /* weight samples (iterations) */
    size_t n_draws;         /* the criteria's draws (confidence factors) */
    double *ra, *ra_se;     /* [o * n_opt + r]: rank acceptability of rank
                               r + 1; ties shared */
    double *cw, *cw_se;     /* [o * n_crit + c]: central weights; NaN when o
                               is never best */
    double *cf, *cf_se;     /* [o]: confidence factor; NaN when cw is */
    double *beats;          /* [a * n_opt + b]: P(a scores above b) over the
                               iterations, ties 1/2 */
    double entropy;         /* Shannon entropy (bits) of the distribution
                               of complete rankings over the iterations */
};

/* Runs SMAA-2 on the table p with n_iter weight vectors w[i * n_crit + c]
 * (sampled or supplied; each row should sum to 1): iteration i uses draw
 * i mod p->n_draws. Confidence factors are computed over the table's
 * n_draws draws. Returns results the caller frees with cs_smaa_free(), or
 * NULL with the reason in err. */
cs_smaa *cs_smaa_run(const cs_perf *p, const double *w, size_t n_iter,
                     char *err, size_t len);

/* Frees the results; NULL does nothing. */
void cs_smaa_free(cs_smaa *s);

/* ---- external samples (rsmaa's CSV layout) ----------------------------- */

/* Samples read from files, with the names found in them. */
typedef struct cs_smaa_input {
    cs_perf *perf;          /* partial values, owned */
    char **alt;             /* n_alt alternative names, owned */
    size_t n_alt;           /* == perf->n_opt */
    char **crit;            /* n_crit criterion names, owned */
    size_t n_crit;          /* == perf->n_crit */
    double *w;              /* n_w rows of n_crit weights, or NULL; owned */
    size_t n_w;
} cs_smaa_input;

/* Reads measurements (header `draw,alternative,criterion,value`, one row
 * per draw, alternative and criterion; draws numbered 1..N; names in order
 * of first appearance) and, when weights_path is not NULL, weights
 * (header `draw,<criterion>,...` naming each criterion of the
 * measurements once, in any order; rows 1..M). Errors are reported as
 * `file:line: error: ...` in err. Returns 0 and fills *in (free it with
 * cs_smaa_input_clear), or -1. */
int cs_smaa_read_csv(const char *meas_path, const char *weights_path,
                     cs_smaa_input *in, char *err, size_t len);

/* The same from open streams (not closed here), named in messages by
 * meas_name and weights_name; weights NULL (and weights_name NULL): none.
 * With a stream NULL but its name given, the file of that name is read.
 * The smaa CSV fuzz target reads memory this way (fmemopen). */
int cs_smaa_read_streams(FILE *meas, const char *meas_name, FILE *weights,
                         const char *weights_name, cs_smaa_input *in,
                         char *err, size_t len);

/* Frees what cs_smaa_read_csv() filled; the struct may be on the stack. */
void cs_smaa_input_clear(cs_smaa_input *in);

/* ---- the command ------------------------------------------------------ */

/* `consortia smaa --measurements FILE [--weights FILE] [--iterations N]
 * [--seed N] [--format text|json] [-o FILE]`: argv[0] is "smaa". Without
 * --weights, weights are drawn uniformly from the simplex. Prints its own
 * errors; returns a sysexits code (64 usage, 65 bad samples, 66 no input,
 * 73 cannot create the output or -o names an input, 74 writing it
 * failed). */
int cs_cmd_smaa(int argc, char **argv);

#endif /* CS_SMAA_H */
