/*
 * moments.h -- the mean and standard deviation of several arrays at once,
 * bit for bit those of gsl_stats_mean and gsl_stats_sd_m.
 */
#ifndef CS_MOMENTS_H
#define CS_MOMENTS_H

#include <stddef.h>

/* For j < k: mean[j] = gsl_stats_mean(x[j], 1, n) and, when sd is not
 * NULL, sd[j] = gsl_stats_sd_m(x[j], 1, n, mean[j]) for n > 1 and 0 for
 * n == 1 -- the same values, bit for bit. n > 0. */
void cs_mean_sd(const double *const *x, size_t k, size_t n, double *mean,
                double *sd);

#endif /* CS_MOMENTS_H */
