/*
 * voi.h -- the value of information for a choice between options, on
 * plain arrays of per-draw scores (docs/decision.md, "Value of
 * information").
 *
 * EVPI (expected value of perfect information) from the joint draws:
 *     EVPI = mean_d max_o s[o][d] - max_o mean_d s[o][d].
 * EVPPI (partial: of one parameter, or a group of them) by the
 * regression estimator of Strong, Oakley and Brennan (Med Decis Making
 * 2014;34:311-326): each option's score is regressed on the parameter(s)
 * by least squares (GSL gsl_multifit_linear), and the fitted values g
 * take the place of the scores:
 *     EVPPI = mean_d max_o g[o][d] - max_o mean_d g[o][d].
 * The basis: for one parameter, a cubic regression spline (truncated
 * power basis 1, z, z^2, z^3, (z - k_j)^3_+ with five knots k_j at the
 * 1/6 .. 5/6 quantiles of the standardised parameter z); for a group, the
 * full polynomial of total degree 3 in the standardised parameters
 * (interactions included), degree 2 above six parameters.
 *
 * Both come in score points and as the probability that the decision
 * changes (that the option best on a draw -- or on the fitted values --
 * is not the option best on average). The Monte Carlo standard errors
 * are by batches: for EVPI, the draws' contributions averaged in B
 * contiguous batches, sd(batch means) / sqrt(B); for EVPPI, the fit is
 * redone on each of B contiguous batches (B = n / (4 x coefficients), at
 * most 20) and the error is sd(batch estimates) / sqrt(B), so it covers
 * the fit's own error as well as the averaging over draws. NaN when there
 * are too few draws for two batches.
 */
#ifndef CS_VOI_H
#define CS_VOI_H

#include <stddef.h>

/* Batches for the standard errors: 20 (ASSUMPTION: the usual choice of
 * batch count in batch-means estimation, enough for a stable sd while
 * each batch still averages n/20 draws). */
#define CS_VOI_BATCHES 20

/* The most parameters one EVPPI takes (a degree-2 basis in 16 has 153
 * terms, which needs 612 draws). */
#define CS_VOI_MAX_GROUP 16

typedef struct cs_voi_est {
    double value;         /* score points */
    double value_se;      /* its Monte Carlo standard error */
    double p_change;      /* probability the decision changes */
    double p_change_se;
} cs_voi_est;

/* The option best on average (lowest index among equals). */
size_t cs_voi_baseline(const double *scores, size_t n_opt, size_t n);

/* EVPI of scores[o * n + d] (n_opt options, n draws). Returns 0, or -1
 * when n < 2 or n_opt < 1. */
int cs_evpi(const double *scores, size_t n_opt, size_t n, cs_voi_est *out);

/* EVPPI of the k parameters whose draws are x[j * n + d] (j < k).
 * Returns 0; -1 when there are too few draws for the basis (fewer than
 * four per coefficient), k is 0 or memory runs out. A parameter that does
 * not vary adds nothing to the basis; if none varies, EVPPI is 0. */
int cs_evppi(const double *scores, size_t n_opt, size_t n, const double *x,
             size_t k, cs_voi_est *out);

#endif /* CS_VOI_H */
