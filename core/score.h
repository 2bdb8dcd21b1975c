/*
 * score.h -- the overall score of each option (the spine's plain form: a
 * weighted sum of linear value scores, computed per draw on the same
 * draws, so its spread, ranks and P(best) come from the joint draws).
 */
#ifndef CS_SCORE_H
#define CS_SCORE_H

#include "appraise.h"

/* Fills a->scores, a->option_scores and each run's weight and bounds.
 * Criteria that failed (with --keep-going) are left out and the weights
 * renormalised. Returns 0, or -1 with an error in diag (no weight left). */
int cs_score_options(cs_appraisal *a, cs_diag *diag);

/* The linear value of x between worst (0) and best (1), clamped. */
double cs_value_linear(double x, double worst, double best);

/* The value (0..1) of a headline value x for a scored criterion. */
double cs_value_of(const cs_crit_run *run, double x);

#endif /* CS_SCORE_H */
