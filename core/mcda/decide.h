/*
 * decide.h -- the decision engine's arithmetic: value functions, weights,
 * per-draw overall scores, rank probabilities, P(best) and pairwise
 * P(A beats B).
 *
 * The engine works on a performance table of partial values: for every
 * draw k, option o and criterion c, the value v(o, c, k) in [0, 1] that
 * criterion c's value function gives option o's headline metric in draw k.
 * Options are compared on the same draws (common random numbers), so an
 * option's overall score in draw k is the weighted sum of its partial
 * values in that draw, and every probability below comes from the joint
 * draws rather than from each option's marginal distribution.
 *
 * Ties are shared: when t options share a score in a draw and occupy
 * positions r..r+t-1, each is counted 1/t at each of those ranks, and
 * P(A beats B) counts a tie as one half. With continuous criteria ties
 * have probability 0 and this agrees with the usual SMAA convention.
 *
 * SMAA (smaa.h) and weight stability (stability.h) build on this module.
 */
#ifndef CS_DECIDE_H
#define CS_DECIDE_H

#include <stddef.h>
#include <stdint.h>
#include <consortia/plugin.h>

/* ---- value functions ------------------------------------------------- */

typedef enum cs_vf_kind {
    CS_VF_LINEAR = 0,   /* 0 at `worst`, 1 at `best`, clamped outside */
    CS_VF_PIECEWISE,    /* linear between points, constant outside them */
    CS_VF_STEP          /* v[i] from x[i] up to x[i+1]; v[0] below x[0] */
} cs_vf_kind;

/* A value function maps a criterion's headline metric (in its own unit)
 * to a partial value in [0, 1]. The arrays are the caller's (the model's
 * in a scenario); the struct owns nothing. */
typedef struct cs_value_fn {
    cs_vf_kind kind;
    double worst, best;     /* LINEAR; worst > best when lower is better */
    const double *x;        /* PIECEWISE, STEP: n abscissae, ascending */
    const double *v;        /* the values there, each in [0, 1] */
    size_t n;               /* >= 2 for PIECEWISE, >= 1 for STEP */
} cs_value_fn;

/* The partial value of x under f, in [0, 1]. A LINEAR function with
 * worst == best gives 0.5 everywhere (no discrimination). */
double cs_value_fn_eval(const cs_value_fn *f, double x);

/* Checks f is well formed and runs the way the metric's direction says:
 * finite numbers, x strictly ascending, values in [0, 1], values
 * non-decreasing in x for CS_HIGHER_IS_BETTER and non-increasing for
 * CS_LOWER_IS_BETTER, worst != best for LINEAR, and best above worst when
 * higher is better (below when lower is better). Returns 0, or -1 with a
 * lowercase reason and a fix in err (truncated to len). */
int cs_value_fn_check(const cs_value_fn *f, cs_direction dir, char *err,
                      size_t len);

/* ---- weights ---------------------------------------------------------- */

/* Normalises n raw weights (direct weights, or swing points relative to
 * the most important swing) into w, summing to 1. Refuses a negative or
 * non-finite weight, and weights that are all zero. w may alias raw.
 * Returns 0, or -1 with the reason in err. */
int cs_weights_normalise(const double *raw, size_t n, double *w, char *err,
                         size_t len);

/* The centroid of the weights admitted by an ordinal ranking (the mean
 * weight vector of SMAA's uniform sampling under it): level[c] is
 * criterion c's place, 1 = most important; criteria sharing a level are
 * tied (not ordered among themselves). With a strict ranking this is the
 * rank-order centroid w at position r = (1/n) sum_{k=r..n} 1/k; tied
 * criteria get the mean of the values at the positions they share.
 * Levels need not be consecutive. Returns 0, -1 when a level is below
 * 1 (every criterion must be ranked), or -2 when out of memory. */
int cs_weights_ordinal_centroid(const int *level, size_t n, double *w);

/* ---- the performance table -------------------------------------------- */

typedef struct cs_perf {
    size_t n_opt, n_crit, n_draws;
    double *v;              /* v[(k * n_opt + o) * n_crit + c], owned */
} cs_perf;

/* Allocates a table of zeros; the caller frees it with cs_perf_free().
 * Returns NULL when out of memory or when a dimension is 0. */
cs_perf *cs_perf_alloc(size_t n_opt, size_t n_crit, size_t n_draws);

/* Frees the table; NULL does nothing. */
void cs_perf_free(cs_perf *p);

/* Address of v(o, c, k). */
static inline double *cs_perf_at(const cs_perf *p, size_t o, size_t c,
                                 size_t k)
{
    return &p->v[(k * p->n_opt + o) * p->n_crit + c];
}

/* Mean partial value of every option on every criterion over the draws,
 * into mean[o * n_crit + c] (caller's array). */
void cs_perf_means(const cs_perf *p, double *mean);

/* Overall scores: out[o * n_draws + k] = scale * sum_c w[c] v(o, c, k).
 * w has n_crit entries (normally summing to 1); out is the caller's,
 * n_opt * n_draws long. */
void cs_decide_scores(const cs_perf *p, const double *w, double scale,
                      double *out);

/* Each criterion's contribution to each option's overall score:
 * out[o * n_crit + c] = scale * w[c] * mean[o * n_crit + c], mean the
 * mean partial values over the draws (cs_perf_means). Because the score
 * is linear in the partial values, option o's contributions sum to the
 * mean over the draws of its cs_decide_scores (up to rounding). */
void cs_contributions(const double *mean, const double *w, size_t n_opt,
                      size_t n_crit, double scale, double *out);

/* ---- rank statistics --------------------------------------------------- */

/* What the joint draws of the options' scores say about their ranking.
 * Every probability p comes with its Monte Carlo standard error
 * sqrt(p (1 - p) / n), n the number of draws (independent draws assumed). */
typedef struct cs_rank_stats {
    size_t n_opt;
    size_t n;               /* draws the statistics were computed from */
    double *rank_p;         /* [o * n_opt + r]: P(option o has rank r + 1) */
    double *rank_se;        /* its standard error, same layout */
    double *beats;          /* [a * n_opt + b]: P(score a > score b), ties
                               counted 1/2; the diagonal is 0.5 */
    double *beats_se;
    double *expected_rank;  /* [o]: mean rank, 1 = best */
    double *mean_score;     /* [o] */
    int *rank;              /* [o]: 1 + options with a higher mean score
                               (ties by scenario order) */
} cs_rank_stats;

/* Allocates statistics for n_opt options (all zero). Returns NULL when
 * out of memory; free with cs_rank_stats_free(). */
cs_rank_stats *cs_rank_stats_alloc(size_t n_opt);

/* Frees the statistics; NULL does nothing. */
void cs_rank_stats_free(cs_rank_stats *rs);

/* Fills rs from scores[o * n + k] (n_opt options, n draws; n >= 1).
 * P(best) is rank_p[o * n_opt + 0]. */
void cs_rank_stats_compute(cs_rank_stats *rs, const double *scores,
                           size_t n);

/* Adds draw k's ranks to counts[o * n_opt + r] (ties shared, so each draw
 * adds 1 to each option's row): t[o] are the n_opt scores of that draw.
 * Exposed for SMAA, which ranks one iteration at a time. */
void cs_rank_draw(const double *t, size_t n_opt, double *counts);

/* sqrt(p (1 - p) / n): the standard error of a proportion. */
double cs_prop_se(double p, size_t n);

/* ---- the results of an appraisal (cs_appraisal.decision) --------------- */

/* Defined in smaa.h and stability.h. */
typedef struct cs_smaa cs_smaa;
typedef struct cs_weight_space cs_weight_space;
typedef struct cs_stability cs_stability;
typedef struct cs_tornado cs_tornado;
typedef struct cs_changes cs_changes;

/* How SMAA drew its weights, for the report (smaa.h). */
typedef enum cs_wsample_method {
    CS_WS_EXACT = 0,        /* sorted uniforms (and a random order) */
    CS_WS_REJECTION,        /* exact sampler, bounds checked, rest discarded */
    CS_WS_HIT_AND_RUN       /* Markov chain, when rejection is too slow */
} cs_wsample_method;

typedef struct cs_wsample_info {
    cs_wsample_method method;
    double acceptance;      /* REJECTION: share of proposals accepted in
                               the pilot run; 1 for EXACT */
    size_t thin;            /* HIT_AND_RUN: steps between kept samples */
    size_t burn_in;         /* HIT_AND_RUN: steps discarded at the start */
} cs_wsample_info;

/* Everything the decision engine concluded, as the reports read it. The
 * appraisal owns it (a->decision; freed by cs_appraisal_free). Criteria
 * are the scored ones only -- those that did not fail -- numbered j =
 * 0..n_crit-1 in scenario order, crit[j] giving the index into a->crits.
 * Options are in scenario order. Arrays are owned by the struct. */
typedef struct cs_decision {
    int method;             /* the weights method, a cs_weight_method */
    size_t n_opt, n_crit;
    size_t *crit;           /* [j] -> index into a->crits */
    double *weights;        /* [j]: the normalised weights of the headline
                               scores: as given (direct, swing), the
                               centroid (ordinal), the mean admissible
                               weights (intervals), equal (missing) */
    cs_perf *perf;          /* partial values v(o, j, k) on every draw */
    double *mean_value;     /* [o * n_crit + j]: mean partial value */
    cs_rank_stats *ranks;   /* from the per-draw scores (a->scores) */
    int best;               /* the option ranked first (by mean score) */

    /* SMAA-2 over the admissible weights: the method's (ordinal,
     * intervals, missing), or the whole simplex for direct and swing,
     * showing how much the ranking rests on the weights given. */
    cs_smaa *smaa;
    cs_weight_space *space; /* what was sampled */
    int smaa_preferences;   /* 0: none (the whole simplex) */
    cs_wsample_info smaa_info;
    uint64_t smaa_seed;     /* the generator's seed, from the scenario's */

    cs_stability *stability;   /* [j]: weight stability of `best` */
    cs_tornado *tornado;    /* NULL when no parameter is uncertain */
    cs_changes *changes;    /* what would change the answer */
    double *contrib;        /* [o * n_crit + j]: criterion j's contribution
                               to option o's mean score, in points:
                               100 * weights[j] * mean_value[..] (they sum
                               to the option's mean score) */
} cs_decision;

/* Allocates an empty decision (NULL when out of memory); the appraisal
 * fills it. */
cs_decision *cs_decision_alloc(size_t n_opt, size_t n_crit);

/* Frees the decision and everything in it; NULL does nothing. */
void cs_decision_free(cs_decision *d);

#endif /* CS_DECIDE_H */
