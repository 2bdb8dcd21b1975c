/*
 * select.h -- order statistics by selection, not sorting: the k-th
 * smallest of n numbers and the quantiles of gsl_stats_quantile_from_
 * sorted_data, in O(n) expected time without sorting the whole array.
 */
#ifndef CS_SELECT_H
#define CS_SELECT_H

#include <stddef.h>

/* Rearranges x[0..n) so that x[k] holds the value a sort would put there,
 * every value before it no greater and every value after it no smaller.
 * k < n. NaNs do not crash it but leave the order unspecified. */
void cs_select(double *x, size_t n, size_t k);

/* The f-quantile (0 <= f <= 1) of the n values, interpolated exactly as
 * gsl_stats_quantile_from_sorted_data does on the sorted values, when
 * x[lo..hi) holds the values of sorted positions lo..hi-1 (x[hi], when
 * hi < n, already holding sorted position hi) and the quantile's lower
 * position floor(f (n - 1)) lies in [lo, hi). Rearranges x[lo..hi). */
double cs_quantile_in(double *x, size_t n, size_t lo, size_t hi, double f);

/* The 5%, 50% and 95% quantiles of x[0..n) (n > 0), as gsl_stats_quantile_
 * from_sorted_data gives them on the sorted values; rearranges x. */
void cs_select_summary(double *x, size_t n, double *p05, double *p50,
                       double *p95);

#endif /* CS_SELECT_H */
